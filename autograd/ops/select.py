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
    return (x if cond else y) if type(cond) is bool else np.where(cond, x, y)


where = Primitive("where", _where, (
    lambda g, out, x, y, cond: where(g, 0.0, cond),
    lambda g, out, x, y, cond: where(0.0, g, cond),
))
"""d/dx where(c, x, y) = c, d/dy = not c (inputs first here; `Tensor.where` takes c first)"""
