"""Small parametrizations for tests/test_nn_parametrize*.py (tests/torch_reference_
parametrize.py has the same ones in PyTorch)."""

from __future__ import annotations

import nn


class Symmetric(nn.Module):
    """X.triu() + X.triu(1).T, right_inverse A.triu() (PyTorch's documentation's example)."""

    def forward(self, x):
        return x.triu() + x.triu(1).T

    def right_inverse(self, a):
        return a.triu()


class Scaled(nn.Module):
    """forward(scale, direction) = scale * direction; right_inverse(W) = (max |W|,
    W / max |W|): two originals."""

    def forward(self, scale, direction):
        return scale * direction

    def right_inverse(self, w):
        scale = abs(w).max()
        return scale, w / scale


class Doubled(nn.Module):
    def forward(self, x):
        return 2 * x

    def right_inverse(self, x):
        return x / 2


class Rows(nn.Module):
    """Keeps the first two rows: changes the shape."""

    def forward(self, x):
        return x[:2]


class Single(nn.Module):
    """To float32: changes the dtype."""

    def forward(self, x):
        return x.float()


class Text(nn.Module):
    def forward(self, x):
        return "abc"


PARAMETRIZATIONS = {"Symmetric": Symmetric, "Scaled": Scaled, "Doubled": Doubled}
