"""Bitwise functions: bitwise_and, bitwise_or, bitwise_xor, bitwise_not, bitwise_left_shift,
bitwise_right_shift (torch's), for bool and integer Tensors, in PyTorch's dtypes
(autograd/surface/bitwise.py). No gradient."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ..arguments import real_array, shown
from ..node import make_node
from ..tensor import Tensor

_REFLECTED = {"bitwise_and": "__rand__", "bitwise_or": "__ror__", "bitwise_xor": "__rxor__",
              "bitwise_left_shift": "__rlshift__", "bitwise_right_shift": "__rrshift__"}


def _integers(x: Any, op: str, name: str = "input") -> Tensor:
    """x as a Tensor keeping its dtype (a Python int is int64, a bool bool: torch.tensor's)."""
    if isinstance(x, Tensor):
        return x
    return make_node(Tensor, np.array(real_array(x, op, name)), (), "", ())


def _combined(op: str, input: Any, other: Any) -> Any:  # noqa: A002 (torch's name)
    if (not isinstance(input, Tensor) and isinstance(other, Tensor)
            and isinstance(input, numbers.Integral)):  # torch.bitwise_and(2, t)
        out = getattr(other, _REFLECTED[op])(input)
        if out is NotImplemented:
            raise TypeError(f"{op}: input must be a bool or integer Tensor or number, got "
                            f"{shown(input)}")
        return out
    return getattr(_integers(input, op), op)(other)


def bitwise_and(input: Any, other: Any) -> Any:  # noqa: A002
    """input & other, elementwise (torch.bitwise_and); either may be a number."""
    return _combined("bitwise_and", input, other)


def bitwise_or(input: Any, other: Any) -> Any:  # noqa: A002
    """input | other, elementwise (torch.bitwise_or); either may be a number."""
    return _combined("bitwise_or", input, other)


def bitwise_xor(input: Any, other: Any) -> Any:  # noqa: A002
    """input ^ other, elementwise (torch.bitwise_xor); either may be a number."""
    return _combined("bitwise_xor", input, other)


def bitwise_left_shift(input: Any, other: Any) -> Any:  # noqa: A002
    """input << other, elementwise (torch.bitwise_left_shift); either may be a number."""
    return _combined("bitwise_left_shift", input, other)


def bitwise_right_shift(input: Any, other: Any) -> Any:  # noqa: A002
    """input >> other, elementwise (torch.bitwise_right_shift); either may be a number."""
    return _combined("bitwise_right_shift", input, other)


def bitwise_not(input: Any) -> Any:  # noqa: A002
    """~input: not for bools, every bit flipped for integers (torch.bitwise_not)."""
    return _integers(input, "bitwise_not").bitwise_not()


FUNCTIONS = {f.__name__: f for f in (bitwise_and, bitwise_or, bitwise_xor, bitwise_not,
                                     bitwise_left_shift, bitwise_right_shift)}
