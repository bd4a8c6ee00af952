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
    """The sign of x's value (0 at 0), as a constant."""
    x = data_of(x)
    return float((x > 0) - (x < 0)) if type(x) is float else np.sign(x)


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

power = Primitive("**", lambda x, y: x**y, (
    # As PyTorch at x == 0: d/dx of 0**0 is 0 (not 0 * 0**-1), and d/dy is 0 for y >= 0
    # (x**y * log(x), with log(1) standing in for log(0): x**y is 0 or 1 there). The
    # stand-ins are masked to x == 0, so every other point keeps its higher derivatives.
    lambda g, out, x, y: g * y * x ** (y - 1 + ((data_of(x) == 0) & (data_of(y) == 0))),
    lambda g, out, x, y: g * out * log(x + (data_of(x) == 0)),
), domain="x > 0 for a real power and its derivative in y")
"""d/dx x**y = y * x**(y-1), d/dy x**y = x**y * log(x)"""

power_const = Primitive("**", lambda x, c: x**c, (
    # c == 0 apart: 0 * x**-1 would be nan (or ZeroDivisionError) at x = 0, where it is 0.
    lambda g, out, x, c: g * c * x ** (c - 1) if c != 0 else g * 0.0,
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
    lambda g, out, x: g * sign(x),
))
"""d/dx |x| = sign(x), taken as 0 at 0"""

tanh = Primitive("tanh", _by_type(math.tanh, np.tanh), (
    lambda g, out, x: g * (1 - out * out),
))
"""d/dx tanh(x) = 1 - tanh(x)**2"""

sigmoid = Primitive("sigmoid", _by_type(_scalar_sigmoid, _array_sigmoid), (
    lambda g, out, x: g * out * (1 - out),
))
"""d/dx sigmoid(x) = sigmoid(x) (1 - sigmoid(x)), at most 0.25: the vanishing gradient"""

relu = Primitive("ReLU", _by_type(lambda x: 0.0 if x <= 0 else x, lambda x: np.maximum(x, 0)), (
    lambda g, out, x: g * (data_of(x) > 0),
))
"""d/dx relu(x) = 1 if x > 0 else 0 (0 at the kink, as micrograd and PyTorch); relu(nan) is nan"""


def _tie_share(x: Any, y: Any) -> Any:
    """1 where x wins, 0 where y wins, 1/2 at a tie (PyTorch's rule for maximum)."""
    x, y = data_of(x), data_of(y)
    return (x > y) + 0.5 * (x == y)


maximum = Primitive("maximum", np.maximum, (
    lambda g, out, x, y: g * _tie_share(x, y),
    lambda g, out, x, y: g * _tie_share(y, x),
))
"""d/dx max(x, y) = 1 where x > y, 1/2 where x == y, 0 elsewhere"""

minimum = Primitive("minimum", np.minimum, (
    lambda g, out, x, y: g * _tie_share(y, x),
    lambda g, out, x, y: g * _tie_share(x, y),
))
"""d/dx min(x, y) = 1 where x < y, 1/2 where x == y, 0 elsewhere"""

clip = Primitive("clip", np.clip, (
    lambda g, out, x, lo, hi: g * ((data_of(x) >= lo) & (data_of(x) <= hi)),
))
"""d/dx clip(x, lo, hi) = 1 inside [lo, hi] (bounds included, as torch.clamp), 0 outside"""

where = Primitive("where", lambda x, y, cond: np.where(cond, x, y), (
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
    count = x.size if axes is None else math.prod(x.shape[i] for i in axes)
    return broadcast_to(_unreduce(g, x, axes), x.shape) / count


# One node, not sum-then-divide: every mean-reduced loss ends in it.
reduce_mean = Primitive("mean", lambda x, axes, keepdims: x.mean(axis=axes, keepdims=keepdims),
                        (_mean_vjp,))
"""d/dx mean(x) = 1/n for every element, n the number of elements averaged"""


def _extremum_vjp(g: Any, out: Any, x: Any, axes: Any, keepdims: bool) -> Any:
    # Ties share the gradient evenly (as torch.amax): the derivative of the subgradient mean.
    winners = data_of(x) == data_of(_unreduce(out, x, axes))
    return _unreduce(g, x, axes) * (winners / np.sum(winners, axis=axes, keepdims=True))


reduce_max = Primitive("max", lambda x, axes, keepdims: np.max(x, axis=axes, keepdims=keepdims),
                       (_extremum_vjp,))
"""d/dx max(x) = 1 at the maximum (shared evenly between ties), 0 elsewhere"""

reduce_min = Primitive("min", lambda x, axes, keepdims: np.min(x, axis=axes, keepdims=keepdims),
                       (_extremum_vjp,))
"""d/dx min(x) = 1 at the minimum (shared evenly between ties), 0 elsewhere"""


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

log_softmax = Primitive("log_softmax", lambda x, axis: x - _logsumexp(x, (axis,), True), (
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
