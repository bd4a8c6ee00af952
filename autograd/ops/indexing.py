"""Indexing along an axis: gather, scatter_add_along and scatter (PyTorch's gather family).

`index` has as many dimensions as the input; each entry names a position along `axis`, and
its own position names the others (the surface checks the ranges):

    gather(x, index, 1)[i, j, k] = x[i, index[i, j, k], k]
    scatter(x, src, index, 1)[i, index[i, j, k], k] = src[i, j, k]   (x elsewhere)
"""

from __future__ import annotations

import numpy as np

from ..primitive import Primitive
from .select import negate, where


def along(index: np.ndarray, axis: int) -> tuple[np.ndarray, ...]:
    """The numpy index that reads `index` along `axis`: index itself there, and on every other
    axis the entry's own position (open grids that broadcast to index's shape)."""
    grid = list(np.indices(index.shape, sparse=True))
    grid[axis] = index
    return tuple(grid)


def _scatter_add_along(x: np.ndarray, index: np.ndarray, axis: int, shape: tuple[int, ...]
                       ) -> np.ndarray:
    out = np.zeros(shape, dtype=x.dtype)
    np.add.at(out, along(index, axis), x)  # add.at, not +=, so repeated targets add up
    return out


gather = Primitive("gather", lambda x, index, axis: x[along(index, axis)], (
    lambda g, out, x, index, axis: scatter_add_along(g, index, axis, x.shape),
))
"""d/dx gather(x, index) puts each g back where its value came from (repeated indices add up)"""

scatter_add_along = Primitive("scatter_add", _scatter_add_along, key="scatter_add_along", vjps=(
    lambda g, out, x, index, axis, shape: gather(g, index, axis),
))
"""scatter_add_along(x, index, axis, shape) adds x into zeros of `shape` at index along axis:
gather's transpose, so its vjp is gather"""


def last_writes(index: np.ndarray, axis: int, shape: tuple[int, ...]
                ) -> tuple[np.ndarray, np.ndarray]:
    """Which entries of `index` a scatter keeps, and which targets it writes. Where several
    entries name one target, the last in C order is kept (numpy's assignment, and PyTorch's on
    the CPU): the others are overwritten, so they have no effect and get no gradient."""
    targets = np.ravel_multi_index(np.broadcast_arrays(*along(index, axis)), shape).ravel()
    _, from_the_end = np.unique(targets[::-1], return_index=True)
    kept = np.zeros(targets.size, dtype=bool)
    kept[targets.size - 1 - from_the_end] = True
    written = np.zeros(int(np.prod(shape)), dtype=bool)
    written[targets] = True
    return kept.reshape(index.shape), written.reshape(shape)


def _scatter(x: np.ndarray, src: np.ndarray, index: np.ndarray, axis: int) -> np.ndarray:
    kept, _ = last_writes(index, axis, x.shape)
    out = x.copy()  # C order, so reshape(-1) below is a view of it
    targets = np.ravel_multi_index(np.broadcast_arrays(*along(index, axis)), x.shape)
    out.reshape(-1)[targets[kept]] = src[kept]
    return out


scatter = Primitive("scatter", _scatter, (
    lambda g, out, x, src, index, axis: where(g, 0.0, negate(last_writes(index, axis,
                                                                         x.shape)[1])),
    lambda g, out, x, src, index, axis: where(gather(g, index, axis), 0.0,
                                              last_writes(index, axis, x.shape)[0]),
))
"""d/dx scatter(x, src) = 1 where nothing is written, 0 where src overwrites x; d/dsrc = g at
the target of each src entry that is kept, 0 for one a later entry overwrites"""
