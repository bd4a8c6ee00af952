"""Parameter: a Tensor that is a module's state, and how a module tells its parameters."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor, Value


class Parameter(Tensor):
    """A Tensor that is a module's state: `Parameter(data, requires_grad=True)`.

    As PyTorch's: `Parameter(t)` of a Tensor shares t's array (writing one writes the
    other) and keeps its dtype, so `Parameter(int_tensor, requires_grad=False)` is an int
    Parameter and `Parameter(int_tensor)` raises (only floats get gradients);
    `Parameter()` is an empty one. Numbers, lists and ndarrays are copied into a new array
    (numpy's, float64 by default), as `Tensor(data)`.

    A Module collects the Parameters among its attributes, frozen ones
    (requires_grad=False) too, as PyTorch does; a plain Tensor kept on a module (an input
    saved for later, a constant) is not a parameter. Ops on a Parameter give plain Tensors.
    """

    __slots__ = ()

    def __init__(self, data: Any = None, requires_grad: bool = True, dtype: Any = None) -> None:
        if data is None:
            data = np.empty(0)  # PyTorch's Parameter(): an empty float Tensor
        if isinstance(data, Tensor) and dtype is None:
            # checked on a 0-d array of its dtype, then the array itself is taken (shared)
            super().__init__(np.empty((), data.dtype), requires_grad=requires_grad,
                             dtype=data.dtype)
            self._data = data._data
            return
        super().__init__(data, requires_grad=requires_grad, dtype=dtype)

    def __deepcopy__(self, memo: dict[int, Any]) -> Parameter:
        """A copy of the data and requires_grad, without .grad, as PyTorch's
        Parameter.__deepcopy__ (a deepcopied model starts with no gradients)."""
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(Tensor(self.data.copy(), dtype=self.dtype),
                            requires_grad=self.requires_grad)
        memo[id(self)] = result
        return result

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


def is_parameter(x: Any) -> bool:
    """A Parameter, or a micrograd-style parameter: a leaf Value."""
    if type(x) is Value:  # micrograd's parameters are leaf Values
        return x.is_leaf
    return isinstance(x, Parameter)
