"""Print PyTorch's numbers for tests/test_nn_functional_more.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_functional_more.py \
        > tests/torch_numbers_functional_more.py

(any Python with torch and numpy). threshold, hardshrink, softshrink, tanhshrink, rrelu's
evaluation mode, glu, local_response_norm, channel_shuffle, conv_tbc, the upsample names,
max pooling's *_with_indices and nn.Softmax2d, on small inputs drawn from numpy's seeded
generator (with the kinks put in: x at the threshold, at ±lambd, at ±0); each case keeps
its inputs, output and the gradients after backward of a fixed random output gradient, as
float literals (repr: shortest round trip, so exact, -0.0 too). Alpha dropout's masks are
PyTorch's own draws: the case keeps its output and gradient, and the test compares the
elements both libraries kept (or both dropped). And the reprs and state_dict keys of the new
modules, ParameterList, ParameterDict and LazyLinear, as strings.
"""

from __future__ import annotations

import pprint
import warnings

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn

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
    if isinstance(out, tuple):
        out, indices = out
        kwargs = {**kwargs, "indices": listed(indices)}
    g = normal(*out.shape, dtype=dtype)
    out.backward(torch.tensor(g))
    return {"inputs": {k: v.tolist() for k, v in inputs.items()}, "kwargs": kwargs,
            "grad_output": g.tolist(), "out": listed(out),
            **{f"grad_{k}": listed(tensors[k].grad) for k in grads}}


def with_points(*points: float, shape: tuple[int, ...] = (3, 4), dtype: str = "float64"
                ) -> np.ndarray:
    """Normals with the first entries set to the given points (the kinks)."""
    x = normal(*shape, dtype=dtype)
    x.reshape(-1)[:len(points)] = points
    return x


def pointwise_cases() -> dict:
    return {
        "threshold": run(F.threshold, {"input": with_points(0.5, -0.5, 0.0, 1.5)},
                         threshold=0.5, value=-3.0),
        "threshold-float32": run(F.threshold, {"input": with_points(0.25, dtype="float32")},
                                 dtype="float32", threshold=0.25, value=2.0),
        "hardshrink": run(F.hardshrink, {"input": with_points(0.5, -0.5, 0.0, -0.0)}),
        "hardshrink-1": run(F.hardshrink, {"input": with_points(1.0, -1.0, 0.3)}, lambd=1.0),
        "hardshrink-negative": run(F.hardshrink, {"input": with_points(0.0, 0.2)}, lambd=-0.5),
        "softshrink": run(F.softshrink, {"input": with_points(0.5, -0.5, 0.0, -0.0, -0.3)}),
        "softshrink-0": run(F.softshrink, {"input": with_points(0.0, -0.0)}, lambd=0.0),
        "softshrink-float32": run(F.softshrink, {"input": with_points(1.0, dtype="float32")},
                                  dtype="float32", lambd=1.0),
        "tanhshrink": run(F.tanhshrink, {"input": with_points(0.0, -0.0, 5.0)}),
        "rrelu-eval": run(F.rrelu, {"input": with_points(0.0, -0.0, -1.0)}),
        "rrelu-eval-bounds": run(F.rrelu, {"input": with_points(0.0)}, lower=-1.0, upper=2.0),
        "glu": run(F.glu, {"input": normal(3, 4)}),
        "glu-dim0": run(F.glu, {"input": normal(4, 3, 2)}, dim=0),
        "glu-float32": run(F.glu, {"input": normal(2, 6, dtype="float32")}, dtype="float32",
                           dim=1),
    }


def lrn_cases() -> dict:
    table = {
        "3d-size2": (normal(2, 5, 3), {"size": 2}),
        "3d-size3-strong": (normal(2, 5, 3), {"size": 3, "alpha": 0.5, "beta": 0.6, "k": 1.5}),
        "4d-size5": (normal(1, 4, 2, 3), {"size": 5, "alpha": 1.0, "beta": 0.75, "k": 2.0}),
        "5d-size1": (normal(1, 3, 2, 2, 2), {"size": 1, "alpha": 2.0}),
        "4d-float32": (normal(2, 3, 2, 2, dtype="float32"), {"size": 3, "alpha": 0.3}),
    }
    return {name: run(F.local_response_norm, {"input": x}, dtype=str(x.dtype), **kwargs)
            for name, (x, kwargs) in table.items()}


def shape_cases() -> dict:
    x, w, b = normal(5, 2, 3), normal(3, 3, 4), normal(4)
    return {
        "channel_shuffle": run(F.channel_shuffle, {"input": normal(2, 6, 3)}, groups=3),
        "channel_shuffle-4d": run(F.channel_shuffle, {"input": normal(1, 4, 2, 2)}, groups=2),
        **{f"conv_tbc-pad{pad}": run(F.conv_tbc, {"input": x, "weight": w, "bias": b},
                                     ("input", "weight", "bias"), pad=pad)
           for pad in (0, 1, -1)},
        "softmax2d-4d": run(nn.Softmax2d(), {"input": normal(2, 3, 2, 2)}),
        "softmax2d-3d": run(nn.Softmax2d(), {"input": normal(3, 2, 2)}),
    }


def upsample_cases() -> dict:
    table = {
        "upsample-linear": (F.upsample, normal(1, 2, 3), {"scale_factor": 2, "mode": "linear"}),
        "upsample-bilinear-aligned": (F.upsample, normal(1, 1, 2, 3),
                                      {"size": (3, 5), "mode": "bilinear",
                                       "align_corners": True}),
        "upsample_nearest": (F.upsample_nearest, normal(1, 2, 2, 3), {"scale_factor": 2}),
        "upsample_bilinear": (F.upsample_bilinear, normal(1, 2, 2, 3), {"size": (4, 5)}),
        "upsample_bilinear-scale": (F.upsample_bilinear, normal(1, 1, 3, 2),
                                    {"scale_factor": 2}),
    }
    results = {}
    for name, (fn, x, kwargs) in table.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            results[name] = run(fn, {"input": x}, **kwargs)
        results[name]["warning"] = str(caught[0].message)
    return results


def with_indices_cases() -> dict:
    return {
        "max_pool1d": run(F.max_pool1d_with_indices, {"input": normal(1, 2, 7)},
                          kernel_size=3, stride=2, padding=1),
        "max_pool2d": run(F.max_pool2d_with_indices, {"input": normal(1, 2, 4, 5)},
                          kernel_size=2, ceil_mode=True),
        "max_pool3d": run(F.max_pool3d_with_indices, {"input": normal(1, 1, 3, 4, 4)},
                          kernel_size=2),
        "adaptive_max_pool1d": run(F.adaptive_max_pool1d_with_indices,
                                   {"input": normal(2, 7)}, output_size=3),
        "adaptive_max_pool2d": run(F.adaptive_max_pool2d_with_indices,
                                   {"input": normal(1, 2, 5, 4)}, output_size=(2, 3)),
        "adaptive_max_pool3d": run(F.adaptive_max_pool3d_with_indices,
                                   {"input": normal(1, 1, 3, 3, 4)}, output_size=2),
    }


def alpha_dropout_cases() -> dict:
    """PyTorch's own draws: x, out and the gradient of out.sum() (the noise a, or 0)."""
    torch.manual_seed(0)
    results = {}
    for name, fn, shape, p, dtype in (
            ("alpha-0.5", F.alpha_dropout, (6, 8), 0.5, "float64"),
            ("alpha-0.2", F.alpha_dropout, (6, 8), 0.2, "float64"),
            ("alpha-float32", F.alpha_dropout, (6, 8), 0.5, "float32"),
            ("feature-0.5", F.feature_alpha_dropout, (4, 6, 3), 0.5, "float64"),
            ("feature-float32", F.feature_alpha_dropout, (4, 6, 2, 2), 0.3, "float32")):
        x = torch.tensor(normal(*shape, dtype=dtype), requires_grad=True)
        out = fn(x, p, training=True)
        out.sum().backward()
        results[name] = {"input": listed(x), "p": p, "out": listed(out),
                         "grad_input": listed(x.grad)}
    return results


def module_reprs() -> dict:
    layers = {
        "Threshold(0.1, 20)": nn.Threshold(0.1, 20),
        "Threshold(0.1, 20, True)": nn.Threshold(0.1, 20, True),
        "GLU()": nn.GLU(), "GLU(0)": nn.GLU(0),
        "Softshrink()": nn.Softshrink(), "Softshrink(1.0)": nn.Softshrink(1.0),
        "Hardshrink()": nn.Hardshrink(), "Hardshrink(1)": nn.Hardshrink(1),
        "Tanhshrink()": nn.Tanhshrink(), "Softmax2d()": nn.Softmax2d(),
        "RReLU()": nn.RReLU(), "RReLU(0.1, 0.3, True)": nn.RReLU(0.1, 0.3, True),
        "LocalResponseNorm(2)": nn.LocalResponseNorm(2),
        "LocalResponseNorm(3, 0.5, 1.0, 2)": nn.LocalResponseNorm(3, 0.5, 1.0, 2),
        "AlphaDropout()": nn.AlphaDropout(), "AlphaDropout(0.2, True)": nn.AlphaDropout(0.2, True),
        "FeatureAlphaDropout(0.3)": nn.FeatureAlphaDropout(0.3),
        "ChannelShuffle(2)": nn.ChannelShuffle(2),
        "LazyLinear(3)": nn.LazyLinear(3), "LazyLinear(3, bias=False)": nn.LazyLinear(3, False),
    }
    return {call: repr(layer) for call, layer in layers.items()}


def container_cases() -> dict:
    """reprs, parameter names and state_dict keys of ParameterList and ParameterDict."""
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.ps = nn.ParameterList([nn.Parameter(torch.ones(2))])
            self.pd = nn.ParameterDict({"b": nn.Parameter(torch.ones(1)),
                                        "a": nn.Parameter(torch.zeros(2, 2))})
            self.more = nn.ParameterList([nn.Parameter(torch.ones(2, 3)),
                                          nn.Parameter(torch.ones(3, dtype=torch.float64)),
                                          torch.zeros(2)])

    model = Model()
    mixed = nn.ParameterList([1.5, "x", nn.Linear(1, 1)])
    lazy = nn.LazyLinear(3)
    lazy(torch.ones(2, 4))
    return {"model_repr": repr(model),
            "model_names": [name for name, _ in model.named_parameters()],
            "model_state": list(model.state_dict()),
            "mixed_repr": repr(mixed), "mixed_state": list(mixed.state_dict()),
            "empty": [repr(nn.ParameterList()), repr(nn.ParameterDict())],
            "dict_keys": list(model.pd.keys()),
            "double_dict_repr": repr(nn.ParameterDict(
                {"x": nn.Parameter(torch.ones(2, dtype=torch.float64))})),
            "lazy_after": repr(lazy), "lazy_class": type(lazy).__name__}


def main() -> None:
    tables = {
        "TORCH_POINTWISE": pointwise_cases(),
        "TORCH_LRN": lrn_cases(),
        "TORCH_SHAPES": shape_cases(),
        "TORCH_UPSAMPLE": upsample_cases(),
        "TORCH_WITH_INDICES": with_indices_cases(),
        "TORCH_ALPHA_DROPOUT": alpha_dropout_cases(),
        "TORCH_REPRS": module_reprs(),
        "TORCH_CONTAINERS": container_cases(),
    }
    print(f'"""PyTorch {torch.__version__}\'s numbers for tests/test_nn_functional_more.py.\n\n'
          'Printed by tests/torch_reference_functional_more.py: do not edit by hand.\n"""')
    for name, value in tables.items():
        print(f"\n{name} = {pprint.pformat(value, width=99 - len(name) - 3, compact=True)}")


if __name__ == "__main__":
    main()
