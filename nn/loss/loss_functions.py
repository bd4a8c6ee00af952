"""The classification losses (cross_entropy, nll_loss, the seed's cross_entropy_error,
binary cross-entropy with and without logits) and micrograd's hinge loss, on Tensors (and on
lists of Values where micrograd's demo uses them), with the helpers nn's other losses share.
nn.functional has them all, as PyTorch's has; the regression losses are in
nn/loss/regression_losses.py.

Losses take `reduction='mean' | 'sum' | 'none'` with PyTorch's meaning: the mean or sum of
the per-element (or, for cross-entropy, per-sample) losses, or all of them unreduced; and
PyTorch's deprecated size_average and reduce at PyTorch's positions (nn/loss/loss_legacy.py).
Input and target must have the same shape: no silent broadcasting of (N, 1) against (N,).
A target Tensor is differentiable where PyTorch's is (probabilities, binary targets; not
class indices), and promotes as a Tensor (nn/loss/loss_targets.py).

The worked number of the losses lesson (examples/losses.py), for the one-hot target at 6:

    >>> y = Tensor([0.1, 0.01, 0.05, 0.2, 0.14, 0.07, 0.6, 0.3, 0.1, 0.1])
    >>> t = Tensor(np.eye(10)[6])
    >>> cross_entropy_error(y, t).item()
    0.510825457099338
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor, Value

from .. import arguments
from ..activation.activations import softplus_rule
from .loss_legacy import reduction_of
from .loss_positions import over_positions
from .loss_rules import bce, softmax_cross_entropy
from .loss_targets import data_of, operand

# ------------------------------------------------------------- classification losses


def cross_entropy(input: Any, target: Any, weight: Any = None,  # noqa: A002
                  size_average: Any = None, ignore_index: int = -100, reduce: Any = None,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Softmax cross-entropy of logits, as torch.nn.functional.cross_entropy.

    `input` holds logits, shape (N, C) or (C,), or (N, C, d1, ...) with a row of classes per
    position (nn/loss/loss_positions.py). `target` is either class indices, shape (N,) or ()
    (integers, floats with integral values accepted), or probabilities (one-hot or soft),
    the same shape as `input`. Computed with a stable log-softmax; for class
    indices it is `nll_loss(log_softmax(input), target, ...)`.

    `weight` (C,) scales each class's loss; with class indices 'mean' then divides by the
    sum of the targets' weights, with probabilities by N (as torch). Rows whose class is
    `ignore_index` add nothing and leave the mean (all ignored: nan, as torch); probability
    targets take no `ignore_index`. `label_smoothing` e mixes the target with the uniform
    distribution: (1 - e) * the loss + e/C * the loss against every class (torch's formula,
    weights and ignored rows included). A probability target Tensor is differentiable (as
    PyTorch's: -log_softmax(input) times the weights, a distillation's gradient); class
    indices and the weights are constants.
    """
    reduction = reduction_of(size_average, reduce, reduction, "cross_entropy")
    if (type(target) is np.ndarray and target.dtype.kind in "iu"
            and isinstance(input, Tensor) and input.data.ndim == 2 and len(input.data)
            and target.shape == input.data.shape[:1] and reduction == "mean" and weight is None
            and ignore_index == -100 and type(label_smoothing) is float
            and label_smoothing == 0.0):  # a training step's call: every setting its default
        # (nothing to check), integer class indices for a batch of logits
        classes, ignored = _class_targets(target, input.data.shape, "cross_entropy", -100)
        if ignored is None:
            return softmax_cross_entropy(input, classes)
    _check_reduction(reduction, "cross_entropy")  # (first: the fast path compares it)
    logits = _tensor(input, "cross_entropy")
    ignore_index = arguments.integer(ignore_index, "ignore_index", "cross_entropy")
    label_smoothing = smoothing(label_smoothing, "cross_entropy")
    t = _data(target, "cross_entropy")
    if logits.ndim > 2:  # (N, C, d1, ...): a row of classes per position
        soft = isinstance(target, Tensor) and t.shape == logits.shape  # (differentiable)
        return over_positions(cross_entropy, logits, target if soft else t, reduction,
                              "cross_entropy", weight=weight, ignore_index=ignore_index,
                              label_smoothing=label_smoothing)
    _check_classes_shape(logits, "cross_entropy")
    if (reduction == "mean" and weight is None and not label_smoothing and logits.ndim == 2
            and len(logits) and t.shape == logits.shape[:1]):
        classes, ignored = _class_targets(t, logits.shape, "cross_entropy", ignore_index)
        if ignored is None:  # the common case, where a training step spends its time
            return softmax_cross_entropy(logits, classes)
    log_p = logits.log_softmax(-1)
    if t.shape != logits.shape:  # class indices
        return _nll(log_p, t, weight, ignore_index, reduction, label_smoothing, "cross_entropy")
    if ignore_index >= 0:
        raise ValueError(f"cross_entropy: ignore_index ({ignore_index}) is not supported for "
                         f"probability targets (target of input's shape {logits.shape})")
    n_classes = logits.shape[-1]
    t = target if isinstance(target, Tensor) else t  # probabilities: differentiable
    if label_smoothing:
        t = t * (1 - label_smoothing) + label_smoothing / n_classes
    w = _class_weight(weight, logits, "cross_entropy")
    losses = -(log_p * (t if w is None else t * w)).sum(-1)
    return _reduce(losses, reduction, "cross_entropy")


def smoothing(label_smoothing: Any, where: str) -> float:
    """cross_entropy's label_smoothing: a number in [0, 1] (PyTorch's)."""
    if not isinstance(label_smoothing, numbers.Real) or not 0 <= label_smoothing <= 1:
        raise ValueError(f"{where}: label_smoothing must be between 0.0 and 1.0, got "
                         f"{arguments.shown(label_smoothing)}")
    return float(label_smoothing)


def nll_loss(input: Any, target: Any, weight: Any = None,  # noqa: A002
             size_average: Any = None, ignore_index: int = -100, reduce: Any = None,
             reduction: str = "mean") -> Tensor:
    """Negative log-likelihood: -input[n, target[n]], as torch.nn.functional.nll_loss.

    `input` holds log-probabilities (a log_softmax), shape (N, C) or (C,) or (N, C, d1, ...);
    `target` holds class indices, shape (N,) or () or (N, d1, ...). `weight`, `ignore_index`
    and 'mean' as cross_entropy: the mean is sum(-w[t_n] input[n, t_n]) / sum(w[t_n]) over
    the rows not ignored.
    """
    reduction = reduction_of(size_average, reduce, reduction, "nll_loss")
    log_p = _tensor(input, "nll_loss")
    ignore_index = arguments.integer(ignore_index, "ignore_index", "nll_loss")
    t = _data(target, "nll_loss")
    if log_p.ndim > 2:  # (N, C, d1, ...): a row of classes per position
        _check_reduction(reduction, "nll_loss")
        return over_positions(nll_loss, log_p, t, reduction, "nll_loss", weight=weight,
                              ignore_index=ignore_index)
    _check_classes_shape(log_p, "nll_loss")
    return _nll(log_p, t, weight, ignore_index, reduction, 0.0, "nll_loss")


def _nll(log_p: Tensor, target: np.ndarray, weight: Any, ignore_index: int, reduction: str,
         label_smoothing: float, where: str) -> Tensor:
    classes, ignored = _class_targets(target, log_p.shape, where, ignore_index)
    w = _class_weight(weight, log_p, where)
    keep = None
    if ignored is not None:  # index any class (0) for them, then weigh them 0
        keep = ~ignored
        classes = np.where(ignored, 0, classes)
    # One getitem picks each row's target log-probability.
    index = (np.arange(len(classes)), classes) if log_p.ndim == 2 else int(classes)
    picked = log_p[index]
    if w is None and keep is None and not label_smoothing:  # the common case, kept fast
        return _reduce(-picked, reduction, where)
    _check_reduction(reduction, where)
    row_weight = np.ones(np.shape(classes), log_p.dtype) if w is None else w[classes]
    if keep is not None:
        row_weight = row_weight * keep
    losses = -picked * row_weight
    if label_smoothing:  # torch: against every class, weighted, ignored rows dropped
        smooth = -(log_p.sum(-1) if w is None else (log_p * w).sum(-1))
        if keep is not None:
            smooth = smooth * keep.astype(log_p.dtype)
        losses = (1 - label_smoothing) * losses + label_smoothing / log_p.shape[-1] * smooth
    if reduction != "mean":
        return losses.sum() if reduction == "sum" else losses
    total_weight = row_weight.sum()
    if total_weight == 0:  # every row ignored (or weighed 0): nan, with zero gradients, as torch
        return losses.sum() * 0.0 + math.nan
    return losses.sum() / total_weight


def _check_classes_shape(x: Tensor, where: str) -> None:
    if x.ndim == 0:  # (more than two dims: loss_positions)
        what = "logits" if where == "cross_entropy" else "log-probabilities"
        raise ValueError(f"{where}: input ({what}) must have shape (N, C), (C,) or "
                         f"(N, C, d1, ...), got {x.shape}")


def _class_weight(weight: Any, x: Tensor, where: str) -> np.ndarray | None:
    """A per-class weight, checked: one number per class (a constant, in x's dtype)."""
    if weight is None:
        return None
    w = _weight_data(weight, where, "weight")
    if w.shape != x.shape[-1:]:
        raise ValueError(f"{where}: weight must have one entry per class, shape "
                         f"{x.shape[-1:]}, got shape {w.shape}")
    return w.astype(x.dtype, copy=False)


def class_indices(target: np.ndarray, shape: tuple[int, ...], where: str) -> Any:
    """Integer class targets for logits of `shape`, checked: length, integers, range."""
    return _class_targets(target, shape, where, None)[0]


_UNSIGNED = {np.dtype(signed): np.dtype(unsigned) for signed, unsigned in (
    (np.int8, np.uint8), (np.int16, np.uint16), (np.int32, np.uint32), (np.int64, np.uint64))}
_UNSIGNED.update((unsigned, unsigned) for unsigned in list(_UNSIGNED.values()))


def _class_targets(target: np.ndarray, shape: tuple[int, ...], where: str,
                   ignore_index: int | None) -> tuple[Any, np.ndarray | None]:
    """class_indices, where a target equal to `ignore_index` may be out of range; with the
    mask of the rows so ignored (None when there are none, the common case)."""
    n_classes = shape[-1]
    if target.shape != shape[:-1]:
        raise ValueError(
            f"{where}: wrong length: target has shape {target.shape}, expected {shape[:-1]} "
            f"(one class index per row of input {shape}) or {shape} (probabilities); target "
            f"is {arguments.shown(target)}")
    if target.dtype.kind not in "iu":
        if target.dtype.kind not in "fb" or not np.all(np.mod(target, 1) == 0):
            bad = target[np.mod(target, 1) != 0] if target.dtype.kind == "f" else target
            raise ValueError(f"{where}: class targets must be integers, got "
                             f"{np.ravel(bad)[:5].tolist()}")
        target = target.astype(np.intp)
    unsigned = _UNSIGNED.get(target.dtype)
    if not target.size:
        in_range = False
    elif unsigned is not None:  # one reduction: a negative class is huge seen unsigned
        in_range = np.maximum.reduce(target.view(unsigned), None) < n_classes
    else:  # (a byte order of its own)
        in_range = (np.minimum.reduce(target, None) >= 0
                    and np.maximum.reduce(target, None) < n_classes)
    if in_range and not (ignore_index is not None and 0 <= ignore_index < n_classes):
        return (target if target.ndim else int(target)), None  # all in range, none ignored
    ignored = None
    out_of_range = (target < 0) | (target >= n_classes)
    # Only an out-of-range target can equal the default ignore_index (-100): test for it then.
    if ignore_index is not None and (0 <= ignore_index < n_classes or out_of_range.any()):
        ignored = target == ignore_index
        out_of_range &= ~ignored
        ignored = ignored if ignored.any() else None
    if out_of_range.any():
        raise ValueError(f"{where}: class targets out of range [0, {n_classes - 1}] for "
                         f"{n_classes} classes: {np.ravel(target[out_of_range])[:5].tolist()}")
    return (target if target.ndim else int(target)), ignored


def cross_entropy_error(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """The losses lesson's CEE on probabilities: -sum(t * log(y + 1e-7)) per sample.

    `input` holds probabilities (after a softmax), shape (C,) or (N, C); `target` is one-hot
    (or probabilities) of the same shape, or class indices. 'mean' averages over samples.
    """
    y = _tensor(input, "cross_entropy_error")
    _check_probabilities(y.data, "cross_entropy_error", "input")
    t = _data(target, "cross_entropy_error")
    if y.ndim in (1, 2) and t.shape != y.shape:
        t = np.eye(y.shape[-1], dtype=y.dtype)[class_indices(t, y.shape, "cross_entropy_error")]
    elif t.shape != y.shape:
        raise ValueError(f"cross_entropy_error: input shape {y.shape} and target shape "
                         f"{t.shape} differ")
    else:  # probabilities: a Tensor is differentiable, as cross_entropy's
        t = target if isinstance(target, Tensor) else t
    losses = -(t * (y + 1e-7).log()).sum(-1)
    return _reduce(losses, reduction, "cross_entropy_error")


def binary_cross_entropy(input: Any, target: Any, weight: Any = None,  # noqa: A002
                         size_average: Any = None, reduce: Any = None,
                         reduction: str = "mean") -> Tensor:
    """-w (t log(p) + (1 - t) log(1 - p)) on probabilities p, as PyTorch: each log clamped
    at -100, and the gradient w (p - t) / max(p (1 - p), 1e-12), so p of exactly 0 or 1
    gives a finite loss and a finite gradient pointing the right way (-1e12 at p = 0, t = 1).

    A target Tensor is differentiable, as PyTorch's: d/dt = -w log(p / (1 - p)). It takes
    the input's dtype (PyTorch refuses two dtypes). `weight` (broadcast to input's shape)
    scales each element; 'mean' still divides by the number of elements. The weight is a
    constant: no gradient to it.
    """
    reduction = reduction_of(size_average, reduce, reduction, "binary_cross_entropy")
    p = _tensor(input, "binary_cross_entropy")
    t = operand(target, "binary_cross_entropy")
    _same_shape(p, t, "binary_cross_entropy")
    _check_probabilities(p.data, "binary_cross_entropy", "input")
    _check_probabilities(data_of(t), "binary_cross_entropy", "target")
    w = _elementwise_weight(weight, p, "binary_cross_entropy", "weight")
    if t.dtype != p.dtype:
        t = t.astype(p.dtype) if isinstance(t, Tensor) else t.astype(p.dtype, copy=False)
    return _reduce(bce(p, t, w), reduction, "binary_cross_entropy")


def binary_cross_entropy_with_logits(input: Any, target: Any, weight: Any = None,  # noqa: A002
                                     size_average: Any = None, reduce: Any = None,
                                     reduction: str = "mean", pos_weight: Any = None) -> Tensor:
    """binary_cross_entropy(sigmoid(x), t), computed stably as torch does:
    (1 - t) x + softplus(-x), so logits of +-1000 are fine (and softplus(-30) is exact).

    `pos_weight` (broadcast to input's shape, e.g. one per class) multiplies the positive
    term: (1 - t) x + (1 + (pos_weight - 1) t) softplus(-x); `weight` (broadcast to input's
    shape) scales each element. The weights are constants; a target Tensor is
    differentiable (d/dt = -x + (pos_weight - 1) softplus(-x), PyTorch's) and gives the
    loss its dtype (PyTorch's in-place arithmetic on 1 - target keeps the target's).
    """
    where = "binary_cross_entropy_with_logits"
    reduction = reduction_of(size_average, reduce, reduction, where)
    x = _tensor(input, "binary_cross_entropy_with_logits")
    t = operand(target, "binary_cross_entropy_with_logits")
    _same_shape(x, t, where)
    _check_probabilities(data_of(t), where, "target")
    w = _elementwise_weight(weight, x, where, "weight")
    pw = _elementwise_weight(pos_weight, x, where, "pos_weight")
    softplus_of_minus_x = softplus_rule(-x, 1.0, math.inf)  # exact for any x: no threshold
    positive = softplus_of_minus_x if pw is None else softplus_of_minus_x * ((pw - 1) * t + 1)
    losses = x * (1 - t) + positive
    if isinstance(t, Tensor) and t.dtype.kind == "f" and losses.dtype != t.dtype:
        losses = losses.astype(t.dtype)
    return _reduce(losses if w is None else losses * w, reduction, where)


def _weight_data(weight: Any, where: str, what: str) -> np.ndarray:
    if isinstance(weight, str):  # f(x, t, 'sum'): torch's third argument is the weight
        raise TypeError(f"{where}: {what} must be numbers, got {weight!r}; pass "
                        f"reduction={weight!r} by name")
    return _data(weight, where, what)


def _elementwise_weight(weight: Any, x: Tensor, where: str, what: str) -> np.ndarray | None:
    """A weight that broadcasts to x's shape (a constant, in x's dtype), or None."""
    if weight is None:
        return None
    w = _weight_data(weight, where, what)
    try:
        shape = np.broadcast_shapes(w.shape, x.shape)
    except ValueError:
        shape = None
    if shape != x.shape:
        raise ValueError(f"{where}: {what} of shape {w.shape} does not broadcast to input "
                         f"shape {x.shape}")
    return w.astype(x.dtype, copy=False)


def hinge_loss(input: Any, target: Any, reduction: str = "mean") -> Any:  # noqa: A002
    """micrograd's max-margin loss: mean(relu(1 - y * score)), labels y in {-1, +1}.

    On lists of Values it computes exactly as micrograd's demo does (same numbers).
    """
    if _values(input):
        pairs = _pairs(input, target, "hinge_loss")
        return _reduce_values([(1 + -y * s).relu() for s, y in pairs], reduction, "hinge_loss")
    scores = _tensor(input, "hinge_loss")
    y = operand(target, "hinge_loss")  # (a Tensor differentiable, as PyTorch's targets)
    _same_shape(scores, y, "hinge_loss")
    return _reduce((1 - scores * y).relu(), reduction, "hinge_loss")


# ------------------------------------------------------------------------------ helpers

_REDUCTIONS = ("mean", "sum", "none")


_tensor = arguments.tensor


def _data(x: Any, where: str, what: str = "target") -> np.ndarray:
    """A target's (or a weight's) numbers: a constant, through which no gradient flows."""
    return arguments.constant(x, where, what)


def _values(x: Any) -> bool:
    """Whether x is a Value or a sequence of Values (micrograd style)."""
    return isinstance(x, Value) or (isinstance(x, Sequence) and len(x) > 0
                                    and isinstance(x[0], Value))


def _pairs(input: Any, target: Any, where: str) -> list[tuple[Any, Any]]:  # noqa: A002
    xs = [input] if isinstance(input, Value) else list(input)
    ts = [target] if isinstance(target, (Value, numbers.Real)) else list(target)
    if len(xs) != len(ts):
        raise ValueError(f"{where}: {len(xs)} inputs but {len(ts)} targets")
    return list(zip(xs, ts, strict=True))


def _same_shape(x: Tensor, t: Any, where: str) -> None:
    """Refuse an input and a target (a Tensor or an array) of different shapes."""
    if x.shape != t.shape:
        raise ValueError(f"{where}: input shape {x.shape} and target shape {t.shape} differ")


def _check_probabilities(p: np.ndarray, where: str, what: str) -> None:
    outside = (p < 0) | (p > 1) | np.isnan(p)
    if np.any(outside):
        raise ValueError(f"{where}: {what} must be probabilities in [0, 1], got "
                         f"{np.ravel(p[outside])[:5].tolist()}")


def _check_reduction(reduction: str, where: str) -> None:
    arguments.choice(reduction, "reduction", where, _REDUCTIONS)


def _reduce(losses: Tensor, reduction: str, where: str) -> Tensor:
    _check_reduction(reduction, where)
    if reduction == "mean":
        return losses.mean()
    return losses.sum() if reduction == "sum" else losses


def _reduce_values(losses: list[Any], reduction: str, where: str) -> Any:
    _check_reduction(reduction, where)
    if reduction == "none":
        return losses
    total = sum(losses)  # Python's sum from 0, as micrograd's demo
    return total * (1.0 / len(losses)) if reduction == "mean" else total
