"""Code ported from PyTorch 2.13: its checkpoints, idioms and return types work here.

Optimizer state written by torch.optim loads; a user's Optimizer subclass saves and loads its
own buffers; named parameters and step hooks; clip_grad_norm_'s 0-d Tensor; the
reset_parameters protocol; device, Generator and cuda. PyTorch's results are literals.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn import optim

W0 = [1.0, -2.0, 0.5]


def cube_grad(w: Tensor) -> None:
    w.grad = None
    (w ** 3).sum().backward()


# torch.optim.Adam([w], lr=0.1) after two steps on sum(w**3) from W0 (float64), its tensors
# read back as numpy arrays: 'fma' is gradproof's own, so torch's group has none.
TORCH_ADAM_STATE = {
    "state": {0: {"step": np.array(2.0),
                  "exp_avg": np.array([0.5130000001799999, 2.4029999998949996,
                                       0.11550000031999998]),
                  "exp_avg_sq": np.array([0.014895900008748011, 0.31888889997221725,
                                          0.0007923375030720007])}},
    "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "eps": 1e-08, "weight_decay": 0,
                      "amsgrad": False, "maximize": False, "foreach": None,
                      "capturable": False, "differentiable": False, "fused": None,
                      "decoupled_weight_decay": False, "params": [0]}]}
TORCH_W_AFTER_2 = [0.8010907783811203, -2.2001352220006822, 0.30344391188636666]
TORCH_W_AFTER_3 = [0.7041537958715121, -2.3004937905256657, 0.21322035758517427]


def test_adam_resumes_from_torch_state_dict():
    w = nn.Parameter(Tensor(np.array(TORCH_W_AFTER_2)))
    opt = optim.Adam([w], lr=0.5)
    opt.load_state_dict(TORCH_ADAM_STATE)
    assert opt.param_groups[0]["fma"] is False and opt.param_groups[0]["lr"] == 0.1
    cube_grad(w)
    opt.step()
    np.testing.assert_allclose(w.data, TORCH_W_AFTER_3, rtol=1e-13)


def test_older_torch_group_gets_torch_defaults_and_tensors_load():
    saved = {"state": {0: {k: Tensor(v) for k, v in TORCH_ADAM_STATE["state"][0].items()}},
             "param_groups": [{k: v for k, v in TORCH_ADAM_STATE["param_groups"][0].items()
                               if k not in ("amsgrad", "maximize", "foreach", "capturable",
                                            "differentiable", "fused",
                                            "decoupled_weight_decay")}]}
    w = nn.Parameter(Tensor(np.array(TORCH_W_AFTER_2)))
    opt = optim.Adam([w])
    opt.load_state_dict(saved)
    group = opt.param_groups[0]
    assert (group["amsgrad"], group["maximize"], group["foreach"], group["capturable"],
            group["differentiable"], group["fused"], group["decoupled_weight_decay"]) == (
        False, False, None, False, False, None, False)
    cube_grad(w)
    opt.step()
    np.testing.assert_allclose(w.data, TORCH_W_AFTER_3, rtol=1e-13)


def test_sgd_loads_torch_state_without_momentum_buffer_and_a_bad_group_is_told_once():
    w = nn.Parameter(Tensor(np.array(W0)))
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    # torch's SGD saves momentum_buffer None for a parameter not stepped with momentum
    opt.load_state_dict({"state": {0: {"momentum_buffer": None}}, "param_groups": [
        {"lr": 0.1, "momentum": 0.9, "dampening": 0, "weight_decay": 0, "nesterov": False,
         "maximize": False, "foreach": None, "differentiable": False, "fused": None,
         "params": [0]}]})
    cube_grad(w)
    opt.step()
    np.testing.assert_allclose(w.data, [0.7, -3.2, 0.425], rtol=1e-15)
    with pytest.raises(ValueError) as error:
        opt.load_state_dict({"state": {0: {}}, "param_groups": [{"params": [0]}]})
    assert "lacks the settings" in str(error.value)
    assert "no parameter" not in str(error.value)


class Lion(optim.Optimizer):
    """A user's optimizer, written as for torch.optim: no state_names."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99)):
        super().__init__(params, dict(lr=lr, betas=betas))

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                if "exp_avg" not in state:
                    state["exp_avg"] = np.zeros_like(p.data)
                beta1, beta2 = group["betas"]
                m = state["exp_avg"]
                p.data -= group["lr"] * np.sign(m * beta1 + p.grad * (1 - beta1))
                m *= beta2
                m += (1 - beta2) * p.grad


def test_user_optimizer_saves_and_loads_its_own_state():
    w = nn.Parameter(Tensor(np.array(W0)))
    opt = Lion([w], lr=0.1)
    for _ in range(2):
        cube_grad(w)
        opt.step()
    saved = opt.state_dict()
    again = Lion([nn.Parameter(Tensor(np.array(W0)))], lr=0.1)
    again.load_state_dict(saved)
    loaded = again.state[again.param_groups[0]["params"][0]]["exp_avg"]
    # torch's Lion state after the same two steps: tensor([0.0540, 0.2511, 0.0122])
    np.testing.assert_allclose(loaded, saved["state"][0]["exp_avg"], rtol=0)
    np.testing.assert_allclose(loaded, [0.0540, 0.2511, 0.0122], atol=5e-5)
    assert loaded is not saved["state"][0]["exp_avg"]


def test_named_parameters_are_kept_as_param_names():
    model = nn.Linear(2, 1)
    opt = optim.SGD(model.named_parameters(), lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["weight", "bias"]
    assert opt.param_groups[0]["params"] == [model.weight, model.bias]
    # torch 2.13: {'param_names': ['weight', 'bias'], 'lr': 0.1, ..., 'params': [0, 1]}
    group = opt.state_dict()["param_groups"][0]
    assert list(group)[0] == "param_names" and group["params"] == [0, 1]
    with pytest.raises(ValueError, match="all optimizer params should be with/without names"):
        optim.SGD([("weight", model.weight), model.bias])


def test_step_hooks_run_once_around_each_step():
    w = nn.Parameter(Tensor(np.array(W0)))
    opt = optim.SGD([w], lr=0.1)  # SGD.step calls Optimizer.step: the hooks run once
    calls = []
    pre = opt.register_step_pre_hook(lambda o, args, kwargs: calls.append(("pre", o is opt)))
    opt.register_step_post_hook(lambda o, args, kwargs: calls.append(("post", args)))
    cube_grad(w)
    opt.step()
    pre.remove()
    opt.step()
    assert calls == [("pre", True), ("post", ()), ("post", ())]


def test_clip_grad_norm_returns_a_0d_tensor_and_takes_torch_keywords():
    from nn.utils import clip_grad_norm_, clip_grad_value_, get_total_norm

    w = nn.Parameter(Tensor(np.array([3.0, 4.0])))
    w.grad = np.array([3.0, 4.0])
    total = clip_grad_norm_([w], 1.0, foreach=True)
    # torch: tensor(5.), and .item() 5.0; the gradients scaled by 1 / (5 + 1e-6)
    assert isinstance(total, Tensor) and total.shape == () and total.item() == 5.0
    assert float(total) == 5.0 and f"{float(total):.2f}" == "5.00"
    np.testing.assert_allclose(w.grad, [0.599999880000024, 0.799999840000032], rtol=1e-15)
    w.grad = np.array([3.0, -4.0])
    assert clip_grad_norm_(w, 10.0, norm_type="inf", error_if_nonfinite=True).item() == 4.0
    assert get_total_norm([np.array([3.0, -4.0])], "inf").item() == 4.0
    clip_grad_value_([w], 3.5, foreach=False)
    assert w.grad.tolist() == [3.0, -3.5]
    with pytest.raises(ValueError, match="norm_type"):
        clip_grad_norm_([w], 1.0, norm_type="fro")


@pytest.mark.parametrize("make", [lambda: nn.Linear(3, 2), lambda: nn.Bilinear(2, 3, 2),
                                  lambda: nn.Conv1d(2, 3, 2), lambda: nn.GRUCell(2, 3),
                                  lambda: nn.LSTM(2, 3)])
def test_reset_parameters_draws_again_and_a_subclass_override_is_honoured(make):
    autograd.manual_seed(0)
    layer = make()
    first = [p.data.copy() for p in layer.parameters()]
    layer.reset_parameters()  # torch's idiom: no argument, new draws
    assert all(not np.array_equal(a, p.data) for a, p in zip(first, layer.parameters(),
                                                             strict=True))
    autograd.manual_seed(0)
    assert all(np.array_equal(a, p.data) for a, p in zip(first, make().parameters(),
                                                         strict=True))

    class Zero(type(layer)):
        def reset_parameters(self):
            for p in self.parameters():
                nn.init.zeros_(p)

    zero = Zero.__new__(Zero)
    Zero.__init__(zero, *{nn.Linear: (3, 2), nn.Bilinear: (2, 3, 2), nn.Conv1d: (2, 3, 2),
                          nn.GRUCell: (2, 3), nn.LSTM: (2, 3)}[type(layer)])
    assert all(not p.data.any() for p in zero.parameters())  # torch: zeros too


def test_seeded_layer_draws_as_before():
    a, b = nn.Linear(3, 2, seed=5), nn.Linear(3, 2, generator=np.random.default_rng(5))
    rng = np.random.default_rng(5)
    bound = 1 / np.sqrt(3)
    assert a.weight.data.tolist() == b.weight.data.tolist() == rng.uniform(
        -bound, bound, (2, 3)).tolist()
    assert a.bias.data.tolist() == rng.uniform(-bound, bound, 2).tolist()
