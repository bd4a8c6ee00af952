"""torch.tensor's array for data (numbers, nested lists, numpy arrays and scalars, Tensors):
a new array with PyTorch's dtype, where numpy's would differ (Python floats are the default
float, a float32 numpy scalar stays float32 beside an int, an int beyond int64 is an error,
not uint64). Used by autograd/creation.py's tensor and as_tensor."""

from __future__ import annotations

import numbers
from typing import Any, NoReturn

import numpy as np

from . import dtypes
from .arguments import as_array, real_array, shown
from .node import Node


def from_data(data: Any, where: str) -> np.ndarray:
    """A new array from numbers, lists or arrays with torch.tensor's dtype."""
    if isinstance(data, (np.ndarray, np.generic, Node)):
        return np.array(real_array(data, where, "data"), copy=True)
    array = np.array(as_array(data, where, "data"), copy=True)
    if array.dtype == np.uint64 or array.dtype == object and any(
            isinstance(v, numbers.Integral) and not -2**63 <= v < 2**63 for v in array.flat):
        _overflow(data, where)  # numpy would make uint64 (or objects) of them
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{where}: data must hold real numbers, got {shown(data)}")
    if array.dtype.kind == "f":
        array = array.astype(float_of_elements(data, where), copy=False)
    return array


def float_of_elements(data: Any, where: str) -> np.dtype[Any]:
    """torch.tensor's dtype for numbers or (nested) lists holding a float: its elements'
    dtypes combined (PyTorch's promote_types), a Python float counting as the default
    float, an int as int64, a numpy scalar, array or Tensor as its own dtype
    (`[np.float32(1.5)]` is float32; numpy's would be float64 beside an int)."""
    found, stack, default = None, [data], dtypes.get_default_dtype()
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            types = set(map(type, x))  # (a row of Python numbers at C speed)
            if not types <= {float, int}:
                stack.extend(x)
                continue
            kind = default if float in types else np.dtype(np.int64) if types else found
        elif isinstance(x, Node):
            kind = x.data.dtype
        elif isinstance(x, (np.ndarray, np.generic)):
            kind = x.dtype
        elif isinstance(x, (bool, numbers.Integral)):
            kind = np.dtype(np.bool_ if isinstance(x, bool) else np.int64)
        else:
            kind = default
        if kind is not found and kind is not None:
            found = kind if found is None else dtypes.promote_types(found, kind)
    if found is not None and found.kind != "f":  # ints only: numpy made floats of big ones
        _overflow(data, where)
    return dtypes.get_default_dtype() if found is None else found


def _overflow(data: Any, where: str) -> NoReturn:
    raise ValueError(f"{where}: an integer in data is outside int64's range [-2**63, 2**63 - 1] "
                     f"(an overflow, as PyTorch's), got {shown(data)}")
