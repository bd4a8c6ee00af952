"""Parameter: a Tensor that is a module's state, and how a module tells its parameters."""

from __future__ import annotations

from typing import Any

from autograd import Tensor, Value


class Parameter(Tensor):
    """A Tensor that is a module's state: `Parameter(data, requires_grad=True)` (a copy).

    A Module collects the Parameters among its attributes, frozen ones
    (requires_grad=False) too, as PyTorch does; a plain Tensor kept on a module (an input
    saved for later, a constant) is not a parameter. Ops on a Parameter give plain Tensors.
    """

    __slots__ = ()

    def __init__(self, data: Any, requires_grad: bool = True, dtype: Any = None) -> None:
        super().__init__(data, requires_grad=requires_grad, dtype=dtype)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


def is_parameter(x: Any) -> bool:
    """A Parameter, or a micrograd-style parameter: a leaf Value."""
    if type(x) is Value:  # micrograd's parameters are leaf Values
        return x.is_leaf
    return isinstance(x, Parameter)
