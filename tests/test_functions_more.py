"""kthvalue, cummax, cummin, aminmax, count_nonzero, nansum, nanmean, var_mean, std_mean,
diff, unique, unique_consecutive, hstack and its kin, repeat_interleave(repeats), x.where:
PyTorch 2.13's values, dtypes, named tuples and gradients (tests/torch_numbers_functions_more
.py, printed by tests/torch_reference_functions_more.py), through the function and the
Tensor method alike. Then their errors, and the creation functions and grad modes added
with them (randperm, from_numpy, as_tensor, is_tensor, is_nonzero, set_grad_enabled,
inference_mode).

Values and gradients of the differentiable ones over random inputs, first and second
order, are the spec table's (autograd/specs/statistics.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from torch_numbers_functions_more import TORCH_CASES, TORCH_KTH_LONG_ROW

import autograd
from autograd import Tensor, Value


def _build(arg):
    """An argument for gradproof: Tensors from their specs (float ones require grad)."""
    if isinstance(arg, dict) and "tensor" in arg:
        dtype = np.dtype(arg["dtype"])
        return autograd.tensor(arg["tensor"], dtype=dtype, requires_grad=dtype.kind == "f")
    if isinstance(arg, list) and arg and isinstance(arg[0], dict):
        return [_build(a) for a in arg]
    return np.dtype(arg) if isinstance(arg, str) else arg


def _leaves(args):
    flat = [a for arg in args for a in (arg if isinstance(arg, list) else [arg])]
    return [a for a in flat if isinstance(a, Tensor) and a.requires_grad]


def _call(case, spelling):
    args = [_build(a) for a in case["args"]]
    kwargs = {k: _build(v) for k, v in case["kwargs"].items()}
    name = case["fn"].removeprefix("Tensor.")
    if spelling == "method" or case["fn"].startswith("Tensor."):
        out = getattr(args[0], name)(*args[1:], **kwargs)
    else:
        out = getattr(autograd, name)(*args, **kwargs)
    return out, _leaves(args) + _leaves(list(kwargs.values()))


CALLS = [(case, spelling) for case in TORCH_CASES for spelling in ("function", "method")
         if spelling == "function" or TORCH_CASES[case]["method"]]


@pytest.mark.parametrize(("case", "spelling"), CALLS)
def test_values_dtypes_and_gradients_are_pytorchs(case, spelling):
    expected = TORCH_CASES[case]
    out, inputs = _call(expected, spelling)
    if expected["fields"] is None:
        assert isinstance(out, Tensor)
    elif expected["fields"]:  # torch.return_types: a named tuple here
        assert type(out)._fields == tuple(expected["fields"])
    else:
        assert type(out) is tuple
    outs = list(out) if isinstance(out, tuple) else [out]
    assert len(outs) == len(expected["outputs"])
    for o, (data, dtype, shape) in zip(outs, expected["outputs"], strict=True):
        assert o.dtype == np.dtype(dtype) and o.shape == tuple(shape)
        if o.dtype.kind == "f":
            np.testing.assert_allclose(o.data, np.array(data, dtype=o.dtype).reshape(shape),
                                       rtol=1e-12, atol=1e-300)
        else:
            np.testing.assert_array_equal(o.data, np.array(data, dtype=o.dtype).reshape(shape))
    differentiable = [(k, o) for k, o in enumerate(outs) if o.requires_grad]
    if not expected["grads"]:
        assert not differentiable or expected["fn"].startswith("unique")
        return
    loss = sum((o.double() * np.cos(np.arange(o.size) + k).reshape(o.shape)).sum()
               for k, o in differentiable)
    grads = autograd.grad(loss, inputs)
    wanted = expected["grads"]
    if case in NAN_GRADIENTS:  # PyTorch's are NaN there; gradproof's are its own rule's
        assert np.isnan(wanted).any() and not np.isnan(NAN_GRADIENTS[case]).any()
        wanted = NAN_GRADIENTS[case]
    for g, want in zip(grads, wanted, strict=True):
        np.testing.assert_allclose(g.data, want, rtol=1e-12, atol=1e-15)


# Where gradproof's gradient differs from PyTorch's: on NaN inputs only (docs/ops.md says
# so). The case, and gradproof's gradients.
NAN_GRADIENTS = {
    # amin's and amax's rule: the NaN, which is the min and the max, gets both gradients
    # (cos(0) and cos(1)); PyTorch's aminmax (and amax) give NaN to the whole row
    "aminmax nan": [[0.0, 1.0 + np.cos(1.0), 0.0]],
    # an all-NaN row's NaNs get 0 (nothing was averaged); PyTorch's get NaN (0 * 1/0)
    "nanmean all nan": [[[0.0, 0.0], [np.cos(1.0) / 2, np.cos(1.0) / 2]]],
}


def test_unique_gives_constants_as_pytorch_gives_no_gradient():
    x = Tensor([3.0, 1.0, 3.0], requires_grad=True)
    values, inverse, counts = x.unique(return_inverse=True, return_counts=True)
    assert not values.requires_grad and not inverse.requires_grad
    assert not autograd.unique_consecutive(x).requires_grad
    assert counts.tolist() == [1, 2]


def test_kthvalue_ties_take_pytorchs_index_in_long_rows():
    """Past the short cases: the index among ties is the one PyTorch's quickselect leaves
    at position k, in a row of 1000 zeros and ones."""
    x = Tensor((np.arange(1000) * 7919 % 13 < 6).astype(float), requires_grad=True)
    picked = [x.kthvalue(k).indices.item() for k in (1, 300, 538, 539, 700, 1000)]
    assert picked == TORCH_KTH_LONG_ROW
    x.kthvalue(539).values.backward()
    assert np.flatnonzero(x.grad).tolist() == [TORCH_KTH_LONG_ROW[3]]


# ------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda x: x.kthvalue(0), ValueError, r"^kthvalue: k=0 is out of range for dim 1 of "
     r"size 3 .*expected 1 <= k <= 3"),
    (lambda x: x.kthvalue(4, 1), ValueError, r"^kthvalue: k=4 is out of range"),
    (lambda x: x.kthvalue(1.0), TypeError, r"^kthvalue: k must be an int, got 1.0"),
    (lambda x: x.cummax(2), ValueError, r"^cummax: dim 2 is out of range"),
    (lambda x: autograd.cummin(x, "a"), TypeError, r"^cummin: dim must be an int, got 'a'"),
    (lambda x: x.aminmax(dim=(0, 1)), TypeError, r"^aminmax: dim must be an int"),
    (lambda x: autograd.aminmax(autograd.zeros(0, 3)), ValueError,
     r"^aminmax: no values of a Tensor of shape \(0, 3\)"),
    (lambda x: autograd.zeros(0, 3).aminmax(dim=0), ValueError,
     r"^aminmax: no values along dim 0"),
    (lambda x: x.count_nonzero((0, 0)), ValueError, r"^count_nonzero: dim \(0, 0\) repeats"),
    (lambda x: x.nanmean(dtype=autograd.int64), TypeError,
     r"^nanmean: dtype must be a floating-point type"),
    (lambda x: x.nansum(dim=1, axis=1), TypeError, r"^nansum: got both axis="),
    (lambda x: x.diff(-1), ValueError, r"^diff: n must be non-negative, got -1"),
    (lambda x: x.diff(dim=2), ValueError, r"^diff: dim 2 is out of range"),
    (lambda x: x.diff(dim=0, axis=1), TypeError, r"^diff: got both axis="),
    (lambda x: Tensor(3.0).diff(), ValueError, r"^diff: needs a Tensor of one dimension"),
    (lambda x: x.diff(prepend=[1.0, 2.0]), ValueError,
     r"^diff: prepend of shape \(2,\) does not join the input of shape \(2, 3\) along dim 1"),
    (lambda x: x.diff(dim=0, append=autograd.zeros(1, 2)), ValueError,
     r"^diff: append of shape \(1, 2\) does not join"),
    (lambda x: x.diff(prepend="a"), TypeError, r"^diff: prepend must be real numbers"),
    (lambda x: x.diff(prepend=Value(1.0)), TypeError, r"^diff: prepend is a Value"),
    (lambda x: x.unique(dim=2), ValueError, r"^unique: dim 2 is out of range"),
    (lambda x: Tensor(5.0).unique(dim=0), ValueError, r"^unique: dim=0 given for a 0-d"),
    (lambda x: autograd.zeros(2, 0).unique(dim=0), ValueError,
     r"^unique: the Tensor of shape \(2, 0\) has a dimension of size 0 besides dim 0"),
    (lambda x: x.unique_consecutive(return_counts=1), TypeError,
     r"^unique_consecutive: return_counts= must be True or False, got 1"),
    (lambda x: autograd.hstack([]), ValueError, r"^hstack: needs at least one Tensor"),
    (lambda x: autograd.vstack(x), TypeError, r"^vstack: tensors must be a sequence"),
    (lambda x: autograd.vstack([x, autograd.zeros(2)]), ValueError,
     r"^vstack: tensors\[1\] of shape \(1, 2\) does not join tensors\[0\] of shape \(2, 3\)"),
    (lambda x: autograd.dstack([x, autograd.zeros(3, 3)]), ValueError, r"^dstack: tensors\[1\]"),
    (lambda x: autograd.repeat_interleave(autograd.tensor([[1, 2]])), ValueError,
     r"^repeat_interleave: with no repeats=, input is the counts and must be 1-D"),
    (lambda x: autograd.repeat_interleave(x), TypeError,
     r"^repeat_interleave: with no repeats=, input is the counts and must be integers"),
    (lambda x: autograd.repeat_interleave(autograd.tensor([1, -2])), ValueError,
     r"^repeat_interleave: the counts \(input\) must be non-negative"),
    (lambda x: x.where([[True]], "a"), TypeError, r"^where: other must be real numbers"),
    (lambda x: x.where("a", 0.0), TypeError, r"^where: condition must be boolean"),
    (lambda x: x.is_nonzero(), ValueError, r"^is_nonzero: a Tensor of shape \(2, 3\)"),
    (lambda x: autograd.var_mean(x, 2), ValueError, r"^var_mean: dim 2 is out of range"),
    (lambda x: autograd.std_mean(x, True, unbiased=False), TypeError,
     r"^std_mean: got unbiased twice"),
    (lambda x: autograd.var_mean(x, correction=1, unbiased=True), TypeError,
     r"^var_mean: got correction=1 and unbiased=True"),
])
def test_bad_arguments_name_the_op_and_the_argument(call, error, message):
    x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    with pytest.raises(error, match=message):
        call(x)


# ------------------------------------------------------- integer inputs, numpy's spelling


def test_integer_inputs_follow_gradproofs_mean():
    """nanmean, var_mean and std_mean of an integer Tensor are float64, as its mean and var
    (numpy's; PyTorch raises for them)."""
    n = autograd.tensor([1, 2, 4])
    assert n.nanmean().dtype == np.float64 and n.nanmean().item() == 7 / 3
    var, mean = autograd.var_mean(n)
    assert var.dtype == mean.dtype == np.float64
    assert var.item() == pytest.approx(7 / 3, rel=1e-15) and mean.item() == 7 / 3


def test_numpy_functions_answer_through_them_in_the_graph():
    x = Tensor([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    total = np.nansum(x, axis=0)
    assert isinstance(total, Tensor) and total.tolist() == [5.0, 5.0, 9.0]
    mean = np.nanmean(x, axis=1, keepdims=True)
    np.testing.assert_allclose(mean.data, [[2.0], [5.0]], rtol=1e-15)
    (total.sum() + np.diff(x, axis=0).sum() + np.hstack([x, x]).sum()).backward()
    np.testing.assert_array_equal(x.grad, [[2.0, 1.0, 2.0], [4.0, 4.0, 4.0]])
    assert np.diff(Tensor([1.0, 4.0, 9.0]), 2).tolist() == [2.0]


def test_diff_takes_a_number_as_numpy_does():
    x = Tensor([[1.0, 4.0], [2.0, 0.0]])
    assert x.diff(prepend=0.0, append=1).tolist() == [[1.0, 3.0, -3.0], [2.0, -2.0, 1.0]]


# ---------------------------------------------------------------------- making Tensors


def test_randperm_is_numpys_permutation_of_the_seeded_generator():
    autograd.manual_seed(3)
    assert autograd.randperm(6).tolist() == np.random.default_rng(3).permutation(6).tolist()
    assert autograd.randperm(6).dtype == np.int64
    own = np.random.default_rng(1)
    assert autograd.randperm(4, generator=own).tolist() == np.random.default_rng(
        1).permutation(4).tolist()
    floats = autograd.randperm(3, dtype=autograd.float64, requires_grad=True)
    assert sorted(floats.tolist()) == [0.0, 1.0, 2.0] and floats.requires_grad
    assert autograd.randperm(0).shape == (0,)
    with pytest.raises(ValueError, match=r"^randperm: n must be non-negative, got -1"):
        autograd.randperm(-1)
    with pytest.raises(RuntimeError, match=r"^randperm: only Tensors of floating point"):
        autograd.randperm(3, requires_grad=True)  # PyTorch's error: int64 has no gradient


def test_from_numpy_shares_memory():
    array = np.array([1, 2])
    t = autograd.from_numpy(array)
    assert t.dtype == np.int64 and not t.requires_grad
    t.add_(5)
    assert array.tolist() == [6, 7]
    array[0] = 0
    assert t.tolist() == [0, 7]
    assert autograd.from_numpy(np.array(3.0)).shape == ()
    assert autograd.from_numpy(np.zeros(2, np.float32)).dtype == np.float32
    with pytest.raises(TypeError, match=r"^from_numpy: ndarray must be a numpy array, got list"):
        autograd.from_numpy([1, 2])
    with pytest.raises(TypeError, match=r"^from_numpy: ndarray must hold real numbers"):
        autograd.from_numpy(np.array(["a"]))
    with pytest.raises(TypeError, match=r"^from_numpy: ndarray is a numpy masked array"):
        autograd.from_numpy(np.ma.masked_array([1.0], mask=[True]))


def test_as_tensor_keeps_tensors_and_shares_arrays():
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert autograd.as_tensor(x) is x
    assert autograd.as_tensor(x, dtype=autograd.float64) is x
    cast = autograd.as_tensor(x, dtype=autograd.float32)
    assert cast.dtype == np.float32 and cast.requires_grad  # in the graph, as PyTorch
    cast.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]
    array = np.array([1.0, 2.0])
    shared = autograd.as_tensor(array)
    shared.zero_()
    assert array.tolist() == [0.0, 0.0]
    copied = autograd.as_tensor(array, dtype=autograd.float32)
    copied.fill_(7.0)
    assert array.tolist() == [0.0, 0.0]
    # other data as torch.tensor: ints int64, bools bool, floats the default float
    assert autograd.as_tensor([1, 2]).dtype == np.int64
    assert autograd.as_tensor([1.0, 2.5]).dtype == np.float64
    assert autograd.as_tensor(True).dtype == np.bool_
    assert autograd.as_tensor((1, 2.5), dtype=autograd.int64).tolist() == [1, 2]
    with pytest.raises(TypeError, match=r"^as_tensor: data is a Value"):
        autograd.as_tensor(Value(1.0))
    with pytest.raises(ValueError, match=r"^as_tensor: device='cuda': gradproof computes on"):
        autograd.as_tensor([1.0], device="cuda")


def test_is_tensor_and_is_nonzero_are_pytorchs():
    assert autograd.is_tensor(Tensor([1.0])) and not autograd.is_tensor(Value(1.0))
    assert not autograd.is_tensor(np.zeros(2)) and not autograd.is_tensor(3)
    # torch.is_nonzero(torch.tensor(...)) for each
    assert [autograd.is_nonzero(v) for v in ([0.0], [[2]], [np.nan], False, [-0.0])] == [
        False, True, True, False, False]
    assert Tensor([[0.5]]).is_nonzero()
    with pytest.raises(ValueError, match=r"^is_nonzero: a Tensor of shape \(0,\) \(0 "):
        autograd.is_nonzero(autograd.zeros(0))


# --------------------------------------------------------------------------- grad modes


def test_set_grad_enabled_as_a_function_a_block_and_a_decorator():
    """Each step as PyTorch 2.13's torch.set_grad_enabled does it (checked side by side)."""
    x = Tensor([1.0], requires_grad=True)
    try:
        autograd.set_grad_enabled(False)
        assert not autograd.is_grad_enabled() and not (x * 2).requires_grad
        autograd.set_grad_enabled(True)
        with autograd.set_grad_enabled(False):
            assert not autograd.is_grad_enabled()
        assert autograd.is_grad_enabled()
        autograd.set_grad_enabled(False)
        with autograd.set_grad_enabled(True):
            assert autograd.is_grad_enabled() and (x * 2).requires_grad
        assert not autograd.is_grad_enabled()  # what was before the block
        autograd.set_grad_enabled(True)

        @autograd.set_grad_enabled(False)
        def recorded():
            return autograd.is_grad_enabled()

        assert autograd.is_grad_enabled()  # decorating changes nothing now
        assert recorded() is False and autograd.is_grad_enabled()
        with autograd.no_grad():
            autograd.set_grad_enabled(True)
            assert autograd.is_grad_enabled()
        assert autograd.is_grad_enabled()
    finally:
        autograd.set_grad_enabled(True)
    with pytest.raises(TypeError, match=r"^set_grad_enabled: mode must be True or False, got 1"):
        autograd.set_grad_enabled(1)


def test_inference_mode_is_no_grad_that_says_so():
    x = Tensor([1.0], requires_grad=True)
    assert not autograd.is_inference_mode_enabled()
    with autograd.inference_mode():
        assert autograd.is_inference_mode_enabled() and not autograd.is_grad_enabled()
        assert not (x * 2).requires_grad
        with autograd.inference_mode(False):  # grads on again, as PyTorch's
            assert autograd.is_grad_enabled() and not autograd.is_inference_mode_enabled()
    with autograd.no_grad(), autograd.inference_mode(False):
        assert autograd.is_grad_enabled()
    assert autograd.is_grad_enabled() and not autograd.is_inference_mode_enabled()

    @autograd.inference_mode
    def bare():
        return autograd.is_inference_mode_enabled(), autograd.is_grad_enabled()

    @autograd.inference_mode()
    def called():
        return autograd.is_inference_mode_enabled(), autograd.is_grad_enabled()

    assert bare() == called() == (True, False)
    assert autograd.is_grad_enabled() and not autograd.is_inference_mode_enabled()
    with pytest.raises(TypeError, match=r"^inference_mode: mode must be True or False"):
        autograd.inference_mode("yes")
