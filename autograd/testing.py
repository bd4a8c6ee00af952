"""Hypothesis strategies for checking gradients: gradproof's verification, for your ops too.

    from hypothesis import given
    from autograd.testing import expressions, check_gradients

    @given(expressions())
    def test_backward_matches_central_differences(expr):
        check_gradients(expr)          # raises autograd.GradcheckError on a wrong derivative

Strategies (each draws inputs inside every op's domain, away from kinks):
    values()                Value leaves
    expressions()           random scalar graphs over every Value op of the spec table
    tensors()               Tensor leaves of drawn (or given) shape and dtype
    broadcastable_tensors() Tensors whose shapes broadcast together
    tensor_expressions()    random Tensor graphs over every Tensor op of the spec table
and `check_gradients(f, inputs)`, which runs `gradcheck` (and `gradgradcheck` on request).

The ops the random graphs draw are the rows of `autograd.specs` (an op with a row is drawn
with no other edit; `autograd.specs.register` adds your own). This module imports
hypothesis (the `dev` extra); `import autograd` does not import it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .gradcheck import gradcheck, gradgradcheck
from .specs import (
    DOMAIN_MARGIN,
    KINK_MARGIN,
    SPECS,
    SPECS_BY_NAME,
    TENSOR,
    VALUE,
    NoFit,
    OpSpec,
    allowed_intervals,
)
from .tensor import Tensor
from .value import Value

__all__ = [
    "DOMAIN_MARGIN",
    "KINK_MARGIN",
    "Expression",
    "broadcastable_tensors",
    "check_gradients",
    "expressions",
    "tensor_expressions",
    "tensors",
    "values",
]

# Intermediate results stay below this size, so round-off in the central difference
# (about 1e-16 * |f| / h) stays far under gradcheck's tolerance.
BOUND = 100.0


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
    intervals = allowed_intervals(min_value, max_value, away_from, margin)
    if not intervals:
        raise ValueError(
            f"values: no number in [{min_value}, {max_value}] is at least {margin} "
            f"from {list(away_from)}")
    # Drawn inside the allowed intervals, not moved there afterwards: moving a value away
    # from one kink could put it near another, or outside the range.
    floats = st.one_of([st.floats(a, b, allow_nan=False, allow_infinity=False)
                        for a, b in intervals])
    return floats.map(lambda x: Value(x, label=label))


def _ops_of(kind: str) -> tuple[str, ...]:
    return tuple(spec.name for spec in SPECS if kind in spec.kinds and spec.graphs)


def __getattr__(name: str) -> Any:
    # VALUE_OPS and TENSOR_OPS: the names random graphs draw from, read when asked, so rows
    # registered after this import (nn's) are in them.
    if name == "VALUE_OPS":
        return _ops_of(VALUE)
    if name == "TENSOR_OPS":
        return _ops_of(TENSOR)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Step:
    """One op of an Expression: a spec row, the nodes it reads, its static arguments."""

    op: OpSpec
    operands: tuple[int, ...]  # indices into inputs + earlier steps' results
    static: dict[str, Any]

    def apply(self, nodes: Sequence[Any]) -> Any:
        return self.op.fn(*[nodes[i] for i in self.operands], **self.static)


class Expression:
    """A drawn expression graph: call it on leaves to build it, `leaves()` gives fresh ones.

    `expr.inputs` holds the drawn input data (floats, or ndarrays for tensor expressions);
    `expr(*expr.leaves())` builds the graph; `repr(expr)` prints it as code, one node a
    line (`op.<row>(...)` runs a row of `autograd.specs`), so a failing example can be read
    and rebuilt by hand.
    """

    def __init__(self, inputs: Sequence[Any], steps: Sequence[Step], outputs: Sequence[int],
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

    def nodes(self, *leaves: Any) -> list[Any]:
        """The leaves, then each step's result, in order."""
        if len(leaves) != len(self.inputs):
            raise TypeError(f"Expression takes {len(self.inputs)} leaves, got {len(leaves)}")
        nodes = list(leaves)
        for step in self.steps:
            nodes.append(step.apply(nodes))
        return nodes

    def __call__(self, *leaves: Any) -> Any:
        nodes = self.nodes(*leaves)
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
            args += [f"{key}={_show(value)}" for key, value in step.static.items()]
            lines.append(f"        {names[n + k]} = op.{step.op.name}({', '.join(args)})")
        total = " + ".join(names[i] + (".sum()" if self.tensor and j else "")
                           for j, i in enumerate(self.outputs))
        lines.append(f"        return {total}")
        return "\n".join(lines)


def _show(c: Any) -> str:
    """A constant as code that rebuilds it (one line, exact floats)."""
    if isinstance(c, np.ndarray):
        if c.size == 0:  # tolist() of an empty array forgets its shape
            return f"np.zeros({c.shape}, dtype={c.dtype.name!r})"
        return f"np.array({c.tolist()!r})"
    if isinstance(c, tuple):
        return "(" + "".join(_show(item) + ", " for item in c) + ")"
    return repr(c)


def _sum_dangling(n_nodes: int, steps: Sequence[Step]) -> list[int]:
    """The last node, then every node nothing reads: their sum is the expression's result."""
    read = {i for step in steps for i in step.operands}
    return [n_nodes - 1] + [i for i in range(n_nodes - 1) if i not in read]


@st.composite
def _draw_steps(draw: Any, nodes: list[Any], specs: Sequence[OpSpec], min_ops: int,
                max_ops: int) -> list[Step]:
    """Steps whose every op is inside its domain at the drawn inputs (nodes grows)."""
    steps: list[Step] = []
    n_ops = draw(st.integers(min_ops, max_ops))
    attempts = 0
    while len(steps) < n_ops and attempts < 4 * max_ops + 10:
        attempts += 1
        spec = draw(st.sampled_from(specs))
        # Counting back from the newest node: shrinks toward chains, reuses give diamonds.
        picks = tuple(len(nodes) - 1 - draw(st.integers(0, len(nodes) - 1))
                      for _ in range(spec.arity))
        operands = [nodes[i] for i in picks]
        data = [x.data for x in operands]
        try:
            static = spec.static(draw, tuple(np.shape(d) for d in data))
        except (NoFit, IndexError, ValueError):
            continue  # the static arguments cannot fit these shapes
        if not spec.admits(data, static):
            continue
        try:
            # numpy's warnings as errors too (a mean of an empty slice warns, not raises).
            with np.errstate(all="raise"), warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                node = spec.fn(*operands, **static)
        except (ArithmeticError, ValueError, IndexError, TypeError, FloatingPointError,
                RuntimeWarning):
            continue  # e.g. shapes that do not fit, or an overflow: outside the domain here
        if not _bounded(node):
            continue
        nodes.append(node)
        steps.append(Step(spec, picks, static))
    return steps


def _bounded(node: Any) -> bool:
    data = np.asarray(node.data)
    return bool(np.all(np.isfinite(data)) and np.all(np.abs(data) <= BOUND))


def _chosen(ops: Sequence[str] | None, kind: str, where: str) -> list[OpSpec]:
    known = _ops_of(kind)
    if ops is None:
        return [SPECS_BY_NAME[name] for name in known]
    unknown = sorted(set(ops) - set(known))
    if unknown:
        raise ValueError(f"{where}: unknown ops {unknown}; choose from {list(known)}")
    return [SPECS_BY_NAME[name] for name in known if name in ops]


def expressions(min_inputs: int = 1, max_inputs: int = 3, min_ops: int = 1, max_ops: int = 8,
                ops: Sequence[str] | None = None, min_value: float = -2.0,
                max_value: float = 2.0) -> st.SearchStrategy[Expression]:
    """Random scalar expression graphs over the Value ops of the spec table (or `ops`).

    Operands are drawn from every earlier node, so nodes are shared (fan-out) and paths
    rejoin (diamonds); nodes nothing else reads are added into the result, so every node
    counts. At the drawn inputs each op is inside its domain and away from its kinks.

    Example::

        @given(expressions(ops=["mul", "exp", "log", "add"]))
        def test_second_derivatives(expr):
            check_gradients(expr, second_order=True)
    """
    chosen = _chosen(ops, VALUE, "expressions")
    return _expressions(min_inputs, max_inputs, min_ops, max_ops, chosen, min_value, max_value)


@st.composite
def _expressions(draw: Any, min_inputs: int, max_inputs: int, min_ops: int, max_ops: int,
                 chosen: list[OpSpec], min_value: float, max_value: float) -> Expression:
    n = draw(st.integers(min_inputs, max_inputs))
    floats = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)
    inputs = [draw(floats) for _ in range(n)]
    nodes: list[Any] = [Value(x) for x in inputs]
    steps = draw(_draw_steps(nodes, chosen, min_ops, max_ops))
    return Expression(inputs, steps, _sum_dangling(len(nodes), steps))


def tensor_expressions(min_inputs: int = 1, max_inputs: int = 3, min_ops: int = 1,
                       max_ops: int = 6, ops: Sequence[str] | None = None, max_dims: int = 3,
                       max_side: int = 3, min_value: float = -2.0, max_value: float = 2.0
                       ) -> st.SearchStrategy[Expression]:
    """Random Tensor graphs over broadcastable inputs, over the Tensor ops of the spec table
    (or `ops`): elementwise, broadcasting, matmul, reductions with drawn axes and keepdims,
    softmax, shape and indexing ops; nodes are shared as in `expressions()`. Float64.

    Example::

        @given(tensor_expressions())
        def test_tensor_graphs(expr):
            check_gradients(expr)
    """
    chosen = _chosen(ops, TENSOR, "tensor_expressions")
    return _tensor_expressions(min_inputs, max_inputs, min_ops, max_ops, chosen, max_dims,
                               max_side, min_value, max_value)


@st.composite
def _tensor_expressions(draw: Any, min_inputs: int, max_inputs: int, min_ops: int,
                        max_ops: int, chosen: list[OpSpec], max_dims: int, max_side: int,
                        min_value: float, max_value: float) -> Expression:
    n = draw(st.integers(min_inputs, max_inputs))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=n, max_dims=max_dims,
                                                    min_side=1, max_side=max_side)).input_shapes
    elements = _elements(np.float64, min_value, max_value)
    inputs = [draw(hnp.arrays(np.float64, s, elements=elements)) for s in shapes]
    nodes: list[Any] = [Tensor(x, requires_grad=True) for x in inputs]
    steps = draw(_draw_steps(nodes, chosen, min_ops, max_ops))
    return Expression(inputs, steps, _sum_dangling(len(nodes), steps), tensor=True)


# -------------------------------------------------------------------------------- tensors


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
