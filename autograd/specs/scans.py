"""Spec rows: cumsum cumprod logcumsumexp (axis=, dim=, or neither: the flattened Tensor)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import autograd

from .core import Draw, OpSpec, Shapes, register


def scan_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """One axis as axis= or dim= (negative included; 0 or -1 for a 0-d Tensor), or none."""
    ndim = max(len(shapes[0]), 1)
    spelling = draw(st.sampled_from(["none", "axis", "dim"]))
    return {} if spelling == "none" else {spelling: draw(st.integers(-ndim, ndim - 1))}


def _ref(scan: Any) -> Any:
    def ref(x: np.ndarray, axis: int | None = None, dim: int | None = None) -> np.ndarray:
        along = axis if dim is None else dim
        if along is None:
            return scan(x.reshape(-1), axis=0)
        if x.ndim == 0:
            return scan(x.reshape(1), axis=0).reshape(())
        return scan(x, axis=along)
    return ref


def _log_cumsum_exp(x: np.ndarray, axis: int) -> np.ndarray:
    return np.log(np.cumsum(np.exp(x), axis=axis))


register(
    OpSpec("cumsum", lambda x, **kw: x.cumsum(**kw), _ref(np.cumsum), static=scan_static,
           api=("cumsum",)),
    OpSpec("cumsum_function", lambda x, **kw: autograd.cumsum(x, **kw), _ref(np.cumsum),
           static=scan_static, api=("autograd.cumsum",)),
    # Inputs drawn in [-3, 3], 0 included: the gradient with zeros is exercised too.
    OpSpec("cumprod", lambda x, **kw: x.cumprod(**kw), _ref(np.cumprod), static=scan_static,
           api=("cumprod",)),
    OpSpec("cumprod_function", lambda x, **kw: autograd.cumprod(x, **kw), _ref(np.cumprod),
           static=scan_static, api=("autograd.cumprod",)),
    OpSpec("logcumsumexp", lambda x, **kw: x.logcumsumexp(**kw), _ref(_log_cumsum_exp),
           static=scan_static, api=("logcumsumexp",)),
    OpSpec("logcumsumexp_function", lambda x, **kw: autograd.logcumsumexp(x, **kw),
           _ref(_log_cumsum_exp), static=scan_static, api=("autograd.logcumsumexp",)),
)
