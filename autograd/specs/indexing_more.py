"""Spec rows: scatter_reduce (its rule, autograd/ops/scatter_reduce.py), and index_add,
index_copy, index_fill and masked_scatter (made of scatter_add, scatter and where).

The references are loops written from PyTorch's definitions (`out[index[j]] += source[j]`,
each place reduced over the values sent there), not numpy calls sharing our code's ideas.
Indices are drawn with repeats. amax and amin draw x on a grid and src off it, every value
distinct, so that no two inputs tie (a kink); their ties are checked against PyTorch's
numbers in tests/test_inplace_more.py.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd

from .core import GRID, KINK_MARGIN, NONZERO, OFF_GRID, REAL, NoFit, OpSpec, register, same
from .indexing import _along_static, _index_as, _index_form, _positions, _scatter_shapes, _target

# ------------------------------------------------------------------- scatter_reduce

_REDUCE = {"sum": sum, "prod": math.prod, "mean": lambda v: sum(v) / len(v), "amax": max,
           "amin": min}


def _ref_scatter_reduce(x: np.ndarray, src: np.ndarray, dim: int, index: np.ndarray,
                        form: str, reduce: str, include_self: bool, function: bool
                        ) -> np.ndarray:
    d = dim % x.ndim
    sent: dict[tuple[int, ...], list[float]] = {}
    for pos in np.ndindex(*index.shape):
        sent.setdefault(_target(pos, index, d), []).append(float(src[pos]))
    out = x.copy()
    for place, values in sent.items():
        out[place] = _REDUCE[reduce](([float(x[place])] if include_self else []) + values)
    return out


def _scatter_reduce_static(reductions: tuple[str, ...]) -> Any:
    def static(draw: Any, shapes: Any) -> dict[str, Any]:
        return {**_along_static(draw, shapes, src=True),
                "reduce": draw(st.sampled_from(reductions)),
                "include_self": draw(st.booleans()), "function": draw(st.booleans())}
    return static


def _scatter_reduce(x: Any, src: Any, dim: int, index: np.ndarray, form: str, reduce: str,
                    include_self: bool, function: bool) -> Any:
    idx = _index_as(index, form)
    if function:
        return autograd.scatter_reduce(x, dim, idx, src, reduce, include_self=include_self)
    return x.scatter_reduce(dim, idx, src, reduce, include_self=include_self)


def _no_ties(x: Any, src: Any, **static: Any) -> bool:
    """No two inputs within KINK_MARGIN of each other (amax and amin never tie)."""
    values = np.sort(np.concatenate([np.ravel(x), np.ravel(src)]))
    return bool(np.all(np.diff(values) >= KINK_MARGIN))


# ------------------------------------------------------ along a dim, at a vector of positions


def _vector_shapes(draw: Any, arity: int) -> Any:
    """x, and a source of x's shape but for one dim (index's length there)."""
    x_shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3))
    k = draw(st.integers(0, len(x_shape) - 1))
    length = draw(st.integers(0, 4 if x_shape[k] else 0))  # (no positions in an empty dim)
    return x_shape, x_shape[:k] + (length,) + x_shape[k + 1:]


def _vector_static(draw: Any, shapes: Any) -> dict[str, Any]:
    """dim (one where x and source differ, if any) and a vector index of source's length
    there, in range of x's dim, repeats likely."""
    x_shape, src_shape = shapes
    differ = [k for k, (n, m) in enumerate(zip(x_shape, src_shape, strict=True)) if n != m]
    d = draw(st.sampled_from(differ or [k for k, n in enumerate(x_shape) if n] or [0]))
    index = _positions(draw, (src_shape[d],), 0, x_shape[d])
    return {"dim": draw(st.sampled_from([d, d - len(x_shape)])), "index": index,
            "form": _index_form(draw, index), "function": draw(st.booleans())}


def _ref_index_add(x: np.ndarray, source: np.ndarray, dim: int, index: np.ndarray, form: str,
                   function: bool, alpha: float = 1.0) -> np.ndarray:
    out, d = x.copy(), dim % x.ndim
    for j, i in enumerate(index):
        out[(slice(None),) * d + (i,)] += alpha * source[(slice(None),) * d + (j,)]
    return out


def _ref_index_copy(x: np.ndarray, source: np.ndarray, dim: int, index: np.ndarray,
                    form: str, function: bool) -> np.ndarray:
    out, d = x.copy(), dim % x.ndim
    for j, i in enumerate(index):  # in order: the last write wins
        out[(slice(None),) * d + (i,)] = source[(slice(None),) * d + (j,)]
    return out


def _index_add(x: Any, source: Any, dim: int, index: np.ndarray, form: str, function: bool,
               alpha: float = 1.0) -> Any:
    idx = _index_as(index, form)
    if function:
        return autograd.index_add(x, dim, idx, source, alpha=alpha)
    return x.index_add(dim, idx, source, alpha=alpha)


def _index_copy(x: Any, source: Any, dim: int, index: np.ndarray, form: str, function: bool
                ) -> Any:
    idx = _index_as(index, form)
    return autograd.index_copy(x, dim, idx, source) if function else x.index_copy(dim, idx,
                                                                                  source)


def _fill_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    if not shape:
        raise NoFit
    d = draw(st.integers(0, len(shape) - 1))
    index = _positions(draw, (draw(st.integers(0, 4)) if shape[d] else 0,), 0, shape[d])
    return {"dim": d, "index": index, "form": _index_form(draw, index),
            "function": draw(st.booleans())}


def _ref_index_fill(x: np.ndarray, value: Any, dim: int, index: np.ndarray) -> np.ndarray:
    out = x.copy()
    for i in index:
        out[(slice(None),) * dim + (i,)] = value
    return out


def _index_fill(x: Any, value: Any, dim: int, index: np.ndarray, form: str, function: bool
                ) -> Any:
    idx = _index_as(index, form)
    return autograd.index_fill(x, dim, idx, value) if function else x.index_fill(dim, idx,
                                                                                 value)


# ------------------------------------------------------------------- masked_scatter


def _masked_scatter_shapes(draw: Any, arity: int) -> Any:
    """x, and a source with at least as many elements (any shape)."""
    x_shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
    size = math.prod(x_shape) + draw(st.integers(0, 2))
    return x_shape, draw(st.sampled_from([(size,), (1, size)]))


def _masked_scatter_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    trailing = shape[len(shape) - draw(st.integers(0, len(shape))):]
    return {"mask": draw(hnp.arrays(bool, trailing)), "function": draw(st.booleans())}


def _ref_masked_scatter(x: np.ndarray, source: np.ndarray, mask: np.ndarray, function: bool
                        ) -> np.ndarray:
    out = x.copy()
    values = iter(source.ravel())
    for pos in np.ndindex(*x.shape):
        if np.broadcast_to(mask, x.shape)[pos]:
            out[pos] = next(values)
    return out


def _masked_scatter(x: Any, source: Any, mask: np.ndarray, function: bool) -> Any:
    if function:
        return autograd.masked_scatter(x, mask, source)
    return x.masked_scatter(mask, source)


register(
    OpSpec("scatter_reduce", _scatter_reduce, _ref_scatter_reduce, arity=2,
           domain=(REAL, NONZERO), kinks="prod's second derivative at two zeros of src sent "
           "to one place (src is kept from 0)", shapes=_scatter_shapes,
           static=_scatter_reduce_static(("sum", "prod", "mean")),
           api=("scatter_reduce", "autograd.scatter_reduce")),
    OpSpec("scatter_reduce_amax", _scatter_reduce, _ref_scatter_reduce, arity=2,
           domain=(GRID, OFF_GRID), unique=True, kinks="ties for the maximum or minimum "
           "(x on a grid, src off it, all distinct)", shapes=_scatter_shapes,
           static=_scatter_reduce_static(("amax", "amin")), safe=_no_ties,
           api=("scatter_reduce",)),
    OpSpec("index_add", _index_add, _ref_index_add, arity=2, shapes=_vector_shapes,
           static=lambda draw, shapes: {**_vector_static(draw, shapes),
                                        "alpha": draw(st.sampled_from([1.0, -2.5]))},
           api=("index_add", "autograd.index_add")),
    OpSpec("index_copy", _index_copy, _ref_index_copy, arity=2, shapes=_vector_shapes,
           static=_vector_static, api=("index_copy", "autograd.index_copy")),
    OpSpec("index_fill", lambda x, value, **kw: _index_fill(x, value, **kw),
           lambda x, value, dim, index, form, function: _ref_index_fill(x, value, dim, index),
           shapes=same(1), static=lambda draw, shapes: {
               **_fill_static(draw, shapes), "value": draw(st.sampled_from([-1.5, 0.0, 2.0]))},
           api=("index_fill", "autograd.index_fill")),
    OpSpec("index_fill_tensor", _index_fill,
           lambda x, value, dim, index, form, function: _ref_index_fill(x, value, dim, index),
           arity=2, shapes=lambda draw, arity: (draw(hnp.array_shapes(min_dims=1)), ()),
           static=_fill_static, graphs=False, api=("index_fill",)),
    OpSpec("masked_scatter", _masked_scatter, _ref_masked_scatter, arity=2,
           shapes=_masked_scatter_shapes, static=_masked_scatter_static,
           api=("masked_scatter", "autograd.masked_scatter")),
)
