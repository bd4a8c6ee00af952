"""Padding layers, as PyTorch's: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and
CircularPad, 1d, 2d and 3d. Each is F.pad (autograd.pad) with its widths and mode:

    ZeroPad2d(p)          zeros                        F.pad(x, p)
    ConstantPad2d(p, v)   the value v                  F.pad(x, p, value=v)
    ReflectionPad2d(p)    mirrored at the edge         F.pad(x, p, 'reflect')
    ReplicationPad2d(p)   the edge repeated            F.pad(x, p, 'replicate')
    CircularPad2d(p)      from the other end           F.pad(x, p, 'circular')

`padding` is an int (every side) or PyTorch's tuple of 2n widths, last dim first: (left,
right) for 1d, (left, right, top, bottom) for 2d, then (front, back) for 3d. Negative widths
crop. The mirroring modes take PyTorch's inputs: (C, *n dims) or (N, C, *n dims); the
constant ones any input with at least n dims. The widths are checked when the layer is made.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

import autograd
from autograd import Tensor
from autograd.arguments import real, shown

from .. import arguments
from ..module import Module


def widths(padding: Any, n: int, where: str) -> tuple[int, ...]:
    """An int, or 2n ints (negative ones crop), as PyTorch's tuple of 2n widths."""
    if isinstance(padding, (tuple, list)):
        given = tuple(padding)
        if not all(_is_int(v) for v in given):
            raise TypeError(f"{where}: padding must be an int or a tuple of {2 * n} ints, got "
                            f"{shown(padding)}")
        if len(given) != 2 * n:
            raise ValueError(f"{where}: padding must be an int or a tuple of {2 * n} ints (two "
                             f"widths per padded dim), got {len(given)}: {given}")
        return tuple(int(v) for v in given)
    if not _is_int(padding):
        raise TypeError(f"{where}: padding must be an int or a tuple of {2 * n} ints, got "
                        f"{shown(padding)}")
    return (int(padding),) * (2 * n)


def _is_int(v: Any) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))


class _PadNd(Module):
    """What every padding layer shares: its widths, its mode, and its input's check."""

    spatial: int  # how many of the last dims it pads: 1, 2 or 3
    mode: str

    def __init__(self, padding: Any) -> None:
        self.padding = widths(padding, self.spatial, type(self).__name__)

    def _input(self, input: Any) -> Tensor:  # noqa: A002
        where, n = type(self).__name__, self.spatial
        x = arguments.tensor(input, where)
        if self.mode == "constant":
            if x.ndim < n:
                raise ValueError(f"{where}: expected an input of at least {n} dimensions, "
                                 f"got shape {x.shape}")
        elif x.ndim not in (n + 1, n + 2):
            raise ValueError(f"{where}: expected a {n + 1}-D (unbatched) or {n + 2}-D "
                             f"(batched) input, got shape {x.shape}")
        return x

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return autograd.pad(self._input(input), self.padding, self.mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    mode = "constant"

    def __init__(self, padding: Any, value: float) -> None:
        super().__init__(padding)
        real(value, "value", type(self).__name__)
        self.value = value

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return autograd.pad(self._input(input), self.padding, value=self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dim with `value`: (C, L) or (N, C, L) (any input of 1 dim or more)."""

    spatial = 1


class ConstantPad2d(_ConstantPadNd):
    """Pad the last 2 dims with `value`: padding (left, right, top, bottom)."""

    spatial = 2


class ConstantPad3d(_ConstantPadNd):
    """Pad the last 3 dims with `value`: padding (left, right, top, bottom, front, back)."""

    spatial = 3


class _ZeroPad:
    """ZeroPad is ConstantPad with the value 0.0, printed by its widths alone."""

    def __init__(self, padding: Any) -> None:
        super().__init__(padding, 0.0)  # type: ignore[call-arg]

    def extra_repr(self) -> str:
        return f"{self.padding}"  # type: ignore[attr-defined]


class ZeroPad1d(_ZeroPad, ConstantPad1d):
    """Pad the last dim with zeros."""


class ZeroPad2d(_ZeroPad, ConstantPad2d):
    """Pad the last 2 dims with zeros: padding (left, right, top, bottom)."""


class ZeroPad3d(_ZeroPad, ConstantPad3d):
    """Pad the last 3 dims with zeros: padding (left, right, top, bottom, front, back)."""


class ReflectionPad1d(_PadNd):
    """Mirror (C, L) or (N, C, L) at its ends, the edge not repeated: widths below L."""

    spatial, mode = 1, "reflect"


class ReflectionPad2d(_PadNd):
    """Mirror (C, H, W) or (N, C, H, W) at its edges: widths below the sizes."""

    spatial, mode = 2, "reflect"


class ReflectionPad3d(_PadNd):
    """Mirror (C, D, H, W) or (N, C, D, H, W) at its edges: widths below the sizes."""

    spatial, mode = 3, "reflect"


class ReplicationPad1d(_PadNd):
    """Repeat the end values of (C, L) or (N, C, L)."""

    spatial, mode = 1, "replicate"


class ReplicationPad2d(_PadNd):
    """Repeat the edge values of (C, H, W) or (N, C, H, W)."""

    spatial, mode = 2, "replicate"


class ReplicationPad3d(_PadNd):
    """Repeat the edge values of (C, D, H, W) or (N, C, D, H, W)."""

    spatial, mode = 3, "replicate"


class CircularPad1d(_PadNd):
    """Wrap (C, L) or (N, C, L) around: the left padding is the end, the right the start."""

    spatial, mode = 1, "circular"


class CircularPad2d(_PadNd):
    """Wrap (C, H, W) or (N, C, H, W) around on both dims (a torus): widths at most the
    sizes."""

    spatial, mode = 2, "circular"


class CircularPad3d(_PadNd):
    """Wrap (C, D, H, W) or (N, C, D, H, W) around on its 3 last dims."""

    spatial, mode = 3, "circular"
