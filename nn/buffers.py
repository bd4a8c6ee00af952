"""Buffers: a module's state that is not learned (BatchNorm's running statistics).

Registered by name, as in PyTorch: `self.register_buffer("running_mean", Tensor(...))`. The
buffer is an attribute of that name (read it, or assign a new Tensor to it); the registry
remembers which attributes are buffers and which of them are persistent. Persistent buffers
are in `state_dict` (after the module's own parameters, as PyTorch orders them), loaded by
`load_state_dict`, saved by `nn.save`; `float()` and `double()` convert the floating ones.
`parameters()` never returns them and an optimizer never sees them.

A buffer holds a Tensor that does not require grad, or a numpy array: BatchNorm's
`num_batches_tracked` is a 0-d int64 ndarray, since Tensors hold floats (it is int64 in
PyTorch too, and stays int64 in files and through `float()`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import Tensor

from .module_members import GeneratorList


class Buffers:
    """Module's buffer methods (a mixin: Module is the only class that uses it)."""

    def register_buffer(self, name: str, tensor: Any, persistent: bool = True) -> None:
        """Make `tensor` (a Tensor, a numpy array, or None for an absent one) a buffer called
        `name`: in state_dict if `persistent`, never a parameter."""
        registry = vars(self).get("_buffers", {})
        self._check_name(name, "buffer", lambda old: name in registry)  # type: ignore[attr-defined]
        plain = type(tensor) is np.ndarray or (type(tensor) is Tensor and not tensor.requires_grad)
        if tensor is not None and not plain:
            what = type(tensor).__name__
            if type(tensor) is Tensor:  # one in someone's graph
                what = "Tensor that requires grad (pass .detach())"
            raise TypeError(f"cannot assign '{what}' object to buffer '{name}' (a Tensor "
                            "that does not require grad, a numpy array, or None required)")
        vars(self).setdefault("_buffers", {})[name] = bool(persistent)
        setattr(self, name, tensor)

    def _own_buffers(self, persistent_only: bool = False) -> Iterator[tuple[str, Any]]:
        """(name, buffer) for this module's own buffers that are set, in registration order."""
        for name, persistent in vars(self).get("_buffers", {}).items():
            value = vars(self).get(name)
            if value is not None and (persistent or not persistent_only):
                yield name, value

    def _state_buffers(self) -> Iterator[tuple[str, Any]]:
        """(name, entry) for this module's persistent buffers, as state_dict sees them: each
        with a `.data` to read and replace (a Tensor, or an array's ArrayBuffer)."""
        for name, value in self._own_buffers(persistent_only=True):
            yield name, value if isinstance(value, Tensor) else ArrayBuffer(self, name)

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Any]]:
        """(dotted name, buffer) for every buffer, persistent or not; with recurse=False only
        this module's own."""
        seen: set[int] = set()
        modules = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)  # type: ignore[attr-defined]
                   if recurse else [(prefix, self)])
        for path, module in modules:
            for name, value in module._own_buffers():
                if remove_duplicate and id(value) in seen:
                    continue
                seen.add(id(value))
                yield (f"{path}.{name}" if path else name), value

    def buffers(self, recurse: bool = True) -> list[Any]:
        """Every buffer, each once (a list that next() walks, as parameters() is)."""
        return GeneratorList(value for _, value in self.named_buffers(recurse=recurse))

    def _cast_buffers(self, dtype: Any, every: bool = False) -> None:
        """Floating buffers to `dtype`, in place (a Tensor keeps its identity); integer ones,
        such as num_batches_tracked, stay as they are (as PyTorch's float() and double()),
        unless `every` (PyTorch's type(dst_type) casts them all)."""
        for module in self.modules():  # type: ignore[attr-defined]
            for name, value in list(module._own_buffers()):
                array = value.data if isinstance(value, Tensor) else value
                if not (every or np.issubdtype(array.dtype, np.floating)):
                    continue
                if isinstance(value, Tensor):
                    value.data = array.astype(dtype, copy=False)
                else:
                    setattr(module, name, array.astype(dtype, copy=False))


class ArrayBuffer:
    """A buffer that is a numpy array, seen as a Tensor is by state_dict and load_state_dict:
    `.data` reads it, and assigning `.data` replaces the module's attribute (so loading
    never writes into an array someone else may hold, or a read-only one)."""

    __slots__ = ("module", "name")

    def __init__(self, module: Any, name: str) -> None:
        self.module = module
        self.name = name

    @property
    def data(self) -> np.ndarray:
        return vars(self.module)[self.name]

    @data.setter
    def data(self, value: np.ndarray) -> None:
        setattr(self.module, self.name, value)

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.data.dtype
