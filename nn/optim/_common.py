"""What Adamax, NAdam, RAdam, Rprop, ASGD and LBFGS share beyond Optimizer: argument checks, and
per-parameter numbers besides `step` (NAdam's mu_product, ASGD's eta and mu).

PyTorch keeps those numbers in 0-d tensors of its default dtype, float32, whatever the
parameter's dtype: each update rounds them to float32, and that rounding shows in the
parameter's last bits. `float32` does the same; the state holds them as Python floats, as
it holds `step`, and state_dict()/load_state_dict() carry them as such (their names are the
optimizer's `scalar_names`).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd.arguments import shown


def float32(x: float) -> float:
    """x rounded to float32: what PyTorch's float32 0-d state tensor holds after copy_(x)."""
    return float(np.float32(x))


def times_float32(x: float, y: float) -> float:
    """PyTorch's `t *= y` on a float32 0-d tensor t holding x: y is rounded to float32 first,
    then the product (one more rounding)."""
    return float(np.float32(x) * np.float32(y))


def check_real(x: Any, name: str, where: str) -> None:
    """ValueError unless x is a real number (any sign, as PyTorch takes it; not a bool)."""
    if not isinstance(x, numbers.Real) or isinstance(x, bool) or x != x:
        raise ValueError(f"{where}: {name} must be a number, got {shown(x)}")


def check_pair(group: dict[str, Any], key: str, where: str, wanted: str,
               fits: Any = lambda a, b: True) -> None:
    """group[key] must be two real numbers (a tuple or list) for which fits(a, b) holds;
    it becomes a tuple of floats, as the constructors normalise it (JSON gives lists)."""
    pair = group[key]
    if (not isinstance(pair, (tuple, list)) or len(pair) != 2
            or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) and v == v
                       for v in pair) or not fits(*pair)):
        raise ValueError(f"{where}: {key} must be {wanted}, got {shown(pair)}")
    group[key] = (float(pair[0]), float(pair[1]))


def check_betas(group: dict[str, Any], where: str) -> None:
    check_pair(group, "betas", where, "two numbers in [0, 1)",
               lambda a, b: 0 <= a < 1 and 0 <= b < 1)
