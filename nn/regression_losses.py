"""PyTorch's robust regression losses (smooth_l1_loss, huber_loss) and its KL divergence
(kl_div), composed from autograd's public ops.

Unlike mse_loss and l1_loss, these follow PyTorch on shapes too: input and target broadcast
(smooth_l1_loss and huber_loss warn, as PyTorch, when their shapes differ), and shapes that
do not broadcast are refused. Targets are constants, as for nn's other losses.

At the kinks |input - target| = beta (delta) the linear branch is taken, as PyTorch's
`|d| < beta` does: the first derivative is continuous there, the second is 0 (PyTorch's
double backward). beta = 0 is l1_loss (gradient 0 where input equals target).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from autograd import Tensor

from . import arguments
from .loss_functions import _check_reduction, _data, _reduce, _tensor

KL_REDUCTIONS = ("mean", "batchmean", "sum", "none")


def smooth_l1_loss(input: Any, target: Any, reduction: str = "mean",  # noqa: A002
                   beta: float = 1.0) -> Tensor:
    """0.5 d² / beta where |d| < beta, else |d| - 0.5 beta, with d = input - target;
    beta = 0 is l1_loss (PyTorch's)."""
    beta = non_negative(beta, "beta", "smooth_l1_loss")
    d = _difference(input, target, reduction, "smooth_l1_loss")
    if beta == 0:  # l1 alone: the quadratic part would divide by 0 (nan in its gradient)
        return _reduce(d.abs(), reduction, "smooth_l1_loss")
    inside, excess = _split(d, beta)
    return _reduce(excess + 0.5 * inside * inside / beta, reduction, "smooth_l1_loss")


def huber_loss(input: Any, target: Any, reduction: str = "mean",  # noqa: A002
               delta: float = 1.0) -> Tensor:
    """0.5 d² where |d| < delta, else delta (|d| - 0.5 delta), with d = input - target:
    smooth_l1_loss times delta (beta = delta)."""
    delta = positive(delta, "delta", "huber_loss")
    d = _difference(input, target, reduction, "huber_loss")
    inside, excess = _split(d, delta)
    return _reduce(delta * excess + 0.5 * inside * inside, reduction, "huber_loss")


def kl_div(input: Any, target: Any, reduction: str = "mean",  # noqa: A002
           log_target: bool = False) -> Tensor:
    """KL divergence of log-probabilities `input` from `target`, elementwise:
    target (log(target) - input), 0 where target is 0 (PyTorch's xlogy); with log_target,
    exp(target) (target - input). 'batchmean' divides the sum by input's first dim, which
    is KL's definition ('mean' divides by every element, as PyTorch's)."""
    arguments.choice(reduction, "reduction", "kl_div", KL_REDUCTIONS)
    log_target = arguments.flag(log_target, "log_target", "kl_div")
    x, t = _broadcastable(input, target, "kl_div")
    if x.dtype.kind == "f":
        t = t.astype(x.dtype, copy=False)  # (a float32 graph stays float32)
    if log_target:
        losses = -(x - t) * np.exp(t)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):  # t log t: 0 at t = 0, nan below
            t_log_t = np.where(t == 0, 0.0, t * np.log(t)).astype(t.dtype, copy=False)
        losses = t_log_t - x * t  # d/dx = -t: 0 where the target is 0
    if reduction != "batchmean":
        return _reduce(losses, reduction, "kl_div")
    total = losses.sum()
    if x.ndim == 0:  # no batch dim: the sum (PyTorch's)
        return total
    with np.errstate(invalid="ignore"):  # an empty batch: 0 / 0 = nan, as PyTorch
        return total / x.shape[0]


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


def _broadcastable(input: Any, target: Any, where: str) -> tuple[Tensor, np.ndarray]:  # noqa: A002
    """input as a Tensor and target's numbers, after checking their shapes broadcast."""
    x = _tensor(input, where)
    t = _data(target, where)
    try:
        np.broadcast_shapes(x.shape, t.shape)
    except ValueError:
        raise ValueError(f"{where}: input shape {x.shape} and target shape {t.shape} do not "
                         "broadcast") from None
    return x, t


def _difference(input: Any, target: Any, reduction: str, where: str) -> Tensor:  # noqa: A002
    """input - target, broadcast; PyTorch's warning when the shapes differ."""
    _check_reduction(reduction, where)  # (before the shapes, as torch)
    x, t = _broadcastable(input, target, where)
    if x.shape != t.shape:
        warnings.warn(f"{where}: using a target size {t.shape} that is different to the "
                      f"input size {x.shape}. This will likely lead to incorrect results due "
                      "to broadcasting. Please ensure they have the same size.", stacklevel=3)
    return x - t
