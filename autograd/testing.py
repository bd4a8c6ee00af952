"""Hypothesis strategies for checking gradients: gradproof's verification, for your ops too.

    from hypothesis import given
    from autograd.testing import expressions, check_gradients

    @given(expressions())
    def test_backward_matches_central_differences(expr):
        check_gradients(expr)          # raises autograd.GradcheckError on a wrong derivative

Strategies (each draws inputs inside every op's domain, away from kinks):
    values()                Value leaves
    expressions()           random scalar graphs over every Value op, with shared nodes
    tensors()               Tensor leaves of drawn (or given) shape and dtype
    broadcastable_tensors() Tensors whose shapes broadcast together
    tensor_expressions()    random Tensor graphs: elementwise, broadcasting, reductions, shape
and `check_gradients(f, inputs)`, which runs `gradcheck` (and `gradgradcheck` on request).

This module imports hypothesis (the `dev` extra); `import autograd` does not import it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .gradcheck import gradcheck, gradgradcheck
from .tensor import Tensor, concatenate, where
from .value import Value, dot

__all__ = [
    "Expression",
    "broadcastable_tensors",
    "check_gradients",
    "expressions",
    "tensor_expressions",
    "tensors",
    "values",
]

# How far a drawn input stays from where an op is undefined (log, sqrt, 1/x near 0, a
# base of ** near 0) and from a kink (relu and abs at 0, a tie in max, a clip bound). The
# central difference moves inputs by h = 1e-6, far inside these margins.
DOMAIN_MARGIN = 0.1
KINK_MARGIN = 0.01
# Intermediate results stay below this size, so round-off in the central difference
# (about 1e-16 * |f| / h) stays far under gradcheck's tolerance.
BOUND = 100.0


def _allowed(lo: float, hi: float, points: Sequence[float], margin: float
             ) -> list[tuple[float, float]]:
    """The closed intervals of [lo, hi] whose every float is at least `margin` from `points`."""

    def too_close(x: float) -> bool:  # exactly: float subtraction can round a gap up to margin
        return any(abs(Fraction(x) - Fraction(p)) < Fraction(margin) for p in points)

    intervals, start = [], lo
    for p in sorted(points):
        if p - margin >= start:
            intervals.append((start, min(p - margin, hi)))
        start = max(start, p + margin)
    intervals.append((start, hi))
    nudged = []
    for a, b in intervals:
        # p ± margin rounds to the nearest float, which may be just inside the margin: then
        # the float one step in is the first outside it.
        while a <= b and too_close(a):
            a = math.nextafter(a, math.inf)
        while a <= b and too_close(b):
            b = math.nextafter(b, -math.inf)
        if a <= b:
            nudged.append((a, max(a, b)))  # (0.0, -0.0) is empty to st.floats: make it (0.0, 0.0)
    return nudged


def values(min_value: float = -3.0, max_value: float = 3.0, *, away_from: Sequence[float] = (),
           margin: float = KINK_MARGIN, label: str = "") -> st.SearchStrategy[Value]:
    """Value leaves with data in [min_value, max_value], at least `margin` from `away_from`.

    Raises ValueError if no such value exists. Example: inputs for a function with a kink
    at 0 (relu, abs)::

        @given(values(-2, 2, away_from=[0.0]))
        def test_relu(x):
            check_gradients(lambda x: x.relu(), [x])
    """
    if not 0 <= margin < math.inf:
        raise ValueError(f"values: margin must be a number >= 0, got {margin!r}")
    intervals = _allowed(min_value, max_value, away_from, margin)
    if not intervals:
        raise ValueError(
            f"values: no number in [{min_value}, {max_value}] is at least {margin} "
            f"from {list(away_from)}")
    # Drawn inside the allowed intervals, not moved there afterwards: moving a value away
    # from one kink could put it near another, or outside the range.
    floats = st.one_of([st.floats(a, b, allow_nan=False, allow_infinity=False)
                        for a, b in intervals])
    return floats.map(lambda x: Value(x, label=label))


# ----------------------------------------------------------------------- scalar expressions


@dataclass(frozen=True)
class _Op:
    """An op an expression can use: how to apply it, show it, and when it is safe."""

    name: str
    arity: int
    show: str  # a format string over the operands {0}, {1}, ... and the constant {c}
    apply: Callable[..., Any]  # (*operands, c) -> node
    safe: Callable[..., bool] = lambda *xs: True  # (*operand data, c) -> inside the domain?
    # (draw, *operand data) -> the op's constant: an axis that exists, a mask of the right shape
    const: Callable[..., Any] = lambda draw, *xs: None


def _drawn(strategy: st.SearchStrategy[Any]) -> Callable[..., Any]:
    """A constant drawn from `strategy`, whatever the operands."""
    return lambda draw, *xs: draw(strategy)


_CONST = _drawn(st.floats(-2.0, 2.0, allow_nan=False).map(lambda c: round(c, 2)))
_EXPONENT = _drawn(st.sampled_from([2, 3, -1, 0.5, 1.5, -2, 0]))
_BASE = _drawn(st.sampled_from([0.5, 2.0, math.e]))
_AXIS = _drawn(st.integers(-1, 0))


def _away(x: float, margin: float = DOMAIN_MARGIN) -> bool:
    return abs(x) >= margin


def _power_safe(x: float, c: float) -> bool:
    if c == int(c):
        return c >= 0 or _away(x)  # x ** -1 needs x away from 0
    return x >= DOMAIN_MARGIN  # a fractional power of a negative number is complex


_VALUE_OPS = (
    _Op("add", 2, "{0} + {1}", lambda x, y, c: x + y),
    _Op("sub", 2, "{0} - {1}", lambda x, y, c: x - y),
    _Op("mul", 2, "{0} * {1}", lambda x, y, c: x * y),
    _Op("div", 2, "{0} / {1}", lambda x, y, c: x / y, lambda x, y, c: _away(y)),
    _Op("pow", 2, "{0} ** {1}", lambda x, y, c: x**y, lambda x, y, c: x >= DOMAIN_MARGIN),
    _Op("add_const", 1, "{0} + {c}", lambda x, c: x + c, const=_CONST),
    _Op("radd", 1, "{c} + {0}", lambda x, c: c + x, const=_CONST),
    _Op("rsub", 1, "{c} - {0}", lambda x, c: c - x, const=_CONST),
    _Op("rmul", 1, "{c} * {0}", lambda x, c: c * x, const=_CONST),
    _Op("rdiv", 1, "{c} / {0}", lambda x, c: c / x, lambda x, c: _away(x), const=_CONST),
    _Op("pow_const", 1, "{0} ** {c}", lambda x, c: x**c, _power_safe, const=_EXPONENT),
    _Op("rpow", 1, "{c} ** {0}", lambda x, c: c**x, const=_BASE),
    _Op("neg", 1, "-{0}", lambda x, c: -x),
    _Op("abs", 1, "abs({0})", lambda x, c: abs(x), lambda x, c: _away(x, KINK_MARGIN)),
    _Op("relu", 1, "{0}.relu()", lambda x, c: x.relu(), lambda x, c: _away(x, KINK_MARGIN)),
    _Op("exp", 1, "{0}.exp()", lambda x, c: x.exp()),
    _Op("log", 1, "{0}.log()", lambda x, c: x.log(), lambda x, c: x >= DOMAIN_MARGIN),
    _Op("sqrt", 1, "{0}.sqrt()", lambda x, c: x.sqrt(), lambda x, c: x >= DOMAIN_MARGIN),
    _Op("tanh", 1, "{0}.tanh()", lambda x, c: x.tanh()),
    _Op("sigmoid", 1, "{0}.sigmoid()", lambda x, c: x.sigmoid()),
    _Op("dot", 4, "dot([{0}, {1}], [{2}, {3}], {c})",
        lambda w0, w1, x0, x1, c: dot([w0, w1], [x0, x1], c), const=_CONST),
)
VALUE_OPS: tuple[str, ...] = tuple(op.name for op in _VALUE_OPS)
"""The names of the ops `expressions()` draws from (pass a subset as `ops=`)."""


@dataclass(frozen=True)
class _Step:
    op: _Op
    operands: tuple[int, ...]  # indices into inputs + earlier steps' results
    const: Any


class Expression:
    """A drawn expression graph: call it on leaves to build it, `leaves()` gives fresh ones.

    `expr.inputs` holds the drawn input data (floats, or ndarrays for tensor expressions);
    `expr(*expr.leaves())` builds the graph; `repr(expr)` prints it as code, one node a
    line, so a failing example can be read and rebuilt by hand.
    """

    def __init__(self, inputs: Sequence[Any], steps: Sequence[_Step], outputs: Sequence[int],
                 tensor: bool = False) -> None:
        self.inputs = tuple(inputs)
        self.steps = tuple(steps)
        self.outputs = tuple(outputs)  # summed into the result: every node reaches it
        self.tensor = tensor

    def leaves(self) -> list[Any]:
        """New leaf nodes holding `inputs` (Values, or float64 Tensors requiring grad)."""
        if self.tensor:
            return [Tensor(np.array(x), requires_grad=True, label=f"x{i}")
                    for i, x in enumerate(self.inputs)]
        return [Value(x, label=f"x{i}") for i, x in enumerate(self.inputs)]

    def __call__(self, *leaves: Any) -> Any:
        if len(leaves) != len(self.inputs):
            raise TypeError(f"Expression takes {len(self.inputs)} leaves, got {len(leaves)}")
        nodes = list(leaves)
        for step in self.steps:
            nodes.append(step.op.apply(*[nodes[i] for i in step.operands], step.const))
        out = nodes[self.outputs[0]]
        for i in self.outputs[1:]:
            out = out + (nodes[i].sum() if self.tensor else nodes[i])
        return out

    def uses(self) -> list[int]:
        """How many steps read each node (inputs first): a count of 2 or more is a fan-out."""
        counts = [0] * (len(self.inputs) + len(self.steps))
        for step in self.steps:
            for i in step.operands:
                counts[i] += 1
        return counts

    def __repr__(self) -> str:
        n = len(self.inputs)
        names = [f"x{i}" for i in range(n)] + [f"t{i}" for i in range(len(self.steps))]
        shown = [_show(np.asarray(x)) if self.tensor else repr(x) for x in self.inputs]
        lines = [f"Expression(inputs=[{', '.join(shown)}]):",
                 f"    def f({', '.join(names[:n])}):"]
        for k, step in enumerate(self.steps):
            args = [names[i] for i in step.operands]
            code = step.op.show.format(*args, c=_show(step.const))
            lines.append(f"        {names[n + k]} = {code}")
        total = " + ".join(names[i] + (".sum()" if self.tensor and j else "")
                           for j, i in enumerate(self.outputs))
        lines.append(f"        return {total}")
        return "\n".join(lines)


def _show(c: Any) -> Any:
    """A constant as code that rebuilds it (one line, exact floats)."""
    if not isinstance(c, np.ndarray):
        return c
    if c.size == 0:  # tolist() of an empty array forgets its shape
        return f"np.zeros({c.shape}, dtype={c.dtype.name!r})"
    return f"np.array({c.tolist()!r})"


def _sum_dangling(n_nodes: int, steps: Sequence[_Step]) -> list[int]:
    """The last node, then every node nothing reads: their sum is the expression's result."""
    read = {i for step in steps for i in step.operands}
    return [n_nodes - 1] + [i for i in range(n_nodes - 1) if i not in read]


def _value_data(node: Any) -> Any:
    return node.data


@st.composite
def _draw_steps(draw: Any, nodes: list[Any], ops: Sequence[_Op], min_ops: int, max_ops: int,
                ok: Callable[[Any], bool]) -> list[_Step]:
    """Steps whose every op is inside its domain at the drawn inputs (nodes grows)."""
    steps: list[_Step] = []
    n_ops = draw(st.integers(min_ops, max_ops))
    attempts = 0
    while len(steps) < n_ops and attempts < 4 * max_ops + 10:
        attempts += 1
        op = draw(st.sampled_from(ops))
        # Counting back from the newest node: shrinks toward chains, reuses give diamonds.
        picks = [len(nodes) - 1 - draw(st.integers(0, len(nodes) - 1)) for _ in range(op.arity)]
        operands = [nodes[i] for i in picks]
        const = op.const(draw, *[_value_data(x) for x in operands])
        if not op.safe(*[_value_data(x) for x in operands], const):
            continue
        try:
            # numpy's warnings as errors too (a mean of an empty slice warns, not raises).
            with np.errstate(all="raise"), warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                node = op.apply(*operands, const)
        except (ArithmeticError, ValueError, FloatingPointError, RuntimeWarning):
            continue  # e.g. an overflow: the op is outside its domain here
        if not ok(node):
            continue
        nodes.append(node)
        steps.append(_Step(op, tuple(picks), const))
    return steps


def _bounded(node: Any) -> bool:
    data = np.asarray(node.data)
    return bool(np.all(np.isfinite(data)) and np.all(np.abs(data) <= BOUND))


def expressions(min_inputs: int = 1, max_inputs: int = 3, min_ops: int = 1, max_ops: int = 8,
                ops: Sequence[str] = VALUE_OPS, min_value: float = -2.0, max_value: float = 2.0
                ) -> st.SearchStrategy[Expression]:
    """Random scalar expression graphs over the Value op set, as an `Expression`.

    Operands are drawn from every earlier node, so nodes are shared (fan-out) and paths
    rejoin (diamonds); nodes nothing else reads are added into the result, so every node
    counts. At the drawn inputs each op is inside its domain and away from its kinks.

    Example::

        @given(expressions(ops=["mul", "exp", "log", "add"]))
        def test_second_derivatives(expr):
            check_gradients(expr, second_order=True)
    """
    unknown = sorted(set(ops) - set(VALUE_OPS))
    if unknown:
        raise ValueError(f"expressions: unknown ops {unknown}; choose from {list(VALUE_OPS)}")
    chosen = [op for op in _VALUE_OPS if op.name in ops]
    return _expressions(min_inputs, max_inputs, min_ops, max_ops, chosen, min_value, max_value)


@st.composite
def _expressions(draw: Any, min_inputs: int, max_inputs: int, min_ops: int, max_ops: int,
                 chosen: list[_Op], min_value: float, max_value: float) -> Expression:
    n = draw(st.integers(min_inputs, max_inputs))
    floats = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)
    inputs = [draw(floats) for _ in range(n)]
    nodes = [Value(x) for x in inputs]
    steps = draw(_draw_steps(nodes, chosen, min_ops, max_ops, _bounded))
    return Expression(inputs, steps, _sum_dangling(len(nodes), steps))


# ------------------------------------------------------------------------------ tensors


def _elements(dtype: Any, min_value: float, max_value: float) -> st.SearchStrategy[float]:
    width = 32 if np.dtype(dtype) == np.float32 else 64
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False, width=width)


def tensors(shape: tuple[int, ...] | st.SearchStrategy[tuple[int, ...]] | None = None, *,
            dtype: Any = np.float64, elements: st.SearchStrategy[float] | None = None,
            min_value: float = -3.0, max_value: float = 3.0, min_dims: int = 0,
            max_dims: int = 3, min_side: int = 1, max_side: int = 4, unique: bool = False,
            requires_grad: bool = True) -> st.SearchStrategy[Tensor]:
    """Tensor leaves: a given shape (or a strategy of shapes, or any shape), float64 or float32.

    Example: matrices with positive entries, for log::

        @given(tensors(shape=(3, 2), min_value=0.1))
        def test_log(x):
            check_gradients(lambda x: x.log(), [x])
    """
    if shape is None:
        shape = hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                                 max_side=max_side)
    elements = elements if elements is not None else _elements(dtype, min_value, max_value)
    arrays = hnp.arrays(np.dtype(dtype), shape, elements=elements, unique=unique)
    return arrays.map(lambda a: Tensor(a, requires_grad=requires_grad))


@st.composite
def broadcastable_tensors(draw: Any, num_shapes: int = 2, *, dtype: Any = np.float64,
                          elements: st.SearchStrategy[float] | None = None,
                          min_value: float = -3.0, max_value: float = 3.0, min_dims: int = 0,
                          max_dims: int = 3, min_side: int = 1, max_side: int = 4,
                          requires_grad: bool = True) -> tuple[Tensor, ...]:
    """`num_shapes` Tensors whose shapes broadcast together ((3, 1) and (4,), say).

    Example::

        @given(broadcastable_tensors(2))
        def test_mul(xy):
            check_gradients(lambda x, y: x * y, xy)
    """
    shapes = draw(hnp.mutually_broadcastable_shapes(
        num_shapes=num_shapes, min_dims=min_dims, max_dims=max_dims, min_side=min_side,
        max_side=max_side)).input_shapes
    return tuple(draw(tensors(s, dtype=dtype, elements=elements, min_value=min_value,
                              max_value=max_value, requires_grad=requires_grad))
                 for s in shapes)


# ---------------------------------------------------------------------- tensor expressions


def _all_away(*xs: Any, margin: float = DOMAIN_MARGIN) -> bool:
    return all(bool(np.all(np.abs(x) >= margin)) for x in xs)


def _broadcasts(*xs: Any) -> bool:
    try:
        np.broadcast_shapes(*[np.shape(x) for x in xs])
    except ValueError:
        return False
    return True


def _no_ties(x: np.ndarray, axes: tuple[int, ...] | None) -> bool:
    """The largest and smallest entries along `axes` are each alone by KINK_MARGIN."""
    x = np.asarray(x)
    if x.size == 0:
        return False
    axes = tuple(range(x.ndim)) if axes is None else axes
    rest = [a for a in range(x.ndim) if a not in axes]
    rows = np.sort(np.transpose(x, rest + list(axes)).reshape(-1, _count(x.shape, axes)), axis=1)
    if rows.shape[1] < 2:
        return True
    return bool(np.all(rows[:, -1] - rows[:, -2] >= KINK_MARGIN)
                and np.all(rows[:, 1] - rows[:, 0] >= KINK_MARGIN))


def _count(shape: tuple[int, ...], axes: tuple[int, ...]) -> int:
    return int(np.prod([shape[a] for a in axes]))


def _reduction_args(draw: Any, x: Any) -> tuple[tuple[int, ...] | int | None, bool]:
    ndim = np.ndim(x)
    if ndim == 0:
        return None, draw(st.booleans())
    axes = draw(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim))
    negative = draw(st.booleans())  # the same axes counted from the end
    axes = [a - ndim if negative else a for a in axes]
    axis: Any = None if not axes else axes[0] if len(axes) == 1 else tuple(axes)
    return axis, draw(st.booleans())


def _normal_axes(axis: Any, ndim: int) -> tuple[int, ...] | None:
    if axis is None:
        return None
    return tuple(sorted(a % ndim for a in ((axis,) if isinstance(axis, int) else axis)))


def _reduction(name: str, method: str, safe: Callable[..., bool] = lambda x, c: True) -> _Op:
    return _Op(name, 1, "{0}." + method + "(axis={c[0]}, keepdims={c[1]})",
               lambda x, c: getattr(x, method)(axis=c[0], keepdims=c[1]), safe,
               const=_reduction_args)


def _extremum_safe(x: Any, c: Any) -> bool:
    return _no_ties(x, _normal_axes(c[0], np.ndim(x)))


def _mask_for(draw: Any, x: Any, y: Any) -> Any:
    if not _broadcasts(x, y):
        return None
    return draw(hnp.arrays(bool, np.broadcast_shapes(np.shape(x), np.shape(y))))


_TENSOR_OPS = (
    _Op("add", 2, "{0} + {1}", lambda x, y, c: x + y, lambda x, y, c: _broadcasts(x, y)),
    _Op("sub", 2, "{0} - {1}", lambda x, y, c: x - y, lambda x, y, c: _broadcasts(x, y)),
    _Op("mul", 2, "{0} * {1}", lambda x, y, c: x * y, lambda x, y, c: _broadcasts(x, y)),
    _Op("div", 2, "{0} / {1}", lambda x, y, c: x / y,
        lambda x, y, c: _broadcasts(x, y) and _all_away(y)),
    _Op("pow", 2, "{0} ** {1}", lambda x, y, c: x**y,
        lambda x, y, c: _broadcasts(x, y) and bool(np.all(x >= DOMAIN_MARGIN))),
    _Op("maximum", 2, "maximum({0}, {1})", lambda x, y, c: x.maximum(y),
        lambda x, y, c: _broadcasts(x, y) and _all_away(x - y, margin=KINK_MARGIN)),
    _Op("minimum", 2, "minimum({0}, {1})", lambda x, y, c: x.minimum(y),
        lambda x, y, c: _broadcasts(x, y) and _all_away(x - y, margin=KINK_MARGIN)),
    _Op("where", 2, "where({c}, {0}, {1})", lambda x, y, c: where(c, x, y),
        lambda x, y, c: c is not None, const=_mask_for),
    _Op("matmul", 2, "{0} @ {1}", lambda x, y, c: x @ y,
        lambda x, y, c: np.ndim(x) >= 1 and np.ndim(y) >= 1
        and np.shape(x)[-1] == np.shape(y)[-2 if np.ndim(y) > 1 else -1]
        and _broadcasts(np.empty(np.shape(x)[:-2]), np.empty(np.shape(y)[:-2]))),
    _Op("concatenate", 2, "concatenate([{0}, {1}], axis={c})",
        lambda x, y, c: concatenate([x, y], axis=c),
        lambda x, y, c: np.ndim(x) >= 1 and np.ndim(x) == np.ndim(y) and all(
            m == n for a, (m, n) in enumerate(zip(np.shape(x), np.shape(y), strict=True))
            if a != c % np.ndim(x)), const=_AXIS),
    _Op("rmul", 1, "{c} * {0}", lambda x, c: c * x, const=_CONST),
    _Op("rsub", 1, "{c} - {0}", lambda x, c: c - x, const=_CONST),
    _Op("rdiv", 1, "{c} / {0}", lambda x, c: c / x, lambda x, c: _all_away(x), const=_CONST),
    _Op("pow_const", 1, "{0} ** {c}", lambda x, c: x**c,
        lambda x, c: all(_power_safe(v, c) for v in np.ravel(x)), const=_EXPONENT),
    _Op("rpow", 1, "{c} ** {0}", lambda x, c: c**x, const=_BASE),
    _Op("neg", 1, "-{0}", lambda x, c: -x),
    _Op("abs", 1, "{0}.abs()", lambda x, c: x.abs(), lambda x, c: _all_away(x, margin=KINK_MARGIN)),
    _Op("relu", 1, "{0}.relu()", lambda x, c: x.relu(),
        lambda x, c: _all_away(x, margin=KINK_MARGIN)),
    _Op("clip", 1, "{0}.clip(-1.0, 1.0)", lambda x, c: x.clip(-1.0, 1.0),
        lambda x, c: _all_away(x - 1.0, x + 1.0, margin=KINK_MARGIN)),
    _Op("exp", 1, "{0}.exp()", lambda x, c: x.exp()),
    _Op("log", 1, "{0}.log()", lambda x, c: x.log(), lambda x, c: bool(np.all(x >= 0.1))),
    _Op("sqrt", 1, "{0}.sqrt()", lambda x, c: x.sqrt(), lambda x, c: bool(np.all(x >= 0.1))),
    _Op("tanh", 1, "{0}.tanh()", lambda x, c: x.tanh()),
    _Op("sigmoid", 1, "{0}.sigmoid()", lambda x, c: x.sigmoid()),
    _Op("softmax", 1, "{0}.softmax(axis={c})", lambda x, c: x.softmax(axis=c),
        lambda x, c: np.ndim(x) >= 1, const=_AXIS),
    _Op("log_softmax", 1, "{0}.log_softmax(axis={c})", lambda x, c: x.log_softmax(axis=c),
        lambda x, c: np.ndim(x) >= 1, const=_AXIS),
    _reduction("sum", "sum"),
    _reduction("mean", "mean"),
    _reduction("var", "var"),
    _reduction("logsumexp", "logsumexp"),
    _reduction("max", "max", _extremum_safe),
    _reduction("min", "min", _extremum_safe),
    _Op("transpose", 1, "{0}.T", lambda x, c: x.T),
    _Op("reshape", 1, "{0}.reshape(-1)", lambda x, c: x.reshape(-1)),
    _Op("unsqueeze", 1, "{0}.unsqueeze({c})", lambda x, c: x.unsqueeze(c),
        lambda x, c: np.ndim(x) < 4, const=_AXIS),
    # Index arrays repeat an index (gradients add up) and count from the end.
    _Op("getitem", 1, "{0}[{c}]", lambda x, c: x[c], lambda x, c: np.ndim(x) >= 1 and len(x) > 0,
        const=_drawn(st.sampled_from([slice(None, None, -1), [0, 0, -1], slice(1, None)]))),
)
TENSOR_OPS: tuple[str, ...] = tuple(op.name for op in _TENSOR_OPS)
"""The names of the ops `tensor_expressions()` draws from (pass a subset as `ops=`)."""

def tensor_expressions(min_inputs: int = 1, max_inputs: int = 3, min_ops: int = 1,
                       max_ops: int = 6, ops: Sequence[str] = TENSOR_OPS, max_dims: int = 3,
                       max_side: int = 3, min_value: float = -2.0, max_value: float = 2.0
                       ) -> st.SearchStrategy[Expression]:
    """Random Tensor graphs over broadcastable inputs, as an `Expression` of Tensors.

    Draws from elementwise ops, broadcasting binary ops, matmul, concatenate, where,
    reductions (with drawn axes, negative ones included, and keepdims), softmax and shape
    ops; nodes are shared as in `expressions()`. Inputs are float64.

    Example::

        @given(tensor_expressions())
        def test_tensor_graphs(expr):
            check_gradients(expr)
    """
    unknown = sorted(set(ops) - set(TENSOR_OPS))
    if unknown:
        raise ValueError(f"tensor_expressions: unknown ops {unknown}; "
                         f"choose from {list(TENSOR_OPS)}")
    chosen = [op for op in _TENSOR_OPS if op.name in ops]
    return _tensor_expressions(min_inputs, max_inputs, min_ops, max_ops, chosen, max_dims,
                               max_side, min_value, max_value)


@st.composite
def _tensor_expressions(draw: Any, min_inputs: int, max_inputs: int, min_ops: int,
                        max_ops: int, chosen: list[_Op], max_dims: int, max_side: int,
                        min_value: float, max_value: float) -> Expression:
    n = draw(st.integers(min_inputs, max_inputs))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=n, max_dims=max_dims,
                                                    min_side=1, max_side=max_side)).input_shapes
    elements = _elements(np.float64, min_value, max_value)
    inputs = [draw(hnp.arrays(np.float64, s, elements=elements)) for s in shapes]
    nodes = [Tensor(x, requires_grad=True) for x in inputs]
    steps = draw(_draw_steps(nodes, chosen, min_ops, max_ops, _bounded))
    return Expression(inputs, steps, _sum_dangling(len(nodes), steps), tensor=True)


def check_gradients(f: Callable[..., Any], inputs: Sequence[Any] | None = None, *,
                    second_order: bool = False, h: float = 1e-6, atol: float = 1e-5,
                    rtol: float = 1e-3) -> bool:
    """Back-propagation against central differences: `autograd.gradcheck` (and, with
    second_order=True, `gradgradcheck`). `f` is a function of nodes, or an `Expression`
    (then `inputs` may be left out: fresh leaves are made). Raises GradcheckError.

    Example::

        x, y = Value(1.5), Value(-0.5)
        check_gradients(lambda x, y: (x * y).tanh() + x.exp(), [x, y], second_order=True)
    """
    if inputs is None:
        if not isinstance(f, Expression):
            raise TypeError("check_gradients: pass the inputs, or an Expression as f")
        inputs = f.leaves()
    inputs = list(inputs)
    gradcheck(f, inputs, h=h, atol=atol, rtol=rtol)
    if second_order:
        gradgradcheck(f, inputs, h=h, atol=atol, rtol=rtol)
    return True
