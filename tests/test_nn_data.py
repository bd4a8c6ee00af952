"""nn.data: DataLoader batches and epochs, train_test_split."""

import numpy as np
import pytest

from autograd import Tensor
from nn.data import DataLoader, TensorDataset, train_test_split

X = np.arange(20.0).reshape(10, 2)
Y = np.arange(10)


def _rows(loader):
    return [int(row) for _, yb in loader for row in yb.data]


def test_batches_in_order_with_a_short_last_one():
    loader = DataLoader((X, Y), batch_size=4)
    batches = list(loader)
    assert len(loader) == len(batches) == 3
    assert [tuple(xb.shape) for xb, _ in batches] == [(4, 2), (4, 2), (2, 2)]
    assert all(isinstance(t, Tensor) and not t.requires_grad for b in batches for t in b)
    assert np.array_equal(batches[1][0].data, X[4:8]) and _rows(loader) == list(range(10))


def test_drop_last_drops_the_short_batch():
    loader = DataLoader((X, Y), batch_size=4, drop_last=True)
    assert len(loader) == 2 and _rows(loader) == list(range(8))
    assert len(DataLoader((X, Y), batch_size=5, drop_last=True)) == 2


def test_shuffle_visits_every_sample_once_and_reshuffles_each_epoch():
    loader = DataLoader((X, Y), batch_size=3, shuffle=True, seed=0)
    first, second = _rows(loader), _rows(loader)
    assert sorted(first) == sorted(second) == list(range(10))
    assert first != second
    for xb, yb in loader:  # rows stay paired
        assert np.array_equal(xb.data[:, 0], 2 * yb.data)


def test_shuffle_is_reproducible_epoch_by_epoch_from_the_seed():
    a = DataLoader((X, Y), batch_size=3, shuffle=True, seed=42)
    b = DataLoader((X, Y), batch_size=3, shuffle=True, seed=42)
    assert [_rows(a) for _ in range(3)] == [_rows(b) for _ in range(3)]
    c = DataLoader((X, Y), batch_size=3, shuffle=True, seed=43)
    assert _rows(c) != _rows(DataLoader((X, Y), batch_size=3, shuffle=True, seed=42))


def test_a_single_array_gives_tensor_batches_as_pytorch():
    for data in (X, Tensor(X)):
        batches = list(DataLoader(data, batch_size=6))
        assert all(type(xb) is Tensor for xb in batches)  # not 1-tuples
        assert [xb.shape for xb in batches] == [(6, 2), (4, 2)]
        assert batches[1].data.tolist() == [[12.0, 13.0], [14.0, 15.0], [16.0, 17.0],
                                            [18.0, 19.0]]
    shuffled = DataLoader(X, batch_size=4, shuffle=True, seed=0)
    assert sorted(row[0] for xb in shuffled for row in xb.data.tolist()) == list(X[:, 0])


def test_a_tensor_dataset_and_a_tuple_of_one_array_give_lists_as_pytorch():
    ds = TensorDataset(Tensor(X), Y)
    assert len(ds) == 10 and np.array_equal(ds[3][0], X[3])
    (batch,) = list(DataLoader(ds, batch_size=10))
    assert type(batch) is list and len(batch) == 2  # torch's default_collate: a list
    assert [type(b) for b in next(iter(DataLoader(TensorDataset(X), batch_size=3)))] == [Tensor]
    assert [xb.shape for (xb,) in DataLoader((X,), batch_size=6)] == [(6, 2), (4, 2)]


def test_any_dataset_with_len_and_getitem_is_stacked():
    class Squares:
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return np.array([i, i * i]), i % 2

    batches = list(DataLoader(Squares(), batch_size=2))
    assert len(batches) == 3
    assert batches[1][0].data.tolist() == [[2, 4], [3, 9]] and batches[1][1].data.tolist() == [0, 1]
    plain = list(DataLoader([1.0, 2.0, 3.0], batch_size=2))
    assert isinstance(plain[0], Tensor) and plain[0].data.tolist() == [1.0, 2.0]


def test_bad_loader_input():
    with pytest.raises(ValueError, match=r"same length \(first axis\), got shapes "
                                         r"\(10, 2\), \(9,\)"):
        DataLoader((X, Y[:9]))
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 0"):
        DataLoader((X, Y), batch_size=0)
    with pytest.raises(TypeError, match="expected arrays .* or a dataset .* got int"):
        DataLoader(5)


# ------------------------------------------------------------------ train_test_split


def test_split_is_seven_to_three_paired_disjoint_and_reproducible():
    x_tr, x_te, y_tr, y_te = train_test_split(X, Y, test_size=0.3, seed=0)
    assert len(x_tr) == len(y_tr) == 7 and len(x_te) == len(y_te) == 3
    assert sorted(np.concatenate([y_tr, y_te]).tolist()) == list(range(10))
    assert np.array_equal(x_tr[:, 0], 2 * y_tr) and np.array_equal(x_te[:, 0], 2 * y_te)
    again = train_test_split(X, Y, test_size=0.3, seed=0)
    assert np.array_equal(again[3], y_te)
    assert train_test_split(X, Y, test_size=4, seed=0)[3].shape == (4,)
    # the test part gets ceil(test_size * n), as scikit-learn
    assert len(train_test_split(np.arange(11), test_size=0.3, seed=0)[1]) == 4


def test_split_without_shuffle_keeps_the_order():
    train, test = train_test_split(Y, test_size=0.3, shuffle=False)
    assert test.tolist() == [0, 1, 2] and train.tolist() == list(range(3, 10))


def test_stratified_split_keeps_each_class_share():
    labels = np.array([0] * 60 + [1] * 30 + [2] * 10)
    _, _, y_tr, y_te = train_test_split(np.zeros((100, 1)), labels, test_size=0.3, seed=1,
                                        stratify=labels)
    assert np.bincount(y_te).tolist() == [18, 9, 3]
    assert np.bincount(y_tr).tolist() == [42, 21, 7]


@pytest.mark.parametrize("kwargs, message", [
    (dict(test_size=0.0), r"test_size must be a fraction in \(0, 1\) or a count, got 0.0"),
    (dict(test_size=1.5), r"test_size must be a fraction"),
    (dict(test_size=10), "test_size=10 must be between 1 and 9 for 10 samples"),
])
def test_bad_split_sizes(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_test_split(X, Y, **kwargs)


def test_a_split_that_leaves_a_part_empty():
    # three classes of one sample: each class rounds its 30% down to no test sample
    with pytest.raises(ValueError, match="test_size=0.3 of 3 samples leaves 3 to train and 0"):
        train_test_split(Y[:3], test_size=0.3, stratify=[0, 1, 2])


def test_split_of_arrays_of_different_lengths():
    with pytest.raises(ValueError, match=r"different lengths \[10, 9\]"):
        train_test_split(X, Y[:9])
    with pytest.raises(ValueError, match="stratify has 3 labels for 10 samples"):
        train_test_split(X, stratify=[0, 1, 0])
