"""PyTorch's optimizer step hooks and its named parameter groups.

register_step_pre_hook(hook): hook(optimizer, args, kwargs) runs before every step() and may
return (new_args, new_kwargs) to replace what step is called with; register_step_post_hook:
hook(optimizer, args, kwargs) after it. Every subclass's own step is wrapped once (as
PyTorch's _patch_step_function), and a step that calls super().step() runs the hooks once.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping
from typing import Any

from autograd import Tensor, Value

_ids = itertools.count()


class StepHookHandle:
    """What register_step_*_hook returns: `remove()` takes the hook away (as a context
    manager, at the end of the `with`)."""

    def __init__(self, hooks: dict[int, Any]) -> None:
        self.id = next(_ids)
        self._hooks = hooks

    def remove(self) -> None:
        self._hooks.pop(self.id, None)

    def __enter__(self) -> StepHookHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


def _hooked(step: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(step)
    def hooked_step(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self._stepping or not (self._optimizer_step_pre_hooks
                                  or self._optimizer_step_post_hooks):
            return step(self, *args, **kwargs)  # no hooks (or super().step() inside a step)
        self._stepping = True
        try:
            for hook in list(self._optimizer_step_pre_hooks.values()):
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise RuntimeError(f"{hook} must return None or a tuple of "
                                           f"(new_args, new_kwargs), but got {result}.")
                    args, kwargs = result
            out = step(self, *args, **kwargs)
            for hook in list(self._optimizer_step_post_hooks.values()):
                hook(self, args, kwargs)
            return out
        finally:
            self._stepping = False
    hooked_step._step_hooked = True  # type: ignore[attr-defined]
    return hooked_step


class StepHooks:
    """The step hooks of Optimizer (its base)."""

    # Until a hook is registered (into a dict of the instance's own), these empty class-level
    # ones answer, so a step without hooks looks at two attributes and runs.
    _optimizer_step_pre_hooks: dict[int, Any] = {}
    _optimizer_step_post_hooks: dict[int, Any] = {}
    _stepping = False  # inside a hooked step (its super().step() runs no hooks again)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if callable(step) and not getattr(step, "_step_hooked", False):
            cls.step = _hooked(step)  # type: ignore[attr-defined]

    def _register_step_hook(self, kind: str, hook: Any) -> StepHookHandle:
        if not callable(hook):
            raise TypeError(f"{type(self).__name__}.register_step_{kind}_hook: hook must be a "
                            f"function of (optimizer, args, kwargs), got {type(hook).__name__}")
        hooks = vars(self).setdefault(f"_optimizer_step_{kind}_hooks", {})
        handle = StepHookHandle(hooks)
        hooks[handle.id] = hook
        return handle

    def register_step_pre_hook(self, hook: Callable[..., Any]) -> StepHookHandle:
        """hook(optimizer, args, kwargs) before each step(); it may return (args, kwargs)."""
        return self._register_step_hook("pre", hook)

    def register_step_post_hook(self, hook: Callable[..., Any]) -> StepHookHandle:
        """hook(optimizer, args, kwargs) after each step()."""
        return self._register_step_hook("post", hook)


def named_group(param_group: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A copy of the group with named parameters split as PyTorch 2.13 does: pairs
    (name, parameter), as model.named_parameters() gives, become 'params' and 'param_names'."""
    group = {**param_group}
    params = group["params"]
    if isinstance(params, (Tensor, Value)):
        return group
    if isinstance(params, (set, frozenset)):
        raise TypeError(f"{where}: optimizer parameters need to be organized in ordered "
                        "collections, but the ordering of tensors in sets will change between "
                        "runs. Please use a list instead.")
    params = list(params)
    named = [p for p in params if isinstance(p, tuple)]
    if named:
        if len(named) != len(params):
            raise ValueError(f"{where}: all optimizer params should be with/without names. "
                             "Some param names are missing")
        bad = [p for p in named if len(p) != 2 or not isinstance(p[0], str)]
        if bad:
            raise TypeError(f"{where}: a named parameter is a pair (name, parameter), got "
                            f"a tuple of {len(bad[0])}")
        first: dict[int, tuple[str, Any]] = {}
        for name, p in named:  # a repeat counts once, under its first name
            first.setdefault(id(p), (name, p))
        group["param_names"] = [name for name, _ in first.values()]
        params = [p for _, p in first.values()]
    group["params"] = params
    return group
