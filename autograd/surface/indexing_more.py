"""Tensor's index_add, index_copy, index_fill, masked_scatter and scatter_reduce: PyTorch's
out-of-place forms, differentiable; their in-place forms (`x.index_add_(...)`, ...) are made
in autograd/surface/inplace_forms.py.

index_add, index_copy and index_fill act along one dim at a vector of positions (`index`,
0-d or 1-D: repeats allowed), as index_select reads: source has self's shape but for that
dim, which is index's length. A source or src Tensor must have self's dtype (PyTorch's
rule); a list or array is cast to it. Only scatter_reduce has a rule of its own
(autograd/ops/scatter_reduce.py); the others are made of scatter_add, scatter and where.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import choice, flag, in_range, positions, shown
from ..arguments import mask as mask_array
from ..node import Node
from ..ops.scatter_reduce import scatter_reduce as _scatter_reduce

REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


class IndexingMore:
    """Tensor methods (mixed into Tensor, through Indexing)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]
    data: np.ndarray
    dtype: Any

    def index_add(self, dim: int, index: Any, source: Any, *, alpha: Any = 1) -> Any:
        """self with alpha * source added at `index` along dim: out[..., index[j], ...] +=
        alpha * source[..., j, ...] (torch.index_add); repeated indices add up."""
        if self.ndim == 0:
            return self._as_vector("index_add", dim, index, source).index_add(
                0, index, _flat(source), alpha=alpha).reshape(())
        d, idx, src = self._index_args("index_add", dim, index, source)
        src = _times(src, alpha, self.dtype, "index_add")
        return self + ops.scatter_add(src, _at(d, idx), self.shape)

    def index_copy(self, dim: int, index: Any, source: Any) -> Any:
        """self with source[..., j, ...] written at out[..., index[j], ...] along dim
        (torch.index_copy). Where index repeats a position, the last write wins and the
        entries it overwrites get no gradient (PyTorch: the result is undefined, and the
        gradient reaches every entry)."""
        if self.ndim == 0:
            return self._as_vector("index_copy", dim, index, source).index_copy(
                0, index, _flat(source)).reshape(())
        d, idx, src = self._index_args("index_copy", dim, index, source)
        along = np.broadcast_to(idx.reshape([-1 if k == d else 1 for k in range(self.ndim)]),
                                src.shape)
        return ops.scatter(self, src, along, d)

    def index_fill(self, dim: int, index: Any, value: Any) -> Any:
        """self with `value` at every position of `index` along dim (torch.index_fill): a
        number, cast to self's dtype, or a 0-d Tensor (which gets the gradient of the places
        it fills, each once)."""
        if self.ndim == 0:
            return self._as_vector("index_fill", dim, index, None).index_fill(
                0, index, value).reshape(())
        d = self._dim(dim, "index_fill")
        idx = self._vector(index, "index_fill", d)
        filled = np.zeros(self.shape, dtype=bool)
        filled[_at(d, idx)] = True
        return ops.where(fill_value(value, self.dtype, "index_fill"), self, filled)

    def masked_scatter(self, mask: Any, source: Any) -> Any:
        """self with source's first values, in order, written where mask holds (in C order;
        self and mask broadcast against each other first): torch.masked_scatter. source
        needs at least as many elements as mask has True; the rest go unused."""
        cond = mask_array(mask, "masked_scatter")
        try:
            shape = np.broadcast_shapes(self.shape, cond.shape)
        except ValueError:
            raise ValueError(f"masked_scatter: mask of shape {cond.shape} does not broadcast "
                             f"against the Tensor's shape {self.shape}") from None
        src = self._same_dtype(source, "masked_scatter", "source")
        if not shape:  # one value: as a vector of one
            return self.reshape(1).masked_scatter(cond.reshape(1), src).reshape(())
        cond = np.broadcast_to(cond, shape)
        k = int(cond.sum())
        if src.data.size < k:
            raise ValueError(f"masked_scatter: source has {src.data.size} elements, fewer "
                             f"than the {k} places mask holds True at")
        placed = ops.scatter_add(src.reshape(-1)[:k], np.nonzero(cond), shape)
        x = self if self.shape == shape else self.broadcast_to(shape)
        return ops.where(placed, x, cond)

    def scatter_reduce(self, dim: int, index: Any, src: Any, reduce: str, *,
                       include_self: bool = True) -> Any:
        """self with each src[i][j] reduced into out[index[i][j]][j] for dim 0 (out[i][index
        [i][j]] for dim 1, ...): reduce is 'sum', 'prod', 'mean', 'amax' or 'amin', over
        self's value there too unless include_self=False; a place no index names keeps
        self's value (torch.scatter_reduce). Ties for amax and amin share the gradient
        evenly (PyTorch's rule); an integer 'mean' rounds toward -inf."""
        reduce = choice(reduce, "reduce", "scatter_reduce", REDUCTIONS)
        include_self = flag(include_self, "include_self", "scatter_reduce")
        if self.ndim == 0:
            idx = positions(index, "scatter_reduce")
            if idx.ndim > 1:
                raise ValueError(f"scatter_reduce: a 0-d Tensor takes a 0-d or 1-D index, "
                                 f"got shape {idx.shape}")
            self._dim(dim, "scatter_reduce")
            return self.reshape(1).scatter_reduce(
                0, idx.reshape(-1), _flat(src), reduce, include_self=include_self
            ).reshape(())
        d, idx, block = self._scatter_args("scatter_reduce", dim, index, src, None)
        block = self._same_dtype(block, "scatter_reduce", "src")
        if reduce == "mean" and self.dtype.kind == "b":
            raise TypeError("scatter_reduce: reduce='mean' takes numbers, not bools")
        return _scatter_reduce(self, block, idx, d, reduce, include_self)

    # -------------------------------------------------------------------------- helpers

    def _index_args(self, op: str, dim: Any, index: Any, source: Any
                    ) -> tuple[int, np.ndarray, Any]:
        """dim, index (a vector, in range) and source (self's dtype and shape, but index's
        length along dim), checked."""
        d = self._dim(dim, op)
        idx = self._vector(index, op, d)
        src = self._same_dtype(source, op, "source")
        expected = self.shape[:d] + (len(idx),) + self.shape[d + 1:]
        if src.shape != expected:
            raise ValueError(f"{op}: source of shape {src.shape} does not fit: expected "
                             f"{expected}, the Tensor's shape {self.shape} with index's "
                             f"length {len(idx)} along dim {d}")
        return d, idx, src

    def _vector(self, index: Any, op: str, d: int) -> np.ndarray:
        idx = positions(index, op)
        if idx.ndim > 1:
            raise ValueError(f"{op}: index must be 0-d or 1-D (a vector of positions), got "
                             f"shape {idx.shape}")
        return in_range(idx.reshape(-1), self.shape[d], op, d)

    def _same_dtype(self, x: Any, op: str, name: str) -> Any:
        """x as an operand of self's dtype: a Tensor of another dtype is an error (as
        PyTorch); a list, array or number is cast."""
        x = self._operand(x, op, name)
        if x.dtype != self.dtype:
            raise TypeError(f"{op}: {name} has dtype {x.dtype}, expected the Tensor's dtype "
                            f"{self.dtype} (as PyTorch; convert it with .to())")
        return x

    def _as_vector(self, op: str, dim: Any, index: Any, source: Any) -> Any:
        """A 0-d self as a vector of one (dim must be 0 or -1; one index)."""
        self._dim(dim, op)
        if positions(index, op).size != 1:
            raise ValueError(f"{op}: a 0-d Tensor takes one index, got {shown(index)}")
        if source is not None and np.size(source.data if isinstance(source, Node)
                                           else source) != 1:
            raise ValueError(f"{op}: a 0-d Tensor takes a source of one element, got "
                             f"{shown(source)}")
        return self.reshape(1)


def _at(d: int, idx: np.ndarray) -> tuple[Any, ...]:
    """The numpy index of positions idx along dim d."""
    return (slice(None),) * d + (idx,)


def _flat(x: Any) -> Any:
    """x (a Tensor, array or list) as one dim."""
    return x.reshape(-1) if isinstance(x, Node) else np.reshape(x, -1)


def _times(src: Any, alpha: Any, dtype: np.dtype[Any], op: str) -> Any:
    """alpha * src, with PyTorch's rule for alpha: an integer or bool Tensor takes no float
    alpha, and a non-bool one no bool alpha either."""
    alpha = check_alpha(alpha, dtype, op)
    return src if alpha == 1 else src * alpha


def check_alpha(alpha: Any, dtype: np.dtype[Any], op: str) -> Any:
    """alpha as a number of the kind `dtype` takes (PyTorch's rule): an integer result
    takes no float alpha, and only a bool result takes a bool one."""
    if isinstance(alpha, Node) or not isinstance(alpha, (int, float, np.integer, np.floating,
                                                         np.bool_)):
        raise TypeError(f"{op}: alpha must be a number, got {shown(alpha)}")
    if isinstance(alpha, (bool, np.bool_)):
        if dtype.kind != "b":
            raise TypeError(f"{op}: a bool alpha is only for bool results (as PyTorch), got "
                            f"alpha={alpha!r} for dtype {dtype}")
        return bool(alpha)
    if dtype.kind in "iub" and isinstance(alpha, (float, np.floating)):
        raise TypeError(f"{op}: for integer Tensors, alpha must not be a floating point "
                        f"number (as PyTorch), got {alpha!r}")
    return alpha


def fill_value(value: Any, dtype: np.dtype[Any], op: str) -> Any:
    """A fill value: a number (or 0-d array) cast to `dtype`, as PyTorch casts it; a 0-d
    float Tensor kept as a node for a float `dtype` (it gets a gradient)."""
    if isinstance(value, Node):
        if not hasattr(value, "shape"):
            raise TypeError(f"{op}: value is a Value ({value.data!r}); pass a number or a "
                            "0-d Tensor")
        if value.ndim != 0:
            raise ValueError(f"{op}: value must be a number or a 0-d Tensor, got a Tensor "
                             f"of shape {value.shape}")
        return value if dtype.kind == "f" and value.dtype.kind == "f" else \
            np.asarray(value.data).astype(dtype)
    if isinstance(value, (str, bytes)) or value is None or not isinstance(
            value, (int, float, np.number, np.bool_, np.ndarray)) or np.ndim(value) != 0:
        raise TypeError(f"{op}: value must be a number or a 0-d Tensor, got {shown(value)}")
    array = np.asarray(value)
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{op}: value must be a real number, got {shown(value)}")
    with np.errstate(invalid="ignore", over="ignore"):
        return array.astype(dtype)
