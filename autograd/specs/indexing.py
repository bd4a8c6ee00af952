"""Spec rows: indexing along a dim (gather, scatter, take, index_select), masks, nonzero,
one_hot, and the diagonals (tril, triu, diag, diagonal, trace).

The references for the gather family are loops over the index, written from PyTorch's
definitions (`out[i][j] = x[index[i][j]][j]`), not numpy calls that share our code's ideas.
Indices are drawn with repeats: a gather's gradient must add them up, a scatter's must give
nothing to an entry a later one overwrites.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd

from .core import OFF_ZERO, NoFit, OpSpec, register, same

# ------------------------------------------------------------------------ the indices


def _index_as(index: np.ndarray, form: str) -> Any:
    """The index as a user may pass it: an int array, a list, or an integer Tensor."""
    if form == "list":
        return index.tolist()
    return autograd.tensor(index) if form == "tensor" else index


def _positions(draw: Any, shape: tuple[int, ...], low: int, high: int) -> np.ndarray:
    """An int array of `shape` with entries in [low, high) (repeats likely); with nothing in
    [low, high), the shape is emptied along its first dim."""
    if high <= low:
        empty = shape if 0 in shape else (0, *shape[1:]) if shape else (0,)
        return np.zeros(empty, dtype=np.int64)
    return draw(hnp.arrays(np.int64, shape, elements=st.integers(low, high - 1)))


def _index_form(draw: Any, index: np.ndarray) -> str:
    """How to pass the index: a list cannot keep the shape of an empty index."""
    return draw(st.sampled_from(["array", "list", "tensor"] if index.size else ["array",
                                                                                 "tensor"]))


def _along_static(draw: Any, shapes: Any, *, src: bool = False) -> dict[str, Any]:
    """dim and an index for gather (shapes: x) or scatter (shapes: x, src): as many dims as
    x, no larger than x apart from dim (nor than src anywhere), entries in range of x."""
    x_shape = shapes[0]
    limit = shapes[1] if src else None
    if not x_shape or (src and len(limit) != len(x_shape)):
        raise NoFit
    dim = draw(st.integers(-len(x_shape), len(x_shape) - 1))
    d = dim % len(x_shape)
    sides = []
    for k, n in enumerate(x_shape):
        most = (4 if k == d else n) if limit is None else (limit[k] if k == d
                                                           else min(n, limit[k]))
        sides.append(draw(st.integers(0, most if x_shape[d] or k != d else 0)))
    index = _positions(draw, tuple(sides), 0, x_shape[d])
    return {"dim": dim, "index": index, "form": _index_form(draw, index)}


def _target(pos: tuple[int, ...], index: np.ndarray, dim: int) -> tuple[int, ...]:
    spot = list(pos)
    spot[dim] = int(index[pos])
    return tuple(spot)


def _ref_gather(x: np.ndarray, dim: int, index: np.ndarray, form: str) -> np.ndarray:
    out = np.empty(index.shape)
    for pos in np.ndindex(*index.shape):
        out[pos] = x[_target(pos, index, dim)]
    return out


def _ref_scatter(x: np.ndarray, src: Any, dim: int, index: np.ndarray, form: str = "",
                 reduce: str | None = None) -> np.ndarray:
    out = x.copy()
    for pos in np.ndindex(*index.shape):
        spot, value = _target(pos, index, dim), src[pos] if np.ndim(src) else src
        if reduce is None:
            out[spot] = value  # in C order: the last write wins
        elif reduce == "add":
            out[spot] += value
        else:
            out[spot] *= value
    return out


# -------------------------------------------------------------- gather and scatter


def _gather(x: Any, dim: int, index: np.ndarray, form: str) -> Any:
    idx = _index_as(index, form)
    return autograd.gather(x, dim, idx) if form == "list" else x.gather(dim, idx)


def _scatter_static(draw: Any, shapes: Any) -> dict[str, Any]:
    return {**_along_static(draw, shapes, src=True),
            "reduce": draw(st.sampled_from([None, None, "add", "multiply"]))}


def _scatter(x: Any, src: Any, dim: int, index: np.ndarray, form: str, reduce: Any) -> Any:
    idx = _index_as(index, form)
    if form == "list":
        return autograd.scatter(x, dim, idx, src, reduce=reduce)
    return x.scatter(dim, idx, src, reduce=reduce)


def _scatter_value_static(draw: Any, shapes: Any) -> dict[str, Any]:
    return {**_along_static(draw, shapes), "value": draw(st.sampled_from([-1.5, 0.0, 2.0])),
            "reduce": draw(st.sampled_from([None, "add", "multiply"])),
            "keyword": draw(st.booleans())}


def _scatter_value(x: Any, dim: int, index: np.ndarray, form: str, value: float,
                   reduce: Any, keyword: bool) -> Any:
    idx = _index_as(index, form)
    if keyword:
        return x.scatter(dim, idx, value=value, reduce=reduce)
    return x.scatter(dim, idx, value, reduce=reduce)


def _scatter_add(x: Any, src: Any, dim: int, index: np.ndarray, form: str) -> Any:
    idx = _index_as(index, form)
    return autograd.scatter_add(x, dim, idx, src) if form == "list" else x.scatter_add(
        dim, idx, src)


def _scatter_shapes(draw: Any, arity: int) -> Any:
    """x, and a src as many dims as x (any sizes)."""
    x_shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3))
    return x_shape, tuple(draw(st.integers(0, 3)) for _ in x_shape)


def _take_along_static(draw: Any, shapes: Any) -> dict[str, Any]:
    """indices that broadcast against x apart from dim, negative ones included; or a dim of
    None and 1-D indices into the flattened x."""
    shape = shapes[0]
    form = draw(st.sampled_from(["method", "take_along_dim", "take_along_axis"]))
    if not shape or draw(st.integers(0, 3)) == 0:
        size = int(np.prod(shape))
        return {"indices": _positions(draw, (draw(st.integers(0, 4)),), -size, size),
                "dim": None, "form": form}
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    d = dim % len(shape)
    sides = [(draw(st.integers(0, 4)) if n else 0) if k == d else draw(st.sampled_from(
        [n, 1] if n != 1 else [1, 2, 3])) for k, n in enumerate(shape)]
    return {"indices": _positions(draw, tuple(sides), -shape[d], shape[d]), "dim": dim,
            "form": form}


def _take_along(x: Any, indices: np.ndarray, dim: Any, form: str) -> Any:
    if form == "take_along_axis":
        return autograd.take_along_axis(x, indices, dim)
    if form == "take_along_dim":
        return autograd.take_along_dim(x, indices, dim)
    return x.take_along_dim(indices, dim)


def _take_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    if shape and draw(st.booleans()):
        axis = draw(st.integers(-len(shape), len(shape) - 1))
        size = shape[axis]
    else:
        axis, size = None, int(np.prod(shape))
    index_shape = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3))
    return {"index": _positions(draw, index_shape, -size, size), "axis": axis,
            "function": draw(st.booleans())}


def _take(x: Any, index: np.ndarray, axis: Any, function: bool) -> Any:
    return autograd.take(x, index, axis) if function else x.take(index, axis)


def _index_select_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    if not shape:
        raise NoFit
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    index_shape = draw(st.sampled_from([(), (0,), (1,), (2,), (4,)]))
    index = _positions(draw, index_shape, 0, shape[dim])
    return {"dim": dim, "index": index, "form": _index_form(draw, index)}


def _index_select(x: Any, dim: int, index: np.ndarray, form: str) -> Any:
    idx = _index_as(index, form)
    return autograd.index_select(x, dim, idx) if form == "list" else x.index_select(dim, idx)


# -------------------------------------------------------------------------- masks


def _mask_static(draw: Any, shapes: Any) -> dict[str, Any]:
    """A mask of x's trailing dims (it broadcasts), and a value to fill with."""
    shape = shapes[0]
    trailing = shape[len(shape) - draw(st.integers(0, len(shape))):]
    return {"mask": draw(hnp.arrays(bool, trailing)),
            "value": draw(st.sampled_from([-2.0, 0.0, 1.5])),
            "function": draw(st.booleans())}


def _masked_fill(x: Any, mask: np.ndarray, value: float, function: bool) -> Any:
    if function:
        return autograd.masked_fill(x, mask, value)
    return x.masked_fill(mask, value)


def _masked_select(x: Any, mask: np.ndarray, value: float, function: bool) -> Any:
    return autograd.masked_select(x, mask) if function else x.masked_select(mask)


def _ref_masked_select(x: np.ndarray, mask: np.ndarray, value: float, function: bool
                       ) -> np.ndarray:
    return x[np.broadcast_to(mask, x.shape)]


def _nonzero(x: Any, form: str) -> Any:
    """x at the places where relu(x) is nonzero, found by each of the index-returning ops."""
    positive = x.relu()
    found = {"nonzero": lambda: tuple(np.asarray(positive.nonzero()).T),
             "as_tuple": lambda: positive.nonzero(as_tuple=True),
             "argwhere": lambda: tuple(np.asarray(autograd.argwhere(positive)).T),
             "where": lambda: autograd.where(positive),
             "function": lambda: autograd.nonzero(positive, as_tuple=True)}[form]()
    return x[found]


def _one_hot_static(draw: Any, shapes: Any) -> dict[str, Any]:
    """Class labels for x's rows: x (..., n) times one_hot(labels, n)."""
    shape = shapes[0]
    if not shape:
        raise NoFit
    labels = _positions(draw, shape[:-1], 0, shape[-1])
    if labels.shape != shape[:-1]:  # no class to draw (n == 0) for a row to have
        raise NoFit
    infer = labels.size and labels.max() == shape[-1] - 1 and draw(st.booleans())
    return {"labels": labels, "num_classes": -1 if infer else shape[-1],
            "form": _index_form(draw, labels)}


def _ref_one_hot(x: np.ndarray, labels: np.ndarray, num_classes: int, form: str
                 ) -> np.ndarray:
    return x * np.eye(x.shape[-1])[labels]


# ---------------------------------------------------------------------- diagonals


def _triangle_static(draw: Any, shapes: Any) -> dict[str, Any]:
    if len(shapes[0]) < 2:
        raise NoFit
    return {"which": draw(st.sampled_from(["tril", "triu"])),
            "k": draw(st.integers(-3, 3)),
            "form": draw(st.sampled_from(["method", "keyword", "function"]))}


def _triangle(x: Any, which: str, k: int, form: str) -> Any:
    if form == "function":
        return getattr(autograd, which)(x, k)
    return getattr(x, which)(k=k) if form == "keyword" else getattr(x, which)(k)


def _diag_static(draw: Any, shapes: Any) -> dict[str, Any]:
    if len(shapes[0]) not in (1, 2):
        raise NoFit
    return {"k": draw(st.integers(-3, 3)), "function": draw(st.booleans())}


def _diagonal_static(draw: Any, shapes: Any) -> dict[str, Any]:
    ndim = len(shapes[0])
    if ndim < 2:
        raise NoFit
    dims = draw(st.lists(st.integers(-ndim, ndim - 1), min_size=2, max_size=2,
                         unique_by=lambda a: a % ndim))
    return {"offset": draw(st.integers(-3, 3)), "axis1": dims[0], "axis2": dims[1],
            "form": draw(st.sampled_from(["dim", "axis", "function"]))}


def _diagonal(x: Any, offset: int, axis1: int, axis2: int, form: str) -> Any:
    if form == "function":
        return autograd.diagonal(x, offset, axis1, axis2)
    if form == "axis":
        return x.diagonal(offset, axis1=axis1, axis2=axis2)
    return x.diagonal(offset, dim1=axis1, dim2=axis2)


def _trace_static(draw: Any, shapes: Any) -> dict[str, Any]:
    kwargs = _diagonal_static(draw, shapes)
    if kwargs.pop("form") == "dim" or len(shapes[0]) == 2 and draw(st.booleans()):
        return {"function": draw(st.booleans())}  # a matrix's trace, as torch.trace
    return {**kwargs, "function": draw(st.booleans())}


def _trace(x: Any, function: bool, **kw: Any) -> Any:
    return autograd.trace(x, **kw) if function else x.trace(**kw)


register(
    OpSpec("gather", _gather, _ref_gather, shapes=same(1), static=_along_static,
           api=("gather", "autograd.gather")),
    OpSpec("take_along_dim", _take_along,
           lambda x, indices, dim, form: np.take_along_axis(x, indices, dim),
           static=_take_along_static,
           api=("take_along_dim", "autograd.take_along_dim", "autograd.take_along_axis")),
    OpSpec("take", _take, lambda x, index, axis, function: np.take(x, index, axis),
           static=_take_static, api=("take", "autograd.take")),
    OpSpec("index_select", _index_select,
           lambda x, dim, index, form: np.take(x, index.reshape(-1), axis=dim),
           shapes=same(1), static=_index_select_static,
           api=("index_select", "autograd.index_select")),
    OpSpec("scatter", _scatter, _ref_scatter, arity=2, shapes=_scatter_shapes,
           static=_scatter_static, api=("scatter", "autograd.scatter")),
    OpSpec("scatter_value", _scatter_value,
           lambda x, dim, index, form, value, reduce, keyword: _ref_scatter(
               x, value, dim % x.ndim, index, reduce=reduce),
           shapes=same(1), static=_scatter_value_static, api=("scatter",)),
    OpSpec("scatter_add_along", _scatter_add,
           lambda x, src, dim, index, form: _ref_scatter(x, src, dim % x.ndim, index,
                                                         reduce="add"),
           arity=2, shapes=_scatter_shapes, static=lambda draw, shapes: _along_static(
               draw, shapes, src=True), api=("scatter_add", "autograd.scatter_add")),
    OpSpec("masked_fill", _masked_fill,
           lambda x, mask, value, function: np.where(mask, value, x),
           static=_mask_static, api=("masked_fill", "autograd.masked_fill")),
    OpSpec("masked_fill_tensor", lambda x, v, mask: x.masked_fill(mask, v),
           lambda x, v, mask: np.where(mask, v, x),
           arity=2, shapes=lambda draw, arity: (draw(hnp.array_shapes(min_dims=0)), ()),
           static=lambda draw, shapes: {"mask": draw(hnp.arrays(bool, shapes[0]))},
           graphs=False),
    OpSpec("masked_select", _masked_select, _ref_masked_select, static=_mask_static,
           api=("masked_select", "autograd.masked_select")),
    OpSpec("nonzero", _nonzero, lambda x, form: x[np.nonzero(np.maximum(x, 0))],
           domain=OFF_ZERO, kinks="nonzero(relu(x)) changes where x = 0",
           shapes=same(1), static=lambda draw, shapes: {"form": draw(st.sampled_from(
               ["nonzero", "as_tuple", "argwhere", "where", "function"]))},
           api=("nonzero", "argwhere", "autograd.nonzero", "autograd.argwhere",
                "autograd.where")),
    OpSpec("one_hot", lambda x, labels, num_classes, form: x * autograd.one_hot(
        _index_as(labels, form), num_classes), _ref_one_hot, shapes=same(1, min_side=1),
        static=_one_hot_static,
        api=("autograd.one_hot",)),
    OpSpec("tril", _triangle, lambda x, which, k, form: getattr(np, which)(x, k),
           shapes=same(2), static=_triangle_static,
           api=("tril", "triu", "autograd.tril", "autograd.triu")),
    OpSpec("diag", lambda x, k, function: autograd.diag(x, k=k) if function else x.diag(k),
           lambda x, k, function: np.diag(x, k), shapes=same(1, 2), static=_diag_static,
           api=("diag", "autograd.diag")),
    OpSpec("diagonal", _diagonal, lambda x, offset, axis1, axis2, form: np.diagonal(
        x, offset, axis1, axis2), shapes=same(2), static=_diagonal_static,
        api=("diagonal", "autograd.diagonal")),
    OpSpec("trace", _trace, lambda x, function, **kw: np.trace(x, **kw),
           shapes=same(2), static=_trace_static, api=("trace", "autograd.trace")),
)
