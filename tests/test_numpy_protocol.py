"""numpy's functions on Tensors (__array_ufunc__, __array_function__): each is gradproof's
op of the same name, so the result is a Tensor in the graph, or a TypeError saying what to
do instead; arrays on the left of an operator give Tensors; np.asarray gives the data."""

import numpy as np
import pytest

from autograd import Tensor, functions, no_grad


def _leaf():
    return Tensor([[1.0, -2.0], [3.0, 4.0]], requires_grad=True)


@pytest.mark.parametrize(("call", "expected", "grad"), [
    (lambda t: np.exp(t).sum(), None, lambda x: np.exp(x)),
    (lambda t: np.sum(t * t), None, lambda x: 2 * x),
    (lambda t: np.sum(t, 0, keepdims=True).sum(), None, lambda x: np.ones_like(x)),
    (lambda t: np.mean(t, axis=1).sum(), None, lambda x: np.full_like(x, 0.5)),
    (lambda t: np.max(t), 4.0, lambda x: x == 4.0),
    (lambda t: np.amin(t, 0).sum(), -1.0, lambda x: np.array([[1.0, 1.0], [0.0, 0.0]])),
    (lambda t: np.var(t), 5.25, lambda x: 2 * (x - x.mean()) / 4),
    (lambda t: np.std(t, ddof=1) ** 2, 7.0, lambda x: 2 * (x - x.mean()) / 3),
    (lambda t: np.maximum(0, t).sum(), 8.0, lambda x: (x > 0).astype(float)),
    (lambda t: np.abs(t).sum(), 10.0, np.sign),
    (lambda t: np.square(t).sum(), 30.0, lambda x: 2 * x),
    (lambda t: np.subtract(1, t).sum(), -2.0, lambda x: -np.ones_like(x)),
    (lambda t: np.power(t, 2).sum(), 30.0, lambda x: 2 * x),
    (lambda t: np.negative(t).sum(), -6.0, lambda x: -np.ones_like(x)),
    (lambda t: np.concatenate([t, np.ones((1, 2))]).sum(), 8.0, lambda x: np.ones_like(x)),
    (lambda t: np.concatenate([t, t], axis=None).sum(), 12.0, lambda x: 2 * np.ones_like(x)),
    (lambda t: np.stack([t, t], axis=2)[..., 1].sum(), 6.0, lambda x: np.ones_like(x)),
    (lambda t: np.where(t > 0, t, 0.0).sum(), 8.0, lambda x: (x > 0).astype(float)),
    (lambda t: np.reshape(t, (4,))[1], -2.0, lambda x: np.array([[0.0, 1.0], [0.0, 0.0]])),
    (lambda t: np.reshape(t, shape=(1, 4))[0, 2], 3.0,
     lambda x: np.array([[0.0, 0.0], [1.0, 0.0]])),
    (lambda t: np.transpose(t)[0, 1], 3.0, lambda x: np.array([[0.0, 0.0], [1.0, 0.0]])),
    (lambda t: np.transpose(t, (1, 0))[1, 0], -2.0, lambda x: np.array([[0.0, 1.0], [0, 0]])),
    (lambda t: np.matmul(t, np.eye(2)).sum(), 6.0, lambda x: np.ones_like(x)),
    (lambda t: np.dot(np.ones(2), t).sum(), 6.0, lambda x: np.ones_like(x)),
    (lambda t: np.clip(t, 0, 2).sum(), 5.0, lambda x: ((x > 0) & (x < 2)).astype(float)),
    (lambda t: np.expand_dims(t, (0, 3)).sum(), 6.0, lambda x: np.ones_like(x)),
    (lambda t: np.squeeze(t[None]).sum(), 6.0, lambda x: np.ones_like(x)),
    (lambda t: np.swapaxes(t, 0, 1)[0, 1], 3.0, lambda x: np.array([[0.0, 0.0], [1.0, 0]])),
    (lambda t: np.broadcast_to(t[0], (3, 2)).sum(), -3.0, lambda x: np.array([[3.0, 3], [0, 0]])),
    (lambda t: np.sin(t).sum(), None, np.cos),
])
def test_numpy_functions_stay_in_the_graph(call, expected, grad):
    t = _leaf()
    out = call(t)
    assert isinstance(out, Tensor) and out.requires_grad
    if expected is not None:
        assert out.item() == pytest.approx(expected)
    out.backward()
    np.testing.assert_allclose(t.grad, grad(t.data), rtol=1e-12)


def test_an_array_on_the_left_of_an_operator_gives_a_tensor():
    t = _leaf()
    for out in (np.ones((2, 2)) + t, np.ones((2, 2)) * t, np.eye(2) @ t, 2.0 ** t,
                np.float64(2.0) * t, np.ones(2) - t, np.ones(2) / t):
        assert isinstance(out, Tensor) and out.requires_grad
    assert (np.array([1.0, 3.0]) == t).tolist() == [[True, False], [False, False]]
    assert (np.zeros(2) < t).dtype == np.bool_
    (np.eye(2) @ t).sum().backward()
    np.testing.assert_array_equal(t.grad, np.ones((2, 2)))


def test_numpy_gets_the_data_where_it_asks_for_an_array():
    t = _leaf()
    assert np.asarray(t) is t.data
    copy = np.array(t)
    assert copy is not t.data and np.array_equal(copy, t.data)
    assert np.asarray(t, dtype=np.float32).dtype == np.float32
    array = np.zeros(2)
    array += Tensor([1.0, 2.0])  # an ndarray result stays an ndarray, as numpy's
    assert type(array) is np.ndarray and array.tolist() == [1.0, 2.0]


def test_out_is_the_tensor_updated_in_place_by_its_rules():
    t = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        assert np.add(t, 1.0, out=(t,)) is t
    assert t.tolist() == [2.0, 3.0]
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        np.multiply(t, 2.0, out=t)


def test_functions_with_no_gradient_run_on_the_data():
    t = _leaf()
    assert np.shape(t) == (2, 2) and np.ndim(t) == 2 and np.size(t) == 4
    assert np.allclose(t, t.data) and np.array_equal(t, t.data)
    assert np.isnan(t).dtype == np.bool_ and not np.isnan(t).any().item()
    rows, cols = np.nonzero(t > 0)
    assert isinstance(rows, Tensor) and rows.tolist() == [0, 1, 1] and cols.tolist() == [0, 0, 1]
    assert [i.tolist() for i in np.where(t > 0)] == [[0, 1, 1], [0, 0, 1]]
    assert np.argmax(t, axis=1).tolist() == [0, 1] and np.zeros_like(t).shape == (2, 2)


def test_numpy_without_a_gradproof_twin_is_a_type_error_saying_what_to_do():
    t = _leaf()
    with pytest.raises(TypeError, match=r"numpy.fft.fft has no gradproof twin \(no "
                                        r"autograd.fft, no Tensor.fft\).*tensor.numpy\(\)"):
        np.fft.fft(t)
    with pytest.raises(TypeError, match="numpy.add.reduce on a Tensor is not supported"):
        np.add.reduce(t)
    with pytest.raises(TypeError, match="numpy.sum on a Tensor: gradproof's sum takes none of "
                                        "dtype="):
        np.sum(t, dtype=np.float32)
    with pytest.raises(TypeError, match="numpy.exp on a Tensor: gradproof's exp takes none of "
                                        "where="):
        np.exp(t, where=np.ones((2, 2), bool))
    with pytest.raises(TypeError, match="numpy.dot on Tensors of more than 2 dimensions"):
        np.dot(Tensor(np.ones((2, 2, 2))), Tensor(np.ones((2, 2))))


def test_a_new_op_is_found_with_no_edit(monkeypatch):
    """Other sections add ops (a Tensor method, a function in autograd/functions/): numpy's
    function of the same name finds them."""
    t = _leaf()
    # (nancumsum and heaviside are numpy names gradproof does not have: stand-ins for new ops)
    monkeypatch.setattr(Tensor, "nancumsum", lambda self, axis=None: self * 10.0,
                        raising=False)
    assert np.nancumsum(t).tolist() == [[10.0, -20.0], [30.0, 40.0]]

    def heaviside(x, y):
        return (x * x + y * y) ** 0.5

    monkeypatch.setitem(functions.FUNCTIONS, "heaviside", heaviside)
    out = np.heaviside(t, 0.0)
    assert isinstance(out, Tensor) and out.tolist() == [[1.0, 2.0], [3.0, 4.0]]
