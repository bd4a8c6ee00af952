"""erf, erfc and erfinv of arrays, in numpy: for the rule rows of autograd/ops/special.py.

numpy has no erf, and gradproof does not depend on scipy. These agree with Python's
`math.erf` and `math.erfc` to a unit or two in the last place (tests/test_special.py checks
that on many points) at the speed of a few dozen numpy operations per element:

    erf(x)  = x + x P(x**2)                        |x| < 1
    erfc(x) = exp(-x**2) G(x)                      x >= 0.5 (G from three pieces, and
                                                   K(1/x**2) / x past 4)
    erf(x)  = sign(x) (1 - erfc(|x|)),  erfc(x) = 1 - erf(x) or 2 - erfc(-x) elsewhere

P, G and K are smooth, so short polynomials fit them to a fraction of an ulp (mpmath's
Chebyshev fits, in erf_tables.py, written by tools/fit_erf.py). exp(-x**2) is taken as
exp(-h**2) exp(-(x - h)(x + h)) with h the leading 26 bits of x, so that h**2 is exact:
x**2 rounded would cost up to x**2 ulps in the tail. erfinv is Winitzki's approximation
polished by three of Halley's steps on erf (erfc for |y| > 1/2, where 1 - |y| is exact).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .erf_tables import PIECES, SMALL, TAIL

_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_WINITZKI_A = 0.147


def _horner(coeffs: tuple[float, ...], w: np.ndarray) -> np.ndarray:
    out = np.full_like(w, coeffs[0])
    for c in coeffs[1:]:
        out = out * w + c
    return out


def _as_float64(x: Any) -> tuple[np.ndarray, Any]:
    """x as float64 (computed there), and the float dtype to give the result back in."""
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    return x.astype(np.float64), dtype


def _exp_minus_square(x: np.ndarray) -> np.ndarray:
    """exp(-x**2) for finite x >= 0, without rounding x**2 first."""
    head = (x.view(np.uint64) & np.uint64(0xFFFFFFFFF8000000)).view(np.float64)
    return np.exp(-head * head) * np.exp(-(x - head) * (x + head))


def _erfc_from_half(x: np.ndarray) -> np.ndarray:
    """erfc(x) for x >= 0.5 (inf and nan too)."""
    scaled = np.full_like(x, np.nan)  # erfc(x) exp(x**2)
    for lo, hi, centre, coeffs in PIECES:
        piece = (x >= lo) & (x < hi)
        scaled[piece] = _horner(coeffs, x[piece] - centre)
    far = (x >= PIECES[-1][1]) & (x < np.inf)
    scaled[far] = _horner(TAIL, 1 / (x[far] * x[far])) / x[far]
    finite = np.isfinite(x)
    out = np.where(x == np.inf, 0.0, scaled)
    out[finite] *= _exp_minus_square(x[finite])
    return out


def _erf_small(x: np.ndarray) -> np.ndarray:
    """erf(x) for |x| < 1."""
    return x + x * _horner(SMALL, x * x)


def erf(x: Any) -> np.ndarray:
    """The error function 2/sqrt(pi) * integral of exp(-t**2) from 0 to x, elementwise."""
    a, dtype = _as_float64(x)
    out = np.empty_like(a)
    small = np.abs(a) < 1
    out[small] = _erf_small(a[small])
    rest = a[~small]
    out[~small] = np.copysign(1 - _erfc_from_half(np.abs(rest)), rest)
    return out.astype(dtype, copy=False)


def erfc(x: Any) -> np.ndarray:
    """1 - erf(x), elementwise, without the cancellation: erfc(10) is 2.088e-45, not 0."""
    a, dtype = _as_float64(x)
    out = np.empty_like(a)
    middle = np.abs(a) < 0.5
    out[middle] = 1 - _erf_small(a[middle])
    right = a >= 0.5
    out[right] = _erfc_from_half(a[right])
    left = ~(middle | right)  # x <= -0.5, and nan
    out[left] = 2 - _erfc_from_half(-a[left])
    return out.astype(dtype, copy=False)


def erfinv(y: Any) -> np.ndarray:
    """The inverse of erf on [-1, 1], elementwise: erfinv(±1) = ±inf, nan outside."""
    a, dtype = _as_float64(y)
    size = np.abs(a)
    inside = size < 1
    t = size[inside]
    with np.errstate(divide="ignore"):
        log_term = np.log((1 - t) * (1 + t))  # log(1 - y**2), without cancelling 1 - y**2
    half = 2 / (math.pi * _WINITZKI_A) + log_term / 2
    x = np.sqrt(np.sqrt(half * half - log_term / _WINITZKI_A) - half)
    central = t <= 0.5
    for _ in range(3):  # Halley: x -= u / (1 + x u), u = f / f', f = erf(x) - t, f'' = -2x f'
        f = np.empty_like(x)
        f[central] = erf(x[central]) - t[central]
        f[~central] = (1 - t[~central]) - erfc(x[~central])
        u = f / (_TWO_OVER_SQRT_PI * np.exp(-x * x))
        x = x - u / (1 + x * u)
    out = np.where(size == 1, np.inf, np.nan)
    out[inside] = x
    return np.copysign(out, a).astype(dtype, copy=False)


def erfinv_float(y: float) -> float:
    """erfinv of a float, as Python's math functions do: ValueError outside (-1, 1)."""
    if not -1 < y < 1:
        raise ValueError("math domain error")
    return float(erfinv(np.array(y)))
