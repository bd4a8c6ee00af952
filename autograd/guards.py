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
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from . import dtypes, modes
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
        # moved(): whether the step names another object now, or a module holds another
        self.moved = _function("moved", [], *self._checks(), ["return False"])

    def _checks(self) -> tuple[list[str], dict[str, Any]]:
        """What moved() compares, as lines of Python that return True at a difference, and
        the objects they name: the objects the step names, the parameters and modules they
        hold (containers opened), and how many attributes each has (a node kept by a
        forward shows). Other attributes (a counter, a flag) are not read, so that changing
        them records nothing anew. Written out, since a replayed step runs them each call."""
        names: dict[str, Any] = {"_ids": _ids}
        lines = []
        for i, (read, obj) in enumerate(self.bindings):
            names[f"R{i}"], names[f"B{i}"] = read, obj
            lines.append(f"if R{i}() is not B{i}: return True")
        for j, (attributes, watched) in enumerate(self._watched):
            names[f"D{j}"] = attributes
            count = len(attributes) - ("training" in attributes)  # (eval() may add it)
            lines.append(f"if len(D{j}) - ('training' in D{j}) != {count}: return True")
            for k, name in enumerate(watched):
                value = attributes.get(name)
                names[f"N{j}_{k}"], names[f"V{j}_{k}"] = name, value
                if type(value) in (list, tuple, dict):  # the container and what it holds
                    names[f"V{j}_{k}"] = _ids(value)
                    lines.append(f"if _ids(D{j}.get(N{j}_{k})) != V{j}_{k}: return True")
                else:
                    lines.append(f"if D{j}.get(N{j}_{k}) is not V{j}_{k}: return True")
        return lines, names

    def fast_call(self, args: tuple[Any, ...], key: tuple[Any, ...],
                  replay: Callable[[tuple[Any, ...]], Any]) -> Callable[..., Any]:
        """replay(args) behind the checks that a call has the signature of this one (its
        arguments all arrays; key: grad mode and default dtype), that the modules' training
        flags are as now and that nothing moved; None where a check fails. Written out as
        one function: a replayed step runs it every call."""
        names: dict[str, Any] = {"ndarray": np.ndarray, "grad_enabled": modes.grad_enabled,
                                 "default_dtype": dtypes.get_default_dtype, "GRAD": key[0],
                                 "DTYPE": key[1], "replay": replay}
        lines = [f"if len(args) != {len(args)}: return None"]
        for i, x in enumerate(args):
            names[f"SHAPE{i}"], names[f"DTYPE{i}"] = x.shape, x.dtype
            lines.append(f"x = args[{i}]")
            lines.append(f"if type(x) is not ndarray or x.shape != SHAPE{i} or "
                         f"x.dtype != DTYPE{i}: return None")
        lines.append("if grad_enabled.get() is not GRAD or default_dtype() != DTYPE: "
                     "return None")
        for m, module in enumerate(self.modules):
            names[f"M{m}"] = module
            lines.append(f"if M{m}.training is not {module.training}: return None")
        moved, checks = self._checks()
        names.update(checks)
        lines += [line.replace("return True", "return None") for line in moved]
        return _function("fast_call", ["args"], lines + ["return replay(args)"], names)

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


def _function(name: str, parameters: list[str], lines: list[str], names: dict[str, Any],
              last: Sequence[str] = ()) -> Callable[..., Any]:
    """A function compiled from lines of Python, with `names` as its globals."""
    body = "".join(f"\n    {line}" for line in [*lines, *last])
    exec(compile(f"def {name}({', '.join(parameters)}):{body}", f"<autograd {name}>",  # noqa: S102
                 "exec"), names)
    return names[name]


def _ids(value: Any) -> list[int]:
    """The identities of a value and, for a list, tuple or dict, of what it holds."""
    kind = type(value)
    if kind is list or kind is tuple:
        return [id(value), *map(id, value)]
    if kind is dict:
        return [id(value), *map(id, value.values())]
    return [id(value)]


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
