"""Casting: astype, the one op that changes a dtype (between float types, in a graph).

A cast to an integer or bool dtype has no derivative: Tensor.astype makes it a constant,
never a node of this op.
"""

from __future__ import annotations

from ..primitive import Primitive

astype = Primitive("astype", lambda x, dtype: x.astype(dtype, order="C"), (
    lambda g, out, x, dtype: astype(g, x.dtype),
))
"""d/dx astype(x) = 1: the gradient goes back in x's dtype (and a copy is C-contiguous)"""
