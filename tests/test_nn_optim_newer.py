"""Adamax, NAdam, RAdam, Rprop and ASGD beyond PyTorch's numbers (test_nn_optim_torch.py):
their argument checks, their float32 numbers in state_dict, and what each update means,
written out here step by step."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import nn
from autograd import Tensor, Value
from nn.optim import ASGD, NAdam, RAdam, Rprop

NEWER = ["Adamax", "NAdam", "RAdam", "Rprop", "ASGD"]


def _steps(opt, params, grads):
    """Give each Value parameter its gradient from each row of grads, stepping after each."""
    trace = []
    for g in grads:
        for p, gi in zip(params, g, strict=True):
            p.grad = gi
        opt.step()
        trace.append([p.data for p in params])
    return trace


# ------------------------------------------------------------------- what they compute


@pytest.mark.parametrize("name", NEWER)
def test_each_trains_a_micrograd_mlp_of_values(name):
    model = nn.MLP(2, [4, 1])
    data = [([1.0, 2.0], 1.0), ([-1.0, -0.5], -1.0), ([0.5, -1.0], -1.0), ([2.0, 1.0], 1.0)]
    opt = getattr(nn.optim, name)(model.parameters(), lr=0.02)

    def loss():
        return nn.functional.hinge_loss([model(x) for x, _ in data], [y for _, y in data])

    first = loss().data
    for _ in range(30):
        opt.zero_grad()
        loss().backward()
        opt.step()
    assert all(type(p.data) is float for p in model.parameters())
    assert loss().data < first


def test_radam_takes_momentum_steps_until_the_variance_is_trustworthy():
    # beta2 = 0.999: rho_t = 1, 1.999, 2.998, ... stays <= 5 for the first 5 steps, so the
    # step is lr * m / (1 - beta1**t), which for a constant gradient is lr * g exactly here
    p = Value(1.0)
    opt = RAdam([p], lr=0.25)
    trace = _steps(opt, [p], [[2.0]] * 5)
    assert [x for (x,) in trace] == pytest.approx([0.5, 0.0, -0.5, -1.0, -1.5], abs=1e-14)
    # the sixth step is rectified and adaptive: about lr * r * sign(g), with r < 1
    _steps(opt, [p], [[2.0]])
    assert -1.5 - 0.25 < p.data < -1.5 - 0.001


def test_rprop_grows_its_step_while_the_sign_holds_and_backs_off_on_a_flip():
    p = Value(0.0)
    opt = Rprop([p], lr=0.1, etas=(0.5, 2.0), step_sizes=(0.01, 0.5))
    trace = _steps(opt, [p], [[1.0], [3.0], [5.0], [2.0], [-1.0], [-1.0], [-4.0]])
    # steps: 0.1 (first: no previous sign), 0.2, 0.4, 0.5 (clamped), then a flip: the step
    # size halves to 0.25 but no step is taken and the sign is forgotten, so the next step
    # keeps 0.25, then grows to 0.5
    assert [x for (x,) in trace] == pytest.approx(
        [-0.1, -0.3, -0.7, -1.2, -1.2, -0.95, -0.45], abs=1e-15)
    assert opt.state[p]["step_size"] == 0.5 and opt.state[p]["prev"] == -4.0


def test_rprop_treats_a_nan_gradient_as_pytorchs_sign_does():
    # torch.sign(nan) is 0: the step size is kept and the parameter does not move
    p = Tensor(np.array([1.0, 1.0]), requires_grad=True)
    opt = Rprop([p], lr=0.1)
    for g in ([1.0, 1.0], [np.nan, 1.0], [1.0, 1.0]):
        p.grad = np.array(g)
        opt.step()
    assert p.data.tolist() == pytest.approx([0.8, 1.0 - 0.1 - 0.12 - 0.144], abs=1e-15)
    assert opt.state[p]["step_size"].tolist() == pytest.approx([0.1, 0.144], abs=1e-15)


def test_asgd_averages_the_iterates_after_t0():
    # t0 = 0 and lambd = 0: eta stays lr, and ax is the mean of the iterates from step 2 on
    p = Value(0.0)
    opt = ASGD([p], lr=0.5, lambd=0.0, t0=0.0)
    trace = [x for (x,) in _steps(opt, [p], [[1.0], [2.0], [-1.0], [4.0], [0.5]])]
    assert trace == [-0.5, -1.5, -1.0, -3.0, -3.25]
    # (to float32's precision: the weights mu = 1/2, 1/3, 1/4 are float32 numbers)
    assert opt.state[p]["ax"] == pytest.approx(np.mean(trace[1:]), rel=1e-7)
    assert opt.state[p]["ax"] != np.mean(trace[1:])
    assert opt.state[p]["eta"] == 0.5 and opt.state[p]["mu"] == np.float32(1 / 5)


def test_asgd_and_nadam_keep_their_numbers_in_float32_as_pytorchs_state_tensors():
    p = Value(1.0)
    asgd = ASGD([p], lr=0.1)
    assert asgd.state_dict()["state"] == {}  # buffers come with the first step
    _steps(asgd, [p], [[1.0]])
    state = asgd.state_dict()["state"][0]
    assert type(state["eta"]) is float and state["eta"] == np.float32(0.1 / (1 + 1e-5) ** 0.75)
    assert state["eta"] != 0.1 / (1 + 1e-5) ** 0.75
    q = Value(1.0)
    nadam = NAdam([q])
    _steps(nadam, [q], [[1.0], [1.0]])
    mu = [0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3)) for t in (1, 2)]
    want = np.float32(np.float32(mu[0]) * np.float32(mu[1]))
    assert nadam.state_dict()["state"][0]["mu_product"] == want


# --------------------------------------------------------------------------- state_dict


def _nadam_after_a_step(dtype=np.float64):
    p = Tensor(np.array([1.0, -2.0, 3.0], dtype=dtype), requires_grad=True)
    opt = NAdam([p], lr=0.1)
    p.grad = np.array([0.5, 0.5, -1.0], dtype=dtype)
    opt.step()
    return p, opt


def test_a_state_dict_with_float32_numbers_loads_into_tensors_and_values():
    p, opt = _nadam_after_a_step()
    saved = opt.state_dict()
    q, target = _nadam_after_a_step(np.float32)
    target.load_state_dict(saved)
    assert target.state[q]["mu_product"] == saved["state"][0]["mu_product"]
    assert target.state[q]["exp_avg"].dtype == np.float32
    # a 0-d array (as from PyTorch's 0-d tensor) is taken as its number
    saved["state"][0]["mu_product"] = np.array(0.5)
    target.load_state_dict(saved)
    assert type(target.state[q]["mu_product"]) is float and target.state[q]["mu_product"] == 0.5


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s["state"][0].update(mu_product="0.5"),
     "state 0: mu_product must be a number, got '0.5'"),
    (lambda s: s["state"][0].update(mu_product=np.zeros(3)),
     "state 0: mu_product must be a number, got ndarray"),
    (lambda s: s["state"][0].pop("mu_product"), r"missing \['mu_product'\]"),
    (lambda s: s["state"][0].update(eta=0.5), r"unknown buffers \['eta'\]"),
    (lambda s: s["state"][0].update(exp_avg=np.zeros(2)), "exp_avg has shape"),
])
def test_a_bad_number_in_a_state_dict_is_refused_and_changes_nothing(change, message):
    p, opt = _nadam_after_a_step()
    saved = opt.state_dict()
    before = copy.deepcopy(saved)
    change(saved)
    with pytest.raises(ValueError, match=message):
        opt.load_state_dict(saved)
    after = opt.state_dict()
    assert after["state"][0]["mu_product"] == before["state"][0]["mu_product"]
    assert after["state"][0]["exp_avg"].tolist() == before["state"][0]["exp_avg"].tolist()


def test_rprop_step_sizes_from_json_lists_become_tuples():
    p = Value(1.0)
    opt = Rprop([p])
    saved = opt.state_dict()
    saved["param_groups"][0]["etas"] = [0.4, 1.5]
    saved["param_groups"][0]["step_sizes"] = [0, 1]
    opt.load_state_dict(saved)
    assert opt.param_groups[0]["etas"] == (0.4, 1.5)
    assert opt.param_groups[0]["step_sizes"] == (0.0, 1.0)


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda p: nn.optim.Adamax(p, betas=(0.9, 1.0)), ValueError,
     r"Adamax: betas must be two numbers in \[0, 1\), got tuple \(0.9, 1.0\)"),
    (lambda p: nn.optim.Adamax(p, eps=-1.0), ValueError, "Adamax: eps must be a number >= 0"),
    (lambda p: NAdam(p, momentum_decay=-0.1), ValueError,
     "NAdam: momentum_decay must be a number >= 0, got -0.1"),
    (lambda p: NAdam(p, betas=(-0.5, 0.9)), ValueError, "NAdam: betas must be two numbers"),
    (lambda p: NAdam(p, decoupled_weight_decay=1), TypeError,
     "NAdam: decoupled_weight_decay must be True or False, got 1"),
    (lambda p: RAdam(p, betas=0.9), ValueError, "RAdam: betas must be two numbers"),
    (lambda p: RAdam(p, weight_decay=-1.0), ValueError, "RAdam: weight_decay must be a number"),
    (lambda p: Rprop(p, etas=(0.5, 0.9)), ValueError,
     r"Rprop: etas must be two numbers \(etaminus, etaplus\) with 0 < etaminus < 1 < "
     r"etaplus, got tuple \(0.5, 0.9\)"),
    (lambda p: Rprop(p, etas=(0.0, 1.2)), ValueError, "Rprop: etas must be"),
    (lambda p: Rprop(p, etas=(1.0, 1.2)), ValueError, "Rprop: etas must be"),
    (lambda p: Rprop(p, step_sizes=(1e-6, "50")), ValueError,
     r"Rprop: step_sizes must be two numbers \(min_step, max_step\), got tuple \(1e-06, '50'\)"),
    (lambda p: Rprop(p, lr=-0.1), ValueError, "Rprop: lr must be a number >= 0"),
    (lambda p: ASGD(p, lambd=None), ValueError, "ASGD: lambd must be a number, got None"),
    (lambda p: ASGD(p, t0=float("nan")), ValueError, "ASGD: t0 must be a number, got nan"),
    (lambda p: ASGD(p, weight_decay=-1.0), ValueError, "ASGD: weight_decay must be a number"),
    (lambda p: ASGD(p, maximize="yes"), TypeError, "ASGD: maximize must be True or False"),
])
def test_bad_settings_are_refused_with_pytorchs_error_types(make, error, message):
    with pytest.raises(error, match=message):
        make([Value(1.0)])


def test_asgd_takes_any_lambd_alpha_and_t0_as_pytorch():
    p = Value(1.0)
    opt = ASGD([p], lambd=-0.5, alpha=-1.0, t0=-3.0)
    _steps(opt, [p], [[1.0], [1.0]])
    assert np.isfinite(p.data)


def test_positional_arguments_are_pytorchs_up_to_its_last():
    # PyTorch's ASGD(params, lr, lambd, alpha, t0, weight_decay, foreach, maximize,
    # differentiable, capturable): all positional, so ours are too
    opt = ASGD([Value(1.0)], 0.01, 1e-4, 0.75, 1e6, 0.0, None, True, False, False)
    group = opt.param_groups[0]
    assert (group["foreach"], group["maximize"], group["capturable"]) == (None, True, False)
    with pytest.raises(TypeError):  # fma is ours: keyword-only, past PyTorch's arguments
        ASGD([Value(1.0)], 0.01, 1e-4, 0.75, 1e6, 0.0, None, True, False, False, True)
