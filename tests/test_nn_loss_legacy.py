"""Every loss takes PyTorch's arguments at PyTorch's positions, the deprecated size_average
and reduce among them (nn/loss/loss_legacy.py), and they mean what they mean in PyTorch.

The signatures below are torch 2.13's, as inspect.signature shows them (annotations left
out), written in by hand: PyTorch is not a test dependency. The numbers are PyTorch 2.13's
in float64 (torch.nn.functional with the same inputs), written in as repr floats.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from error_calls_nn import F_CALLS, LAYER_CALLS
from error_sweep import invoke, parameters

import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)

LOSS_MODULES = {  # torch.nn.X.__init__, after self
    "BCELoss": "weight=None, size_average=None, reduce=None, reduction='mean'",
    "BCEWithLogitsLoss": "weight=None, size_average=None, reduce=None, reduction='mean', "
                         "pos_weight=None",
    "CTCLoss": "blank=0, reduction='mean', zero_infinity=False",
    "CosineEmbeddingLoss": "margin=0.0, size_average=None, reduce=None, reduction='mean'",
    "CrossEntropyLoss": "weight=None, size_average=None, ignore_index=-100, reduce=None, "
                        "reduction='mean', label_smoothing=0.0",
    "GaussianNLLLoss": "*, full=False, eps=1e-06, reduction='mean'",
    "HingeEmbeddingLoss": "margin=1.0, size_average=None, reduce=None, reduction='mean'",
    "HuberLoss": "reduction='mean', delta=1.0",
    "KLDivLoss": "size_average=None, reduce=None, reduction='mean', log_target=False",
    "L1Loss": "size_average=None, reduce=None, reduction='mean'",
    "MSELoss": "size_average=None, reduce=None, reduction='mean'",
    "MarginRankingLoss": "margin=0.0, size_average=None, reduce=None, reduction='mean'",
    "MultiLabelMarginLoss": "size_average=None, reduce=None, reduction='mean'",
    "MultiLabelSoftMarginLoss": "weight=None, size_average=None, reduce=None, reduction='mean'",
    "MultiMarginLoss": "p=1, margin=1.0, weight=None, size_average=None, reduce=None, "
                       "reduction='mean'",
    "NLLLoss": "weight=None, size_average=None, ignore_index=-100, reduce=None, "
               "reduction='mean'",
    "PoissonNLLLoss": "log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, "
                      "reduction='mean'",
    "SmoothL1Loss": "size_average=None, reduce=None, reduction='mean', beta=1.0",
    "SoftMarginLoss": "size_average=None, reduce=None, reduction='mean'",
    "TripletMarginLoss": "margin=1.0, p=2.0, eps=1e-06, swap=False, size_average=None, "
                         "reduce=None, reduction='mean'",
    "TripletMarginWithDistanceLoss": "*, distance_function=None, margin=1.0, swap=False, "
                                     "reduction='mean'",
}
LOSS_FUNCTIONS = {  # torch.nn.functional.x
    "binary_cross_entropy": "input, target, weight=None, size_average=None, reduce=None, "
                            "reduction='mean'",
    "binary_cross_entropy_with_logits": "input, target, weight=None, size_average=None, "
                                        "reduce=None, reduction='mean', pos_weight=None",
    "cosine_embedding_loss": "input1, input2, target, margin=0, size_average=None, "
                             "reduce=None, reduction='mean'",
    "cross_entropy": "input, target, weight=None, size_average=None, ignore_index=-100, "
                     "reduce=None, reduction='mean', label_smoothing=0.0",
    "ctc_loss": "log_probs, targets, input_lengths, target_lengths, blank=0, "
                "reduction='mean', zero_infinity=False",
    "gaussian_nll_loss": "input, target, var, full=False, eps=1e-06, reduction='mean'",
    "hinge_embedding_loss": "input, target, margin=1.0, size_average=None, reduce=None, "
                            "reduction='mean'",
    "huber_loss": "input, target, reduction='mean', delta=1.0, weight=None",
    "kl_div": "input, target, size_average=None, reduce=None, reduction='mean', "
              "log_target=False",
    "l1_loss": "input, target, size_average=None, reduce=None, reduction='mean', weight=None",
    "margin_ranking_loss": "input1, input2, target, margin=0, size_average=None, reduce=None, "
                           "reduction='mean'",
    "mse_loss": "input, target, size_average=None, reduce=None, reduction='mean', weight=None",
    "multi_margin_loss": "input, target, p=1, margin=1.0, weight=None, size_average=None, "
                         "reduce=None, reduction='mean'",
    "multilabel_margin_loss": "input, target, size_average=None, reduce=None, "
                              "reduction='mean'",
    "multilabel_soft_margin_loss": "input, target, weight=None, size_average=None, "
                                   "reduce=None, reduction='mean'",
    "nll_loss": "input, target, weight=None, size_average=None, ignore_index=-100, "
                "reduce=None, reduction='mean'",
    "poisson_nll_loss": "input, target, log_input=True, full=False, size_average=None, "
                        "eps=1e-08, reduce=None, reduction='mean'",
    "smooth_l1_loss": "input, target, size_average=None, reduce=None, reduction='mean', "
                      "beta=1.0",
    "soft_margin_loss": "input, target, size_average=None, reduce=None, reduction='mean'",
    "triplet_margin_loss": "anchor, positive, negative, margin=1.0, p=2, eps=1e-06, "
                           "swap=False, size_average=None, reduce=None, reduction='mean'",
    "triplet_margin_with_distance_loss": "anchor, positive, negative, *, "
                                         "distance_function=None, margin=1.0, swap=False, "
                                         "reduction='mean'",
}
# gradproof's own (the lessons' and micrograd's): no legacy arguments, reduction first
OURS = {
    "CrossEntropyError": "reduction='mean'", "HingeLoss": "reduction='mean'",
    "cross_entropy_error": "input, target, reduction='mean'",
    "hinge_loss": "input, target, reduction='mean'", "rmse_loss": "input, target",
    "sum_squared_error": "input, target",
}
NO_SETTINGS = {"RMSELoss"}  # (Module's constructor)
LEGACY_FUNCTIONS = sorted(name for name, text in LOSS_FUNCTIONS.items() if "reduce=" in text)
LEGACY_MODULES = sorted(name for name, text in LOSS_MODULES.items() if "reduce=" in text)


def _spelled(text: str) -> list[tuple[str, object, str]]:
    """(name, default, kind) of each argument of a signature written as Python's."""
    return _arguments(eval(f"lambda {text}: None"))  # noqa: S307 (the literals above)


def _arguments(fn: object, skip_self: bool = False) -> list[tuple[str, object, str]]:
    return [(p.name, p.default, "keyword" if p.kind is p.KEYWORD_ONLY else "positional")
            for p in parameters(fn, skip_self)]


# ----------------------------------------------------------------------- signatures


@pytest.mark.parametrize("name", sorted(LOSS_MODULES))
def test_loss_modules_take_pytorchs_arguments_in_its_order(name):
    # 0 == 0.0 and 2 == 2.0: PyTorch's int defaults of float arguments are ours as floats
    assert _arguments(getattr(nn, name).__init__, skip_self=True) == _spelled(
        LOSS_MODULES[name])


@pytest.mark.parametrize("name", sorted(LOSS_FUNCTIONS))
def test_loss_functions_take_pytorchs_arguments_in_its_order(name):
    assert _arguments(getattr(F, name)) == _spelled(LOSS_FUNCTIONS[name])


@pytest.mark.parametrize("name", sorted(OURS))
def test_gradproofs_own_losses_keep_reduction_first(name):
    fn = getattr(nn, name).__init__ if name[0].isupper() else getattr(F, name)
    assert _arguments(fn, skip_self=name[0].isupper()) == _spelled(OURS[name])


def test_every_loss_is_in_the_tables():
    modules = {n for n in nn.__all__ if n.endswith(("Loss", "Error"))}
    functions = {n for n in dir(F) if n.endswith(("_loss", "_error")) or n in (
        "cross_entropy", "kl_div", "binary_cross_entropy", "binary_cross_entropy_with_logits")}
    assert modules == (set(LOSS_MODULES) | set(OURS) | NO_SETTINGS) & modules
    assert modules >= set(LOSS_MODULES)
    assert functions == (set(LOSS_FUNCTIONS) | set(OURS)) & functions
    assert functions >= set(LOSS_FUNCTIONS)


def test_a_positional_call_at_pytorchs_positions_means_what_it_means_there():
    x = Tensor([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])
    y = np.array([2, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        loss = nn.CrossEntropyLoss(None, False, 1, True)  # weight, size_average, ignore_index
        assert (loss.reduction, loss.ignore_index) == ("sum", 1)
        # torch.nn.functional.cross_entropy(x, y, None, False): the sum
        assert F.cross_entropy(x, y, None, False).item() == pytest.approx(
            5.173389550653005, rel=1e-15)
        assert F.cross_entropy(x, y, None, None, -100, False).tolist() == pytest.approx(
            [1.964368784107945, 3.20902076654506], rel=1e-15)
        # poisson_nll_loss(input, target, log_input, full, size_average): the sum
        counts = np.array([[1.0, 0.0, 2.0], [3.0, 1.0, 0.0]])
        assert F.poisson_nll_loss(x, counts, True, False, False).item() == pytest.approx(
            18.96285354576792, rel=1e-15)
        assert nn.PoissonNLLLoss(True, False, False).reduction == "sum"
        assert nn.TripletMarginLoss(1.0, 2.0, 1e-6, False, None, False).reduction == "none"
        assert nn.MultiMarginLoss(1, 1.0, None, False).reduction == "sum"


def test_reprs_stay_pytorchs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        assert repr(nn.CrossEntropyLoss(None, False)) == "CrossEntropyLoss()"
        assert repr(nn.MSELoss(reduce=False)) == "MSELoss()"


# ------------------------------------------------------------------ what they mean

# PyTorch's _Reduction.legacy_get_string, as nn.MSELoss(size_average, reduce).reduction
# shows it for each pair (None: not given); the reduction passed with them is ignored.
PYTORCH_LEGACY = {
    (None, True): "mean", (None, False): "none", (True, None): "mean", (True, True): "mean",
    (True, False): "none", (False, None): "sum", (False, True): "sum", (False, False): "none",
}
WARNING = ("size_average and reduce args will be deprecated, please use reduction='{}' "
           "instead.")


@pytest.mark.parametrize(("size_average", "reduce"), sorted(PYTORCH_LEGACY, key=str))
def test_size_average_and_reduce_set_the_reduction_with_pytorchs_warning(size_average,
                                                                          reduce):
    want = PYTORCH_LEGACY[size_average, reduce]
    with pytest.warns(UserWarning) as caught:
        loss = nn.MSELoss(size_average, reduce, reduction="sum")
    assert loss.reduction == want
    assert [str(w.message) for w in caught] == [WARNING.format(want)]
    assert caught[0].filename == __file__  # the caller's line, not nn's
    with pytest.warns(UserWarning) as caught:  # (through three constructors)
        nn.CrossEntropyLoss(size_average=size_average, reduce=reduce)
    with pytest.warns(UserWarning) as caught_too:
        F.mse_loss(Tensor([1.0]), np.zeros(1), size_average, reduce)
    assert caught[0].filename == caught_too[0].filename == __file__


def test_neither_given_is_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nn.MSELoss(None, None, "sum").reduction == "sum"
        F.mse_loss(Tensor([1.0]), np.zeros(1), None, None, "sum")


@pytest.mark.parametrize("name", LEGACY_FUNCTIONS)
def test_each_function_reduces_as_its_legacy_arguments_say(name):
    fn, (base, _) = getattr(F, name), F_CALLS[name]
    params = parameters(fn)

    def call(**settings):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return invoke(fn, params, {**base, **settings}).tolist()
    assert call(size_average=False) == call(reduction="sum")
    assert call(reduce=False, reduction="sum") == call(reduction="none")
    assert call(size_average=True, reduction="none") == call(reduction="mean")
    with pytest.warns(UserWarning, match=r"please use reduction='sum' instead"):
        invoke(fn, params, {**base, "size_average": False})


@pytest.mark.parametrize("name", LEGACY_MODULES)
def test_each_module_reduces_as_its_legacy_arguments_say(name):
    settings, _, inputs = LAYER_CALLS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        summed = getattr(nn, name)(**settings, size_average=False)
        unreduced = getattr(nn, name)(**settings, reduce=False)
    assert (summed.reduction, unreduced.reduction) == ("sum", "none")
    assert summed(*inputs()).tolist() == getattr(nn, name)(**settings, reduction="sum")(
        *inputs()).tolist()


def test_kl_div_still_divides_by_the_batch_for_batchmean_as_pytorch():
    # kl_div(input, target, size_average, reduce, 'batchmean'): the legacy reduction, then
    # divided by input's first dim (PyTorch's quirk, kept)
    p = Tensor([[-1.2, -0.4, -2.0], [-0.3, -1.6, -0.9]])
    q = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        assert F.kl_div(p, q, False, None, "batchmean").item() == pytest.approx(
            -0.13879936946067667, rel=1e-15)
        assert F.kl_div(p, q, True, True, "batchmean").item() == pytest.approx(
            -0.023133228243446113, rel=1e-15)
        assert F.kl_div(p, q, False, None, "mean").item() == pytest.approx(
            -0.27759873892135334, rel=1e-15)
        np.testing.assert_allclose(F.kl_div(p, q, None, False, "batchmean").data, [
            [-0.04094379124341005, -0.07328679513998632, 0.11940407935110958],
            [-0.06324768712979723, -0.03512925464970226, -0.0455959206488904]],
            rtol=1e-15, atol=0)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: F.mse_loss(Tensor([1.0]), np.zeros(1), "sum"),
     r"mse_loss: size_average \(deprecated: use reduction=\) must be True, False or None, "
     r"got 'sum'; pass reduction='sum' by name"),
    (lambda: nn.MSELoss("none"), r"MSELoss: size_average .* got 'none'; pass reduction="),
    (lambda: nn.KLDivLoss(reduce=1), r"KLDivLoss: reduce \(deprecated: use reduction=\) must "
                                     r"be True, False or None, got 1"),
    (lambda: F.cross_entropy(Tensor([[1.0, 2.0]]), [0], None, None, -100, "sum"),
     r"cross_entropy: reduce .* got 'sum'; pass reduction='sum' by name"),
])
def test_anything_but_true_false_or_none_is_refused(call, message):
    with pytest.raises(TypeError, match=message):
        call()


# --------------------------------------------- weight= of mse_loss, l1_loss, huber_loss

X = [[0.5, -1.25, 2.0], [1.5, 0.25, -0.75]]
T = [[0.0, 1.0, 2.5], [-1.0, 0.5, 0.0]]
W = [[1.0, 2.0, 0.5], [0.0, 3.0, 1.5]]
# (loss, reduction): PyTorch's value and the gradient of its sum with respect to input
PYTORCH_WEIGHTED = {
    ("mse_loss", "mean"): (1.44140625, [[0.125, -1.125, -0.0625], [0.0, -0.1875, -0.28125]]),
    ("mse_loss", "sum"): (11.53125, [[1.0, -9.0, -0.5], [0.0, -1.5, -2.25]]),
    ("mse_loss", "none"): ([[0.25, 10.125, 0.125], [0.0, 0.1875, 0.84375]],
                           [[1.0, -9.0, -0.5], [0.0, -1.5, -2.25]]),
    ("l1_loss", "mean"): (0.890625, [[0.125, -0.25, -0.0625], [0.0, -0.375, -0.1875]]),
    ("l1_loss", "sum"): (7.125, [[1.0, -2.0, -0.5], [0.0, -3.0, -1.5]]),
    ("l1_loss", "none"): ([[0.5, 4.5, 0.25], [0.0, 0.75, 1.125]],
                          [[1.0, -2.0, -0.5], [0.0, -3.0, -1.5]]),
    ("huber_loss", "mean"): (0.7005208333333334, [
        [0.08333333333333333, -0.3333333333333333, -0.041666666666666664],
        [0.0, -0.125, -0.1875]]),
    ("huber_loss", "sum"): (4.203125, [[0.5, -2.0, -0.25], [0.0, -0.75, -1.125]]),
    ("huber_loss", "none"): ([[0.125, 3.5, 0.0625], [0.0, 0.09375, 0.421875]],
                             [[0.5, -2.0, -0.25], [0.0, -0.75, -1.125]]),
}


@pytest.mark.parametrize(("name", "reduction"), sorted(PYTORCH_WEIGHTED))
def test_weighted_regression_losses_match_pytorch(name, reduction):
    # mse_loss and l1_loss's 'mean' is sum(w e) / sum(w); huber_loss's the plain mean of w e
    value, gradient = PYTORCH_WEIGHTED[name, reduction]
    x = Tensor(X, requires_grad=True)
    out = getattr(F, name)(x, np.array(T), reduction=reduction, weight=np.array(W))
    out.sum().backward()
    np.testing.assert_allclose(out.data, value, rtol=1e-15, atol=0)
    np.testing.assert_allclose(x.grad, gradient, rtol=1e-15, atol=0)


def test_a_weight_of_another_shape_is_refused_as_pytorch():
    for name in ("mse_loss", "l1_loss", "huber_loss"):
        with pytest.raises(ValueError, match=rf"{name}: weight must have input's shape "
                                             r"\(2, 3\) .* got shape \(3,\)"):
            getattr(F, name)(Tensor(X), np.array(T), weight=np.ones(3))
