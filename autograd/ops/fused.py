"""Fused nodes: one node where a layer would make many (a neuron's w·x + b, nn.Linear)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..primitive import Primitive
from .linalg import matmul
from .shape import reshape, swap_last


def _affine(b: Any, *weights_and_inputs: Any) -> Any:
    out = b
    for i in range(0, len(weights_and_inputs), 2):  # b + w0*x0 + w1*x1 + ..., in that order
        out = out + weights_and_inputs[i] * weights_and_inputs[i + 1]
    return out


def _affine_grads(g: Any, out: Any, b: Any, *weights_and_inputs: Any) -> list[Any]:
    # inputs are (b, w0, x0, w1, x1, ...): a weight's gradient is its partner input's value
    # times g, and the other way round
    grads = [g]
    for i in range(0, len(weights_and_inputs), 2):
        grads += (g * weights_and_inputs[i + 1], g * weights_and_inputs[i])
    return grads


affine = Primitive("w·x+b", _affine, grads=_affine_grads)
"""d/db = 1, d/dw_i = x_i, d/dx_i = w_i: a neuron's sum as one node instead of 2n"""


def _linear_vjp_weight(g: Any, out: Any, x: Any, w: Any, b: Any = None) -> Any:
    # g.T @ x with the batch axes flattened: (out, in) and contiguous, laid out as w is
    # (the transpose of x.T @ g would be a strided view that makes every update slow).
    if x.ndim == 2:
        return matmul(swap_last(g), x)
    n = math.prod(x.shape[:-1])  # not -1 in reshape: that is ambiguous for empty arrays
    return matmul(swap_last(reshape(g, (n, w.shape[0]))), reshape(x, (n, w.shape[1])))


def _linear(x: Any, w: Any, b: Any = None) -> Any:
    return x @ w.T if b is None else x @ w.T + b


def _linear_vjp_x(g: Any, out: Any, x: Any, w: Any, b: Any = None) -> Any:
    return g @ w if type(g) is np.ndarray else matmul(g, w)


def _linear_vjp_w(g: Any, out: Any, x: Any, w: Any, b: Any = None) -> Any:
    if type(g) is np.ndarray and g.ndim == 2:  # first order on a batch of rows: numpy's own
        return g.T @ x  # operators (a primitive call costs as much as a product at batch 32)
    return _linear_vjp_weight(g, out, x, w, b)


def _linear_vjp_b(g: Any, out: Any, x: Any, w: Any, b: Any = None) -> Any:
    if type(g) is np.ndarray and g.ndim == 2 and b.ndim == 1:  # summed here, not by _fit
        return np.add.reduce(g, 0)
    return g  # (the engine sums it to b's shape)


# Two or three inputs (the bias is optional): calls with two never ask for the third vjp.
linear = Primitive("linear", _linear, (_linear_vjp_x, _linear_vjp_w, _linear_vjp_b))
"""x @ w.T (+ b), nn.Linear's layout: d/dx = g @ w, d/dw = g.T @ x, d/db = g (summed to shape)"""
