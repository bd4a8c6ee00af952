"""Tensor's shape and movement ops: reshape, transpose, squeeze, flip, roll, tile, split, x[i].

Where numpy and PyTorch give one name two meanings, the method follows PyTorch (a Tensor's
habits are PyTorch's): `x.repeat(2, 3)` tiles, as torch.Tensor.repeat (numpy's np.tile);
numpy's `a.repeat(2)`, which repeats each element, is `x.repeat_interleave(2)` (or the
function `autograd.repeat`). `squeeze(dim=...)` leaves a dim whose size is not 1 alone, as
PyTorch; `squeeze(axis)` raises for it, as numpy. Keywords take either library's spelling
where the meaning agrees (dims=/axis=, shifts=/shift=, dim=/axis=).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import ops
from ..arguments import (
    Axis,
    DimError,
    axes,
    axis,
    either_named,
    index,
    integer,
    not_masked,
    positional_or_keyword,
    positions,
    shape_args,
    shown,
    to_array,
)
from ..arguments import axis as axis_of  # where a method's own `axis` argument hides it
from ..arguments import sizes as sizes_of  # where `sizes` is a method's argument
from ..node import Node
from .view_dtype import is_dtype, view_dtype


class Shape:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]

    @property
    def T(self) -> Any:  # noqa: N802 (numpy's and PyTorch's name)
        # All axes reversed is always a valid permutation: no checks (nn.Linear uses it per call).
        return ops.transpose(self, tuple(range(self.ndim - 1, -1, -1)))

    def reshape(self, *sizes: Any, shape: Any = None) -> Any:
        """Reshaped to `shape` (`reshape(2, 3)`, `reshape((2, 3))` or `reshape(shape=(2, 3))`),
        where one size may be -1 (the rest of the size)."""
        shape = positional_or_keyword(sizes, shape, "reshape", "shape")
        return ops.reshape(self, _new_shape(shape, "reshape"))

    def view(self, *sizes: Any, size: Any = None, dtype: Any = None) -> Any:
        """reshape, by PyTorch's other name (its own method, so errors say view; the shape
        may be given as size=); with a dtype (`view(autograd.int64)`), the same bytes as
        that dtype (view_dtype.py)."""
        shape = positional_or_keyword(sizes, size, "view", "size")
        if dtype is not None or (len(shape) == 1 and is_dtype(shape[0])):
            return view_dtype(self, shape, dtype)
        return ops.reshape(self, _new_shape(shape, "view"))

    def view_as(self, other: Any) -> Any:
        """Reshaped to other's shape (a Tensor or an array)."""
        return self.reshape(_shape_of(other, "view_as"))

    def reshape_as(self, other: Any) -> Any:
        """Reshaped to other's shape (a Tensor or an array)."""
        return self.reshape(_shape_of(other, "reshape_as"))

    def expand_as(self, other: Any) -> Any:
        """Broadcast to other's shape (a Tensor or an array)."""
        return self._broadcast(_shape_of(other, "expand_as"), "expand_as", "other")

    def ravel(self) -> Any:
        """The values in one axis, in C order (a 0-d Tensor gives one value)."""
        return self.reshape(math.prod(self.shape))

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Any:
        if self.ndim == 0:
            axis(start_dim, 0, "flatten", "start_dim"), axis(end_dim, 0, "flatten", "end_dim")
            return self.reshape(1)
        start = axis(start_dim, self.ndim, "flatten", "start_dim")
        end = axis(end_dim, self.ndim, "flatten", "end_dim")
        if start > end:
            raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} "
                             f"for a Tensor of shape {self.shape}")
        # The size itself, not -1: numpy cannot infer -1 beside a 0 (a (2, 0) array).
        merged = int(np.prod(self.shape[start:end + 1]))
        return self.reshape(self.shape[:start] + (merged,) + self.shape[end + 1:])

    def unflatten(self, dim: int, sizes: Sequence[int]) -> Any:
        """dim split into several of `sizes` (one of them may be -1: the rest of the size)."""
        d = axis(dim, self.ndim, "unflatten", "dim")
        sizes = shape_args((sizes,), "unflatten", "sizes")
        known = math.prod(n for n in sizes if n != -1)
        if (not sizes or sizes.count(-1) > 1 or any(n < -1 for n in sizes)
                or (-1 in sizes and (known == 0 or self.shape[d] % known))
                or (-1 not in sizes and known != self.shape[d])):
            raise ValueError(f"unflatten: sizes {sizes} do not make up the size {self.shape[d]} "
                             f"of dim {dim} of a Tensor of shape {self.shape}")
        sizes = tuple(self.shape[d] // known if n == -1 else n for n in sizes)
        return self.reshape(self.shape[:d] + sizes + self.shape[d + 1:])

    def transpose(self, *axes_: Any, dim0: Any = None, dim1: Any = None) -> Any:
        """No axes reverses them (numpy, `.T`); two axes swap them (PyTorch's
        `transpose(0, 1)` or `transpose(dim0=0, dim1=1)`; numpy's `transpose(1, 0)` of a
        matrix is the same); a tuple is a full permutation (numpy's `transpose((2, 0, 1))`)."""
        if dim0 is not None or dim1 is not None:
            if axes_ or dim0 is None or dim1 is None:
                raise TypeError(f"transpose: give both dim0= and dim1=, or the axes "
                                f"positionally (got {axes_}, dim0= {shown(dim0)}, "
                                f"dim1= {shown(dim1)})")
            return self._swapped(dim0, dim1, "transpose", ("dim0", "dim1"))
        if len(axes_) == 2 and all(isinstance(a, numbers.Integral) for a in axes_):
            return self._swapped(*axes_, "transpose", ("dim0", "dim1"))
        return self._permuted(shape_args(axes_, "transpose", "axes"), "transpose", "axes")

    def permute(self, *axes_: Any, dims: Any = None) -> Any:
        """A full permutation of the axes: `permute(2, 0, 1)`, `permute((2, 0, 1))` or
        `permute(dims=(2, 0, 1))`."""
        order = positional_or_keyword(axes_, dims, "permute", "dims")
        return self._permuted(shape_args(order, "permute", "dims"), "permute", "dims")

    def _permuted(self, order: tuple[int, ...], op: str, name: str) -> Any:
        """The axes in `order` (none: reversed), checked to be a permutation; errors name
        `op` and the argument `name` (permute's dims, transpose's axes or dim0)."""
        order = order or tuple(reversed(range(self.ndim)))
        normalised = tuple(axis(a, self.ndim, op, name) for a in order)
        if sorted(normalised) != list(range(self.ndim)):
            raise ValueError(
                f"{op}: {name} {order} are not a permutation of the {self.ndim} axes of a "
                f"Tensor of shape {self.shape} (use swapaxes(a, b) to swap two)")
        return ops.transpose(self, normalised)

    def swapaxes(self, axis1: int, axis2: int) -> Any:
        return self._swapped(axis1, axis2, "swapaxes")

    def _swapped(self, axis1: Any, axis2: Any, op: str, names: tuple[str, str] = (
            "axis1", "axis2")) -> Any:
        order = list(range(self.ndim))
        a, b = axis(axis1, self.ndim, op, names[0]), axis(axis2, self.ndim, op, names[1])
        if self.ndim == 0:  # dims 0 and -1 name a 0-d Tensor's one place, as PyTorch
            return self.reshape(())
        order[a], order[b] = order[b], order[a]
        return ops.transpose(self, tuple(order))

    swapdims = swapaxes

    def movedim(self, source: int | Sequence[int], destination: int | Sequence[int]) -> Any:
        """The dims `source` moved to positions `destination`, the others kept in order
        (torch.movedim, np.moveaxis)."""
        moved = dim_tuple(source, self.ndim, "movedim", "source")
        to = dim_tuple(destination, self.ndim, "movedim", "destination")
        if len(moved) != len(to):
            raise ValueError(f"movedim: source {source!r} and destination {destination!r} "
                             "must name as many dims")
        if self.ndim == 0:
            return self.reshape(())
        order = [a for a in range(self.ndim) if a not in moved]
        for d, s in sorted(zip(to, moved, strict=True)):
            order.insert(d, s)
        return ops.transpose(self, tuple(order))

    moveaxis = movedim

    def broadcast_to(self, *shape: Any) -> Any:
        """numpy's broadcast_to, and PyTorch's: -1 keeps a size (torch.broadcast_to is
        expand)."""
        return self._expand(shape_args(shape, "broadcast_to"), "broadcast_to", "shape")

    def _broadcast(self, target: tuple[int, ...], op: str, name: str) -> Any:
        lead = len(target) - self.ndim
        if lead < 0 or any(n < 0 for n in target) or any(
                m not in (1, n) for m, n in zip(self.shape, target[lead:], strict=True)):
            raise ValueError(f"{op}: {name}={target} does not fit a Tensor of shape "
                             f"{self.shape}: expected at least its dimensions, each its size, "
                             "or any size where it is 1")
        return ops.broadcast_to(self, target)

    def expand(self, *sizes: Any) -> Any:
        """PyTorch's expand: broadcast_to, where -1 keeps a size."""
        return self._expand(shape_args(sizes, "expand", "sizes"), "expand", "sizes")

    def _expand(self, sizes: tuple[int, ...], op: str, name: str) -> Any:
        lead = len(sizes) - self.ndim
        shape = tuple(self.shape[i - lead] if n == -1 and i >= lead else n
                      for i, n in enumerate(sizes))
        if lead < 0 or any(n < 0 for n in shape[:lead]):
            raise ValueError(f"{op}: {name}={sizes} does not fit a Tensor of shape {self.shape}: "
                             "expected at least its dimensions, and no -1 for a new one")
        return self._broadcast(shape, op, name)

    def squeeze(self, axis: Axis = None, *, dim: Axis = None) -> Any:
        """Size-1 axes removed: all of them, or those named. numpy's axis= (and a positional
        axis) raises for a named axis whose size is not 1; PyTorch's dim= leaves it alone."""
        chosen, name = either_named("squeeze", "axis", axis, "dim", dim, None)
        named = axes(chosen, self.ndim, "squeeze", name)
        if named is None:  # all axes (or a 0-d Tensor)
            return self.reshape(tuple(n for n in self.shape if n != 1))
        if dim is None:
            for a in named:
                if self.shape[a] != 1:
                    raise ValueError(f"squeeze: axis {a} of shape {self.shape} has size "
                                     f"{self.shape[a]}, expected 1 (dim= skips it, as PyTorch)")
        return self.reshape(tuple(n for i, n in enumerate(self.shape)
                                  if i not in named or n != 1))

    def unsqueeze(self, axis: int | None = None, *, dim: int | None = None) -> Any:
        """A new axis of size 1 at `axis` (or dim=; negative counts from the end of the
        result)."""
        where, name = either_named("unsqueeze", "axis", axis, "dim", dim, None)
        if where is None:
            raise TypeError(f"unsqueeze: {name} must be an int, the axis to add (axis= or "
                            "dim=), got None")
        where = integer(where, name, "unsqueeze")
        if not -self.ndim - 1 <= where <= self.ndim:
            raise DimError(f"unsqueeze: {name} {where!r} is out of range for a Tensor of "
                           f"{self.ndim} dimensions: expected {-self.ndim - 1} to {self.ndim}")
        return ops.unsqueeze(self, int(where))

    def flip(self, *dims_: Any, dims: Any = None, axis: Any = None) -> Any:
        """The order of entries reversed along dims (`flip(0, 1)`, `flip((0, 1))`, dims= or
        numpy's axis=); none given: along every axis, as np.flip."""
        if dims_ and (dims is not None or axis is not None):
            keyword = "dims" if dims is not None else "axis"
            raise TypeError(f"flip: got dims by position, {dims_!r}, and by keyword, {keyword}="
                            f"{shown(dims if dims is not None else axis)}; pass them once")
        given, name = ((shape_args(dims_, "flip", "dims"), "dims") if dims_
                       else either_named("flip", "axis", axis, "dims", dims, None))
        flipped = (tuple(range(self.ndim)) if given is None
                   else dim_tuple(given, self.ndim, "flip", name))
        return ops.flip(self, flipped if self.ndim else ())

    def fliplr(self) -> Any:
        """Flipped left to right: along dim 1 (needs two dims or more)."""
        if self.ndim < 2:
            raise ValueError(f"fliplr: needs a Tensor of 2 or more dimensions, got {self.shape}")
        return ops.flip(self, (1,))

    def flipud(self) -> Any:
        """Flipped up to down: along dim 0 (needs one dim or more)."""
        if self.ndim < 1:
            raise ValueError("flipud: needs a Tensor of 1 or more dimensions, got a 0-d one")
        return ops.flip(self, (0,))

    def roll(self, shifts: Any = None, dims: Any = None, *, shift: Any = None,
             axis: Any = None) -> Any:
        """Entries moved cyclically by `shifts` along `dims` (PyTorch's names; numpy's are
        shift= and axis=); no dims: along the flattened Tensor, its shape kept. Several dims
        take one shift each, or one shift for all (numpy); a dim named twice moves twice."""
        moves, moved = either_named("roll", "shift", shift, "shifts", shifts, None)
        along, named = either_named("roll", "axis", axis, "dims", dims, None)
        if along is None or self.ndim == 0:
            if along is not None:
                dim_tuple(along, self.ndim, "roll", named)
            if isinstance(moves, (tuple, list)):
                raise TypeError(f"roll: {moved} must be an int without {named}, got {moves!r}")
            return ops.roll(self, integer(moves, moved, "roll"), None)
        rolled = tuple(axis_of(a, self.ndim, "roll", named) for a in
                       (along if isinstance(along, (tuple, list)) else (along,)))
        if isinstance(moves, (tuple, list)):
            by = tuple(integer(s, moved, "roll") for s in moves)
        else:
            by = (integer(moves, moved, "roll"),) * len(rolled)
        if len(by) != len(rolled):
            raise ValueError(f"roll: shifts {moves!r} and dims {along!r} must pair up: one "
                             "int shift for each dim, or one for all")
        return ops.roll(self, by, rolled)

    def _dim(self, d: Any, op: str, name: str = "dim") -> int:
        return axis_of(d, self.ndim, op, name)

    def tile(self, *dims: Any) -> Any:
        """Copies side by side, dims[i] of them along axis i (np.tile, torch.tile); fewer
        counts than axes leave the leading axes alone, more add leading axes."""
        return self._tiled(sizes_of(dims, "tile", "dims"))

    def repeat(self, *sizes: Any) -> Any:
        """PyTorch's repeat, numpy's np.tile: copies side by side, sizes[i] along axis i (one
        size per axis at least). Not numpy's `a.repeat(n)`, which repeats each element in
        place: that is `repeat_interleave(n)` (or the function `autograd.repeat`)."""
        reps = sizes_of(sizes, "repeat", "sizes")
        if len(reps) < self.ndim:
            raise ValueError(
                f"repeat: {len(reps)} sizes for a Tensor of {self.ndim} dimensions, expected "
                f"{self.ndim} or more (PyTorch's repeat tiles: x.repeat(2, 1); for numpy's "
                "repeat of each element, use repeat_interleave)")
        return self._tiled(reps)

    def _tiled(self, reps: tuple[int, ...]) -> Any:
        reps = (1,) * (self.ndim - len(reps)) + reps
        shape = (1,) * (len(reps) - self.ndim) + self.shape
        # (a, b) -> (1, a, 1, b) -> (ra, a, rb, b) -> (ra*a, rb*b): one broadcast, whose
        # gradient sums the copies.
        spread = tuple(n for s in shape for n in (1, s))
        grown = tuple(n for r, s in zip(reps, shape, strict=True) for n in (r, s))
        tiled = tuple(r * s for r, s in zip(reps, shape, strict=True))
        return self.reshape(spread).broadcast_to(grown).reshape(tiled)

    def repeat_interleave(self, repeats: Any, dim: int | None = None, *,
                          axis: int | None = None) -> Any:
        """Each entry repeated in place along dim (numpy's repeat): `repeats` times, or
        repeats[i] times for entry i; no dim: along the flattened Tensor."""
        op = "repeat_interleave"
        chosen, name = either_named(op, "axis", axis, "dim", dim, None)
        d = 0 if chosen is None else axis_of(chosen, self.ndim, op, name)
        x = self if chosen is not None and self.ndim else self.ravel()  # no dim: flattened
        n = x.shape[d]
        times = positions(repeats, op, "repeats")
        if (times < 0).any():
            raise ValueError(f"{op}: repeats must be non-negative, got {shown(repeats)}")
        if times.ndim == 0:  # one count for every entry: a broadcast, cheaper than an index
            r = int(times)
            spread = ops.broadcast_to(ops.unsqueeze(x, d + 1),
                                      x.shape[:d + 1] + (r,) + x.shape[d + 1:])
            return spread.reshape(x.shape[:d] + (n * r,) + x.shape[d + 1:])
        if times.shape not in ((n,), (1,)):
            raise ValueError(f"{op}: repeats of shape {times.shape} for dim {d} of size {n}: "
                             f"expected one count, or {n}")
        return x[(slice(None),) * d + (np.repeat(np.arange(n), np.broadcast_to(times, n)),)]

    def narrow(self, dim: int, start: int, length: int) -> Any:
        """`length` entries along dim from `start` (negative counts from the end)."""
        d = self._dim(dim, "narrow")
        start, length = integer(start, "start", "narrow"), integer(length, "length", "narrow")
        if self.ndim == 0:
            raise ValueError("narrow: cannot narrow a 0-d Tensor")
        n = self.shape[d]
        first = start + n if -n <= start < 0 else start
        if not 0 <= first <= n or length < 0 or first + length > n:
            raise ValueError(f"narrow: start {start} and length {length} do not fit in dim "
                             f"{dim} of size {n}")
        return self[(slice(None),) * d + (slice(first, first + length),)]

    def split(self, split_size_or_sections: int | Sequence[int], dim: int = 0
              ) -> tuple[Any, ...]:
        """PyTorch's split: pieces of split_size along dim (the last may be smaller), or of
        the sizes listed (they must add up to the dim's size). Not numpy's np.split, which
        takes a number of equal sections or the indices to split at."""
        d = self._dim(dim, "split")
        if self.ndim == 0:
            raise ValueError("split: cannot split a 0-d Tensor")
        n = self.shape[d]
        if not isinstance(split_size_or_sections, (tuple, list)):
            size = integer(split_size_or_sections, "split_size_or_sections", "split")
            if size < 0 or (size == 0 and n):
                raise ValueError(f"split: split_size {size} does not fit dim {dim} of size "
                                 f"{n}: expected a positive size")
            sizes = [size] * (n // size) + [n % size] * bool(n % size) if n else [0]
        else:
            sizes = list(sizes_of((split_size_or_sections,), "split", "split_size_or_sections"))
            if sum(sizes) != n:
                raise ValueError(f"split: sizes {sizes} add up to {sum(sizes)}, not to the size "
                                 f"{n} of dim {dim}")
        return self._pieces(d, sizes)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Any, ...]:
        """At most `chunks` pieces along dim, each of ceil(size / chunks) but the last
        (torch.chunk: sometimes fewer pieces than asked for)."""
        d = self._dim(dim, "chunk")
        if integer(chunks, "chunks", "chunk") <= 0:
            raise ValueError(f"chunk: chunks must be a positive int, got {shown(chunks)}")
        if self.ndim == 0:
            raise ValueError("chunk: cannot chunk a 0-d Tensor")
        n = self.shape[d]
        if n == 0:  # PyTorch gives `chunks` empty pieces
            return self._pieces(d, [0] * int(chunks))
        return self.split(-(-n // int(chunks)), d)

    def unbind(self, dim: int = 0) -> tuple[Any, ...]:
        """The slices along dim, each without that axis (torch.unbind; list(x) for dim 0)."""
        d = self._dim(dim, "unbind")
        if self.ndim == 0:
            raise ValueError("unbind: cannot unbind a 0-d Tensor (it has no dimension)")
        return tuple(self[(slice(None),) * d + (i,)] for i in range(self.shape[d]))

    def _pieces(self, d: int, sizes: Sequence[int]) -> tuple[Any, ...]:
        starts = np.cumsum([0, *sizes])
        return tuple(self[(slice(None),) * d + (slice(int(a), int(b)),)]
                     for a, b in zip(starts[:-1], starts[1:], strict=True))

    def __getitem__(self, index_: Any) -> Any:
        return ops.getitem(self, index(index_))


def _new_shape(shape: tuple[Any, ...], op: str) -> tuple[int, ...]:
    """reshape's sizes, checked: numpy reads any negative size as -1, PyTorch only -1."""
    sizes = shape_args(shape, op)
    if sizes and min(sizes) < -1:
        raise ValueError(f"{op}: invalid shape dimension {min(sizes)} in {sizes}: sizes must "
                         "be >= 0, or -1 for the one inferred from the others")
    return sizes


def _shape_of(other: Any, op: str) -> tuple[int, ...]:
    """The shape of a Tensor or array that an op takes only the shape of (view_as, ...)."""
    if isinstance(other, Node) and hasattr(other, "shape"):
        return other.shape
    return to_array(other, None, op, copy=False, name="other").shape


def dim_tuple(dims: Any, ndim: int, op: str, name: str = "dim") -> tuple[int, ...]:
    """One dim or several, each checked and made non-negative, in the order given."""
    not_masked(dims, op, name)
    given = tuple(dims) if isinstance(dims, (tuple, list, np.ndarray)) else (dims,)
    checked = tuple(axis(d, ndim, op, name) for d in given)
    if len(set(checked)) != len(checked):
        raise ValueError(f"{op}: {name} {dims!r} repeats a dim")
    return checked

