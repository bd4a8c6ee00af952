"""How nn's losses take their targets: as PyTorch's, a target Tensor is an input like any
other, so a gradient reaches it when it requires one (a distillation's teacher, the second
of two networks), and its dtype promotes as a Tensor's does (`l1_loss(float32, float64)` is
float64). Anything else (numbers, lists, arrays) is a constant that takes the input's dtype.

    operand(target, where)       the target as an operand: the Tensor itself, or its numbers
    data_of(t)                   an operand's array (for checks, masks and shapes)
    needs_grad(t)                whether a gradient is wanted for it (recorded, requires grad)
    broadcastable(x, t, where)   input and target, after checking that their shapes broadcast
    difference(x, t, ...)        input - target broadcast, with PyTorch's warning when the
                                 shapes differ (mse_loss, l1_loss, smooth_l1_loss, huber_loss)
    refuse_grad(t, where)        PyTorch's refusal of a target that requires grad where its
                                 loss has no derivative for it (soft_margin_loss)

The common case costs nothing: a target that does not require grad is a constant leaf of the
graph, whose derivative the engine never computes (it skips every input with
requires_grad False), just as the array it was before.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from autograd import Tensor, is_grad_enabled

from .. import arguments


def operand(target: Any, where: str, what: str = "target") -> Any:
    """A target Tensor as it is (differentiable, promoting); anything else as its numbers."""
    return target if isinstance(target, Tensor) else arguments.constant(target, where, what)


def data_of(t: Any) -> np.ndarray:
    """The array of an operand (a Tensor's data, or the array itself)."""
    return t.data if isinstance(t, Tensor) else t


def needs_grad(t: Any) -> bool:
    """Whether a gradient is wanted for the operand (a Tensor that requires one, recorded)."""
    return isinstance(t, Tensor) and t.requires_grad and is_grad_enabled()


def broadcastable(input: Any, target: Any, where: str) -> tuple[Tensor, Any]:  # noqa: A002
    """input as a Tensor and target as an operand, after checking that their shapes
    broadcast."""
    x = arguments.tensor(input, where)
    t = operand(target, where)
    if x.shape == t.shape:  # (the common case: no broadcasting to check)
        return x, t
    try:
        np.broadcast_shapes(x.shape, t.shape)
    except ValueError:
        raise ValueError(f"{where}: input shape {x.shape} and target shape {t.shape} do not "
                         "broadcast") from None
    return x, t


def difference(input: Any, target: Any, where: str,  # noqa: A002
               stacklevel: int = 3) -> tuple[Tensor, Tensor]:
    """input as a Tensor, and input - target broadcast, as PyTorch's regression losses: they
    warn when the shapes differ (a target of (N,) against an input of (N, 1) makes (N, N),
    a classic silent bug), then broadcast both (torch.broadcast_tensors), so that a 0-d
    target Tensor promotes as one with dims would (float32 (3,) - float64 () is float64)."""
    x, t = broadcastable(input, target, where)
    if x.shape == t.shape:
        return x, x - t
    # PyTorch's text, word for word: a filter on its message (warnings.filterwarnings(
    # "ignore", "Using a target size")) then works on both.
    warnings.warn(f"Using a target size ({t.shape}) that is different to the input size "
                  f"({x.shape}). This will likely lead to incorrect results due to "
                  "broadcasting. Please ensure they have the same size.", stacklevel=stacklevel)
    if not isinstance(t, Tensor):  # a constant: it takes the input's dtype, broadcast or not
        return x, x - t
    shape = np.broadcast_shapes(x.shape, t.shape)
    wide = x if x.shape == shape else x.broadcast_to(shape)
    return x, wide - (t if t.shape == shape else t.broadcast_to(shape))


def refuse_grad(t: Any, where: str) -> None:
    """PyTorch's error for a target that requires grad where its loss has no derivative
    for it (soft_margin_loss's kernel): a gradient silently missing would be worse."""
    if needs_grad(t):
        raise RuntimeError(f"{where}: not differentiable with respect to the target, which "
                           "requires grad (PyTorch's refuses it too); pass target.detach()")
