"""Activation functions, as in torch.nn.functional (nn.functional re-exports them).

Each takes PyTorch's arguments with PyTorch's defaults, and works on a Tensor, on anything
`Tensor()` takes, and (all but softmax, softmin, normalize and prelu) on a Value. At a kink
the gradient is PyTorch's (leaky_relu at 0 has the negative slope, hardtanh and relu6 have 0 at
their bounds, elu takes its negative side at 0, ...), and a piecewise function selects its
pieces with `where`, so an infinite upstream gradient in one piece never makes nan in
another.

`inplace=True` is accepted where PyTorch has it, and computes out of place: ops here never
change their input, so a graph stays correct. softplus, logsigmoid, gelu, silu, mish and
hardswish are one node each (rule rows below), for stability and speed, and so that their
gradients are PyTorch's formulas (a product rule would turn an infinite upstream gradient
into inf - inf); the rest are compositions of ops.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from autograd import Primitive, Tensor, ops

from .. import arguments

# ----------------------------------------------------------------------- argument checks


# (nn/arguments.py; imported here, where nn's modules have always found them)
number = arguments.number
check_inplace = arguments.check_inplace


def _dim(dim: Any, ndim: int, where: str) -> int:
    """One dimension of a Tensor of ndim dimensions, made non-negative (a 0-d Tensor takes
    0 or -1, as PyTorch)."""
    size = max(ndim, 1)
    dim = arguments.integer(dim, "dim", where)
    if not -size <= dim < size:
        raise ValueError(f"{where}: dim {dim!r} is out of range for a Tensor of {ndim} "
                         f"dimensions")
    return int(dim) % size


_node = arguments.node  # a Value or a Tensor as it is; anything else as a Tensor
_tensor = arguments.tensor


# ------------------------------------------------------------------------- rule rows


def _scalar_softplus(s: float) -> float:
    return max(s, 0.0) + math.log1p(math.exp(-abs(s)))


def _softplus(x: Any, beta: float, threshold: float) -> Any:
    # log(1 + exp(beta x)) / beta, written so exp never overflows (PyTorch's log1p(exp(.))
    # is inf past beta x = 709 when threshold allows it); x itself past the threshold.
    if type(x) is float:
        s = x * beta
        return x if s > threshold else _scalar_softplus(s) / beta
    s = x * beta
    return np.where(s > threshold, x, np.logaddexp(0, s) / beta)


softplus_rule = Primitive("softplus", _softplus, (
    lambda g, out, x, beta, threshold: ops.where(
        g, g * ops.sigmoid(x * beta), ops.data_of(x) * beta > threshold),
))
"""softplus(x) = log(1 + exp(beta x)) / beta, and x where beta x > threshold (PyTorch's);
d/dx = sigmoid(beta x), and 1 past the threshold"""


def _logsigmoid(x: Any) -> Any:
    if type(x) is float:
        return min(x, 0.0) - math.log1p(math.exp(-abs(x)))
    return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))


logsigmoid_rule = Primitive("logsigmoid", _logsigmoid, (
    lambda g, out, x: g * ops.sigmoid(-x),
))
"""logsigmoid(x) = log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|)), finite for any x;
d/dx = sigmoid(-x)"""

SQRT1_2 = math.sqrt(0.5)
INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
GELU_BETA = math.sqrt(2 / math.pi)  # PyTorch's kBeta
GELU_KAPPA = 0.044715


def _gelu(x: Any, approximate: str) -> Any:
    if approximate == "tanh":  # PyTorch's order of operations, for its numbers
        inner = GELU_BETA * (x + GELU_KAPPA * (x * x * x))
        return 0.5 * x * (1 + ops.tanh(inner))
    return x * 0.5 * (1 + ops.erf(x * SQRT1_2))


def _gelu_vjp(g: Any, out: Any, x: Any, approximate: str) -> Any:
    if approximate == "tanh":
        t = ops.tanh(GELU_BETA * (x + GELU_KAPPA * (x * x * x)))
        slope = GELU_BETA * (1 + 3 * GELU_KAPPA * (x * x))
        return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * slope)
    cdf = 0.5 * (1 + ops.erf(x * SQRT1_2))
    return g * (cdf + x * INV_SQRT_2PI * ops.exp(-0.5 * (x * x)))


gelu_rule = Primitive("gelu", _gelu, (_gelu_vjp,))
"""gelu(x) = x Phi(x), Phi the normal distribution's cdf: d/dx = Phi(x) + x phi(x); with
approximate='tanh', Phi(x) ~ (1 + tanh(sqrt(2/pi) (x + 0.044715 x**3))) / 2 and its
derivative"""

silu_rule = Primitive("silu", lambda x: x * ops.sigmoid(x), (
    lambda g, out, x: g * ops.sigmoid(x) * (1 + x * (1 - ops.sigmoid(x))),
))
"""silu(x) = x sigmoid(x): d/dx = sigmoid(x) (1 + x (1 - sigmoid(x)))"""


def _tanh_softplus(x: Any) -> Any:
    return ops.tanh(softplus_rule(x, 1.0, math.inf))


mish_rule = Primitive("mish", lambda x: x * _tanh_softplus(x), (
    lambda g, out, x: g * (_tanh_softplus(x)
                           + x * ops.sigmoid(x) * (1 - _tanh_softplus(x) ** 2)),
))
"""mish(x) = x tanh(softplus(x)): d/dx = t + x sigmoid(x) (1 - t**2), t = tanh(softplus(x))"""


def _hardswish(x: Any) -> Any:
    # PyTorch's x * min(max(x + 3, 0), 6) / 6
    if type(x) is float:
        return x * min(max(x + 3, 0.0), 6.0) / 6
    return x * np.clip(x + 3, 0, 6) / 6


def _hardswish_vjp(g: Any, out: Any, x: Any) -> Any:
    d = ops.data_of(x)
    if type(d) is float:
        middle, high = -3 < d < 3, not d <= -3
    else:
        middle, high = (d > -3) & (d < 3), ~(d <= -3)
    return ops.where(g * (x / 3 + 0.5), ops.where(g, 0.0, high), middle)


hardswish_rule = Primitive("hardswish", _hardswish, (_hardswish_vjp,))
"""hardswish(x) = x relu6(x + 3) / 6: d/dx = 0 up to -3, x/3 + 1/2 strictly between -3 and
3, 1 from 3 on (PyTorch's sides at ±3, and 1 at nan)"""


# ---------------------------------------------------------------------- the functions


def relu(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """max(x, 0); the gradient at 0 is 0 (PyTorch's)."""
    if inplace is not False:
        check_inplace(inplace, "relu")
    if isinstance(input, Tensor):  # (a layer's call: straight to the rule)
        return ops.relu(input)
    return _node(input, "relu").relu()


def sigmoid(input: Any) -> Any:  # noqa: A002
    return _node(input, "sigmoid").sigmoid()


def tanh(input: Any) -> Any:  # noqa: A002
    return _node(input, "tanh").tanh()


def softmax(input: Any, dim: int | None = None, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """exp(x) / sum(exp(x)) along dim; dim=None is PyTorch's old implicit choice (0 for 0, 1
    or 3 dimensions, else 1), with its warning; dtype= casts first."""
    x = _tensor(input, "softmax")
    return x.softmax(dim=_implicit_dim(x, "softmax") if dim is None else dim, dtype=dtype)


def log_softmax(input: Any, dim: int | None = None, *,  # noqa: A002
                dtype: Any = None) -> Tensor:
    """log(softmax(x)) along dim, stably; dim=None as softmax's; dtype= casts first."""
    x = _tensor(input, "log_softmax")
    return x.log_softmax(dim=_implicit_dim(x, "log_softmax") if dim is None else dim,
                         dtype=dtype)


def _implicit_dim(x: Tensor, where: str) -> int:
    """dim=None: PyTorch's old implicit choice (0 for 0, 1 or 3 dimensions, else 1), with
    its warning."""
    dim = 0 if x.ndim in (0, 1, 3) else 1
    warnings.warn(f"{where}: implicit dimension choice has been deprecated (as in PyTorch); "
                  f"pass dim=X (dim={dim} was chosen)", UserWarning, stacklevel=3)
    return dim


def softmin(input: Any, dim: int | None = None, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """softmax(-x) along dim. dim=None is PyTorch's old implicit choice (0 for 0, 1 or 3
    dimensions, else 1), with its warning; dtype= casts first."""
    x = _tensor(input, "softmin")
    if dtype is not None:
        x = arguments.cast_input(x, dtype, "softmin")
    dim = _implicit_dim(x, "softmin") if dim is None else dim
    _dim(dim, x.ndim, "softmin")
    return (-x).softmax(dim)


def leaky_relu(input: Any, negative_slope: float = 0.01,  # noqa: A002
               inplace: bool = False) -> Any:
    """x for x > 0, negative_slope * x elsewhere (the gradient at 0 is negative_slope)."""
    slope = number(negative_slope, "negative_slope", "leaky_relu")
    check_inplace(inplace, "leaky_relu")
    x = _node(input, "leaky_relu")
    return ops.where(x, x * slope, x.data > 0)


def prelu(input: Any, weight: Any) -> Tensor:  # noqa: A002
    """x for x > 0, weight * x elsewhere (PyTorch's prelu): leaky_relu with learned slopes,
    one for all or one per channel (dim 1; a 1-D input is one channel). The gradient at 0 is
    the slope (at a nan, 1; PyTorch's: the slope); a Tensor weight must have x's dtype."""
    x = _tensor(input, "prelu")
    w = weight if isinstance(weight, Tensor) else Tensor(
        arguments.constant(weight, "prelu", "weight"), dtype=x.dtype)
    channels = x.shape[1] if x.ndim > 1 else 1
    if w.ndim > 1 or w.size != 1 and (x.ndim == 0 or w.size != channels):
        raise ValueError(f"prelu: weight of shape {w.shape} does not fit input of shape "
                         f"{x.shape}: expected one slope, or one per channel ({channels},)")
    if w.dtype != x.dtype:
        raise TypeError(f"prelu: weight's dtype {w.dtype} differs from input's {x.dtype}")
    slope = ops.reshape(w, tuple(w.size if axis == 1 else 1 for axis in range(x.ndim)))
    # relu(x) + slope min(x, 0): relu's gradient at 0 is 0 and clamp's 1 (bounds included),
    # so the kink's is the slope, as PyTorch's; no mask is read from x (ONNX exports it).
    return x.relu() + slope * x.clamp(max=0.0)


def _elu(x: Any, alpha: float, scale: float, input_scale: float) -> Any:
    """scale x for x > 0, alpha scale (exp(input_scale x) - 1) elsewhere (at 0 and nan too:
    PyTorch's sides). The exponential sees only x <= 0, so it never overflows."""
    negative = x.data <= 0
    below = ops.where(x, 0.0, negative)
    curve = (below if input_scale == 1 else below * input_scale).expm1()
    curve = curve if alpha * scale == 1 else curve * (alpha * scale)
    return ops.where(curve, x if scale == 1 else x * scale, negative)


def elu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Any:  # noqa: A002
    """x for x > 0, alpha (exp(x) - 1) elsewhere; the gradient at 0 is alpha (PyTorch's)."""
    alpha = number(alpha, "alpha", "elu")
    check_inplace(inplace, "elu")
    return _elu(_node(input, "elu"), alpha, 1.0, 1.0)


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def selu(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """scale * elu(x, alpha) with the self-normalising constants (alpha 1.6733, scale 1.0507)."""
    check_inplace(inplace, "selu")
    return _elu(_node(input, "selu"), SELU_ALPHA, SELU_SCALE, 1.0)


def celu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Any:  # noqa: A002
    """max(0, x) + min(0, alpha (exp(x / alpha) - 1)); the gradient at 0 is 1."""
    alpha = number(alpha, "alpha", "celu")
    if alpha == 0:
        raise ValueError("celu: alpha cannot be 0 (it divides x)")
    check_inplace(inplace, "celu")
    return _elu(_node(input, "celu"), alpha, 1.0, 1 / alpha)


def gelu(input: Any, approximate: str = "none") -> Any:  # noqa: A002
    """x Phi(x), Phi the standard normal cdf (exact, with erf), or PyTorch's tanh
    approximation with approximate='tanh'."""
    arguments.choice(approximate, "approximate", "gelu", ("none", "tanh"))
    return gelu_rule(_node(input, "gelu"), approximate)


def silu(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """x sigmoid(x) (also called swish)."""
    check_inplace(inplace, "silu")
    return silu_rule(_node(input, "silu"))


def mish(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """x tanh(softplus(x))."""
    check_inplace(inplace, "mish")
    return mish_rule(_node(input, "mish"))


def softplus(input: Any, beta: float = 1.0, threshold: float = 20.0) -> Any:  # noqa: A002
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (PyTorch's
    switch to the linear function, for speed and stability). beta must be positive here
    (PyTorch also takes a negative one, giving -softplus(-x) of |beta|)."""
    beta = number(beta, "beta", "softplus")
    threshold = number(threshold, "threshold", "softplus")
    if not beta > 0:
        raise ValueError(f"softplus: beta must be positive, got {beta!r}")
    return softplus_rule(_node(input, "softplus"), beta, threshold)


def softsign(input: Any) -> Any:  # noqa: A002
    """x / (1 + |x|)."""
    x = _node(input, "softsign")
    return x / (1 + abs(x))


def logsigmoid(input: Any) -> Any:  # noqa: A002
    """log(sigmoid(x)), finite for any x: logsigmoid(-1000) is -1000."""
    return logsigmoid_rule(_node(input, "logsigmoid"))


def _not_outside(d: Any, lo: float, hi: float) -> Any:
    """lo < d < hi, and True at nan (where PyTorch's hardtanh passes the gradient on)."""
    if type(d) is float:
        return not (d <= lo or d >= hi)
    return ~((d <= lo) | (d >= hi))


def _clipped(d: Any, lo: float, hi: float) -> Any:
    return min(max(d, lo), hi) if type(d) is float else np.clip(d, lo, hi)


def hardtanh(input: Any, min_val: float = -1.0, max_val: float = 1.0,  # noqa: A002
             inplace: bool = False) -> Any:
    """x clipped to [min_val, max_val]; the gradient is 1 strictly inside, 0 at the bounds
    and outside (PyTorch's: clip's is 1 at the bounds)."""
    lo = number(min_val, "min_val", "hardtanh")
    hi = number(max_val, "max_val", "hardtanh")
    if lo > hi:
        raise ValueError(f"hardtanh: min_val ({lo}) cannot be greater than max_val ({hi})")
    check_inplace(inplace, "hardtanh")
    x = _node(input, "hardtanh")
    return ops.where(x, _clipped(x.data, lo, hi), _not_outside(x.data, lo, hi))


def relu6(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """min(max(x, 0), 6): hardtanh(x, 0, 6), so the gradient is 0 at 0 and at 6."""
    check_inplace(inplace, "relu6")
    return hardtanh(_node(input, "relu6"), 0.0, 6.0)


def hardsigmoid(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """relu6(x + 3) / 6; the gradient is 1/6 strictly between -3 and 3, else 0."""
    check_inplace(inplace, "hardsigmoid")
    x = _node(input, "hardsigmoid")
    d = x.data
    inside = (-3 < d < 3) if type(d) is float else (d > -3) & (d < 3)
    return ops.where((x + 3) / 6, _clipped(d + 3, 0.0, 6.0) / 6, inside)


def hardswish(input: Any, inplace: bool = False) -> Any:  # noqa: A002
    """x relu6(x + 3) / 6; PyTorch's gradients: 0 at -3 and below, x/3 + 1/2 strictly
    between, 1 at 3 and above (and at nan)."""
    check_inplace(inplace, "hardswish")
    return hardswish_rule(_node(input, "hardswish"))


def normalize(input: Any, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:  # noqa: A002
    """x / max(||x||_p, eps) along dim (PyTorch's F.normalize): unit vectors, and zero
    vectors (norm below eps) divided by eps, with the gradient 1/eps there, as PyTorch.

    p is any number >= 0 or inf (0 counts the non-zero entries: no gradient through it)."""
    p = number(p, "p", "normalize")
    eps = number(eps, "eps", "normalize")
    if not p >= 0:
        raise ValueError(f"normalize: p must be >= 0 or inf, got {p!r}")
    x = _tensor(input, "normalize")
    axis = _dim(dim, x.ndim, "normalize")
    if x.size == 0:
        return x.clone()  # nothing to normalise (and no max of nothing for p = inf)
    norm_data = _norm(x.data, p, axis)
    big = norm_data >= eps
    # Rows below eps take their norm from ones instead: their norm's gradient is dropped
    # (the denominator is the constant eps), and sqrt'(0) would make it nan, not 0.
    safe = x if big.all() else ops.where(x, 1.0, np.broadcast_to(big, x.shape))
    if p == 0:
        norm = Tensor(_norm(safe.data, p, axis))  # a constant: the count has no gradient
    elif p == 2:
        norm = (safe * safe).sum(axis, keepdims=True).sqrt()
    elif p == 1:
        norm = abs(safe).sum(axis, keepdims=True)
    elif p == math.inf:
        norm = abs(safe).max(axis=axis, keepdims=True)
    else:
        norm = (abs(safe) ** p).sum(axis, keepdims=True) ** (1 / p)
    return x / (norm if big.all() else ops.where(norm, eps, big))


def _norm(d: np.ndarray, p: float, axis: int) -> np.ndarray:
    if d.ndim == 0:
        d, axis = d.reshape(1), 0
        return _norm(d, p, axis).reshape(())
    if p == 0:
        return (d != 0).sum(axis=axis, keepdims=True).astype(d.dtype)
    if p == math.inf:
        return np.abs(d).max(axis=axis, keepdims=True, initial=0)
    with np.errstate(over="ignore"):
        return (np.abs(d) ** p).sum(axis=axis, keepdims=True) ** (1 / p)
