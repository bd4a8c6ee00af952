"""gradproof's engine: `Value` (one float) and `Tensor` (a numpy array) record a graph as
you compute; `backward()` applies the chain rule in reverse topological order.

    Value, Tensor            the two node classes (autograd/value.py, autograd/tensor.py)
    Primitive                a rule: a forward and its derivatives, for ops of your own
    Function                 PyTorch's way to the same: forward and backward written with
                               Tensors (autograd/function.py)
    backward, grad           the chain rule (autograd/engine.py)
    detect_anomaly, ...      a backward that stops at the op whose derivative gives a NaN
                               (set_detect_anomaly, is_anomaly_enabled: autograd/anomaly.py)
    compile                  a training step recorded once, replayed from a tape with no
                               nodes (autograd/compile.py, tape.py, guards.py)
    no_grad, enable_grad     grad modes (and set_grad_enabled, inference_mode); name_scope
                               for drawings (autograd/modes.py)
    tensor, zeros, arange,   making Tensors, PyTorch's way; manual_seed seeds the random
      rand, ..., manual_seed   ones (autograd/creation.py)
    float32, int64, bool,    dtypes (numpy's), and the default float, float64
      get_default_dtype        (autograd/dtypes.py)
    exp, log, ..., where     functions on nodes (or on anything Tensor() takes)
    prod, cumsum, sort, ...  reductions, scans, sorting, norms (autograd/functions/);
      kthvalue, unique, ...    order statistics, var_mean, diff, unique (statistics.py)
    einsum, dot, bmm, ...    linear algebra
    gradcheck, ...           checks against central differences (autograd/gradcheck.py)
    functional.jacobian, ... torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp,
                               vhp (autograd/functional.py)
    draw_graph, ...          graphs to DOT, SVG and PNG (autograd/graph.py)

The import name `autograd` is shared with the unrelated HIPS autograd package: do not
install both in one environment.
"""

import sys

from . import functional as functional  # torch.autograd.functional: jacobian, hessian, ...
from . import numpy_functions as _numpy_functions  # noqa: F401 (answers np.exp(t), np.sum(t))
from . import ops
from .anomaly import (
    detect_anomaly,
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    set_detect_anomaly,
)
from .compile import CompiledStep, NotReplayableError
from .compile import compile as compile  # noqa: A004 (autograd.compile, as torch.compile)
from .creation import (
    arange,
    as_tensor,
    default_generator,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    manual_seed,
    multinomial,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    tensor,
    zeros,
    zeros_like,
)
from .creation_more import logspace, tril_indices, triu_indices
from .devices import Generator, cuda, device
from .differentiate import grad
from .dtype_info import can_cast, finfo, iinfo, promote_types
from .dtypes import (
    bool_,
    double,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    int8,
    int16,
    int32,
    int64,
    long,
    set_default_dtype,
    short,
    uint8,
)
from .engine import backward
from .function import Function, FunctionCtx, once_differentiable
from .functions import FUNCTIONS as _FUNCTIONS
from .functions import bitwise as _bitwise_functions
from .functions import indexing_more as _indexing_more_functions
from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_gradient
from .graph import draw_graph, save_graph, to_svg
from .modes import (
    call_in_scope,
    current_scope,
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    name_scope,
    no_grad,
    set_grad_enabled,
)
from .node import toposort
from .primitive import Primitive
from .tensor import Tensor
from .value import Value

# The functions of nodes, by section (autograd/functions/): where, cat, einsum, gather, ...,
# and exp, log, sin, ...: one for each elementwise method of the shared surface.
# bitwise_and, ..., index_add, scatter_reduce, ... (autograd/functions/bitwise.py and
# indexing_more.py): two sections more, joined to the package's FUNCTIONS here.
_FUNCTIONS.update(_bitwise_functions.FUNCTIONS, **_indexing_more_functions.FUNCTIONS)
globals().update(_FUNCTIONS)

# PyTorch's dtype names that are Python's builtins too: autograd.float is float32, as
# torch.float; autograd.int int32; autograd.bool numpy's bool. Not in __all__, so that
# `from autograd import *` does not hide the builtins.
globals().update({"float": float32, "int": int32, "bool": bool_})

# torch.autograd's names are this module's: `autograd.autograd` is the module itself, so a
# program written `import autograd as torch` finds torch.autograd.grad, .Function, .backward,
# .gradcheck and torch.autograd.function.once_differentiable (autograd/function.py).
autograd = sys.modules[__name__]

__all__ = [
    # dtypes and making Tensors (autograd/dtypes.py, autograd/creation.py)
    "arange", "as_tensor", "bool_", "default_generator", "double", "empty", "empty_like", "eye",
    "float16", "float32", "float64", "from_numpy", "full", "full_like", "get_default_dtype",
    "half", "int8", "int16", "int32", "int64", "linspace", "logspace", "long", "manual_seed",
    "multinomial", "normal", "ones", "ones_like", "rand", "rand_like", "randint", "randint_like",
    "randn", "randn_like", "randperm", "set_default_dtype", "short", "tensor", "tril_indices",
    "triu_indices", "uint8", "zeros", "zeros_like",
    # PyTorch's functions about dtypes (autograd/dtype_info.py)
    "can_cast", "finfo", "iinfo", "promote_types",
    # PyTorch's device names: every Tensor is on the CPU (autograd/devices.py)
    "Generator", "cuda", "device",
    # the engine
    "Function", "FunctionCtx", "GradcheckError", "call_in_scope", "Primitive", "Tensor", "Value",
    "backward", "current_scope", "detect_anomaly", "is_anomaly_check_nan_enabled",
    "is_anomaly_enabled", "set_detect_anomaly",
    "draw_graph", "enable_grad", "grad", "gradcheck", "gradgradcheck", "inference_mode",
    "is_grad_enabled", "is_inference_mode_enabled", "name_scope", "no_grad",
    "numerical_gradient", "once_differentiable", "ops", "save_graph", "set_grad_enabled",
    "to_svg", "toposort",
    # the functions (autograd/functions/)
    *sorted(_FUNCTIONS),
    # replay (autograd/compile.py)
    "CompiledStep", "NotReplayableError",
]
__version__ = "0.1.0"
