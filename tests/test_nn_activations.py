"""nn's activations against PyTorch's numbers (written in as literals from torch 2.13, CPU,
float64): values and gradients at the kinks, at large and tiny inputs, at nan, and with an
infinite upstream gradient; on Tensors and on Values; float32 kept float32; the modules'
defaults and reprs; and clear errors for bad arguments. The spec rows (nn/specs/__init__.py) check
the derivatives against central differences."""

import math
import warnings

import numpy as np
import pytest
from torch_elementwise_numbers import (
    TORCH_ACTIVATIONS,
    TORCH_ACTIVATIONS_INFINITE_UPSTREAM,
    TORCH_NORMALIZE,
)

import nn
from autograd import Tensor, Value
from nn import functional as F  # noqa: N812 (PyTorch's habit)

inf, nan = math.inf, math.nan

# Where PyTorch's gradient is not its formula's float64 value: hardsigmoid's 1/6 is a float32
# constant in its kernel (0.1666666716...), and its vectorised tanh differs from numpy's by
# an ulp, which 1 + tanh(x) magnifies near x = ±5 in gelu's tanh approximation.
GRAD_RTOL = {"hardsigmoid": 3e-8, "gelu_tanh": 1e-9}


@pytest.mark.parametrize("case", TORCH_ACTIVATIONS)
def test_tensor_values_and_gradients_are_pytorchs(case):
    name, xs, kwargs, expected, expected_grad = TORCH_ACTIVATIONS[case]
    x = Tensor(xs, requires_grad=True)
    y = getattr(F, name)(x, **kwargs)
    y.backward(np.ones(len(xs)))
    np.testing.assert_allclose(y.data, expected, rtol=1e-13, atol=0)
    np.testing.assert_allclose(x.grad, expected_grad, rtol=GRAD_RTOL.get(case, 1e-13), atol=0)


@pytest.mark.parametrize("case", TORCH_ACTIVATIONS)
def test_value_values_and_gradients_are_pytorchs(case):
    name, xs, kwargs, expected, expected_grad = TORCH_ACTIVATIONS[case]
    for x0, y0, g0 in zip(xs, expected, expected_grad, strict=True):
        x = Value(x0)
        y = getattr(F, name)(x, **kwargs)
        y.backward()
        assert isinstance(y, Value)
        np.testing.assert_allclose(y.data, y0, rtol=1e-13, atol=0)
        np.testing.assert_allclose(x.grad, g0, rtol=GRAD_RTOL.get(case, 1e-13), atol=0)


@pytest.mark.parametrize("case", TORCH_ACTIVATIONS)
def test_an_infinite_upstream_gradient_gives_pytorchs_gradient(case):
    """0 (not inf * 0 = nan) where a piece is switched off: hardtanh, relu6, hardsigmoid and
    hardswish select their pieces; elsewhere inf times the derivative, as PyTorch."""
    name, xs, kwargs, _, _ = TORCH_ACTIVATIONS[case]
    xs = [v for v in xs if not math.isnan(v)]
    x = Tensor(xs, requires_grad=True)
    with np.errstate(invalid="ignore"):
        getattr(F, name)(x, **kwargs).backward(np.full(len(xs), inf))
    expected = TORCH_ACTIVATIONS_INFINITE_UPSTREAM[case]
    if name == "softsign":
        # PyTorch's x / (1 + |x|) multiplies inf by |x|'s derivative 0 at x = 0 (nan); the
        # abs rule here selects 0 instead, leaving inf / 1 from the numerator.
        expected = [inf if v == 0 else e for v, e in zip(xs, expected, strict=True)]
    np.testing.assert_array_equal(x.grad, expected)


@pytest.mark.parametrize("case", TORCH_ACTIVATIONS)
def test_float32_stays_float32(case):
    name, xs, kwargs, _, _ = TORCH_ACTIVATIONS[case]
    xs32 = np.array([v for v in xs if abs(v) < 1e30 or math.isnan(v)], np.float32)
    x32 = Tensor(xs32, requires_grad=True)
    x64 = Tensor(xs32.astype(np.float64), requires_grad=True)  # the same numbers, in float64
    y32, y64 = getattr(F, name)(x32, **kwargs), getattr(F, name)(x64, **kwargs)
    y32.backward(np.ones(len(xs32), np.float32))
    y64.backward(np.ones(len(xs32)))
    assert y32.dtype == np.float32 and x32.grad.dtype == np.float32
    # Within float32's rounding of O(1) intermediates (gelu's 1 + tanh(x) near x = -5 keeps
    # 1e-6 absolute, as PyTorch's float32: -2.0108757e-06 where float64 gives -1.5464e-06).
    np.testing.assert_allclose(y32.data, y64.data, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(x32.grad, x64.grad, rtol=1e-6, atol=1e-6)


def test_relu_sigmoid_tanh_keep_working_on_values_tensors_and_lists():
    assert F.relu(Value(-2.0)).data == 0.0 and F.relu(Value(3.0)).data == 3.0
    np.testing.assert_array_equal(F.relu([-1.0, 2.0]).data, [0.0, 2.0])
    assert F.sigmoid(Value(0.0)).data == 0.5
    np.testing.assert_allclose(F.tanh(Tensor([0.5])).data, [math.tanh(0.5)])
    assert F.relu(Tensor([-1.0]), inplace=True).data.tolist() == [0.0]


# ------------------------------------------------------------------- softmin, normalize


def _normalize(x, grad_output, **kwargs):
    x = Tensor(x, requires_grad=True)
    y = F.normalize(x, **kwargs)
    with np.errstate(divide="ignore", invalid="ignore"):
        y.backward(np.array(grad_output))
    return y.data, x.grad


@pytest.mark.parametrize(("x", "grad_output", "kwargs", "expected", "expected_grad"),
                         TORCH_NORMALIZE)
def test_normalize_is_pytorchs(x, grad_output, kwargs, expected, expected_grad):
    y, grad = _normalize(x, grad_output, **kwargs)
    np.testing.assert_allclose(y, expected, rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-14, atol=1e-16)


def test_softmin_is_pytorchs():
    x = Tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 5.0]], requires_grad=True)
    y = F.softmin(x, dim=1)
    y.backward(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
    np.testing.assert_allclose(y.data, [[0.6652409557748218, 0.2447284710547976,
                                         0.09003057317038045],
                                        [0.7297362141184152, 0.26845495065244657,
                                         0.0018088352291382895]], rtol=1e-14)
    np.testing.assert_allclose(x.grad, [[-0.2226954265346234, 0.16280340198980436,
                                         0.059892024544818914],
                                        [0.19590129935046233, -0.19638689012263907,
                                         0.00048559077217672636]], rtol=1e-14)
    np.testing.assert_allclose(nn.Softmin(0)(x).data, [[0.11920292202211755] * 2
                                                        + [0.8807970779778823],
                                                        [0.8807970779778823] * 2
                                                        + [0.11920292202211755]], rtol=1e-14)


def test_softmin_without_dim_warns_and_picks_pytorchs_dim():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    with pytest.warns(UserWarning, match="implicit dimension choice"):
        y = F.softmin(x)
    np.testing.assert_allclose(y.data, F.softmin(x, dim=1).data)  # 2-D: dim 1, as PyTorch
    with pytest.warns(UserWarning, match="dim=0 was chosen"):
        nn.Softmin()(Tensor([1.0, 2.0]))


# ----------------------------------------------------------------------------- modules

MODULES = [  # the module, PyTorch's repr of it, the function it must agree with
    (nn.LeakyReLU(), "LeakyReLU(negative_slope=0.01)", F.leaky_relu),
    (nn.LeakyReLU(0.2, inplace=True), "LeakyReLU(negative_slope=0.2, inplace=True)",
     lambda x: F.leaky_relu(x, 0.2)),
    (nn.ELU(), "ELU(alpha=1.0)", F.elu),
    (nn.ELU(inplace=True), "ELU(alpha=1.0, inplace=True)", F.elu),
    (nn.SELU(), "SELU()", F.selu),
    (nn.SELU(True), "SELU(inplace=True)", F.selu),
    (nn.CELU(2.0, True), "CELU(alpha=2.0, inplace=True)", lambda x: F.celu(x, 2.0)),
    (nn.GELU(), "GELU(approximate='none')", F.gelu),
    (nn.GELU("tanh"), "GELU(approximate='tanh')", lambda x: F.gelu(x, "tanh")),
    (nn.SiLU(), "SiLU()", F.silu),
    (nn.SiLU(inplace=True), "SiLU(inplace=True)", F.silu),
    (nn.Mish(True), "Mish(inplace=True)", F.mish),
    (nn.Softplus(), "Softplus(beta=1.0, threshold=20.0)", F.softplus),
    (nn.Softplus(2, 10), "Softplus(beta=2, threshold=10)", lambda x: F.softplus(x, 2, 10)),
    (nn.Softsign(), "Softsign()", F.softsign),
    (nn.LogSigmoid(), "LogSigmoid()", F.logsigmoid),
    (nn.Hardtanh(), "Hardtanh(min_val=-1.0, max_val=1.0)", F.hardtanh),
    (nn.Hardtanh(-2, 2.0), "Hardtanh(min_val=-2, max_val=2.0)",
     lambda x: F.hardtanh(x, -2, 2)),
    (nn.ReLU6(), "ReLU6()", F.relu6),
    (nn.ReLU6(inplace=True), "ReLU6(inplace=True)", F.relu6),
    (nn.Hardsigmoid(), "Hardsigmoid()", F.hardsigmoid),
    (nn.Hardswish(inplace=True), "Hardswish()", F.hardswish),  # PyTorch shows no inplace
    (nn.Softmin(1), "Softmin(dim=1)", lambda x: F.softmin(x, 1)),
    (nn.ReLU(), "ReLU()", F.relu),
    (nn.ReLU(inplace=True), "ReLU(inplace=True)", F.relu),
]


@pytest.mark.parametrize(("module", "text", "function"), MODULES, ids=[m[1] for m in MODULES])
def test_modules_have_pytorchs_repr_and_compute_their_function(module, text, function):
    assert repr(module) == text
    data = np.array([[-7.0, -3.0, -0.5, 0.0, 0.5, 3.0, 7.0]])
    x = Tensor(data.copy(), requires_grad=True)
    y = module(x)
    np.testing.assert_array_equal(y.data, function(Tensor(data)).data)
    np.testing.assert_array_equal(x.data, data)  # inplace=True computes out of place
    y.sum().backward()
    assert x.grad.shape == data.shape
    assert module.parameters() == []


def test_relu6_is_a_hardtanh_as_in_pytorch():
    assert isinstance(nn.ReLU6(), nn.Hardtanh)
    assert (nn.ReLU6().min_val, nn.ReLU6().max_val) == (0.0, 6.0)


def test_activation_modules_train_in_a_sequential():
    nn.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.GELU(), nn.Linear(4, 4), nn.Mish(),
                          nn.Linear(4, 1), nn.Softplus())
    x = np.random.default_rng(0).standard_normal((8, 3))
    loss = ((model(x) - 1.0) ** 2).mean()
    loss.backward()
    assert all(p.grad is not None and np.all(np.isfinite(p.grad)) for p in model.parameters())


# ------------------------------------------------------------------------------ errors

BAD_CALLS = [
    (lambda: F.leaky_relu(Tensor([1.0]), "a"), TypeError, "leaky_relu: negative_slope"),
    (lambda: F.elu(Tensor([1.0]), alpha="a"), TypeError, "elu: alpha must be a number"),
    (lambda: F.celu(Tensor([1.0]), alpha=0.0), ValueError, "celu: alpha cannot be 0"),
    (lambda: F.softplus(Tensor([1.0]), beta=-1.0), ValueError, "beta must be positive"),
    (lambda: F.softplus(Tensor([1.0]), beta=0), ValueError, "beta must be positive"),
    (lambda: F.softplus(Tensor([1.0]), beta="a"), TypeError, "softplus: beta"),
    (lambda: F.softplus(Tensor([1.0]), threshold=None), TypeError, "softplus: threshold"),
    (lambda: F.gelu(Tensor([1.0]), approximate="fast"), ValueError,
     "gelu: approximate must be one of 'none', 'tanh', got 'fast'"),
    (lambda: F.hardtanh(Tensor([1.0]), 1.0, -1.0), ValueError, "cannot be greater"),
    (lambda: F.relu(Tensor([1.0]), inplace="yes"), TypeError, "relu: inplace"),
    (lambda: F.normalize(Tensor([1.0, 2.0])), ValueError, "normalize: dim 1 is out of range"),
    (lambda: F.normalize(Tensor([[1.0]]), p=-1), ValueError, "p must be >= 0"),
    (lambda: nn.LeakyReLU("a"), TypeError, "LeakyReLU: negative_slope"),
    (lambda: nn.Softplus(beta=-2), ValueError, "Softplus: beta must be positive"),
    (lambda: nn.GELU("fast"), ValueError, "GELU: approximate"),
    (lambda: nn.Hardtanh(2.0, 1.0), ValueError, "Hardtanh: min_val"),
    (lambda: nn.CELU(0.0), ValueError, "CELU: alpha cannot be 0"),
    (lambda: nn.ELU(inplace=None), TypeError, "ELU: inplace"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_CALLS,
                         ids=[m for _, _, m in BAD_CALLS])
def test_bad_arguments_are_clear_errors(call, error, message):
    with pytest.raises(error, match=message), warnings.catch_warnings():
        warnings.simplefilter("error")
        call()
