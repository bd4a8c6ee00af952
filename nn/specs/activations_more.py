"""Spec rows for nn/activation/activations_more.py (threshold, hardshrink, softshrink, tanhshrink,
rrelu,
glu, channel_shuffle, gumbel_softmax), nn/dropouts/dropout_alpha.py and
nn/norm/local_response_norm.py:
as nn/specs/__init__.py's, checked by tests/test_ops.py against the references here, each the
definition written out in numpy.

The random functions have rows with their draws fixed: each call gets a new generator of
the drawn seed, so the function is deterministic, and the reference draws the same numbers
(gumbel_softmax's noise, alpha dropout's mask). rrelu's row is its evaluation mode: its
training mode reads its input's signs to place its random slopes, which an export cannot
follow (tests/test_nn_functional_more.py checks its slopes and gradients).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import BOTH, KINK_MARGIN, OFF_GRID, OFF_ZERO, NoFit, OpSpec, register, same

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from ..dropouts.dropout_alpha import ALPHA
from .references import softmax_reference

Draw = Any
Shapes = tuple[tuple[int, ...], ...]


def _given(**choices: list[Any]) -> Any:
    """A static drawer: each keyword drawn from its list of values."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        return {key: draw(st.sampled_from(values)) for key, values in choices.items()}
    return draw_static


def _clear_of(*points: Any) -> Any:
    """For random graphs: x at least KINK_MARGIN from each point (functions of the static
    arguments)."""
    def safe(x: Any, **kw: Any) -> bool:
        x = np.asarray(x)
        return all(bool(np.all(np.abs(x - p(**kw)) >= KINK_MARGIN)) for p in points)
    return safe


# ---------------------------------------------------------------- pointwise activations
# The bounds (threshold, ±lambd) are on the GRID and inputs OFF_GRID: never at a jump.

THRESHOLDS = [0.0, 0.5, -1.0]
LAMBDS = [0.5, 1.0, 0.0]


def _ref_threshold(x: Any, threshold: float, value: float) -> Any:
    return np.where(x <= threshold, value, x)


def _ref_hardshrink(x: Any, lambd: float) -> Any:
    return np.where((x >= -lambd) & (x <= lambd), 0.0, x)


def _ref_softshrink(x: Any, lambd: float) -> Any:
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0))


def _ref_rrelu(x: Any, lower: float, upper: float) -> Any:
    return np.where(x > 0, x, (lower + upper) / 2 * x)


register(
    OpSpec("threshold", lambda x, threshold, value: F.threshold(x, threshold, value),
           _ref_threshold, BOTH, domain=OFF_GRID, kinks="a jump at x = threshold (on the GRID)",
           static=_given(threshold=THRESHOLDS, value=[-3.0, 0.0, 2.0]),
           safe=_clear_of(lambda threshold, value: threshold),
           api=("nn.functional.threshold", "nn.Threshold")),
    OpSpec("hardshrink", lambda x, lambd: F.hardshrink(x, lambd), _ref_hardshrink, BOTH,
           domain=OFF_GRID, kinks="jumps at x = ±lambd (on the GRID)",
           static=_given(lambd=[*LAMBDS, -0.5]),
           safe=_clear_of(lambda lambd: lambd, lambda lambd: -lambd),
           api=("nn.functional.hardshrink", "nn.Hardshrink")),
    OpSpec("softshrink", lambda x, lambd: F.softshrink(x, lambd), _ref_softshrink, BOTH,
           domain=OFF_GRID, kinks="kinks at x = ±lambd (on the GRID)", static=_given(lambd=LAMBDS),
           safe=_clear_of(lambda lambd: lambd, lambda lambd: -lambd),
           api=("nn.functional.softshrink", "nn.Softshrink")),
    OpSpec("tanhshrink", lambda x: F.tanhshrink(x), lambda x: x - np.tanh(x), BOTH,
           api=("nn.functional.tanhshrink", "nn.Tanhshrink")),
    OpSpec("rrelu_eval", lambda x, lower, upper: F.rrelu(x, lower, upper), _ref_rrelu, BOTH,
           domain=OFF_ZERO, kinks="kink at 0",
           static=lambda draw, shapes: dict(zip(("lower", "upper"), draw(st.sampled_from(
               [(1 / 8, 1 / 3), (0.0, 0.5), (-1.0, 2.0), (0.3, 0.3)])), strict=True)),
           api=("nn.functional.rrelu", "nn.RReLU")),
)


# ------------------------------------------------------------------- glu, channel_shuffle


def _glu_shapes(draw: Draw, arity: int) -> Shapes:
    """1 to 3 axes, one of them of even size (0, 2 or 4): the one glu halves."""
    shape = list(draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3)))
    shape[draw(st.integers(0, len(shape) - 1))] = draw(st.sampled_from([0, 2, 4]))
    return (tuple(shape),)


def _glu_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    even = [d for d, n in enumerate(shape) if n % 2 == 0]
    if not even:
        raise NoFit
    dim = draw(st.sampled_from(even))
    return {"dim": dim - len(shape) if draw(st.booleans()) else dim}


def _ref_glu(x: np.ndarray, dim: int) -> np.ndarray:
    a, b = np.split(x, 2, axis=dim)
    return a / (1 + np.exp(-b))


def _shuffle_shapes(draw: Draw, arity: int) -> Shapes:
    """(N, C, *) with C a product groups x per-group, 1 or 2 more axes."""
    channels = draw(st.integers(1, 3)) * draw(st.integers(1, 2))
    rest = tuple(draw(st.integers(0, 2)) for _ in range(draw(st.integers(1, 2))))
    return ((draw(st.integers(1, 2)), channels, *rest),)


def _shuffle_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) < 3 or shape[1] == 0:
        raise NoFit
    return {"groups": draw(st.sampled_from([g for g in range(1, shape[1] + 1)
                                            if shape[1] % g == 0]))}


def _ref_channel_shuffle(x: np.ndarray, groups: int) -> np.ndarray:
    n, c, *rest = x.shape
    order = np.arange(c).reshape(groups, c // groups).T.reshape(-1)  # new channel -> old
    return x[:, order]


register(
    OpSpec("glu", lambda x, dim: F.glu(x, dim), _ref_glu, shapes=_glu_shapes,
           static=_glu_static, api=("nn.functional.glu", "nn.GLU")),
    OpSpec("channel_shuffle", lambda x, groups: F.channel_shuffle(x, groups),
           _ref_channel_shuffle, shapes=_shuffle_shapes, static=_shuffle_static, graphs=False,
           api=("nn.functional.channel_shuffle", "nn.functional.native_channel_shuffle",
                "nn.ChannelShuffle")),
)


# ---------------------------------------------------------- random, with fixed draws


def _gumbel_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = len(shapes[0])
    return {"tau": draw(st.sampled_from([1.0, 0.5, 2.0])),
            "dim": draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1)),
            "seed": draw(st.integers(0, 2**16))}


def _gumbel(x: Any, tau: float, dim: int, seed: int) -> Any:
    return F.gumbel_softmax(x, tau, dim=dim, generator=np.random.default_rng(seed))


def _ref_gumbel(x: np.ndarray, tau: float, dim: int, seed: int) -> np.ndarray:
    noise = -np.log(np.random.default_rng(seed).standard_exponential(x.shape))
    return softmax_reference((x + noise) / tau, dim)


def _dropout_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    return {"p": draw(st.sampled_from([0.2, 0.5, 0.9, 1.0])), "seed": draw(st.integers(0, 2**16))}


def _ref_alpha_dropout(feature: bool) -> Any:
    def ref(x: np.ndarray, p: float, seed: int) -> np.ndarray:
        if p == 1 or x.size == 0:
            return x * 0.0
        shape = x.shape[:2] + (1,) * (x.ndim - 2) if feature else x.shape
        keep = np.random.default_rng(seed).random(shape) >= p
        a = 1 / math.sqrt((ALPHA**2 * p + 1) * (1 - p))
        return np.where(keep, a * x + ALPHA * a * p, -ALPHA * a + ALPHA * a * p)
    return ref


register(
    OpSpec("gumbel_softmax", _gumbel, _ref_gumbel, static=_gumbel_static,
           api=("nn.functional.gumbel_softmax",)),
    OpSpec("alpha_dropout",
           lambda x, p, seed: F.alpha_dropout(x, p, True, generator=np.random.default_rng(seed)),
           _ref_alpha_dropout(False), static=_dropout_static,
           api=("nn.functional.alpha_dropout", "nn.AlphaDropout")),
    OpSpec("feature_alpha_dropout",
           lambda x, p, seed: F.feature_alpha_dropout(x, p, True,
                                                      generator=np.random.default_rng(seed)),
           _ref_alpha_dropout(True), shapes=same(min_dims=2), static=_dropout_static,
           graphs=False, api=("nn.functional.feature_alpha_dropout", "nn.FeatureAlphaDropout")),
)


# ------------------------------------------------------------------ local_response_norm


def _lrn_shapes(draw: Draw, arity: int) -> Shapes:
    """(N, C, *) with 1 to 3 position axes, small."""
    spatial = [draw(st.integers(1, 2)) for _ in range(draw(st.integers(1, 3)))]
    return ((draw(st.integers(1, 2)), draw(st.integers(1, 4)), *spatial),)


def _lrn_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) < 3 or 0 in shape:
        raise NoFit
    return {"size": draw(st.integers(1, shape[1] + 2)),
            "alpha": draw(st.sampled_from([1e-4, 0.5, 2.0])),
            "beta": draw(st.sampled_from([0.75, 0.5, 1.0])),
            "k": draw(st.sampled_from([1.0, 2.0]))}


def _ref_lrn(x: np.ndarray, size: int, alpha: float, beta: float, k: float) -> np.ndarray:
    c = x.shape[1]
    square = x * x
    total = np.zeros_like(x)
    for i in range(c):  # the channels from i - size // 2 to i + (size - 1) // 2, clipped
        lo, hi = max(i - size // 2, 0), min(i + (size - 1) // 2, c - 1)
        total[:, i] = square[:, lo:hi + 1].sum(axis=1)
    return x / (k + alpha * total / size) ** beta


register(
    OpSpec("local_response_norm", lambda x, **kw: F.local_response_norm(x, **kw), _ref_lrn,
           shapes=_lrn_shapes, static=_lrn_static, graphs=False,
           api=("nn.functional.local_response_norm", "nn.LocalResponseNorm")),
)
