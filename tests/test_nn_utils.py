"""nn.utils.clip_grad_norm_ and clip_grad_value_: PyTorch's numbers, in place, Tensor and Value.

PyTorch's total norms and clipped gradients (torch_numbers.py, from torch_reference.py) are
for three gradients (a 6-vector, a 2x3 matrix, a 2x1 column) and six (norm_type, max_norm).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from optim_cases import GRADS
from torch_numbers import TORCH_CLIP

from autograd import Tensor, Value
from nn.utils import clip_grad_norm_, clip_grad_value_, clip_grads_with_norm_, get_total_norm

CLIP_GRADS = [GRADS[0], [GRADS[1][:3], GRADS[2][:3]], [[-0.5], [2.0]]]


def _params(grads=CLIP_GRADS):
    params = []
    for g in grads:
        p = Tensor(np.zeros(np.shape(g)), requires_grad=True)
        p.grad = np.array(g, dtype=np.float64)
        params.append(p)
    return params


@pytest.mark.parametrize("key", sorted(TORCH_CLIP))
def test_total_norm_and_clipped_grads_equal_pytorchs(key):
    norm_type, max_norm = map(float, key.split())
    params = _params()
    arrays = [p.grad for p in params]
    total = clip_grad_norm_(params, max_norm, norm_type)
    assert type(total) is Tensor and total.shape == ()  # PyTorch's 0-d tensor
    total = float(total)
    # the norm sums in its own order (numpy's, PyTorch's); here they agree to the bit
    assert total == pytest.approx(TORCH_CLIP[key]["total"], rel=1e-15, abs=0)
    assert [p.grad.tolist() for p in params] == TORCH_CLIP[key]["grads"]
    assert all(p.grad is a for p, a in zip(params, arrays, strict=True))  # in place


def test_clip_grad_norm_formula_and_no_amplification():
    (p,) = _params([[3.0, 4.0]])
    assert clip_grad_norm_(p, 1.0) == 5.0
    assert p.grad.tolist() == [3.0 / (5.0 + 1e-6), 4.0 / (5.0 + 1e-6)]
    (q,) = _params([[3.0, 4.0]])
    clip_grad_norm_([q], 100.0)  # the coefficient is clamped at 1: nothing grows
    assert q.grad.tolist() == [3.0, 4.0]
    (r,) = _params([[3.0, -4.0]])
    assert clip_grad_norm_([r], 2.0, norm_type=math.inf) == 4.0
    assert r.grad.tolist() == pytest.approx([1.5, -2.0], rel=1e-6)


def test_values_and_missing_grads():
    a, b = Value(1.0), Value(2.0)
    a.grad, b.grad = 3.0, -4.0
    none = Tensor(np.zeros(2), requires_grad=True)  # grad None: left out, as PyTorch
    assert clip_grad_norm_([a, b, none], 2.5) == 5.0
    assert (a.grad, b.grad) == pytest.approx((1.5, -2.0), rel=1e-6)
    assert type(a.grad) is float and none.grad is None
    inside = a.grad
    clip_grad_value_([a, b, none], 1.6)
    assert (a.grad, b.grad) == (inside, -1.6)
    assert clip_grad_norm_([none], 1.0) == 0.0


def test_clip_grad_value_clamps_in_place():
    params = _params([[0.5, -3.0, 2.0], [[-0.1], [9.0]]])
    arrays = [p.grad for p in params]
    assert clip_grad_value_(params, 1.0) is None
    assert [p.grad.tolist() for p in params] == [[0.5, -1.0, 1.0], [[-0.1], [1.0]]]
    assert all(p.grad is g for p, g in zip(params, arrays, strict=True))


def test_nonfinite_norm():
    params = _params([[1.0, math.inf]])
    with pytest.raises(RuntimeError, match="The total norm of order 2.0 .* is non-finite"):
        clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    assert params[0].grad.tolist() == [1.0, math.inf]  # nothing changed
    assert clip_grad_norm_(params, 1.0) == math.inf  # scaled by 0, as PyTorch: inf * 0 = nan
    assert params[0].grad[0] == 0.0 and math.isnan(params[0].grad[1])


def test_the_two_halves_give_the_whole():
    params, again = _params(), _params()
    total = get_total_norm([p.grad for p in params], 3.0)
    clip_grads_with_norm_(params, 10.0, total)
    assert clip_grad_norm_(again, 10.0, 3.0) == total
    assert [p.grad.tolist() for p in params] == [p.grad.tolist() for p in again]


def test_an_empty_generator_warns():
    with pytest.warns(UserWarning, match="empty generator"):
        assert clip_grad_norm_((p for p in []), 1.0) == 0.0


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda p: clip_grad_norm_(p, -1.0), ValueError, "clip_grad_norm_: max_norm must be a"),
    (lambda p: clip_grad_norm_(p, 1.0, norm_type="fro"), ValueError, "norm_type must be"),
    (lambda p: clip_grad_value_(p, -0.5), ValueError, "clip_grad_value_: clip_value must be"),
    (lambda p: clip_grad_value_([*p, np.zeros(2)], 0.5), TypeError, "parameter 3 is ndarray"),
])
def test_bad_input(call, error, message):
    params = _params()
    with pytest.raises(error, match=message):
        call(params)
