"""Value: one float and its gradient; a drop-in for micrograd's Value.

The arithmetic is Python's float arithmetic. What Python raises on (division by zero, log or
sqrt outside their domain, an overflow in exp or **, a negative number to a fractional power)
raises here too, as the same exception class with a message naming the op and the values:
for example `ZeroDivisionError: /: 1.0 / 0.0 is undefined (needs y != 0)`.
"""

from __future__ import annotations

import numbers
import operator
from collections.abc import Sequence
from typing import Any

from . import ops
from .engine import Node, Primitive, _grad_enabled, _scope, apply, backward

_MATH_ERRORS = (ValueError, ZeroDivisionError, OverflowError)


class Value(Node):
    """A scalar node: `Value(2.0)`, then `+ - * / **`, `relu()`, `tanh()`, ..., `backward()`.

    An op of your own can be written micrograd's way too, and backward() runs it (first
    derivatives only; for higher order, add a row to autograd/ops.py)::

        def cube(x):
            out = Value(x.data ** 3, (x,), "cube")
            def _backward():
                x.grad += 3 * x.data ** 2 * out.grad
            out._backward = _backward
            return out
    """

    # _backward: set only on a node made micrograd's way (see __init__), never by an op.
    __slots__ = ("label", "_backward")
    requires_grad = True  # every Value gets a gradient, as in micrograd
    _no_grad = 0.0

    def __init__(self, data: float, _children: tuple[Value, ...] = (), _op: str = "",
                 label: str = "") -> None:
        if type(data) is not float:
            # `type(...) is int` first: the numbers.Real ABC check costs a microsecond.
            if type(data) is not int and not isinstance(data, numbers.Real):
                raise TypeError(
                    f"Value() takes a real number, got {type(data).__name__}: {data!r}")
            data = float(data)
        self.data = data
        self.grad: Any = 0.0
        self._prev = tuple(_children)
        self._op = _op
        self._args = ()
        self._scope = _scope.get()
        self.label = label

    # -- the engine's hooks -----------------------------------------------------------

    @classmethod
    def _lift(cls, x: Any, like: Node) -> Value:
        if isinstance(x, Node):
            raise TypeError(
                f"cannot mix Value and {type(x).__name__} in one op; "
                "use Tensor(value.data) or tensor.item()")
        return cls(x)

    @classmethod
    def _make(cls, data: Any, prev: tuple[Node, ...], op: str, args: tuple[Any, ...]) -> Value:
        out = cls.__new__(cls)
        out.data = data
        out.grad = 0.0
        out._prev = prev
        out._op = op
        out._args = args
        out._scope = _scope.get()
        out.label = ""
        return out

    def _forward(self, op: Primitive, nodes: tuple[Node, ...], args: tuple[Any, ...]) -> Any:
        return _compute(op, *[n.data for n in nodes], *args)

    def _accumulate(self, g: Any) -> None:
        if type(g) is not float and type(self.grad) is float and self.grad == 0.0:
            self.grad = g  # the first gradient of a create_graph pass: no `0.0 + g` node
        else:
            self.grad += g

    def _seed(self, grad: Any, create_graph: bool) -> Any:
        seed = 1.0 if grad is None else grad
        if isinstance(seed, Value):
            return seed if create_graph else seed.data
        seed = Value(seed).data
        return Value(seed) if create_graph else seed

    # -- operators: one primitive each ------------------------------------------------

    def _binary(self, op: Primitive, other: Any, reflected: bool = False) -> Any:
        # The hot path of every scalar network, so it skips the generic `engine.apply`.
        if not isinstance(other, Value):  # isinstance: two subclass instances combine too
            # float and int first: the numbers.Real ABC check was a third of a chain's build.
            if type(other) not in (float, int) and not isinstance(other, numbers.Real):
                return NotImplemented  # Python's own TypeError (or the other operand's method)
            other = Value(other)
        x, y = (other, self) if reflected else (self, other)
        data = _compute(op, x.data, y.data)
        # Plain Values, as engine.apply makes for a subclass: ops do not keep the subclass.
        if _grad_enabled.get():
            return Value._make(data, (x, y), op, ())
        return Value._make(data, (), "", ())

    def __add__(self, other: Any) -> Value:
        return self._binary(ops.add, other)

    def __radd__(self, other: Any) -> Value:
        return self._binary(ops.add, other, reflected=True)

    def __sub__(self, other: Any) -> Value:
        return self._binary(ops.sub, other)

    def __rsub__(self, other: Any) -> Value:
        return self._binary(ops.sub, other, reflected=True)

    def __mul__(self, other: Any) -> Value:
        return self._binary(ops.mul, other)

    def __rmul__(self, other: Any) -> Value:
        return self._binary(ops.mul, other, reflected=True)

    def __truediv__(self, other: Any) -> Value:
        return self._binary(ops.div, other)

    def __rtruediv__(self, other: Any) -> Value:
        return self._binary(ops.div, other, reflected=True)

    def __pow__(self, other: Any) -> Value:
        if isinstance(other, numbers.Real):  # any number (numpy's, Fraction): a constant
            # A Python int or float, so the result is a float (float ** np.float64 is not)
            # and an integer power of a negative base stays real.
            c = int(other) if isinstance(other, numbers.Integral) else float(other)
            return ops.power_const(self, c)  # no log(x) for a constant exponent
        return self._binary(ops.power, other)

    def __rpow__(self, other: Any) -> Value:
        return self._binary(ops.power, other, reflected=True)

    def __neg__(self) -> Value:
        return ops.neg(self)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        return ops.absolute(self)

    def relu(self) -> Value:
        return ops.relu(self)

    def tanh(self) -> Value:
        return ops.tanh(self)

    def sigmoid(self) -> Value:
        return ops.sigmoid(self)

    def exp(self) -> Value:
        return ops.exp(self)

    def log(self) -> Value:
        return ops.log(self)

    def sqrt(self) -> Value:
        return ops.sqrt(self)

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

    def backward(self, grad: Any = None, create_graph: bool = False) -> None:
        """d(self)/d(node) into `.grad` of every node below; seeds 1.0, accumulates."""
        backward(self, grad, create_graph)


Value._family = Value


def dot(weights: Sequence[Any], inputs: Sequence[Any], bias: Any = 0.0) -> Value:
    """bias + sum(w * x), summed in that order, as one node (a neuron's pre-activation).

    The same number and gradients as the `+` and `*` chain, with one node instead of 2n,
    so a scalar MLP builds and back-propagates several times faster.
    """
    if len(weights) != len(inputs):
        raise ValueError(f"dot: {len(weights)} weights but {len(inputs)} inputs")
    operands = [bias]
    for w, x in zip(weights, inputs, strict=True):
        operands += (w, x)
    return apply(ops.affine, operands)


def _compare(op: Any, x: Value, y: Any) -> Any:
    y = y.data if isinstance(y, Value) else y
    return op(x.data, y) if isinstance(y, numbers.Real) else NotImplemented


def _compute(op: Primitive, *operands: Any) -> float:
    """op's forward on floats, with Python's math errors re-raised naming the op and values."""
    try:
        data = op.forward(*operands)
    except _MATH_ERRORS as e:
        raise type(e)(_domain_message(op, operands, e)) from None
    if type(data) is not float:  # (-8.0) ** (1/3) is a complex number in Python
        raise ValueError(_domain_message(op, operands, "the result is complex"))
    return data


def _domain_message(op: Primitive, operands: tuple[Any, ...], cause: Any) -> str:
    shown = ", ".join(repr(v) for v in operands)
    need = f" (needs {op.domain})" if op.domain else ""
    return f"{op}: undefined for {shown}{need}: {cause}"
