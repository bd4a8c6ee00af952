"""RAdam (Liu et al.): Adam that takes plain momentum steps until its variance estimate is
trustworthy, then rectifies the adaptive step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ._common import check_betas
from ._kernels import add_product, add_scaled, lerp
from .optimizer import Optimizer, check_flag, check_number


class RAdam(Optimizer):
    """PyTorch's single-tensor update, in its order of operations, t counting this
    parameter's steps:

        g = grad + weight_decay * x       (decoupled_weight_decay: x *= 1 - lr * weight_decay)
        m = lerp(m, g, 1 - beta1),    v = beta2 * v + (1 - beta2) * g * g
        rho_inf = 2 / (1 - beta2) - 1,    rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
        r = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))**0.5
        x -= m / (1 - beta1**t) * lr * (1 / (sqrt(v) + eps) * (1 - beta2**t)**0.5) * r
                                                                         (if rho_t > 5)
        x -= m / (1 - beta1**t) * lr                                     (otherwise)

    `maximize=True` ascends (g = -grad); `fma=True` rounds each `y + a * x` once, as
    PyTorch's AVX2/AVX-512 CPU kernels do (see _kernels.py).
    """

    state_names = ("step", "exp_avg", "exp_avg_sq")
    foreach_matches = False  # (PyTorch's multi-tensor RAdam rounds otherwise)

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, decoupled_weight_decay: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False,
                 fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      foreach=foreach, maximize=maximize,
                                      capturable=capturable, differentiable=differentiable,
                                      fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        check_betas(group, "RAdam")
        for key in ("eps", "weight_decay"):
            check_number(group[key], key, "RAdam")
        check_flag(group["decoupled_weight_decay"], "decoupled_weight_decay", "RAdam")

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        return {"step": 0.0, "exp_avg": np.zeros_like(x), "exp_avg_sq": np.zeros_like(x)}

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        fma, lr, weight_decay = group["fma"], group["lr"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        if group["maximize"]:
            g = -g
        if not state:
            state.update(self._new_state(x, group))
        state["step"] += 1
        step = state["step"]
        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                x *= 1 - lr * weight_decay
            else:
                g = add_scaled(g, weight_decay, x, fma)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp(exp_avg, g, 1 - beta1, fma, out=exp_avg)
        exp_avg_sq *= beta2
        add_product(exp_avg_sq, 1 - beta2, g, g, fma, out=exp_avg_sq)

        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        update = exp_avg / bias_correction1
        update *= lr
        # the length of the approximated simple moving average, and its limit
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            # PyTorch's `c / tensor` is tensor.reciprocal() * c: two roundings
            adaptive_lr = np.sqrt(exp_avg_sq)
            adaptive_lr += group["eps"]
            adaptive_lr = np.reciprocal(adaptive_lr)
            adaptive_lr *= bias_correction2**0.5
            update *= adaptive_lr
            update *= ((rho_t - 4) * (rho_t - 2) * rho_inf
                       / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        add_scaled(x, -1.0, update, fma, out=x)
