"""nn.MultiheadAttention: F.multi_head_attention_forward (nn/sequence/attention.py) with its weights
held as PyTorch's MultiheadAttention holds them, so its state_dict loads here as it is."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor

from .. import arguments, init
from ..generators import generator_for
from ..layers import Linear
from ..module import Module
from ..parameter import Parameter
from .attention import attend_heads, probability, qkv_tensors


class NonDynamicallyQuantizableLinear(Linear):
    """MultiheadAttention's out_proj: a Linear, under PyTorch's name for it (its repr)."""


class MultiheadAttention(Module):
    """Attention over num_heads heads of embed_dim // num_heads features each
    (torch.nn.MultiheadAttention): query, key and value projected by in_proj_weight
    (3*embed_dim, embed_dim) and in_proj_bias (3*embed_dim,) (or q_proj_weight,
    k_proj_weight (embed_dim, kdim) and v_proj_weight (embed_dim, vdim) when kdim or vdim
    differ from embed_dim), attended head by head, joined and projected by out_proj.

    forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False) returns (output, weights or None): input
    (L, N, E) (batch_first: (N, L, E)) or unbatched (L, E); key_padding_mask (N, S) (True:
    a padding key, ignored), attn_mask (L, S) or (N*num_heads, L, S) (True: may not
    attend), float masks added; weights (N, L, S), or (N, num_heads, L, S) unaveraged.
    is_causal is a hint that attn_mask is causal (PyTorch's: the mask must be given).

    Initialisation is PyTorch's: xavier_uniform_ in-projection weights, zero biases,
    out_proj.weight as a Linear's, xavier_normal_ bias_k and bias_v (add_bias_kv=True:
    a learned key and value appended to the sequence).
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, *,
                 seed: int | None = None, generator: np.random.Generator | None = None,
                 dtype: Any = None) -> None:
        where = "MultiheadAttention"
        arguments.integer(embed_dim, "embed_dim", where)
        arguments.integer(num_heads, "num_heads", where)
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"{where}: embed_dim and num_heads must be greater than 0, got "
                             f"embed_dim={embed_dim} and num_heads={num_heads} instead")
        if embed_dim % num_heads:
            raise ValueError(f"{where}: embed_dim must be divisible by num_heads, got "
                             f"embed_dim={embed_dim} and num_heads={num_heads}")
        self.embed_dim = int(embed_dim)
        self.kdim = self.embed_dim if kdim is None else arguments.count(kdim, "kdim", where)
        self.vdim = self.embed_dim if vdim is None else arguments.count(vdim, "vdim", where)
        self._qkv_same_embed_dim = self.kdim == self.vdim == self.embed_dim
        self.num_heads = int(num_heads)
        self.dropout = probability(dropout, "dropout", where)
        self.batch_first = arguments.flag(batch_first, "batch_first", where)
        self.head_dim = self.embed_dim // self.num_heads
        arguments.flag(bias, "bias", where)
        arguments.flag(add_bias_kv, "add_bias_kv", where)
        self._rng = generator_for(seed, generator, where)  # the initial draws, then dropout's
        dtype = arguments.float_dtype(dtype, where)
        e = self.embed_dim

        def empty(*shape: int) -> Parameter:
            return Parameter(np.zeros(shape), dtype=dtype)

        if self._qkv_same_embed_dim:
            self.in_proj_weight = empty(3 * e, e)
            self.q_proj_weight = self.k_proj_weight = self.v_proj_weight = None
        else:
            self.q_proj_weight, self.k_proj_weight = empty(e, e), empty(e, self.kdim)
            self.v_proj_weight = empty(e, self.vdim)
            self.in_proj_weight = None
        self.in_proj_bias = empty(3 * e) if bias else None
        self.out_proj = NonDynamicallyQuantizableLinear(e, e, bias=bias, generator=self._rng,
                                                        dtype=dtype)
        self.bias_k, self.bias_v = (empty(1, 1, e), empty(1, 1, e)) if add_bias_kv else (None,
                                                                                         None)
        self.add_zero_attn = arguments.flag(add_zero_attn, "add_zero_attn", where)
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        """PyTorch's _reset_parameters, drawing in its order from this module's generator."""
        for w in (self.in_proj_weight, self.q_proj_weight, self.k_proj_weight,
                  self.v_proj_weight):
            if w is not None:
                init.xavier_uniform_(w, generator=self._rng)
        if self.in_proj_bias is not None:
            init.zeros_(self.in_proj_bias)
            init.zeros_(self.out_proj.bias)
        for b in (self.bias_k, self.bias_v):
            if b is not None:
                init.xavier_normal_(b, generator=self._rng)

    def forward(self, query: Any, key: Any, value: Any, key_padding_mask: Any = None,
                need_weights: bool = True, attn_mask: Any = None,
                average_attn_weights: bool = True, is_causal: bool = False
                ) -> tuple[Tensor, Tensor | None]:
        """(attention output, weights averaged over heads, or per head, or None): see the
        class docstring for shapes and masks."""
        where = "MultiheadAttention"
        q, k, v = qkv_tensors(where, query, key, value)
        if self.batch_first and q.ndim == k.ndim == v.ndim == 3:  # to sequence first
            q, k, v = qkv_tensors(where, q, k, v, lambda t: t.transpose(0, 1))
        out, weights = attend_heads(
            where, q, k, v, self.embed_dim, self.num_heads, self.in_proj_weight,
            self.in_proj_bias, self.bias_k, self.bias_v, self.add_zero_attn, self.dropout,
            self.out_proj.weight, self.out_proj.bias, self.training, key_padding_mask,
            need_weights, attn_mask, not self._qkv_same_embed_dim, self.q_proj_weight,
            self.k_proj_weight, self.v_proj_weight, None, None, average_attn_weights,
            is_causal, self._rng)
        if self.batch_first and q.ndim == 3:
            out = out.transpose(0, 1)
        return out, weights
