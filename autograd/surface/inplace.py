"""Tensor's in-place ops: += -= *= /= **= @= //= %= &= |= ^= <<= >>=, add_ sub_ mul_ div_
pow_ neg_ clamp_ zero_ fill_ copy_, x[index] = v; and index_put, the differentiable
x[index] = v that makes a new Tensor. PyTorch's other in-place methods are mixed in: the
in-place form `x.name_(...)` of each out-of-place op (exp_, clamp_min_, masked_fill_,
scatter_reduce_, t_, ...: inplace_forms.py) and the random fills (normal_, uniform_,
bernoulli_, ...: random_fills.py).

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
  - the result of an op (a non-leaf), or a leaf combined with an operand that requires grad,
    in grad mode: the change is recorded in the graph, as PyTorch's (autograd/rebase.py): the
    Tensor itself becomes the node `x + y`, `x.index_put(i, v)`, ..., its array holding the
    new values; graphs that used it before still reach what it was. Where that cannot be
    done it raises, naming the functional form (`x = x + y`): the result of an op under
    no_grad(), an array that is a view of another Tensor's (that one would change behind
    its own graph), a shape op (t_, squeeze_) on a node. `x += y` there rebinds the name x
    to the new node, as Python's fallback does.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes, modes, ops
from ..arguments import as_array, flag, index, shown
from ..node import Node
from ..rebase import rebase
from .bitwise import combine
from .indexing_more import check_alpha
from .inplace_forms import InPlaceForms, _detached, in_place
from .random_fills import RandomFills

# What to write instead, for a new Tensor
_FUNCTIONAL = {"+=": "x = x + y", "-=": "x = x - y", "*=": "x = x * y", "/=": "x = x / y",
               "**=": "x = x ** y", "@=": "x = x @ y", "add_": "x = x + y",
               "sub_": "x = x - y", "mul_": "x = x * y", "div_": "x = x / y",
               "pow_": "x = x ** y", "neg_": "x = -x", "clamp_": "x = x.clamp(min, max)",
               "zero_": "x = autograd.zeros_like(x)", "fill_": "x = autograd.full_like(x, v)",
               "copy_": "x = src.clone()", "setitem": "x = x.index_put(index, v)",
               "//=": "x = x // y", "%=": "x = x % y", "&=": "x = x & y", "|=": "x = x | y",
               "^=": "x = x ^ y", "<<=": "x = x << y", ">>=": "x = x >> y"}


def functional_form(name: str) -> str:
    """What to write instead of the in-place op `name`, for a new Tensor: `x = x.exp(...)`
    for exp_; for a random fill, the fill on a copy out of the graph."""
    if name in _FILLS:
        return f"x = x.detach().clone().{name}(...)"
    return _FUNCTIONAL.get(name) or f"x = x.{name[:-1]}(...)"


_FILLS = {"normal_", "uniform_", "bernoulli_", "exponential_", "geometric_", "log_normal_",
          "cauchy_", "random_"}


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
    """result into target's own array: the same shape (after broadcasting), and a dtype of
    a kind no higher (bool < integer < float)."""
    result = np.asarray(result)
    instead = functional_form(name)
    try:
        fits = np.broadcast_shapes(target.shape, result.shape) == target.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"{name}: the result has shape {result.shape}, which does not fit "
                         f"the Tensor's shape {target.shape} (an in-place op keeps the shape; "
                         f"write {instead} for a new Tensor)")
    if dtypes.rank(result.dtype) > dtypes.rank(target.dtype):
        raise TypeError(f"{name}: result type {result.dtype} can't be cast to the Tensor's "
                        f"dtype {target.dtype} (an in-place op keeps the dtype; write "
                        f"{instead} for a new Tensor)")
    # PyTorch's can_cast: any integer into any integer (int64 into uint8 wraps around), an
    # integer or bool into a float; never a float into an integer, nor a number into a bool
    np.copyto(target, result, casting="unsafe")


def _updating(name: str, compute: Callable[[Any, Any], Any],
              functional: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """An in-place method: self's array becomes compute(self's array, other's numbers);
    recorded in a graph, self becomes functional(self, other)."""
    def method(self: Any, other: Any) -> Any:
        numbers = _numbers(other, name)
        return self._update(name, (other,), lambda a: compute(a, numbers),
                            lambda x: functional(x, other))

    method.__name__ = name
    return method


def _augmented(name: str, compute: Callable[[Any, Any], Any], functional: Callable[[Any, Any], Any],
               given: bool = False) -> Callable[[Any, Any], Any]:
    """`x op= y`: in place where allowed; rebinds x to the new node where it must record.
    compute(x's array, y's numbers), or with `given`, compute(x's array, y as given)."""
    def method(self: Any, other: Any) -> Any:
        if self._rebinds():
            return functional(self, other)
        numbers = _numbers(other, name, "operand")
        operand = other if given else numbers
        return self._update(name, (other,), lambda a: compute(a, operand),
                            lambda x: functional(x, other))

    return method


def _as_computed(name: str, functional: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """`x op= y` as `x op y` computes it (its errors are its own: `//: integer division by
    zero`), written into x's array where allowed; rebinds x where it must record."""
    def method(self: Any, other: Any) -> Any:
        if self._rebinds():
            return functional(self, other)
        _numbers(other, name, "operand")
        result = functional(_detached(self), other)
        if self._check_inplace(name, (other,)):
            rebase(self, name, lambda x: functional(x, other))
            return self
        return self._write(name, result.data)

    return method


def _bitwise(symbol: str) -> Callable[[Any, Any], Any]:
    """`x &= y` (and |= ^= <<= >>=): bool and integer Tensors, PyTorch's dtypes."""
    apply = {"&": operator.and_, "|": operator.or_, "^": operator.xor, "<<": operator.lshift,
             ">>": operator.rshift}[symbol]
    return _augmented(symbol + "=", lambda a, y: combine(a, y, symbol, symbol + "="), apply,
                      given=True)


class InPlace(InPlaceForms, RandomFills):
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

    def _check_inplace(self, name: str, operands: tuple[Any, ...]) -> bool:
        """Whether the change must be recorded in the graph (autograd/rebase.py: the result
        of an op, or an operand that requires grad, in grad mode); raise where it cannot be
        made (module doc)."""
        instead = functional_form(name)
        recording = modes.grad_enabled.get()
        if self._prev:
            if not recording:
                raise RuntimeError(
                    f"{name}: this Tensor is the result of {self._op!s} (a non-leaf), and "
                    "no_grad() is on, so the change could not be recorded in its graph; "
                    f"make it outside no_grad(), or write {instead}")
            if self.data.base is not None:
                raise RuntimeError(
                    f"{name}: this Tensor's array is a view of another Tensor's (made by "
                    f"{self._op!s}), which would change behind its own graph; write "
                    f"{instead}, or change a clone()")
            return True
        if recording:
            if self.requires_grad:
                raise RuntimeError(
                    f"{name}: a leaf Variable that requires grad is being used in an in-place "
                    "operation; update parameters under `with autograd.no_grad():`, or "
                    f"write {instead} for a new Tensor")
            return any(isinstance(o, Node) and o.requires_grad for o in operands)
        return False

    def _rebinds(self) -> bool:
        """Whether `x op= y` makes a new node (Python then rebinds the name x), where an
        in-place change cannot be recorded: a view of another Tensor's array in a graph, or
        the result of an op under no_grad()."""
        return bool(self._prev) and (self.data.base is not None
                                     or not modes.grad_enabled.get())

    def _update(self, name: str, operands: tuple[Any, ...], compute: Callable[[Any], Any],
                functional: Callable[[Any], Any]) -> Any:
        """compute(self's array) written into it; where the change must be recorded (see
        _check_inplace), self becomes functional(self) in the graph instead."""
        if self._check_inplace(name, operands):
            rebase(self, name, functional)
            return self
        self._writeable(name)
        try:
            result = compute(self.data)
        except (ValueError, ArithmeticError) as e:
            raise type(e)(f"{name}: {e}") from None
        except TypeError as e:  # numpy's for an op the dtype has not (-bool, & of floats)
            raise TypeError(f"{name} on a {self.dtype} Tensor: {e}") from None
        return self._write(name, result)

    def _writeable(self, name: str) -> None:
        if not self.data.flags.writeable:
            raise ValueError(f"{name}: this Tensor's array is read-only (a broadcast view); "
                             "clone() it first")

    def _write(self, name: str, result: Any) -> Any:
        """result into this Tensor's own array (checked: it fits the shape and the dtype)."""
        self._writeable(name)
        _assign(self.data, result, name)
        return self

    # -- augmented assignment: `x += y` -------------------------------------------------

    __iadd__ = _augmented("+=", np.add, lambda x, y: x + y)
    __isub__ = _augmented("-=", np.subtract, lambda x, y: x - y)
    __imul__ = _augmented("*=", np.multiply, lambda x, y: x * y)
    __itruediv__ = _augmented("/=", np.true_divide, lambda x, y: x / y)
    __ipow__ = _augmented("**=", np.power, lambda x, y: x ** y)
    __imatmul__ = _augmented("@=", np.matmul, lambda x, y: x @ y)
    # x //= y and x %= y as x // y and x % y compute them (integer division by 0 raises)
    __ifloordiv__ = _as_computed("//=", operator.floordiv)
    __imod__ = _as_computed("%=", operator.mod)
    # bool and integer Tensors only, in PyTorch's dtype (autograd/surface/bitwise.py)
    __iand__ = _bitwise("&")
    __ior__ = _bitwise("|")
    __ixor__ = _bitwise("^")
    __ilshift__ = _bitwise("<<")
    __irshift__ = _bitwise(">>")

    # -- PyTorch's in-place methods -----------------------------------------------------

    def add_(self, other: Any, *, alpha: Any = 1) -> Any:
        """self += alpha * other, in place (PyTorch's add_; integers stay integers, and take
        an integer alpha only)."""
        numbers = _scaled(self.data, _numbers(other, "add_"), alpha, "add_")
        return self._update("add_", (other,), lambda a: a + numbers,
                            lambda x: x + (other if alpha == 1 else other * alpha))

    def sub_(self, other: Any, *, alpha: Any = 1) -> Any:
        """self -= alpha * other, in place (PyTorch's sub_)."""
        numbers = _scaled(self.data, _numbers(other, "sub_"), alpha, "sub_")
        return self._update("sub_", (other,), lambda a: a - numbers,
                            lambda x: x - (other if alpha == 1 else other * alpha))

    mul_ = _updating("mul_", np.multiply, lambda x, y: x * y)
    div_ = _updating("div_", np.true_divide, lambda x, y: x / y)
    pow_ = _updating("pow_", np.power, lambda x, y: x ** y)

    def neg_(self) -> Any:
        return self._update("neg_", (), np.negative, lambda x: -x)

    def clamp_(self, min: Any = None, max: Any = None) -> Any:  # noqa: A002 (PyTorch's names)
        """Clip each element to [min, max] in place; either bound may be None, not both."""
        if min is None and max is None:
            raise ValueError("clamp_: at least one of 'min' or 'max' must not be None")
        lo, hi = (None if b is None else _numbers(b, "clamp_", n)
                  for b, n in ((min, "min"), (max, "max")))
        return self._update("clamp_", tuple(b for b in (min, max) if b is not None),
                            lambda a: np.clip(a, lo, hi), lambda x: x.clamp(min, max))

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
        """numbers written at `where` in self's array; recorded in a graph (see
        _check_inplace), self becomes self.index_put(where, value)."""
        if self._check_inplace(name, operands):
            value = next((o for o in operands if isinstance(o, Node)), numbers)
            rebase(self, name, lambda x: x.index_put(where, value), reads_before=False)
            return self
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

    index_put_ = in_place("index_put", "index_put_", like=index_put)


def _scaled(a: np.ndarray, numbers: Any, alpha: Any, name: str) -> Any:
    """alpha * numbers, alpha checked against the dtype a and numbers give (PyTorch's rule:
    no float alpha for integers, no bool alpha but for bools)."""
    result = dtypes.result_type([a, dtypes.constant(numbers, a.dtype, name, "other")])
    alpha = check_alpha(alpha, result, name)
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
