"""nn.optim.lr_scheduler: PyTorch's lr sequences, exactly, and its habits.

The cases are in optim_cases.py; PyTorch's lrs (after construction, then after each step)
are in torch_numbers.py, printed by torch_reference.py. Schedules are Python float
arithmetic in both libraries, so the numbers are equal with ==.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from optim_cases import PLATEAU_CASES, PLATEAU_METRICS, SCHEDULER_CASES
from torch_numbers import TORCH_CLOSED_FORM, TORCH_PLATEAU, TORCH_SCHEDULES

import nn
from autograd import Tensor
from nn.optim import SGD, Adagrad, Adam, lr_scheduler
from nn.optim.lr_scheduler import (
    CosineAnnealingLR,
    ExponentialLR,
    LambdaLR,
    MultiStepLR,
    OneCycleLR,
    ReduceLROnPlateau,
    StepLR,
)


def _optimizer(name, settings, lrs):
    groups = [{"params": [Tensor(np.zeros(1), requires_grad=True)], "lr": lr} for lr in lrs]
    return getattr(nn.optim, name)(groups, **settings)


def _momenta(opt):
    return [g["betas"][0] if "betas" in g else g.get("momentum") for g in opt.param_groups]


@pytest.mark.parametrize(("case", "name", "settings", "opt_name", "opt_settings", "lrs",
                          "steps"), SCHEDULER_CASES, ids=[c[0] for c in SCHEDULER_CASES])
def test_lrs_and_momenta_equal_pytorchs(case, name, settings, opt_name, opt_settings, lrs,
                                        steps):
    opt = _optimizer(opt_name, opt_settings, lrs)
    scheduler = getattr(lr_scheduler, name)(opt, **settings)
    lr_trace, momentum_trace = [scheduler.get_last_lr()], [_momenta(opt)]
    for _ in range(steps):
        opt.step()
        scheduler.step()
        lr_trace.append(scheduler.get_last_lr())
        momentum_trace.append(_momenta(opt))
        assert [g["lr"] for g in opt.param_groups] == lr_trace[-1]
    assert lr_trace == TORCH_SCHEDULES[case]["lrs"]
    assert momentum_trace == TORCH_SCHEDULES[case]["momenta"]
    assert scheduler.last_epoch == steps


@pytest.mark.parametrize("case", sorted(TORCH_CLOSED_FORM["runs"]))
def test_step_with_an_epoch_uses_the_closed_form_and_warns(case):
    opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=0.1)
    scheduler = {"step": lambda: StepLR(opt, step_size=7, gamma=0.5),
                 "multistep": lambda: MultiStepLR(opt, [5, 12, 12], 0.3),
                 "exponential": lambda: ExponentialLR(opt, gamma=0.93),
                 "cosine": lambda: CosineAnnealingLR(opt, 15, 0.001)}[case]()
    trace = []
    for epoch in TORCH_CLOSED_FORM["epochs"]:
        opt.step()
        with pytest.warns(UserWarning, match="epoch parameter in `scheduler.step\\(\\)`"):
            scheduler.step(epoch)
        trace.append(scheduler.get_last_lr()[0])
        assert scheduler.last_epoch == epoch
    assert trace == TORCH_CLOSED_FORM["runs"][case]


@pytest.mark.parametrize(("case", "settings", "lrs"), PLATEAU_CASES,
                         ids=[c[0] for c in PLATEAU_CASES])
def test_reduce_on_plateau_equals_pytorch(case, settings, lrs):
    opt = _optimizer("SGD", {}, lrs)
    scheduler = ReduceLROnPlateau(opt, **settings)
    trace = []
    for metric in PLATEAU_METRICS:
        scheduler.step(metric)
        trace.append(scheduler.get_last_lr())
    assert trace == TORCH_PLATEAU[case]


def test_reduce_on_plateau_takes_a_0d_tensor_or_array_metric():
    opt = _optimizer("SGD", {}, [0.1])
    scheduler = ReduceLROnPlateau(opt, patience=0)
    scheduler.step(Tensor(1.0))
    scheduler.step(np.array(2.0))
    assert scheduler.get_last_lr() == [0.1 * 0.1] and scheduler.best == 1.0
    with pytest.raises(TypeError, match="ReduceLROnPlateau.step: metrics must be a number"):
        scheduler.step("low")


def test_the_constructor_sets_initial_lr_and_takes_the_first_step():
    opt = _optimizer("SGD", {}, [0.1, 0.2])
    scheduler = StepLR(opt, step_size=2)
    assert [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.2]
    assert scheduler.base_lrs == [0.1, 0.2] and scheduler.last_epoch == 0
    assert scheduler.get_last_lr() == [0.1, 0.2]
    scheduler.get_last_lr().append(9)  # a copy: the scheduler's list is its own
    assert scheduler.get_last_lr() == [0.1, 0.2]


def test_schedules_chain_on_the_current_lr():
    # chainable forms multiply the group's lr as it is, so two schedules compose
    opt = _optimizer("SGD", {}, [1.0])
    first, second = StepLR(opt, step_size=2, gamma=0.5), ExponentialLR(opt, gamma=0.9)
    for _ in range(4):
        opt.step()
        first.step()
        second.step()
    assert opt.lr == pytest.approx(0.25 * 0.9**4, rel=1e-15)


def _run(make_scheduler, steps):
    opt = _optimizer("SGD", dict(momentum=0.9), [0.1])
    scheduler = make_scheduler(opt)
    for _ in range(steps):
        opt.step()
        scheduler.step()
    return opt, scheduler


@pytest.mark.parametrize("make", [
    lambda o: StepLR(o, step_size=3, gamma=0.5),
    lambda o: MultiStepLR(o, [2, 5, 9]),
    lambda o: ExponentialLR(o, 0.8),
    lambda o: CosineAnnealingLR(o, T_max=7, eta_min=0.01),
    lambda o: LambdaLR(o, lambda epoch: 1 / (epoch + 1)),
    lambda o: OneCycleLR(o, max_lr=1.0, total_steps=20),
], ids=["step", "multistep", "exponential", "cosine", "lambda", "onecycle"])
def test_save_and_resume_gives_the_straight_sequence(make):
    straight_opt, straight = _run(make, 15)
    opt, scheduler = _run(make, 6)
    saved_opt, saved = opt.state_dict(), scheduler.state_dict()
    resumed_opt = _optimizer("SGD", dict(momentum=0.9), [0.1])
    resumed = make(resumed_opt)  # PyTorch's order: the scheduler, then both states
    resumed_opt.load_state_dict(saved_opt)
    resumed.load_state_dict(saved)
    for _ in range(9):
        resumed_opt.step()
        resumed.step()
    assert resumed.get_last_lr() == straight.get_last_lr()
    assert resumed_opt.param_groups[0]["momentum"] == straight_opt.param_groups[0]["momentum"]
    assert resumed.last_epoch == straight.last_epoch == 15


def test_state_dict_is_a_copy_without_the_optimizer():
    opt = _optimizer("SGD", {}, [0.1])
    scheduler = MultiStepLR(opt, [3])
    saved = scheduler.state_dict()
    assert "optimizer" not in saved and saved["last_epoch"] == 0
    saved["milestones"][7] = 1
    assert 7 not in scheduler.milestones
    with pytest.raises(ValueError, match="unknown entries \\['T_max'\\]"):
        scheduler.load_state_dict({"T_max": 3})


def test_lambda_state_dict_keeps_callable_objects_not_functions():
    class Halving:
        def __init__(self):
            self.rate = 0.5

        def __call__(self, epoch):
            return self.rate**epoch

    opt = _optimizer("SGD", {}, [0.1, 0.1])
    scheduler = LambdaLR(opt, [Halving(), lambda epoch: 1.0])
    saved = scheduler.state_dict()
    assert saved["lr_lambdas"] == [{"rate": 0.5}, None]
    saved["lr_lambdas"][0]["rate"] = 0.25
    scheduler.load_state_dict(saved)
    opt.step()
    scheduler.step()
    assert scheduler.get_last_lr() == [0.1 * 0.25, 0.1]


def test_resuming_with_last_epoch_needs_initial_lr():
    with pytest.raises(KeyError, match="'initial_lr' is not specified in param_groups\\[0\\]"):
        StepLR(_optimizer("SGD", {}, [0.1]), step_size=2, last_epoch=3)
    opt = _optimizer("SGD", {}, [0.1])
    opt.param_groups[0]["initial_lr"] = 0.1
    assert StepLR(opt, step_size=2, last_epoch=3).last_epoch == 4


def test_warnings_as_pytorch():
    opt = _optimizer("SGD", {}, [0.1])
    scheduler = StepLR(opt, step_size=2)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        scheduler.step()
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        scheduler.get_lr()
    opt.step()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scheduler.step()  # after an optimizer step: silent


def test_one_cycle_cycles_adams_beta1_and_stops_at_total_steps():
    opt = Adam([Tensor(np.zeros(1), requires_grad=True)], betas=(0.9, 0.99))
    scheduler = OneCycleLR(opt, max_lr=0.01, total_steps=4)
    assert opt.param_groups[0]["betas"] == (0.95, 0.99)
    assert opt.param_groups[0]["max_lr"] == 0.01 and opt.param_groups[0]["min_lr"] == 0.01 / 25e4
    for _ in range(4):
        opt.step()
        scheduler.step()
    with pytest.raises(ValueError, match="OneCycleLR: tried to step 5 times; total_steps is 4"):
        scheduler.step()


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda o: StepLR(o, step_size=0), ValueError, "StepLR: step_size must be a number > 0"),
    (lambda o: StepLR(o, 2, gamma="x"), ValueError, "StepLR: gamma must be a number"),
    (lambda o: MultiStepLR(o, [1.5]), ValueError, "MultiStepLR: milestones must be integers"),
    (lambda o: CosineAnnealingLR(o, T_max=0), ValueError, "T_max must be a number > 0, got 0"),
    (lambda o: LambdaLR(o, [lambda e: 1.0] * 2), ValueError, "expected 1 lr_lambdas, got 2"),
    (lambda o: LambdaLR(o, 0.5), TypeError, "LambdaLR: lr_lambda must be a function"),
    (lambda o: ExponentialLR(o, 0.9, last_epoch=-2), ValueError, "last_epoch must be"),
    (lambda o: ExponentialLR("sgd", 0.9), TypeError, "ExponentialLR: str is not an Optimizer"),
    (lambda o: OneCycleLR(o, 0.1), ValueError, "give total_steps, or epochs and"),
    (lambda o: OneCycleLR(o, 0.1, total_steps=0), ValueError, "total_steps must be a positive"),
    (lambda o: OneCycleLR(o, 0.1, 10, pct_start=1.5), ValueError, "pct_start must be a float"),
    (lambda o: OneCycleLR(o, 0.1, 10, anneal_strategy="exp"), ValueError, "'cos' or 'linear'"),
    (lambda o: OneCycleLR(o, [0.1, 0.2], 10), ValueError, "max_lr has 2 values, the optimizer"),
    (lambda o: OneCycleLR(Adagrad(o.param_groups[0]["params"]), 0.1, 10), ValueError,
     "Adagrad has neither momentum nor betas"),
    (lambda o: ReduceLROnPlateau(o, factor=1.0), ValueError, "factor must be < 1.0"),
    (lambda o: ReduceLROnPlateau(o, mode="lowest"), ValueError, "mode must be 'min' or 'max'"),
    (lambda o: ReduceLROnPlateau(o, threshold_mode="x"), ValueError, "'rel' or 'abs'"),
    (lambda o: ReduceLROnPlateau(o, patience=-1), ValueError, "patience must be a number of"),
    (lambda o: ReduceLROnPlateau(o, min_lr=[0, 0]), ValueError, "expected 1 min_lrs, got 2"),
])
def test_bad_settings_name_the_scheduler(make, error, message):
    with pytest.raises(error, match=message):
        make(_optimizer("SGD", {}, [0.1]))
