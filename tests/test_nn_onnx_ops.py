"""The op table of nn.export_onnx (nn.onnx.OPS), op by op.

Every spec row (autograd/specs, nn/specs) is exported and run in ONNX Runtime with gradproof's
numbers, in float64 and float32, and every row of the op table must be reached by some spec
row: a new op with a spec row and a row in the table is checked with no test to add. Then
indexing (Slice, Gather, or a gather of fixed positions) and the table's registration.
"""

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample
from onnx_helpers import BATCH, DTYPES, ORT_FLOAT32_ONLY, assert_same, randn, run, session
from onnxruntime.capi.onnxruntime_pybind11_state import NotImplemented as NotImplementedInRuntime

import nn
from autograd import Primitive, Tensor, toposort
from autograd.specs import SPECS, TENSOR, case, leaves
from nn.onnx import OPS

# ------------------------------------------------------------------ the spec table

ROWS = [spec for spec in SPECS if TENSOR in spec.kinds]
# Rows whose graphs read the input's values outside the graph, which the export refuses:
# max(dim=) and min(dim=) pick their values at argmax's indices (max pooling, one rule, is
# MaxPool); nonzero's indices are the input's; leaky_relu, elu, selu, celu, hardtanh, relu6
# and hardsigmoid select their two sides with masks read from x.data (each needs a primitive
# of its own to be exported); sort, argsort, topk, median and mode pick their values at
# positions read from the input; poisson_nll_loss's full=True keeps Stirling's term where
# a target that requires grad is > 1, a mask read from it (PyTorch's masked_fill, and its nan
# gradient at a target of 0).
# Where the values cannot change what is read (a 0-d input, an empty one) they export, and
# must be right.
READS_VALUES = {"max_dim", "min_dim", "nonzero", "leaky_relu",
                "elu", "selu", "celu", "hardtanh", "relu6", "hardsigmoid", "sort", "argsort",
                "topk", "median", "mode", "poisson_nll_loss", "kthvalue", "cummax", "cummin"}


def _primitives(fn, arrays):
    out = fn(*leaves(TENSOR, arrays))
    return {n._op for o in (out if isinstance(out, tuple) else (out,)) for n in toposort(o)
            if n._prev}


@pytest.mark.parametrize("spec", ROWS, ids=[spec.name for spec in ROWS])
@given(data=st.data())
@settings(max_examples=max(3, settings().max_examples // 6),
          suppress_health_check=[HealthCheck.too_slow])
def test_every_spec_row_exports_with_gradproofs_numbers(spec, data):
    """Exported in float64 and float32, the row's graph runs in ONNX Runtime with gradproof's
    numbers on the example and on its values at other places (where a constant computed
    from the example would show: for READS_VALUES, every rotation of them in order of size),
    except in float64 for ORT_FLOAT32_ONLY; or the export
    refuses it, naming an op that the table does not map, or (for READS_VALUES) saying
    that it reads the input's values."""
    inputs, kwargs = data.draw(case(spec, TENSOR), label="inputs, static args")

    def fn(*xs):
        return spec.fn(*xs, **kwargs)

    unmapped = {op for op in _primitives(fn, inputs) if op not in OPS}
    others = _rearranged(inputs, every_rotation=spec.name in READS_VALUES)
    for dtype in DTYPES:
        arrays = [np.asarray(x, dtype=dtype) for x in inputs]
        try:
            proto = nn.export_onnx(fn, tuple(arrays), None)
        except NotImplementedError as e:  # the op table has no row for one of its ops
            assert any(f"op {str(op)!r}" in str(e) for op in unmapped), e
            return
        except ValueError as e:
            assert spec.name in READS_VALUES, e
            assert "changed when the input's values were" in str(e), e
            return
        assert not unmapped
        try:
            session(proto)
        except NotImplementedInRuntime as e:  # a float32-only op of ONNX Runtime's
            missing = re.search(r"implementation for (\w+)\(", str(e)).group(1)
            assert dtype == np.float64 and missing in ORT_FLOAT32_ONLY, e
            assert missing in {n.op_type for n in proto.graph.node}
            continue
        for values in (arrays, *([np.asarray(x, dtype=dtype) for x in xs] for xs in others)):
            expected = fn(*[Tensor(x) for x in values])
            expected = expected if isinstance(expected, tuple) else (expected,)
            for got, value in zip(run(proto, *values), expected, strict=True):
                assert_same(got, value)


def _rearranged(inputs, every_rotation):
    """The inputs' values at other places: shuffled; and for a row that reads its input's
    values, also rotated k places in order of size for every k, so that an export that kept
    the example's position of some order statistic (a median, a max) is wrong on one of
    them, whatever the example was (a single shuffle moves it only by luck)."""
    rng = np.random.default_rng(1)
    out = [[rng.permutation(np.ravel(x)).reshape(np.shape(x)) for x in inputs]]
    if every_rotation:
        orders = [np.argsort(np.ravel(x), kind="stable") for x in inputs]
        for k in range(1, max([np.size(x) for x in inputs], default=1)):
            rotated = []
            for x, order in zip(inputs, orders, strict=True):
                flat = np.ravel(x)
                place = np.empty_like(flat)
                place[order] = flat[np.roll(order, k)]
                rotated.append(place.reshape(np.shape(x)))
            out.append(rotated)
    return out


_ROW_PRIMITIVES: dict[str, set] = {}


def _row_primitives(spec):
    """The primitives in the graphs of a few of the row's examples (the same ones on every
    run: derandomized), gathered by a search that never stops early."""
    if spec.name not in _ROW_PRIMITIVES:
        seen: set = set()

        def gather(example):
            inputs, kwargs = example
            seen.update(_primitives(lambda *xs: spec.fn(*xs, **kwargs), inputs))
            return False

        try:
            find(case(spec, TENSOR), gather, settings=settings(
                max_examples=3, database=None, derandomize=True, phases=[Phase.generate],
                suppress_health_check=list(HealthCheck)))
        except NoSuchExample:
            pass
        _ROW_PRIMITIVES[spec.name] = seen
    return _ROW_PRIMITIVES[spec.name]


@pytest.mark.parametrize("op", list(OPS), ids=[f"{op.module}.{op.key}" for op in OPS])
def test_every_row_of_the_op_table_is_reached_by_a_spec_row(op):
    assert any(op in _row_primitives(spec) for spec in ROWS), (
        f"no spec row's graph uses {op!s} ({op.module}): add one, so that "
        "test_every_spec_row_exports_with_gradproofs_numbers checks its ONNX mapping")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "logsumexp", "sigmoid", "tanh",
                                  "softplus", "exp", "clip"])
def test_large_inputs_give_gradproofs_values(name, dtype):
    # Logits of +-1000 give finite values where gradproof's do, and inf where it does (exp)
    x = np.array([[-1000.0, 0.0, 1000.0], [-1000.0, -999.0, -1001.0], [3.0, 2.0, 1.0],
                  [750.0, -750.0, 40.0]], dtype=dtype)
    fns = {"softmax": lambda t: t.softmax(-1), "log_softmax": lambda t: t.log_softmax(-1),
           "logsumexp": lambda t: t.logsumexp(-1), "sigmoid": lambda t: t.sigmoid(),
           "tanh": lambda t: t.tanh(), "softplus": nn.functional.softplus,
           "exp": lambda t: t.exp(), "clip": lambda t: t.clip(-np.inf, 999.0)}
    with np.errstate(over="ignore"):  # exp(1000) is inf, as numpy says (the export runs it)
        proto = nn.export_onnx(fns[name], x, None)
        expected = fns[name](Tensor(x))
    assert_same(run(proto, x)[0], expected)


# ------------------------------------------------------------------ indexing

INDEXES = [  # (index, basic: exported with Slice/Gather/Unsqueeze, so batch may change)
    (np.s_[1], True), (np.s_[-1], True), (np.s_[:, 0], True), (np.s_[:, -1, 1:4], True),
    (np.s_[::-1], True), (np.s_[1::2, ::-2], True), (np.s_[:, 5:1:-1, -10:], True),
    (np.s_[..., 2], True), (np.s_[None, :, None, 0], True), (np.s_[:, [2, 0, 2]], True),
    (np.s_[..., np.array([[0, 4], [3, 3]])], True), (np.s_[:, :0], True),
    (np.s_[:, [0, 2], [1, 4]], False), (np.s_[0, :, [1, 3]], False),
    (np.s_[np.array([True, False, True, True])], False),
    (np.s_[:, np.array([[True, False, True, True, False]] * 3)], False),
]


@pytest.mark.parametrize(("index", "basic"), INDEXES, ids=[repr(i) for i, _ in INDEXES])
def test_getitem_is_numpys(index, basic):
    x = randn(4, 3, 5)
    proto = nn.export_onnx(lambda t: t[index], x, None)
    assert_same(run(proto, x)[0], x[index])
    if basic:
        proto = nn.export_onnx(lambda t: t[index], x, None, dynamic_axes=BATCH)
        for n in (2, 6):
            y = randn(n, 3, 5, seed=n)
            assert_same(run(proto, y)[0], y[index])
    elif index[0] == slice(None):  # the batch axis untouched, but fixed positions need it fixed
        with pytest.raises(ValueError, match="needs a fixed shape.*dynamic axis batch"):
            nn.export_onnx(lambda t: t[index], x, None, dynamic_axes=BATCH)


def test_index_put_scatters_into_fixed_positions():
    def f(x):
        return x.index_put((np.array([0, 2, 0]),), x[1:4] * 10.0, accumulate=True)

    x = randn(4, 3)
    proto = nn.export_onnx(f, x, None)
    assert "ScatterElements" in [n.op_type for n in proto.graph.node]
    assert_same(run(proto, x)[0], f(Tensor(x)))


# ------------------------------------------------------------------ transposed convolutions

def test_output_padding_past_the_stride_is_a_pad():
    # PyTorch takes an output_padding smaller than the stride or the dilation, ONNX Runtime
    # one smaller than the stride: past it, the rows no window reads are padded, then biased
    x, w, b = (randn(*shape, dtype=np.float32, seed=i)
               for i, shape in enumerate([(2, 2, 4, 3), (2, 3, 3, 2), (3,)]))

    def f(t):
        return nn.functional.conv_transpose2d(t, w, b, stride=1, padding=0, output_padding=1,
                                              dilation=2)

    proto = nn.export_onnx(f, x, None)
    assert [n.op_type for n in proto.graph.node] == ["ConvTranspose", "Pad", "Unsqueeze", "Add"]
    assert_same(run(proto, x)[0], f(Tensor(x)))


@pytest.mark.parametrize(("size", "stride", "padding"), [(6, 2, 0), (7, 1, "same"), (9, 3, 1)])
def test_a_convolutions_input_gradient_is_one_conv_transpose(size, stride, padding):
    # nn.grad.conv2d_input, where the convolution left rows unread or padded one side more
    w = randn(3, 2, 4, 4, dtype=np.float32)
    out = nn.functional.conv2d(Tensor(randn(1, 2, size, size, dtype=np.float32)), w,
                               stride=stride, padding=padding)
    g = randn(*out.shape, dtype=np.float32, seed=1)

    def f(t):
        return nn.grad.conv2d_input((1, 2, size, size), w, t, stride=stride, padding=padding)

    proto = nn.export_onnx(f, g, None)
    assert [n.op_type for n in proto.graph.node] == ["ConvTranspose"]
    assert_same(run(proto, g)[0], f(Tensor(g)))


# ------------------------------------------------------------------ registering

cube = Primitive("cube", lambda x: x**3, (lambda g, out, x: 3 * g * x * x,))


class Cube(nn.Module):
    def forward(self, x):
        return cube(x)


def test_an_unmapped_op_is_named_with_its_module(monkeypatch):
    model = nn.Sequential(nn.Linear(2, 2), Cube())
    with pytest.raises(NotImplementedError, match=r"no ONNX mapping for the op 'cube' "
                       r"\((tests\.)?test_nn_onnx_ops, key 'cube'\), made in \(Sequential\) / "
                       r"1 \(Cube\); add a row"):
        nn.export_onnx(model, randn(3, 2), None)
    # One registration maps it (here only for this test: the table is global)
    monkeypatch.setitem(OPS, cube, lambda g, node: g.op("Pow", g.input(node, 0),
                                                        g.const(np.array(3.0))))
    proto = nn.export_onnx(model, randn(3, 2), None)
    assert [(n.op_type, n.name) for n in proto.graph.node] == [("Gemm", "/0/Gemm"),
                                                               ("Pow", "/1/Pow")]
    assert_same(run(proto, randn(3, 2))[0], model(randn(3, 2)))


def test_register_takes_primitives_and_decorates(monkeypatch):
    square = Primitive("square_test", lambda x: x * x, (lambda g, out, x: 2 * g * x,))
    monkeypatch.setattr(nn.onnx.table, "OPS", dict(OPS))

    @nn.onnx.register(square)
    def _square(g, node):
        return g.op("Mul", g.input(node, 0), g.input(node, 0))

    assert nn.onnx.table.OPS[square] is _square
    x = randn(2, 3)
    proto = nn.export_onnx(lambda t: square(t) + 1.0, x, None)
    assert [n.op_type for n in proto.graph.node] == ["Mul", "Add"]
    assert_same(run(proto, x)[0], x * x + 1.0)
    with pytest.raises(TypeError, match="expected an autograd.Primitive, got str"):
        nn.onnx.register("exp", _square)
