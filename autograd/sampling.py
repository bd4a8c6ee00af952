"""Drawing category indices by weight: torch.multinomial's semantics, numpy's random numbers.

`autograd.multinomial(input, num_samples, replacement=False, *, generator=None)` and
`Tensor.multinomial(...)` draw from gradproof's default generator (the one
`autograd.manual_seed` seeds) or from `generator=` (a numpy Generator), so a seed repeats
the draws; the indices differ from PyTorch's for the same seed, how they are drawn does not.

input holds weights: one distribution (1-D, k categories) or one per row (2-D), finite and
>= 0, each row's sum > 0; they need not sum to 1 (category i has probability w_i / sum(w)).
The result is int64 indices, of shape (num_samples,) or (rows, num_samples):

- with replacement, each sample on its own: the first category whose cumulative weight
  exceeds a uniform draw times the row's sum (a category of weight 0 is never drawn);
- without replacement, each category at most once, in order of drawing: the first with
  probability w_i / sum(w), the next from the categories left, by their weights, and so on.
  It is drawn in one pass, as PyTorch does, by a race: category i's key is w_i / E_i with
  E_i ~ Exp(1), and the samples are the num_samples largest keys, largest first (the largest
  is i with probability w_i / sum(w), and the rest race on among themselves). A category of
  weight 0 comes only after every positive one: PyTorch's are in an order of its own, these
  lowest index first.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .arguments import flag, integer, to_array
from .generators import generator as _generator
from .node import Node


def weights(input: Any, op: str) -> np.ndarray:  # noqa: A002 (PyTorch's name)
    """The weights as an array (a Tensor's own; numbers, lists and arrays as Tensor() takes
    them), checked: floating-point, 1-D or 2-D, finite and >= 0, every row's sum > 0."""
    if isinstance(input, Node) and hasattr(input, "shape"):
        array = input.data
        if array.dtype.kind != "f":
            raise TypeError(f"{op}: input must hold floating-point weights (as PyTorch), got "
                            f"a Tensor of {array.dtype}")
    else:
        array = to_array(input, None, op, copy=False, name="input")
    if array.ndim not in (1, 2):
        raise ValueError(f"{op}: input must be 1-D (the weights of the categories) or 2-D "
                         f"(one row of weights per draw), got shape {array.shape}")
    if not np.all(np.isfinite(array) & (array >= 0)):
        bad = array[~(np.isfinite(array) & (array >= 0))]
        raise ValueError(f"{op}: input must hold weights that are finite and >= 0, got "
                         f"{bad[:5].tolist()} among them")
    return array


def multinomial_indices(array: np.ndarray, num_samples: Any, replacement: Any,
                        generator: Any, op: str) -> np.ndarray:
    """num_samples int64 indices per row of the (checked) weights `array`."""
    count = integer(num_samples, "num_samples", op)
    replacement = flag(replacement, "replacement", op)
    rng = _generator(generator, op)
    if count <= 0:
        raise ValueError(f"{op}: num_samples must be positive, got {count}")
    rows = np.atleast_2d(array).astype(np.float64)
    categories = rows.shape[1]
    if not replacement and count > categories:
        raise ValueError(f"{op}: cannot draw num_samples={count} samples from {categories} "
                         "categories without replacement (pass replacement=True)")
    totals = rows.sum(axis=1)
    if np.any(totals <= 0):
        row = int(np.argmax(totals <= 0))
        where = f"row {row} of input" if array.ndim == 2 else "input"
        raise ValueError(f"{op}: {where} sums to 0: no category has a positive weight to draw")
    if replacement:
        drawn = _with_replacement(rows, count, rng)
    else:
        # (a draw of E = 0 makes an infinite key, first; 0 / 0 a nan key, sorted last)
        with np.errstate(divide="ignore", invalid="ignore"):
            keys = rows / rng.standard_exponential(rows.shape)
        drawn = np.argsort(-keys, axis=1, kind="stable")[:, :count]
    drawn = drawn.astype(np.int64)
    return drawn if array.ndim == 2 else drawn[0]


def _with_replacement(rows: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Each sample the first category whose cumulative weight exceeds u * total, u ~ U[0, 1)."""
    uniform = rng.random((rows.shape[0], count))
    drawn = np.empty((rows.shape[0], count), dtype=np.int64)
    for r, row in enumerate(rows):
        cumulative = np.cumsum(row)
        found = np.searchsorted(cumulative, uniform[r] * cumulative[-1], side="right")
        # u * total can round up to the last cumulative sum: that draw is the last category
        # of positive weight
        drawn[r] = np.minimum(found, np.flatnonzero(row)[-1])
    return drawn
