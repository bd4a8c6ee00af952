"""F.conv_tbc: PyTorch's 1-D convolution of a (time, batch, channels) sequence (fairseq's
layout), as conv1d (nn/convolution/conv.py) of the moved axes:

    conv_tbc(x, w, b, pad) = conv1d(x as (B, C_in, T), w as (C_out, C_in, K), b, pad)
                             back in (T', B, C_out) order

with weight (kernel width, in_channels, out_channels). A negative pad crops that many steps
from each end first (PyTorch's output is T + 2 pad - K + 1 long either way).
"""

from __future__ import annotations

from typing import Any

from autograd import Tensor

from .. import arguments
from .conv import conv1d


def conv_tbc(input: Any, weight: Any, bias: Any, pad: int = 0) -> Tensor:  # noqa: A002
    """1-D convolution over time of input (T, B, C_in) with weight (K, C_in, C_out) and bias
    (C_out,), `pad` zeros before and after the sequence: (T + 2 pad - K + 1, B, C_out)."""
    x = arguments.tensor(input, "conv_tbc")
    w = arguments.tensor(weight, "conv_tbc", "weight")
    b = arguments.tensor(bias, "conv_tbc", "bias")
    pad = arguments.integer(pad, "pad", "conv_tbc")
    if x.ndim != 3:
        raise ValueError(f"conv_tbc: input must have 3 dims (time, batch, in_channels), got "
                         f"shape {x.shape}")
    if w.ndim != 3:
        raise ValueError(f"conv_tbc: weight must have 3 dims (kernel_width, in_channels, "
                         f"out_channels), got shape {w.shape}")
    if b.shape != (w.shape[2],):
        raise ValueError(f"conv_tbc: bias must have one entry per output channel, shape "
                         f"({w.shape[2]},) (weight's dim 2), got shape {b.shape}")
    if x.shape[2] != w.shape[1]:
        raise ValueError(f"conv_tbc: input's dim 2 (in_channels, {x.shape[2]}) must equal "
                         f"weight's dim 1 ({w.shape[1]})")
    if pad < 0:
        x, pad = x.narrow(0, -pad, max(x.shape[0] + 2 * pad, 0)), 0
    y = conv1d(x.permute(1, 2, 0), w.permute(2, 1, 0), b, padding=pad)
    return y.permute(2, 0, 1)
