"""PyTorch's *_with_indices names of max pooling: each returns (output, indices) whatever
return_indices says (PyTorch's ignores it too), from max_pool{1,2,3}d and
adaptive_max_pool{1,2,3}d (nn/pool/pooling.py, nn/pool/pooling3d.py, nn/pool/pooling_more.py),
which check
the arguments and name themselves in their errors.
"""

from __future__ import annotations

from typing import Any

from autograd.arguments import flag

from .pooling import max_pool1d, max_pool2d
from .pooling3d import max_pool3d
from .pooling_more import adaptive_max_pool1d, adaptive_max_pool2d, adaptive_max_pool3d


def max_pool1d_with_indices(input: Any, kernel_size: Any, stride: Any = None,  # noqa: A002
                            padding: Any = 0, dilation: Any = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Any, Any]:
    """max_pool1d(..., return_indices=True): (output, indices)."""
    flag(return_indices, "return_indices", "max_pool1d_with_indices")
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input: Any, kernel_size: Any, stride: Any = None,  # noqa: A002
                            padding: Any = 0, dilation: Any = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Any, Any]:
    """max_pool2d(..., return_indices=True): (output, indices)."""
    flag(return_indices, "return_indices", "max_pool2d_with_indices")
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input: Any, kernel_size: Any, stride: Any = None,  # noqa: A002
                            padding: Any = 0, dilation: Any = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Any, Any]:
    """max_pool3d(..., return_indices=True): (output, indices)."""
    flag(return_indices, "return_indices", "max_pool3d_with_indices")
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def adaptive_max_pool1d_with_indices(input: Any, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple[Any, Any]:
    """adaptive_max_pool1d(..., return_indices=True): (output, indices)."""
    flag(return_indices, "return_indices", "adaptive_max_pool1d_with_indices")
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input: Any, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple[Any, Any]:
    """adaptive_max_pool2d(..., return_indices=True): (output, indices)."""
    flag(return_indices, "return_indices", "adaptive_max_pool2d_with_indices")
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input: Any, output_size: Any,  # noqa: A002
                                     return_indices: bool = False) -> tuple[Any, Any]:
    """adaptive_max_pool3d(..., return_indices=True): (output, indices)."""
    flag(return_indices, "return_indices", "adaptive_max_pool3d_with_indices")
    return adaptive_max_pool3d(input, output_size, True)
