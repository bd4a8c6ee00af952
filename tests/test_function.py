"""autograd.Function, PyTorch's custom op: forward and backward written with Tensors.

The numbers are PyTorch 2.13's for the same Functions and calls (torch.autograd.Function,
float64), written in as literals: PyTorch is not needed to run these tests.
"""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

import autograd
from autograd import Function, Tensor, Value, once_differentiable

SEEN: dict[str, object] = {}  # what a Function's forward or backward was given


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2


class ScaledProductAndShift(Function):
    """Two outputs, a non-Tensor argument between two Tensors."""

    @staticmethod
    def forward(ctx, x, k, y):
        ctx.save_for_backward(x, y)
        ctx.k = k
        SEEN["needs"] = ctx.needs_input_grad
        return x * y * k, x + 1

    @staticmethod
    def backward(ctx, g_product, g_shift):
        x, y = ctx.saved_tensors
        SEEN["g_shift"] = g_shift
        return g_product * y * ctx.k + g_shift, None, g_product * x * ctx.k


class Power(Function):
    """PyTorch's other style: forward without ctx, setup_context keeps what backward needs."""

    @staticmethod
    def forward(x, k=2):
        return x**k

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, k = inputs
        ctx.save_for_backward(x)
        ctx.k = k

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * ctx.k * x ** (ctx.k - 1), None


def leaves():
    return (Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0, 4.0], requires_grad=True))


def test_forward_and_backward_are_the_subclass_s():
    x = Tensor([1.5, -2.0], requires_grad=True)
    y = Cube.apply(x)
    assert y.requires_grad and not y.is_leaf
    np.testing.assert_array_equal(y.data, [3.375, -8.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [6.75, 12.0])


def test_two_outputs_and_a_non_tensor_argument_as_pytorch():
    x, y = leaves()
    product, shifted = ScaledProductAndShift.apply(x, 2.0, y)
    np.testing.assert_array_equal(product.data, [6.0, 16.0])  # PyTorch's
    np.testing.assert_array_equal(shifted.data, [2.0, 3.0])
    assert product.requires_grad and shifted.requires_grad
    product.sum().backward()
    np.testing.assert_array_equal(x.grad, [6.0, 8.0])  # PyTorch's
    np.testing.assert_array_equal(y.grad, [2.0, 4.0])


def test_ctx_tells_which_inputs_need_a_gradient_and_gives_zeros_for_an_unused_output():
    x, y = leaves()
    y.requires_grad = False
    product, _ = ScaledProductAndShift.apply(x, 2.0, y)
    product.sum().backward()
    assert SEEN["needs"] == (True, False, False)
    np.testing.assert_array_equal(SEEN["g_shift"].data, [0.0, 0.0])  # PyTorch's zeros


def test_setup_context_style_keywords_and_second_derivatives_as_pytorch():
    x, _ = leaves()
    np.testing.assert_array_equal(Power.apply(x, k=3).data, [1.0, 8.0])  # bound as PyTorch's
    np.testing.assert_array_equal(Power.apply(x).data, [1.0, 4.0])  # forward's default k
    Power.apply(x, 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 12.0])  # PyTorch's
    x.grad = None
    (gx,) = autograd.grad(Power.apply(x, 3).sum(), x, create_graph=True)
    gx.sum().backward()  # through backward's own ops, and the saved x
    np.testing.assert_array_equal(x.grad, [6.0, 12.0])  # PyTorch's


def test_gradcheck_and_gradgradcheck_pass_through_a_function():
    x = Tensor(np.random.default_rng(0).standard_normal((3, 2)), requires_grad=True)
    assert autograd.gradcheck(lambda t: Cube.apply(t * 0.5 + 1), (x,))
    assert autograd.gradgradcheck(lambda t: Power.apply(t, 3), (x,))


def test_a_non_differentiable_output_has_no_gradient_and_backward_gets_zeros_for_it():
    class MaxAndIndex(Function):
        @staticmethod
        def forward(ctx, x):
            i = x.argmax()
            ctx.mark_non_differentiable(i)
            ctx.save_for_backward(x, i)
            return x.max(), i

        @staticmethod
        def backward(ctx, g_value, g_index):
            x, i = ctx.saved_tensors
            SEEN["g_index"] = g_index
            grad = autograd.zeros_like(x)
            grad[i] = g_value
            return grad

    x, _ = leaves()
    value, index = MaxAndIndex.apply(x)
    assert value.requires_grad and not index.requires_grad
    assert index.item() == 1 and index.dtype == np.int64
    value.backward()
    np.testing.assert_array_equal(x.grad, [0.0, 1.0])  # PyTorch's
    assert SEEN["g_index"].item() == 0


def test_set_materialize_grads_false_gives_none_for_an_output_without_a_gradient():
    class Twice(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            SEEN["given"] = (g1, g2)
            return g1 * 2

    x, _ = leaves()
    a, _ = Twice.apply(x)
    a.sum().backward()
    g1, g2 = SEEN["given"]
    np.testing.assert_array_equal(g1.data, [1.0, 1.0])
    assert g2 is None  # PyTorch's None
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_outputs_of_two_float_dtypes_keep_theirs_and_so_do_their_gradients():
    class Two(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return (x * 2).float(), x**2

        @staticmethod
        def backward(ctx, g1, g2):
            (x,) = ctx.saved_tensors
            SEEN["dtypes"] = (g1.dtype, g2.dtype)
            return g1.double() * 2 + g2 * 2 * x

    x = Tensor([1.5, -2.0], requires_grad=True)
    u, v = Two.apply(x)
    assert (u.dtype, v.dtype) == (np.float32, np.float64)  # PyTorch's
    (u.sum() * 3 + v.sum()).backward()
    np.testing.assert_array_equal(x.grad, [9.0, 2.0])  # PyTorch's
    assert SEEN["dtypes"] == (np.float32, np.float64)


def test_returning_the_input_itself_still_records_the_function():
    class Same(Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 5

    x, _ = leaves()
    out = Same.apply(x)
    assert out is not x
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, [5.0, 5.0])  # PyTorch's


def test_a_gradient_of_a_broadcast_shape_is_summed_to_the_input_s():
    class Spread(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g.expand(3, 2)

    x, _ = leaves()
    Spread.apply(x).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])  # PyTorch's


def test_no_graph_under_no_grad_or_without_inputs_that_need_one():
    x, _ = leaves()
    with autograd.no_grad():
        assert not Cube.apply(x).requires_grad
    assert not Cube.apply(Tensor([2.0])).requires_grad
    assert _backward_returning(None).apply(3.0) == 6.0  # no Tensor: forward's own answer


def test_once_differentiable_gradients_have_no_graph():
    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**2

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 2 * x

    x, _ = leaves()
    (gx,) = autograd.grad(Square.apply(x).sum(), x, create_graph=True)
    np.testing.assert_array_equal(gx.data, [2.0, 4.0])
    assert not gx.requires_grad  # as PyTorch's: its second backward has nothing to go on
    with pytest.raises(RuntimeError, match="does not require grad"):
        gx.sum().backward()


def test_a_compiled_step_replays_a_function_bit_for_bit():
    rng = np.random.default_rng(1)
    w = Tensor(rng.standard_normal((4, 3)), requires_grad=True)
    twin = Tensor(w.data.copy(), requires_grad=True)

    def loss(weights, x):
        h = x @ weights
        product, shifted = ScaledProductAndShift.apply(h, 0.5, Cube.apply(h))
        return (product.sum() + Power.apply(shifted, 3).mean())

    compiled = autograd.compile(lambda x: loss(w, x))
    for _ in range(4):
        x = rng.standard_normal((2, 4))
        w.grad = twin.grad = None
        replayed = compiled(x)
        eager = loss(twin, Tensor(x))
        eager.backward()
        assert replayed.item() == eager.item()
        np.testing.assert_array_equal(w.grad, twin.grad)
    assert compiled.replays >= 2


def test_a_training_loop_with_a_function_follows_pytorch_s():
    """The third Legendre polynomial as a Function, fitted to sin by gradient descent,
    spelled as PyTorch's (`import autograd as torch`: torch.autograd is autograd)."""
    torch = autograd

    class Legendre3(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return 0.5 * (5 * t**3 - 3 * t)

        @staticmethod
        def backward(ctx, g):
            (t,) = ctx.saved_tensors
            return g * 1.5 * (5 * t**2 - 1)

    x = autograd.linspace(-math.pi, math.pi, 200, dtype=autograd.float64)
    y = autograd.sin(x)
    weights = [autograd.tensor(v, dtype=autograd.float64, requires_grad=True)
               for v in (0.0, -1.0, 0.0, 0.3)]
    losses = []
    for _ in range(300):
        a, b, c, d = weights
        loss = (a + b * Legendre3.apply(c + d * x) - y).pow(2).sum()
        losses.append(loss.item())
        loss.backward()
        with autograd.no_grad():
            for p in weights:
                p -= 5e-5 * p.grad
                p.grad = None
    # PyTorch 2.13's run of the same program (sums in another order: ~1e-16 a step)
    np.testing.assert_allclose([losses[i] for i in (0, 1, 99, 299)],
                               [46.401566200139854, 32.12815675047503, 20.937103703318456,
                                10.077045626106791], rtol=1e-12)
    np.testing.assert_allclose([p.item() for p in weights],
                               [2.0891708502057703e-18, -1.5452407799605627,
                                2.914335439641024e-20, 0.24965556801540653], rtol=1e-9,
                               atol=1e-15)


# --------------------------------------------------------------------------- errors

def _backward_returning(result):
    class Bad(Function):
        @staticmethod
        def forward(ctx, x, k=1.0):  # (called with k: PyTorch counts a default not given)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return result(g)
    return Bad


@pytest.mark.parametrize("result, message", [
    (lambda g: (g, g, g), r"returned an incorrect number of gradients \(expected 2, got 3\)"),
    (lambda g: (g, g), r"returned a gradient different than None at position 2, but the "
                       r"corresponding forward input was not a Tensor"),
    (lambda g: (g[:1], None), r"returned an invalid gradient at index 0 - got \[1\] but expected "
                      r"shape compatible with \[2\]"),
    (lambda g: (2.0, None), r"returned 2.0 as the gradient at position 1: expected a Tensor "
                            r"or None"),
])
def test_a_wrong_backward_is_pytorch_s_error_naming_the_function(result, message):
    x, _ = leaves()
    with pytest.raises(RuntimeError, match="BadBackward " + message):
        _backward_returning(result).apply(x, 1.0).sum().backward()


def test_missing_methods_and_wrong_uses_are_clear_errors():
    class NoBackward(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

    class NoForward(Function):
        pass

    x, _ = leaves()
    with pytest.raises(NotImplementedError, match="implement either the backward or vjp"):
        NoBackward.apply(x).sum().backward()
    with pytest.raises(NotImplementedError, match="NoForward: You must implement the forward"):
        NoForward.apply(x)
    with pytest.raises(TypeError, match="subclass autograd.Function"):
        Function.apply(x)
    with pytest.raises(RuntimeError, match=r"call Cube.apply\(...\)"):
        Cube()(x)
    with pytest.raises(TypeError, match="Cube.apply: .*argument"):
        Cube.apply(x, 2)
    with pytest.raises(TypeError, match="Cube.apply: a custom Function takes Tensors, not "
                                        "Values"):
        Cube.apply(Value(2.0))

    class SavesAnArray(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x.data)
            return x

    with pytest.raises(TypeError, match="save_for_backward: can only save Tensors or None, "
                                        "got ndarray"):
        SavesAnArray.apply(x)

    class InPlace(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.mark_dirty(x)
            return x

    with pytest.raises(NotImplementedError, match="mark_dirty"):
        InPlace.apply(x)


def test_a_function_made_with_vjp_instead_of_backward():
    class Doubled(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def vjp(ctx, g):
            return g * 2

    x, _ = leaves()
    Doubled.apply(x).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_a_pickled_graph_with_a_function_back_propagates_as_the_original():
    x, y = leaves()
    product, _ = ScaledProductAndShift.apply(x, 2.0, Cube.apply(y))
    copy = pickle.loads(pickle.dumps(product.sum()))
    copy.backward()
    product.sum().backward()
    (x_copy, y_copy) = sorted((n for n in autograd.toposort(copy) if n.is_leaf
                               and n.requires_grad), key=lambda n: n.data[0])
    np.testing.assert_array_equal(x_copy.grad, x.grad)
    np.testing.assert_array_equal(y_copy.grad, y.grad)


class SavesItsOutput(Function):
    """exp, keeping its output for backward (PyTorch's own ExpBackward does the same)."""

    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y


class ExpAndSin(Function):
    """Two outputs, both saved (setup_context gets them as forward gave them)."""

    @staticmethod
    def forward(x):
        return x.exp(), x.sin()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0], *output)

    @staticmethod
    def backward(ctx, g_exp, g_sin):
        x, e, s = ctx.saved_tensors
        return g_exp * e + g_sin * (1 - s * s).sqrt() * x.cos().sign()


def test_a_saved_output_carries_the_second_derivative_as_pytorch_s():
    # In a create_graph pass a saved output is the output in the graph (PyTorch's), so
    # d/dx of backward's g * y has the term g * dy/dx (it was lost: y was a constant)
    x = Tensor([0.5, -1.0], requires_grad=True)
    y = SavesItsOutput.apply(x)
    (g,) = autograd.grad((y * y.sin()).sum(), x, create_graph=True)
    (gg,) = autograd.grad(g.sum(), x)
    np.testing.assert_allclose(g.data, [1.4321103909354065, 0.2585835469251293], rtol=1e-13)
    np.testing.assert_allclose(gg, [-3.459193789790544, 0.49323880754213006], rtol=1e-13)
    e, s = ExpAndSin.apply(x * 1.5)  # several outputs: each saved one is its piece
    (g,) = autograd.grad((e * s).sum(), x, create_graph=True)
    (gg,) = autograd.grad((g**2).sum(), x)
    np.testing.assert_allclose(g.data, [4.4880219207816445, -0.3101814194574783], rtol=1e-13)
    np.testing.assert_allclose(gg, [62.566921753417674, -0.04406202382548291], rtol=1e-13)
    hessian = autograd.functional.hessian(lambda t: SavesItsOutput.apply(t).sum(),
                                          Tensor([0.5, -1.0]))
    np.testing.assert_allclose(hessian.data, [[1.6487212707001282, 0.0],
                                              [0.0, 0.36787944117144233]], rtol=1e-15)
    assert autograd.gradgradcheck(SavesItsOutput.apply, (x,))


def test_an_in_place_change_of_a_saved_output_leaves_backward_forward_s_values():
    # (PyTorch raises at backward; gradproof's recorded in-place ops keep the old values,
    # as they do for the built-in exp, and so must saved_tensors: it shared the array)
    x = Tensor([0.5, -1.0], requires_grad=True)
    twin = Tensor([0.5, -1.0], requires_grad=True)
    y, y_twin = SavesItsOutput.apply(x), twin.exp()
    y.mul_(2)
    y_twin.mul_(2)
    y.sum().backward()
    y_twin.sum().backward()
    np.testing.assert_array_equal(x.grad, twin.grad)
    np.testing.assert_array_equal(x.grad, 2 * np.exp([0.5, -1.0]))


def test_needs_input_grad_is_requires_grad_under_no_grad_too_as_pytorch_s():
    x, y = leaves()
    x.requires_grad = False
    with autograd.no_grad():
        out, _ = ScaledProductAndShift.apply(x, 2.0, y)
    assert SEEN["needs"] == (False, False, True)  # PyTorch's
    assert not out.requires_grad
