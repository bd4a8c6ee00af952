"""Print PyTorch's numbers for tests/test_nn_layers_more.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_layers.py \
        > tests/torch_numbers_layers.py

(any Python with torch and numpy). PReLU, RMSNorm, InstanceNorm1d/2d, interpolate (every
mode gradproof has, align_corners, scale factors with and without recompute_scale_factor),
PixelShuffle and PixelUnshuffle, on small inputs drawn from numpy's seeded generator. Each
case keeps its inputs, its output and the gradients after backward of a fixed random output
gradient, as float literals (repr: shortest round trip, so exact; a float32 case's numbers
are its float32 values, exactly), so the tests need no PyTorch and cannot drift from the
inputs PyTorch saw.
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


def run(fn, inputs: dict, grads: tuple[str, ...] = ("input",), dtype: str = "float64",
        **kwargs) -> dict:
    """fn(**tensors, **kwargs) after backward of a random output gradient: the inputs, the
    output gradient, the output and the gradients of `grads`."""
    tensors = {k: torch.tensor(v, requires_grad=k in grads) for k, v in inputs.items()}
    out = fn(**tensors, **kwargs)
    g = normal(*out.shape, dtype=dtype)
    out.backward(torch.tensor(g))
    return {"inputs": {k: v.tolist() for k, v in inputs.items()}, "kwargs": kwargs,
            "grad_output": g.tolist(), "out": listed(out),
            **{f"grad_{k}": listed(tensors[k].grad) for k in grads}}


def prelu_cases() -> dict:
    x = normal(2, 3, 4)
    x[0, 0, :2] = 0.0  # the kink: the gradient there is the slope
    return {
        "channels": run(F.prelu, {"input": x, "weight": np.array([0.25, -0.5, 1.5])},
                        ("input", "weight")),
        "one-slope": run(F.prelu, {"input": normal(2, 3), "weight": np.array([0.1])},
                         ("input", "weight")),
        "1-d": run(F.prelu, {"input": normal(5), "weight": np.array([0.3])},
                   ("input", "weight")),
        "0-d-slope": run(F.prelu, {"input": normal(2, 2, 3), "weight": np.array(0.2)},
                         ("input", "weight")),
        "float32": run(F.prelu, {"input": normal(2, 3, 2, dtype="float32"),
                                 "weight": np.array([0.25, 0.1, -0.3], "float32")},
                       ("input", "weight"), "float32"),
    }


def rms_norm_cases() -> dict:
    return {
        "last-axis": run(F.rms_norm, {"input": normal(2, 3, 4), "weight": normal(4)},
                         ("input", "weight"), normalized_shape=[4]),
        "two-axes-eps": run(F.rms_norm, {"input": normal(2, 3, 4)}, normalized_shape=[3, 4],
                            eps=1e-3),
        "float32": run(F.rms_norm, {"input": normal(3, 5, dtype="float32"),
                                    "weight": normal(5, dtype="float32")},
                       ("input", "weight"), "float32", normalized_shape=[5]),
    }


def instance_norm_layers() -> dict:
    """Three training steps (each a backward), then evaluation, of each layer."""
    results = {}
    for name, cls, features, shape, kwargs in (
            ("1d-affine-tracked", torch.nn.InstanceNorm1d, 3, (2, 3, 5),
             {"affine": True, "track_running_stats": True}),
            ("1d-momentum-none", torch.nn.InstanceNorm1d, 3, (2, 3, 4),
             {"track_running_stats": True, "momentum": None}),
            ("2d-default", torch.nn.InstanceNorm2d, 2, (2, 2, 3, 4), {}),
            ("2d-affine-tracked", torch.nn.InstanceNorm2d, 2, (1, 2, 3, 3),
             {"affine": True, "track_running_stats": True, "momentum": 0.3}),
            ("1d-unbatched", torch.nn.InstanceNorm1d, 3, (3, 4),
             {"affine": True, "track_running_stats": True})):
        layer = cls(features, **kwargs).double()
        case: dict = {"kwargs": kwargs, "steps": []}
        if layer.affine:
            w, b = normal(features), normal(features)
            with torch.no_grad():
                layer.weight.copy_(torch.tensor(w))
                layer.bias.copy_(torch.tensor(b))
            case.update(weight=w.tolist(), bias=b.tolist())
        for _ in range(3):
            x = torch.tensor(normal(*shape) * 2 + 1, requires_grad=True)
            layer.zero_grad()
            out = layer(x)
            g = normal(*out.shape)
            out.backward(torch.tensor(g))
            case["steps"].append({"input": listed(x), "grad_output": g.tolist()})
        case.update(out=listed(out), grad_input=listed(x.grad))
        if layer.affine:
            case.update(grad_weight=listed(layer.weight.grad), grad_bias=listed(layer.bias.grad))
        if layer.track_running_stats:
            case.update(running_mean=listed(layer.running_mean),
                        running_var=listed(layer.running_var))
        layer.eval()
        x = normal(*shape)
        case.update(eval_input=x.tolist(), eval=listed(layer(torch.tensor(x))))
        results[name] = case
    return results


def instance_norm_functional() -> dict:
    def given_stats(input, weight, bias):  # noqa: A002
        return F.instance_norm(input, torch.tensor([0.5, -1.0, 0.2], dtype=torch.float64),
                               torch.tensor([1.5, 0.5, 2.0], dtype=torch.float64), weight,
                               bias, use_input_stats=False)
    return {
        "stats-given": run(given_stats, {"input": normal(2, 3, 4), "weight": normal(3),
                                         "bias": normal(3)}, ("input", "weight", "bias")),
        "float32": run(F.instance_norm, {"input": normal(2, 3, 6, dtype="float32")},
                       dtype="float32"),
    }


def interpolate_cases() -> dict:
    signal, image = (lambda dtype="float64": normal(1, 2, 5, dtype=dtype),
                     lambda dtype="float64": normal(1, 2, 3, 4, dtype=dtype))
    table = {
        "nearest-scale-2": (signal(), {"scale_factor": 2}),
        "nearest-size-7": (signal(), {"size": 7}),
        "nearest-scale-1.7": (signal(), {"scale_factor": 1.7}),
        "nearest-down-0.5": (signal(), {"scale_factor": 0.5}),
        "nearest-exact-size-7": (signal(), {"size": 7, "mode": "nearest-exact"}),
        "nearest-exact-scale-1.5": (signal(), {"scale_factor": 1.5, "mode": "nearest-exact"}),
        "nearest-exact-tie-2-to-41": (normal(1, 1, 2, dtype="float32"),
                                      {"size": 41, "mode": "nearest-exact"}),
        "nearest-2d": (image(), {"size": (5, 3)}),
        "nearest-exact-2d": (image(), {"scale_factor": (1.5, 0.5), "mode": "nearest-exact"}),
        "nearest-3d": (normal(1, 1, 2, 3, 2), {"scale_factor": (1, 2, 1.5)}),
        "linear-size-7": (signal(), {"size": 7, "mode": "linear"}),
        "linear-align-corners": (signal(), {"size": 7, "mode": "linear", "align_corners": True}),
        "linear-scale-1.5": (signal(), {"scale_factor": 1.5, "mode": "linear"}),
        "linear-scale-1.5-recompute": (signal(), {"scale_factor": 1.5, "mode": "linear",
                                                  "recompute_scale_factor": True}),
        "linear-down-3": (signal(), {"size": 3, "mode": "linear"}),
        "linear-down-3-align-corners": (signal(), {"size": 3, "mode": "linear",
                                                   "align_corners": True}),
        "linear-to-1-align-corners": (signal(), {"size": 1, "mode": "linear",
                                                 "align_corners": True}),
        "linear-float32": (signal("float32"), {"size": 8, "mode": "linear"}),
        "bilinear-size": (image(), {"size": (5, 7), "mode": "bilinear"}),
        "bilinear-align-corners": (image(), {"size": (5, 7), "mode": "bilinear",
                                             "align_corners": True}),
        "bilinear-scale-pair": (image(), {"scale_factor": (2, 1.5), "mode": "bilinear"}),
        "bilinear-down": (normal(2, 1, 5, 6), {"size": (2, 4), "mode": "bilinear"}),
        "bilinear-same-height": (image(), {"size": (3, 6), "mode": "bilinear"}),
        "bilinear-float32": (image("float32"), {"scale_factor": 2.5, "mode": "bilinear"}),
        "trilinear": (normal(1, 1, 2, 3, 2), {"size": (3, 4, 3), "mode": "trilinear"}),
        "area-1d": (normal(1, 2, 7), {"size": 3, "mode": "area"}),
        "area-2d-scale": (normal(1, 2, 5, 6), {"scale_factor": 0.5, "mode": "area"}),
    }
    results = {}
    for name, (x, kwargs) in table.items():
        results[name] = run(F.interpolate, {"input": x}, dtype=str(x.dtype), **kwargs)
    return results


def pixel_shuffle_cases() -> dict:
    return {
        "shuffle-2": run(F.pixel_shuffle, {"input": normal(1, 8, 2, 3)}, upscale_factor=2),
        "shuffle-3-unbatched": run(F.pixel_shuffle, {"input": normal(9, 1, 2)},
                                   upscale_factor=3),
        "shuffle-5-d": run(F.pixel_shuffle, {"input": normal(2, 1, 4, 1, 2)}, upscale_factor=2),
        "unshuffle-2": run(F.pixel_unshuffle, {"input": normal(2, 2, 4, 6)},
                           downscale_factor=2),
        "unshuffle-3-unbatched": run(F.pixel_unshuffle, {"input": normal(1, 3, 6)},
                                     downscale_factor=3),
    }


def main() -> None:
    tables = {
        "TORCH_PRELU": prelu_cases(),
        "TORCH_RMS_NORM": rms_norm_cases(),
        "TORCH_INSTANCE_NORM": instance_norm_layers(),
        "TORCH_INSTANCE_NORM_F": instance_norm_functional(),
        "TORCH_INTERPOLATE": interpolate_cases(),
        "TORCH_PIXEL_SHUFFLE": pixel_shuffle_cases(),
    }
    print(f'"""PyTorch {torch.__version__}\'s numbers for tests/test_nn_layers_more.py.\n\n'
          'Printed by tests/torch_reference_layers.py: do not edit by hand.\n"""')
    for name, value in tables.items():
        print(f"\n{name} = {pprint.pformat(value, width=99 - len(name) - 3, compact=True)}")


if __name__ == "__main__":
    main()
