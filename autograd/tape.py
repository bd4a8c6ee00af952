"""A tape: one step's graph, flat, replayed with new leaf values and no node objects.

`Recording(root, flat)` reads the graph below a loss (after the step ran eagerly): the
leaves, then one record per op node in topological order (primitive, input slots, static
arguments, output slot). `Tape(first, second)` is what two recordings of the same step agree
on; `Tape.replay(flat)` then runs the records' forwards on floats or arrays, and back
again through the SAME rules the engine calls (`op.grads`, `op.vjps[i]`: the tape has no
derivative of its own), in the engine's order and with its conventions (autograd/engine.py:
`_propagate_floats` for Values; `_propagate_arrays`, `accumulate` and `_fit` for Tensors),
so a replay gives the eager step's numbers, bit for bit. A Value tape (tens of thousands of
records) is interpreted here; a Tensor tape (a few records, each a few numpy
calls, where Python's per-record bookkeeping was a third of the step) is written out as one
straight-line function by autograd/tape_code.py (`Tape.source` shows it).
autograd/compile.py decides when to record and when to replay.

A leaf's value on a replay comes from one of three places:
    an argument   the step's argument (or its array) is the leaf: read anew from the call
    external      the same object in both recordings (a parameter): its `.data` is read
                  anew on every replay, so an optimizer's in-place updates are seen
    captured      made anew inside the step (a constant like the 2 of x * 2): the value
                  recorded, which the two recordings must agree on bit for bit
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

import numpy as np

from . import ops
from .node import Node, make_node, toposort
from .primitive import Primitive
from .tape_code import Argument, _data, _markers, array_program
from .value import _compute as value_compute


def bits(x: Any) -> Any:
    """A value's exact content, comparable with ==: bit for bit (0.0 is not -0.0, nan is nan)."""
    x = _data(x)
    if type(x) is float:
        return x.hex()
    if isinstance(x, (np.ndarray, np.generic)):
        return (x.dtype.str, x.shape, x.tobytes())
    return x


def _substitute(args: Any, arrays_at: dict[int, int]) -> Any:
    """args with each of the step's argument arrays replaced by an `Argument` marker."""
    if type(args) is np.ndarray and id(args) in arrays_at:
        return Argument(arrays_at[id(args)])
    if isinstance(args, (tuple, list)):
        return type(args)(_substitute(a, arrays_at) for a in args)
    return args


def _filler(args: Any) -> Callable[[Sequence[Any]], Any]:
    """flat -> args with each `Argument` marker replaced by this call's array."""
    if type(args) is Argument:
        index = args.index
        return lambda flat: _data(flat[index])
    if isinstance(args, (tuple, list)) and _markers(args):
        parts = [_filler(a) for a in args]
        kind = type(args)
        return lambda flat: kind([part(flat) for part in parts])
    return lambda flat: args


class Recording:
    """The graph below `root` as slots and records; `flat` are the step's arguments.

    Slots number the nodes: leaves first (in topological order), then the op nodes in
    topological order, so a forward pass appends each result at its slot.
    """

    def __init__(self, root: Node, flat: Sequence[Any]) -> None:
        order = toposort(root)
        leaves = [n for n in order if n.is_leaf]
        inner = [n for n in order if not n.is_leaf]
        slot = {id(n): s for s, n in enumerate(leaves + inner)}
        self.floats = type(root.data) is float
        self.node_class = root._family
        self.root = slot[id(root)]
        self.root_data = root.data
        self.size = len(order)

        # The step's arguments, found in the graph by identity: as leaves (a Tensor or
        # Value argument, or an array lifted into an op), or inside static arguments (the
        # class indices that cross_entropy picks with).
        nodes_at = {id(x): i for i, x in reversed(list(enumerate(flat))) if isinstance(x, Node)}
        arrays_at = {id(_data(x)): i for i, x in reversed(list(enumerate(flat)))
                     if type(_data(x)) is np.ndarray}  # (reversed: the first one wins)
        self.leaves = leaves
        self.sources: list[int | None] = []  # per leaf: the argument it is, or None
        self.is_argument: list[bool] = []  # per leaf: the argument node itself (gets a .grad)
        used: set[int] = set()
        for leaf in leaves:
            i = nodes_at.get(id(leaf))
            self.is_argument.append(i is not None)
            if i is None and not leaf.requires_grad and type(leaf.data) is np.ndarray:
                i = arrays_at.get(id(leaf.data))
            self.sources.append(i)
            if i is not None:
                used.add(i)

        self.records: list[tuple[Primitive, tuple[int, ...], Any, tuple[bool, ...]]] = []
        self.scopes: list[tuple[Any, ...]] = []  # for messages: where each op node was made
        self.mixed: list[bool] = []  # per record: inputs of several dtypes (Tensor promotes)
        for node in inner:
            op = node._op
            if type(op) is not Primitive:
                raise TypeError(
                    f"compile: the graph has a node made micrograd's way (op {op!r}, with a "
                    "_backward closure of its own): a tape can only replay ops of the rule "
                    "table; write the op as an autograd.Primitive")
            parents = node._prev  # the node's parents in order, however it stores them
            args = _substitute(node._args, arrays_at)
            used.update(m.index for m in _markers(args))
            self.records.append((op, tuple(slot[id(p)] for p in parents), args,
                                 tuple(p.requires_grad for p in parents)))
            self.scopes.append(node._scope)
            if not self.floats:
                self.mixed.append(len({p.data.dtype for p in parents}) > 1)

        # Arguments found nowhere reached the graph, if at all, through values Python read
        # (a copy, a branch): a replay is right only for the same values, so they are pinned.
        self.pinned = [(i, bits(x)) for i, x in enumerate(flat)
                       if i not in used and (isinstance(x, Node) or type(x) is np.ndarray)]
        # What a replay checks of the leaves (of parameters, on every call).
        self.kinds = [(leaf.requires_grad, _kind(leaf.data)) for leaf in leaves]

    def same_signature(self, other: Recording) -> bool:
        """Whether other saw the same pinned values and parameter kinds: if not, the two
        recordings are of two signatures, not to be compared."""
        return self.pinned == other.pinned and all(
            a is not b or ka == kb for a, b, ka, kb in
            zip(self.leaves, other.leaves, self.kinds, other.kinds, strict=False))


# ------------------------------------------------------------------------------ the tape

_FLOAT_OPS = {ops.add, ops.sub, ops.mul, ops.div, ops.neg, ops.exp, ops.log, ops.sqrt,
              ops.absolute, ops.sin, ops.cos, ops.tanh, ops.sigmoid, ops.relu, ops.affine}
"""Ops whose forward gives a float for floats. Others run through value._compute, which
checks it as a Value does (a negative number to a fractional power is complex in Python)."""


def _getter(slots: tuple[int, ...]) -> Callable[[list[Any]], Sequence[Any]]:
    """values -> the values at `slots`, as a sequence (one C call)."""
    return itemgetter(*slots) if len(slots) > 1 else itemgetter(slice(slots[0], slots[0] + 1))


class Tape:
    """What two recordings of a step agree on, ready to replay."""

    def __init__(self, first: Recording, second: Recording) -> None:
        self.floats = first.floats
        self.node_class = first.node_class
        self.root = first.root
        self.size = first.size
        self.pinned = second.pinned
        if not self.floats:  # engine._seed's ones, made once (read-only: rules never write
            # to g, and a leaf given it as its gradient gets a copy, as _propagate_arrays
            # gives one)
            self.seed = np.ones(first.root_data.shape, first.root_data.dtype)
            self.seed.flags.writeable = False
        # Leaves: captured values in a template; arguments and external leaves filled in.
        self.template: list[Any] = []
        self.arguments: list[tuple[int, int, bool]] = []  # (slot, argument, gets its .grad)
        self.external: list[tuple[int, Node, Any, bool]] = []  # (slot, node, kind, requires)
        self.grad_slots = [s for s, leaf in enumerate(first.leaves) if leaf.requires_grad]
        self.leaves: list[tuple[str, Any]] = []  # per leaf: where it comes from (tape_code)
        for s, (a, b) in enumerate(zip(first.leaves, second.leaves, strict=True)):
            i = first.sources[s]
            self.template.append(None if i is not None or a is b else a.data)
            if i is not None:
                self.arguments.append((s, i, first.is_argument[s]))
                self.leaves.append(("argument", (i, first.is_argument[s], a.requires_grad)))
            elif a is b:
                self.external.append((s, a, _kind(a.data), a.requires_grad))
                self.leaves.append(("external", a))
            else:
                self.leaves.append(("constant", a.data))
        self._compile(first)

    def _compile(self, recording: Recording) -> None:
        """Per record, what its two passes need, looked up once. Its rule is called as the
        engine calls it: the joint `op.grads` once if the op has one (+ - * /, a neuron's
        w·x+b), else `op.vjps[i]` for each input that requires grad. A Tensor tape becomes
        one straight-line function (autograd/tape_code.py). A Value tape, tens of thousands
        of records, is interpreted: records of one or two inputs and no static arguments
        are unrolled; the others read their inputs with a getter, and their static
        arguments from `statics[k]`:
            forward   (1, forward, a, None) (2, forward, a, b) (0, forward, get, k)
            backward  (1, out, a, vjp) (2, out, a, b, grads, wants_a, wants_b)
                      (3, out, get, k, grads, [(input, slot)])
                      (4, out, get, k, None, [(vjp, slot)])
        """
        if not self.floats:
            records = [(op, _promoting(self.node_class, op, len(slots)) if recording.mixed[k]
                        else op.forward, slots, args, requires)
                       for k, (op, slots, args, requires) in enumerate(recording.records)]
            self.program, self.source = array_program(self.leaves, records, self.root,
                                                      self.seed)
            return
        self.statics = [args for _, _, args, _ in recording.records]
        self.filled = [(k, _filler(args)) for k, args in enumerate(self.statics)
                       if _markers(args)]  # (record, its static arguments from flat)
        self.forward: list[tuple[Any, ...]] = []
        self.backward: list[tuple[Any, ...]] = []
        out = len(recording.leaves)
        for k, (op, slots, args, requires) in enumerate(recording.records):
            forward = op.forward if op in _FLOAT_OPS else functools.partial(value_compute, op)
            get, wanted = _getter(slots), [(i, s) for i, s in enumerate(slots) if requires[i]]
            unary, binary = not args and len(slots) == 1, not args and len(slots) == 2
            self.forward.append((1, forward, slots[0], None) if unary else
                                (2, forward, *slots) if binary else (0, forward, get, k))
            if unary:
                self.backward.append((1, out, slots[0], op.vjps[0]))
            elif binary and op.grads is not None:
                self.backward.append((2, out, *slots, op.grads, *requires))
            elif op.grads is not None:
                self.backward.append((3, out, get, k, op.grads, wanted))
            else:
                self.backward.append((4, out, get, k, None, [(op.vjps[i], s) for i, s in wanted]))
            out += 1

    # -------------------------------------------------------------------------- replay

    def replay(self, flat: Sequence[Any]) -> Node | None:
        """The loss, with every leaf's `.grad` accumulated as backward() would; None if a
        parameter's kind (type, shape, dtype, requires_grad) or gradient is not as recorded
        (the caller then records anew). Nothing is changed before the end."""
        floats = self.floats
        if not floats:
            result = self.program(flat)
            return None if result is None else make_node(self.node_class, result, (), "", ())
        values = self.template[:]
        grads: list[Any] = [0.0] * self.size
        for s, i, is_argument in self.arguments:
            x = flat[i]
            if is_argument:
                values[s] = x.data
                grads[s] = x.grad
            else:
                values[s] = _data(x)
        for s, node, kind, requires in self.external:
            data = node.data
            if type(data) is not kind or node.requires_grad != requires:
                return None
            values[s] = data
            grads[s] = node.grad
        for s in self.grad_slots:
            if type(grads[s]) is not float:
                return None  # a .grad that is a graph (from create_graph=True)
        statics = self.statics
        if self.filled:  # static arguments that hold this call's values
            statics = statics[:]
            for k, fill in self.filled:
                statics[k] = fill(flat)
        _forward_floats(self.forward, values, statics)
        grads[self.root] = grads[self.root] + 1.0  # the seed, added as accumulate() adds it
        _backward(self.backward, values, grads, statics)
        for s, i, is_argument in self.arguments:
            if is_argument:
                flat[i].grad = grads[s]
        for s, node, _, _ in self.external:
            node.grad = grads[s]
        return make_node(self.node_class, values[self.root], (), "", ())


def _kind(data: Any) -> Any:
    """What a replay needs to be the same in an external leaf: a float, or shape and dtype."""
    return (data.shape, data.dtype) if type(data) is np.ndarray else type(data)


def _promoting(node_class: type[Node], op: Primitive, arity: int) -> Callable[..., Any]:
    """op's forward as Tensor computes it on inputs of mixed dtypes: promoted first."""
    def forward(*inputs_and_args: Any) -> Any:
        return node_class._compute(op, list(inputs_and_args[:arity]), inputs_and_args[arity:])
    return forward


def _forward_floats(forward: list[tuple[Any, ...]], values: list[Any],
                    statics: list[Any]) -> None:
    append = values.append
    for arity, fn, a, b in forward:
        if arity == 1:
            append(fn(values[a]))
        elif arity == 2:
            append(fn(values[a], values[b]))
        else:  # a is the inputs' getter, b the record
            append(fn(*a(values), *statics[b]))


def _backward(backward: list[tuple[Any, ...]], values: list[Any], grads: list[Any],
              statics: list[Any]) -> None:
    """The engine's first-order pass over a Value tape (`_propagate_floats`): each record's
    rule called as the engine calls it, in the engine's order, and each input's gradient
    added with `+=` as a Value accumulates, inline, since a scalar network adds tens of
    thousands a step."""
    for entry in reversed(backward):
        kind, out = entry[0], entry[1]
        g = grads[out]
        if kind == 2:  # + - * /: both gradients from one call
            _, _, a, b, both, wants_a, wants_b = entry
            g_a, g_b = both(g, values[out], values[a], values[b])
            if wants_a:
                grads[a] += g_a
            if wants_b:
                grads[b] += g_b
        elif kind == 1:
            _, _, a, vjp = entry
            grads[a] += vjp(g, values[out], values[a])
        else:
            _, _, get, k, every, wanted = entry
            inputs = (*get(values), *statics[k])
            if kind == 3:  # a neuron's w·x + b: every gradient from one call
                gs = every(g, values[out], *inputs)
                for i, s in wanted:
                    grads[s] += gs[i]
            else:
                for vjp, s in wanted:
                    grads[s] += vjp(g, values[out], *inputs)
