"""nn.optim: SGD and Adam against their published formulas, step by step, written out here.

PyTorch's own numbers, bit for bit, for every optimizer: test_nn_optim_torch.py."""

import math

import numpy as np
import pytest

import nn
from autograd import Tensor, Value
from nn.optim import SGD, Adam

GRADS = [np.array([0.5, -1.0, 2.0]), np.array([-0.25, 0.75, 1.0]),
         np.array([1.5, 0.0, -0.5]), np.array([0.1, 0.2, -0.3])]
START = np.array([1.0, -2.0, 0.5])


def _run(optimizer_class, **options):
    """Apply the optimizer with the fixed gradients above; the parameter after each step."""
    p = Tensor(START, requires_grad=True)
    opt = optimizer_class([p], **options)
    history = []
    for g in GRADS:
        opt.zero_grad()
        p.grad = g.copy()
        opt.step()
        history.append(p.data.copy())
    return history


def _sgd_by_hand(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    x, b, history = START.copy(), None, []
    for grad in GRADS:
        g = grad + weight_decay * x
        if momentum:
            b = g if b is None else momentum * b + (1 - dampening) * g
            g = g + momentum * b if nesterov else b
        x = x - lr * g
        history.append(x)
    return history


def _adam_by_hand(lr, beta1, beta2, eps, weight_decay=0.0):
    x, m, v, history = START.copy(), 0.0, 0.0, []
    for t, grad in enumerate(GRADS, start=1):
        g = grad + weight_decay * x
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)
        history.append(x)
    return history


@pytest.mark.parametrize("options", [
    dict(lr=0.1),
    dict(lr=0.1, weight_decay=0.01),
    dict(lr=0.05, momentum=0.9),
    dict(lr=0.05, momentum=0.9, nesterov=True),
    dict(lr=0.05, momentum=0.5, weight_decay=0.1, nesterov=True),
    dict(lr=0.05, momentum=0.9, dampening=0.5),
    dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.1),
])
def test_sgd_matches_the_formula_over_several_steps(options):
    for ours, by_hand in zip(_run(SGD, **options), _sgd_by_hand(**options), strict=True):
        np.testing.assert_allclose(ours, by_hand, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("options", [
    dict(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8),
    dict(lr=0.1, beta1=0.5, beta2=0.9, eps=1e-3),
    dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.1),
    dict(lr=0.01, beta1=0.0, beta2=0.0, eps=1e-12),  # betas of 0: x -= lr * g / (|g| + eps)
])
def test_adam_matches_the_formula_with_bias_correction(options):
    # the parametrized dict is shared by every run (pytest --count=3): read it, never pop
    settings = {key: value for key, value in options.items() if key not in ("beta1", "beta2")}
    betas = (options["beta1"], options["beta2"])
    ours = _run(Adam, betas=betas, **settings)
    by_hand = _adam_by_hand(beta1=betas[0], beta2=betas[1], **settings)
    for a, b in zip(ours, by_hand, strict=True):
        assert np.isfinite(a).all()
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)


def test_adam_first_step_moves_every_coordinate_by_about_lr():
    # bias correction makes the first step lr * g / |g|, whatever the gradient's scale
    history = _run(Adam, lr=0.01)
    np.testing.assert_allclose(history[0], START - 0.01 * np.sign(GRADS[0]), rtol=1e-6)


def test_value_parameters_follow_the_same_formulas():
    for cls, options, by_hand in [(SGD, dict(lr=0.1, momentum=0.9, nesterov=True),
                                   _sgd_by_hand(lr=0.1, momentum=0.9, nesterov=True)),
                                  (Adam, dict(lr=0.1), _adam_by_hand(0.1, 0.9, 0.999, 1e-8))]:
        params = [Value(float(x)) for x in START]
        opt = cls(params, **options)
        for step, g in enumerate(GRADS):
            opt.zero_grad()
            assert all(p.grad == 0.0 for p in params)
            for p, gi in zip(params, g, strict=True):
                p.grad = float(gi)
            opt.step()
            assert all(type(p.data) is float for p in params)
            assert [p.data for p in params] == pytest.approx(list(by_hand[step]), rel=1e-13)


def test_sgd_trains_micrograd_mlp_like_its_demo_loop():
    model = nn.MLP(2, [4, 1])
    data = [([1.0, 2.0], 1.0), ([-1.0, -0.5], -1.0), ([0.5, -1.0], -1.0), ([2.0, 1.0], 1.0)]
    opt = SGD(model.parameters(), lr=0.05)

    def loss():
        return nn.functional.hinge_loss([model(x) for x, _ in data], [y for _, y in data])

    first = loss().data
    for _ in range(30):
        opt.zero_grad()
        current = loss()
        current.backward()
        opt.step()
    assert loss().data < first


def test_step_is_in_place_records_no_graph_and_skips_parameters_without_grad():
    used = Tensor([1.0, 2.0], requires_grad=True)
    unused = Tensor([3.0], requires_grad=True)
    array = used.data
    opt = SGD([used, unused], lr=0.5, momentum=0.9)
    (used * used).sum().backward()
    opt.step()
    assert used.data is array and used.data.tolist() == [0.0, 0.0]
    assert used._prev == () and unused.data.tolist() == [3.0] and unused.grad is None
    assert unused not in opt.state  # no momentum buffer for a parameter never updated
    assert list(opt.state) == [used] and set(opt.state[used]) == {"momentum_buffer"}


def test_gradient_recorded_with_create_graph_is_used_by_its_numbers():
    p = Tensor([2.0], requires_grad=True)
    (p * p).sum().backward(create_graph=True)
    SGD([p], lr=0.25).step()
    assert p.data.tolist() == [1.0]


def test_a_parameter_listed_twice_is_updated_once():
    p = Tensor([1.0], requires_grad=True)
    opt = SGD([p, p], lr=1.0)
    p.grad = np.array([1.0])
    opt.step()
    assert p.data.tolist() == [0.0] and len(opt.params) == 1


def test_zero_grad_of_model_and_optimizer():
    layer = nn.Linear(2, 1, seed=0)
    opt = Adam(layer.parameters())
    layer(Tensor([[1.0, 2.0]])).sum().backward()
    opt.zero_grad()
    assert layer.weight.grad is None and layer.bias.grad is None


@pytest.mark.parametrize("owner", ["module", "optimizer"])
def test_zero_grad_set_to_none_false_gives_zeros_as_pytorch(owner):
    layer = nn.Linear(2, 1, seed=0)
    opt = SGD(layer.parameters(), lr=0.1)
    zero_grad = layer.zero_grad if owner == "module" else opt.zero_grad
    zero_grad(set_to_none=False)
    assert layer.weight.grad is None  # torch zeroes only the grads that exist
    layer(Tensor([[1.0, 2.0]])).sum().backward()
    old = layer.weight.grad
    zero_grad(set_to_none=False)
    assert layer.weight.grad.tolist() == [[0.0, 0.0]] and layer.bias.grad.tolist() == [0.0]
    assert layer.weight.grad is not old and old.tolist() == [[1.0, 2.0]]  # a new array
    assert layer.weight.grad.flags.writeable and layer.weight.grad.flags.owndata
    layer(Tensor([[3.0, 4.0]])).sum().backward()
    assert layer.weight.grad.tolist() == [[3.0, 4.0]]  # accumulates from zero
    opt.step()
    zero_grad(set_to_none=True)
    assert layer.weight.grad is None and layer.bias.grad is None

    w = Value(2.0)
    (w * 3.0).backward()
    value_opt = SGD([w], lr=0.1)
    value_opt.zero_grad(set_to_none=False)
    assert w.grad == 0.0
    (w * 3.0).backward()
    value_opt.zero_grad()  # a Value's grad is a float: 0.0 either way
    assert w.grad == 0.0


def test_sgd_dampening_scales_the_new_gradient_after_the_first_step_as_pytorch():
    p = Value(1.0)
    opt = SGD([p], lr=0.1, momentum=0.9, dampening=0.5)
    history = []
    for _ in range(3):
        p.grad = 1.0
        opt.step()
        history.append(p.data)
    # b = 1, then 0.9 * 1 + 0.5 * 1 = 1.4, then 0.9 * 1.4 + 0.5 = 1.76
    assert history == pytest.approx([0.9, 0.76, 0.584], abs=1e-15)


def test_sgd_default_lr_is_pytorchs():
    assert SGD([Value(1.0)]).lr == 1e-3


def test_param_groups_hold_the_settings_and_step_reads_them_each_time():
    p = Tensor([1.0, 2.0], requires_grad=True)
    opt = SGD([p], lr=0.1, momentum=0.9)
    (group,) = opt.param_groups
    assert list(group) == ["params", "lr", "momentum", "dampening", "weight_decay", "nesterov",
                           "maximize", "foreach", "differentiable", "fused", "fma"]
    assert group["params"][0] is p and len(group["params"]) == 1
    assert (group["lr"], group["momentum"], group["dampening"], group["weight_decay"],
            group["nesterov"]) == (0.1, 0.9, 0.0, 0.0, False)
    p.grad = np.array([1.0, 1.0])
    opt.step()
    assert p.data.tolist() == pytest.approx([0.9, 1.9])
    for g in opt.param_groups:  # torch's way to schedule the learning rate
        g["lr"] *= 0.1
    assert opt.lr == pytest.approx(0.01)
    opt.step()  # b = 0.9 * 1 + 1 = 1.9
    assert p.data.tolist() == pytest.approx([0.9 - 0.019, 1.9 - 0.019])
    opt.lr = 0.5  # the attribute reads and writes the group's lr
    assert group["lr"] == 0.5
    group["momentum"] = 0.0
    opt.step()
    assert p.data.tolist() == pytest.approx([0.881 - 0.5, 1.881 - 0.5])
    with pytest.raises(ValueError, match="SGD: lr must be a number >= 0"):
        opt.lr = -1.0
    assert Adam([Value(1.0)]).param_groups[0]["betas"] == (0.9, 0.999)


def test_a_list_of_dicts_gives_groups_with_their_own_settings():
    a, b, c = Value(1.0), Value(1.0), Value(1.0)
    opt = SGD([{"params": [a, b]}, {"params": c, "lr": 0.5}], lr=0.1)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.param_groups[1]["params"] == [c] and opt.param_groups[1]["momentum"] == 0.0
    for p in (a, b, c):
        p.grad = 1.0
    opt.step()
    assert [a.data, b.data, c.data] == pytest.approx([0.9, 0.9, 0.5])
    with pytest.raises(AttributeError, match=r"different rates \[0.1, 0.5\]"):
        opt.lr  # noqa: B018
    opt.lr = 0.2  # sets every group
    assert [g["lr"] for g in opt.param_groups] == [0.2, 0.2]
    with pytest.raises(ValueError, match="SGD: parameter 0 appears in more than one"):
        SGD([{"params": [a]}, {"params": [a]}], lr=0.1)
    adam = Adam([{"params": [a]}, {"params": [b], "betas": (0.0, 0.0)}], lr=0.1)
    a.grad = b.grad = 2.0
    adam.step()
    # with betas (0, 0) the step is lr * g / (|g| + eps); the first step of Adam is about lr
    assert [a.data, b.data] == pytest.approx([0.8, 0.8])


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("make, message", [
    (lambda: SGD([], lr=0.1), "SGD: got no parameters"),
    (lambda: Adam(iter([])), "Adam: got no parameters"),
    (lambda: SGD([Tensor([1.0], requires_grad=True)], lr=-0.1),
     "SGD: lr must be a number >= 0, got -0.1"),
    (lambda: SGD([Tensor([1.0], requires_grad=True)], lr=math.nan),
     "SGD: lr must be a number >= 0, got nan"),
    (lambda: SGD([Value(1.0)], lr=0.1, momentum=-0.5), "SGD: momentum must be a number >= 0"),
    (lambda: SGD([Value(1.0)], lr=0.1, weight_decay=-1), "SGD: weight_decay must be a number"),
    (lambda: SGD([Value(1.0)], lr=0.1, nesterov=True), "SGD: nesterov=True needs a momentum"),
    (lambda: SGD([Value(1.0)], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True),
     "SGD: nesterov=True needs a momentum > 0 and dampening 0"),
    (lambda: SGD([Value(1.0)], lr=0.1, dampening=-0.1), "SGD: dampening must be a number"),
    (lambda: SGD([{"params": [Value(1.0)], "lr": -1.0}], lr=0.1),
     "SGD: lr must be a number >= 0, got -1.0"),
    (lambda: Adam([{"params": [Value(1.0)], "betas": (0.9, 2.0)}]),
     r"Adam: betas must be two numbers in \[0, 1\)"),
    (lambda: Adam([Value(1.0)], betas=(0.9, 1.0)), r"Adam: betas must be two numbers in \[0, 1\)"),
    (lambda: Adam([Value(1.0)], betas=(-0.1, 0.9)), r"Adam: betas must be two numbers"),
    (lambda: Adam([Value(1.0)], betas=0.9), r"Adam: betas must be two numbers"),
    (lambda: Adam([Value(1.0)], eps=-1e-8), "Adam: eps must be a number >= 0"),
    (lambda: Adam([Value(1.0)], weight_decay=-0.1), "Adam: weight_decay must be a number"),
    (lambda: Adam([Tensor([1.0], requires_grad=True) * 2]),
     r"Adam: parameter 0 is the result of an op, not a leaf"),
])
def test_bad_optimizer_settings(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_parameters_must_be_nodes():
    with pytest.raises(TypeError, match="SGD: parameter 1 is ndarray, expected a Tensor or Value"):
        SGD([Value(1.0), np.zeros(2)], lr=0.1)


def test_plain_sgd_updates_as_the_general_path_bit_for_bit():
    # a plain group (no momentum, decay, maximize or fma) updates Tensors without per-
    # parameter lookups; the numbers are those of the general path (used with a closure)
    def run(with_closure: bool):
        nn.manual_seed(0)
        model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3, dtype=np.float32))
        skipped = nn.Linear(2, 2)  # no gradient: left alone
        optimizer = nn.optim.SGD([*model.parameters(), *skipped.parameters()], lr=0.3)
        x = np.random.default_rng(1).random((6, 5))
        for _ in range(3):
            optimizer.zero_grad()
            loss = (model(x) ** 2).mean()
            loss.backward()
            optimizer.step((lambda loss=loss: loss) if with_closure else None)
        return [p.data.copy() for p in [*model.parameters(), *skipped.parameters()]]

    for fast, general in zip(run(False), run(True), strict=True):
        assert fast.dtype == general.dtype
        np.testing.assert_array_equal(fast, general)
