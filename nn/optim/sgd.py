"""SGD: stochastic gradient descent with momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ._kernels import add_scaled
from .optimizer import Optimizer, check_flag, check_number


class SGD(Optimizer):
    """x -= lr * d, PyTorch's single-tensor update, in its order of operations:

        g = -grad if maximize else grad;   g = g + weight_decay * x
        b = g on the first step, then momentum * b + (1 - dampening) * g   (if momentum)
        d = g + momentum * b if nesterov, else b        (g itself without momentum)

    nesterov=True needs momentum > 0 and dampening 0 in the constructor's settings; as in
    PyTorch, a group may override them (nesterov then adds momentum * b only where
    momentum != 0, and b keeps the group's dampening).

    `fma=True` rounds each `y + a * x` once, as PyTorch's AVX2/AVX-512 CPU kernels do;
    the default rounds twice, as its portable kernels (see nn/optim/_kernels.py).
    """

    state_names = ("momentum_buffer",)

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, momentum: float = 0.0,
                 dampening: float = 0.0, weight_decay: float = 0.0, nesterov: bool = False,
                 *, maximize: bool = False, foreach: bool | None = None,
                 differentiable: bool = False, fused: bool | None = None,
                 fma: bool = False) -> None:
        # PyTorch checks this on the constructor's settings only: a group may override
        # momentum or dampening (momentum 0 for the biases: plain SGD there), and then gets
        # PyTorch's numbers, Nesterov's step with that group's dampening included.
        for key, value in (("momentum", momentum), ("dampening", dampening)):
            check_number(value, key, "SGD")
        check_flag(nesterov, "nesterov", "SGD")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError(f"SGD: nesterov=True needs a momentum > 0 and dampening 0, got "
                             f"momentum={momentum!r}, dampening={dampening!r}")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov,
                                      maximize=maximize, foreach=foreach,
                                      differentiable=differentiable, fused=fused, fma=fma))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        for key in ("momentum", "dampening", "weight_decay"):
            check_number(group[key], key, "SGD")
        check_flag(group["nesterov"], "nesterov", "SGD")

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient, with its group's settings.

        `closure`, if given, recomputes the loss (with gradients on) before the update, as
        PyTorch's; its result is returned.
        """
        if closure is not None or not all(map(_plain, self.param_groups)):
            return super().step(closure)
        # Plain SGD on Tensors, the update of every small training step: x -= lr * g in
        # place, with nothing else to look up per parameter. (The same numbers as _update's
        # x + (-lr) * g: negation is exact, and a + (-b) is a - b in IEEE arithmetic.)
        for group in self.param_groups:
            lr = group["lr"]
            for p in group["params"]:
                g, x = p.grad, p.data
                if type(g) is np.ndarray and type(x) is np.ndarray and g.shape == x.shape:
                    x -= lr * g
                elif g is not None:
                    self._step_parameter(p, group)
        self._step_count += 1
        return None

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        fma, momentum = group["fma"], group["momentum"]
        if group["maximize"]:
            g = -g
        if group["weight_decay"] != 0:
            g = add_scaled(g, group["weight_decay"], x, fma)
        if momentum != 0:
            buffer = state.get("momentum_buffer")
            if buffer is None:
                buffer = state["momentum_buffer"] = np.array(g, dtype=x.dtype, copy=True)
            else:
                buffer *= momentum
                add_scaled(buffer, 1 - group["dampening"], g, fma, out=buffer)
            g = add_scaled(g, momentum, buffer, fma) if group["nesterov"] else buffer
        add_scaled(x, -group["lr"], g, fma, out=x)


def _plain(group: dict[str, Any]) -> bool:
    """A group whose update is x - lr * g: no momentum, weight decay, maximize or fma."""
    return (group["momentum"] == 0 and group["weight_decay"] == 0 and not group["maximize"]
            and not group["fma"])
