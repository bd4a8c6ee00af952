"""Where each output position of a resize reads its input, and with what weights: PyTorch's
area_pixel_compute_scale and source index, in its dtypes and roundings (shared by
nn/resize/upsampling.py and the bicubic rule, nn/resize/upsampling_cubic.py)."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor

from ..optim._kernels import fused_multiply_add


def opmath(dtype: np.dtype) -> Any:
    """The dtype PyTorch computes positions and weights in: float64 for float64 input."""
    return np.float64 if dtype == np.float64 else np.float32


def pixel_scale(n_in: int, n_out: int, align_corners: bool, factor: float | None, dt: Any) -> Any:
    """PyTorch's area_pixel_compute_scale: input positions per output position."""
    if align_corners:
        return dt(n_in - 1) / dt(n_out - 1) if n_out > 1 else dt(0)
    if factor is not None and factor > 0:
        return dt(1.0 / factor)
    return dt(n_in) / dt(n_out)


def source(scale: Any, n_out: int, align_corners: bool, dt: Any) -> np.ndarray:
    """PyTorch's area_pixel_compute_source_index for i = 0 .. n_out - 1: s i, or
    max(s (i + 1/2) - 1/2, 0) rounded once (a fused multiply-add)."""
    i = np.arange(n_out, dtype=dt)
    if align_corners:
        return scale * i
    return np.maximum(fused_multiply_add(scale, i + dt(0.5), dt(-0.5)), dt(0))


def floorf(v: np.ndarray) -> np.ndarray:
    """C's floorf(v): v rounded to float32 first, then floored, as an int64 array."""
    return np.floor(np.asarray(v, np.float64).astype(np.float32)).astype(np.int64)


def nearest_positions(n_in: int, n_out: int, factor: float | None, exact: bool,
                      dtype: Any, shortcut: bool = False) -> np.ndarray:
    """The input position each output position of 'nearest' or 'nearest-exact' reads.

    shortcut: PyTorch's 2-D 'nearest' kernel (its nearest_idx) reads x[i] when the sizes are
    equal and x[i // 2] when the output is twice the input, whatever scale_factor says
    (scale_factor=1.1 on 2 pixels copies both, not the first twice); its 1-D and 3-D
    kernels use the scale."""
    if shortcut and not exact and n_out in (n_in, 2 * n_in):
        return np.arange(n_out) // (n_out // n_in)
    dt = opmath(np.dtype(dtype))
    scale = pixel_scale(n_in, n_out, False, factor, dt)
    if exact:
        positions = floorf(source(scale, n_out, False, dt).astype(np.float64) + 0.5)
    else:
        positions = floorf(source(scale, n_out, True, dt))
    return np.minimum(positions, n_in - 1)


def linear_weights(n_in: int, n_out: int, align_corners: bool, factor: float | None,
                   dtype: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(j0, j1, w0, w1): output i is w0[i] x[j0[i]] + w1[i] x[j1[i]] (PyTorch's
    compute_source_index_and_lambda; the same size copies, with weights 1 and 0)."""
    dt = opmath(np.dtype(dtype))
    if n_in == n_out:
        same = np.arange(n_out)
        return same, same, np.ones(n_out, dtype), np.zeros(n_out, dtype)
    real = source(pixel_scale(n_in, n_out, align_corners, factor, dt), n_out, align_corners, dt)
    j0 = np.minimum(floorf(real), n_in - 1)
    w1 = np.minimum(np.maximum(real - j0.astype(dt), dt(0)), dt(1)).astype(dtype)
    return j0, j0 + (j0 < n_in - 1), (1 - w1).astype(dtype), w1


def along(x: Tensor, axis: int, positions: np.ndarray) -> Tensor:
    return x[(slice(None),) * axis + (positions,)]


def linear_along(x: Tensor, axis: int, j0: np.ndarray, j1: np.ndarray, w0: np.ndarray,
                  w1: np.ndarray) -> Tensor:
    shape = (-1,) + (1,) * (x.ndim - axis - 1)  # the weights vary along `axis`
    return along(x, axis, j0) * w0.reshape(shape) + along(x, axis, j1) * w1.reshape(shape)
