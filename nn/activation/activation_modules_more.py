"""The modules of nn/activation/activations_more.py's functions, and Softmax2d: PyTorch's names,
arguments, defaults and reprs (nn/activation/activation_modules.py has the common ones).

`inplace=True` is accepted where PyTorch has it (and shows in the repr, as PyTorch's), but
computes out of place: ops here never change their input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import arguments
from ..generators import generator_for
from ..module import Module
from . import activations_more as F  # noqa: N812 (PyTorch's habit)
from .activation_modules import _Inplace


class Threshold(_Inplace):
    """x where x > threshold, else value."""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__(inplace)
        arguments.number(threshold, "threshold", "Threshold")
        arguments.number(value, "value", "Threshold")
        self.threshold = threshold
        self.value = value

    def forward(self, input: Any) -> Any:  # noqa: A002
        return F.threshold(input, self.threshold, self.value)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"threshold={self.threshold}, value={self.value}")


class Hardshrink(Module):
    """0 where -lambd <= x <= lambd, else x."""

    def __init__(self, lambd: float = 0.5) -> None:
        arguments.number(lambd, "lambd", "Hardshrink")
        self.lambd = lambd

    def forward(self, input: Any) -> Any:  # noqa: A002
        return F.hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(Module):
    """x - lambd above lambd, x + lambd below -lambd, 0 between (lambd >= 0)."""

    def __init__(self, lambd: float = 0.5) -> None:
        if not arguments.number(lambd, "lambd", "Softshrink") >= 0:
            raise ValueError(f"Softshrink: lambd must be at least 0, got {lambd!r}")
        self.lambd = lambd

    def forward(self, input: Any) -> Any:  # noqa: A002
        return F.softshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)


class Tanhshrink(Module):
    """x - tanh(x)."""

    def forward(self, input: Any) -> Any:  # noqa: A002
        return F.tanhshrink(input)


class RReLU(_Inplace):
    """rrelu as a layer: random slopes from U(lower, upper) in training mode (drawn from the
    layer's generator: its generator=, a new one from seed=, or autograd's
    default_generator), the mean slope (lower + upper) / 2 in evaluation mode."""

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
                 inplace: bool = False, *, seed: int | None = None,
                 generator: np.random.Generator | None = None) -> None:
        super().__init__(inplace)
        lo = arguments.number(lower, "lower", "RReLU")
        hi = arguments.number(upper, "upper", "RReLU")
        if lo > hi:
            raise ValueError(f"RReLU: lower ({lower!r}) must be at most upper ({upper!r})")
        self.lower = lower
        self.upper = upper
        self._rng = generator_for(seed, generator, "RReLU")

    def forward(self, input: Any) -> Any:  # noqa: A002
        return F.rrelu(input, self.lower, self.upper, self.training, generator=self._rng)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"lower={self.lower}, upper={self.upper}")


class GLU(Module):
    """The gated linear unit along dim: a sigmoid(b), a and b the halves of x."""

    def __init__(self, dim: int = -1) -> None:
        self.dim = arguments.integer(dim, "dim", "GLU")

    def forward(self, input: Any) -> Any:  # noqa: A002
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax2d(Module):
    """softmax over the channels at each position: of (N, C, H, W) or (C, H, W), along
    dim -3 (PyTorch refuses other shapes, and so does this)."""

    def forward(self, input: Any) -> Any:  # noqa: A002
        x = arguments.tensor(input, "Softmax2d")
        if x.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected a 3-D or 4-D input, got {x.ndim}-D "
                             f"(shape {x.shape})")
        return x.softmax(-3)


class ChannelShuffle(Module):
    """channel_shuffle as a layer: the channels read as (groups, C / groups), transposed."""

    def __init__(self, groups: int) -> None:
        # (PyTorch checks groups when called; a bad one is refused here already)
        self.groups = arguments.count(groups, "groups", "ChannelShuffle", minimum=1)

    def forward(self, input: Any) -> Any:  # noqa: A002
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
