"""nn.export_onnx of the rest of the CNN toolbox (tests/test_nn_cnn_more.py): Conv3d, the 3-D
pooling, BatchNorm3d, padding, LP and adaptive max pooling, run in ONNX Runtime with
gradproof's numbers. Conv3d is a Gather of the depth windows and a Conv; MaxPool3d one
MaxPool; adaptive max pooling MaxPool (even windows) or a Slice and ReduceMax per window."""

import numpy as np
import pytest
from onnx_helpers import run

import nn


@pytest.mark.parametrize(("model", "shape", "nodes"), [
    (nn.Sequential(nn.Conv3d(2, 3, 3, padding=1), nn.BatchNorm3d(3), nn.ReLU(),
                   nn.MaxPool3d(2), nn.Dropout3d(), nn.AvgPool3d(2)),
     (1, 2, 4, 5, 5), None),
    (nn.Sequential(nn.ReflectionPad2d(1), nn.ZeroPad2d((1, 0, 0, 1)), nn.LPPool2d(2, 2),
                   nn.AdaptiveMaxPool2d(1)), (1, 2, 4, 6), None),
    (nn.MaxPool3d(2), (1, 2, 4, 4, 4), ["MaxPool"]),
    (nn.AdaptiveMaxPool2d((2, 3)), (1, 2, 4, 6), ["MaxPool"]),  # windows of one size
], ids=["3d", "padding-lp-adaptive", "max_pool3d", "adaptive-max-as-max-pool"])
def test_new_layers_export_to_onnx(model, shape, nodes):
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    model = model.to(np.float32)
    proto = nn.export_onnx(model, x, None)
    model.eval()
    np.testing.assert_allclose(run(proto, x)[0], model(x).data, rtol=1e-5, atol=1e-5)
    if nodes is not None:
        assert [n.op_type for n in proto.graph.node] == nodes


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_adaptive_max_pool_of_uneven_windows_exports_as_slices_and_reduce_max(dtype):
    # ONNX has no adaptive max pool: each window is a Slice and a ReduceMax, one axis at a
    # time (3 rows, then 3 columns: 6 of each, and 2 Concats)
    x = np.random.default_rng(0).standard_normal((2, 2, 5, 7)).astype(dtype)
    model = nn.AdaptiveMaxPool2d((3, 3))
    proto = nn.export_onnx(model, x, None, dynamic_axes={"input": {0: "batch"},
                                                         "output": {0: "batch"}})
    kinds = [n.op_type for n in proto.graph.node]
    assert (kinds.count("Slice"), kinds.count("ReduceMax"), kinds.count("Concat")) == (6, 6, 2)
    for batch in (1, 3):
        other = np.random.default_rng(batch).standard_normal((batch, 2, 5, 7)).astype(dtype)
        np.testing.assert_array_equal(run(proto, other)[0], model(other).data)
    one_d = nn.AdaptiveMaxPool1d(3)
    np.testing.assert_array_equal(run(nn.export_onnx(one_d, x[0], None), x[0])[0],
                                  one_d(x[0]).data)
