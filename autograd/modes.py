"""Grad modes and name scopes: the state an op reads when it records a node.

    no_grad / enable_grad   record the graph or not (a `with` block, or a decorator)
    set_grad_enabled        either, by a flag: at once as a function, or for a block
    inference_mode          no_grad by PyTorch's other name (is_inference_mode_enabled)
    name_scope              a name every node made inside the block remembers (for drawing)

They live in context variables, so each thread (and each asyncio task) has its own, and what
a `with` block replaced is saved in the context too, never on the instance: one instance
may be entered by several threads at once (`NG = no_grad()` at module level is safe). The
one exception is PyTorch's own: set_grad_enabled(mode) takes effect when made, and its block
brings back what was on then, so it keeps that on the instance (make one per block).
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from .messages import shown

_F = TypeVar("_F", bound=Callable[..., Any])

grad_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("grad_enabled", default=True)
"""Whether ops record nodes (False inside `no_grad`)."""

inference_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "inference_enabled", default=False)
"""Whether an `inference_mode` block is open (ops record no nodes there, as in no_grad)."""

scope: contextvars.ContextVar[tuple[Any, ...]] = contextvars.ContextVar("scope", default=())
"""The names of the blocks (nn modules) being run, outermost first."""

# How many name_scope blocks are open in any thread: while none is, an op need not look up
# its scope at all (the common case outside nn.Module calls).
open_scopes = 0

# Per context: what each open `with` block replaced, innermost first, as a linked list
# (variable, its value before the block, the rest), so entering and leaving cost O(1).
_saved: contextvars.ContextVar[tuple[Any, Any, Any] | None] = \
    contextvars.ContextVar("saved", default=None)


def _push(var: contextvars.ContextVar[Any], value: Any) -> None:
    _saved.set((var, var.get(), _saved.get()))
    var.set(value)


def _pop(var: contextvars.ContextVar[Any]) -> None:
    saved = _saved.get()
    if saved is None or saved[0] is not var:
        raise RuntimeError("a no_grad/enable_grad/name_scope block was left out of order "
                           "(blocks must close innermost first, in the thread that opened them)")
    _saved.set(saved[2])
    var.set(saved[1])


def is_grad_enabled() -> bool:
    """Whether operations are being recorded for backward (False inside `no_grad`)."""
    return grad_enabled.get()


def is_inference_mode_enabled() -> bool:
    """Whether an `inference_mode` block is open (PyTorch's torch.is_inference_mode_enabled)."""
    return inference_enabled.get()


def current_scope() -> tuple[str, ...]:
    """The names given by the `name_scope` blocks around this point, outermost first."""
    return scope.get()


def call_in_scope(name: Any, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs) inside `name_scope(name)`: what nn.Module.__call__ runs.

    The same as the `with` block, at a fraction of its cost: the block is one call frame,
    so the context variable's own token restores it (no shared instance to keep safe).
    """
    global open_scopes
    token = scope.set((*scope.get(), name))
    open_scopes += 1
    try:
        return fn(*args, **kwargs)
    except TypeError:
        if not callable(fn):  # checked only here: this runs for every module call
            raise TypeError(f"call_in_scope: fn must be callable, got {shown(fn)}") from None
        raise
    finally:
        open_scopes -= 1
        scope.reset(token)


class name_scope:  # noqa: N801 (a context manager used like a function)
    """Nodes made inside `with name_scope("layers.0 (Linear)"):` remember that name.

    Blocks nest; `draw_graph` groups the nodes of each scope in a cluster. nn.Module uses
    this so that a model's graph shows which layer made what. The name may be any object
    whose str() is the name, read only when the graph is drawn.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        global open_scopes
        _push(scope, (*scope.get(), self.name))
        open_scopes += 1

    def __exit__(self, *exc_info: object) -> None:
        global open_scopes
        _pop(scope)
        open_scopes -= 1


class _GradMode:
    """Set grad recording on or off inside a `with` block, or for a decorated function."""

    _enabled: bool

    def __new__(cls, fn: Callable[..., Any] | None = None) -> Any:
        # `@no_grad` without parentheses decorates too, as in PyTorch.
        self = super().__new__(cls)
        return self if fn is None else self(fn)

    def __enter__(self) -> None:
        _push(grad_enabled, self._enabled)

    def __exit__(self, *exc_info: object) -> None:
        _pop(grad_enabled)

    def _fresh(self) -> Any:
        """A new block of the same mode: one per call of a decorated function."""
        return type(self)()

    def __call__(self, fn: _F) -> _F:
        mode = self._fresh
        if inspect.isgeneratorfunction(fn):
            # A generator runs a little at each next(): the mode must hold at every resume,
            # not only while it is created (as torch.no_grad does for generators).
            @functools.wraps(fn)
            def generator(*args: Any, **kwargs: Any) -> Any:
                gen = fn(*args, **kwargs)
                resume, arg = gen.send, None
                while True:
                    try:
                        with mode():
                            item = resume(arg)
                    except StopIteration as stop:
                        return stop.value
                    try:
                        resume, arg = gen.send, (yield item)
                    except GeneratorExit:
                        gen.close()
                        raise
                    except BaseException as error:  # thrown in: pass it on, inside the mode
                        resume, arg = gen.throw, error

            return generator  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with mode():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradMode):  # noqa: N801 (named like torch.no_grad, used like a function)
    """Record no graph: `with no_grad(): ...`, or `@no_grad()` (or `@no_grad`) on a function."""

    _enabled = False


class enable_grad(_GradMode):  # noqa: N801
    """Record the graph again, inside a `no_grad` block."""

    _enabled = True


def _mode_flag(mode: Any, where: str) -> bool:
    """True or False (a numpy bool too), as PyTorch's grad modes take."""
    if isinstance(mode, (bool, np.bool_)):
        return bool(mode)
    raise TypeError(f"{where}: mode must be True or False, got {shown(mode)}")


class set_grad_enabled(_GradMode):  # noqa: N801 (named like torch.set_grad_enabled)
    """Grad recording on (True) or off (False), as torch.set_grad_enabled: called alone it
    takes effect at once (`set_grad_enabled(False)`); as a `with` block, or a decorator,
    for that block or each call, then what was before comes back."""

    def __new__(cls, mode: bool) -> Any:  # (not _GradMode's: mode is no function)
        return object.__new__(cls)

    def __init__(self, mode: bool) -> None:
        self._enabled = _mode_flag(mode, "set_grad_enabled")
        self._before = grad_enabled.get()
        grad_enabled.set(self._enabled)

    def __enter__(self) -> None:
        grad_enabled.set(self._before)  # so that leaving the block brings it back
        _push(grad_enabled, self._enabled)

    def __call__(self, fn: _F) -> _F:
        grad_enabled.set(self._before)  # as a decorator it changes nothing until called
        return super().__call__(fn)

    def _fresh(self) -> Any:
        return set_grad_enabled(self._enabled)


class inference_mode(_GradMode):  # noqa: N801 (named like torch.inference_mode)
    """PyTorch's inference mode, which here is no_grad by another name (gradproof has no
    inference tensors to make): no graph is recorded inside, and is_inference_mode_enabled()
    is True. inference_mode(False) turns both off, grads on, as PyTorch's. A `with` block,
    or a decorator: @inference_mode or @inference_mode()."""

    def __new__(cls, mode: Any = True) -> Any:
        self = object.__new__(cls)
        if callable(mode) and not isinstance(mode, (bool, np.bool_)):
            self.__init__()  # @inference_mode, without parentheses: decorate mode
            return self(mode)
        return self

    def __init__(self, mode: Any = True) -> None:
        self._inference = _mode_flag(mode, "inference_mode")

    def __enter__(self) -> None:
        _push(grad_enabled, not self._inference)
        _push(inference_enabled, self._inference)

    def __exit__(self, *exc_info: object) -> None:
        _pop(inference_enabled)
        _pop(grad_enabled)

    def _fresh(self) -> Any:
        return inference_mode(self._inference)
