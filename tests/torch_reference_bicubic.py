"""Print PyTorch's numbers for tests/test_nn_upsampling_bicubic.py (not a test: pytest skips
it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_bicubic.py \
        > tests/torch_numbers_bicubic.py

(any Python with torch and numpy). F.interpolate(mode='bicubic') on small (N, C, H, W)
inputs drawn from numpy's seeded generator: sizes up and down, align_corners True and
False, scale factors (one, or one per axis) with and without recompute_scale_factor,
1-pixel inputs and outputs, the same size, float32; and the weights PyTorch gives each
input, read off the outputs of one-hot inputs. Each case keeps its input, its output and
the input's gradient after backward of a fixed random output gradient, as float literals
(repr: exact).
"""

from __future__ import annotations

import pprint

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

_seed = iter(range(1, 10_000))


def normal(*shape: int, dtype: str = "float64") -> np.ndarray:
    """Standard normals rounded to 3 decimals (short literals), in the case's dtype."""
    return np.round(np.random.default_rng(next(_seed)).standard_normal(shape), 3).astype(dtype)


def listed(t: torch.Tensor) -> list:
    return t.detach().numpy().tolist()


def run(x: np.ndarray, **kwargs) -> dict:
    tx = torch.tensor(x, requires_grad=True)
    out = F.interpolate(tx, mode="bicubic", **kwargs)
    g = normal(*out.shape, dtype=str(x.dtype))
    out.backward(torch.tensor(g))
    return {"input": x.tolist(), "dtype": str(x.dtype), "kwargs": kwargs,
            "grad_output": g.tolist(), "out": listed(out), "grad_input": listed(tx.grad)}


def image(dtype: str = "float64") -> np.ndarray:
    return normal(1, 2, 3, 4, dtype=dtype)


def resize_cases() -> dict:
    table = {
        "size-up": (image(), {"size": (5, 7)}),
        "size-up-align-corners": (image(), {"size": (5, 7), "align_corners": True}),
        "size-down": (normal(2, 1, 7, 6), {"size": (3, 4)}),
        "size-down-align-corners": (normal(2, 1, 7, 6), {"size": (3, 4),
                                                         "align_corners": True}),
        "size-int": (image(), {"size": 6}),
        "scale-2": (image(), {"scale_factor": 2}),
        "scale-2-align-corners": (image(), {"scale_factor": 2, "align_corners": True}),
        "scale-1.7": (image(), {"scale_factor": 1.7}),
        "scale-1.7-recompute": (image(), {"scale_factor": 1.7, "recompute_scale_factor": True}),
        "scale-pair": (image(), {"scale_factor": (2.5, 0.6)}),
        "scale-pair-recompute-align-corners": (image(), {"scale_factor": (2.5, 0.6),
                                                         "recompute_scale_factor": True,
                                                         "align_corners": True}),
        "scale-down-0.5": (normal(1, 1, 6, 8), {"scale_factor": 0.5}),
        "same-size": (image(), {"size": (3, 4)}),
        "one-pixel-in": (normal(1, 2, 1, 1), {"size": (3, 2)}),
        "one-pixel-out": (image(), {"size": (1, 1)}),
        "one-pixel-out-align-corners": (image(), {"size": (1, 1), "align_corners": True}),
        "wide": (normal(1, 1, 2, 9), {"size": (6, 4)}),
        "float32": (image("float32"), {"size": (5, 7)}),
        "float32-scale": (image("float32"), {"scale_factor": 2.5, "align_corners": True}),
    }
    return {name: run(x, **kwargs) for name, (x, kwargs) in table.items()}


def weight_cases() -> dict:
    """The weight of each input in each output, along one axis (n_in -> n_out): the outputs
    of one-hot rows, (n_in, n_out)."""
    results = {}
    for n_in, n_out, align_corners, dtype in ((7, 5, False, "float64"),
                                              (8, 17, False, "float64"),
                                              (5, 9, True, "float64"),
                                              (13, 29, False, "float32")):
        x = torch.tensor(np.eye(n_in, dtype=dtype).reshape(n_in, 1, 1, n_in))
        out = F.interpolate(x, size=(1, n_out), mode="bicubic", align_corners=align_corners)
        results[f"{n_in}-to-{n_out}-{align_corners}-{dtype}"] = out[:, 0, 0, :].numpy().tolist()
    return results


def main() -> None:
    tables = {"TORCH_BICUBIC": resize_cases(), "TORCH_BICUBIC_WEIGHTS": weight_cases()}
    print(f'"""PyTorch {torch.__version__}\'s numbers for tests/test_nn_upsampling_bicubic.py.\n'
          '\nPrinted by tests/torch_reference_bicubic.py: do not edit by hand.\n"""')
    for name, value in tables.items():
        print(f"\n{name} = {pprint.pformat(value, width=99 - len(name) - 3, compact=True)}")


if __name__ == "__main__":
    main()
