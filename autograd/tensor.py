"""Tensor: a numpy array and its gradient, on the same engine and rule table as Value.

PyTorch's habits (`requires_grad`, `.backward()`, `.grad`, `.detach()`, `.item()`), numpy's
semantics (broadcasting, `axis`/`keepdims`, `transpose(axes)`, IEEE results: log(0) is -inf
with numpy's warning, not an error). No derivative lives here: every method is a primitive
from `ops` or a composition of them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from . import ops
from .engine import Primitive, apply
from .node import Node, make_node
from .surface import Surface

Axis = int | Sequence[int] | None


class Tensor(Surface, Node):
    """A node holding an ndarray: `Tensor([[1., 2.]], requires_grad=True)`."""

    __slots__ = ()
    __array_ufunc__ = None  # ndarray <op> Tensor defers to Tensor, so the graph is kept

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None,
                 label: str = "") -> None:
        self.data = _to_array(data, dtype, "Tensor()")
        self.grad: Any = None
        self.requires_grad = bool(requires_grad)
        self._prev = ()
        self._op = ""
        self._args = ()
        if label:
            self.label = label

    # -- how a Tensor takes other operands, and computes -------------------------------

    @classmethod
    def _lift(cls, x: Any, like: Node) -> Tensor:
        """A constant operand as a leaf in like's dtype, so a float32 graph stays float32."""
        if isinstance(x, Node):
            raise TypeError(
                f"cannot mix {type(x).__name__} and Tensor in one op; "
                "use Tensor(value.data) or tensor.item()")
        if type(x) is float:  # the common constant (x * 0.5, 1 - p): skip the checks
            return make_node(Tensor, np.array(x, dtype=like.data.dtype), (), "", ())
        return make_node(Tensor, _to_array(x, like.data.dtype, "a Tensor op", copy=False),
                         (), "", ())

    @classmethod
    def _compute(cls, op: Primitive, data: list[Any], args: tuple[Any, ...]) -> np.ndarray:
        try:
            out = op.forward(*data, *args)
        except (ValueError, IndexError) as e:
            shapes = " and ".join(str(np.shape(d)) for d in data)
            raise type(e)(f"{op}: cannot apply to shape{'s' * (len(data) > 1)} {shapes}: {e}"
                          ) from None
        return out if type(out) is np.ndarray else np.asarray(out)

    def _binary(self, op: Primitive, other: Any, reflected: bool) -> Any:
        return apply(op, (other, self) if reflected else (self, other))

    def backward(self, grad: Any = None, create_graph: bool = False) -> None:
        """d(self)/d(leaf) into `.grad` of every leaf with requires_grad (accumulating)."""
        if not self.requires_grad:  # nothing to differentiate: say so, as PyTorch does
            raise RuntimeError("backward: this Tensor does not require grad: no input had "
                               "requires_grad=True, or it was computed under no_grad()")
        super().backward(grad, create_graph)

    # -- what a Tensor is -------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.data.dtype

    @property
    def T(self) -> Tensor:  # noqa: N802 (numpy's and PyTorch's name)
        # All axes reversed is always a valid permutation: no checks (nn.Linear uses it per call).
        return ops.transpose(self, tuple(range(self.ndim - 1, -1, -1)))

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d Tensor")
        return len(self.data)

    def __iter__(self) -> Iterator[Tensor]:
        for i in range(len(self)):
            yield self[i]

    def item(self) -> float:
        if self.data.size != 1:
            raise ValueError(f"item: the Tensor has {self.size} elements, expected one")
        return self.data.item()

    def numpy(self) -> np.ndarray:
        return self.data

    def __float__(self) -> float:
        return float(self.item())

    def __bool__(self) -> bool:
        return bool(self.data)  # numpy's rule: only a one-element Tensor has a truth value

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        # numpy's protocol: copy=True asks for an array of its own; None shares if it can.
        if dtype is not None and np.dtype(dtype) != self.data.dtype:
            return self.data.astype(dtype)
        return self.data.copy() if copy else self.data

    def clone(self) -> Tensor:
        """A copy of the data that stays in the graph (gradients flow back through it)."""
        return self * 1.0

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Start (or stop) recording ops on this leaf, in place; returns it (PyTorch)."""
        if self._prev:
            raise RuntimeError("requires_grad_: only a leaf Tensor can change it; this one "
                               f"is the result of {self._op!s} (use .detach() first)")
        self.requires_grad = bool(requires_grad)
        return self

    def numel(self) -> int:
        return self.data.size

    def dim(self) -> int:
        return self.data.ndim

    def detach(self) -> Tensor:
        """The same data, cut from the graph (shares memory, as in PyTorch)."""
        return make_node(Tensor, self.data, (), "", ())

    def zero_grad(self) -> None:
        self.grad = None

    def __repr__(self) -> str:
        data = np.array2string(self.data, separator=", ", prefix="Tensor(")
        extras = [f"dtype={self.dtype}"] if self.dtype != np.float64 else []
        if self.requires_grad:
            extras.append("requires_grad=True")
        if self.label:
            extras.append(f"label={self.label!r}")
        if self.grad is not None:
            grad_data = self.grad.data if isinstance(self.grad, Tensor) else self.grad
            extras.append("grad=" + np.array2string(np.asarray(grad_data), separator=", ",
                                                    prefix="Tensor(grad="))
        return f"Tensor({data}{''.join(', ' + e for e in extras)})"

    # -- arithmetic beyond the shared surface (autograd/surface.py) ----------------------

    def __matmul__(self, other: Any) -> Tensor:
        return ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return ops.matmul(other, self)

    def matmul(self, other: Any) -> Tensor:
        return ops.matmul(self, other)

    # Comparisons give numpy boolean arrays: masks for `where` and indexing, not nodes.
    # `==` stays identity, so Tensors can live in sets and dicts.
    def __lt__(self, other: Any) -> np.ndarray:
        return self.data < _data(other)

    def __le__(self, other: Any) -> np.ndarray:
        return self.data <= _data(other)

    def __gt__(self, other: Any) -> np.ndarray:
        return self.data > _data(other)

    def __ge__(self, other: Any) -> np.ndarray:
        return self.data >= _data(other)

    # -- elementwise beyond the shared surface ----------------------------------------

    def clip(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        """torch.clamp: bounds are numbers, arrays or Tensors (which get gradients too);
        None is no bound. A constant bound takes the Tensor's dtype (float32 stays)."""
        lo = -np.inf if min is None else min
        hi = np.inf if max is None else max
        return ops.clip(self, lo, hi)

    clamp = clip

    def maximum(self, other: Any) -> Tensor:
        return ops.maximum(self, other)

    def minimum(self, other: Any) -> Tensor:
        return ops.minimum(self, other)

    def softmax(self, axis: int = -1) -> Tensor:
        if self.ndim == 0:  # one value along its one (implicit) axis, as PyTorch
            return self.reshape(1).softmax(_axis(axis, 0, "softmax")).reshape(())
        return ops.softmax(self, _axis(axis, self.ndim, "softmax"))

    def log_softmax(self, axis: int = -1) -> Tensor:
        if self.ndim == 0:
            return self.reshape(1).log_softmax(_axis(axis, 0, "log_softmax")).reshape(())
        return ops.log_softmax(self, _axis(axis, self.ndim, "log_softmax"))

    def logsumexp(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        return ops.logsumexp(self, _axes(axis, self.ndim, "logsumexp"), keepdims)

    # -- reductions --------------------------------------------------------------------

    def sum(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        return ops.reduce_sum(self, _axes(axis, self.ndim, "sum"), keepdims)

    def mean(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        return ops.reduce_mean(self, _axes(axis, self.ndim, "mean"), keepdims)

    def var(self, axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
        """numpy's variance: ddof=0 by default (PyTorch's default is ddof=1)."""
        axes = _axes(axis, self.ndim, "var")
        centred = self - self.mean(axes, keepdims=True)
        # At most as many degrees of freedom as values: numpy's inf (or nan), never a
        # negative variance.
        return (centred * centred).sum(axes, keepdims) / max(_count(self.shape, axes) - ddof, 0)

    def std(self, axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
        """sqrt(var): numpy's ddof=0 by default (PyTorch's default is ddof=1); its gradient
        is 0 where the values are all equal (as PyTorch), not sqrt'(0) * 0."""
        return ops.std(self, _axes(axis, self.ndim, "std"), keepdims, ddof)

    def argmax(self, axis: int | None = None) -> np.ndarray:
        """Indices of the largest values (an int array: indices have no gradient)."""
        return np.argmax(self.data, axis=None if axis is None else _axis(axis, self.ndim,
                                                                                 "argmax"))

    def argmin(self, axis: int | None = None) -> np.ndarray:
        return np.argmin(self.data, axis=None if axis is None else _axis(axis, self.ndim,
                                                                                 "argmin"))

    def max(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        return ops.reduce_max(self, _axes(axis, self.ndim, "max"), keepdims)

    def min(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        return ops.reduce_min(self, _axes(axis, self.ndim, "min"), keepdims)

    # -- shape -------------------------------------------------------------------------

    def reshape(self, *shape: Any) -> Tensor:
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], Sequence) else shape
        return ops.reshape(self, shape)

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        if self.ndim == 0:
            return self.reshape(1)
        start = _axis(start_dim, self.ndim, "flatten")
        end = _axis(end_dim, self.ndim, "flatten")
        if start > end:
            raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} "
                             f"for a Tensor of shape {self.shape}")
        # The size itself, not -1: numpy cannot infer -1 beside a 0 (a (2, 0) array).
        merged = int(np.prod(self.shape[start:end + 1]))
        return self.reshape(self.shape[:start] + (merged,) + self.shape[end + 1:])

    def transpose(self, *axes: Any) -> Tensor:
        """No axes reverses them (numpy, `.T`); two axes swap them (PyTorch's
        `transpose(0, 1)`; numpy's `transpose(1, 0)` of a matrix is the same); a tuple is a
        full permutation (numpy's `transpose((2, 0, 1))`)."""
        if len(axes) == 2 and all(isinstance(a, numbers.Integral) for a in axes):
            return self.swapaxes(*axes)
        return self.permute(*axes)

    def permute(self, *axes: Any) -> Tensor:
        """A full permutation of the axes: `permute(2, 0, 1)` or `permute((2, 0, 1))`."""
        axes = tuple(axes[0]) if len(axes) == 1 and isinstance(axes[0], Sequence) else axes
        if not axes:
            axes = tuple(reversed(range(self.ndim)))
        if sorted(_axis(a, self.ndim, "transpose") for a in axes) != list(range(self.ndim)):
            raise ValueError(
                f"transpose: axes {axes} are not a permutation of the {self.ndim} axes of a "
                f"Tensor of shape {self.shape} (use swapaxes(a, b) to swap two)")
        return ops.transpose(self, tuple(_axis(a, self.ndim, "transpose") for a in axes))

    def swapaxes(self, axis1: int, axis2: int) -> Tensor:
        axes = list(range(self.ndim))
        a, b = _axis(axis1, self.ndim, "swapaxes"), _axis(axis2, self.ndim, "swapaxes")
        axes[a], axes[b] = axes[b], axes[a]
        return ops.transpose(self, tuple(axes))

    def broadcast_to(self, *shape: Any) -> Tensor:
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], Sequence) else shape
        return ops.broadcast_to(self, shape)

    def expand(self, *sizes: Any) -> Tensor:
        """PyTorch's expand: like broadcast_to, and -1 keeps a size."""
        sizes = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], Sequence) else sizes
        lead = len(sizes) - self.ndim
        shape = tuple(self.shape[i - lead] if n == -1 and i >= lead else n
                      for i, n in enumerate(sizes))
        return ops.broadcast_to(self, shape)

    def squeeze(self, axis: Axis = None) -> Tensor:
        if axis is None:
            return self.reshape(tuple(n for n in self.shape if n != 1))
        axes = _axes(axis, self.ndim, "squeeze") or ()
        for a in axes:
            if self.shape[a] != 1:
                raise ValueError(f"squeeze: axis {a} of shape {self.shape} has size "
                                 f"{self.shape[a]}, expected 1")
        return self.reshape(tuple(n for i, n in enumerate(self.shape) if i not in axes))

    def unsqueeze(self, axis: int) -> Tensor:
        if not isinstance(axis, numbers.Integral) or not -self.ndim - 1 <= axis <= self.ndim:
            raise ValueError(f"unsqueeze: axis {axis!r} is out of range for a Tensor of "
                             f"{self.ndim} dimensions: expected {-self.ndim - 1} to {self.ndim}")
        return ops.unsqueeze(self, int(axis))

    def __getitem__(self, index: Any) -> Tensor:
        return ops.getitem(self, _index(index))


Tensor._family = Tensor


def _to_array(data: Any, dtype: Any, where: str, copy: bool = True) -> np.ndarray:
    """A float ndarray from numbers, lists or arrays (owned unless copy=False).

    TypeError for anything else: strings, objects, complex numbers, Values.
    """
    if isinstance(data, Node):
        if not isinstance(data, Tensor):
            raise TypeError(f"{where}: cannot make a Tensor from a {type(data).__name__}; "
                            "pass its .data")
        data = data.data
    try:
        array = np.array(data, copy=copy or None)
    except ValueError as e:  # ragged nested lists
        raise ValueError(f"{where}: {e}") from None
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{where} takes real numbers, got {type(data).__name__} "
                        f"of dtype {array.dtype}: {data!r}"[:300])
    if dtype is not None:
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"{where}: dtype must be a float type, got {dtype}")
        return array.astype(dtype, copy=False)
    return array if array.dtype.kind == "f" else array.astype(np.float64)


def _data(x: Any) -> Any:
    return x.data if isinstance(x, Tensor) else x


def _axis(axis: int, ndim: int, op: str) -> int:
    if not isinstance(axis, numbers.Integral) or not -max(ndim, 1) <= axis < max(ndim, 1):
        raise ValueError(f"{op}: axis {axis!r} is out of range for a Tensor of {ndim} dimensions")
    return int(axis) % max(ndim, 1)


def _axes(axis: Axis, ndim: int, op: str) -> tuple[int, ...] | None:
    """axis as numpy takes it (int, tuple or None), normalised to sorted non-negative axes."""
    if axis is None:
        return None
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    normalised = sorted(_axis(a, ndim, op) for a in axes)
    if len(set(normalised)) != len(normalised):
        raise ValueError(f"{op}: repeated axis in {axis!r}")
    # A 0-d Tensor takes axis 0 or -1 as PyTorch does: its one value is the whole of it.
    return tuple(normalised) if ndim else None


def _count(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> int:
    return math.prod(n for i, n in enumerate(shape) if axes is None or i in axes)


def _index(index: Any) -> Any:
    """An index numpy takes, with Tensors and lists of ints turned into arrays."""
    if isinstance(index, tuple):
        return tuple(_index(i) for i in index)
    if isinstance(index, Tensor):  # its numbers are floats: indices only if whole
        flat = index.data.ravel()
        fractional = flat[flat != np.round(flat)]
        if fractional.size:
            raise IndexError(f"getitem: a Tensor used as an index must hold whole numbers, "
                             f"got {fractional[:5]}")
        return index.data.astype(np.intp)
    if isinstance(index, list):
        return np.asarray(index)
    return index


def concatenate(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Join Tensors along an existing axis (numpy.concatenate, torch.cat)."""
    if not tensors:
        raise ValueError("concatenate: needs at least one Tensor")
    nodes = _as_tensors(tensors)
    return apply(ops.concatenate, nodes, (_axis(axis, nodes[0].ndim, "concatenate"),))


cat = concatenate


def _as_tensors(items: Sequence[Any]) -> tuple[Tensor, ...]:
    """Each item as a Tensor; constants take the dtype of the first Tensor among them."""
    like = next((t for t in items if isinstance(t, Tensor)), None)
    if like is None:  # `is None`, not `or`: a Tensor's truth value is its data's
        like = Tensor(items[0])
    return tuple(t if isinstance(t, Tensor) else Tensor._lift(t, like) for t in items)


def stack(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Join Tensors along a new axis (numpy.stack, torch.stack)."""
    if not tensors:
        raise ValueError("stack: needs at least one Tensor")
    nodes = _as_tensors(tensors)
    ndim = nodes[0].ndim + 1
    return concatenate([t.unsqueeze(_axis(axis, ndim, "stack")) for t in nodes], axis)


def where(condition: Any, x: Any, y: Any) -> Tensor:
    """x where condition holds, else y (numpy.where), differentiable in x and y."""
    cond = np.asarray(_data(condition), dtype=bool)
    if not isinstance(x, Tensor) and not isinstance(y, Tensor):
        x = Tensor(x)
    return ops.where(x, y, cond)


def linear(x: Any, weight: Any, bias: Any = None) -> Tensor:
    """x @ weight.T + bias as one node (torch.nn.functional.linear): weight is (out, in).

    One fused op rather than a matmul, a transpose and an add: a third of the nodes, and
    the weight's gradient comes out laid out as the weight is.
    """
    x_shape, w_shape = np.shape(_data(x)), np.shape(_data(weight))
    if len(w_shape) != 2 or not x_shape or x_shape[-1] != w_shape[1]:
        raise ValueError(f"linear: input of shape {x_shape} does not fit weight of shape "
                         f"{w_shape}: expected a 2-D weight (out, in) and input (..., in)")
    if bias is not None and np.shape(_data(bias)) not in ((), (w_shape[0],)):
        raise ValueError(f"linear: bias of shape {np.shape(_data(bias))} does not fit weight "
                         f"of shape {w_shape}: expected ({w_shape[0]},)")
    if not isinstance(x, Tensor) and not isinstance(weight, Tensor):
        x = Tensor(x)
    return ops.linear(x, weight) if bias is None else ops.linear(x, weight, bias)


def maximum(x: Any, y: Any) -> Tensor:
    return ops.maximum(*_tensor_first(x, y))


def minimum(x: Any, y: Any) -> Tensor:
    return ops.minimum(*_tensor_first(x, y))


def _tensor_first(x: Any, y: Any) -> tuple[Tensor, Any]:
    """x as a Tensor; a constant x takes y's dtype when y is the Tensor (float32 stays)."""
    if isinstance(x, Tensor):
        return x, y
    return (Tensor._lift(x, y) if isinstance(y, Tensor) else Tensor(x)), y
