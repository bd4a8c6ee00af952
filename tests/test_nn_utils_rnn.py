"""nn.utils.rnn (padded and packed sequences), packed input to nn.RNN/LSTM/GRU, and
nn.utils.parameters_to_vector / vector_to_parameters, against PyTorch 2.13's results.

The layers' cases load PyTorch's state_dict and inputs from tests/torch_numbers_utils_rnn.py
(printed by tests/torch_reference_utils_rnn.py) and compare the packed output, h_n (c_n) and
the gradients of the padded input, hx and every parameter; the small literals below were
printed by PyTorch for the same calls.
"""

from __future__ import annotations

import numpy as np
import pytest
from error_cases import matrix
from error_sweep import Op, parameters, report, run
from torch_numbers_utils_rnn import HIDDEN_SIZE, INPUT_SIZE, TORCH_PACKED

import nn
from autograd import Tensor, gradgradcheck
from nn.utils.rnn import (
    PackedSequence,
    invert_permutation,
    pack_padded_sequence,
    pack_sequence,
    pad_packed_sequence,
    pad_sequence,
    unpack_sequence,
    unpad_sequence,
)

TIGHT = {"rtol": 1e-12, "atol": 1e-13}


def weighted_sum(results):
    """The reference's loss: each result times cos(0), cos(1), ... in C order, summed."""
    return sum((r * np.cos(np.arange(r.data.size)).reshape(r.shape)).sum() for r in results)


def _abc():
    return Tensor(np.arange(3.0)), Tensor(np.arange(10.0, 11.0)), Tensor(np.arange(20.0, 22.0))


# -- the functions --------------------------------------------------------------------------


def test_pad_sequence_is_pytorchs():
    assert pad_sequence(_abc()).data.tolist() == [[0.0, 10.0, 20.0], [1.0, 0.0, 21.0],
                                                   [2.0, 0.0, 0.0]]
    left = pad_sequence(_abc(), batch_first=True, padding_value=-1.0, padding_side="left")
    assert left.data.tolist() == [[0.0, 1.0, 2.0], [-1.0, -1.0, 10.0], [-1.0, 20.0, 21.0]]


def test_pack_sequence_sorts_longest_first_and_unpack_restores_the_order():
    packed = pack_sequence(list(_abc()), enforce_sorted=False)
    assert isinstance(packed, PackedSequence) and isinstance(packed, tuple)
    assert PackedSequence._fields == ("data", "batch_sizes", "sorted_indices",
                                      "unsorted_indices")
    assert packed.data.data.tolist() == [0.0, 20.0, 10.0, 1.0, 21.0, 2.0]
    assert packed.batch_sizes.data.tolist() == [3, 2, 1]
    assert packed.batch_sizes.dtype == np.int64
    assert packed.sorted_indices.data.tolist() == [0, 2, 1]
    assert packed.unsorted_indices.data.tolist() == [0, 2, 1]
    back = unpack_sequence(packed)
    assert [s.data.tolist() for s in back] == [s.data.tolist() for s in _abc()]


def test_pack_padded_sequence_and_its_gradient_are_pytorchs():
    x = Tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)  # (T=3, B=4)
    packed = pack_padded_sequence(x, [2, 3, 1, 3], enforce_sorted=False)
    assert packed.data.data.tolist() == [1.0, 3.0, 0.0, 2.0, 5.0, 7.0, 4.0, 9.0, 11.0]
    assert packed.batch_sizes.data.tolist() == [4, 3, 2]
    assert packed.sorted_indices.data.tolist() == [1, 3, 0, 2]  # ties keep their order
    (packed.data * np.arange(1.0, 10.0)).sum().backward()
    assert x.grad.tolist() == [[3.0, 1.0, 4.0, 2.0], [7.0, 5.0, 0.0, 6.0], [0.0, 8.0, 0.0, 9.0]]
    padded, lengths = pad_packed_sequence(packed, batch_first=True, padding_value=9.0,
                                          total_length=4)
    assert padded.data.tolist() == [[0.0, 4.0, 9.0, 9.0], [1.0, 5.0, 9.0, 9.0],
                                    [2.0, 9.0, 9.0, 9.0], [3.0, 7.0, 11.0, 9.0]]
    assert lengths.data.tolist() == [2, 3, 1, 3] and lengths.dtype == np.int64


def test_unpad_sequence_and_invert_permutation():
    padded = pad_sequence(list(_abc()))
    parts = unpad_sequence(padded, Tensor(np.array([3, 1, 2]), dtype="int64"))
    assert [p.data.tolist() for p in parts] == [[0.0, 1.0, 2.0], [10.0], [20.0, 21.0]]
    assert invert_permutation([2, 0, 1]).data.tolist() == [1, 2, 0]
    assert invert_permutation(None) is None


def test_second_derivatives_through_pack_and_pad():
    def f(x):
        packed = pack_padded_sequence(x, [1, 3, 2], enforce_sorted=False)
        return pad_packed_sequence(packed._replace(data=packed.data.tanh()))[0]
    gradgradcheck(f, [Tensor(np.linspace(-1, 1, 9).reshape(3, 3, 1), requires_grad=True)])


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: pack_padded_sequence(Tensor(np.zeros((3, 2))), [1, 2]), ValueError,
     "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True"),
    (lambda: pack_padded_sequence(Tensor(np.zeros((3, 2))), [2, 0]), ValueError,
     "Length of all samples has to be greater than 0"),
    (lambda: pack_padded_sequence(Tensor(np.zeros((3, 2))), [0, 2], enforce_sorted=False),
     ValueError, "Length of all samples has to be greater than 0"),
    (lambda: pack_padded_sequence(Tensor(np.zeros((3, 2))), [3, 2, 1]), ValueError,
     r"Expected `len\(lengths\)` to be equal to batch_size, but got 3 \(batch_size=2\)"),
    (lambda: pack_padded_sequence(Tensor(np.zeros((3, 2))), [4, 2]), ValueError,
     "at most the padded length 3, got 4"),  # (PyTorch 2.13 reads past the end here)
    (lambda: pack_padded_sequence(Tensor(np.zeros((3, 2))), [3.5, 2]), TypeError,
     "lengths must be a 1-D list"),
    (lambda: pack_padded_sequence(Tensor(np.zeros((0, 2))), []), ValueError,
     "Cannot pack empty tensors"),
    (lambda: pad_packed_sequence(pack_sequence([Tensor(np.ones(3))]), total_length=2),
     ValueError, "Expected total_length to be at least the length of the longest sequence in "
     "input, but got total_length=2 and max sequence length being 3"),
    (lambda: pad_sequence([]), ValueError, "received an empty list of sequences"),
    (lambda: pad_sequence([Tensor(np.ones((2, 3))), Tensor(np.ones((1, 2)))]), ValueError,
     "same trailing dims"),
    (lambda: pad_sequence([Tensor(np.ones(2))], padding_side="up"), ValueError,
     "Expected padding_side to be one of left or right, but got 'up'"),
    (lambda: pack_sequence([Tensor(np.ones(1)), Tensor(np.ones(2))]), ValueError,
     "must be sorted in decreasing order"),
    (lambda: unpack_sequence(Tensor(np.ones(2))), TypeError, "must be a PackedSequence"),
    (lambda: invert_permutation([0, 0]), ValueError, "each of 0..1 once"),
])
def test_bad_input_raises_pytorchs_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


# every argument of every function, replaced in turn by each bad value of the error sweep
SWEEP = {
    "pad_sequence": ({"sequences": list(_abc())}, {"sequences": "nodes", "padding_value":
                                                    "scalar", "padding_side": "choice"}),
    "pack_padded_sequence": ({"input": Tensor(np.zeros((3, 2))), "lengths": [3, 2]},
                             {"lengths": "index", "enforce_sorted": "flag"}),
    "pad_packed_sequence": ({"sequence": pack_sequence([Tensor(np.ones(2))])},
                            {"sequence": "node", "padding_value": "scalar",
                             "total_length": "count"}),
    "pack_sequence": ({"sequences": [Tensor(np.ones(2))]}, {"sequences": "nodes",
                                                             "enforce_sorted": "flag"}),
    "unpad_sequence": ({"padded_sequences": Tensor(np.zeros((3, 2))), "lengths": [3, 2]},
                       {"padded_sequences": "tensor", "lengths": "index"}),
    "unpack_sequence": ({"packed_sequences": pack_sequence([Tensor(np.ones(2))])},
                        {"packed_sequences": "node"}),
}


def test_bad_arguments_raise_errors_that_name_the_function_the_argument_and_the_value():
    ops = [Op(f"nn.utils.rnn.{name}", (name,), getattr(nn.utils.rnn, name),
              parameters(getattr(nn.utils.rnn, name)), base, {"batch_first": "flag", **kinds},
              {}) for name, (base, kinds) in SWEEP.items()]
    failures, total = run(ops)
    assert not failures, report(failures, total)
    assert total > 200


# -- the layers on packed input -------------------------------------------------------------


def _run_packed(case):
    module = getattr(nn, case["layer"])(INPUT_SIZE, HIDDEN_SIZE, **case["kwargs"], seed=0)
    module.load_state_dict(case["state_dict"])
    x = Tensor(case["input"], requires_grad=True)
    hs = None if case["hx"] is None else [Tensor(h, requires_grad=True) for h in case["hx"]]
    hx = None if hs is None else tuple(hs) if case["layer"] == "LSTM" else hs[0]
    lengths = case["lengths"]
    packed = pack_padded_sequence(x, lengths, batch_first=module.batch_first,
                                  enforce_sorted=lengths == sorted(lengths, reverse=True))
    output, final = module(packed, hx)
    finals = list(final) if case["layer"] == "LSTM" else [final]
    return module, x, hs, output, finals


@pytest.mark.parametrize("name", list(TORCH_PACKED))
def test_packed_outputs_final_states_and_gradients_are_pytorchs(name):
    case = TORCH_PACKED[name]
    module, x, hs, output, finals = _run_packed(case)
    assert isinstance(output, PackedSequence)
    np.testing.assert_allclose(output.data.data, case["output_data"], **TIGHT)
    assert output.batch_sizes.data.tolist() == case["batch_sizes"]
    assert (None if output.sorted_indices is None else output.sorted_indices.data.tolist()
            ) == case["sorted_indices"]
    padded, lengths = pad_packed_sequence(output, batch_first=module.batch_first)
    np.testing.assert_allclose(padded.data, case["padded_output"], **TIGHT)
    assert lengths.data.tolist() == case["output_lengths"]
    for final, expected in zip(finals, case["finals"], strict=True):
        assert final.shape == np.shape(expected)
        np.testing.assert_allclose(final.data, expected, **TIGHT)
    weighted_sum([output.data] + finals).backward()
    np.testing.assert_allclose(x.grad, case["input_grad"], **TIGHT)
    for h, expected in zip(hs or [], case["hx_grad"] or [], strict=True):
        np.testing.assert_allclose(h.grad, expected, **TIGHT)
    grads = {key: p.grad for key, p in module.named_parameters()}
    assert list(grads) == list(case["param_grads"])
    for key, expected in case["param_grads"].items():
        np.testing.assert_allclose(grads[key], expected, **TIGHT)


@pytest.mark.parametrize("layer", ["RNN", "LSTM", "GRU"])
def test_each_final_state_is_its_sequence_run_alone(layer):
    model = getattr(nn, layer)(2, 3, num_layers=2, bidirectional=True, seed=1)
    rng = np.random.default_rng(0)
    seqs = [Tensor(rng.standard_normal((n, 2))) for n in (2, 4, 1)]
    output, final = model(pack_sequence(seqs, enforce_sorted=False))
    h_n = final[0] if layer == "LSTM" else final
    for b, (s, out) in enumerate(zip(seqs, unpack_sequence(output), strict=True)):
        alone, alone_final = model(s)
        alone_h = alone_final[0] if layer == "LSTM" else alone_final
        np.testing.assert_allclose(out.data, alone.data, **TIGHT)
        np.testing.assert_allclose(h_n.data[:, b], alone_h.data, **TIGHT)


def test_a_packed_sequence_needs_2d_data():
    bad = PackedSequence(Tensor(np.ones((3, 1, 2))), Tensor(np.array([2, 1]), dtype="int64"))
    with pytest.raises(ValueError, match="LSTM: Expected input to be 2D or 3D, got 3D"):
        nn.LSTM(2, 3)(bad)


# -- parameters_to_vector, vector_to_parameters --------------------------------------------


def _linear():
    m = nn.Linear(2, 2)
    m.weight.data[...] = [[1.0, 2.0], [3.0, 4.0]]
    m.bias.data[...] = [5.0, 6.0]
    return m


def test_parameters_to_vector_is_pytorchs_and_differentiable():
    m = _linear()
    v = nn.utils.parameters_to_vector(m.parameters())
    assert v.data.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    (v * np.arange(6.0)).sum().backward()
    assert m.weight.grad.tolist() == [[0.0, 1.0], [2.0, 3.0]]
    assert m.bias.grad.tolist() == [4.0, 5.0]


def test_vector_to_parameters_sets_the_data_in_place():
    m = _linear()
    weight = m.weight.data
    nn.utils.vector_to_parameters(Tensor(np.arange(10.0, 17.0)), m.parameters())  # 7: as torch
    assert m.weight.data is weight
    assert m.weight.data.tolist() == [[10.0, 11.0], [12.0, 13.0]]
    assert m.bias.data.tolist() == [14.0, 15.0]
    with pytest.raises(ValueError, match="vec has 3 elements, fewer than the parameters' 6"):
        nn.utils.vector_to_parameters(Tensor(np.arange(3.0)), m.parameters())


_ = matrix
