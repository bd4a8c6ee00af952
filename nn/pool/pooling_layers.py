"""The pooling layers: MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool1d/2d, each calling its
function in nn/pool/pooling.py. Their settings are checked when the layer is made, as the
function checks them on each call, so a bad kernel_size fails where it was written.
"""

from __future__ import annotations

from typing import Any

from autograd import Tensor

from .. import arguments
from ..convolution import conv
from ..module import Module
from .pooling import (
    _adaptive_sizes,
    _divisor_override,
    _settings,
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)


class _MaxPool(Module):
    spatial = 2

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 dilation: Any = 1, return_indices: bool = False, ceil_mode: bool = False
                 ) -> None:
        where = type(self).__name__  # checked now, as the functional checks them each call
        _settings(kernel_size, stride, padding, dilation, self.spatial, where)
        arguments.flag(return_indices, "return_indices", where)
        arguments.flag(ceil_mode, "ceil_mode", where)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool2d(_MaxPool):
    """max_pool2d as a layer (note PyTorch's argument order: return_indices, ceil_mode)."""

    def forward(self, input: Any) -> Any:  # noqa: A002
        return max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          self.ceil_mode, self.return_indices)


class MaxPool1d(_MaxPool):
    """max_pool1d as a layer."""

    spatial = 1

    def forward(self, input: Any) -> Any:  # noqa: A002
        return max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          self.ceil_mode, self.return_indices)


class AvgPool2d(Module):
    """avg_pool2d as a layer."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: int | None = None) -> None:
        _settings(kernel_size, stride, padding, 1, 2, "AvgPool2d")
        _divisor_override(divisor_override, "AvgPool2d")
        arguments.flag(ceil_mode, "ceil_mode", "AvgPool2d")
        arguments.flag(count_include_pad, "count_include_pad", "AvgPool2d")
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(Module):
    """avg_pool1d as a layer."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True) -> None:
        self.kernel_size = conv.as_tuple(kernel_size, 1, "kernel_size", "AvgPool1d")
        self.stride = (self.kernel_size if stride is None
                       else conv.as_tuple(stride, 1, "stride", "AvgPool1d"))
        self.padding = conv.as_tuple(padding, 1, "padding", "AvgPool1d", minimum=0)
        self.ceil_mode = arguments.flag(ceil_mode, "ceil_mode", "AvgPool1d")
        self.count_include_pad = arguments.flag(count_include_pad, "count_include_pad",
                                                "AvgPool1d")

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """adaptive_avg_pool2d as a layer: AdaptiveAvgPool2d((1, 1)) is global average pooling."""

    def __init__(self, output_size: Any) -> None:
        n = 1 if isinstance(self, AdaptiveAvgPool1d) else 2
        _adaptive_sizes(output_size, (1,) * n, type(self).__name__)
        self.output_size = output_size

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(AdaptiveAvgPool2d):
    """adaptive_avg_pool1d as a layer."""

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return adaptive_avg_pool1d(input, self.output_size)
