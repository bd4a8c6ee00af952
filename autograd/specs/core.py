"""What a spec row is: `OpSpec`, the input `Domain`s, and the registry every row joins.

A row says what the op is on nodes (`fn`), what it is in numpy or math (`ref`), which node
classes have it, how many inputs it takes, where its inputs live (`domain`, one per input),
its kinks and how the domain keeps clear of them, how input shapes are drawn (`shapes`) and
which static arguments (axis, keepdims, a shape, an index) go with them (`static`).

The table is read by the public strategies in `autograd.testing` (random graphs draw every
row's op), by gradproof's own tests (values, first and second derivatives of every row), and
by the docs. This module imports hypothesis: `import autograd` does not import it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

Draw = Any
Shapes = tuple[tuple[int, ...], ...]

DRAW_RANGE = 3.0  # a row's inputs are drawn from [-3, 3], cut to its domain
DOMAIN_MARGIN = 0.1  # how far inputs stay from where an op is undefined (log, 1/x at 0)
KINK_MARGIN = 0.01  # how far inputs stay from a kink (relu at 0, a tie in max)

VALUE, TENSOR = "Value", "Tensor"
BOTH = (VALUE, TENSOR)


class NoFit(Exception):  # noqa: N818 (not an error: a signal to skip the op)
    """A static-argument drawer cannot fit these shapes (a random graph then skips the op)."""


def allowed_intervals(lo: float, hi: float, points: Sequence[float], margin: float
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


@dataclass(frozen=True)
class Domain:
    """Where an input may be: at least `low` and at most `high` (None: unbounded), and at
    least `margin` from each point of `away_from`. `grid` draws multiples of 0.1 (plus
    `offset`), so that two inputs never tie (a kink of max and min) by accident.

    `strategy()` draws single-op inputs, inside [-3, 3]; `admits(x)` tells a random graph
    whether a value computed earlier in the graph may be this op's input.
    """

    low: float | None = None
    high: float | None = None
    away_from: tuple[float, ...] = ()
    margin: float = 0.0
    grid: bool = False
    offset: float = 0.0

    def strategy(self) -> st.SearchStrategy[float]:
        lo = -DRAW_RANGE if self.low is None else max(self.low, -DRAW_RANGE)
        hi = DRAW_RANGE if self.high is None else min(self.high, DRAW_RANGE)
        if self.grid:
            top = math.floor(round((hi - self.offset) * 10, 9))
            return st.integers(math.ceil(round((lo - self.offset) * 10, 9)), top).map(
                lambda k: k / 10 + self.offset)
        intervals = allowed_intervals(lo, hi, self.away_from, self.margin)
        return st.one_of([st.floats(a, b, allow_nan=False, allow_infinity=False)
                          for a, b in intervals])

    def admits(self, x: Any) -> bool:
        x = np.asarray(x)
        if self.low is not None and not np.all(x >= self.low):
            return False
        if self.high is not None and not np.all(x <= self.high):
            return False
        return all(bool(np.all(np.abs(x - p) >= self.margin)) for p in self.away_from)


REAL = Domain()
POSITIVE = Domain(low=DOMAIN_MARGIN)  # log, sqrt, a real power: undefined at or below 0
NONZERO = Domain(away_from=(0.0,), margin=DOMAIN_MARGIN)  # a divisor, a negative power
OFF_ZERO = Domain(away_from=(0.0,), margin=KINK_MARGIN)  # the kink of relu and abs
GRID = Domain(grid=True)  # multiples of 0.1, drawn unique: max and min never tie
OFF_GRID = Domain(grid=True, offset=0.05)  # never ties a GRID value, nor clip's bounds ±1


def no_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {}


def same(min_dims: int = 0, max_dims: int = 3, min_side: int = 0, max_side: int = 3
         ) -> Callable[[Draw, int], Shapes]:
    """Every input has one drawn shape (size-0 axes included unless min_side=1)."""
    def draw_shapes(draw: Draw, arity: int) -> Shapes:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                                      max_side=max_side))
        return (shape,) * arity
    return draw_shapes


@dataclass(frozen=True)
class OpSpec:
    """One row of the table (see the module docstring)."""

    name: str
    fn: Callable[..., Any]  # on nodes, with the static kwargs
    ref: Callable[..., Any]  # on floats or ndarrays, the same kwargs
    kinds: tuple[str, ...] = (TENSOR,)
    arity: int = 1
    domain: Domain | tuple[Domain, ...] = REAL
    kinks: str = ""  # where the derivative is undefined, and how `domain` avoids it
    shapes: Callable[[Draw, int], Shapes] = same()
    static: Callable[[Draw, Shapes], dict[str, Any]] = no_static
    unique: bool = False  # distinct elements in each input (so max/min have no ties)
    api: tuple[str, ...] = ()  # the public names this row exercises
    # For random graphs: whether values computed earlier may be this op's inputs, beyond
    # the domain (no ties for max, no point near clip's bounds); and whether to use it.
    safe: Callable[..., bool] | None = None
    graphs: bool = True

    def elements(self, i: int) -> Domain:
        return self.domain[i] if isinstance(self.domain, tuple) else self.domain

    def admits(self, data: Sequence[Any], static: dict[str, Any]) -> bool:
        """Whether inputs `data` with `static` arguments are inside the domain and kink-free."""
        if not all(self.elements(i).admits(x) for i, x in enumerate(data)):
            return False
        return self.safe is None or bool(self.safe(*data, **static))


SPECS: list[OpSpec] = []
"""Every row, in the order registered (autograd's own, then those `register`ed later)."""

SPECS_BY_NAME: dict[str, OpSpec] = {}


def register(*specs: OpSpec) -> None:
    """Add rows to the table: their ops join the property tests and the random graphs."""
    for spec in specs:
        if spec.name in SPECS_BY_NAME:
            raise ValueError(f"register: a spec row named {spec.name!r} exists already")
        SPECS.append(spec)
        SPECS_BY_NAME[spec.name] = spec


class _Rows:
    """`op.<name>(*nodes, **static)` runs a row's `fn`: how an Expression prints its steps."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        try:
            return SPECS_BY_NAME[name].fn
        except KeyError:
            raise AttributeError(f"no spec row named {name!r}") from None


op = _Rows()


@st.composite
def case(draw: Draw, spec: OpSpec, kind: str) -> tuple[list[Any], dict[str, Any]]:
    """Input data (floats for Value, float64 arrays for Tensor) and static kwargs."""
    shapes = ((),) * spec.arity if kind == VALUE else spec.shapes(draw, spec.arity)
    kwargs = spec.static(draw, shapes)
    if kind == VALUE:
        return [draw(spec.elements(i).strategy()) for i in range(spec.arity)], kwargs
    arrays = [draw(hnp.arrays(np.float64, shape, elements=spec.elements(i).strategy(),
                              unique=spec.unique))
              for i, shape in enumerate(shapes)]
    return arrays, kwargs


def leaves(kind: str, data: list[Any]) -> list[Any]:
    """Fresh leaves holding `data`: Values, or float64 Tensors that require grad."""
    from autograd import Tensor, Value

    if kind == VALUE:
        return [Value(x) for x in data]
    return [Tensor(x, requires_grad=True) for x in data]
