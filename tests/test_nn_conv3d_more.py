"""The transposed 3-D convolution, 3-D adaptive pooling and the upsampling aliases against
PyTorch 2.13: F.conv_transpose3d, nn.ConvTranspose3d, F.adaptive_avg_pool3d,
F.adaptive_max_pool3d, nn.AdaptiveAvgPool3d, nn.AdaptiveMaxPool3d, nn.UpsamplingNearest2d,
nn.UpsamplingBilinear2d.

PyTorch's outputs, indices, gradients and reprs for the cases in conv3d_more_cases.py are in
torch_numbers_conv3d_more.py (printed by torch_reference_conv3d_more.py). The "ties" inputs
hold small integers, so windows tie (the first maximum wins, and gets the gradient), and a
nan, which wins its windows. Derivatives of every order are checked by the spec rows
(nn/specs/conv3d_more.py, tests/test_ops.py); ONNX Runtime runs the exported layers.
"""

import conv3d_more_cases as cases
import numpy as np
import pytest
from onnx_helpers import run
from torch_numbers_conv3d_more import (
    TORCH_ADAPTIVE_AVG_POOL3D,
    TORCH_ADAPTIVE_MAX_POOL3D,
    TORCH_CONV_TRANSPOSE3D,
    TORCH_CONV_TRANSPOSE3D_LAYERS,
    TORCH_FLOAT32,
    TORCH_REPRS,
    TORCH_UPSAMPLING,
)

import autograd
import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-12, "atol": 1e-12, "equal_nan": True}


def _backward(out, family, index):
    out.backward(cases.output_gradient(cases.seed(family, index), out.shape))


def _compare(expected, out, **grads):
    assert out.shape == np.shape(expected["out"])
    np.testing.assert_allclose(out.data, expected["out"], **TIGHT)
    for name, grad in grads.items():
        np.testing.assert_allclose(grad, expected[name], **TIGHT)


# ------------------------------------------------------------- ConvTranspose3d


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.CONV_TRANSPOSE3D)),
                         ids=[c[0] for c in cases.CONV_TRANSPOSE3D])
def test_conv_transpose3d_gives_pytorchs_outputs_and_gradients(index, case):
    name, x_shape, w_shape, bias, kwargs = case
    x, w, b = (Tensor(a, requires_grad=True) for a in cases.arrays(
        cases.seed("conv_transpose3d", index), x_shape, w_shape,
        (w_shape[1] * kwargs.get("groups", 1),)))
    out = F.conv_transpose3d(x, w, b if bias else None, **kwargs)
    _backward(out, "conv_transpose3d", index)
    _compare(TORCH_CONV_TRANSPOSE3D[name], out, x=x.grad, w=w.grad,
             **({"b": b.grad} if bias else {}))


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.CONV_TRANSPOSE3D_LAYERS)),
                         ids=[c[0] for c in cases.CONV_TRANSPOSE3D_LAYERS])
def test_conv_transpose3d_layer_takes_output_size_as_pytorchs(index, case):
    name, x_shape, args, kwargs, size = case
    layer = nn.ConvTranspose3d(*args, **kwargs)
    x, w, b = cases.arrays(cases.seed("conv_transpose3d_layers", index), x_shape,
                           layer.weight.shape, (args[1],))
    layer.weight.data[...] = w
    if layer.bias is not None:
        layer.bias.data[...] = b
    x = Tensor(x, requires_grad=True)
    out = layer(x, output_size=size)
    _backward(out, "conv_transpose3d_layers", index)
    grads = {"x": x.grad, "w": layer.weight.grad}
    _compare(TORCH_CONV_TRANSPOSE3D_LAYERS[name], out,
             **grads, **({"b": layer.bias.grad} if layer.bias is not None else {}))


def test_conv_transpose3d_is_conv3ds_adjoint_and_its_input_gradient():
    # <conv3d(x, w), y> = <x, conv_transpose3d(y, w)>: the gradient of conv3d in x is the
    # transposed convolution of the output's gradient
    rng = np.random.default_rng(0)
    settings = {"stride": (2, 1, 3), "padding": (1, 2, 0), "dilation": (1, 2, 1), "groups": 2}
    x = Tensor(rng.standard_normal((2, 4, 5, 6, 7)), requires_grad=True)
    w = rng.standard_normal((6, 2, 3, 2, 2))
    y = F.conv3d(x, w, **settings)
    g = rng.standard_normal(y.shape)
    (dx,) = autograd.grad(y, x, grad_outputs=g)
    back = F.conv_transpose3d(g, w, output_padding=(0, 0, 2), **settings)
    np.testing.assert_allclose(back.data, dx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.vdot(y.data, g), np.vdot(x.data, back.data), rtol=1e-12)


def test_conv_transpose3d_layer_has_pytorchs_parameters_and_init():
    layer = nn.ConvTranspose3d(4, 6, (1, 2, 3), stride=2, groups=2, seed=0)
    assert layer.weight.shape == (4, 3, 1, 2, 3) and layer.bias.shape == (6,)
    bound = 1 / np.sqrt(3 * 1 * 2 * 3)  # fan_in from the weight's dim 1, as PyTorch's
    assert np.abs(layer.weight.data).max() <= bound
    assert np.abs(layer.bias.data).max() <= bound
    assert [k for k, _ in layer.state_dict().items()] == ["weight", "bias"]
    single = nn.ConvTranspose3d(2, 3, 2, dtype=np.float32)
    assert single.weight.dtype == np.float32
    assert single(np.ones((2, 2, 2, 2), np.float32)).dtype == np.float32
    unbatched = np.random.default_rng(1).standard_normal((4, 2, 3, 2))
    np.testing.assert_array_equal(layer(unbatched).data, layer(unbatched[None]).data[0])


@pytest.mark.parametrize(("case", "name", "args", "kwargs"), cases.REPRS,
                         ids=[c[0] for c in cases.REPRS])
def test_layers_print_as_pytorchs(case, name, args, kwargs):
    assert repr(getattr(nn, name)(*args, **kwargs)) == TORCH_REPRS[case]


# ------------------------------------------------------------- adaptive pooling


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.ADAPTIVE3D)),
                         ids=[c[0] for c in cases.ADAPTIVE3D])
def test_adaptive_avg_pool3d_gives_pytorchs_values_and_gradients(index, case):
    name, shape, size = case
    x = Tensor(cases.inputs("adaptive_avg_pool3d", index, shape, "normal"), requires_grad=True)
    out = F.adaptive_avg_pool3d(x, size)
    _backward(out, "adaptive_avg_pool3d", index)
    _compare(TORCH_ADAPTIVE_AVG_POOL3D[f"{name}/normal"], out, x=x.grad)


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.ADAPTIVE3D)),
                         ids=[c[0] for c in cases.ADAPTIVE3D])
@pytest.mark.parametrize("kind", ["normal", "ties"])
def test_adaptive_max_pool3d_gives_pytorchs_values_indices_and_gradients(index, case, kind):
    name, shape, size = case
    x = Tensor(cases.inputs("adaptive_max_pool3d", index, shape, kind), requires_grad=True)
    out, indices = F.adaptive_max_pool3d(x, size, return_indices=True)
    _backward(out, "adaptive_max_pool3d", index)
    expected = TORCH_ADAPTIVE_MAX_POOL3D[f"{name}/{kind}"]
    _compare(expected, out, x=x.grad)
    assert indices.dtype == np.int64
    np.testing.assert_array_equal(indices, expected["indices"])


def test_adaptive_3d_layers_call_their_functions_and_take_pytorchs_sizes():
    x = np.random.default_rng(2).standard_normal((2, 3, 4, 5, 6))
    np.testing.assert_array_equal(nn.AdaptiveAvgPool3d((None, 2, 3))(x).data,
                                  F.adaptive_avg_pool3d(x, (None, 2, 3)).data)
    out, indices = nn.AdaptiveMaxPool3d((2, None, 4), return_indices=True)(x[0])
    assert out.shape == indices.shape == (3, 2, 5, 4)
    assert nn.AdaptiveMaxPool3d(1)(x).shape == (2, 3, 1, 1, 1)
    # 0 gives an empty output and an empty batch stays empty, as PyTorch's
    assert F.adaptive_avg_pool3d(x, (0, 1, 1)).shape == (2, 3, 0, 1, 1)
    assert F.adaptive_max_pool3d(x, (2, None, 0)).shape == (2, 3, 2, 5, 0)
    assert F.adaptive_avg_pool3d(np.ones((0, 2, 3, 3, 3)), 2).shape == (0, 2, 2, 2, 2)
    # the depth kept: one averaging node, no transposes (the identity's are left out)
    y = F.adaptive_avg_pool3d(Tensor(x, requires_grad=True), (None, 1, 1))
    assert [n._op for n in autograd.toposort(y) if n._prev] == ["adaptive_avg_pool"]


# ------------------------------------------------------------- upsampling aliases


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.UPSAMPLING)),
                         ids=[c[0] for c in cases.UPSAMPLING])
def test_upsampling_aliases_give_pytorchs_values_and_gradients(index, case):
    name, layer_name, kwargs, shape = case
    layer = getattr(nn, layer_name)(**kwargs)
    x = Tensor(cases.inputs("upsampling", index, shape, "normal"), requires_grad=True)
    out = layer(x)
    _backward(out, "upsampling", index)
    _compare(TORCH_UPSAMPLING[name], out, x=x.grad)


def test_upsampling_aliases_are_upsample_with_their_mode():
    nearest, bilinear = nn.UpsamplingNearest2d(size=3), nn.UpsamplingBilinear2d(scale_factor=2)
    assert isinstance(nearest, nn.Upsample) and isinstance(bilinear, nn.Upsample)
    assert (nearest.mode, nearest.align_corners) == ("nearest", None)
    assert (bilinear.mode, bilinear.align_corners) == ("bilinear", True)
    x = np.random.default_rng(3).standard_normal((1, 2, 3, 4))
    np.testing.assert_array_equal(bilinear(x).data, F.interpolate(
        x, scale_factor=2, mode="bilinear", align_corners=True).data)


# ------------------------------------------------------------------ float32


@pytest.mark.parametrize(("index", "case"), list(enumerate(cases.FLOAT32)),
                         ids=[c[0] for c in cases.FLOAT32])
def test_float32_stays_float32_with_pytorchs_numbers(index, case):
    name, function, shape, kwargs = case
    x = Tensor(cases.inputs("float32", index, shape, "normal").astype(np.float32),
               requires_grad=True)
    extra = []
    if function == "conv_transpose3d":
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
        assert t.grad.dtype == np.float32


# ------------------------------------------------------------------- errors

VOLUME, WEIGHT = np.ones((1, 4, 2, 3, 3)), np.ones((4, 3, 2, 2, 2))


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: F.conv_transpose3d(VOLUME, WEIGHT, output_padding=1), ValueError,
     r"conv_transpose3d: output_padding \(1, 1, 1\) must be smaller than either stride "
     r"\(1, 1, 1\) or dilation \(1, 1, 1\)"),
    (lambda: F.conv_transpose3d(VOLUME, WEIGHT, padding=3), ValueError,
     r"conv_transpose3d: input \(1, 4, 2, 3, 3\) gives an output of size \(-3, -2, -2\)"),
    (lambda: F.conv_transpose3d(VOLUME, WEIGHT, padding="same"), TypeError,
     "conv_transpose3d: padding must be an int or 3 ints, got 'same'"),
    (lambda: F.conv_transpose3d(VOLUME[:, :3], WEIGHT), ValueError,
     r"conv_transpose3d: weight of size \(4, 3, 2, 2, 2\) expects input \(1, 3, 2, 3, 3\) "
     "to have 4 channels"),
    (lambda: F.conv_transpose3d(VOLUME, WEIGHT[..., 0]), ValueError,
     r"conv_transpose3d: weight must be 5-D, got shape \(4, 3, 2, 2\)"),
    (lambda: F.conv_transpose3d(VOLUME[0, 0], WEIGHT), ValueError,
     r"conv_transpose3d: expected a 4-D \(unbatched\) or 5-D \(batched\) input"),
    (lambda: F.conv_transpose3d(VOLUME, WEIGHT, bias=np.ones(4)), ValueError,
     r"conv_transpose3d: bias of shape \(4,\) does not fit 3 output channels"),
    (lambda: F.conv_transpose3d(VOLUME, WEIGHT, stride=(1, 1)), ValueError,
     r"conv_transpose3d: stride must be an int or 3 ints, got tuple \(1, 1\)"),
    (lambda: nn.ConvTranspose3d(4, 3, 2, padding_mode="reflect"), ValueError,
     "ConvTranspose3d: only 'zeros' padding_mode is supported"),
    (lambda: nn.ConvTranspose3d(4, 3, 2, groups=2), ValueError,
     r"ConvTranspose3d: out_channels \(3\) must be divisible by groups \(2\)"),
    (lambda: nn.ConvTranspose3d(4, 3, 2, stride=2)(VOLUME, output_size=(5, 8, 7)), ValueError,
     r"ConvTranspose3d: requested an output size of \(5, 8, 7\), but valid sizes range from "
     r"\[4, 6, 6\] to \[5, 7, 7\]"),
    (lambda: nn.ConvTranspose3d(4, 3, 2)(VOLUME, output_size=(5, 7)), ValueError,
     "ConvTranspose3d: for an input of shape .* output_size must have 3 or 5 elements"),
    (lambda: F.adaptive_avg_pool3d(np.ones((3, 4, 5)), 2), ValueError,
     r"adaptive_avg_pool3d: expected a 4-D \(unbatched\) or 5-D \(batched\) input"),
    (lambda: F.adaptive_avg_pool3d(np.ones((1, 2, 0, 3, 3)), 2), ValueError,
     "adaptive_avg_pool3d: expected an input with no empty dims but the batch's"),
    (lambda: F.adaptive_avg_pool3d(VOLUME, (2, 3)), ValueError,
     r"adaptive_avg_pool3d: output_size must be an int or 3 ints \(None keeps a size\)"),
    (lambda: F.adaptive_avg_pool3d(VOLUME, (2, -1, 3)), ValueError,
     "adaptive_avg_pool3d: output_size must be at least 0"),
    (lambda: F.adaptive_avg_pool3d(VOLUME, 2.5), TypeError,
     "adaptive_avg_pool3d: output_size must be an int or 3 ints, got 2.5"),
    (lambda: F.adaptive_max_pool3d(np.ones((1, 2, 3, 0, 3)), 2), ValueError,
     "adaptive_max_pool3d: expected an input with no empty dims but the batch's"),
    (lambda: F.adaptive_max_pool3d(VOLUME, (2, 2, 2, 2)), ValueError,
     "adaptive_max_pool3d: output_size must be an int or 3 ints"),
    (lambda: F.adaptive_max_pool3d(VOLUME, 2, return_indices="yes"), TypeError,
     "adaptive_max_pool3d: return_indices= must be True or False"),
    (lambda: nn.AdaptiveAvgPool3d((1, 2)), ValueError,
     "AdaptiveAvgPool3d: output_size must be an int or 3 ints"),
    (lambda: nn.AdaptiveMaxPool3d(-1), ValueError, "AdaptiveMaxPool3d: output_size must be at "
     "least 0"),
    (lambda: nn.UpsamplingNearest2d(size=2, scale_factor=2), ValueError,
     "UpsamplingNearest2d: only one of size or scale_factor should be defined"),
    (lambda: nn.UpsamplingBilinear2d(scale_factor=-1), ValueError,
     "UpsamplingBilinear2d: scale_factor must be positive and finite, got -1"),
    (lambda: nn.UpsamplingBilinear2d(scale_factor=2)(np.ones((1, 2, 3))), NotImplementedError,
     "interpolate: got 3-D input, but mode='bilinear' needs 4-D input"),
])
def test_bad_arguments_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --------------------------------------------------------------------- ONNX


@pytest.mark.parametrize(("model", "shape", "nodes"), [
    # ConvTranspose of each input depth's image, then a ScatterElements into the depths
    (nn.ConvTranspose3d(2, 3, 3, stride=2, padding=1, output_padding=1), (1, 2, 2, 3, 2),
     None),
    (nn.ConvTranspose3d(4, 2, (2, 3, 2), stride=(1, 2, 3), padding=(0, 1, 2), groups=2,
                        dilation=(2, 1, 1), bias=False), (2, 4, 3, 2, 3), None),
    (nn.AdaptiveAvgPool3d((2, None, 3)), (1, 2, 5, 4, 7), None),
    (nn.AdaptiveAvgPool3d(1), (2, 2, 3, 4, 5), None),
    (nn.AdaptiveMaxPool3d((2, 2, 7)), (1, 2, 4, 4, 7), ["MaxPool"]),  # windows of one size
    (nn.AdaptiveMaxPool3d((2, 3, 4)), (1, 2, 5, 4, 7), None),  # Slices and ReduceMaxes
    (nn.UpsamplingNearest2d(size=(5, 7)), (1, 2, 3, 4), None),
    (nn.UpsamplingBilinear2d(scale_factor=2), (1, 2, 3, 4), None),
], ids=["conv-transpose", "conv-transpose-grouped", "adaptive-avg", "adaptive-avg-global",
        "adaptive-max-as-max-pool", "adaptive-max-uneven", "nearest", "bilinear"])
def test_new_layers_export_to_onnx(model, shape, nodes):
    # float32: ONNX Runtime has no float64 ConvTranspose
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    model = model.to(np.float32)
    proto = nn.export_onnx(model, x, None)
    np.testing.assert_allclose(run(proto, x)[0], model(x).data, rtol=1e-5, atol=1e-5)
    if nodes is not None:
        assert [n.op_type for n in proto.graph.node] == nodes
