"""The datasets of torch.utils.data: a dataset is anything with `__len__` and `__getitem__`
(a map-style one) or with `__iter__` (an IterableDataset); these classes build one from
Tensors, join several, or take a part of one.

    Dataset, IterableDataset   the base classes (`a + b` joins two, as PyTorch's)
    TensorDataset(*tensors)    sample i: the tuple of the tensors' i-th rows
    StackDataset               sample i: a tuple (or dict) of several datasets' i-th samples
    ConcatDataset, ChainDataset  datasets one after another
    Subset, random_split       some samples of a dataset; a random partition of it
"""

from __future__ import annotations

import bisect
import math
import numbers
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from autograd import Tensor, as_tensor
from autograd.arguments import shown

from ..arguments import rng


class Dataset:
    """A map-style dataset: subclasses give `__getitem__(index)` (and usually `__len__`)."""

    def __getitem__(self, index: Any) -> Any:
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other: Dataset) -> ConcatDataset:
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A dataset read as a stream: subclasses give `__iter__`. A DataLoader batches what it
    yields, in order (no sampler, no shuffle)."""

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other: Any) -> ChainDataset:
        return ChainDataset([self, other])


class TensorDataset(Dataset):
    """Tensors (or arrays) of equal length along the first axis; sample i is the tuple of
    their i-th rows, as Tensors that keep their dtype (int labels stay int64). `.tensors`
    holds them; an array is shared, not copied (autograd.as_tensor)."""

    def __init__(self, *tensors: Any) -> None:
        if not tensors:
            raise ValueError("TensorDataset: needs at least one tensor")
        self.tensors = tuple(t if isinstance(t, Tensor) else as_tensor(np.asarray(t))
                             for t in tensors)
        lengths = {len(t) if t.ndim else None for t in self.tensors}
        if None in lengths or len(lengths) != 1:
            shapes = ", ".join(str(t.shape) for t in self.tensors)
            raise ValueError(f"TensorDataset: tensors must have the same length (first "
                             f"axis), got shapes {shapes}")

    def __len__(self) -> int:
        return len(self.tensors[0])

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        """Row(s) `index` of every tensor; a list or array of indices gives a whole batch."""
        return tuple(t[index] for t in self.tensors)


class StackDataset(Dataset):
    """Datasets of one length side by side: StackDataset(a, b)[i] is (a[i], b[i]), and
    StackDataset(x=a, y=b)[i] is {'x': a[i], 'y': b[i]}."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args and kwargs:
            raise ValueError("StackDataset: give datasets as positional arguments or as "
                             "keyword arguments, not both")
        if not (args or kwargs):
            raise ValueError("StackDataset: needs at least one dataset")
        self.datasets: Any = args if args else kwargs
        parts = args if args else tuple(kwargs.values())
        lengths = [len(d) for d in parts]
        if len(set(lengths)) != 1:
            raise ValueError(f"StackDataset: size mismatch between datasets, got lengths "
                             f"{lengths}")
        self._length = lengths[0]

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: Any) -> Any:
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices: list[Any]) -> list[Any]:
        """A batch's samples at once (a DataLoader's fetch), through each dataset's own
        __getitems__ when it has one, as PyTorch's."""
        named = isinstance(self.datasets, dict)
        keys = list(self.datasets) if named else range(len(self.datasets))
        columns = []
        for k in keys:
            d = self.datasets[k]
            if callable(getattr(d, "__getitems__", None)):
                items = list(d.__getitems__(indices))
                if len(items) != len(indices):
                    raise ValueError(f"StackDataset: nested dataset's output size mismatch: "
                                     f"expected {len(indices)}, got {len(items)}")
            else:
                items = [d[i] for i in indices]
            columns.append(items)
        if named:
            return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]
        return [tuple(row) for row in zip(*columns, strict=True)]


class ConcatDataset(Dataset):
    """Map-style datasets one after another: index i falls in the first dataset whose
    running total (`cumulative_sizes`) passes i. A negative index counts from the end."""

    def __init__(self, datasets: Iterable[Any]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise TypeError("ConcatDataset does not support IterableDataset "
                                "(use ChainDataset)")
        self.cumulative_sizes = np.cumsum([len(d) for d in self.datasets]).tolist()

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, index: Any) -> Any:
        index = _index(index, "ConcatDataset")
        if index < 0:
            if -index > len(self):
                raise ValueError("ConcatDataset: absolute value of index should not exceed "
                                 f"dataset length {len(self)}, got {index}")
            index += len(self)
        if index >= len(self):
            raise IndexError(f"ConcatDataset: index {index} is out of range for "
                             f"{len(self)} samples")
        which = bisect.bisect_right(self.cumulative_sizes, index)
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][index - start]


class ChainDataset(IterableDataset):
    """IterableDatasets one after another (the stream of each in turn)."""

    def __init__(self, datasets: Iterable[Any]) -> None:
        self.datasets = datasets

    def __iter__(self) -> Iterator[Any]:
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise TypeError(f"ChainDataset only supports IterableDataset, got "
                                f"{type(d).__name__}")
            yield from d

    def __len__(self) -> int:
        return sum(len(d) for d in self.datasets)


class Subset(Dataset):
    """The samples of `dataset` at `indices`, in that order: Subset(ds, [4, 1])[0] is ds[4]."""

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, list):
            return self.dataset[[self.indices[i] for i in index]]
        return self.dataset[self.indices[index]]

    def __getitems__(self, indices: list[int]) -> list[Any]:
        """A batch's samples at once (a DataLoader's fetch), through the dataset's own
        __getitems__ when it has one."""
        if callable(getattr(self.dataset, "__getitems__", None)):
            return self.dataset.__getitems__([self.indices[i] for i in indices])
        return [self.dataset[self.indices[i]] for i in indices]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(dataset: Any, lengths: Sequence[int | float],
                 generator: np.random.Generator | None = None) -> list[Subset]:
    """Split `dataset` into Subsets of the given lengths, at random, as PyTorch's.

    `lengths` are counts that sum to len(dataset), or fractions that sum to 1: each part
    gets floor(n * fraction) samples and the remainder is handed out one by one from the
    first part. The order is a permutation drawn from `generator` (a numpy Generator),
    else from autograd's default generator (so autograd.manual_seed repeats the split).
    """
    gen = rng(None, generator, "random_split")
    n = len(dataset)
    lengths = list(lengths)
    for i, length in enumerate(lengths):
        if not isinstance(length, numbers.Real) or isinstance(length, bool):
            raise TypeError(f"random_split: lengths must be counts or fractions, got "
                            f"{shown(length)} at index {i}")
        if length < 0:
            raise ValueError(f"random_split: lengths must be non-negative counts or "
                             f"fractions, got {shown(length)} at index {i}")
    total = sum(lengths)
    if math.isclose(total, 1) and total <= n:
        for i, fraction in enumerate(lengths):
            if not 0 <= fraction <= 1:
                raise ValueError(f"random_split: fraction at index {i} is not between 0 "
                                 f"and 1, got {fraction!r}")
        counts = [int(math.floor(n * f)) for f in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        for i, count in enumerate(counts):
            if count == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in "
                              f"an empty dataset.", UserWarning, stacklevel=2)
        lengths = counts
    if any(int(length) != length for length in lengths) or sum(lengths) != n:
        raise ValueError(f"random_split: sum of input lengths {list(lengths)} does not equal "
                         f"the length of the input dataset ({n})")
    order = gen.permutation(n).tolist()
    parts, start = [], 0
    for length in lengths:
        parts.append(Subset(dataset, order[start:start + int(length)]))
        start += int(length)
    return parts


def _index(index: Any, where: str) -> int:
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        if isinstance(index, Tensor) and index.ndim == 0 and index.dtype.kind in "iu":
            return int(index.data)
        raise TypeError(f"{where}: index must be an int, got {shown(index)}")
    return int(index)
