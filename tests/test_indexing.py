"""Indexing ops at the edges, with PyTorch 2.13's numbers: gather's gradient accumulates,
scatter_add accumulates, a scatter's overwritten entries get no gradient, masks, nonzero,
one_hot, the index arguments they take, and the errors that name the op and the dim.

The spec rows (autograd/specs/indexing.py) check values against loops written from
PyTorch's definitions and derivatives against central differences; numbers in literals
here were printed by PyTorch 2.13.0+cpu.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor


def _arange(*shape, requires_grad=True, dtype=np.float64):
    return Tensor(np.arange(float(np.prod(shape))).reshape(shape), requires_grad=requires_grad,
                  dtype=dtype)


# ------------------------------------------------------------ gather and index_select


def test_gather_gradient_adds_up_repeated_indices_as_pytorch():
    g = _arange(2, 3)
    out = g.gather(1, np.array([[0, 0, 0, 2], [1, 1, 1, 1]]))  # index wider than g: fine
    assert out.data.tolist() == [[0, 0, 0, 2], [4, 4, 4, 4]]
    out.sum().backward()
    assert g.grad.tolist() == [[3.0, 0.0, 1.0], [0.0, 4.0, 0.0]]


def test_index_select_gradient_is_an_index_add_as_pytorch():
    g = _arange(2, 3)
    g.index_select(1, [0, 0, 2]).sum().backward()
    assert g.grad.tolist() == [[2.0, 0.0, 1.0], [2.0, 0.0, 1.0]]


def test_take_and_take_along_dim_count_negative_indices_from_the_end():
    x = _arange(2, 3)
    assert x.take([-1, 5]).data.tolist() == [5.0, 5.0]  # torch.take wraps
    assert autograd.take_along_dim(_arange(3), np.array([-1]), 0).data.tolist() == [2.0]
    assert x.take_along_dim(np.array([[2], [0]]), 1).data.tolist() == [[2.0], [3.0]]
    # indices broadcast against x on the other dims
    assert autograd.take_along_axis(x, np.array([[1, 0, 1]]), 0).data.tolist() == [[3, 1, 5]]
    assert x.take_along_dim(np.array([5, 0])).data.tolist() == [5.0, 0.0]  # no dim: flattened
    np.testing.assert_array_equal(x.take([[0, 2]], axis=1).data,
                                  np.take(x.data, [[0, 2]], axis=1))  # numpy's axis=


def test_out_of_range_indices_name_the_op_the_dim_and_the_index():
    x = _arange(2, 3)
    with pytest.raises(IndexError, match=r"gather: index -1 is out of range for dim 1 of size 3 "
                                         r"\(expected 0 to 2\)"):
        x.gather(1, [[-1]])  # as PyTorch: gather takes no negative index
    with pytest.raises(IndexError, match="gather: index 3 is out of range for dim 1 of size 3"):
        x.gather(1, [[3]])
    with pytest.raises(IndexError, match="index_select: index 3 is out of range for dim 1"):
        x.index_select(1, [3])
    with pytest.raises(IndexError, match=r"take: index 6 is out of range for dim 0 of size 6 "
                                         r"\(expected -6 to 5\)"):
        x.take([6])
    with pytest.raises(IndexError, match="scatter: index -1 is out of range for dim 1"):
        x.scatter(1, [[-1]], 1.0)
    # PyTorch 2.13 wraps this one silently (3 -> 0, an accident of its kernel); numpy raises
    with pytest.raises(IndexError, match="take_along_dim: index 3 is out of range for dim 0"):
        autograd.take_along_dim(_arange(3), np.array([3]), 0)


def test_index_shapes_that_do_not_fit_are_errors_naming_the_op():
    x = _arange(2, 3)
    with pytest.raises(ValueError, match=r"gather: index of shape \(3, 1\) is larger than the "
                                         r"Tensor, of shape \(2, 3\), apart from dim 1"):
        x.gather(1, [[0], [1], [2]])
    with pytest.raises(ValueError, match=r"gather: index of shape \(1,\) must have as many "
                                         "dimensions"):
        x.gather(1, [0])
    with pytest.raises(ValueError, match=r"scatter: index of shape \(1, 3\) is larger than src"):
        x.scatter(0, [[0, 1, 0]], Tensor([[1.0, 2.0]]))
    with pytest.raises(ValueError, match="index_select: index must be 0-d or 1-D"):
        x.index_select(0, [[0]])


def test_index_arguments_lists_int_arrays_and_integer_tensors():
    x = _arange(2, 3, requires_grad=False)
    expected = [[0.0, 2.0], [4.0, 3.0]]
    for index in ([[0, 2], [1, 0]], np.array([[0, 2], [1, 0]], dtype=np.int32),
                  np.array([[0.0, 2.0], [1.0, 0.0]]), autograd.tensor([[0, 2], [1, 0]])):
        assert x.gather(1, index).data.tolist() == expected
    with pytest.raises(IndexError, match=r"gather: index must hold whole numbers, got \[0.5\]"):
        x.gather(1, np.array([[0.5]]))
    # PyTorch: "gather(): Expected dtype int64 for index"; a float Tensor is refused here too
    with pytest.raises(IndexError, match=r"gather: index is a Tensor of dtype float64: tensors "
                                         r"used as indices must be long, int, byte or bool"):
        x.gather(1, Tensor([[0.0, 2.0], [1.0, 0.0]]))
    with pytest.raises(TypeError, match=r"index_select: index must hold integers, got ndarray "
                                        r"array\(\[ True, False\]\) .*masked_select"):
        x.index_select(0, np.array([True, False]))


# ------------------------------------------------------------------ scatter, scatter_add


def test_scatter_add_accumulates_repeated_indices_as_pytorch():
    idx = np.array([[0, 0, 1], [0, 1, 1]])
    out = Tensor(np.zeros((2, 3))).scatter_add(0, idx, Tensor(np.arange(1.0, 7.0).reshape(2, 3)))
    assert out.data.tolist() == [[5.0, 2.0, 0.0], [0.0, 5.0, 9.0]]
    s, src = Tensor(np.ones(3), requires_grad=True), Tensor([1.0, 2.0, 3.0, 4.0],
                                                            requires_grad=True)
    out = s.scatter_add(0, [0, 2, 0, 1], src)
    out.backward(np.array([10.0, 20.0, 30.0]))
    assert out.data.tolist() == [5.0, 5.0, 3.0]
    assert s.grad.tolist() == [10.0, 20.0, 30.0] and src.grad.tolist() == [10.0, 30.0, 10.0, 20.0]


def test_scatter_last_write_wins_and_only_it_gets_the_gradient():
    # PyTorch leaves the winner of a repeated index unspecified (its CPU kernel keeps the
    # last: [3, 4, 2] here); its src gradient is g gathered at every entry, [10, 30, 10, 20],
    # even for src[0], which is overwritten and has no effect. Here the overwritten entry
    # gets 0, the true derivative: checked against central differences below.
    s, src = Tensor(np.zeros(3), requires_grad=True), Tensor([1.0, 2.0, 3.0, 4.0],
                                                             requires_grad=True)
    out = s.scatter(0, [0, 2, 0, 1], src)
    out.backward(np.array([10.0, 20.0, 30.0]))
    assert out.data.tolist() == [3.0, 4.0, 2.0]
    assert s.grad.tolist() == [0.0, 0.0, 0.0]
    assert src.grad.tolist() == [0.0, 30.0, 10.0, 20.0]
    index = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1]])
    assert autograd.gradcheck(lambda x, y: x.scatter(0, index, y),
                              [_arange(2, 3), Tensor(np.linspace(-1, 1, 9).reshape(3, 3),
                                                     requires_grad=True)])


def test_scatter_values_and_reductions_as_pytorch():
    idx = np.array([[0, 0, 1], [0, 1, 1]])
    src = Tensor(np.arange(1.0, 7.0).reshape(2, 3))
    assert Tensor(np.zeros((2, 3))).scatter(0, idx, src).data.tolist() == [[4, 2, 0], [0, 5, 6]]
    ones = Tensor(np.ones((2, 3)))
    assert ones.scatter(0, idx, src, reduce="multiply").data.tolist() == [[4, 2, 1],
                                                                          [1, 5, 18]]
    assert ones.scatter(0, idx, src, reduce="add").data.tolist() == [[6, 3, 1], [1, 6, 10]]
    assert ones.scatter(0, idx, 2.0, reduce="add").data.tolist() == [[5, 3, 1], [1, 3, 5]]
    assert Tensor([[1.0, 2.0], [3.0, 4.0]]).scatter(1, [[1, 1]], 5.0).data.tolist() == [
        [1.0, 5.0], [3.0, 4.0]]
    nine = Tensor(np.arange(1.0, 10.0).reshape(3, 3))  # src larger than index: its corner
    assert ones.scatter(1, [[0, 1, 0], [2, 2, 2]], nine).data.tolist() == [[3, 2, 1],
                                                                           [1, 1, 6]]
    with pytest.raises(ValueError, match="scatter: reduce must be one of None, 'add', "
                                         "'multiply', got 'mean'"):
        ones.scatter(0, idx, src, reduce="mean")
    with pytest.raises(TypeError, match="scatter: pass src .* or value"):
        ones.scatter(0, idx)


def test_scatter_multiply_gradients_through_repeated_places():
    # PyTorch's scatter(reduce='multiply') has no derivative ("not implemented"); these are
    # the gradients of its scatter_reduce(reduce='prod'), the same product.
    x = Tensor([2.0, 3.0], requires_grad=True)
    src = Tensor([5.0, 7.0, 11.0], requires_grad=True)
    out = x.scatter(0, [0, 0, 1], src, reduce="multiply")  # [2*5*7, 3*11]
    out.sum().backward()
    assert out.data.tolist() == [70.0, 33.0]
    assert x.grad.tolist() == [35.0, 11.0] and src.grad.tolist() == [14.0, 10.0, 3.0]
    assert autograd.gradgradcheck(lambda x, s: x.scatter(0, [0, 0, 1], s, reduce="multiply"),
                                  [x, src])


# ---------------------------------------------------------------------------- masks


def test_masked_fill_gradient_is_zero_where_filled_and_goes_to_a_tensor_value():
    x, value = _arange(3), Tensor(7.0, requires_grad=True)
    out = x.masked_fill(np.array([True, False, True]), value)
    out.backward(np.array([1.0, 2.0, 3.0]))
    assert out.data.tolist() == [7.0, 1.0, 7.0]
    assert x.grad.tolist() == [0.0, 2.0, 0.0] and value.grad.item() == 4.0
    # the mask broadcasts, and may make the result larger (PyTorch's out-of-place rule)
    assert _arange(3).masked_fill(np.array([[True, False, True]]), 9).data.tolist() == [
        [9.0, 1.0, 9.0]]
    with pytest.raises(TypeError, match="masked_fill: mask must be boolean"):
        x.masked_fill(np.array([1, 0, 1]), 7.0)
    with pytest.raises(ValueError, match="masked_fill: value must be a number or a 0-d Tensor"):
        x.masked_fill(np.array([True, False, True]), Tensor([7.0]))
    with pytest.raises(ValueError, match=r"masked_fill: mask of shape \(2,\) does not broadcast"):
        x.masked_fill(np.array([True, False]), 7.0)


def test_masked_select_broadcasts_and_sums_its_gradient_as_pytorch():
    ms = _arange(3)
    out = ms.masked_select(np.array([[True, False, True], [False, False, True]]))
    out.backward(np.array([1.0, 2.0, 3.0]))
    assert out.data.tolist() == [0.0, 2.0, 2.0] and ms.grad.tolist() == [1.0, 0.0, 5.0]


def test_nonzero_argwhere_and_where_with_one_argument():
    x = Tensor([[0.0, 1.5, 0.0], [2.0, 0.0, -1.0]])
    assert x.nonzero().tolist() == [[0, 1], [1, 0], [1, 2]]  # PyTorch's (n, ndim)
    assert x.argwhere().tolist() == autograd.argwhere(x).tolist() == [[0, 1], [1, 0], [1, 2]]
    rows, cols = autograd.where(x.data != 0)  # numpy's and torch's where(condition)
    assert rows.tolist() == [0, 1, 1] and cols.tolist() == [1, 0, 2]
    assert [i.tolist() for i in x.nonzero(as_tuple=True)] == [[0, 1, 1], [1, 0, 2]]
    assert x.nonzero().dtype == np.int64
    assert Tensor(3.0).nonzero().shape == (1, 0)  # a 0-d Tensor, as PyTorch
    assert [i.tolist() for i in Tensor(3.0).nonzero(as_tuple=True)] == [[0]]
    with pytest.raises(TypeError, match="where: pass both x and y, or neither"):
        autograd.where(x.data != 0, x)


def test_one_hot_as_pytorch():
    assert nn.functional.one_hot([0, 2]).tolist() == [[1, 0, 0], [0, 0, 1]]  # autograd's
    labels = autograd.tensor([[1], [3]])
    assert autograd.one_hot(labels, 5).tolist() == [[[0, 1, 0, 0, 0]], [[0, 0, 0, 1, 0]]]
    with pytest.raises(IndexError, match="one_hot: tensor is a Tensor of dtype float64"):
        autograd.one_hot(Tensor([[1.0], [3.0]]), 5)  # PyTorch: one_hot takes integers only
    assert autograd.one_hot(np.array([], dtype=np.int64), 3).shape == (0, 3)
    assert autograd.one_hot([1]).dtype == np.int64  # integer data, as indices are
    with pytest.raises(ValueError, match="one_hot: class value 2 is not smaller than "
                                         "num_classes 2"):
        autograd.one_hot([0, 2], 2)
    with pytest.raises(ValueError, match="one_hot: class values must be non-negative"):
        autograd.one_hot([-1, 2])
    with pytest.raises(ValueError, match="one_hot: cannot infer the number of classes"):
        autograd.one_hot(np.array([], dtype=np.int64))
    with pytest.raises(IndexError, match="one_hot: tensor must hold whole numbers"):
        autograd.one_hot(np.array([1.5]))


# -------------------------------------------------------------------------- float32


def test_float32_stays_float32_through_every_indexing_op():
    x = _arange(2, 3, dtype=np.float32)
    src = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True)
    idx = np.array([[0, 1, 0], [1, 1, 0]])
    outputs = [x.gather(1, idx), x.scatter(0, idx, src), x.scatter(0, idx, 2.0),
               x.scatter(0, idx, src, reduce="multiply"), x.scatter_add(0, idx, src),
               x.index_select(1, [2, 0]), x.take([1, -1]), x.take_along_dim(idx, 1),
               x.masked_fill(x.data > 2, 1.5), x.masked_select(x.data > 2)]
    for out in outputs:
        assert out.dtype == np.float32, out
        x.grad = src.grad = None
        out.sum().backward()
        assert x.grad.dtype == np.float32, out
