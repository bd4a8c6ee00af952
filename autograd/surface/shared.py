"""The ops `Value` and `Tensor` share, written once: operators and elementwise functions.

Adding an elementwise op to both node classes is one line here, beside its rule row in
autograd/ops and its spec row in autograd/specs:

    sin = elementwise(ops.sin)

which makes the method `x.sin()` on Value and Tensor and (autograd/functions/) the
function `autograd.sin(x)`, for a Value, a Tensor, or anything `Tensor()` takes. Operators
go through the node class's `_binary`, which is where Value and Tensor differ: what they
take as the other operand, and Value's fast path.
"""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import differentiate, engine, hooks, ops
from ..arguments import flag, integer, real, shown
from ..node import make_node
from ..primitive import Primitive

ELEMENTWISE: dict[str, Callable[[Any], Any]] = {}
"""The methods `elementwise` makes, by name: autograd/functions/ makes each a function."""


class elementwise:  # noqa: N801 (used in a class body like a decorator, not as a class)
    """`name = elementwise(op)` in the class body: the method `x.name()` applies `op`.

    An op of two or three operands names the others: `elementwise(ops.lerp, "end",
    "weight")` makes `x.lerp(end, weight)`, which takes them by position or by name.
    """

    def __init__(self, op: Primitive, *operands: str) -> None:
        self.op = op
        self.operands = operands

    def __set_name__(self, owner: type, name: str) -> None:
        op, operands = self.op, self.operands
        if not operands:
            def method(self: Any) -> Any:
                return self._unary(op)
        else:
            signature = inspect.Signature(
                [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
                + [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD)
                   for n in operands])

            def method(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    bound = signature.bind(self, *args, **kwargs)
                except TypeError as e:
                    raise TypeError(f"{name}{signature}: {e}") from None
                given = zip(bound.args[1:], operands, strict=True)
                return op(self, *[self._operand(x, name, n) for x, n in given])

            method.__signature__ = signature  # type: ignore[attr-defined]
        method.__name__ = name
        method.__qualname__ = f"{owner.__name__}.{name}"
        # A rule's docstring sits under it in its file (Python keeps none for an instance).
        where = op.module.replace(".", "/") + ".py"
        method.__doc__ = (f"{name}(x{''.join(', ' + n for n in operands)}), elementwise: "
                          f"the rule {op!s} in {where}, whose docstring states its derivative")
        setattr(owner, name, method)
        ELEMENTWISE[name] = method


def also_function(method: Callable[..., Any]) -> Callable[..., Any]:
    """A method written out in the class body that is also `autograd.<name>(x, ...)`."""
    ELEMENTWISE[method.__name__] = method
    return method


def _binary(op: Primitive, reflected: bool = False) -> Callable[[Any, Any], Any]:
    """An operator method: op(self, other), or op(other, self) for the reflected one."""
    if reflected:
        def method(self: Any, other: Any) -> Any:
            return self._binary(op, other, True)
    else:
        def method(self: Any, other: Any) -> Any:
            return self._binary(op, other, False)
    return method


def _test(x: Any, scalar_test: Callable[[float], bool],
          array_test: Callable[[np.ndarray], np.ndarray]) -> Any:
    """A Value's test as a Python bool; a Tensor's as a bool Tensor (a constant, as a
    comparison gives: PyTorch's torch.isnan)."""
    data = x.data
    if type(data) is float:
        return scalar_test(data)
    return make_node(x._family, np.asarray(array_test(data)), (), "", ())


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
    __mod__ = _binary(ops.remainder)
    __rmod__ = _binary(ops.remainder, reflected=True)
    __floordiv__ = _binary(ops.floor_divide)
    __rfloordiv__ = _binary(ops.floor_divide, reflected=True)

    def __pow__(self, other: Any) -> Any:
        if isinstance(other, numbers.Real):  # any number (numpy's, Fraction): a constant
            # A Python int or float: the result keeps the node's type (float ** np.float64
            # is not a float, and numpy's scalar rules keep a float32 base float32), and an
            # integer power of a negative base stays real.
            # (True stays a bool: a bool Tensor ** True is bool, ** 1 int64, as PyTorch's)
            c = other if type(other) is bool else (
                int(other) if isinstance(other, numbers.Integral) else float(other))
            return ops.power_const(self, c)  # no log(x) for a constant exponent
        if isinstance(other, (str, bytes)):
            raise TypeError(f"**: the exponent must be a number or a node, got "
                            f"{shown(other)}")
        return self._binary(ops.power, other, False)

    @also_function
    def pow(self, exponent: Any) -> Any:
        """x ** exponent (torch.pow; autograd.pow(2.0, x) is 2.0 ** x)."""
        if isinstance(exponent, numbers.Real) or isinstance(exponent, self._family):
            return self ** exponent
        return self ** self._operand(exponent, "pow", "exponent")

    def __neg__(self) -> Any:
        return ops.neg(self)

    neg = elementwise(ops.neg)  # -x, with PyTorch's names
    negative = elementwise(ops.neg)

    def __pos__(self) -> Any:
        return self

    def __abs__(self) -> Any:
        return ops.absolute(self)

    @also_function
    def square(self) -> Any:
        """x * x (torch.square, numpy.square); of a bool Tensor, int64 (PyTorch's x ** 2)."""
        if type(self.data) is np.ndarray and self.data.dtype == np.bool_:
            return self ** 2
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

    # Circular and hyperbolic functions, with numpy's names and PyTorch's (asin, ...).
    tan = elementwise(ops.tan)
    arcsin = elementwise(ops.arcsin)
    asin = elementwise(ops.arcsin)
    arccos = elementwise(ops.arccos)
    acos = elementwise(ops.arccos)
    arctan = elementwise(ops.arctan)
    atan = elementwise(ops.arctan)
    arctan2 = elementwise(ops.arctan2, "other")
    atan2 = elementwise(ops.arctan2, "other")
    hypot = elementwise(ops.hypot, "other")
    sinh = elementwise(ops.sinh)
    cosh = elementwise(ops.cosh)
    arcsinh = elementwise(ops.arcsinh)
    asinh = elementwise(ops.arcsinh)
    arccosh = elementwise(ops.arccosh)
    acosh = elementwise(ops.arccosh)
    arctanh = elementwise(ops.arctanh)
    atanh = elementwise(ops.arctanh)

    # The exp and log family, and special functions.
    exp2 = elementwise(ops.exp2)
    expm1 = elementwise(ops.expm1)
    log2 = elementwise(ops.log2)
    log10 = elementwise(ops.log10)
    log1p = elementwise(ops.log1p)
    logaddexp = elementwise(ops.logaddexp, "other")
    logaddexp2 = elementwise(ops.logaddexp2, "other")
    reciprocal = elementwise(ops.reciprocal)
    rsqrt = elementwise(ops.rsqrt)
    erf = elementwise(ops.erf)
    erfc = elementwise(ops.erfc)
    erfinv = elementwise(ops.erfinv)
    lerp = elementwise(ops.lerp, "end", "weight")

    # Rounding and remainders: zero gradients, except fmod's and remainder's.
    sign = elementwise(ops.signum)
    floor = elementwise(ops.floor)
    ceil = elementwise(ops.ceil)
    trunc = elementwise(ops.trunc)
    fmod = elementwise(ops.fmod, "other")
    remainder = elementwise(ops.remainder, "other")
    floor_divide = elementwise(ops.floor_divide, "other")

    @also_function
    def round(self, decimals: int = 0) -> Any:  # noqa: A003
        """round(x, decimals=0), elementwise, halves to even (numpy's and PyTorch's rule;
        with decimals, x * 10**decimals is rounded and divided back); d/dx = 0."""
        return ops.rounding(self, integer(decimals, "decimals", "round"))

    @also_function
    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None,
                   neginf: float | None = None) -> Any:
        """nan_to_num(x, nan=0.0, posinf=None, neginf=None), elementwise: nan, inf and -inf
        replaced (None: the largest finite number of the dtype, as numpy and PyTorch);
        d/dx = 1 where x is finite, 0 where it was replaced."""
        # None for nan is 0.0, as PyTorch's (numpy's nan= takes a number only)
        nan = 0.0 if nan is None else real(nan, "nan", "nan_to_num")
        posinf = None if posinf is None else real(posinf, "posinf", "nan_to_num")
        neginf = None if neginf is None else real(neginf, "neginf", "nan_to_num")
        return ops.nan_to_num(self, nan, posinf, neginf)

    # Tests of each element: no gradient, so a mask (a bool Tensor, a bool for a Value) as
    # comparisons give, for `where` and indexing.
    @also_function
    def isnan(self) -> Any:
        """Whether each element is nan (a bool for a Value, a bool Tensor for a Tensor)."""
        return _test(self, math.isnan, np.isnan)

    @also_function
    def isinf(self) -> Any:
        """Whether each element is inf or -inf."""
        return _test(self, math.isinf, np.isinf)

    @also_function
    def isfinite(self) -> Any:
        """Whether each element is neither nan nor infinite."""
        return _test(self, math.isfinite, np.isfinite)

    @also_function
    def isposinf(self) -> Any:
        """Whether each element is inf."""
        return _test(self, lambda x: x == math.inf, np.isposinf)

    @also_function
    def isneginf(self) -> Any:
        """Whether each element is -inf."""
        return _test(self, lambda x: x == -math.inf, np.isneginf)

    def _binary(self, op: Primitive, other: Any, reflected: bool) -> Any:
        raise NotImplementedError  # each node class says what it takes as `other`

    def _unary(self, op: Primitive) -> Any:
        return op(self)  # Value has a faster path of its own

    def backward(self, gradient: Any = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Any = None, *, grad: Any = None) -> None:
        """Fill `.grad` of every node this one depends on with d(self)/d(node).

        PyTorch's arguments: `gradient` (or `grad=`, its older name here) seeds a root of
        more than one element; `retain_graph` is accepted and changes nothing (a graph is
        kept while anything refers to it, so backward may run through it again); `inputs`
        (a node or several) limits which leaves' .grad get the gradient.
        """
        if retain_graph is not None:
            flag(retain_graph, "retain_graph", "backward")
        if grad is not None:
            if gradient is not None:
                raise TypeError("backward: got both gradient= and grad= (PyTorch's name and "
                                "the older one for the same seed); pass one")
            gradient = grad
        if inputs is not None:
            differentiate.backward_into(self, gradient, create_graph, inputs)  # type: ignore[arg-type]
            return
        engine.backward(self, gradient, create_graph)

    def register_hook(self, hook: Callable[[Any], Any]) -> hooks.RemovableHandle:
        """Call hook(g) with this node's gradient g in every backward (and autograd.grad);
        a result other than None replaces g, for the parents or the leaf's .grad (PyTorch's
        Tensor.register_hook). `handle.remove()` takes it away."""
        return hooks.register_hook(self, hook)  # type: ignore[arg-type]

    def retain_grad(self) -> None:
        """PyTorch's: keep an inner node's .grad after backward. Every node keeps it here
        (micrograd's way), so this only says so in `retains_grad`."""
        if not self.requires_grad:  # type: ignore[attr-defined]
            raise RuntimeError("retain_grad: this node does not require grad (it gets no "
                               "gradient to keep)")
        if not self.is_leaf:  # type: ignore[attr-defined]
            self._meta_set("retains_grad", True)  # type: ignore[attr-defined]

    @property
    def retains_grad(self) -> bool:
        """Whether retain_grad() was called on this inner node (PyTorch's flag: False for a
        leaf, whose .grad is always kept)."""
        return self._meta_get("retains_grad", False)  # type: ignore[attr-defined]
