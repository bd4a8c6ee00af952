"""The losses differentiate with respect to the target, as PyTorch's: a target Tensor that
requires grad gets PyTorch's gradient (and second derivatives through it), every reduction,
against PyTorch 2.13's numbers (tests/torch_numbers_loss_targets.py, printed by
tests/torch_reference_loss_targets.py from the cases in tests/loss_target_cases.py). Then
the regression losses' broadcasting with PyTorch's warning, the dtype each loss gives mixed
float32 and float64 Tensors, soft_margin_loss's refusal, and that a target without
requires_grad costs no gradient.

Values and derivatives on random inputs are the spec rows' (nn/specs/loss_targets.py and
nn/specs/__init__.py, run by tests/test_ops.py).
"""

import re
import warnings

import numpy as np
import pytest
from loss_target_cases import (
    BROADCAST,
    BROADCAST_INPUTS,
    CASES,
    DTYPE_PAIRS,
    DTYPES,
    NEEDS_DIMS,
    SECOND,
    dtype_inputs,
)
from torch_numbers_loss_targets import (
    TORCH_BROADCAST,
    TORCH_DTYPES,
    TORCH_REFUSALS,
    TORCH_TARGETS,
)

import autograd
import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)
from nn.loss import loss_rules

TIGHT = {"rtol": 1e-12, "atol": 1e-13}
# PyTorch's double backward of binary_cross_entropy in the input adds its 1e-12 to p and to
# 1 - p ((p² - 2pt + t) / ((p + eps)² (1 - p + eps)²)); gradproof's is the exact derivative
# of its backward: they differ by about 2e-12 / min(p, 1 - p), relative (4e-11 at p = 0.05).
BCE_SECOND = {"rtol": 1e-10, "atol": 1e-13}


def _close(got, expected, tolerance=TIGHT):
    if expected is None:
        assert got is None
        return
    got = np.asarray(got.data if isinstance(got, Tensor) else got)
    assert got.dtype == np.float64 and got.shape == np.shape(expected)
    np.testing.assert_allclose(got, np.asarray(expected, np.float64), **tolerance)


@pytest.mark.parametrize(("name", "fn", "inputs", "grads", "kwargs"), CASES,
                         ids=[case[0] for case in CASES])
def test_target_gradients_match_pytorch(name, fn, inputs, grads, kwargs):
    torch_numbers = TORCH_TARGETS[name]
    tensors = {k: Tensor(v, requires_grad=k in grads) for k, v in inputs.items()}
    wanted = [tensors[k] for k in grads]
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (torch's nan and inf, silently)
        out = getattr(F, fn)(**tensors, **kwargs)
        first = autograd.grad(out, wanted, np.asarray(torch_numbers["grad_output"]),
                              create_graph=name in SECOND, allow_unused=True)
        _close(out, torch_numbers["out"])
        for k, d in zip(grads, first, strict=True):
            _close(d, torch_numbers[f"grad_{k}"])
        if name not in SECOND:
            return
        seeds = torch_numbers["second"]["seeds"]
        total = sum((d * np.asarray(seeds[k])).sum()
                    for k, d in zip(grads, first, strict=True) if d is not None)
        second = autograd.grad(total, wanted, allow_unused=True)
    for k, d in zip(grads, second, strict=True):
        bce_input = fn == "binary_cross_entropy" and k == "input"
        _close(d, torch_numbers["second"][f"grad_{k}"], BCE_SECOND if bce_input else TIGHT)


def test_a_distillation_gradient_reaches_the_teacher():
    """Regression: targets were constants, so a teacher (or the second of two networks)
    trained through a loss's target got no gradient."""
    student = Tensor([[0.2, -1.0, 0.5], [1.5, 0.1, -0.3]], requires_grad=True)
    teacher = Tensor([[1.0, 0.0, -1.0], [0.3, 0.3, 2.0]], requires_grad=True)
    soft = teacher.softmax(-1)
    (F.cross_entropy(student, soft) + F.mse_loss(student, teacher)
     + F.kl_div(student.log_softmax(-1), soft, reduction="batchmean")).backward()
    manual_student = Tensor(student.data, requires_grad=True)
    manual_teacher = Tensor(teacher.data, requires_grad=True)
    p = manual_teacher.softmax(-1)
    log_q = manual_student.log_softmax(-1)
    total = (-(p * log_q).sum(-1).mean() + (p * (p.log() - log_q)).sum() / 2
             + ((manual_student - manual_teacher) ** 2).mean())
    total.backward()
    np.testing.assert_allclose(teacher.grad, manual_teacher.grad, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(student.grad, manual_student.grad, rtol=1e-12, atol=1e-15)


# -------------------------------------------------------------------------- broadcasting


def _as_gradproof(message: str) -> str:
    """PyTorch's warning with gradproof's sizes: torch.Size([3, 1]) is (3, 1)."""
    return re.sub(r"torch\.Size\(\[([\d, ]*)\]\)",
                  lambda m: repr(tuple(int(n) for n in m.group(1).split(", ") if n)), message)


@pytest.mark.parametrize("fn", BROADCAST)
def test_regression_losses_broadcast_with_pytorchs_warning(fn):
    torch_numbers = TORCH_BROADCAST[fn]
    x, t = (Tensor(v, requires_grad=True) for v in BROADCAST_INPUTS.values())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = getattr(F, fn)(x, t, reduction="sum")
    out.backward()
    assert [str(w.message) for w in caught] == [_as_gradproof(torch_numbers["warning"])]
    assert caught[0].category is UserWarning and caught[0].filename == __file__
    _close(out, torch_numbers["out"])
    _close(x.grad, torch_numbers["grad_input"])  # summed back to each one's shape
    _close(t.grad, torch_numbers["grad_target"])


@pytest.mark.parametrize("fn", BROADCAST)
def test_shapes_that_do_not_broadcast_are_refused(fn):
    with pytest.raises(ValueError, match=rf"{fn}: input shape \(3, 2\) and target shape "
                                         r"\(4,\) do not broadcast"):
        getattr(F, fn)(Tensor(np.ones((3, 2))), Tensor(np.ones(4)))


def test_the_warning_is_pytorchs_for_modules_and_lessons_too():
    with pytest.warns(UserWarning, match=r"^Using a target size \(\(2,\)\) that is different "
                                         r"to the input size \(\(2, 1\)\)\. This will likely"):
        nn.MSELoss()(Tensor(np.ones((2, 1))), Tensor([0.0, 1.0]))
    with pytest.warns(UserWarning, match=r"^Using a target size") as caught:
        F.rmse_loss(Tensor(np.ones((2, 1))), np.array([0.0, 1.0]))
    assert caught[0].filename == __file__


# -------------------------------------------------------------------------------- dtypes

DTYPE_CASES = [(name, *pair) for name in DTYPES for pair in DTYPE_PAIRS
               if pair[2] or name not in NEEDS_DIMS]


@pytest.mark.parametrize(("name", "input_dtype", "target_dtype", "shape"), DTYPE_CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}-{len(c[3])}d" for c in DTYPE_CASES])
def test_mixed_float_dtypes_give_pytorchs_dtype(name, input_dtype, target_dtype, shape):
    a, b = (Tensor(v) for v in dtype_inputs(input_dtype, target_dtype, shape))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # (a 0-d target against (3,))
        got = DTYPES[name](autograd, F, a, b).dtype
    assert got == np.dtype(TORCH_DTYPES[f"{name} {input_dtype} {target_dtype} {shape}"])


def test_a_target_gradient_comes_back_in_the_targets_dtype():
    x = Tensor(np.array([0.3, -0.2], np.float32), requires_grad=True)
    t = Tensor([0.5, -0.25], requires_grad=True)  # float64
    F.l1_loss(x, t).backward()
    assert F.l1_loss(x, t).dtype == np.float64
    assert (x.grad.dtype, t.grad.dtype) == (np.float32, np.float64)
    np.testing.assert_array_equal(t.grad, [0.5, -0.5])


def test_binary_cross_entropy_takes_the_inputs_dtype_where_pytorch_refuses_two():
    assert TORCH_REFUSALS["binary_cross_entropy dtypes"] == "Found dtype Double but expected Float"
    p = Tensor(np.array([0.3, 0.6], np.float32), requires_grad=True)
    t = Tensor([0.5, 1.0], requires_grad=True)  # float64: taken as float32, differentiably
    loss = F.binary_cross_entropy(p, t)
    loss.backward()
    assert loss.dtype == np.float32 and t.grad.dtype == np.float64
    np.testing.assert_allclose(t.grad, -np.log(p.data / (1 - p.data)) / 2, rtol=1e-6)


# ------------------------------------------------------------- refusals and the fast path


def test_soft_margin_loss_refuses_a_target_that_requires_grad_as_pytorch():
    assert "not differentiable with respect to argument 'target'" in TORCH_REFUSALS[
        "soft_margin_loss grad"]
    x, t = Tensor([0.3, -1.0]), Tensor([1.0, -1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"soft_margin_loss: not differentiable with "
                                           r"respect to the target, which requires grad"):
        F.soft_margin_loss(x, t)
    with autograd.no_grad():  # (nothing recorded: nothing to refuse, as PyTorch)
        expected = np.mean(np.log1p(np.exp(-np.array([0.3, 1.0]))))
        assert F.soft_margin_loss(x, t).item() == pytest.approx(expected, rel=1e-15)
    assert F.soft_margin_loss(x, t.detach()).item() == pytest.approx(expected, rel=1e-15)


def test_a_target_that_needs_no_gradient_costs_none(monkeypatch):
    """The target's derivative is computed only for a target that requires grad: the engine
    skips every input with requires_grad False (binary_cross_entropy's one node has a vjp
    for the target; here it must not run)."""
    calls = []
    input_vjp, target_vjp = loss_rules.bce.vjps

    def counted(*args):
        calls.append(1)
        return target_vjp(*args)
    monkeypatch.setattr(loss_rules.bce, "vjps", (input_vjp, counted))
    p = Tensor([0.3, 0.6], requires_grad=True)
    for target in (np.array([0.0, 1.0]), Tensor([0.0, 1.0]), [0.0, 1.0]):
        F.binary_cross_entropy(p, target).backward()
        assert isinstance(target, Tensor) is False or target.grad is None
    assert calls == []
    t = Tensor([0.0, 1.0], requires_grad=True)
    F.binary_cross_entropy(p, t).backward()
    assert len(calls) == 1


def test_a_target_tensor_gives_the_numbers_a_target_array_gives():
    x = Tensor([[0.3, -1.2, 2.0], [0.1, 0.4, -0.5]], requires_grad=True)
    t = np.array([[0.2, 0.5, 0.9], [1.0, 0.0, 0.3]])
    for loss in (F.mse_loss, F.l1_loss, F.smooth_l1_loss, F.huber_loss, F.kl_div,
                 F.poisson_nll_loss, F.binary_cross_entropy_with_logits,
                 F.multilabel_soft_margin_loss, F.cross_entropy):
        by_array = loss(x, t)
        by_tensor = loss(x, Tensor(t))
        by_grad = loss(x, Tensor(t, requires_grad=True))
        assert by_array.item() == by_tensor.item() == by_grad.item(), loss.__name__
