"""The node: one class, `Node`, owns every field a node of the graph has.

`Value` (a float) and `Tensor` (an ndarray) subclass it and add only how they take inputs
and report errors, and their methods:

    data           the result (a float, or an ndarray)
    grad           d(root)/d(node) after backward (before: 0.0 for a Value, None for a Tensor)
    requires_grad  whether backward computes a gradient for this node
    _prev          the parent nodes, a tuple (so traversal order is the same on every run)
    _op            the `Primitive` that made the node ('' for a leaf); it prints as its name
    _args          the op's arguments that are not nodes (an axis, an exponent, a shape)
    label, is_leaf, and (for drawing) the name scope the node was made in

Rarely set fields (label, a micrograd-style `_backward`) share one slot, `_meta`, unset on
most nodes: a node of a long chain costs as little memory as it can. The name scope (the
nn.Module calls the node was made in) has a slot of its own, `_in_scope`, holding the tuple
every node of that call shares: a per-node dict for it doubled the objects of a model's graph.
The parents are kept in two slots, `_a` and `_b`, not a tuple (`_prev` makes the tuple when
asked): a tuple is one more object per node for Python's garbage collector to scan, and with
the collector on (Python's default) that scanning took most of a scalar network's step. The
engine reads the two slots directly:

    _a  None for a leaf, else the first parent
    _b  None with one parent, else the second parent, or a tuple of all but the first
"""

from __future__ import annotations

from typing import Any

from . import modes
from .messages import shown

_new = object.__new__


class Node:
    """A value in the graph: the fields every node has (see the module docstring)."""

    __slots__ = ("data", "grad", "requires_grad", "_a", "_b", "_op", "_args", "_meta",
                 "_in_scope", "__weakref__")  # _meta: label, own backward; both unset on most
    data: Any
    grad: Any
    requires_grad: bool
    _a: Node | None
    _b: Node | tuple[Node, ...] | None
    _op: Any
    _args: tuple[Any, ...]
    _empty_grad: Any = None  # what `.grad` holds before a gradient arrives
    _family: type[Node]  # the class of the nodes that ops on this one make (Tensor for a Parameter)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not any(issubclass(base, Node) and base is not Node for base in cls.__bases__):
            cls._family = cls

    # How a node class takes a non-node operand, and runs a primitive's forward (its errors).
    @classmethod
    def _lift(cls, x: Any, like: Node, op: str = "", name: str = "") -> Node:
        raise NotImplementedError

    def _operand(self, x: Any, op: str, name: str) -> Node:
        """x as the operand `name` of `op` on this node: a node of its family as it is, a
        number, list or array as a constant; else an error naming op, name and x."""
        return x if isinstance(x, self._family) else self._lift(x, self, op, name)

    @staticmethod  # (not a classmethod: no bound method made per op)
    def _compute(op: Any, data: list[Any], args: tuple[Any, ...]) -> Any:
        return op.forward(*data, *args)

    @property
    def is_leaf(self) -> bool:
        """Made by the user, not by an op (PyTorch's name): the nodes whose .grad is kept."""
        return self._a is None

    @property
    def _prev(self) -> tuple[Node, ...]:
        """The parents, in order (micrograd's name; a tuple made from _a and _b)."""
        a = self._a
        if a is None:
            return ()
        b = self._b
        if b is None:
            return (a,)
        return (a, *b) if type(b) is tuple else (a, b)

    @_prev.setter
    def _prev(self, parents: Any) -> None:
        self._a, self._b = split_parents(tuple(parents))

    @property
    def label(self) -> str:
        """A name for drawings and reprs ('' if none)."""
        return self._meta_get("label", "")

    @label.setter
    def label(self, text: str) -> None:
        self._meta_set("label", text)

    @property
    def _scope(self) -> tuple[Any, ...]:
        """The name_scope blocks this node was made in, outermost first."""
        try:
            return self._in_scope
        except AttributeError:  # made outside every name_scope block
            return ()

    def _meta_get(self, key: str, default: Any) -> Any:
        try:
            return self._meta.get(key, default)
        except AttributeError:  # never set: the common case
            return default

    def _meta_set(self, key: str, value: Any) -> None:
        try:
            self._meta[key] = value
        except AttributeError:
            self._meta = {key: value}

    def __reduce_ex__(self, protocol: Any) -> Any:
        return _reduce(self)


# The `data` slot under a second name: Tensor's `data` is a property that checks what a user
# assigns; the engine reads and writes the slot itself, at a slot's speed.
Node._data = Node.__dict__["data"]  # type: ignore[attr-defined]


def split_parents(prev: tuple[Node, ...]) -> tuple[Any, Any]:
    """(_a, _b) for a tuple of parents (see the module docstring)."""
    n = len(prev)
    if n == 2:
        return prev
    return (prev[0], None) if n == 1 else (None, None) if n == 0 else (prev[0], prev[1:])


def make_node(cls: type[Node], data: Any, prev: tuple[Node, ...], op: Any,
              args: tuple[Any, ...]) -> Any:
    """A new node of class `cls`, with its scope when a name_scope block is open."""
    out = _new(cls)
    out._data = data  # the slot itself (Tensor's `data` property checks users' assignments)
    out.grad = cls._empty_grad
    n = len(prev)
    out.requires_grad = n > 0
    if n == 2:  # split_parents, inline: this runs for every node
        out._a, out._b = prev
    elif n == 1:
        out._a = prev[0]
        out._b = None
    elif n:  # three or more (linear's x, weight, bias)
        out._a = prev[0]
        out._b = prev[1:]
    else:
        out._a = out._b = None
    out._op = op
    out._args = args
    if modes.open_scopes:
        scope = modes.scope.get()
        if scope:
            out._in_scope = scope
    return out


# ---------------------------------------------------------------------------- the graph

def toposort(root: Node) -> list[Node]:
    """Every node `root` depends on, parents before children. Iterative: no recursion limit.

    Depth first: a node goes back on the stack under a marker (None) before its parents, and
    is finished when the marker comes off, all its parents done. The order is the same on
    every run (parents are tuples, the stack a list).
    """
    if not isinstance(root, Node):

        raise TypeError(f"toposort: root must be a Value or Tensor, got {shown(root)}")
    order: list[Node] = []
    seen: set[Node] = set()  # nodes hash and compare by identity
    stack: list[Node | None] = [root]
    push, pop, finish = stack.append, stack.pop, order.append
    while stack:
        node = pop()
        if node is None:  # the marker: the node under it has every parent finished
            finish(pop())  # type: ignore[arg-type]
            continue
        if node in seen:  # reached by two paths: already done
            continue
        seen.add(node)
        if node._a is not None:
            push(node)
            push(None)
            for parent in reversed(node._prev):  # the first parent comes out first
                if parent not in seen:
                    push(parent)
        else:
            finish(node)
    return order


def inner_nodes(root: Node, empty: Any) -> list[Node]:
    """toposort for a first-order pass: the inner nodes only, parents first, each one's grad
    reset to `empty` (0.0 for a Value, None for a Tensor) as it is listed. Leaves need no
    place in the order (they only receive), and a network's edges are mostly into leaves
    (its weights): skipping them halves the walk. Only inner nodes ever go on the stack."""
    order: list[Node] = []
    if root._a is None:
        return order
    seen: set[Node] = set()
    stack: list[Node | None] = [root]
    push, pop, finish, visit = stack.append, stack.pop, order.append, seen.add
    while stack:
        node = pop()
        if node is None:  # the marker: the node under it has every parent finished
            node = pop()
            node.grad = empty  # type: ignore[union-attr]
            finish(node)  # type: ignore[arg-type]
            continue
        if node in seen:
            continue
        visit(node)
        push(node)
        push(None)
        b = node._b  # the parents, last first, so that the first comes out first
        if type(b) is tuple:
            for parent in reversed(b):
                if parent._a is not None and parent not in seen:
                    push(parent)
        elif b is not None and b._a is not None and b not in seen:
            push(b)
        a = node._a
        if a._a is not None and a not in seen:
            push(a)
    return order


def inner_nodes_of_tree(root: Node) -> list[Node]:
    """inner_nodes for a Tensor pass, children first (the order to propagate in), each
    one's grad reset to None. A network's inner nodes mostly form a tree (each used once:
    layer after layer), and then the walk needs no markers: taking the last parent first,
    its order is the reverse of inner_nodes', node for node, so gradients add up in the
    same order. A node met twice (used twice) is a graph that is no tree: inner_nodes then."""
    if root._a is None:
        return []
    order: list[Node] = []
    seen: set[Node] = {root}
    stack: list[Node] = [root]
    push, pop, finish, visit = stack.append, stack.pop, order.append, seen.add
    while stack:
        node = pop()
        node.grad = None
        finish(node)
        b = node._b  # the parents in order (node._prev, written out: a call less a node);
        # the last one pushed is taken first
        for parent in (node._a,) if b is None else (node._a, *b) if type(b) is tuple else (
                node._a, b):
            if parent._a is not None:
                if parent in seen:  # used twice: the general walk
                    return inner_nodes(root, None)[::-1]
                visit(parent)
                push(parent)
    return order


# ----------------------------------------------------------------------------- pickling
# A leaf pickles as its fields. A graph pickles as a flat list of its inner nodes, parents
# first, each naming its parents by position (or, for a leaf, by the leaf itself, so that
# leaves shared with other pickled objects stay shared): no recursion, however deep.

def _reduce(node: Node) -> Any:
    if node._a is None:
        return _leaf, (type(node), _fields(node))
    order = [n for n in toposort(node) if n._a is not None]
    position = {id(n): i for i, n in enumerate(order)}
    records = [(type(n), _fields(n), tuple(position.get(id(p), p) for p in n._prev))
               for n in order]
    return _graph, (records,)


def _fields(node: Node) -> tuple[Any, ...]:
    meta = dict(getattr(node, "_meta", None) or {})
    meta.pop("backward", None)  # a closure does not pickle; such a node keeps its value
    if node._scope:
        meta["scope"] = tuple(str(name) for name in node._scope)
    op = node._op if isinstance(node._op, str) else str(node._op)
    return (node.data, node.grad, node.requires_grad, op, node._args, meta)


def _leaf(cls: type[Node], fields: tuple[Any, ...]) -> Node:
    return _restore(cls, fields, ())


def _graph(records: list[tuple[Any, ...]]) -> Node:
    made: list[Node] = []
    for cls, fields, parents in records:
        made.append(_restore(cls, fields, tuple(made[p] if type(p) is int else p
                                                for p in parents)))
    return made[-1]


def _restore(cls: type[Node], fields: tuple[Any, ...], prev: tuple[Node, ...]) -> Node:
    node = _new(cls)
    node._data, node.grad, node.requires_grad, node._op, node._args, meta = fields
    node._prev = prev
    scope = meta.pop("scope", None)
    if scope:
        node._in_scope = scope
    if meta:
        node._meta = meta
    return node
