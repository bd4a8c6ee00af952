"""ops.linear: the fused x @ w.T + b that nn.Linear can use, checked like every op."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck, gradgradcheck, ops


@pytest.mark.parametrize("x_shape", [(5,), (4, 5), (2, 3, 5)])
def test_linear_matches_matmul_and_add(x_shape):
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal(x_shape), requires_grad=True)
    w = Tensor(rng.standard_normal((3, 5)), requires_grad=True)
    b = Tensor(rng.standard_normal(3), requires_grad=True)
    out = ops.linear(x, w, b)
    np.testing.assert_allclose(out.data, x.data @ w.data.T + b.data)
    assert gradcheck(lambda x, w, b: ops.linear(x, w, b), [x, w, b])


def test_linear_weight_gradient_is_contiguous_in_weights_layout():
    # The point of the fused op: no transposed view for the optimizer to walk.
    x = Tensor(np.ones((4, 5)))
    w = Tensor(np.ones((3, 5)), requires_grad=True)
    ops.linear(x, w, Tensor(np.zeros(3))).sum().backward()
    assert w.grad.shape == (3, 5) and w.grad.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(w.grad, np.full((3, 5), 4.0))


def test_linear_second_derivatives():
    rng = np.random.default_rng(1)
    x = Tensor(rng.standard_normal((4, 5)), requires_grad=True)
    w = Tensor(rng.standard_normal((3, 5)), requires_grad=True)
    b = Tensor(rng.standard_normal(3), requires_grad=True)
    assert gradgradcheck(lambda x, w, b: (ops.linear(x, w, b) ** 2).sum(), [x, w, b])


# ----------------------------------------------------------- autograd.linear, the public form


def test_public_linear_without_bias_and_with_plain_arrays():
    rng = np.random.default_rng(2)
    x = Tensor(rng.standard_normal((4, 5)), requires_grad=True)
    w = Tensor(rng.standard_normal((3, 5)), requires_grad=True)
    np.testing.assert_allclose(autograd.linear(x, w).data, x.data @ w.data.T)
    assert gradcheck(lambda x, w: autograd.linear(x, w), [x, w])
    plain = autograd.linear(x.data, w.data, np.ones(3))  # arrays in: a Tensor out, no graph
    assert isinstance(plain, Tensor) and not plain.requires_grad
    np.testing.assert_allclose(plain.data, x.data @ w.data.T + 1)


def test_public_linear_keeps_float32():
    x = Tensor(np.ones((2, 5), dtype=np.float32))
    w = Tensor(np.ones((3, 5), dtype=np.float32), requires_grad=True)
    assert autograd.linear(x, w).dtype == np.float32


@pytest.mark.parametrize(("x_shape", "w_shape", "b_shape", "words"), [
    ((4, 2), (3, 5), (3,), ["linear", "(4, 2)", "(3, 5)", "(..., in)"]),
    ((), (3, 5), (3,), ["linear", "()", "(3, 5)"]),
    ((4, 5), (5,), (3,), ["linear", "(5,)", "2-D"]),
    ((4, 5), (3, 5), (5,), ["linear", "bias", "(5,)", "expected (3,)"]),
])
def test_public_linear_names_the_shapes_that_do_not_fit(x_shape, w_shape, b_shape, words):
    with pytest.raises(ValueError) as error:
        autograd.linear(Tensor(np.ones(x_shape)), Tensor(np.ones(w_shape)), np.ones(b_shape))
    for word in words:
        assert word in str(error.value)


def test_public_linear_without_bias_records_two_inputs_and_second_derivatives():
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal((4, 5)), requires_grad=True)
    w = Tensor(rng.standard_normal((3, 5)), requires_grad=True)
    out = autograd.linear(x, w)
    assert out._op == "linear" and out._prev == (x, w)  # no constant zero bias in the graph
    assert gradgradcheck(lambda x, w: (autograd.linear(x, w) ** 2).sum(), [x, w])
