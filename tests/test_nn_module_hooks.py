"""nn.Module hooks (nn/module_hooks.py) and get_parameter/get_buffer/register_module.

Every expected order, argument and gradient below was printed by PyTorch 2.13 running the
same code (torch.nn.Linear with these weights, float64), and is written here as a literal.
"""

import copy
import gc
import warnings

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn import Linear, Module, ReLU, Sequential

X = [[1.0, 2.0, 3.0], [-1.0, 0.5, -2.0]]


def L(t):  # noqa: N802 (a Tensor, or None, as lists)
    return None if t is None else t.data.tolist()


def linear():
    lin = Linear(3, 2)
    lin.weight.data[:] = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]
    lin.bias.data[:] = [0.1, -0.2]
    return lin


def test_call_order_in_a_sequential_as_pytorch():
    lin, relu = linear(), ReLU()
    seq, log = Sequential(lin, relu), []
    for name, m in [("seq", seq), ("lin", lin), ("relu", relu)]:
        m.register_forward_pre_hook(lambda m, a, n=name: log.append(("pre", n, len(a))))
        m.register_forward_hook(lambda m, a, o, n=name: log.append(("fwd", n, L(o))))
        m.register_full_backward_pre_hook(
            lambda m, go, n=name: log.append(("bpre", n, [L(g) for g in go])))
        m.register_full_backward_hook(
            lambda m, gi, go, n=name: log.append(("bwd", n, [L(g) for g in gi],
                                                  [L(g) for g in go])))
    x = Tensor(X, requires_grad=True)
    y = seq(x)
    log.append("forward done")
    (y * Tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    assert log == [
        ("pre", "seq", 1), ("pre", "lin", 1),
        ("fwd", "lin", [[4.6, 0.3], [-4.9, -0.575]]),
        ("pre", "relu", 1),
        ("fwd", "relu", [[4.6, 0.3], [0.0, 0.0]]),
        ("fwd", "seq", [[4.6, 0.3], [0.0, 0.0]]),
        "forward done",
        ("bpre", "seq", [[[1.0, 2.0], [3.0, 4.0]]]),
        ("bpre", "relu", [[[1.0, 2.0], [3.0, 4.0]]]),
        ("bwd", "relu", [[[1.0, 2.0], [0.0, 0.0]]], [[[1.0, 2.0], [3.0, 4.0]]]),
        ("bpre", "lin", [[[1.0, 2.0], [0.0, 0.0]]]),
        ("bwd", "lin", [[[3.5, -0.5, 1.0], [0.0, 0.0, 0.0]]], [[[1.0, 2.0], [0.0, 0.0]]]),
        ("bwd", "seq", [[[3.5, -0.5, 1.0], [0.0, 0.0, 0.0]]], [[[1.0, 2.0], [3.0, 4.0]]]),
    ]
    assert L(x.grad) == [[3.5, -0.5, 1.0], [0.0, 0.0, 0.0]]
    assert list(seq.state_dict()) == ["0.weight", "0.bias"]  # hooks are not state


def test_prepend_with_kwargs_and_handle_ids():
    lin, log = linear(), []
    handles = [
        lin.register_forward_pre_hook(lambda m, a: log.append("p1")),
        lin.register_forward_pre_hook(lambda m, a: log.append("p2"), prepend=True),
        lin.register_forward_pre_hook(lambda m, a, k: log.append(("p3kw", k)), with_kwargs=True),
        lin.register_forward_hook(lambda m, a, o: log.append("f1")),
        lin.register_forward_hook(lambda m, a, k, o: log.append(("f2kw", k)), with_kwargs=True,
                                  prepend=True)]
    lin(Tensor(X))
    assert log == ["p2", "p1", ("p3kw", {}), ("f2kw", {}), "f1"]
    assert handles[4].id - handles[0].id == 4  # one counter, as PyTorch's
    for h in handles:
        h.remove()
    log.clear()
    lin(Tensor(X))
    assert log == []


def test_hooks_replace_args_and_output():
    lin, x = linear(), Tensor(X)
    doubled = [[9.1, 0.8], [-9.9, -0.95]]
    with lin.register_forward_pre_hook(lambda m, a: a[0] * 2):  # a single value: wrapped
        assert L(lin(x)) == doubled
    with lin.register_forward_pre_hook(lambda m, a: (a[0] * 2,)):
        assert L(lin(x)) == doubled
    with lin.register_forward_hook(lambda m, a, o: o + 1):
        assert L(lin(x)) == [[5.6, 1.3], [-3.9000000000000004, 0.42500000000000004]]
    with lin.register_forward_hook(lambda m, a, o: o * 0):  # the handle as a context manager
        assert L(lin(x)) == [[0.0, 0.0], [-0.0, -0.0]]
    assert L(lin(x)) == [[4.6, 0.3], [-4.9, -0.575]]


class Scaled(Module):
    def forward(self, a, scale=1.0):
        return a * scale


def test_with_kwargs():
    k, seen = Scaled(), []
    with k.register_forward_pre_hook(lambda m, a, kw: ((a[0] + 1,), {"scale": 3.0}),
                                     with_kwargs=True):
        assert L(k(Tensor([1.0, 2.0]), scale=2.0)) == [6.0, 9.0]
    with k.register_forward_pre_hook(lambda m, a, kw: (a[0] + 1,), with_kwargs=True):
        with pytest.raises(RuntimeError, match=r"must return None or a tuple of \(new_args, "):
            k(Tensor([1.0]))
    with k.register_forward_hook(lambda m, a, kw, o: seen.append((L(a[0]), kw)),
                                 with_kwargs=True):
        k(Tensor([1.0]), scale=2.0)
    assert seen == [([1.0], {"scale": 2.0})]


class Broken(Module):
    def forward(self, x):
        raise ValueError("boom")


def test_always_call_runs_when_forward_raises():
    b, got = Broken(), []
    b.register_forward_hook(lambda m, a, o: got.append(("always", o)), always_call=True)
    b.register_forward_hook(lambda m, a, o: got.append(("normal", o)))
    with pytest.raises(ValueError, match="boom"):
        b(Tensor([1.0]))
    assert got == [("always", None)]
    b2 = Broken()
    b2.register_forward_hook(lambda m, a, o: 1 / 0, always_call=True)
    with pytest.warns(UserWarning, match="silenced as another error was raised in forward: "
                                         "division by zero"), pytest.raises(ValueError):
        b2(Tensor([1.0]))


def test_full_backward_hooks_replace_gradients():
    lin = linear()
    x = Tensor(X, requires_grad=True)
    with lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,)):
        lin(x).sum().backward()
    assert L(x.grad) == [[20.0, -7.5, 15.0], [20.0, -7.5, 15.0]]
    assert L(lin.weight.grad) == [[0.0, 2.5, 1.0], [0.0, 2.5, 1.0]]  # not changed
    lin.zero_grad()
    x = Tensor(X, requires_grad=True)
    with lin.register_full_backward_pre_hook(lambda m, go: (go[0] * 2,)):
        lin(x).sum().backward()
    assert L(x.grad) == [[4.0, -1.5, 3.0], [4.0, -1.5, 3.0]]
    assert L(lin.weight.grad) == [[0.0, 5.0, 2.0], [0.0, 5.0, 2.0]]
    assert L(lin.bias.grad) == [4.0, 4.0]


def test_backward_hook_when_no_input_requires_grad():
    lin, seen = linear(), []
    with lin.register_full_backward_hook(lambda m, gi, go: seen.append((gi, L(go[0])))):
        with pytest.warns(UserWarning, match="no inputs require gradients"):
            lin(Tensor(X)).sum().backward()
    assert seen == [((None,), [[1.0, 1.0], [1.0, 1.0]])]
    with lin.register_full_backward_hook(lambda m, gi, go: (Tensor(np.ones((2, 3))),)):
        with pytest.raises(RuntimeError, match="where no input requires gradient should always"
                                               " return None"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lin(Tensor(X)).sum().backward()


def test_backward_hooks_wrong_counts():
    lin = linear()
    x = Tensor(X, requires_grad=True)
    with lin.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0])):
        with pytest.raises(RuntimeError, match="invalid number of grad_input, got 2, but "
                                               "expected 1"):
            lin(x).sum().backward()
    with lin.register_full_backward_pre_hook(lambda m, go: (go[0], go[0])):
        with pytest.raises(RuntimeError, match="invalid number of grad_output, got 2, but "
                                               "expected 1"):
            lin(x).sum().backward()


class Three(Module):  # inputs: Tensor, number, Tensor, unused Tensor; outputs: 2 Tensors, int
    def forward(self, a, n, b, c):
        return a * b * n, a + 1.0, 7


def test_several_inputs_and_outputs():
    m, log = Three(), []
    m.register_full_backward_pre_hook(lambda mod, go: log.append(("pre", [L(g) for g in go])))
    m.register_full_backward_hook(
        lambda mod, gi, go: log.append(("bwd", [L(g) for g in gi], [L(g) for g in go])))
    a, b, c = (Tensor(v, requires_grad=True) for v in ([1.0, 2.0], [3.0, 4.0], [5.0, 6.0]))
    o1, _, _ = m(a, 2.0, b, c)
    o1.sum().backward()  # the second output unused: None in grad_output
    assert log == [("pre", [[1.0, 1.0], None, None]),
                   ("bwd", [[6.0, 8.0], None, [2.0, 4.0], [0.0, 0.0]],
                    [[1.0, 1.0], None, None])]
    assert (L(a.grad), L(b.grad), L(c.grad)) == ([6.0, 8.0], [2.0, 4.0], [0.0, 0.0])
    log.clear()
    a.grad = None
    o1, o2, _ = m(a, 2.0, b, c)
    (o1.sum() + (o2 * o2).sum()).backward()
    assert log == [("pre", [[1.0, 1.0], [4.0, 6.0], None]),
                   ("bwd", [[10.0, 14.0], None, [2.0, 4.0], [0.0, 0.0]],
                    [[1.0, 1.0], [4.0, 6.0], None])]
    assert L(a.grad) == [10.0, 14.0]
    m2 = Three()
    m2.register_full_backward_hook(lambda mod, gi, go: (None, None, gi[2] * 0 + 100, None))
    b.grad = None
    o1, o2, _ = m2(a, 2.0, b, c)
    (o1.sum() + o2.sum()).backward()
    assert L(b.grad) == [100.0, 100.0]  # (a's is zeros here, PyTorch's None)


def test_backward_hook_once_per_call():
    lin, seen = linear(), []
    lin.register_full_backward_hook(lambda m, gi, go: seen.append(L(go[0])))
    x = Tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    y = lin(x)
    (y.sum() + (y * 3).sum()).backward()  # the output used twice: one call
    assert seen == [[[4.0, 4.0]]]
    sq, count = Linear(2, 2), []
    sq.register_full_backward_hook(lambda m, gi, go: count.append(1))
    sq(sq(Tensor([[1.0, 2.0]], requires_grad=True))).sum().backward()
    assert len(count) == 2  # called twice: once per call
    with autograd.no_grad():
        lin(x)  # no graph, no hooks set up


def test_compile_runs_eagerly_while_a_module_has_hooks():
    gc.collect()  # hooked modules of other tests, in reference cycles, go
    model = Sequential(linear(), ReLU())
    step = autograd.compile(lambda x: model(x).sum())
    x = np.array(X)
    for _ in range(3):
        step(x)
    assert (step.recordings, step.replays) == (2, 1)
    calls = []
    handle = model[0].register_forward_hook(lambda m, a, o: calls.append(1))
    for _ in range(2):
        step(x)
    assert (len(calls), step.replays) == (2, 1)  # not replayed: the hook ran each time
    handle.remove()  # the module's attributes changed (its hook dicts): recorded anew
    for _ in range(3):
        step(x)
    assert (len(calls), step.recordings, step.replays) == (2, 4, 2)


def test_hooks_survive_deepcopy_and_removal_is_clean():
    lin, calls = linear(), []
    lin.register_forward_hook(lambda m, a, o: calls.append(1))
    twin = copy.deepcopy(lin)
    twin(Tensor(X))
    assert calls == [1]
    with pytest.raises(TypeError, match="register_forward_hook: hook must be callable"):
        lin.register_forward_hook("not a function")


def test_get_parameter_get_buffer_register_module():
    m = Sequential(Linear(2, 2), nn.BatchNorm1d(2))
    m.foo = 3
    assert m.get_parameter("0.weight") is m[0].weight
    assert m.get_buffer("1.running_mean") is m[1].running_mean
    cases = [  # (target, get_parameter's error, get_buffer's error): PyTorch's messages
        ("0.weight", None, "`weight` is not a buffer"),
        ("1.running_mean", "`running_mean` is not an nn.Parameter", None),
        ("0.nope", "Linear has no attribute `nope`", "Linear has no attribute `nope`"),
        ("2.weight", "Sequential has no attribute `2`", "Sequential has no attribute `2`"),
        ("0.in_features", "`in_features` is not an nn.Parameter", "`in_features` is not a buffer"),
        ("foo", "`foo` is not an nn.Parameter", "`foo` is not a buffer"),
    ]
    for target, *errors in cases:
        for get, error in zip((m.get_parameter, m.get_buffer), errors, strict=True):
            if error is not None:
                with pytest.raises(AttributeError, match=error):
                    get(target)
    assert m.register_module("x", ReLU()) is None and isinstance(m.x, ReLU)
    m.register_buffer("nb", None)
    assert m.get_buffer("nb") is None
