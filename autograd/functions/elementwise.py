"""Elementwise functions beyond one per method: where, maximum, minimum, clamp, clip,
clamp_min, clamp_max, logical_not, the comparisons, and PyTorch's add, sub, mul, div,
true_divide."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import _UNSET, either_named, mask
from ..creation import tensor
from ..tensor import Tensor
from .common import as_pair, as_tensor
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
    if type(x) in (int, bool) and type(y) in (int, bool):  # two Python integers: PyTorch's
        dtype = np.bool_ if type(x) is type(y) is bool else np.int64  # int64 (bool for two)
        x, y = tensor(x, dtype), tensor(y, dtype)
    return ops.where(*as_pair(x, y, "where"), cond)


def maximum(x: Any, y: Any) -> Any:
    """The larger of x and y, elementwise (ties share the gradient)."""
    return ops.maximum(*as_pair(x, y, "maximum"))


def minimum(x: Any, y: Any) -> Any:
    """The smaller of x and y, elementwise (ties share the gradient)."""
    return ops.minimum(*as_pair(x, y, "minimum"))


def clamp(input: Any, min: Any = None, max: Any = None) -> Any:  # noqa: A002 (PyTorch's)
    """input limited to [min, max] (torch.clamp): bounds are numbers, arrays or Tensors
    (which get gradients too), None is no bound; one of them is needed, as in PyTorch."""
    if min is None and max is None:
        raise TypeError("clamp: at least one of min and max must be given (not None)")
    return _clamped("clamp", input, (min, "min"), (max, "max"))


def clip(input: Any, min: Any = None, max: Any = None, *,  # noqa: A002 (PyTorch's names)
         a_min: Any = None, a_max: Any = None) -> Any:
    """torch.clip, clamp's other name; numpy.clip's a_min= and a_max= too."""
    low = either_named("clip", "a_min", a_min, "min", min, None)
    high = either_named("clip", "a_max", a_max, "max", max, None)
    if low[0] is None and high[0] is None:
        raise TypeError("clip: at least one of min and max (a_min, a_max) must be given")
    return _clamped("clip", input, low, high)


def clamp_min(input: Any, min: Any) -> Any:  # noqa: A002 (PyTorch's names)
    """clamp(input, min=min) (torch.clamp_min)."""
    if min is None:  # clamp's "no bound": here the one bound is needed
        raise TypeError("clamp_min: min must be a number, an array or a Tensor, got None")
    return _clamped("clamp_min", input, (min, "min"), (None, "max"))


def clamp_max(input: Any, max: Any) -> Any:  # noqa: A002 (PyTorch's names)
    """clamp(input, max=max) (torch.clamp_max)."""
    if max is None:
        raise TypeError("clamp_max: max must be a number, an array or a Tensor, got None")
    return _clamped("clamp_max", input, (None, "min"), (max, "max"))


def _clamped(op: str, input: Any, low: tuple[Any, str],  # noqa: A002
             high: tuple[Any, str]) -> Any:
    """input limited to the bounds, each (value or None, the argument's name); a constant
    input takes a Tensor bound's dtype (float32 stays), a constant bound the input's."""
    bound = low[0] if high[0] is None else high[0]
    if isinstance(input, Tensor):
        x = input
    elif isinstance(bound, Tensor):
        x = Tensor._lift(input, bound, op, "input")
    else:
        x = as_tensor(input, op, "input")
    lo = -np.inf if low[0] is None else x._operand(low[0], op, low[1])
    hi = np.inf if high[0] is None else x._operand(high[0], op, high[1])
    return ops.clip(x, lo, hi)


# ---- PyTorch's functions of + - * /: the Tensor methods, on the first Tensor operand

def add(input: Any, other: Any, *, alpha: Any = 1) -> Any:  # noqa: A002 (PyTorch's name)
    """input + alpha * other (torch.add; see Tensor.add for the last bit)."""
    x, y = as_pair(input, other, "add", ("input", "other"))
    return x.add(y, alpha=alpha)


def sub(input: Any, other: Any, *, alpha: Any = 1) -> Any:  # noqa: A002 (PyTorch's name)
    """input - alpha * other (torch.sub)."""
    x, y = as_pair(input, other, "sub", ("input", "other"))
    return x.sub(y, alpha=alpha)


def mul(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input * other (torch.mul)."""
    x, y = as_pair(input, other, "mul", ("input", "other"))
    return x.mul(y)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Any:  # noqa: A002
    """input / other (torch.div); rounding_mode 'trunc' or 'floor' rounds the quotient."""
    x, y = as_pair(input, other, "div", ("input", "other"))
    return x.div(y, rounding_mode=rounding_mode)


def true_divide(dividend: Any, divisor: Any) -> Any:
    """dividend / divisor (torch.true_divide)."""
    x, y = as_pair(dividend, divisor, "true_divide", ("dividend", "divisor"))
    return x.true_divide(y)


def logical_not(input: Any) -> Any:  # noqa: A002
    """not x, elementwise, for any dtype (0 is False), as a bool Tensor (torch.logical_not,
    numpy.logical_not)."""
    return _comparand(input, "logical_not").logical_not()


def logical_and(input: Any, other: Any) -> Any:  # noqa: A002
    """x and y, elementwise, for any dtypes (0 is False), as a bool Tensor."""
    return _comparand(input, "logical_and").logical_and(other)


def logical_or(input: Any, other: Any) -> Any:  # noqa: A002
    """x or y, elementwise, for any dtypes (0 is False), as a bool Tensor."""
    return _comparand(input, "logical_or").logical_or(other)


def logical_xor(input: Any, other: Any) -> Any:  # noqa: A002
    """x xor y, elementwise, for any dtypes (0 is False), as a bool Tensor."""
    return _comparand(input, "logical_xor").logical_xor(other)


def isclose(input: Any, other: Any, rtol: float = 1e-05, atol: float = 1e-08,  # noqa: A002
            equal_nan: bool = False) -> Any:
    """|input - other| <= atol + rtol * |other|, elementwise, a bool Tensor (torch.isclose)."""
    return _comparand(input, "isclose").isclose(other, rtol, atol, equal_nan)


def allclose(input: Any, other: Any, rtol: float = 1e-05, atol: float = 1e-08,  # noqa: A002
             equal_nan: bool = False) -> bool:
    """Whether every element is close (isclose's test), a Python bool (torch.allclose)."""
    return _comparand(input, "allclose").allclose(other, rtol, atol, equal_nan)


def equal(input: Any, other: Any) -> bool:  # noqa: A002
    """Whether both have the same shape and values, a Python bool (torch.equal)."""
    return _comparand(input, "equal").equal(other)


# ---- comparisons, as torch.eq(x, y) ... (x.eq(y), x == y): bool Tensors, no gradient

def eq(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input == other, elementwise."""
    return _comparand(input, "eq").eq(other)


def ne(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input != other, elementwise."""
    return _comparand(input, "ne").ne(other)


def lt(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input < other, elementwise."""
    return _comparand(input, "lt").lt(other)


def le(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input <= other, elementwise."""
    return _comparand(input, "le").le(other)


def gt(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input > other, elementwise."""
    return _comparand(input, "gt").gt(other)


def ge(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input >= other, elementwise."""
    return _comparand(input, "ge").ge(other)


def _comparand(x: Any, op: str) -> Tensor:
    return x if isinstance(x, Tensor) else as_tensor(x, op)
