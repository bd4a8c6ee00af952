"""The ops `Value` and `Tensor` share, written once: operators and elementwise functions.

Adding an elementwise op to both node classes is one line here, beside its rule row in
autograd/ops and its spec row in autograd/specs:

    sin = elementwise(ops.sin)

which makes the method `x.sin()` on Value and Tensor and (autograd/functions.py) the
function `autograd.sin(x)`, for a Value, a Tensor, or anything `Tensor()` takes. Operators
go through the node class's `_binary`, which is where Value and Tensor differ: what they
take as the other operand, and Value's fast path.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

from .. import engine, ops
from ..primitive import Primitive

ELEMENTWISE: dict[str, Callable[[Any], Any]] = {}
"""The methods `elementwise` makes, by name: autograd/functions.py makes each a function."""


class elementwise:  # noqa: N801 (used in a class body like a decorator, not as a class)
    """`name = elementwise(op)` in the class body: the method `x.name()` applies `op`."""

    def __init__(self, op: Primitive) -> None:
        self.op = op

    def __set_name__(self, owner: type, name: str) -> None:
        op = self.op

        def method(self: Any) -> Any:
            return self._unary(op)

        method.__name__ = name
        method.__qualname__ = f"{owner.__name__}.{name}"
        method.__doc__ = f"{name}(x), elementwise: {op.__doc__ or ''}".strip()
        setattr(owner, name, method)
        ELEMENTWISE[name] = method


def _binary(op: Primitive, reflected: bool = False) -> Callable[[Any, Any], Any]:
    """An operator method: op(self, other), or op(other, self) for the reflected one."""
    if reflected:
        def method(self: Any, other: Any) -> Any:
            return self._binary(op, other, True)
    else:
        def method(self: Any, other: Any) -> Any:
            return self._binary(op, other, False)
    return method


class Surface:
    """Operators and elementwise methods, for every node class (mixed into Value, Tensor)."""

    __slots__ = ()

    __add__ = _binary(ops.add)
    __radd__ = _binary(ops.add, reflected=True)
    __sub__ = _binary(ops.sub)
    __rsub__ = _binary(ops.sub, reflected=True)
    __mul__ = _binary(ops.mul)
    __rmul__ = _binary(ops.mul, reflected=True)
    __truediv__ = _binary(ops.div)
    __rtruediv__ = _binary(ops.div, reflected=True)
    __rpow__ = _binary(ops.power, reflected=True)

    def __pow__(self, other: Any) -> Any:
        if isinstance(other, numbers.Real):  # any number (numpy's, Fraction): a constant
            # A Python int or float: the result keeps the node's type (float ** np.float64
            # is not a float, and numpy's scalar rules keep a float32 base float32), and an
            # integer power of a negative base stays real.
            c = int(other) if isinstance(other, numbers.Integral) else float(other)
            return ops.power_const(self, c)  # no log(x) for a constant exponent
        return self._binary(ops.power, other, False)

    def pow(self, exponent: Any) -> Any:
        return self ** exponent

    def __neg__(self) -> Any:
        return ops.neg(self)

    def __pos__(self) -> Any:
        return self

    def __abs__(self) -> Any:
        return ops.absolute(self)

    def square(self) -> Any:
        return self * self

    exp = elementwise(ops.exp)
    log = elementwise(ops.log)
    sqrt = elementwise(ops.sqrt)
    abs = elementwise(ops.absolute)
    sin = elementwise(ops.sin)
    cos = elementwise(ops.cos)
    tanh = elementwise(ops.tanh)
    sigmoid = elementwise(ops.sigmoid)
    relu = elementwise(ops.relu)

    def _binary(self, op: Primitive, other: Any, reflected: bool) -> Any:
        raise NotImplementedError  # each node class says what it takes as `other`

    def _unary(self, op: Primitive) -> Any:
        return op(self)  # Value has a faster path of its own

    def backward(self, grad: Any = None, create_graph: bool = False) -> None:
        """Fill `.grad` of every node this one depends on with d(self)/d(node)."""
        engine.backward(self, grad, create_graph)
