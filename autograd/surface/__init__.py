"""The methods and functions users call, by section, each a thin layer over the rule table.

    shared        operators, elementwise methods and backward(), for Value and Tensor
    elementwise   Tensor's clip, maximum, minimum
    reductions    Tensor's sum, mean, var, std, max, min, argmax, logsumexp, softmax
    shape         Tensor's reshape, transpose, squeeze, flip, roll, tile, split, x[i]
    indexing      Tensor's gather, scatter, index_select, take, masks, nonzero, diagonals
    linalg        Tensor's @ and matmul

A section's mixin class holds its methods; `Tensor` (autograd/tensor.py) is made of them,
`Value` of the shared one. The functions (`autograd.where`, `autograd.cat`, and one per
elementwise method) are in autograd/functions.py. Adding an op is a rule row
(autograd/ops), a spec row (autograd/specs) and one line here.
"""

from .elementwise import Elementwise
from .indexing import Indexing
from .linalg import Linalg
from .reductions import Reductions
from .shape import Shape
from .shared import Surface

__all__ = ["Elementwise", "Indexing", "Linalg", "Reductions", "Shape", "Surface"]
