"""Spec rows for the recurrent cells' steps (nn/sequence/recurrent_cells.py): each a differentiable
function of the input and the state(s), its weights fixed and random, drawn by `static`.

tests/test_ops.py checks each row's values against the numpy references here, and its first
and second derivatives against central differences. The sequence layers (nn.RNN, nn.LSTM,
nn.GRU) repeat these steps with the same ops, so the rows name them too; their numbers are
PyTorch's in tests/test_nn_recurrent.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import stack
from autograd.specs import POSITIVE, OpSpec, register

from ..sequence.recurrent_cells import gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell

Draw = Any
Shapes = tuple[tuple[int, ...], ...]


def cell_shapes(states: int) -> Any:
    """input (*batch, input_size) and each state (*batch, hidden_size), batched (N,) with N
    from 1 to 3, or unbatched; both sizes from 1 to 3."""
    def draw_shapes(draw: Draw, arity: int) -> Shapes:
        batch = draw(st.sampled_from([(), (1,), (2,), (3,)]))
        n_in, hidden = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        return (batch + (n_in,),) + (batch + (hidden,),) * states
    return draw_shapes


def cell_weights(chunks: int) -> Any:
    """w_ih (chunks*hidden, input), w_hh (chunks*hidden, hidden), b_ih and b_hh, each
    element in [-0.7, 0.7] (so with inputs in [-3, 3] the gates are not all saturated)."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        n_in, hidden = shapes[0][-1], shapes[1][-1]
        rows = chunks * hidden
        def array(shape: tuple[int, ...]) -> np.ndarray:
            return draw(hnp.arrays(np.float64, shape, elements=st.floats(-0.7, 0.7)))
        return {"w_ih": array((rows, n_in)), "w_hh": array((rows, hidden)),
                "b_ih": array((rows,)), "b_hh": array((rows,))}
    return draw_static


def relu_cell_weights(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """Weights that keep relu's kink away: each hidden unit's row of w_ih, w_hh, b_ih and
    b_hh has one sign, its magnitudes in [0.1, 1]. With input and state >= 0.1 (POSITIVE),
    a unit's pre-activation then has that sign and is at least 0.2 from 0: live units are
    linear, dead ones 0, and central differences never straddle the kink."""
    n_in, hidden = shapes[0][-1], shapes[1][-1]
    signs = draw(hnp.arrays(np.float64, (hidden,), elements=st.sampled_from([-1.0, 1.0])))

    def signed(columns: tuple[int, ...]) -> np.ndarray:
        size = draw(hnp.arrays(np.float64, (hidden, *columns), elements=st.floats(0.1, 1.0)))
        return size * signs.reshape((hidden,) + (1,) * len(columns))
    return {"w_ih": signed((n_in,)), "w_hh": signed((hidden,)), "b_ih": signed(()),
            "b_hh": signed(())}


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _ref_rnn(x: np.ndarray, h: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray,
             b_ih: np.ndarray, b_hh: np.ndarray, relu: bool = False) -> np.ndarray:
    pre = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh
    return np.maximum(pre, 0) if relu else np.tanh(pre)


def _ref_lstm(x: np.ndarray, h: np.ndarray, c: np.ndarray, w_ih: np.ndarray,
              w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
    i, f, g, o = np.split(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh, 4, axis=-1)
    c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    return np.stack([_sigmoid(o) * np.tanh(c), c])


def _ref_gru(x: np.ndarray, h: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray,
             b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
    gi_r, gi_z, gi_n = np.split(x @ w_ih.T + b_ih, 3, axis=-1)
    gh_r, gh_z, gh_n = np.split(h @ w_hh.T + b_hh, 3, axis=-1)
    r, z = _sigmoid(gi_r + gh_r), _sigmoid(gi_z + gh_z)
    n = np.tanh(gi_n + r * gh_n)
    return (1 - z) * n + z * h


def _in_dtype_of(x: Any, weights: dict[str, Any]) -> dict[str, Any]:
    """The drawn weights in the input's dtype (the ONNX test runs each row in float32 too,
    and a cell refuses weights of another dtype than its input's)."""
    dtype = np.asarray(x.data if hasattr(x, "data") else x).dtype
    return {k: None if w is None else np.asarray(w, dtype) for k, w in weights.items()}


# Not drawn in random graphs (graphs=False): the input and the states must fit the weights.
register(
    OpSpec("rnn_tanh_cell", lambda x, h, **w: rnn_tanh_cell(x, h, **_in_dtype_of(x, w)),
           _ref_rnn, arity=2,
           shapes=cell_shapes(1), static=cell_weights(1), graphs=False,
           api=("nn.RNNCell", "nn.RNN")),
    OpSpec("rnn_relu_cell", lambda x, h, **w: rnn_relu_cell(x, h, **_in_dtype_of(x, w)),
           lambda x, h, **w: _ref_rnn(x, h, **w, relu=True), arity=2, domain=POSITIVE,
           kinks="relu at 0: each unit's weights share a sign and inputs are positive, so "
                 "pre-activations stay at least 0.2 from it",
           shapes=cell_shapes(1), static=relu_cell_weights, graphs=False,
           api=("nn.RNNCell", "nn.RNN")),
    # lstm_cell gives (h', c'): the row's one result is the two stacked
    OpSpec("lstm_cell",
           lambda x, h, c, **w: stack(lstm_cell(x, (h, c), **_in_dtype_of(x, w))), _ref_lstm,
           arity=3, shapes=cell_shapes(2), static=cell_weights(4), graphs=False,
           api=("nn.LSTMCell", "nn.LSTM")),
    OpSpec("gru_cell", lambda x, h, **w: gru_cell(x, h, **_in_dtype_of(x, w)), _ref_gru, arity=2,
           shapes=cell_shapes(1), static=cell_weights(3), graphs=False,
           api=("nn.GRUCell", "nn.GRU")),
)
