"""Gradient hooks: `x.register_hook(fn)` calls fn with x's gradient during backward, as
PyTorch's `Tensor.register_hook`; what fn returns (if not None) is the gradient instead.

An inner node's hooks run once its gradient is complete, before it goes on to the node's
parents; a leaf's run on what this pass gave it, before that is added to its `.grad`. Nodes
with hooks are kept in a weak set: while it is empty (the common case) `backward` takes its
first-order fast passes, which never look for hooks; while not, it takes the general pass.
(A dict of ids, not a WeakSet: a WeakSet's lookup compares nodes with ==, elementwise.)
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from .messages import shown
from .node import Node, make_node

HOOKED: dict[int, weakref.ref[Node]] = {}  # id -> the node, for each live node with hooks
# Objects outside the graph that run Python hooks in a step (nn.Module's forward and backward
# hooks), id -> a weak reference: autograd.compile runs eagerly while any lives, as it does
# while a node has a hook, since a replay runs no Python. Kept by their owners (nn/module_hooks.py).
OWNERS: dict[int, weakref.ref[Any]] = {}
_keys = itertools.count()


def has_hooks(node: Node) -> bool:
    return id(node) in HOOKED


def any_registered() -> bool:
    """Whether some live node has a hook (backward then takes the general pass)."""
    return bool(HOOKED)


class RemovableHandle:
    """What register_hook returns: `handle.remove()` takes the hook away (PyTorch's name)."""

    __slots__ = ("_node", "_key")

    def __init__(self, node: Node, key: int) -> None:
        self._node, self._key = weakref.ref(node), key

    def remove(self) -> None:
        node = self._node()
        if node is None:
            return
        hooks = node._meta_get("hooks", {})
        hooks.pop(self._key, None)
        if not hooks:
            HOOKED.pop(id(node), None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


def register_hook(node: Node, hook: Callable[[Any], Any]) -> RemovableHandle:
    if not callable(hook):
        raise TypeError(f"register_hook: hook must be a function of the gradient, got "
                        f"{shown(hook)}")
    if not node.requires_grad:
        raise RuntimeError("register_hook: cannot register a hook on a node that does not "
                           "require grad (it gets no gradient)")
    hooks = node._meta_get("hooks", None)
    if hooks is None:
        hooks = {}
        node._meta_set("hooks", hooks)
    key = next(_keys)
    hooks[key] = hook
    if id(node) not in HOOKED:
        HOOKED[id(node)] = weakref.ref(node, _forget(id(node)))
    return RemovableHandle(node, key)


def _forget(key: int) -> Callable[[Any], None]:
    """What a hooked node's weak reference calls when the node goes: drop its entry."""
    return lambda _: HOOKED.pop(key, None)  # type: ignore[func-returns-value]


def hooks_of(node: Node) -> list[Callable[[Any], Any]]:
    return list(node._meta_get("hooks", {}).values())


def run_hooks(node: Node, g: Any, create_graph: bool) -> Any:
    """g after each of node's hooks, in the order they were registered: a hook's result
    (a node, an array or a number of g's shape) replaces g; None keeps it."""
    for hook in hooks_of(node):
        given = g if isinstance(g, Node) else make_node(node._family, g, (), "", ())
        result = hook(given)
        if result is None:
            continue
        if not isinstance(result, Node):
            result = node._family._lift(result, node, "register_hook", "the hook's result")
        if np.shape(result.data) != np.shape(g.data if isinstance(g, Node) else g):
            raise ValueError(f"register_hook: the hook {shown(hook)} returned a gradient of "
                             f"shape {np.shape(result.data)}, expected the node's gradient "
                             f"shape {np.shape(g.data if isinstance(g, Node) else g)}")
        g = result if create_graph else result.data
    return g
