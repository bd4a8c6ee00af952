"""F.unfold and F.fold, nn.Unfold and nn.Fold: a convolution's two rules, by PyTorch's names.

unfold is im2col (each sliding window of the input as a column) and fold is col2im (the
columns added back where they were read, overlaps summed), the rules of
nn/convolution/conv_rules.py,
laid out as PyTorch's: (N, C * kh * kw, L), the rows channel by channel and in each the
kernel's positions row by row, the L windows row by row. fold(unfold(x)) is x times the
number of windows that read each element; each is the other's adjoint.
"""

from __future__ import annotations

from typing import Any

from autograd import Tensor, ops

from ..module import Module
from .conv import as_tuple, geometry, tensor
from .conv_rules import col2im, im2col


def _settings(kernel_size: Any, dilation: Any, padding: Any, stride: Any, where: str
              ) -> tuple[tuple[int, ...], ...]:
    return (as_tuple(kernel_size, 2, "kernel_size", where),
            as_tuple(dilation, 2, "dilation", where),
            as_tuple(padding, 2, "padding", where, minimum=0),
            as_tuple(stride, 2, "stride", where))


def unfold(input: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,  # noqa: A002
           stride: Any = 1) -> Tensor:
    """The sliding windows of (N, C, H, W) or (C, H, W) as columns, as
    torch.nn.functional.unfold: (N, C * kh * kw, L), L the number of windows."""
    x = tensor(input, "unfold")
    if x.ndim not in (3, 4):
        raise ValueError(f"unfold: expected a 3-D (unbatched) or 4-D (batched) input, got "
                         f"shape {x.shape}")
    batched = x.ndim == 4
    x = x if batched else ops.reshape(x, (1, *x.shape))
    kernel, dilation, padding, stride = _settings(kernel_size, dilation, padding, stride,
                                                  "unfold")
    geom = geometry(x.shape, (1, x.shape[1], *kernel), stride, [(p, p) for p in padding],
                    dilation, 1, "unfold")
    rows, length = x.shape[1] * kernel[0] * kernel[1], geom.out_size[0] * geom.out_size[1]
    # im2col's columns are laid out batch last: (1, C kh kw, L N)
    columns = ops.reshape(im2col(x, geom), (rows, length, x.shape[0]))
    columns = ops.transpose(columns, (2, 0, 1))
    return columns if batched else ops.reshape(columns, columns.shape[1:])


def fold(input: Any, output_size: Any, kernel_size: Any, dilation: Any = 1,  # noqa: A002
         padding: Any = 0, stride: Any = 1) -> Tensor:
    """Columns (N, C * kh * kw, L) or (C * kh * kw, L) added back into (N, C, H, W), where
    unfold reads them (overlapping windows summed), as torch.nn.functional.fold."""
    columns = tensor(input, "fold")
    if columns.ndim not in (2, 3):
        raise ValueError(f"fold: expected a 2-D (unbatched) or 3-D (batched) input, got shape "
                         f"{columns.shape}")
    batched = columns.ndim == 3
    columns = columns if batched else ops.reshape(columns, (1, *columns.shape))
    size = as_tuple(output_size, 2, "output_size", "fold")
    kernel, dilation, padding, stride = _settings(kernel_size, dilation, padding, stride,
                                                  "fold")
    n, rows, length = columns.shape
    if rows % (kernel[0] * kernel[1]):
        raise ValueError(f"fold: the input's dimension 1 ({rows}) must be divisible by the "
                         f"product of kernel_size {kernel}")
    channels = rows // (kernel[0] * kernel[1])
    geom = geometry((n, channels, *size), (1, channels, *kernel), stride,
                    [(p, p) for p in padding], dilation, 1, "fold")
    windows = geom.out_size[0] * geom.out_size[1]
    if length != windows:
        raise ValueError(f"fold: given output_size={size}, kernel_size={kernel}, "
                         f"dilation={dilation}, padding={padding}, stride={stride}, the input's "
                         f"dimension 2 must be the number of sliding blocks "
                         f"{geom.out_size[0]} * {geom.out_size[1]} = {windows}, got {length}")
    y = col2im(ops.reshape(ops.transpose(columns, (1, 2, 0)), (1, rows, length * n)), geom)
    return y if batched else ops.reshape(y, y.shape[1:])


class Unfold(Module):
    """unfold as a layer (no parameters)."""

    def __init__(self, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
                 stride: Any = 1) -> None:
        self.kernel_size, self.dilation, self.padding, self.stride = (
            kernel_size, dilation, padding, stride)
        _settings(kernel_size, dilation, padding, stride, "Unfold")

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Fold(Module):
    """fold as a layer (no parameters)."""

    def __init__(self, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
                 stride: Any = 1) -> None:
        self.output_size, self.kernel_size, self.dilation, self.padding, self.stride = (
            output_size, kernel_size, dilation, padding, stride)
        as_tuple(output_size, 2, "output_size", "Fold")
        _settings(kernel_size, dilation, padding, stride, "Fold")

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                    self.stride)

    def extra_repr(self) -> str:
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
                f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}")
