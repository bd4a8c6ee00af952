"""Tensor: a numpy array and its gradient, on the same engine and rule table as Value.

PyTorch's habits (`requires_grad`, `.backward()`, `.grad`, `.detach()`, `.item()`), numpy's
semantics (broadcasting, `axis`/`keepdims`, `transpose(axes)`, IEEE results: log(0) is -inf
with numpy's warning, not an error). No derivative lives here: every method is a primitive
from `ops` or a composition of them.

Floating-point Tensors record graphs; integer and bool Tensors (`Tensor(data, dtype=...)`,
`autograd.tensor(...)`, comparisons, argmax) compute forward only. Mixed dtypes combine by
PyTorch's rules (autograd/dtypes.py), applied here, in `_lift` and `_compute`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from . import dtypes
from .arguments import flag, shown, to_array
from .node import Node, make_node
from .primitive import Primitive, apply
from .surface import (
    Compare,
    Conversions,
    Elementwise,
    Indexing,
    InPlace,
    Linalg,
    NumpyProtocol,
    Reductions,
    Shape,
    Size,
    Surface,
)


class AmbiguousTruthError(RuntimeError, ValueError):
    """bool() of a Tensor that is not one element: PyTorch raises a RuntimeError, numpy a
    ValueError; code ported from either catches its own."""


class Tensor(Surface, Elementwise, Reductions, Shape, Indexing, Linalg, Compare, InPlace,
             Conversions, NumpyProtocol, Node):
    """A node holding an ndarray: `Tensor([[1., 2.]], requires_grad=True)`.

    Its ops come from autograd/surface (one mixin per section); this class is what a Tensor
    is: how it takes data and other operands, its shape and dtype.

    `Tensor(data)` makes a float Tensor, as torch.Tensor: integers and bools become the
    default float (float64), float arrays keep their dtype. `Tensor(data, dtype=np.int64)`
    and `autograd.tensor(data)` (torch.tensor's inference) make integer and bool Tensors.
    """

    __slots__ = ()
    __hash__ = object.__hash__  # `==` is elementwise; sets and dicts go by identity

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None,
                 label: str = "") -> None:
        where = "Tensor()" if type(self) is Tensor else f"{type(self).__name__}()"
        self._data = to_array(data, dtype, where)
        if requires_grad is not False and flag(requires_grad, "requires_grad", where):
            dtypes.check_requires_grad(self.data.dtype, where)
        self.grad: Any = None
        self.requires_grad = bool(requires_grad)
        self._a = self._b = None
        self._op = ""
        self._args = ()
        if type(label) is not str or label:
            if not isinstance(label, str):
                raise TypeError(f"{where}: label must be a str, got {shown(label)}")
            self.label = label

    # -- how a Tensor takes other operands, and computes -------------------------------

    @classmethod
    def _lift(cls, x: Any, like: Node, op: str = "", name: str = "") -> Tensor:
        """A constant operand as a leaf: in like's dtype unless of a higher kind (a float32
        graph stays float32; an int Tensor times 2.5 is a float one), see dtypes.constant.
        A bad one is a TypeError or ValueError naming `op` (apply names it when not given)
        and `name`, the argument."""
        if isinstance(x, Node):
            raise TypeError(
                f"{op + ': ' if op else ''}{name or 'operand'} is a {type(x).__name__} "
                f"({x.data!r}); cannot mix {type(x).__name__} and Tensor in one op: use "
                "Tensor(value.data) or tensor.item()"[:300])
        dtype = like._data.dtype
        if type(x) is float:  # the common constant (x * 0.5, 1 - p): skip the checks
            if dtype.kind != "f":
                dtype = dtypes.get_default_dtype()
            return make_node(Tensor, np.array(x, dtype=dtype), (), "", ())
        return make_node(Tensor, dtypes.constant(x, dtype, op, name), (), "", ())

    @staticmethod
    def _compute(op: Primitive, data: list[Any], args: tuple[Any, ...]) -> np.ndarray:
        first = data[0].dtype  # (by identity: hashing or comparing dtypes costs more)
        if first.kind != "f" and getattr(op, "int_to_float", False):  # exp of an int, int / int:
            data = dtypes.floated(data)  # in the default float, as PyTorch (numpy: float16)
        elif len(data) > 1:  # mixed dtypes: cast the inputs to PyTorch's result dtype first
            for d in data:
                if d.dtype is not first and d.dtype != first:
                    if not getattr(op, "keeps_dtypes", False):  # an op taking index inputs
                        data = dtypes.promoted(data)
                    break
        try:
            out = op.forward(*data, *args)
        except (ValueError, IndexError) as e:
            shapes = " and ".join(str(np.shape(d)) for d in data)
            raise type(e)(f"{op}: cannot apply to shape{'s' * (len(data) > 1)} {shapes}: {e}"
                          ) from None
        if type(out) is np.ndarray:
            return out
        if op.saves:  # (out, saved): the saved part as the forward gave it
            out, saved = out
            return (out if type(out) is np.ndarray else np.asarray(out)), saved
        return np.asarray(out)

    def _binary(self, op: Primitive, other: Any, reflected: bool) -> Any:
        return apply(op, (other, self) if reflected else (self, other))

    def backward(self, gradient: Any = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Any = None, *, grad: Any = None
                 ) -> None:
        """d(self)/d(leaf) into `.grad` of every leaf with requires_grad (accumulating);
        PyTorch's arguments (see Surface.backward)."""
        if not self.requires_grad:  # nothing to differentiate: say so, as PyTorch does
            raise RuntimeError("backward: this Tensor does not require grad: no input had "
                               "requires_grad=True, or it was computed under no_grad()")
        super().backward(gradient, retain_graph, create_graph, inputs, grad=grad)

    # -- what a Tensor is -------------------------------------------------------------

    def _assign_data(self, value: Any) -> None:
        """`x.data = value`, as PyTorch's: a Tensor gives its array (shared, not copied; the
        shape and dtype may change), an ndarray is taken as it is; nothing else. A Tensor
        that requires grad keeps a floating-point array."""
        if isinstance(value, Tensor):
            value = value.data
        elif not isinstance(value, np.ndarray):
            raise TypeError(f"data: a Tensor's data must be a Tensor or a numpy array, got "
                            f"{shown(value)} (use Tensor(value) or np.asarray(value))")
        if value.dtype.kind != "f" and getattr(self, "requires_grad", False):  # (unset: new)
            raise RuntimeError(f"data: this Tensor requires grad, so its data must be floating "
                               f"point, got {value.dtype} (as PyTorch)")
        self._data = value

    # Reads are the slot's own getter (no Python call); assignments are checked. The engine
    # reads and writes `_data`, the same slot under a second name (autograd/node.py).
    data = property(Node._data.__get__, _assign_data,  # type: ignore[attr-defined]
                    doc="The values, an ndarray (assigning a Tensor takes its array).")

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> Size:
        """numpy's `x.size` (the number of elements, an int) and PyTorch's `x.size()` (the
        shape) and `x.size(dim)` (one axis' length), in one."""
        return Size(self.data.size, self.data.shape)

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.data.dtype

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d Tensor")
        return len(self.data)

    def __iter__(self) -> Iterator[Tensor]:
        for i in range(len(self)):
            yield self[i]

    def item(self) -> Any:
        """The one value as a Python number (an int for an integer Tensor, as PyTorch)."""
        if self.data.size != 1:
            raise ValueError(f"item: the Tensor has {self.size} elements, expected one")
        return self.data.item()

    def __format__(self, spec: str) -> str:
        """f"{loss:.4f}": a 0-d Tensor formats its value, as PyTorch; others only with an
        empty spec (str(x)), as Python's default for any object."""
        if self.data.ndim == 0:
            return format(self.data.item(), spec)
        return object.__format__(self, spec)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        """An integer Tensor of one element as a Python index (`range(n)`, `items[i]`)."""
        if self.data.dtype.kind not in "iu" or self.data.size != 1:
            raise TypeError("only integer Tensors of a single element can be converted to an "
                            f"index, got {self.data.dtype} of shape {self.shape}")
        return int(self.data.item())

    def __bool__(self) -> bool:
        if self.data.size != 1:  # numpy's rule and PyTorch's: only one element has a truth value
            raise AmbiguousTruthError(f"bool: a Tensor of shape {self.shape} ({self.data.size} "
                               "elements) has no single truth value; use .any() or .all(), "
                               "or compare one element")
        return bool(self.data)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        # numpy's protocol: copy=True asks for an array of its own; None shares if it can.
        if dtype is not None and np.dtype(dtype) != self.data.dtype:
            return self.data.astype(dtype)
        return self.data.copy() if copy else self.data

    def clone(self) -> Tensor:
        """A copy of the data that stays in the graph (gradients flow back through it)."""
        if self.data.dtype.kind != "f":  # no graph to stay in: a copy of the array
            return make_node(Tensor, self.data.copy(), (), "", ())
        return self * 1.0

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Start (or stop) recording ops on this leaf, in place; returns it (PyTorch)."""
        if self._a is not None:
            raise RuntimeError("requires_grad_: only a leaf Tensor can change it; this one "
                               f"is the result of {self._op!s} (use .detach() first)")
        requires_grad = flag(requires_grad, "requires_grad", "requires_grad_")
        if requires_grad:
            dtypes.check_requires_grad(self.data.dtype, "requires_grad_")
        self.requires_grad = requires_grad
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
        # As PyTorch: the dtype is shown unless the values show it (float64 here, int64, bool).
        shown = self.dtype not in (np.int64, np.bool_) or self.data.size == 0
        extras = [f"dtype={self.dtype}"] if shown and self.dtype != np.float64 else []
        if self.requires_grad:
            extras.append("requires_grad=True")
        if self.label:
            extras.append(f"label={self.label!r}")
        if self.grad is not None:
            grad_data = self.grad.data if isinstance(self.grad, Tensor) else self.grad
            extras.append("grad=" + np.array2string(np.asarray(grad_data), separator=", ",
                                                    prefix="Tensor(grad="))
        return f"Tensor({data}{''.join(', ' + e for e in extras)})"
