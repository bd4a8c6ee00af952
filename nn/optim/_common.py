"""What the optimizers share beyond Optimizer: argument checks (PyTorch's implementation flags,
foreach, fused, capturable and differentiable, among them), and per-parameter numbers besides
`step` (NAdam's mu_product, ASGD's eta and mu).

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


# PyTorch's flags that choose among its implementations of one update, with their defaults:
# its multi-tensor (foreach) and fused kernels, CUDA-graph capture, and a step that autograd
# can differentiate. Each optimizer takes those PyTorch's takes, at PyTorch's positions, and
# keeps them in its groups, as PyTorch's; older state_dicts without them load with these.
IMPLEMENTATION_DEFAULTS = {"foreach": None, "fused": None, "capturable": False,
                           "differentiable": False}


def check_implementation(group: dict[str, Any], where: str, foreach_matches: bool) -> None:
    """foreach and fused: None, True or False; capturable and differentiable: True or False.
    What gradproof computes is PyTorch's single-tensor update (foreach=False), so True is
    refused where that is not what PyTorch would compute:

    - foreach=True, unless PyTorch's multi-tensor update gives the single-tensor numbers
      (`foreach_matches`: so it does for all but ASGD, NAdam and RAdam);
    - fused=True: PyTorch's fused CPU kernels round in their own way on AVX2 machines;
    - capturable=True: for CUDA graphs (PyTorch refuses it for CPU parameters);
    - differentiable=True: gradproof's step changes .data in place, outside any graph.
    """
    for key in ("foreach", "fused", "capturable", "differentiable"):
        if key not in group:
            continue
        value = group[key]
        optional = key in ("foreach", "fused")
        if not (isinstance(value, (bool, np.bool_)) or (optional and value is None)):
            raise TypeError(f"{where}: {key} must be True or False{', or None' * optional}, "
                            f"got {shown(value)}")
        group[key] = value if value is None else bool(value)
    if group.get("foreach") and not foreach_matches:
        refuse(where, "foreach", f"PyTorch's multi-tensor {where} rounds differently from its "
               "single-tensor update, which is the one gradproof computes; pass foreach=None "
               "(PyTorch's default for CPU tensors) or False")
    if group.get("fused"):
        refuse(where, "fused", "PyTorch's fused CPU kernel rounds in its own way (its numbers "
               "are neither its portable nor its AVX2 single-tensor ones), and gradproof "
               "computes the single-tensor update; pass fused=None or False")
    if group.get("capturable"):
        refuse(where, "capturable", "it is for CUDA graphs (PyTorch refuses it for CPU "
               "parameters); pass capturable=False")
    if group.get("differentiable"):
        refuse(where, "differentiable", "gradproof's step changes the parameters' .data in "
               "place, outside any graph (PyTorch's refuses leaf parameters too); pass "
               "differentiable=False")


def refuse(where: str, key: str, why: str) -> None:
    raise ValueError(f"{where}: {key}=True is not supported: {why}")
