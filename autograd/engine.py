"""The engine: record a graph while computing, then apply the chain rule in reverse.

A node (autograd/node.py) is made by a `Primitive` (autograd/primitive.py), one row of the
rule table (autograd/ops): a forward and, for each input, the vector-Jacobian product.
`backward` walks the nodes in reverse topological order (`toposort`), asks each node's
primitive for its parents' gradients and adds them in with `accumulate`, the one place a
gradient enters a `.grad`. A first-order pass (the common one) walks the inner nodes only and
adds floats (`_propagate_floats`) or arrays (`_propagate_arrays`) as `accumulate` would,
written out; `_propagate` is the general pass, whose rules may record a graph. Nothing here
recurses, and no node refers back to itself, so a graph is freed by reference counting as
soon as its last reference goes. In anomaly mode (autograd/anomaly.py) backward takes the
general pass, which checks each gradient a rule gives for NaN.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from . import anomaly, hooks, ops
from .arguments import flag, shown
from .modes import enable_grad, grad_enabled, no_grad
from .node import Node, inner_nodes, inner_nodes_of_tree, make_node, toposort
from .primitive import Primitive
from .rebase import CHANGED, resolved

_MATH_ERRORS = (ValueError, ZeroDivisionError, OverflowError)
_data = operator.attrgetter("_data")  # the slot itself (Tensor.data is a property)

# -------------------------------------------------------------------------- the chain rule

def backward(root: Node, grad: Any = None, create_graph: bool = False) -> None:
    """The chain rule over the graph below `root`.

    Leaves' gradients accumulate across calls (as in micrograd and PyTorch); each inner
    node's `.grad` holds what this pass computed for it. With `create_graph=True` the
    gradients are themselves nodes, so they can be differentiated again.
    """
    if not isinstance(root, Node):
        raise TypeError(f"backward: root must be a Value or Tensor, got {shown(root)}")
    if create_graph is not False:
        create_graph = flag(create_graph, "create_graph", "backward")
    hooked = bool(hooks.HOOKED)  # (the dict itself, not a call: this runs every backward)
    if not (create_graph or hooked or CHANGED or anomaly.checking):  # first order: inner nodes
        floats = type(root.data) is float
        # each inner node's grad reset as it is listed (before the seed goes in)
        inner = inner_nodes(root, root._empty_grad) if floats else inner_nodes_of_tree(root)
        accumulate(root, _seed(root, grad, create_graph, "backward", "gradient"), force=True)
        if floats:
            _propagate_floats(inner)
        else:
            _propagate_arrays(inner)
        return
    order = resolved(lambda: toposort(root))  # (in-place changes: autograd/rebase.py)
    for node in order:
        if node._a is not None:
            node.grad = root._empty_grad
    # A hooked leaf's hooks see this pass's gradient alone: its .grad is put aside till then.
    aside = [(n, n.grad) for n in order if n._a is None and hooks.has_hooks(n)] if hooked \
        else ()
    for leaf, _ in aside:
        leaf.grad = root._empty_grad
    accumulate(root, _seed(root, grad, create_graph, "backward", "gradient"), force=True)
    _propagate(order, create_graph, hooked)
    for leaf, old in aside:
        if old is not None and leaf.grad is not None:
            leaf.grad = old + leaf.grad
        elif old is not None:
            leaf.grad = old
    _own_leaf_grads(order)


def _propagate(order: list[Node], create_graph: bool, hooked: bool = False) -> None:
    """The general pass: arrays, and nodes for higher order (each rule may make a graph);
    `hooked`: some node has gradient hooks (autograd/hooks.py), run as its gradient is whole.
    In anomaly mode each input's gradient is checked for NaN as its rule gives it."""
    check = anomaly.checking
    with enable_grad() if create_graph else no_grad():
        for node in reversed(order):
            a, g = node._a, node.grad
            if hooked and g is not None and hooks.has_hooks(node):
                g = node.grad = hooks.run_hooks(node, g, create_graph)
            if a is None or g is None:
                continue
            op = node._op
            if type(op) is not Primitive:
                (anomaly.run_own_backward if check else _run_own_backward)(node)
                continue
            parents = node._prev
            if create_graph:
                out, inputs = node, list(parents)
            else:
                out, inputs = node.data, [p.data for p in parents]
            if node._args:
                inputs += node._args
            if op.saves:  # what its forward kept for it
                inputs.append(node._meta["saved"])
            try:
                if op.grads is not None:  # every input's gradient from one call
                    given = op.grads(g, out, *inputs)
                    if check:
                        given = anomaly.check_all(node, parents, given)
                    for parent, g_parent in zip(parents, given, strict=True):
                        if parent.requires_grad:
                            accumulate(parent, g_parent)
                    continue
                vjps = op.vjps
                for i, parent in enumerate(parents):
                    if parent.requires_grad:
                        g_parent = vjps[i](g, out, *inputs)
                        if check:
                            anomaly.check(node, i, g_parent)
                        accumulate(parent, g_parent)
            except _MATH_ERRORS as e:
                raise _backward_error(node, e) from None


def _propagate_arrays(inner: list[Node]) -> None:
    """The same pass for Tensors, first order, over the inner nodes (children first, as
    inner_nodes_of_tree lists them): each rule gets arrays and gives arrays, added in as
    `accumulate` does, inline (the loop a small batch's backward spends its time in: a call
    per gradient costs as much as a rule's numpy call).
    A leaf's first gradient is made its own and writable as it arrives (a user may clip or
    zero it in place, as in PyTorch), where rules share arrays freely: add passes g on to
    both inputs, a reshape gives a view."""
    token = grad_enabled.set(False)  # a rule that makes Tensors records nothing
    try:
        for node in inner:
            g = node.grad
            if g is None:
                continue
            op = node._op
            if type(op) is not Primitive:
                _run_own_backward(node)
                continue
            a, b = node._a, node._b
            if b is None:
                parents, inputs = (a,), [a._data]
            else:
                parents = (a, *b) if type(b) is tuple else (a, b)
                inputs = list(map(_data, parents))
            if node._args:
                inputs += node._args
            if op.saves:  # what its forward kept for it
                inputs.append(node._meta["saved"])
            out = node._data
            try:
                if op.grads is not None:  # every input's gradient from one call
                    given = op.grads(g, out, *inputs)
                else:  # (a loop, not a comprehension: that is one more call per node)
                    vjps, given, i = op.vjps, [], 0
                    for parent in parents:
                        given.append(vjps[i](g, out, *inputs) if parent.requires_grad else None)
                        i += 1
            except _MATH_ERRORS as e:
                raise _backward_error(node, e) from None
            # one array given to two inputs (counting Nones too: at worst a needless copy);
            # two or three inputs compared by `is` (a set of ids costs five C calls more)
            if b is None:
                twice = False
            elif len(given) == 2:
                twice = given[0] is given[1]
            elif len(given) == 3:
                twice = given[0] is given[1] or given[1] is given[2] or given[0] is given[2]
            else:
                twice = len(set(map(id, given))) < len(given)
            for parent, g_parent in zip(parents, given, strict=True):
                if not parent.requires_grad:
                    continue
                data = parent._data  # accumulate(parent, g_parent), written out:
                if (type(g_parent) is not np.ndarray or g_parent.shape != data.shape
                        or g_parent.dtype is not data.dtype):  # (_fit: equal dtypes pass)
                    g_parent = _fit(data, g_parent)
                old = parent.grad
                if old is not None:
                    parent.grad = old + g_parent
                elif parent._a is None and (g_parent is g or twice or g_parent.base is not None
                                            or not g_parent.flags.writeable):
                    parent.grad = g_parent.copy()  # a leaf's: its own
                else:
                    parent.grad = g_parent
    finally:
        grad_enabled.reset(token)


def _propagate_floats(inner: list[Node]) -> None:
    """The same pass for Values, first order, over the inner nodes: each rule gets floats
    and gives a float, so the gradient is added straight in (the loop a scalar network spends
    its backward in)."""
    for node in reversed(inner):
        op = node._op
        if type(op) is not Primitive:
            _run_own_backward(node)
            continue
        x, y = node._a, node._b
        try:
            if node._args or type(y) is tuple:  # x ** c, a neuron's w·x + b, ...
                _propagate_general_float(node, node.grad, node.data)
            elif y is None:  # relu, tanh, exp, ...: one parent
                if x.requires_grad:
                    x.grad += op.vjps[0](node.grad, node.data, x.data)
            elif op.grads is not None:  # + - * /: both gradients from one call
                g_x, g_y = op.grads(node.grad, node.data, x.data, y.data)
                if x.requires_grad:
                    x.grad += g_x
                if y.requires_grad:
                    y.grad += g_y
            else:  # ** with a Value exponent, ...
                _propagate_general_float(node, node.grad, node.data)
        except _MATH_ERRORS as e:
            raise _backward_error(node, e) from None


def _propagate_general_float(node: Node, g: float, out: float) -> None:
    parents = node._prev
    inputs = [p.data for p in parents]
    inputs += node._args
    op = node._op
    if op.grads is not None:
        for parent, g_parent in zip(parents, op.grads(g, out, *inputs), strict=True):
            if parent.requires_grad:
                parent.grad += g_parent
        return
    for i, parent in enumerate(parents):
        if parent.requires_grad:
            parent.grad += op.vjps[i](g, out, *inputs)


def _run_own_backward(node: Node) -> None:
    # A node made micrograd's way, Value(data, (a, b), "op"), with its own `_backward`
    # closure that adds into its parents' .grad (none: nothing to do).
    own_backward = node._meta_get("backward", None)
    if own_backward is not None:
        own_backward()


def _backward_error(node: Node, e: Exception) -> Exception:
    """Say which op's derivative failed, and where (sqrt'(0), log'(0) on a Value)."""
    at = ", ".join(f"an array of shape {v.shape}" if hasattr(v, "shape") else repr(v)[:80]
                   for v in [p.data for p in node._prev] + list(node._args))
    return type(e)(f"backward of {node._op} at {at}: {e}")


def accumulate(node: Node, g: Any, force: bool = False) -> None:
    """Add the gradient g into node.grad: the one place a gradient enters a node.

    Skips a node that needs no gradient (unless forced: the root's seed); sums broadcast
    axes away (a (3,) bias used against (2, 3) gets a (3,) gradient); checks the shape;
    keeps the node's dtype; and adds with `+`, never in place, since an array may be shared
    with another node's gradient.
    """
    if not (node.requires_grad or force):
        return
    data = node.data
    if type(data) is not float and (type(g) is not np.ndarray or g.shape != data.shape
                                    or g.dtype != data.dtype):  # (else _fit keeps g as it is)
        g = _fit(data, g)
    old = node.grad
    if old is None or (type(g) is not float and type(old) is float and old == 0.0):
        node.grad = g  # the first gradient (for a Value in a create_graph pass: no 0.0 + g)
    else:
        node.grad = old + g


def _fit(data: np.ndarray, g: Any) -> Any:
    """g as an array (or node) of the shape and dtype of `data`, a node's array (the tape of
    autograd.compile fits its gradients here too)."""
    if not isinstance(g, Node) and type(g) is not np.ndarray:  # a number, a numpy scalar
        g = np.asarray(g, dtype=data.dtype)
    shape = g.data.shape if isinstance(g, Node) else g.shape
    if shape != data.shape:
        try:
            g = ops.sum_to(g, data.shape)
        except ValueError:
            raise ValueError(f"backward: a gradient of shape {shape} cannot be summed to the "
                             f"shape {data.shape} of its node") from None
    if type(g) is np.ndarray:
        if g.dtype != data.dtype:
            g = g.astype(data.dtype)
    elif isinstance(g, Node) and g.data.dtype != data.dtype:  # mixed dtypes, create_graph
        g = ops.astype(g, data.dtype)
    return g


def _seed(root: Node, grad: Any, create_graph: bool, where: str, name: str = "grad") -> Any:
    """The gradient backward starts from: 1 for a one-element root, else `grad` (checked)."""
    data = root.data
    if grad is None:
        if type(data) is not float and data.size != 1:
            raise ValueError(f"{where}: the output has shape {data.shape}; pass {name}= of "
                             "that shape (only a one-element output needs no grad)")
        if type(data) is float:
            seed = 1.0
        elif data.shape:
            seed = np.ones(data.shape, data.dtype)
        else:  # a loss: one C call (np.ones is a Python function of two)
            seed = np.array(1, data.dtype)
    elif isinstance(grad, Node) and create_graph:
        return grad
    else:
        family = root._family
        seed = (grad if isinstance(grad, family) else family._lift(grad, root, where, name)
                ).data
        if type(data) is not float:
            if seed.shape != data.shape:
                raise ValueError(f"{where}: {name} has shape {seed.shape}, expected the "
                                 f"output's {data.shape}")
            seed = seed.astype(data.dtype, copy=True)
    return make_node(root._family, seed, (), "", ()) if create_graph else seed


def _own_leaf_grads(order: list[Node]) -> None:
    """After backward: each leaf's gradient array its own and writable.

    Rules pass one array on to several inputs (add) and return views (a broadcast), which is
    free; but a user may clip or zero a leaf's .grad in place, as in PyTorch. Children
    first: their arrays are the ones a leaf may be sharing.
    """
    taken: set[int] = set()
    for node in reversed(order):
        g = node.grad
        if type(g) is not np.ndarray:
            continue
        if node._a is None and (id(g) in taken or g.base is not None
                                or not g.flags.writeable):
            g = node.grad = g.copy()
        taken.add(id(g))
