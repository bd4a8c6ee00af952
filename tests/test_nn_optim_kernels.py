"""nn.optim._kernels: the exact fused multiply-add against rational arithmetic.

fused_multiply_add(a, b, c) must be a * b + c rounded once. Python's Fraction computes the
exact value, and float(Fraction) rounds it once (to nearest, ties to even): the truth.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nn.optim._kernels import add_product, add_quotient, add_scaled, fused_multiply_add, lerp


def exact_fma(a: float, b: float, c: float, dtype=np.float64) -> float:
    exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
    if dtype == np.float64:
        return float(exact)
    return _round_to_float32(exact)


def _round_to_float32(exact: Fraction) -> float:
    """exact rounded once to float32 (to nearest, ties to even), for normal results."""
    if exact == 0:
        return 0.0
    exponent = math.floor(math.log2(abs(exact)))
    while Fraction(2) ** exponent > abs(exact):
        exponent -= 1
    while Fraction(2) ** (exponent + 1) <= abs(exact):
        exponent += 1
    ulp = Fraction(2) ** (exponent - 23)
    units = exact / ulp
    rounded = math.floor(units)
    rest = units - rounded
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and rounded % 2 == 1):
        rounded += 1
    return float(rounded * ulp)


# Products far from underflow and overflow, where the emulation is exact.
moderate = st.floats(min_value=-1e100, max_value=1e100, allow_nan=False).filter(
    lambda x: x == 0 or abs(x) > 1e-100)


@given(moderate, moderate, moderate)
def test_fma_is_the_exact_sum_rounded_once(a, b, c):
    assert fused_multiply_add(a, b, c) == exact_fma(a, b, c)


@given(moderate, moderate, st.floats(min_value=-1e-12, max_value=1e-12))
def test_fma_when_c_nearly_cancels_the_product(a, b, relative):
    c = -(a * b) * (1 + relative)  # the hard case: most bits of a * b cancel
    if math.isfinite(c):
        assert fused_multiply_add(a, b, c) == exact_fma(a, b, c)


def test_fma_on_exact_ties_rounds_to_even():
    # a * b + c lands exactly halfway between two doubles only through the product's low
    # bits: 1 + 2**-53 is such a midpoint, and so is 1 + 3 * 2**-53
    rng = np.random.default_rng(0)
    a = (rng.integers(1, 2**26, 20000) * 2.0**-26)
    b = (rng.integers(1, 2**27, 20000) * 2.0**-27)
    c = (rng.integers(-2**52, 2**52, 20000) * 2.0**-52)
    ours = fused_multiply_add(a, b, c)
    truth = [exact_fma(x, y, z) for x, y, z in zip(a, b, c, strict=True)]
    assert ours.tolist() == truth
    assert fused_multiply_add(1.0 + 2.0**-52, 1.0 - 2.0**-53, 0.0) == exact_fma(
        1.0 + 2.0**-52, 1.0 - 2.0**-53, 0.0)


def test_fma_differs_from_two_roundings_where_it_should():
    # (1 + 2**-30)**2 = 1 + 2**-29 + 2**-60: two roundings lose the 2**-60
    x = 1.0 + 2.0**-30
    assert fused_multiply_add(x, x, -1.0) == 2.0**-29 + 2.0**-60
    assert x * x - 1.0 == 2.0**-29


@given(st.lists(st.floats(min_value=-(2.0**60), max_value=2.0**60, width=32), min_size=3,
                max_size=3))
def test_fma_in_float32(abc):
    a, b, c = (np.float32(v) for v in abc)
    ours = fused_multiply_add(a, b, c)
    assert ours.dtype == np.float32
    exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
    if exact == 0 or abs(exact) > 2**-126:  # normal float32 results
        assert float(ours) == exact_fma(a, b, c, np.float32)


def test_fma_specials_follow_ieee():
    inf, nan = math.inf, math.nan
    assert fused_multiply_add(inf, 2.0, 1.0) == inf
    assert fused_multiply_add(-inf, 2.0, 1.0) == -inf
    assert math.isnan(fused_multiply_add(inf, 0.0, 1.0))
    assert math.isnan(fused_multiply_add(nan, 1.0, 1.0))
    assert math.isnan(fused_multiply_add(inf, 1.0, -inf))
    assert fused_multiply_add(1e300, 1e10, 0.0) == inf  # overflow
    big = 2.0**1000  # the splitting overflows; plain arithmetic is exact here
    assert fused_multiply_add(big, 2.0, 1.0) == big * 2.0
    # signed zeros as C's fma: -0 only when both the product and c are -0
    assert math.copysign(1, fused_multiply_add(-0.0, 1.0, -0.0)) == -1
    assert math.copysign(1, fused_multiply_add(-0.0, 1.0, 0.0)) == 1
    assert math.copysign(1, fused_multiply_add(2.0, 3.0, -6.0)) == 1


def test_fma_broadcasts_and_keeps_shapes():
    out = fused_multiply_add(0.5, np.ones((2, 3)), np.arange(3.0))
    assert out.shape == (2, 3) and out.tolist() == [[0.5, 1.5, 2.5]] * 2
    assert fused_multiply_add(np.array(2.0), np.array(3.0), np.array(1.0)).shape == ()
    with pytest.raises(TypeError, match="fused_multiply_add: float32 or float64"):
        fused_multiply_add(np.float16(1), np.float16(1), np.float16(1))


def test_ops_write_into_out_and_leave_inputs_alone():
    y, a, b = np.array([1.0, 2.0]), np.array([3.0, 4.0]), np.array([0.5, 0.25])
    for fma in (False, True):
        out = y.copy()
        assert add_scaled(out, 0.5, a, fma, out=out) is out and out.tolist() == [2.5, 4.0]
        assert add_product(y, 2.0, a, b, fma).tolist() == [4.0, 4.0]
        assert lerp(y, a, 0.25, fma).tolist() == [1.5, 2.5]
        assert lerp(y, a, 0.75, fma).tolist() == [2.5, 3.5]
    assert add_quotient(y, 2.0, a, b).tolist() == [13.0, 34.0]
    assert y.tolist() == [1.0, 2.0] and a.tolist() == [3.0, 4.0] and b.tolist() == [0.5, 0.25]
