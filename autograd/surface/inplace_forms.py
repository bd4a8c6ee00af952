"""PyTorch's in-place forms of the out-of-place ops: x.exp_(), x.clamp_min_(0.0),
x.scatter_add_(dim, index, src), x.t_(), ... (one for each torch.Tensor method `name_`
whose `name` gradproof has).

`x.name_(...)` computes `x.name(...)` and writes the result into x's own array, under the
rules of autograd/surface/inplace.py: on a leaf that requires grad only under no_grad(); on
the result of an op (a non-leaf) it raises, naming `x = x.name(...)`. x keeps its dtype and
shape, as in PyTorch: a result that does not fit raises (an integer Tensor's exp_, a mask
that broadcasts x to a larger shape). The fills cast their value to x's dtype, as PyTorch
does (`masked_fill_`, `index_fill_`, `scatter_` with a value: 2.5 into an int64 Tensor is
2). The shape ops (squeeze_, unsqueeze_, t_, transpose_, swapaxes_, swapdims_) make x's
array a view of the old one with the new shape, so the values stay shared.
"""

from __future__ import annotations

import inspect
import numbers
from typing import Any

import numpy as np

from ..arguments import mask as mask_array
from ..arguments import real
from ..node import Node, make_node
from ..ops.indexing import last_writes
from ..rebase import rebase
from .compare import Compare
from .conversions import Conversions
from .elementwise import Elementwise
from .indexing import Indexing
from .indexing_more import _at, fill_value
from .reductions import Reductions
from .shape import Shape
from .shared import Surface

_HOMES = (Surface, Elementwise, Reductions, Shape, Indexing, Compare, Conversions)

# The out-of-place ops whose `name_` computes them and writes the result back.
VALUES = (
    # elementwise, one input
    "abs", "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctanh",
    "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "erf", "erfc", "erfinv", "exp",
    "exp2", "expm1", "floor", "log", "log10", "log1p", "log2", "logical_not", "negative",
    "reciprocal", "relu", "rsqrt", "sigmoid", "sign", "sin", "sinh", "sqrt", "square", "tan",
    "tanh", "trunc", "bitwise_not", "nan_to_num", "round",
    # elementwise, with another operand
    "arctan2", "atan2", "hypot", "fmod", "remainder", "floor_divide", "true_divide", "lerp",
    "clamp_min", "clamp_max", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
    "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
    "bitwise_right_shift",
    # along a dim, triangles, and indexing
    "cumsum", "cumprod", "tril", "triu", "scatter_add", "index_add", "index_copy",
    "masked_scatter", "scatter_reduce",  # (and index_put_, beside index_put in inplace.py)
)
SHAPES = ("squeeze", "unsqueeze", "t", "transpose", "swapaxes", "swapdims")


def _out_of_place(name: str) -> Any:
    for home in _HOMES:
        for klass in home.__mro__:
            if name in vars(klass):
                return vars(klass)[name]
    raise AttributeError(f"in-place form {name}_: no Tensor method {name}")  # (a typo here)


def _detached(x: Any) -> Any:
    """x's array as a Tensor in no graph (the same array: nothing is copied)."""
    return make_node(x._family, x.data, (), "", ())


def _computed(x: Any, name: str, base: str, args: tuple[Any, ...], kwargs: dict[str, Any]
              ) -> Any:
    """x.base(*args, **kwargs) on x's array, its errors named after the in-place form."""
    try:
        return getattr(_detached(x), base)(*args, **kwargs)
    except (IndexError, ZeroDivisionError, OverflowError, TypeError, ValueError, ArithmeticError,
            RuntimeError) as e:
        kind = next(k for k in (IndexError, ZeroDivisionError, OverflowError, TypeError,
                                ValueError, ArithmeticError, RuntimeError) if isinstance(e, k))
        raise kind(f"{name}: {e}") from None


def _no_values(signature: inspect.Signature, name: str, x: Any, args: tuple[Any, ...],
               kwargs: dict[str, Any]) -> None:
    """A Value among the arguments is an error naming it (a Tensor op takes Tensors, arrays
    and numbers; a Value that requires grad would otherwise read as an operand in a graph)."""
    try:
        given = signature.bind(x, *args, **kwargs).arguments
    except TypeError:
        return  # the op itself says what is wrong
    for argument, value in given.items():
        if isinstance(value, Node) and not hasattr(value, "shape"):
            raise TypeError(f"{name}: {argument} is a Value ({value.data!r}); cannot mix Value "
                            "and Tensor in one op: use Tensor(value.data) or value.data")


def in_place(base: str, name: str, shape: bool = False, like: Any = None) -> Any:
    """The method `name` (x.base_): x.base(...) computed, then written into x's array (or,
    for a shape op, x's array made the view it returns). Its signature is x.base's (`like`,
    when that is not in the classes above)."""
    signature = inspect.signature(like or _out_of_place(base))

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        _no_values(signature, name, self, args, kwargs)
        result = _computed(self, name, base, args, kwargs)  # (bad arguments named first)
        if self._check_inplace(name, tuple(a for a in (*args, *kwargs.values())
                                           if isinstance(a, Node))):
            if shape:  # a node's shape is its own: a new one is x = x.t(), not x in place
                raise RuntimeError(f"{name}: this Tensor is in a graph, where an in-place "
                                   f"change keeps the shape; write x = x.{base}(...)")
            rebase(self, name, lambda x: getattr(x, base)(*args, **kwargs))
            return self
        if shape:
            self.data = result.data
            return self
        return self._write(name, result.data)

    method.__name__ = method.__qualname__ = name
    method.__signature__ = signature  # type: ignore[attr-defined]
    method.__doc__ = (f"In place: x.{base}(...) written into x's own array, keeping its dtype "
                      "and shape (the rules of autograd/surface/inplace.py).")
    return method


_scatter_in_place = in_place("scatter", "scatter_")


class InPlaceForms:
    """Tensor methods (mixed into Tensor, through InPlace)."""

    __slots__ = ()
    data: np.ndarray
    shape: tuple[int, ...]
    ndim: int
    dtype: Any

    # -- the fills, which cast their value to x's dtype -----------------------------------

    def masked_fill_(self, mask: Any, value: Any) -> Any:
        """value where mask (bool, broadcast to x's shape) holds; value is cast to x's dtype
        (PyTorch's masked_fill_)."""
        cond = mask_array(mask, "masked_fill_")
        try:
            fits = np.broadcast_shapes(self.shape, cond.shape) == self.shape
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(f"masked_fill_: mask of shape {cond.shape} does not broadcast to "
                             f"the Tensor's shape {self.shape} (an in-place op keeps the shape)")
        filled = fill_value(value, self.dtype, "masked_fill_")
        return self._set("masked_fill_", (value,), np.broadcast_to(cond, self.shape),
                         filled.data if isinstance(filled, Node) else filled)

    def index_fill_(self, dim: int, index: Any, value: Any) -> Any:
        """value at every position of index along dim, cast to x's dtype (PyTorch's
        index_fill_)."""
        if self.ndim == 0:
            self._as_vector("index_fill_", dim, index, None)
            where: Any = Ellipsis
        else:
            d = self._dim(dim, "index_fill_")
            where = _at(d, self._vector(index, "index_fill_", d))
        filled = fill_value(value, self.dtype, "index_fill_")
        return self._set("index_fill_", (value,), where,
                         filled.data if isinstance(filled, Node) else filled)

    def scatter_(self, dim: int, index: Any, src: Any = None, *, value: Any = None,
                 reduce: str | None = None) -> Any:
        """x.scatter(...) in place; a value (not a src Tensor) is cast to x's dtype."""
        if isinstance(src, numbers.Real) and value is None:  # scatter_(dim, index, 2.0)
            src, value = None, src
        if value is None or src is not None or reduce is not None:
            return _scatter_in_place(self, dim, index, src, value=value, reduce=reduce)
        d, idx, _ = self._scatter_args("scatter_", dim, index, None,
                                       real(value, "value", "scatter_"))
        written = last_writes(idx, d, self.shape)[1]
        return self._set("scatter_", (), written, fill_value(value, self.dtype, "scatter_"))


for _base in VALUES:
    setattr(InPlaceForms, _base + "_", in_place(_base, _base + "_"))
for _base in SHAPES:
    setattr(InPlaceForms, _base + "_", in_place(_base, _base + "_", shape=True))
