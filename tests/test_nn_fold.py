"""F.unfold and F.fold (nn.Unfold, nn.Fold): im2col and col2im by PyTorch's names and layout.

Values and first and second derivatives of drawn cases are checked by tests/test_ops.py (the
spec rows unfold and fold, against nn/specs/references.py); here are PyTorch's numbers,
shapes and errors.
"""

import numpy as np
import pytest

import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)

X = np.arange(2 * 3 * 4 * 5, dtype=np.float64).reshape(2, 3, 4, 5)
SETTINGS = {"kernel_size": (2, 3), "dilation": (1, 2), "padding": 1, "stride": (2, 1)}


def test_unfold_is_pytorchs():
    # torch.nn.functional.unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1)),
    # PyTorch 2.13: its shape and out[1, :4, :6]
    out = F.unfold(X, **SETTINGS)
    assert out.shape == (2, 18, 9)
    np.testing.assert_array_equal(out.data[1, :4, :6], [
        [0.0, 0.0, 0.0, 0.0, 65.0, 66.0], [0.0, 0.0, 0.0, 66.0, 67.0, 68.0],
        [0.0, 0.0, 0.0, 68.0, 69.0, 0.0], [0.0, 60.0, 61.0, 0.0, 70.0, 71.0]])


def test_fold_adds_the_windows_back_as_pytorch():
    # torch.nn.functional.fold(unfold(x), (4, 5), same settings)[1, 2]: each element times
    # the number of windows that read it
    out = F.fold(F.unfold(X, **SETTINGS), (4, 5), **SETTINGS)
    assert out.shape == (2, 3, 4, 5)
    np.testing.assert_array_equal(out.data[1, 2], [
        [100.0, 202.0, 102.0, 206.0, 104.0], [105.0, 212.0, 107.0, 216.0, 109.0],
        [110.0, 222.0, 112.0, 226.0, 114.0], [115.0, 232.0, 117.0, 236.0, 119.0]])


def test_fold_is_unfolds_adjoint_and_its_gradient():
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((2, 3, 4, 5)), requires_grad=True)
    columns = Tensor(rng.standard_normal((2, 18, 9)), requires_grad=True)
    unfolded, folded = F.unfold(x, **SETTINGS), F.fold(columns, (4, 5), **SETTINGS)
    # <fold(c), x> = <c, unfold(x)>
    np.testing.assert_allclose((folded.data * x.data).sum(), (columns.data * unfolded.data).sum(),
                               rtol=1e-12)
    (unfolded * columns.data).sum().backward()
    np.testing.assert_allclose(x.grad, folded.data, rtol=1e-12)


def test_unbatched_inputs_and_the_layers():
    assert F.unfold(X[0], 2).shape == (12, 12)
    assert F.fold(F.unfold(X, **SETTINGS)[0], (4, 5), **SETTINGS).shape == (3, 4, 5)
    unfold, fold = nn.Unfold(2), nn.Fold((4, 5), 2, padding=1)
    assert repr(unfold) == "Unfold(kernel_size=2, dilation=1, padding=0, stride=1)"
    assert repr(fold) == "Fold(output_size=(4, 5), kernel_size=2, dilation=1, padding=1, stride=1)"
    assert list(unfold.parameters()) == list(fold.parameters()) == []
    np.testing.assert_array_equal(unfold(X).data, F.unfold(X, 2).data)
    np.testing.assert_array_equal(nn.Fold((4, 5), 2)(unfold(X)).data,
                                  F.fold(F.unfold(X, 2), (4, 5), 2).data)


@pytest.mark.parametrize(("call", "message"), [
    # PyTorch raises RuntimeError (IndexError for the 2-D input) with these facts
    (lambda: F.unfold(X[0, 0], 2), r"unfold: expected a 3-D \(unbatched\) or 4-D"),
    (lambda: F.fold(X, (4, 5), 2), r"fold: expected a 2-D \(unbatched\) or 3-D"),
    (lambda: F.unfold(X, 6), r"unfold: padded input size \(4, 5\) is smaller than the "
                             r"\(dilated\) kernel size \(6, 6\)"),
    (lambda: F.unfold(X, 2, padding=-1), "unfold: padding must be at least 0"),
    (lambda: F.unfold(X, 0), "unfold: kernel_size must be at least 1"),
    (lambda: F.fold(np.zeros((2, 17, 9)), (4, 5), (2, 3)),
     r"fold: the input's dimension 1 \(17\) must be divisible by the product of kernel_size "
     r"\(2, 3\)"),
    (lambda: F.fold(np.zeros((2, 18, 9)), (4, 6), **SETTINGS),
     r"fold: given output_size=\(4, 6\).*number of sliding blocks 3 \* 4 = 12, got 9"),
    (lambda: nn.Fold((4, 5), (2, 3), stride=0), "Fold: stride must be at least 1"),
])
def test_errors_name_the_function_and_the_sizes(call, message):
    with pytest.raises(ValueError, match=message):
        call()
