"""Tensor's elementwise ops beyond the shared surface: clip, maximum, minimum, where, and
PyTorch's method spellings of the operators (add, sub, mul, div, true_divide)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import choice, mask, real
from ..dtypes import result_type


class Elementwise:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()

    def clip(self, min: Any = None, max: Any = None) -> Any:  # noqa: A002
        """torch.clamp: bounds are numbers, arrays or Tensors (which get gradients too);
        None is no bound. A constant bound takes the Tensor's dtype (float32 stays)."""
        lo = self._no_bound(-1) if min is None else self._operand(min, "clip", "min")
        hi = self._no_bound(1) if max is None else self._operand(max, "clip", "max")
        return ops.clip(self, lo, hi)

    clamp = clip

    def clamp_min(self, min: Any) -> Any:  # noqa: A002 (PyTorch's name)
        """clamp(min=min): gradient 1 at the bound, as torch.clamp_min."""
        return ops.clip(self, self._operand(min, "clamp_min", "min"), self._no_bound(1))

    def clamp_max(self, max: Any) -> Any:  # noqa: A002 (PyTorch's name)
        """clamp(max=max): gradient 1 at the bound, as torch.clamp_max."""
        return ops.clip(self, self._no_bound(-1), self._operand(max, "clamp_max", "max"))

    def _no_bound(self, side: int) -> Any:
        """The bound clip leaves out: ±inf, or an integer dtype's least or largest value (an
        integer Tensor clamped by integers stays integer, as PyTorch's)."""
        if self.data.dtype.kind in "iu":
            limits = np.iinfo(self.data.dtype)
            return np.array(limits.max if side > 0 else limits.min, dtype=self.data.dtype)
        return side * np.inf

    def maximum(self, other: Any) -> Any:
        return ops.maximum(self, self._operand(other, "maximum", "other"))

    def minimum(self, other: Any) -> Any:
        return ops.minimum(self, self._operand(other, "minimum", "other"))

    def where(self, condition: Any, other: Any) -> Any:
        """torch.Tensor.where: self where condition holds, else other (autograd.where(
        condition, self, other)); differentiable in self and other."""
        cond = mask(condition, "where", "condition", truthy=True)
        return ops.where(self, self._operand(other, "where", "other"), cond)

    # PyTorch's method spellings of + - * /.
    def add(self, other: Any, *, alpha: Any = 1) -> Any:
        """self + alpha * other (torch.add). PyTorch rounds that once (a fused multiply-add);
        here alpha * other is rounded first, so with alpha != 1 a value may differ from
        PyTorch's in its last bit."""
        return ops.add(self, _scaled(self, self._operand(other, "add", "other"), alpha, "add"))

    def sub(self, other: Any, *, alpha: Any = 1) -> Any:
        """self - alpha * other (torch.sub; the last bit as add's with alpha)."""
        return ops.sub(self, _scaled(self, self._operand(other, "sub", "other"), alpha, "sub"))

    def mul(self, other: Any) -> Any:
        """self * other (torch.mul)."""
        return ops.mul(self, self._operand(other, "mul", "other"))

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Any:
        """self / other (torch.div); rounding_mode 'trunc' rounds the quotient toward 0,
        'floor' toward -inf (x // y). Rounded, the gradient is 0, as PyTorch's."""
        mode = choice(rounding_mode, "rounding_mode", "div", (None, "trunc", "floor"))
        y = self._operand(other, "div", "other")
        if mode == "floor":
            return ops.floor_divide(self, y)
        if mode == "trunc":
            # trunc of the float quotient, as PyTorch's; integers stay integers, as there,
            # divided in their common dtype (a Python int wrapped into it, as by //)
            kind = result_type([self.data, y.data])
            if kind.kind == "f":
                return ops.trunc_divide(self, y)
            if not np.all(y.data):  # numpy's float quotient would be cast from inf or nan
                raise ZeroDivisionError(
                    f"div: integer division by zero (rounding_mode='trunc'): the divisor "
                    f"{np.ravel(y.data)[:8].tolist()} ({y.dtype}) has a 0 (needs y != 0, as "
                    "PyTorch; a float divisor gives inf or nan)")
            x, y = self.astype(kind, copy=False), y.astype(kind, copy=False)
            return ops.trunc(ops.div(x, y)).astype(kind)
        return ops.div(self, y)

    def true_divide(self, other: Any) -> Any:
        """self / other (torch.true_divide, div's older name)."""
        return ops.div(self, self._operand(other, "true_divide", "other"))


def _scaled(x: Any, y: Any, alpha: Any, op: str) -> Any:
    """alpha * y; y itself for alpha = 1 (no node, and PyTorch's numbers exactly). A float
    alpha for integers is refused, as PyTorch does (x + alpha * y would not stay integers)."""
    if isinstance(alpha, (float, np.floating)) and np.result_type(x.data, y.data).kind in "iub":
        raise TypeError(f"{op}: alpha must be an int for integer Tensors, got {alpha!r} "
                        f"(dtypes {x.data.dtype} and {y.data.dtype})")
    if real(alpha, "alpha", op) == 1:
        return y
    return y * alpha  # a number as a constant in y's dtype, as any operand
