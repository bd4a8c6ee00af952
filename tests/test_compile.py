"""autograd.compile: a replayed step is the eager step, bit for bit; a change of signature
records anew; what a tape cannot replay is refused, never replayed wrong."""

from __future__ import annotations

import functools
import math
import random
import re

import numpy as np
import pytest

import autograd
import nn
from autograd import NotReplayableError, Tensor, Value, no_grad
from nn.functional import cross_entropy, mse_loss

# ------------------------------------------------------------------------------ helpers


def digits_like(n_batches: int, batch: int, dtype: object = np.float64,
                seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [(rng.random((batch, 64)).astype(dtype), rng.integers(0, 10, batch))
            for _ in range(n_batches)]


def tensor_mlp(dtype: object = np.float64) -> nn.Module:
    nn.manual_seed(0)
    return nn.Sequential(nn.Linear(64, 32, dtype=dtype), nn.ReLU(), nn.Linear(32, 10, dtype=dtype))


def assert_same_state(eager: list, compiled: list) -> None:
    """Every parameter and gradient equal, bit for bit (and of the same dtype)."""
    assert len(eager) == len(compiled)
    for p, q in zip(eager, compiled, strict=True):
        if isinstance(p, Value):
            assert (p.data, p.grad) == (q.data, q.grad)
            assert math.copysign(1, p.grad) == math.copysign(1, q.grad)
        else:
            assert p.data.dtype == q.data.dtype and p.grad.dtype == q.grad.dtype
            assert np.array_equal(p.data, q.data) and np.array_equal(p.grad, q.grad)


def moons(n: int = 40) -> tuple[list[list[float]], list[float]]:
    """Two interleaved half circles (micrograd's demo data, made without scikit-learn)."""
    rng = np.random.default_rng(1)
    t = rng.uniform(0, math.pi, n)
    upper = rng.random(n) < 0.5
    x = np.where(upper, np.cos(t), 1 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    xs = np.stack([x, y], 1) + rng.normal(0, 0.1, (n, 2))
    return xs.tolist(), np.where(upper, 1.0, -1.0).tolist()


def svm_loss(model: object, xs: list[list[float]], ys: list[float]) -> Value:
    """micrograd's demo loss: max-margin over the points + 1e-4 L2, as its notebook."""
    inputs = [[Value(a) for a in row] for row in xs]
    scores = [model(x) for x in inputs]
    losses = [(1 + -y * s).relu() for y, s in zip(ys, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    return data_loss + 1e-4 * sum(p * p for p in model.parameters())


class MicrogradMLP:
    """micrograd's own nn code (sum(wi*xi) + b: a node per * and +) on gradproof's Value."""

    def __init__(self, nin: int, nouts: list[int]) -> None:
        sizes = [nin] + nouts
        self.layers = [[([Value(random.uniform(-1, 1)) for _ in range(sizes[i])], Value(0),
                         i != len(nouts) - 1) for _ in range(sizes[i + 1])]
                       for i in range(len(nouts))]

    def __call__(self, x: list) -> Value:
        for layer in self.layers:
            out = []
            for w, b, nonlin in layer:
                act = sum((wi * xi for wi, xi in zip(w, x, strict=True)), b)
                out.append(act.relu() if nonlin else act)
            x = out
        return x[0]

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for w, b, _ in layer for p in [*w, b]]

# ------------------------------------------------- replay is the eager step, bit for bit


@pytest.mark.parametrize("optimizer", ["SGD", "Adam"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_tensor_mlp_trains_as_eager_bit_for_bit(optimizer: str, dtype: object) -> None:
    # A last batch of 20 is a new signature mid-run: recorded, then replayed too.
    data = digits_like(5, 32, dtype) + digits_like(1, 20, dtype, seed=1)
    eager, compiled = tensor_mlp(dtype), tensor_mlp(dtype)
    options = {"lr": 0.1, "momentum": 0.9} if optimizer == "SGD" else {"lr": 0.01}
    opt_e = getattr(nn.optim, optimizer)(eager.parameters(), **options)
    opt_c = getattr(nn.optim, optimizer)(compiled.parameters(), **options)
    step = autograd.compile(lambda x, y: cross_entropy(compiled(x), y))
    for _ in range(3):
        for x, y in data:
            loss_e = cross_entropy(eager(x), y)
            opt_e.zero_grad()
            loss_e.backward()
            opt_e.step()
            opt_c.zero_grad()
            loss_c = step(x, y)
            opt_c.step()
            assert loss_c.data.dtype == loss_e.data.dtype
            assert np.array_equal(loss_c.data, loss_e.data)
            assert_same_state(eager.parameters(), compiled.parameters())
    # Two signatures (batch 32 and batch 20), each recorded twice: the rest were replays.
    assert step.recordings == 4 and step.replays == 3 * 6 - 4


@pytest.mark.parametrize("mlp", ["nn.MLP", "micrograd's nn code"])
def test_scalar_mlp_trains_as_eager_bit_for_bit(mlp: str) -> None:
    xs, ys = moons()

    def model() -> object:
        random.seed(1337)
        return nn.MLP(2, [8, 8, 1]) if mlp == "nn.MLP" else MicrogradMLP(2, [8, 8, 1])

    eager, compiled = model(), model()
    opt_c = nn.optim.Adam(compiled.parameters(), lr=0.01)
    opt_e = nn.optim.Adam(eager.parameters(), lr=0.01)
    step = autograd.compile(lambda: svm_loss(compiled, xs, ys))
    for _ in range(5):
        loss_e = svm_loss(eager, xs, ys)
        opt_e.zero_grad()
        loss_e.backward()
        opt_e.step()
        opt_c.zero_grad()
        loss_c = step()
        opt_c.step()
        assert isinstance(loss_c, Value) and loss_c.data == loss_e.data
        assert_same_state(eager.parameters(), compiled.parameters())
    assert (step.recordings, step.replays) == (2, 3)


def test_values_given_as_arguments_are_read_from_each_call() -> None:
    random.seed(0)
    model = nn.MLP(2, [4, 1])
    step = autograd.compile(lambda x, y: (model(x) - y) ** 2)
    for k in range(5):
        x = [Value(0.1 * k), Value(-0.3 * k + 1)]
        y = Value(0.5 * k)
        expected = (model(x).data - y.data) ** 2
        model.zero_grad()
        loss = step(x, y)
        assert loss.data == expected
        # the arguments get their gradients too: they are leaves that require grad
        assert y.grad == -2 * (model(x).data - y.data)
        assert x[0].grad != 0.0
    assert step.replays == 3


def test_gradients_accumulate_as_backward_does() -> None:
    model, twin = tensor_mlp(), tensor_mlp()
    x, y = digits_like(1, 8)[0]
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    for _ in range(4):  # never zeroed: each call adds, as loss.backward() adds
        step(x, y)
        cross_entropy(twin(x), y).backward()
        assert_same_state(twin.parameters(), model.parameters())
    assert step.replays == 2


def test_leaf_gradients_are_arrays_of_their_own() -> None:
    w = Tensor(np.ones(3), requires_grad=True)
    b = Tensor(np.zeros(1), requires_grad=True)
    step = autograd.compile(lambda x: (x * w + b).sum())  # b's gradient is summed from (3,)
    for _ in range(3):
        w.grad = b.grad = None
        step(np.arange(3.0))
    assert step.replays == 1
    for g in (w.grad, b.grad):
        assert g.flags.writeable and g.base is None and g.flags.owndata
    w.grad[...] = 0.0  # clipping one in place changes nothing else
    assert np.array_equal(b.grad, [3.0])


def test_parameter_values_replaced_between_calls_are_read() -> None:
    model = tensor_mlp()
    x, y = digits_like(1, 8)[0]
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    for _ in range(3):
        step(x, y)
    state = {k: v * 0.5 for k, v in model.state_dict().items()}
    model.load_state_dict(state)  # new arrays: .data = ...
    model.zero_grad()
    loss = step(x, y)
    assert step.replays == 2
    expected = cross_entropy(model(x), y)
    assert np.array_equal(loss.data, expected.data)


def test_mixed_dtypes_promote_as_eager() -> None:
    w = Tensor(np.linspace(-1, 1, 4).astype(np.float32), requires_grad=True)
    step = autograd.compile(lambda x: (x * w).tanh().sum())
    x64 = Tensor(np.arange(4.0))  # float64 times float32: float64, as PyTorch promotes
    for _ in range(3):
        w.grad = None
        loss = step(x64)
    eager_w = Tensor(w.data, requires_grad=True)
    (x64 * eager_w).tanh().sum().backward()
    assert loss.data.dtype == np.float64 and w.grad.dtype == np.float32
    assert np.array_equal(w.grad, eager_w.grad)
    assert step.replays == 1


def test_targets_as_tensors_or_arrays_are_read_from_each_call() -> None:
    # cross_entropy picks with the class indices: a static argument of the getitem node
    model = tensor_mlp()
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    for x, y in digits_like(4, 16):
        target = autograd.tensor(y) if len(step._entries) else y
        assert np.array_equal(step(x, target).data, cross_entropy(model(x), y).data)
    assert step.replays == 1  # the int Tensor target is another signature than the array


def test_keyword_and_nested_arguments_and_input_gradients() -> None:
    w = Tensor(np.linspace(-1, 1, 6).reshape(2, 3), requires_grad=True)

    def loss(pair: tuple, *, weights: dict) -> Tensor:
        x, target = pair
        return ((x @ weights["w"]).tanh() - target).square().mean()

    step = autograd.compile(loss)
    rng = np.random.default_rng(0)
    for _ in range(4):
        x = Tensor(rng.standard_normal((5, 2)), requires_grad=True)  # a gradient wanted
        twin = Tensor(x.data, requires_grad=True)
        target = rng.standard_normal((5, 3))
        w.grad = None
        value = step((x, target), weights={"w": w})
        twin_w = Tensor(w.data, requires_grad=True)
        expected = loss((twin, target), weights={"w": twin_w})
        expected.backward()
        assert np.array_equal(value.data, expected.data)
        assert np.array_equal(x.grad, twin.grad) and np.array_equal(w.grad, twin_w.grad)
    assert step.replays == 2


def test_an_index_given_as_an_argument_is_read_from_each_call() -> None:
    # a boolean mask is a static argument of getitem: replaced by each call's mask, even
    # when it selects another number of rows
    w = Tensor(np.arange(12.0).reshape(4, 3), requires_grad=True)
    step = autograd.compile(lambda rows: (w[rows] * 2.0).sum())
    for rows in ([True, False, True, False], [False, True, True, True]) * 2:
        w.grad = None
        rows = np.array(rows)
        assert step(rows).item() == 2 * w.data[rows].sum()
        assert np.array_equal(w.grad, np.where(rows[:, None], 2.0, 0.0) * np.ones(3))
    assert step.replays == 2


def test_work_on_an_argument_alone_makes_it_part_of_the_signature() -> None:
    # x.flatten() involves no parameter: eagerly a constant, not a node, so x's values
    # are the signature's (each new batch records anew, and a warning says what to do)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))
    step = autograd.compile(lambda x: model(x).sum())
    x = Tensor(np.ones((3, 2, 2)))
    for _ in range(3):
        step(x)
    assert step.replays == 1
    with pytest.warns(RuntimeWarning, match=r"x\.flatten\(\) or x / 255.*outside the step"):
        for k in range(2, 7):  # 2: a new value, the tape's dropped; 5: the third change
            assert step(x * k).item() == model(x * k).sum().item()


def test_binary_rules_with_one_input_constant_give_eager_gradients() -> None:
    # + - * / give both gradients from one call (grads=): the constant side gets none
    def value(v: float, requires_grad: bool = False) -> Value:
        made = Value(v)
        made.requires_grad = requires_grad
        return made

    def tensor(v: float, requires_grad: bool = False) -> Tensor:
        return Tensor(np.array([v, -v / 3]), requires_grad=requires_grad)

    for make in (value, tensor):
        w, twin = make(1.5, True), make(1.5, True)

        def loss(w: object, c: object) -> object:
            out = (w * c - c) / (c + w) + c / w - (w - c) * (w / c)
            return out if isinstance(out, Value) else out.sum()

        step = autograd.compile(functools.partial(loss, w))
        for c in (0.5, -2.0, 0.25, 3.0):
            w.grad = twin.grad = None if isinstance(w, Tensor) else 0.0
            constant = make(c)
            value, expected = step(constant), loss(twin, make(c))
            expected.backward()
            assert np.array_equal(np.asarray(value.data), np.asarray(expected.data))
            assert np.array_equal(np.asarray(w.grad), np.asarray(twin.grad))
            assert constant.grad in (None, 0.0)  # a constant argument gets no gradient
        assert step.replays == 2


def test_a_primitive_of_your_own_is_replayed_with_its_own_rule() -> None:
    # the tape has no derivatives of its own: it calls the rule table's rows, yours too
    calls = {"forward": 0, "grads": 0}

    def forward(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        calls["forward"] += 1
        return x * np.sin(y)

    def grads(g: np.ndarray, out: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple:
        calls["grads"] += 1
        return g * np.sin(y), g * x * np.cos(y)

    x_sin_y = autograd.Primitive("x_sin_y", forward, grads=grads)
    w = Tensor(np.array([0.5, -1.0, 2.0]), requires_grad=True)
    step = autograd.compile(lambda y: x_sin_y(w, y).sum())
    y = np.array([0.1, 0.2, 0.3])
    for _ in range(4):
        w.grad = None
        step(y)
    assert (step.replays, calls["forward"], calls["grads"]) == (2, 4, 4)
    assert np.array_equal(w.grad, np.sin(y))


def test_a_primitive_that_saves_is_replayed_with_what_its_forward_kept() -> None:
    # cross_entropy keeps its exponentials for its vjp; a replay hands them over as eager does
    kept = []

    def forward(x: np.ndarray) -> tuple:
        denominator = 1 + np.abs(x)
        return x / denominator, denominator

    def vjp(g: np.ndarray, out: np.ndarray, x: np.ndarray, denominator: np.ndarray) -> object:
        kept.append(denominator)
        return g / denominator**2

    softsign = autograd.Primitive("saving_softsign", forward, (vjp,), saves=True)
    w = Tensor(np.array([0.5, -1.0, 2.0]), requires_grad=True)
    step = autograd.compile(lambda x: (softsign(w * x) ** 2).sum())
    for x in ([1.0, 2.0, 3.0], [-1.0, 0.5, 2.0], [2.0, 2.0, -3.0]):
        w.grad = None
        (softsign(w * np.array(x)) ** 2).sum().backward()
        expected = w.grad
        w.grad = None
        step(np.array(x))
        np.testing.assert_array_equal(w.grad, expected)
        np.testing.assert_array_equal(kept[-1], 1 + np.abs(w.data * np.array(x)))
    assert step.replays == 1


def test_a_tensor_tape_is_one_python_function_in_the_steps_order() -> None:
    model = tensor_mlp()
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    assert step.source is None
    for x, y in digits_like(3, 8):
        step(x, y)
    source = step.source
    forwards = [line.split("# ")[1] for line in source.splitlines()
                if re.search(r"= f\d+\(", line)]
    assert forwards == ["linear", "ReLU", "linear", "cross_entropy, keeping what its vjps reuse"]
    # a gradient for each parameter, none for the input (it does not require grad)
    assert [line.split("d/d")[1] for line in source.splitlines() if "d/dv" in line] == [
        "v7 of cross_entropy", "v6 of linear", "v3 of linear", "v4 of linear",
        "v5 of ReLU", "v1 of linear", "v2 of linear"]


# --------------------------------------------------------------------- the signature


def test_signature_changes_record_anew() -> None:
    model = tensor_mlp()
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    x, y = digits_like(1, 16)[0]
    for _ in range(3):
        step(x, y)
    assert (step.recordings, step.replays) == (2, 1)
    step(x[:8], y[:8])  # a new batch size
    assert step.recordings == 3
    step(x.astype(np.float32), y)  # another dtype (the model stays float64)
    assert step.recordings == 4
    model.eval()  # the training flag of a module the step names
    step(x, y)
    assert step.recordings == 5
    model.train()
    step(x, y)  # back to the first signature: its tape is kept
    assert (step.recordings, step.replays) == (5, 2)
    with no_grad(), pytest.raises(RuntimeError, match="does not require grad"):
        step(x, y)  # grad mode is in the signature: eager, and eager's error


def test_a_branch_on_a_python_argument_is_part_of_the_signature() -> None:
    w = Tensor(np.ones(3), requires_grad=True)

    def loss(x: np.ndarray, squared: bool) -> Tensor:
        return (x * w).square().sum() if squared else (x * w).sum()

    step = autograd.compile(loss)
    x = np.array([1.0, 2.0, 3.0])
    for squared in [True, False] * 3:
        w.grad = None
        assert step(x, squared).item() == (14.0 if squared else 6.0)
        assert np.array_equal(w.grad, 2 * x * x if squared else x)
    assert (step.recordings, step.replays) == (4, 2)


def test_a_python_number_argument_is_keyed_by_value() -> None:
    w, twin = Value(-2.0), Value(-2.0)
    step = autograd.compile(lambda scale: w * scale)
    for scale in (3.0, 3.0, 3.0, 0.0, 0.0, -0.0, -0.0, -0.0):
        w.grad = twin.grad = -0.0
        loss, expected = step(scale), twin * scale
        expected.backward()
        assert [math.copysign(1, v) * abs(v) for v in (loss.data, w.grad)] == \
            [math.copysign(1, v) * abs(v) for v in (expected.data, twin.grad)]
        assert math.copysign(1, loss.data) == math.copysign(1, expected.data)
    assert step.replays == 2  # 0.0 and -0.0 are two signatures


def test_a_parameter_changed_in_kind_records_anew() -> None:
    model = tensor_mlp()
    x, y = digits_like(1, 8, np.float32)[0]
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    for _ in range(3):
        step(x, y)
    model.float()  # same Parameters, float32 arrays: not the tape's float64
    model.zero_grad()
    loss = step(x, y)
    assert loss.data.dtype == np.float32 and step.recordings == 3
    model[0].weight.requires_grad_(False)  # frozen: no gradient, as eagerly
    model.zero_grad()
    step(x, y)
    assert model[0].weight.grad is None and model[2].weight.grad is not None
    assert step.recordings == 4


def test_a_model_rebound_to_a_new_object_records_anew() -> None:
    x, y = digits_like(1, 8)[0]
    model = tensor_mlp()
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    for _ in range(3):
        step(x, y)
    model = tensor_mlp()  # the closure now holds another model (same signature)
    for p in model.parameters():
        p.data = p.data * 2
    loss = step(x, y)
    assert step.recordings == 3
    assert np.array_equal(loss.data, cross_entropy(model(x), y).data)


def test_cache_keeps_the_last_signatures() -> None:
    w = Tensor(np.ones(1), requires_grad=True)
    step = autograd.compile(lambda x: (x * w).sum(), cache_size=2)
    for n in (1, 2, 3, 1):  # three shapes in a cache of two: (1,) was dropped
        for _ in range(3):
            step(np.ones(n))
    assert (step.recordings, step.replays) == (8, 4)

def test_a_layer_or_parameter_replaced_inside_the_model_records_anew() -> None:
    model = tensor_mlp()
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    x, y = digits_like(1, 8)[0]
    for _ in range(3):
        step(x, y)
    nn.manual_seed(1)
    model[2] = nn.Linear(32, 10)  # a new layer object: its parameters are not the tape's
    model.zero_grad()
    loss = step(x, y)
    assert (step.recordings, step.replays) == (3, 1)
    assert np.array_equal(loss.data, cross_entropy(model(x), y).data)
    model[0].bias = nn.Parameter(np.full(32, 0.5))  # a new parameter object
    model.zero_grad()
    loss = step(x, y)
    expected = cross_entropy(model(x), y)
    assert step.recordings == 4 and np.array_equal(loss.data, expected.data)
    assert np.array_equal(model[0].bias.grad, autograd.grad(expected, model[0].bias)[0])


class Trainer:
    """A step as a bound method whose model is an attribute (found one level down)."""

    def __init__(self) -> None:
        self.model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 2))
        self.calls = 0

    def loss(self, x: np.ndarray) -> Tensor:
        self.calls += 1  # an attribute that is not a module or parameter: no new recording
        return self.model(x).square().mean()


def test_a_model_held_by_the_bound_object_is_found() -> None:
    nn.manual_seed(0)
    trainer = Trainer()
    trainer.model.eval()
    step = autograd.compile(trainer.loss)
    x = np.linspace(-1, 1, 12).reshape(3, 4)
    for _ in range(3):
        step(x)
    assert (step.recordings, step.replays, trainer.calls) == (2, 1, 2)
    trainer.model.train()  # its training flag is in the signature: Dropout draws now
    step(x)
    with pytest.raises(NotReplayableError, match="Dropout"):
        step(x)
    trainer.model = nn.Sequential(nn.Linear(4, 2))  # another model: every tape dropped
    for _ in range(3):
        assert step(x).item() == trainer.model(x).square().mean().item()
    assert step.replays == 2


def test_a_module_keeping_a_node_of_its_forward_runs_eagerly_and_says_so() -> None:
    class Remembering(nn.Module):
        def __init__(self) -> None:
            self.linear = nn.Linear(3, 1)

        def forward(self, x: Tensor) -> Tensor:
            self.last = self.linear(x)  # a side effect a replay would skip
            return self.last

    nn.manual_seed(0)
    model = Remembering()
    step = autograd.compile(lambda x: model(x).sum())
    x = np.ones((2, 3))
    with pytest.warns(RuntimeWarning, match="hold new objects on every call"):
        for _ in range(5):
            loss = step(x)
            assert model.last.data.sum() == loss.item()  # the attribute is this call's
    assert step.replays == 0


# ---------------------------------------------------------- what a tape cannot replay


def test_dropout_in_training_mode_is_refused() -> None:
    nn.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 10))
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    x, y = digits_like(1, 8)[0]
    step(x, y)
    with pytest.raises(NotReplayableError, match=r"changed: an array of shape \(8, 16\).*"
                                                 r"Dropout.*model\.eval\(\)"):
        step(x, y)
    model.eval()  # dropout is the identity: the step replays
    for _ in range(3):
        step(x, y)
    assert step.replays == 1


def test_batchnorm_in_training_mode_is_refused_and_replays_in_eval_mode() -> None:
    # training mode updates the running statistics in Python, which a replay would skip
    def make() -> nn.Module:
        nn.manual_seed(0)
        return nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3))

    model, twin = make(), make()
    step = autograd.compile(lambda x, y: cross_entropy(model(x), y))
    rng = np.random.default_rng(0)
    x, y = rng.random((8, 4)), rng.integers(0, 3, 8)
    with pytest.raises(NotReplayableError, match=r"BatchNorm1d\.running_mean.*eval\(\)"):
        step(x, y)
    assert all(p.grad is None for p in model.parameters())  # refused before backward
    cross_entropy(twin(x), y)  # the eager call's update, made once on both
    model.eval()
    twin.eval()
    for _ in range(4):
        x, y = rng.random((8, 4)), rng.integers(0, 3, 8)
        model.zero_grad()
        twin.zero_grad()
        loss, expected = step(x, y), cross_entropy(twin(x), y)
        expected.backward()
        assert np.array_equal(loss.data, expected.data)
        assert_same_state(twin.parameters(), model.parameters())
    assert np.array_equal(model[1].running_mean.data, twin[1].running_mean.data)
    assert step.replays == 2


def test_random_draws_and_outside_numbers_are_refused() -> None:
    w = Tensor(np.ones(4), requires_grad=True)
    noisy = autograd.compile(lambda: (w + autograd.randn(4)).sum())
    noisy()
    with pytest.raises(NotReplayableError, match="a constant made inside the step changed"):
        noisy()
    settings = {"scale": 2.0}
    scaled = autograd.compile(lambda: (w * settings["scale"]).sum())
    scaled()
    settings["scale"] = 3.0
    with pytest.raises(NotReplayableError, match="an array of shape \\(\\) "):
        scaled()


def test_a_branch_on_values_between_the_first_calls_is_refused() -> None:
    w = Tensor(np.ones(3), requires_grad=True)
    step = autograd.compile(lambda x: (x * w).sum() if x.data.sum() > 0 else (x * w).exp().sum())
    step(Tensor([1.0, 2.0, 3.0]))
    with pytest.raises(NotReplayableError, match="op node 1 was sum, then exp"):
        step(Tensor([-1.0, -2.0, -3.0]))


def test_arguments_read_only_in_python_are_keyed_by_value() -> None:
    # The target array becomes a float copy (x - t lifts it to x's float32): not found by
    # identity, so its values are part of the signature; each new value records anew.
    w = Tensor(np.ones(3, np.float32), requires_grad=True)
    step = autograd.compile(lambda t: mse_loss(w * 1.0, t))
    for t in ([1.0, 2.0, 3.0],) * 3:
        w.grad = None
        step(np.array(t))
    assert (step.recordings, step.replays) == (2, 1)
    with pytest.warns(RuntimeWarning, match="argument 0 changed value on every call"):
        for k in range(1, 6):  # 1: the tape's pinned value differs; 4: the third change
            w.grad = None
            loss = step(np.array([1.0, 2.0, 3.0 + k]))
            assert loss.item() == pytest.approx(((k + 2) ** 2 + 1) / 3)
    assert step.replays == 1


def test_micrograd_style_nodes_are_refused() -> None:
    def cube(x: Value) -> Value:
        out = Value(x.data**3, (x,), "cube")

        def _backward() -> None:
            x.grad += 3 * x.data**2 * out.grad
        out._backward = _backward
        return out

    x = Value(2.0)
    step = autograd.compile(lambda: cube(x) * 2)
    with pytest.raises(TypeError, match="micrograd's way .*'cube'.*autograd.Primitive"):
        step()
    assert x.grad == 0.0  # refused before backward


def test_steps_that_do_not_return_a_loss_or_call_backward_are_refused() -> None:
    w = Value(1.0)
    with pytest.raises(TypeError, match="returned float; it must return the loss"):
        autograd.compile(lambda: 2.0)()

    def backward_inside() -> Value:
        loss = w * 3
        loss.backward()
        return loss

    with pytest.raises(RuntimeError, match="called backward\\(\\) itself"):
        autograd.compile(backward_inside)()
    with pytest.raises(TypeError, match="the step was given a Sequential"):
        autograd.compile(lambda m: m)(tensor_mlp())
    with pytest.raises(TypeError, match="step must be callable"):
        autograd.compile(3)


def test_an_error_in_a_replay_is_the_eager_error() -> None:
    x = Value(2.0)
    step = autograd.compile(lambda x: x.log() * 2)
    for _ in range(3):
        step(Value(4.0))
    with pytest.raises(ValueError, match="log: undefined for -1.0"):
        step(Value(-1.0))
    power = autograd.compile(lambda x: x ** 0.5 + x ** Value(0.5))
    for _ in range(3):
        power(x)
    with pytest.raises(ValueError, match="complex"):
        power(Value(-8.0))  # Python's float power gives a complex number: a Value refuses
    assert power.replays == 1


def test_a_failed_backward_commits_nothing() -> None:
    w = Tensor(np.ones(3), requires_grad=True)
    step = autograd.compile(lambda: w * 2)  # not a scalar: backward needs grad=
    for _ in range(3):
        with pytest.raises(ValueError, match="pass gradient= of that shape"):
            step()
    assert step.replays == 0


def test_decorator_and_repr() -> None:
    w = Value(3.0)

    @autograd.compile
    def square() -> Value:
        return w * w

    for _ in range(3):
        w.grad = 0.0
        assert square().data == 9.0 and w.grad == 6.0
    assert square.__name__ == "square"
    assert repr(square).endswith("1 signature(s), 2 recordings, 1 replays>")
