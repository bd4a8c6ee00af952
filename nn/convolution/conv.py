"""Convolutions: F.conv1d, F.conv2d, F.conv_transpose1d and F.conv_transpose2d, as PyTorch's.

Here are PyTorch's arguments (stride, padding as ints, pairs, 'valid' or 'same', dilation,
groups, output_padding), their checks and output sizes; each function is one rule of
nn/convolution/conv_rules.py (the convolution or the transposed convolution, where the derivatives
come
from) on the geometry they give. 1-D convolutions are 2-D ones of height 1.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor, ops
from autograd.arguments import shown

from .. import arguments
from .conv_rules import Geometry, convolve, convolve_input

# ------------------------------------------------------------------------- arguments


def as_tuple(value: Any, n: int, name: str, where: str, minimum: int = 1) -> tuple[int, ...]:
    """An int or a sequence of n ints, each at least `minimum`, as a tuple of n ints."""
    items = (tuple(value) if isinstance(value, Sequence) and not isinstance(value, str)
             else (value,) * n)
    for v in items:
        if not isinstance(v, numbers.Integral) or isinstance(v, (bool, np.bool_)):
            raise TypeError(f"{where}: {name} must be an int or {n} ints, got {shown(v)}")
    if len(items) != n:
        raise ValueError(f"{where}: {name} must be an int or {n} ints, got {shown(value)}")
    if any(v < minimum for v in items):
        raise ValueError(f"{where}: {name} must be at least {minimum}, got {value!r}")
    return tuple(int(v) for v in items)


def padding_pairs(padding: Any, kernel: Sequence[int], stride: Sequence[int],
                  dilation: Sequence[int], where: str) -> list[tuple[int, int]]:
    """(before, after) per spatial axis, from ints, 'valid' or 'same' (as PyTorch: for an
    even kernel 'same' puts the extra zero after)."""
    n = len(kernel)
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0)] * n
        if padding != "same":
            raise ValueError(f"{where}: padding must be 'valid', 'same', an int or {n} ints, "
                             f"got {padding!r}"[:300])
        if any(s != 1 for s in stride):
            raise ValueError(f"{where}: padding='same' is not supported for strided "
                             f"convolutions (stride {tuple(stride)})")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
        return [(t // 2, t - t // 2) for t in totals]
    return [(p, p) for p in as_tuple(padding, n, "padding", where, minimum=0)]


def _groups(groups: Any, where: str) -> int:
    if arguments.integer(groups, "groups", where) < 1:
        raise ValueError(f"{where}: groups must be a positive int, got {groups!r}")
    return int(groups)


def geometry(x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: Sequence[int],
             pads: Sequence[tuple[int, int]], dilation: Sequence[int], groups: Any,
             where: str) -> Geometry:
    """The geometry of conv(x, w) for a batched x (N, C, H, W) and w (O, C/groups, kh, kw),
    checked, with PyTorch's output size floor((H + pads - d (k - 1) - 1) / s) + 1."""
    groups = _groups(groups, where)
    channels, out_channels = x_shape[1], w_shape[0]
    if out_channels % groups:
        raise ValueError(f"{where}: out_channels ({out_channels}) must be divisible by "
                         f"groups ({groups})")
    if channels != w_shape[1] * groups:
        raise ValueError(f"{where}: given groups={groups}, weight of size {w_shape} expects "
                         f"input {x_shape} to have {w_shape[1] * groups} channels, but it has "
                         f"{channels}")
    sizes = x_shape[2:]
    kernel = w_shape[2:]
    out = tuple((n + lo + hi - d * (k - 1) - 1) // s + 1
                for n, (lo, hi), d, k, s in zip(sizes, pads, dilation, kernel, stride,
                                                strict=True))
    if any(n < 1 for n in out):
        padded = tuple(n + lo + hi for n, (lo, hi) in zip(sizes, pads, strict=True))
        reach = tuple(d * (k - 1) + 1 for d, k in zip(dilation, kernel, strict=True))
        raise ValueError(f"{where}: padded input size {padded} is smaller than the (dilated) "
                         f"kernel size {reach}")
    return Geometry(tuple(stride), tuple(dilation), tuple(lo for lo, _ in pads),
                    tuple(sizes), out, int(groups), tuple(kernel))  # type: ignore[arg-type]


def tensor(x: Any, where: str, name: str = "input") -> Tensor:
    """x as a Tensor (an array or a list becomes a constant one); else an error naming
    `where` and the argument `name`."""
    return arguments.tensor(x, where, name)


def _batched(x: Tensor, spatial: int, where: str) -> tuple[Tensor, bool]:
    """x with a batch axis (as PyTorch, an input without one gets one), and whether it had."""
    if x.ndim == spatial + 2:
        return x, True
    if x.ndim == spatial + 1:
        return ops.reshape(x, (1, *x.shape)), False
    raise ValueError(f"{where}: expected a {spatial + 1}-D (unbatched) or {spatial + 2}-D "
                     f"(batched) input, got shape {x.shape}")


def _check_weight(w: Tensor, spatial: int, where: str) -> None:
    if w.ndim != spatial + 2:
        raise ValueError(f"{where}: weight must be {spatial + 2}-D, got shape {w.shape}")


def _bias(bias: Any, channels: int, where: str) -> Tensor | None:
    if bias is None:
        return None
    b = tensor(bias, where, "bias")
    if b.shape != (channels,):
        raise ValueError(f"{where}: bias of shape {b.shape} does not fit {channels} output "
                         f"channels: expected ({channels},)")
    return b


# --------------------------------------------------------------------- the functions


def conv2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-D cross-correlation, as torch.nn.functional.conv2d: input (N, C, H, W) or
    (C, H, W), weight (O, C/groups, kh, kw), bias (O,); padding an int, a pair, 'valid'
    or 'same' (zeros)."""
    x, batched = _batched(tensor(input, "conv2d"), 2, "conv2d")
    w = tensor(weight, "conv2d", "weight")
    _check_weight(w, 2, "conv2d")
    stride = as_tuple(stride, 2, "stride", "conv2d")
    dilation = as_tuple(dilation, 2, "dilation", "conv2d")
    pads = padding_pairs(padding, w.shape[2:], stride, dilation, "conv2d")
    geom = geometry(x.shape, w.shape, stride, pads, dilation, groups, "conv2d")
    y = convolve(x, w, geom, _bias(bias, w.shape[0], "conv2d"))
    return y if batched else ops.reshape(y, y.shape[1:])


def conv1d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """1-D cross-correlation, as torch.nn.functional.conv1d: input (N, C, L) or (C, L),
    weight (O, C/groups, k), bias (O,); padding an int, 'valid' or 'same' (zeros)."""
    x, batched = _batched(tensor(input, "conv1d"), 1, "conv1d")
    w = tensor(weight, "conv1d", "weight")
    _check_weight(w, 1, "conv1d")
    (stride,) = as_tuple(stride, 1, "stride", "conv1d")
    (dilation,) = as_tuple(dilation, 1, "dilation", "conv1d")
    pads = padding_pairs(padding, w.shape[2:], (stride,), (dilation,), "conv1d")
    x4, w4 = ops.unsqueeze(x, 2), ops.unsqueeze(w, 2)  # height 1
    geom = geometry(x4.shape, w4.shape, (1, stride), [(0, 0), *pads], (1, dilation), groups,
                    "conv1d")
    y = convolve(x4, w4, geom, _bias(bias, w.shape[0], "conv1d"))
    y = ops.reshape(y, (y.shape[0], y.shape[1], y.shape[3]))
    return y if batched else ops.reshape(y, y.shape[1:])


def transpose_geometry(x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: Any,
                       padding: Any, output_padding: Any, groups: Any, dilation: Any,
                       where: str) -> Geometry:
    """The geometry of the convolution whose input-adjoint a transposed convolution is: its
    output, of size (H - 1) s - 2 p + d (k - 1) + output_padding + 1, is that conv's input."""
    n = len(w_shape) - 2
    stride = as_tuple(stride, n, "stride", where)
    dilation = as_tuple(dilation, n, "dilation", where)
    padding = as_tuple(padding, n, "padding", where, minimum=0)
    extra = as_tuple(output_padding, n, "output_padding", where, minimum=0)
    if any(e >= s and e >= d for e, s, d in zip(extra, stride, dilation, strict=True)):
        raise ValueError(f"{where}: output_padding {extra} must be smaller than either stride "
                         f"{stride} or dilation {dilation}")
    groups = _groups(groups, where)
    if x_shape[1] != w_shape[0] or w_shape[0] % groups:
        raise ValueError(f"{where}: weight of size {w_shape} expects input {x_shape} to have "
                         f"{w_shape[0]} channels (divisible by groups={groups}), but it has "
                         f"{x_shape[1]}")
    sizes = tuple((h - 1) * s - 2 * p + d * (k - 1) + e + 1 for h, s, p, d, k, e in
                  zip(x_shape[2:], stride, padding, dilation, w_shape[2:], extra, strict=True))
    if any(size < 1 for size in sizes):
        raise ValueError(f"{where}: input {x_shape} gives an output of size {sizes}; every "
                         "size must be at least 1")
    # The conv from that output back reads `padding` zeros before and output_padding fewer
    # after, so that it gives exactly the input's size.
    return Geometry(stride, dilation, padding, sizes, tuple(x_shape[2:]),  # type: ignore[arg-type]
                    int(groups), tuple(w_shape[2:]))


def conv_transpose2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """2-D transposed convolution (the gradient of conv2d with respect to its input), as
    torch.nn.functional.conv_transpose2d: input (N, C, H, W) or (C, H, W), weight
    (C, O/groups, kh, kw), bias (O,); output (N, O, (H - 1) s - 2 p + d (kh - 1) +
    output_padding + 1, ...)."""
    x, batched = _batched(tensor(input, "conv_transpose2d"), 2, "conv_transpose2d")
    w = tensor(weight, "conv_transpose2d", "weight")
    _check_weight(w, 2, "conv_transpose2d")
    geom = transpose_geometry(x.shape, w.shape, stride, padding, output_padding, groups,
                              dilation, "conv_transpose2d")
    b = _bias(bias, w.shape[1] * geom.groups, "conv_transpose2d")
    y = convolve_input(x, w, geom, b)
    return y if batched else ops.reshape(y, y.shape[1:])


def conv_transpose1d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """1-D transposed convolution, as torch.nn.functional.conv_transpose1d: input (N, C, L)
    or (C, L), weight (C, O/groups, k), bias (O,)."""
    x, batched = _batched(tensor(input, "conv_transpose1d"), 1, "conv_transpose1d")
    w = tensor(weight, "conv_transpose1d", "weight")
    _check_weight(w, 1, "conv_transpose1d")
    x4, w4 = ops.unsqueeze(x, 2), ops.unsqueeze(w, 2)
    geom = transpose_geometry(
        x4.shape, w4.shape, (1, *as_tuple(stride, 1, "stride", "conv_transpose1d")),
        (0, *as_tuple(padding, 1, "padding", "conv_transpose1d", minimum=0)),
        (0, *as_tuple(output_padding, 1, "output_padding", "conv_transpose1d", minimum=0)),
        groups, (1, *as_tuple(dilation, 1, "dilation", "conv_transpose1d")),
        "conv_transpose1d")
    y = convolve_input(x4, w4, geom, _bias(bias, w.shape[1] * geom.groups, "conv_transpose1d"))
    y = ops.reshape(y, (y.shape[0], y.shape[1], y.shape[3]))
    return y if batched else ops.reshape(y, y.shape[1:])
