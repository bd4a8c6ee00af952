"""Tensor's scans: cumsum cumprod logcumsumexp, a running sum, product or log-sum-exp.

Each runs along one axis, `axis=` (numpy's name) or `dim=` (PyTorch's); with neither, along
the flattened Tensor, as numpy's cumsum(axis=None). A 0-d Tensor is scanned as PyTorch does
(its one value, with dim 0 or -1).
"""

from __future__ import annotations

from typing import Any

from .. import ops
from ..arguments import axis, either_named
from ..dtypes import cast_input


class Scans:
    """Tensor methods (mixed into Tensor through Reductions)."""

    __slots__ = ()
    ndim: int
    reshape: Any

    def cumsum(self, axis: int | None = None, *, dim: int | None = None,
               dtype: Any = None) -> Any:
        """Running sum along an axis: out[k] = x[0] + ... + x[k] (cast to dtype first)."""
        x = self if dtype is None else cast_input(self, dtype, "cumsum")
        return x._scan("cumsum", ops.cumsum, axis, dim)

    def cumprod(self, axis: int | None = None, *, dim: int | None = None,
                dtype: Any = None) -> Any:
        """Running product along an axis; its gradient is exact where x holds zeros (cast
        to dtype first)."""
        x = self if dtype is None else cast_input(self, dtype, "cumprod")
        return x._scan("cumprod", ops.cumprod, axis, dim)

    def logcumsumexp(self, dim: int | None = None, *, axis: int | None = None) -> Any:
        """log(cumsum(exp(x))) along an axis, computed stably (logits of 1000 are fine)."""
        return self._scan("logcumsumexp", ops.logcumsumexp, axis, dim)

    def _scan(self, name: str, op: Any, axis_: Any, dim: Any) -> Any:
        chosen, called = either_named(name, "axis", axis_, "dim", dim, None)
        if chosen is None:
            return op(self.reshape(-1), 0)
        one = axis(chosen, self.ndim, name, called)
        if self.ndim == 0:
            return op(self.reshape(1), 0).reshape(())
        return op(self, one)
