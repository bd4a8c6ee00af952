"""Circular and hyperbolic functions: tan arcsin arccos arctan arctan2 hypot, sinh cosh
arcsinh arccosh arctanh (sin and cos are in elementwise.py, tanh too).

Each forward is math's function for a float (a Value) and numpy's for an array (a Tensor).
Where 1 - x**2 or x**2 - 1 appears it is written (1 - x)(1 + x), which does not cancel near
|x| = 1, the edge of the domain where these derivatives are large.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..primitive import Primitive
from .elementwise import by_type, sqrt
from .select import data_of, where

tan = Primitive("tan", by_type(math.tan, np.tan), (
    lambda g, out, x: g * (1 + out * out),
))
"""d/dx tan(x) = 1 + tan(x)**2"""

arcsin = Primitive("arcsin", by_type(math.asin, np.arcsin), (
    lambda g, out, x: g / sqrt((1 - x) * (1 + x)),
), domain="-1 <= x <= 1, and |x| < 1 for the derivative")
"""d/dx arcsin(x) = 1 / sqrt(1 - x**2)"""

arccos = Primitive("arccos", by_type(math.acos, np.arccos), (
    lambda g, out, x: -g / sqrt((1 - x) * (1 + x)),
), domain="-1 <= x <= 1, and |x| < 1 for the derivative")
"""d/dx arccos(x) = -1 / sqrt(1 - x**2)"""

arctan = Primitive("arctan", by_type(math.atan, np.arctan), (
    lambda g, out, x: g / (1 + x * x),
))
"""d/dx arctan(x) = 1 / (1 + x**2)"""


def _inverse_square_norm(y: Any, x: Any) -> Any:
    """1 / (x**2 + y**2), and 0 where that is infinite (at the origin, or where the squares
    underflow): PyTorch's, which makes arctan2's gradient 0 at (0, 0), not nan."""
    squares = x * x + y * y
    value = data_of(squares)
    if type(value) is float:  # (a float, or a Value in a second-order pass)
        return 1 / squares if value != 0.0 and 1.0 / value != math.inf else 0.0
    with np.errstate(divide="ignore", over="ignore"):
        inverse = 1 / squares
    return where(inverse, 0.0, ~np.isinf(data_of(inverse)))


arctan2 = Primitive("arctan2", lambda y, x: math.atan2(y, x) if type(y) is float
                    else np.arctan2(y, x), (
    lambda g, out, y, x: g * x * _inverse_square_norm(y, x),
    lambda g, out, y, x: g * -y * _inverse_square_norm(y, x),
), domain="(y, x) != (0, 0) for the derivative")
"""arctan2(y, x), the angle of the point (x, y): d/dy = x / (x**2 + y**2),
d/dx = -y / (x**2 + y**2), multiplied by the inverse as PyTorch does (0 at the origin)"""

hypot = Primitive("hypot", lambda x, y: math.hypot(x, y) if type(x) is float
                  else np.hypot(x, y), (
    lambda g, out, x, y: g * x / out,
    lambda g, out, x, y: g * y / out,
), domain="(x, y) != (0, 0) for the derivative")
"""hypot(x, y) = sqrt(x**2 + y**2) without overflow: d/dx = x / hypot(x, y), d/dy = y /
hypot(x, y) (nan at the origin, as PyTorch)"""

sinh = Primitive("sinh", by_type(math.sinh, np.sinh), (
    lambda g, out, x: g * cosh(x),
))
"""d/dx sinh(x) = cosh(x)"""

cosh = Primitive("cosh", by_type(math.cosh, np.cosh), (
    lambda g, out, x: g * sinh(x),
))
"""d/dx cosh(x) = sinh(x)"""

arcsinh = Primitive("arcsinh", by_type(math.asinh, np.arcsinh), (
    lambda g, out, x: g / sqrt(x * x + 1),
))
"""d/dx arcsinh(x) = 1 / sqrt(x**2 + 1)"""

arccosh = Primitive("arccosh", by_type(math.acosh, np.arccosh), (
    lambda g, out, x: g / sqrt((x - 1) * (x + 1) + 0.0),  # + 0.0: at x = -1 the product
), domain="x >= 1, and x > 1 for the derivative")  # is -0.0, and 1 / -0.0 is -inf (PyTorch: inf)
"""d/dx arccosh(x) = 1 / sqrt(x**2 - 1)"""

arctanh = Primitive("arctanh", by_type(math.atanh, np.arctanh), (
    lambda g, out, x: g / ((1 - x) * (1 + x)),
), domain="-1 < x < 1")
"""d/dx arctanh(x) = 1 / (1 - x**2)"""
