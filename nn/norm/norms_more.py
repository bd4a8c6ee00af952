"""RMSNorm and InstanceNorm1d/2d, and their functions rms_norm and instance_norm.

rms_norm scales x by 1 / sqrt(mean(x**2) + eps) over the last len(normalized_shape) axes
(no centring, no bias), then by a learned weight; eps=None is the machine epsilon of the
input's dtype, as PyTorch's. instance_norm is batch norm per sample: each (sample, channel)
plane of (N, C, *) is normalised by its own mean and biased variance. Both are composed of
Tensor ops, so their derivatives of every order come with them.

Instance norm's running statistics (track_running_stats=True) are PyTorch's: each sample
updates its own copy of them as batch norm would, running = (1 - momentum) * running +
momentum * statistic (the unbiased variance for running_var), and the copies are averaged
over the batch. In evaluation the running statistics normalise, as batch norm's (one node).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from autograd import Tensor, get_default_dtype, ops
from autograd.arguments import shown

from .. import arguments
from ..module import Module
from ..parameter import Parameter
from .normalization import (
    _affine,
    _BatchNorm,
    _in_dtype,
    _per_channel,
    _shape,
    _statistics,
    normalize,
)

# ------------------------------------------------------------------------------ rms_norm


def rms_norm(input: Any, normalized_shape: Any, weight: Any = None,  # noqa: A002
             eps: float | None = None) -> Tensor:
    """x / sqrt(mean(x**2) + eps) * weight over the last len(normalized_shape) axes, as
    torch.nn.functional.rms_norm; eps=None is finfo(input's dtype).eps. The result has the
    input's dtype (a weight of another dtype does not promote it), as PyTorch's."""
    x = arguments.tensor(input, "rms_norm")
    shape = _shape(normalized_shape, "rms_norm")
    eps = arguments.optional_number(eps, "eps", "rms_norm")
    if x.ndim < len(shape) or x.shape[x.ndim - len(shape):] != shape:
        raise ValueError(f"rms_norm: given normalized_shape={shape}, expected input with "
                         f"shape (*, {', '.join(map(str, shape))}), got {x.shape}")
    floating = x.dtype if x.dtype.kind == "f" else np.dtype(get_default_dtype())
    if eps is None:
        eps = float(np.finfo(floating).eps)
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    # PyTorch's order: x * rsqrt(mean(x**2) + eps), then the weight.
    y = x * ((x * x).mean(axes, keepdims=True) + eps).rsqrt()
    if weight is not None:
        given = arguments.constant(weight, "rms_norm", "weight").shape
        if given != shape:
            raise ValueError(f"rms_norm: weight must have shape {shape} (normalized_shape), "
                             f"got {given}")
        y = y * weight
    return y if y.dtype == floating else ops.astype(y, floating)


class RMSNorm(Module):
    """rms_norm as a layer: weight ones of normalized_shape (elementwise_affine=False: none).
    eps=None is the input dtype's machine epsilon, as PyTorch's."""

    def __init__(self, normalized_shape: Any, eps: float | None = None,
                 elementwise_affine: bool = True, *, dtype: Any = None) -> None:
        self.normalized_shape = _shape(normalized_shape, "RMSNorm")
        arguments.optional_number(eps, "eps", "RMSNorm")
        self.eps = eps  # as given: None (the input dtype's epsilon) shows in the repr
        self.elementwise_affine = arguments.flag(elementwise_affine, "elementwise_affine",
                                                 "RMSNorm")
        dtype = arguments.float_dtype(dtype, "RMSNorm")
        self.weight = (Parameter(np.ones(self.normalized_shape), dtype=dtype)
                       if elementwise_affine else None)
        self.reset_parameters()  # (as PyTorch's: a subclass may override it)

    def reset_parameters(self) -> None:
        """PyTorch's: the weight ones (when elementwise_affine)."""
        if self.weight is not None:
            self.weight.data[...] = 1

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        return rms_norm(input, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}")


# ------------------------------------------------------------------------- instance_norm


def instance_norm(input: Any, running_mean: Any = None, running_var: Any = None,  # noqa: A002
                  weight: Any = None, bias: Any = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each (sample, channel) plane of (N, C, *) by its own mean and biased
    variance, as torch.nn.functional.instance_norm; weight and bias are per channel (C,).

    use_input_stats=True: the planes' own statistics, which (if given) update running_mean
    and running_var in place, averaged over the batch. use_input_stats=False: normalise
    with running_mean and running_var instead.
    """
    x = arguments.tensor(input, "instance_norm")
    use_input_stats = arguments.flag(use_input_stats, "use_input_stats", "instance_norm")
    momentum = arguments.number(momentum, "momentum", "instance_norm")
    eps = arguments.number(eps, "eps", "instance_norm")
    if x.ndim < 2:
        raise ValueError(f"instance_norm: expected an input of 2 or more dimensions (N, C, *), "
                         f"got shape {x.shape}")
    for v, name in ((running_mean, "running_mean"), (running_var, "running_var"),
                    (weight, "weight"), (bias, "bias")):
        if v is not None:
            _per_channel(v, x, "instance_norm", name)  # (C,), or a ValueError
    if (running_mean is None) != (running_var is None):
        raise ValueError("instance_norm: running_mean and running_var must either both be "
                         "None or neither be None")
    if not use_input_stats:
        if running_mean is None:
            raise ValueError("instance_norm: running_mean and running_var are None, but "
                             "they are needed when use_input_stats is False")
        # batch norm's evaluation node, the running statistics in x's dtype (PyTorch's)
        stats = [_in_dtype(s, x.dtype) for s in (running_mean, running_var)]
        ones, zeros = np.ones(x.shape[1], x.dtype), np.zeros(x.shape[1], x.dtype)
        return normalize(x, *stats, ones if weight is None else weight,
                         zeros if bias is None else bias, eps)
    count = math.prod(x.shape[2:])
    if count == 1:
        raise ValueError(f"instance_norm: expected more than 1 spatial element when "
                         f"training, got input of shape {x.shape}")
    mean, centred, var = _statistics(x, tuple(range(2, x.ndim)))
    if running_mean is not None:
        _update(_running(running_mean, "running_mean"), mean.data, momentum, 1.0)
        _update(_running(running_var, "running_var"), var.data, momentum,
                count / (count - 1))
    return _affine(centred / (var + eps).sqrt(), weight, bias, x, "instance_norm")


def _running(stat: Any, name: str) -> np.ndarray:
    """A running statistic's array, which instance_norm updates in place."""
    if isinstance(stat, Tensor):
        return stat.data
    if not isinstance(stat, np.ndarray) or isinstance(stat, np.ma.MaskedArray) or (
            stat.dtype.kind != "f"):
        raise TypeError(f"instance_norm: {name} must be a float Tensor or array (updated in "
                        f"place when use_input_stats is True), or None, got {shown(stat)}")
    return stat


def _update(running: np.ndarray, stat: np.ndarray, momentum: float, factor: float) -> None:
    """running = mean over the batch of (momentum * stat * factor + (1 - momentum) *
    running), in place: PyTorch's per-sample copies, averaged (an empty batch: unchanged)."""
    if running.size and stat.shape[0]:
        per_sample = stat.reshape(stat.shape[0], -1) * factor
        running[...] = (momentum * per_sample + (1 - momentum) * running).mean(axis=0)


class _InstanceNorm(_BatchNorm):
    """What InstanceNorm1d and InstanceNorm2d share: _BatchNorm's parameters, buffers and
    repr, with PyTorch's instance-norm defaults (no affine, no running statistics)."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = False, track_running_stats: bool = False, *,
                 bias: bool = True, dtype: Any = None) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, bias=bias,
                         dtype=dtype)

    def forward(self, input: Any) -> Tensor:  # noqa: A002
        where = type(self).__name__
        x = arguments.tensor(input, where)
        if x.ndim not in self.dims:
            raise ValueError(f"{where}: expected {self.dims[0]}D or {self.dims[1]}D input "
                             f"(got {x.ndim}D input of shape {x.shape})")
        unbatched = x.ndim == self.dims[0]  # (C, *): one sample, as PyTorch takes it
        feature_dim = 0 if unbatched else 1
        if x.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"{where}: expected input's size at dim={feature_dim} to "
                                 f"match num_features ({self.num_features}), but got: "
                                 f"{x.shape[feature_dim]}")
            warnings.warn(f"{where}: input's size at dim={feature_dim} does not match "
                          "num_features; num_features is not used because affine=False "
                          "(PyTorch's warning)", UserWarning, stacklevel=2)
        use_input_stats = self.training or not self.track_running_stats
        y = instance_norm(ops.reshape(x, (1, *x.shape)) if unbatched else x,
                          self.running_mean, self.running_var, self.weight, self.bias,
                          use_input_stats, 0.0 if self.momentum is None else self.momentum,
                          self.eps)
        return ops.reshape(y, x.shape) if unbatched else y


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation over (N, C, L), or (C, L) unbatched, per sample and channel."""

    dims = (2, 3)


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation over (N, C, H, W), or (C, H, W) unbatched, per sample and
    channel."""

    dims = (3, 4)


class InstanceNorm3d(_InstanceNorm):
    """Instance normalisation over (N, C, D, H, W), or (C, D, H, W) unbatched, per sample
    and channel."""

    dims = (4, 5)
