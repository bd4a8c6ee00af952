"""Spec rows: padding, PyTorch's F.pad (`autograd.pad`) and numpy's np.pad (`numpy_pad`),
both checked against np.pad."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import autograd

from .core import OpSpec, register

NUMPY_NAME = {"constant": "constant", "reflect": "reflect", "replicate": "edge",
              "circular": "wrap"}


def _width(draw: Any, n: int, mode: str) -> int:
    """One width PyTorch takes for a dim of size n (constant: negative ones crop)."""
    most = {"constant": 3, "reflect": n - 1, "replicate": 3 if n else 0, "circular": n}[mode]
    return draw(st.integers(-n if mode == "constant" else 0, max(most, 0)))


def _pad_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    mode = draw(st.sampled_from(list(NUMPY_NAME)))
    widths: list[int] = []
    for n in reversed(shape[len(shape) - draw(st.integers(0, len(shape))):]):
        left = _width(draw, n, mode)
        right = _width(draw, n, mode)
        if left + right < -n:  # cropping more than the dim holds
            right = -n - left
        widths += [left, right]
    value = draw(st.none() | st.sampled_from([0.0, -1.5, 2.0])) if mode == "constant" else None
    return {"widths": tuple(widths), "mode": mode, "value": value}


def _pad(x: Any, widths: tuple[int, ...], mode: str, value: float | None) -> Any:
    if value is None:
        return autograd.pad(x, widths, mode) if mode != "constant" else autograd.pad(x, widths)
    return autograd.pad(x, widths, value=value)


def _ref_pad(x: np.ndarray, widths: tuple[int, ...], mode: str, value: float | None
             ) -> np.ndarray:
    for i in range(len(widths) // 2):
        d = x.ndim - 1 - i
        left, right = widths[2 * i], widths[2 * i + 1]
        # negative widths crop (np.pad has no cropping)
        x = np.take(x, np.arange(max(-left, 0), x.shape[d] - max(-right, 0)), axis=d)
        pairs = [(0, 0)] * x.ndim
        pairs[d] = (max(left, 0), max(right, 0))
        extra = {"constant_values": value or 0.0} if mode == "constant" else {}
        x = np.pad(x, pairs, mode=NUMPY_NAME[mode], **extra)
    return x


def _numpy_pad_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    mode = draw(st.sampled_from(["constant", "edge", "reflect", "wrap", "symmetric"]))
    form = draw(st.sampled_from(["int", "pair", "pairs"]))

    def width(n: int) -> int:  # numpy copies nothing from an empty dim
        return draw(st.integers(0, 4)) if n or mode == "constant" else 0

    if shape and (form == "pairs" or 0 in shape and mode != "constant"):
        pad_width: Any = tuple((width(n), width(n)) for n in shape)
    else:
        pad_width = width(1) if form == "int" else (width(1), width(1))
    values: Any = 0
    if mode == "constant":
        values = draw(st.sampled_from([0, 2.5, (1.0, -1.0)]))
    return {"pad_width": pad_width, "mode": mode, "constant_values": values}


def _ref_numpy_pad(x: np.ndarray, pad_width: Any, mode: str, constant_values: Any
                   ) -> np.ndarray:
    extra = {"constant_values": constant_values} if mode == "constant" else {}
    return np.pad(x, pad_width, mode=mode, **extra)


register(
    OpSpec("pad", _pad, _ref_pad, static=_pad_static, api=("autograd.pad",)),
    OpSpec("numpy_pad", lambda x, **kw: autograd.numpy_pad(x, **kw), _ref_numpy_pad,
           static=_numpy_pad_static, api=("autograd.numpy_pad",)),
)
