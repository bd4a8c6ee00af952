"""Spec rows: reductions (axes None, int, tuple, negative; keepdims) and the softmax family."""

from __future__ import annotations

from typing import Any

import numpy as np

from .core import GRID, KINK_MARGIN, OpSpec, register, same
from .draw import (
    no_ties,
    nonempty_reduce_static,
    normal_axes,
    one_axis,
    reduce_static,
    std_static,
    var_static,
)


def _ref_log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _ref_logsumexp(x: np.ndarray, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


def _no_ties(x: Any, axis: Any = None, keepdims: bool = False) -> bool:
    return no_ties(x, normal_axes(axis, np.ndim(x)))


def _spread(x: Any, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> bool:
    """Every reduced group's values differ (std's kink is at std = 0)."""
    return bool(np.all(np.std(x, axis=axis) >= KINK_MARGIN))


register(
    OpSpec("sum", lambda x, **kw: x.sum(**kw), lambda x, **kw: np.sum(x, **kw),
           static=reduce_static, api=("sum",)),
    OpSpec("mean", lambda x, **kw: x.mean(**kw), lambda x, **kw: np.mean(x, **kw),
           shapes=same(min_side=1), static=nonempty_reduce_static, api=("mean",)),
    OpSpec("var", lambda x, **kw: x.var(**kw), lambda x, **kw: np.var(x, **kw),
           shapes=same(min_side=1), static=var_static, api=("var",)),
    OpSpec("std", lambda x, **kw: x.std(**kw), lambda x, **kw: np.std(x, **kw), domain=GRID,
           kinks="sqrt'(0): every reduced group holds two or more distinct values",
           shapes=same(1, min_side=2, max_side=3), static=std_static, unique=True,
           safe=_spread, api=("std",)),
    OpSpec("max", lambda x, **kw: x.max(**kw), lambda x, **kw: np.max(x, **kw), domain=GRID,
           kinks="ties for the largest value", shapes=same(min_side=1, max_side=3),
           static=nonempty_reduce_static, unique=True, safe=_no_ties, api=("max",)),
    OpSpec("min", lambda x, **kw: x.min(**kw), lambda x, **kw: np.min(x, **kw), domain=GRID,
           kinks="ties for the smallest value", shapes=same(min_side=1, max_side=3),
           static=nonempty_reduce_static, unique=True, safe=_no_ties, api=("min",)),
    OpSpec("logsumexp", lambda x, **kw: x.logsumexp(**kw), _ref_logsumexp,
           shapes=same(min_side=1), static=nonempty_reduce_static, api=("logsumexp",)),
    OpSpec("softmax", lambda x, **kw: x.softmax(**kw),
           lambda x, axis=-1: np.exp(_ref_log_softmax(x, axis)), shapes=same(1, min_side=1),
           static=one_axis, api=("softmax",)),
    OpSpec("log_softmax", lambda x, **kw: x.log_softmax(**kw), _ref_log_softmax,
           shapes=same(1, min_side=1), static=one_axis, api=("log_softmax",)),
)
