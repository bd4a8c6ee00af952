"""PyTorch's torch.autograd.Function: an op of your own, forward and backward in Tensors.

    class Cube(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output * 3 * x ** 2

    y = Cube.apply(x)

As PyTorch's: forward runs under no_grad and gets the arguments themselves (a Tensor is an
input of the graph, anything else passes through); `ctx` carries what backward needs
(save_for_backward / saved_tensors, needs_input_grad, mark_non_differentiable,
set_materialize_grads, and any attribute); forward may instead take no ctx and leave the
keeping to `setup_context(ctx, inputs, output)`. backward gets one gradient per output and
returns one per argument (None where there is none). Written with Tensor ops, backward is
differentiable too: `grad(..., create_graph=True)` runs it on nodes, so second derivatives
come through the saved Tensors (a saved output is then the output in the graph, as
PyTorch's); `@once_differentiable` says it is not. apply also takes a keyword after an
argument left to its default, and forward's **kwargs (PyTorch's apply refuses both).

How it fits the engine: each subclass is one more row of the rule table, made when the
class is: a `Primitive` whose forward runs the subclass's forward and keeps the ctx
(saves=True), and whose one `grads` calls its backward. Several differentiable outputs
share one node holding them all, flattened one after the other; each output is a slice of
it, so the engine still sees one output per node (and a replay by autograd.compile runs
the same forward and backward on a tape).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from .messages import shown
from .modes import is_grad_enabled, no_grad
from .node import Node, make_node
from .primitive import Primitive
from .rebase import CHANGED, stamp
from .tensor import Tensor


class _TensorSlot:
    """Where a Tensor argument stands in a call's template (the others are kept as given)."""

    def __repr__(self) -> str:
        return "<a Tensor>"

    def __reduce__(self) -> str:
        return "_TENSOR"  # unpickled as the one marker (a pickled graph keeps its calls)


_TENSOR = _TensorSlot()


class FunctionCtx:
    """`ctx`: what forward hands to backward (PyTorch's names)."""

    def __init__(self, needs_input_grad: tuple[bool, ...]) -> None:
        self.needs_input_grad = needs_input_grad  # one per argument of forward
        self.to_save: tuple[Any, ...] = ()
        self.in_graph: tuple[Any, ...] | None = None  # to_save, outputs as nodes (below)
        self.non_differentiable: tuple[Any, ...] = ()
        self.materialize_grads = True

    def save_for_backward(self, *tensors: Any) -> None:
        """Keep Tensors (or None) for backward, as `saved_tensors`."""
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward: can only save Tensors or None, got "
                                f"{shown(t)} at position {i}")
        self.to_save = tensors

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """What save_for_backward kept. In a create_graph pass, a saved output of forward
        is that output as the graph has it (PyTorch's), so a second derivative goes
        through it: backward of `y = x.exp()` returning `g * y` has d/dx = g * y."""
        return self.to_save if self.in_graph is None else self.in_graph

    def mark_non_differentiable(self, *outputs: Any) -> None:
        """These outputs get no gradient (an argmax's indices); backward still gets one for
        each, zeros (None with set_materialize_grads(False))."""
        self.non_differentiable = outputs

    def set_materialize_grads(self, value: bool) -> None:
        """False: backward gets None, not zeros, for an output without a gradient (here: a
        gradient that is all zeros, or an output marked non-differentiable)."""
        self.materialize_grads = bool(value)

    def mark_dirty(self, *tensors: Any) -> None:
        raise NotImplementedError("mark_dirty: a custom Function that changes its inputs in "
                                  "place is not supported; return a new Tensor instead")


class Function:
    """Subclass with static `forward(ctx, *args)` and `backward(ctx, *grad_outputs)`; call
    `MyFunction.apply(*args)` (see the module docstring)."""

    @staticmethod
    def forward(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def setup_context(ctx: FunctionCtx, inputs: tuple[Any, ...], output: Any) -> None:
        raise NotImplementedError  # (overridden: forward takes no ctx)

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Any) -> Any:
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    vjp = backward  # PyTorch's other name for it: a subclass may define either

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        rule = Primitive(cls.__name__, functools.partial(_replayed_forward, cls),
                         grads=functools.partial(_grads, cls), saves=True,
                         key=f"{cls.__module__}.{cls.__qualname__}")  # (moved below)
        rule.keeps_dtypes = True  # forward gets its arguments as given, unpromoted
        # Registered under the subclass's module (a pickled graph imports it to find the rule)
        del Primitive.registry[rule.module, rule.key]
        rule.module, rule.key = cls.__module__, cls.__qualname__
        Primitive.registry[rule.module, rule.key] = rule
        cls._rule = rule

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Legacy autograd function with non-static forward method is "
                           f"deprecated: call {type(self).__name__}.apply(...)")

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """forward on the arguments, recorded as one node whose backward is `backward`."""
        if cls is Function:
            raise TypeError("Function.apply: subclass autograd.Function and call the "
                            "subclass's apply")
        call, extra = _bound(cls, args, kwargs)
        for x in [*call, *extra.values()]:
            if isinstance(x, Node) and not isinstance(x, Tensor):
                raise TypeError(f"{cls.__name__}.apply: a custom Function takes Tensors, not "
                                f"{type(x).__name__}s: got {shown(x)}")
        # (needs_input_grad is requires_grad, under no_grad too, as PyTorch's)
        needs = tuple(isinstance(x, Tensor) and x.requires_grad for x in call)
        ctx, output = _run(cls, call, extra, needs)
        packed = _pack(ctx, output, call)
        if not (is_grad_enabled() and any(needs)) or packed is None:  # nothing to
            # differentiate: as forward gave it
            return output
        tensors = tuple(x for x in call if isinstance(x, Tensor))
        template = tuple(_TENSOR if isinstance(x, Tensor) else x for x in call)
        node = make_node(Tensor, packed, tensors, cls._rule,
                         ((template, tuple(extra.items()), needs),))
        node._meta = {"saved": ctx}
        if CHANGED:  # (as apply does: see autograd/rebase.py)
            stamp(node)
        return _unpack(node, ctx, output)


def once_differentiable(backward: Callable[..., Any]) -> Callable[..., Any]:
    """A backward that is not itself differentiable: run under no_grad, so what it returns
    has no graph (a second derivative through it says the gradient does not require grad)."""
    if not callable(backward):
        raise TypeError(f"once_differentiable: decorates a backward(ctx, *grad_outputs), got "
                        f"{shown(backward)}")

    @functools.wraps(backward)
    def wrapper(ctx: FunctionCtx, *grad_outputs: Any) -> Any:
        with no_grad():
            return backward(ctx, *grad_outputs)
    return wrapper


# ---------------------------------------------------------------------- forward's side

def _bound(cls: type[Function], args: tuple[Any, ...], kwargs: dict[str, Any]
           ) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The call as forward's positional arguments (keywords bound to their places, as
    PyTorch's apply; defaults filled in too where setup_context keeps what is needed, so
    that it sees every input), and what goes to a **kwargs of forward."""
    if cls.forward is Function.forward:
        raise NotImplementedError(f"{cls.__name__}: You must implement the forward function "
                                  "for custom autograd.Function.")
    with_ctx = not _has_setup_context(cls)
    try:
        bound = inspect.signature(cls.forward).bind(*((None,) if with_ctx else ()), *args,
                                                    **kwargs)
    except TypeError as e:
        raise TypeError(f"{cls.__name__}.apply: {e}") from None
    if not with_ctx:
        bound.apply_defaults()
    return bound.args[1 if with_ctx else 0:], dict(bound.kwargs)


def _has_setup_context(cls: type[Function]) -> bool:
    return cls.setup_context is not Function.setup_context


def _run(cls: type[Function], call: tuple[Any, ...], extra: dict[str, Any],
         needs: tuple[bool, ...]) -> tuple[FunctionCtx, Any]:
    ctx = FunctionCtx(needs)
    with no_grad():
        if _has_setup_context(cls):
            output = cls.forward(*call, **extra)
            cls.setup_context(ctx, call, output)
        else:
            output = cls.forward(ctx, *call, **extra)
    return ctx, output


def _pack(ctx: FunctionCtx, output: Any, call: tuple[Any, ...]) -> np.ndarray | None:
    """The differentiable outputs (float Tensors not marked otherwise) as the node's one
    array, and in ctx where each one is in it (and which saved Tensors are which of them,
    not counting an input returned as is); None if there is none."""
    outputs = output if type(output) is tuple else (output,)
    marked = {id(t) for t in ctx.non_differentiable}
    chosen = [i for i, t in enumerate(outputs) if isinstance(t, Tensor)
              and t.data.dtype.kind in "fc" and id(t) not in marked]
    shapes = [t.shape if isinstance(t, Tensor) else None for t in outputs]
    dtypes = [t.data.dtype if isinstance(t, Tensor) else None for t in outputs]
    ctx._outputs = (type(output) is tuple, shapes, dtypes, chosen)
    inputs = {id(x) for x in call}
    ctx._saved_outputs = [(k, i) for k, t in enumerate(ctx.to_save) for i in chosen
                          if t is outputs[i] and id(t) not in inputs]
    if not chosen:
        return None
    if len(chosen) == 1:  # the node is that output itself; saved, in an array of its own,
        # so that an in-place op on the output (recorded: autograd/rebase.py) leaves
        # saved_tensors the values forward gave (the several outputs' array is a copy)
        data = outputs[chosen[0]].data
        return data.copy() if ctx._saved_outputs else data
    dtype = np.result_type(*(dtypes[i] for i in chosen))
    return np.concatenate([outputs[i].data.astype(dtype, copy=False).ravel() for i in chosen])


def _pieces(ctx: FunctionCtx) -> list[tuple[int, int, int]]:
    """(output, start, stop) of each differentiable output in the node's array."""
    _, shapes, _, chosen = ctx._outputs
    pieces, start = [], 0
    for i in chosen:
        stop = start + int(np.prod(shapes[i], dtype=np.int64))
        pieces.append((i, start, stop))
        start = stop
    return pieces


def _parts(packed: Any, ctx: FunctionCtx) -> dict[int, Any]:
    """Each differentiable output's part of `packed` (the node, or its gradient: a node or
    an array), by output: packed itself for one output, else its slice in the output's
    shape and dtype."""
    _, shapes, dtypes, chosen = ctx._outputs
    if len(chosen) == 1:
        return {chosen[0]: packed}
    parts = {}
    for i, start, stop in _pieces(ctx):
        piece = packed[start:stop].reshape(shapes[i])
        parts[i] = piece if piece.dtype == dtypes[i] else piece.astype(dtypes[i])
    return parts


def _unpack(node: Tensor, ctx: FunctionCtx, output: Any) -> Any:
    """forward's output with each differentiable output replaced by its part of the node."""
    is_tuple = ctx._outputs[0]
    outputs = list(output if is_tuple else (output,))
    for i, part in _parts(node, ctx).items():
        outputs[i] = part
    return tuple(outputs) if is_tuple else outputs[0]


def _replayed_forward(cls: type[Function], *arrays_and_call: Any) -> tuple[Any, FunctionCtx]:
    """The rule's forward on arrays (what autograd.compile's tape runs): the arrays as
    Tensors in the places the recorded call had them."""
    *arrays, (template, extra, needs) = arrays_and_call
    given = iter(arrays)
    call = tuple(_leaf(next(given)) if x is _TENSOR else x for x in template)
    ctx, output = _run(cls, call, dict(extra), needs)
    return _pack(ctx, output, call), ctx


def _leaf(array: Any) -> Tensor:
    return make_node(Tensor, array, (), "", ())


# --------------------------------------------------------------------- backward's side

def _grads(cls: type[Function], g: Any, out: Any, *inputs_call_ctx: Any) -> list[Any]:
    """The rule's grads: backward(ctx, *grad_outputs), checked as PyTorch checks it, one
    gradient per Tensor argument. g is an array (first order) or a node (create_graph:
    backward then records a graph, and the gradients are nodes)."""
    *inputs, (template, _, _), ctx = inputs_call_ctx
    nodes = isinstance(g, Node)
    name = f"{cls.__name__}Backward"
    backward = cls.backward if cls.backward is not Function.backward else cls.vjp
    if nodes and ctx._saved_outputs:
        ctx.in_graph = _saved_in_graph(ctx, out)
    try:
        result = backward(ctx, *_grad_outputs(ctx, g, nodes))
    finally:
        ctx.in_graph = None
    result = result if type(result) is tuple else (result,)
    if len(result) < len(template) or any(r is not None for r in result[len(template):]):
        raise RuntimeError(f"function {name} returned an incorrect number of gradients "
                           f"(expected {len(template)}, got {len(result)})")
    grads, given = [], iter(inputs)
    for position, (slot, r) in enumerate(zip(template, result, strict=False)):
        if slot is not _TENSOR:
            if r is not None:
                raise RuntimeError(f"function {name} returned a gradient different than "
                                   f"None at position {position + 1}, but the corresponding "
                                   "forward input was not a Tensor")
            continue
        x = next(given)
        if r is None:  # no gradient for this input: zeros
            r = _zeros(x, nodes)
        elif not isinstance(r, Tensor):
            raise RuntimeError(f"function {name} returned {shown(r)} as the gradient at "
                               f"position {position + 1}: expected a Tensor or None")
        elif r.shape != x.shape and not _expands_to(x.shape, r.shape):
            raise RuntimeError(f"Function {name} returned an invalid gradient at index "
                               f"{position} - got {list(r.shape)} but expected shape "
                               f"compatible with {list(x.shape)}")
        grads.append(r if nodes else r.data)  # (summed to x's shape by the engine)
    return grads


def _saved_in_graph(ctx: FunctionCtx, out: Tensor) -> tuple[Any, ...]:
    """saved_tensors with each saved output of forward replaced by that output as a node
    of the graph: the node out itself, or its piece of it (as _unpack made it)."""
    saved, parts = list(ctx.to_save), _parts(out, ctx)
    for k, i in ctx._saved_outputs:
        saved[k] = parts[i]
    return tuple(saved)


def _grad_outputs(ctx: FunctionCtx, g: Any, nodes: bool) -> list[Any]:
    """One gradient per output of forward, from the node's gradient g."""
    _, shapes, dtypes, chosen = ctx._outputs
    grads: list[Any] = [None] * len(shapes)
    for i, piece in _parts(g, ctx).items():
        piece = piece if nodes else _leaf(piece)
        # (one output's gradient always comes: the node got one)
        if len(chosen) == 1 or ctx.materialize_grads or bool(np.any(piece.data)):
            grads[i] = piece
    if ctx.materialize_grads:  # outputs without a gradient: zeros, as PyTorch
        for i, shape in enumerate(shapes):
            if grads[i] is None and shape is not None:
                grads[i] = _leaf(np.zeros(shape, dtypes[i]))
    return grads


def _zeros(x: Any, nodes: bool) -> Any:
    zeros = np.zeros(x.shape, (x.data if nodes else x).dtype)
    return _leaf(zeros) if nodes else zeros


def _expands_to(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    try:
        return np.broadcast_shapes(shape, target) == tuple(target)
    except ValueError:
        return False

