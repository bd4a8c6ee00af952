"""Optimizers, in order of increasing complexity: SGD (with momentum, dampening, Nesterov
and weight decay), then Adam. Each follows PyTorch's published update exactly, and keeps
its settings in PyTorch's `param_groups`.

`step()` changes each parameter's numbers in place, outside any graph: plain numpy (or
float) arithmetic on `.data` and `.grad`. Parameters may be Tensors or micrograd-style
Values; a parameter whose grad is None (never reached by backward) is skipped.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd import Tensor, Value

from .module import clear_grad


class Optimizer:
    """Holds the parameters in `param_groups`; subclasses define `_update(state, x, g, group)`.

    `params` is an iterable of Tensors or Values, or of dicts (PyTorch's parameter groups:
    {'params': [...], 'lr': 0.01, ...}, the settings not given taken from the optimizer's).
    step() reads every setting from the group each time, so a schedule may change them:
    `for group in opt.param_groups: group['lr'] *= 0.1`, or `opt.lr = 0.01` for all groups.
    """

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        name = type(self).__name__
        self.defaults = defaults
        items = list(params)
        groups = items if items and all(isinstance(g, dict) for g in items) else [
            {"params": items}]
        self.param_groups: list[dict[str, Any]] = []
        self.params: list[Any] = []  # every group's, in order
        seen: set[int] = set()
        for group in groups:
            group = {**group}  # the caller's dict is left as it was
            for key, value in defaults.items():
                group.setdefault(key, value)
            group["params"] = self._leaves(group["params"], seen)
            self._check_group(group)
            self.param_groups.append(group)
        if not self.params:
            raise ValueError(f"{name}: got no parameters (an empty list, or a used-up "
                             "generator: pass list(model.parameters()) to reuse it)")
        self.state: dict[int, dict[str, Any]] = {}  # id(parameter) -> its buffers

    def _leaves(self, params: Any, seen: set[int]) -> list[Any]:
        """The group's parameters, checked, each once (a repeat is still updated once)."""
        name = type(self).__name__
        group: list[Any] = []
        for i, p in enumerate([params] if isinstance(params, (Tensor, Value)) else params):
            if not isinstance(p, (Tensor, Value)):
                raise TypeError(f"{name}: parameter {i} is {type(p).__name__}, "
                                "expected a Tensor or Value")
            if not p.is_leaf:  # the result of an op: updating it would change nothing upstream
                raise ValueError(f"{name}: parameter {i} is the result of an op, not a "
                                 "leaf; optimize the leaves it came from")
            if id(p) in seen:
                if any(p is q for q in group):
                    continue
                raise ValueError(f"{name}: parameter {i} appears in more than one "
                                 "parameter group")
            seen.add(id(p))
            group.append(p)
            self.params.append(p)
        return group

    def _check_group(self, group: dict[str, Any]) -> None:
        _check_number(group["lr"], "lr", type(self).__name__)

    @property
    def lr(self) -> float:
        """The learning rate of every group (an error when the groups' rates differ)."""
        rates = [group["lr"] for group in self.param_groups]
        if any(rate != rates[0] for rate in rates):
            raise AttributeError(f"{type(self).__name__}.lr: the groups have different "
                                 f"rates {rates}; read param_groups[i]['lr']")
        return rates[0]

    @lr.setter
    def lr(self, value: float) -> None:
        _check_number(value, "lr", type(self).__name__)
        for group in self.param_groups:
            group["lr"] = value

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients, as Module.zero_grad: a Tensor's grad becomes None (zeros
        with set_to_none=False), a Value's 0.0."""
        for p in self.params:
            clear_grad(p, set_to_none)

    def step(self) -> None:
        """Update every parameter that has a gradient, with its group's settings."""
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                if isinstance(g, (Tensor, Value)):  # a gradient recorded with create_graph
                    g = g.data
                new = self._update(self.state.setdefault(id(p), {}), p.data, g, group)
                if isinstance(p, Value):
                    p.data = float(new)
                elif new is not p.data:
                    p.data[...] = new

    def _update(self, state: dict[str, Any], x: Any, g: Any, group: dict[str, Any]) -> Any:
        """The new value of a parameter x with gradient g (may change x in place); `state`
        holds this parameter's buffers between steps."""
        raise NotImplementedError


class SGD(Optimizer):
    """x -= lr * d, where (PyTorch's formulas):

        g = grad + weight_decay * x
        b = g on the first step, then momentum * b + (1 - dampening) * g   (if momentum)
        d = g + momentum * b if nesterov, else b        (g itself without momentum)
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, momentum: float = 0.0,
                 dampening: float = 0.0, weight_decay: float = 0.0,
                 nesterov: bool = False) -> None:
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        for key in ("momentum", "dampening", "weight_decay"):
            _check_number(group[key], key, "SGD")
        if group["nesterov"] and (group["momentum"] == 0 or group["dampening"] != 0):
            raise ValueError(f"SGD: nesterov=True needs a momentum > 0 and dampening 0, got "
                             f"momentum={group['momentum']}, dampening={group['dampening']}")

    def _update(self, state: dict[str, Any], x: Any, g: Any, group: dict[str, Any]) -> Any:
        momentum = group["momentum"]
        if group["weight_decay"]:
            g = g + group["weight_decay"] * x
        if momentum:
            b = state.get("momentum_buffer")
            b = _copy(g) if b is None else _scale_add(b, momentum, (1 - group["dampening"]) * g)
            state["momentum_buffer"] = b
            g = g + momentum * b if group["nesterov"] else b
        if isinstance(x, np.ndarray):
            x -= group["lr"] * g
            return x
        return x - group["lr"] * g


class Adam(Optimizer):
    """Adam (Kingma and Ba), as PyTorch computes it; with t counting this parameter's steps:

        g = grad + weight_decay * x
        m = beta1 * m + (1 - beta1) * g,    v = beta2 * v + (1 - beta2) * g * g
        x -= lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        betas = group["betas"]
        if (not isinstance(betas, (tuple, list)) or len(betas) != 2
                or not all(isinstance(b, numbers.Real) and 0 <= b < 1 for b in betas)):
            raise ValueError(f"Adam: betas must be two numbers in [0, 1), got {betas!r}")
        group["betas"] = (float(betas[0]), float(betas[1]))
        _check_number(group["eps"], "eps", "Adam")
        _check_number(group["weight_decay"], "weight_decay", "Adam")

    def _update(self, state: dict[str, Any], x: Any, g: Any, group: dict[str, Any]) -> Any:
        beta1, beta2 = group["betas"]
        if group["weight_decay"]:
            g = g + group["weight_decay"] * x
        if not state:
            state.update(step=0, m=g * 0.0, v=g * 0.0)
        state["step"] = t = state["step"] + 1
        m = state["m"] = _scale_add(state["m"], beta1, (1 - beta1) * g)
        v = state["v"] = _scale_add(state["v"], beta2, (1 - beta2) * g * g)
        step_size = group["lr"] / (1 - beta1**t)
        denom = _sqrt(v) / math.sqrt(1 - beta2**t) + group["eps"]
        if isinstance(x, np.ndarray):
            x -= step_size * (m / denom)
            return x
        return x - step_size * (m / denom)


def _check_number(x: Any, name: str, where: str) -> None:
    if not isinstance(x, numbers.Real) or isinstance(x, bool) or not x >= 0:
        raise ValueError(f"{where}: {name} must be a number >= 0, got {x!r}")


def _copy(x: Any) -> Any:
    return x.copy() if isinstance(x, np.ndarray) else x


def _scale_add(buffer: Any, a: float, y: Any) -> Any:
    """a * buffer + y, in place for arrays (the buffer is the optimizer's own)."""
    if isinstance(buffer, np.ndarray):
        buffer *= a
        buffer += y
        return buffer
    return a * buffer + y


def _sqrt(x: Any) -> Any:
    return np.sqrt(x) if isinstance(x, np.ndarray) else math.sqrt(x)
