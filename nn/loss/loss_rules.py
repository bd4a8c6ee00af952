"""The rule rows of nn's losses: primitives of their own where a loss is one node.

    bce                    binary cross-entropy on probabilities, PyTorch's clamped logs;
                           differentiable in the probabilities and the target
    softmax_cross_entropy  cross_entropy(logits, classes) in its common case (the mean, no
                           class weights, no ignored rows, no smoothing): one node where
                           log_softmax, the pick and the mean would make four, the node a
                           classifier's training step ends in

Each is a forward and its vjp written with `autograd.ops` primitives (so second order
works); their spec rows are in nn/specs/__init__.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Primitive, ops

_BCE_EPS = float(np.float32(1e-12))  # torch's floor on p (1 - p): a float32 1e-12


def _bce_forward(p: np.ndarray, t: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    with np.errstate(divide="ignore"):  # log(0) = -inf, clamped to -100 below
        loss = (t - 1) * np.maximum(np.log1p(-p), -100) - t * np.maximum(np.log(p), -100)
    return loss if w is None else loss * w


def _bce_vjp(g: Any, out: Any, p: Any, t: Any, w: np.ndarray | None) -> Any:
    grad = g * (p - t) / ops.maximum(p * (1 - p), _BCE_EPS)
    return grad if w is None else grad * w


def _bce_target_vjp(g: Any, out: Any, p: Any, t: Any, w: np.ndarray | None) -> Any:
    # PyTorch's: -logit(p), unclamped (inf at p = 0, -inf at p = 1); as a difference of
    # logs, whose derivative 1/p + 1/(1 - p) is PyTorch's double backward, infinite there
    with np.errstate(divide="ignore"):
        grad = g * (ops.log1p(-p) - ops.log(p))
    return grad if w is None else grad * w


bce = Primitive("binary_cross_entropy", _bce_forward, (_bce_vjp, _bce_target_vjp))
"""-(t max(log p, -100) + (1 - t) max(log(1 - p), -100)), times w; d/dp = w (p - t) /
max(p (1 - p), 1e-12), d/dt = w (log(1 - p) - log(p)): torch's forward and backward, so finite
(and large) at p = 0 or 1; the target's derivative is computed only when it requires grad"""


def _softmax_cross_entropy(x: np.ndarray, classes: np.ndarray) -> Any:
    # The unfused path's numbers exactly (log_softmax, each row's pick, the mean of -pick),
    # with the log taken of each row's sum only: log_softmax(x)[n, c] is shifted[n, c] -
    # log(total[n]) element for element, and a sum of negated terms is the negated sum.
    rows = np.arange(len(classes))
    shifted = x - np.maximum.reduce(x, -1, keepdims=True)  # (x.max and exps.sum, without
    exps = np.exp(shifted)  # their Python wrappers)
    total = np.add.reduce(exps, -1, keepdims=True)
    picked = shifted[rows, classes] - np.log(total[:, 0])
    loss = np.asarray(-np.add.reduce(picked) / len(classes))  # np.mean's sum and divide
    return loss, (exps, total, rows)  # softmax(x) = exps / total, for the backward


def _softmax_cross_entropy_vjp(g: Any, out: Any, x: Any, classes: np.ndarray,
                               saved: Any) -> Any:
    # PyTorch's backward (nll_loss's, then log_softmax's): g/n at the targets, taken off
    # softmax(x) g/n.
    if type(x) is np.ndarray:  # first order, on arrays: softmax from the forward's
        # exponentials, scaled once per row, and no one-hot array or product
        exps, total, rows = saved
        per_row = float(g) / len(classes)  # (a Python number takes the arrays' dtype)
        grad = exps * (per_row / total)
        grad[rows, classes] -= per_row
        return grad
    # nodes, for a second order: recomputed from x, differentiably
    rows, per_row = np.arange(len(classes)), g / len(classes)
    one_hot = np.zeros(ops.data_of(x).shape, ops.data_of(x).dtype)
    one_hot[rows, classes] = 1
    return ops.exp(ops.log_softmax(x, -1)) * per_row - one_hot * per_row


softmax_cross_entropy = Primitive("cross_entropy", _softmax_cross_entropy,
                                  (_softmax_cross_entropy_vjp,), saves=True)
"""mean_n(-log_softmax(x)[n, c_n]); d/dx = (softmax(x) - onehot(c)) / N"""
