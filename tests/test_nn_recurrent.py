"""Recurrent layers: nn.RNN, nn.LSTM, nn.GRU and their cells (nn/sequence/recurrent.py,
nn/sequence/recurrent_cells.py).

PyTorch's numbers for the cases (its state_dict, input and initial state, then its output,
final states and every gradient after backward of a fixed weighted sum) are in
torch_numbers_recurrent.py, printed by torch_reference_recurrent.py; each case here loads
PyTorch's state_dict into gradproof's layer and runs the same input. The cells' steps have
spec rows too (nn/specs/recurrent.py): tests/test_ops.py checks their values and first and
second derivatives against central differences.
"""

import re

import numpy as np
import pytest
from torch_numbers_recurrent import HIDDEN_SIZE, INPUT_SIZE, TORCH_RECURRENT, TORCH_REPRS

import nn
from autograd import Tensor, gradgradcheck
from nn.sequence.recurrent_cells import gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell

TIGHT = {"rtol": 1e-12, "atol": 1e-13}  # float64; sums run in another order than PyTorch's


def weighted_sum(results):
    """The reference's loss: each result times cos(0), cos(1), ... in C order, summed."""
    return sum((r * np.cos(np.arange(r.data.size)).reshape(r.shape)).sum() for r in results)


def _layer(name, **kwargs):
    return getattr(nn, name)(INPUT_SIZE, HIDDEN_SIZE, **kwargs)


def _run(case):
    """gradproof's layer with PyTorch's state_dict, run as the reference ran PyTorch's."""
    module = _layer(case["layer"], **case["kwargs"], seed=0)
    module.load_state_dict(case["state_dict"])
    x = Tensor(case["input"], requires_grad=True)
    hs = None if case["hx"] is None else [Tensor(h, requires_grad=True) for h in case["hx"]]
    hx = None if hs is None else tuple(hs) if "LSTM" in case["layer"] else hs[0]
    result = module(x, hx)
    if case["layer"] in ("RNN", "GRU", "LSTM"):
        output, final = result
        finals = list(final) if case["layer"] == "LSTM" else [final]
    else:
        output, finals = None, list(result) if case["layer"] == "LSTMCell" else [result]
    weighted_sum(([] if output is None else [output]) + finals).backward()
    return module, x, hs, output, finals


@pytest.mark.parametrize("name", list(TORCH_RECURRENT))
def test_outputs_states_and_gradients_are_pytorchs(name):
    case = TORCH_RECURRENT[name]
    module, x, hs, output, finals = _run(case)
    if case["output"] is not None:
        np.testing.assert_allclose(output.data, case["output"], **TIGHT)
        assert output.shape == np.shape(case["output"])
    assert len(finals) == len(case["finals"])
    for final, expected in zip(finals, case["finals"], strict=True):
        assert final.shape == np.shape(expected)
        np.testing.assert_allclose(final.data, expected, **TIGHT)
    np.testing.assert_allclose(x.grad, case["input_grad"], **TIGHT)
    for h, expected in zip(hs or [], case["hx_grad"] or [], strict=True):
        np.testing.assert_allclose(h.grad, expected, **TIGHT)
    grads = {name: p.grad for name, p in module.named_parameters()}
    assert list(grads) == list(case["param_grads"])
    for key, expected in case["param_grads"].items():
        np.testing.assert_allclose(grads[key], expected, **TIGHT)


@pytest.mark.parametrize("name", list(TORCH_RECURRENT))
def test_the_state_dict_has_pytorchs_names_shapes_and_order(name):
    case = TORCH_RECURRENT[name]
    state = _layer(case["layer"], **case["kwargs"]).state_dict()
    assert [(k, v.shape) for k, v in state.items()] == [
        (k, np.shape(v)) for k, v in case["state_dict"].items()]


def test_an_lstm_with_projections_has_pytorchs_parameter_layout():
    lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2)
    assert [(k, v.shape) for k, v in lstm.state_dict().items()][:5] == [
        ("weight_ih_l0", (16, 3)), ("weight_hh_l0", (16, 2)), ("bias_ih_l0", (16,)),
        ("bias_hh_l0", (16,)), ("weight_hr_l0", (2, 4))]
    assert lstm.state_dict()["weight_ih_l1_reverse"].shape == (16, 4)  # 2 directions x 2
    assert [p.shape for p in lstm.all_weights[3]] == [(16, 4), (16, 2), (16,), (16,), (2, 4)]
    assert list(nn.RNNCell(3, 4, bias=False).state_dict()) == ["weight_ih", "weight_hh"]
    lstm.flatten_parameters()  # PyTorch's cuDNN packing: nothing to do here


@pytest.mark.parametrize(("layer", "kwargs", "expected"), TORCH_REPRS)
def test_repr_is_pytorchs(layer, kwargs, expected):
    assert repr(_layer(layer, **kwargs)) == expected


@pytest.mark.parametrize("layer", ["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"])
def test_initialisation_is_uniform_within_one_over_sqrt_hidden_size(layer):
    module = getattr(nn, layer)(20, 25, seed=1)
    values = np.concatenate([p.data.ravel() for p in module.parameters()])
    assert np.all(np.abs(values) <= 0.2) and values.min() < -0.19 and values.max() > 0.19
    assert abs(values.mean()) < 0.01  # U(-0.2, 0.2): mean 0, from thousands of draws
    again = getattr(nn, layer)(20, 25, seed=1)
    assert all(np.array_equal(p.data, q.data) for p, q in zip(module.parameters(),
                                                              again.parameters(), strict=True))
    nn.manual_seed(3)
    first = getattr(nn, layer)(2, 3).parameters()[0].data
    nn.manual_seed(3)
    assert np.array_equal(getattr(nn, layer)(2, 3).parameters()[0].data, first)


def test_float32_layers_compute_in_float32():
    lstm = nn.LSTM(2, 3, dtype=np.float32)
    output, (h_n, c_n) = lstm(Tensor(np.ones((4, 2), dtype=np.float32)))
    assert output.dtype == h_n.dtype == c_n.dtype == np.float32
    cell = nn.GRUCell(2, 3).float()
    assert cell(Tensor(np.ones((5, 2), dtype=np.float32))).dtype == np.float32


def test_an_empty_batch_gives_empty_outputs():
    output, h_n = nn.GRU(2, 3, bidirectional=True)(Tensor(np.zeros((4, 0, 2))))
    assert output.shape == (4, 0, 6) and h_n.shape == (2, 0, 3)


# -- layers, directions, dropout ------------------------------------------------------------


def _single_layers(model, layer, kind):
    """One-layer modules holding layer `layer` of `model` (each direction)."""
    directions = 2 if model.bidirectional else 1
    size = model.input_size if layer == 0 else model.hidden_size * directions
    single = getattr(nn, kind)(size, model.hidden_size, bidirectional=model.bidirectional)
    state = model.state_dict()
    single.load_state_dict({key: state[key.replace("_l0", f"_l{layer}")]
                            for key in single.state_dict()})
    return single


def test_a_second_layer_reads_the_first_layers_outputs_and_dropout_zeroes_them():
    gru = nn.GRU(2, 3, num_layers=2, bidirectional=True, dropout=1.0, seed=4)
    x = Tensor(np.random.default_rng(0).standard_normal((5, 2, 2)))
    first, second = _single_layers(gru, 0, "GRU"), _single_layers(gru, 1, "GRU")
    out_first, h_first = first(x)
    gru.eval()  # no dropout: the two layers in a row
    output, h_n = gru(x)
    expected, h_second = second(out_first)
    np.testing.assert_allclose(output.data, expected.data, **TIGHT)
    np.testing.assert_allclose(h_n.data, np.concatenate([h_first.data, h_second.data]), **TIGHT)
    gru.train()  # dropout p=1 between the layers: the second layer reads zeros
    output, h_n = gru(x)
    expected, h_second = second(Tensor(np.zeros((5, 2, 6))))
    np.testing.assert_allclose(output.data, expected.data, **TIGHT)
    np.testing.assert_allclose(h_n.data[:2], h_first.data, **TIGHT)


def test_dropout_draws_from_the_layers_generator():
    def outputs(seed):
        lstm = nn.LSTM(2, 3, num_layers=3, dropout=0.5, seed=seed)
        x = Tensor(np.ones((4, 2, 2)))
        return lstm(x)[0].data, lstm(x)[0].data, lstm.eval()(x)[0].data, lstm.eval()(x)[0].data
    a1, a2, eval1, eval2 = outputs(7)
    b1, _, _, _ = outputs(7)
    assert not np.array_equal(a1, a2) and np.array_equal(a1, b1)  # new masks, same seed
    assert np.array_equal(eval1, eval2)


def test_dropout_with_one_layer_warns_as_pytorch():
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1, "
                                         "but got dropout=0.5 and num_layers=1"):
        nn.RNN(2, 3, dropout=0.5)


def test_second_derivatives_through_a_sequence():
    lstm = nn.LSTM(2, 2, num_layers=2, bidirectional=True, proj_size=1, seed=5)
    x = Tensor(np.random.default_rng(1).standard_normal((3, 2)), requires_grad=True)
    assert gradgradcheck(lambda x: lstm(x)[0], [x])


def test_step_functions_are_the_cells():
    rng = np.random.default_rng(2)
    x, h, c = (Tensor(rng.standard_normal((2, n))) for n in (2, 3, 3))
    for cell, step, state in ((nn.RNNCell(2, 3), rnn_tanh_cell, h),
                              (nn.RNNCell(2, 3, nonlinearity="relu"), rnn_relu_cell, h),
                              (nn.LSTMCell(2, 3), lstm_cell, (h, c)),
                              (nn.GRUCell(2, 3), gru_cell, h)):
        got = step(x, state, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
        want = cell(x, state)
        for g, w in zip(got if isinstance(got, tuple) else (got,),
                        want if isinstance(want, tuple) else (want,), strict=True):
            np.testing.assert_array_equal(g.data, w.data)


def test_a_tiny_sequence_task_trains():
    """Remember the first of six ±1 inputs: an LSTM and a Linear head learn it."""
    rng = np.random.default_rng(0)
    x = rng.choice([-1.0, 1.0], size=(6, 32, 1))
    target = x[0]
    lstm, head = nn.LSTM(1, 8, seed=0), nn.Linear(8, 1, seed=0)
    optimizer = nn.optim.Adam(lstm.parameters() + head.parameters(), lr=0.05)
    losses = []
    for _ in range(60):
        output, _ = lstm(Tensor(x))
        loss = nn.functional.mse_loss(head(output[-1]), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.05 * losses[0]


# -- errors ---------------------------------------------------------------------------------

x3, x2 = Tensor(np.zeros((5, 2, 2))), Tensor(np.zeros((5, 2)))
ERRORS = [  # (call, error, message: PyTorch's substance)
    (lambda: nn.RNN(2, 3)(Tensor(np.zeros((5, 2, 4)))), ValueError,
     "RNN: input.size(-1) must be equal to input_size. Expected 2, got 4"),
    (lambda: nn.GRU(2, 3)(Tensor(np.zeros(5))), ValueError,
     "GRU: Expected input to be 2D or 3D, got 1D tensor instead"),
    (lambda: nn.RNN(2, 3)(x3, Tensor(np.zeros((1, 3, 3)))), ValueError,
     "RNN: Expected hidden size (1, 2, 3), got [1, 3, 3]"),
    (lambda: nn.RNN(2, 3, num_layers=2)(x2, Tensor(np.zeros((1, 3)))), ValueError,
     "RNN: Expected hidden size (2, 3), got [1, 3]"),
    (lambda: nn.RNN(2, 3)(x3, Tensor(np.zeros((1, 3)))), ValueError,
     "RNN: For batched 3-D input, hx should also be 3-D but got 2-D tensor"),
    (lambda: nn.GRU(2, 3)(x2, Tensor(np.zeros((1, 2, 3)))), ValueError,
     "GRU: For unbatched 2-D input, hx should also be 2-D but got 3-D tensor"),
    (lambda: nn.LSTM(2, 3, proj_size=1)(x3, (Tensor(np.zeros((1, 2, 3))),
                                             Tensor(np.zeros((1, 2, 3))))), ValueError,
     "LSTM: Expected hidden[0] size (1, 2, 1), got [1, 2, 3]"),
    (lambda: nn.LSTM(2, 3, proj_size=1)(x3, (Tensor(np.zeros((1, 2, 1))),
                                             Tensor(np.zeros((1, 2, 1))))), ValueError,
     "LSTM: Expected hidden[1] size (1, 2, 3), got [1, 2, 1]"),
    (lambda: nn.LSTM(2, 3)(x2, (Tensor(np.zeros((1, 2, 3))), Tensor(np.zeros((1, 2, 3))))),
     ValueError, "LSTM: For unbatched 2-D input, hx and cx should also be 2-D but got "
                 "(3-D, 3-D) tensors"),
    (lambda: nn.LSTM(2, 3)(x3, Tensor(np.zeros((1, 2, 3)))), TypeError,
     "LSTM: hx must be a pair (h_0, c_0) of Tensors, got Tensor"),
    (lambda: nn.LSTM(2, 3)(Tensor(np.zeros((0, 2, 2)))), ValueError,
     "LSTM: Expected sequence length to be larger than 0"),
    (lambda: nn.RNN(2, 3)(Tensor(np.zeros((5, 2, 2), dtype=np.float32))), ValueError,
     "RNN: input dtype (float32) does not match weight dtype (float64)"),
    (lambda: nn.RNNCell(2, 3)(Tensor(np.zeros((2, 4)))), ValueError,
     "RNNCell: input has inconsistent input_size: got 4, expected 2"),
    (lambda: nn.RNNCell(2, 3)(Tensor(np.zeros((2, 2))), Tensor(np.zeros((4, 3)))), ValueError,
     "RNNCell: Input batch size 2 doesn't match hidden0 batch size 4"),
    (lambda: nn.GRUCell(2, 3)(Tensor(np.zeros((2, 2))), Tensor(np.zeros((2, 5)))), ValueError,
     "GRUCell: hidden0 has inconsistent hidden_size: got 5, expected 3"),
    (lambda: nn.LSTMCell(2, 3)(Tensor(np.zeros((2, 2))), (Tensor(np.zeros((2, 3))),
                                                          Tensor(np.zeros((2, 4))))),
     ValueError, "LSTMCell: hidden1 has inconsistent hidden_size: got 4, expected 3"),
    (lambda: nn.LSTMCell(2, 3)(Tensor(np.zeros((2, 2))), (Tensor(np.zeros((2, 3))),)),
     ValueError, "LSTMCell: hx must be a pair (h_0, c_0), the hidden and the cell state, "
                 "got 1 of them"),
    (lambda: nn.GRUCell(2, 3)(Tensor(np.zeros((1, 2, 2)))), ValueError,
     "GRUCell: Expected input to be 1D or 2D, got 3D instead"),
    (lambda: nn.RNNCell(2, 3)(Tensor(np.zeros(2)), Tensor(np.zeros((1, 3)))), ValueError,
     "RNNCell: hidden is 2D and input 1D"),
    (lambda: nn.RNN(2, 3, nonlinearity="sigmoid"), ValueError,
     "RNN: Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'."),
    (lambda: nn.RNNCell(2, 3, nonlinearity="gelu"), ValueError,
     "RNNCell: Unknown nonlinearity 'gelu'. Select from 'tanh' or 'relu'."),
    (lambda: nn.LSTM(2, 3, proj_size=3), ValueError,
     "LSTM: proj_size has to be smaller than hidden_size"),
    (lambda: nn.LSTM(2, 3, proj_size=-1), ValueError,
     "LSTM: proj_size should be a positive integer or zero to disable projections"),
    (lambda: nn.GRU(2, 3, dropout=1.5), ValueError,
     "GRU: dropout should be a number in range [0, 1]"),
    (lambda: nn.RNN(2, 0), ValueError, "RNN: hidden_size must be greater than zero, got 0"),
    (lambda: nn.LSTM(2, 3, num_layers=0), ValueError,
     "LSTM: num_layers must be greater than zero, got 0"),
    (lambda: nn.GRU(2, 3, proj_size=1), TypeError, "proj_size"),  # LSTM's only
    (lambda: rnn_tanh_cell(x2, Tensor(np.zeros((5, 3))), np.zeros((3, 2)), np.zeros((4, 3))),
     ValueError, "rnn_tanh_cell: weights of shapes w_ih (3, 2), w_hh (4, 3) do not fit"),
]


@pytest.mark.parametrize(("call", "error", "message"), ERRORS,
                         ids=[m.split(":")[0] + f"-{i}" for i, (_, _, m) in enumerate(ERRORS)])
def test_bad_input_raises_pytorchs_error(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()
