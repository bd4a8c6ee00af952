"""Spec rows for nn's own rules (registered into autograd's table, `autograd.specs`).

Importing this module adds nn's ops to the property tests and to the random graphs that
`autograd.testing` draws. It imports hypothesis (the `dev` extra); `import nn` does not.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import (
    BOTH,
    GRID,
    KINK_MARGIN,
    OFF_GRID,
    OFF_ZERO,
    POSITIVE,
    REAL,
    Domain,
    NoFit,
    OpSpec,
    register,
    same,
)
from autograd.specs.draw import linear_shapes

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from .references import softmax_reference

PROBABILITY = Domain(low=0.05, high=0.95)  # BCE's log(p) and log(1 - p), kept finite


def _one_shape(shapes: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    """Input and target of one shape (random graphs offer others: they do not fit)."""
    if len(set(shapes)) != 1:
        raise NoFit
    return shapes[0]


def _targets(draw: Any, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    """Sometimes a weight of the input's (and the target's) shape."""
    shape = _one_shape(shapes)
    if draw(st.booleans()):
        return {"weight": draw(hnp.arrays(np.float64, shape, elements=st.floats(0.5, 2.0)))}
    return {}


def _ref_bce(p: np.ndarray, target: np.ndarray, weight: Any = None) -> np.ndarray:
    loss = -(target * np.log(p) + (1 - target) * np.log1p(-p))
    return loss if weight is None else loss * weight


register(
    OpSpec("binary_cross_entropy",  # (the target an input: differentiable, PyTorch's)
           lambda p, target, **kw: F.binary_cross_entropy(p, target, reduction="none", **kw),
           _ref_bce, arity=2, domain=PROBABILITY, static=_targets,
           kinks="log(p) at p = 0 and 1; targets in (0, 1) too (refused outside [0, 1])",
           api=("nn.functional.binary_cross_entropy",)),
)


def _logits_shapes(draw: Any, arity: int) -> tuple[tuple[int, ...]]:
    """(N, C) logits with a row and a class at least (cross_entropy's fused case), or
    (N, C, d1, ...) with up to two more axes: a row of classes per position."""
    positions = draw(st.lists(st.integers(1, 3), max_size=2))
    return ((draw(st.integers(1, 4)), draw(st.integers(1, 4)), *positions),)


def _classes(draw: Any, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    if len(shapes[0]) < 2 or shapes[0][1] == 0:  # a random graph's shape: no class to draw
        raise NoFit
    n, c, *positions = shapes[0]
    return {"target": draw(hnp.arrays(np.int64, (n, *positions),
                                      elements=st.integers(0, c - 1)))}


def _ref_cross_entropy(x: np.ndarray, target: np.ndarray) -> np.ndarray:
    rows = np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])  # a row of classes per position
    shifted = rows - rows.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return np.asarray(-log_p[np.arange(len(log_p)), target.reshape(-1)].mean())


register(
    OpSpec("cross_entropy", lambda x, **kw: F.cross_entropy(x, **kw), _ref_cross_entropy,
           shapes=_logits_shapes, static=_classes,
           api=("nn.functional.cross_entropy", "nn.CrossEntropyLoss")),
)



# smooth_l1_loss and huber_loss: inputs OFF_GRID, targets (an input too: differentiable, as
# PyTorch's) and beta (delta) on the GRID, so |input - target| keeps 0.05 from its kinks
# (beta, and 0 where beta = 0).
def _width(name: str, widths: list[float]) -> Any:
    def draw_static(draw: Any, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
        _one_shape(shapes)  # (broadcasting warns: not in random graphs)
        return {name: draw(st.sampled_from(widths))}
    return draw_static


def _ref_huber(x: np.ndarray, target: np.ndarray, delta: float) -> np.ndarray:
    d = np.abs(x - target)
    return np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))


def _ref_smooth_l1(x: np.ndarray, target: np.ndarray, beta: float) -> np.ndarray:
    return np.abs(x - target) if beta == 0 else _ref_huber(x, target, beta) / beta


def _clear_of_kinks(x: Any, target: np.ndarray, beta: float = 0.0, delta: float = 0.0
                    ) -> bool:
    d = np.abs(np.asarray(x) - target)
    kink = beta or delta  # (one of them is given)
    return bool(np.all(np.abs(d - kink) >= KINK_MARGIN) and np.all(d >= KINK_MARGIN))


def _kl_static(draw: Any, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    """log_target, and a reduction. The target is an input (POSITIVE: its derivative log(t)
    + 1 - x is nan at 0, as PyTorch's; exact zeros are tests/test_regression_losses.py's)."""
    return {"log_target": draw(st.booleans()),
            "reduction": draw(st.sampled_from(["none", "sum", "mean", "batchmean"]))}


def _ref_kl_div(x: np.ndarray, target: np.ndarray, log_target: bool,
                reduction: str) -> np.ndarray:
    if log_target:
        losses = np.exp(target) * (target - x)
    else:
        losses = np.where(target == 0, 0.0, target * np.log(np.where(target == 0, 1, target)))
        losses = losses - target * x
    if reduction == "batchmean":
        return np.sum(losses) / (x.shape[0] if x.ndim else 1)
    return {"none": losses, "sum": np.sum(losses), "mean": np.mean(losses)}[reduction]


register(
    OpSpec("smooth_l1_loss",
           lambda x, target, beta: F.smooth_l1_loss(x, target, reduction="none", beta=beta),
           _ref_smooth_l1, arity=2, domain=(OFF_GRID, GRID),
           static=_width("beta", [0.0, 0.5, 1.0, 2.0]),
           kinks="|input - target| = beta, and 0 when beta = 0 (inputs OFF_GRID, targets on it)",
           safe=_clear_of_kinks, api=("nn.functional.smooth_l1_loss", "nn.SmoothL1Loss")),
    OpSpec("huber_loss",
           lambda x, target, delta: F.huber_loss(x, target, "none", delta), _ref_huber,
           arity=2, domain=(OFF_GRID, GRID), static=_width("delta", [0.5, 1.0, 2.0]),
           kinks="|input - target| = delta (inputs OFF_GRID, targets on the GRID)",
           safe=_clear_of_kinks, api=("nn.functional.huber_loss", "nn.HuberLoss")),
    # (no empty batch: 'batchmean' of one is 0 / 0)
    OpSpec("kl_div", lambda x, target, **kw: F.kl_div(x, target, **kw), _ref_kl_div, arity=2,
           domain=(REAL, POSITIVE), shapes=same(min_side=1), static=_kl_static,
           kinks="the target's log at 0: POSITIVE targets",
           api=("nn.functional.kl_div", "nn.KLDivLoss")),
)

# ----------------------------------------------------------------------------- activations


def _given(**choices: list[Any]) -> Any:
    """A static drawer: each keyword drawn from its list of values."""
    def draw_static(draw: Any, shapes: Any) -> dict[str, Any]:
        return {key: draw(st.sampled_from(values)) for key, values in choices.items()}
    return draw_static


def _ref_elu(x: np.ndarray, alpha: float = 1.0, scale: float = 1.0,
             input_scale: float = 1.0) -> np.ndarray:
    return np.where(x > 0, scale * x, alpha * scale * np.expm1(np.minimum(x, 0) * input_scale))


def _phi(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.vectorize(math.erf, otypes=[np.float64])(x / math.sqrt(2)))


def _ref_gelu(x: np.ndarray, approximate: str) -> np.ndarray:
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    return x * _phi(x)


def _ref_softplus(x: np.ndarray, beta: float, threshold: float) -> np.ndarray:
    return np.where(x * beta > threshold, x, np.log1p(np.exp(x * beta)) / beta)


def _softplus_clear(x: Any, beta: float, threshold: float) -> bool:
    return bool(np.all(np.abs(np.asarray(x) * beta - threshold) >= KINK_MARGIN))


def _hardtanh_bounds(draw: Any, shapes: Any) -> dict[str, Any]:
    lo, hi = draw(st.sampled_from([(-1.0, 1.0), (-0.5, 2.0), (0.0, 6.0)]))  # on the GRID
    return {"min_val": lo, "max_val": hi}


def _hardtanh_clear(x: Any, min_val: float, max_val: float) -> bool:
    x = np.asarray(x)
    return bool(np.all(np.abs(x - min_val) >= KINK_MARGIN)
                and np.all(np.abs(x - max_val) >= KINK_MARGIN))


def _one_dim(draw: Any, shapes: Any) -> dict[str, Any]:
    ndim = len(shapes[0])
    return {"dim": draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))}


def _normalize_static(draw: Any, shapes: Any) -> dict[str, Any]:
    return {**_one_dim(draw, shapes), "p": draw(st.sampled_from([0.0, 1.0, 1.5, 2.0, 3.0]))}


def _ref_normalize(x: np.ndarray, dim: int, p: float) -> np.ndarray:
    axis = None if x.ndim == 0 else dim
    if p == 0:
        norm = np.sum(x != 0, axis=axis, keepdims=True)
    else:
        norm = np.sum(np.abs(x) ** p, axis=axis, keepdims=True) ** (1 / p)
    return x / np.maximum(norm, 1e-12)


SLOPES = [0.01, 0.2, -0.5, 1.5]
ALPHAS = [1.0, 0.5, 2.0]
# relu6, hardsigmoid and hardswish are drawn at 3x and 2x, so their far kinks (6, ±3) fall
# inside the drawn range: relu6(3x) has kinks at x = 0 and 2, the others at x = ±1.5.
AROUND_RELU6 = Domain(away_from=(0.0, 2.0), margin=KINK_MARGIN)
AROUND_HARD = Domain(away_from=(-1.5, 1.5), margin=KINK_MARGIN)

register(
    OpSpec("leaky_relu", lambda x, negative_slope: F.leaky_relu(x, negative_slope),
           lambda x, negative_slope: np.where(x > 0, x, negative_slope * x), BOTH,
           domain=OFF_ZERO, kinks="kink at 0", static=_given(negative_slope=SLOPES),
           api=("nn.functional.leaky_relu",)),
    OpSpec("elu", lambda x, alpha: F.elu(x, alpha), _ref_elu, BOTH, domain=OFF_ZERO,
           kinks="kink at 0 (unless alpha = 1; the second derivative jumps anyway)",
           static=_given(alpha=ALPHAS), api=("nn.functional.elu",)),
    OpSpec("selu", lambda x: F.selu(x),
           lambda x: _ref_elu(x, 1.6732632423543772848170429916717,
                              1.0507009873554804934193349852946),
           BOTH, domain=OFF_ZERO, kinks="kink at 0", api=("nn.functional.selu",)),
    OpSpec("celu", lambda x, alpha: F.celu(x, alpha),
           lambda x, alpha: _ref_elu(x, alpha, 1.0, 1 / alpha), BOTH, domain=OFF_ZERO,
           kinks="the second derivative jumps at 0", static=_given(alpha=ALPHAS),
           api=("nn.functional.celu",)),
    OpSpec("gelu", lambda x, approximate: F.gelu(x, approximate), _ref_gelu, BOTH,
           static=_given(approximate=["none", "tanh"]), api=("nn.functional.gelu",)),
    OpSpec("silu", lambda x: F.silu(x), lambda x: x / (1 + np.exp(-x)), BOTH,
           api=("nn.functional.silu",)),
    OpSpec("mish", lambda x: F.mish(x), lambda x: x * np.tanh(np.log1p(np.exp(x))), BOTH,
           api=("nn.functional.mish",)),
    OpSpec("softplus", lambda x, beta, threshold: F.softplus(x, beta, threshold),
           _ref_softplus, BOTH, domain=OFF_GRID,
           kinks="jumps where beta x = threshold (OFF_GRID keeps beta x clear of 1 and 2)",
           static=_given(beta=[1.0, 0.5, 2.0], threshold=[20.0, 1.0, 2.0]),
           safe=_softplus_clear, api=("nn.functional.softplus",)),
    OpSpec("softsign", lambda x: F.softsign(x), lambda x: x / (1 + np.abs(x)), BOTH,
           domain=OFF_ZERO, kinks="the second derivative jumps at 0",
           api=("nn.functional.softsign",)),
    OpSpec("logsigmoid", lambda x: F.logsigmoid(x), lambda x: -np.logaddexp(0.0, -x), BOTH,
           api=("nn.functional.logsigmoid",)),
    OpSpec("hardtanh", lambda x, min_val, max_val: F.hardtanh(x, min_val, max_val),
           lambda x, min_val, max_val: np.clip(x, min_val, max_val), BOTH, domain=OFF_GRID,
           kinks="at the bounds (on the GRID, so OFF_GRID keeps clear)",
           static=_hardtanh_bounds,
           safe=_hardtanh_clear, api=("nn.functional.hardtanh",)),
    OpSpec("relu6", lambda x: F.relu6(3 * x), lambda x: np.clip(3 * x, 0, 6), BOTH,
           domain=AROUND_RELU6, kinks="at 3x = 0 and 3x = 6", api=("nn.functional.relu6",)),
    OpSpec("hardsigmoid", lambda x: F.hardsigmoid(2 * x),
           lambda x: np.clip(2 * x + 3, 0, 6) / 6, BOTH, domain=AROUND_HARD,
           kinks="at 2x = ±3", api=("nn.functional.hardsigmoid",)),
    OpSpec("hardswish", lambda x: F.hardswish(2 * x),
           lambda x: 2 * x * np.clip(2 * x + 3, 0, 6) / 6, BOTH, domain=AROUND_HARD,
           kinks="at 2x = ±3", api=("nn.functional.hardswish",)),
    OpSpec("softmin", lambda x, dim: F.softmin(x, dim), lambda x, dim: softmax_reference(-x, dim),
           static=_one_dim, api=("nn.functional.softmin",)),
    OpSpec("normalize", lambda x, dim, p: F.normalize(x, p, dim), _ref_normalize,
           domain=OFF_ZERO, kinks="|x| at 0 (p = 1), and the zero vector",
           static=_normalize_static, api=("nn.functional.normalize",)),
)

# ---------------------------------------------------------------- linear maps (nn/linear.py)


def _bilinear_shapes(draw: Any, arity: int) -> tuple[tuple[int, ...], ...]:
    """input1 (..., in1), input2 (..., in2) with the same batch dims, weight (out, in1, in2),
    bias (out,)."""
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3))
    n1, n2, out = (draw(st.integers(0, 3)) for _ in range(3))
    return (batch + (n1,), batch + (n2,), (out, n1, n2), (out,))


# Not drawn in random graphs (graphs=False): F.linear is autograd.linear's node, drawn there
# by its own row, and bilinear's four operands must fit each other, which random graphs
# seldom build (its one op, einsum, is drawn there).
register(
    OpSpec("functional_linear", lambda x, w, b: F.linear(x, w, b), lambda x, w, b: x @ w.T + b,
           arity=3, shapes=linear_shapes, graphs=False, api=("nn.functional.linear",)),
    OpSpec("bilinear", lambda x1, x2, w, b: F.bilinear(x1, x2, w, b),
           lambda x1, x2, w, b: np.einsum("...i,oij,...j->...o", x1, w, x2) + b, arity=4,
           shapes=_bilinear_shapes, graphs=False, api=("nn.functional.bilinear",)),
)

# ---------------------------------------------------------------- the other families
# Each file here registers its rows when imported: conv (convolutions, fold, pooling, with
# references.py), cnn_more (3-D, more pooling), conv3d_more (conv_transpose3d, 3-D adaptive
# pooling), attention, layers (prelu, rms_norm, instance_norm, interpolate, pixel_shuffle),
# norm (normalisation, embedding), recurrent, losses (margin and embedding losses,
# distances), loss_targets (the losses differentiable in their targets), ctc, embedding_bag,
# bicubic, activations_more (threshold, the shrinks, rrelu, glu, gumbel_softmax, alpha
# dropout, local_response_norm), aliases (upsample, *_with_indices, conv_tbc).
from . import (  # noqa: E402, F401
    activations_more,
    aliases,
    attention,
    bicubic,
    cnn_more,
    conv,
    conv3d_more,
    ctc,
    embedding_bag,
    layers,
    loss_targets,
    losses,
    norm,
    recurrent,
)
