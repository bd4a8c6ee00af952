"""Spec rows for the losses PyTorch differentiates with respect to the target too: the target
is an input of the row, so its values and its first and second derivatives are checked
against central differences beside the input's (tests/test_ops.py), and in random graphs.

    mse_loss, l1_loss                      (nn/specs/__init__.py: smooth_l1_loss, huber_loss,
    kl_div,
    binary_cross_entropy_with_logits        binary_cross_entropy, with their targets as
    cross_entropy_probabilities             inputs too)
    poisson_nll_loss, gaussian_nll_loss
    margin_ranking_loss, multilabel_soft_margin_loss

Kinks are kept away by construction, as in nn/specs/losses.py: l1_loss's input on the GRID
against a target OFF it (|input - target| >= 0.05); margin_ranking_loss's x1 on the GRID, x2
and the target off it (odd multiples of 0.05) and margins on it, so that t (x1 - x2) is an
odd multiple of 1/400 and the margin an even one: the hinge is 1/400 or more from its kink,
far beyond the central differences' step (1e-6); random graphs check it with `safe`.
Probability targets stay in [0.05, 0.95], where binary_cross_entropy_with_logits accepts a
step either way; poisson_nll_loss's counts stay 0.01 from 1, where `full`'s Stirling term
starts (a jump), and positive (its derivative is nan at 0, as PyTorch's).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import (
    DOMAIN_MARGIN,
    GRID,
    KINK_MARGIN,
    OFF_GRID,
    POSITIVE,
    REAL,
    Domain,
    NoFit,
    OpSpec,
    register,
)

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from .losses import REDUCE, _classes_shapes, _clear, _reduced

Draw = Any
Shapes = tuple[tuple[int, ...], ...]

UNIT = Domain(low=0.05, high=0.95)  # probabilities, a step from 0 and 1 either way
COUNTS = Domain(low=DOMAIN_MARGIN, away_from=(1.0,), margin=KINK_MARGIN)


def _one_shape(shapes: Shapes) -> tuple[int, ...]:
    """The inputs' one shape (random graphs offer others: they do not fit)."""
    if len(set(shapes)) != 1:
        raise NoFit
    return shapes[0]


def _weighted(draw: Draw, kwargs: dict[str, Any], name: str, shape: tuple[int, ...]
              ) -> dict[str, Any]:
    """kwargs, and sometimes a weight `name` of `shape` (in [0.5, 2])."""
    if draw(st.booleans()):
        kwargs[name] = draw(hnp.arrays(np.float64, shape, elements=st.floats(0.5, 2.0)))
    return kwargs


# ------------------------------------------------------------------ regression, logistic


def _elementwise_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = _one_shape(shapes)
    return _weighted(draw, {"reduction": _reduced(draw, shape)}, "weight", shape)


def _by_weight(losses: np.ndarray, reduction: str, weight: Any) -> Any:
    """mse_loss's and l1_loss's reduction: 'mean' with a weight is sum(w e) / sum(w)."""
    if weight is None:
        return REDUCE[reduction](losses)
    losses = losses * weight
    return losses.sum() / weight.sum() if reduction == "mean" else REDUCE[reduction](losses)


def _ref_mse(x: np.ndarray, target: np.ndarray, reduction: str, weight: Any = None) -> Any:
    return _by_weight((x - target) ** 2, reduction, weight)


def _ref_l1(x: np.ndarray, target: np.ndarray, reduction: str, weight: Any = None) -> Any:
    return _by_weight(np.abs(x - target), reduction, weight)


def _logits_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = _one_shape(shapes)
    kwargs = _weighted(draw, {"reduction": _reduced(draw, shape)}, "weight", shape)
    return _weighted(draw, kwargs, "pos_weight", shape[-1:])


def _ref_bce_logits(x: np.ndarray, target: np.ndarray, reduction: str, weight: Any = None,
                    pos_weight: Any = None) -> Any:
    positive = 1.0 if pos_weight is None else 1 + (pos_weight - 1) * target
    losses = (1 - target) * x + positive * np.logaddexp(0.0, -x)
    return REDUCE[reduction](losses if weight is None else losses * weight)


def _soft_shapes(draw: Draw, arity: int) -> Shapes:
    """Logits and probabilities of one shape: (C,), (N, C) or (N, C, d1, ...)."""
    dims = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    return (tuple(dims),) * arity


def _soft_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = _one_shape(shapes)
    classes = shape[1] if len(shape) > 1 else shape[0]
    rows = shape[:1] + shape[2:] if len(shape) > 1 else ()
    kwargs = {"reduction": _reduced(draw, rows),
              "label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.5]))}
    return _weighted(draw, kwargs, "weight", (classes,))


def _ref_soft_cross_entropy(x: np.ndarray, target: np.ndarray, reduction: str,
                            label_smoothing: float, weight: Any = None) -> Any:
    axis = 1 if x.ndim > 1 else 0
    classes = x.shape[axis]
    shifted = x - x.max(axis=axis, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    t = target * (1 - label_smoothing) + label_smoothing / classes
    if weight is not None:
        t = t * weight.reshape((classes,) + (1,) * (x.ndim - axis - 1))
    return REDUCE[reduction](-(log_p * t).sum(axis=axis))


register(
    OpSpec("mse_loss", lambda x, target, **kw: F.mse_loss(x, target, **kw), _ref_mse, arity=2,
           static=_elementwise_static, api=("nn.functional.mse_loss", "nn.MSELoss")),
    OpSpec("l1_loss", lambda x, target, **kw: F.l1_loss(x, target, **kw), _ref_l1, arity=2,
           domain=(GRID, OFF_GRID), static=_elementwise_static,
           safe=lambda x, target, **kw: _clear(np.asarray(x) - target),
           kinks="|input - target| at 0 (input on the GRID, target off it)",
           api=("nn.functional.l1_loss", "nn.L1Loss")),
    OpSpec("binary_cross_entropy_with_logits",
           lambda x, target, **kw: F.binary_cross_entropy_with_logits(x, target, **kw),
           _ref_bce_logits, arity=2, domain=(REAL, UNIT), static=_logits_static,
           api=("nn.functional.binary_cross_entropy_with_logits", "nn.BCEWithLogitsLoss")),
    OpSpec("cross_entropy_probabilities",
           lambda x, target, **kw: F.cross_entropy(x, target, **kw), _ref_soft_cross_entropy,
           arity=2, domain=(REAL, UNIT), shapes=_soft_shapes, static=_soft_static,
           api=("nn.functional.cross_entropy", "nn.CrossEntropyLoss")),
)

# -------------------------------------------------------------------------- likelihoods


def _poisson_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {"log_input": draw(st.booleans()), "full": draw(st.booleans()),
            "reduction": _reduced(draw, _one_shape(shapes))}


def _ref_poisson(x: np.ndarray, target: np.ndarray, log_input: bool, full: bool,
                 reduction: str) -> Any:
    losses = np.exp(x) - target * x if log_input else x - target * np.log(x + 1e-8)
    if full:
        t = np.where(target > 1, target, 1.0)
        losses = losses + np.where(target > 1, t * np.log(t) - t + 0.5 * np.log(2 * np.pi * t),
                                   0.0)
    return REDUCE[reduction](losses)


def _gaussian_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {"full": draw(st.booleans()), "reduction": _reduced(draw, _one_shape(shapes))}


def _ref_gaussian(x: np.ndarray, var: np.ndarray, target: np.ndarray, full: bool,
                  reduction: str) -> Any:
    losses = 0.5 * (np.log(var) + (x - target) ** 2 / var) + (0.5 * math.log(2 * math.pi)
                                                              if full else 0.0)
    return REDUCE[reduction](losses)


# ---------------------------------------------------------- ranking, multi-label logistic


def _ranking_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {"margin": draw(st.sampled_from([0.0, 0.5, 1.0])),
            "reduction": _reduced(draw, _one_shape(shapes))}


def _ref_ranking(x1: np.ndarray, x2: np.ndarray, target: np.ndarray, margin: float,
                 reduction: str) -> Any:
    return REDUCE[reduction](np.maximum(0.0, -target * (x1 - x2) + margin))


def _ranking_safe(x1: Any, x2: Any, target: Any, margin: float, reduction: str) -> bool:
    return _clear(-np.asarray(target) * (np.asarray(x1) - x2) + margin)


def _multilabel_soft_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = _one_shape(shapes)
    if not shape or shape[-1] == 0:
        raise NoFit
    return _weighted(draw, {"reduction": _reduced(draw, shape[:-1])}, "weight", shape[-1:])


def _ref_multilabel_soft(x: np.ndarray, target: np.ndarray, reduction: str,
                         weight: Any = None) -> Any:
    losses = -(target * -np.logaddexp(0.0, -x) + (1 - target) * -np.logaddexp(0.0, x))
    losses = losses if weight is None else losses * weight
    return REDUCE[reduction](losses.mean(-1))


register(
    OpSpec("poisson_nll_loss", lambda x, target, **kw: F.poisson_nll_loss(x, target, **kw),
           _ref_poisson, arity=2, domain=(POSITIVE, COUNTS), static=_poisson_static,
           kinks="full's Stirling term starts at target 1 (a jump): COUNTS keep 0.01 from it",
           api=("nn.functional.poisson_nll_loss", "nn.PoissonNLLLoss")),
    OpSpec("gaussian_nll_loss", lambda x, var, target, **kw: F.gaussian_nll_loss(x, target, var,
                                                                                     **kw),
           _ref_gaussian, arity=3, domain=(REAL, POSITIVE, REAL), static=_gaussian_static,
           kinks="var's floor at eps (1e-6), below POSITIVE's 0.1",
           api=("nn.functional.gaussian_nll_loss", "nn.GaussianNLLLoss")),
    OpSpec("margin_ranking_loss", lambda x1, x2, target, **kw: F.margin_ranking_loss(
               x1, x2, target, **kw), _ref_ranking, arity=3,
           domain=(GRID, OFF_GRID, OFF_GRID), static=_ranking_static, safe=_ranking_safe,
           kinks="-t (x1 - x2) + margin = 0: see the module docstring",
           api=("nn.functional.margin_ranking_loss", "nn.MarginRankingLoss")),
    OpSpec("multilabel_soft_margin_loss",
           lambda x, target, **kw: F.multilabel_soft_margin_loss(x, target, **kw),
           _ref_multilabel_soft, arity=2, domain=(REAL, Domain(low=0.0, high=1.0)),
           shapes=_classes_shapes, static=_multilabel_soft_static,
           api=("nn.functional.multilabel_soft_margin_loss", "nn.MultiLabelSoftMarginLoss")),
)
