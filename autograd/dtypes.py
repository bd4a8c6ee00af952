"""Dtypes: their names, the default float, and how mixed dtypes combine (PyTorch's rules).

A dtype is a numpy dtype: `autograd.float32 is numpy.float32`, and a Tensor's `.dtype` is
its array's (`x.dtype == autograd.float32`). Floating-point Tensors record graphs and get
gradients; integer and bool Tensors compute forward only (indices, masks, counts, labels).

The default float (`get_default_dtype()`) is float64, where PyTorch's is float32: gradproof
checks gradients against central differences, which need float64. It is what Python floats
and lists of them become, what `zeros`, `rand`, `arange(0., 1.)` make, and what an integer
Tensor times a Python float gives.

How two dtypes combine is PyTorch's rule, which is numpy's except where noted:
    - Kinds rank bool < integer < float. A Python number (and a constant array or list) is
      weak: it takes the Tensor's dtype unless it is of a higher kind (`int64 * 2.5` is the
      default float, `float32 * 2` stays float32, `bool + 1` is int64).
    - A 0-d Tensor is weak against Tensors with dimensions, unless of a higher kind:
      float32 (3,) + float64 () is float32 (numpy: float64).
    - Between Tensors, an integer and a float give the float's dtype: int64 + float32 is
      float32 (numpy: float64). Otherwise numpy's `promote_types`.
    - A Python int a Tensor of a narrower integer dtype cannot hold wraps around into it,
      as PyTorch's does (uint8 + -3 and uint8 < -3 use 253), except where the op computes
      in float (true division, below): there it keeps its value (uint8 / -3 divides by -3).
    - An op whose result is a float (exp, log, sqrt, sigmoid, the trig functions, atan2,
      hypot, `/`, ...: the ops with `op.int_to_float = True`, listed in autograd/ops) of
      integer and bool inputs computes in the default float, as PyTorch (numpy: float16 for
      bool, int8 and uint8, float32 for int16). `mean` of an int Tensor is numpy's float64.

The rule is applied once for every op, by Tensor._lift (constants) and Tensor._compute (the
inputs cast to the result dtype before the forward runs; gradients come back in each
input's own dtype, engine.accumulate casts them). An op whose inputs must keep their own
dtypes (an index Tensor among its inputs) says so with `op.keeps_dtypes = True`.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, NoReturn

import numpy as np

from .messages import shown
from .node import Node

float16 = half = np.float16
float32 = np.float32
float64 = double = np.float64
int8, int16, int32, int64 = np.int8, np.int16, np.int32, np.int64
short, long = np.int16, np.int64
uint8 = np.uint8
bool_ = np.bool_
# autograd.float, autograd.int and autograd.bool (PyTorch's float32, int32 and bool) are
# made in autograd/__init__.py: named here they would hide Python's builtins in this file.

_default_float = np.dtype(np.float64)

# PyTorch's names for a Tensor of each dtype, as `x.type()` returns them.
TYPE_NAMES = {np.dtype(d): name for d, name in [
    (np.float16, "HalfTensor"), (np.float32, "FloatTensor"), (np.float64, "DoubleTensor"),
    (np.int8, "CharTensor"), (np.int16, "ShortTensor"), (np.int32, "IntTensor"),
    (np.int64, "LongTensor"), (np.uint8, "ByteTensor"), (np.bool_, "BoolTensor")]}


def get_default_dtype() -> np.dtype[Any]:
    """The float dtype Python floats become (float64 unless set_default_dtype changed it)."""
    return _default_float


def set_default_dtype(dtype: Any) -> None:
    """Make `dtype` (float16, float32 or float64) what Python floats become, as PyTorch."""
    global _default_float
    chosen = as_dtype(dtype, "set_default_dtype")
    if chosen.kind != "f":
        raise TypeError(f"set_default_dtype: only a floating-point dtype can be the default, "
                        f"got {chosen}")
    _default_float = chosen


def as_dtype(dtype: Any, where: str, name: str = "dtype") -> np.dtype[Any]:
    """A numpy dtype from anything naming one (np.float32, 'float32', float, 'torch.LongTensor'
    style names), checked: real numbers only; errors call the argument `name`."""
    if isinstance(dtype, str) and dtype.split(".")[-1] in _BY_TYPE_NAME:
        return _BY_TYPE_NAME[dtype.split(".")[-1]]
    if dtype is None or isinstance(dtype, (Node, np.ndarray)) or not isinstance(
            dtype, (str, type, np.dtype)):  # numpy would read a number, an array, a dict...
        _not_a_dtype(dtype, where, name)
    try:
        chosen = np.dtype(dtype)
    except TypeError:
        _not_a_dtype(dtype, where, name)
    if chosen.kind not in "fiub":
        raise TypeError(f"{where}: {name} must be a float, integer or bool type, got {chosen}")
    return chosen


_BY_TYPE_NAME = {name: dtype for dtype, name in TYPE_NAMES.items()}


def cast_input(x: Any, dtype: Any, where: str) -> Any:
    """x cast to dtype: PyTorch's dtype= of a reduction, a scan or a softmax (the input is
    cast first, in the graph). Callers test dtype is None themselves (a hot path's test)."""
    return x.astype(as_dtype(dtype, where), copy=False)


def _not_a_dtype(dtype: Any, where: str, name: str = "dtype") -> NoReturn:
    raise TypeError(f"{where}: {name} must be a dtype (autograd.float32, autograd.int64, "
                    f"autograd.bool, ...), got {shown(dtype)}")


def _refuse(x: Any, what: str, ragged: Exception | None = None) -> NoReturn:
    """The error for a constant operand that is not real numbers: `what` (the op and the
    argument) and the value."""

    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(f"{what} is a numpy masked array, whose mask a Tensor cannot keep; "
                        "pass x.filled(value) for its values, or use where(mask, x, value)")
    if ragged is not None:
        raise ValueError(f"{what} is not a rectangular array of numbers, got {shown(x)}: "
                         f"{ragged}")
    raise TypeError(f"{what} must be real numbers, got {shown(x)}")


def is_floating(dtype: np.dtype[Any]) -> bool:
    return dtype.kind == "f"


def check_requires_grad(dtype: np.dtype[Any], where: str) -> None:
    """PyTorch's rule: only floating-point Tensors record graphs and get gradients."""
    if dtype.kind != "f":
        raise RuntimeError(f"{where}: only Tensors of floating point dtype can require "
                           f"gradients, got {dtype} (an integer or bool Tensor has no "
                           "gradient: cast it first, e.g. x.float() or x.double())")


def check_device(device: Any, where: str) -> None:
    """device='cpu' (or None, or a torch.device('cpu')) is accepted; nothing else is."""
    if device is None:
        return
    name = str(device)
    if name != "cpu" and not name.startswith("cpu:"):

        given = repr(device) if isinstance(device, str) else f"({shown(device)})"
        raise ValueError(f"{where}: device={given}: gradproof computes on the CPU only; pass "
                         "device='cpu' or leave it out")


def to_arguments(args: tuple[Any, ...], dtype: Any, device: Any, where: str) -> Any:
    """PyTorch's `to(...)` arguments sorted out: `to(dtype)`, `to('cpu')`, `to('cpu', dtype)`,
    `to(other_tensor)` (its dtype); the device checked. Returns the dtype (or None)."""
    chosen = None if dtype is None else as_dtype(dtype, where)
    for arg in args:
        if (isinstance(arg, str) and arg.split(":")[0] in ("cpu", "cuda", "mps", "meta")
                or type(arg).__name__ == "device"):  # a device name, or a torch.device
            device = arg
            continue
        if chosen is not None:
            raise TypeError(f"{where}: got two dtypes, {chosen} and {arg!r}; pass one"[:300])
        tensor = isinstance(arg, Node) and hasattr(arg, "shape")  # a Tensor: its dtype
        chosen = arg.data.dtype if tensor else as_dtype(arg, where)
    check_device(device, where)
    return chosen


# ---------------------------------------------------------------------- combining dtypes

_RANK = {"b": 0, "u": 1, "i": 1, "f": 2}


def rank(dtype: np.dtype[Any]) -> int:
    """bool 0 < integer 1 < float 2: a weak operand keeps its own dtype only if it ranks
    higher than the Tensor's."""
    return _RANK[dtype.kind]


def promote_types(a: np.dtype[Any], b: np.dtype[Any]) -> np.dtype[Any]:
    """PyTorch's promote_types: an integer and a float give the float (numpy: a float wide
    enough for the integer); otherwise numpy's."""
    if a.kind == "f" and b.kind != "f":
        return a
    if b.kind == "f" and a.kind != "f":
        return b
    return np.promote_types(a, b)


def result_type(arrays: list[np.ndarray]) -> np.dtype[Any]:
    """The dtype an op on these arrays gives, by PyTorch's rule: arrays with dimensions
    decide, and 0-d arrays count only when of a higher kind (see the module docstring)."""
    dimensioned = zero_dim = None
    for a in arrays:
        if a.ndim:
            dimensioned = a.dtype if dimensioned is None else promote_types(dimensioned, a.dtype)
        else:
            zero_dim = a.dtype if zero_dim is None else promote_types(zero_dim, a.dtype)
    if dimensioned is None:
        return zero_dim  # type: ignore[return-value]
    if zero_dim is None or rank(zero_dim) <= rank(dimensioned):
        return dimensioned
    if dimensioned.kind == "b" or zero_dim.kind == "f":
        return promote_types(dimensioned, zero_dim)
    return dimensioned


def promoted(data: list[np.ndarray]) -> list[np.ndarray]:
    """The inputs of one op in their common dtype (only the ones that differ are cast)."""
    common = result_type(data)
    return [a if a.dtype == common else a.astype(common) for a in data]


def floated(data: list[np.ndarray]) -> list[np.ndarray]:
    """The inputs of an op that computes in float (`op.int_to_float`), when the first is an
    integer or bool array: in their common dtype if that is a float, else in the default
    float (PyTorch's rule; numpy's exp of a bool is float16)."""
    common = result_type(data)
    if common.kind != "f":
        common = _default_float
    return [a if a.dtype == common else a.astype(common) for a in data]


def constant(x: Any, like: np.dtype[Any], where: str, name: str = "") -> np.ndarray:
    """A constant operand (a number, list or array) as an array for an op on a Tensor of
    dtype `like`: in `like` when its kind ranks no higher (a float32 graph stays float32);
    else its own dtype for a numpy array, the default float (or int64) for the others.
    A bad one is an error naming `where` (the op; apply adds it when not given) and `name`
    (the argument; 'operand' when not given)."""
    named = f"{where}: " if where else ""
    name = name or "operand"
    if isinstance(x, str) or x is None or isinstance(x, np.ma.MaskedArray):
        _refuse(x, f"{named}{name}")
    try:
        array = np.asarray(x)
    except ValueError as e:  # ragged nested lists
        _refuse(x, f"{named}{name}", e)
    kind = array.dtype.kind
    if kind not in "fiub":
        _refuse(x, f"{named}{name}")
    if _RANK[kind] <= _RANK[like.kind]:
        if type(x) is int and like.kind in "iu" and not _fits(x, like):
            return array  # int64: promoted() wraps it into like, floated() keeps its value
        return array if array.dtype == like else array.astype(like)
    if isinstance(x, np.ndarray):
        return array
    return array.astype(_default_float if kind == "f" else np.int64, copy=False)


def _fits(x: int, dtype: np.dtype[Any]) -> bool:
    """Whether the integer dtype holds the Python int x."""
    info = np.iinfo(dtype)
    return info.min <= x <= info.max


def scalar_to(value: Any, dtype: np.dtype[Any], where: str, name: str = "value") -> Any:
    """A real number (or a 0-d array's) written into a Tensor of `dtype` (masked_fill's
    value), converted as PyTorch converts it: a float to an integer dtype is truncated
    toward 0, a negative int wraps into an unsigned dtype down to -max (-3 into uint8 is
    253); a value the dtype cannot hold (nan or inf to an integer, 300 to uint8, 1e300 to
    float32) is a RuntimeError. Returns a numpy scalar of `dtype`."""
    if isinstance(value, np.ndarray):
        value = value.item()
    kind = dtype.kind
    if kind == "b":
        return np.bool_(value)
    integral = isinstance(value, (numbers.Integral, np.integer, np.bool_))
    value = int(value) if integral else float(value)
    if kind == "f":
        if math.isfinite(value) and abs(value) > float(np.finfo(dtype).max):
            _overflow(value, dtype, where, name)
        return dtype.type(value)
    info = np.iinfo(dtype)
    if not integral:
        if not (math.isfinite(value) and info.min <= value <= info.max):
            _overflow(value, dtype, where, name)
        value = math.trunc(value)
    low = -int(info.max) if kind == "u" else int(info.min)
    if not low <= value <= info.max:
        _overflow(value, dtype, where, name)
    return np.array(value).astype(dtype)[()]


def _overflow(value: Any, dtype: np.dtype[Any], where: str, name: str) -> NoReturn:
    raise RuntimeError(f"{where}: {name} {value!r} cannot be converted to {dtype} without "
                       "overflow (as PyTorch)")
