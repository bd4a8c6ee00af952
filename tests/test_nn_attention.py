"""Attention and the Transformer: F.scaled_dot_product_attention,
F.multi_head_attention_forward, nn.MultiheadAttention and the Transformer layers
(nn/sequence/attention.py, nn/sequence/attention_layers.py, nn/sequence/transformer.py).

PyTorch's numbers for the cases (its state_dict, the inputs and masks, then its outputs,
attention weights and every gradient after backward of a fixed weighted sum) are in
torch_numbers_attention.py, printed by torch_reference_attention.py; each case here loads
PyTorch's state_dict into gradproof's module and runs the same inputs. F.sdpa has spec rows
too (nn/specs/attention.py): tests/test_ops.py checks its values and first and second
derivatives against central differences.
"""

import copy
import warnings

import numpy as np
import pytest
from torch_numbers_attention import D_MODEL, DIM_FEEDFORWARD, NHEAD, TORCH_ATTENTION, TORCH_REPRS

import nn
from autograd import Tensor, gradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)

TIGHT = {"rtol": 1e-12, "atol": 1e-13}  # float64; sums run in another order than PyTorch's


def weighted_sum(results):
    """The reference's loss: each result times cos(0), cos(1), ... in C order, summed."""
    return sum((r * np.cos(np.arange(r.data.size)).reshape(r.shape)).sum() for r in results)


def mask(spec):
    """A mask spec of the reference as a mask: a float one that has a gradient there is a
    Tensor that requires grad here."""
    kind, value = spec
    if kind == "causal":
        return nn.Transformer.generate_square_subsequent_mask(value)
    if kind == "float":
        return Tensor(value, requires_grad=True)
    return np.array(value, dtype=bool)


def build(name, settings, **extra):
    """The module as the reference builds it (attention of embed_dim 4 and 2 heads, layers
    of D_MODEL, NHEAD, DIM_FEEDFORWARD, stacks of two)."""
    kwargs = {**settings, **extra}
    if name == "MultiheadAttention":
        return nn.MultiheadAttention(D_MODEL, kwargs.pop("num_heads", NHEAD), **kwargs)
    if name == "Transformer":
        return nn.Transformer(D_MODEL, NHEAD, 1, 1, DIM_FEEDFORWARD, **kwargs)
    if name in ("TransformerEncoder", "TransformerDecoder"):
        layer = getattr(nn, name + "Layer")(D_MODEL, NHEAD, DIM_FEEDFORWARD, **kwargs)
        return getattr(nn, name)(layer, 2, nn.LayerNorm(D_MODEL))
    return getattr(nn, name)(D_MODEL, NHEAD, DIM_FEEDFORWARD, **kwargs)


def run(case):
    """gradproof's call with PyTorch's state_dict, run as the reference ran PyTorch's."""
    module = None
    if case["call"] != "sdpa":
        module = build(case["call"], case["settings"], seed=0)
        module.load_state_dict(case["state_dict"])
        module.train(case["mode"] == "train")
    inputs = []
    for given in case["inputs"]:
        inputs.append(inputs[given] if isinstance(given, int) else
                      Tensor(given, requires_grad=True))
    kwargs = {k: mask(v) if isinstance(v, tuple) else v for k, v in case["keywords"].items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (mixed mask types warn, as in PyTorch)
        result = (F.scaled_dot_product_attention(*inputs, **kwargs) if module is None
                  else module(*inputs, **kwargs))
    results = [r for r in (result if isinstance(result, tuple) else (result,)) if r is not None]
    weighted_sum(results).backward()
    return module, inputs, kwargs, results


@pytest.mark.parametrize("name", list(TORCH_ATTENTION))
def test_outputs_weights_and_gradients_are_pytorchs(name):
    case = TORCH_ATTENTION[name]
    module, inputs, kwargs, results = run(case)
    assert len(results) == len(case["results"])
    for got, expected in zip(results, case["results"], strict=True):
        assert got.shape == np.shape(expected)
        np.testing.assert_allclose(got.data, expected, **TIGHT)
    for x, expected in zip(inputs, case["input_grads"], strict=True):
        if expected is not None:  # (None: the same Tensor as an earlier input)
            np.testing.assert_allclose(x.grad, expected, **TIGHT)
    for key, expected in case["mask_grads"].items():
        np.testing.assert_allclose(kwargs[key].grad, expected, **TIGHT)
    if module is not None:
        grads = {k: p.grad for k, p in module.named_parameters()}
        assert list(grads) == list(case["param_grads"])
        for key, expected in case["param_grads"].items():
            np.testing.assert_allclose(grads[key], expected, **TIGHT)


@pytest.mark.parametrize("name", [n for n, c in TORCH_ATTENTION.items() if c["state_dict"]])
def test_the_state_dict_has_pytorchs_names_shapes_and_order(name):
    case = TORCH_ATTENTION[name]
    state = build(case["call"], case["settings"]).state_dict()
    assert [(k, v.shape) for k, v in state.items()] == [
        (k, np.shape(v)) for k, v in case["state_dict"].items()]


def test_a_pytorch_state_dict_of_numpy_arrays_loads_and_gives_pytorchs_outputs():
    case = TORCH_ATTENTION["transformer_batch_first"]
    model = nn.Transformer(D_MODEL, NHEAD, 1, 1, DIM_FEEDFORWARD, batch_first=True,
                           dropout=0.0)
    before = [p for p in model.parameters()]
    missing, unexpected = model.load_state_dict(
        {k: np.array(v, dtype=np.float32) for k, v in case["state_dict"].items()})
    assert missing == unexpected == []
    assert all(p is q for p, q in zip(before, model.parameters(), strict=True))
    src, tgt = (np.array(x) for x in case["inputs"])
    out = model(src, tgt, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4))
    # float32 values, stored in the float64 parameters: PyTorch's to float32's precision
    np.testing.assert_allclose(out.data, case["results"][0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("layer", "kwargs", "expected"), TORCH_REPRS)
def test_repr_is_pytorchs(layer, kwargs, expected):
    assert repr(build(layer, kwargs)) == expected


# ------------------------------------------------------------- scaled_dot_product_attention


def test_sdpa_is_softmax_of_scaled_scores_times_values():
    rng = np.random.default_rng(0)
    q, k, v = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal((5, 2))
    scores = q @ k.T / 2.0
    weights = np.exp(scores - scores.max(-1, keepdims=True))
    expected = weights / weights.sum(-1, keepdims=True) @ v
    np.testing.assert_allclose(F.scaled_dot_product_attention(q, k, v).data, expected,
                               rtol=1e-14)
    # is_causal is the bool mask ones(L, S).tril() (top-left aligned, as PyTorch's)
    causal = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    masked = F.scaled_dot_product_attention(q, k, v, attn_mask=np.tri(3, 5, dtype=bool))
    np.testing.assert_array_equal(causal.data, masked.data)


def test_sdpa_gradients_pass_gradcheck_with_masks_and_dropout_off():
    rng = np.random.default_rng(1)
    q, k, v = (Tensor(rng.standard_normal(s), requires_grad=True)
               for s in ((2, 3, 2), (2, 4, 2), (2, 4, 3)))
    bias = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    assert gradcheck(lambda *xs: F.scaled_dot_product_attention(*xs), (q, k, v, bias))


def test_sdpa_dropout_draws_from_the_generator_and_always_applies():
    q = np.ones((2, 3, 4))
    one = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5,
                                         generator=np.random.default_rng(5))
    two = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5,
                                         generator=np.random.default_rng(5))
    np.testing.assert_array_equal(one.data, two.data)
    # weights 1/3 each, kept ones doubled: each output is a multiple of 2/3
    np.testing.assert_allclose(one.data * 1.5, np.round(one.data * 1.5), atol=1e-12)
    assert not np.allclose(one.data, 1.0)


def test_sdpa_computes_in_float32():
    q = np.ones((2, 3), np.float32)
    assert F.scaled_dot_product_attention(q, q, q, attn_mask=np.ones((2, 2), bool)).dtype == \
        np.float32


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"attn_mask": np.ones((3, 5), bool), "is_causal": True}, ValueError,
     "attn_mask should not be set when is_causal=True"),
    ({"attn_mask": np.ones((3, 5), np.int64)}, TypeError, "bool or floating-point"),
    ({"attn_mask": np.ones((4, 5), bool)}, ValueError, "does not broadcast"),
    ({"attn_mask": np.ones((1, 2, 3, 5), bool)}, ValueError, "does not broadcast"),
    ({"dropout_p": 1.5}, ValueError, "between 0 and 1"),
    ({"scale": "a"}, TypeError, "scale must be a number"),
    ({"is_causal": 1}, TypeError, "is_causal"),
    ({"enable_gqa": True}, ValueError, "heads axis"),
])
def test_sdpa_refuses_what_pytorch_refuses(kwargs, error, words):
    rng = np.random.default_rng(0)
    q, k, v = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 5, 4)), \
        rng.standard_normal((2, 5, 6))
    if kwargs.get("enable_gqa"):
        q, k, v = q[0], k[0], v[0]
    with pytest.raises(error, match=words):
        F.scaled_dot_product_attention(q, k, v, **kwargs)


@pytest.mark.parametrize(("shapes", "words"), [
    (((3, 4), (5, 3), (5, 6)), "do not fit"),
    (((3, 4), (5, 4), (4, 6)), "do not fit"),
    (((4,), (5, 4), (5, 6)), "at least 2 dimensions"),
    (((2, 3, 4), (3, 5, 4), (3, 5, 6)), "do not broadcast"),
    (((1, 4, 3, 2), (1, 3, 5, 2), (1, 3, 5, 2)), "must divide"),
])
def test_sdpa_refuses_shapes_that_do_not_fit(shapes, words):
    q, k, v = (np.ones(s) for s in shapes)
    with pytest.raises(ValueError, match=words):
        F.scaled_dot_product_attention(q, k, v, enable_gqa=len(shapes[0]) == 4)


# ---------------------------------------------------------------------- MultiheadAttention


def test_mha_initialisation_is_pytorchs():
    mha = nn.MultiheadAttention(40, 4, add_bias_kv=True, seed=0)
    bound = np.sqrt(6 / (40 + 120))  # xavier_uniform_ of (3E, E)
    w = mha.in_proj_weight.data
    assert np.all(np.abs(w) <= bound) and w.max() > 0.95 * bound and w.min() < -0.95 * bound
    assert not mha.in_proj_bias.data.any() and not mha.out_proj.bias.data.any()
    assert np.all(np.abs(mha.out_proj.weight.data) <= 1 / np.sqrt(40))  # a Linear's
    assert 0.5 < mha.bias_k.data.std() * np.sqrt(40) < 1.5  # xavier_normal_: std 1/sqrt(E)
    again = nn.MultiheadAttention(40, 4, add_bias_kv=True, seed=0)
    assert all(np.array_equal(p.data, q.data)
               for p, q in zip(mha.parameters(), again.parameters(), strict=True))
    separate = nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False, dtype=np.float32)
    assert [(k, v.shape, v.dtype) for k, v in separate.state_dict().items()] == [
        ("q_proj_weight", (4, 4), np.float32), ("k_proj_weight", (4, 3), np.float32),
        ("v_proj_weight", (4, 5), np.float32), ("out_proj.weight", (4, 4), np.float32)]
    assert separate.in_proj_weight is None and separate.in_proj_bias is None
    assert isinstance(mha.out_proj, nn.Linear)


def test_mha_with_dropout_in_eval_mode_is_the_module_without_dropout():
    x = np.random.default_rng(0).standard_normal((3, 2, 4))
    with_dropout = nn.MultiheadAttention(4, 2, dropout=0.5, seed=1).eval()
    without = nn.MultiheadAttention(4, 2, seed=1)
    for a, b in zip(with_dropout(x, x, x), without(x, x, x), strict=True):
        np.testing.assert_array_equal(a.data, b.data)
    with_dropout.train()
    assert not np.allclose(with_dropout(x, x, x)[1].data, without(x, x, x)[1].data)


def test_a_sample_with_every_key_padded_is_nan_with_weights_and_its_bias_without():
    # PyTorch's two paths: softmax of a row of -inf (nan), and SDPA's safe softmax (zeros,
    # then out_proj's bias)
    mha = nn.MultiheadAttention(4, 2, seed=0)
    nn.init.uniform_(mha.out_proj.bias)
    x = Tensor(np.random.default_rng(0).standard_normal((3, 2, 4)), requires_grad=True)
    padding = np.array([[False, True, False], [True, True, True]])
    with np.errstate(invalid="ignore"):  # (softmax of a row of -inf: nan, as PyTorch's)
        out, weights = mha(x, x, x, key_padding_mask=padding)
    assert np.isnan(out.data[:, 1]).all() and np.isnan(weights.data[1]).all()
    assert np.isfinite(out.data[:, 0]).all()
    out, _ = mha(x, x, x, key_padding_mask=padding, need_weights=False)
    np.testing.assert_allclose(out.data[:, 1], np.broadcast_to(mha.out_proj.bias.data, (3, 4)))
    out.sum().backward()
    assert np.isfinite(x.grad).all()


def test_mixed_mask_types_warn_as_pytorch():
    mha, x = nn.MultiheadAttention(4, 2), np.ones((3, 2, 4))
    with pytest.warns(UserWarning, match="mismatched key_padding_mask and attn_mask"):
        mha(x, x, x, key_padding_mask=np.zeros((2, 3), bool), attn_mask=np.zeros((3, 3)))


def test_multi_head_attention_forward_is_the_modules_forward():
    mha = nn.MultiheadAttention(4, 2, add_bias_kv=True, seed=3)
    rng = np.random.default_rng(3)
    q, k = rng.standard_normal((3, 2, 4)), rng.standard_normal((5, 2, 4))
    expected = mha(q, k, k, attn_mask=np.eye(3, 5, dtype=bool))
    got = F.multi_head_attention_forward(
        q, k, k, 4, 2, mha.in_proj_weight, mha.in_proj_bias, mha.bias_k, mha.bias_v, False,
        0.0, mha.out_proj.weight, mha.out_proj.bias, attn_mask=np.eye(3, 5, dtype=bool))
    for a, b in zip(got, expected, strict=True):
        np.testing.assert_array_equal(a.data, b.data)
    # static keys and values, (N*num_heads, S, head_dim), replace the projected ones
    static = rng.standard_normal((4, 6, 2))
    out, weights = F.multi_head_attention_forward(
        q, k, k, 4, 2, mha.in_proj_weight, mha.in_proj_bias, None, None, False, 0.0,
        mha.out_proj.weight, mha.out_proj.bias, static_k=static, static_v=static,
        average_attn_weights=False)
    assert out.shape == (3, 2, 4) and weights.shape == (2, 2, 3, 6)


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda m, x: m(x, x, x, is_causal=True), ValueError, "Need attn_mask"),
    (lambda m, x: m(x[None], x[None], x[None]), ValueError, "3-D"),
    (lambda m, x: m(x, x, x, key_padding_mask=np.zeros((2, 3), int)), TypeError, "bool or"),
    (lambda m, x: m(x, x, x, key_padding_mask=np.zeros((2, 4), bool)), ValueError,
     "key_padding_mask of shape"),
    (lambda m, x: m(x, x, x, attn_mask=np.zeros((3, 4))), ValueError, "attn_mask of shape"),
    (lambda m, x: m(x, x, x, attn_mask=np.zeros((2, 3, 3))), ValueError, "attn_mask of shape"),
    (lambda m, x: m(x[..., :3], x, x), ValueError, "embedding dimension of 4"),
    (lambda m, x: m(x, x, x[:2]), ValueError, "do not fit"),
    (lambda m, x: m(x.astype(np.float32), x, x), ValueError, "dtype"),
    (lambda m, x: m(x, x[:, :1], x[:, :1]), ValueError, "batch"),
])
def test_mha_refuses_what_pytorch_refuses(call, error, words):
    with pytest.raises(error, match=words):
        call(nn.MultiheadAttention(4, 2), np.ones((3, 2, 4)))


@pytest.mark.parametrize(("args", "error", "words"), [
    ((4, 0), ValueError, "greater than 0"), ((4, 3), ValueError, "divisible by num_heads"),
    ((4, 2.0), TypeError, "num_heads"), ((4, 2, 1.5), ValueError, "between 0 and 1"),
])
def test_mha_settings_are_checked(args, error, words):
    with pytest.raises(error, match=words):
        nn.MultiheadAttention(*args)


# ----------------------------------------------------------------------------- Transformer


def test_generate_square_subsequent_mask_is_pytorchs():
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    np.testing.assert_array_equal(mask.data, [[0, -np.inf, -np.inf], [0, 0, -np.inf],
                                              [0, 0, 0]])
    assert mask.dtype == np.float64
    assert nn.Transformer.generate_square_subsequent_mask(2, dtype=np.float32).dtype == \
        np.float32


def test_a_stack_holds_deep_copies_that_share_the_random_generator():
    layer = nn.TransformerEncoderLayer(4, 2, 8, seed=0)
    encoder = nn.TransformerEncoder(layer, 3)
    weights = [m.linear1.weight for m in encoder.layers]
    assert len({id(w) for w in weights}) == 3 and all(w is not layer.linear1.weight
                                                      for w in weights)
    assert all(np.array_equal(w.data, layer.linear1.weight.data) for w in weights)
    rngs = {id(m._rng) for m in encoder.modules() if hasattr(m, "_rng")}
    assert rngs == {id(layer.dropout._rng)}  # one stream: each layer draws its own masks
    assert len(encoder.parameters()) == 3 * len(layer.parameters())


def test_is_causal_is_detected_from_the_mask_as_pytorch():
    from nn.sequence.transformer import detect_is_causal_mask
    causal = nn.Transformer.generate_square_subsequent_mask(4)
    assert detect_is_causal_mask(causal, None, 4)
    assert detect_is_causal_mask(np.triu(np.ones((4, 4), bool), 1))
    assert not detect_is_causal_mask(causal, None, 3)
    assert not detect_is_causal_mask(np.zeros((4, 4)))
    assert detect_is_causal_mask(None, True) and not detect_is_causal_mask(causal, False)


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: nn.TransformerEncoderLayer(4, 2, activation="tanh"), ValueError,
     "activation should be relu/gelu, not 'tanh'"),
    (lambda: nn.TransformerEncoderLayer(4, 2, activation=3), TypeError, "activation"),
    (lambda: nn.TransformerEncoderLayer(4, 3), ValueError, "divisible by nhead"),
    (lambda: nn.TransformerEncoderLayer(4, 2, dropout=2.0), ValueError, "between 0 and 1"),
    (lambda: nn.TransformerEncoderLayer(4, 2)(np.ones((3, 2, 4)), is_causal=True),
     ValueError, "Need attn_mask"),
    (lambda: nn.TransformerEncoderLayer(4, 2)(np.ones((3, 2, 5))), ValueError, "d_model"),
    (lambda: nn.TransformerEncoder("layer", 2), TypeError, "nn.Module"),
    (lambda: nn.Transformer(4, 2, 1, 1, 8)(np.ones((3, 2, 4)), np.ones((3, 1, 4))),
     ValueError, "batch number"),
])
def test_transformer_errors_are_pytorchs(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_mixed_masks_warn_in_the_encoder_layer_too():
    layer, x = nn.TransformerEncoderLayer(4, 2, 8), np.ones((3, 2, 4))
    with pytest.warns(UserWarning, match="mismatched src_key_padding_mask and src_mask"):
        layer(x, src_mask=np.zeros((3, 3)), src_key_padding_mask=np.zeros((2, 3), bool))


def test_layers_compute_in_float32_and_take_callables_as_activation():
    layer = nn.TransformerDecoderLayer(4, 2, 8, activation=nn.GELU(), dtype=np.float32)
    out = layer(np.ones((3, 2, 4), np.float32), np.ones((5, 2, 4), np.float32))
    assert out.dtype == np.float32 and out.shape == (3, 2, 4)
    assert isinstance(layer.activation, nn.GELU)
    assert nn.TransformerEncoderLayer(4, 2, activation="gelu").activation_relu_or_gelu == 2
    model = nn.Transformer(4, 2, 1, 1, 8).float()
    assert model(np.ones((3, 2, 4), np.float32), np.ones((2, 2, 4), np.float32)).dtype == \
        np.float32


def test_a_tiny_transformer_learns_to_copy_the_previous_token():
    # Each position predicts the token before it: attention with a causal mask must learn
    # to look one step back. The loss falls from log(4) to a fraction of it.
    nn.manual_seed(0)
    rng = np.random.default_rng(0)
    embed = nn.Embedding(4, 8)
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
    encoder, head = nn.TransformerEncoder(layer, 1), nn.Linear(8, 4)
    position = nn.Parameter(rng.standard_normal((6, 8)) * 0.5)
    params = embed.parameters() + encoder.parameters() + head.parameters() + [position]
    optimizer = nn.optim.Adam(params, lr=0.02)
    mask = nn.Transformer.generate_square_subsequent_mask(6)
    losses = []
    for _ in range(60):
        tokens = rng.integers(0, 4, (16, 6))
        logits = head(encoder(embed(tokens) + position, mask=mask))
        loss = F.cross_entropy(logits[:, 1:].reshape(-1, 4), tokens[:, :-1].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss.data))
    assert losses[0] > 1.2 and np.mean(losses[-5:]) < 0.5 * losses[0]


def test_deep_copies_of_a_layer_compute_what_it_computes():
    layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, seed=2)
    x = np.random.default_rng(2).standard_normal((3, 2, 4))
    np.testing.assert_array_equal(copy.deepcopy(layer)(x).data, layer(x).data)


# -------------------------------------------------------------------------------- ONNX


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_transformer_encoder_exports_to_onnx_with_dynamic_batch_and_length(dtype):
    from onnx_helpers import assert_same, randn, run
    nn.manual_seed(0)
    layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=True)
    model = nn.TransformerEncoder(layer, 2, nn.LayerNorm(4)).to(dtype)
    axes = {"input": {0: "batch", 1: "length"}, "output": {0: "batch", 1: "length"}}
    proto = nn.export_onnx(model, randn(2, 3, 4, dtype=dtype), None, dynamic_axes=axes)
    model.eval()
    for n, length in ((1, 3), (5, 6)):
        x = randn(n, length, 4, dtype=dtype, seed=n)
        assert_same(run(proto, x)[0], model(x))


def test_attention_with_masks_and_weights_exports_to_onnx():
    from onnx_helpers import assert_same, randn, run
    mha = nn.MultiheadAttention(4, 2, kdim=3, add_bias_kv=True, seed=0)
    padding = np.array([[False, True, False, False, False], [False] * 5])

    def attend(q, k, v):
        return mha(q, k, v, key_padding_mask=padding, average_attn_weights=False)

    inputs = (randn(3, 2, 4), randn(5, 2, 3, seed=1), randn(5, 2, 4, seed=2))
    proto = nn.export_onnx(attend, inputs, None)
    for got, expected in zip(run(proto, *inputs), attend(*inputs), strict=True):
        assert_same(got, expected)
    decoder = nn.Transformer(4, 2, 1, 1, 8, seed=0).eval()
    src, tgt = randn(3, 2, 4), randn(4, 2, 4, seed=3)
    mask = nn.Transformer.generate_square_subsequent_mask(4)
    proto = nn.export_onnx(lambda s, t: decoder(s, t, tgt_mask=mask), (src, tgt), None)
    assert_same(run(proto, src, tgt)[0], decoder(src, tgt, tgt_mask=mask))
