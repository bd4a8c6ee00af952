"""Tensor's in-place ops: += -= *= /= **= @=, add_ sub_ mul_ div_ pow_ neg_ clamp_ zero_ fill_
copy_, x[index] = v; and index_put, the differentiable x[index] = v that makes a new Tensor.

An in-place op changes the Tensor's own array, so every holder sees it (a Module, an
optimizer, a view of the array), as in PyTorch. The manual update of the PyTorch tutorials
works as written:

    with autograd.no_grad():
        for p in model.parameters():
            p -= lr * p.grad

The rules, PyTorch's where they apply:
  - a leaf that requires grad, in grad mode: RuntimeError, PyTorch's "a leaf Variable that
    requires grad is being used in an in-place operation" (do it under no_grad());
  - a Tensor in no graph (a leaf that needs no gradient, or any leaf under no_grad) whose
    other operand needs no gradient either: its array is updated, keeping its dtype;
  - the result of an op (a non-leaf), or a leaf combined with an operand that requires grad
    in grad mode: the update would have to be recorded in the graph. `x += y` then rebinds
    the name x to the new node x + y (what Python's augmented assignment does anyway); for
    a Parameter (a subclass) that would leave the module's parameter untouched, so it
    raises. A method (`x.add_(y)`) and `x[i] = v` must change the object itself, which
    gradproof cannot do safely: graphs that already use x hold the object, and would see
    its new value and parents (PyTorch keeps the old node apart, and counts versions).
    They raise, naming the functional form: `x = x + y`, `x = x.index_put(i, v)`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import modes, ops
from ..arguments import as_array, flag, index, real, shown
from ..node import Node

# What to write instead, for a new Tensor
_FUNCTIONAL = {"+=": "x = x + y", "-=": "x = x - y", "*=": "x = x * y", "/=": "x = x / y",
               "**=": "x = x ** y", "@=": "x = x @ y", "add_": "x = x + y",
               "sub_": "x = x - y", "mul_": "x = x * y", "div_": "x = x / y",
               "pow_": "x = x ** y", "neg_": "x = -x", "clamp_": "x = x.clamp(min, max)",
               "zero_": "x = autograd.zeros_like(x)", "fill_": "x = autograd.full_like(x, v)",
               "copy_": "x = src.clone()", "setitem": "x = x.index_put(index, v)"}


def _numbers(other: Any, op: str, name: str = "other") -> Any:
    """The operand `name`'s numbers: a node's data, or the constant itself (checked: real
    numbers in a rectangular array, not a masked array)."""
    if isinstance(other, Node):
        if not hasattr(other, "shape"):  # a Value
            raise TypeError(f"{op}: {name} is a Value ({other.data!r}); cannot mix Value and "
                            "Tensor in one op: use Tensor(value.data) or tensor.item()")
        return other.data
    if not isinstance(other, (str, bytes)) and other is not None:
        if as_array(other, op, name).dtype.kind in "fiub":
            return other
    raise TypeError(f"{op}: {name} must be real numbers, got {shown(other)}")


def _assign(target: np.ndarray, result: Any, name: str) -> None:
    """result into target's own array: the same shape (after broadcasting) and dtype kind."""
    result = np.asarray(result)
    instead = _FUNCTIONAL.get(name, "an op that makes a new Tensor")
    try:
        fits = np.broadcast_shapes(target.shape, result.shape) == target.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"{name}: the result has shape {result.shape}, which does not fit "
                         f"the Tensor's shape {target.shape} (an in-place op keeps the shape; "
                         f"write {instead} for a new Tensor)")
    if not np.can_cast(result.dtype, target.dtype, "same_kind"):
        raise TypeError(f"{name}: result type {result.dtype} can't be cast to the Tensor's "
                        f"dtype {target.dtype} (an in-place op keeps the dtype; write "
                        f"{instead} for a new Tensor)")
    np.copyto(target, result, casting="same_kind")


def _updating(name: str, compute: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """An in-place method: self's array becomes compute(self's array, other's numbers)."""
    def method(self: Any, other: Any) -> Any:
        numbers = _numbers(other, name)
        return self._update(name, (other,), lambda a: compute(a, numbers))

    method.__name__ = name
    return method


def _augmented(name: str, compute: Callable[[Any, Any], Any], functional: Callable[[Any, Any], Any]
               ) -> Callable[[Any, Any], Any]:
    """`x op= y`: in place where allowed; rebinds x to the new node where it must record."""
    def method(self: Any, other: Any) -> Any:
        if self._rebinds(name, other):
            return functional(self, other)
        numbers = _numbers(other, name, "operand")
        return self._update(name, (other,), lambda a: compute(a, numbers))

    return method


class InPlace:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()
    data: np.ndarray
    grad: Any
    requires_grad: bool
    _prev: tuple[Any, ...]
    _op: Any
    _family: type
    shape: tuple[int, ...]
    dtype: Any

    # -- the rules ----------------------------------------------------------------------

    def _check_inplace(self, name: str, operands: tuple[Any, ...]) -> None:
        """Raise unless an in-place change of this Tensor's array is correct (module doc)."""
        functional = _FUNCTIONAL[name]
        if self._prev:
            raise RuntimeError(
                f"{name}: this Tensor is the result of {self._op!s} (a non-leaf), and an "
                "in-place op on it cannot be recorded without changing graphs that already "
                f"use it; write {functional} (or detach() it first to leave the graph)")
        if modes.grad_enabled.get():
            if self.requires_grad:
                raise RuntimeError(
                    f"{name}: a leaf Variable that requires grad is being used in an in-place "
                    "operation; update parameters under `with autograd.no_grad():`, or "
                    f"write {functional} for a new Tensor")
            if any(isinstance(o, Node) and o.requires_grad for o in operands):
                raise RuntimeError(
                    f"{name}: the other operand requires grad, so the result belongs in a "
                    "graph, and this Tensor cannot become a node of it in place (graphs "
                    f"that already use it would change); write {functional}")

    def _rebinds(self, name: str, other: Any) -> bool:
        """Whether `x op= y` records a new node instead (then Python rebinds the name)."""
        if self._prev:
            return True
        if (modes.grad_enabled.get() and not self.requires_grad
                and isinstance(other, Node) and other.requires_grad):
            if type(self) is not self._family:  # a Parameter: rebinding would lose it
                self._check_inplace(name, (other,))
            return True
        return False

    def _update(self, name: str, operands: tuple[Any, ...], compute: Callable[[Any], Any]
                ) -> Any:
        self._check_inplace(name, operands)
        if not self.data.flags.writeable:
            raise ValueError(f"{name}: this Tensor's array is read-only (a broadcast view); "
                             "clone() it first")
        try:
            result = compute(self.data)
        except (ValueError, ArithmeticError) as e:
            raise type(e)(f"{name}: {e}") from None
        except TypeError as e:  # numpy's for an op the dtype has not (-bool, & of floats)
            raise TypeError(f"{name} on a {self.dtype} Tensor: {e}") from None
        _assign(self.data, result, name)
        return self

    # -- augmented assignment: `x += y` -------------------------------------------------

    __iadd__ = _augmented("+=", np.add, lambda x, y: x + y)
    __isub__ = _augmented("-=", np.subtract, lambda x, y: x - y)
    __imul__ = _augmented("*=", np.multiply, lambda x, y: x * y)
    __itruediv__ = _augmented("/=", np.true_divide, lambda x, y: x / y)
    __ipow__ = _augmented("**=", np.power, lambda x, y: x ** y)
    __imatmul__ = _augmented("@=", np.matmul, lambda x, y: x @ y)

    # -- PyTorch's in-place methods -----------------------------------------------------

    def add_(self, other: Any, *, alpha: Any = 1) -> Any:
        """self += alpha * other, in place (PyTorch's add_)."""
        numbers = _scaled(_numbers(other, "add_"), alpha, "add_")
        return self._update("add_", (other,), lambda a: a + numbers)

    def sub_(self, other: Any, *, alpha: Any = 1) -> Any:
        """self -= alpha * other, in place (PyTorch's sub_)."""
        numbers = _scaled(_numbers(other, "sub_"), alpha, "sub_")
        return self._update("sub_", (other,), lambda a: a - numbers)

    mul_ = _updating("mul_", np.multiply)
    div_ = _updating("div_", np.true_divide)
    pow_ = _updating("pow_", np.power)

    def neg_(self) -> Any:
        return self._update("neg_", (), np.negative)

    def clamp_(self, min: Any = None, max: Any = None) -> Any:  # noqa: A002 (PyTorch's names)
        """Clip each element to [min, max] in place; either bound may be None, not both."""
        if min is None and max is None:
            raise ValueError("clamp_: at least one of 'min' or 'max' must not be None")
        lo, hi = (None if b is None else _numbers(b, "clamp_", n)
                  for b, n in ((min, "min"), (max, "max")))
        return self._update("clamp_", tuple(b for b in (min, max) if b is not None),
                            lambda a: np.clip(a, lo, hi))

    clip_ = clamp_

    def zero_(self) -> Any:
        return self.fill_(0)

    def fill_(self, value: Any) -> Any:
        """Every element set to value (cast to the Tensor's dtype, as PyTorch)."""
        numbers = _numbers(value, "fill_", "value")
        if np.ndim(numbers) != 0:
            raise ValueError(f"fill_: value must be one number, got {shown(value)} of shape "
                             f"{np.shape(numbers)}")
        return self._set("fill_", (value,), Ellipsis, numbers)

    def copy_(self, src: Any) -> Any:
        """src's values into this Tensor's array (broadcast, cast to its dtype)."""
        return self._set("copy_", (src,), Ellipsis, _numbers(src, "copy_", "src"))

    def __setitem__(self, index_: Any, value: Any) -> None:
        self._set("setitem", (value,), index(index_, "setitem"),
                  _numbers(value, "setitem", "value"))

    def _set(self, name: str, operands: tuple[Any, ...], where: Any, numbers: Any) -> Any:
        self._check_inplace(name, operands)
        if not self.data.flags.writeable:
            raise ValueError(f"{name}: this Tensor's array is read-only (a broadcast view); "
                             "clone() it first")
        try:
            self.data[where] = numbers
        except (ValueError, IndexError, TypeError) as e:
            raise type(e)(f"{name}: cannot set values of shape {np.shape(numbers)} into a "
                          f"Tensor of shape {self.shape}: {e}") from None
        return self

    def detach_(self) -> Any:
        """Stop recording ops on this leaf (PyTorch's detach_); a non-leaf raises, since
        graphs that already use it would lose their path through it."""
        if self._prev:
            raise RuntimeError(f"detach_: this Tensor is the result of {self._op!s}; cutting "
                               "it from its graph in place would change graphs that already "
                               "use it: write x = x.detach()")
        self.requires_grad = False
        return self

    # -- x[index] = v as an op ----------------------------------------------------------

    def index_put(self, indices: Any, values: Any, accumulate: bool = False) -> Any:
        """A new Tensor: self with values at `indices` (any index `x[...]` takes), or
        added there with accumulate=True; differentiable in self and in values.

        Where an index repeats, the last value written is kept (numpy's order) and alone
        gets its gradient; with accumulate=True every repeat adds, as index_add."""
        idx = index(indices, "index_put", "indices")
        try:
            target = np.shape(self.data[idx])
        except (IndexError, TypeError) as e:
            raise IndexError(f"index_put: indices {indices!r} do not index a Tensor of shape "
                             f"{self.shape}: {e}"[:300]) from None
        v = self._operand(values, "index_put", "values")
        accumulate = flag(accumulate, "accumulate", "index_put")
        if v.dtype != self.dtype:
            v = v.astype(self.dtype)  # type: ignore[attr-defined]
        v = _broadcast(v, target)
        if accumulate:
            return self + ops.scatter_add(v, idx, self.shape)
        # Which write wins at each place: numpy's own order, found by writing positions.
        positions = np.arange(math.prod(target)).reshape(target)
        owner = np.full(self.shape, -1, dtype=np.intp)
        owner[idx] = positions
        won = owner[idx] == positions
        placed = ops.scatter_add(ops.where(v, 0, won), idx, self.shape)
        return ops.where(placed, self, owner >= 0)


def _scaled(numbers: Any, alpha: Any, name: str) -> Any:
    alpha = real(alpha, "alpha", name)
    return numbers if alpha == 1 else np.multiply(numbers, alpha)


def _broadcast(v: Any, shape: tuple[int, ...]) -> Any:
    """v as numpy's x[index] = v sees it: leading 1s dropped, then broadcast to `shape`."""
    extra = v.ndim - len(shape)
    if extra > 0 and all(n == 1 for n in v.shape[:extra]):
        v = v.reshape(v.shape[extra:])
    if v.shape == shape:
        return v
    try:
        return v.broadcast_to(shape)
    except ValueError:
        raise ValueError(f"index_put: values of shape {v.shape} do not fit the indexed "
                         f"shape {shape}") from None
