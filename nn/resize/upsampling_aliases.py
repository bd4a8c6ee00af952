"""UpsamplingNearest2d and UpsamplingBilinear2d: PyTorch's deprecated aliases of nn.Upsample
(nn/resize/upsampling.py), so programs written with them run unchanged.

Each is an Upsample whose mode is fixed: 'nearest', or 'bilinear' with align_corners=True
(the corner pixels of input and output line up; Upsample's bilinear default,
align_corners=False, lines up their edges instead). Their repr is Upsample's, as PyTorch's:
UpsamplingBilinear2d(scale_factor=2.0, mode='bilinear').
"""

from __future__ import annotations

from typing import Any

from .upsampling import Upsample


class UpsamplingNearest2d(Upsample):
    """Upsample(size, scale_factor, mode='nearest'): each output pixel copies the input
    pixel it falls in. Give size or scale_factor, not both."""

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Upsample(size, scale_factor, mode='bilinear', align_corners=True) over (N, C, H, W):
    the input's corner pixels are the output's, the rest interpolated between them."""

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
