"""Arithmetic: + - * / neg ** (with a node exponent, and with a constant one)."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from ..primitive import Primitive
from .elementwise import log
from .select import data_of, isfinite, negate, where, zero_of

# The four of every scalar network give both inputs' gradients from one call (grads=): a
# first-order pass over Values then makes one call per node, as micrograd's closures do.
# Their forwards are Python's operators themselves (operator.add is `x + y`, called from C).

add = Primitive("+", operator.add, grads=lambda g, out, x, y: (g, g))
"""d/dx (x + y) = 1, d/dy (x + y) = 1"""

sub = Primitive("-", operator.sub, grads=lambda g, out, x, y: (g, -g))
"""d/dx (x - y) = 1, d/dy (x - y) = -1"""

mul = Primitive("*", operator.mul, grads=lambda g, out, x, y: (g * y, g * x))
"""d/dx (x * y) = y, d/dy (x * y) = x"""

div = Primitive("/", operator.truediv, grads=lambda g, out, x, y: (g / y, -g * out / y),
                domain="y != 0")
"""d/dx (x / y) = 1 / y, d/dy (x / y) = -x / y**2 = -out / y"""

neg = Primitive("neg", lambda x: -x, (
    lambda g, out, x: -g,
))
"""d/dx (-x) = -1"""

def _power_vjp_x(g: Any, out: Any, x: Any, y: Any) -> Any:
    # y * x**(y-1) is 0 where y == 0, whatever x or g (PyTorch's convention, 0**0 included):
    # at x == y == 0 the exponent y - 1 is moved to 0, so no 0 * 0**-1; an infinite g is
    # selected away there, not multiplied by 0. Elsewhere nothing is masked, so the second
    # derivatives stay those of y * x**(y-1).
    x_data, y_is_0 = data_of(x), data_of(y) == 0
    g_dropped = y_is_0 & negate(isfinite(data_of(g)))
    return where(g, 0.0, negate(g_dropped)) * y * x ** (y - 1 + ((x_data == 0) & y_is_0))


def _power_vjp_y(g: Any, out: Any, x: Any, y: Any) -> Any:
    # PyTorch's convention at x == 0: 0 for y >= 0 (x**y is 0 or 1 there, and log(0) would
    # make it nan), x**y log(x) = -inf for y < 0. log(x + 1) stands in for log(0) where the
    # result is dropped, so that no -inf reaches the higher derivatives there.
    x_data = data_of(x)
    dropped = (x_data == 0) & (data_of(y) >= 0)
    return where(g, 0.0, negate(dropped)) * out * log(_as_float_of(x, out) + dropped)


def _as_float_of(x: Any, out: Any) -> Any:
    """x in the result's float dtype: log(x) of a uint8 base (numpy's would be float16) or of
    a float32 base with a float64 exponent is taken at the result's precision, as PyTorch."""
    x_data = data_of(x)
    if type(x_data) is float:  # a Value's (or a float's): no dtype
        return x
    dtype = data_of(out).dtype
    return x if x_data.dtype == dtype else x.astype(dtype)


power = Primitive("**", lambda x, y: x**y, (_power_vjp_x, _power_vjp_y),
                  domain="x > 0 for a real power and its derivative in y")
"""d/dx x**y = y * x**(y-1), d/dy x**y = x**y * log(x) (PyTorch's values at x = 0 or y = 0)"""


def _power_const(x: Any, c: Any) -> Any:
    if type(x) is np.ndarray and x.dtype == np.bool_ and type(c) is not float:
        # PyTorch: bool ** True stays bool (x ** False is all True), bool ** 2 is int64
        if type(c) is bool:
            return x.copy() if c else np.ones_like(x)
        x = x.astype(np.int64)  # (numpy: int8)
    return x**c


power_const = Primitive("**", _power_const, key="power_const", vjps=(
    # c == 0 apart: its derivative is 0 everywhere, also where x**-1 or g is infinite.
    lambda g, out, x, c: g * c * x ** (c - 1) if c != 0 else zero_of(g),
))
"""d/dx x**c = c * x**(c-1), for a constant exponent c (no derivative in c, no log(x))"""
