"""torch.nn.functional's in-place activations: relu_, elu_, celu_, selu_, leaky_relu_,
hardtanh_, threshold_ and rrelu_. Each changes its Tensor's own array and returns it, under
autograd's in-place rules (autograd/surface/inplace.py): allowed on a Tensor in no graph (a
leaf that needs no gradient, or any leaf under no_grad()); a leaf that requires grad, in grad
mode, is PyTorch's RuntimeError; the result of an op is changed in its graph, as PyTorch's
(through Tensor.copy_, which autograd records: autograd/rebase.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd import Tensor, is_grad_enabled, no_grad
from autograd.arguments import shown

from . import activations as A  # noqa: N812
from . import activations_more as M  # noqa: N812


def _in_place(name: str, input: Any, compute: Callable[[Tensor], Any]) -> Tensor:  # noqa: A002
    """input's array replaced by compute(input)'s values; input itself returned."""
    functional = name.rstrip("_")
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}: input must be a Tensor (its array is changed in place), got "
                        f"{shown(input)}; F.{functional} makes a new one")
    if input._prev and is_grad_enabled():  # the result of an op: recorded, as PyTorch's
        return input.copy_(compute(input))  # (autograd's copy_ records it in the graph)
    if input.requires_grad and is_grad_enabled():
        raise RuntimeError(f"{name}: a leaf Variable that requires grad is being used in an "
                           f"in-place operation; do it under `with autograd.no_grad():`, or "
                           f"write x = F.{functional}(x)")
    with no_grad():
        values = compute(input).data
    if not input.data.flags.writeable:
        raise ValueError(f"{name}: this Tensor's array is read-only (a broadcast view); "
                         f"clone() it first")
    if not np.can_cast(values.dtype, input.dtype, "same_kind"):
        raise TypeError(f"{name}: the result's dtype {values.dtype} can't be cast to the "
                        f"Tensor's dtype {input.dtype} (an in-place op keeps the dtype; write "
                        f"x = F.{functional}(x) for a new Tensor)")
    np.copyto(input.data, values, casting="same_kind")
    return input


def relu_(input: Any) -> Tensor:  # noqa: A002
    """relu, in place."""
    return _in_place("relu_", input, A.relu)


def elu_(input: Any, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """elu, in place."""
    return _in_place("elu_", input, lambda x: A.elu(x, alpha))


def celu_(input: Any, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """celu, in place."""
    return _in_place("celu_", input, lambda x: A.celu(x, alpha))


def selu_(input: Any) -> Tensor:  # noqa: A002
    """selu, in place."""
    return _in_place("selu_", input, A.selu)


def leaky_relu_(input: Any, negative_slope: float = 0.01) -> Tensor:  # noqa: A002
    """leaky_relu, in place."""
    return _in_place("leaky_relu_", input, lambda x: A.leaky_relu(x, negative_slope))


def hardtanh_(input: Any, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:  # noqa: A002
    """hardtanh, in place."""
    return _in_place("hardtanh_", input, lambda x: A.hardtanh(x, min_val, max_val))


def threshold_(input: Any, threshold: float, value: float) -> Tensor:  # noqa: A002
    """threshold, in place."""
    return _in_place("threshold_", input, lambda x: M.threshold(x, threshold, value))


def rrelu_(input: Any, lower: float = 1.0 / 8, upper: float = 1.0 / 3,  # noqa: A002
           training: bool = False, *, generator: np.random.Generator | None = None) -> Tensor:
    """rrelu, in place (its random slopes from `generator`, as rrelu's)."""
    return _in_place("rrelu_", input,
                     lambda x: M.rrelu(x, lower, upper, training, generator=generator))
