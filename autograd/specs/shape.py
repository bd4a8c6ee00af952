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
    OpSpec("swapaxes", lambda x, axis1, axis2: x.swapaxes(axis1, axis2), np.swapaxes,
           shapes=same(1), static=swap_static, api=("swapaxes",)),
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
