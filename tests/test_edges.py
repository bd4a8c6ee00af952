"""Gradients at the edges: zeros, ties, infinities and nan, each against PyTorch's number.

Every expected value below was computed with PyTorch 2.13 (CPU, float64) on the same inputs
and written in by hand; PyTorch is not needed to run these tests. A rule that routes a
gradient selects it (`where`) instead of multiplying by a 0/1 mask, so an infinite or nan
upstream gradient does not turn into nan where the answer is 0.
"""

import math
import threading

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value, grad, maximum, minimum, no_grad

INF, NAN = math.inf, math.nan


def grads(f, *inputs):
    """The gradients of f(*inputs).sum() with respect to each input, as lists."""
    leaves = [Tensor(np.array(x, dtype=float), requires_grad=True) for x in inputs]
    with np.errstate(all="ignore"):
        f(*leaves).sum().backward()
    return [leaf.grad.tolist() for leaf in leaves]


def same(actual, expected):
    np.testing.assert_array_equal(np.array(actual), np.array(expected))


# -- masks that meet an infinite gradient ------------------------------------------------

@pytest.mark.parametrize(("name", "f", "inputs", "torch_grads"), [
    ("relu then sqrt", lambda x: x.relu().sqrt(), ([-1.0, 4.0],), [[0.0, 0.25]]),
    ("relu ** 0.5", lambda x: x.relu() ** 0.5, ([-1.0, 4.0],), [[0.0, 0.25]]),
    ("clip then sqrt", lambda x: x.clip(0, None).sqrt(), ([-1.0, 4.0],), [[0.0, 0.25]]),
    ("maximum then sqrt", lambda x: maximum(x, 0.0).sqrt(), ([-1.0, 4.0, 0.0],),
     [[0.0, 0.25, INF]]),
    ("relu ** y", lambda x, y: x.relu() ** y, ([-1.0, 4.0, 0.0], [0.5, 0.5, 0.5]),
     [[0.0, 0.25, 0.0], [0.0, 2.772588722239781, 0.0]]),
    ("relu, nan upstream", lambda x: x.relu() * np.array([NAN, NAN]), ([-1.0, 4.0],),
     [[0.0, NAN]]),
    ("(x ** 0) of an infinite slope", lambda x: x.relu().sqrt() ** 0, ([-1.0, 4.0],),
     [[0.0, 0.0]]),
    ("minimum then sqrt", lambda x: (-minimum(x, 0.0)).sqrt(), ([1.0, -4.0],),
     [[0.0, -0.25]]),
])
def test_a_mask_selects_an_infinite_gradient_away(name, f, inputs, torch_grads):
    same(grads(f, *inputs), torch_grads)


def test_max_and_min_reductions_select_the_gradient():
    # The extremum is 0, whose sqrt has an infinite slope: only the winners get it. PyTorch
    # gives [[inf, nan], [nan, inf]] (it multiplies by the mask); the non-winners'
    # derivative is exactly 0, so 0 it is, as the issue asks of every routing rule.
    same(grads(lambda x: x.max(axis=0).sqrt(), [[0.0, -2.0], [-1.0, 0.0]]),
         [[[INF, 0.0], [0.0, INF]]])
    same(grads(lambda x: x.min(axis=0).sqrt(), [[0.0, 2.0], [1.0, 0.0]]),
         [[[INF, 0.0], [0.0, INF]]])


def test_value_relu_and_abs_select_too():
    x = Value(-1.0)
    y = x.relu() * math.inf
    y.backward()
    assert x.grad == 0.0
    z = Value(0.0)
    (abs(z) * math.inf).backward()
    assert z.grad == 0.0


def test_abs_at_zero_routes_nothing_and_scales_by_the_sign_elsewhere():
    same(grads(lambda x: x.abs(), [0.0, 4.0, -4.0]), [[0.0, 1.0, -1.0]])
    # sqrt(|x|): PyTorch gives nan at 0 (inf * sgn(0)); the convention abs'(0) = 0 gives 0.
    same(grads(lambda x: x.abs().sqrt(), [0.0, 4.0, -4.0]), [[0.0, 0.25, -0.25]])


# -- nan in the forward ----------------------------------------------------------------------

def test_nan_operands_follow_pytorch():
    x, y = [NAN, 1.0, 2.0, 2.0], [1.0, NAN, 2.0, NAN]
    same(grads(maximum, x, y), [[1.0, 1.0, 0.5, 1.0], [1.0, 1.0, 0.5, 1.0]])
    same(grads(minimum, x, y), [[1.0, 1.0, 0.5, 1.0], [1.0, 1.0, 0.5, 1.0]])
    same(grads(lambda x: x.relu(), [NAN, 0.5]), [[1.0, 1.0]])
    same(grads(lambda x: x.clip(0, 1), [NAN, 0.5]), [[0.0, 1.0]])
    same(grads(lambda x: x.abs(), [NAN, 0.5]), [[0.0, 1.0]])
    # torch.max(x): the nan entries share the gradient.
    same(grads(lambda x: x.max(), [1.0, NAN, NAN, 3.0]), [[0.0, 0.5, 0.5, 0.0]])


def test_clip_with_tensor_bounds_routes_as_torch_clamp():
    x = [0.0, 1.0, 2.0, 5.0, 2.0, NAN, 2.0, 2.0, 0.0]
    lo = [0.0, 0.0, 3.0, 0.0, 1.0, 0.0, NAN, 2.0, 1.0]
    hi = [1.0, 1.0, 1.0, 5.0, 1.0, 1.0, 3.0, 2.0, 2.0]
    same(grads(lambda x, lo, hi: x.clip(lo, hi), x, lo, hi),
         [[1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
          [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
          [0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]])
    same(grads(lambda x: x.clip(2.0, 1.0), [0.0, 1.0, 2.0, 3.0]), [[0.0, 0.0, 0.0, 0.0]])


# -- std and pow at 0 ----------------------------------------------------------------------

@pytest.mark.parametrize(("data", "kwargs", "expected"), [
    ([3.0, 3.0, 3.0], {}, [0.0, 0.0, 0.0]),
    ([3.0, 3.0, 3.0], {"ddof": 1}, [0.0, 0.0, 0.0]),
    ([[3.0], [4.0]], {"axis": 1}, [[0.0], [0.0]]),
    (5.0, {}, 0.0),
])
def test_std_of_equal_values_has_a_zero_gradient(data, kwargs, expected):
    x = Tensor(data, requires_grad=True)
    x.std(**kwargs).sum().backward()
    same(x.grad, expected)


def test_std_gradient_elsewhere_is_unchanged():
    x = Tensor([1.0, 2.0, 4.0], requires_grad=True)
    x.std(ddof=1).backward()
    np.testing.assert_allclose(x.grad, [-0.43643578047198484, -0.10910894511799625,
                                        0.5455447255899809], rtol=1e-15)


def test_pow_at_zero_follows_pytorch_in_both_arguments():
    same(grads(lambda x, y: x**y, [0.0, 0.0, 0.0, 2.0], [-1.0, 0.0, 1.5, -1.0]),
         [[-INF, 0.0, 0.0, -0.25], [-INF, 0.0, 0.0, 0.34657359027997264]])
    same(grads(lambda x: 0.0**x, [-1.0, 0.0, 1.0]), [[-INF, 0.0, 0.0]])
    # An infinite gradient into x ** y at y == 0: d/dx is 0 there (PyTorch's masked_fill).
    same(grads(lambda x, y: x.relu().sqrt() ** y, [0.0, 4.0], [0.0, 0.0]),
         [[0.0, 0.0], [0.0, 0.6931471805599453]])


# -- large logits ------------------------------------------------------------------------

@pytest.mark.parametrize("b", [1e12, 1e15])
def test_log_softmax_keeps_its_answer_at_large_logits(b):
    out = Tensor([b, b, -b]).log_softmax()
    assert out.data[0] == out.data[1] == -0.6931471805599453
    assert out.data[2] == -2 * b - 0.6931471805599453


def test_cross_entropy_keeps_its_answer_at_large_logits():
    from nn.functional import cross_entropy
    assert cross_entropy(Tensor([[1e15, 1e15, -1e15]]), [0]).item() == 0.6931471805599453


# -- grad() and shared state -------------------------------------------------------------

def test_grad_returns_arrays_of_their_own():
    a = Tensor([1.0, 2.0], requires_grad=True)
    b = Tensor([3.0, 4.0], requires_grad=True)
    ga, gb = grad((a + b).sum(), [a, b])
    assert ga is not gb and ga.flags.writeable and gb.flags.writeable
    ga[0] = 100.0
    assert gb.tolist() == [1.0, 1.0]
    (gx,) = grad(a.expand(3, 2).sum(), [a])  # the rule's result is a broadcast view
    gx[0] = 7.0
    assert gx.tolist() == [7.0, 3.0]


def test_one_no_grad_instance_shared_by_threads():
    shared = no_grad()
    errors, results = [], []
    barrier = threading.Barrier(4)

    def work():
        try:
            for _ in range(200):
                barrier_wait = barrier.wait if not results else (lambda: None)
                barrier_wait()
                with shared:
                    assert not autograd.is_grad_enabled()
            x = Tensor([2.0], requires_grad=True)
            (x * x).sum().backward()
            results.append(x.grad.tolist())
        except Exception as e:  # noqa: BLE001 (reported below, with the thread's error)
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == [[4.0]] * 4
    assert autograd.is_grad_enabled()


def test_blocks_left_out_of_order_are_an_error():
    outer, inner = no_grad(), autograd.enable_grad()
    outer.__enter__()
    inner.__enter__()
    with pytest.raises(RuntimeError, match="out of order"):
        autograd.name_scope("x").__exit__(None, None, None)
    inner.__exit__(None, None, None)
    outer.__exit__(None, None, None)
    assert autograd.is_grad_enabled()


# -- a property: zeros, ties and infinite upstream gradients, for every routing rule --------
# For each rule that routes a gradient, hypothesis draws inputs full of zeros, ties and the
# rule's kinks, and upstream gradients that may be infinite or nan. The Jacobian (one
# backward pass per output element, with a finite upstream) must be the documented
# convention at kinks (`convention`), and the vector-Jacobian product with any upstream must
# be the sum over the entries the Jacobian routes to: an entry the rule does not depend on
# gets exactly 0, whatever flows in.

from hypothesis import given  # noqa: E402 (the property tests' imports, kept beside them)
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

EDGY = st.sampled_from([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, NAN])  # zeros, ties, kinks, nan
UPSTREAM = st.sampled_from([1.0, -2.0, 0.5, INF, -INF, NAN])


def _shares(x, out, axis):
    """Max/min's convention: the winners (the nan ones if the result is nan) share evenly."""
    out = np.expand_dims(out, axis)
    winners = np.where(np.isnan(out), np.isnan(x), x == out)
    return winners / winners.sum(axis=axis, keepdims=True)


def _winner(x, y):
    """maximum's convention for x: 1 where it wins, 1/2 at a tie, 0 where it loses; with a
    nan operand nobody loses."""
    return np.where(x < y, 0.0, np.where(x == y, 0.5, 1.0))


# name: (the op on Tensors, arity, its documented derivative at every point, per input, as
# an elementwise array (for reductions: d out_j / d x_i where i maps to j))
ROUTING = {
    "relu": (lambda x: x.relu(), 1, lambda x: [np.where(x <= 0, 0.0, 1.0)]),
    "abs": (lambda x: x.abs(), 1, lambda x: [np.where(np.isnan(x), 0.0, np.sign(x))]),
    "clip": (lambda x: x.clip(-1.0, 1.0), 1,
             lambda x: [((x >= -1.0) & (x <= 1.0)).astype(float)]),
    "maximum": (maximum, 2, lambda x, y: [_winner(x, y), _winner(y, x)]),
    "minimum": (minimum, 2, lambda x, y: [_winner(-x, -y), _winner(-y, -x)]),
    "where": (lambda x, y: autograd.where(np.array([True, False, True]), x, y), 2,
              lambda x, y: [np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0])]),
    "max over axis 1": (lambda x: x.max(axis=1), 1,
                        lambda x: [_shares(x, np.max(x, axis=1), 1)]),
    "min over axis 1": (lambda x: x.min(axis=1), 1,
                        lambda x: [_shares(x, np.min(x, axis=1), 1)]),
    "x ** 0": (lambda x: x**0, 1, lambda x: [np.zeros_like(x)]),
}


def _jacobian(f, leaves, out_shape):
    """J[k][i]: d out_k / d input_i, one backward pass per output element k."""
    rows = []
    for k in range(int(np.prod(out_shape))):
        seed = np.zeros(out_shape)
        seed.flat[k] = 1.0
        rows.append(autograd.grad(f(*leaves), leaves, grad_output=seed))
    return rows


@pytest.mark.parametrize("name", list(ROUTING))
@given(data=st.data())
def test_routing_rules_keep_their_conventions_and_their_zeros(name, data):
    f, arity, convention = ROUTING[name]
    shape = (2, 3) if "axis" in name else (3,)
    inputs = [data.draw(hnp.arrays(np.float64, shape, elements=EDGY)) for _ in range(arity)]
    leaves = [Tensor(x, requires_grad=True) for x in inputs]
    with np.errstate(all="ignore"):
        out_shape = f(*leaves).shape
        jacobian = _jacobian(f, leaves, out_shape)
        # The Jacobian is the convention: what flows back along each routed path.
        for i, expected in enumerate(convention(*inputs)):
            routed = sum(np.asarray(row[i]) for row in jacobian)
            np.testing.assert_array_equal(routed, expected, err_msg=f"{name}, input {i}")
        # Any upstream: each input entry gets the sum over the outputs routed to it, and
        # exactly 0 from the outputs it is not routed to, even an infinite or nan one.
        upstream = data.draw(hnp.arrays(np.float64, out_shape, elements=UPSTREAM))
        got = autograd.grad(f(*leaves), leaves, grad_output=upstream)
        for i in range(arity):
            expected = np.zeros(shape)
            for k, row in enumerate(jacobian):
                routes = np.asarray(row[i]) != 0
                expected = expected + np.where(routes, upstream.flat[k] * np.asarray(row[i]),
                                               0.0)
            np.testing.assert_array_equal(got[i], expected, err_msg=f"{name}, input {i}")


@pytest.mark.parametrize("shape", [(9, 6), (96, 64)])  # np.where below 4,096 values, bits above
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_where_selecting_a_gradient_is_np_where_bit_for_bit(dtype, shape):
    # where(g, 0.0, mask), how routing rules select, takes a branch-free path on large
    # arrays: the same bits as np.where, infinities, nan and -0.0 included, strided too.
    from autograd.ops.select import where

    rng = np.random.default_rng(7)
    g = rng.normal(size=shape).astype(dtype)
    g[0, :4] = [INF, -INF, NAN, -0.0]
    mask = rng.random(shape) > 0.5
    mask[0, :4] = [False, True, True, True]
    for values in (g, np.ascontiguousarray(g.T).T, g[::-1]):
        for got, expected in ((where(values, 0.0, mask), np.where(mask, values, 0.0)),
                              (where(0.0, values, mask), np.where(mask, 0.0, values))):
            assert got.dtype == expected.dtype
            np.testing.assert_array_equal(got.view(np.uint8), expected.view(np.uint8))
