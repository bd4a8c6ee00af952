"""F.pad: pad (or, with negative amounts, crop) the last axes, as torch.nn.functional.pad.

'constant' joins blocks of the fill value on each side (concatenate); 'reflect',
'replicate' and 'circular' read the input at computed indices (one getitem), so each is
composed of existing ops: their derivatives, of any order, come with them. Conv layers use
it for their padding_mode.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor, concatenate

MODES = ("constant", "reflect", "replicate", "circular")


def _source(n: int, before: int, after: int, mode: str) -> np.ndarray:
    """For each position of the padded axis, the input position it copies."""
    i = np.arange(-before, n + after)
    if mode == "reflect":  # ... 2 1 | 0 1 2 ... n-1 | n-2 n-3 ...: the edge is not repeated
        i = np.abs(i)
        return np.where(i >= n, 2 * (n - 1) - i, i)
    if mode == "replicate":
        return np.clip(i, 0, n - 1)
    # circular, as PyTorch: crop first (negative amounts), then wrap around what is left
    start, stop = max(-before, 0), n - max(-after, 0)
    return np.arange(-max(before, 0), stop - start + max(after, 0)) % (stop - start) + start


def _check(x: Tensor, pairs: list[tuple[int, int]], mode: str) -> None:
    for axis, (before, after) in enumerate(pairs, start=x.ndim - len(pairs)):
        n = x.shape[axis]
        if mode == "reflect" and max(before, after) >= n:
            raise ValueError(f"pad: reflect padding ({before}, {after}) must be smaller than "
                             f"the size {n} of axis {axis} (shape {x.shape})")
        if mode == "replicate" and n == 0:
            raise ValueError(f"pad: replicate padding needs a nonempty axis {axis} "
                             f"(shape {x.shape})")
        if mode == "circular" and max(before, after) > n:
            raise ValueError(f"pad: circular padding ({before}, {after}) may wrap around at "
                             f"most once: at most the size {n} of axis {axis} (shape {x.shape})")
        if mode != "constant" and n - max(-before, 0) - max(-after, 0) < 1:
            raise ValueError(f"pad: padding ({before}, {after}) crops more than the size {n} "
                             f"of axis {axis}")


def pad(input: Any, pad: Sequence[int], mode: str = "constant",  # noqa: A002
        value: float | None = None) -> Tensor:
    """Pad the last len(pad) // 2 axes: `pad` is (before, after) for the last axis, then
    for the one before it, ... (PyTorch's order). Negative amounts crop. Modes: 'constant'
    (with `value`, default 0), 'reflect' (mirror, not repeating the edge), 'replicate'
    (repeat the edge) and 'circular' (wrap around)."""
    x = input if isinstance(input, Tensor) else Tensor(input)
    amounts = tuple(pad)
    if len(amounts) % 2 or not all(isinstance(p, numbers.Integral) for p in amounts):
        raise ValueError(f"pad: pad must be an even number of ints, got {pad!r}")
    if len(amounts) // 2 > x.ndim:
        raise ValueError(f"pad: pad {amounts} pads {len(amounts) // 2} axes of a Tensor of "
                         f"shape {x.shape}")
    if mode not in MODES:
        raise ValueError(f"pad: mode must be one of {MODES}, got {mode!r}")
    if value is not None and mode != "constant":
        raise ValueError(f"pad: value is only for mode 'constant', not {mode!r}")
    # PyTorch's order is last axis first: turn it into (before, after) per axis, in order.
    pairs = [(int(amounts[i]), int(amounts[i + 1])) for i in range(len(amounts) - 2, -1, -2)]
    if mode != "constant":
        _check(x, pairs, mode)
        first = x.ndim - len(pairs)
        sources = [_source(x.shape[first + k], *pair, mode) for k, pair in enumerate(pairs)]
        return x[(Ellipsis, *np.ix_(*sources))]
    for axis, (before, after) in enumerate(pairs, start=x.ndim - len(pairs)):
        x = _constant(x, axis, before, after, 0.0 if value is None else value)
    return x


def _constant(x: Tensor, axis: int, before: int, after: int, value: float) -> Tensor:
    n = x.shape[axis]
    if before < 0 or after < 0:  # crop first
        start, stop = max(-before, 0), n - max(-after, 0)
        if stop < start:
            raise ValueError(f"pad: padding ({before}, {after}) crops more than the size {n} "
                             f"of axis {axis}")
        x = x[(slice(None),) * axis + (slice(start, stop),)]
    blocks: list[Any] = []
    for amount in (before, after):
        shape = x.shape[:axis] + (max(amount, 0),) + x.shape[axis + 1:]
        blocks.append(np.full(shape, value, x.dtype) if amount > 0 else None)
    parts = [b for b in (blocks[0], x, blocks[1]) if b is not None]
    return parts[0] if len(parts) == 1 else concatenate(parts, axis)
