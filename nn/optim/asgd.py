"""ASGD (Polyak and Juditsky): SGD with a decaying rate that also keeps a running average of
the parameter, `ax`, the estimate to use once the iterates hover around a minimum."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ._common import check_real, float32
from ._kernels import add_scaled
from .optimizer import Optimizer, check_number


class ASGD(Optimizer):
    """PyTorch's single-tensor update, in its order of operations, t counting this
    parameter's steps (eta starts at lr, mu at 1):

        g = grad + weight_decay * x
        x *= 1 - lambd * eta;     x += -eta * g
        ax += (x - ax) * mu       (ax = x while mu is 1)
        eta = lr / (1 + lambd * lr * t)**alpha;     mu = 1 / max(1, t - t0)

    so the average starts after step t0 + 1. eta and mu are rounded to float32, as
    PyTorch's float32 state tensors hold them (see _common.py). `maximize=True` ascends
    (g = -grad); `fma=True` rounds each `y + a * x` once, as PyTorch's AVX2/AVX-512 CPU
    kernels do (see _kernels.py).
    """

    state_names = ("step", "eta", "mu", "ax")
    scalar_names = ("eta", "mu")

    foreach_matches = False  # (PyTorch's multi-tensor ASGD keeps eta and mu otherwise)

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, lambd: float = 1e-4,
                 alpha: float = 0.75, t0: float = 1e6, weight_decay: float = 0.0,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False, *,
                 fma: bool = False) -> None:
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0,
                                      weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable,
                                      capturable=capturable, fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        check_number(group["weight_decay"], "weight_decay", "ASGD")
        for key in ("lambd", "alpha", "t0"):  # any number, as PyTorch takes
            check_real(group[key], key, "ASGD")

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        return {"step": 0.0, "eta": float32(group["lr"]), "mu": 1.0, "ax": np.zeros_like(x)}

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        fma, lr, lambd = group["fma"], group["lr"], group["lambd"]
        if group["maximize"]:
            g = -g
        if not state:
            state.update(self._new_state(x, group))
        state["step"] += 1
        if group["weight_decay"] != 0:
            g = add_scaled(g, group["weight_decay"], x, fma)
        eta = state["eta"]
        x *= 1 - lambd * eta
        add_scaled(x, -eta, g, fma, out=x)
        ax = state["ax"]
        if state["mu"] != 1:
            difference = x - ax
            difference *= state["mu"]
            ax += difference
        else:
            ax[...] = x
        step = state["step"]
        state["eta"] = float32(lr / ((1 + lambd * lr * step) ** group["alpha"]))
        state["mu"] = float32(1 / max(1, step - group["t0"]))
