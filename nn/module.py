"""Module, the base of every layer and model, and Parameter, a Tensor that learns.

A Module finds its parameters and submodules by looking at its attributes (PyTorch's habit
without registration): a Parameter, a micrograd `Value`, a Module, or a list, tuple or dict
of them. Attributes whose names start with `_` are private and not walked. Names are dotted
paths, as in PyTorch: `layers.0.weight`.

Calling a module runs `forward` inside `autograd.name_scope("<path> (<Class>)")`, so every
node it makes remembers which layer made it (`layers.0 (Linear)`; the outermost module is
`(MLP)`), and graph drawings can group them.
"""

from __future__ import annotations

import contextvars
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from autograd import Tensor, Value, name_scope


class IncompatibleKeys(NamedTuple):
    """What load_state_dict did not match: PyTorch's `_IncompatibleKeys`."""

    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (f"IncompatibleKeys(missing_keys={self.missing_keys}, "
                f"unexpected_keys={self.unexpected_keys})")


class Parameter(Tensor):
    """A Tensor that is a module's state: `Parameter(data, requires_grad=True)` (a copy).

    A Module collects the Parameters among its attributes, frozen ones
    (requires_grad=False) too, as PyTorch does; a plain Tensor kept on a module (an input
    saved for later, a constant) is not a parameter. Ops on a Parameter give plain Tensors.
    """

    __slots__ = ()

    def __init__(self, data: Any, requires_grad: bool = True, dtype: Any = None) -> None:
        super().__init__(data, requires_grad=requires_grad, dtype=dtype)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


def _is_parameter(x: Any) -> bool:
    if type(x) is Value:  # micrograd's parameters are leaf Values
        return not x._prev
    return isinstance(x, Parameter)


# The module whose call is outermost right now, and the paths of its submodules (made
# when first needed), so a submodule's name scope is its path from that root.
_root_call: contextvars.ContextVar[_RootCall | None] = contextvars.ContextVar(
    "root_call", default=None)


class _RootCall:
    def __init__(self, root: Module) -> None:
        self.root = root
        self.paths: dict[int, str] | None = None

    def path_of(self, module: Module) -> str:
        if self.paths is None:
            self.paths = {id(m): name for name, m in self.root.named_modules() if name}
        return self.paths.get(id(module), "")


class _ScopeName:
    """'<path> (<Class>)', worked out only when read (when a graph is drawn).

    Walking the module tree for paths on every call would cost more than a small layer's
    forward; the name is a string to whoever reads it (str, ==, hash), and the walk is done
    once per outermost call, when first asked.
    """

    __slots__ = ("call", "module", "_text")

    def __init__(self, call: _RootCall, module: Module) -> None:
        self.call = call
        self.module = module
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            path = self.call.path_of(self.module)
            name = type(self.module).__name__
            self._text = f"{path} ({name})" if path else f"({name})"
        return self._text

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, (str, _ScopeName)) else NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


class Module:
    """Base class: define `forward`; call the module to run it.

        class Net(nn.Module):
            def __init__(self):
                self.hidden = nn.Linear(2, 16)
                self.out = nn.Linear(16, 1)

            def forward(self, x):
                return self.out(self.hidden(x).relu())
    """

    training: bool = True  # a class default, so subclasses need not call __init__

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} has no forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        call = _root_call.get()
        if call is None:  # the outermost module: its own scope, and the root of the paths
            token = _root_call.set(_RootCall(self))
            try:
                with name_scope(f"({type(self).__name__})"):
                    return self.forward(*args, **kwargs)
            finally:
                _root_call.reset(token)
        with name_scope(_ScopeName(call, self)):  # type: ignore[arg-type]
            return self.forward(*args, **kwargs)

    # -- walking the attributes -------------------------------------------------------

    def _members(self) -> Iterator[tuple[str, Any]]:
        """(name, object) for every parameter or submodule held directly, containers opened."""
        for name, value in vars(self).items():
            if not name.startswith("_"):
                yield from _open(name, value)

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """(dotted path, module) for this module ('' ) and every submodule, each once."""
        seen: set[int] = set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            children = [(_join(name, n), m) for n, m in module._members()
                        if isinstance(m, Module)]
            stack.extend(reversed(children))  # the first child comes out first

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        seen: set[int] = set()
        for name, m in self._members():
            if isinstance(m, Module) and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def named_parameters(self) -> Iterator[tuple[str, Any]]:
        """(dotted name, parameter) for every parameter, each once, in a stable order."""
        seen: set[int] = set()
        for path, module in self.named_modules():
            for name, p in module._members():
                if _is_parameter(p) and id(p) not in seen:
                    seen.add(id(p))
                    yield _join(path, name), p

    def parameters(self) -> list[Any]:
        """Every parameter (Tensors and/or Values), each once, in a stable order."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: a Value's grad becomes 0.0, a Tensor's None, or with
        set_to_none=False zeros (a grad that is None stays None), as PyTorch."""
        for p in self.parameters():
            clear_grad(p, set_to_none)

    # -- modes ------------------------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        """Training mode (dropout active) for this module and every submodule."""
        for module in self.modules():
            module.training = mode
        return self

    def eval(self) -> Module:
        """Evaluation mode (dropout off): `train(False)`."""
        return self.train(False)

    # -- saving and loading -----------------------------------------------------------

    def _named_state(self, prefix: str = "", ancestors: frozenset[int] = frozenset()
                     ) -> Iterator[tuple[str, Any]]:
        """(dotted name, parameter) under every name it has, as PyTorch's state_dict.

        Unlike named_parameters, a shared parameter or module appears at each of its places:
        a checkpoint then loads into a model whether or not that model shares them.
        """
        ancestors = ancestors | {id(self)}
        members = list(self._members())
        for name, p in members:
            if _is_parameter(p):
                yield _join(prefix, name), p
        for name, m in members:
            if isinstance(m, Module) and id(m) not in ancestors:  # a cycle would never end
                yield from m._named_state(_join(prefix, name), ancestors)

    def state_dict(self) -> OrderedDict[str, np.ndarray]:
        """name -> a copy of the parameter's values; a shared parameter under each name."""
        return OrderedDict((name, np.array(p.data, copy=True))
                           for name, p in self._named_state())

    def load_state_dict(self, state: Mapping[str, Any], strict: bool = True
                        ) -> IncompatibleKeys:
        """Copy values from `state` into the parameters, after checking every entry.

        Returns (missing_keys, unexpected_keys), as PyTorch; both are empty when strict.
        Missing and unexpected names (when strict) and entries of the wrong shape or that
        are not numbers are all listed in one ValueError, and then nothing has been changed.
        """
        if not isinstance(state, Mapping):
            raise TypeError(f"load_state_dict: expected a mapping of name -> array, got "
                            f"{type(state).__name__}")
        params = dict(self._named_state())
        problems: list[str] = []
        missing = [name for name in params if name not in state]
        unexpected = [name for name in state if name not in params]
        if strict and missing:
            problems.append(f"missing: {', '.join(missing)}")
        if strict and unexpected:
            problems.append(f"unexpected: {', '.join(map(str, unexpected))}")
        arrays: dict[str, np.ndarray] = {}
        for name, p in params.items():
            if name not in state:
                continue
            value = state[name]
            array = np.asarray(value.data if isinstance(value, (Tensor, Value)) else value)
            if array.dtype.kind not in "fiub":
                problems.append(f"not numbers: {name} has dtype {array.dtype}")
            elif array.shape != np.shape(p.data):
                problems.append(f"wrong shape: {name} is {array.shape}, "
                                f"expected {np.shape(p.data)}")
            else:
                arrays[name] = array
        if problems:
            raise ValueError(f"load_state_dict for {type(self).__name__}: "
                             + "; ".join(problems) + " (nothing was loaded)")
        for name, array in arrays.items():
            p = params[name]
            if isinstance(p, Value):
                p.data = float(array)
            else:
                p.data[...] = array  # in place: whoever holds the array sees the new values
        return IncompatibleKeys(missing, unexpected)

    # -- printing ---------------------------------------------------------------------

    def extra_repr(self) -> str:
        """What goes between the parentheses of this module's repr (its settings)."""
        return ""

    def __repr__(self) -> str:
        lines = []
        for name, child in self._members():  # every place, as PyTorch: (0) and (2) if shared
            if not isinstance(child, Module):
                continue
            body = repr(child).replace("\n", "\n  ")
            lines.append(f"  ({name}): {body}")
        head = f"{type(self).__name__}({self.extra_repr()}"
        return head + ("\n" + "\n".join(lines) + "\n)" if lines else ")")


def clear_grad(p: Any, set_to_none: bool = True) -> None:
    """zero_grad for one parameter (the rule in Module.zero_grad)."""
    if isinstance(p, Value):
        p.grad = 0.0
    elif set_to_none or p.grad is None:
        p.grad = None
    else:  # a new array: the old grad may be shared with a graph or someone's variable
        p.grad = np.zeros_like(p.data)


def _open(name: str, value: Any) -> Iterator[tuple[str, Any]]:
    """(name, item) for a parameter or module, or for those inside a list, tuple or dict."""
    if isinstance(value, Module) or _is_parameter(value):
        yield name, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _open(f"{name}.{i}", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _open(f"{name}.{key}", item)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name
