"""Adagrad (Duchi et al.): each coordinate's step shrinks with its sum of squared gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd import Value

from ._kernels import add_product, add_quotient, add_scaled
from .optimizer import Optimizer, check_number


class Adagrad(Optimizer):
    """PyTorch's single-tensor update, in its order of operations, t counting the steps:

        g = grad + weight_decay * x;     s = s + g * g      (s starts at initial_accumulator_value)
        x += (-lr / (1 + (t - 1) * lr_decay) * g) / (sqrt(s) + eps)

    As in PyTorch, every parameter has its state from the start (so state_dict() lists
    them all before the first step). One difference, deliberate: a group's own
    initial_accumulator_value starts its sums, as any group setting would; PyTorch's start
    at the constructor's value whatever the group says (and the parameters of a group added
    later get their state at their first step, from that value too). `maximize=True`
    ascends (g = -grad); `fma=True` rounds each `y + a * x` once, as PyTorch's AVX2/AVX-512
    CPU kernels do.
    """

    state_names = ("step", "sum")

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, lr_decay: float = 0.0,
                 weight_decay: float = 0.0, initial_accumulator_value: float = 0.0,
                 eps: float = 1e-10, foreach: bool | None = None, *, maximize: bool = False,
                 differentiable: bool = False, fused: bool | None = None,
                 fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps,
                                      weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value,
                                      foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, fused=fused, fma=fma))

    def add_param_group(self, param_group: Any) -> None:
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        for p in group["params"]:
            x = np.asarray(p.data, dtype=np.float64 if isinstance(p, Value) else None)
            self.state[p] = self._new_state(x, group)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        for key in ("lr_decay", "weight_decay", "initial_accumulator_value", "eps"):
            check_number(group[key], key, "Adagrad")

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        return {"step": 0.0, "sum": np.full_like(x, group["initial_accumulator_value"])}

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        fma = group["fma"]
        if not state:
            state.update(self._new_state(x, group))
        state["step"] += 1
        if group["maximize"]:
            g = -g
        if group["weight_decay"] != 0:
            g = add_scaled(g, group["weight_decay"], x, fma)
        clr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
        add_product(state["sum"], 1, g, g, fma, out=state["sum"])
        std = np.sqrt(state["sum"])
        std += group["eps"]
        add_quotient(x, -clr, g, std, out=x)
