"""The argument checks that nn.utils.parametrize, nn.utils.parametrizations and the
hook-based weight_norm and spectral_norm share: each error names the function."""

from __future__ import annotations

from typing import Any

from autograd import Tensor
from autograd.arguments import shown

from ..module import Module


def check_module(module: Any, where: str) -> None:
    if not isinstance(module, Module):
        raise TypeError(f"{where}: module must be an nn.Module, got {shown(module)}")


def check_name(name: Any, where: str, arg: str = "tensor_name") -> None:
    if not isinstance(name, str):
        raise TypeError(f"{where}: {arg} must be a str (the name of a parameter or buffer), "
                        f"got {shown(name)}")


def short(module: Module) -> str:
    """The module's repr when it is one short line (PyTorch's messages show it), else its
    class name."""
    text = repr(module)
    return text if "\n" not in text and len(text) <= 80 else type(module).__name__


def module_tensor(module: Any, name: Any, op: str) -> Tensor:
    """module's Tensor called name (a parameter, a buffer or a parametrized tensor)."""
    check_module(module, op)
    check_name(name, op, "name")
    tensor = getattr(module, name, None)
    if not isinstance(tensor, Tensor):
        raise ValueError(f"{op}: Module '{short(module)}' has no parameter or buffer with "
                         f"name {name!r}")
    return tensor


def check_same(x: Any, dtype: Any, shape: Any, where: str, template: str) -> None:
    """x is a Tensor of this dtype and shape, or a ValueError from the template (filled with
    'dtype' or 'shape' and the two values)."""
    if not isinstance(x, Tensor):
        raise ValueError(f"{where}: a parametrization must return a tensor. Got {shown(x)}")
    for what, want, got in (("dtype", dtype, x.dtype), ("shape", tuple(shape), x.shape)):
        if want != got:
            raise ValueError(f"{where}: " + template.format(what, what, want, what, got))
