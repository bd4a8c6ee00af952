"""Finding windows' maxima as PyTorch's kernels scan them, for the max_pool rule's forward
on volumes (nn/pool/pooling_rules.py: max_pool3d) and for adaptive max pooling's windows
(nn/pool/pooling_more.py): the first maximum wins, or the last nan; a window of -inf only (all
padding) points at its first place inside the input.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..convolution import conv, conv_rules
from ..convolution.conv_rules import Saved


def first_maxima(windows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For windows (..., K), each one's values in PyTorch's scan order: where PyTorch's
    kernels find the maximum (starting from -inf, a value wins if it is larger, or nan: so
    the first maximum, or the last nan), and the windows where none won (all -inf)."""
    best = windows.max(axis=-1)  # nan if the window holds one
    position = np.argmax(windows == best[..., None], axis=-1)
    nan = np.isnan(windows)
    has_nan = nan.any(axis=-1)
    if has_nan.any():
        last = windows.shape[-1] - 1 - np.argmax(nan[..., ::-1], axis=-1)
        position = np.where(has_nan, last, position)
    return position, best == -np.inf


def window_maxima(data: np.ndarray, geom: conv.Geometry) -> tuple[np.ndarray, np.ndarray]:
    """For (N, C, *sizes) data and windows of any number of dims: each maximum's index in its
    plane (t * H * W + h * W + w), as PyTorch's indices, and the windows of padding only
    (their index past the input, their value -inf)."""
    sizes, n = data.shape[2:], len(geom.kernel)
    reach = conv_rules.reach(geom)
    padded = np.full((*data.shape[:2], *(max(r, p + s) for r, p, s in
                                         zip(reach, geom.padding, sizes, strict=True))),
                     -np.inf, data.dtype)
    padded[(..., *(slice(p, p + s) for p, s in zip(geom.padding, sizes, strict=True)))] = data
    steps = padded.strides
    windows = as_strided(  # (N, C, *out, *kernel), copied into (N, C, *out, K)
        padded, (*data.shape[:2], *geom.out_size, *geom.kernel),
        (*steps[:2], *(t * s for t, s in zip(steps[2:], geom.stride, strict=True)),
         *(t * d for t, d in zip(steps[2:], geom.dilation, strict=True))), writeable=False)
    # K by name, not -1: numpy cannot infer it when the batch is empty
    position, none_won = first_maxima(windows.reshape(*windows.shape[:2 + n],
                                                      math.prod(geom.kernel)))
    offsets = np.unravel_index(position, geom.kernel)
    flat, lost = np.zeros(position.shape, np.int64), np.zeros(position.shape, bool)
    for a in range(n):
        start = (np.arange(geom.out_size[a]) * geom.stride[a] - geom.padding[a]).reshape(
            [-1 if b == a else 1 for b in range(n)])
        at = start + offsets[a] * geom.dilation[a]
        if none_won.any():  # PyTorch's start: the first place past the padding
            d = geom.dilation[a]
            at = np.where(none_won, start + (-np.minimum(start, 0) + d - 1) // d * d, at)
        lost |= at >= sizes[a]
        flat = flat * sizes[a] + at
    return flat, lost


def max_pool_volumes(x: np.ndarray, geom: conv.Geometry, saved: Saved) -> np.ndarray:
    """The max_pool rule's forward (nn/pool/pooling_rules.py) on (N, C, D, H, W): each window's
    maximum, -inf for a window of padding only. Saved as the 2-D forward saves them: each
    maximum's index in x (`at`, C order), the windows of padding only (`outside`, or None),
    x's axes in that order; and each maximum's index in its plane (`index`)."""
    flat, lost = window_maxima(x, geom)
    plane = math.prod(x.shape[2:])
    at = np.arange(x.shape[0] * x.shape[1]).reshape(x.shape[:2] + (1, 1, 1)) * plane \
        + np.where(lost, 0, flat)
    saved.at, saved.order, saved.index = at.reshape(-1), tuple(range(x.ndim)), flat
    saved.outside = lost.reshape(-1) if lost.any() else None
    values = np.ascontiguousarray(x).reshape(-1)[saved.at]
    if saved.outside is not None:
        values[saved.outside] = -np.inf
    return values.reshape(flat.shape)
