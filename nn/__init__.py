"""Neural-network building blocks on autograd's public API, with PyTorch's habits.

    import nn
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss = nn.functional.cross_entropy(model(x), y)
    optimizer.zero_grad(); loss.backward(); optimizer.step()

Also: nn.init (weight initialisation), nn.optim.lr_scheduler (learning-rate schedules),
nn.utils.clip_grad_norm_ and clip_grad_value_, nn.grad (a convolution's gradients as
functions). micrograd's scalar Neuron, Layer and MLP are here too, unchanged in behaviour.
"""

from . import data, functional, grad, init, optim, utils
from .activation_modules import (
    CELU,
    ELU,
    GELU,
    SELU,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    LeakyReLU,
    LogSigmoid,
    Mish,
    ReLU6,
    SiLU,
    Softmin,
    Softplus,
    Softsign,
)
from .containers import ModuleDict, ModuleList, Sequential
from .conv_layers import Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d
from .embedding import Embedding
from .fold import Fold, Unfold
from .io import load, save
from .layers import (
    Bilinear,
    Dropout,
    Flatten,
    Linear,
    LogSoftmax,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
    manual_seed,
)
from .losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyError,
    CrossEntropyLoss,
    HingeLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    RMSELoss,
    SmoothL1Loss,
)
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm
from .onnx import export_onnx
from .parameter import Parameter
from .pooling_layers import (
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AvgPool1d,
    AvgPool2d,
    MaxPool1d,
    MaxPool2d,
)
from .recurrent import GRU, LSTM, RNN
from .recurrent_cells import GRUCell, LSTMCell, RNNCell
from .scalar import MLP, Layer, Neuron
from .utility_layers import Dropout2d, Identity, Unflatten

__all__ = [
    # activations (nn/activation_modules.py)
    "CELU",
    "ELU",
    "GELU",
    "Hardsigmoid",
    "Hardswish",
    "Hardtanh",
    "LeakyReLU",
    "LogSigmoid",
    "Mish",
    "ReLU6",
    "SELU",
    "SiLU",
    "Softmin",
    "Softplus",
    "Softsign",
    "BCELoss",
    "BCEWithLogitsLoss",
    "Bilinear",
    "CrossEntropyError",
    "CrossEntropyLoss",
    "Dropout",
    "Flatten",
    "HingeLoss",
    "HuberLoss",
    "KLDivLoss",
    "L1Loss",
    "Layer",
    "Linear",
    "LogSoftmax",
    "MLP",
    "MSELoss",
    "NLLLoss",
    "Module",
    "ModuleDict",
    "ModuleList",
    "Neuron",
    "Parameter",
    "RMSELoss",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "SmoothL1Loss",
    "Softmax",
    "Tanh",
    "data",
    "export_onnx",
    "functional",
    "init",
    "load",
    "manual_seed",
    "optim",
    "save",
    "utils",
    # -- convolutional networks
    "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d",
    "AvgPool1d",
    "AvgPool2d",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv1d",
    "Conv2d",
    "ConvTranspose1d",
    "ConvTranspose2d",
    "Dropout2d",
    "Embedding",
    "Fold",
    "GroupNorm",
    "Identity",
    "LayerNorm",
    "MaxPool1d",
    "MaxPool2d",
    "Unflatten",
    "Unfold",
    "grad",
    # -- recurrent networks (nn/recurrent.py, nn/recurrent_cells.py)
    "GRU",
    "GRUCell",
    "LSTM",
    "LSTMCell",
    "RNN",
    "RNNCell",
]
