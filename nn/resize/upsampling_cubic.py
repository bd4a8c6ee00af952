"""mode='bicubic' of F.interpolate and nn.Upsample: PyTorch's cubic convolution (Keys's, with
A = -0.75), along one spatial axis at a time, as nn/resize/upsampling.py resizes.

Output i of an axis of n inputs reads the input around position r: PyTorch's source index,
s i with align_corners=True and s (i + 1/2) - 1/2 otherwise (s as the linear modes' scale),
but not clamped at 0 as the linear modes' is. With j = floor(r) (at most n - 1) and
t = r - j (kept in [0, 1]):

    out[i] = w0 x[j - 1] + w1 x[j] + w2 x[j + 1] + w3 x[j + 2]   (each index clamped to
                                                                   [0, n - 1]: the border
    w0 = c2(t + 1), w1 = c1(t), w2 = c1(1 - t), w3 = c2(2 - t)       repeats outwards)
    c1(u) = ((A + 2) u - (A + 3)) u u + 1                        for |u| <= 1
    c2(u) = ((A u - 5 A) u + 8 A) u - 4 A                        for 1 <= |u| <= 2

computed as PyTorch's kernel computes them (its operation order and fused multiply-adds,
float32 for a float32 input), so its weights bit for bit; the four products are added in
order, w0's first, as there (the outputs agree to a few ulps: the compiled sum may fuse its
steps too). The output is four gathers (getitem) times weights, added up, so its gradients
come with them: where clamping reads one input twice, it gets both weights' gradients.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor

from ..optim._kernels import fused_multiply_add
from .positions import floorf, opmath, pixel_scale

A = -0.75  # PyTorch's (and OpenCV's) choice of Keys's free parameter


def _near(u: np.ndarray, a: Any) -> np.ndarray:
    """c1: the weight of an input at distance u <= 1."""
    return ((a + 2) * u - (a + 3)) * u * u + 1


def _far(u: np.ndarray, a: Any) -> np.ndarray:
    """c2: the weight of an input at distance 1 <= u <= 2, its first two steps each one
    fused multiply-add, as PyTorch's compiled kernel computes them (its weights, bit for bit,
    over thousands of positions; c1's first step gives the same bits either way)."""
    return fused_multiply_add(fused_multiply_add(a, u, -5 * a), u, 8 * a) * u - 4 * a


def cubic_weights(n_in: int, n_out: int, align_corners: bool, factor: float | None,
                  dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """(index, weight), each (4, n_out): output i is sum_k weight[k, i] x[index[k, i]]
    (PyTorch's HelperInterpCubic: area_pixel_compute_source_index with cubic=True,
    guard_index_and_lambda, get_cubic_upsample_coefficients)."""
    # nn/resize/upsampling.py imports this module: its helpers are read when called

    dt = opmath(np.dtype(dtype))
    scale = pixel_scale(n_in, n_out, align_corners, factor, dt)
    i = np.arange(n_out, dtype=dt)
    real = scale * i if align_corners else fused_multiply_add(scale, i + dt(0.5), dt(-0.5))
    j = np.minimum(floorf(real), n_in - 1)
    t = np.minimum(np.maximum(real - j.astype(dt), dt(0)), dt(1))
    a, one = dt(A), dt(1)
    weight = np.stack([_far(t + one, a), _near(t, a), _near(one - t, a),
                       _far(one - t + one, a)]).astype(dtype)
    index = np.clip(j + np.arange(-1, 3)[:, None], 0, n_in - 1)
    return index, weight


def bicubic_along(x: Tensor, axis: int, n_in: int, n_out: int, align_corners: bool,
                  factor: float | None) -> Tensor:
    """x resized along `axis` from n_in to n_out positions by cubic convolution."""
    index, weight = cubic_weights(n_in, n_out, align_corners, factor, x.dtype)
    shape = (-1,) + (1,) * (x.ndim - axis - 1)  # the weights vary along `axis`
    before = (slice(None),) * axis
    out = x[before + (index[0],)] * weight[0].reshape(shape)
    for k in range(1, 4):
        out = out + x[before + (index[k],)] * weight[k].reshape(shape)
    return out
