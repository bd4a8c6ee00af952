"""Rows of the op table: elementwise functions beyond the basic ones, and nn's activations.

ONNX has no log1p or expm1: they are written with Kahan's tricks, exact to a few units in
the last place where log(1 + x) and exp(x) - 1 lose everything for tiny x. ONNX Runtime
runs Tan, Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh, Atanh and Erf in float32 only: a
float64 model that uses them is valid ONNX, which ONNX Runtime refuses to load.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import ops

from ..activation import activations
from .table import register, scalar, unary

LN2, LN10 = math.log(2), math.log(10)


def log1p(g: Any, node: Any, y: str) -> str:
    """log(1 + y): u = 1 + y; y where u is 1, else log(u) y / (u - 1) (Kahan)."""
    one = g.const(scalar(node, 1))
    u = g.op("Add", one, y)
    ratio = g.op("Div", g.op("Mul", g.op("Log", u), y), g.op("Sub", u, one))
    exact = g.op("Where", g.op("IsInf", u, detect_negative=0), u, ratio)  # inf / inf
    return g.op("Where", g.op("Equal", u, one), y, exact)


def expm1(g: Any, node: Any, x: str) -> str:
    """exp(x) - 1: u = exp(x); x where u is 1, -1 where u - 1 is, else (u - 1) x / log(u)."""
    one = g.const(scalar(node, 1))
    u = g.op("Exp", x)
    less = g.op("Sub", u, one)
    ratio = g.op("Div", g.op("Mul", less, x), g.op("Log", u))
    exact = g.op("Where", g.op("IsInf", u, detect_negative=0), u, ratio)
    exact = g.op("Where", g.op("Equal", less, g.const(scalar(node, -1))), less, exact)
    return g.op("Where", g.op("Equal", u, one), x, exact)


def softplus(g: Any, node: Any, s: str) -> str:
    """log(1 + exp(s)) = max(s, 0) + log1p(exp(-|s|)): finite for every s (ONNX Runtime's
    Softplus is log(exp(s) + 1), inf from s = 710 in float64)."""
    return g.op("Add", g.op("Relu", s), log1p(g, node, g.op("Exp", g.op("Neg", g.op("Abs", s)))))


def _log_base(base: float) -> Any:
    return lambda g, node: g.op("Div", g.op("Log", g.input(node, 0)),
                                g.const(scalar(node, base)))


register(ops.exp2, lambda g, node: g.op("Pow", g.const(scalar(node, 2)), g.input(node, 0)))
register(ops.expm1, lambda g, node: expm1(g, node, g.input(node, 0)))
register(ops.log1p, lambda g, node: log1p(g, node, g.input(node, 0)))
register(ops.log2, _log_base(LN2))
register(ops.log10, _log_base(LN10))
register(ops.reciprocal, unary("Reciprocal"))
register(ops.rsqrt, lambda g, node: g.op("Div", g.const(scalar(node, 1)),
                                         g.op("Sqrt", g.input(node, 0))))


def _logaddexp(base_log: float) -> Any:
    """numpy's logaddexp (base e) and logaddexp2: x + log(2) (or + 1) where x == y (both
    infinite too), else the larger plus log1p(base**-|x - y|) / log(base)."""
    def emit(g: Any, node: Any) -> str:
        x, y = g.inputs(node)
        d = g.op("Sub", x, y)
        larger = g.op("Where", g.op("Greater", d, g.const(scalar(node, 0))), x, y)
        power = g.op("Neg", g.op("Abs", d))
        tail = g.op("Exp", power) if base_log == 1 else g.op("Pow", g.const(scalar(node, 2)),
                                                              power)
        rest = log1p(g, node, tail)
        if base_log != 1:
            rest = g.op("Div", rest, g.const(scalar(node, LN2)))
        same = g.op("Add", x, g.const(scalar(node, LN2 if base_log == 1 else 1)))
        return g.op("Where", g.op("Equal", x, y), same, g.op("Add", larger, rest))
    return emit


register(ops.logaddexp, _logaddexp(1))
register(ops.logaddexp2, _logaddexp(LN2))


@register(ops.lerp)
def _lerp(g: Any, node: Any) -> str:
    """PyTorch's two formulas, exact at both ends: start + w (end - start) for |w| < 1/2,
    end - (end - start)(1 - w) otherwise."""
    start, end, w = g.inputs(node)
    span = g.op("Sub", end, start)
    near_start = g.op("Add", start, g.op("Mul", w, span))
    near_end = g.op("Sub", end, g.op("Mul", span, g.op("Sub", g.const(scalar(node, 1)), w)))
    small = g.op("Less", g.op("Abs", w), g.const(scalar(node, 0.5)))
    return g.op("Where", small, near_start, near_end)


# ----------------------------------------------------------- trig, hyperbolic, special

for primitive, op_type in ((ops.tan, "Tan"), (ops.arcsin, "Asin"), (ops.arccos, "Acos"),
                           (ops.arctan, "Atan"), (ops.sinh, "Sinh"), (ops.cosh, "Cosh"),
                           (ops.arcsinh, "Asinh"), (ops.arccosh, "Acosh"),
                           (ops.arctanh, "Atanh"), (ops.erf, "Erf")):
    register(primitive, unary(op_type))


@register(ops.hypot)
def _hypot(g: Any, node: Any) -> str:
    """m sqrt(1 + (n/m)**2), m and n the larger and smaller of |x| and |y|: no overflow
    where x**2 would (0 where both are 0, inf where either is)."""
    x, y = (g.op("Abs", v) for v in g.inputs(node))
    m, n = g.op("Max", x, y), g.op("Min", x, y)
    r = g.op("Div", n, m)
    out = g.op("Mul", m, g.op("Sqrt", g.op("Add", g.const(scalar(node, 1)),
                                           g.op("Mul", r, r))))
    out = g.op("Where", g.op("IsInf", m), m, out)
    return g.op("Where", g.op("Equal", m, g.const(scalar(node, 0))), m, out)


# ---------------------------------------------------------------- rounding, remainders

register(ops.signum, unary("Sign"))
register(ops.floor, unary("Floor"))
register(ops.ceil, unary("Ceil"))
register(ops.trunc, lambda g, node: g.op(
    "Where", g.op("Less", g.input(node, 0), g.const(scalar(node, 0))),
    g.op("Ceil", g.input(node, 0)), g.op("Floor", g.input(node, 0))))
register(ops.fmod, lambda g, node: g.op("Mod", *g.inputs(node), fmod=1))


@register(ops.trunc_divide)
def _trunc_divide(g: Any, node: Any) -> str:
    """x / y rounded toward 0: Ceil below 0, Floor above (ONNX has no Trunc)."""
    div = g.op("Div", *g.inputs(node))
    return g.op("Where", g.op("Less", div, g.const(scalar(node, 0))), g.op("Ceil", div),
                g.op("Floor", div))


@register(ops.rounding)
def _round(g: Any, node: Any) -> str:
    """numpy's: halves to even, after x * 10**d (d >= 0) or x / 10**-d, then back."""
    (decimals,) = node._args
    x = g.input(node, 0)
    if decimals == 0:
        return g.op("Round", x)
    scale = g.const(scalar(node, 10.0 ** abs(decimals)))
    there, back = ("Mul", "Div") if decimals > 0 else ("Div", "Mul")
    return g.op(back, g.op("Round", g.op(there, x, scale)), scale)


def _fmod_and_fix(g: Any, node: Any) -> tuple[str, str, str, str]:
    """C's fmod(x, y), and where numpy's remainder differs from it (a nonzero fmod whose
    sign is not y's)."""
    x, y = g.inputs(node)
    mod = g.op("Mod", x, y, fmod=1)
    zero = g.const(scalar(node, 0))
    signs_differ = g.op("Xor", g.op("Less", y, zero), g.op("Less", mod, zero))
    fix = g.op("And", g.op("Not", g.op("Equal", mod, zero)), signs_differ)
    return x, y, mod, fix


@register(ops.remainder)
def _remainder(g: Any, node: Any) -> str:
    x, y, mod, fix = _fmod_and_fix(g, node)
    return g.op("Where", fix, g.op("Add", mod, y), mod)


@register(ops.floor_divide)
def _floor_divide(g: Any, node: Any) -> str:
    """numpy's npy_divmod: (x - fmod(x, y)) / y, one less where the remainder is fixed,
    floored, and one more if that left more than a half; x / y where y is 0."""
    x, y, mod, fix = _fmod_and_fix(g, node)
    one, half = g.const(scalar(node, 1)), g.const(scalar(node, 0.5))
    div = g.op("Div", g.op("Sub", x, mod), y)
    div = g.op("Where", fix, g.op("Sub", div, one), div)
    floor = g.op("Floor", div)
    floor = g.op("Where", g.op("Greater", g.op("Sub", div, floor), half),
                 g.op("Add", floor, one), floor)
    return g.op("Where", g.op("Equal", y, g.const(scalar(node, 0))), g.op("Div", x, y), floor)


@register(ops.nan_to_num)
def _nan_to_num(g: Any, node: Any) -> str:
    nan, posinf, neginf = node._args
    largest = np.finfo(node.data.dtype).max
    x = g.input(node, 0)
    out = g.op("Where", g.op("IsInf", x, detect_positive=0),
               g.const(scalar(node, -largest if neginf is None else neginf)), x)
    out = g.op("Where", g.op("IsInf", x, detect_negative=0),
               g.const(scalar(node, largest if posinf is None else posinf)), out)
    return g.op("Where", g.op("IsNaN", x), g.const(scalar(node, nan)), out)


# -------------------------------------------------------------------- nn's activations

@register(activations.softplus_rule)
def _softplus(g: Any, node: Any) -> str:
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (PyTorch's)."""
    beta, threshold = node._args
    x = g.input(node, 0)
    s = g.op("Mul", x, g.const(scalar(node, beta)))
    soft = g.op("Div", softplus(g, node, s), g.const(scalar(node, beta)))
    if threshold == np.inf:
        return soft
    return g.op("Where", g.op("Greater", s, g.const(scalar(node, threshold))), x, soft)


register(activations.logsigmoid_rule, lambda g, node: g.op(
    "Sub", g.op("Min", g.input(node, 0), g.const(scalar(node, 0))),
    log1p(g, node, g.op("Exp", g.op("Neg", g.op("Abs", g.input(node, 0)))))))
register(activations.silu_rule, lambda g, node: g.op(
    "Mul", g.input(node, 0), g.op("Sigmoid", g.input(node, 0))))
register(activations.mish_rule, lambda g, node: g.op(
    "Mul", g.input(node, 0), g.op("Tanh", softplus(g, node, g.input(node, 0)))))


@register(activations.hardswish_rule)
def _hardswish(g: Any, node: Any) -> str:
    """x min(max(x + 3, 0), 6) / 6, in PyTorch's order."""
    x = g.input(node, 0)
    six = g.const(scalar(node, 6))
    clipped = g.op("Clip", g.op("Add", x, g.const(scalar(node, 3))),
                   g.const(scalar(node, 0)), six)
    return g.op("Div", g.op("Mul", x, clipped), six)


@register(activations.gelu_rule)
def _gelu(g: Any, node: Any) -> str:
    """x Phi(x) = x / 2 (1 + erf(x / sqrt 2)); with approximate='tanh', PyTorch's
    x / 2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x**3))), each in gradproof's order."""
    (approximate,) = node._args
    x = g.input(node, 0)
    one, half = g.const(scalar(node, 1)), g.const(scalar(node, 0.5))
    if approximate == "tanh":
        cube = g.op("Mul", g.op("Mul", x, x), x)
        inner = g.op("Mul", g.const(scalar(node, activations.GELU_BETA)),
                     g.op("Add", x, g.op("Mul", g.const(scalar(node, activations.GELU_KAPPA)),
                                         cube)))
        return g.op("Mul", g.op("Mul", half, x), g.op("Add", one, g.op("Tanh", inner)))
    erf = g.op("Erf", g.op("Mul", x, g.const(scalar(node, activations.SQRT1_2))))
    return g.op("Mul", g.op("Mul", x, half), g.op("Add", one, erf))

