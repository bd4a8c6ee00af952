"""Print PyTorch's numbers for the cases in cnn_cases.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_cnn.py > tests/torch_numbers_cnn.py

(any Python with torch and numpy). Each case's output and gradients (after backward of a
fixed random output gradient), in float64, as float literals (repr: shortest round trip,
so exact); the tests import them, and PyTorch is never needed to run the tests.
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cnn_cases as cases  # noqa: E402


def tensors(*arrays):
    return [torch.tensor(a, requires_grad=True) for a in arrays]


def listed(t):
    return t.detach().numpy().tolist()


def backward(out, family, index, *inputs):
    """Run backward from a fixed gradient; the output and each input's gradient."""
    out.backward(torch.tensor(cases.output_gradient(cases.seed(family, index), out.shape)))
    return {"out": listed(out), **{name: listed(t.grad) for name, t in inputs if t is not None}}


def convolutions(family, table, function):
    results = {}
    for index, (case, x_shape, w_shape, bias, kwargs) in enumerate(table):
        channels = w_shape[0] if "transpose" not in family else \
            w_shape[1] * kwargs.get("groups", 1)
        x, w, b = tensors(*cases.arrays(cases.seed(family, index), x_shape, w_shape,
                                        (channels,)))
        out = function(x, w, b if bias else None, **kwargs)
        results[case] = backward(out, family, index, ("x", x), ("w", w),
                                 ("b", b if bias else None))
    return results


def padding_modes():
    results = {}
    for index, (case, x_shape, kwargs) in enumerate(cases.PADDING_MODES):
        x, w, b = tensors(*cases.arrays(cases.seed("padding_modes", index), x_shape,
                                        (2, 3, 3, 3), (2,)))
        layer = torch.nn.Conv2d(3, 2, 3, **kwargs).double()
        with torch.no_grad():
            layer.weight.copy_(w)
            layer.bias.copy_(b)
        out = layer(x)
        results[case] = backward(out, "padding_modes", index, ("x", x),
                                 ("w", layer.weight), ("b", layer.bias))
    return results


def pooling(family, table, function, inputs):
    results = {}
    for index, (case, kwargs) in enumerate(table):
        for kind, array in inputs(index).items():
            x = tensors(array)[0]
            if family.startswith("max"):
                out, indices = function(x, return_indices=True, **kwargs)
            else:
                out, indices = function(x, **kwargs), None
            result = backward(out, family, index, ("x", x))
            if indices is not None:
                result["indices"] = indices.numpy().tolist()
            results[f"{case}/{kind}"] = result
    return results


def batch_norms():
    results = {}
    for index, (case, layer_name, features, shape, kwargs) in enumerate(cases.BATCH_NORM):
        base = cases.seed("batch_norm", index)
        layer = getattr(torch.nn, layer_name)(features, **kwargs).double()
        if layer.affine:
            w, b = cases.arrays(base, (features,), (features,))
            with torch.no_grad():
                layer.weight.copy_(torch.tensor(w))
                layer.bias.copy_(torch.tensor(b))
        for step in range(3):
            x = tensors(cases.arrays(base + 1 + step, shape)[0] * 2 + 1)[0]
            layer.zero_grad()
            out = layer(x)
            result = backward(out, "batch_norm", index, ("x", x), ("weight", layer.weight),
                              ("bias", layer.bias))
        result["running_mean"] = listed(layer.running_mean)
        result["running_var"] = listed(layer.running_var)
        result["num_batches_tracked"] = int(layer.num_batches_tracked)
        layer.eval()
        result["eval"] = listed(layer(torch.tensor(cases.arrays(base + 9, shape)[0])))
        results[case] = result
    return results


def layer_norms():
    results = {}
    for index, (case, shape, normalized, kwargs) in enumerate(cases.LAYER_NORM):
        x, w, b = tensors(*cases.arrays(cases.seed("layer_norm", index), shape, normalized,
                                        normalized))
        layer = torch.nn.LayerNorm(normalized, **kwargs).double()
        with torch.no_grad():
            layer.weight.copy_(w)
            if layer.bias is not None:
                layer.bias.copy_(b)
        results[case] = backward(layer(x), "layer_norm", index, ("x", x),
                                 ("weight", layer.weight), ("bias", layer.bias))
    return results


def group_norms():
    results = {}
    for index, (case, shape, groups, channels, kwargs) in enumerate(cases.GROUP_NORM):
        x, w, b = tensors(*cases.arrays(cases.seed("group_norm", index), shape, (channels,),
                                        (channels,)))
        layer = torch.nn.GroupNorm(groups, channels, **kwargs).double()
        with torch.no_grad():
            layer.weight.copy_(w)
            layer.bias.copy_(b)
        results[case] = backward(layer(x), "group_norm", index, ("x", x),
                                 ("weight", layer.weight), ("bias", layer.bias))
    return results


def embeddings():
    (weight,) = cases.arrays(cases.seed("embedding", 0), cases.EMBEDDING_WEIGHT_SHAPE)
    indices = torch.tensor(cases.EMBEDDING_INDICES)
    layer = torch.nn.Embedding(*weight.shape, padding_idx=cases.EMBEDDING_PADDING_IDX).double()
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(weight))
    out = layer(indices)
    result = backward(out, "embedding", 0, ("weight", layer.weight))
    renormed = torch.nn.Embedding(*weight.shape, max_norm=cases.EMBEDDING_MAX_NORM).double()
    with torch.no_grad():
        renormed.weight.copy_(torch.tensor(weight) * 2)
    result["max_norm_out"] = listed(renormed(indices))
    result["max_norm_weight"] = listed(renormed.weight)
    return result


def state_dicts():
    """Names, shapes and dtypes of state_dicts, in order."""
    conv_net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5), torch.nn.BatchNorm2d(6), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(6 * 12 * 12, 10))
    others = torch.nn.Sequential(
        torch.nn.Conv1d(2, 3, 3, bias=False), torch.nn.BatchNorm1d(3),
        torch.nn.ConvTranspose2d(3, 2, 2, groups=1), torch.nn.GroupNorm(1, 2),
        torch.nn.LayerNorm((2, 3)), torch.nn.Embedding(5, 2, padding_idx=0),
        torch.nn.BatchNorm2d(2, affine=False), torch.nn.BatchNorm1d(2, track_running_stats=False),
        torch.nn.LayerNorm(4, bias=False), torch.nn.ConvTranspose1d(2, 4, 3, groups=2))
    return {name: [(key, tuple(value.shape), str(value.dtype).replace("torch.", ""))
                   for key, value in model.state_dict().items()]
            for name, model in (("conv_net", conv_net), ("others", others))}


def main() -> None:
    layouts = state_dicts()  # in PyTorch's default dtype, float32
    torch.set_default_dtype(torch.float64)
    sections = {
        "test_nn_conv.py": {
            "TORCH_CONV2D": convolutions("conv2d", cases.CONV2D, F.conv2d),
            "TORCH_CONV1D": convolutions("conv1d", cases.CONV1D, F.conv1d),
            "TORCH_CONV_TRANSPOSE2D": convolutions("conv_transpose2d", cases.CONV_TRANSPOSE2D,
                                                   F.conv_transpose2d),
            "TORCH_CONV_TRANSPOSE1D": convolutions("conv_transpose1d", cases.CONV_TRANSPOSE1D,
                                                   F.conv_transpose1d),
            "TORCH_PADDING_MODES": padding_modes(),
            "TORCH_EMBEDDING": embeddings(),
        },
        "test_nn_pooling.py": {
            "TORCH_MAX_POOL2D": pooling(
                "max_pool2d", cases.MAX_POOL2D, F.max_pool2d,
                lambda i: {"ties": cases.ties(), "normal": cases.arrays(
                    cases.seed("max_pool2d", i), cases.POOL_SHAPE)[0]}),
            "TORCH_MAX_POOL1D": pooling(
                "max_pool1d", cases.MAX_POOL1D, F.max_pool1d,
                lambda i: {"ties": cases.ties()[0, :, :2].reshape(2, 2, 6), "normal":
                           cases.arrays(cases.seed("max_pool1d", i), (2, 3, 9))[0]}),
            "TORCH_AVG_POOL2D": pooling(
                "avg_pool2d", cases.AVG_POOL2D, F.avg_pool2d,
                lambda i: {"normal": cases.arrays(cases.seed("avg_pool2d", i),
                                                  cases.POOL_SHAPE)[0]}),
            "TORCH_ADAPTIVE_AVG_POOL2D": pooling(
                "adaptive_avg_pool2d", [(case, {"output_size": size}) for case, size
                                        in cases.ADAPTIVE_AVG_POOL2D],
                F.adaptive_avg_pool2d, lambda i: {"normal": cases.arrays(
                    cases.seed("adaptive_avg_pool2d", i), cases.POOL_SHAPE)[0]}),
        },
        "test_nn_normalization.py": {
            "TORCH_BATCH_NORM": batch_norms(),
            "TORCH_LAYER_NORM": layer_norms(),
            "TORCH_GROUP_NORM": group_norms(),
        },
        "test_nn_buffers.py": {"TORCH_STATE_DICTS": layouts},
    }
    print(f'"""PyTorch {torch.__version__}\'s numbers for the cases in cnn_cases.py (float64).\n\n'
          'Printed by tests/torch_reference_cnn.py: do not edit by hand.\n"""')
    print("\nfrom math import nan  # a nan in a pooling window wins, as in PyTorch")
    for file, values in sections.items():
        print(f"\n# ---- for tests/{file}")
        for name, value in values.items():
            print(f"{name} = {pprint.pformat(value, width=99 - len(name) - 3, compact=True)}")


if __name__ == "__main__":
    np.set_printoptions(precision=17)
    main()
