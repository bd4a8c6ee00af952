"""Reductions: sum mean prod max min std vector_norm logsumexp, and softmax and log_softmax
along an axis.

Reductions take `axes` as a sorted tuple of non-negative axes, or None for all of them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..primitive import Primitive, apply
from .elementwise import absolute, exp
from .scans import cumprod, flip, integer_total
from .select import data_of, negate, sign, where
from .shape import broadcast_to, concatenate, getitem, reshape, transpose


def kept_shape(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> tuple[int, ...]:
    """The shape a reduction over `axes` has with keepdims=True."""
    if axes is None:
        return (1,) * len(shape)
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _unreduce(g: Any, x: Any, axes: tuple[int, ...] | None) -> Any:
    """A reduction's g, shaped to broadcast against its input again."""
    return reshape(g, kept_shape(x.shape, axes))


# Array methods (x.sum, x.max) rather than np.sum: they skip numpy's Python wrapper, about
# 2 us a call, which is a fair part of a small network's step.
reduce_sum = Primitive("sum", lambda x, axes, keepdims: x.sum(
    axis=axes, keepdims=keepdims, dtype=integer_total(x)), (
    lambda g, out, x, axes, keepdims: broadcast_to(_unreduce(g, x, axes), x.shape),
))
"""d/dx sum(x) = 1 for every element"""


def _mean_vjp(g: Any, out: Any, x: Any, axes: tuple[int, ...] | None, keepdims: bool) -> Any:
    n = _count(x.shape, axes)
    if type(g) is np.ndarray:  # first order: the same numbers as below, by numpy's own calls
        share = g.reshape(kept_shape(x.shape, axes))
        if not n:  # nothing averaged: an empty array, and g / 0 never computed
            return np.broadcast_to(share, x.shape) / n
        share = share / n  # g / n put in each place (np.broadcast_to is four Python calls)
        grad = np.empty(x.shape, share.dtype)
        grad[...] = share
        return grad
    return broadcast_to(_unreduce(g, x, axes), x.shape) / n


# One node, not sum-then-divide: every mean-reduced loss ends in it.
reduce_mean = Primitive("mean", lambda x, axes, keepdims: x.mean(axis=axes, keepdims=keepdims),
                        (_mean_vjp,))
"""d/dx mean(x) = 1/n for every element, n the number of elements averaged"""


def _prod_vjp(g: Any, out: Any, x: Any, axes: tuple[int, ...] | None, keepdims: bool) -> Any:
    # g times the product of the others, as the products before and after each entry
    # (PyTorch's prod_safe_zeros_backward): never out / x, which is 0/0 at a zero.
    reduced = tuple(range(x.ndim)) if axes is None else axes
    order = tuple(a for a in range(x.ndim) if a not in reduced) + reduced
    moved = transpose(x, order)
    n = _count(x.shape, reduced)
    if n == 0:
        return broadcast_to(_unreduce(g, x, axes), x.shape)
    rows = reshape(moved, moved.shape[:x.ndim - len(reduced)] + (n,))
    last = rows.ndim - 1
    ones = np.ones(rows.shape[:-1] + (1,), dtype=data_of(x).dtype)
    before = cumprod(_join(ones, getitem(rows, (..., slice(0, n - 1))), last), last)
    after = flip(cumprod(_join(ones, flip(getitem(rows, (..., slice(1, n))), last), last),
                         last), last)
    others = reshape(before * after, moved.shape)
    g_moved = transpose(_unreduce(g, x, axes), order)
    return transpose(g_moved * others, tuple(np.argsort(order)))


def _join(x: Any, y: Any, axis: int) -> Any:
    return apply(concatenate, (x, y), (axis,))  # variadic: inputs and the axis apart


reduce_prod = Primitive("prod", lambda x, axes, keepdims: x.prod(
    axis=axes, keepdims=keepdims, dtype=integer_total(x)), (_prod_vjp,))
"""d/dx_i prod(x) = prod_{j != i} x_j (exact where x has zeros: no division)"""


def _extremum_vjp(g: Any, out: Any, x: Any, axes: Any, keepdims: bool) -> Any:
    # Ties share the gradient evenly (as torch.amax): the derivative of the subgradient mean.
    # A nan result came from the nan entries: they share it (as torch.max does).
    x_data, out_data = data_of(x), data_of(_unreduce(out, x, axes))
    winners = np.where(np.isnan(out_data), np.isnan(x_data), x_data == out_data)
    share = winners / np.sum(winners, axis=axes, keepdims=True)
    return where(_unreduce(g, x, axes), 0.0, winners) * share


reduce_max = Primitive("max", lambda x, axes, keepdims: np.max(x, axis=axes, keepdims=keepdims),
                       (_extremum_vjp,))
"""d/dx max(x) = 1 at the maximum (shared evenly between ties), 0 elsewhere"""

reduce_min = Primitive("min", lambda x, axes, keepdims: np.min(x, axis=axes, keepdims=keepdims),
                       (_extremum_vjp,))
"""d/dx min(x) = 1 at the minimum (shared evenly between ties), 0 elsewhere"""


def _count(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> int:
    return math.prod(shape if axes is None else (shape[i] for i in axes))


def _std_vjp(g: Any, out: Any, x: Any, axes: Any, keepdims: bool, ddof: int) -> Any:
    # (x - mean) / ((n - ddof) std), and 0 where std is 0 (PyTorch's rule: there x - mean is
    # 0 too, and 0/0 would be nan). std is replaced by 1 where it is 0, so no inf is made.
    s = _unreduce(out, x, axes)
    flat = data_of(s) == 0
    scale = _unreduce(g, x, axes) / ((_count(x.shape, axes) - ddof) * (s + flat))
    return where(scale, 0.0, negate(flat)) * (x - reduce_mean(x, axes, True))


std = Primitive("std", lambda x, axes, keepdims, ddof: x.std(axis=axes, keepdims=keepdims,
                                                              ddof=ddof), (_std_vjp,))
"""d/dx std(x) = (x - mean(x)) / ((n - ddof) std(x)), taken as 0 where std(x) = 0"""


def _vector_norm(x: np.ndarray, p: float, axes: tuple[int, ...] | None, keepdims: bool
                 ) -> np.ndarray:
    if p == 2:
        return np.sqrt(np.sum(x * x, axis=axes, keepdims=keepdims))
    with np.errstate(divide="ignore"):  # 0 ** p for p < 0 is inf, and the norm 0: numpy's
        return np.sum(np.abs(x) ** p, axis=axes, keepdims=keepdims) ** (1.0 / p)


def _vector_norm_vjp(g: Any, out: Any, x: Any, p: float, axes: Any, keepdims: bool) -> Any:
    # PyTorch's norm_backward: g sign(x) |x|^(p-1) / norm^(p-1), with 0 where the norm is
    # 0 (the 2-norm's gradient at x = 0 is 0, not nan) and 0 at x_i = 0 (|0|^(p-1) is inf
    # for p < 1). Each 0 is selected, and the value it replaces is made finite first.
    n = _unreduce(out, x, axes)
    nonzero_norm = data_of(n) != 0
    n = where(n, 1.0, nonzero_norm)
    if p == 2:
        scaled, denominator = x, n
    else:
        nonzero = data_of(x) != 0
        scaled = where(sign(x) * where(absolute(x), 1.0, nonzero) ** (p - 1), 0.0, nonzero)
        denominator = n ** (p - 1)
    return where(_unreduce(g, x, axes) / denominator, 0.0, nonzero_norm) * scaled


vector_norm = Primitive("vector_norm", _vector_norm, (_vector_norm_vjp,))
"""d/dx ||x||_p = sign(x) |x|^(p-1) / ||x||_p^(p-1) (x / ||x|| for p = 2), taken as 0 where
||x|| = 0 and, for p < 1, where x = 0 (PyTorch's conventions)"""


def _logsumexp(x: np.ndarray, axes: tuple[int, ...] | None, keepdims: bool) -> np.ndarray:
    # Subtract the largest value first, so exp never overflows (logits of 1000 are fine).
    # initial=-inf: over an empty axis the result is log(0) = -inf, as PyTorch's.
    m = x.max(axis=axes, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore"):
        out = np.log(np.exp(x - m).sum(axis=axes, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axes)


logsumexp = Primitive("logsumexp", _logsumexp, (
    lambda g, out, x, axes, keepdims: _unreduce(g, x, axes) * exp(x - _unreduce(out, x, axes)),
))
"""d/dx logsumexp(x) = softmax(x)"""


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True, initial=-np.inf))  # empty axis: empty
    return e / e.sum(axis=axis, keepdims=True)


softmax = Primitive("softmax", _softmax, (
    lambda g, out, x, axis: out * (g - reduce_sum(g * out, (axis,), True)),
))
"""d/dx softmax(x) . g = s * (g - sum(g * s)), s = softmax(x)"""

def _log_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    # (x - max) - log(sum(exp(x - max))), in that order: x - (max + lse) loses the answer
    # when the logits are large (b = 1e15: -0.75 instead of -log 2).
    # (x.max and .sum are these ufuncs' reductions behind a Python wrapper each)
    shifted = x - np.maximum.reduce(x, axis, keepdims=True, initial=-np.inf)
    total = np.add.reduce(np.exp(shifted), axis, keepdims=True)
    if shifted.size:  # each row holds its maximum, whose exp is 1: the log never meets 0
        return shifted - np.log(total)
    with np.errstate(divide="ignore"):  # an empty axis sums to 0 (np.errstate costs a µs)
        return shifted - np.log(total)


def _log_softmax_vjp(g: Any, out: Any, x: Any, axis: int) -> Any:
    if type(g) is np.ndarray:  # first order: the same steps as below, by numpy's own calls
        return g - np.exp(out) * np.add.reduce(g, (axis,), keepdims=True)
    return g - exp(out) * reduce_sum(g, (axis,), True)


log_softmax = Primitive("log_softmax", _log_softmax, (_log_softmax_vjp,))
"""d/dx log_softmax(x) . g = g - softmax(x) * sum(g)"""
