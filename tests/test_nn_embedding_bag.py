"""F.embedding_bag and nn.EmbeddingBag, with PyTorch's numbers
(tests/torch_numbers_embedding_bag.py, printed by tests/torch_reference_embedding_bag.py)
and its habits."""

import numpy as np
import pytest
from torch_numbers_embedding_bag import TORCH_EMBEDDING_BAG, TORCH_EMBEDDING_BAG_MAX_NORM

import nn
from autograd import Tensor, grad, gradcheck, gradgradcheck
from nn import functional as F  # noqa: N812 (PyTorch's habit)
from nn.sequence.embedding_bag import UnsupportedError

TIGHT = {"rtol": 1e-12, "atol": 1e-12}
FLOAT32 = {"rtol": 1e-6, "atol": 1e-6}


def _run(case):
    dtype = np.float32 if "float32" in str(case.get("name", "")) else np.float64
    w = Tensor(np.array(case["weight"], dtype), requires_grad=True)
    psw = case.get("per_sample_weights")
    a = None if psw is None else Tensor(np.array(psw, dtype), requires_grad=True)
    out = F.embedding_bag(np.array(case["input"], np.int64), w, case["offsets"],
                          per_sample_weights=a, **case["kwargs"])
    out.backward(np.array(case["grad_output"], dtype))
    return out, w, a


@pytest.mark.parametrize("name", sorted(TORCH_EMBEDDING_BAG))
def test_outputs_and_gradients_are_pytorchs(name):
    case = {**TORCH_EMBEDDING_BAG[name], "name": name}
    out, w, a = _run(case)
    tolerance = FLOAT32 if "float32" in name else TIGHT
    assert out.dtype == w.dtype and out.shape == np.shape(case["out"])
    np.testing.assert_allclose(out.data, case["out"], **tolerance)
    np.testing.assert_allclose(w.grad, case["grad_weight"], **tolerance)
    if a is not None:
        np.testing.assert_allclose(a.grad, case["grad_per_sample_weights"], **tolerance)


def test_the_forward_is_pytorchs_bit_for_bit_in_float64():
    # Each bag's rows are added one after another in input order, as PyTorch's CPU kernel
    # adds them (not numpy's pairwise sum), then a mean divides once.
    for name, case in TORCH_EMBEDDING_BAG.items():
        if "float32" not in name:
            np.testing.assert_array_equal(_run(case)[0].data, case["out"], err_msg=name)


def test_max_mode_gives_the_gradient_to_the_first_maximum_of_each_column():
    weight = np.array(TORCH_EMBEDDING_BAG["ties"]["weight"])  # rows 1, 2, 5 share values
    w = Tensor(weight, requires_grad=True)
    out = F.embedding_bag([0, 1, 2, 5, 0, 0], w, [0, 4], mode="max")
    out.backward(np.ones((2, 3)))
    # bag 0, rows 0 1 2 5: column 0's 3.0 first in row 1, column 1's 5.0 in row 0, column
    # 2's 7.0 in row 2 (row 1's nan comes after the first: it never wins); bag 1 names row
    # 0 twice: its elements get the gradient once
    np.testing.assert_array_equal(out.data, [[3.0, 5.0, 7.0], weight[0]])
    np.testing.assert_array_equal(w.grad, [[1, 2, 1], [1, 0, 0], [0, 0, 1], [0, 0, 0],
                                           [0, 0, 0], [0, 0, 0]])


def test_padding_entries_leave_their_bag_and_a_bag_of_padding_is_zeros():
    for mode in ("sum", "mean", "max"):
        case = TORCH_EMBEDDING_BAG[f"padding-{mode}"]  # padding_idx 2; bag 1 = [2, 2]
        out, w, _ = _run(case)
        np.testing.assert_array_equal(out.data[1], 0)
        np.testing.assert_array_equal(w.grad[2], 0)
    # the mean is over the entries that stay: bag 2 = [0, 2, 5] averages rows 0 and 5
    out, w, _ = _run(TORCH_EMBEDDING_BAG["padding-mean"])
    weight = np.array(TORCH_EMBEDDING_BAG["padding-mean"]["weight"])
    np.testing.assert_allclose(out.data[2], (weight[0] + weight[5]) / 2, **TIGHT)


def test_scale_grad_by_freq_divides_each_rows_gradient_by_its_count():
    # PyTorch's F.embedding rule, a row named three times gets a third: PyTorch 2.13's CPU
    # embedding_bag kernel reads some rows' counts from another index (#190063) and is not
    # followed there; these numbers are F.embedding's, summed or averaged by bag.
    for mode in ("sum", "mean"):
        case = TORCH_EMBEDDING_BAG[f"documented-frequency-{mode}"]
        _, w, _ = _run(case)
        np.testing.assert_allclose(w.grad, case["grad_weight"], **TIGHT)
    w = Tensor(np.ones((4, 2)), requires_grad=True)
    F.embedding_bag([1, 1, 3], w, [0], mode="sum", scale_grad_by_freq=True).sum().backward()
    np.testing.assert_array_equal(w.grad[:, 0], [0, 1, 0, 1])  # PyTorch's CPU: 0.5 for row 3


def test_second_derivatives_through_per_sample_weights_and_frequency_scaling():
    rng = np.random.default_rng(0)
    w = Tensor(rng.standard_normal((5, 3)), requires_grad=True)
    a = Tensor(rng.standard_normal(7), requires_grad=True)
    index, offsets = np.array([4, 0, 2, 2, 0, 1, 4]), np.array([0, 3, 3, 5])

    def bags(w, a):
        return F.embedding_bag(index, w, offsets, mode="sum", per_sample_weights=a,
                               padding_idx=1)

    assert gradcheck(bags, [w, a]) and gradgradcheck(bags, [w, a])
    # With scale_grad_by_freq, S = sum(dL/dW) for L = sum(out²) is sum_k 2 a_k sum(out[b_k])
    # / c_k (c_k: how often row i_k is named), so dS/da_j = 2 sum(out[b_j]) / c_j +
    # 2 sum(W[i_j]) sum_{k in b_j} a_k / c_k: the scaling rides along in the second order.
    out = F.embedding_bag(index, w, offsets, mode="sum", per_sample_weights=a,
                          scale_grad_by_freq=True)
    (g_w,) = grad((out * out).sum(), [w], create_graph=True)
    (g_a,) = grad(g_w.sum(), [a])
    counts = np.bincount(index)[index]
    bag = np.searchsorted(offsets, np.arange(7), side="right") - 1
    per_bag = np.bincount(bag, weights=a.data / counts, minlength=4)[bag]
    expected = 2 * out.data.sum(1)[bag] / counts + 2 * w.data[index].sum(1) * per_bag
    np.testing.assert_allclose(g_a.data, expected, **TIGHT)


def test_max_norm_renormalises_the_named_rows_in_place_as_pytorch():
    for case in TORCH_EMBEDDING_BAG_MAX_NORM.values():
        w = Tensor(np.array(case["weight"]), requires_grad=True)
        out = F.embedding_bag(case["input"], w, **case["kwargs"])
        np.testing.assert_allclose(out.data, case["out"], **TIGHT)
        np.testing.assert_allclose(w.data, case["weight_after"], **TIGHT)


def test_empty_inputs_give_zeros_of_the_right_shape():
    w = Tensor(np.ones((3, 2)), requires_grad=True)
    out = F.embedding_bag(np.zeros((0, 4), np.int64), w, mode="max")
    assert out.shape == (0, 2)  # no bags (PyTorch's too)
    out = F.embedding_bag(np.zeros((2, 0), np.int64), w, mode="max")
    np.testing.assert_array_equal(out.data, np.zeros((2, 2)))  # bags of nothing
    out.sum().backward()  # (PyTorch's CPU raises "step must be nonzero" here)
    np.testing.assert_array_equal(w.grad, 0)
    out = F.embedding_bag([], w, [0, 0], mode="sum", include_last_offset=True)
    assert out.shape == (1, 2) and not out.data.any()


@pytest.mark.parametrize("indices", [
    [[0, 2], [1, 1]], np.array([[0, 2], [1, 1]], dtype=np.int32),
    Tensor([[0.0, 2.0], [1.0, 1.0]]), np.array([[0, 2], [1, 1]], dtype=np.uint8)])
def test_takes_lists_integer_arrays_and_tensors_of_whole_numbers(indices):
    table = np.arange(6.0).reshape(3, 2)
    np.testing.assert_array_equal(F.embedding_bag(indices, Tensor(table), mode="sum").data,
                                  [[4, 6], [4, 6]])


# ---------------------------------------------------------------------------- the layer


def test_layer_draws_its_table_and_reduces_by_its_mode():
    layer = nn.EmbeddingBag(1000, 20, padding_idx=-1, seed=0)
    assert layer.padding_idx == 999 and np.all(layer.weight.data[999] == 0)
    rows = layer.weight.data[:999]
    assert abs(rows.mean()) < 0.01 and rows.std() == pytest.approx(1.0, rel=0.02)
    assert layer.mode == "mean" and layer.weight.requires_grad
    out = layer([3, 5, 7, 999], [0, 2])
    np.testing.assert_allclose(out.data, [rows[[3, 5]].mean(0), rows[7]], **TIGHT)
    assert repr(nn.EmbeddingBag(10, 3)) == "EmbeddingBag(10, 3, mode='mean')"
    assert repr(nn.EmbeddingBag(10, 3, max_norm=1, norm_type=1.0, scale_grad_by_freq=True,
                                mode="sum", padding_idx=2)) == (
        "EmbeddingBag(10, 3, max_norm=1, norm_type=1.0, scale_grad_by_freq=True, "
        "mode='sum', padding_idx=2)")


def test_layer_forward_takes_offsets_and_per_sample_weights():
    case = TORCH_EMBEDDING_BAG["per-sample-weights-padding"]
    layer = nn.EmbeddingBag(6, 3, mode="sum", padding_idx=2,
                            _weight=np.array(case["weight"]))
    a = Tensor(np.array(case["per_sample_weights"]), requires_grad=True)
    out = layer(case["input"], case["offsets"], a)
    out.backward(np.array(case["grad_output"]))
    np.testing.assert_allclose(out.data, case["out"], **TIGHT)
    np.testing.assert_allclose(layer.weight.grad, case["grad_weight"], **TIGHT)
    np.testing.assert_allclose(a.grad, case["grad_per_sample_weights"], **TIGHT)


def test_from_pretrained_copies_and_freezes():
    table = np.arange(6.0).reshape(3, 2)
    layer = nn.EmbeddingBag.from_pretrained(table, mode="max")
    assert not layer.weight.requires_grad and layer.weight.data is not table
    np.testing.assert_array_equal(layer([[2, 0]]).data, [[4, 5]])
    layer = nn.EmbeddingBag.from_pretrained(Tensor(table), freeze=False,
                                            include_last_offset=True)
    assert layer.weight.requires_grad and layer.include_last_offset
    np.testing.assert_array_equal(layer([0, 1, 2], [0, 1, 3]).data, [[0, 1], [3, 4]])
    assert nn.EmbeddingBag.from_pretrained(table.astype(np.float32)).weight.dtype == np.float32


# ---------------------------------------------------------------------------- errors


def _w():
    return Tensor(np.ones((4, 2)))


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: F.embedding_bag([0, 1, 2], _w(), [1, 2]), ValueError,
     r"offsets\[0\] has to be 0 .*got 1"),
    (lambda: F.embedding_bag([0, 1, 2], _w(), [0, 2, 1]), ValueError,
     r"offsets must not decrease, got offsets\[1\] = 2 then offsets\[2\] = 1"),
    (lambda: F.embedding_bag([0, 1, 2], _w(), [0, 5]), ValueError,
     r"offsets\[-1\] can not be greater than the input's length 3, got 5"),
    (lambda: F.embedding_bag([0, 1, 2], _w(), [0, 2], include_last_offset=True), ValueError,
     r"include_last_offset=True, offsets\[-1\] must be the input's length 3"),
    (lambda: F.embedding_bag([0, 1, 2], _w(), []), ValueError, "offsets is empty"),
    (lambda: F.embedding_bag([0, 1, 2], _w(), [[0, 1]]), ValueError,
     "offsets has to be a 1-D"),
    (lambda: F.embedding_bag([0, 4, 2], _w(), [0]), IndexError,
     r"input \(the indices\) out of range \[0, 3\] for a weight of 4 rows: \[4\]"),
    (lambda: F.embedding_bag([[0, -1]], _w()), IndexError, r"out of range.*\[-1\]"),
    (lambda: F.embedding_bag([0, 1], _w(), [0], per_sample_weights=[1.0, 2.0]),
     NotImplementedError, "per_sample_weights is only supported for mode='sum', got "
                          "mode='mean'"),
    (lambda: F.embedding_bag([0, 1], _w(), [0], mode="max", per_sample_weights=[1.0, 2.0]),
     ValueError, "only supported for mode='sum'"),
    (lambda: F.embedding_bag([0, 1], _w(), [0], mode="sum", per_sample_weights=[1.0]),
     ValueError, r"per_sample_weights must have the input's shape \(2,\), got shape \(1,\)"),
    (lambda: F.embedding_bag([0, 1], _w(), [0], mode="sum",
                             per_sample_weights=Tensor([1.0, 2.0], dtype=np.float32)),
     TypeError, "per_sample_weights must have the weight's dtype float64"),
    (lambda: F.embedding_bag([[0, 1]], _w(), [0]), ValueError,
     "offsets must be None for a 2-D input"),
    (lambda: F.embedding_bag([0, 1], _w()), ValueError, "a 1-D input needs offsets"),
    (lambda: F.embedding_bag([[[0]]], _w()), ValueError,
     r"input has to be 1-D \(with offsets\) or 2-D"),
    (lambda: F.embedding_bag([0.5], _w(), [0]), TypeError,
     "input must hold integers, got list"),
    (lambda: F.embedding_bag([0], _w(), [0.5]), TypeError, "offsets must hold integers"),
    (lambda: F.embedding_bag([0], Tensor(np.ones(4)), [0]), ValueError,
     r"weight must be a 2-D floating-point tensor .* got shape \(4,\)"),
    (lambda: F.embedding_bag([0], _w(), [0], mode="min"), ValueError,
     "mode must be one of 'sum', 'mean', 'max', got 'min'"),
    (lambda: F.embedding_bag([0], _w(), [0], mode="max", scale_grad_by_freq=True),
     ValueError, "mode='max' does not support scale_grad_by_freq"),
    (lambda: F.embedding_bag([0], _w(), [0], padding_idx=4), ValueError,
     r"padding_idx must be within num_embeddings \(4\), got 4"),
    (lambda: nn.EmbeddingBag(3, 2, mode="max", scale_grad_by_freq=True), ValueError,
     "mode='max' does not support"),
    (lambda: nn.EmbeddingBag(3, 2, mode="avg"), ValueError, "EmbeddingBag: mode must be"),
    (lambda: nn.EmbeddingBag(3, 2, _weight=np.ones((2, 2))), ValueError,
     r"_weight of shape \(2, 2\) does not match \(3, 2\)"),
    (lambda: nn.EmbeddingBag.from_pretrained(np.ones(3)), ValueError, "must be 2-D"),
])
def test_bad_input_is_a_clear_error_naming_the_op_and_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_sparse_gradients_are_refused_plainly():
    # PyTorch takes sparse=True (its sum and mean give a sparse gradient); gradproof's
    # gradients are dense: NotImplementedError, a ValueError too as nn's argument errors
    for call in (lambda: F.embedding_bag([[0, 1]], _w(), sparse=True),
                 lambda: nn.EmbeddingBag(3, 2, sparse=True)):
        with pytest.raises(UnsupportedError, match="gradproof has no sparse gradients"):
            call()
    assert issubclass(UnsupportedError, NotImplementedError)
    assert issubclass(UnsupportedError, ValueError)
