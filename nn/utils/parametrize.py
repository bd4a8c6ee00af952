"""Parametrizations (torch.nn.utils.parametrize): a module's parameter or buffer seen through
a function. After

    register_parametrization(module, "weight", Symmetric())

reading `module.weight` computes `Symmetric()(original)` anew, where `original` is the
tensor that is learned: `module.parametrizations.weight.original` (state_dict key
`parametrizations.weight.original`). The parametrization is ordinary autograd ops, so the
gradient of anything computed from `module.weight` flows to `original`. Assigning
`module.weight = X` stores `right_inverse(X)` in `original`, when the parametrization has
one. A right_inverse that returns a tuple makes `original0`, `original1`, ... instead, each
given to the parametrization's forward as one argument.

How, as PyTorch: the module's class is swapped for a subclass made for it alone,
`Parametrized<Class>`, with a property per parametrized name. A property is a data
descriptor, so it wins over the instance's attributes on reads and on assignments; the
tensor itself moves into a ParametrizationList held by the module's `parametrizations`
ModuleDict, where Module's attribute walk finds it (named_parameters, state_dict, to(),
train(), repr). Unlike PyTorch's, a parametrized module pickles as well as deep-copies: it
is rebuilt from its class before parametrization and the parametrized names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from autograd import Tensor, no_grad
from autograd.arguments import flag, shown

from ..containers import ModuleDict, ModuleList
from ..module import Module
from ..parameter import Parameter, is_parameter
from .arguments import check_module, check_name, check_same, short

__all__ = ["ParametrizationList", "cached", "is_parametrized", "register_parametrization",
           "remove_parametrizations", "transfer_parametrizations_and_params",
           "type_before_parametrizations"]

# The cache of cached(): how many blocks are open, and (id(module), name) -> tensor.
_cache_enabled = 0
_cache: dict[tuple[int, str], Tensor] = {}


@contextmanager
def cached() -> Iterator[None]:
    """Inside, each parametrized tensor is computed at its first read and that result is
    reused (one graph for a recurrent kernel read at every step, or a shared weight);
    forgotten when the outermost cached() block is left."""
    global _cache_enabled, _cache
    _cache_enabled += 1
    try:
        yield
    finally:
        _cache_enabled -= 1
        if not _cache_enabled:
            _cache = {}


class ParametrizationList(ModuleList):
    """`module.parametrizations[name]`: the parametrizations of one tensor, applied in
    registration order, and the tensor they start from, `original` (or `original0`,
    `original1`, ... when the first right_inverse returns several), a parameter if the
    module's tensor was one, else a buffer. Made by register_parametrization, not by hand.

    On construction the right_inverses run last to first (without recording a graph) on the
    module's tensor to give the originals; unless `unsafe`, forward() is then run once to
    check that the parametrized tensor keeps the module tensor's shape and dtype.
    """

    def __init__(self, modules: Sequence[Module], original: Tensor,
                 unsafe: bool = False) -> None:
        if len(modules) == 0:
            raise ValueError("ParametrizationList requires one or more modules.")
        super().__init__(modules)
        self.unsafe = unsafe
        shape, dtype = original.shape, original.dtype
        with no_grad():
            new: Any = original
            for module in reversed(list(self)):
                inverse = getattr(module, "right_inverse", None)
                if inverse is not None:
                    try:
                        new = inverse(new)
                    except NotImplementedError:
                        pass
        if not isinstance(new, (Tensor, list, tuple)):
            raise ValueError("ParametrizationList: 'right_inverse' must return a Tensor or a "
                             f"Sequence of tensors (list, tuple...). Got {shown(new)}")
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if new.dtype != dtype:
                raise ValueError("ParametrizationList: when `right_inverse` outputs one tensor, "
                                 f"it may not change the dtype.\noriginal.dtype: {dtype}\n"
                                 f"right_inverse(original).dtype: {new.dtype}")
            _set(original, new)
            _register(self, "original", original)
        else:
            for i, item in enumerate(new):
                if not isinstance(item, Tensor):
                    raise ValueError("ParametrizationList: 'right_inverse' must return a "
                                     "Tensor or a Sequence of tensors (list, tuple...). Got "
                                     f"element {i} of the sequence: {shown(item)}")
                leaf = (Parameter(item.data, requires_grad=original.requires_grad)
                        if isinstance(original, Parameter) else Tensor(item.data))
                _register(self, f"original{i}", leaf)
        if not unsafe:
            z = self()
            check_same(z, dtype, shape, "ParametrizationList",
                        "Registering a parametrization may not change the {} of the tensor, "
                        "unless `unsafe` flag is enabled.\nunparametrized {}: {}\n"
                        "parametrized {}: {}")

    def right_inverse(self, value: Any) -> None:
        """What assigning `module.<name> = value` does: the right_inverses of the
        parametrizations, last to first (no graph recorded), into the original(s)."""
        with no_grad():
            for module in reversed(list(self)):
                inverse = getattr(module, "right_inverse", None)
                if inverse is None:
                    raise RuntimeError(f"parametrization {type(module).__name__} does not "
                                       "implement right_inverse.")
                value = inverse(value)
            if self.is_tensor:
                if not isinstance(value, Tensor):
                    raise ValueError("ParametrizationList.right_inverse: `right_inverse` should "
                                     f"return a tensor. Got {shown(value)}")
                if value.dtype != self.original.dtype:
                    raise ValueError(f"ParametrizationList.right_inverse: the tensor returned by "
                                     f"`right_inverse` has dtype {value.dtype} while `original` "
                                     f"has dtype {self.original.dtype}")
                _set(self.original, value)
                return
            if not isinstance(value, (list, tuple)):
                raise ValueError("ParametrizationList.right_inverse: 'right_inverse' must "
                                 f"return a sequence of tensors. Got {shown(value)}")
            if len(value) != self.ntensors:
                raise ValueError("ParametrizationList.right_inverse: 'right_inverse' must "
                                 f"return a sequence of tensors of length {self.ntensors}. Got "
                                 f"a sequence of length {len(value)}.")
            for i, tensor in enumerate(value):
                original = getattr(self, f"original{i}")
                if not isinstance(tensor, Tensor):
                    raise ValueError("ParametrizationList.right_inverse: 'right_inverse' must "
                                     f"return a sequence of tensors. Got element {i}: "
                                     f"{shown(tensor)}")
                if tensor.dtype != original.dtype:
                    raise ValueError(f"ParametrizationList.right_inverse: Tensor {i} returned "
                                     f"by `right_inverse` has dtype {tensor.dtype} while "
                                     f"`original{i}` has dtype {original.dtype}")
                _set(original, tensor)

    def forward(self) -> Any:
        """The parametrized tensor: the first parametrization of the original(s), then each
        next one of the result."""
        first, *rest = list(self)
        if self.is_tensor:
            x = first(self.original)
        else:
            x = first(*(getattr(self, f"original{i}") for i in range(self.ntensors)))
        for module in rest:
            x = module(x)
        return x

    def __repr__(self) -> str:  # ModuleList's, under this class's name
        return type(self).__name__ + super().__repr__()[len("ModuleList"):]


def _set(dest: Tensor, src: Tensor) -> None:
    """dest takes src's values (and shape and dtype), staying the same object: PyTorch's
    `dest.set_(src)` under no_grad, so an optimizer holding dest still holds the original."""
    if src is not dest:
        dest.data = np.array(src.data, copy=True)


def _register(module: Module, name: str, x: Tensor) -> None:
    if isinstance(x, Parameter):
        module.register_parameter(name, x)
    else:
        module.register_buffer(name, x)


# -- the class made for a parametrized module ---------------------------------------------


def _parametrized_class(cls: type) -> type:
    """Parametrized<Class>: a subclass of the module's own class, for one module."""
    return type(f"Parametrized{cls.__name__}", (cls,),
                {"__reduce_ex__": _reduce_ex, "__repr__": _repr})


def _repr(self: Module) -> str:
    """The class's own repr, with the settings (extra_repr) on a line of their own above
    the children, as PyTorch prints a module that has both (`parametrizations` is one)."""
    text = super(type(self), self).__repr__()
    extra = self.extra_repr()
    head = f"{type(self).__name__}({extra}"
    if not extra or not text.startswith(head + "\n"):
        return text
    return f"{type(self).__name__}(\n  " + extra.replace("\n", "\n  ") + text[len(head):]


def _reduce_ex(self: Module, protocol: Any) -> Any:
    """pickle and deepcopy: rebuilt as a module of a new Parametrized<Class> with the same
    properties, then given the same attributes (Module's __setstate__)."""
    names = tuple(self.parametrizations.keys())
    return _rebuild, (type_before_parametrizations(self), names), dict(vars(self))


def _rebuild(cls: type, names: tuple[str, ...]) -> Module:
    new_cls = _parametrized_class(cls)
    for name in names:
        setattr(new_cls, name, _property(name))
    return new_cls.__new__(new_cls)


def _property(name: str) -> property:
    def get(self: Module) -> Any:
        parametrization = self.parametrizations[name]
        if not _cache_enabled:
            return parametrization()
        key = (id(self), name)
        tensor = _cache.get(key)
        if tensor is None:
            tensor = _cache[key] = parametrization()
        return tensor

    def set_(self: Module, value: Any) -> None:
        self.parametrizations[name].right_inverse(value)

    return property(get, set_, doc=f"`{name}` computed by module.parametrizations.{name}")


# -- the public functions ------------------------------------------------------------------


def register_parametrization(module: Module, tensor_name: str, parametrization: Module, *,
                             unsafe: bool = False) -> Module:
    """Make `module.<tensor_name>` read as `parametrization(original)`; returns module.

    The tensor must be a parameter or buffer of module (a Tensor), or already parametrized:
    then `parametrization` is applied after the ones before it. The parametrization takes
    the module's training mode. Unless unsafe, it may not change the tensor's shape or dtype
    (checked by running it, and its right_inverse, once). Parameters made here are new
    ones: an optimizer made before must be given them (`module.parameters()`).
    """
    where = "register_parametrization"
    check_module(module, where)
    check_name(tensor_name, where)
    if not isinstance(parametrization, Module):
        raise TypeError(f"{where}: parametrization must be an nn.Module (its forward maps the "
                        f"original tensor to the parametrized one), got {shown(parametrization)}")
    unsafe = flag(unsafe, "unsafe", where)
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        if not unsafe:
            y = getattr(module, tensor_name)
            x = parametrization(y)
            check_same(x, y.dtype, y.shape, where, "Registering a parametrization may not "
                        "change the {} of the tensor, unless the `unsafe` flag is enabled.\n"
                        f"module.{tensor_name}.{{}}: {{}}\n"
                        f"parametrization(module.{tensor_name}).{{}}: {{}}")
            inverse = getattr(parametrization, "right_inverse", None)
            if inverse is not None:
                try:
                    z = inverse(x)
                except NotImplementedError:
                    pass
                else:
                    check_same(z, y.dtype, y.shape, where, "The tensor returned by "
                                "parametrization.right_inverse must have the same {} as "
                                f"module.{tensor_name}, unless the `unsafe` flag is enabled.\n"
                                f"module.{tensor_name}.{{}}: {{}}\nreturned {{}}: {{}}")
        parametrizations = module.parametrizations[tensor_name]
        parametrizations.append(parametrization)
        parametrizations.unsafe |= unsafe
        return module
    original = _own_tensor(module, tensor_name, where)
    parametrizations = ParametrizationList([parametrization], original, unsafe=unsafe)
    del vars(module)[tensor_name]
    vars(module).get("_buffers", {}).pop(tensor_name, None)
    if not is_parametrized(module):
        module.__class__ = _parametrized_class(type(module))
        module.parametrizations = ModuleDict()  # type: ignore[attr-defined]
    setattr(type(module), tensor_name, _property(tensor_name))
    module.parametrizations[tensor_name] = parametrizations
    return module


def _own_tensor(module: Module, name: str, where: str) -> Tensor:
    """The module's parameter or buffer `name`, a Tensor; a clear error for anything else."""
    own = vars(module)
    if name not in own or not (is_parameter(own[name]) or name in own.get("_buffers", {})):
        raise ValueError(f"{where}: Module '{short(module)}' does not have a parameter, a "
                         f"buffer, or a parametrized element with name {name!r}")
    value = own[name]
    if not isinstance(value, Tensor):
        raise TypeError(f"{where}: {name} of {type(module).__name__} is {shown(value)}; a "
                        "parametrization takes a Tensor parameter or buffer")
    return value


def is_parametrized(module: Module, tensor_name: str | None = None) -> bool:
    """Whether module has a parametrization on tensor_name (on any tensor, for None)."""
    check_module(module, "is_parametrized")
    if tensor_name is not None:
        check_name(tensor_name, "is_parametrized")
    parametrizations = getattr(module, "parametrizations", None)
    if not isinstance(parametrizations, ModuleDict):
        return False
    return len(parametrizations) > 0 if tensor_name is None else tensor_name in parametrizations


def remove_parametrizations(module: Module, tensor_name: str,
                            leave_parametrized: bool = True) -> Module:
    """Undo register_parametrization on tensor_name; returns module.

    leave_parametrized=True: the tensor keeps its current parametrized value (the same
    Parameter object as `original` when there is one original, so an optimizer keeps it);
    False: it goes back to `original` (impossible with several originals). With no
    parametrization left, the module gets its own class back.
    """
    where = "remove_parametrizations"
    check_module(module, where)
    check_name(tensor_name, where)
    leave_parametrized = flag(leave_parametrized, "leave_parametrized", where)
    if not is_parametrized(module, tensor_name):
        raise ValueError(f"{where}: Module {short(module)} does not have a parametrization "
                         f"on {tensor_name}")
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with no_grad():
                _set(original, getattr(module, tensor_name))
    elif leave_parametrized:
        t = getattr(module, tensor_name)
        original = Parameter(t.data) if t.requires_grad else Tensor(t.data)
    else:
        raise ValueError(f"{where}: cannot leave unparametrized (`leave_parametrized=False`) a "
                         "tensor that is parametrized in terms of a sequence of tensors.")
    delattr(type(module), tensor_name)
    del module.parametrizations[tensor_name]
    _register(module, tensor_name, original)
    if not is_parametrized(module):
        del module.parametrizations  # type: ignore[attr-defined]
        module.__class__ = type(module).__bases__[0]
    return module


def type_before_parametrizations(module: Module) -> type:
    """The module's class before register_parametrization swapped it (its class, if it
    has no parametrization)."""
    if is_parametrized(module):
        return type(module).__bases__[0]
    return type(module)


def transfer_parametrizations_and_params(from_module: Module, to_module: Module,
                                         tensor_name: str | None = None) -> Module:
    """Register from_module's parametrizations (of tensor_name, or all) on to_module too,
    sharing their modules and their original tensors; a tensor to_module lacks is made
    first from from_module's parametrized value. Returns to_module."""
    where = "transfer_parametrizations_and_params"
    check_module(from_module, where)
    check_module(to_module, where)
    if tensor_name is not None:
        check_name(tensor_name, where)
    if not is_parametrized(from_module):
        return to_module
    names = list(from_module.parametrizations) if tensor_name is None else [tensor_name]
    for name in names:
        if not is_parametrized(from_module, name):
            raise ValueError(f"{where}: Module {short(from_module)} does not have a "
                             f"parametrization on {name}")
        source = from_module.parametrizations[name]
        if not hasattr(to_module, name):
            with no_grad():
                to_module.register_parameter(name, Parameter(getattr(from_module, name).data))
        for parametrization in source:
            register_parametrization(to_module, name, parametrization)
        target = to_module.parametrizations[name]
        for original in ["original"] if source.is_tensor else [
                f"original{i}" for i in range(source.ntensors)]:
            setattr(target, original, getattr(source, original))
    return to_module
