"""Weight initialisation with PyTorch's names, formulas and defaults: nn.init.kaiming_uniform_.

Each function fills a Tensor (or Parameter) in place, its array kept, and returns it; the
elementwise ones also take a micrograd Value (its .data) or a numpy array. Random numbers
come from `generator=` (a numpy Generator), by default the one that `nn.manual_seed(n)`
seeds, which the layers use too:

    nn.manual_seed(0)
    nn.init.kaiming_normal_(layer.weight, mode="fan_out", nonlinearity="relu")
    nn.init.zeros_(layer.bias)

Fans are PyTorch's: for a weight of shape (out, in, *kernel), fan_in = in * prod(kernel)
and fan_out = out * prod(kernel).
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

import numpy as np

from autograd import Tensor, Value
from autograd.arguments import shown

from . import arguments
from .generators import generator_for

_LINEAR = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended scale of the weights' std for a nonlinearity (PyTorch's table):
    1 for linear, conv and sigmoid, 5/3 for tanh, sqrt(2) for relu,
    sqrt(2 / (1 + negative_slope**2)) for leaky_relu (slope `param`, default 0.01),
    3/4 for selu."""
    return _gain_of(nonlinearity, param, "calculate_gain")


def _gain_of(nonlinearity: Any, param: Any, where: str) -> float:
    """calculate_gain, its errors naming `where` (kaiming_uniform_ passes its a)."""
    if not isinstance(nonlinearity, str):
        raise ValueError(f"{where}: unsupported nonlinearity {shown(nonlinearity)}; expected "
                         "a name such as 'relu' or 'leaky_relu'")
    if param is not None and nonlinearity != "leaky_relu":
        arguments.number(param, "param", where)  # (used by leaky_relu only, as PyTorch)
    if nonlinearity in _LINEAR or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool):
            negative_slope = param
        else:
            raise ValueError(f"{where}: negative_slope (param, or kaiming's a) must be a "
                             f"number, got {shown(param)}")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4  # found empirically by PyTorch (pytorch/pytorch#50664)
    if param is not None:
        arguments.number(param, "param", where)
    raise ValueError(f"{where}: unsupported nonlinearity {shown(nonlinearity)}; expected "
                     f"one of {[*_LINEAR, 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']}")


# -- filling, in place ----------------------------------------------------------------


def _shape(tensor: Any, where: str) -> tuple[int, ...]:
    if isinstance(tensor, Value):
        return ()
    if isinstance(tensor, Tensor):
        return tensor.data.shape
    if isinstance(tensor, np.ndarray) and not isinstance(tensor, np.ma.MaskedArray) and (
            tensor.dtype.kind in "fiub"):
        return tensor.shape
    raise TypeError(f"{where}: tensor must be a Tensor, Parameter, Value or numpy array of "
                    f"numbers, got {shown(tensor)}")


def _fill(tensor: Any, values: Any, where: str) -> Any:
    """Write `values` into the tensor's own array (or a Value's data); return the tensor."""
    if isinstance(tensor, Value):
        tensor.data = float(values)
        return tensor
    array = tensor.data if isinstance(tensor, Tensor) else tensor
    if not np.issubdtype(array.dtype, np.floating) and not np.isscalar(values):
        raise TypeError(f"{where}: random values need a floating-point tensor, got dtype "
                        f"{array.dtype}")
    array[...] = values
    return tensor


def _rng(generator: Any, where: str) -> np.random.Generator:
    return generator_for(None, generator, where)  # nn.manual_seed's generator when None


def _check_bounds(a: float, b: float, where: str, equal: bool = False) -> None:
    arguments.number(a, "a", where), arguments.number(b, "b", where)
    if not (a <= b if equal else a < b):  # NaN fails too
        raise ValueError(f"{where}: expected a {'<=' if equal else '<'} b, got a={a!r}, "
                         f"b={b!r}")


def _check_std(std: float, where: str) -> None:
    if not arguments.number(std, "std", where) >= 0:
        raise ValueError(f"{where}: std must be >= 0, got {std!r}")


def uniform_(tensor: Any, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Any:
    """Fill with draws from U(a, b) (a == b fills with a, as PyTorch's from <= to)."""
    _check_bounds(a, b, "uniform_", equal=True)
    shape = _shape(tensor, "uniform_")
    return _fill(tensor, _rng(generator, "uniform_").uniform(a, b, shape), "uniform_")


def normal_(tensor: Any, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Any:
    """Fill with draws from N(mean, std**2)."""
    _check_std(std, "normal_")
    arguments.number(mean, "mean", "normal_")
    shape = _shape(tensor, "normal_")
    return _fill(tensor, _rng(generator, "normal_").normal(mean, std, shape), "normal_")


def trunc_normal_(tensor: Any, mean: float = 0.0, std: float = 1.0, a: float = -2.0,
                  b: float = 2.0, generator: Any = None) -> Any:
    """Fill with draws from N(mean, std**2) restricted to [a, b] (a and b are values, not
    numbers of std). PyTorch's method: redraw what falls outside when most draws fall
    inside, else accept uniform draws on [a, b] with probability pdf(x) / max(pdf)."""
    where = "trunc_normal_"
    _check_bounds(a, b, where)
    _check_std(std, where)
    if std == 0:
        raise ValueError(f"{where}: std must be > 0 (the cut normal's density), got {std!r}")
    arguments.number(mean, "mean", where)
    shape = _shape(tensor, where)
    rng = _rng(generator, where)
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The "
                      "distribution of values may be incorrect.", stacklevel=2)

    def cdf(x: float) -> float:
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    inside = cdf((b - mean) / std) - cdf((a - mean) / std)
    if inside > 0.3:
        values = rng.normal(mean, std, shape)
        outside = (values < a) | (values > b)
        while outside.any():
            values[outside] = rng.normal(mean, std, int(outside.sum()))
            outside = (values < a) | (values > b)
    else:
        mode = max(a, min(mean, b))
        log_peak = -0.5 * ((mode - mean) / std) ** 2
        values = rng.uniform(a, b, shape)
        pending = np.ones(shape, dtype=bool)
        while pending.any():
            candidates = rng.uniform(a, b, int(pending.sum()))
            log_ratio = -0.5 * ((candidates - mean) / std) ** 2 - log_peak
            accepted = np.log(rng.uniform(size=candidates.shape)) <= log_ratio
            index = np.flatnonzero(pending)[accepted]
            values.flat[index] = candidates[accepted]
            pending.flat[index] = False
    return _fill(tensor, values, where)


def constant_(tensor: Any, val: float) -> Any:
    """Fill with `val`."""
    _shape(tensor, "constant_")
    return _fill(tensor, arguments.number(val, "val", "constant_"), "constant_")


def ones_(tensor: Any) -> Any:
    """Fill with 1."""
    return constant_(tensor, 1.0)


def zeros_(tensor: Any) -> Any:
    """Fill with 0."""
    return constant_(tensor, 0.0)


def eye_(tensor: Any) -> Any:
    """Fill a 2-D tensor with the identity (ones on the main diagonal): a Linear layer
    then passes as many inputs through as it can."""
    shape = _shape(tensor, "eye_")
    if len(shape) != 2:
        raise ValueError(f"eye_: only 2-D tensors are supported, got shape {shape}")
    return _fill(tensor, np.eye(*shape), "eye_")


def dirac_(tensor: Any, groups: int = 1) -> Any:
    """Fill a 3-, 4- or 5-D convolution weight with the Dirac delta: each of the first
    channels passes through unchanged (per group when groups > 1)."""
    shape = _shape(tensor, "dirac_")
    if len(shape) not in (3, 4, 5):
        raise ValueError(f"dirac_: only 3-, 4- and 5-D tensors are supported, got {shape}")
    if arguments.count(groups, "groups", "dirac_", minimum=1) and shape[0] % groups != 0:
        raise ValueError(f"dirac_: dim 0 ({shape[0]}) must be divisible by groups ({groups})")
    per_group = shape[0] // groups
    values = np.zeros(shape)
    centre = tuple(size // 2 for size in shape[2:])
    for g in range(groups):
        for d in range(min(per_group, shape[1])):
            values[(g * per_group + d, d, *centre)] = 1
    return _fill(tensor, values, "dirac_")


def _calculate_fan_in_and_fan_out(tensor: Any, where: str = "init") -> tuple[int, int]:
    """(fan_in, fan_out) = (shape[1], shape[0]) times the product of shape[2:]."""
    shape = _shape(tensor, where)
    if len(shape) < 2:
        raise ValueError(f"{where}: fan in and fan out can not be computed for a tensor of "
                         f"fewer than 2 dimensions (shape {shape})")
    receptive_field_size = math.prod(shape[2:])
    return shape[1] * receptive_field_size, shape[0] * receptive_field_size


def _calculate_correct_fan(tensor: Any, mode: str, where: str = "init") -> int:
    mode = mode.lower() if isinstance(mode, str) else mode
    if not isinstance(mode, str) or mode not in ("fan_in", "fan_out"):
        raise ValueError(f"{where}: mode {shown(mode)} not supported, please use one of "
                         "['fan_in', 'fan_out']")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, where)
    return fan_in if mode == "fan_in" else fan_out


def xavier_uniform_(tensor: Any, gain: float = 1.0, generator: Any = None) -> Any:
    """Glorot and Bengio's: U(-bound, bound), bound = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, "xavier_uniform_")
    std = _gain(gain, "xavier_uniform_") * math.sqrt(2.0 / float(fan_in + fan_out))
    _rng(generator, "xavier_uniform_")
    bound = math.sqrt(3.0) * std  # the uniform bound of that std
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor: Any, gain: float = 1.0, generator: Any = None) -> Any:
    """Glorot and Bengio's: N(0, std**2), std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, "xavier_normal_")
    gain = _gain(gain, "xavier_normal_")
    _rng(generator, "xavier_normal_")
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def _gain(gain: Any, where: str) -> float:
    """A scale of a std: a number >= 0 (a negative one is PyTorch's error too)."""
    if not arguments.number(gain, "gain", where) >= 0:
        raise ValueError(f"{where}: gain must be >= 0, got {gain!r}")
    return float(gain)


def _kaiming_std(tensor: Any, a: float, mode: str, nonlinearity: str, where: str,
                 generator: Any) -> float | None:
    _rng(generator, where)
    if 0 in _shape(tensor, where):
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return None
    return _gain_of(nonlinearity, a, where) / math.sqrt(
        _calculate_correct_fan(tensor, mode, where))


def kaiming_uniform_(tensor: Any, a: float = 0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu", generator: Any = None) -> Any:
    """He et al.'s: U(-bound, bound), bound = gain * sqrt(3 / fan), the gain of
    `nonlinearity` (with negative slope `a` for leaky_relu), fan of `mode`. nn.Linear's
    default is a=sqrt(5): bound 1/sqrt(in_features)."""
    std = _kaiming_std(tensor, a, mode, nonlinearity, "kaiming_uniform_", generator)
    if std is None:
        return tensor
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Any, a: float = 0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu", generator: Any = None) -> Any:
    """He et al.'s: N(0, std**2), std = gain / sqrt(fan)."""
    std = _kaiming_std(tensor, a, mode, nonlinearity, "kaiming_normal_", generator)
    if std is None:
        return tensor
    return normal_(tensor, 0.0, std, generator)


def orthogonal_(tensor: Any, gain: float = 1, generator: Any = None) -> Any:
    """A (semi-)orthogonal matrix times gain (Saxe et al.): rows orthonormal if there are
    fewer rows than columns, else columns; dimensions past the second are flattened. The
    Q of a Gaussian matrix's QR, its signs fixed by R's diagonal, so it is uniform."""
    shape = _shape(tensor, "orthogonal_")
    if len(shape) < 2:
        raise ValueError(f"orthogonal_: only tensors of 2 or more dimensions are supported, "
                         f"got shape {shape}")
    gain = arguments.number(gain, "gain", "orthogonal_")
    if math.prod(shape) == 0:
        return tensor
    rows = shape[0]
    cols = math.prod(shape) // rows
    flattened = _rng(generator, "orthogonal_").normal(0.0, 1.0, (rows, cols))
    if rows < cols:
        flattened = flattened.T
    q, r = np.linalg.qr(flattened)
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _fill(tensor, q.reshape(shape) * gain, "orthogonal_")


def sparse_(tensor: Any, sparsity: float, std: float = 0.01, generator: Any = None) -> Any:
    """A 2-D matrix of N(0, std**2) draws with ceil(sparsity * rows) zeros in each column
    (Martens)."""
    shape = _shape(tensor, "sparse_")
    if len(shape) != 2:
        raise ValueError(f"sparse_: only 2-D tensors are supported, got shape {shape}")
    if not 0 <= arguments.number(sparsity, "sparsity", "sparse_") <= 1:
        raise ValueError(f"sparse_: sparsity must be in [0, 1], got {sparsity!r}")
    _check_std(std, "sparse_")
    rows, cols = shape
    rng = _rng(generator, "sparse_")
    values = rng.normal(0.0, std, shape)
    zeros = math.ceil(sparsity * rows)
    for col in range(cols):
        values[rng.permutation(rows)[:zeros], col] = 0
    return _fill(tensor, values, "sparse_")


__all__ = ["calculate_gain", "constant_", "dirac_", "eye_", "kaiming_normal_",
           "kaiming_uniform_", "normal_", "ones_", "orthogonal_", "sparse_", "trunc_normal_",
           "uniform_", "xavier_normal_", "xavier_uniform_", "zeros_"]
