"""Print PyTorch's numbers for the recurrent layers' cases (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_recurrent.py \
        > tests/torch_numbers_recurrent.py

(any Python with torch and numpy). For each case of CASES: the layer's settings, its
parameters as PyTorch initialised them (its state_dict, which tests/test_nn_recurrent.py
loads into gradproof's layer), the input and the initial state drawn by numpy, and what
PyTorch computes from them in float64: the output and final states, and the gradients of
the input, the initial state and every parameter after backward of weighted_sum (the same
fixed weights, cos(0), cos(1), ..., on each result). Floats are printed as repr (the
shortest round trip, so exact); PyTorch is never needed to run the tests.
"""

from __future__ import annotations

import pprint

import numpy as np
import torch

IN, HID = 2, 3  # input_size, hidden_size of every case
# name: (layer, its keyword arguments, input shape, initial state shapes or None)
CASES = {
    "rnn_two_layers_bidirectional": ("RNN", {"num_layers": 2, "bidirectional": True},
                                     (4, 2, IN), None),
    "rnn_relu_batch_first_h0": ("RNN", {"nonlinearity": "relu", "batch_first": True},
                                (2, 4, IN), [(1, 2, HID)]),
    "rnn_unbatched_h0": ("RNN", {"num_layers": 2}, (4, IN), [(2, HID)]),
    "lstm_two_layers_bidirectional_proj": (
        "LSTM", {"num_layers": 2, "bidirectional": True, "proj_size": 2}, (4, 2, IN),
        [(4, 2, 2), (4, 2, HID)]),
    "lstm_batch_first": ("LSTM", {"batch_first": True}, (2, 4, IN), None),
    "lstm_unbatched_proj_h0": ("LSTM", {"proj_size": 2}, (4, IN), [(1, 2), (1, HID)]),
    "gru_two_layers_bidirectional_batch_first_h0": (
        "GRU", {"num_layers": 2, "bidirectional": True, "batch_first": True}, (2, 4, IN),
        [(4, 2, HID)]),
    "gru_no_bias_unbatched": ("GRU", {"bias": False}, (4, IN), None),
    "rnn_cell": ("RNNCell", {}, (2, IN), [(2, HID)]),
    "rnn_cell_relu_unbatched": ("RNNCell", {"nonlinearity": "relu"}, (IN,), None),
    "lstm_cell": ("LSTMCell", {}, (2, IN), [(2, HID), (2, HID)]),
    "lstm_cell_unbatched": ("LSTMCell", {}, (IN,), None),
    "gru_cell": ("GRUCell", {}, (2, IN), [(2, HID)]),
    "gru_cell_no_bias_unbatched": ("GRUCell", {"bias": False}, (IN,), [(HID,)]),
}

# repr of layers, as PyTorch prints them: (layer, keyword arguments) -> repr
REPRS = [("RNN", {"num_layers": 2, "nonlinearity": "relu", "dropout": 0.5,
                  "bidirectional": True}),
         ("LSTM", {"proj_size": 2, "batch_first": True, "bias": False}),
         ("GRU", {}), ("RNNCell", {"nonlinearity": "relu", "bias": False}),
         ("LSTMCell", {}), ("GRUCell", {"bias": False})]


def weights_for(shape: tuple[int, ...]) -> np.ndarray:
    """The fixed weights of weighted_sum for a result of this shape."""
    return np.cos(np.arange(int(np.prod(shape)))).reshape(shape)


def listed(t: torch.Tensor) -> list:
    return t.detach().numpy().tolist()


def run(index: int, layer: str, kwargs: dict, x_shape: tuple, h_shapes: list | None
        ) -> dict:
    torch.manual_seed(index)
    module = getattr(torch.nn, layer)(IN, HID, **kwargs)
    rng = np.random.default_rng(index)
    x = torch.tensor(rng.standard_normal(x_shape), requires_grad=True)
    hs = None if h_shapes is None else [
        torch.tensor(rng.standard_normal(shape), requires_grad=True) for shape in h_shapes]
    hx = None if hs is None else tuple(hs) if "LSTM" in layer else hs[0]
    result = module(x, hx)
    if layer in ("RNN", "GRU", "LSTM"):
        output, final = result
        finals = list(final) if layer == "LSTM" else [final]
    else:
        output, finals = None, list(result) if layer == "LSTMCell" else [result]
    results = ([] if output is None else [output]) + finals
    sum((r * torch.tensor(weights_for(tuple(r.shape)))).sum() for r in results).backward()
    return {
        "layer": layer, "kwargs": kwargs,
        "state_dict": {name: listed(p) for name, p in module.state_dict().items()},
        "input": listed(x), "hx": None if hs is None else [listed(h) for h in hs],
        "output": None if output is None else listed(output),
        "finals": [listed(f) for f in finals],
        "input_grad": listed(x.grad),
        "hx_grad": None if hs is None else [listed(h.grad) for h in hs],
        "param_grads": {name: listed(p.grad) for name, p in module.named_parameters()},
    }


def literal(value: object, indent: int, column: int) -> str:
    """value as Python source starting at `column` of a line indented by `indent`: a dict
    of arrays one entry a line, lists packed into lines under 100 characters."""
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
        pad = indent + 4
        entries = [f"{' ' * pad}{key!r}: {literal(v, pad, pad + len(repr(key)) + 2)},"
                   for key, v in value.items()]
        return "{\n" + "\n".join(entries) + "\n" + " " * indent + "}"
    text = pprint.pformat(value, width=99 - column, compact=True, sort_dicts=False)
    return text.replace("\n", "\n" + " " * column)


def main() -> None:
    torch.set_default_dtype(torch.float64)
    cases = {name: run(i, *case) for i, (name, case) in enumerate(CASES.items())}
    reprs = [(layer, kwargs, repr(getattr(torch.nn, layer)(IN, HID, **kwargs)))
             for layer, kwargs in REPRS]
    print(f'"""PyTorch {torch.__version__}\'s numbers for the recurrent layers (float64).\n\n'
          'Printed by tests/torch_reference_recurrent.py: do not edit by hand.\n"""')
    print(f"\nINPUT_SIZE, HIDDEN_SIZE = {IN}, {HID}")
    print("\nTORCH_RECURRENT = {}")
    for name, case in cases.items():
        print(f"\nTORCH_RECURRENT[{name!r}] = {literal(case, 0, 0)}")
    print(f"\nTORCH_REPRS = {literal(reprs, 0, 14)}")


if __name__ == "__main__":
    main()
