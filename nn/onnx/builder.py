"""The ONNX graph being built, and the helpers that the op table's rows call.

A row of the table (nn/onnx/table.py) gets the builder `g` and the recorded node, and
returns the name of the ONNX value that holds the node's result:

    g.input(node, i)      the name of the node's i-th input, cast to the node's dtype
    g.op("Add", a, b, axis=1)   a new ONNX node; its output's name
    g.const(array), g.ints([0, 1])   an initializer (any array; an int64 vector)
    g.dims(node)          the node's shape as Dims (lengths that may follow dynamic axes)
    g.shape(dims)         an int64 shape tensor for those Dims, computed at run time if needed
    g.reduce("ReduceSum", x, axes, keepdims)   a reduction with the opset's spelling of axes

Names follow torch.onnx: parameters keep their state_dict names ('0.weight'), nodes are
named after the module that made them ('/0/Gemm'), their outputs '/0/Gemm_output_0'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from onnx import NodeProto, TensorProto, helper, numpy_helper

from autograd import Primitive
from autograd.node import Node

from . import table
from .trace import Dim, Recording, scope_text


class Builder:
    """Nodes and initializers of one graph, and the names of the recorded nodes' values."""

    def __init__(self, recording: Recording, dims: dict[int, tuple[Dim, ...]], opset: int,
                 input_names: Sequence[str], state_names: dict[int, str],
                 reserved: Sequence[str], symbols: dict[str, tuple[str, int]]) -> None:
        self.dims_of = dims
        self.opset = opset
        self.nodes: list[NodeProto] = []
        self.initializers: list[TensorProto] = []
        self.names: dict[int, str] = {id(x): name for x, name in
                                      zip(recording.inputs, input_names, strict=True)}
        self.input_names = set(input_names)
        self.state_names = state_names
        self.symbols = symbols  # dynamic axis -> (graph input, axis) that gives its length
        self.taken: set[str] = set(input_names) | set(state_names.values()) | set(reserved)
        self.prefix = ""  # '/<module path>' of the node being emitted
        self._cache: dict[Any, str] = {}

    # -- the recorded nodes ---------------------------------------------------------

    def emit(self, node: Node) -> None:
        """Add the ONNX nodes for one recorded node, by its row in the table."""
        op = node._op
        row = table.OPS.get(op) if isinstance(op, Primitive) else None
        if row is None:
            raise unmapped(node)
        self.prefix = module_path(node)
        if node.data.size == 0 and all(d.static for d in self.dims(node)):
            # Nothing to compute: the empty array itself (ONNX Runtime's Expand, for one,
            # gives (1, 1) where broadcasting (1, 1) to (0, 1) gives (0, 1)).
            self.names[id(node)] = self.const(node.data)
            return
        self.names[id(node)] = row(self, node)

    def value(self, node: Node, dtype: Any = None) -> str:
        """The name of a recorded node's value (a leaf becomes a graph input's name or an
        initializer), cast to `dtype` when given and different."""
        name = self.names.get(id(node))
        if name is None:
            if node._prev:
                raise RuntimeError(f"export_onnx: {node._op!s} used before it was emitted")
            is_state = id(node) in self.state_names
            name = (self.state_names[id(node)] if is_state
                    else self._name(f"{self.prefix}/Constant_output"))
            self.initializers.append(numpy_helper.from_array(np.asarray(node.data), name))
            self.names[id(node)] = name
        if dtype is None or np.dtype(dtype) == node.data.dtype:
            return name
        key = ("cast", id(node), np.dtype(dtype).str)
        if key not in self._cache:
            constant = not node._prev and name not in self.input_names and \
                id(node) not in self.state_names
            self._cache[key] = (self.const(np.asarray(node.data, dtype=dtype)) if constant
                                else self.cast(name, dtype))
        return self._cache[key]

    def input(self, node: Node, i: int) -> str:
        """The node's i-th input, in the node's dtype (gradproof promotes mixed inputs)."""
        return self.value(node._prev[i], node.data.dtype)

    def inputs(self, node: Node) -> list[str]:
        return [self.input(node, i) for i in range(len(node._prev))]

    def dims(self, node: Node) -> tuple[Dim, ...]:
        return self.dims_of[id(node)]

    # -- new ONNX nodes and initializers ----------------------------------------------

    def op(self, op_type: str, *inputs: str, outputs: int = 1, **attributes: Any) -> Any:
        """A new node; its output's name (a list of names when outputs > 1). Inputs may be
        '' for an optional input left out; attributes set to None are left out."""
        node_name = self._name(f"{self.prefix}/{op_type}")
        names = [self._name(f"{node_name}_output_{i}") for i in range(outputs)]
        attributes = {k: v for k, v in attributes.items() if v is not None}
        self.nodes.append(helper.make_node(op_type, list(inputs), names, name=node_name,
                                           **attributes))
        return names[0] if outputs == 1 else names

    def const(self, array: Any, hint: str = "Constant") -> str:
        """An initializer holding `array` (its dtype and shape kept)."""
        name = self._name(f"{self.prefix}/{hint}_output")
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def ints(self, values: Sequence[int]) -> str:
        """An int64 vector initializer (axes, shapes, indices), shared by equal vectors."""
        key = ("ints", tuple(int(v) for v in values))
        if key not in self._cache:
            self._cache[key] = self.const(np.array(key[1], dtype=np.int64), "Constant_ints")
        return self._cache[key]

    def cast(self, name: str, dtype: Any) -> str:
        return self.op("Cast", name, to=helper.np_dtype_to_tensor_dtype(np.dtype(dtype)))

    def reduce(self, op_type: str, x: str, axes: Sequence[int] | None, keepdims: bool) -> str:
        """A Reduce* over `axes` (None: all of them; (): none, numpy's identity). Axes are an
        input for ReduceSum from opset 13 and for the others from 18, an attribute before."""
        if axes is not None and len(axes) == 0:
            return x
        keep = int(bool(keepdims))
        if axes is None:
            return self.op(op_type, x, keepdims=keep)
        if op_type == "ReduceSum" or self.opset >= 18:
            return self.op(op_type, x, self.ints(axes), keepdims=keep)
        return self.op(op_type, x, keepdims=keep, axes=list(axes))

    def reshape(self, x: str, shape: Sequence[int], dtype: Any) -> str:
        """x (of `dtype`) to a fixed shape (0 is a length of 0, not Reshape's 'copy')."""
        if 0 not in shape:
            return self.op("Reshape", x, self.ints(shape))
        if self.opset >= 14:
            return self.op("Reshape", x, self.ints(shape), allowzero=1)
        # No allowzero before opset 14; an array of no elements has nothing to compute.
        empty = np.zeros(shape, dtype=dtype)
        return self.const(empty)

    def squeeze(self, x: str, axes: Sequence[int]) -> str:
        return self.op("Squeeze", x, self.ints(axes)) if axes else x

    def unsqueeze(self, x: str, axes: Sequence[int]) -> str:
        return self.op("Unsqueeze", x, self.ints(axes)) if axes else x

    # -- shapes that may follow the dynamic axes --------------------------------------

    def shape(self, dims: Sequence[Dim]) -> str:
        """An int64 shape tensor: an initializer when every length is static, else pieces
        joined at run time from the inputs' lengths."""
        if all(d.static for d in dims):
            return self.ints([d.factor for d in dims])
        pieces: list[str] = []
        run: list[int] = []
        for d in dims:
            if d.static:
                run.append(d.factor)
                continue
            if run:
                pieces.append(self.ints(run))
                run = []
            pieces.append(self.length(d))
        if run:
            pieces.append(self.ints(run))
        return self.op("Concat", *pieces, axis=0) if len(pieces) > 1 else pieces[0]

    def length(self, dim: Dim) -> str:
        """A length as an int64 vector of one element, computed from the graph's inputs."""
        key = ("length", dim)
        if key not in self._cache:
            value = ""
            for symbol in dim.symbols:
                source = self._symbol(symbol)
                value = source if not value else self.op("Mul", value, source)
            if dim.factor != 1 or not value:
                value = (self.op("Mul", value, self.ints([dim.factor])) if value
                         else self.ints([dim.factor]))
            self._cache[key] = value
        return self._cache[key]

    def _symbol(self, symbol: str) -> str:
        key = ("symbol", symbol)
        if key not in self._cache:
            graph_input, axis = self.symbols[symbol]
            shape_key = ("shape", graph_input)
            if shape_key not in self._cache:
                self._cache[shape_key] = self.op("Shape", graph_input)
            self._cache[key] = self.op("Gather", self._cache[shape_key], self.ints([axis]),
                                       axis=0)
        return self._cache[key]

    # -- outputs ----------------------------------------------------------------------

    def name_outputs(self, outputs: Sequence[Node], names: Sequence[str]) -> None:
        """Give each output its name: the producing node's output is renamed, unless the
        value is an input, an initializer, another output, or several nodes' value (an op
        that moved nothing); then an Identity node makes the output."""
        produced = {out for n in self.nodes for out in n.output}
        claimed: set[str] = set()
        for node, name in zip(outputs, names, strict=True):
            value = self.value(node)
            aliases = sum(1 for v in self.names.values() if v == value)
            self.prefix = ""
            if value in produced and value not in claimed and aliases == 1:
                self._rename(value, name)
                self.names[id(node)] = name
            else:
                self.nodes.append(helper.make_node("Identity", [value], [name],
                                                   name=self._name("/Identity")))
            claimed.add(name)

    def _rename(self, old: str, new: str) -> None:
        for n in self.nodes:
            for field in (n.input, n.output):
                for i, name in enumerate(field):
                    if name == old:
                        field[i] = new

    def _name(self, base: str) -> str:
        name, k = base, 0
        while name in self.taken:
            k += 1
            name = f"{base}_{k}"
        self.taken.add(name)
        return name


def module_path(node: Node) -> str:
    """'/<path>/<path>' of the modules the node was made in, outermost first and the model
    itself left out, as torch.onnx names nodes ('/features/features.0'); '' at the top."""
    paths = [re.sub(r"\s*\([^()]*\)$", "", str(scope)) for scope in node._scope]
    return "".join(f"/{path}" for path in paths if path)


def unmapped(node: Node) -> NotImplementedError:
    op = node._op
    where = scope_text(node)
    made = f", made in {where}" if where else ""
    if isinstance(op, Primitive):
        return NotImplementedError(
            f"export_onnx: no ONNX mapping for the op {str(op)!r} ({op.module}, key "
            f"{op.key!r}){made}; add a row to the table with nn.onnx.register(op, emit)")
    return NotImplementedError(
        f"export_onnx: the op {str(op)!r}{made} is not a Primitive (a micrograd-style "
        "_backward closure?) and has no ONNX mapping")
