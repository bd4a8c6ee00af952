"""Making Tensors: PyTorch's creation functions, their dtypes and sizes, and the one seeded
generator behind autograd's random functions, nn's initialisation and dropout."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor


@pytest.mark.parametrize("make", [autograd.zeros, autograd.ones, autograd.empty])
def test_sizes_as_arguments_or_one_sequence(make):
    assert make(2, 3).shape == (2, 3) and make((2, 3)).shape == (2, 3)
    assert make([2, 3]).shape == (2, 3) and make(()).shape == () and make(0).shape == (0,)
    assert make(2, dtype=np.float32).dtype == np.float32 and make(2).dtype == np.float64
    assert make(autograd.tensor(2)).shape == (2,)  # an int Tensor as a size
    with pytest.raises(ValueError, match=rf"{make.__name__}: size must be non-negative, got "
                                         r"\(-1,\)"):
        make(-1)
    with pytest.raises(TypeError, match=rf"{make.__name__}: size must be ints, as "
                                        rf"{make.__name__}\(2, 3\) .* got 2.5"):
        make(2.5)


def test_constants_hold_their_values():
    assert autograd.zeros(2).tolist() == [0.0, 0.0] and autograd.ones(1, 2).tolist() == [[1, 1]]
    # PyTorch: eye(2, 3) [[1, 0, 0], [0, 1, 0]]; eye(2, dtype=int64) an int64 identity
    assert autograd.eye(2, 3).tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    assert autograd.eye(2, dtype=autograd.int64).dtype == np.int64
    assert autograd.eye(3).shape == (3, 3)


def test_full_takes_its_dtype_from_the_fill_value_as_pytorch():
    # PyTorch: full((2,), 3) int64, full((2,), 3.) float32 (the default), full((2,), True) bool
    assert autograd.full((2,), 3).dtype == np.int64
    assert autograd.full((2,), 3.0).dtype == np.float64
    assert autograd.full((2,), True).dtype == np.bool_
    assert autograd.full((2, 1), 1.5, dtype=np.float32).tolist() == [[1.5], [1.5]]
    assert autograd.full(2, autograd.tensor(4)).tolist() == [4, 4]


def test_arange_is_int64_for_integers_and_float_otherwise():
    # PyTorch: arange(5) int64; arange(0., 1., 0.25) float; arange(1, 10, 3) [1, 4, 7];
    # arange(5, 0, -1) [5, 4, 3, 2, 1]; arange(-1.0, 1.0, 0.3) has 7 values
    assert autograd.arange(5).dtype == np.int64 and autograd.arange(5).tolist() == [0, 1, 2, 3, 4]
    assert autograd.arange(0.0, 1.0, 0.25).tolist() == [0.0, 0.25, 0.5, 0.75]
    assert autograd.arange(0, 1, 0.25).dtype == np.float64
    assert autograd.arange(5.0).dtype == np.float64
    assert autograd.arange(1, 10, 3).tolist() == [1, 4, 7]
    assert autograd.arange(5, 0, -1).tolist() == [5, 4, 3, 2, 1]
    np.testing.assert_allclose(autograd.arange(-1.0, 1.0, 0.3).data,
                               [-1.0, -0.7, -0.4, -0.1, 0.2, 0.5, 0.8], atol=1e-12)
    assert autograd.arange(1, 4, dtype=np.float64).tolist() == [1.0, 2.0, 3.0]
    assert autograd.arange(0).shape == (0,)
    with pytest.raises(ValueError, match="step must be nonzero"):  # PyTorch's words
        autograd.arange(0, 5, 0)
    with pytest.raises(ValueError, match="upper bound and lower bound inconsistent with step "
                                         "sign"):  # PyTorch's words
        autograd.arange(0, 5, -1)


def test_linspace_as_pytorch():
    # PyTorch: linspace(-1, 1, 5) [-1, -0.5, 0, 0.5, 1]; linspace(-1, 1, 1) [-1.];
    # linspace(0, 1, 0) []; linspace(0, 10, 5, dtype=int64) [0, 2, 5, 7, 10]
    assert autograd.linspace(-1, 1, 5).tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert autograd.linspace(-1, 1, 1).tolist() == [-1.0]
    assert autograd.linspace(0, 1, 0).tolist() == []
    assert autograd.linspace(0, 10, 5, dtype=autograd.int64).tolist() == [0, 2, 5, 7, 10]


def test_random_tensors_have_their_shapes_dtypes_and_ranges():
    r = autograd.rand(200, 3)
    assert r.shape == (200, 3) and r.dtype == np.float64
    assert 0.0 <= r.data.min() and r.data.max() < 1.0
    assert autograd.rand(2, dtype=np.float32).dtype == np.float32
    n = autograd.randn((4000,))
    assert abs(n.data.mean()) < 0.1 and abs(n.data.std() - 1.0) < 0.1
    # PyTorch: randint(5, (3,)) is int64; randint(2, 5, (3,)) in [2, 5)
    i = autograd.randint(5, (300,))
    assert i.dtype == np.int64 and set(i.tolist()) == {0, 1, 2, 3, 4}
    assert set(autograd.randint(2, 5, (300,)).tolist()) == {2, 3, 4}
    assert autograd.randint(0, 2, size=(2, 2), dtype=np.float32).dtype == np.float32
    g = autograd.normal(10.0, 0.5, (4000,))
    assert abs(g.data.mean() - 10.0) < 0.05 and abs(g.data.std() - 0.5) < 0.05
    many = autograd.normal(autograd.zeros(3), autograd.ones(3))  # PyTorch: shape (3,)
    assert many.shape == (3,) and autograd.normal(np.zeros((2, 1)), np.ones(3)).shape == (2, 3)
    with pytest.raises(TypeError, match="draws floats, so dtype must be a float type"):
        autograd.rand(2, dtype=autograd.int64)  # PyTorch: not implemented for 'Long'
    with pytest.raises(ValueError, match="high must be above low"):
        autograd.randint(5, 5, (2,))
    with pytest.raises(TypeError, match=r"randint\(high, size\) or randint\(low, high, size\)"):
        autograd.randint(5)


def test_like_functions_take_shape_and_dtype():
    ints = autograd.tensor([1, 2])
    assert autograd.zeros_like(ints).dtype == np.int64 and autograd.zeros_like(ints).shape == (2,)
    assert autograd.ones_like(autograd.tensor([True])).tolist() == [True]
    assert autograd.empty_like(np.zeros((2, 3), np.float32)).dtype == np.float32
    assert autograd.full_like(ints, 2.7).tolist() == [2, 2]  # PyTorch: [2, 2]
    assert autograd.full_like(ints, 2.7, dtype=np.float64).tolist() == [2.7, 2.7]
    assert autograd.rand_like(Tensor(np.zeros((2, 2)))).shape == (2, 2)
    assert autograd.randn_like(autograd.zeros(3, dtype=np.float32)).dtype == np.float32
    # PyTorch: randint_like(a float32 Tensor, 5) is float32: the input's dtype
    floats = autograd.randint_like(autograd.zeros(50, dtype=np.float32), 5)
    assert floats.dtype == np.float32 and set(floats.tolist()) <= {0.0, 1.0, 2.0, 3.0, 4.0}
    assert set(autograd.randint_like(ints, 3, 4).tolist()) == {3}
    with pytest.raises(TypeError, match="dtype must be a float type, got int64"):
        autograd.rand_like(ints)


def test_requires_grad_and_device_on_every_creation_function():
    x = autograd.zeros(2, requires_grad=True, device="cpu")
    assert x.requires_grad and x.is_leaf
    (x * 3.0).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]
    for make in (lambda **kw: autograd.tensor([1.0], **kw), lambda **kw: autograd.ones(1, **kw),
                 lambda **kw: autograd.randn(1, **kw), lambda **kw: autograd.arange(3, **kw),
                 lambda **kw: autograd.zeros_like(x, **kw)):
        assert make(device="cpu").device == "cpu" and make(device="cpu:0") is not None
        with pytest.raises(ValueError, match="device='cuda': gradproof computes on the CPU"):
            make(device="cuda")
    with pytest.raises(RuntimeError, match="floating point dtype"):
        autograd.arange(3, requires_grad=True)  # int64: no gradient, as PyTorch


def test_manual_seed_repeats_the_draws_of_numpys_default_rng():
    autograd.manual_seed(5)
    first = autograd.rand(3, 2)
    normal = autograd.randn(4)
    autograd.manual_seed(5)
    assert autograd.rand(3, 2).tolist() == first.tolist()
    expected = np.random.default_rng(5)
    np.testing.assert_array_equal(first.data, expected.random((3, 2)))
    np.testing.assert_array_equal(normal.data, expected.standard_normal(4))
    own = np.random.default_rng(1)
    autograd.manual_seed(5)
    autograd.rand(2, generator=own)  # its own generator: the default one is not drawn from
    assert autograd.rand(3, 2).tolist() == first.tolist()
    with pytest.raises(TypeError, match="generator must be a numpy Generator"):
        autograd.rand(2, generator=5)
    with pytest.raises(TypeError, match="manual_seed: seed must be an int, got 1.5"):
        autograd.manual_seed(1.5)


def test_nn_manual_seed_is_autograds_and_seeds_layers_and_dropout_made_before():
    assert nn.manual_seed is autograd.manual_seed
    dropout = nn.Dropout(0.5)  # made before the seed: it holds the one generator
    nn.manual_seed(3)
    layer = nn.Linear(4, 2)
    mask = dropout(autograd.ones(10)).tolist()
    nn.manual_seed(3)
    again = nn.Linear(4, 2)
    assert again.weight.tolist() == layer.weight.tolist()
    assert dropout(autograd.ones(10)).tolist() == mask
    # functional dropout draws its mask from the same generator: numpy's draws for the seed
    autograd.manual_seed(3)
    kept = nn.functional.dropout(autograd.ones(10), 0.5).data != 0
    np.testing.assert_array_equal(kept, np.random.default_rng(3).random(10) >= 0.5)
