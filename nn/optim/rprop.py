"""Rprop (Riedmiller and Braun): steps by the gradient's sign only, each coordinate with a
step size that grows while the sign holds and shrinks when it flips."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ._common import check_pair
from ._kernels import add_product
from .optimizer import Optimizer


class Rprop(Optimizer):
    """PyTorch's single-tensor update, in its order of operations, per coordinate, with
    s the step size (starting at lr) and p the previous step's gradient (starting at 0):

        f = etaplus if g * p > 0, etaminus if g * p < 0, else 1
        s = clamp(s * f, min_step, max_step)          ((min_step, max_step) = step_sizes)
        g = 0 where f == etaminus (the sign flipped: no step, and no flip next time)
        x -= sign(g) * s;    p = g

    (s is `step_size`, p is `prev`.) `maximize=True` ascends (g = -grad); `fma` is taken
    for uniformity: sign(g) * s is exact, so both roundings give the same numbers.
    """

    state_names = ("step", "prev", "step_size")

    def __init__(self, params: Iterable[Any], lr: float = 1e-2,
                 etas: tuple[float, float] = (0.5, 1.2),
                 step_sizes: tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False, fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, etas=etas, step_sizes=step_sizes,
                                      capturable=capturable, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable,
                                      fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        check_pair(group, "etas", "Rprop", "two numbers (etaminus, etaplus) with 0 < etaminus "
                   "< 1 < etaplus", lambda minus, plus: 0 < minus < 1 < plus)
        # PyTorch checks nothing more: a minimum above the maximum clamps to the maximum
        check_pair(group, "step_sizes", "Rprop", "two numbers (min_step, max_step)")

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        return {"step": 0.0, "prev": np.zeros_like(x),
                "step_size": np.full_like(x, group["lr"])}

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
        if group["maximize"]:
            g = -g
        if not state:
            state.update(self._new_state(x, group))
        state["step"] += 1
        prev, step_size = state["prev"], state["step_size"]
        sign = _sign(g * prev, x.dtype)
        factor = np.where(sign > 0, etaplus, np.where(sign < 0, etaminus, 1.0)).astype(
            x.dtype, copy=False)
        step_size *= factor
        np.clip(step_size, step_size_min, step_size_max, out=step_size)
        # where the sign flipped (as PyTorch finds it: the factor is etaminus, in x's dtype)
        g = np.where(factor == np.asarray(etaminus, x.dtype), 0, g).astype(x.dtype, copy=False)
        add_product(x, -1, _sign(g, x.dtype), step_size, group["fma"], out=x)
        prev[...] = g


def _sign(v: np.ndarray, dtype: Any) -> np.ndarray:
    """PyTorch's sign: (0 < v) - (v < 0), so 0 for a zero of either sign and for NaN."""
    return np.subtract(v > 0, v < 0, dtype=dtype)
