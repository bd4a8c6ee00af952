"""nn.data: torch.utils.data's datasets, samplers, collation and DataLoader, plus
gradproof's train_test_split (the seeds' 7:3).

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=0)
    loader = DataLoader((X_train, y_train), batch_size=32, shuffle=True, seed=0)
    for xb, yb in loader:   # Tensors: xb float64, yb int64 when y holds ints
        ...

    datasets.py   Dataset, IterableDataset, TensorDataset, StackDataset, ConcatDataset,
                  ChainDataset, Subset, random_split
    samplers.py   Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler,
                  WeightedRandomSampler, BatchSampler
    collate.py    default_collate, default_convert
    loader.py     DataLoader, get_worker_info
    split.py      train_test_split

    dataset.py, sampler.py, dataloader.py   PyTorch's submodule names for the same things
                  (`from nn.data import dataset`, as `from torch.utils.data import dataset`)
"""

from . import dataloader, dataset, sampler
from .collate import default_collate, default_convert
from .datasets import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    random_split,
)
from .loader import DataLoader, WorkerInfo, get_worker_info
from .samplers import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .split import train_test_split

__all__ = [
    "BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset",
    "IterableDataset", "RandomSampler", "Sampler", "SequentialSampler", "StackDataset",
    "Subset", "SubsetRandomSampler", "TensorDataset", "WeightedRandomSampler", "WorkerInfo",
    "default_collate", "default_convert", "get_worker_info", "random_split",
    "train_test_split",
    # PyTorch's submodule names
    "dataloader", "dataset", "sampler",
]
