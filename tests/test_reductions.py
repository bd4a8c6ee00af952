"""Reductions, scans, sorting and norms at their edges, against PyTorch 2.13's numbers.

The spec rows (autograd/specs) check values and first and second derivatives of every op
at random inputs; these tests pin what random inputs rarely reach: zeros in a product, NaN
and ties in a sort, a norm at 0, huge logits, PyTorch's correction= and unbiased=, dtypes,
and the errors. Every literal below was printed by PyTorch 2.13 (float64) unless it says
numpy.
"""

import math

import numpy as np
import pytest

import autograd
from autograd import Tensor

nan = math.nan
inf = math.inf


def leaf(values, dtype=np.float64):
    return Tensor(np.array(values, dtype=dtype), requires_grad=True)


def grad_of(f, values, weights=None):
    """f's output (weighted, then summed) and d/dx, as PyTorch's y.backward(weights)."""
    x = leaf(values)
    y = f(x)
    (y if weights is None else y * np.asarray(weights)).sum().backward()
    return y.data, x.grad


def second_order(f, values, weights, direction):
    """d/dx of <direction, d/dx sum(weights * f(x))>: a Hessian-vector product."""
    x = leaf(values)
    (g,) = autograd.grad((f(x) * np.asarray(weights)).sum(), [x], create_graph=True)
    (h,) = autograd.grad((g * np.asarray(direction)).sum(), [x])
    return g.data, h


# ---------------------------------------------------------------------- prod and cumprod

@pytest.mark.parametrize(("values", "expected"), [
    ([2.0, 0.0, 3.0, 4.0], [0.0, 24.0, 0.0, 0.0]),   # one zero: the others' product
    ([2.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0]),    # two zeros: every gradient is 0
])
def test_prod_gradient_with_zeros_is_the_product_of_the_others(values, expected):
    out, gradient = grad_of(lambda x: x.prod(), values)
    assert out == 0.0
    np.testing.assert_array_equal(gradient, expected)


def test_prod_over_a_dim_with_a_zero_matches_pytorch():
    out, gradient = grad_of(lambda x: x.prod(dim=1), [[2.0, 0.0, 3.0], [1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(out, [0.0, 6.0])
    np.testing.assert_array_equal(gradient, [[0.0, 6.0, 0.0], [6.0, 3.0, 2.0]])


@pytest.mark.parametrize(("values", "first", "second"), [
    ([2.0, 0.0, 3.0, 4.0], [0.0, 24.0, 0.0, 0.0], [24.0, 60.0, 16.0, 12.0]),
    ([2.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 24.0, 0.0, 12.0]),
])
def test_prod_second_derivatives_with_zeros_match_pytorch(values, first, second):
    g, h = second_order(lambda x: x.prod(), values, 1.0, [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(g, first)
    np.testing.assert_array_equal(h, second)


@pytest.mark.parametrize(("values", "expected"), [
    ([2.0, 0.0, 3.0, 4.0], [1.0, 32.0, 0.0, 0.0]),
    ([2.0, 0.0, 3.0, 0.0, 5.0], [1.0, 8.0, 0.0, 0.0, 0.0]),
])
def test_cumprod_gradient_with_zeros_matches_pytorch(values, expected):
    _, gradient = grad_of(lambda x: x.cumprod(0), values)
    np.testing.assert_array_equal(gradient, expected)


def test_cumprod_second_derivatives_with_two_zeros_match_pytorch():
    g, h = second_order(lambda x: x.cumprod(dim=0), [2.0, 0.0, 3.0, 0.0, 5.0],
                        [0.5, -1.0, 2.0, 3.0, -2.0], [1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_array_equal(g, [0.5, 10.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(h, [10.0, -151.0, 8.0, -84.0, 0.0])


def test_cumprod_gradient_is_exact_where_the_products_underflow():
    # out = [1e-200, 1e-400 -> 0]: out / x would give d out_1 / d x_0 = 0, not x_1 = 1e-200
    # (and a second derivative of 1e71 where the true one is 1).
    x = leaf([1e-200, 1e-200])
    x.cumprod(0).sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0 + 1e-200, 1e-200])
    g, h = second_order(lambda x: x.cumprod(0), [2.8e-89, 2.8e-89], [1.0, -2.0], [1.0, 0.0])
    np.testing.assert_allclose(h, [0.0, -2.0], rtol=1e-12)


def test_cumprod_along_a_middle_axis_with_zeros_matches_numbers_by_hand():
    x = leaf(np.array([[[1.0, 2.0], [0.0, 3.0], [4.0, 0.0]]]))  # shape (1, 3, 2)
    x.cumprod(1).sum().backward()
    # column 0: 1, 0, 4 -> d/dx0 = 1 + 0 + 0, d/dx1 = 1 + 1*4, d/dx2 = 0
    # column 1: 2, 3, 0 -> d/dx0 = 1 + 3 + 0, d/dx1 = 2 + 0, d/dx2 = 6
    np.testing.assert_array_equal(x.grad, [[[1.0, 4.0], [5.0, 2.0], [0.0, 6.0]]])


# ----------------------------------------------------------------- cumsum, logcumsumexp

def test_cumsum_gradient_is_g_summed_from_the_end():
    out, gradient = grad_of(lambda x: x.cumsum(1), [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
                            [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(out, [[1.0, 3.0, 6.0], [4.0, 9.0, 15.0]])
    np.testing.assert_array_equal(gradient, [[6.0, 5.0, 3.0], [6.0, 5.0, 3.0]])


def test_cumsum_without_an_axis_runs_over_the_flattened_tensor_as_numpy():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(Tensor(x).cumsum().data, np.cumsum(x))
    np.testing.assert_array_equal(autograd.cumprod(x + 1).data, np.cumprod(x + 1))


def test_logcumsumexp_of_huge_logits_is_finite_and_matches_pytorch():
    out, gradient = grad_of(lambda x: x.logcumsumexp(0), [1000.0, -1000.0, 999.0, 0.0])
    np.testing.assert_allclose(out, [1000.0, 1000.0, 1000.3132616875182, 1000.3132616875182],
                               rtol=1e-15)
    np.testing.assert_allclose(gradient, [3.462117157259744, 0.0, 0.5378828427399694, 0.0],
                               rtol=1e-14)


def test_logcumsumexp_second_derivatives_with_mixed_signs_match_pytorch():
    g, h = second_order(lambda x: autograd.logcumsumexp(x, dim=0), [0.5, -1.0, 2.0, 0.25],
                        [1.0, -2.0, 0.5, 3.0], [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(g, [-0.08479928046478213, -0.24205143717900834,
                                   2.4664961095192304, 0.36035460812456055], rtol=1e-13)
    np.testing.assert_allclose(h, [-0.6651769150086464, -0.39047246875192615,
                                   0.6150200609563958, 0.440629322804172], rtol=1e-13)


def test_scans_of_a_0d_tensor_give_it_back_as_pytorch():
    x = leaf(2.5)
    for scan in (x.cumsum(0), x.cumprod(-1), x.logcumsumexp(0)):
        assert scan.shape == () and scan.item() == 2.5


# ---------------------------------------------------------------------------- var, std

Z = [[1.0, 2.0, 4.0, 7.0], [0.0, 3.0, 3.0, 9.0]]


@pytest.mark.parametrize(("kwargs", "var", "var_grad_row0"), [
    ({"correction": 1}, 9.125, [-0.75, -0.46428571428571425, 0.10714285714285714,
                                0.9642857142857142]),
    ({"unbiased": True}, 9.125, [-0.75, -0.46428571428571425, 0.10714285714285714,
                                 0.9642857142857142]),
    ({"correction": 0}, 7.984375, [-0.65625, -0.40625, 0.09375, 0.84375]),
    ({"unbiased": False}, 7.984375, [-0.65625, -0.40625, 0.09375, 0.84375]),
    ({"correction": 2}, 10.645833333333334, [-0.875, -0.5416666666666666, 0.125, 1.125]),
    ({"ddof": 2}, 10.645833333333334, [-0.875, -0.5416666666666666, 0.125, 1.125]),
    ({}, 7.984375, [-0.65625, -0.40625, 0.09375, 0.84375]),  # numpy's default: ddof=0
])
def test_var_takes_numpy_ddof_and_pytorch_correction_and_unbiased(kwargs, var, var_grad_row0):
    out, gradient = grad_of(lambda x: x.var(**kwargs), Z)
    np.testing.assert_allclose(out, var, rtol=1e-14)
    np.testing.assert_allclose(gradient[0], var_grad_row0, rtol=1e-13)


@pytest.mark.parametrize(("kwargs", "std", "std_grad_row1"), [
    ({"dim": 1}, None, None),  # numpy's ddof=0 default, checked against numpy below
    ({"dim": 1, "correction": 1}, [2.6457513110645907, 3.774917217635375],
     [-0.33113308926626095, -0.06622661785325219, -0.06622661785325219, 0.46358632497276536]),
    ({"dim": 1, "unbiased": False}, [2.29128784747792, 3.2691742076555053],
     [-0.2867696673382022, -0.057353933467640436, -0.057353933467640436, 0.4014775342734831]),
])
def test_std_takes_pytorch_correction_and_unbiased(kwargs, std, std_grad_row1):
    out, gradient = grad_of(lambda x: x.std(**kwargs), Z)
    if std is None:
        np.testing.assert_allclose(out, np.std(Z, axis=1), rtol=1e-14)
        return
    np.testing.assert_allclose(out, std, rtol=1e-14)
    np.testing.assert_allclose(gradient[1], std_grad_row1, rtol=1e-13)


@pytest.mark.parametrize("op", ["var", "std"])
@pytest.mark.parametrize("kwargs", [{"ddof": 1, "correction": 1},
                                    {"ddof": 0, "unbiased": False},
                                    {"correction": 1, "unbiased": True}])
def test_two_spellings_of_ddof_are_an_error_naming_the_op(op, kwargs):
    names = " and ".join(f"{name}={value!r}" for name, value in kwargs.items())
    with pytest.raises(TypeError, match=f"{op}: got {names}; pass one"):
        getattr(Tensor(Z), op)(**kwargs)


def test_unbiased_must_be_a_bool():
    with pytest.raises(TypeError, match="var: unbiased= must be True or False, got 1"):
        Tensor(Z).var(unbiased=1)


# ----------------------------------------------------------------------------- any, all

def test_any_and_all_give_boolean_arrays_with_nan_counting_as_true():
    x = Tensor([[0.0, nan, 0.0], [0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(x.any(dim=1), [True, False])
    np.testing.assert_array_equal(x.all(axis=0), [False, False, False])
    assert x.any().dtype == bool and x.any().shape == ()
    assert Tensor([[1.0, nan]]).all() and not Tensor(0.0).any()
    np.testing.assert_array_equal(autograd.any(x, axis=(0, 1), keepdims=True), [[True]])
    np.testing.assert_array_equal(autograd.all([[1.0, 2.0], [3.0, 0.0]], dim=-1,
                                               keepdim=True), [[True], [False]])


# ------------------------------------------------------------------- sort, argsort, topk

WITH_NAN = [3.0, nan, 1.0, 3.0, -nan, 2.0, 1.0]


@pytest.mark.parametrize(("descending", "values", "indices"), [
    (False, [1.0, 1.0, 2.0, 3.0, 3.0, nan, nan], [2, 6, 5, 0, 3, 1, 4]),
    (True, [nan, nan, 3.0, 3.0, 2.0, 1.0, 1.0], [1, 4, 0, 3, 5, 2, 6]),
])
@pytest.mark.parametrize("stable", [False, True])
def test_sort_puts_nan_largest_and_keeps_ties_in_order_as_pytorch(descending, values, indices,
                                                                  stable):
    result = Tensor(WITH_NAN).sort(descending=descending, stable=stable)
    np.testing.assert_array_equal(result.values.data, values)
    np.testing.assert_array_equal(result.indices, indices)
    np.testing.assert_array_equal(Tensor(WITH_NAN).argsort(descending=descending), indices)


def test_sort_gradient_goes_back_to_the_positions():
    x = leaf(WITH_NAN)
    x.sort(descending=True, stable=True).values.backward(np.arange(7.0))
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 5.0, 3.0, 1.0, 4.0, 6.0])


def test_sort_along_dims_with_ties_matches_pytorch():
    y = Tensor([[1.0, 5.0, 5.0, 2.0], [4.0, 4.0, 4.0, 0.0]])
    np.testing.assert_array_equal(y.sort(dim=1, descending=True).indices,
                                  [[1, 2, 3, 0], [0, 1, 2, 3]])
    np.testing.assert_array_equal(y.sort(dim=0).indices, [[0, 1, 1, 1], [1, 0, 0, 0]])


def test_sort_with_axis_is_numpys_values():
    x = np.array([[3.0, 1.0], [0.0, 2.0]])
    np.testing.assert_array_equal(Tensor(x).sort(axis=0).data, np.sort(x, axis=0))
    np.testing.assert_array_equal(autograd.sort(x, axis=None).data, np.sort(x, axis=None))
    np.testing.assert_array_equal(autograd.argsort(x, axis=None), np.argsort(x, axis=None))
    with pytest.raises(TypeError, match="sort: got both axis= .* and dim="):
        Tensor(x).sort(0, axis=0)
    with pytest.raises(ValueError, match="argsort: kind must be one of"):
        Tensor(x).argsort(kind="bubble")


@pytest.mark.parametrize(("k", "largest", "values"), [
    (1, True, [nan]), (3, True, [nan, nan, 3.0]), (5, True, [nan, nan, 3.0, 3.0, 2.0]),
    (1, False, [1.0]), (3, False, [1.0, 1.0, 2.0]), (5, False, [1.0, 1.0, 2.0, 3.0, 3.0]),
])
def test_topk_values_match_pytorch_with_nan_and_ties(k, largest, values):
    x = leaf(WITH_NAN)
    result = x.topk(k, largest=largest)
    np.testing.assert_array_equal(result.values.data, values)
    np.testing.assert_array_equal(x.data[result.indices], values)  # indices point at them
    result.values.sum().backward()  # the gradient goes to those positions, once each
    expected = np.zeros(7)
    expected[result.indices] = 1.0
    np.testing.assert_array_equal(x.grad, expected)


def test_topk_breaks_ties_by_the_lower_index():
    # PyTorch leaves the order of ties unspecified (its CPU kernel gives [1, 2] for the
    # second row); gradproof's sort is stable, so the first k of the ties win.
    result = autograd.topk([[1.0, 5.0, 5.0, 2.0], [4.0, 4.0, 4.0, 0.0]], 2, dim=1)
    np.testing.assert_array_equal(result.values.data, [[5.0, 5.0], [4.0, 4.0]])
    np.testing.assert_array_equal(result.indices, [[1, 2], [0, 1]])


def test_topk_errors_name_the_op_and_the_sizes():
    with pytest.raises(ValueError, match=r"topk: k=4 is out of range for dim -1 of size 3"):
        Tensor([1.0, 2.0, 3.0]).topk(4)
    with pytest.raises(TypeError, match="topk: k must be an int, got 1.0"):
        Tensor([1.0, 2.0, 3.0]).topk(1.0)
    with pytest.raises(ValueError, match=r"topk: dim 1 is out of range for a Tensor of 1 "
                                         r"dimensions \(expected -1 to 0\)"):
        Tensor([1.0, 2.0, 3.0]).topk(1, dim=1)


def test_sort_and_topk_of_a_0d_tensor_as_pytorch():
    x = Tensor(3.0)
    assert x.sort().values.item() == 3.0 and x.sort().indices == 0
    assert x.topk(1).values.item() == 3.0 and x.topk(0).values.item() == 3.0


# --------------------------------------------------------------------------- median, mode

def test_median_of_all_values_is_the_lower_middle_and_ties_share_the_gradient():
    out, gradient = grad_of(lambda x: x.median(), [1.0, 2.0, 2.0, 3.0, 2.0])
    assert out == 2.0
    np.testing.assert_allclose(gradient, [0.0, 1 / 3, 1 / 3, 0.0, 1 / 3], rtol=1e-15)
    assert Tensor([3.0, 1.0, 2.0, 4.0]).median().item() == 2.0  # lower, not 2.5


def test_median_with_nan_is_nan_and_the_nans_share_the_gradient():
    out, gradient = grad_of(lambda x: x.median(), [1.0, nan, 2.0, nan])
    assert np.isnan(out)
    np.testing.assert_array_equal(gradient, [0.0, 0.5, 0.0, 0.5])


def test_median_along_a_dim_gives_values_and_indices_as_pytorch():
    result = Tensor([[3.0, 1.0, 2.0, 4.0], [1.0, 1.0, 2.0, 2.0]]).median(1)
    np.testing.assert_array_equal(result.values.data, [2.0, 1.0])
    np.testing.assert_array_equal(result.indices, [2, 1])
    result = Tensor([[3.0, nan, 2.0, 4.0]]).median(dim=1, keepdim=True)
    assert np.isnan(result.values.item()) and result.indices.tolist() == [[1]]
    out, gradient = grad_of(lambda x: x.median(0).values, [1.0, 2.0, 2.0, 3.0, 2.0])
    np.testing.assert_array_equal(gradient, [0.0, 0.0, 1.0, 0.0, 0.0])


def test_median_with_axis_is_numpys_mean_of_the_two_middle_values():
    x = np.array([[1.0, 2.0, 4.0, 7.0], [0.0, 3.0, 3.0, 9.0]])
    for kwargs in ({"axis": 1}, {"axis": None}, {"axis": (0, 1), "keepdims": True},
                   {"axis": 0}, {"keepdims": True}):
        np.testing.assert_array_equal(Tensor(x).median(**kwargs).data, np.median(x, **kwargs))
    _, gradient = grad_of(lambda t: t.median(axis=1), x)
    np.testing.assert_array_equal(gradient, [[0.0, 0.5, 0.5, 0.0], [0.0, 0.5, 0.5, 0.0]])
    with pytest.raises(ValueError, match=r"median: no values .* shape \(0,\)"):
        Tensor(np.zeros(0)).median()


def test_mode_is_the_smallest_most_frequent_value_at_its_last_index_as_pytorch():
    result = Tensor([[3.0, 1.0, 2.0, 1.0, 3.0, 0.0], [5.0, 5.0, 5.0, 2.0, 2.0, 2.0]]).mode(1)
    np.testing.assert_array_equal(result.values.data, [1.0, 2.0])
    np.testing.assert_array_equal(result.indices, [3, 5])
    result = autograd.mode([[3.0, 1.0, 2.0, 1.0, 3.0, 1.0]], dim=1, keepdim=True)
    assert result.values.data.tolist() == [[1.0]] and result.indices.tolist() == [[5]]
    assert Tensor([7.0, 8.0, 9.0]).mode().values.item() == 7.0
    out, gradient = grad_of(lambda x: x.mode(0).values, [1.0, 2.0, 2.0, 3.0, 2.0])
    np.testing.assert_array_equal(gradient, [0.0, 0.0, 0.0, 0.0, 1.0])


# ------------------------------------------------------------------ dtypes, 0-d, errors

@pytest.mark.parametrize("f", [
    lambda x: x.prod(dim=0), lambda x: x.cumsum(1), lambda x: x.cumprod(dim=0),
    lambda x: x.logcumsumexp(1), lambda x: x.norm(), lambda x: x.norm(3, dim=1),
    lambda x: x.norm(ord=1), lambda x: x.norm(inf), lambda x: x.var(correction=1),
    lambda x: x.std(unbiased=True), lambda x: x.sort(dim=0).values,
    lambda x: x.topk(2).values, lambda x: x.median(), lambda x: x.median(axis=0),
    lambda x: x.mode(0).values,
])
def test_float32_stays_float32_values_and_gradients(f):
    x = leaf([[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]], dtype=np.float32)
    out = f(x)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == np.float32


def test_0d_reductions_as_pytorch():
    x = leaf(-3.0)
    assert x.prod().item() == -3.0 and x.prod(dim=0).item() == -3.0
    x.prod(0).backward()
    assert x.grad == 1.0
    assert x.median().item() == -3.0 and x.median(0).indices == 0
    assert x.mode().values.item() == -3.0


def test_bad_axes_are_errors_naming_the_op():
    x = Tensor(np.ones((2, 3)))
    for name, call in [("cumsum", lambda: x.cumsum(2)), ("prod", lambda: x.prod(dim=-3)),
                       ("logcumsumexp", lambda: x.logcumsumexp(5)),
                       ("sort", lambda: x.sort(3)), ("mode", lambda: x.mode(2)),
                       ("norm", lambda: x.norm(dim=4)), ("any", lambda: x.any(axis=2))]:
        with pytest.raises(ValueError, match=f"{name}: (axis|dim) .* is out of range"):
            call()
    with pytest.raises(TypeError, match="cumsum: got both axis= .* and dim="):
        x.cumsum(0, dim=1)
