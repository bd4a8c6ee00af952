"""How a Module's attributes become its parameters, children and buffers: PyTorch's
assignment rules (`Module.__setattr__`), and PyTorch's `_parameters`, `_modules` and
`_buffers` dicts, here live views of the attributes.

The attributes stay the truth (nn/module.py walks them); these rules only refuse what
PyTorch refuses, so a place keeps its kind: `m.weight = Tensor(...)` over a Parameter, or
`m.lin = 3` over a child, is a TypeError (None is allowed, a Parameter may replace
anything). Names starting with `_` are private, never checked.

Also GeneratorList, what parameters() and buffers() return: a list that next() walks too.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import numpy as np

from autograd import Tensor

from .parameter import Parameter, is_parameter


class Members:
    """Module's assignment rules and member dicts (a mixin: Module is the only user, so
    `isinstance(x, Members)` is `isinstance(x, Module)` without importing nn/module.py)."""

    def __setattr__(self, name: str, value: Any) -> None:
        # Only a place already taken can be refused (a registered buffer is an attribute
        # too): a new name, as in __init__, costs one dict lookup.
        if value is not None and name in self.__dict__ and name[:1] != "_":
            _check_assignment(self, name, value)
        object.__setattr__(self, name, value)

    @property
    def _parameters(self) -> MemberDict:
        """name -> parameter held directly (PyTorch's dict; reading and writing it reads
        and writes the attributes)."""
        return MemberDict(self, "parameter")

    @property
    def _modules(self) -> MemberDict:
        """name -> child module held directly (PyTorch's dict, a live view)."""
        return MemberDict(self, "module")

    @property
    def _buffers(self) -> MemberDict:
        """name -> buffer (PyTorch's dict, a live view). The registry of which attributes
        are buffers, and which are persistent, is the instance's own `vars(m)['_buffers']`
        (name -> persistent), which this property hides from `m._buffers`."""
        return MemberDict(self, "buffer")

    def _get_name(self) -> str:
        return type(self).__name__

    def set_submodule(self, target: str, module: Any, strict: bool = False) -> None:
        """Put `module` at the dotted path `target` ('block.conv'), as PyTorch: the parent
        must exist; with strict=True so must the place, and what is there must be a
        module."""
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        if not isinstance(module, Members):
            raise ValueError(f"`module` is not an nn.Module, found {type(module).__name__}")
        path, _, name = target.rpartition(".")
        parent = self.get_submodule(path)  # type: ignore[attr-defined]
        if strict and not hasattr(parent, name):
            raise AttributeError(f"{parent._get_name()} has no attribute `{name}`")
        if hasattr(parent, name) and not isinstance(getattr(parent, name), Members):
            raise AttributeError(f"`{name}` is not an nn.Module")
        setattr(parent, name, module)


def _check_assignment(module: Any, name: str, value: Any) -> None:
    """PyTorch's Module.__setattr__ rules, for a value that is not None put in the place
    of an attribute."""
    own = vars(module)
    old = own[name]
    registry = own.get("_buffers")
    if is_parameter(value) or isinstance(value, Members):
        if registry and name in registry:  # a buffer's place taken: no longer a buffer
            del registry[name]
        if isinstance(old, Parameter) and not isinstance(value, Parameter):
            raise TypeError(_refusal(value, "parameter", name, "nn.Parameter or None"))
        return
    if isinstance(old, Parameter):
        raise TypeError(_refusal(value, "parameter", name, "nn.Parameter or None"))
    if isinstance(old, Members):
        raise TypeError(_refusal(value, "child module", name, "nn.Module or None"))
    if registry and name in registry and not isinstance(value, (Tensor, np.ndarray)):
        raise TypeError(_refusal(value, "buffer", name, "Tensor, numpy array or None"))


def _refusal(value: Any, kind: str, name: str, expected: str) -> str:
    return f"cannot assign '{type(value).__name__}' as {kind} '{name}' ({expected} expected)"


class MemberDict(MutableMapping):  # type: ignore[type-arg]
    """A module's direct parameters, children or buffers by name: a live view of its
    attributes (setting an item sets the attribute, under the same rules)."""

    __slots__ = ("kind", "module")

    def __init__(self, module: Any, kind: str) -> None:
        self.module = module
        self.kind = kind

    def _items(self) -> list[tuple[str, Any]]:
        module = self.module
        if self.kind == "buffer":
            own = vars(module)
            return [(name, own.get(name)) for name in own.get("_buffers", {})]
        wanted = is_parameter if self.kind == "parameter" else (
            lambda m: isinstance(m, Members))
        return [(name, m) for name, m in module._members() if wanted(m)]

    def __getitem__(self, key: str) -> Any:
        for name, value in self._items():
            if name == key:
                return value
        raise KeyError(key)

    def __setitem__(self, key: str, value: Any) -> None:
        if self.kind == "parameter":
            self.module.register_parameter(key, value)
        elif self.kind == "buffer":
            self.module.register_buffer(key, value)
        else:
            self.module.add_module(key, value)

    def __delitem__(self, key: str) -> None:
        self[key]  # KeyError if absent  # noqa: B018
        if "." in key:
            raise KeyError(f"{key!r} is an item of a plain list or dict: change that instead")
        delattr(self.module, key)
        vars(self.module).get("_buffers", {}).pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter([name for name, _ in self._items()])

    def __len__(self) -> int:
        return len(self._items())

    def __repr__(self) -> str:
        return repr(dict(self._items()))


class GeneratorList(list):  # type: ignore[type-arg]
    """A list, as micrograd's parameters() returns (len(), indexing, iterating again), that
    next() walks as it walks PyTorch's generator: `next(model.parameters())` is the first
    parameter (init_hidden's idiom), each further next() on the same list the one after it,
    then StopIteration. A for loop or list() always starts from the first item, whatever
    next() has handed out."""

    def __next__(self) -> Any:
        position = self.__dict__.get("_position", 0)
        if position >= len(self):
            raise StopIteration
        self._position = position + 1
        return self[position]
