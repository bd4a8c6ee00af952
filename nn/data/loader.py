"""DataLoader: a dataset's samples in batches, with torch.utils.data.DataLoader's signature.

    loader = DataLoader(dataset, batch_size=32, shuffle=True)   # torch's way
    loader = DataLoader((X, y), batch_size=32, shuffle=True, seed=0)   # arrays: gradproof's
    for xb, yb in loader:   # Tensors; int labels stay int64, floats keep their dtype
        ...

Which indices make a batch is a sampler's choice (nn/data/samplers.py): sequential, or with
shuffle=True a RandomSampler drawing a new order each epoch from `generator`, or from a
generator seeded once with gradproof's `seed=`, or else from autograd's default generator
(so autograd.manual_seed / nn.manual_seed makes a run repeat). The samples are then joined by
`collate_fn` (default_collate, nn/data/collate.py). Everything runs in the main process:
num_workers > 0 is accepted (ported code keeps running) and loads the data there too, as one
worker would; pin_memory, timeout, prefetch_factor and the like have nothing to do on a CPU.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import numbers
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import Tensor, as_tensor
from autograd.arguments import shown

from ..arguments import rng
from .collate import default_collate, default_convert
from .datasets import IterableDataset, TensorDataset
from .samplers import BatchSampler, RandomSampler, SequentialSampler


@dataclass
class WorkerInfo:
    """What get_worker_info() tells a dataset while a loader with num_workers > 0 reads
    it: here always one worker (id 0 of 1), the main process."""
    id: int
    num_workers: int
    seed: int
    dataset: Any


_worker: WorkerInfo | None = None


def get_worker_info() -> WorkerInfo | None:
    """None in the main process, as PyTorch's; a WorkerInfo (id=0, num_workers=1) while a
    DataLoader with num_workers > 0 fetches samples or calls worker_init_fn, so an
    IterableDataset that shards its stream by worker yields all of it."""
    return _worker


@contextlib.contextmanager
def _as_worker(info: WorkerInfo | None) -> Iterator[None]:
    global _worker
    before, _worker = _worker, info
    try:
        yield
    finally:
        _worker = before


_FIXED = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset",
          "persistent_workers")


class DataLoader:
    """Batches of a dataset, as torch.utils.data.DataLoader (see the module's docstring).

    `dataset` is a map-style dataset (`__len__` and `__getitem__`: a TensorDataset, a
    list, your own class), an IterableDataset, or gradproof's shortcut: a tuple of arrays
    or Tensors `(X, y)` (a TensorDataset of them) or one array (whose batches are Tensors,
    not 1-lists). batch_size=None turns batching off (each sample through
    default_convert). num_workers > 0 loads in the main process, as one worker would.
    `seed=` (gradproof's) shuffles from a generator seeded once, so epochs differ but a
    run repeats.
    """

    def __init__(self, dataset: Any, batch_size: int | None = 1, shuffle: bool | None = None,
                 sampler: Any = None, batch_sampler: Any = None, num_workers: int = 0,
                 collate_fn: Callable[[Any], Any] | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Callable[[int], None] | None = None,
                 multiprocessing_context: Any = None,
                 generator: np.random.Generator | None = None, *,
                 prefetch_factor: int | None = None, persistent_workers: bool = False,
                 pin_memory_device: str = "", in_order: bool = True,
                 seed: int | None = None) -> None:
        self._one_array = isinstance(dataset, np.ndarray | Tensor)  # batches: Tensors
        self._samples = dataset  # what samples are read from (one array: its rows, as torch)
        if self._one_array:
            dataset = TensorDataset(dataset)
        elif isinstance(dataset, tuple) and dataset and all(
                isinstance(a, np.ndarray | Tensor) for a in dataset):
            dataset = TensorDataset(*dataset)
        if not self._one_array:
            self._samples = dataset
        iterable = isinstance(dataset, IterableDataset)
        # __len__ is needed only by the default samplers (a given sampler picks the indices)
        if not iterable and not (hasattr(dataset, "__getitem__") and (
                hasattr(dataset, "__len__") or sampler is not None
                or batch_sampler is not None)):
            raise TypeError(f"DataLoader: expected arrays (X, y) or a dataset with __len__ "
                            f"and __getitem__ (or an IterableDataset, or __getitem__ and a "
                            f"sampler), got {type(dataset).__name__}")
        if batch_size is not None and (not isinstance(batch_size, numbers.Integral)
                                       or isinstance(batch_size, bool) or batch_size < 1):
            raise ValueError(f"DataLoader: batch_size must be a positive integer, got "
                             f"{batch_size!r} (None turns batching off)")
        for name, value in (("shuffle", shuffle), ("drop_last", drop_last),
                            ("pin_memory", pin_memory),
                            ("persistent_workers", persistent_workers)):
            if value is not None and not isinstance(value, bool | np.bool_):
                raise TypeError(f"DataLoader: {name} must be True or False, got "
                                f"{shown(value)}")
        self._check_workers(num_workers, timeout, prefetch_factor, persistent_workers,
                            multiprocessing_context)
        for name, value in (("collate_fn", collate_fn), ("worker_init_fn", worker_init_fn)):
            if value is not None and not callable(value):
                raise TypeError(f"DataLoader: {name} must be callable, got {shown(value)}")
        if seed is not None and generator is not None:
            raise ValueError("DataLoader: give seed= or generator=, not both")
        generator = rng(seed, generator, "DataLoader") if seed is not None or generator \
            is not None else None
        if iterable:
            for name, given in (("shuffle", shuffle), ("sampler", sampler),
                                ("batch_sampler", batch_sampler)):
                if given not in (None, False):
                    raise ValueError(f"DataLoader with IterableDataset: expected unspecified "
                                     f"{name} option, but got {name}={given!r}")
        if sampler is not None and shuffle:
            raise ValueError("DataLoader: sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("DataLoader: batch_sampler option is mutually exclusive with "
                                 "batch_size, shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("DataLoader: batch_size=None option disables auto-batching and "
                             "is mutually exclusive with drop_last")
        if sampler is None and not iterable:
            sampler = (RandomSampler(dataset, generator=generator) if shuffle
                       else SequentialSampler(dataset))
        if batch_size is not None and batch_sampler is None and not iterable:
            batch_sampler = BatchSampler(sampler, batch_size, bool(drop_last))
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = bool(drop_last)
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        self.num_workers = num_workers
        self.collate_fn = collate_fn or (default_collate if self._auto_collation
                                         else default_convert)
        self.pin_memory, self.pin_memory_device = pin_memory, pin_memory_device
        if prefetch_factor is None and num_workers > 0:
            prefetch_factor = 2  # PyTorch's default with workers
        self.timeout, self.prefetch_factor, self.in_order = timeout, prefetch_factor, in_order
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.persistent_workers = persistent_workers
        self._initialized = True

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_initialized", False) and name in _FIXED:
            raise ValueError(f"{name} attribute should not be set after "
                             f"{type(self).__name__} is initialized")
        super().__setattr__(name, value)

    @staticmethod
    def _check_workers(num_workers: Any, timeout: Any, prefetch_factor: Any,
                       persistent_workers: bool, context: Any) -> None:
        if (isinstance(num_workers, bool) or not isinstance(num_workers, numbers.Integral)
                or num_workers < 0):
            raise ValueError(f"DataLoader: num_workers option should be a non-negative int; "
                             f"use num_workers=0 to disable multiprocessing, got "
                             f"{shown(num_workers)}")
        if not isinstance(timeout, numbers.Real) or isinstance(timeout, bool) or timeout < 0:
            raise ValueError(f"DataLoader: timeout option should be non-negative, got "
                             f"{shown(timeout)}")
        if prefetch_factor is not None and num_workers == 0:
            raise ValueError("DataLoader: prefetch_factor option could only be specified in "
                             "multiprocessing. Let num_workers > 0 to enable multiprocessing, "
                             "otherwise set prefetch_factor to None.")
        if prefetch_factor is not None and (isinstance(prefetch_factor, bool) or not
                                            isinstance(prefetch_factor, numbers.Integral)
                                            or prefetch_factor < 0):
            raise ValueError(f"DataLoader: prefetch_factor option should be a non-negative "
                             f"int, got {shown(prefetch_factor)}")
        if persistent_workers and num_workers == 0:
            raise ValueError("DataLoader: persistent_workers option needs num_workers > 0")
        if context is not None and num_workers == 0:
            raise ValueError("DataLoader: multiprocessing_context can only be used with "
                             "multi-process loading (num_workers > 0), but got "
                             "num_workers=0")

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None or (
            self.batch_size is not None and isinstance(self.dataset, IterableDataset))

    def __len__(self) -> int:
        if isinstance(self.dataset, IterableDataset):
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)

    def __iter__(self) -> Iterator[Any]:
        worker = None
        if self.num_workers > 0:  # one worker: the main process
            seed = int(rng(None, self.generator, "DataLoader").integers(2 ** 63))
            worker = WorkerInfo(id=0, num_workers=1, seed=seed, dataset=self.dataset)
            if self.worker_init_fn is not None:
                with _as_worker(worker):
                    self.worker_init_fn(0)
        if isinstance(self.dataset, IterableDataset):
            yield from self._stream(worker)
            return
        for indices in (self.batch_sampler if self._auto_collation else self.sampler):
            with _as_worker(worker):
                batch = self._fetch(indices)
            yield batch

    def _fetch(self, indices: Any) -> Any:
        if not self._auto_collation:
            return self.collate_fn(self._samples[indices])
        if isinstance(self.dataset, TensorDataset) and self.collate_fn is default_collate:
            rows = np.asarray(indices, dtype=np.int64)  # the whole batch in one indexing
            batch = [t[rows] if t.requires_grad else as_tensor(t.data[rows])
                     for t in self.dataset.tensors]
            return batch[0] if self._one_array else batch
        if callable(getattr(self.dataset, "__getitems__", None)):
            return self.collate_fn(self.dataset.__getitems__(list(indices)))
        return self.collate_fn([self._samples[i] for i in indices])

    def _stream(self, worker: WorkerInfo | None) -> Iterator[Any]:
        with _as_worker(worker):
            samples = iter(self.dataset)
        while True:
            with _as_worker(worker):
                if self.batch_size is None:
                    sample = next(samples, _END)
                    if sample is _END:
                        return
                    batch = self.collate_fn(sample)
                else:
                    chunk = list(itertools.islice(samples, self.batch_size))
                    if not chunk or (self.drop_last and len(chunk) < self.batch_size):
                        return
                    batch = self.collate_fn(chunk)
            yield batch


_END = object()
