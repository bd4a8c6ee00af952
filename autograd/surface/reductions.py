"""Tensor's reductions: sum mean var std max min argmax argmin logsumexp, and softmax."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import Axis, axes, axis, count


class Reductions:
    """Tensor methods (mixed into Tensor). Axes as numpy takes them: None (all), an int or a
    tuple, negative ones counting from the end; keepdims keeps the reduced axes as size 1."""

    __slots__ = ()
    ndim: int
    shape: tuple[int, ...]
    data: np.ndarray

    def sum(self, axis: Axis = None, keepdims: bool = False) -> Any:
        return ops.reduce_sum(self, axes(axis, self.ndim, "sum"), keepdims)

    def mean(self, axis: Axis = None, keepdims: bool = False) -> Any:
        return ops.reduce_mean(self, axes(axis, self.ndim, "mean"), keepdims)

    def var(self, axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Any:
        """numpy's variance: ddof=0 by default (PyTorch's default is ddof=1)."""
        reduced = axes(axis, self.ndim, "var")
        centred = self - self.mean(reduced, keepdims=True)
        # At most as many degrees of freedom as values: numpy's inf (or nan), never a
        # negative variance.
        n = max(count(self.shape, reduced) - ddof, 0)
        return (centred * centred).sum(reduced, keepdims) / n

    def std(self, axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Any:
        """sqrt(var): numpy's ddof=0 by default (PyTorch's default is ddof=1); its gradient
        is 0 where the values are all equal (as PyTorch), not sqrt'(0) * 0."""
        return ops.std(self, axes(axis, self.ndim, "std"), keepdims, ddof)

    def max(self, axis: Axis = None, keepdims: bool = False) -> Any:
        return ops.reduce_max(self, axes(axis, self.ndim, "max"), keepdims)

    def min(self, axis: Axis = None, keepdims: bool = False) -> Any:
        return ops.reduce_min(self, axes(axis, self.ndim, "min"), keepdims)

    def argmax(self, axis: int | None = None) -> np.ndarray:
        """Indices of the largest values (an int array: indices have no gradient)."""
        return np.argmax(self.data, axis=None if axis is None else _one(axis, self, "argmax"))

    def argmin(self, axis: int | None = None) -> np.ndarray:
        """Indices of the smallest values (an int array: indices have no gradient)."""
        return np.argmin(self.data, axis=None if axis is None else _one(axis, self, "argmin"))

    def logsumexp(self, axis: Axis = None, keepdims: bool = False) -> Any:
        return ops.logsumexp(self, axes(axis, self.ndim, "logsumexp"), keepdims)

    def softmax(self, axis: int = -1) -> Any:
        if self.ndim == 0:  # one value along its one (implicit) axis, as PyTorch
            return self.reshape(1).softmax(_one(axis, self, "softmax")).reshape(())
        return ops.softmax(self, _one(axis, self, "softmax"))

    def log_softmax(self, axis: int = -1) -> Any:
        if self.ndim == 0:
            return self.reshape(1).log_softmax(_one(axis, self, "log_softmax")).reshape(())
        return ops.log_softmax(self, _one(axis, self, "log_softmax"))


def _one(axis_: Any, x: Any, op: str) -> int:
    return axis(axis_, x.ndim, op)
