"""BatchNorm1d/2d, LayerNorm, GroupNorm and their functions, against PyTorch's numbers.

Batch norm runs three training steps (inputs 2x + 1 of standard normals), each with a
backward of a fixed gradient, then one evaluation step: the outputs and gradients of the
last training step, the running statistics and the evaluation output are PyTorch's
(torch_numbers_cnn.py).
"""

import cnn_cases as cases
import numpy as np
import pytest
from torch_numbers_cnn import TORCH_BATCH_NORM, TORCH_GROUP_NORM, TORCH_LAYER_NORM

import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-11, "atol": 1e-12}


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.BATCH_NORM)),
                         ids=[c[0] for c in cases.BATCH_NORM])
def test_batch_norm_training_running_statistics_and_evaluation_are_pytorchs(index, case):
    name, layer_name, features, shape, kwargs = case
    expected = TORCH_BATCH_NORM[name]
    base = cases.seed("batch_norm", index)
    layer = getattr(nn, layer_name)(features, **kwargs)
    if layer.affine:
        layer.weight.data[...], layer.bias.data[...] = cases.arrays(base, (features,),
                                                                    (features,))
    for step in range(3):
        x = Tensor(cases.arrays(base + 1 + step, shape)[0] * 2 + 1, requires_grad=True)
        layer.zero_grad()
        out = layer(x)
        out.backward(cases.output_gradient(cases.seed("batch_norm", index), out.shape))
    np.testing.assert_allclose(out.data, expected["out"], **TIGHT)
    np.testing.assert_allclose(x.grad, expected["x"], **TIGHT)
    if layer.affine:
        np.testing.assert_allclose(layer.weight.grad, expected["weight"], **TIGHT)
        np.testing.assert_allclose(layer.bias.grad, expected["bias"], **TIGHT)
    np.testing.assert_allclose(layer.running_mean.data, expected["running_mean"], **TIGHT)
    np.testing.assert_allclose(layer.running_var.data, expected["running_var"], **TIGHT)
    assert int(layer.num_batches_tracked) == expected["num_batches_tracked"] == 3
    layer.eval()
    out = layer(cases.arrays(base + 9, shape)[0])
    np.testing.assert_allclose(out.data, expected["eval"], **TIGHT)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.LAYER_NORM)),
                         ids=[c[0] for c in cases.LAYER_NORM])
def test_layer_norm_gives_pytorchs_output_and_gradients(index, case):
    name, shape, normalized, kwargs = case
    x, w, b = cases.arrays(cases.seed("layer_norm", index), shape, normalized, normalized)
    layer = nn.LayerNorm(normalized, **kwargs)
    layer.weight.data[...] = w
    if layer.bias is not None:
        layer.bias.data[...] = b
    x = Tensor(x, requires_grad=True)
    out = layer(x)
    out.backward(cases.output_gradient(cases.seed("layer_norm", index), out.shape))
    expected = TORCH_LAYER_NORM[name]
    np.testing.assert_allclose(out.data, expected["out"], **TIGHT)
    np.testing.assert_allclose(x.grad, expected["x"], **TIGHT)
    np.testing.assert_allclose(layer.weight.grad, expected["weight"], **TIGHT)
    if layer.bias is not None:
        np.testing.assert_allclose(layer.bias.grad, expected["bias"], **TIGHT)
    else:
        assert "bias" not in expected


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.GROUP_NORM)),
                         ids=[c[0] for c in cases.GROUP_NORM])
def test_group_norm_gives_pytorchs_output_and_gradients(index, case):
    name, shape, groups, channels, kwargs = case
    x, w, b = cases.arrays(cases.seed("group_norm", index), shape, (channels,), (channels,))
    layer = nn.GroupNorm(groups, channels, **kwargs)
    layer.weight.data[...], layer.bias.data[...] = w, b
    x = Tensor(x, requires_grad=True)
    out = layer(x)
    out.backward(cases.output_gradient(cases.seed("group_norm", index), out.shape))
    expected = TORCH_GROUP_NORM[name]
    np.testing.assert_allclose(out.data, expected["out"], **TIGHT)
    np.testing.assert_allclose(x.grad, expected["x"], **TIGHT)
    np.testing.assert_allclose(layer.weight.grad, expected["weight"], **TIGHT)
    np.testing.assert_allclose(layer.bias.grad, expected["bias"], **TIGHT)


def test_batch_norm_layers_have_pytorchs_parameters_buffers_and_repr():
    layer = nn.BatchNorm2d(3)
    assert layer.weight.data.tolist() == [1, 1, 1] and layer.bias.data.tolist() == [0, 0, 0]
    assert layer.running_mean.data.tolist() == [0, 0, 0]
    assert layer.running_var.data.tolist() == [1, 1, 1]
    assert layer.num_batches_tracked.dtype == np.int64 and layer.num_batches_tracked == 0
    assert not layer.running_mean.requires_grad
    assert [name for name, _ in layer.named_buffers()] == [
        "running_mean", "running_var", "num_batches_tracked"]
    assert len(layer.parameters()) == 2
    assert repr(nn.BatchNorm1d(4, momentum=None)) == (
        "BatchNorm1d(4, eps=1e-05, momentum=None, affine=True, bias=True, "
        "track_running_stats=True)")
    assert repr(nn.LayerNorm((3, 4), eps=1e-3)) == (
        "LayerNorm((3, 4), eps=0.001, elementwise_affine=True, bias=True)")
    assert repr(nn.GroupNorm(2, 4, affine=False)) == (
        "GroupNorm(2, 4, eps=1e-05, affine=False, bias=False)")
    untracked = nn.BatchNorm1d(2, track_running_stats=False)
    assert untracked.running_mean is None and list(untracked.buffers()) == []


def test_batch_norm_without_running_statistics_uses_the_batch_even_in_evaluation():
    layer = nn.BatchNorm1d(2, track_running_stats=False, affine=False)
    x = np.random.default_rng(0).standard_normal((6, 2)) * 3 + 1
    layer.eval()
    out = layer(x).data
    np.testing.assert_allclose(out, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5), **TIGHT)


def test_batch_norm_reset_and_functional_form():
    layer = nn.BatchNorm1d(2)
    layer(np.random.default_rng(1).standard_normal((4, 2)))
    layer.reset_running_stats()
    assert layer.running_mean.data.tolist() == [0, 0] and int(layer.num_batches_tracked) == 0
    mean, var = np.zeros(2), np.ones(2)
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    F.batch_norm(x, mean, var, training=True, momentum=0.5)
    np.testing.assert_allclose(mean, [1.0, 2.0])  # 0.5 * batch mean, in place
    np.testing.assert_allclose(var, [0.5 + 0.5 * 2.0, 0.5 + 0.5 * 8.0])  # unbiased variance
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(2)(np.ones((1, 2)))
    with pytest.raises(ValueError, match="expected 4D input"):
        nn.BatchNorm2d(2)(np.ones((3, 2)))
    with pytest.raises(ValueError, match="running_mean and running_var are needed"):
        F.batch_norm(x, None, None)


def test_normalisation_derivatives_match_central_differences():
    rng = np.random.default_rng(2)
    x = Tensor(rng.standard_normal((3, 4, 2)), requires_grad=True)
    w, b = (Tensor(rng.standard_normal(4), requires_grad=True) for _ in range(2))
    for f in (lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
              lambda x, w, b: F.group_norm(x, 2, w, b),
              lambda x, w, b: F.layer_norm(x.transpose(1, 2), (4,), w, b)):
        assert gradcheck(f, [x, w, b])
        assert gradgradcheck(f, [x, w, b])


def test_float32_normalisation_stays_float32():
    x = np.random.default_rng(3).standard_normal((4, 3, 2, 2)).astype(np.float32)
    layer = nn.BatchNorm2d(3, dtype=np.float32)
    assert layer(x).dtype == np.float32 and layer.running_mean.dtype == np.float32
    layer.eval()
    assert layer(x).dtype == np.float32
    assert nn.LayerNorm(2, dtype=np.float32)(x).dtype == np.float32
    assert nn.GroupNorm(3, 3, dtype=np.float32)(x).dtype == np.float32
    double = nn.BatchNorm2d(3).float()
    assert double.running_var.dtype == np.float32 and double.num_batches_tracked.dtype == np.int64


@pytest.mark.parametrize(("call", "message"), [
    (lambda: nn.GroupNorm(3, 4), "divisible"),
    (lambda: F.group_norm(np.ones((2, 4)), 3), "cannot be split"),
    (lambda: F.layer_norm(np.ones((2, 3)), (4,)), r"expected input with shape \(\*, 4\)"),
    (lambda: nn.LayerNorm(0), "normalized_shape"),
    (lambda: F.batch_norm(np.ones((2, 3)), np.zeros(2), np.ones(2)), "running_mean of shape"),
])
def test_bad_normalisation_arguments_raise_a_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
