"""Adadelta (Zeiler): steps in the units of the parameter, from two running averages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ._kernels import add_product, add_scaled
from .optimizer import Optimizer, check_number


class Adadelta(Optimizer):
    """PyTorch's single-tensor update, in its order of operations:

        g = grad + weight_decay * x;        v = rho * v + (1 - rho) * g * g
        d = sqrt(u + eps) / sqrt(v + eps) * g;   u = rho * u + (1 - rho) * d * d
        x -= lr * d

    (v is `square_avg`, u is `acc_delta`.) `maximize=True` ascends (g = -grad); `fma=True`
    rounds each `y + a * x` once, as PyTorch's AVX2/AVX-512 CPU kernels do.
    """

    state_names = ("step", "square_avg", "acc_delta")

    def __init__(self, params: Iterable[Any], lr: float = 1.0, rho: float = 0.9,
                 eps: float = 1e-6, weight_decay: float = 0.0, foreach: bool | None = None,
                 *, capturable: bool = False, maximize: bool = False,
                 differentiable: bool = False, fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                                      foreach=foreach, capturable=capturable,
                                      maximize=maximize, differentiable=differentiable,
                                      fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        for key in ("eps", "weight_decay"):
            check_number(group[key], key, "Adadelta")
        rho = group["rho"]
        check_number(rho, "rho", "Adadelta")
        if rho > 1:
            raise ValueError(f"Adadelta: rho must be in [0, 1], got {rho!r}")

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        return {"step": 0.0, "square_avg": np.zeros_like(x), "acc_delta": np.zeros_like(x)}

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        fma, rho, eps = group["fma"], group["rho"], group["eps"]
        if not state:
            state.update(self._new_state(x, group))
        state["step"] += 1
        if group["maximize"]:
            g = -g
        if group["weight_decay"] != 0:
            g = add_scaled(g, group["weight_decay"], x, fma)
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        square_avg *= rho
        add_product(square_avg, 1 - rho, g, g, fma, out=square_avg)
        std = np.sqrt(square_avg + eps)
        delta = np.sqrt(acc_delta + eps)
        delta = delta / std * g
        acc_delta *= rho
        add_product(acc_delta, 1 - rho, delta, delta, fma, out=acc_delta)
        add_scaled(x, -group["lr"], delta, fma, out=x)
