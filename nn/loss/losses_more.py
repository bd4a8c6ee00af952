"""PyTorch's remaining losses and distances as Modules, each calling nn.functional (the maths
is in nn/loss/margin_losses.py and nn/loss/distances.py). As nn/loss/losses.py: a weight is a
buffer (a
constant that state_dict holds and .double() converts; None is not in state_dict), and a
module prints as PyTorch's, without its settings: `MarginRankingLoss()`. Each takes
PyTorch's deprecated size_average and reduce where PyTorch's does, at its positions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import arguments
from ..module import Module
from . import ctc, distances, margin_losses
from .losses import _Loss, _WeightedLoss


class PoissonNLLLoss(_Loss):
    """exp(input) - target input (log_input), or input - target log(input + eps); `full`
    adds Stirling's term (see nn.functional.poisson_nll_loss)."""

    def __init__(self, log_input: bool = True, full: bool = False, size_average: Any = None,
                 eps: float = 1e-8, reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.log_input = arguments.flag(log_input, "log_input", "PoissonNLLLoss")
        self.full = arguments.flag(full, "full", "PoissonNLLLoss")
        self.eps = arguments.number(eps, "eps", "PoissonNLLLoss")

    def forward(self, log_input: Any, target: Any) -> Any:
        return margin_losses.poisson_nll_loss(log_input, target, self.log_input, self.full,
                                              eps=self.eps, reduction=self.reduction)


class GaussianNLLLoss(_Loss):
    """0.5 (log(var) + (input - target)² / var) (see nn.functional.gaussian_nll_loss)."""

    def __init__(self, *, full: bool = False, eps: float = 1e-6,
                 reduction: str = "mean") -> None:
        super().__init__(reduction=reduction)
        self.full = arguments.flag(full, "full", "GaussianNLLLoss")
        self.eps = arguments.number(eps, "eps", "GaussianNLLLoss")

    def forward(self, input: Any, target: Any, var: Any) -> Any:  # noqa: A002
        return margin_losses.gaussian_nll_loss(input, target, var, self.full, self.eps,
                                               self.reduction)


class MarginRankingLoss(_Loss):
    """max(0, -target (input1 - input2) + margin)."""

    def __init__(self, margin: float = 0.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = arguments.number(margin, "margin", "MarginRankingLoss")

    def forward(self, input1: Any, input2: Any, target: Any) -> Any:
        return margin_losses.margin_ranking_loss(input1, input2, target, self.margin,
                                                 reduction=self.reduction)


class HingeEmbeddingLoss(_Loss):
    """input where target is 1, max(0, margin - input) where it is -1."""

    def __init__(self, margin: float = 1.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = arguments.number(margin, "margin", "HingeEmbeddingLoss")

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return margin_losses.hinge_embedding_loss(input, target, self.margin,
                                                  reduction=self.reduction)


class SoftMarginLoss(_Loss):
    """log(1 + exp(-target input))."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return margin_losses.soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """A logistic loss per class, times `weight`, averaged over the classes."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return margin_losses.multilabel_soft_margin_loss(input, target, self.weight,
                                                         reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    """The multi-label hinge over (target class, other class) pairs; targets end at -1."""

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return margin_losses.multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """The multi-class hinge max(0, margin - x_y + x_i)^p (p = 1 or 2), `weight` per class."""

    def __init__(self, p: int = 1, margin: float = 1.0, weight: Any = None,
                 size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)
        p = arguments.number(p, "p", "MultiMarginLoss")
        if p not in (1, 2):
            raise ValueError(f"MultiMarginLoss: p must be 1 or 2 (only p == 1 and p == 2 "
                             f"supported), got {arguments.shown(p)}")
        self.p = int(p)
        self.margin = arguments.number(margin, "margin", "MultiMarginLoss")

    def forward(self, input: Any, target: Any) -> Any:  # noqa: A002
        return margin_losses.multi_margin_loss(input, target, self.p, self.margin,
                                               self.weight, reduction=self.reduction)


class CosineEmbeddingLoss(_Loss):
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1."""

    def __init__(self, margin: float = 0.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = arguments.number(margin, "margin", "CosineEmbeddingLoss")

    def forward(self, input1: Any, input2: Any, target: Any) -> Any:
        return margin_losses.cosine_embedding_loss(input1, input2, target, self.margin,
                                                   reduction=self.reduction)


class TripletMarginLoss(_Loss):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)), d the p-norm distance."""

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6,
                 swap: bool = False, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin_losses._positive_margin(margin, "TripletMarginLoss")
        self.p = arguments.number(p, "p", "TripletMarginLoss")
        self.eps = arguments.number(eps, "eps", "TripletMarginLoss")
        self.swap = arguments.flag(swap, "swap", "TripletMarginLoss")

    def forward(self, anchor: Any, positive: Any, negative: Any) -> Any:
        return margin_losses.triplet_margin_loss(anchor, positive, negative, self.margin,
                                                 self.p, self.eps, self.swap,
                                                 reduction=self.reduction)


class TripletMarginWithDistanceLoss(_Loss):
    """TripletMarginLoss with any distance function (None: PairwiseDistance()). A distance
    that is a Module is a submodule, as PyTorch's (its repr shows it)."""

    def __init__(self, *, distance_function: Callable[..., Any] | None = None,
                 margin: float = 1.0, swap: bool = False, reduction: str = "mean") -> None:
        where = "TripletMarginWithDistanceLoss"
        super().__init__(reduction=reduction)
        self.margin = margin_losses._positive_margin(margin, where)
        self.swap = arguments.flag(swap, "swap", where)
        if distance_function is not None and not callable(distance_function):
            raise TypeError(f"{where}: distance_function must be a function or None, got "
                            f"{arguments.shown(distance_function)}")
        self.distance_function = (PairwiseDistance() if distance_function is None
                                  else distance_function)

    def forward(self, anchor: Any, positive: Any, negative: Any) -> Any:
        return margin_losses.triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function,
            margin=self.margin, swap=self.swap, reduction=self.reduction)


class CosineSimilarity(Module):
    """cos(x1, x2) along dim (see nn.functional.cosine_similarity)."""

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        self.dim = arguments.integer(dim, "dim", "CosineSimilarity")
        self.eps = arguments.number(eps, "eps", "CosineSimilarity")

    def forward(self, x1: Any, x2: Any) -> Any:
        return distances.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """||x1 - x2 + eps||_p over the last dim (see nn.functional.pairwise_distance)."""

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        self.norm = arguments.number(p, "p", "PairwiseDistance")
        self.eps = arguments.number(eps, "eps", "PairwiseDistance")
        self.keepdim = arguments.flag(keepdim, "keepdim", "PairwiseDistance")

    def forward(self, x1: Any, x2: Any) -> Any:
        return distances.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CTCLoss(_Loss):
    """The connectionist temporal classification loss (see nn.functional.ctc_loss)."""

    def __init__(self, blank: int = 0, reduction: str = "mean",
                 zero_infinity: bool = False) -> None:
        super().__init__(reduction=reduction)
        self.blank = arguments.count(blank, "blank", "CTCLoss")
        self.zero_infinity = arguments.flag(zero_infinity, "zero_infinity", "CTCLoss")

    def forward(self, log_probs: Any, targets: Any, input_lengths: Any,
                target_lengths: Any) -> Any:
        return ctc.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank,
                        self.reduction, self.zero_infinity)
