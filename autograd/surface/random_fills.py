"""Tensor's random fills: normal_, uniform_, bernoulli_, exponential_, geometric_,
log_normal_, cauchy_ and random_, PyTorch's in-place draws; and multinomial, the draw of
category indices by the Tensor's weights (a new Tensor: autograd/sampling.py).

Each fills the Tensor's own array with draws from gradproof's one default generator (the
one `autograd.manual_seed` seeds, as nn.init's fills), or from `generator=` (a numpy
Generator of your own); the numbers are numpy's, so the same seed gives other numbers than
PyTorch's. The rules of autograd/surface/inplace.py hold: a leaf that requires grad only
under no_grad(), a non-leaf raises. As in PyTorch, the continuous ones need a float Tensor;
bernoulli_, geometric_ and random_ fill any dtype.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..arguments import _UNSET, integer, real, real_array, shown
from ..generators import generator
from ..node import Node, make_node
from ..sampling import multinomial_indices, weights

Draw = Callable[[np.random.Generator, tuple[int, ...]], Any]


def _generator(given: Any, where: str) -> np.random.Generator:
    return generator(given, where)


def _checked(value: Any, name: str, op: str, test: Callable[[float], bool], expected: str
             ) -> float:
    number = real(value, name, op)
    if not test(number):  # (nan fails every test)
        raise ValueError(f"{op}: {name} must be {expected}, got {shown(value)}")
    return number


def _only(kwargs: dict[str, Any], op: str) -> Any:
    """PyTorch's `from=` keyword (a Python keyword: from_ here), or _UNSET."""
    extra = set(kwargs) - {"from"}
    if extra:
        raise TypeError(f"{op}() got an unexpected keyword argument {sorted(extra)[0]!r}")
    return kwargs.get("from", _UNSET)


class RandomFills:
    """Tensor methods (mixed into Tensor, through InPlace)."""

    __slots__ = ()
    data: np.ndarray
    shape: tuple[int, ...]
    dtype: Any

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Any:
        """Draws from N(mean, std**2), std >= 0."""
        mean = real(mean, "mean", "normal_")
        std = _checked(std, "std", "normal_", lambda s: s >= 0, ">= 0")
        return self._draw("normal_", generator, lambda rng, n: rng.normal(mean, std, n))

    def uniform_(self, from_: float = 0.0, to: float = 1.0, *, generator: Any = None,
                 **kwargs: Any) -> Any:
        """Draws from U[from, to), from <= to (PyTorch's `from=`, a Python keyword, is
        from_ here; `uniform_(**{'from': a})` works too)."""
        given = _only(kwargs, "uniform_")
        low = real(from_ if given is _UNSET else given, "from", "uniform_")
        high = real(to, "to", "uniform_")
        if not (math.isfinite(low) and math.isfinite(high) and math.isfinite(high - low)
                and low <= high):
            raise ValueError(f"uniform_: expected finite bounds from <= to, got from={low!r}, "
                             f"to={high!r}")
        return self._draw("uniform_", generator, lambda rng, n: rng.uniform(low, high, n))

    def bernoulli_(self, p: Any = 0.5, *, generator: Any = None) -> Any:
        """1 with probability p, else 0 (in the Tensor's dtype: True and False for a bool
        one); p a number or probabilities that broadcast to the Tensor's shape."""
        if isinstance(p, Node) or isinstance(p, (np.ndarray, list, tuple)):
            probs = np.asarray(real_array(p, "bernoulli_", "p"), dtype=np.float64)
            if not np.all((probs >= 0) & (probs <= 1)):
                raise ValueError(f"bernoulli_: p must hold probabilities in [0, 1], got "
                                 f"{shown(p)}")
            try:
                probs = np.broadcast_to(probs, self.shape)
            except ValueError:
                raise ValueError(f"bernoulli_: p of shape {probs.shape} does not broadcast to "
                                 f"the Tensor's shape {self.shape}") from None
        else:
            probs = _checked(p, "p", "bernoulli_", lambda q: 0 <= q <= 1, "in [0, 1]")
        return self._draw("bernoulli_", generator, lambda rng, n: rng.random(n) < probs,
                          floats=False)

    def exponential_(self, lambd: float = 1.0, *, generator: Any = None) -> Any:
        """Draws from the exponential distribution of rate lambd > 0 (mean 1 / lambd)."""
        rate = _checked(lambd, "lambd", "exponential_", lambda r: r > 0, "> 0")
        return self._draw("exponential_", generator,
                          lambda rng, n: rng.exponential(1.0 / rate, n))

    def geometric_(self, p: float, *, generator: Any = None) -> Any:
        """The number of Bernoulli(p) trials up to the first success (1, 2, ...), 0 < p < 1."""
        p = _checked(p, "p", "geometric_", lambda q: 0 < q < 1, "in (0, 1)")
        return self._draw("geometric_", generator, lambda rng, n: rng.geometric(p, n),
                          floats=False)

    def log_normal_(self, mean: float = 1.0, std: float = 2.0, *, generator: Any = None
                    ) -> Any:
        """exp of draws from N(mean, std**2), std > 0."""
        mean = real(mean, "mean", "log_normal_")
        std = _checked(std, "std", "log_normal_", lambda s: s > 0, "> 0")
        return self._draw("log_normal_", generator,
                          lambda rng, n: rng.lognormal(mean, std, n))

    def cauchy_(self, median: float = 0.0, sigma: float = 1.0, *, generator: Any = None
                ) -> Any:
        """Draws from the Cauchy distribution: median + sigma * tan(pi * (U - 1/2)),
        sigma > 0."""
        median = real(median, "median", "cauchy_")
        sigma = _checked(sigma, "sigma", "cauchy_", lambda s: s > 0, "> 0")
        return self._draw("cauchy_", generator,
                          lambda rng, n: median + sigma * rng.standard_cauchy(n))

    def random_(self, from_: Any = _UNSET, to: Any = _UNSET, *, generator: Any = None,
                **kwargs: Any) -> Any:
        """Whole numbers drawn uniformly from [from, to) (PyTorch's random_): random_(to)
        is [0, to); to=None, or no bounds, reaches the dtype's largest (2**53 for float64,
        2**24 for float32: the whole numbers it holds exactly; 1 for bool)."""
        given = _only(kwargs, "random_")
        if given is not _UNSET:
            from_ = given
        low = 0 if from_ is _UNSET else integer(from_, "from", "random_")
        if from_ is not _UNSET and to is _UNSET and given is _UNSET:
            low, to = 0, low  # random_(to): the one bound given is the top
        top = _largest(self.dtype)
        high = top + 1 if to is _UNSET or to is None else integer(to, "to", "random_")
        if low >= high:
            raise ValueError(f"random_: expected from < to, got from={low}, to={high}")
        if self.dtype.kind != "f":
            least = 0 if self.dtype.kind == "b" else np.iinfo(self.dtype).min
            if low < least or high - 1 > top:
                raise ValueError(f"random_: [from, to) = [{low}, {high}) is out of the range "
                                 f"of {self.dtype}, [{least}, {top}]")
        if low < np.iinfo(np.int64).min or high - 1 > np.iinfo(np.int64).max:
            raise OverflowError(f"random_: [from, to) = [{low}, {high}) is out of the range "
                                "of int64")
        return self._draw("random_", generator, lambda rng, n: rng.integers(
            low, high - 1, n, dtype=np.int64, endpoint=True), floats=False)

    def multinomial(self, num_samples: int, replacement: bool = False, *,
                    generator: Any = None) -> Any:
        """num_samples category indices drawn by this Tensor's weights (1-D, or 2-D: one
        draw per row): a new int64 Tensor, as torch.multinomial (autograd/sampling.py)."""
        array = weights(self, "multinomial")
        drawn = multinomial_indices(array, num_samples, replacement, generator, "multinomial")
        return make_node(type(self), drawn, (), "", ())

    def _draw(self, name: str, generator: Any, draw: Draw, floats: bool = True) -> Any:
        self._check_inplace(name, ())
        if floats and self.dtype.kind != "f":
            raise TypeError(f"{name}: draws real numbers, so it needs a floating-point Tensor "
                            f"(as PyTorch), got dtype {self.dtype}")
        values = draw(_generator(generator, name), self.shape)
        return self._set(name, (), Ellipsis, np.asarray(values).astype(self.dtype))


def _largest(dtype: np.dtype[Any]) -> int:
    """random_'s default top: the dtype's largest whole number (exact, for floats)."""
    if dtype.kind == "f":
        return 2 ** (np.finfo(dtype).nmant + 1)
    return 1 if dtype.kind == "b" else int(np.iinfo(dtype).max)
