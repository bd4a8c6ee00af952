"""Dtypes: integer and bool Tensors, PyTorch's promotion, == and comparisons as bool Tensors,
integer indices, casts and PyTorch's spellings. PyTorch 2.13's results are written in; where
gradproof differs on purpose (the default float is float64), the comment says so."""

import operator

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, Value, no_grad, tensor, where

# ------------------------------------------------------------------ making dtypes


def test_the_constructor_makes_floats_and_dtype_makes_the_others():
    assert Tensor([1, 2]).dtype == np.float64  # torch.Tensor: the default float
    assert Tensor([True]).dtype == np.float64
    assert Tensor(np.array([1.0], np.float32)).dtype == np.float32
    assert Tensor([1, 2], dtype=np.int64).dtype == np.int64
    assert Tensor([1, 0], dtype=autograd.bool).dtype == np.bool_
    assert Tensor([1.7, -1.7], dtype="int32").tolist() == [1, -1]


def test_tensor_infers_dtypes_as_torch_tensor():
    # torch.tensor: [1, 2] int64, [True] bool, [1, 2.5] float32 (gradproof's default float
    # is float64), [True, 2] int64; numpy arrays and scalars keep their dtype.
    assert tensor([1, 2]).dtype == np.int64
    assert tensor([True, False]).dtype == np.bool_
    assert tensor([1, 2.5]).dtype == np.float64
    assert tensor([True, 2]).dtype == np.int64
    assert tensor(3).dtype == np.int64 and tensor(3.0).dtype == np.float64
    assert tensor(np.array([1, 2], np.int32)).dtype == np.int32
    assert tensor(np.float32(2)).dtype == np.float32
    assert tensor([1, 2], dtype=autograd.float32).dtype == np.float32
    source = np.array([1.0, 2.0])
    copied = tensor(source)
    source[0] = 9.0
    assert copied.tolist() == [1.0, 2.0]
    assert tensor(copied).tolist() == [1.0, 2.0] and tensor(copied).data is not copied.data


def test_only_floating_point_tensors_can_require_gradients():
    # PyTorch: "Only Tensors of floating point and complex dtype can require gradients"
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require "
                                           "gradients, got int64"):
        tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="floating point dtype"):
        Tensor([1, 2], dtype=np.int32, requires_grad=True)
    with pytest.raises(RuntimeError, match="floating point dtype"):
        tensor([True]).requires_grad_()
    with pytest.raises(RuntimeError, match="floating point dtype"):
        autograd.zeros(2, dtype=autograd.long, requires_grad=True)
    x = Tensor([1.5, 2.5], requires_grad=True)
    assert not x.long().requires_grad and x.long().is_leaf  # a cast to int: no gradient
    with pytest.raises(RuntimeError, match="does not require grad"):
        tensor([1, 2]).sum().backward()


def test_dtype_names_are_numpys_and_pytorchs():
    assert autograd.float32 is np.float32 and autograd.float64 is np.float64
    assert autograd.float is np.float32 and autograd.double is np.float64  # torch.float
    assert autograd.half is np.float16 and autograd.float16 is np.float16
    assert autograd.long is np.int64 and autograd.int is np.int32
    assert autograd.int8 is np.int8 and autograd.uint8 is np.uint8
    assert autograd.bool is np.bool_ and autograd.int16 is np.int16
    assert tensor([1.0]).dtype == autograd.float64
    # `from autograd import *` does not hide Python's float, int and bool
    assert not {"float", "int", "bool"} & set(autograd.__all__)


def test_the_default_float_can_be_set_as_in_pytorch():
    assert autograd.get_default_dtype() == np.float64
    try:
        autograd.set_default_dtype(autograd.float32)
        assert tensor([1.5]).dtype == np.float32
        assert Tensor([1, 2]).dtype == np.float32  # as torch.Tensor
        assert Tensor(np.array([1.0])).dtype == np.float64  # an array keeps its dtype
        assert autograd.zeros(2).dtype == np.float32 and autograd.rand(2).dtype == np.float32
        assert (tensor([1, 2]) * 2.5).dtype == np.float32
        assert nn.Linear(2, 2).weight.dtype == np.float32
        with pytest.raises(TypeError, match="only a floating-point dtype"):
            autograd.set_default_dtype(autograd.int64)
    finally:
        autograd.set_default_dtype(autograd.float64)
    assert tensor([1.5]).dtype == np.float64


# ------------------------------------------------------------------- promotion

I64, F32, F64 = np.int64, np.float32, np.float64


@pytest.mark.parametrize(("make", "expected"), [
    # PyTorch 2.13's result dtypes; gradproof's default float is float64 where PyTorch's
    # float32 is the default (marked "default").
    (lambda: tensor([1, 2]) * 2.5, F64),  # default
    (lambda: tensor([1.0, 2.0], dtype=F32) * 2, F32),
    (lambda: tensor([1.0, 2.0], dtype=F32) + tensor([1.0, 2.0], dtype=F64), F64),
    (lambda: tensor([1, 2]) + tensor([1.0, 2.0], dtype=F32), F32),  # numpy: float64
    (lambda: tensor([1], dtype=np.int32) + tensor([1]), I64),
    (lambda: tensor([1], dtype=np.int32) * 2, np.int32),
    (lambda: tensor([1.0, 2.0], dtype=F32) + tensor(1.0, dtype=F64), F32),  # numpy: float64
    (lambda: tensor([1, 2]) + tensor(1.0, dtype=F64), F64),
    (lambda: tensor([True]) + 1, I64),
    (lambda: tensor([True]) + tensor([True]), np.bool_),
    (lambda: tensor([True]) * 2.5, F64),  # default
    (lambda: tensor([1], dtype=np.uint8) + tensor([1], dtype=np.int8), np.int16),
    (lambda: tensor([1, 2]) + tensor([1.0, 2.0], dtype=np.float16), np.float16),
    (lambda: tensor(1) + tensor([1], dtype=np.int8), np.int8),
    (lambda: tensor([1, 2]) / 2, F64),  # default
    (lambda: tensor([1, 2]) ** 2, I64),
    (lambda: tensor([1, 2]) ** 0.5, F64),  # default
    (lambda: tensor([1.0], dtype=F32) * np.array([2.0]), F32),  # a constant takes x's
    (lambda: tensor([1, 2]) * np.array([0.5, 1.5], F32), F32),
    (lambda: np.float64(2.5) * tensor([1.0], dtype=F32), F32),
    (lambda: where(tensor([True, False]), tensor([1, 2]), 2.5), F64),  # default
    (lambda: autograd.cat([tensor([1]), tensor([1.5], dtype=F32)]), F32),
    (lambda: tensor([[1, 2]]) @ tensor([[1.0], [2.0]], dtype=F32), F32),
])
def test_mixed_dtypes_promote_as_pytorch(make, expected):
    assert make().dtype == expected


def test_an_op_with_an_index_input_can_keep_the_dtypes_apart():
    seen = []

    def forward(x, rows):
        seen.append((x.dtype, rows.dtype))
        return x[rows]

    take = autograd.Primitive("take_rows", forward, (lambda g, out, x, rows: g,
                                                     lambda g, out, x, rows: g))
    x = Tensor([[1.0], [2.0]])
    with pytest.raises(IndexError, match="take_rows: .* must be of integer"):
        take(x, tensor([1, 1]))  # by default the inputs are promoted to one dtype
    take.keeps_dtypes = True
    assert take(x, tensor([1, 0])).tolist() == [[2.0], [1.0]]
    assert seen == [(F64, F64), (F64, I64)]


def test_a_gradient_comes_back_in_its_leafs_dtype():
    # PyTorch: f (float32) .double() * [3, 4] (float64): f.grad [3, 4] in float32
    f = Tensor([1.0, 2.0], dtype=F32, requires_grad=True)
    g = f.double() * Tensor([3.0, 4.0])
    assert g.dtype == F64
    g.sum().backward()
    assert f.grad.dtype == F32 and f.grad.tolist() == [3.0, 4.0]
    # a float32 (2,) times a float64 0-d: float32 out, each gradient in its own dtype
    s = Tensor(2.0, requires_grad=True)
    f.grad = None
    out = f * s
    assert out.dtype == F32
    out.sum().backward()
    assert f.grad.dtype == F32 and f.grad.tolist() == [2.0, 2.0]
    assert s.grad.dtype == F64 and s.grad == 3.0
    # second order through the cast: d/df of d/df sum(f.double() ** 3) = 6 f, in float32
    f.grad = None
    (first,) = autograd.grad((f.double() ** 3).sum(), [f], create_graph=True)
    assert first.dtype == F32
    first.sum().backward()
    assert f.grad.dtype == F32 and f.grad.tolist() == [6.0, 12.0]


def test_half_precision_computes_and_its_gradient_returns_to_float32():
    # PyTorch: h.half().dtype float16; (h.half() * 2).float().sum() = 6.0 for h = [1, 2]
    h = Tensor([1.0, 2.0], dtype=F32, requires_grad=True)
    assert h.half().dtype == np.float16
    out = (h.half() * 2).float().sum()
    assert out.dtype == F32 and out.item() == 6.0
    out.backward()
    assert h.grad.dtype == F32 and h.grad.tolist() == [2.0, 2.0]


def test_integer_tensors_compute_forward():
    i = tensor([3, 1, 2])
    assert i.sum().dtype == I64 and i.sum().item() == 6
    assert tensor([True, False, True]).sum().item() == 2  # PyTorch: int64 2
    # mean of an integer Tensor: numpy's float64 (PyTorch raises "could not infer output
    # dtype"); gradproof takes numpy's answer, so that (pred == y).mean() is an accuracy
    assert i.mean().dtype == F64 and i.mean().item() == 2.0
    assert i.max().item() == 3 and i.max().dtype == I64  # PyTorch tensor(3)
    assert (-i).dtype == I64 and abs(-i).tolist() == [3, 1, 2]
    assert i.exp().dtype == F64  # PyTorch: the default float
    with pytest.raises(ValueError, match="Integers to negative integer powers are not "
                                         "allowed"):  # PyTorch's words too
        i ** -1
    assert type(i[0].item()) is int and int(i[0]) == 3


# ------------------------------------------------------------- comparisons and logic


def test_equality_is_elementwise_so_accuracy_works():
    """Regression: == was identity: (pred == y).mean() was 0.0 for a perfect predictor and
    (pred == y).sum() raised."""
    pred = Tensor([0.0, 1.0, 2.0])
    y = Tensor([0.0, 1.0, 2.0])
    assert (pred == y).dtype == np.bool_
    assert (pred == y).mean().item() == 1.0
    assert (pred == y).sum().item() == 3
    assert (pred != y).sum().item() == 0
    assert (pred == [0, 1, 5]).tolist() == [True, True, False]
    assert (pred == None) is False  # noqa: E711 (PyTorch's answer too)


def test_accuracy_from_argmax_as_pytorch():
    # PyTorch: (logits.argmax(1) == y).float().mean() = 0.5, .sum() = 2
    logits = Tensor([[0.1, 2.0, 0.3], [1.0, 0.2, 0.1], [0.0, 0.1, 3.0], [2.0, 1.0, 0.0]])
    for y in (np.array([1, 0, 1, 2]), tensor([1, 0, 1, 2]), Tensor([1, 0, 1, 2])):
        correct = logits.argmax(1) == y
        assert isinstance(correct, Tensor)
        accuracy = correct.mean()
        assert isinstance(accuracy, Tensor) and accuracy.item() == 0.5
        assert type(accuracy.item()) is float
        assert correct.float().mean().item() == 0.5 and correct.sum().item() == 2


def test_comparisons_give_bool_tensors_that_mask_and_select():
    x = Tensor([-1.0, 2.0, -3.0, 4.0], requires_grad=True)
    for mask in (x > 0, x >= 0.5, x < 0, x <= -1):
        assert isinstance(mask, Tensor) and mask.dtype == np.bool_ and not mask.requires_grad
    where(x > 0, x, 0.0).sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 0.0, 1.0]
    assert x[x > 0].tolist() == [2.0, 4.0]
    assert (np.zeros(4) < x).tolist() == [False, True, False, True]  # ndarray on the left
    assert ((x > 0) & (x < 3)).tolist() == [False, True, False, False]
    assert ((x > 3) | (x < -2)).tolist() == [False, False, True, True]
    assert ((x > 0) ^ True).tolist() == [True, False, True, False]
    assert (~(x > 0)).tolist() == [True, False, True, False]
    assert (x > 0).logical_not().tolist() == [True, False, True, False]
    assert (x > 0).any().item() and not (x > 0).all().item()
    assert (x > -5).all(dim=0).item() is True
    # PyTorch: ~[1, 2] = [-2, -3], [1, 2] & [3, 3] = [1, 2], [5] ^ [3] = [6]
    assert (~tensor([1, 2])).tolist() == [-2, -3]
    assert (tensor([1, 2]) & tensor([3, 3])).tolist() == [1, 2]
    assert (tensor([5]) ^ tensor([3])).tolist() == [6]
    with pytest.raises(TypeError, match="only for bool and integer Tensors"):
        _ = ~x  # PyTorch: "~ (operator.invert) is only implemented on integer and Boolean"
    with pytest.raises(TypeError, match="&: the operands must be bool or integer Tensors, got "
                                        "a Tensor of dtype float64"):
        _ = x & (x > 0)
    with pytest.raises(ValueError, match=r"cannot compare shapes \(4,\) and \(3,\)"):
        _ = x == [1.0, 2.0, 3.0]


def test_comparisons_by_pytorchs_names_are_the_operators():
    x = Tensor([-1.0, 2.0, -3.0, 4.0], requires_grad=True)
    y = tensor([-1, 1, 3, 4])
    for name in ("eq", "ne", "lt", "le", "gt", "ge"):
        expected = getattr(operator, name)(x, y).tolist()  # x == y, x != y, ...
        for mask in (getattr(x, name)(y), getattr(autograd, name)(x, y)):
            assert isinstance(mask, Tensor) and mask.dtype == np.bool_
            assert not mask.requires_grad and mask.tolist() == expected
    assert x.eq(2.0).tolist() == [False, True, False, False]  # a number, broadcast
    assert autograd.lt([0.0, 5.0], x[:2]).tolist() == [False, False]  # data first: a Tensor
    # the MNIST example's count of right answers, PyTorch's spelling
    pred = Tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]).argmax(dim=1, keepdim=True)
    target = tensor([1, 1, 1])
    assert pred.eq(target.view_as(pred)).sum().item() == 2
    with pytest.raises(TypeError,
                       match=r"eq: other must be a Tensor, an array or a number .* got '2'"):
        x.eq("2")  # PyTorch: TypeError, where x == "2" is False
    assert (x == "2") is False
    with pytest.raises(ValueError, match=r"cannot compare shapes \(4,\) and \(3,\)"):
        x.ge([1.0, 2.0, 3.0])


def test_tensors_still_hash_by_identity():
    a, b = Tensor([1.0]), Tensor([1.0])
    assert len({a, b}) == 2 and {a: 1, b: 2}[a] == 1
    assert a in [a] and any(t is b for t in [a, b])
    assert autograd.Value(1.0) != autograd.Value(1.0)  # Value keeps micrograd's identity
    model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
    params = model.parameters()
    assert len(params) == 4 and len(set(params)) == 4
    optimizer = nn.optim.SGD(params, lr=0.1)
    assert len(optimizer.state_dict()["param_groups"][0]["params"]) == 4


# -------------------------------------------------------------------- indices


def test_indices_are_int64_tensors_usable_as_indices():
    x = Tensor([[1.0, 5.0], [7.0, 2.0]])
    idx = x.argmax(1)
    assert isinstance(idx, Tensor) and idx.dtype == I64 and idx.tolist() == [1, 0]
    values, indices = x.max(dim=1)  # PyTorch: values [5, 7], indices [1, 0]
    assert values.tolist() == [5.0, 7.0] and indices.dtype == I64 and indices.tolist() == [1, 0]
    assert x[np.arange(2), idx].tolist() == [5.0, 7.0]
    assert x[idx].tolist() == [[7.0, 2.0], [1.0, 5.0]]
    assert [10, 20, 30][tensor(1)] == 20 and list(range(tensor(3))) == [0, 1, 2]
    with pytest.raises(TypeError, match="only integer Tensors of a single element can be "
                                        "converted to an index"):  # PyTorch's words
        [1, 2][Tensor(1.0)]


# ------------------------------------------------------------------ conversions


def test_casts_as_pytorch():
    x = Tensor([1.5, -2.7])
    assert x.long().tolist() == [1, -2] and x.long().dtype == I64  # PyTorch [1, -2]
    assert x.int().dtype == np.int32 and x.short().dtype == np.int16
    assert Tensor([0.0, 2.0]).bool().tolist() == [False, True]
    assert tensor([1, 300]).byte().tolist() == [1, 44]  # wraps as PyTorch's uint8
    assert x.float().dtype == F32 and x.double() is x  # nothing to change: itself
    f = x.float()
    assert f.float() is f and f.to(F32) is f and f.to(F32, copy=True) is not f
    assert x.to(tensor([1])).dtype == I64 and x.to("cpu") is x and x.cpu() is x
    assert x.to("cpu", F32).dtype == F32 and x.to(dtype=F32, device="cpu").dtype == F32
    assert x.astype(F64) is not x and x.astype(F64, copy=False) is x
    assert x.type() == "autograd.DoubleTensor" and tensor([1]).type() == "autograd.LongTensor"
    assert x.type(np.int32).dtype == np.int32 and x.type("torch.FloatTensor").dtype == F32
    assert x.type_as(tensor([1])).tolist() == [1, -2]
    assert x.is_floating_point() and not tensor([1]).is_floating_point()
    assert (f.element_size(), x.element_size(), tensor([True]).element_size()) == (4, 8, 1)
    assert x.device == "cpu" and not x.is_cuda
    with pytest.raises(ValueError, match="gradproof computes on the CPU only"):
        x.to("cuda")
    with pytest.raises(TypeError, match="astype: dtype must be a dtype .* got 'no such type'"):
        x.astype("no such type")


def test_pytorch_spellings_of_shape_and_memory():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]])
    assert x.size() == (2, 2) and x.size(1) == 2 and x.size(-1) == 2
    assert x.size == 4 and x.size * 2 == 8  # numpy's size is still the element count
    assert x.ndimension() == 2 and x.dim() == 2
    with pytest.raises(ValueError, match="size: dimension 0 asked of a 0-d Tensor"):
        Tensor(1.0).size(0)  # PyTorch: "Dimension specified as 0 but tensor has no dimensions"
    assert x.t().tolist() == [[1.0, 3.0], [2.0, 4.0]] and x.mT.tolist() == x.t().tolist()
    assert Tensor([1.0, 2.0]).t().tolist() == [1.0, 2.0] and Tensor(3.0).t().item() == 3.0
    with pytest.raises(ValueError, match="t\\(\\) expects a Tensor with <= 2 dimensions"):
        Tensor(np.zeros((2, 2, 2))).t()  # PyTorch: "t() expects a tensor with <= 2 ..."
    with pytest.raises(ValueError, match="mT needs at least 2 dimensions"):
        _ = Tensor([1.0]).mT
    assert x.tolist() == [[1.0, 2.0], [3.0, 4.0]] and x.numpy(force=True) is x.data
    assert x.is_contiguous() and not x.T.is_contiguous()
    assert x.T.contiguous().is_contiguous() and x.contiguous() is x
    assert x.detach().data_ptr() == x.data_ptr() and x.clone().data_ptr() != x.data_ptr()


def test_new_tensors_take_the_dtype_of_the_one_they_are_made_from():
    # PyTorch: x.new_zeros(2) [0., 0.], new_full((2,), 3) [3., 3.], new_tensor([1, 2])
    # [1., 2.] for a float x; tensor([1, 2]).new_tensor([1.5]) is [1] (int64)
    x = Tensor([1.0], dtype=F32)
    assert x.new_zeros(2).tolist() == [0.0, 0.0] and x.new_zeros(2).dtype == F32
    assert x.new_ones((2, 1)).shape == (2, 1) and x.new_empty(3).dtype == F32
    assert x.new_full((2,), 3).tolist() == [3.0, 3.0] and x.new_full(2, 3).dtype == F32
    assert x.new_tensor([1, 2]).dtype == F32
    assert tensor([1, 2]).new_tensor([1.5]).tolist() == [1]
    assert x.new_zeros(2, dtype=I64).dtype == I64
    assert x.new_zeros(2, requires_grad=True).requires_grad


def test_repr_names_the_dtype_unless_the_values_show_it():
    assert repr(tensor([1, 2])) == "Tensor([1, 2])"
    assert repr(tensor([True])) == "Tensor([ True])"
    assert repr(tensor([1], dtype=np.int32)) == "Tensor([1], dtype=int32)"
    assert repr(autograd.zeros(0, dtype=I64)) == "Tensor([], dtype=int64)"


def test_module_to_and_half_cast_the_parameters_in_place():
    model = nn.Linear(2, 3)
    weight = model.weight
    assert model.to("cpu") is model and model.cpu() is model
    assert model.to(F32) is model and model.weight is weight and weight.dtype == F32
    assert model.to(tensor([1.0])).weight.dtype == F64
    assert model.to("cpu", np.float16).weight.dtype == np.float16
    assert model.half().bias.dtype == np.float16 and model.double().bias.dtype == F64
    with pytest.raises(ValueError, match="gradproof computes on the CPU only"):
        model.to("cuda")
    with pytest.raises(TypeError, match="only accepts floating point dtypes, got int64"):
        model.to(I64)  # PyTorch: "nn.Module.to only accepts floating point or complex dtypes"


def test_values_are_untouched_by_the_tensor_changes():
    v = Value(2.0)
    w = v
    w += 1.0  # micrograd's rebinding
    assert v.data == 2.0 and w.data == 3.0 and (v < w) is True
    with no_grad():
        assert (Value(1.0) * 2).data == 2.0
