"""ParameterList and ParameterDict: PyTorch's containers of parameters.

Each item is an attribute of the container ('0', '1', ... or its key), so the attribute
walk of nn/module.py finds it as any parameter: `model.params.0`, `model.heads.a` are the
names parameters(), named_parameters() and state_dict() give, PyTorch's. As PyTorch's: a
Tensor that is not a Parameter becomes one (Parameter(t), sharing t's array, requiring
grad), and other items (numbers, strings, modules) are kept as they are (a module is a child). A
micrograd Value is a parameter here, as everywhere in nn.

Their reprs are PyTorch's: `(0): Parameter containing: [torch.float64 of size 2x3]`, and
ParameterDict names the dtype the old way PyTorch's does (`torch.DoubleTensor`).
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.arguments import shown

from .module import Module
from .parameter import Parameter

# numpy's dtype -> torch.typename's name of a CPU Tensor of it (ParameterDict's repr)
_TYPENAMES = {"float16": "HalfTensor", "float32": "FloatTensor", "float64": "DoubleTensor",
              "int8": "CharTensor", "uint8": "ByteTensor", "int16": "ShortTensor",
              "int32": "IntTensor", "int64": "LongTensor", "bool": "BoolTensor",
              "complex64": "ComplexFloatTensor", "complex128": "ComplexDoubleTensor"}


def _as_parameter(value: Any) -> Any:
    """A Tensor that is not a Parameter made one, sharing its array (PyTorch's); anything
    else as it is."""
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


def _line(key: Any, value: Any, dtype_name: Any) -> str:
    if isinstance(value, Tensor):
        kind = "Parameter" if isinstance(value, Parameter) else "Tensor"
        size = "x".join(str(n) for n in value.shape)
        return f"  ({key}): {kind} containing: [{dtype_name(value.dtype)} of size {size}]"
    return f"  ({key}): Object of type: {type(value).__name__}"


class ParameterList(Module):
    """A list of parameters: `ParameterList([Parameter(np.ones(3)) for _ in range(2)])`,
    indexable (a slice gives a new ParameterList), with len(), iteration, append, extend
    and +=. Its parameters are named '0', '1', ... under it."""

    def __init__(self, values: Iterable[Any] | None = None) -> None:
        self._size = 0
        if values is not None:
            self += values

    def _index(self, idx: Any) -> str:
        i, n = operator.index(idx), len(self)  # a str index raises TypeError, as PyTorch
        if not -n <= i < n:
            raise IndexError(f"ParameterList: index {idx} is out of range (length {n})")
        return str(i % n)

    def __getitem__(self, idx: int | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)(self[i] for i in range(*idx.indices(len(self))))
        return getattr(self, self._index(idx))

    def __setitem__(self, idx: int, param: Any) -> None:
        setattr(self, self._index(idx), _as_parameter(param))

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        return iter([self[i] for i in range(len(self))])

    def __iadd__(self, parameters: Iterable[Any]) -> ParameterList:
        return self.extend(parameters)

    def append(self, value: Any) -> ParameterList:
        """Add value at the end (a Tensor made a Parameter)."""
        setattr(self, str(self._size), _as_parameter(value))
        self._size += 1
        return self

    def extend(self, values: Iterable[Any]) -> ParameterList:
        """append each of values."""
        if not isinstance(values, Iterable) or isinstance(values, (Tensor, str, bytes,
                                                                   np.ndarray)):
            raise TypeError(f"ParameterList: extend should be called with an iterable, but "
                            f"got {type(values).__name__}: values is {shown(values)}")
        for value in list(values):
            self.append(value)
        return self

    def extra_repr(self) -> str:
        return "\n".join(_line(i, p, lambda dtype: f"torch.{np.dtype(dtype).name}")
                         for i, p in enumerate(self))


class ParameterDict(Module):
    """A dict of parameters, in insertion order: `ParameterDict({"scale": Parameter(...)})`.

    Its keys are strings that can be attribute names (not '', no '.', no leading '_', not
    already an attribute such as 'keys' or 'training'); each parameter is named by its key
    under it. As PyTorch's update: a plain dict is added in the order of its sorted keys, an
    OrderedDict, a ParameterDict or a sequence of (key, value) pairs in their own order.
    A missing key is a KeyError (PyTorch's gives an AttributeError).
    """

    def __init__(self, parameters: Any = None) -> None:
        self._keys: dict[str, None] = {}
        if parameters is not None:
            self.update(parameters)

    def _key(self, key: Any) -> str:
        if not isinstance(key, str):
            raise TypeError(f"ParameterDict: a key must be a string, got {shown(key)} (type "
                            f"{type(key).__name__})")
        return key

    def __getitem__(self, key: str) -> Any:
        if self._key(key) not in self._keys:
            raise KeyError(key)
        return getattr(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        key = self._key(key)
        self._check_name(key, "parameter", lambda old: key in self._keys)
        setattr(self, key, _as_parameter(value))
        self._keys[key] = None

    def __delitem__(self, key: str) -> None:
        if self._key(key) not in self._keys:
            raise KeyError(key)
        del self._keys[key]
        delattr(self, key)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._keys))

    def __reversed__(self) -> Iterator[str]:
        return reversed(list(self._keys))

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def keys(self) -> Any:
        return self._keys.keys()

    def items(self) -> Iterator[tuple[str, Any]]:
        return iter([(key, self[key]) for key in self._keys])

    def values(self) -> Iterator[Any]:
        return iter([self[key] for key in self._keys])

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key: str) -> Any:
        value = self[key]
        del self[key]
        return value

    def popitem(self) -> tuple[str, Any]:
        """The last item, removed (LIFO, as dict's)."""
        if not self._keys:
            raise KeyError("ParameterDict: popitem(): dictionary is empty")
        key = next(reversed(self._keys))
        return key, self.pop(key)

    def clear(self) -> None:
        for key in list(self._keys):
            del self[key]

    def copy(self) -> ParameterDict:
        """A new ParameterDict holding the same parameters."""
        return ParameterDict(OrderedDict(self.items()))

    def fromkeys(self, keys: Iterable[str], default: Any = None) -> ParameterDict:
        return ParameterDict((key, default) for key in keys)

    def update(self, parameters: Any) -> None:
        """Add or replace from a mapping or from (key, value) pairs (class doc: the order)."""
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            pairs = list(parameters.items())
        elif isinstance(parameters, Mapping):
            pairs = sorted(parameters.items(), key=lambda pair: self._key(pair[0]))
        elif isinstance(parameters, Iterable) and not isinstance(parameters, (str, bytes,
                                                                              Tensor)):
            pairs = list(parameters)
            for j, pair in enumerate(pairs):
                if not isinstance(pair, Iterable) or isinstance(pair, (str, bytes)):
                    raise TypeError(f"ParameterDict: update sequence element #{j} should be "
                                    f"a (key, value) pair, got {shown(pair)}")
                if len(pair) != 2:
                    raise ValueError(f"ParameterDict: update sequence element #{j} has "
                                     f"length {len(pair)}; 2 is required")
        else:
            raise TypeError("ParameterDict: update should be called with an iterable of "
                            f"key/value pairs, but got {type(parameters).__name__}: "
                            f"parameters is {shown(parameters)}")
        for key, value in pairs:
            self[key] = value

    def __or__(self, other: ParameterDict) -> ParameterDict:
        copy = self.copy()
        copy.update(other)
        return copy

    def __ror__(self, other: ParameterDict) -> ParameterDict:
        copy = other.copy()
        copy.update(self)
        return copy

    def __ior__(self, other: ParameterDict) -> ParameterDict:
        self.update(other)
        return self

    def extra_repr(self) -> str:
        return "\n".join(_line(key, p, lambda dtype: "torch." + _TYPENAMES.get(
            np.dtype(dtype).name, f"{np.dtype(dtype).name}Tensor")) for key, p in self.items())
