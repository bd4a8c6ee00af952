"""nn.functional: PyTorch's functional API, gathered from where each function lives.

    activations      nn/activation/activations.py (relu, gelu, softmax, ...),
    nn/activation/activations_more.py
                     (threshold, the shrinks, rrelu, glu, channel_shuffle, gumbel_softmax),
                     nn/activation/activations_inplace.py (relu_, elu_, ...: in place)
    dropout          nn/dropouts/dropout.py, nn/utility_layers.py (dropout2d)
    losses           nn/loss/loss_functions.py (cross_entropy, nll_loss, ...),
                     nn/loss/regression_losses.py (mse_loss, l1_loss, smooth_l1_loss,
                     huber_loss, kl_div)
                     nn/loss/margin_losses.py (the margin and embedding losses,
                     poisson_nll_loss, gaussian_nll_loss),
                     nn/loss/ctc.py (ctc_loss)
    distances        nn/loss/distances.py (cosine_similarity, pairwise_distance, pdist)
    layers' maths    nn/linear.py, nn/convolution/conv.py, nn/pool/pooling.py,
    nn/norm/normalization.py,
                     nn/sequence/embedding.py, nn/sequence/embedding_bag.py, nn/norm/norms_more.py
                     (rms_norm,
                     instance_norm),
                     nn/resize/upsampling.py (interpolate, pixel_shuffle)
    attention        nn/sequence/attention.py (scaled_dot_product_attention,
                     multi_head_attention_forward)
    pad, one_hot     autograd's functions, by nn's names
"""

from __future__ import annotations

import autograd

# The activations are in nn/activation/activations.py: nn.functional has them, as torch's has.
from .activation.activations import (  # noqa: F401 (re-exported)
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
from .activation.activations_inplace import (  # noqa: F401 (nn/activation/activations_inplace.py)
    celu_,
    elu_,
    hardtanh_,
    leaky_relu_,
    relu_,
    rrelu_,
    selu_,
    threshold_,
)
from .activation.activations_more import (  # noqa: F401 (nn/activation/activations_more.py)
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
from .loss.ctc import ctc_loss  # noqa: E402, F401 (nn/loss/ctc.py)
from .loss.distances import cosine_similarity, pairwise_distance, pdist  # noqa: E402, F401
from .loss.loss_functions import (  # noqa: E402, F401 (re-exported)
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_error,
    hinge_loss,
    nll_loss,
)
from .loss.margin_losses import (  # noqa: E402, F401 (nn/loss/margin_losses.py)
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
from .loss.regression_losses import (  # noqa: E402, F401
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
from .convolution.conv import (  # noqa: E402, F401
    conv1d,
    conv2d,
    conv_transpose1d,
    conv_transpose2d,
)
from .convolution.conv3d import conv3d, conv_transpose3d  # noqa: E402, F401
from .convolution.conv_tbc import conv_tbc  # noqa: E402, F401
from .convolution.fold import fold, unfold  # noqa: E402, F401
from .dropouts.dropout import dropout  # noqa: E402, F401
from .dropouts.dropout_alpha import alpha_dropout, feature_alpha_dropout  # noqa: E402, F401
from .dropouts.dropout_channels import dropout1d, dropout3d  # noqa: E402, F401
from .linear import bilinear, linear  # noqa: E402, F401
from .norm.local_response_norm import local_response_norm  # noqa: E402, F401
from .norm.normalization import batch_norm, group_norm, layer_norm  # noqa: E402, F401
from .norm.norms_more import instance_norm, rms_norm  # noqa: E402, F401
from .pool.pooling import (  # noqa: E402, F401
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)
from .pool.pooling3d import (  # noqa: E402, F401
    adaptive_avg_pool3d,
    avg_pool3d,
    max_pool3d,
)
from .pool.pooling_more import (  # noqa: E402, F401
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)
from .pool.pooling_with_indices import (  # noqa: E402, F401
    adaptive_max_pool1d_with_indices,
    adaptive_max_pool2d_with_indices,
    adaptive_max_pool3d_with_indices,
    max_pool1d_with_indices,
    max_pool2d_with_indices,
    max_pool3d_with_indices,
)
from .resize.upsampling import interpolate, pixel_shuffle, pixel_unshuffle  # noqa: E402, F401
from .resize.upsampling_deprecated import (  # noqa: E402, F401
    upsample,
    upsample_bilinear,
    upsample_nearest,
)
from .sequence.attention import (  # noqa: E402, F401
    multi_head_attention_forward,
    scaled_dot_product_attention,
)
from .sequence.embedding import embedding  # noqa: E402, F401
from .sequence.embedding_bag import embedding_bag  # noqa: E402, F401
from .utility_layers import dropout2d  # noqa: E402, F401
