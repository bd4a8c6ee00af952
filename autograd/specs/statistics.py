"""Spec rows: kthvalue, cummax, cummin, aminmax, nansum, nanmean, var_mean, std_mean, diff,
hstack, vstack, dstack, column_stack, row_stack, and the method x.where(condition, y).

kthvalue, cummax, cummin and aminmax pick values, so (as sort's) they have a kink wherever
two values tie: inputs are drawn unique on the grid, and random graphs use them only where
the values they compare are KINK_MARGIN apart. Rows that return two Tensors (aminmax's
(min, max), var_mean's (var, mean)) are checked stacked, so both get their gradients checked.
unique, unique_consecutive and count_nonzero give constants (no gradient): no row.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd

from .core import GRID, KINK_MARGIN, Draw, NoFit, OpSpec, Shapes, register, same
from .draw import (
    broadcast,
    concat_shapes,
    concat_static,
    no_ties,
    nonempty_reduce_static,
    numpy_kw,
    reduce_static,
    reduced_count,
    where_static,
)
from .sorting import _apart
from .spelling import either_way, ignoring_via, with_via

# ----------------------------------------------------------------- order statistics


def _kth_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """k from 1 to the size of dim (the last by default), and keepdim."""
    shape = shapes[0]
    ndim = max(len(shape), 1)
    dim = draw(st.none() | st.integers(-ndim, ndim - 1))
    size = shape[-1 if dim is None else dim] if shape else 1
    if size == 0:
        raise NoFit
    kwargs: dict[str, Any] = {"k": draw(st.integers(1, size))}
    if dim is not None:
        kwargs["dim"] = dim
    if draw(st.booleans()):
        kwargs["keepdim"] = draw(st.booleans())
    return kwargs


def _ref_kth(x: np.ndarray, k: int, dim: int = -1, keepdim: bool = False) -> np.ndarray:
    if x.ndim == 0:
        return x
    picked = np.take(np.sort(x, axis=dim), [k - 1], axis=dim)
    return picked if keepdim else np.squeeze(picked, axis=dim)


def _apart_along(x: Any, dim: int = -1, **kw: Any) -> bool:
    """Every two values along dim differ by KINK_MARGIN (no tie to flip an order)."""
    return _apart(x, axis=dim)


def _dim_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = max(len(shapes[0]), 1)
    return {"dim": draw(st.integers(-ndim, ndim - 1))}


def _ref_running(accumulate: Any) -> Any:
    def ref(x: np.ndarray, dim: int) -> np.ndarray:
        return x if x.ndim == 0 else accumulate(x, axis=dim)
    return ref


def _aminmax(x: Any, via: str, **kw: Any) -> Any:
    out = x.aminmax(**kw) if via == "method" else autograd.aminmax(x, **kw)
    return autograd.stack([out.min, out.max])


def _ref_aminmax(x: np.ndarray, via: str, dim: int | None = None,
                 keepdim: bool = False) -> np.ndarray:
    axis = None if x.ndim == 0 else dim
    return np.stack([np.min(x, axis=axis, keepdims=keepdim),
                     np.max(x, axis=axis, keepdims=keepdim)])


def _aminmax_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if 0 in shape:
        raise NoFit
    kwargs: dict[str, Any] = {}
    if draw(st.booleans()):
        kwargs["dim"] = draw(st.integers(-max(len(shape), 1), max(len(shape), 1) - 1))
    if draw(st.booleans()):
        kwargs["keepdim"] = draw(st.booleans())
    return kwargs


def _aminmax_safe(x: Any, via: str, dim: int | None = None, **kw: Any) -> bool:
    x = np.asarray(x)
    axes = tuple(range(x.ndim)) if dim is None or x.ndim == 0 else (dim % x.ndim,)
    return no_ties(x, axes) and no_ties(-x, axes)


# ------------------------------------------------------------------------- NaN and spread


def _ref_nan(reduce: Any) -> Any:
    def ref(x: np.ndarray, via: str, **kw: Any) -> np.ndarray:
        return reduce(x, **numpy_kw(kw))
    return ref


def _spread_mean(name: str) -> Any:
    def fn(x: Any, **kw: Any) -> Any:
        return autograd.stack(list(getattr(autograd, name)(x, **kw)))
    return fn


def _ref_spread_mean(spread: Any) -> Any:
    def ref(x: np.ndarray, dim: Any = None, keepdim: bool = False, correction: int = 1,
            unbiased: bool | None = None) -> np.ndarray:
        axis = None if dim in ((), None) else dim
        ddof = int(unbiased) if unbiased is not None else correction
        return np.stack([spread(x, axis=axis, ddof=ddof, keepdims=keepdim),
                         np.mean(x, axis=axis, keepdims=keepdim)])
    return ref


def _spread_static(least: int) -> Any:
    """dim (None, (), an int or a tuple) reducing at least `least` values, keepdim, and
    correction= or unbiased= (1 only where two values or more are reduced: else n - 1 = 0)."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        shape = shapes[0]
        ndim = len(shape)
        dims: list[Any] = [None, ()]
        if ndim:
            dims += [draw(st.integers(-ndim, ndim - 1)), tuple(draw(st.lists(
                st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True)))]
        dim = draw(st.sampled_from(dims))
        count = reduced_count(shape, None if dim in ((), None) else dim)
        if count < least:
            raise NoFit
        kwargs: dict[str, Any] = {} if dim is None else {"dim": dim}
        if draw(st.booleans()):
            kwargs["keepdim"] = draw(st.booleans())
        ddof = draw(st.sampled_from([0, 1])) if count > 1 else 0
        spelling = draw(st.sampled_from(["default", "correction", "unbiased"]))
        if spelling == "default" and ddof == 1:
            return kwargs
        if spelling == "unbiased":
            return {**kwargs, "unbiased": bool(ddof)}
        return {**kwargs, "correction": ddof}
    return draw_static


def _spread_apart(x: Any, dim: Any = None, **kw: Any) -> bool:
    """Each reduced group's values differ (std's kink is at std = 0)."""
    axis = None if dim in ((), None) else dim
    return bool(np.all(np.std(x, axis=axis) >= KINK_MARGIN))


# ---------------------------------------------------------------------------------- diff


def _diff_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = len(shapes[0])
    if ndim == 0:
        raise NoFit
    kwargs: dict[str, Any] = {"n": draw(st.integers(0, 3))}
    spelling = draw(st.sampled_from(["default", "dim", "axis"]))
    if spelling != "default":
        kwargs[spelling] = draw(st.integers(-ndim, ndim - 1))
    return kwargs


def _ref_diff(x: np.ndarray, via: str, n: int, dim: int = -1, axis: int | None = None,
              **edges: Any) -> np.ndarray:
    return np.diff(x, n, axis=dim if axis is None else axis, **edges)


def _diff_joined(x: Any, before: Any, after: Any, via: str, n: int, dim: int) -> Any:
    if via == "method":
        return x.diff(n, dim, prepend=before, append=after)
    return autograd.diff(x, n, dim, prepend=before, append=after)


def _ref_diff_joined(x: np.ndarray, before: np.ndarray, after: np.ndarray, via: str, n: int,
                     dim: int) -> np.ndarray:
    return np.diff(x, n, axis=dim, prepend=before, append=after)


def _diff_joined_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {"n": draw(st.integers(0, 3)), "dim": concat_static(draw, shapes)["axis"]}


# ------------------------------------------------------------------------------ stacking

# The dim each joins along, by the number of dims its operands have (None: the shapes must
# be equal, as 0-d and 1-D operands of vstack, dstack and column_stack).
_ALONG = {"hstack": lambda ndim: None if ndim == 0 else (0 if ndim == 1 else 1),
          "vstack": lambda ndim: 0 if ndim >= 2 else None,
          "row_stack": lambda ndim: 0 if ndim >= 2 else None,
          "dstack": lambda ndim: 2 if ndim >= 3 else None,
          "column_stack": lambda ndim: 1 if ndim >= 2 else None}
_NUMPY = {"hstack": np.hstack, "vstack": np.vstack, "row_stack": np.vstack,
          "dstack": np.dstack, "column_stack": np.column_stack}


def _stack_shapes(name: str) -> Any:
    """Shapes equal but along the dim `name` joins (any size there, 0 included)."""
    def draw_shapes(draw: Draw, arity: int) -> Shapes:
        base = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
        along = _ALONG[name](len(base))
        return tuple(tuple(draw(st.integers(0, 3)) if i == along else n
                           for i, n in enumerate(base)) for _ in range(arity))
    return draw_shapes


def _stack_static(name: str) -> Any:
    """Nothing to draw; shapes numpy's function refuses (in random graphs) do not fit."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        try:
            _NUMPY[name]([np.zeros(s) for s in shapes])
        except ValueError:
            raise NoFit from None
        return {}
    return draw_static


def _stack_row(name: str) -> OpSpec:
    return OpSpec(name, lambda *xs: getattr(autograd, name)(list(xs)),
                  lambda *xs: _NUMPY[name](xs), arity=2, shapes=_stack_shapes(name),
                  static=_stack_static(name), api=(f"autograd.{name}",))


register(
    OpSpec("kthvalue", either_way("kthvalue", lambda out: out.values), ignoring_via(_ref_kth),
           domain=GRID, unique=True, kinks="ties (which value is k-th flips)",
           shapes=same(min_side=1), static=with_via(_kth_static), safe=ignoring_via(_apart_along),
           api=("kthvalue", "autograd.kthvalue")),
    OpSpec("cummax", either_way("cummax", lambda out: out.values),
           ignoring_via(_ref_running(np.maximum.accumulate)), domain=GRID, unique=True,
           kinks="ties with the running maximum", static=with_via(_dim_static),
           safe=ignoring_via(_apart_along), api=("cummax", "autograd.cummax")),
    OpSpec("cummin", either_way("cummin", lambda out: out.values),
           ignoring_via(_ref_running(np.minimum.accumulate)), domain=GRID, unique=True,
           kinks="ties with the running minimum", static=with_via(_dim_static),
           safe=ignoring_via(_apart_along), api=("cummin", "autograd.cummin")),
    OpSpec("aminmax", _aminmax, _ref_aminmax, domain=GRID, unique=True,
           kinks="ties for the smallest or the largest value (they share the gradient)",
           shapes=same(min_side=1), static=with_via(_aminmax_static), safe=_aminmax_safe,
           api=("aminmax", "autograd.aminmax")),
    OpSpec("nansum", either_way("nansum"), _ref_nan(np.nansum),
           static=with_via(reduce_static), api=("nansum", "autograd.nansum")),
    OpSpec("nanmean", either_way("nanmean"), _ref_nan(np.nanmean), shapes=same(min_side=1),
           static=with_via(nonempty_reduce_static), api=("nanmean", "autograd.nanmean")),
    OpSpec("var_mean", _spread_mean("var_mean"), _ref_spread_mean(np.var),
           shapes=same(min_side=1), static=_spread_static(1), api=("autograd.var_mean",)),
    OpSpec("std_mean", _spread_mean("std_mean"), _ref_spread_mean(np.std), domain=GRID,
           kinks="sqrt'(0): every reduced group holds two or more distinct values",
           shapes=same(1, min_side=2), static=_spread_static(2), unique=True,
           safe=_spread_apart, api=("autograd.std_mean",)),
    OpSpec("diff", either_way("diff"), _ref_diff, shapes=same(1),
           static=with_via(_diff_static), api=("diff", "autograd.diff")),
    OpSpec("diff_joined", _diff_joined, _ref_diff_joined, arity=3, shapes=concat_shapes,
           static=with_via(_diff_joined_static), api=("diff", "autograd.diff")),
    *[_stack_row(name) for name in _NUMPY],
    OpSpec("where_method", lambda x, y, cond: x.where(cond, y),
           lambda x, y, cond: np.where(cond, x, y), arity=2, shapes=broadcast(),
           static=where_static, api=("where",)),
)
