"""Adam (with AMSGrad) and AdamW, Adam with weight decay taken out of the gradient (also
Adam's decoupled_weight_decay=True, as PyTorch's)."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.arguments import shown

from ._kernels import add_product, add_quotient, add_scaled, lerp
from .optimizer import Optimizer, check_flag, check_number


class Adam(Optimizer):
    """Adam (Kingma and Ba), PyTorch's single-tensor update in its order of operations,
    with t counting this parameter's steps:

        g = grad + weight_decay * x      (decoupled_weight_decay: x *= 1 - lr * weight_decay)
        m = lerp(m, g, 1 - beta1),    v = beta2 * v + (1 - beta2) * g * g
        v_max = max(v_max, v) and v = v_max          (amsgrad)
        x += (-lr / (1 - beta1**t) * m) / (sqrt(v) / (1 - beta2**t)**0.5 + eps)

    `decoupled_weight_decay=True` is AdamW (PyTorch's flag, in each group). `maximize=True`
    ascends (g = -grad); `fma=True` rounds each `y + a * x` once, as PyTorch's AVX2/AVX-512
    CPU kernels do (see nn/optim/_kernels.py).
    """

    state_names = ("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
    later_settings = {**Optimizer.later_settings, "decoupled_weight_decay": False}

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False,
                 fused: bool | None = None, decoupled_weight_decay: bool = False,
                 fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                                      capturable=capturable, differentiable=differentiable,
                                      fused=fused,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        name = type(self).__name__
        betas = group["betas"]
        if (not isinstance(betas, (tuple, list)) or len(betas) != 2
                or not all(isinstance(b, numbers.Real) and 0 <= b < 1 for b in betas)):
            raise ValueError(f"{name}: betas must be two numbers in [0, 1), got {shown(betas)}")
        group["betas"] = (float(betas[0]), float(betas[1]))
        check_number(group["eps"], "eps", name)
        check_number(group["weight_decay"], "weight_decay", name)
        check_flag(group["amsgrad"], "amsgrad", name)
        check_flag(group["decoupled_weight_decay"], "decoupled_weight_decay", name)

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        state = {"step": 0.0, "exp_avg": np.zeros_like(x), "exp_avg_sq": np.zeros_like(x)}
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = np.zeros_like(x)
        return state

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        fma, lr, weight_decay = group["fma"], group["lr"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        if group["maximize"]:
            g = -g
        if not state:
            state.update(self._new_state(x, group))
        state["step"] += 1
        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                x *= 1 - lr * weight_decay
            else:
                g = add_scaled(g, weight_decay, x, fma)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp(exp_avg, g, 1 - beta1, fma, out=exp_avg)
        exp_avg_sq *= beta2
        add_product(exp_avg_sq, 1 - beta2, g, g, fma, out=exp_avg_sq)

        step = state["step"]
        step_size = lr / (1 - beta1**step)
        bias_correction2_sqrt = (1 - beta2**step) ** 0.5
        if group["amsgrad"]:
            if "max_exp_avg_sq" not in state:  # amsgrad switched on after the first step
                state["max_exp_avg_sq"] = np.zeros_like(x)
            np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
            exp_avg_sq = state["max_exp_avg_sq"]
        denom = np.sqrt(exp_avg_sq) / bias_correction2_sqrt
        denom += group["eps"]
        add_quotient(x, -step_size, exp_avg, denom, out=x)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): each step first shrinks
    x *= 1 - lr * weight_decay, and the gradient stays as it is. PyTorch's default
    weight_decay=1e-2; Adam(..., decoupled_weight_decay=True) is the same optimizer."""

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False, foreach: bool | None = None,
                 capturable: bool = False, differentiable: bool = False,
                 fused: bool | None = None, fma: bool = False) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True, fma=fma)

    def load_state_dict(self, state_dict: Any) -> None:
        """Optimizer.load_state_dict, and every group decoupled whatever was saved (an
        Adam's state loads as AdamW's), as PyTorch's AdamW."""
        super().load_state_dict(state_dict)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
