"""`x.view(dtype)`: the same bytes read as another dtype (PyTorch's Tensor.view(dtype),
numpy's ndarray.view(dtype)).

The result shares x's memory and is not in the graph (PyTorch's has no gradient either,
even for the same dtype). A dtype of another element size changes the last dim: float64
(2, 2) viewed as float32 is (2, 4), and float32 (1, 2) as float64 is (1, 1). As in PyTorch,
that needs a last dim whose elements are adjacent in memory, whose size in bytes the new
element size divides, and a Tensor of at least one dim.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dtypes import as_dtype
from ..node import make_node


def is_dtype(x: Any) -> bool:
    """Whether view's one argument names a dtype (np.float32, autograd.int32,
    np.dtype('f4')) rather than a size (a string is neither, as in PyTorch)."""
    return isinstance(x, (type, np.dtype))


def view_dtype(x: Any, given: tuple[Any, ...], dtype: Any) -> Any:
    """x's bytes as the dtype given (by position or as dtype=), sharing its memory (see the
    module docstring)."""
    target = as_dtype(given[0] if dtype is None else dtype, "view")
    if dtype is not None and given:
        raise TypeError(f"view: got a shape {given} and dtype={target}; pass one")
    data = x.data
    old, new = data.dtype.itemsize, target.itemsize
    if old != new:
        what = f"to view {data.dtype} as {target} (different element sizes)"
        if data.ndim == 0:
            raise ValueError(f"view: a 0-d Tensor has no last dim to resize {what}; only a "
                             "dtype of the same element size can view it")
        if data.shape[-1] > 1 and data.size and data.strides[-1] != old:
            raise ValueError(f"view: the last dim must be contiguous (stride 1) {what}, got "
                             f"strides {tuple(s // old for s in data.strides)} for shape "
                             f"{data.shape}; call .contiguous() first")
        if data.shape[-1] * old % new:
            raise ValueError(f"view: the last dim's size ({data.shape[-1]}) must be divisible "
                             f"by {new // old} {what}")
    try:
        viewed = data.view(target)
    except ValueError as e:  # an offset or a layout numpy cannot reinterpret
        raise ValueError(f"view: cannot view {data.dtype} of shape {data.shape} as {target}: "
                         f"{e}") from None
    return make_node(x._family, viewed, (), "", ())
