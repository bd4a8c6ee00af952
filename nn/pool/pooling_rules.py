"""The pooling rules: max_pool, avg_pool and adaptive_avg_pool, each one node of the graph.

Each is one primitive (so the ONNX export maps it to MaxPool, AveragePool or
GlobalAveragePool), and each derivative is written with rules that already exist, so the
derivatives of every order come with it:
- max_pool finds where each window's maximum is with numpy (the first maximum wins a tie,
  and nan wins, as PyTorch; no Python loop over windows, only over the kh*kw kernel
  positions) and keeps those places (a `Saved`); its vjp adds g back there (scatter_add:
  overlapping windows that share a maximum add up), and the second derivative picks again;
- avg_pool is a convolution with a kernel of ones per channel (groups = channels), divided
  by PyTorch's divisor: its vjp is the transposed convolution of g / divisor;
- adaptive_avg_pool is a matrix product on each side, A_h @ x @ A_w.T, whose rows average
  PyTorch's windows: its vjp is A_h.T @ g @ A_w.
All three take (N, C, H, W); 1-D pooling is 2-D pooling of height 1. max_pool takes
(N, C, D, H, W) too (max_pool3d), its forward in nn/pool/pooling3d.py.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd import Primitive, ops

from ..convolution import conv_rules
from ..convolution.conv_rules import Geometry, Saved
from .pooling_volumes import max_pool_volumes


def _window_maxima(data: np.ndarray, geom: Geometry) -> tuple[np.ndarray, np.ndarray]:
    """For each window of (N, C, H, W) data, the kernel position (p * kw + q) of its first
    maximum, as PyTorch's kernel finds it: starting from -inf, an element wins if it is
    larger, or nan; and where none won (a window of -inf, or of padding only)."""
    n, c, height, width = data.shape
    kernel, (top, left), (out_h, out_w) = geom.kernel, geom.padding, geom.out_size
    (stride_h, stride_w), (dil_h, dil_w) = geom.stride, geom.dilation
    (reach_h, reach_w) = conv_rules.reach(geom)
    padded = data
    if top or left or reach_h > height or reach_w > width:
        padded = np.full((n, c, max(reach_h, top + height), max(reach_w, left + width)),
                         -np.inf, data.dtype)
        padded[:, :, top:top + height, left:left + width] = data
    # Each kernel position's elements of every window, as one contiguous row: a single
    # strided copy (read in the order the data lies in memory), after which every step
    # runs over long contiguous arrays.
    sn, sc, sh, sw = padded.strides
    sizes, steps = (n, c, out_h, out_w), (sn, sc, sh * stride_h, sw * stride_w)
    order = sorted(range(4), key=lambda a: -abs(steps[a]))
    planes = as_strided(padded, (*kernel, *(sizes[a] for a in order)),
                        (sh * dil_h, sw * dil_w, *(steps[a] for a in order)),
                        writeable=False).reshape(kernel[0] * kernel[1], -1)
    best = planes.max(axis=0)
    # The first maximum's kernel position is how many positions before it are smaller:
    # count, while every position so far is smaller (no per-element branches).
    position = np.zeros(best.shape, np.intp)
    smaller = np.ones(best.shape, bool)
    for k in range(len(planes) - 1):
        smaller &= planes[k] < best
        position += smaller
    at_nan = np.isnan(best)
    if at_nan.any():  # PyTorch takes the last nan of the window
        last = len(planes) - 1 - np.argmax(np.isnan(planes[::-1, at_nan]), axis=0)
        position[at_nan] = last
    back = tuple(np.argsort(order))  # to (N, C, Ho, Wo) again, as views
    shape = [sizes[a] for a in order]
    return (position.reshape(shape).transpose(back),
            (best == -np.inf).reshape(shape).transpose(back))


def rows_and_columns(position: np.ndarray, none_won: np.ndarray, geom: Geometry
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Where each window's maximum is in the input; where none won, PyTorch's choice: the
    window's first position past the top and left padding (outside the input for a window
    of padding only)."""
    kernel, (top, left), (out_h, out_w) = geom.kernel, geom.padding, geom.out_size
    (stride_h, stride_w), (dil_h, dil_w) = geom.stride, geom.dilation
    first_row = np.arange(out_h) * stride_h - top  # each window's first row and column
    first_col = np.arange(out_w) * stride_w - left
    rows = first_row[:, None] + position // kernel[1] * dil_h
    cols = first_col + position % kernel[1] * dil_w
    if np.any(none_won):  # the first row and column inside, stepping by the dilation
        inside_row = first_row + -np.minimum(first_row, 0) // dil_h * dil_h
        inside_row += np.where(inside_row < 0, dil_h, 0)
        inside_col = first_col + -np.minimum(first_col, 0) // dil_w * dil_w
        inside_col += np.where(inside_col < 0, dil_w, 0)
        rows = np.where(none_won, inside_row[:, None], rows)
        cols = np.where(none_won, inside_col, cols)
    return rows, cols


def _in_memory_order(x: np.ndarray) -> tuple[np.ndarray, tuple[int, ...], tuple[int, ...]]:
    """x as one axis in the order its values lie in memory (no copy when they lie as a
    permutation of its axes: a convolution's output, laid out batch last), the step each of
    x's axes takes in it, and x's axes in that order."""
    order = tuple(sorted(range(x.ndim), key=lambda a: -abs(x.strides[a])))
    if x.transpose(order).flags.c_contiguous and x.itemsize:
        return (x.transpose(order).reshape(-1), tuple(s // x.itemsize for s in x.strides),
                order)
    steps = tuple(math.prod(x.shape[a + 1:]) for a in range(x.ndim))
    return x.reshape(-1), steps, tuple(range(x.ndim))


def _max_pool(x: np.ndarray, geom: Geometry, saved: Saved) -> np.ndarray:
    """Each window's maximum, -inf for a window of padding only. Saved: each maximum's index
    in x's memory order (`at`), the windows of padding only (`outside`, or None), that order,
    and the kernel positions (for return_indices)."""
    if x.ndim == 5:  # max_pool3d's volumes (nn/pool/pooling_volumes.py)
        return max_pool_volumes(x, geom, saved)
    position, none_won = _window_maxima(x, geom)
    batch, channels, height, width = x.shape
    flat, steps, order = _in_memory_order(x)
    kernel, (top, left) = geom.kernel, geom.padding
    planes = (np.arange(batch) * steps[0])[:, None] + np.arange(channels) * steps[1]
    corner = ((np.arange(geom.out_size[0]) * geom.stride[0] - top)[:, None] * steps[2]
              + (np.arange(geom.out_size[1]) * geom.stride[1] - left) * steps[3])
    outside = None
    if not none_won.any():  # each maximum: its window's corner, plus its kernel offset
        offsets = np.arange(kernel[0] * kernel[1])
        offsets = offsets // kernel[1] * geom.dilation[0] * steps[2] \
            + offsets % kernel[1] * geom.dilation[1] * steps[3]
        at = planes[:, :, None, None] + (corner + offsets[position])
    else:  # a window of padding only is -inf, with no gradient
        rows, cols = rows_and_columns(position, none_won, geom)
        lost = (rows >= height) | (cols >= width)
        at = planes[:, :, None, None] + np.where(lost, 0, rows * steps[2] + cols * steps[3])
        outside = lost.reshape(-1) if lost.any() else None
    saved.at, saved.outside, saved.order = at.reshape(-1), outside, order
    saved.position, saved.none_won = position, none_won
    values = flat[saved.at]  # one axis of indices: numpy's fast take (and add.at, back)
    if outside is not None:
        values[outside] = -np.inf
    return values.reshape(batch, channels, *geom.out_size)


def _max_pool_vjp(g: Any, out: Any, x: Any, geom: Geometry, saved: Saved) -> Any:
    g = ops.reshape(g, (math.prod(g.shape),))
    if saved.outside is not None:
        g = ops.where(0.0, g, saved.outside)
    dx = ops.scatter_add(g, saved.at, (math.prod(x.shape),))
    dx = ops.reshape(dx, tuple(x.shape[a] for a in saved.order))
    in_order = saved.order == tuple(range(len(saved.order)))
    return dx if in_order else ops.transpose(dx, tuple(np.argsort(saved.order)))


max_pool = Primitive("max_pool", _max_pool, (_max_pool_vjp,))
"""the maximum of each window: d/dx puts g at each window's first maximum (adding up where
windows share one), none for a window of padding only"""


def _avg_pool(x: np.ndarray, geom: Geometry, divisor: np.ndarray) -> np.ndarray:
    ones = np.ones((x.shape[1], 1, *geom.kernel), x.dtype)
    return conv_rules._convolution(x, ones, None, geom, Saved()) / divisor


avg_pool = Primitive("avg_pool", _avg_pool, (
    lambda g, out, x, geom, divisor: conv_rules.convolve_input(
        g / divisor, np.ones((x.shape[1], 1, *geom.kernel), x.dtype), geom),
))
"""each window's sum (a convolution with ones, per channel) over a divisor: d/dx is the
transposed convolution of g / divisor"""


def _adaptive_avg_pool(x: np.ndarray, rows: np.ndarray | None, cols: np.ndarray) -> np.ndarray:
    return (x if rows is None else rows @ x) @ cols


def _adaptive_avg_pool_vjp(g: Any, out: Any, x: Any, rows: np.ndarray | None,
                           cols: np.ndarray) -> Any:
    g = ops.matmul(g, cols.T)
    return g if rows is None else ops.matmul(rows.T, g)


adaptive_avg_pool = Primitive("adaptive_avg_pool", _adaptive_avg_pool,
                              (_adaptive_avg_pool_vjp,))
"""rows @ x @ cols (x @ cols in 1-D), the rows of `rows` and columns of `cols` averaging
PyTorch's windows: linear, so d/dx = rows.T @ g @ cols.T"""
