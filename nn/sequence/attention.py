"""Attention: F.scaled_dot_product_attention and F.multi_head_attention_forward, with
PyTorch's signatures, masks, checks and numbers (nn.MultiheadAttention, built on the second,
is in nn/sequence/attention_layers.py; the Transformer layers in nn/sequence/transformer.py).

    attention(Q, K, V) = softmax(Q K^T * scale + bias) V,     scale = 1/sqrt(E) by default

over the last two axes: Q (..., L, E), K (..., S, E) and V (..., S, Ev) give (..., L, Ev);
the leading (batch, head) axes broadcast. The bias is how masks act on the scores:

- scaled_dot_product_attention: a bool attn_mask marks the (query, key) pairs that TAKE
  PART (False adds -inf); a float one is added; is_causal lets query i see keys 0..i
  (top-left aligned: ones(L, S).tril()). A row with no key left gives zeros, not nan
  (PyTorch's safe softmax), and no nan reaches the gradients.
- MultiheadAttention (and the Transformer layers): the other way round, as PyTorch: a bool
  mask's True marks a position NOT to attend (a padding key in key_padding_mask); float
  masks are added. With need_weights=True (the default) a row with no key left is nan, as
  PyTorch's; with need_weights=False it goes through scaled_dot_product_attention (zeros).

All of it is autograd's public ops (linear, matmul, softmax, reshape, transpose, where,
concatenate), so gradients of every order come for free; a float mask given as a Tensor
that requires grad gets its gradient too. Dropout on the attention weights draws from
`generator=` (a module's own, from its seed= or generator=), by default nn.manual_seed's.
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

import numpy as np

import autograd
from autograd import Tensor
from autograd.arguments import shown

from .. import arguments
from ..dropouts.dropout import dropout as _dropout

SDPA = "scaled_dot_product_attention"


def _floating(x: Any, where: str, name: str) -> Tensor:
    t = arguments.tensor(x, where, name)
    if t.dtype.kind != "f":
        raise TypeError(f"{where}: {name} must be a floating-point Tensor, got dtype {t.dtype}")
    return t


def probability(p: Any, name: str, where: str) -> float:
    """A dropout probability in [0, 1], as a float (PyTorch refuses p > 1; a negative one,
    which its attention takes as no dropout, is refused too, as F.dropout refuses it)."""
    if not isinstance(p, numbers.Real) or isinstance(p, bool):
        raise TypeError(f"{where}: {name} must be a number, a probability in [0, 1], got "
                        f"{shown(p)}")
    if not 0 <= p <= 1:
        raise ValueError(f"{where}: {name} (a dropout probability) must be between 0 and 1, "
                         f"got {p!r}")
    return float(p)


def mask_bias(mask: Any, where: str, name: str, dtype: Any, true_attends: bool) -> Any:
    """A mask as the bias added to the scores: None; a float Tensor as it is (in `dtype`,
    so a learned bias gets its gradient); numbers as an array: a float mask's own, a bool
    mask's 0 where it lets attend and -inf where it does not (True attends when
    `true_attends`, scaled_dot_product_attention's sense; else True blocks, nn's)."""
    if mask is None:
        return None
    if isinstance(mask, Tensor) and mask.dtype.kind == "f":
        return mask if mask.dtype == dtype else mask.astype(dtype)
    m = arguments.constant(mask, where, name)
    if m.dtype == np.bool_:
        return np.where(m if true_attends else ~m, 0.0, -np.inf).astype(dtype)
    if m.dtype.kind != "f":
        raise TypeError(f"{where}: {name} must be a bool or floating-point mask (only bool "
                        f"and floating types are supported), got dtype {m.dtype}")
    return m.astype(dtype)


def _softmax(scores: Tensor, bias: Any) -> Tensor:
    """softmax over the keys; a row whose bias is -inf throughout gives zeros (PyTorch's
    _safe_softmax). Such rows are read from the mask (a constant), never from the scores,
    and their scores are replaced by 0 first, so no nan is made even in the gradient."""
    if bias is not None:
        b = np.atleast_1d(bias.data if isinstance(bias, Tensor) else bias)
        dead = np.all(np.isneginf(b), axis=-1, keepdims=True)
        if dead.any():
            weights = autograd.where(dead, 0.0, scores).softmax(-1)
            return autograd.where(dead, 0.0, weights)
    return scores.softmax(-1)


def _grouped(q: Tensor, k: Tensor, v: Tensor) -> tuple[Tensor, Tensor]:
    """enable_gqa: each key and value head serves a group of query heads (axis -3)."""
    if min(q.ndim, k.ndim, v.ndim) < 3:
        raise ValueError(f"{SDPA}: enable_gqa=True needs a heads axis (-3): got query, key "
                         f"and value of shapes {q.shape}, {k.shape} and {v.shape}")
    heads = q.shape[-3]
    if heads % k.shape[-3] or heads % v.shape[-3]:
        raise ValueError(f"{SDPA}: the number of heads in key ({k.shape[-3]}) and value "
                         f"({v.shape[-3]}) must divide the number of heads in query ({heads})")
    return (k.repeat_interleave(heads // k.shape[-3], -3),
            v.repeat_interleave(heads // v.shape[-3], -3))


def scaled_dot_product_attention(query: Any, key: Any, value: Any, attn_mask: Any = None,
                                 dropout_p: float = 0.0, is_causal: bool = False,
                                 scale: float | None = None, enable_gqa: bool = False, *,
                                 generator: np.random.Generator | None = None) -> Tensor:
    """softmax(query @ key^T * scale + bias) @ value (torch.nn.functional's): query
    (..., L, E), key (..., S, E), value (..., S, Ev) -> (..., L, Ev). attn_mask: bool (True
    takes part) or float (added), broadcast to (..., L, S); is_causal: query i sees keys
    0..i (no attn_mask with it); scale: 1/sqrt(E) unless given; dropout_p: dropout on the
    weights, always (as PyTorch: no training flag); enable_gqa: key and value heads (axis
    -3) each serve a group of query heads."""
    q, k, v = (_floating(t, SDPA, name) for t, name in
               ((query, "query"), (key, "key"), (value, "value")))
    p = probability(dropout_p, "dropout_p", SDPA)
    is_causal = arguments.flag(is_causal, "is_causal", SDPA)
    scale = arguments.optional_number(scale, "scale", SDPA)
    arguments.generator(generator, SDPA)
    if arguments.flag(enable_gqa, "enable_gqa", SDPA):
        k, v = _grouped(q, k, v)
    if min(q.ndim, k.ndim, v.ndim) < 2 or k.dtype != q.dtype or v.dtype != q.dtype:
        raise ValueError(f"{SDPA}: expected query, key and value of at least 2 dimensions and "
                         f"one dtype, got shapes {q.shape}, {k.shape} and {v.shape}, dtypes "
                         f"{q.dtype}, {k.dtype} and {v.dtype}")
    if k.shape[-1] != q.shape[-1] or v.shape[-2] != k.shape[-2]:
        raise ValueError(f"{SDPA}: query (..., L, E) {q.shape}, key (..., S, E) {k.shape} and "
                         f"value (..., S, Ev) {v.shape} do not fit")
    try:
        np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except ValueError:
        raise ValueError(f"{SDPA}: the leading dims of query {q.shape}, key {k.shape} and "
                         f"value {v.shape} do not broadcast") from None
    if is_causal and attn_mask is not None:
        raise ValueError(f"{SDPA}: explicit attn_mask should not be set when is_causal=True "
                         f"(got attn_mask {shown(attn_mask)})")
    (tgt_len, e), src_len = q.shape[-2:], k.shape[-2]
    if is_causal:
        bias = np.where(np.tri(tgt_len, src_len, dtype=bool), 0.0, -np.inf).astype(q.dtype)
    else:
        bias = mask_bias(attn_mask, SDPA, "attn_mask", q.dtype, true_attends=True)
    factor = (1 / math.sqrt(e) if e else math.inf) if scale is None else scale
    scores = (q * factor) @ k.transpose(-2, -1)
    if bias is not None:
        scores = _add_bias(scores, bias, SDPA, "attn_mask")
    weights = _softmax(scores, bias)
    if p > 0:
        weights = _dropout(weights, p, True, generator=generator)
    return weights @ v


def _add_bias(scores: Tensor, bias: Any, where: str, name: str) -> Tensor:
    """scores + bias, the bias broadcast to the scores' shape (never the other way)."""
    shape = np.shape(bias.data if isinstance(bias, Tensor) else bias)
    try:
        fits = np.broadcast_shapes(shape, scores.shape) == scores.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"{where}: {name} of shape {shape} does not broadcast to the "
                         f"attention scores' shape {scores.shape} (..., L, S)")
    return scores + bias


# ------------------------------------------------------------- multi-head attention

MHA = "multi_head_attention_forward"


def multi_head_attention_forward(
        query: Any, key: Any, value: Any, embed_dim_to_check: int, num_heads: int,
        in_proj_weight: Any, in_proj_bias: Any, bias_k: Any, bias_v: Any, add_zero_attn: bool,
        dropout_p: float, out_proj_weight: Any, out_proj_bias: Any, training: bool = True,
        key_padding_mask: Any = None, need_weights: bool = True, attn_mask: Any = None,
        use_separate_proj_weight: bool = False, q_proj_weight: Any = None,
        k_proj_weight: Any = None, v_proj_weight: Any = None, static_k: Any = None,
        static_v: Any = None, average_attn_weights: bool = True, is_causal: bool = False, *,
        generator: np.random.Generator | None = None) -> tuple[Tensor, Tensor | None]:
    """MultiheadAttention's forward as a function of its weights (torch.nn.functional's),
    sequence first: query (L, N, E), key (S, N, Ek) and value (S, N, Ev), or unbatched
    (L, E), (S, Ek), (S, Ev). The weights are in_proj_weight (3E, E) and in_proj_bias (3E,),
    or with use_separate_proj_weight=True q_proj_weight (E, E), k_proj_weight (E, Ek),
    v_proj_weight (E, Ev) (in_proj_bias still gives their biases); bias_k and bias_v
    (1, 1, E) append a learned key and value; static_k and static_v (N*num_heads, S,
    E/num_heads) replace the projected keys and values. Masks as MultiheadAttention's;
    dropout_p applies only when training. Returns (output (L, N, E), weights or None)."""
    return attend_heads(MHA, query, key, value, embed_dim_to_check, num_heads,
                        in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p,
                        out_proj_weight, out_proj_bias, training, key_padding_mask,
                        need_weights, attn_mask, use_separate_proj_weight, q_proj_weight,
                        k_proj_weight, v_proj_weight, static_k, static_v,
                        average_attn_weights, is_causal, generator)


def qkv_tensors(where: str, query: Any, key: Any, value: Any, fn: Any = None
                ) -> tuple[Any, ...]:
    """query, key and value as Tensors (or fn of them), the same object where they were:
    self-attention's one input is projected by one linear."""
    def make(x: Any, name: str) -> Tensor:
        return fn(x) if fn else _floating(x, where, name)
    q = make(query, "query")
    k = q if key is query else make(key, "key")
    return q, k, (k if value is key else q if value is query else make(value, "value"))


def _weight(w: Any, where: str, name: str, shape: tuple[int, ...], dtype: Any) -> Tensor:
    """A projection's weight or bias as a Tensor of `shape` (-1: any size) and `dtype`."""
    if w is None:
        raise ValueError(f"{where}: {name} is None but is needed here")
    t = arguments.tensor(w, where, name)
    if t.ndim != len(shape) or any(n not in (-1, m) for n, m in zip(shape, t.shape, strict=True)):
        raise ValueError(f"{where}: {name} of shape {t.shape} does not fit: expected "
                         f"{tuple(n if n >= 0 else '*' for n in shape)}")
    if t.dtype != dtype:
        raise ValueError(f"{where}: the input's dtype ({dtype}) does not match {name}'s "
                         f"({t.dtype}): PyTorch does not promote; convert one of them")
    return t


def _mask(mask: Any, where: str, name: str, dtype: Any) -> Tensor | None:
    """nn's mask (bool: True blocks) as a float Tensor bias of the query's dtype."""
    bias = mask_bias(mask, where, name, dtype, true_attends=False)
    return bias if bias is None or isinstance(bias, Tensor) else Tensor(bias)


def canonical_masks(where: str, dtype: Any, padding: Any, padding_name: str, mask: Any,
                    mask_name: str) -> tuple[Tensor | None, Tensor | None]:
    """A key padding mask and an attention mask as nn's float biases (PyTorch's
    _canonical_mask: bool True blocks), warning as PyTorch when their dtypes differ."""
    if padding is not None and mask is not None and (
            _dtype_of(padding, where, padding_name) != _dtype_of(mask, where, mask_name)):
        warnings.warn(f"Support for mismatched {padding_name} and {mask_name} is deprecated. "
                      "Use same type for both instead.", UserWarning, stacklevel=4)
    return _mask(padding, where, padding_name, dtype), _mask(mask, where, mask_name, dtype)


def _dtype_of(mask: Any, where: str, name: str) -> Any:
    return mask.dtype if isinstance(mask, Tensor) else arguments.constant(mask, where,
                                                                          name).dtype


def _pad_key(m: Tensor | None) -> Tensor | None:
    """One more key (bias_k or a zero key) that every query may attend: a 0 column."""
    return None if m is None else autograd.pad(m, (0, 1))


def attend_heads(where: str, query: Any, key: Any, value: Any, embed_dim_to_check: int,
                 num_heads: int, in_proj_weight: Any, in_proj_bias: Any, bias_k: Any,
                 bias_v: Any, add_zero_attn: bool, dropout_p: float, out_proj_weight: Any,
                 out_proj_bias: Any, training: bool, key_padding_mask: Any, need_weights: bool,
                 attn_mask: Any, use_separate_proj_weight: bool, q_proj_weight: Any,
                 k_proj_weight: Any, v_proj_weight: Any, static_k: Any, static_v: Any,
                 average_attn_weights: bool, is_causal: bool, generator: Any
                 ) -> tuple[Tensor, Tensor | None]:
    """multi_head_attention_forward, its errors naming `where` (PyTorch's steps and order).
    Each reshape names every length (no -1), so an ONNX export may make the batch and the
    sequences dynamic axes (not with add_zero_attn: its zero key is a constant)."""
    q, k, v = qkv_tensors(where, query, key, value)
    embed_dim = arguments.count(embed_dim_to_check, "embed_dim_to_check", where, minimum=1)
    heads = arguments.count(num_heads, "num_heads", where, minimum=1)
    p = probability(dropout_p, "dropout_p", where)
    flags = {name: arguments.flag(f, name, where) for name, f in (
        ("add_zero_attn", add_zero_attn), ("training", training),
        ("need_weights", need_weights), ("use_separate_proj_weight", use_separate_proj_weight),
        ("average_attn_weights", average_attn_weights), ("is_causal", is_causal))}
    is_causal, separate = flags["is_causal"], flags["use_separate_proj_weight"]
    arguments.generator(generator, where)
    (in_proj_weight, in_proj_bias, bias_k, bias_v, out_proj_weight, out_proj_bias, q_proj_weight,
     k_proj_weight, v_proj_weight, static_k, static_v) = (
        None if x is None else arguments.tensor(x, where, name) for x, name in (
            (in_proj_weight, "in_proj_weight"), (in_proj_bias, "in_proj_bias"),
            (bias_k, "bias_k"), (bias_v, "bias_v"), (out_proj_weight, "out_proj_weight"),
            (out_proj_bias, "out_proj_bias"), (q_proj_weight, "q_proj_weight"),
            (k_proj_weight, "k_proj_weight"), (v_proj_weight, "v_proj_weight"),
            (static_k, "static_k"), (static_v, "static_v")))
    kpm, float_mask = canonical_masks(where, q.dtype, key_padding_mask, "key_padding_mask",
                                      attn_mask, "attn_mask")
    batched = q.ndim == 3
    kpm_dims, mask_dims = (-1 if m is None else m.ndim for m in (kpm, float_mask))
    if q.ndim not in (2, 3) or k.ndim != q.ndim or v.ndim != q.ndim or (
            kpm_dims not in (-1, q.ndim - 1)) or mask_dims not in (-1, 2, 3):
        raise ValueError(
            f"{where}: expected query, key and value all 3-D (batched) or all 2-D "
            f"(unbatched), key_padding_mask None or with one dim less, attn_mask None, 2-D or "
            f"3-D; got query {q.shape}, key {k.shape}, value {v.shape}, key_padding_mask of "
            f"{kpm_dims} dims and attn_mask of {mask_dims} (-1: None)")
    if not batched:  # a batch of one, squeezed out at the end
        q, k, v = qkv_tensors(where, q, k, v, lambda t: t.unsqueeze(1))
        kpm = None if kpm is None else kpm.unsqueeze(0)
    (tgt_len, bsz, embed), src_len = q.shape, k.shape[0]
    if is_causal and attn_mask is None:
        raise ValueError(f"{where}: Need attn_mask if specifying the is_causal hint. You may "
                         "use the Transformer module method `generate_square_subsequent_mask` "
                         "to create this mask.")
    if is_causal and kpm is None and not flags["need_weights"]:
        mask = None  # the hint alone: scaled_dot_product_attention's causal mask
    else:
        mask = float_mask
        is_causal = is_causal and kpm is None  # merged with padding, no longer causal
    if embed != embed_dim or embed % heads:
        raise ValueError(f"{where}: was expecting embedding dimension of {embed_dim}, "
                         f"divisible by num_heads={heads}, but got query of shape {q.shape}")
    if k.shape[:-1] != (src_len, bsz) or (v.shape[:-1] if separate else v.shape) != (
            k.shape[:-1] if separate else k.shape):
        raise ValueError(f"{where}: key {k.shape} and value {v.shape} do not fit query "
                         f"{q.shape}: expected (S, N, *) with the query's batch N"
                         + ("" if separate else ", both of one shape"))
    head_dim = embed // heads
    b = (None if in_proj_bias is None else
         _weight(in_proj_bias, where, "in_proj_bias", (3 * embed,), q.dtype))
    biases = (None,) * 3 if b is None else (b[:embed], b[embed:2 * embed], b[2 * embed:])
    if separate:
        ws = [_weight(w, where, name, (embed, x.shape[-1]), q.dtype) for w, name, x in (
            (q_proj_weight, "q_proj_weight", q), (k_proj_weight, "k_proj_weight", k),
            (v_proj_weight, "v_proj_weight", v))]
        q, k, v = (autograd.linear(x, w, bias)
                   for x, w, bias in zip((q, k, v), ws, biases, strict=True))
    else:
        w = _weight(in_proj_weight, where, "in_proj_weight", (3 * embed, embed), q.dtype)
        q, k, v = _packed_projection(q, k, v, w, b, embed)
    shapes = ((tgt_len, src_len), (bsz * heads, tgt_len, src_len))
    if mask is not None and mask.shape not in shapes:
        raise ValueError(f"{where}: attn_mask of shape {mask.shape} does not fit: expected "
                         f"(L, S) = {shapes[0]} or (N*num_heads, L, S) = {shapes[1]}")
    mask = None if mask is None else mask.reshape((1,) * (3 - mask.ndim) + mask.shape)
    if kpm is not None and kpm.shape != (bsz, src_len):
        raise ValueError(f"{where}: expected key_padding_mask of shape (N, S) = "
                         f"{(bsz, src_len)}, got {kpm.shape}")
    if bias_k is not None and bias_v is not None:
        if static_k is not None or static_v is not None:
            raise ValueError(f"{where}: bias cannot be added to static key or value "
                             "(bias_k and bias_v with static_k or static_v)")
        bk, bv = (_weight(x, where, name, (1, 1, embed), q.dtype)
                  for x, name in ((bias_k, "bias_k"), (bias_v, "bias_v")))
        k = autograd.cat([k, bk.broadcast_to((1, bsz, embed))])
        v = autograd.cat([v, bv.broadcast_to((1, bsz, embed))])
        mask, kpm = _pad_key(mask), _pad_key(kpm)
    elif bias_k is not None or bias_v is not None:
        raise ValueError(f"{where}: bias_k and bias_v go together: one of them is None")
    q = q.reshape(tgt_len, bsz * heads, head_dim).transpose(0, 1)
    k, v = (_heads_of(x, static, where, name, (bsz * heads, -1, head_dim), q.dtype)
            for x, static, name in ((k, static_k, "static_k"), (v, static_v, "static_v")))
    if flags["add_zero_attn"]:
        zeros = Tensor(np.zeros((bsz * heads, 1, head_dim), q.dtype))
        k, v = autograd.cat([k, zeros], 1), autograd.cat([v, zeros], 1)
        mask, kpm = _pad_key(mask), _pad_key(kpm)
    src_len = k.shape[1]
    if v.shape[1] != src_len:
        raise ValueError(f"{where}: static_k and static_v hold {src_len} and {v.shape[1]} keys")
    if kpm is not None:
        kpm = kpm.reshape(bsz, 1, 1, src_len).broadcast_to((bsz, heads, 1, src_len))
        kpm = kpm.reshape(bsz * heads, 1, src_len)
        mask = kpm if mask is None else mask + kpm
    p = p if flags["training"] else 0.0
    wo = _weight(out_proj_weight, where, "out_proj_weight", (-1, embed), q.dtype)
    bo = (None if out_proj_bias is None else
          _weight(out_proj_bias, where, "out_proj_bias", (wo.shape[0],), q.dtype))
    if flags["need_weights"]:  # PyTorch's own steps: a row with no key left is nan
        scores = (q * math.sqrt(1.0 / head_dim)) @ k.transpose(-2, -1)
        weights = (scores if mask is None else mask + scores).softmax(-1)
        if p > 0:
            weights = _dropout(weights, p, True, generator=generator)
        out = (weights @ v).transpose(0, 1).reshape(tgt_len * bsz, embed)
        weights = weights.reshape(bsz, heads, tgt_len, src_len)
        if flags["average_attn_weights"]:
            weights = weights.mean(1)
    else:
        if mask is not None:  # (1 or N*num_heads, L or 1, S) to (1 or N, ...)
            mask = (mask.unsqueeze(0) if mask.shape[0] == 1
                    else mask.reshape(bsz, heads, mask.shape[1], src_len))
        q, k, v = (x.reshape(bsz, heads, x.shape[1], head_dim) for x in (q, k, v))
        out = scaled_dot_product_attention(q, k, v, mask, p, is_causal, generator=generator)
        out, weights = out.permute(2, 0, 1, 3).reshape(tgt_len * bsz, embed), None
    out = autograd.linear(out, wo, bo).reshape(tgt_len, bsz, wo.shape[0])
    if not batched:
        out = out.squeeze(1)
        weights = None if weights is None else weights.squeeze(0)
    return out, weights


def _packed_projection(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Any, embed: int
                       ) -> tuple[Tensor, ...]:
    """PyTorch's _in_projection_packed: one linear for self-attention (q, k, v one
    Tensor), two when k is v (encoder-decoder attention), else three."""
    if k is v and q is k:
        return autograd.linear(q, w, b).chunk(3, -1)
    if k is v:
        kv = autograd.linear(k, w[embed:], None if b is None else b[embed:])
        return (autograd.linear(q, w[:embed], None if b is None else b[:embed]), *kv.chunk(2, -1))
    return tuple(autograd.linear(x, w[i * embed:(i + 1) * embed], None if b is None else
                                 b[i * embed:(i + 1) * embed]) for i, x in enumerate((q, k, v)))


def _heads_of(x: Tensor, static: Any, where: str, name: str, shape: tuple[int, ...],
              dtype: Any) -> Tensor:
    """(S, N, E) keys or values split into heads, (N*H, S, hd); or static_k/static_v."""
    if static is not None:
        return _weight(static, where, name, shape, dtype)
    return x.reshape(x.shape[0], shape[0], shape[2]).transpose(0, 1)
