"""autograd.grad: gradients returned instead of stored, as `torch.autograd.grad`; and
backward(inputs=...), which stores them for some leaves only.

The engine's passes (autograd/engine.py) over the graph below the outputs, with every
other node's `.grad` put back as it was afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from . import hooks
from .arguments import flag, not_masked, shown
from .engine import _propagate, _seed, accumulate, backward
from .node import Node, toposort
from .rebase import resolved


class GraphError(RuntimeError, ValueError):
    """An input that is not in the graph as asked (it needs no gradient, or the outputs do
    not use it): PyTorch's RuntimeError, and the ValueError gradproof raised before."""


def grad(outputs: Node | Iterable[Node], inputs: Node | Iterable[Node],
         grad_outputs: Any = None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool | None = None, *,
         materialize_grads: bool = False, grad_output: Any = None) -> tuple[Any, ...]:
    """d(outputs)/d(inputs), a tuple with a gradient per input (one input too), as
    `torch.autograd.grad`; no node's `.grad` is changed.

    outputs: a node, or several (their gradients add up), with `grad_outputs` seeding each
    one of more than one element (`grad_output=`, the older name, for one output).
    With `create_graph=True` the gradients are nodes that can be differentiated again. An
    input the outputs do not depend on raises, or gives None with `allow_unused=True`, or
    zeros with `materialize_grads=True`. `retain_graph` is accepted and changes nothing (a
    graph lives while anything refers to it). The arrays returned are each their own and
    writable, as `.grad` after backward().
    """
    roots = _nodes(outputs, "outputs", "the result of ops on inputs that require grad")
    seeds = _seeds(grad_outputs, grad_output, len(roots))
    if retain_graph is not None:
        flag(retain_graph, "retain_graph", "grad")
    create_graph = flag(create_graph, "create_graph", "grad")
    materialize_grads = flag(materialize_grads, "materialize_grads", "grad")
    if allow_unused is None:
        allow_unused = materialize_grads
    allow_unused = flag(allow_unused, "allow_unused", "grad")
    if materialize_grads and not allow_unused:
        raise ValueError("grad: materialize_grads=True needs allow_unused True or None "
                         "(it gives zeros for the unused inputs)")
    wanted = _nodes(inputs, "inputs", "")
    order = resolved(lambda: _toposort_all(roots))  # (in-place changes: autograd/rebase.py)
    in_graph = {id(n) for n in order}
    for i, x in enumerate(wanted):
        if not x.requires_grad:
            raise GraphError(f"grad: inputs[{i}] ({shown(x)}) does not require grad; set "
                             "requires_grad=True")
        if id(x) not in in_graph and not allow_unused:
            raise GraphError(f"grad: inputs[{i}] ({shown(x)}) was not used to compute the "
                             "outputs; pass allow_unused=True to get None for it")
    saved = [(node, node.grad) for node in order]
    try:
        for node in order:
            node.grad = node._empty_grad
        for root, seed in zip(roots, seeds, strict=True):
            name = "grad_outputs" if grad_output is None else "grad_output"
            accumulate(root, _seed(root, seed, create_graph, "grad", name), force=True)
        _propagate(order, create_graph, hooks.any_registered())
        results = tuple(_own(x.grad) if id(x) in in_graph else None for x in wanted)
    finally:
        for node, g in saved:
            node.grad = g
    if materialize_grads:
        results = tuple(_zeros(x) if g is None else g for x, g in zip(wanted, results,
                                                                      strict=True))
    return results


def backward_into(root: Node, gradient: Any, create_graph: bool, inputs: Any) -> None:
    """root.backward(inputs=...): gradients accumulate into the listed nodes' .grad only
    (PyTorch's); every other leaf's .grad is left as it was."""
    nodes = _nodes(inputs, "inputs", "", where="backward")
    wanted = {id(x) for x in nodes}
    for i, x in enumerate(nodes):
        if not x.requires_grad:
            raise GraphError(f"backward: inputs[{i}] ({shown(x)}) does not require grad; "
                             "set requires_grad=True")
    order = resolved(lambda: toposort(root))
    kept = [(n, n.grad) for n in order if n._a is None and id(n) not in wanted]
    try:
        backward(root, gradient, create_graph)
    finally:
        for node, g in kept:
            node.grad = g


def _nodes(given: Any, name: str, what: str, where: str = "grad") -> tuple[Node, ...]:
    """A node, or a sequence of them, as a tuple (not empty), each checked."""
    if isinstance(given, Node):
        return (given,)
    if not isinstance(given, Iterable) or isinstance(given, (str, dict)):
        what = f" ({what})" if what else ""
        raise TypeError(f"{where}: {name} must be a Value or Tensor{what} or a sequence of "
                        f"them, got {shown(given)}")
    not_masked(given, where, name)
    nodes = tuple(given)
    if not nodes:
        whose = "with respect to" if name == "inputs" else "of"
        raise ValueError(f"{where}: {name} is empty; pass the Values or Tensors to take the "
                         f"gradient {whose}")
    for i, x in enumerate(nodes):
        if not isinstance(x, Node):
            raise TypeError(f"{where}: {name}[{i}] must be a Value or Tensor, got {shown(x)}")
    return nodes


def _seeds(grad_outputs: Any, grad_output: Any, n: int) -> list[Any]:
    """One seed (or None: 1 for a one-element output) per output."""
    if grad_output is not None:
        if grad_outputs is not None:
            raise TypeError("grad: got both grad_outputs= and grad_output= (PyTorch's name "
                            "and the older one for the same seeds); pass one")
        grad_outputs = grad_output
    if grad_outputs is None:
        return [None] * n
    if isinstance(grad_outputs, (list, tuple)) and len(grad_outputs) == n and (
            n > 1 or grad_outputs[0] is None or isinstance(grad_outputs[0], (Node, np.ndarray))):
        return list(grad_outputs)
    if n == 1:  # one output's seed as it is (a number, a nested list)
        return [grad_outputs]
    raise ValueError(f"grad: grad_outputs must give one seed per output ({n}), got "
                     f"{shown(grad_outputs)}")


def _toposort_all(roots: tuple[Node, ...]) -> list[Node]:
    """Every node below the roots, parents first: each root's order, less what an earlier
    one listed (what that one listed holds all its own parents, so the order stays right)."""
    if len(roots) == 1:
        return toposort(roots[0])
    order: list[Node] = []
    seen: set[int] = set()
    for root in roots:
        for node in toposort(root):
            if id(node) not in seen:
                seen.add(id(node))
                order.append(node)
    return order


def _own(g: Any) -> Any:
    return g.copy() if isinstance(g, np.ndarray) else g


def _zeros(x: Node) -> Any:
    return 0.0 if type(x.data) is float else np.zeros_like(x.data)
