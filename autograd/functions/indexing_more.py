"""index_add, index_copy, index_fill, masked_scatter and scatter_reduce as functions (torch's),
each its Tensor method (autograd/surface/indexing_more.py) on the first argument."""

from __future__ import annotations

from typing import Any

from .common import as_tensor as _tensor


def index_add(input: Any, dim: int, index: Any, source: Any, *,  # noqa: A002
              alpha: Any = 1) -> Any:
    """input with alpha * source added at index along dim (torch.index_add)."""
    return _tensor(input, "index_add", "input").index_add(dim, index, source, alpha=alpha)


def index_copy(input: Any, dim: int, index: Any, source: Any) -> Any:  # noqa: A002
    """input with source written at index along dim (torch.index_copy)."""
    return _tensor(input, "index_copy", "input").index_copy(dim, index, source)


def index_fill(input: Any, dim: int, index: Any, value: Any) -> Any:  # noqa: A002
    """input with value at index along dim (torch.index_fill)."""
    return _tensor(input, "index_fill", "input").index_fill(dim, index, value)


def masked_scatter(input: Any, mask: Any, source: Any) -> Any:  # noqa: A002
    """input with source's values, in order, where mask holds (torch.masked_scatter)."""
    return _tensor(input, "masked_scatter", "input").masked_scatter(mask, source)


def scatter_reduce(input: Any, dim: int, index: Any, src: Any, reduce: str, *,  # noqa: A002
                   include_self: bool = True) -> Any:
    """src reduced into input at index along dim: 'sum', 'prod', 'mean', 'amax' or 'amin'
    (torch.scatter_reduce)."""
    return _tensor(input, "scatter_reduce", "input").scatter_reduce(
        dim, index, src, reduce, include_self=include_self)


FUNCTIONS = {f.__name__: f for f in (index_add, index_copy, index_fill, masked_scatter,
                                     scatter_reduce)}
