"""Elementwise functions: exp log sqrt abs tanh sigmoid relu, maximum minimum clip.

Each forward is math's function for a float (a Value) and numpy's for an array (a Tensor).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..primitive import Primitive
from .select import data_of, negate, sign, where


def _by_type(scalar_fn: Any, array_fn: Any) -> Any:
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


exp = Primitive("exp", _by_type(math.exp, np.exp), (
    lambda g, out, x: g * out,
))
"""d/dx exp(x) = exp(x)"""

log = Primitive("log", _by_type(math.log, np.log), (
    lambda g, out, x: g / x,
), domain="x > 0")
"""d/dx log(x) = 1 / x"""

sqrt = Primitive("sqrt", _by_type(math.sqrt, np.sqrt), (
    lambda g, out, x: g / (2 * out),
), domain="x >= 0, and x > 0 for the derivative")
"""d/dx sqrt(x) = 1 / (2 sqrt(x))"""

absolute = Primitive("abs", _by_type(abs, np.abs), (
    # Selected, not g * sign(x): at 0 the gradient is 0 even when g is infinite.
    lambda g, out, x: where(g * sign(x), 0.0, sign(x) != 0),
))
"""d/dx |x| = sign(x), taken as 0 at 0 (and at nan, as PyTorch)"""

sin = Primitive("sin", _by_type(math.sin, np.sin), (
    lambda g, out, x: g * cos(x),
))
"""d/dx sin(x) = cos(x)"""

cos = Primitive("cos", _by_type(math.cos, np.cos), (
    lambda g, out, x: -g * sin(x),
))
"""d/dx cos(x) = -sin(x)"""

tanh = Primitive("tanh", _by_type(math.tanh, np.tanh), (
    lambda g, out, x: g * (1 - out * out),
))
"""d/dx tanh(x) = 1 - tanh(x)**2"""

sigmoid = Primitive("sigmoid", _by_type(_scalar_sigmoid, _array_sigmoid), (
    lambda g, out, x: g * out * (1 - out),
))
"""d/dx sigmoid(x) = sigmoid(x) (1 - sigmoid(x)), at most 0.25: the vanishing gradient"""

# Rules that route a gradient select it with `where`, never multiply it by a 0/1 mask: an
# infinite or nan gradient times 0 is nan, where the true answer (and PyTorch's) is 0.

relu = Primitive("ReLU", _by_type(lambda x: 0.0 if x <= 0 else x, lambda x: np.maximum(x, 0)), (
    lambda g, out, x: where(g, 0.0, negate(data_of(x) <= 0)),
))
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
