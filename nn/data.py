"""Batches for training: TensorDataset, DataLoader, and train_test_split (the seeds' 7:3).

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=0)
    loader = DataLoader((X_train, y_train), batch_size=32, shuffle=True, seed=0)
    for xb, yb in loader:   # Tensors, float64 (class labels become floats: cross_entropy
        ...                 # accepts integral floats as class indices)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import Tensor


class TensorDataset:
    """Arrays of equal length, sample i being the tuple of their i-th rows."""

    def __init__(self, *arrays: Any) -> None:
        if not arrays:
            raise ValueError("TensorDataset: needs at least one array")
        self.arrays = [a.data if isinstance(a, Tensor) else np.asarray(a) for a in arrays]
        lengths = [len(a) if a.ndim else 0 for a in self.arrays]
        if any(a.ndim == 0 for a in self.arrays) or len(set(lengths)) != 1:
            shapes = ", ".join(str(a.shape) for a in self.arrays)
            raise ValueError(f"TensorDataset: arrays must have the same length (first axis), "
                             f"got shapes {shapes}")

    def __len__(self) -> int:
        return len(self.arrays[0])

    def __getitem__(self, index: Any) -> tuple[np.ndarray, ...]:
        """Row(s) `index` of every array; an index array gives a whole batch at once."""
        return tuple(a[index] for a in self.arrays)


class DataLoader:
    """Batches of a dataset as Tensors.

    `dataset` is a tuple of arrays `(X, y)` (or a single array), a TensorDataset, or any
    object with `__len__` and `__getitem__` returning a sample (a tuple, or one array or
    number), whose samples are stacked. Each batch is a tuple of Tensors (one Tensor when
    the samples are not tuples, or for a single array, as PyTorch). With shuffle=True every
    pass draws a new order from a generator seeded once with `seed`, so a run is repeatable
    epoch by epoch.
    """

    def __init__(self, dataset: Any, batch_size: int = 1, shuffle: bool = False,
                 drop_last: bool = False, seed: int | None = None) -> None:
        self._one_array = isinstance(dataset, np.ndarray | Tensor)  # batches: Tensors
        if self._one_array:
            dataset = TensorDataset(dataset)
        elif isinstance(dataset, tuple) and all(isinstance(a, np.ndarray | Tensor)
                                                for a in dataset):
            dataset = TensorDataset(*dataset)
        if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError(f"DataLoader: expected arrays (X, y) or a dataset with __len__ "
                            f"and __getitem__, got {type(dataset).__name__}")
        if (not isinstance(batch_size, numbers.Integral) or isinstance(batch_size, bool)
                or batch_size < 1):
            raise ValueError(f"DataLoader: batch_size must be a positive integer, "
                             f"got {batch_size!r}")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        self._rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        n = len(self.dataset)
        order = self._rng.permutation(n) if self.shuffle else np.arange(n)
        for b in range(len(self)):
            yield self._batch(order[b * self.batch_size:(b + 1) * self.batch_size])

    def _batch(self, index: np.ndarray) -> Any:
        if isinstance(self.dataset, TensorDataset):
            batch = tuple(Tensor(a) for a in self.dataset[index])
            return batch[0] if self._one_array else batch
        samples = [self.dataset[int(i)] for i in index]
        if isinstance(samples[0], tuple):
            return tuple(Tensor(np.stack([np.asarray(_numbers(s[k])) for s in samples]))
                         for k in range(len(samples[0])))
        return Tensor(np.stack([np.asarray(_numbers(s)) for s in samples]))


def _numbers(x: Any) -> Any:
    return x.data if isinstance(x, Tensor) else x


def train_test_split(*arrays: Any, test_size: float | int = 0.3, seed: int | None = None,
                     shuffle: bool = True, stratify: Any = None) -> list[np.ndarray]:
    """Split arrays into train and test parts, as scikit-learn: `X_tr, X_te, y_tr, y_te`.

    test_size is a fraction in (0, 1) (the test part gets ceil(test_size * n) samples) or a
    count. stratify=y keeps each class's share: every class is split in the same proportion
    (rounded per class). Rows keep their pairing across the arrays.
    """
    if not arrays:
        raise ValueError("train_test_split: needs at least one array")
    data = [a.data if isinstance(a, Tensor) else np.asarray(a) for a in arrays]
    n = len(data[0])
    if any(len(a) != n for a in data):
        raise ValueError(f"train_test_split: arrays have different lengths "
                         f"{[len(a) for a in data]}")
    fraction = _test_fraction(test_size, n)
    rng = np.random.default_rng(seed)
    if stratify is None:
        order = rng.permutation(n) if shuffle else np.arange(n)
        n_test = math.ceil(fraction * n)
        test, train = order[:n_test], order[n_test:]
    else:
        labels = np.asarray(stratify.data if isinstance(stratify, Tensor) else stratify)
        if len(labels) != n:
            raise ValueError(f"train_test_split: stratify has {len(labels)} labels for "
                             f"{n} samples")
        test_parts, train_parts = [], []
        for label in np.unique(labels):
            members = np.flatnonzero(labels == label)
            members = rng.permutation(members) if shuffle else members
            k = int(round(fraction * len(members)))
            test_parts.append(members[:k])
            train_parts.append(members[k:])
        test, train = np.concatenate(test_parts), np.concatenate(train_parts)
        if shuffle:  # do not leave the classes in blocks
            test, train = rng.permutation(test), rng.permutation(train)
        else:
            test, train = np.sort(test), np.sort(train)
    if len(train) == 0 or len(test) == 0:
        raise ValueError(f"train_test_split: test_size={test_size!r} of {n} samples leaves "
                         f"{len(train)} to train and {len(test)} to test")
    return [part for a in data for part in (a[train], a[test])]


def _test_fraction(test_size: Any, n: int) -> float:
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, bool):
        if not 0 < test_size < n:
            raise ValueError(f"train_test_split: test_size={test_size} must be between 1 "
                             f"and {n - 1} for {n} samples")
        return test_size / n
    if not isinstance(test_size, numbers.Real) or not 0 < test_size < 1:
        raise ValueError(f"train_test_split: test_size must be a fraction in (0, 1) or a "
                         f"count, got {test_size!r}")
    return float(test_size)
