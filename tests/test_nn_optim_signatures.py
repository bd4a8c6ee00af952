"""Every optimizer takes PyTorch's arguments, in PyTorch's order, with PyTorch's defaults and
kinds (positional or keyword-only), and `fma` last (ours, keyword-only); PyTorch's flags
that choose among its implementations (foreach, fused, capturable, differentiable) are
taken where gradproof computes what PyTorch would, and refused with a clear error where not.

The signatures are torch 2.13's, as inspect.signature shows them (annotations left out),
written in by hand (tests/test_nn_optim_torch.py also checks them against the generated
tests/torch_numbers.py). What PyTorch 2.13 computes with foreach=True and fused=True on the
CPU was compared once, case by case, with its single-tensor numbers (torch_reference.py's
cases, with ATEN_CPU_CAPABILITY=default and AVX2): foreach=True gives them bit for bit for
every optimizer but ASGD, NAdam and RAdam; fused=True does not on AVX2.
"""

from __future__ import annotations

import numpy as np
import pytest
from error_sweep import parameters
from optim_cases import GRADS, OPTIMIZER_CASES, START
from torch_numbers import TORCH_PLAIN

import nn
from autograd import Tensor

PYTORCH = {  # torch.optim.X.__init__, after self
    "SGD": "params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, "
           "maximize=False, foreach=None, differentiable=False, fused=None",
    "ASGD": "params, lr=0.01, lambd=0.0001, alpha=0.75, t0=1000000.0, weight_decay=0, "
            "foreach=None, maximize=False, differentiable=False, capturable=False",
    "Rprop": "params, lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-06, 50), *, capturable=False, "
             "foreach=None, maximize=False, differentiable=False",
    "Adagrad": "params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, "
               "eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None",
    "RMSprop": "params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, "
               "centered=False, capturable=False, foreach=None, maximize=False, "
               "differentiable=False",
    "Adadelta": "params, lr=1.0, rho=0.9, eps=1e-06, weight_decay=0, foreach=None, *, "
                "capturable=False, maximize=False, differentiable=False",
    "Adam": "params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, "
            "*, foreach=None, maximize=False, capturable=False, differentiable=False, "
            "fused=None, decoupled_weight_decay=False",
    "AdamW": "params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, "
             "amsgrad=False, *, maximize=False, foreach=None, capturable=False, "
             "differentiable=False, fused=None",
    "Adamax": "params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, foreach=None, "
              "*, maximize=False, differentiable=False, capturable=False",
    "NAdam": "params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, "
             "momentum_decay=0.004, decoupled_weight_decay=False, *, foreach=None, "
             "maximize=False, capturable=False, differentiable=False",
    "RAdam": "params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, "
             "decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False, "
             "differentiable=False",
    "LBFGS": "params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-07, "
             "tolerance_change=1e-09, history_size=100, line_search_fn=None",
}
FOREACH_DIFFERS = {"ASGD", "NAdam", "RAdam"}  # PyTorch's multi-tensor update rounds otherwise
FLAGS = ("foreach", "fused", "capturable", "differentiable")


def _spelled(text: str) -> list[tuple[str, object, str]]:
    """(name, default, kind) of each argument of a signature written as Python's."""
    return _arguments(eval(f"lambda {text}: None"))  # noqa: S307 (the literals above)


def _arguments(fn: object) -> list[tuple[str, object, str]]:
    return [(p.name, p.default, "keyword" if p.kind is p.KEYWORD_ONLY else "positional")
            for p in parameters(fn)]


def _takes(name: str, flag: str) -> bool:
    return f" {flag}=" in PYTORCH[name]


@pytest.mark.parametrize("name", sorted(PYTORCH))
def test_signatures_are_pytorchs_then_fma(name):
    # (0 == 0.0: PyTorch's int defaults of float settings are ours as floats)
    separator = ", " if "*" in PYTORCH[name] else ", *, "
    assert _arguments(getattr(nn.optim, name)) == _spelled(
        PYTORCH[name] + separator + "fma=False")


@pytest.mark.parametrize("name", sorted(set(PYTORCH) - {"LBFGS"}))
def test_groups_hold_pytorchs_flags_with_their_defaults(name):
    p = Tensor(np.zeros(2), requires_grad=True)
    group = getattr(nn.optim, name)([p]).param_groups[0]
    flags = {flag: group[flag] for flag in FLAGS if flag in group}
    assert flags == {flag: None if flag in ("foreach", "fused") else False
                     for flag in FLAGS if _takes(name, flag)}


@pytest.mark.parametrize(("case", "name", "settings"), OPTIMIZER_CASES,
                         ids=[case for case, _, _ in OPTIMIZER_CASES])
def test_foreach_is_taken_where_pytorchs_numbers_are_the_single_tensor_ones(case, name,
                                                                             settings):
    p = Tensor(np.array(START), requires_grad=True)
    if name in FOREACH_DIFFERS:
        with pytest.raises(ValueError, match=rf"{name}: foreach=True is not supported: "
                                             rf"PyTorch's multi-tensor {name} rounds"):
            getattr(nn.optim, name)([p], foreach=True, **settings)
        return
    opt = getattr(nn.optim, name)([p], foreach=True, **settings)
    for g in GRADS:
        p.grad = np.array(g)
        opt.step()
    assert p.data.tolist() == TORCH_PLAIN[case]["param"]
    for foreach in (None, False):  # PyTorch's default on the CPU, and its single-tensor one
        assert getattr(nn.optim, name)([p], foreach=foreach, **settings)


@pytest.mark.parametrize("name", sorted(set(PYTORCH) - {"LBFGS"}))
def test_what_gradproof_cannot_honour_is_a_clear_error(name):
    p = Tensor(np.zeros(2), requires_grad=True)
    optimizer = getattr(nn.optim, name)
    why = {"fused": "PyTorch's fused CPU kernel rounds in its own way",
           "capturable": "it is for CUDA graphs",
           "differentiable": r"gradproof's step changes the parameters' \.data in place"}
    for flag, reason in why.items():
        if _takes(name, flag):
            with pytest.raises(ValueError, match=rf"{name}: {flag}=True is not supported: "
                                                 rf"{reason}"):
                optimizer([p], **{flag: True})
            assert optimizer([p], **{flag: False}).param_groups[0][flag] is False
    with pytest.raises(TypeError, match=rf"{name}: foreach must be True or False, or None, "
                                        r"got 'yes'"):
        optimizer([p], foreach="yes")
    if _takes(name, "capturable"):
        with pytest.raises(TypeError, match=rf"{name}: capturable must be True or False, "
                                            r"got None"):
            optimizer([p], capturable=None)


def test_a_group_of_its_own_is_checked_too():
    a, b = (Tensor(np.zeros(2), requires_grad=True) for _ in range(2))
    with pytest.raises(ValueError, match=r"Adam: differentiable=True is not supported"):
        nn.optim.Adam([{"params": [a]}, {"params": [b], "differentiable": True}])


def test_a_state_saved_without_the_flags_loads_with_pytorchs_defaults():
    # (a state_dict saved before gradproof took them, as PyTorch's __setstate__ fills them)
    p = Tensor(np.ones(2), requires_grad=True)
    saved = nn.optim.Adam([p], lr=0.1).state_dict()
    for key in (*FLAGS, "decoupled_weight_decay"):
        del saved["param_groups"][0][key]
    fresh = nn.optim.Adam([p], foreach=False, decoupled_weight_decay=True)
    fresh.load_state_dict(saved)
    group = fresh.param_groups[0]
    assert (group["lr"], group["foreach"], group["decoupled_weight_decay"]) == (0.1, None,
                                                                                 False)


def test_adamw_stays_decoupled_whatever_it_loads():
    # PyTorch's AdamW: a state saved by Adam loads as AdamW's
    p = Tensor(np.ones(2), requires_grad=True)
    adamw = nn.optim.AdamW([p])
    assert adamw.param_groups[0]["decoupled_weight_decay"] is True
    adamw.load_state_dict(nn.optim.Adam([p], weight_decay=0.1).state_dict())
    assert adamw.param_groups[0]["decoupled_weight_decay"] is True
    assert adamw.param_groups[0]["weight_decay"] == 0.1


def test_adams_decoupled_weight_decay_is_a_flag():
    p = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(TypeError, match=r"Adam: decoupled_weight_decay must be True or False, "
                                        r"got 1"):
        nn.optim.Adam([p], decoupled_weight_decay=1)
