"""Elementwise functions beyond one per method: where, maximum, minimum."""

from __future__ import annotations

from typing import Any

from .. import ops
from ..arguments import _UNSET, mask
from ..tensor import Tensor
from .common import as_tensor
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
    if not isinstance(x, Tensor) and not isinstance(y, Tensor):
        x = as_tensor(x, "where")
    return ops.where(x, y, cond)


def maximum(x: Any, y: Any) -> Any:
    """The larger of x and y, elementwise (ties share the gradient)."""
    return ops.maximum(*_tensor_first(x, y, "maximum"))


def minimum(x: Any, y: Any) -> Any:
    """The smaller of x and y, elementwise (ties share the gradient)."""
    return ops.minimum(*_tensor_first(x, y, "minimum"))


def _tensor_first(x: Any, y: Any, op: str) -> tuple[Any, Any]:
    """x as a Tensor; a constant x takes y's dtype when y is the Tensor (float32 stays)."""
    if isinstance(x, Tensor):
        return x, y
    return (Tensor._lift(x, y, op) if isinstance(y, Tensor) else as_tensor(x, op)), y


# ---- comparisons, as torch.eq(x, y) ... (x.eq(y), x == y): bool Tensors, no gradient

def eq(x: Any, y: Any) -> Any:
    """x == y, elementwise."""
    return _comparand(x, "eq").eq(y)


def ne(x: Any, y: Any) -> Any:
    """x != y, elementwise."""
    return _comparand(x, "ne").ne(y)


def lt(x: Any, y: Any) -> Any:
    """x < y, elementwise."""
    return _comparand(x, "lt").lt(y)


def le(x: Any, y: Any) -> Any:
    """x <= y, elementwise."""
    return _comparand(x, "le").le(y)


def gt(x: Any, y: Any) -> Any:
    """x > y, elementwise."""
    return _comparand(x, "gt").gt(y)


def ge(x: Any, y: Any) -> Any:
    """x >= y, elementwise."""
    return _comparand(x, "ge").ge(y)


def _comparand(x: Any, op: str) -> Tensor:
    return x if isinstance(x, Tensor) else as_tensor(x, op)
