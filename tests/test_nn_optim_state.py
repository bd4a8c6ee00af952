"""Optimizer.state_dict / load_state_dict: PyTorch's layout, checked loading, exact resumes."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from optim_cases import GRADS, OPTIMIZER_CASES, START

import nn
from autograd import Tensor, Value
from nn.optim import SGD, Adagrad, Adam, RMSprop

CASE_IDS = [case for case, _, _ in OPTIMIZER_CASES]


def _make(kind, name, settings, fma=False):
    """Two parameters in two groups (a 6-vector and a 2x3 matrix), or six Values."""
    if kind == "value":
        params = [Value(x) for x in START]
        return params, getattr(nn.optim, name)(params, fma=fma, **settings)
    params = [Tensor(np.array(START), requires_grad=True),
              Tensor(np.array(START[::-1]).reshape(2, 3), requires_grad=True)]
    groups = [{"params": [params[0]]}, {"params": [params[1]], "lr": settings.get("lr", 0.1)}]
    return params, getattr(nn.optim, name)(groups, fma=fma, **settings)


def _step(params, opt, g):
    for p in params:
        if isinstance(p, Value):
            p.grad = g[params.index(p)]
        else:
            p.grad = np.reshape(g, p.data.shape) * (1.0 if p.data.ndim == 1 else -0.5)
    opt.step()


@pytest.mark.parametrize("fma", [False, True], ids=["plain", "fma"])
@pytest.mark.parametrize("kind", ["tensor", "value"])
@pytest.mark.parametrize(("case", "name", "settings"), OPTIMIZER_CASES, ids=CASE_IDS)
def test_resuming_from_a_state_dict_is_bit_for_bit_the_straight_run(case, name, settings,
                                                                    kind, fma):
    straight, straight_opt = _make(kind, name, settings, fma)
    for g in GRADS:
        _step(straight, straight_opt, g)

    first, first_opt = _make(kind, name, settings, fma)
    for g in GRADS[:3]:
        _step(first, first_opt, g)
    saved = first_opt.state_dict()
    values = [np.array(p.data, copy=True) for p in first]
    del first, first_opt  # a new process would start from the file alone

    resumed, resumed_opt = _make(kind, name, settings, fma)
    for p, v in zip(resumed, values, strict=True):
        if isinstance(p, Value):
            p.data = float(v)
        else:
            p.data[...] = v
    resumed_opt.load_state_dict(saved)
    for g in GRADS[3:]:
        _step(resumed, resumed_opt, g)

    for a, b in zip(straight, resumed, strict=True):
        assert np.array_equal(a.data, b.data)
    assert _plain(straight_opt.state_dict()) == _plain(resumed_opt.state_dict())


def _plain(state_dict):
    """The state_dict with arrays as lists, to compare with ==."""
    return {"state": {i: {k: v.tolist() if isinstance(v, np.ndarray) else v
                          for k, v in s.items()} for i, s in state_dict["state"].items()},
            "param_groups": state_dict["param_groups"]}


def test_state_dict_has_pytorchs_layout():
    a = Tensor(np.ones(2), requires_grad=True)
    b = Tensor(np.ones((2, 2)), requires_grad=True)
    c = Tensor(np.ones(3), requires_grad=True)
    opt = Adam([{"params": [a, b]}, {"params": [c], "lr": 0.5}], lr=0.1, amsgrad=True)
    a.grad, c.grad = np.ones(2), np.ones(3)  # b has no gradient: no state
    opt.step()
    opt.step()
    saved = opt.state_dict()
    assert list(saved) == ["state", "param_groups"]
    assert list(saved["state"]) == [0, 2]
    assert saved["state"][0]["step"] == 2.0 and type(saved["state"][0]["step"]) is float
    assert sorted(saved["state"][2]) == ["exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"]
    assert saved["state"][2]["exp_avg"].shape == (3,)
    torchs = {"foreach": None, "capturable": False, "differentiable": False, "fused": None,
              "decoupled_weight_decay": False}  # PyTorch's flags, in its groups too
    assert saved["param_groups"] == [
        {"lr": 0.1, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": True,
         "maximize": False, **torchs, "fma": False, "params": [0, 1]},
        {"lr": 0.5, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": True,
         "maximize": False, **torchs, "fma": False, "params": [2]}]


def test_state_dict_and_load_copy_the_arrays():
    p = Tensor(np.ones(2), requires_grad=True)
    opt = SGD([p], lr=0.1, momentum=0.9)
    p.grad = np.ones(2)
    opt.step()
    saved = opt.state_dict()
    saved["state"][0]["momentum_buffer"][:] = 99.0  # the dict is the caller's to change
    assert opt.state[p]["momentum_buffer"].tolist() == [1.0, 1.0]

    fresh_p = Tensor(np.ones(2), requires_grad=True)
    fresh = SGD([fresh_p], lr=0.1, momentum=0.9)
    fresh.load_state_dict(saved)
    buffer = fresh.state[fresh_p]["momentum_buffer"]
    assert buffer.tolist() == [99.0, 99.0]
    assert not np.shares_memory(buffer, saved["state"][0]["momentum_buffer"])
    saved["param_groups"][0]["lr"] = 5.0
    assert fresh.param_groups[0]["lr"] == 0.1


def test_load_takes_the_settings_and_keeps_the_parameters():
    p = Tensor(np.ones(2), requires_grad=True)
    source = RMSprop([p], lr=0.5, momentum=0.5, centered=True)
    p.grad = np.ones(2)
    source.step()
    q = Tensor(np.ones(2), requires_grad=True)
    target = RMSprop([q])
    target.load_state_dict(source.state_dict())
    (group,) = target.param_groups
    assert group["params"] == [q] and group["lr"] == 0.5 and group["centered"]
    assert sorted(target.state[q]) == ["grad_avg", "momentum_buffer", "square_avg", "step"]


def test_loaded_settings_are_normalised_as_the_constructors():
    p = Tensor(np.ones(2), requires_grad=True)
    opt = Adam([p])
    saved = opt.state_dict()
    saved["param_groups"][0]["betas"] = [0.5, 0.75]  # a list, as from a JSON file
    opt.load_state_dict(saved)
    assert opt.param_groups[0]["betas"] == (0.5, 0.75)


def test_plain_sgd_keeps_no_state_as_pytorch():
    p = Tensor(np.ones(2), requires_grad=True)
    opt = SGD([p], lr=0.1)
    p.grad = np.ones(2)
    opt.step()
    assert len(opt.state) == 0 and opt.state_dict()["state"] == {}


def test_loaded_buffers_take_the_parameters_dtype():
    p = Tensor(np.ones(2), requires_grad=True)
    source = Adam([p])
    p.grad = np.ones(2)
    source.step()
    q = Tensor(np.ones(2, dtype=np.float32), requires_grad=True)
    target = Adam([q])
    target.load_state_dict(source.state_dict())
    assert target.state[q]["exp_avg"].dtype == np.float32


def test_entries_beyond_the_settings_are_kept_as_pytorch_does():
    # a scheduler writes initial_lr into the groups; the state must load without one
    p = Tensor(np.ones(2), requires_grad=True)
    source = SGD([p], lr=0.1)
    nn.optim.lr_scheduler.StepLR(source, step_size=2)
    q = Tensor(np.ones(2), requires_grad=True)
    target = SGD([q], lr=0.3)
    target.load_state_dict(source.state_dict())
    assert target.param_groups[0]["initial_lr"] == 0.1 and target.lr == 0.1


def test_adagrad_has_state_before_its_first_step_as_pytorch():
    p = Value(1.0)
    opt = Adagrad([p], initial_accumulator_value=0.5)
    saved = opt.state_dict()
    assert saved["state"][0]["step"] == 0.0
    assert saved["state"][0]["sum"].shape == () and float(saved["state"][0]["sum"]) == 0.5


def _trained_adam():
    a, b = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones((2, 3)), requires_grad=True)
    opt = Adam([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1)
    a.grad, b.grad = np.ones(2), np.ones((2, 3))
    opt.step()
    return opt


def _broken(change):
    saved = _trained_adam().state_dict()
    change(saved)
    return saved


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s["param_groups"].pop(), "the state has 1 parameter groups, this optimizer 2"),
    (lambda s: s["param_groups"][1]["params"].append(7),
     "group 1 has 2 parameters, this optimizer's 1"),
    (lambda s: s["state"][1].update(exp_avg=np.zeros((3, 2))),
     r"state 1: exp_avg has shape \(3, 2\), the parameter \(2, 3\)"),
    (lambda s: s["state"][0].update(exp_avg=np.array(["a", "b"])),
     "state 0: exp_avg is not numbers"),
    (lambda s: s["state"][0].update(momentum_buffer=np.zeros(2)),
     r"state 0: unknown buffers \['momentum_buffer'\]"),
    (lambda s: s["state"][0].pop("exp_avg_sq"), r"missing \['exp_avg_sq'\]"),
    (lambda s: s["state"][0].update(step=-1.0), "state 0: step must be a whole number >= 0"),
    (lambda s: s["state"][0].update(step=1.5), "state 0: step must be a whole number >= 0"),
    (lambda s: s["state"].update({5: {}}), "state 5 is for no parameter"),
    (lambda s: s["param_groups"][0].update(lr=-1.0), "group 0: Adam: lr must be a number >= 0"),
    (lambda s: s["param_groups"][0].update(betas=(0.9, 1.5)), "group 0: Adam: betas must be"),
    (lambda s: s["param_groups"][1].pop("eps"), r"group 1 lacks the settings \['eps'\]"),
    (lambda s: s.pop("state"), "expected a dict with the keys 'state' and 'param_groups'"),
    (lambda s: s["param_groups"][1].update(params=[0]), "parameter index 0 is used twice"),
])
def test_a_bad_state_dict_is_refused_and_changes_nothing(change, message):
    opt = _trained_adam()
    before = copy.deepcopy(_plain(opt.state_dict()))
    with pytest.raises(ValueError, match=message):
        opt.load_state_dict(_broken(change))
    assert _plain(opt.state_dict()) == before


def test_every_problem_is_listed_at_once():
    def two_problems(s):
        s["state"][0]["exp_avg"] = np.zeros(5)
        s["param_groups"][1]["lr"] = -2.0

    with pytest.raises(ValueError, match=r"group 1: .*lr.*; state 0: exp_avg has shape"):
        _trained_adam().load_state_dict(_broken(two_problems))
