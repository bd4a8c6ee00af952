"""gradproof's engine: `Value` (one float) and `Tensor` (a numpy array) record a graph as
you compute; `backward()` applies the chain rule in reverse topological order.

    Value, Tensor            the two node classes (autograd/value.py, autograd/tensor.py)
    Primitive                a rule: a forward and its derivatives, for ops of your own
    backward, grad           the chain rule (autograd/engine.py)
    no_grad, enable_grad     grad modes; name_scope for drawings (autograd/modes.py)
    exp, log, ..., where     functions on nodes (or on anything Tensor() takes)
    prod, cumsum, sort, ...  reductions, scans, sorting, norms (autograd/functions.py)
    einsum, dot, bmm, ...    linear algebra
    gradcheck, ...           checks against central differences (autograd/gradcheck.py)
    draw_graph, ...          graphs to DOT, SVG and PNG (autograd/graph.py)

The import name `autograd` is shared with the unrelated HIPS autograd package: do not
install both in one environment.
"""

from . import ops
from .engine import backward, grad
from .functions import ELEMENTWISE as _ELEMENTWISE
from .functions import all_ as all  # noqa: A004 (numpy's and torch's name)
from .functions import any_ as any  # noqa: A004 (numpy's and torch's name)
from .functions import (
    argsort,
    bmm,
    cat,
    concatenate,
    cumprod,
    cumsum,
    dot,
    einsum,
    inner,
    inv,
    linear,
    logcumsumexp,
    matrix_norm,
    matrix_power,
    maximum,
    median,
    minimum,
    mode,
    norm,
    outer,
    prod,
    sort,
    stack,
    tensordot,
    topk,
    vdot,
    vector_norm,
    where,
)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_gradient
from .graph import draw_graph, save_graph, to_svg
from .modes import current_scope, enable_grad, is_grad_enabled, name_scope, no_grad
from .node import toposort
from .primitive import Primitive
from .tensor import Tensor
from .value import Value

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
    # reductions, scans, sorting, norms; linear algebra
    "all", "any", "argsort", "cumprod", "cumsum", "logcumsumexp", "matrix_norm", "median",
    "mode", "norm", "prod", "sort", "topk", "vector_norm",
    "bmm", "einsum", "inner", "inv", "matrix_power", "outer", "tensordot", "vdot",
    *sorted(_ELEMENTWISE),
]
__version__ = "0.1.0"
