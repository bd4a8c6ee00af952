"""scatter_reduce: src reduced into x at index along an axis (PyTorch's scatter_reduce).

    out[i, index[i, j], k] = reduce(x[i, index[i, j], k] if include_self,
                                    every src[i, j, k] whose index names that place)

for axis 1 (and so on); a place that no index names keeps x. `reduce` is 'sum', 'prod',
'mean', 'amax' or 'amin'. src has index's shape here (the surface cuts it to the part index
covers). The gradients are PyTorch's (scatter_reduce_backward): a place that ties for the
maximum or minimum shares its gradient evenly among every input equal to the result there,
and with include_self=False, x gets no gradient at the places written.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..node import Node
from ..primitive import Primitive
from .indexing import along, gather
from .select import data_of, where

_UFUNC = {"sum": np.add, "mean": np.add, "prod": np.multiply, "amax": np.maximum,
          "amin": np.minimum}


def _start(dtype: np.dtype[Any], reduce: str) -> Any:
    """What a place starts from when x is left out (include_self=False): reduce's identity."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    low, high = (-np.inf, np.inf) if dtype.kind == "f" else (
        (np.iinfo(dtype).min, np.iinfo(dtype).max) if dtype.kind in "iu" else (False, True))
    return low if reduce == "amax" else high


def counts(index: np.ndarray, axis: int, shape: tuple[int, ...], include_self: bool
           ) -> np.ndarray:
    """How many values each place of the output reduces (x's own counted if include_self),
    at least 1: the divisor of 'mean'."""
    n = np.full(shape, int(include_self), dtype=np.int64)
    np.add.at(n, along(index, axis), 1)
    return np.maximum(n, 1)


def _forward(x: np.ndarray, src: np.ndarray, index: np.ndarray, axis: int, reduce: str,
             include_self: bool) -> np.ndarray:
    at = along(index, axis)
    out = x.copy()
    if not include_self:
        out[at] = _start(x.dtype, reduce)
    _UFUNC[reduce].at(out, at, src)
    if reduce != "mean":
        return out
    n = counts(index, axis, x.shape, include_self)
    # an integer mean rounds toward -inf, as PyTorch's (a sum in the dtype, floor divided)
    return out / n.astype(x.dtype) if x.dtype.kind == "f" else (out // n).astype(x.dtype)


def _ties(out: Any, x: Any, src: Any, index: np.ndarray, axis: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For amax and amin: which entries of x and of src equal the result at their place,
    and how many inputs each place's gradient is shared among (1 where none: a nan)."""
    out, x, src = data_of(out), data_of(x), data_of(src)
    x_is = x == out
    src_is = src == out[along(index, axis)]
    n = x_is.astype(np.int64)
    np.add.at(n, along(index, axis), src_is)
    return x_is, src_is, np.maximum(n, 1)


def _written(index: np.ndarray, axis: int, shape: tuple[int, ...]) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    mask[along(index, axis)] = True
    return mask


def _vjp_x(g: Any, out: Any, x: Any, src: Any, index: np.ndarray, axis: int, reduce: str,
           include_self: bool) -> Any:
    shape = np.shape(data_of(x))
    if reduce == "sum":
        gx = g
    elif reduce == "mean":
        gx = g / counts(index, axis, shape, include_self)
    elif reduce == "prod":  # the product of the others at x's place: of src's values there
        ones = np.ones(shape, dtype=np.result_type(data_of(x)))
        gx = g * scatter_reduce(ones, src, index, axis, reduce, True)
    else:
        x_is, _, n = _ties(out, x, src, index, axis)
        gx = where(g / n, 0.0, x_is)
    return gx if include_self else where(gx, 0.0, ~_written(index, axis, shape))


def _vjp_src(g: Any, out: Any, x: Any, src: Any, index: np.ndarray, axis: int, reduce: str,
             include_self: bool) -> Any:
    if reduce == "sum":
        return gather(g, index, axis)
    if reduce == "mean":
        return gather(g / counts(index, axis, np.shape(data_of(x)), include_self), index, axis)
    if reduce in ("amax", "amin"):
        _, src_is, n = _ties(out, x, src, index, axis)
        return where(gather(g / n, index, axis), 0.0, src_is)
    # prod: out / src, except for a zero in src: the product of the others at its place,
    # found by reducing again with that zero read as 1 (PyTorch's way, exact at zeros)
    zero = data_of(src) == 0
    zeros = np.zeros(np.shape(data_of(x)), dtype=np.int64)
    np.add.at(zeros, along(index, axis), zero)
    at_place = zeros[along(index, axis)]
    if isinstance(g, Node) and np.any(at_place > 1):
        raise RuntimeError(
            "scatter_reduce: the second derivative for src is not supported where more than "
            "one zero of src is reduced into the same place (as PyTorch's double backward)")
    lone = zero & (at_place == 1)
    others = scatter_reduce(x, where(src, 1.0, ~lone), index, axis, reduce, include_self)
    return where(gather(g * others, index, axis),
                 gather(g * out, index, axis) / where(src, 1.0, ~zero), lone)


scatter_reduce = Primitive("scatter_reduce", _forward, (_vjp_x, _vjp_src))
"""scatter_reduce(x, src, index, axis, reduce, include_self). d/dx: 1 ('sum'), 1/n ('mean',
n the count at the place), the product of the others ('prod'), 1/k at the k inputs
that tie for the result ('amax', 'amin'), 0 at the places written when include_self is
False; d/dsrc: the same at each entry's place (gathered)"""
