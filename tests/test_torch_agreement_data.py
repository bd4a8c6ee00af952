"""nn.data against torch.utils.data (2.13): the differences a differential audit found and
fixed. Each expected value is what torch printed for the same call (its tensors written here
as lists, dtypes as numpy's)."""

import numpy as np
import pytest

import autograd
from autograd import Tensor
from nn import data


def _rows(loader):
    return [(type(b), str(b.dtype), b.shape, b.tolist()) for b in loader]


# ------------------------------------------------------------------ one array as the dataset


def test_one_tensor_without_batching_yields_its_rows():
    t = autograd.tensor([[1, 2], [3, 4], [5, 6]])
    # torch: [tensor([1, 2]), tensor([3, 4]), tensor([5, 6])], int64
    assert _rows(data.DataLoader(t, batch_size=None)) == [
        (Tensor, "int64", (2,), [1, 2]), (Tensor, "int64", (2,), [3, 4]),
        (Tensor, "int64", (2,), [5, 6])]
    # torch: rows of a numpy array through default_convert, float64 Tensors (0-d for 1-d)
    assert _rows(data.DataLoader(np.arange(6.0).reshape(3, 2), batch_size=None)) == [
        (Tensor, "float64", (2,), [0.0, 1.0]), (Tensor, "float64", (2,), [2.0, 3.0]),
        (Tensor, "float64", (2,), [4.0, 5.0])]
    assert _rows(data.DataLoader(np.arange(3.0), batch_size=None)) == [
        (Tensor, "float64", (), 0.0), (Tensor, "float64", (), 1.0),
        (Tensor, "float64", (), 2.0)]


def test_one_array_with_a_collate_fn_of_its_own_gets_the_rows():
    t = autograd.tensor([[1, 2], [3, 4], [5, 6]])
    batches = list(data.DataLoader(t, batch_size=2, collate_fn=lambda x: x))
    # torch: [[tensor([1, 2]), tensor([3, 4])], [tensor([5, 6])]] (rows, not 1-tuples)
    assert [[(type(x), x.tolist()) for x in b] for b in batches] == [
        [(Tensor, [1, 2]), (Tensor, [3, 4])], [(Tensor, [5, 6])]]
    # torch: a numpy array's own items, np.int64
    batches = list(data.DataLoader(np.arange(3), batch_size=2, collate_fn=lambda x: x))
    assert [[(type(x), x) for x in b] for b in batches] == [
        [(np.int64, 0), (np.int64, 1)], [(np.int64, 2)]]
    # the default collation is unchanged: one Tensor per batch
    assert _rows(data.DataLoader(t, batch_size=2)) == [
        (Tensor, "int64", (2, 2), [[1, 2], [3, 4]]), (Tensor, "int64", (1, 2), [[5, 6]])]


# ------------------------------------------------------------------ a dataset without __len__


class _Doubles(data.Dataset):
    def __getitem__(self, i):
        return i * 2


def test_a_dataset_without_len_runs_with_a_sampler_given():
    loader = data.DataLoader(_Doubles(), sampler=[0, 3], batch_size=2)
    assert [b.tolist() for b in loader] == [[0, 6]] and len(loader) == 1  # torch's
    assert [b.tolist() for b in data.DataLoader(_Doubles(), batch_sampler=[[0, 3], [1]])] \
        == [[0, 6], [2]]
    assert list(data.DataLoader(_Doubles(), sampler=[4, 1], batch_size=None)) == [8, 2]
    with pytest.raises(TypeError, match="DataLoader: expected .* __getitem__ and a sampler"
                                        ".*got _Doubles"):
        data.DataLoader(_Doubles())  # (torch: object of type 'D' has no len())


def test_prefetch_factor_defaults_to_two_with_workers():
    assert data.DataLoader([1], num_workers=1).prefetch_factor == 2  # torch's
    assert data.DataLoader([1]).prefetch_factor is None
    assert data.DataLoader([1], num_workers=1, prefetch_factor=3).prefetch_factor == 3


# ------------------------------------------------------------------ default_collate


def test_collated_ints_are_int64_or_an_overflow_error():
    out = data.default_collate([2 ** 63 - 1, 1])
    assert str(out.dtype) == "int64" and out.tolist() == [9223372036854775807, 1]
    out = data.default_collate([-2 ** 63])
    assert str(out.dtype) == "int64" and out.tolist() == [-9223372036854775808]
    assert str(data.default_collate([True, False]).dtype) == "bool"
    assert data.default_collate([1, True]).tolist() == [1, 1]
    # torch: ValueError: Overflow when unpacking long long (gradproof gave a uint64 Tensor)
    with pytest.raises(ValueError, match=r"default_collate: integer 9223372036854775808 is "
                                         r"out of int64's range"):
        data.default_collate([2 ** 63])
    with pytest.raises(ValueError, match="out of int64's range"):
        data.default_collate([1, 2 ** 70])


def test_collating_a_tensor_then_an_array_names_the_element():
    # torch: TypeError: expected Tensor as element 1 in argument 0, but got numpy.ndarray
    with pytest.raises(TypeError, match="default_collate: expected Tensor as element 1 of "
                                        "the batch .*got ndarray"):
        data.default_collate([autograd.tensor([1.0, 2.0]), np.zeros(2)])


# ------------------------------------------------------------------ datasets and samplers


def test_stack_dataset_fetches_a_batch_at_once_as_pytorch():
    s = data.StackDataset([1, 2, 3], data.TensorDataset(autograd.tensor([10, 20, 30])))
    items = s.__getitems__([2, 0])  # torch: [(3, (tensor(30),)), (1, (tensor(10),))]
    assert [(a, type(b), b[0].tolist()) for a, b in items] == [(3, tuple, 30),
                                                               (1, tuple, 10)]
    s = data.StackDataset(x=[1, 2, 3], y=["a", "b", "c"])
    assert s.__getitems__([2, 0]) == [{"x": 3, "y": "c"}, {"x": 1, "y": "a"}]
    assert s.__getitems__([]) == []
    assert [(b["x"].tolist(), b["y"]) for b in data.DataLoader(s, batch_size=2)] == [
        ([1, 2], ["a", "b"]), ([3], ["c"])]

    class Short(data.Dataset):
        def __len__(self):
            return 3

        def __getitems__(self, indices):
            return [0]

    with pytest.raises(ValueError, match="StackDataset: nested dataset's output size "
                                         "mismatch: expected 2, got 1"):
        data.StackDataset(Short(), [1, 2, 3]).__getitems__([0, 1])


def test_random_sampler_of_an_empty_source_says_so():
    # torch: ZeroDivisionError (integer division or modulo by zero)
    with pytest.raises(ValueError, match="RandomSampler: cannot draw num_samples=3 indices "
                                         "from an empty data_source"):
        list(data.RandomSampler([], num_samples=3))
    with pytest.raises(ValueError, match="empty data_source"):
        list(data.RandomSampler([], replacement=True, num_samples=2))


def test_random_split_refuses_lengths_that_are_not_numbers_with_a_type_error():
    # torch: TypeError: unsupported operand type(s) for +: 'int' and 'str'
    with pytest.raises(TypeError, match="random_split: lengths must be counts or fractions, "
                                        "got 'a' at index 0"):
        data.random_split(range(5), ["a", 1])
    with pytest.raises(ValueError, match="non-negative"):
        data.random_split(range(5), [6, -1])  # (torch: [5, 0], a slice past the end)
