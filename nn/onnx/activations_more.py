"""The ONNX rows of nn/activation/activations_more.py's rules: threshold, hardshrink, softshrink and
leaky_relu (rrelu's evaluation mode), each a Where on comparisons made in the graph, so the
pieces follow the input's values at run time (ONNX's Shrink and LeakyRelu would do, but
ONNX Runtime runs LeakyRelu in float32 only, and Shrink turns a nan into 0). A zero keeps
PyTorch's sign only up to ±0. nn/onnx/__init__.py imports this file, so the rows are in the
table once nn is imported.
"""

from __future__ import annotations

from typing import Any

from ..activation import activations_more
from .table import register, scalar


@register(activations_more.threshold_rule)
def _threshold(g: Any, node: Any) -> str:
    """Where(x <= threshold, value, x): a nan is kept, as PyTorch's."""
    threshold, value = node._args
    x = g.input(node, 0)
    below = g.op("LessOrEqual", x, g.const(scalar(node, threshold)))
    return g.op("Where", below, g.const(scalar(node, value)), x)


def _inside(g: Any, node: Any, x: str, lambd: float) -> str:
    """-lambd <= x <= lambd (False at nan)."""
    return g.op("And", g.op("GreaterOrEqual", x, g.const(scalar(node, -lambd))),
                g.op("LessOrEqual", x, g.const(scalar(node, lambd))))


@register(activations_more.hardshrink_rule)
def _hardshrink(g: Any, node: Any) -> str:
    (lambd,) = node._args
    x = g.input(node, 0)
    return g.op("Where", _inside(g, node, x, lambd), g.const(scalar(node, 0)), x)


@register(activations_more.softshrink_rule)
def _softshrink(g: Any, node: Any) -> str:
    """x - Clip(x, -lambd, lambd): x - lambd above, x + lambd below, 0 between (nan kept)."""
    (lambd,) = node._args
    x = g.input(node, 0)
    lo, hi = g.const(scalar(node, -lambd)), g.const(scalar(node, lambd))
    return g.op("Sub", x, g.op("Clip", x, lo, hi))


@register(activations_more.leaky_relu_rule)
def _leaky_relu(g: Any, node: Any) -> str:
    (slope,) = node._args
    x = g.input(node, 0)
    positive = g.op("Greater", x, g.const(scalar(node, 0)))
    return g.op("Where", positive, x, g.op("Mul", x, g.const(scalar(node, slope))))
