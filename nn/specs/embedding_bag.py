"""Spec rows for F.embedding_bag (nn/sequence/embedding_bag.py), one per rule: sum and mean
(`bag_sum`), max (`bag_max`, its weights drawn unique on GRID: a tie is a kink), and sum
with per_sample_weights (both gradients checked). Values against a reference that walks the
bags one by one, gradients against central differences.

The bags are drawn as the function takes them: a 2-D input, or a 1-D one cut by offsets
(empty bags included, include_last_offset either way), with or without a padding_idx (its
entries leave their bags, so a bag may be left empty: zeros). padding_idx is fair game here,
unlike F.embedding's: the padding row is in no bag, so its zero gradient is the derivative.
scale_grad_by_freq and max_norm are not drawn: the first scales the gradient by decree, the
second changes the weight in place (tests/test_nn_embedding_bag.py checks both).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import GRID, KINK_MARGIN, REAL, NoFit, OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)

Draw = Any
Shapes = tuple[tuple[int, ...], ...]


def _weight_shape(draw: Draw) -> tuple[int, int]:
    return draw(st.integers(1, 4)), draw(st.integers(1, 3))


def _input_shape(draw: Draw) -> tuple[int, ...]:
    """(B, L) bags of L, or (N,) to cut by offsets."""
    if draw(st.booleans()):
        return draw(st.integers(0, 3)), draw(st.integers(0, 3))
    return (draw(st.integers(0, 6)),)


def _bags(draw: Draw, weight: tuple[int, ...], given: tuple[int, ...]) -> dict[str, Any]:
    """The input (indices of `given` shape), offsets for a 1-D one, and a padding_idx."""
    if len(weight) != 2 or weight[0] == 0 or len(given) not in (1, 2):
        raise NoFit
    rows = weight[0]
    kw: dict[str, Any] = {"input": draw(hnp.arrays(np.int64, given,
                                                   elements=st.integers(0, rows - 1)))}
    if len(given) == 1:
        cuts = sorted(draw(st.lists(st.integers(0, given[0]), max_size=3)))
        kw["include_last_offset"] = draw(st.booleans())
        kw["offsets"] = np.array([0, *cuts] + ([given[0]] if kw["include_last_offset"] else []))
    if draw(st.booleans()):
        kw["padding_idx"] = draw(st.integers(-rows, rows - 1))
    return kw


def _shapes(draw: Draw, arity: int) -> Shapes:
    return (_weight_shape(draw),)


def _static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {**_bags(draw, shapes[0], _input_shape(draw)),
            "mode": draw(st.sampled_from(["sum", "mean"]))}


def _max_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {**_bags(draw, shapes[0], _input_shape(draw)), "mode": "max"}


def _weighted_shapes(draw: Draw, arity: int) -> Shapes:
    """The weight, and per_sample_weights of the input's shape."""
    return _weight_shape(draw), _input_shape(draw)


def _weighted_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return _bags(draw, shapes[0], shapes[1])


def ref_embedding_bag(w: np.ndarray, input: np.ndarray, offsets: Any = None,  # noqa: A002
                      mode: str = "mean", per_sample_weights: Any = None,
                      include_last_offset: bool = False, padding_idx: Any = None
                      ) -> np.ndarray:
    """Bag by bag: the rows named (padding's left out), weighed, summed, averaged or
    maximised per column; an empty bag is zeros."""
    flat = np.ravel(input)
    a = np.ones(flat.size) if per_sample_weights is None else np.ravel(per_sample_weights)
    if offsets is None:  # (B, L): bag b is entries b L .. b L + L - 1
        length = np.shape(input)[1]
        bounds = [(b * length, b * length + length) for b in range(np.shape(input)[0])]
    else:
        starts = list(offsets[:-1] if include_last_offset else offsets)
        bounds = list(zip(starts, starts[1:] + [flat.size], strict=True))
    padding = None if padding_idx is None else padding_idx % w.shape[0]
    out = np.zeros((len(bounds), w.shape[1]))
    for b, (start, end) in enumerate(bounds):
        taken = [k for k in range(start, end) if flat[k] != padding]
        if not taken:
            continue
        rows = np.array([w[flat[k]] * a[k] for k in taken])
        out[b] = {"sum": rows.sum, "mean": rows.mean, "max": rows.max}[mode](axis=0)
    return out


def _ref_weighted(w: np.ndarray, a: np.ndarray, **kw: Any) -> np.ndarray:
    return ref_embedding_bag(w, per_sample_weights=a, mode="sum", **kw)


def _clear_of_ties(w: Any, **kw: Any) -> bool:
    """For random graphs: no two weights within KINK_MARGIN (a tie in mode='max' is a
    kink)."""
    values = np.sort(np.ravel(w))
    return bool(np.all(np.diff(values) >= KINK_MARGIN))


register(
    OpSpec("embedding_bag", lambda w, **kw: F.embedding_bag(weight=w, **kw),
           ref_embedding_bag, shapes=_shapes, static=_static,
           api=("nn.functional.embedding_bag", "nn.EmbeddingBag")),
    OpSpec("embedding_bag_max", lambda w, **kw: F.embedding_bag(weight=w, **kw),
           ref_embedding_bag, domain=GRID, unique=True, shapes=_shapes, static=_max_static,
           kinks="a tie in a bag's column (the weight's values drawn unique on GRID)",
           safe=_clear_of_ties, api=("nn.functional.embedding_bag", "nn.EmbeddingBag")),
    # (weight, per_sample_weights) must fit the drawn input: not drawn in random graphs
    OpSpec("embedding_bag_per_sample_weights",
           lambda w, a, **kw: F.embedding_bag(weight=w, per_sample_weights=a, mode="sum",
                                              **kw),
           _ref_weighted, arity=2, domain=(REAL, REAL), shapes=_weighted_shapes,
           static=_weighted_static, graphs=False,
           api=("nn.functional.embedding_bag", "nn.EmbeddingBag")),
)
