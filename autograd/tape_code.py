"""A Tensor tape as one straight-line Python function: the replay with nothing left to decide.

A recorded step (autograd/tape.py) is known in full before it is replayed: where each leaf
comes from, which op comes next, which inputs it reads, which of them want a gradient,
which nodes a gradient reaches at all. Here that knowledge is written out once as Python
source and compiled, so that a replay is a single call. For nn's 64-32-10 step:

    def replay(flat):
        v0 = flat[0]  # argument 0
        n1 = N1  # a parameter: as recorded, or no replay
        v1, g1 = n1.data, n1.grad
        if v1.shape != SHAPE1 or v1.dtype != DTYPE1 or n1.requires_grad != True: return None
        if g1 is not None and type(g1) is not ndarray: return None
        ...
        v5 = f0(v0, v1, v2)  # linear
        if type(v5) is not ndarray: v5 = asarray(v5)
        ...
        d = seed
        g8 = d
        d = b3_0(g8, v8, v7, *s3, k3)  # d/dv7 of cross_entropy
        if type(d) is not ndarray or d.shape != v7.shape or d.dtype != v7.dtype: d = fit(v7, d)
        g7 = d
        ...
        if g1.base is not None or not g1.flags.writeable: g1 = g1.copy()
        ...
        n1.grad = g1
        return v8

Each line does what the engine does (autograd/engine.py): the record's forward, as
Tensor._compute runs it; its rule, `op.grads` or `op.vjps[i]`, in the engine's order; each
gradient added as `accumulate` adds it (fitted by `_fit`, the first kept, the next added with
`+`); each leaf's gradient its own and writable, as `_propagate_arrays` makes it. So a replay's
numbers are the eager step's, bit for bit. The interpreter of a Value tape (tape.py) pays per
record for looking up what kind of record it is; this pays it once, here. Nothing is changed
before every check has passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import _fit
from .node import Node


def array_program(leaves: list[tuple[str, Any]], records: list[tuple[Any, ...]],
                  root: int, seed: np.ndarray) -> tuple[Callable[[Any], Any], str]:
    """The replay of a Tensor tape as a function of the step's flat arguments, and its source.

    leaves, per leaf slot: ("argument", (index, is_node, requires)) for the step's argument
    (a node, or an array lifted into an op), ("external", node) for an object both
    recordings shared (a parameter: read anew, checked against its kind then), or
    ("constant", value). records, per op node in topological order (its output is slot
    `len(leaves) + k`): (op, forward, input slots, static arguments in which `Argument(i)`
    stands for argument i's array, which inputs want a gradient). The function returns the
    root's value, or None (nothing changed) if a parameter is not of its recorded kind.
    """
    names: dict[str, Any] = {"fit": _fit, "ndarray": np.ndarray, "asarray": np.asarray,
                             "seed": seed, "_data": _data}
    lines = ["def replay(flat):"]
    emit = lines.append
    n_leaves = len(leaves)

    # Which nodes a gradient reaches: the root, then the wanted inputs of every op reached.
    reached = {root}
    for k in reversed(range(len(records))):
        _, _, slots, _, wants = records[k]
        if n_leaves + k in reached:
            reached.update(s for s, w in zip(slots, wants, strict=True) if w)
    written = []  # the slots of the leaves that are nodes: their .grad is read, and set

    # -- the leaves, every check first
    for s, (kind, what) in enumerate(leaves):
        if kind == "constant":
            names[f"C{s}"] = what
            emit(f"    v{s} = C{s}  # a constant made inside the step")
        elif kind == "argument":
            index, is_node, _ = what
            if not is_node:
                emit(f"    v{s} = flat[{index}]  # argument {index}")
                continue
            emit(f"    n{s} = flat[{index}]  # argument {index}")
            emit(f"    v{s}, g{s} = n{s}.data, n{s}.grad")
            written.append(s)
        else:
            names[f"N{s}"], names[f"SHAPE{s}"], names[f"DTYPE{s}"] = \
                what, what.data.shape, what.data.dtype
            emit(f"    n{s} = N{s}  # {'a parameter' if what.requires_grad else 'a tensor'}: "
                 "as recorded, or no replay")
            emit(f"    v{s}, g{s} = n{s}.data, n{s}.grad")
            emit(f"    if type(v{s}) is not ndarray or v{s}.shape != SHAPE{s} or "
                 f"v{s}.dtype != DTYPE{s} or n{s}.requires_grad != {what.requires_grad}: "
                 "return None")
            written.append(s)
    for s in written:  # a .grad that is a graph (from create_graph=True): not replayed
        emit(f"    if g{s} is not None and type(g{s}) is not ndarray: return None")

    def static(k: int, args: Any) -> str:
        """The static arguments of record k, as call arguments."""
        if not args:
            return ""
        if not _markers(args):
            names[f"S{k}"] = args
            return f", *S{k}"
        emit(f"    s{k} = {_expression(args, names, f'S{k}_')}  # this call's arrays")
        return f", *s{k}"

    # -- forward
    statics = []
    for k, (op, forward, slots, args, _) in enumerate(records):
        names[f"f{k}"] = forward
        out = n_leaves + k
        statics.append(static(k, args))
        call = f"f{k}({', '.join(f'v{s}' for s in slots)}{statics[k]})"
        emit(f"    v{out}, k{k} = {call}  # {op}, keeping what its vjps reuse" if op.saves
             else f"    v{out} = {call}  # {op}")
        emit(f"    if type(v{out}) is not ndarray: v{out} = asarray(v{out})")

    # -- backward: each gradient added in as engine.accumulate adds it: fitted to its node's
    # shape and dtype, then kept if it is the first (an inner node's, or a leaf's whose
    # .grad is None), else added with `+`
    so_far = {s: "a leaf's" for s in written}

    def add(s: int, expression: str) -> None:
        emit(f"    d = {expression}")
        emit(f"    if type(d) is not ndarray or d.shape != v{s}.shape or d.dtype != "
             f"v{s}.dtype: d = fit(v{s}, d)")
        first = so_far.get(s)
        emit(f"    g{s} = d" if first is None else
             f"    g{s} = d if g{s} is None else g{s} + d" if first else f"    g{s} = g{s} + d")
        so_far[s] = ""

    add(root, "seed")
    for k in reversed(range(len(records))):
        op, _, slots, _, wants = records[k]
        out = n_leaves + k
        if out not in reached:
            continue
        inputs = f"g{out}, v{out}{''.join(f', v{s}' for s in slots)}{statics[k]}"
        if op.saves:
            inputs += f", k{k}"
        if op.grads is not None:  # every input's gradient from one call
            names[f"b{k}"] = op.grads
            emit(f"    t = b{k}({inputs})  # {op}")
            for i, (s, w) in enumerate(zip(slots, wants, strict=True)):
                if w:
                    add(s, f"t[{i}]")
        else:
            for i, (s, w) in enumerate(zip(slots, wants, strict=True)):
                if w:
                    names[f"b{k}_{i}"] = op.vjps[i]
                    add(s, f"b{k}_{i}({inputs})  # d/dv{s} of {op}")

    # -- each leaf's new gradient an array of its own and writable (a rule may give one
    # array to two inputs, or a view), then set
    changed = [s for s in written if s in reached]
    for j, s in enumerate(changed):
        shared = "".join(f" or g{s} is g{r}" for r in changed[:j])
        emit(f"    if g{s}.base is not None or not g{s}.flags.writeable{shared}: "
             f"g{s} = g{s}.copy()")
    for s in changed:
        emit(f"    n{s}.grad = g{s}")
    emit(f"    return v{root}")
    source = "\n".join(lines)
    exec(compile(source, "<autograd tape>", "exec"), names)  # noqa: S102 (our own source)
    return names["replay"], source


@dataclass(frozen=True)
class Argument:
    """In a record's static arguments: where the step's argument `index` (its array) goes."""

    index: int


def _markers(args: Any) -> list[Argument]:
    """The argument markers in a record's static arguments (tuples and lists opened)."""
    if type(args) is Argument:
        return [args]
    if isinstance(args, (tuple, list)):
        return [m for a in args for m in _markers(a)]
    return []


def _expression(args: Any, names: dict[str, Any], prefix: str) -> str:
    """Source for args with each argument marker replaced by that argument's array."""
    if type(args) is Argument:
        return f"_data(flat[{args.index}])"
    if isinstance(args, (tuple, list)) and _markers(args):
        parts = [_expression(a, names, f"{prefix}{i}_") for i, a in enumerate(args)]
        inside = ", ".join(parts) + ("," if len(parts) == 1 else "")
        return f"({inside})" if type(args) is tuple else f"[{inside}]"
    names[prefix] = args
    return prefix


def _data(x: Any) -> Any:  # a node's value, or an array's
    return x.data if isinstance(x, Node) else x
