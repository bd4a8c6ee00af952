"""Every optimizer gives PyTorch's numbers bit for bit, in float64, for Tensor and Value.

The cases are in optim_cases.py: a parameter of six coordinates, seven fixed gradients,
44 settings. PyTorch's parameter and buffers after the seven steps are in torch_numbers.py,
printed by torch_reference.py from torch.optim (foreach=False) run twice: with its portable
CPU kernels (our default, fma=False) and with its AVX2 kernels, which fuse multiply-adds
(fma=True). Equality is exact: `==` on the floats, no tolerance.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from optim_cases import GRADS, OPTIMIZER_CASES, START
from torch_numbers import (
    TORCH_FMA,
    TORCH_GROUP_KEYS,
    TORCH_PLAIN,
    TORCH_SIGNATURES,
    TORCH_STATE_KEYS,
)

import nn
from autograd import Tensor, Value

CASE_IDS = [case for case, _, _ in OPTIMIZER_CASES]
REFERENCES = {False: TORCH_PLAIN, True: TORCH_FMA}


def _train_tensor(name, settings, fma, dtype=np.float64):
    p = Tensor(np.array(START, dtype=dtype), requires_grad=True)
    opt = getattr(nn.optim, name)([p], fma=fma, **settings)
    for g in GRADS:
        p.grad = np.array(g, dtype=dtype)
        opt.step()
    return p, opt


def _as_lists(p, opt):
    """The parameter and its buffers as torch_numbers.py has them (numbers as they are:
    step, and NAdam's and ASGD's float32 numbers)."""
    state = {key: value.tolist() if isinstance(value, np.ndarray) else value
             for key, value in opt.state[p].items()}
    return {"param": p.data.tolist(), **state}


def _first_difference(ours, torch_numbers):
    for key, want in torch_numbers.items():
        got = ours.get(key)
        for i, (a, b) in enumerate(zip(np.ravel(got), np.ravel(want), strict=True)):
            if a != b:
                return f"{key}[{i}]: ours {float(a).hex()}, PyTorch's {float(b).hex()}"
    return None


@pytest.mark.parametrize("fma", [False, True], ids=["plain", "fma"])
@pytest.mark.parametrize(("case", "name", "settings"), OPTIMIZER_CASES, ids=CASE_IDS)
def test_tensor_parameter_and_buffers_equal_pytorchs_bit_for_bit(case, name, settings, fma):
    p, opt = _train_tensor(name, settings, fma)
    ours, torch_numbers = _as_lists(p, opt), REFERENCES[fma][case]
    assert set(ours) == set(torch_numbers)
    assert ours == torch_numbers, _first_difference(ours, torch_numbers)


@pytest.mark.parametrize("fma", [False, True], ids=["plain", "fma"])
@pytest.mark.parametrize(("case", "name", "settings"), OPTIMIZER_CASES, ids=CASE_IDS)
def test_value_parameters_equal_pytorchs_bit_for_bit(case, name, settings, fma):
    # one micrograd Value per coordinate: the same arithmetic, one element at a time
    params = [Value(x) for x in START]
    opt = getattr(nn.optim, name)(params, fma=fma, **settings)
    for g in GRADS:
        for p, gi in zip(params, g, strict=True):
            p.grad = gi
        opt.step()
    assert all(type(p.data) is float for p in params)
    assert [p.data for p in params] == REFERENCES[fma][case]["param"]
    for key, want in REFERENCES[fma][case].items():
        if key == "param":
            continue
        got = [opt.state[p][key] for p in params]
        if key == "step" or key in getattr(opt, "scalar_names", ()):  # a number each
            assert all(type(v) is float and v == want for v in got), key
        else:
            assert [float(v) for v in got] == want, key


@pytest.mark.parametrize(("case", "name", "settings"), OPTIMIZER_CASES, ids=CASE_IDS)
def test_buffer_names_are_pytorchs(case, name, settings):
    p, opt = _train_tensor(name, settings, fma=False)
    assert sorted(opt.state[p]) == TORCH_STATE_KEYS[case]
    assert set(opt.state[p]) <= set(type(opt).state_names)


def test_the_two_roundings_differ_where_pytorchs_do():
    # the fused kernels change the last bits of most cases: fma=True is not a no-op
    differing = [case for case in CASE_IDS if TORCH_PLAIN[case] != TORCH_FMA[case]]
    assert len(differing) >= 20
    for case, name, settings in OPTIMIZER_CASES:
        if case in differing:
            plain = _as_lists(*_train_tensor(name, settings, fma=False))
            fused = _as_lists(*_train_tensor(name, settings, fma=True))
            assert plain != fused, case


@pytest.mark.parametrize("name", sorted(TORCH_GROUP_KEYS))
def test_group_settings_are_pytorchs_plus_fma(name):
    # PyTorch's implementation flags (foreach, fused, capturable, differentiable) too
    p = Tensor(np.zeros(2), requires_grad=True)
    ours = set(getattr(nn.optim, name)([p]).param_groups[0]) - {"params"}
    assert ours == set(TORCH_GROUP_KEYS[name]) | {"fma"}


@pytest.mark.parametrize("name", sorted(TORCH_SIGNATURES))
def test_signatures_are_pytorchs_plus_fma(name):
    # PyTorch's arguments in its order, with its defaults and its kinds (ASGD's and
    # RMSprop's maximize are positional, after foreach, as PyTorch's); fma is ours, last and
    # keyword-only. (tests/test_nn_optim_signatures.py writes them out.)
    arguments = list(inspect.signature(getattr(nn.optim, name)).parameters.values())[1:]
    ours = [[a.name, a.default, "keyword" if a.kind is a.KEYWORD_ONLY else "positional"]
            for a in arguments]
    assert ours == [*TORCH_SIGNATURES[name], ["fma", False, "keyword"]]


@pytest.mark.parametrize("fma", [False, True], ids=["plain", "fma"])
def test_adam_with_decoupled_weight_decay_is_adamw(fma):
    # the same settings as "adamw-amsgrad": PyTorch's numbers agree, and so do ours
    reference = REFERENCES[fma]
    assert reference["adam-decoupled"] == reference["adamw-amsgrad"]
    settings = dict(lr=0.05, weight_decay=0.5, amsgrad=True)
    adam = _as_lists(*_train_tensor("Adam", {**settings, "decoupled_weight_decay": True}, fma))
    assert adam == _as_lists(*_train_tensor("AdamW", settings, fma))
    assert adam != _as_lists(*_train_tensor("Adam", settings, fma))


@pytest.mark.parametrize(("case", "name", "settings"), OPTIMIZER_CASES, ids=CASE_IDS)
def test_float32_parameters_stay_float32_near_the_float64_numbers(case, name, settings):
    p, opt = _train_tensor(name, settings, fma=False, dtype=np.float32)
    assert p.data.dtype == np.float32
    assert all(v.dtype == np.float32 for v in opt.state[p].values()
               if isinstance(v, np.ndarray))
    want = np.array(TORCH_PLAIN[case]["param"])
    # seven steps of float32 arithmetic: errors of a few float32 ulps of the largest step
    scale = np.abs(want - np.array(START)).max() + np.abs(want)
    np.testing.assert_array_less(np.abs(p.data - want), 1e-5 * scale + 1e-12)
