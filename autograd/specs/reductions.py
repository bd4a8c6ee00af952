"""Spec rows: reductions (axes None, int, tuple, negative; keepdims), var and std in numpy's
and PyTorch's spellings, any and all, and the softmax family."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
from autograd import Tensor

from .core import GRID, KINK_MARGIN, NoFit, OpSpec, register, same
from .draw import (
    no_ties,
    nonempty_reduce_static,
    normal_axes,
    numpy_kw,
    one_axis,
    reduce_static,
    reductions,
    std_static,
    var_static,
)
from .spelling import either_way, ignoring_via, with_via


def _ref_log_softmax(x: np.ndarray, axis: int = -1, dim: int | None = None) -> np.ndarray:
    axis = axis if dim is None else dim
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _ref_logsumexp(x: np.ndarray, **kw: Any) -> np.ndarray:
    return np.log(np.sum(np.exp(x), **numpy_kw(kw)))


def _no_ties(x: Any, **kw: Any) -> bool:
    return no_ties(x, normal_axes(numpy_kw(kw).get("axis"), np.ndim(x)))


def _spread(x: Any, **kw: Any) -> bool:
    """Every reduced group's values differ (std's kink is at std = 0)."""
    return bool(np.all(np.std(x, axis=numpy_kw(kw).get("axis")) >= KINK_MARGIN))


def _one_axis(draw: Any, shapes: Any) -> dict[str, Any]:
    """One axis as dim= (PyTorch's max(dim=...), which gives values and indices)."""
    ndim = len(shapes[0])
    if 0 in shapes[0]:
        raise NoFit
    kwargs: dict[str, Any] = {"dim": draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))}
    if draw(st.booleans()):
        kwargs["keepdim"] = draw(st.booleans())
    return kwargs


def _torch_dims(draw: Any, shapes: Any) -> dict[str, Any]:
    """amax's and amin's dim (an int, a tuple, () or None: every axis) and keepdim."""
    ndim = len(shapes[0])
    every = [(), None]
    dims = every if ndim == 0 else [*every, draw(st.integers(-ndim, ndim - 1)), tuple(
        draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True)))]
    kwargs: dict[str, Any] = {"dim": draw(st.sampled_from(dims))}
    if draw(st.booleans()):
        kwargs["keepdim"] = draw(st.booleans())
    return kwargs


def _ref_torch_dims(reduce: Any) -> Any:
    def ref(x: np.ndarray, dim: Any = (), keepdim: bool = False) -> np.ndarray:
        return reduce(x, axis=None if dim in ((), None) else dim, keepdims=keepdim)
    return ref


def _ref_along(reduce: Any) -> Any:
    def ref(x: np.ndarray, dim: int, keepdim: bool = False) -> np.ndarray:
        return reduce(x, axis=dim if x.ndim else None, keepdims=keepdim and x.ndim > 0)
    return ref


def _any_ddof(numpy_static: Any) -> Any:
    """var's or std's arguments with ddof= spelled numpy's way or as PyTorch's correction=
    or unbiased=."""
    def draw_static(draw: Any, shapes: Any) -> dict[str, Any]:
        kwargs = numpy_static(draw, shapes)
        spelling = draw(st.sampled_from(["ddof", "correction", "unbiased"]))
        if "ddof" in kwargs and spelling != "ddof":
            ddof = kwargs.pop("ddof")
            kwargs[spelling] = bool(ddof) if spelling == "unbiased" else ddof
        return kwargs
    return draw_static


def _ref_any_ddof(reduce: Any) -> Any:
    def ref(x: np.ndarray, correction: int | None = None, unbiased: bool | None = None,
            ddof: int = 0, **kw: Any) -> np.ndarray:
        ddof = int(unbiased) if unbiased is not None else correction or ddof
        return reduce(x, ddof=ddof, **numpy_kw(kw))
    return ref


def _truth_of(x: Any, source: np.ndarray, op: str, via: str, **kw: Any) -> Any:
    """x times any(source) or all(source) over the axes (kept, to broadcast against x)."""
    if via == "method":
        truth = getattr(Tensor(source), op)(**kw, keepdims=True)
    else:
        truth = getattr(autograd, op)(source, **kw, keepdims=True)
    return x * truth


def _ref_truth(x: np.ndarray, source: np.ndarray, op: str, via: str, **kw: Any) -> np.ndarray:
    axis = kw.get("axis", kw.get("dim"))  # (PyTorch's any(dim=()) reduces none, as numpy's)
    return x * getattr(np, op)(source, axis=axis if x.ndim else None, keepdims=True)


def _truth_static(draw: Any, shapes: Any) -> dict[str, Any]:
    """Axes, and the constant array any or all reads, zeros in it often, so every answer
    comes up. (A Tensor's own zeros would flip the answer under a central difference's
    step.) NaN, which counts as true, is in tests/test_reductions.py: an Expression with
    it would not print as code."""
    kwargs = reduce_static(draw, shapes)
    kwargs = {key: value for key, value in kwargs.items() if key in ("axis", "dim")}
    kwargs["source"] = draw(hnp.arrays(np.float64, shapes[0],
                                       elements=st.sampled_from([0.0, 0.0, 1.0, -2.5])))
    kwargs["op"] = draw(st.sampled_from(["any", "all"]))
    return kwargs


register(
    OpSpec("sum", either_way("sum"), ignoring_via(lambda x, **kw: np.sum(x, **numpy_kw(kw))),
           static=with_via(reduce_static), api=("sum", "autograd.sum")),
    OpSpec("mean", either_way("mean"),
           ignoring_via(lambda x, **kw: np.mean(x, **numpy_kw(kw))), shapes=same(min_side=1),
           static=with_via(nonempty_reduce_static), api=("mean", "autograd.mean")),
    OpSpec("var", lambda x, **kw: x.var(**kw), _ref_any_ddof(np.var),
           shapes=same(min_side=1), static=_any_ddof(var_static), api=("var",)),
    OpSpec("std", lambda x, **kw: x.std(**kw), _ref_any_ddof(np.std), domain=GRID,
           kinks="sqrt'(0): every reduced group holds two or more distinct values",
           shapes=same(1, min_side=2, max_side=3), static=_any_ddof(std_static), unique=True,
           safe=_spread, api=("std",)),
    OpSpec("max", either_way("max"), ignoring_via(lambda x, **kw: np.max(x, **kw)),
           domain=GRID, kinks="ties for the largest value", shapes=same(min_side=1, max_side=3),
           static=with_via(reductions(torch=False, nonempty=True)), unique=True,
           safe=ignoring_via(_no_ties), api=("max", "autograd.max")),
    OpSpec("min", either_way("min"), ignoring_via(lambda x, **kw: np.min(x, **kw)),
           domain=GRID, kinks="ties for the smallest value", shapes=same(min_side=1, max_side=3),
           static=with_via(reductions(torch=False, nonempty=True)), unique=True,
           safe=ignoring_via(_no_ties), api=("min", "autograd.min")),
    OpSpec("max_dim", either_way("max", lambda out: out.values), ignoring_via(_ref_along(np.max)),
           domain=GRID, kinks="ties for the largest value", shapes=same(min_side=1, max_side=3),
           static=with_via(_one_axis), unique=True, safe=ignoring_via(_no_ties),
           api=("max", "autograd.max")),
    OpSpec("min_dim", either_way("min", lambda out: out.values), ignoring_via(_ref_along(np.min)),
           domain=GRID, kinks="ties for the smallest value", shapes=same(min_side=1, max_side=3),
           static=with_via(_one_axis), unique=True, safe=ignoring_via(_no_ties),
           api=("min", "autograd.min")),
    OpSpec("amax", either_way("amax"), ignoring_via(_ref_torch_dims(np.max)), domain=GRID,
           kinks="ties for the largest value (they share the gradient)",
           shapes=same(min_side=1, max_side=3), static=with_via(_torch_dims), unique=True,
           safe=ignoring_via(lambda x, dim=(), keepdim=False: _no_ties(
               x, axis=None if dim in ((), None) else dim)), api=("amax", "autograd.amax")),
    OpSpec("amin", either_way("amin"), ignoring_via(_ref_torch_dims(np.min)), domain=GRID,
           kinks="ties for the smallest value (they share the gradient)",
           shapes=same(min_side=1, max_side=3), static=with_via(_torch_dims), unique=True,
           safe=ignoring_via(lambda x, dim=(), keepdim=False: _no_ties(
               x, axis=None if dim in ((), None) else dim)), api=("amin", "autograd.amin")),
    OpSpec("logsumexp", either_way("logsumexp"), ignoring_via(_ref_logsumexp),
           shapes=same(min_side=1), static=with_via(nonempty_reduce_static),
           api=("logsumexp", "autograd.logsumexp")),
    OpSpec("softmax", lambda x, **kw: x.softmax(**kw),
           lambda x, **kw: np.exp(_ref_log_softmax(x, **kw)), shapes=same(1, min_side=1),
           static=one_axis, api=("softmax",)),
    OpSpec("log_softmax", lambda x, **kw: x.log_softmax(**kw), _ref_log_softmax,
           shapes=same(1, min_side=1), static=one_axis, api=("log_softmax",)),
    OpSpec("prod", either_way("prod"),
           ignoring_via(lambda x, **kw: np.prod(x, **numpy_kw(kw))),
           static=with_via(reduce_static), api=("prod", "autograd.prod")),
    # any and all give boolean arrays (no gradient): a row multiplies x by their answer for
    # a constant Tensor of x's shape.
    OpSpec("any_all", _truth_of, _ref_truth, static=with_via(_truth_static),
           api=("any", "all", "autograd.any", "autograd.all")),
)
