"""nn.optim.lr_scheduler's ConstantLR, LinearLR, MultiplicativeLR, PolynomialLR,
CosineAnnealingWarmRestarts, CyclicLR, SequentialLR and ChainedScheduler: PyTorch's lr
sequences exactly, its warnings, its state_dict layout, and clear errors.

The cases (and the loop that runs them) are in torch_reference_schedulers.py; PyTorch's
lrs and momenta, after construction and after each step, are in
torch_numbers_schedulers.py, printed by it. Schedules are Python float arithmetic in both
libraries, so the numbers are equal with ==.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from torch_numbers_schedulers import TORCH_SCHEDULES
from torch_reference_schedulers import run

import nn
from autograd import Tensor
from nn.optim import SGD, Adagrad, Adam, lr_scheduler
from nn.optim.lr_scheduler import (
    EPOCH_DEPRECATION_WARNING,
    ChainedScheduler,
    ConstantLR,
    CosineAnnealingWarmRestarts,
    CyclicLR,
    ExponentialLR,
    LinearLR,
    MultiplicativeLR,
    MultiStepLR,
    PolynomialLR,
    ReduceLROnPlateau,
    SequentialLR,
    StepLR,
)


def _param():
    return Tensor(np.zeros(1), requires_grad=True)


def _sgd(lrs=(0.1,), **settings):
    return SGD([{"params": [_param()], "lr": lr} for lr in lrs], **settings)


@pytest.mark.parametrize("case", sorted(TORCH_SCHEDULES))
def test_lrs_momenta_and_state_dict_keys_equal_pytorchs(case):
    torch_run = TORCH_SCHEDULES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = run(torch_run["case"], nn.optim, lr_scheduler, _param)
    assert ours["lrs"] == torch_run["lrs"]
    assert ours["momenta"] == torch_run["momenta"]
    assert ours["state_keys"] == torch_run["state_keys"]
    assert ours["inner_state_keys"] == torch_run["inner_state_keys"]
    assert ours["last_epoch"] == torch_run["last_epoch"]


def _steps(opt, scheduler, count):
    for _ in range(count):
        opt.step()
        scheduler.step()


MAKERS = {
    "constant": lambda o: ConstantLR(o, factor=0.5, total_iters=7),
    "linear": lambda o: LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=10),
    "multiplicative": lambda o: MultiplicativeLR(o, lambda epoch: 0.9),
    "polynomial": lambda o: PolynomialLR(o, total_iters=12, power=1.7),
    "restarts": lambda o: CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01),
    "cyclic": lambda o: CyclicLR(o, 0.01, 0.1, step_size_up=3, mode="triangular2"),
    "sequential": lambda o: SequentialLR(o, [LinearLR(o, 0.2, total_iters=4),
                                             CyclicLR(o, 0.01, 0.1, 2),
                                             ExponentialLR(o, 0.9)], milestones=[5, 9]),
    "chained": lambda o: ChainedScheduler([ConstantLR(o, 0.5, 6), ExponentialLR(o, 0.95),
                                           CosineAnnealingWarmRestarts(o, 4)]),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_save_and_resume_gives_the_straight_sequence(name):
    make = MAKERS[name]
    straight_opt = _sgd(momentum=0.9)
    straight = make(straight_opt)
    _steps(straight_opt, straight, 15)
    opt = _sgd(momentum=0.9)
    scheduler = make(opt)
    _steps(opt, scheduler, 6)
    saved_opt, saved = opt.state_dict(), scheduler.state_dict()
    resumed_opt = _sgd(momentum=0.9)
    resumed = make(resumed_opt)  # PyTorch's order: the scheduler, then both states
    resumed_opt.load_state_dict(saved_opt)
    resumed.load_state_dict(saved)
    _steps(resumed_opt, resumed, 9)
    assert resumed.get_last_lr() == straight.get_last_lr()
    assert resumed_opt.param_groups[0]["lr"] == straight_opt.param_groups[0]["lr"]
    assert resumed_opt.param_groups[0]["momentum"] == straight_opt.param_groups[0]["momentum"]


def test_cyclic_state_dict_keeps_callable_objects_not_functions():
    class Halving:
        def __init__(self):
            self.rate = 0.5

        def __call__(self, x):
            return self.rate**x

    scheduler = CyclicLR(_sgd(momentum=0.9), 0.01, 0.1, 2, scale_fn=Halving())
    saved = scheduler.state_dict()
    assert saved["_scale_fn_custom"] == {"rate": 0.5} and "_scale_fn_ref" not in saved
    saved["_scale_fn_custom"]["rate"] = 0.25
    scheduler.load_state_dict(saved)
    assert scheduler.scale_fn(2) == 0.25**2
    plain = CyclicLR(_sgd(momentum=0.9), 0.01, 0.1, 2, scale_fn=lambda x: 1.0)
    assert plain.state_dict()["_scale_fn_custom"] is None
    with pytest.raises(ValueError, match="this CyclicLR has no scale_fn"):
        CyclicLR(_sgd(momentum=0.9), 0.01, 0.1, 2).load_state_dict(saved)


def test_cyclic_sets_the_groups_lr_and_momentum_or_beta1():
    opt = _sgd([0.5, 0.5], momentum=0.0)
    CyclicLR(opt, [0.01, 0.02], 0.1, base_momentum=0.7, max_momentum=[0.9, 0.95])
    assert [g["lr"] for g in opt.param_groups] == [0.01, 0.02]
    assert [g["momentum"] for g in opt.param_groups] == [0.9, 0.95]
    assert [g["base_momentum"] for g in opt.param_groups] == [0.7, 0.7]
    adam = Adam([_param()], betas=(0.8, 0.99))
    CyclicLR(adam, 0.001, 0.01)
    assert adam.param_groups[0]["betas"] == (0.9, 0.99)


@pytest.mark.parametrize("make", [
    lambda o: ConstantLR(o), lambda o: LinearLR(o), lambda o: PolynomialLR(o),
    lambda o: MultiplicativeLR(o, lambda e: 0.9), lambda o: CyclicLR(o, 0.01, 0.1),
], ids=["constant", "linear", "polynomial", "multiplicative", "cyclic"])
def test_warnings_as_pytorch(make):
    opt = _sgd(momentum=0.9)
    scheduler = make(opt)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        scheduler.step()
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        scheduler.get_lr()
    opt.step()
    with pytest.warns(UserWarning, match=re.escape(EPOCH_DEPRECATION_WARNING[:40])):
        scheduler.step(3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scheduler.step()  # after an optimizer step: silent


def test_warm_restarts_never_warns_about_epochs_or_order():
    opt = _sgd()
    scheduler = CosineAnnealingWarmRestarts(opt, T_0=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scheduler.step()
        scheduler.step(2.5)  # fractional epochs are its documented use
        scheduler.step()
    assert scheduler.last_epoch == 3 and scheduler.T_cur == 3.5
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        scheduler.get_lr()
    with pytest.raises(ValueError, match="step: epoch must be a number >= 0, got -1"):
        scheduler.step(-1)


def test_sequential_and_chained_pass_on_their_schedulers_warnings():
    opt = _sgd()
    sequential = SequentialLR(opt, [ConstantLR(opt), ExponentialLR(opt, 0.9)], [2])
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sequential.step()
    opt = _sgd()
    chained = ChainedScheduler([ConstantLR(opt), ExponentialLR(opt, 0.9)])
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        chained.step()


def test_a_schedule_that_pytorch_divides_by_zero_names_the_cause():
    opt = _sgd()
    scheduler = ConstantLR(opt, factor=0.0, total_iters=2)  # fine until epoch 2
    _steps(opt, scheduler, 1)
    assert scheduler.get_last_lr() == [0.0]
    with pytest.raises(ZeroDivisionError, match="ConstantLR: at epoch total_iters=2 .* factor"):
        _steps(opt, scheduler, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ZeroDivisionError, match="LinearLR: step\\(epoch\\) .* total_iters"):
            LinearLR(_sgd(), total_iters=0).step(3)
    scheduler = PolynomialLR(opt, total_iters=2, power=-0.5)
    _steps(opt, scheduler, 1)
    with pytest.raises(ZeroDivisionError, match="PolynomialLR: .* power is -0.5 < 0"):
        _steps(opt, scheduler, 1)


def test_sequential_state_dict_holds_its_schedulers_states():
    opt = _sgd()
    scheduler = SequentialLR(opt, [ConstantLR(opt), MultiStepLR(opt, [3])], [4])
    saved = scheduler.state_dict()
    assert saved["_milestones"] == [4] and saved["_schedulers"][1]["milestones"] == {3: 1}
    with pytest.raises(ValueError, match="expected '_schedulers', a list of 2 state_dicts"):
        scheduler.load_state_dict({**saved, "_schedulers": saved["_schedulers"][:1]})


def _other_sgd_step(o):
    return StepLR(_sgd(), 2)


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda o: ConstantLR(o, factor=1.5), ValueError, "ConstantLR: factor must be between 0 "
     "and 1, got 1.5"),
    (lambda o: ConstantLR(o, total_iters=-1), ValueError, "total_iters must be an integer >= 0"),
    (lambda o: LinearLR(o, start_factor=0), ValueError, "start_factor must be greater than 0"),
    (lambda o: LinearLR(o, end_factor=-0.5), ValueError, "end_factor must be between 0 and 1"),
    (lambda o: LinearLR(o, total_iters=2.5), ValueError, "LinearLR: total_iters must be an"),
    (lambda o: MultiplicativeLR(o, 0.9), TypeError, "MultiplicativeLR: lr_lambda must be a"),
    (lambda o: MultiplicativeLR(o, [abs, abs]), ValueError, "MultiplicativeLR: expected 1 "),
    (lambda o: PolynomialLR(o, power="2"), ValueError, "PolynomialLR: power must be a number"),
    (lambda o: CosineAnnealingWarmRestarts(o, T_0=0), ValueError, "T_0 must be a positive"),
    (lambda o: CosineAnnealingWarmRestarts(o, 5, T_mult=1.5), ValueError, "T_mult must be a"),
    (lambda o: CosineAnnealingWarmRestarts(o, 5, eta_min=None), ValueError, "eta_min must be"),
    (lambda o: CyclicLR(o, 0.01, [0.1, 0.2]), ValueError, "CyclicLR: max_lr has 2 values"),
    (lambda o: CyclicLR(o, 0.01, 0.1, step_size_up=0), ValueError, "step_size_up must be a "
     "number > 0, got 0"),
    (lambda o: CyclicLR(o, 0.01, 0.1, step_size_down=-1), ValueError, "step_size_down must be"),
    (lambda o: CyclicLR(o, 0.01, 0.1, mode="square"), ValueError, "mode must be 'triangular'"),
    (lambda o: CyclicLR(o, 0.01, 0.1, scale_fn=2), TypeError, "scale_fn must be a function"),
    (lambda o: CyclicLR(o, 0.01, 0.1, scale_mode="epoch"), ValueError, "'cycle' or 'iter"),
    (lambda o: CyclicLR(o, 0.01, 0.1, cycle_momentum=1), TypeError, "cycle_momentum must be"),
    (lambda o: CyclicLR(Adagrad(o.param_groups[0]["params"]), 0.01, 0.1), ValueError,
     "Adagrad has neither momentum nor betas"),
    (lambda o: CyclicLR(o, 0.01, 0.1, last_epoch=-2), ValueError, "CyclicLR: last_epoch must"),
    (lambda o: CyclicLR("sgd", 0.01, 0.1), TypeError, "CyclicLR: str is not an Optimizer"),
    (lambda o: SequentialLR(o, [], []), ValueError, "SequentialLR: expected at least one"),
    (lambda o: SequentialLR(o, StepLR(o, 2), []), TypeError, "schedulers must be a list"),
    (lambda o: SequentialLR(o, [StepLR(o, 2), "x"], [2]), TypeError, "schedulers\\[1\\] is 'x'"),
    (lambda o: SequentialLR(o, [ReduceLROnPlateau(o)], []), ValueError, "ReduceLROnPlateau, "
     "which cannot"),
    (lambda o: SequentialLR(o, [StepLR(o, 2), StepLR(o, 3)], [2, 4]), ValueError,
     "one milestone fewer than schedulers: 2 schedulers, 2 milestones"),
    (lambda o: SequentialLR(o, [StepLR(o, 2), StepLR(o, 3)], [2.5]), ValueError,
     "milestones must be integers"),
    (lambda o: SequentialLR(o, [StepLR(o, 2), _other_sgd_step(o)], [2]), ValueError,
     "schedulers\\[1\\] \\(StepLR\\) belongs to another"),
    (lambda o: ChainedScheduler([]), ValueError, "ChainedScheduler: expected at least one"),
    (lambda o: ChainedScheduler([StepLR(o, 2)], optimizer=_sgd()), ValueError,
     "all schedulers must belong to the optimizer"),
    (lambda o: ChainedScheduler([StepLR(o, 2), _other_sgd_step(o)]), ValueError,
     "belongs to another"),
])
def test_bad_settings_name_the_scheduler(make, error, message):
    with pytest.raises(error, match=message):
        make(_sgd(momentum=0.9))
