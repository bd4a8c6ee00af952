"""Where nn's random numbers come from: one numpy Generator per draw.

A layer's initialisation, nn.init and dropout take `seed=` or `generator=`; with neither
they draw from autograd's `default_generator`, which `nn.manual_seed(n)` (autograd's
manual_seed) seeds, so one call makes every later draw reproducible.
"""

from __future__ import annotations

import numpy as np

from . import arguments


def generator_for(seed: int | None, generator: np.random.Generator | None,
                  where: str = "nn") -> np.random.Generator:
    """`generator` if given, else a fresh one from `seed`, else the shared default one;
    a bad seed or generator is an error naming `where` (nn/arguments.py's rng)."""
    return arguments.rng(seed, generator, where)
