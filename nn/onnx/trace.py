"""Recording a model for export, and checking that one recording stands for every input.

An ONNX graph is fixed: it must compute what the model computes on any input, while the
recorded graph is what the model did on one. So the model runs more than once:

    record(fn, arrays)     the graph of one run (in eval mode, everything recording)
    check_same(a, b, why)  the graphs of two runs agree node by node (ops, parents,
                           static arguments, constants): runs on other values (the
                           example's in reverse order of size, rotated in order of size,
                           shuffled, moved slightly toward their mean, far away, and
                           spread apart) catch constants computed from
                           the input outside the graph (a comparison's mask, argmax,
                           x.data.std()), random draws, and a Python `if` that other
                           values answer otherwise
    dim_table(a, grown)    every axis' length as a multiple of the dynamic axes: one run per
                           dynamic axis, with that axis one longer, tells which lengths grow
                           with it (the `2 * batch` of a reshape, the batch of every layer)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad, toposort
from autograd.node import Node


@dataclass(frozen=True)
class Dim:
    """An axis' length: `factor` times the lengths of the dynamic axes named in `symbols`."""

    factor: int
    symbols: tuple[str, ...] = ()

    @property
    def static(self) -> bool:
        return not self.symbols

    def __mul__(self, other: Dim) -> Dim:
        return Dim(self.factor * other.factor, tuple(sorted(self.symbols + other.symbols)))

    def __str__(self) -> str:
        parts = ([str(self.factor)] if self.factor != 1 or not self.symbols else []) + [
            *self.symbols]
        return "*".join(parts)


def product(dims: Sequence[Dim]) -> Dim:
    out = Dim(1)
    for d in dims:
        out = out * d
    return out


@dataclass
class Recording:
    """One run: the input leaves, the outputs, and every node the outputs depend on."""

    inputs: tuple[Tensor, ...]
    outputs: tuple[Tensor, ...]
    nodes: list[Node]  # parents before children
    position: dict[int, int]  # id(node) -> its index in nodes

    def consumer(self, leaf: Node) -> Node | None:
        """The first node that takes `leaf` as an input (for error messages)."""
        return next((n for n in self.nodes if any(p is leaf for p in n._prev)), None)


def record(fn: Callable[..., Any], arrays: Sequence[np.ndarray]) -> Recording:
    """Run fn on leaves that hold `arrays` and record everything it computes from them."""
    inputs = tuple(Tensor(np.array(a, copy=True), requires_grad=True) for a in arrays)
    with enable_grad():
        result = fn(*inputs)
    outputs = _outputs(result)
    nodes: list[Node] = []
    position: dict[int, int] = {}
    for out in outputs:
        for node in toposort(out):
            if id(node) not in position:
                position[id(node)] = len(nodes)
                nodes.append(node)
    return Recording(inputs, outputs, nodes, position)


def _outputs(result: Any) -> tuple[Tensor, ...]:
    items = result if isinstance(result, (tuple, list)) else (result,)
    if not items:
        raise TypeError("export_onnx: the model returned nothing to export")
    for i, item in enumerate(items):
        if not isinstance(item, Tensor):
            raise TypeError(f"export_onnx: the model's output {i} is a {type(item).__name__}; "
                            "expected a Tensor, or a tuple or list of Tensors")
    return tuple(items)


@contextlib.contextmanager
def exporting(model: Any, state: Sequence[Tensor]) -> Iterator[None]:
    """Eval mode, and every floating state Tensor recording (a frozen parameter's ops must
    be in the graph too, or they would be folded into unnamed constants); both restored."""
    modules = list(model.modules()) if hasattr(model, "modules") else []
    modes = [(m, m.training) for m in modules]
    flags = [(t, t.requires_grad) for t in state]
    try:
        if modules:
            model.eval()  # the model's own eval(), if it has one, then each flag put back
        for t in state:
            if t.dtype.kind == "f":
                t.requires_grad = True
        yield
    finally:
        for m, training in modes:
            m.training = training
        for t, requires_grad in flags:
            t.requires_grad = requires_grad


# ------------------------------------------------------------------------ checking

def scope_text(node: Node) -> str:
    """Where a node was made, for messages: '(Net) / fc (Linear)', or '' if unknown."""
    return " / ".join(str(s) for s in node._scope)


def describe(node: Node) -> str:
    """'linear in (Net) / fc (Linear)' for an op, as short as what is known."""
    where = scope_text(node)
    return f"{str(node._op)!r}" + (f" in {where}" if where else "")


def check_same(a: Recording, b: Recording, change: str) -> None:
    """Raise ValueError where b's graph differs from a's: what an export of a would get wrong
    on b's inputs. `change` says what differed between the runs ('changed when ...')."""
    if len(a.outputs) != len(b.outputs) or len(a.nodes) != len(b.nodes):
        raise _path_error(change, f"{len(a.nodes)} nodes and {len(a.outputs)} outputs became "
                                  f"{len(b.nodes)} and {len(b.outputs)}")
    if [a.position[id(o)] for o in a.outputs] != [b.position[id(o)] for o in b.outputs]:
        raise _path_error(change, "its outputs came from other nodes")
    role_a, role_b = _roles(a), _roles(b)
    for na, nb in zip(a.nodes, b.nodes, strict=True):
        if bool(na._prev) != bool(nb._prev) or (na._prev and nb._op is not na._op):
            became = describe(nb) if nb._prev else "a leaf"
            raise _path_error(change, f"{describe(na)} became {became}")
        if na._prev:
            if [a.position[id(p)] for p in na._prev] != [b.position[id(p)] for p in nb._prev]:
                raise _path_error(change, f"{describe(na)} took other inputs")
            _check_args(na, nb, change)
        elif role_a.get(id(na)) != role_b.get(id(nb)):
            user = a.consumer(na)
            raise _path_error(change, f"an input of {describe(user) if user else 'the output'} "
                                      "is another Tensor that requires grad (one made during "
                                      "the run rather than held by the model?)")
        elif id(na) not in role_a and not _same(na.data, nb.data):
            user = a.consumer(na)
            used_by = f", used by {describe(user)}," if user is not None else ""
            raise ValueError(
                f"export_onnx: a constant of shape {np.shape(na.data)}{used_by} {change}: it "
                "was computed from the input outside the graph (a comparison, argmax, .data, "
                ".numpy() or .item() record no graph) or drawn at random, and an ONNX graph "
                "would keep the example's values")


def _roles(r: Recording) -> dict[int, Any]:
    """Input leaves by position, and leaves that are the same object in every run (the
    parameters, anything the model holds); constants made during the run have none."""
    roles: dict[int, Any] = {id(x): ("input", i) for i, x in enumerate(r.inputs)}
    for n in r.nodes:
        if not n._prev and id(n) not in roles and n.requires_grad:
            roles[id(n)] = ("state", id(n))
    return roles


def _check_args(na: Node, nb: Node, change: str) -> None:
    for x, y in zip(na._args, nb._args, strict=True):
        if _same(x, y):
            continue
        # A reshape's, broadcast_to's or sum_to's target is its result's shape: the export
        # takes it from the dimension table, so it may follow a dynamic axis.
        if _is_shape(x, na) and _is_shape(y, nb):
            continue
        raise ValueError(
            f"export_onnx: {describe(na)}: its argument {_short(x)} {change}: an ONNX graph "
            "keeps one value. Was it computed from the input's values (a comparison, argmax, "
            "the indices of x.max(dim=), which picks its values with them) or from its shape, "
            "outside the graph?")


def _short(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return f"array{x.shape}" if x.size > 6 else repr(x.tolist())
    if isinstance(x, tuple):
        return "(" + ", ".join(_short(item) for item in x) + ("," if len(x) == 1 else "") + ")"
    text = repr(x)
    return text if len(text) < 60 else text[:57] + "..."


def _is_shape(arg: Any, node: Node) -> bool:
    return (isinstance(arg, tuple) and all(isinstance(n, (int, np.integer)) for n in arg)
            and tuple(int(n) for n in arg) == np.shape(node.data))


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)):
            return False
        return (x.shape == y.shape and x.dtype == y.dtype
                and bool(np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")))
    if isinstance(x, (tuple, list)):
        return (type(x) is type(y) and len(x) == len(y)
                and all(_same(p, q) for p, q in zip(x, y, strict=True)))
    if isinstance(x, slice):
        return isinstance(y, slice) and all(
            _same(getattr(x, k), getattr(y, k)) for k in ("start", "stop", "step"))
    if type(x) is not type(y):
        return False
    try:
        return bool(x == y)
    except (TypeError, ValueError):
        return x is y


def _path_error(change: str, what: str) -> ValueError:
    return ValueError(
        f"export_onnx: the model's graph {change} ({what}): an ONNX graph is fixed, so the "
        "model must run the same ops on every input (no Python `if` on values, no random "
        "draws in eval mode)")


# ---------------------------------------------------------------------- dimensions

@dataclass(frozen=True)
class Grown:
    """A run with one dynamic axis longer: its name, its length in a and here, the run."""

    symbol: str
    length: int
    grown_length: int
    run: Recording


def dim_table(a: Recording, grown: Sequence[Grown]) -> dict[int, tuple[Dim, ...]]:
    """id(node) -> the node's shape as Dims: each axis' length in a, over the product of
    the dynamic axes it grows with (it must grow in proportion: 2 * batch, not batch + 1)."""
    table: dict[int, tuple[Dim, ...]] = {}
    for position, node in enumerate(a.nodes):
        shape = np.shape(node.data)
        factors = list(shape)
        symbols: list[list[str]] = [[] for _ in shape]
        for g in grown:
            other = np.shape(g.run.nodes[position].data)
            if len(other) != len(shape):
                raise ValueError(f"export_onnx: the result of {describe(node)} has "
                                 f"{len(shape)} axes, and {len(other)} when dynamic axis "
                                 f"{g.symbol!r} is {g.grown_length}")
            for axis, (n, m) in enumerate(zip(shape, other, strict=True)):
                if n == m:
                    continue
                if n * g.grown_length != m * g.length or factors[axis] % g.length:
                    raise ValueError(
                        f"export_onnx: axis {axis} of the result of {describe(node)} is {n} "
                        f"when dynamic axis {g.symbol!r} is {g.length}, and {m} when it is "
                        f"{g.grown_length}: only lengths proportional to a dynamic axis "
                        "can be exported")
                factors[axis] //= g.length
                symbols[axis].append(g.symbol)
        table[id(node)] = tuple(Dim(f, tuple(sorted(s))) for f, s in
                                zip(factors, symbols, strict=True))
    return table


def other_values(arrays: Sequence[np.ndarray]) -> dict[str, list[np.ndarray]]:
    """The example's values changed four ways, each keeping them inside whatever interval
    the model expects (probabilities stay in [0, 1], positive values positive): in reverse
    order of size (the largest where the smallest was: every argmax moves, and a mask
    x > c changes unless all values are on one side of c), rotated one place in order of
    size (each value where the next larger one was, the largest where the smallest was),
    shuffled, and each moved a little toward their mean (their sum, mean, std and extremes
    change).

    The rotation is what moves every order statistic: reversing leaves the middle value of
    an odd count where it was (so a median's position, which the shuffle may happen to keep
    too), while rotating changes the rank at every position once there are two different
    values."""
    rng = np.random.default_rng(0)
    reversed_, rotated, shuffled, moved = [], [], [], []
    for x in arrays:
        flat = x.ravel()
        order = np.argsort(flat, kind="stable")
        out = np.empty_like(flat)
        out[order] = flat[order[::-1]]
        reversed_.append(out.reshape(x.shape))
        out = np.empty_like(flat)
        out[order] = flat[np.roll(order, 1)]  # rank k's place takes rank k - 1's value
        rotated.append(out.reshape(x.shape))
        shuffled.append(rng.permutation(flat).reshape(x.shape))
        step = rng.uniform(1e-3, 2e-3, x.shape).astype(x.dtype)
        moved.append(x + step * (flat.mean(dtype=x.dtype) - x) if x.size else x.copy())
    return {"rearranged in reverse order of size": reversed_,
            "rotated one place in order of size": rotated, "shuffled": shuffled,
            "moved slightly toward their mean": moved}


def far_values(arrays: Sequence[np.ndarray]) -> dict[str, list[np.ndarray]]:
    """The example's values times 1000 and times -1000: a mask x > c that every value of
    the example answers alike (leaky_relu's on an example of positive values) changes
    there. And the values spread slightly apart, each moved by its own small random step
    (a thousandth of the largest magnitude, or of 1): an example whose values are all the
    same (zeros, ones) looks alike however it is rearranged or scaled, so only new values
    show what its ties hid (leaky_relu's mask on zeros, the position of its median). They
    may leave the model's domain, so a run on them that fails tells nothing."""
    rng = np.random.default_rng(1)
    spread = []
    for x in arrays:
        scale = 1e-3 * max(1.0, float(np.max(np.abs(x), initial=0.0)))
        spread.append(x + (scale * rng.standard_normal(x.shape)).astype(x.dtype))
    return {"multiplied by 1000": [x * 1000 for x in arrays],
            "multiplied by -1000": [x * -1000 for x in arrays],
            "spread slightly apart": spread}


def grown_inputs(arrays: Sequence[np.ndarray], places: Sequence[tuple[int, int]]
                 ) -> list[np.ndarray]:
    """The arrays with each (input, axis) in `places` one longer (its first slice again)."""
    out = list(arrays)
    for i, axis in places:
        first = np.take(out[i], [0], axis=axis)
        out[i] = np.concatenate([out[i], first], axis=axis)
    return out
