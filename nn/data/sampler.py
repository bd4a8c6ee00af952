"""torch.utils.data.sampler's names (`from nn.data import sampler`, as
`from torch.utils.data import sampler`): the samplers are in nn/data/samplers.py."""

from .samplers import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)

__all__ = ["BatchSampler", "RandomSampler", "Sampler", "SequentialSampler",
           "SubsetRandomSampler", "WeightedRandomSampler"]
