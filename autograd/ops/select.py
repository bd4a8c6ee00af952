"""Selecting: `where`, and the constants rules select a gradient with.

A rule that routes a gradient (relu, abs, clip, maximum, max, ...) selects it with `where`,
never multiplies it by a 0/1 mask: an infinite or nan gradient times 0 is nan, where the
true answer (and PyTorch's) is 0. Masks and signs are read from the data as constants.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..node import Node
from ..primitive import Primitive


def data_of(x: Any) -> Any:
    """The plain value of a node (or x itself): for masks and signs, which are constants."""
    return x.data if isinstance(x, Node) else x


def sign(x: Any) -> Any:
    """The sign of x's value (0 at 0, and 0 at nan as PyTorch's sgn), as a constant."""
    x = data_of(x)
    if type(x) is float:
        return float((x > 0) - (x < 0))
    return np.where(np.isnan(x), 0, np.sign(x))


def isfinite(x: Any) -> Any:
    """Whether x (a float, or each entry of an array) is neither infinite nor nan."""
    return math.isfinite(x) if type(x) is float else np.isfinite(x)


def negate(mask: Any) -> Any:
    """not mask, for a Python bool (a Value's comparison) or a boolean array."""
    return not mask if type(mask) is bool else ~mask


def zero_of(g: Any) -> Any:
    """A zero gradient shaped as g: selected, not g * 0, which is nan for an infinite g."""
    kept = data_of(g)
    return where(g, 0.0, False if type(kept) is float else np.zeros(np.shape(kept), bool))


def _where(x: Any, y: Any, cond: Any) -> Any:
    if type(cond) is bool:
        return x if cond else y
    if type(y) is float and _is_plus_zero(y) and _same_float_array(x, cond):
        return _kept(x, cond)  # where(g, 0.0, cond): how every routing rule selects
    if type(x) is float and _is_plus_zero(x) and _same_float_array(y, cond):
        return _kept(y, ~cond)
    return np.where(cond, x, y)


# np.where branches per element: on a mask with no pattern (relu's, on activations) it took
# 13 times as long as a product (240 us against 18 us on 256 x 256 float32). _kept gives the
# same bits without a branch: each value's bits ANDed with all ones where kept, all zeros
# (+0.0) elsewhere, so an inf or nan that is kept stays, and one that is not is gone.
_BITS = {np.dtype(np.float64): np.uint64, np.dtype(np.float32): np.uint32,
         np.dtype(np.float16): np.uint16}


def _is_plus_zero(y: float) -> bool:
    return y == 0.0 and math.copysign(1.0, y) > 0


def _same_float_array(x: Any, cond: Any) -> bool:
    # (not 0-d: negating a numpy unsigned scalar warns of overflow, an array's does not)
    return (type(x) is np.ndarray and type(cond) is np.ndarray and x.dtype in _BITS
            and cond.dtype == bool and x.shape == cond.shape and x.ndim > 0)


def _kept(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """np.where(keep, values, 0.0), bit for bit, for a float array and a bool mask."""
    if values.size < 4096:  # below about 4,096 values np.where's branches cost less than
        return np.where(keep, values, 0.0)  # the three passes below (1.7 against 2.9 us at 512)
    bits = _BITS[values.dtype]
    return (values.view(bits) & -keep.view(np.uint8).astype(bits)).view(values.dtype)


where = Primitive("where", _where, (
    lambda g, out, x, y, cond: where(g, 0.0, cond),
    lambda g, out, x, y, cond: where(0.0, g, cond),
))
"""d/dx where(c, x, y) = c, d/dy = not c (inputs first here; `Tensor.where` takes c first)"""
