"""The rule table: every primitive's forward and its derivative, side by side.

Each row is `Primitive(name, forward, vjps)`. `forward` computes on plain data (floats for
`Value`, ndarrays for `Tensor`). `vjps[i](g, out, *inputs, *args)` is the vector-Jacobian
product for input i: the incoming gradient `g` times d(out)/d(input i). It is written with
operators and the primitives below only, so the one line serves three callers: floats,
ndarrays, and nodes (higher-order derivatives). Broadcasting is undone once, by the engine
(`engine.accumulate`), never inside a rule.

Primitives, by section (one file each):
    arithmetic     add sub mul div neg power power_const
    elementwise    exp log sqrt absolute tanh sigmoid relu maximum minimum clip
    select         where
    linalg         matmul
    reductions     reduce_sum reduce_mean reduce_max reduce_min std logsumexp softmax
                   log_softmax
    shape          reshape transpose broadcast_to sum_to getitem scatter_add concatenate
    fused          affine (a neuron's w·x + b) linear (x @ w.T + b, for nn.Linear)
Everything else (var, stack, squeeze, ...) is composed from these. A row of
autograd/specs.py checks each one.
"""

from .arithmetic import add, div, mul, neg, power, power_const, sub
from .elementwise import absolute, clip, exp, log, maximum, minimum, relu, sigmoid, sqrt, tanh
from .fused import affine, linear
from .linalg import matmul
from .reductions import (
    kept_shape,
    log_softmax,
    logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_sum,
    softmax,
    std,
)
from .select import data_of, isfinite, negate, sign, where, zero_of
from .shape import (
    broadcast_to,
    concatenate,
    getitem,
    reshape,
    scatter_add,
    sum_to,
    swap_last,
    transpose,
    unsqueeze,
)

__all__ = [
    "absolute", "add", "affine", "broadcast_to", "clip", "concatenate", "data_of", "div", "exp",
    "getitem", "isfinite", "kept_shape", "linear", "log", "log_softmax", "logsumexp", "matmul",
    "maximum", "minimum", "mul", "neg", "negate", "power", "power_const", "reduce_max",
    "reduce_mean", "reduce_min", "reduce_sum", "relu", "reshape", "scatter_add", "sigmoid",
    "sign", "softmax", "sqrt", "std", "sub", "sum_to", "swap_last", "tanh", "transpose",
    "unsqueeze", "where", "zero_of",
]
