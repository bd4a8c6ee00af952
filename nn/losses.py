"""The losses as Modules (`nn.MSELoss()(pred, target)`), each calling nn.functional."""

from __future__ import annotations

from typing import Any

from . import functional
from .module import Module


class _Loss(Module):
    def __init__(self, reduction: str = "mean") -> None:
        functional._check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}" if self.reduction != "mean" else ""


class MSELoss(_Loss):
    """mean((input - target) ** 2)."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.mse_loss(input, target, self.reduction)


class L1Loss(_Loss):
    """mean(|input - target|) (MAE)."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.l1_loss(input, target, self.reduction)


class RMSELoss(Module):
    """sqrt(mean((input - target) ** 2))."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.rmse_loss(input, target)


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy of logits against class indices or probabilities."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.cross_entropy(input, target, self.reduction)


class CrossEntropyError(_Loss):
    """Seed 000's CEE on probabilities: -sum(t * log(y + 1e-7))."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.cross_entropy_error(input, target, self.reduction)


class BCELoss(_Loss):
    """Binary cross-entropy on probabilities."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.binary_cross_entropy(input, target, self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits (a sigmoid inside, computed stably)."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.binary_cross_entropy_with_logits(input, target, self.reduction)


class HingeLoss(_Loss):
    """micrograd's max-margin loss: mean(relu(1 - y * score)), y in {-1, +1}."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return functional.hinge_loss(input, target, self.reduction)
