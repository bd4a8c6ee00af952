"""Tensor: construction, attributes, numpy semantics, gradients by closed form, bad input.

Every expected gradient is written from the math (a random upstream gradient G pushed
through the op's transpose by numpy), never taken from our own output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd
from autograd import Primitive, Tensor, Value, concatenate, maximum, minimum, stack, where


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _leaf(shape, seed=0, dtype=np.float64):
    return Tensor(_rng(seed).standard_normal(shape).astype(dtype), requires_grad=True)


def _pull(out: Tensor, seed: int = 99) -> np.ndarray:
    """Back-propagate a random upstream gradient G from `out`; return G."""
    g = _rng(seed).standard_normal(out.shape)
    out.backward(g)
    return g


# ---------------------------------------------------------------------- construction


def test_from_ndarray_nested_lists_and_numbers():
    a = np.arange(6.0).reshape(2, 3)
    t = Tensor(a)
    assert np.array_equal(t.data, a) and t.data is not a  # owns a copy
    assert Tensor([[1, 2], [3, 4]]).shape == (2, 2)
    scalar = Tensor(2.5)
    assert scalar.shape == () and scalar.item() == 2.5


def test_float64_by_default_int_and_bool_become_float():
    assert Tensor([1.0]).dtype == np.float64
    assert Tensor([1, 2]).dtype == np.float64
    assert Tensor(np.arange(3, dtype=np.int32)).dtype == np.float64
    assert Tensor([True, False]).dtype == np.float64
    assert np.array_equal(Tensor([True, False]).data, [1.0, 0.0])
    assert Tensor(3).dtype == np.float64


def test_float32_kept_when_given_or_asked_for():
    assert Tensor(np.ones(2, dtype=np.float32)).dtype == np.float32
    assert Tensor([1, 2], dtype=np.float32).dtype == np.float32
    assert Tensor([1.0], dtype="float32").dtype == np.float32


def test_float32_graph_stays_float32_end_to_end():
    x = _leaf((4, 3), 0, np.float32)
    w = _leaf((3, 5), 1, np.float32)
    b = Tensor(np.zeros(5, np.float32), requires_grad=True)
    h = x @ w + b  # constants below (python floats, float64 arrays) take the graph's dtype
    h = h.relu() * 2.0 + h.sigmoid() - h.tanh() / 3 + np.ones(5) + (h * h + 1.0).sqrt().log()
    s = h.log_softmax(axis=-1) + h.softmax() + h.logsumexp(axis=1, keepdims=True)
    loss = (s.max(axis=0).sum() + s.var(axis=1).mean() + s[np.array([0, 0, 1])].sum()
            + concatenate([s, s]).sum() + stack([s, s], axis=1).mean() + s.T.reshape(-1).sum()
            + where(s.data > 0, s, 0.0).sum() + maximum(s, 0.5).sum() + s.clip(-1, 1).sum())
    assert loss.dtype == np.float32
    loss.backward()
    for node in (x, w, b, h, s):
        assert node.grad.dtype == np.float32


# ------------------------------------------------------------------------ attributes


def test_attributes():
    a = np.arange(6.0).reshape(2, 3)
    t = Tensor(a, requires_grad=True)
    assert t.shape == (2, 3) and t.ndim == 2 and t.size == 6 and t.dtype == np.float64
    assert len(t) == 2
    assert np.array_equal(t.T.data, a.T)
    assert np.array_equal(t.numpy(), a)
    assert np.array_equal(np.asarray(t), a)
    assert t.requires_grad is True and Tensor(a).requires_grad is False
    assert Tensor([[7.0]]).item() == 7.0 and type(Tensor([[7.0]]).item()) is float


def test_grad_is_none_until_a_backward_reaches_it():
    x = Tensor([1.0, 2.0], requires_grad=True)
    unused = Tensor([3.0], requires_grad=True)
    assert x.grad is None
    (x * 3.0).sum().backward()
    assert np.array_equal(x.grad, [3.0, 3.0])
    assert unused.grad is None


def test_len_item_errors():
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d Tensor"):
        len(Tensor(1.0))
    with pytest.raises(ValueError, match="item: the Tensor has 2 elements, expected one"):
        Tensor([1.0, 2.0]).item()


def test_detach_shares_data_and_cuts_the_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0
    d = y.detach()
    assert d.data is y.data
    assert d.requires_grad is False and d._prev == ()
    z = (d * x).sum()
    z.backward()
    assert np.array_equal(x.grad, [2.0, 4.0])  # only the direct path; none through d


def test_repr_shows_data_and_grad():
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert repr(x) == "Tensor([1., 2.], requires_grad=True)"
    (x * x).sum().backward()
    assert repr(x) == "Tensor([1., 2.], requires_grad=True, grad=[2., 4.])"
    assert repr(Tensor([1, 2], dtype=np.float32)) == "Tensor([1., 2.], dtype=float32)"


# ------------------------------------------------------------------------ arithmetic


@pytest.mark.parametrize(
    "expr, dx",
    [
        (lambda a, x: a + x, lambda a, x: np.ones_like(x)),
        (lambda a, x: a - x, lambda a, x: -np.ones_like(x)),
        (lambda a, x: a * x, lambda a, x: a),
        (lambda a, x: a / x, lambda a, x: -a / x**2),
        (lambda a, x: a @ x, None),
    ],
)
def test_ndarray_op_tensor_keeps_the_graph(expr, dx):
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    x = Tensor([[0.5, -1.0], [2.0, 1.5]], requires_grad=True)
    out = expr(a, x)
    assert isinstance(out, Tensor)
    assert np.allclose(out.data, expr(a, x.data), rtol=1e-15)
    g = _pull(out)
    expected = a.T @ g if dx is None else g * dx(a, x.data)
    assert np.allclose(x.grad, expected, rtol=1e-14)


def test_numbers_on_either_side():
    x = Tensor([1.0, 2.0], requires_grad=True)
    out = 2 - x + 3 * x + 4 / x + x**2 + 2**x - (-x)
    assert np.allclose(out.data, 2 + 3 * x.data + 4 / x.data + x.data**2 + 2**x.data, rtol=1e-15)
    out.sum().backward()
    expected = -1 + 3 - 4 / x.data**2 + 2 * x.data + 2**x.data * math.log(2) + 1
    assert np.allclose(x.grad, expected, rtol=1e-14)


def test_power_with_a_tensor_exponent():
    x = Tensor([2.0, 3.0], requires_grad=True)
    y = Tensor([3.0, 0.5], requires_grad=True)
    (x**y).sum().backward()
    assert np.allclose(x.grad, y.data * x.data ** (y.data - 1), rtol=1e-15)
    assert np.allclose(y.grad, x.data**y.data * np.log(x.data), rtol=1e-15)


def test_broadcast_gradient_is_summed_back_to_each_shape():
    a = Tensor([[1.0], [2.0], [3.0]], requires_grad=True)  # (3, 1)
    b = Tensor([[10.0, 20.0, 30.0, 40.0]], requires_grad=True)  # (1, 4)
    out = a * b + a
    assert out.shape == (3, 4)
    g = _pull(out)
    assert a.grad.shape == (3, 1) and b.grad.shape == (1, 4)
    assert np.allclose(a.grad, (g * b.data).sum(axis=1, keepdims=True) + g.sum(1, keepdims=True))
    assert np.allclose(b.grad, (g * a.data).sum(axis=0, keepdims=True))


def test_broadcast_against_a_lower_rank_operand():
    x = _leaf((2, 3, 4), 0)
    bias = _leaf((4,), 1)
    g = _pull(x + bias)
    assert np.allclose(bias.grad, g.sum(axis=(0, 1)))
    assert np.allclose(x.grad, g)


# -------------------------------------------------------------------------- matmul

MATMUL_CASES = [
    # shapes, einsum for out, for dL/dx, for dL/dy (G is the upstream gradient)
    (((3,), (3,)), "n,n->", ",n->n", "n,->n"),
    (((3,), (3, 4)), "n,nm->m", "m,nm->n", "n,m->nm"),
    (((2, 3), (3,)), "kn,n->k", "k,n->kn", "kn,k->n"),
    (((2, 3), (3, 4)), "kn,nm->km", "km,nm->kn", "kn,km->nm"),
    (((5, 2, 3), (3, 4)), "bkn,nm->bkm", "bkm,nm->bkn", "bkn,bkm->nm"),
    (((3,), (5, 3, 4)), "n,bnm->bm", "bm,bnm->n", "n,bm->bnm"),
    (((5, 2, 3), (5, 3, 4)), "bkn,bnm->bkm", "bkm,bnm->bkn", "bkn,bkm->bnm"),
    # x's size-1 axis broadcasts against y's batch axis b
    (((2, 1, 2, 3), (5, 3, 4)), "akn,bnm->abkm", "abkm,bnm->akn", "akn,abkm->bnm"),
]


@pytest.mark.parametrize("shapes, fwd, dx_rule, dy_rule", MATMUL_CASES)
def test_matmul_follows_numpy_and_its_gradients(shapes, fwd, dx_rule, dy_rule):
    x, y = _leaf(shapes[0], 0), _leaf(shapes[1], 1)
    out = x @ y
    assert out.shape == np.matmul(x.data, y.data).shape
    assert np.allclose(out.data, np.matmul(x.data, y.data), rtol=1e-14)
    g = _pull(out)
    xd = x.data.squeeze(1) if x.ndim == 4 else x.data  # the einsums leave out x's size-1 axis
    assert np.allclose(out.data, np.einsum(fwd, xd, y.data), rtol=1e-13)
    assert np.allclose(x.grad.reshape(xd.shape), np.einsum(dx_rule, g, y.data), rtol=1e-13)
    assert np.allclose(y.grad, np.einsum(dy_rule, xd, g), rtol=1e-13)
    assert x.grad.shape == x.shape and y.grad.shape == y.shape


def test_matmul_method_and_reflected():
    x = _leaf((2, 3), 0)
    a = np.arange(6.0).reshape(3, 2)
    assert np.allclose(x.matmul(a).data, x.data @ a)
    g = _pull(a @ x)
    assert np.allclose(x.grad, a.T @ g)


# ----------------------------------------------------------------------- reductions

AXES = [None, 0, -1, (0, 2), (-1, 1), ()]


@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_sum_and_mean(axis, keepdims):
    x = _leaf((2, 3, 4))
    out = x.sum(axis=axis, keepdims=keepdims)
    assert out.shape == np.sum(x.data, axis=axis, keepdims=keepdims).shape
    assert np.allclose(out.data, np.sum(x.data, axis=axis, keepdims=keepdims))
    g = _pull(out)
    g_kept = g if keepdims else np.expand_dims(g, axis if axis is not None else (0, 1, 2))
    assert np.allclose(x.grad, np.broadcast_to(g_kept, x.shape))

    y = _leaf((2, 3, 4), 1)
    m = y.mean(axis=axis, keepdims=keepdims)
    assert np.allclose(m.data, np.mean(y.data, axis=axis, keepdims=keepdims))
    n = y.size // max(m.size, 1)
    g = _pull(m)
    g_kept = g if keepdims else np.expand_dims(g, axis if axis is not None else (0, 1, 2))
    assert np.allclose(y.grad, np.broadcast_to(g_kept, y.shape) / n)


@pytest.mark.parametrize("axis", [None, 1, -1, (0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_var_is_numpys_and_its_gradient(axis, keepdims):
    x = _leaf((3, 4))
    out = x.var(axis=axis, keepdims=keepdims)
    assert np.allclose(out.data, np.var(x.data, axis=axis, keepdims=keepdims), rtol=1e-14)
    g = _pull(out)
    g_kept = g if keepdims else np.expand_dims(g, axis if axis is not None else (0, 1))
    n = x.size // max(out.size, 1)
    # d/dx_i var = 2 (x_i - mean) / n: the mean's own derivative sums to zero
    centred = x.data - x.data.mean(axis=axis, keepdims=True)
    assert np.allclose(x.grad, 2 * centred / n * g_kept, rtol=1e-13)


def test_var_ddof():
    x = _leaf((5,))
    assert np.isclose(x.var(ddof=1).item(), np.var(x.data, ddof=1), rtol=1e-14)


def test_max_min_share_the_gradient_between_ties():
    x = Tensor([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]], requires_grad=True)
    out = x.max(axis=1)
    assert np.array_equal(out.data, [3.0, 2.0])
    out.backward(np.array([1.0, 10.0]))
    assert np.array_equal(x.grad, [[0.0, 0.5, 0.5], [10.0, 0.0, 0.0]])

    y = Tensor([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]], requires_grad=True)
    low = y.min(axis=0, keepdims=True)
    assert np.array_equal(low.data, [[1.0, 0.0, 1.0]])
    low.sum().backward()
    assert np.array_equal(y.grad, [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])

    z = Tensor([4.0, 1.0, 4.0, 4.0], requires_grad=True)
    z.max().backward()
    assert np.allclose(z.grad, [1 / 3, 0.0, 1 / 3, 1 / 3])


def test_bad_axis_names_the_op():
    x = Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match="sum: axis 2 is out of range for a Tensor of 2"):
        x.sum(axis=2)
    with pytest.raises(ValueError, match=r"mean: axis \(1, -1\) repeats an axis"):
        x.mean(axis=(1, -1))


# ---------------------------------------------------------------------------- shape


def test_reshape_flatten_and_view():
    x = _leaf((2, 3, 4))
    r = x.reshape(4, 6)
    assert np.array_equal(r.data, x.data.reshape(4, 6))
    assert x.reshape((-1,)).shape == (24,) and x.view(6, 4).shape == (6, 4)
    assert x.flatten().shape == (24,) and x.flatten(1).shape == (2, 12)
    assert x.flatten(0, 1).shape == (6, 4)
    g = _pull(r)
    assert np.array_equal(x.grad, g.reshape(2, 3, 4))


@pytest.mark.parametrize("axes", [(), ((1, 2, 0),), (2, 0, 1), ((-1, 0, 1),)])
def test_transpose_and_permute(axes):
    x = _leaf((2, 3, 4))
    out = x.transpose(*axes)
    perm = (2, 1, 0) if not axes else tuple(a % 3 for a in np.ravel(axes))
    assert np.array_equal(out.data, np.transpose(x.data, perm))
    g = _pull(out)
    assert np.array_equal(x.grad, np.transpose(g, np.argsort(perm)))
    y = _leaf((2, 3, 4))
    _pull(y.permute(*perm))
    assert np.array_equal(y.grad, np.transpose(g, np.argsort(perm)))


def test_transpose_rejects_a_non_permutation():
    with pytest.raises(ValueError, match=r"transpose: axes \(0, 0, 1\) are not a permutation"):
        Tensor(np.ones((2, 3, 4))).transpose(0, 0, 1)


def test_expand_and_broadcast_to_sum_back():
    x = _leaf((3, 1))
    e = x.expand(2, -1, 4)
    assert e.shape == (2, 3, 4)
    assert np.array_equal(e.data, np.broadcast_to(x.data, (2, 3, 4)))
    g = _pull(e)
    assert np.allclose(x.grad, g.sum(axis=(0, 2))[:, None])
    y = _leaf((4,))
    _pull(y.broadcast_to(3, 4), seed=5)
    assert np.allclose(y.grad, _rng(5).standard_normal((3, 4)).sum(axis=0))


def test_squeeze_and_unsqueeze():
    x = _leaf((1, 3, 1))
    assert x.squeeze().shape == (3,)
    assert x.squeeze(0).shape == (3, 1)
    assert x.squeeze((0, -1)).shape == (3,)
    assert x.unsqueeze(0).shape == (1, 1, 3, 1)
    assert x.unsqueeze(-1).shape == (1, 3, 1, 1)
    g = _pull(x.squeeze().unsqueeze(1))
    assert np.array_equal(x.grad, g.reshape(1, 3, 1))
    with pytest.raises(ValueError, match=r"squeeze: axis 1 of shape \(1, 3, 1\) has size 3"):
        x.squeeze(1)


# ------------------------------------------------------------------------- indexing


def test_getitem_slices():
    x = _leaf((4, 5))
    out = x[1:, ::2]
    assert np.array_equal(out.data, x.data[1:, ::2])
    g = _pull(out)
    expected = np.zeros((4, 5))
    expected[1:, ::2] = g
    assert np.array_equal(x.grad, expected)


def test_getitem_repeated_integer_indices_accumulate():
    x = _leaf((4, 3))
    out = x[[0, 2, 0, 0]]
    assert np.array_equal(out.data, x.data[[0, 2, 0, 0]])
    g = _pull(out)
    expected = np.zeros((4, 3))
    expected[0] = g[0] + g[2] + g[3]
    expected[2] = g[1]
    assert np.allclose(x.grad, expected, rtol=1e-15)


def test_getitem_integer_array_pairs_and_tensor_index():
    x = _leaf((3, 3))
    rows, cols = np.array([0, 1, 1, 0]), np.array([2, 0, 0, 2])
    x[rows, cols].sum().backward()
    expected = np.zeros((3, 3))
    expected[0, 2] = 2.0
    expected[1, 0] = 2.0
    assert np.array_equal(x.grad, expected)
    y = _leaf((3,))
    y[autograd.tensor([2, 2])].sum().backward()  # an integer Tensor works as an index
    assert np.array_equal(y.grad, [0.0, 0.0, 2.0])


def test_getitem_boolean_mask():
    x = _leaf((3, 4))
    mask = x.data > 0
    out = x[mask]
    assert np.array_equal(out.data, x.data[mask])
    g = _pull(out)
    expected = np.zeros((3, 4))
    expected[mask] = g
    assert np.array_equal(x.grad, expected)


def test_iterating_gives_rows():
    x = _leaf((3, 2))
    rows = list(x)
    assert len(rows) == 3 and np.array_equal(rows[1].data, x.data[1])
    sum(rows).sum().backward()
    assert np.array_equal(x.grad, np.ones((3, 2)))


# ------------------------------------------------------------------------- joining


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate(axis):
    a, b = _leaf((2, 3), 0), _leaf((2, 3), 1)
    out = concatenate([a, b], axis=axis)
    assert np.array_equal(out.data, np.concatenate([a.data, b.data], axis=axis))
    g = _pull(out)
    ga, gb = np.split(g, 2, axis=axis)
    assert np.array_equal(a.grad, ga) and np.array_equal(b.grad, gb)


def test_concatenate_with_arrays_and_a_one_element_zero_tensor():
    # the first Tensor leads the join whatever its truth value (a zero one is falsy)
    z = Tensor([0.0], requires_grad=True)
    out = concatenate([z, np.array([1.0, 2.0])])
    assert np.array_equal(out.data, [0.0, 1.0, 2.0])
    out.backward(np.array([5.0, 6.0, 7.0]))
    assert np.array_equal(z.grad, [5.0])


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack(axis):
    a, b, c = _leaf((2, 3), 0), _leaf((2, 3), 1), _leaf((2, 3), 2)
    out = stack([a, b, c], axis=axis)
    assert np.array_equal(out.data, np.stack([a.data, b.data, c.data], axis=axis))
    g = _pull(out)
    for i, t in enumerate((a, b, c)):
        assert np.array_equal(t.grad, np.take(g, i, axis=axis))


def test_where():
    x, y = _leaf((2, 3), 0), _leaf((2, 3), 1)
    cond = np.array([[True, False, True], [False, False, True]])
    out = where(cond, x, y)
    assert np.array_equal(out.data, np.where(cond, x.data, y.data))
    g = _pull(out)
    assert np.array_equal(x.grad, g * cond) and np.array_equal(y.grad, g * ~cond)
    z = _leaf((3,), 2)
    where(z > 0, z, 0.0).sum().backward()  # Tensor comparisons give masks
    assert np.array_equal(z.grad, (z.data > 0).astype(float))


def test_maximum_minimum_split_ties():
    x = Tensor([1.0, 5.0, 3.0], requires_grad=True)
    y = Tensor([2.0, 4.0, 3.0], requires_grad=True)
    out = maximum(x, y)
    assert np.array_equal(out.data, [2.0, 5.0, 3.0])
    out.sum().backward()
    assert np.array_equal(x.grad, [0.0, 1.0, 0.5]) and np.array_equal(y.grad, [1.0, 0.0, 0.5])
    x.grad = y.grad = None
    low = minimum(x, y)
    assert np.array_equal(low.data, [1.0, 4.0, 3.0])
    low.sum().backward()
    assert np.array_equal(x.grad, [1.0, 0.0, 0.5]) and np.array_equal(y.grad, [0.0, 1.0, 0.5])
    c = Tensor([-1.0, 2.0], requires_grad=True)
    c.maximum(0.0).sum().backward()
    assert np.array_equal(c.grad, [0.0, 1.0])


def test_clip_passes_gradient_inside_bounds_inclusive():
    x = Tensor([-2.0, -1.0, 0.0, 1.0, 2.0], requires_grad=True)
    out = x.clip(-1.0, 1.0)
    assert np.array_equal(out.data, [-1.0, -1.0, 0.0, 1.0, 1.0])
    out.sum().backward()
    assert np.array_equal(x.grad, [0.0, 1.0, 1.0, 1.0, 0.0])
    y = Tensor([-2.0, 3.0], requires_grad=True)
    y.clamp(min=0.0).sum().backward()
    assert np.array_equal(y.grad, [0.0, 1.0])


# ------------------------------------------------------------------- elementwise


def test_elementwise_functions_and_derivatives():
    x = Tensor([0.5, 1.5, 2.0], requires_grad=True)
    d = x.data
    cases = [
        (x.exp(), np.exp(d), np.exp(d)),
        (x.log(), np.log(d), 1 / d),
        (x.sqrt(), np.sqrt(d), 0.5 / np.sqrt(d)),
        (x.tanh(), np.tanh(d), 1 - np.tanh(d) ** 2),
        (x.sigmoid(), 1 / (1 + np.exp(-d)), np.exp(-d) / (1 + np.exp(-d)) ** 2),
        ((-x).relu(), np.zeros(3), np.zeros(3)),
        (x.abs(), d, np.ones(3)),
        (abs(-x), d, np.ones(3)),  # d/dx |-x| = sign(x)
    ]
    for out, value, derivative in cases:
        x.grad = None
        assert np.allclose(out.data, value, rtol=1e-15)
        out.sum().backward()
        assert np.allclose(x.grad, derivative, rtol=1e-14)


# ----------------------------------------------------- softmax family: numerically stable


E1 = math.exp(-1.0)
LOGITS = np.array([[1000.0, 999.0, -1000.0], [-1000.0, -999.0, -1000.0]])
# closed forms: row 0 is (1, e^-1, 0) / (1 + e^-1); row 1 is (e^-1, 1, e^-1) / (1 + 2 e^-1)
SOFTMAX = np.array([[1 / (1 + E1), E1 / (1 + E1), 0.0],
                    [E1 / (1 + 2 * E1), 1 / (1 + 2 * E1), E1 / (1 + 2 * E1)]])
LOGSUMEXP = np.array([1000.0 + math.log1p(E1), -999.0 + math.log1p(2 * E1)])


def test_softmax_at_logits_of_a_thousand():
    x = Tensor(LOGITS, requires_grad=True)
    s = x.softmax(axis=-1)
    assert np.all(np.isfinite(s.data))
    assert np.allclose(s.data, SOFTMAX, rtol=1e-14, atol=0)
    g = _pull(s)
    expected = SOFTMAX * (g - (g * SOFTMAX).sum(axis=1, keepdims=True))
    assert np.all(np.isfinite(x.grad))
    assert np.allclose(x.grad, expected, rtol=1e-13, atol=1e-300)


def test_log_softmax_at_logits_of_a_thousand():
    x = Tensor(LOGITS, requires_grad=True)
    ls = x.log_softmax()
    expected = LOGITS - LOGSUMEXP[:, None]  # -2000 - log(1 + e^-1) for the -1000 logit
    assert np.all(np.isfinite(ls.data))
    assert np.allclose(ls.data, expected, rtol=1e-15)
    g = _pull(ls)
    assert np.allclose(x.grad, g - SOFTMAX * g.sum(axis=1, keepdims=True), rtol=1e-13)


def test_logsumexp_at_logits_of_a_thousand():
    x = Tensor(LOGITS, requires_grad=True)
    out = x.logsumexp(axis=1)
    assert np.allclose(out.data, LOGSUMEXP, rtol=1e-15)
    g = _pull(out)
    assert np.allclose(x.grad, SOFTMAX * g[:, None], rtol=1e-13)
    y = Tensor(LOGITS, requires_grad=True)
    total = y.logsumexp()  # over everything: dominated by the 1000 and 999
    assert np.isclose(total.item(), LOGSUMEXP[0], rtol=1e-15)
    total.backward()
    assert np.allclose(y.grad[0], SOFTMAX[0], rtol=1e-13) and np.all(y.grad[1] == 0.0)


def test_softmax_on_axis_0():
    x = Tensor(LOGITS.T, requires_grad=True)
    assert np.allclose(x.softmax(axis=0).data, SOFTMAX.T, rtol=1e-14)


# ------------------------------------------------------------------------- backward


def test_backward_without_grad_on_a_one_element_output():
    x = Tensor([[2.0]], requires_grad=True)
    (x * x).backward()
    assert np.array_equal(x.grad, [[4.0]])


def test_backward_without_grad_on_a_larger_output_says_what_is_needed():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match=r"output has shape \(2,\); pass gradient= of that shape"):
        (x * 2.0).backward()


def test_backward_with_a_wrong_shape_grad():
    x = Tensor(np.ones((2, 2)), requires_grad=True)
    with pytest.raises(ValueError,
                       match=r"gradient has shape \(3,\), expected the output's \(2, 2\)"):
        (x * 2.0).backward(np.ones(3))


def test_gradients_accumulate_into_requires_grad_leaves_only():
    w = Tensor([1.0, 2.0], requires_grad=True)
    c = Tensor([3.0, 4.0])  # a constant
    h = w * c
    h.sum().backward()
    h.sum().backward()
    assert np.array_equal(w.grad, 2 * c.data)  # leaves accumulate over both passes
    assert c.grad is None
    assert np.array_equal(h.grad, [1.0, 1.0])  # an inner node holds the latest pass


def test_no_graph_is_recorded_from_constants_alone():
    out = Tensor([1.0]) * Tensor([2.0])
    assert out.requires_grad is False and out._prev == ()


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "bad, shown",
    [("abc", "'abc'"), (["a", "b"], r"list \['a', 'b'\]"), (object(), "object <object"),
     (1 + 2j, r"complex \(1\+2j\)"), (None, "None"), ([Value(1.0)], r"list \[Value\(data=1.0")],
)
def test_tensor_of_non_reals_is_a_type_error_naming_it(bad, shown):
    with pytest.raises(TypeError, match=rf"Tensor\(\): data must be real numbers, got {shown}"):
        Tensor(bad)


@pytest.mark.parametrize("bad, shown", [("a", "'a'"), (object(), "object <object"),
                                        (2j, r"complex 2j")])
def test_op_with_a_non_real_operand_is_a_type_error(bad, shown):
    with pytest.raises(TypeError, match=rf"^\+: operand must be real numbers, got {shown}"):
        Tensor([1.0, 2.0]) + bad
    with pytest.raises(TypeError, match=rf"^\*: operand must be real numbers, got {shown}"):
        bad * Tensor([1.0, 2.0])


def test_non_real_dtype_is_refused():
    # Integer and bool dtypes are Tensors of their own now (tests/test_dtypes.py).
    with pytest.raises(TypeError, match="dtype must be a float, integer or bool type, got "
                                        "complex128"):
        Tensor([1, 2], dtype=np.complex128)


def test_ragged_lists_are_a_value_error():
    with pytest.raises(ValueError, match=r"Tensor\(\): data is not a rectangular array of "
                                         r"numbers, got list \[\[1.0, 2.0\], \[3.0\]\]: setting "
                                         "an array element"):
        Tensor([[1.0, 2.0], [3.0]])


def test_mixing_value_and_tensor_is_a_type_error():
    with pytest.raises(TypeError, match="cannot mix Value and Tensor in one op"):
        Tensor([1.0]) + Value(2.0)
    with pytest.raises(TypeError, match="cannot mix Value and Tensor in one op"):
        Value(2.0) * Tensor([1.0])
    with pytest.raises(TypeError, match=r"Tensor\(\): data is a Value \(2.0\); a Tensor is made "
                                        "from numbers: pass its .data"):
        Tensor(Value(2.0))


@pytest.mark.parametrize(
    "expr, message",
    [
        (lambda a, b: a + b, r"\+: cannot apply to shapes \(2, 3\) and \(4,\)"),
        (lambda a, b: a * b, r"\*: cannot apply to shapes \(2, 3\) and \(4,\)"),
        (lambda a, b: b - a, r"-: cannot apply to shapes \(4,\) and \(2, 3\)"),
        (lambda a, b: a @ b, r"@: cannot apply to shapes \(2, 3\) and \(4,\)"),
        (lambda a, b: a @ a, r"@: cannot apply to shapes \(2, 3\) and \(2, 3\)"),
        (lambda a, b: a.data + b, r"\+: cannot apply to shapes \(2, 3\) and \(4,\)"),
    ],
)
def test_shape_mismatch_is_a_value_error_naming_op_and_shapes(expr, message):
    a = Tensor(np.ones((2, 3)), requires_grad=True)
    b = Tensor(np.ones(4))
    with pytest.raises(ValueError, match=message):
        expr(a, b)


def test_reshape_to_a_wrong_size():
    with pytest.raises(ValueError, match=r"reshape: cannot apply to shape \(2, 2\)"):
        Tensor(np.ones((2, 2))).reshape(3)


def test_nan_and_inf_are_carried_as_numpy_does():
    x = Tensor([np.nan, np.inf, -np.inf, 1.0], requires_grad=True)
    with np.errstate(all="ignore"):
        out = x * 2.0 + x.exp()
        expected = x.data * 2.0 + np.exp(x.data)
        assert np.array_equal(out.data, expected, equal_nan=True)
        out.sum().backward()
        assert np.array_equal(x.grad, 2.0 + np.exp(x.data), equal_nan=True)
        logs = Tensor([0.0, -1.0]).log()  # IEEE results, not errors: -inf and nan
    assert logs.data[0] == -np.inf and np.isnan(logs.data[1])
    with np.errstate(all="ignore"):
        y = Tensor([1.0, np.nan, 3.0], requires_grad=True)
        top = y.max()
        top.backward()
    assert np.isnan(top.item())  # numpy's max propagates NaN; nothing hangs


def test_zeroth_power_at_zero_has_zero_gradient_not_nan():
    x = Tensor([0.0, 2.0], requires_grad=True)
    (x**0).sum().backward()
    assert np.array_equal(x.grad, [0.0, 0.0])


# ------------------------------------------------- PyTorch habits checked against its answers


def test_transpose_with_two_axes_swaps_them_as_pytorch():
    m = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    assert m.transpose(0, 1).shape == (3, 2) and m.transpose(-2, -1).shape == (3, 2)
    np.testing.assert_array_equal(m.transpose(0, 1).data, m.data.T)
    np.testing.assert_array_equal(m.permute(0, 1).data, m.data)  # a permutation: identity
    cube = Tensor(np.zeros((2, 3, 4)))
    assert cube.transpose(0, 2).shape == (4, 3, 2) and cube.transpose((2, 0, 1)).shape == (4, 2, 3)


def test_zero_dimensional_reductions_take_axis_zero_as_pytorch():
    for name in ("sum", "mean", "max", "min", "logsumexp", "squeeze"):
        x = Tensor(2.0, requires_grad=True)
        y = getattr(x, name)(-1)
        y.backward()
        assert y.shape == () and y.item() == 2.0 and x.grad == 1.0, name
    x = Tensor(2.0, requires_grad=True)
    assert x.softmax(0).item() == 1.0 and x.log_softmax(-1).item() == 0.0
    x.softmax(0).backward()
    assert x.grad == 0.0


def test_leaf_grads_are_own_writable_arrays():
    a = Tensor(np.ones(3), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    (a + b).sum().backward()
    a.grad *= 0.5  # clipping a gradient in place, as one does in PyTorch
    np.testing.assert_array_equal(b.grad, np.ones(3))
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    x.sum().backward()  # the rule's gradient is a broadcast view, read-only
    x.grad[0, 0] = 5.0
    assert x.grad.flags.writeable and x.grad.base is None


def test_leaf_grads_are_their_own_when_a_rule_gives_one_array_to_two_inputs():
    def both(g, out, x, y):
        shared = g * 2.0  # a new array, handed to both inputs
        return shared, shared
    twice = Primitive("twice_sum", lambda x, y: 2 * x + 2 * y, grads=both, key="test-twice")
    a = Tensor(np.ones(3), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    twice(a, b).sum().backward()
    a.grad *= 0.5
    np.testing.assert_array_equal(a.grad, np.ones(3))
    np.testing.assert_array_equal(b.grad, np.full(3, 2.0))
    assert a.grad.flags.writeable and b.grad.flags.writeable


def test_leaf_grads_are_their_own_when_a_rule_gives_one_array_to_inputs_apart():
    # three inputs, the first and the last given one array (the middle its own)
    def ends(g, out, x, y, z):
        shared = g * 2.0
        return shared, g * 3.0, shared
    three = Primitive("ends_sum", lambda x, y, z: 2 * x + 3 * y + 2 * z, grads=ends,
                      key="test-ends")
    a, b, c = (Tensor(np.ones(3), requires_grad=True) for _ in range(3))
    three(a, b, c).sum().backward()
    a.grad *= 0.5
    np.testing.assert_array_equal(a.grad, np.ones(3))
    np.testing.assert_array_equal(c.grad, np.full(3, 2.0))
    np.testing.assert_array_equal(b.grad, np.full(3, 3.0))


def test_zero_dimensional_grad_is_an_array_of_the_leaf_dtype():
    x = Tensor(np.float32(3.0), requires_grad=True)
    x.max().backward()
    assert type(x.grad) is np.ndarray and x.grad.dtype == np.float32 and x.grad.shape == ()


def test_float32_stays_float32_with_numpy_scalars_and_constants():
    x = Tensor(np.array([0.5, -1.0, 2.0], dtype=np.float32), requires_grad=True)
    outs = [x ** np.float64(2), autograd.maximum(0.0, x), autograd.minimum(0.0, x),
            autograd.stack([x, [1.0, 2.0, 3.0]]), x.clip(np.zeros(3), np.ones(3))]
    for out in outs:
        assert out.dtype == np.float32
        out.sum().backward()
    assert x.grad.dtype == np.float32


def test_clip_with_tensor_bounds_gives_them_gradients():
    x = Tensor([-2.0, 0.5, 3.0], requires_grad=True)
    lo = Tensor([-1.0, -1.0, -1.0], requires_grad=True)
    hi = Tensor(1.0, requires_grad=True)
    out = x.clip(lo, hi)
    np.testing.assert_array_equal(out.data, [-1.0, 0.5, 1.0])
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(lo.grad, [1.0, 0.0, 0.0])
    assert hi.grad == 1.0


def test_var_with_more_ddof_than_values_is_not_negative():
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        v = Tensor([1.0, 2.0, 4.0]).var(ddof=4)
        expected = np.var([1.0, 2.0, 4.0], ddof=4)
    assert np.isinf(v.item()) and np.isinf(expected)


def test_np_array_copy_true_is_a_copy():
    t = Tensor([1.0, 2.0])
    copied = np.array(t, copy=True)
    copied[0] = 9.0
    assert t.data[0] == 1.0
    assert np.asarray(t) is t.data  # without copy=True numpy shares, as for an ndarray


def test_backward_of_a_tensor_that_needs_no_grad_says_so():
    with pytest.raises(RuntimeError, match="does not require grad"):
        Tensor([1.0, 2.0]).sum().backward()
    x = Tensor([1.0], requires_grad=True)
    with autograd.no_grad():
        y = (x * 2).sum()
    with pytest.raises(RuntimeError, match="no_grad"):
        y.backward()


def test_bad_flatten_range_and_fractional_tensor_index_are_errors():
    with pytest.raises(ValueError, match="start_dim 2 comes after end_dim 1"):
        Tensor(np.zeros((2, 3, 4))).flatten(2, 1)
    for index in (Tensor([1.7]), Tensor([2.0, 0.0])):  # floats, even whole: as PyTorch
        with pytest.raises(IndexError, match="getitem: index is a Tensor of dtype float64"):
            Tensor([1.0, 2.0, 3.0])[index]


def test_pytorch_named_helpers():
    x = Tensor(np.array([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]]))
    assert x.is_leaf and x.numel() == 6 and x.dim() == 2
    np.testing.assert_array_equal(x.argmax(1), [1, 0])
    np.testing.assert_array_equal(x.argmin(-1), [0, 1])
    assert x.argmax() == 3
    assert x.requires_grad_() is x and x.requires_grad
    y = x * 2
    assert not y.is_leaf
    with pytest.raises(RuntimeError, match="only a leaf"):
        y.requires_grad_(False)
    clone = x.clone()
    clone.sum().backward()
    assert not np.shares_memory(clone.data, x.data)
    np.testing.assert_array_equal(x.grad, np.ones((2, 3)))


def test_unsqueeze_out_of_range_counts_the_tensors_own_dimensions():
    with pytest.raises(ValueError, match="axis 3 is out of range for a Tensor of 1 dimensions: "
                                         "expected -2 to 1"):
        Tensor(np.ones(3)).unsqueeze(3)
    assert Tensor(np.ones(3)).unsqueeze(-2).shape == (1, 3)


def test_tensor_power_at_a_zero_base_has_pytorchs_derivatives():
    # Numbers from torch 2.13: (x ** y).sum().backward() at these points.
    x = Tensor([0.0, 0.0, 0.0, 2.0], requires_grad=True)
    y = Tensor([0.0, 2.0, 0.5, 0.0], requires_grad=True)
    with np.errstate(divide="ignore"):
        (x**y).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, np.inf, 0.0])
    np.testing.assert_allclose(y.grad, [0.0, 0.0, 0.0, np.log(2.0)])
    c = Tensor([1.0, 2.0], requires_grad=True)
    (0.0**c).sum().backward()
    np.testing.assert_array_equal(c.grad, [0.0, 0.0])


def test_softmax_family_over_an_empty_axis_as_pytorch():
    x = Tensor(np.zeros((2, 0)), requires_grad=True)
    np.testing.assert_array_equal(x.logsumexp(1).data, [-np.inf, -np.inf])
    assert x.softmax(1).shape == (2, 0) and x.log_softmax(-1).shape == (2, 0)
    x.logsumexp(1).sum().backward()
    assert x.grad.shape == (2, 0)
