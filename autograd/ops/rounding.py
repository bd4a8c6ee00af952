"""Rounding and remainders: sign floor ceil trunc round floor_divide trunc_divide (zero
gradients), fmod remainder, and nan_to_num.

Each forward is Python's for a float (a Value) and numpy's for an array (a Tensor). The
piecewise-constant ops have the gradient 0 everywhere, as PyTorch (exactly 0: selected, so
an infinite incoming gradient gives 0, not nan). Their jumps are not differentiable; the
spec rows keep clear of them.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np

from ..primitive import Primitive
from .elementwise import by_type
from .select import data_of, isfinite, where, zero_of


def _whole(fn: Any) -> Any:
    """math.floor (ceil, trunc) as a float, signed as x (ceil(-0.5) is -0.0, as numpy's);
    inf and nan, which have no integer, stay."""
    return lambda x: math.copysign(float(fn(x)), x) if math.isfinite(x) else x


def _zero(g: Any, out: Any, *inputs: Any) -> Any:
    return zero_of(g)


def _scalar_sign(x: float) -> float:
    return float((x > 0) - (x < 0)) if x == x else x  # nan stays nan, as numpy


def _array_sign(x: np.ndarray) -> np.ndarray:
    return x.copy() if x.dtype == np.bool_ else np.sign(x)  # a bool's sign is itself (PyTorch)


signum = Primitive("sign", by_type(_scalar_sign, _array_sign), (_zero,))
"""sign(x) = -1, 0 or 1 (nan at nan, as numpy; PyTorch gives 0 there); d/dx = 0"""

floor = Primitive("floor", by_type(_whole(math.floor), np.floor), (_zero,))
"""the largest whole number <= x; d/dx = 0 (PyTorch's convention, also at the jumps)"""

ceil = Primitive("ceil", by_type(_whole(math.ceil), np.ceil), (_zero,))
"""the smallest whole number >= x; d/dx = 0"""

trunc = Primitive("trunc", by_type(_whole(math.trunc), np.trunc), (_zero,))
"""x with its fraction dropped (toward 0); d/dx = 0"""


def _round(x: Any, decimals: int) -> Any:
    # numpy's and PyTorch's rounding: halves to even, and with decimals, x * 10**decimals
    # rounded and divided back (so round(2.675, 2) is 2.68, where Python's round gives 2.67).
    if type(x) is float:
        return float(np.round(x, decimals))
    # a bool stays a bool, as floor's (numpy's round of a bool is float16; PyTorch refuses)
    return x.copy() if x.dtype == np.bool_ else np.round(x, decimals)


rounding = Primitive("round", _round, (_zero,))
"""x rounded to `decimals` decimal places, halves to even; d/dx = 0"""


def _divisor(op: str, x: Any, y: Any) -> Any:
    """y, refused if it has a 0 in an integer division: PyTorch raises there, where numpy
    warns and gives 0. (A float division by 0 gives inf or nan, in both.)"""
    if np.result_type(x, y).kind in "biu" and not np.all(y):
        shown_y = f"{np.ravel(y)[:8].tolist()} ({np.result_type(y)})"
        raise ZeroDivisionError(f"{op}: integer division by zero: the divisor {shown_y} has "
                                "a 0 (needs y != 0; a float divisor gives inf or nan)")
    return y


floor_divide = Primitive("//", lambda x, y: x // y if type(x) is float
                         else np.floor_divide(x, _divisor("//", x, y)), (_zero, _zero),
                         domain="y != 0")
"""floor(x / y), as Python's // and numpy's floor_divide; d/dx = d/dy = 0"""

trunc_divide = Primitive("trunc_divide", lambda x, y: float(math.trunc(x / y)) if type(x) is float
                         else np.trunc(x / y), (_zero, _zero), domain="y != 0")
"""trunc(x / y), PyTorch's div(rounding_mode='trunc') of floats: d/dx = d/dy = 0, also where
y is 0 (as one op: trunc's 0 times div's 1/0 would be nan)"""


def _quotient(x: Any, y: Any, toward_zero: bool) -> Any:
    """The whole number of ys in x, a constant: rounded down (remainder's) or toward zero
    (fmod's)."""
    x, y = data_of(x), data_of(y)
    if type(x) is float:
        q = x / y
        return float(math.trunc(q)) if toward_zero else x // y
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.trunc(x / y) if toward_zero else np.floor_divide(x, y)


remainder = Primitive("%", lambda x, y: x % y if type(x) is float
                      else np.remainder(x, _divisor("%", x, y)), (
    lambda g, out, x, y: g,
    lambda g, out, x, y: -g * _quotient(x, y, toward_zero=False),
), domain="y != 0")
"""x - floor(x / y) y, with the sign of y (Python's %, numpy's remainder and mod, PyTorch's
remainder): d/dx = 1, d/dy = -floor(x / y)"""

fmod = Primitive("fmod", lambda x, y: math.fmod(x, y) if type(x) is float
                 else np.fmod(x, _divisor("fmod", x, y)), (
    lambda g, out, x, y: g,
    lambda g, out, x, y: -g * _quotient(x, y, toward_zero=True),
), domain="y != 0")
"""x - trunc(x / y) y, with the sign of x (C's fmod): d/dx = 1, d/dy = -trunc(x / y)"""


def _nan_to_num(x: Any, nan: float, posinf: float | None, neginf: float | None) -> Any:
    if type(x) is not float:
        return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)
    if math.isnan(x):
        return float(nan)
    if math.isinf(x):
        chosen = posinf if x > 0 else neginf
        return float(chosen) if chosen is not None else math.copysign(sys.float_info.max, x)
    return x


nan_to_num = Primitive("nan_to_num", _nan_to_num, (
    lambda g, out, x, nan, posinf, neginf: where(g, 0.0, isfinite(data_of(x))),
))
"""nan, inf and -inf replaced by numbers (by default 0 and the largest finite ones):
d/dx = 1 where x is finite, 0 where it was replaced (as PyTorch)"""
