"""A convolution's gradients as functions, as torch.nn.grad: conv1d_input, conv1d_weight,
conv2d_input, conv2d_weight.

Given the gradient of a convolution's output, these give the gradients of its input and of
its weight: the rules conv2d's own backward uses (nn/convolution/conv.py), so they are
differentiable
again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import Tensor, ops
from autograd.arguments import sizes as _sizes

from .convolution import conv, conv_rules


def _size(size: Any, n: int, name: str, where: str) -> tuple[int, ...]:
    """input_size or weight_size: n non-negative ints."""
    given = _sizes((size,), where, name)
    if len(given) != n:
        raise ValueError(f"{where}: {name} {given} must have {n} entries")
    return given


def _geometry(input_size: Sequence[int], weight_size: Sequence[int], grad_output: Tensor,
              stride: Any, padding: Any, dilation: Any, groups: int, where: str
              ) -> conv.Geometry:
    n = len(weight_size) - 2
    stride = conv.as_tuple(stride, n, "stride", where)
    dilation = conv.as_tuple(dilation, n, "dilation", where)
    pads = conv.padding_pairs(padding, tuple(weight_size[2:]), stride, dilation, where)
    if len(input_size) != n + 2:
        raise ValueError(f"{where}: input size {tuple(input_size)} must have {n + 2} entries "
                         f"(N, C, ...)")
    if n == 1:  # as conv1d: a 2-D convolution of height 1
        input_size, weight_size = (*input_size[:2], 1, input_size[2]), (*weight_size[:2], 1,
                                                                         weight_size[2])
        stride, dilation, pads = (1, *stride), (1, *dilation), [(0, 0), *pads]
    geom = conv.geometry(tuple(input_size), tuple(weight_size), stride, pads, dilation, groups,
                         where)
    expected = (input_size[0], weight_size[0], *geom.out_size[2 - n:])
    if grad_output.shape != expected:
        raise ValueError(f"{where}: grad_output has shape {grad_output.shape}, expected "
                         f"{expected} for an input of size {tuple(input_size)}")
    return geom


def conv2d_input(input_size: Sequence[int], weight: Any, grad_output: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """The gradient of conv2d's output with respect to its input, of shape input_size."""
    input_size = _size(input_size, 4, "input_size", "conv2d_input")
    w = conv.tensor(weight, "conv2d_input", "weight")
    g = conv.tensor(grad_output, "conv2d_input", "grad_output")
    geom = _geometry(input_size, w.shape, g, stride, padding, dilation, groups, "conv2d_input")
    return conv_rules.convolve_input(g, w, geom)


def conv2d_weight(input: Any, weight_size: Sequence[int], grad_output: Any,  # noqa: A002
                  stride: Any = 1, padding: Any = 0, dilation: Any = 1,
                  groups: int = 1) -> Tensor:
    """The gradient of conv2d's output with respect to its weight, of shape weight_size."""
    weight_size = _size(weight_size, 4, "weight_size", "conv2d_weight")
    x = conv.tensor(input, "conv2d_weight")
    g = conv.tensor(grad_output, "conv2d_weight", "grad_output")
    geom = _geometry(x.shape, tuple(weight_size), g, stride, padding, dilation, groups,
                     "conv2d_weight")
    return conv_rules.convolve_weight(x, g, geom, tuple(weight_size))


def conv1d_input(input_size: Sequence[int], weight: Any, grad_output: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """The gradient of conv1d's output with respect to its input, of shape input_size."""
    input_size = _size(input_size, 3, "input_size", "conv1d_input")
    w = conv.tensor(weight, "conv1d_input", "weight")
    g = conv.tensor(grad_output, "conv1d_input", "grad_output")
    geom = _geometry(input_size, w.shape, g, stride, padding, dilation, groups, "conv1d_input")
    x = conv_rules.convolve_input(ops.unsqueeze(g, 2), ops.unsqueeze(w, 2), geom)
    return ops.reshape(x, tuple(input_size))


def conv1d_weight(input: Any, weight_size: Sequence[int], grad_output: Any,  # noqa: A002
                  stride: Any = 1, padding: Any = 0, dilation: Any = 1,
                  groups: int = 1) -> Tensor:
    """The gradient of conv1d's output with respect to its weight, of shape weight_size."""
    weight_size = _size(weight_size, 3, "weight_size", "conv1d_weight")
    x = conv.tensor(input, "conv1d_weight")
    g = conv.tensor(grad_output, "conv1d_weight", "grad_output")
    geom = _geometry(x.shape, tuple(weight_size), g, stride, padding, dilation, groups,
                     "conv1d_weight")
    shape = (*weight_size[:2], 1, weight_size[2])
    w = conv_rules.convolve_weight(ops.unsqueeze(x, 2), ops.unsqueeze(g, 2), geom, shape)
    return ops.reshape(w, tuple(weight_size))
