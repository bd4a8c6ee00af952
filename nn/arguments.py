"""nn's argument checks: each names the function (`where`) and the argument, and says what
was expected, so a bad argument to F.mse_loss or F.conv2d is not a numpy traceback.

    tensor(x, where)          x as a Tensor (anything Tensor() takes)
    node(x, where)            a Value as it is, anything else as a Tensor
    constant(x, where, name)  a target's or a weight's numbers (an array: no gradient)
    number, integer, flag     one real number (not a bool); one int; True or False
    choice, generator         one of some strings; a numpy Generator (or None)
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd import Tensor, Value

# One int (not a bool), True or False, one of some strings: autograd's own checks, so that
# nn's messages read as autograd's ("conv2d: groups must be an int, got float 1.5").
from autograd.arguments import choice, flag, integer  # noqa: F401 (nn's modules use them)
from autograd.arguments import shown as _shown


def tensor(x: Any, where: str) -> Tensor:
    """x as a Tensor: a Tensor itself, or anything Tensor() takes (else its error, naming
    `where`)."""
    if isinstance(x, Tensor):
        return x
    try:
        return Tensor(x)
    except (TypeError, ValueError) as e:
        raise type(e)(f"{where}: {e}") from None


def node(x: Any, where: str) -> Any:
    """A Value or a Tensor as it is; anything else as a Tensor."""
    return x if isinstance(x, Value) else tensor(x, where)


def constant(x: Any, where: str, name: str) -> np.ndarray:
    """The numbers of a target or a weight (a Tensor's array, or numbers, lists, arrays in
    their own dtype): constants, through which no gradient flows."""
    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, Value) or isinstance(x, np.ma.MaskedArray):
        raise TypeError(f"{where}: {name} must be a Tensor or an array of numbers, got "
                        f"{_shown(x)}" + ("; pass x.filled(value)" if isinstance(
                            x, np.ma.MaskedArray) else ""))
    try:
        array = np.asarray(x)
    except ValueError as e:  # ragged nested lists
        raise ValueError(f"{where}: {name} is not a rectangular array: {e}") from None
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{where}: {name} must hold real numbers, got {_shown(x)}")
    return array


def number(value: Any, name: str, where: str) -> float:
    """value as a float, or a TypeError that names the function and the argument."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{where}: {name} must be a number, got {_shown(value)}")
    return float(value)


def check_inplace(inplace: Any, where: str) -> None:
    if not isinstance(inplace, (bool, np.bool_)):
        raise TypeError(f"{where}: inplace must be True or False, got {_shown(inplace)}")


def generator(value: Any, where: str) -> np.random.Generator | None:
    """A numpy Generator, or None (then the caller's default)."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    raise TypeError(f"{where}: generator must be a numpy Generator "
                    f"(np.random.default_rng(seed)), got {_shown(value)}")
