"""ops.linear: the fused x @ w.T + b that nn.Linear can use, checked like every op."""

import numpy as np
import pytest

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
