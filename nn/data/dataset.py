"""torch.utils.data.dataset's names (`from nn.data import dataset`, as
`from torch.utils.data import dataset`): the datasets are in nn/data/datasets.py."""

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

__all__ = ["ChainDataset", "ConcatDataset", "Dataset", "IterableDataset", "StackDataset",
           "Subset", "TensorDataset", "random_split"]
