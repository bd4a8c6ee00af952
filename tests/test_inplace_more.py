"""PyTorch's other in-place methods (x.exp_(), x.clamp_min_(), x.scatter_reduce_(), x.t_(),
the random fills), the bitwise ops with PyTorch's dtypes, //= %= &= |= ^= <<= >>= in place,
int add_/sub_ with alpha, and the differentiable index_add, index_copy, index_fill,
masked_scatter and scatter_reduce. The cases are code that runs unchanged on both libraries
(tests/inplace_cases.py); PyTorch's numbers for them are in tests/torch_numbers_inplace.py,
printed by tests/torch_reference_inplace.py."""

import math
import zlib

import numpy as np
import pytest
from inplace_cases import CODE, GRADS
from torch_numbers_inplace import TORCH_CODE, TORCH_GRADS

import autograd
from autograd import Tensor, no_grad

lib = autograd
nan, inf = math.nan, math.inf


def t(values, dtype="int64"):
    """A Tensor of the dtype named (int64 by default), as the reference script's."""
    return autograd.tensor(values, dtype=np.bool_ if dtype == "bool" else getattr(np, dtype))


def f(values):
    return autograd.tensor(values, dtype=np.float64)


def _space(**more):
    return {"lib": lib, "t": t, "f": f, "nan": nan, "inf": inf, **more}


# ------------------------------------------------------------ values and dtypes


def _numbers(cases, numbers):
    """(case, PyTorch's numbers) pairs, checked to be numbers printed for this code."""
    assert len(numbers) == len(cases), "tests/torch_numbers_inplace.py is stale: reprint it"
    for case, (crc, _) in zip(cases, numbers, strict=True):
        code = case if isinstance(case, str) else case[0]
        assert zlib.crc32(code.encode()) == crc, f"stale numbers for {code!r}: reprint them"
    return [(case, expected) for case, (_, expected) in zip(cases, numbers, strict=True)]


@pytest.mark.parametrize(("code", "expected"), _numbers(CODE, TORCH_CODE), ids=CODE)
def test_in_place_forms_bitwise_ops_and_their_dtypes_are_pytorchs(code, expected):
    space = _space()
    if expected[0] == "raises":  # (an int Tensor's sqrt_ computes, with numpy's warning)
        with pytest.raises((TypeError, ValueError, ZeroDivisionError)), np.errstate(all="ignore"):
            exec(code, space)  # noqa: S102 (the table's code)
        return
    exec(code, space)  # noqa: S102
    if expected == ("no error",):
        return
    values, dtype = expected
    out = space["out"]
    assert isinstance(out, Tensor), code
    assert str(out.dtype) == dtype, code
    np.testing.assert_array_equal(np.isnan(out.data) if out.dtype.kind == "f" else False,
                                  np.isnan(np.asarray(values, dtype=float)))
    np.testing.assert_allclose(out.data.astype(float), np.asarray(values, dtype=float),
                               rtol=1e-15, atol=0, equal_nan=True, err_msg=code)


# ------------------------------------------------------------------- gradients


def _array(g):
    """A gradient's numbers: a Tensor's (create_graph=True) or the array itself."""
    return g.data if isinstance(g, Tensor) else np.asarray(g)


def _weights(n, phase):
    return np.array([math.cos(1.3 * k + phase) for k in range(n)])


@pytest.mark.parametrize(("case", "expected"), _numbers(GRADS, TORCH_GRADS),
                         ids=[code for code, _ in GRADS])
def test_index_add_and_kin_have_pytorchs_values_and_gradients(case, expected):
    code, leaves = case
    nodes = {k: Tensor(np.array(v, dtype=np.float64), requires_grad=True)
             for k, v in leaves.items()}
    space = _space(**nodes)
    exec(code, space)  # noqa: S102
    out = space["out"]
    np.testing.assert_allclose(out.data, expected["out"], rtol=1e-13, atol=1e-15)
    w = _weights(out.data.size, 0.0).reshape(out.shape)
    twice = not isinstance(expected["seconds"], str)  # (else PyTorch has no second derivative)
    firsts = autograd.grad((out * w).sum(), list(nodes.values()), create_graph=twice,
                           materialize_grads=True)
    for name, g in zip(nodes, firsts, strict=True):
        np.testing.assert_allclose(_array(g), expected["grads"][name], rtol=1e-13, atol=1e-15)
    if not twice:  # (gradproof refuses it too: see the test below)
        assert expected["seconds"].startswith("raises: scatter_reduce(): Double backward")
        return
    second = sum((g * _weights(g.data.size, 0.5).reshape(g.shape)).sum() for g in firsts)
    if getattr(second, "requires_grad", False):
        seconds = autograd.grad(second, list(nodes.values()), materialize_grads=True)
    else:  # the first derivatives are constants
        seconds = [np.zeros(n.shape) for n in nodes.values()]
    for name, g in zip(nodes, seconds, strict=True):
        np.testing.assert_allclose(_array(g), expected["seconds"][name], rtol=1e-13,
                                   atol=1e-15)


def test_prod_with_two_zeros_at_one_place_refuses_a_second_derivative_as_pytorch():
    x = Tensor([2.0, 3.0], requires_grad=True)
    s = Tensor([0.0, 0.0, 4.0], requires_grad=True)
    out = x.scatter_reduce(0, [1, 1, 0], s, "prod")
    g = autograd.grad(out.sum(), [x, s])  # first order: fine (PyTorch's numbers above)
    np.testing.assert_array_equal(g[1], [0.0, 0.0, 2.0])
    with pytest.raises(RuntimeError, match="second derivative for src is not supported"):
        autograd.grad(out.sum(), [x, s], create_graph=True)


def test_index_copy_gives_an_overwritten_entry_no_gradient():
    # PyTorch: with a repeated index "the result is undefined" (its CPU keeps the last write,
    # as here) and every entry gets a gradient; here the overwritten one gets 0, its true one
    x = Tensor(np.zeros((2, 2)), requires_grad=True)
    s = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    out = x.index_copy(0, [1, 1], s)
    np.testing.assert_array_equal(out.data, [[0.0, 0.0], [3.0, 4.0]])
    out.sum().backward()
    np.testing.assert_array_equal(s.grad, [[0.0, 0.0], [1.0, 1.0]])
    np.testing.assert_array_equal(x.grad, [[1.0, 1.0], [0.0, 0.0]])


# ------------------------------------------------------------------------- rules


@pytest.mark.parametrize("update", [
    lambda w: w.exp_(), lambda w: w.clamp_min_(0.0), lambda w: w.masked_fill_([True, False], 0.0),
    lambda w: w.index_add_(0, [0], Tensor([1.0])), lambda w: w.normal_(),
    lambda w: w.uniform_(), lambda w: w.t_(), lambda w: w.scatter_(0, [0], 1.0)])
def test_a_leaf_that_requires_grad_refuses_them_in_grad_mode(update):
    w = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used "
                                           "in an in-place operation"):
        update(w)
    np.testing.assert_array_equal(w.data, [1.0, 2.0])
    with no_grad():
        assert update(w) is w  # PyTorch's way: under no_grad the leaf changes in place
    assert w.requires_grad and w.is_leaf


@pytest.mark.parametrize(("update", "values", "grad"), [
    # PyTorch: w = [1, 2]; y = w * 2; update(y); y.sum().backward(); w.grad
    (lambda y: y.exp_(), np.exp([2.0, 4.0]), 2 * np.exp([2.0, 4.0])),
    (lambda y: y.scatter_reduce_(0, [0], Tensor([1.0]), "sum"), [3.0, 4.0], [2.0, 2.0]),
    (lambda y: y.normal_(), None, [0.0, 0.0])])
def test_on_a_non_leaf_they_are_recorded_in_the_graph(update, values, grad):
    w = Tensor([1.0, 2.0], requires_grad=True)
    y = w * 2.0
    assert update(y) is y and not y.is_leaf
    if values is not None:
        np.testing.assert_allclose(y.data, values, rtol=1e-15)
    y.sum().backward()
    np.testing.assert_allclose(w.grad, grad, rtol=1e-15)


def test_a_shape_op_on_a_non_leaf_names_the_functional_form():
    y = Tensor([1.0, 2.0], requires_grad=True) * 2.0
    with pytest.raises(RuntimeError, match=r"x = x\.squeeze"):
        y.squeeze_()
    np.testing.assert_array_equal(y.data, [2.0, 4.0])


def test_an_operand_that_requires_grad_joins_the_graph():
    # PyTorch: x = [1, 2]; x.lerp_(end, 0.5); x.sum().backward(): end.grad [0.5, 0.5]
    x, end = Tensor([1.0, 2.0]), Tensor([3.0, 3.0], requires_grad=True)
    assert x.lerp_(end, 0.5) is x and x.requires_grad
    np.testing.assert_array_equal(x.data, [2.0, 2.5])
    x.sum().backward()
    np.testing.assert_array_equal(end.grad, [0.5, 0.5])
    x2 = Tensor([1.0, 2.0])
    with no_grad():
        x2.lerp_(end, 0.5)
    np.testing.assert_array_equal(x2.data, [2.0, 2.5])
    assert not x2.requires_grad


def test_holders_of_the_array_see_the_change_and_shape_ops_keep_sharing_it():
    x = Tensor([[1.0, 4.0, 9.0]])
    alias = x.data
    view = x.detach()[0, 1:]
    assert x.sqrt_() is x
    np.testing.assert_array_equal(alias, [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(view.data, [2.0, 3.0])
    x.squeeze_(0).unsqueeze_(1).t_()
    assert x.shape == (1, 3) and np.shares_memory(x.data, alias)
    x.mul_(10.0)  # through the new view, into the old array
    np.testing.assert_array_equal(alias, [[10.0, 20.0, 30.0]])


def test_a_result_that_does_not_fit_is_refused_and_nothing_changes():
    x = Tensor([1.0, 2.0])
    with pytest.raises(ValueError, match=r"masked_fill_: mask of shape \(2, 2\) does not "
                                         r"broadcast to the Tensor's shape \(2,\)"):
        x.masked_fill_(np.array([[True, False], [False, True]]), 0.0)
    with pytest.raises(ValueError, match=r"masked_scatter_: the result has shape \(2, 2\)"):
        x.masked_scatter_(np.array([[True, False], [False, True]]), Tensor([5.0, 6.0]))
    i = t([1, 2])
    with pytest.raises(TypeError, match="exp_: result type float64 can't be cast to the "
                                        r"Tensor's dtype int64 .* x = x\.exp\(\.\.\.\)"):
        i.exp_()
    np.testing.assert_array_equal(x.data, [1.0, 2.0])
    np.testing.assert_array_equal(i.data, [1, 2])


def test_a_value_argument_is_named():
    with pytest.raises(TypeError, match="eq_: other is a Value"):
        Tensor([1.0]).eq_(autograd.Value(1.0))


def test_the_operators_change_the_tensor_itself_in_a_graph_too():
    x = t([7, -7])
    same = x
    x //= 2
    x %= 3
    x <<= 2
    x |= 1
    assert x is same
    np.testing.assert_array_equal(same.data, [0 * 4 + 1, 2 * 4 + 1])  # [3, -4] % 3 = [0, 2]
    w = Tensor([5.0, -3.0], requires_grad=True)
    y = w * 1.0
    before = y
    y //= 2.0  # a non-leaf: changed in the graph, as PyTorch (floor's gradient is 0)
    assert y is before
    np.testing.assert_array_equal(y.data, [2.0, -2.0])
    y.sum().backward()
    np.testing.assert_array_equal(w.grad, [0.0, 0.0])


def test_numpy_shifts_reach_the_tensor():
    x = t([1, 2, 3])
    out = np.left_shift(np.array([1, 1, 1]), x)
    assert isinstance(out, Tensor) and out.tolist() == [2, 4, 8]
    assert (np.array([16, 16, 16]) >> x).tolist() == [8, 4, 2]


# ---------------------------------------------------------------- random fills


def test_the_random_fills_draw_from_the_seeded_generator():
    autograd.manual_seed(3)
    a = Tensor(np.zeros(5)).normal_(2.0, 0.5)
    autograd.manual_seed(3)
    b = Tensor(np.zeros(5)).normal_(2.0, 0.5)
    np.testing.assert_array_equal(a.data, b.data)
    np.testing.assert_array_equal(a.data, np.random.default_rng(3).normal(2.0, 0.5, 5))
    mine = np.random.default_rng(7)
    c = Tensor(np.zeros(3)).uniform_(-1.0, 1.0, generator=mine)
    np.testing.assert_array_equal(c.data, np.random.default_rng(7).uniform(-1.0, 1.0, 3))


@pytest.mark.parametrize(("fill", "mean", "var"), [
    (lambda x: x.normal_(1.0, 2.0), 1.0, 4.0),
    (lambda x: x.uniform_(-1.0, 3.0), 1.0, 16 / 12),
    (lambda x: x.uniform_(**{"from": 2.0, "to": 4.0}), 3.0, 4 / 12),
    (lambda x: x.exponential_(4.0), 0.25, 1 / 16),
    (lambda x: x.geometric_(0.25), 4.0, 0.75 / 0.25 ** 2),
    (lambda x: x.log_normal_(0.0, 0.5), math.exp(0.125), (math.exp(0.25) - 1) * math.exp(0.25)),
    (lambda x: x.bernoulli_(0.3), 0.3, 0.21),
    (lambda x: x.random_(10), 4.5, 99 / 12),
    (lambda x: x.random_(-3, 2), -1.0, 2.0),
])
def test_the_random_fills_have_pytorchs_distributions(fill, mean, var):
    autograd.manual_seed(0)
    x = Tensor(np.zeros(200_000))
    assert fill(x) is x and x.dtype == np.float64
    assert x.data.mean() == pytest.approx(mean, rel=0.02, abs=0.01)
    assert x.data.var() == pytest.approx(var, rel=0.03)


def test_the_random_fills_keep_the_dtype_and_pytorchs_ranges():
    autograd.manual_seed(1)
    cauchy = Tensor(np.zeros(100_001)).cauchy_(1.0, 2.0).data
    assert np.median(cauchy) == pytest.approx(1.0, abs=0.05)
    assert np.median(np.abs(cauchy - 1.0)) == pytest.approx(2.0, rel=0.03)  # sigma: half IQR
    assert Tensor(np.zeros(3, dtype=np.float32)).normal_().dtype == np.float32
    u8 = t([0] * 2000, "uint8").random_()
    assert u8.dtype == np.uint8 and u8.data.min() == 0 and u8.data.max() == 255
    i8 = t([0] * 2000, "int8").random_(-5, None)
    assert i8.data.min() == -5 and i8.data.max() == 127
    f16 = Tensor(np.zeros(20_000, dtype=np.float16)).random_()
    assert f16.data.max() <= 2048 and np.all(f16.data == np.round(f16.data))
    flags = t([False] * 100, "bool").random_()
    assert flags.dtype == np.bool_ and 0 < flags.data.sum() < 100
    ones = t([0, 0, 0]).bernoulli_(Tensor([0.0, 1.0, 1.0]))
    np.testing.assert_array_equal(ones.data, [0, 1, 1])
    assert t([0] * 50).geometric_(0.5).data.min() >= 1
    big = t([0] * 1000).random_()
    assert big.data.min() >= 0 and big.data.max() > 2 ** 60  # int64's whole range


@pytest.mark.parametrize(("call", "error", "message"), [
    # PyTorch's words, in gradproof's errors
    (lambda: t([1, 2]).normal_(), TypeError, "normal_: draws real numbers, so it needs a "
                                             "floating-point Tensor"),
    (lambda: t([1, 2]).exponential_(), TypeError, "exponential_: draws real numbers"),
    (lambda: Tensor([0.0]).normal_(0.0, -1.0), ValueError, "normal_: std must be >= 0, got -1.0"),
    (lambda: Tensor([0.0]).uniform_(2.0, 1.0), ValueError, "uniform_: expected finite bounds "
                                                           "from <= to, got from=2.0, to=1.0"),
    (lambda: Tensor([0.0]).uniform_(a=1), TypeError, "unexpected keyword argument 'a'"),
    (lambda: Tensor([0.0]).exponential_(0), ValueError, "exponential_: lambd must be > 0"),
    (lambda: Tensor([0.0]).geometric_(1.0), ValueError, r"geometric_: p must be in \(0, 1\)"),
    (lambda: Tensor([0.0]).bernoulli_(1.5), ValueError, r"bernoulli_: p must be in \[0, 1\]"),
    (lambda: Tensor([0.0, 0.0]).bernoulli_([0.5, 0.5, 0.5]), ValueError, "does not broadcast"),
    (lambda: Tensor([0.0]).log_normal_(0.0, 0.0), ValueError, "log_normal_: std must be > 0"),
    (lambda: Tensor([0.0]).cauchy_(0.0, -1.0), ValueError, "cauchy_: sigma must be > 0"),
    (lambda: Tensor([0.0]).random_(5, 2), ValueError, "random_: expected from < to, got "
                                                      "from=5, to=2"),
    (lambda: t([0], "uint8").random_(0, 300), ValueError, r"random_: \[from, to\) = \[0, 300\) "
                                                          r"is out of the range of uint8"),
    (lambda: Tensor([0.0]).random_(2.5), TypeError, "random_: from must be an int, got 2.5"),
    (lambda: Tensor([0.0]).normal_(generator=3), TypeError, "normal_: generator must be a numpy "
                                                            "Generator"),
])
def test_bad_fill_arguments_are_refused_as_pytorch(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --------------------------------------------------------- errors of the new ops


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: f([1.0]).index_add(0, [0], t([1])), TypeError,
     "index_add: source has dtype int64, expected the Tensor's dtype float64"),
    (lambda: f([[1.0, 2.0]]).index_add(1, [0, 1, 0], f([[1.0, 2.0]])), ValueError,
     r"index_add: source of shape \(1, 2\) does not fit: expected \(1, 3\)"),
    (lambda: f([1.0]).index_add(0, [[0]], f([1.0])), ValueError,
     r"index_add: index must be 0-d or 1-D"),
    (lambda: f([1.0, 2.0]).index_add(0, [2], f([1.0])), IndexError,
     "index_add: index 2 is out of range for dim 0 of size 2"),
    (lambda: t([1]).index_add(0, [0], t([1]), alpha=2.5), TypeError,
     "index_add: for integer Tensors, alpha must not be a floating point number"),
    (lambda: f([1.0]).index_fill(0, [0], f([1.0])), ValueError,
     r"index_fill: value must be a number or a 0-d Tensor, got a Tensor of shape \(1,\)"),
    (lambda: f([1.0, 2.0]).masked_scatter([True, True], f([1.0])), ValueError,
     "masked_scatter: source has 1 elements, fewer than the 2 places"),
    (lambda: f([1.0]).masked_scatter(t([1]), f([1.0])), TypeError,
     "masked_scatter: mask must be boolean"),
    (lambda: f([1.0]).scatter_reduce(0, [0], f([1.0]), "max"), ValueError,
     "scatter_reduce: reduce must be one of 'sum', 'prod', 'mean', 'amax', 'amin'"),
    (lambda: f([1.0]).scatter_reduce(0, [0], t([1]), "sum"), TypeError,
     "scatter_reduce: src has dtype int64, expected the Tensor's dtype float64"),
    (lambda: t([True], "bool").scatter_reduce(0, [0], t([True], "bool"), "mean"), TypeError,
     "reduce='mean' takes numbers"),
    (lambda: t([1]) & "a", TypeError, r"unsupported operand type\(s\) for &"),
    (lambda: t([1]).bitwise_and(1.5), TypeError, "bitwise_and: other must be bools or integers, "
                                                 "got 1.5"),
    (lambda: t([1]) ^ 2 ** 64, OverflowError, r"\^: 18446744073709551616 is out of the range"),
])
def test_bad_arguments_of_the_new_ops_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
