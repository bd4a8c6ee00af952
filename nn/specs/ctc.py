"""The spec row of F.ctc_loss (nn/loss/ctc.py): its values against a numpy reference written from
the definition (the alpha recursion, state by state, with np.logaddexp), and its first and
second derivatives against central differences (tests/test_ops.py).

The row feeds ctc_loss a log_softmax of its input, as a network does: PyTorch's gradient
(which gradproof's is) is the loss's derivative through a log_softmax, not on its own (see
nn/loss/ctc.py). Drawn: one sample (T, C) or a batch (T, N, C), any blank, up to three labels a
sample (repeats too), padded (with -1, never read) or concatenated, each length a list or
an int array, every reduction; input lengths down to 0, so impossible alignments too, drawn
with zero_infinity (an infinite loss has no derivative to check). Not in random graphs: its
targets and lengths must fit the input's shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from autograd.specs import OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)

Draw = Any


def _ctc_shapes(draw: Draw, arity: int) -> tuple[tuple[int, ...]]:
    """(T, C) or (T, N, C): up to 4 steps, 3 samples, 4 classes (one the blank)."""
    steps, classes = draw(st.integers(1, 4)), draw(st.integers(2, 4))
    if draw(st.booleans()):
        return ((steps, classes),)
    return ((steps, draw(st.integers(1, 3)), classes),)


def _needed(labels: list[int]) -> int:
    """The fewest steps that align `labels`: one each, and a blank between two equal ones."""
    return len(labels) + sum(a == b for a, b in zip(labels[:-1], labels[1:], strict=True))


def _ctc_static(draw: Draw, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    shape = shapes[0]
    batched = len(shape) == 3
    steps, classes, n = shape[0], shape[-1], shape[1] if batched else 1
    blank = draw(st.integers(0, classes - 1))
    labels = [c for c in range(classes) if c != blank]
    rows = [draw(st.lists(st.sampled_from(labels), max_size=3)) for _ in range(n)]
    input_lengths = [draw(st.integers(0, steps)) for _ in range(n)]
    target_lengths = [len(row) for row in rows]
    impossible = any(t < _needed(row) for t, row in zip(input_lengths, rows, strict=True))
    if draw(st.booleans()):  # concatenated
        targets = np.array([c for row in rows for c in row], np.int64)
    else:  # padded with -1, which ctc_loss never reads
        targets = np.full((n, max(target_lengths) + draw(st.integers(0, 1))), -1, np.int64)
        for i, row in enumerate(rows):
            targets[i, :len(row)] = row

    def lengths(values: list[int]) -> Any:
        if draw(st.booleans()):
            return values
        return np.array(values if batched else values[0], np.int64)

    return {"targets": targets, "input_lengths": lengths(input_lengths),
            "target_lengths": lengths(target_lengths), "blank": blank,
            "reduction": draw(st.sampled_from(["mean", "sum", "none"])),
            "zero_infinity": impossible or draw(st.booleans())}


def _ref_ctc_loss(x: np.ndarray, targets: np.ndarray, input_lengths: Any, target_lengths: Any,
                  blank: int, reduction: str, zero_infinity: bool) -> np.ndarray:
    shifted = x - x.max(axis=-1, keepdims=True)
    lp = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    lp = lp if x.ndim == 3 else lp[:, None]
    input_lengths = np.atleast_1d(input_lengths)
    target_lengths = np.atleast_1d(target_lengths)
    starts = np.concatenate([[0], np.cumsum(target_lengths)[:-1]])
    losses = []
    for i, (steps, length) in enumerate(zip(input_lengths, target_lengths, strict=True)):
        row = (targets[starts[i]:starts[i] + length] if targets.ndim == 1
               else targets[i, :length])
        extended = [blank]
        for label in row:
            extended += [int(label), blank]
        alpha = np.full(len(extended), -np.inf)
        for t in range(steps):
            before = alpha.copy()
            for s, label in enumerate(extended):
                if t == 0:
                    total = 0.0 if s < 2 else -np.inf
                else:
                    total = before[s]
                    if s >= 1:
                        total = np.logaddexp(total, before[s - 1])
                    if s >= 2 and extended[s - 2] != label:
                        total = np.logaddexp(total, before[s - 2])
                alpha[s] = total + lp[t, i, label]
        if steps == 0:  # no steps: only the empty target is possible
            loss = 0.0 if length == 0 else np.inf
        else:
            loss = -np.logaddexp(alpha[-1], alpha[-2] if length else -np.inf)
        losses.append(0.0 if zero_infinity and loss == np.inf else loss)
    losses = np.array(losses)
    if reduction == "mean":
        return np.asarray(np.mean(losses / np.maximum(target_lengths, 1)))
    if reduction == "sum":
        return np.asarray(losses.sum())
    return losses if x.ndim == 3 else np.asarray(losses[0])


register(
    OpSpec("ctc_loss", lambda x, **kw: F.ctc_loss(x.log_softmax(-1), **kw), _ref_ctc_loss,
           shapes=_ctc_shapes, static=_ctc_static, graphs=False,
           api=("nn.functional.ctc_loss", "nn.CTCLoss")),
)
