"""RNN, LSTM and GRU: the cells of nn/sequence/recurrent_cells.py run over sequences, as PyTorch's.

    rnn = nn.LSTM(10, 20, num_layers=2, bidirectional=True)
    output, (h_n, c_n) = rnn(x)          # x (L, N, 10), or (N, L, 10) with batch_first=True

Shapes are PyTorch's, with D = 2 if bidirectional else 1 and H_out = proj_size or
hidden_size: input (L, N, input_size), or unbatched (L, input_size); output (L, N, D*H_out);
h_0 and h_n (num_layers*D, N, H_out), an LSTM's c_0 and c_n (num_layers*D, N, hidden_size)
(without the N axis when unbatched). h_0 (and c_0) are zeros when hx is None.

Layer l > 0 reads the outputs of layer l - 1, both directions concatenated, with dropout
between layers in training mode. The reverse direction reads the sequence from its end, and
its outputs are put back in time order. Each layer computes its input's share of the gates
for every time step in one linear node, then steps through time (PyTorch's order on the
CPU); all of it is autograd's public ops, so gradients of every order come for free.

The parameters are named and shaped as PyTorch's state_dict: weight_ih_l{k}, weight_hh_l{k},
bias_ih_l{k}, bias_hh_l{k} (and weight_hr_l{k} with proj_size), then the same with
_reverse, layer by layer; each starts as U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np

from autograd import Tensor, concatenate, linear, stack
from autograd.arguments import shown

from .. import arguments
from ..dropouts.dropout import dropout as _dropout
from ..generators import generator_for
from ..module import Module
from ..parameter import Parameter
from ..utils.rnn import PackedSequence, packed_steps
from .recurrent_cells import (
    NONLINEARITIES,
    check_dtype,
    gru_step,
    lstm_step,
    reset_uniform,
    rnn_step,
)

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class RNNBase(Module):
    """What RNN, LSTM and GRU share: the settings, the parameters, the loop over layers,
    directions and time (PyTorch's nn.RNNBase; `mode` is RNN_TANH, RNN_RELU, LSTM or GRU)."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        where = type(self).__name__
        if not isinstance(dropout, numbers.Real) or isinstance(dropout, bool) or not (
                0 <= dropout <= 1):
            raise ValueError(f"{where}: dropout should be a number in range [0, 1] "
                             "representing the probability of an element being zeroed, got "
                             f"{shown(dropout)}")
        for name, n in (("input_size", input_size), ("hidden_size", hidden_size),
                        ("num_layers", num_layers)):
            if arguments.integer(n, name, where) <= 0:
                raise ValueError(f"{where}: {name} must be greater than zero, got {n!r}")
        if arguments.integer(proj_size, "proj_size", where) < 0:
            raise ValueError(f"{where}: proj_size should be a positive integer or zero to "
                             f"disable projections, got {proj_size!r}")
        if proj_size >= hidden_size:
            raise ValueError(f"{where}: proj_size has to be smaller than hidden_size, got "
                             f"proj_size={proj_size} and hidden_size={hidden_size}")
        self.mode = mode
        self.input_size, self.hidden_size = int(input_size), int(hidden_size)
        self.num_layers = int(num_layers)
        self.bias = arguments.flag(bias, "bias", where)
        self.batch_first = arguments.flag(batch_first, "batch_first", where)
        self.dropout = float(dropout)
        self.bidirectional = arguments.flag(bidirectional, "bidirectional", where)
        self.proj_size = int(proj_size)
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, "
                          "so non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", stacklevel=3)
        self._rng = generator_for(seed, generator, where)  # the initial draws, then dropout's
        dtype = arguments.float_dtype(dtype, where)
        gates = _GATES[mode] * self.hidden_size
        out = self.proj_size or self.hidden_size
        self._flat_weights_names: list[str] = []
        self._all_weights: list[list[str]] = []
        for layer in range(self.num_layers):
            for suffix in ("", "_reverse")[:1 + self.bidirectional]:
                shapes = {"weight_ih": (gates, self.input_size if layer == 0
                                        else out * (1 + self.bidirectional)),
                          "weight_hh": (gates, out)}
                if self.bias:
                    shapes.update(bias_ih=(gates,), bias_hh=(gates,))
                if self.proj_size:
                    shapes["weight_hr"] = (self.proj_size, self.hidden_size)
                names = [f"{name}_l{layer}{suffix}" for name in shapes]
                for name, shape in zip(names, shapes.values(), strict=True):
                    setattr(self, name, Parameter(np.zeros(shape), dtype=dtype))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()  # (no argument, as PyTorch's: a subclass may override it)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in order,
        drawn from `generator`, else the layer's own (seed=/generator=, or the default)."""
        reset_uniform(self, self.hidden_size,
                      generator if generator is not None else vars(self).get("_rng"))

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters of each layer and direction, as PyTorch's all_weights."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self) -> None:
        """Nothing to do: PyTorch packs the weights for cuDNN here (a no-op on the CPU)."""

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            text += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if self.batch_first is not False:
            text += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            text += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            text += f", bidirectional={self.bidirectional}"
        return text

    # -- forward ------------------------------------------------------------------------

    def forward(self, input: Any, hx: Any = None) -> tuple[Any, Any]:  # noqa: A002
        """(output, h_n), or for an LSTM (output, (h_n, c_n)); shapes as the module says.
        A PackedSequence input gives a PackedSequence output, and each sequence's h_n (c_n)
        at its own last step, in the batch's original order (hx is in that order too)."""
        where = type(self).__name__
        lstm = self.mode == "LSTM"
        packed = input if isinstance(input, PackedSequence) else None
        x = arguments.tensor(packed.data if packed else input, where, "input")
        if x.ndim not in ((2,) if packed else (2, 3)):
            raise ValueError(f"{where}: Expected input to be 2D or 3D, got {x.ndim}D tensor "
                             "instead" + (" (a PackedSequence's data is 2D)" if packed else ""))
        batched, shape = packed is not None or x.ndim == 3, x.shape
        given = None if hx is None else self._given_states(hx, batched, where)
        check_dtype(where, "input", x, self.weight_ih_l0)
        if x.shape[-1] != self.input_size:
            raise ValueError(f"{where}: input.size(-1) must be equal to input_size. Expected "
                             f"{self.input_size}, got {x.shape[-1]}")
        batch_sizes = None if packed is None else [int(b) for b in packed.batch_sizes.data]
        if packed is None:  # time first inside: (L, N, input_size)
            x = (x.swapaxes(0, 1) if self.batch_first else x) if batched else x.unsqueeze(1)
        if x.shape[0] == 0:
            raise ValueError(f"{where}: Expected sequence length to be larger than 0, got "
                             f"input of shape {shape}")
        n = batch_sizes[0] if packed else x.shape[1]
        starts = self._initial_states(given, n, batched, where)
        if packed and given is not None and packed.sorted_indices is not None:
            order = packed.sorted_indices.data  # hx is in batch order, the packed data sorted
            starts = [(h[order], None if c is None else c[order]) for h, c in starts]
        output, finals = self._layers(x, starts, batch_sizes)
        h_n = stack([h for h, _ in finals], 0)
        c_n = stack([c for _, c in finals], 0) if lstm else None
        if packed:
            output = PackedSequence(output, *packed[1:])
            if packed.unsorted_indices is not None:
                back = packed.unsorted_indices.data
                h_n, c_n = h_n[:, back], None if c_n is None else c_n[:, back]
        elif batched and self.batch_first:
            output = output.swapaxes(0, 1)
        if not batched:
            output, h_n = output[:, 0], h_n[:, 0]
            c_n = None if c_n is None else c_n[:, 0]
        return (output, (h_n, c_n)) if lstm else (output, h_n)

    def _given_states(self, hx: Any, batched: bool, where: str) -> list[Tensor]:
        """h_0 (and c_0) as Tensors, their dims checked against the input's."""
        if self.mode != "LSTM":
            h = arguments.tensor(hx, where, "hx")
            if h.ndim != 2 + batched:
                raise ValueError(f"{where}: For {'batched 3-D' if batched else 'unbatched 2-D'}"
                                 f" input, hx should also be {2 + batched}-D but got "
                                 f"{h.ndim}-D tensor")
            return [h]
        if not isinstance(hx, (tuple, list)):
            raise TypeError(f"{where}: hx must be a pair (h_0, c_0) of Tensors, got "
                            f"{shown(hx)}")
        if len(hx) != 2:
            raise ValueError(f"{where}: hx must be a pair (h_0, c_0), the hidden and the cell "
                             f"state, got {len(hx)} of them")
        h, c = (arguments.tensor(t, where, f"hx[{k}]") for k, t in enumerate(hx))
        if h.ndim != 2 + batched or c.ndim != 2 + batched:
            raise ValueError(f"{where}: For {'batched 3-D' if batched else 'unbatched 2-D'} "
                             f"input, hx and cx should also be {2 + batched}-D but got "
                             f"({h.ndim}-D, {c.ndim}-D) tensors")
        return [h, c]

    def _initial_states(self, given: Any, n: int, batched: bool, where: str
                        ) -> list[tuple[Any, Any]]:
        """(h_0, c_0) of each layer and direction, each (N, features); c_0 is None but for
        an LSTM. Zeros when hx was not given; else hx's, their shapes checked."""
        lstm = self.mode == "LSTM"
        count = self.num_layers * (1 + self.bidirectional)
        sizes = [self.proj_size or self.hidden_size] + [self.hidden_size] * lstm
        dtype = self.weight_ih_l0.dtype
        if given is None:
            zeros = [Tensor(np.zeros((n, size), dtype=dtype)) for size in sizes]
            return [(zeros[0], zeros[1] if lstm else None)] * count
        states = []
        for k, (state, size) in enumerate(zip(given, sizes, strict=True)):
            expected = (count, n, size) if batched else (count, size)
            if state.shape != expected:
                label = f"hidden[{k}]" if lstm else "hidden"
                raise ValueError(f"{where}: Expected {label} size {expected}, got "
                                 f"{list(state.shape)}")
            check_dtype(where, f"hx[{k}]" if lstm else "hx", state, self.weight_ih_l0)
            states.append(state if batched else state.unsqueeze(1))
        return [(states[0][k], states[1][k] if lstm else None) for k in range(count)]

    def _layers(self, x: Any, starts: list[tuple[Any, Any]], batch_sizes: list[int] | None
                ) -> tuple[Any, list[Any]]:
        """The last layer's outputs (L, N, D*H_out), or packed (sum of batch_sizes,
        D*H_out), and (h, c) at the end of each layer and direction."""
        directions = 1 + self.bidirectional
        weights = self.all_weights
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                hs, final = self._direction(x, starts[k], weights[k], direction == 1,
                                            batch_sizes)
                outputs.append(hs)
                finals.append(final)
            x = outputs[0] if directions == 1 else concatenate(outputs, axis=-1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = _dropout(x, self.dropout, True, generator=self._rng)
        return x, finals

    def _direction(self, x: Any, start: tuple[Any, Any], weights: list[Parameter],
                   reverse: bool, batch_sizes: list[int] | None
                   ) -> tuple[Any, tuple[Any, Any]]:
        """One layer in one direction over the whole sequence: its outputs (L, N, H_out) in
        time order, and its last (h, c). Packed (batch_sizes given), x is a PackedSequence's
        data and step t runs only its first batch_sizes[t] sequences, the longest ones
        (PyTorch's packed loop): going forward, a sequence that ends leaves its (h, c) as its
        final state; going back, a sequence joins at its own last step from its start."""
        w_ih, w_hh = weights[:2]
        b_ih, b_hh = weights[2:4] if self.bias else (None, None)
        w_hr = weights[-1] if self.proj_size else None
        gi = linear(x, w_ih, b_ih)  # every time step's share of the gates, one node
        rows = list(range(x.shape[0])) if batch_sizes is None else packed_steps(batch_sizes)
        h, c = start
        if reverse and batch_sizes is not None:  # only the longest run the last step
            h, c = h[:batch_sizes[-1]], None if c is None else c[:batch_sizes[-1]]
        ended: list[tuple[Any, Any]] = []  # the finals of sequences that ended (forward)
        hs: list[Any] = [None] * len(rows)
        for t in reversed(range(len(rows))) if reverse else range(len(rows)):
            b = len(h) if batch_sizes is None else batch_sizes[t]
            if b < len(h):  # (forward) sequences b.. ended at the step before
                ended.append((h[b:], None if c is None else c[b:]))
                h, c = h[:b], None if c is None else c[:b]
            elif b > len(h):  # (backward) sequences len(h)..b-1 start here, at their end
                h, c = (concatenate([s, s0[len(s):b]], 0) if s is not None else None
                        for s, s0 in ((h, start[0]), (c, start[1])))
            if self.mode == "LSTM":
                h, c = lstm_step(gi[rows[t]], h, c, w_hh, b_hh, w_hr)
            elif self.mode == "GRU":
                h = gru_step(gi[rows[t]], h, w_hh, b_hh)
            else:
                h = rnn_step(gi[rows[t]], h, w_hh, b_hh,
                             "relu" if self.mode == "RNN_RELU" else "tanh")
            hs[t] = h
        if ended:  # the finals in batch order: the longest (still running) first
            h = concatenate([h] + [e[0] for e in reversed(ended)], 0)
            c = None if c is None else concatenate([c] + [e[1] for e in reversed(ended)], 0)
        return (stack(hs, 0) if batch_sizes is None else concatenate(hs, 0)), (h, c)


class RNN(RNNBase):
    """A multi-layer Elman RNN, h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), or
    relu with nonlinearity='relu' (torch.nn.RNN). forward(input, hx=None) returns
    (output, h_n)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        if not (isinstance(nonlinearity, str) and nonlinearity in NONLINEARITIES):
            raise ValueError(f"RNN: Unknown nonlinearity {shown(nonlinearity)}. Select from "
                             "'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         seed=seed, generator=generator, dtype=dtype)


class LSTM(RNNBase):
    """A multi-layer LSTM, the gates i, f, g, o of LSTMCell at each step (torch.nn.LSTM).
    With proj_size > 0, h_t = (o_t * tanh(c_t)) W_hr^T has proj_size features.
    forward(input, hx=None), hx = (h_0, c_0), returns (output, (h_n, c_n))."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size, seed=seed, generator=generator,
                         dtype=dtype)


class GRU(RNNBase):
    """A multi-layer GRU, the gates r, z, n of GRUCell at each step (torch.nn.GRU).
    forward(input, hx=None) returns (output, h_n)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, seed=seed, generator=generator, dtype=dtype)
