"""Agreement with torch.optim found by a differential fuzz of the optimizers (audit 6).

PyTorch's numbers are literals, printed by tests/torch_reference_optim_agreement.py from
torch.optim (foreach=False) with its portable kernels (fma=False here) and its AVX2 kernels
(fma=True); equality is exact.
"""

from __future__ import annotations

import numpy as np
import pytest
from optim_agreement_cases import GRADS, SGD_GROUPS, START

import nn
from autograd import Tensor

SGD_GROUPS_AFTER = {
    False: [[0.207043369554329, -1.239303832355557, 1.9451988763717853],
            [1.5839390939615001, -0.8817946469407499], [0.1989978860572289]],
    True: [[0.20704336955432903, -1.239303832355557, 1.9451988763717853],
           [1.5839390939615001, -0.8817946469407499], [0.1989978860572289]],
}
SGD_GROUPS_STATE_KEYS = {0: ["momentum_buffer"], 2: ["momentum_buffer"]}


def _sgd_groups(fma):
    params = [Tensor(np.array(x), requires_grad=True) for x in START]
    groups = [{"params": [p], **g} for p, g in zip(params, SGD_GROUPS["groups"], strict=True)]
    return params, nn.optim.SGD(groups, fma=fma, **SGD_GROUPS["defaults"])


@pytest.mark.parametrize("fma", [False, True], ids=["plain", "fma"])
def test_sgd_groups_override_the_momentum_and_dampening_of_nesterov(fma):
    params, opt = _sgd_groups(fma)
    for step in GRADS:
        for p, g in zip(params, step, strict=True):
            p.grad = np.array(g)
        opt.step()
    assert [p.data.tolist() for p in params] == SGD_GROUPS_AFTER[fma]
    assert {i: sorted(s) for i, s in opt.state_dict()["state"].items()} == SGD_GROUPS_STATE_KEYS


def test_sgd_groups_load_a_state_with_nesterov_and_momentum_zero():
    """A state_dict whose groups have such settings loads (torch's would, too), and the
    loaded optimizer goes on as the straight run."""
    params, opt = _sgd_groups(False)
    twins, twin_opt = _sgd_groups(False)
    for i, step in enumerate(GRADS):
        if i == 2:
            twin_opt.load_state_dict(opt.state_dict())
            for p, q in zip(params, twins, strict=True):
                q.data[...] = p.data
        for ps, o in ((params, opt), (twins, twin_opt)):
            for p, g in zip(ps, step, strict=True):
                p.grad = np.array(g)
            o.step()
    assert [p.data.tolist() for p in twins] == SGD_GROUPS_AFTER[False]


@pytest.mark.parametrize(("settings", "given"), [
    (dict(momentum=0.0), "momentum=0.0, dampening=0"),
    (dict(momentum=0.9, dampening=0.1), "momentum=0.9, dampening=0.1"),
])
def test_sgd_nesterov_is_still_checked_on_the_constructors_settings(settings, given):
    with pytest.raises(ValueError, match=f"SGD: nesterov=True needs a momentum > 0 and "
                                         f"dampening 0, got {given}"):
        nn.optim.SGD([Tensor(np.ones(2), requires_grad=True)], lr=0.1, nesterov=True,
                     **settings)


def test_adagrad_group_initial_accumulator_value_is_the_groups():
    """A deliberate difference: PyTorch starts every sum at the constructor's
    initial_accumulator_value, ignoring a group's (and a group added later gets no state
    until its first step); gradproof uses the group's, as any other group setting."""
    p, q = (Tensor(np.array([1.0, -2.0]), requires_grad=True) for _ in range(2))
    opt = nn.optim.Adagrad([{"params": [p]}, {"params": [q], "initial_accumulator_value": 3.0}],
                           lr=0.5, initial_accumulator_value=1.0, eps=0.0)
    assert opt.state[p]["sum"].tolist() == [1.0, 1.0]
    assert opt.state[q]["sum"].tolist() == [3.0, 3.0]
    p.grad = q.grad = np.array([1.0, 2.0])
    opt.step()
    assert p.data.tolist() == [1.0 - 0.5 * 1.0 / 2.0**0.5, -2.0 - 0.5 * 2.0 / 5.0**0.5]
    assert q.data.tolist() == [1.0 - 0.5 * 1.0 / 4.0**0.5, -2.0 - 0.5 * 2.0 / 7.0**0.5]
