"""Functions of nodes: `autograd.exp(x)`, `autograd.where(c, x, y)`, `autograd.cat([...])`.

Each takes Values, Tensors, or plain data (numbers, lists, arrays), which becomes a Tensor.
The elementwise ones are made from the shared surface's methods (autograd/surface/shared.py),
one for each; the others are written here, by section.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import ops
from .arguments import axis as _axis
from .arguments import data_of, either
from .node import Node
from .primitive import apply
from .surface.shared import ELEMENTWISE as _METHODS
from .tensor import Tensor


def _function(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def function(x: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(x, Node):
            # A number or array first: made a constant like the first node among the other
            # operands (so atan2(1.0, value) is a Value op, and a float32 Tensor's stays
            # float32), or a Tensor when there is none.
            like = next((a for a in (*args, *kwargs.values()) if isinstance(a, Node)), None)
            x = Tensor(x) if like is None else like._lift(x, like)
        return method(x, *args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = method.__doc__
    params = list(inspect.signature(method).parameters.values())
    function.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [params[0].replace(name="x", kind=inspect.Parameter.POSITIONAL_OR_KEYWORD),
         *params[1:]])
    return function


ELEMENTWISE: dict[str, Callable[[Any], Any]] = {
    name: _function(name, method) for name, method in _METHODS.items()}
"""exp, log, sqrt, abs, sin, ...: `autograd.<name>(x)` is `x.<name>()`."""


# ---------------------------------------------------------------------------- elementwise

def where(condition: Any, x: Any, y: Any) -> Any:
    """x where condition holds, else y (numpy.where), differentiable in x and y."""
    cond = np.asarray(data_of(condition), dtype=bool)
    if not isinstance(x, Tensor) and not isinstance(y, Tensor):
        x = Tensor(x)
    return ops.where(x, y, cond)


def maximum(x: Any, y: Any) -> Any:
    """The larger of x and y, elementwise (ties share the gradient)."""
    return ops.maximum(*_tensor_first(x, y))


def minimum(x: Any, y: Any) -> Any:
    """The smaller of x and y, elementwise (ties share the gradient)."""
    return ops.minimum(*_tensor_first(x, y))


def _tensor_first(x: Any, y: Any) -> tuple[Any, Any]:
    """x as a Tensor; a constant x takes y's dtype when y is the Tensor (float32 stays)."""
    if isinstance(x, Tensor):
        return x, y
    return (Tensor._lift(x, y) if isinstance(y, Tensor) else Tensor(x)), y


# -------------------------------------------------------------------------------- linalg

def linear(x: Any, weight: Any, bias: Any = None) -> Any:
    """x @ weight.T + bias as one node (torch.nn.functional.linear): weight is (out, in).

    One fused op rather than a matmul, a transpose and an add: a third of the nodes, and
    the weight's gradient comes out laid out as the weight is.
    """
    x_shape, w_shape = np.shape(data_of(x)), np.shape(data_of(weight))
    if len(w_shape) != 2 or not x_shape or x_shape[-1] != w_shape[1]:
        raise ValueError(f"linear: input of shape {x_shape} does not fit weight of shape "
                         f"{w_shape}: expected a 2-D weight (out, in) and input (..., in)")
    if bias is not None and np.shape(data_of(bias)) not in ((), (w_shape[0],)):
        raise ValueError(f"linear: bias of shape {np.shape(data_of(bias))} does not fit "
                         f"weight of shape {w_shape}: expected ({w_shape[0]},)")
    if not isinstance(x, Tensor) and not isinstance(weight, Tensor):
        x = Tensor(x)
    return ops.linear(x, weight) if bias is None else ops.linear(x, weight, bias)


# --------------------------------------------------------------------------------- shape

def concatenate(tensors: Sequence[Any], axis: int | None = None, *,
                dim: int | None = None) -> Any:
    """Join Tensors along an existing axis (numpy.concatenate, torch.cat; axis= or dim=)."""
    axis = either("concatenate", "axis", axis, "dim", dim, 0)
    if not tensors:
        raise ValueError("concatenate: needs at least one Tensor")
    nodes = _as_tensors(tensors)
    return apply(ops.concatenate, nodes, (_axis(axis, nodes[0].ndim, "concatenate"),))


cat = concatenate


def stack(tensors: Sequence[Any], axis: int | None = None, *, dim: int | None = None) -> Any:
    """Join Tensors along a new axis (numpy.stack, torch.stack; axis= or dim=)."""
    axis = either("stack", "axis", axis, "dim", dim, 0)
    if not tensors:
        raise ValueError("stack: needs at least one Tensor")
    nodes = _as_tensors(tensors)
    ndim = nodes[0].ndim + 1
    return concatenate([t.unsqueeze(_axis(axis, ndim, "stack")) for t in nodes], axis)


def _as_tensors(items: Sequence[Any]) -> tuple[Any, ...]:
    """Each item as a Tensor; constants take the dtype of the first Tensor among them."""
    like = next((t for t in items if isinstance(t, Tensor)), None)
    if like is None:  # `is None`, not `or`: a Tensor's truth value is its data's
        like = Tensor(items[0])
    return tuple(t if isinstance(t, Tensor) else Tensor._lift(t, like) for t in items)
