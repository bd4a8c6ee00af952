"""Spec rows for PyTorch's remaining losses and its distances (nn/loss/margin_losses.py,
nn/loss/distances.py): each function's values against a numpy reference written from its
definition, and its first and second derivatives against central differences
(tests/test_ops.py), in random graphs too. The losses whose target is differentiable (the
likelihoods, margin_ranking_loss, multilabel_soft_margin_loss) have their rows in
nn/specs/loss_targets.py; here the targets are labels and class indices.

The hinges are kept off their kinks by construction: an input on the GRID (multiples of 0.1)
against one OFF_GRID (0.05 beyond) and margins on the GRID differ by 0.05 at least where a
hinge turns (hinge_embedding_loss, multi_margin_loss's off-grid margins,
multilabel_margin_loss's inputs scaled by 1.05). The triplet losses are drawn where their
hinge is on one side for every drawn input: a margin larger than any distance (active), or a
negative 20 away (inactive; with swap, the anchor 20 away the other way, so that the swap
always takes d(positive, negative)). Random graphs check the same with `safe`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import (
    GRID,
    KINK_MARGIN,
    OFF_GRID,
    OFF_ZERO,
    NoFit,
    OpSpec,
    register,
    same,
)

from .. import functional as F  # noqa: N812 (PyTorch's habit)

Draw = Any
Shapes = tuple[tuple[int, ...], ...]
REDUCE = {"none": lambda a: a, "sum": np.sum, "mean": np.mean}


def _reduced(draw: Draw, losses_shape: tuple[int, ...]) -> str:
    """A reduction: 'mean' only where there is a loss to average."""
    options = ["none", "sum"] + (["mean"] if int(np.prod(losses_shape)) else [])
    return draw(st.sampled_from(options))


def _signs(draw: Draw, shape: tuple[int, ...]) -> np.ndarray:
    return draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([-1.0, 1.0])))


def _clear(values: Any) -> bool:
    return bool(np.all(np.abs(np.asarray(values)) >= KINK_MARGIN))


# ------------------------------------------------------------------------------- hinges


def _hinge_embedding_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {"target": _signs(draw, shapes[0]), "margin": draw(st.sampled_from([0.5, 1.0, 2.0])),
            "reduction": _reduced(draw, shapes[0])}


def _ref_hinge_embedding(x: np.ndarray, target: np.ndarray, margin: float,
                         reduction: str) -> Any:
    return REDUCE[reduction](np.where(target == 1, x, np.maximum(0.0, margin - x)))


def _soft_margin_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {"target": _signs(draw, shapes[0]), "reduction": _reduced(draw, shapes[0])}


def _classes_shapes(draw: Draw, arity: int) -> Shapes:
    """(N, C) or (C,), a class at least (one shape for every input)."""
    return (draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=4)),) * arity


def _labels_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """Each row's target classes (distinct, some repeated once), then -1 (or none)."""
    shape = shapes[0]
    if len(shape) not in (1, 2) or shape[-1] == 0:
        raise NoFit
    c = shape[-1]
    rows = []
    for _ in range(int(np.prod(shape[:-1]))):
        labels = draw(st.lists(st.integers(0, c - 1), max_size=c))
        rows.append((labels + [-1] + [0] * c)[:c])
    return {"target": np.array(rows, np.int64).reshape(shape),
            "reduction": _reduced(draw, shape[:-1])}


def _ref_multilabel_margin(x: np.ndarray, target: np.ndarray, reduction: str) -> Any:
    x, rows = 1.05 * x.reshape(-1, x.shape[-1]), target.reshape(-1, x.shape[-1])
    losses = []
    for values, labels in zip(x, rows, strict=True):
        chosen = list(labels[:list(labels).index(-1)] if -1 in labels else labels)
        others = [i for i in range(len(values)) if i not in chosen]
        losses.append(sum(max(0.0, 1 - values[j] + values[i]) for j in chosen for i in others)
                      / len(values))
    out = np.array(losses).reshape(target.shape[:-1])
    return REDUCE[reduction](out)


def _multilabel_margin_safe(x: Any, target: np.ndarray, reduction: str) -> bool:
    x = 1.05 * np.asarray(x).reshape(-1, np.shape(x)[-1])
    return _clear(1 - x[:, :, None] + x[:, None, :])


def _multi_margin_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) not in (1, 2) or shape[-1] == 0:
        raise NoFit
    n = shape[0] if len(shape) == 2 else None
    classes = st.integers(0, shape[-1] - 1)
    target = (draw(hnp.arrays(np.int64, (n,), elements=classes)) if n is not None
              else np.array(draw(classes)))
    kwargs = {"target": target, "p": draw(st.sampled_from([1, 2])),
              "margin": draw(st.sampled_from([0.25, 0.55, 1.05])),  # off the GRID
              "reduction": _reduced(draw, target.shape)}
    if draw(st.booleans()):
        kwargs["weight"] = draw(hnp.arrays(np.float64, shape[-1:], elements=st.floats(0.5, 2)))
    return kwargs


def _ref_multi_margin(x: np.ndarray, target: np.ndarray, p: int, margin: float,
                      reduction: str, weight: Any = None) -> Any:
    rows, y = x.reshape(-1, x.shape[-1]), target.reshape(-1)
    picked = rows[np.arange(len(y)), y][:, None]
    hinges = np.maximum(0.0, margin - picked + rows) ** p
    hinges[np.arange(len(y)), y] = 0.0
    if weight is not None:
        hinges = hinges * weight[y][:, None]
    return REDUCE[reduction]((hinges.sum(-1) / x.shape[-1]).reshape(target.shape))


def _multi_margin_safe(x: Any, target: np.ndarray, margin: float, **kw: Any) -> bool:
    rows = np.asarray(x).reshape(-1, np.shape(x)[-1])
    y = target.reshape(-1)
    return _clear(margin - rows[np.arange(len(y)), y][:, None] + rows)


# --------------------------------------------------------------------------- embeddings


def _pairs_shapes(draw: Draw, arity: int) -> Shapes:
    """Inputs (N, D) or (D,), D >= 1, one shape for all."""
    return (draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=3)),) * arity


def _cosine_embedding_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    if len(set(shapes)) != 1 or len(shapes[0]) not in (1, 2):
        raise NoFit
    # margins below -1 or above 1: the hinge max(0, cos - margin) is always on one side
    return {"target": _signs(draw, shapes[0][:-1]),
            "margin": draw(st.sampled_from([-1.5, 1.5])),
            "reduction": _reduced(draw, shapes[0][:-1])}


def _ref_cosine_embedding(x1: np.ndarray, x2: np.ndarray, target: np.ndarray, margin: float,
                          reduction: str) -> Any:
    cos = (x1 * x2).sum(-1) / np.sqrt(((x1 * x1).sum(-1) + 1e-12) * ((x2 * x2).sum(-1) + 1e-12))
    return REDUCE[reduction](np.where(target == 1, 1 - cos, np.maximum(0.0, cos - margin)))


# mode: (anchor's shift, negative's, margin). Inputs in [-3, 3] of at most 3 entries: a
# distance is at most 18 (p = 1), at least 14 per entry across a shift of 20; with swap,
# d(a - 20, pos) and d(pos, neg + 20) lie in [14, 26] per entry, d(a - 20, neg + 20) beyond.
TRIPLET_SHIFTS = {"active": (0.0, 0.0, 20.0), "inactive": (0.0, 20.0, 1.0),
                  "swap": (-20.0, 20.0, 40.0)}


def _triplet_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    if len(set(shapes)) != 1 or not shapes[0] or shapes[0][-1] > 3:
        raise NoFit
    return {"mode": draw(st.sampled_from(list(TRIPLET_SHIFTS))),
            "p": draw(st.sampled_from([1.0, 2.0, 3.0])),
            "reduction": _reduced(draw, shapes[0][:-1])}


def _triplet(a: Any, pos: Any, neg: Any, mode: str, p: float, reduction: str) -> Any:
    shift_a, shift_n, margin = TRIPLET_SHIFTS[mode]
    return F.triplet_margin_loss(a + shift_a, pos, neg + shift_n, margin, p,
                                 swap=mode == "swap", reduction=reduction)


def _triplet_distance(a: Any, pos: Any, neg: Any, mode: str, p: float, reduction: str) -> Any:
    shift_a, shift_n, margin = TRIPLET_SHIFTS[mode]
    return F.triplet_margin_with_distance_loss(
        a + shift_a, pos, neg + shift_n, margin=margin, swap=mode == "swap",
        distance_function=lambda x1, x2: F.pairwise_distance(x1, x2, p), reduction=reduction)


def _ref_distance(x1: np.ndarray, x2: np.ndarray, p: float, eps: float = 1e-6) -> np.ndarray:
    return (np.abs(x1 - x2 + eps) ** p).sum(-1) ** (1 / p)


def _ref_triplet(a: np.ndarray, pos: np.ndarray, neg: np.ndarray, mode: str, p: float,
                 reduction: str) -> Any:
    shift_a, shift_n, margin = TRIPLET_SHIFTS[mode]
    a, neg = a + shift_a, neg + shift_n
    d_neg = _ref_distance(a, neg, p)
    if mode == "swap":
        d_neg = np.minimum(d_neg, _ref_distance(pos, neg, p))
    return REDUCE[reduction](np.maximum(0.0, margin + _ref_distance(a, pos, p) - d_neg))


def _triplet_safe(a: Any, pos: Any, neg: Any, mode: str, **kw: Any) -> bool:
    """Inside [-3, 3] (the shifts' bounds), and each difference the mode takes unshifted
    clear of 0 (|x1 - x2| there)."""
    a, pos, neg = (np.asarray(x) for x in (a, pos, neg))
    if not np.all(np.abs(np.stack([a, pos, neg])) <= 3):
        return False
    return mode == "swap" or (_clear(a - pos) and (mode == "inactive" or _clear(a - neg)))


# ---------------------------------------------------------------------------- distances


def _dim_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = len(np.broadcast_shapes(*shapes))
    if ndim == 0:
        raise NoFit
    return {"dim": draw(st.integers(-ndim, ndim - 1))}


def _ref_cosine_similarity(x1: np.ndarray, x2: np.ndarray, dim: int) -> np.ndarray:
    n1 = np.maximum(np.sqrt((x1 * x1).sum(dim, keepdims=True)), 1e-8)
    n2 = np.maximum(np.sqrt((x2 * x2).sum(dim, keepdims=True)), 1e-8)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def _pairwise_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    if len(set(shapes)) != 1 or not shapes[0]:
        raise NoFit
    return {"p": draw(st.sampled_from([1.0, 2.0, 3.0])), "keepdim": draw(st.booleans())}


def _ref_pairwise(x1: np.ndarray, x2: np.ndarray, p: float, keepdim: bool) -> np.ndarray:
    d = _ref_distance(x1, x2, p)
    return d[..., None] if keepdim else d


def _pdist_shapes(draw: Draw, arity: int) -> Shapes:
    return ((draw(st.integers(0, 4)), draw(st.integers(1, 3))),)


def _ref_pdist(x: np.ndarray, p: float) -> np.ndarray:
    i, j = np.triu_indices(len(x), k=1)
    return (np.abs(x[i] - x[j]) ** p).sum(-1) ** (1 / p)


def _pdist_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    if len(shapes[0]) != 2:
        raise NoFit
    return {"p": draw(st.sampled_from([1.0, 2.0, 3.0]))}


def _pdist_safe(x: Any, p: float) -> bool:
    x = np.asarray(x)
    return _clear(x[:, None, :] - x[None, :, :] + np.eye(len(x))[:, :, None])


register(
    OpSpec("hinge_embedding_loss", lambda x, **kw: F.hinge_embedding_loss(x, **kw),
           _ref_hinge_embedding, domain=OFF_GRID, static=_hinge_embedding_static,
           safe=lambda x, margin, **kw: _clear(np.asarray(x) - margin),
           kinks="x = margin (margins on the GRID, inputs off it)",
           api=("nn.functional.hinge_embedding_loss", "nn.HingeEmbeddingLoss")),
    OpSpec("soft_margin_loss", lambda x, **kw: F.soft_margin_loss(x, **kw),
           lambda x, target, reduction: REDUCE[reduction](np.logaddexp(0.0, -target * x)),
           static=_soft_margin_static,
           api=("nn.functional.soft_margin_loss", "nn.SoftMarginLoss")),
    OpSpec("multilabel_margin_loss",
           lambda x, **kw: F.multilabel_margin_loss(1.05 * x, **kw), _ref_multilabel_margin,
           domain=GRID, shapes=_classes_shapes, static=_labels_static,
           safe=_multilabel_margin_safe,
           kinks="x_j - x_i = 1: drawn on the GRID and scaled by 1.05, differences keep 0.05 "
                 "from 1", api=("nn.functional.multilabel_margin_loss",
                                "nn.MultiLabelMarginLoss")),
    OpSpec("multi_margin_loss", lambda x, **kw: F.multi_margin_loss(x, **kw),
           _ref_multi_margin, domain=GRID, shapes=_classes_shapes,
           static=_multi_margin_static, safe=_multi_margin_safe,
           kinks="x_y - x_i = margin (inputs on the GRID, margins off it)",
           api=("nn.functional.multi_margin_loss", "nn.MultiMarginLoss")),
    OpSpec("cosine_embedding_loss", lambda x1, x2, target, **kw: F.cosine_embedding_loss(
               x1, x2, target, **kw), _ref_cosine_embedding, arity=2,
           domain=OFF_ZERO, shapes=_pairs_shapes, static=_cosine_embedding_static,
           kinks="cos = margin (margins outside [-1, 1]); the zero vector (OFF_ZERO)",
           api=("nn.functional.cosine_embedding_loss", "nn.CosineEmbeddingLoss")),
    OpSpec("triplet_margin_loss", _triplet, _ref_triplet, arity=3,
           domain=(GRID, OFF_GRID, OFF_GRID), shapes=_pairs_shapes,
           static=_triplet_static, safe=_triplet_safe,
           kinks="the hinge, the swap's min and |x1 - x2| at 0: see the module docstring",
           api=("nn.functional.triplet_margin_loss", "nn.TripletMarginLoss")),
    OpSpec("triplet_margin_with_distance_loss", _triplet_distance, _ref_triplet, arity=3,
           domain=(GRID, OFF_GRID, OFF_GRID), shapes=_pairs_shapes,
           static=_triplet_static, safe=_triplet_safe, kinks="as triplet_margin_loss's",
           api=("nn.functional.triplet_margin_with_distance_loss",
                "nn.TripletMarginWithDistanceLoss")),
    OpSpec("cosine_similarity", lambda x1, x2, dim: F.cosine_similarity(x1, x2, dim),
           _ref_cosine_similarity, arity=2, domain=OFF_ZERO, shapes=same(min_dims=1, min_side=1),
           static=_dim_static, safe=lambda x1, x2, dim: _clear(x1) and _clear(x2),
           kinks="the norms' floor at eps (OFF_ZERO keeps each norm >= 0.01)",
           api=("nn.functional.cosine_similarity", "nn.CosineSimilarity")),
    OpSpec("pairwise_distance", lambda x1, x2, **kw: F.pairwise_distance(x1, x2, **kw),
           _ref_pairwise, arity=2, domain=(GRID, OFF_GRID), shapes=same(min_dims=1),
           static=_pairwise_static,
           safe=lambda x1, x2, **kw: _clear(np.asarray(x1) - x2),
           kinks="|x1 - x2 + eps| at 0 (x1 on the GRID, x2 off it)",
           api=("nn.functional.pairwise_distance", "nn.PairwiseDistance")),
    OpSpec("pdist", lambda x, p: F.pdist(x, p), _ref_pdist, domain=GRID, unique=True,
           shapes=_pdist_shapes, static=_pdist_static, safe=_pdist_safe,
           kinks="|x_i - x_j| at 0 (GRID, unique: no two entries equal)",
           api=("nn.functional.pdist",)),
)
