"""Shape and indexing: reshape transpose flip roll broadcast_to sum_to getitem scatter_add
concatenate. (Indexing along an axis, gather and scatter, is in indexing.py.)

These move values without changing them, so each vjp moves the gradient back.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..primitive import Primitive

reshape = Primitive("reshape", np.reshape, (
    lambda g, out, x, shape: reshape(g, x.shape),
))
"""reshape moves no values: its vjp reshapes g back"""

transpose = Primitive("transpose", np.transpose, (
    lambda g, out, x, axes: transpose(g, tuple(np.argsort(axes))),
))
"""transpose permutes axes: its vjp applies the inverse permutation"""


flip = Primitive("flip", np.flip, (
    lambda g, out, x, axes: flip(g, axes),
))
"""flip reverses the order along axes: its vjp flips g back"""


def _negated(shifts: int | tuple[int, ...]) -> int | tuple[int, ...]:
    return -shifts if isinstance(shifts, int) else tuple(-s for s in shifts)


roll = Primitive("roll", np.roll, (
    lambda g, out, x, shifts, axes: roll(g, _negated(shifts), axes),
))
"""roll moves entries cyclically by shifts (axes None: over the flattened array): its vjp rolls
g back by -shifts"""


def _sum_to(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum x down to `shape`: the inverse of numpy broadcasting."""
    if x.shape == shape:
        return x
    lead = x.ndim - len(shape)
    kept = tuple(lead + i for i, n in enumerate(shape) if n == 1 and x.shape[lead + i] != 1)
    if not kept and shape:  # leading axes only (a bias's gradient): an array of its own,
        return np.add.reduce(x, tuple(range(lead)))  # not a reshaped view a leaf must copy
    return np.add.reduce(x, tuple(range(lead)) + kept, keepdims=True).reshape(shape)


broadcast_to = Primitive("broadcast_to", np.broadcast_to, (
    lambda g, out, x, shape: sum_to(g, x.shape),
))
"""d/dx broadcast_to(x) sums g over the broadcast axes"""

sum_to = Primitive("sum_to", _sum_to, (
    lambda g, out, x, shape: broadcast_to(g, x.shape),
))
"""sum_to(x, shape) undoes broadcasting; its vjp broadcasts g back"""


def _scatter_add(g: np.ndarray, index: Any, shape: tuple[int, ...]) -> np.ndarray:
    full = np.zeros(shape, dtype=g.dtype)
    if _basic(index):  # slices and ints reach each place once: a copy (add.at is ~10x slower)
        full[index] = g
    else:
        np.add.at(full, index, g)  # add.at, not +=, so repeated indices accumulate
    return full


_BASIC = (int, slice, type(None), type(Ellipsis))


def _basic(index: Any) -> bool:
    """Whether an index is numpy's basic indexing (no arrays, lists or masks in it)."""
    if type(index) is not tuple:
        return type(index) in _BASIC
    for part in index:
        if type(part) not in _BASIC:
            return False
    return True


getitem = Primitive("getitem", lambda x, index: x[index], (
    lambda g, out, x, index: scatter_add(g, index, x.shape),
))
"""d/dx x[index] puts g back at index (repeated indices add up)"""

scatter_add = Primitive("scatter_add", _scatter_add, (
    lambda g, out, x, index, shape: getitem(g, index),
))
"""scatter_add is getitem's transpose; its vjp is getitem"""


def _concatenate_vjp(i: int, g: Any, out: Any, *inputs_and_axis: Any) -> Any:
    *inputs, axis = inputs_and_axis
    start = sum(x.shape[axis] for x in inputs[:i])
    index = (slice(None),) * axis + (slice(start, start + inputs[i].shape[axis]),)
    return getitem(g, index)


concatenate = Primitive("concatenate", lambda *xs_and_axis: np.concatenate(
    xs_and_axis[:-1], axis=xs_and_axis[-1]), _concatenate_vjp)
"""d/dx_i concatenate(xs) is the slice of g where x_i went"""


def swap_last(x: Any) -> Any:
    """x with its last two axes swapped."""
    axes = list(range(x.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return transpose(x, tuple(axes))


def unsqueeze(x: Any, axis: int) -> Any:
    """x with a new axis of size 1 at `axis` (negative counts from the end of the result)."""
    shape = list(x.shape)
    shape.insert(axis if axis >= 0 else len(shape) + 1 + axis, 1)
    return reshape(x, tuple(shape))
