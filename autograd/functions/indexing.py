"""Indexing functions: gather, scatter, index_select, index_put, take, masked_fill, nonzero,
one_hot."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..arguments import flag, index_result, integer, positions, real_array
from ..tensor import Tensor
from .common import as_tensor as _tensor


def gather(input: Any, dim: int, index: Any) -> Any:  # noqa: A002
    """out[i][j] = input[index[i][j]][j] for dim 0, and so on (torch.gather)."""
    return _tensor(input, "gather", "input").gather(dim, index)


def take_along_dim(input: Any, indices: Any, dim: int | None = None) -> Any:  # noqa: A002
    """gather with broadcasting, negative indices from the end (torch.take_along_dim)."""
    return _tensor(input, "take_along_dim", "input").take_along_dim(indices, dim)


def take_along_axis(arr: Any, indices: Any, axis: int | None = -1) -> Any:
    """gather with broadcasting, negative indices from the end (np.take_along_axis; axis
    None: the flattened array)."""
    return _tensor(arr, "take_along_axis", "arr")._take_along(indices, axis, "take_along_axis",
                                                              "axis")


def take(input: Any, index: Any, axis: int | None = None) -> Any:  # noqa: A002
    """Entries of the flattened Tensor at index (torch.take), or along axis (np.take)."""
    return _tensor(input, "take", "input").take(index, axis)


def index_put(input: Any, indices: Any, values: Any,  # noqa: A002
              accumulate: bool = False) -> Any:
    """A copy of input with values put at indices, a tuple of index arrays (added there
    with accumulate=True): torch.index_put, out of place."""
    return _tensor(input, "index_put").index_put(indices, values, accumulate)


def index_select(input: Any, dim: int, index: Any) -> Any:  # noqa: A002
    """The entries at a 1-D index along dim (torch.index_select)."""
    return _tensor(input, "index_select", "input").index_select(dim, index)


def scatter(input: Any, dim: int, index: Any, src: Any = None, *,  # noqa: A002
            value: Any = None, reduce: str | None = None) -> Any:
    """A copy of input with src (or value) written at index along dim (torch.scatter)."""
    return _tensor(input, "scatter", "input").scatter(dim, index, src, value=value, reduce=reduce)


def scatter_add(input: Any, dim: int, index: Any, src: Any) -> Any:  # noqa: A002
    """A copy of input with src added at index along dim (torch.scatter_add)."""
    return _tensor(input, "scatter_add", "input").scatter_add(dim, index, src)


def masked_fill(input: Any, mask: Any, value: Any) -> Any:  # noqa: A002
    """value where mask holds, input elsewhere (torch.masked_fill)."""
    return _tensor(input, "masked_fill", "input").masked_fill(mask, value)


def masked_select(input: Any, mask: Any) -> Any:  # noqa: A002
    """The entries where mask holds, as a 1-D Tensor (torch.masked_select)."""
    return _tensor(input, "masked_select", "input").masked_select(mask)


def nonzero(input: Any, *, as_tuple: bool = False) -> Any:  # noqa: A002
    """The indices of the nonzero entries: PyTorch's (n, ndim) array by default; numpy's
    np.nonzero, one array per dim, is as_tuple=True. No gradient."""
    data = real_array(input, "nonzero", "input")
    if flag(as_tuple, "as_tuple", "nonzero"):
        return tuple(index_result(i, Tensor) for i in np.nonzero(np.atleast_1d(data)))
    return index_result(np.argwhere(data), Tensor)


def argwhere(input: Any) -> Any:  # noqa: A002
    """The indices of the nonzero entries, an (n, ndim) array (np.argwhere, torch.argwhere)."""
    return index_result(np.argwhere(real_array(input, "argwhere", "input")), Tensor)


def one_hot(tensor: Any, num_classes: int = -1) -> Any:
    """F.one_hot: class indices (ints, or a Tensor of whole numbers) to one-hot rows, of a
    new last dim of num_classes (-1: the largest index + 1). Integer data, returned as
    indices are (arguments.index_result)."""
    labels = positions(tensor, "one_hot", "tensor")
    if labels.size and labels.min() < 0:
        raise ValueError(f"one_hot: class values must be non-negative, got {labels.min()}")
    num_classes = integer(num_classes, "num_classes", "one_hot")
    if num_classes == -1:
        if not labels.size:
            raise ValueError("one_hot: cannot infer the number of classes from an empty "
                             "Tensor; pass num_classes")
        num_classes = int(labels.max()) + 1
    if not isinstance(num_classes, int) or num_classes < 0:
        raise ValueError(f"one_hot: num_classes must be -1 or a non-negative int, got "
                         f"{num_classes!r}")
    if labels.size and labels.max() >= num_classes:
        raise ValueError(f"one_hot: class value {labels.max()} is not smaller than "
                         f"num_classes {num_classes}")
    return index_result(labels[..., None] == np.arange(num_classes), Tensor)
