"""Functions: activations, dropout and the losses, on Tensors (and on Values where natural).

Losses take `reduction='mean' | 'sum' | 'none'` with PyTorch's meaning: the mean or sum of
the per-element (or, for cross-entropy, per-sample) losses, or all of them unreduced.
Input and target must have the same shape: no silent broadcasting of (N, 1) against (N,).

The seed's worked numbers (seed 000), for the one-hot target at index 6:

    >>> y = Tensor([0.1, 0.01, 0.05, 0.2, 0.14, 0.07, 0.6, 0.3, 0.1, 0.1])
    >>> t = Tensor(np.eye(10)[6])
    >>> round(mse_loss(y, t).item(), 8), cross_entropy_error(y, t).item()
    (0.03471, 0.510825457099338)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor, Value, stack

# -------------------------------------------------------------------------- activations


def relu(x: Any) -> Any:
    return _tensor(x).relu() if not isinstance(x, Value) else x.relu()


def sigmoid(x: Any) -> Any:
    return _tensor(x).sigmoid() if not isinstance(x, Value) else x.sigmoid()


def tanh(x: Any) -> Any:
    return _tensor(x).tanh() if not isinstance(x, Value) else x.tanh()


def softmax(x: Any, dim: int = -1) -> Tensor:
    return _tensor(x).softmax(dim)


def log_softmax(x: Any, dim: int = -1) -> Tensor:
    return _tensor(x).log_softmax(dim)


def check_dropout_p(p: Any, where: str) -> None:
    if not isinstance(p, numbers.Real) or not 0 <= p <= 1:
        raise ValueError(f"{where}: p must be a probability in [0, 1], got {p!r}")


def dropout(x: Any, p: float = 0.5, training: bool = True,
            generator: np.random.Generator | None = None) -> Any:
    """Inverted dropout: zero each element with probability p, scale the rest by 1/(1-p).

    The identity when not training or when p == 0; zeros when p == 1 (as PyTorch).
    """
    check_dropout_p(p, "dropout")
    if not training or p == 0:
        return x
    x = _tensor(x)
    if p == 1:  # nothing is kept, and 1/(1-p) would divide by zero
        return x * 0.0
    rng = generator if generator is not None else np.random.default_rng()
    keep = rng.random(x.shape) >= p
    return x * (keep / (1.0 - p)).astype(x.dtype)


# ------------------------------------------------------------------ regression losses


def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Any:  # noqa: A002
    """Mean squared error: mean((input - target) ** 2), as PyTorch and seed 000."""
    if _values(input):
        return _reduce_values([(x - t) ** 2 for x, t in _pairs(input, target, "mse_loss")],
                              reduction, "mse_loss")
    diff = _same_shape(input, target, "mse_loss")
    return _reduce(diff * diff, reduction, "mse_loss")


def sum_squared_error(input: Any, target: Any) -> Any:  # noqa: A002
    """The textbook SSE: 0.5 * sum((input - target) ** 2) (its derivative is input - target)."""
    return 0.5 * mse_loss(input, target, reduction="sum")


def l1_loss(input: Any, target: Any, reduction: str = "mean") -> Any:  # noqa: A002
    """Mean absolute error (MAE): mean(|input - target|)."""
    if _values(input):
        return _reduce_values([abs(x - t) for x, t in _pairs(input, target, "l1_loss")],
                              reduction, "l1_loss")
    return _reduce(_same_shape(input, target, "l1_loss").abs(), reduction, "l1_loss")


def rmse_loss(input: Any, target: Any) -> Any:  # noqa: A002
    """Root mean squared error: sqrt(mse_loss(input, target)). Its gradient is undefined
    (infinite) when the error is exactly zero."""
    return mse_loss(input, target).sqrt()


# ------------------------------------------------------------- classification losses


def cross_entropy(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Softmax cross-entropy of logits, as torch.nn.functional.cross_entropy.

    `input` holds logits, shape (N, C) or (C,). `target` is either class indices, shape
    (N,) or () (integers, floats with integral values accepted), or probabilities (one-hot
    or soft), the same shape as `input`. Computed with a stable log-softmax.
    """
    logits = _tensor(input)
    if logits.ndim not in (1, 2):
        raise ValueError(f"cross_entropy: input (logits) must have shape (N, C) or (C,), "
                         f"got {logits.shape}")
    log_p = logits.log_softmax(-1)
    t = _data(target)
    if t.shape == logits.shape:  # probabilities per class
        losses = -(log_p * t).sum(-1)
    else:
        classes = class_indices(t, logits.shape, "cross_entropy")
        # One getitem picks each row's target log-probability.
        index = (np.arange(len(classes)), classes) if logits.ndim == 2 else classes
        losses = -log_p[index]
    return _reduce(losses, reduction, "cross_entropy")


def class_indices(target: np.ndarray, shape: tuple[int, ...], where: str) -> Any:
    """Integer class targets for logits of `shape`, checked: length, integers, range."""
    n_classes = shape[-1]
    if target.shape != shape[:-1]:
        raise ValueError(
            f"{where}: wrong length: target has shape {target.shape}, expected {shape[:-1]} "
            f"(one class index per row of input {shape}) or {shape} (probabilities)")
    if target.dtype.kind not in "iu":
        if target.dtype.kind not in "fb" or not np.all(np.mod(target, 1) == 0):
            bad = target[np.mod(target, 1) != 0] if target.dtype.kind == "f" else target
            raise ValueError(f"{where}: class targets must be integers, got "
                             f"{np.ravel(bad)[:5].tolist()}")
        target = target.astype(np.intp)
    out_of_range = (target < 0) | (target >= n_classes)
    if np.any(out_of_range):
        raise ValueError(f"{where}: class targets out of range [0, {n_classes - 1}] for "
                         f"{n_classes} classes: {np.ravel(target[out_of_range])[:5].tolist()}")
    return target if target.ndim else int(target)


def cross_entropy_error(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Seed 000's CEE on probabilities: -sum(t * log(y + 1e-7)) per sample.

    `input` holds probabilities (after a softmax), shape (C,) or (N, C); `target` is one-hot
    (or probabilities) of the same shape, or class indices. 'mean' averages over samples.
    """
    y = _tensor(input)
    _check_probabilities(y.data, "cross_entropy_error", "input")
    t = _data(target)
    if y.ndim in (1, 2) and t.shape != y.shape:
        t = np.eye(y.shape[-1], dtype=y.dtype)[class_indices(t, y.shape, "cross_entropy_error")]
    elif t.shape != y.shape:
        raise ValueError(f"cross_entropy_error: input shape {y.shape} and target shape "
                         f"{t.shape} differ")
    losses = -(t * (y + 1e-7).log()).sum(-1)
    return _reduce(losses, reduction, "cross_entropy_error")


def binary_cross_entropy(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """-(t log(p) + (1 - t) log(1 - p)) on probabilities p; each log is clamped at -100 as
    in PyTorch, so p of exactly 0 or 1 gives a finite loss and gradient."""
    p = _tensor(input)
    t = _data(target)
    _same_shape(p, t, "binary_cross_entropy")
    _check_probabilities(p.data, "binary_cross_entropy", "input")
    _check_probabilities(t, "binary_cross_entropy", "target")
    tiny = math.exp(-100)
    losses = -(t * p.clip(tiny, None).log() + (1 - t) * (1 - p).clip(tiny, None).log())
    return _reduce(losses, reduction, "binary_cross_entropy")


def binary_cross_entropy_with_logits(input: Any, target: Any,  # noqa: A002
                                     reduction: str = "mean") -> Tensor:
    """binary_cross_entropy(sigmoid(x), t), computed stably: log(1 + exp(x)) - t x, with
    log(1 + exp(x)) as a logsumexp of (0, x), so logits of +-1000 are fine."""
    x = _tensor(input)
    t = _data(target)
    _same_shape(x, t, "binary_cross_entropy_with_logits")
    _check_probabilities(t, "binary_cross_entropy_with_logits", "target")
    softplus = stack([Tensor(np.zeros(x.shape, dtype=x.dtype)), x]).logsumexp(axis=0)
    return _reduce(softplus - x * t, reduction, "binary_cross_entropy_with_logits")


def hinge_loss(input: Any, target: Any, reduction: str = "mean") -> Any:  # noqa: A002
    """micrograd's max-margin loss: mean(relu(1 - y * score)), labels y in {-1, +1}.

    On lists of Values it computes exactly as micrograd's demo does (same numbers).
    """
    if _values(input):
        pairs = _pairs(input, target, "hinge_loss")
        return _reduce_values([(1 + -y * s).relu() for s, y in pairs], reduction, "hinge_loss")
    scores = _tensor(input)
    y = _data(target)
    _same_shape(scores, y, "hinge_loss")
    return _reduce((1 - scores * y).relu(), reduction, "hinge_loss")


# ------------------------------------------------------------------------------ helpers

_REDUCTIONS = ("mean", "sum", "none")


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _data(x: Any) -> np.ndarray:
    """A target's numbers (targets are constants: no gradient flows into them)."""
    return x.data if isinstance(x, Tensor) else np.asarray(x)


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


def _same_shape(input: Tensor, target: Any, where: str) -> Tensor:  # noqa: A002
    """input - target, after checking that the shapes agree."""
    x = _tensor(input)
    t = _data(target)
    if x.shape != t.shape:
        raise ValueError(f"{where}: input shape {x.shape} and target shape {t.shape} differ")
    return x - t


def _check_probabilities(p: np.ndarray, where: str, what: str) -> None:
    outside = (p < 0) | (p > 1) | np.isnan(p)
    if np.any(outside):
        raise ValueError(f"{where}: {what} must be probabilities in [0, 1], got "
                         f"{np.ravel(p[outside])[:5].tolist()}")


def _check_reduction(reduction: str, where: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{where}: reduction must be one of {_REDUCTIONS}, got {reduction!r}")


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
