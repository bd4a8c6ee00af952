"""Pooling: max, average and adaptive average, 1-D and 2-D, functions and layers.

Each is one rule of nn/pool/pooling_rules.py (max_pool, avg_pool, adaptive_avg_pool: where their
derivatives come from); here are PyTorch's arguments, output sizes and divisors: max
pooling's first maximum wins a tie, and nan wins; average pooling divides by PyTorch's
divisor (count_include_pad, ceil_mode, divisor_override); adaptive average pooling averages
PyTorch's windows [floor(i n / m), ceil((i + 1) n / m)).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor, ops
from autograd.arguments import index_result, shown

from .. import arguments
from ..convolution import conv
from ..convolution.conv_rules import Saved
from . import pooling_rules as rules


def _settings(kernel_size: Any, stride: Any, padding: Any, dilation: Any, n: int,
              where: str) -> tuple[tuple[int, ...], ...]:
    kernel = conv.as_tuple(kernel_size, n, "kernel_size", where)
    no_stride = stride is None or (isinstance(stride, (list, tuple)) and not stride)
    stride = kernel if no_stride else conv.as_tuple(stride, n, "stride", where)
    return (kernel, stride, conv.as_tuple(padding, n, "padding", where, minimum=0),
            conv.as_tuple(dilation, n, "dilation", where))


def _output_size(size: int, k: int, pad: int, s: int, d: int, ceil_mode: bool) -> int:
    """PyTorch's pooling_output_shape: with ceil_mode the last window may overhang the
    input, but must start inside it or its left padding."""
    out = (size + 2 * pad - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + pad:
        out -= 1
    return out


def _planes(input: Any, n: int, where: str) -> tuple[Tensor, tuple[int, ...]]:  # noqa: A002
    """input as (N, C, H, W) (a 1-D input gets height 1), and the shape to give back."""
    x = conv.tensor(input, where)
    if x.ndim not in (n + 1, n + 2):
        raise ValueError(f"{where}: expected a {n + 1}-D (unbatched) or {n + 2}-D (batched) "
                         f"input, got shape {x.shape}")
    lead = x.shape[:-n]
    batch = x.shape[0] if x.ndim == n + 2 else 1
    planes = (batch, x.shape[-n - 1], *(1,) * (2 - n), *x.shape[-n:])
    return _reshaped(x, planes), lead


def _reshaped(x: Tensor, shape: tuple[int, ...]) -> Tensor:
    """x in this shape: x itself if it has it (2-D pooling of a batch needs no Reshape node)."""
    return x if x.shape == shape else ops.reshape(x, shape)


def _geometry(x: Tensor, kernel: tuple[int, ...], stride: tuple[int, ...],
              padding: tuple[int, ...], dilation: tuple[int, ...], ceil_mode: bool,
              where: str, dilated: bool) -> conv.Geometry:
    """The windows as a depthwise convolution's geometry, with pooling's output size."""
    n = len(kernel)
    for k, p, d in zip(kernel, padding, dilation, strict=True):
        reach = d * (k - 1) + 1 if dilated else k
        if 2 * p > reach:
            raise ValueError(f"{where}: pad should be at most half of the "
                             f"{'effective ' * dilated}kernel size, but got pad={p}, "
                             f"kernel_size={k}" + f" and dilation={d}" * dilated)
    sizes = x.shape[-n:]
    out = tuple(_output_size(*args, ceil_mode) for args in zip(sizes, kernel, padding, stride,
                                                                dilation, strict=True))
    if any(o < 1 for o in out):
        raise ValueError(f"{where}: given input size {x.shape[1:]}, the output size would "
                         f"be {(x.shape[1], *out)}: too small")
    one, zero = (1,) * (2 - n), (0,) * (2 - n)
    return conv.Geometry(one + stride, one + dilation, zero + padding, x.shape[2:], one + out,
                         x.shape[1], one + kernel)


def _max_pool(input: Any, n: int, kernel_size: Any, stride: Any, padding: Any,  # noqa: A002
              dilation: Any, ceil_mode: bool, return_indices: bool, where: str) -> Any:
    x, lead = _planes(input, n, where)
    ceil_mode = arguments.flag(ceil_mode, "ceil_mode", where)
    return_indices = arguments.flag(return_indices, "return_indices", where)
    kernel, stride, padding, dilation = _settings(kernel_size, stride, padding, dilation, n,
                                                  where)
    geom = _geometry(x, kernel, stride, padding, dilation, ceil_mode, where, True)
    saved = Saved()
    shape = lead + geom.out_size[2 - n:]
    values = _reshaped(rules.max_pool(x, geom, saved), shape)
    if not return_indices:
        return values
    rows, cols = rules.rows_and_columns(saved.position, saved.none_won, geom)
    return values, index_result((rows * x.shape[3] + cols).reshape(shape), Tensor)


def max_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """The maximum of each window of (N, C, H, W) or (C, H, W), as
    torch.nn.functional.max_pool2d (stride defaults to kernel_size; padding is -inf, at
    most half the dilated kernel). With return_indices, also each maximum's index h * W + w
    within its plane (PyTorch's). The gradient goes to each window's first maximum."""
    return _max_pool(input, 2, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices, "max_pool2d")


def max_pool1d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """The maximum of each window of (N, C, L) or (C, L), as torch.nn.functional.max_pool1d."""
    return _max_pool(input, 1, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices, "max_pool1d")


def _divisor(geom: conv.Geometry, kernel: tuple[int, int], count_include_pad: bool,
             divisor_override: Any) -> np.ndarray | float:
    """PyTorch's avg_pool2d divisor per output position: the window's size cut to the
    padded input (count_include_pad) or to the input itself."""
    if divisor_override is not None:
        return float(divisor_override)
    sizes = []
    for axis in range(2):
        size, pad = geom.in_size[axis], geom.padding[axis]
        start = np.arange(geom.out_size[axis]) * geom.stride[axis] - pad
        end = np.minimum(start + kernel[axis], size + pad)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, size)
        sizes.append(end - start)
    return (sizes[0][:, None] * sizes[1]).astype(np.float64)


def _avg_pool(input: Any, n: int, kernel_size: Any, stride: Any, padding: Any,  # noqa: A002
              ceil_mode: bool, count_include_pad: bool, divisor_override: Any,
              where: str) -> Tensor:
    x, lead = _planes(input, n, where)
    ceil_mode = arguments.flag(ceil_mode, "ceil_mode", where)
    count_include_pad = arguments.flag(count_include_pad, "count_include_pad", where)
    kernel, stride, padding, _ = _settings(kernel_size, stride, padding, 1, n, where)
    _divisor_override(divisor_override, where)
    geom = _geometry(x, kernel, stride, padding, (1,) * n, ceil_mode, where, False)
    divisor = np.asarray(_divisor(geom, geom.kernel, count_include_pad, divisor_override),
                         x.dtype)
    return _reshaped(rules.avg_pool(x, geom, divisor), lead + geom.out_size[2 - n:])


def _divisor_override(divisor_override: Any, where: str) -> None:
    """None, or a nonzero int (PyTorch refuses 0 only)."""
    if divisor_override is not None and arguments.integer(
            divisor_override, "divisor_override", where) == 0:
        raise ValueError(f"{where}: divisor_override must be a nonzero int, got 0")


def avg_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """The mean of each window of (N, C, H, W) or (C, H, W), as
    torch.nn.functional.avg_pool2d: zero padding, counted in the divisor unless
    count_include_pad=False; divisor_override replaces the divisor."""
    return _avg_pool(input, 2, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override, "avg_pool2d")


def avg_pool1d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
               ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """The mean of each window of (N, C, L) or (C, L), as torch.nn.functional.avg_pool1d."""
    return _avg_pool(input, 1, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     None, "avg_pool1d")


def _averaging(size: int, out: int) -> np.ndarray:
    """(out, size): row i averages PyTorch's adaptive window [floor(i size / out),
    ceil((i + 1) size / out))."""
    i = np.arange(out)
    start, end = i * size // out, -(-(i + 1) * size // out)
    inside = (np.arange(size) >= start[:, None]) & (np.arange(size) < end[:, None])
    return inside / (end - start)[:, None]


def _adaptive_sizes(output_size: Any, sizes: tuple[int, ...], where: str,
                    minimum: int = 1) -> tuple[int, ...]:
    """An int or n ints (None keeps that size), each at least `minimum` (adaptive max
    pooling takes 0, an empty output, as PyTorch)."""
    n = len(sizes)
    given = tuple(output_size) if isinstance(output_size, (list, tuple)) else (output_size,) * n
    if len(given) != n:
        raise ValueError(f"{where}: output_size must be an int or {n} ints (None keeps a "
                         f"size), got {shown(output_size)}")
    chosen = tuple(size if o is None else o for o, size in zip(given, sizes, strict=True))
    return conv.as_tuple(chosen, n, "output_size", where, minimum)


def adaptive_avg_pool2d(input: Any, output_size: Any) -> Tensor:  # noqa: A002
    """Average pooling to a given (Ho, Wo) (an int, a pair; None keeps that size) over
    (N, C, H, W) or (C, H, W), with PyTorch's windows."""
    x = conv.tensor(input, "adaptive_avg_pool2d")
    if x.ndim not in (3, 4):
        raise ValueError(f"adaptive_avg_pool2d: expected a 3-D or 4-D input, got shape "
                         f"{x.shape}")
    out_h, out_w = _adaptive_sizes(output_size, x.shape[-2:], "adaptive_avg_pool2d")
    rows = _averaging(x.shape[-2], out_h).astype(x.dtype)
    cols = _averaging(x.shape[-1], out_w).T.astype(x.dtype)
    return rules.adaptive_avg_pool(x, rows, cols)


def adaptive_avg_pool1d(input: Any, output_size: Any) -> Tensor:  # noqa: A002
    """Average pooling to a given length over (N, C, L) or (C, L), with PyTorch's windows."""
    x = conv.tensor(input, "adaptive_avg_pool1d")
    if x.ndim not in (2, 3):
        raise ValueError(f"adaptive_avg_pool1d: expected a 2-D or 3-D input, got shape "
                         f"{x.shape}")
    (out,) = _adaptive_sizes(output_size, x.shape[-1:], "adaptive_avg_pool1d")
    return rules.adaptive_avg_pool(x, None, _averaging(x.shape[-1], out).T.astype(x.dtype))
