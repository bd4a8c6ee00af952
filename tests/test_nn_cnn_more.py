"""The rest of the CNN toolbox against PyTorch 2.13: Conv3d, MaxPool3d, AvgPool3d, BatchNorm3d,
AdaptiveMaxPool1d/2d, LPPool1d/2d/3d, MaxUnpool1d/2d/3d, the padding layers, F.pad's
negative widths, Dropout1d/3d.

PyTorch's outputs, indices and gradients for the cases in cnn_more_cases.py are in
torch_numbers_cnn_more.py (printed by torch_reference_cnn_more.py). The "ties" inputs hold
small integers, so windows tie (the first maximum wins, and gets the gradient), and a nan,
which wins its windows. Derivatives of every order are checked by the spec rows
(nn/specs/cnn_more.py, tests/test_ops.py).
"""

import warnings

import cnn_more_cases as cases
import numpy as np
import pytest
from torch_numbers_cnn_more import (
    TORCH_ADAPTIVE_MAX_POOL1D,
    TORCH_ADAPTIVE_MAX_POOL2D,
    TORCH_AVG_POOL3D,
    TORCH_BATCH_NORM3D,
    TORCH_CONV3D,
    TORCH_CONV3D_LAYERS,
    TORCH_FLOAT32,
    TORCH_LP_POOL,
    TORCH_MAX_POOL3D,
    TORCH_MAX_UNPOOL,
    TORCH_PAD_LAYERS,
    TORCH_PAD_NEGATIVE,
)

import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-12, "atol": 1e-12, "equal_nan": True}


def _backward(out, family, index):
    out.backward(cases.output_gradient(cases.seed(family, index), out.shape))


def _compare(expected, out, **grads):
    np.testing.assert_allclose(out.data, expected["out"], **TIGHT)
    for name, grad in grads.items():
        np.testing.assert_allclose(grad, expected[name], **TIGHT)


# ------------------------------------------------------------------------- Conv3d


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.CONV3D)),
                         ids=[c[0] for c in cases.CONV3D])
def test_conv3d_gives_pytorchs_outputs_and_gradients(index, case):
    name, x_shape, w_shape, bias, kwargs = case
    x, w, b = (Tensor(a, requires_grad=True) for a in cases.arrays(
        cases.seed("conv3d", index), x_shape, w_shape, (w_shape[0],)))
    out = F.conv3d(x, w, b if bias else None, **kwargs)
    _backward(out, "conv3d", index)
    _compare(TORCH_CONV3D[name], out, x=x.grad, w=w.grad, **({"b": b.grad} if bias else {}))


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.CONV3D_LAYERS)),
                         ids=[c[0] for c in cases.CONV3D_LAYERS])
def test_conv3d_layer_padding_modes_give_pytorchs_numbers(index, case):
    name, x_shape, kwargs = case
    x, w, b = cases.arrays(cases.seed("conv3d_layers", index), x_shape, (3, 2, 3, 3, 3), (3,))
    layer = nn.Conv3d(2, 3, 3, **kwargs)
    layer.weight.data[...], layer.bias.data[...] = w, b
    x = Tensor(x, requires_grad=True)
    out = layer(x)
    _backward(out, "conv3d_layers", index)
    _compare(TORCH_CONV3D_LAYERS[name], out, x=x.grad, w=layer.weight.grad, b=layer.bias.grad)


def test_conv3d_layer_has_pytorchs_parameters_repr_and_init():
    layer = nn.Conv3d(4, 6, (1, 2, 3), stride=2, padding=1, dilation=(1, 2, 1), groups=2,
                      bias=False, padding_mode="reflect", seed=0)
    assert layer.weight.shape == (6, 2, 1, 2, 3) and layer.bias is None
    assert repr(layer) == ("Conv3d(4, 6, kernel_size=(1, 2, 3), stride=(2, 2, 2), "
                           "padding=(1, 1, 1), dilation=(1, 2, 1), groups=2, bias=False, "
                           "padding_mode=reflect)")
    assert repr(nn.Conv3d(2, 4, 3)) == "Conv3d(2, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1))"
    bound = 1 / np.sqrt(2 * 1 * 2 * 3)  # U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as PyTorch's
    assert np.abs(layer.weight.data).max() <= bound
    assert nn.Conv3d(2, 3, 3, dtype=np.float32).weight.dtype == np.float32
    assert [k for k, _ in nn.Conv3d(2, 3, 3).state_dict().items()] == ["weight", "bias"]


# ---------------------------------------------------------------- 3-D pooling


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.MAX_POOL3D)),
                         ids=[c[0] for c in cases.MAX_POOL3D])
def test_max_pool3d_gives_pytorchs_values_indices_and_gradients(index, case):
    name, kwargs = case
    for kind in ("normal", "ties"):
        x = Tensor(cases.inputs("max_pool3d", index, cases.VOLUME, kind), requires_grad=True)
        out, indices = F.max_pool3d(x, return_indices=True, **kwargs)
        _backward(out, "max_pool3d", index)
        expected = TORCH_MAX_POOL3D[f"{name}/{kind}"]
        _compare(expected, out, x=x.grad)
        assert indices.dtype == np.int64
        np.testing.assert_array_equal(indices, expected["indices"])


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.AVG_POOL3D)),
                         ids=[c[0] for c in cases.AVG_POOL3D])
def test_avg_pool3d_gives_pytorchs_values_and_gradients(index, case):
    name, kwargs = case
    x = Tensor(cases.inputs("avg_pool3d", index, cases.VOLUME, "normal"), requires_grad=True)
    out = F.avg_pool3d(x, **kwargs)
    _backward(out, "avg_pool3d", index)
    _compare(TORCH_AVG_POOL3D[f"{name}/normal"], out, x=x.grad)


def test_3d_pooling_layers_call_their_functions_unbatched_too():
    x = np.random.default_rng(0).standard_normal((2, 4, 4, 5))
    out, indices = nn.MaxPool3d(2, return_indices=True)(x)
    assert out.shape == indices.shape == (2, 2, 2, 2)
    np.testing.assert_array_equal(out.data, F.max_pool3d(x[None], 2).data[0])
    np.testing.assert_array_equal(nn.AvgPool3d(3, 1, 1)(x).data,
                                  F.avg_pool3d(x, 3, 1, 1).data)
    assert repr(nn.MaxPool3d((1, 2, 3), stride=1, dilation=2, ceil_mode=True)) == (
        "MaxPool3d(kernel_size=(1, 2, 3), stride=1, padding=0, dilation=2, ceil_mode=True)")
    assert repr(nn.AvgPool3d(2)) == "AvgPool3d(kernel_size=2, stride=2, padding=0)"


def test_batch_norm3d_gives_pytorchs_numbers_and_running_statistics():
    x, w, b = cases.arrays(cases.seed("batch_norm3d", 0), cases.BATCH_NORM3D, (3,), (3,))
    layer = nn.BatchNorm3d(3)
    layer.weight.data[...], layer.bias.data[...] = w, b
    x = Tensor(x * 2 + 1, requires_grad=True)
    out = layer(x)
    _backward(out, "batch_norm3d", 0)
    expected = TORCH_BATCH_NORM3D
    _compare(expected, out, x=x.grad, weight=layer.weight.grad, bias=layer.bias.grad)
    np.testing.assert_allclose(layer.running_mean.data, expected["running_mean"], **TIGHT)
    np.testing.assert_allclose(layer.running_var.data, expected["running_var"], **TIGHT)
    layer.eval()
    np.testing.assert_allclose(layer(cases.arrays(7, cases.BATCH_NORM3D)[0]).data,
                               expected["eval"], **TIGHT)
    assert repr(layer) == ("BatchNorm3d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, "
                           "track_running_stats=True)")
    with pytest.raises(ValueError, match=r"BatchNorm3d: expected 5D input \(got 4D input"):
        layer(np.ones((3, 2, 2, 2)))


# ------------------------------------------------------------ adaptive max pooling


@pytest.mark.parametrize(("family", "table", "function", "expected"), [
    ("adaptive_max_pool2d", cases.ADAPTIVE_MAX_POOL2D, F.adaptive_max_pool2d,
     TORCH_ADAPTIVE_MAX_POOL2D),
    ("adaptive_max_pool1d", cases.ADAPTIVE_MAX_POOL1D, F.adaptive_max_pool1d,
     TORCH_ADAPTIVE_MAX_POOL1D),
], ids=["2d", "1d"])
def test_adaptive_max_pool_gives_pytorchs_values_indices_and_gradients(family, table, function,
                                                                      expected):
    for index, (name, shape, size) in enumerate(table):
        for kind in ("normal", "ties"):
            x = Tensor(cases.inputs(family, index, shape, kind), requires_grad=True)
            out, indices = function(x, size, return_indices=True)
            _backward(out, family, index)
            _compare(expected[f"{name}/{kind}"], out, x=x.grad)
            np.testing.assert_array_equal(indices, expected[f"{name}/{kind}"]["indices"])


def test_adaptive_max_pool_takes_pytorchs_output_sizes():
    x = np.random.default_rng(1).standard_normal((2, 3, 5, 7))
    assert F.adaptive_max_pool2d(x, (None, 3)).shape == (2, 3, 5, 3)
    assert F.adaptive_max_pool2d(x, 0).shape == (2, 3, 0, 0)  # empty, as PyTorch's
    assert F.adaptive_max_pool1d(x[0], (2,)).shape == (3, 5, 2)
    layer = nn.AdaptiveMaxPool2d((2, None), return_indices=True)
    assert repr(layer) == "AdaptiveMaxPool2d(output_size=(2, None))"
    out, indices = layer(x)
    assert out.shape == indices.shape == (2, 3, 2, 7)
    assert repr(nn.AdaptiveMaxPool1d(3)) == "AdaptiveMaxPool1d(output_size=3)"


# ---------------------------------------------------------------- LP pooling


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.LP_POOL)),
                         ids=[c[0] for c in cases.LP_POOL])
def test_lp_pool_gives_pytorchs_values_and_gradients(index, case):
    name, n, shape, kind, kwargs = case
    x = Tensor(cases.inputs("lp_pool", index, shape, kind), requires_grad=True)
    out = getattr(F, f"lp_pool{n}d")(x, **kwargs)
    _backward(out, "lp_pool", index)
    _compare(TORCH_LP_POOL[name], out, x=x.grad)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning",
                            "ignore:invalid value:RuntimeWarning")  # |s|^(1/p)'s vjp at 0
def test_lp_pool_gives_a_zero_sum_a_zero_gradient_as_pytorch():
    x = Tensor([[[0.0, 0.0, 1.0, 2.0]]], requires_grad=True)
    out = F.lp_pool1d(x, 2, 2)
    out.sum().backward()
    np.testing.assert_allclose(out.data, [[[0.0, np.sqrt(5)]]])
    np.testing.assert_allclose(x.grad, [[[0.0, 0.0, 1 / np.sqrt(5), 2 / np.sqrt(5)]]])


def test_lp_pool_layers_print_as_pytorchs():
    assert repr(nn.LPPool2d(1.5, (2, 3), stride=1, ceil_mode=True)) == (
        "LPPool2d(norm_type=1.5, kernel_size=(2, 3), stride=1, ceil_mode=True)")
    assert repr(nn.LPPool1d(2, 3)) == (
        "LPPool1d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)")
    x = np.abs(np.random.default_rng(2).standard_normal((1, 2, 4, 4, 4))) + 0.1
    np.testing.assert_array_equal(nn.LPPool3d(3, 2)(x).data, F.lp_pool3d(x, 3.0, 2).data)


# ---------------------------------------------------------------- max unpooling


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.MAX_UNPOOL)),
                         ids=[c[0] for c in cases.MAX_UNPOOL])
def test_max_unpool_inverts_max_pool_as_pytorch(index, case):
    name, n, shape, pool_kwargs, kwargs = case
    expected = TORCH_MAX_UNPOOL[name]
    source = cases.inputs("max_unpool", index, shape, "normal")
    values, indices = getattr(F, f"max_pool{n}d")(source, return_indices=True, **pool_kwargs)
    np.testing.assert_array_equal(indices, expected["indices"])  # PyTorch's indices
    x = Tensor(values.data, requires_grad=True)
    out = getattr(F, f"max_unpool{n}d")(x, indices, **kwargs)
    _backward(out, "max_unpool", index)
    # Where overlapping windows share a maximum, its index comes twice: the later value is
    # kept (PyTorch's too), the earlier has no effect and no gradient (PyTorch's backward
    # gives it the gradient at that index).
    flat = indices.data.reshape(-1, indices.data[(0,) * (indices.ndim - n)].size)
    overwritten = np.array([[j in row[k + 1:] for k, j in enumerate(row)] for row in flat])
    assert overwritten.any() == (name == "2d-strided-padded")
    np.testing.assert_allclose(out.data, expected["out"], **TIGHT)
    np.testing.assert_allclose(x.grad, np.where(overwritten.reshape(x.shape), 0.0,
                                                expected["x"]), **TIGHT)
    layer = getattr(nn, f"MaxUnpool{n}d")(**{k: v for k, v in kwargs.items()
                                             if k != "output_size"})
    np.testing.assert_array_equal(layer(x, indices, kwargs.get("output_size")).data, out.data)


def test_max_unpool_keeps_the_later_of_two_values_at_one_index():
    # PyTorch's CPU kernel writes in order, so the later value stays: (20 over 10, 40 over
    # 30). The value overwritten has no effect, so no gradient here; PyTorch's backward
    # gives it the gradient at its index too ([[1, 1], [4, 4]]).
    x = Tensor([[[[10.0, 20.0], [30.0, 40.0]]]], requires_grad=True)
    out = F.max_unpool2d(x, np.array([[[[1, 1], [4, 4]]]]), 2, stride=1, output_size=(3, 3))
    np.testing.assert_array_equal(out.data, [[[[0, 20, 0], [0, 40, 0], [0, 0, 0]]]])
    out.backward(np.arange(9.0).reshape(1, 1, 3, 3))
    np.testing.assert_array_equal(x.grad, [[[[0, 1], [0, 4]]]])


def test_max_unpool_layers_print_their_settings_as_tuples():
    assert repr(nn.MaxUnpool2d(2)) == (
        "MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))")
    assert repr(nn.MaxUnpool1d(2)) == "MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))"
    assert repr(nn.MaxUnpool3d(2, stride=(1, 2, 1))) == (
        "MaxUnpool3d(kernel_size=(2, 2, 2), stride=(1, 2, 1), padding=(0, 0, 0))")


# ------------------------------------------------------------------ padding


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.PAD_LAYERS)),
                         ids=[c[0] for c in cases.PAD_LAYERS])
def test_padding_layers_give_pytorchs_values_and_gradients(index, case):
    name, layer_name, padding, value, shape = case
    layer = getattr(nn, layer_name)(padding, *(() if value is None else (value,)))
    x = Tensor(cases.inputs("pad_layers", index, shape, "normal"), requires_grad=True)
    out = layer(x)
    _backward(out, "pad_layers", index)
    _compare(TORCH_PAD_LAYERS[name], out, x=x.grad)


def test_padding_layers_print_as_pytorchs_and_check_their_arguments():
    assert repr(nn.ZeroPad2d(1)) == "ZeroPad2d((1, 1, 1, 1))"
    assert repr(nn.ConstantPad1d(2, 3.5)) == "ConstantPad1d(padding=(2, 2), value=3.5)"
    assert repr(nn.ReflectionPad3d((1, 2, 3, 4, 5, 6))) == "ReflectionPad3d((1, 2, 3, 4, 5, 6))"
    assert repr(nn.CircularPad1d([1, 2])) == "CircularPad1d((1, 2))"
    assert isinstance(nn.ZeroPad2d(1), nn.ConstantPad2d) and nn.ZeroPad2d(1).value == 0.0
    with pytest.raises(ValueError, match=r"ReflectionPad2d: padding must be an int or a tuple "
                                         r"of 4 ints .*got 2"):
        nn.ReflectionPad2d((1, 2))
    with pytest.raises(TypeError, match="ZeroPad1d: padding must be an int"):
        nn.ZeroPad1d(1.5)
    with pytest.raises(ValueError, match=r"ReplicationPad1d: expected a 2-D \(unbatched\) or "
                                         r"3-D \(batched\) input, got shape \(4,\)"):
        nn.ReplicationPad1d(1)(np.ones(4))
    with pytest.raises(ValueError, match="reflect needs widths below the size 3"):
        nn.ReflectionPad1d(3)(np.ones((2, 3)))
    with pytest.raises(ValueError, match="circular needs widths at most the size 3"):
        nn.CircularPad1d(4)(np.ones((2, 3)))
    assert nn.ZeroPad2d(1)(np.ones((2, 3, 4, 5, 6))).shape == (2, 3, 4, 7, 8)  # any leading dims


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.PAD_NEGATIVE)),
                         ids=[c[0] for c in cases.PAD_NEGATIVE])
def test_pad_with_negative_widths_gives_pytorchs_values(index, case):
    # reflect and replicate pad the uncropped dim and then crop, as PyTorch's kernels:
    # pad(x, (-2, 3), 'reflect') mirrors x's own last entries, widths below x's size
    name, mode, widths = case
    x = Tensor(cases.inputs("pad_negative", index, (1, 2, 5), "normal"), requires_grad=True)
    out = F.pad(x, widths, mode)
    _backward(out, "pad_negative", index)
    _compare(TORCH_PAD_NEGATIVE[name], out, x=x.grad)


def test_pad_takes_value_zero_in_every_mode_as_pytorch():
    x = np.arange(8.0).reshape(1, 2, 4)
    np.testing.assert_array_equal(F.pad(x, (1, 1), "reflect", value=0).data,
                                  F.pad(x, (1, 1), "reflect").data)
    with pytest.raises(ValueError, match=r"pad: mode 'reflect' takes no value .*value=2.0"):
        F.pad(x, (1, 1), "reflect", value=2.0)


# ------------------------------------------------------------------ channel dropout


def test_dropout1d_and_dropout3d_zero_whole_channels_and_scale_the_rest():
    for function, shape in ((F.dropout1d, (4, 8, 5)), (F.dropout1d, (8, 5)),
                            (F.dropout3d, (4, 8, 2, 3, 2)), (F.dropout3d, (8, 2, 3, 2))):
        x = Tensor(np.ones(shape), requires_grad=True)
        out = function(x, 0.5, generator=np.random.default_rng(3))
        channels = out.data.reshape(*shape[:2 if len(shape) in (3, 5) else 1], -1)
        assert set(np.unique(channels)) <= {0.0, 2.0}
        assert np.all(channels.min(-1) == channels.max(-1))  # one draw per channel
        assert 0 < np.count_nonzero(channels[..., 0]) < channels[..., 0].size
        out.sum().backward()
        np.testing.assert_array_equal(x.grad, out.data)
        assert function(x, 0.5, training=False) is x and function(x, 0.0) is x
        assert not function(x, 1.0).data.any()


def test_dropout1d_refuses_and_dropout3d_warns_for_other_shapes_as_pytorch():
    with pytest.raises(ValueError, match=r"dropout1d: expected a 2-D \(C, L\) or 3-D"):
        F.dropout1d(np.ones((2, 3, 4, 5)), training=False)
    with pytest.warns(UserWarning, match="dropout3d: received a 3-D input"):
        F.dropout3d(np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match="dropout1d: p must be a probability"):
        F.dropout1d(np.ones((2, 3)), 1.5)
    layer = nn.Dropout3d(0.2, seed=1)
    assert repr(layer) == "Dropout3d(p=0.2, inplace=False)"
    assert repr(nn.Dropout1d(0.2, True)) == "Dropout1d(p=0.2, inplace=True)"
    x = np.ones((2, 3, 2, 2, 2))
    layer.eval()
    np.testing.assert_array_equal(layer(x).data, x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.Dropout1d(seed=0)(np.ones((2, 3)))


# ------------------------------------------------------------------ float32


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.FLOAT32)),
                         ids=[c[0] for c in cases.FLOAT32])
def test_float32_stays_float32_with_pytorchs_numbers(index, case):
    name, function, shape, kind, kwargs = case
    x = Tensor(cases.inputs("float32", index, shape, kind).astype(np.float32),
               requires_grad=True)
    extra = []
    if function == "conv3d":
        w, b = cases.arrays(cases.seed("float32", index) + 1, cases.FLOAT32_WEIGHT, (3,))
        extra = [Tensor(a.astype(np.float32), requires_grad=True) for a in (w, b)]
    out = getattr(F, function)(x, *extra, **kwargs)
    assert out.dtype == np.float32
    out.backward(cases.output_gradient(cases.seed("float32", index), out.shape)
                 .astype(np.float32))
    expected = TORCH_FLOAT32[name]
    loose = {"rtol": 1e-5, "atol": 1e-5}  # float32: sums in another order
    np.testing.assert_allclose(out.data, expected["out"], **loose)
    np.testing.assert_allclose(x.grad, expected["x"], **loose)
    assert x.grad.dtype == np.float32
    for name_, t in zip(("w", "b"), extra, strict=False):
        np.testing.assert_allclose(t.grad, expected[name_], **loose)
