"""More of torch.nn.functional's activations (nn/activation/activations.py has the common ones):
threshold, hardshrink, softshrink, tanhshrink, rrelu, glu, channel_shuffle and
gumbel_softmax. nn.functional re-exports them; their modules are in
nn/activation/activation_modules_more.py.

As in nn/activation/activations.py: PyTorch's arguments and defaults, on a Tensor, on anything
`Tensor()` takes, and (threshold, the shrinks and rrelu) on a Value; `inplace=True` is
accepted and computes out of place. threshold, hardshrink, softshrink and rrelu's evaluation
(leaky_relu) are one rule each (the rows below): a piecewise function whose pieces are chosen
inside its rule is exported to ONNX by its own row (nn/onnx/activations_more.py), and keeps
PyTorch's values to the sign of a zero (inside softshrink's band, x * 0 as PyTorch's scalar
loop: -0.0 for x < 0; its vector loop gives +0.0, so PyTorch's sign there depends on where
the element falls).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from autograd import Primitive, Tensor, ops

from .. import arguments
from ..generators import generator_for
from .activations import _dim

number = arguments.number
_node = arguments.node
_tensor = arguments.tensor


def _data(x: Any) -> Any:
    return ops.data_of(x)


# ------------------------------------------------------------------------- rule rows


def _threshold(x: Any, threshold: float, value: float) -> Any:
    if type(x) is float:
        return value if x <= threshold else x
    return np.where(x <= threshold, np.asarray(value, dtype=x.dtype), x)


def _above(d: Any, threshold: float) -> Any:
    """Not d <= threshold: True above it and at nan (where PyTorch passes x, and its
    gradient, on)."""
    return not d <= threshold if type(d) is float else ~(d <= threshold)


threshold_rule = Primitive("threshold", _threshold, (
    lambda g, out, x, threshold, value: ops.where(g, 0.0, _above(_data(x), threshold)),
))
"""threshold(x) = value where x <= threshold, else x: d/dx = 0 where x <= threshold, else 1"""


def _inside(d: Any, lambd: float) -> Any:
    """-lambd <= d <= lambd (False at nan)."""
    if type(d) is float:
        return -lambd <= d <= lambd
    return (d >= -lambd) & (d <= lambd)


def _hardshrink(x: Any, lambd: float) -> Any:
    if type(x) is float:
        return 0.0 if _inside(x, lambd) else x
    return np.where(_inside(x, lambd), np.zeros((), x.dtype), x)


def _outside(d: Any, lambd: float) -> Any:
    """Not -lambd <= d <= lambd: True at nan (where PyTorch passes the gradient on)."""
    return not _inside(d, lambd) if type(d) is float else ~_inside(d, lambd)


def _shrink_vjp(g: Any, out: Any, x: Any, lambd: float) -> Any:
    return ops.where(g, 0.0, _outside(_data(x), lambd))


hardshrink_rule = Primitive("hardshrink", _hardshrink, (_shrink_vjp,))
"""hardshrink(x) = 0 where -lambd <= x <= lambd, else x: d/dx = 0 there, else 1"""


def _softshrink(x: Any, lambd: float) -> Any:
    # PyTorch's x > l ? x - l : (x < -l ? x + l : x * 0), so a zero keeps x's sign
    if type(x) is float:
        return x - lambd if x > lambd else x + lambd if x < -lambd else x * 0.0
    return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, x * 0))


softshrink_rule = Primitive("softshrink", _softshrink, (_shrink_vjp,))
"""softshrink(x) = x - lambd above lambd, x + lambd below -lambd, else 0: d/dx = 0 where
-lambd <= x <= lambd (bounds included, as PyTorch), else 1"""


def _leaky_relu(x: Any, negative_slope: float) -> Any:
    if type(x) is float:
        return x if x > 0 else x * negative_slope
    return np.where(x > 0, x, x * np.asarray(negative_slope, dtype=x.dtype))


def _positive(d: Any) -> Any:
    return d > 0


leaky_relu_rule = Primitive("leaky_relu", _leaky_relu, (
    lambda g, out, x, negative_slope: ops.where(g, g * negative_slope, _positive(_data(x))),
))
"""leaky_relu(x) = x for x > 0, else negative_slope x (PyTorch's kernel): d/dx = 1 for x > 0,
else negative_slope (at 0 too). rrelu's evaluation mode."""


# ---------------------------------------------------------------------- the functions


def threshold(input: Any, threshold: float, value: float,  # noqa: A002
              inplace: bool = False) -> Any:
    """x where x > threshold, else value (PyTorch's: a nan stays nan); the gradient is 1
    above the threshold, 0 at and below it."""
    threshold = number(threshold, "threshold", "threshold")
    value = number(value, "value", "threshold")
    arguments.check_inplace(inplace, "threshold")
    return threshold_rule(_node(input, "threshold"), threshold, value)


def hardshrink(input: Any, lambd: float = 0.5) -> Any:  # noqa: A002
    """0 where -lambd <= x <= lambd, else x. A negative lambd shrinks nothing (PyTorch
    takes it too)."""
    lambd = number(lambd, "lambd", "hardshrink")
    return hardshrink_rule(_node(input, "hardshrink"), lambd)


def softshrink(input: Any, lambd: float = 0.5) -> Any:  # noqa: A002
    """x - lambd above lambd, x + lambd below -lambd, 0 between; lambd must be >= 0."""
    if not number(lambd, "lambd", "softshrink") >= 0:
        raise ValueError(f"softshrink: lambd must be at least 0, got {lambd!r}")
    return softshrink_rule(_node(input, "softshrink"), float(lambd))


def tanhshrink(input: Any) -> Any:  # noqa: A002
    """x - tanh(x)."""
    x = _node(input, "tanhshrink")
    return x - x.tanh()


def rrelu(input: Any, lower: float = 1.0 / 8, upper: float = 1.0 / 3,  # noqa: A002
          training: bool = False, inplace: bool = False, *,
          generator: np.random.Generator | None = None) -> Any:
    """Randomized leaky ReLU: x for x > 0, else a x. Training: a drawn for each element from
    U(lower, upper) (from `generator`, by default autograd's default_generator), the
    gradient there a; evaluation (training=False, the default): a = (lower + upper) / 2,
    leaky_relu's values and gradients (at 0 the slope)."""
    lower = number(lower, "lower", "rrelu")
    upper = number(upper, "upper", "rrelu")
    if lower > upper:
        raise ValueError(f"rrelu: lower ({lower!r}) must be at most upper ({upper!r})")
    arguments.flag(training, "training", "rrelu")
    arguments.check_inplace(inplace, "rrelu")
    arguments.generator(generator, "rrelu")
    x = _node(input, "rrelu")
    if not training:
        return leaky_relu_rule(x, (lower + upper) / 2)
    d = x.data
    slopes = generator_for(None, generator, "rrelu").uniform(lower, upper, np.shape(d))
    if type(d) is float:
        return x * (float(slopes) if d <= 0 else 1.0)
    noise = np.where(d <= 0, slopes, 1.0).astype(d.dtype, copy=False)
    return x * noise


def glu(input: Any, dim: int = -1) -> Tensor:  # noqa: A002
    """The gated linear unit: a sigmoid(b), a and b the two halves of x along dim."""
    x = _tensor(input, "glu")
    if x.ndim == 0:
        raise ValueError("glu: does not support a 0-d input (scalars), because the halved "
                         "dim must have an even size")
    axis = _dim(dim, x.ndim, "glu")
    n = x.shape[axis]
    if n % 2:
        raise ValueError(f"glu: the halved dim must have an even size, but dim {axis} has "
                         f"size {n} (input of shape {x.shape})")
    a, b = x.narrow(axis, 0, n // 2), x.narrow(axis, n // 2, n // 2)
    return a * b.sigmoid()


def channel_shuffle(input: Any, groups: int) -> Tensor:  # noqa: A002
    """(N, C, *) with its C channels read as (groups, C / groups) and transposed
    (ShuffleNet's shuffle): channel g (C / groups) + i moves to i groups + g."""
    x = _tensor(input, "channel_shuffle")
    groups = arguments.integer(groups, "groups", "channel_shuffle")
    if x.ndim <= 2:
        raise ValueError(f"channel_shuffle: expects an input with more than 2 dims, got "
                         f"shape {x.shape}")
    if groups <= 0:
        raise ValueError(f"channel_shuffle: groups must be positive, got {groups!r}")
    n, c, *rest = x.shape
    if c % groups:
        raise ValueError(f"channel_shuffle: the number of channels must be divisible by "
                         f"groups, got {c} channels and groups={groups}")
    return x.reshape(n, groups, c // groups, *rest).swapaxes(1, 2).reshape(x.shape)


native_channel_shuffle = channel_shuffle  # PyTorch's other name (its kernel's)


def gumbel_softmax(logits: Any, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1, *, generator: np.random.Generator | None = None
                   ) -> Tensor:
    """softmax((logits + G) / tau) along dim, G Gumbel(0, 1) noise drawn from `generator`
    (default: autograd's default_generator). hard=True gives the one-hot of each row's
    largest entry, with the soft sample's gradient (straight-through: y_hard - y_soft
    detached + y_soft). eps is PyTorch's deprecated argument: it changes nothing and warns."""
    tau = number(tau, "tau", "gumbel_softmax")
    arguments.flag(hard, "hard", "gumbel_softmax")
    if number(eps, "eps", "gumbel_softmax") != 1e-10:
        warnings.warn("gumbel_softmax: the eps argument is deprecated (as in PyTorch) and has "
                      "no effect", UserWarning, stacklevel=2)
    arguments.generator(generator, "gumbel_softmax")
    x = _tensor(logits, "gumbel_softmax", "logits")
    axis = _dim(dim, x.ndim, "gumbel_softmax")
    draws = generator_for(None, generator, "gumbel_softmax").standard_exponential(x.shape)
    gumbels = (x + (-np.log(draws)).astype(x.dtype, copy=False)) / tau
    y_soft = gumbels.softmax(axis)
    if not hard:
        return y_soft
    y_hard = np.zeros(x.shape, x.dtype)
    if x.ndim == 0:
        y_hard[...] = 1
    else:
        top = np.argmax(y_soft.data, axis=axis)
        np.put_along_axis(y_hard, np.expand_dims(top, axis), 1, axis=axis)
    return Tensor(y_hard) - y_soft.detach() + y_soft
