"""3-D pooling, F.max_pool3d, F.avg_pool3d, F.adaptive_avg_pool3d and F.adaptive_max_pool3d
with their layers, as PyTorch's (its arguments, output sizes, divisors, tie rule, indices).

Both are made of rules that already exist, so their derivatives of every order come with
them (no rule of their own):

- max_pool3d is the max_pool rule (nn/pool/pooling_rules.py: one node, ONNX's MaxPool), whose
  forward on volumes is in nn/pool/pooling_volumes.py: it finds each window's maximum with
  numpy, as PyTorch's kernel scans it (depth, then rows, then columns: the first maximum
  wins, or the last nan),
  and its vjp adds g back at those places, as PyTorch's backward. A window where none won
  (all -inf) points at its first place inside the input, as PyTorch's.
- avg_pool3d sums each output depth's kd slices (zeros in the padding), then takes the 2-D
  window sums of those (the avg_pool rule with a divisor of 1) and divides by PyTorch's
  divisor: the window's size cut to the padded input (count_include_pad), to the input
  itself (not), or divisor_override.
- adaptive_avg_pool3d averages PyTorch's windows [floor(i n / m), ceil((i + 1) n / m)) on
  each axis. A window's mean is the mean, over its depth slices, of their (H, W) windows'
  means: the adaptive_avg_pool rule (A_h @ x @ A_w.T) on every slice, then the same rule
  along the depth, moved last (@ A_d.T).
- adaptive_max_pool3d is nn/pool/pooling_more.py's adaptive max pooling on volumes: max_pool's
  rule where every size is a multiple of the output's, else the adaptive_max_pool rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
from autograd import Tensor, ops
from autograd.arguments import index_result

from .. import arguments
from ..convolution import conv
from ..convolution.conv_rules import Saved
from ..module import Module
from . import pooling as pool
from . import pooling_rules as rules


def max_pool3d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """The maximum of each window of (N, C, D, H, W) or (C, D, H, W), as
    torch.nn.functional.max_pool3d (stride defaults to kernel_size; padding is -inf, at most
    half the dilated kernel). With return_indices, also each maximum's index
    t * H * W + h * W + w in its plane. The gradient goes to each window's first maximum."""
    x, lead = pool._planes(input, 3, "max_pool3d")
    ceil_mode = arguments.flag(ceil_mode, "ceil_mode", "max_pool3d")
    return_indices = arguments.flag(return_indices, "return_indices", "max_pool3d")
    kernel, stride, padding, dilation = pool._settings(kernel_size, stride, padding, dilation,
                                                       3, "max_pool3d")
    geom = pool._geometry(x, kernel, stride, padding, dilation, ceil_mode, "max_pool3d", True)
    saved = Saved()
    shape = lead + geom.out_size
    values = pool._reshaped(rules.max_pool(x, geom, saved), shape)
    if not return_indices:
        return values
    return values, index_result(saved.index.reshape(shape), Tensor)


def _counts(geom: conv.Geometry, count_include_pad: bool) -> np.ndarray:
    """PyTorch's divisor per output position: the window's size cut to the padded input
    (count_include_pad) or to the input itself, per axis, multiplied."""
    divisor = np.ones(())
    for size, pad, out, s, k in zip(geom.in_size, geom.padding, geom.out_size, geom.stride,
                                    geom.kernel, strict=True):
        start = np.arange(out) * s - pad
        end = np.minimum(start + k, size + pad)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, size)
        divisor = np.multiply.outer(divisor, end - start)
    return divisor.astype(np.float64)


def avg_pool3d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """The mean of each window of (N, C, D, H, W) or (C, D, H, W), as
    torch.nn.functional.avg_pool3d: zero padding, counted in the divisor unless
    count_include_pad=False; divisor_override replaces the divisor."""
    x, lead = pool._planes(input, 3, "avg_pool3d")
    ceil_mode = arguments.flag(ceil_mode, "ceil_mode", "avg_pool3d")
    count_include_pad = arguments.flag(count_include_pad, "count_include_pad", "avg_pool3d")
    kernel, stride, padding, _ = pool._settings(kernel_size, stride, padding, 1, 3,
                                                "avg_pool3d")
    pool._divisor_override(divisor_override, "avg_pool3d")
    geom = pool._geometry(x, kernel, stride, padding, (1, 1, 1), ceil_mode, "avg_pool3d",
                          False)
    n, c, depth, height, width = x.shape
    out_d = geom.out_size[0]
    back = max(0, (out_d - 1) * stride[0] + kernel[0] - padding[0] - depth)
    if padding[0] or back:
        x = autograd.pad(x, (0, 0, 0, 0, padding[0], back))
    at = np.arange(out_d)[:, None] * stride[0] + np.arange(kernel[0])  # (Do, kd)
    slabs = ops.reduce_sum(x[:, :, at], (3,), False)  # (N, C, Do, H, W): depth sums
    plane = conv.Geometry(stride[1:], (1, 1), padding[1:], (height, width),  # type: ignore[arg-type]
                          geom.out_size[1:], c * out_d, kernel[1:])
    sums = rules.avg_pool(ops.reshape(slabs, (n, c * out_d, height, width)), plane,
                          np.asarray(1.0, x.dtype))
    divisor = (float(divisor_override) if divisor_override is not None
               else _counts(geom, count_include_pad))
    return pool._reshaped(sums, lead + geom.out_size) / np.asarray(divisor, x.dtype)


class MaxPool3d(Module):
    """max_pool3d as a layer (PyTorch's argument order: return_indices, ceil_mode)."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 dilation: Any = 1, return_indices: bool = False, ceil_mode: bool = False
                 ) -> None:
        pool._settings(kernel_size, stride, padding, dilation, 3, "MaxPool3d")
        self.return_indices = arguments.flag(return_indices, "return_indices", "MaxPool3d")
        self.ceil_mode = arguments.flag(ceil_mode, "ceil_mode", "MaxPool3d")
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation

    def forward(self, input: Any) -> Any:  # noqa: A002
        return max_pool3d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          self.ceil_mode, self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool3d(Module):
    """avg_pool3d as a layer."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: int | None = None) -> None:
        pool._settings(kernel_size, stride, padding, 1, 3, "AvgPool3d")
        pool._divisor_override(divisor_override, "AvgPool3d")
        self.ceil_mode = arguments.flag(ceil_mode, "ceil_mode", "AvgPool3d")
        self.count_include_pad = arguments.flag(count_include_pad, "count_include_pad",
                                                "AvgPool3d")
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.divisor_override = divisor_override

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"




# ------------------------------------------------------------------ adaptive pooling


def adaptive_avg_pool3d(input: Any, output_size: Any) -> Tensor:  # noqa: A002
    """Average pooling to a given (Do, Ho, Wo) (an int or 3; None keeps that size, 0 gives
    an empty output, as PyTorch) over (N, C, D, H, W) or (C, D, H, W), with PyTorch's
    windows."""
    where = "adaptive_avg_pool3d"
    x = conv.tensor(input, where)
    if x.ndim not in (4, 5):
        raise ValueError(f"{where}: expected a 4-D (unbatched) or 5-D (batched) input, got "
                         f"shape {x.shape}")
    if 0 in x.shape[-4:]:
        raise ValueError(f"{where}: expected an input with no empty dims but the batch's, "
                         f"got shape {x.shape}")
    sizes = x.shape[-3:]
    outs = pool._adaptive_sizes(output_size, sizes, where, minimum=0)
    depth, rows, cols = (pool._averaging(n, m).astype(x.dtype)
                         for n, m in zip(sizes, outs, strict=True))
    planes = rules.adaptive_avg_pool(x, rows, cols.T)  # (..., D, Ho, Wo)
    if outs[0] == sizes[0]:  # the depth kept: its averaging is the identity
        return planes
    d = x.ndim - 3
    depth_last = (*range(d), d + 1, d + 2, d)  # (..., Ho, Wo, D)
    y = rules.adaptive_avg_pool(ops.transpose(planes, depth_last), None, depth.T)
    return ops.transpose(y, (*range(d), d + 2, d, d + 1))


class AdaptiveAvgPool3d(Module):
    """adaptive_avg_pool3d as a layer: AdaptiveAvgPool3d(1) is global average pooling."""

    def __init__(self, output_size: Any) -> None:
        pool._adaptive_sizes(output_size, (1, 1, 1), "AdaptiveAvgPool3d", minimum=0)
        self.output_size = output_size

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return adaptive_avg_pool3d(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"
