"""The elementwise steps of PyTorch's optimizer kernels, rounded as PyTorch rounds them.

PyTorch's optimizers are written with a few fused tensor ops: `y.add(x, alpha=a)`,
`y.addcmul(a, b, value=v)`, `y.addcdiv(a, b, value=v)` and `start.lerp(end, w)`. Each is one
expression in C++, so what gets rounded depends on how that C++ was compiled:

- PyTorch's portable CPU kernels (ATEN_CPU_CAPABILITY=default) round every multiply and
  every add: `y + a * x` is two roundings. That is plain numpy arithmetic, our default.
- Its AVX2 and AVX-512 kernels (what an x86 machine runs unless told otherwise), and ARM's,
  compute `y + a * x` as one fused multiply-add: a single rounding. `fma=True` does the same
  with `fused_multiply_add` below: exact, and about ten times slower (thirty numpy passes).

addcdiv ends with a division, so it is never fused: `y + (v * a) / b` in both modes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_BLOCK = 2**14  # elements per block of the emulation: its temporaries fit in the cache

# Veltkamp's splitting constant 2**ceil(p/2) + 1 and the integer of the same width, per dtype.
_SPLITTERS = {np.dtype(np.float64): (2.0**27 + 1, np.int64),
              np.dtype(np.float32): (2.0**12 + 1, np.int32)}


def _two_sum_error(x: np.ndarray, y: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The rounding error of s = x + y: x + y == s + error exactly (Knuth's TwoSum)."""
    y_part = s - x
    return (x - (s - y_part)) + (y - y_part)


def _split(x: np.ndarray, splitter: float) -> tuple[np.ndarray, np.ndarray]:
    """x == high + low exactly, each with half of x's mantissa (Veltkamp)."""
    t = splitter * x
    high = t - (t - x)
    return high, x - high


def fused_multiply_add(a: Any, b: Any, c: Any) -> np.ndarray:
    """a * b + c with a single rounding (C's fma), elementwise, for float32 and float64.

    Boldo and Melquiond's emulation: the product is split exactly into p + p_error
    (Dekker), c + p into s + s_error (TwoSum), and the two small errors are added with
    rounding to odd, which makes the final rounding of s + errors the correct one.
    Exact for every finite input except when a * b underflows (|a * b| < 2**-969 in
    float64), where the last bit may differ; where the emulation overflows, the result is
    plain a * b + c, which gives IEEE's infinities and NaNs.
    """
    dtype = np.result_type(a, b, c)
    if dtype not in _SPLITTERS:
        raise TypeError(f"fused_multiply_add: float32 or float64 expected, got {dtype}")
    shape = np.broadcast_shapes(np.shape(a), np.shape(b), np.shape(c))
    # Flat operands (a one-element one stays one element), done in blocks that stay in the
    # CPU's cache: the emulation makes about thirty passes over its temporaries.
    flat = [v.reshape(1) if v.size == 1 else np.broadcast_to(v, shape).reshape(-1)
            for v in (np.asarray(x, dtype) for x in (a, b, c))]
    out = np.empty(math.prod(shape), dtype)
    with np.errstate(over="ignore", invalid="ignore"):  # handled in _emulate_fma, as IEEE's
        for start in range(0, out.size, _BLOCK):
            block = slice(start, start + _BLOCK)
            out[block] = _emulate_fma(*(v if v.size == 1 else v[block] for v in flat),
                                      *_SPLITTERS[dtype])
    return out.reshape(shape)


def _emulate_fma(a: np.ndarray, b: np.ndarray, c: np.ndarray, splitter: float,
                 int_type: Any) -> np.ndarray:
    p = a * b
    a_high, a_low = _split(a, splitter)
    b_high, b_low = _split(b, splitter)
    p_error = ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low
    s = c + p
    s_error = _two_sum_error(c, p, s)
    small = s_error + p_error
    small_error = _two_sum_error(s_error, p_error, small)
    # Round `small` to odd: truncate towards zero (one unit down in magnitude when the
    # rounding went up), then set the last bit if inexact.
    bits = small.view(int_type)
    inexact = small_error != 0
    bits -= inexact & (np.signbit(small_error) != np.signbit(small))
    bits |= inexact
    out = s + small
    # An exact zero takes its sign from plain arithmetic (a * b is then exact); overflow
    # and NaN inputs take IEEE's specials from it too.
    special = ~np.isfinite(out) | (out == 0)
    if special.any():
        np.copyto(out, p + c, where=special)
    return out


def add_scaled(y: Any, alpha: float, x: Any, fma: bool, out: Any = None) -> Any:
    """y + alpha * x: PyTorch's `y.add(x, alpha=alpha)` (into `out` when given)."""
    if fma and alpha != 1:
        return _store(fused_multiply_add(alpha, x, y), out)
    return np.add(y, np.multiply(alpha, x), out=out)


def add_product(y: Any, value: float, a: Any, b: Any, fma: bool, out: Any = None) -> Any:
    """y + value * a * b, as (value * a) * b: PyTorch's `y.addcmul(a, b, value=value)`."""
    scaled = np.multiply(value, a)
    if fma:
        return _store(fused_multiply_add(scaled, b, y), out)
    scaled *= b
    return np.add(y, scaled, out=out)


def add_quotient(y: Any, value: float, a: Any, b: Any, out: Any = None) -> Any:
    """y + (value * a) / b: PyTorch's `y.addcdiv(a, b, value=value)` (never fused)."""
    quotient = np.multiply(value, a)
    quotient /= b
    return np.add(y, quotient, out=out)


def lerp(start: Any, end: Any, weight: float, fma: bool, out: Any = None) -> Any:
    """start + weight * (end - start): PyTorch's `start.lerp(end, weight)`, which for
    |weight| >= 0.5 computes end - (end - start) * (1 - weight) instead."""
    difference = np.subtract(end, start)
    small = abs(weight) < 0.5
    if fma:
        fused = (fused_multiply_add(weight, difference, start) if small
                 else fused_multiply_add(weight - 1, difference, end))
        return _store(fused, out)
    if small:
        difference *= weight
        return np.add(start, difference, out=out)
    difference *= 1 - weight
    return np.subtract(end, difference, out=out)


def _store(result: np.ndarray, out: Any) -> Any:
    if out is None:
        return result
    out[...] = result
    return out
