"""PReLU, RMSNorm, InstanceNorm1d/2d, Upsample (F.interpolate), PixelShuffle and
PixelUnshuffle against PyTorch's numbers (tests/torch_numbers_layers.py, printed by
tests/torch_reference_layers.py: each case's inputs, output and gradients after backward of a
fixed output gradient), and their arguments, reprs, state_dicts, dtypes and errors.

Values and first and second derivatives on random inputs are the spec rows' (nn/specs/layers.py,
run by tests/test_ops.py); here are PyTorch's own numbers, its layers' state, and its edges.
"""

import warnings

import numpy as np
import pytest
from torch_numbers_layers import (
    TORCH_INSTANCE_NORM,
    TORCH_INSTANCE_NORM_F,
    TORCH_INTERPOLATE,
    TORCH_PIXEL_SHUFFLE,
    TORCH_PRELU,
    TORCH_RMS_NORM,
)

import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)
from nn.resize.upsampling import UnsupportedError

TIGHT = {"rtol": 1e-11, "atol": 1e-12}
FLOAT32 = {"rtol": 1e-6, "atol": 1e-6}  # a few float32 ulps: sums in another order


def close(got, expected, dtype=np.float64, exact=False):
    got = np.asarray(got.data if isinstance(got, Tensor) else got)
    expected = np.asarray(expected, dtype)
    assert got.dtype == dtype
    assert got.shape == expected.shape
    if exact:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, **(TIGHT if dtype == np.float64 else FLOAT32))


def run_case(fn, case, dtype=np.float64, exact=False, **extra):
    """fn on the case's inputs (each a Tensor of `dtype` that requires grad), then backward
    of the case's output gradient: the output (bit for bit if `exact`) and every gradient
    (sums, in another order) against PyTorch's."""
    tensors = {k: Tensor(np.asarray(v, dtype), requires_grad=True)
               for k, v in case["inputs"].items()}
    out = fn(**tensors, **case["kwargs"], **extra)
    out.backward(np.asarray(case["grad_output"], dtype))
    close(out, case["out"], dtype, exact)
    for name, t in tensors.items():
        if f"grad_{name}" in case:
            close(t.grad, case[f"grad_{name}"], dtype)
    return out


# ------------------------------------------------------------------------------ PReLU


@pytest.mark.parametrize("name", sorted(TORCH_PRELU))
def test_prelu_gives_pytorchs_output_and_gradients(name):
    dtype = np.float32 if name == "float32" else np.float64
    run_case(F.prelu, TORCH_PRELU[name], dtype)


def test_prelu_layer_is_pytorchs():
    layer = nn.PReLU(3, init=0.1)
    assert repr(layer) == "PReLU(num_parameters=3)" and repr(nn.PReLU()) == \
        "PReLU(num_parameters=1)"
    assert list(layer.state_dict()) == ["weight"]
    np.testing.assert_array_equal(layer.weight.data, [0.1, 0.1, 0.1])
    assert layer.weight.dtype == np.float64 and nn.PReLU(dtype=np.float32).weight.dtype == \
        np.float32
    case = TORCH_PRELU["channels"]
    layer.weight.data[...] = case["inputs"]["weight"]
    x = Tensor(case["inputs"]["input"], requires_grad=True)
    layer(x).backward(np.asarray(case["grad_output"]))
    close(layer.weight.grad, case["grad_weight"])
    close(x.grad, case["grad_input"])
    layer.weight.data[...] = 7.0
    layer.reset_parameters()
    np.testing.assert_array_equal(layer.weight.data, [0.1, 0.1, 0.1])


def test_prelu_at_infinities_zero_and_nan():
    """PyTorch's values and gradients, but one: at a nan, relu's gradient 1 passes here where
    PyTorch's kernel gives the slope (prelu is relu(x) + slope min(x, 0), no mask)."""
    x = Tensor([np.inf, -np.inf, np.nan, 0.0, -2.0], requires_grad=True)
    w = Tensor([-0.5], requires_grad=True)
    out = F.prelu(x, w)
    np.testing.assert_array_equal(out.data, [np.inf, np.inf, np.nan, 0.0, 1.0])
    out.backward(np.ones(5))
    np.testing.assert_array_equal(x.grad, [1.0, -0.5, 1.0, -0.5, -0.5])  # the slope at 0
    assert np.isnan(w.grad).all()  # (nan * 1 is in its sum, as in PyTorch's)


def test_prelu_refuses_what_pytorch_refuses():
    x = Tensor(np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match=r"prelu: weight of shape \(4,\) does not fit"):
        F.prelu(x, Tensor(np.ones(4)))
    with pytest.raises(ValueError, match="prelu: weight of shape"):
        F.prelu(x, Tensor(np.ones((1, 3))))  # a scalar or 1-D
    with pytest.raises(ValueError, match="prelu"):
        F.prelu(Tensor(np.ones(3)), Tensor(np.ones(3)))  # a 1-D input is one channel
    with pytest.raises(TypeError, match="prelu: weight's dtype float32 differs"):
        F.prelu(x, Tensor(np.ones(3), dtype=np.float32))
    with pytest.raises(ValueError, match="num_parameters must be at least 1"):
        nn.PReLU(0)
    with pytest.raises(TypeError, match="PReLU: init must be a number"):
        nn.PReLU(1, "a")


# --------------------------------------------------------------------------- RMSNorm


@pytest.mark.parametrize("name", sorted(TORCH_RMS_NORM))
def test_rms_norm_gives_pytorchs_output_and_gradients(name):
    dtype = np.float32 if name == "float32" else np.float64
    run_case(F.rms_norm, TORCH_RMS_NORM[name], dtype)


def test_rms_norm_layer_is_pytorchs():
    case = TORCH_RMS_NORM["last-axis"]
    layer = nn.RMSNorm(4)
    assert repr(layer) == "RMSNorm((4,), eps=None, elementwise_affine=True)"
    assert repr(nn.RMSNorm([2, 3], eps=1e-3, elementwise_affine=False)) == \
        "RMSNorm((2, 3), eps=0.001, elementwise_affine=False)"
    assert list(layer.state_dict()) == ["weight"]
    assert nn.RMSNorm(4, elementwise_affine=False).weight is None
    np.testing.assert_array_equal(layer.weight.data, np.ones(4))
    layer.weight.data[...] = case["inputs"]["weight"]
    x = Tensor(case["inputs"]["input"], requires_grad=True)
    layer(x).backward(np.asarray(case["grad_output"]))
    close(layer.weight.grad, case["grad_weight"])
    close(x.grad, case["grad_input"])


def test_rms_norm_keeps_the_inputs_dtype_and_its_epsilon():
    x = Tensor(np.zeros((2, 3), np.float32))  # all zeros: the output is 0 * rsqrt(eps)
    assert F.rms_norm(x, (3,), Tensor(np.ones(3))).dtype == np.float32  # (float64 weight)
    small = Tensor(np.full((1, 2), 1e-4))
    # eps=None is float64's epsilon for float64 input (a mean square of 1e-8: eps shows)
    np.testing.assert_allclose(F.rms_norm(small, (2,)).data,
                               1 / np.sqrt(1 + np.finfo(np.float64).eps / 1e-8), 1e-15)


def test_rms_norm_refuses_what_pytorch_refuses():
    x = Tensor(np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match=r"rms_norm: given normalized_shape=\(3,\)"):
        F.rms_norm(x, (3,))
    with pytest.raises(ValueError, match="rms_norm: weight must have shape"):
        F.rms_norm(x, (4,), Tensor(np.ones(3)))
    with pytest.raises(ValueError, match="rms_norm: normalized_shape must be"):
        F.rms_norm(x, ())
    with pytest.raises(TypeError, match="rms_norm: eps must be a number"):
        F.rms_norm(x, (4,), eps="a")


# --------------------------------------------------------------------- InstanceNorm


@pytest.mark.parametrize("name", sorted(TORCH_INSTANCE_NORM))
def test_instance_norm_training_running_statistics_and_evaluation_are_pytorchs(name):
    case = TORCH_INSTANCE_NORM[name]
    cls = nn.InstanceNorm1d if name.startswith("1d") else nn.InstanceNorm2d
    features = np.asarray(case["steps"][0]["input"]).shape[-2 if name == "1d-unbatched"
                                                          else 1]
    layer = cls(features, **case["kwargs"])
    if layer.affine:
        layer.weight.data[...], layer.bias.data[...] = case["weight"], case["bias"]
    for step in case["steps"]:
        x = Tensor(step["input"], requires_grad=True)
        layer.zero_grad()
        out = layer(x)
        out.backward(np.asarray(step["grad_output"]))
    close(out, case["out"])
    close(x.grad, case["grad_input"])
    if layer.affine:
        close(layer.weight.grad, case["grad_weight"])
        close(layer.bias.grad, case["grad_bias"])
    if layer.track_running_stats:
        close(layer.running_mean, case["running_mean"])
        close(layer.running_var, case["running_var"])
        assert int(layer.num_batches_tracked) == 0  # (PyTorch's instance norm counts none)
    layer.eval()
    close(layer(case["eval_input"]), case["eval"])


def test_instance_norm_functional_with_given_statistics_is_pytorchs():
    case = TORCH_INSTANCE_NORM_F["stats-given"]
    run_case(F.instance_norm, case, running_mean=[0.5, -1.0, 0.2],
             running_var=[1.5, 0.5, 2.0], use_input_stats=False)
    run_case(F.instance_norm, TORCH_INSTANCE_NORM_F["float32"], np.float32)


def test_instance_norm_layers_are_pytorchs():
    assert repr(nn.InstanceNorm1d(3)) == ("InstanceNorm1d(3, eps=1e-05, momentum=0.1, "
                                          "affine=False, bias=False, track_running_stats=False)")
    assert repr(nn.InstanceNorm2d(3, affine=True, track_running_stats=True)) == (
        "InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, "
        "track_running_stats=True)")
    assert list(nn.InstanceNorm1d(3).state_dict()) == []
    assert list(nn.InstanceNorm2d(3, affine=True, track_running_stats=True).state_dict()) == [
        "weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    layer = nn.InstanceNorm2d(2, affine=True, dtype=np.float32)
    assert layer.weight.dtype == np.float32
    assert layer(Tensor(np.ones((1, 2, 2, 2), np.float32) + np.eye(2, dtype=np.float32))
                 ).dtype == np.float32
    # Without tracked statistics, evaluation normalises by the input's own (PyTorch's rule)
    x = np.arange(8.0).reshape(1, 2, 4)
    np.testing.assert_allclose(nn.InstanceNorm1d(2).eval()(x).data,
                               nn.InstanceNorm1d(2)(x).data, **TIGHT)


def test_instance_norm_refuses_what_pytorch_refuses():
    with pytest.raises(ValueError, match=r"InstanceNorm1d: expected 2D or 3D input \(got 4D"):
        nn.InstanceNorm1d(3)(np.ones((1, 3, 4, 4)))
    with pytest.raises(ValueError, match=r"InstanceNorm2d: expected 3D or 4D input \(got 2D"):
        nn.InstanceNorm2d(3)(np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"expected input's size at dim=1 to match "
                                         r"num_features \(3\), but got: 5"):
        nn.InstanceNorm1d(3, affine=True)(np.ones((2, 5, 4)))
    with pytest.warns(UserWarning, match="does not match num_features"):
        nn.InstanceNorm1d(3)(np.arange(40.0).reshape(2, 5, 4))
    with pytest.raises(ValueError, match="instance_norm: expected more than 1 spatial element"):
        F.instance_norm(np.ones((2, 3, 1)))
    with pytest.raises(ValueError, match="instance_norm: expected more than 1 spatial element"):
        nn.InstanceNorm1d(3)(np.ones((3, 1)))  # unbatched: one sample of one position
    with pytest.raises(ValueError, match="needed when use_input_stats is False"):
        F.instance_norm(np.ones((2, 3, 4)), use_input_stats=False)
    with pytest.raises(ValueError, match="must either both be None or neither"):
        F.instance_norm(np.ones((2, 3, 4)), running_mean=np.zeros(3))
    with pytest.raises(ValueError, match=r"instance_norm: running_mean of shape \(4,\)"):
        F.instance_norm(np.ones((2, 3, 4)), np.zeros(4), np.ones(4))
    with pytest.raises(TypeError, match="instance_norm: running_mean must be a float Tensor"):
        F.instance_norm(np.arange(24.0).reshape(2, 3, 4), [0.0] * 3, [1.0] * 3)


# ------------------------------------------------------------------------ interpolate

EXACT_MODES = ("nearest", "nearest-exact")  # indexing only: PyTorch's numbers bit for bit
TIE = "nearest-exact-tie-2-to-41"


@pytest.mark.parametrize("name", sorted(set(TORCH_INTERPOLATE) - {TIE}))
def test_interpolate_gives_pytorchs_output_and_gradients(name):
    case = TORCH_INTERPOLATE[name]
    dtype = np.float32 if "float32" in name else np.float64
    exact = case["kwargs"].get("mode", "nearest") in EXACT_MODES
    run_case(F.interpolate, case, dtype, exact)


def test_a_position_on_a_tie_reads_where_pytorchs_forward_reads():
    """2 -> 41 'nearest-exact': output 20 sits exactly between inputs 0 and 1 ((20 + 1/2)
    2/41 = 1). PyTorch's forward (a fused multiply-add) reads input 1, as here; its backward
    computes the position without one and sends output 20's gradient to input 0. Here the
    gradient is the forward's derivative: PyTorch's with that one term moved."""
    case = TORCH_INTERPOLATE[TIE]
    x = Tensor(np.asarray(case["inputs"]["input"], np.float32), requires_grad=True)
    out = F.interpolate(x, **case["kwargs"])
    close(out, case["out"], np.float32, exact=True)
    g = np.asarray(case["grad_output"], np.float32)
    out.backward(g)
    assert np.asarray(case["out"])[0, 0, 20] == x.data[0, 0, 1]
    expected = np.asarray(case["grad_input"], np.float32)
    expected[0, 0] += [-g[0, 0, 20], g[0, 0, 20]]
    close(x.grad, expected, np.float32)
    np.testing.assert_allclose(x.grad[0, 0], [g[0, 0, :20].sum(), g[0, 0, 20:].sum()], 1e-6)


@pytest.mark.parametrize("name", ["nearest-scale-1.7", "bilinear-scale-pair",
                                  "linear-scale-1.5-recompute", "area-2d-scale"])
def test_upsample_is_interpolate_as_a_layer(name):
    case = TORCH_INTERPOLATE[name]
    run_case(lambda input, **kw: nn.Upsample(**kw)(input), case)  # noqa: A006


def test_interpolate_positions_follow_the_scale_factor_unless_recomputed():
    # 5 -> 7 by 1.5: output i reads position (i + 1/2) 2/3 - 1/2; recomputed from the sizes,
    # (i + 1/2) 5/7 - 1/2 (clamped to [0, 4]): on a ramp, the output is the position
    x = Tensor(np.arange(5.0).reshape(1, 1, 5))
    np.testing.assert_allclose(F.interpolate(x, scale_factor=1.5, mode="linear").data[0, 0],
                               [0, 0.5, 7 / 6, 11 / 6, 2.5, 19 / 6, 23 / 6], **TIGHT)
    np.testing.assert_allclose(F.interpolate(x, scale_factor=1.5, mode="linear",
                                             recompute_scale_factor=True).data[0, 0],
                               np.clip((np.arange(7) + 0.5) * 5 / 7 - 0.5, 0, 4), **TIGHT)


def test_upsample_repr_is_pytorchs():
    assert repr(nn.Upsample(scale_factor=2)) == "Upsample(scale_factor=2.0, mode='nearest')"
    assert repr(nn.Upsample(size=3, mode="bilinear")) == "Upsample(size=3, mode='bilinear')"
    assert repr(nn.Upsample(scale_factor=(2, 3))) == \
        "Upsample(scale_factor=(2.0, 3.0), mode='nearest')"
    assert repr(nn.Upsample(size=[2, 3], mode="bilinear", align_corners=True)) == \
        "Upsample(size=[2, 3], mode='bilinear')"
    assert list(nn.Upsample(scale_factor=2).state_dict()) == []


def test_interpolate_raises_pytorchs_errors():
    x, image = Tensor(np.ones((1, 2, 5))), Tensor(np.ones((1, 2, 3, 4)))
    cases = [
        (lambda: F.interpolate(x, size=2, scale_factor=2), ValueError, "only one of size"),
        (lambda: F.interpolate(x), ValueError, "either size or scale_factor"),
        (lambda: F.interpolate(x, size=3, align_corners=False), ValueError,
         "align_corners can only be set"),
        (lambda: F.interpolate(x, size=3, recompute_scale_factor=True), ValueError,
         "recompute_scale_factor is not meaningful"),
        (lambda: F.interpolate(x, scale_factor=0.1), ValueError,
         "output size should be greater than 0"),
        (lambda: F.interpolate(x, size=(2, 3)), ValueError, "same number of spatial"),
        (lambda: F.interpolate(x, size=[1.5]), TypeError, "size must be an int"),
        (lambda: F.interpolate(x, size=3, mode="foo"), NotImplementedError, "mode must be"),
        (lambda: F.interpolate(x, size=3, mode="bilinear"), NotImplementedError,
         "needs 4-D input"),
        (lambda: F.interpolate(image, size=3, mode="linear"), NotImplementedError,
         "needs 3-D input"),
        (lambda: F.interpolate(Tensor(np.ones((2, 3))), size=3), NotImplementedError,
         "expected a 3-D, 4-D or 5-D input"),
        (lambda: F.interpolate(image, size=3, mode="lanczos"), NotImplementedError,
         "not supported here"),
        (lambda: F.interpolate(image, size=3, mode="bilinear", antialias=True),
         NotImplementedError, "antialias=True is not supported"),
        (lambda: F.interpolate(x, size=3, antialias=True), ValueError,
         "antialias=True is restricted"),
        (lambda: F.interpolate(x, scale_factor=1e30), ValueError, "int64's range"),
        (lambda: F.interpolate(Tensor(np.ones((1, 2, 0))), size=3), ValueError,
         "input sizes should be greater than 0"),
        (lambda: nn.Upsample(size=2, scale_factor=2), ValueError, "only one of size"),
        (lambda: nn.Upsample(scale_factor=0), ValueError, "positive and finite"),
        (lambda: nn.Upsample(size=2, mode="x"), NotImplementedError, "Upsample: mode"),
    ]
    for call, error, message in cases:
        with pytest.raises(error, match=message):
            call()
    # gradproof's mode errors are PyTorch's NotImplementedError, and ValueErrors as nn's
    assert issubclass(UnsupportedError, NotImplementedError)
    assert issubclass(UnsupportedError, ValueError)


# ---------------------------------------------------------- PixelShuffle, PixelUnshuffle


@pytest.mark.parametrize("name", sorted(TORCH_PIXEL_SHUFFLE))
def test_pixel_shuffle_and_unshuffle_are_pytorchs(name):
    case = TORCH_PIXEL_SHUFFLE[name]
    fn = F.pixel_shuffle if name.startswith("shuffle") else F.pixel_unshuffle
    out = run_case(fn, case, exact=True)
    layer = (nn.PixelShuffle(**case["kwargs"]) if name.startswith("shuffle")
             else nn.PixelUnshuffle(**case["kwargs"]))
    close(layer(case["inputs"]["input"]), out.data, exact=True)
    # each undoes the other
    back = F.pixel_unshuffle if fn is F.pixel_shuffle else F.pixel_shuffle
    close(back(out, *case["kwargs"].values()), case["inputs"]["input"], exact=True)


def test_pixel_shuffle_layers_and_errors_are_pytorchs():
    assert repr(nn.PixelShuffle(2)) == "PixelShuffle(upscale_factor=2)"
    assert repr(nn.PixelUnshuffle(3)) == "PixelUnshuffle(downscale_factor=3)"
    assert F.pixel_shuffle(Tensor(np.ones((1, 8, 2, 3), np.float32)), 2).dtype == np.float32
    with pytest.raises(ValueError, match=r"pixel_shuffle: the channels \(dim -3: 6\) must be "
                                         r"divisible by the square of upscale_factor \(4\)"):
        F.pixel_shuffle(np.ones((1, 6, 2, 3)), 2)
    with pytest.raises(ValueError, match="pixel_shuffle: expected an input of 3 or more"):
        F.pixel_shuffle(np.ones((8, 2)), 2)
    with pytest.raises(ValueError, match="pixel_unshuffle: the height \\(5\\) must be"):
        F.pixel_unshuffle(np.ones((1, 2, 5, 6)), 2)
    with pytest.raises(ValueError, match="pixel_unshuffle: the width \\(5\\) must be"):
        F.pixel_unshuffle(np.ones((1, 2, 4, 5)), 2)
    with pytest.raises(ValueError, match="upscale_factor must be positive, got 0"):
        F.pixel_shuffle(np.ones((1, 8, 2, 3)), 0)
    with pytest.raises(TypeError, match="PixelShuffle: upscale_factor must be an int"):
        nn.PixelShuffle(1.5)


# ------------------------------------------------------- together: gradients, the export


def test_a_model_of_them_all_has_checked_gradients():
    """Every layer at once, float64: first and second derivatives by central differences."""
    nn.manual_seed(0)
    model = nn.Sequential(nn.Upsample(scale_factor=1.5, mode="bilinear"), nn.PReLU(2),
                          nn.InstanceNorm2d(2, affine=True), nn.PixelUnshuffle(2),
                          nn.PixelShuffle(2), nn.RMSNorm(4))
    x = Tensor(np.random.default_rng(3).standard_normal((1, 2, 3, 3)) + 2, requires_grad=True)
    assert model(x).shape == (1, 2, 4, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(model, [x])
        assert gradgradcheck(model, [x])


def test_the_onnx_export_runs_them_all():
    """PReLU (Relu, Clip, Mul, Add: no mask read from the input), Upsample (Gathers,
    products, sums), RMSNorm, InstanceNorm (training statistics, or evaluation's
    BatchNormalization), PixelShuffle (Reshape, Transpose): ONNX Runtime gives gradproof's
    numbers, at other batch sizes too."""
    onnx_helpers = pytest.importorskip("onnx_helpers")
    x = onnx_helpers.randn(2, 3, 4, 4)
    tracked = nn.InstanceNorm2d(3, affine=True, track_running_stats=True)
    tracked(x)  # statistics to use in evaluation
    model = nn.Sequential(nn.Upsample(size=(5, 6), mode="bilinear"), nn.PReLU(3),
                          nn.RMSNorm(6), nn.InstanceNorm2d(3), tracked, nn.PReLU(),
                          nn.Upsample(scale_factor=2), nn.PixelUnshuffle(2), nn.PixelShuffle(2),
                          nn.Upsample(size=(3, 4), mode="area"))
    proto = nn.export_onnx(model, x, None, dynamic_axes=onnx_helpers.BATCH)
    model.eval()  # (as the export ran it: tracked statistics, none updated)
    assert {"Gather", "BatchNormalization", "Transpose", "Clip"} <= {
        n.op_type for n in proto.graph.node}
    for seed, n in enumerate((1, 2, 5)):
        xn = onnx_helpers.randn(n, 3, 4, 4, seed=seed + 1)
        onnx_helpers.assert_same(onnx_helpers.run(proto, xn)[0], model(xn))


def test_instance_norm3d_matches_pytorch():
    # torch.nn.InstanceNorm3d(2, affine=True, track_running_stats=True), float64, weight
    # (1.5, -0.5), bias (0.1, 0.2), x = sin(arange) of shape (2, 2, 2, 2, 3), loss sum(y cos)
    x = Tensor(np.sin(np.arange(48.0)).reshape(2, 2, 2, 2, 3), requires_grad=True)
    layer = nn.InstanceNorm3d(2, affine=True, track_running_stats=True)
    layer.weight.data[:] = [1.5, -0.5]
    layer.bias.data[:] = [0.1, 0.2]
    y = layer(x)
    (y * np.cos(np.arange(48.0)).reshape(y.shape)).sum().backward()
    assert repr(layer) == ("InstanceNorm3d(2, eps=1e-05, momentum=0.1, affine=True, bias=True, "
                           "track_running_stats=True)")
    np.testing.assert_allclose(y.data.ravel()[:6], [
        0.027233549585256894, 1.8141342301661532, 1.95816666573567, 0.3269080992708017,
        -1.5798698661549635, -2.009084362686297], rtol=1e-12)
    np.testing.assert_allclose(x.grad.ravel()[:6], [
        2.200679998265594, 1.1251166573498168, -0.91395528995229, -2.0418224989532447,
        -1.221529059123696, 0.7927510239340855], rtol=1e-12)
    np.testing.assert_allclose(layer.running_mean.data, [0.003998515100411755,
                                                         0.003856732267417864], rtol=1e-12)
    np.testing.assert_allclose(layer.running_var.data, [0.9532564133350987,
                                                        0.9534266925654208], rtol=1e-12)
    np.testing.assert_allclose(layer.weight.grad, [0.1645482613740325, -0.24626488838068883],
                               rtol=1e-12)
    np.testing.assert_allclose(layer.bias.grad, [-0.2158451705756933, 0.3327769779596283],
                               rtol=1e-12)
    with pytest.raises(ValueError, match=r"InstanceNorm3d: expected 4D or 5D input"):
        layer(Tensor(np.zeros((2, 2, 2, 2))[0]))
