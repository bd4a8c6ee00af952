"""The text inside the drawing: node labels, op names, numbers, and DOT's escaping rules."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from ..node import Node

SMALL = 6  # a Tensor with at most this many numbers shows them all; a larger one min/mean/max


def node_label(node: Node, flip: bool) -> str:
    """A record label: micrograd's `label | data | grad` for a Value, more rows for a Tensor."""
    label = getattr(node, "label", "")
    grad = _grad_data(node)
    if isinstance(node.data, np.ndarray):
        fields = [label or node._op or kind_title(node), f"{node.data.shape} {node.data.dtype}",
                  f"data {summary(node.data)}",
                  f"grad {'none' if grad is None else summary(grad)}"]
        braces = flip  # a Tensor's rows stack along the rank direction
    else:
        fields = ([label] if label else []) + [f"data {number(node.data)}",
                                               f"grad {number(grad)}"]
        braces = not flip  # a Value's fields run across, as in micrograd
    text = " | ".join(_record_field(f) for f in fields)
    return quote("{ " + text + " }" if braces else text)


def short_title(node: Node) -> str:
    """A node's name in a few words, for the tag that stands in for a long edge: its label,
    else its number (a Value) or its op or kind and shape (a Tensor)."""
    label = getattr(node, "label", "")
    if label:
        return label
    if isinstance(node.data, np.ndarray):
        return f"{node._op or kind_title(node)} {node.data.shape}"
    return f"data {number(node.data)}"


def kind_title(node: Node) -> str:
    return "parameter" if node.requires_grad else "constant"


def op_text(node: Node) -> str:
    """The op's name and its non-node arguments, shortened (`** 2`, `sum (1,)`)."""
    if not node._args:
        return node._op
    shown = [a for a in node._args if a is not None and a is not False]  # defaults say little
    args = ", ".join(f"array{a.shape}" if isinstance(a, np.ndarray) else repr(a) for a in shown)
    return f"{node._op} {short(args, 24)}".rstrip()


def grad_magnitude(node: Node) -> float | None:
    """|grad| for a Value, mean |grad| for a Tensor; None before any backward pass."""
    grad = _grad_data(node)
    if grad is None:
        return None
    return float(np.mean(np.abs(grad))) if isinstance(grad, np.ndarray) else abs(float(grad))


def _grad_data(node: Node) -> Any:
    """The gradient's numbers, also when it is itself a node (after create_graph=True)."""
    return node.grad.data if isinstance(node.grad, Node) else node.grad


def number(x: Any) -> str:
    """A Value's number as drawn: micrograd's 4 decimals, or 3 significant digits and an
    exponent when 4 decimals would hide it (a vanishing gradient of 1e-9 is not 0.0000)."""
    x = float(x)
    if x == 0 or (1e-4 <= abs(x) < 1e6):
        return f"{x:.4f}"
    return f"{x:.3e}" if math.isfinite(x) else str(x)


def summary(a: Any) -> str:
    """A Tensor's data or grad as drawn: the numbers when few, else min, mean and max."""
    a = np.asarray(a)
    if a.size == 0:
        return "empty"
    if a.size <= SMALL:
        if a.ndim == 0:
            return f"{float(a):.4g}"
        text = np.array2string(a, separator=", ", max_line_width=10**6,
                               formatter={"float_kind": lambda v: f"{v:.4g}"})
        return re.sub(r"\s*\n\s*", " ", text)
    return f"min {a.min():.4g} mean {a.mean():.4g} max {a.max():.4g}"


_RECORD_ESCAPES = str.maketrans({c: "\\" + c for c in "{}|<>\\"} | {"\n": " "})


def _record_field(text: str) -> str:
    """Escape what a record label reads as structure ({ } | < >), so any text shows as is."""
    return text.translate(_RECORD_ESCAPES)


def quote(text: str, plain: bool = False) -> str:
    """Text for inside a DOT "..." string: quotes escaped, newlines as DOT's \\n; with plain=True
    backslashes too (a record label has already escaped its own)."""
    if plain:
        text = text.replace("\\", "\\\\")
    return text.replace('"', '\\"').replace("\n", "\\n")


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
