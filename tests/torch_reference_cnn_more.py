"""Print PyTorch's numbers for the cases in cnn_more_cases.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_cnn_more.py \
        > tests/torch_numbers_cnn_more.py

(any Python with torch and numpy). Each case's output and gradients (after backward of a
fixed random output gradient), in float64 (a few in float32), as float literals (repr:
shortest round trip, so exact); tests/test_nn_cnn_more.py imports them, and PyTorch is never
needed to run the tests.
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cnn_more_cases as cases  # noqa: E402


def tensors(*arrays):
    return [torch.tensor(a, requires_grad=True) for a in arrays]


def listed(t):
    return t.detach().numpy().tolist()


def backward(out, family, index, *inputs):
    """Run backward from a fixed gradient; the output and each input's gradient."""
    out.backward(torch.tensor(cases.output_gradient(cases.seed(family, index), out.shape),
                              dtype=out.dtype))
    return {"out": listed(out), **{name: listed(t.grad) for name, t in inputs if t is not None}}


def conv3d():
    results = {}
    for index, (case, x_shape, w_shape, bias, kwargs) in enumerate(cases.CONV3D):
        x, w, b = tensors(*cases.arrays(cases.seed("conv3d", index), x_shape, w_shape,
                                        (w_shape[0],)))
        out = F.conv3d(x, w, b if bias else None, **kwargs)
        results[case] = backward(out, "conv3d", index, ("x", x), ("w", w),
                                 ("b", b if bias else None))
    return results


def conv3d_layers():
    results = {}
    for index, (case, x_shape, kwargs) in enumerate(cases.CONV3D_LAYERS):
        x, w, b = tensors(*cases.arrays(cases.seed("conv3d_layers", index), x_shape,
                                        (3, 2, 3, 3, 3), (3,)))
        layer = torch.nn.Conv3d(2, 3, 3, **kwargs).double()
        with torch.no_grad():
            layer.weight.copy_(w)
            layer.bias.copy_(b)
        results[case] = backward(layer(x), "conv3d_layers", index, ("x", x),
                                 ("w", layer.weight), ("b", layer.bias))
    return results


def pooled(family, index, function, x, kwargs, indices):
    x = tensors(x)[0]
    out = function(x, **kwargs)
    if indices:
        out, found = out
    result = backward(out, family, index, ("x", x))
    if indices:
        result["indices"] = found.numpy().tolist()
    return result


def pool3d(family, table, function, indices):
    return {f"{case}/{kind}": pooled(family, index, function,
                                     cases.inputs(family, index, cases.VOLUME, kind),
                                     {**kwargs, **({"return_indices": True} if indices else {})},
                                     indices)
            for index, (case, kwargs) in enumerate(table)
            for kind in (("normal", "ties") if indices else ("normal",))}


def adaptive_max(family, table, function):
    return {f"{case}/{kind}": pooled(family, index, function,
                                     cases.inputs(family, index, shape, kind),
                                     {"output_size": size, "return_indices": True}, True)
            for index, (case, shape, size) in enumerate(table) for kind in ("normal", "ties")}


def lp_pools():
    return {case: pooled("lp_pool", index, getattr(F, f"lp_pool{n}d"),
                         cases.inputs("lp_pool", index, shape, kind), kwargs, False)
            for index, (case, n, shape, kind, kwargs) in enumerate(cases.LP_POOL)}


def max_unpools():
    results = {}
    for index, (case, n, shape, pool_kwargs, kwargs) in enumerate(cases.MAX_UNPOOL):
        source = torch.tensor(cases.inputs("max_unpool", index, shape, "normal"))
        values, found = getattr(F, f"max_pool{n}d")(source, return_indices=True, **pool_kwargs)
        x = tensors(values.detach().numpy())[0]
        out = getattr(F, f"max_unpool{n}d")(x, found, **kwargs)
        results[case] = backward(out, "max_unpool", index, ("x", x))
        results[case]["indices"] = found.numpy().tolist()
    return results


def pad_layers():
    results = {}
    for index, (case, name, padding, value, shape) in enumerate(cases.PAD_LAYERS):
        x = tensors(cases.inputs("pad_layers", index, shape, "normal"))[0]
        layer = getattr(torch.nn, name)(padding, *(() if value is None else (value,)))
        results[case] = backward(layer(x), "pad_layers", index, ("x", x))
    return results


def pad_negative():
    results = {}
    for index, (case, mode, widths) in enumerate(cases.PAD_NEGATIVE):
        x = tensors(cases.inputs("pad_negative", index, (1, 2, 5), "normal"))[0]
        results[case] = backward(F.pad(x, widths, mode), "pad_negative", index, ("x", x))
    return results


def batch_norm3d():
    x, w, b = cases.arrays(cases.seed("batch_norm3d", 0), cases.BATCH_NORM3D, (3,), (3,))
    layer = torch.nn.BatchNorm3d(3).double()
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(w))
        layer.bias.copy_(torch.tensor(b))
    (x,) = tensors(x * 2 + 1)
    result = backward(layer(x), "batch_norm3d", 0, ("x", x), ("weight", layer.weight),
                      ("bias", layer.bias))
    result["running_mean"] = listed(layer.running_mean)
    result["running_var"] = listed(layer.running_var)
    layer.eval()
    result["eval"] = listed(layer(torch.tensor(cases.arrays(7, cases.BATCH_NORM3D)[0])))
    return result


def float32():
    results = {}
    for index, (case, name, shape, kind, kwargs) in enumerate(cases.FLOAT32):
        x = torch.tensor(cases.inputs("float32", index, shape, kind), dtype=torch.float32,
                         requires_grad=True)
        extra = []
        if name == "conv3d":
            w, b = cases.arrays(cases.seed("float32", index) + 1, cases.FLOAT32_WEIGHT, (3,))
            extra = [torch.tensor(a, dtype=torch.float32, requires_grad=True) for a in (w, b)]
        out = getattr(F, name)(x, *extra, **kwargs)
        results[case] = backward(out, "float32", index, ("x", x),
                                 *zip(("w", "b"), extra, strict=False))
    return results


def main() -> None:
    torch.set_default_dtype(torch.float64)
    values = {
        "TORCH_CONV3D": conv3d(),
        "TORCH_CONV3D_LAYERS": conv3d_layers(),
        "TORCH_MAX_POOL3D": pool3d("max_pool3d", cases.MAX_POOL3D, F.max_pool3d, True),
        "TORCH_AVG_POOL3D": pool3d("avg_pool3d", cases.AVG_POOL3D, F.avg_pool3d, False),
        "TORCH_ADAPTIVE_MAX_POOL2D": adaptive_max("adaptive_max_pool2d",
                                                  cases.ADAPTIVE_MAX_POOL2D,
                                                  F.adaptive_max_pool2d),
        "TORCH_ADAPTIVE_MAX_POOL1D": adaptive_max("adaptive_max_pool1d",
                                                  cases.ADAPTIVE_MAX_POOL1D,
                                                  F.adaptive_max_pool1d),
        "TORCH_LP_POOL": lp_pools(),
        "TORCH_MAX_UNPOOL": max_unpools(),
        "TORCH_PAD_LAYERS": pad_layers(),
        "TORCH_PAD_NEGATIVE": pad_negative(),
        "TORCH_BATCH_NORM3D": batch_norm3d(),
        "TORCH_FLOAT32": float32(),
    }
    print(f'"""PyTorch {torch.__version__}\'s numbers for the cases in cnn_more_cases.py\n'
          '(float64; TORCH_FLOAT32\'s in float32).\n\n'
          'Printed by tests/torch_reference_cnn_more.py: do not edit by hand.\n"""')
    print("\nfrom math import nan  # a nan in a pooling window wins, as in PyTorch")
    for name, value in values.items():
        print(f"\n{name} = {pprint.pformat(value, width=99 - len(name) - 3, compact=True)}")


if __name__ == "__main__":
    np.set_printoptions(precision=17)
    main()
