"""Tensor's side of numpy's protocol: numpy hands a call that has a Tensor among its
arguments to the Tensor, a ufunc (np.exp, np.add, an ndarray's operators) to
`__array_ufunc__` and any other function to `__array_function__`. Both are answered by
autograd/numpy_functions.py, which sits above Tensor and autograd's functions (it answers
with them) and so registers its two answers here when it is imported (autograd/__init__.py
imports it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np


class NumpyProtocol:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()
    _answer_ufunc: ClassVar[Callable[..., Any]]  # numpy_functions.array_ufunc
    _answer_function: ClassVar[Callable[..., Any]]  # numpy_functions.array_function

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any
                        ) -> Any:
        return NumpyProtocol._answer_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        return NumpyProtocol._answer_function(func, types, args, kwargs)
