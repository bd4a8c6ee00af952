"""3-D convolution, F.conv3d and nn.Conv3d, and the transposed one, F.conv_transpose3d and
nn.ConvTranspose3d, as PyTorch's, on the 2-D convolution's rules.

A 3-D convolution is a 2-D one over the depth windows: for each output depth t, its kd input
slices (depth t s + q d - p, q < kd; zeros past the input) are stacked as kd times the
channels, and the weight (O, C/g, kd, kh, kw) read as (O, kd C/g, kh, kw):

    y[n, o, t] = conv2d(stack_q x[n, :, t s + q d - p], w[o] as (kd C/g, kh, kw))

So every output depth of every sample is one image of a single conv2d (batch N * Do), one
node of the convolution rule (nn/convolution/conv_rules.py), after one gather of the depth windows:
the derivatives of every order are those rules' (no rule of its own). Like im2col, the
gather copies the input kd times.

The transposed convolution (F.conv_transpose3d, nn.ConvTranspose3d) is conv3d's adjoint in
its input, so it is those steps transposed, in reverse: the 2-D transposed convolution of
each input depth's image (nn/convolution/conv_rules.py's conv_transpose, one node) gives its kd
output
slices, one per kernel depth q, and the gather's transpose, a scatter_add, adds each at its
depth t s + q d - p:

    x[n, :, t s + q d - p] += conv_transpose2d(y[n, :, t], w[:, :, q])   (t < Di, q < kd)
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
from autograd import Tensor, ops

from . import conv
from .conv_layers import _Conv, _ConvTranspose
from .conv_rules import Geometry, convolve, convolve_input


def convolve3d(x: Tensor, w: Tensor, geom: Geometry, b: Tensor | None = None) -> Tensor:
    """y[n, o, t, i, j] = b[o] + sum over o's group's channels c and the kernel (q, p, r) of
    xpad[n, c, t s + q d, i s + p d, j s + r d] w[o, c, q, p, r]: (N, C, D, H, W) -> (N, O,
    Do, Ho, Wo), as conv2d over each output depth's window of kd slices."""
    n, c, depth, height, width = x.shape
    out_channels, per_group, kd = w.shape[:3]
    groups, out_d = geom.groups, geom.out_size[0]
    stride, dilation, front = geom.stride[0], geom.dilation[0], geom.padding[0]
    back = max(0, (out_d - 1) * stride + dilation * (kd - 1) + 1 - front - depth)
    if front or back:  # zeros as far as the depth windows reach
        x = autograd.pad(x, (0, 0, 0, 0, front, back))
    at = np.arange(out_d)[:, None] * stride + np.arange(kd) * dilation  # (Do, kd)
    windows = x[:, :, at]  # (N, C, Do, kd, H, W)
    # as images (N Do, g kd C/g, H, W): each group's channels together, depth-major
    windows = ops.reshape(windows, (n, groups, per_group, out_d, kd, height, width))
    windows = ops.transpose(windows, (0, 3, 1, 4, 2, 5, 6))
    images = ops.reshape(windows, (n * out_d, groups * kd * per_group, height, width))
    w2 = ops.reshape(ops.transpose(w, (0, 2, 1, 3, 4)),
                     (out_channels, kd * per_group, *w.shape[3:]))
    plane = Geometry(geom.stride[1:], geom.dilation[1:], geom.padding[1:],  # type: ignore[arg-type]
                     (height, width), geom.out_size[1:], groups, geom.kernel[1:])
    y = convolve(images, w2, plane, b)  # (N Do, O, Ho, Wo)
    y = ops.reshape(y, (n, out_d, out_channels, *geom.out_size[1:]))
    return ops.transpose(y, (0, 2, 1, 3, 4))


def conv3d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """3-D cross-correlation, as torch.nn.functional.conv3d: input (N, C, D, H, W) or
    (C, D, H, W), weight (O, C/groups, kd, kh, kw), bias (O,); padding an int, 3 ints,
    'valid' or 'same' (zeros)."""
    x, batched = conv._batched(conv.tensor(input, "conv3d"), 3, "conv3d")
    w = conv.tensor(weight, "conv3d", "weight")
    conv._check_weight(w, 3, "conv3d")
    stride = conv.as_tuple(stride, 3, "stride", "conv3d")
    dilation = conv.as_tuple(dilation, 3, "dilation", "conv3d")
    pads = conv.padding_pairs(padding, w.shape[2:], stride, dilation, "conv3d")
    geom = conv.geometry(x.shape, w.shape, stride, pads, dilation, groups, "conv3d")
    y = convolve3d(x, w, geom, conv._bias(bias, w.shape[0], "conv3d"))
    return y if batched else ops.reshape(y, y.shape[1:])


class Conv3d(_Conv):
    """3-D convolution over (N, C_in, D, H, W) or (C_in, D, H, W): weight (C_out,
    C_in / groups, kd, kh, kw), output (N, C_out, floor((D + 2 p - d (kd - 1) - 1) / s) + 1,
    ...).

    padding: an int, 3 ints, 'valid' or 'same' (with padding_mode 'zeros', 'reflect',
    'replicate' or 'circular'); stride, dilation, groups, bias as PyTorch.
    """

    spatial = 3

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        settings = {"stride": self.stride, "dilation": self.dilation, "groups": self.groups}
        if self.padding_mode == "zeros":
            return conv3d(input, self.weight, self.bias, padding=self.padding, **settings)
        pairs = conv.padding_pairs(self.padding, self.kernel_size, self.stride, self.dilation,
                                   "Conv3d")
        amounts = [amount for pair in reversed(pairs) for amount in pair]  # last axis first
        padded = autograd.pad(conv.tensor(input, "Conv3d"), amounts, mode=self.padding_mode)
        return conv3d(padded, self.weight, self.bias, padding=0, **settings)


# ------------------------------------------------------------ the transposed convolution


def convolve3d_input(y: Tensor, w: Tensor, geom: Geometry, b: Tensor | None = None) -> Tensor:
    """convolve3d's adjoint in x, the transposed convolution (+ b): y (N, C, Di, Hi, Wi),
    w (C, O/g, kd, kh, kw) -> (N, O, D, H, W). `geom` is the convolution's, from the output
    back to y (nn/convolution/conv.py's transpose_geometry)."""
    n, channels, in_d = y.shape[:3]
    per_group, kd = w.shape[1:3]
    groups, out_channels = geom.groups, w.shape[1] * geom.groups
    depth, (height, width) = geom.in_size[0], geom.in_size[1:]
    stride, dilation, front = geom.stride[0], geom.dilation[0], geom.padding[0]
    # each input depth an image (N Di, C, Hi, Wi); the weight as convolve3d reads it
    images = ops.reshape(ops.transpose(y, (0, 2, 1, 3, 4)), (n * in_d, channels, *y.shape[3:]))
    w2 = ops.reshape(ops.transpose(w, (0, 2, 1, 3, 4)), (channels, kd * per_group, *w.shape[3:]))
    plane = Geometry(geom.stride[1:], geom.dilation[1:], geom.padding[1:],  # type: ignore[arg-type]
                     (height, width), y.shape[3:], groups, geom.kernel[1:])
    slices = convolve_input(images, w2, plane)  # (N Di, g kd O/g, H, W)
    slices = ops.reshape(slices, (n, in_d, groups, kd, per_group, height, width))
    slices = ops.transpose(slices, (0, 2, 4, 1, 3, 5, 6))  # (N, g, O/g, Di, kd, H, W)
    slices = ops.reshape(slices, (n, out_channels, in_d, kd, height, width))
    # each slice added at its depth in the padded output, which reaches the last one
    at = np.arange(in_d)[:, None] * stride + np.arange(kd) * dilation  # (Di, kd)
    padded = max((in_d - 1) * stride + dilation * (kd - 1) + 1, front + depth)
    x = ops.scatter_add(slices, (slice(None), slice(None), at),
                        (n, out_channels, padded, height, width))
    if front or padded > front + depth:  # the padding cut off (past the reach: zeros)
        x = x[:, :, front:front + depth]
    return x if b is None else x + ops.reshape(b, (out_channels, 1, 1, 1))


def conv_transpose3d(input: Any, weight: Any, bias: Any = None, stride: Any = 1,  # noqa: A002
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Tensor:
    """3-D transposed convolution (the gradient of conv3d with respect to its input), as
    torch.nn.functional.conv_transpose3d: input (N, C, D, H, W) or (C, D, H, W), weight
    (C, O/groups, kd, kh, kw), bias (O,); output (N, O, (D - 1) s - 2 p + d (kd - 1) +
    output_padding + 1, ...)."""
    x, batched = conv._batched(conv.tensor(input, "conv_transpose3d"), 3, "conv_transpose3d")
    w = conv.tensor(weight, "conv_transpose3d", "weight")
    conv._check_weight(w, 3, "conv_transpose3d")
    geom = conv.transpose_geometry(x.shape, w.shape, stride, padding, output_padding, groups,
                                   dilation, "conv_transpose3d")
    b = conv._bias(bias, w.shape[1] * geom.groups, "conv_transpose3d")
    y = convolve3d_input(x, w, geom, b)
    return y if batched else ops.reshape(y, y.shape[1:])


class ConvTranspose3d(_ConvTranspose):
    """3-D transposed convolution (the gradient of Conv3d with respect to its input) over
    (N, C_in, D, H, W) or (C_in, D, H, W): weight (C_in, C_out / groups, kd, kh, kw), output
    (N, C_out, (D - 1) s - 2 p + d (kd - 1) + output_padding + 1, ...)."""

    spatial = 3

    def forward(self, input: Any, output_size: Any = None) -> Tensor:  # noqa: A002
        """`output_size` (the spatial sizes, or the whole shape) picks the output_padding
        that gives it, as PyTorch's."""
        extra = self._output_padding(input, output_size)
        return conv_transpose3d(input, self.weight, self.bias, self.stride, self.padding,
                                extra, self.groups, self.dilation)
