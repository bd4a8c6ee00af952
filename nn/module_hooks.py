"""Module hooks: PyTorch's forward pre-hooks, forward hooks and full backward hooks.

    handle = model.fc.register_forward_hook(lambda m, args, out: print(out.shape))
    handle.remove()                      # or: with model.fc.register_forward_hook(...):

A call of a module with hooks runs, as PyTorch's `Module._call_impl`:
    1. each forward pre-hook, hook(module, args) (with_kwargs: hook(module, args, kwargs));
       a result other than None is the new args (a single value is made a 1-tuple; with
       kwargs, an (args, kwargs) pair);
    2. with backward hooks and grad mode on, the Tensor arguments that require grad go
       through one identity node, so their gradients can be seen and replaced together;
    3. forward, in the module's name scope;
    4. each forward hook, hook(module, args, output) (with_kwargs: hook(module, args, kwargs,
       output)); a result other than None is the new output;
    5. with backward hooks, the Tensor outputs that require grad go through one identity
       node too.
If anything raises, the forward hooks registered with always_call=True that have not run
yet are called with output None (an error of theirs is a warning), then the error goes on.

Full backward hooks are PyTorch's BackwardHook, built on Tensor.register_hook: the outputs'
node's hook (an inner node's hook sees its whole gradient) gathers grad_output, a tuple with
an entry per output (None for one that is not a Tensor or got no gradient), and calls each
backward pre-hook, hook(module, grad_output), whose result other than None is the new
grad_output that goes into the module. The inputs' node's hook then gathers grad_input (an
entry per positional argument: None for one that is not a Tensor or does not require grad)
and calls each backward hook, hook(module, grad_input, grad_output); a result other than
None is the new grad_input that goes on to the inputs (a None in it: zeros). When no input
requires grad, the backward hooks are called from the outputs' hook with grad_input all
None, and may only return None (PyTorch warns then, and so do we).

Several Tensors go through one node as slices of their concatenation, so that the node's
gradient, the one moment when all of them are known, is the whole grad_input (or
grad_output). With no hook, a module's call pays one check of a dict (module.py).
"""

from __future__ import annotations

import itertools
import warnings
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd import Tensor, cat, is_grad_enabled
from autograd.arguments import shown
from autograd.hooks import OWNERS

_ids = itertools.count()  # every handle's id, as PyTorch's global counter

# A module's hook dicts (id -> hook, in calling order) and their flags (id -> True), by
# PyTorch's attribute names; each made on the module when first needed.
_HOOKS = ("_forward_pre_hooks", "_forward_hooks", "_backward_pre_hooks", "_backward_hooks")
_FLAGS = ("_forward_pre_hooks_with_kwargs", "_forward_hooks_with_kwargs",
          "_forward_hooks_always_called")


class RemovableHandle:
    """What a register_*_hook returns: `remove()` takes the hook away; as a context
    manager, the hook is there inside the `with` only. `id` is PyTorch's key of the hook."""

    __slots__ = ("id", "_module", "_names")

    def __init__(self, module: Any, names: tuple[str, ...]) -> None:
        self.id = next(_ids)
        self._module, self._names = weakref.ref(module), names

    def remove(self) -> None:
        module = self._module()
        if module is None:
            return
        for name in self._names:
            vars(module).get(name, {}).pop(self.id, None)
        _note(module)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


def _note(module: Any) -> None:
    """Keep OWNERS right for module: in it while it has a hook (Module.__call__ looks)."""
    key = id(module)
    if any(vars(module).get(name) for name in _HOOKS):
        if key not in OWNERS:
            OWNERS[key] = weakref.ref(module, lambda _: OWNERS.pop(key, None))
    else:
        OWNERS.pop(key, None)


class ModuleHooks:
    """Module's hook methods (a mixin: Module is the only class that uses it)."""

    def _add_hook(self, kind: str, hook: Any, prepend: bool, flags: tuple[str, ...],
                  what: str) -> RemovableHandle:
        if not callable(hook):
            raise TypeError(f"{what}: hook must be callable, got {shown(hook)}")
        handle = RemovableHandle(self, (kind, *flags))
        hooks = vars(self).setdefault(kind, {})
        hooks[handle.id] = hook
        if prepend:  # to the front, keeping the rest in order
            for key in [k for k in hooks if k != handle.id]:
                hooks[key] = hooks.pop(key)
        for flag in flags:
            vars(self).setdefault(flag, {})[handle.id] = True
        _note(self)
        return handle

    def register_forward_pre_hook(self, hook: Callable[..., Any], *, prepend: bool = False,
                                  with_kwargs: bool = False) -> RemovableHandle:
        """hook(module, args) before each forward (with_kwargs: hook(module, args, kwargs));
        a result other than None replaces args (a single value is made a 1-tuple), with
        kwargs an (args, kwargs) pair. prepend: before the hooks registered already."""
        flags = ("_forward_pre_hooks_with_kwargs",) if with_kwargs else ()
        return self._add_hook("_forward_pre_hooks", hook, prepend, flags,
                              "register_forward_pre_hook")

    def register_forward_hook(self, hook: Callable[..., Any], *, prepend: bool = False,
                              with_kwargs: bool = False,
                              always_call: bool = False) -> RemovableHandle:
        """hook(module, args, output) after each forward (with_kwargs: hook(module, args,
        kwargs, output)); a result other than None replaces output. always_call: called
        (with output None) also when the call raises."""
        flags = (("_forward_hooks_with_kwargs",) if with_kwargs else ()) + \
            (("_forward_hooks_always_called",) if always_call else ())
        return self._add_hook("_forward_hooks", hook, prepend, flags, "register_forward_hook")

    def register_full_backward_pre_hook(self, hook: Callable[..., Any],
                                        prepend: bool = False) -> RemovableHandle:
        """hook(module, grad_output) when the gradients w.r.t. the outputs are known; a
        result other than None replaces grad_output (a tuple, one entry per output)."""
        return self._add_hook("_backward_pre_hooks", hook, prepend, (),
                              "register_full_backward_pre_hook")

    def register_full_backward_hook(self, hook: Callable[..., Any],
                                    prepend: bool = False) -> RemovableHandle:
        """hook(module, grad_input, grad_output) when the gradients w.r.t. the inputs are
        known; a result other than None replaces grad_input (one entry per positional
        argument, None for one that is not a Tensor that requires grad)."""
        return self._add_hook("_backward_hooks", hook, prepend, (),
                              "register_full_backward_hook")

    def __setstate__(self, state: dict[str, Any]) -> None:
        """copy.deepcopy and pickle: the copy's hooks run too (as PyTorch's)."""
        vars(self).update(state)
        _note(self)

    def _call_with_hooks(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Module.__call__ for a module with hooks (the steps in this file's docstring)."""
        own = vars(self)
        forward_hooks = list(own.get("_forward_hooks", {}).items())
        with_kwargs = own.get("_forward_hooks_with_kwargs", {})
        always = own.get("_forward_hooks_always_called", {})
        called: set[int] = set()
        result = None
        try:
            pre_kwargs = own.get("_forward_pre_hooks_with_kwargs", {})
            for key, hook in list(own.get("_forward_pre_hooks", {}).items()):
                if key in pre_kwargs:
                    new = hook(self, args, kwargs)
                    if new is not None:
                        if not (isinstance(new, tuple) and len(new) == 2):
                            raise RuntimeError("forward pre-hook must return None or a tuple "
                                               f"of (new_args, new_kwargs), but got {new}.")
                        args, kwargs = new
                else:
                    new = hook(self, args)
                    if new is not None:
                        args = new if isinstance(new, tuple) else (new,)
            backward = list(own.get("_backward_hooks", {}).values())
            backward_pre = list(own.get("_backward_pre_hooks", {}).values())
            bw_hook = None
            if (backward or backward_pre) and is_grad_enabled():
                bw_hook = _BackwardHook(self, backward, backward_pre)
                args = bw_hook.setup_inputs(args)
            result = self._forward_in_scope(args, kwargs)  # type: ignore[attr-defined]
            for key, hook in forward_hooks:
                if key in always:
                    called.add(key)
                if key in with_kwargs:
                    new = hook(self, args, kwargs, result)
                else:
                    new = hook(self, args, result)
                if new is not None:
                    result = new
            if bw_hook is not None:
                if not isinstance(result, (Tensor, tuple)):
                    warnings.warn("For backward hooks to be called, module output should be "
                                  f"a Tensor or a tuple of Tensors but received {type(result)}",
                                  stacklevel=3)
                result = bw_hook.setup_outputs(result)
            return result
        except Exception:
            for key, hook in forward_hooks:
                if key not in always or key in called:
                    continue
                try:
                    new = (hook(self, args, kwargs, result) if key in with_kwargs
                           else hook(self, args, result))
                    if new is not None:
                        result = new
                except Exception as e:  # noqa: BLE001 (PyTorch's: the first error goes on)
                    warnings.warn("module forward hook with ``always_call=True`` raised an "
                                  "exception that was silenced as another error was raised "
                                  f"in forward: {e}", stacklevel=3)
            raise


class _BackwardHook:
    """One call's full backward hooks (PyTorch's torch.utils.hooks.BackwardHook)."""

    def __init__(self, module: Any, hooks: list[Any], pre_hooks: list[Any]) -> None:
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.grad_outputs: tuple[Any, ...] | None = None
        self.n_inputs = self.n_outputs = 0
        self.inputs: _Joined | None = None  # the inputs that require grad, and their node
        self.outputs: _Joined | None = None

    def setup_inputs(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        self.n_inputs = len(args)
        self.inputs = _Joined.of(args)
        if self.inputs is None:
            return args
        self.inputs.node.register_hook(self._input_hook)
        return self.inputs.replace(args)

    def setup_outputs(self, result: Any) -> Any:
        outs = result if isinstance(result, tuple) else (result,)
        self.n_outputs = len(outs)
        self.outputs = _Joined.of(outs, mark=True)
        if self.outputs is None:
            return result
        self.outputs.node.register_hook(self._output_hook)
        outs = self.outputs.replace(outs)
        return outs if isinstance(result, tuple) else outs[0]

    def _output_hook(self, g: Any) -> Any:
        assert self.outputs is not None
        self.grad_outputs = self.outputs.pack(g, self.n_outputs)
        for hook in self.pre_hooks:
            new = hook(self.module, self.grad_outputs)
            if new is None:
                continue
            if len(new) != len(self.grad_outputs):
                raise RuntimeError("Backward pre hook returned an invalid number of "
                                   f"grad_output, got {len(new)}, but expected "
                                   f"{len(self.grad_outputs)}")
            self.grad_outputs = new
        grad_outputs = self.grad_outputs
        if self.inputs is None:  # no input requires grad: the hooks are called from here
            warnings.warn("Full backward hook is firing when gradients are computed with "
                          "respect to module outputs since no inputs require gradients.",
                          stacklevel=2)
            grad_inputs = (None,) * self.n_inputs
            for hook in self.hooks:
                new = hook(self.module, grad_inputs, grad_outputs)
                if new is not None and not (isinstance(new, tuple)
                                            and all(x is None for x in new)):
                    raise RuntimeError("Backward hook for Modules where no input requires "
                                       "gradient should always return None or None for all "
                                       "gradients.")
            self.grad_outputs = None
        return self.outputs.unpack(grad_outputs)

    def _input_hook(self, g: Any) -> Any:
        assert self.inputs is not None
        if self.grad_outputs is None:  # a gradient that did not come through the outputs
            return None
        grad_inputs = self.inputs.pack(g, self.n_inputs)
        for hook in self.hooks:
            new = hook(self.module, grad_inputs, self.grad_outputs)
            if new is None:
                continue
            if len(new) != len(grad_inputs):
                raise RuntimeError("Backward hook returned an invalid number of grad_input, "
                                   f"got {len(new)}, but expected {len(grad_inputs)}")
            grad_inputs = new
        self.grad_outputs = None
        return self.inputs.unpack(grad_inputs)


class _Joined:
    """Tensors that require grad, at `places` in a tuple, put through one node: the Tensor
    itself reshaped (an identity node) when there is one, else slices of the concatenation
    of all of them flattened; `node`'s gradient is then all of their gradients at once."""

    def __init__(self, places: list[int], tensors: list[Any], mark: bool) -> None:
        self.places = places
        self.shapes = [t.shape for t in tensors]
        self.dtypes = [t.dtype for t in tensors]
        self.marked = mark and len(tensors) > 1
        self.arrived: set[int] = set()  # which of several outputs got a gradient, this pass
        if len(tensors) == 1:
            self.node = tensors[0].reshape(tensors[0].shape)
            self.pieces = [self.node]
            self.ends = [0, tensors[0].size]
            return
        self.node = cat([t.reshape(-1) for t in tensors])
        self.ends = [0, *itertools.accumulate(t.size for t in tensors)]
        self.pieces = []
        for k, t in enumerate(tensors):
            piece = self.node[self.ends[k]:self.ends[k + 1]].reshape(t.shape)
            if piece.dtype != t.dtype:  # cat promoted it
                piece = piece.astype(t.dtype)
            if mark:
                piece.register_hook(lambda g, k=k: self.arrived.add(k))
            self.pieces.append(piece)

    @staticmethod
    def of(items: tuple[Any, ...], mark: bool = False) -> _Joined | None:
        places = [i for i, x in enumerate(items) if isinstance(x, Tensor) and x.requires_grad]
        if not places:
            return None
        return _Joined(places, [items[i] for i in places], mark)

    def replace(self, items: tuple[Any, ...]) -> tuple[Any, ...]:
        new = list(items)
        for i, piece in zip(self.places, self.pieces, strict=True):
            new[i] = piece
        return tuple(new)

    def pack(self, g: Any, n: int) -> tuple[Any, ...]:
        """The gradient of the node, split: one entry per place of the tuple of n."""
        entries: list[Any] = [None] * n
        if len(self.places) == 1:
            entries[self.places[0]] = g
            return tuple(entries)
        for k, (i, shape) in enumerate(zip(self.places, self.shapes, strict=True)):
            if not self.marked or k in self.arrived:
                entries[i] = g[self.ends[k]:self.ends[k + 1]].reshape(shape)
        self.arrived.clear()
        return tuple(entries)

    def unpack(self, entries: tuple[Any, ...]) -> Any:
        """The node's gradient from the entries at the places (None: zeros)."""
        grads = []
        for i, shape, dtype in zip(self.places, self.shapes, self.dtypes, strict=True):
            g = entries[i]
            if g is None:
                g = np.zeros(shape, dtype)
            if not isinstance(g, Tensor):
                g = Tensor(np.asarray(g, dtype=dtype))
            if g.shape != shape:
                raise ValueError(f"module backward hook: a gradient of shape {g.shape} was "
                                 f"returned for entry {i}, expected shape {shape}")
            grads.append(g)
        return grads[0] if len(grads) == 1 else cat([g.reshape(-1) for g in grads])
