"""F.linear and F.bilinear: the affine maps of nn.Linear, as torch.nn.functional has them."""

from __future__ import annotations

from typing import Any

import autograd

from . import arguments


def linear(input: Any, weight: Any, bias: Any = None) -> Any:  # noqa: A002 (PyTorch's name)
    """input @ weight.T + bias, with weight (out, in) and input (..., in), as one node
    (torch.nn.functional.linear; autograd.linear)."""
    x = arguments.tensor(input, "linear", "input")
    return autograd.linear(x, arguments.node(weight, "linear", "weight"),
                           None if bias is None else arguments.node(bias, "linear", "bias"))


def bilinear(input1: Any, input2: Any, weight: Any, bias: Any = None) -> Any:
    """y[..., o] = sum_ij input1[..., i] weight[o, i, j] input2[..., j] + bias[o]
    (torch.nn.functional.bilinear): input1 (..., in1) and input2 (..., in2) with the same
    batch dims, weight (out, in1, in2), bias (out,). One einsum, so every order of
    derivative works."""
    x1, x2, w = (arguments.tensor(t, "bilinear", name) for t, name in
                 ((input1, "input1"), (input2, "input2"), (weight, "weight")))
    if w.ndim != 3 or x1.ndim == 0 or x2.ndim == 0 or x1.shape[-1] != w.shape[1] or \
            x2.shape[-1] != w.shape[2]:
        raise ValueError(f"bilinear: inputs of shapes {x1.shape} and {x2.shape} do not fit "
                         f"weight of shape {w.shape}: expected a 3-D weight (out, in1, in2), "
                         "input1 (..., in1) and input2 (..., in2)")
    if x1.shape[:-1] != x2.shape[:-1]:
        raise ValueError(f"bilinear: the inputs' batch dims differ: {x1.shape[:-1]} and "
                         f"{x2.shape[:-1]} (input1 {x1.shape}, input2 {x2.shape}); PyTorch "
                         "does not broadcast them")
    y = autograd.einsum("...i,oij,...j->...o", x1, w, x2)
    if bias is None:
        return y
    bias = arguments.tensor(bias, "bilinear", "bias")
    bias_shape = bias.shape
    if bias_shape != (w.shape[0],):
        raise ValueError(f"bilinear: bias of shape {bias_shape} does not fit weight of shape "
                         f"{w.shape}: expected ({w.shape[0]},)")
    return y + bias
