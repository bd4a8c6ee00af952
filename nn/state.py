"""A module's state dict: its parameters and persistent buffers by dotted name, PyTorch's
names and order, and loading them back all or nothing."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from autograd import Tensor, Value

from .parameter import is_parameter


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
        for name, p in members:
            if is_parameter(p):
                yield join(prefix, name), p
        for name, buffer in self._state_buffers():
            yield join(prefix, name), buffer
        for name, m in members:
            if isinstance(m, State) and id(m) not in ancestors:  # a cycle would never end
                yield from m._named_state(join(prefix, name), ancestors)

    def state_dict(self) -> OrderedDict[str, np.ndarray]:
        """name -> a copy of the values of each parameter and persistent buffer (a shared
        one under each of its names), in PyTorch's order and with PyTorch's names."""
        return OrderedDict((name, np.array(p.data, copy=True))
                           for name, p in self._named_state())

    def load_state_dict(self, state: Mapping[str, Any], strict: bool = True
                        ) -> IncompatibleKeys:
        """Set the parameters and persistent buffers to the values in `state`, all or nothing.

        Returns (missing_keys, unexpected_keys), as PyTorch; both are empty when strict.
        Every entry is checked and cast to its parameter's dtype into a new array first;
        any problem raises (one ValueError lists them all) and nothing has changed. Then
        each parameter takes its new array, as PyTorch's `p.data = ...`: the same Parameter
        objects (an optimizer still holds them), a step that cannot fail half-way. Buffers
        are loaded the same way (a numpy-array buffer, num_batches_tracked, is replaced).
        """
        if not isinstance(state, Mapping):
            raise TypeError(f"load_state_dict: expected a mapping of name -> array, got "
                            f"{type(state).__name__}")
        params = dict(self._named_state())
        arrays = {name: np.asarray(value.data if isinstance(value, (Tensor, Value)) else value)
                  for name, value in state.items() if name in params}
        result = self._check_state(
            {name: (arrays[name].shape, arrays[name].dtype) if name in arrays else None
             for name in state}, strict)
        new: dict[str, Any] = {}
        for name, array in arrays.items():
            p = params[name]
            try:
                new[name] = (float(array) if isinstance(p, Value)
                             else np.array(array, dtype=p.data.dtype, copy=True))
            except (ArithmeticError, RuntimeWarning) as e:  # np.errstate(over="raise"), -W error
                raise type(e)(f"load_state_dict for {type(self).__name__}: {name} "
                              f"({array.dtype}) does not fit {p.dtype}: {e} "
                              "(nothing was loaded)") from e
        for name, value in new.items():
            params[name].data = value  # assigning a prepared value cannot fail
        return result

    def _check_state(self, specs: Mapping[str, Any], strict: bool = True) -> IncompatibleKeys:
        """Whether entries of these (shape, dtype) would load, known before any value is
        read: `specs` maps every name on offer to (shape, dtype), or to None for a name
        this module does not have. Missing and unexpected names (when strict), wrong
        shapes and entries that are not numbers are listed in one ValueError."""
        params = dict(self._named_state())
        missing = [name for name in params if name not in specs]
        unexpected = [name for name in specs if name not in params]
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
            raise ValueError(f"load_state_dict for {type(self).__name__}: "
                             + "; ".join(problems) + " (nothing was loaded)")
        return IncompatibleKeys(missing, unexpected)


def join(prefix: str, name: str) -> str:
    """A dotted name: `layers.0` and `weight` make `layers.0.weight`."""
    return f"{prefix}.{name}" if prefix else name
