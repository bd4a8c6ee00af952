"""The layers of nn/pool/pooling_more.py: AdaptiveMaxPool1d/2d, LPPool1d/2d/3d and
MaxUnpool1d/2d/3d, each calling its function, with PyTorch's arguments and repr. Their
settings are checked when the layer is made, as the function checks them on each call.
"""

from __future__ import annotations

from typing import Any

from autograd import Tensor
from autograd.arguments import real

from .. import arguments
from ..module import Module
from . import pooling as pool
from .pooling_more import (
    _adaptive_output,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)


class AdaptiveMaxPool2d(Module):
    """adaptive_max_pool2d as a layer: AdaptiveMaxPool2d((1, 1)) is global max pooling."""

    spatial = 2

    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        where = type(self).__name__
        _adaptive_output(output_size, (1,) * self.spatial, where)
        self.return_indices = arguments.flag(return_indices, "return_indices", where)
        self.output_size = output_size

    def forward(self, input: Any) -> Any:  # noqa: A002
        function = adaptive_max_pool2d if self.spatial == 2 else adaptive_max_pool1d
        return function(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(AdaptiveMaxPool2d):
    """adaptive_max_pool1d as a layer."""

    spatial = 1


class _LPPool(Module):
    spatial: int

    def __init__(self, norm_type: float, kernel_size: Any, stride: Any = None,
                 ceil_mode: bool = False) -> None:
        where = type(self).__name__
        real(norm_type, "norm_type", where)
        if norm_type == 0 or norm_type != norm_type:
            raise ValueError(f"{where}: norm_type must be a nonzero number (the p of the "
                             f"p-norm), got {norm_type!r}")
        pool._settings(kernel_size, stride, 0, 1, self.spatial, where)
        self.ceil_mode = arguments.flag(ceil_mode, "ceil_mode", where)
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        function = {1: lp_pool1d, 2: lp_pool2d, 3: lp_pool3d}[self.spatial]
        return function(input, float(self.norm_type), self.kernel_size, self.stride,
                        self.ceil_mode)

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPool):
    """lp_pool1d as a layer: each window's p-norm, (sum of x^p)^(1/p)."""

    spatial = 1


class LPPool2d(_LPPool):
    """lp_pool2d as a layer."""

    spatial = 2


class LPPool3d(_LPPool):
    """lp_pool3d as a layer."""

    spatial = 3


class _MaxUnpool(Module):
    spatial: int

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        self.kernel_size, self.stride, self.padding, _ = pool._settings(
            kernel_size, stride, padding, 1, self.spatial, type(self).__name__)

    def forward(self, input: Any, indices: Any, output_size: Any = None) -> Tensor:  # noqa: A002
        function = {1: max_unpool1d, 2: max_unpool2d, 3: max_unpool3d}[self.spatial]
        return function(input, indices, self.kernel_size, self.stride, self.padding,
                        output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpool):
    """max_unpool1d as a layer: MaxPool1d's partial inverse (its indices, return_indices)."""

    spatial = 1


class MaxUnpool2d(_MaxUnpool):
    """max_unpool2d as a layer: MaxPool2d's partial inverse (zeros but at the maxima)."""

    spatial = 2


class MaxUnpool3d(_MaxUnpool):
    """max_unpool3d as a layer: MaxPool3d's partial inverse."""

    spatial = 3


class AdaptiveMaxPool3d(AdaptiveMaxPool2d):
    """adaptive_max_pool3d as a layer (return_indices as AdaptiveMaxPool2d's)."""

    spatial = 3

    def forward(self, input: Any) -> Any:  # noqa: A002
        return adaptive_max_pool3d(input, self.output_size, self.return_indices)
