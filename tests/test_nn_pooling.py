"""Pooling: max (with PyTorch's indices and tie rule), average, adaptive average; 1-D and 2-D.

PyTorch's outputs, indices and input gradients for the cases in cnn_cases.py are in
torch_numbers_cnn.py. The "ties" input holds small integers, so windows tie: PyTorch's
gradient goes to the first maximum of each window (row by row), and so does ours; it also
holds a nan, which wins its windows.
"""

import cnn_cases as cases
import numpy as np
import pytest
from torch_numbers_cnn import (
    TORCH_ADAPTIVE_AVG_POOL2D,
    TORCH_AVG_POOL2D,
    TORCH_MAX_POOL1D,
    TORCH_MAX_POOL2D,
)

import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-12, "atol": 1e-12, "equal_nan": True}


def _inputs(family, index, shape, ties):
    normal = cases.arrays(cases.seed(family, index), shape)[0]
    return {"ties": ties, "normal": normal} if ties is not None else {"normal": normal}


def _compare(expected, function, x, kwargs, family, index):
    x = Tensor(x, requires_grad=True)
    out = function(x, **kwargs)
    indices = None
    if isinstance(out, tuple):
        out, indices = out
    out.backward(cases.output_gradient(cases.seed(family, index), out.shape))
    np.testing.assert_allclose(out.data, expected["out"], **TIGHT)
    np.testing.assert_allclose(x.grad, expected["x"], **TIGHT)
    if indices is not None:
        assert indices.dtype == np.int64
        np.testing.assert_array_equal(indices, expected["indices"])


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.MAX_POOL2D)),
                         ids=[c[0] for c in cases.MAX_POOL2D])
def test_max_pool2d_gives_pytorchs_values_indices_and_gradients(index, case):
    name, kwargs = case
    for kind, x in _inputs("max_pool2d", index, cases.POOL_SHAPE, cases.ties()).items():
        _compare(TORCH_MAX_POOL2D[f"{name}/{kind}"], F.max_pool2d, x,
                 {**kwargs, "return_indices": True}, "max_pool2d", index)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.MAX_POOL1D)),
                         ids=[c[0] for c in cases.MAX_POOL1D])
def test_max_pool1d_gives_pytorchs_values_indices_and_gradients(index, case):
    name, kwargs = case
    ties = cases.ties()[0, :, :2].reshape(2, 2, 6)
    for kind, x in _inputs("max_pool1d", index, (2, 3, 9), ties).items():
        _compare(TORCH_MAX_POOL1D[f"{name}/{kind}"], F.max_pool1d, x,
                 {**kwargs, "return_indices": True}, "max_pool1d", index)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.AVG_POOL2D)),
                         ids=[c[0] for c in cases.AVG_POOL2D])
def test_avg_pool2d_gives_pytorchs_values_and_gradients(index, case):
    name, kwargs = case
    x = _inputs("avg_pool2d", index, cases.POOL_SHAPE, None)["normal"]
    _compare(TORCH_AVG_POOL2D[f"{name}/normal"], F.avg_pool2d, x, kwargs, "avg_pool2d", index)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.ADAPTIVE_AVG_POOL2D)),
                         ids=[c[0] for c in cases.ADAPTIVE_AVG_POOL2D])
def test_adaptive_avg_pool2d_gives_pytorchs_values_and_gradients(index, case):
    name, size = case
    x = _inputs("adaptive_avg_pool2d", index, cases.POOL_SHAPE, None)["normal"]
    _compare(TORCH_ADAPTIVE_AVG_POOL2D[f"{name}/normal"], F.adaptive_avg_pool2d, x,
             {"output_size": size}, "adaptive_avg_pool2d", index)


def test_a_window_of_padding_only_is_minus_infinity_with_pytorchs_index_and_no_gradient():
    x = Tensor(np.zeros((1, 1, 1)), requires_grad=True)  # (C, H, W) = 1 x 1
    out, index = F.max_pool2d(x, 3, padding=1, dilation=2, ceil_mode=True, return_indices=True)
    assert out.data.tolist() == [[[-np.inf]]] and index.tolist() == [[[2]]]  # PyTorch's
    out.backward(np.ones(out.shape))
    assert x.grad.tolist() == [[[0.0]]]


def test_max_pooling_derivatives_match_central_differences():
    x = Tensor(np.random.default_rng(3).permutation(48).reshape(1, 3, 4, 4) / 10.0,
               requires_grad=True)  # distinct values: no ties, no kink
    for kwargs in ({"kernel_size": 2}, {"kernel_size": 3, "stride": 1, "padding": 1},
                   {"kernel_size": (2, 3), "stride": 2, "ceil_mode": True, "dilation": (1, 2)}):
        assert gradcheck(lambda x, kw=kwargs: F.max_pool2d(x, **kw), [x])
    # The gradient picks g at fixed places: the second derivative is 0, and the first is
    # still differentiable in g (its vjp picks again).
    g = Tensor(np.random.default_rng(4).standard_normal((1, 3, 2, 2)), requires_grad=True)

    def through_gradient(g):
        from autograd import grad
        out = F.max_pool2d(x, 2)
        return grad((out * g).sum(), x, create_graph=True)[0]

    assert gradcheck(through_gradient, [g])


def test_average_pooling_derivatives_match_central_differences():
    x = Tensor(np.random.default_rng(5).standard_normal((2, 2, 5, 4)), requires_grad=True)
    assert gradcheck(lambda x: F.avg_pool2d(x, 3, 2, 1, True, False), [x])
    assert gradcheck(lambda x: F.adaptive_avg_pool2d(x, (3, 3)), [x])
    assert gradcheck(lambda x: F.avg_pool1d(x[0], 2, 1, 1), [x])
    assert gradgradcheck(lambda x: F.avg_pool2d(x, 2) ** 2, [x])


def test_pooling_layers_have_pytorchs_defaults_and_repr():
    assert repr(nn.MaxPool2d(2)) == ("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, "
                                     "ceil_mode=False)")
    assert repr(nn.MaxPool2d((2, 3), stride=1, padding=1, ceil_mode=True)) == (
        "MaxPool2d(kernel_size=(2, 3), stride=1, padding=1, dilation=1, ceil_mode=True)")
    assert repr(nn.MaxPool1d(3)) == ("MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, "
                                     "ceil_mode=False)")
    assert repr(nn.AvgPool2d(2)) == "AvgPool2d(kernel_size=2, stride=2, padding=0)"
    assert repr(nn.AvgPool1d(3)) == "AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))"
    assert repr(nn.AdaptiveAvgPool2d((1, 1))) == "AdaptiveAvgPool2d(output_size=(1, 1))"
    x = np.random.default_rng(6).standard_normal((2, 3, 6, 6))
    np.testing.assert_array_equal(nn.MaxPool2d(2)(x).data, F.max_pool2d(x, 2, 2).data)
    out, index = nn.MaxPool2d(3, 1, return_indices=True)(x)
    assert out.shape == index.shape == (2, 3, 4, 4)
    np.testing.assert_allclose(nn.AdaptiveAvgPool2d(1)(x).data[..., 0, 0], x.mean(axis=(2, 3)))
    np.testing.assert_allclose(nn.AvgPool1d(2)(x[0]).data, x[0].reshape(3, 6, 3, 2).mean(-1))
    np.testing.assert_allclose(nn.AdaptiveAvgPool1d(2)(x[0]).data,
                               x[0].reshape(3, 6, 2, 3).mean(-1))


def test_unbatched_inputs_and_float32():
    x = np.random.default_rng(7).standard_normal((3, 5, 5)).astype(np.float32)
    for function in (lambda x: F.max_pool2d(x, 2), lambda x: F.avg_pool2d(x, 2),
                     lambda x: F.adaptive_avg_pool2d(x, 2)):
        out = function(x)
        assert out.dtype == np.float32 and out.shape == (3, 2, 2)
        np.testing.assert_array_equal(out.data, function(x[None]).data[0])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: F.max_pool2d(np.ones((1, 1, 4, 4)), 2, padding=2), "at most half"),
    (lambda: F.avg_pool2d(np.ones((1, 1, 4, 4)), 3, padding=2), "at most half"),
    (lambda: F.max_pool2d(np.ones((1, 1, 2, 2)), 3), "too small"),
    (lambda: F.max_pool2d(np.ones((4, 4)), 2), "3-D"),
    (lambda: F.max_pool2d(np.ones((1, 1, 4, 4)), 2, stride=0), "stride"),
    (lambda: F.avg_pool2d(np.ones((1, 1, 4, 4)), 2, divisor_override=0), "divisor_override"),
    (lambda: F.adaptive_avg_pool2d(np.ones((1, 1, 4, 4)), (1, 2, 3)), "output_size"),
])
def test_bad_pooling_arguments_raise_a_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
