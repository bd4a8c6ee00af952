"""Print PyTorch's numbers for tests/test_nn_ctc.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_ctc.py \
        > tests/torch_numbers_ctc.py

(any Python with torch and numpy). F.ctc_loss on small inputs from numpy's seeded generator:
padded and concatenated targets, repeated labels (a blank between them), empty targets, an
input length of 0, impossible alignments with and without zero_infinity, another blank, one
sample (T, C), log-probabilities that are not normalised, lengths as lists and as Tensors,
each reduction, float64 and float32. Each case keeps its inputs, keyword arguments, output,
a fixed random output gradient and the gradient of log_probs after backward of it, as
float literals (repr: exact; inf and nan as math's), so the tests need no PyTorch.
(PyTorch has no second derivative of ctc_loss: "derivative for aten::_ctc_loss_backward is
not implemented"; gradproof's is checked against central differences by nn/specs/ctc.py.)
"""

from __future__ import annotations

import pprint

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

_seed = iter(range(1, 10_000))


def normal(*shape: int) -> np.ndarray:
    """Standard normals rounded to 3 decimals (short literals)."""
    return np.round(np.random.default_rng(next(_seed)).standard_normal(shape), 3)


def log_probs(*shape: int, dtype: str = "float64", normalised: bool = True) -> np.ndarray:
    """log_softmax of rounded normals over the last dim (or the normals themselves)."""
    x = normal(*shape)
    if normalised:
        x = torch.tensor(x).log_softmax(-1).numpy()
    return x.astype(dtype)


def run(lp: np.ndarray, targets: list, input_lengths: list | int, target_lengths: list | int,
        as_tensors: bool = False, **kwargs) -> dict:
    """F.ctc_loss after backward of a random output gradient; lengths given as lists, or
    (as_tensors) as int64 Tensors (an int: a 0-d one)."""
    x = torch.tensor(lp, requires_grad=True)
    lengths = [torch.tensor(v) if as_tensors else v for v in (input_lengths, target_lengths)]
    out = F.ctc_loss(x, torch.tensor(targets), *lengths, **kwargs)
    g = normal(*out.shape).astype(lp.dtype)
    out.backward(torch.tensor(g))
    return {"log_probs": lp.tolist(), "dtype": str(lp.dtype), "targets": targets,
            "input_lengths": input_lengths, "target_lengths": target_lengths,
            "as_tensors": as_tensors, "kwargs": kwargs, "out": out.detach().numpy().tolist(),
            "grad_output": g.tolist(), "grad": x.grad.numpy().tolist()}


def cases() -> dict:
    padded = [[1, 2, 2], [3, 1, 0], [4, 4, 4]]  # repeats; padding (0, the blank) never read
    out = {}
    for dtype in ("float64", "float32"):
        for reduction in ("none", "mean", "sum"):
            out[f"padded-{reduction}-{dtype}"] = run(
                log_probs(7, 3, 5, dtype=dtype), padded, [7, 5, 6], [3, 2, 1],
                reduction=reduction)
        out[f"concatenated-{dtype}"] = run(log_probs(6, 3, 4, dtype=dtype), [1, 2, 3, 3, 1],
                                           [6, 4, 3], [2, 2, 1], reduction="none")
        out[f"larger-{dtype}"] = run(
            log_probs(12, 4, 6, dtype=dtype),
            [[1, 2, 3, 4, 5], [5, 5, 1, 2, 0], [2, 3, 2, 3, 2], [1, 1, 1, 0, 0]],
            [12, 10, 11, 7], [5, 4, 5, 3], reduction="mean")
    # every alignment needs more steps than there are: inf, and nan gradients
    for reduction in ("none", "mean", "sum"):
        out[f"impossible-{reduction}"] = run(
            log_probs(4, 3, 4), [[1, 2, 0], [3, 3, 3], [2, 2, 0]], [4, 4, 2], [2, 3, 2],
            reduction=reduction)
        out[f"impossible-zero-infinity-{reduction}"] = run(
            log_probs(4, 3, 4), [[1, 2, 0], [3, 3, 3], [2, 2, 0]], [4, 4, 2], [2, 3, 2],
            reduction=reduction, zero_infinity=True)
    out["empty-targets"] = run(log_probs(5, 3, 4), [[0, 0], [1, 2], [0, 0]], [5, 4, 3],
                               [0, 2, 0], reduction="mean")
    out["no-steps"] = run(log_probs(5, 3, 4), [[0, 0], [1, 2], [3, 0]], [0, 4, 0],
                          [0, 2, 1], reduction="none")
    out["blank-last"] = run(log_probs(5, 2, 4), [[0, 1], [2, 2]], [5, 5], [2, 2],
                            blank=3, reduction="none")
    out["not-normalised"] = run(log_probs(5, 2, 4, normalised=False), [[1, 2], [3, 3]],
                                [5, 5], [2, 2], reduction="sum")
    out["length-tensors"] = run(log_probs(5, 2, 4), [[1, 2], [3, 0]], [5, 3], [2, 1],
                                as_tensors=True)
    out["one-sample-concatenated"] = run(log_probs(6, 4), [1, 2, 1], [6], [3],
                                         reduction="none")
    out["one-sample-padded-mean"] = run(log_probs(6, 4), [[1, 2, 2, 0]], [5], [3])
    out["one-sample-0-d-tensors"] = run(log_probs(6, 4, dtype="float32"), [3, 1], 6, 2,
                                        as_tensors=True, reduction="sum")
    return out


def main() -> None:
    print(f'"""PyTorch {torch.__version__}\'s numbers for tests/test_nn_ctc.py.\n\n'
          'Printed by tests/torch_reference_ctc.py: do not edit by hand.\n"""')
    print("\nfrom math import inf, nan  # (impossible alignments)")
    print(f"\nTORCH_CTC = {pprint.pformat(cases(), width=87, compact=True)}")


if __name__ == "__main__":
    main()
