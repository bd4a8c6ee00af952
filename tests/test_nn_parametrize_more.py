"""nn.utils.parametrize and parametrizations beyond PyTorch's numbers
(tests/test_nn_parametrize.py): the hook-based weight_norm and spectral_norm, bad input,
orthogonal's assignment, saving and loading."""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest
from parametrize_cases import Doubled, Rows, Single, Symmetric, Text

import nn
from autograd import Tensor
from nn.utils import parametrizations, parametrize

# -- the hook-based versions ---------------------------------------------------------------


def test_old_weight_norm_and_its_removal() -> None:
    m = nn.Linear(3, 4)
    w = m.weight.data.copy()
    with pytest.warns(FutureWarning):
        nn.utils.weight_norm(m)
    assert list(m.state_dict()) == ["bias", "weight_g", "weight_v"]
    assert not isinstance(m.weight, nn.Parameter)
    np.testing.assert_allclose(m.weight.data, w, rtol=1e-15)
    copied = copy.deepcopy(m)  # (PyTorch cannot: its weight is not a leaf)
    np.testing.assert_array_equal(copied(Tensor(np.ones((1, 3)))).data,
                                  m(Tensor(np.ones((1, 3)))).data)
    with pytest.raises(RuntimeError, match="two weight_norm hooks"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nn.utils.weight_norm(m)
    nn.utils.remove_weight_norm(m)
    assert list(m.state_dict()) == ["bias", "weight"] and isinstance(m.weight, nn.Parameter)
    np.testing.assert_allclose(m.weight.data, w, rtol=1e-15)
    assert not vars(m).get("_forward_pre_hooks")
    with pytest.raises(ValueError, match="remove_weight_norm: weight_norm of name 'weight'"):
        nn.utils.remove_weight_norm(m)


def test_old_spectral_norm_and_its_removal() -> None:
    m = nn.utils.spectral_norm(nn.Linear(3, 4))
    assert list(m.state_dict()) == ["bias", "weight_orig", "weight_u", "weight_v"]
    m.eval()
    m(Tensor(np.ones((1, 3))))  # the hook computes the weight (eval mode: u, v stay)
    weight = m.weight.data.copy()
    nn.utils.remove_spectral_norm(m)
    assert list(m.state_dict()) == ["bias", "weight"] and isinstance(m.weight, nn.Parameter)
    np.testing.assert_array_equal(m.weight.data, weight)
    assert list(m.named_buffers()) == []
    with pytest.raises(ValueError, match="remove_spectral_norm: spectral_norm of name"):
        nn.utils.remove_spectral_norm(m)


# -- bad input -----------------------------------------------------------------------------


def test_an_unknown_tensor_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="register_parametrization: Module 'Linear.*' does "
                       "not have a parameter, a buffer, or a parametrized element with name "
                       "'abc'"):
        parametrize.register_parametrization(nn.Linear(3, 4), "abc", Symmetric())
    for fn in (parametrizations.weight_norm, parametrizations.spectral_norm,
               nn.utils.weight_norm, nn.utils.spectral_norm):
        with pytest.raises(ValueError, match=f"{fn.__name__}: .* with name 'abc'"):
            fn(nn.Linear(3, 4), name="abc")
    with pytest.raises(ValueError, match="does not have a parametrization on weight"):
        parametrize.remove_parametrizations(nn.Linear(3, 4), "weight")


def test_a_parametrization_may_not_change_shape_or_dtype_unless_unsafe() -> None:
    with pytest.raises(ValueError, match=r"may not change the shape.*\nunparametrized shape: "
                       r"\(4, 3\)\nparametrized shape: \(2, 3\)"):
        parametrize.register_parametrization(nn.Linear(3, 4), "weight", Rows())
    with pytest.raises(ValueError, match="(?s)may not change the dtype.*float64.*float32"):
        parametrize.register_parametrization(nn.Linear(3, 4), "weight", Single())
    m = parametrize.register_parametrization(nn.Linear(3, 4), "weight", Rows(), unsafe=True)
    assert m.weight.shape == (2, 3)
    m = parametrize.register_parametrization(nn.Linear(3, 4), "weight", Doubled())
    with pytest.raises(ValueError, match=r"module.weight.shape: \(4, 3\)\n"
                       r"parametrization\(module.weight\).shape: \(2, 3\)"):
        parametrize.register_parametrization(m, "weight", Rows())
    with pytest.raises(ValueError, match="must return a tensor. Got 'abc'"):
        parametrize.register_parametrization(nn.Linear(3, 4), "weight", Text())


def test_assigning_without_a_right_inverse_and_bad_arguments() -> None:
    m = parametrize.register_parametrization(nn.Linear(3, 4), "weight", Rows(), unsafe=True)
    with pytest.raises(RuntimeError, match="parametrization Rows does not implement "
                       "right_inverse"):
        m.weight = Tensor(np.ones((4, 3)))
    with pytest.raises(TypeError, match="register_parametrization: parametrization must be "
                       "an nn.Module"):
        parametrize.register_parametrization(nn.Linear(3, 4), "weight", lambda x: x)
    with pytest.raises(TypeError, match="register_parametrization: module must be an "
                       "nn.Module, got Tensor"):
        parametrize.register_parametrization(Tensor([1.0]), "weight", Doubled())
    with pytest.raises(TypeError, match=r"tensor_name must be a str \(the name of a parameter "
                       r"or buffer\), got 1.5"):
        parametrize.register_parametrization(nn.Linear(3, 4), 1.5, Doubled())
    m = parametrize.register_parametrization(nn.Linear(3, 4), "weight", Doubled())
    with pytest.raises(ValueError, match="`right_inverse` should return a tensor. Got "
                       "ndarray"):
        m.weight = np.ones((4, 3))


@pytest.mark.parametrize("fn", [parametrizations.weight_norm, parametrizations.spectral_norm,
                                nn.utils.weight_norm, nn.utils.spectral_norm])
def test_dim_out_of_range_is_an_index_error(fn) -> None:
    for dim in (2, -3, 99):
        with pytest.raises(IndexError, match=rf"{fn.__name__}: dim {dim} is out of range for "
                           r"weight of shape \(4, 3\) \(expected to be in range of \[-2, 1\]"):
            fn(nn.Linear(3, 4), dim=dim)
    with pytest.raises(TypeError, match=f"{fn.__name__}: dim must be an int, got 1.5"):
        fn(nn.Linear(3, 4), dim=1.5)


@pytest.mark.parametrize("fn", [parametrizations.spectral_norm, nn.utils.spectral_norm])
def test_spectral_norm_needs_a_positive_number_of_iterations(fn) -> None:
    with pytest.raises(ValueError, match="spectral_norm: expected n_power_iterations to be "
                       "positive, but got n_power_iterations=0"):
        fn(nn.Linear(3, 4), n_power_iterations=0)


def test_orthogonal_assignment_and_bad_input() -> None:
    q, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((4, 4)))
    for kwargs in ({}, {"orthogonal_map": "cayley"}, {"orthogonal_map": "householder"}):
        m = parametrizations.orthogonal(nn.Linear(4, 4), **kwargs)
        m.weight = Tensor(q)  # sets base; the original goes back to -I
        np.testing.assert_allclose(m.weight.data, q, atol=1e-15)
        np.testing.assert_array_equal(m.parametrizations.weight.original.data, -np.eye(4))
    m = parametrizations.orthogonal(nn.Linear(4, 4), use_trivialization=False)
    with pytest.raises(NotImplementedError, match="use_trivialization=False"):
        m.weight = Tensor(q)
    with pytest.raises(ValueError, match=r"orthogonal: expected a matrix or batch of matrices "
                       r"of shape \(4, 4\). Got a tensor of shape \(3, 3\)"):
        parametrizations.orthogonal(nn.Linear(4, 4)).weight = Tensor(np.eye(3))
    with pytest.raises(ValueError, match="orthogonal: expected a matrix or batch of matrices. "
                       "Got a tensor of 1 dimensions"):
        parametrizations.orthogonal(nn.Linear(4, 4), name="bias")
    with pytest.raises(ValueError, match='orthogonal_map has to be one of "matrix_exp", '
                       "\"cayley\", \"householder\". Got: 'svd'"):
        parametrizations.orthogonal(nn.Linear(4, 4), orthogonal_map="svd")
    with pytest.raises(ValueError, match="orthogonal: Module 'Linear.*' has no parameter or "
                       "buffer with name 'abc'"):
        parametrizations.orthogonal(nn.Linear(4, 4), name="abc")


def test_save_and_load_a_parametrized_model(tmp_path) -> None:
    a = parametrizations.spectral_norm(parametrizations.weight_norm(nn.Linear(3, 4), "bias"))
    path = nn.save(a, tmp_path / "model.pt")
    b = parametrizations.spectral_norm(parametrizations.weight_norm(nn.Linear(3, 4), "bias"))
    nn.load(b, path)
    for (name, x), (other, y) in zip(a.state_dict().items(), b.state_dict().items(),
                                     strict=True):
        assert name == other
        np.testing.assert_array_equal(x, y)
