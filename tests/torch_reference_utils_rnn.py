"""Print PyTorch's numbers for packed sequences through the recurrent layers (not a test).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_utils_rnn.py \
        > tests/torch_numbers_utils_rnn.py

(any Python with torch and numpy). For each case of CASES: the layer's settings and its
state_dict as PyTorch initialised it, the padded input and lengths (and the initial state)
drawn by numpy, packed with pack_padded_sequence(enforce_sorted=False), and what PyTorch
computes from them in float64: the packed output (its data, batch_sizes, sorted_indices),
pad_packed_sequence of it, h_n (and c_n), and the gradients of the padded input, the initial
state and every parameter after backward of weighted_sum of the output's data and the final
states (tests/torch_reference_recurrent.py's loss). Floats are printed as repr (exact).
"""

from __future__ import annotations

import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from torch_reference_recurrent import listed, literal, weights_for

IN, HID = 2, 3  # input_size, hidden_size of every case
# name: (layer, keyword arguments, padded input shape, lengths, initial state shapes or None)
CASES = {
    "lstm_two_layers_bidirectional": (
        "LSTM", {"num_layers": 2, "bidirectional": True}, (4, 4, IN), [2, 4, 1, 3],
        [(4, 4, HID), (4, 4, HID)]),
    "lstm_proj_batch_first": ("LSTM", {"proj_size": 2, "batch_first": True, "num_layers": 2},
                              (3, 4, IN), [3, 4, 3], None),
    "gru_two_layers_bidirectional": ("GRU", {"num_layers": 2, "bidirectional": True},
                                     (5, 3, IN), [3, 5, 1], [(4, 3, HID)]),
    "rnn_two_layers_bidirectional_batch_first": (
        "RNN", {"num_layers": 2, "bidirectional": True, "batch_first": True}, (4, 3, IN),
        [1, 3, 2, 3], None),
    "rnn_relu_sorted": ("RNN", {"nonlinearity": "relu"}, (3, 2, IN), [3, 1], [(1, 2, HID)]),
}


def run(index: int, layer: str, kwargs: dict, x_shape: tuple, lengths: list,
        h_shapes: list | None) -> dict:
    torch.manual_seed(100 + index)
    module = getattr(torch.nn, layer)(IN, HID, **kwargs)
    rng = np.random.default_rng(100 + index)
    x = torch.tensor(rng.standard_normal(x_shape), requires_grad=True)
    hs = None if h_shapes is None else [
        torch.tensor(rng.standard_normal(shape), requires_grad=True) for shape in h_shapes]
    hx = None if hs is None else tuple(hs) if layer == "LSTM" else hs[0]
    batch_first = kwargs.get("batch_first", False)
    packed = pack_padded_sequence(x, lengths, batch_first=batch_first,
                                  enforce_sorted=lengths == sorted(lengths, reverse=True))
    output, final = module(packed, hx)
    finals = list(final) if layer == "LSTM" else [final]
    padded, out_lengths = pad_packed_sequence(output, batch_first=batch_first)
    results = [output.data] + finals
    sum((r * torch.tensor(weights_for(tuple(r.shape)))).sum() for r in results).backward()
    return {
        "layer": layer, "kwargs": kwargs, "lengths": lengths,
        "state_dict": {name: listed(p) for name, p in module.state_dict().items()},
        "input": listed(x), "hx": None if hs is None else [listed(h) for h in hs],
        "output_data": listed(output.data), "batch_sizes": listed(output.batch_sizes),
        "sorted_indices": None if output.sorted_indices is None
        else listed(output.sorted_indices),
        "padded_output": listed(padded), "output_lengths": listed(out_lengths),
        "finals": [listed(f) for f in finals],
        "input_grad": listed(x.grad),
        "hx_grad": None if hs is None else [listed(h.grad) for h in hs],
        "param_grads": {name: listed(p.grad) for name, p in module.named_parameters()},
    }


def main() -> None:
    torch.set_default_dtype(torch.float64)
    cases = {name: run(i, *case) for i, (name, case) in enumerate(CASES.items())}
    print(f'"""PyTorch {torch.__version__}\'s numbers for packed sequences through the '
          'recurrent layers\n(float64).\n\n'
          'Printed by tests/torch_reference_utils_rnn.py: do not edit by hand.\n"""')
    print(f"\nINPUT_SIZE, HIDDEN_SIZE = {IN}, {HID}")
    print("\nTORCH_PACKED = {}")
    for name, case in cases.items():
        print(f"\nTORCH_PACKED[{name!r}] = {literal(case, 0, 0)}")


if __name__ == "__main__":
    main()
