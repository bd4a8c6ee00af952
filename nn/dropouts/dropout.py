"""F.dropout, and the argument checks every dropout function and layer shares.

PyTorch's signatures: dropout(input, p=0.5, training=True, inplace=False), and so
F.dropout2d; nn.Dropout(p=0.5, inplace=False), nn.Dropout2d. gradproof adds one keyword,
`generator=`: the numpy Generator the mask is drawn from (a layer's own, from its seed= or
generator=; by default autograd's default_generator, which manual_seed seeds).
`inplace=True` is accepted and computes out of place, as every inplace= in nn: an op here
never changes its input, so a graph that uses it stays correct.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd.arguments import shown

from .. import arguments
from ..activation.activations import check_inplace
from ..generators import generator_for
from ..module import Module


def check_p(p: Any, where: str) -> float:
    """Dropout's probability as a float: a TypeError for what is not a number, a ValueError
    outside [0, 1] (PyTorch's two errors)."""
    if not isinstance(p, numbers.Real):
        raise TypeError(f"{where}: p must be a number, a probability in [0, 1], got "
                        f"{shown(p)}")
    if not 0 <= p <= 1:
        raise ValueError(f"{where}: p must be a probability in [0, 1], got {shown(p)}")
    return float(p)


def check_arguments(where: str, p: Any, training: Any, inplace: Any, generator: Any) -> float:
    """Every argument of a dropout function checked, as PyTorch's (training must be a bool,
    an int is refused too); p as a float."""
    p = check_p(p, where)
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"{where}: training must be True or False, got {shown(training)}")
    check_inplace(inplace, where)
    arguments.generator(generator, where)
    return p


def dropout(input: Any, p: float = 0.5, training: bool = True,  # noqa: A002 (PyTorch's name)
            inplace: bool = False, *, generator: np.random.Generator | None = None) -> Any:
    """Inverted dropout: zero each element with probability p, scale the rest by 1/(1-p)
    (torch.nn.functional.dropout). The input itself when not training or when p == 0;
    zeros when p == 1 (as PyTorch). The mask is drawn from `generator` (default: autograd's
    default_generator); inplace=True computes out of place."""
    p = check_arguments("dropout", p, training, inplace, generator)
    x = arguments.tensor(input, "dropout")
    if not training or p == 0:
        return x
    if p == 1:  # nothing is kept, and 1/(1-p) would divide by zero
        return x * 0.0
    keep = generator_for(None, generator).random(x.shape) >= p
    return x * (keep / (1.0 - p)).astype(x.dtype)


class DropoutLayer(Module):
    """What every dropout layer holds: p, inplace (accepted; computes out of place) and the
    generator its masks are drawn from (its own from seed= or generator=, else autograd's
    default_generator); each subclass's forward calls its function."""

    def __init__(self, p: float = 0.5, inplace: bool = False, *, seed: int | None = None,
                 generator: np.random.Generator | None = None) -> None:
        where = type(self).__name__
        self.p = check_p(p, where)
        check_inplace(inplace, where)
        arguments.generator(generator, where)
        self.inplace = inplace
        self._rng = generator_for(seed, generator, where)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
