"""Containers: Sequential, ModuleList and ModuleDict, PyTorch's ways to hold submodules.

A plain list or dict of modules on an attribute works too (the attribute walk opens it);
these add PyTorch's names, their methods and their reprs.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from autograd.arguments import shown

from .module import Module


class _ModuleSequence(Module):
    """What Sequential and ModuleList share: children kept in order as attributes.

    The children are attributes named '0', '1', ... (or the names given to Sequential), so
    the attribute walk finds them, and `seq.fc1` works. Inserting or deleting renumbers
    them from 0, as PyTorch does.
    """

    def _named(self) -> list[tuple[str, Module]]:
        return [(name, m) for name, m in vars(self).items()
                if isinstance(m, Module) and not name.startswith("_")]

    def _renumber(self, modules: list[Module]) -> None:
        for name, _ in self._named():
            delattr(self, name)
        for i, m in enumerate(modules):
            setattr(self, str(i), m)

    def _position(self, index: int) -> int:
        i, n = operator.index(index), len(self)  # a str index raises TypeError, as PyTorch
        if not -n <= i < n:
            raise IndexError(f"index {index} is out of range")
        return i % n

    def __len__(self) -> int:
        return len(self._named())

    def __iter__(self) -> Iterator[Module]:
        return iter([m for _, m in self._named()])

    def __setitem__(self, index: int, module: Module) -> None:
        _check_module(module, type(self).__name__)
        self.add_module(self._named()[self._position(index)][0], module)

    def __delitem__(self, index: int | slice) -> None:
        modules = list(self)
        del modules[index if isinstance(index, slice) else self._position(index)]
        self._renumber(modules)

    def append(self, module: Module) -> _ModuleSequence:
        _check_module(module, type(self).__name__)
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> _ModuleSequence:
        if not isinstance(modules, Iterable) or isinstance(modules, (str, bytes, np.ndarray)):
            raise TypeError(f"{type(self).__name__}: extend should be called with an iterable, "
                            f"but got {type(modules).__name__}: modules is {shown(modules)}")
        modules = list(modules)
        for i, m in enumerate(modules):  # all checked first: a bad item changes nothing
            _check_module(m, type(self).__name__, f"modules[{i}]")
        for m in modules:
            self.append(m)
        return self

    def pop(self, key: int | slice) -> Any:
        """Remove and return the module at `key` (a slice: those modules), as PyTorch."""
        value = self[key]  # type: ignore[index]
        del self[key]
        return value

    def _insert(self, index: int, module: Module) -> None:
        _check_module(module, type(self).__name__)
        n = len(self)
        if not -n <= index <= n:
            raise IndexError(f"index {index} is out of range")
        modules = list(self)
        modules.insert(index, module)
        self._renumber(modules)


class Sequential(_ModuleSequence):
    """Modules applied one after the other; indexable, with len() and iteration.

    Its children are named '0', '1', ... as in PyTorch (so a parameter is '0.weight'), or
    given names: `Sequential(OrderedDict([("fc1", Linear(2, 3)), ("act", ReLU())]))`.
    """

    def __init__(self, *modules: Module) -> None:
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            named = list(modules[0].items())
        else:
            named = [(str(i), m) for i, m in enumerate(modules)]
        for name, m in named:
            if not isinstance(m, Module):
                raise TypeError(f"Sequential: modules[{name}] must be a Module, got "
                                f"{shown(m)}")
            self.add_module(name, m)

    def forward(self, x: Any) -> Any:
        for name, layer in vars(self).items():  # _named(), without making its list per call
            if isinstance(layer, Module) and not name.startswith("_"):
                x = layer(x)
        return x

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):  # the names are kept, as PyTorch
            return Sequential(OrderedDict(self._named()[index]))
        return self._named()[self._position(index)][1]

    def insert(self, index: int, module: Module) -> Sequential:
        self._insert(index, module)
        return self

    def __add__(self, other: Sequential) -> Sequential:
        """A new Sequential of self's modules then other's, named '0', '1', ..."""
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other).__name__} is given.")
        return Sequential(*self, *other)

    def __iadd__(self, other: Sequential) -> Sequential:
        """other's modules appended, named from len(self) on (the same objects)."""
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other).__name__} is given.")
        offset = len(self)
        for i, module in enumerate(list(other)):
            self.add_module(str(i + offset), module)
        return self

    def __mul__(self, other: int) -> Sequential:
        """A new Sequential of self's modules `other` times (the same objects, shared)."""
        _check_factor(self, other)
        return Sequential(*(list(self) * other))

    __rmul__ = __mul__

    def __imul__(self, other: int) -> Sequential:
        _check_factor(self, other)
        modules = list(self)
        for i, module in enumerate(modules * (other - 1)):
            self.add_module(str(len(modules) + i), module)
        return self


class ModuleList(_ModuleSequence):
    """A list of modules, for a forward that loops over them: `ModuleList([Linear(2, 2)])`.

    Unlike a plain list, it is itself a module: named_modules and repr show it (`blocks`,
    then `blocks.0`), as PyTorch.
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return ModuleList(list(self)[index])
        return list(self)[self._position(index)]

    def insert(self, index: int, module: Module) -> None:
        self._insert(index, module)

    def __add__(self, other: Iterable[Module]) -> ModuleList:
        """A new ModuleList of self's modules then other's."""
        return ModuleList([*self, *other])

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)  # type: ignore[return-value]

    def __repr__(self) -> str:
        # PyTorch's: a run of identical modules is one line, "(0-2): 3 x Linear(...)".
        runs: list[list[Any]] = []  # [first, last, repr]
        for i, m in enumerate(self):
            text = repr(m)
            if runs and runs[-1][2] == text:
                runs[-1][1] = i
            else:
                runs.append([i, i, text])
        if not runs:
            return "ModuleList()"
        lines = [f"({a}): {text}" if a == b else f"({a}-{b}): {b - a + 1} x {text}"
                 for a, b, text in runs]
        return "ModuleList(\n  " + "\n  ".join(s.replace("\n", "\n  ") for s in lines) + "\n)"


class ModuleDict(Module):
    """A dict of modules, in insertion order: `ModuleDict({"encoder": Linear(4, 2)})`.

    Each is a child under its key (`heads.a.weight`); keys are strings that are not
    already attributes ('forward', 'keys', 'training' are taken), as PyTorch.
    """

    def __init__(self, modules: Mapping[str, Module] | Iterable[Any] | None = None) -> None:
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        if key not in self:
            raise KeyError(key)
        return getattr(self, key)

    def __setitem__(self, key: str, module: Module) -> None:
        _check_module(module, "ModuleDict")
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        delattr(self, key)

    def __len__(self) -> int:
        return len(self.keys())

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __contains__(self, key: object) -> bool:
        return key in self.keys()

    def keys(self) -> list[str]:
        return [name for name, m in vars(self).items()
                if isinstance(m, Module) and not name.startswith("_")]

    def values(self) -> list[Module]:
        return [self[key] for key in self.keys()]

    def items(self) -> list[tuple[str, Module]]:
        return [(key, self[key]) for key in self.keys()]

    def pop(self, key: str) -> Module:
        module = self[key]
        del self[key]
        return module

    def clear(self) -> None:
        """Remove every module."""
        for key in self.keys():
            delattr(self, key)

    def update(self, modules: Mapping[str, Module] | Iterable[Any]) -> None:
        """Add or replace from a mapping, a ModuleDict, or (key, module) pairs."""
        if isinstance(modules, (Mapping, ModuleDict)):
            pairs = list(modules.items())
        elif isinstance(modules, Iterable) and not isinstance(modules, (str, bytes)):
            pairs = list(modules)
            for j, pair in enumerate(pairs):
                if not isinstance(pair, (tuple, list)):
                    raise ValueError(f"ModuleDict: update sequence element #{j} is "
                                     f"{shown(pair)}; a (key, module) pair is required "
                                     f"(modules is {shown(modules)})")
                if len(pair) != 2:
                    raise ValueError(f"ModuleDict: update sequence element #{j} has length "
                                     f"{len(pair)}; 2 is required (modules is "
                                     f"{shown(modules)})")
        else:
            raise TypeError("ModuleDict: update should be called with an iterable of key/value "
                            f"pairs, but got {type(modules).__name__}: modules is "
                            f"{shown(modules)}")
        for key, module in pairs:
            self[key] = module


def _check_factor(sequential: Sequential, factor: Any) -> None:
    """PyTorch's checks on `sequential * factor`."""
    if not isinstance(factor, int) or isinstance(factor, bool):
        raise TypeError(f"unsupported operand type(s) for *: Sequential and "
                        f"{type(factor).__name__}")
    if factor <= 0:
        raise ValueError(f"Non-positive multiplication factor {factor} for Sequential")


def _check_module(module: Any, where: str, name: str = "module") -> None:
    if not isinstance(module, Module):
        raise TypeError(f"{where}: {type(module).__name__} is not a Module subclass ({name} is "
                        f"{shown(module)})")
