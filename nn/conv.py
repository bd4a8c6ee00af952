"""Convolutions: F.conv1d, F.conv2d, F.conv_transpose1d, F.conv_transpose2d, and their rules.

A convolution is a matrix product with the input's windows: im2col copies each window into
a column (one per output position), and conv(x, w) = w @ im2col(x), per group. Two rules
are new, and they are each other's adjoint (both are linear):

    im2col(x)      the windows of x (padded with zeros), one column per output position
    col2im(cols)   each column's entries added back where they were read: the adjoint,
                   <col2im(c), x> = <c, im2col(x)>

so d/dx im2col = col2im and d/dc col2im = im2col, and every derivative, of any order, of a
convolution, a transposed convolution (col2im(w.T @ y)) or a weight gradient
(y @ im2col(x).T) is again matmuls, reshapes and these two: second order needs no more code.
The backward of conv reuses the columns the forward made (they are the matmul's input)
instead of copying the windows again.

im2col reads the windows through a strided view (np.lib.stride_tricks.as_strided) and
copies them once; the products are BLAS matmuls, one per group. col2im adds the columns back
with a loop over the kh*kw kernel positions, each a vectorised strided add over every
sample, channel and output position: that measured faster than np.add.at, and than a full
convolution of the zero-padded gradient with the flipped kernel (which copies the padded
gradient kh*kw times). The columns are laid out batch last, (C/g * kh * kw, Ho * Wo * N)
per group: the copies and adds then run over long contiguous stretches (a row of Wo * N
values, not of Wo), each group is one large matmul rather than one per sample, and the
output (N, O, Ho, Wo) is a free transposed view. On LeNet's layers this measured up to 2.3
times faster than the batch-first layout (N, C/g * kh * kw, Ho * Wo), which needs a small
matmul per sample. 1-D convolutions are 2-D ones of height 1.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd import Primitive, Tensor, ops
from autograd.arguments import shown

from . import arguments


class Geometry(NamedTuple):
    """Where the windows of a 2-D convolution lie: per spatial axis (height, width)."""

    stride: tuple[int, int]
    dilation: tuple[int, int]
    padding: tuple[int, int]  # zeros before the input; after it, as many as the windows reach
    in_size: tuple[int, int]  # the input's (H, W), which col2im gives back
    out_size: tuple[int, int]  # the output's (Ho, Wo)
    groups: int
    kernel: tuple[int, int]


# ------------------------------------------------------------------------- the rules


def _reach(geom: Geometry) -> tuple[int, int]:
    """How far into the padded input the windows read, per axis: the last window's end."""
    return tuple((n - 1) * s + d * (k - 1) + 1  # type: ignore[return-value]
                 for n, s, d, k in zip(geom.out_size, geom.stride, geom.dilation, geom.kernel,
                                       strict=True))


def _im2col(x: np.ndarray, geom: Geometry) -> np.ndarray:
    """(N, C, H, W) -> (groups, C/groups * kh * kw, Ho * Wo * N): a column per position."""
    batch_last = np.ascontiguousarray(x.transpose(1, 2, 3, 0))  # (C, H, W, N)
    c, height, width, n = batch_last.shape
    (top, left), (reach_h, reach_w) = geom.padding, _reach(geom)
    padded = batch_last
    if top or left or height < reach_h or width < reach_w:  # zeros as far as windows reach
        padded = np.zeros((c, reach_h, reach_w, n), x.dtype)
        h, w = max(0, min(height, reach_h - top)), max(0, min(width, reach_w - left))
        padded[:, top:top + h, left:left + w] = batch_last[:, :h, :w]
    per_group = c // geom.groups
    sc, sh, sw, sn = padded.strides
    (stride_h, stride_w), (dil_h, dil_w) = geom.stride, geom.dilation
    windows = as_strided(
        padded, (geom.groups, per_group, *geom.kernel, *geom.out_size, n),
        (sc * per_group, sc, sh * dil_h, sw * dil_w, sh * stride_h, sw * stride_w, sn),
        writeable=False)
    return windows.reshape(geom.groups, per_group * geom.kernel[0] * geom.kernel[1],
                           geom.out_size[0] * geom.out_size[1] * n)


def _col2im(columns: np.ndarray, geom: Geometry) -> np.ndarray:
    """(groups, C/groups * kh * kw, Ho * Wo * N) -> (N, C, H, W): im2col's adjoint."""
    (kh, kw), (out_h, out_w) = geom.kernel, geom.out_size
    n = columns.shape[2] // (out_h * out_w)
    c = columns.shape[0] * columns.shape[1] // (kh * kw)
    columns = columns.reshape(c, kh, kw, out_h, out_w, n)
    (top, left), (height, width) = geom.padding, geom.in_size
    (stride_h, stride_w), (dil_h, dil_w) = geom.stride, geom.dilation
    reach_h, reach_w = _reach(geom)
    padded = np.zeros((c, max(reach_h, top + height), max(reach_w, left + width), n),
                      columns.dtype)
    span_h, span_w = stride_h * (out_h - 1) + 1, stride_w * (out_w - 1) + 1
    for p in range(kh):  # one strided add per kernel position (see the module docstring)
        for q in range(kw):
            h, w = p * dil_h, q * dil_w
            padded[:, h:h + span_h:stride_h, w:w + span_w:stride_w] += columns[:, p, q]
    x = padded[:, top:top + height, left:left + width]
    return np.ascontiguousarray(x.transpose(3, 0, 1, 2))


im2col = Primitive("im2col", _im2col, (lambda g, out, x, geom: col2im(g, geom),))
"""x's windows as columns; linear, so d/dx im2col(x) = col2im(g), its adjoint"""

col2im = Primitive("col2im", _col2im, (lambda g, out, columns, geom: im2col(g, geom),))
"""columns added back into an image: im2col's adjoint, so its vjp is im2col(g)"""


# --------------------------------------------------------- the three bilinear maps


def _grouped(w: Tensor, groups: int) -> Tensor:
    """The weight (O, C/g, kh, kw) as one matrix per group: (g, O/g, C/g * kh * kw)."""
    per_group = w.shape[1] * w.shape[2] * w.shape[3]
    return ops.reshape(w, (groups, w.shape[0] // groups, per_group))


def _output_columns(y: Tensor, groups: int) -> Tensor:
    """A convolution's output (N, O, Ho, Wo) as (g, O/g, Ho * Wo * N), as w @ im2col(x) is."""
    n, o, out_h, out_w = y.shape
    return ops.reshape(ops.transpose(y, (1, 2, 3, 0)), (groups, o // groups, out_h * out_w * n))


def convolve(x: Tensor, w: Tensor, geom: Geometry) -> Tensor:
    """y[n, o, i, j] = sum over o's group's channels c and the kernel (p, q) of
    xpad[n, c, i s + p d, j s + q d] w[o, c, p, q]: w @ im2col(x), per group."""
    y = ops.matmul(_grouped(w, geom.groups), im2col(x, geom))  # (g, O/g, Ho * Wo * N)
    y = ops.reshape(y, (w.shape[0], *geom.out_size, x.shape[0]))
    return ops.transpose(y, (3, 0, 1, 2))  # (N, O, Ho, Wo), a view


def convolve_input(y: Tensor, w: Tensor, geom: Geometry) -> Tensor:
    """convolve's adjoint in x (the transposed convolution): col2im(w.T @ y), per group."""
    return col2im(ops.matmul(ops.swap_last(_grouped(w, geom.groups)),
                             _output_columns(y, geom.groups)), geom)


def convolve_weight(x: Tensor, y: Tensor, geom: Geometry, shape: tuple[int, ...]) -> Tensor:
    """convolve's adjoint in w (its weight gradient): y @ im2col(x).T, per group."""
    gw = ops.matmul(_output_columns(y, geom.groups), ops.swap_last(im2col(x, geom)))
    return ops.reshape(gw, shape)


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


def _plus_bias(y: Tensor, bias: Any, channels: int, where: str) -> Tensor:
    if bias is None:
        return y
    b = tensor(bias, where, "bias")
    if b.shape != (channels,):
        raise ValueError(f"{where}: bias of shape {b.shape} does not fit {channels} output "
                         f"channels: expected ({channels},)")
    return y + ops.reshape(b, (channels,) + (1,) * (y.ndim - 2))


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
    y = _plus_bias(convolve(x, w, geom), bias, w.shape[0], "conv2d")
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
    y = convolve(x4, w4, geom)
    y = _plus_bias(ops.reshape(y, (y.shape[0], y.shape[1], y.shape[3])), bias, w.shape[0],
                   "conv1d")
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
    y = _plus_bias(convolve_input(x, w, geom), bias, w.shape[1] * geom.groups, "conv_transpose2d")
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
    y = convolve_input(x4, w4, geom)
    y = _plus_bias(ops.reshape(y, (y.shape[0], y.shape[1], y.shape[3])), bias,
                   w.shape[1] * geom.groups, "conv_transpose1d")
    return y if batched else ops.reshape(y, y.shape[1:])
