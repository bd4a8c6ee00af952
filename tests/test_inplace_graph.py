"""In-place ops recorded in the graph (autograd/rebase.py): `y[i] = v` and `y.mul_(w)` on the
result of ops, or with an operand that requires grad, as PyTorch records them. The expected
numbers are PyTorch 2.13's (float64), printed by the calls written beside each test."""

from __future__ import annotations

import gc

import numpy as np
import pytest

import autograd
from autograd import Tensor, rebase


def leaves() -> tuple[Tensor, Tensor]:
    return (Tensor([0.5, -1.0, 2.0], requires_grad=True),
            Tensor([1.5, 2.0, -0.5], requires_grad=True))


def test_setitem_on_a_result_is_recorded() -> None:
    # y = x * x; y[0] = 0; (y * [1, 2, 3]).sum().backward()
    x, _ = leaves()
    y = x * x
    array = y.data
    y[0] = 0
    assert y.data is array  # its own array changed, as every holder of it sees
    assert not y.is_leaf and y.requires_grad
    np.testing.assert_array_equal(y.data, [0.0, 1.0, 4.0])
    (y * Tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, -4.0, 12.0])


def test_a_rule_reading_its_output_keeps_the_values_it_had() -> None:
    # PyTorch raises here (exp saved its output, now at version 1); gradproof kept a copy
    x, _ = leaves()
    y = x.exp()
    y[0] = 0
    (y * Tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_allclose(x.grad, np.exp([0.5, -1.0, 2.0]) * [0.0, 2.0, 3.0], rtol=1e-15)


def test_filling_a_tensor_row_by_row() -> None:
    # out = torch.zeros(3, 2); out[i] = x[i] * w[:2]; (out * [[1, 2], [3, 4], [5, 6]]).sum()
    x, w = leaves()
    out = autograd.zeros((3, 2), dtype=np.float64)
    for i in range(3):
        out[i] = x[i] * w[:2]
    assert out.requires_grad and not out.is_leaf
    (out * Tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).sum().backward()
    np.testing.assert_array_equal(x.grad, [5.5, 12.5, 19.5])
    np.testing.assert_array_equal(w.grad, [7.5, 9.0, 0.0])


def test_methods_and_augmented_assignment_change_the_object() -> None:
    # y = x * 2; y.mul_(w); (y * y).sum().backward()
    x, w = leaves()
    y = x * 2
    alias = y
    y.mul_(w)
    assert alias is y
    (y * y).sum().backward()
    np.testing.assert_array_equal(x.grad, [9.0, -32.0, 4.0])
    np.testing.assert_array_equal(w.grad, [3.0, 16.0, -16.0])
    # y = x * 3; y += w; y.clamp_(-1, 2); y.sum().backward()
    x, w = leaves()
    y = x * 3
    alias = y
    y += w
    assert alias is y  # not rebound: other names see the change, as in PyTorch
    y.clamp_(-1, 2)
    np.testing.assert_array_equal(y.data, [2.0, -1.0, 2.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 3.0, 0.0])
    np.testing.assert_array_equal(w.grad, [0.0, 1.0, 0.0])


def test_slices_of_itself_and_several_changes() -> None:
    # y = x * x; y[1:] = w[1:] * 3; y[0] = y[2]; (y * [1, 2, 3]).sum().backward()
    x, w = leaves()
    y = x * x
    y[1:] = w[1:] * 3
    y[0] = y[2]
    np.testing.assert_array_equal(y.data, [-1.5, 6.0, -1.5])
    (y * Tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(w.grad, [0.0, 6.0, 12.0])


def test_a_graph_made_before_the_change_reads_what_it_read() -> None:
    # y = x * 3; z = y + 1; y[0] = 5; z.sum().backward()  (PyTorch: [3, 3, 3])
    x, _ = leaves()
    y = x * 3
    z = y + 1
    y[0] = 5
    z.sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0, 3.0])
    # PyTorch raises for z = y * y (mul saved y); y's old values were kept, so d/dx (2x)^2
    x, _ = leaves()
    y = x * 2
    z = y * y
    y[0] = 0
    z.sum().backward()
    np.testing.assert_array_equal(x.grad, [4.0, -8.0, 16.0])
    (gx,) = autograd.grad(z.sum(), x)
    np.testing.assert_array_equal(gx, [4.0, -8.0, 16.0])
    y.sum().backward()  # and the changed Tensor's own graph
    np.testing.assert_array_equal(x.grad, [4.0, -6.0, 18.0])


def test_a_graph_that_read_values_no_longer_kept_raises_as_pytorch() -> None:
    # out = torch.zeros(3); s = out * w; out[0] = x[0]; s.sum().backward() raises in PyTorch
    x, w = leaves()
    out = autograd.zeros((3,), dtype=np.float64)
    s = out * w
    out[0] = x[0]
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        s.sum().backward()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        autograd.grad(s.sum(), w)


def test_the_fast_backward_returns_once_changed_tensors_are_gone() -> None:
    x, _ = leaves()
    y = x * 2
    y[0] = 0
    assert rebase.CHANGED
    del y
    gc.collect()
    assert not rebase.CHANGED


def test_what_still_raises() -> None:
    x, w = leaves()
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        x[0] = 1.0
    view = (x * 2).reshape(3, 1)  # a view of another Tensor's array: that one would change
    with pytest.raises(RuntimeError, match="clone"):
        view[0] = 1.0
    with autograd.no_grad():
        y = x * 2
    y[0] = w[0]  # a Tensor made under no_grad is a leaf: it joins the graph
    y.sum().backward()
    np.testing.assert_array_equal(w.grad, [1.0, 0.0, 0.0])


def test_a_compiled_step_that_changes_a_tensor_in_place_runs_eagerly() -> None:
    x, w = leaves()

    def step(x: Tensor) -> Tensor:
        out = autograd.zeros((3,), dtype=np.float64)
        out[0] = (x * w).sum()
        out[1:] = w[1:]
        return (out * out).sum()

    compiled = autograd.compile(step)
    losses = [compiled(x) for _ in range(3)]
    assert compiled.changes_in_place and compiled.replays == 0
    expected = (0.75 - 2.0 - 1.0) ** 2 + 4.0 + 0.25
    assert all(float(loss.data) == pytest.approx(expected, rel=1e-15) for loss in losses)
