"""Norms at their edges, against PyTorch 2.13's numbers: gradients at 0 and at ties, the
p= / ord= split between torch.norm and numpy.linalg.norm, matrix norms, and the errors.

The spec rows (autograd/specs/norms.py) check values and first and second derivatives at
random inputs away from the kinks; these pin PyTorch's conventions on the kinks.
"""

import math

import numpy as np
import pytest

import autograd
from autograd import Tensor

inf = math.inf


def leaf(values, dtype=np.float64):
    return Tensor(np.array(values, dtype=dtype), requires_grad=True)


def grad_of(f, values):
    x = leaf(values)
    y = f(x)
    y.sum().backward()
    return y.data, x.grad


@pytest.mark.parametrize("p", [1, 2, inf, -inf, 3, 0.5, -1])
def test_norm_gradient_at_zero_is_zero_not_nan(p):
    out, gradient = grad_of(lambda x: autograd.vector_norm(x, p), [0.0, 0.0, 0.0])
    assert out == 0.0
    np.testing.assert_array_equal(gradient, [0.0, 0.0, 0.0])


@pytest.mark.parametrize(("p", "values", "norm", "expected"), [
    (2, [3.0, 0.0, 4.0], 5.0, [0.6, 0.0, 0.8]),
    (0.5, [3.0, 0.0, 4.0], 13.928203230275509, [2.154700538379252, 0.0, 1.8660254037844386]),
    (3, [3.0, 0.0, -4.0], 4.497941445275415, [0.4448513517305356, 0.0, -0.7908468475209521]),
    (inf, [3.0, -3.0, 1.0, 0.0], 3.0, [0.5, -0.5, 0.0, 0.0]),  # ties share, as amax
    (-inf, [1.0, -1.0, 3.0], 1.0, [0.5, -0.5, 0.0]),
    (-inf, [1.0, 0.0, 3.0], 0.0, [0.0, 0.0, 0.0]),
    (-1, [1.0, 2.0, 3.0], 0.5454545454545455,
     [0.29752066115702486, 0.07438016528925621, 0.03305785123966943]),
    (-1, [1.0, 0.0, 3.0], 0.0, [0.0, 0.0, 0.0]),
    (0, [1.0, 0.0, 3.0], 2.0, [0.0, 0.0, 0.0]),  # a count: no gradient
])
def test_vector_norm_values_and_gradients_match_pytorch(p, values, norm, expected):
    out, gradient = grad_of(lambda x: x.norm(p), values)
    np.testing.assert_allclose(out, norm, rtol=1e-15)
    np.testing.assert_allclose(gradient, expected, rtol=1e-14)


def test_two_norm_second_derivatives_match_pytorch():
    x = leaf([3.0, 0.0, -4.0])
    (g,) = autograd.grad(x.norm(), [x], create_graph=True)
    (h,) = autograd.grad((g * np.array([1.0, 2.0, 3.0])).sum(), [x])
    np.testing.assert_allclose(g.data, [0.6, 0.0, -0.8], rtol=1e-15)
    np.testing.assert_allclose(h, [0.416, 0.4, 0.312], rtol=1e-14)
    zero = leaf([0.0, 0.0, 0.0])
    (g,) = autograd.grad(zero.norm(), [zero], create_graph=True)
    np.testing.assert_array_equal(g.data, [0.0, 0.0, 0.0])


def test_norm_keyword_decides_between_torch_norm_and_numpy_linalg_norm():
    x = Tensor(np.arange(6.0).reshape(2, 3) - 2)
    assert x.norm(1).item() == 9.0            # torch.norm: p=1 of all the values
    assert x.norm(1, dim=(0, 1)).item() == 9.0
    assert x.norm(ord=1).item() == 3.0        # numpy, torch.linalg.norm: the largest column sum
    cube = Tensor(np.arange(24.0).reshape(2, 3, 4))
    assert cube.norm().item() == pytest.approx(65.75712889109438, rel=1e-15)
    assert autograd.norm(cube, 1).item() == 276.0
    with pytest.raises(TypeError, match="norm: got both p= .* and ord="):
        x.norm(1, ord=1)


@pytest.mark.parametrize(("ord_", "value", "gradient"), [
    (1, 9.0, [[0.0, 0.0, 1.0], [0.0, 0.0, -1.0]]),
    (-1, 5.0, [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]),
    (inf, 15.0, [[0.0, 0.0, 0.0], [1.0, 1.0, -1.0]]),
    (-inf, 6.0, [[1.0, -1.0, 1.0], [0.0, 0.0, 0.0]]),
    ("fro", 9.539392014169456, [[0.10482848367219183, -0.20965696734438366,
                                 0.3144854510165755], [0.4193139346887673, 0.5241424183609592,
                                                       -0.628970902033151]]),
])
def test_matrix_norms_match_pytorch_linalg_norm(ord_, value, gradient):
    values = [[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]
    out, grad = grad_of(lambda x: x.norm(ord=ord_), values)
    np.testing.assert_allclose(out, value, rtol=1e-15)
    np.testing.assert_allclose(grad, gradient, rtol=1e-14)
    out, _ = grad_of(lambda x: autograd.matrix_norm(x, ord_), values)
    np.testing.assert_allclose(out, value, rtol=1e-15)


@pytest.mark.parametrize("ord_", ["nuc", 2, -2])
def test_singular_value_norms_say_they_are_not_there(ord_):
    with pytest.raises(NotImplementedError, match=f"ord={ord_!r} is a norm of singular values"):
        Tensor(np.eye(2)).norm(ord=ord_)


def test_bad_norm_orders_are_errors_naming_the_op():
    with pytest.raises(ValueError, match="vector_norm: ord='fro' is not a vector norm"):
        autograd.vector_norm([1.0, 2.0], "fro")
    with pytest.raises(ValueError, match="matrix_norm: ord=3 is not a matrix norm"):
        autograd.matrix_norm(np.eye(2), 3)
    with pytest.raises(ValueError, match=r"norm: ord=1 with no axis needs a 1-D or 2-D"):
        Tensor(np.ones((2, 2, 2))).norm(ord=1)


def test_norm_of_a_0d_tensor_is_its_absolute_value():
    out, gradient = grad_of(lambda x: x.norm(), -3.0)
    assert out == 3.0 and gradient == -1.0
