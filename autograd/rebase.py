"""An in-place op recorded in the graph: `y[i] = v` or `y.mul_(w)` where y is the result of
ops, or where v requires grad (PyTorch's CopySlices and its "rebase_history").

A node is the Tensor object the user holds, so an in-place op that must be recorded turns
the object itself into the new node: `rebase` moves what the Tensor was into a new object
(`before`: the same parents, op and arguments), computes the new node from `before` with
ordinary ops, and gives the Tensor that node's fields and values (in its own array, so
every holder of the array sees the change, as in PyTorch). Graphs made from the Tensor
afterwards see the new node; the new node reaches the old graph through `before`.

Graphs made from the Tensor before the change hold the object too (`z = y * y; y[0] = 0`,
or `y[0] = y[2]`, whose value was read from y first). They must reach `before` instead, and
read the values y had. So, while some live Tensor has been changed (`CHANGED` is not
empty), each recorded node notes the count of changes so far (`_meta["made"]`), and a
backward first moves every parent reference made before a change to the `before` of that
time (`resolve`). Where `before` kept no values of its own (a leaf or an x[i] = v's result
shares the Tensor's array: copying it at every x[i] = v of a loop would cost the square of
its size), a node that would read them raises PyTorch's error instead. While `CHANGED` is
empty (the common case) nothing is stamped or checked, and backward keeps its fast passes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np

from .node import Node, _new

# id -> (a weak reference to the Tensor, [(the change's count, before, its values kept), ...])
CHANGED: dict[int, tuple[weakref.ref[Node], list[tuple[int, Node, bool]]]] = {}
changes = 0  # in-place changes recorded so far (the stamps count from 1)
# The rules whose vjps read no values of their inputs, only shapes and static arguments: a
# node of one may reach a `before` that kept no values (`y[0] = y[2]` reads y by getitem).
READ_NO_VALUES = frozenset({
    "+", "-", "neg", "getitem", "reshape", "transpose", "broadcast_to", "flip", "roll",
    "sum", "sum_to", "mean", "concatenate", "astype", "where", "gather", "scatter",
    "scatter_add", "cumsum"})


def stamp(node: Node) -> None:
    """Note on a node just recorded how many changes came before it (apply calls this
    while CHANGED is not empty)."""
    node._meta_set("made", changes)


def rebase(tensor: Node, name: str, make: Callable[[Node], Node],
           reads_before: bool = True) -> None:
    """tensor becomes make(before), `before` being what it was (see the module docstring).
    `make` builds the new value from `before` with ops; its shape must be tensor's, and its
    dtype one that casts to tensor's (an in-place op keeps both, as PyTorch).
    `reads_before=False`: make's rules never read before's values (x[i] = v's `where`), so a
    leaf's array need not be copied for them."""
    global changes
    before = _new(type(tensor))
    for slot in ("_data", "requires_grad", "_a", "_b", "_op", "_args", "_meta", "_in_scope"):
        try:
            setattr(before, slot, getattr(tensor, slot))
        except AttributeError:  # an unset slot stays unset
            pass
    before.grad = None
    kept = reads_before or (before._a is not None and before._op != "where")
    if kept:  # a rule reads them: the values it had (where's rules read only its mask)
        before._data = tensor.data.copy()
    new = make(before)
    if new.data.shape != tensor.data.shape:
        raise ValueError(f"{name}: the result has shape {new.data.shape}, which does not fit "
                         f"the Tensor's shape {tensor.data.shape} (an in-place op keeps the "
                         "shape)")
    if new.data.dtype != tensor.data.dtype:
        if not np.can_cast(new.data.dtype, tensor.data.dtype, "same_kind"):
            raise TypeError(f"{name}: result type {new.data.dtype} can't be cast to the "
                            f"Tensor's dtype {tensor.data.dtype} (an in-place op keeps the "
                            "dtype)")
        new = new.astype(tensor.data.dtype)  # type: ignore[attr-defined]
    np.copyto(tensor.data, new.data)
    changes += 1
    tensor._a, tensor._b, tensor._op, tensor._args = new._a, new._b, new._op, new._args
    tensor.requires_grad = new.requires_grad
    tensor.grad = None
    # the Tensor's own notes stay (its label, hooks, retain_grad); the rule's are the new's
    meta = {key: value for key, value in (getattr(before, "_meta", None) or {}).items()
            if key in ("label", "hooks", "retains_grad")}
    meta.update(getattr(new, "_meta", None) or {})
    meta["made"] = changes
    tensor._meta = meta
    try:
        tensor._in_scope = new._in_scope
    except AttributeError:
        pass
    key = id(tensor)
    entry = CHANGED.get(key)
    if entry is None or entry[0]() is not tensor:
        entry = CHANGED[key] = (weakref.ref(tensor, lambda _: CHANGED.pop(key, None)), [])
    entry[1].append((changes, before, kept))


def resolve(order: list[Node]) -> bool:
    """Move each parent reference of `order`'s nodes made before a change of that parent to
    the parent's `before` of that time; whether any moved (the caller walks again). Raise
    PyTorch's error where that `before` kept no values of its own."""
    moved = False
    for node in order:
        if node._a is None:
            continue
        made = node._meta_get("made", 0)
        parents, here = list(node._prev), False
        for i, parent in enumerate(parents):
            entry = CHANGED.get(id(parent))
            if entry is None or entry[0]() is not parent:
                continue
            for count, before, kept in entry[1]:
                if count > made:  # the first change after this node was made
                    if not kept and node._op not in READ_NO_VALUES:
                        shape = tuple(getattr(parent.data, "shape", ()))
                        raise RuntimeError(
                            "one of the variables needed for gradient computation has been "
                            f"modified by an inplace operation: a Tensor of shape {shape}, an "
                            f"input of {node._op!s}, was changed in place after "
                            f"{node._op!s} used it. Change a clone() of it instead, or make "
                            "the change before using it")
                    parents[i], here = before, True
                    break
        if here:
            node._prev = parents
            moved = True
    return moved


def resolved(walk: Callable[[], list[Node]]) -> list[Node]:
    """walk()'s order of nodes for a backward, with every parent reference made before a
    change moved first (`resolve`): walked again while a reference moved."""
    order = walk()
    while CHANGED and resolve(order):
        order = walk()
    return order
