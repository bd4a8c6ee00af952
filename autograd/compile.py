"""autograd.compile(step): run a training step's graph from a tape, with no node objects.

    step = autograd.compile(lambda x, y: F.cross_entropy(model(x), y))
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = step(xb, yb)     # the loss; every parameter's .grad filled, as loss.backward()
        optimizer.step()

The idea of JAX's `jit` and of PyTorch's CUDA graphs, in plain Python: a step builds the same
graph every time, only the numbers change; so its graph is recorded once, flattened into a
tape (autograd/tape.py), and from then on the tape is run forward and back over floats or
arrays with the same rules, with none of the cost of making and freeing nodes. Which tape a
call may replay is decided here, from the call's signature, and from what the step reads
besides its arguments (the modules it names: autograd/guards.py).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from . import anomaly, dtypes, hooks, modes, rebase
from .guards import Guards
from .node import Node, make_node
from .tape import Recording, Tape, bits

_SCALARS = (bool, int, str, type(None), complex)


class NotReplayableError(RuntimeError):
    """The step cannot be replayed from a tape: two calls with the same signature built
    graphs that differ (a random draw inside the step, a branch on values), or the step
    changes its modules' buffers."""


def compile(step: Callable[..., Any], *, cache_size: int = 8) -> CompiledStep:  # noqa: A001
    """`step` recorded on its first calls, then replayed from a flat tape.

    A step is a function of Tensors, Values or arrays (and numbers, or lists, tuples and
    dicts of these) that builds a graph and returns a scalar loss: a Value, or a Tensor of
    one element. The compiled step returns that loss as a leaf with no graph, and adds
    d(loss)/d(leaf) into the `.grad` of every leaf the loss depends on that requires grad
    (the model's parameters, and any argument that requires grad), exactly as
    `loss.backward()` does: gradients ACCUMULATE, so zero them between steps as you would
    (`optimizer.zero_grad()`); the step does not call backward itself. Losses, gradients
    and so parameters are the eager step's, bit for bit. Usable as a decorator.

    Recording. The first call with a given signature runs the step eagerly and records its
    graph; the second runs it eagerly again and checks that it built the same graph with
    the same constants (and writes a Tensor tape out as one Python function, `step.source`:
    about a third of a millisecond per op, once); from the third on, the tape replays. A
    leaf of the graph is
      - an argument: read from each call (an array given to an op is found by identity,
        also inside an op's static arguments: cross_entropy's class indices);
      - a parameter (any leaf that is the same object on both recordings): its `.data` is
        read on each call, so an optimizer's updates (in place or not) are seen;
      - a constant made inside the step (the 2 of `x * 2`, a mask): captured when recorded.

    The signature: every argument's type, shape, dtype and requires_grad, the values of
    numbers, strings and None (a Python number is a constant of the graph: to vary one
    without recording anew, pass it as a Value or a 0-d Tensor), the structure of lists,
    tuples and dicts, the `training` flag of every module the step names (in its closure,
    among the globals it reads, the object of a bound method, or an attribute of those),
    grad mode, and the default dtype. On each call the parameters' shapes, dtypes and
    requires_grad are checked too, and the identities of the modules and parameters the
    step's modules hold. A change records anew (the last `cache_size` signatures keep
    their tapes): a new batch size, float32 instead of float64, model.train() or
    model.eval(), a model rebound, a layer or parameter replaced by a new object (every
    tape is dropped then). An argument found nowhere in the graph is part of
    the signature by value: one whose values are only read in Python, and one that an op
    uses with no parameter (`x.flatten()`, `x / 255` make constants, not nodes): prepare
    such inputs outside the step, or each new batch records anew (a warning says so).

    What replaying assumes, and what it does not see:
      - The step branches only on what the signature holds. A branch on an argument's
        values (`if x.data.max() > 1:`) or on outside state is seen only if it changes
        between the first two calls (NotReplayableError); later, the recorded branch is
        replayed. Mark such a step by making the condition an argument:
        `step(x, y, bool(x.data.max() > 1))` (its value is part of the signature).
      - Random draws inside the step (Dropout in training mode, noise) would be replayed
        as the first call's: the second call sees the constant change and raises
        NotReplayableError. Draw outside and pass it in, call model.eval(), or run eagerly.
      - Numbers read from outside the arguments (a global, an attribute) are constants of
        the tape: one that changes after the second call is not seen. Pass it in.
      - Checks the step makes on values in Python (a class index in range) run when it
        records, not when it replays.
      - Hooks are Python: while a node has a gradient hook or an nn.Module has a hook
        (autograd.hooks.OWNERS), or anomaly mode checks gradients (autograd/anomaly.py),
        every call runs the step eagerly, as written.
      - A replay runs no Python: a side effect of the step (a list appended to, a
        counter, an attribute set) happens when it records, not when it replays. Buffers
        of the step's modules are compared around each recording: a step that changes
        them (BatchNorm's running statistics in training mode) raises NotReplayableError.
        An object the modules do not hold is not seen: `step.reset()` forgets every tape.
      - Nodes made micrograd's way (`Value(data, (x,), "op")` with `_backward`) cannot be
        replayed: TypeError when recording; write such an op as an autograd.Primitive.
    """
    if not callable(step):
        raise TypeError(f"compile: step must be callable, got {type(step).__name__}")
    if not isinstance(cache_size, int) or cache_size < 1:
        raise ValueError(f"compile: cache_size must be a positive int, got {cache_size!r}")
    return CompiledStep(step, cache_size)


class _Entry:
    """One signature's state: a recording waiting for its confirmation, or a tape."""

    def __init__(self, recording: Recording) -> None:
        self.pending: Recording | None = recording
        self.tape: Tape | None = None
        self.value_changes = 0  # recordings in a row made anew for pinned arguments


class CompiledStep:
    """What `autograd.compile(step)` returns: call it as the step (see `compile`).

    `recordings` and `replays` count the calls that ran eagerly and those replayed.
    """

    def __init__(self, step: Callable[..., Any], cache_size: int = 8) -> None:
        functools.update_wrapper(self, step, updated=())
        self.step = step
        self.cache_size = cache_size
        self.recordings = 0
        self.changes_in_place = False  # the step changes a Tensor in place (x[i] = v): eager
        self.replays = 0
        self._entries: dict[tuple[Any, ...], _Entry] = {}
        self._warned = False
        self._moves = 0  # calls in a row that found the modules holding other objects
        self._guards = Guards(step)
        self._fast: Callable[[tuple[Any, ...]], Any] | None = None  # Guards.fast_call

    def reset(self) -> None:
        """Forget every tape, and find the modules the step names anew (after changing
        what a tape cannot see: a number read from outside the arguments, say)."""
        self._entries.clear()
        self._guards = Guards(self.step)
        self._fast = None

    @property
    def source(self) -> str | None:
        """The Python function a Tensor tape replays, for the signature recorded last (None
        before the third call, and for Values, whose tapes are interpreted)."""
        for entry in reversed(self._entries.values()):
            if entry.tape is not None and not entry.tape.floats:
                return entry.tape.source
        return None

    def __repr__(self) -> str:
        name = getattr(self.step, "__qualname__", type(self.step).__name__)
        return (f"<compiled {name}: {len(self._entries)} signature(s), "
                f"{self.recordings} recordings, {self.replays} replays>")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if hooks.HOOKED or hooks.OWNERS or anomaly.checking or self.changes_in_place:
            return self._eager(args, kwargs)  # a replay runs no Python: no hook, no check
            # of anomaly mode, no change in place (so, eagerly)
        if self._fast is not None and not kwargs:  # the signature replayed last, again?
            try:
                loss = self._fast(args)
            except Exception:  # noqa: BLE001 (the general path below says what is wrong)
                loss = None
            if loss is not None:
                self.replays += 1
                return loss
        if self._guards.moved():  # another model, layer or parameter object
            self.reset()
            self._moves += 1
            if self._moves == 3:
                warnings.warn(
                    "compile: the modules the step names hold new objects on every call (a "
                    "module that keeps a node of its forward as an attribute?), so every "
                    "call records anew and runs eagerly", RuntimeWarning, stacklevel=2)
        else:
            self._moves = 0
        key: list[Any] = [modes.grad_enabled.get(), dtypes.get_default_dtype()]
        key += [m.training for m in self._guards.modules]
        flat: list[Any] = []
        for x in args:
            if type(x) is np.ndarray:  # the common argument, inline
                key.append((np.ndarray, x.shape, x.dtype))
                flat.append(x)
            else:
                _flatten(x, flat, key)
        for name, x in kwargs.items():
            key.append(name)
            _flatten(x, flat, key)
        signature = tuple(key)
        entry = self._entries.get(signature)
        if entry is not None and entry.tape is not None:
            tape = entry.tape
            if not tape.pinned or all(bits(flat[i]) == b for i, b in tape.pinned):
                try:
                    loss = tape.replay(flat)
                except Exception:  # noqa: BLE001 (the eager run below raises it, its own way)
                    loss = None
                if loss is not None:
                    self.replays += 1
                    if not tape.floats and not kwargs and not tape.pinned and \
                            all(type(x) is np.ndarray for x in args):
                        self._fast = self._guards.fast_call(args, signature, tape.replay)
                    return loss
        return self._record(signature, entry, args, kwargs, flat)

    def _eager(self, args: Any, kwargs: Any) -> Any:
        loss = _loss(self.step(*args, **kwargs))
        loss.backward()
        return make_node(loss._family, loss.data, (), "", ())

    def _record(self, signature: tuple[Any, ...], entry: _Entry | None, args: Any,
                kwargs: Any, flat: list[Any]) -> Any:
        """Run the step eagerly; record its graph; confirm it against the first recording."""
        buffers = self._guards.buffers()
        changes = rebase.changes
        loss = self.step(*args, **kwargs)
        if rebase.changes != changes:  # x[i] = v in the step: a replay would skip the write
            self.changes_in_place = True
        changed = self._guards.changed_buffers(buffers)
        if changed:  # an update in Python, which a replay would skip
            raise NotReplayableError(
                f"compile: the step changed the buffers {', '.join(changed)}: a replay runs "
                "no Python, so it would skip that update (BatchNorm's running statistics in "
                "training mode). Call eval() on those layers, or run the step eagerly.")
        loss = _loss(loss)
        empty = loss._empty_grad  # None for a Tensor, 0.0 for a Value: backward sets the seed
        if not loss.is_leaf and (loss.grad is not None if empty is None else loss.grad != empty):
            raise RuntimeError("compile: the step called backward() itself; return the loss "
                               "instead (the compiled step calls backward for you)")
        recording = Recording(loss, flat)  # before backward: a TypeError leaves .grad alone
        if entry is not None and entry.pending is not None:
            if entry.pending.same_signature(recording):
                why = difference(entry.pending, recording)
                if why is not None:
                    raise NotReplayableError(
                        f"compile: two calls of the step with the same signature built "
                        f"different graphs: {why}. A replay would repeat the first. The cause "
                        "is a random draw inside the step (Dropout in training mode: use "
                        "model.eval(), or run the step eagerly), a number read from outside "
                        "its arguments (pass it in), or a branch on values (make the "
                        "condition an argument).")
        loss.backward()  # eager: this call's gradients are backward()'s own
        self.recordings += 1
        # Only now, backward having worked, does the signature's state change.
        if entry is None or entry.pending is None:  # a new signature, or a stale tape
            self._entries.pop(signature, None)
            self._entries[signature] = _Entry(recording)
            if len(self._entries) > self.cache_size:
                del self._entries[next(iter(self._entries))]  # the oldest signature
        elif not entry.pending.same_signature(recording):  # pinned values, parameter kinds
            entry.value_changes += recording.pinned != entry.pending.pinned
            entry.pending = recording
            if entry.value_changes >= 3:
                self._warn_pinned(recording, args, kwargs)
        else:
            entry.tape = Tape(entry.pending, recording)
            entry.pending = None
        return make_node(loss._family, loss.data, (), "", ())

    def _warn_pinned(self, recording: Recording, args: Any, kwargs: Any) -> None:
        if self._warned:
            return
        self._warned = True
        names = dict(enumerate(_argument_names(args, kwargs)))
        pinned = ", ".join(names.get(i, str(i)) for i, _ in recording.pinned)
        warnings.warn(
            f"compile: {pinned} changed value on every call, and the graph takes its array "
            "neither as a leaf nor as an op's argument: its values are read in Python, or "
            "it is converted (to another dtype), or an op uses it with no parameter "
            "(x.flatten() or x / 255 gives a constant, not a node). Each new value is "
            "recorded anew, so the step runs eagerly: pass the array as the model first "
            "takes it, prepared outside the step.",
            RuntimeWarning, stacklevel=3)


# ------------------------------------------------------------------------ the signature

def _flatten(x: Any, flat: list[Any], key: list[Any]) -> None:
    """Append x's nodes and arrays to flat, and what a tape depends on to key."""
    kind = type(x)
    if kind is np.ndarray:
        key.append((kind, x.shape, x.dtype))
        flat.append(x)
    elif isinstance(x, Node):
        data = x.data
        key.append((kind, x.requires_grad) if type(data) is float else
                   (kind, data.shape, data.dtype, x.requires_grad))
        flat.append(x)
    elif kind is float:
        key.append((kind, x.hex()))  # bit for bit: 0.0 is not -0.0
    elif kind in _SCALARS:
        key.append((kind, x))
    elif isinstance(x, np.generic):
        key.append((kind, x.tobytes()))
    elif kind is list or kind is tuple:
        key.append((kind, len(x)))
        for item in x:
            _flatten(item, flat, key)
    elif kind is dict:
        key.append((kind, tuple(x)))
        for item in x.values():
            _flatten(item, flat, key)
    else:
        raise TypeError(
            f"compile: the step was given a {kind.__name__}; a compiled step takes Tensors, "
            "Values, arrays, numbers, strings and None, and lists, tuples and dicts of them "
            "(read a model or any other object from the step's closure instead)")


def _argument_names(args: Any, kwargs: Any) -> list[str]:
    """Names for the entries of flat (`argument 1`, `argument 0[2]`, `keyword 'y'`)."""
    names: list[str] = []

    def walk(x: Any, name: str) -> None:
        if isinstance(x, (Node, np.ndarray)):
            names.append(name)
        elif type(x) in (list, tuple):
            for i, item in enumerate(x):
                walk(item, f"{name}[{i}]")
        elif type(x) is dict:
            for k, item in x.items():
                walk(item, f"{name}[{k!r}]")

    for i, x in enumerate(args):
        walk(x, f"argument {i}")
    for k, x in kwargs.items():
        walk(x, f"keyword {k!r}")
    return names


# ----------------------------------------------------- two recordings of one signature

def difference(first: Recording, second: Recording) -> str | None:
    """Why two recordings of a step differ (None if they agree on what a replay needs)."""
    for k, (a, b) in enumerate(zip(first.records, second.records, strict=False)):
        if a[0] is not b[0] or a[1] != b[1] or a[3] != b[3]:
            return (f"op node {k} was {a[0]!s}{_where(first.scopes[k])}, then "
                    f"{b[0]!s}{_where(second.scopes[k])}")
        if not _same(a[2], b[2]):
            return (f"op {a[0]!s}{_where(first.scopes[k])} took other static arguments "
                    f"({_short(a[2])}, then {_short(b[2])})")
    if (first.floats, first.size, first.root, first.sources, first.is_argument) != \
            (second.floats, second.size, second.root, second.sources, second.is_argument):
        return "its leaves, or its number of nodes, changed"
    for s, (a, b) in enumerate(zip(first.leaves, second.leaves, strict=True)):
        if a is b or first.sources[s] is not None:
            continue
        if first.kinds[s] != second.kinds[s] or bits(a) != bits(b):
            user = next((k for k, r in enumerate(first.records) if s in r[1]), None)
            at = "" if user is None else \
                f", used by {first.records[user][0]!s}{_where(first.scopes[user])}"
            return f"a constant made inside the step changed: {_describe(a)}{at}"
    return None


def _short(x: Any) -> str:
    return repr(x) if len(repr(x)) < 60 else repr(x)[:57] + "..."


def _same(a: Any, b: Any) -> bool:
    """Whether two static arguments are equal, arrays and floats bit for bit."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is slice:
        return _same((a.start, a.stop, a.step), (b.start, b.stop, b.step))
    if type(a) is float or isinstance(a, (np.ndarray, np.generic)):
        return bool(bits(a) == bits(b))
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


def _describe(leaf: Node) -> str:
    x = leaf.data
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} ({x.dtype})"
    return f"the number {x!r}"


def _where(scope: tuple[Any, ...]) -> str:
    return f" in {scope[-1]}" if scope else ""


def _loss(loss: Any) -> Node:
    if not isinstance(loss, Node):
        raise TypeError(f"compile: the step returned {type(loss).__name__}; it must "
                        "return the loss, a Value or a one-element Tensor")
    return loss
