"""Embedding, F.pad, Identity, Unflatten and Dropout2d, with PyTorch's numbers and habits."""

import warnings

import cnn_cases as cases
import numpy as np
import pytest
from torch_numbers_cnn import TORCH_EMBEDDING

import nn
from autograd import Tensor, gradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-12, "atol": 1e-12}

# ---------------------------------------------------------------------------- Embedding


def _embedding(**kwargs):
    (weight,) = cases.arrays(cases.seed("embedding", 0), cases.EMBEDDING_WEIGHT_SHAPE)
    layer = nn.Embedding(*weight.shape, **kwargs)
    layer.weight.data[...] = weight
    return layer


def test_embedding_gives_pytorchs_rows_and_no_gradient_to_the_padding_row():
    layer = _embedding(padding_idx=cases.EMBEDDING_PADDING_IDX)
    out = layer(cases.EMBEDDING_INDICES)
    out.backward(cases.output_gradient(cases.seed("embedding", 0), out.shape))
    np.testing.assert_allclose(out.data, TORCH_EMBEDDING["out"], **TIGHT)
    np.testing.assert_allclose(layer.weight.grad, TORCH_EMBEDDING["weight"], **TIGHT)
    assert np.all(layer.weight.grad[cases.EMBEDDING_PADDING_IDX] == 0)


def test_embedding_max_norm_renormalises_the_rows_looked_up_in_place_as_pytorch():
    layer = _embedding(max_norm=cases.EMBEDDING_MAX_NORM)
    layer.weight.data *= 2
    out = layer(np.array(cases.EMBEDDING_INDICES))
    np.testing.assert_allclose(out.data, TORCH_EMBEDDING["max_norm_out"], **TIGHT)
    np.testing.assert_allclose(layer.weight.data, TORCH_EMBEDDING["max_norm_weight"], **TIGHT)


def test_embedding_initialisation_is_standard_normal_with_the_padding_row_zero():
    layer = nn.Embedding(1000, 20, padding_idx=-1, seed=0)
    assert layer.padding_idx == 999 and np.all(layer.weight.data[999] == 0)
    rows = layer.weight.data[:999]
    assert abs(rows.mean()) < 0.01 and rows.std() == pytest.approx(1.0, rel=0.02)
    assert repr(nn.Embedding(10, 3, padding_idx=2)) == "Embedding(10, 3, padding_idx=2)"
    assert repr(nn.Embedding(10, 3, max_norm=1.0)) == "Embedding(10, 3, max_norm=1.0)"


@pytest.mark.parametrize("indices", [
    [[0, 2], [1, 1]], np.array([[0, 2], [1, 1]], dtype=np.int32),
    Tensor([[0.0, 2.0], [1.0, 1.0]]), np.array([[0, 2], [1, 1]], dtype=np.uint8)])
def test_embedding_takes_lists_integer_arrays_and_tensors_of_whole_numbers(indices):
    layer = nn.Embedding(3, 2, seed=0)
    np.testing.assert_array_equal(layer(indices).data, layer.weight.data[[[0, 2], [1, 1]]])


def test_embedding_gradient_adds_up_repeated_rows_and_is_checked_numerically():
    w = Tensor(np.random.default_rng(0).standard_normal((4, 3)), requires_grad=True)
    index = np.array([[3, 0, 3], [1, 3, 0]])
    F.embedding(index, w).sum().backward()
    np.testing.assert_array_equal(w.grad[:, 0], [2, 1, 0, 3])
    assert gradcheck(lambda w: F.embedding(index, w, padding_idx=None), [w])


def test_embedding_from_pretrained_copies_and_freezes():
    table = np.arange(6.0).reshape(3, 2)
    layer = nn.Embedding.from_pretrained(table)
    assert not layer.weight.requires_grad and layer.weight.data is not table
    np.testing.assert_array_equal(layer([2, 0]).data, [[4, 5], [0, 1]])
    assert nn.Embedding.from_pretrained(Tensor(table), freeze=False).weight.requires_grad


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: nn.Embedding(3, 2)([3]), IndexError, r"out of range \[0, 2\].*\[3\]"),
    (lambda: nn.Embedding(3, 2)([-1]), IndexError, "out of range"),
    (lambda: nn.Embedding(3, 2)([0.5]), TypeError, "integers"),
    (lambda: nn.Embedding(3, 2, padding_idx=3), ValueError, "padding_idx"),
    (lambda: nn.Embedding(3, 2, sparse=True), NotImplementedError, "sparse"),
    (lambda: F.embedding([0], np.ones(3)), ValueError, "2-D"),
])
def test_embedding_errors_name_the_problem(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -------------------------------------------------------------------------------- F.pad


def test_pad_modes_give_pytorchs_values():
    x = np.arange(5.0).reshape(1, 1, 5)
    # PyTorch 2.13's F.pad on this x (printed by hand from torch)
    expected = {
        ("reflect", (2, 1)): [2, 1, 0, 1, 2, 3, 4, 3],
        ("replicate", (2, 1)): [0, 0, 0, 1, 2, 3, 4, 4],
        ("circular", (2, 1)): [3, 4, 0, 1, 2, 3, 4, 0],
        ("constant", (2, 1)): [0, 0, 0, 1, 2, 3, 4, 0],
        ("circular", (1, -2)): [2, 0, 1, 2],  # crop first, then wrap what is left
        ("circular", (2, -1)): [2, 3, 0, 1, 2, 3],
        ("reflect", (1, -2)): [1, 0, 1, 2],  # reflect about the original edges
        ("replicate", (-2, 1)): [2, 3, 4, 4],
        ("constant", (-1, -1)): [1, 2, 3],
    }
    for (mode, amounts), values in expected.items():
        np.testing.assert_array_equal(F.pad(x, amounts, mode).data[0, 0], values)
    np.testing.assert_array_equal(F.pad(x, (1, 0), value=-1.5).data[0, 0, :2], [-1.5, 0])


def test_pad_pads_the_last_axes_in_pytorchs_order_and_routes_gradients_back():
    x = Tensor(np.random.default_rng(1).standard_normal((2, 3, 4)), requires_grad=True)
    assert F.pad(x, (1, 2, 3, 0)).shape == (2, 6, 7)  # last axis (1, 2), then (3, 0)
    for mode in ("reflect", "replicate", "circular", "constant"):
        assert gradcheck(lambda x, mode=mode: F.pad(x, (2, 1, 1, 2), mode), [x])
    with pytest.raises(ValueError, match="reflect needs widths below the size 4"):
        F.pad(x, (4, 0), "reflect")
    with pytest.raises(ValueError, match="must be pairs of ints"):
        F.pad(x, (1,))
    with pytest.raises(ValueError, match="takes no value"):
        F.pad(x, (1, 1), "reflect", value=2.0)


# -------------------------------------------------------- Identity, Unflatten, Dropout2d


def test_identity_returns_its_input_and_ignores_its_arguments():
    x = Tensor([1.0, 2.0])
    assert nn.Identity(54, unused="x")(x) is x
    assert repr(nn.Identity()) == "Identity()"


def test_unflatten_splits_one_axis_and_is_flattens_inverse():
    x = Tensor(np.arange(24.0).reshape(2, 12), requires_grad=True)
    out = nn.Unflatten(1, (3, -1))(x)
    assert out.shape == (2, 3, 4)
    np.testing.assert_array_equal(nn.Flatten()(out).data, x.data)
    assert nn.Unflatten(-1, [2, 2, 3])(x).shape == (2, 2, 2, 3)
    assert repr(nn.Unflatten(1, (2, 3))) == "Unflatten(dim=1, unflattened_size=(2, 3))"
    with pytest.raises(ValueError, match="does not multiply"):
        nn.Unflatten(1, (5, -1))(x)
    with pytest.raises(TypeError, match="tuple of ints"):
        nn.Unflatten(1, 12)


def test_dropout2d_zeroes_whole_channels_and_scales_the_rest():
    layer = nn.Dropout2d(0.5, seed=0)
    x = Tensor(np.ones((8, 16, 3, 3)), requires_grad=True)
    out = layer(x).data
    planes = out.reshape(8 * 16, 9)
    assert np.all((planes == 0).all(axis=1) | (planes == 2).all(axis=1))
    assert 0.3 < (planes[:, 0] == 0).mean() < 0.7
    layer.eval()
    assert layer(x) is x
    assert repr(layer) == "Dropout2d(p=0.5, inplace=False)"
    assert np.all(F.dropout2d(x, p=1.0).data == 0)


def test_dropout2d_reads_a_3d_input_as_n_c_l_with_pytorchs_warning():
    x = np.ones((4, 8, 5))
    with pytest.warns(UserWarning, match=r"\(N, C, L\)"):
        out = F.dropout2d(x, 0.5, generator=np.random.default_rng(0)).data
    rows = out.reshape(32, 5)
    assert np.all((rows == 0).all(axis=1) | (rows == 2).all(axis=1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.dropout2d(np.ones((2, 3, 4, 4)), 0.5)  # 4-D: no warning
