"""Linear algebra: matmul (numpy's rules for 1-D and batched operands), einsum, inv."""

from __future__ import annotations

import string
from typing import Any

import numpy as np

from ..primitive import Primitive, apply
from .select import data_of
from .shape import reshape, swap_last, unsqueeze


def _matmul_vjp_x(g: Any, out: Any, x: Any, y: Any) -> Any:
    if type(g) is np.ndarray and g.ndim == 2 and y.ndim == 2:  # first order, matrices: the
        return g @ y.T  # product below without two primitive calls (as much as it, small)
    if x.ndim == 1 and y.ndim == 1:  # dot product: out is a scalar
        return g * y
    if y.ndim == 1:  # (..., k, n) @ (n,) -> (..., k)
        return unsqueeze(g, -1) * y
    if x.ndim == 1:  # (n,) @ (..., n, m) -> (..., m); the engine sums the batch axes away
        return reshape(matmul(y, unsqueeze(g, -1)), y.shape[:-2] + (y.shape[-2],))
    return matmul(g, swap_last(y))


def _matmul_vjp_y(g: Any, out: Any, x: Any, y: Any) -> Any:
    if type(g) is np.ndarray and g.ndim == 2 and x.ndim == 2:  # (as in _matmul_vjp_x)
        return x.T @ g
    if x.ndim == 1 and y.ndim == 1:
        return g * x
    if x.ndim == 1:
        return unsqueeze(x, -1) * unsqueeze(g, -2)
    if y.ndim == 1:
        xt_g = matmul(swap_last(x), unsqueeze(g, -1))
        return reshape(xt_g, xt_g.shape[:-1])
    return matmul(swap_last(x), g)


matmul = Primitive("@", np.matmul, (_matmul_vjp_x, _matmul_vjp_y))
"""d/dx (x @ y) = g @ y.T, d/dy (x @ y) = x.T @ g, with numpy's rules for 1-D operands"""


def _einsum(*operands_and_spec: Any) -> np.ndarray:
    *operands, spec = operands_and_spec
    # numpy's optimized path (BLAS through tensordot) pays for planning, about 20 us: only
    # worth it for big operands or three and more.
    big = len(operands) > 2 or max((np.size(x) for x in operands), default=0) > 4096
    return np.einsum(spec, *operands, optimize=big)


def _einsum_vjp(i: int, g: Any, out: Any, *operands_and_spec: Any) -> Any:
    # The gradient of operand i is an einsum of g and the other operands, back to operand
    # i's subscripts. A letter that operand i repeats (a diagonal, 'ii') gets a fresh letter
    # tied to it by an identity matrix; a letter no other term has at operand i's size
    # (summed away, or broadcast from size 1) comes back through a vector of ones. Where
    # operand i itself was broadcast from size 1, the engine sums the gradient back.
    *operands, spec = operands_and_spec
    inputs, output = spec.split("->")
    terms = inputs.split(",")
    sizes = {letter: n for term, x in zip(terms, operands, strict=True)
             for letter, n in zip(term, x.shape, strict=True) if n != 1}
    target, target_shape = terms[i], operands[i].shape
    dtype = np.result_type(data_of(g))
    sources = [output] + terms[:i] + terms[i + 1:]
    values = [g, *operands[:i], *operands[i + 1:]]
    fresh = iter(letter for letter in string.ascii_letters if letter not in spec)
    result = ""
    for letter, n in zip(target, target_shape, strict=True):
        if letter in result:
            tied = next(fresh)
            sources.append(letter + tied)
            values.append(np.eye(sizes.get(letter, n), dtype=dtype))
            letter = tied
        result += letter
    present: dict[str, int] = {}
    for term, value in zip(sources, values, strict=True):
        for letter, n in zip(term, np.shape(data_of(value)), strict=True):
            present[letter] = max(present.get(letter, 1), n)
    for letter, n in zip(target, target_shape, strict=True):
        if letter not in present or present[letter] < n:  # (absent: even at size 0)
            sources.append(letter)
            values.append(np.ones(n, dtype=dtype))
            present[letter] = n
    return apply(einsum, values, (",".join(sources) + "->" + result,))


einsum = Primitive("einsum", _einsum, _einsum_vjp)
"""d/dx_i einsum(spec, xs) is the einsum of g and the other operands to x_i's subscripts
(spec is explicit: a letter per axis, no '...')"""

inv = Primitive("inv", np.linalg.inv, (
    lambda g, out, x: -matmul(swap_last(out), matmul(g, swap_last(out))),
))
"""d/dX inv(X) . G = -inv(X).T @ G @ inv(X).T"""
