"""F.upsample, F.upsample_nearest and F.upsample_bilinear: PyTorch's deprecated names of
F.interpolate (nn/resize/upsampling.py), so programs written with them run unchanged. Each warns,
with PyTorch's words, and calls interpolate; upsample_bilinear aligns the corners
(align_corners=True), as PyTorch's and nn.UpsamplingBilinear2d do.
"""

from __future__ import annotations

import warnings
from typing import Any

from autograd import Tensor
from autograd.arguments import not_masked

from .upsampling import interpolate


def _deprecated(name: str, size: Any, scale_factor: Any) -> None:
    """PyTorch's warning; and a masked size or scale_factor refused, naming this function."""
    not_masked(size, name, "size")
    not_masked(scale_factor, name, "scale_factor")
    warnings.warn(f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` "
                  "instead.", UserWarning, stacklevel=3)


def upsample(input: Any, size: Any = None, scale_factor: Any = None,  # noqa: A002
             mode: str = "nearest", align_corners: bool | None = None) -> Tensor:
    """interpolate(input, size, scale_factor, mode, align_corners), with PyTorch's
    deprecation warning."""
    _deprecated("upsample", size, scale_factor)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Any, size: Any = None, scale_factor: Any = None  # noqa: A002
                     ) -> Tensor:
    """interpolate(input, size, scale_factor, mode='nearest'), with PyTorch's deprecation
    warning."""
    _deprecated("upsample_nearest", size, scale_factor)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Any, size: Any = None, scale_factor: Any = None  # noqa: A002
                      ) -> Tensor:
    """interpolate(input, size, scale_factor, mode='bilinear', align_corners=True), with
    PyTorch's deprecation warning."""
    _deprecated("upsample_bilinear", size, scale_factor)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
