"""Tensor's count_nonzero, nansum, nanmean and diff (PyTorch's; numpy has each too).

nansum and nanmean treat NaN as absent: its gradient is 0, the others' that of sum and mean
over the values that are not NaN. They take numpy's spelling (axis=, keepdims=) as well as
PyTorch's (dim=, keepdim=), as the other reductions do, so np.nansum(t, axis=0) works.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import Axis, axes, index_result, integer, pytorch_dim, shown
from ..arguments import axis as one_axis
from ..dtypes import as_dtype, cast_input
from ..node import Node
from ..primitive import apply


class Statistics:
    """Tensor methods (mixed into Tensor through Reductions)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]
    data: np.ndarray
    _family: type
    _reduced: Any
    _lift: Any
    clone: Any

    def count_nonzero(self, dim: Axis = None) -> Any:
        """PyTorch's count_nonzero: how many values are not 0 (NaN counts) over dim (an int
        or a tuple; None or (): all), an int64 Tensor with no gradient."""
        reduced = axes(pytorch_dim(dim), self.ndim, "count_nonzero", "dim")
        counted = np.count_nonzero(self.data, axis=reduced)
        return index_result(np.asarray(counted), self._family)

    def nansum(self, dim: Axis = None, keepdim: bool | None = None, *, dtype: Any = None,
               axis: Axis = None, keepdims: bool | None = None) -> Any:
        """The sum over dim/axis (None: all) with NaN taken as 0 (its gradient is 0),
        cast to dtype first if given; integers sum in int64, as sum."""
        reduced, kept = self._reduced("nansum", axis, dim, keepdims, keepdim)
        x = self if dtype is None else cast_input(self, dtype, "nansum")
        return ops.reduce_sum(_without_nan(x), reduced, kept)

    def nanmean(self, dim: Axis = None, keepdim: bool | None = None, *, dtype: Any = None,
                axis: Axis = None, keepdims: bool | None = None) -> Any:
        """The mean of the values that are not NaN over dim/axis (None: all): NaN where all
        are NaN (their gradient 0), cast to dtype (a float type) first if given. An integer
        Tensor's is float64, as its mean (PyTorch refuses integers)."""
        reduced, kept = self._reduced("nanmean", axis, dim, keepdims, keepdim)
        if dtype is not None and as_dtype(dtype, "nanmean").kind != "f":
            raise TypeError(f"nanmean: dtype must be a floating-point type, got "
                            f"{shown(dtype)} (as PyTorch: a mean is a float)")
        x = self if dtype is None else cast_input(self, dtype, "nanmean")
        count = np.sum(~np.isnan(x.data), axis=reduced, keepdims=kept)
        # Nothing to average: 0 / NaN, a NaN with no warning (0 / 0 warns, forward and back)
        count = np.where(count == 0, np.nan, count)
        return ops.reduce_sum(_without_nan(x), reduced, kept) / count

    def diff(self, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None, *,
             axis: int | None = None) -> Any:
        """The n-th forward difference along dim (numpy's axis= too): x[1:] - x[:-1],
        n times, after joining prepend before x and append after it (Tensors of x's
        number of dims, sized as x but along dim; a number is a slice of that value, as
        numpy's). n=0 gives x. A bool Tensor's difference is !=, as PyTorch's (logical_xor)."""
        n = integer(n, "n", "diff")
        if n < 0:
            raise ValueError(f"diff: n must be non-negative, got {n}")
        if axis is not None and dim != -1:
            raise TypeError(f"diff: got both axis= (numpy's name), {shown(axis)}, and dim= "
                            f"(PyTorch's), {shown(dim)}; pass one")
        if self.ndim == 0:
            raise ValueError("diff: needs a Tensor of one dimension or more, got a 0-d Tensor "
                             "(as PyTorch)")
        d = one_axis(dim if axis is None else axis, self.ndim, "diff",
                     "dim" if axis is None else "axis")
        parts = [self._edge(p, name, d) for p, name in ((prepend, "prepend"), (self, ""),
                                                       (append, "append")) if p is not None]
        if n == 0:  # the input itself (prepend and append checked, not joined), as both do
            return self.clone()
        x = apply(ops.concatenate, parts, (d,)) if len(parts) > 1 else self
        before = (slice(None),) * d
        for _ in range(n):
            if x.shape[d] == 0:
                break
            later, earlier = x[before + (slice(1, None),)], x[before + (slice(None, -1),)]
            x = (later != earlier) if x.data.dtype == np.bool_ else later - earlier
        return x

    def _edge(self, part: Any, name: str, d: int) -> Any:
        """diff's prepend or append as a Tensor that joins self along d."""
        if not name:
            return self
        t = part if isinstance(part, Node) and hasattr(part, "shape") else self._lift(
            part, self, "diff", name)
        if t.ndim == 0:  # numpy's: a number is a slice of that value
            return ops.broadcast_to(t, self.shape[:d] + (1,) + self.shape[d + 1:])
        if t.ndim != self.ndim or any(a != b for i, (a, b) in enumerate(
                zip(t.shape, self.shape, strict=True)) if i != d):
            raise ValueError(f"diff: {name} of shape {t.shape} does not join the input of "
                             f"shape {self.shape} along dim {d}: expected {self.ndim} dims, "
                             "of the input's sizes but along dim")
        return t


def _without_nan(x: Any) -> Any:
    """x with NaN replaced by 0 (a float x; others have no NaN)."""
    if x.data.dtype.kind != "f":
        return x
    present = ~np.isnan(x.data)
    return x if present.all() else ops.where(x, 0.0, present)
