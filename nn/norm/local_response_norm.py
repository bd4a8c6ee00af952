"""Local response normalisation (AlexNet's): F.local_response_norm and nn.LocalResponseNorm,
as PyTorch's.

Each channel is divided by a power of the mean square of the `size` channels around it
(zeros past the first and last channel), at every position:

    b_c = a_c / (k + alpha / size * sum_{c'} a_{c'}^2) ** beta,
          c' from c - size // 2 to c + (size - 1) // 2

PyTorch's order of operations (the mean of the squares, times alpha, plus k, to the power
beta), composed of ops, so its gradients too. nn.CrossMapLRN2d is left out: PyTorch's
forward drops a channel from its windows late (an off-by-one of its port from Lua), and its
hand-written backward is not that forward's gradient.
"""

from __future__ import annotations

from typing import Any

import autograd
from autograd import Tensor

from .. import arguments
from ..module import Module


def _size(size: Any, where: str) -> int:
    return arguments.count(size, "size", where, minimum=1)


def local_response_norm(input: Any, size: int, alpha: float = 1e-4,  # noqa: A002
                        beta: float = 0.75, k: float = 1.0) -> Tensor:
    """x over (k + alpha mean of the squares of the `size` nearest channels) ** beta, on
    (N, C, *) with at least one position axis (module doc)."""
    size = _size(size, "local_response_norm")
    alpha = arguments.number(alpha, "alpha", "local_response_norm")
    beta = arguments.number(beta, "beta", "local_response_norm")
    k = arguments.number(k, "k", "local_response_norm")
    x = arguments.tensor(input, "local_response_norm")
    if x.ndim < 3:
        raise ValueError(f"local_response_norm: expected an input of 3 or more dims (N, C, "
                         f"*), got {x.ndim} dims (shape {x.shape})")
    if x.size == 0:
        return x
    channels = x.shape[1]
    square = x * x
    # zeros before and after the channels, then each window's sum, one shifted slice at a
    # time (PyTorch's avg_pool over the channels, in its order of additions)
    widths = (0, 0) * (x.ndim - 2) + (size // 2, (size - 1) // 2)
    padded = autograd.pad(square, widths)
    total = padded.narrow(1, 0, channels)
    for shift in range(1, size):
        total = total + padded.narrow(1, shift, channels)
    return x / ((total / size * alpha + k) ** beta)


class LocalResponseNorm(Module):
    """local_response_norm as a layer (it learns nothing)."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75,
                 k: float = 1.0) -> None:
        self.size = _size(size, "LocalResponseNorm")
        for name, value in (("alpha", alpha), ("beta", beta), ("k", k)):
            arguments.number(value, name, "LocalResponseNorm")
        self.alpha, self.beta, self.k = alpha, beta, k

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
