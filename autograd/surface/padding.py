"""Padding: PyTorch's F.pad (`pad`) and numpy's np.pad (`numpy_pad`), on one implementation.

The two take their widths differently: F.pad a flat tuple for the LAST dims, last dim first,
`(left, right, top, bottom, front, back)`; np.pad one (before, after) pair per dim, FIRST dim
first. Each axis is padded in turn: with constants (a concatenation), or by reading the
Tensor at computed positions (an index, whose gradient adds up where a value was copied):

    mode (F.pad)  (np.pad)    the positions read for the padding, for a dim of size n
    replicate     edge        the nearest edge: 0 or n - 1
    reflect       reflect     mirrored at the edge, the edge itself not repeated
    circular      wrap        from the other end
    -             symmetric   mirrored at the edge, the edge repeated
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import ops
from ..arguments import as_array, choice, real, shape_args, shown
from ..primitive import apply

TORCH_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge",
               "circular": "wrap"}
NUMPY_MODES = ("constant", "edge", "reflect", "wrap", "symmetric")


def pad(x: Any, widths: Sequence[int], mode: str = "constant", value: float | None = None
        ) -> Any:
    """F.pad: `widths` = (left, right) for the last dim, then (top, bottom) for the one before,
    ...; negative widths crop. As PyTorch's kernels: constant and circular crop first, reflect
    and replicate pad first and then crop (their copies come from the uncropped edge). reflect
    needs widths below the dim's size, circular at most its size (PyTorch's limits)."""
    choice(mode, "mode", "pad", list(TORCH_MODES))
    fill = 0.0 if value is None else real(value, "value", "pad")
    if mode != "constant" and fill != 0:  # (PyTorch takes value=0 in every mode)
        raise ValueError(f"pad: mode {mode!r} takes no value (only 'constant' does), got "
                         f"value={value!r}")
    widths = shape_args((widths,), "pad", "pad")  # (torch's F.pad calls its widths `pad`)
    if len(widths) % 2:
        raise ValueError(f"pad: pad {widths} must be pairs of ints (left, right, top, "
                         "bottom, ...)")
    if len(widths) // 2 > x.ndim:
        raise ValueError(f"pad: {len(widths) // 2} pairs of widths for a Tensor of "
                         f"{x.ndim} dimensions, shape {x.shape}")
    for i in range(len(widths) // 2):
        d = x.ndim - 1 - i
        before, after = int(widths[2 * i]), int(widths[2 * i + 1])
        n = x.shape[d]
        if mode == "reflect" and max(before, after) >= n and max(before, after) > 0:
            raise ValueError(f"pad: reflect needs widths below the size {n} of dim {d}, "
                             f"got {(before, after)}")
        if mode == "circular" and max(before, after) > n:
            raise ValueError(f"pad: circular needs widths at most the size {n} of dim {d}, "
                             f"got {(before, after)}")
        if mode in ("reflect", "replicate") and min(before, after) < 0 < max(before, after):
            # pad the uncropped dim, then crop: pad(x, (-1, 2)) mirrors x's own last entries
            x = _pad_axis(x, d, max(before, 0), max(after, 0), TORCH_MODES[mode],
                          (fill, fill), "pad")
            before, after = min(before, 0), min(after, 0)
        x = _pad_axis(x, d, before, after, TORCH_MODES[mode], (fill, fill), "pad")
    return _new(x, widths)


def numpy_pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = 0
              ) -> Any:
    """np.pad: pad_width is one int for every side, a (before, after) pair for every dim, or
    one pair per dim (first dim first); constant_values likewise. Modes 'constant', 'edge',
    'reflect', 'wrap', 'symmetric', with numpy's meaning (widths may exceed the size)."""
    choice(mode, "mode", "numpy_pad", NUMPY_MODES)
    widths = _per_axis(pad_width, x.ndim, "pad_width")
    if not np.issubdtype(widths.dtype, np.integer) or (widths < 0).any():
        raise ValueError(f"numpy_pad: pad_width must hold non-negative ints, got "
                         f"{shown(pad_width)}")
    values = _per_axis(constant_values, x.ndim, "constant_values")
    if values.dtype.kind not in "fiub":
        raise TypeError(f"numpy_pad: constant_values must be numbers, got "
                        f"{shown(constant_values)}")
    for d in range(x.ndim):
        before, after = (int(w) for w in widths[d])
        x = _pad_axis(x, d, before, after, mode, (float(values[d][0]), float(values[d][1])),
                      "numpy_pad")
    return _new(x, widths)


def _new(x: Any, widths: Any) -> Any:
    """The result as a node of its own even when nothing was padded (as PyTorch's pad)."""
    return x.reshape(x.shape) if not np.any(widths) else x


def _per_axis(given: Any, ndim: int, name: str) -> np.ndarray:
    """numpy's rule: a number, a pair, or a pair per dim, as an (ndim, 2) array."""
    try:
        return np.broadcast_to(as_array(given, "numpy_pad", name), (ndim, 2))
    except ValueError:
        raise ValueError(f"numpy_pad: {name} {shown(given)} is not a number, a (before, after) "
                         f"pair, or one pair for each of the {ndim} dims") from None


def _pad_axis(x: Any, d: int, before: int, after: int, mode: str,
              values: tuple[float, float], op: str) -> Any:
    n = x.shape[d]
    if before < 0 or after < 0:  # crop first (F.pad's negative widths)
        if -min(before, 0) - min(after, 0) > n:
            raise ValueError(f"{op}: widths {(before, after)} crop more than the size {n} "
                             f"of dim {d}")
        crop = slice(-min(before, 0), n + min(after, 0))
        x = x[(slice(None),) * d + (crop,)]
        before, after, n = max(before, 0), max(after, 0), crop.stop - crop.start
    if before == after == 0:
        return x
    if mode == "constant":
        shape = list(x.shape)
        blocks = []
        for width, fill in ((before, values[0]), (after, values[1])):
            shape[d] = width
            blocks.append(np.full(shape, fill, dtype=x.data.dtype))
        return apply(ops.concatenate, (blocks[0], x, blocks[1]), (d,))
    if n == 0:
        raise ValueError(f"{op}: cannot pad the empty dim {d} in mode {mode!r}: there is "
                         "nothing to copy")
    return x[(slice(None),) * d + (_source(np.arange(-before, n + after), n, mode),)]


def _source(j: np.ndarray, n: int, mode: str) -> np.ndarray:
    """Which entry of a dim of size n position j (-before <= j < n + after) copies."""
    if mode == "edge":
        return np.clip(j, 0, n - 1)
    if mode == "wrap":
        return j % n
    if mode == "symmetric":
        k = j % (2 * n)
        return np.where(k < n, k, 2 * n - 1 - k)
    if n == 1:  # reflect: a single entry mirrors onto itself
        return np.zeros_like(j)
    k = j % (2 * n - 2)
    return np.where(k < n, k, 2 * n - 2 - k)
