"""Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d: PyTorch's layers, names and defaults.

Weights are laid out as PyTorch's: (out_channels, in_channels / groups, *kernel_size) for a
convolution, (in_channels, out_channels / groups, *kernel_size) for a transposed one, so a
state_dict moves between the two libraries unchanged. Initialisation is PyTorch's default:
kaiming_uniform_(weight, a=sqrt(5)), which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the
bias from the same interval, drawn from the layer's generator (`seed=`, `generator=`, or
the one `nn.manual_seed` seeds).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

import autograd
import autograd.arguments
from autograd import Tensor

from .. import arguments, init
from ..generators import generator_for
from ..module import Module
from ..parameter import Parameter
from . import conv

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What every convolution layer shares: its settings, parameters and repr."""

    spatial: int  # 1 or 2
    transposed: bool = False

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any,
                 padding: Any, dilation: Any, groups: int, bias: bool, padding_mode: str,
                 output_padding: Any, seed: int | None, generator: np.random.Generator | None,
                 dtype: Any) -> None:
        where = type(self).__name__
        for name, n in (("in_channels", in_channels), ("out_channels", out_channels),
                        ("groups", groups)):
            arguments.count(n, name, where, minimum=1)
        if in_channels % groups:
            raise ValueError(f"{where}: in_channels ({in_channels}) must be divisible by "
                             f"groups ({groups})")
        if out_channels % groups:
            raise ValueError(f"{where}: out_channels ({out_channels}) must be divisible by "
                             f"groups ({groups})")
        arguments.choice(padding_mode, "padding_mode", where, PADDING_MODES)
        arguments.flag(bias, "bias", where)
        if self.transposed and padding_mode != "zeros":
            raise ValueError(f"{where}: only 'zeros' padding_mode is supported")
        n = self.spatial
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = conv.as_tuple(kernel_size, n, "kernel_size", where)
        self.stride = conv.as_tuple(stride, n, "stride", where)
        self.dilation = conv.as_tuple(dilation, n, "dilation", where)
        if isinstance(padding, str):
            if self.transposed:
                raise ValueError(f"{where}: padding must be ints, got {padding!r}"[:300])
            conv.padding_pairs(padding, self.kernel_size, self.stride, self.dilation, where)
            self.padding: Any = padding
        else:
            self.padding = conv.as_tuple(padding, n, "padding", where, minimum=0)
        self.output_padding = conv.as_tuple(output_padding, n, "output_padding", where,
                                            minimum=0)
        self.groups = int(groups)
        self.padding_mode = padding_mode
        rng = generator_for(seed, generator, where)
        dtype = arguments.float_dtype(dtype, where)
        shape = ((in_channels, out_channels // groups) if self.transposed
                 else (out_channels, in_channels // groups)) + self.kernel_size
        self.weight = Parameter(np.zeros(shape), dtype=dtype)
        self.bias = Parameter(np.zeros(out_channels), dtype=dtype) if bias else None
        self._generator = rng  # seed=/generator='s stream, or the default generator
        self.reset_parameters()  # (no argument, as PyTorch's: a subclass may override it)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """PyTorch's default: kaiming_uniform_(weight, a=sqrt(5)), the bias U(-b, b) with
        b = 1/sqrt(fan_in) (fan_in from the weight's shape, as PyTorch's)."""
        rng = generator if generator is not None else (
            vars(self).get("_generator") or generator_for(None, None))
        init.kaiming_uniform_(self.weight, a=math.sqrt(5), generator=rng)
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
            init.uniform_(self.bias, -bound, bound, generator=rng)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0,) * self.spatial:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self.spatial:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self.spatial:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class _Conv(_ConvNd):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = np.float64) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, 0, seed, generator, dtype)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        function = conv.conv2d if self.spatial == 2 else conv.conv1d
        settings = {"stride": self.stride if self.spatial == 2 else self.stride[0],
                    "dilation": self.dilation if self.spatial == 2 else self.dilation[0],
                    "groups": self.groups}
        if self.padding_mode == "zeros":
            pad = self.padding if isinstance(self.padding, str) or self.spatial == 2 \
                else self.padding[0]
            return function(input, self.weight, self.bias, padding=pad, **settings)
        pairs = conv.padding_pairs(self.padding, self.kernel_size, self.stride, self.dilation,
                                   type(self).__name__)
        amounts = [amount for pair in reversed(pairs) for amount in pair]  # last axis first
        padded = autograd.pad(input, amounts, mode=self.padding_mode)
        return function(padded, self.weight, self.bias, padding=0, **settings)


class Conv1d(_Conv):
    """1-D convolution over (N, C_in, L) or (C_in, L): weight (C_out, C_in / groups, k).

    padding: an int, 'valid' or 'same' (with padding_mode 'zeros', 'reflect', 'replicate'
    or 'circular'); stride, dilation, groups, bias as PyTorch.
    """

    spatial = 1


class Conv2d(_Conv):
    """2-D convolution over (N, C_in, H, W) or (C_in, H, W): weight (C_out, C_in / groups,
    kh, kw), output (N, C_out, floor((H + 2 p - d (kh - 1) - 1) / s) + 1, ...).

    padding: an int, a pair, 'valid' or 'same' (with padding_mode 'zeros', 'reflect',
    'replicate' or 'circular'); stride, dilation, groups, bias as PyTorch.
    """

    spatial = 2


class _ConvTranspose(_ConvNd):
    transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, output_padding: Any = 0, groups: int = 1, bias: bool = True,
                 dilation: Any = 1, padding_mode: str = "zeros", *, seed: int | None = None,
                 generator: np.random.Generator | None = None, dtype: Any = np.float64) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, output_padding, seed, generator, dtype)

    def forward(self, input: Any, output_size: Sequence[int] | None = None) -> Tensor:  # noqa: A002
        """`output_size` (the spatial sizes, or the whole shape) picks the output_padding
        that gives it, as PyTorch's."""
        extra = self._output_padding(input, output_size)
        if self.spatial == 1:
            return conv.conv_transpose1d(input, self.weight, self.bias, self.stride[0],
                                         self.padding[0], extra[0], self.groups,
                                         self.dilation[0])
        return conv.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                     extra, self.groups, self.dilation)

    def _output_padding(self, input: Any, output_size: Sequence[int] | None  # noqa: A002
                        ) -> tuple[int, ...]:
        if output_size is None:
            return self.output_padding
        where, n = type(self).__name__, self.spatial
        shape = np.shape(input.data if isinstance(input, Tensor) else input)
        sizes = autograd.arguments.sizes((output_size,), where, "output_size")
        if len(sizes) == len(shape):
            sizes = sizes[len(shape) - n:]
        if len(sizes) != n:
            raise ValueError(f"{where}: for an input of shape {shape}, output_size must have "
                             f"{n} or {len(shape)} elements, got {output_size!r}"[:300])
        smallest = [(h - 1) * s - 2 * p + d * (k - 1) + 1 for h, s, p, d, k in
                    zip(shape[-n:], self.stride, self.padding, self.dilation,
                        self.kernel_size, strict=True)]
        largest = [m + s - 1 for m, s in zip(smallest, self.stride, strict=True)]
        if any(not lo <= size <= hi for size, lo, hi in zip(sizes, smallest, largest,
                                                             strict=True)):
            raise ValueError(f"{where}: requested an output size of {sizes}, but valid sizes "
                             f"range from {smallest} to {largest} (for an input of "
                             f"{shape[-n:]})")
        return tuple(size - m for size, m in zip(sizes, smallest, strict=True))


class ConvTranspose1d(_ConvTranspose):
    """1-D transposed convolution (the gradient of Conv1d with respect to its input) over
    (N, C_in, L) or (C_in, L): weight (C_in, C_out / groups, k)."""

    spatial = 1


class ConvTranspose2d(_ConvTranspose):
    """2-D transposed convolution (the gradient of Conv2d with respect to its input) over
    (N, C_in, H, W) or (C_in, H, W): weight (C_in, C_out / groups, kh, kw), output
    (N, C_out, (H - 1) s - 2 p + d (kh - 1) + output_padding + 1, ...)."""

    spatial = 2
