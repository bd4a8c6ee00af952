"""Reductions, scans and sorting as functions: autograd.prod(x, dim), autograd.sort(x), ...

Each is the Tensor method of the same name (see its help), on x made a Tensor if need be.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..arguments import _UNSET, Axis
from ..surface import norms as _norms
from .common import as_tensor as _tensor


def prod(x: Any, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
         keepdim: bool | None = None) -> Any:
    """The product over axis/dim (numpy.prod, torch.prod); exact gradient with zeros."""
    return _tensor(x, "prod", "x").prod(axis, keepdims, dim=dim, keepdim=keepdim)


def cumsum(x: Any, axis: int | None = None, *, dim: int | None = None) -> Any:
    """The running sum along axis/dim (numpy.cumsum, torch.cumsum); None: flattened."""
    return _tensor(x, "cumsum", "x").cumsum(axis, dim=dim)


def cumprod(x: Any, axis: int | None = None, *, dim: int | None = None) -> Any:
    """The running product along axis/dim (numpy.cumprod, torch.cumprod); exact gradient
    with zeros."""
    return _tensor(x, "cumprod", "x").cumprod(axis, dim=dim)


def logcumsumexp(x: Any, dim: int | None = None, *, axis: int | None = None) -> Any:
    """log(cumsum(exp(x))) along dim, computed stably (torch.logcumsumexp)."""
    return _tensor(x, "logcumsumexp", "x").logcumsumexp(dim, axis=axis)


def any_(x: Any, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
         keepdim: bool | None = None) -> Any:
    """Whether any value is nonzero (numpy.any, torch.any): a bool Tensor. autograd.any."""
    return _tensor(x, "any", "x").any(axis, keepdims, dim=dim, keepdim=keepdim)


def all_(x: Any, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
         keepdim: bool | None = None) -> Any:
    """Whether every value is nonzero (numpy.all, torch.all): a bool Tensor. autograd.all."""
    return _tensor(x, "all", "x").all(axis, keepdims, dim=dim, keepdim=keepdim)


def norm(x: Any, p: Any = _UNSET, dim: Axis = None, keepdim: bool | None = None, *,
         ord: Any = _UNSET, axis: Axis = None,  # noqa: A002 (numpy's name)
         keepdims: bool | None = None) -> Any:
    """torch.norm (p=, default 'fro': the 2-norm), or with ord= numpy.linalg.norm and
    torch.linalg.norm (matrix norms for 2-D); see Tensor.norm."""
    return _tensor(x, "norm", "x").norm(p, dim, keepdim, ord=ord, axis=axis, keepdims=keepdims)


def vector_norm(x: Any, ord: Any = 2, dim: Axis = None,  # noqa: A002 (PyTorch's name)
                keepdim: bool = False) -> Any:
    """torch.linalg.vector_norm: (sum |x|^ord)^(1/ord) over dim (all axes for None)."""
    return _norms.vector_norm(_tensor(x, "vector_norm", "x"), ord, dim, keepdim)


def matrix_norm(x: Any, ord: Any = "fro", dim: tuple[int, int] = (-2, -1),  # noqa: A002
                keepdim: bool = False) -> Any:
    """torch.linalg.matrix_norm: 'fro', 1, -1, inf or -inf over the axes dim=(rows, cols)."""
    return _norms.matrix_norm(_tensor(x, "matrix_norm", "x"), ord, dim, keepdim)


def sort(x: Any, dim: int | None = None, descending: bool = False, stable: bool = False, *,
         axis: Any = _UNSET, kind: str | None = None) -> Any:
    """torch.sort's (values, indices); with axis= numpy.sort's values (axis=None:
    flattened). NaN is the largest value; ties keep their order."""
    return _tensor(x, "sort", "x").sort(dim, descending, stable, axis=axis, kind=kind)


def argsort(x: Any, axis: Any = _UNSET, kind: str | None = None, *, dim: int | None = None,
            descending: bool = False, stable: bool | None = None) -> np.ndarray:
    """numpy.argsort and torch.argsort: the indices that sort along axis/dim."""
    return _tensor(x, "argsort", "x").argsort(axis, kind, dim=dim, descending=descending,
                                              stable=stable)


def topk(x: Any, k: int, dim: int = -1, largest: bool = True,
         sorted: bool = True) -> Any:  # noqa: A002 (PyTorch's name)
    """torch.topk: the k largest (or smallest) values along dim and their indices."""
    return _tensor(x, "topk", "x").topk(k, dim, largest, sorted)


def median(x: Any, dim: int | None = None, keepdim: bool | None = None, *,
           axis: Any = _UNSET, keepdims: bool | None = None) -> Any:
    """torch.median (the lower middle value; with dim, values and indices); with axis= or
    keepdims=, numpy.median (the mean of the two middle values)."""
    return _tensor(x, "median", "x").median(dim, keepdim, axis=axis, keepdims=keepdims)


def mode(x: Any, dim: int = -1, keepdim: bool = False) -> Any:
    """torch.mode: the most frequent value along dim (the smallest of ties) and its index."""
    return _tensor(x, "mode", "x").mode(dim, keepdim)
