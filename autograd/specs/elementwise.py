"""Spec rows: elementwise functions, and the ops that select (maximum, minimum, clip, where)."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd

from .core import BOTH, GRID, KINK_MARGIN, OFF_GRID, OFF_ZERO, POSITIVE, OpSpec, register
from .draw import apart, broadcast, clip_static, where_static


def _clear_of_bounds(x: Any, lo: Any, hi: Any, name: str) -> bool:
    bounds = [b for b in (lo, hi) if b is not None]
    return all(bool(np.all(np.abs(np.asarray(x) - b) >= KINK_MARGIN)) for b in bounds)


register(
    OpSpec("exp", lambda x: x.exp(), np.exp, BOTH, api=("exp",)),
    OpSpec("log", lambda x: x.log(), np.log, BOTH, domain=POSITIVE, kinks="undefined at x <= 0",
           api=("log",)),
    OpSpec("sqrt", lambda x: x.sqrt(), np.sqrt, BOTH, domain=POSITIVE,
           kinks="derivative undefined at 0", api=("sqrt",)),
    OpSpec("abs", lambda x: abs(x), np.abs, BOTH, domain=OFF_ZERO, kinks="kink at 0",
           api=("__abs__",)),
    OpSpec("abs_method", lambda x: x.abs(), np.abs, BOTH, domain=OFF_ZERO, kinks="kink at 0",
           api=("abs",)),
    OpSpec("sin", lambda x: x.sin(), np.sin, BOTH, api=("sin",)),
    OpSpec("cos", lambda x: x.cos(), np.cos, BOTH, api=("cos",)),
    OpSpec("tanh", lambda x: x.tanh(), np.tanh, BOTH, api=("tanh",)),
    OpSpec("sigmoid", lambda x: x.sigmoid(), lambda x: 1 / (1 + np.exp(-x)), BOTH,
           api=("sigmoid",)),
    OpSpec("relu", lambda x: x.relu(), lambda x: np.maximum(x, 0.0), BOTH, domain=OFF_ZERO,
           kinks="kink at 0", api=("relu",)),
    OpSpec("maximum", lambda x, y: x.maximum(y), np.maximum, arity=2, domain=(GRID, OFF_GRID),
           kinks="ties x == y", shapes=broadcast(), safe=apart, api=("maximum",)),
    OpSpec("minimum", lambda x, y: x.minimum(y), np.minimum, arity=2, domain=(OFF_GRID, GRID),
           kinks="ties x == y", shapes=broadcast(), safe=apart, api=("minimum",)),
    OpSpec("maximum_function", lambda x, y: autograd.maximum(x, y), np.maximum, arity=2,
           domain=(GRID, OFF_GRID), kinks="ties x == y", shapes=broadcast(), safe=apart,
           api=("autograd.maximum",)),
    OpSpec("minimum_function", lambda x, y: autograd.minimum(x, y), np.minimum, arity=2,
           domain=(GRID, OFF_GRID), kinks="ties x == y", shapes=broadcast(), safe=apart,
           api=("autograd.minimum",)),
    OpSpec("clip", lambda x, lo, hi, name: getattr(x, name)(lo, hi),
           lambda x, lo, hi, name: np.clip(x, lo, hi), domain=OFF_GRID,
           kinks="at the bounds (on the GRID, so OFF_GRID keeps clear)", static=clip_static,
           safe=_clear_of_bounds, api=("clip", "clamp")),
    OpSpec("where", lambda x, y, cond: autograd.where(cond, x, y),
           lambda x, y, cond: np.where(cond, x, y), arity=2, shapes=broadcast(),
           static=where_static, api=("autograd.where",)),
)
