"""A primitive: one row of the rule table, and `apply`, which runs it and records a node.

    exp = Primitive("exp", np.exp, (lambda g, out, x: g * out,))

Calling a primitive on nodes records a node whose parents are the inputs; calling it on
plain floats or arrays just computes (derivative rules do that in a first-order pass).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import operator
import pickle
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import modes
from .node import Node, make_node
from .rebase import CHANGED, stamp


class Primitive(str):
    """An op: its forward and the vector-Jacobian product for each input, side by side.

        exp = Primitive("exp", np.exp, (lambda g, out, x: g * out,))

    `forward(*inputs, *args)` computes on plain data (floats for Value, ndarrays for Tensor).
    `vjps[i](g, out, *inputs, *args)` returns g times d(out)/d(input i), written with
    operators and primitives only, so the same rule runs on floats, on arrays, and on nodes
    (that last makes higher-order derivatives work with no extra code). A variadic op
    (concatenate) gives one function `vjp(i, g, out, *inputs, *args)` and its `arity`. An op
    whose input gradients share their work (a neuron's w·x + b) may give them all at once
    instead: `grads(g, out, *inputs, *args)` returns one per input (the engine calls it
    once per node). An op whose backward reuses what its forward computed (cross-entropy's
    exponentials) says `saves=True`: its forward returns `(out, saved)`, the node keeps
    `saved`, and each vjp gets it after the static arguments (Tensors only; a rule given
    nodes, for a second order, recomputes instead, since `saved` is not differentiable).

    A primitive prints as its name (as micrograd's `_op` does) and equals that string, but
    two primitives are equal only if they are the same object (`**` with a node exponent and
    `**` with a constant one are two). It pickles by the module and name it is defined under.
    """

    forward: Callable[..., Any]
    vjps: Sequence[Callable[..., Any]]
    arity: int
    domain: str
    registry: dict[tuple[str, str], Primitive] = {}

    grads: Callable[..., Any] | None  # all input gradients at once, or None
    saves: bool  # forward returns (out, saved), and the vjps get saved last

    def __new__(cls, name: str, forward: Callable[..., Any],
                vjps: Sequence[Callable[..., Any]] | Callable[..., Any] | None = None, *,
                grads: Callable[..., Any] | None = None, arity: int | None = None,
                domain: str = "", key: str | None = None, saves: bool = False) -> Primitive:
        self = super().__new__(cls, name)
        if (vjps is None) == (grads is None):
            raise TypeError(f"Primitive {name!r}: give vjps (one per input, or vjp(i, ...)) "
                            "or grads (all at once), not both")
        self.forward = forward
        self.grads = grads
        self.saves = saves
        if grads is not None:
            self.vjps = _IndexedVjp(lambda i, *gout_inputs: grads(*gout_inputs)[i])
        else:
            self.vjps = vjps if isinstance(vjps, Sequence) else _IndexedVjp(vjps)
        self.arity = len(vjps) if isinstance(vjps, Sequence) else (arity or _inputs(forward))
        self.domain = domain
        # Where it is defined, to find it again when unpickling: the caller's module, and a
        # key unique there (its name, unless two primitives share one: then pass key=).
        self.module = sys._getframe(1).f_globals.get("__name__", "__main__")
        self.key = key or name
        Primitive.registry[(self.module, self.key)] = self
        return self

    def __call__(self, *inputs_and_args: Any) -> Any:
        """Apply to nodes (records a node) or to plain floats and arrays (just computes)."""
        arity = self.arity
        if arity == len(inputs_and_args):  # no static arguments (apply looks for nodes)
            return apply(self, inputs_and_args)
        for x in inputs_and_args:
            if isinstance(x, Node):
                break
        else:  # plain data, as rules see it in a first-order pass: just compute
            return self.forward(*inputs_and_args)[0] if self.saves else \
                self.forward(*inputs_and_args)
        return apply(self, inputs_and_args[:arity], inputs_and_args[arity:])

    def __eq__(self, other: object) -> bool:
        return self is other if isinstance(other, Primitive) else str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__  # equal to its name, so hashed as its name

    def __reduce__(self) -> Any:
        if Primitive.registry.get((self.module, self.key)) is not self:
            raise pickle.PicklingError(
                f"primitive {str(self)!r}: another primitive was made under the key "
                f"{self.key!r} in module {self.module}; pass key= to tell them apart")
        return _primitive, (self.module, self.key)


def _inputs(forward: Callable[..., Any]) -> int:
    """How many inputs a forward takes: its positional parameters, or 0 (all the arguments
    are inputs) when it takes *args (a variadic op, as a neuron's w·x + b)."""
    try:
        parameters = inspect.signature(forward).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: every argument
        return 0
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return 0
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)


def _primitive(module: str, key: str) -> Primitive:
    """The primitive registered under (module, key), importing the module if need be."""
    if (module, key) not in Primitive.registry:
        importlib.import_module(module)
    return Primitive.registry[(module, key)]


class _IndexedVjp:
    """Lets a variadic op's single vjp(i, ...) be read as vjps[i](...)."""

    def __init__(self, vjp: Callable[..., Any]) -> None:
        self.vjp = vjp
        self.by_index: dict[int, Callable[..., Any]] = {}

    def __getitem__(self, i: int) -> Callable[..., Any]:
        try:
            return self.by_index[i]
        except KeyError:
            return self.by_index.setdefault(i, functools.partial(self.vjp, i))


def apply(op: Primitive, inputs: Sequence[Any], args: tuple[Any, ...] = ()) -> Any:
    """Run `op` forward; if any input is a node, return a node that remembers how."""
    # Plain loops and C-level maps, no generator expressions: this runs for every op.
    for like in inputs:
        if isinstance(like, Node):
            break
    else:
        return op.forward(*inputs, *args)[0] if op.saves else op.forward(*inputs, *args)
    cls = like._family
    for x in inputs:
        if not isinstance(x, cls):  # a constant operand (or a bad one): made a leaf
            inputs = _lifted(op, inputs, cls, like)
            break
    data = cls._compute(op, list(map(_data, inputs)), args)
    if _grad_enabled():
        for x in inputs:
            if x.requires_grad:
                if op.saves:  # (out, what the vjps reuse)
                    node = make_node(cls, data[0], tuple(inputs), op, args)
                    node._meta = {"saved": data[1]}  # (a new node: no _meta yet)
                else:
                    node = make_node(cls, data, tuple(inputs), op, args)
                if CHANGED:  # a live Tensor was changed in place: note when this was made
                    stamp(node)
                return node
    return make_node(cls, data[0] if op.saves else data, (), "", ())


def _lifted(op: Primitive, inputs: Sequence[Any], cls: type[Node], like: Node) -> list[Any]:
    """The inputs with each operand that is not a `cls` node made one (a constant leaf)."""
    nodes = []
    for x in inputs:
        if not isinstance(x, cls):
            try:
                x = cls._lift(x, like)
            except (TypeError, ValueError) as e:  # a bad operand: say which op it was given to
                raise type(e)(f"{op}: {e}") from None
        nodes.append(x)
    return nodes


_data = operator.attrgetter("_data")  # the slot itself (Tensor.data is a property)
_grad_enabled = modes.grad_enabled.get
