"""Tensor's order statistics beyond sorting: kthvalue, cummax, cummin, aminmax (PyTorch's).

Each picks values out of the Tensor, so its gradient goes back to where they came from:
kthvalue's and cummax's to the index returned (a running maximum that holds for several
steps gets the gradient of each), aminmax's shared evenly between tied extremes (amin's
and amax's rule). NaN is the largest value, as in sorting.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .. import ops
from ..arguments import axis as one_axis
from ..arguments import flag, index_result, integer
from .sorting import ValuesIndices, sort_order, take


class MinMax(NamedTuple):
    """What aminmax returns (PyTorch's torch.return_types.aminmax)."""

    min: Any
    max: Any


class OrderStatistics:
    """Tensor methods (mixed into Tensor through Reductions)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]
    data: np.ndarray
    _family: type
    clone: Any

    def kthvalue(self, k: int, dim: int | None = None, keepdim: bool = False) -> ValuesIndices:
        """PyTorch's kthvalue: the k-th smallest value along dim (the last by default; k
        counts from 1) and its index. Where the k-th value is tied, the index is the one
        PyTorch's quickselect picks (not always the first), and the gradient goes there."""
        k = integer(k, "k", "kthvalue")
        along = one_axis(-1 if dim is None else dim, self.ndim, "kthvalue", "dim")
        keepdim = flag(keepdim, "keepdim", "kthvalue")
        size = self.shape[along] if self.ndim else 1
        if not 1 <= k <= size:
            raise ValueError(f"kthvalue: k={k} is out of range for dim {along} of size {size} "
                             f"(a Tensor of shape {self.shape}): expected 1 <= k <= {size}")
        if self.ndim == 0:
            return ValuesIndices(self.clone(), index_result(np.zeros((), np.int64),
                                                            self._family))
        rows = np.moveaxis(self.data, along, -1)
        picked = np.moveaxis(_kth_positions(rows, k - 1)[..., None], -1, along)
        values = take(self, picked, along)
        if not keepdim:
            values, picked = values.squeeze(along), picked.squeeze(along)
        return ValuesIndices(values, index_result(picked, self._family))

    def cummax(self, dim: int) -> ValuesIndices:
        """PyTorch's cummax: the running maximum along dim and where it was last reached
        (a tie moves the index on; a NaN is the maximum from there on)."""
        return self._running("cummax", np.greater_equal, dim)

    def cummin(self, dim: int) -> ValuesIndices:
        """PyTorch's cummin: the running minimum along dim and where it was last reached."""
        return self._running("cummin", np.less_equal, dim)

    def _running(self, name: str, better: Any, dim: Any) -> ValuesIndices:
        along = one_axis(dim, self.ndim, name, "dim")
        if self.ndim == 0:
            return ValuesIndices(self.clone(), index_result(np.zeros((), np.int64),
                                                            self._family))
        rows = np.moveaxis(self.data, along, 0)
        indices = np.zeros(rows.shape, np.int64)
        if rows.shape[0]:
            # PyTorch's loop (cummax_cummin_helper): x takes over where it is NaN, or where
            # the running value is not NaN and x >= it (<= for cummin).
            best, at = rows[0], np.zeros(rows.shape[1:], np.int64)
            for i, x in enumerate(rows):
                takes = _isnan(x) | (~_isnan(best) & better(x, best))
                best, at = np.where(takes, x, best), np.where(takes, i, at)
                indices[i] = at
        indices = np.moveaxis(indices, 0, along)
        return ValuesIndices(take(self, indices, along), index_result(indices, self._family))

    def aminmax(self, *, dim: int | None = None, keepdim: bool = False) -> MinMax:
        """PyTorch's aminmax: (min, max) over all values, or along one dim; ties share the
        gradient, as amin's and amax's."""
        keepdim = flag(keepdim, "keepdim", "aminmax")
        reduced = None
        if dim is not None:
            along = one_axis(dim, self.ndim, "aminmax", "dim")
            reduced = (along,) if self.ndim else None
        if self.data.size == 0 and (reduced is None or self.shape[reduced[0]] == 0):
            where = "" if reduced is None else f" along dim {reduced[0]}"
            raise ValueError(f"aminmax: no values{where} of a Tensor of shape {self.shape}: "
                             "the min and max of nothing are undefined (as PyTorch)")
        return MinMax(ops.reduce_min(self, reduced, keepdim),
                      ops.reduce_max(self, reduced, keepdim))


def _isnan(x: np.ndarray) -> np.ndarray:
    return np.isnan(x) if x.dtype.kind == "f" else np.zeros(x.shape, bool)


def _kth_positions(rows: np.ndarray, k: int) -> np.ndarray:
    """The index of the (k+1)-th smallest value of each row (the last axis), NaN largest:
    from a stable sort where that value is unique in its row, else from PyTorch's
    quickselect, whose index among ties depends on the row's order."""
    flat = rows.reshape(-1, rows.shape[-1])
    picked = sort_order(flat, -1)[:, k]
    value = np.take_along_axis(flat, picked[:, None], -1)
    same = (flat == value) | (_isnan(flat) & _isnan(value))
    for row in np.flatnonzero(same.sum(-1) > 1):
        picked[row] = _quickselect(flat[row].tolist(), k)
    return picked.reshape(rows.shape[:-1])


def _quickselect(values: list[Any], k: int) -> int:
    """PyTorch's quick_select_template (aten/src/ATen/native/Sorting.cpp: Sedgewick's
    partition, median-of-three pivots, NaN the largest), on a copy of one row: the index
    of the value it leaves at position k."""
    index = list(range(len(values)))

    def greater(a: Any, b: Any) -> bool:  # gt_or_nan
        return (a != a and b == b) or a > b

    def swap(i: int, j: int) -> None:
        values[i], values[j] = values[j], values[i]
        index[i], index[j] = index[j], index[i]

    low, high = 0, len(values) - 1
    while high > low:
        if high == low + 1:
            if greater(values[low], values[high]):
                swap(low, high)
            break
        swap((low + high) >> 1, low + 1)
        if greater(values[low + 1], values[high]):
            swap(low + 1, high)
        if greater(values[low], values[high]):
            swap(low, high)
        if greater(values[low + 1], values[low]):
            swap(low + 1, low)
        i, j, pivot = low + 1, high, values[low]
        while True:
            i += 1
            while greater(pivot, values[i]):
                i += 1
            j -= 1
            while greater(values[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(low, j)
        if j <= k:
            low = i
        if j >= k:
            high = j - 1
    return index[k]
