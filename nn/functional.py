"""nn.functional: PyTorch's functional API, gathered from where each function lives.

    activations      nn/activations.py (relu, gelu, softmax, ...), nn/activations_more.py
                     (threshold, the shrinks, rrelu, glu, channel_shuffle, gumbel_softmax),
                     nn/activations_inplace.py (relu_, elu_, ...: in place)
    dropout          nn/dropout.py, nn/utility_layers.py (dropout2d)
    losses           nn/loss_functions.py (cross_entropy, nll_loss, ...),
                     nn/regression_losses.py (mse_loss, l1_loss, smooth_l1_loss,
                     huber_loss, kl_div)
                     nn/margin_losses.py (the margin and embedding losses,
                     poisson_nll_loss, gaussian_nll_loss),
                     nn/ctc.py (ctc_loss)
    distances        nn/distances.py (cosine_similarity, pairwise_distance, pdist)
    layers' maths    nn/linear.py, nn/conv.py, nn/pooling.py, nn/normalization.py,
                     nn/embedding.py, nn/embedding_bag.py, nn/norms_more.py (rms_norm,
                     instance_norm),
                     nn/upsampling.py (interpolate, pixel_shuffle)
    attention        nn/attention.py (scaled_dot_product_attention,
                     multi_head_attention_forward)
    pad, one_hot     autograd's functions, by nn's names
"""

from __future__ import annotations

import autograd

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
    prelu,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softmin,
    softplus,
    softsign,
    tanh,
)
from .activations_inplace import (  # noqa: F401 (nn/activations_inplace.py)
    celu_,
    elu_,
    hardtanh_,
    leaky_relu_,
    relu_,
    rrelu_,
    selu_,
    threshold_,
)
from .activations_more import (  # noqa: F401 (nn/activations_more.py)
    channel_shuffle,
    glu,
    gumbel_softmax,
    hardshrink,
    native_channel_shuffle,
    rrelu,
    softshrink,
    tanhshrink,
    threshold,
)

# ---------------------------------------------------------------------------- losses
from .ctc import ctc_loss  # noqa: E402, F401 (nn/ctc.py)
from .distances import cosine_similarity, pairwise_distance, pdist  # noqa: E402, F401
from .loss_functions import (  # noqa: E402, F401 (re-exported)
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_error,
    hinge_loss,
    nll_loss,
)
from .margin_losses import (  # noqa: E402, F401 (nn/margin_losses.py)
    cosine_embedding_loss,
    gaussian_nll_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    poisson_nll_loss,
    soft_margin_loss,
    triplet_margin_loss,
    triplet_margin_with_distance_loss,
)
from .regression_losses import (  # noqa: E402, F401
    huber_loss,
    kl_div,
    l1_loss,
    mse_loss,
    rmse_loss,
    smooth_l1_loss,
    sum_squared_error,
)

# ---------------------------------------------------------------- shape and indexing
# F.one_hot and F.pad are autograd's functions (autograd/functions/), here by nn's names.

one_hot = autograd.one_hot
pad = autograd.pad


# -------------------------- linear, convolutional networks, dropout (nn/linear.py, ...)
# Defined in their own modules (by concern, each with its layers), and named here too, as
# torch.nn.functional names them.
from .attention import (  # noqa: E402, F401
    multi_head_attention_forward,
    scaled_dot_product_attention,
)
from .conv import conv1d, conv2d, conv_transpose1d, conv_transpose2d  # noqa: E402, F401
from .conv3d import conv3d, conv_transpose3d  # noqa: E402, F401
from .conv_tbc import conv_tbc  # noqa: E402, F401
from .dropout import dropout  # noqa: E402, F401
from .dropout_alpha import alpha_dropout, feature_alpha_dropout  # noqa: E402, F401
from .dropout_channels import dropout1d, dropout3d  # noqa: E402, F401
from .embedding import embedding  # noqa: E402, F401
from .embedding_bag import embedding_bag  # noqa: E402, F401
from .fold import fold, unfold  # noqa: E402, F401
from .linear import bilinear, linear  # noqa: E402, F401
from .local_response_norm import local_response_norm  # noqa: E402, F401
from .normalization import batch_norm, group_norm, layer_norm  # noqa: E402, F401
from .norms_more import instance_norm, rms_norm  # noqa: E402, F401
from .pooling import (  # noqa: E402, F401
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)
from .pooling3d import (  # noqa: E402, F401
    adaptive_avg_pool3d,
    adaptive_max_pool3d,
    avg_pool3d,
    max_pool3d,
)
from .pooling_more import (  # noqa: E402, F401
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)
from .pooling_with_indices import (  # noqa: E402, F401
    adaptive_max_pool1d_with_indices,
    adaptive_max_pool2d_with_indices,
    adaptive_max_pool3d_with_indices,
    max_pool1d_with_indices,
    max_pool2d_with_indices,
    max_pool3d_with_indices,
)
from .upsampling import (  # noqa: E402, F401
    interpolate,
    pixel_shuffle,
    pixel_unshuffle,
)
from .upsampling_deprecated import (  # noqa: E402, F401
    upsample,
    upsample_bilinear,
    upsample_nearest,
)
from .utility_layers import dropout2d  # noqa: E402, F401
