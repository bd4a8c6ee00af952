"""x[index] as ONNX (getitem), its transpose scatter_add (the op under index_put), gather,
scatter_add_along and scatter (PyTorch's gather family), flip and roll.

Basic indexes work on any input, dynamic axes included: ints (negative too), slices (any
step), Ellipsis, None, and one integer array (or list) among them, become Slice, Gather and
Unsqueeze nodes. Every other index numpy takes (several integer arrays, an int beside an
array, boolean masks) is exported as numpy computes it: one Gather, from the flattened
input, of the positions the index selects (worked out at export time), which needs the
input's shape fixed. scatter_add adds into those same positions (ScatterElements).

gather is GatherElements and flip a Slice of step -1, on any shapes; scatter_add_along,
scatter and roll write or read fixed positions, and need fixed shapes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import ops

from .table import register
from .trace import Dim, describe

INT64_MAX, INT64_MIN = int(np.iinfo(np.int64).max), int(np.iinfo(np.int64).min)


@register(ops.getitem)
def getitem(g: Any, node: Any) -> str:
    x, (index,) = g.input(node, 0), node._args
    source = node._prev[0]
    entries = _basic(index, source.data.ndim)
    if entries is None:
        return g.op("Gather", _flat(g, node, source, x), g.const(_positions(source, index)),
                    axis=0)
    dims = g.dims(source)
    starts: list[int] = []
    ends: list[int] = []
    axes: list[int] = []
    steps: list[int] = []
    gathers: list[tuple[int, Any]] = []  # (input axis, index): ints drop it, arrays replace it
    new_axes: list[int] = []  # where None puts an axis of length 1, in the result
    axis = out_axis = 0
    for entry in entries:
        if entry is None:
            new_axes.append(out_axis)
            out_axis += 1
        elif isinstance(entry, slice):
            if entry != slice(None):
                start, end, step = _bounds(entry, dims[axis])
                starts.append(start)
                ends.append(end)
                axes.append(axis)
                steps.append(step)
            axis += 1
            out_axis += 1
        else:
            gathers.append((axis, entry))
            axis += 1
            out_axis += np.ndim(entry)
    y = x
    if axes:
        y = g.op("Slice", y, g.ints(starts), g.ints(ends), g.ints(axes), g.ints(steps))
    for axis, entry in reversed(gathers):  # the last first: earlier axes keep their numbers
        y = g.op("Gather", y, g.const(np.asarray(entry, dtype=np.int64)), axis=axis)
    return g.unsqueeze(y, new_axes)


@register(ops.scatter_add)
def scatter_add(g: Any, node: Any) -> str:
    """zeros(shape) with the input added at index (repeats add up), as np.add.at."""
    index, shape = node._args
    _fixed(g, node, "adds into fixed positions", 16)
    positions = np.arange(math.prod(shape), dtype=np.int64).reshape(shape)[index]
    values = g.op("Expand", g.input(node, 0), g.ints(positions.shape))
    zeros = g.const(np.zeros(math.prod(shape), node.data.dtype))
    flat = g.op("ScatterElements", zeros, g.const(positions.reshape(-1)),
                g.reshape(values, [positions.size], node.data.dtype), axis=0, reduction="add")
    return g.reshape(flat, shape, node.data.dtype)


def _basic(index: Any, ndim: int) -> list[Any] | None:
    """The index as one entry per axis (Ellipsis expanded, None kept), or None when it is
    not basic (see the module docstring)."""
    items = index if isinstance(index, tuple) else (index,)
    arrays = ints = ellipses = 0
    for item in items:
        if item is None or isinstance(item, slice):
            continue
        if item is Ellipsis:
            ellipses += 1
        elif isinstance(item, np.ndarray) and item.dtype.kind in "iu":
            arrays += 1
        elif isinstance(item, (int, np.integer)) and not isinstance(item, (bool, np.bool_)):
            ints += 1
        else:  # a boolean mask, a bool, anything else numpy takes
            return None
    if arrays > 1 or (arrays and ints) or ellipses > 1:
        return None
    used = sum(1 for item in items if item is not None and item is not Ellipsis)
    fill = [slice(None)] * (ndim - used)
    if not ellipses:
        return [*items, *fill]
    at = next(i for i, item in enumerate(items) if item is Ellipsis)
    return [*items[:at], *fill, *items[at + 1:]]


def _bounds(s: slice, dim: Dim) -> tuple[int, int, int]:
    """(start, end, step) for ONNX's Slice, selecting what Python's slice selects."""
    step = 1 if s.step is None else int(s.step)
    if dim.static:
        chosen = range(*s.indices(dim.factor))
        if not chosen:
            return 0, 0, 1
        end = chosen[-1] + (1 if step > 0 else -1)
        return chosen[0], end if end >= 0 else INT64_MIN, step  # -1 would mean the last
    # A length known only at run time: ONNX clamps as Python does (for a negative step, a
    # start below -length is the one difference: Python selects nothing, ONNX the first).
    start = int(s.start) if s.start is not None else (0 if step > 0 else INT64_MAX)
    stop = int(s.stop) if s.stop is not None else (INT64_MAX if step > 0 else INT64_MIN)
    return start, stop, step


def _flat(g: Any, node: Any, source: Any, x: str) -> str:
    """x flattened, for a gather of fixed positions: only when its shape is fixed."""
    for axis, d in enumerate(g.dims(source)):
        if not d.static:
            raise ValueError(
                f"export_onnx: {describe(node)}: this index (several integer arrays, an int "
                "beside an array, or a boolean mask) is exported as a gather of fixed "
                f"positions, which needs a fixed shape, but axis {axis} of its input follows "
                f"dynamic axis {d}; index one integer array at a time, with slices")
    return g.reshape(x, [source.data.size], source.data.dtype)


def _positions(source: Any, index: Any) -> np.ndarray:
    return np.arange(source.data.size, dtype=np.int64).reshape(source.data.shape)[index]


@register(ops.gather)
def _gather(g: Any, node: Any) -> str:
    index, axis = node._args
    return g.op("GatherElements", g.input(node, 0), g.const(np.asarray(index, np.int64)),
                axis=axis)


@register(ops.scatter_add_along)
def _scatter_add_along(g: Any, node: Any) -> str:
    """zeros(shape) with x added at index along axis (repeats add up)."""
    index, axis, shape = node._args
    _fixed(g, node, "adds into zeros of a fixed shape", 16)
    zeros = g.const(np.zeros(shape, node.data.dtype))
    return g.op("ScatterElements", zeros, g.const(np.asarray(index, np.int64)),
                g.input(node, 0), axis=axis, reduction="add")


@register(ops.scatter)
def _scatter(g: Any, node: Any) -> str:
    """x with src written at index along axis; where several entries name one place, the
    last one's (numpy's order), so only those are written, each once, into the flattened x."""
    index, axis = node._args
    _fixed(g, node, "writes fixed positions", 13)
    x, src = g.inputs(node)
    shape = node.data.shape
    targets = np.ravel_multi_index(np.broadcast_arrays(*ops.indexing.along(index, axis)),
                                   shape)
    kept, _ = ops.indexing.last_writes(index, axis, shape)
    values = g.op("Gather", g.reshape(src, [node._prev[1].data.size], node.data.dtype),
                  g.const(np.flatnonzero(kept).astype(np.int64)), axis=0)
    flat = g.op("ScatterElements", g.reshape(x, [node.data.size], node.data.dtype),
                g.const(targets[kept].astype(np.int64)), values, axis=0)
    return g.reshape(flat, shape, node.data.dtype)


@register(ops.flip)
def _flip(g: Any, node: Any) -> str:
    (axes,) = node._args
    axes = tuple(range(node.data.ndim)) if axes is None else tuple(np.atleast_1d(axes))
    if not axes:
        return g.input(node, 0)
    n = len(axes)
    return g.op("Slice", g.input(node, 0), g.ints([-1] * n), g.ints([INT64_MIN] * n),
                g.ints(axes), g.ints([-1] * n))


@register(ops.roll)
def _roll(g: Any, node: Any) -> str:
    """np.roll: each axis read from its positions shifted back (one Gather per axis; over
    the flattened array when axes is None)."""
    shifts, axes = node._args
    _fixed(g, node, "reads fixed positions", 13)
    x = g.input(node, 0)
    if axes is None:
        flat = g.reshape(x, [node.data.size], node.data.dtype)
        moved = _rolled(g, flat, {0: int(np.sum(shifts))}, (node.data.size,))
        return g.reshape(moved, node.data.shape, node.data.dtype)
    by_axis: dict[int, int] = {}
    for shift, axis in zip(*np.broadcast_arrays(shifts, axes), strict=True):
        axis = int(axis) % node.data.ndim
        by_axis[axis] = by_axis.get(axis, 0) + int(shift)
    return _rolled(g, x, by_axis, node.data.shape)


def _rolled(g: Any, x: str, by_axis: dict[int, int], shape: tuple[int, ...]) -> str:
    for axis, shift in by_axis.items():
        n = shape[axis]
        if n and shift % n:
            x = g.op("Gather", x, g.const((np.arange(n) - shift) % n), axis=axis)
    return x


def _fixed(g: Any, node: Any, what: str, opset: int) -> None:
    """Raise unless the node's shape is fixed and the opset has what it needs."""
    if any(not d.static for d in g.dims(node)):
        raise ValueError(f"export_onnx: {describe(node)} {what}, so its shape "
                         f"{node.data.shape} cannot follow a dynamic axis")
    if g.opset < opset:
        raise ValueError(f"export_onnx: {describe(node)} needs opset {opset} or later, not "
                         f"{g.opset}")
