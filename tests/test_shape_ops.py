"""Shape and movement ops at the edges people trip on, with PyTorch 2.13's numbers.

The spec rows (autograd/specs/movement.py, padding.py, shape.py) check every op's values
against numpy and its derivatives against central differences; here are the semantics
where numpy and PyTorch differ (repeat, split, meshgrid, squeeze), the pad modes at the
edges, gradients written out from PyTorch, float32, and the errors. Numbers in literals
were printed by PyTorch 2.13.0+cpu.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from autograd import Tensor


def _arange(*shape, requires_grad=True, dtype=np.float64):
    return Tensor(np.arange(float(np.prod(shape))).reshape(shape), requires_grad=requires_grad,
                  dtype=dtype)


def _backward_weighted(out):
    """out's gradient seeded with 0, 1, 2, ... (PyTorch: (out * arange).sum().backward())."""
    out.backward(np.arange(float(out.size)).reshape(out.shape))


# ------------------------------------------------------- repeat, tile, repeat_interleave


def test_repeat_tiles_as_pytorch_and_repeat_interleave_repeats_each_entry():
    x = Tensor([1.0, 2.0])
    assert x.repeat(2).data.tolist() == [1.0, 2.0, 1.0, 2.0]  # torch.Tensor.repeat
    assert x.tile(2).data.tolist() == [1.0, 2.0, 1.0, 2.0]
    assert x.repeat_interleave(2).data.tolist() == [1.0, 1.0, 2.0, 2.0]
    # numpy's repeat is the module function (torch has no function named repeat)
    assert autograd.repeat(x, 2).data.tolist() == np.repeat([1.0, 2.0], 2).tolist()
    assert _arange(2, 3).repeat(2, 1, 2).shape == (2, 2, 6)
    assert _arange(2, 3).tile(2).shape == (2, 6)  # fewer counts than dims: leading ones
    assert _arange(3).repeat_interleave([1, 0, 2]).data.tolist() == [0.0, 2.0, 2.0]


def test_repeat_with_fewer_sizes_than_dims_points_to_repeat_interleave():
    with pytest.raises(ValueError, match="repeat: 1 sizes for a Tensor of 2 dimensions.*"
                                         "repeat_interleave"):
        _arange(2, 3).repeat(2)
    with pytest.raises(ValueError, match=r"tile: dims must be non-negative, got \(2, -1\)"):
        _arange(2, 3).tile(2, -1)
    with pytest.raises(ValueError, match="repeat_interleave: repeats must be non-negative"):
        _arange(3).repeat_interleave([1, -1, 2])
    with pytest.raises(ValueError, match=r"repeat_interleave: repeats of shape \(2,\) for dim 1 "
                                         "of size 3"):
        _arange(2, 3).repeat_interleave([2, 1], dim=1)


def test_repeat_and_repeat_interleave_gradients_add_the_copies():
    t = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    _backward_weighted(t.repeat(2, 3))
    assert t.grad.tolist() == [[48.0, 54.0], [84.0, 90.0]]
    t.grad = None
    _backward_weighted(t.repeat_interleave(autograd.tensor([1, 3]), dim=1))  # counts as a Tensor
    assert t.grad.tolist() == [[0.0, 6.0], [4.0, 18.0]]


# -------------------------------------------------------------------------------- pad


@pytest.mark.parametrize(("mode", "expected", "grad"), [
    ("reflect", [4, 3, 2, 1, 2, 3, 4, 3, 2], [1, 3, 3, 2]),
    ("replicate", [1, 1, 1, 1, 2, 3, 4, 4, 4], [4, 1, 1, 3]),
    ("circular", [2, 3, 4, 1, 2, 3, 4, 1, 2], [2, 3, 2, 2]),
])
def test_pad_modes_at_the_edges_as_pytorch(mode, expected, grad):
    y = Tensor([[[1.0, 2.0, 3.0, 4.0]]], requires_grad=True)
    out = autograd.pad(y, (3, 2), mode=mode)
    assert out.data.ravel().tolist() == expected
    out.sum().backward()  # each entry's gradient counts its copies
    assert y.grad.ravel().tolist() == grad


def test_pad_two_dims_reflect_and_circular_gradients_as_pytorch():
    z = _arange(1, 3, 3)
    autograd.pad(z, (1, 1, 2, 0), mode="reflect").sum().backward()
    assert z.grad.tolist() == [[[1.0, 3.0, 1.0], [2.0, 6.0, 2.0], [2.0, 6.0, 2.0]]]
    z.grad = None
    out = autograd.pad(z, (2, 2, 1, 1), mode="circular")
    assert out.shape == (1, 5, 7)
    out.sum().backward()
    assert z.grad.tolist() == [[[4.0, 6.0, 4.0], [2.0, 3.0, 2.0], [4.0, 6.0, 4.0]]]


def test_pad_constant_value_and_negative_widths_crop():
    x = _arange(1, 3, requires_grad=False)
    assert autograd.pad(x, (1, 2), value=7.0).data.tolist() == [[7, 0, 1, 2, 7, 7]]
    x2 = _arange(2, 3)
    out = autograd.pad(x2, (-1, 1))  # PyTorch: cropped on the left, a 0 added on the right
    assert out.data.tolist() == [[1.0, 2.0, 0.0], [4.0, 5.0, 0.0]]
    out.sum().backward()
    assert x2.grad.tolist() == [[0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]


def test_pad_limits_and_errors_name_the_op():
    x = _arange(1, 3)
    assert autograd.pad(x, (2, 2), mode="reflect").shape == (1, 7)  # widths < size: fine
    with pytest.raises(ValueError, match="pad: reflect needs widths below the size 3 of dim 1"):
        autograd.pad(x, (3, 0), mode="reflect")
    with pytest.raises(ValueError, match="pad: circular needs widths at most the size 3"):
        autograd.pad(x, (4, 0), mode="circular")
    with pytest.raises(ValueError, match="pad: mode 'reflect' takes no value"):
        autograd.pad(x, (1, 1), mode="reflect", value=2.0)
    with pytest.raises(ValueError, match=r"pad: pad \(1, 1, 1\) must be pairs of ints"):
        autograd.pad(x, (1, 1, 1))
    with pytest.raises(ValueError, match="pad: 3 pairs of widths for a Tensor of 2 dimensions"):
        autograd.pad(x, (1, 1) * 3)
    with pytest.raises(ValueError, match="pad: mode must be one of"):
        autograd.pad(x, (1, 1), mode="zeros")
    # negative widths crop first, in every mode (PyTorch 2.13: [[1.0, 2.0, 2.0]])
    assert autograd.pad(x, (-1, 1), mode="replicate").tolist() == [[1.0, 2.0, 2.0]]
    with pytest.raises(ValueError, match="pad: cannot pad the empty dim 1 in mode 'edge'"):
        autograd.pad(Tensor(np.zeros((1, 0))), (1, 1), mode="replicate")


def test_numpy_pad_takes_numpys_widths_and_modes():
    x = np.arange(6.0).reshape(2, 3)
    for mode in ("edge", "reflect", "wrap", "symmetric"):  # widths beyond the size too
        out = autograd.numpy_pad(x, ((1, 0), (5, 4)), mode=mode)
        np.testing.assert_array_equal(out.data, np.pad(x, ((1, 0), (5, 4)), mode=mode))
    out = autograd.numpy_pad(x, 1, constant_values=((1, 2), (3, 4)))
    np.testing.assert_array_equal(out.data, np.pad(x, 1, constant_values=((1, 2), (3, 4))))
    with pytest.raises(ValueError, match="numpy_pad: pad_width must hold non-negative ints"):
        autograd.numpy_pad(x, -1)
    with pytest.raises(ValueError, match="numpy_pad: pad_width .* one pair for each of the 2"):
        autograd.numpy_pad(x, ((1, 1), (1, 1), (1, 1)))


# ------------------------------------------------------------------- split, chunk, narrow


def test_split_with_a_list_and_a_size_as_pytorch():
    p = _arange(10)
    parts = p.split([2, 3, 5])
    assert [q.data.tolist() for q in parts] == [[0, 1], [2, 3, 4], [5, 6, 7, 8, 9]]
    sum(((i + 1) * q.sum() for i, q in enumerate(parts)), Tensor(0.0)).backward()
    assert p.grad.tolist() == [1, 1, 2, 2, 2, 3, 3, 3, 3, 3]
    assert [q.data.tolist() for q in autograd.split(_arange(5), 2)] == [[0, 1], [2, 3], [4]]
    # numpy's split cuts at indices: np.split(x, [2, 5]) is split(x, [2, 3, 5]) here
    assert [len(q) for q in np.split(np.arange(10), [2, 5])] == [2, 3, 5]


def test_split_errors_name_the_sizes():
    with pytest.raises(ValueError, match=r"split: sizes \[2, 2\] add up to 4, not to the size 5"):
        _arange(5).split([2, 2])
    with pytest.raises(ValueError, match="split: split_size 0 does not fit dim 0 of size 5"):
        _arange(5).split(0)
    with pytest.raises(ValueError, match=r"split: split_size_or_sections must be non-negative, "
                                         r"got \(-1, 4\)"):
        _arange(2, 3).split([-1, 4], 1)


def test_chunk_may_give_fewer_pieces_than_asked_as_pytorch():
    assert [c.data.tolist() for c in _arange(10).chunk(4)] == [[0, 1, 2], [3, 4, 5],
                                                               [6, 7, 8], [9]]
    assert len(_arange(10).chunk(6)) == 5  # pieces of ceil(10 / 6) = 2
    assert len(np.array_split(np.arange(10), 6)) == 6  # numpy's array_split differs
    assert len(Tensor(np.zeros(0)).chunk(4)) == 4  # PyTorch: as many empty pieces
    with pytest.raises(ValueError, match="chunk: chunks must be a positive int, got 0"):
        _arange(3).chunk(0)


def test_narrow_unflatten_and_their_errors():
    assert _arange(5).narrow(0, -2, 2).data.tolist() == [3.0, 4.0]
    with pytest.raises(ValueError, match="narrow: start 3 and length 3 do not fit in dim 0 of "
                                         "size 5"):
        _arange(5).narrow(0, 3, 3)
    assert _arange(2, 6).unflatten(1, (2, -1)).shape == (2, 2, 3)
    assert _arange(2, 6).unflatten(-1, (3, 2)).shape == (2, 3, 2)
    with pytest.raises(ValueError, match=r"unflatten: sizes \(4, -1\) do not make up the size 6"):
        _arange(2, 6).unflatten(1, (4, -1))


# ------------------------------------------------------------------ meshgrid, movement


def test_meshgrid_ij_is_the_default_and_xy_swaps_the_first_two_dims():
    x, y = Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0, 4.0, 5.0], requires_grad=True)
    gx, gy = autograd.meshgrid(x, y)  # PyTorch's default 'ij' (numpy's default is 'xy')
    assert gx.data.tolist() == [[1, 1, 1], [2, 2, 2]] and gy.data.tolist() == [[3, 4, 5]] * 2
    gx, gy = autograd.meshgrid([x, y], indexing="xy")
    assert gx.data.tolist() == [[1, 2]] * 3
    assert gy.data.tolist() == [[3, 3], [4, 4], [5, 5]]
    (gx * gy).sum().backward()  # each coordinate summed over the other's
    assert x.grad.tolist() == [12.0, 12.0] and y.grad.tolist() == [3.0, 3.0, 3.0]
    with pytest.raises(ValueError, match="meshgrid: takes 0-d or 1-D Tensors, got shape"):
        autograd.meshgrid(Tensor(np.zeros((2, 2))), y)


def test_flip_and_roll_gradients_as_pytorch():
    f = _arange(2, 3)
    _backward_weighted(f.flip(1))
    assert f.grad.tolist() == [[2.0, 1.0, 0.0], [5.0, 4.0, 3.0]]
    r = _arange(2, 3)
    assert r.roll(1).data.tolist() == [[5, 0, 1], [2, 3, 4]]  # no dims: flattened
    assert r.roll((1, 1), (0, 1)).data.tolist() == [[5, 3, 4], [2, 0, 1]]
    assert r.roll((1, 1), (1, 1)).data.tolist() == [[1, 2, 0], [4, 5, 3]]  # dim 1 twice
    assert r.roll(shift=1, axis=(0, 1)).data.tolist() == np.roll(r.data, 1, (0, 1)).tolist()
    _backward_weighted(r.roll((1, 2), (0, 1)))
    assert r.grad.tolist() == [[5.0, 3.0, 4.0], [2.0, 0.0, 1.0]]
    with pytest.raises(ValueError, match="roll: shifts .* and dims .* must pair up"):
        r.roll((1, 2), (0,))
    with pytest.raises(ValueError, match=r"flip: dims \(0, 0\) repeats a dim"):
        r.flip(0, 0)


def test_movedim_squeeze_and_unsqueeze_spellings():
    x = Tensor(np.zeros((2, 3, 4)))
    assert x.movedim((0, 1), (2, 0)).shape == (3, 4, 2)
    assert autograd.moveaxis(x, 0, -1).shape == (3, 4, 2)
    with pytest.raises(ValueError, match=r"movedim: source \(0, 0\) repeats a dim"):
        x.movedim((0, 0), (2, 0))
    y = Tensor(np.zeros((2, 3)))
    assert y.squeeze(dim=1).shape == (2, 3)  # PyTorch's dim=: a size other than 1 stays
    with pytest.raises(ValueError, match=r"squeeze: axis 1 of shape \(2, 3\) has size 3"):
        y.squeeze(1)  # numpy's axis (and positional): an error
    with pytest.raises(TypeError, match="squeeze: got both axis= .* and dim="):
        y.squeeze(axis=0, dim=0)
    z = Tensor(np.zeros((2, 1, 3, 1)))
    assert z.squeeze(dim=(1, 3)).shape == (2, 3) and z.squeeze(dim=(0, 1)).shape == (2, 3, 1)
    assert Tensor(np.zeros(3)).unsqueeze(dim=1).shape == (3, 1)
    with pytest.raises(TypeError, match="unsqueeze: axis must be an int, the axis to add"):
        Tensor(np.zeros(3)).unsqueeze()
    assert y.swapdims(0, 1).shape == (3, 2) and autograd.swapdims(y, 0, 1).shape == (3, 2)
    assert y.view_as(np.zeros(6)).shape == (6,) and y.expand_as(z.squeeze()).shape == (2, 3)


# ------------------------------------------------------------------------- the matrices


def test_tril_triu_diag_diagonal_trace_as_pytorch():
    x = _arange(3, 4, requires_grad=False)
    assert x.tril(-1).data.tolist() == [[0, 0, 0, 0], [4, 0, 0, 0], [8, 9, 0, 0]]
    assert autograd.triu(x, k=1).data.tolist() == [[0, 1, 2, 3], [0, 0, 6, 7], [0, 0, 0, 11]]
    assert _arange(2, 2, 2).tril().data.tolist() == [[[0, 0], [2, 3]], [[4, 0], [6, 7]]]
    assert x.diag(1).data.tolist() == [1, 6, 11] and x.diag(-2).data.tolist() == [8]
    cube = _arange(2, 3, 4, requires_grad=False)
    assert cube.diagonal(1, 1, 2).data.tolist() == [[1, 6, 11], [13, 18, 23]]
    assert cube.diagonal(0, 0, 2).data.tolist() == [[0, 13], [4, 17], [8, 21]]
    assert x.diagonal(7).shape == (0,)  # off the matrix: empty, as PyTorch
    assert x.trace().item() == 15.0
    with pytest.raises(ValueError, match="tril: needs a Tensor of 2 or more dimensions"):
        _arange(3).tril()
    with pytest.raises(ValueError, match="diag: takes a 1-D or 2-D Tensor"):
        cube.diag()
    with pytest.raises(ValueError, match="diagonal: needs two different dims"):
        cube.diagonal(0, 1, 1)


def test_diagonal_gradients_as_pytorch():
    a = _arange(3, 4)
    a.diagonal(1).sum().backward()
    assert a.grad.tolist() == [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    v = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    (autograd.diag(v, 1) * np.arange(16.0).reshape(4, 4)).sum().backward()
    assert v.grad.tolist() == [1.0, 6.0, 11.0]


# ------------------------------------------------------------------ dtype and functions


def test_float32_stays_float32_through_every_shape_op():
    x = _arange(2, 3, dtype=np.float32)
    outputs = [x.flip(0), x.roll(1, 1), x.tile(2, 1), x.repeat(1, 2), x.repeat_interleave(2, 1),
               x.tril(), x.diag(), x.trace(), autograd.pad(x, (1, 1), value=2.0),
               autograd.pad(x, (1, 1), mode="reflect"), autograd.numpy_pad(x, 1),
               autograd.cat(list(x.split([1, 2], 1)), 1), x.movedim(0, 1), x.narrow(1, 0, 2),
               autograd.stack(autograd.meshgrid(x[0], x[1]))]
    for out in outputs:
        assert out.dtype == np.float32, out
        x.grad = None
        out.sum().backward()
        assert x.grad.dtype == np.float32, out


FUNCTIONS = [  # (function call, method call): each function is its Tensor method
    (lambda x: autograd.flip(x, (0,)), lambda x: x.flip(0)),
    (lambda x: autograd.roll(x, 1, 0), lambda x: x.roll(1, 0)),
    (lambda x: autograd.tile(x, (2, 1)), lambda x: x.tile(2, 1)),
    (lambda x: autograd.repeat_interleave(x, 2, 1), lambda x: x.repeat_interleave(2, 1)),
    (lambda x: autograd.reshape(x, 3, 2), lambda x: x.reshape(3, 2)),
    (lambda x: autograd.flatten(x), lambda x: x.flatten()),
    (lambda x: autograd.ravel(x), lambda x: x.ravel()),
    (lambda x: autograd.squeeze(x[None], dim=0), lambda x: x[None].squeeze(0)),
    (lambda x: autograd.unsqueeze(x, 1), lambda x: x.unsqueeze(1)),
    (lambda x: autograd.expand_dims(x, -1), lambda x: x.unsqueeze(-1)),
    (lambda x: autograd.movedim(x, 0, 1), lambda x: x.movedim(0, 1)),
    (lambda x: autograd.swapaxes(x, 0, 1), lambda x: x.swapaxes(0, 1)),
    (lambda x: autograd.narrow(x, 1, 1, 2), lambda x: x.narrow(1, 1, 2)),
    (lambda x: autograd.unflatten(x, 1, (3, 1)), lambda x: x.unflatten(1, (3, 1))),
    (lambda x: autograd.tril(x, 1), lambda x: x.tril(1)),
    (lambda x: autograd.triu(x, diagonal=-1), lambda x: x.triu(-1)),
    (lambda x: autograd.diagonal(x, 1), lambda x: x.diagonal(1)),
    (lambda x: autograd.trace(x), lambda x: x.trace()),
    (lambda x: autograd.cat(autograd.chunk(x, 2, 1), 1), lambda x: autograd.cat(x.chunk(2, 1),
                                                                               1)),
]


@pytest.mark.parametrize(("function", "method"), FUNCTIONS)
def test_each_function_is_its_method(function, method):
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(function(x).data, method(Tensor(x)).data)  # takes arrays


def test_broadcast_to_keeps_a_size_for_minus_one_as_pytorch():
    # torch.broadcast_to(x, (4, -1, 3)) is x.expand(4, -1, 3): shape (4, 2, 3); numpy refuses -1
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    for y in (x.broadcast_to(4, -1, 3), autograd.broadcast_to(x, (4, -1, 3))):
        assert y.shape == (4, 2, 3)
        np.testing.assert_array_equal(y.data[3], x.data)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, np.full((2, 3), 4.0))  # four copies summed back
    assert autograd.broadcast_to(x, (-1, -1)).shape == (2, 3)
    with pytest.raises(ValueError, match=r"broadcast_to: size=\(-1, 2, 3\) does not fit .* no -1 "
                                         "for a new one"):
        autograd.broadcast_to(x, (-1, 2, 3))
