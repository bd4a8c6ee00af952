"""PyTorch's regression losses (mse_loss, l1_loss, smooth_l1_loss, huber_loss), its KL
divergence (kl_div), and the lessons' rmse_loss and sum_squared_error, composed from
autograd's public ops.

They follow PyTorch on shapes: input and target broadcast (mse_loss, l1_loss,
smooth_l1_loss and huber_loss warn, with PyTorch's words, when their shapes differ: (N,)
against (N, 1) is (N, N), most likely a bug), and shapes that do not broadcast are refused;
mse_loss and l1_loss take lists of micrograd Values too. A target Tensor is differentiable
and promotes as PyTorch's (nn/loss/loss_targets.py): d/dtarget is -d/dinput, and for kl_div
log(target) + 1 - input (nan at a target of 0, as PyTorch's xlogy), or exp(target)
(target + 1 - input) with log_target. Weights are constants. PyTorch's deprecated
size_average and reduce are taken where PyTorch takes them (nn/loss/loss_legacy.py).

At the kinks |input - target| = beta (delta) the linear branch is taken, as PyTorch's
`|d| < beta` does: the first derivative is continuous there, the second is 0 (PyTorch's
double backward). beta = 0 is l1_loss (gradient 0 where input equals target).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
from autograd import Tensor

from .. import arguments
from .loss_functions import (
    _check_reduction,
    _pairs,
    _reduce,
    _reduce_values,
    _values,
    _weight_data,
)
from .loss_legacy import reduction_of
from .loss_targets import broadcastable, data_of, difference, needs_grad

KL_REDUCTIONS = ("mean", "batchmean", "sum", "none")


# ------------------------------------------------ mean squared and absolute errors


def mse_loss(input: Any, target: Any, size_average: Any = None,  # noqa: A002
             reduce: Any = None, reduction: str = "mean", weight: Any = None) -> Any:
    """Mean squared error: mean((input - target) ** 2), as PyTorch and the losses lesson.
    `weight` (input's shape) scales each element, and 'mean' is then PyTorch's weighted
    mean sum(w (input - target)²) / sum(w)."""
    reduction = reduction_of(size_average, reduce, reduction, "mse_loss")
    if weight is not None:
        x, d = _difference(input, target, reduction, "mse_loss")
        return _weighted(d * d, weight, x.shape, reduction, "mse_loss", by_weight=True)
    return _squared_error(input, target, reduction, "mse_loss")


def _squared_error(input: Any, target: Any, reduction: str, where: str) -> Any:  # noqa: A002
    if _values(input):
        return _reduce_values([(x - t) ** 2 for x, t in _pairs(input, target, where)],
                              reduction, where)
    _, diff = _difference(input, target, reduction, where, stacklevel=5)
    return _reduce(diff * diff, reduction, where)


def sum_squared_error(input: Any, target: Any) -> Any:  # noqa: A002
    """The textbook SSE: 0.5 * sum((input - target) ** 2) (its derivative is input - target)."""
    return 0.5 * _squared_error(input, target, "sum", "sum_squared_error")


def l1_loss(input: Any, target: Any, size_average: Any = None,  # noqa: A002
            reduce: Any = None, reduction: str = "mean", weight: Any = None) -> Any:
    """Mean absolute error (MAE): mean(|input - target|); `weight` as mse_loss's."""
    reduction = reduction_of(size_average, reduce, reduction, "l1_loss")
    if _values(input):
        return _reduce_values([abs(x - t) for x, t in _pairs(input, target, "l1_loss")],
                              reduction, "l1_loss")
    x, d = _difference(input, target, reduction, "l1_loss")
    if weight is not None:
        return _weighted(d.abs(), weight, x.shape, reduction, "l1_loss", by_weight=True)
    return _reduce(d.abs(), reduction, "l1_loss")


def rmse_loss(input: Any, target: Any) -> Any:  # noqa: A002
    """Root mean squared error: sqrt(mse_loss(input, target)). Its gradient is undefined
    (infinite) when the error is exactly zero."""
    return _squared_error(input, target, "mean", "rmse_loss").sqrt()


# ------------------------------------------------------------------ robust regression


def smooth_l1_loss(input: Any, target: Any, size_average: Any = None,  # noqa: A002
                   reduce: Any = None, reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """0.5 d² / beta where |d| < beta, else |d| - 0.5 beta, with d = input - target;
    beta = 0 is l1_loss (PyTorch's)."""
    reduction = reduction_of(size_average, reduce, reduction, "smooth_l1_loss")
    beta = non_negative(beta, "beta", "smooth_l1_loss")
    _, d = _difference(input, target, reduction, "smooth_l1_loss")
    if beta == 0:  # l1 alone: the quadratic part would divide by 0 (nan in its gradient)
        return _reduce(d.abs(), reduction, "smooth_l1_loss")
    inside, excess = _split(d, beta)
    return _reduce(excess + 0.5 * inside * inside / beta, reduction, "smooth_l1_loss")


def huber_loss(input: Any, target: Any, reduction: str = "mean",  # noqa: A002
               delta: float = 1.0, weight: Any = None) -> Tensor:
    """0.5 d² where |d| < delta, else delta (|d| - 0.5 delta), with d = input - target:
    smooth_l1_loss times delta (beta = delta). `weight` (input's shape) scales each
    element; 'mean' then still divides by the number of elements (PyTorch's)."""
    delta = positive(delta, "delta", "huber_loss")
    x, d = _difference(input, target, reduction, "huber_loss")
    inside, excess = _split(d, delta)
    losses = delta * excess + 0.5 * inside * inside
    if losses.dtype != x.dtype and x.dtype.kind == "f":  # PyTorch's: the input's dtype
        losses = losses.astype(x.dtype)
    if weight is not None:
        return _weighted(losses, weight, x.shape, reduction, "huber_loss", by_weight=False)
    return _reduce(losses, reduction, "huber_loss")


def kl_div(input: Any, target: Any, size_average: Any = None,  # noqa: A002
           reduce: Any = None, reduction: str = "mean", log_target: bool = False) -> Tensor:
    """KL divergence of log-probabilities `input` from `target`, elementwise:
    target (log(target) - input), 0 where target is 0 (PyTorch's xlogy); with log_target,
    exp(target) (target - input). 'batchmean' divides the sum by input's first dim, which
    is KL's definition ('mean' divides by every element, as PyTorch's). size_average or
    reduce given, the reduction is theirs, still divided by the first dim if `reduction` is
    'batchmean' (PyTorch's)."""
    arguments.choice(reduction, "reduction", "kl_div", KL_REDUCTIONS)
    applied = reduction_of(size_average, reduce, reduction, "kl_div")
    log_target = arguments.flag(log_target, "log_target", "kl_div")
    x, t = broadcastable(input, target, "kl_div")
    if not isinstance(t, Tensor) and x.dtype.kind == "f":
        t = t.astype(x.dtype, copy=False)  # (a constant: a float32 graph stays float32)
    if log_target:
        losses = (t - x) * (t.exp() if isinstance(t, Tensor) else np.exp(t))
    else:
        losses = _t_log_t(t) - x * t  # d/dx = -t: 0 where the target is 0
    out = losses.sum() if applied == "batchmean" else _reduce(losses, applied, "kl_div")
    if reduction != "batchmean" or x.ndim == 0:  # (no batch dim: the sum, as PyTorch's)
        return out
    with np.errstate(invalid="ignore"):  # an empty batch: 0 / 0 = nan, as PyTorch
        return out / x.shape[0]


# ------------------------------------------------------------------------------ helpers


def non_negative(value: Any, name: str, where: str) -> float:
    """smooth_l1_loss's beta: a number >= 0 (PyTorch refuses a negative one)."""
    number = arguments.number(value, name, where)
    if not number >= 0:  # (nan too)
        raise ValueError(f"{where}: {name} must be non-negative, got {arguments.shown(value)}")
    return number


def positive(value: Any, name: str, where: str) -> float:
    """huber_loss's delta: a number > 0 (PyTorch refuses 0 and below)."""
    number = arguments.number(value, name, where)
    if not number > 0:  # (nan too)
        raise ValueError(f"{where}: {name} must be positive, got {arguments.shown(value)}")
    return number


def _split(d: Tensor, width: float) -> tuple[Tensor, Tensor]:
    """d clipped to [-width, width], and max(|d| - width, 0) (the excess). Written with relu,
    not a mask read from d (which an ONNX export could not keep): the excess is exactly 0
    inside, so the clipped d is d itself (slope 1, at 0 too) and 0.5 d * d is PyTorch's; at
    |d| = width the excess has slope 1 (relu'(0) is 0) and the clipped d slope 0, so the
    kink takes the linear branch, as PyTorch's `|d| < width`."""
    size = d.abs()
    excess = (size - width) + (width - size).relu()
    return d - d.sign() * excess, excess


def _t_log_t(t: Any) -> Any:
    """t log t, 0 at t = 0 (nan below): PyTorch's xlogy(t, t). Differentiated when t
    requires grad, as PyTorch's: log(t) + 1, and nan at t = 0 (xlogy's t / t there)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if needs_grad(t):  # (the where passes 0 to t log t at 0: 0 log 0 is nan, as torch's)
            return autograd.where(t.data == 0, 0.0, t * t.log())
        t = data_of(t)
        return np.where(t == 0, 0.0, t * np.log(t)).astype(t.dtype, copy=False)


def _difference(input: Any, target: Any, reduction: str, where: str,  # noqa: A002
                stacklevel: int = 4) -> tuple[Tensor, Tensor]:
    """input as a Tensor, and input - target broadcast (loss_targets.difference: PyTorch's
    warning when the shapes differ), after checking the reduction (first, as torch)."""
    _check_reduction(reduction, where)
    return difference(input, target, where, stacklevel)


def _weighted(losses: Tensor, weight: Any, shape: tuple[int, ...], reduction: str, where: str,
              by_weight: bool) -> Tensor:
    """losses * weight, weight a constant of input's `shape` (PyTorch's check); 'mean' is
    sum(losses * weight) / sum(weight) when by_weight (mse_loss, l1_loss), else the mean of
    the weighted losses (huber_loss)."""
    w = _weight_data(weight, where, "weight")
    if w.shape != shape:
        raise ValueError(f"{where}: weight must have input's shape {shape} (Weights and input "
                         f"must have the same size), got shape {w.shape}")
    _check_reduction(reduction, where)
    w = w.astype(losses.dtype, copy=False)
    weighted = losses * w
    if reduction == "mean" and by_weight:
        return weighted.sum() / w.sum()
    return _reduce(weighted, reduction, where)
