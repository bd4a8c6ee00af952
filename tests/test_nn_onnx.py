"""nn.export_onnx: models written as ONNX, run by ONNX Runtime, give gradproof's numbers.

ONNX Runtime's outputs are compared with gradproof's on random inputs (tests/onnx_helpers.py):
float64 to 1e-12, float32 to 1e-5, at batch sizes other than the example's where a dynamic
axis is asked for. tests/test_nn_onnx_ops.py checks the op table, op by op, and
tests/test_nn_onnx_values.py what is refused because the graph read the input's values.
"""

import io

import numpy as np
import onnx
import pytest
from onnx_helpers import BATCH, DTYPES, assert_same, randn, run
from onnxruntime.capi.onnxruntime_pybind11_state import InvalidArgument

import autograd
import nn
from autograd import Tensor


def check_batches(model, proto, batches, rest, dtype, outputs=1):
    """The exported model against the gradproof model, at batch sizes other than the example's."""
    model.eval()
    for seed, n in enumerate(batches):
        x = randn(n, *rest, dtype=dtype, seed=seed + 1)
        expected = model(x)
        expected = expected if isinstance(expected, tuple) else (expected,)
        got = run(proto, x)
        assert len(got) == len(expected) == outputs
        for g, e in zip(got, expected, strict=True):
            assert_same(g, e)


# ------------------------------------------------------------------------------ MLPs

@pytest.mark.parametrize("dtype", DTYPES)
def test_mlp_runs_in_onnx_runtime_at_any_batch_size(dtype):
    nn.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 8),
                          nn.Sigmoid(), nn.Dropout(0.5), nn.Linear(8, 8), nn.Tanh(),
                          nn.Linear(8, 3), nn.Softmax(dim=1)).to(dtype)
    model[1].eval()  # one module in eval mode: each keeps its own mode after the export
    proto = nn.export_onnx(model, randn(4, 2, 3, dtype=dtype), None, dynamic_axes=BATCH)
    assert [m.training for m in model.modules()] == [True, True, False] + [True] * 8
    # Dropout in eval mode is the identity: nothing of it in the graph
    assert [n.op_type for n in proto.graph.node] == [
        "Flatten", "Gemm", "Relu", "Gemm", "Sigmoid", "Gemm", "Tanh", "Gemm", "Softmax"]
    check_batches(model, proto, [1, 4, 9], (2, 3), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_log_softmax_classifier_on_3d_input(dtype):
    # A Linear on (N, T, F) is MatMul with the weight transposed, plus the bias
    nn.manual_seed(1)
    model = nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 3, bias=False),
                          nn.LogSoftmax(dim=-1)).to(dtype)
    proto = nn.export_onnx(model, randn(3, 2, 5, dtype=dtype), None, dynamic_axes=BATCH)
    assert [n.op_type for n in proto.graph.node] == [
        "Transpose", "MatMul", "Add", "Tanh", "Transpose", "MatMul", "LogSoftmax"]
    check_batches(model, proto, [3, 7], (2, 5), dtype)


class SmallCNN(nn.Module):
    def __init__(self):
        self.features = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, bias=False), nn.ReLU(), nn.AvgPool2d(2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(6, 3)

    def forward(self, x):
        return self.head(self.pool(self.features(x)).flatten(1))


def test_cnn_layers_are_one_onnx_node_each():
    # torch.onnx.export (PyTorch 2.13, dynamo=False) of the same module gives these nodes and
    # names, except that in eval mode it folds the BatchNorm into the Conv before it; here
    # it stays a BatchNormalization whose initializers are the module's buffers. ONNX Runtime
    # runs Conv in float32 only.
    nn.manual_seed(2)
    model = SmallCNN().to(np.float32)
    model(randn(8, 1, 10, 10, dtype=np.float32, seed=3))  # running statistics, not 0 and 1
    model.eval()
    proto = nn.export_onnx(model, randn(2, 1, 10, 10, dtype=np.float32), None,
                           dynamic_axes=BATCH)
    assert [(n.op_type, n.name) for n in proto.graph.node] == [
        ("Conv", "/features/features.0/Conv"),
        ("BatchNormalization", "/features/features.1/BatchNormalization"),
        ("Relu", "/features/features.2/Relu"), ("MaxPool", "/features/features.3/MaxPool"),
        ("Conv", "/features/features.4/Conv"), ("Relu", "/features/features.5/Relu"),
        ("AveragePool", "/features/features.6/AveragePool"),
        ("GlobalAveragePool", "/pool/GlobalAveragePool"), ("Flatten", "/Flatten"),
        ("Gemm", "/head/Gemm")]
    assert [i.name for i in proto.graph.initializer] == [
        "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
        "features.1.running_mean", "features.1.running_var", "features.4.weight",
        "head.weight", "head.bias"]
    check_batches(model, proto, [1, 5], (1, 10, 10), np.float32)


def test_batch_norm_and_max_pool_in_float64():
    # BatchNormalization's epsilon is a float32 attribute: in float64 the exact eps is added
    # to the variance first, so the numbers are gradproof's to 1e-12
    nn.manual_seed(3)
    model = nn.Sequential(nn.BatchNorm2d(3), nn.MaxPool2d(2, padding=1, ceil_mode=True),
                          nn.Flatten(), nn.Linear(27, 2))
    model(randn(6, 3, 5, 5, seed=4))
    model.eval()
    proto = nn.export_onnx(model, randn(2, 3, 5, 5), None, dynamic_axes=BATCH)
    assert [n.op_type for n in proto.graph.node] == [
        "Add", "BatchNormalization", "MaxPool", "Flatten", "Gemm"]
    check_batches(model, proto, [1, 4], (3, 5, 5), np.float64)


@pytest.mark.parametrize(("x", "kwargs", "expected"), [
    # PyTorch 2.13's max_pool2d (ceil_mode=True) of these inputs
    ([[[[0.0, 0.1, -0.1], [0.2, -0.2, 0.3]]]], {"kernel_size": 3, "padding": 1},
     [[[[0.2, 0.3]]]]),
    (np.arange(12.0).reshape(1, 1, 2, 6), {"kernel_size": 3, "stride": 3, "padding": 1},
     [[[[7.0, 10.0, 11.0]]]]),
    (np.arange(8.0).reshape(1, 1, 2, 4), {"kernel_size": 3, "stride": 4}, [[[[6.0]]]]),
])
def test_max_pool_ceil_mode_where_one_axis_would_overhang(x, kwargs, expected):
    # ceil_mode is one flag for every axis in ONNX, whose ceil keeps a last window that
    # starts in the padding (PyTorch drops it): an axis that needs no ceil gets one more
    # output unless it is sliced back (the checker refused the first model)
    x = np.asarray(x)

    def f(t):
        return nn.functional.max_pool2d(t, ceil_mode=True, **kwargs)

    np.testing.assert_array_equal(f(Tensor(x)).data, expected)
    proto = nn.export_onnx(f, x, None)
    for values in (x, randn(*x.shape, seed=5)):
        assert_same(run(proto, values)[0], f(Tensor(values)))


class Net(nn.Module):
    def __init__(self):
        self.features = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.1),
                                      nn.Linear(8, 8), nn.Tanh())
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        return self.head(self.features(x.flatten(1))).log_softmax(-1)


def test_names_and_nodes_are_torch_onnx_ones():
    # torch.onnx.export (PyTorch 2.13, dynamo=False) of the same module in PyTorch gives
    # these initializers and these nodes, in this order.
    model = Net()
    proto = nn.export_onnx(model, randn(5, 2, 2), None)
    assert [i.name for i in proto.graph.initializer] == [
        "features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
        "head.weight", "head.bias"]
    assert [(n.op_type, n.name) for n in proto.graph.node] == [
        ("Flatten", "/Flatten"), ("Gemm", "/features/features.0/Gemm"),
        ("Relu", "/features/features.1/Relu"), ("Gemm", "/features/features.3/Gemm"),
        ("Tanh", "/features/features.4/Tanh"), ("Gemm", "/head/Gemm"),
        ("LogSoftmax", "/LogSoftmax")]
    assert [i.name for i in proto.graph.input] == ["input"]
    assert [o.name for o in proto.graph.output] == ["output"]


def test_initializers_are_the_state_dict():
    model = Net()
    model.head.bias.requires_grad_(False)  # frozen: still a named initializer
    proto = nn.export_onnx(model, randn(5, 4), None)
    state = model.state_dict()
    initializers = {i.name: onnx.numpy_helper.to_array(i) for i in proto.graph.initializer}
    assert list(initializers) == list(state)
    for name, array in state.items():
        assert initializers[name].dtype == array.dtype
        assert initializers[name].shape == array.shape  # a weight is (out, in), PyTorch's
        np.testing.assert_array_equal(initializers[name], array)
    assert model.head.bias.requires_grad is False  # restored after the export


def test_a_shared_parameter_is_one_initializer_under_its_first_name():
    first = nn.Linear(3, 3)
    model = nn.Sequential(first, nn.Tanh(), first)
    proto = nn.export_onnx(model, randn(2, 3), None)
    assert [i.name for i in proto.graph.initializer] == ["0.weight", "0.bias"]
    model.eval()
    assert_same(run(proto, randn(2, 3, seed=5))[0], model(randn(2, 3, seed=5)))


def test_float32_input_to_a_float64_model_is_cast_as_gradproof_promotes():
    model = nn.Sequential(nn.Linear(3, 2), nn.Sigmoid())  # float64 parameters
    x = randn(4, 3, dtype=np.float32)
    proto = nn.export_onnx(model, x, None)
    assert proto.graph.node[0].op_type == "Cast"
    assert_same(run(proto, x)[0], model(x))  # float64, as gradproof's


# ------------------------------------------------------------------ a custom module

class Mixer(nn.Module):
    """Tensor ops beyond the layers: arithmetic with constants, reductions, concatenate,
    where, transpose, reshape, indexing, clip, maximum, std, logsumexp."""

    def __init__(self):
        self.fc = nn.Linear(6, 4)
        self.mask = np.array([True, False, True, True])

    def forward(self, x):
        h = self.fc(x.reshape(x.shape[0], 6))  # (B, 2, 3) -> (B, 6) -> (B, 4)
        a = (h * 2.0 - 1.0) / 3.0 + h**2 - (-h).exp() * 0.1
        s = a.sum(axis=1, keepdims=True) - a.mean(axis=0) + a.min(1, keepdims=True)
        c = autograd.cat([s, a.T.T, a.max(axis=1, keepdims=True)], axis=1)  # (B, 6)
        w = autograd.where(self.mask, c[:, :4], -c[:, 1:5])
        y = w[:, ::-1] + w[:, [0, 2]].sum(1, keepdims=True) + w[..., -1:]
        z = y.clip(-1, 1) + autograd.maximum(y, 0.5) + autograd.minimum(y, -0.5) + \
            (y.abs() + 1).sqrt().log()
        t = z.reshape(-1, 2, 2).transpose(0, 2, 1).reshape(z.shape[0], 4)
        return t.softmax(-1), z.std(axis=1), z.logsumexp(1)[:, None]


@pytest.mark.parametrize("dtype", DTYPES)
def test_custom_module_of_tensor_ops(dtype):
    nn.manual_seed(2)
    model = Mixer().to(dtype)
    proto = nn.export_onnx(model, randn(5, 2, 3, dtype=dtype), None, dynamic_axes=BATCH,
                           output_names=["output", "spread", "lse"])
    assert [o.name for o in proto.graph.output] == ["output", "spread", "lse"]
    check_batches(model, proto, [5, 9, 2], (2, 3), dtype, outputs=3)


@pytest.mark.parametrize("opset", [13, 17, 18, 21])
def test_opsets(opset):
    # Reductions take their axes as an attribute before opset 18 (ReduceSum from 13)
    model = Mixer()
    proto = nn.export_onnx(model, randn(3, 2, 3), None, opset_version=opset,
                           dynamic_axes={"input": {0: "batch"}})
    assert proto.opset_import[0].version == opset
    check_batches(model, proto, [3, 4], (2, 3), np.float64, outputs=3)


# ------------------------------------------------------------------ dynamic axes

def test_two_dynamic_axes_and_lengths_that_follow_them():
    weight = Tensor(randn(3, 2), requires_grad=True)

    def f(x):  # x: (batch, seq, 3)
        n, t, _ = x.shape
        flat = x.reshape(-1, 3) @ weight  # (batch * seq, 2)
        back = flat.reshape(n, t, 2)
        spread = back.std(axis=(0, 1), ddof=1)  # divides by batch * seq - 1
        grid = x[:, :1, :1].broadcast_to((n, t, 3))
        return back - spread, grid + x.sum(axis=1, keepdims=True), back.flatten()

    axes = {"input": {0: "batch", 1: "seq"}}
    proto = nn.export_onnx(f, randn(2, 3, 3), None, dynamic_axes=axes)
    declared = [[d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]
                for o in proto.graph.output]
    assert declared == [["batch", "seq", 2], ["batch", "seq", 3], ["2*batch*seq"]]
    for seed, (n, t) in enumerate([(2, 3), (5, 1), (1, 4), (4, 7)]):
        x = randn(n, t, 3, seed=seed)
        for got, expected in zip(run(proto, x), f(Tensor(x)), strict=True):
            assert_same(got, expected)


def test_dynamic_axes_as_a_list_take_torch_names():
    proto = nn.export_onnx(lambda x: x * 2.0, randn(3, 2), None,
                           dynamic_axes={"input": [0], "output": [0]})
    assert proto.graph.input[0].type.tensor_type.shape.dim[0].dim_param == \
        "input_dynamic_axes_1"
    assert proto.graph.output[0].type.tensor_type.shape.dim[0].dim_param == \
        "output_dynamic_axes_1"


def test_without_dynamic_axes_the_shapes_are_fixed():
    proto = nn.export_onnx(nn.Linear(3, 2), randn(4, 3), None)
    assert [d.dim_value for d in proto.graph.input[0].type.tensor_type.shape.dim] == [4, 3]
    with pytest.raises(InvalidArgument, match="index: 0 Got: 5 Expected: 4"):
        run(proto, randn(5, 3))


@pytest.mark.parametrize(("fn", "message"), [
    (lambda x: x * autograd.ones(x.shape[0], 1), r"constant of shape \(4, 1\).*'\*'.*"
                                                 r"'batch' went from 4 to 5"),
    (lambda x: autograd.cat([x, autograd.zeros(1, 3)]), "only lengths proportional"),
    (lambda x: x[: x.shape[0] - 1], r"argument slice\(None, 3, None\) changed"),
])
def test_lengths_that_do_not_follow_a_dynamic_axis_are_refused(fn, message):
    with pytest.raises(ValueError, match=message):
        nn.export_onnx(fn, randn(4, 3), None, dynamic_axes={"input": {0: "batch"}})
    nn.export_onnx(fn, randn(4, 3), None)  # fine with fixed shapes


# ------------------------------------------------------------------ losses, bad arguments
# (what the export refuses because it reads the input's values: test_nn_onnx_values.py)

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_exports_as_onnx_softmax_cross_entropy_loss(dtype):
    target = np.array([2, 0, 1, 2])

    def loss(logits):
        return nn.functional.cross_entropy(logits, target)

    proto = nn.export_onnx(loss, randn(4, 3).astype(dtype), None)
    assert [n.op_type for n in proto.graph.node] == ["SoftmaxCrossEntropyLoss"]
    logits = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0], [1.0, 1.0, 1.0], [-4.0, 0.0, 4.0]],
                      dtype)
    assert_same(run(proto, logits)[0], loss(Tensor(logits)))


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"opset_version": 12}, ValueError, "opset_version must be an int from 13"),
    ({"opset_version": True}, ValueError, "opset_version"),
    ({"input_names": ["a", "b"]}, ValueError, "input_names must be 1 different"),
    ({"output_names": ["y", "y"]}, ValueError, "output_names must be 2 different"),
    ({"dynamic_axes": {"x": [0]}}, ValueError, "'x', which is not among the inputs and outputs"),
    ({"dynamic_axes": {"input": {2: "b"}}}, ValueError, r"\['input'\]: 2: 'b' is not an axis"),
    ({"dynamic_axes": {"output_1": {-3: "b"}}}, ValueError, "not an axis of a value of 2 axes"),
    ({"dynamic_axes": {"input": 0}}, TypeError, "must be a dict"),
])
def test_bad_arguments(kwargs, error, message):
    model = nn.Sequential(nn.Linear(3, 3))
    with pytest.raises(error, match=message):
        nn.export_onnx(lambda x: (model(x), x), randn(2, 3), None, **kwargs)


def test_bad_models_and_inputs():
    with pytest.raises(ValueError, match="'0.weight' names both a parameter and an input"):
        nn.export_onnx(nn.Sequential(nn.Linear(3, 3)), randn(2, 3), None,
                       input_names=["0.weight"])
    with pytest.raises(ValueError, match="dynamic axis 'b' has length 1"):
        nn.export_onnx(nn.Linear(3, 2), randn(1, 3), None, dynamic_axes={"input": {0: "b"}})
    with pytest.raises(ValueError, match="different lengths"):
        nn.export_onnx(lambda x, y: x.sum(0) + y.sum(0), (randn(2, 3), randn(3, 3)), None,
                       dynamic_axes={"input_0": [0], "input_1": {0: "input_0_dynamic_axes_1"}})
    with pytest.raises(TypeError, match="dtype int64; the graph is recorded from floating"):
        nn.export_onnx(nn.Linear(3, 2), np.ones((2, 3), dtype=np.int64), None)
    with pytest.raises(TypeError, match="parameter layers.0.neurons.0.w.0 is a micrograd Value"):
        nn.export_onnx(nn.MLP(3, [2]), randn(2, 3), None)
    with pytest.raises(TypeError, match="output 1 is a float"):
        nn.export_onnx(lambda x: (x, 1.0), randn(2, 3), None)
    with pytest.raises(TypeError, match="expected an nn.Module or a function"):
        nn.export_onnx("model", randn(2, 3), None)


# ------------------------------------------------------------------ the file

def test_file_checker_and_producer(tmp_path):
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    path = tmp_path / "model.onnx"
    proto = nn.export_onnx(model, randn(2, 3), path)
    loaded = onnx.load(path)
    onnx.checker.check_model(loaded, full_check=True)
    assert loaded == proto
    assert (loaded.producer_name, loaded.producer_version) == ("gradproof", autograd.__version__)
    assert loaded.opset_import[0].version == nn.onnx.DEFAULT_OPSET == 18
    assert loaded.ir_version == 8  # the lowest that opset 18 needs: older runtimes load it
    assert loaded.graph.name == "Sequential"
    buffer = io.BytesIO()
    nn.export_onnx(model, randn(2, 3), buffer)
    assert onnx.load_from_string(buffer.getvalue()) == proto


def test_several_inputs_and_outputs():
    def f(x, y):
        return x @ y, y, x @ y, x * 0.0 + 1.0

    x, y = randn(2, 3), randn(3, 4, seed=1)
    proto = nn.export_onnx(f, (x, y), None, input_names=["x", "y"])
    assert [i.name for i in proto.graph.input] == ["x", "y"]
    assert [o.name for o in proto.graph.output] == ["output_0", "output_1", "output_2",
                                                    "output_3"]
    for got, expected in zip(run(proto, x, y), f(Tensor(x), Tensor(y)), strict=True):
        assert_same(got, expected)
