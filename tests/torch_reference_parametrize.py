"""Print PyTorch's numbers for parametrizations, weight_norm and spectral_norm (not a test).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_parametrize.py \
        > tests/torch_numbers_parametrize.py

(any Python with torch and numpy). Each case builds a layer, gives its parameters values
drawn by numpy (`state`, before any parametrization), applies a parametrization, and for
spectral norm sets the power iteration's vectors u and v to numpy's unit vectors (`u0`,
`v0`: PyTorch draws its own at random). Then it calls the layer `steps` times on a numpy
input in training mode, recording each output (and u and v after the call); the gradients
are those of the sum of every call's weighted_sum(output) (tests/torch_reference_recurrent.
py's weights). One more call in eval mode gives `eval_output` (and u, v unchanged). Floats
are printed as repr (exact), in float64.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from torch.nn.utils import parametrizations, parametrize
from torch_reference_recurrent import listed, literal, weights_for


class Symmetric(torch.nn.Module):
    """X.triu() + X.triu(1).T, right_inverse A.triu() (PyTorch's documentation's example)."""

    def forward(self, x):
        return x.triu() + x.triu(1).T

    def right_inverse(self, a):
        return a.triu()


class Scaled(torch.nn.Module):
    """forward(scale, direction) = scale * direction; right_inverse(W) = (max |W|,
    W / max |W|): a parametrization of two tensors, original0 and original1."""

    def forward(self, scale, direction):
        return scale * direction

    def right_inverse(self, w):
        scale = w.abs().max()
        return scale, w / scale


class Doubled(torch.nn.Module):
    def forward(self, x):
        return 2 * x

    def right_inverse(self, x):
        return x / 2


LAYERS = {  # name: (constructor, arguments, input shape)
    "linear3": (torch.nn.Linear, (3, 3), (2, 3)),
    "linear": (torch.nn.Linear, (3, 4), (2, 3)),
    "conv2d": (torch.nn.Conv2d, (2, 3, 2), (1, 2, 3, 3)),
    "conv_transpose2d": (torch.nn.ConvTranspose2d, (2, 3, 2), (1, 2, 3, 3)),
    "conv1d": (torch.nn.Conv1d, (2, 3, 2), (1, 2, 4)),
    "wide": (torch.nn.Linear, (4, 3), (2, 4)),
}

# name: (layer, how: parametrize | parametrizations | hooks, what, keyword arguments, steps)
CASES = {
    "symmetric": ("linear3", "parametrize", "Symmetric", {}, 1),
    "scaled_then_doubled": ("linear", "parametrize", "Scaled+Doubled", {}, 1),
    "weight_norm_linear": ("linear", "parametrizations", "weight_norm", {}, 1),
    "weight_norm_linear_dim1": ("linear", "parametrizations", "weight_norm", {"dim": 1}, 1),
    "weight_norm_linear_whole": ("linear", "parametrizations", "weight_norm", {"dim": None},
                                 1),
    "weight_norm_conv2d_dim_minus_2": ("conv2d", "parametrizations", "weight_norm",
                                       {"dim": -2}, 1),
    "old_weight_norm_linear": ("linear", "hooks", "weight_norm", {}, 1),
    "old_weight_norm_conv1d_dim2": ("conv1d", "hooks", "weight_norm", {"dim": 2}, 1),
    "spectral_norm_linear": ("linear", "parametrizations", "spectral_norm", {}, 3),
    "spectral_norm_conv2d_two_iterations": ("conv2d", "parametrizations", "spectral_norm",
                                            {"n_power_iterations": 2}, 3),
    "spectral_norm_conv_transpose2d": ("conv_transpose2d", "parametrizations",
                                       "spectral_norm", {}, 2),
    "spectral_norm_linear_dim1": ("linear", "parametrizations", "spectral_norm", {"dim": 1},
                                  2),
    "spectral_norm_bias": ("linear", "parametrizations", "spectral_norm", {"name": "bias"},
                           1),
    "orthogonal_matrix_exp": ("linear3", "parametrizations", "orthogonal", {}, 1),
    "orthogonal_cayley": ("linear3", "parametrizations", "orthogonal",
                          {"orthogonal_map": "cayley"}, 1),
    "orthogonal_householder_tall": ("linear", "parametrizations", "orthogonal", {}, 1),
    "orthogonal_matrix_exp_wide": ("wide", "parametrizations", "orthogonal",
                                   {"orthogonal_map": "matrix_exp"}, 1),
    "orthogonal_householder_no_trivialization": (
        "linear", "parametrizations", "orthogonal", {"use_trivialization": False}, 1),
    "orthogonal_cayley_conv1d_batch": ("conv1d", "parametrizations", "orthogonal",
                                       {"orthogonal_map": "cayley"}, 1),
    "old_spectral_norm_linear": ("linear", "hooks", "spectral_norm", {}, 3),
    "old_spectral_norm_conv_transpose2d": ("conv_transpose2d", "hooks", "spectral_norm",
                                           {"n_power_iterations": 2}, 2),
}


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.standard_normal(n)
    return x / np.linalg.norm(x)


def vectors(module: torch.nn.Module, how: str, name: str) -> tuple | None:
    """The module's u and v (buffers), or None when it has none."""
    if how == "hooks":
        u = getattr(module, name + "_u", None)
        return None if u is None else (u, getattr(module, name + "_v"))
    plist = module.parametrizations[name]
    return (plist[0]._u, plist[0]._v) if hasattr(plist[0], "_u") else None


def orthogonal_start(module: torch.nn.Module, case: dict, rng: np.random.Generator) -> None:
    """Record the original (and base) that registering made from the weight; then, with a
    base (drawn at random by PyTorch for a non-square weight), set the original to numpy's
    X / 2 and base to the Q of numpy's matrix (`x_set`, `base_set`)."""
    plist = module.parametrizations.weight
    case["registered"] = {"original": listed(plist.original), "weight": listed(module.weight)}
    if getattr(plist[0], "base", None) is None:
        return
    case["registered"]["base"] = listed(plist[0].base)
    x = rng.standard_normal(tuple(plist.original.shape)) / 2
    q, r = np.linalg.qr(rng.standard_normal(tuple(plist[0].base.shape)))
    with torch.no_grad():
        plist.original.copy_(torch.tensor(x))
        plist[0].base.copy_(torch.tensor(q))
    case["x_set"], case["base_set"] = x.tolist(), q.tolist()


def run(index: int, layer: str, how: str, what: str, kwargs: dict, steps: int) -> dict:
    make, args, x_shape = LAYERS[layer]
    rng = np.random.default_rng(200 + index)
    module = make(*args)
    state = {}
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.tensor(rng.standard_normal(tuple(p.shape))))
            state[name] = listed(p)
    name = kwargs.get("name", "weight")
    if how == "parametrize":
        for part in what.split("+"):
            parametrize.register_parametrization(module, name, globals()[part]())
    elif how == "parametrizations":
        getattr(parametrizations, what)(module, **kwargs)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            getattr(torch.nn.utils, what)(module, **kwargs)
    case: dict = {"layer": layer, "how": how, "what": what, "kwargs": kwargs, "state": state,
                  "keys": list(module.state_dict())}
    if what == "orthogonal":
        orthogonal_start(module, case, rng)
    uv = vectors(module, how, name)
    if uv is not None:
        u0, v0 = unit(rng, uv[0].shape[0]), unit(rng, uv[1].shape[0])
        with torch.no_grad():
            uv[0].copy_(torch.tensor(u0))
            uv[1].copy_(torch.tensor(v0))
        case["u0"], case["v0"] = u0.tolist(), v0.tolist()
    x = torch.tensor(rng.standard_normal(x_shape))
    case["input"] = listed(x)
    case["outputs"], case["u"], case["v"] = [], [], []
    for _ in range(steps):
        out = module(x)
        (out * torch.tensor(weights_for(tuple(out.shape)))).sum().backward()
        case["outputs"].append(listed(out))
        if uv is not None:
            case["u"].append(listed(uv[0]))
            case["v"].append(listed(uv[1]))
    case["grads"] = {n: listed(p.grad) for n, p in module.named_parameters()}
    if uv is not None:  # sigma with the last u and v, as a forward in eval mode uses them
        original = (getattr(module, name + "_orig") if how == "hooks"
                    else module.parametrizations[name].original)
        dim = 1 if layer == "conv_transpose2d" else kwargs.get("dim", 0)
        mat = original.detach().movedim(dim, 0).reshape(original.shape[dim], -1)
        case["sigma"] = torch.vdot(uv[0], mat @ uv[1]).item()
    module.eval()
    with torch.no_grad():
        case["eval_output"] = listed(module(x))
        case["eval_weight"] = listed(getattr(module, name))
    if uv is not None:
        case["eval_u"], case["eval_v"] = listed(uv[0]), listed(uv[1])
    return case


def main() -> None:
    torch.set_default_dtype(torch.float64)
    cases = {name: run(i, *case) for i, (name, case) in enumerate(CASES.items())}
    print(f'"""PyTorch {torch.__version__}\'s numbers for parametrizations, weight_norm and '
          'spectral_norm\n(float64).\n\n'
          'Printed by tests/torch_reference_parametrize.py: do not edit by hand.\n"""')
    print("\nTORCH_PARAMETRIZED = {}")
    for name, case in cases.items():
        print(f"\nTORCH_PARAMETRIZED[{name!r}] = {literal(case, 0, 0)}")


if __name__ == "__main__":
    main()
