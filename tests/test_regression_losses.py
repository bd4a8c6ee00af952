"""smooth_l1_loss, huber_loss, kl_div and their modules against PyTorch's numbers (PyTorch
2.13, float64, written in): values, gradients and second derivatives for each reduction, at
and around the kinks |input - target| = beta (delta), beta = 0, target 0, log_target,
'batchmean', broadcasting; and the arguments PyTorch refuses."""

import warnings

import numpy as np
import pytest

import nn
from autograd import Tensor, grad

F = nn.functional  # PyTorch's habit

# input - 0.5 is -2, -1 (a kink), -0.999, -0.5, -0.25, 0, 0.25, 1 (a kink), 1.001, 1.5
X = [-1.5, -0.5, -0.499, 0.0, 0.25, 0.5, 0.75, 1.5, 1.501, 2.0]
TARGET = np.full(10, 0.5)


def _derivatives(f, x, target, reduction, **kwargs):
    """The loss, its gradient and the gradient of sum(gradient) (the second derivatives);
    'none' is differentiated as sum(weights * losses)."""
    x = Tensor(np.array(x), requires_grad=True)
    loss = f(x, target, reduction=reduction, **kwargs)
    weights = np.arange(1.0, loss.size + 1).reshape(loss.shape)  # tells the elements apart
    scalar = (loss * weights).sum() if reduction == "none" else loss
    (g,) = grad(scalar, x, create_graph=True)
    (gg,) = grad(g.sum(), x, allow_unused=True)
    return loss.data, g.data, np.zeros(x.shape) if gg is None else gg


def _check(f, kwargs, torch_numbers, x=X, target=TARGET):
    for reduction, expected in torch_numbers.items():
        got = _derivatives(f, x, target, reduction, **kwargs)
        for what, mine, torch in zip(("value", "gradient", "second"), got, expected,
                                     strict=True):
            np.testing.assert_allclose(mine, torch, rtol=1e-13, atol=1e-15,
                                       err_msg=f"{f.__name__}{kwargs} {reduction} {what}")


# ------------------------------------------------------------------------- smooth_l1_loss

# The kink takes the linear branch, as PyTorch's |d| < beta: second derivative 0 there.
SMOOTH_L1 = {
    "none": ([1.5, 0.5, 0.4990005, 0.125, 0.03125, 0.0, 0.03125, 0.5, 0.5009999999999999, 1.0],
             [-1.0, -2.0, -2.997, -2.0, -1.25, 0.0, 1.75, 8.0, 9.0, 10.0],
             [0.0, 0.0, 3.0, 4.0, 5.0, 6.0, 7.0, 0.0, 0.0, 0.0]),
    "mean": (0.46875005, [-0.1, -0.1, -0.0999, -0.05, -0.025, 0.0, 0.025, 0.1, 0.1, 0.1],
             [0.0, 0.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.0, 0.0, 0.0]),
    "sum": (4.6875005, [-1.0, -1.0, -0.999, -0.5, -0.25, 0.0, 0.25, 1.0, 1.0, 1.0],
            [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0]),
}
SMOOTH_L1_HALF = {  # beta = 0.5: kinks at input 0 and 1
    "none": ([1.75, 0.75, 0.749, 0.25, 0.0625, 0.0, 0.0625, 0.75, 0.7509999999999999, 1.25],
             [-1.0, -2.0, -3.0, -4.0, -2.5, 0.0, 3.5, 8.0, 9.0, 10.0],
             [0.0, 0.0, 0.0, 0.0, 10.0, 12.0, 14.0, 0.0, 0.0, 0.0]),
    "mean": (0.6375, [-0.1, -0.1, -0.1, -0.1, -0.05, 0.0, 0.05, 0.1, 0.1, 0.1],
             [0.0, 0.0, 0.0, 0.0, 0.2, 0.2, 0.2, 0.0, 0.0, 0.0]),
    "sum": (6.374999999999999, [-1.0, -1.0, -1.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.0, 1.0],
            [0.0, 0.0, 0.0, 0.0, 2.0, 2.0, 2.0, 0.0, 0.0, 0.0]),
}
SMOOTH_L1_ZERO = {  # beta = 0 is l1_loss: gradient 0 where input equals target
    "none": ([2.0, 1.0, 0.999, 0.5, 0.25, 0.0, 0.25, 1.0, 1.001, 1.5],
             [-1.0, -2.0, -3.0, -4.0, -5.0, 0.0, 7.0, 8.0, 9.0, 10.0], [0.0] * 10),
    "mean": (0.85, [-0.1, -0.1, -0.1, -0.1, -0.1, 0.0, 0.1, 0.1, 0.1, 0.1], [0.0] * 10),
    "sum": (8.5, [-1.0, -1.0, -1.0, -1.0, -1.0, 0.0, 1.0, 1.0, 1.0, 1.0], [0.0] * 10),
}


@pytest.mark.parametrize("beta, numbers", [(1.0, SMOOTH_L1), (0.5, SMOOTH_L1_HALF),
                                           (0.0, SMOOTH_L1_ZERO)])
def test_smooth_l1_loss_matches_pytorch_at_and_around_the_kinks(beta, numbers):
    _check(F.smooth_l1_loss, {"beta": beta}, numbers)


def test_smooth_l1_loss_defaults_to_beta_one_and_the_mean():
    assert F.smooth_l1_loss(Tensor(X), TARGET).item() == pytest.approx(0.46875005, rel=1e-14)
    assert nn.SmoothL1Loss()(Tensor(X), TARGET).item() == pytest.approx(0.46875005, rel=1e-14)
    module = nn.SmoothL1Loss(reduction="sum", beta=0.5)
    assert module(Tensor(X), TARGET).item() == pytest.approx(6.374999999999999, rel=1e-14)


# ----------------------------------------------------------------------------- huber_loss

HUBER_TWO = {  # delta = 2: a kink at input -1.5
    "none": ([2.0, 0.5, 0.4990005, 0.125, 0.03125, 0.0, 0.03125, 0.5, 0.5010004999999998,
              1.125],
             [-2.0, -2.0, -2.997, -2.0, -1.25, 0.0, 1.75, 8.0, 9.008999999999999, 15.0],
             [0.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]),
    "mean": (0.5312501000000001,
             [-0.2, -0.1, -0.0999, -0.05, -0.025, 0.0, 0.025, 0.1, 0.1001, 0.15000000000000002],
             [0.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]),
    "sum": (5.312501, [-2.0, -1.0, -0.999, -0.5, -0.25, 0.0, 0.25, 1.0, 1.001, 1.5],
            [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
}
HUBER_HALF = {  # delta = 0.5: kinks at input 0 and 1
    "none": ([0.875, 0.375, 0.3745, 0.125, 0.03125, 0.0, 0.03125, 0.375, 0.37549999999999994,
              0.625],
             [-0.5, -1.0, -1.5, -2.0, -1.25, 0.0, 1.75, 4.0, 4.5, 5.0],
             [0.0, 0.0, 0.0, 0.0, 5.0, 6.0, 7.0, 0.0, 0.0, 0.0]),
    "mean": (0.31875, [-0.05, -0.05, -0.05, -0.05, -0.025, 0.0, 0.025, 0.05, 0.05, 0.05],
             [0.0, 0.0, 0.0, 0.0, 0.1, 0.1, 0.1, 0.0, 0.0, 0.0]),
    "sum": (3.1874999999999996, [-0.5, -0.5, -0.5, -0.5, -0.25, 0.0, 0.25, 0.5, 0.5, 0.5],
            [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0]),
}


@pytest.mark.parametrize("delta, numbers", [(1.0, SMOOTH_L1), (2.0, HUBER_TWO),
                                            (0.5, HUBER_HALF)])
def test_huber_loss_matches_pytorch_at_and_around_the_kinks(delta, numbers):
    # (with delta = 1, PyTorch's Huber and smooth L1 numbers are the same)
    _check(F.huber_loss, {"delta": delta}, numbers)


def test_huber_loss_module():
    assert nn.HuberLoss()(Tensor(X), TARGET).item() == pytest.approx(0.46875005, rel=1e-14)
    loss = nn.HuberLoss(reduction="sum", delta=0.5)(Tensor(X), TARGET)
    assert loss.item() == pytest.approx(3.1874999999999996, rel=1e-14)


# --------------------------------------------------------------------------------- kl_div

LOG_P = [[-1.2, -0.4, -2.0], [-0.1, -3.0, -0.7]]
P = np.array([[0.2, 0.8, 0.0], [0.5, 0.0, 0.5]])  # zeros: loss 0 and gradient 0 there
LOG_T = np.array([[-1.6, -0.2, -5.0], [-0.7, -0.7, -2.0]])
NO_SECOND = [[0.0] * 3] * 2  # linear in input

KL = {
    "none": ([[-0.0818875824868201, 0.14148515894863228, 0.0],
              [-0.29657359027997265, 0.0, 0.0034264097200273347]],
             [[-0.2, -1.6, -0.0], [-2.0, -0.0, -3.0]], NO_SECOND),
    "mean": (-0.03892493401635552,
             [[-0.03333333333333333, -0.13333333333333333, -0.0],
              [-0.08333333333333333, -0.0, -0.08333333333333333]], NO_SECOND),
    "sum": (-0.23354960409813313, [[-0.2, -0.8, -0.0], [-0.5, -0.0, -0.5]], NO_SECOND),
    "batchmean": (-0.11677480204906657, [[-0.1, -0.4, -0.0], [-0.25, -0.0, -0.25]],
                  NO_SECOND),
}
KL_LOG_TARGET = {
    "none": ([[-0.08075860719786218, 0.1637461506155964, -0.0202138409972564],
              [-0.2979511822748457, 1.142146198720242, -0.17593586820759652]],
             [[-0.20189651799465538, -1.6374615061559636, -0.0202138409972564],
              [-1.986341215165638, -2.4829265189570475, -0.8120116994196762]], NO_SECOND),
    "mean": (0.12183880844304625,
             [[-0.03364941966577589, -0.13645512551299696, -0.0011229911665142445],
              [-0.08276421729856825, -0.08276421729856825, -0.022555880539435448]],
             NO_SECOND),
    "sum": (0.7310328506582775,
            [[-0.20189651799465538, -0.8187307530779818, -0.006737946999085467],
             [-0.4965853037914095, -0.4965853037914095, -0.1353352832366127]], NO_SECOND),
    "batchmean": (0.36551642532913875,
                  [[-0.10094825899732769, -0.4093653765389909, -0.0033689734995427335],
                   [-0.24829265189570476, -0.24829265189570476, -0.06766764161830635]],
                  NO_SECOND),
}


@pytest.mark.parametrize("log_target, target, numbers", [(False, P, KL),
                                                         (True, LOG_T, KL_LOG_TARGET)])
def test_kl_div_matches_pytorch_for_each_reduction(log_target, target, numbers):
    _check(F.kl_div, {"log_target": log_target}, numbers, x=LOG_P, target=target)


def test_kl_div_batchmean_divides_by_the_first_dim_only():
    # PyTorch: a 1-D input's first dim is its length; a 0-d input is not divided; an empty
    # batch is 0 / 0
    one_d = F.kl_div(Tensor([-1.0, -2.0, -0.5]), [0.3, 0.3, 0.4], reduction="batchmean")
    assert one_d.item() == pytest.approx(0.003700008218258777, rel=1e-13)
    zero_d = F.kl_div(Tensor(-1.0), 0.3, reduction="batchmean")
    assert zero_d.item() == pytest.approx(-0.061191841297780825, rel=1e-14)
    assert np.isnan(F.kl_div(Tensor(np.zeros((0, 3))), np.zeros((0, 3)),
                             reduction="batchmean").item())


def test_kl_div_of_a_negative_target_is_nan_as_pytorch():
    assert np.isnan(F.kl_div(Tensor([-1.0]), [-0.5], reduction="none").data).all()


def test_kl_div_module():
    module = nn.KLDivLoss(reduction="batchmean", log_target=True)
    assert module.reduction == "batchmean" and module.log_target is True
    assert module(Tensor(LOG_P), LOG_T).item() == pytest.approx(0.36551642532913875, rel=1e-14)
    assert nn.KLDivLoss()(Tensor(LOG_P), P).item() == pytest.approx(-0.03892493401635552,
                                                                    rel=1e-14)


# ---------------------------------------------------------------------------- broadcasting


@pytest.mark.parametrize("f, value, gradient", [
    (F.smooth_l1_loss, 5.375, [[-1.5], [-0.5], [1.5]]),
    (F.huber_loss, 5.375, [[-1.5], [-0.5], [1.5]]),
    (F.kl_div, -6.167540281783754, [[-3.0], [-3.0], [-3.0]]),
])
def test_input_and_target_broadcast_as_pytorch(f, value, gradient):
    x = Tensor([[0.0], [1.0], [3.0]], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loss = f(x, [0.5, 2.5], reduction="sum")
        assert f(x, [[0.5, 2.5]] * 3, reduction="none").shape == (3, 2)
    loss.backward()
    assert loss.item() == pytest.approx(value, rel=1e-14)
    np.testing.assert_allclose(x.grad, gradient, rtol=1e-14)
    # smooth_l1_loss and huber_loss warn of it, as PyTorch's; kl_div does not
    assert len(caught) == (2 if f is not F.kl_div else 0)


def test_kl_div_batchmean_divides_by_inputs_first_dim_when_broadcast():
    x = Tensor([-1.0, -2.0], requires_grad=True)
    loss = F.kl_div(x, [[0.3, 0.7], [0.6, 0.4], [0.5, 0.5]], reduction="batchmean")
    loss.backward()
    assert loss.item() == pytest.approx(1.3114884251879524, rel=1e-14)
    np.testing.assert_allclose(x.grad, [-0.7, -0.8], rtol=1e-14)


def test_same_shapes_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.smooth_l1_loss(Tensor(X), TARGET)
        F.huber_loss(Tensor(X), TARGET)


def test_a_float32_graph_stays_float32():
    x = Tensor(np.array([0.3, 2.0], np.float32), requires_grad=True)
    for f in (F.smooth_l1_loss, F.huber_loss, F.kl_div):
        assert f(x, np.array([0.0, 0.0], np.float32)).dtype == np.float32


# ------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("call, error, message", [
    (lambda: F.smooth_l1_loss(Tensor(X), TARGET, beta=-0.5), ValueError,
     "smooth_l1_loss: beta must be non-negative, got -0.5"),
    (lambda: F.huber_loss(Tensor(X), TARGET, delta=0.0), ValueError,
     "huber_loss: delta must be positive, got 0.0"),
    (lambda: F.huber_loss(Tensor(X), TARGET, delta=-1), ValueError,
     "huber_loss: delta must be positive, got -1"),
    (lambda: F.smooth_l1_loss(Tensor(X), TARGET, beta="1"), TypeError,
     "smooth_l1_loss: beta must be a number, got '1'"),
    (lambda: F.smooth_l1_loss(Tensor(X), TARGET, reduction="batchmean"), ValueError,
     "smooth_l1_loss: reduction must be one of 'mean', 'sum', 'none', got 'batchmean'"),
    (lambda: F.huber_loss(Tensor(X), TARGET, "avg"), ValueError,
     "huber_loss: reduction must be one of"),
    (lambda: F.kl_div(Tensor(P), P, reduction="avg"), ValueError,
     "kl_div: reduction must be one of 'mean', 'batchmean', 'sum', 'none', got 'avg'"),
    (lambda: F.kl_div(Tensor(P), P, log_target=1), TypeError,
     "kl_div: log_target= must be True or False, got 1"),
    (lambda: F.smooth_l1_loss(Tensor(np.ones(3)), np.ones(4)), ValueError,
     r"smooth_l1_loss: input shape \(3,\) and target shape \(4,\) do not broadcast"),
    (lambda: F.huber_loss(Tensor(np.ones(3)), np.ones(4)), ValueError,
     r"huber_loss: input shape \(3,\) and target shape \(4,\) do not broadcast"),
    (lambda: F.kl_div(Tensor(np.ones((2, 3))), np.ones(2)), ValueError,
     r"kl_div: input shape \(2, 3\) and target shape \(2,\) do not broadcast"),
    (lambda: nn.SmoothL1Loss(beta=-1.0), ValueError, "SmoothL1Loss: beta must be non-negative"),
    (lambda: nn.HuberLoss(delta=0), ValueError, "HuberLoss: delta must be positive"),
    (lambda: nn.KLDivLoss(reduction="avg"), ValueError, "KLDivLoss: reduction must be one of"),
    (lambda: nn.SmoothL1Loss(reduction="batchmean"), ValueError,
     "SmoothL1Loss: reduction must be"),
])
def test_pytorchs_refusals_name_the_function_and_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_modules_take_pytorchs_arguments_and_defaults():
    assert (nn.SmoothL1Loss().reduction, nn.SmoothL1Loss().beta) == ("mean", 1.0)
    assert (nn.HuberLoss().reduction, nn.HuberLoss().delta) == ("mean", 1.0)
    assert (nn.KLDivLoss().reduction, nn.KLDivLoss().log_target) == ("mean", False)
    # PyTorch's reprs: the reduction is not shown
    assert repr(nn.SmoothL1Loss(beta=0.5)) == "SmoothL1Loss()"
    assert repr(nn.HuberLoss(delta=2.0)) == "HuberLoss()"
    assert repr(nn.KLDivLoss(log_target=True)) == "KLDivLoss()"
    assert repr(nn.KLDivLoss(reduction="batchmean")) == "KLDivLoss()"
