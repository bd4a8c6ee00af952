"""Tensor's elementwise ops beyond the shared surface: clip, maximum, minimum, where."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import data_of
from .shared import as_tensor, tensor_class


class Elementwise:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()

    def clip(self, min: Any = None, max: Any = None) -> Any:  # noqa: A002
        """torch.clamp: bounds are numbers, arrays or Tensors (which get gradients too);
        None is no bound. A constant bound takes the Tensor's dtype (float32 stays)."""
        lo = -np.inf if min is None else min
        hi = np.inf if max is None else max
        return ops.clip(self, lo, hi)

    clamp = clip

    def maximum(self, other: Any) -> Any:
        return ops.maximum(self, other)

    def minimum(self, other: Any) -> Any:
        return ops.minimum(self, other)


def where(condition: Any, x: Any, y: Any) -> Any:
    """x where condition holds, else y (numpy.where), differentiable in x and y."""
    cond = np.asarray(data_of(condition), dtype=bool)
    if not isinstance(x, tensor_class()) and not isinstance(y, tensor_class()):
        x = as_tensor(x)
    return ops.where(x, y, cond)


def maximum(x: Any, y: Any) -> Any:
    """The larger of x and y, elementwise (ties share the gradient)."""
    return ops.maximum(*_tensor_first(x, y))


def minimum(x: Any, y: Any) -> Any:
    """The smaller of x and y, elementwise (ties share the gradient)."""
    return ops.minimum(*_tensor_first(x, y))


def _tensor_first(x: Any, y: Any) -> tuple[Any, Any]:
    """x as a Tensor; a constant x takes y's dtype when y is the Tensor (float32 stays)."""
    tensor = tensor_class()
    if isinstance(x, tensor):
        return x, y
    return (tensor._lift(x, y) if isinstance(y, tensor) else tensor(x)), y
