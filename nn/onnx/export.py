"""export_onnx: a model (or a function of Tensors) as an ONNX file, torch.onnx.export's way."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

import numpy as np

from autograd import Tensor, Value, __version__

from .trace import (
    Dim,
    Grown,
    Recording,
    check_same,
    dim_table,
    exporting,
    far_values,
    grown_inputs,
    other_values,
    record,
)

# 18: the first opset where every Reduce* takes its axes as an input; ONNX Runtime 1.16 (the
# oldest the extra allows) runs up to 19. (torch.onnx.export in PyTorch 2.13 defaults to 20.)
DEFAULT_OPSET = 18
MIN_OPSET = 13  # Softmax along one axis; Squeeze, Unsqueeze and ReduceSum take axes as inputs


def export_onnx(model: Any, example_input: Any, path: str | os.PathLike[str] | IO[bytes] | None,
                *, input_names: Sequence[str] | None = None,
                output_names: Sequence[str] | None = None,
                dynamic_axes: Mapping[str, Any] | None = None,
                opset_version: int = DEFAULT_OPSET) -> Any:
    """Write `model` as an ONNX model to `path` (a file name or a binary file; None writes
    nothing), and return it (an `onnx.ModelProto`).

    `model` is an nn.Module (run in eval mode; its training flags are restored after) or a
    function of Tensors. `example_input` is one array or Tensor, or a tuple of them for a
    model of several inputs; the model must return a Tensor, or a tuple or list of them.
    The model runs on the example with every op recorded, and the graph becomes ONNX: its
    parameters (and buffers) are initializers named as in its state_dict, in PyTorch's
    layout (a Linear's weight is (out, in)), and nodes are named after the modules that
    made them ('/features/features.0/Gemm'): the names torch.onnx.export gives the same
    module in PyTorch.

    As in torch.onnx.export: `input_names` and `output_names` (default 'input' and
    'output', numbered when there are several), `dynamic_axes` ({'input': {0: 'batch'},
    'output': {0: 'batch'}}, or a list of axes: [0]) for axes whose length may change, and
    `opset_version` (13 or later; default 18).

    The model also runs on other values (the example's in reverse order of size, rotated
    one place in order of size, shuffled, moved slightly toward their mean, and, if the
    model takes those, times +-1000 and spread slightly apart) and once
    per dynamic axis with that axis one longer: where its graph changes, the export would
    be wrong, and a ValueError says which op, made in which module. That catches a constant
    computed from the input outside the graph (a comparison's mask, argmax, `x.data.std()`,
    `.item()`), a random draw, a Python `if` that other values answer otherwise, and a
    length that does not follow its axis.
    An op the table (nn.onnx.OPS) does not map raises NotImplementedError naming it. The
    model passes onnx.checker before it is written.
    """
    try:
        import onnx
    except ImportError as e:  # an optional extra
        raise ImportError("nn.export_onnx needs the onnx package: pip install "
                          "'gradproof[onnx]' (onnx, and onnxruntime to run the model)") from e
    from .builder import Builder

    opset = _opset(opset_version, onnx.defs.onnx_opset_version())
    arrays = _arrays(example_input)
    fn, state = _function(model)
    input_names = _names(input_names, len(arrays), "input", "input_names")
    with exporting(model, [t for _, t in state]):
        a = record(fn, arrays)
        output_names = _names(output_names, len(a.outputs), "output", "output_names")
        names = _state_names(state, set(input_names) | set(output_names))
        ranks = [x.ndim for x in arrays] + [y.ndim for y in a.outputs]
        axes = _dynamic_axes(dynamic_axes, [*input_names, *output_names], ranks)
        symbols = _symbols(axes, input_names, arrays)
        grown = _check_other_runs(fn, arrays, a, symbols)
    dims = dim_table(a, grown)
    sources = {symbol: (input_names[i], axis) for symbol, ((i, axis), *_) in symbols.items()}
    builder = Builder(a, dims, opset, input_names, names, output_names, sources)
    for node in a.nodes:
        if node._prev:
            builder.emit(node)
    builder.name_outputs(a.outputs, output_names)

    helper = onnx.helper

    def declared(name: str, node: Any) -> Any:
        """The input's or output's type: dtype, and lengths (a name for a dynamic one)."""
        labels = axes.get(name, {})
        known = dims.get(id(node)) or [Dim(n) for n in node.shape]  # (an input left unused)
        shape = [labels.get(axis, d.factor if d.static else str(d))
                 for axis, d in enumerate(known)]
        return helper.make_tensor_value_info(
            name, helper.np_dtype_to_tensor_dtype(node.data.dtype), shape)

    graph = helper.make_graph(
        builder.nodes, type(model).__name__ if hasattr(model, "modules") else "main_graph",
        [declared(n, x) for n, x in zip(input_names, a.inputs, strict=True)],
        [declared(n, y) for n, y in zip(output_names, a.outputs, strict=True)],
        builder.initializers)
    opsets = [helper.make_opsetid("", opset)]
    proto = helper.make_model(graph, opset_imports=opsets, producer_name="gradproof",
                              producer_version=__version__,
                              ir_version=helper.find_min_ir_version_for(opsets))
    onnx.checker.check_model(proto, full_check=True)
    if path is not None:
        onnx.save_model(proto, path)
    return proto


def _check_other_runs(fn: Callable[..., Any], arrays: list[np.ndarray], a: Recording,
                      symbols: Mapping[str, list[tuple[int, int]]]) -> list[Grown]:
    """Run on other values, then with each dynamic axis one longer; each graph must be a's.
    The runs with longer axes, for the dimension table."""
    for how, other in other_values(arrays).items():
        check_same(a, record(fn, other), f"changed when the input's values were {how}")
    for how, other in far_values(arrays).items():
        try:
            with np.errstate(all="ignore"):
                run = record(fn, other)
        except Exception:  # noqa: BLE001 (values outside the model's domain: no evidence)
            continue
        check_same(a, run, f"changed when the input's values were {how}")
    grown = []
    for symbol, places in symbols.items():
        length = arrays[places[0][0]].shape[places[0][1]]
        run = record(fn, grown_inputs(arrays, places))
        check_same(a, run, f"changed when dynamic axis {symbol!r} went from {length} to "
                           f"{length + 1}")
        grown.append(Grown(symbol, length, length + 1, run))
    return grown


def _opset(version: Any, newest: int) -> int:
    if not isinstance(version, (int, np.integer)) or isinstance(version, bool) or \
            not MIN_OPSET <= version <= newest:
        raise ValueError(f"export_onnx: opset_version must be an int from {MIN_OPSET} to "
                         f"{newest} (this onnx package's newest), got {version!r}")
    return int(version)


def _arrays(example_input: Any) -> list[np.ndarray]:
    items = example_input if isinstance(example_input, tuple) else (example_input,)
    if not items:
        raise ValueError("export_onnx: example_input is an empty tuple: give one input "
                         "(an array or Tensor) or a tuple of them")
    arrays = []
    for i, item in enumerate(items):
        array = np.asarray(item.data if isinstance(item, Tensor) else item)
        if array.dtype.kind != "f":
            raise TypeError(f"export_onnx: example input {i} has dtype {array.dtype}; the "
                            "graph is recorded from floating-point inputs only")
        arrays.append(array)
    return arrays


def _function(model: Any) -> tuple[Callable[..., Any], list[tuple[str, Tensor]]]:
    """What to call, and the model's named state Tensors (parameters, then buffers)."""
    if not callable(model):
        raise TypeError(f"export_onnx: expected an nn.Module or a function of Tensors, got "
                        f"{type(model).__name__}")
    if not hasattr(model, "named_parameters"):
        return model, []
    state: list[tuple[str, Any]] = list(model.named_parameters())
    if hasattr(model, "named_buffers"):  # Module buffers (BatchNorm's running statistics)
        state += [(n, b) for n, b in model.named_buffers() if isinstance(b, Tensor)]
    for name, p in state:
        if isinstance(p, Value):
            raise TypeError(f"export_onnx: parameter {name} is a micrograd Value; ONNX export "
                            "takes models of Tensors (nn.Linear, not nn.MLP)")
    return model, state


def _names(names: Sequence[str] | None, count: int, default: str, what: str) -> list[str]:
    if names is None:
        return [default] if count == 1 else [f"{default}_{i}" for i in range(count)]
    names = list(names)
    if len(names) != count or not all(isinstance(n, str) and n for n in names) or \
            len(set(names)) != count:
        raise ValueError(f"export_onnx: {what} must be {count} different non-empty strings "
                         f"(one per {default}), got {names!r}")
    return names


def _dynamic_axes(dynamic_axes: Mapping[str, Any] | None, names: list[str],
                  ranks: list[int]) -> dict[str, dict[int, str]]:
    """{input or output name: {axis: its name}}, from torch.onnx's forms: a dict, or a list of
    axes (named '<value>_dynamic_axes_<k>', as torch names them)."""
    if dynamic_axes is None:
        return {}
    if not isinstance(dynamic_axes, Mapping):
        raise TypeError(f"export_onnx: dynamic_axes must be a dict of value name -> axes, got "
                        f"{type(dynamic_axes).__name__}")
    rank_of = dict(zip(names, ranks, strict=True))
    out: dict[str, dict[int, str]] = {}
    for key, axes in dynamic_axes.items():
        if key not in rank_of:
            raise ValueError(f"export_onnx: dynamic_axes names {key!r}, which is not among the "
                             f"inputs and outputs {names}")
        if isinstance(axes, Mapping):
            labels = dict(axes)
        elif isinstance(axes, (list, tuple)):
            labels = {axis: f"{key}_dynamic_axes_{k + 1}" for k, axis in enumerate(axes)}
        else:
            raise TypeError(f"export_onnx: dynamic_axes[{key!r}] must be a dict {{axis: name}} "
                            f"or a list of axes, got {axes!r}")
        rank = rank_of[key]
        out[key] = {}
        for axis, label in labels.items():
            if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool) or \
                    not isinstance(label, str) or not -rank <= axis < rank:
                raise ValueError(f"export_onnx: dynamic_axes[{key!r}]: {axis!r}: {label!r} is "
                                 f"not an axis of a value of {rank} axes and a name")
            out[key][int(axis) % rank] = label
    return out


def _symbols(axes: Mapping[str, Mapping[int, str]], input_names: list[str],
             arrays: list[np.ndarray]) -> dict[str, list[tuple[int, int]]]:
    """Each dynamic axis named on the inputs -> the (input, axis) places it names. Its
    length is the same at each place, and 2 or more: numpy broadcasts a length of 1, so an
    example of 1 cannot show what follows the axis."""
    places: dict[str, list[tuple[int, int]]] = {}
    for i, name in enumerate(input_names):
        for axis, symbol in axes.get(name, {}).items():
            places.setdefault(symbol, []).append((i, axis))
    for symbol, where in places.items():
        lengths = {(input_names[i], axis): arrays[i].shape[axis] for i, axis in where}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"export_onnx: dynamic axis {symbol!r} has different lengths in "
                             f"the example: {lengths}")
        if min(lengths.values()) < 2:
            raise ValueError(f"export_onnx: dynamic axis {symbol!r} has length "
                             f"{min(lengths.values())} in the example; give an example where "
                             "it is 2 or more (a length of 1 broadcasts, so the graph cannot "
                             "show what follows the axis)")
    return places


def _state_names(state: list[tuple[str, Tensor]], taken: set[str]) -> dict[int, str]:
    names: dict[int, str] = {}
    for name, tensor in state:
        if name in taken:
            raise ValueError(f"export_onnx: {name!r} names both a parameter and an input or "
                             "output; choose other input_names or output_names")
        names.setdefault(id(tensor), name)  # a shared parameter: its first name, as PyTorch
    return names
