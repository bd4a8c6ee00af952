"""Variable-length sequences for the recurrent layers, with PyTorch's names (torch.nn.utils.rnn).

    padded = pad_sequence([a, b, c])                       # (T, B, *), T the longest length
    packed = pack_padded_sequence(padded, [3, 1, 2], enforce_sorted=False)
    output, h_n = nn.GRU(...)(packed)                      # output is a PackedSequence too
    padded, lengths = pad_packed_sequence(output)          # back to (T, B, *) and lengths

A PackedSequence holds the sequences sorted by decreasing length and read time step by time
step: data is (sum of lengths, *), step t's rows are the batch_sizes[t] sequences still
going (batch_sizes[t] = how many lengths exceed t). sorted_indices[i] is the batch position
of the i-th longest sequence (None when the batch was given sorted), unsorted_indices its
inverse permutation. Everything is indexing, cat/stack and pad of autograd, so gradients
flow back to the padded input (and to every sequence) at every order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from autograd import Tensor, concatenate, pad, stack
from autograd.arguments import flag, real, shown

_SORTED = ("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
           "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
           "to sidestep this requirement if you do not need ONNX exportability.")


class PackedSequence(NamedTuple):
    """data (sum of lengths, *), batch_sizes (int64, one per time step), sorted_indices and
    unsorted_indices (int64 permutations, or None): PyTorch's fields, in PyTorch's order.
    Made by pack_padded_sequence and pack_sequence, not by hand (as PyTorch advises)."""

    data: Any
    batch_sizes: Any
    sorted_indices: Any = None
    unsorted_indices: Any = None

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        """data converted as Tensor.to; the int64 index tensors kept."""
        return self._replace(data=self.data.to(*args, **kwargs))

    def double(self) -> PackedSequence:
        return self._replace(data=self.data.double())

    def float(self) -> PackedSequence:
        return self._replace(data=self.data.float())

    @property
    def is_cuda(self) -> bool:
        return False


def _int64(values: Any) -> Tensor:
    return Tensor(np.asarray(values, dtype=np.int64), dtype="int64")


def invert_permutation(permutation: Any) -> Tensor | None:
    """The inverse permutation: out[permutation[i]] = i (None for None)."""
    if permutation is None:
        return None
    p = _indices(permutation, "invert_permutation", "permutation")
    if sorted(p.tolist()) != list(range(len(p))):
        raise ValueError(f"invert_permutation: permutation must hold each of 0..{len(p) - 1} "
                         f"once, got {p.tolist()}")
    out = np.empty_like(p)
    out[p] = np.arange(len(p))
    return _int64(out)


def _indices(values: Any, where: str, name: str) -> np.ndarray:
    """A 1-D array of ints from a list, an int array or an int Tensor."""
    given = values.data if isinstance(values, Tensor) else values
    if isinstance(given, (list, tuple)) and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in given):
        given = np.array(given, dtype=np.int64)
    if not (isinstance(given, np.ndarray) and given.ndim == 1 and (
            np.issubdtype(given.dtype, np.integer) or given.size == 0)):
        raise TypeError(f"{where}: {name} must be a 1-D list, array or Tensor of ints, got "
                        f"{shown(values)}")
    return given.astype(np.int64)


def _tensor(x: Any, where: str, name: str) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{where}: {name} must be a Tensor, got {shown(x)}")
    return x


def _sequences(sequences: Any, where: str) -> list[Tensor]:
    if isinstance(sequences, Tensor):  # PyTorch iterates over its first dim
        if sequences.ndim < 2 or sequences.shape[0] == 0:
            raise ValueError(f"{where}: sequences given as one Tensor must be (B, L, *), "
                             f"got shape {tuple(sequences.shape)}")
        return [sequences[i] for i in range(sequences.shape[0])]
    if not isinstance(sequences, (list, tuple)):
        raise TypeError(f"{where}: sequences must be a list of Tensors, got {shown(sequences)}")
    for i, s in enumerate(sequences):
        if not isinstance(s, Tensor) or s.ndim == 0:
            raise TypeError(f"{where}: sequences[{i}] must be a Tensor of at least one dim "
                            f"(length, *), got {shown(s)}")
    if not sequences:
        raise ValueError(f"{where}: received an empty list of sequences")
    tails = {s.shape[1:] for s in sequences}
    if len(tails) > 1:
        raise ValueError(f"{where}: every sequence must have the same trailing dims (after "
                         f"the length), got shapes {[tuple(s.shape) for s in sequences]}")
    return list(sequences)


def pad_sequence(sequences: Any, batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    """The sequences (L_i, *) padded with padding_value to the longest length T and stacked:
    (T, B, *), or (B, T, *) with batch_first. padding_side='left' pads before each."""
    where = "pad_sequence"
    batch_first = flag(batch_first, "batch_first", where)
    value = real(padding_value, "padding_value", where)
    if not isinstance(padding_side, str) or padding_side not in ("left", "right"):
        raise ValueError(f"{where}: Expected padding_side to be one of left or right, but got "
                         f"{shown(padding_side)}.")
    seqs = _sequences(sequences, where)
    longest = max(s.shape[0] for s in seqs)
    padded = []
    for s in seqs:
        gap = longest - s.shape[0]
        widths = [0, 0] * (s.ndim - 1) + ([0, gap] if padding_side == "right" else [gap, 0])
        padded.append(pad(s, widths, value=value) if gap else s)
    return stack(padded, 0 if batch_first else 1)


def pack_padded_sequence(input: Any, lengths: Any, batch_first: bool = False,  # noqa: A002
                         enforce_sorted: bool = True) -> PackedSequence:
    """Pack a padded batch (T, B, *) (or (B, T, *) with batch_first) whose b-th sequence has
    lengths[b] steps. With enforce_sorted the lengths must be in decreasing order; else the
    batch is sorted here and sorted_indices records how."""
    where = "pack_padded_sequence"
    x = _tensor(input, where, "input")
    batch_first = flag(batch_first, "batch_first", where)
    enforce_sorted = flag(enforce_sorted, "enforce_sorted", where)
    lengths = _indices(lengths, where, "lengths")
    if x.ndim < 2:
        raise ValueError(f"{where}: input must be (T, B, *) or (B, T, *), got shape "
                         f"{tuple(x.shape)}")
    if batch_first:
        x = x.swapaxes(0, 1)
    if x.shape[1] == 0 or len(lengths) == 0:
        raise ValueError(f"{where}: Cannot pack empty tensors.")
    if len(lengths) != x.shape[1]:
        raise ValueError(f"{where}: Expected `len(lengths)` to be equal to batch_size, but got "
                         f"{len(lengths)} (batch_size={x.shape[1]})")
    if enforce_sorted:
        if np.any(np.diff(lengths) > 0):
            raise ValueError(f"{where}: {_SORTED}")
        order = None
    else:  # longest first; equal lengths keep their order (as PyTorch on the CPU)
        order = np.argsort(-lengths, kind="stable")
        lengths, x = lengths[order], x[:, order]
    if lengths.min() <= 0:
        raise ValueError(f"{where}: Length of all samples has to be greater than 0, but found "
                         f"an element in 'lengths' that is <= 0, got {lengths.min()}")
    if lengths.max() > x.shape[0]:
        raise ValueError(f"{where}: lengths must be at most the padded length {x.shape[0]}, "
                         f"got {lengths.max()}")
    batch_sizes = (lengths[None, :] > np.arange(lengths.max())[:, None]).sum(1)
    data = concatenate([x[t, :b] for t, b in enumerate(batch_sizes)], 0)
    sorted_indices = None if order is None else _int64(order)
    return PackedSequence(data, _int64(batch_sizes), sorted_indices,
                          invert_permutation(sorted_indices))


def pad_packed_sequence(sequence: Any, batch_first: bool = False, padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    """The inverse of pack_padded_sequence: (padded (T, B, *) or (B, T, *), lengths), in the
    original batch order; T is total_length if given, else the longest length."""
    where = "pad_packed_sequence"
    if not isinstance(sequence, PackedSequence):
        raise TypeError(f"{where}: sequence must be a PackedSequence, got {shown(sequence)}")
    batch_first = flag(batch_first, "batch_first", where)
    value = real(padding_value, "padding_value", where)
    data, batch_sizes = sequence.data, _indices(sequence.batch_sizes, where, "batch_sizes")
    steps = len(batch_sizes)
    if total_length is not None:
        if not isinstance(total_length, (int, np.integer)) or isinstance(total_length, bool):
            raise TypeError(f"{where}: total_length must be an int or None, got "
                            f"{shown(total_length)}")
        if total_length < steps:
            raise ValueError(f"{where}: Expected total_length to be at least the length of the "
                             f"longest sequence in input, but got total_length={total_length} "
                             f"and max sequence length being {steps}")
        steps = int(total_length)
    n = int(batch_sizes[0])
    ends = np.cumsum(batch_sizes)
    rows = []  # each time step's rows, padded to the whole batch
    for t in range(steps):
        if t < len(batch_sizes):
            b = int(batch_sizes[t])
            row = data[ends[t] - b:ends[t]]
            rows.append(pad(row, [0, 0] * (data.ndim - 1) + [0, n - b], value=value)
                        if b < n else row)
        else:
            rows.append(Tensor(np.full((n, *data.shape[1:]), value, dtype=data.dtype)))
    padded = stack(rows, 0)
    lengths = (batch_sizes[None, :] > np.arange(n)[:, None]).sum(1)
    if sequence.unsorted_indices is not None:
        unsorted = _indices(sequence.unsorted_indices, where, "unsorted_indices")
        padded, lengths = padded[:, unsorted], lengths[unsorted]
    return (padded.swapaxes(0, 1) if batch_first else padded), _int64(lengths)


def pack_sequence(sequences: Any, enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of sequences (L_i, *): pad_sequence, then pack_padded_sequence."""
    seqs = _sequences(sequences, "pack_sequence")
    enforce_sorted = flag(enforce_sorted, "enforce_sorted", "pack_sequence")
    return pack_padded_sequence(pad_sequence(seqs), [s.shape[0] for s in seqs],
                                enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences: Any, lengths: Any, batch_first: bool = False
                   ) -> list[Tensor]:
    """The inverse of pad_sequence: the b-th sequence is padded[:lengths[b], b]."""
    where = "unpad_sequence"
    x = _tensor(padded_sequences, where, "padded_sequences")
    lengths = _indices(lengths, where, "lengths")
    batch_first = flag(batch_first, "batch_first", where)
    if x.ndim < 2:
        raise ValueError(f"{where}: padded_sequences must be (T, B, *) or (B, T, *), got "
                         f"shape {tuple(x.shape)}")
    if not batch_first:
        x = x.swapaxes(0, 1)
    if len(lengths) != x.shape[0] or np.any(lengths < 0) or np.any(lengths > x.shape[1]):
        raise ValueError(f"{where}: lengths must give each of the {x.shape[0]} sequences a "
                         f"length in [0, {x.shape[1]}], got {lengths.tolist()}")
    return [x[b, :length] for b, length in enumerate(lengths)]


def unpack_sequence(packed_sequences: Any) -> list[Tensor]:
    """The inverse of pack_sequence: the list of sequences, in their original order."""
    if not isinstance(packed_sequences, PackedSequence):
        raise TypeError(f"unpack_sequence: packed_sequences must be a PackedSequence, got "
                        f"{shown(packed_sequences)}")
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


def packed_steps(batch_sizes: Sequence[int]) -> list[slice]:
    """The rows of each time step in a PackedSequence's data (nn/sequence/recurrent.py's loop)."""
    ends = np.cumsum(batch_sizes)
    return [slice(int(e) - int(b), int(e)) for b, e in zip(batch_sizes, ends, strict=True)]
