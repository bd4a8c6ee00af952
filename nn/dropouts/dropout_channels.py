"""Channel dropout of 1-D and 3-D feature maps: F.dropout1d, F.dropout3d, nn.Dropout1d and
nn.Dropout3d, as PyTorch's (F.dropout2d and nn.Dropout2d are in nn/utility_layers.py).

Each (sample, channel) map is zeroed with probability p, the others scaled by 1/(1 - p):
the mask has one draw per channel, broadcast over the map. As PyTorch: dropout1d takes
(C, L) or (N, C, L) and refuses other shapes; dropout3d takes (C, D, H, W) or (N, C, D, H,
W), and warns for other shapes (read as unbatched: one draw per entry of the first dim).
The arguments (and `generator=`, `inplace=`) are those of nn/dropouts/dropout.py.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from autograd import Tensor

from .. import arguments
from ..generators import generator_for
from .dropout import DropoutLayer, check_arguments


def _drop_channels(x: Tensor, p: float, batched: bool, generator: Any) -> Tensor:
    """x with each channel (axis 1, or axis 0 unbatched) kept with probability 1 - p."""
    if p == 1:  # nothing is kept, and 1/(1-p) would divide by zero
        return x * 0.0
    channels = x.shape[:2] if batched else x.shape[:1]
    keep = generator_for(None, generator).random(
        channels + (1,) * (x.ndim - len(channels))) >= p
    return x * (keep / (1.0 - p)).astype(x.dtype)


def dropout1d(input: Any, p: float = 0.5, training: bool = True,  # noqa: A002
              inplace: bool = False, *, generator: np.random.Generator | None = None) -> Any:
    """Zero whole channels of (N, C, L) or (C, L), as torch.nn.functional.dropout1d: each
    with probability p, the rest scaled by 1/(1 - p). The identity when not training or when
    p == 0 (the shape is checked first)."""
    p = check_arguments("dropout1d", p, training, inplace, generator)
    x = arguments.tensor(input, "dropout1d")
    if x.ndim not in (2, 3):
        raise ValueError(f"dropout1d: expected a 2-D (C, L) or 3-D (N, C, L) input, got "
                         f"shape {x.shape} (dropout1d drops channels of 1-D signals)")
    if not training or p == 0:
        return x
    return _drop_channels(x, p, x.ndim == 3, generator)


def dropout3d(input: Any, p: float = 0.5, training: bool = True,  # noqa: A002
              inplace: bool = False, *, generator: np.random.Generator | None = None) -> Any:
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W), as
    torch.nn.functional.dropout3d: each with probability p, the rest scaled by 1/(1 - p).
    Another shape warns (PyTorch deprecates it) and is read as unbatched."""
    p = check_arguments("dropout3d", p, training, inplace, generator)
    x = arguments.tensor(input, "dropout3d")
    if x.ndim not in (4, 5):
        warnings.warn(f"dropout3d: received a {x.ndim}-D input; dropout3d is for 4-D or 5-D "
                      "inputs (PyTorch deprecates other shapes; read as unbatched, one draw "
                      "per entry of the first dim): use dropout instead", stacklevel=2)
    if not training or p == 0:
        return x
    if x.ndim == 0:
        raise ValueError("dropout3d: expected an input with a channel dim, got a 0-D one")
    return _drop_channels(x, p, x.ndim == 5, generator)


class Dropout1d(DropoutLayer):
    """dropout1d as a layer: active in training mode only."""

    def forward(self, input: Any) -> Any:  # noqa: A002
        return dropout1d(input, self.p, self.training, self.inplace, generator=self._rng)


class Dropout3d(DropoutLayer):
    """dropout3d as a layer: active in training mode only."""

    def forward(self, input: Any) -> Any:  # noqa: A002
        return dropout3d(input, self.p, self.training, self.inplace, generator=self._rng)
