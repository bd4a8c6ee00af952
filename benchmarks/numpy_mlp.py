"""A ReLU MLP with softmax cross-entropy, forward and backward written by hand in numpy.

The from-scratch way, and the floor a numpy-backed autodiff engine can reach: the same matrix
products, nothing recorded. Layers are (w, b) with w of shape (in, out), so a layer is
`h @ w + b`; every hidden layer is followed by ReLU, the last gives the logits.
"""

from __future__ import annotations

import numpy as np


def loss_and_grads(params: list[tuple[np.ndarray, np.ndarray]], x: np.ndarray,
                   y: np.ndarray) -> tuple[float, list[tuple[np.ndarray, np.ndarray]]]:
    """Mean cross-entropy of softmax(logits) against class indices y, and d(loss)/d(w, b)."""
    # Forward, keeping each layer's input (the ReLU outputs) for the backward pass.
    inputs = []
    h = x
    for i, (w, b) in enumerate(params):
        inputs.append(h)
        h = h @ w + b
        if i < len(params) - 1:
            h = np.maximum(h, 0)
    # Softmax cross-entropy, with the max subtracted so exp never overflows.
    z = h - h.max(axis=1, keepdims=True)
    e = np.exp(z)
    total = e.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = float(np.mean(np.log(total[:, 0]) - z[rows, y]))
    # d(loss)/d(logits) = (softmax - onehot) / n
    g = e / total
    g[rows, y] -= 1
    g /= len(y)
    # Backward through the layers: dW = h_in.T @ g, db = sum of g over the batch,
    # d(h_in) = g @ w.T, masked where the ReLU was off.
    grads = []
    for i in reversed(range(len(params))):
        w, _ = params[i]
        grads.append((inputs[i].T @ g, g.sum(axis=0)))
        if i > 0:
            g = g @ w.T
            g *= inputs[i] > 0
    return loss, grads[::-1]


def sgd_step(params: list[tuple[np.ndarray, np.ndarray]], x: np.ndarray, y: np.ndarray,
             lr: float) -> float:
    """One training step, updating params in place; returns the loss before the update."""
    loss, grads = loss_and_grads(params, x, y)
    for (w, b), (gw, gb) in zip(params, grads, strict=True):
        w -= lr * gw
        b -= lr * gb
    return loss
