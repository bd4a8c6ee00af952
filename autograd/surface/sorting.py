"""Tensor's sorting and order statistics: sort argsort topk median mode.

The order is PyTorch's: NaN is the largest value, and ties keep their original order (every
sort here is stable, so `stable=False`, which allows any order of ties, gets this one too).
Values are picked from the Tensor by index, so their gradient goes to the positions they
came from. Ops that give values and indices give PyTorch's `(values, indices)`; where numpy
has the op too, its keyword decides: `x.sort(axis=0)` is numpy's sorted values,
`x.median(axis=0)` numpy's median (the mean of the two middle values).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .. import ops
from ..arguments import _UNSET, Axis, axes, choice, count, flag, index_result, integer, shown
from ..arguments import axis as one_axis
from ..node import make_node


class ValuesIndices(NamedTuple):
    """What max(dim=), min(dim=), sort, topk, median(dim=) and mode return (PyTorch's
    torch.return_types)."""

    values: Any
    indices: Any  # an int64 Tensor


_KINDS = (None, "quicksort", "mergesort", "heapsort", "stable")


def sort_order(data: np.ndarray, axis_: int, descending: bool = False) -> np.ndarray:
    """The indices that sort `data` along `axis_`: stable, NaN the largest (PyTorch's order;
    numpy's argsort puts NaN last too, but a descending sort by -x would too)."""
    if not descending:
        return np.argsort(data, axis=axis_, kind="stable")
    return np.lexsort((-data, ~np.isnan(data)), axis=axis_)  # last key first: NaN, then -x


def take(x: Any, indices: np.ndarray, axis_: int) -> Any:
    """x's values at `indices` along `axis_` (np.take_along_axis, for a node)."""
    grids = np.indices(indices.shape, sparse=True)
    along = axis_ % x.ndim
    return x[tuple(indices if a == along else grids[a] for a in range(x.ndim))]


class Sorting:
    """Tensor methods (mixed into Tensor through Reductions)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]
    data: np.ndarray

    def sort(self, dim: int | None = None, descending: bool = False, stable: bool = False, *,
             axis: Any = _UNSET, kind: str | None = None) -> Any:
        """PyTorch's sort: (values, indices) along dim (-1 by default), ascending unless
        descending=True, NaN the largest. With axis= (numpy's np.sort), the values alone;
        axis=None sorts the flattened Tensor."""
        _check_kind("sort", kind)
        descending = flag(descending, "descending", "sort")
        flag(stable, "stable", "sort")
        x, along = self._sortable("sort", axis, dim)
        if x.ndim == 0:
            result = ValuesIndices(x * 1.0, index_result(np.zeros((), np.int64), self._family))
        else:
            order = sort_order(x.data, along, descending)
            result = ValuesIndices(take(x, order, along), index_result(order, self._family))
        return result.values if axis is not _UNSET else result

    def argsort(self, axis: Any = _UNSET, kind: str | None = None, *, dim: int | None = None,
                descending: bool = False, stable: bool | None = None) -> Any:
        """Indices that sort along an axis (-1 by default; axis=None: of the flattened
        Tensor), as numpy's argsort and PyTorch's: an int64 Tensor (indices have no
        gradient)."""
        _check_kind("argsort", kind)
        descending = flag(descending, "descending", "argsort")
        if stable is not None:
            flag(stable, "stable", "argsort")
        x, along = self._sortable("argsort", axis, dim)
        if x.ndim == 0:
            return index_result(np.zeros((), np.int64), self._family)
        return index_result(sort_order(x.data, along, descending), self._family)

    def topk(self, k: int, dim: int = -1, largest: bool = True,
             sorted: bool = True) -> ValuesIndices:  # noqa: A002 (PyTorch's name)
        """The k largest values along dim (the smallest with largest=False) and their
        indices, largest first (always sorted; ties: the lower index first)."""
        k = integer(k, "k", "topk")
        largest = flag(largest, "largest", "topk")
        flag(sorted, "sorted", "topk")
        along = one_axis(dim, self.ndim, "topk", "dim")
        size = self.shape[along] if self.ndim else 1
        if not 0 <= k <= size:
            raise ValueError(f"topk: k={k} is out of range for dim {dim} of size {size} "
                             f"(a Tensor of shape {self.shape}): expected 0 <= k <= {size}")
        if self.ndim == 0:  # PyTorch's: the value itself, for k = 0 as for k = 1
            return ValuesIndices(self * 1.0, index_result(np.zeros((), np.int64), self._family))
        order = np.take(sort_order(self.data, along, largest), np.arange(k), axis=along)
        return ValuesIndices(take(self, order, along), index_result(order, self._family))

    def median(self, dim: int | None = None, keepdim: bool | None = None, *,
               axis: Axis = _UNSET, keepdims: bool | None = None) -> Any:
        """PyTorch's median: the lower of the two middle values (no averaging); NaN if any
        value is NaN. With no dim, of all values (ties share the gradient); with dim=, the
        (values, indices) along it. With axis= or keepdims= (numpy's np.median): the mean
        of the two middle values, over an int or tuple of axes (None: all)."""
        if axis is not _UNSET or keepdims is not None:
            if dim is not None or keepdim is not None:
                raise TypeError(f"median: got numpy's axis=/keepdims= and PyTorch's "
                                f"dim=/keepdim= (dim={dim!r}, keepdim={keepdim!r}, axis="
                                f"{axis!r}, keepdims={keepdims!r}); pass one kind"[:300])
            kept = keepdims is not None and flag(keepdims, "keepdims", "median")
            return self._numpy_median(None if axis is _UNSET else axis, kept)
        if dim is None:
            if keepdim is not None:
                flag(keepdim, "keepdim", "median")
                raise TypeError(f"median: keepdim={keepdim!r} needs dim= (PyTorch's "
                                "median(dim, keepdim))")
            return self._median_of_all()
        along = one_axis(dim, self.ndim, "median", "dim")
        keepdim = keepdim is not None and flag(keepdim, "keepdim", "median")
        if self.ndim == 0:
            return ValuesIndices(self * 1.0, index_result(np.zeros((), np.int64), self._family))
        _nonempty("median", self.shape, (along,))
        order = sort_order(self.data, along)
        picked = np.take_along_axis(order, _middle(self.data, along, low=True), along)
        values = take(self, picked, along)
        if not keepdim:
            values, picked = values.squeeze(along), picked.squeeze(along)
        return ValuesIndices(values, index_result(picked, self._family))

    def _median_of_all(self) -> Any:
        _nonempty("median", self.shape, None)
        flat = self.data.reshape(-1)
        m = flat[np.take(sort_order(flat, 0), _middle(flat, 0, low=True))[0]]
        if self.data.dtype.kind != "f":  # the value itself, in the Tensor's dtype (PyTorch)
            return make_node(self._family, np.asarray(m), (), "", ())
        ties = np.isnan(self.data) if np.isnan(m) else self.data == m
        # The max over the entries equal to m, the rest masked to -inf: max's rule shares the
        # gradient evenly between them (PyTorch's evenly_distribute_backward).
        return ops.reduce_max(ops.where(self, -np.inf, ties), None, False)

    def _numpy_median(self, axis_: Axis, keep: bool) -> Any:
        reduced = axes(axis_, self.ndim, "median")
        reduced = tuple(range(self.ndim)) if reduced is None else reduced
        _nonempty("median", self.shape, reduced)
        kept = tuple(a for a in range(self.ndim) if a not in reduced)
        moved = self.permute(kept + reduced) if self.ndim else self
        # The count itself, not -1: numpy cannot infer -1 beside a 0 (a (0, 3) Tensor).
        rows = moved.reshape(tuple(self.shape[a] for a in kept) + (count(self.shape, reduced),))
        order = sort_order(rows.data, -1)
        low = take(rows, np.take_along_axis(order, _middle(rows.data, -1, low=True), -1), -1)
        high = take(rows, np.take_along_axis(order, _middle(rows.data, -1, low=False), -1), -1)
        out = ((low + high) * 0.5).squeeze(-1)
        if keep:
            out = out.reshape(tuple(1 if a in reduced else n for a, n in enumerate(self.shape)))
        return out

    def mode(self, dim: int = -1, keepdim: bool = False) -> ValuesIndices:
        """PyTorch's mode: the most frequent value along dim (the smallest, if several are
        as frequent) and the index of its last occurrence; the gradient goes there."""
        along = one_axis(dim, self.ndim, "mode", "dim")
        keepdim = flag(keepdim, "keepdim", "mode")
        if self.ndim == 0:
            return ValuesIndices(self * 1.0, index_result(np.zeros((), np.int64), self._family))
        _nonempty("mode", self.shape, (along,))
        rows = np.moveaxis(self.data, along, -1)
        ordered = np.sort(rows, axis=-1)
        n = ordered.shape[-1]
        same = (ordered[..., 1:] == ordered[..., :-1]) | (
            np.isnan(ordered[..., 1:]) & np.isnan(ordered[..., :-1]))
        starts = np.concatenate([np.ones(same.shape[:-1] + (1,), bool), ~same], axis=-1)
        positions = np.arange(n)
        run_start = np.maximum.accumulate(np.where(starts, positions, 0), axis=-1)
        best = np.argmax(positions - run_start, axis=-1)[..., None]  # first longest run
        value = np.take_along_axis(ordered, best, -1)
        matches = (rows == value) | (np.isnan(rows) & np.isnan(value))
        last = np.max(np.where(matches, positions, -1), axis=-1, keepdims=True)
        picked = np.moveaxis(last, -1, along)
        values = take(self, picked, along)
        if not keepdim:
            values, picked = values.squeeze(along), picked.squeeze(along)
        return ValuesIndices(values, index_result(picked, self._family))

    def _sortable(self, name: str, axis_: Any, dim: Any) -> tuple[Any, int]:
        """The Tensor to sort (flattened for numpy's axis=None) and the axis, from either
        spelling."""
        if axis_ is not _UNSET and dim is not None:
            raise TypeError(f"{name}: got both axis= (numpy's name), {shown(axis_)}, and dim= "
                            f"(PyTorch's), {shown(dim)}; pass one")
        if axis_ is None:
            return self.reshape(-1), 0
        chosen = dim if dim is not None else (-1 if axis_ is _UNSET else axis_)
        return self, one_axis(chosen, self.ndim, name, "dim" if dim is not None else "axis")


def _middle(data: np.ndarray, axis_: int, low: bool) -> np.ndarray:
    """Where the median sits in the sorted order along axis_, kept as a size-1 axis: the
    lower (or upper) middle position, or the first NaN of a row that has one."""
    n = data.shape[axis_]
    nans = np.sum(np.isnan(data), axis=axis_, keepdims=True)
    return np.where(nans > 0, n - nans, (n - 1) // 2 if low else n // 2)


def _nonempty(name: str, shape: tuple[int, ...], reduced: tuple[int, ...] | None) -> None:
    if count(shape, reduced) == 0:
        where = "" if reduced is None else f" along axes {reduced}"
        raise ValueError(f"{name}: no values{where} of a Tensor of shape {shape}: "
                         "the median or mode of nothing is undefined")


def _check_kind(name: str, kind: Any) -> None:
    choice(kind, "kind", name, _KINDS)

