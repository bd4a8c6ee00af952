"""Spec rows: elementwise functions, and the ops that select (maximum, minimum, clip, where);
the exp and log family, reciprocal, rsqrt, lerp.

A row whose op has several spellings (methods, aliases, `autograd.<name>`) draws one with
`spelled`, so every spelling is run; `call` runs it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

import autograd

from .core import (
    BOTH,
    GRID,
    KINK_MARGIN,
    NONZERO,
    OFF_GRID,
    OFF_ZERO,
    POSITIVE,
    Domain,
    Draw,
    OpSpec,
    Shapes,
    register,
)
from .draw import apart, broadcast, clip_static, where_static

OPERATORS = {"%": operator.mod, "//": operator.floordiv}


def spelled(*names: str, **also: Any) -> Callable[[Draw, Shapes], dict[str, Any]]:
    """A static drawer: one of an op's spellings (a method, or "autograd.<name>", or an
    operator), and any other static arguments given as strategies."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        return {"name": draw(st.sampled_from(names)),
                **{key: draw(strategy) for key, strategy in also.items()}}
    return draw_static


def call(name: str, *nodes: Any, **kwargs: Any) -> Any:
    """Run the spelling `name` on nodes: x.name(*rest), autograd.name(*nodes), x % y."""
    if name in OPERATORS:
        return OPERATORS[name](*nodes)
    if name.startswith("autograd."):
        return getattr(autograd, name.removeprefix("autograd."))(*nodes, **kwargs)
    return getattr(nodes[0], name)(*nodes[1:], **kwargs)


def spellings(name: str, *aliases: str) -> tuple[str, ...]:
    """The method, its aliases, and the autograd.<name> function of each."""
    names = (name, *aliases)
    return (*names, *(f"autograd.{n}" for n in names))


def _clear_of_bounds(x: Any, lo: Any, hi: Any, name: str) -> bool:
    bounds = [b for b in (lo, hi) if b is not None]
    return all(bool(np.all(np.abs(np.asarray(x) - b) >= KINK_MARGIN)) for b in bounds)


register(
    OpSpec("exp", lambda x: x.exp(), np.exp, BOTH, api=("exp",)),
    OpSpec("log", lambda x: x.log(), np.log, BOTH, domain=POSITIVE, kinks="undefined at x <= 0",
           api=("log",)),
    OpSpec("sqrt", lambda x: x.sqrt(), np.sqrt, BOTH, domain=POSITIVE,
           kinks="derivative undefined at 0", api=("sqrt",)),
    OpSpec("abs", lambda x: abs(x), np.abs, BOTH, domain=OFF_ZERO, kinks="kink at 0",
           api=("__abs__",)),
    OpSpec("abs_method", lambda x: x.abs(), np.abs, BOTH, domain=OFF_ZERO, kinks="kink at 0",
           api=("abs",)),
    OpSpec("sin", lambda x: x.sin(), np.sin, BOTH, api=("sin",)),
    OpSpec("cos", lambda x: x.cos(), np.cos, BOTH, api=("cos",)),
    OpSpec("tanh", lambda x: x.tanh(), np.tanh, BOTH, api=("tanh",)),
    OpSpec("sigmoid", lambda x: x.sigmoid(), lambda x: 1 / (1 + np.exp(-x)), BOTH,
           api=("sigmoid",)),
    OpSpec("relu", lambda x: x.relu(), lambda x: np.maximum(x, 0.0), BOTH, domain=OFF_ZERO,
           kinks="kink at 0", api=("relu",)),
    OpSpec("maximum", lambda x, y: x.maximum(y), np.maximum, arity=2, domain=(GRID, OFF_GRID),
           kinks="ties x == y", shapes=broadcast(), safe=apart, api=("maximum",)),
    OpSpec("minimum", lambda x, y: x.minimum(y), np.minimum, arity=2, domain=(OFF_GRID, GRID),
           kinks="ties x == y", shapes=broadcast(), safe=apart, api=("minimum",)),
    OpSpec("maximum_function", lambda x, y: autograd.maximum(x, y), np.maximum, arity=2,
           domain=(GRID, OFF_GRID), kinks="ties x == y", shapes=broadcast(), safe=apart,
           api=("autograd.maximum",)),
    OpSpec("minimum_function", lambda x, y: autograd.minimum(x, y), np.minimum, arity=2,
           domain=(GRID, OFF_GRID), kinks="ties x == y", shapes=broadcast(), safe=apart,
           api=("autograd.minimum",)),
    OpSpec("clip", lambda x, lo, hi, name: getattr(x, name)(lo, hi),
           lambda x, lo, hi, name: np.clip(x, lo, hi), domain=OFF_GRID,
           kinks="at the bounds (on the GRID, so OFF_GRID keeps clear)", static=clip_static,
           safe=_clear_of_bounds, api=("clip", "clamp")),
    OpSpec("clamp_one_bound", lambda x, bound, name: call(name, x, bound),
           lambda x, bound, name: (np.maximum if "min" in name else np.minimum)(x, bound),
           domain=OFF_GRID, kinks="at the bound (on the GRID, so OFF_GRID keeps clear)",
           static=spelled(*spellings("clamp_min", "clamp_max"),
                          bound=st.sampled_from([-1.0, 0.0, 1.0])),
           safe=lambda x, bound, name: _clear_of_bounds(x, bound, None, name),
           api=("clamp_min", "clamp_max", "autograd.clamp_min", "autograd.clamp_max")),
    OpSpec("where", lambda x, y, cond: autograd.where(cond, x, y),
           lambda x, y, cond: np.where(cond, x, y), arity=2, shapes=broadcast(),
           static=where_static, api=("autograd.where",)),
)


# ------------------------------------------------------------------ the exp and log family


def _lerp_ref(start: Any, end: Any, weight: Any, name: str = "") -> Any:
    return start + weight * (end - start)


def _number_weight(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """lerp's weight as a number, at the ends and on both sides of PyTorch's switch at 0.5."""
    return {"weight": draw(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, -0.5, 1.5]))}


register(
    OpSpec("exp2", lambda x, name: call(name, x), lambda x, name: np.exp2(x), BOTH,
           static=spelled(*spellings("exp2")), api=("exp2",)),
    OpSpec("expm1", lambda x, name: call(name, x), lambda x, name: np.expm1(x), BOTH,
           static=spelled(*spellings("expm1")), api=("expm1",)),
    OpSpec("log2", lambda x, name: call(name, x), lambda x, name: np.log2(x), BOTH,
           domain=POSITIVE, kinks="undefined at x <= 0", static=spelled(*spellings("log2")),
           api=("log2",)),
    OpSpec("log10", lambda x, name: call(name, x), lambda x, name: np.log10(x), BOTH,
           domain=POSITIVE, kinks="undefined at x <= 0", static=spelled(*spellings("log10")),
           api=("log10",)),
    OpSpec("log1p", lambda x, name: call(name, x), lambda x, name: np.log1p(x), BOTH,
           domain=Domain(low=-0.9), kinks="undefined at x <= -1",
           static=spelled(*spellings("log1p")), api=("log1p",)),
    OpSpec("reciprocal", lambda x, name: call(name, x), lambda x, name: 1 / x, BOTH,
           domain=NONZERO, kinks="undefined at 0", static=spelled(*spellings("reciprocal")),
           api=("reciprocal",)),
    OpSpec("rsqrt", lambda x, name: call(name, x), lambda x, name: 1 / np.sqrt(x), BOTH,
           domain=POSITIVE, kinks="undefined at x <= 0", static=spelled(*spellings("rsqrt")),
           api=("rsqrt",)),
    OpSpec("logaddexp", lambda x, y, name: call(name, x, y),
           lambda x, y, name: np.logaddexp(x, y), BOTH, 2, shapes=broadcast(),
           static=spelled(*spellings("logaddexp")), api=("logaddexp",)),
    OpSpec("logaddexp2", lambda x, y, name: call(name, x, y),
           lambda x, y, name: np.logaddexp2(x, y), BOTH, 2, shapes=broadcast(),
           static=spelled(*spellings("logaddexp2")), api=("logaddexp2",)),
    OpSpec("lerp", lambda s, e, w, name: call(name, s, e, w), _lerp_ref, BOTH, 3,
           shapes=broadcast(), static=spelled(*spellings("lerp")), api=("lerp",)),
    OpSpec("lerp_number_weight", lambda s, e, weight: s.lerp(e, weight=weight), _lerp_ref,
           BOTH, 2, shapes=broadcast(), static=_number_weight, api=("lerp",)),
)
