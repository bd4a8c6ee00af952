"""Elementwise functions beyond one per method: where, maximum, minimum."""

from __future__ import annotations

from typing import Any

from .. import ops
from ..arguments import _UNSET, mask
from ..tensor import Tensor
from .common import as_pair, as_tensor
from .indexing import nonzero


def where(condition: Any, x: Any = _UNSET, y: Any = _UNSET) -> Any:
    """x where condition holds, else y (numpy.where), differentiable in x and y. With the
    condition alone, the indices where it holds, one array per dim (np.where(c),
    torch.where(c): nonzero(c, as_tuple=True))."""
    if x is _UNSET and y is _UNSET:
        return nonzero(condition, as_tuple=True)
    if x is _UNSET or y is _UNSET:
        raise TypeError("where: pass both x and y, or neither (then where(condition) gives "
                        "the indices where condition holds)")
    cond = mask(condition, "where", "condition", truthy=True)
    return ops.where(*as_pair(x, y, "where"), cond)


def maximum(x: Any, y: Any) -> Any:
    """The larger of x and y, elementwise (ties share the gradient)."""
    return ops.maximum(*as_pair(x, y, "maximum"))


def minimum(x: Any, y: Any) -> Any:
    """The smaller of x and y, elementwise (ties share the gradient)."""
    return ops.minimum(*as_pair(x, y, "minimum"))


# ---- comparisons, as torch.eq(x, y) ... (x.eq(y), x == y): bool Tensors, no gradient

def eq(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input == other, elementwise."""
    return _comparand(input, "eq").eq(other)


def ne(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input != other, elementwise."""
    return _comparand(input, "ne").ne(other)


def lt(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input < other, elementwise."""
    return _comparand(input, "lt").lt(other)


def le(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input <= other, elementwise."""
    return _comparand(input, "le").le(other)


def gt(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input > other, elementwise."""
    return _comparand(input, "gt").gt(other)


def ge(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input >= other, elementwise."""
    return _comparand(input, "ge").ge(other)


def _comparand(x: Any, op: str) -> Tensor:
    return x if isinstance(x, Tensor) else as_tensor(x, op)
