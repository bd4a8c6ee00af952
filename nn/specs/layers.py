"""Spec rows for prelu, rms_norm, instance_norm, interpolate, pixel_shuffle and
pixel_unshuffle (nn/activation/activations.py, nn/norm/norms_more.py, nn/resize/upsampling.py): as
nn/specs/conv.py's, checked by tests/test_ops.py against the references here, each the
definition written out (interpolate's positions in exact rational arithmetic).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import GRID, NONZERO, OFF_ZERO, REAL, NoFit, OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from . import references as ref
from .norm import _spread, norm_shapes

Draw = Any
Shapes = tuple[tuple[int, ...], ...]

# ------------------------------------------------------------------------------- prelu


def _prelu_shapes(draw: Draw, arity: int) -> Shapes:
    """x of any shape, and one slope ((1,) or ()) or one per channel (dim 1)."""
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=3))
    if len(shape) > 1 and draw(st.booleans()):
        return shape, (shape[1],)
    return shape, draw(st.sampled_from([(1,), ()]))


def _ref_prelu(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    slope = w.reshape([w.size if axis == 1 else 1 for axis in range(x.ndim)])
    return np.where(x > 0, x, slope * x)


# ------------------------------------------------------------------- rms_norm, instance_norm


def _rms_shapes(draw: Draw, arity: int) -> Shapes:
    """x of 1 to 3 axes, and a weight of its last 1 or more axes."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    return shape, shape[len(shape) - draw(st.integers(1, len(shape))):]


def _rms_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    x, w = shapes
    if not w or 0 in x or x[len(x) - len(w):] != w:
        raise NoFit
    return {"normalized_shape": w, "eps": draw(st.sampled_from([None, 1e-5, 0.5]))}


def _ref_rms_norm(x: np.ndarray, w: np.ndarray, normalized_shape: tuple[int, ...],
                  eps: float | None) -> np.ndarray:
    axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
    eps = np.finfo(np.float64).eps if eps is None else eps
    return x / np.sqrt((x * x).mean(axes, keepdims=True) + eps) * w


def _rms_clear(x: Any, w: Any, normalized_shape: tuple[int, ...], eps: Any) -> bool:
    """For random graphs: no group's mean square below 0.01 (1/sqrt is steep there)."""
    x = np.asarray(x)
    return bool(np.all((x * x).reshape(-1, math.prod(normalized_shape)).mean(-1) >= 0.01))


def _instance_shapes(draw: Draw, arity: int) -> Shapes:
    """x (N, C, *) with two or more positions per plane, weight and bias (C,)."""
    (shape,) = norm_shapes(draw, 1)
    if len(shape) == 2 or math.prod(shape[2:]) < 2:
        shape = (*shape[:2], 2)
    return shape, (shape[1],), (shape[1],)


def _instance_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    x = shapes[0]
    if len(x) < 3 or 0 in x or math.prod(x[2:]) < 2 or shapes[1:] != ((x[1],),) * 2:
        raise NoFit
    if draw(st.booleans()):
        return {"use_input_stats": True}
    channels = st.floats(-1, 1), st.floats(0.5, 2)
    mean, var = (draw(hnp.arrays(np.float64, (x[1],), elements=e)) for e in channels)
    return {"use_input_stats": False, "running_mean": mean, "running_var": var}


def _ref_instance_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, use_input_stats: bool,
                       running_mean: Any = None, running_var: Any = None) -> np.ndarray:
    channel = (1, -1) + (1,) * (x.ndim - 2)
    if use_input_stats:
        y = ref._normalised(x, tuple(range(2, x.ndim)))
    else:
        y = (x - running_mean.reshape(channel)) / np.sqrt(running_var.reshape(channel) + 1e-5)
    return y * w.reshape(channel) + b.reshape(channel)


def _planes(x: np.ndarray, kw: dict[str, Any]) -> np.ndarray | None:
    return x.reshape(x.shape[0] * x.shape[1], -1) if x.ndim >= 3 else None


register(
    OpSpec("prelu", lambda x, w: F.prelu(x, w), _ref_prelu, arity=2, domain=(OFF_ZERO, REAL),
           shapes=_prelu_shapes, kinks="kink at x = 0", api=("nn.functional.prelu", "nn.PReLU")),
    OpSpec("rms_norm", lambda x, w, **kw: F.rms_norm(x, weight=w, **kw), _ref_rms_norm,
           arity=2, domain=(NONZERO, REAL), shapes=_rms_shapes, static=_rms_static,
           kinks="1/sqrt(mean(x**2) + eps) is steep where a group is near 0: |x| >= 0.1",
           safe=_rms_clear, api=("nn.functional.rms_norm", "nn.RMSNorm")),
    # (x, weight, bias) must fit each other: not drawn in random graphs (graphs=False), as
    # batch_norm_eval; it is composed of mean, sqrt and arithmetic, whose rows are drawn.
    OpSpec("instance_norm", lambda x, w, b, **kw: F.instance_norm(x, weight=w, bias=b, **kw),
           _ref_instance_norm, arity=3, domain=(GRID, REAL, REAL), unique=True, graphs=False,
           shapes=_instance_shapes, static=_instance_static,
           safe=lambda x, w, b, **kw: _spread(_planes)(x),
           kinks="as batch_norm's: each plane's values spread (GRID, unique)",
           api=("nn.functional.instance_norm", "nn.InstanceNorm1d", "nn.InstanceNorm2d")),
)

# -------------------------------------------------------------------------- interpolate

LINEAR_MODE = {3: "linear", 4: "bilinear", 5: "trilinear"}
FACTORS = [0.5, 1.25, 1.5, 2.0, 2.5, 3.0]  # 1.25: n = 1..3 pixels keep their number


def _resize_shapes(draw: Draw, arity: int) -> Shapes:
    """(N, C, *spatial) with 1 to 3 spatial axes, small (at most 2 x 2 x 8 inputs)."""
    dims = draw(st.integers(1, 3))
    spatial = [draw(st.integers(1, (4, 3, 2)[dims - 1])) for _ in range(dims)]
    return ((draw(st.integers(1, 2)), draw(st.integers(1, 2)), *spatial),)


def _interpolate_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) not in (3, 4, 5) or 0 in shape:
        raise NoFit
    spatial = shape[2:]
    modes = ["nearest", "nearest-exact", LINEAR_MODE[len(shape)], "area"]
    kw: dict[str, Any] = {"mode": draw(st.sampled_from(modes))}
    factors = [draw(st.sampled_from(FACTORS)) for _ in spatial]
    if draw(st.booleans()) and all(int(n * f) >= 1 for n, f in zip(spatial, factors,
                                                                     strict=True)):
        kw["scale_factor"] = tuple(factors) if len(spatial) > 1 else factors[0]
        if draw(st.booleans()):
            kw["recompute_scale_factor"] = True
    else:
        sizes = tuple(draw(st.integers(1, 5)) for _ in spatial)
        kw["size"] = sizes if len(spatial) > 1 or draw(st.booleans()) else sizes[0]
    if kw["mode"] == LINEAR_MODE[len(shape)] and draw(st.booleans()):
        kw["align_corners"] = draw(st.booleans())
    return kw


def _ref_axis(n: int, m: int, factor: float | None, mode: str, align_corners: bool,
              shortcut: bool = False) -> tuple[list[int], list[int], list[float]]:
    """(j0, j1, w1) per output position: the output reads (1 - w1) x[j0] + w1 x[j1]."""
    s = Fraction(n, m) if factor is None else 1 / Fraction(factor)
    j0, j1, w1 = [], [], []
    for i in range(m):
        if mode == "nearest" and shortcut and m in (n, 2 * n):
            real = Fraction(i // (m // n))  # PyTorch's 2-D kernel: a copy, or each twice
        elif mode == "nearest":
            real = Fraction(math.floor(s * i))
        elif mode == "nearest-exact":
            real = Fraction(math.floor(s * (i + Fraction(1, 2))))
        elif n == m:
            real = Fraction(i)
        elif align_corners:
            real = Fraction(n - 1, m - 1) * i if m > 1 else Fraction(0)
        else:
            real = max(s * (i + Fraction(1, 2)) - Fraction(1, 2), Fraction(0))
        lower = min(math.floor(real), n - 1)
        j0.append(lower)
        j1.append(min(lower + 1, n - 1))
        w1.append(float(min(real - lower, 1)))
    return j0, j1, w1


def ref_interpolate(x: np.ndarray, size: Any = None, scale_factor: Any = None,
                    mode: str = "nearest", align_corners: Any = None,
                    recompute_scale_factor: Any = None) -> np.ndarray:
    dims = x.ndim - 2
    if size is not None:
        out, factors = (list(size) if isinstance(size, tuple) else [size] * dims), [None] * dims
    else:
        factors = list(scale_factor) if isinstance(scale_factor, tuple) else [scale_factor] * dims
        out = [math.floor(n * f) for n, f in zip(x.shape[2:], factors, strict=True)]
        if recompute_scale_factor or mode == "area":
            factors = [None] * dims
    if mode == "area":
        return ref.ref_adaptive_avg_pool(x, tuple(out))
    for axis in range(2, x.ndim):
        j0, j1, w1 = _ref_axis(x.shape[axis], out[axis - 2], factors[axis - 2], mode,
                               bool(align_corners), shortcut=x.ndim == 4)
        shape = (-1,) + (1,) * (x.ndim - axis - 1)
        w1 = np.array(w1).reshape(shape)
        x = np.take(x, j0, axis) * (1 - w1) + np.take(x, j1, axis) * w1
    return x


# ---------------------------------------------------------------------- pixel (un)shuffle


def _pixel_shapes(draw: Draw, arity: int) -> Shapes:
    r = draw(st.integers(1, 2))
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=2))
    return ((*batch, draw(st.integers(1, 2)) * r * r, draw(st.integers(1, 2)) * r,
             draw(st.integers(1, 3)) * r),)


def _shuffle_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) < 3:
        raise NoFit
    return {"upscale_factor": draw(st.sampled_from(
        [r for r in (1, 2, 3) if shape[-3] % (r * r) == 0]))}


def _unshuffle_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) < 3:
        raise NoFit
    return {"downscale_factor": draw(st.sampled_from(
        [r for r in (1, 2, 3) if shape[-2] % r == 0 and shape[-1] % r == 0]))}


def ref_pixel_shuffle(x: np.ndarray, upscale_factor: int) -> np.ndarray:
    """out[..., c, h r + i, w r + j] = x[..., c r² + i r + j, h, w]."""
    r = upscale_factor
    *batch, channels, height, width = x.shape
    out = np.empty((*batch, channels // (r * r), height * r, width * r))
    for c, i, j in np.ndindex(channels // (r * r), r, r):
        out[..., c, i::r, j::r] = x[..., c * r * r + i * r + j, :, :]
    return out


def ref_pixel_unshuffle(x: np.ndarray, downscale_factor: int) -> np.ndarray:
    """out[..., c r² + i r + j, h, w] = x[..., c, h r + i, w r + j]."""
    r = downscale_factor
    *batch, channels, height, width = x.shape
    out = np.empty((*batch, channels * r * r, height // r, width // r))
    for c, i, j in np.ndindex(channels, r, r):
        out[..., c * r * r + i * r + j, :, :] = x[..., c, i::r, j::r]
    return out


register(
    OpSpec("interpolate", lambda x, **kw: F.interpolate(x, **kw), ref_interpolate,
           shapes=_resize_shapes, static=_interpolate_static,
           api=("nn.functional.interpolate", "nn.Upsample")),
    OpSpec("pixel_shuffle", lambda x, **kw: F.pixel_shuffle(x, **kw), ref_pixel_shuffle,
           shapes=_pixel_shapes, static=_shuffle_static,
           api=("nn.functional.pixel_shuffle", "nn.PixelShuffle")),
    OpSpec("pixel_unshuffle", lambda x, **kw: F.pixel_unshuffle(x, **kw), ref_pixel_unshuffle,
           shapes=_pixel_shapes, static=_unshuffle_static,
           api=("nn.functional.pixel_unshuffle", "nn.PixelUnshuffle")),
)
