"""Spec rows: matmul, the fused neuron (dot) and layer (linear)."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd

from .core import VALUE, OpSpec, register, same
from .draw import linear_shapes, matmul_shapes, scalars


def _left_matrix(y: Any) -> np.ndarray:
    """A constant matrix to multiply y by from the left (an ndarray @ Tensor)."""
    shape = np.shape(y)
    n = shape[-2] if len(shape) > 1 else shape[0]
    return np.linspace(-1.0, 1.0, 2 * n).reshape(2, n)


register(
    OpSpec("matmul", lambda x, y: x @ y, np.matmul, arity=2, shapes=matmul_shapes,
           api=("__matmul__",)),
    OpSpec("matmul_method", lambda x, y: x.matmul(y), np.matmul, arity=2,
           shapes=matmul_shapes, api=("matmul",)),
    OpSpec("rmatmul", lambda y: _left_matrix(y) @ y, lambda y: _left_matrix(y) @ y,
           shapes=same(min_dims=1), api=("__rmatmul__",)),
    OpSpec("dot", lambda w0, w1, x0, x1, b: autograd.dot([w0, w1], [x0, x1], b),
           lambda w0, w1, x0, x1, b: b + w0 * x0 + w1 * x1, (VALUE,), 5, shapes=scalars,
           api=("autograd.dot",)),
    OpSpec("dot_number_bias", lambda w0, x0: autograd.dot([w0, 2.0], [x0, w0]),
           lambda w0, x0: w0 * x0 + 2.0 * w0, (VALUE,), 2, shapes=scalars),
    OpSpec("linear", lambda x, w, b: autograd.linear(x, w, b), lambda x, w, b: x @ w.T + b,
           arity=3, shapes=linear_shapes, api=("autograd.linear",)),
)
