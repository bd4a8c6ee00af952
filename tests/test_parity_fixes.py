"""Behaviour a PyTorch user meets, checked against PyTorch's numbers (torch 2.13, float64,
written in here: PyTorch is not a dependency of the tests): arctan2's gradient at the
origin, arccosh's at -1, amax and amin, backward's PyTorch arguments, bool() of a Tensor."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value


def _atan2_grads(y: float, x: float) -> tuple[np.ndarray, np.ndarray]:
    ty, tx = Tensor([y], requires_grad=True), Tensor([x], requires_grad=True)
    autograd.arctan2(ty, tx).sum().backward()
    return ty.grad, tx.grad


@pytest.mark.parametrize("y, x", [(0.0, 0.0), (1e-200, 1e-200)])
def test_arctan2_gradient_is_zero_where_the_squares_are_zero(y: float, x: float) -> None:
    # PyTorch: d/dy = +0.0, d/dx = -0.0 (1 / (x^2 + y^2) taken as 0 where it is infinite)
    gy, gx = _atan2_grads(y, x)
    assert gy.tolist() == [0.0] and not np.signbit(gy[0])
    assert gx.tolist() == [0.0] and np.signbit(gx[0])
    vy, vx = Value(y), Value(x)
    autograd.arctan2(vy, vx).backward()
    assert (vy.grad, vx.grad) == (0.0, 0.0)


def test_arctan2_gradient_elsewhere_is_pytorchs() -> None:
    gy, gx = _atan2_grads(1.0, 2.0)
    assert gy.tolist() == [0.4] and gx.tolist() == [-0.2]  # PyTorch's, to the last bit


def test_arccosh_gradient_at_minus_one_is_plus_infinity() -> None:
    x = Tensor([-1.0, 1.5, 1.0], requires_grad=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        autograd.arccosh(x).sum().backward()
    assert x.grad.tolist() == [math.inf, 0.8944271909999159, math.inf]  # PyTorch's


TIES = [[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]


@pytest.mark.parametrize("name, kwargs, value, grad", [
    ("amax", {}, 3.0, [[0.0, 0.5, 0.5], [0.0, 0.0, 0.0]]),
    ("amax", {"dim": 1}, [3.0, 2.0], [[0.0, 0.5, 0.5], [0.5, 0.5, 0.0]]),
    ("amax", {"dim": (0, 1)}, 3.0, [[0.0, 0.5, 0.5], [0.0, 0.0, 0.0]]),
    ("amin", {"dim": 0, "keepdim": True}, [[1.0, 2.0, 0.0]], [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]),
])
def test_amax_and_amin_share_the_gradient_between_ties(name: str, kwargs: dict, value: object,
                                                       grad: list) -> None:
    for call in (lambda x: getattr(x, name)(**kwargs),
                 lambda x: getattr(autograd, name)(x, **kwargs)):
        x = Tensor(TIES, requires_grad=True)
        out = call(x)
        out.sum().backward()
        assert out.tolist() == value and x.grad.tolist() == grad


def test_amax_of_an_empty_axis_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match=r"amax: cannot reduce over an axis of size 0"):
        Tensor(np.zeros((0, 3))).amax(0)
    assert Tensor(np.zeros((0, 3))).amax(1).shape == (0,)  # as PyTorch


def test_backward_takes_pytorchs_arguments() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    y.backward(np.array([1.0, 1.0]), retain_graph=True)
    y.backward(gradient=Tensor([1.0, 0.0]))
    y.backward(grad=[1.0, 1.0])  # the older name still works
    assert x.grad.tolist() == [6.0, 8.0]
    with pytest.raises(TypeError, match="both gradient= and grad="):
        y.backward([1.0, 1.0], grad=[1.0, 1.0])
    with pytest.raises(TypeError, match="retain_graph= must be True or False"):
        y.backward([1.0, 1.0], retain_graph="yes")
    v = Value(3.0)
    (v * v).backward(retain_graph=True)
    assert v.grad == 6.0


@pytest.mark.parametrize("values", [[1.0, 2.0], []])
def test_bool_of_a_tensor_not_one_element_names_its_shape(values: list) -> None:
    # PyTorch raises RuntimeError, numpy ValueError: the error is both
    for expected in (RuntimeError, ValueError):
        with pytest.raises(expected, match=r"bool: a Tensor of shape \(\d+,\)"):
            bool(Tensor(values))
    assert bool(Tensor([3.0])) and not bool(Tensor(0.0))


@pytest.mark.parametrize("name, expected", [("sum", 15.0), ("mean", 2.5), ("amax", 5.0),
                                            ("logsumexp", 5.456193316018123)])
def test_dim_given_as_an_empty_tuple_reduces_every_axis_as_pytorch(name: str,
                                                                   expected: float) -> None:
    x = Tensor(np.arange(6.0).reshape(2, 3))
    assert getattr(x, name)(dim=()).item() == pytest.approx(expected, rel=1e-15)
    assert getattr(x, name)(dim=[], keepdim=True).shape == (1, 1)
    if name != "amax":  # numpy's axis=(): no axis reduced
        assert getattr(x, name)(axis=()).shape == (2, 3)


def test_softmax_of_an_integer_tensor_is_an_error_and_logsumexp_a_float() -> None:
    t = autograd.tensor([1, 2])
    for name in ("softmax", "log_softmax"):
        with pytest.raises(TypeError, match=f"{name}: needs a floating-point Tensor, got int64"):
            getattr(t, name)(0)
    out = t.logsumexp(0)  # PyTorch: 2.3133 (float32, its default float; float64 here)
    assert out.dtype == np.float64 and out.item() == pytest.approx(2.313261687518223, rel=1e-15)


@pytest.mark.parametrize("x, y, dtype, values", [
    (1, 0, np.int64, [1, 0]), (True, False, np.bool_, [True, False]),
    (1, False, np.int64, [1, 0]), (1.0, 0, np.float64, [1.0, 0.0])])
def test_where_of_two_python_scalars_has_pytorchs_dtype(x: object, y: object, dtype: type,
                                                        values: list) -> None:
    out = autograd.where(Tensor([1.0, -1.0]) > 0, x, y)
    assert out.dtype == dtype and out.tolist() == values


def test_reductions_and_scans_take_pytorchs_dtype_keyword() -> None:
    t = autograd.tensor([[1, 2], [3, 4]])
    assert t.sum(dtype=np.float32).dtype == np.float32 and t.sum(dtype=np.float32).item() == 10
    assert t.mean(dtype=np.float64).item() == 2.5 and t.prod(dtype=np.float64).item() == 24.0
    assert t.cumsum(0, dtype=np.float64).tolist() == [[1.0, 2.0], [4.0, 6.0]]
    assert t.cumprod(dim=1, dtype=np.float32).dtype == np.float32
    # torch.tensor([[1, 2], [3, 4]]).softmax(0, dtype=torch.float64)[0, 0]: 0.11920292202211755
    assert t.softmax(0, dtype=np.float64).tolist()[0][0] == pytest.approx(0.11920292202211755,
                                                                          rel=1e-15)
    x = Tensor([[1.0, 2.0]], requires_grad=True)  # the cast is in the graph
    x.sum(dtype=np.float32).backward()
    assert x.grad.dtype == np.float64 and x.grad.tolist() == [[1.0, 1.0]]
    with pytest.raises(TypeError, match="sum: dtype must be a dtype"):
        t.sum(dtype="nope")


def test_cross_entropy_and_nll_loss_take_a_row_of_classes_per_position() -> None:
    # (N, C, d1, d2) logits and (N, d1, d2) targets, as torch.nn.functional (2.13, float64)
    from nn import functional as F  # noqa: N812 (PyTorch's habit)

    x = Tensor([[[[0.5, -1.0]], [[2.0, 0.25]], [[-0.5, 1.5]]]], requires_grad=True)
    y = np.array([[[1, 0]]])
    loss = F.cross_entropy(x, y)
    loss.backward()
    assert loss.item() == pytest.approx(1.5400743815721958, rel=1e-15)
    np.testing.assert_allclose(x.grad, [[[[0.08547639009889513, -0.47001110234244287]],
                                         [[-0.11692139672182889, 0.10467153774109846]],
                                         [[0.03144500662293376, 0.36533956460134437]]]],
                               rtol=1e-14)
    none = F.cross_entropy(x, y, reduction="none")
    assert none.shape == (1, 1, 2)
    np.testing.assert_allclose(none.data, [[[0.26636789980713366, 2.813780863337258]]],
                               rtol=1e-15)
    weight = np.array([1.0, 2.0, 0.5])
    assert F.cross_entropy(x, y, weight=weight, ignore_index=1).item() == pytest.approx(
        2.813780863337258, rel=1e-15)
    assert F.nll_loss(x.log_softmax(1), y, weight=weight).item() == pytest.approx(
        1.1155055543171752, rel=1e-15)
    with pytest.raises(ValueError, match=r"cross_entropy: for input of shape \(1, 3, 1, 2\) "
                                         r"\(N, C, d1, ...\), target must have shape"):
        F.cross_entropy(x, np.zeros((1, 2), dtype=np.int64))
