"""Module, the base of every layer and model (Parameter is in nn/parameter.py, the state
dict in nn/state.py, buffers in nn/buffers.py).

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
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import Tensor, Value, call_in_scope
from autograd.dtypes import as_dtype, to_arguments
from autograd.hooks import OWNERS

from .buffers import Buffers
from .module_hooks import ModuleHooks
from .module_members import GeneratorList, Members
from .parameter import is_parameter
from .state import State, join

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


class _ScopeName(tuple):
    """'<path> (<Class>)', worked out only when read (when a graph is drawn).

    Walking the module tree for paths on every call would cost more than a small layer's
    forward; the name is a string to whoever reads it (str, ==, hash), and the walk is done
    once per outermost call, when first asked. A pair (the root call, the module), made by
    tuple's own constructor: a class with an __init__ cost a Python call per module call.
    """

    __slots__ = ()

    def __str__(self) -> str:
        call, module = self
        path = call.path_of(module)
        name = type(module).__name__
        return f"{path} ({name})" if path else f"({name})"

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, (str, _ScopeName)) else NotImplemented

    def __ne__(self, other: object) -> bool:
        return not self == other if isinstance(other, (str, _ScopeName)) else NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


_scope_name = tuple.__new__


class Module(Members, Buffers, State, ModuleHooks):
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
        if OWNERS and id(self) in OWNERS:  # some module has hooks: is it this one?
            return self._call_with_hooks(args, kwargs)  # (nn/module_hooks.py)
        call = _root_call.get()  # _forward_in_scope, written out (the hot path)
        if call is None:  # the outermost module: its own scope, and the root of the paths
            token = _root_call.set(_RootCall(self))
            try:
                name = f"({type(self).__name__})"
                return call_in_scope(name, self.forward, *args, **kwargs)
            finally:
                _root_call.reset(token)
        name = _scope_name(_ScopeName, (call, self))
        return call_in_scope(name, self.forward, *args, **kwargs)

    def _forward_in_scope(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """forward(*args, **kwargs) in this module's name scope, as __call__ runs it."""
        call = _root_call.get()
        if call is None:
            token = _root_call.set(_RootCall(self))
            try:
                return call_in_scope(f"({type(self).__name__})", self.forward, *args, **kwargs)
            finally:
                _root_call.reset(token)
        name = _scope_name(_ScopeName, (call, self))
        return call_in_scope(name, self.forward, *args, **kwargs)

    # -- walking the attributes -------------------------------------------------------

    def _members(self) -> Iterator[tuple[str, Any]]:
        """(name, object) for every parameter or submodule held directly, containers opened."""
        for name, value in vars(self).items():
            if not name.startswith("_"):
                yield from _open(name, value)

    def named_modules(self, memo: set[Module] | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        """(dotted path, module) for this module ('') and every submodule, parents first,
        as PyTorch: each once (remove_duplicate), skipping those already in `memo`."""
        seen = memo if memo is not None else set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if module in seen:
                continue
            if remove_duplicate:
                seen.add(module)
            yield name, module
            children = [(join(name, n), m) for n, m in module._members()
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

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Any]]:
        """(dotted name, parameter) for every parameter in a stable order, each once
        (remove_duplicate=False: under each of its names, as PyTorch); with recurse=False
        only this module's own."""
        seen: set[int] = set()
        modules = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
                   if recurse else [(prefix, self)])
        for path, module in modules:
            for name, p in module._members():
                if is_parameter(p) and (id(p) not in seen or not remove_duplicate):
                    seen.add(id(p))
                    yield join(path, name), p

    def parameters(self, recurse: bool = True) -> list[Any]:
        """Every parameter (Tensors and/or Values), each once, in a stable order.

        A list that next() also walks (GeneratorList): micrograd-style code calls len() on
        it, PyTorch-style code `next(model.parameters())`.
        """
        return GeneratorList(p for _, p in self.named_parameters(recurse=recurse))

    def get_submodule(self, target: str) -> Module:
        """The submodule at a dotted path ('' is this module), as PyTorch."""
        if target == "":
            return self
        members = list(self._members())
        for name, member in members:  # a plain list's items are named 'layers.0'
            if target == name or target.startswith(name + "."):
                if not isinstance(member, Module):
                    raise AttributeError(f"`{name.rsplit('.', 1)[-1]}` is not an nn.Module")
                return member.get_submodule(target[len(name) + 1:])
        atoms = target.split(".")
        in_list = any(name.startswith(atoms[0] + ".") for name, _ in members)
        missing = ".".join(atoms[:2] if in_list else atoms[:1])  # 'layers.2', not 'layers'
        raise AttributeError(f"{type(self).__name__} has no attribute `{missing}`")

    def get_parameter(self, target: str) -> Any:
        """The parameter at a dotted path ('0.weight'), as PyTorch (AttributeError if the
        path names nothing, or something that is not a parameter)."""
        module, name = self._owner_of(target)
        value = getattr(module, name)
        if not is_parameter(value):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return value

    def get_buffer(self, target: str) -> Any:
        """The buffer at a dotted path ('1.running_mean'; None for one registered as
        None), as PyTorch."""
        module, name = self._owner_of(target)
        if name not in vars(module).get("_buffers", {}):
            raise AttributeError(f"`{name}` is not a buffer")
        return getattr(module, name)

    def _owner_of(self, target: str) -> tuple[Module, str]:
        path, _, name = target.rpartition(".")
        module = self.get_submodule(path)
        if not hasattr(module, name):
            raise AttributeError(f"{type(module).__name__} has no attribute `{name}`")
        return module, name

    # -- adding children and parameters by name ---------------------------------------

    def add_module(self, name: str, module: Module | None) -> None:
        """Make `module` a child called `name`: an attribute, so '0' works as well as 'fc'."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self._check_name(name, "module", lambda old: old is None or isinstance(old, Module))
        setattr(self, name, module)

    register_module = add_module  # PyTorch's other name

    def register_parameter(self, name: str, param: Any) -> None:
        """Make `param` (a Parameter, or None for an absent one) a parameter called `name`."""
        self._check_name(name, "parameter", lambda old: old is None or is_parameter(old))
        if param is not None and not is_parameter(param):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter "
                            f"'{name}' (nn.Parameter or None required)")
        setattr(self, name, param)

    def _check_name(self, name: Any, kind: str, replaceable: Any) -> None:
        """PyTorch's checks on a new child's name, and ours: '_' names are never walked."""
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
        if not name:
            raise KeyError(f'{kind} name can\'t be empty string ""')
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain ".", got: {name}')
        if name.startswith("_"):
            raise KeyError(f"{kind} name {name!r} starts with '_': such attributes are "
                           "private here, never walked for modules or parameters")
        if name in vars(self) and replaceable(vars(self)[name]):
            return  # replacing a child, or filling a place registered as None
        if hasattr(self, name):  # a method or a setting would be shadowed
            raise KeyError(f"attribute '{name}' already exists")

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: a Value's grad becomes 0.0, a Tensor's None, or with
        set_to_none=False zeros (a grad that is None stays None), as PyTorch."""
        for p in self.parameters():
            clear_grad(p, set_to_none)

    # -- modes ------------------------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        """Training mode (dropout active) for this module, then `child.train(mode)` for each
        child, as PyTorch: a child that overrides train (a frozen BatchNorm) is obeyed."""
        if not isinstance(mode, bool):  # train("no") would otherwise mean training
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode (dropout off): `train(False)`."""
        return self.train(False)

    def apply(self, fn: Any) -> Module:
        """fn(module) for every submodule, children before parents, then this one (PyTorch's
        order, so an init function draws its random numbers in PyTorch's order)."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Freeze (False) or unfreeze every parameter, in place; returns the module."""
        params = self.parameters()
        if not requires_grad and any(isinstance(p, Value) for p in params):
            raise TypeError("requires_grad_(False): a micrograd Value always gets a gradient; "
                            "use Tensor parameters to freeze them")
        for p in params:
            if isinstance(p, Tensor):
                p.requires_grad_(requires_grad)
        return self

    def double(self) -> Module:
        """Every floating-point Tensor parameter (and its grad) and buffer to float64, in
        place."""
        return self._cast(np.float64)

    def float(self) -> Module:
        """Every floating-point Tensor parameter (and its grad) and buffer to float32, in
        place."""
        return self._cast(np.float32)

    def half(self) -> Module:
        """Every floating-point Tensor parameter (and its grad) to float16, in place."""
        return self._cast(np.float16)

    def to(self, *args: Any, dtype: Any = None, device: Any = None,
           non_blocking: bool = False) -> Module:
        """PyTorch's Module.to: `to(dtype)` casts the floating-point parameters as float()
        and double() do (in place; returns the module); `to('cpu')` changes nothing, and
        another device is an error (gradproof computes on the CPU)."""
        chosen = to_arguments(args, dtype, device, f"{type(self).__name__}.to")
        if chosen is None:
            return self
        if chosen.kind != "f":
            raise TypeError(f"{type(self).__name__}.to only accepts floating point dtypes, "
                            f"got {chosen}")
        return self._cast(chosen)

    def type(self, dst_type: Any) -> Module:  # noqa: A003 (PyTorch's name)
        """PyTorch's Module.type: the parameters cast as to(dst_type) casts them, and every
        buffer, integer ones too (num_batches_tracked), as PyTorch's; dst_type is a dtype or
        a name such as 'torch.DoubleTensor'. Returns the module."""
        dtype = as_dtype(dst_type, f"{type(self).__name__}.type")
        self.to(dtype)
        self._cast_buffers(dtype, every=True)
        return self

    def cpu(self) -> Module:
        return self

    def _cast(self, dtype: Any) -> Module:
        # The Parameters stay the same objects (an optimizer made before still holds them);
        # their arrays are replaced, as PyTorch replaces .data. A Value is a Python float.
        for p in self.parameters():
            if isinstance(p, Tensor) and np.issubdtype(p.dtype, np.floating):
                p.data = p.data.astype(dtype, copy=False)
                if isinstance(p.grad, np.ndarray):
                    p.grad = p.grad.astype(dtype, copy=False)
        self._cast_buffers(dtype)
        return self

    # -- printing ---------------------------------------------------------------------

    def extra_repr(self) -> str:
        """What goes between the parentheses of this module's repr (its settings)."""
        return ""

    def __repr__(self) -> str:
        # PyTorch's layout: one line of settings alone stays on the head line; with children
        # or more lines, the settings' lines come first inside, each indented
        extra = self.extra_repr()
        lines = extra.split("\n") if extra else []
        children = [f"({name}): " + repr(child).replace("\n", "\n  ")
                    for name, child in self._members() if isinstance(child, Module)]
        if len(lines) == 1 and not children:
            return f"{type(self).__name__}({extra})"
        lines += children  # every place, as PyTorch: (0) and (2) if shared
        body = "".join("\n  " + line for line in lines)
        return f"{type(self).__name__}({body}\n)" if lines else f"{type(self).__name__}()"


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
    if isinstance(value, Module) or is_parameter(value):
        yield name, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _open(f"{name}.{i}", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _open(f"{name}.{key}", item)
