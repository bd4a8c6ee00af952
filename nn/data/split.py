"""train_test_split: arrays split into train and test parts, as scikit-learn's (gradproof's;
torch.utils.data has random_split for datasets)."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from autograd import Tensor


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
