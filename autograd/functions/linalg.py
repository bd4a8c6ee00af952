"""Linear algebra functions: linear (F.linear), matmul, mm, mv, einsum, tensordot, dot,
inner, outer, bmm..."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import _UNSET, either_named, real_array, shown
from ..node import Node, make_node
from ..primitive import apply
from ..surface import linalg as _linalg
from ..surface.einsum import from_sublists as _from_sublists
from ..tensor import Tensor
from ..value import Value
from ..value import dot as _fused_dot
from .common import as_pair as _as_pair
from .common import as_tensor as _tensor
from .common import as_tensors as _as_tensors


def linear(x: Any, weight: Any, bias: Any = None) -> Any:
    """x @ weight.T + bias as one node (torch.nn.functional.linear): weight is (out, in).

    One fused op rather than a matmul, a transpose and an add: a third of the nodes, and
    the weight's gradient comes out laid out as the weight is.
    """
    if type(x) is np.ndarray and isinstance(weight, Tensor) and x.dtype == weight.data.dtype:
        x = make_node(weight._family, x, (), "", ())  # a batch of data: a leaf, as apply would
    if isinstance(x, Tensor) and isinstance(weight, Tensor) and (bias is None or isinstance(
            bias, Tensor)):  # a layer's call: a Tensor's array is real already
        x_shape, w_shape = x.data.shape, weight.data.shape
        b_shape = None if bias is None else bias.data.shape
    else:  # other arguments are looked at closely
        x_shape, w_shape = _shape(x, "x"), _shape(weight, "weight")
        b_shape = None if bias is None else _shape(bias, "bias")
        if not isinstance(x, Tensor) and not isinstance(weight, Tensor):
            x = Tensor(x)
    if len(w_shape) != 2 or not x_shape or x_shape[-1] != w_shape[1]:
        raise ValueError(f"linear: input of shape {x_shape} does not fit weight of shape "
                         f"{w_shape}: expected a 2-D weight (out, in) and input (..., in)")
    if b_shape is not None and b_shape not in ((), w_shape[:1]):
        raise ValueError(f"linear: bias of shape {b_shape} does not fit "
                         f"weight of shape {w_shape}: expected ({w_shape[0]},)")
    return apply(ops.linear, (x, weight) if bias is None else (x, weight, bias))


def _shape(a: Any, name: str) -> tuple[int, ...]:
    """The shape of linear's argument `name`: a Tensor's, or that of an array of reals."""
    return a.data.shape if isinstance(a, Tensor) else real_array(a, "linear", name).shape


def matmul(input: Any, other: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """input @ other (torch.matmul, numpy.matmul): 1-D operands, matrices, and stacks of
    them with broadcast batch dims."""
    x, y = _as_pair(input, other, "matmul", ("input", "other"))
    return x @ y


def mm(input: Any, mat2: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """torch.mm: (n, m) @ (m, p), two matrices only."""
    return _linalg.mm(*_as_pair(input, mat2, "mm", ("input", "mat2")))


def mv(input: Any, vec: Any) -> Any:  # noqa: A002 (PyTorch's name)
    """torch.mv: (n, m) @ (m,), a matrix by a vector only."""
    return _linalg.mv(*_as_pair(input, vec, "mv", ("input", "vec")))


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
    return _linalg.einsum(subscripts, _as_tensors(operands, "einsum", "operands"))


def tensordot(x: Any, y: Any, axes: Any = _UNSET, *, dims: Any = None) -> Any:
    """numpy.tensordot (axes=) and torch.tensordot (dims=): sum over the last `axes` axes of
    x and the first of y (2 by default), or over the pairs ([x's axes], [y's axes])."""
    return _linalg.tensordot(*_as_pair(x, y, "tensordot"),
                             *either_named("tensordot", "axes", axes, "dims", dims, 2))


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
        for name, given in (("weights", x), ("inputs", y)):
            if not isinstance(given, (list, tuple)):
                raise TypeError(f"dot: with bias={shown(bias)} (the scalar neuron's "
                                f"dot(weights, inputs, bias), over lists of Values; numpy's "
                                f"and torch's dot take no bias), {name} must be a list or "
                                f"tuple, got {shown(given)}")
        return _fused_dot(x, y, 0.0 if bias is None else bias)
    return _linalg.dot(*_as_pair(x, y, "dot"))


def _holds_value(items: Any) -> bool:
    return isinstance(items, (list, tuple)) and any(isinstance(v, Value) for v in items)


def inner(x: Any, y: Any) -> Any:
    """numpy.inner and torch.inner: a sum over the last axes of x and y."""
    return _linalg.inner(*_as_pair(x, y, "inner"))


def outer(x: Any, y: Any) -> Any:
    """numpy.outer and torch.outer: out[i, j] = x[i] * y[j] (the operands flattened)."""
    return _linalg.outer(*_as_pair(x, y, "outer"))


def vdot(x: Any, y: Any) -> Any:
    """numpy.vdot and torch.vdot: the inner product of the flattened operands."""
    return _linalg.vdot(*_as_pair(x, y, "vdot"))


def bmm(x: Any, y: Any) -> Any:
    """torch.bmm: batched (b, n, m) @ (b, m, p), checked as PyTorch does (no broadcasting)."""
    return _linalg.bmm(*_as_pair(x, y, "bmm"))


def matrix_power(x: Any, n: int) -> Any:
    """numpy.linalg.matrix_power and torch.linalg.matrix_power, for any int n (n < 0 goes
    through the inverse)."""
    return _linalg.matrix_power(_tensor(x, "matrix_power", "x"), n)


def inv(x: Any) -> Any:
    """numpy.linalg.inv and torch.linalg.inv: d inv(X) = -inv(X) dX inv(X)."""
    return _linalg.inv(_tensor(x, "inv", "x"))
