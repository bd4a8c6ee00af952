"""The test table: one row per op, driven through tests/test_ops.py.

A row says what the op is on nodes (`fn`), what it is in numpy or math (`ref`), which node
classes have it, how many inputs it takes, where its inputs live (`domain`, one element
strategy per input), its kinks and how the domain keeps clear of them, how input shapes are
drawn (`shapes`) and which static arguments (axis, keepdims, a shape, an index) go with them
(`static`). Adding an op to autograd/ops.py means adding its row here.

Domains:
    REAL          [-3, 3]
    POSITIVE      [0.1, 3]: log, sqrt and a real power are undefined at or below 0
    NONZERO       |x| in [0.1, 3]: a divisor, a negative integer power
    OFF_ZERO      [-3, 3] at least 0.01 from 0: the kink of relu and abs
    GRID          multiples of 0.1; drawn unique, so max/min never tie (a kink)
    OFF_GRID      multiples of 0.1, plus 0.05: never ties a GRID value, nor clip's bounds +-1
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
from autograd import ops

Draw = Any
Elements = st.SearchStrategy[float]

REAL: Elements = st.floats(-3.0, 3.0, allow_nan=False)
POSITIVE: Elements = st.floats(0.1, 3.0)
NONZERO: Elements = st.builds(lambda m, s: m * s, st.floats(0.1, 3.0), st.sampled_from([1, -1]))
OFF_ZERO: Elements = st.builds(lambda m, s: m * s, st.floats(0.01, 3.0),
                               st.sampled_from([1, -1]))
GRID: Elements = st.integers(-30, 30).map(lambda k: k / 10)
OFF_GRID: Elements = st.integers(-30, 29).map(lambda k: k / 10 + 0.05)

VALUE, TENSOR = "Value", "Tensor"
BOTH = (VALUE, TENSOR)


# ---------------------------------------------------------------------------- shapes


def same(min_dims: int = 0, max_dims: int = 3, min_side: int = 0, max_side: int = 3
         ) -> Callable[[Draw, int], tuple[tuple[int, ...], ...]]:
    """Every input has one drawn shape (size-0 axes included unless min_side=1)."""
    def draw_shapes(draw: Draw, arity: int) -> tuple[tuple[int, ...], ...]:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                                      max_side=max_side))
        return (shape,) * arity
    return draw_shapes


def broadcast(min_side: int = 0) -> Callable[[Draw, int], tuple[tuple[int, ...], ...]]:
    """Shapes that broadcast together: (3, 1) with (4,), () with anything, ..."""
    def draw_shapes(draw: Draw, arity: int) -> tuple[tuple[int, ...], ...]:
        return draw(hnp.mutually_broadcastable_shapes(
            num_shapes=arity, max_dims=3, min_side=min_side, max_side=3)).input_shapes
    return draw_shapes


def matmul_shapes(draw: Draw, arity: int) -> tuple[tuple[int, ...], ...]:
    """numpy's matmul signature (n?,k),(k,m?): 1-D x 1-D, 1-D x 2-D, ..., batched N-D with
    broadcast batch axes."""
    return draw(hnp.mutually_broadcastable_shapes(
        signature=np.matmul.signature, max_dims=2, min_side=0, max_side=3)).input_shapes


def linear_shapes(draw: Draw, arity: int) -> tuple[tuple[int, ...], ...]:
    """x (..., in), w (out, in), b (out,): nn.Linear's layout, with 0 to 2 batch axes."""
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3))
    n_in, n_out = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    return (batch + (n_in,), (n_out, n_in), (n_out,))


def concat_shapes(draw: Draw, arity: int) -> tuple[tuple[int, ...], ...]:
    """Shapes equal except along one axis (where concatenate joins them)."""
    base = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3))
    axis = draw(st.integers(0, len(base) - 1))
    sides = draw(st.lists(st.integers(0, 3), min_size=arity, max_size=arity))
    return tuple(base[:axis] + (n,) + base[axis + 1:] for n in sides)


def scalars(draw: Draw, arity: int) -> tuple[tuple[int, ...], ...]:
    return ((),) * arity


# ------------------------------------------------------------------- static arguments


def no_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    return {}


def _some_axes(draw: Draw, ndim: int) -> Any:
    """An axis argument as numpy takes it: None, an int or a tuple, negative ones included."""
    if ndim == 0:
        return draw(st.sampled_from([None, ()]))
    axes = draw(st.lists(st.integers(-ndim, ndim - 1), max_size=ndim,
                         unique_by=lambda a: a % ndim))
    form = draw(st.sampled_from(["none", "int", "tuple"]))
    if form == "none" or not axes:
        return None if form == "none" else tuple(axes)
    return axes[0] if form == "int" else tuple(axes)


def _reduced_count(shape: tuple[int, ...], axis: Any) -> int:
    if axis is None:
        return int(np.prod(shape))
    axes = (axis,) if isinstance(axis, int) else axis
    return int(np.prod([shape[a] for a in axes]))


def reduce_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    """axis (None, int, tuple, negative) and keepdims (True, False, or left to its default)."""
    kwargs: dict[str, Any] = {"axis": _some_axes(draw, len(shapes[0]))}
    keepdims = draw(st.sampled_from([None, True, False]))
    if keepdims is not None:
        kwargs["keepdims"] = keepdims
    return kwargs


def var_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    kwargs = reduce_static(draw, shapes)
    if _reduced_count(shapes[0], kwargs["axis"]) > 1:  # ddof=1 needs two values or more
        kwargs["ddof"] = draw(st.sampled_from([0, 1]))
    return kwargs


def std_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    """var's, but each reduced group holds two values or more: sqrt'(0) is no derivative."""
    kwargs = var_static(draw, shapes)
    if _reduced_count(shapes[0], kwargs["axis"]) < 2:
        kwargs["axis"] = None
    return kwargs


def one_axis(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    """A single axis, negative included, or the default (-1)."""
    ndim = len(shapes[0])
    axis = draw(st.none() | st.integers(-ndim, ndim - 1))
    return {} if axis is None else {"axis": axis}


def concat_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    ndim = len(shapes[0])
    fits = [a for a in range(ndim)
            if all(s[:a] + s[a + 1:] == shapes[0][:a] + shapes[0][a + 1:] for s in shapes)]
    axis = draw(st.sampled_from(fits))
    return {"axis": axis - ndim if draw(st.booleans()) else axis}


def stack_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    ndim = len(shapes[0]) + 1
    return {"axis": draw(st.integers(-ndim, ndim - 1))}


def reshape_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    shape = shapes[0]
    size = int(np.prod(shape))
    targets = [(size,), tuple(reversed(shape)), (1, *shape), (-1,)]
    if size > 0 and shape:
        targets.append((-1, *shape[1:]))
    return {"shape": draw(st.sampled_from(targets)), "star": draw(st.booleans())}


def permutation_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    ndim = len(shapes[0])
    axes = draw(st.permutations(range(ndim)))
    negative = draw(st.lists(st.booleans(), min_size=ndim, max_size=ndim))
    axes = tuple(a - ndim if neg else a for a, neg in zip(axes, negative, strict=True))
    return {"axes": axes, "form": draw(st.sampled_from(["star", "tuple", "none"]))}


def swap_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    ndim = len(shapes[0])
    return {"axis1": draw(st.integers(-ndim, ndim - 1)),
            "axis2": draw(st.integers(-ndim, ndim - 1))}


def flatten_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    ndim = len(shapes[0])
    if ndim == 0:
        return {}
    start = draw(st.integers(0, ndim - 1))
    end = draw(st.integers(start, ndim - 1))
    return {"start_dim": start - ndim if draw(st.booleans()) else start,
            "end_dim": end - ndim if draw(st.booleans()) else end}


def expand_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    shape = shapes[0]
    lead = draw(st.lists(st.integers(0, 3), max_size=2))
    grown = [draw(st.integers(0, 3)) if n == 1 else n for n in shape]
    keep = [draw(st.booleans()) for _ in shape]  # expand's -1: keep this size
    return {"shape": (*lead, *grown),
            "sizes": (*lead, *(-1 if k and g == n else g
                               for g, n, k in zip(grown, shape, keep, strict=True)))}


def squeeze_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    shape = shapes[0]
    ones = [a for a, n in enumerate(shape) if n == 1]
    ones += [a - len(shape) for a in ones]
    choice = draw(st.sampled_from(["none", "int", "tuple"]))
    if choice == "none" or not ones:
        return {}
    if choice == "int":
        return {"axis": draw(st.sampled_from(ones))}
    return {"axis": tuple(draw(st.lists(st.sampled_from(ones), min_size=1,
                                        unique_by=lambda a: a % len(shape))))}


def unsqueeze_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    ndim = len(shapes[0]) + 1
    return {"axis": draw(st.integers(-ndim, ndim - 1))}


def index_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    """An index: slices (negative steps), an int, int arrays with repeats, boolean masks."""
    shape = shapes[0]
    n = shape[0]
    kinds = ["slice", "mask", "ellipsis"] + (["int", "ints", "tuple"] if n else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "slice":
        start, stop = draw(st.none() | st.integers(-4, 4)), draw(st.none() | st.integers(-4, 4))
        index: Any = slice(start, stop, draw(st.sampled_from([None, 1, 2, -1, -2])))
    elif kind == "mask":
        index = draw(hnp.arrays(bool, shape[:draw(st.integers(1, len(shape)))]))
    elif kind == "ellipsis":
        index = (Ellipsis, slice(None, None, -1)) if len(shape) > 1 else Ellipsis
    elif kind == "int":
        index = draw(st.integers(-n, n - 1))
    else:
        ints = draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=5))  # repeats
        index = np.array(ints)
        if kind == "tuple" and len(shape) > 1:
            index = (index, slice(None, None, -1))
    return {"index": index}


def where_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    shape = np.broadcast_shapes(*shapes)
    trailing = shape[len(shape) - draw(st.integers(0, len(shape))):]  # cond broadcasts too
    return {"cond": draw(hnp.arrays(bool, trailing))}


def exponent_static(values: list[float]) -> Callable[[Draw, Any], dict[str, Any]]:
    return lambda draw, shapes: {"c": draw(st.sampled_from(values))}


def clip_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    bounds = draw(st.sampled_from([(-1.0, 1.0), (None, 1.0), (-1.0, None), (1.0, 2.0)]))
    return {"lo": bounds[0], "hi": bounds[1], "name": draw(st.sampled_from(["clip", "clamp"]))}


def sum_to_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    shape = shapes[0]
    ndim = draw(st.integers(0, len(shape)))
    tail = shape[len(shape) - ndim:]
    return {"shape": tuple(1 if draw(st.booleans()) else n for n in tail)}


# ------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class OpSpec:
    name: str
    fn: Callable[..., Any]  # on nodes, with the static kwargs
    ref: Callable[..., Any]  # on floats or ndarrays, the same kwargs
    kinds: tuple[str, ...] = (TENSOR,)
    arity: int = 1
    domain: Elements | tuple[Elements, ...] = REAL
    kinks: str = ""  # where the derivative is undefined, and how `domain` avoids it
    shapes: Callable[[Draw, int], tuple[tuple[int, ...], ...]] = same()
    static: Callable[[Draw, Any], dict[str, Any]] = no_static
    unique: bool = False  # distinct elements in each input (so max/min have no ties)
    api: tuple[str, ...] = ()  # the public names this row exercises

    def elements(self, i: int) -> Elements:
        return self.domain[i] if isinstance(self.domain, tuple) else self.domain



def _star(f: Callable[..., Any], x: Any, shape: tuple[int, ...], star: bool) -> Any:
    return f(*shape) if star else f(shape)


def _ref_transpose(x: np.ndarray, axes: tuple[int, ...], form: str) -> np.ndarray:
    if form == "star" and len(axes) == 2:  # transpose(a, b) swaps, as in PyTorch
        return np.swapaxes(x, *axes)
    return np.transpose(x) if form == "none" else np.transpose(x, axes)


def _transpose(x: Any, axes: tuple[int, ...], form: str, method: str = "transpose") -> Any:
    f = getattr(x, method)
    return f() if form == "none" and method == "transpose" else f(*axes) if form != "tuple" \
        else f(axes)


def _ref_flatten(x: np.ndarray, start_dim: int = 0, end_dim: int = -1) -> np.ndarray:
    if x.ndim == 0:
        return x.reshape(1)
    start, end = start_dim % x.ndim, end_dim % x.ndim
    return x.reshape(x.shape[:start] + (int(np.prod(x.shape[start:end + 1])),)
                     + x.shape[end + 1:])


def _ref_log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _ref_logsumexp(x: np.ndarray, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


def _ref_sum_to(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    lead = x.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                      if n == 1 and x.shape[lead + i] != 1)
    return np.sum(x, axis=axes).reshape(shape)


def _ref_scatter(x: np.ndarray, index: Any, shape: tuple[int, ...]) -> np.ndarray:
    full = np.zeros(shape)
    np.add.at(full, index, x)
    return full


def _left_matrix(y: Any) -> np.ndarray:
    """A constant matrix to multiply y by from the left (an ndarray @ Tensor)."""
    shape = np.shape(y)
    n = shape[-2] if len(shape) > 1 else shape[0]
    return np.linspace(-1.0, 1.0, 2 * n).reshape(2, n)


def _like(x: Any) -> np.ndarray:
    """A constant array of x's shape (an ndarray operand on the other side of an op)."""
    size = int(np.prod(np.shape(x)))
    return np.linspace(-2.0, 2.0, size).reshape(np.shape(x)) if size else np.zeros(np.shape(x))


SPECS: list[OpSpec] = [
    # arithmetic: + - * / ** and -, with a node, a number or an ndarray on either side
    OpSpec("add", lambda x, y: x + y, np.add, BOTH, 2, shapes=broadcast(), api=("__add__",)),
    OpSpec("sub", lambda x, y: x - y, np.subtract, BOTH, 2, shapes=broadcast(),
           api=("__sub__",)),
    OpSpec("mul", lambda x, y: x * y, np.multiply, BOTH, 2, shapes=broadcast(),
           api=("__mul__",)),
    OpSpec("div", lambda x, y: x / y, np.divide, BOTH, 2, (REAL, NONZERO), "undefined at y = 0",
           shapes=broadcast(), api=("__truediv__",)),
    OpSpec("pow", lambda x, y: x**y, np.power, BOTH, 2, (POSITIVE, REAL),
           "x**y is real only for x > 0 (and log(x) in d/dy)", shapes=broadcast(),
           api=("__pow__",)),
    OpSpec("pow_int", lambda x, c: x**c, lambda x, c: np.power(x, float(c)), BOTH,
           domain=NONZERO, kinks="x**-1 undefined at 0", static=exponent_static([0, 1, 2, 3, -1,
                                                                                  -2])),
    OpSpec("pow_real", lambda x, c: x**c, lambda x, c: np.power(x, c), BOTH, domain=POSITIVE,
           kinks="fractional powers real only for x > 0",
           static=exponent_static([0.5, 1.5, -0.5, 2.5])),
    OpSpec("rpow", lambda x, c: c**x, lambda x, c: np.power(c, x), BOTH,
           static=exponent_static([0.5, 2.0, math.e]), api=("__rpow__",)),
    OpSpec("neg", lambda x: -x, np.negative, BOTH, api=("__neg__",)),
    OpSpec("pow_method", lambda x, c: x.pow(c), lambda x, c: np.power(x, float(c)),
           domain=NONZERO, static=exponent_static([2, 3, -1]), api=("pow",)),
    OpSpec("square", lambda x: x.square(), np.square, api=("square",)),
    OpSpec("clone", lambda x: x.clone(), np.copy, api=("clone",)),
    OpSpec("pos", lambda x: +x, np.positive, BOTH, api=("__pos__",)),
    OpSpec("number_left", lambda x: 2.0 - 3.0 * (1.5 + x) / (0.5 + x * x),
           lambda x: 2.0 - 3.0 * (1.5 + x) / (0.5 + x * x), BOTH,
           api=("__radd__", "__rsub__", "__rmul__", "__rtruediv__")),
    OpSpec("ndarray_left", lambda x: _like(x) - _like(x) * x + _like(x) / (0.5 + x * x)
           + _like(x),
           lambda x: _like(x) - _like(x) * x + _like(x) / (0.5 + x * x) + _like(x)),
    OpSpec("ndarray_right", lambda x: x - _like(x) + x * _like(x) / (_like(x) ** 2 + 1.0),
           lambda x: x - _like(x) + x * _like(x) / (_like(x) ** 2 + 1.0)),
    # elementwise
    OpSpec("exp", lambda x: x.exp(), np.exp, BOTH, api=("exp",)),
    OpSpec("log", lambda x: x.log(), np.log, BOTH, domain=POSITIVE, kinks="undefined at x <= 0",
           api=("log",)),
    OpSpec("sqrt", lambda x: x.sqrt(), np.sqrt, BOTH, domain=POSITIVE,
           kinks="derivative undefined at 0", api=("sqrt",)),
    OpSpec("abs", lambda x: abs(x), np.abs, BOTH, domain=OFF_ZERO, kinks="kink at 0",
           api=("__abs__",)),
    OpSpec("abs_method", lambda x: x.abs(), np.abs, domain=OFF_ZERO, kinks="kink at 0",
           api=("abs",)),
    OpSpec("tanh", lambda x: x.tanh(), np.tanh, BOTH, api=("tanh",)),
    OpSpec("sigmoid", lambda x: x.sigmoid(), lambda x: 1 / (1 + np.exp(-x)), BOTH,
           api=("sigmoid",)),
    OpSpec("relu", lambda x: x.relu(), lambda x: np.maximum(x, 0.0), BOTH, domain=OFF_ZERO,
           kinks="kink at 0", api=("relu",)),
    OpSpec("maximum", lambda x, y: x.maximum(y), np.maximum, arity=2, domain=(GRID, OFF_GRID),
           kinks="ties x == y", shapes=broadcast(), api=("maximum",)),
    OpSpec("minimum", lambda x, y: x.minimum(y), np.minimum, arity=2, domain=(OFF_GRID, GRID),
           kinks="ties x == y", shapes=broadcast(), api=("minimum",)),
    OpSpec("maximum_function", lambda x, y: autograd.maximum(x, y), np.maximum, arity=2,
           domain=(GRID, OFF_GRID), kinks="ties x == y", shapes=broadcast(),
           api=("autograd.maximum",)),
    OpSpec("minimum_function", lambda x, y: autograd.minimum(x, y), np.minimum, arity=2,
           domain=(GRID, OFF_GRID), kinks="ties x == y", shapes=broadcast(),
           api=("autograd.minimum",)),
    OpSpec("clip", lambda x, lo, hi, name: getattr(x, name)(lo, hi),
           lambda x, lo, hi, name: np.clip(x, lo, hi), domain=OFF_GRID,
           kinks="at the bounds (on the GRID, so OFF_GRID keeps clear)", static=clip_static,
           api=("clip", "clamp")),
    OpSpec("where", lambda x, y, cond: autograd.where(cond, x, y),
           lambda x, y, cond: np.where(cond, x, y), arity=2, shapes=broadcast(),
           static=where_static, api=("autograd.where",)),
    # linear algebra
    OpSpec("matmul", lambda x, y: x @ y, np.matmul, arity=2, shapes=matmul_shapes,
           api=("__matmul__",)),
    OpSpec("matmul_method", lambda x, y: x.matmul(y), np.matmul, arity=2,
           shapes=matmul_shapes, api=("matmul",)),
    OpSpec("rmatmul", lambda y: _left_matrix(y) @ y, lambda y: _left_matrix(y) @ y,
           shapes=same(min_dims=1), api=("__rmatmul__",)),
    OpSpec("dot", lambda w0, w1, x0, x1, b: autograd.dot([w0, w1], [x0, x1], b),
           lambda w0, w1, x0, x1, b: b + w0 * x0 + w1 * x1, (VALUE,), 5, shapes=scalars,
           api=("autograd.dot",)),
    OpSpec("dot_number_bias", lambda w0, x0: autograd.dot([w0, 2.0], [x0, w0]),
           lambda w0, x0: w0 * x0 + 2.0 * w0, (VALUE,), 2, shapes=scalars),
    # reductions
    OpSpec("sum", lambda x, **kw: x.sum(**kw), lambda x, **kw: np.sum(x, **kw),
           static=reduce_static, api=("sum",)),
    OpSpec("mean", lambda x, **kw: x.mean(**kw), lambda x, **kw: np.mean(x, **kw),
           shapes=same(min_side=1), static=reduce_static, api=("mean",)),
    OpSpec("var", lambda x, **kw: x.var(**kw), lambda x, **kw: np.var(x, **kw),
           shapes=same(min_side=1), static=var_static, api=("var",)),
    OpSpec("std", lambda x, **kw: x.std(**kw), lambda x, **kw: np.std(x, **kw), domain=GRID,
           kinks="sqrt'(0): every reduced group holds two or more distinct values",
           shapes=same(1, min_side=2, max_side=3), static=std_static, unique=True, api=("std",)),
    OpSpec("max", lambda x, **kw: x.max(**kw), lambda x, **kw: np.max(x, **kw), domain=GRID,
           kinks="ties for the largest value", shapes=same(min_side=1, max_side=3),
           static=reduce_static, unique=True, api=("max",)),
    OpSpec("min", lambda x, **kw: x.min(**kw), lambda x, **kw: np.min(x, **kw), domain=GRID,
           kinks="ties for the smallest value", shapes=same(min_side=1, max_side=3),
           static=reduce_static, unique=True, api=("min",)),
    OpSpec("logsumexp", lambda x, **kw: x.logsumexp(**kw), _ref_logsumexp,
           shapes=same(min_side=1), static=reduce_static, api=("logsumexp",)),
    OpSpec("softmax", lambda x, **kw: x.softmax(**kw),
           lambda x, axis=-1: np.exp(_ref_log_softmax(x, axis)), shapes=same(1, min_side=1),
           static=one_axis, api=("softmax",)),
    OpSpec("log_softmax", lambda x, **kw: x.log_softmax(**kw), _ref_log_softmax,
           shapes=same(1, min_side=1), static=one_axis, api=("log_softmax",)),
    # shape
    OpSpec("reshape", lambda x, shape, star: _star(x.reshape, x, shape, star),
           lambda x, shape, star: np.reshape(x, shape), static=reshape_static,
           api=("reshape",)),
    OpSpec("view", lambda x, shape, star: _star(x.view, x, shape, star),
           lambda x, shape, star: np.reshape(x, shape), static=reshape_static, api=("view",)),
    OpSpec("transpose", _transpose, _ref_transpose, static=permutation_static,
           api=("transpose",)),
    OpSpec("permute", lambda x, axes, form: _transpose(x, axes, form, "permute"),
           lambda x, axes, form: np.transpose(x, axes), static=permutation_static,
           api=("permute",)),
    OpSpec("T", lambda x: x.T, np.transpose, api=("T",)),
    OpSpec("swapaxes", lambda x, axis1, axis2: x.swapaxes(axis1, axis2), np.swapaxes,
           shapes=same(1),
           static=swap_static, api=("swapaxes",)),
    OpSpec("flatten", lambda x, **kw: x.flatten(**kw), _ref_flatten, static=flatten_static,
           api=("flatten",)),
    OpSpec("broadcast_to", lambda x, shape, sizes: x.broadcast_to(shape),
           lambda x, shape, sizes: np.broadcast_to(x, shape), static=expand_static,
           api=("broadcast_to",)),
    OpSpec("expand", lambda x, shape, sizes: x.expand(*sizes),
           lambda x, shape, sizes: np.broadcast_to(x, shape), static=expand_static,
           api=("expand",)),
    OpSpec("squeeze", lambda x, **kw: x.squeeze(**kw), lambda x, **kw: np.squeeze(x, **kw),
           shapes=same(max_side=2), static=squeeze_static, api=("squeeze",)),
    OpSpec("unsqueeze", lambda x, axis: x.unsqueeze(axis), np.expand_dims,
           static=unsqueeze_static, api=("unsqueeze",)),
    OpSpec("getitem", lambda x, index: x[index], lambda x, index: x[index],
           shapes=same(1), static=index_static, api=("__getitem__",)),
    OpSpec("iterate", lambda x: autograd.stack(list(x)) if len(x) else x * 1.0,
           lambda x: x * 1.0, shapes=same(1, min_side=0), api=("__iter__",)),
    OpSpec("concatenate", lambda *xs, axis: autograd.concatenate(list(xs), axis=axis),
           lambda *xs, axis: np.concatenate(xs, axis=axis), arity=3, shapes=concat_shapes,
           static=concat_static, api=("autograd.concatenate",)),
    OpSpec("cat", lambda x, y, axis: autograd.cat([x, y], axis),
           lambda x, y, axis: np.concatenate([x, y], axis), arity=2, shapes=concat_shapes,
           static=concat_static, api=("autograd.cat",)),
    OpSpec("stack", lambda *xs, axis: autograd.stack(list(xs), axis=axis),
           lambda *xs, axis: np.stack(xs, axis=axis), arity=3, static=stack_static,
           api=("autograd.stack",)),
    # primitives that only derivative rules call, tested directly so each has a row
    OpSpec("sum_to", lambda x, shape: ops.sum_to(x, shape), _ref_sum_to, static=sum_to_static),
    OpSpec("linear", lambda x, w, b: ops.linear(x, w, b), lambda x, w, b: x @ w.T + b,
           arity=3, shapes=linear_shapes),
    OpSpec("scatter_add", lambda x, index: ops.scatter_add(x, index, (4, 2)),
           lambda x, index: _ref_scatter(x, index, (4, 2)),
           shapes=lambda draw, arity: ((3, 2),),
           static=lambda draw, shapes: {"index": np.array(draw(st.lists(
               st.integers(-4, 3), min_size=3, max_size=3)))}),
]

SPECS_BY_NAME = {spec.name: spec for spec in SPECS}
assert len(SPECS_BY_NAME) == len(SPECS), "two rows with one name"

CASES = [(spec, kind) for spec in SPECS for kind in spec.kinds]
CASE_IDS = [f"{spec.name}-{kind}" for spec, kind in CASES]


@st.composite
def case(draw: Draw, spec: OpSpec, kind: str) -> tuple[list[Any], dict[str, Any]]:
    """Input data (floats for Value, float64 arrays for Tensor) and static kwargs."""
    shapes = scalars(draw, spec.arity) if kind == VALUE else spec.shapes(draw, spec.arity)
    kwargs = spec.static(draw, shapes)
    if kind == VALUE:
        return [draw(spec.elements(i)) for i in range(spec.arity)], kwargs
    arrays = [draw(hnp.arrays(np.float64, shape, elements=spec.elements(i), unique=spec.unique))
              for i, shape in enumerate(shapes)]
    return arrays, kwargs


def leaves(kind: str, data: list[Any]) -> list[Any]:
    if kind == VALUE:
        return [autograd.Value(x) for x in data]
    return [autograd.Tensor(x, requires_grad=True) for x in data]
