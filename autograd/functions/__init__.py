"""Functions of nodes: `autograd.exp(x)`, `autograd.where(c, x, y)`, `autograd.cat([...])`.

Each takes Values, Tensors, or plain data (numbers, lists, arrays), which becomes a Tensor.
The elementwise ones are made from the shared surface's methods (autograd/surface/shared.py),
one for each; the others are written in this package, a module per section. Every public
function of a section is `autograd.<name>` with no further edit (a trailing _ in a name, as
in `any_`, keeps a builtin usable inside its module: the function is `autograd.any`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..surface.shared import ELEMENTWISE as _METHODS
from . import conversions, elementwise, indexing, linalg, reductions, shape, statistics
from .common import elementwise_function

ELEMENTWISE: dict[str, Callable[..., Any]] = {
    name: elementwise_function(name, method) for name, method in _METHODS.items()}
"""exp, log, sqrt, abs, sin, ...: `autograd.<name>(x)` is `x.<name>()`."""

FUNCTIONS: dict[str, Callable[..., Any]] = {
    **ELEMENTWISE,
    **{name.rstrip("_"): value
       for section in (elementwise, reductions, linalg, shape, indexing, conversions,
                       statistics)
       for name, value in vars(section).items()
       if not name.startswith("_") and callable(value)
       and getattr(value, "__module__", None) == section.__name__},
}
"""Every function of autograd.functions, by its public name."""

globals().update(FUNCTIONS)
