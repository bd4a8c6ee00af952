"""torch.utils.data.dataloader's names (`from nn.data import dataloader`, as
`from torch.utils.data import dataloader`): the loader is in nn/data/loader.py, collation in
nn/data/collate.py."""

from .collate import default_collate, default_convert
from .loader import DataLoader, get_worker_info

__all__ = ["DataLoader", "default_collate", "default_convert", "get_worker_info"]
