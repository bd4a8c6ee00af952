"""Normalisation: batch_norm, layer_norm, group_norm and BatchNorm1d/2d, LayerNorm, GroupNorm.

Each normalises x to (x - mean) / sqrt(var + eps), with the biased variance (divided by n),
then scales and shifts it by a learned weight and bias. They are composed of Tensor ops
(mean, multiply, sqrt, ...), so their derivatives of every order come with them.

Batch norm in training uses the batch's statistics per channel and updates the running
ones in place, as PyTorch does: running = (1 - momentum) * running + momentum * batch, with
the unbiased variance (n / (n - 1) times the biased one) for running_var; momentum=None
(in the layers) makes it the cumulative average, 1 / num_batches_tracked. In evaluation it
uses the running statistics, constants of the graph.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Primitive, Tensor, ops
from autograd.arguments import shown

from .. import arguments
from ..convolution.conv import tensor
from ..module import Module
from ..parameter import Parameter


def _statistics(x: Tensor, axes: tuple[int, ...]) -> tuple[Tensor, Tensor, Tensor]:
    """The mean, x - mean and the biased variance over `axes` (kept, for broadcasting)."""
    mean = x.mean(axes, keepdims=True)
    centred = x - mean
    return mean, centred, (centred * centred).mean(axes, keepdims=True)


def _per_channel(values: Any, x: Tensor, where: str, what: str) -> Any:
    """A (C,) vector shaped to broadcast along axis 1 of x: (1, C, 1, ...)."""
    v = (values if isinstance(values, Tensor)
         else arguments.constant(values, where, what).astype(x.dtype))
    if v.shape != (x.shape[1],):
        raise ValueError(f"{where}: {what} of shape {v.shape} does not fit input of shape "
                         f"{x.shape}: expected ({x.shape[1]},)")
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    return ops.reshape(v, shape) if isinstance(v, Tensor) else v.reshape(shape)


def _checked(v: Any, x: Tensor, what: str) -> Any:
    """A per-channel vector for batch_norm: of shape (C,), or a ValueError."""
    _per_channel(v, x, "batch_norm", what)
    return v


def _in_dtype(v: Any, dtype: Any) -> Any:
    if isinstance(v, Tensor):
        return v if v.dtype == dtype else ops.astype(v, dtype)
    return np.asarray(v, dtype=dtype)


def _affine(y: Tensor, weight: Any, bias: Any, x: Tensor, where: str) -> Tensor:
    if weight is not None:
        y = y * _per_channel(weight, x, where, "weight")
    if bias is not None:
        y = y + _per_channel(bias, x, where, "bias")
    return y


def _stats_array(stat: Any, what: str) -> np.ndarray | None:
    """A running statistic's array, which batch_norm updates in place."""
    if stat is None or isinstance(stat, Tensor):
        return None if stat is None else stat.data
    if not isinstance(stat, np.ndarray) or isinstance(stat, np.ma.MaskedArray) or (
            stat.dtype.kind != "f"):
        raise TypeError(f"batch_norm: {what} must be a float Tensor or array (updated in "
                        f"place when training), or None, got {shown(stat)}")
    return stat


def _channel(v: Any, x: Any) -> Any:
    """A (C,) vector as (1, C, 1, ...), to broadcast along axis 1 of x."""
    return ops.reshape(v, (1, v.shape[0]) + (1,) * (len(x.shape) - 2))


def _channel_sum(t: Any) -> Any:
    """t summed over every axis but the channels' (1): a (C,) vector."""
    return ops.reduce_sum(t, (0, *range(2, len(t.shape))), False)


def _normalize(x: np.ndarray, mean: np.ndarray, var: np.ndarray, weight: np.ndarray,
               bias: np.ndarray, eps: float) -> np.ndarray:
    y = (x - _channel(mean, x)) * _channel(1 / np.sqrt(var + eps), x)
    return y * _channel(weight, x) + _channel(bias, x)


def _centred_sum(g: Any, x: Any, mean: Any) -> Any:
    """sum of g (x - mean) per channel: what the variance's and the weight's vjps share."""
    return _channel_sum(g * (x - _channel(mean, x)))


normalize = Primitive("batch_norm", _normalize, (
    lambda g, out, x, mean, var, weight, bias, eps: g * _channel(
        weight / ops.sqrt(var + eps), x),
    lambda g, out, x, mean, var, weight, bias, eps: -_channel_sum(g) * weight / ops.sqrt(
        var + eps),
    lambda g, out, x, mean, var, weight, bias, eps: _centred_sum(g, x, mean) * weight
    * -0.5 * (var + eps) ** -1.5,
    lambda g, out, x, mean, var, weight, bias, eps: _centred_sum(g, x, mean) / ops.sqrt(
        var + eps),
    lambda g, out, x, mean, var, weight, bias, eps: _channel_sum(g),
))
"""y = (x - mean) / sqrt(var + eps) * weight + bias per channel (batch norm with given
statistics, as in evaluation): d/dx = g w / sqrt(var + eps), d/dmean = -sum(g) w /
sqrt(var + eps), d/dvar = -sum(g (x - mean)) w / 2 (var + eps)^1.5, d/dw = sum(g (x -
mean)) / sqrt(var + eps), d/db = sum(g), the sums over all but the channel axis"""


def batch_norm(input: Any, running_mean: Any, running_var: Any, weight: Any = None,  # noqa: A002
               bias: Any = None, training: bool = False, momentum: float = 0.1,
               eps: float = 1e-5) -> Tensor:
    """Batch normalisation over (N, C, *) per channel, as torch.nn.functional.batch_norm.

    training=True: normalise with the batch's mean and biased variance, and (if given)
    update running_mean and running_var in place with `momentum` (running_var with the
    unbiased variance). training=False: normalise with running_mean and running_var.
    """
    x = tensor(input, "batch_norm")
    training = arguments.flag(training, "training", "batch_norm")
    momentum = arguments.number(momentum, "momentum", "batch_norm")
    eps = arguments.number(eps, "eps", "batch_norm")
    if x.ndim < 2:
        raise ValueError(f"batch_norm: expected an input of 2 or more dimensions (N, C, *), "
                         f"got shape {x.shape}")
    axes = (0, *range(2, x.ndim))
    if training:
        count = x.size // max(x.shape[1], 1)
        if count <= 1:
            raise ValueError(f"batch_norm: expected more than 1 value per channel when "
                             f"training, got input of shape {x.shape}")
        mean, centred, var = _statistics(x, axes)
        y = centred / (var + eps).sqrt()
        mean_array = _stats_array(running_mean, "running_mean")
        var_array = _stats_array(running_var, "running_var")
        if mean_array is not None:
            mean_array[...] = momentum * mean.data.reshape(-1) + (1 - momentum) * mean_array
        if var_array is not None:
            unbiased = var.data.reshape(-1) * (count / (count - 1))
            var_array[...] = momentum * unbiased + (1 - momentum) * var_array
    else:
        if running_mean is None or running_var is None:
            missing = "running_mean" if running_mean is None else "running_var"
            raise ValueError(f"batch_norm: {missing} is None, but running_mean and running_var "
                             "are needed when not "
                             "training")
        # One node, the running statistics its inputs (the ONNX export's BatchNormalization,
        # with the buffers under their names), in x's dtype as PyTorch computes them.
        stats = [_in_dtype(_checked(s, x, name), x.dtype) for s, name in
                 ((running_mean, "running_mean"), (running_var, "running_var"))]
        ones, zeros = np.ones(x.shape[1], x.dtype), np.zeros(x.shape[1], x.dtype)
        return normalize(x, *stats, ones if weight is None else _checked(weight, x, "weight"),
                         zeros if bias is None else _checked(bias, x, "bias"), eps)
    return _affine(y, weight, bias, x, "batch_norm")


def layer_norm(input: Any, normalized_shape: Any, weight: Any = None,  # noqa: A002
               bias: Any = None, eps: float = 1e-5) -> Tensor:
    """Normalise over the last len(normalized_shape) axes, as
    torch.nn.functional.layer_norm; weight and bias have normalized_shape."""
    x = tensor(input, "layer_norm")
    eps = arguments.number(eps, "eps", "layer_norm")
    shape = _shape(normalized_shape, "layer_norm")
    if x.ndim < len(shape) or x.shape[x.ndim - len(shape):] != shape:
        raise ValueError(f"layer_norm: given normalized_shape={shape}, expected input with "
                         f"shape (*, {', '.join(map(str, shape))}), got {x.shape}")
    _, centred, var = _statistics(x, tuple(range(x.ndim - len(shape), x.ndim)))
    y = centred / (var + eps).sqrt()
    for name, v in (("weight", weight), ("bias", bias)):
        if v is not None and arguments.constant(v, "layer_norm", name).shape != shape:
            raise ValueError(f"layer_norm: {name} must have shape {shape}, got "
                             f"{arguments.constant(v, 'layer_norm', name).shape}")
    if weight is not None:
        y = y * weight
    return y + bias if bias is not None else y


def group_norm(input: Any, num_groups: int, weight: Any = None, bias: Any = None,  # noqa: A002
               eps: float = 1e-5) -> Tensor:
    """Normalise (N, C, *) over each group of C / num_groups channels (and all positions),
    as torch.nn.functional.group_norm; weight and bias are per channel (C,)."""
    x = tensor(input, "group_norm")
    eps = arguments.number(eps, "eps", "group_norm")
    num_groups = arguments.integer(num_groups, "num_groups", "group_norm")
    if x.ndim < 2:
        raise ValueError(f"group_norm: expected an input of 2 or more dimensions (N, C, *), "
                         f"got shape {x.shape}")
    if num_groups < 1 or x.shape[1] % num_groups:
        raise ValueError(f"group_norm: {x.shape[1]} channels cannot be split into "
                         f"num_groups={num_groups!r} groups of equal size")
    per_group = x.shape[1] // num_groups * int(np.prod(x.shape[2:]))
    grouped = ops.reshape(x, (x.shape[0], num_groups, per_group))
    _, centred, var = _statistics(grouped, (2,))
    y = ops.reshape(centred / (var + eps).sqrt(), x.shape)
    return _affine(y, weight, bias, x, "group_norm")


def _shape(normalized_shape: Any, where: str) -> tuple[int, ...]:
    shape = (tuple(normalized_shape) if isinstance(normalized_shape, Sequence)
             and not isinstance(normalized_shape, str) else (normalized_shape,))
    if not shape or not all(isinstance(n, numbers.Integral) and not isinstance(n, bool)
                            and n > 0 for n in shape):
        raise ValueError(f"{where}: normalized_shape must be a positive int or a nonempty "
                         f"sequence of them, got {shown(normalized_shape)}")
    return tuple(int(n) for n in shape)


# -------------------------------------------------------------------------- the layers


def _ones_and_zeros(layer: Module) -> None:
    """The layer's weight ones and its bias zeros, in place (either may be None)."""
    for name, value in (("weight", 1), ("bias", 0)):
        parameter = getattr(layer, name, None)
        if parameter is not None:
            parameter.data[...] = value


class _BatchNorm(Module):
    """What BatchNorm1d and BatchNorm2d share (PyTorch's _BatchNorm)."""

    dims: tuple[int, ...]  # the input dimensions the layer accepts

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, *, bias: bool = True,
                 dtype: Any = np.float64) -> None:
        where = type(self).__name__
        self.num_features = arguments.count(num_features, "num_features", where, minimum=1)
        self.eps = arguments.number(eps, "eps", where)
        self.momentum = arguments.optional_number(momentum, "momentum", where)
        self.affine = arguments.flag(affine, "affine", where)
        self.track_running_stats = arguments.flag(track_running_stats, "track_running_stats",
                                                  where)
        arguments.flag(bias, "bias", where)
        dtype = arguments.float_dtype(dtype, where)
        self.weight = Parameter(np.ones(num_features), dtype=dtype) if affine else None
        self.bias = Parameter(np.zeros(num_features), dtype=dtype) if affine and bias else None
        if track_running_stats:
            self.register_buffer("running_mean", Tensor(np.zeros(num_features), dtype=dtype))
            self.register_buffer("running_var", Tensor(np.ones(num_features), dtype=dtype))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)
        self.reset_parameters()  # (as PyTorch's: a subclass may override it)

    def reset_running_stats(self) -> None:
        """running_mean zeros, running_var ones, num_batches_tracked 0, in place (when the
        layer tracks them); the weight and bias are left as they are."""
        if self.track_running_stats:
            self.running_mean.data[...] = 0
            self.running_var.data[...] = 1
            self.num_batches_tracked[...] = 0

    def reset_parameters(self) -> None:
        """PyTorch's: reset_running_stats(), then the weight ones and the bias zeros (when
        affine). The constructor calls it, so a subclass that overrides it (or
        reset_running_stats) decides the first values too."""
        self.reset_running_stats()
        _ones_and_zeros(self)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        x = tensor(input, type(self).__name__)
        if x.ndim not in self.dims:
            expected = " or ".join(f"{d}D" for d in self.dims)
            raise ValueError(f"{type(self).__name__}: expected {expected} input (got "
                             f"{x.ndim}D input of shape {x.shape})")
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked += 1  # in place: the buffer stays the same array
            if self.momentum is None:  # a cumulative average
                factor = 1.0 / float(self.num_batches_tracked)
        # Batch statistics when training, or when there are no running ones (PyTorch's rule).
        use_batch = self.training or self.running_mean is None
        update = not self.training or self.track_running_stats
        return batch_norm(x, self.running_mean if update else None,
                          self.running_var if update else None, self.weight, self.bias,
                          use_batch, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation over (N, C) or (N, C, L), per channel C."""

    dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation over (N, C, H, W), per channel C."""

    dims = (4,)


class BatchNorm3d(_BatchNorm):
    """Batch normalisation over (N, C, D, H, W), per channel C."""

    dims = (5,)


class LayerNorm(Module):
    """layer_norm as a layer: weight ones and bias zeros of normalized_shape (bias=False or
    elementwise_affine=False leave them out)."""

    def __init__(self, normalized_shape: Any, eps: float = 1e-5,
                 elementwise_affine: bool = True, bias: bool = True, *,
                 dtype: Any = np.float64) -> None:
        self.normalized_shape = _shape(normalized_shape, "LayerNorm")
        self.eps = arguments.number(eps, "eps", "LayerNorm")
        self.elementwise_affine = arguments.flag(elementwise_affine, "elementwise_affine",
                                                 "LayerNorm")
        arguments.flag(bias, "bias", "LayerNorm")
        dtype = arguments.float_dtype(dtype, "LayerNorm")
        self.weight = (Parameter(np.ones(self.normalized_shape), dtype=dtype)
                       if elementwise_affine else None)
        self.bias = (Parameter(np.zeros(self.normalized_shape), dtype=dtype)
                     if elementwise_affine and bias else None)
        self.reset_parameters()  # (as PyTorch's: a subclass may override it)

    def reset_parameters(self) -> None:
        """PyTorch's: the weight ones and the bias zeros (those the layer has)."""
        _ones_and_zeros(self)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class GroupNorm(Module):
    """group_norm as a layer: weight ones and bias zeros per channel (affine=False: none)."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5,
                 affine: bool = True, *, bias: bool = True, dtype: Any = np.float64) -> None:
        num_groups = arguments.count(num_groups, "num_groups", "GroupNorm", minimum=1)
        num_channels = arguments.count(num_channels, "num_channels", "GroupNorm")
        if num_channels % num_groups:
            raise ValueError(f"GroupNorm: num_channels ({num_channels!r}) must be divisible "
                             f"by num_groups ({num_groups!r})")
        self.num_groups, self.num_channels = num_groups, num_channels
        self.eps = arguments.number(eps, "eps", "GroupNorm")
        self.affine = arguments.flag(affine, "affine", "GroupNorm")
        arguments.flag(bias, "bias", "GroupNorm")
        dtype = arguments.float_dtype(dtype, "GroupNorm")
        self.weight = Parameter(np.ones(num_channels), dtype=dtype) if affine else None
        self.bias = Parameter(np.zeros(num_channels), dtype=dtype) if affine and bias else None
        self.reset_parameters()  # (as PyTorch's: a subclass may override it)

    def reset_parameters(self) -> None:
        """PyTorch's: the weight ones and the bias zeros (those the layer has)."""
        _ones_and_zeros(self)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")
