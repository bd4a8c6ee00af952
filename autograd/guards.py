"""What a compiled step reads besides its arguments: the modules it names.

A tape replays a step's graph without running its Python, so what the step reads from
outside its arguments must not change behind its back (torch.compile calls these checks
guards). A step names its model in its closure, among the globals it reads, as the object
of a bound method, or as an attribute of one of those (a trainer's `self.model`). Of those
modules autograd/compile.py keeps
    - the `training` flags, in every call's signature (train() and eval() build other graphs);
    - the identities of what they hold, checked on every call: another model, layer or
      parameter object (not new values: those a replay reads), or a new attribute (a node
      that a forward keeps), drops the tapes;
    - their buffers, compared around each recording: a step that changes them in Python
      (BatchNorm's running statistics in training mode) cannot be replayed.
autograd cannot import nn: a module is anything with a bool `training` and `modules()`.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterator
from typing import Any

from .node import Node
from .tape import bits


class Guards:
    """The modules `step` names, and what each call checks of them."""

    def __init__(self, step: Callable[..., Any]) -> None:
        self.bindings: list[tuple[Callable[[], Any], Any]] = []  # (read the name, its object)
        modules: dict[int, Any] = {}
        for read, obj in _named_objects(step):
            found = [m for item in _items(obj) if _is_module(item) for m in item.modules()]
            if found:
                self.bindings.append((read, obj))
                modules.update((id(m), m) for m in found)
        self.modules = list(modules.values())
        # The attribute dicts to watch, and in each the names that hold a parameter or a
        # module (directly or in a list, tuple or dict): the modules', and the holders'.
        known = set(modules)
        holders = [obj for _, obj in self.bindings if not _is_module(obj)
                   and isinstance(getattr(obj, "__dict__", None), dict)]
        self._watched = [(vars(obj), [name for name, value in vars(obj).items()
                                      if _holds(value, known)])
                         for obj in self.modules + holders]
        self._layout = self.layout()

    def moved(self) -> bool:
        """Whether the step names another object now, or a module holds another one."""
        return self.layout() != self._layout

    def layout(self) -> list[int]:
        """The identities of the objects the step names, of the parameters and modules
        they hold (containers opened), and how many attributes each has (a node kept by a
        forward shows). Other attributes (a counter, a flag) are not read, so that changing
        them records nothing anew."""
        ids = [id(read()) for read, _ in self.bindings]
        append = ids.append
        for attributes, names in self._watched:  # plain loops: this runs on every call
            append(len(attributes) - ("training" in attributes))  # (eval() may add it)
            for name in names:
                value = attributes.get(name)
                append(id(value))
                kind = type(value)
                if kind is list or kind is tuple:
                    ids += map(id, value)
                elif kind is dict:
                    ids += map(id, value.values())
        return ids

    def buffers(self) -> dict[tuple[Any, str], Any]:
        """Each module's buffers (nn's named_buffers), by identity and bit for bit."""
        found = {}
        for module in self.modules:
            named = getattr(module, "named_buffers", None)
            for name, buffer in named(recurse=False) if callable(named) else ():
                found[module, name] = (id(buffer), bits(buffer))
        return found

    def changed_buffers(self, before: dict[tuple[Any, str], Any]) -> list[str]:
        """The buffers that are not as `before` (`BatchNorm1d.running_mean`)."""
        return [f"{type(module).__name__}.{name}" for (module, name), now in
                self.buffers().items() if before.get((module, name)) != now]


def _holds(value: Any, modules: set[int]) -> bool:
    """Whether an attribute holds a parameter (a node) or one of `modules`, maybe in a list,
    tuple or dict."""
    kind = type(value)
    items = value if kind is list or kind is tuple else \
        value.values() if kind is dict else (value,)
    return any(isinstance(x, Node) or id(x) in modules for x in items)


def _is_module(obj: Any) -> bool:
    """An nn.Module (autograd cannot import nn): a training flag and a modules() walk."""
    if isinstance(obj, types.ModuleType):  # a Python module (nn.functional), not an nn one
        return False
    return isinstance(getattr(obj, "training", None), bool) and \
        callable(getattr(obj, "modules", None))


def _items(obj: Any) -> list[Any]:
    """obj, the items of a list, tuple or dict, or an object and its attributes (a trainer
    whose `self.model` the step uses)."""
    if isinstance(obj, (list, tuple)):
        return list(obj)
    if isinstance(obj, dict):
        return list(obj.values())
    if _is_module(obj) or isinstance(obj, (type, types.ModuleType, types.FunctionType)):
        return [obj]
    return [obj, *getattr(obj, "__dict__", {}).values()]


def _named_objects(fn: Any) -> list[tuple[Callable[[], Any], Any]]:
    """(read, object) for what fn names: its closure's cells, the globals its code reads,
    the object a method is bound to; read() gives what the name holds now."""
    found: list[tuple[Callable[[], Any], Any]] = []
    if isinstance(fn, functools.partial):
        given = [*fn.args, *fn.keywords.values()]
        return [(lambda x=x: x, x) for x in given] + _named_objects(fn.func)
    bound = getattr(fn, "__self__", None)
    if bound is not None and not isinstance(bound, types.ModuleType):
        found.append((lambda: bound, bound))
    func = getattr(fn, "__func__", fn)
    code = getattr(func, "__code__", None)
    if code is None:  # a callable object, such as a Module whose forward gives the loss
        return found + [(lambda: fn, fn)]
    for cell in func.__closure__ or ():
        try:
            found.append((lambda cell=cell: cell.cell_contents, cell.cell_contents))
        except ValueError:  # a cell not filled yet
            continue
    names = func.__globals__
    for name in _global_names(code):
        if name in names:
            found.append((lambda name=name: names.get(name), names[name]))
    return found


def _global_names(code: types.CodeType) -> Iterator[str]:
    yield from code.co_names
    for const in code.co_consts:  # nested functions and comprehensions
        if isinstance(const, types.CodeType):
            yield from _global_names(const)
