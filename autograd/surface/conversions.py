"""Tensor's conversions and PyTorch's spellings: astype, to, float, long, ..., tolist,
numpy, size(), t(), mT, contiguous, new_zeros, ...

A cast between float dtypes stays in the graph (`ops.astype`: the gradient comes back in
the source's dtype); a cast to an integer or bool dtype is a constant (no gradient, as
PyTorch). PyTorch's `to`, `float`, `double`, ... return the Tensor itself when nothing
changes; numpy's `astype` copies unless copy=False.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes, ops
from ..arguments import axis, flag, real, shown, sizes, to_array
from ..devices import CPU
from ..node import Node, make_node


class Size(int):
    """What `x.size` is: numpy's number of elements (an int), and, called, PyTorch's
    `x.size()` (the shape, a tuple) or `x.size(dim)` (one axis' length)."""

    shape: tuple[int, ...]

    def __new__(cls, count: int, shape: tuple[int, ...]) -> Size:
        self = super().__new__(cls, count)
        self.shape = shape
        return self

    def __call__(self, dim: int | None = None) -> Any:
        if dim is None:
            return self.shape
        if not self.shape:  # PyTorch: "Dimension specified as 0 but tensor has no dimensions"
            raise ValueError(f"size: dimension {dim} asked of a 0-d Tensor (it has none)")
        return self.shape[axis(dim, len(self.shape), "size")]


class Conversions:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()
    data: np.ndarray
    requires_grad: bool
    _family: type
    ndim: int
    shape: tuple[int, ...]

    # -- dtypes -------------------------------------------------------------------------

    def astype(self, dtype: Any, copy: bool = True) -> Any:
        """numpy's astype: a new Tensor of that dtype (or self, with copy=False and the same
        dtype). Between floats it stays in the graph; to an integer or bool dtype it is a
        constant (numpy's cast: floats are truncated toward zero)."""
        target = dtypes.as_dtype(dtype, "astype")
        copy = flag(copy, "copy", "astype")
        if target == self.data.dtype and not copy:
            return self
        if target.kind == "f" and self.data.dtype.kind == "f":
            return ops.astype(self, target)
        return make_node(self._family, self.data.astype(target), (), "", ())

    def to(self, *args: Any, dtype: Any = None, device: Any = None, copy: bool = False,
           non_blocking: bool = False) -> Any:
        """PyTorch's to: `to(dtype)`, `to('cpu')`, `to('cpu', dtype)`, `to(other_tensor)`
        (its dtype); self when nothing changes, unless copy=True."""
        chosen = dtypes.to_arguments(args, dtype, device, "to")
        flag(non_blocking, "non_blocking", "to")
        return self.astype(self.data.dtype if chosen is None else chosen, copy=copy)

    def type(self, dtype: Any = None) -> Any:
        """With no argument, PyTorch's type name ('autograd.DoubleTensor'); with a dtype (or
        such a name), the Tensor cast to it."""
        if dtype is None:
            return "autograd." + dtypes.TYPE_NAMES.get(self.data.dtype, str(self.data.dtype))
        return self.astype(dtype, copy=False)

    def type_as(self, other: Any) -> Any:
        """Cast to other's dtype (self when it is the same)."""
        if not isinstance(other, Node) or not hasattr(other, "dtype"):
            raise TypeError(f"type_as: other must be a Tensor, got {shown(other)}")
        return self.astype(other.dtype, copy=False)

    def float(self) -> Any:
        """float32, as PyTorch's float() (self if it is float32 already)."""
        return self.astype(np.float32, copy=False)

    def double(self) -> Any:
        return self.astype(np.float64, copy=False)

    def half(self) -> Any:
        return self.astype(np.float16, copy=False)

    def long(self) -> Any:
        return self.astype(np.int64, copy=False)

    def int(self) -> Any:
        return self.astype(np.int32, copy=False)

    def short(self) -> Any:
        return self.astype(np.int16, copy=False)

    def byte(self) -> Any:
        return self.astype(np.uint8, copy=False)

    def char(self) -> Any:
        """int8, as PyTorch's char() (a C char: signed)."""
        return self.astype(np.int8, copy=False)

    def bool(self) -> Any:
        return self.astype(np.bool_, copy=False)

    def is_floating_point(self) -> Any:
        return self.data.dtype.kind == "f"

    def is_nonzero(self) -> bool:
        """PyTorch's is_nonzero: whether the one value is not 0 (NaN is not 0); a Tensor of
        more or fewer elements has no single truth value (a ValueError)."""
        if self.data.size != 1:
            raise ValueError(f"is_nonzero: a Tensor of shape {self.shape} ({self.data.size} "
                             "elements) has no single truth value; expected one element")
        return bool(self.data.reshape(()) != 0)

    def element_size(self) -> Any:
        """Bytes per element (numpy's itemsize)."""
        return self.data.itemsize

    # -- devices and memory -------------------------------------------------------------

    @property
    def device(self) -> Any:
        """Where the Tensor lives: always device('cpu') (equal to the string 'cpu' too)."""
        return CPU

    is_cuda = False

    def cpu(self) -> Any:
        return self

    def numpy(self, force: bool = False) -> np.ndarray:
        """The array itself (shared, not copied; with or without requires_grad, unlike
        PyTorch, which asks for detach() first). force= is accepted and changes nothing."""
        flag(force, "force", "numpy")
        return self.data

    def tolist(self) -> Any:
        """The values as (nested lists of) Python numbers."""
        return self.data.tolist()

    def is_contiguous(self) -> Any:
        return bool(self.data.flags.c_contiguous)

    def contiguous(self) -> Any:
        """Self if its array is C-contiguous, else a C-contiguous copy (in the graph)."""
        if self.data.flags.c_contiguous:
            return self
        if self.data.dtype.kind == "f":
            return ops.astype(self, self.data.dtype)
        return make_node(self._family, np.ascontiguousarray(self.data), (), "", ())

    def data_ptr(self) -> Any:
        """The address of the first element (equal for Tensors sharing memory)."""
        return self.data.ctypes.data

    # -- PyTorch's shape spellings ------------------------------------------------------

    def ndimension(self) -> Any:
        return self.ndim

    def t(self) -> Any:
        """PyTorch's t(): a matrix transposed; a 0-d or 1-d Tensor as it is."""
        if self.ndim > 2:
            raise ValueError(f"t() expects a Tensor with <= 2 dimensions, got shape "
                             f"{self.shape} (use transpose(a, b) or mT)")
        return ops.transpose(self, tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self) -> Any:  # noqa: N802 (PyTorch's name)
        """The last two axes swapped (a batch of matrices, each transposed)."""
        if self.ndim < 2:
            raise ValueError(f"mT needs at least 2 dimensions, got shape {self.shape}")
        return ops.swap_last(self)

    # -- new Tensors like this one (its dtype, unless dtype= says otherwise) -------------

    def new_tensor(self, data: Any, dtype: Any = None, requires_grad: bool = False) -> Any:
        return self._new(to_array(data, None, "new_tensor"), dtype, requires_grad, "new_tensor")

    def new_zeros(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Any:
        return self._new(np.zeros(sizes(size, "new_zeros", "size")), dtype, requires_grad,
                         "new_zeros")

    def new_ones(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Any:
        return self._new(np.ones(sizes(size, "new_ones", "size")), dtype, requires_grad,
                         "new_ones")

    def new_empty(self, *size: Any, dtype: Any = None, requires_grad: bool = False) -> Any:
        return self._new(np.empty(sizes(size, "new_empty", "size")), dtype, requires_grad,
                         "new_empty")

    def new_full(self, size: Any, fill_value: Any, dtype: Any = None,
                 requires_grad: bool = False) -> Any:
        shape = sizes((size,), "new_full", "size")
        fill = real(fill_value, "fill_value", "new_full")
        return self._new(np.full(shape, fill), dtype, requires_grad, "new_full")

    def _new(self, array: np.ndarray, dtype: Any, requires_grad: bool, where: str) -> Any:
        if array.dtype.kind not in "fiub":
            raise TypeError(f"{where} takes real numbers, got dtype {array.dtype}")
        chosen = self.data.dtype if dtype is None else dtypes.as_dtype(dtype, where)
        if flag(requires_grad, "requires_grad", where):
            dtypes.check_requires_grad(chosen, where)
        out = make_node(self._family, array.astype(chosen, copy=False), (), "", ())
        out.requires_grad = bool(requires_grad)
        return out
