"""Order statistics and summaries as functions: autograd.kthvalue(x, k), autograd.cummax(x,
dim), autograd.var_mean(x), autograd.unique(x), ...

Each is PyTorch's function of that name; all but var_mean and std_mean are the Tensor
method of the same name (see its help) on x made a Tensor if need be. nansum, nanmean and
diff take numpy's keywords too (axis=, keepdims=), so np.nansum(t, axis=0) and np.diff(t)
answer through them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..arguments import Axis, shown
from ..surface.reductions import _ddof
from .common import as_tensor as _tensor


def kthvalue(input: Any, k: int, dim: int | None = None,  # noqa: A002 (PyTorch's name)
             keepdim: bool = False) -> Any:
    """torch.kthvalue: the k-th smallest value along dim (the last by default) and its
    index, as (values, indices)."""
    return _tensor(input, "kthvalue").kthvalue(k, dim, keepdim)


def cummax(input: Any, dim: int) -> Any:  # noqa: A002
    """torch.cummax: the running maximum along dim and its index, as (values, indices)."""
    return _tensor(input, "cummax").cummax(dim)


def cummin(input: Any, dim: int) -> Any:  # noqa: A002
    """torch.cummin: the running minimum along dim and its index, as (values, indices)."""
    return _tensor(input, "cummin").cummin(dim)


def aminmax(input: Any, *, dim: int | None = None, keepdim: bool = False) -> Any:  # noqa: A002
    """torch.aminmax: (min, max) over all values or along dim; ties share the gradient."""
    return _tensor(input, "aminmax").aminmax(dim=dim, keepdim=keepdim)


def count_nonzero(input: Any, dim: Axis = None) -> Any:  # noqa: A002
    """torch.count_nonzero: how many values are not 0 over dim (None: all), int64."""
    return _tensor(input, "count_nonzero").count_nonzero(dim)


def nansum(input: Any, dim: Axis = None, keepdim: bool | None = None, *,  # noqa: A002
           dtype: Any = None, axis: Axis = None, keepdims: bool | None = None) -> Any:
    """torch.nansum and numpy.nansum: the sum over dim/axis with NaN taken as 0."""
    return _tensor(input, "nansum").nansum(dim, keepdim, dtype=dtype, axis=axis,
                                           keepdims=keepdims)


def nanmean(input: Any, dim: Axis = None, keepdim: bool | None = None, *,  # noqa: A002
            dtype: Any = None, axis: Axis = None, keepdims: bool | None = None) -> Any:
    """torch.nanmean and numpy.nanmean: the mean over dim/axis of the values not NaN."""
    return _tensor(input, "nanmean").nanmean(dim, keepdim, dtype=dtype, axis=axis,
                                             keepdims=keepdims)


def var_mean(input: Any, dim: Axis = None, unbiased: bool | None = None,  # noqa: A002
             keepdim: bool | None = None, *, correction: float | None = None
             ) -> tuple[Any, Any]:
    """torch.var_mean: (var, mean) over dim (None: all), var dividing by n - correction
    (1 unless given; or unbiased=, and PyTorch's var_mean(input, unbiased) and
    var_mean(input, dim, unbiased, keepdim) too)."""
    return _spread_and_mean("var_mean", input, dim, unbiased, keepdim, correction)


def std_mean(input: Any, dim: Axis = None, unbiased: bool | None = None,  # noqa: A002
             keepdim: bool | None = None, *, correction: float | None = None
             ) -> tuple[Any, Any]:
    """torch.std_mean: (std, mean) over dim, as var_mean; std's gradient is 0 where the
    values are all equal."""
    return _spread_and_mean("std_mean", input, dim, unbiased, keepdim, correction)


def _spread_and_mean(name: str, input: Any, dim: Any, unbiased: Any,  # noqa: A002
                     keepdim: Any, correction: Any) -> tuple[Any, Any]:
    if isinstance(dim, (bool, np.bool_)):  # PyTorch's var_mean(input, unbiased)
        if unbiased is not None:
            raise TypeError(f"{name}: got unbiased twice ({dim!r} in dim's place and "
                            f"unbiased={shown(unbiased)})")
        dim, unbiased = None, dim
    x = _tensor(input, name)
    reduced, kept = x._reduced(name, None, dim, None, keepdim)
    ddof = 1 if correction is None and unbiased is None else _ddof(name, None, correction,
                                                                   unbiased)
    spread = x.var if name == "var_mean" else x.std
    return spread(reduced, kept, ddof), x.mean(reduced, kept)


def diff(input: Any, n: int = 1, dim: int = -1, prepend: Any = None,  # noqa: A002
         append: Any = None, *, axis: int | None = None) -> Any:
    """torch.diff and numpy.diff: the n-th forward difference along dim (or axis=), with
    prepend and append joined before and after."""
    return _tensor(input, "diff").diff(n, dim, prepend, append, axis=axis)


def unique(input: Any, sorted: bool = True, return_inverse: bool = False,  # noqa: A002
           return_counts: bool = False, dim: int | None = None) -> Any:
    """torch.unique: the distinct values (sorted), and the inverse and counts on request;
    no gradient."""
    return _tensor(input, "unique").unique(sorted, return_inverse, return_counts, dim)


def unique_consecutive(input: Any, return_inverse: bool = False,  # noqa: A002
                       return_counts: bool = False, dim: int | None = None) -> Any:
    """torch.unique_consecutive: each run of equal values kept once; no gradient."""
    return _tensor(input, "unique_consecutive").unique_consecutive(return_inverse,
                                                                   return_counts, dim)
