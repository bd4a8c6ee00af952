"""Functions of nodes: `autograd.exp(x)`, `autograd.where(c, x, y)`, `autograd.cat([...])`.

Each takes Values, Tensors, or plain data (numbers, lists, arrays), which becomes a Tensor.
The elementwise ones are made from the shared surface's methods (autograd/surface/shared.py),
one for each; the others are written here, by section.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import ops
from .arguments import _UNSET, Axis, data_of, either
from .arguments import axis as _axis
from .node import Node
from .primitive import apply
from .surface import linalg as _linalg
from .surface import norms as _norms
from .surface.einsum import from_sublists as _from_sublists
from .surface.shared import ELEMENTWISE as _METHODS
from .tensor import Tensor
from .value import Value
from .value import dot as _fused_dot


def _function(name: str, method: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def function(x: Any) -> Any:
        return method(x if isinstance(x, Node) else Tensor(x))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = method.__doc__
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


# ---------------------------------------------------------------------------- reductions
# Each is the Tensor method of the same name (see its help), on x made a Tensor if need be.

def _tensor(x: Any) -> Any:
    return x if isinstance(x, Tensor) else Tensor(x)


def prod(x: Any, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
         keepdim: bool | None = None) -> Any:
    """The product over axis/dim (numpy.prod, torch.prod); exact gradient with zeros."""
    return _tensor(x).prod(axis, keepdims, dim=dim, keepdim=keepdim)


def cumsum(x: Any, axis: int | None = None, *, dim: int | None = None) -> Any:
    """The running sum along axis/dim (numpy.cumsum, torch.cumsum); None: flattened."""
    return _tensor(x).cumsum(axis, dim=dim)


def cumprod(x: Any, axis: int | None = None, *, dim: int | None = None) -> Any:
    """The running product along axis/dim (numpy.cumprod, torch.cumprod); exact gradient
    with zeros."""
    return _tensor(x).cumprod(axis, dim=dim)


def logcumsumexp(x: Any, dim: int | None = None, *, axis: int | None = None) -> Any:
    """log(cumsum(exp(x))) along dim, computed stably (torch.logcumsumexp)."""
    return _tensor(x).logcumsumexp(dim, axis=axis)


def any_(x: Any, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
         keepdim: bool | None = None) -> np.ndarray:
    """Whether any value is nonzero (numpy.any, torch.any): a boolean array. autograd.any."""
    return _tensor(x).any(axis, keepdims, dim=dim, keepdim=keepdim)


def all_(x: Any, axis: Axis = None, keepdims: bool | None = None, *, dim: Axis = None,
         keepdim: bool | None = None) -> np.ndarray:
    """Whether every value is nonzero (numpy.all, torch.all): a boolean array. autograd.all."""
    return _tensor(x).all(axis, keepdims, dim=dim, keepdim=keepdim)


def norm(x: Any, p: Any = _UNSET, dim: Axis = None, keepdim: bool | None = None, *,
         ord: Any = _UNSET, axis: Axis = None,  # noqa: A002 (numpy's name)
         keepdims: bool | None = None) -> Any:
    """torch.norm (p=, default 'fro': the 2-norm), or with ord= numpy.linalg.norm and
    torch.linalg.norm (matrix norms for 2-D); see Tensor.norm."""
    return _tensor(x).norm(p, dim, keepdim, ord=ord, axis=axis, keepdims=keepdims)


def vector_norm(x: Any, ord: Any = 2, dim: Axis = None,  # noqa: A002 (PyTorch's name)
                keepdim: bool = False) -> Any:
    """torch.linalg.vector_norm: (sum |x|^ord)^(1/ord) over dim (all axes for None)."""
    return _norms.vector_norm(_tensor(x), ord, dim, keepdim)


def matrix_norm(x: Any, ord: Any = "fro", dim: tuple[int, int] = (-2, -1),  # noqa: A002
                keepdim: bool = False) -> Any:
    """torch.linalg.matrix_norm: 'fro', 1, -1, inf or -inf over the axes dim=(rows, cols)."""
    return _norms.matrix_norm(_tensor(x), ord, dim, keepdim)


def sort(x: Any, dim: int | None = None, descending: bool = False, stable: bool = False, *,
         axis: Any = _UNSET, kind: str | None = None) -> Any:
    """torch.sort's (values, indices); with axis= numpy.sort's values (axis=None:
    flattened). NaN is the largest value; ties keep their order."""
    return _tensor(x).sort(dim, descending, stable, axis=axis, kind=kind)


def argsort(x: Any, axis: Any = _UNSET, kind: str | None = None, *, dim: int | None = None,
            descending: bool = False, stable: bool | None = None) -> np.ndarray:
    """numpy.argsort and torch.argsort: the indices that sort along axis/dim."""
    return _tensor(x).argsort(axis, kind, dim=dim, descending=descending, stable=stable)


def topk(x: Any, k: int, dim: int = -1, largest: bool = True,
         sorted: bool = True) -> Any:  # noqa: A002 (PyTorch's name)
    """torch.topk: the k largest (or smallest) values along dim and their indices."""
    return _tensor(x).topk(k, dim, largest, sorted)


def median(x: Any, dim: int | None = None, keepdim: bool | None = None, *,
           axis: Any = _UNSET, keepdims: bool | None = None) -> Any:
    """torch.median (the lower middle value; with dim, values and indices); with axis= or
    keepdims=, numpy.median (the mean of the two middle values)."""
    return _tensor(x).median(dim, keepdim, axis=axis, keepdims=keepdims)


def mode(x: Any, dim: int = -1, keepdim: bool = False) -> Any:
    """torch.mode: the most frequent value along dim (the smallest of ties) and its index."""
    return _tensor(x).mode(dim, keepdim)


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


def einsum(*args: Any) -> Any:
    """numpy.einsum and torch.einsum, differentiable in every operand (its gradient is an
    einsum too, so higher derivatives work):

        einsum("ij,jk->ik", a, b)            explicit output
        einsum("ij,jk", a, b)                implicit: letters used once, alphabetically
        einsum("...ij,...jk", a, b)          '...' for broadcast leading axes
        einsum("ii", a)                      a repeated letter takes a diagonal (a trace here)
        einsum("ij,jk", [a, b])              torch's list of operands
        einsum(a, [0, 1], b, [1, 2], [0, 2]) numpy's sublists
    """
    if not args:
        raise TypeError("einsum: expected the subscripts and the operands")
    if isinstance(args[0], str):
        subscripts, operands = args[0], list(args[1:])
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)) and any(
                isinstance(item, (Node, np.ndarray)) for item in operands[0]):
            operands = list(operands[0])  # torch's einsum(equation, [a, b])
    else:
        subscripts, operands = _from_sublists(args)
    if not operands:
        raise ValueError(f"einsum: {subscripts!r} has no operands")
    return _linalg.einsum(subscripts, _as_tensors(operands))


def tensordot(x: Any, y: Any, axes: Any = _UNSET, *, dims: Any = None) -> Any:
    """numpy.tensordot (axes=) and torch.tensordot (dims=): sum over the last `axes` axes of
    x and the first of y (2 by default), or over the pairs ([x's axes], [y's axes])."""
    return _linalg.tensordot(*_as_tensors((x, y)),
                             either("tensordot", "axes", axes, "dims", dims, 2))


def dot(x: Any, y: Any, bias: Any = None) -> Any:
    """Two ops, told apart by their arguments:

    - numpy.dot of Tensors (or arrays, lists of numbers): the inner product of two vectors
      (torch.dot), matmul for matrices, a sum over x's last axis and y's second-to-last for
      N-D, a product for 0-d.
    - The scalar neuron, `dot(weights, inputs, bias)` over Python sequences of Values: bias +
      sum(w * x) as one Value node, in that order (nn.Neuron's; micrograd's 2n nodes in one).
      Taken when bias= is given or a list or tuple holds a Value.
    """
    if bias is not None or _holds_value(x) or _holds_value(y):
        if not isinstance(x, (list, tuple)) or not isinstance(y, (list, tuple)):
            raise TypeError("dot: bias= is the scalar neuron's, dot(weights, inputs, bias) "
                            "over lists of Values; numpy's and torch's dot take no bias")
        return _fused_dot(x, y, 0.0 if bias is None else bias)
    return _linalg.dot(*_as_tensors((x, y)))


def _holds_value(items: Any) -> bool:
    return isinstance(items, (list, tuple)) and any(isinstance(v, Value) for v in items)


def inner(x: Any, y: Any) -> Any:
    """numpy.inner and torch.inner: a sum over the last axes of x and y."""
    return _linalg.inner(*_as_tensors((x, y)))


def outer(x: Any, y: Any) -> Any:
    """numpy.outer and torch.outer: out[i, j] = x[i] * y[j] (the operands flattened)."""
    return _linalg.outer(*_as_tensors((x, y)))


def vdot(x: Any, y: Any) -> Any:
    """numpy.vdot and torch.vdot: the inner product of the flattened operands."""
    return _linalg.vdot(*_as_tensors((x, y)))


def bmm(x: Any, y: Any) -> Any:
    """torch.bmm: batched (b, n, m) @ (b, m, p), checked as PyTorch does (no broadcasting)."""
    return _linalg.bmm(*_as_tensors((x, y)))


def matrix_power(x: Any, n: int) -> Any:
    """numpy.linalg.matrix_power and torch.linalg.matrix_power, for any int n (n < 0 goes
    through the inverse)."""
    return _linalg.matrix_power(_tensor(x), n)


def inv(x: Any) -> Any:
    """numpy.linalg.inv and torch.linalg.inv: d inv(X) = -inv(X) dX inv(X)."""
    return _linalg.inv(_tensor(x))


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
