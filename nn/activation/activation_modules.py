"""Activation modules beyond ReLU, Sigmoid, Tanh, Softmax and LogSoftmax (in layers.py):
PyTorch's names, arguments, defaults and reprs; each calls its function in
nn/activation/activations.py.

`inplace=True` is accepted where PyTorch has it (and shows in the repr, as PyTorch's), but
computes out of place: ops here never change their input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..module import Module
from ..parameter import Parameter
from . import activations as F  # noqa: N812 (PyTorch's habit)


class _Inplace(Module):
    """An activation that takes PyTorch's `inplace` flag (accepted, computed out of place)."""

    def __init__(self, inplace: bool = False) -> None:
        F.check_inplace(inplace, type(self).__name__)
        self.inplace = bool(inplace)

    def _inplace_repr(self, settings: str = "") -> str:
        flag = "inplace=True" if self.inplace else ""
        return ", ".join(part for part in (settings, flag) if part)

    def extra_repr(self) -> str:
        return self._inplace_repr()


class LeakyReLU(_Inplace):
    """x for x > 0, negative_slope * x elsewhere."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__(inplace)
        F.number(negative_slope, "negative_slope", "LeakyReLU")
        self.negative_slope = negative_slope

    def forward(self, x: Any) -> Any:
        return F.leaky_relu(x, self.negative_slope)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"negative_slope={self.negative_slope}")


class PReLU(Module):
    """prelu with learned slopes: weight of num_parameters slopes (1 for all channels, or
    one per channel), each starting at init (PyTorch's defaults: 1 and 0.25)."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, *,
                 dtype: Any = None) -> None:
        self.num_parameters = F.arguments.count(num_parameters, "num_parameters", "PReLU",
                                                minimum=1)
        F.number(init, "init", "PReLU")
        self.init = init
        self.weight = Parameter(np.full(self.num_parameters, float(init)),
                                dtype=F.arguments.float_dtype(dtype, "PReLU"))

    def reset_parameters(self) -> None:
        self.weight.data[...] = self.init

    def forward(self, input: Any) -> Any:  # noqa: A002
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class ELU(_Inplace):
    """x for x > 0, alpha (exp(x) - 1) elsewhere."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__(inplace)
        F.number(alpha, "alpha", "ELU")
        self.alpha = alpha

    def forward(self, x: Any) -> Any:
        return F.elu(x, self.alpha)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"alpha={self.alpha}")


class CELU(_Inplace):
    """max(0, x) + min(0, alpha (exp(x / alpha) - 1))."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__(inplace)
        if F.number(alpha, "alpha", "CELU") == 0:
            raise ValueError("CELU: alpha cannot be 0 (it divides x)")
        self.alpha = alpha

    def forward(self, x: Any) -> Any:
        return F.celu(x, self.alpha)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"alpha={self.alpha}")


class SELU(_Inplace):
    """scale * elu(x, alpha) with the self-normalising constants."""

    def forward(self, x: Any) -> Any:
        return F.selu(x)


class GELU(Module):
    """x Phi(x); approximate='tanh' for PyTorch's tanh approximation."""

    def __init__(self, approximate: str = "none") -> None:
        self.approximate = F.arguments.choice(approximate, "approximate", "GELU",
                                              ("none", "tanh"))

    def forward(self, x: Any) -> Any:
        return F.gelu(x, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(_Inplace):
    """x sigmoid(x)."""

    def forward(self, x: Any) -> Any:
        return F.silu(x)


class Mish(_Inplace):
    """x tanh(softplus(x))."""

    def forward(self, x: Any) -> Any:
        return F.mish(x)


class Softplus(Module):
    """log(1 + exp(beta x)) / beta, and x where beta x > threshold."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        if not F.number(beta, "beta", "Softplus") > 0:
            raise ValueError(f"Softplus: beta must be positive, got {beta!r}")
        F.number(threshold, "threshold", "Softplus")
        self.beta = beta
        self.threshold = threshold

    def forward(self, x: Any) -> Any:
        return F.softplus(x, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softsign(Module):
    """x / (1 + |x|)."""

    def forward(self, x: Any) -> Any:
        return F.softsign(x)


class LogSigmoid(Module):
    """log(sigmoid(x)), finite for any x."""

    def forward(self, x: Any) -> Any:
        return F.logsigmoid(x)


class Hardtanh(_Inplace):
    """x clipped to [min_val, max_val] (gradient 0 at the bounds, as PyTorch)."""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0,
                 inplace: bool = False) -> None:
        super().__init__(inplace)
        lo = F.number(min_val, "min_val", type(self).__name__)
        hi = F.number(max_val, "max_val", type(self).__name__)
        if lo > hi:
            raise ValueError(f"{type(self).__name__}: min_val ({lo}) cannot be greater than "
                             f"max_val ({hi})")
        self.min_val = min_val
        self.max_val = max_val

    def forward(self, x: Any) -> Any:
        return F.hardtanh(x, self.min_val, self.max_val)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"min_val={self.min_val}, max_val={self.max_val}")


class ReLU6(Hardtanh):
    """min(max(x, 0), 6): Hardtanh(0, 6), as in PyTorch."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        return self._inplace_repr()


class Hardsigmoid(_Inplace):
    """relu6(x + 3) / 6."""

    def forward(self, x: Any) -> Any:
        return F.hardsigmoid(x)

    def extra_repr(self) -> str:
        return ""  # PyTorch shows no settings, inplace or not


class Hardswish(_Inplace):
    """x relu6(x + 3) / 6."""

    def forward(self, x: Any) -> Any:
        return F.hardswish(x)

    def extra_repr(self) -> str:
        return ""  # PyTorch shows no settings, inplace or not


class Softmin(Module):
    """softmax(-x) along dim (None: PyTorch's old implicit choice, with its warning)."""

    def __init__(self, dim: int | None = None) -> None:
        self.dim = None if dim is None else F.arguments.integer(dim, "dim", "Softmin")

    def forward(self, x: Any) -> Any:
        return F.softmin(x, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
