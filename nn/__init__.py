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

from . import data, functional, grad, init, optim, parallel, utils
from .activation.activation_modules import (
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
    PReLU,
    ReLU6,
    SiLU,
    Softmin,
    Softplus,
    Softsign,
)
from .activation.activation_modules_more import (
    GLU,
    ChannelShuffle,
    Hardshrink,
    RReLU,
    Softmax2d,
    Softshrink,
    Tanhshrink,
    Threshold,
)
from .containers import ModuleDict, ModuleList, Sequential
from .convolution.conv3d import Conv3d, ConvTranspose3d
from .convolution.conv_layers import Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d
from .convolution.fold import Fold, Unfold
from .convolution.padding_layers import (
    CircularPad1d,
    CircularPad2d,
    CircularPad3d,
    ConstantPad1d,
    ConstantPad2d,
    ConstantPad3d,
    ReflectionPad1d,
    ReflectionPad2d,
    ReflectionPad3d,
    ReplicationPad1d,
    ReplicationPad2d,
    ReplicationPad3d,
    ZeroPad1d,
    ZeroPad2d,
    ZeroPad3d,
)
from .dropouts.dropout_alpha import AlphaDropout, FeatureAlphaDropout
from .dropouts.dropout_channels import Dropout1d, Dropout3d
from .files.io import load, save
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
from .lazy import LazyLinear
from .loss.losses import (
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
from .loss.losses_more import (
    CosineEmbeddingLoss,
    CosineSimilarity,
    CTCLoss,
    GaussianNLLLoss,
    HingeEmbeddingLoss,
    MarginRankingLoss,
    MultiLabelMarginLoss,
    MultiLabelSoftMarginLoss,
    MultiMarginLoss,
    PairwiseDistance,
    PoissonNLLLoss,
    SoftMarginLoss,
    TripletMarginLoss,
    TripletMarginWithDistanceLoss,
)
from .module import Module
from .norm.local_response_norm import LocalResponseNorm
from .norm.normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, GroupNorm, LayerNorm
from .norm.norms_more import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, RMSNorm
from .onnx import export_onnx
from .parallel import DataParallel
from .parameter import Parameter
from .parameter_containers import ParameterDict, ParameterList
from .pool.pooling3d import AdaptiveAvgPool3d, AvgPool3d, MaxPool3d
from .pool.pooling_layers import (
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AvgPool1d,
    AvgPool2d,
    MaxPool1d,
    MaxPool2d,
)
from .pool.pooling_more_layers import (
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
    AdaptiveMaxPool3d,
    LPPool1d,
    LPPool2d,
    LPPool3d,
    MaxUnpool1d,
    MaxUnpool2d,
    MaxUnpool3d,
)
from .resize.upsampling import PixelShuffle, PixelUnshuffle, Upsample
from .resize.upsampling_aliases import UpsamplingBilinear2d, UpsamplingNearest2d
from .scalar import MLP, Layer, Neuron
from .sequence.attention_layers import MultiheadAttention
from .sequence.embedding import Embedding
from .sequence.embedding_bag import EmbeddingBag
from .sequence.recurrent import GRU, LSTM, RNN
from .sequence.recurrent_cells import GRUCell, LSTMCell, RNNCell
from .sequence.transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)
from .utility_layers import Dropout2d, Identity, Unflatten

__all__ = [
    # activations (nn/activation/activation_modules.py)
    "CELU",
    "ELU",
    "GELU",
    "Hardsigmoid",
    "Hardswish",
    "Hardtanh",
    "LeakyReLU",
    "LogSigmoid",
    "Mish",
    "PReLU",
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
    # nn/loss/losses_more.py: PyTorch's margin, embedding and likelihood losses, distances
    "CosineEmbeddingLoss",
    "CTCLoss",  # nn/loss/losses_more.py (its function: nn/loss/ctc.py)
    "CosineSimilarity",
    "GaussianNLLLoss",
    "HingeEmbeddingLoss",
    "MarginRankingLoss",
    "MultiLabelMarginLoss",
    "MultiLabelSoftMarginLoss",
    "MultiMarginLoss",
    "PairwiseDistance",
    "PoissonNLLLoss",
    "SoftMarginLoss",
    "TripletMarginLoss",
    "TripletMarginWithDistanceLoss",
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
    # torch.nn.parallel, on the one device (nn/parallel.py)
    "DataParallel",
    "parallel",
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
    "EmbeddingBag",
    "Fold",
    "GroupNorm",
    "Identity",
    "LayerNorm",
    "MaxPool1d",
    "MaxPool2d",
    "Unflatten",
    "Unfold",
    "grad",
    # -- more convolutional layers: 3-D, padding, pooling, channel dropout
    "AdaptiveAvgPool3d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "AdaptiveMaxPool3d",
    "AvgPool3d",
    "BatchNorm3d",
    "CircularPad1d",
    "CircularPad2d",
    "CircularPad3d",
    "ConstantPad1d",
    "ConstantPad2d",
    "ConstantPad3d",
    "Conv3d",
    "ConvTranspose3d",
    "Dropout1d",
    "Dropout3d",
    "LPPool1d",
    "LPPool2d",
    "LPPool3d",
    "MaxPool3d",
    "MaxUnpool1d",
    "MaxUnpool2d",
    "MaxUnpool3d",
    "ReflectionPad1d",
    "ReflectionPad2d",
    "ReflectionPad3d",
    "ReplicationPad1d",
    "ReplicationPad2d",
    "ReplicationPad3d",
    "ZeroPad1d",
    "ZeroPad2d",
    "ZeroPad3d",
    # -- normalisation, resizing (nn/norm/norms_more.py, nn/resize/upsampling.py)
    "InstanceNorm1d",
    "InstanceNorm2d",
    "InstanceNorm3d",
    "PixelShuffle",
    "PixelUnshuffle",
    "RMSNorm",
    "Upsample",
    "UpsamplingBilinear2d",
    "UpsamplingNearest2d",
    # -- attention and the Transformer (nn/sequence/attention_layers.py, nn/sequence/transformer.py)
    "MultiheadAttention",
    "Transformer",
    "TransformerDecoder",
    "TransformerDecoderLayer",
    "TransformerEncoder",
    "TransformerEncoderLayer",
    # -- recurrent networks (nn/sequence/recurrent.py, nn/sequence/recurrent_cells.py)
    "GRU",
    "GRUCell",
    "LSTM",
    "LSTMCell",
    "RNN",
    "RNNCell",
    # -- more of torch.nn (nn/activation/activation_modules_more.py, nn/dropouts/dropout_alpha.py,
    # nn/norm/local_response_norm.py, nn/parameter_containers.py, nn/lazy.py)
    "AlphaDropout",
    "ChannelShuffle",
    "FeatureAlphaDropout",
    "GLU",
    "Hardshrink",
    "LazyLinear",
    "LocalResponseNorm",
    "ParameterDict",
    "ParameterList",
    "RReLU",
    "Softmax2d",
    "Softshrink",
    "Tanhshrink",
    "Threshold",
]
