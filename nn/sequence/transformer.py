"""The Transformer of "Attention Is All You Need", as PyTorch has it: TransformerEncoderLayer,
TransformerEncoder, TransformerDecoderLayer, TransformerDecoder and Transformer.

    layer = nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32)
    encoder = nn.TransformerEncoder(layer, num_layers=2)      # two deep copies of layer
    mask = nn.Transformer.generate_square_subsequent_mask(10)  # 0 on and below, -inf above
    y = encoder(x, mask=mask)                                  # x (L, N, 16), or batch_first

Each layer is PyTorch's: self-attention (nn.MultiheadAttention), then a feed-forward block
linear2(dropout(activation(linear1(x)))), each inside a residual connection with dropout and
LayerNorm, the norm after the sum (norm_first=False) or before the block (norm_first=True).
A decoder layer attends to the encoder's output (memory) between the two. Masks are nn's
(bool: True may NOT attend; float: added), the parameters are named and shaped as PyTorch's
state_dict. PyTorch's fast paths (nested tensors, fused kernels in inference) compute the same
numbers, so they are not here; enable_nested_tensor and mask_check are accepted and kept.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd import Tensor
from autograd.arguments import shown

from .. import arguments, init
from ..activation.activation_modules import GELU
from ..activation.activations import gelu, relu
from ..containers import ModuleList
from ..generators import generator_for
from ..layers import Dropout, Linear, ReLU
from ..module import Module
from ..norm.normalization import LayerNorm
from .attention import canonical_masks, probability
from .attention_layers import MultiheadAttention


def generate_square_subsequent_mask(sz: int, device: Any = None, dtype: Any = None) -> Tensor:
    """A causal float mask (sz, sz): 0 on and below the diagonal, -inf above it (position i
    attends to 0..i), in `dtype` (default: the default float dtype)."""
    where = "generate_square_subsequent_mask"
    sz = arguments.count(sz, "sz", where)
    if device is not None and device != "cpu":
        raise ValueError(f"{where}: device must be 'cpu' or None, got {shown(device)}")
    dtype = arguments.float_dtype(dtype, where)
    return Tensor(np.triu(np.full((sz, sz), -np.inf), 1).astype(dtype))


def _activation(activation: Any, where: str) -> Callable[[Any], Any]:
    """'relu' or 'gelu' (F.relu, F.gelu), or any callable (a function or a module)."""
    if isinstance(activation, str):
        if activation in ("relu", "gelu"):
            return relu if activation == "relu" else gelu
        raise ValueError(f"{where}: activation should be relu/gelu, not {activation!r}")
    if not callable(activation):
        raise TypeError(f"{where}: activation must be 'relu', 'gelu' or a callable, got "
                        f"{shown(activation)}")
    return activation


def _clones(module: Module, n: int) -> ModuleList:
    """n deep copies of module (PyTorch's _get_clones). Random generators are shared, not
    copied: a copy of nn.manual_seed's generator would give every layer the same dropout
    masks, and no later manual_seed would reach them."""
    shared = {id(g): g for m in module.modules() for g in vars(m).values()
              if isinstance(g, np.random.Generator)}
    return ModuleList([copy.deepcopy(module, dict(shared)) for _ in range(n)])


def _source(x: Any, where: str, name: str, d_model: int | None = None) -> Tensor:
    """A layer's input: a float Tensor of 2 (unbatched) or 3 dims, d_model features."""
    t = arguments.tensor(x, where, name)
    if t.dtype.kind != "f" or t.ndim not in (2, 3) or d_model not in (None, t.shape[-1]):
        raise ValueError(f"{where}: {name} must be a floating-point (L, N, E), (N, L, E) or "
                         f"unbatched (L, E) Tensor with E = d_model = {d_model}, got "
                         f"{shown(x)} of shape {t.shape} and dtype {t.dtype}")
    return t


def _masks(where: str, x: Tensor, prefix: str, mask: Any, padding: Any,
           mask_name: str = "") -> tuple[Any, Any]:
    """(prefix_mask, prefix_key_padding_mask) as float biases, as PyTorch's layers make
    them (nn/sequence/attention.py's canonical_masks)."""
    padding, mask = canonical_masks(where, x.dtype, padding, f"{prefix}_key_padding_mask",
                                    mask, mask_name or f"{prefix}_mask")
    return mask, padding


def _causal_flag(value: Any, name: str, where: str) -> bool | None:
    return None if value is None else arguments.flag(value, name, where)


def detect_is_causal_mask(mask: Any, is_causal: bool | None = None, size: int | None = None
                          ) -> bool:
    """is_causal itself when given; else whether mask is generate_square_subsequent_mask's
    (of `size`, a bool mask: True above the diagonal), as PyTorch's _detect_is_causal_mask."""
    if is_causal is not None or mask is None:
        return is_causal is True
    data = mask.data if isinstance(mask, Tensor) else np.asarray(mask)
    sz = data.shape[-2] if size is None else size
    if data.shape != (sz, sz):
        return False
    above = np.triu(np.ones((sz, sz), dtype=bool), 1)
    return bool(np.all(data == (above if data.dtype == np.bool_ else
                                np.where(above, -np.inf, 0.0))))


class _Layer(Module):
    """What the encoder and decoder layers share: their settings, the feed-forward block."""

    def _build(self, where: str, d_model: Any, nhead: Any, dim_feedforward: Any, dropout: Any,
               activation: Any, layer_norm_eps: Any, batch_first: Any, norm_first: Any,
               bias: Any, seed: Any, generator: Any, dtype: Any, attentions: tuple[str, ...],
               norms: int) -> None:
        d_model = arguments.count(d_model, "d_model", where, minimum=1)
        nhead = arguments.count(nhead, "nhead", where, minimum=1)
        if d_model % nhead:
            raise ValueError(f"{where}: d_model must be divisible by nhead, got d_model="
                             f"{d_model} and nhead={nhead}")
        dim_feedforward = arguments.count(dim_feedforward, "dim_feedforward", where, minimum=1)
        p = probability(dropout, "dropout", where)
        eps = arguments.number(layer_norm_eps, "layer_norm_eps", where)
        for name, value in (("batch_first", batch_first), ("norm_first", norm_first),
                            ("bias", bias)):
            arguments.flag(value, name, where)
        activation = _activation(activation, where)
        rng = generator_for(seed, generator, where)
        dtype = arguments.float_dtype(dtype, where)
        for name in attentions:  # PyTorch's order of creation, so its order of draws
            setattr(self, name, MultiheadAttention(d_model, nhead, dropout=p, bias=bias,
                                                   batch_first=batch_first, generator=rng,
                                                   dtype=dtype))
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, generator=rng, dtype=dtype)
        self.dropout = Dropout(p, generator=rng)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, generator=rng, dtype=dtype)
        self.norm_first = norm_first
        for i in range(1, norms + 1):
            setattr(self, f"norm{i}", LayerNorm(d_model, eps=eps, bias=bias, dtype=dtype))
        for i in range(1, norms + 1):
            setattr(self, f"dropout{i}", Dropout(p, generator=rng))
        self.activation = activation

    def _ff_block(self, x: Tensor) -> Tensor:
        return getattr(self, self._last_dropout)(
            self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def _attend(self, attention: MultiheadAttention, dropout: Module, x: Tensor, memory: Tensor,
                mask: Any, padding: Any, is_causal: bool) -> Tensor:
        return dropout(attention(x, memory, memory, attn_mask=mask, key_padding_mask=padding,
                                 need_weights=False, is_causal=is_causal)[0])


class TransformerEncoderLayer(_Layer):
    """Self-attention and a feed-forward block, each in a residual connection with LayerNorm
    (torch.nn.TransformerEncoderLayer): with norm_first=False (PyTorch's default)
    x = norm1(x + sa(x)), x = norm2(x + ff(x)); with norm_first=True x = x + sa(norm1(x)),
    x = x + ff(norm2(x)). activation: 'relu', 'gelu' or a callable.

    forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False): src (L, N,
    d_model), (N, L, d_model) with batch_first, or unbatched (L, d_model).
    """

    _last_dropout = "dropout2"

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: str | Callable[[Any], Any] = relu,
                 layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        self._build("TransformerEncoderLayer", d_model, nhead, dim_feedforward, dropout,
                    activation, layer_norm_eps, batch_first, norm_first, bias, seed, generator,
                    dtype, ("self_attn",), 2)
        act = self.activation  # which of PyTorch's fused kernels it would use (1, 2, or 0)
        self.activation_relu_or_gelu = (1 if act is relu or isinstance(act, ReLU) else
                                        2 if act is gelu or isinstance(act, GELU) else 0)

    def forward(self, src: Any, src_mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool = False) -> Tensor:
        where = "TransformerEncoderLayer"
        x = _source(src, where, "src", self.self_attn.embed_dim)
        is_causal = arguments.flag(is_causal, "is_causal", where)
        mask, padding = _masks(where, x, "src", src_mask, src_key_padding_mask)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), mask, padding, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, mask, padding, is_causal))
        return self.norm2(x + self._ff_block(x))

    def _sa_block(self, x: Tensor, mask: Any, padding: Any, is_causal: bool) -> Tensor:
        return self._attend(self.self_attn, self.dropout1, x, x, mask, padding, is_causal)


class TransformerDecoderLayer(_Layer):
    """Self-attention, attention to the encoder's output (memory), and a feed-forward block,
    each in a residual connection with LayerNorm (torch.nn.TransformerDecoderLayer): norm1,
    norm2, norm3 after each sum, or before each block with norm_first=True.

    forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False).
    """

    _last_dropout = "dropout3"

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: str | Callable[[Any], Any] = relu,
                 layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        self._build("TransformerDecoderLayer", d_model, nhead, dim_feedforward, dropout,
                    activation, layer_norm_eps, batch_first, norm_first, bias, seed, generator,
                    dtype, ("self_attn", "multihead_attn"), 3)

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool = False, memory_is_causal: bool = False) -> Tensor:
        where = "TransformerDecoderLayer"
        x = _source(tgt, where, "tgt", self.self_attn.embed_dim)
        mem = _source(memory, where, "memory", self.self_attn.embed_dim)
        arguments.flag(tgt_is_causal, "tgt_is_causal", where)
        arguments.flag(memory_is_causal, "memory_is_causal", where)
        mask, padding = _masks(where, x, "tgt", tgt_mask, tgt_key_padding_mask)
        mem_mask, mem_padding = _masks(where, x, "memory", memory_mask, memory_key_padding_mask)

        def sa(y: Tensor) -> Tensor:
            return self._attend(self.self_attn, self.dropout1, y, y, mask, padding,
                                tgt_is_causal)

        def mha(y: Tensor) -> Tensor:
            return self._attend(self.multihead_attn, self.dropout2, y, mem, mem_mask,
                                mem_padding, memory_is_causal)

        if self.norm_first:
            x = x + sa(self.norm1(x))
            x = x + mha(self.norm2(x))
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + sa(x))
        x = self.norm2(x + mha(x))
        return self.norm3(x + self._ff_block(x))


def _stack_arguments(where: str, layer: Any, name: str, num_layers: Any, norm: Any) -> int:
    if not isinstance(layer, Module):
        raise TypeError(f"{where}: {name}, the layer to copy, must be an nn.Module, got "
                        f"{shown(layer)}")
    if norm is not None and not isinstance(norm, Module):
        raise TypeError(f"{where}: norm must be an nn.Module or None, got {shown(norm)}")
    return arguments.count(num_layers, "num_layers", where)


def _batch_first(layers: ModuleList) -> bool:
    first = next(iter(layers), None)
    return bool(getattr(getattr(first, "self_attn", None), "batch_first", False))


def _seq_len(x: Tensor, batch_first: bool) -> int:
    return x.shape[0] if x.ndim == 2 else x.shape[1 if batch_first else 0]


class TransformerEncoder(Module):
    """num_layers deep copies of encoder_layer, one after the other, then norm (if given)
    (torch.nn.TransformerEncoder). forward(src, mask=None, src_key_padding_mask=None,
    is_causal=None): is_causal=None detects generate_square_subsequent_mask's mask."""

    def __init__(self, encoder_layer: Module, num_layers: int, norm: Module | None = None,
                 enable_nested_tensor: bool = True, mask_check: bool = True) -> None:
        where = "TransformerEncoder"
        num_layers = _stack_arguments(where, encoder_layer, "encoder_layer", num_layers,
                                      norm)
        self.layers = _clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = arguments.flag(enable_nested_tensor,
                                                   "enable_nested_tensor", where)
        self.use_nested_tensor = False  # (PyTorch's inference fast path: not here)
        self.mask_check = arguments.flag(mask_check, "mask_check", where)

    def forward(self, src: Any, mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool | None = None) -> Tensor:
        where = "TransformerEncoder"
        x = _source(src, where, "src")
        is_causal = _causal_flag(is_causal, "is_causal", where)
        mask, padding = _masks(where, x, "src", mask, src_key_padding_mask, "mask")
        is_causal = detect_is_causal_mask(mask, is_causal, _seq_len(x, _batch_first(self.layers)))
        for layer in self.layers:
            x = layer(x, src_mask=mask, is_causal=is_causal, src_key_padding_mask=padding)
        return x if self.norm is None else self.norm(x)


class TransformerDecoder(Module):
    """num_layers deep copies of decoder_layer, each attending to memory, then norm (if
    given) (torch.nn.TransformerDecoder). tgt_is_causal=None detects a causal tgt_mask."""

    def __init__(self, decoder_layer: Module, num_layers: int, norm: Module | None = None
                 ) -> None:
        num_layers = _stack_arguments("TransformerDecoder", decoder_layer, "decoder_layer",
                                      num_layers, norm)
        self.layers = _clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:
        where = "TransformerDecoder"
        x = _source(tgt, where, "tgt")
        memory = _source(memory, where, "memory")
        tgt_mask, tgt_key_padding_mask = _masks(where, x, "tgt", tgt_mask, tgt_key_padding_mask)
        memory_mask, memory_key_padding_mask = _masks(where, x, "memory", memory_mask,
                                                      memory_key_padding_mask)
        tgt_is_causal = detect_is_causal_mask(
            tgt_mask, _causal_flag(tgt_is_causal, "tgt_is_causal", where),
            _seq_len(x, _batch_first(self.layers)))
        for layer in self.layers:
            x = layer(x, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                      tgt_key_padding_mask=tgt_key_padding_mask,
                      memory_key_padding_mask=memory_key_padding_mask,
                      tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)
        return x if self.norm is None else self.norm(x)


class Transformer(Module):
    """An encoder and a decoder (torch.nn.Transformer): num_encoder_layers encoder layers
    and num_decoder_layers decoder layers, each stack followed by a LayerNorm, or
    custom_encoder and custom_decoder. Every parameter of more than one dimension is then
    redrawn by xavier_uniform_ (PyTorch's _reset_parameters).

    forward(src, tgt, src_mask=None, tgt_mask=None, memory_mask=None,
    src_key_padding_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None,
    src_is_causal=None, tgt_is_causal=None, memory_is_causal=False) -> (T, N, d_model).
    """

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6,
                 num_decoder_layers: int = 6, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: str | Callable[[Any], Any] = relu,
                 custom_encoder: Module | None = None, custom_decoder: Module | None = None,
                 layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        where = "Transformer"
        self.d_model = arguments.count(d_model, "d_model", where, minimum=1)
        self.nhead = arguments.count(nhead, "nhead", where, minimum=1)
        self.batch_first = arguments.flag(batch_first, "batch_first", where)
        num_encoder_layers = arguments.count(num_encoder_layers, "num_encoder_layers", where)
        num_decoder_layers = arguments.count(num_decoder_layers, "num_decoder_layers", where)
        rng = generator_for(seed, generator, where)
        settings = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                    batch_first, norm_first, bias)
        for name, stack, layer_type, count, custom in (
                ("encoder", TransformerEncoder, TransformerEncoderLayer, num_encoder_layers,
                 custom_encoder),
                ("decoder", TransformerDecoder, TransformerDecoderLayer, num_decoder_layers,
                 custom_decoder)):
            if custom is not None:
                if not isinstance(custom, Module):
                    raise TypeError(f"{where}: custom_{name} must be an nn.Module or None, "
                                    f"got {shown(custom)}")
                setattr(self, name, custom)
                continue
            layer = layer_type(*settings, generator=rng, dtype=dtype)
            norm = LayerNorm(self.d_model, eps=layer_norm_eps, bias=bias,
                             dtype=layer.linear1.weight.dtype)
            setattr(self, name, stack(layer, count, norm))
        for p in self.parameters():  # PyTorch's _reset_parameters
            if p.ndim > 1:
                init.xavier_uniform_(p, generator=rng)

    def forward(self, src: Any, tgt: Any, src_mask: Any = None, tgt_mask: Any = None,
                memory_mask: Any = None, src_key_padding_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                src_is_causal: bool | None = None, tgt_is_causal: bool | None = None,
                memory_is_causal: bool = False) -> Tensor:
        where = "Transformer"
        src, tgt = _source(src, where, "src"), _source(tgt, where, "tgt")
        batch = 0 if self.batch_first else 1
        if src.ndim == 3 and (tgt.ndim != 3 or src.shape[batch] != tgt.shape[batch]):
            raise ValueError(f"{where}: the batch number of src and tgt must be equal, got "
                             f"src {src.shape} and tgt {tgt.shape}")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise ValueError(f"{where}: the feature number of src and tgt must be equal to "
                             f"d_model={self.d_model}, got src {src.shape} and tgt {tgt.shape}")
        src_is_causal, tgt_is_causal = (_causal_flag(flag, name, where) for flag, name in (
            (src_is_causal, "src_is_causal"), (tgt_is_causal, "tgt_is_causal")))
        arguments.flag(memory_is_causal, "memory_is_causal", where)
        # the masks as float biases here, so that a bad one is named as it was given
        src_mask, src_key_padding_mask = _masks(where, src, "src", src_mask,
                                                src_key_padding_mask)
        tgt_mask, tgt_key_padding_mask = _masks(where, tgt, "tgt", tgt_mask,
                                                tgt_key_padding_mask)
        memory_mask, memory_key_padding_mask = _masks(where, tgt, "memory", memory_mask,
                                                      memory_key_padding_mask)
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask,
                            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)

    generate_square_subsequent_mask = staticmethod(generate_square_subsequent_mask)

