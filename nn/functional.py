"""nn.functional: PyTorch's functional API, gathered from where each function lives.

    activations      nn/activations.py (relu, gelu, softmax, ...)
    dropout          here
    losses           nn/loss_functions.py (mse_loss, cross_entropy, ...)
    layers' maths    nn/conv.py, nn/pooling.py, nn/normalization.py, nn/embedding.py
    pad, one_hot     autograd's functions, by nn's names
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

import autograd
from autograd import default_generator
from autograd.arguments import shown as _shown

from . import arguments

# The activations are in nn/activations.py: nn.functional has them, as torch's has.
from .activations import (  # noqa: F401 (re-exported)
    celu,
    elu,
    gelu,
    hardsigmoid,
    hardswish,
    hardtanh,
    leaky_relu,
    log_softmax,
    logsigmoid,
    mish,
    normalize,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softmin,
    softplus,
    softplus_rule,
    softsign,
    tanh,
)

# ---------------------------------------------------------------------------- losses
from .loss_functions import (  # noqa: E402, F401 (re-exported)
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    class_indices,
    cross_entropy,
    cross_entropy_error,
    hinge_loss,
    l1_loss,
    mse_loss,
    nll_loss,
    rmse_loss,
    sum_squared_error,
)

# ---------------------------------------------------------------------------- dropout


# ---------------------------------------------------------------- shape and indexing
# F.one_hot and F.pad are autograd's functions (autograd/functions/), here by nn's names.

one_hot = autograd.one_hot
pad = autograd.pad


def check_dropout_p(p: Any, where: str) -> None:
    if not isinstance(p, numbers.Real) or not 0 <= p <= 1:
        raise ValueError(f"{where}: p must be a probability in [0, 1], got {_shown(p)}")


def dropout(x: Any, p: float = 0.5, training: bool = True,
            generator: np.random.Generator | None = None) -> Any:
    """Inverted dropout: zero each element with probability p, scale the rest by 1/(1-p).

    The identity when not training or when p == 0; zeros when p == 1 (as PyTorch).
    """
    check_dropout_p(p, "dropout")
    generator = arguments.generator(generator, "dropout")
    x = arguments.tensor(x, "dropout", "x")
    if not arguments.flag(training, "training", "dropout") or p == 0:
        return x
    if p == 1:  # nothing is kept, and 1/(1-p) would divide by zero
        return x * 0.0
    rng = generator if generator is not None else default_generator  # manual_seed seeds it
    keep = rng.random(x.shape) >= p
    return x * (keep / (1.0 - p)).astype(x.dtype)


# ------------------------------------------------ convolutional networks (nn/conv.py, ...)
# Defined in their own modules (by concern, each with its layers), and named here too, as
# torch.nn.functional names them.
from .conv import conv1d, conv2d, conv_transpose1d, conv_transpose2d  # noqa: E402, F401
from .embedding import embedding  # noqa: E402, F401
from .fold import fold, unfold  # noqa: E402, F401
from .normalization import batch_norm, group_norm, layer_norm  # noqa: E402, F401
from .pooling import (  # noqa: E402, F401
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)
from .utility_layers import dropout2d  # noqa: E402, F401
