"""The methods and functions users call, by section, each a thin layer over the rule table.

    shared        operators, elementwise methods and backward(), for Value and Tensor
    elementwise   Tensor's clip, maximum, minimum
    reductions    Tensor's sum, mean, prod, var, std, max, min, argmax, any, all, logsumexp,
                  softmax; with scans (cumsum, ...), sorting (sort, topk, median, mode)
                  and norms mixed in
    shape         Tensor's reshape, transpose, squeeze, indexing
    linalg        Tensor's @, matmul, dot, inner, outer, vdot, bmm, matrix_power; einsum's
                  subscripts (einsum.py)

A section's mixin class holds its methods; `Tensor` (autograd/tensor.py) is made of them,
`Value` of the shared one. The functions (`autograd.where`, `autograd.cat`, and one per
elementwise method) are in autograd/functions.py. Adding an op is a rule row
(autograd/ops), a spec row (autograd/specs) and one line here.
"""

from .elementwise import Elementwise
from .linalg import Linalg
from .reductions import Reductions
from .shape import Shape
from .shared import Surface

__all__ = ["Elementwise", "Linalg", "Reductions", "Shape", "Surface"]
