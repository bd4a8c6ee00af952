"""Linear algebra: matmul, with numpy's rules for 1-D and batched operands."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..primitive import Primitive
from .shape import reshape, swap_last, unsqueeze


def _matmul_vjp_x(g: Any, out: Any, x: Any, y: Any) -> Any:
    if x.ndim == 1 and y.ndim == 1:  # dot product: out is a scalar
        return g * y
    if y.ndim == 1:  # (..., k, n) @ (n,) -> (..., k)
        return unsqueeze(g, -1) * y
    if x.ndim == 1:  # (n,) @ (..., n, m) -> (..., m); the engine sums the batch axes away
        return reshape(matmul(y, unsqueeze(g, -1)), y.shape[:-2] + (y.shape[-2],))
    return matmul(g, swap_last(y))


def _matmul_vjp_y(g: Any, out: Any, x: Any, y: Any) -> Any:
    if x.ndim == 1 and y.ndim == 1:
        return g * x
    if x.ndim == 1:
        return unsqueeze(x, -1) * unsqueeze(g, -2)
    if y.ndim == 1:
        xt_g = matmul(swap_last(x), unsqueeze(g, -1))
        return reshape(xt_g, xt_g.shape[:-1])
    return matmul(swap_last(x), g)


matmul = Primitive("@", np.matmul, (_matmul_vjp_x, _matmul_vjp_y))
"""d/dx (x @ y) = g @ y.T, d/dy (x @ y) = x.T @ g, with numpy's rules for 1-D operands"""
