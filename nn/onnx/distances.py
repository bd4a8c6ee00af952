"""The ONNX rows of nn/loss/distances.py's floor_through and of autograd's vector_norm (the norms
the distances take). nn/onnx/__init__.py imports this file, so the rows are in the table once
nn is imported.
"""

from __future__ import annotations

from typing import Any

from autograd import ops

from ..loss.distances import floor_through
from .table import register, scalar


def _export_floor(g: Any, node: Any) -> str:
    """Max(x, low) (the floor's gradient is not exported)."""
    return g.op("Max", g.input(node, 0), g.const(scalar(node, node._args[0])))


def _export_vector_norm(g: Any, node: Any) -> str:
    """||x||_p in the forward's order: Sqrt(ReduceSum(x x)) for p = 2, else
    Pow(ReduceSum(Pow(Abs(x), p)), 1/p)."""
    p, axes, keepdims = node._args
    x = g.input(node, 0)
    if p == 2:
        return g.op("Sqrt", g.reduce("ReduceSum", g.op("Mul", x, x), axes, keepdims))
    powered = g.op("Pow", g.op("Abs", x), g.const(scalar(node, p)))
    return g.op("Pow", g.reduce("ReduceSum", powered, axes, keepdims),
                g.const(scalar(node, 1.0 / p)))


register(floor_through, _export_floor)
register(ops.vector_norm, _export_vector_norm)
