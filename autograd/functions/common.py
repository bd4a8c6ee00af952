"""What every section of autograd.functions shares: plain data as a Tensor, and the
functions made from the shared surface's elementwise methods."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from ..arguments import shown, to_array
from ..node import Node, make_node
from ..tensor import Tensor


def as_tensor(x: Any, op: str, name: str = "input") -> Any:
    """x as a Tensor (a Tensor itself, or anything Tensor() takes); a bad x is an error
    naming the function `op` and the argument `name`."""
    if isinstance(x, Tensor):
        return x
    return make_node(Tensor, to_array(x, None, op, name=name), (), "", ())


def as_tensors(items: Any, op: str, name: str = "tensors") -> tuple[Any, ...]:
    """Each item as a Tensor; constants take the dtype of the first Tensor among them."""
    if isinstance(items, (str, bytes, dict, np.ndarray)) or not hasattr(items, "__iter__"):
        raise TypeError(f"{op}: {name} must be a sequence of Tensors, got {shown(items)}")
    items = list(items)
    like = next((t for t in items if isinstance(t, Tensor)), None)
    if like is None:  # `is None`, not `or`: a Tensor's truth value is its data's
        like = as_tensor(items[0], op, f"{name}[0]") if items else None
    return tuple(t if isinstance(t, Tensor) else Tensor._lift(t, like, op, f"{name}[{i}]")
                 for i, t in enumerate(items))


def as_pair(x: Any, y: Any, op: str, names: tuple[str, str] = ("x", "y")) -> tuple[Any, Any]:
    """x and y as Tensors (constants in the first Tensor's dtype); a bad one is an error
    naming the function `op` and the argument."""
    like = x if isinstance(x, Tensor) else y if isinstance(y, Tensor) else None
    if like is None:
        x = like = as_tensor(x, op, names[0])
    return (x if isinstance(x, Tensor) else Tensor._lift(x, like, op, names[0]),
            y if isinstance(y, Tensor) else Tensor._lift(y, like, op, names[1]))


def elementwise_function(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def function(x: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(x, Node):
            # A number or array first: made a constant like the first node among the other
            # operands (so atan2(1.0, value) is a Value op, and a float32 Tensor's stays
            # float32), or a Tensor when there is none.
            like = next((a for a in (*args, *kwargs.values()) if isinstance(a, Node)), None)
            x = as_tensor(x, name, "x") if like is None else like._lift(x, like, name, "x")
        return method(x, *args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = method.__doc__
    params = list(inspect.signature(method).parameters.values())
    function.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [params[0].replace(name="x", kind=inspect.Parameter.POSITIONAL_OR_KEYWORD),
         *params[1:]])
    return function
