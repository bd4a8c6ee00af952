"""Tensor's bitwise ops: & | ^ ~ << >> and PyTorch's names for them (bitwise_and, bitwise_or,
bitwise_xor, bitwise_not, bitwise_left_shift, bitwise_right_shift), with PyTorch's dtypes.

They take bool and integer Tensors (a float raises, as PyTorch) and have no gradient: the
result is a constant. The result dtype is PyTorch's (autograd/dtypes.py): a Python int takes
the Tensor's dtype, wrapping around as a cast does (`uint8 & -3` is `uint8 & 253`, `int32 |
2**40` stays int32); bool with an int is int64; two Tensors promote (uint8 with int8 is
int16). Shifts are PyTorch's too: a count below 0 or at least the dtype's width shifts every
bit out (0, or -1 for a negative number shifted right) instead of numpy's undefined result,
and bools do not shift. The in-place forms (`x &= y`, `x.bitwise_and_(y)`) are in
autograd/surface/inplace.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes
from ..arguments import as_array, shown
from ..node import Node, make_node

_INT64 = np.iinfo(np.int64)


def _numbers(other: Any, like: np.dtype[Any], op: str) -> np.ndarray | None:
    """other as an array in the dtype it enters the op with (a constant takes `like`, the
    Tensor's, unless of a higher kind), or None when it is not numbers (an operator then
    hands the question back to Python)."""
    if isinstance(other, Node):
        return other.data if hasattr(other, "shape") else None  # (None for a Value)
    if isinstance(other, int) and not _INT64.min <= other <= _INT64.max:
        raise OverflowError(f"{op}: {other} is out of the range of int64")
    if not isinstance(other, (np.ndarray, np.generic, int, float, list, tuple)):
        return None
    called = "other" if op[0].isalpha() else "operand"  # (bitwise_and's argument, or &'s)
    array = as_array(other, op, called)
    if array.dtype.kind not in "fiub":
        return None
    return dtypes.constant(other, like, op, called)


def _combined(a: np.ndarray, other: Any, op: str, apply: Callable[[Any, Any], Any],
              reflected: bool = False, called: str = "the operand") -> Any:
    """apply(a, other) in PyTorch's result dtype (an array), or NotImplemented for an
    operand that is not numbers (`called`: how a message names it)."""
    b = _numbers(other, a.dtype, op)
    if b is None:
        return NotImplemented
    if a.dtype.kind not in "biu":
        raise TypeError(f"{op}: the operands must be bool or integer Tensors, got a Tensor of "
                        f"dtype {a.dtype} (compare first for a mask)")
    if b.dtype.kind not in "biu":
        raise TypeError(f"{op}: {called} must be bools or integers, got {shown(other)} "
                        "(compare first for a mask)")
    dtype = dtypes.result_type([a, b])
    a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
    try:
        out = apply(b, a) if reflected else apply(a, b)
    except ValueError as e:  # shapes that do not broadcast
        raise ValueError(f"{op}: cannot combine shapes {np.shape(a)} and {np.shape(b)}: {e}"
                         ) from None
    return np.asarray(out, dtype=dtype)


def _shift(left: bool) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def shift(a: np.ndarray, count: np.ndarray) -> np.ndarray:
        if a.dtype == bool:
            raise TypeError(f"{'<<' if left else '>>'}: bool Tensors do not shift (as "
                            "PyTorch); convert to an integer dtype first")
        inside = (count >= 0) & (count < a.dtype.itemsize * 8)
        count = np.where(inside, count, 0)
        if left:
            return np.where(inside, np.left_shift(a, count), 0)
        return np.where(inside, np.right_shift(a, count), np.where(a < 0, -1, 0))

    shift.__name__ = "left_shift" if left else "right_shift"
    return shift


APPLY = {"&": np.bitwise_and, "|": np.bitwise_or, "^": np.bitwise_xor, "<<": _shift(True),
         ">>": _shift(False)}
"""The array function of each operator: a op b on arrays of one dtype, as PyTorch's."""


def combine(a: np.ndarray, other: Any, symbol: str, op: str, called: str = "the operand"
            ) -> np.ndarray:
    """a op other (a's array, the other operand as given), in PyTorch's dtype: what `x op= y`
    and `x.bitwise_and(y)` compute (`called`: how a message names the operand)."""
    out = _combined(a, other, op, APPLY[symbol], called=called)
    if out is NotImplemented:
        raise TypeError(f"{op}: {called} must be bools or integers, got {shown(other)}")
    return out


def _operator(symbol: str, reflected: bool = False) -> Callable[[Any, Any], Any]:
    apply = APPLY[symbol]

    def method(self: Any, other: Any) -> Any:
        out = _combined(self.data, other, symbol, apply, reflected)
        return out if out is NotImplemented else make_node(self._family, out, (), "", ())

    return method


def _named(name: str, symbol: str) -> Callable[[Any, Any], Any]:
    """PyTorch's method for an operator (`x.bitwise_and(y)` is `x & y`), which raises where
    the operator would hand the question back to Python."""
    def method(self: Any, other: Any) -> Any:
        out = combine(self.data, other, symbol, name, "other")
        return make_node(self._family, out, (), "", ())

    method.__name__ = name
    method.__doc__ = (f"x {symbol} y, elementwise, for bool and integer Tensors, in PyTorch's "
                      f"dtype (torch.{name}). No gradient.")
    return method


class Bitwise:
    """Tensor methods (mixed into Tensor, through Compare)."""

    __slots__ = ()
    data: np.ndarray
    _family: type

    __and__ = _operator("&")
    __rand__ = _operator("&", reflected=True)
    __or__ = _operator("|")
    __ror__ = _operator("|", reflected=True)
    __xor__ = _operator("^")
    __rxor__ = _operator("^", reflected=True)
    __lshift__ = _operator("<<")
    __rlshift__ = _operator("<<", reflected=True)
    __rshift__ = _operator(">>")
    __rrshift__ = _operator(">>", reflected=True)

    bitwise_and = _named("bitwise_and", "&")
    bitwise_or = _named("bitwise_or", "|")
    bitwise_xor = _named("bitwise_xor", "^")
    bitwise_left_shift = _named("bitwise_left_shift", "<<")
    bitwise_right_shift = _named("bitwise_right_shift", ">>")

    def __invert__(self) -> Any:
        if self.data.dtype.kind not in "iub":
            raise TypeError(f"~: only for bool and integer Tensors, got {self.data.dtype}")
        return make_node(self._family, np.asarray(~self.data), (), "", ())

    def bitwise_not(self) -> Any:
        """~x, elementwise: not for bools, every bit flipped for integers (torch.bitwise_not).
        No gradient."""
        if self.data.dtype.kind not in "iub":
            raise TypeError(f"bitwise_not: only for bool and integer Tensors, got "
                            f"{self.data.dtype}")
        return ~self  # type: ignore[operator]
