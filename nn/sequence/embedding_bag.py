"""EmbeddingBag: sums, means or maxima of bags of embedding rows, F.embedding_bag and
nn.EmbeddingBag, as PyTorch's.

The indices are one flat list cut into bags: a 2-D input (B, L) is B bags of L; a 1-D input
is cut at `offsets`, bag b being input[offsets[b]:offsets[b + 1]] and the last running to the
end (with include_last_offset=True offsets ends with len(input), CSR's layout, and has one
entry more than there are bags). Entries equal to padding_idx are left out of their bag; a
bag with nothing in it gives zeros. For bag b of rows i_k of the weight W:

    sum    out[b] = sum_k a_k W[i_k]   (a_k = per_sample_weights[k], or 1)
    mean   out[b] = sum_k W[i_k] / (the bag's size)
    max    out[b, d] = max_k W[i_k, d]   (the first maximum wins a tie; a nan counts only
                                          when it comes first: PyTorch's comparisons)

sum and mean are one rule, `bag_sum`: its forward adds the rows of each bag in input order
(np.add.at, one add after another, as PyTorch's CPU kernel adds them); d/dW puts g[b] a_k on
row i_k, and d/da_k = g[b] . W[i_k], both written with autograd's primitives, so the second
derivatives come with them. scale_grad_by_freq divides row i's gradient by how often i occurs
in the input: the documented rule (and F.embedding's). PyTorch 2.13's CPU kernel divides some
rows by another index's count (pytorch/pytorch#190063); its numbers are not followed there.
max is a rule too, `bag_max`: its forward finds each (bag, column)'s first maximum with numpy
and keeps where it is (as max pooling keeps its), and its vjp puts g there (scatter_add).

Where PyTorch's CPU kernel gives no answer or a wrong one, a clear error instead: offsets
that decrease (it computes garbage), an empty offsets (it crashes), and with
include_last_offset=True a last offset short of len(input) (its sum, mean and max disagree
on the entries past it, pytorch/pytorch#191965; #52851 asks for this error).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import Primitive, Tensor, ops
from autograd.arguments import shown

from .. import arguments
from ..convolution.conv_rules import Saved
from ..module import Module
from .embedding import _draw_table, _padding_idx, _renorm, _table

MODES = ("sum", "mean", "max")


class UnsupportedError(NotImplementedError, ValueError):
    """What PyTorch refuses with a NotImplementedError (per_sample_weights outside
    mode='sum'), or what gradproof lacks (sparse gradients): a ValueError too, as nn's
    other argument errors."""


# ----------------------------------------------------------------------------- the rules


def _bag_sum(w: np.ndarray, a: np.ndarray, index: np.ndarray, bag: np.ndarray, bags: int,
             scale: np.ndarray | None, weighted: bool) -> np.ndarray:
    rows = w[index] * a[:, None] if weighted else w[index]
    out = np.zeros((bags, w.shape[1]), rows.dtype)
    np.add.at(out, bag, rows)  # row after row, in input order (not a pairwise sum)
    return out


def _bag_sum_weight_vjp(g: Any, out: Any, w: Any, a: Any, index: np.ndarray, bag: np.ndarray,
                        bags: int, scale: np.ndarray | None, weighted: bool) -> Any:
    rows = ops.getitem(g, bag)  # each entry's bag's gradient
    if weighted:
        rows = rows * ops.reshape(a, (-1, 1))
    if scale is not None:
        rows = rows * scale[:, None]
    return ops.scatter_add(rows, index, w.shape)  # repeated rows add up


def _bag_sum_a_vjp(g: Any, out: Any, w: Any, a: Any, index: np.ndarray, bag: np.ndarray,
                   bags: int, scale: np.ndarray | None, weighted: bool) -> Any:
    return ops.reduce_sum(ops.getitem(g, bag) * ops.getitem(w, index), (1,), False)


bag_sum = Primitive("embedding_bag", _bag_sum, (_bag_sum_weight_vjp, _bag_sum_a_vjp))
"""out[bag_k] += a_k W[index_k] for each entry k (a is used when `weighted`); d/dW puts
g[bag_k] a_k (times scale_k, for scale_grad_by_freq) on row index_k, d/da_k = g[bag_k] .
W[index_k]"""


def _bag_max_forward(w: np.ndarray, index: np.ndarray, bag: np.ndarray, bags: int,
                     saved: Saved) -> np.ndarray:
    """Each bag's maximum per column. PyTorch's CPU loop takes a row's value when it is the
    bag's first or greater than the best so far: the first maximum wins a tie, and a nan
    wins only as the bag's first. Saved: where in w (flat) each maximum is (`at`), and
    which outputs (flat) they are when some bags are empty (`kept`, else None)."""
    dim = w.shape[1]
    present = np.unique(bag)  # the bags with something in them, in order
    starts = np.searchsorted(bag, present)  # the first entry of each
    values = w[index]
    first_nan = np.isnan(values[starts])
    with np.errstate(invalid="ignore"):
        ranked = np.where(np.isnan(values), -np.inf, values)  # a later nan never wins
        best = np.maximum.reduceat(ranked, starts, axis=0) if present.size else ranked
        at_best = ranked == best[np.searchsorted(present, bag)]
    position = np.where(at_best, np.arange(len(index))[:, None], len(index))
    first = (np.minimum.reduceat(position, starts, axis=0) if present.size
             else position)  # the first maximum's entry
    first = np.where(first_nan, starts[:, None], first)
    saved.at = (index[first] * dim + np.arange(dim)).reshape(-1)
    saved.kept = (None if present.size == bags
                  else (present[:, None] * dim + np.arange(dim)).reshape(-1))
    out = np.zeros((bags, dim), w.dtype)  # an empty bag's: zeros
    out[present] = w.reshape(-1)[saved.at].reshape(-1, dim)
    return out


def _bag_max_vjp(g: Any, out: Any, w: Any, index: np.ndarray, bag: np.ndarray, bags: int,
                 saved: Saved) -> Any:
    g = ops.reshape(g, (math.prod(g.shape),))
    if saved.kept is not None:  # an empty bag's gradient goes nowhere
        g = ops.getitem(g, saved.kept)
    return ops.reshape(ops.scatter_add(g, saved.at, (math.prod(w.shape),)), w.shape)


bag_max = Primitive("embedding_bag_max", _bag_max_forward, (_bag_max_vjp,))
"""out[b, d] = max over bag b's entries k of W[index_k, d] (0 for an empty bag); d/dW puts
g[b, d] on the first maximum's element (adding up where bags share one)"""


# ---------------------------------------------------------------------------- arguments


def _integers(value: Any, name: str) -> np.ndarray:
    """input or offsets as an int64 array: integers, or floats that are whole numbers (a
    Tensor's default dtype), as F.embedding takes them."""
    data = arguments.constant(value, "embedding_bag", name)
    if data.dtype.kind not in "iu":
        if data.dtype.kind != "f" or (data.size and not np.all(np.mod(data, 1) == 0)):
            raise TypeError(f"embedding_bag: {name} must hold integers, got {shown(value)} "
                            f"of dtype {data.dtype}")
    return data.astype(np.int64)


def _bag_starts(n: int, offsets: np.ndarray, include_last_offset: bool) -> np.ndarray:
    """Where each bag starts in the flat input, offsets checked."""
    if offsets.ndim != 1:
        raise ValueError(f"embedding_bag: offsets has to be a 1-D tensor, got shape "
                         f"{offsets.shape}")
    if offsets.size == 0:
        raise ValueError("embedding_bag: offsets is empty; it needs offsets[0] = 0, where "
                         "the first bag starts")
    if offsets[0] != 0:
        raise ValueError(f"embedding_bag: offsets[0] has to be 0 (the first bag starts at "
                         f"the input's start), got {offsets[0]}")
    step = np.diff(offsets)
    if np.any(step < 0):
        at = int(np.argmax(step < 0))
        raise ValueError(f"embedding_bag: offsets must not decrease, got offsets[{at}] = "
                         f"{offsets[at]} then offsets[{at + 1}] = {offsets[at + 1]}")
    if offsets[-1] > n:
        raise ValueError(f"embedding_bag: offsets[-1] can not be greater than the input's "
                         f"length {n}, got {offsets[-1]}")
    if include_last_offset:
        if offsets[-1] != n:
            raise ValueError(f"embedding_bag: with include_last_offset=True, offsets[-1] "
                             f"must be the input's length {n} (it ends the last bag), got "
                             f"{offsets[-1]}")
        return offsets[:-1]
    return offsets


def _per_sample_weights(psw: Any, input_shape: tuple[int, ...], w: Tensor) -> Any:
    """per_sample_weights flattened: a Tensor of the weight's dtype (PyTorch's rule), or
    numbers, made the weight's dtype."""
    if isinstance(psw, Tensor):
        if psw.dtype != w.dtype:
            raise TypeError(f"embedding_bag: per_sample_weights must have the weight's dtype "
                            f"{w.dtype}, got a Tensor of dtype {psw.dtype}")
    else:
        data = arguments.constant(psw, "embedding_bag", "per_sample_weights")
        psw = Tensor(data.astype(w.dtype))
    if psw.shape != input_shape:
        raise ValueError(f"embedding_bag: per_sample_weights must have the input's shape "
                         f"{input_shape}, got shape {psw.shape}")
    return psw.reshape(-1)


# --------------------------------------------------------------------------- the function


def embedding_bag(input: Any, weight: Any, offsets: Any = None,  # noqa: A002
                  max_norm: float | None = None, norm_type: float = 2,
                  scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                  per_sample_weights: Any = None, include_last_offset: bool = False,
                  padding_idx: int | None = None) -> Tensor:
    """The sums, means or maxima of bags of weight's rows, (B, embedding_dim), as
    torch.nn.functional.embedding_bag (see the module's docstring for the bags and modes).

    per_sample_weights (input's shape) weigh each entry, in mode='sum' only. padding_idx:
    entries of that row are left out (a bag of only those gives zeros). max_norm: the rows
    the input names whose norm_type-norm exceeds it are first scaled down to it, in the
    weight itself (as PyTorch). scale_grad_by_freq: each row's gradient is divided by how
    often the input names it (not in mode='max'). sparse=True raises: gradproof's
    gradients are dense.
    """
    w = arguments.tensor(weight, "embedding_bag", "weight")
    index = _integers(input, "input")
    mode = arguments.choice(mode, "mode", "embedding_bag", MODES)
    scale_grad_by_freq = arguments.flag(scale_grad_by_freq, "scale_grad_by_freq",
                                        "embedding_bag")
    sparse = arguments.flag(sparse, "sparse", "embedding_bag")
    include_last_offset = arguments.flag(include_last_offset, "include_last_offset",
                                         "embedding_bag")
    norm_type = arguments.number(norm_type, "norm_type", "embedding_bag")
    max_norm = arguments.optional_number(max_norm, "max_norm", "embedding_bag")
    if w.ndim != 2 or w.dtype.kind != "f":
        raise ValueError(f"embedding_bag: weight must be a 2-D floating-point tensor "
                         f"(num_embeddings, embedding_dim), got shape {w.shape} of dtype "
                         f"{w.dtype}")
    given_offsets = None if offsets is None else _integers(offsets, "offsets")
    psw = (None if per_sample_weights is None
           else _per_sample_weights(per_sample_weights, index.shape, w))
    if index.ndim == 2:
        if given_offsets is not None:
            raise ValueError(f"embedding_bag: offsets must be None for a 2-D input (B "
                             f"bags of {index.shape[1]}), got {shown(offsets)}")
        starts = np.arange(index.shape[0]) * index.shape[1]
    elif index.ndim == 1:
        if given_offsets is None:
            raise ValueError("embedding_bag: a 1-D input needs offsets (where each bag "
                             "starts), got None")
        starts = _bag_starts(index.size, given_offsets, include_last_offset)
    else:
        raise ValueError(f"embedding_bag: input has to be 1-D (with offsets) or 2-D (B, L), "
                         f"got shape {index.shape}")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("embedding_bag: mode='max' does not support scale_grad_by_freq "
                         "(scaling the gradient by the frequency)")
    if sparse:
        raise UnsupportedError("embedding_bag: sparse=True is not supported: gradproof has "
                               "no sparse gradients (the weight's gradient is dense)")
    if psw is not None and mode != "sum":
        raise UnsupportedError(f"embedding_bag: per_sample_weights is only supported for "
                               f"mode='sum', got mode={mode!r}")
    flat = index.reshape(-1)
    rows_in_table = w.shape[0]
    outside = (flat < 0) | (flat >= rows_in_table)
    if np.any(outside):
        raise IndexError(f"embedding_bag: input (the indices) out of range [0, "
                         f"{rows_in_table - 1}] for a weight of {rows_in_table} rows: "
                         f"{flat[outside][:5].tolist()}")
    padding = _padding_idx(padding_idx, rows_in_table, "embedding_bag")
    if max_norm is not None:
        _renorm(w, flat, max_norm, norm_type)
    return _reduce(w, flat, starts, mode, psw, padding, scale_grad_by_freq)


def _reduce(w: Tensor, flat: np.ndarray, starts: np.ndarray, mode: str, psw: Any,
            padding: int | None, scale_grad_by_freq: bool) -> Tensor:
    """Each bag's sum, mean or max, the input checked."""
    bags = len(starts)
    bag = np.searchsorted(starts, np.arange(flat.size), side="right") - 1  # each entry's bag
    kept = None if padding is None else np.flatnonzero(flat != padding)
    index = flat if kept is None else flat[kept]
    bag = bag if kept is None else bag[kept]
    if mode == "max":
        return bag_max(w, index, bag, bags, Saved())
    scale = None
    if scale_grad_by_freq:  # 1 / how often each entry's row occurs in the whole input
        scale = (1.0 / np.bincount(flat, minlength=w.shape[0])[index]).astype(w.dtype)
    if psw is None:
        a = np.ones(0, w.dtype)
    else:
        a = psw if kept is None else psw[kept]
    out = bag_sum(w, a, index, bag, bags, scale, psw is not None)
    if mode == "mean":  # the sum over the bag's size (PyTorch's order: one division)
        sizes = np.bincount(bag, minlength=bags)
        out = out / np.maximum(sizes, 1).astype(w.dtype)[:, None]
    return out


# ------------------------------------------------------------------------------ the layer


class EmbeddingBag(Module):
    """A table of num_embeddings vectors of size embedding_dim, reduced by bag: the layer
    of F.embedding_bag (mode 'mean' by default, as PyTorch's).

    The weight is drawn from N(0, 1) (PyTorch's default), from the layer's generator
    (`seed=`, `generator=`, or the one `nn.manual_seed` seeds); the padding_idx row is
    zeros. forward(input, offsets=None, per_sample_weights=None).
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, max_norm: float | None = None,
                 norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean",
                 sparse: bool = False, _weight: Any = None, include_last_offset: bool = False,
                 padding_idx: int | None = None, *, seed: int | None = None,
                 generator: np.random.Generator | None = None,
                 dtype: Any = np.float64) -> None:
        where = "EmbeddingBag"
        for name, n in (("num_embeddings", num_embeddings), ("embedding_dim", embedding_dim)):
            arguments.count(n, name, where, minimum=1)
        arguments.optional_number(max_norm, "max_norm", where)
        arguments.number(norm_type, "norm_type", where)
        self.max_norm, self.norm_type = max_norm, norm_type  # as given (PyTorch's repr)
        self.scale_grad_by_freq = arguments.flag(scale_grad_by_freq, "scale_grad_by_freq",
                                                 where)
        self.mode = arguments.choice(mode, "mode", where, MODES)
        self.sparse = arguments.flag(sparse, "sparse", where)
        self.include_last_offset = arguments.flag(include_last_offset, "include_last_offset",
                                                  where)
        if self.mode == "max" and self.scale_grad_by_freq:
            raise ValueError("EmbeddingBag: mode='max' does not support scale_grad_by_freq")
        if self.sparse:
            raise UnsupportedError("EmbeddingBag: sparse=True is not supported: gradproof "
                                   "has no sparse gradients (the weight's gradient is dense)")
        _table(self, where, num_embeddings, embedding_dim, padding_idx, _weight, True, seed,
               generator, dtype)

    def reset_parameters(self) -> None:
        """PyTorch's: the weight from N(0, 1), then the padding_idx row zeros, as
        Embedding.reset_parameters (the constructor calls it unless given _weight)."""
        _draw_table(self)

    @classmethod
    def from_pretrained(cls, embeddings: Any, freeze: bool = True,
                        max_norm: float | None = None, norm_type: float = 2.0,
                        scale_grad_by_freq: bool = False, mode: str = "mean",
                        sparse: bool = False, include_last_offset: bool = False,
                        padding_idx: int | None = None) -> EmbeddingBag:
        """An EmbeddingBag whose table is a copy of `embeddings` (2-D), frozen by default."""
        data = embeddings.data if isinstance(embeddings, Tensor) else np.asarray(embeddings)
        if data.ndim != 2:
            raise ValueError(f"EmbeddingBag.from_pretrained: embeddings must be 2-D, got "
                             f"shape {data.shape}")
        layer = cls(*data.shape, max_norm=max_norm, norm_type=norm_type,
                    scale_grad_by_freq=scale_grad_by_freq, mode=mode, sparse=sparse,
                    _weight=data, include_last_offset=include_last_offset,
                    padding_idx=padding_idx,
                    dtype=data.dtype if data.dtype.kind == "f" else np.float64)
        layer.weight.requires_grad = not arguments.flag(freeze, "freeze",
                                                        "EmbeddingBag.from_pretrained")
        return layer

    def forward(self, input: Any, offsets: Any = None,  # noqa: A002
                per_sample_weights: Any = None) -> Tensor:
        return embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type,
                             self.scale_grad_by_freq, self.mode, self.sparse,
                             per_sample_weights, self.include_last_offset, self.padding_idx)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm!r}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type!r}"
        if self.scale_grad_by_freq:
            text += ", scale_grad_by_freq=True"
        text += f", mode={self.mode!r}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx!r}"
        return text
