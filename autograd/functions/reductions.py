"""Reductions, scans and sorting as functions: autograd.sum(x, dim), autograd.sort(x), ...

Each is the Tensor method of the same name (see its help), on x made a Tensor if need be.
Where numpy and PyTorch disagree, the function is PyTorch's (torch has a function of each
name here) and numpy's keywords (axis=, keepdims=, ddof=) make it numpy's, as the methods'
keywords do: autograd.max(x, 1) is torch.max's (values, indices), as x.max(dim=1), while
autograd.max(x, axis=1) is numpy's values; autograd.var(x) is torch.var's (correction=1),
autograd.var(x, axis=0) numpy's (ddof=0), where the method x.var() keeps numpy's default.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import _UNSET, Axis, flag, pytorch_dim, shown
from ..node import Node
from ..surface import norms as _norms
from ..tensor import Tensor
from .common import as_pair
from .common import as_tensor as _tensor


def sum_(input: Any, dim: Axis = None, keepdim: bool | None = None, *,  # noqa: A002
         dtype: Any = None, axis: Axis = None, keepdims: bool | None = None) -> Any:
    """torch.sum and numpy.sum: the sum over dim/axis (None: all; an int or a tuple), the
    input cast to dtype first if given. autograd.sum."""
    return _tensor(input, "sum").sum(axis, keepdims, dim=dim, keepdim=keepdim, dtype=dtype)


def mean(input: Any, dim: Axis = None, keepdim: bool | None = None, *,  # noqa: A002
         dtype: Any = None, axis: Axis = None, keepdims: bool | None = None) -> Any:
    """torch.mean and numpy.mean: the mean over dim/axis (None: all), the input cast to
    dtype first if given."""
    return _tensor(input, "mean").mean(axis, keepdims, dim=dim, keepdim=keepdim, dtype=dtype)


def max_(input: Any, dim: Any = None, keepdim: bool | None = None, *,  # noqa: A002
         axis: Axis = None, keepdims: bool | None = None) -> Any:
    """torch.max: max(input), the largest value; max(input, dim, keepdim=False), PyTorch's
    (values, indices) along dim (the first of ties); max(input, other), the larger of the
    two elementwise (torch.maximum). With axis= or keepdims=, numpy.max: the values alone,
    over an int or a tuple of axes. autograd.max."""
    return _extremum("max", ops.maximum, input, dim, keepdim, axis, keepdims)


def min_(input: Any, dim: Any = None, keepdim: bool | None = None, *,  # noqa: A002
         axis: Axis = None, keepdims: bool | None = None) -> Any:
    """torch.min: min(input), min(input, dim, keepdim=False) as (values, indices), or
    min(input, other) elementwise (torch.minimum); with axis= or keepdims=, numpy.min.
    autograd.min."""
    return _extremum("min", ops.minimum, input, dim, keepdim, axis, keepdims)


def amax(input: Any, dim: Axis = None, keepdim: bool = False) -> Any:  # noqa: A002
    """torch.amax: the largest values over dim (() or None: all), ties sharing the gradient."""
    return _tensor(input, "amax").amax(dim, keepdim)


def amin(input: Any, dim: Axis = None, keepdim: bool = False) -> Any:  # noqa: A002
    """torch.amin: the smallest values over dim (() or None: all), ties sharing the gradient."""
    return _tensor(input, "amin").amin(dim, keepdim)


def _extremum(name: str, elementwise: Any, input: Any, dim: Any,  # noqa: A002
              keepdim: Any, axis: Any, keepdims: Any) -> Any:
    if isinstance(dim, (Node, np.ndarray)):  # torch.max(input, other)
        if keepdim is not None or axis is not None or keepdims is not None:
            raise TypeError(f"{name}(input, other) is elementwise: it takes no keepdim, "
                            "axis or keepdims")
        x, other = as_pair(input, dim, name, ("input", "other"))
        try:
            np.broadcast_shapes(x.shape, other.shape)
        except ValueError:
            raise ValueError(f"{name}: other, {shown(dim)}, of shape {other.shape} does not "
                             f"broadcast with input of shape {x.shape}") from None
        return elementwise(x, other)
    x = _tensor(input, name)
    if dim is None:
        return getattr(x, name)(axis, keepdims, keepdim=keepdim)
    return getattr(x, name)(axis=axis, keepdims=keepdims, dim=dim, keepdim=keepdim)


def argmax(input: Any, dim: int | None = None, keepdim: bool | None = None, *,  # noqa: A002
           axis: int | None = None, keepdims: bool | None = None) -> Tensor:
    """torch.argmax and numpy.argmax: the index of the largest value along dim/axis (None:
    of the flattened values; the first of ties), an int64 Tensor."""
    return _tensor(input, "argmax").argmax(axis, keepdims, dim=dim, keepdim=keepdim)


def argmin(input: Any, dim: int | None = None, keepdim: bool | None = None, *,  # noqa: A002
           axis: int | None = None, keepdims: bool | None = None) -> Tensor:
    """torch.argmin and numpy.argmin: the index of the smallest value, an int64 Tensor."""
    return _tensor(input, "argmin").argmin(axis, keepdims, dim=dim, keepdim=keepdim)


def var(input: Any, dim: Axis = None, unbiased: bool | None = None,  # noqa: A002
        keepdim: bool | None = None, *, correction: float | None = None, axis: Axis = None,
        keepdims: bool | None = None, ddof: float | None = None) -> Any:
    """torch.var: sum((x - mean)^2) / (n - correction) over dim, correction=1 unless given
    (or unbiased=; PyTorch's older var(input, unbiased) and var(input, dim, unbiased,
    keepdim) too). With numpy's axis=, keepdims= or ddof=, numpy.var: ddof=0 unless given.
    (The method x.var() keeps numpy's default.)"""
    return _spread("var", input, dim, unbiased, keepdim, correction, axis, keepdims, ddof)


def std(input: Any, dim: Axis = None, unbiased: bool | None = None,  # noqa: A002
        keepdim: bool | None = None, *, correction: float | None = None, axis: Axis = None,
        keepdims: bool | None = None, ddof: float | None = None) -> Any:
    """torch.std: sqrt(var), correction=1 unless given; with numpy's axis=, keepdims= or
    ddof=, numpy.std (ddof=0 unless given). See autograd.var."""
    return _spread("std", input, dim, unbiased, keepdim, correction, axis, keepdims, ddof)


def _spread(name: str, input: Any, dim: Any, unbiased: Any, keepdim: Any,  # noqa: A002
            correction: Any, axis: Any, keepdims: Any, ddof: Any) -> Any:
    if isinstance(dim, (bool, np.bool_)):  # PyTorch's var(input, unbiased)
        if unbiased is not None:
            raise TypeError(f"{name}: got unbiased twice ({dim!r} in dim's place and "
                            f"unbiased={unbiased!r})")
        dim, unbiased = None, dim
    numpy_style = axis is not None or keepdims is not None or ddof is not None
    if not numpy_style and correction is None and unbiased is None:
        correction = 1  # PyTorch's default: the unbiased estimate
    return getattr(_tensor(input, name), name)(axis, keepdims, ddof, dim=dim, keepdim=keepdim,
                                         correction=correction, unbiased=unbiased)


def logsumexp(input: Any, dim: Axis = None, keepdim: bool | None = None, *,  # noqa: A002
              axis: Axis = None, keepdims: bool | None = None) -> Any:
    """log(sum(exp(x))) over dim/axis, computed stably (torch.logsumexp, whose dim this
    takes; none: over all values, as scipy.special.logsumexp)."""
    return _tensor(input, "logsumexp").logsumexp(axis, keepdims, dim=dim, keepdim=keepdim)


def softmax(input: Any, dim: int | None = None, dtype: Any = None, *,  # noqa: A002
            axis: int | None = None) -> Any:
    """torch.softmax(input, dim): exp(x) / sum(exp(x)) along dim (or axis=), computed
    stably, the input cast to dtype first if given. dim is required, as in PyTorch (the
    method x.softmax() takes the last)."""
    return _along("softmax", input, dim, dtype, axis)


def log_softmax(input: Any, dim: int | None = None, dtype: Any = None, *,  # noqa: A002
                axis: int | None = None) -> Any:
    """torch.log_softmax(input, dim): log(softmax) along dim (or axis=), computed stably;
    dim is required, as in PyTorch."""
    return _along("log_softmax", input, dim, dtype, axis)


def _along(name: str, input: Any, dim: Any, dtype: Any, axis: Any) -> Any:  # noqa: A002
    if dim is None and axis is None:
        raise TypeError(f"{name}: missing dim, the dim to normalise along (torch.{name}"
                        f"(input, dim); the method x.{name}() takes the last)")
    return getattr(_tensor(input, name), name)(axis, dim=dim, dtype=dtype)


def prod(input: Any, axis: Axis = None, keepdims: bool | None = None, *,  # noqa: A002
         dim: Axis = None, keepdim: bool | None = None) -> Any:
    """The product over axis/dim (numpy.prod, torch.prod); exact gradient with zeros."""
    return _tensor(input, "prod").prod(axis, keepdims, dim=dim, keepdim=keepdim)


def cumsum(input: Any, axis: int | None = None, *, dim: int | None = None) -> Any:  # noqa: A002
    """The running sum along axis/dim (numpy.cumsum, torch.cumsum); None: flattened."""
    return _tensor(input, "cumsum").cumsum(axis, dim=dim)


def cumprod(input: Any, axis: int | None = None, *, dim: int | None = None) -> Any:  # noqa: A002
    """The running product along axis/dim (numpy.cumprod, torch.cumprod); exact gradient
    with zeros."""
    return _tensor(input, "cumprod").cumprod(axis, dim=dim)


def logcumsumexp(input: Any, dim: int | None = None, *,  # noqa: A002
                 axis: int | None = None) -> Any:
    """log(cumsum(exp(x))) along dim, computed stably (torch.logcumsumexp)."""
    return _tensor(input, "logcumsumexp").logcumsumexp(dim, axis=axis)


def any_(input: Any, axis: Axis = None, keepdims: bool | None = None, *,  # noqa: A002
         dim: Axis = None, keepdim: bool | None = None) -> Any:
    """Whether any value is nonzero (numpy.any, torch.any): a bool Tensor. autograd.any."""
    return _tensor(input, "any").any(axis, keepdims, dim=dim, keepdim=keepdim)


def all_(input: Any, axis: Axis = None, keepdims: bool | None = None, *,  # noqa: A002
         dim: Axis = None, keepdim: bool | None = None) -> Any:
    """Whether every value is nonzero (numpy.all, torch.all): a bool Tensor. autograd.all."""
    return _tensor(input, "all").all(axis, keepdims, dim=dim, keepdim=keepdim)


def norm(input: Any, p: Any = _UNSET, dim: Axis = None,  # noqa: A002
         keepdim: bool | None = None, *, ord: Any = _UNSET,  # noqa: A002 (numpy's name)
         axis: Axis = None, keepdims: bool | None = None) -> Any:
    """torch.norm (p=, default 'fro': the 2-norm), or with ord= numpy.linalg.norm and
    torch.linalg.norm (matrix norms for 2-D); see Tensor.norm."""
    return _tensor(input, "norm").norm(p, dim, keepdim, ord=ord, axis=axis, keepdims=keepdims)


def vector_norm(x: Any, ord: Any = 2, dim: Axis = None,  # noqa: A002 (PyTorch's name)
                keepdim: bool = False) -> Any:
    """torch.linalg.vector_norm: (sum |x|^ord)^(1/ord) over dim (all axes for None or ())."""
    return _norms.vector_norm(_tensor(x, "vector_norm", "x"), ord, pytorch_dim(dim), keepdim)


def matrix_norm(x: Any, ord: Any = "fro", dim: tuple[int, int] = (-2, -1),  # noqa: A002
                keepdim: bool = False) -> Any:
    """torch.linalg.matrix_norm: 'fro', 1, -1, inf or -inf over the axes dim=(rows, cols)."""
    return _norms.matrix_norm(_tensor(x, "matrix_norm", "x"), ord, dim, keepdim)


def sort(input: Any, dim: int | None = None, descending: bool = False,  # noqa: A002
         stable: bool = False, *, axis: Any = _UNSET, kind: str | None = None) -> Any:
    """torch.sort's (values, indices); with axis= numpy.sort's values (axis=None:
    flattened). NaN is the largest value; ties keep their order."""
    return _tensor(input, "sort").sort(dim, descending, stable, axis=axis, kind=kind)


def argsort(input: Any, dim: int | None = None, descending: bool = False,  # noqa: A002
            stable: bool = False, *, axis: Any = _UNSET, kind: str | None = None) -> Tensor:
    """torch.argsort(input, dim=-1, descending=False, stable=False): the indices that sort
    along dim, an int64 Tensor; numpy.argsort's axis= (None: flattened) and kind= by name.
    (The method x.argsort(axis, kind) keeps numpy's order of arguments.)"""
    return _tensor(input, "argsort").argsort(axis, kind, dim=dim, descending=descending,
                                              stable=flag(stable, "stable", "argsort"))


def topk(input: Any, k: int, dim: int = -1, largest: bool = True,  # noqa: A002
         sorted: bool = True) -> Any:  # noqa: A002 (PyTorch's name)
    """torch.topk: the k largest (or smallest) values along dim and their indices."""
    return _tensor(input, "topk").topk(k, dim, largest, sorted)


def median(input: Any, dim: int | None = None, keepdim: bool | None = None, *,  # noqa: A002
           axis: Any = _UNSET, keepdims: bool | None = None) -> Any:
    """torch.median (the lower middle value; with dim, values and indices); with axis= or
    keepdims=, numpy.median (the mean of the two middle values)."""
    return _tensor(input, "median").median(dim, keepdim, axis=axis, keepdims=keepdims)


def mode(input: Any, dim: int = -1, keepdim: bool = False) -> Any:  # noqa: A002
    """torch.mode: the most frequent value along dim (the smallest of ties) and its index."""
    return _tensor(input, "mode").mode(dim, keepdim)
