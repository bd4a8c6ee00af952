"""LazyLinear: a Linear whose in_features is read from its first input, as PyTorch's.

Until its first call, in_features is 0 and weight an empty (out_features, 0) Parameter (bias
a placeholder of zeros): PyTorch's UninitializedParameters. The first call reads
in_features from the input's last axis, draws weight and bias as Linear(in_features,
out_features) would (the same generator: LazyLinear(3, seed=0) then becomes Linear(4, 3,
seed=0) exactly), and the module becomes a Linear (its class changes, as PyTorch's
cls_to_become). The Parameters stay the same objects, their arrays replaced, so an
optimizer made before the first call holds them (PyTorch asks for a dry run first).
Loading a state_dict into it before that call is refused (a shape mismatch): PyTorch
materialises on load, gradproof asks for one call first.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor

from . import arguments
from .generators import generator_for
from .layers import Linear, _check_features
from .parameter import Parameter


class LazyLinear(Linear):
    """Linear(in_features, out_features, bias) with in_features taken from the first
    input (module doc). seed= and generator= are Linear's: where the parameters are drawn
    from, when they are."""

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device: Any = None,
                 dtype: Any = None, *, seed: int | None = None,
                 generator: np.random.Generator | None = None) -> None:
        _check_features("LazyLinear", out_features=out_features)
        arguments.flag(bias, "bias", "LazyLinear")
        if device is not None and not (isinstance(device, str) and device == "cpu"):
            raise ValueError(f"LazyLinear: device must be None or 'cpu' (gradproof computes "
                             f"on the CPU), got {arguments.shown(device)}")
        dtype = arguments.float_dtype(dtype, "LazyLinear")
        self.in_features = 0
        self.out_features = int(out_features)
        self.weight = Parameter(np.empty((self.out_features, 0)), dtype=dtype)
        self.bias = Parameter(np.zeros(self.out_features), dtype=dtype) if bias else None
        self._rng = generator_for(seed, generator, "LazyLinear")

    def has_uninitialized_params(self) -> bool:
        """True until the first call has drawn the parameters."""
        return True

    def initialize_parameters(self, input: Any) -> None:  # noqa: A002
        """Draw weight and bias for in_features = the input's last axis, and become a
        Linear."""
        shape = input.shape if isinstance(input, Tensor) else \
            arguments.constant(input, "LazyLinear", "input").shape
        if not shape or shape[-1] == 0:
            raise ValueError(f"LazyLinear: cannot infer in_features from an input of shape "
                             f"{shape}: expected (..., in_features) with in_features >= 1")
        in_features = int(shape[-1])
        self.weight.data = np.zeros((self.out_features, in_features), self.weight.dtype)
        self.in_features = in_features
        self.__class__ = self.cls_to_become
        self._generator = self._rng  # Linear.reset_parameters draws from it
        del self._rng
        self.reset_parameters()

    def forward(self, x: Any) -> Tensor:
        self.initialize_parameters(x)
        return self.forward(x)  # Linear's, now
