"""numerical_gradient (the numerical-gradient lesson), gradcheck and gradgradcheck, and the
errors they raise."""

import math

import numpy as np
import pytest

import autograd
from autograd import (
    GradcheckError,
    Primitive,
    Tensor,
    Value,
    gradcheck,
    gradgradcheck,
    numerical_gradient,
)
from autograd.ops import data_of


def sum_of_squares(x):
    return float(np.sum(x**2))


def test_numerical_gradient_of_sum_of_squares_is_2x():
    x = np.array([3.0, 4.0])  # the seed's example: f(x0, x1) = x0**2 + x1**2 at (3, 4)
    np.testing.assert_allclose(numerical_gradient(sum_of_squares, x), [6.0, 8.0], atol=1e-6)


def test_numerical_gradient_uses_the_seeds_h_of_1e_minus_4():
    # The central difference of x**3 is 3x**2 + h**2 exactly: the error reveals h.
    x = np.array([2.0])
    error = numerical_gradient(lambda x: float(x[0] ** 3), x)[0] - 12.0
    assert error == pytest.approx(1e-8, rel=1e-3)
    error = numerical_gradient(lambda x: float(x[0] ** 3), x, h=1e-2)[0] - 12.0
    assert error == pytest.approx(1e-4, rel=1e-3)


def test_numerical_gradient_over_any_shape():
    x = np.arange(24.0).reshape(2, 3, 4) / 10
    gradient = numerical_gradient(lambda x: float(np.sum(np.sin(x))), x)
    assert gradient.shape == (2, 3, 4)
    np.testing.assert_allclose(gradient, np.cos(x), atol=1e-7)


def test_numerical_gradient_of_a_0d_array():
    x = np.array(1.5)
    np.testing.assert_allclose(numerical_gradient(lambda x: float(x) ** 2, x), 3.0, atol=1e-7)


def test_numerical_gradient_of_an_empty_array_is_empty():
    """Regression: np.nditer refuses zero-sized arrays ('Iteration of zero-sized operands')."""
    x = np.zeros((2, 0))
    assert numerical_gradient(sum_of_squares, x).shape == (2, 0)


def test_numerical_gradient_leaves_x_as_it_found_it():
    x = np.array([[0.1, -2.0], [3.5, 1e-3]])
    before = x.copy()
    numerical_gradient(sum_of_squares, x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    before = x.copy()
    calls = []

    def failing(x):
        calls.append(1)
        if len(calls) == 4:  # fails half way through the second element
            raise RuntimeError("f failed")
        return sum_of_squares(x)

    with pytest.raises(RuntimeError, match="f failed"):
        numerical_gradient(failing, x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_rejects_integer_arrays():
    with pytest.raises(TypeError, match="float ndarray.*int64"):
        numerical_gradient(sum_of_squares, np.array([1, 2]))


def test_numerical_gradient_matches_backward_of_a_two_layer_net():
    rng = np.random.default_rng(0)
    x, w1, w2 = rng.standard_normal((5, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3)

    def loss(w):
        return float(np.sum(np.tanh(x @ w) @ w2))

    w = Tensor(w1.copy(), requires_grad=True)
    ((Tensor(x) @ w).tanh() @ w2).sum().backward()
    np.testing.assert_allclose(numerical_gradient(loss, w1.copy()), w.grad, atol=1e-7)


# ------------------------------------------------------------------------------ gradcheck


def test_gradcheck_on_values():
    x, y = Value(0.7), Value(-1.3)
    assert gradcheck(lambda x, y: (x * y).tanh() + x.exp() / (y * y), [x, y])
    assert x.data == 0.7 and y.data == -1.3  # inputs restored


def test_gradcheck_on_tensors_with_a_non_scalar_output():
    x = Tensor(np.linspace(-1, 1, 6).reshape(2, 3), requires_grad=True)
    w = Tensor(np.linspace(0.5, 2, 3), requires_grad=True)
    assert gradcheck(lambda x, w: (x * w).sigmoid(), [x, w])


def test_gradgradcheck_on_values_and_tensors():
    x = Value(0.4)
    assert gradgradcheck(lambda x: x.sigmoid() * x.exp(), [x])
    t = Tensor(np.array([0.3, -0.8, 1.1]), requires_grad=True)
    assert gradgradcheck(lambda t: t.softmax().log() * t, [t])


def test_gradcheck_rejects_inputs_that_are_not_nodes():
    with pytest.raises(TypeError, match="input 0 is float"):
        gradcheck(lambda x: x, [1.0])
    with pytest.raises(ValueError, match="input 0 does not require grad"):
        gradcheck(lambda x: x.sum(), [Tensor([1.0])])


def _exp(x):
    return math.exp(x) if type(x) is float else np.exp(x)


# A derivative written wrong on purpose: d/dx exp(x) should be exp(x), not 2 exp(x).
wrong_exp = Primitive("wrong_exp", _exp, (lambda g, out, x: g * 2 * out,))
# Right first derivative, wrong second: the rule reads x's value as a constant (data_of), so
# the derivative of 2x is lost when differentiating again.
detached_square = Primitive("detached_square", lambda x: x * x,
                            (lambda g, out, x: g * 2 * data_of(x),))


def test_gradcheck_catches_a_wrong_derivative_on_a_value():
    x = Value(0.5, label="x")
    with pytest.raises(GradcheckError) as caught:
        gradcheck(wrong_exp, [x])
    message = str(caught.value)
    analytic, numeric = 2 * math.exp(0.5), math.exp(0.5)
    assert "input 0 ('x')" in message
    assert f"back-propagation gives {analytic!r}" in message
    assert f"central difference gives {numeric:.6f}"[:-1] in message
    assert "absolute error 1.65" in message and "relative error 1" in message


def test_gradcheck_catches_a_wrong_derivative_on_a_tensor_and_names_the_element():
    x = Tensor(np.array([[0.1, 0.2], [0.3, 0.4]]), requires_grad=True)
    with pytest.raises(GradcheckError, match=r"input 1 at index \(0, 0\).*4 of 4 elements"):
        gradcheck(lambda y, x: y * wrong_exp(x), [Tensor([2.0], requires_grad=True), x])


def test_gradcheck_passes_the_right_first_derivative_of_detached_square():
    assert gradcheck(detached_square, [Value(1.5)])


def test_gradgradcheck_catches_a_wrong_second_derivative():
    with pytest.raises(GradcheckError, match="back-propagation gives 0.0"):
        gradgradcheck(detached_square, [Value(1.5)])
    with pytest.raises(GradcheckError):
        gradgradcheck(detached_square, [Tensor(np.array([1.0, -2.0]), requires_grad=True)])


def test_gradcheck_is_public_api():
    assert autograd.gradcheck is gradcheck and autograd.GradcheckError is GradcheckError
    assert issubclass(GradcheckError, AssertionError)


def test_gradcheck_takes_several_outputs_as_pytorchs_and_checks_each():
    """A tuple of outputs (torch.autograd.gradcheck's too): each float one is checked, an
    integer one (no gradient) is left out."""
    x = Tensor(np.random.default_rng(0).standard_normal(3), requires_grad=True)
    assert autograd.gradcheck(lambda t: (t.exp(), (t * t).sum(), t.argmax()), (x,))
    assert autograd.gradgradcheck(lambda t: (t.sin(), t**3), (x,))

    class WrongSecond(autograd.Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return t * 2, t * t

        @staticmethod
        def backward(ctx, g_double, g_square):
            (t,) = ctx.saved_tensors
            return g_double * 2 + g_square * t  # d(t*t)/dt is 2t: half of it is missing

    with pytest.raises(autograd.GradcheckError):
        autograd.gradcheck(WrongSecond.apply, (x,))
    with pytest.raises(TypeError, match="gradcheck: f returned a tuple without a float"):
        autograd.gradcheck(lambda t: (t.argmax(),), (x,))
