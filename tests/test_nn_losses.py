"""nn losses: seed 000's worked numbers, closed forms, reductions, gradients, bad input."""

import math

import numpy as np
import pytest

import nn
from autograd import Tensor, Value, gradcheck

F = nn.functional  # PyTorch's habit: F.cross_entropy

RNG = np.random.default_rng(0)
T = np.eye(10)[6]  # seed 000: the one-hot target at index 6
Y_GOOD = [0.1, 0.01, 0.05, 0.2, 0.14, 0.07, 0.6, 0.3, 0.1, 0.1]
Y_BAD = [0.1, 0.01, 0.6, 0.2, 0.14, 0.07, 0.05, 0.3, 0.1, 0.1]


# ------------------------------------------------------------- seed 000's numbers


@pytest.mark.parametrize("y, mse, cee", [
    (Y_GOOD, 0.03471, 0.510825457099338),
    (Y_BAD, 0.14471, 2.9957302735559908),
])
def test_seed_000_worked_numbers(y, mse, cee):
    assert F.mse_loss(Tensor(y), T).item() == pytest.approx(mse, rel=1e-12)
    assert nn.MSELoss()(Tensor(y), Tensor(T)).item() == pytest.approx(mse, rel=1e-12)
    assert F.cross_entropy_error(Tensor(y), T).item() == pytest.approx(cee, rel=1e-14)
    assert F.cross_entropy_error(Tensor(y), 6).item() == pytest.approx(cee, rel=1e-14)
    assert nn.CrossEntropyError()(Tensor(y), T).item() == pytest.approx(cee, rel=1e-14)
    # the textbook SSE is half the summed squares: 10 elements, so 5x the mean
    assert F.sum_squared_error(Tensor(y), T).item() == pytest.approx(5 * mse, rel=1e-12)


def test_cross_entropy_error_guard_keeps_log_of_zero_finite():
    loss = F.cross_entropy_error(Tensor([1.0, 0.0]), [0.0, 1.0])
    assert loss.item() == pytest.approx(-math.log(1e-7))


def test_cross_entropy_error_batch_mean_over_samples():
    y = Tensor([Y_GOOD, Y_BAD])
    assert F.cross_entropy_error(y, [6, 6]).item() == pytest.approx(
        (0.510825457099338 + 2.9957302735559908) / 2)
    assert F.cross_entropy_error(y, [6, 6], reduction="none").data.tolist() == pytest.approx(
        [0.510825457099338, 2.9957302735559908])


# ---------------------------------------------------------- closed forms, reductions

X = RNG.standard_normal((4, 3))
Y = RNG.standard_normal((4, 3))


@pytest.mark.parametrize("loss, per_element", [
    (F.mse_loss, (X - Y) ** 2),
    (F.l1_loss, np.abs(X - Y)),
    (F.hinge_loss, np.maximum(1 - X * np.sign(Y), 0)),
])
def test_elementwise_losses_and_their_reductions(loss, per_element):
    target = np.sign(Y) if loss is F.hinge_loss else Y
    assert loss(Tensor(X), target).item() == pytest.approx(per_element.mean(), rel=1e-14)
    assert loss(Tensor(X), target, reduction="sum").item() == pytest.approx(per_element.sum())
    assert np.allclose(loss(Tensor(X), target, reduction="none").data, per_element)


def test_rmse_is_the_root_of_the_mse():
    assert F.rmse_loss(Tensor(X), Y).item() == pytest.approx(math.sqrt(((X - Y) ** 2).mean()))
    assert nn.RMSELoss()(Tensor(X), Y).item() == F.rmse_loss(Tensor(X), Y).item()


def _log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def test_cross_entropy_with_class_indices_and_with_probabilities():
    logits = RNG.standard_normal((5, 4))
    classes = np.array([0, 3, 1, 1, 2])
    per_sample = -_log_softmax(logits)[np.arange(5), classes]
    assert F.cross_entropy(Tensor(logits), classes).item() == pytest.approx(per_sample.mean())
    assert F.cross_entropy(Tensor(logits), classes, "sum").item() == pytest.approx(
        per_sample.sum())
    assert np.allclose(F.cross_entropy(Tensor(logits), classes, "none").data, per_sample)
    # one-hot targets give the same numbers; integral floats (a DataLoader's labels) too
    assert F.cross_entropy(Tensor(logits), np.eye(4)[classes]).item() == pytest.approx(
        per_sample.mean())
    assert nn.CrossEntropyLoss()(Tensor(logits), Tensor(classes)).item() == pytest.approx(
        per_sample.mean())
    soft = RNG.dirichlet(np.ones(4), size=5)
    assert F.cross_entropy(Tensor(logits), soft).item() == pytest.approx(
        -(soft * _log_softmax(logits)).sum(-1).mean())
    # one sample without a batch axis
    assert F.cross_entropy(Tensor(logits[1]), 3).item() == pytest.approx(per_sample[1])


def test_cross_entropy_of_huge_logits_is_finite_and_right():
    loss = F.cross_entropy(Tensor([[1000.0, -1000.0], [1000.0, -1000.0]]), [0, 1], "none")
    assert loss.data.tolist() == [0.0, 2000.0]


def test_binary_cross_entropy_and_with_logits_agree_with_the_formula():
    z = RNG.standard_normal(6)
    p = 1 / (1 + np.exp(-z))
    t = np.array([0, 1, 1, 0, 0.3, 1])
    expected = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    assert F.binary_cross_entropy(Tensor(p), t).item() == pytest.approx(expected.mean())
    assert np.allclose(F.binary_cross_entropy_with_logits(Tensor(z), t, "none").data, expected)
    assert nn.BCELoss("sum")(Tensor(p), t).item() == pytest.approx(expected.sum())
    assert nn.BCEWithLogitsLoss()(Tensor(z), t).item() == pytest.approx(expected.mean())


def test_binary_cross_entropy_at_the_edges_is_finite():
    # log clamped at -100 as in PyTorch; logits of +-1000 through a logsumexp
    assert F.binary_cross_entropy(Tensor([0.0, 1.0]), [1.0, 0.0], "none").data.tolist() == [
        100.0, 100.0]
    z = Tensor([1000.0, -1000.0, 0.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(z, [0.0, 0.0, 1.0], "none")
    assert loss.data.tolist() == [1000.0, 0.0, pytest.approx(math.log(2))]
    loss.sum().backward()
    assert z.grad.tolist() == [1.0, 0.0, -0.5]  # sigmoid(z) - t, also at z = 0 exactly


def test_hinge_and_mse_on_lists_of_values_match_micrograd_arithmetic():
    scores = [Value(0.5), Value(-2.0), Value(1.5)]
    labels = [1, -1, -1]
    expected = sum((1 + -y * s.data) if (1 + -y * s.data) > 0 else 0.0
                   for s, y in zip(scores, labels, strict=True)) * (1.0 / 3)
    loss = F.hinge_loss(scores, labels)
    assert isinstance(loss, Value) and loss.data == expected
    loss.backward()
    assert [s.grad for s in scores] == [-1 / 3, 0.0, 1 / 3]
    mse = F.mse_loss([Value(1.0), Value(3.0)], [0.0, 1.0])
    assert mse.data == 2.5
    assert F.mse_loss(Value(2.0), 1.0).data == 1.0
    assert [v.data for v in F.l1_loss([Value(1.0), Value(-3.0)], [0, 0], "none")] == [1.0, 3.0]


# ------------------------------------------------------------------------ gradients

LOSSES = [
    ("mse", lambda x: F.mse_loss(x, Y)),
    ("l1", lambda x: F.l1_loss(x, Y)),
    ("rmse", lambda x: F.rmse_loss(x, Y)),
    ("hinge", lambda x: F.hinge_loss(x, np.sign(Y), "sum")),
    ("ce classes", lambda x: F.cross_entropy(x, [0, 2, 1, 2])),
    ("ce probs", lambda x: F.cross_entropy(x, np.full((4, 3), 1 / 3), "sum")),
    ("cee", lambda x: F.cross_entropy_error(x.sigmoid(), [0, 2, 1, 2])),
    ("bce", lambda x: F.binary_cross_entropy(x.sigmoid(), (Y > 0) * 1.0)),
    ("bce logits", lambda x: F.binary_cross_entropy_with_logits(x, (Y > 0) * 1.0, "sum")),
]


@pytest.mark.parametrize("name, loss", LOSSES, ids=[n for n, _ in LOSSES])
def test_loss_gradients_match_central_differences(name, loss):
    x = Tensor(X, requires_grad=True)  # no entry sits on a kink of abs, relu or hinge
    assert gradcheck(loss, [x])


def test_cross_entropy_gradient_is_softmax_minus_one_hot_over_n():
    logits = Tensor(X, requires_grad=True)
    classes = np.array([0, 2, 1, 2])
    F.cross_entropy(logits, classes).backward()
    p = np.exp(_log_softmax(X))
    assert np.allclose(logits.grad, (p - np.eye(3)[classes]) / 4, rtol=1e-13, atol=1e-16)


# ------------------------------------------------------------------------ bad input


def test_class_targets_out_of_range_non_integer_or_wrong_length():
    logits = Tensor(np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"cross_entropy: class targets out of range \[0, 3\] "
                                         r"for 4 classes: \[4, -1\]"):
        F.cross_entropy(logits, [4, 0, -1])
    with pytest.raises(ValueError, match=r"cross_entropy: class targets must be integers, "
                                         r"got \[1.5\]"):
        F.cross_entropy(logits, [0, 1.5, 2])
    with pytest.raises(ValueError, match=r"cross_entropy: wrong length: target has shape \(2,\), "
                                         r"expected \(3,\)"):
        F.cross_entropy(logits, [0, 1])
    with pytest.raises(ValueError, match=r"cross_entropy: input \(logits\) must have shape"):
        F.cross_entropy(Tensor(np.zeros((2, 3, 4))), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="cross_entropy_error: class targets out of range"):
        F.cross_entropy_error(Tensor(Y_GOOD), 10)
    with pytest.raises(ValueError, match=r"cross_entropy_error: wrong length: target has shape "
                                         r"\(9,\), expected \(\) \(one class index per row"):
        F.cross_entropy_error(Tensor(Y_GOOD), T[:9])


def test_probabilities_outside_zero_one_are_refused():
    with pytest.raises(ValueError, match=r"cross_entropy_error: input must be probabilities "
                                         r"in \[0, 1\], got \[1.5, -0.1\]"):
        F.cross_entropy_error(Tensor([1.5, -0.1, 0.2]), 2)
    with pytest.raises(ValueError, match="binary_cross_entropy: input must be probabilities"):
        F.binary_cross_entropy(Tensor([0.5, 2.0]), [0.0, 1.0])
    with pytest.raises(ValueError, match="binary_cross_entropy: target must be probabilities"):
        F.binary_cross_entropy(Tensor([0.5, 0.5]), [0.0, 3.0])
    with pytest.raises(ValueError, match="with_logits: target must be probabilities"):
        F.binary_cross_entropy_with_logits(Tensor([5.0]), [-1.0])


@pytest.mark.parametrize("loss", [F.mse_loss, F.l1_loss, F.hinge_loss, F.binary_cross_entropy,
                                  F.binary_cross_entropy_with_logits])
def test_shape_mismatch_is_named_not_broadcast(loss):
    # (N, 1) against (N,) would broadcast to (N, N): a classic silent bug
    with pytest.raises(ValueError, match=r"input shape \(3, 1\) and target shape \(3,\) differ"):
        loss(Tensor(np.full((3, 1), 0.5)), np.array([0.0, 1.0, 1.0]))


def test_value_lists_of_the_wrong_length_and_unknown_reductions():
    with pytest.raises(ValueError, match="hinge_loss: 2 inputs but 3 targets"):
        F.hinge_loss([Value(1.0), Value(2.0)], [1, -1, 1])
    with pytest.raises(ValueError, match=r"mse_loss: reduction must be one of \('mean', 'sum', "
                                         r"'none'\), got 'avg'"):
        F.mse_loss(Tensor([1.0]), [1.0], reduction="avg")
    with pytest.raises(ValueError, match="CrossEntropyLoss: reduction must be one of"):
        nn.CrossEntropyLoss(reduction="max")
