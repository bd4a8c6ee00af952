"""Four places where gradproof followed numpy and PyTorch does otherwise, fixed: integer sums
and products in int64, integer division by zero, float index Tensors, reshape's negative
sizes. Numbers in literals were printed by PyTorch 2.13.0+cpu.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from autograd import Tensor

# ------------------------------------------------- sums and products of integers: int64


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint32, np.uint64, np.int8,
                                   np.int16, np.int32, np.int64, np.bool_])
def test_integer_and_bool_sums_and_products_are_int64_as_pytorch(dtype):
    x = autograd.tensor([1, 1, 0], dtype=dtype)
    for out in (x.sum(), x.prod(), x.sum(0), x.prod(0, keepdims=True), x.cumsum(0),
                x.cumprod(0), autograd.cumsum(x, 0)):
        assert out.dtype == np.int64  # numpy: uint64 for the unsigned ones


def test_uint8_sums_and_products_do_not_wrap_as_pytorch():
    x = autograd.tensor([[200, 100], [255, 3]], dtype=autograd.uint8)
    assert x.sum().item() == 558
    assert x.sum(0).tolist() == [455, 103]
    assert x.prod().item() == 15300000
    assert x.prod(1).tolist() == [20000, 765]
    assert x.cumsum(1).tolist() == [[200, 300], [255, 258]]
    assert x.cumprod(0).tolist() == [[200, 100], [51000, 300]]
    assert autograd.tensor([200, 100], dtype=autograd.uint8).sum().dtype == np.int64


def test_bool_and_int8_sums_and_products_as_pytorch():
    b = autograd.tensor([True, True, False])
    assert (b.sum().item(), b.prod().item()) == (2, 0)
    assert (b.cumsum(0).tolist(), b.cumprod(0).tolist()) == ([1, 2, 2], [1, 1, 0])
    i = autograd.tensor([100, -100, 7], dtype=autograd.int8)
    assert (i.sum().item(), i.prod().item()) == (7, -70000)
    assert i.cumsum(0).tolist() == [100, 0, 7]
    assert i.cumprod(0).tolist() == [100, -10000, -70000]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_sums_and_products_keep_their_dtype(dtype):
    x = Tensor([200.0, 100.0], dtype=dtype)
    for out in (x.sum(), x.prod(), x.cumsum(0), x.cumprod(0)):
        assert out.dtype == dtype


# ------------------------------------------------------ integer division by zero


@pytest.mark.parametrize(("name", "call"), [
    ("//", lambda a: a // 0),
    ("%", lambda a: a % 0),
    ("//", lambda a: 4 // autograd.tensor([0, 1])),  # reflected
    ("%", lambda a: 4 % autograd.tensor([1, 0])),
    ("//", lambda a: a.floor_divide(autograd.tensor([1, 0]))),
    ("%", lambda a: a.remainder(0)),
    ("fmod", lambda a: a.fmod(0)),
    ("//", lambda a: np.floor_divide(a, 0)),
    ("%", lambda a: a.byte() % 0),
])
def test_integer_division_by_zero_raises_as_pytorch(name, call):
    # PyTorch: RuntimeError "ZeroDivisionError"; numpy warns and gives 0.
    a = autograd.tensor([4, 2])
    with pytest.raises(ZeroDivisionError, match=f"^{name}: integer division by zero: the "
                                                 r"divisor \[.*0.*\] .*has a 0"):
        call(a)


def test_in_place_integer_division_by_zero_raises_and_leaves_the_tensor():
    a = autograd.tensor([4, 2])
    with pytest.raises(ZeroDivisionError, match="^//: integer division by zero"):
        a //= 0
    with pytest.raises(ZeroDivisionError, match="^%: integer division by zero"):
        a %= autograd.tensor([1, 0])
    assert a.tolist() == [4, 2]


def test_integer_division_by_nonzero_and_float_division_by_zero_as_pytorch():
    assert (autograd.tensor([7, -7]) // autograd.tensor([2, 2])).tolist() == [3, -4]
    assert (autograd.tensor([7, -7]) % 3).tolist() == [1, 2]
    assert autograd.tensor([7, -7]).fmod(3).tolist() == [1, -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal((Tensor([4.0, 0.0, -1.0]) // 0).data,
                                      [np.inf, np.nan, -np.inf])
        np.testing.assert_array_equal((Tensor([4.0, 0.0, -1.0]) % 0).data, [np.nan] * 3)
        np.testing.assert_array_equal(Tensor([4.0, -1.0]).fmod(0).data, [np.nan] * 2)
        np.testing.assert_array_equal((autograd.tensor([4, 2]) // 0.0).data, [np.inf] * 2)


# ------------------------------------------------------------- float index Tensors


def test_float_tensor_index_is_an_index_error_as_pytorch():
    # PyTorch: IndexError "tensors used as indices must be long, int, byte or bool tensors"
    x = Tensor(np.arange(6.0).reshape(3, 2))
    refused = "tensors used as indices must be long, int, byte or bool tensors"
    with pytest.raises(IndexError, match=f"^getitem: index is a Tensor of dtype float64: "
                                         f"{refused}"):
        x[Tensor([1.0, 0.0])]
    with pytest.raises(IndexError, match="^getitem: index is a Tensor of dtype float32"):
        x[0, Tensor([1.0], dtype=autograd.float32)]
    with pytest.raises(IndexError, match="^setitem: index is a Tensor of dtype float64"):
        x[Tensor([1.0])] = 0.0
    assert x.tolist() == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]


def test_integer_and_bool_tensor_indices_as_pytorch():
    x = Tensor(np.arange(6.0).reshape(3, 2))
    assert x[autograd.tensor([1, 0])].tolist() == [[2.0, 3.0], [0.0, 1.0]]
    assert x[autograd.tensor([True, False, True])].tolist() == [[0.0, 1.0], [4.0, 5.0]]


# ------------------------------------------------------------ reshape's negative sizes


@pytest.mark.parametrize("op", ["reshape", "view"])
def test_reshape_with_a_negative_size_other_than_minus_one_is_an_error(op):
    x = Tensor(np.arange(6.0))
    with pytest.raises(ValueError, match=rf"^{op}: invalid shape dimension -2 in \(-2, 3\)"):
        getattr(x, op)(-2, 3)
    with pytest.raises(ValueError, match=rf"^{op}: invalid shape dimension -3"):
        getattr(x, op)((2, -3))
    assert getattr(x, op)(-1, 3).shape == (2, 3)  # -1 is inferred, as PyTorch


def test_module_reshape_refuses_negative_sizes_too():
    with pytest.raises(ValueError, match="^reshape: invalid shape dimension -2"):
        autograd.reshape(Tensor(np.arange(6.0)), (3, -2))
