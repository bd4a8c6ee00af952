"""Tensor's elementwise ops beyond the shared surface: clip, maximum, minimum, where."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops


class Elementwise:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()

    def clip(self, min: Any = None, max: Any = None) -> Any:  # noqa: A002
        """torch.clamp: bounds are numbers, arrays or Tensors (which get gradients too);
        None is no bound. A constant bound takes the Tensor's dtype (float32 stays)."""
        lo = -np.inf if min is None else self._operand(min, "clip", "min")
        hi = np.inf if max is None else self._operand(max, "clip", "max")
        return ops.clip(self, lo, hi)

    clamp = clip

    def maximum(self, other: Any) -> Any:
        return ops.maximum(self, self._operand(other, "maximum", "other"))

    def minimum(self, other: Any) -> Any:
        return ops.minimum(self, self._operand(other, "minimum", "other"))
