"""A module's state dict: its parameters and persistent buffers by dotted name, PyTorch's
names and order, and loading them back all or nothing.

The values are PyTorch's: detached Tensors that share the parameters' and buffers' arrays
(`sd['weight'][:] = 0` zeroes the weight; `.clone()` copies), or with keep_vars=True the
Parameters themselves. A micrograd Value has no array to share: its entry is a 0-d copy.

Loading follows PyTorch's path: `load_state_dict` calls each module's
`_load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys,
unexpected_keys, error_msgs)`, so an override (checkpoint key migration) is honoured, and
`get_extra_state`/`set_extra_state`, when a class defines them, are saved and loaded under
`<prefix>_extra_state`. Unlike PyTorch, nothing changes until every entry has been checked:
each module's step only plans its copies, and they are made at the end, or not at all.
"""

from __future__ import annotations

import contextvars
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from autograd import Tensor, Value

from .parameter import Parameter, is_parameter

EXTRA_STATE = "_extra_state"

# The copies planned by the _load_from_state_dict calls of the load_state_dict under way
_plan: contextvars.ContextVar[list[Callable[[], Any]] | None] = contextvars.ContextVar(
    "load_plan", default=None)
_saving: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "saving", default=frozenset())


class LoadError(RuntimeError, ValueError):
    """A state dict that does not fit: PyTorch raises RuntimeError, earlier gradproof
    ValueError; code written for either catches it."""


class IncompatibleKeys(NamedTuple):
    """What load_state_dict did not match: PyTorch's `_IncompatibleKeys`."""

    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (f"IncompatibleKeys(missing_keys={self.missing_keys}, "
                f"unexpected_keys={self.unexpected_keys})")


class State:
    """Module's state_dict methods (a mixin: Module is the only class that uses it)."""

    def _named_state(self, prefix: str = "", ancestors: frozenset[int] = frozenset()
                     ) -> Iterator[tuple[str, Any]]:
        """(dotted name, parameter or persistent buffer) under every name it has, as
        PyTorch's state_dict: each module's parameters, then its buffers, then its children.

        Unlike named_parameters, a shared parameter or module appears at each of its places:
        a checkpoint then loads into a model whether or not that model shares them.
        """
        ancestors = ancestors | {id(self)}
        members = list(self._members())
        yield from ((join(prefix, name), p) for name, p in self._own_state(members))
        for name, m in members:
            if isinstance(m, State) and id(m) not in ancestors:  # a cycle would never end
                yield from m._named_state(join(prefix, name), ancestors)

    def _own_state(self, members: list[tuple[str, Any]] | None = None
                   ) -> Iterator[tuple[str, Any]]:
        """(name, parameter or buffer entry) for this module's own state."""
        for name, p in self._members() if members is None else members:
            if is_parameter(p):
                yield name, p
        yield from self._state_buffers()

    def _has_extra_state(self) -> bool:
        return type(self).get_extra_state is not State.get_extra_state

    def get_extra_state(self) -> Any:
        """Extra state to save in state_dict (under `_extra_state`): override it, with
        set_extra_state, to keep state that is not a Tensor, as PyTorch."""
        raise RuntimeError("Reached a code path in Module.get_extra_state() that should never "
                           "be called.")

    def set_extra_state(self, state: Any) -> None:
        """Take back what get_extra_state gave (called by load_state_dict)."""
        raise RuntimeError("Reached a code path in Module.set_extra_state() that should never "
                           "be called.")

    def state_dict(self, *args: Any, destination: Any = None, prefix: str = "",
                   keep_vars: bool = False) -> Any:
        """name -> each parameter and persistent buffer (a shared one under each of its
        names), in PyTorch's order and with PyTorch's names: detached Tensors sharing their
        arrays, or with keep_vars=True the Parameters and buffers themselves. PyTorch's
        arguments, positional ones too (destination, prefix, keep_vars)."""
        if args:  # PyTorch's old positional form
            destination, prefix, keep_vars = (*args, destination, prefix, keep_vars)[:3]
        if destination is None:
            destination = OrderedDict()
        ancestors = _saving.get()
        token = _saving.set(ancestors | {id(self)})
        try:
            self._save_to_state_dict(destination, prefix, keep_vars)
            for name, m in self._members():
                if isinstance(m, State) and id(m) not in ancestors | {id(self)}:
                    m.state_dict(destination=destination, prefix=f"{prefix}{name}.",
                                 keep_vars=keep_vars)
        finally:
            _saving.reset(token)
        return destination

    def _save_to_state_dict(self, destination: Any, prefix: str, keep_vars: bool) -> None:
        """This module's own entries into `destination` (PyTorch's per-module step)."""
        for name, p in self._own_state():
            destination[prefix + name] = _entry(p, keep_vars)
        if self._has_extra_state():
            destination[prefix + EXTRA_STATE] = self.get_extra_state()

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True,
                        assign: bool = False) -> IncompatibleKeys:
        """Set the parameters and persistent buffers to the values in `state_dict`, all or
        nothing, by PyTorch's path (each module's `_load_from_state_dict`).

        Returns (missing_keys, unexpected_keys), as PyTorch; both are empty when strict.
        Every entry is checked and cast to its parameter's dtype into a new array first;
        any problem raises (one LoadError, a RuntimeError and a ValueError, lists them all)
        and nothing has changed. Then each parameter takes its new array, as PyTorch's
        `p.data = ...`: the same Parameter objects (an optimizer still holds them). With
        assign=True the module's attributes take new Parameters (requires_grad kept) of the
        given values' dtypes instead, as PyTorch's.
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"load_state_dict: expected a mapping of name -> array, got "
                            f"{type(state_dict).__name__}")
        state = OrderedDict(state_dict)
        missing: list[str] = []
        unexpected: list[str] = []
        problems: list[str] = []
        plan: list[Callable[[], Any]] = []
        token = _plan.set(plan)
        try:
            self._load_tree(state, "", {"assign_to_params_buffers": bool(assign)}, missing,
                            unexpected, problems, frozenset())
        finally:
            _plan.reset(token)
        keys = []
        if strict and missing:
            keys.append(f"missing: {', '.join(missing)}")
        if strict and unexpected:
            keys.append(f"unexpected: {', '.join(map(str, unexpected))}")
        if keys or problems:
            raise LoadError(f"load_state_dict for {type(self).__name__}: "
                            + "; ".join(keys + problems) + " (nothing was loaded)")
        steps = [prepare() for prepare in plan]  # the casts, which may fail: nothing yet set
        for step in steps:
            step()
        return IncompatibleKeys(missing, unexpected)

    def _load_tree(self, state: Mapping[str, Any], prefix: str, metadata: dict[str, Any],
                   missing: list[str], unexpected: list[str], problems: list[str],
                   ancestors: frozenset[int]) -> None:
        self._load_from_state_dict(state, prefix, metadata, True, missing, unexpected,
                                   problems)
        ancestors = ancestors | {id(self)}
        for name, m in self._members():
            if isinstance(m, State) and id(m) not in ancestors:
                child = f"{prefix}{name}."
                m._load_tree({k: v for k, v in state.items() if k.startswith(child)}, child,
                             metadata, missing, unexpected, problems, ancestors)

    def _load_from_state_dict(self, state_dict: Mapping[str, Any], prefix: str,
                              local_metadata: Mapping[str, Any], strict: bool,
                              missing_keys: list[str], unexpected_keys: list[str],
                              error_msgs: list[str]) -> None:
        """This module's own entries from `state_dict` (PyTorch's per-module step; an
        override may rename keys, then call this). Inside load_state_dict the copies are
        planned and made only if everything fits; called alone, they are made at once."""
        plan = _plan.get()
        alone = plan is None
        plan = [] if plan is None else plan
        assign = bool(local_metadata.get("assign_to_params_buffers", False))
        members = list(self._members())
        local = dict(self._own_state(members))
        for name, p in local.items():
            key = prefix + name
            if key not in state_dict:
                missing_keys.append(key)
                continue
            value = state_dict[key]
            try:
                array = np.asarray(value.data if isinstance(value, (Tensor, Value)) else value)
            except (TypeError, ValueError):
                array = np.asarray(None)
            if array.dtype.kind not in "fiub":
                error_msgs.append(f"not numbers: {key} has dtype {array.dtype}")
            elif array.shape != np.shape(p.data):
                error_msgs.append(f"wrong shape: {key} is {array.shape}, "
                                  f"expected {np.shape(p.data)}")
            else:
                plan.append(_loader(self, name, p, key, value, array, assign))
        if self._has_extra_state():
            key = prefix + EXTRA_STATE
            if key in state_dict:
                extra = state_dict[key]
                plan.append(lambda: lambda: self.set_extra_state(extra))
            elif strict:
                missing_keys.append(key)
        if strict:
            children = [name for name, m in members if isinstance(m, State)]
            for key in state_dict:
                if not key.startswith(prefix) or key == prefix + EXTRA_STATE:
                    continue
                rest = key[len(prefix):]
                if rest not in local and not any(rest.startswith(c + ".") for c in children):
                    unexpected_keys.append(key)
        if alone and not error_msgs:
            for step in [prepare() for prepare in plan]:
                step()

    def _check_state(self, specs: Mapping[str, Any], strict: bool = True) -> IncompatibleKeys:
        """Whether entries of these (shape, dtype) would load, known before any value is
        read (nn.load checks a file's header with it): `specs` maps every name on offer to
        (shape, dtype), or to None for a name this module does not have. Missing and
        unexpected names (when strict), wrong shapes and entries that are not numbers are
        listed in one LoadError."""
        params = dict(self._named_state())
        extra = [join(path, EXTRA_STATE) for path, m in self.named_modules()
                 if m._has_extra_state()]
        missing = [name for name in [*params, *extra] if name not in specs]
        unexpected = [name for name in specs if name not in params and name not in extra]
        problems: list[str] = []
        if strict and missing:
            problems.append(f"missing: {', '.join(missing)}")
        if strict and unexpected:
            problems.append(f"unexpected: {', '.join(map(str, unexpected))}")
        for name, p in params.items():
            if name not in specs:
                continue
            shape, dtype = specs[name]
            if np.dtype(dtype).kind not in "fiub":
                problems.append(f"not numbers: {name} has dtype {dtype}")
            elif tuple(shape) != np.shape(p.data):
                problems.append(f"wrong shape: {name} is {tuple(shape)}, "
                                f"expected {np.shape(p.data)}")
        if problems:
            raise LoadError(f"load_state_dict for {type(self).__name__}: "
                            + "; ".join(problems) + " (nothing was loaded)")
        return IncompatibleKeys(missing, unexpected)


def _entry(p: Any, keep_vars: bool) -> Any:
    """What state_dict holds for a parameter or buffer entry."""
    if isinstance(p, Value):
        return p if keep_vars else Tensor(p.data)  # a Python float: nothing to share
    if isinstance(p, Tensor):
        return p if keep_vars else p.detach()
    if keep_vars:  # an ndarray buffer's ArrayBuffer: the array itself
        return p.data
    return sharing(p.data)


def sharing(array: np.ndarray) -> Tensor:
    """A Tensor holding `array` itself (not a copy), in its dtype."""
    t = Tensor(np.empty(0, array.dtype), dtype=array.dtype)
    t.data = array  # assigning an ndarray takes it as it is
    return t


def _loader(module: Any, name: str, p: Any, key: str, value: Any, array: np.ndarray,
            assign: bool) -> Callable[[], Callable[[], None]]:
    """A planned load of one entry: called, it casts (which may fail) and returns the
    step that sets it (which cannot)."""
    def prepare() -> Callable[[], None]:
        try:
            if isinstance(p, Value):
                new: Any = float(array)
            elif assign:
                new = np.array(array, copy=True)
            else:
                new = np.array(array, dtype=p.data.dtype, copy=True)
        except (ArithmeticError, RuntimeWarning) as e:  # np.errstate(over="raise"), -W error
            raise type(e)(f"load_state_dict for {type(module).__name__}: {key} "
                          f"({array.dtype}) does not fit {p.dtype}: {e} "
                          "(nothing was loaded)") from e
        if assign and isinstance(p, Parameter):
            replacement = Parameter(sharing(new), requires_grad=p.requires_grad)
            return lambda: setattr(module, name, replacement)
        if assign and isinstance(p, Tensor):
            return lambda: setattr(module, name, sharing(new))

        def step() -> None:
            p.data = new  # assigning a prepared value cannot fail
        return step
    return prepare


def join(prefix: str, name: str) -> str:
    """A dotted name: `layers.0` and `weight` make `layers.0.weight`."""
    return f"{prefix}.{name}" if prefix else name
