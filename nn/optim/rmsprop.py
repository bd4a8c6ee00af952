"""RMSprop (Hinton): divide the gradient by a running root mean square of its history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ._kernels import add_product, add_quotient, add_scaled, lerp
from .optimizer import Optimizer, check_flag, check_number


class RMSprop(Optimizer):
    """PyTorch's single-tensor update, in its order of operations:

        g = grad + weight_decay * x;        v = alpha * v + (1 - alpha) * g * g
        a = sqrt(v) + eps,  or with centered: m = lerp(m, g, 1 - alpha), a = sqrt(v - m*m) + eps
        b = momentum * b + g / a,  x -= lr * b      (momentum > 0)
        x += (-lr * g) / a                           (otherwise)

    `maximize=True` ascends (g = -grad); `fma=True` rounds each `y + a * x` once, as
    PyTorch's AVX2/AVX-512 CPU kernels do (see nn/optim/_kernels.py).
    """

    state_names = ("step", "square_avg", "momentum_buffer", "grad_avg")

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, alpha: float = 0.99,
                 eps: float = 1e-8, weight_decay: float = 0.0, momentum: float = 0.0,
                 centered: bool = False, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False, *, fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps,
                                      centered=centered, weight_decay=weight_decay,
                                      capturable=capturable, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable,
                                      fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        for key in ("alpha", "eps", "weight_decay", "momentum"):
            check_number(group[key], key, "RMSprop")
        check_flag(group["centered"], "centered", "RMSprop")

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        state = {"step": 0.0, "square_avg": np.zeros_like(x)}
        if group["momentum"] > 0:
            state["momentum_buffer"] = np.zeros_like(x)
        if group["centered"]:
            state["grad_avg"] = np.zeros_like(x)
        return state

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        fma, alpha, eps = group["fma"], group["alpha"], group["eps"]
        if group["maximize"]:
            g = -g
        if not state:
            state.update(self._new_state(x, group))
        state["step"] += 1
        if group["weight_decay"] != 0:
            g = add_scaled(g, group["weight_decay"], x, fma)
        square_avg = state["square_avg"]
        square_avg *= alpha
        add_product(square_avg, 1 - alpha, g, g, fma, out=square_avg)
        if group["centered"]:
            grad_avg = state.setdefault("grad_avg", np.zeros_like(x))
            lerp(grad_avg, g, 1 - alpha, fma, out=grad_avg)
            avg = np.sqrt(add_product(square_avg, -1, grad_avg, grad_avg, fma))
        else:
            avg = np.sqrt(square_avg)
        avg += eps
        if group["momentum"] > 0:
            buffer = state.setdefault("momentum_buffer", np.zeros_like(x))
            buffer *= group["momentum"]
            add_quotient(buffer, 1, g, avg, out=buffer)
            add_scaled(x, -group["lr"], buffer, fma, out=x)
        else:
            add_quotient(x, -group["lr"], g, avg, out=x)
