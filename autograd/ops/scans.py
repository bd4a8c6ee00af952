"""Scans along one axis: cumsum cumprod logcumsumexp (running sum, product, log-sum-exp).

Each takes `axis`, one non-negative axis of an array of one dimension or more (the surface
gives a 0-d Tensor to them as one of shape (1,)).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..node import Node
from ..primitive import Primitive
from .elementwise import absolute, exp, log
from .linalg import matmul
from .select import data_of, where
from .shape import broadcast_to, getitem, transpose, unsqueeze


def flip(x: Any, axis: int) -> Any:
    """x reversed along `axis` (a reversed slice: its vjp reverses g back)."""
    return getitem(x, (slice(None),) * axis + (slice(None, None, -1),))


def reverse_cumsum(x: Any, axis: int) -> Any:
    """sum of x[k] for k >= i, at each i: cumsum from the end."""
    return flip(cumsum(flip(x, axis), axis), axis)


def integer_total(x: np.ndarray) -> Any:
    """The dtype sum, prod, cumsum and cumprod compute in: int64 for every integer and bool
    array, as PyTorch (numpy sums an unsigned one to uint64); None (x's own) for a float."""
    return np.int64 if x.dtype.kind in "biu" else None


cumsum = Primitive("cumsum", lambda x, axis: np.cumsum(x, axis=axis, dtype=integer_total(x)), (
    lambda g, out, x, axis: reverse_cumsum(g, axis),
))
"""d/dx_i cumsum(x)_k = 1 for i <= k: the vjp sums g from the end"""


def _cumprod_vjp(g: Any, out: Any, x: Any, axis: int) -> Any:
    # On nodes (a gradient to differentiate again): O(n^2) in primitives, never dividing;
    # differentiating PyTorch's g out / x instead cancels catastrophically for small x (at
    # x = [3e-89, 3e-89] a second derivative of -2 came out as 2e71). On arrays: PyTorch's
    # sum_{k >= i} g_k out_k / x_i, exact while no x_i is 0 and no out_k has underflowed;
    # otherwise a recurrence.
    if isinstance(x, Node):
        return _cumprod_vjp_by_others(g, x, axis)
    if x.shape[axis] == 1:  # the identity: g, also where x is inf or nan (as PyTorch)
        return g
    tiny = np.finfo(out.dtype).tiny
    if not np.any(x == 0) and not np.any(np.abs(out) < tiny):
        return reverse_cumsum(g * out, axis) / x
    return _cumprod_vjp_by_recurrence(g, x, axis)


def _cumprod_vjp_by_recurrence(g: np.ndarray, x: np.ndarray, axis: int) -> np.ndarray:
    """prod_{j < i} x_j * s_i, where s_i = sum_{k >= i} g_k prod_{i < j <= k} x_j comes from
    the end: s_i = g_i + x_{i+1} s_{i+1}. A loop over the axis, each step over all rows."""
    g, x = np.moveaxis(g, axis, -1), np.moveaxis(x, axis, -1)
    before = np.cumprod(np.concatenate([np.ones_like(x[..., :1]), x[..., :-1]], -1), -1)
    s = np.array(g, copy=True)
    for i in range(x.shape[-1] - 2, -1, -1):
        s[..., i] += x[..., i + 1] * s[..., i + 1]
    return np.moveaxis(before * s, -1, axis)


def _cumprod_vjp_by_others(g: Any, x: Any, axis: int) -> Any:
    """sum_{k >= i} g_k prod_{j <= k, j != i} x_j, from an (n, n) matrix per row whose row i
    is x with x_i replaced by 1: written in primitives, so it differentiates again."""
    last = x.ndim - 1
    order = tuple(a for a in range(x.ndim) if a != axis) + (axis,)
    xt, gt = transpose(x, order), transpose(g, order)
    n = xt.shape[-1]
    rows = broadcast_to(unsqueeze(xt, -2), xt.shape + (n,))  # rows[..., i, j] = x_j
    others = cumprod(where(1.0, rows, np.eye(n, dtype=bool)), last + 1)
    terms = where(unsqueeze(gt, -2) * others, 0.0, np.triu(np.ones((n, n), dtype=bool)))
    summed = matmul(terms, np.ones(n, dtype=data_of(x).dtype))  # the sum over k
    return transpose(summed, tuple(np.argsort(order)))


cumprod = Primitive("cumprod", lambda x, axis: np.cumprod(x, axis=axis,
                                                       dtype=integer_total(x)), (_cumprod_vjp,))
"""d/dx_i cumprod(x)_k = prod_{j <= k, j != i} x_j for i <= k (exact where x has zeros, and
where products underflow)"""


def _logcumsumexp_vjp(g: Any, out: Any, x: Any, axis: int) -> Any:
    # sum_{k >= i} g_k exp(x_i - out_k), summed in the log domain so that nothing
    # overflows (PyTorch's rule, from TensorFlow): the positive and negative parts of g
    # apart. Half the lowest float stands for log(0): no inf - inf is ever formed, and two
    # of them (a second derivative adds them) still make a float, whose exp is 0.
    g_data = data_of(g)
    log_zero = np.finfo(np.result_type(g_data)).min / 2
    log_abs_g = log(where(absolute(g), 1.0, g_data != 0))

    def part(sign: Any) -> Any:
        log_g = where(log_abs_g, log_zero, sign)
        return exp(flip(logcumsumexp(flip(log_g - out, axis), axis), axis) + x)

    return part(g_data > 0) - part(g_data < 0)


logcumsumexp = Primitive("logcumsumexp", lambda x, axis: np.logaddexp.accumulate(x, axis=axis),
                         (_logcumsumexp_vjp,))
"""d/dx_i logcumsumexp(x)_k = exp(x_i - logcumsumexp(x)_k) for i <= k (a running softmax)"""
