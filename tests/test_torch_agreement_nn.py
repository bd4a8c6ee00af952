"""Regression tests from the fifth differential audit (nn.functional against PyTorch 2.13):
each asserts PyTorch's numbers (printed by torch, written here as literals) where gradproof
differed."""

import numpy as np

import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)


def test_max_pool3d_of_an_empty_batch_gives_an_empty_batch():
    # torch: F.max_pool3d(torch.zeros(0, 2, 5, 3, 5), 2, return_indices=True) has shape
    # (0, 2, 2, 1, 2) twice, the indices int64 (gradproof's reshape could not infer the -1)
    x = Tensor(np.zeros((0, 2, 5, 3, 5)), requires_grad=True)
    out, index = F.max_pool3d(x, 2, return_indices=True)
    assert out.shape == index.shape == (0, 2, 2, 1, 2)
    assert index.dtype == np.int64
    out.sum().backward()
    assert np.asarray(x.grad).shape == (0, 2, 5, 3, 5)
    padded = F.max_pool3d(x, 2, stride=2, padding=(0, 1, 0), dilation=2, ceil_mode=True)
    assert padded.shape == (0, 2, 2, 2, 2)
    assert nn.MaxPool3d(2)(Tensor(np.zeros((0, 1, 2, 2, 2)))).shape == (0, 1, 1, 1, 1)


def test_nearest_2d_copies_when_the_size_is_kept_or_doubled_whatever_the_scale_factor():
    # torch's 2-D kernel: output size n -> x[i], 2n -> x[i // 2], not floor(i / scale_factor)
    x = Tensor(np.arange(6.0).reshape(1, 1, 2, 3), requires_grad=True)
    out = F.interpolate(x, scale_factor=(1.1, 2.3), mode="nearest")
    assert out.tolist() == [[[[0.0, 0.0, 1.0, 1.0, 2.0, 2.0], [3.0, 3.0, 4.0, 4.0, 5.0, 5.0]]]]
    (out * Tensor(np.arange(1.0, 13.0).reshape(1, 1, 2, 6))).sum().backward()
    assert np.asarray(x.grad).tolist() == [[[[3.0, 7.0, 11.0], [15.0, 19.0, 23.0]]]]
    assert nn.Upsample(scale_factor=(1.1, 2.3))(x).tolist() == out.tolist()
    # its 1-D and 3-D kernels use the scale: floor(1 / 1.1) = 0 for both outputs
    two = np.arange(2.0)
    assert F.interpolate(Tensor(two.reshape(1, 1, 2)), scale_factor=1.1).tolist() == [
        [[0.0, 0.0]]]
    assert F.interpolate(Tensor(two.reshape(1, 1, 1, 1, 2)), scale_factor=1.1).tolist() == [
        [[[[0.0, 0.0]]]]]


AREA_3D = [[[[[-0.37882187493059494, -0.5966799985648724],
              [-0.10442347336205178, -0.288692665472115],
              [0.16997492820649138, 0.019294667620642136]],
             [[-0.3890408539516508, -0.5333246345943717],
              [-0.4581903287909311, -0.2684466780478571],
              [-0.5273398036302116, -0.0035687215013422194]]],
            [[[0.0371191496820534, 0.4979870253482844],
              [0.24158346245596907, 0.8510593403941239],
              [0.44604777522988465, 1.2041316554399633]],
             [[0.12422355194565803, 0.2925502988364555],
              [0.44756049800762915, 0.47354341076965323],
              [0.7708974440696005, 0.6545365227028507]]]]]
AREA_3D_GRAD_PLANE = [  # x.grad[0, 0, 0]
    [0.07220811523697428, 0.07220811523697428, -0.16408476342868242, -0.23629287866565668,
     -0.23629287866565668],
    [0.19977559467087816, 0.19977559467087816, 0.11535427638837817, -0.08442131828249999,
     -0.08442131828249999]]


def test_area_interpolation_of_a_5d_input_is_3d_adaptive_average_pooling():
    # torch: F.interpolate(x, size=(2, 3, 2), mode='area'), x and the weights from
    # np.random.default_rng(0); gradproof raised NotImplementedError
    g = np.random.default_rng(0)
    x = Tensor(g.standard_normal((1, 2, 3, 2, 5)), requires_grad=True)
    out = F.interpolate(x, size=(2, 3, 2), mode="area")
    np.testing.assert_allclose(out.data, AREA_3D, rtol=1e-13, atol=1e-15)
    (out * Tensor(g.standard_normal(out.shape))).sum().backward()
    np.testing.assert_allclose(np.asarray(x.grad)[0, 0, 0], AREA_3D_GRAD_PLANE, rtol=1e-13,
                               atol=1e-15)
    assert nn.Upsample(size=(2, 3, 2), mode="area")(x).shape == (1, 2, 2, 3, 2)
