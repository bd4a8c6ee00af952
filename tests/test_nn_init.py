"""nn.init: PyTorch's formulas, exact bounds, statistics, gains and seeding.

Statistical checks draw 10**6 numbers from a fixed seed and allow 5 standard errors: for a
mean that is 5 * sigma / sqrt(n), for a standard deviation 5 * sigma * sqrt((kurtosis - 1)
/ (4n)) (kurtosis 1.8 for a uniform, 3 for a normal), so an honest draw fails about once
in 10**6 seeds, while a wrong formula (a factor sqrt(2) or sqrt(3) off) fails by hundreds of
standard errors.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from torch_numbers import TORCH_GAINS

import nn
from autograd import Tensor, Value
from nn import init

N = 10**6


def _big(shape=(1000, 1000), dtype=np.float64):
    return nn.Parameter(np.zeros(shape), dtype=dtype)


def _check_moments(x, mean, std, kurtosis):
    n = x.size
    assert abs(x.mean() - mean) < 5 * std / math.sqrt(n)
    assert abs(x.std() - std) < 5 * std * math.sqrt((kurtosis - 1) / (4 * n))


def test_uniform_bounds_and_moments():
    w = _big()
    array = w.data
    assert init.uniform_(w, -2.0, 3.0, generator=np.random.default_rng(0)) is w
    assert w.data is array  # in place: an optimizer holding the array sees the values
    x = w.data
    assert x.min() >= -2.0 and x.max() < 3.0
    # the extremes of 10**6 draws lie within 5e-5 of the bounds: (1 - 1e-5)**1e6 = e**-10
    assert x.min() < -2.0 + 5 * 5e-5 and x.max() > 3.0 - 5 * 5e-5
    _check_moments(x, 0.5, 5 / math.sqrt(12), kurtosis=1.8)
    # PyTorch's uniform_ takes from == to (from <= to): every value is that bound, as
    # xavier_uniform_(gain=0) asks
    assert init.uniform_(Tensor(np.ones(3)), 0.5, 0.5).data.tolist() == [0.5, 0.5, 0.5]
    assert init.xavier_uniform_(Tensor(np.ones((2, 3))), gain=0.0).data.tolist() == [
        [0.0] * 3] * 2


def test_normal_moments():
    w = init.normal_(_big(), mean=1.5, std=0.2, generator=np.random.default_rng(1))
    _check_moments(w.data, 1.5, 0.2, kurtosis=3.0)


def _truncated_moments(mean, std, a, b):
    """Mean and std of N(mean, std**2) restricted to [a, b], from the textbook formulas."""
    alpha, beta = (a - mean) / std, (b - mean) / std

    def pdf(z):
        return math.exp(-z * z / 2) / math.sqrt(2 * math.pi)

    def cdf(z):
        return (1 + math.erf(z / math.sqrt(2))) / 2

    mass = cdf(beta) - cdf(alpha)
    shift = (pdf(alpha) - pdf(beta)) / mass
    variance = 1 + (alpha * pdf(alpha) - beta * pdf(beta)) / mass - shift**2
    return mean + std * shift, std * math.sqrt(variance)


@pytest.mark.parametrize(("mean", "std", "a", "b"), [
    (0.0, 1.0, -2.0, 2.0),   # most draws inside: rejection of the normal draws
    (0.0, 1.0, 1.0, 3.0),    # 16% inside: uniform proposals, accepted by the density
    (0.5, 0.02, -2.0, 2.0),  # PyTorch's defaults with a small std: bounds never reached
])
def test_trunc_normal_bounds_and_moments(mean, std, a, b):
    x = init.trunc_normal_(_big(), mean, std, a, b, generator=np.random.default_rng(2)).data
    assert x.min() >= a and x.max() <= b
    want_mean, want_std = _truncated_moments(mean, std, a, b)
    # a truncated normal's kurtosis is at most 3 (bounded tails): 3 is a safe bound here
    _check_moments(x, want_mean, want_std, kurtosis=3.0)


def test_trunc_normal_warns_when_the_mean_is_far_from_the_bounds():
    with pytest.warns(UserWarning, match="mean is more than 2 std from"):
        init.trunc_normal_(_big((10,)), mean=10.0, std=1.0, a=-1.0, b=1.0)


def test_constants_eye_and_dirac():
    w = nn.Parameter(np.ones((2, 3)))
    assert init.zeros_(w) is w and w.data.tolist() == [[0.0] * 3] * 2
    assert init.ones_(w).data.tolist() == [[1.0] * 3] * 2
    assert init.constant_(w, 0.25).data.tolist() == [[0.25] * 3] * 2
    assert init.eye_(w).data.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    conv = Tensor(np.ones((4, 2, 3, 3)))
    init.dirac_(conv)
    assert conv.data.sum() == 2 and conv.data[0, 0, 1, 1] == 1 and conv.data[1, 1, 1, 1] == 1
    init.dirac_(conv, groups=2)  # each group of 2 output channels copies inputs 0 and 1
    assert [tuple(i) for i in np.argwhere(conv.data)] == [
        (0, 0, 1, 1), (1, 1, 1, 1), (2, 0, 1, 1), (3, 1, 1, 1)]


@pytest.mark.parametrize(("shape", "fans"), [
    ((5, 3), (3, 5)), ((16, 8, 3, 3), (72, 144)), ((4, 2, 5), (10, 20)),
    ((2, 3, 1, 2, 2), (12, 8)),
])
def test_fans_are_pytorchs(shape, fans):
    assert init._calculate_fan_in_and_fan_out(Tensor(np.zeros(shape))) == fans


def test_xavier_bounds_and_std():
    w = _big((500, 2000))  # fan_in 2000, fan_out 500
    init.xavier_uniform_(w, gain=2.0, generator=np.random.default_rng(3))
    bound = 2.0 * math.sqrt(6.0 / 2500)
    assert np.abs(w.data).max() <= bound and np.abs(w.data).max() > bound * (1 - 5e-5)
    _check_moments(w.data, 0.0, bound / math.sqrt(3), kurtosis=1.8)
    init.xavier_normal_(w, gain=0.5, generator=np.random.default_rng(4))
    _check_moments(w.data, 0.0, 0.5 * math.sqrt(2.0 / 2500), kurtosis=3.0)


def test_kaiming_uniform_bounds():
    w = _big((250, 40, 10, 10))  # fan_in 4000, fan_out 25000
    init.kaiming_uniform_(w, nonlinearity="relu", generator=np.random.default_rng(5))
    bound = math.sqrt(2.0) * math.sqrt(3.0 / 4000)
    assert np.abs(w.data).max() <= bound and np.abs(w.data).max() > bound * (1 - 5e-5)
    init.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu")
    assert np.abs(w.data).max() <= math.sqrt(2.0) * math.sqrt(3.0 / 25000)


def test_kaiming_uniform_with_a_sqrt5_is_linears_default():
    # nn.Linear draws from U(-1/sqrt(in), 1/sqrt(in)); PyTorch writes it as this call
    w = nn.Parameter(np.zeros((10, 7)))
    init.kaiming_uniform_(w, a=math.sqrt(5), generator=np.random.default_rng(6))
    linear = nn.Linear(7, 10, generator=np.random.default_rng(6))
    np.testing.assert_allclose(w.data, linear.weight.data, rtol=1e-15)


def test_kaiming_normal_std():
    w = _big((1000, 1000))
    init.kaiming_normal_(w, a=0.2, generator=np.random.default_rng(7))  # leaky_relu, fan_in
    _check_moments(w.data, 0.0, math.sqrt(2.0 / (1 + 0.04)) / math.sqrt(1000), kurtosis=3.0)


def test_kaiming_of_an_empty_tensor_warns_and_does_nothing():
    w = Tensor(np.zeros((0, 3)))
    with pytest.warns(UserWarning, match="zero-element tensors is a no-op"):
        assert init.kaiming_uniform_(w) is w


@pytest.mark.parametrize("name", sorted(TORCH_GAINS))
def test_gains_equal_pytorchs(name):
    nonlinearity, _, param = name.partition(" ")
    value = {"": None, "0.2": 0.2, "sqrt(5)": 5**0.5, "3": 3}[param]
    assert init.calculate_gain(nonlinearity, value) == TORCH_GAINS[name]


@pytest.mark.parametrize(("shape", "gain"), [((30, 50), 1.0), ((50, 30), 2.0),
                                             ((8, 4, 3, 3), 0.5), ((20, 20), 1.0)])
def test_orthogonal_is_orthogonal(shape, gain):
    w = init.orthogonal_(Tensor(np.zeros(shape)), gain=gain, generator=np.random.default_rng(8))
    flat = w.data.reshape(shape[0], -1) / gain
    small = min(flat.shape)
    gram = flat @ flat.T if flat.shape[0] == small else flat.T @ flat
    np.testing.assert_allclose(gram, np.eye(small), atol=1e-13)


def test_sparse_has_its_zeros_in_every_column():
    w = init.sparse_(Tensor(np.zeros((10, 6))), sparsity=0.25, std=1.0,
                     generator=np.random.default_rng(9))
    assert ((w.data == 0).sum(axis=0) == math.ceil(0.25 * 10)).all()


def test_manual_seed_drives_init_and_the_same_seed_repeats():
    shape = (4, 5)
    nn.manual_seed(123)
    first = init.uniform_(Tensor(np.zeros(shape)), -1.0, 1.0).data.copy()
    nn.manual_seed(123)
    again = init.uniform_(Tensor(np.zeros(shape)), -1.0, 1.0).data
    assert np.array_equal(first, again)
    # the very generator nn.manual_seed seeds: numpy's draws from that seed, in order
    assert np.array_equal(first, np.random.default_rng(123).uniform(-1.0, 1.0, shape))
    nn.manual_seed(123)
    init.normal_(Tensor(np.zeros(3)), generator=np.random.default_rng(0))  # its own
    assert np.array_equal(init.uniform_(Tensor(np.zeros(shape)), -1.0, 1.0).data, first)


def test_dtypes_values_and_arrays():
    w = nn.Parameter(np.zeros((100, 100)), dtype=np.float32)
    init.xavier_uniform_(w)
    assert w.data.dtype == np.float32 and np.abs(w.data).max() <= math.sqrt(6.0 / 200)
    v = Value(0.0)
    assert init.uniform_(v, 2.0, 3.0) is v and 2.0 <= v.data < 3.0 and type(v.data) is float
    array = np.zeros(5)
    assert init.constant_(array, 7.0) is array and array.tolist() == [7.0] * 5


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: init.uniform_(_big((2,)), 1.0, 0.0), ValueError,
     "uniform_: expected a <= b, got a=1.0, b=0.0"),
    (lambda: init.normal_(_big((2,)), std=-1.0), ValueError, "normal_: std must be >= 0"),
    (lambda: init.trunc_normal_(_big((2,)), a=1.0, b=1.0), ValueError, "expected a < b"),
    (lambda: init.uniform_([1.0, 2.0]), TypeError,
     r"uniform_: tensor must be a Tensor, .* got list \[1.0, 2.0\]"),
    (lambda: init.uniform_(_big((2,)), generator=0), TypeError, "generator must be a numpy"),
    (lambda: init.uniform_(np.zeros(2, dtype=int)), TypeError, "floating-point tensor"),
    (lambda: init.xavier_uniform_(_big((5,))), ValueError, "fewer than 2 dimensions"),
    (lambda: init.kaiming_normal_(Value(1.0)), ValueError, "fewer than 2 dimensions"),
    (lambda: init.kaiming_uniform_(_big((2, 2)), mode="fan_avg"), ValueError, "fan_avg"),
    (lambda: init.calculate_gain("gelu"), ValueError, "unsupported nonlinearity 'gelu'"),
    (lambda: init.calculate_gain("leaky_relu", True), ValueError,
     "calculate_gain: negative_slope .* must be a number, got bool True"),
    (lambda: init.eye_(_big((2, 2, 2))), ValueError, "eye_: only 2-D tensors"),
    (lambda: init.orthogonal_(_big((3,))), ValueError, "orthogonal_: only tensors of 2"),
    (lambda: init.dirac_(_big((3, 2, 2)), groups=2), ValueError, "divisible by groups"),
    (lambda: init.sparse_(_big((2, 2)), sparsity=2.0), ValueError, "sparsity must be in"),
])
def test_bad_input_names_the_function(call, error, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(error, match=message):
            call()
