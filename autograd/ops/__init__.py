"""The rule table: every primitive's forward and its derivative, side by side.

Each row is `Primitive(name, forward, vjps)`. `forward` computes on plain data (floats for
`Value`, ndarrays for `Tensor`). `vjps[i](g, out, *inputs, *args)` is the vector-Jacobian
product for input i: the incoming gradient `g` times d(out)/d(input i). It is written with
operators and primitives only, so the one line serves three callers: floats, ndarrays, and
nodes (higher-order derivatives). Broadcasting is undone once, by the engine
(`engine.accumulate`), never inside a rule.

Sections, one file each (a primitive defined there is `autograd.ops.<name>`):
    arithmetic     + - * / neg **
    elementwise    functions of each element (exp, log, tanh, relu, log1p, lerp, ...),
                   and the elementwise ops that select (maximum, minimum, clip)
    trig           tan, arcsin, ..., arctan2, hypot, sinh, cosh, arcsinh, ...
    special        erf, erfc, erfinv
    rounding       sign, floor, ceil, trunc, round, //, %, fmod, nan_to_num
    select         where, and the masks and signs rules select with
    linalg         matmul, einsum, inv
    reductions     sum, mean, prod, max, ..., vector_norm, and softmax and log_softmax along
                   an axis
    scans          cumsum, cumprod, logcumsumexp along an axis
    shape          reshape, transpose, flip, roll, broadcasting, indexing, joining
    indexing       along an axis: gather, scatter, scatter_add_along
    fused          a neuron's w·x + b (affine), nn.Linear's x @ w.T + b (linear)
    cast           astype: from one float dtype to another
Everything else (var, stack, squeeze, sort, tensordot, ...) is composed from these. A row of
autograd/specs checks each one; `PRIMITIVES` lists them all.
"""

from ..primitive import Primitive
from . import (
    arithmetic,
    cast,
    elementwise,
    fused,
    indexing,
    linalg,
    reductions,
    rounding,
    scans,
    select,
    shape,
    special,
    trig,
)
from .reductions import kept_shape
from .select import data_of, isfinite, negate, sign, zero_of
from .shape import swap_last, unsqueeze

PRIMITIVES: dict[str, Primitive] = {
    name: value
    for section in (arithmetic, elementwise, trig, special, rounding, select, linalg,
                    reductions, scans, shape, indexing, fused, cast)
    for name, value in vars(section).items() if isinstance(value, Primitive)
}
"""Every primitive of the table, by the name it is defined under in its section."""

globals().update(PRIMITIVES)  # ops.add, ops.sin, ...: each row is reached by its name

# The ops whose result is a float: integer and bool inputs compute in the default float, as
# PyTorch's do (numpy's exp of a bool or an int8 is float16). Tensor._compute reads the flag.
for _name in ("div", "exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "exp2", "expm1",
              "log2", "log10", "log1p", "logaddexp", "logaddexp2", "reciprocal", "rsqrt",
              "tan", "arcsin", "arccos", "arctan", "arctan2", "hypot", "sinh", "cosh",
              "arcsinh", "arccosh", "arctanh", "erf", "erfc", "erfinv"):
    PRIMITIVES[_name].int_to_float = True  # type: ignore[attr-defined]

__all__ = ["PRIMITIVES", "data_of", "isfinite", "kept_shape", "negate", "sign", "swap_last",
           "unsqueeze", "zero_of", *PRIMITIVES]
