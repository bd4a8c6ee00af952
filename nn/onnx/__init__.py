"""ONNX export: `nn.export_onnx(model, example_input, path)`, torch.onnx.export's habits.

    export.py    export_onnx: run the model, check the recording, build and write the model
    trace.py     recording a run, comparing two runs, lengths that follow dynamic axes
    builder.py   the ONNX graph being built, and the helpers the table's rows call
    table.py     the op table: primitive -> a function that emits its ONNX nodes; the rows
                 of the arithmetic, linalg, reductions and shapes
    elementwise.py  rows of the elementwise functions beyond those, and nn's activations
    indexing.py  rows of x[index], scatter_add, gather, scatter, flip and roll
    pooling_more.py  the row of adaptive max pooling with windows of several sizes
    distances.py  the rows of nn/loss/distances.py's floor_through and autograd's vector_norm
    activations_more.py  the rows of threshold, hardshrink, softshrink and leaky_relu

`OPS` is the table and `register(primitive, emit)` adds a row. The onnx package (the `onnx`
extra) is imported only when export_onnx runs, so `import nn` does not need it.
"""

from . import (  # noqa: F401 (rows join the table)
    activations_more,
    distances,
    elementwise,
    indexing,
    pooling_more,
)
from .export import DEFAULT_OPSET, export_onnx
from .table import OPS, register

__all__ = ["DEFAULT_OPSET", "OPS", "export_onnx", "register"]
