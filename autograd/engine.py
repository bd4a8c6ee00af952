"""The engine: record a graph while computing, then apply the chain rule in reverse.

Every node (a `Value` or a `Tensor`) keeps one contract:

    data    the result (a float, or an ndarray)
    grad    d(root)/d(node) after a backward pass
    _prev   the parent nodes, a tuple (so traversal order is the same on every run)
    _op     the `Primitive` that made the node ('' for a leaf); it is also its name
    _args   the op's arguments that are not nodes (an axis, an exponent, a shape)
    _scope  the `name_scope` names around the op that made it (for drawing)

`Primitive.__call__` records a node; `backward` walks the nodes in reverse topological
order and asks each node's primitive for the vector-Jacobian product of every parent.
Nothing here recurses, and no node refers back to itself, so a graph is freed by
reference counting as soon as its last reference goes.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import numpy as np

_F = TypeVar("_F", bound=Callable[..., Any])

# A context variable, not a module global: each thread (and each asyncio task) has its own.
_grad_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("grad_enabled", default=True)


# The names of the blocks (nn modules) being run; each new node records them, for drawing.
_scope: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("scope", default=())


def current_scope() -> tuple[str, ...]:
    """The names given by the `name_scope` blocks around this point, outermost first."""
    return _scope.get()


class name_scope:  # noqa: N801 (a context manager used like a function)
    """Nodes made inside `with name_scope("layers.0 (Linear)"):` remember that name.

    Blocks nest; `draw_graph` groups the nodes of each scope in a cluster. nn.Module uses
    this so that a model's graph shows which layer made what. The name may be any object
    whose str() is the name, read only when the graph is drawn.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    # The previous scope is kept in the context, not on the instance, so one instance can
    # be used by several threads (or tasks) at once.
    def __enter__(self) -> None:
        _push(_scope, (*_scope.get(), self.name))

    def __exit__(self, *exc_info: object) -> None:
        _pop(_scope)


# Per context (thread or task): the values each open `with` block replaced, innermost last.
_saved: contextvars.ContextVar[tuple[tuple[contextvars.ContextVar[Any], Any], ...]] = \
    contextvars.ContextVar("saved", default=())


def _push(var: contextvars.ContextVar[Any], value: Any) -> None:
    _saved.set((*_saved.get(), (var, var.get())))
    var.set(value)


def _pop(var: contextvars.ContextVar[Any]) -> None:
    saved = _saved.get()
    if not saved or saved[-1][0] is not var:
        raise RuntimeError("a no_grad/enable_grad/name_scope block was left out of order "
                           "(blocks must close innermost first, in the thread that opened them)")
    _saved.set(saved[:-1])
    var.set(saved[-1][1])


def is_grad_enabled() -> bool:
    """Whether operations are being recorded for backward (False inside `no_grad`)."""
    return _grad_enabled.get()


class _GradMode:
    """Set grad recording on or off inside a `with` block, or for a decorated function."""

    _enabled: bool

    def __new__(cls, fn: Callable[..., Any] | None = None) -> Any:
        # `@no_grad` without parentheses decorates too, as in PyTorch.
        self = super().__new__(cls)
        return self if fn is None else self(fn)

    # As name_scope: what a block replaced lives in the context, so a shared instance
    # (`NG = no_grad()` at module level, `with NG:` in several threads) is safe.
    def __enter__(self) -> None:
        _push(_grad_enabled, self._enabled)

    def __exit__(self, *exc_info: object) -> None:
        _pop(_grad_enabled)

    def __call__(self, fn: _F) -> _F:
        mode = type(self)
        if inspect.isgeneratorfunction(fn):
            # A generator runs a little at each next(): the mode must hold at every resume,
            # not only while it is created (as torch.no_grad does for generators).
            @functools.wraps(fn)
            def generator(*args: Any, **kwargs: Any) -> Any:
                gen = fn(*args, **kwargs)
                resume, arg = gen.send, None
                while True:
                    try:
                        with mode():
                            item = resume(arg)
                    except StopIteration as stop:
                        return stop.value
                    try:
                        resume, arg = gen.send, (yield item)
                    except GeneratorExit:
                        gen.close()
                        raise
                    except BaseException as error:  # thrown in: pass it on, inside the mode
                        resume, arg = gen.throw, error

            return generator  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with mode():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradMode):  # noqa: N801 (named like torch.no_grad, used like a function)
    """Record no graph: `with no_grad(): ...`, or `@no_grad()` (or `@no_grad`) on a function."""

    _enabled = False


class enable_grad(_GradMode):  # noqa: N801
    """Record the graph again, inside a `no_grad` block."""

    _enabled = True


class Node:
    """What `Value` and `Tensor` share: the fields the engine reads and writes."""

    # __weakref__: caches and tests can watch a node die without keeping it alive.
    __slots__ = ("data", "grad", "_prev", "_op", "_args", "_scope", "__weakref__")
    data: Any
    grad: Any
    _prev: tuple[Node, ...]
    _op: str
    _args: tuple[Any, ...]
    requires_grad: bool
    _no_grad: Any  # what `.grad` holds before a backward pass reaches the node
    _family: type[Node]  # the node class that ops on this node make (Tensor, Value)

    # Each node class says how to make its nodes and how to add a gradient into one.
    @classmethod
    def _lift(cls, x: Any, like: Node) -> Node:
        raise NotImplementedError

    @classmethod
    def _make(cls, data: Any, prev: tuple[Node, ...], op: str, args: tuple[Any, ...]) -> Node:
        raise NotImplementedError

    def _forward(self, op: Primitive, nodes: tuple[Node, ...], args: tuple[Any, ...]) -> Any:
        raise NotImplementedError

    def _accumulate(self, g: Any) -> None:
        raise NotImplementedError

    def _seed(self, grad: Any, create_graph: bool) -> Any:
        raise NotImplementedError

    @classmethod
    def _own_grads(cls, order: list[Node]) -> None:
        """After backward: make each leaf's gradient its own (floats already are)."""

    @property
    def is_leaf(self) -> bool:
        """Made by the user, not by an op (PyTorch's name): the nodes whose .grad is kept."""
        return not self._prev

    def backward(self, grad: Any = None, create_graph: bool = False) -> None:
        """Fill `.grad` of every node this one depends on with d(self)/d(node)."""
        backward(self, grad, create_graph)


class Primitive(str):
    """An op: its forward and the vector-Jacobian product for each input, side by side.

    A primitive is a string (its display name, as micrograd's `_op` is), so graphs and
    debuggers can print it. `vjps[i](g, out, *inputs, *args)` returns g times d(out)/d(input i),
    written with operators and primitives only, so the same rule runs on floats, on arrays,
    and on nodes (that last makes higher-order derivatives work with no extra code).
    """

    forward: Callable[..., Any]
    vjps: Sequence[Callable[..., Any]]
    arity: int
    domain: str

    def __new__(
        cls,
        name: str,
        forward: Callable[..., Any],
        vjps: Sequence[Callable[..., Any]] | Callable[..., Any],
        *,
        arity: int | None = None,
        domain: str = "",
    ) -> Primitive:
        self = super().__new__(cls, name)
        self.forward = forward
        # A variadic op (concatenate) gives one function that takes the input's index first.
        self.vjps = vjps if isinstance(vjps, Sequence) else _IndexedVjp(vjps)
        self.arity = len(vjps) if isinstance(vjps, Sequence) else (arity or 0)
        self.domain = domain
        return self

    def __call__(self, *inputs_and_args: Any) -> Any:
        """Apply to nodes (records a node) or to plain floats and arrays (just computes)."""
        inputs, args = inputs_and_args[: self.arity], inputs_and_args[self.arity :]
        return apply(self, inputs, args)

    def __reduce__(self) -> Any:  # pragma: no cover - primitives are module-level singletons
        return str(self)


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
    # Plain loops, not generator expressions: this runs for every op, forward and backward.
    for like in inputs:
        if isinstance(like, Node):
            break
    else:
        return op.forward(*inputs, *args)
    cls = like._family  # Tensor for a subclass too (nn.Parameter): results are plain nodes
    nodes = tuple([x if isinstance(x, cls) else cls._lift(x, like) for x in inputs])
    data = like._forward(op, nodes, args)
    if _grad_enabled.get():
        for n in nodes:
            if n.requires_grad:
                return cls._make(data, nodes, op, args)
    return cls._make(data, (), "", ())


def toposort(root: Node) -> list[Node]:
    """Every node `root` depends on, parents before children. Iterative: no recursion limit.

    A node is finished when it comes back to the top of the stack, all its parents done.
    Parents and the stack are lists, so the order is the same on every run.
    """
    order: list[Node] = []
    expanded: set[Node] = set()  # nodes hash and compare by identity
    finished: set[Node] = set()
    stack = [root]
    while stack:
        node = stack[-1]
        if node not in expanded:
            expanded.add(node)
            if node._prev:
                stack.extend(reversed(node._prev))  # the first parent comes out first
                continue
            # A leaf would come straight back to the top: finish it now (a third faster).
        stack.pop()
        if node not in finished:  # a node reached by two paths is on the stack twice
            finished.add(node)
            order.append(node)
    return order


def backward(root: Node, grad: Any = None, create_graph: bool = False) -> None:
    """The chain rule over the graph below `root`.

    Leaves' gradients accumulate across calls (as in micrograd and PyTorch); each inner
    node's `.grad` holds what this pass computed for it. With `create_graph=True` the
    gradients are themselves nodes, so they can be differentiated again.
    """
    order = toposort(root)
    for node in order:
        if node._prev:
            node.grad = node._no_grad
    root._accumulate(root._seed(grad, create_graph))
    _propagate(order, create_graph)
    root._own_grads(order)


def _propagate(order: list[Node], create_graph: bool) -> None:
    with enable_grad() if create_graph else no_grad():
        for node in reversed(order):
            parents = node._prev
            g = node.grad
            if not parents or g is None:
                continue
            if not isinstance(node._op, Primitive):
                # A node made micrograd's way, Value(data, (a, b), "op"), with its own
                # `_backward` closure that adds into its parents' .grad (none: no-op).
                own_backward = getattr(node, "_backward", None)
                if own_backward is not None:
                    own_backward()
                continue
            if create_graph:
                out, inputs = node, parents
            else:
                out, inputs = node.data, [p.data for p in parents]
            vjps = node._op.vjps  # type: ignore[attr-defined]
            if node._args:
                inputs = (*inputs, *node._args)
            for i, parent in enumerate(parents):
                if parent.requires_grad:
                    try:
                        g_parent = vjps[i](g, out, *inputs)
                    except (ValueError, ZeroDivisionError, OverflowError) as e:
                        # Say which op's derivative failed (sqrt'(0), log'(0) on a Value).
                        at = _describe([p.data for p in parents] + list(node._args))
                        raise type(e)(f"backward of {node._op} at {at}: {e}") from None
                    parent._accumulate(g_parent)


def _own(g: Any) -> Any:
    return g.copy() if isinstance(g, np.ndarray) else g


def _describe(values: list[Any]) -> str:
    """Operands for an error message: numbers as they are, arrays by their shape."""
    return ", ".join(f"an array of shape {v.shape}" if hasattr(v, "shape") else repr(v)[:80]
                     for v in values)


def grad(
    output: Node,
    inputs: Node | Iterable[Node],
    grad_output: Any = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> Any:
    """d(output)/d(inputs), returned instead of stored: no node's `.grad` is changed.

    As `torch.autograd.grad`: a single input gives a single gradient, a sequence a tuple.
    With `create_graph=True` the gradients are nodes that can be differentiated again.
    """
    if not isinstance(output, Node):
        raise TypeError(f"grad: output is {type(output).__name__}, expected a Value or Tensor "
                        "(the result of ops on inputs that require grad)")
    single = isinstance(inputs, Node)
    wanted: tuple[Node, ...] = (inputs,) if single else tuple(inputs)  # type: ignore[arg-type]
    order = toposort(output)
    in_graph = {id(n) for n in order}
    for i, x in enumerate(wanted):
        if not isinstance(x, Node):
            raise TypeError(f"grad: input {i} is {type(x).__name__}, expected a Value or Tensor")
        if not x.requires_grad:
            raise ValueError(f"grad: input {i} does not require grad; set requires_grad=True")
        if id(x) not in in_graph and not allow_unused:
            raise ValueError(
                f"grad: input {i} was not used to compute the output; "
                "pass allow_unused=True to get None for it"
            )
    saved = [(node, node.grad) for node in order]
    try:
        for node in order:
            node.grad = node._no_grad
        output._accumulate(output._seed(grad_output, create_graph))
        _propagate(order, create_graph)
        # Arrays of their own, writable, as backward() leaves in .grad: a rule may hand one
        # array to several inputs (a + b), or a read-only view (a broadcast).
        results = tuple(_own(x.grad) if id(x) in in_graph else None for x in wanted)
    finally:
        for node, g in saved:
            node.grad = g
    return results[0] if single else results
