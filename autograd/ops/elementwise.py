"""Elementwise functions: exp log sqrt abs sin cos tanh sigmoid relu, maximum minimum clip;
the exp and log family (exp2 expm1 log2 log10 log1p logaddexp logaddexp2), reciprocal,
rsqrt, and lerp.

Each forward is math's function for a float (a Value) and numpy's for an array (a Tensor).
Circular and hyperbolic functions are in trig.py, erf and its kin in special.py, rounding
and remainders in rounding.py.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..primitive import Primitive
from .select import _kept, _same_float_array, data_of, negate, sign, where


def by_type(scalar_fn: Any, array_fn: Any) -> Any:
    """One elementwise function: math's for a float (a Value), numpy's for an array."""
    return lambda x: scalar_fn(x) if type(x) is float else array_fn(x)


def _scalar_sigmoid(x: float) -> float:
    # Two branches so that exp never overflows: sigmoid(-1000) is 0.0, not an error.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _array_sigmoid(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


exp = Primitive("exp", by_type(math.exp, np.exp), (
    lambda g, out, x: g * out,
))
"""d/dx exp(x) = exp(x)"""

log = Primitive("log", by_type(math.log, np.log), (
    lambda g, out, x: g / x,
), domain="x > 0")
"""d/dx log(x) = 1 / x"""

sqrt = Primitive("sqrt", by_type(math.sqrt, np.sqrt), (
    lambda g, out, x: g / (2 * out),
), domain="x >= 0, and x > 0 for the derivative")
"""d/dx sqrt(x) = 1 / (2 sqrt(x))"""

absolute = Primitive("abs", by_type(abs, np.abs), (
    # Selected, not g * sign(x): at 0 the gradient is 0 even when g is infinite.
    lambda g, out, x: where(g * sign(x), 0.0, sign(x) != 0),
))
"""d/dx |x| = sign(x), taken as 0 at 0 (and at nan, as PyTorch)"""

sin = Primitive("sin", by_type(math.sin, np.sin), (
    lambda g, out, x: g * cos(x),
))
"""d/dx sin(x) = cos(x)"""

cos = Primitive("cos", by_type(math.cos, np.cos), (
    lambda g, out, x: -g * sin(x),
))
"""d/dx cos(x) = -sin(x)"""

tanh = Primitive("tanh", by_type(math.tanh, np.tanh), (
    lambda g, out, x: g * (1 - out * out),
))
"""d/dx tanh(x) = 1 - tanh(x)**2"""

sigmoid = Primitive("sigmoid", by_type(_scalar_sigmoid, _array_sigmoid), (
    lambda g, out, x: g * out * (1 - out),
))
"""d/dx sigmoid(x) = sigmoid(x) (1 - sigmoid(x)), at most 0.25: the vanishing gradient"""

# Rules that route a gradient select it with `where`, never multiply it by a 0/1 mask: an
# infinite or nan gradient times 0 is nan, where the true answer (and PyTorch's) is 0.



def _relu_vjp(g: Any, out: Any, x: Any) -> Any:
    if type(g) is float:  # a Value's first order: where(g, 0.0, out != 0) on two floats
        return g if out != 0 else 0.0
    # out is 0 exactly where x <= 0 (and nan, kept, where x is)
    keep = (out if type(out) is np.ndarray else data_of(out)) != 0
    if _same_float_array(g, keep):  # where's own test, and its answer, without the
        return _kept(g, keep)  # primitive call: the same bits
    return where(g, 0.0, keep)


relu = Primitive("ReLU", by_type(lambda x: 0.0 if x <= 0 else x, lambda x: np.maximum(x, 0)),
                 (_relu_vjp,))
"""d/dx relu(x) = 1 if x > 0 else 0 (0 at the kink, as micrograd and PyTorch); relu(nan) is nan
(and, as in PyTorch, passes the gradient on)"""


def _winner_vjp(g: Any, x: Any, y: Any, loses: Any) -> Any:
    """g where x wins, g/2 at a tie, 0 where it `loses` (PyTorch's rule for maximum and
    minimum; with a nan operand neither loses, so both get g)."""
    x, y = data_of(x), data_of(y)
    return where(g, 0.0, negate(loses)) * (1 - 0.5 * (x == y))


maximum = Primitive("maximum", np.maximum, (
    lambda g, out, x, y: _winner_vjp(g, x, y, data_of(x) < data_of(y)),
    lambda g, out, x, y: _winner_vjp(g, y, x, data_of(y) < data_of(x)),
))
"""d/dx max(x, y) = 1 where x > y, 1/2 where x == y, 0 elsewhere"""

minimum = Primitive("minimum", np.minimum, (
    lambda g, out, x, y: _winner_vjp(g, x, y, data_of(x) > data_of(y)),
    lambda g, out, x, y: _winner_vjp(g, y, x, data_of(y) > data_of(x)),
))
"""d/dx min(x, y) = 1 where x < y, 1/2 where x == y, 0 elsewhere"""


def _clip_vjps() -> tuple[Any, ...]:
    def data(*nodes: Any) -> Any:
        return [data_of(n) for n in nodes]

    def to_x(g: Any, out: Any, x: Any, lo: Any, hi: Any) -> Any:
        x, lo, hi = data(x, lo, hi)
        return where(g, 0.0, (x >= lo) & (x <= hi))

    def to_lo(g: Any, out: Any, x: Any, lo: Any, hi: Any) -> Any:
        x, lo, hi = data(x, lo, hi)
        return where(g, 0.0, (x < lo) & (lo < hi))

    def to_hi(g: Any, out: Any, x: Any, lo: Any, hi: Any) -> Any:
        x, lo, hi = data(x, lo, hi)
        return where(g, 0.0, (x > hi) | (hi < lo))

    return to_x, to_lo, to_hi


clip = Primitive("clip", np.clip, _clip_vjps())
"""d/dx clip(x, lo, hi) = 1 inside [lo, hi] (bounds included), 0 outside; d/dlo = 1 where
x < lo < hi, d/dhi = 1 where x > hi or hi < lo: torch.clamp's rules (lo > hi gives hi)"""


# ------------------------------------------------------------------ the exp and log family

LN2 = math.log(2.0)
LN10 = math.log(10.0)

exp2 = Primitive("exp2", by_type(lambda x: 2.0**x, np.exp2), (
    lambda g, out, x: g * out * LN2,
))
"""d/dx 2**x = 2**x log(2)"""

expm1 = Primitive("expm1", by_type(math.expm1, np.expm1), (
    lambda g, out, x: g * exp(x),  # not out + 1, which is 0 for x < -37 (exp(x) is not)
))
"""d/dx (exp(x) - 1) = exp(x) (expm1 is exact for tiny x, where exp(x) - 1 is not)"""

log2 = Primitive("log2", by_type(math.log2, np.log2), (
    lambda g, out, x: g / (x * LN2),
), domain="x > 0")
"""d/dx log2(x) = 1 / (x log(2))"""

log10 = Primitive("log10", by_type(math.log10, np.log10), (
    lambda g, out, x: g / (x * LN10),
), domain="x > 0")
"""d/dx log10(x) = 1 / (x log(10))"""

log1p = Primitive("log1p", by_type(math.log1p, np.log1p), (
    lambda g, out, x: g / (1 + x),
), domain="x > -1")
"""d/dx log(1 + x) = 1 / (1 + x) (exact for tiny x, where log(1 + x) is not)"""

reciprocal = Primitive("reciprocal", lambda x: 1 / x, (
    lambda g, out, x: -g * out * out,
), domain="x != 0")
"""d/dx 1/x = -1/x**2 = -out**2 (1/0 is inf on a Tensor, as PyTorch)"""

rsqrt = Primitive("rsqrt", by_type(lambda x: 1 / math.sqrt(x), lambda x: 1 / np.sqrt(x)), (
    lambda g, out, x: -0.5 * g * out * out * out,
), domain="x > 0")
"""d/dx x**-0.5 = -0.5 x**-1.5 = -0.5 out**3 (rsqrt(0) is inf on a Tensor, as PyTorch)"""


def _scalar_logaddexp(x: float, y: float, log1p_of_2_to: Any, ln_of_2: float) -> float:
    """log(b**x + b**y) / log(b) for floats, with no overflow (b = e or 2)."""
    if x == y:  # also both inf or both -inf, where x - y is nan
        return x + ln_of_2
    if math.isnan(x) or math.isnan(y):
        return math.nan
    big, small = (x, y) if x > y else (y, x)
    return big + log1p_of_2_to(small - big)


logaddexp = Primitive("logaddexp", lambda x, y: (
    _scalar_logaddexp(x, y, lambda d: math.log1p(math.exp(d)), LN2) if type(x) is float
    else np.logaddexp(x, y)), (
    lambda g, out, x, y: g * sigmoid(x - y),
    lambda g, out, x, y: g * sigmoid(y - x),
))
"""d/dx log(exp(x) + exp(y)) = exp(x) / (exp(x) + exp(y)) = sigmoid(x - y), never overflowing"""

logaddexp2 = Primitive("logaddexp2", lambda x, y: (
    _scalar_logaddexp(x, y, lambda d: math.log1p(2.0**d) / LN2, 1.0) if type(x) is float
    else np.logaddexp2(x, y)), (
    lambda g, out, x, y: g * sigmoid((x - y) * LN2),
    lambda g, out, x, y: g * sigmoid((y - x) * LN2),
))
"""d/dx log2(2**x + 2**y) = 2**x / (2**x + 2**y) = sigmoid((x - y) log(2))"""


def _lerp(start: Any, end: Any, weight: Any) -> Any:
    # PyTorch's two formulas: exact at both ends (weight 0 gives start, weight 1 gives end).
    if type(weight) is float:
        small = abs(weight) < 0.5
        return start + weight * (end - start) if small else end - (end - start) * (1 - weight)
    small = np.abs(weight) < 0.5
    return np.where(small, start + weight * (end - start), end - (end - start) * (1 - weight))


lerp = Primitive("lerp", _lerp, (
    lambda g, out, start, end, weight: g * (1 - weight),
    lambda g, out, start, end, weight: g * weight,
    lambda g, out, start, end, weight: g * (end - start),
))
"""lerp(start, end, w) = start + w (end - start): d/dstart = 1 - w, d/dend = w,
d/dw = end - start"""
