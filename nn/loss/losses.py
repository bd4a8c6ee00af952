"""The losses as Modules (`nn.MSELoss()(pred, target)`), each calling nn.functional.

Weights (`weight`, `pos_weight`) are buffers, as PyTorch's: constant Tensors (no gradient
flows into them, they are not parameters) that state_dict holds and .double() converts; an
absent one is None and not in state_dict. A loss prints as PyTorch's does: `MSELoss()`.
Each takes PyTorch's deprecated size_average and reduce where PyTorch's takes them, at its
positions; given, they set `reduction` (nn/loss/loss_legacy.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor

from .. import arguments, functional
from ..module import Module
from . import loss_functions, regression_losses
from .loss_legacy import reduction_of


class _Loss(Module):
    def __init__(self, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        where = type(self).__name__
        reduction = reduction_of(size_average, reduce, reduction, where)
        loss_functions._check_reduction(reduction, where)
        self.reduction = reduction


class MSELoss(_Loss):
    """mean((input - target) ** 2)."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """mean(|input - target|) (MAE)."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.l1_loss(input, target, reduction=self.reduction)


class RMSELoss(Module):
    """sqrt(mean((input - target) ** 2))."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.rmse_loss(input, target)


class SmoothL1Loss(_Loss):
    """0.5 d² / beta where |d| < beta, else |d| - 0.5 beta (d = input - target)."""

    def __init__(self, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean", beta: float = 1.0) -> None:
        super().__init__(size_average, reduce, reduction)
        self.beta = regression_losses.non_negative(beta, "beta", "SmoothL1Loss")

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.smooth_l1_loss(input, target, reduction=self.reduction,
                                         beta=self.beta)


class HuberLoss(_Loss):
    """0.5 d² where |d| < delta, else delta (|d| - 0.5 delta) (d = input - target)."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction=reduction)
        self.delta = regression_losses.positive(delta, "delta", "HuberLoss")

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.huber_loss(input, target, self.reduction, self.delta)


class KLDivLoss(_Loss):
    """KL divergence of log-probabilities from a target (probabilities, or log-probabilities
    with log_target); reduction 'batchmean' too (see nn.functional.kl_div)."""

    def __init__(self, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean", log_target: bool = False) -> None:
        # (not _Loss's check: 'batchmean' is kl_div's own)
        reduction = reduction_of(size_average, reduce, reduction, "KLDivLoss")
        self.reduction = arguments.choice(reduction, "reduction", "KLDivLoss",
                                          regression_losses.KL_REDUCTIONS)
        self.log_target = arguments.flag(log_target, "log_target", "KLDivLoss")

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.kl_div(input, target, reduction=self.reduction,
                                 log_target=self.log_target)


class _WeightedLoss(_Loss):
    def __init__(self, weight: Any = None, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _constant(weight, "weight", type(self).__name__))


def _constant(weight: Any, what: str, where: str) -> Tensor | None:
    if isinstance(weight, str):  # BCELoss('sum'): torch's first argument is the weight
        raise TypeError(f"{where}: {what} must be numbers, got {weight!r}; pass "
                        f"reduction={weight!r} by name"[:300])
    if weight is None:
        return None
    return Tensor(np.array(loss_functions._data(weight, where, what)))


class CrossEntropyLoss(_WeightedLoss):
    """Softmax cross-entropy of logits against class indices or probabilities; `weight`,
    `ignore_index` and `label_smoothing` as torch (see nn.functional.cross_entropy)."""

    def __init__(self, weight: Any = None, size_average: Any = None, ignore_index: int = -100,
                 reduce: Any = None, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = arguments.integer(ignore_index, "ignore_index", "CrossEntropyLoss")
        self.label_smoothing = loss_functions.smoothing(label_smoothing, "CrossEntropyLoss")

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.cross_entropy(input, target, self.weight,
                                        ignore_index=self.ignore_index,
                                        reduction=self.reduction,
                                        label_smoothing=self.label_smoothing)


class NLLLoss(_WeightedLoss):
    """Negative log-likelihood of class indices, given log-probabilities (a LogSoftmax)."""

    def __init__(self, weight: Any = None, size_average: Any = None, ignore_index: int = -100,
                 reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = arguments.integer(ignore_index, "ignore_index", "NLLLoss")

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.nll_loss(input, target, self.weight, ignore_index=self.ignore_index,
                                   reduction=self.reduction)


class CrossEntropyError(_Loss):
    """The losses lesson's CEE on probabilities: -sum(t * log(y + 1e-7))."""

    def __init__(self, reduction: str = "mean") -> None:  # (not PyTorch's: no legacy)
        super().__init__(reduction=reduction)

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.cross_entropy_error(input, target, reduction=self.reduction)


class BCELoss(_WeightedLoss):
    """Binary cross-entropy on probabilities; `weight` scales each element."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.binary_cross_entropy(input, target, self.weight,
                                               reduction=self.reduction)


class BCEWithLogitsLoss(_WeightedLoss):
    """Binary cross-entropy on logits (a sigmoid inside, computed stably); `weight` scales
    each element, `pos_weight` (one per class) the positive examples' term."""

    def __init__(self, weight: Any = None, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean", pos_weight: Any = None) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.register_buffer("pos_weight", _constant(pos_weight, "pos_weight",
                                                     type(self).__name__))

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.binary_cross_entropy_with_logits(
            input, target, self.weight, reduction=self.reduction, pos_weight=self.pos_weight)


class HingeLoss(_Loss):
    """micrograd's max-margin loss: mean(relu(1 - y * score)), y in {-1, +1}."""

    def __init__(self, reduction: str = "mean") -> None:  # (not PyTorch's: no legacy)
        super().__init__(reduction=reduction)

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.hinge_loss(input, target, reduction=self.reduction)
