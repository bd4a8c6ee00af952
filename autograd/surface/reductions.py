"""Tensor's reductions: sum mean prod var std max min argmax argmin any all logsumexp, and
softmax; with the scans (surface/scans.py), sorting (surface/sorting.py), norms
(surface/norms.py), order statistics (kthvalue, cummax, cummin, aminmax:
surface/order_stats.py), count_nonzero, nansum, nanmean and diff (surface/statistics.py)
and unique (surface/unique.py) mixed in.

Each takes numpy's spelling or PyTorch's: `axis=` or `dim=` (None: all axes; an int or a
tuple, negative ones counting from the end) and `keepdims=` or `keepdim=`. Where the two
libraries disagree the keyword decides: `x.max(dim=1)` is PyTorch's (values, indices),
`x.max(axis=1)` (or `x.max(1)`) numpy's values; `x.var(ddof=1)` is numpy's,
`x.var(correction=1)` and `x.var(unbiased=True)` PyTorch's (the default stays numpy's ddof=0).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import (
    Axis,
    axes,
    axis,
    count,
    either_named,
    flag,
    index_result,
    keep,
    pytorch_dim,
    real,
)
from ..dtypes import cast_input, get_default_dtype
from .norms import Norms
from .order_stats import OrderStatistics
from .scans import Scans
from .sorting import Sorting, ValuesIndices
from .statistics import Statistics
from .unique import Unique


class Reductions(Scans, Sorting, Norms, OrderStatistics, Statistics, Unique):
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]
    data: np.ndarray

    def _reduced(self, op: str, axis: Any, dim: Any, keepdims: Any, keepdim: Any
                 ) -> tuple[tuple[int, ...] | None, bool]:
        """The axes (sorted, non-negative, or None for all) and keepdims, from either
        spelling."""
        if axis is None and dim is None and keepdims is None and keepdim is None:
            return None, False  # every axis, none kept (a loss's call): nothing to check
        chosen, name = either_named(op, "axis", axis, "dim", pytorch_dim(dim), None)
        return axes(chosen, self.ndim, op, name), keep(op, keepdims, keepdim)

    def sum(self, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
            keepdim: bool | None = None, dtype: Any = None) -> Any:
        """The sum over axis/dim (None: all), cast to dtype first if given (PyTorch's)."""
        reduced, kept = self._reduced("sum", axis, dim, keepdims, keepdim)
        x = self if dtype is None else cast_input(self, dtype, "sum")
        return ops.reduce_sum(x, reduced, kept)

    def mean(self, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
             keepdim: bool | None = None, dtype: Any = None) -> Any:
        """The mean over axis/dim (None: all), cast to dtype first if given (PyTorch's)."""
        reduced, kept = self._reduced("mean", axis, dim, keepdims, keepdim)
        x = self if dtype is None else cast_input(self, dtype, "mean")
        return ops.reduce_mean(x, reduced, kept)

    def prod(self, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
             keepdim: bool | None = None, dtype: Any = None) -> Any:
        """The product of the values; its gradient (the product of the others) is exact
        where some are zero. Cast to dtype first if given (PyTorch's)."""
        reduced, kept = self._reduced("prod", axis, dim, keepdims, keepdim)
        x = self if dtype is None else cast_input(self, dtype, "prod")
        return ops.reduce_prod(x, reduced, kept)

    def var(self, axis: Axis = None, keepdims: bool | None = None, ddof: float | None = None,
            *, dim: Axis = None, keepdim: bool | None = None, correction: float | None = None,
            unbiased: bool | None = None) -> Any:
        """The variance, sum((x - mean)^2) / (n - ddof). numpy's ddof=0 by default; ddof=
        (numpy's), correction= or unbiased= (PyTorch's, whose default is 1) set it."""
        reduced, kept = self._reduced("var", axis, dim, keepdims, keepdim)
        ddof = _ddof("var", ddof, correction, unbiased)
        centred = self - self.mean(reduced, keepdims=True)
        # At most as many degrees of freedom as values: numpy's inf (or nan), never a
        # negative variance.
        n = max(count(self.shape, reduced) - ddof, 0)
        return (centred * centred).sum(reduced, kept) / n

    def std(self, axis: Axis = None, keepdims: bool | None = None, ddof: float | None = None,
            *, dim: Axis = None, keepdim: bool | None = None, correction: float | None = None,
            unbiased: bool | None = None) -> Any:
        """sqrt(var), with var's ddof=, correction= or unbiased=; its gradient is 0 where the
        values are all equal (as PyTorch), not sqrt'(0) * 0."""
        reduced, kept = self._reduced("std", axis, dim, keepdims, keepdim)
        return ops.std(self, reduced, kept, _ddof("std", ddof, correction, unbiased))

    def max(self, axis: Axis = None, keepdims: bool | None = None, *, dim: int | None = None,
            keepdim: bool | None = None) -> Any:
        """numpy's amax; with dim= (one axis), PyTorch's (values, indices)."""
        return self._extremum("max", ops.reduce_max, np.argmax, axis, dim, keepdims, keepdim)

    def min(self, axis: Axis = None, keepdims: bool | None = None, *, dim: int | None = None,
            keepdim: bool | None = None) -> Any:
        """numpy's amin; with dim= (one axis), PyTorch's (values, indices)."""
        return self._extremum("min", ops.reduce_min, np.argmin, axis, dim, keepdims, keepdim)

    def amax(self, dim: Axis = None, keepdim: bool = False) -> Any:
        """PyTorch's amax: the largest values over dim (an int or a tuple; () or None: every
        axis), ties sharing the gradient; never indices (numpy's np.amax is x.max(axis))."""
        return self._amax_or_amin("amax", ops.reduce_max, dim, keepdim)

    def amin(self, dim: Axis = None, keepdim: bool = False) -> Any:
        """PyTorch's amin: the smallest values over dim, ties sharing the gradient."""
        return self._amax_or_amin("amin", ops.reduce_min, dim, keepdim)

    def _amax_or_amin(self, name: str, op: Any, dim: Any, keepdim: Any) -> Any:
        reduced, kept = self._reduced(name, None, dim, None, flag(keepdim, "keepdim", name))
        if self.size == 0 and (reduced is None or any(self.shape[i] == 0 for i in reduced)):
            raise ValueError(f"{name}: cannot reduce over an axis of size 0 (shape "
                             f"{self.shape}, dim {dim}), as PyTorch")
        return op(self, reduced, kept)

    def _extremum(self, name: str, op: Any, arg: Any, axis_: Any, dim: Any, keepdims: Any,
                  keepdim: Any) -> Any:
        reduced, kept = self._reduced(name, axis_, dim, keepdims, keepdim)
        if dim is None:
            return op(self, reduced, kept)
        if self.ndim == 0:
            axis(dim, 0, name)
            return ValuesIndices(self * 1.0, index_result(np.zeros((), np.int64), self._family))
        # PyTorch's max(dim): the value at the index argmax picks, so the gradient goes to
        # that one entry (amax, with axis=, shares it between ties).
        one = axis(dim, self.ndim, name)
        _nonempty(name, self.shape, one)
        picked = arg(self.data, axis=one, keepdims=True)
        grids = np.indices(picked.shape, sparse=True)
        values = self[tuple(picked if a == one else grids[a] for a in range(self.ndim))]
        if not kept:
            values, picked = values.squeeze(one), picked.squeeze(one)
        return ValuesIndices(values, index_result(picked, self._family))

    def argmax(self, axis: int | None = None, keepdims: bool | None = None, *,
               dim: int | None = None, keepdim: bool | None = None) -> Any:
        """Indices of the largest values: an int64 Tensor (indices have no gradient)."""
        return self._arg("argmax", np.argmax, axis, dim, keepdims, keepdim)

    def argmin(self, axis: int | None = None, keepdims: bool | None = None, *,
               dim: int | None = None, keepdim: bool | None = None) -> Any:
        """Indices of the smallest values: an int64 Tensor (indices have no gradient)."""
        return self._arg("argmin", np.argmin, axis, dim, keepdims, keepdim)

    def _arg(self, name: str, arg: Any, axis_: Any, dim: Any, keepdims: Any, keepdim: Any
             ) -> Any:
        chosen, called = either_named(name, "axis", axis_, "dim", dim, None)
        kept = keep(name, keepdims, keepdim)
        one = None if chosen is None else axis(chosen, self.ndim, name, called)
        if self.ndim == 0:  # a bad axis is an error on a 0-d Tensor too; a good one is all
            one = None
        if self.data.size == 0:
            _nonempty(name, self.shape, one)
        return index_result(arg(self.data, axis=one, keepdims=kept), self._family)

    def logsumexp(self, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
                  keepdim: bool | None = None) -> Any:
        reduced, kept = self._reduced("logsumexp", axis, dim, keepdims, keepdim)
        x = self if self.data.dtype.kind in "fc" else self.astype(get_default_dtype())
        return ops.logsumexp(x, reduced, kept)  # (an integer Tensor's in the default float)

    def softmax(self, axis: int | None = None, *, dim: int | None = None,
                dtype: Any = None) -> Any:
        """softmax along one axis (the last by default), cast to dtype first if given."""
        x = self if dtype is None else cast_input(self, dtype, "softmax")
        return x._along("softmax", ops.softmax, axis, dim)

    def log_softmax(self, axis: int | None = None, *, dim: int | None = None,
                    dtype: Any = None) -> Any:
        """log(softmax), computed stably along one axis (the last by default), cast to
        dtype first if given."""
        x = self if dtype is None else cast_input(self, dtype, "log_softmax")
        return x._along("log_softmax", ops.log_softmax, axis, dim)

    def _along(self, name: str, op: Any, axis_: Any, dim: Any) -> Any:
        data = self.data
        ndim = data.ndim
        if data.dtype.kind != "f":
            raise TypeError(f"{name}: needs a floating-point Tensor, got {data.dtype} (as "
                            "PyTorch, which has no integer softmax); cast it first (.double())")
        if dim is None and type(axis_) is int and -ndim <= axis_ < ndim:
            return op(self, axis_ % ndim)  # an axis in range (a loss's -1): nothing to check
        chosen, called = either_named(name, "axis", axis_, "dim", dim, -1)
        one = axis(chosen, self.ndim, name, called)
        if self.ndim == 0:  # one value along its one (implicit) axis, as PyTorch
            return op(self.reshape(1), 0).reshape(())
        return op(self, one)


def _nonempty(name: str, shape: tuple[int, ...], one: int | None) -> None:
    """PyTorch's IndexError for an index of nothing: argmax, argmin, max(dim), min(dim) of
    an empty Tensor with no dim, or along a dim of size 0 (the other dims may be empty)."""
    if one is None and 0 in shape:
        raise IndexError(f"{name}: Expected reduction dim to be specified for input.numel() "
                         f"== 0 (a Tensor of shape {shape} has no values to index)")
    if one is not None and shape[one] == 0:
        raise IndexError(f"{name}: Expected reduction dim {one} to have non-zero size (a "
                         f"Tensor of shape {shape})")


def _ddof(op: str, ddof: Any, correction: Any, unbiased: Any) -> Any:
    """The degrees of freedom taken off n, from numpy's ddof= or PyTorch's correction= or
    unbiased= (one of them; none: numpy's 0)."""
    given = [f"{name}={value!r}" for name, value in (("ddof", ddof), ("correction", correction),
                                                    ("unbiased", unbiased)) if value is not None]
    if len(given) > 1:
        raise TypeError(f"{op}: got {' and '.join(given)}; pass one (ddof= is numpy's, "
                        "correction= and unbiased= PyTorch's)"[:300])
    if unbiased is not None:
        return int(flag(unbiased, "unbiased", op))
    if correction is None and ddof is None:
        return 0
    chosen = real(ddof if correction is None else correction,
                  "ddof" if correction is None else "correction", op)
    return int(chosen) if chosen.is_integer() else chosen
