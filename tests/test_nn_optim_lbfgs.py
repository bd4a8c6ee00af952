"""LBFGS against PyTorch's on a 4-d Rosenbrock function split over two parameters.

The cases are optim_cases.LBFGS_CASES; torch_reference.py printed PyTorch's loss,
parameters and counts after each step(closure), with its portable kernels (fma=False here)
and its AVX2 ones (fma=True). PyTorch's dot products are MKL's, which adds a 4-number
product as (x0 y0 + x2 y2) + (x1 y1 + x3 y3); with that order swapped in for numpy's, every
number is PyTorch's bit for bit. With numpy's own order the runs take the same iterations,
and the last bits that differ grow along the function's curved valley (to about 1e-8 after
40 iterations).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from optim_cases import LBFGS_CASES, LBFGS_START, rosenbrock
from torch_numbers import TORCH_LBFGS_FMA, TORCH_LBFGS_PLAIN

import nn
from autograd import Tensor, Value
from nn.optim import LBFGS, _line_search

CASE_IDS = [case for case, _, _ in LBFGS_CASES]
REFERENCES = {False: TORCH_LBFGS_PLAIN, True: TORCH_LBFGS_FMA}


def _mkl_dot(x, y):
    """MKL's dot product of four numbers (PyTorch's BLAS on x86): two running sums."""
    assert len(x) == len(y) == 4
    return float((x[0] * y[0] + x[2] * y[2]) + (x[1] * y[1] + x[3] * y[3]))


def _problem(kind):
    """The parameters (two Tensors of two numbers, or two lists of two Values) and the
    optimizer's list of them."""
    if kind == "tensor":
        a, b = (Tensor(np.array(v), requires_grad=True) for v in LBFGS_START)
        return a, b, [a, b]
    a, b = ([Value(x) for x in v] for v in LBFGS_START)
    return a, b, [*a, *b]


def _run(kind, settings, steps, fma, start=None):
    a, b, params = _problem(kind)
    opt = LBFGS(params, fma=fma, **settings)
    if start is not None:
        start(opt, params)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(a, b)
        loss.backward()
        return loss

    trace = []
    for _ in range(steps):
        loss = opt.step(closure)
        state = opt.state[params[0]]
        values = [float(x) for p in params for x in np.ravel(p.data)]
        trace.append({"loss": float(loss.data), "params": values,
                      "func_evals": state["func_evals"], "n_iter": state["n_iter"]})
    return trace, opt, params


@pytest.mark.parametrize("kind", ["tensor", "value"])
@pytest.mark.parametrize("fma", [False, True], ids=["plain", "fma"])
@pytest.mark.parametrize(("case", "settings", "steps"), LBFGS_CASES, ids=CASE_IDS)
def test_with_mkls_dot_every_step_is_pytorchs_bit_for_bit(case, settings, steps, fma, kind,
                                                           monkeypatch):
    monkeypatch.setattr(_line_search, "dot", _mkl_dot)
    trace, _, _ = _run(kind, settings, steps, fma)
    assert trace == REFERENCES[fma][case]


@pytest.mark.parametrize("fma", [False, True], ids=["plain", "fma"])
@pytest.mark.parametrize(("case", "settings", "steps"), LBFGS_CASES, ids=CASE_IDS)
def test_with_numpys_dot_the_run_is_pytorchs_to_rounding(case, settings, steps, fma):
    # The same decisions (iterations, closure calls) at every step; the iterates to 1e-11
    # after the first step, and to 1e-7 after the last (1.3e-8 at most in these cases: the
    # last-bit differences of the dot products grow over 40 iterations in the valley).
    trace, _, _ = _run("tensor", settings, steps, fma)
    for ours, theirs in zip(trace, REFERENCES[fma][case], strict=True):
        assert (ours["func_evals"], ours["n_iter"]) == (theirs["func_evals"], theirs["n_iter"])
        np.testing.assert_allclose(ours["params"], theirs["params"], rtol=0, atol=1e-7)
    np.testing.assert_allclose(trace[0]["params"], REFERENCES[fma][case][0]["params"],
                               rtol=0, atol=1e-11)


def test_strong_wolfe_finds_rosenbrocks_minimum():
    trace, opt, params = _run("tensor", dict(line_search_fn="strong_wolfe"), 3, False)
    assert rosenbrock(*params).data < 1e-9
    assert np.allclose([x for p in params for x in p.data], 1.0, atol=1e-5)
    # each later step stops at once: the gradient is below tolerance_grad
    assert trace[-1]["n_iter"] == trace[-2]["n_iter"] + 1


def test_the_history_keeps_history_size_pairs():
    _, opt, params = _run("tensor", dict(history_size=3, lr=0.02), 2, False)
    state = opt.state[params[0]]
    assert len(state["old_dirs"]) == len(state["old_stps"]) == len(state["ro"]) == 3
    assert state["d"].shape == state["prev_flat_grad"].shape == (4,)


# ----------------------------------------------------------------------------- state


def _split_run(settings, kind):
    """Three steps, saved, then two more steps in a fresh optimizer loaded from the save."""
    first, opt, params = _run(kind, settings, 3, False)
    saved = copy.deepcopy(opt.state_dict())
    values = [copy.copy(p.data) for p in params]

    def restore(fresh, fresh_params):
        for p, v in zip(fresh_params, values, strict=True):
            p.data = v
        fresh.load_state_dict(saved)

    second, _, _ = _run(kind, settings, 2, False, start=restore)
    return first + second


@pytest.mark.parametrize("kind", ["tensor", "value"])
@pytest.mark.parametrize("settings", [dict(line_search_fn="strong_wolfe", max_iter=4),
                                      dict(lr=0.02, max_iter=6, history_size=3)])
def test_resuming_from_a_state_dict_is_bit_for_bit_the_straight_run(settings, kind):
    straight, _, _ = _run(kind, settings, 5, False)
    assert _split_run(settings, kind) == straight


def test_state_dict_copies_the_history():
    _, opt, params = _run("tensor", dict(lr=0.02), 1, False)
    saved = opt.state_dict()
    saved["state"][0]["old_dirs"][0][:] = 99.0
    assert not np.any(opt.state[params[0]]["old_dirs"][0] == 99.0)


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s["state"][0].update(d=np.zeros(3)), r"state 0: d must be 4 numbers"),
    (lambda s: s["state"][0]["old_dirs"].append(np.zeros(4)),
     "the history lists differ in length"),
    (lambda s: s["state"][0].update(ro="x"), "state 0: ro must be a list, got 'x'"),
    (lambda s: s["state"][0].update(n_iter=-1), "n_iter must be a whole number >= 0"),
    (lambda s: s["state"][0].pop("func_evals"), r"missing \['func_evals'\]"),
    (lambda s: s["state"][0].update(momentum_buffer=0), r"unknown buffers \['momentum"),
    (lambda s: s["state"].update({1: s["state"].pop(0)}), "not for the first parameter"),
])
def test_a_bad_state_dict_is_refused_and_changes_nothing(change, message):
    _, opt, params = _run("tensor", dict(lr=0.02), 1, False)
    before = copy.deepcopy(opt.state_dict())
    saved = copy.deepcopy(before)
    change(saved)
    with pytest.raises(ValueError, match=message):
        opt.load_state_dict(saved)
    assert opt.state[params[0]]["d"].tolist() == before["state"][0]["d"].tolist()


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda p: LBFGS(p, line_search_fn="wolfe"), ValueError,
     "LBFGS: line_search_fn must be None or 'strong_wolfe', got 'wolfe'"),
    (lambda p: LBFGS(p, history_size=0), ValueError, "LBFGS: history_size must be an int >= 1"),
    (lambda p: LBFGS(p, max_iter=2.5), ValueError, "LBFGS: max_iter must be an int, got 2.5"),
    (lambda p: LBFGS(p, max_eval="10"), ValueError, "LBFGS: max_eval must be an int"),
    (lambda p: LBFGS(p, tolerance_grad=None), ValueError, "LBFGS: tolerance_grad must be a"),
    (lambda p: LBFGS(p, lr=-1.0), ValueError, "LBFGS: lr must be a number >= 0"),
    (lambda p: LBFGS([{"params": p[:1]}, {"params": p[1:]}]), ValueError,
     "LBFGS: takes one parameter group"),
])
def test_bad_settings_are_refused(make, error, message):
    with pytest.raises(error, match=message):
        make([Value(1.0), Value(2.0)])


def test_step_needs_a_closure_that_returns_the_loss():
    p = Tensor(np.ones(2), requires_grad=True)
    opt = LBFGS([p])
    with pytest.raises(TypeError, match="LBFGS.step: needs a closure"):
        opt.step(None)

    def no_loss():
        (p * p).sum().backward()

    with pytest.raises(TypeError, match="LBFGS.step: the closure must return the loss"):
        opt.step(no_loss)


def test_max_eval_defaults_to_pytorchs_and_a_scheduler_can_drive_the_rate():
    opt = LBFGS([Value(1.0)], max_iter=9)
    assert opt.param_groups[0]["max_eval"] == 11
    scheduler = nn.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    p = opt.param_groups[0]["params"][0]

    def closure():
        opt.zero_grad()
        loss = (p - 3.0) ** 2
        loss.backward()
        return loss

    opt.step(closure)
    scheduler.step()
    assert opt.lr == 0.5 and abs(p.data - 3.0) < 1e-6
