"""Tensor's shape and indexing ops: reshape, transpose, broadcast, squeeze, x[i], joining."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .. import ops
from ..arguments import Axis, axes, axis, index, shape_args


class Shape:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]

    @property
    def T(self) -> Any:  # noqa: N802 (numpy's and PyTorch's name)
        # All axes reversed is always a valid permutation: no checks (nn.Linear uses it per call).
        return ops.transpose(self, tuple(range(self.ndim - 1, -1, -1)))

    def reshape(self, *shape: Any) -> Any:
        return ops.reshape(self, shape_args(shape))

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Any:
        if self.ndim == 0:
            return self.reshape(1)
        start = axis(start_dim, self.ndim, "flatten")
        end = axis(end_dim, self.ndim, "flatten")
        if start > end:
            raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} "
                             f"for a Tensor of shape {self.shape}")
        # The size itself, not -1: numpy cannot infer -1 beside a 0 (a (2, 0) array).
        merged = int(np.prod(self.shape[start:end + 1]))
        return self.reshape(self.shape[:start] + (merged,) + self.shape[end + 1:])

    def transpose(self, *axes_: Any) -> Any:
        """No axes reverses them (numpy, `.T`); two axes swap them (PyTorch's
        `transpose(0, 1)`; numpy's `transpose(1, 0)` of a matrix is the same); a tuple is a
        full permutation (numpy's `transpose((2, 0, 1))`)."""
        if len(axes_) == 2 and all(isinstance(a, numbers.Integral) for a in axes_):
            return self.swapaxes(*axes_)
        return self.permute(*axes_)

    def permute(self, *axes_: Any) -> Any:
        """A full permutation of the axes: `permute(2, 0, 1)` or `permute((2, 0, 1))`."""
        order = shape_args(axes_) or tuple(reversed(range(self.ndim)))
        if sorted(axis(a, self.ndim, "transpose") for a in order) != list(range(self.ndim)):
            raise ValueError(
                f"transpose: axes {order} are not a permutation of the {self.ndim} axes of a "
                f"Tensor of shape {self.shape} (use swapaxes(a, b) to swap two)")
        return ops.transpose(self, tuple(axis(a, self.ndim, "transpose") for a in order))

    def swapaxes(self, axis1: int, axis2: int) -> Any:
        order = list(range(self.ndim))
        a, b = axis(axis1, self.ndim, "swapaxes"), axis(axis2, self.ndim, "swapaxes")
        order[a], order[b] = order[b], order[a]
        return ops.transpose(self, tuple(order))

    def broadcast_to(self, *shape: Any) -> Any:
        return ops.broadcast_to(self, shape_args(shape))

    def expand(self, *sizes: Any) -> Any:
        """PyTorch's expand: like broadcast_to, and -1 keeps a size."""
        sizes = shape_args(sizes)
        lead = len(sizes) - self.ndim
        shape = tuple(self.shape[i - lead] if n == -1 and i >= lead else n
                      for i, n in enumerate(sizes))
        return ops.broadcast_to(self, shape)

    def squeeze(self, axis: Axis = None) -> Any:
        if axis is None:
            return self.reshape(tuple(n for n in self.shape if n != 1))
        squeezed = axes(axis, self.ndim, "squeeze") or ()
        for a in squeezed:
            if self.shape[a] != 1:
                raise ValueError(f"squeeze: axis {a} of shape {self.shape} has size "
                                 f"{self.shape[a]}, expected 1")
        return self.reshape(tuple(n for i, n in enumerate(self.shape) if i not in squeezed))

    def unsqueeze(self, axis: int) -> Any:
        if not isinstance(axis, numbers.Integral) or not -self.ndim - 1 <= axis <= self.ndim:
            raise ValueError(f"unsqueeze: axis {axis!r} is out of range for a Tensor of "
                             f"{self.ndim} dimensions: expected {-self.ndim - 1} to {self.ndim}")
        return ops.unsqueeze(self, int(axis))

    def __getitem__(self, index_: Any) -> Any:
        return ops.getitem(self, index(index_))
