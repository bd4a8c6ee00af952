"""Regression tests from the fourth differential audit against PyTorch 2.13: each asserts
PyTorch's numbers (printed by torch, written here as literals) where gradproof differed."""

import numpy as np
import pytest

import autograd
from autograd import Tensor


def test_a_dim_out_of_range_is_an_index_error_as_pytorchs_and_a_value_error_as_before():
    x = autograd.ones(2, 3)
    # torch: IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
    for call in (lambda: x.sum(dim=2), lambda: x.softmax(dim=-3), lambda: x.unsqueeze(3),
                 lambda: autograd.cat([x, x], dim=2), lambda: x.size(5)):
        with pytest.raises(IndexError, match="out of range"):
            call()
        with pytest.raises(ValueError, match="out of range"):
            call()


def test_cat_skips_a_1d_empty_tensor_as_pytorchs_legacy_rule():
    # The loop `out = torch.tensor([]); out = torch.cat([out, row])` gives the rows
    out = Tensor([])
    for i in range(3):
        out = autograd.cat([out, autograd.full((1, 2), float(i))])
    assert out.shape == (3, 2)
    assert out.tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    # along the last dim, with its gradient (torch: w.grad is the weights, e.grad is empty)
    e = Tensor([], requires_grad=True)
    w = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    r = autograd.cat([e, w, e], dim=-1)
    assert r.shape == (2, 3) and r.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    (r * Tensor([[0.5, -1.0, 2.0], [3.0, 0.25, -2.0]])).sum().backward()
    assert w.grad.tolist() == [[0.5, -1.0, 2.0], [3.0, 0.25, -2.0]]
    assert e.grad.shape == (0,)
    # its dtype still counts (torch: float64), and the dim is checked against the others
    assert autograd.cat([autograd.zeros(0, dtype=autograd.float64),
                         autograd.ones(2, 3, dtype=autograd.float32)]).dtype == np.float64
    assert autograd.cat([Tensor([]), Tensor([])]).shape == (0,)
    with pytest.raises(IndexError, match="concatenate: dim 2 is out of range"):
        autograd.cat([e, w], dim=2)
    with pytest.raises(ValueError, match="concatenate: cannot apply to shapes"):
        autograd.cat([Tensor([1.0]), w])  # a non-empty 1-D Tensor is not skipped


def test_integer_div_trunc_by_zero_raises_as_pytorch_and_gives_pytorchs_quotients():
    # torch: RuntimeError: ZeroDivisionError (before: -9223372036854775808, numpy's cast of
    # inf); floor_divide raises ZeroDivisionError here too
    with pytest.raises(ZeroDivisionError, match="div: integer division by zero"):
        autograd.tensor([1, 2]).div(autograd.tensor([0, 1]), rounding_mode="trunc")
    with pytest.raises(ZeroDivisionError, match="div: integer division by zero"):
        autograd.div(autograd.tensor([True, False]), 0, rounding_mode="trunc")
    q = autograd.tensor([7, -7, 9]).div(autograd.tensor([2, 2, -4]), rounding_mode="trunc")
    assert q.dtype == np.int64 and q.tolist() == [3, -3, -2]


def test_the_functions_take_pytorchs_input_keyword():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    assert autograd.cumsum(input=x, dim=1).tolist() == [[0.0, 1.0, 3.0], [3.0, 7.0, 12.0]]
    assert autograd.sort(input=x, dim=1, descending=True)[1].tolist() == [[2, 1, 0], [2, 1, 0]]
    assert autograd.topk(input=x, k=2, dim=1)[0].tolist() == [[2.0, 1.0], [5.0, 4.0]]
    assert autograd.median(input=x, dim=1)[0].tolist() == [1.0, 4.0]
    assert autograd.norm(input=x, p=1).item() == 15.0
    assert autograd.argsort(input=x, dim=0, descending=True).tolist() == [[1, 1, 1], [0, 0, 0]]
    assert autograd.prod(input=x, dim=1).tolist() == [0.0, 60.0]
    assert autograd.mode(input=x, dim=1)[1].tolist() == [0, 0]


def test_pytorch_s_keywords_for_shapes_and_orders():
    """torch.reshape(x, shape=), x.reshape(shape=), x.view(size=), x.permute(dims=),
    x.transpose(dim0=, dim1=), as PyTorch 2.13 takes them (numpy's positional forms too)."""
    x = autograd.arange(6.0).reshape(2, 3)
    assert autograd.reshape(x, shape=(3, 2)).shape == (3, 2)
    assert x.reshape(shape=(3, 2)).shape == x.view(size=(3, 2)).shape == (3, 2)
    assert x.view(-1).shape == (6,)
    np.testing.assert_array_equal(x.permute(dims=(1, 0)).data, x.data.T)
    np.testing.assert_array_equal(x.transpose(dim0=0, dim1=1).data, x.data.T)
    with pytest.raises(TypeError, match="reshape: give the shape positionally or as shape=, "
                                        "not both"):
        x.reshape(3, shape=(3, 2))
    with pytest.raises(TypeError, match="transpose: give both dim0= and dim1="):
        x.transpose(dim0=1)


def test_cumprod_along_an_axis_of_one_is_the_identity_for_any_value():
    # torch 2.13: x = [inf] (or [nan]) of shape (1,), (x.cumprod(0) * 1).sum(): grad [1.0]
    for value in (np.inf, np.nan, -np.inf, 0.0):
        x = Tensor([value], requires_grad=True)
        x.cumprod(0).sum().backward()
        np.testing.assert_array_equal(x.grad, [1.0])
    y = Tensor([[np.inf, 2.0]], requires_grad=True)
    (y.cumprod(0) * Tensor([[3.0, 4.0]])).sum().backward()
    np.testing.assert_array_equal(y.grad, [[3.0, 4.0]])


def test_a_rounded_division_has_a_zero_gradient_even_by_zero_or_of_inf():
    # torch 2.13: x = [1., -3., inf], y = [0., 2., 1.]: x.div(y, rounding_mode=m) is
    # [inf, -1., inf] (trunc), [inf, -2., nan] (floor, as numpy); of its .sum()
    # .backward(): x.grad and y.grad are [0., 0., 0.] for 'trunc' and for 'floor'
    for mode, values in (("trunc", [np.inf, -1.0, np.inf]), ("floor", [np.inf, -2.0, np.nan])):
        x = Tensor([1.0, -3.0, np.inf], requires_grad=True)
        y = Tensor([0.0, 2.0, 1.0], requires_grad=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = x.div(y, rounding_mode=mode)
        np.testing.assert_array_equal(q.data, values)
        assert q.requires_grad
        q.sum().backward()
        np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0])
        np.testing.assert_array_equal(y.grad, [0.0, 0.0, 0.0])


def test_an_input_not_in_the_graph_is_pytorch_s_runtime_error_and_still_a_value_error():
    # torch 2.13 raises RuntimeError for each of these
    x = Tensor([1.0, 2.0], requires_grad=True)
    for call in (lambda: autograd.grad((x * 2).sum(), Tensor([1.0])),
                 lambda: autograd.grad((x * 2).sum(), [x, Tensor([1.0], requires_grad=True)]),
                 lambda: (x * 2).sum().backward(inputs=[Tensor([1.0])])):
        with pytest.raises(RuntimeError):
            call()
        with pytest.raises(ValueError):
            call()


# --- Tensor creation and dtypes (the ninth audit; PyTorch 2.13's answers as literals) -------

def test_tensor_of_numpy_float_scalars_keeps_their_dtype_and_refuses_ints_beyond_int64():
    # torch: float32 for numpy float32 scalars (also beside an int or a bool); a Python
    # float among them is the default float; before: always the default float
    assert autograd.tensor([np.float32(1.5), np.float32(2.5)]).dtype == np.float32
    assert autograd.tensor([[np.float32(1.5)], [np.float32(2)]]).dtype == np.float32
    assert autograd.tensor([np.float32(1.5), np.int64(2)]).dtype == np.float32
    assert autograd.tensor([np.float32(1.5), True]).dtype == np.float32
    assert autograd.tensor([np.float32(1.5), 2.5]).dtype == np.float64
    assert autograd.tensor([np.float32(1.5), np.float64(2)]).dtype == np.float64
    assert autograd.tensor([1.5, 2]).dtype == np.float64
    # torch: ValueError "Overflow when unpacking long long" (before: uint64, or a float64
    # of 2**63 beside an int)
    for data in (2**63, [2**63], [1, 2**63], [[1], [2**63]], -2**63 - 1, [2**64]):
        with pytest.raises(ValueError, match="outside int64's range"):
            autograd.tensor(data)
    with pytest.raises(ValueError, match="as_tensor: an integer in data is outside"):
        autograd.as_tensor(2**63)
    assert autograd.tensor(-2**63).tolist() == -9223372036854775808
    assert autograd.tensor([0.5, 2**63]).tolist() == [0.5, 9.223372036854776e+18]  # a float


def test_sizes_are_required_and_may_be_given_as_size():
    # torch: zeros() is a TypeError (before: a 0-d Tensor); size= is accepted
    for make in (autograd.zeros, autograd.ones, autograd.empty, autograd.rand, autograd.randn):
        with pytest.raises(TypeError, match="missing 1 required positional argument: 'size'"):
            make()
        assert make(size=(2, 3)).shape == (2, 3)
        assert make(size=[4]).shape == (4,)
        assert make(size=()).shape == ()
        with pytest.raises(TypeError, match="multiple values for argument 'size'"):
            make(2, size=(2,))
        with pytest.raises(TypeError, match="unexpected keyword argument 'shape'"):
            make(shape=(2,))
    assert autograd.ones(size=(2,), dtype=autograd.int32).tolist() == [1, 1]


def test_full_takes_the_dtype_of_a_tensor_fill_value_by_kind_and_refuses_overflow():
    # torch: a 0-d Tensor fill value is read as a number: float32 gives the default float,
    # int32 int64 (before: float32, int32)
    assert autograd.full((2,), autograd.tensor(1.5, dtype=autograd.float32)).dtype == np.float64
    t = autograd.full((2,), autograd.tensor(1, dtype=autograd.int32))
    assert t.dtype == np.int64 and t.tolist() == [1, 1]
    assert autograd.full((2,), autograd.tensor(True)).dtype == np.bool_
    # torch: RuntimeError "value cannot be converted to type uint8_t without overflow"
    # (before: 300 wrapped to 44, 2**63 to -2**63, nan to -2**63)
    for size, value, dtype in [((2,), 300, autograd.uint8), ((2,), 2**63, None),
                               ((2,), float("nan"), autograd.int64),
                               ((2,), 1e300, autograd.float32), ((2,), -300, autograd.uint8)]:
        with pytest.raises(RuntimeError, match="full: fill_value .* without overflow"):
            autograd.full(size, value, dtype=dtype)
    for like, value in [(autograd.zeros(2, dtype=autograd.uint8), 300),
                        (autograd.tensor([1, 2]), float("nan")),
                        (autograd.zeros(2, dtype=autograd.int8), 200)]:
        with pytest.raises(RuntimeError, match="full_like: fill_value .* without overflow"):
            autograd.full_like(like, value)
    # what torch accepts: -1 into uint8 is 255, a float into int64 truncates
    assert autograd.full((2,), -1, dtype=autograd.uint8).tolist() == [255, 255]
    assert autograd.full_like(autograd.zeros(2, dtype=autograd.uint8), -1).tolist() == [255, 255]
    assert autograd.full_like(autograd.tensor([1, 2]), -2.7).tolist() == [-2, -2]
    assert autograd.full_like(autograd.zeros(2, dtype=autograd.bool), 5).tolist() == [True, True]
    assert autograd.full((2,), float("inf"), dtype=autograd.float32).tolist() == [
        float("inf"), float("inf")]


def test_randint_refuses_bounds_its_dtype_cannot_hold():
    # torch: RuntimeError "to - 1 is out of bounds for unsigned char" (before: draws up to
    # 299 wrapped into uint8); a ValueError here, as gradproof's other bad bounds
    for call in (lambda: autograd.randint(300, (3,), dtype=autograd.uint8),
                 lambda: autograd.randint(-1, 5, (3,), dtype=autograd.uint8),
                 lambda: autograd.randint(0, 129, (3,), dtype=autograd.int8),
                 lambda: autograd.randint(0, 3, (3,), dtype=autograd.bool),
                 lambda: autograd.randint_like(autograd.zeros(2, dtype=autograd.uint8), 300)):
        with pytest.raises(ValueError, match="randint: low=.* must be within"):
            call()
    assert autograd.randint(0, 256, (50,), dtype=autograd.uint8).dtype == np.uint8
    assert autograd.randint(-128, 0, (3,), dtype=autograd.int8).data.max() < 0
    assert autograd.randint(0, 2, (3,), dtype=autograd.bool).dtype == np.bool_


def test_arange_values_and_integer_dtypes_are_pytorchs():
    # torch: start + i * step (before: numpy's 1.2000000000000002, 1.3000000000000003)
    assert autograd.arange(1, 1.3, 0.1).tolist() == [1.0, 1.1, 1.2, 1.3]
    assert autograd.arange(1, 1.3, 0.1, dtype=autograd.float32).tolist() == [
        1.0, 1.100000023841858, 1.2000000476837158, 1.2999999523162842]
    # torch: an integer dtype truncates the bounds first (before: [0, 1, 2], [0, 0, 1])
    assert autograd.arange(0, 2.9, 1, dtype=autograd.int64).tolist() == [0, 1]
    assert autograd.arange(-0.5, 2.5, dtype=autograd.int64).tolist() == [0, 1]
    assert autograd.arange(0.5, 3.7, 1.2, dtype=autograd.int64).tolist() == [0, 1, 2]
    assert autograd.arange(5, 0, -1.5, dtype=autograd.int64).tolist() == [5, 4, 3, 2, 1]
    t = autograd.arange(-1.5, 2.9, dtype=autograd.int32)  # torch counts from -1.5, 2.9
    assert t.dtype == np.int32 and t.tolist() == [-1, 0, 1, 2, 3]
    with pytest.raises(ValueError, match="arange: step must be nonzero"):
        autograd.arange(0, 1, 0.3, dtype=autograd.int64)  # the step truncates to 0
    # torch: arange(end=4) and arange(1, end=4); arange() is a TypeError
    assert autograd.arange(end=4).tolist() == [0, 1, 2, 3]
    assert autograd.arange(1, end=4).tolist() == [1, 2, 3]
    with pytest.raises(TypeError, match="arange.*'end'"):
        autograd.arange()
    with pytest.raises(ValueError, match="arange: unsupported range: 0 -> inf"):
        autograd.arange(float("inf"))  # before: numpy's "Maximum allowed size exceeded"


def test_linspace_uses_pytorchs_two_ended_formula():
    # torch: the second half counts back from end (before: 0.6666666666666666)
    assert autograd.linspace(0, 1, 7).tolist() == [
        0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666667,
        0.8333333333333334, 1.0]
    assert autograd.linspace(0, 1, 4).tolist() == [
        0.0, 0.3333333333333333, 0.6666666666666667, 1.0]
    assert autograd.linspace(0, 1, 1).tolist() == [0.0]
    assert autograd.linspace(2, 2, 3).tolist() == [2.0, 2.0, 2.0]
    assert autograd.linspace(0, 10, 7, dtype=autograd.int64).tolist() == [0, 1, 3, 5, 6, 8, 10]
    assert autograd.linspace(0, 1, 0).shape == (0,)


def test_normal_takes_the_dtype_of_its_tensor_mean_or_std():
    # torch: float32 (before: float64, from the Python float beside it)
    f32 = autograd.zeros(3, dtype=autograd.float32)
    assert autograd.normal(f32, 1.0).dtype == np.float32
    assert autograd.normal(1.0, f32 + 1).dtype == np.float32
    assert autograd.normal(f32, autograd.ones(3)).dtype == np.float32  # mean's dtype
    assert autograd.normal(0.0, 1.0, (2,)).dtype == np.float64


def test_char_is_int8():
    t = autograd.tensor([1.7, -1.7]).char()  # torch: tensor([ 1, -1], dtype=torch.int8)
    assert t.dtype == np.int8 and t.tolist() == [1, -1]


def test_logspace_and_the_triangle_index_grids_are_pytorch_s():
    # torch 2.13 (default dtype float64): the values below are its, printed with tolist()
    assert autograd.logspace(0, 2, 5).tolist() == [1.0, 3.1622776601683795, 10.0,
                                                    31.622776601683793, 100.0]
    assert autograd.logspace(-1, 3, 9, base=3.0).tolist() == [
        0.3333333333333333, 0.5773502691896257, 1.0, 1.7320508075688772, 3.0,
        5.196152422706632, 9.0, 15.588457268119896, 27.0]
    assert autograd.logspace(0, 3, 4, dtype=autograd.int64).tolist() == [1, 10, 100, 1000]
    assert autograd.logspace(1, 1, 1).tolist() == [10.0]
    assert autograd.logspace(0, 1, 0).shape == (0,)
    assert autograd.tril_indices(3, 4, 1).tolist() == [[0, 0, 1, 1, 1, 2, 2, 2, 2],
                                                       [0, 1, 0, 1, 2, 0, 1, 2, 3]]
    assert autograd.tril_indices(4, 3, -1).tolist() == [[1, 2, 2, 3, 3, 3], [0, 0, 1, 0, 1, 2]]
    assert autograd.triu_indices(4, 3, -1).tolist() == [[0, 0, 0, 1, 1, 1, 2, 2, 3],
                                                        [0, 1, 2, 0, 1, 2, 1, 2, 2]]
    assert autograd.triu_indices(0, 3).shape == (2, 0)
    assert autograd.tril_indices(3, 3, dtype=autograd.int32).dtype == np.int32
    with pytest.raises(ValueError, match="tril_indices: row must be non-negative, got -1"):
        autograd.tril_indices(-1, 3)
    with pytest.raises(TypeError, match="tril_indices: dtype must be an integer dtype"):
        autograd.tril_indices(3, 3, dtype=autograd.float64)


def test_dtype_functions_answer_as_pytorch_s():
    # torch 2.13's answers, written in
    assert autograd.promote_types(autograd.int32, autograd.float32) == np.float32
    assert autograd.promote_types(autograd.uint8, autograd.int8) == np.int16
    assert autograd.promote_types(autograd.float16, autograd.int64) == np.float16
    assert [autograd.can_cast(a, b) for a, b in [
        (autograd.float64, autograd.float32), (autograd.float32, autograd.int32),
        (autograd.uint8, autograd.int8), (autograd.int64, autograd.bool_),
        (autograd.bool_, autograd.uint8)]] == [True, False, True, False, True]
    f = autograd.finfo(autograd.float32)
    assert (f.eps, f.max, f.tiny, f.resolution, f.bits) == (
        1.1920928955078125e-07, 3.4028234663852886e+38, 1.1754943508222875e-38, 1e-06, 32)
    assert autograd.finfo().dtype == autograd.get_default_dtype()
    i = autograd.iinfo(autograd.int16)
    assert (i.max, i.min, i.bits) == (32767, -32768, 16)
    with pytest.raises(TypeError, match="finfo: requires a floating point dtype"):
        autograd.finfo(autograd.int32)
    with pytest.raises(TypeError, match="iinfo: requires an integer dtype"):
        autograd.iinfo(autograd.float32)
