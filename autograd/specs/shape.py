"""Spec rows: shape and indexing, and the primitives only derivative rules call."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import autograd
from autograd import ops

from .core import OpSpec, register, same
from .draw import (
    concat_shapes,
    concat_static,
    expand_static,
    flatten_static,
    index_static,
    permutation_static,
    reshape_static,
    squeeze_static,
    stack_static,
    sum_to_static,
    swap_static,
    unsqueeze_static,
)


def _star(f: Any, shape: tuple[int, ...], star: bool) -> Any:
    return f(*shape) if star else f(shape)


def _ref_transpose(x: np.ndarray, axes: tuple[int, ...], form: str) -> np.ndarray:
    if form == "star" and len(axes) == 2:  # transpose(a, b) swaps, as in PyTorch
        return np.swapaxes(x, *axes)
    return np.transpose(x) if form == "none" else np.transpose(x, axes)


def _transpose(x: Any, axes: tuple[int, ...], form: str, method: str = "transpose") -> Any:
    f = getattr(x, method)
    if form == "none" and method == "transpose":
        return f()
    return f(*axes) if form != "tuple" else f(axes)


def _ref_flatten(x: np.ndarray, start_dim: int = 0, end_dim: int = -1) -> np.ndarray:
    if x.ndim == 0:
        return x.reshape(1)
    start, end = start_dim % x.ndim, end_dim % x.ndim
    return x.reshape(x.shape[:start] + (int(np.prod(x.shape[start:end + 1])),)
                     + x.shape[end + 1:])


def _ref_sum_to(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    lead = x.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                      if n == 1 and x.shape[lead + i] != 1)
    return np.sum(x, axis=axes).reshape(shape)


def _ref_scatter(x: np.ndarray, index: Any, shape: tuple[int, ...]) -> np.ndarray:
    full = np.zeros(shape)
    np.add.at(full, index, x)
    return full


def _swap_static(draw: Any, shapes: Any) -> dict[str, Any]:
    names = ["swapaxes", "swapdims", "autograd.swapaxes", "autograd.swapdims"]
    return {**swap_static(draw, shapes), "name": draw(st.sampled_from(names))}


def _swapaxes(x: Any, axis1: int, axis2: int, name: str) -> Any:
    if name.startswith("autograd."):
        return getattr(autograd, name[len("autograd."):])(x, axis1, axis2)
    return getattr(x, name)(axis1, axis2)


def _squeeze_static(draw: Any, shapes: Any) -> dict[str, Any]:
    """numpy's axis= (size-1 axes only), or PyTorch's dim= (any dims: those of another size
    stay); as a method or as the function."""
    function = draw(st.booleans())
    ndim = len(shapes[0])
    if ndim == 0 or draw(st.booleans()):
        return {**squeeze_static(draw, shapes), "function": function}
    dims = draw(st.lists(st.integers(-ndim, ndim - 1), min_size=1, max_size=ndim,
                         unique_by=lambda a: a % ndim))
    return {"dim": dims[0] if len(dims) == 1 else tuple(dims), "function": function}


def _squeeze(x: Any, function: bool, **kw: Any) -> Any:
    return autograd.squeeze(x, **kw) if function else x.squeeze(**kw)


def _ref_squeeze(x: np.ndarray, function: bool, **kw: Any) -> np.ndarray:
    if "dim" not in kw:
        return np.squeeze(x, **kw)
    dims = (kw["dim"],) if isinstance(kw["dim"], int) else kw["dim"]
    return np.squeeze(x, tuple(d for d in dims if x.shape[d] == 1))


def _unsqueeze_static(draw: Any, shapes: Any) -> dict[str, Any]:
    forms = ["method", "dim", "function", "expand_dims"]
    return {**unsqueeze_static(draw, shapes), "form": draw(st.sampled_from(forms))}


def _unsqueeze(x: Any, axis: int, form: str) -> Any:
    calls = {"method": lambda: x.unsqueeze(axis), "dim": lambda: x.unsqueeze(dim=axis),
             "function": lambda: autograd.unsqueeze(x, axis),
             "expand_dims": lambda: autograd.expand_dims(x, axis)}
    return calls[form]()


register(
    OpSpec("reshape", lambda x, shape, star: _star(x.reshape, shape, star),
           lambda x, shape, star: np.reshape(x, shape), static=reshape_static,
           api=("reshape",)),
    OpSpec("view", lambda x, shape, star: _star(x.view, shape, star),
           lambda x, shape, star: np.reshape(x, shape), static=reshape_static, api=("view",)),
    OpSpec("transpose", _transpose, _ref_transpose, static=permutation_static,
           api=("transpose",)),
    OpSpec("permute", lambda x, axes, form: _transpose(x, axes, form, "permute"),
           lambda x, axes, form: np.transpose(x, axes), static=permutation_static,
           api=("permute",)),
    OpSpec("T", lambda x: x.T, np.transpose, api=("T",)),
    OpSpec("swapaxes", _swapaxes, lambda x, axis1, axis2, name: np.swapaxes(x, axis1, axis2),
           shapes=same(1), static=_swap_static,
           api=("swapaxes", "swapdims", "autograd.swapaxes", "autograd.swapdims")),
    OpSpec("flatten", lambda x, **kw: x.flatten(**kw), _ref_flatten, static=flatten_static,
           api=("flatten",)),
    OpSpec("broadcast_to", lambda x, shape, sizes: x.broadcast_to(shape),
           lambda x, shape, sizes: np.broadcast_to(x, shape), static=expand_static,
           api=("broadcast_to",)),
    OpSpec("expand", lambda x, shape, sizes: x.expand(*sizes),
           lambda x, shape, sizes: np.broadcast_to(x, shape), static=expand_static,
           api=("expand",)),
    OpSpec("squeeze", _squeeze, _ref_squeeze, shapes=same(max_side=2), static=_squeeze_static,
           api=("squeeze", "autograd.squeeze")),
    OpSpec("unsqueeze", _unsqueeze, lambda x, axis, form: np.expand_dims(x, axis),
           static=_unsqueeze_static,
           api=("unsqueeze", "autograd.unsqueeze", "autograd.expand_dims")),
    OpSpec("getitem", lambda x, index: x[index], lambda x, index: x[index],
           shapes=same(1), static=index_static, api=("__getitem__",)),
    OpSpec("iterate", lambda x: autograd.stack(list(x)) if len(x) else x * 1.0,
           lambda x: x * 1.0, shapes=same(1, min_side=0), api=("__iter__",)),
    OpSpec("concatenate", lambda *xs, axis: autograd.concatenate(list(xs), axis=axis),
           lambda *xs, axis: np.concatenate(xs, axis=axis), arity=3, shapes=concat_shapes,
           static=concat_static, api=("autograd.concatenate",)),
    OpSpec("cat", lambda x, y, axis: autograd.cat([x, y], dim=axis),
           lambda x, y, axis: np.concatenate([x, y], axis), arity=2, shapes=concat_shapes,
           static=concat_static, api=("autograd.cat",)),
    OpSpec("stack", lambda *xs, axis: autograd.stack(list(xs), axis=axis),
           lambda *xs, axis: np.stack(xs, axis=axis), arity=3, static=stack_static,
           api=("autograd.stack",)),
    # primitives that only derivative rules call, tested directly so each has a row
    OpSpec("sum_to", lambda x, shape: ops.sum_to(x, shape), _ref_sum_to, static=sum_to_static),
    OpSpec("scatter_add", lambda x, index: ops.scatter_add(x, index, (4, 2)),
           lambda x, index: _ref_scatter(x, index, (4, 2)),
           shapes=lambda draw, arity: ((3, 2),),
           static=lambda draw, shapes: {"index": np.array(draw(st.lists(
               st.integers(-4, 3), min_size=3, max_size=3)))}, graphs=False),
)
