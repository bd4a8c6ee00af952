"""nn.utils: helpers around training, with PyTorch's names (gradient clipping, parameters
as one vector; nn.utils.rnn: padded and packed sequences for the recurrent layers;
nn.utils.parametrize and nn.utils.parametrizations: a weight seen through a function, such
as weight_norm and spectral_norm; the older hook-based weight_norm and spectral_norm)."""

from . import parametrizations, parametrize, rnn
from .clip_grad import clip_grad_norm_, clip_grad_value_, clip_grads_with_norm_, get_total_norm
from .convert_parameters import parameters_to_vector, vector_to_parameters
from .norm_hooks import remove_spectral_norm, remove_weight_norm, spectral_norm, weight_norm

__all__ = ["clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm",
           "parameters_to_vector", "parametrizations", "parametrize", "remove_spectral_norm",
           "remove_weight_norm", "rnn", "spectral_norm", "vector_to_parameters",
           "weight_norm"]
