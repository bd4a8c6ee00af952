"""cross_entropy and nll_loss over (N, C, d1, d2, ...) input, as PyTorch's: every position
(a pixel of a segmentation map, say) is a row of C class scores, its target one class index
(target (N, d1, ...)) or C probabilities (target of input's shape). The loss is the (N, C)
one on those rows; 'none' gives it back in the positions' shape (N, d1, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd import Tensor


def over_positions(loss: Callable[..., Tensor], x: Tensor, target: np.ndarray | Tensor,
                   reduction: str, where: str, **settings: Any) -> Tensor:
    """`loss` (cross_entropy or nll_loss) on x's positions as rows, classes along dim 1
    (probabilities in a Tensor stay one: differentiable)."""
    n, c, *rest = x.shape
    soft = where == "cross_entropy"  # (nll_loss takes class indices only)
    if soft and target.shape == x.shape:  # probabilities, classes along dim 1 as the input's
        rows_target = (target.movedim(1, -1) if isinstance(target, Tensor)
                       else np.moveaxis(target, 1, -1)).reshape(-1, c)
    elif target.shape == (n, *rest):  # a class index per position
        rows_target = target.reshape(-1)
    else:
        probabilities = f" or {x.shape} (probabilities)" if soft else ""
        raise ValueError(f"{where}: for input of shape {x.shape} (N, C, d1, ...), target must "
                         f"have shape {(n, *rest)} (class indices){probabilities}, got "
                         f"{target.shape}")
    rows = x.movedim(1, -1).reshape(-1, c)
    out = loss(rows, rows_target, reduction=reduction, **settings)
    return out.reshape(n, *rest) if reduction == "none" else out
