"""Tensor's comparisons and logic: == != < <= > >=, & | ^ ~ (with << >>, in the Bitwise
mixin of bitwise.py), all() and any(), isclose,
allclose and equal, logical_and, logical_or and logical_xor.

Each gives a bool Tensor (an integer one for & | ^ ~ on integers): a mask for `where` and
indexing, a count with `.sum()`, an accuracy with `.mean()`. They have no gradient, so the
result is a constant, never a node of a graph. `==` is elementwise as in numpy and PyTorch;
Tensors still hash by identity (`__hash__` is object's), so they live in sets and dicts, and
code that looks a Tensor up in a list must compare with `is` (`any(p is q for q in ...)`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from ..arguments import Axis, as_array, axes, either_named, flag, keep, shown
from ..dtypes import promoted
from ..node import Node, make_node
from .bitwise import Bitwise


def _operand(other: Any, name: str) -> Any:
    """The other side's numbers, or None when it is not numbers (str, None, an object)."""
    if isinstance(other, Node):  # a Tensor's array, or a Value's float
        return other.data
    if isinstance(other, (np.ndarray, np.generic, int, float, list, tuple)):
        # A masked array would answer the reflected comparison itself, without its mask.
        return _numbers(as_array(other, name, "other" if name[0].isalpha() else "operand"))
    return None


def _numbers(array: np.ndarray) -> np.ndarray | None:
    return array if array.dtype.kind in "fiub" else None


def _comparison(name: str, compare: Callable[[Any, Any], Any]) -> Callable[..., Any]:
    def method(self: Any, other: Any, name: str = name) -> Any:
        numbers = _operand(other, name)
        if numbers is None:
            return NotImplemented  # Python's own answer: identity for ==, TypeError for <
        data = self.data
        if type(numbers) is np.ndarray and numbers.dtype != data.dtype:
            # in PyTorch's common dtype: uint8 < -3 compares with 253, float32 == 0.1 in float32
            data, numbers = promoted([data, numbers])
        try:
            mask = compare(data, numbers)
        except ValueError as e:  # shapes that do not broadcast
            raise ValueError(f"{name}: cannot compare shapes {self.shape} and "
                             f"{np.shape(numbers)}: {e}") from None
        return make_node(self._family, np.asarray(mask), (), "", ())

    method.__name__ = f"__{compare.__name__}__"
    return method


def _named(name: str, symbol: str, method: Callable[[Any, Any], Any]
           ) -> Callable[[Any, Any], Any]:
    """PyTorch's method for an operator (`x.eq(y)` is `x == y`), which raises where the
    operator would hand the question back to Python."""
    def named(self: Any, other: Any) -> Any:
        out = method(self, other, name)
        if out is NotImplemented:
            raise TypeError(f"{name}: other must be a Tensor, an array or a number to compare "
                            f"with ({symbol}), got {shown(other)}")
        return out

    named.__name__ = name
    named.__doc__ = f"x {symbol} y, elementwise, as a bool Tensor (PyTorch's x.{name}(y))."
    return named


def _combined(x: Any, numbers: Any, name: str, apply: Callable[[Any, Any], Any]) -> Any:
    """apply(x's array, numbers) as a Tensor with no gradient; shapes that do not
    broadcast are an error naming the op."""
    try:
        result = apply(x.data, numbers)
    except ValueError as e:
        raise ValueError(f"{name}: cannot combine shapes {x.shape} and {np.shape(numbers)}: "
                         f"{e}") from None
    return make_node(x._family, np.asarray(result), (), "", ())


def _logical_function(name: str, apply: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """PyTorch's x.logical_and(y) (or, xor): any dtypes, non-zero is True, a bool Tensor."""
    def method(self: Any, other: Any) -> Any:
        numbers = _operand(other, name)
        if numbers is None:
            raise TypeError(f"{name}: other must be a Tensor, an array or a number, got "
                            f"{shown(other)}")
        return _combined(self, numbers, name, apply)

    method.__name__ = name
    method.__doc__ = f"{apply.__name__} of x and y, elementwise, as a bool Tensor."
    return method


def _tolerance(value: Any, name: str, op: str) -> float:
    if (isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating))
            or not value >= 0):
        raise ValueError(f"{op}: {name} must be a number >= 0, got {shown(value)}")
    return float(value)


class Compare(Bitwise):
    """Tensor methods (mixed into Tensor); & | ^ ~ << >> are Bitwise's (bitwise.py)."""

    __slots__ = ()
    data: np.ndarray
    ndim: int
    _family: type

    __hash__ = object.__hash__  # defining __eq__ would otherwise make Tensors unhashable

    __eq__ = _comparison("==", operator.eq)  # type: ignore[assignment]
    __ne__ = _comparison("!=", operator.ne)  # type: ignore[assignment]
    __lt__ = _comparison("<", operator.lt)
    __le__ = _comparison("<=", operator.le)
    __gt__ = _comparison(">", operator.gt)
    __ge__ = _comparison(">=", operator.ge)

    # PyTorch's names for them: `pred.eq(target.view_as(pred)).sum()` counts the matches.
    eq = _named("eq", "==", __eq__)
    ne = _named("ne", "!=", __ne__)
    lt = _named("lt", "<", __lt__)
    le = _named("le", "<=", __le__)
    gt = _named("gt", ">", __gt__)
    ge = _named("ge", ">=", __ge__)

    logical_and = _logical_function("logical_and", np.logical_and)
    logical_or = _logical_function("logical_or", np.logical_or)
    logical_xor = _logical_function("logical_xor", np.logical_xor)

    def isclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08,
                equal_nan: bool = False) -> Any:
        """|x - other| <= atol + rtol * |other|, elementwise, as a bool Tensor (equal
        infinities are close; NaNs only with equal_nan): torch.isclose, np.isclose."""
        return make_node(self._family, self._close(other, rtol, atol, equal_nan, "isclose"),
                         (), "", ())

    def allclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08,
                 equal_nan: bool = False) -> bool:
        """Whether every element is close to other's (isclose's test): a Python bool."""
        return bool(self._close(other, rtol, atol, equal_nan, "allclose").all())

    def _close(self, other: Any, rtol: Any, atol: Any, equal_nan: Any, op: str) -> Any:
        numbers = _operand(other, op)
        if numbers is None:
            raise TypeError(f"{op}: other must be a Tensor, an array or a number, got "
                            f"{shown(other)}")
        rtol, atol = _tolerance(rtol, "rtol", op), _tolerance(atol, "atol", op)
        equal_nan = flag(equal_nan, "equal_nan", op)
        try:
            return np.asarray(np.isclose(self.data, numbers, rtol=rtol, atol=atol,
                                         equal_nan=equal_nan))
        except ValueError as e:  # shapes that do not broadcast
            raise ValueError(f"{op}: cannot compare shapes {self.shape} and "
                             f"{np.shape(numbers)}: {e}") from None

    def equal(self, other: Any) -> bool:
        """Whether other has this shape and these values (NaN equals nothing): a Python
        bool, as torch.equal (np.array_equal)."""
        numbers = _operand(other, "equal")
        if numbers is None:
            raise TypeError(f"equal: other must be a Tensor, an array or a number, got "
                            f"{shown(other)}")
        return bool(np.array_equal(self.data, numbers))

    def logical_not(self) -> Any:
        """not x, elementwise, for any dtype (0 is False), as a bool Tensor."""
        return make_node(self._family, np.logical_not(self.data), (), "", ())

    def all(self, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
            keepdim: bool | None = None) -> Any:
        """Whether every element (along axis/dim) is true (non-zero): a bool Tensor (uint8
        for a uint8 Tensor, as PyTorch)."""
        return self._test(np.all, "all", axis, dim, keepdims, keepdim)

    def any(self, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
            keepdim: bool | None = None) -> Any:
        """Whether some element (along axis/dim) is true (non-zero): a bool Tensor (uint8
        for a uint8 Tensor, as PyTorch)."""
        return self._test(np.any, "any", axis, dim, keepdims, keepdim)

    def _test(self, test: Any, name: str, axis: Any, dim: Any, keepdims: Any, keepdim: Any
              ) -> Any:
        given, called = either_named(name, "axis", axis, "dim", dim, None)
        chosen = axes(given, self.ndim, name, called)
        result = np.asarray(test(self.data, axis=chosen, keepdims=keep(name, keepdims, keepdim)))
        if self.data.dtype == np.uint8:  # PyTorch keeps uint8 (its bool of old) for these
            result = result.astype(np.uint8)
        return make_node(self._family, result, (), "", ())
