"""One spec row for a method and its module function: `x.cumsum(...)` and
`autograd.cumsum(x, ...)` are one op, so one row draws which of the two it calls (the
static argument `via`), and its reference ignores the choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

import autograd

from .core import Draw, Shapes

Static = Callable[[Draw, Shapes], dict[str, Any]]


def either_way(name: str, pick: Callable[[Any], Any] = lambda out: out) -> Callable[..., Any]:
    """fn(x, *others, via=..., **kw): x.<name>(*others, **kw) or autograd.<name>(x, *others,
    **kw), then `pick` (the .values of a (values, indices) result, say)."""
    def fn(x: Any, *others: Any, via: str, **kw: Any) -> Any:
        if via == "method":
            return pick(getattr(x, name)(*others, **kw))
        return pick(getattr(autograd, name)(x, *others, **kw))
    return fn


def with_via(static: Static) -> Static:
    """`static`'s arguments, and which spelling to call."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        return {**static(draw, shapes), "via": draw(st.sampled_from(["method", "function"]))}
    return draw_static


def ignoring_via(ref: Callable[..., Any]) -> Callable[..., Any]:
    def without_via(*xs: Any, via: str, **kw: Any) -> Any:
        return ref(*xs, **kw)
    return without_via
