"""NAdam (Dozat): Adam with Nesterov momentum, whose momentum grows over the first steps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ._common import check_betas, times_float32
from ._kernels import add_product, add_quotient, add_scaled, lerp
from .optimizer import Optimizer, check_flag, check_number


class NAdam(Optimizer):
    """PyTorch's single-tensor update, in its order of operations, t counting this
    parameter's steps:

        g = grad + weight_decay * x       (decoupled_weight_decay: x *= 1 - lr * weight_decay)
        mu_t = beta1 * (1 - 0.5 * 0.96**(t * momentum_decay));    P = P * mu_t   (mu_product)
        m = lerp(m, g, 1 - beta1),    v = beta2 * v + (1 - beta2) * g * g
        d = sqrt(v / (1 - beta2**t)) + eps
        x += (-lr * (1 - mu_t) / (1 - P) * g) / d
        x += (-lr * mu_{t+1} / (1 - P * mu_{t+1}) * m) / d

    P (`mu_product`) is rounded to float32 at each step, as PyTorch's float32 state tensor
    (see _common.py). `maximize=True` ascends (g = -grad); `fma=True` rounds each
    `y + a * x` once, as PyTorch's AVX2/AVX-512 CPU kernels do (see _kernels.py).
    """

    state_names = ("step", "mu_product", "exp_avg", "exp_avg_sq")
    scalar_names = ("mu_product",)
    foreach_matches = False  # (PyTorch's multi-tensor NAdam rounds otherwise)

    def __init__(self, params: Iterable[Any], lr: float = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False, fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      foreach=foreach, maximize=maximize,
                                      capturable=capturable, differentiable=differentiable,
                                      fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        check_betas(group, "NAdam")
        for key in ("eps", "weight_decay", "momentum_decay"):
            check_number(group[key], key, "NAdam")
        check_flag(group["decoupled_weight_decay"], "decoupled_weight_decay", "NAdam")

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        return {"step": 0.0, "mu_product": 1.0, "exp_avg": np.zeros_like(x),
                "exp_avg_sq": np.zeros_like(x)}

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
        bias_correction2 = 1 - beta2**step
        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                x *= 1 - lr * weight_decay
            else:
                g = add_scaled(g, weight_decay, x, fma)
        # the momentum of this step and of the next
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * group["momentum_decay"])))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * group["momentum_decay"])))
        mu_product = state["mu_product"] = times_float32(state["mu_product"], mu)

        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp(exp_avg, g, 1 - beta1, fma, out=exp_avg)
        exp_avg_sq *= beta2
        add_product(exp_avg_sq, 1 - beta2, g, g, fma, out=exp_avg_sq)
        denom = np.sqrt(exp_avg_sq / bias_correction2)
        denom += group["eps"]
        mu_product_next = mu_product * mu_next
        add_quotient(x, -lr * (1.0 - mu) / (1.0 - mu_product), g, denom, out=x)
        add_quotient(x, (-lr * mu_next) / (1.0 - mu_product_next), exp_avg, denom, out=x)
