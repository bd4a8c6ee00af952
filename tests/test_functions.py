"""autograd's module functions as torch's: code written `import autograd as torch` runs, with
PyTorch 2.13's numbers (float64); numpy's keywords give numpy's answers; the methods keep
their own documented rules."""

import numpy as np
import pytest

import autograd
import autograd as torch
from autograd import Tensor

X = [[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]]


def same(got, expected):
    np.testing.assert_allclose(np.asarray(getattr(got, "data", got)), expected, rtol=1e-14,
                               atol=1e-15)


def test_reductions_as_torch_calls_them():
    x = torch.tensor(X)
    same(torch.sum(x, dim=1), [9.0, 12.0])
    same(torch.sum(x, (0, 1)), 21.0)
    same(torch.sum(x, 1, True), [[9.0], [12.0]])
    same(torch.mean(x, (0, 1), True), [[3.5]])
    same(torch.logsumexp(x, 1), [5.1429316284999, 6.142931628499899])
    same(torch.argmax(x), 5)
    same(torch.argmax(x, 1, True), [[1], [2]])
    same(torch.argmin(x, dim=0), [0, 1, 0])
    assert torch.argmax(x).dtype == np.int64
    same(torch.sum(torch.tensor([True, False, True])), 2)  # as PyTorch: an int64 count
    assert torch.sum(torch.tensor([True, False, True])).dtype == np.int64


def test_max_and_min_are_torchs_three_calls():
    x = torch.tensor(X)
    same(torch.max(x), 6.0)
    values, indices = torch.max(x, 1)  # a dim in second place: (values, indices)
    same(values, [5.0, 6.0])
    same(indices, [1, 2])
    values, indices = torch.max(x, 1, True)
    same(values, [[5.0], [6.0]])
    same(indices, [[1], [2]])
    out = torch.max(x, dim=0, keepdim=True)
    same(out.values, [[4.0, 5.0, 6.0]])
    same(out.indices, [[1, 0, 1]])
    same(torch.max(x, x.flip(0)), [[4.0, 5.0, 6.0], [4.0, 5.0, 6.0]])  # torch.maximum
    values, indices = torch.min(x, 1)
    same(values, [1.0, 2.0])
    same(indices, [0, 1])
    same(torch.min(x, torch.tensor([2.0, 3.0, 4.0])), [[1.0, 3.0, 3.0], [2.0, 2.0, 4.0]])
    # numpy's keyword: numpy's values; the method x.max(1) keeps gradproof's rule (numpy's)
    same(autograd.max(x, axis=1), [5.0, 6.0])
    same(autograd.min(x, axis=(0, 1), keepdims=True), [[1.0]])
    same(x.max(1), [5.0, 6.0])
    with pytest.raises(TypeError, match=r"max\(input, other\) is elementwise"):
        torch.max(x, x, keepdim=True)


def test_max_with_dim_sends_the_gradient_to_the_index_returned():
    x = torch.tensor(X, requires_grad=True)
    values, _ = torch.max(x, 1)
    (values * torch.tensor([1.0, 10.0])).sum().backward()
    same(x.grad, [[0.0, 1.0, 0.0], [0.0, 0.0, 10.0]])  # PyTorch's


def test_var_and_std_default_to_pytorchs_correction():
    x = torch.tensor(X, requires_grad=True)
    same(torch.var(x), 3.5)
    same(torch.var(x, 0), [4.5, 4.5, 4.5])
    same(torch.var(x, 0, True), [4.5, 4.5, 4.5])
    same(torch.var(x, 0, False), [2.25, 2.25, 2.25])
    same(torch.var(x, True), 3.5)  # PyTorch's var(input, unbiased)
    same(torch.var(x, False), 2.9166666666666665)
    same(torch.var(x, 1, correction=0), [2.6666666666666665, 2.6666666666666665])
    same(torch.var(x, 1, False, True), [[2.6666666666666665], [2.6666666666666665]])
    same(torch.std(x, 0, keepdim=True), [[2.1213203435596424] * 3])
    torch.var(x).backward()
    same(x.grad, [[-1.0, 0.6, -0.2], [0.2, -0.6, 1.0]])
    # numpy's keywords give numpy's ddof=0; the method keeps it as its default
    same(autograd.var(x, axis=0), [2.25, 2.25, 2.25])
    same(autograd.std(x, ddof=1), np.std(X, ddof=1))
    same(x.var(), np.var(X))
    with pytest.raises(TypeError, match="var: got unbiased twice"):
        torch.var(x, True, unbiased=False)


def test_softmax_takes_a_dim_as_pytorch():
    x = torch.tensor(X, requires_grad=True)
    e, f = 0.04742587317756679, 0.9525741268224334
    same(torch.softmax(x, 0), [[e, f, e], [f, e, f]])
    same(torch.log_softmax(x, dim=1), [[-4.1429316284999, -0.14293162849989968,
                                        -2.1429316284998996],
                                       [-2.1429316284998996, -4.142931628499899,
                                        -0.1429316284998995]])
    y = torch.softmax(x, -1, torch.float32)  # the input cast first, in the graph
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.data[0], [0.01587623916566372, 0.8668133020401001,
                                           0.11731041967868805], rtol=1e-6)
    y[0, 1].backward()
    np.testing.assert_allclose(x.grad[0], [-0.013761735521256924, 0.115447998046875,
                                           -0.10168623179197311], rtol=1e-5)
    for f in (torch.softmax, torch.log_softmax):
        with pytest.raises(TypeError, match="missing dim"):
            f(x)


def test_sum_casts_to_its_dtype_first():
    x = torch.tensor(X, requires_grad=True)
    s = torch.sum(x, dtype=torch.float32)
    assert s.dtype == np.float32 and s.item() == 21.0
    s.backward()
    assert x.grad.dtype == np.float64 and x.grad.tolist() == [[1.0] * 3] * 2  # PyTorch's


def test_elementwise_functions():
    x = torch.tensor(X, requires_grad=True)
    same(torch.clamp(x, min=2), [[2.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    same(torch.clamp(x, 2, 4), [[2.0, 4.0, 3.0], [4.0, 2.0, 4.0]])
    same(torch.clip(x, max=3), [[1.0, 3.0, 3.0], [3.0, 2.0, 3.0]])
    same(autograd.clip(x, a_min=2, a_max=4), [[2.0, 4.0, 3.0], [4.0, 2.0, 4.0]])  # numpy's
    low = torch.tensor([2.0, 3.0, 4.0], requires_grad=True)
    torch.clamp(x, low).sum().backward()
    same(x.grad, [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])  # PyTorch's
    same(low.grad, [1.0, 1.0, 1.0])
    with pytest.raises(TypeError, match="clamp: at least one of min and max"):
        torch.clamp(x)
    x.grad = None
    same(torch.pow(x, 2), torch.square(x))
    torch.pow(2, x).sum().backward()
    same(x.grad, [[1.3862943611198906, 22.18070977791825, 5.545177444479562],
                  [11.090354888959125, 2.772588722239781, 44.3614195558365]])
    assert isinstance(torch.pow(autograd.Value(2.0), 3), autograd.Value)  # Value's own
    assert torch.square(autograd.Value(3.0)).data == 9.0
    same(torch.logical_not(torch.tensor([0.0, 2.0])), [True, False])


def test_shapes_and_products():
    x = torch.tensor(X)
    xt = [[1.0, 4.0], [5.0, 2.0], [3.0, 6.0]]
    for out in (torch.transpose(x, 0, 1), torch.permute(x, (1, 0)), torch.t(x),
                autograd.transpose(x), autograd.transpose(x, axes=(1, 0))):
        same(out, xt)
    with pytest.raises(TypeError, match="torch.transpose takes two dims"):
        torch.transpose(x, 0)
    same(torch.broadcast_to(torch.tensor([1.0, 2.0]), (3, 2)), [[1.0, 2.0]] * 3)
    same(torch.matmul(x, x.T), [[35.0, 32.0], [32.0, 56.0]])
    same(torch.matmul([[1.0, 2.0]], [[3.0], [4.0]]), [[11.0]])
    same(torch.index_put(x, (torch.tensor([0, 0]), torch.tensor([1, 1])), torch.tensor(5.0),
                         accumulate=True), [[1.0, 15.0, 3.0], [4.0, 2.0, 6.0]])


def test_copies_and_facts():
    x = torch.tensor(X, requires_grad=True)
    copy = torch.clone(x)
    assert copy.requires_grad and copy.data is not x.data
    cut = torch.detach(x)
    assert not cut.requires_grad and cut.data is x.data
    assert torch.numel(x) == 6 and torch.numel(torch.tensor(3.0)) == 1
    assert torch.is_floating_point(x) is True
    assert torch.is_floating_point(torch.tensor([1, 2])) is False


def test_numpy_calls_still_mean_numpys_ops():
    # np.max(t, 1) is numpy's values (its own adapter), not torch.max's tuple
    t = Tensor(X)
    same(np.max(t, 1), [5.0, 6.0])
    same(np.var(t), np.var(X))
    same(np.argmax(t, axis=1), [1, 2])
    same(np.square(t), np.square(X))
    same(np.copy(t), X)


@pytest.mark.parametrize("call, error, message", [
    # PyTorch 2.13: transpose(x, 0) is a TypeError (dim1 missing); max(x, other) of shapes
    # (2, 3) and (2,) a RuntimeError (they do not broadcast). Here each names op and argument.
    (lambda x: torch.transpose(x, dim1=1), TypeError, r"^transpose: got dim1=1 without dim0"),
    (lambda x: torch.transpose(x, 0), TypeError, r"^transpose: got one dim, dim0=0;"),
    (lambda x: torch.transpose(x, axes=(0, 0)), ValueError,
     r"^transpose: axes \(0, 0\) are not a permutation"),
    (lambda x: torch.permute(x, (0, 0)), ValueError, r"^permute: dims \(0, 0\) are not"),
    (lambda x: torch.clip(x, a_max="a"), TypeError, r"^clip: a_max must be real numbers"),
    (lambda x: torch.clamp("a", 0.0), TypeError, r"^clamp: input must be real numbers"),
    (lambda x: torch.max(x, np.ones(2)), ValueError,
     r"^max: other, ndarray array\(\[1\., 1\.\]\), of shape \(2,\) does not broadcast"),
    (lambda x: torch.sum(x, dtype=3), TypeError, r"^sum: dtype must be a dtype .* got 3$"),
    (lambda x: torch.softmax(x, 1, dtype="abc"), TypeError, r"^softmax: dtype must be"),
    (lambda x: torch.broadcast_to(x, (3, 3)), ValueError,
     r"^broadcast_to: size=\(3, 3\) does not fit a Tensor of shape \(2, 3\)"),
    (lambda x: torch.broadcast_to(x, "ab"), TypeError, r"^broadcast_to: size must be ints"),
    (lambda x: torch.matmul(x, "ab"), TypeError, r"^matmul: other must be real numbers"),
])
def test_bad_arguments_name_the_function_the_argument_and_the_value(call, error, message):
    with pytest.raises(error, match=message):
        call(torch.tensor(X))
