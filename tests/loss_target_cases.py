"""The cases of tests/test_nn_loss_targets.py, shared with tests/torch_reference_loss_targets.py.

The reference script runs them through PyTorch and prints its numbers
(tests/torch_numbers_loss_targets.py); it imports this file, so the two cannot drift apart.
Inputs come from numpy's seeded generator, rounded to 3 decimals (short literals), float64,
with ties and kinks placed by hand where a loss has them. Every input is a Tensor; those
named in `grads` require grad, the target among them.

    CASES        (id, F's function, inputs, grads, keyword arguments): values, first
                 derivatives (input's and target's) and, for those in SECOND, second
                 derivatives through a gradient that is differentiated again
    BROADCAST    the regression losses on (3, 1) against (4,): PyTorch's warning, the
                 gradients summed back to each shape
    DTYPES       each loss on float32 and float64 Tensors: the result's dtype
"""

from __future__ import annotations

import itertools

import numpy as np

_seeds = itertools.count(1)


def normal(*shape: int) -> np.ndarray:
    return np.round(np.random.default_rng(next(_seeds)).standard_normal(shape), 3)


def uniform(low: float, high: float, *shape: int) -> np.ndarray:
    return np.round(np.random.default_rng(next(_seeds)).uniform(low, high, shape), 3)


def output_gradient(seed: str, shape: tuple[int, ...]) -> np.ndarray:
    """The gradient fed back into an output (and, in SECOND, into each first gradient)."""
    rng = np.random.default_rng(sum(map(ord, seed)))
    return np.round(rng.standard_normal(shape), 3)


REDUCTIONS = ("mean", "sum", "none")
_ties = np.array([[0.5, -1.0, 2.0, 0.25], [1.5, 0.0, -0.75, 3.0]])  # x - t: 0, ±0.5, ±1
_tie_targets = np.array([[0.5, -0.5, 1.0, 1.25], [1.0, 1.0, -0.25, 1.0]])
_p = np.array([[0.2, 0.0, 1.0, 0.5], [0.9, 0.35, 0.6, 0.05]])  # p = 0 and 1: torch's ±inf
_q = np.array([[0.1, 0.3, 0.7, 0.5], [1.0, 0.0, 0.25, 0.8]])
_counts = np.array([[0.0, 0.5, 1.0, 2.0], [3.0, 5.0, 1.5, 0.0]])  # full: nan at 0
_kl_target = np.array([[0.0, 0.5, 0.2, 0.3], [0.25, 0.25, 0.5, 0.0]])  # nan at 0


def _each(name: str, fn: str, inputs: dict, grads: tuple[str, ...], **kwargs) -> list:
    return [(f"{name}-{r}", fn, inputs, grads, {**kwargs, "reduction": r}) for r in REDUCTIONS]


XT = ("input", "target")
CASES = [
    *_each("mse", "mse_loss", {"input": normal(2, 3), "target": normal(2, 3)}, XT),
    ("mse-weight", "mse_loss", {"input": normal(2, 3), "target": normal(2, 3),
                                "weight": uniform(0.5, 2, 2, 3)}, XT, {}),
    *_each("l1-ties", "l1_loss", {"input": _ties, "target": _tie_targets}, XT),
    ("l1-weight", "l1_loss", {"input": _ties, "target": _tie_targets,
                              "weight": uniform(0.5, 2, 2, 4)}, XT, {"reduction": "sum"}),
    *_each("smooth-l1-kinks", "smooth_l1_loss", {"input": _ties, "target": _tie_targets}, XT),
    ("smooth-l1-half", "smooth_l1_loss", {"input": _ties, "target": _tie_targets}, XT,
     {"beta": 0.5, "reduction": "none"}),
    ("smooth-l1-zero", "smooth_l1_loss", {"input": _ties, "target": _tie_targets}, XT,
     {"beta": 0.0, "reduction": "none"}),
    *_each("huber-kinks", "huber_loss", {"input": _ties, "target": _tie_targets}, XT),
    ("huber-delta-weight", "huber_loss", {"input": _ties, "target": _tie_targets,
                                          "weight": uniform(0.5, 2, 2, 4)}, XT,
     {"delta": 0.5}),
    *_each("bce", "binary_cross_entropy", {"input": _p, "target": _q}, XT),
    ("bce-weight", "binary_cross_entropy", {"input": _p, "target": _q,
                                            "weight": uniform(0.5, 2, 2, 4)}, XT, {}),
    # second derivatives inside (0, 1): at p = 0 and 1 PyTorch's double backward floors
    # p (1 - p) at a float64 1e-12, its backward at a float32 one (gradproof's, both)
    ("bce-inside", "binary_cross_entropy", {"input": uniform(0.05, 0.95, 2, 4), "target": _q,
                                            "weight": uniform(0.5, 2, 2, 4)}, XT,
     {"reduction": "sum"}),
    *_each("bce-logits", "binary_cross_entropy_with_logits",
           {"input": normal(2, 4), "target": _q}, XT),
    ("bce-logits-weights", "binary_cross_entropy_with_logits",
     {"input": normal(2, 4), "target": _q, "weight": uniform(0.5, 2, 2, 4),
      "pos_weight": uniform(0.5, 3, 4)}, XT, {"reduction": "sum"}),
    *_each("kl", "kl_div", {"input": normal(2, 4), "target": _kl_target}, XT),
    ("kl-batchmean", "kl_div", {"input": normal(2, 4), "target": _kl_target}, XT,
     {"reduction": "batchmean"}),
    *_each("kl-log-target", "kl_div", {"input": normal(2, 4), "target": normal(2, 4)}, XT,
           log_target=True),
    ("kl-log-target-batchmean", "kl_div", {"input": normal(2, 4), "target": normal(2, 4)}, XT,
     {"reduction": "batchmean", "log_target": True}),
    *_each("poisson", "poisson_nll_loss", {"input": normal(2, 4), "target": _counts}, XT),
    ("poisson-full", "poisson_nll_loss", {"input": normal(2, 4), "target": _counts}, XT,
     {"full": True, "reduction": "none"}),
    ("poisson-rate-full", "poisson_nll_loss", {"input": uniform(0.1, 3, 2, 4),
                                               "target": _counts}, XT,
     {"log_input": False, "full": True, "reduction": "sum"}),
    *_each("gaussian", "gaussian_nll_loss", {"input": normal(3, 2), "target": normal(3, 2),
                                             "var": uniform(0.2, 2, 3, 2)},
           ("input", "target", "var")),
    ("gaussian-full-row-var", "gaussian_nll_loss",
     {"input": normal(3, 2), "target": normal(3, 2), "var": uniform(0.2, 2, 3)},
     ("input", "target", "var"), {"full": True}),
    *_each("multilabel-soft", "multilabel_soft_margin_loss",
           {"input": normal(3, 4), "target": uniform(0, 1, 3, 4)}, XT),
    ("multilabel-soft-weight", "multilabel_soft_margin_loss",
     {"input": normal(3, 4), "target": uniform(0, 1, 3, 4), "weight": uniform(0.5, 2, 4)},
     XT, {"reduction": "sum"}),
    # x1 - x2 = 0.5 at the kinks of margin 0.5 (t = 1) and 0 (x1 = x2): PyTorch's clamp_min
    # passes the gradient there
    *_each("ranking", "margin_ranking_loss",
           {"input1": np.array([1.0, 0.3, -1.2, 0.7, 2.0]),
            "input2": np.array([0.5, 0.3, 0.4, -0.9, 1.5]),
            "target": np.array([1.0, -1.0, 0.5, -2.0, -1.0])},
           ("input1", "input2", "target"), margin=0.5),
    ("ranking-broadcast", "margin_ranking_loss",
     {"input1": normal(2, 3), "input2": normal(1, 3), "target": normal(2, 1)},
     ("input1", "input2", "target"), {"margin": 0.2, "reduction": "none"}),
    *_each("soft-ce", "cross_entropy", {"input": normal(3, 4), "target": uniform(0, 1, 3, 4)},
           XT),
    ("soft-ce-smoothing-weight", "cross_entropy",
     {"input": normal(3, 4), "target": uniform(0, 1, 3, 4), "weight": uniform(0.5, 2, 4)},
     XT, {"label_smoothing": 0.2}),
    ("soft-ce-positions", "cross_entropy",
     {"input": normal(2, 3, 2, 2), "target": uniform(0, 1, 2, 3, 2, 2)}, XT,
     {"label_smoothing": 0.1, "reduction": "none"}),
    ("soft-ce-one-row", "cross_entropy", {"input": normal(4), "target": uniform(0, 1, 4)}, XT,
     {}),
    # targets read as labels only: PyTorch leaves target.grad None
    ("hinge-embedding", "hinge_embedding_loss",
     {"input": np.array([1.0, 0.3, -0.5, 2.0]), "target": np.array([-1.0, 1.0, -1.0, 0.5])},
     XT, {"margin": 1.0}),
    ("cosine-embedding", "cosine_embedding_loss",
     {"input1": normal(3, 2), "input2": normal(3, 2), "target": np.array([1.0, -1.0, -1.0])},
     ("input1", "input2", "target"), {"margin": -0.5}),
    # the triplet hinge exactly at 0: PyTorch's clamp_min passes the gradient
    ("triplet-kink", "triplet_margin_loss",
     {"anchor": np.array([[0.0], [0.0]]), "positive": np.array([[1.0], [0.5]]),
      "negative": np.array([[2.0], [3.0]])}, ("anchor", "positive", "negative"),
     {"margin": 1.0, "eps": 0.0, "reduction": "sum"}),
]

# Second derivatives, PyTorch's double backward: these cases' first gradients, seeded and
# summed, differentiated again
SECOND = ("mse-mean", "smooth-l1-kinks-sum", "huber-kinks-none", "bce-inside",
          "bce-logits-weights", "kl-sum", "kl-log-target-mean", "poisson-rate-full",
          "gaussian-full-row-var", "multilabel-soft-weight", "soft-ce-smoothing-weight",
          "ranking-none")

BROADCAST = ("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss")
BROADCAST_INPUTS = {"input": normal(3, 1), "target": normal(4)}

# id: lambda lib, f, a, b: a loss (lib is torch or autograd, f their nn.functional)
DTYPES = {
    "mse_loss": lambda lib, f, a, b: f.mse_loss(a, b),
    "l1_loss": lambda lib, f, a, b: f.l1_loss(a, b),
    "smooth_l1_loss": lambda lib, f, a, b: f.smooth_l1_loss(a, b),
    "huber_loss": lambda lib, f, a, b: f.huber_loss(a, b),
    "binary_cross_entropy_with_logits":
        lambda lib, f, a, b: f.binary_cross_entropy_with_logits(a, b.sigmoid()),
    "kl_div": lambda lib, f, a, b: f.kl_div(a, b.sigmoid()),
    "kl_div-log_target": lambda lib, f, a, b: f.kl_div(a, b, log_target=True),
    "poisson_nll_loss": lambda lib, f, a, b: f.poisson_nll_loss(a, b.abs()),
    "poisson_nll_loss-full": lambda lib, f, a, b: f.poisson_nll_loss(a, b.abs() * 3, full=True),
    "gaussian_nll_loss": lambda lib, f, a, b: f.gaussian_nll_loss(a, b, lib.ones_like(a)),
    "gaussian_nll_loss-var": lambda lib, f, a, b: f.gaussian_nll_loss(a, a, b.abs()),
    "multilabel_soft_margin_loss":
        lambda lib, f, a, b: f.multilabel_soft_margin_loss(a, b.sigmoid()),
    "margin_ranking_loss": lambda lib, f, a, b: f.margin_ranking_loss(a, a * 2, b.sign()),
    "hinge_embedding_loss": lambda lib, f, a, b: f.hinge_embedding_loss(a, b.sign()),
    "soft_margin_loss": lambda lib, f, a, b: f.soft_margin_loss(a, b.sign()),
    "cross_entropy": lambda lib, f, a, b: f.cross_entropy(a[None], b.softmax(-1)[None]),
    "cosine_embedding_loss": lambda lib, f, a, b: f.cosine_embedding_loss(
        a[None], a[None], lib.ones_like(b[:1])),
}
# (input dtype, target dtype, target shape): the target 0-d last (a 0-d Tensor is weak
# against one with dims, unless the loss broadcasts first, as mse_loss does)
DTYPE_PAIRS = (("float32", "float64", (3,)), ("float64", "float32", (3,)),
               ("float32", "float64", ()))
NEEDS_DIMS = ("cross_entropy", "cosine_embedding_loss", "binary_cross_entropy_with_logits",
              "margin_ranking_loss")


def dtype_inputs(input_dtype: str, target_dtype: str, shape: tuple[int, ...]
                 ) -> tuple[np.ndarray, np.ndarray]:
    target = np.array([0.1, 0.4, -0.6]) if shape else np.array(0.4)
    return np.array([0.3, -0.2, 0.5], input_dtype), target.astype(target_dtype)
