"""Layers: Linear, Bilinear, ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Flatten and Dropout
(the other activations are in activation_modules.py, the containers in containers.py).

Random initialisation and dropout masks come from numpy Generators: pass `seed=` or
`generator=` to a layer, or call `nn.manual_seed(n)` once to make every draw afterwards
reproducible. nn.manual_seed is autograd.manual_seed: one generator (autograd's
`default_generator`) serves autograd.rand and randn, the layers, nn.init and dropout.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import Tensor, current_scope, linear
from autograd import manual_seed as manual_seed
from autograd.arguments import shown

from . import arguments, functional
from .activation.activations import check_inplace
from .dropouts import dropout
from .generators import generator_for
from .module import Module
from .parameter import Parameter


class Linear(Module):
    """y = x @ weight.T + bias, with weight of shape (out_features, in_features) as PyTorch.

    Initialisation is PyTorch's default: weight and bias drawn from
    U(-1/sqrt(in_features), 1/sqrt(in_features)) (kaiming-uniform with a=sqrt(5)), in the
    default float dtype (float64) unless dtype= says otherwise.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, *,
                 seed: int | None = None, generator: np.random.Generator | None = None,
                 dtype: Any = None) -> None:
        _check_features("Linear", in_features=in_features, out_features=out_features)
        self.in_features = int(in_features)
        self.out_features = int(out_features)
        self.weight, self.bias = _uniform_parameters(
            self, "Linear", (out_features, in_features), bias, seed, generator, dtype)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default, drawn again: weight then bias from U(-1/sqrt(in_features),
        1/sqrt(in_features)), from the layer's seed=/generator= stream if it was made with
        one, else from the default generator. The constructor calls it, so a subclass that
        overrides it (a zero init, say) decides the first values too, as in PyTorch."""
        _draw_uniform(self, self.in_features)

    def forward(self, x: Any) -> Tensor:
        try:  # (linear checks the shapes: they are looked at again only to name the layer)
            return linear(x, self.weight, self.bias)
        except ValueError:
            shape = x.shape if isinstance(x, Tensor) else \
                arguments.constant(x, "Linear", "x").shape
            if not shape or shape[-1] != self.in_features:
                where = current_scope()[-1] if current_scope() else repr(self)
                raise ValueError(f"{where}: input of shape {shape} does not fit weight of "
                                 f"shape {self.weight.shape}: expected (..., "
                                 f"{self.in_features})") from None
            raise

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class Bilinear(Module):
    """y = x1 @ weight @ x2 + bias, per output feature: y[..., o] = sum_ij x1[..., i]
    weight[o, i, j] x2[..., j] + bias[o] (torch.nn.Bilinear), weight of shape
    (out_features, in1_features, in2_features).

    Initialisation is PyTorch's: weight and bias drawn from U(-1/sqrt(in1_features),
    1/sqrt(in1_features)), in the default float dtype unless dtype= says otherwise.
    """

    def __init__(self, in1_features: int, in2_features: int, out_features: int,
                 bias: bool = True, *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = None) -> None:
        _check_features("Bilinear", in1_features=in1_features, in2_features=in2_features,
                        out_features=out_features)
        self.in1_features = int(in1_features)
        self.in2_features = int(in2_features)
        self.out_features = int(out_features)
        self.weight, self.bias = _uniform_parameters(
            self, "Bilinear", (out_features, in1_features, in2_features), bias, seed,
            generator, dtype)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default, drawn again: weight then bias from U(-1/sqrt(in1_features),
        1/sqrt(in1_features)), as Linear.reset_parameters."""
        _draw_uniform(self, self.in1_features)

    def forward(self, input1: Any, input2: Any) -> Tensor:
        return functional.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


def _uniform_parameters(layer: Module, name: str, shape: tuple[int, ...], bias: Any,
                        seed: Any, generator: Any, dtype: Any) -> tuple[Parameter, Any]:
    """The weight of `shape` and the bias (or None), not yet drawn; the layer keeps the
    generator of seed=/generator= (None: the default generator at each draw)."""
    arguments.flag(bias, "bias", name)
    rng = generator_for(seed, generator, name)
    layer._generator = rng if seed is not None or generator is not None else None
    dtype = arguments.float_dtype(dtype, name)
    return (Parameter(np.zeros(shape), dtype=dtype),
            Parameter(np.zeros(shape[0]), dtype=dtype) if bias else None)


def _draw_uniform(layer: Any, fan_in: int) -> None:
    """weight, then bias, in place from U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch's
    kaiming-uniform with a=sqrt(5)); the same draws, in the same order, as ever."""
    rng = vars(layer).get("_generator") or generator_for(None, None)
    bound = 1.0 / math.sqrt(fan_in)
    layer.weight.data[...] = rng.uniform(-bound, bound, layer.weight.shape)
    if layer.bias is not None:
        layer.bias.data[...] = rng.uniform(-bound, bound, layer.bias.shape)


def _check_features(layer: str, **sizes: Any) -> None:
    for name, n in sizes.items():
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            raise TypeError(f"{layer}: {name} must be a positive integer, got {shown(n)}")
        if n <= 0:
            raise ValueError(f"{layer}: {name} must be a positive integer, got {n!r}")


class ReLU(Module):
    """max(x, 0), elementwise. `inplace=True` is accepted (as PyTorch's) and computes out of
    place: ops here never change their input."""

    def __init__(self, inplace: bool = False) -> None:
        check_inplace(inplace, "ReLU")
        self.inplace = bool(inplace)

    def forward(self, x: Any) -> Any:
        return functional.relu(x)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class Sigmoid(Module):
    """1 / (1 + exp(-x)), elementwise (computed without overflow)."""

    def forward(self, x: Any) -> Any:
        return functional.sigmoid(x)


class Tanh(Module):
    def forward(self, x: Any) -> Any:
        return functional.tanh(x)


class Softmax(Module):
    """exp(x) / sum(exp(x)) along `dim` (the max is subtracted first, so no overflow)."""

    def __init__(self, dim: int | None = None) -> None:  # None: PyTorch's implicit choice
        self.dim = None if dim is None else arguments.integer(dim, "dim", "Softmax")

    def forward(self, x: Any) -> Tensor:
        return functional.softmax(x, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """log(softmax(x)) along `dim`, computed stably as x - logsumexp(x)."""

    def __init__(self, dim: int | None = None) -> None:  # None: PyTorch's implicit choice
        self.dim = None if dim is None else arguments.integer(dim, "dim", "LogSoftmax")

    def forward(self, x: Any) -> Tensor:
        return functional.log_softmax(x, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Flatten(Module):
    """Join the axes start_dim..end_dim into one: (N, 8, 8) -> (N, 64) by default."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        self.start_dim = arguments.integer(start_dim, "start_dim", "Flatten")
        self.end_dim = arguments.integer(end_dim, "end_dim", "Flatten")

    def forward(self, x: Any) -> Tensor:
        return arguments.tensor(x, "Flatten").flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Dropout(dropout.DropoutLayer):
    """Inverted dropout: in training mode each element is zeroed with probability p and the
    rest are scaled by 1/(1-p), so eval mode (where this is the identity) needs no rescaling.
    """

    def forward(self, x: Any) -> Any:
        return dropout.dropout(x, self.p, self.training, self.inplace, generator=self._rng)
