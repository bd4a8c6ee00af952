"""The rule table: every primitive's forward and its derivative, side by side.

Each row is `Primitive(name, forward, vjps)`. `forward` computes on plain data (floats for
`Value`, ndarrays for `Tensor`). `vjps[i](g, out, *inputs, *args)` is the vector-Jacobian
product for input i: the incoming gradient `g` times d(out)/d(input i). It is written with
operators and the primitives below only, so the one line serves three callers: floats,
ndarrays, and nodes (higher-order derivatives). Broadcasting is undone once, by the engine
(`Tensor._accumulate`), never inside a rule.

Primitives, by section:
    arithmetic     add sub mul div neg power power_const
    elementwise    exp log sqrt absolute tanh sigmoid relu maximum minimum clip where
    linear algebra matmul linear (x @ w.T + b, fused, for nn.Linear)
    reductions     reduce_sum reduce_mean reduce_max reduce_min logsumexp softmax log_softmax
    shape          reshape transpose broadcast_to sum_to getitem scatter_add concatenate
Everything else (var, stack, squeeze, ...) is composed from these.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .engine import Node, Primitive


def data_of(x: Any) -> Any:
    """The plain value of a node (or x itself): for masks and signs, which are constants."""
    return x.data if isinstance(x, Node) else x


def _by_type(scalar_fn: Any, array_fn: Any) -> Any:
    """One elementwise function: math's for a float (a Value), numpy's for an array."""
    return lambda x: scalar_fn(x) if type(x) is float else array_fn(x)


def sign(x: Any) -> Any:
    """The sign of x's value (0 at 0, and 0 at nan as PyTorch's sgn), as a constant."""
    x = data_of(x)
    if type(x) is float:
        return float((x > 0) - (x < 0))
    return np.where(np.isnan(x), 0, np.sign(x))


def isfinite(x: Any) -> Any:
    """Whether x (a float, or each entry of an array) is neither infinite nor nan."""
    return math.isfinite(x) if type(x) is float else np.isfinite(x)


def negate(mask: Any) -> Any:
    """not mask, for a Python bool (a Value's comparison) or a boolean array."""
    return not mask if type(mask) is bool else ~mask


def zero_of(g: Any) -> Any:
    """A zero gradient shaped as g: selected, not g * 0, which is nan for an infinite g."""
    kept = data_of(g)
    return where(g, 0.0, False if type(kept) is float else np.zeros(np.shape(kept), bool))


def _scalar_sigmoid(x: float) -> float:
    # Two branches so that exp never overflows: sigmoid(-1000) is 0.0, not an error.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _array_sigmoid(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# ---------------------------------------------------------------------------- arithmetic

add = Primitive("+", lambda x, y: x + y, (
    lambda g, out, x, y: g,
    lambda g, out, x, y: g,
))
"""d/dx (x + y) = 1, d/dy (x + y) = 1"""

sub = Primitive("-", lambda x, y: x - y, (
    lambda g, out, x, y: g,
    lambda g, out, x, y: -g,
))
"""d/dx (x - y) = 1, d/dy (x - y) = -1"""

mul = Primitive("*", lambda x, y: x * y, (
    lambda g, out, x, y: g * y,
    lambda g, out, x, y: g * x,
))
"""d/dx (x * y) = y, d/dy (x * y) = x"""

div = Primitive("/", lambda x, y: x / y, (
    lambda g, out, x, y: g / y,
    lambda g, out, x, y: -g * out / y,
), domain="y != 0")
"""d/dx (x / y) = 1 / y, d/dy (x / y) = -x / y**2 = -out / y"""

neg = Primitive("neg", lambda x: -x, (
    lambda g, out, x: -g,
))
"""d/dx (-x) = -1"""

def _power_vjp_x(g: Any, out: Any, x: Any, y: Any) -> Any:
    # y * x**(y-1) is 0 where y == 0, whatever x or g (PyTorch's convention, 0**0 included):
    # at x == y == 0 the exponent y - 1 is moved to 0, so no 0 * 0**-1; an infinite g is
    # selected away there, not multiplied by 0. Elsewhere nothing is masked, so the second
    # derivatives stay those of y * x**(y-1).
    x_data, y_is_0 = data_of(x), data_of(y) == 0
    g_dropped = y_is_0 & negate(isfinite(data_of(g)))
    return where(g, 0.0, negate(g_dropped)) * y * x ** (y - 1 + ((x_data == 0) & y_is_0))


def _power_vjp_y(g: Any, out: Any, x: Any, y: Any) -> Any:
    # PyTorch's convention at x == 0: 0 for y >= 0 (x**y is 0 or 1 there, and log(0) would
    # make it nan), x**y log(x) = -inf for y < 0. log(x + 1) stands in for log(0) where the
    # result is dropped, so that no -inf reaches the higher derivatives there.
    x_data = data_of(x)
    dropped = (x_data == 0) & (data_of(y) >= 0)
    return where(g, 0.0, negate(dropped)) * out * log(x + dropped)


power = Primitive("**", lambda x, y: x**y, (_power_vjp_x, _power_vjp_y),
                  domain="x > 0 for a real power and its derivative in y")
"""d/dx x**y = y * x**(y-1), d/dy x**y = x**y * log(x) (PyTorch's values at x = 0 or y = 0)"""

power_const = Primitive("**", lambda x, c: x**c, (
    # c == 0 apart: its derivative is 0 everywhere, also where x**-1 or g is infinite.
    lambda g, out, x, c: g * c * x ** (c - 1) if c != 0 else zero_of(g),
))
"""d/dx x**c = c * x**(c-1), for a constant exponent c (no derivative in c, no log(x))"""

# --------------------------------------------------------------------------- elementwise

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
    lambda g, out, x: where(g * sign(x), 0.0, data_of(x) != 0),
))
"""d/dx |x| = sign(x), taken as 0 at 0 (and at nan, as PyTorch)"""

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


def _where(x: Any, y: Any, cond: Any) -> Any:
    return (x if cond else y) if type(cond) is bool else np.where(cond, x, y)


where = Primitive("where", _where, (
    lambda g, out, x, y, cond: where(g, 0.0, cond),
    lambda g, out, x, y, cond: where(0.0, g, cond),
))
"""d/dx where(c, x, y) = c, d/dy = not c (inputs first here; `Tensor.where` takes c first)"""

# ------------------------------------------------------------------------ linear algebra


def _swap_last(x: Any) -> Any:
    axes = list(range(x.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return transpose(x, tuple(axes))


def unsqueeze(x: Any, axis: int) -> Any:
    """x with a new axis of size 1 at `axis` (negative counts from the end of the result)."""
    shape = list(x.shape)
    shape.insert(axis if axis >= 0 else len(shape) + 1 + axis, 1)
    return reshape(x, tuple(shape))


def _matmul_vjp_x(g: Any, out: Any, x: Any, y: Any) -> Any:
    if x.ndim == 1 and y.ndim == 1:  # dot product: out is a scalar
        return g * y
    if y.ndim == 1:  # (..., k, n) @ (n,) -> (..., k)
        return unsqueeze(g, -1) * y
    if x.ndim == 1:  # (n,) @ (..., n, m) -> (..., m); the engine sums the batch axes away
        return reshape(matmul(y, unsqueeze(g, -1)), y.shape[:-2] + (y.shape[-2],))
    return matmul(g, _swap_last(y))


def _matmul_vjp_y(g: Any, out: Any, x: Any, y: Any) -> Any:
    if x.ndim == 1 and y.ndim == 1:
        return g * x
    if x.ndim == 1:
        return unsqueeze(x, -1) * unsqueeze(g, -2)
    if y.ndim == 1:
        xt_g = matmul(_swap_last(x), unsqueeze(g, -1))
        return reshape(xt_g, xt_g.shape[:-1])
    return matmul(_swap_last(x), g)


matmul = Primitive("@", np.matmul, (_matmul_vjp_x, _matmul_vjp_y))
"""d/dx (x @ y) = g @ y.T, d/dy (x @ y) = x.T @ g, with numpy's rules for 1-D operands"""

# ---------------------------------------------------------------------------- reductions
# Reductions take `axes` as a sorted tuple of non-negative axes, or None for all of them.


def kept_shape(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> tuple[int, ...]:
    """The shape a reduction over `axes` has with keepdims=True."""
    if axes is None:
        return (1,) * len(shape)
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _unreduce(g: Any, x: Any, axes: tuple[int, ...] | None) -> Any:
    """A reduction's g, shaped to broadcast against its input again."""
    return reshape(g, kept_shape(x.shape, axes))


# Array methods (x.sum, x.max) rather than np.sum: they skip numpy's Python wrapper, about
# 2 us a call, which is a fair part of a small network's step.
reduce_sum = Primitive("sum", lambda x, axes, keepdims: x.sum(axis=axes, keepdims=keepdims), (
    lambda g, out, x, axes, keepdims: broadcast_to(_unreduce(g, x, axes), x.shape),
))
"""d/dx sum(x) = 1 for every element"""


def _mean_vjp(g: Any, out: Any, x: Any, axes: tuple[int, ...] | None, keepdims: bool) -> Any:
    return broadcast_to(_unreduce(g, x, axes), x.shape) / _count(x.shape, axes)


# One node, not sum-then-divide: every mean-reduced loss ends in it.
reduce_mean = Primitive("mean", lambda x, axes, keepdims: x.mean(axis=axes, keepdims=keepdims),
                        (_mean_vjp,))
"""d/dx mean(x) = 1/n for every element, n the number of elements averaged"""


def _extremum_vjp(g: Any, out: Any, x: Any, axes: Any, keepdims: bool) -> Any:
    # Ties share the gradient evenly (as torch.amax): the derivative of the subgradient mean.
    # A nan result came from the nan entries: they share it (as torch.max does).
    x_data, out_data = data_of(x), data_of(_unreduce(out, x, axes))
    winners = np.where(np.isnan(out_data), np.isnan(x_data), x_data == out_data)
    share = winners / np.sum(winners, axis=axes, keepdims=True)
    return where(_unreduce(g, x, axes), 0.0, winners) * share


reduce_max = Primitive("max", lambda x, axes, keepdims: np.max(x, axis=axes, keepdims=keepdims),
                       (_extremum_vjp,))
"""d/dx max(x) = 1 at the maximum (shared evenly between ties), 0 elsewhere"""

reduce_min = Primitive("min", lambda x, axes, keepdims: np.min(x, axis=axes, keepdims=keepdims),
                       (_extremum_vjp,))
"""d/dx min(x) = 1 at the minimum (shared evenly between ties), 0 elsewhere"""


def _count(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> int:
    return math.prod(shape if axes is None else (shape[i] for i in axes))


def _std_vjp(g: Any, out: Any, x: Any, axes: Any, keepdims: bool, ddof: int) -> Any:
    # (x - mean) / ((n - ddof) std), and 0 where std is 0 (PyTorch's rule: there x - mean is
    # 0 too, and 0/0 would be nan). std is replaced by 1 where it is 0, so no inf is made.
    s = _unreduce(out, x, axes)
    flat = data_of(s) == 0
    scale = _unreduce(g, x, axes) / ((_count(x.shape, axes) - ddof) * (s + flat))
    return where(scale, 0.0, negate(flat)) * (x - reduce_mean(x, axes, True))


std = Primitive("std", lambda x, axes, keepdims, ddof: x.std(axis=axes, keepdims=keepdims,
                                                              ddof=ddof), (_std_vjp,))
"""d/dx std(x) = (x - mean(x)) / ((n - ddof) std(x)), taken as 0 where std(x) = 0"""


def _logsumexp(x: np.ndarray, axes: tuple[int, ...] | None, keepdims: bool) -> np.ndarray:
    # Subtract the largest value first, so exp never overflows (logits of 1000 are fine).
    # initial=-inf: over an empty axis the result is log(0) = -inf, as PyTorch's.
    m = x.max(axis=axes, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore"):
        out = np.log(np.exp(x - m).sum(axis=axes, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axes)


logsumexp = Primitive("logsumexp", _logsumexp, (
    lambda g, out, x, axes, keepdims: _unreduce(g, x, axes) * exp(x - _unreduce(out, x, axes)),
))
"""d/dx logsumexp(x) = softmax(x)"""


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True, initial=-np.inf))  # empty axis: empty
    return e / e.sum(axis=axis, keepdims=True)


softmax = Primitive("softmax", _softmax, (
    lambda g, out, x, axis: out * (g - reduce_sum(g * out, (axis,), True)),
))
"""d/dx softmax(x) . g = s * (g - sum(g * s)), s = softmax(x)"""

def _log_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    # (x - max) - log(sum(exp(x - max))), in that order: x - (max + lse) loses the answer
    # when the logits are large (b = 1e15: -0.75 instead of -log 2).
    shifted = x - x.max(axis=axis, keepdims=True, initial=-np.inf)
    with np.errstate(divide="ignore"):
        return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


log_softmax = Primitive("log_softmax", _log_softmax, (
    lambda g, out, x, axis: g - exp(out) * reduce_sum(g, (axis,), True),
))
"""d/dx log_softmax(x) . g = g - softmax(x) * sum(g)"""

# --------------------------------------------------------------------------------- shape

reshape = Primitive("reshape", np.reshape, (
    lambda g, out, x, shape: reshape(g, x.shape),
))
"""reshape moves no values: its vjp reshapes g back"""

transpose = Primitive("transpose", np.transpose, (
    lambda g, out, x, axes: transpose(g, tuple(np.argsort(axes))),
))
"""transpose permutes axes: its vjp applies the inverse permutation"""


def _sum_to(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum x down to `shape`: the inverse of numpy broadcasting."""
    if x.shape == shape:
        return x
    lead = x.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and x.shape[lead + i] != 1
    )
    return x.sum(axis=axes, keepdims=True).reshape(shape)


broadcast_to = Primitive("broadcast_to", np.broadcast_to, (
    lambda g, out, x, shape: sum_to(g, x.shape),
))
"""d/dx broadcast_to(x) sums g over the broadcast axes"""

sum_to = Primitive("sum_to", _sum_to, (
    lambda g, out, x, shape: broadcast_to(g, x.shape),
))
"""sum_to(x, shape) undoes broadcasting; its vjp broadcasts g back"""


def _scatter_add(g: np.ndarray, index: Any, shape: tuple[int, ...]) -> np.ndarray:
    full = np.zeros(shape, dtype=g.dtype)
    np.add.at(full, index, g)  # add.at, not +=, so repeated indices accumulate
    return full


getitem = Primitive("getitem", lambda x, index: x[index], (
    lambda g, out, x, index: scatter_add(g, index, x.shape),
))
"""d/dx x[index] puts g back at index (repeated indices add up)"""

scatter_add = Primitive("scatter_add", _scatter_add, (
    lambda g, out, x, index, shape: getitem(g, index),
))
"""scatter_add is getitem's transpose; its vjp is getitem"""


def _concatenate_vjp(i: int, g: Any, out: Any, *inputs_and_axis: Any) -> Any:
    *inputs, axis = inputs_and_axis
    start = sum(x.shape[axis] for x in inputs[:i])
    index = (slice(None),) * axis + (slice(start, start + inputs[i].shape[axis]),)
    return getitem(g, index)


concatenate = Primitive("concatenate", lambda *xs_and_axis: np.concatenate(
    xs_and_axis[:-1], axis=xs_and_axis[-1]), _concatenate_vjp)
"""d/dx_i concatenate(xs) is the slice of g where x_i went"""

# ------------------------------------------------------------------------------- fused


def _affine(b: Any, *weights_and_inputs: Any) -> Any:
    out = b
    for i in range(0, len(weights_and_inputs), 2):  # b + w0*x0 + w1*x1 + ..., in that order
        out = out + weights_and_inputs[i] * weights_and_inputs[i + 1]
    return out


def _affine_vjp(i: int, g: Any, out: Any, *inputs: Any) -> Any:
    if i == 0:
        return g
    # inputs are (b, w0, x0, w1, x1, ...): a weight's partner follows it, an input's precedes it
    return g * inputs[i + 1] if i % 2 else g * inputs[i - 1]


affine = Primitive("w·x+b", _affine, _affine_vjp)
"""d/db = 1, d/dw_i = x_i, d/dx_i = w_i: a neuron's sum as one node instead of 2n"""


def _linear_vjp_weight(g: Any, out: Any, x: Any, w: Any, b: Any = None) -> Any:
    # g.T @ x with the batch axes flattened: (out, in) and contiguous, laid out as w is
    # (the transpose of x.T @ g would be a strided view that makes every update slow).
    if x.ndim == 2:
        return matmul(_swap_last(g), x)
    n = math.prod(x.shape[:-1])  # not -1 in reshape: that is ambiguous for empty arrays
    return matmul(_swap_last(reshape(g, (n, w.shape[0]))), reshape(x, (n, w.shape[1])))


def _linear(x: Any, w: Any, b: Any = None) -> Any:
    return x @ w.T if b is None else x @ w.T + b


def _linear_vjp(i: int, g: Any, out: Any, x: Any, w: Any, b: Any = None) -> Any:
    if i == 0:
        return matmul(g, w)
    return _linear_vjp_weight(g, out, x, w, b) if i == 1 else g


# Two or three inputs (the bias is optional), so one vjp that takes the input's index.
linear = Primitive("linear", _linear, _linear_vjp, arity=3)
"""x @ w.T (+ b), nn.Linear's layout: d/dx = g @ w, d/dw = g.T @ x, d/db = g (summed to shape)"""
