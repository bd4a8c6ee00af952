"""nn layers: Linear, Sequential, activations, Flatten, Dropout."""

import math

import numpy as np
import pytest

import nn
from autograd import Tensor, Value, gradcheck
from nn import Dropout, Flatten, Linear, LogSoftmax, ReLU, Sequential, Sigmoid, Softmax, Tanh

RNG = np.random.default_rng(0)

# -------------------------------------------------------------------------- Linear


def test_linear_shapes_and_pytorch_default_initialisation_bounds():
    layer = Linear(400, 300, seed=0)
    assert layer.weight.shape == (300, 400) and layer.bias.shape == (300,)
    bound = 1 / math.sqrt(400)
    for p in (layer.weight, layer.bias):
        assert p.requires_grad and p.dtype == np.float64
        assert -bound <= p.data.min() and p.data.max() <= bound
    # uniform on [-b, b]: mean 0, variance b^2 / 3 (120,000 draws: well within 2%)
    assert abs(layer.weight.data.mean()) < 0.01 * bound
    assert layer.weight.data.var() == pytest.approx(bound**2 / 3, rel=0.02)


def test_linear_is_reproducible_from_seed_generator_and_manual_seed():
    assert np.array_equal(Linear(3, 2, seed=5).weight.data, Linear(3, 2, seed=5).weight.data)
    assert not np.array_equal(Linear(3, 2, seed=5).weight.data, Linear(3, 2, seed=6).weight.data)
    a = Linear(3, 2, generator=np.random.default_rng(1))
    b = Linear(3, 2, generator=np.random.default_rng(1))
    assert np.array_equal(a.bias.data, b.bias.data)
    nn.manual_seed(7)
    first = [Linear(3, 2).weight.data for _ in range(2)]
    nn.manual_seed(7)
    again = [Linear(3, 2).weight.data for _ in range(2)]
    assert all(np.array_equal(x, y) for x, y in zip(first, again, strict=True))
    assert not np.array_equal(first[0], first[1])


def test_linear_forward_is_x_times_weight_transposed_plus_bias():
    layer = Linear(4, 3, seed=0)
    x = RNG.standard_normal((5, 4))
    expected = x @ layer.weight.data.T + layer.bias.data
    assert np.allclose(layer(Tensor(x)).data, expected, rtol=1e-15, atol=0)
    assert np.allclose(layer(x).data, expected, rtol=1e-15, atol=0)  # arrays are accepted
    assert layer(Tensor(x[0])).shape == (3,)  # one sample, no batch axis
    assert layer(Tensor(RNG.standard_normal((2, 5, 4)))).shape == (2, 5, 3)


def test_linear_without_bias_and_in_float32():
    layer = Linear(4, 3, bias=False, seed=0, dtype=np.float32)
    assert layer.bias is None and [n for n, _ in layer.named_parameters()] == ["weight"]
    out = layer(Tensor(np.ones((2, 4)), dtype=np.float32))
    assert out.dtype == np.float32
    assert np.allclose(out.data, np.ones((2, 4)) @ layer.weight.data.T)


def test_linear_gradients_match_central_differences():
    layer = Linear(3, 2, seed=0)
    x = Tensor(RNG.standard_normal((4, 3)), requires_grad=True)
    assert gradcheck(lambda x, w, b: layer(x), [x, layer.weight, layer.bias])


def test_linear_gradients_are_the_closed_form():
    layer = Linear(3, 2, seed=0)
    x = RNG.standard_normal((4, 3))
    g = RNG.standard_normal((4, 2))
    layer(Tensor(x)).backward(g)
    assert np.allclose(layer.weight.grad, g.T @ x) and np.allclose(layer.bias.grad, g.sum(0))


def test_linear_fed_the_wrong_number_of_features_names_the_layer_and_shapes():
    model = Sequential(Linear(4, 3, seed=0), ReLU(), Linear(5, 2, seed=0))
    with pytest.raises(ValueError, match=r"2 \(Linear\): input of shape \(8, 3\) does not fit "
                                         r"weight of shape \(2, 5\): expected \(\.\.\., 5\)"):
        model(Tensor(np.ones((8, 4))))
    with pytest.raises(ValueError, match=r"\(Linear\): input of shape \(\) does not fit"):
        Linear(2, 1)(Tensor(1.0))


@pytest.mark.parametrize("args", [(0, 3), (3, -1), (2.5, 3), (True, 3), ("4", 3)])
def test_linear_sizes_must_be_positive_integers(args):
    with pytest.raises(ValueError, match="Linear: (in|out)_features must be a positive integer"):
        Linear(*args)


# ---------------------------------------------------------------------- Sequential


def test_sequential_runs_in_order_and_is_indexable():
    first, second = Linear(2, 3, seed=0), Linear(3, 1, seed=1)
    model = Sequential(first, Tanh(), second)
    x = RNG.standard_normal((4, 2))
    expected = np.tanh(x @ first.weight.data.T + first.bias.data) @ second.weight.data.T
    assert np.allclose(model(Tensor(x)).data, expected + second.bias.data)
    assert len(model) == 3 and model[0] is first and model[-1] is second
    assert list(model) == [first, model[1], second]
    assert isinstance(model[:2], Sequential) and list(model[:2]) == [first, model[1]]
    assert model.parameters() == [first.weight, first.bias, second.weight, second.bias]


def test_sequential_takes_only_modules():
    with pytest.raises(TypeError, match="Sequential: item 1 is ufunc, expected a Module"):
        Sequential(ReLU(), np.tanh)


# --------------------------------------------------------------------- activations


@pytest.mark.parametrize("module, reference", [
    (ReLU(), lambda x: np.maximum(x, 0)),
    (Sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    (Tanh(), np.tanh),
    (Softmax(), lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True)),
    (Softmax(dim=0), lambda x: np.exp(x) / np.exp(x).sum(0, keepdims=True)),
    (LogSoftmax(), lambda x: x - np.log(np.exp(x).sum(-1, keepdims=True))),
])
def test_activations_match_numpy(module, reference):
    x = RNG.standard_normal((3, 4))
    assert np.allclose(module(Tensor(x)).data, reference(x), rtol=1e-12, atol=1e-15)
    t = Tensor(x, requires_grad=True)
    assert gradcheck(lambda t: module(t), [t])


def test_activations_work_on_values_too():
    assert ReLU()(Value(-2.0)).data == 0.0
    assert Tanh()(Value(0.5)).data == math.tanh(0.5)
    assert Sigmoid()(Value(0.0)).data == 0.5


def test_softmax_of_huge_logits_is_finite():
    out = Softmax()(Tensor([[1000.0, 0.0, -1000.0]]))
    assert np.allclose(out.data, [[1.0, 0.0, 0.0]])
    assert np.isfinite(LogSoftmax()(Tensor([1000.0, -1000.0])).data).all()


def test_flatten_keeps_the_batch_axis():
    x = Tensor(RNG.standard_normal((5, 8, 8)))
    assert Flatten()(x).shape == (5, 64)
    assert Flatten(0)(x).shape == (320,)
    assert np.array_equal(Flatten()(x).data, x.data.reshape(5, 64))
    assert repr(Flatten()) == "Flatten(start_dim=1, end_dim=-1)"


# ------------------------------------------------------------------------- Dropout


def test_dropout_zeroes_about_p_and_scales_the_rest_in_training():
    layer = Dropout(0.25, seed=0)
    x = Tensor(np.ones((200, 100)), requires_grad=True)
    out = layer(x)
    kept = out.data != 0
    assert set(np.unique(out.data)) == {0.0, 1 / 0.75}
    assert kept.mean() == pytest.approx(0.75, abs=0.01)  # 20,000 draws
    out.sum().backward()
    assert np.array_equal(x.grad, kept / 0.75)  # the gradient goes through the same mask


def test_dropout_is_the_identity_in_eval_mode_and_with_p_zero():
    x = Tensor(RNG.standard_normal((3, 4)))
    model = Sequential(Dropout(0.5, seed=0))
    assert model.eval()[0](x) is x
    assert Dropout(0.0)(x) is x
    model.train()
    assert model(x).data.tolist() != x.data.tolist()


def test_dropout_is_reproducible_from_its_seed():
    x = Tensor(np.ones(50))
    assert np.array_equal(Dropout(0.5, seed=3)(x).data, Dropout(0.5, seed=3)(x).data)
    layer = Dropout(0.5, seed=3)
    assert not np.array_equal(layer(x).data, layer(x).data)  # a new mask each call


def test_dropout_with_p_one_gives_zeros_in_training_as_pytorch():
    x = Tensor(np.arange(6.0, dtype=np.float32).reshape(2, 3), requires_grad=True)
    out = Dropout(1.0, seed=0)(x)
    assert out.data.tolist() == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]  # nothing gets through
    assert nn.functional.dropout(Tensor([1.0, -2.0]), 1.0).data.tolist() == [0.0, 0.0]
    assert nn.functional.dropout(x, 1.0, training=False) is x
    assert Dropout(1).eval()(x) is x


@pytest.mark.parametrize("p", [-0.1, 1.0000001, 1.5, "0.5", None])
def test_dropout_probability_must_be_in_zero_one(p):
    with pytest.raises(ValueError, match=r"Dropout: p must be a probability in \[0, 1\], got"):
        Dropout(p)
    with pytest.raises(ValueError, match=r"dropout: p must be a probability in \[0, 1\], got"):
        nn.functional.dropout(Tensor([1.0]), p)
