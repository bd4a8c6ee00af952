"""nn's argument checks: each names the function (`where`) and the argument, and says what
was expected, so a bad argument to F.mse_loss or F.conv2d is not a numpy traceback.

    tensor(x, where)          x as a Tensor (anything Tensor() takes)
    node(x, where)            a Value as it is, anything else as a Tensor
    constant(x, where, name)  a target's or a weight's numbers (an array: no gradient)
    number, integer, flag     one real number (not a bool); one int; True or False
    count                     an int of at least some minimum (a size)
    choice, generator, rng    one of some strings; a numpy Generator (or None); the
                              generator a layer draws from (generator=, seed= or the default)
    float_dtype               a layer's parameters' dtype
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd import Tensor, Value, default_generator, get_default_dtype

# One int (not a bool), True or False, one of some strings: autograd's own checks, so that
# nn's messages read as autograd's ("conv2d: groups must be an int, got 1.5").
from autograd.arguments import (  # noqa: F401 (nn's modules use them)
    choice,
    flag,
    integer,
    real_array,
    shown,
    to_array,
)
from autograd.dtypes import as_dtype, cast_input  # noqa: F401 (cast_input: nn's softmin)


def tensor(x: Any, where: str, name: str = "input") -> Tensor:
    """x as a Tensor: a Tensor itself, or anything Tensor() takes; else an error naming
    `where` (the function) and `name` (the argument)."""
    if isinstance(x, Tensor):
        return x
    return Tensor(to_array(x, None, where, copy=False, name=name))


def node(x: Any, where: str, name: str = "input") -> Any:
    """A Value or a Tensor as it is; anything else as a Tensor."""
    return x if isinstance(x, Value) else tensor(x, where, name)


def constant(x: Any, where: str, name: str) -> np.ndarray:
    """The numbers of a target or a weight (a Tensor's array, or numbers, lists, arrays in
    their own dtype): constants, through which no gradient flows."""
    return real_array(x, where, name)


def number(value: Any, name: str, where: str) -> float:
    """value as a float, or a TypeError that names the function and the argument."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{where}: {name} must be a number, got {shown(value)}")
    return float(value)


def check_inplace(inplace: Any, where: str) -> None:
    if not isinstance(inplace, (bool, np.bool_)):
        raise TypeError(f"{where}: inplace must be True or False, got {shown(inplace)}")


def generator(value: Any, where: str) -> np.random.Generator | None:
    """A numpy Generator, or None (then the caller's default)."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    raise TypeError(f"{where}: generator must be a numpy Generator "
                    f"(np.random.default_rng(seed)), got {shown(value)}")


def rng(seed: Any, generator_: Any, where: str) -> np.random.Generator:
    """The generator a layer draws from: its own generator=, or a new one from seed=, or
    the one autograd.manual_seed seeds."""
    chosen = generator(generator_, where)
    if chosen is not None:
        return chosen
    if seed is None:
        return default_generator
    if integer(seed, "seed", where) < 0:
        raise ValueError(f"{where}: seed must be non-negative (numpy's), got {seed!r}")
    return np.random.default_rng(int(seed))


def count(value: Any, name: str, where: str, minimum: int = 0) -> int:
    """An int of at least `minimum` (a size: in_features, num_embeddings, patience, ...)."""
    if integer(value, name, where) < minimum:
        raise ValueError(f"{where}: {name} must be at least {minimum}, got {value!r}")
    return int(value)


def float_dtype(dtype: Any, where: str) -> Any:
    """The floating-point dtype of a layer's parameters (None: the default float)."""
    if dtype is None:
        return get_default_dtype()
    chosen = as_dtype(dtype, where)
    if chosen.kind != "f":
        raise TypeError(f"{where}: dtype must be a floating-point type (parameters get "
                        f"gradients), got {chosen}")
    return chosen


def optional_number(value: Any, name: str, where: str) -> float | None:
    """None, or a number."""
    return None if value is None else number(value, name, where)
