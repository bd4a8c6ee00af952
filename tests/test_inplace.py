"""In-place ops: the PyTorch tutorials' manual update, PyTorch's leaf rule, what rebinds and
what raises, and index_put (x[index] = v as an op). PyTorch's numbers are written in."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, no_grad

# The 2-4-1 tanh network below, trained 20 steps of `p -= 0.5 * p.grad` under no_grad in
# PyTorch 2.13 (float64): the first and last loss, and the last layer's bias after.
TORCH_FIRST_LOSS = 0.5768988233332766
TORCH_LAST_LOSS = 0.028354662066011824
TORCH_LAST_BIAS = 0.23561686538490137


def _tiny_model():
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))
    with no_grad():
        model[0].weight.copy_(np.cos(np.arange(8.0)).reshape(4, 2))
        model[0].bias.copy_(np.linspace(-0.5, 0.5, 4))
        model[2].weight.copy_(np.sin(np.arange(4.0)).reshape(1, 4))
        model[2].bias.copy_([0.1])
    return model


def test_the_tutorials_manual_update_trains_the_same_parameter_objects():
    """Regression: `p -= lr * p.grad` rebound the loop variable and trained nothing."""
    x = np.linspace(-1, 1, 16).reshape(8, 2)
    y = np.sin(3 * x[:, :1]) * x[:, 1:]
    model = _tiny_model()
    params = model.parameters()
    arrays = [p.data for p in params]
    losses = []
    for _ in range(20):
        loss = ((model(x) - y) ** 2).mean()
        losses.append(loss.item())
        model.zero_grad()
        loss.backward()
        with no_grad():
            for p in model.parameters():
                p -= 0.5 * p.grad
    assert losses[0] == pytest.approx(TORCH_FIRST_LOSS, rel=1e-12)
    assert losses[-1] == pytest.approx(TORCH_LAST_LOSS, rel=1e-10)
    assert model[2].bias.item() == pytest.approx(TORCH_LAST_BIAS, rel=1e-10)
    # the same Parameters, holding the same arrays, changed in place
    assert all(p is q for p, q in zip(model.parameters(), params, strict=True))
    assert all(p.data is a for p, a in zip(params, arrays, strict=True))


def test_an_optimizer_made_before_sees_the_manual_update():
    w = nn.Parameter(np.array([1.0, 2.0]))
    optimizer = nn.optim.SGD([w], lr=0.1)
    with no_grad():
        w -= np.array([0.5, 0.5])
    (w * w).sum().backward()
    optimizer.step()
    np.testing.assert_allclose(optimizer.param_groups[0]["params"][0].data, [0.4, 1.2])
    assert optimizer.param_groups[0]["params"][0] is w


@pytest.mark.parametrize("update", [
    lambda w: w.__iadd__(1.0), lambda w: w.__isub__(1.0), lambda w: w.__imul__(2.0),
    lambda w: w.__itruediv__(2.0), lambda w: w.add_(1.0), lambda w: w.mul_(2.0),
    lambda w: w.zero_(), lambda w: w.fill_(3.0), lambda w: w.copy_([0.0, 0.0]),
    lambda w: w.clamp_(0.0, 1.0), lambda w: w.__setitem__(0, 5.0)])
def test_a_leaf_that_requires_grad_refuses_in_place_ops_in_grad_mode(update):
    # PyTorch: "a leaf Variable that requires grad is being used in an in-place operation."
    w = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used "
                                           "in an in-place operation"):
        update(w)
    np.testing.assert_array_equal(w.data, [1.0, 2.0])  # nothing changed


def test_under_no_grad_the_array_itself_changes_so_views_see_it():
    w = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    alias = w.data
    view = w.detach()[1:]  # shares memory, as in PyTorch
    with no_grad():
        same = w.add_(1.0)
        w *= 2.0
        w[0] = -1.0
    assert same is w and w.requires_grad and w.is_leaf
    np.testing.assert_array_equal(alias, [-1.0, 6.0, 8.0])
    np.testing.assert_array_equal(view.data, [6.0, 8.0])


def test_the_in_place_methods_compute_as_pytorch():
    x = Tensor([1.0, -2.0, 3.0])
    assert x.add_(Tensor([1.0, 1.0, 1.0]), alpha=-2.0) is x
    np.testing.assert_array_equal(x.data, [-1.0, -4.0, 1.0])
    np.testing.assert_array_equal(x.sub_(1.0, alpha=3.0).data, [-4.0, -7.0, -2.0])
    np.testing.assert_array_equal(x.mul_(-1.0).data, [4.0, 7.0, 2.0])
    np.testing.assert_array_equal(x.div_(2.0).data, [2.0, 3.5, 1.0])
    np.testing.assert_array_equal(x.pow_(2).data, [4.0, 12.25, 1.0])
    np.testing.assert_array_equal(x.neg_().data, [-4.0, -12.25, -1.0])
    np.testing.assert_array_equal(x.clamp_(min=-5.0).data, [-4.0, -5.0, -1.0])
    np.testing.assert_array_equal(x.clip_(max=-2.0).data, [-4.0, -5.0, -2.0])
    np.testing.assert_array_equal(x.fill_(Tensor(7.0)).data, [7.0, 7.0, 7.0])
    np.testing.assert_array_equal(x.copy_(np.array([1, 2, 3])).data, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(x.zero_().data, [0.0, 0.0, 0.0])
    m = Tensor(np.eye(2))
    m @= Tensor([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(m.data, [[1.0, 2.0], [3.0, 4.0]])
    m **= 2
    np.testing.assert_array_equal(m.data, [[1.0, 4.0], [9.0, 16.0]])


def test_in_place_keeps_the_dtype_and_the_shape_as_pytorch():
    # PyTorch: "result type Float can't be cast to the desired output type Long", and
    # "output with shape [2] doesn't match the broadcast shape [2, 2]".
    i = autograd.tensor([1, 2])
    with pytest.raises(TypeError, match="result type float64 can't be cast to the Tensor's "
                                        "dtype int64"):
        i += 1.5
    with pytest.raises(TypeError, match="can't be cast"):
        i /= 2
    with pytest.raises(TypeError, match="can't be cast"):
        i.add_(0.5)
    with pytest.raises(ValueError, match=r"shape \(2, 2\), which does not fit the Tensor's "
                                         r"shape \(2,\)"):
        i += autograd.ones(2, 2, dtype=autograd.int64)
    i += 3
    assert i.dtype == np.int64 and i.tolist() == [4, 5]
    f = Tensor([1.0, 2.0], dtype=np.float32)
    f += np.array([0.5, 0.5])  # a float64 operand: the result is cast back, as PyTorch
    assert f.dtype == np.float32 and f.tolist() == [1.5, 2.5]
    i[0] = 2.9  # setting items casts, truncating (PyTorch stores 2 too)
    assert i.tolist() == [2, 5]


def test_clamp_needs_a_bound_and_read_only_arrays_say_so():
    with pytest.raises(ValueError, match="at least one of 'min' or 'max' must not be None"):
        Tensor([1.0]).clamp_()
    with no_grad():
        expanded = Tensor([1.0, 2.0]).expand(3, 2)  # a broadcast view: read-only
    with pytest.raises(ValueError, match="read-only"):
        expanded += 1.0
    with pytest.raises(ValueError, match="read-only"):
        expanded[0] = 1.0


def test_augmented_assignment_on_a_non_leaf_changes_it_in_the_graph():
    # PyTorch: h = w * 2; h += 1 changes h itself (AddBackward); d(sum h)/dw = [2, 2]
    w = Tensor([1.0, 2.0], requires_grad=True)
    h = w * 2.0
    before = h
    h += 1.0
    assert h is before and h.data.tolist() == [3.0, 5.0]
    h.sum().backward()
    np.testing.assert_array_equal(w.grad, [2.0, 2.0])
    with no_grad():
        g = w * 3.0
    total = autograd.zeros(2)
    same = total
    total += g  # no graph anywhere: in place
    total += w  # a leaf that needs no grad, plus one that does: it joins the graph
    assert total is same and total.requires_grad and total._prev
    total.sum().backward()
    np.testing.assert_array_equal(w.grad, [3.0, 3.0])
    with no_grad():
        h += 1.0  # a non-leaf under no_grad: Python's fallback, a new Tensor
    assert h is not before and before.data.tolist() == [3.0, 5.0]


def test_methods_and_setitem_on_a_graph_node_are_recorded():
    w = Tensor([1.0, 2.0], requires_grad=True)
    h = w * 2.0
    h.add_(1.0)
    h[0] = 7.0
    assert h.tolist() == [7.0, 5.0]
    h.sum().backward()
    np.testing.assert_array_equal(w.grad, [0.0, 2.0])
    with no_grad(), pytest.raises(RuntimeError, match="a non-leaf.*no_grad"):
        h.zero_()  # its own backward reads its values: never changed under it
    view = (w * 2.0).reshape(2, 1)
    with pytest.raises(RuntimeError, match=r"a view of another Tensor's.*x = x \+ y"):
        view.add_(1.0)
    buffer = autograd.zeros(2)
    buffer.copy_(w)  # PyTorch's too: the buffer joins the graph
    buffer[0] = w[0] * 5
    assert buffer.tolist() == [5.0, 2.0]
    (buffer * Tensor([1.0, 10.0])).sum().backward()
    np.testing.assert_array_equal(w.grad, [5.0, 12.0])


def test_a_frozen_parameter_joins_the_graph_in_place():
    frozen = nn.Parameter(np.zeros(2), requires_grad=False)
    w = Tensor([1.0, 2.0], requires_grad=True)
    same = frozen
    frozen += np.ones(2)  # no graph: in place, the same Parameter
    frozen += w  # PyTorch's: the same object, now the result of an add
    assert frozen is same and frozen.tolist() == [2.0, 3.0] and not frozen.is_leaf
    frozen.sum().backward()
    np.testing.assert_array_equal(w.grad, [1.0, 1.0])


def test_detach_in_place_on_a_leaf_and_not_on_a_non_leaf():
    w = Tensor([1.0], requires_grad=True)
    assert w.detach_() is w and not w.requires_grad
    v = Tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="write x = x.detach()"):
        (v * 2.0).detach_()


# PyTorch 2.13: x = [1, 2, 3] (requires grad), v = [10, 20] (requires grad),
# out = x.index_put((tensor([0, 2]),), v); (out * [1, 2, 3]).sum().backward()
# gives out [10, 2, 20], x.grad [0, 2, 0], v.grad [1, 3]; with accumulate=True at [1, 1]
# and v = 5: out [1, 12, 3], x.grad [1, 2, 3], v.grad 4.

def test_index_put_values_and_gradients_match_pytorch():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = Tensor([10.0, 20.0], requires_grad=True)
    out = x.index_put((autograd.tensor([0, 2]),), v)
    (out * Tensor([1.0, 2.0, 3.0])).sum().backward()
    assert out.tolist() == [10.0, 2.0, 20.0] and x.tolist() == [1.0, 2.0, 3.0]
    np.testing.assert_array_equal(x.grad, [0.0, 2.0, 0.0])
    np.testing.assert_array_equal(v.grad, [1.0, 3.0])
    x.grad = None
    five = Tensor(5.0, requires_grad=True)
    out = x.index_put((autograd.tensor([1, 1]),), five, accumulate=True)
    (out * Tensor([1.0, 2.0, 3.0])).sum().backward()
    assert out.tolist() == [1.0, 12.0, 3.0]
    np.testing.assert_array_equal(x.grad, [1.0, 2.0, 3.0])
    assert five.grad == 4.0


def test_index_put_with_a_repeated_index_keeps_the_last_write_and_its_gradient():
    x = Tensor([0.0, 0.0], requires_grad=True)
    v = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    out = x.index_put(np.array([1, 1, 0]), v)
    assert out.tolist() == [3.0, 2.0]  # numpy's x[[1, 1, 0]] = v: the last write wins
    (out * Tensor([10.0, 100.0])).sum().backward()
    np.testing.assert_array_equal(v.grad, [0.0, 100.0, 10.0])
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


def test_index_put_with_a_mask_broadcasts_and_keeps_the_dtype():
    x = autograd.tensor([[1, 2], [3, 4]])
    out = x.index_put(x > 2, 0)
    assert out.dtype == np.int64 and out.tolist() == [[1, 2], [0, 0]]
    rows = Tensor(np.zeros((2, 3)), requires_grad=True)
    row = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    out = rows.index_put(0, row.reshape(1, 3))  # a leading 1 is dropped, as numpy
    out.sum().backward()
    np.testing.assert_array_equal(row.grad, [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"values of shape \(2,\) do not fit the indexed "
                                         r"shape \(3,\)"):
        rows.index_put(0, Tensor([1.0, 2.0]))
