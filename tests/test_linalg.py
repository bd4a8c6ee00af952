"""einsum and the products made of it, bmm, matrix_power and inv, against PyTorch 2.13.

The spec rows check values and first and second derivatives at random shapes and
subscripts; these tests pin PyTorch's numbers for a few gradients, numpy's reading of the
subscripts (implicit order, '...', sublists), the two meanings of autograd.dot, the shape
checks and their messages, and dtypes.
"""

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value

A = [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]
B = [[2.0, 1.0], [-1.0, 0.5], [3.0, -2.0]]
S = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.5]]


def leaf(values, dtype=np.float64):
    return Tensor(np.array(values, dtype=dtype), requires_grad=True)


# ----------------------------------------------------------------------- einsum gradients

def test_einsum_matmul_gradients_match_pytorch():
    a, b = leaf(A), leaf(B)
    out = autograd.einsum("ij,jk->ik", a, b)
    (out * np.array([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    np.testing.assert_array_equal(out.data, [[13.0, -6.0], [-6.0, 4.5]])
    np.testing.assert_array_equal(a.grad, [[4.0, 0.0, -1.0], [10.0, -1.0, 1.0]])
    np.testing.assert_array_equal(b.grad, [[2.5, 4.0], [10.0, 12.0], [0.0, 2.0]])


@pytest.mark.parametrize(("subscripts", "weights", "expected"), [
    ("ii", None, np.eye(3)),                                      # trace
    ("ii->i", [1.0, -2.0, 3.0], np.diag([1.0, -2.0, 3.0])),       # diagonal
    ("ij->j", [1.0, -2.0, 3.0], [[1.0, -2.0, 3.0]] * 3),          # summed away: broadcast back
])
def test_einsum_diagonals_and_sums_send_the_gradient_where_pytorch_does(subscripts, weights,
                                                                        expected):
    s = leaf(S)
    out = autograd.einsum(subscripts, s)
    (out if weights is None else out * np.array(weights)).sum().backward()
    np.testing.assert_array_equal(s.grad, expected)


def test_einsum_second_derivatives_match_pytorch():
    x = leaf([1.0, 2.0, 3.0])
    (g,) = autograd.grad(autograd.einsum("i,i,i->", x, x, x), [x], create_graph=True)
    (h,) = autograd.grad((g * np.array([1.0, -1.0, 2.0])).sum(), [x])
    np.testing.assert_array_equal(g.data, [3.0, 12.0, 27.0])
    np.testing.assert_array_equal(h, [6.0, -12.0, 36.0])
    a, b = leaf(A), leaf(B)
    (g,) = autograd.grad((autograd.einsum("ij,jk->ik", a, b) ** 2).sum(), [a],
                         create_graph=True)
    h_a, h_b = autograd.grad((g * np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])).sum(), [a, b])
    np.testing.assert_array_equal(g.data, [[40.0, -32.0, 102.0], [-15.0, 16.5, -54.0]])
    np.testing.assert_array_equal(h_a, [[2.0, 5.0, -18.0], [17.0, -3.5, 8.0]])
    np.testing.assert_array_equal(h_b, [[3.0, 14.5], [16.0, 17.0], [-38.0, 25.0]])


def test_einsum_of_three_operands_checks_against_central_differences():
    # The spec rows draw one and two operands; three make gradient einsums of four terms.
    rng = np.random.default_rng(0)
    xs = [leaf(rng.standard_normal(shape)) for shape in ((2, 3), (3, 3, 2), (2,))]
    for subscripts in ("ij,jjk,k->i", "ab,bcd,d", "...j,jkl,l->...k"):
        f = lambda *xs, s=subscripts: autograd.einsum(s, *xs)  # noqa: E731
        assert autograd.gradcheck(f, xs) and autograd.gradgradcheck(f, xs)


def test_einsum_gradient_of_a_broadcast_operand_is_summed_back():
    a, b = leaf(np.ones((2, 1))), leaf(np.arange(12.0).reshape(3, 4))
    autograd.einsum("ij,jk->ik", a, b).sum().backward()   # j is 1 in a, 3 in b
    np.testing.assert_array_equal(a.grad, [[66.0], [66.0]])
    np.testing.assert_array_equal(b.grad, np.full((3, 4), 2.0))
    x, y = leaf(np.ones((2, 1, 3))), leaf(np.ones((4, 3)))
    out = autograd.einsum("...i,...i", x, y)
    assert out.shape == (2, 4)
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, np.full((2, 1, 3), 4.0))
    np.testing.assert_array_equal(y.grad, np.full((4, 3), 2.0))


# ------------------------------------------------------------------ einsum's subscripts

@pytest.mark.parametrize(("args", "numpy_args"), [
    (("ba", np.arange(6.0).reshape(2, 3)), None),                   # implicit: transposed
    (("Ba,aC", np.ones((2, 3)), np.arange(12.0).reshape(3, 4)), None),  # uppercase first
    (("i...,i", np.arange(24.0).reshape(2, 3, 4), np.array([1.0, -1.0])), None),
    (("...ij->...ji", np.arange(24.0).reshape(2, 3, 4)), None),
    ((" i j , j k -> i k ", np.ones((2, 3)), np.ones((3, 4))), None),  # spaces
    ((",i->i", np.array(2.0), np.arange(3.0)), None),
    (("ij,jk->", np.ones((2, 3)), np.ones((3, 4))), None),
    ((np.arange(6.0).reshape(2, 3), [0, 1], np.ones((3, 4)), [1, 2], [0, 2]), None),
    ((np.ones((5, 2, 3)), [Ellipsis, 0, 1], np.ones((3, 4)), [1, 2], [Ellipsis, 0, 2]), None),
    (("ij,jk", [Tensor(np.ones((2, 3))), Tensor(np.ones((3, 4)))]),   # torch's list
     ("ij,jk", np.ones((2, 3)), np.ones((3, 4)))),
])
def test_einsum_reads_subscripts_as_numpy_does(args, numpy_args):
    expected = np.einsum(*(numpy_args or args))
    out = autograd.einsum(*args)
    assert out.shape == expected.shape
    np.testing.assert_array_equal(out.data, expected)


@pytest.mark.parametrize(("args", "message"), [
    (("ij,jk", np.ones((2, 3))), "name 2 operands, but 1 were given"),
    (("ijk->i", np.ones((2, 3))), r"operand 0 has shape \(2, 3\) \(2 axes\) but its "
                                  r"subscripts 'ijk'"),
    (("ij,jk", np.ones((2, 3)), np.ones((4, 4))), r"'j' in 'ij,jk' is 3 long in operand 0 "
                                                  r"\(shape \(2, 3\)\) but 4 in operand 1"),
    (("ij->ik", np.ones((2, 3))), "the output of 'ij->ik' holds 'k', which no operand has"),
    (("ij->ii", np.ones((2, 3))), "the output of 'ij->ii' repeats 'i'"),
    (("...i->i", np.ones((2, 3))), "the output must hold '...' too"),
    (("i1", np.ones((2, 3))), r"holds \['1'\]"),
    (("ii", np.ones((2, 3))), "takes a diagonal of operand 0, whose axes for it differ"),
    (("i->i->i", np.ones(2)), "more than one '->'"),
])
def test_einsum_errors_name_the_op_the_subscripts_and_the_shapes(args, message):
    with pytest.raises(ValueError, match="einsum: .*" + message):
        autograd.einsum(*args)


# ------------------------------------------------------------------------------------ dot

def test_dot_of_lists_of_values_is_still_the_fused_neuron():
    w, x, b = [Value(2.0), Value(-3.0)], [Value(0.5), 4.0], Value(1.0)
    out = autograd.dot(w, x, b)
    assert isinstance(out, Value) and out.data == 1.0 + 2.0 * 0.5 - 3.0 * 4.0
    assert len(out._prev) == 5  # one node: bias, then each weight beside its input
    out.backward()
    assert (w[0].grad, w[1].grad, x[0].grad, b.grad) == (0.5, 4.0, 2.0, 1.0)
    assert autograd.dot([Value(2.0)], [3.0]).data == 6.0  # no bias: a Value in a list


def test_dot_of_tensors_is_numpys_dot():
    a, b = leaf([1.0, 2.0, 3.0]), leaf([4.0, -5.0, 6.0])
    out = autograd.dot(a, b)
    out.backward()
    assert out.item() == 12.0
    np.testing.assert_array_equal(a.grad, [4.0, -5.0, 6.0])  # PyTorch's torch.dot gradients
    np.testing.assert_array_equal(b.grad, [1.0, 2.0, 3.0])
    assert autograd.dot([1.0, 2.0], [3.0, 4.0]).item() == 11.0  # lists of numbers: Tensors
    x, y = np.ones((2, 3, 4)), np.ones((5, 4, 6))
    assert autograd.dot(x, y).shape == np.dot(x, y).shape == (2, 3, 5, 6)
    assert Tensor(x).dot(2.0).shape == (2, 3, 4)


def test_dot_errors_say_which_axes_do_not_align():
    with pytest.raises(ValueError, match=r"dot: shapes \(2, 3\) and \(2, 3\) are not aligned: "
                                         r"3 \(last axis of x\) != 2"):
        autograd.dot(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(TypeError, match=r"dot: with bias=1.0 \(the scalar neuron's .* weights "
                                        r"must be a list or tuple, got Tensor"):
        autograd.dot(Tensor([1.0]), Tensor([2.0]), bias=1.0)


# ----------------------------------------------------------- tensordot, inner, outer, vdot

def test_tensordot_takes_numpys_axes_and_pytorchs_dims():
    x, y = np.arange(24.0).reshape(2, 3, 4), np.arange(60.0).reshape(3, 4, 5)
    np.testing.assert_array_equal(autograd.tensordot(x, y).data, np.tensordot(x, y))
    z = np.arange(60.0).reshape(4, 3, 5)
    np.testing.assert_array_equal(autograd.tensordot(x, z, dims=([1, 2], [1, 0])).data,
                                  np.tensordot(x, z, axes=([1, 2], [1, 0])))
    np.testing.assert_array_equal(autograd.tensordot(x, z, axes=(-1, 0)).data,
                                  np.tensordot(x, z, axes=(2, 0)))
    assert autograd.tensordot(np.ones((2, 3)), np.ones(4), dims=0).shape == (2, 3, 4)
    with pytest.raises(ValueError, match=r"tensordot: axis 1 of shape \(2, 3, 4\) \(3\) does "
                                         r"not match axis 0 of shape \(4, 3, 5\) \(4\)"):
        autograd.tensordot(x, z, axes=([1], [0]))
    with pytest.raises(TypeError, match="tensordot: got both axes= .* and dims="):
        autograd.tensordot(x, y, axes=1, dims=1)


def test_inner_outer_and_vdot_follow_numpy():
    x, y = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(autograd.inner(x, y).data, np.inner(x, y))
    np.testing.assert_array_equal(Tensor(x).outer(np.arange(4.0)).data,
                                  np.outer(x, np.arange(4.0)))
    assert autograd.vdot(x, y[:2]).item() == np.vdot(x, y[:2])
    np.testing.assert_array_equal(autograd.inner(2.0, [1.0, 2.0]).data, [2.0, 4.0])
    with pytest.raises(ValueError, match=r"vdot: shapes \(2, 3\) and \(4, 3\) hold 6 and 12"):
        autograd.vdot(x, y)


# ------------------------------------------------------------------------------------ bmm

def test_bmm_gradients_match_pytorch():
    x = leaf(np.arange(24.0).reshape(2, 3, 4) / 10)
    y = leaf(np.arange(40.0).reshape(2, 4, 5) / 10 - 1)
    (x.bmm(y) ** 2).sum().backward()
    np.testing.assert_allclose(x.grad[0, 0], [-1.64, -0.54, 0.56, 1.66], rtol=1e-13)
    np.testing.assert_allclose(y.grad[1, :, 0], [124.48, 131.98, 139.48, 146.98], rtol=1e-13)


@pytest.mark.parametrize(("x", "y", "message"), [
    ((3, 4), (2, 4, 5), r"batch1 must be a 3-D Tensor, got shape \(3, 4\)"),
    ((2, 3, 4), (2, 4), r"batch2 must be a 3-D Tensor, got shape \(2, 4\)"),
    ((2, 3, 4), (3, 4, 5), r"batch2 of shape \(3, 4, 5\) does not fit batch1 of shape "
                           r"\(2, 3, 4\): expected \(2, 4, p\)"),
    ((2, 3, 4), (2, 5, 5), r"batch2 of shape \(2, 5, 5\) does not fit"),
    ((1, 3, 4), (2, 4, 5), r"batch2 of shape \(2, 4, 5\) does not fit"),  # no broadcasting
])
def test_bmm_checks_shapes_as_pytorch(x, y, message):
    with pytest.raises(ValueError, match="bmm: " + message):
        autograd.bmm(np.ones(x), np.ones(y))


# ------------------------------------------------------------------ matrix_power and inv

M = [[2.0, 1.0], [1.0, 3.0]]


@pytest.mark.parametrize(("n", "expected"), [
    (3, [[29.0, 37.0], [37.0, 46.0]]),
    (-2, [[-0.16, -0.04], [-0.04, 0.0]]),
    (0, [[0.0, 0.0], [0.0, 0.0]]),
])
def test_matrix_power_gradients_match_pytorch(n, expected):
    m = leaf(M)
    out = m.matrix_power(n)
    np.testing.assert_allclose(out.data, np.linalg.matrix_power(np.array(M), n), rtol=1e-14)
    out.sum().backward()
    np.testing.assert_allclose(m.grad, expected, rtol=1e-13, atol=1e-15)


def test_inv_gradient_matches_pytorch():
    m = leaf(M)
    autograd.inv(m).sum().backward()
    np.testing.assert_allclose(m.grad, [[-0.16, -0.08], [-0.08, -0.04]], rtol=1e-14)


def test_matrix_power_and_inv_errors():
    with pytest.raises(ValueError, match=r"matrix_power: expected square matrices .* \(2, 3\)"):
        autograd.matrix_power(np.ones((2, 3)), 2)
    with pytest.raises(TypeError, match="matrix_power: n must be an int, got 2.0"):
        autograd.matrix_power(np.eye(2), 2.0)
    with pytest.raises(np.linalg.LinAlgError, match="inv: "):
        autograd.inv(np.zeros((2, 2)))


# -------------------------------------------------------------------------------- dtypes

@pytest.mark.parametrize("f", [
    lambda x, y: autograd.einsum("ij,jk->ik", x, y), lambda x, y: autograd.einsum("ij->", x),
    lambda x, y: autograd.tensordot(x, y, 1), lambda x, y: x.dot(y), lambda x, y: x.inner(x),
    lambda x, y: x.outer(y), lambda x, y: x.vdot(x), lambda x, y: x.reshape(1, 2, 3).bmm(
        y.reshape(1, 3, 2)), lambda x, y: (x @ y).matrix_power(-2),
    lambda x, y: autograd.inv(x @ y),
])
def test_float32_stays_float32_values_and_gradients(f):
    x = leaf([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], dtype=np.float32)
    y = leaf([[2.0, 1.0], [-1.0, 0.5], [3.0, -2.0]], dtype=np.float32)
    out = f(x, y)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == np.float32
    assert y.grad is None or y.grad.dtype == np.float32


def test_a_constant_operand_takes_the_tensors_dtype():
    x = leaf([1.0, 2.0], dtype=np.float32)
    assert autograd.einsum("i,i->", x, np.array([1.0, 2.0])).dtype == np.float32
    assert autograd.outer([1.0, 2.0], x).dtype == np.float32


def test_einsum_gradient_of_a_summed_empty_axis_is_an_empty_array_at_any_order():
    # (hypothesis found it: the ones vector that brings a summed letter back was left out
    # when its axis had size 0, and numpy refused an output letter no input had)
    x = Tensor(np.zeros(0), requires_grad=True)
    (g,) = autograd.grad(autograd.einsum("a->", x * x), x, create_graph=True)
    assert g.shape == (0,) and g.requires_grad
    g.sum().backward()
    assert x.grad.shape == (0,)
