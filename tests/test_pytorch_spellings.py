"""PyTorch's spellings of existing ops (x.add(y, alpha=2), x.div(y, rounding_mode='floor'),
x.mm, x.mv, x.clamp_min, x.neg, ...) give PyTorch's numbers. The numbers were computed with
torch 2.13 in float64 and are written in: torch is not a test dependency. Values and
derivatives of every spelling are also checked by their spec rows (tests/test_ops.py)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value

X = [1.5, -2.25, 0.3]
Y = [0.7, 1.1, -0.2]


def test_add_and_sub_with_alpha_match_torch() -> None:
    x, y = Tensor(X), Tensor(Y)
    assert x.add(y, alpha=2).tolist() == [2.9, -0.04999999999999982, -0.10000000000000003]
    assert autograd.sub(x, y, alpha=2).tolist() == [0.10000000000000009, -4.45, 0.7]
    assert x.add(y, alpha=0.1).tolist() == [1.57, -2.14, 0.27999999999999997]
    assert x.sub(y, alpha=0.1).tolist() == [1.43, -2.36, 0.32]


def test_add_with_alpha_may_differ_from_torch_in_the_last_bit() -> None:
    # torch.add(-3.0, -2.6, alpha=0.1) is -3.2600000000000002: PyTorch rounds x + alpha * y
    # once (a fused multiply-add); gradproof rounds alpha * y first, as -3.0 + 0.1 * -2.6.
    out = Tensor([-3.0]).add(Tensor([-2.6]), alpha=0.1).item()
    assert out == -3.0 + 0.1 * -2.6 == -3.26
    assert out == pytest.approx(-3.2600000000000002, rel=1e-15, abs=0)


def test_alpha_must_be_a_number() -> None:
    with pytest.raises(TypeError, match=r"add: alpha must be a real number, got 'a'"):
        Tensor(X).add(1.0, alpha="a")
    with pytest.raises(TypeError, match=r"sub: alpha must be a real number, got None"):
        autograd.sub(Tensor(X), 1.0, alpha=None)


def test_a_float_alpha_for_integers_is_refused_as_pytorch() -> None:
    # torch.tensor([1, 2]).add(torch.tensor([1, 2]), alpha=0.5): RuntimeError, even for 1.0
    n = autograd.tensor([1, 2])
    with pytest.raises(TypeError, match=r"add: alpha must be an int for integer Tensors, got "
                                        r"0.5 \(dtypes int64 and int64\)"):
        n.add(n, alpha=0.5)
    with pytest.raises(TypeError, match=r"sub: alpha must be an int for integer Tensors"):
        autograd.sub(n, 1, alpha=1.0)
    assert n.add(n, alpha=2).tolist() == [3, 6] and n.add(3, alpha=2).tolist() == [7, 8]
    assert n.add(3.5, alpha=0.5).tolist() == [2.75, 3.75]  # a float result: PyTorch's too
    assert n.add(autograd.tensor([1.0, 2.0]), alpha=0.5).tolist() == [1.5, 3.0]


def test_gradients_with_alpha() -> None:
    x, y = Tensor(X, requires_grad=True), Tensor(Y, requires_grad=True)
    x.sub(y, alpha=2.5).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]
    assert y.grad.tolist() == [-2.5, -2.5, -2.5]


def test_div_rounding_modes_match_torch() -> None:
    a, b = Tensor([7.0, -7.0, 5.5, -5.5]), Tensor([2.0, 2.0, -2.0, -2.0])
    assert a.div(b, rounding_mode="trunc").tolist() == [3.0, -3.0, -2.0, 2.0]
    assert autograd.div(a, b, rounding_mode="floor").tolist() == [3.0, -4.0, -3.0, 2.0]
    assert a.div(b).tolist() == a.true_divide(b).tolist() == [3.5, -3.5, -2.75, 2.75]
    assert autograd.true_divide(a, b).tolist() == [3.5, -3.5, -2.75, 2.75]
    ints = autograd.tensor([7, -7])
    assert ints.div(2, rounding_mode="trunc").tolist() == [3, -3]  # int64, as torch
    assert ints.div(2, rounding_mode="trunc").dtype == np.int64
    assert ints.div(2, rounding_mode="floor").tolist() == [3, -4]


def test_rounded_div_has_zero_gradient_as_torch() -> None:
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x.div(2.0, rounding_mode="floor").sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_div_refuses_an_unknown_rounding_mode() -> None:
    with pytest.raises(ValueError, match=r"div: rounding_mode must be one of .* got 'round'"):
        Tensor(X).div(2.0, rounding_mode="round")


def test_neg_and_negative() -> None:
    assert Tensor(X).neg().tolist() == autograd.negative(X).tolist() == [-1.5, 2.25, -0.3]
    assert Value(2.0).neg().data == autograd.neg(Value(2.0)).data == -2.0


def test_clamp_min_and_max_pass_the_gradient_at_the_bound_as_torch() -> None:
    # torch: x.clamp_min(2.0).sum().backward() gives [0, 1, 1]; clamp_max(2.0) [1, 1, 0]
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x.clamp_min(2.0).sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 1.0]
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x.clamp_max(2.0).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 0.0]
    # a Tensor bound: torch gives x.grad [0, 1, 1] and min.grad [1, 0, 0]
    x, low = Tensor([1.0, 2.0, 3.0], requires_grad=True), Tensor([2.0] * 3, requires_grad=True)
    autograd.clamp_min(x, low).sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 1.0]
    assert low.grad.tolist() == [1.0, 0.0, 0.0]


def test_mm_and_mv_match_torch() -> None:
    m = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert m.mm(m.T).tolist() == autograd.mm(m, m.T).tolist() == [[14.0, 32.0], [32.0, 77.0]]
    assert m.mv([1.0, 0.5, -1.0]).tolist() == [-1.0, 0.5]
    assert autograd.mv(m, [1.0, 0.5, -1.0]).tolist() == [-1.0, 0.5]


def test_mm_and_mv_refuse_other_shapes_naming_the_op_and_the_shapes() -> None:
    m = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    with pytest.raises(ValueError, match=r"mm: .*\(2, 3\).*\(3,\)"):
        m.mm([1.0, 2.0, 3.0])  # torch: "mat2 must be a matrix"
    with pytest.raises(ValueError, match=r"mm: shapes \(2, 3\) and \(2, 3\) cannot be multiplied"):
        autograd.mm(m, m)
    with pytest.raises(ValueError, match=r"mv: .*\(2, 3\).*\(2, 3\)"):
        m.mv(m)
    with pytest.raises(ValueError, match=r"mv: shapes \(2, 3\) and \(2,\) cannot be multiplied"):
        m.mv([1.0, 2.0])
