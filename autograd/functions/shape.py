"""Shape and movement functions: concatenate, stack, reshape, flip, roll, pad, split, ...

numpy's and PyTorch's names; where one name means two things, the function follows
PyTorch when torch has a function of that name (split, meshgrid's default) and numpy when
only numpy has one (repeat), and says so.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import ops
from ..arguments import as_array, choice, either_named, integer, shape_args, shown, sizes
from ..arguments import axis as _axis
from ..node import Node, make_node
from ..primitive import apply
from ..surface import padding as _padding
from ..tensor import Tensor
from .common import as_tensor as _tensor
from .common import as_tensors as _as_tensors


def concatenate(tensors: Sequence[Any], axis: int | None = None, *,
                dim: int | None = None) -> Any:
    """Join Tensors along an existing axis (numpy.concatenate, torch.cat; axis= or dim=)."""
    axis, name = either_named("concatenate", "axis", axis, "dim", dim, 0)
    nodes = _as_tensors(tensors, "concatenate")
    if not nodes:
        raise ValueError("concatenate: needs at least one Tensor")
    # PyTorch's legacy rule: a 1-D empty Tensor joins Tensors of any shape (the loop that
    # starts from `out = torch.tensor([])` and does `out = torch.cat([out, x])`). It adds
    # nothing but its dtype, so it is reshaped to size 0 along dim of the first other one.
    others = [t for t in nodes if t.shape != (0,)]
    if others and len({t.ndim for t in nodes}) > 1:
        d = _axis(axis, others[0].ndim, "concatenate", name)
        empty = others[0].shape[:d] + (0,) + others[0].shape[d + 1:]
        nodes = [t.reshape(empty) if t.shape == (0,) else t for t in nodes]
    return apply(ops.concatenate, nodes, (_axis(axis, nodes[0].ndim, "concatenate", name),))


cat = concatenate


def stack(tensors: Sequence[Any], axis: int | None = None, *, dim: int | None = None) -> Any:
    """Join Tensors along a new axis (numpy.stack, torch.stack; axis= or dim=)."""
    axis, name = either_named("stack", "axis", axis, "dim", dim, 0)
    nodes = _as_tensors(tensors, "stack")
    if not nodes:
        raise ValueError("stack: needs at least one Tensor")
    shapes = {t.shape for t in nodes}
    if len(shapes) > 1:
        raise ValueError(f"stack: expects Tensors of one shape, got shapes "
                         f"{', '.join(map(str, sorted(shapes)))}")
    d = _axis(axis, nodes[0].ndim + 1, "stack", name)
    return concatenate([t.unsqueeze(d) for t in nodes], d)


def hstack(tensors: Sequence[Any]) -> Any:
    """Join along the columns (numpy.hstack, torch.hstack): along dim 0 for 1-D Tensors
    (a 0-d one is one value), along dim 1 otherwise."""
    nodes = _at_least("hstack", tensors, 1)
    return _joined("hstack", nodes, 0 if nodes[0].ndim == 1 else 1)


def vstack(tensors: Sequence[Any]) -> Any:
    """Join along the rows (numpy.vstack, torch.vstack; torch.row_stack): 1-D Tensors are
    rows (1, n), then joined along dim 0."""
    return _joined("vstack", _at_least("vstack", tensors, 2), 0)


row_stack = vstack


def dstack(tensors: Sequence[Any]) -> Any:
    """Join along dim 2 (numpy.dstack, torch.dstack): (n,) is (1, n, 1) and (m, n) is
    (m, n, 1) first."""
    return _joined("dstack", _at_least("dstack", tensors, 3), 2)


def column_stack(tensors: Sequence[Any]) -> Any:
    """Join as columns (numpy.column_stack, torch.column_stack): 0-d and 1-D Tensors are
    columns (n, 1), then joined along dim 1."""
    nodes = _stack_items("column_stack", tensors)
    return _joined("column_stack", [t.reshape(t.size, 1) if t.ndim < 2 else t
                                    for t in nodes], 1)


def _stack_items(op: str, tensors: Any) -> tuple[Any, ...]:
    if isinstance(tensors, Node):  # (a Tensor iterates over its rows: not what was meant)
        raise TypeError(f"{op}: tensors must be a sequence of Tensors, got one: "
                        f"{shown(tensors)}; pass [x, y, ...]")
    nodes = _as_tensors(tensors, op)
    if not nodes:
        raise ValueError(f"{op}: needs at least one Tensor")
    return nodes


def _at_least(op: str, tensors: Any, ndim: int) -> list[Any]:
    """numpy's atleast_1d, atleast_2d or atleast_3d of each Tensor: (n,) is (1, n) and
    (1, n, 1), (m, n) is (m, n, 1), a 0-d Tensor all ones."""
    shaped = []
    for t in _stack_items(op, tensors):
        shape = t.shape
        if len(shape) < ndim:
            shape = {0: (1,) * ndim, 1: (1,) + shape + (1,) * (ndim - 2),
                     2: shape + (1,)}[len(shape)]
        shaped.append(t.reshape(shape) if shape != t.shape else t)
    return shaped


def _joined(op: str, nodes: Sequence[Any], d: int) -> Any:
    """The Tensors concatenated along d, once their shapes are checked to agree but at d."""
    first = nodes[0].shape
    for i, t in enumerate(nodes):
        if len(t.shape) != len(first) or any(
                a != b for k, (a, b) in enumerate(zip(t.shape, first, strict=True)) if k != d):
            raise ValueError(f"{op}: tensors[{i}] of shape {t.shape} does not join tensors[0] "
                             f"of shape {first} along dim {d} (the other sizes must match)")
    return apply(ops.concatenate, nodes, (d,)) if len(nodes) > 1 else nodes[0].clone()


def reshape(input: Any, *sizes: Any, shape: Any = None) -> Any:  # noqa: A002 (PyTorch's)
    """input with a new shape of the same size (one size may be -1): torch.reshape(input,
    shape), or numpy's reshape(a, (2, 3)) and reshape(a, 2, 3)."""
    return _tensor(input, "reshape", "input").reshape(*sizes, shape=shape)


def transpose(input: Any, dim0: Any = None, dim1: int | None = None, *,  # noqa: A002
              axes: Any = None) -> Any:
    """torch.transpose(input, dim0, dim1): the two dims swapped. numpy.transpose's forms
    too: transpose(a) reverses the axes, transpose(a, axes) (a tuple, or axes=) permutes
    them."""
    x = _tensor(input, "transpose")
    if dim1 is not None:
        if axes is not None:
            raise TypeError(f"transpose: got dim0 and dim1={shown(dim1)} (PyTorch's) and "
                            f"axes={shown(axes)} (numpy's); pass one")
        if dim0 is None:
            raise TypeError(f"transpose: got dim1={shown(dim1)} without dim0; "
                            "torch.transpose takes two dims to swap")
        return x._swapped(dim0, dim1, "transpose", ("dim0", "dim1"))
    order, name = either_named("transpose", "axes", axes, "dim0", dim0, None)
    if order is None:
        return x.transpose()
    if isinstance(order, (numbers.Integral, np.bool_)):
        raise TypeError(f"transpose: got one dim, {name}={shown(order)}; torch.transpose "
                        "takes two dims to swap, numpy.transpose a tuple of every axis")
    return x._permuted(shape_args((order,), "transpose", name), "transpose", name)


def permute(input: Any, dims: Sequence[int]) -> Any:  # noqa: A002
    """The dims reordered: dim i of the result is dim dims[i] of input (torch.permute)."""
    return _tensor(input, "permute").permute(dims)


def t(input: Any) -> Any:  # noqa: A002
    """A matrix transposed; a 0-d or 1-D Tensor as it is (torch.t)."""
    return _tensor(input, "t").t()


def broadcast_to(input: Any, size: Sequence[int]) -> Any:  # noqa: A002
    """input broadcast to the shape `size`, a view whose gradient sums back
    (torch.broadcast_to, numpy.broadcast_to); -1 keeps a size, as PyTorch's."""
    x = _tensor(input, "broadcast_to")
    return x._expand(shape_args((size,), "broadcast_to", "size"), "broadcast_to", "size")


def flatten(input: Any, start_dim: int = 0, end_dim: int = -1) -> Any:  # noqa: A002
    """dims start_dim to end_dim merged into one (torch.flatten)."""
    return _tensor(input, "flatten", "input").flatten(start_dim, end_dim)


def ravel(input: Any) -> Any:  # noqa: A002
    """The values in one dim, in C order (np.ravel, torch.ravel)."""
    return _tensor(input, "ravel", "input").ravel()


def unflatten(input: Any, dim: int, sizes: Sequence[int]) -> Any:  # noqa: A002
    """dim split into dims of `sizes` (torch.unflatten)."""
    return _tensor(input, "unflatten", "input").unflatten(dim, sizes)


def squeeze(input: Any, axis: Any = None, *, dim: Any = None) -> Any:  # noqa: A002
    """Size-1 dims removed (np.squeeze raises for a named dim of another size; with dim=,
    torch.squeeze leaves it)."""
    return _tensor(input, "squeeze", "input").squeeze(axis, dim=dim)


def unsqueeze(input: Any, dim: int) -> Any:  # noqa: A002
    """A new dim of size 1 at `dim` (torch.unsqueeze; numpy's expand_dims)."""
    return _tensor(input, "unsqueeze", "input").unsqueeze(dim=dim)


def expand_dims(a: Any, axis: int) -> Any:
    """A new axis of size 1 at `axis` (np.expand_dims; PyTorch's unsqueeze)."""
    return _tensor(a, "expand_dims", "a").unsqueeze(axis=axis)


def movedim(input: Any, source: Any, destination: Any) -> Any:  # noqa: A002
    """dims `source` moved to `destination`, the others kept in order (torch.movedim,
    np.moveaxis)."""
    return _tensor(input, "movedim", "input").movedim(source, destination)


moveaxis = movedim


def swapaxes(input: Any, axis0: int, axis1: int) -> Any:  # noqa: A002
    """Two dims swapped (np.swapaxes, torch.swapaxes and torch.swapdims)."""
    return _tensor(input, "swapaxes", "input")._swapped(axis0, axis1, "swapaxes",
                                                        ("axis0", "axis1"))


swapdims = swapaxes


def narrow(input: Any, dim: int, start: int, length: int) -> Any:  # noqa: A002
    """`length` entries along dim from `start` (torch.narrow)."""
    return _tensor(input, "narrow", "input").narrow(dim, start, length)


def flip(input: Any, dims: Any = None, *, axis: Any = None) -> Any:  # noqa: A002
    """The order reversed along dims (torch.flip; np.flip's axis=, all axes when none)."""
    return _tensor(input, "flip", "input").flip(dims=dims, axis=axis)


def fliplr(input: Any) -> Any:  # noqa: A002
    """Flipped along dim 1 (torch.fliplr, np.fliplr)."""
    return _tensor(input, "fliplr", "input").fliplr()


def flipud(input: Any) -> Any:  # noqa: A002
    """Flipped along dim 0 (torch.flipud, np.flipud)."""
    return _tensor(input, "flipud", "input").flipud()


def roll(input: Any, shifts: Any = None, dims: Any = None, *, shift: Any = None,  # noqa: A002
         axis: Any = None) -> Any:
    """Entries moved cyclically (torch.roll(input, shifts, dims), np.roll(a, shift, axis));
    no dims: along the flattened Tensor, its shape kept."""
    return _tensor(input, "roll", "input").roll(shifts, dims, shift=shift, axis=axis)


def tile(input: Any, dims: Any = None, *, reps: Any = None) -> Any:  # noqa: A002
    """Copies side by side, dims[i] along dim i (torch.tile(input, dims), np.tile(A, reps))."""
    counts, name = either_named("tile", "reps", reps, "dims", dims, None)
    if counts is None:
        raise TypeError("tile: missing dims (PyTorch's name) or reps (numpy's)")
    x = _tensor(input, "tile", "input")
    return x._tiled(sizes((counts,), "tile", name))


def repeat(a: Any, repeats: Any, axis: int | None = None) -> Any:
    """numpy's np.repeat: each entry repeated in place along axis (no axis: flattened),
    which is PyTorch's repeat_interleave. Not Tensor.repeat, PyTorch's, which tiles (torch
    has no function `repeat`, so this name keeps numpy's meaning)."""
    return _tensor(a, "repeat", "a").repeat_interleave(repeats, axis=axis)


def repeat_interleave(input: Any, repeats: Any = None,  # noqa: A002
                      dim: int | None = None) -> Any:
    """Each entry repeated in place along dim, `repeats` times or repeats[i] times for entry
    i (torch.repeat_interleave, np.repeat); no dim: along the flattened Tensor. With one
    argument, PyTorch's repeat_interleave(repeats): index i repeated repeats[i] times
    ([2, 0, 1] gives [0, 0, 2]), in the counts' integer dtype (int32 stays)."""
    if repeats is None and dim is None:
        return _indices_repeated(input)
    return _tensor(input, "repeat_interleave", "input").repeat_interleave(repeats, dim)


def _indices_repeated(counts: Any) -> Any:
    array = as_array(counts.data if isinstance(counts, Node) else counts, "repeat_interleave",
                     "input")
    if array.dtype.kind not in "iu":
        raise TypeError(f"repeat_interleave: with no repeats=, input is the counts and must "
                        f"be integers, got {shown(counts)}")
    if array.ndim != 1:
        raise ValueError(f"repeat_interleave: with no repeats=, input is the counts and must "
                         f"be 1-D (one count per index), got shape {array.shape}")
    if (array < 0).any():
        raise ValueError(f"repeat_interleave: the counts (input) must be non-negative, got "
                         f"{shown(counts)}")
    dtype = np.int32 if array.dtype == np.int32 else np.int64
    indices = np.repeat(np.arange(len(array), dtype=dtype), array)
    return make_node(Tensor, indices, (), "", ())


def split(tensor: Any, split_size_or_sections: Any, dim: int = 0) -> tuple[Any, ...]:
    """PyTorch's torch.split: pieces of split_size along dim (the last may be smaller), or
    of the listed sizes. Not np.split, which takes a number of equal sections or the
    indices to cut at: np.split(x, [2, 5]) is split(x, [2, 3, n - 5])."""
    return _tensor(tensor, "split", "tensor").split(split_size_or_sections, dim)


def chunk(input: Any, chunks: int, dim: int = 0) -> tuple[Any, ...]:  # noqa: A002
    """At most `chunks` pieces of ceil(size / chunks) along dim (torch.chunk; np.array_split
    makes `chunks` pieces whose sizes differ by at most one instead)."""
    return _tensor(input, "chunk", "input").chunk(chunks, dim)


def unbind(input: Any, dim: int = 0) -> tuple[Any, ...]:  # noqa: A002 (PyTorch's name)
    """The slices along dim, each without that axis (torch.unbind)."""
    return _tensor(input, "unbind", "input").unbind(dim)


def meshgrid(*tensors: Any, indexing: str = "ij") -> tuple[Any, ...]:
    """Coordinate grids from 1-D Tensors (torch.meshgrid, np.meshgrid). indexing='ij' (the
    default here and in PyTorch): grid i varies along dim i, shape (len(x0), len(x1), ...).
    'xy' (numpy's default, for images): the first two dims swapped, (len(x1), len(x0), ...).
    Each grid is a broadcast, so its gradient sums back to its Tensor."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    choice(indexing, "indexing", "meshgrid", ("ij", "xy"))
    nodes = _as_tensors(tensors, "meshgrid") if tensors else ()
    for i, t in enumerate(nodes):
        if t.ndim > 1:
            raise ValueError(f"meshgrid: takes 0-d or 1-D Tensors, got shape {t.shape} for "
                             f"Tensor {i}")
    dims = list(range(len(nodes)))
    if indexing == "xy" and len(nodes) > 1:
        dims[0], dims[1] = 1, 0  # x varies along the columns, y along the rows
    shape = [0] * len(nodes)
    for t, d in zip(nodes, dims, strict=True):
        shape[d] = t.size
    return tuple(t.reshape([-1 if k == d else 1 for k in range(len(nodes))])
                 .broadcast_to(tuple(shape)) for t, d in zip(nodes, dims, strict=True))


def pad(input: Any, pad: Sequence[int], mode: str = "constant",  # noqa: A002
        value: float | None = None) -> Any:
    """PyTorch's F.pad: pad = (left, right) for the last dim, then (top, bottom) for the one
    before, ...; modes 'constant' (value, default 0), 'reflect', 'replicate', 'circular'.
    Negative widths crop (constant mode). numpy's np.pad is `numpy_pad`."""
    return _padding.pad(_tensor(input, "pad", "input"), pad, mode, value)


def numpy_pad(array: Any, pad_width: Any, mode: str = "constant",
              constant_values: Any = 0) -> Any:
    """numpy's np.pad: pad_width per dim, first dim first ((before, after) pairs, one pair,
    or one int); modes 'constant', 'edge', 'reflect', 'wrap', 'symmetric'."""
    return _padding.numpy_pad(_tensor(array, "numpy_pad", "array"), pad_width, mode,
                              constant_values)


def tril(input: Any, diagonal: int | None = None, *, k: int | None = None) -> Any:  # noqa: A002
    """The lower triangle of the last two dims (torch.tril; np.tril's k= is diagonal=)."""
    return _tensor(input, "tril", "input").tril(diagonal, k=k)


def triu(input: Any, diagonal: int | None = None, *, k: int | None = None) -> Any:  # noqa: A002
    """The upper triangle of the last two dims (torch.triu; np.triu's k= is diagonal=)."""
    return _tensor(input, "triu", "input").triu(diagonal, k=k)


def diag(input: Any, diagonal: int | None = None, *, k: int | None = None) -> Any:  # noqa: A002
    """1-D: the matrix with it on a diagonal; 2-D: a diagonal (torch.diag, np.diag's k=)."""
    chosen, name = either_named("diag", "k", k, "diagonal", diagonal, 0)
    return _tensor(input, "diag", "input").diag(integer(chosen, name, "diag"))


def diagonal(input: Any, offset: int = 0, dim1: int | None = None,  # noqa: A002
             dim2: int | None = None, *, axis1: int | None = None,
             axis2: int | None = None) -> Any:
    """The offset-th diagonal of the matrices in dim1 and dim2, as a last dim (torch.diagonal,
    np.diagonal's axis1 and axis2)."""
    return _tensor(input, "diagonal", "input").diagonal(offset, dim1, dim2, axis1=axis1,
                                                         axis2=axis2)


def trace(input: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:  # noqa: A002
    """The sum of a diagonal (torch.trace of a matrix; np.trace's offset and axes)."""
    return _tensor(input, "trace", "input").trace(offset, axis1, axis2)
