"""The op spec table: one row per op, read by the strategies, the tests and the docs.

Each row (`OpSpec`) says what the op is on nodes, its numpy reference, the node classes that
have it, its input domain and kinks, and how to draw its shapes and static arguments. With a
row, an op is checked like every other: its values against numpy, its first and second
derivatives against central differences, alone and inside the random graphs that
`autograd.testing.expressions()` and `tensor_expressions()` draw. No other edit is needed.

Rows live beside the rules they check, one file per section of autograd/ops (nn adds its own
with `register`, in nn/specs/__init__.py). This package imports hypothesis (the `dev` extra).
"""

from . import (  # noqa: F401 (rows register)
    arithmetic,
    conversions,
    elementwise,
    indexing,
    indexing_more,
    linalg,
    movement,
    norms,
    padding,
    reductions,
    rounding,
    scans,
    shape,
    sorting,
    special,
    statistics,
    trig,
)
from .core import (
    BOTH,
    DOMAIN_MARGIN,
    GRID,
    KINK_MARGIN,
    NONZERO,
    OFF_GRID,
    OFF_ZERO,
    POSITIVE,
    REAL,
    SPECS,
    SPECS_BY_NAME,
    TENSOR,
    VALUE,
    Domain,
    NoFit,
    OpSpec,
    allowed_intervals,
    case,
    leaves,
    no_static,
    op,
    register,
    same,
)

__all__ = [
    "BOTH", "DOMAIN_MARGIN", "GRID", "KINK_MARGIN", "NONZERO", "OFF_GRID", "OFF_ZERO",
    "POSITIVE", "REAL", "SPECS", "SPECS_BY_NAME", "TENSOR", "VALUE", "Domain", "NoFit",
    "OpSpec", "allowed_intervals", "case", "leaves", "no_static", "op", "register", "same",
]
