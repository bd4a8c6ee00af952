"""CTC, the connectionist temporal classification loss: F.ctc_loss and nn.CTCLoss, as PyTorch's.

A target l (labels, none the blank) is read with a blank before, between and after its
labels, l' = (blank, l1, blank, l2, ..., blank), S' = 2 L + 1 states. An alignment walks
l' over the T steps of log_probs, each step staying, moving on one state, or skipping a
blank between two different labels (two equal labels need a blank between them). The
loss is -log of the summed probability of every alignment that starts in one of the first
two states and ends in one of the last two, computed by the alpha recursion in log space:

    alpha_0(s)  = lp_0(l'_s) for s < 2, else -inf
    alpha_t(s)  = logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2) if l'_s !=
                  l'_{s-2}) + lp_t(l'_s)
    loss        = -logsumexp(alpha_{T-1}(S'-1), alpha_{T-1}(S'-2))

and its gradient by the beta recursion (the same, run backwards from the last two states):

    d loss / d lp_t(c) = exp(lp_t(c)) - exp(log sum_{s: l'_s = c} exp(alpha_t(s) +
                         beta_t(s)) + loss - lp_t(c))

PyTorch's formula, number for number: its second term, the occupation probability
gamma_t(c), is the exact derivative; the first, exp(lp), is what makes it the gradient
through the log_softmax that log_probs come from (softmax(x) - gamma: the sum of gamma
over c is 1 at every step), so taken alone on log-probabilities that are moved off their
normalisation (a central difference in one of them) it is not the derivative of the loss.
A step past a sample's input length gets 0. An impossible alignment (T too short for the
labels and the blanks their repeats need) is an infinite loss whose gradient is nan, as
PyTorch's; zero_infinity=True makes both 0. One fused rule (`ctc`, a node per call): the
forward keeps alpha for the vjp; for a second order the vjp is recomputed from the node in
differentiable ops (`_gradient_nodes`: the same recursions in scaled probabilities).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd
from autograd import Primitive, Tensor

from .. import arguments

_WHERE = "ctc_loss"

# ----------------------------------------------------------------------------- the rule


def _logsumexp3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """log(e^a + e^b + e^c) as PyTorch's CPU kernel: shifted by the largest, 0 if all -inf."""
    m = np.maximum(np.maximum(a, b), c)
    m[m == -np.inf] = 0
    return np.log(np.exp(a - m) + np.exp(b - m) + np.exp(c - m)) + m


def _shifted(x: np.ndarray, by: int) -> np.ndarray:
    """x moved `by` states along its last axis, -inf coming in: x(s - by) (by > 0) or
    x(s + |by|) (by < 0)."""
    out = np.full_like(x, -np.inf)
    if by > 0:
        out[..., by:] = x[..., :-by]
    else:
        out[..., :by] = x[..., -by:]
    return out


def _ctc_forward(lp: np.ndarray, ext: np.ndarray, skip: np.ndarray, input_lengths: np.ndarray,
                 target_lengths: np.ndarray, zero_infinity: bool) -> Any:
    """Per-sample losses (N,) of log_probs (T, N, C) for the extended targets `ext` (N, S'),
    and what the vjp reuses: alpha (T, N, S'), the gathered log_probs and the raw losses."""
    n = lp.shape[1]
    lp_ext = lp[:, np.arange(n)[:, None], ext]  # lp_t(l'_s): (T, N, S')
    log_alpha = np.full(lp_ext.shape, -np.inf, lp.dtype)
    log_alpha[0, :, 0] = lp_ext[0, :, 0]
    labelled = target_lengths > 0
    if lp_ext.shape[2] > 1:  # (not when every target is empty)
        log_alpha[0, labelled, 1] = lp_ext[0, labelled, 1]
    skipped = np.where(skip, 0, -np.inf).astype(lp.dtype)
    with np.errstate(divide="ignore", invalid="ignore"):  # log(0): -inf, a state not reached
        for t in range(1, max(int(input_lengths.max()), 1)):
            prev = log_alpha[t - 1]
            log_alpha[t] = _logsumexp3(prev, _shifted(prev, 1), _shifted(prev, 2) + skipped
                                       ) + lp_ext[t]
        # The last two states at each sample's last step (the last one only, without labels)
        rows, last = np.arange(n), np.maximum(input_lengths - 1, 0)
        l1 = log_alpha[last, rows, 2 * target_lengths]
        l2 = np.where(labelled, log_alpha[last, rows, 2 * target_lengths - 1], -np.inf)
        m = np.maximum(l1, l2)
        m[m == -np.inf] = 0
        log_likelihood = np.log(np.exp(l1 - m) + np.exp(l2 - m)) + m
    # no steps: likely (1) for an empty target, impossible (0) for any other
    log_likelihood = np.where(input_lengths == 0, np.where(labelled, -np.inf, 0),
                              log_likelihood).astype(lp.dtype)
    nll = -log_likelihood
    losses = np.where(nll == np.inf, 0, nll).astype(lp.dtype) if zero_infinity else nll
    return losses, (log_alpha, lp_ext, nll)


def _ctc_vjp(g: Any, out: Any, lp: Any, ext: np.ndarray, skip: np.ndarray,
             input_lengths: np.ndarray, target_lengths: np.ndarray, zero_infinity: bool,
             saved: Any) -> Any:
    """g_n (exp(lp) - exp(logsumexp_{s: l'_s = c}(alpha + beta) + loss - lp)) per step t <
    T_n, 0 after; 0 for an infinite loss with zero_infinity (PyTorch's backward)."""
    log_alpha, lp_ext, nll = saved
    if type(lp) is not np.ndarray:  # nodes, for a second order: recomputed differentiably
        return _gradient_nodes(g, lp, ext, skip, input_lengths, target_lengths,
                               zero_infinity, nll)
    steps, n, states = log_alpha.shape
    rows = np.arange(n)
    final = np.zeros((n, states), bool)  # the last two states (the last one, without labels)
    final[rows, 2 * target_lengths] = True
    final[rows, np.maximum(2 * target_lengths - 1, 0)] |= target_lengths > 0
    # 0 where s may go on to s + 2 (l'_{s+2} != l'_s), -inf where not
    skipped_back = _shifted(np.where(skip, 0, -np.inf).astype(lp.dtype), -2)
    log_beta = np.full_like(log_alpha, -np.inf)
    collected = np.full(lp.shape, -np.inf, lp.dtype)
    with np.errstate(divide="ignore", invalid="ignore"):
        for t in range(int(input_lengths.max()) - 1, -1, -1):
            at_last = (t == input_lengths - 1)[:, None]
            before_last = (t < input_lengths - 1)[:, None]
            start = np.where(at_last & final, lp_ext[t], -np.inf)
            if t + 1 < steps:
                after = log_beta[t + 1]
                recursion = _logsumexp3(after, _shifted(after, -1),
                                        _shifted(after, -2) + skipped_back) + lp_ext[t]
                start = np.where(before_last, recursion, start)
            log_beta[t] = start
        # collected_t(c) = log sum_{s: l'_s = c} e^(alpha_t(s) + beta_t(s)), added state by
        # state from the last as PyTorch's kernel does (so its float32 numbers too)
        both = log_alpha + log_beta
        for s in range(states - 1, -1, -1):
            here, new = collected[:, rows, ext[:, s]], both[:, :, s]
            m = np.maximum(here, new)
            added = np.log(np.exp(here - m) + np.exp(new - m)) + m
            collected[:, rows, ext[:, s]] = np.where(here == -np.inf, new, added)
        grad = (np.exp(lp) - np.exp(collected + nll[:, None] - lp)) * np.asarray(g)[:, None]
    grad[np.arange(steps)[:, None] >= input_lengths] = 0  # (T, N): steps past each length
    if zero_infinity:
        grad[:, nll == np.inf] = 0
    return grad


ctc = Primitive("ctc_loss", _ctc_forward, (_ctc_vjp,), saves=True)
"""-log sum over alignments of prod_t p_t(l'_{s_t}), per sample; d/dlp as PyTorch's
(exp(lp) - gamma: see the module docstring)"""


def _gradient_nodes(g: Any, lp: Tensor, ext: np.ndarray, skip: np.ndarray,
                    input_lengths: np.ndarray, target_lengths: np.ndarray,
                    zero_infinity: bool, nll: np.ndarray) -> Any:
    """The vjp on nodes, sample by sample: alpha and beta in probabilities, each step scaled
    to sum 1 (its log kept), so no -inf enters a derivative; gamma from them."""
    steps, n, classes = lp.shape
    dtype = lp.data.dtype
    columns = []
    for i in range(n):
        length, states = int(input_lengths[i]), 2 * int(target_lengths[i]) + 1
        if length == 0 or not math.isfinite(nll[i]):  # no steps, or an impossible target
            column = np.zeros((steps, classes), dtype)
            if length and not zero_infinity:
                column[:length] = np.nan  # (PyTorch's: -inf + inf in its exponent)
            columns.append(column)
            continue
        gamma = _occupation(lp[:length, i], ext[i, :states], skip[i, :states], classes)
        column = (lp[:length, i].exp() - gamma) * g[i]
        if length < steps:
            column = autograd.cat([column, np.zeros((steps - length, classes), dtype)], 0)
        columns.append(column)
    return autograd.stack(columns, 1)


def _occupation(x: Tensor, ext: np.ndarray, skip: np.ndarray, classes: int) -> Tensor:
    """gamma_t(c) = sum_{s: l'_s = c} alpha_t(s) beta_t(s) / (P p_t(c)), differentiably,
    for one sample's log-probabilities x (T, C) (unnormalised ones too)."""
    steps, states = x.shape[0], len(ext)
    moves = np.eye(states, dtype=x.data.dtype)  # moves[s', s]: may s' go on to s
    moves[np.arange(states - 1), np.arange(1, states)] = 1
    moves[np.arange(states - 2)[skip[2:]], np.arange(2, states)[skip[2:]]] = 1
    first = np.zeros(states, x.data.dtype)
    first[:2] = 1
    last = first[::-1].copy()
    x_ext = x[:, ext]  # (T, S')
    shift = x_ext.data.max(axis=1)  # a constant per step, against underflow in exp
    p = (x_ext - shift[:, None]).exp()
    alphas, log_scale_a = _scaled_walk(p, first, range(steps), lambda a: a @ moves)
    betas, log_scale_b = _scaled_walk(p, last, range(steps - 1, -1, -1),
                                      lambda b: moves @ b)  # (from the last step back)
    log_k = _running_sums(log_scale_a, shift)  # log alpha_t = log alphas_t + log_k_t
    log_d = _running_sums(log_scale_b, shift[::-1])[::-1]  # log beta_t: betas_t, log_d_t
    betas = betas[::-1]
    log_likelihood = log_k[-1] + (alphas[-1] * last).sum().log()
    log_scales = autograd.stack([k + d for k, d in zip(log_k, log_d, strict=True)])
    per_state = (autograd.stack(alphas) * autograd.stack(betas)
                 * (log_scales[:, None] - log_likelihood - x_ext).exp())
    return per_state @ np.eye(classes, dtype=x.data.dtype)[ext]  # summed by label: (T, C)


def _scaled_walk(p: Tensor, start: np.ndarray, order: Any, step: Any
                 ) -> tuple[list[Any], list[Any]]:
    """The recursion in probabilities over the steps in `order`, each scaled to sum 1; the
    scaled vectors and the log of each scale."""
    vectors, log_scales, current = [], [], None
    for t in order:
        current = p[t] * start if current is None else step(current) * p[t]
        total = current.sum()
        current = current / total
        vectors.append(current)
        log_scales.append(total.log())
    return vectors, log_scales


def _running_sums(log_scales: list[Any], shift: np.ndarray) -> list[Any]:
    """log K_t = sum_{u <= t} (log scale_u + shift_u), as nodes."""
    sums, total = [], 0.0
    for log_scale, constant in zip(log_scales, shift, strict=True):
        total = total + log_scale + float(constant)
        sums.append(total)
    return sums


# ------------------------------------------------------------------------- the function


def ctc_loss(log_probs: Any, targets: Any, input_lengths: Any, target_lengths: Any,
             blank: int = 0, reduction: str = "mean", zero_infinity: bool = False) -> Tensor:
    """The CTC loss of log-probabilities against label sequences, as
    torch.nn.functional.ctc_loss (PyTorch's CPU numbers and gradient).

    `log_probs` (T, N, C) (or (T, C), one sample), a log_softmax over C classes, one of them
    `blank`. `targets` are padded (N, S), each row's first target_lengths[n] labels read,
    or concatenated (sum(target_lengths),); labels in [0, C), never the blank (PyTorch's
    rule, which its kernel does not check: here an error, as is a label out of range). The lengths
    are tuples or lists of ints or integer Tensors, one per sample: input_lengths[n] <= T
    steps of log_probs are read. 'mean' divides each loss by its target length (1 if 0),
    then takes the mean over the batch; 'sum' and 'none' as other losses. zero_infinity
    makes an infinite loss (an impossible alignment) and its gradient 0. The targets and
    lengths are constants: no gradient flows into them.
    """
    x = arguments.tensor(log_probs, _WHERE, "log_probs")
    if x.ndim not in (2, 3):
        raise ValueError(f"{_WHERE}: log_probs must have shape (T, N, C) or (T, C) (one "
                         f"sample), got shape {x.shape}")
    if x.dtype.kind != "f" or x.dtype.itemsize < 4:
        raise TypeError(f"{_WHERE}: log_probs must be float32 or float64 (PyTorch's CPU "
                        f"kernel's), got {x.dtype}")
    if not x.size:
        raise ValueError(f"{_WHERE}: log_probs must not be empty, got shape {x.shape}")
    batched = x.ndim == 3
    steps, classes = x.shape[0], x.shape[-1]
    n = x.shape[1] if batched else 1
    blank = arguments.integer(blank, "blank", _WHERE)
    if not 0 <= blank < classes:
        raise ValueError(f"{_WHERE}: blank must be a class of log_probs, in [0, {classes - 1}]"
                         f" for {classes} classes, got {blank}")
    arguments.choice(reduction, "reduction", _WHERE, ("mean", "sum", "none"))
    zero_infinity = arguments.flag(zero_infinity, "zero_infinity", _WHERE)
    lengths_in = _lengths(input_lengths, "input_lengths", n, batched)
    lengths_out = _lengths(target_lengths, "target_lengths", n, batched)
    if lengths_in.max() > steps:
        raise ValueError(f"{_WHERE}: input_lengths must be at most T = {steps} (log_probs "
                         f"of shape {x.shape}), got {lengths_in.tolist()}")
    labels = _targets(targets, lengths_out, n, batched, classes, blank)
    ext = np.full((n, 2 * int(lengths_out.max()) + 1), blank, np.intp)
    ext[:, 1::2] = labels
    skip = np.zeros(ext.shape, bool)  # may s be reached from s - 2: a label unlike the last
    skip[:, 3::2] = labels[:, 1:] != labels[:, :-1]
    losses = ctc(x if batched else x[:, None], ext, skip, lengths_in, lengths_out,
                 zero_infinity)
    if reduction == "mean":
        return (losses / np.maximum(lengths_out, 1).astype(x.dtype)).mean()
    if reduction == "sum":
        return losses.sum()
    return losses if batched else losses[0]


def _lengths(value: Any, name: str, n: int, batched: bool) -> np.ndarray:
    """One length per sample, from a tuple or list of ints or an integer Tensor or array."""
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
                   for v in value):
            raise TypeError(f"{_WHERE}: {name} must be ints (a tuple or list of them, or an "
                            f"integer Tensor), got {arguments.shown(value)}")
        array = np.array(value, np.int64).reshape(len(value))
    elif isinstance(value, (Tensor, np.ndarray)):
        array = value.data if isinstance(value, Tensor) else value
        if isinstance(value, np.ma.MaskedArray) or array.dtype.kind not in "iu":
            raise TypeError(f"{_WHERE}: {name} must be integers (a tuple or list of ints, or "
                            f"an integer Tensor, as PyTorch), got {arguments.shown(value)}")
        if array.ndim > 1 or (array.ndim == 0 and batched):
            raise ValueError(f"{_WHERE}: {name} must be 1-D (one length per sample), got "
                             f"shape {array.shape}")
        array = array.reshape(-1).astype(np.int64)
    else:
        raise TypeError(f"{_WHERE}: {name} must be a tuple or list of ints or an integer "
                        f"Tensor, got {arguments.shown(value)}")
    if len(array) != n:
        raise ValueError(f"{_WHERE}: {name} must have one length per sample ({n}), got "
                         f"{len(array)}: {array.tolist()}")
    if (array < 0).any():
        raise ValueError(f"{_WHERE}: {name} must be non-negative, got {array.tolist()}")
    return array


def _targets(targets: Any, lengths: np.ndarray, n: int, batched: bool, classes: int,
             blank: int) -> np.ndarray:
    """The labels (N, max length) each sample reads (padded with the blank), checked."""
    t = arguments.constant(targets, _WHERE, "targets")
    if t.ndim not in (1, 2):
        raise ValueError(f"{_WHERE}: targets must be 1-D (concatenated) or 2-D (padded, one "
                         f"row per sample), got shape {t.shape}: {arguments.shown(targets)}")
    if t.dtype.kind == "f" and not np.all(np.mod(t, 1) == 0):
        raise ValueError(f"{_WHERE}: targets must be whole numbers (class indices), got "
                         f"{arguments.shown(targets)}")
    if t.ndim == 1 and len(t) != lengths.sum():
        raise ValueError(f"{_WHERE}: concatenated (1-D) targets must hold sum(target_lengths)"
                         f" = {lengths.sum()} labels, got {len(t)}")
    if t.ndim == 2 and (len(t) != n or t.shape[1] < lengths.max()):
        rows = f"N = {n} rows" if batched else "1 row (one sample)"
        raise ValueError(f"{_WHERE}: padded (2-D) targets must have {rows} of at least "
                         f"max(target_lengths) = {lengths.max()} labels, got shape {t.shape}")
    labels = np.full((n, int(lengths.max())), blank, np.intp)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    for i, (start, length) in enumerate(zip(starts, lengths, strict=True)):
        labels[i, :length] = t[start:start + length] if t.ndim == 1 else t[i, :length]
    used = np.arange(labels.shape[1]) < lengths[:, None]
    bad = labels[used & ((labels < 0) | (labels >= classes) | (labels == blank))]
    if bad.size:
        raise ValueError(f"{_WHERE}: target labels must be classes in [0, {classes - 1}] other "
                         f"than the blank ({blank}), got {bad[:5].tolist()}")
    return labels
