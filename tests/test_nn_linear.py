"""F.linear and F.bilinear (nn/linear.py), with PyTorch 2.13's numbers (float64)."""

import inspect

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)

X1 = [[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]]
X2 = [[2.0, -1.0, 0.0, 1.0], [1.0, 1.0, -2.0, 0.5]]
W = (np.arange(60.0) / 10 - 3).reshape(5, 3, 4)
B = [0.1, -0.2, 0.3, -0.4, 0.5]


def test_linear_is_autograds_node_with_pytorchs_argument_names():
    # torch.nn.functional.linear(input, weight, bias=None)
    assert list(inspect.signature(F.linear).parameters) == ["input", "weight", "bias"]
    x = Tensor(X1, requires_grad=True)
    y = F.linear(input=x, weight=[[1.0, 0.0, 2.0], [-1.0, 3.0, 0.5]], bias=[0.25, -1.0])
    assert y.tolist() == [[-0.75, 3.5], [6.75, 0.0]]  # PyTorch's
    assert y._op is autograd.ops.linear
    assert F.linear(x, np.eye(3)).tolist() == X1
    with pytest.raises(ValueError, match=r"linear: input of shape \(2, 3\) does not fit "
                                         r"weight of shape \(2, 2\)"):
        F.linear(x, np.eye(2))


def test_bilinear_gives_pytorchs_values_and_gradients():
    x1, x2 = Tensor(X1, requires_grad=True), Tensor(X2, requires_grad=True)
    w, b = Tensor(W, requires_grad=True), Tensor(B, requires_grad=True)
    y = F.bilinear(x1, x2, w, b)
    np.testing.assert_allclose(y.data, [[-11.5, -7.0, -1.7, 2.4, 8.1],
                                        [-4.475, -2.675, -0.075, 1.325, 4.325]],
                               rtol=1e-13, atol=1e-13)
    (y * (np.arange(10.0).reshape(2, 5) / 10)).sum().backward()
    expected = {  # PyTorch's, for the same sum of the output times 0.0, 0.1, ..., 0.9
        "x1": [[1.4, 2.2, 3.0], [-0.975, -0.275, 0.425]],
        "x2": [[1.2, 1.4, 1.6, 1.8], [5.25, 6.475, 7.7, 8.925]],
        "b": [0.5, 0.7, 0.9, 1.1, 1.3],
        "w[0]": [[0.25, 0.25, -0.5, 0.125], [0.0, 0.0, 0.0, 0.0], [1.5, 1.5, -3.0, 0.75]],
        "w[4]": [[1.25, 0.05, -0.9, 0.625], [1.6, -0.8, 0.0, 0.8], [1.9, 3.1, -5.4, 0.95]]}
    got = {"x1": x1.grad, "x2": x2.grad, "b": b.grad, "w[0]": w.grad[0], "w[4]": w.grad[4]}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-13, atol=1e-13, err_msg=name)
    assert gradcheck(lambda p, q: F.bilinear(p, q, w, b), (x1, x2))


def test_bilinear_takes_pytorchs_shapes():
    w = np.ones((5, 3, 4))
    assert F.bilinear(np.ones(3), np.ones(4), w).shape == (5,)  # no batch dims
    assert F.bilinear(np.ones((2, 2, 3)), np.ones((2, 2, 4)), w).shape == (2, 2, 5)
    assert F.bilinear(np.ones((0, 3)), np.ones((0, 4)), w).shape == (0, 5)
    # PyTorch: "bilinear(): input batch dimensions do not match at dim 0: got 2 and 1"
    with pytest.raises(ValueError, match=r"batch dims differ: \(2,\) and \(1,\)"):
        F.bilinear(np.ones((2, 3)), np.ones((1, 4)), w)
    # PyTorch: "input1 size does not match weight size: got 3 but expected 2"
    with pytest.raises(ValueError, match=r"inputs of shapes \(2, 3\) and \(2, 4\) do not fit "
                                         r"weight of shape \(5, 2, 4\)"):
        F.bilinear(np.ones((2, 3)), np.ones((2, 4)), np.ones((5, 2, 4)))
    # PyTorch: "bias size does not match weight size: got 4 but expected 5"
    with pytest.raises(ValueError, match=r"bias of shape \(4,\) does not fit weight of shape "
                                         r"\(5, 3, 4\): expected \(5,\)"):
        F.bilinear(np.ones((2, 3)), np.ones((2, 4)), w, np.ones(4))


def test_bilinear_module_is_pytorchs():
    import nn

    layer = nn.Bilinear(3, 4, 5, seed=0)
    assert repr(layer) == "Bilinear(in1_features=3, in2_features=4, out_features=5, bias=True)"
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]  # as torch's
    assert layer.weight.shape == (5, 3, 4) and layer.bias.shape == (5,)
    bound = 1 / np.sqrt(3)  # PyTorch's U(-1/sqrt(in1_features), 1/sqrt(in1_features))
    for p in (layer.weight, layer.bias):
        assert p.dtype == np.float64 and np.all(np.abs(p.data) <= bound)
    assert np.abs(layer.weight.data).max() > 0.9 * bound  # drawn over the whole range
    layer.weight.data[...] = W
    layer.bias.data[...] = B
    x1, x2 = Tensor(X1, requires_grad=True), Tensor(X2)
    y = layer(x1, x2)
    np.testing.assert_allclose(y.data, [[-11.5, -7.0, -1.7, 2.4, 8.1],
                                        [-4.475, -2.675, -0.075, 1.325, 4.325]],
                               rtol=1e-13, atol=1e-13)  # PyTorch's, as F.bilinear's above
    y.sum().backward()
    assert layer.weight.grad.shape == (5, 3, 4) and x1.grad.shape == (2, 3)
    np.testing.assert_array_equal(layer.bias.grad, np.full(5, 2.0))
    no_bias = nn.Bilinear(3, 4, 5, bias=False, dtype=np.float32)
    assert no_bias.bias is None and no_bias.weight.dtype == np.float32
    with pytest.raises(ValueError, match="Bilinear: in2_features must be a positive integer"):
        nn.Bilinear(3, 0, 5)
