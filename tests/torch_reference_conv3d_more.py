"""Print PyTorch's numbers for the cases in conv3d_more_cases.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_conv3d_more.py \
        > tests/torch_numbers_conv3d_more.py

(any Python with torch and numpy). Each case's output and gradients (after backward of a
fixed random output gradient), in float64 (a few in float32), as float literals (repr:
shortest round trip, so exact), and the layers' reprs; tests/test_nn_conv3d_more.py imports
them, and PyTorch is never needed to run the tests.
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

sys.path.insert(0, str(Path(__file__).resolve().parent))
import conv3d_more_cases as cases  # noqa: E402


def tensors(*arrays):
    return [torch.tensor(a, requires_grad=True) for a in arrays]


def listed(t):
    return t.detach().numpy().tolist()


def backward(out, family, index, *inputs):
    """Run backward from a fixed gradient; the output and each input's gradient."""
    out.backward(torch.tensor(cases.output_gradient(cases.seed(family, index), out.shape),
                              dtype=out.dtype))
    return {"out": listed(out), **{name: listed(t.grad) for name, t in inputs if t is not None}}


def conv_transpose3d():
    results = {}
    for index, (case, x_shape, w_shape, bias, kwargs) in enumerate(cases.CONV_TRANSPOSE3D):
        groups = kwargs.get("groups", 1)
        x, w, b = tensors(*cases.arrays(cases.seed("conv_transpose3d", index), x_shape,
                                        w_shape, (w_shape[1] * groups,)))
        out = F.conv_transpose3d(x, w, b if bias else None, **kwargs)
        results[case] = backward(out, "conv_transpose3d", index, ("x", x), ("w", w),
                                 ("b", b if bias else None))
    return results


def conv_transpose3d_layers():
    results = {}
    for index, (case, x_shape, args, kwargs, size) in enumerate(cases.CONV_TRANSPOSE3D_LAYERS):
        layer = torch.nn.ConvTranspose3d(*args, **kwargs).double()
        x, w, b = tensors(*cases.arrays(cases.seed("conv_transpose3d_layers", index), x_shape,
                                        tuple(layer.weight.shape), (args[1],)))
        with torch.no_grad():
            layer.weight.copy_(w)
            if layer.bias is not None:
                layer.bias.copy_(b)
        out = layer(x, output_size=size)
        results[case] = backward(out, "conv_transpose3d_layers", index, ("x", x),
                                 ("w", layer.weight), ("b", layer.bias))
    return results


def adaptive(family, function, kinds):
    results = {}
    for index, (case, shape, size) in enumerate(cases.ADAPTIVE3D):
        for kind in kinds:
            (x,) = tensors(cases.inputs(family, index, shape, kind))
            indices = function is F.adaptive_max_pool3d
            out = function(x, size, **({"return_indices": True} if indices else {}))
            if indices:
                out, found = out
            results[f"{case}/{kind}"] = backward(out, family, index, ("x", x))
            if indices:
                results[f"{case}/{kind}"]["indices"] = found.numpy().tolist()
    return results


def upsampling():
    results = {}
    for index, (case, name, kwargs, shape) in enumerate(cases.UPSAMPLING):
        (x,) = tensors(cases.inputs("upsampling", index, shape, "normal"))
        results[case] = backward(getattr(torch.nn, name)(**kwargs)(x), "upsampling", index,
                                 ("x", x))
    return results


def reprs():
    return {case: repr(getattr(torch.nn, name)(*args, **kwargs))
            for case, name, args, kwargs in cases.REPRS}


def float32():
    results = {}
    for index, (case, name, shape, kwargs) in enumerate(cases.FLOAT32):
        x = torch.tensor(cases.inputs("float32", index, shape, "normal"), dtype=torch.float32,
                         requires_grad=True)
        extra = []
        if name == "conv_transpose3d":
            w, b = cases.arrays(cases.seed("float32", index) + 1, cases.FLOAT32_WEIGHT, (3,))
            extra = [torch.tensor(a, dtype=torch.float32, requires_grad=True) for a in (w, b)]
        out = getattr(F, name)(x, *extra, **kwargs)
        results[case] = backward(out, "float32", index, ("x", x),
                                 *zip(("w", "b"), extra, strict=False))
    return results


def main() -> None:
    torch.set_default_dtype(torch.float64)
    values = {
        "TORCH_CONV_TRANSPOSE3D": conv_transpose3d(),
        "TORCH_CONV_TRANSPOSE3D_LAYERS": conv_transpose3d_layers(),
        "TORCH_ADAPTIVE_AVG_POOL3D": adaptive("adaptive_avg_pool3d", F.adaptive_avg_pool3d,
                                              ("normal",)),
        "TORCH_ADAPTIVE_MAX_POOL3D": adaptive("adaptive_max_pool3d", F.adaptive_max_pool3d,
                                              ("normal", "ties")),
        "TORCH_UPSAMPLING": upsampling(),
        "TORCH_REPRS": reprs(),
        "TORCH_FLOAT32": float32(),
    }
    print(f'"""PyTorch {torch.__version__}\'s numbers for the cases in conv3d_more_cases.py\n'
          '(float64; TORCH_FLOAT32\'s in float32), and its layers\' reprs.\n\n'
          'Printed by tests/torch_reference_conv3d_more.py: do not edit by hand.\n"""')
    print("\nfrom math import nan  # a nan in a pooling window wins, as in PyTorch")
    for name, value in values.items():
        print(f"\n{name} = {pprint.pformat(value, width=99 - len(name) - 3, compact=True)}")


if __name__ == "__main__":
    np.set_printoptions(precision=17)
    main()
