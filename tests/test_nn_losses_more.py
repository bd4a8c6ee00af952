"""PyTorch's remaining losses and distances (nn/loss/margin_losses.py, nn/loss/distances.py, their
modules in nn/loss/losses_more.py) against PyTorch's numbers (tests/torch_numbers_losses.py,
printed by tests/torch_reference_losses.py: each case's inputs, output and input gradients
after backward of a fixed output gradient), every reduction and option; then the modules
(arguments, reprs, buffers), PyTorch's refusals, and the ONNX export.

Values and first and second derivatives on random inputs are the spec rows'
(nn/specs/losses.py, run by tests/test_ops.py).
"""

import numpy as np
import pytest
from onnx_helpers import run as run_onnx
from torch_numbers_losses import (
    TORCH_COSINE_EMBEDDING,
    TORCH_DISTANCES,
    TORCH_GAUSSIAN,
    TORCH_HINGE_EMBEDDING,
    TORCH_MULTI_MARGIN,
    TORCH_MULTILABEL_MARGIN,
    TORCH_MULTILABEL_SOFT,
    TORCH_POISSON,
    TORCH_RANKING,
    TORCH_SOFT_MARGIN,
    TORCH_TRIPLET,
)

import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-12, "atol": 1e-13}
FLOAT32 = {"rtol": 2e-6, "atol": 2e-6}  # a few float32 ulps: sums in another order

DISTANCES = {  # as tests/torch_reference_losses.py's
    "cosine": lambda a, b: 1 - F.cosine_similarity(a, b, dim=-1),
    "l1": lambda a, b: (a - b).abs().sum(-1),
}


def run_case(fn, case):
    """fn on the case's inputs (those in `grads` as Tensors that require grad, the others,
    targets and weights, as arrays of their own dtype), then backward of the case's output
    gradient: the output and every gradient against PyTorch's."""
    given = {k: np.asarray(v, case["dtypes"][k]) for k, v in case["inputs"].items()}
    args = {k: Tensor(v, requires_grad=True) if k in case["grads"] else v
            for k, v in given.items()}
    kwargs = dict(case["kwargs"])
    if "distance_function" in kwargs:
        kwargs["distance_function"] = DISTANCES[kwargs["distance_function"]]
    out = fn(**args, **kwargs)
    dtype = np.dtype(case["dtypes"][case["grads"][0]])
    out.backward(np.asarray(case["grad_output"], dtype))
    tolerance = TIGHT if dtype == np.float64 else FLOAT32
    for got, expected in [(out, case["out"])] + [
            (args[k].grad, case[f"grad_{k}"]) for k in case["grads"]]:
        got = np.asarray(got.data if isinstance(got, Tensor) else got)
        assert got.dtype == dtype
        assert got.shape == np.shape(expected)
        np.testing.assert_allclose(got, np.asarray(expected, dtype), **tolerance)
    return out


TABLES = [
    (F.poisson_nll_loss, TORCH_POISSON), (F.gaussian_nll_loss, TORCH_GAUSSIAN),
    (F.margin_ranking_loss, TORCH_RANKING), (F.hinge_embedding_loss, TORCH_HINGE_EMBEDDING),
    (F.soft_margin_loss, TORCH_SOFT_MARGIN),
    (F.multilabel_soft_margin_loss, TORCH_MULTILABEL_SOFT),
    (F.multilabel_margin_loss, TORCH_MULTILABEL_MARGIN),
    (F.multi_margin_loss, TORCH_MULTI_MARGIN),
    (F.cosine_embedding_loss, TORCH_COSINE_EMBEDDING),
]
CASES = [(fn, name, case) for fn, table in TABLES for name, case in table.items()]
CASES += [(F.triplet_margin_with_distance_loss if name.startswith("distance")
           else F.triplet_margin_loss, name, case) for name, case in TORCH_TRIPLET.items()]
CASES += [({"cos": F.cosine_similarity, "pd": F.pairwise_distance,
            "pdist": F.pdist}[name.split("-")[0]], name, case)
          for name, case in TORCH_DISTANCES.items()]


@pytest.mark.parametrize(("fn", "case"), [(fn, case) for fn, _, case in CASES],
                         ids=[f"{fn.__name__}-{name}" for fn, name, _ in CASES])
def test_pytorchs_values_and_input_gradients(fn, case):
    run_case(fn, case)


# --------------------------------------------------------------------------- the modules

MODULES = [  # (module, its function, the TORCH case it runs, the settings it takes)
    (nn.PoissonNLLLoss, F.poisson_nll_loss, TORCH_POISSON["rate-full-eps"]),
    (nn.GaussianNLLLoss, F.gaussian_nll_loss, TORCH_GAUSSIAN["eps"]),
    (nn.MarginRankingLoss, F.margin_ranking_loss, TORCH_RANKING["margin"]),
    (nn.HingeEmbeddingLoss, F.hinge_embedding_loss, TORCH_HINGE_EMBEDDING["margin"]),
    (nn.SoftMarginLoss, F.soft_margin_loss, TORCH_SOFT_MARGIN["none"]),
    (nn.MultiLabelSoftMarginLoss, F.multilabel_soft_margin_loss,
     TORCH_MULTILABEL_SOFT["weight"]),
    (nn.MultiLabelMarginLoss, F.multilabel_margin_loss, TORCH_MULTILABEL_MARGIN["sum"]),
    (nn.MultiMarginLoss, F.multi_margin_loss, TORCH_MULTI_MARGIN["weight-p2-mean"]),
    (nn.CosineEmbeddingLoss, F.cosine_embedding_loss, TORCH_COSINE_EMBEDDING["margin"]),
    (nn.TripletMarginLoss, F.triplet_margin_loss, TORCH_TRIPLET["p3-eps-margin"]),
    (nn.TripletMarginWithDistanceLoss, F.triplet_margin_with_distance_loss,
     TORCH_TRIPLET["distance-l1"]),
    (nn.CosineSimilarity, F.cosine_similarity, TORCH_DISTANCES["cos-dim0-eps"]),
    (nn.PairwiseDistance, F.pairwise_distance, TORCH_DISTANCES["pd-p1-keepdim"]),
]
INPUTS = ("input", "input1", "input2", "anchor", "positive", "negative", "x1",
          "x2", "target", "var")


@pytest.mark.parametrize(("module", "case"), [(m, c) for m, _, c in MODULES],
                         ids=[m.__name__ for m, _, _ in MODULES])
def test_modules_give_pytorchs_numbers_and_print_as_pytorchs(module, case):
    settings = {k: v for k, v in {**case["inputs"], **case["kwargs"]}.items()
                if k not in INPUTS}
    if "distance_function" in settings:
        settings["distance_function"] = DISTANCES[settings["distance_function"]]
    layer = module(**settings)
    names = [k for k in INPUTS if k in case["inputs"]]  # (forward's order)

    def call(**inputs):
        return layer(*(inputs[k] for k in names))
    run_case(call, {**case, "kwargs": {}, "inputs": {k: case["inputs"][k] for k in names}})
    assert repr(layer).startswith(f"{module.__name__}()") or module.__name__.startswith(
        "TripletMarginWithDistance")


def test_weights_are_buffers_as_pytorchs():
    loss = nn.MultiMarginLoss(weight=[1.0, 2.0, 3.0])
    assert list(loss.state_dict()) == ["weight"] and not list(loss.parameters())
    assert loss.double().weight.dtype == np.float64
    assert list(nn.MultiLabelSoftMarginLoss().state_dict()) == []
    assert repr(nn.MultiLabelSoftMarginLoss(weight=[1.0])) == "MultiLabelSoftMarginLoss()"


def test_triplet_with_distance_keeps_a_module_distance_as_pytorchs_repr():
    assert repr(nn.TripletMarginWithDistanceLoss()) == (
        "TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)")
    assert repr(nn.TripletMarginLoss(margin=2.0, swap=True)) == "TripletMarginLoss()"


# --------------------------------------------------------------------- PyTorch's refusals

X = Tensor(np.arange(6.0).reshape(2, 3) / 4, requires_grad=True)


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: F.poisson_nll_loss(X, np.zeros(4)), ValueError, "do not broadcast"),
    (lambda: F.poisson_nll_loss(X, np.zeros(3), reduction="bad"), ValueError, "reduction"),
    (lambda: F.gaussian_nll_loss(X, X.data, np.ones(3)), ValueError, "var is of incorrect"),
    (lambda: F.gaussian_nll_loss(X, X.data, np.ones(1)), ValueError, "incorrect size"),
    (lambda: F.gaussian_nll_loss(X, X.data, np.ones((1, 1))), ValueError, "incorrect size"),
    (lambda: F.gaussian_nll_loss(X, X.data, -np.ones((2, 3))), ValueError, "negative"),
    (lambda: F.gaussian_nll_loss(X, X.data, -1.0), ValueError, "negative"),
    (lambda: F.gaussian_nll_loss(X, X.data, 1.0, reduction="bad"), ValueError, "reduction"),
    (lambda: F.margin_ranking_loss(X, X, np.ones(3)), ValueError, "same number of dims"),
    (lambda: F.multilabel_soft_margin_loss(Tensor(1.0), 1.0), ValueError, "class dim"),
    (lambda: F.multilabel_margin_loss(X, [[0, 1, -1]]), ValueError, "target of its shape"),
    (lambda: F.multilabel_margin_loss(X, [[0, 1, -1], [2, -1, 5]]), ValueError,
     "out of range"),
    (lambda: F.multilabel_margin_loss(X, [[0, 1, -2], [2, -1, 0]]), ValueError,
     "out of range"),
    (lambda: F.multilabel_margin_loss(X.reshape(1, 2, 3), np.zeros((1, 2, 3), int)),
     ValueError, "(C,) or (N, C)"),
    (lambda: F.multi_margin_loss(X, [0, 2], p=3), ValueError, "p must be 1 or 2"),
    (lambda: F.multi_margin_loss(X, [0, 3]), ValueError, "target out of range"),
    (lambda: F.multi_margin_loss(X, [0, 2, 1]), ValueError, "one class index per sample"),
    (lambda: F.multi_margin_loss(X, [0, 2], weight=np.ones(4)), ValueError, "weight"),
    (lambda: F.multi_margin_loss(X, [0, 2], weight=np.ones((1, 3))), ValueError,
     "one-dimensional"),
    (lambda: F.multi_margin_loss(X, [0.5, 2]), ValueError, "class indices"),
    (lambda: F.cosine_embedding_loss(X, X, np.ones(3)), ValueError, "target has 3"),
    (lambda: F.cosine_embedding_loss(X[0], X[0], np.ones(1)), ValueError, "multi-target"),
    (lambda: F.cosine_embedding_loss(X, np.ones((2, 4)), np.ones(2)), ValueError,
     "broadcast"),
    (lambda: F.triplet_margin_loss(X, X, X[0]), ValueError, "same number of dimensions"),
    (lambda: F.triplet_margin_loss(X, X, X, margin=0), ValueError, "greater than 0"),
    (lambda: F.triplet_margin_with_distance_loss(X, X, X, margin=-1), ValueError,
     "greater than 0"),
    (lambda: F.triplet_margin_with_distance_loss(X, X, X, distance_function=3), TypeError,
     "distance_function"),
    (lambda: nn.TripletMarginWithDistanceLoss(margin=0), ValueError, "greater than 0"),
    (lambda: nn.MultiMarginLoss(p=3), ValueError, "p must be 1 or 2"),
    (lambda: F.cosine_similarity(X, X, dim=2), IndexError, "out of range"),
    (lambda: F.cosine_similarity(X, X, eps=-1), ValueError, "non-negative"),
    (lambda: F.cosine_similarity(X, np.ones(4)), ValueError, "do not broadcast"),
    (lambda: F.pairwise_distance(X, np.ones(4)), ValueError, "do not broadcast"),
    (lambda: F.pdist(X[0]), ValueError, "2-D"),
    (lambda: F.pdist(X, p=-1), ValueError, "non-negative"),
])
def test_pytorchs_refusals_name_the_function(call, error, words):
    with pytest.raises(error, match=None) as info:
        call()
    assert words in str(info.value)


def test_what_pytorch_takes():
    """A float var, a negative eps, p = 0 and p < 0 for distances, an empty pdist, a
    target that is neither 1 nor -1 (PyTorch gives it both terms)."""
    assert F.gaussian_nll_loss(X, X.data, 1.0).item() == 0.0
    F.poisson_nll_loss(X, X.data, eps=-1.0)
    np.testing.assert_allclose(F.pairwise_distance(X, X, p=0).data, [3.0, 3.0])
    assert F.pdist(Tensor(np.ones((1, 3)))).shape == (0,)
    assert F.cosine_similarity(Tensor(np.ones((2, 0))), Tensor(np.ones((2, 0)))).shape == (2,)
    assert F.hinge_embedding_loss(Tensor([0.5]), [0.5], reduction="sum").item() == 1.0


# ------------------------------------------------------------------------------ ONNX

EXPORTED = [
    ("poisson", lambda x: F.poisson_nll_loss(x, np.full((2, 3), 2.0), full=True)),
    ("poisson_rate", lambda x: F.poisson_nll_loss(x * x + 0.1, np.full((2, 3), 2.0), False)),
    ("gaussian", lambda x: F.gaussian_nll_loss(x, np.zeros((2, 3)), x * x, full=True)),
    ("ranking", lambda x: F.margin_ranking_loss(x, x * 0.5, np.array([[1.0], [-1.0]]), 0.1)),
    ("hinge_embedding", lambda x: F.hinge_embedding_loss(x, np.array([1.0, -1.0, -1.0]))),
    ("soft_margin", lambda x: F.soft_margin_loss(x, np.array([1.0, -1.0, 1.0]))),
    ("multilabel_soft", lambda x: F.multilabel_soft_margin_loss(x, np.ones((2, 3)),
                                                                 np.ones(3))),
    ("multilabel_margin", lambda x: F.multilabel_margin_loss(x, np.array([[2, -1, 0],
                                                                          [0, 1, -1]]))),
    ("multi_margin", lambda x: F.multi_margin_loss(x, [0, 2], p=2, weight=[1.0, 2.0, 3.0])),
    ("cosine_embedding", lambda x: F.cosine_embedding_loss(x, x + 1, np.array([1.0, -1.0]))),
    ("triplet", lambda x: F.triplet_margin_loss(x, x * 2, x - 1, swap=True)),
    ("triplet_distance", lambda x: F.triplet_margin_with_distance_loss(x, x * 2, x - 1)),
    ("cosine_similarity", lambda x: F.cosine_similarity(x, x * x)),
    ("pairwise_distance", lambda x: F.pairwise_distance(x, -x, p=3.0)),
    ("pdist", lambda x: F.pdist(x)),
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("name", "fn"), EXPORTED, ids=[name for name, _ in EXPORTED])
def test_each_exports_to_onnx_with_gradproofs_numbers(name, fn, dtype):
    x = (np.arange(6.0).reshape(2, 3) / 5 - 0.3).astype(dtype)
    proto = nn.export_onnx(fn, x, None)
    other = (np.arange(6.0)[::-1].reshape(2, 3) / 3 - 0.7).astype(dtype)
    for data in (x, other):
        np.testing.assert_allclose(run_onnx(proto, data)[0], fn(Tensor(data)).data,
                                   rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-6)
