"""Where nn's random numbers come from: one numpy Generator per draw.

A layer's initialisation, nn.init and dropout take `seed=` or `generator=`; with neither
they draw from autograd's `default_generator`, which `nn.manual_seed(n)` (autograd's
manual_seed) seeds, so one call makes every later draw reproducible.
"""

from __future__ import annotations

import numpy as np

from autograd import default_generator


def generator_for(seed: int | None, generator: np.random.Generator | None
                  ) -> np.random.Generator:
    """`generator` if given, else a fresh one from `seed`, else the shared default one."""
    if generator is not None:
        return generator
    return np.random.default_rng(seed) if seed is not None else default_generator
