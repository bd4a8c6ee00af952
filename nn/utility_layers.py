"""Small layers a convolutional network needs around its convolutions: Identity,
Unflatten (the inverse of Flatten) and Dropout2d (dropout of whole channels), as PyTorch's.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor, ops
from autograd.arguments import shown

from . import arguments
from .dropouts.dropout import DropoutLayer, check_arguments
from .generators import generator_for
from .module import Module


def dropout2d(input: Any, p: float = 0.5, training: bool = True,  # noqa: A002
              inplace: bool = False, *, generator: np.random.Generator | None = None) -> Any:
    """Zero whole channels: each (sample, channel) plane of (N, C, H, W) or (C, H, W) is
    zeroed with probability p and the rest scaled by 1/(1 - p), as
    torch.nn.functional.dropout2d. As PyTorch (with its warning), a 3-D input is read as
    (N, C, L). The identity when not training or when p == 0; inplace=True computes out of
    place, and `generator=` is dropout's (nn/dropouts/dropout.py)."""
    p = check_arguments("dropout2d", p, training, inplace, generator)
    x = arguments.tensor(input, "dropout2d")
    if x.ndim not in (3, 4):
        warnings.warn(f"dropout2d: received a {x.ndim}-D input; dropout2d is for 3-D or 4-D "
                      "inputs (PyTorch deprecates other shapes)", stacklevel=2)
    if x.ndim == 3:
        warnings.warn("dropout2d: received a 3-D input, read as (N, C, L) as PyTorch does "
                      "(channel-wise 1-D dropout)", stacklevel=2)
    if not training or p == 0:
        return x
    if x.ndim < 2:
        raise ValueError(f"dropout2d: expected an input with a batch and a channel axis, got "
                         f"shape {x.shape}")
    if p == 1:
        return x * 0.0
    rng = generator_for(None, generator)
    keep = rng.random(x.shape[:2] + (1,) * (x.ndim - 2)) >= p
    return x * (keep / (1.0 - p)).astype(x.dtype)


class Dropout2d(DropoutLayer):
    """dropout2d as a layer: active in training mode only."""

    def forward(self, input: Any) -> Any:  # noqa: A002
        return dropout2d(input, self.p, self.training, self.inplace, generator=self._rng)


class Identity(Module):
    """Returns its input: a placeholder (its arguments are ignored, as PyTorch's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def forward(self, input: Any) -> Any:  # noqa: A002
        return input


class Unflatten(Module):
    """Split axis `dim` into `unflattened_size` (one entry may be -1): (N, 12) -> (N, 3, 4)."""

    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None:
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError(f"Unflatten: unflattened_size must be a tuple of ints, but found "
                            f"type {type(unflattened_size).__name__}: "
                            f"{shown(unflattened_size)}")
        for i, n in enumerate(unflattened_size):
            if not isinstance(n, numbers.Integral) or isinstance(n, bool):
                raise TypeError(f"Unflatten: unflattened_size must be a tuple of ints, but "
                                f"found element of type {type(n).__name__} at pos {i}: "
                                f"{shown(n)}")
        self.dim = arguments.integer(dim, "dim", "Unflatten")
        self.unflattened_size = tuple(int(n) for n in unflattened_size)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        x = arguments.tensor(input, "Unflatten")
        if not -x.ndim <= self.dim < x.ndim:
            raise ValueError(f"Unflatten: dim {self.dim} is out of range for an input of "
                             f"shape {x.shape}")
        axis = self.dim % x.ndim
        sizes = list(self.unflattened_size)
        if sizes.count(-1) > 1:
            raise ValueError(f"Unflatten: at most one size may be -1, got {tuple(sizes)}")
        known = int(np.prod([n for n in sizes if n != -1]))
        if -1 in sizes and known:
            sizes[sizes.index(-1)] = x.shape[axis] // known
        if int(np.prod(sizes)) != x.shape[axis] or any(n < 0 for n in sizes):
            raise ValueError(f"Unflatten: unflattened_size {self.unflattened_size} does not "
                             f"multiply to the size {x.shape[axis]} of axis {axis} (input "
                             f"shape {x.shape})")
        return ops.reshape(x, x.shape[:axis] + tuple(sizes) + x.shape[axis + 1:])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
