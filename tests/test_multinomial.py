"""autograd.multinomial and Tensor.multinomial: torch.multinomial's semantics (shapes, int64,
each index at most once without replacement, PyTorch's errors), numpy's draws from
gradproof's generators. Random numbers cannot match PyTorch's, so the draws are tested by
their distribution: frequencies within a bound computed from the exact probabilities."""

import math

import numpy as np
import pytest

import autograd
from autograd import Tensor

WEIGHTS = [1.0, 2.0, 3.0, 4.0]  # not summing to 1: probabilities w / 10


def within(counts, probabilities, draws):
    """Whether every count is within 5 binomial standard deviations of draws * p (exactly
    draws * p where p is 0 or 1). By chance a count strays that far with probability
    below 5.8e-7 (the normal tail), so for the few dozen counts here a failure means a wrong
    distribution, not bad luck; the seed makes each test repeat exactly."""
    counts, p = np.asarray(counts, dtype=float), np.asarray(probabilities, dtype=float)
    spread = np.sqrt(draws * p * (1.0 - p))
    return bool(np.all(np.abs(counts - draws * p) <= 5.0 * spread))


def test_with_replacement_each_category_comes_at_its_weights_share():
    autograd.manual_seed(0)
    draws = 200_000
    drawn = autograd.multinomial(Tensor(WEIGHTS), draws, replacement=True)
    assert drawn.shape == (draws,) and drawn.dtype == np.int64 and not drawn.requires_grad
    p = np.array(WEIGHTS) / sum(WEIGHTS)
    counts = np.bincount(drawn.data, minlength=4)
    assert within(counts, p, draws)
    assert not within(counts, np.full(4, 0.25), draws)  # the bound tells uniform apart


def test_without_replacement_the_order_of_drawing_has_its_probabilities():
    # P(first i, then j) = p_i * p_j / (1 - p_i): drawn again and again, one row each time
    autograd.manual_seed(1)
    rows = 60_000
    drawn = autograd.multinomial(Tensor(np.tile(WEIGHTS, (rows, 1))), 2).data
    assert drawn.shape == (rows, 2) and drawn.dtype == np.int64
    assert np.all(drawn[:, 0] != drawn[:, 1])  # each index at most once
    p = np.array(WEIGHTS) / sum(WEIGHTS)
    pairs = np.zeros((4, 4))
    np.add.at(pairs, (drawn[:, 0], drawn[:, 1]), 1)
    exact = p[:, None] * p[None, :] / (1.0 - p[:, None])
    np.fill_diagonal(exact, 0.0)
    assert math.isclose(exact.sum(), 1.0)
    assert within(pairs, exact, rows)
    assert within(np.bincount(drawn[:, 0], minlength=4), p, rows)  # the first: p itself
    # drawing the second from all four again (with replacement) would be told apart
    assert not within(pairs, p[:, None] * p[None, :], rows)


def test_without_replacement_all_categories_make_a_permutation_and_zero_weights_come_last():
    autograd.manual_seed(2)
    drawn = autograd.multinomial(Tensor(np.tile([0.0, 5.0, 0.0, 1.0, 2.0], (500, 1))), 5).data
    assert all(sorted(row) == [0, 1, 2, 3, 4] for row in drawn.tolist())
    assert np.all(drawn[:, 3:] == [0, 2])  # weight 0: after every positive one, lowest first
    assert set(drawn[:, 0].tolist()) == {1, 3, 4}


def test_a_row_each_draws_from_its_own_weights():
    rows = Tensor([[0.0, 0.0, 3.0], [1.0, 0.0, 0.0], [0.0, 2.0, 0.0]])
    drawn = autograd.multinomial(rows, 6, replacement=True)
    assert drawn.tolist() == [[2] * 6, [0] * 6, [1] * 6]
    assert autograd.multinomial(Tensor(np.ones((0, 3))), 2).shape == (0, 2)  # PyTorch's too


def test_the_seed_repeats_the_draws_and_the_method_is_the_function():
    weights = Tensor(np.linspace(0.1, 2.0, 20), requires_grad=True)
    autograd.manual_seed(7)
    first = autograd.multinomial(weights, 10)
    autograd.manual_seed(7)
    assert weights.multinomial(10).tolist() == first.tolist()
    assert autograd.multinomial(weights, 10).tolist() != first.tolist()  # the generator moved
    own = [autograd.multinomial(weights, 10, True, generator=np.random.default_rng(3))
           for _ in range(2)]
    assert own[0].tolist() == own[1].tolist()
    seeded = autograd.Generator().manual_seed(3)  # torch.Generator's port
    assert weights.multinomial(10, True, generator=seeded).tolist() == own[0].tolist()


def test_the_draws_are_the_ones_the_docstring_describes():
    # autograd/sampling.py: with replacement, the inverse of the cumulative weights at
    # u * sum; without, the largest keys w / E, E ~ Exp(1): numpy's numbers, not PyTorch's
    weights = np.array([0.5, 0.0, 2.0, 1.5])
    drawn = autograd.multinomial(weights, 8, True, generator=np.random.default_rng(5))
    u = np.random.default_rng(5).random(8)
    expected = np.searchsorted(np.cumsum(weights), u * weights.sum(), side="right")
    assert drawn.tolist() == expected.tolist()
    drawn = autograd.multinomial(weights, 3, generator=np.random.default_rng(6))
    keys = weights / np.random.default_rng(6).standard_exponential(4)
    assert drawn.tolist() == np.argsort(-keys, kind="stable")[:3].tolist()


def test_weights_of_any_float_dtype_or_size_and_plain_data():
    big = Tensor(np.full(4, 1e38, dtype=np.float32))  # their sum overflows float32
    assert sorted(autograd.multinomial(big, 4).tolist()) == [0, 1, 2, 3]
    assert autograd.multinomial(Tensor([1.0], dtype=np.float16), 3, True).tolist() == [0, 0, 0]
    assert autograd.multinomial([0, 3], 1).tolist() == [1]  # numbers, as Tensor() takes them
    tiny = Tensor([1e-300, 0.0, 1e-300])
    assert set(autograd.multinomial(tiny, 50, True).tolist()) <= {0, 2}


@pytest.mark.parametrize("call, error, message", [
    # PyTorch 2.13 raises RuntimeError for the values ("probability tensor contains either
    # `inf`, `nan` or element < 0", "invalid multinomial distribution (sum of probabilities
    # <= 0)", "cannot sample n_sample > prob_dist.size(-1) samples without replacement",
    # "cannot sample n_sample <= 0 samples", "prob_dist must be 1 or 2 dim") and TypeError
    # for the types; gradproof raises ValueError for the values
    (lambda: autograd.multinomial(Tensor([1.0, -1.0]), 1), ValueError,
     r"multinomial: input must hold weights that are finite and >= 0, got \[-1.0\]"),
    (lambda: autograd.multinomial(Tensor([1.0, np.inf]), 1), ValueError, r"got \[inf\]"),
    (lambda: autograd.multinomial(Tensor([np.nan, 1.0]), 1, True), ValueError, r"got \[nan\]"),
    (lambda: autograd.multinomial(Tensor([0.0, 0.0]), 1, True), ValueError,
     "multinomial: input sums to 0: no category has a positive weight to draw"),
    (lambda: autograd.multinomial(Tensor([[1.0, 1.0], [0.0, 0.0]]), 1), ValueError,
     "multinomial: row 1 of input sums to 0"),
    (lambda: autograd.multinomial(Tensor(WEIGHTS), 5), ValueError,
     r"multinomial: cannot draw num_samples=5 samples from 4 categories without replacement"),
    (lambda: autograd.multinomial(Tensor(np.ones(0)), 1), ValueError,
     "cannot draw num_samples=1 samples from 0 categories"),
    (lambda: autograd.multinomial(Tensor(WEIGHTS), 0), ValueError,
     "multinomial: num_samples must be positive, got 0"),
    (lambda: Tensor(WEIGHTS).multinomial(-1, True), ValueError,
     "multinomial: num_samples must be positive, got -1"),
    (lambda: autograd.multinomial(Tensor(2.0), 1), ValueError,
     r"multinomial: input must be 1-D .* or 2-D .*, got shape \(\)"),
    (lambda: autograd.multinomial(Tensor(np.ones((2, 2, 2))), 1), ValueError,
     r"got shape \(2, 2, 2\)"),
    (lambda: autograd.multinomial(Tensor(WEIGHTS), 1.5), TypeError,
     "multinomial: num_samples must be an int, got 1.5"),
    (lambda: autograd.multinomial(Tensor(WEIGHTS), True), TypeError,
     "multinomial: num_samples must be an int, got bool True"),
    (lambda: autograd.multinomial(autograd.tensor([1, 2]), 1), TypeError,
     "multinomial: input must hold floating-point weights .*, got a Tensor of int64"),
    (lambda: autograd.tensor([True]).multinomial(1), TypeError, "got a Tensor of bool"),
    (lambda: autograd.multinomial(Tensor(WEIGHTS), 1, None), TypeError,
     "multinomial: replacement= must be True or False, got None"),
    (lambda: autograd.multinomial(Tensor(WEIGHTS), 1, 1), TypeError,
     "multinomial: replacement= must be True or False, got 1"),
    (lambda: autograd.multinomial(Tensor(WEIGHTS), 1, generator=3), TypeError,
     "multinomial: generator must be a numpy Generator"),
    (lambda: autograd.multinomial("abc", 1), TypeError,
     "multinomial: input must be real numbers, got 'abc'"),
])
def test_pytorchs_refusals_are_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_num_samples_may_be_a_one_element_integer_tensor():
    # PyTorch takes torch.tensor(2) as num_samples too
    drawn = autograd.multinomial(Tensor(WEIGHTS), Tensor(2, dtype=np.int64))
    assert drawn.shape == (2,)
