"""Optimizers, in order of increasing complexity: SGD (with momentum, Nesterov and weight
decay), then Adam. Each follows PyTorch's published update exactly.

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
    """Holds the parameters; subclasses define `_update(i, p, g)`."""

    def __init__(self, params: Iterable[Any], lr: float) -> None:
        name = type(self).__name__
        self.params: list[Any] = []
        seen: set[int] = set()
        for i, p in enumerate(params):
            if not isinstance(p, (Tensor, Value)):
                raise TypeError(f"{name}: parameter {i} is {type(p).__name__}, "
                                "expected a Tensor or Value")
            if p._prev:  # the result of an op: updating it would change nothing upstream
                raise ValueError(f"{name}: parameter {i} is the result of an op "
                                 f"({p._op!s}), not a leaf; optimize the leaves it came from")
            if id(p) not in seen:  # a parameter listed twice is still updated once
                seen.add(id(p))
                self.params.append(p)
        if not self.params:
            raise ValueError(f"{name}: got no parameters (an empty list, or a used-up "
                             "generator: pass list(model.parameters()) to reuse it)")
        _check_number(lr, "lr", name)
        self.lr = lr
        self.state: dict[int, dict[str, Any]] = {}  # per parameter index

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients, as Module.zero_grad: a Tensor's grad becomes None (zeros
        with set_to_none=False), a Value's 0.0."""
        for p in self.params:
            clear_grad(p, set_to_none)

    def step(self) -> None:
        """Update every parameter that has a gradient."""
        for i, p in enumerate(self.params):
            g = p.grad
            if g is None:
                continue
            if isinstance(g, (Tensor, Value)):  # a gradient recorded with create_graph
                g = g.data
            new = self._update(i, p.data, g)
            if isinstance(p, Value):
                p.data = float(new)
            elif new is not p.data:
                p.data[...] = new

    def _update(self, i: int, x: Any, g: Any) -> Any:
        """The new value of a parameter x with gradient g (may change x in place)."""
        raise NotImplementedError


class SGD(Optimizer):
    """x -= lr * d, where (PyTorch's formulas, dampening 0):

        g = grad + weight_decay * x
        b = g on the first step, then momentum * b + g       (if momentum)
        d = g + momentum * b if nesterov, else b             (g itself without momentum)
    """

    def __init__(self, params: Iterable[Any], lr: float, momentum: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False) -> None:
        super().__init__(params, lr)
        _check_number(momentum, "momentum", "SGD")
        _check_number(weight_decay, "weight_decay", "SGD")
        if nesterov and momentum == 0:
            raise ValueError("SGD: nesterov=True needs a momentum > 0")
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.nesterov = nesterov

    def _update(self, i: int, x: Any, g: Any) -> Any:
        if self.weight_decay:
            g = g + self.weight_decay * x
        if self.momentum:
            state = self.state.setdefault(i, {})
            b = state.get("momentum_buffer")
            b = _copy(g) if b is None else _scale_add(b, self.momentum, g)
            state["momentum_buffer"] = b
            g = g + self.momentum * b if self.nesterov else b
        if isinstance(x, np.ndarray):
            x -= self.lr * g
            return x
        return x - self.lr * g


class Adam(Optimizer):
    """Adam (Kingma and Ba), as PyTorch computes it; with t counting this parameter's steps:

        g = grad + weight_decay * x
        m = beta1 * m + (1 - beta1) * g,    v = beta2 * v + (1 - beta2) * g * g
        x -= lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        if (not isinstance(betas, (tuple, list)) or len(betas) != 2
                or not all(isinstance(b, numbers.Real) and 0 <= b < 1 for b in betas)):
            raise ValueError(f"Adam: betas must be two numbers in [0, 1), got {betas!r}")
        _check_number(eps, "eps", "Adam")
        _check_number(weight_decay, "weight_decay", "Adam")
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = eps
        self.weight_decay = weight_decay

    def _update(self, i: int, x: Any, g: Any) -> Any:
        beta1, beta2 = self.betas
        if self.weight_decay:
            g = g + self.weight_decay * x
        state = self.state.setdefault(i, {"step": 0, "m": g * 0.0, "v": g * 0.0})
        state["step"] = t = state["step"] + 1
        m = state["m"] = _scale_add(state["m"], beta1, (1 - beta1) * g)
        v = state["v"] = _scale_add(state["v"], beta2, (1 - beta2) * g * g)
        step_size = self.lr / (1 - beta1**t)
        denom = _sqrt(v) / math.sqrt(1 - beta2**t) + self.eps
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
