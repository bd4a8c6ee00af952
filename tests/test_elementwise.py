"""Elementwise ops' conventions against PyTorch's numbers (written in as literals from torch
2.13, CPU, float64): values and gradients at domain edges, large and tiny inputs, the zero
gradients of rounding, the signs of fmod and remainder, nan_to_num's replacements; on
Tensors and on Values (where Python raises instead of returning inf or nan); float32 kept
float32; every spelling; clear errors. The spec rows check derivatives in random graphs."""

import math
import operator

import numpy as np
import pytest
from torch_elementwise_numbers import TORCH_BINARY, TORCH_UNARY

import autograd
from autograd import Tensor, Value

inf, nan = math.inf, math.nan

METHOD = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "asinh": "arcsinh",
          "acosh": "arccosh", "atanh": "arctanh", "atan2": "arctan2"}
# Where gradproof's gradient is closer to the truth than PyTorch's: near |x| = 1 it writes
# 1 - x**2 as (1 - x)(1 + x), where PyTorch's x*x - 1 loses digits to cancellation.
GRAD_RTOL = {"asin": 1e-11, "acos": 1e-11, "acosh": 1e-9, "atanh": 1e-9}


def _unary(name, data):
    x = Tensor(data, requires_grad=True)
    with np.errstate(all="ignore"):
        y = getattr(x, METHOD.get(name, name))()
        y.backward(np.ones(len(data)))
    return y, x.grad


@pytest.mark.parametrize("name", TORCH_UNARY)
def test_unary_tensor_ops_are_pytorchs(name):
    xs, expected, expected_grad = TORCH_UNARY[name]
    y, grad = _unary(name, xs)
    if name == "expm1":
        # PyTorch's expm1 backward is result + 1, which is 0 for x < -37; here it is exp(x)
        # (elu, selu and celu use it, and there PyTorch's own kernels give exp(x) too).
        expected_grad = [math.exp(xs[0]), *expected_grad[1:]]
    np.testing.assert_allclose(y.data, expected, rtol=1e-15, atol=0)
    np.testing.assert_allclose(grad, expected_grad, rtol=GRAD_RTOL.get(name, 1e-15), atol=0)


@pytest.mark.parametrize("name", TORCH_UNARY)
def test_unary_value_ops_are_pytorchs_or_raise_as_python(name):
    xs, expected, expected_grad = TORCH_UNARY[name]
    if name == "expm1":
        expected_grad = [math.exp(xs[0]), *expected_grad[1:]]
    python_errors = (ValueError, ZeroDivisionError, OverflowError)
    for x0, y0, g0 in zip(xs, expected, expected_grad, strict=True):
        x = Value(x0)
        method = METHOD.get(name, name)
        if math.isfinite(x0) and not math.isfinite(y0):  # log2(0), atanh(1), rsqrt(0), ...
            with pytest.raises(python_errors, match=f"^{method}: undefined for {x0!r}"):
                getattr(x, method)()
            continue
        y = getattr(x, method)()
        if math.isfinite(x0) and not math.isfinite(g0):
            # asin'(1) divides by zero: Python raises; rsqrt'(1e-300) overflows: inf, as
            # Python's float * gives.
            try:
                y.backward()
            except python_errors as e:
                assert str(e).startswith(f"backward of {method} at {x0!r}")
                continue
        else:
            y.backward()
        np.testing.assert_allclose(y.data, y0, rtol=1e-15, atol=0)
        np.testing.assert_allclose(x.grad, g0, rtol=GRAD_RTOL.get(name, 1e-15), atol=0)


@pytest.mark.parametrize("name", TORCH_BINARY)
def test_binary_ops_are_pytorchs_on_tensors_and_values(name):
    xs, ys, expected, expected_x, expected_y = TORCH_BINARY[name]
    x, y = Tensor(xs, requires_grad=True), Tensor(ys, requires_grad=True)
    with np.errstate(all="ignore"):
        out = getattr(x, METHOD.get(name, name))(y)
        out.backward(np.ones(len(xs)))
    # logaddexp(0, -745) has the gradient sigmoid(-745) = 5e-324 here, 0.0 in PyTorch.
    for got, want in ((out.data, expected), (x.grad, expected_x), (y.grad, expected_y)):
        np.testing.assert_allclose(got, want, rtol=1e-15, atol=1e-323)
    for x0, y0, o0, gx, gy in zip(xs, ys, expected, expected_x, expected_y, strict=True):
        if not all(map(math.isfinite, (x0, y0, o0, gx, gy))):
            continue  # Python raises at hypot's origin (0/0); inf - inf in logaddexp's
        a, b = Value(x0), Value(y0)
        o = getattr(a, METHOD.get(name, name))(b)
        o.backward()
        np.testing.assert_allclose([o.data, a.grad, b.grad], [o0, gx, gy], rtol=1e-15,
                                   atol=1e-323)


def test_hypots_gradient_at_the_origin_is_nan_on_tensors_and_an_error_on_values():
    x, y = Tensor([0.0], requires_grad=True), Tensor([0.0], requires_grad=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        x.hypot(y).sum().backward()
    assert np.isnan(y.grad[0])  # PyTorch: nan at (0, 0) too
    with pytest.raises(ZeroDivisionError, match="backward of hypot"):
        Value(0.0).hypot(Value(0.0)).backward()


def test_arctan2s_gradient_at_the_origin_is_zero_as_pytorchs():
    # (PyTorch's 1 / (x^2 + y^2) is taken as 0 where infinite; tests/test_parity_fixes.py)
    y, x = Tensor([0.0], requires_grad=True), Tensor([0.0], requires_grad=True)
    y.arctan2(x).sum().backward()
    assert y.grad.tolist() == [0.0] and x.grad.tolist() == [0.0]
    v, w = Value(0.0), Value(0.0)
    v.arctan2(w).backward()
    assert (v.grad, w.grad) == (0.0, 0.0)


# ------------------------------------------------------------ rounding and remainders


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round", "sign"])
def test_rounding_has_exactly_zero_gradient_even_for_an_infinite_upstream(name):
    x = Tensor([0.5, -1.5, 2.0], requires_grad=True)
    getattr(x, name)().backward(np.full(3, inf))
    assert x.grad.tolist() == [0.0, 0.0, 0.0]  # PyTorch's 0.0 too
    v = Value(-1.5)
    getattr(v, name)().backward(inf)
    assert v.grad == 0.0


def test_round_halves_to_even_with_decimals_as_numpy_and_pytorch():
    x = Tensor([2.675, 0.285, 1.005, -0.125, 1234.5], requires_grad=True)
    y = x.round(decimals=2)
    assert y.data.tolist() == [2.68, 0.28, 1.0, -0.12, 1234.5]  # PyTorch's numbers
    assert autograd.round(Tensor([1250.0, 1350.0, -1250.0, 49.0]), -2).data.tolist() == \
        [1200.0, 1400.0, -1200.0, 0.0]
    y.sum().backward()
    assert x.grad.tolist() == [0.0] * 5
    # A Value rounds as numpy does (2.675 * 100 rounded), not as Python's decimal round(),
    # which gives 2.67: the same numbers on Value and Tensor.
    assert Value(2.675).round(2).data == 2.68 and round(2.675, 2) == 2.67
    assert Value(2.5).round().data == 2.0 and Value(-0.5).round().data == 0.0
    assert math.copysign(1, Value(-0.5).ceil().data) == -1  # -0.0, as numpy and PyTorch


def test_fmod_remainder_and_floor_divide_signs_with_negative_operands():
    xs, ys = [5.5, -5.5, 5.5, -5.5], [2.0, 2.0, -2.0, -2.0]
    x = Tensor(xs, requires_grad=True)
    assert (x % Tensor(ys)).data.tolist() == [1.5, 0.5, -0.5, -1.5]  # the sign of y
    assert x.fmod(Tensor(ys)).data.tolist() == [1.5, -1.5, 1.5, -1.5]  # the sign of x
    assert (x // Tensor(ys)).data.tolist() == [2.0, -3.0, -3.0, 2.0]
    for x0, y0 in zip(xs, ys, strict=True):
        assert (Value(x0) % y0).data == x0 % y0
        assert Value(x0).fmod(y0).data == math.fmod(x0, y0)
        assert (Value(x0) // y0).data == x0 // y0
    assert (5.5 % Tensor([2.0, -2.0])).data.tolist() == [1.5, -0.5]  # PyTorch's numbers
    assert (5.5 // Tensor([2.0, -2.0])).data.tolist() == [2.0, -3.0]
    assert (np.array([5.5]) % Tensor([2.0])).data.tolist() == [1.5]  # ndarray on the left
    assert (2.5 % Value(2.0)).data == 0.5 and (7.0 // Value(2.0)).data == 3.0
    a, b = Tensor([5.5, -5.5], requires_grad=True), Tensor([2.0, -2.0], requires_grad=True)
    (a // b).sum().backward()  # PyTorch has no gradient for floor_divide; here it is 0
    assert a.grad.tolist() == [0.0, 0.0] and b.grad.tolist() == [0.0, 0.0]


def test_remainder_operator_and_functions_are_one_op():
    x, y = Tensor([5.5, -7.0], requires_grad=True), Tensor([2.0, 2.5])
    for result in (x.remainder(y), autograd.remainder(x, y), operator.mod(x, y)):
        assert result._op == "%" and result.data.tolist() == [1.5, 0.5]
    assert autograd.fmod([5.5], [-2.0]).data.tolist() == [1.5]
    assert autograd.floor_divide(x, y)._op == "//"


def test_nan_to_num_replacements_and_gradients():
    x = Tensor([nan, inf, -inf, 1.0], requires_grad=True)
    with np.errstate(invalid="ignore"):
        y = x.nan_to_num()
    big = np.finfo(np.float64).max
    assert y.data.tolist() == [0.0, big, -big, 1.0]
    y.backward(np.full(4, inf))
    # 0 where replaced even for an infinite upstream gradient (PyTorch's mask product
    # gives nan there), 1 * g where finite.
    assert x.grad.tolist() == [0.0, 0.0, 0.0, inf]
    assert autograd.nan_to_num(x, nan=7.0, posinf=8.0, neginf=-9.0).data.tolist() == \
        [7.0, 8.0, -9.0, 1.0]
    x32 = Tensor(np.array([inf, -inf], np.float32))
    assert x32.nan_to_num().data.tolist() == [3.4028234663852886e38, -3.4028234663852886e38]
    assert x32.nan_to_num().dtype == np.float32
    assert Value(inf).nan_to_num().data == big and Value(nan).nan_to_num(nan=2).data == 2.0
    v = Value(-inf)
    v.nan_to_num(neginf=-5.0).backward()
    assert v.grad == 0.0


def test_sign_at_zero_and_nan():
    x = Tensor([-2.0, -0.0, 0.0, 3.0, nan], requires_grad=True)
    with np.errstate(invalid="ignore"):
        y = x.sign()
    # numpy's sign(nan) is nan (PyTorch gives 0 there).
    np.testing.assert_array_equal(y.data, [-1.0, 0.0, 0.0, 1.0, nan])
    assert Value(0.0).sign().data == 0.0 and Value(-3.0).sign().data == -1.0
    assert math.isnan(Value(nan).sign().data)


def test_rsqrt_and_reciprocal_of_zero():
    with np.errstate(divide="ignore"):
        assert Tensor([0.0]).rsqrt().data.tolist() == [inf]  # PyTorch's inf
        assert Tensor([-0.0, 0.0]).reciprocal().data.tolist() == [-inf, inf]
    with pytest.raises(ZeroDivisionError, match="rsqrt"):
        Value(0.0).rsqrt()
    with pytest.raises(ZeroDivisionError, match="reciprocal"):
        Value(0.0).reciprocal()


# ------------------------------------------------------------------ lerp and logaddexp


def test_lerp_is_pytorchs_in_all_three_inputs():
    s = Tensor([1.0, 2.0, 0.1, 3.0], requires_grad=True)
    e = Tensor([3.0, 5.0, 0.7, -2.0], requires_grad=True)
    w = Tensor([0.25, 0.75, 1.0, 0.5], requires_grad=True)
    out = autograd.lerp(s, e, w)
    out.sum().backward()
    assert out.data.tolist() == [1.5, 4.25, 0.7, 0.5]  # weight 1 gives end exactly
    assert s.grad.tolist() == [0.75, 0.25, 0.0, 0.5]
    assert e.grad.tolist() == [0.25, 0.75, 1.0, 0.5]
    np.testing.assert_allclose(w.grad, [2.0, 3.0, 0.6, -5.0], rtol=1e-15)
    s, e = Tensor([1.0, 0.1], requires_grad=True), Tensor([3.0, 0.7], requires_grad=True)
    out = s.lerp(e, 0.9)  # a number weight: no gradient of its own
    out.sum().backward()
    assert out.data.tolist() == [2.8, 0.64]
    np.testing.assert_allclose(s.grad, [0.09999999999999998] * 2, rtol=1e-15)
    assert e.grad.tolist() == [0.9, 0.9]
    v, u = Value(1.0), Value(3.0)
    out = v.lerp(end=u, weight=0.25)
    out.backward()
    assert (out.data, v.grad, u.grad) == (1.5, 0.75, 0.25)


def test_logaddexp_is_stable_on_values():
    assert Value(1000.0).logaddexp(1000.0).data == 1000.6931471805599
    assert Value(-inf).logaddexp(-inf).data == -inf
    assert Value(inf).logaddexp(3.0).data == inf
    assert Value(1000.0).logaddexp2(1000.0).data == 1001.0
    x = Value(1000.0)
    x.logaddexp(0.0).backward()
    assert x.grad == 1.0


# ------------------------------------------------------------------- spellings, dtypes

UNARY_OPS = ["tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "arcsinh", "arctanh",
             "exp2", "expm1", "log2", "log10", "log1p", "reciprocal", "rsqrt", "erf", "erfc",
             "erfinv", "sign", "floor", "ceil", "trunc", "round", "nan_to_num"]
BINARY_OPS = ["arctan2", "hypot", "logaddexp", "logaddexp2", "fmod", "remainder",
              "floor_divide"]
ALIASES = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "atan2": "arctan2",
           "asinh": "arcsinh", "acosh": "arccosh", "atanh": "arctanh",
           "arcsinh": "arcsinh", "arccosh": "arccosh", "arctanh": "arctanh"}


@pytest.mark.parametrize("name", UNARY_OPS + ["arccosh"])
def test_unary_ops_keep_float32(name):
    data = np.array([1.25, 1.5, 2.75] if name == "arccosh" else [0.25, 0.5, 0.75], np.float32)
    x = Tensor(data, requires_grad=True)
    y = getattr(x, name)()
    y.sum().backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32
    reference = getattr(Tensor(data.astype(np.float64)), name)().data
    np.testing.assert_allclose(y.data, reference, rtol=2e-7)


@pytest.mark.parametrize("name", BINARY_OPS + ["lerp"])
def test_binary_ops_keep_float32_with_number_operands(name):
    x = Tensor(np.array([0.25, -0.55, 1.75], np.float32), requires_grad=True)
    y = x.lerp(2.0, 0.25) if name == "lerp" else getattr(x, name)(0.7)
    y.sum().backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32
    z = (0.7 % x) if name == "remainder" else autograd.atan2(0.7, x)  # reflected: lifted
    assert z.dtype == np.float32


@pytest.mark.parametrize(("alias", "name"), ALIASES.items())
def test_aliases_are_the_same_op(alias, name):
    x = Tensor([0.25, 0.5], requires_grad=True)
    if alias == "atan2":
        a, b = x.atan2(Tensor([1.0, 2.0])), x.arctan2(Tensor([1.0, 2.0]))
    elif name == "arccosh":
        x = Tensor([1.25, 1.5], requires_grad=True)
        a, b = getattr(x, alias)(), x.arccosh()
    else:
        a, b = getattr(x, alias)(), getattr(x, name)()
    assert a._op is b._op and a._op == name
    np.testing.assert_array_equal(a.data, b.data)
    function = getattr(autograd, alias)
    c = function(x.data, [1.0, 2.0]) if alias == "atan2" else function(x.data)
    assert c.data.tolist() == a.data.tolist()


def test_functions_take_values_tensors_and_plain_data():
    v = Value(0.5)
    assert isinstance(autograd.atan2(1.0, v), Value)  # the number becomes a Value constant
    assert autograd.hypot([3.0], [4.0]).data.tolist() == [5.0]
    assert autograd.lerp([0.0, 1.0], [2.0, 3.0], 0.5).data.tolist() == [1.0, 2.0]
    assert autograd.round([0.5, 1.5]).data.tolist() == [0.0, 2.0]
    assert isinstance(autograd.erf(v), Value) and autograd.erf(v).data == math.erf(0.5)
    assert autograd.nan_to_num([nan], nan=1.0).data.tolist() == [1.0]


def test_tests_of_each_element_give_masks():
    # PyTorch 2.13: x.isnan() ... of [1, nan, inf, -inf] are these bool tensors, with no
    # gradient (requires_grad False); a Value's tests are Python bools
    x = Tensor([1.0, nan, inf, -inf], requires_grad=True)
    expected = {"isnan": [False, True, False, False], "isinf": [False, False, True, True],
                "isfinite": [True, False, False, False],
                "isposinf": [False, False, True, False], "isneginf": [False, False, False, True]}
    for name, mask in expected.items():
        for got in (getattr(x, name)(), getattr(autograd, name)(x)):
            assert isinstance(got, Tensor) and got.dtype == bool and not got.requires_grad
            assert got.tolist() == mask
    assert x[x.isfinite()].tolist() == [1.0]  # a mask for indexing, as a comparison's
    assert autograd.where(x.isnan(), 0.0, x).tolist()[:2] == [1.0, 0.0]
    assert autograd.isfinite([1.0, inf]).tolist() == [True, False]
    assert autograd.isinf(autograd.tensor([1, 2])).tolist() == [False, False]  # ints: none
    assert Tensor(nan).isnan().shape == () and bool(Tensor(nan).isnan())
    assert Value(nan).isnan() is True and Value(-inf).isneginf() is True
    assert Value(2.0).isfinite() is True and Value(inf).isposinf() is True
    assert autograd.isinf(Value(1.0)) is False


def test_expm1_and_log1p_keep_tiny_inputs_exact():
    x = Tensor([1e-10, -1e-300], requires_grad=True)
    assert x.expm1().data.tolist() == [1.00000000005e-10, -1e-300]
    assert x.log1p().data.tolist() == [9.999999999500001e-11, -1e-300]
    assert Value(1e-300).log1p().data == 1e-300  # log(1 + 1e-300) would be 0


# ------------------------------------------------------------------------------ errors

BAD_CALLS = [
    (lambda: Tensor([1.0]) ** "a", TypeError, r"\*\*: the exponent must be a number"),
    (lambda: Value(1.0) ** "a", TypeError, r"\*\*: the exponent must be a number"),
    (lambda: Tensor([1.0]).lerp(1.0), TypeError, "lerp.*missing a required argument"),
    (lambda: Tensor([1.0]).atan2(1.0, 2.0), TypeError, "atan2.*too many"),
    (lambda: Tensor([1.0]).fmod("a"), TypeError, "fmod: other must be real numbers, got 'a'"),
    (lambda: Tensor([1.0]).round(decimals=1.5), TypeError, "round: decimals must be an int"),
    (lambda: Tensor([1.0]).nan_to_num(nan="a"), TypeError, "nan_to_num: nan must be"),
    (lambda: Value(1.0).atanh(), ValueError, r"^arctanh: undefined for 1.0 \(needs -1 < x"),
    (lambda: Value(2.0).erfinv(), ValueError, r"^erfinv: undefined for 2.0 \(needs -1 < x"),
    (lambda: Value(0.5).acosh(), ValueError, "^arccosh: undefined"),
    (lambda: Value(1024.0).exp2(), OverflowError, "^exp2: undefined for 1024.0"),
    (lambda: Value(710.0).sinh().sinh(), OverflowError, "^sinh"),
    (lambda: Value(1.0) % 0.0, ZeroDivisionError, r"^%: undefined for 1.0, 0.0"),
    (lambda: Value(1.0) // 0, ZeroDivisionError, "^//: undefined"),
    (lambda: Value(1.0).fmod(0.0), ValueError, "^fmod: undefined"),
    (lambda: Value(-1.0).log2(), ValueError, r"^log2: undefined for -1.0 \(needs x > 0\)"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_CALLS,
                         ids=[m for _, _, m in BAD_CALLS])
def test_bad_arguments_are_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
