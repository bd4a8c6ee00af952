"""Circular and hyperbolic functions: tan arcsin arccos arctan arctan2 hypot, sinh cosh
arcsinh arccosh arctanh (sin and cos are in elementwise.py, tanh too).

Each forward is math's function for a float (a Value) and numpy's for an array (a Tensor).
Where 1 - x**2 or x**2 - 1 appears it is written (1 - x)(1 + x), which does not cancel near
|x| = 1, the edge of the domain where these derivatives are large.
"""

from __future__ import annotations

import math

import numpy as np

from ..primitive import Primitive
from .elementwise import by_type, sqrt

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

arctan2 = Primitive("arctan2", lambda y, x: math.atan2(y, x) if type(y) is float
                    else np.arctan2(y, x), (
    lambda g, out, y, x: g * x / (x * x + y * y),
    lambda g, out, y, x: -g * y / (x * x + y * y),
), domain="(y, x) != (0, 0) for the derivative")
"""arctan2(y, x), the angle of the point (x, y): d/dy = x / (x**2 + y**2),
d/dx = -y / (x**2 + y**2) (nan at the origin, as PyTorch)"""

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
    lambda g, out, x: g / sqrt((x - 1) * (x + 1)),
), domain="x >= 1, and x > 1 for the derivative")
"""d/dx arccosh(x) = 1 / sqrt(x**2 - 1)"""

arctanh = Primitive("arctanh", by_type(math.atanh, np.arctanh), (
    lambda g, out, x: g / ((1 - x) * (1 + x)),
), domain="-1 < x < 1")
"""d/dx arctanh(x) = 1 / (1 - x**2)"""
