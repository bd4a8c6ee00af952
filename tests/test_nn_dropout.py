"""Dropout: F.dropout, F.dropout2d (tests/test_nn_embedding.py has its channel masks),
nn.Dropout and nn.Dropout2d, with PyTorch's arguments, checks and numbers."""

import inspect

import numpy as np
import pytest

import nn
from autograd import Tensor
from nn import Dropout, Sequential

RNG = np.random.default_rng(0)


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


@pytest.mark.parametrize("p", [-0.1, 1.0000001, 1.5])
def test_dropout_probability_must_be_in_zero_one(p):
    # PyTorch: ValueError "dropout probability has to be between 0 and 1, but got 1.5"
    with pytest.raises(ValueError, match=r"Dropout: p must be a probability in \[0, 1\], got"):
        Dropout(p)
    for f in (nn.functional.dropout, nn.functional.dropout2d):
        with pytest.raises(ValueError, match=r"dropout2?d?: p must be a probability in \[0, 1"):
            f(Tensor(np.ones((1, 2, 2, 2))), p)


@pytest.mark.parametrize("p", ["0.5", None])
def test_dropout_probability_that_is_not_a_number_is_a_type_error(p):
    # PyTorch: TypeError ('<' not supported between instances of 'str' and 'float')
    for make in (Dropout, nn.Dropout2d, lambda q: nn.functional.dropout(Tensor([1.0]), q)):
        with pytest.raises(TypeError, match=r"p must be a number, a probability in \[0, 1\]"):
            make(p)


@pytest.mark.parametrize("f", [nn.functional.dropout, nn.functional.dropout2d])
def test_dropout_functions_take_pytorchs_arguments(f):
    # torch.nn.functional.dropout(input, p=0.5, training=True, inplace=False), dropout2d the
    # same; gradproof's generator= is keyword-only
    params = inspect.signature(f).parameters
    assert [(n, q.default) for n, q in params.items() if n != "generator"] == [
        ("input", inspect.Parameter.empty), ("p", 0.5), ("training", True), ("inplace", False)]
    assert params["generator"].kind is inspect.Parameter.KEYWORD_ONLY
    x = Tensor(np.ones((2, 3, 2, 2)), requires_grad=True)
    # inplace=True is accepted and computes out of place: the same mask from the same draws
    out = f(x, 0.5, True, True, generator=np.random.default_rng(7))
    assert np.array_equal(out.data, f(x, 0.5, True, generator=np.random.default_rng(7)).data)
    assert np.all(x.data == 1.0) and out is not x
    assert f(x, 0.5, False, True) is x
    with pytest.raises(TypeError, match="inplace must be True or False"):
        f(x, 0.5, True, np.random.default_rng(0))  # the old fourth argument, the generator
    with pytest.raises(TypeError, match=r"generator must be a numpy Generator "
                                        r"\(np.random.default_rng\(seed\)\), got 42"):
        f(x, 0.5, generator=42)
    for training in ("yes", 1):  # PyTorch: "argument 'train' (position 3) must be bool"
        with pytest.raises(TypeError, match="training must be True or False"):
            f(x, 0.5, training)


def test_dropout_layers_take_pytorchs_inplace():
    # PyTorch's nn.Dropout(p=0.5, inplace=False), repr 'Dropout(p=0.5, inplace=True)'
    for layer, name in ((Dropout(0.5, True, seed=0), "Dropout"),
                        (nn.Dropout2d(0.5, True, seed=0), "Dropout2d")):
        assert repr(layer) == f"{name}(p=0.5, inplace=True)"
        x = Tensor(np.ones((2, 3, 2, 2)))
        assert layer(x).data.max() == 2.0 and np.all(x.data == 1.0)
    assert repr(Dropout()) == "Dropout(p=0.5, inplace=False)"
    for make in (Dropout, nn.Dropout2d):
        with pytest.raises(TypeError, match="inplace must be True or False"):
            make(0.5, "yes")
        with pytest.raises(TypeError, match="generator must be a numpy Generator"):
            make(0.5, generator=3)




def test_a_deep_copy_draws_from_the_shared_generator_not_a_frozen_copy():
    # PyTorch's copies of a layer share its one default generator: two copies of a Dropout
    # must not repeat each other's masks, and manual_seed must still reach them
    import copy

    import autograd

    layer = nn.Dropout(0.5)
    first, second = copy.deepcopy(layer), copy.deepcopy(layer)
    assert first._rng is second._rng is autograd.default_generator
    x = Tensor(np.ones(64))
    nn.manual_seed(3)
    a = first(x).data
    nn.manual_seed(3)
    assert np.array_equal(second(x).data, a)  # the same seed reaches the copy
    assert not np.array_equal(second(x).data, a)  # and its next draw is a new mask
