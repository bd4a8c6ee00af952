"""Tensor's indexing ops: gather, scatter, index_select, take, masks, nonzero, the diagonals.

An `index` may be an int array, a list, or a Tensor holding whole numbers
(`arguments.positions`); one out of range is an IndexError naming the op, the dim and the
index. Negative indices count from the end where numpy's and PyTorch's op allow them (take,
take_along_dim) and are out of range where PyTorch's does not (gather, scatter,
index_select). Ops that return indices (nonzero, argwhere) return them through
`arguments.index_result`: they have no gradient.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .. import ops
from ..arguments import (
    axis,
    choice,
    data_of,
    either_named,
    flag,
    in_range,
    index_result,
    integer,
    positions,
    real,
    real_array,
    shown,
)
from ..arguments import mask as mask_array
from ..dtypes import scalar_to
from ..node import Node
from ..ops.indexing import along, last_writes
from .indexing_more import IndexingMore


class Indexing(IndexingMore):
    """Tensor methods (mixed into Tensor); index_add, index_copy, index_fill, masked_scatter
    and scatter_reduce are IndexingMore's (indexing_more.py)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]
    data: np.ndarray

    # ----------------------------------------------------------------- along one dim

    def gather(self, dim: int, index: Any) -> Any:
        """out[i][j] = self[index[i][j]][j] for dim 0 (self[i][index[i][j]] for dim 1, ...):
        index has self's number of dims, and no dim larger than self's but `dim`. The
        gradient adds up where an entry was gathered more than once (a scatter_add)."""
        if self.ndim == 0:  # one value, as a Tensor of one
            self._dim(dim, "gather")
            return self.reshape(1).gather(0, _zero_d(index, "gather").reshape(1)).reshape(())
        d, idx = self._along_index("gather", dim, index, self.shape)
        return ops.gather(self, idx, d)

    def take_along_dim(self, indices: Any, dim: int | None = None) -> Any:
        """gather, with indices and self broadcast against each other on the other dims
        (torch.take_along_dim, np.take_along_axis); no dim: along the flattened Tensor.
        Negative indices count from the end."""
        return self._take_along(indices, dim, "take_along_dim", "dim")

    def _take_along(self, indices: Any, dim: Any, op: str, name: str) -> Any:
        idx = positions(indices, op, "indices")
        if dim is None:
            return self.ravel().take_along_dim(idx.reshape(-1), 0)
        d = self._dim(dim, op, name)
        if self.ndim == 0 or idx.ndim != self.ndim:
            raise ValueError(f"{op}: indices of shape {idx.shape} and a Tensor of shape "
                             f"{self.shape} must have as many dimensions (and at least one)")
        try:
            rest = np.broadcast_shapes(_without(self.shape, d), _without(idx.shape, d))
        except ValueError:
            raise ValueError(f"{op}: indices of shape {idx.shape} do not broadcast against a "
                             f"Tensor of shape {self.shape} apart from dim {d}") from None
        x = self.broadcast_to(_with(rest, d, self.shape[d]))
        idx = np.broadcast_to(in_range(idx, self.shape[d], op, d, negative=True),
                              _with(rest, d, idx.shape[d]))
        return ops.gather(x, idx, d)

    def take(self, index: Any, axis: int | None = None) -> Any:
        """The entries at `index` of the flattened Tensor, in index's shape (torch.take);
        with axis, numpy's take along that axis. Negative indices count from the end."""
        idx = positions(index, "take")
        if axis is None:
            flat = self.ravel()
            return flat[in_range(idx, flat.shape[0], "take", 0, negative=True)]
        d = self._dim(axis, "take", "axis")
        if self.ndim == 0:
            raise ValueError("take: a 0-d Tensor has no axis to take along; leave out axis")
        return self[(slice(None),) * d + (in_range(idx, self.shape[d], "take", d, True),)]

    def index_select(self, dim: int, index: Any) -> Any:
        """The entries at `index` (0-d or 1-D) along dim; the gradient adds up where an entry
        was selected more than once (an index_add)."""
        idx = positions(index, "index_select")
        if idx.ndim > 1:
            raise ValueError(f"index_select: index must be 0-d or 1-D, got shape {idx.shape}")
        d = self._dim(dim, "index_select")
        if self.ndim == 0:
            return self.reshape(1).index_select(0, _zero_d(idx, "index_select")).reshape(())
        idx = in_range(idx.reshape(-1), self.shape[d], "index_select", d)
        return self[(slice(None),) * d + (idx,)]

    def scatter(self, dim: int, index: Any, src: Any = None, *, value: Any = None,
                reduce: str | None = None) -> Any:
        """A copy with src[i][j] written at [index[i][j]][j] for dim 0 ([i][index[i][j]] for
        dim 1, ...), or `value` (a number) there. Where index names one place twice, the
        last write in C order wins (as PyTorch on the CPU) and the entries it overwrites get
        no gradient. reduce='add' or 'multiply' combines with self (and with each other)."""
        if isinstance(src, numbers.Real) and value is None:  # scatter(dim, index, 2.0)
            src, value = None, src
        if src is None and value is None:
            raise TypeError("scatter: pass src (a Tensor) or value (a number)")
        if src is not None and value is not None:
            raise TypeError(f"scatter: pass src (a Tensor) or value (a number), not both; got "
                            f"src={shown(src)} and value={shown(value)}")
        if value is not None:
            value = real(value, "value", "scatter")
        d, idx, block = self._scatter_args("scatter", dim, index, src, value)
        choice(reduce, "reduce", "scatter", (None, "add", "multiply"))
        if reduce is None:
            if value is not None:
                return ops.where(float(value), self, last_writes(idx, d, self.shape)[1])
            return ops.scatter(self, block, idx, d)
        if reduce == "add":
            return self + ops.scatter_add_along(block, idx, d, self.shape)
        if reduce == "multiply":
            return self._scatter_multiply(d, idx, block)
        raise ValueError(f"scatter: reduce must be None, 'add' or 'multiply', got {reduce!r}")

    def scatter_add(self, dim: int, index: Any, src: Any) -> Any:
        """A copy with src[i][j] added at [index[i][j]][j] for dim 0 ([i][index[i][j]] for dim
        1, ...); entries that index names twice add up."""
        d, idx, block = self._scatter_args("scatter_add", dim, index, src, None)
        return self + ops.scatter_add_along(block, idx, d, self.shape)

    def _scatter_multiply(self, d: int, idx: np.ndarray, block: Any) -> Any:
        # The entries that name one place multiply in one after another, in C order: the
        # k-th of each place in round k, so that a round writes each place at most once.
        targets = np.ravel_multi_index(np.broadcast_arrays(*along(idx, d)), self.shape)
        rank = _occurrence(targets.ravel()).reshape(idx.shape)
        size, out = int(np.prod(self.shape)), self
        for k in range(int(rank.max()) + 1 if rank.size else 0):
            in_round = rank == k
            written = np.zeros(size, dtype=bool)
            written[targets[in_round]] = True
            placed = ops.scatter_add(block[in_round], targets[in_round], (size,))
            out = out * ops.reshape(ops.where(placed, 1.0, written), self.shape)
        return out

    def _along_index(self, op: str, dim: int, index: Any, limit: tuple[int, ...]
                     ) -> tuple[int, np.ndarray]:
        """dim and index checked for gather and scatter: as many dims as self, no larger than
        `limit` apart from dim, and in range along dim."""
        d = self._dim(dim, op)
        idx = positions(index, op)
        if idx.ndim != self.ndim:
            raise ValueError(f"{op}: index of shape {idx.shape} must have as many dimensions "
                             f"as the Tensor, of shape {self.shape}")
        if any(n > m for k, (n, m) in enumerate(zip(idx.shape, limit, strict=True)) if k != d):
            raise ValueError(f"{op}: index of shape {idx.shape} is larger than the Tensor, of "
                             f"shape {limit}, apart from dim {d}")
        return d, in_range(idx, self.shape[d], op, d)

    def _scatter_args(self, op: str, dim: int, index: Any, src: Any, value: Any
                      ) -> tuple[int, np.ndarray, Any]:
        """dim, index (checked), and the part of src that index covers (for a value, a
        constant of index's shape)."""
        if self.ndim == 0:
            raise ValueError(f"{op}: cannot scatter into a 0-d Tensor")
        d, idx = self._along_index(op, dim, index, self.shape)
        if value is not None:
            return d, idx, np.full(idx.shape, value, dtype=self.data.dtype)
        src_shape = np.shape(real_array(src, op, "src"))
        if len(src_shape) != idx.ndim or any(n > m for n, m in zip(idx.shape, src_shape,
                                                                    strict=True)):
            raise ValueError(f"{op}: index of shape {idx.shape} is larger than src, of shape "
                             f"{src_shape}, or has another number of dimensions")
        if src_shape != idx.shape:  # only the part of src that index covers is written
            part = tuple(slice(n) for n in idx.shape)
            src = ops.getitem(src if isinstance(src, Node) else np.asarray(src), part)
        return d, idx, src

    # -------------------------------------------------------------------------- masks

    def masked_fill(self, mask: Any, value: Any) -> Any:
        """value where mask (a boolean array, broadcast against self) holds, self elsewhere;
        the gradient is 0 where filled. value is a number or a 0-d Tensor (which then gets
        the gradient of the places it filled)."""
        cond = mask_array(mask, "masked_fill")
        if not hasattr(value, "shape") or isinstance(value, np.ma.MaskedArray):
            real(value, "value", "masked_fill")  # a number (not a Value)
            value = scalar_to(value, self.data.dtype, "masked_fill")  # in self's dtype
        elif np.ndim(value) != 0:
            raise ValueError(f"masked_fill: value must be a number or a 0-d Tensor, got "
                             f"{shown(value)} of shape {np.shape(data_of(value))}")
        elif not isinstance(value, Node):
            real(value, "value", "masked_fill")  # a 0-d array: its number
            value = scalar_to(value, self.data.dtype, "masked_fill")
        elif value.dtype != self.data.dtype:  # a 0-d Tensor: cast, as PyTorch (2.5 into int64
            value = value.astype(self.data.dtype)  # is 2; float64 into float32 in the graph)
        _broadcast_shape("masked_fill", self.shape, cond.shape)
        return ops.where(value, self, cond)

    def masked_select(self, mask: Any) -> Any:
        """The entries where mask holds, in C order, as a 1-D Tensor (self and mask are
        broadcast against each other first)."""
        cond = mask_array(mask, "masked_select")
        shape = _broadcast_shape("masked_select", self.shape, cond.shape)
        return self.broadcast_to(shape)[np.broadcast_to(cond, shape)]

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        """The indices of the nonzero entries: an (n, ndim) array (PyTorch's default), or
        with as_tuple=True one array per dim (numpy's nonzero). No gradient."""
        if flag(as_tuple, "as_tuple", "nonzero"):
            family = self._family
            return tuple(index_result(i, family) for i in np.nonzero(np.atleast_1d(self.data)))
        return index_result(np.argwhere(self.data), self._family)

    def argwhere(self) -> Any:
        """The indices of the nonzero entries, an (n, ndim) array (np.argwhere,
        torch.argwhere). No gradient."""
        return index_result(np.argwhere(self.data), self._family)

    # ---------------------------------------------------------------------- diagonals

    def tril(self, diagonal: int | None = None, *, k: int | None = None) -> Any:
        """The lower triangle of the last two dims (a batch of matrices): entries on and
        below the diagonal-th diagonal kept, 0 above (numpy's k= is diagonal=)."""
        offset = self._matrix_offset("tril", *either_named("tril", "k", k, "diagonal",
                                                            diagonal, 0))
        lower = np.tri(*self.shape[-2:], offset, dtype=bool)
        return ops.where(self, _zero(self), lower)

    def triu(self, diagonal: int | None = None, *, k: int | None = None) -> Any:
        """The upper triangle of the last two dims (a batch of matrices): entries on and
        above the diagonal-th diagonal kept, 0 below (numpy's k= is diagonal=)."""
        offset = self._matrix_offset("triu", *either_named("triu", "k", k, "diagonal",
                                                            diagonal, 0))
        upper = ~np.tri(*self.shape[-2:], offset - 1, dtype=bool)
        return ops.where(self, _zero(self), upper)

    def _matrix_offset(self, op: str, offset: Any, name: str) -> int:
        offset = integer(offset, name, op)
        if self.ndim < 2:
            raise ValueError(f"{op}: needs a Tensor of 2 or more dimensions (a matrix, or a "
                             f"batch of them), got shape {self.shape}")
        return offset

    def diag(self, diagonal: int = 0) -> Any:
        """A 1-D Tensor: the square matrix with it on the diagonal-th diagonal. A matrix: its
        diagonal-th diagonal, 1-D (torch.diag, np.diag; > 0 above the main one)."""
        if self.ndim == 2:
            return self.diagonal(integer(diagonal, "diagonal", "diag"))
        if self.ndim != 1:
            raise ValueError(f"diag: takes a 1-D or 2-D Tensor, got shape {self.shape}")
        k = integer(diagonal, "diagonal", "diag")
        n = self.shape[0] + abs(k)
        rows = np.arange(self.shape[0]) + max(-k, 0)
        return ops.scatter_add(self, (rows, rows + k), (n, n))

    def diagonal(self, offset: int = 0, dim1: int | None = None, dim2: int | None = None, *,
                 axis1: int | None = None, axis2: int | None = None) -> Any:
        """The offset-th diagonal of the matrices in dims dim1 and dim2 (numpy's axis1,
        axis2), as a new last dim (> 0 above the main diagonal)."""
        first = either_named("diagonal", "axis1", axis1, "dim1", dim1, 0)
        second = either_named("diagonal", "axis2", axis2, "dim2", dim2, 1)
        return self._diagonal("diagonal", offset, first, second)

    def _diagonal(self, op: str, offset: Any, dim1: tuple[Any, str], dim2: tuple[Any, str]
                  ) -> Any:
        """The diagonal of dims dim1 and dim2, each given as (value, the argument's name)."""
        k = integer(offset, "offset", op)
        a, b = axis(dim1[0], self.ndim, op, dim1[1]), axis(dim2[0], self.ndim, op, dim2[1])
        if self.ndim < 2 or a == b:
            raise ValueError(f"{op}: needs two different dims of a Tensor of 2 or more "
                             f"dimensions, got dims {a} and {b} of shape {self.shape}")
        matrices = self.movedim((a, b), (-2, -1))
        n, m = matrices.shape[-2:]
        length = max(0, min(n, m - k) if k >= 0 else min(n + k, m))
        rows = np.arange(length) + max(-k, 0)
        return matrices[..., rows, rows + k]

    def trace(self, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
        """The sum of the offset-th diagonal (torch.trace of a matrix; numpy's offset and
        axes for a stack of them)."""
        return self._diagonal("trace", offset, (axis1, "axis1"), (axis2, "axis2")).sum(-1)

    def _dim(self, d: Any, op: str, name: str = "dim") -> int:
        return axis(d, self.ndim, op, name)


def _without(shape: tuple[int, ...], d: int) -> tuple[int, ...]:
    return shape[:d] + shape[d + 1:]


def _with(shape: tuple[int, ...], d: int, n: int) -> tuple[int, ...]:
    return shape[:d] + (n,) + shape[d:]


def _zero_d(index: Any, op: str) -> np.ndarray:
    """The index of a 0-d Tensor's only entry (0), checked."""
    idx = positions(index, op)
    if idx.size != 1:
        raise ValueError(f"{op}: a 0-d Tensor takes one index, got shape {idx.shape}")
    return in_range(idx.reshape(1), 1, op, 0)


def _occurrence(targets: np.ndarray) -> np.ndarray:
    """For each entry, how many earlier entries have the same value (0 for the first)."""
    order = np.argsort(targets, kind="stable")
    ordered = targets[order]
    rank = np.empty(targets.size, dtype=np.intp)
    rank[order] = np.arange(targets.size) - np.searchsorted(ordered, ordered)
    return rank




def _broadcast_shape(op: str, shape: tuple[int, ...], mask_shape: tuple[int, ...]
                     ) -> tuple[int, ...]:
    try:
        return np.broadcast_shapes(shape, mask_shape)
    except ValueError:
        raise ValueError(f"{op}: mask of shape {mask_shape} does not broadcast against the "
                         f"Tensor's shape {shape}") from None


def _zero(x: Any) -> Any:
    """0 in x's dtype, for tril and triu (an integer or bool Tensor keeps its dtype)."""
    return 0.0 if x.data.dtype.kind == "f" else np.zeros((), x.data.dtype)
