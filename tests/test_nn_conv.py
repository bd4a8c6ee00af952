"""Convolutions: F.conv1d/conv2d/conv_transpose1d/conv_transpose2d, nn.grad, the Conv layers.

PyTorch's outputs and gradients for the cases in cnn_cases.py are in torch_numbers_cnn.py
(printed by torch_reference_cnn.py); each case here runs the same inputs through gradproof.
Values and first and second derivatives against central differences are also checked for
every drawn case by tests/test_ops.py (the spec rows in nn/specs/conv.py).
"""

import math

import cnn_cases as cases
import numpy as np
import pytest
from torch_numbers_cnn import (
    TORCH_CONV1D,
    TORCH_CONV2D,
    TORCH_CONV_TRANSPOSE1D,
    TORCH_CONV_TRANSPOSE2D,
    TORCH_PADDING_MODES,
)

import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-12, "atol": 1e-12}  # float64; the sums run in a different order


def _run(family, index, function, x_shape, w_shape, bias, channels, kwargs):
    """gradproof's output and gradients for a case, as the reference computed PyTorch's."""
    x, w, b = (Tensor(a, requires_grad=True) for a in cases.arrays(
        cases.seed(family, index), x_shape, w_shape, (channels,)))
    out = function(x, w, b if bias else None, **kwargs)
    out.backward(cases.output_gradient(cases.seed(family, index), out.shape))
    return out, x, w, b


def _check(expected, out, x, w, b, bias):
    np.testing.assert_allclose(out.data, expected["out"], **TIGHT)
    np.testing.assert_allclose(x.grad, expected["x"], **TIGHT)
    np.testing.assert_allclose(w.grad, expected["w"], **TIGHT)
    if bias:
        np.testing.assert_allclose(b.grad, expected["b"], **TIGHT)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.CONV2D)),
                         ids=[c[0] for c in cases.CONV2D])
def test_conv2d_gives_pytorchs_output_and_gradients(index, case):
    name, x_shape, w_shape, bias, kwargs = case
    result = _run("conv2d", index, F.conv2d, x_shape, w_shape, bias, w_shape[0], kwargs)
    _check(TORCH_CONV2D[name], *result, bias)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.CONV1D)),
                         ids=[c[0] for c in cases.CONV1D])
def test_conv1d_gives_pytorchs_output_and_gradients(index, case):
    name, x_shape, w_shape, bias, kwargs = case
    result = _run("conv1d", index, F.conv1d, x_shape, w_shape, bias, w_shape[0], kwargs)
    _check(TORCH_CONV1D[name], *result, bias)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.CONV_TRANSPOSE2D)),
                         ids=[c[0] for c in cases.CONV_TRANSPOSE2D])
def test_conv_transpose2d_gives_pytorchs_output_and_gradients(index, case):
    name, x_shape, w_shape, bias, kwargs = case
    channels = w_shape[1] * kwargs.get("groups", 1)
    result = _run("conv_transpose2d", index, F.conv_transpose2d, x_shape, w_shape, bias,
                  channels, kwargs)
    _check(TORCH_CONV_TRANSPOSE2D[name], *result, bias)


def test_conv_transpose1d_gives_pytorchs_output_and_gradients():
    name, x_shape, w_shape, bias, kwargs = cases.CONV_TRANSPOSE1D[0]
    result = _run("conv_transpose1d", 0, F.conv_transpose1d, x_shape, w_shape, bias,
                  w_shape[1], kwargs)
    _check(TORCH_CONV_TRANSPOSE1D[name], *result, bias)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.PADDING_MODES)),
                         ids=[c[0] for c in cases.PADDING_MODES])
def test_conv2d_padding_modes_give_pytorchs_output_and_gradients(index, case):
    name, x_shape, kwargs = case
    x, w, b = cases.arrays(cases.seed("padding_modes", index), x_shape, (2, 3, 3, 3), (2,))
    layer = nn.Conv2d(3, 2, 3, **kwargs)
    layer.weight.data[...], layer.bias.data[...] = w, b
    x = Tensor(x, requires_grad=True)
    out = layer(x)
    out.backward(cases.output_gradient(cases.seed("padding_modes", index), out.shape))
    _check(TORCH_PADDING_MODES[name], out, x, layer.weight, layer.bias, True)


def test_nn_grad_functions_are_conv2ds_gradients():
    """torch.nn.grad's conv2d_input and conv2d_weight: PyTorch's gradients from the
    output gradient alone (and, being built from the same rules, differentiable again)."""
    index, (name, x_shape, w_shape, _, kwargs) = 9, cases.CONV2D[9]
    x, w = cases.arrays(cases.seed("conv2d", index), x_shape, w_shape)
    out_shape = np.shape(TORCH_CONV2D[name]["out"])
    g = cases.output_gradient(cases.seed("conv2d", index), out_shape)
    np.testing.assert_allclose(nn.grad.conv2d_input(x_shape, w, g, **kwargs).data,
                               TORCH_CONV2D[name]["x"], **TIGHT)
    np.testing.assert_allclose(nn.grad.conv2d_weight(x, w_shape, g, **kwargs).data,
                               TORCH_CONV2D[name]["w"], **TIGHT)
    index, (name, x_shape, w_shape, _, kwargs) = 1, cases.CONV1D[1]
    x, w = cases.arrays(cases.seed("conv1d", index), x_shape, w_shape)
    g = cases.output_gradient(cases.seed("conv1d", index), np.shape(TORCH_CONV1D[name]["out"]))
    np.testing.assert_allclose(nn.grad.conv1d_input(x_shape, w, g, **kwargs).data,
                               TORCH_CONV1D[name]["x"], **TIGHT)
    np.testing.assert_allclose(nn.grad.conv1d_weight(x, w_shape, g, **kwargs).data,
                               TORCH_CONV1D[name]["w"], **TIGHT)


# ------------------------------------------------------------- derivatives, any order

RNG = np.random.default_rng(0)


def _leaves(*shapes):
    return [Tensor(RNG.standard_normal(s), requires_grad=True) for s in shapes]


@pytest.mark.parametrize("kwargs", [
    {"stride": 2, "padding": (1, 2), "dilation": (1, 2), "groups": 2},
    {"padding": "same", "dilation": 2, "groups": 1},
])
def test_conv2d_first_and_second_derivatives_match_central_differences(kwargs):
    groups = kwargs["groups"]
    x, w, b = _leaves((2, 4, 5, 4), (4, 4 // groups, 3, 2), (4,))
    f = lambda x, w, b: F.conv2d(x, w, b, **kwargs)  # noqa: E731
    assert gradcheck(f, [x, w, b])
    assert gradgradcheck(f, [x, w, b])


def test_conv_transpose2d_and_weight_gradient_derivatives_match_central_differences():
    x, w = _leaves((1, 4, 3, 3), (4, 1, 2, 3))
    f = lambda x, w: F.conv_transpose2d(  # noqa: E731
        x, w, stride=2, padding=1, output_padding=1, groups=2)
    assert gradcheck(f, [x, w]) and gradgradcheck(f, [x, w])
    x, g = _leaves((1, 2, 5, 4), (1, 3, 3, 2))
    f = lambda x, g: nn.grad.conv2d_weight(x, (3, 2, 3, 2), g, stride=(1, 2), padding=0)  # noqa: E731
    assert gradcheck(f, [x, g]) and gradgradcheck(f, [x, g])


def test_a_third_derivative_is_still_made_of_the_same_rules():
    """d/dx of d/dw of |d/dx sum(conv(x, w)^2)|^2 against central differences of the
    second derivative: each order is built from im2col, col2im and matmuls again."""
    from autograd import grad

    def second(x, w):  # d/dw |d/dx y|^2, summed
        (gx,) = grad((F.conv2d(x, w, stride=2, padding=1) ** 2).sum(), x, create_graph=True)
        return grad((gx * gx).sum(), w, create_graph=True)[0].sum()

    x, w = _leaves((1, 2, 4, 4), (2, 2, 2, 2))
    assert gradcheck(second, [x, w])


# --------------------------------------------------------------------------- the layers


def test_conv_layers_have_pytorchs_shapes_defaults_and_repr():
    conv = nn.Conv2d(1, 6, 5)
    assert conv.weight.shape == (6, 1, 5, 5) and conv.bias.shape == (6,)
    assert repr(conv) == "Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))"
    assert repr(nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False, padding_mode="reflect")) == (
        "Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False, "
        "padding_mode=reflect)")
    assert repr(nn.Conv2d(4, 8, (3, 2), padding="same", dilation=2, groups=2)) == (
        "Conv2d(4, 8, kernel_size=(3, 2), stride=(1, 1), padding=same, dilation=(2, 2), "
        "groups=2)")
    assert repr(nn.Conv1d(4, 8, 3, stride=2)) == "Conv1d(4, 8, kernel_size=(3,), stride=(2,))"
    transpose = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)
    assert transpose.weight.shape == (4, 2, 3, 3)
    assert repr(transpose) == ("ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), "
                               "padding=(1, 1), output_padding=(1, 1))")
    assert nn.ConvTranspose1d(4, 6, 3, groups=2).weight.shape == (4, 3, 3)
    assert nn.Conv2d(1, 2, 3, dtype=np.float32).weight.dtype == np.float32


@pytest.mark.parametrize(("layer", "fan_in"), [
    (lambda: nn.Conv2d(6, 16, 5, seed=0), 6 * 25),
    (lambda: nn.Conv2d(8, 16, (3, 2), groups=4, seed=0), 2 * 6),
    (lambda: nn.ConvTranspose2d(6, 16, 3, groups=2, seed=0), 8 * 9),  # weight.shape[1] * k
])
def test_conv_initialisation_is_kaiming_uniform_with_a_sqrt5(layer, fan_in):
    """kaiming_uniform_(a=sqrt(5)) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)); the bias too."""
    conv = layer()
    bound = 1 / math.sqrt(fan_in)
    for p in (conv.weight, conv.bias):
        assert -bound <= p.data.min() and p.data.max() <= bound
    assert conv.weight.data.max() > 0.8 * bound and conv.weight.data.min() < -0.8 * bound


def test_conv_initialisation_follows_seed_generator_and_manual_seed():
    assert np.array_equal(nn.Conv2d(2, 3, 3, seed=4).weight.data,
                          nn.Conv2d(2, 3, 3, seed=4).weight.data)
    nn.manual_seed(3)
    first = nn.Conv1d(2, 3, 3).weight.data
    nn.manual_seed(3)
    assert np.array_equal(nn.Conv1d(2, 3, 3).weight.data, first)
    rng = np.random.default_rng(9)
    assert np.array_equal(nn.Conv2d(1, 1, 2, generator=rng).weight.data,
                          nn.Conv2d(1, 1, 2, seed=9).weight.data)


def test_an_unbatched_input_gives_the_batched_result_without_its_batch_axis():
    conv = nn.Conv2d(2, 3, 3, padding=1, seed=0)
    x = RNG.standard_normal((2, 5, 4))
    np.testing.assert_allclose(conv(x).data, conv(x[None]).data[0], **TIGHT)
    conv1 = nn.Conv1d(2, 3, 2, seed=0)
    np.testing.assert_allclose(conv1(x[:, 0]).data, conv1(x[None, :, 0]).data[0], **TIGHT)


def test_float32_stays_float32_through_a_conv_network():
    model = nn.Sequential(nn.Conv2d(1, 2, 3, dtype=np.float32), nn.ReLU(), nn.MaxPool2d(2),
                          nn.ConvTranspose2d(2, 1, 2, stride=2, dtype=np.float32))
    x = Tensor(RNG.standard_normal((2, 1, 6, 6)).astype(np.float32), requires_grad=True)
    out = model(x)
    out.sum().backward()
    assert out.dtype == np.float32 and x.grad.dtype == np.float32
    assert all(p.grad.dtype == np.float32 for p in model.parameters())


def test_conv_transpose_output_size_picks_the_output_padding():
    layer = nn.ConvTranspose2d(2, 1, 3, stride=2, padding=1, seed=0)
    x = RNG.standard_normal((1, 2, 4, 4))
    assert layer(x).shape == (1, 1, 7, 7)
    assert layer(x, output_size=(8, 8)).shape == (1, 1, 8, 8)
    assert layer(x, output_size=(1, 1, 8, 7)).shape == (1, 1, 8, 7)
    with pytest.raises(ValueError, match="valid sizes range from"):
        layer(x, output_size=(9, 8))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: F.conv2d(np.ones((1, 3, 5, 5)), np.ones((2, 2, 3, 3))), "to have 2 channels"),
    (lambda: F.conv2d(np.ones((1, 2, 2, 2)), np.ones((2, 2, 3, 3))), "smaller than the"),
    (lambda: F.conv2d(np.ones((1, 2, 5, 5)), np.ones((2, 2, 3, 3)), stride=2, padding="same"),
     "not supported for strided"),
    (lambda: F.conv2d(np.ones((1, 2, 5, 5)), np.ones((3, 1, 3, 3)), groups=2), "divisible"),
    (lambda: F.conv2d(np.ones((1, 2, 5, 5)), np.ones((2, 2, 3, 3)), padding="full"), "padding"),
    (lambda: F.conv2d(np.ones((1, 2, 5, 5)), np.ones((2, 2, 3, 3)), padding=-1), "at least 0"),
    (lambda: F.conv2d(np.ones((2, 5, 5)), np.ones((2, 2, 3))), "weight must be 4-D"),
    (lambda: F.conv1d(np.ones((5,)), np.ones((2, 1, 3))), "expected a 2-D"),
    (lambda: F.conv_transpose2d(np.ones((1, 2, 3, 3)), np.ones((2, 1, 3, 3)), stride=2,
                                output_padding=2), "output_padding"),
    (lambda: nn.Conv2d(3, 4, 3, groups=2), "in_channels"),
    (lambda: nn.Conv2d(2, 4, 3, padding_mode="mirror"), "padding_mode"),
    (lambda: nn.ConvTranspose2d(2, 4, 3, padding_mode="reflect"), "only 'zeros'"),
])
def test_bad_arguments_raise_a_value_error_that_names_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()
