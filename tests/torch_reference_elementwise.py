"""Print PyTorch's numbers for the elementwise ops and activations (not a test: pytest skips
it). Run with any Python that has torch:

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_elementwise.py \
        > tests/torch_elementwise_numbers.py

The output holds PyTorch's float64 values and gradients as float literals (repr: exact),
which tests/test_elementwise.py and tests/test_nn_activations.py import; PyTorch is never
needed to run the tests.
"""

from __future__ import annotations

import math
import pprint

import torch
import torch.nn.functional as F  # noqa: N812 (PyTorch's habit)

torch.set_default_dtype(torch.float64)
inf, nan = math.inf, math.nan

# torch function: inputs (domain edges, large and tiny numbers, nan and inf)
UNARY = {
    "erf": [-30.0, -3.0, -0.5, -1e-300, 0.0, 1e-10, 0.5, 1.0, 2.5, 6.0, inf, -inf, nan],
    "erfc": [-30.0, -1.0, 0.0, 0.3, 1.0, 5.0, 10.0, 26.0, 27.5, inf],
    "erfinv": [-1.0, -0.999999, -0.5, 0.0, 1e-10, 0.3, 0.9, 0.999, 1.0],
    "sign": [-2.0, -0.0, 0.0, 3.0],
    "floor": [-2.5, -0.5, 0.5, 2.0, 1e300],
    "ceil": [-2.5, -0.5, 0.5, 2.0],
    "trunc": [-2.5, -0.5, 0.5, 2.7],
    "round": [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999999999999994],
    "rsqrt": [0.0, 0.25, 4.0, 1e-300],
    "reciprocal": [-0.0, 0.0, 0.5, -4.0],
    "exp2": [-1080.0, -3.0, 0.5, 10.0, 1024.0],
    "expm1": [-40.0, -1e-10, 1e-10, 1.0, 700.0],
    "log2": [0.0, 0.125, 3.0, 1e300],
    "log10": [0.0, 0.001, 3.0],
    "log1p": [-1.0, -0.5, 1e-10, 1e-300, 3.0],
    "tan": [-1.5, 0.0, 1.0, 1.5707963],
    "asin": [-1.0, -0.9999, 0.0, 0.5, 1.0],
    "acos": [-1.0, -0.9999, 0.0, 0.5, 1.0],
    "atan": [-1e10, -1.0, 0.0, 2.0],
    "sinh": [-3.0, 0.0, 1e-10, 710.0],
    "cosh": [-3.0, 0.0, 2.0, 710.0],
    "asinh": [-1e10, -1.0, 0.0, 2.0],
    "acosh": [1.0, 1.0000001, 2.0, 1e10],
    "atanh": [-1.0, -0.9999999, 0.0, 0.5, 1.0],
    "nan_to_num": [nan, inf, -inf, 1.0, -2.0],
}

BINARY = {  # torch function: (x, y)
    "fmod": ([5.5, -5.5, 5.5, -5.5, 0.5, -7.0], [2.0, 2.0, -2.0, -2.0, 3.0, 2.5]),
    "remainder": ([5.5, -5.5, 5.5, -5.5, 0.5, -7.0], [2.0, 2.0, -2.0, -2.0, 3.0, 2.5]),
    "atan2": ([1.0, 1.0, -1.0, -1.0, 0.0, 1e-300], [1.0, -1.0, -1.0, 1.0, -1.0, -1.0]),
    "hypot": ([0.0, 3.0, -5.0, 1e200], [0.0, 4.0, 12.0, 1e200]),
    "logaddexp": ([1000.0, -1000.0, 0.0, inf, -inf, 1.0],
                  [1000.0, -1000.0, -745.0, inf, -inf, 2.0]),
    "logaddexp2": ([1000.0, -1000.0, 0.0, 3.0], [1000.0, -1000.0, -1100.0, 1.0]),
}

ACTIVATIONS = {  # case: (F's function, inputs, keyword arguments)
    "leaky_relu": ("leaky_relu", [-1e10, -1.0, 0.0, 1.0, 1e10, nan], {}),
    "leaky_relu_slope": ("leaky_relu", [-2.0, 0.0, 3.0], {"negative_slope": 0.2}),
    "elu": ("elu", [-1000.0, -1.0, 0.0, 1e-300, 1000.0, nan], {}),
    "elu_alpha2": ("elu", [-1000.0, -1.0, 0.0, 2.0], {"alpha": 2.0}),
    "selu": ("selu", [-40.0, -1.0, 0.0, 1.0, 40.0], {}),
    "celu": ("celu", [-40.0, -1.0, 0.0, 1.0], {"alpha": 2.0}),
    "gelu": ("gelu", [-40.0, -10.0, -5.0, 0.0, 1e-5, 1.0, 5.0, 40.0], {}),
    "gelu_tanh": ("gelu", [-40.0, -5.0, 0.0, 1.0, 5.0, 40.0], {"approximate": "tanh"}),
    "silu": ("silu", [-1000.0, -40.0, -1.0, 0.0, 1.0, 40.0, 1000.0], {}),
    "mish": ("mish", [-1000.0, -40.0, -1.0, 0.0, 1.0, 20.0, 40.0, 1000.0], {}),
    "softplus": ("softplus", [-1000.0, -40.0, 0.0, 1e-5, 19.99, 20.0, 20.0001, 40.0, 1000.0],
                 {}),
    "softplus_beta": ("softplus", [9.9, 10.0, 10.1, -3.0], {"beta": 2.0}),
    "softplus_threshold": ("softplus", [0.5, 0.9, 1.0, 1.1], {"threshold": 1.0}),
    "softsign": ("softsign", [-1e308, -2.0, 0.0, 2.0, 1e308], {}),
    "logsigmoid": ("logsigmoid", [-1000.0, -40.0, 0.0, 1e-20, 40.0, 1000.0], {}),
    "hardtanh": ("hardtanh", [-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, nan], {}),
    "hardtanh_bounds": ("hardtanh", [-1.0, -0.5, 0.0, 2.0, 3.0],
                        {"min_val": -0.5, "max_val": 2.0}),
    "relu6": ("relu6", [-1.0, 0.0, 1e-300, 3.0, 6.0, 7.0, nan], {}),
    "hardsigmoid": ("hardsigmoid", [-4.0, -3.0, -2.9999999, 0.0, 2.9999999, 3.0, 4.0, nan],
                    {}),
    "hardswish": ("hardswish",
                  [-4.0, -3.0, -2.9999999, -1.0, 0.0, 2.9999999, 3.0, 4.0, nan], {}),
}

NORMALIZE = [  # (input, upstream gradient, keyword arguments)
    ([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], [[1.0] * 3] * 2, {}),
    ([[1e-13, 0.0]], [[1.0, 1.0]], {}),
    ([[1.0, -2.0, 3.0]], [[1.0, 2.0, 3.0]], {}),
    ([1.0, -2.0, 3.0], [1.0, 2.0, 3.0], {"dim": 0}),
    ([[3.0, 1.0], [4.0, 1.0]], [[1.0, 2.0], [3.0, 4.0]], {"dim": 0}),
    ([[1.0, -2.0, 3.0]], [[1.0, 2.0, 3.0]], {"p": 1}),
    ([[0.0, 0.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]], {"p": 1}),
    ([[1.0, -2.0, 3.0]], [[1.0, 2.0, 3.0]], {"p": 3}),
    ([[1.0, -2.0, 3.0]], [[1.0, 2.0, 3.0]], {"p": inf}),
    ([[4.0, 4.0]], [[1.0, 2.0]], {"p": inf}),
    ([[0.0, 1.0]], [[1.0, 2.0]], {"p": 0.5}),
    ([[1.0, 0.0, 3.0]], [[1.0, 2.0, 3.0]], {"p": 0}),
]


def _floats(t):
    return [float(v) for v in t.detach().reshape(-1)] if t.dim() <= 1 else t.tolist()


def _run(fn, xs, upstream=None, **kwargs):
    x = torch.tensor(xs, requires_grad=True)
    y = fn(x, **kwargs)
    y.backward(torch.ones_like(y) if upstream is None else torch.full_like(y, upstream))
    return _floats(y), _floats(x.grad)


def _binary(name, xs, ys):
    x, y = torch.tensor(xs, requires_grad=True), torch.tensor(ys, requires_grad=True)
    out = getattr(torch, name)(x, y)
    out.backward(torch.ones_like(out))
    return _floats(out), _floats(x.grad), _floats(y.grad)


def _normalize(xs, upstream, **kwargs):
    x = torch.tensor(xs, requires_grad=True)
    y = F.normalize(x, **kwargs)
    y.backward(torch.tensor(upstream))
    return _floats(y), _floats(x.grad)


def main() -> None:
    tables = {
        "TORCH_UNARY": {name: (xs, *_run(getattr(torch, name), xs))
                        for name, xs in UNARY.items()},
        "TORCH_BINARY": {name: (xs, ys, *_binary(name, xs, ys))
                         for name, (xs, ys) in BINARY.items()},
        "TORCH_ACTIVATIONS": {case: (fn, xs, kwargs, *_run(getattr(F, fn), xs, **kwargs))
                              for case, (fn, xs, kwargs) in ACTIVATIONS.items()},
        "TORCH_ACTIVATIONS_INFINITE_UPSTREAM": {
            case: _run(getattr(F, fn), [v for v in xs if v == v], inf, **kwargs)[1]
            for case, (fn, xs, kwargs) in ACTIVATIONS.items()},
        "TORCH_NORMALIZE": [(xs, up, kwargs, *_normalize(xs, up, **kwargs))
                            for xs, up, kwargs in NORMALIZE],
    }
    print(f'"""PyTorch {torch.__version__}\'s float64 numbers for the elementwise ops and '
          "activations.\n\nPrinted by tests/torch_reference_elementwise.py: do not edit by "
          'hand.\n"""\n\nimport math\n\ninf, nan = math.inf, math.nan')
    notes = {
        "TORCH_UNARY": "torch function: (inputs, outputs, gradients of the sum)",
        "TORCH_BINARY": "torch function: (x, y, outputs, gradients of the sum in x, in y)",
        "TORCH_ACTIVATIONS": "case: (F's function, inputs, kwargs, outputs, gradients)",
        "TORCH_ACTIVATIONS_INFINITE_UPSTREAM": "case: gradients for an upstream gradient of "
                                               "inf (nan inputs left out)",
        "TORCH_NORMALIZE": "(input, upstream gradient, kwargs, output, input gradient)",
    }
    for name, table in tables.items():
        # Narrower by the name: pformat's first line follows "NAME = ".
        text = pprint.pformat(table, width=96 - len(name), compact=True, sort_dicts=False)
        print(f"\n# {notes[name]}\n{name} = {text}")


if __name__ == "__main__":
    main()
