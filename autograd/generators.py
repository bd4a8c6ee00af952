"""Where random numbers come from: one numpy Generator, `default_generator`, that every
random draw uses unless given its own (creation functions, nn's initialisation, nn.init,
dropout), and `manual_seed`, which reseeds it in place (see autograd/creation.py).
Apart from creation.py, which imports Tensor: an in-place random fill (x.normal_()) is a
Tensor method and needs the generator without importing Tensor's module."""

from __future__ import annotations

from typing import Any

import numpy as np

from .arguments import integer, shown


class _SharedGenerator(np.random.Generator):
    """A numpy Generator that copies are the same object of: a deep copy of a model (a
    Transformer's layers, a Dropout) keeps drawing from the one generator manual_seed
    seeds, as PyTorch's copies use its one default generator, instead of from a frozen
    copy of its state (every copy would repeat the same dropout masks)."""

    def __copy__(self) -> _SharedGenerator:
        return self

    def __deepcopy__(self, memo: Any) -> _SharedGenerator:
        return self

    def __reduce__(self) -> Any:  # (pickled, it is the receiving process's own)
        return (_shared_generator, ())


def _shared_generator() -> np.random.Generator:
    return default_generator


default_generator: np.random.Generator = _SharedGenerator(np.random.PCG64())
"""The generator every random draw uses unless given its own (reseeded by manual_seed)."""


def manual_seed(seed: int) -> np.random.Generator:
    """Reseed the one generator (in place); returns it. Its draws are then those of
    numpy.random.default_rng(seed)."""
    seed = integer(seed, "seed", "manual_seed")
    if seed < 0:  # numpy's seeds are non-negative; PyTorch takes -1 too (as 2**64 - 1)
        seed %= 2 ** 64
    default_generator.bit_generator.state = np.random.default_rng(seed).bit_generator.state
    return default_generator


def generator(given: np.random.Generator | None, where: str) -> np.random.Generator:
    """`given` (checked), or the default generator."""
    if given is None:
        return default_generator
    if not isinstance(given, np.random.Generator):
        raise TypeError(f"{where}: generator must be a numpy Generator "
                        f"(np.random.default_rng(seed)), got {shown(given)}")
    return given
