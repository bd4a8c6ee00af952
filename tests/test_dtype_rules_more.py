"""Result dtypes and values for bool and small-integer inputs, and the object model's corners
(`x.data = t`, `f"{t:.3f}"`, `x.view(dtype)`), as PyTorch 2.13 gives them (torch's default
dtype set to float64, gradproof's default float; its numbers written in: PyTorch is not a
dependency of the tests)."""

from __future__ import annotations

import operator
import re

import numpy as np
import pytest

import autograd
from autograd import Tensor, tensor

F64 = np.float64
B = [True, False]

# ------------------------------------------------- float-valued ops of bools and small ints

BOOL_RESULTS = {  # torch.tensor([True, False]).<op>() with the default dtype float64
    "exp": [2.718281828459045, 1.0], "log": [0.0, -np.inf], "sqrt": [1.0, 0.0],
    "sin": [0.8414709848078965, 0.0], "cos": [0.5403023058681398, 1.0],
    "tan": [1.5574077246549023, 0.0], "tanh": [0.7615941559557649, 0.0],
    "asin": [1.5707963267948966, 0.0], "acos": [0.0, 1.5707963267948966],
    "atan": [0.7853981633974483, 0.0], "sinh": [1.1752011936438014, 0.0],
    "cosh": [1.5430806348152437, 1.0], "asinh": [0.881373587019543, 0.0],
    "atanh": [np.inf, 0.0], "rsqrt": [1.0, np.inf], "exp2": [2.0, 1.0],
    "log1p": [0.6931471805599453, 0.0], "log2": [0.0, -np.inf], "log10": [0.0, -np.inf],
    "sigmoid": [0.7310585786300049, 0.5], "reciprocal": [1.0, np.inf],
    "erf": [0.8427007929497149, 0.0], "erfc": [0.15729920705028513, 1.0],
}


@pytest.mark.parametrize("name", list(BOOL_RESULTS))
def test_float_valued_ops_of_a_bool_tensor_give_the_default_float(name):
    # numpy's exp of a bool is float16 (and its sigmoid raised)
    with np.errstate(divide="ignore"):
        out = getattr(tensor(B), name)()
    assert out.dtype == F64 and out.tolist() == BOOL_RESULTS[name]


def test_binary_float_ops_of_bools_and_small_ints_give_the_default_float():
    b = tensor(B)
    assert autograd.atan2(b, b).tolist() == [0.7853981633974483, 0.0]
    assert b.atan2(b).dtype == F64 and b.hypot(b).dtype == F64 and b.logaddexp(b).dtype == F64
    i8 = tensor([3, -6], dtype=autograd.int8)
    u8 = tensor([3, 200], dtype=autograd.uint8)
    i16 = tensor([3, 5], dtype=autograd.int16)
    assert i8.exp().tolist() == [20.085536923187668, 0.0024787521766663585]  # not float16's
    assert u8.sqrt().tolist() == [1.7320508075688772, 14.142135623730951]
    assert i16.sigmoid().tolist() == [0.9525741268224334, 0.9933071490757153]
    assert autograd.atan2(i8, u8).tolist() == [0.7853981633974483, -0.0299910048568779]
    assert (i8 / i16).tolist() == [1.0, -1.2] and (i8 / i8).dtype == F64  # numpy: float16


def test_with_a_float32_default_integer_and_bool_inputs_give_float32():
    saved = autograd.get_default_dtype()
    try:
        autograd.set_default_dtype(autograd.float32)
        assert tensor([True]).exp().dtype == np.float32  # torch: float32, all three
        assert (tensor([1, 2]) / 2).dtype == np.float32
        assert tensor([1, 2]).exp().dtype == np.float32
    finally:
        autograd.set_default_dtype(saved)


def test_sign_square_and_powers_of_bools_are_pytorchs():
    b = tensor(B)
    assert b.sign().dtype == np.bool_ and b.sign().tolist() == B  # numpy raised
    assert b.square().dtype == np.int64 and b.square().tolist() == [1, 0]
    assert (b ** 2).dtype == np.int64 and (b ** 2).tolist() == [1, 0]  # numpy: int8
    assert (b ** 0).tolist() == [1, 1] and (b ** 0).dtype == np.int64
    assert (b ** True).dtype == np.bool_ and (b ** True).tolist() == B
    assert (b ** False).tolist() == [True, True]
    assert (2 ** b).dtype == np.int64 and (2 ** b).tolist() == [2, 1]
    assert (b ** 2.5).dtype == F64 and (b ** 2.5).tolist() == [1.0, 0.0]
    assert b.round().dtype == np.bool_  # as floor's (PyTorch refuses to round a bool)


# ------------------------------------------------------- ops that keep an integer dtype


def test_integer_tril_triu_and_median_keep_the_dtype():
    m = tensor([[1, 2, 3], [4, 5, 6]], dtype=autograd.int8)
    assert m.tril(1).dtype == np.int8 and m.tril(1).tolist() == [[1, 2, 0], [4, 5, 6]]
    assert m.triu(-1).dtype == np.int8 and m.triu(-1).tolist() == [[1, 2, 3], [4, 5, 6]]
    assert autograd.tril(tensor([[1, 2], [3, 4]])).tolist() == [[1, 0], [3, 4]]
    mask = tensor([[True, True], [True, True]]).triu()
    assert mask.dtype == np.bool_ and mask.tolist() == [[True, True], [False, True]]
    assert tensor([1, 4, 3, 2]).median().dtype == np.int64
    assert tensor([1, 4, 3, 2]).median().item() == 2  # the lower middle value
    u8 = tensor([5, 1, 4, 2], dtype=autograd.uint8).median()
    assert u8.dtype == np.uint8 and u8.item() == 2


@pytest.mark.parametrize(("data", "dtype", "value", "expected"), [
    ([1, 2], np.int64, 2.5, [2, 2]),  # the value cast to the Tensor's dtype, toward 0
    ([1, 2], np.int64, -2.7, [-2, 2]),
    ([1, 2], np.uint8, -3, [253, 2]),  # a negative int wraps, down to -255
    ([1, 2], np.uint8, -255, [1, 2]),
    ([True, False], np.bool_, 0.5, [True, False]),
    ([False, False], np.bool_, 2, [True, False]),
    ([1.0, 2.0], np.float64, 7, [7.0, 2.0]),
    ([1, 2], np.int64, Tensor(2.5), [2, 2]),  # a 0-d Tensor is cast too
])
def test_masked_fill_casts_the_value_to_the_tensors_dtype(data, dtype, value, expected):
    out = Tensor(data, dtype=dtype).masked_fill(tensor([True, False]), value)
    assert out.dtype == dtype and out.tolist() == expected


@pytest.mark.parametrize(("dtype", "value", "shown"), [
    (np.uint8, 300, "300"), (np.uint8, -256, "-256"), (np.int8, 1e10, "10000000000.0"),
    (np.int8, 127.9, "127.9"), (np.int64, float("nan"), "nan"), (np.float32, 1e300, "1e+300"),
])
def test_masked_fill_with_a_value_the_dtype_cannot_hold_raises(dtype, value, shown):
    # PyTorch: RuntimeError "value cannot be converted to type uint8_t without overflow"
    with pytest.raises(RuntimeError, match=rf"masked_fill: value {re.escape(shown)} cannot be "
                                           rf"converted to {np.dtype(dtype)} without overflow"):
        Tensor([1, 2], dtype=dtype).masked_fill(tensor([True, False]), value)


# ------------------------------------------------ uint8 and int8 against Python ints

U8 = [3, 6, 0, 255]
OPS = {"/": operator.truediv, "<": operator.lt, "<=": operator.le, ">": operator.gt,
       ">=": operator.ge, "==": operator.eq, "+": operator.add, "*": operator.mul,
       "//": operator.floordiv}


@pytest.mark.parametrize(("op", "c", "reflected", "expected"), [
    # torch.tensor([3, 6, 0, 255], dtype=torch.uint8) <op> c (or c <op> it)
    ("/", -3, False, [-1.0, -2.0, -0.0, -85.0]),  # true division: -3 keeps its value
    ("/", -3, True, [-1.0, -0.5, -np.inf, -0.011764705882352941]),
    ("/", 300, False, [0.01, 0.02, 0.0, 0.85]),
    ("/", -300, False, [-0.01, -0.02, -0.0, -0.85]),
    ("<", -3, False, [True, True, True, False]),  # compared with 253, -3 wrapped
    ("<=", -3, False, [True, True, True, False]),
    (">", -3, False, [False, False, False, True]),
    (">=", -3, True, [True, True, True, False]),
    ("==", -3, False, [False, False, False, False]),
    ("<", 300, False, [True, True, True, False]),  # 300 wraps to 44
    ("+", -3, False, [0, 3, 253, 252]),
    ("*", -3, False, [247, 238, 0, 3]),
    ("//", -3, False, [0, 0, 0, 1]),
])
def test_uint8_against_a_python_int_out_of_its_range(op, c, reflected, expected):
    u8 = Tensor(U8, dtype=np.uint8)
    with np.errstate(divide="ignore"):
        out = OPS[op](c, u8) if reflected else OPS[op](u8, c)
    assert out.tolist() == expected


def test_rounded_division_of_uint8_by_a_python_int_wraps_it_as_pytorch():
    u8 = Tensor(U8, dtype=np.uint8)
    for mode in ("trunc", "floor"):  # torch: uint8 results, -3 read as 253 and 300 as 44
        assert u8.div(-3, rounding_mode=mode).tolist() == [0, 0, 0, 1]
        assert u8.div(300, rounding_mode=mode).tolist() == [0, 0, 0, 5]
        assert u8.div(-3, rounding_mode=mode).dtype == np.uint8
    assert tensor([7, -7]).div(tensor(2), rounding_mode="trunc").tolist() == [3, -3]
    assert u8.clamp(min=-3).tolist() == [253, 253, 253, 255]
    assert u8.add(-3, alpha=2).tolist() == [253, 0, 250, 249]


def test_int8_and_float32_compare_in_the_common_dtype():
    i8 = Tensor([3, -6, 0, 127], dtype=np.int8)
    assert (i8 < 300).tolist() == [True, True, True, False]  # 300 is 44 in int8
    assert (i8 / 300).tolist() == [0.01, -0.02, 0.0, 0.42333333333333334]
    assert (Tensor([1, 2], dtype=np.int8) == 257).tolist() == [True, False]
    f32 = Tensor(np.array([0.1, 2.0], np.float32))
    assert (f32 == 0.1).tolist() == [True, False]  # 0.1 in float32, as PyTorch (numpy: False)
    assert (f32[:1] <= 0.1).tolist() == [True]
    assert (tensor([1, 2]) < 2.5).tolist() == [True, True]
    assert (tensor([True, False]) < 2).tolist() == [True, True]


def test_uint8_any_and_all_stay_uint8():
    u8 = Tensor([[0, 3], [0, 0]], dtype=np.uint8)
    assert u8.any().dtype == np.uint8 and u8.any().item() == 1
    assert u8.any(1).dtype == np.uint8 and u8.any(1).tolist() == [1, 0]
    ones = Tensor([[0, 3], [1, 1]], dtype=np.uint8)
    assert ones.all(dim=0, keepdim=True).tolist() == [[0, 1]]
    assert Tensor([0, 2], dtype=np.int8).any().dtype == np.bool_  # other integers: bool
    assert tensor(np.zeros(0, np.uint8)).all().tolist() == 1


@pytest.mark.parametrize(("base", "expected"), [
    # d/dy sum(base ** y) at y = 1.3: log(base) taken in the result's float64, as PyTorch
    (np.array([3, 4], np.uint8), [4.582495885620347, 8.404917316837466]),  # numpy: float16
    (np.array([1.3, 2.7], np.float32), [0.3690039013954502, 3.612703002860769]),
])
def test_power_gradient_in_the_exponent_takes_log_at_the_results_precision(base, expected):
    y = Tensor([1.3, 1.3], requires_grad=True)
    (Tensor(base, dtype=base.dtype) ** y).sum().backward()
    assert y.grad.tolist() == expected


# ----------------------------------------------------------------- clear errors, 0-d dims


@pytest.mark.parametrize("swap", [lambda t: t.swapdims(0, -1), lambda t: t.swapaxes(0, 0),
                                  lambda t: t.transpose(0, -1), lambda t: t.transpose(-1, -1),
                                  lambda t: autograd.transpose(t, 0, -1)])
def test_swapping_dims_0_and_minus_1_of_a_0d_tensor_is_the_tensor(swap):
    t = Tensor(1.5, requires_grad=True)
    (swap(t) * 3).backward()
    assert swap(t).shape == () and swap(t).item() == 1.5 and t.grad.item() == 3.0
    with pytest.raises(ValueError, match="out of range"):
        Tensor(1.5).swapdims(1, 0)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: autograd.zeros(0).argmax(), r"argmax: Expected reduction dim to be specified"),
    (lambda: autograd.zeros(0).argmin(0), r"argmin: Expected reduction dim 0 to have"),
    (lambda: autograd.zeros(0, 3).argmax(0, keepdim=True), r"argmax: .* dim 0 to have non-"),
    (lambda: autograd.zeros(3, 0).argmax(dim=1), r"argmax: Expected reduction dim 1 to"),
    (lambda: autograd.zeros(0, 3).max(dim=0), r"max: Expected reduction dim 0 to have"),
    (lambda: autograd.zeros(0, 3).min(dim=-2), r"min: Expected reduction dim 0 to have"),
    (lambda: autograd.argmax(autograd.zeros(0, 3)), r"argmax: Expected reduction dim to be"),
])
def test_indices_of_nothing_are_pytorchs_index_error(call, message):
    with pytest.raises(IndexError, match=message):
        call()


def test_indices_along_a_nonempty_dim_of_an_empty_tensor_are_empty():
    assert autograd.zeros(0, 3).argmax(1).shape == (0,)
    assert autograd.zeros(3, 0).argmax(0).shape == (0,)
    values, indices = autograd.zeros(0, 3).max(dim=1, keepdim=True)
    assert values.shape == (0, 1) and indices.shape == (0, 1)


# ------------------------------------------------------------------------ view(dtype)

M = [[1.0, 2.0], [3.0, -4.5]]


def test_view_with_a_dtype_reads_the_same_bytes():
    x = Tensor(M)
    assert x.view(autograd.int64).tolist() == [[4607182418800017408, 4611686018427387904],
                                                [4613937818241073152, -4606619468846596096]]
    halves = x.view(np.float32)
    assert halves.shape == (2, 4)
    assert halves.tolist() == [[0.0, 1.875, 0.0, 2.0], [0.0, 2.125, 0.0, -2.28125]]
    assert x.view(dtype=np.int64).tolist() == x.view(np.int64).tolist()
    f32 = Tensor(np.array([1.0, 2.0], np.float32))
    assert f32.view(np.dtype("int32")).tolist() == [1065353216, 1073741824]
    packed = Tensor([[1, 0, 0, 0, 2, 0, 0, 0]], dtype=np.uint8).view(autograd.int32)
    assert packed.shape == (1, 2) and packed.tolist() == [[1, 2]]
    assert x.t().view(np.int64).shape == (2, 2)  # the same size: any layout
    assert autograd.zeros(0, 4, dtype=autograd.float32).view(np.float16).shape == (0, 8)
    bits = Tensor([1.0, 2.0])
    bits.view(np.int64)[0] = 0  # the same memory
    assert bits.tolist() == [0.0, 2.0]


def test_view_with_a_dtype_is_not_in_the_graph():
    x = Tensor(M, requires_grad=True)
    assert not x.view(np.float64).requires_grad  # PyTorch: no grad_fn, even the same dtype
    assert not x.view(np.int64).requires_grad


@pytest.mark.parametrize(("call", "message"), [
    (lambda: Tensor(1.5).view(np.float32), "a 0-d Tensor has no last dim"),
    (lambda: Tensor(np.ones((1, 3), np.float32)).view(np.float64),
     r"the last dim's size \(3\) must be divisible by 2"),
    (lambda: Tensor(M).t().view(np.float32), r"the last dim must be contiguous \(stride 1\)"),
    (lambda: tensor(np.zeros((2, 6), np.uint8)).view(np.float32), "divisible by 4"),
    (lambda: Tensor(M).view(2, 2, dtype=np.int64), "got a shape"),
])
def test_view_with_a_dtype_refuses_what_pytorch_refuses(call, message):
    with pytest.raises((ValueError, TypeError), match=f"view: .*{message}"):
        call()
    assert Tensor(1.5).view(np.int64).shape == ()  # the same element size: a 0-d is fine


# ------------------------------------------------------------------ .data and format


def test_assigning_a_tensor_to_data_takes_its_array():
    x = Tensor([1.0, 2.0], requires_grad=True)
    source = Tensor([5.0, 6.0, 7.0])
    x.data = source  # PyTorch: the shape (and dtype) may change; memory is shared
    assert type(x.data) is np.ndarray and x.shape == (3,) and x.requires_grad
    source.data[0] = 9.0
    assert x.tolist() == [9.0, 6.0, 7.0]
    with autograd.no_grad():
        x.fill_(1.0)  # raised AttributeError 'flags' when .data held a Tensor
    assert x.tolist() == [1.0, 1.0, 1.0]
    array = np.array([3.0, 4.0])
    x.data = array  # an ndarray is taken as it is
    assert x.data is array
    y = tensor([1, 2])
    y.data = tensor([5, 6, 7])
    assert y.tolist() == [5, 6, 7] and y.dtype == np.int64


@pytest.mark.parametrize("value", [[5.0, 6.0], 3.0, None, "abc"])
def test_assigning_anything_else_to_data_raises(value):
    # PyTorch: TypeError "Variable data has to be a tensor, but got list"
    with pytest.raises(TypeError, match="data: a Tensor's data must be a Tensor or a numpy"):
        Tensor([1.0, 2.0]).data = value


def test_a_tensor_that_requires_grad_keeps_float_data():
    # PyTorch: "data set to a tensor that requires gradients must be floating point"
    with pytest.raises(RuntimeError, match="data: this Tensor requires grad, so its data"):
        Tensor([1.0, 2.0], requires_grad=True).data = tensor([5, 6])


def test_format_spec_formats_a_0d_tensors_value():
    assert f"{Tensor(1.2345):.3f}" == "1.234"  # torch.tensor(1.2345, dtype=float64)
    assert f"{tensor(3):>5}" == "    3" and f"{Tensor(2.5):e}" == "2.500000e+00"
    assert f"{Tensor(1.2345, requires_grad=True):.2f}" == "1.23"
    assert f"{Tensor([1.5, 2.0])}" == str(Tensor([1.5, 2.0]))
    with pytest.raises(TypeError, match="unsupported format string"):  # PyTorch's, too
        f"{Tensor([1.5]):.3f}"


# ------------------------------------------------------------------------------ argsort


def test_the_argsort_function_takes_torchs_positional_arguments():
    d = Tensor([[1.0, 5.0, 3.0], [2.0, 2.0, 9.0]])
    assert autograd.argsort(d, 1, True).tolist() == [[1, 2, 0], [2, 0, 1]]  # dim, descending
    assert autograd.argsort(d, 0, True, True).tolist() == [[1, 0, 1], [0, 1, 0]]
    assert autograd.argsort(d).tolist() == [[0, 2, 1], [0, 1, 2]]
    assert autograd.argsort(d, axis=None).tolist() == [0, 3, 4, 2, 1, 5]  # numpy's, by name
    # the method keeps numpy's (axis, kind), as the README says
    assert d.argsort(0, "stable").tolist() == [[0, 1, 0], [1, 0, 1]]
    with pytest.raises(ValueError, match="argsort: kind must be one of"):
        d.argsort(1, True)
