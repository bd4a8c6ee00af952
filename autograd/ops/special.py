"""Special functions: erf, erfc, erfinv.

A Value's forward is Python's `math.erf` and `math.erfc`; a Tensor's is erf_kernels.py's
numpy version (numpy has none, and gradproof does not depend on scipy), which agrees with
them to an ulp or two.
"""

from __future__ import annotations

import math

from ..primitive import Primitive
from . import erf_kernels
from .elementwise import by_type, exp

TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
HALF_SQRT_PI = math.sqrt(math.pi) / 2

erf = Primitive("erf", by_type(math.erf, erf_kernels.erf), (
    lambda g, out, x: g * TWO_OVER_SQRT_PI * exp(-x * x),
))
"""d/dx erf(x) = 2/sqrt(pi) exp(-x**2)"""

erfc = Primitive("erfc", by_type(math.erfc, erf_kernels.erfc), (
    lambda g, out, x: -g * TWO_OVER_SQRT_PI * exp(-x * x),
))
"""d/dx erfc(x) = d/dx (1 - erf(x)) = -2/sqrt(pi) exp(-x**2)"""

erfinv = Primitive("erfinv", by_type(erf_kernels.erfinv_float, erf_kernels.erfinv), (
    lambda g, out, x: g * HALF_SQRT_PI * exp(out * out),
), domain="-1 < x < 1")
"""d/dx erfinv(x) = 1 / erf'(erfinv(x)) = sqrt(pi)/2 exp(erfinv(x)**2)"""
