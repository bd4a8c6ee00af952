"""Spec rows: arithmetic, with a node, a number or an ndarray on either side."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from .core import BOTH, NONZERO, OFF_GRID, POSITIVE, REAL, OpSpec, register
from .draw import broadcast, exponent_static
from .elementwise import call, spelled, spellings
from .rounding import DIVISOR, _off_jumps
from .spelling import either_way, ignoring_via, with_via


def like(x: Any) -> np.ndarray:
    """A constant array of x's shape (an ndarray operand on the other side of an op)."""
    size = int(np.prod(np.shape(x)))
    return np.linspace(-2.0, 2.0, size).reshape(np.shape(x)) if size else np.zeros(np.shape(x))


register(
    OpSpec("add", lambda x, y: x + y, np.add, BOTH, 2, shapes=broadcast(), api=("__add__",)),
    OpSpec("sub", lambda x, y: x - y, np.subtract, BOTH, 2, shapes=broadcast(),
           api=("__sub__",)),
    OpSpec("mul", lambda x, y: x * y, np.multiply, BOTH, 2, shapes=broadcast(),
           api=("__mul__",)),
    OpSpec("div", lambda x, y: x / y, np.divide, BOTH, 2, (REAL, NONZERO), "undefined at y = 0",
           shapes=broadcast(), api=("__truediv__",)),
    OpSpec("pow", lambda x, y: x**y, np.power, BOTH, 2, (POSITIVE, REAL),
           "x**y is real only for x > 0 (and log(x) in d/dy)", shapes=broadcast(),
           api=("__pow__",)),
    OpSpec("pow_int", lambda x, c: x**c, lambda x, c: np.power(x, float(c)), BOTH,
           domain=NONZERO, kinks="x**-1 undefined at 0",
           static=exponent_static([0, 1, 2, 3, -1, -2])),
    OpSpec("pow_real", lambda x, c: x**c, lambda x, c: np.power(x, c), BOTH, domain=POSITIVE,
           kinks="fractional powers real only for x > 0",
           static=exponent_static([0.5, 1.5, -0.5, 2.5])),
    OpSpec("rpow", lambda x, c: c**x, lambda x, c: np.power(c, x), BOTH,
           static=exponent_static([0.5, 2.0, math.e]), api=("__rpow__",)),
    OpSpec("neg", lambda x: -x, np.negative, BOTH, api=("__neg__",)),
    OpSpec("pow_method", lambda x, c: x.pow(c), lambda x, c: np.power(x, float(c)), BOTH,
           domain=NONZERO, static=exponent_static([2, 3, -1]), api=("pow",)),
    OpSpec("square", lambda x: x.square(), np.square, BOTH, api=("square",)),
    OpSpec("clone", lambda x: x.clone(), np.copy, api=("clone",)),
    # +x is x itself (as in PyTorch): no node, so nothing for a random graph to draw.
    OpSpec("pos", lambda x: +x, np.positive, BOTH, api=("__pos__",), graphs=False),
    OpSpec("number_left", lambda x: 2.0 - 3.0 * (1.5 + x) / (0.5 + x * x),
           lambda x: 2.0 - 3.0 * (1.5 + x) / (0.5 + x * x), BOTH,
           api=("__radd__", "__rsub__", "__rmul__", "__rtruediv__")),
    OpSpec("ndarray_left", lambda x: like(x) - like(x) * x + like(x) / (0.5 + x * x) + like(x),
           lambda x: like(x) - like(x) * x + like(x) / (0.5 + x * x) + like(x)),
    OpSpec("ndarray_right", lambda x: x - like(x) + x * like(x) / (like(x) ** 2 + 1.0),
           lambda x: x - like(x) + x * like(x) / (like(x) ** 2 + 1.0)),
)


# ------------------------------------------------ PyTorch's spellings: x.add(y, alpha=2), ...

ALPHAS = st.sampled_from([1, 2, -1, 0.5, 0.1, -2.5])  # 0.1: alpha * y rounds (see Tensor.add)


def _rounded_ref(x: Any, y: Any, name: str, rounding_mode: str) -> Any:
    return np.trunc(x / y) if rounding_mode == "trunc" else np.floor_divide(x, y)


register(
    OpSpec("neg_method", lambda x, name: call(name, x), lambda x, name: -x, BOTH,
           static=spelled(*spellings("neg", "negative")), api=("neg", "negative")),
    OpSpec("add_method", either_way("add"), ignoring_via(lambda x, y, alpha: x + alpha * y),
           arity=2, shapes=broadcast(), static=with_via(lambda draw, shapes: {
               "alpha": draw(ALPHAS)}), api=("add", "autograd.add")),
    OpSpec("sub_method", either_way("sub"), ignoring_via(lambda x, y, alpha: x - alpha * y),
           arity=2, shapes=broadcast(), static=with_via(lambda draw, shapes: {
               "alpha": draw(ALPHAS)}), api=("sub", "autograd.sub")),
    OpSpec("mul_method", either_way("mul"), ignoring_via(np.multiply), arity=2,
           shapes=broadcast(), static=with_via(lambda draw, shapes: {}),
           api=("mul", "autograd.mul")),
    OpSpec("div_method", lambda x, y, name: call(name, x, y), lambda x, y, name: x / y,
           arity=2, domain=(REAL, NONZERO), kinks="undefined at y = 0", shapes=broadcast(),
           static=spelled(*spellings("div", "true_divide")),
           api=("div", "true_divide", "autograd.div", "autograd.true_divide")),
    OpSpec("div_rounded", lambda x, y, name, rounding_mode: call(
               name, x, y, rounding_mode=rounding_mode), _rounded_ref, arity=2,
           domain=(OFF_GRID, DIVISOR), kinks="jumps where x / y is whole; undefined at y = 0",
           shapes=broadcast(), static=spelled(*spellings("div"), rounding_mode=st.sampled_from(
               ["trunc", "floor"])), safe=_off_jumps, api=("div", "autograd.div")),
)
