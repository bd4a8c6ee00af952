"""Gradient hooks (register_hook, retain_grad), backward(inputs=), and the no-gradient
logic of PyTorch's surface: logical_and/or/xor, isclose, allclose, equal; and unbind.
PyTorch 2.13's numbers written in (float64)."""

from __future__ import annotations

import gc

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, Value, grad, hooks

# ------------------------------------------------------------------------------ hooks


def test_hooks_on_an_inner_node_change_what_its_parents_get_in_order():
    x = Tensor([0.5, -1.5, 2.0], requires_grad=True)
    h = x.tanh()
    h.register_hook(lambda g: g * 2)
    h.register_hook(lambda g: g + 1)  # after the first: (2g) + 1
    (h * h * x).sum().backward()
    assert np.allclose(x.grad, [1.7268619813835873, 1.9813977918626438, 1.5448747497084518],
                       rtol=1e-15, atol=0)  # PyTorch's


def test_a_hook_returning_none_observes_the_whole_gradient():
    seen = []
    y = Tensor([1.0, 2.0], requires_grad=True)
    z = y * y
    z.register_hook(lambda g: seen.append(g.data.copy()))
    (z * 3).sum().backward()
    assert [s.tolist() for s in seen] == [[3.0, 3.0]] and y.grad.tolist() == [6.0, 12.0]


def test_a_leaf_hook_sees_this_pass_before_it_is_added_and_handles_remove():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    inner = y.register_hook(lambda g: g * 10)
    leaf_seen = []
    x.register_hook(lambda g: leaf_seen.append(g.data.tolist()) or g + 1)
    (y * y).sum().backward()
    assert x.grad.tolist() == [181.0, 361.0]
    (x * y).sum().backward()  # PyTorch's numbers (with retain_graph=True there)
    assert leaf_seen == [[180.0, 360.0], [33.0, 66.0]] and x.grad.tolist() == [215.0, 428.0]
    inner.remove()
    x.grad = None
    assert grad((x * x).sum(), x)[0].tolist() == [3.0, 5.0]  # the leaf's hook, in grad() too
    assert x.grad is None


def test_hooks_with_create_graph_are_differentiated_through():
    a = Tensor(1.5, requires_grad=True)
    b = a**3
    b.register_hook(lambda g: g * a)  # a node: part of the gradient's graph
    (g,) = grad(b * 2, a, create_graph=True)
    assert g.item() == 20.25 and grad(g, a)[0] == 40.5  # PyTorch's: 6a**3 and 18a**2


def test_a_value_takes_hooks_too():
    x = Value(3.0)
    y = x * x
    y.register_hook(lambda g: g * 0.5)
    (y + 1).backward()
    assert x.grad == 3.0


def test_the_fast_first_order_pass_returns_once_no_hooked_node_is_alive():
    x = Tensor([1.0], requires_grad=True)
    handle = (x * 2).register_hook(lambda g: g)  # the node dies with this line
    gc.collect()
    assert not hooks.any_registered()
    handle.remove()  # on a node that is gone: nothing to do
    y = Tensor([1.0], requires_grad=True)
    with y.register_hook(lambda g: g):  # a handle is a context manager too
        assert hooks.any_registered()
    assert not hooks.any_registered()


def test_a_hook_of_the_wrong_shape_or_on_a_node_without_grad_is_refused():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g.sum())
    with pytest.raises(ValueError, match=r"register_hook: the hook .* returned a gradient of "
                                         r"shape \(\), expected .* \(2,\)"):
        y.sum().backward()
    with pytest.raises(RuntimeError, match="register_hook: cannot register a hook on a node "
                                           "that does not require grad"):
        Tensor([1.0]).register_hook(lambda g: g)
    with pytest.raises(TypeError, match="register_hook: hook must be a function"):
        x.register_hook(3)


def test_a_compiled_step_runs_eagerly_while_a_hook_exists():
    model = nn.Linear(2, 1)
    x, target = np.array([[1.0, 2.0]]), np.array([[0.5]])

    def step(x, target):
        return ((model(x) - target) ** 2).mean()

    compiled = autograd.compile(step)
    for _ in range(3):  # recorded twice, then replayed
        model.zero_grad()
        compiled(x, target)
    assert compiled.replays == 1
    plain = model.weight.grad.copy()
    model.zero_grad()
    handle = model.weight.register_hook(lambda g: g * 0)
    compiled(x, target)  # a replay would skip the hook
    assert np.array_equal(model.weight.grad, np.zeros_like(plain))
    handle.remove()
    model.zero_grad()
    compiled(x, target)
    assert np.array_equal(model.weight.grad, plain) and compiled.replays == 2


def test_retain_grad_sets_pytorchs_flag_and_the_grad_is_kept_as_always():
    v = Tensor(2.0, requires_grad=True)
    w = v * v
    assert not w.retains_grad
    w.retain_grad()
    v.retain_grad()  # a leaf: nothing to do
    assert w.retains_grad and not v.retains_grad
    (w * 3).backward()
    assert w.grad == 3.0
    with pytest.raises(RuntimeError, match="retain_grad: this node does not require grad"):
        Tensor(1.0).retain_grad()


def test_backward_inputs_limits_which_leaves_get_the_gradient():
    w, b = Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0], requires_grad=True)
    loss = (w * b).sum() ** 2
    loss.backward(inputs=[w])
    assert w.grad.tolist() == [54.0, 54.0] and b.grad is None  # PyTorch's
    loss.backward(inputs=b)
    assert w.grad.tolist() == [54.0, 54.0] and b.grad.tolist() == [54.0]
    x, y = Value(2.0), Value(3.0)
    (x * y).backward(inputs=[x])
    assert (x.grad, y.grad) == (3.0, 0.0)
    with pytest.raises(ValueError, match=r"backward: inputs\[0\] .* does not require grad"):
        loss.backward(inputs=[Tensor([1.0])])
    with pytest.raises(TypeError, match="backward: inputs must be a Value or Tensor or a "
                                        "sequence of them, got 'w'"):
        loss.backward(inputs="w")


# ----------------------------------------------------------------- logic and closeness

A = [1.0, 1.00001, 1e-9, np.inf, -np.inf, np.nan, 100.0]
B = [1.0000099, 1.0, 0.0, np.inf, np.inf, np.nan, 100.001]


def test_isclose_allclose_equal_as_pytorch():
    a = Tensor(A)
    assert a.isclose(B).tolist() == [True, True, True, True, False, False, True]
    assert autograd.isclose(a, Tensor(B), rtol=1e-3, atol=0, equal_nan=True).tolist() == [
        True, True, False, True, False, True, True]
    assert autograd.allclose(a[:3], B[:3]) is True and a.allclose(B) is False
    assert a.allclose(a, equal_nan=True) is True
    assert autograd.equal(Tensor([1, 2]), Tensor([1.0, 2.0])) is True
    assert autograd.equal(Tensor([1, 2]), [[1, 2]]) is False  # shapes differ: no broadcast
    assert a.equal(a) is False  # NaN equals nothing
    assert Tensor([1, 2]).isclose([1, 3], atol=1).tolist() == [True, True]
    with pytest.raises(ValueError, match=r"isclose: rtol must be a number >= 0, got -1"):
        a.isclose(B, rtol=-1)
    with pytest.raises(ValueError, match=r"allclose: cannot compare shapes \(7,\) and \(2,\)"):
        a.allclose([1.0, 2.0])


def test_logical_and_or_xor_take_any_dtype():
    x, y = Tensor([0, 1, 2]), Tensor([0.0, 0.0, 1.5])
    assert autograd.logical_xor(x, y).tolist() == [False, True, False]  # PyTorch's
    assert x.logical_and(y).tolist() == [False, False, True]
    assert autograd.logical_or([0, 0, 3], y).tolist() == [False, False, True]
    assert x.logical_and(True).dtype == np.bool_
    with pytest.raises(TypeError, match="logical_or: other must be a Tensor, an array or a "
                                        "number, got 'a'"):
        x.logical_or("a")


# ---------------------------------------------------------------------------- unbind


def test_unbind_gives_the_slices_and_their_gradients():
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    columns = x.unbind(1)
    assert [c.tolist() for c in columns] == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
    (columns[0] * 1 + columns[2] * 3).sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0, 3.0], [1.0, 0.0, 3.0]]
    assert [r.tolist() for r in autograd.unbind(x)] == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert Tensor(np.zeros((0, 2))).unbind() == ()
    with pytest.raises(ValueError, match="unbind: cannot unbind a 0-d Tensor"):
        Tensor(1.0).unbind()
