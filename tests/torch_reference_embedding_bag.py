"""Print PyTorch's numbers for tests/test_nn_embedding_bag.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_embedding_bag.py \
        > tests/torch_numbers_embedding_bag.py

(any Python with torch and numpy). F.embedding_bag in each mode, on 2-D inputs and on 1-D
inputs with offsets (empty bags, include_last_offset), with padding_idx (a bag of padding
only), per_sample_weights, ties and nans in mode='max', max_norm, scale_grad_by_freq and
float32. Each case keeps its inputs, its output and the gradients after backward of a fixed
random output gradient, as float literals (repr: exact; nan printed as NAN).

scale_grad_by_freq: PyTorch 2.13's CPU kernel divides some rows' gradients by another
index's count (pytorch/pytorch#190063), so its cases here are ones it gets right (each index
as frequent as the one its count is read for), and one more whose gradient is the documented
rule's, computed by F.embedding(scale_grad_by_freq=True) (right in PyTorch) and a sum or
mean per bag.
"""

from __future__ import annotations

import pprint
import re

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

_seed = iter(range(1, 10_000))


def normal(*shape: int, dtype: str = "float64") -> np.ndarray:
    """Standard normals rounded to 3 decimals (short literals), in the case's dtype."""
    return np.round(np.random.default_rng(next(_seed)).standard_normal(shape), 3).astype(dtype)


def listed(t: torch.Tensor) -> list:
    return t.detach().numpy().tolist()


def run(input: list, weight: np.ndarray, per_sample_weights: np.ndarray | None = None,  # noqa: A002
        **kwargs) -> dict:
    """F.embedding_bag after backward of a random output gradient: the inputs, the output
    gradient, the output and the gradients of the weight (and per_sample_weights)."""
    w = torch.tensor(weight, requires_grad=True)
    psw = None if per_sample_weights is None else torch.tensor(per_sample_weights,
                                                               requires_grad=True)
    offsets = kwargs.pop("offsets", None)
    out = F.embedding_bag(torch.tensor(input, dtype=torch.long), w,
                          None if offsets is None else torch.tensor(offsets),
                          per_sample_weights=psw, **kwargs)
    g = normal(*out.shape, dtype=str(weight.dtype))
    out.backward(torch.tensor(g))
    case = {"input": input, "weight": weight.tolist(), "offsets": offsets, "kwargs": kwargs,
            "grad_output": g.tolist(), "out": listed(out), "grad_weight": listed(w.grad)}
    if psw is not None:
        case.update(per_sample_weights=per_sample_weights.tolist(),
                    grad_per_sample_weights=listed(psw.grad))
    return case


def mode_cases() -> dict:
    flat, offsets = [4, 0, 2, 2, 5, 1, 0, 3, 4], [0, 3, 3, 7]  # bag 1 is empty
    cases = {}
    for mode in ("sum", "mean", "max"):
        cases[f"2d-{mode}"] = run([[1, 4, 0, 4], [2, 2, 5, 3], [0, 1, 1, 1]], normal(6, 3),
                                  mode=mode)
        cases[f"offsets-{mode}"] = run(flat, normal(6, 4), offsets=offsets, mode=mode)
        cases[f"last-offset-{mode}"] = run(flat, normal(6, 2), offsets=[0, 2, 2, 6, 9],
                                           include_last_offset=True, mode=mode)
        # padding_idx 2: the second bag is all padding (zeros); -1 is the last row
        cases[f"padding-{mode}"] = run([3, 2, 1, 2, 2, 0, 2, 5], normal(6, 3),
                                       offsets=[0, 3, 5], mode=mode, padding_idx=2)
        cases[f"padding-negative-{mode}"] = run([[5, 1, 5], [5, 5, 5]], normal(6, 2),
                                                mode=mode, padding_idx=-1)
        cases[f"float32-{mode}"] = run(flat, normal(6, 3, dtype="float32"), offsets=offsets,
                                       mode=mode)
    cases["empty-input"] = run([], normal(3, 2), offsets=[0, 0], mode="mean")
    return cases


def max_cases() -> dict:
    """Ties (the first maximum wins), a row twice in a bag, nans (PyTorch's loop: a nan
    wins only as the bag's first), -inf rows."""
    nan, inf = float("nan"), float("inf")
    weight = np.array([[1.0, 5.0, 2.0], [3.0, 5.0, nan], [3.0, 0.0, 7.0], [nan, 1.0, 1.0],
                       [-inf, -inf, -inf], [3.0, 5.0, 7.0]])
    return {
        "ties": run([0, 1, 2, 5, 2, 1, 0, 5, 0, 0], weight, offsets=[0, 4, 7, 8], mode="max"),
        "nan-later": run([0, 1, 2, 1], weight, offsets=[0], mode="max"),
        "nan-first": run([1, 0, 3, 0, 2], weight, offsets=[0, 2], mode="max"),
        "minus-inf": run([4, 4, 4, 0], weight, offsets=[0, 2], mode="max"),
    }


def weighted_cases() -> dict:
    return {
        "per-sample-weights": run([4, 0, 2, 2, 5, 1, 0, 3, 4], normal(6, 3),
                                  per_sample_weights=normal(9), offsets=[0, 3, 3, 7],
                                  mode="sum"),
        "per-sample-weights-2d": run([[1, 4, 1], [2, 0, 5]], normal(6, 2),
                                     per_sample_weights=normal(2, 3), mode="sum"),
        "per-sample-weights-padding": run([3, 2, 1, 2, 2, 0, 2, 5], normal(6, 3),
                                          per_sample_weights=normal(8), offsets=[0, 3, 5],
                                          mode="sum", padding_idx=2),
        "per-sample-weights-float32": run([1, 3, 3, 0], normal(4, 3, dtype="float32"),
                                          per_sample_weights=normal(4, dtype="float32"),
                                          offsets=[0, 1], mode="sum"),
    }


def frequency_cases() -> dict:
    """scale_grad_by_freq where PyTorch's kernel is right: every index equally frequent."""
    return {
        "frequency-sum": run([3, 1, 3, 0, 1, 0], normal(5, 2), offsets=[0, 2, 5], mode="sum",
                             scale_grad_by_freq=True),
        "frequency-mean": run([[2, 2, 4], [4, 0, 0]], normal(5, 3), mode="mean",
                              scale_grad_by_freq=True),
        "frequency-weights": run([1, 1, 3, 3], normal(4, 2), per_sample_weights=normal(4),
                                 offsets=[0, 3], mode="sum", scale_grad_by_freq=True),
    }


def documented_frequency_cases() -> dict:
    """Mixed counts (index 1 three times, 3 twice, 2 once): the documented rule's gradient,
    from F.embedding's scale_grad_by_freq and a sum or mean over each bag."""
    flat, offsets = [1, 1, 3, 1, 3, 2], [0, 3]
    results = {}
    for mode in ("sum", "mean"):
        weight = normal(5, 3)
        w = torch.tensor(weight, requires_grad=True)
        rows = F.embedding(torch.tensor(flat), w, scale_grad_by_freq=True)
        out = torch.stack([getattr(rows[0:3], mode)(0), getattr(rows[3:6], mode)(0)])
        g = normal(*out.shape)
        out.backward(torch.tensor(g))
        results[f"documented-frequency-{mode}"] = {
            "input": flat, "weight": weight.tolist(), "offsets": offsets,
            "kwargs": {"mode": mode, "scale_grad_by_freq": True}, "grad_output": g.tolist(),
            "out": listed(out), "grad_weight": listed(w.grad)}
    return results


def max_norm_cases() -> dict:
    """max_norm renormalises the rows the input names, in place (padding's too)."""
    results = {}
    for name, kwargs in (("max-norm", {"max_norm": 1.0}),
                         ("max-norm-p1-padding", {"max_norm": 1.5, "norm_type": 1.0,
                                                  "padding_idx": 0})):
        weight = normal(5, 3) * 2
        w = torch.tensor(weight)
        out = F.embedding_bag(torch.tensor([[0, 2], [4, 2]]), w, mode="sum", **kwargs)
        results[name] = {"input": [[0, 2], [4, 2]], "weight": weight.tolist(),
                         "kwargs": {"mode": "sum", **kwargs}, "out": listed(out),
                         "weight_after": listed(w)}
    return results


def main() -> None:
    tables = {
        "TORCH_EMBEDDING_BAG": {**mode_cases(), **max_cases(), **weighted_cases(),
                                **frequency_cases(), **documented_frequency_cases()},
        "TORCH_EMBEDDING_BAG_MAX_NORM": max_norm_cases(),
    }
    print(f'"""PyTorch {torch.__version__}\'s numbers for tests/test_nn_embedding_bag.py.\n\n'
          'Printed by tests/torch_reference_embedding_bag.py: do not edit by hand.\n"""\n\n'
          'NAN = float("nan")\nINF = float("inf")')
    for name, value in tables.items():
        text = pprint.pformat(value, width=99 - len(name) - 3, compact=True)
        text = re.sub(r"(?<![\w'\"])nan(?![\w'\"-])", "NAN", text)
        text = re.sub(r"(?<![\w'\"])inf(?![\w'\"-])", "INF", text)
        print(f"\n{name} = {text}")


if __name__ == "__main__":
    main()
