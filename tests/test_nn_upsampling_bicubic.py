"""F.interpolate(mode='bicubic') and nn.Upsample(mode='bicubic'), with PyTorch's numbers
(tests/torch_numbers_bicubic.py, printed by tests/torch_reference_bicubic.py)."""

import numpy as np
import pytest
from torch_numbers_bicubic import TORCH_BICUBIC, TORCH_BICUBIC_WEIGHTS

import nn
from autograd import Tensor, gradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)
from nn.resize.upsampling import UnsupportedError
from nn.resize.upsampling_cubic import cubic_weights

TIGHT = {"rtol": 1e-12, "atol": 1e-12}
FLOAT32 = {"rtol": 1e-5, "atol": 1e-5}


def _kwargs(case):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in case["kwargs"].items()}


@pytest.mark.parametrize("name", sorted(TORCH_BICUBIC))
def test_values_and_gradients_are_pytorchs(name):
    case = TORCH_BICUBIC[name]
    x = Tensor(np.array(case["input"], case["dtype"]), requires_grad=True)
    out = F.interpolate(x, mode="bicubic", **_kwargs(case))
    out.backward(np.array(case["grad_output"], case["dtype"]))
    tolerance = TIGHT if case["dtype"] == "float64" else FLOAT32
    assert out.dtype == np.dtype(case["dtype"]) and out.shape == np.shape(case["out"])
    np.testing.assert_allclose(out.data, case["out"], **tolerance)
    np.testing.assert_allclose(x.grad, case["grad_input"], **tolerance)


@pytest.mark.parametrize("name", sorted(TORCH_BICUBIC_WEIGHTS))
def test_the_weights_are_pytorchs_bit_for_bit(name):
    # the weight of input p in output i, from PyTorch's outputs of one-hot inputs
    n_in, _, n_out, align_corners, dtype = name.split("-")
    index, weight = cubic_weights(int(n_in), int(n_out), align_corners == "True", None, dtype)
    per_input = np.zeros((int(n_in), int(n_out)), dtype)
    for k in range(4):  # (where clamping names an input twice, its weights add, as there)
        np.add.at(per_input, (index[k], np.arange(int(n_out))), weight[k])
    np.testing.assert_array_equal(per_input, TORCH_BICUBIC_WEIGHTS[name])


def test_each_output_weighs_four_inputs_clamped_at_the_border_summing_to_one():
    index, weight = cubic_weights(5, 10, False, None, np.float64)
    np.testing.assert_allclose(weight.sum(0), 1, rtol=0, atol=1e-15)
    assert index.min() == 0 and index.max() == 4 and np.all(np.diff(index, axis=0) >= 0)
    # output 0 of a 2x upsampling reads position -0.25 (not clamped at 0, as the linear
    # modes' is): j = -1, t = 0.75, inputs -2, -1, 0, 1 clamped to 0, 0, 0, 1
    np.testing.assert_array_equal(index[:, 0], [0, 0, 0, 1])
    np.testing.assert_array_equal(weight[:, 0], [-0.03515625, 0.26171875, 0.87890625,
                                                 -0.10546875])


def test_upsample_layer_is_interpolate():
    case = TORCH_BICUBIC["scale-2-align-corners"]
    layer = nn.Upsample(scale_factor=2, mode="bicubic", align_corners=True)
    x = Tensor(np.array(case["input"]), requires_grad=True)
    out = layer(x)
    out.backward(np.array(case["grad_output"]))
    np.testing.assert_allclose(out.data, case["out"], **TIGHT)
    np.testing.assert_allclose(x.grad, case["grad_input"], **TIGHT)
    assert repr(layer) == "Upsample(scale_factor=2.0, mode='bicubic')"


def test_nan_spreads_as_in_pytorch():
    # Every output reads four inputs along each axis, some with weight 0: a nan input makes
    # nan of all of them (nan * 0), as PyTorch's kernel does, even at the same size.
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    x[0, 0, 1, 1] = np.nan
    out = F.interpolate(Tensor(x), size=(3, 4), mode="bicubic").data[0, 0]
    assert np.isnan(out[:, :3]).all()
    np.testing.assert_array_equal(out[:, 3], [3.0, 7.0, 11.0])


def test_gradients_match_central_differences():
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((1, 2, 3, 4)), requires_grad=True)
    assert gradcheck(lambda x: F.interpolate(x, size=(5, 2), mode="bicubic"), [x])
    assert gradcheck(lambda x: F.interpolate(x, scale_factor=1.5, mode="bicubic",
                                             align_corners=True), [x])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: F.interpolate(Tensor(np.ones((1, 2, 5))), size=3, mode="bicubic"),
     "got 3-D input, but mode='bicubic' needs 4-D input"),
    (lambda: F.interpolate(Tensor(np.ones((1, 1, 2, 2, 2))), size=3, mode="bicubic"),
     "needs 4-D input"),
    (lambda: F.interpolate(Tensor(np.ones((1, 1, 2, 2))), size=3, mode="bicubic",
                           antialias=True), "antialias=True is not supported"),
    (lambda: F.interpolate(Tensor(np.ones((1, 1, 2, 2))), size=3, mode="lanczos"),
     "mode='lanczos' is not supported"),
])
def test_what_is_not_there_is_pytorchs_not_implemented_error(call, message):
    with pytest.raises(UnsupportedError, match=message):
        call()
