"""The ONNX row of adaptive max pooling over uneven windows (nn/pool/pooling_more.py's
adaptive_max_pool rule; even windows are max_pool's, ONNX's MaxPool). ONNX has no adaptive
max pool, but a window's maximum is the maximum over its rows of each row's maximum: one
axis at a time, each output position's window is a Slice and a ReduceMax, and a Concat
joins them. nn/onnx/__init__.py imports this file, so the row is in the table once
nn is imported.
"""

from __future__ import annotations

from typing import Any

from ..pool import pooling_more
from .table import register


@register(pooling_more.adaptive_max_pool)
def _adaptive_max_pool(g: Any, node: Any) -> str:
    outs, _ = node._args
    shape = node._prev[0].data.shape
    x = g.input(node, 0)
    for a, out in enumerate(outs):
        axis = len(shape) - len(outs) + a
        starts, ends = pooling_more._bins(shape[axis], out)
        parts = [g.reduce("ReduceMax", g.op("Slice", x, g.ints([start]), g.ints([end]),
                                            g.ints([axis])), [axis], True)
                 for start, end in zip(starts, ends, strict=True)]
        x = parts[0] if len(parts) == 1 else g.op("Concat", *parts, axis=axis)
    return x
