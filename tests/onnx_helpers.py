"""What the ONNX export tests share: running a model in ONNX Runtime, and comparing."""

import numpy as np
import onnxruntime as ort

from autograd import Tensor

TOLERANCE = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 1e-5}
DTYPES = [np.float64, np.float32]
BATCH = {"input": {0: "batch"}, "output": {0: "batch"}}
# ONNX Runtime (1.32) runs these in float32 only: a float64 model with them does not load
# ("Could not find an implementation for Tan(7)"), so float32 checks their numbers. (MaxPool
# and BatchNormalization run in float64 too.)
ORT_FLOAT32_ONLY = {"Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh",
                    "Erf", "Conv", "ConvTranspose", "AveragePool", "GlobalAveragePool"}


def session(proto):
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1  # a pool per session is slow
    options.log_severity_level = 3
    return ort.InferenceSession(proto.SerializeToString(), options,
                                providers=["CPUExecutionProvider"])


def run(proto, *arrays):
    """The exported model's outputs on these inputs, in ONNX Runtime."""
    s = session(proto)
    return s.run(None, {i.name: a for i, a in zip(s.get_inputs(), arrays, strict=True)})


def assert_same(got, expected):
    """ONNX Runtime's result is gradproof's: dtype, shape, and values to the dtype's tolerance
    (float64 1e-12, float32 1e-5; values of order 1, so atol is the same)."""
    expected = np.asarray(expected.data if isinstance(expected, Tensor) else expected)
    assert got.dtype == expected.dtype
    assert got.shape == expected.shape
    tol = TOLERANCE.get(expected.dtype, 0)
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


def randn(*shape, dtype=np.float64, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)
