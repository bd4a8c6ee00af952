"""threshold, hardshrink, softshrink, tanhshrink, rrelu, glu, local_response_norm,
channel_shuffle, conv_tbc, the upsample names, max pooling's *_with_indices, Softmax2d,
alpha dropout and gumbel_softmax against PyTorch's numbers (tests/
torch_numbers_functional_more.py, printed by tests/torch_reference_functional_more.py), and
their random draws, edges and errors.

Values and first and second derivatives on random inputs are the spec rows'
(nn/specs/activations_more.py, nn/specs/aliases.py, run by tests/test_ops.py); here are
PyTorch's own numbers at the kinks, to the sign of a zero.
"""

import math
import warnings

import numpy as np
import pytest
from torch_numbers_functional_more import (
    TORCH_ALPHA_DROPOUT,
    TORCH_LRN,
    TORCH_POINTWISE,
    TORCH_SHAPES,
    TORCH_UPSAMPLE,
    TORCH_WITH_INDICES,
)

import nn
from autograd import Tensor, Value, no_grad
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-11, "atol": 1e-12}
FLOAT32 = {"rtol": 1e-6, "atol": 1e-6}  # a few float32 ulps: sums in another order


def close(got, expected, dtype, exact=False):
    """exact: the same numbers, and (but for softshrink: below) the same sign of each zero."""
    got = np.asarray(got.data if isinstance(got, Tensor) else got)
    expected = np.asarray(expected, dtype)
    assert got.dtype == dtype
    assert got.shape == expected.shape
    if exact:
        np.testing.assert_array_equal(got, expected)
        if exact != "values":
            np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))
    else:
        np.testing.assert_allclose(got, expected, **(TIGHT if dtype == np.float64 else FLOAT32))


def replay(fn, case, grads=("input",), exact=False, **extra):
    """fn on the case's inputs, backward of its output gradient: PyTorch's numbers."""
    dtype = np.float32 if "float32" in case["_name"] else np.float64
    tensors = {k: Tensor(np.asarray(v, dtype), requires_grad=k in grads)
               for k, v in case["inputs"].items()}
    kwargs = {k: v for k, v in case["kwargs"].items() if k != "indices"}
    out = fn(**tensors, **kwargs, **extra)
    if isinstance(out, tuple):
        out, indices = out
        np.testing.assert_array_equal(indices.data, case["kwargs"]["indices"])
    close(out, case["out"], dtype, exact)
    out.backward(np.asarray(case["grad_output"], dtype))
    for k in grads:
        close(tensors[k].grad, case[f"grad_{k}"], dtype, exact)


def named(table):
    return [pytest.param({**case, "_name": name}, id=name) for name, case in table.items()]


# ---------------------------------------------------------------- PyTorch's numbers

# The sign of PyTorch's zeros inside softshrink's band depends on where an element falls in
# its vectorised loop (x * 0 in its scalar loop, which gradproof's are: -0.0 for x < 0; +0.0
# from its vector loop): only the values are compared there.
PIECEWISE = {"threshold": True, "hardshrink": True, "softshrink": "values", "rrelu": True}


@pytest.mark.parametrize("case", named(TORCH_POINTWISE))
def test_pointwise_activations_match_pytorch(case):
    name = case["_name"].split("-")[0]
    replay(getattr(F, name), case, exact=PIECEWISE.get(name, False))


@pytest.mark.parametrize("case", named(TORCH_LRN))
def test_local_response_norm_matches_pytorch(case):
    replay(F.local_response_norm, case)


@pytest.mark.parametrize("case", named(TORCH_SHAPES))
def test_channel_shuffle_conv_tbc_and_softmax2d_match_pytorch(case):
    name = case["_name"]
    if name.startswith("channel_shuffle"):
        replay(F.channel_shuffle, case, exact=True)
    elif name.startswith("conv_tbc"):
        replay(F.conv_tbc, case, grads=("input", "weight", "bias"))
    else:
        replay(nn.Softmax2d(), case)


@pytest.mark.parametrize("case", named(TORCH_UPSAMPLE))
def test_the_upsample_names_are_interpolate_with_pytorchs_warning(case):
    fn = getattr(F, case["_name"].split("-")[0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        replay(fn, case)
    assert [str(w.message) for w in caught] == [case["warning"]]
    assert caught[0].category is UserWarning and caught[0].filename == __file__


@pytest.mark.parametrize("case", named(TORCH_WITH_INDICES))
def test_with_indices_return_the_output_and_pytorchs_indices(case):
    replay(getattr(F, case["_name"] + "_with_indices"), case, exact=True,
           **({"return_indices": False} if "adaptive" in case["_name"] else {}))


def test_pytorchs_values_and_gradients_at_nan():
    x = Tensor([math.nan, 0.0], requires_grad=True)
    for fn, grad in ((lambda x: F.threshold(x, 0.5, -3.0), [1.0, 0.0]),
                     (F.hardshrink, [1.0, 0.0]), (F.softshrink, [1.0, 0.0]),
                     (F.rrelu, [0.22916666666666666, 0.22916666666666666]),
                     (F.tanhshrink, [math.nan, 0.0])):
        x.grad = None
        y = fn(x)
        y.sum().backward()
        assert math.isnan(y.data[0])
        np.testing.assert_array_equal(x.grad, grad)


def test_on_values_as_on_tensors():
    """The same numbers and zeros (tanhshrink's tanh is math's on a Value, numpy's on a
    Tensor: tests/test_ops.py compares it with the reference)."""
    for fn in (lambda x: F.threshold(x, 0.5, -3.0), F.hardshrink, F.softshrink,
               lambda x: F.rrelu(x, 0.1, 0.3)):
        for x in (-0.7, -0.5, -0.3, -0.0, 0.0, 0.5, 0.9):
            v, t = Value(x), Tensor([x], requires_grad=True)
            on_value, on_tensor = fn(v), fn(t)
            on_value.backward()
            on_tensor.sum().backward()
            assert on_value.data == on_tensor.data[0]
            assert math.copysign(1, on_value.data) == math.copysign(1, on_tensor.data[0])
            assert v.grad == t.grad[0]


# ------------------------------------------------------------ alpha dropout, rrelu


@pytest.mark.parametrize("case", named(TORCH_ALPHA_DROPOUT))
def test_alpha_dropout_has_pytorchs_affine_map_and_gradient(case):
    """PyTorch's draws differ from ours; where both kept an element, or both dropped it, the
    output is PyTorch's to the last bit, and so is the gradient (the noise a, or 0)."""
    name = case["_name"]
    dtype = np.float32 if "float32" in name else np.float64
    fn = F.feature_alpha_dropout if name.startswith("feature") else F.alpha_dropout
    x = Tensor(np.asarray(case["input"], dtype), requires_grad=True)
    out = fn(x, case["p"], training=True, generator=np.random.default_rng(3))
    out.sum().backward()
    mine, theirs = x.grad != 0, np.asarray(case["grad_input"]) != 0
    for same in (mine & theirs, ~mine & ~theirs):
        assert same.any()
        np.testing.assert_array_equal(out.data[same], np.asarray(case["out"], dtype)[same])
        np.testing.assert_array_equal(x.grad[same], np.asarray(case["grad_input"], dtype)[same])
    if name.startswith("feature"):  # one draw per (sample, channel)
        assert (mine == mine[:, :, :1]).all() if mine.ndim == 3 else \
            (mine == mine[:, :, :1, :1]).all()


def test_alpha_dropout_is_the_identity_unless_training_and_zeros_at_p_1():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    for fn in (F.alpha_dropout, F.feature_alpha_dropout):
        assert fn(x) is x  # training=False is the default (PyTorch's)
        assert fn(x, 0.0, True) is x
        np.testing.assert_array_equal(fn(x, 1.0, True).data, np.zeros((2, 3)))
    assert F.feature_alpha_dropout(Tensor([1.0, 2.0]), 0.5) is not None  # 1-D, not training
    with pytest.raises(ValueError, match="feature_alpha_dropout: .*at least 2 dimensions"):
        F.feature_alpha_dropout(Tensor([1.0, 2.0]), 0.5, True)


def test_the_alpha_dropout_layers_drop_in_training_only_from_their_generator():
    x = Tensor(np.ones((4, 5)))
    a, b = nn.AlphaDropout(0.5, seed=1), nn.AlphaDropout(0.5, seed=1)
    np.testing.assert_array_equal(a(x).data, b(x).data)
    assert not np.array_equal(a(x).data, x.data)
    assert a.eval()(x) is x and nn.FeatureAlphaDropout(0.2).eval()(x) is x


def test_rrelu_in_training_draws_a_slope_per_element_and_its_gradient_is_it():
    x = Tensor(np.linspace(-2, 2, 41), requires_grad=True)
    y = F.rrelu(x, 0.1, 0.3, training=True, generator=np.random.default_rng(0))
    y.sum().backward()
    positive = x.data > 0
    np.testing.assert_array_equal(y.data[positive], x.data[positive])
    np.testing.assert_array_equal(x.grad[positive], 1.0)
    slopes = x.grad[~positive]
    assert ((slopes >= 0.1) & (slopes <= 0.3)).all() and len(set(slopes)) == len(slopes)
    np.testing.assert_array_equal(y.data[~positive], x.data[~positive] * slopes)
    again = F.rrelu(x, 0.1, 0.3, training=True, generator=np.random.default_rng(0))
    np.testing.assert_array_equal(again.data, y.data)
    layer = nn.RReLU(0.1, 0.3, seed=0)
    np.testing.assert_array_equal(layer(x).data, y.data)
    np.testing.assert_array_equal(layer.eval()(x).data, F.rrelu(x, 0.1, 0.3).data)


# ------------------------------------------------------------------- gumbel_softmax


def test_gumbel_softmax_is_softmax_of_logits_plus_gumbel_noise():
    logits = Tensor(np.log([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25]]), requires_grad=True)
    noise = -np.log(np.random.default_rng(7).standard_exponential((2, 3)))
    soft = F.gumbel_softmax(logits, tau=0.5, generator=np.random.default_rng(7))
    expected = np.exp((logits.data + noise) / 0.5)
    np.testing.assert_allclose(soft.data, expected / expected.sum(-1, keepdims=True), **TIGHT)
    hard = F.gumbel_softmax(logits, tau=0.5, hard=True, generator=np.random.default_rng(7))
    np.testing.assert_array_equal(hard.data, np.eye(3)[soft.data.argmax(-1)])
    weights = np.arange(6.0).reshape(2, 3)
    (hard * weights).sum().backward()
    straight = logits.grad
    logits.grad = None
    (soft * weights).sum().backward()
    np.testing.assert_allclose(straight, logits.grad, **TIGHT)  # the soft sample's gradient
    with pytest.warns(UserWarning, match="eps argument is deprecated"):
        F.gumbel_softmax(logits, eps=1e-5)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: F.softshrink([1.0], -0.5), ValueError, "softshrink: lambd must be at least 0"),
    (lambda: nn.Softshrink(-1), ValueError, "Softshrink: lambd must be at least 0"),
    (lambda: F.glu(Tensor(1.0)), ValueError, "glu: does not support a 0-d input"),
    (lambda: F.glu(np.ones((2, 3))), ValueError, "dim 1 has size 3"),
    (lambda: F.glu(np.ones((2, 4)), 2), ValueError, "glu: dim 2 is out of range"),
    (lambda: F.rrelu([1.0], 0.5, 0.1), ValueError, r"rrelu: lower \(0.5\) must be at most"),
    (lambda: nn.RReLU(0.5, 0.1), ValueError, "RReLU: lower"),
    (lambda: F.channel_shuffle(np.ones((1, 4)), 2), ValueError, "more than 2 dims"),
    (lambda: F.channel_shuffle(np.ones((1, 5, 2)), 2), ValueError, "5 channels and groups=2"),
    (lambda: F.channel_shuffle(np.ones((1, 4, 2)), 0), ValueError, "groups must be positive"),
    (lambda: nn.ChannelShuffle(0), ValueError, "ChannelShuffle: groups must be at least 1"),
    (lambda: F.local_response_norm(np.ones((2, 3)), 2), ValueError, "3 or more dims"),
    (lambda: F.local_response_norm(np.ones((1, 3, 2)), 0), ValueError, "size must be at least"),
    (lambda: nn.Softmax2d()(np.ones((2, 3))), ValueError, "Softmax2d: expected a 3-D or 4-D"),
    (lambda: nn.Softmax2d()(np.ones((1, 1, 2, 2, 2))), ValueError, "got 5-D"),
    (lambda: F.threshold([1.0], "a", 0.0), TypeError, "threshold: threshold must be a number"),
    (lambda: F.conv_tbc(np.ones((5, 3)), np.ones((3, 3, 4)), np.ones(4)), ValueError,
     "conv_tbc: input must have 3 dims"),
    (lambda: F.conv_tbc(np.ones((5, 2, 2)), np.ones((3, 3, 4)), np.ones(4)), ValueError,
     "input's dim 2"),
    (lambda: F.conv_tbc(np.ones((5, 2, 3)), np.ones((3, 3, 4)), np.ones(2)), ValueError,
     "bias must have one entry per output channel"),
    (lambda: F.upsample_nearest(np.ones((1, 1, 2, 2)), size=np.ma.masked_array([1, 2])),
     TypeError, "upsample_nearest: size is a numpy masked array"),
])
def test_bad_arguments_are_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------- in place


@pytest.mark.parametrize(("name", "args"), [
    ("relu", ()), ("elu", (0.5,)), ("celu", (2.0,)), ("selu", ()), ("leaky_relu", (0.2,)),
    ("hardtanh", (-0.5, 0.5)), ("threshold", (0.5, -3.0)), ("rrelu", (0.1, 0.3)),
])
def test_in_place_activations_change_their_tensor_under_pytorchs_rules(name, args):
    x = Tensor(np.linspace(-2, 2, 9))
    expected = getattr(F, name)(x, *args).data
    assert getattr(F, name + "_")(x, *args) is x
    np.testing.assert_array_equal(x.data, expected)
    leaf = Tensor(np.linspace(-2, 2, 9), requires_grad=True)
    with pytest.raises(RuntimeError, match=f"{name}_: a leaf Variable that requires grad"):
        getattr(F, name + "_")(leaf, *args)
    doubled = leaf * 2  # the result of an op: changed in its graph, as PyTorch's
    assert getattr(F, name + "_")(doubled, *args) is doubled
    np.testing.assert_array_equal(doubled.data, getattr(F, name)(leaf * 2, *args).data)
    doubled.sum().backward()  # (rrelu in eval mode: its slope is fixed)
    reference = Tensor(np.linspace(-2, 2, 9), requires_grad=True)
    getattr(F, name)(reference * 2, *args).sum().backward()
    np.testing.assert_array_equal(leaf.grad, reference.grad)
    with no_grad():  # (a leaf that requires grad: under no_grad only, as PyTorch)
        getattr(F, name + "_")(leaf, *args)
    np.testing.assert_array_equal(leaf.data, expected)
