"""PyTorch's remaining losses: the margin (hinge) losses, the embedding losses and the two
likelihoods (Poisson, Gaussian), composed from autograd's public ops, so that their gradients
and second derivatives come from autograd's rules and they export to ONNX as their ops do.

Each hinge is PyTorch's: clamp_min(h, 0), whose slope at h = 0 is 1 (margin_ranking_loss,
hinge_embedding_loss, cosine_embedding_loss, the triplet losses: PyTorch's clamp_min passes
the gradient where h >= 0), or a relu, slope 0 there (multi_margin_loss and
multilabel_margin_loss, whose kernels pass it where h > 0). A target Tensor is
differentiable where PyTorch's is (nn/loss/loss_targets.py): the likelihoods',
margin_ranking_loss's and multilabel_soft_margin_loss's. Labels only read as masks give
none (hinge_embedding_loss, cosine_embedding_loss: PyTorch's leave target.grad None), and
soft_margin_loss refuses a target that requires grad, as PyTorch's. Class indices and
weights are constants; masks are read from targets, never from the input, so an exported
graph keeps its meaning for any input.
Each takes `reduction='mean' | 'sum' | 'none'`, and PyTorch's deprecated size_average and
reduce where PyTorch takes them, at its positions (nn/loss/loss_legacy.py).

    poisson_nll_loss               exp(x) - t x (log_input), or x - t log(x + eps)
    gaussian_nll_loss              0.5 (log(var) + (x - t)² / var)
    margin_ranking_loss            max(0, -t (x1 - x2) + margin)
    hinge_embedding_loss           x where t = 1, max(0, margin - x) where t = -1
    soft_margin_loss               log(1 + exp(-t x))
    multilabel_soft_margin_loss    the mean over classes of a logistic loss per class
    multilabel_margin_loss         sum over (target j, non-target i) of max(0, 1 - x_j + x_i)
    multi_margin_loss              sum over i != y of max(0, margin - x_y + x_i)^p
    cosine_embedding_loss          1 - cos where t = 1, max(0, cos - margin) where t = -1
    triplet_margin_loss            max(0, margin + d(a, p) - d(a, n))
    triplet_margin_with_distance_loss   the same with any distance function
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd
from autograd import Tensor, minimum

from .. import arguments
from ..activation.activations import logsigmoid, softplus_rule
from .distances import broadcast_pair, floor_through, pairwise_distance
from .loss_functions import _check_reduction, _data, _reduce, _tensor, _weight_data
from .loss_legacy import reduction_of
from .loss_targets import broadcastable, data_of, needs_grad, operand, refuse_grad

# ------------------------------------------------------------------------ likelihoods


def poisson_nll_loss(input: Any, target: Any, log_input: bool = True,  # noqa: A002
                     full: bool = False, size_average: Any = None, eps: float = 1e-8,
                     reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Poisson negative log-likelihood of counts `target` given rates: exp(input) -
    target input when the input is the log-rate (log_input), else input - target
    log(input + eps). `full` adds Stirling's approximation of log(target!), target log
    target - target + 0.5 log(2 pi target), where target > 1 (PyTorch's). Input and target
    broadcast. d/dtarget is -input (or -log(input + eps)), plus log(target) + 0.5 / target
    where the Stirling term is kept (nan at a target of 0, as PyTorch's masked_fill gives)."""
    where = "poisson_nll_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    _check_reduction(reduction, where)
    log_input = arguments.flag(log_input, "log_input", where)
    full = arguments.flag(full, "full", where)
    eps = arguments.number(eps, "eps", where)
    x, t = _floats(input, target, where)
    losses = x.exp() - t * x if log_input else x - t * (x + eps).log()
    if full:
        losses = losses + _stirling(t)
    return _reduce(losses, reduction, where)


def _stirling(t: Any) -> Any:
    """t log t - t + 0.5 log(2 pi t) where t > 1, else 0: PyTorch's term, differentiated
    as PyTorch's when t requires grad (the mask passes 0 to the term, and 0 times log(0) at
    t = 0 is nan there, as in PyTorch's masked_fill)."""
    with np.errstate(divide="ignore", invalid="ignore"):  # (only t > 1 is kept)
        if needs_grad(t):
            term = t * t.log() - t + 0.5 * (2 * math.pi * t).log()
            return autograd.where(t.data > 1, term, 0.0)
        t = data_of(t)
        stirling = t * np.log(t) - t + 0.5 * np.log(2 * math.pi * t)
        return np.where(t > 1, stirling, 0).astype(t.dtype, copy=False)


def gaussian_nll_loss(input: Any, target: Any, var: Any, full: bool = False,  # noqa: A002
                      eps: float = 1e-6, reduction: str = "mean") -> Tensor:
    """Gaussian negative log-likelihood: 0.5 (log(var) + (input - target)² / var), plus
    0.5 log(2 pi) with `full`. `var` (differentiable: a predicted variance) is a number, or
    of input's shape, or input's shape without its last dim (one variance per row), or
    input's with one dim of size 1 (PyTorch's rules); it is floored at eps for the loss, a
    floor the gradient does not see (PyTorch's no_grad clamp). Input and target broadcast."""
    where = "gaussian_nll_loss"
    full = arguments.flag(full, "full", where)
    eps = arguments.number(eps, "eps", where)
    x, t = _floats(input, target, where)
    if isinstance(var, (int, float)) and not isinstance(var, bool):
        if var < 0:
            raise ValueError(f"{where}: var has negative entry/entries, got {var!r}")
        v = Tensor(np.full(x.shape, var, x.dtype))
    else:
        v = _tensor(var, where, "var")
        if np.any(v.data < 0):
            raise ValueError(f"{where}: var has negative entry/entries, got "
                             f"{np.ravel(v.data[v.data < 0])[:5].tolist()}")
    if v.shape != x.shape:
        if v.shape == x.shape[:-1]:  # one variance per row
            v = v.reshape(*v.shape, 1)
        elif not (v.ndim == x.ndim and sum(
                b for a, b in zip(x.shape, v.shape, strict=True) if a != b) == 1):
            raise ValueError(f"{where}: var is of incorrect size: {v.shape} for input of "
                             f"shape {x.shape} (expected {x.shape}, {x.shape[:-1]}, or "
                             "input's shape with one dim of size 1)")
    _check_reduction(reduction, where)
    v = floor_through(v, eps)
    losses = 0.5 * (v.log() + (x - t) ** 2 / v)
    if full:
        losses = losses + 0.5 * math.log(2 * math.pi)
    return _reduce(losses, reduction, where)


# --------------------------------------------------------------- hinges and soft margins


def margin_ranking_loss(input1: Any, input2: Any, target: Any, margin: float = 0.0,
                        size_average: Any = None, reduce: Any = None,
                        reduction: str = "mean") -> Tensor:
    """max(0, -target (input1 - input2) + margin): input1 should rank above input2 where
    target is 1, below where it is -1. The three have one number of dims (PyTorch's check),
    and broadcast; a target Tensor is differentiable (d/dtarget = -(input1 - input2) where
    the hinge is >= 0, PyTorch's)."""
    where = "margin_ranking_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    margin = arguments.number(margin, "margin", where)
    x1 = _tensor(input1, where, "input1")
    x2 = _tensor(input2, where, "input2")
    t = operand(target, where)
    if not x1.ndim == x2.ndim == t.ndim:
        raise ValueError(f"{where}: all input tensors should have the same number of dims, "
                         f"got sizes input1: {x1.shape}, input2: {x2.shape}, target: "
                         f"{t.shape}")
    a, b = broadcast_pair(x1, x2, where, ("input1", "input2"))
    t = _broadcast_target(t, a, where)
    return _reduce((-t * (a - b) + margin).clamp_min(0), reduction, where)


def hinge_embedding_loss(input: Any, target: Any, margin: float = 1.0,  # noqa: A002
                         size_average: Any = None, reduce: Any = None,
                         reduction: str = "mean") -> Tensor:
    """input (a distance) where target is 1, max(0, margin - input) where it is -1
    (PyTorch's: a target that is neither gets both terms). Input and target broadcast."""
    where = "hinge_embedding_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    margin = arguments.number(margin, "margin", where)
    x, t = _floats(input, target, where)
    t = data_of(t)  # (read as masks only: no gradient, as PyTorch's)
    hinge, itself = (t != 1).astype(x.dtype), (t != -1).astype(x.dtype)
    return _reduce((margin - x).clamp_min(0) * hinge + x * itself, reduction, where)


def soft_margin_loss(input: Any, target: Any, size_average: Any = None,  # noqa: A002
                     reduce: Any = None, reduction: str = "mean") -> Tensor:
    """log(1 + exp(-target input)), labels in {-1, 1}: a smooth hinge (softplus, exact for
    any input). Input and target broadcast; the loss has the input's dtype, and a target
    that requires grad is refused (PyTorch's kernel has no derivative for it)."""
    where = "soft_margin_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    x, t = _floats(input, target, where)
    refuse_grad(t, where)
    t = data_of(t).astype(x.dtype if x.dtype.kind == "f" else np.float64, copy=False)
    return _reduce(softplus_rule(-(x * t), 1.0, math.inf), reduction, where)


def multilabel_soft_margin_loss(input: Any, target: Any, weight: Any = None,  # noqa: A002
                                size_average: Any = None, reduce: Any = None,
                                reduction: str = "mean") -> Tensor:
    """-(t log sigmoid(x) + (1 - t) log sigmoid(-x)), times `weight`, averaged over the
    classes (the last dim): one loss per sample, (N,) for input (N, C). Targets in [0, 1]."""
    where = "multilabel_soft_margin_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    x, t = _floats(input, target, where)
    if x.ndim == 0:
        raise ValueError(f"{where}: input must have a class dim, (C,) or (N, C), got shape ()")
    losses = -(t * logsigmoid(x) + (1 - t) * logsigmoid(-x))
    if weight is not None:
        w = _weight_data(weight, where, "weight")
        try:
            np.broadcast_shapes(w.shape, losses.shape)
        except ValueError:
            raise ValueError(f"{where}: weight of shape {w.shape} does not broadcast to "
                             f"input shape {x.shape}") from None
        losses = losses * w.astype(x.dtype, copy=False)
    losses = losses.sum(-1) / x.shape[-1]
    return _reduce(losses, reduction, where)


def multilabel_margin_loss(input: Any, target: Any, size_average: Any = None,  # noqa: A002
                           reduce: Any = None, reduction: str = "mean") -> Tensor:
    """sum over each sample's target classes j and other classes i of max(0, 1 - (x_j -
    x_i)), divided by C. `target` has input's shape, (C,) or (N, C): class indices first,
    ended by -1 (what follows is ignored), as PyTorch's."""
    where = "multilabel_margin_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    x = _tensor(input, where)
    y = _indices(_data(target, where), where)
    if x.ndim > 2 or y.shape != x.shape:
        raise ValueError(f"{where}: input must be (C,) or (N, C) and target of its shape, "
                         f"got input {x.shape} and target {y.shape}")
    rows = x.reshape(-1, x.shape[-1] if x.ndim else 1)
    n, c = rows.shape
    if y.size and not (y.min() >= -1 and y.max() < c):  # (after a -1 too, as PyTorch)
        raise ValueError(f"{where}: target is out of range for {c} classes (class indices, "
                         f"or -1 to end them), got {y.ravel().tolist()[:8]}")
    counts = np.zeros((n, c), x.dtype)
    for k, labels in enumerate(y.reshape(n, c)):
        for j in labels:
            if j == -1:
                break
            counts[k, j] += 1  # (a class given twice counts twice, as PyTorch's)
    others = (counts == 0).astype(x.dtype)
    pairs = counts[:, :, None] * others[:, None, :]  # (n, j, i): j a target, i not
    hinges = (1 - rows.reshape(n, c, 1) + rows.reshape(n, 1, c)).relu() * pairs
    losses = hinges.sum((1, 2)) / c
    return _reduce(losses if x.ndim == 2 else losses.reshape(()), reduction, where)


def multi_margin_loss(input: Any, target: Any, p: int = 1, margin: float = 1.0,  # noqa: A002
                      weight: Any = None, size_average: Any = None, reduce: Any = None,
                      reduction: str = "mean") -> Tensor:
    """sum over classes i != y of w_y max(0, margin - x_y + x_i)^p, divided by C: the
    multi-class hinge (p = 1 or 2). input (N, C) with target (N,), or (C,) with one
    target; `weight` (C,) scales each class."""
    where = "multi_margin_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    p = arguments.number(p, "p", where)
    if p not in (1, 2):
        raise ValueError(f"{where}: p must be 1 or 2 (only p == 1 and p == 2 supported), "
                         f"got {arguments.shown(p)}")
    margin = arguments.number(margin, "margin", where)
    x = _tensor(input, where)
    y = _indices(_data(target, where), where)
    if x.ndim > 2:
        raise ValueError(f"{where}: input must be (C,) or (N, C), got shape {x.shape}")
    rows = x.reshape(-1, x.shape[-1] if x.ndim else 1)
    n, c = rows.shape
    if y.size != n or (x.ndim == 2 and y.shape != (n,)) or y.ndim > 1:
        raise ValueError(f"{where}: target should be 1-D with one class index per sample, "
                         f"shape ({n},), got {y.shape} for input of shape {x.shape}")
    if y.size and not (y.min() >= 0 and y.max() < c):
        raise ValueError(f"{where}: target out of range: {y.ravel().tolist()[:5]} for {c} "
                         "classes")
    one_hot = np.zeros((n, c), x.dtype)
    one_hot[np.arange(n), y.reshape(n)] = 1
    picked = (rows * one_hot).sum(-1, keepdim=True)
    hinges = (margin - picked + rows).relu()
    if p == 2:
        hinges = hinges * hinges
    hinges = hinges * (1 - one_hot)
    if weight is not None:
        w = _weight_data(weight, where, "weight")
        if w.ndim != 1 or w.shape != (c,):
            raise ValueError(f"{where}: weight must be one-dimensional with one entry per "
                             f"class, shape ({c},), got shape {w.shape}")
        hinges = hinges * w.astype(x.dtype, copy=False)[y.reshape(n), None]
    losses = hinges.sum(-1) / c
    return _reduce(losses.reshape(y.shape) if x.ndim < 2 else losses, reduction, where)


# ------------------------------------------------------------------------- embeddings

_COS_EPS = 1e-12  # PyTorch's EPSILON, added to each squared norm


def cosine_embedding_loss(input1: Any, input2: Any, target: Any, margin: float = 0.0,
                          size_average: Any = None, reduce: Any = None,
                          reduction: str = "mean") -> Tensor:
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1 (0
    elsewhere), the cosine over the last dim with 1e-12 added to each squared norm
    (PyTorch's). Inputs (N, D) with target (N,), or (D,) with a 0-d target."""
    where = "cosine_embedding_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    margin = arguments.number(margin, "margin", where)
    a, b = broadcast_pair(input1, input2, where, ("input1", "input2"))
    t = _data(target, where)
    if t.ndim > 1 or a.ndim != t.ndim + 1:
        raise ValueError(f"{where}: a 0-d target takes 1-D inputs, a 1-D target 2-D inputs "
                         f"(multi-target not supported), got target {t.shape} and inputs "
                         f"{a.shape}")
    if t.ndim == 1 and t.shape[0] != a.shape[0]:
        raise ValueError(f"{where}: target has {t.shape[0]} entries for {a.shape[0]} pairs "
                         "of inputs")
    product = (a * b).sum(-1)
    squares = ((a * a).sum(-1) + _COS_EPS) * ((b * b).sum(-1) + _COS_EPS)
    cos = product / squares.sqrt()
    same, apart = (t == 1).astype(a.dtype), (t == -1).astype(a.dtype)
    return _reduce((1 - cos) * same + (cos - margin).clamp_min(0) * apart, reduction, where)


def triplet_margin_loss(anchor: Any, positive: Any, negative: Any, margin: float = 1.0,
                        p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                        size_average: Any = None, reduce: Any = None,
                        reduction: str = "mean") -> Tensor:
    """max(0, margin + d(anchor, positive) - d(anchor, negative)), d the pairwise_distance
    (p, eps) over the last dim; with `swap`, d(anchor, negative) is replaced by
    d(positive, negative) where that is smaller. margin > 0 (PyTorch's check)."""
    where = "triplet_margin_loss"
    reduction = reduction_of(size_average, reduce, reduction, where)
    _check_reduction(reduction, where)
    margin = _positive_margin(margin, where)
    p = arguments.number(p, "p", where)
    eps = arguments.number(eps, "eps", where)
    swap = arguments.flag(swap, "swap", where)

    def distance(x1: Tensor, x2: Tensor) -> Tensor:
        return pairwise_distance(x1, x2, p, eps)
    return _triplet(anchor, positive, negative, distance, margin, swap, reduction, where)


def triplet_margin_with_distance_loss(
        anchor: Any, positive: Any, negative: Any, *,
        distance_function: Callable[[Tensor, Tensor], Tensor] | None = None,
        margin: float = 1.0, swap: bool = False, reduction: str = "mean") -> Tensor:
    """triplet_margin_loss with any `distance_function(x1, x2)` (a Tensor of distances;
    None: pairwise_distance)."""
    where = "triplet_margin_with_distance_loss"
    _check_reduction(reduction, where)
    margin = _positive_margin(margin, where)
    swap = arguments.flag(swap, "swap", where)
    if distance_function is not None and not callable(distance_function):
        raise TypeError(f"{where}: distance_function must be a function or None, got "
                        f"{arguments.shown(distance_function)}")
    distance = distance_function or pairwise_distance
    return _triplet(anchor, positive, negative, distance, margin, swap, reduction, where)


def _triplet(anchor: Any, positive: Any, negative: Any, distance: Callable[..., Any],
             margin: float, swap: bool, reduction: str, where: str) -> Tensor:
    a, pos, neg = (_tensor(x, where, name) for x, name in
                   ((anchor, "anchor"), (positive, "positive"), (negative, "negative")))
    if not a.ndim == pos.ndim == neg.ndim:
        raise ValueError(f"{where}: the anchor, positive, and negative tensors are expected "
                         f"to have the same number of dimensions, but got: anchor {a.ndim}D, "
                         f"positive {pos.ndim}D, and negative {neg.ndim}D inputs")
    d_pos, d_neg = distance(a, pos), distance(a, neg)
    if swap:
        d_neg = minimum(d_neg, distance(pos, neg))
    return _reduce((margin + d_pos - d_neg).clamp_min(0), reduction, where)


# ------------------------------------------------------------------------------ helpers


def _floats(input: Any, target: Any, where: str) -> tuple[Tensor, Any]:  # noqa: A002
    """input as a Tensor and the target as an operand, their shapes checked to broadcast:
    a Tensor as it is (differentiable, promoting), numbers in the input's float dtype."""
    x, t = broadcastable(input, target, where)
    if isinstance(t, Tensor):
        return x, t
    return x, t.astype(x.dtype if x.dtype.kind == "f" else np.float64, copy=False)


def _broadcast_target(t: Any, x: Tensor, where: str) -> Any:
    try:
        np.broadcast_shapes(t.shape, x.shape)
    except ValueError:
        raise ValueError(f"{where}: target shape {t.shape} does not broadcast to the inputs' "
                         f"shape {x.shape}") from None
    return t if isinstance(t, Tensor) else t.astype(x.dtype, copy=False)


def _indices(target: np.ndarray, where: str) -> np.ndarray:
    """Class indices: integers (floats with integral values too, as nn's cross_entropy;
    not bools, as PyTorch)."""
    if target.dtype.kind in "iu":
        return target.astype(np.intp, copy=False)
    if target.dtype.kind == "f" and np.all(np.mod(target, 1) == 0):
        return target.astype(np.intp)
    raise ValueError(f"{where}: target must hold class indices (integers), got "
                     f"{arguments.shown(target)}")


def _positive_margin(margin: Any, where: str) -> float:
    value = arguments.number(margin, "margin", where)
    if not value > 0:
        raise ValueError(f"{where}: margin must be greater than 0, got "
                         f"{arguments.shown(margin)}")
    return value
