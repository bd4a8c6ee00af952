"""Regression tests from the fourth differential audit against PyTorch 2.13: each asserts
PyTorch's numbers (printed by torch, written here as literals) where gradproof differed."""

import numpy as np
import pytest

import autograd
from autograd import Tensor


def test_a_dim_out_of_range_is_an_index_error_as_pytorchs_and_a_value_error_as_before():
    x = autograd.ones(2, 3)
    # torch: IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
    for call in (lambda: x.sum(dim=2), lambda: x.softmax(dim=-3), lambda: x.unsqueeze(3),
                 lambda: autograd.cat([x, x], dim=2), lambda: x.size(5)):
        with pytest.raises(IndexError, match="out of range"):
            call()
        with pytest.raises(ValueError, match="out of range"):
            call()


def test_cat_skips_a_1d_empty_tensor_as_pytorchs_legacy_rule():
    # The loop `out = torch.tensor([]); out = torch.cat([out, row])` gives the rows
    out = Tensor([])
    for i in range(3):
        out = autograd.cat([out, autograd.full((1, 2), float(i))])
    assert out.shape == (3, 2)
    assert out.tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    # along the last dim, with its gradient (torch: w.grad is the weights, e.grad is empty)
    e = Tensor([], requires_grad=True)
    w = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    r = autograd.cat([e, w, e], dim=-1)
    assert r.shape == (2, 3) and r.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    (r * Tensor([[0.5, -1.0, 2.0], [3.0, 0.25, -2.0]])).sum().backward()
    assert w.grad.tolist() == [[0.5, -1.0, 2.0], [3.0, 0.25, -2.0]]
    assert e.grad.shape == (0,)
    # its dtype still counts (torch: float64), and the dim is checked against the others
    assert autograd.cat([autograd.zeros(0, dtype=autograd.float64),
                         autograd.ones(2, 3, dtype=autograd.float32)]).dtype == np.float64
    assert autograd.cat([Tensor([]), Tensor([])]).shape == (0,)
    with pytest.raises(IndexError, match="concatenate: dim 2 is out of range"):
        autograd.cat([e, w], dim=2)
    with pytest.raises(ValueError, match="concatenate: cannot apply to shapes"):
        autograd.cat([Tensor([1.0]), w])  # a non-empty 1-D Tensor is not skipped


def test_integer_div_trunc_by_zero_raises_as_pytorch_and_gives_pytorchs_quotients():
    # torch: RuntimeError: ZeroDivisionError (before: -9223372036854775808, numpy's cast of
    # inf); floor_divide raises ZeroDivisionError here too
    with pytest.raises(ZeroDivisionError, match="div: integer division by zero"):
        autograd.tensor([1, 2]).div(autograd.tensor([0, 1]), rounding_mode="trunc")
    with pytest.raises(ZeroDivisionError, match="div: integer division by zero"):
        autograd.div(autograd.tensor([True, False]), 0, rounding_mode="trunc")
    q = autograd.tensor([7, -7, 9]).div(autograd.tensor([2, 2, -4]), rounding_mode="trunc")
    assert q.dtype == np.int64 and q.tolist() == [3, -3, -2]


def test_the_functions_take_pytorchs_input_keyword():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    assert autograd.cumsum(input=x, dim=1).tolist() == [[0.0, 1.0, 3.0], [3.0, 7.0, 12.0]]
    assert autograd.sort(input=x, dim=1, descending=True)[1].tolist() == [[2, 1, 0], [2, 1, 0]]
    assert autograd.topk(input=x, k=2, dim=1)[0].tolist() == [[2.0, 1.0], [5.0, 4.0]]
    assert autograd.median(input=x, dim=1)[0].tolist() == [1.0, 4.0]
    assert autograd.norm(input=x, p=1).item() == 15.0
    assert autograd.argsort(input=x, dim=0, descending=True).tolist() == [[1, 1, 1], [0, 0, 0]]
    assert autograd.prod(input=x, dim=1).tolist() == [0.0, 60.0]
    assert autograd.mode(input=x, dim=1)[1].tolist() == [0, 0]


def test_pytorch_s_keywords_for_shapes_and_orders():
    """torch.reshape(x, shape=), x.reshape(shape=), x.view(size=), x.permute(dims=),
    x.transpose(dim0=, dim1=), as PyTorch 2.13 takes them (numpy's positional forms too)."""
    x = autograd.arange(6.0).reshape(2, 3)
    assert autograd.reshape(x, shape=(3, 2)).shape == (3, 2)
    assert x.reshape(shape=(3, 2)).shape == x.view(size=(3, 2)).shape == (3, 2)
    assert x.view(-1).shape == (6,)
    np.testing.assert_array_equal(x.permute(dims=(1, 0)).data, x.data.T)
    np.testing.assert_array_equal(x.transpose(dim0=0, dim1=1).data, x.data.T)
    with pytest.raises(TypeError, match="reshape: give the shape positionally or as shape=, "
                                        "not both"):
        x.reshape(3, shape=(3, 2))
    with pytest.raises(TypeError, match="transpose: give both dim0= and dim1="):
        x.transpose(dim0=1)


def test_cumprod_along_an_axis_of_one_is_the_identity_for_any_value():
    # torch 2.13: x = [inf] (or [nan]) of shape (1,), (x.cumprod(0) * 1).sum(): grad [1.0]
    for value in (np.inf, np.nan, -np.inf, 0.0):
        x = Tensor([value], requires_grad=True)
        x.cumprod(0).sum().backward()
        np.testing.assert_array_equal(x.grad, [1.0])
    y = Tensor([[np.inf, 2.0]], requires_grad=True)
    (y.cumprod(0) * Tensor([[3.0, 4.0]])).sum().backward()
    np.testing.assert_array_equal(y.grad, [[3.0, 4.0]])


def test_a_rounded_division_has_a_zero_gradient_even_by_zero_or_of_inf():
    # torch 2.13: x = [1., -3., inf], y = [0., 2., 1.]: x.div(y, rounding_mode=m) is
    # [inf, -1., inf] (trunc), [inf, -2., nan] (floor, as numpy); of its .sum()
    # .backward(): x.grad and y.grad are [0., 0., 0.] for 'trunc' and for 'floor'
    for mode, values in (("trunc", [np.inf, -1.0, np.inf]), ("floor", [np.inf, -2.0, np.nan])):
        x = Tensor([1.0, -3.0, np.inf], requires_grad=True)
        y = Tensor([0.0, 2.0, 1.0], requires_grad=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = x.div(y, rounding_mode=mode)
        np.testing.assert_array_equal(q.data, values)
        assert q.requires_grad
        q.sum().backward()
        np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0])
        np.testing.assert_array_equal(y.grad, [0.0, 0.0, 0.0])


def test_an_input_not_in_the_graph_is_pytorch_s_runtime_error_and_still_a_value_error():
    # torch 2.13 raises RuntimeError for each of these
    x = Tensor([1.0, 2.0], requires_grad=True)
    for call in (lambda: autograd.grad((x * 2).sum(), Tensor([1.0])),
                 lambda: autograd.grad((x * 2).sum(), [x, Tensor([1.0], requires_grad=True)]),
                 lambda: (x * 2).sum().backward(inputs=[Tensor([1.0])])):
        with pytest.raises(RuntimeError):
            call()
        with pytest.raises(ValueError):
            call()
