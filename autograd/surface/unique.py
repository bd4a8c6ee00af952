"""Tensor's unique and unique_consecutive (PyTorch's): the distinct values, or slices along
a dim, with the inverse (where each entry went) and the counts on request.

The results are constants: PyTorch gives no gradient through unique either (its backward
is not implemented). Values compare as PyTorch's: every NaN is distinct from every other
value, NaN included; -0.0 equals 0.0. With dim, slices are sorted lexicographically with NaN
the largest; PyTorch's sort of slices compares NaN as neither smaller nor larger, so where
slices hold NaN its order is its sort's, and may differ.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..arguments import axis as one_axis
from ..arguments import flag, index_result
from ..node import make_node


class Unique:
    """Tensor methods (mixed into Tensor through Reductions)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]
    data: np.ndarray
    _family: type

    def unique(self, sorted: bool = True, return_inverse: bool = False,  # noqa: A002
               return_counts: bool = False, dim: int | None = None) -> Any:
        """PyTorch's unique: the distinct values in ascending order, flattened (or, with
        dim, the distinct slices along it, in lexicographic order); and, when asked, the
        inverse (the index of each entry's value among them: the input's shape, or one per
        slice) and the counts. sorted=False gives the same sorted answer, as PyTorch's
        unique on the CPU does. No gradient."""
        flag(sorted, "sorted", "unique")
        return self._distinct("unique", True, return_inverse, return_counts, dim)

    def unique_consecutive(self, return_inverse: bool = False, return_counts: bool = False,
                           dim: int | None = None) -> Any:
        """PyTorch's unique_consecutive: each run of equal consecutive values (or slices
        along dim) kept once, in order; with the inverse and counts on request (see
        unique). No gradient."""
        return self._distinct("unique_consecutive", False, return_inverse, return_counts, dim)

    def _distinct(self, name: str, sort: bool, return_inverse: Any, return_counts: Any,
                  dim: Any) -> Any:
        inverse_asked = flag(return_inverse, "return_inverse", name)
        counts_asked = flag(return_counts, "return_counts", name)
        if dim is None:
            rows = self.data.reshape(-1, 1)
            along, inverse_shape = 0, self.shape
        else:
            if self.ndim == 0:
                raise ValueError(f"{name}: dim={dim!r} given for a 0-d Tensor, which has no "
                                 "dimensions (pass dim=None)")
            along = one_axis(dim, self.ndim, name, "dim")
            n = self.shape[along]
            rest = self.shape[:along] + self.shape[along + 1:]
            if 0 in rest:
                raise ValueError(f"{name}: the Tensor of shape {self.shape} has a dimension of "
                                 f"size 0 besides dim {along}: its slices along dim are empty "
                                 "(as PyTorch, which cannot apply unique to them)")
            rows = np.moveaxis(self.data, along, 0).reshape(n, math.prod(rest))
            inverse_shape = (n,)
        kept, inverse, counts = _groups(rows, sort)
        if dim is None:
            values = kept.reshape(-1)
        else:
            moved = kept.reshape((len(kept),) + self.shape[:along] + self.shape[along + 1:])
            values = np.moveaxis(moved, 0, along)
        out = [make_node(self._family, values, (), "", ())]
        if inverse_asked:
            out.append(index_result(inverse.reshape(inverse_shape), self._family))
        if counts_asked:
            out.append(index_result(counts, self._family))
        return out[0] if len(out) == 1 else tuple(out)


def _groups(rows: np.ndarray, sort: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows kept (the first of each group of equal rows, in order, or sorted
    lexicographically first), the group of each row, and each group's size. A stable sort,
    so equal rows keep their order; NaN != NaN, so each row holding NaN is a group."""
    n = len(rows)
    order = np.lexsort(rows.T[::-1]) if sort and n else np.arange(n)
    ordered = rows[order]
    starts = np.ones(n, bool)
    starts[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    inverse = np.empty(n, np.int64)
    inverse[order] = np.cumsum(starts) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), n))
    return ordered[starts], inverse, counts
