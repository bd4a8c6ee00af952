"""Recurrent cells, one time step each: RNNCell, LSTMCell, GRUCell, and the step functions
rnn_tanh_cell, rnn_relu_cell, lstm_cell and gru_cell (torch.rnn_tanh_cell and its kin).

With input x (N, input_size) or unbatched (input_size,), state h (and c) of the same batch
shape with hidden_size features, W_ih (k*hidden_size, input_size), W_hh (k*hidden_size,
hidden_size) and the biases b_ih, b_hh (k*hidden_size,), for k = 1, 4 and 3:

    RNN   h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)                 (or relu)
    LSTM  i, f, g, o = the quarters, in this order, of x W_ih^T + b_ih + h W_hh^T + b_hh
          c' = sigmoid(f) * c + sigmoid(i) * tanh(g)
          h' = sigmoid(o) * tanh(c')                     (then h' W_hr^T: LSTM's proj_size)
    GRU   r, z, n: the thirds of gi = x W_ih^T + b_ih and of gh = h W_hh^T + b_hh
          r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z + gh_z)
          n = tanh(gi_n + r * gh_n)        (r gates W_hn h + b_hn, bias included: PyTorch's)
          h' = (1 - z) * n + z * h         (computed as n + z * (h - n), as PyTorch does)

Everything is autograd's public ops (linear, slices, sigmoid, tanh, relu), so gradients of
every order come from their rules. The parameters, their names and shapes, and their
initialisation, U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) for each in turn, are
PyTorch's, so a PyTorch state_dict loads. nn/sequence/recurrent.py runs these steps over sequences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Tensor, linear
from autograd.arguments import shown

from .. import arguments, init
from ..generators import generator_for
from ..module import Module
from ..parameter import Parameter

NONLINEARITIES = ("tanh", "relu")

# -- one step, from the input's share of the gates (gi = x W_ih^T + b_ih) ------------------
# A sequence computes gi for every time step in one linear node, as PyTorch does on the
# CPU, and hands each step its slice.


def rnn_step(gi: Any, h: Any, w_hh: Any, b_hh: Any, nonlinearity: str = "tanh") -> Any:
    """h' = tanh(gi + h W_hh^T + b_hh), or relu."""
    pre = gi + linear(h, w_hh, b_hh)
    return pre.tanh() if nonlinearity == "tanh" else pre.relu()


def lstm_step(gi: Any, h: Any, c: Any, w_hh: Any, b_hh: Any, w_hr: Any = None
              ) -> tuple[Any, Any]:
    """(h', c') from the gates i, f, g, o = the quarters of gi + h W_hh^T + b_hh."""
    gates = gi + linear(h, w_hh, b_hh)
    n = c.shape[-1]
    i, f, o = (gates[..., k * n:(k + 1) * n].sigmoid() for k in (0, 1, 3))
    g = gates[..., 2 * n:3 * n].tanh()
    c = f * c + i * g
    h = o * c.tanh()
    return (h if w_hr is None else linear(h, w_hr)), c


def gru_step(gi: Any, h: Any, w_hh: Any, b_hh: Any) -> Any:
    """h' = n + z * (h - n), with r, z and n from the thirds of gi and h W_hh^T + b_hh."""
    gh = linear(h, w_hh, b_hh)
    n = h.shape[-1]
    r = (gi[..., :n] + gh[..., :n]).sigmoid()
    z = (gi[..., n:2 * n] + gh[..., n:2 * n]).sigmoid()
    new = (gi[..., 2 * n:] + r * gh[..., 2 * n:]).tanh()
    return new + z * (h - new)


# -- the step functions: checked arguments, one step ----------------------------------------


def rnn_tanh_cell(input: Any, hx: Any, w_ih: Any, w_hh: Any,  # noqa: A002 (PyTorch's name)
                  b_ih: Any = None, b_hh: Any = None) -> Any:
    """One RNN step, h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (torch.rnn_tanh_cell)."""
    x, (h,), (w_ih, w_hh, b_ih, b_hh) = checked(
        "rnn_tanh_cell", input, (hx,), (w_ih, w_hh, b_ih, b_hh), 1)
    return rnn_step(linear(x, w_ih, b_ih), h, w_hh, b_hh, "tanh")


def rnn_relu_cell(input: Any, hx: Any, w_ih: Any, w_hh: Any,  # noqa: A002
                  b_ih: Any = None, b_hh: Any = None) -> Any:
    """One RNN step, h' = relu(x W_ih^T + b_ih + h W_hh^T + b_hh) (torch.rnn_relu_cell)."""
    x, (h,), (w_ih, w_hh, b_ih, b_hh) = checked(
        "rnn_relu_cell", input, (hx,), (w_ih, w_hh, b_ih, b_hh), 1)
    return rnn_step(linear(x, w_ih, b_ih), h, w_hh, b_hh, "relu")


def lstm_cell(input: Any, hx: Any, w_ih: Any, w_hh: Any,  # noqa: A002
              b_ih: Any = None, b_hh: Any = None) -> tuple[Any, Any]:
    """One LSTM step: hx is (h, c); returns (h', c') (torch.lstm_cell)."""
    x, (h, c), (w_ih, w_hh, b_ih, b_hh) = checked(
        "lstm_cell", input, states(hx, 2, "lstm_cell"), (w_ih, w_hh, b_ih, b_hh), 4)
    return lstm_step(linear(x, w_ih, b_ih), h, c, w_hh, b_hh)


def gru_cell(input: Any, hx: Any, w_ih: Any, w_hh: Any,  # noqa: A002
             b_ih: Any = None, b_hh: Any = None) -> Any:
    """One GRU step (torch.gru_cell); the gates r, z, n as the module docstring says."""
    x, (h,), (w_ih, w_hh, b_ih, b_hh) = checked(
        "gru_cell", input, (hx,), (w_ih, w_hh, b_ih, b_hh), 3)
    return gru_step(linear(x, w_ih, b_ih), h, w_hh, b_hh)


def states(hx: Any, count: int, where: str) -> tuple[Any, ...]:
    """The hidden state(s) given as hx: one, or a pair (h, c) for an LSTM."""
    if count == 1:
        return (hx,)
    if not isinstance(hx, (tuple, list)):
        raise TypeError(f"{where}: hx must be a pair (h_0, c_0) of Tensors, got {shown(hx)}")
    if len(hx) != 2:
        raise ValueError(f"{where}: hx must be a pair (h_0, c_0), the hidden and the cell "
                         f"state, got {len(hx)} of them")
    return tuple(hx)


def checked(where: str, input: Any, hx: Sequence[Any], weights: Sequence[Any],  # noqa: A002
            chunks: int) -> tuple[Tensor, list[Tensor], list[Any]]:
    """input, the states and the weights as Tensors, checked as PyTorch checks a cell's:
    the dims, input_size, the batch size and hidden_size of each state, and the dtypes."""
    names = ("w_ih", "w_hh", "b_ih", "b_hh")
    w_ih, w_hh, b_ih, b_hh = (None if w is None and name[0] == "b" else  # biases optional
                              arguments.tensor(w, where, name)
                              for w, name in zip(weights, names, strict=True))
    hidden = w_hh.shape[-1] if w_hh.ndim == 2 else -1
    rows = chunks * hidden
    if w_ih.ndim != 2 or w_hh.shape != (rows, hidden) or w_ih.shape[0] != rows or any(
            b is not None and b.shape != (rows,) for b in (b_ih, b_hh)):
        given = ", ".join(f"{name} {w.shape}" for name, w in zip(names, (w_ih, w_hh, b_ih,
                                                                           b_hh), strict=True)
                          if w is not None)
        raise ValueError(f"{where}: weights of shapes {given} do not fit: expected w_ih "
                         f"({chunks} * hidden_size, input_size), w_hh ({chunks} * hidden_size, "
                         f"hidden_size) and biases ({chunks} * hidden_size,)")
    x = arguments.tensor(input, where, "input")
    names = ["hx"] if len(hx) == 1 else [f"hx[{k}]" for k in range(len(hx))]
    hs = [arguments.tensor(h, where, name) for h, name in zip(hx, names, strict=True)]
    labels = ["hidden"] if len(hx) == 1 else names  # PyTorch's words for them
    if x.ndim not in (1, 2):
        raise ValueError(f"{where}: Expected input to be 1D or 2D, got {x.ndim}D instead")
    for h, label in zip(hs, labels, strict=True):
        if h.ndim not in (1, 2):
            raise ValueError(f"{where}: Expected {label} to be 1D or 2D, got {h.ndim}D "
                             "instead")
        if h.ndim != x.ndim:
            raise ValueError(f"{where}: {label} is {h.ndim}D and input {x.ndim}D: expected "
                             "both batched (2D) or both unbatched (1D)")
    if x.shape[-1] != w_ih.shape[1]:
        raise ValueError(f"{where}: input has inconsistent input_size: got {x.shape[-1]}, "
                         f"expected {w_ih.shape[1]}")
    for k, h in enumerate(hs):
        if x.ndim == 2 and h.shape[0] != x.shape[0]:
            raise ValueError(f"{where}: Input batch size {x.shape[0]} doesn't match "
                             f"hidden{k} batch size {h.shape[0]}")
        if h.shape[-1] != hidden:
            raise ValueError(f"{where}: hidden{k} has inconsistent hidden_size: got "
                             f"{h.shape[-1]}, expected {hidden}")
    for name, t in (("input", x), *((f"hidden{k}", h) for k, h in enumerate(hs))):
        check_dtype(where, name, t, w_ih)
    return x, hs, [w_ih, w_hh, b_ih, b_hh]


def check_dtype(where: str, name: str, x: Tensor, weight: Tensor) -> None:
    """PyTorch computes in the weights' dtype only (it does not promote)."""
    if x.dtype != weight.dtype:
        raise ValueError(f"{where}: {name} dtype ({x.dtype}) does not match weight dtype "
                         f"({weight.dtype}): convert the {name}, .to({weight.dtype}), or the "
                         f"model, .to({x.dtype})")


# -- the modules ------------------------------------------------------------------------


class RNNCellBase(Module):
    """What the three cells share: weight_ih (k*hidden_size, input_size), weight_hh
    (k*hidden_size, hidden_size), bias_ih and bias_hh (k*hidden_size,) or None, each drawn
    from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) in that order (PyTorch's)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool, num_chunks: int, *,
                 seed: int | None = None, generator: np.random.Generator | None = None,
                 dtype: Any = None) -> None:
        where = type(self).__name__
        self.input_size = arguments.count(input_size, "input_size", where)
        self.hidden_size = arguments.count(hidden_size, "hidden_size", where)
        self.bias = arguments.flag(bias, "bias", where)
        rng = generator_for(seed, generator, where)
        dtype = arguments.float_dtype(dtype, where)
        self._chunks = num_chunks
        rows = num_chunks * self.hidden_size
        self.weight_ih = Parameter(np.zeros((rows, self.input_size)), dtype=dtype)
        self.weight_hh = Parameter(np.zeros((rows, self.hidden_size)), dtype=dtype)
        self.bias_ih = Parameter(np.zeros(rows), dtype=dtype) if bias else None
        self.bias_hh = Parameter(np.zeros(rows), dtype=dtype) if bias else None
        self._generator = rng  # seed=/generator='s stream, or the default generator
        self.reset_parameters()  # (no argument, as PyTorch's: a subclass may override it)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in order,
        drawn from `generator`, else the layer's own (seed=/generator=, or the default)."""
        reset_uniform(self, self.hidden_size,
                      generator if generator is not None else vars(self).get("_generator"))

    def _step(self, input: Any, hx: Any, count: int) -> tuple[Tensor, list[Tensor]]:  # noqa: A002
        """The checked input and states (zeros when hx is None), and gi = x W_ih^T + b_ih."""
        where = type(self).__name__
        x = arguments.tensor(input, where, "input")
        if x.ndim not in (1, 2):
            raise ValueError(f"{where}: Expected input to be 1D or 2D, got {x.ndim}D instead")
        if hx is None:
            hx = (Tensor(np.zeros(x.shape[:-1] + (self.hidden_size,),
                                  dtype=self.weight_ih.dtype)),) * count
        else:
            hx = states(hx, count, where)
        weights = (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        x, hs, _ = checked(where, x, hx, weights, self._chunks)
        return linear(x, self.weight_ih, self.bias_ih), hs

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            text += f", nonlinearity={self.nonlinearity}"
        return text


def reset_uniform(module: Module, hidden_size: int, generator: Any) -> None:
    """PyTorch's reset_parameters of every recurrent layer: U(-1/sqrt(hidden_size),
    1/sqrt(hidden_size)) for each parameter, in the order of parameters()."""
    rng = generator_for(None, generator, type(module).__name__)
    bound = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0.0
    for p in module.parameters():
        init.uniform_(p, -bound, bound, generator=rng)


class RNNCell(RNNCellBase):
    """An Elman RNN cell: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh), or relu with
    nonlinearity='relu' (torch.nn.RNNCell). forward(input, hx=None): input (N, input_size)
    or (input_size,), hx of the same batch shape with hidden_size features (zeros when
    None); returns h'."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        if not (isinstance(nonlinearity, str) and nonlinearity in NONLINEARITIES):
            raise ValueError(f"RNNCell: Unknown nonlinearity {shown(nonlinearity)}. Select "
                             "from 'tanh' or 'relu'.")
        super().__init__(input_size, hidden_size, bias, 1, seed=seed, generator=generator,
                         dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Any, hx: Any = None) -> Any:  # noqa: A002
        gi, (h,) = self._step(input, hx, 1)
        return rnn_step(gi, h, self.weight_hh, self.bias_hh, self.nonlinearity)


class LSTMCell(RNNCellBase):
    """A long short-term memory cell, gates i, f, g, o in that order (torch.nn.LSTMCell).
    forward(input, hx=None): hx is (h_0, c_0) (zeros when None); returns (h_1, c_1)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, *,
                 seed: int | None = None, generator: np.random.Generator | None = None,
                 dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, 4, seed=seed, generator=generator,
                         dtype=dtype)

    def forward(self, input: Any, hx: Any = None) -> tuple[Any, Any]:  # noqa: A002
        gi, (h, c) = self._step(input, hx, 2)
        return lstm_step(gi, h, c, self.weight_hh, self.bias_hh)


class GRUCell(RNNCellBase):
    """A gated recurrent unit cell, gates r, z, n in that order (torch.nn.GRUCell).
    forward(input, hx=None): returns h'."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, *,
                 seed: int | None = None, generator: np.random.Generator | None = None,
                 dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, 3, seed=seed, generator=generator,
                         dtype=dtype)

    def forward(self, input: Any, hx: Any = None) -> Any:  # noqa: A002
        gi, (h,) = self._step(input, hx, 1)
        return gru_step(gi, h, self.weight_hh, self.bias_hh)
