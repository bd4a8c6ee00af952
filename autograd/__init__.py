"""gradproof's engine: `Value` (one float) and `Tensor` (a numpy array) record a graph as
you compute; `backward()` applies the chain rule in reverse topological order.

    Value, Tensor            the two node classes (autograd/value.py, autograd/tensor.py)
    Primitive                a rule: a forward and its derivatives, for ops of your own
    backward, grad           the chain rule (autograd/engine.py)
    no_grad, enable_grad     grad modes; name_scope for drawings (autograd/modes.py)
    exp, log, ..., where     functions on nodes (or on anything Tensor() takes)
    gradcheck, ...           checks against central differences (autograd/gradcheck.py)
    draw_graph, ...          graphs to DOT, SVG and PNG (autograd/graph.py)

The import name `autograd` is shared with the unrelated HIPS autograd package: do not
install both in one environment.
"""

from . import ops
from .engine import backward, grad
from .functions import ELEMENTWISE as _ELEMENTWISE
from .functions import (
    argwhere,
    cat,
    chunk,
    concatenate,
    diag,
    diagonal,
    expand_dims,
    flatten,
    flip,
    fliplr,
    flipud,
    gather,
    index_select,
    linear,
    masked_fill,
    masked_select,
    maximum,
    meshgrid,
    minimum,
    moveaxis,
    movedim,
    narrow,
    nonzero,
    numpy_pad,
    one_hot,
    pad,
    ravel,
    repeat,
    repeat_interleave,
    reshape,
    roll,
    scatter,
    scatter_add,
    split,
    squeeze,
    stack,
    swapaxes,
    swapdims,
    take,
    take_along_axis,
    take_along_dim,
    tile,
    trace,
    tril,
    triu,
    unflatten,
    unsqueeze,
    where,
)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_gradient
from .graph import draw_graph, save_graph, to_svg
from .modes import current_scope, enable_grad, is_grad_enabled, name_scope, no_grad
from .node import toposort
from .primitive import Primitive
from .tensor import Tensor
from .value import Value, dot

# exp, log, sqrt, abs, sin, tanh, ...: a function for each elementwise method of the shared
# surface (autograd/surface/shared.py), made in functions.py.
globals().update(_ELEMENTWISE)

__all__ = [
    "GradcheckError",
    "Primitive",
    "Tensor",
    "Value",
    "backward",
    "cat",
    "concatenate",
    "current_scope",
    "dot",
    "draw_graph",
    "enable_grad",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "linear",
    "maximum",
    "minimum",
    "name_scope",
    "no_grad",
    "numerical_gradient",
    "ops",
    "save_graph",
    "stack",
    "to_svg",
    "toposort",
    "where",
    *sorted(_ELEMENTWISE),
]
__all__ += [  # shape, movement and indexing
    "argwhere", "chunk", "diag", "diagonal", "expand_dims", "flatten", "flip", "fliplr",
    "flipud", "gather", "index_select", "masked_fill", "masked_select", "meshgrid", "moveaxis",
    "movedim", "narrow", "nonzero", "numpy_pad", "one_hot", "pad", "ravel", "repeat",
    "repeat_interleave", "reshape", "roll", "scatter", "scatter_add", "split", "squeeze",
    "swapaxes", "swapdims", "take", "take_along_axis", "take_along_dim", "tile", "trace",
    "tril", "triu", "unflatten", "unsqueeze",
]
__version__ = "0.1.0"
