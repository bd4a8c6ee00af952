"""Embedding: a lookup table of vectors, F.embedding and nn.Embedding, as PyTorch's.

A lookup is one getitem, weight[indices], so the weight's gradient is the incoming
gradient added up by row (repeated indices add). The padding_idx row gets no gradient:
where the index is padding_idx the output is a constant copy of that row, selected with
`where`. Indices are integer numpy arrays, lists, or Tensors holding whole numbers.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd import Tensor, no_grad, ops

from .. import arguments, init
from ..generators import generator_for
from ..module import Module
from ..parameter import Parameter


def _indices(input: Any, num_embeddings: int) -> np.ndarray:  # noqa: A002
    """The indices as an integer array, checked against the table's size."""
    data = arguments.constant(input, "embedding", "input")
    if data.dtype.kind not in "iu":
        if data.dtype.kind != "f" or (data.size and not np.all(np.mod(data, 1) == 0)):
            raise TypeError(f"embedding: input (the indices) must be integers, got dtype "
                            f"{data.dtype}" + (f" with values {np.ravel(data)[:5].tolist()}"
                                               if data.dtype.kind == "f" else ""))
        data = data.astype(np.int64)
    outside = (data < 0) | (data >= num_embeddings)
    if np.any(outside):
        raise IndexError(f"embedding: indices out of range [0, {num_embeddings - 1}] for a "
                         f"table of {num_embeddings} rows: {np.ravel(data[outside])[:5].tolist()}")
    return data


def _padding_idx(padding_idx: Any, num_embeddings: int, where: str) -> int | None:
    """padding_idx made non-negative (-1 is the last row), checked."""
    if padding_idx is None:
        return None
    if not isinstance(padding_idx, numbers.Integral) or isinstance(padding_idx, bool) or not (
            -num_embeddings <= padding_idx < num_embeddings):
        raise ValueError(f"{where}: padding_idx must be within num_embeddings "
                         f"({num_embeddings}), got {arguments.shown(padding_idx)}")
    return int(padding_idx) % num_embeddings


def _renorm(weight: Tensor, rows: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Rows looked up whose norm exceeds max_norm are scaled to it, in place (PyTorch's
    embedding_renorm_: by max_norm / (norm + 1e-7)), outside the graph."""
    rows = np.unique(rows)
    norms = np.linalg.norm(weight.data[rows], ord=norm_type, axis=1)
    too_long = norms > max_norm
    with no_grad():
        weight.data[rows[too_long]] *= (max_norm / (norms[too_long] + 1e-7))[:, None].astype(
            weight.dtype)


def embedding(input: Any, weight: Any, padding_idx: int | None = None,  # noqa: A002
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """weight[input], as torch.nn.functional.embedding: output shape input.shape + (dim,).

    padding_idx: that row gets no gradient. max_norm: rows looked up whose norm_type-norm
    exceeds it are first scaled down to it, in the weight itself (as PyTorch).
    scale_grad_by_freq and sparse are not supported (they raise).
    """
    w = arguments.tensor(weight, "embedding", "weight")
    scale_grad_by_freq = arguments.flag(scale_grad_by_freq, "scale_grad_by_freq", "embedding")
    sparse = arguments.flag(sparse, "sparse", "embedding")
    if w.ndim != 2:
        raise ValueError(f"embedding: weight must be 2-D (num_embeddings, embedding_dim), "
                         f"got shape {w.shape}")
    if scale_grad_by_freq or sparse:
        raise NotImplementedError("embedding: scale_grad_by_freq and sparse gradients are "
                                  "not supported")
    index = _indices(input, w.shape[0])
    padding = _padding_idx(padding_idx, w.shape[0], "embedding")
    norm_type = arguments.number(norm_type, "norm_type", "embedding")
    if max_norm is not None:
        _renorm(w, index.ravel(), arguments.number(max_norm, "max_norm", "embedding"), norm_type)
    out = ops.getitem(w, index)
    if padding is not None:
        at_padding = index == padding
        if np.any(at_padding):
            out = ops.where(np.array(out.data), out, at_padding[..., None])
    return out


def _table(layer: Module, where: str, num_embeddings: int, embedding_dim: int,
           padding_idx: Any, _weight: Any, requires_grad: bool, seed: Any, generator: Any,
           dtype: Any) -> None:
    """What Embedding and EmbeddingBag share: num_embeddings, embedding_dim, padding_idx
    and the weight, a copy of _weight if given (not drawn, as PyTorch's), else drawn by the
    layer's reset_parameters(); the layer keeps the generator of seed=/generator= (or the
    default one) for that draw and later ones."""
    layer.num_embeddings, layer.embedding_dim = int(num_embeddings), int(embedding_dim)
    layer.padding_idx = _padding_idx(padding_idx, layer.num_embeddings, where)
    shape = (layer.num_embeddings, layer.embedding_dim)
    layer._generator = generator_for(seed, generator, where)
    if _weight is None:
        dtype = arguments.float_dtype(dtype, where)
        layer.weight = Parameter(np.zeros(shape), requires_grad=requires_grad, dtype=dtype)
        layer.reset_parameters()  # (as PyTorch's: a subclass may override it)
    else:
        data = _weight.data if isinstance(_weight, Tensor) else np.asarray(_weight)
        if data.shape != shape:
            raise ValueError(f"{where}: _weight of shape {data.shape} does not match {shape}")
        layer.weight = Parameter(data, requires_grad=requires_grad, dtype=dtype)


def _draw_table(layer: Any) -> None:
    """The weight from N(0, 1) in place, from the layer's generator, then the padding_idx
    row zeros (PyTorch's reset_parameters and _fill_padding_idx_with_zero)."""
    init.normal_(layer.weight, generator=vars(layer).get("_generator")
                 or generator_for(None, None))
    if layer.padding_idx is not None:
        layer.weight.data[layer.padding_idx] = 0


class Embedding(Module):
    """A table of num_embeddings vectors of size embedding_dim, looked up by index.

    The weight is drawn from N(0, 1) (PyTorch's default), from the layer's generator
    (`seed=`, `generator=`, or the one `nn.manual_seed` seeds); the padding_idx row is
    zeros and gets no gradient.
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm: float | None = None, norm_type: float = 2.0,
                 scale_grad_by_freq: bool = False, sparse: bool = False, _weight: Any = None,
                 _freeze: bool = False, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = np.float64) -> None:
        for name, n in (("num_embeddings", num_embeddings), ("embedding_dim", embedding_dim)):
            arguments.count(n, name, "Embedding", minimum=1)
        arguments.optional_number(max_norm, "max_norm", "Embedding")
        arguments.number(norm_type, "norm_type", "Embedding")
        if arguments.flag(scale_grad_by_freq, "scale_grad_by_freq", "Embedding") or (
                arguments.flag(sparse, "sparse", "Embedding")):
            raise NotImplementedError("Embedding: scale_grad_by_freq and sparse gradients "
                                      "are not supported")
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        _table(self, "Embedding", num_embeddings, embedding_dim, padding_idx, _weight,
               not _freeze, seed, generator, dtype)

    def reset_parameters(self) -> None:
        """PyTorch's: the weight from N(0, 1), then the padding_idx row zeros, drawn from
        the layer's seed=/generator= stream if it was made with one, else from the default
        generator. The constructor calls it (unless given _weight, as PyTorch's), so a
        subclass that overrides it decides the first values too."""
        _draw_table(self)

    @classmethod
    def from_pretrained(cls, embeddings: Any, freeze: bool = True,
                        padding_idx: int | None = None, max_norm: float | None = None,
                        norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                        sparse: bool = False) -> Embedding:
        """An Embedding whose table is a copy of `embeddings` (2-D), frozen by default."""
        data = embeddings.data if isinstance(embeddings, Tensor) else np.asarray(embeddings)
        if data.ndim != 2:
            raise ValueError(f"Embedding.from_pretrained: embeddings must be 2-D, got shape "
                             f"{data.shape}")
        return cls(*data.shape, padding_idx=padding_idx, max_norm=max_norm,
                   norm_type=norm_type, scale_grad_by_freq=scale_grad_by_freq, sparse=sparse,
                   _weight=data, _freeze=freeze,
                   dtype=data.dtype if data.dtype.kind == "f" else np.float64)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                         self.scale_grad_by_freq, self.sparse)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        return text
