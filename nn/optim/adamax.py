"""Adamax (Kingma and Ba): Adam with the root mean square replaced by a decaying maximum."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ._common import check_betas
from ._kernels import add_quotient, add_scaled, lerp
from .optimizer import Optimizer, check_number


class Adamax(Optimizer):
    """PyTorch's single-tensor update, in its order of operations, t counting this
    parameter's steps:

        g = grad + weight_decay * x
        m = lerp(m, g, 1 - beta1),    u = max(beta2 * u, |g| + eps)
        x += (-lr / (1 - beta1**t) * m) / u

    (u is `exp_inf`.) `maximize=True` ascends (g = -grad); `fma=True` rounds each
    `y + a * x` once, as PyTorch's AVX2/AVX-512 CPU kernels do (see _kernels.py).
    """

    state_names = ("step", "exp_avg", "exp_inf")

    def __init__(self, params: Iterable[Any], lr: float = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, foreach: bool | None = None, *,
                 maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False, fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, capturable=capturable,
                                      fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        check_betas(group, "Adamax")
        for key in ("eps", "weight_decay"):
            check_number(group[key], key, "Adamax")

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        return {"step": 0.0, "exp_avg": np.zeros_like(x), "exp_inf": np.zeros_like(x)}

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        fma = group["fma"]
        beta1, beta2 = group["betas"]
        if group["maximize"]:
            g = -g
        if not state:
            state.update(self._new_state(x, group))
        state["step"] += 1
        if group["weight_decay"] != 0:
            g = add_scaled(g, group["weight_decay"], x, fma)
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        lerp(exp_avg, g, 1 - beta1, fma, out=exp_avg)
        exp_inf *= beta2
        norm = np.abs(g)
        norm += group["eps"]
        np.maximum(exp_inf, norm, out=exp_inf)
        clr = group["lr"] / (1 - beta1 ** state["step"])
        add_quotient(x, -clr, exp_avg, exp_inf, out=x)
