"""Spec rows for attention (nn/sequence/attention.py): F.scaled_dot_product_attention without a
mask,
with a bool or a float one, or causal; and F.multi_head_attention_forward, the maths of
nn.MultiheadAttention and of the Transformer layers, as a function of query, key and value
with its weights fixed and random.

tests/test_ops.py checks each row's values against the numpy references here, and its first
and second derivatives against central differences; the modules' numbers are PyTorch's in
tests/test_nn_attention.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import cat
from autograd.specs import OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)

Draw = Any
Shapes = tuple[tuple[int, ...], ...]


def _softmax(scores: np.ndarray) -> np.ndarray:
    """softmax over the last axis; a row of -inf throughout gives zeros (PyTorch's SDPA)."""
    top = scores.max(axis=-1, keepdims=True)
    e = np.exp(scores - np.where(np.isfinite(top), top, 0.0))
    total = e.sum(axis=-1, keepdims=True)
    return np.divide(e, total, out=np.zeros_like(e), where=total > 0)


# ------------------------------------------------------------- scaled_dot_product_attention


def sdpa_shapes(draw: Draw, arity: int) -> Shapes:
    """query (*batch, L, E), key (*batch', S, E), value (*batch'', S, Ev): batch of up to two
    axes, which key and value may hold at 1 (broadcast); L, S, E, Ev from 1 to 3."""
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=2))
    tgt, src, e, ev = (draw(st.integers(1, 3)) for _ in range(4))

    def some_ones(shape: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(n if draw(st.booleans()) else 1 for n in shape)
    return (batch + (tgt, e), some_ones(batch) + (src, e), some_ones(batch) + (src, ev))


def sdpa_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """No mask, a bool or a float one (of the scores' shape or (L, S)), or is_causal; and
    sometimes a scale."""
    tgt, src = shapes[0][-2], shapes[1][-2]
    full = np.broadcast_shapes(*(s[:-2] for s in shapes)) + (tgt, src)
    shape = draw(st.sampled_from([full, (tgt, src)]))
    kind = draw(st.sampled_from(["none", "bool", "float", "causal"]))
    kwargs: dict[str, Any] = {"scale": draw(st.sampled_from([None, 0.5, -1.5]))}
    if kind == "bool":
        kwargs["attn_mask"] = draw(hnp.arrays(np.bool_, shape))
    elif kind == "float":
        kwargs["attn_mask"] = draw(hnp.arrays(np.float64, shape, elements=st.floats(-2, 2)))
    elif kind == "causal":
        kwargs["is_causal"] = True
    return kwargs


def _ref_sdpa(q: np.ndarray, k: np.ndarray, v: np.ndarray, attn_mask: Any = None,
              is_causal: bool = False, scale: float | None = None) -> np.ndarray:
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ np.swapaxes(k, -1, -2) * scale
    if is_causal:
        attn_mask = np.tri(q.shape[-2], k.shape[-2], dtype=bool)
    if attn_mask is not None:
        mask = np.asarray(attn_mask)
        scores = scores + (np.where(mask, 0.0, -np.inf) if mask.dtype == bool else mask)
    return _softmax(scores) @ v


# ------------------------------------------------------------ multi_head_attention_forward


def mha_shapes(draw: Draw, arity: int) -> Shapes:
    """query (L, N, E), key and value (S, N, E), E = num_heads * head_dim: from 1 to 4."""
    tgt, src, batch = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    e = draw(st.sampled_from([1, 2, 4]))
    return ((tgt, batch, e), (src, batch, e), (src, batch, e))


def mha_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """Weights and biases in [-1, 1], the number of heads, whether the weights are
    returned (averaged or not), and sometimes a key padding mask that leaves a key."""
    (_, batch, e), src = shapes[0], shapes[1][0]

    def array(shape: tuple[int, ...]) -> np.ndarray:
        return draw(hnp.arrays(np.float64, shape, elements=st.floats(-1, 1)))
    padding = None
    if draw(st.booleans()):
        padding = draw(hnp.arrays(np.bool_, (batch, src)))
        padding[:, 0] = False
    return {"num_heads": draw(st.sampled_from([h for h in (1, 2) if e % h == 0])),
            "in_proj_weight": array((3 * e, e)), "in_proj_bias": array((3 * e,)),
            "out_proj_weight": array((e, e)), "out_proj_bias": array((e,)),
            "need_weights": draw(st.booleans()), "average_attn_weights": draw(st.booleans()),
            "key_padding_mask": padding}


def _mha(query: Any, key: Any, value: Any, num_heads: int, in_proj_weight: np.ndarray,
         in_proj_bias: np.ndarray, out_proj_weight: np.ndarray, out_proj_bias: np.ndarray,
         need_weights: bool, average_attn_weights: bool, key_padding_mask: Any) -> Any:
    """F.multi_head_attention_forward's output, and its weights after it (flattened); the
    weights in the input's dtype (the ONNX test runs each row in float32 too)."""
    w_in, b_in, w_out, b_out = (np.asarray(w, query.dtype) for w in (
        in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias))
    out, attn = F.multi_head_attention_forward(
        query, key, value, query.shape[-1], num_heads, w_in, b_in, None, None, False, 0.0,
        w_out, b_out, key_padding_mask=key_padding_mask, need_weights=need_weights,
        average_attn_weights=average_attn_weights)
    return out if attn is None else cat([out.reshape(-1), attn.reshape(-1)])


def _ref_mha(query: np.ndarray, key: np.ndarray, value: np.ndarray, num_heads: int,
             in_proj_weight: np.ndarray, in_proj_bias: np.ndarray,
             out_proj_weight: np.ndarray, out_proj_bias: np.ndarray, need_weights: bool,
             average_attn_weights: bool, key_padding_mask: Any) -> np.ndarray:
    (tgt, batch, e), hd = query.shape, query.shape[-1] // num_heads
    w, b = np.split(in_proj_weight, 3), np.split(in_proj_bias, 3)
    q, k, v = ((x @ w[i].T + b[i]).reshape(len(x), batch, num_heads, hd).transpose(1, 2, 0, 3)
               for i, x in enumerate((query, key, value)))  # (N, H, L or S, head_dim)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(hd)
    if key_padding_mask is not None:
        scores = scores + np.where(key_padding_mask, -np.inf, 0.0)[:, None, None, :]
    attn = _softmax(scores)
    out = (attn @ v).transpose(2, 0, 1, 3).reshape(tgt, batch, e) @ out_proj_weight.T
    out = out + out_proj_bias
    if not need_weights:
        return out
    attn = attn.mean(axis=1) if average_attn_weights else attn
    return np.concatenate([out.ravel(), attn.ravel()])


# Not drawn in random graphs (graphs=False): query, key and value must fit each other.
register(
    OpSpec("scaled_dot_product_attention",
           lambda q, k, v, **kw: F.scaled_dot_product_attention(q, k, v, **kw), _ref_sdpa,
           arity=3, shapes=sdpa_shapes, static=sdpa_static, graphs=False,
           api=("nn.functional.scaled_dot_product_attention",)),
    OpSpec("multi_head_attention_forward", _mha, _ref_mha, arity=3, shapes=mha_shapes,
           static=mha_static, graphs=False,
           api=("nn.functional.multi_head_attention_forward", "nn.MultiheadAttention",
                "nn.TransformerEncoderLayer", "nn.TransformerEncoder",
                "nn.TransformerDecoderLayer", "nn.TransformerDecoder", "nn.Transformer")),
)
