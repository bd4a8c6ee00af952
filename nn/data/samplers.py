"""The samplers of torch.utils.data: what order a DataLoader visits a dataset's indices in.

    SequentialSampler(ds)              0, 1, ..., len(ds) - 1
    RandomSampler(ds, replacement=False, num_samples=None, generator=None)
                                       a new permutation each pass (or draws with replacement)
    SubsetRandomSampler(indices)       the given indices, in a new random order each pass
    WeightedRandomSampler(weights, num_samples, replacement=True)
                                       index i drawn with probability weights[i] / sum(weights)
    BatchSampler(sampler, batch_size, drop_last)   a sampler's indices in lists of batch_size

Random ones draw from their `generator` (a numpy Generator) or, without one, from autograd's
default generator at the start of each pass, so autograd.manual_seed (nn.manual_seed) makes
a run repeat, as torch.manual_seed does. The numbers differ from PyTorch's (another
generator); the semantics do not.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.arguments import shown

from ..arguments import rng


class Sampler:
    """Base class: subclasses give `__iter__` over indices (and `__len__` when known)."""

    def __init__(self, data_source: Any = None) -> None:
        pass

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError


class SequentialSampler(Sampler):
    """The indices 0, 1, ..., len(data_source) - 1, in order."""

    def __init__(self, data_source: Any) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler):
    """Random indices of data_source: without replacement, a new permutation each pass
    (num_samples beyond len(data_source) take further permutations); with replacement,
    num_samples independent uniform draws."""

    def __init__(self, data_source: Any, replacement: bool = False,
                 num_samples: int | None = None,
                 generator: np.random.Generator | None = None) -> None:
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(replacement, bool):
            raise TypeError(f"RandomSampler: replacement should be a boolean value, but got "
                            f"replacement={shown(replacement)}")
        _positive(self.num_samples, "num_samples", "RandomSampler")
        rng(None, generator, "RandomSampler")  # (a bad generator fails here, not later)

    @property
    def num_samples(self) -> int:
        """num_samples if given, else len(data_source) (read each pass: it may grow)."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self) -> Iterator[int]:
        n, wanted = len(self.data_source), self.num_samples
        if n == 0:  # (PyTorch: ZeroDivisionError, or randint's from=0 >= to=0)
            raise ValueError(f"RandomSampler: cannot draw num_samples={wanted} indices from "
                             f"an empty data_source")
        gen = rng(None, self.generator, "RandomSampler")
        if self.replacement:
            yield from gen.integers(0, n, size=wanted).tolist()
            return
        for _ in range(wanted // n):
            yield from gen.permutation(n).tolist()
        yield from gen.permutation(n)[:wanted % n].tolist()

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices, in a new random order each pass."""

    def __init__(self, indices: Sequence[int],
                 generator: np.random.Generator | None = None) -> None:
        self.indices = indices
        self.generator = generator
        rng(None, generator, "SubsetRandomSampler")

    def __iter__(self) -> Iterator[Any]:
        gen = rng(None, self.generator, "SubsetRandomSampler")
        for i in gen.permutation(len(self.indices)).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """num_samples indices of range(len(weights)), index i with probability
    weights[i] / sum(weights) (as torch.multinomial): with replacement, independent draws;
    without, each index at most once (so num_samples may not pass the nonzero weights)."""

    def __init__(self, weights: Any, num_samples: int, replacement: bool = True,
                 generator: np.random.Generator | None = None) -> None:
        _positive(num_samples, "num_samples", "WeightedRandomSampler")
        if not isinstance(replacement, bool):
            raise ValueError(f"WeightedRandomSampler: replacement should be a boolean value, "
                             f"but got replacement={shown(replacement)}")
        array = weights.data if isinstance(weights, Tensor) else weights
        try:
            array = np.asarray(array, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"WeightedRandomSampler: weights must be a 1d sequence of "
                            f"numbers, got {shown(weights)}") from None
        if array.ndim != 1:
            raise ValueError(f"WeightedRandomSampler: weights should be a 1d sequence but "
                             f"given weights have shape {array.shape}")
        if not np.all(np.isfinite(array)) or np.any(array < 0) or not array.sum() > 0:
            raise ValueError(f"WeightedRandomSampler: weights must be finite, non-negative "
                             f"and not all zero, got {array[:8].tolist()}")
        if not replacement and num_samples > np.count_nonzero(array):
            raise ValueError(f"WeightedRandomSampler: cannot draw num_samples={num_samples} "
                             f"without replacement from {np.count_nonzero(array)} nonzero "
                             f"weights")
        self.weights = array
        self.num_samples = int(num_samples)
        self.replacement = replacement
        self.generator = generator
        rng(None, generator, "WeightedRandomSampler")

    def __iter__(self) -> Iterator[int]:
        gen = rng(None, self.generator, "WeightedRandomSampler")
        p = self.weights / self.weights.sum()
        yield from gen.choice(len(p), size=self.num_samples, replace=self.replacement,
                              p=p).tolist()

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    """Another sampler's indices (or any iterable's) in lists of batch_size; the last list
    is shorter unless drop_last drops it."""

    def __init__(self, sampler: Iterable[Any], batch_size: int, drop_last: bool) -> None:
        _positive(batch_size, "batch_size", "BatchSampler")
        if not isinstance(drop_last, bool):
            raise ValueError(f"BatchSampler: drop_last should be a boolean value, but got "
                             f"drop_last={shown(drop_last)}")
        self.sampler = sampler
        self.batch_size = int(batch_size)
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list[Any]]:
        batch: list[Any] = []
        for index in self.sampler:
            batch.append(index)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)  # type: ignore[arg-type]
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


def _positive(value: Any, name: str, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(f"{where}: {name} should be a positive integer value, but got "
                         f"{name}={shown(value)}")
