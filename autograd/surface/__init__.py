"""The methods and functions users call, by section, each a thin layer over the rule table.

    shared        operators and elementwise methods of Value and Tensor alike, each also a
                  function (`x.exp()`, `autograd.exp(x)`)
    elementwise   Tensor's clip, maximum, minimum; where
    reductions    Tensor's sum, mean, var, std, max, min, argmax, logsumexp, softmax
    shape         Tensor's reshape, transpose, squeeze, indexing; concatenate, stack
    linalg        Tensor's @; linear

A section's mixin class holds its Tensor methods; `Tensor` (autograd/tensor.py) is made of
them. Adding an op is a rule row (autograd/ops), a spec row (autograd/specs) and one line
here.
"""

from .elementwise import Elementwise, maximum, minimum, where
from .linalg import Linalg, linear
from .reductions import Reductions
from .shape import Shape, cat, concatenate, stack
from .shared import FUNCTIONS, Surface

__all__ = ["FUNCTIONS", "Elementwise", "Linalg", "Reductions", "Shape", "Surface", "cat",
           "concatenate", "linear", "maximum", "minimum", "stack", "where"]
