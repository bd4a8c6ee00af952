"""Resizing: F.interpolate and nn.Upsample, F.pixel_shuffle and F.pixel_unshuffle with their
layers, as PyTorch's.

interpolate resizes the spatial axes of (N, C, d1, ...) one axis at a time, the last first:
each output position reads the input at positions computed as PyTorch's kernels compute them,
so the numbers are PyTorch's. Per axis of n inputs and m outputs, with the scale s = n / m
(or 1 / scale_factor when one is given and not recomputed):

    nearest         x[min(floor(s i), n - 1)]
    nearest-exact   x[min(floor(s (i + 1/2)), n - 1)]
    linear          (1 - l) x[j] + l x[j + 1], j = floor(r), l = r - j, where
                    r = max(s (i + 1/2) - 1/2, 0), or r = i (n - 1) / (m - 1) with
                    align_corners=True (and j + 1 stays at n - 1 at the end)

linear, bilinear and trilinear are this rule along each of 1, 2 or 3 axes, bicubic (4-D) a
cubic convolution of four inputs along each (nn/resize/upsampling_cubic.py); 'area' is
adaptive average pooling. Positions and weights are computed in numpy, in float32 for a
float32 input (PyTorch's opmath), with s (i + 1/2) - 1/2 rounded once, as PyTorch's x86
kernels compute it (a fused multiply-add: nn/optim/_kernels.py emulates it exactly), so a
position exactly between two inputs falls where PyTorch's does. The output is built of
indexing, products and sums of the input: its gradients come with them. 'lanczos' and
antialias=True are not supported here (a NotImplementedError, as PyTorch's for a mode it
lacks, that is a ValueError too).

pixel_shuffle moves r x r blocks of channels into space, (*, C r², H, W) -> (*, C, H r,
W r); pixel_unshuffle is its inverse: a reshape, a permutation of axes, and a reshape.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.arguments import shown

from .. import arguments
from ..module import Module
from ..pool.pooling import adaptive_avg_pool1d, adaptive_avg_pool2d
from ..pool.pooling3d import adaptive_avg_pool3d
from .positions import (
    along,
    linear_along,
    linear_weights,
    nearest_positions,
)
from .upsampling_cubic import bicubic_along

MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact",
         "lanczos")  # PyTorch's
LINEAR = {"linear": 3, "bilinear": 4, "trilinear": 5}  # each mode's number of dimensions
DIMS = {**LINEAR, "bicubic": 4}


class UnsupportedError(NotImplementedError, ValueError):
    """A mode PyTorch lacks for these dimensions, or one gradproof lacks: PyTorch's
    NotImplementedError, and a ValueError as nn's other argument errors."""


# ---------------------------------------------------------------------------- arguments


def _is_int(v: Any) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))


def _per_axis(value: Any, dims: int, name: str, spatial: tuple[int, ...], check: Any) -> list:
    """size or scale_factor as one value per spatial axis, each checked by `check`."""
    if isinstance(value, (Sequence, np.ndarray)) and not isinstance(value, str):
        values = list(value)
        if len(values) != dims:
            raise ValueError(f"interpolate: input and {name} must have the same number of "
                             f"spatial dimensions, got input with spatial dimensions "
                             f"{list(spatial)} and {name}={shown(value)}")
    else:
        values = [value] * dims
    return [check(v) for v in values]


def _size(v: Any) -> int:
    if not _is_int(v):
        raise TypeError(f"interpolate: size must be an int or a sequence of ints, got "
                        f"{shown(v)}")
    return int(v)


def _factor(v: Any) -> float:
    f = arguments.number(v, "scale_factor", "interpolate")
    if not math.isfinite(f):
        raise ValueError(f"interpolate: scale_factor must be finite, got {v!r}")
    return f


def _optional_flag(value: Any, name: str) -> bool | None:
    return None if value is None else arguments.flag(value, name, "interpolate")


def _mode(mode: Any, where: str) -> str:
    if not isinstance(mode, str):
        raise TypeError(f"{where}: mode must be a str, one of {', '.join(map(repr, MODES))}; "
                        f"got {shown(mode)}")
    if mode not in MODES:
        raise UnsupportedError(f"{where}: mode must be one of {', '.join(map(repr, MODES))}; "
                               f"got {mode!r}"[:300])
    return mode


# ---------------------------------------------------------------------------- interpolate


def _output_sizes(x: Tensor, size: Any, scale_factor: Any, recompute: bool | None,
                  mode: str) -> tuple[list[int], list[float | None]]:
    """The output size of each spatial axis, and the scale factor its positions use (None:
    input size / output size), checked as PyTorch checks them."""
    dims, spatial = x.ndim - 2, x.shape[2:]
    sizes = None if size is None else _per_axis(size, dims, "size", spatial, _size)
    factors = (None if scale_factor is None
               else _per_axis(scale_factor, dims, "scale_factor", spatial, _factor))
    if sizes is not None and factors is not None:
        raise ValueError("interpolate: only one of size or scale_factor should be defined")
    if sizes is None and factors is None:
        raise ValueError("interpolate: either size or scale_factor should be defined")
    if recompute and sizes is not None:
        raise ValueError("interpolate: recompute_scale_factor is not meaningful with an "
                         "explicit size")
    if sizes is not None:
        out, factors = sizes, [None] * dims
    else:
        if any(abs(n * f) >= 2.0**63 for n, f in zip(spatial, factors, strict=True)):
            raise ValueError(f"interpolate: scale_factor={scale_factor!r} gives an output "
                             f"size past int64's range for input sizes {tuple(spatial)}")
        out = [int(n * f) for n, f in zip(spatial, factors, strict=True)]  # truncated
        if recompute or mode == "area":  # area always resizes by the size
            factors = [None] * dims
    if min(spatial) < 1:
        raise ValueError(f"interpolate: input sizes should be greater than 0, got input of "
                         f"shape {x.shape}")
    if min(out) < 1:
        raise ValueError(f"interpolate: output size should be greater than 0, got output size "
                         f"{tuple(out)}" + (f" from scale_factor={scale_factor!r} and input "
                                            f"size {tuple(spatial)}" if size is None else ""))
    return out, factors


def _check_mode(x: Tensor, mode: str, antialias: bool) -> None:
    """PyTorch's errors for a mode that does not fit the input (NotImplementedError), and
    gradproof's for what it lacks."""
    if x.ndim not in (3, 4, 5):
        raise UnsupportedError(f"interpolate: expected a 3-D, 4-D or 5-D input (N, C, d1, "
                               f"...), got shape {x.shape} (mode={mode!r})")
    if antialias:
        if mode not in ("bilinear", "bicubic", "lanczos") or x.ndim != 4:
            raise ValueError("interpolate: antialias=True is restricted to the bilinear, "
                             "bicubic and lanczos modes and a 4-D input (PyTorch's rule)")
        raise UnsupportedError("interpolate: antialias=True is not supported here")
    if mode == "lanczos":
        raise UnsupportedError(f"interpolate: mode={mode!r} is not supported here")
    if mode in DIMS and x.ndim != DIMS[mode]:
        raise UnsupportedError(f"interpolate: got {x.ndim}-D input, but mode={mode!r} needs "
                               f"{DIMS[mode]}-D input")


def interpolate(input: Any, size: Any = None, scale_factor: Any = None,  # noqa: A002
                mode: str = "nearest", align_corners: bool | None = None,
                recompute_scale_factor: bool | None = None, antialias: bool = False) -> Tensor:
    """Resize the spatial axes of (N, C, L), (N, C, H, W) or (N, C, D, H, W) to `size`, or
    by `scale_factor` (output size floor(input size * factor)), as
    torch.nn.functional.interpolate: modes 'nearest', 'nearest-exact', 'linear' (3-D),
    'bilinear' (4-D), 'bicubic' (4-D), 'trilinear' (5-D) and 'area' (adaptive average
    pooling, 3-D to 5-D).
    align_corners (the interpolating modes only; None is False) maps the corner pixels'
    centres onto each other.
    recompute_scale_factor=True resizes by the output size computed from scale_factor
    instead of by scale_factor itself (their positions differ when the product is not an
    integer)."""
    x = arguments.tensor(input, "interpolate")
    mode = _mode(mode, "interpolate")
    align_corners = _optional_flag(align_corners, "align_corners")
    recompute_scale_factor = _optional_flag(recompute_scale_factor, "recompute_scale_factor")
    antialias = arguments.flag(antialias, "antialias", "interpolate")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(f"interpolate: align_corners can only be set with the "
                             f"interpolating modes linear, bilinear, bicubic and trilinear, "
                             f"got align_corners={align_corners} with mode={mode!r}")
    elif align_corners is None:
        align_corners = False
    _check_mode(x, mode, antialias)
    out, factors = _output_sizes(x, size, scale_factor, recompute_scale_factor, mode)
    if mode == "area":
        pool = {3: adaptive_avg_pool1d, 4: adaptive_avg_pool2d, 5: adaptive_avg_pool3d}[x.ndim]
        return pool(x, out[0] if x.ndim == 3 else tuple(out))
    spatial = x.shape[2:]
    for axis in reversed(range(2, x.ndim)):  # the last axis first, as PyTorch's kernels
        n_in, n_out, factor = spatial[axis - 2], out[axis - 2], factors[axis - 2]
        if mode == "bicubic":
            x = bicubic_along(x, axis, n_in, n_out, align_corners, factor)
        elif mode in LINEAR:
            weights = linear_weights(n_in, n_out, align_corners, factor, x.dtype)
            x = linear_along(x, axis, *weights)
        else:
            x = along(x, axis, nearest_positions(n_in, n_out, factor,
                                                  mode == "nearest-exact", x.dtype,
                                                  shortcut=x.ndim == 4))
    return x


class Upsample(Module):
    """interpolate as a layer, with PyTorch's arguments: size or scale_factor (an int or
    float, or one per spatial axis), mode, align_corners and recompute_scale_factor."""

    def __init__(self, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                 align_corners: bool | None = None,
                 recompute_scale_factor: bool | None = None) -> None:
        where = type(self).__name__  # or UpsamplingNearest2d, UpsamplingBilinear2d
        if size is not None:
            sizes = size if isinstance(size, (tuple, list)) else (size,)
            if not all(_is_int(n) for n in sizes):
                raise TypeError(f"{where}: size must be an int or a tuple of ints, got "
                                f"{shown(size)}")
            if min(sizes, default=0) < 1:
                raise ValueError(f"{where}: size must be positive, got {size!r}")
        if scale_factor is not None:
            many = isinstance(scale_factor, (tuple, list))
            factors = scale_factor if many else (scale_factor,)
            if not factors or not all(isinstance(f, numbers.Real) and not isinstance(
                    f, (bool, np.bool_)) for f in factors):
                raise TypeError(f"{where}: scale_factor must be a number or a tuple of "
                                f"numbers, got {shown(scale_factor)}")
            factors = tuple(float(f) for f in factors)  # floats, as PyTorch keeps them
            if not all(f > 0 and math.isfinite(f) for f in factors):
                raise ValueError(f"{where}: scale_factor must be positive and finite, got "
                                 f"{scale_factor!r}")
            scale_factor = factors if many else factors[0]
        if size is not None and scale_factor is not None:
            raise ValueError(f"{where}: only one of size or scale_factor should be defined")
        self.size = size
        self.scale_factor = scale_factor
        self.mode = _mode(mode, where)
        for name, value in (("align_corners", align_corners),
                            ("recompute_scale_factor", recompute_scale_factor)):
            if value is not None:
                arguments.flag(value, name, where)
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                           recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self) -> str:
        if self.scale_factor is not None:
            return f"scale_factor={self.scale_factor!r}, mode={self.mode!r}"
        return f"size={self.size!r}, mode={self.mode!r}"


# ----------------------------------------------------------------- pixel (un)shuffle


def _factor_and_input(given: Any, factor: Any, name: str, where: str) -> tuple[Tensor, int]:
    x = arguments.tensor(given, where)
    if arguments.integer(factor, name, where) < 1:
        raise ValueError(f"{where}: {name} must be positive, got {factor!r}")
    if x.ndim < 3:
        raise ValueError(f"{where}: expected an input of 3 or more dimensions (*, C, H, W), "
                         f"got shape {x.shape}")
    return x, int(factor)


def pixel_shuffle(input: Any, upscale_factor: int) -> Tensor:  # noqa: A002
    """(*, C r², H, W) -> (*, C, H r, W r): out[..., c, h r + i, w r + j] =
    x[..., c r² + i r + j, h, w], as torch.nn.functional.pixel_shuffle."""
    x, r = _factor_and_input(input, upscale_factor, "upscale_factor", "pixel_shuffle")
    *batch, channels, height, width = x.shape
    if channels % (r * r):
        raise ValueError(f"pixel_shuffle: the channels (dim -3: {channels}) must be divisible "
                         f"by the square of upscale_factor ({r * r}), got input of shape "
                         f"{x.shape}")
    b = len(batch)
    y = x.reshape(*batch, channels // (r * r), r, r, height, width)
    y = y.permute(*range(b), b, b + 3, b + 1, b + 4, b + 2)  # (*, C, H, r, W, r)
    return y.reshape(*batch, channels // (r * r), height * r, width * r)


def pixel_unshuffle(input: Any, downscale_factor: int) -> Tensor:  # noqa: A002
    """(*, C, H r, W r) -> (*, C r², H, W), pixel_shuffle's inverse, as
    torch.nn.functional.pixel_unshuffle."""
    x, r = _factor_and_input(input, downscale_factor, "downscale_factor", "pixel_unshuffle")
    *batch, channels, height, width = x.shape
    for name, n in (("height", height), ("width", width)):
        if n % r:
            raise ValueError(f"pixel_unshuffle: the {name} ({n}) must be divisible by "
                             f"downscale_factor ({r}), got input of shape {x.shape}")
    b = len(batch)
    y = x.reshape(*batch, channels, height // r, r, width // r, r)
    y = y.permute(*range(b), b, b + 2, b + 4, b + 1, b + 3)  # (*, C, r, r, H, W)
    return y.reshape(*batch, channels * r * r, height // r, width // r)


class PixelShuffle(Module):
    """pixel_shuffle as a layer."""

    def __init__(self, upscale_factor: int) -> None:
        if arguments.integer(upscale_factor, "upscale_factor", "PixelShuffle") < 1:
            raise ValueError(f"PixelShuffle: upscale_factor must be positive, got "
                             f"{upscale_factor!r}")
        self.upscale_factor = int(upscale_factor)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """pixel_unshuffle as a layer."""

    def __init__(self, downscale_factor: int) -> None:
        if arguments.integer(downscale_factor, "downscale_factor", "PixelUnshuffle") < 1:
            raise ValueError(f"PixelUnshuffle: downscale_factor must be positive, got "
                             f"{downscale_factor!r}")
        self.downscale_factor = int(downscale_factor)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"
