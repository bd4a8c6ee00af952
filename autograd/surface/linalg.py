"""Tensor's linear algebra: @ and matmul; `linear` (PyTorch's F.linear) as one node."""

from __future__ import annotations

from typing import Any

from .. import ops


class Linalg:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()

    def __matmul__(self, other: Any) -> Any:
        return ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Any:
        return ops.matmul(other, self)

    def matmul(self, other: Any) -> Any:
        return ops.matmul(self, other)
