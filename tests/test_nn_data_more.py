"""nn.data against torch.utils.data: datasets, samplers, default_collate and DataLoader's
options. Expected values are torch 2.13's (run with the same inputs); random orders are
checked for their semantics only (another generator draws them)."""

import collections

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn import data
from nn.functional import one_hot


def _lists(loader):
    return [b.tolist() for b in loader]


# ------------------------------------------------------------------ shuffling and seeds


def test_shuffle_follows_manual_seed_and_reshuffles_each_epoch():
    def run():
        autograd.manual_seed(3)
        loader = data.DataLoader(list(range(9)), batch_size=4, shuffle=True)
        return [_lists(loader) for _ in range(3)]

    first = run()
    assert first == run()  # torch.manual_seed(0) twice: the same orders (audit A3)
    for epoch in first:
        assert [len(b) for b in epoch] == [4, 4, 1]
        assert sorted(sum(epoch, [])) == list(range(9))
    assert first[0] != first[1] != first[2]
    nn.manual_seed(3)  # nn's name for the same seed
    assert _lists(data.DataLoader(list(range(9)), batch_size=4, shuffle=True)) == first[0]


def test_a_generator_of_its_own_leaves_the_default_one_alone():
    autograd.manual_seed(0)
    expected = autograd.rand(3).tolist()
    autograd.manual_seed(0)
    loader = data.DataLoader(list(range(9)), batch_size=9, shuffle=True,
                             generator=np.random.default_rng(5))
    orders = [_lists(loader)[0] for _ in range(2)]
    assert autograd.rand(3).tolist() == expected and orders[0] != orders[1]
    again = data.DataLoader(list(range(9)), batch_size=9, shuffle=True,
                            generator=np.random.default_rng(5))
    assert [_lists(again)[0] for _ in range(2)] == orders
    assert _lists(data.DataLoader(list(range(9)), batch_size=9, shuffle=True, seed=5)) \
        == [orders[0]]  # gradproof's seed=: a generator seeded once


# ------------------------------------------------------------------ dtypes of batches


def test_integer_labels_stay_integers():
    ds = data.TensorDataset(autograd.ones(4, 2), autograd.tensor([0, 1, 0, 1]))
    xb, yb = next(iter(data.DataLoader(ds, batch_size=4)))
    assert xb.dtype == np.float64 and yb.dtype == np.int64  # audit A4
    assert one_hot(yb, 2).tolist() == [[1, 0], [0, 1], [1, 0], [0, 1]]

    class Pairs(data.Dataset):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return np.full(2, float(i), dtype=np.float32), i

    xb, yb = next(iter(data.DataLoader(Pairs(), batch_size=3)))
    assert (xb.dtype, yb.dtype) == (np.float32, np.int64) and yb.tolist() == [0, 1, 2]
    _, y = next(iter(data.DataLoader((np.ones((3, 1)), np.arange(3)), batch_size=3)))
    assert y.dtype == np.int64  # the (X, y) shortcut too


def test_tensor_dataset_items_are_tensors_and_batches_are_lists():
    x, y = autograd.arange(8.0).reshape(4, 2), autograd.tensor([0, 1, 0, 1])
    ds = data.TensorDataset(x, y)
    assert ds.tensors == (x, y) and len(ds) == 4
    item = ds[1]
    assert type(item) is tuple and all(type(t) is Tensor for t in item)
    assert item[0].tolist() == [2.0, 3.0] and item[1].tolist() == 1
    batches = list(data.DataLoader(ds, batch_size=3))
    assert [type(b) for b in batches] == [list, list]
    assert [b[1].tolist() for b in batches] == [[0, 1, 0], [1]]


# ------------------------------------------------------------------ default_collate


def test_default_collate_keeps_the_structure_as_pytorch():
    out = data.default_collate([(1, 2.5, "a", True), (2, 3.5, "b", False)])
    assert type(out) is list and [t.dtype for t in out[:2]] == [np.int64, np.float64]
    assert out[0].tolist() == [1, 2] and out[1].tolist() == [2.5, 3.5]
    assert out[2] == ("a", "b") and out[3].dtype == np.bool_
    assert data.default_collate(["a", "b"]) == ["a", "b"]
    out = data.default_collate([{"x": np.ones(2, dtype=np.float32), "y": [1, 2]},
                                {"x": np.zeros(2, dtype=np.float32), "y": [3, 4]}])
    assert list(out) == ["x", "y"] and out["x"].dtype == np.float32
    assert out["x"].shape == (2, 2) and [t.tolist() for t in out["y"]] == [[1, 3], [2, 4]]
    assert data.default_collate([np.int32(1), np.int32(2)]).dtype == np.int32
    stacked = data.default_collate([autograd.tensor([1, 2]), autograd.tensor([3, 4])])
    assert stacked.tolist() == [[1, 2], [3, 4]] and stacked.dtype == np.int64
    point = collections.namedtuple("point", "a b")
    out = data.default_collate([point(1, 2.0), point(3, 4.0)])
    assert type(out) is point and out.a.tolist() == [1, 3] and out.b.tolist() == [2.0, 4.0]
    nested = data.default_collate([[np.array([1.0]), (2, "x")], [np.array([3.0]), (4, "y")]])
    assert nested[0].tolist() == [[1.0], [3.0]] and nested[1][0].tolist() == [2, 4]


def test_default_collate_follows_the_default_float():
    autograd.set_default_dtype(np.float32)
    try:
        assert data.default_collate([1.5, 2.0]).dtype == np.float32
    finally:
        autograd.set_default_dtype(np.float64)
    assert data.default_collate([1.5, 2.0]).dtype == np.float64


def test_gradients_flow_through_a_collated_batch():
    w = autograd.tensor([1.0, 2.0], requires_grad=True)
    batch = data.default_collate([w * 2, w * 3])
    batch.sum().backward()
    assert w.grad.tolist() == [5.0, 5.0]


@pytest.mark.parametrize("batch, error, message", [
    ([None, None], TypeError, "batch must contain tensors, numpy arrays, numbers, dicts or "
                              "lists; found <class 'NoneType'>"),
    ([object()], TypeError, "found <class 'object'>"),
    ([np.array(["a"]), np.array(["b"])], TypeError, "found <U1"),
    ([[1, 2], [3]], RuntimeError, r"each element in list of batch should be of equal size"),
    ([autograd.ones(2), autograd.ones(3)], RuntimeError,
     r"stack expects each tensor to be equal size, but got \[2\] at entry 0 and \[3\] at "
     r"entry 1"),
])
def test_default_collate_errors(batch, error, message):
    with pytest.raises(error, match="default_collate: .*" + message):
        data.default_collate(batch)


def test_default_convert_is_batch_size_none():
    out = data.default_convert((np.array([1, 2]), 3, "a"))
    assert type(out) is list and out[0].tolist() == [1, 2] and out[1:] == [3, "a"]
    assert out[0].dtype == np.int64
    assert list(data.DataLoader(list(range(4)), batch_size=None)) == [0, 1, 2, 3]


# ------------------------------------------------------------------ DataLoader's options


def test_len_and_batch_counts_match_pytorch():
    counts = [len(data.DataLoader(list(range(n)), batch_size=b, drop_last=d))
              for n in (0, 1, 5, 10) for b in (1, 3, 5) for d in (False, True)]
    assert counts == [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 5, 5, 2, 1, 1, 1, 10, 10, 4, 3, 2,
                      2]
    assert _lists(data.DataLoader(list(range(7)), batch_size=3, drop_last=True)) == \
        [[0, 1, 2], [3, 4, 5]]


def test_sampler_batch_sampler_and_collate_fn():
    loader = data.DataLoader(list(range(5)), sampler=[4, 3, 2, 1, 0], batch_size=2)
    assert _lists(loader) == [[4, 3], [2, 1], [0]] and len(loader) == 3
    loader = data.DataLoader(list(range(5)), batch_sampler=[[0, 1], [4], [2, 3]])
    assert _lists(loader) == [[0, 1], [4], [2, 3]] and loader.batch_size is None
    raw = data.DataLoader([{"a": 1}, {"a": 2}], batch_size=2, collate_fn=lambda b: b)
    assert list(raw) == [[{"a": 1}, {"a": 2}]]
    subset = data.Subset(data.TensorDataset(autograd.arange(6)), [5, 0, 3])
    assert [b[0].tolist() for b in data.DataLoader(subset, batch_size=2)] == [[5, 0], [3]]


def test_workers_run_in_the_main_process():
    seen = []
    loader = data.DataLoader(list(range(5)), batch_size=2, shuffle=True, num_workers=2,
                             pin_memory=True, persistent_workers=True, prefetch_factor=2,
                             timeout=5, worker_init_fn=lambda i: seen.append(
                                 (i, data.get_worker_info().num_workers)))
    assert len(loader) == 3 and sorted(sum(_lists(loader), [])) == list(range(5))
    assert seen == [(0, 1)] and data.get_worker_info() is None

    class Sharded(data.IterableDataset):  # the usual per-worker split keeps every sample
        def __iter__(self):
            info = data.get_worker_info()
            return iter(range(info.id, 6, info.num_workers))

    assert _lists(data.DataLoader(Sharded(), batch_size=4, num_workers=3)) == \
        [[0, 1, 2, 3], [4, 5]]


def test_iterable_datasets_are_batched_in_order():
    class Stream(data.IterableDataset):
        def __iter__(self):
            return iter(range(7))

        def __len__(self):
            return 7

    assert _lists(data.DataLoader(Stream(), batch_size=3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert _lists(data.DataLoader(Stream(), batch_size=3, drop_last=True)) == \
        [[0, 1, 2], [3, 4, 5]]
    assert list(data.DataLoader(Stream(), batch_size=None)) == list(range(7))
    assert len(data.DataLoader(Stream(), batch_size=3)) == 3
    assert len(data.DataLoader(Stream(), batch_size=3, drop_last=True)) == 2
    chained = Stream() + Stream()
    assert type(chained) is data.ChainDataset and list(chained) == list(range(7)) * 2


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(num_workers=-1), ValueError, "num_workers option should be a non-negative int"),
    (dict(prefetch_factor=2), ValueError, "prefetch_factor option could only be specified"),
    (dict(persistent_workers=True), ValueError, "persistent_workers option needs "
                                                r"num_workers > 0"),
    (dict(multiprocessing_context="spawn"), ValueError, "multiprocessing_context can only"),
    (dict(sampler=[0], shuffle=True), ValueError, "sampler option is mutually exclusive "
                                                  "with shuffle"),
    (dict(batch_sampler=[[0]], batch_size=2), ValueError, "batch_sampler option is "
                                                          "mutually exclusive"),
    (dict(batch_sampler=[[0]], drop_last=True), ValueError, ".*mutually exclusive"),
    (dict(batch_size=None, drop_last=True), ValueError, "batch_size=None option disables "
                                                        "auto-batching"),
    (dict(timeout=-1), ValueError, "timeout option should be non-negative, got -1"),
    (dict(shuffle="yes"), TypeError, "shuffle must be True or False, got 'yes'"),
    (dict(collate_fn=3), TypeError, "collate_fn must be callable, got 3"),
    (dict(generator=5), TypeError, "generator must be a numpy Generator"),
    (dict(seed=1, generator=np.random.default_rng(1)), ValueError,
     "give seed= or generator=, not both"),
])
def test_bad_loader_options(kwargs, error, message):
    with pytest.raises(error, match="DataLoader: " + message):
        data.DataLoader([1.0], **kwargs)


def test_iterable_dataset_refuses_shuffle_and_samplers():
    class Stream(data.IterableDataset):
        def __iter__(self):
            return iter(range(3))

    with pytest.raises(ValueError, match="DataLoader with IterableDataset: expected "
                                         "unspecified shuffle option, but got shuffle=True"):
        data.DataLoader(Stream(), shuffle=True)
    with pytest.raises(ValueError, match="expected unspecified sampler option"):
        data.DataLoader(Stream(), sampler=[0])


def test_fixed_attributes_cannot_be_set_after_init():
    loader = data.DataLoader([1.0])
    with pytest.raises(ValueError, match="batch_size attribute should not be set after "
                                         "DataLoader is initialized"):
        loader.batch_size = 3
    loader.num_workers = 2  # the others may change, as PyTorch's


# ------------------------------------------------------------------ datasets


def test_concat_subset_and_stack_datasets():
    ds = data.TensorDataset(autograd.arange(6), autograd.arange(6) * 2.0)
    joined = data.ConcatDataset([ds, ds])
    assert len(joined) == 12 and joined.cumulative_sizes == [6, 12]
    assert [t.tolist() for t in joined[7]] == [1, 2.0] and joined[-1][0].tolist() == 5
    assert joined[-12][0].tolist() == 0 and type(ds + ds) is data.ConcatDataset
    with pytest.raises(ValueError, match="absolute value of index should not exceed"):
        joined[-13]
    with pytest.raises(IndexError, match="index 12 is out of range for 12 samples"):
        joined[12]
    with pytest.raises(ValueError, match="datasets should not be an empty iterable"):
        data.ConcatDataset([])
    part = data.Subset(ds, [5, 0, 3])
    assert len(part) == 3 and part[0][0].tolist() == 5
    assert part[[0, 2]][0].tolist() == [5, 3]
    pairs = data.StackDataset(autograd.arange(3), autograd.arange(3) * 2)
    assert len(pairs) == 3 and [t.tolist() for t in pairs[1]] == [1, 2]
    named = data.StackDataset(a=autograd.arange(3), b=autograd.arange(3) * 2)
    batch = next(iter(data.DataLoader(named, batch_size=2)))
    assert batch["a"].tolist() == [0, 1] and batch["b"].tolist() == [0, 2]
    with pytest.raises(NotImplementedError, match="should implement __getitem__"):
        data.Dataset()[0]


@pytest.mark.parametrize("n, lengths, expected", [
    (10, [0.3, 0.3, 0.4], [3, 3, 4]),
    (10, [0.33, 0.33, 0.34], [4, 3, 3]),
    (11, [0.5, 0.5], [6, 5]),
    (3, [0.1, 0.9], [1, 2]),
    (10, [3, 7], [3, 7]),
])
def test_random_split_lengths_match_pytorch(n, lengths, expected):
    parts = data.random_split(range(n), lengths, generator=np.random.default_rng(0))
    assert [len(p) for p in parts] == expected
    assert sorted(i for p in parts for i in p) == list(range(n))


def test_random_split_follows_manual_seed_and_checks_lengths():
    autograd.manual_seed(1)
    first = [list(p) for p in data.random_split(range(10), [3, 7])]
    autograd.manual_seed(1)
    assert [list(p) for p in data.random_split(range(10), [3, 7])] == first
    with pytest.warns(UserWarning, match="Length of split at index 2 is 0"):
        data.random_split(range(3), [0.1, 0.9, 0.0])
    with pytest.raises(ValueError, match=r"sum of input lengths \[3, 6\] does not equal "
                                         r"the length of the input dataset \(10\)"):
        data.random_split(range(10), [3, 6])
    with pytest.raises(ValueError, match="non-negative counts or fractions, got -0.5"):
        data.random_split(range(10), [1.5, -0.5])


# ------------------------------------------------------------------ samplers


def test_samplers():
    assert list(data.SequentialSampler(range(4))) == [0, 1, 2, 3]
    sampler = data.RandomSampler(range(5), num_samples=12)
    drawn = list(sampler)
    assert len(sampler) == len(drawn) == 12
    assert sorted(drawn[:5]) == sorted(drawn[5:10]) == list(range(5))  # two permutations
    assert len(set(drawn[10:])) == 2  # and part of a third
    drawn = list(data.RandomSampler(range(5), replacement=True, num_samples=50))
    assert len(drawn) == 50 and set(drawn) <= set(range(5))
    assert list(data.BatchSampler(range(5), 2, False)) == [[0, 1], [2, 3], [4]]
    assert list(data.BatchSampler(range(5), 2, True)) == [[0, 1], [2, 3]]
    assert len(data.BatchSampler(range(5), 2, False)) == 3
    assert sorted(data.SubsetRandomSampler([7, 3, 9])) == [3, 7, 9]
    weighted = data.WeightedRandomSampler([0, 0, 1.0, 0], 6)
    assert list(weighted) == [2] * 6 and len(weighted) == 6
    once = data.WeightedRandomSampler([1.0, 0, 1.0, 1.0], 3, replacement=False)
    assert sorted(once) == [0, 2, 3]
    autograd.manual_seed(2)
    first = list(data.RandomSampler(range(20)))
    autograd.manual_seed(2)
    assert list(data.RandomSampler(range(20))) == first


@pytest.mark.parametrize("make, error, message", [
    (lambda: data.RandomSampler(range(5), replacement=1), TypeError,
     "replacement should be a boolean value, but got replacement=1"),
    (lambda: data.RandomSampler(range(5), num_samples=0), ValueError,
     "num_samples should be a positive integer value, but got num_samples=0"),
    (lambda: data.BatchSampler(range(5), 0, False), ValueError,
     "batch_size should be a positive integer value"),
    (lambda: data.BatchSampler(range(5), 2, 1), ValueError,
     "drop_last should be a boolean value, but got drop_last=1"),
    (lambda: data.WeightedRandomSampler([[1.0, 2.0]], 3), ValueError,
     r"weights should be a 1d sequence but given weights have shape \(1, 2\)"),
    (lambda: data.WeightedRandomSampler([1.0, 2.0], 0), ValueError,
     "num_samples should be a positive integer value"),
    (lambda: data.WeightedRandomSampler([1.0, -2.0], 1), ValueError,
     "weights must be finite, non-negative"),
    (lambda: data.WeightedRandomSampler([1.0, 0.0], 2, replacement=False), ValueError,
     "cannot draw num_samples=2 without replacement from 1 nonzero weights"),
])
def test_bad_sampler_arguments(make, error, message):
    with pytest.raises(error, match=message):
        make()
