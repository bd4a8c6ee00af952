"""gradproof's engine: `Value` (one float) and `Tensor` (a numpy array) record a graph as
you compute; `backward()` applies the chain rule in reverse topological order.

The import name `autograd` is shared with the unrelated HIPS autograd package: do not
install both in one environment.
"""

from .engine import (
    backward,
    current_scope,
    enable_grad,
    grad,
    is_grad_enabled,
    name_scope,
    no_grad,
    toposort,
)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_gradient
from .graph import draw_graph, save_graph, to_svg
from .tensor import Tensor, cat, concatenate, linear, maximum, minimum, stack, where
from .value import Value, dot

__all__ = [
    "GradcheckError",
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
    "save_graph",
    "stack",
    "to_svg",
    "toposort",
    "where",
]
__version__ = "0.1.0"
