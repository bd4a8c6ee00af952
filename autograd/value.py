"""Value: one float and its gradient; a drop-in for micrograd's Value.

The arithmetic is Python's float arithmetic. What Python raises on (division by zero, log or
sqrt outside their domain, an overflow in exp or **, a negative number to a fractional power)
raises here too, as the same exception class with a message naming the op and the values:
for example `ZeroDivisionError: /: 1.0 / 0.0 is undefined (needs y != 0)`.
"""

from __future__ import annotations

import numbers
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import modes, ops
from .arguments import shown
from .node import Node
from .primitive import Primitive, apply
from .surface import Surface

_MATH_ERRORS = (ValueError, ZeroDivisionError, OverflowError)


_new = object.__new__
_grad_enabled = modes.grad_enabled.get

# Constants lifted into ops (the 2 of x * 2): leaves that need no gradient, made once per
# number and shared, so a chain y * c + d costs two nodes a step, not four. Zeros (0.0 and
# -0.0 are equal keys) and nan (never equal) are made afresh; the cache is cleared when full.
_CONSTANTS: dict[float, Value] = {}
_CONSTANTS_MAX = 4096

# Operator methods for the binary ops without a dunder of their own on Value (** with a
# Value exponent), by (primitive, reflected): made on first use.
_OTHER_OPERATORS: dict[tuple[Primitive, bool], Callable[[Value, Any], Any]] = {}


def constant(x: float) -> Value:
    """The constant leaf holding the number x (shared between graphs: it never gets a grad)."""
    node = _CONSTANTS.get(x)
    if node is None:
        node = _new(Value)
        node.data = float(x)
        node.grad = 0.0
        node.requires_grad = False
        node._a = node._b = None
        node._op = ""
        node._args = ()
        if x and x == x:
            if len(_CONSTANTS) >= _CONSTANTS_MAX:
                _CONSTANTS.clear()
            _CONSTANTS[x] = node
    return node


def _node(data: Any, x: Value, y: Value | tuple[Value, ...] | None, op: Primitive) -> Value:
    """A plain Value made by op from x (and y, or the rest of its operands), as engine.apply
    makes it, the same fields."""
    if type(data) is not float:  # (-8.0) ** (1/3) is a complex number in Python
        operands = (x.data,) if y is None else (x.data, y.data)
        raise ValueError(_domain_message(op, operands, "the result is complex"))
    out = _new(Value)
    out.data = data
    out.grad = 0.0
    out._args = ()
    if _grad_enabled():
        out.requires_grad = True
        out._a = x
        out._b = y
        out._op = op
        if modes.open_scopes:
            scope = modes.scope.get()
            if scope:
                out._in_scope = scope
    else:
        out.requires_grad = False
        out._a = out._b = None
        out._op = ""
    return out


def _operator(op: Primitive, name: str, reflected: bool = False
              ) -> Callable[[Value, Any], Any]:
    """The Value operator for a binary op: take the other operand, compute, record.

    This is the one method every scalar network runs per node, so it is written for speed
    (each step measured; see benchmarks/): written out twice (x op other, other op x) so that
    neither branches on which it is, a cached constant looked up in place, and _node's
    fields set inline in the common case."""
    forward = op.forward

    def method(self: Value, other: Any) -> Any:
        if type(other) is not Value:
            lifted = _CONSTANTS.get(other) if type(other) is float else None
            try:
                other = _operand(other) if lifted is None else lifted
            except _RefusedOperandError as e:  # (a try costs nothing until it raises)
                raise TypeError(e.message(op, reflected=False)) from None
            if other is NotImplemented:
                return NotImplemented
        try:
            data = forward(self.data, other.data)
        except _MATH_ERRORS as e:
            raise type(e)(_domain_message(op, (self.data, other.data), e)) from None
        if type(data) is float and _grad_enabled() and not modes.open_scopes:
            out = _new(Value)
            out.data = data
            out.grad = 0.0
            out.requires_grad = True
            out._a = self
            out._b = other
            out._op = op
            out._args = ()
            return out
        return _node(data, self, other, op)

    def reflected_method(self: Value, other: Any) -> Any:
        if type(other) is not Value:
            lifted = _CONSTANTS.get(other) if type(other) is float else None
            try:
                other = _operand(other) if lifted is None else lifted
            except _RefusedOperandError as e:  # (a try costs nothing until it raises)
                raise TypeError(e.message(op, reflected=True)) from None
            if other is NotImplemented:
                return NotImplemented
        try:
            data = forward(other.data, self.data)
        except _MATH_ERRORS as e:
            raise type(e)(_domain_message(op, (other.data, self.data), e)) from None
        if type(data) is float and _grad_enabled() and not modes.open_scopes:
            out = _new(Value)
            out.data = data
            out.grad = 0.0
            out.requires_grad = True
            out._a = other
            out._b = self
            out._op = op
            out._args = ()
            return out
        return _node(data, other, self, op)

    chosen = reflected_method if reflected else method
    chosen.__name__ = name
    return chosen


def _operand(other: Any) -> Any:
    """The other operand of a Value operator as a Value (a number as a shared constant), or
    NotImplemented for what is not a real number (Python then asks the other's method). A
    node of another kind, a str, a list, a tuple or an array is _RefusedOperandError: Python would
    concatenate or repeat a str or list, numpy would make an object array of Values."""
    # float and int first: the numbers.Real ABC check was a third of a chain's build.
    if type(other) is float or type(other) is int:
        return constant(other)
    if isinstance(other, Value):  # a subclass instance
        return other
    if not isinstance(other, numbers.Real):
        if isinstance(other, (Node, list, tuple, np.ndarray, str, bytes)):
            raise _RefusedOperandError(other)
        return NotImplemented  # Python's own TypeError, or the other's method
    return constant(float(other))


class _RefusedOperandError(Exception):
    """An operand a Value operator refuses; `message` is the TypeError's, naming the op."""

    def __init__(self, other: Any) -> None:
        self.other = other

    def message(self, op: Primitive, reflected: bool) -> str:
        other = self.other
        named = type(other).__name__ if isinstance(other, Node) else _type_name(other)
        left, right = (named, "Value") if reflected else ("Value", named)
        if isinstance(other, Node):
            return (f"unsupported operand type(s) for {op}: '{left}' and '{right}': cannot mix "
                    f"Value and {type(other).__name__} in one op; use Tensor(value.data) or "
                    "tensor.item()")
        hint = (" (a Value holds one number: use a Tensor for arrays)"
                if isinstance(other, (list, tuple, np.ndarray)) else "")
        return f"unsupported operand type(s) for {op}: '{left}' and '{right}'{hint}"


def _label(label: Any, where: str) -> str:
    """A node's label (a name in drawings): a str."""
    if not isinstance(label, str):
        raise TypeError(f"{where}: label must be a str, got {shown(label)}")
    return label


def _type_name(x: Any) -> str:
    cls = type(x)
    return cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__name__}"


class Value(Surface, Node):
    """A scalar node: `Value(2.0)`, then `+ - * / **`, `relu()`, `tanh()`, ..., `backward()`.

    An op of your own can be written micrograd's way too, and backward() runs it (first
    derivatives only; for higher order, make it an `autograd.Primitive`)::

        def cube(x):
            out = Value(x.data ** 3, (x,), "cube")
            def _backward():
                x.grad += 3 * x.data ** 2 * out.grad
            out._backward = _backward
            return out
    """

    __slots__ = ()
    _empty_grad = 0.0  # as micrograd: a Value's grad is 0.0 until backward reaches it
    # numpy defers to Value's own operators (array * value asks Value.__rmul__, which refuses
    # an array and says to use a Tensor) instead of making an object array of Values.
    __array_ufunc__ = None

    def __init__(self, data: float, _children: tuple[Value, ...] = (), _op: str = "",
                 label: str = "") -> None:
        if type(data) is not float:
            # `type(...) is int` first: the numbers.Real ABC check costs a microsecond.
            if type(data) is not int and not isinstance(data, numbers.Real):
                raise TypeError(f"Value(): data must be a real number, got {shown(data)}")
            data = float(data)
        self.data = data
        self.grad: Any = 0.0
        self.requires_grad = True  # every Value gets a gradient, as in micrograd
        self._prev = tuple(_children)
        self._op = _op
        self._args = ()
        if type(label) is not str or label:
            self.label = _label(label, "Value()")

    @property
    def _backward(self) -> Callable[[], None] | None:
        """A micrograd-style closure adding this node's gradient into its parents' (or None)."""
        return self._meta_get("backward", None)

    @_backward.setter
    def _backward(self, fn: Callable[[], None]) -> None:
        self._meta_set("backward", fn)

    # -- how a Value takes other operands, and computes -------------------------------

    @classmethod
    def _lift(cls, x: Any, like: Node, op: str = "", name: str = "") -> Value:
        """A number as a constant leaf (it needs no gradient). A bad one is a TypeError
        naming `op` (apply names it when not given) and `name`, the argument."""
        what = f"{op + ': ' if op else ''}{name or 'operand'}"
        if isinstance(x, Node):
            raise TypeError(f"{what} is a {type(x).__name__}; cannot mix Value and "
                            f"{type(x).__name__} in one op: use Tensor(value.data) or "
                            "tensor.item()")
        if type(x) is not float and type(x) is not int and not isinstance(x, numbers.Real):
            hint = ("; a Value holds one number: use a Tensor for arrays"
                    if isinstance(x, (list, tuple, np.ndarray)) else "")
            raise TypeError(f"{what} must be a real number, got {shown(x)}{hint}")
        return constant(float(x))

    @staticmethod
    def _compute(op: Primitive, data: list[Any], args: tuple[Any, ...]) -> float:
        return _compute(op, *data, *args)

    def _binary(self, op: Primitive, other: Any, reflected: bool) -> Any:
        # ** with a Value exponent: the operators' own method, made once per op and side
        method = _OTHER_OPERATORS.get((op, reflected))
        if method is None:
            method = _OTHER_OPERATORS[op, reflected] = _operator(op, str(op), reflected)
        return method(self, other)

    def _unary(self, op: Primitive) -> Value:
        # The fast path of relu, tanh, exp, ...: one node from one float, no engine.apply.
        data = self.data
        try:
            data = op.forward(data)
        except _MATH_ERRORS as e:
            raise type(e)(_domain_message(op, (data,), e)) from None
        if type(data) is float and _grad_enabled() and not modes.open_scopes:
            out = _new(Value)  # _node's fields, inline (as in the operators)
            out.data = data
            out.grad = 0.0
            out.requires_grad = True
            out._a = self
            out._b = None
            out._op = op
            out._args = ()
            return out
        return _node(data, self, None, op)

    # The operators of every scalar network: the shared surface's, with each step inlined
    # (a measured fast path: see benchmarks/). The rules are the same rows of autograd/ops.
    __add__ = _operator(ops.add, "__add__")
    __radd__ = _operator(ops.add, "__radd__", reflected=True)
    __sub__ = _operator(ops.sub, "__sub__")
    __rsub__ = _operator(ops.sub, "__rsub__", reflected=True)
    __mul__ = _operator(ops.mul, "__mul__")
    __rmul__ = _operator(ops.mul, "__rmul__", reflected=True)
    __truediv__ = _operator(ops.div, "__truediv__")
    __rtruediv__ = _operator(ops.div, "__rtruediv__", reflected=True)

    # Comparisons look at .data. `==` stays identity (as in micrograd): nodes live in sets.
    # NotImplemented for a str (not float's TypeError), so Python's own message names Value.
    def __lt__(self, other: Any) -> bool:
        return _compare(operator.lt, self, other)

    def __le__(self, other: Any) -> bool:
        return _compare(operator.le, self, other)

    def __gt__(self, other: Any) -> bool:
        return _compare(operator.gt, self, other)

    def __ge__(self, other: Any) -> bool:
        return _compare(operator.ge, self, other)

    def __float__(self) -> float:
        return self.data

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data}, grad={self.grad}{label})"

    def backward(self, gradient: Any = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Any = None, *, grad: Any = None
                 ) -> None:
        """d(self)/d(node) into `.grad` of every node below; seeds 1.0, accumulates."""
        super().backward(gradient, retain_graph, create_graph, inputs, grad=grad)


def dot(weights: Sequence[Any], inputs: Sequence[Any], bias: Any = 0.0) -> Value:
    """bias + sum(w * x), summed in that order, as one node (a neuron's pre-activation).

    The same number and gradients as the `+` and `*` chain, with one node instead of 2n,
    so a scalar MLP builds and back-propagates several times faster.
    """
    try:
        n, m = len(weights), len(inputs)
    except TypeError:  # (a try costs nothing until it raises)
        raise TypeError(f"dot: weights and inputs must be sequences of Values or numbers, got "
                        f"{shown(weights)} and {shown(inputs)}") from None
    if n != m:
        raise ValueError(f"dot: {n} weights but {m} inputs ({shown(inputs)})")
    rest = [None] * (2 * n)  # the rule's operand order: b, w0, x0, w1, x1, ...
    rest[0::2] = weights
    rest[1::2] = inputs
    if type(bias) is Value and set(map(type, rest)) == _JUST_VALUE:
        # A neuron's sum, every operand a Value: the float loop here, one node (what
        # engine.apply does, without its per-operand checks: a measured fast path).
        out = bias.data
        for w, x in zip(weights, inputs, strict=False):  # lengths checked above
            out += w.data * x.data
        if type(out) is float:  # (not so if someone set a .data to an int)
            return _node(out, bias, tuple(rest), ops.affine)
    operands = [bias, *rest]
    try:
        return apply(ops.affine, operands)
    except TypeError:  # which operand it was, named (a try costs nothing until it raises)
        for i, x in enumerate(operands):
            where = "bias" if i == 0 else f"{('weights', 'inputs')[(i - 1) % 2]}[{(i - 1) // 2}]"
            if not isinstance(x, Value):
                Value._lift(x, bias, "dot", where)
        raise


_JUST_VALUE = {Value}


def _compare(op: Any, x: Value, y: Any) -> Any:
    y = y.data if isinstance(y, Value) else y
    if isinstance(y, numbers.Real):
        return op(x.data, y)
    if isinstance(y, np.ndarray):  # a masked array would compare itself, element by element
        raise TypeError(f"'{_SYMBOL[op]}' not supported between instances of 'Value' and "
                        f"'{_type_name(y)}' (a Value holds one number: use a Tensor for arrays)")
    return NotImplemented


_SYMBOL = {operator.lt: "<", operator.le: "<=", operator.gt: ">", operator.ge: ">="}


def _compute(op: Primitive, *operands: Any) -> float:
    """op's forward on floats, with Python's math errors re-raised naming the op and values."""
    if op.saves:
        raise TypeError(f"{op}: an op whose forward saves values for its backward "
                        "(saves=True) runs on Tensors, not on Values")
    try:
        data = op.forward(*operands)
    except _MATH_ERRORS as e:
        raise type(e)(_domain_message(op, operands, e)) from None
    if type(data) is not float:
        if isinstance(data, complex):  # (-8.0) ** (1/3) is a complex number in Python
            raise ValueError(_domain_message(op, operands, "the result is complex"))
        if not isinstance(data, numbers.Real) or np.ndim(data) != 0:
            raise TypeError(f"{op}: the forward of a Value op must give one real number, "
                            f"got {type(data).__name__}: {data!r:.80}")
        data = float(data)  # a numpy scalar (np.float64, np.int64) from a user's forward
    return data


def _domain_message(op: Primitive, operands: tuple[Any, ...], cause: Any) -> str:
    shown = ", ".join(repr(v) for v in operands)
    need = f" (needs {op.domain})" if op.domain else ""
    return f"{op}: undefined for {shown}{need}: {cause}"
