"""The engine: regression tests named after the bug each prevents, grad modes, autograd.grad,
higher-order derivatives and name scopes. Expected numbers are closed forms."""

from __future__ import annotations

import gc
import math
import sys
import threading
import weakref

import numpy as np
import pytest

import autograd
import autograd.node as node_module
from autograd import (
    Primitive,
    Tensor,
    Value,
    enable_grad,
    grad,
    gradcheck,
    gradgradcheck,
    is_grad_enabled,
    name_scope,
    no_grad,
    toposort,
)

# -------------------------------------------------------- regressions, by bug prevented


def test_fan_out_sums_both_uses_of_a_node():
    # a set of parents (micrograd) or `=` instead of `+=` would count a + a once
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    assert c.data == 12.0
    assert b.grad == 2.0 and a.grad == 4.0


def test_fan_out_of_a_tensor():
    a = Tensor([1.0, 2.0], requires_grad=True)
    (a * a + a).sum().backward()  # d/da (a**2 + a) = 2a + 1
    assert np.array_equal(a.grad, [3.0, 5.0])


def test_reused_non_leaf_is_finished_before_its_parents():
    # b is used twice; its gradient must be complete before it flows on to a
    a = Value(3.0)
    b = a * a
    c = b * b + b  # dc/db = 2b + 1 = 19, dc/da = 19 * 2a = 114
    c.backward()
    assert b.grad == 19.0
    assert a.grad == 114.0


def test_diamond_with_unequal_path_lengths():
    # x reaches out by a short path and a long one; a wrong order drops the long one
    x = Value(2.0)
    long = ((x * 3.0).tanh() + 1.0) * 2.0
    out = long * x + x
    out.backward()
    t = math.tanh(6.0)
    expected = (t + 1.0) * 2.0 + x.data * 2.0 * (1 - t * t) * 3.0 + 1.0
    assert x.grad == pytest.approx(expected, rel=1e-15)


def test_deep_chain_of_a_million_nodes_needs_no_recursion():
    # a recursive toposort (micrograd's) raises RecursionError after about 1,000 nodes
    assert sys.getrecursionlimit() <= 1000  # the default; this test must not raise it
    x = Value(0.5)
    y = x
    for _ in range(1_000_000):
        y = y + 1.0
    y.backward()
    assert y.data == 1_000_000.5
    assert x.grad == 1.0
    del y  # freeing the chain must not recurse either


def test_deep_tensor_chain_needs_no_recursion():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(5_000):
        y = y * 1.0
    y.sum().backward()
    assert np.array_equal(x.grad, [1.0, 1.0])


def test_backward_twice_accumulates_in_leaves_inner_nodes_hold_the_latest():
    a = Value(2.0)
    b = a * a  # db/da = 2a = 4
    c = b * 3.0
    c.backward()
    c.backward()
    assert a.grad == 2 * 12.0  # leaves accumulate, as in micrograd and PyTorch
    assert b.grad == 3.0 and c.grad == 1.0  # inner nodes: this pass only


def test_backward_twice_with_tensors():
    w = Tensor([1.0, -1.0], requires_grad=True)
    h = w * 5.0
    out = h.sum()
    out.backward()
    out.backward()
    assert np.array_equal(w.grad, [10.0, 10.0])
    assert np.array_equal(h.grad, [1.0, 1.0])


@pytest.mark.parametrize("kind", ["value", "tensor"])
def test_no_reference_cycles_a_graph_dies_with_its_last_reference(kind):
    # micrograd's _backward closures point back at their own node: only gc can free them
    enabled = gc.isenabled()
    gc.disable()
    try:
        if kind == "value":
            x = Value(1.5)
            hidden = (x * 2.0).tanh()
            out = hidden * hidden + x.exp()
        else:
            x = Tensor([1.0, 2.0], requires_grad=True)
            hidden = (x * 2.0).tanh()
            out = (hidden * hidden + x.exp()).sum()
        out.backward()
        hidden_ref, out_ref = weakref.ref(hidden), weakref.ref(out)
        del hidden
        assert hidden_ref() is not None  # out still needs it
        del out
        assert out_ref() is None and hidden_ref() is None  # freed by reference counting
        assert x.grad is not None
    finally:
        if enabled:
            gc.enable()


def test_no_reference_cycles_after_a_create_graph_pass():
    enabled = gc.isenabled()
    gc.disable()
    try:
        x = Value(0.5)
        out = x.tanh() * x
        out.backward(create_graph=True)
        first = x.grad
        refs = [weakref.ref(out), weakref.ref(first)]
        x.grad = 0.0  # x.grad -> graph -> x is the one link a user holds on purpose
        del out, first
        assert all(r() is None for r in refs)
    finally:
        if enabled:
            gc.enable()


def test_toposort_order_is_deterministic_parents_first():
    # a set of parents (micrograd) makes this order, and so drawings, change between runs
    def build():
        a, b = Value(1.0, label="a"), Value(2.0, label="b")
        c = a * b
        c.label = "c"
        d = c + a
        d.label = "d"
        e = d * c
        e.label = "e"
        return e

    orders = [[n.label for n in toposort(build())] for _ in range(3)]
    # depth first from e, first parent first, each node once, after all its parents
    assert orders == [["a", "b", "c", "d", "e"]] * 3


def test_toposort_lists_every_node_once_after_its_parents():
    x = Value(1.0)
    nodes = [x]
    for i in range(200):
        nodes.append(nodes[-1] * nodes[i // 2] + nodes[i // 3])
    order = toposort(nodes[-1])
    position = {id(n): i for i, n in enumerate(order)}
    assert len(position) == len(order)
    for n in order:
        assert all(position[id(p)] < position[id(n)] for p in n._prev)


def _tensor_graphs():
    """Tensor graphs: inner nodes in a tree (a chain, a sum of branches, three-input
    nodes), and not (a node used twice, one parent given twice, a diamond)."""
    w, b = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True), Tensor([0.5, -0.5],
                                                                        requires_grad=True)
    x = Tensor([[1.0, -1.0], [2.0, 0.5]])
    h = autograd.linear(x, w, b).relu()
    chain = autograd.linear(h, w, b).tanh().sum()
    branches = ((x @ w).exp() + (w * 2.0).sin() * (b + 1.0)).sum()
    shared = w * 3.0
    used_twice = (shared.exp() + shared.sin()).sum()
    same_parent = (shared * shared).sum()
    top = w + 1.0
    diamond = ((top * 2.0).relu() + top.sum(0)).mean()
    trees = [chain, branches]
    return trees, [used_twice, same_parent, diamond]


def test_tensor_walk_of_a_tree_is_the_general_walk_reversed(monkeypatch):
    # the first-order Tensor pass adds gradients in this order: it must not change it
    trees, others = _tensor_graphs()
    general = node_module.inner_nodes
    expected = [[id(n) for n in reversed(general(root, None))] for root in trees + others]
    fell_back: list[int] = []
    monkeypatch.setattr(node_module, "inner_nodes",
                        lambda root, empty: fell_back.append(id(root)) or general(root, empty))
    assert [[id(n) for n in node_module.inner_nodes_of_tree(root)]
            for root in trees + others] == expected
    assert fell_back == [id(root) for root in others]  # a tree needs no general walk


# ------------------------------------------------------------------------- grad modes


def test_no_grad_context_records_nothing():
    x = Value(2.0)
    t = Tensor([1.0], requires_grad=True)
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        y = x * 3.0 + 1.0
        u = (t * 2.0).exp()
    assert is_grad_enabled()
    assert y.data == 7.0 and y._prev == () and y._op == ""
    assert u._prev == () and u.requires_grad is False
    assert np.allclose(u.data, [math.exp(2.0)])


def test_no_grad_as_decorator_with_and_without_parentheses():
    @no_grad()
    def called(v):
        return v * 2.0, is_grad_enabled()

    @no_grad
    def bare(v):
        return v * 2.0, is_grad_enabled()

    for fn in (called, bare):
        out, enabled = fn(Value(1.0))
        assert out._prev == () and enabled is False
    assert is_grad_enabled()
    assert bare.__name__ == "bare"


def test_no_grad_nested_and_reentrant_and_restored_after_an_error():
    ng = no_grad()
    with ng:
        with ng:  # the same object twice
            assert not is_grad_enabled()
        assert not is_grad_enabled()
        with enable_grad():
            assert is_grad_enabled()
            assert (Value(1.0) * 2.0)._prev != ()
        assert not is_grad_enabled()
    assert is_grad_enabled()
    with pytest.raises(RuntimeError), no_grad():
        raise RuntimeError
    assert is_grad_enabled()


def test_enable_grad_as_decorator_inside_no_grad():
    @enable_grad()
    def record(v):
        return v * 2.0

    with no_grad():
        assert record(Value(1.0))._op == "*"


def test_no_grad_in_one_thread_does_not_affect_another():
    inside = threading.Event()
    checked = threading.Event()
    seen = {}

    def quiet():
        with no_grad():
            inside.set()
            checked.wait(timeout=10)
            seen["quiet"] = is_grad_enabled()

    def recording():
        inside.wait(timeout=10)
        seen["other"] = is_grad_enabled()
        seen["graph"] = (Value(1.0) + 2.0)._prev != ()
        checked.set()

    threads = [threading.Thread(target=quiet), threading.Thread(target=recording)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert seen == {"quiet": False, "other": True, "graph": True}


def test_a_decorated_no_grad_function_called_from_many_threads():
    @no_grad()
    def work(n):
        v = Value(float(n))
        for _ in range(200):
            v = v * 1.0
        return v._prev == () and not is_grad_enabled()

    results = []
    threads = [threading.Thread(target=lambda n=n: results.append(work(n))) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert results == [True] * 8
    assert is_grad_enabled()


# ---------------------------------------------------------------------- autograd.grad


def test_grad_returns_gradients_and_touches_no_grad_field():
    x, y = Value(2.0), Value(3.0)
    h = x * y
    out = h + x.exp()
    x.grad, y.grad, h.grad = 10.0, 20.0, 30.0  # sentinels: must survive
    gx, gy = grad(out, [x, y])
    assert gx == pytest.approx(3.0 + math.exp(2.0), rel=1e-15) and gy == 2.0
    assert (x.grad, y.grad, h.grad, out.grad) == (10.0, 20.0, 30.0, 0.0)


def test_grad_gives_a_tuple_for_one_input_too_as_pytorch():
    # torch.autograd.grad(out, x) is (g,): code ported from PyTorch reads grad(out, x)[0]
    x = Value(2.0)
    out = x * x
    assert grad(out, x) == (4.0,)
    assert grad(out, [x]) == (4.0,)
    t = Tensor([1.0, 2.0], requires_grad=True)
    (g,) = grad((t * t).sum(), t)
    assert np.array_equal(grad((t * t).sum(), t)[0], [2.0, 4.0]) and np.array_equal(g, [2.0, 4.0])


def test_grad_of_several_outputs_adds_them_with_a_seed_each():
    # PyTorch: grad([y1, y2], x, grad_outputs=[v1, v2]) = v1 dy1/dx + v2 dy2/dx
    x = Tensor([1.0, 2.0], requires_grad=True)
    y1, y2 = x * 3.0, (x * x).sum()
    (g,) = grad([y1, y2], [x], grad_outputs=[np.array([1.0, -1.0]), None])
    assert np.array_equal(g, [3.0 + 2.0, -3.0 + 4.0])
    with pytest.raises(ValueError, match=r"grad: grad_outputs must give one seed per output"):
        grad([y1, y2], x, grad_outputs=[None])


def test_grad_materialize_grads_gives_zeros_for_unused_inputs():
    x, unused = Tensor([1.0], requires_grad=True), Tensor([5.0, 6.0], requires_grad=True)
    gx, gu = grad((x * 2.0).sum(), [x, unused], materialize_grads=True)
    assert np.array_equal(gx, [2.0]) and np.array_equal(gu, [0.0, 0.0])
    with pytest.raises(ValueError, match="materialize_grads=True needs allow_unused"):
        grad((x * 2.0).sum(), [x], allow_unused=False, materialize_grads=True)


def test_grad_of_tensors():
    x = Tensor([1.0, 2.0], requires_grad=True)
    w = Tensor([3.0, 4.0], requires_grad=True)
    out = (x * w).sum()
    gx, gw = grad(out, (x, w))
    assert np.array_equal(gx, [3.0, 4.0]) and np.array_equal(gw, [1.0, 2.0])
    assert x.grad is None and w.grad is None
    g_out = Tensor([1.0, 2.0], requires_grad=True) * 2.0
    assert np.array_equal(grad(g_out, g_out._prev[0], np.array([1.0, -1.0]))[0], [2.0, -2.0])


def test_grad_allow_unused():
    x, unused = Value(1.0), Value(2.0)
    out = x * 3.0
    with pytest.raises(ValueError, match=r"inputs\[1\] .* was not used .* allow_unused=True"):
        grad(out, [x, unused])
    assert grad(out, [x, unused], allow_unused=True) == (3.0, None)


def test_grad_bad_inputs():
    x = Value(1.0)
    with pytest.raises(TypeError,
                       match=r"grad: inputs\[0\] must be a Value or Tensor, got 1.0"):
        grad(x * 2.0, [1.0])
    t = Tensor([1.0])
    with pytest.raises(ValueError, match=r"inputs\[0\] .* does not require grad"):
        grad(Tensor([1.0], requires_grad=True) * t, [t])


# ------------------------------------------------------------------------ higher order


@pytest.mark.parametrize(
    "f, d1, d2",
    [
        (lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 * x),
        (lambda x: x.tanh(), lambda x: 1 - math.tanh(x) ** 2,
         lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2)),
        (lambda x: x.exp(), math.exp, math.exp),
        (lambda x: x.log(), lambda x: 1 / x, lambda x: -1 / x**2),
        (lambda x: x.sqrt(), lambda x: 0.5 / math.sqrt(x), lambda x: -0.25 * x**-1.5),
        (lambda x: x.sigmoid(), lambda x: _sig(x) * (1 - _sig(x)),
         lambda x: _sig(x) * (1 - _sig(x)) * (1 - 2 * _sig(x))),
        (lambda x: 1 / x, lambda x: -1 / x**2, lambda x: 2 / x**3),
        (lambda x: x ** Value(2.5), lambda x: 2.5 * x**1.5, lambda x: 3.75 * x**0.5),
    ],
)
def test_second_derivatives_through_create_graph(f, d1, d2):
    x = Value(0.7)
    f(x).backward(create_graph=True)
    first = x.grad
    assert isinstance(first, Value)
    assert first.data == pytest.approx(d1(0.7), rel=1e-14)
    x.grad = 0.0
    first.backward()
    assert x.grad == pytest.approx(d2(0.7), rel=1e-13)


def _sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_third_derivative_of_a_cube():
    x = Value(2.0)
    (g1,) = grad(x**3, x, create_graph=True)  # 3x**2 = 12
    (g2,) = grad(g1, x, create_graph=True)  # 6x = 12
    (g3,) = grad(g2, x)  # 6
    assert (g1.data, g2.data, g3) == (12.0, 12.0, 6.0)


def test_mixed_partials():
    # f = x**2 y**3: d2f/dxdy = 6 x y**2
    x, y = Value(1.5), Value(-2.0)
    (gx,) = grad(x**2 * y**3, x, create_graph=True)
    assert gx.data == pytest.approx(2 * 1.5 * (-8.0))
    assert grad(gx, y)[0] == pytest.approx(6 * 1.5 * 4.0, rel=1e-15)


def test_hessian_vector_product_of_a_tensor_function():
    # f(x) = sum(exp(W x)) + x.A.x: H = W^T diag(exp(W x)) W + A + A^T
    rng = np.random.default_rng(0)
    w_data, a_data = rng.standard_normal((4, 3)), rng.standard_normal((3, 3))
    v = rng.standard_normal(3)
    x = Tensor(rng.standard_normal(3), requires_grad=True)
    w, a = Tensor(w_data), Tensor(a_data)
    f = (w @ x).exp().sum() + x @ (a @ x)
    (g,) = grad(f, x, create_graph=True)
    assert isinstance(g, Tensor)
    e = np.exp(w_data @ x.data)
    assert np.allclose(g.data, w_data.T @ e + (a_data + a_data.T) @ x.data, rtol=1e-13)
    (hv,) = grad((g * v).sum(), x)
    hessian = w_data.T @ np.diag(e) @ w_data + a_data + a_data.T
    assert np.allclose(hv, hessian @ v, rtol=1e-13)


def test_hessian_of_a_tensor_softmax_cross_entropy():
    # f(z) = logsumexp(z) - z[k]: H = diag(p) - p p^T with p = softmax(z)
    z = Tensor([0.3, -1.2, 2.0], requires_grad=True)
    f = z.logsumexp() - z[1]
    (g,) = grad(f, z, create_graph=True)
    p = np.exp(z.data) / np.exp(z.data).sum()
    assert np.allclose(g.data, p - np.eye(3)[1], rtol=1e-14)
    hessian = np.diag(p) - np.outer(p, p)
    for i in range(3):
        (row,) = grad(g[i], z)
        assert np.allclose(row, hessian[i], rtol=1e-13, atol=1e-16)


def test_create_graph_backward_leaves_a_differentiable_grad_on_tensors():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x**3).sum().backward(create_graph=True)
    first = x.grad
    assert isinstance(first, Tensor) and np.array_equal(first.data, [3.0, 12.0])
    x.grad = None
    first.sum().backward()
    assert np.array_equal(x.grad, [6.0, 12.0])  # 6x


# ------------------------------------------------------------------------- name_scope


def test_name_scope_records_nested_names_on_new_nodes():
    x = Value(1.0)
    with name_scope("mlp"):
        h = x * 2.0
        with name_scope("layers.0 (Linear)"):
            t = Tensor([1.0], requires_grad=True) * 2.0
    out = h + 1.0
    assert x._scope == ()
    assert h._scope == ("mlp",)
    assert t._scope == ("mlp", "layers.0 (Linear)")
    assert out._scope == ()


def test_no_grad_on_a_generator_holds_at_every_resume():
    from autograd import is_grad_enabled

    @no_grad
    def batches():
        received = yield is_grad_enabled()
        try:
            yield (received, is_grad_enabled())
        except KeyError:
            yield ("caught", is_grad_enabled())
        return "done"

    gen = batches()
    assert next(gen) is False and is_grad_enabled()  # the caller's mode is untouched
    assert gen.send(7) == (7, False)
    assert gen.throw(KeyError("k")) == ("caught", False)
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value == "done"
    assert list(no_grad()(lambda: (yield is_grad_enabled()))()) == [False]


def test_grad_of_something_that_is_not_a_node_names_it():
    with pytest.raises(TypeError, match="grad: outputs must be a Value or Tensor .* got 3.0"):
        grad(3.0, Value(1.0))


# ------------------------------------------------------------ an op that saves for backward


def _softsign_saving(calls: dict) -> Primitive:
    """x / (1 + |x|), whose forward keeps its denominators for the vjp (saves=True)."""

    def forward(x: np.ndarray) -> tuple:
        calls["forward"] += 1
        denominator = 1 + np.abs(x)
        return x / denominator, denominator

    def vjp(g, out, x, denominator):
        if type(x) is np.ndarray:  # first order: what the forward kept
            calls["saved"].append(denominator)
            return g / denominator**2
        return g / (1 + autograd.ops.absolute(x)) ** 2  # nodes: recomputed, differentiably

    return Primitive("user_softsign", forward, (vjp,), saves=True)


def test_a_primitive_that_saves_gives_its_vjp_what_its_forward_kept():
    calls = {"forward": 0, "saved": []}
    softsign = _softsign_saving(calls)
    x = Tensor(np.array([-2.0, 0.0, 3.0]), requires_grad=True)
    y = softsign(x)
    np.testing.assert_array_equal(y.data, [-2 / 3, 0.0, 0.75])
    y.sum().backward()
    assert calls["forward"] == 1  # backward did not run the forward again
    np.testing.assert_array_equal(calls["saved"][0], [3.0, 1.0, 4.0])
    np.testing.assert_array_equal(x.grad, [1 / 9, 1.0, 1 / 16])
    # on plain arrays (inside a rule) it gives the output only
    np.testing.assert_array_equal(softsign(np.array([1.0])), [0.5])
    # first and second derivatives against central differences
    assert gradcheck(softsign, (Tensor(np.array([-1.5, 0.3, 2.0]), requires_grad=True),))
    assert gradgradcheck(softsign, (Tensor(np.array([-1.5, 0.3, 2.0]), requires_grad=True),))


def test_a_primitive_that_saves_refuses_values_by_name():
    softsign = _softsign_saving({"forward": 0, "saved": []})
    with pytest.raises(TypeError, match="user_softsign: an op whose forward saves .* runs on "
                                        "Tensors, not on Values"):
        softsign(Value(1.0))
