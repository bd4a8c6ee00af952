"""default_collate and default_convert: how a DataLoader turns samples into a batch.

default_collate(samples) stacks the samples field by field, keeping their structure:
    Tensors, numpy arrays      stacked along a new first axis, dtype kept
    ints, bools                an int64 (bool) Tensor; floats a Tensor of the default float
                               (PyTorch: always float64; gradproof's default is float64 too)
    numpy scalars              a Tensor of their dtype
    str, bytes                 the samples as they are (a list; a tuple inside a sample)
    dicts                      a dict of each key's collated values
    tuples, lists              a list of each position's collated values (a namedtuple stays
                               one), so (x, y) samples give [xb, yb]
"""

from __future__ import annotations

import collections.abc
import numbers
from typing import Any

import numpy as np

from autograd import Tensor, as_tensor, get_default_dtype, stack, tensor

_FOUND = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
          "lists; found {}")


def default_collate(batch: Any) -> Any:
    """The samples in `batch` (a list) as one batch; see the module's docstring."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _stack(list(batch))
    if isinstance(elem, np.ndarray | np.generic) and not isinstance(elem, np.str_ | np.bytes_):
        if elem.dtype.kind in "SUOVMm":
            raise TypeError(_FOUND.format(elem.dtype))
        if isinstance(elem, np.ndarray) and elem.ndim:
            return _stack([as_tensor(np.asarray(b)) for b in batch])
        return as_tensor(_arrays(batch).astype(elem.dtype, copy=False))
    if isinstance(elem, bool | numbers.Integral) and not isinstance(elem, np.generic):
        return _integers(list(batch))
    if isinstance(elem, float):
        return tensor(list(batch), dtype=get_default_dtype())
    if isinstance(elem, str | bytes):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        out = {key: default_collate([d[key] for d in batch]) for key in elem}
        if type(elem) is dict:
            return out
        try:
            return type(elem)(out)
        except TypeError:  # a mapping that cannot be made from a dict
            return out
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a namedtuple
        return type(elem)(*(default_collate(s) for s in zip(*batch, strict=True)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(b) != len(elem) for b in batch):
            raise RuntimeError("default_collate: each element in list of batch should be of "
                               f"equal size, got sizes {[len(b) for b in batch]}")
        parts = [default_collate(s) for s in zip(*batch, strict=True)]
        if isinstance(elem, tuple | list):
            return parts
        try:
            return type(elem)(parts)
        except TypeError:
            return parts
    raise TypeError(_FOUND.format(type(elem)))


def default_convert(data: Any) -> Any:
    """One sample as a DataLoader without batching (batch_size=None) gives it: numpy arrays
    become Tensors, inside dicts, lists and tuples too (tuples become lists); numbers and
    strings stay as they are."""
    if isinstance(data, np.ndarray) and data.dtype.kind not in "SUOVMm":
        return as_tensor(data)
    if isinstance(data, np.generic) and not isinstance(data, np.str_ | np.bytes_):
        return as_tensor(np.asarray(data))
    if isinstance(data, collections.abc.Mapping):
        return {key: default_convert(value) for key, value in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, str | bytes):
        try:
            return type(data)([default_convert(d) for d in data])  # type: ignore[call-arg]
        except TypeError:
            return [default_convert(d) for d in data]
    return data


def _integers(batch: list[Any]) -> Tensor:
    """torch.tensor(batch): int64 (bool if all are bools; a float among them gives the
    default float). An int outside int64 is an error, as PyTorch's, not a uint64."""
    for b in batch:
        if isinstance(b, numbers.Integral) and not -2 ** 63 <= b < 2 ** 63:
            raise ValueError(f"default_collate: integer {b} is out of int64's range "
                             f"[-2**63, 2**63) (PyTorch: Overflow when unpacking long long)")
    return tensor(batch)


def _stack(tensors: list[Tensor]) -> Tensor:
    """torch.stack's batch: in the graph if any sample needs a gradient, else one array."""
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"default_collate: expected Tensor as element {i} of the batch "
                            f"(as element 0), but got {type(t).__name__}")
    shapes = [t.shape for t in tensors]
    for i, shape in enumerate(shapes):
        if shape != shapes[0]:
            raise RuntimeError(f"default_collate: stack expects each tensor to be equal "
                               f"size, but got {list(shapes[0])} at entry 0 and "
                               f"{list(shape)} at entry {i}")
    if any(t.requires_grad for t in tensors):
        return stack(tensors)
    return as_tensor(np.stack([t.data for t in tensors]))


def _arrays(batch: list[Any]) -> np.ndarray:
    return np.stack([np.asarray(b) for b in batch])
