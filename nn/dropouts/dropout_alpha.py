"""Alpha dropout, the dropout of self-normalising networks (SELU's): F.alpha_dropout,
F.feature_alpha_dropout, nn.AlphaDropout and nn.FeatureAlphaDropout, as PyTorch's.

A dropped element is set to SELU's negative saturation -alpha' (alpha' = SELU's scale times
alpha = 1.7581), not to 0, and then every element is moved by an affine map a x + b chosen
so that an input of mean 0 and variance 1 keeps them:

    a = 1 / sqrt((alpha'^2 p + 1) (1 - p)),   b = a alpha' p   (kept: a x + b;
                                              dropped: a (-alpha') + b, a constant)

PyTorch's arithmetic, in the input's dtype: noise = keep a, b = (keep - 1) a alpha' + a alpha'
p, out = x noise + b; the gradient is noise. Unlike F.dropout, the functions' `training`
defaults to False (PyTorch's). feature_alpha_dropout drops whole channels: one draw per
(sample, channel) of an input of 2 or more dims. The mask is drawn from `generator=` (by
default autograd's default_generator), as nn/dropouts/dropout.py's.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import arguments
from ..generators import generator_for
from .dropout import DropoutLayer, check_arguments

ALPHA = 1.7580993408473766  # SELU's scale times its alpha: PyTorch's constant


def _alpha_dropout(x: Any, p: float, noise_shape: tuple[int, ...], generator: Any) -> Any:
    if p == 1:  # nothing is kept (PyTorch's zeros)
        return x * 0.0
    keep = (generator_for(None, generator).random(noise_shape) >= p).astype(x.dtype)
    a = 1.0 / math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p))
    alpha_a, alpha_a_p = (np.asarray(c, dtype=x.dtype) for c in (ALPHA * a, ALPHA * a * p))
    b = (keep - 1) * alpha_a + alpha_a_p
    return x * (keep * np.asarray(a, dtype=x.dtype)) + b


def alpha_dropout(input: Any, p: float = 0.5, training: bool = False,  # noqa: A002
                  inplace: bool = False, *, generator: np.random.Generator | None = None
                  ) -> Any:
    """Drop each element with probability p to SELU's saturation, then a x + b (module
    doc). The input itself when not training, when p == 0 or when it is empty; zeros when
    p == 1."""
    p = check_arguments("alpha_dropout", p, training, inplace, generator)
    x = arguments.tensor(input, "alpha_dropout")
    if not training or p == 0 or x.size == 0:
        return x
    return _alpha_dropout(x, p, x.shape, generator)


def feature_alpha_dropout(input: Any, p: float = 0.5, training: bool = False,  # noqa: A002
                          inplace: bool = False, *,
                          generator: np.random.Generator | None = None) -> Any:
    """alpha_dropout of whole channels: each (sample, channel) of (N, C, *) dropped with
    probability p, one draw for all its positions. As PyTorch: an input of fewer than 2
    dims is refused when training (and returned as it is when not)."""
    p = check_arguments("feature_alpha_dropout", p, training, inplace, generator)
    x = arguments.tensor(input, "feature_alpha_dropout")
    if not training or p == 0 or x.size == 0:
        return x
    if x.ndim < 2:
        raise ValueError(f"feature_alpha_dropout: feature dropout requires at least 2 "
                         f"dimensions (N, C, ...) in the input, got shape {x.shape}")
    return _alpha_dropout(x, p, x.shape[:2] + (1,) * (x.ndim - 2), generator)


class AlphaDropout(DropoutLayer):
    """alpha_dropout as a layer: active in training mode only."""

    def forward(self, input: Any) -> Any:  # noqa: A002
        return alpha_dropout(input, self.p, self.training, generator=self._rng)


class FeatureAlphaDropout(DropoutLayer):
    """feature_alpha_dropout as a layer: active in training mode only."""

    def forward(self, input: Any) -> Any:  # noqa: A002
        return feature_alpha_dropout(input, self.p, self.training, generator=self._rng)
