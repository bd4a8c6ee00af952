"""F.ctc_loss and nn.CTCLoss (nn/loss/ctc.py) against PyTorch's numbers (tests/torch_numbers_ctc.py,
printed by tests/torch_reference_ctc.py: each case's inputs, output, and the gradient of
log_probs after backward of a fixed output gradient), float64 and float32, every reduction,
padded and concatenated targets, impossible alignments and zero_infinity; the second-order
pass (create_graph) against the same numbers; alignments worked by hand; the module;
PyTorch's refusals, as errors naming the argument; and the ONNX export, which has no CTC op.

Values and first and second derivatives on random inputs are the spec row's
(nn/specs/ctc.py, run by tests/test_ops.py).
"""

import numpy as np
import pytest
from torch_numbers_ctc import TORCH_CTC

import autograd
import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-12, "atol": 1e-13}
FLOAT32 = {"rtol": 2e-6, "atol": 2e-6}  # a few float32 ulps: exp and log are numpy's


def _call(case, make_graph=False):
    """Our ctc_loss on the case's inputs; its output and the gradient of log_probs after
    backward of the case's output gradient (with create_graph: the second-order pass's)."""
    dtype = np.dtype(case["dtype"])
    x = Tensor(np.array(case["log_probs"], dtype), requires_grad=True)
    lengths = [autograd.tensor(v) if case["as_tensors"] else v
               for v in (case["input_lengths"], case["target_lengths"])]
    out = F.ctc_loss(x, case["targets"], *lengths, **case["kwargs"])
    g = np.array(case["grad_output"], dtype)
    (grad,) = autograd.grad(out, [x], grad_outputs=Tensor(g), create_graph=make_graph)
    return out, (grad.data if isinstance(grad, Tensor) else grad)


def _tolerance(case):
    return TIGHT if case["dtype"] == "float64" else FLOAT32


@pytest.mark.parametrize("name", sorted(TORCH_CTC))
def test_loss_and_gradient_are_pytorchs(name):
    case = TORCH_CTC[name]
    out, grad = _call(case)
    assert out.dtype == np.dtype(case["dtype"]) and grad.dtype == out.dtype
    assert out.shape == np.shape(case["out"])
    np.testing.assert_allclose(out.data, case["out"], **_tolerance(case))
    np.testing.assert_allclose(grad, case["grad"], **_tolerance(case))  # (nan where nan)


@pytest.mark.parametrize("name", ["padded-none-float64", "concatenated-float32", "larger-float64",
                                  "impossible-mean", "impossible-zero-infinity-sum",
                                  "no-steps", "not-normalised", "one-sample-padded-mean"])
def test_the_second_order_pass_gives_pytorchs_gradient_too(name):
    """With create_graph the vjp runs on nodes (alpha and beta rescaled each step, in
    probabilities): the same first derivative, nan and zeros included."""
    case = TORCH_CTC[name]
    _, grad = _call(case, make_graph=True)
    np.testing.assert_allclose(grad, case["grad"], **_tolerance(case))


def test_the_impossible_alignment_has_nan_gradients_and_zero_infinity_zeros():
    case = TORCH_CTC["impossible-none"]
    out, grad = _call(case)
    assert list(np.isinf(out.data)) == [False, True, True]
    assert np.isnan(grad[:4, 1]).all() and np.isnan(grad[:2, 2]).all()
    assert (grad[2:, 2] == 0).all() and np.isfinite(grad[:, 0]).all()  # past its length: 0
    out, grad = _call(TORCH_CTC["impossible-zero-infinity-none"])
    assert list(out.data[1:]) == [0.0, 0.0] and (grad[:, 1:] == 0).all()


def test_repeated_labels_need_a_blank_between_them():
    """[1, 1] in 2 steps cannot be aligned (two 1s in a row are one 1); in 3 steps its one
    alignment is 1, blank, 1. [1, 2] in 2 steps: 1, 2."""
    lp = np.log(np.random.default_rng(0).dirichlet(np.ones(3), size=(3, 1)))
    x = Tensor(lp)
    assert F.ctc_loss(x[:2], [[1, 1]], [2], [2], reduction="none").data[0] == np.inf
    np.testing.assert_allclose(F.ctc_loss(x, [[1, 1]], [3], [2], reduction="sum").data,
                               -(lp[0, 0, 1] + lp[1, 0, 0] + lp[2, 0, 1]), **TIGHT)
    np.testing.assert_allclose(F.ctc_loss(x[:2], [[1, 2]], [2], [2], reduction="sum").data,
                               -(lp[0, 0, 1] + lp[1, 0, 2]), **TIGHT)


def test_an_empty_target_is_all_blanks_and_its_mean_divides_by_one():
    lp = np.log(np.random.default_rng(1).dirichlet(np.ones(4), size=(5, 2)))
    losses = F.ctc_loss(Tensor(lp), [[0], [0]], [5, 3], [0, 0], blank=2, reduction="none")
    np.testing.assert_allclose(losses.data, [-lp[:, 0, 2].sum(), -lp[:3, 1, 2].sum()], **TIGHT)
    mean = F.ctc_loss(Tensor(lp), [[0], [0]], [5, 3], [0, 0], blank=2)
    np.testing.assert_allclose(mean.data, losses.data.mean(), **TIGHT)


def test_second_derivatives_through_log_softmax_match_central_differences():
    """What a network computes: ctc_loss(log_softmax(x)); repeats, a short sample, an empty
    target, every reduction (the spec row draws many more)."""
    x = Tensor(np.random.default_rng(2).standard_normal((5, 3, 4)), requires_grad=True)
    for reduction in ("mean", "sum", "none"):
        def f(x, reduction=reduction):
            return F.ctc_loss(x.log_softmax(-1), [[1, 1, 2], [3, 2, 0], [0, 0, 0]], [5, 4, 3],
                              [3, 2, 0], reduction=reduction)
        assert autograd.gradcheck(f, [x]) and autograd.gradgradcheck(f, [x])


def test_a_long_sequence_stays_finite_in_both_passes():
    """300 steps: the log-space forward, and the second-order pass's rescaled recursions,
    give the same finite gradient (no underflow to 0/0)."""
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal((300, 2, 5)) * 4, requires_grad=True)
    lp = x.log_softmax(-1)
    targets = rng.integers(1, 5, (2, 40))
    (first,) = autograd.grad(F.ctc_loss(lp, targets, [300, 250], [40, 30]), [x])
    (second,) = autograd.grad(F.ctc_loss(lp, targets, [300, 250], [40, 30]), [x],
                              create_graph=True)
    assert np.isfinite(first).all()
    np.testing.assert_allclose(second.data, first, rtol=1e-9, atol=1e-12)


def test_the_module_calls_the_function():
    case = TORCH_CTC["blank-last"]
    loss = nn.CTCLoss(blank=3, reduction="none")
    assert repr(loss) == "CTCLoss()" and (loss.blank, loss.zero_infinity) == (3, False)
    x = Tensor(np.array(case["log_probs"]))
    np.testing.assert_allclose(loss(x, case["targets"], [5, 5], [2, 2]).data, case["out"],
                               **TIGHT)
    assert nn.CTCLoss(zero_infinity=True)(x[:1], [[1, 2], [2, 2]], [1, 1], [2, 2]).data == 0


@pytest.mark.parametrize(("call", "message"), [
    (lambda x: F.ctc_loss(x[0, 0], [1], [1], [1]), r"log_probs must have shape \(T, N, C\)"),
    (lambda x: F.ctc_loss(x.long(), [[1], [1]], [4, 4], [1, 1]), "float32 or float64"),
    (lambda x: F.ctc_loss(x[:0], [[1], [1]], [0, 0], [1, 1]), "must not be empty"),
    (lambda x: F.ctc_loss(x, [[1], [1]], [4, 4], [1, 1], blank=3), r"blank .* \[0, 2\].* 3"),
    (lambda x: F.ctc_loss(x, [[1], [1]], 4, [1, 1]), "input_lengths must be a tuple or list"),
    (lambda x: F.ctc_loss(x, [[1], [1]], [4.0, 4], [1, 1]), r"input_lengths must be ints"),
    (lambda x: F.ctc_loss(x, [[1], [1]], Tensor([4, 4]), [1, 1]), "integer Tensor"),
    (lambda x: F.ctc_loss(x, [[1], [1]], [4], [1, 1]), r"one length per sample \(2\)"),
    (lambda x: F.ctc_loss(x, [[1], [1]], [4, 4], [1, -1]), "target_lengths must be non-neg"),
    (lambda x: F.ctc_loss(x, [[1], [1]], [5, 4], [1, 1]), r"at most T = 4.* \[5, 4\]"),
    (lambda x: F.ctc_loss(x, [[[1]], [[1]]], [4, 4], [1, 1]), r"1-D .* or 2-D .* \(2, 1, 1\)"),
    (lambda x: F.ctc_loss(x, [[1.5], [1]], [4, 4], [1, 1]), "whole numbers"),
    (lambda x: F.ctc_loss(x, [1, 2], [4, 4], [2, 1]), r"sum\(target_lengths\) = 3 .* got 2"),
    (lambda x: F.ctc_loss(x, [[1], [1]], [4, 4], [2, 1]), r"at least max\(target_lengths\)"),
    (lambda x: F.ctc_loss(x, [[1, 0], [1, 2]], [4, 4], [2, 2]), r"other than the blank .*\[0\]"),
    (lambda x: F.ctc_loss(x, [[1, 3], [1, 2]], [4, 4], [2, 2]), r"\[0, 2\] .*\[3\]"),
])
def test_bad_arguments_are_errors_that_say_what_was_expected(call, message):
    """PyTorch's refusals (a float length, a length past T, a blank out of range, too few
    targets), and what its kernel does not check (a label out of range or the blank: read
    out of bounds, or a meaningless loss), as errors naming ctc_loss."""
    x = Tensor(np.random.default_rng(4).standard_normal((4, 2, 3))).log_softmax(2)
    with pytest.raises((TypeError, ValueError), match=message) as error:
        call(x)
    assert str(error.value).startswith("ctc_loss: ")


def test_onnx_has_no_ctc_op_so_the_export_says_so():
    with pytest.raises(NotImplementedError, match="no ONNX mapping for the op 'ctc_loss'"):
        nn.export_onnx(lambda x: F.ctc_loss(x.log_softmax(-1), [[1]], [2], [1]),
                       (np.zeros((2, 1, 3)),), None)
