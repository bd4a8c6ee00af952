"""reset_parameters() (no argument) of the normalisation layers and the embeddings, as
PyTorch 2.13's: the constructor calls it, so a subclass's override decides the first values
(torch gives the zeros asserted below), and a later call draws again from the layer's own
stream (seed=/generator=) or the default generator; the default draws are unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd
import nn


def zeroing(cls: type) -> type:
    """A subclass of cls whose reset_parameters zeroes every parameter."""

    class Zero(cls):
        def reset_parameters(self) -> None:
            for p in self.parameters():
                nn.init.zeros_(p)

    return Zero


NORMS = [(nn.LayerNorm, (3,), {}), (nn.GroupNorm, (1, 3), {}), (nn.BatchNorm1d, (3,), {}),
         (nn.BatchNorm2d, (3,), {}), (nn.BatchNorm3d, (3,), {}), (nn.RMSNorm, (3,), {}),
         (nn.InstanceNorm1d, (3,), {}),
         (nn.InstanceNorm2d, (3,), {"affine": True, "track_running_stats": True}),
         (nn.InstanceNorm3d, (3,), {"affine": True})]


@pytest.mark.parametrize(("cls", "args", "kwargs"), NORMS)
def test_a_norm_subclass_that_zero_inits_gets_zeros(cls, args, kwargs):
    layer = zeroing(cls)(*args, **kwargs)
    expected = len([k for k in ("weight", "bias") if getattr(cls(*args, **kwargs), k, None)
                    is not None])
    params = list(layer.parameters())
    assert len(params) == expected and all(p.data.shape == (3,) and not p.data.any()
                                           for p in params)
    # torch: the running statistics are not parameters; they start as ever (0, 1, 0)
    if getattr(layer, "track_running_stats", False):
        assert layer.running_mean.data.tolist() == [0, 0, 0]
        assert layer.running_var.data.tolist() == [1, 1, 1]
        assert int(layer.num_batches_tracked) == 0


@pytest.mark.parametrize(("cls", "args", "kwargs"), NORMS)
def test_a_norm_reset_gives_ones_and_zeros_again(cls, args, kwargs):
    layer = cls(*args, **kwargs)
    for p in layer.parameters():
        p.data[...] = 7.0
    layer.reset_parameters()
    assert [p.data.tolist() for p in layer.parameters()] == [[1.0] * 3, [0.0] * 3][
        :len(list(layer.parameters()))]


def test_batch_norm_reset_running_stats_leaves_the_affine_parameters():
    layer = nn.BatchNorm1d(2)
    layer(autograd.tensor(np.array([[1.0, 2.0], [3.0, 5.0], [0.0, -1.0]])))
    layer.weight.data[...] = 3.0
    assert int(layer.num_batches_tracked) == 1 and layer.running_mean.data.any()
    tracked = layer.num_batches_tracked
    layer.reset_running_stats()
    # torch: weight [3.0, 3.0], running_mean [0.0, 0.0], num_batches_tracked tensor(0)
    assert layer.weight.data.tolist() == [3.0, 3.0]
    assert layer.running_mean.data.tolist() == [0.0, 0.0]
    assert layer.running_var.data.tolist() == [1.0, 1.0]
    assert int(layer.num_batches_tracked) == 0 and layer.num_batches_tracked is tracked
    layer.reset_parameters()
    assert layer.weight.data.tolist() == [1.0, 1.0] and layer.bias.data.tolist() == [0, 0]
    nn.BatchNorm1d(2, track_running_stats=False).reset_running_stats()  # nothing to reset


def test_an_overridden_reset_running_stats_is_called_by_the_constructor():
    class Two(nn.BatchNorm1d):
        def reset_running_stats(self) -> None:
            super().reset_running_stats()
            self.running_var.data[...] = 2.0

    assert Two(2).running_var.data.tolist() == [2.0, 2.0]  # torch: [2.0, 2.0]


@pytest.mark.parametrize("cls", [nn.Embedding, nn.EmbeddingBag])
def test_an_embedding_subclass_that_zero_inits_gets_zeros(cls):
    layer = zeroing(cls)(4, 3)
    assert layer.weight.data.tolist() == [[0.0] * 3] * 4  # torch: zeros
    # _weight given (and from_pretrained): torch does not call reset_parameters
    pretrained = zeroing(cls).from_pretrained(np.ones((2, 2)), padding_idx=0)
    assert pretrained.weight.data.tolist() == [[1.0, 1.0], [1.0, 1.0]]
    given = zeroing(cls)(2, 2, _weight=np.ones((2, 2)))
    assert given.weight.data.tolist() == [[1.0, 1.0], [1.0, 1.0]]


@pytest.mark.parametrize("cls", [nn.Embedding, nn.EmbeddingBag])
def test_an_embedding_reset_draws_the_next_numbers_of_its_stream(cls):
    rng = np.random.default_rng(5)
    first, second = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    first[1] = second[1] = 0.0  # the padding_idx row, zeroed after each draw
    for layer in (cls(4, 3, padding_idx=1, seed=5),
                  cls(4, 3, padding_idx=1, generator=np.random.default_rng(5))):
        assert layer.weight.data.tolist() == first.tolist()
        layer.reset_parameters()
        assert layer.weight.data.tolist() == second.tolist()


@pytest.mark.parametrize("cls", [nn.Embedding, nn.EmbeddingBag])
def test_an_embedding_reset_draws_from_the_default_generator(cls):
    autograd.manual_seed(3)
    layer = cls(4, 3, padding_idx=-1)
    first = layer.weight.data.copy()
    layer.reset_parameters()
    autograd.manual_seed(3)
    expected = np.random.default_rng(3).normal(size=(2, 4, 3))
    expected[:, 3] = 0.0
    assert first.tolist() == expected[0].tolist()
    assert layer.weight.data.tolist() == expected[1].tolist()
    assert cls(4, 3, padding_idx=-1).weight.data.tolist() == first.tolist()
    # from_pretrained: the table as given (torch zeroes no row), a reset then draws
    pretrained = cls.from_pretrained(np.ones((3, 2)), padding_idx=1)
    assert pretrained.weight.data.tolist() == [[1.0, 1.0]] * 3
    pretrained.reset_parameters()
    assert pretrained.weight.data[1].tolist() == [0.0, 0.0]  # torch: [0.0, 0.0]
    assert np.all(pretrained.weight.data[[0, 2]] != 1.0)
