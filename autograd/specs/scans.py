"""Spec rows: cumsum cumprod logcumsumexp (axis=, dim=, or neither: the flattened Tensor)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from .core import Draw, OpSpec, Shapes, register
from .spelling import either_way, ignoring_via, with_via


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
    OpSpec("cumsum", either_way("cumsum"), ignoring_via(_ref(np.cumsum)),
           static=with_via(scan_static), api=("cumsum", "autograd.cumsum")),
    # Inputs drawn in [-3, 3], 0 included: the gradient with zeros is exercised too.
    OpSpec("cumprod", either_way("cumprod"), ignoring_via(_ref(np.cumprod)),
           static=with_via(scan_static), api=("cumprod", "autograd.cumprod")),
    OpSpec("logcumsumexp", either_way("logcumsumexp"), ignoring_via(_ref(_log_cumsum_exp)),
           static=with_via(scan_static), api=("logcumsumexp", "autograd.logcumsumexp")),
)
