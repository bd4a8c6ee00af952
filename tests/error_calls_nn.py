"""The nn half of the error sweep's table (tests/error_sweep.py, tests/test_errors_nn.py): a
valid call of each public function of nn.functional, nn.init, nn.utils and nn.grad, of each
layer's constructor and forward, and of each optimizer's and scheduler's constructor; and the
kind of each argument whose name does not tell it (error_cases.KIND_OF and NN_KIND_OF do).

What an argument refuses follows PyTorch's checks (PyTorch 2.13 on the CPU): lr, momentum,
weight_decay and eps below 0 (SGD, Adam, ...), betas outside [0, 1), dropout's p outside
[0, 1], groups below 1, a kernel, stride or dilation below 1, padding below 0; and never what
it takes (BatchNorm's momentum=None, a negative slope or eps, LeakyReLU(-1), Linear(0, 2)).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from error_cases import REFUSED, images, matrix, plain, signals, vector

import nn
from autograd import Tensor
from nn.parameter import Parameter

# The kinds of nn's arguments by name, over error_cases.KIND_OF (bias is a flag for a
# layer, eps a number >= 0 for an optimizer: each table says which it uses).
NN_KIND_OF: dict[str, str] = {
    **dict.fromkeys(["in_features", "out_features", "in1_features", "in2_features",
                     "in_channels", "out_channels",
                     "num_features", "num_channels", "num_embeddings", "embedding_dim",
                     "nin", "nout"], "count"),
    # ReduceLROnPlateau's epochs, compared and counted down: a float too, as PyTorch's
    **dict.fromkeys(["patience", "cooldown"], "non-negative"),
    **dict.fromkeys(["bias", "affine", "track_running_stats", "elementwise_affine",
                     "nesterov", "amsgrad", "centered", "maximize", "fma", "nonlin",
                     "error_if_nonfinite", "cycle_momentum", "three_phase", "legend",
                     "log_input"],
                    "flag"),
    # the losses' deprecated size_average and reduce (True, False or None: not reduce's
    # choice of a reduction, as autograd's scatter_reduce), the optimizers' flags of
    # PyTorch's implementations (True refused where gradproof cannot honour it)
    **dict.fromkeys(["size_average", "reduce", "foreach", "fused", "capturable",
                     "differentiable", "decoupled_weight_decay"], "flag"),
    **dict.fromkeys(["padding_mode", "nonlinearity", "anneal_strategy", "threshold_mode"],
                    "choice"),
    **dict.fromkeys(["lr", "weight_decay", "lr_decay", "initial_accumulator_value"],
                    "non-negative"),
    **dict.fromkeys(["gain", "a", "b", "val", "gamma", "eta_min", "clip_value",
                     "total_norm", "div_factor", "final_div_factor", "dampening", "factor",
                     "min_lr", "max_lr", "base_momentum", "max_momentum"], "scalar"),
    **dict.fromkeys(["step_size", "T_max", "total_steps", "epochs", "steps_per_epoch"],
                    "positive"),
    # the schedulers of PyTorch's second batch (ConstantLR ... ChainedScheduler)
    **dict.fromkeys(["T_0", "T_mult"], "positive"), "total_iters": "count",
    **dict.fromkeys(["power", "base_lr"], "scalar"), "end_factor": "probability",
    "start_factor": "positive fraction", "step_size_up": "positive scalar",
    "step_size_down": "non-negative", "scale_fn": "callable", "scale_mode": "choice",
    "schedulers": "schedulers",
    **dict.fromkeys(["params", "parameters", "optimizer", "tensors"], "params"),
    "tensor": "init tensor", "dtype": "dtype?",
    "betas": "pair", "rho": "probability", "sparsity": "probability", "last_epoch": "int",
    "milestones": "ints", "lr_lambda": "callable", "pct_start": "probability",
    "unflattened_size": "shape", "input_size": "shape", "weight_size": "shape",
    "modules": "modules",
}
REFUSED["pair"] = set(REFUSED["choice"])          # betas: two numbers in [0, 1)
REFUSED["params"] = set(REFUSED["choice"])        # an iterable of Parameters (or dicts)
REFUSED["params or node"] = REFUSED["params"] - {"Tensor", "Value"}  # clip_grad_norm_'s: one
REFUSED["modules"] = set(REFUSED["choice"])       # Modules
# ModuleList({}) takes a dict's keys (none), ModuleDict({}) its items (none)
REFUSED["module list"] = REFUSED["modules"] - {"dict"}
# nn.init fills a Tensor, a Value or a numpy array of numbers, in place
REFUSED["init tensor"] = REFUSED["choice"] - {"Tensor", "Value", "int array"}
# get_total_norm: Tensors or arrays (a list of differently shaped ones too), or one of them
REFUSED["arrays"] = REFUSED["choice"] - {"Tensor", "Value", "int array", "ragged list"}
# ReduceLROnPlateau's factor: below 1 (PyTorch checks nothing else)
REFUSED["below one"] = REFUSED["scalar"] | {"float", "99"}
# LinearLR's start_factor: in (0, 1]; SequentialLR's and ChainedScheduler's schedulers
REFUSED["positive fraction"] = REFUSED["probability"] | {"0"}
REFUSED["schedulers"] = set(REFUSED["choice"])
# An LSTM's hx: a pair (h_0, c_0), each anything Tensor() takes (a ragged list is a pair)
REFUSED["state pair"] = REFUSED["data"] - {"ragged list"}
# Attention's masks: bool or float numbers (an int mask is refused, as PyTorch's); a layer
# to copy (TransformerEncoder's encoder_layer), a norm, a custom encoder: a Module
REFUSED["attention mask"] = REFUSED["data"] | {"int array", "Value"}
REFUSED["module"] = set(REFUSED["choice"])
# interpolate's scale_factor of an image: one number, or one per spatial axis (two ints too)
REFUSED["factors"] = REFUSED["scalar"] - {"int array"}
REFUSED["norm"] = REFUSED["scalar"] - {"Tensor"}  # clip_grads_with_norm_'s total_norm: or a Tensor
# nn.parallel's devices (checked, then not used on the one device): device_ids device indices
# (an int array too) or devices; output_device one index (-1: the CPU) or a device
REFUSED["device ids"] = REFUSED["choice"] - {"int array"}
REFUSED["output device"] = REFUSED["choice"] - {"-1", "0", "99"}
REFUSED["kwargs"] = REFUSED["choice"] - {"dict"}  # data_parallel's module_kwargs: a dict

def volumes() -> Tensor:
    """(N, C, D, H, W) = (1, 2, 4, 4, 4): a 3-D layer's input."""
    return Tensor(np.arange(128.0).reshape(1, 2, 4, 4, 4), requires_grad=True)


def pooled(spatial: int) -> tuple[Tensor, Tensor]:
    """max_pool's output and indices (kernel 2) on signals, images or volumes: an unpool's
    input."""
    source = {1: signals, 2: images, 3: volumes}[spatial]()
    function = {1: nn.functional.max_pool1d, 2: nn.functional.max_pool2d,
                3: nn.functional.max_pool3d}[spatial]
    return function(source, 2, return_indices=True)


def log_probs() -> Tensor:
    """(T, N, C) = (4, 2, 3) log-probabilities: ctc_loss's input."""
    return Tensor(np.linspace(-1.0, 1.0, 24).reshape(4, 2, 3), requires_grad=True).log_softmax(2)


# ctc_loss's arguments: labels (padded or concatenated), lengths (ints, or an int Tensor)
CTC_KINDS = {"targets": "index", "input_lengths": "sizes", "target_lengths": "sizes",
             "blank": "count", "zero_infinity": "flag"}


def sequence() -> Tensor:
    """(L, N, E) = (3, 2, 4): a sequence for attention and the Transformer layers."""
    return Tensor(np.linspace(-1.0, 1.0, 24).reshape(3, 2, 4), requires_grad=True)


# The arguments of attention and of the Transformer layers, by name
ATTENTION_KINDS: dict[str, str] = {
    **dict.fromkeys(["embed_dim", "num_heads", "d_model", "nhead", "dim_feedforward"],
                    "positive"),
    **dict.fromkeys(["num_layers", "num_encoder_layers", "num_decoder_layers"], "count"),
    **dict.fromkeys(["add_bias_kv", "add_zero_attn", "batch_first", "norm_first",
                     "need_weights", "average_attn_weights", "is_causal", "src_is_causal",
                     "tgt_is_causal", "memory_is_causal", "enable_nested_tensor",
                     "mask_check"], "flag"),
    **dict.fromkeys(["attn_mask", "key_padding_mask", "src_mask", "src_key_padding_mask",
                     "tgt_mask", "tgt_key_padding_mask", "memory_mask",
                     "memory_key_padding_mask"], "attention mask"),
    **dict.fromkeys(["encoder_layer", "decoder_layer", "norm", "custom_encoder",
                     "custom_decoder"], "module"),
    "dropout": "probability", "activation": "choice", "layer_norm_eps": "scalar",
    "memory": "operand",
}


# nn.functional: (valid arguments, kinds the names do not tell)
F_CALLS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "mse_loss": ({"input": matrix(), "target": np.zeros((2, 3))}, {}),
    "l1_loss": ({"input": matrix(), "target": np.zeros((2, 3))}, {}),
    "hinge_loss": ({"input": matrix(), "target": np.ones((2, 3))}, {}),
    "rmse_loss": ({"input": matrix(), "target": np.zeros((2, 3))}, {}),
    "sum_squared_error": ({"input": matrix(), "target": np.zeros((2, 3))}, {}),
    "smooth_l1_loss": ({"input": matrix(), "target": np.zeros((2, 3))},
                       {"beta": "non-negative"}),
    "huber_loss": ({"input": matrix(), "target": np.zeros((2, 3))},
                   {"delta": "positive scalar"}),
    "kl_div": ({"input": matrix().log_softmax(1), "target": np.full((2, 3), 1 / 3)},
               {"log_target": "flag"}),
    "cross_entropy": ({"input": matrix(), "target": [0, 2]},
                      {"target": "index", "label_smoothing": "probability"}),
    "nll_loss": ({"input": matrix().log_softmax(1), "target": [0, 2]}, {"target": "index"}),
    "cross_entropy_error": ({"input": matrix().softmax(1), "target": [0, 2]},
                            {"target": "index"}),
    "binary_cross_entropy": ({"input": matrix().sigmoid(), "target": np.ones((2, 3))}, {}),
    "binary_cross_entropy_with_logits": ({"input": matrix(), "target": np.ones((2, 3))}, {}),
    "ctc_loss": ({"log_probs": log_probs(), "targets": [[1, 2], [2, 2]],
                  "input_lengths": [4, 3], "target_lengths": [2, 2]}, CTC_KINDS),
    # nn/loss/margin_losses.py, nn/loss/distances.py
    "poisson_nll_loss": ({"input": matrix(), "target": np.ones((2, 3))}, {"full": "flag"}),
    "gaussian_nll_loss": ({"input": matrix(), "target": np.zeros((2, 3)),
                           "var": np.ones((2, 3))}, {"full": "flag", "var": "operand"}),
    "margin_ranking_loss": ({"input1": matrix(), "input2": matrix(), "target": np.ones((2, 3))},
                            {"input2": "operand", "margin": "scalar"}),
    "hinge_embedding_loss": ({"input": matrix(), "target": np.ones((2, 3))},
                             {"margin": "scalar"}),
    "soft_margin_loss": ({"input": matrix(), "target": np.ones((2, 3))}, {}),
    "multilabel_soft_margin_loss": ({"input": matrix(), "target": np.ones((2, 3))}, {}),
    "multilabel_margin_loss": ({"input": matrix(), "target": [[0, 1, -1], [2, -1, 0]]},
                               {"target": "index"}),
    "multi_margin_loss": ({"input": matrix(), "target": [0, 2]},
                          {"target": "index", "margin": "scalar"}),
    "cosine_embedding_loss": ({"input1": matrix(), "input2": matrix(), "target": np.ones(2)},
                              {"input2": "operand", "margin": "scalar"}),
    **{name: ({"anchor": matrix(), "positive": matrix(), "negative": matrix() * 2},
              {"positive": "operand", "negative": "operand", "margin": "positive scalar",
               "swap": "flag", "distance_function": "callable?"})
       for name in ("triplet_margin_loss", "triplet_margin_with_distance_loss")},
    "cosine_similarity": ({"x1": matrix(), "x2": matrix()}, {"x2": "operand",
                                                             "eps": "non-negative"}),
    "pairwise_distance": ({"x1": matrix(), "x2": matrix()}, {"x2": "operand"}),
    "pdist": ({"input": matrix()}, {"p": "non-negative"}),
    "conv1d": ({"input": signals(), "weight": Tensor(np.ones((3, 2, 3)))}, {}),
    "conv2d": ({"input": images(), "weight": Tensor(np.ones((3, 2, 3, 3)))}, {}),
    "linear": ({"input": matrix(), "weight": Tensor(np.ones((2, 3)))}, {}),
    "bilinear": ({"input1": matrix(), "input2": matrix(), "weight": Tensor(np.ones((2, 3, 3)))},
                 {"input2": "operand"}),
    "conv_transpose1d": ({"input": signals(), "weight": Tensor(np.ones((2, 3, 3)))}, {}),
    "conv_transpose2d": ({"input": images(), "weight": Tensor(np.ones((2, 3, 3, 3)))}, {}),
    "max_pool1d": ({"input": signals(), "kernel_size": 2}, {}),
    "max_pool2d": ({"input": images(), "kernel_size": 2}, {}),
    "avg_pool1d": ({"input": signals(), "kernel_size": 2}, {}),
    # divisor_override: PyTorch refuses 0 only (a negative one divides, as asked)
    "avg_pool2d": ({"input": images(), "kernel_size": 2}, {}),
    # output_size None keeps that size (PyTorch's)
    "adaptive_avg_pool1d": ({"input": signals(), "output_size": 2}, {"output_size": "sizes?"}),
    "adaptive_avg_pool2d": ({"input": images(), "output_size": 2}, {"output_size": "sizes?"}),
    # dim=None: PyTorch's implicit choice, with its deprecation warning
    "softmax": ({"input": matrix()}, {"dim": "axis?"}),
    "log_softmax": ({"input": matrix()}, {"dim": "axis?"}),
    "batch_norm": ({"input": matrix(), "running_mean": np.zeros(3), "running_var": np.ones(3)},
                   {}),
    "group_norm": ({"input": images(), "num_groups": 2}, {}),
    "layer_norm": ({"input": matrix(), "normalized_shape": (3,)}, {}),
    "embedding": ({"input": [0, 1], "weight": Tensor(np.ones((3, 2)))}, {"input": "index"}),
    # bags of 2 (a 2-D input, so offsets must be None); mode='sum' takes per_sample_weights
    "embedding_bag": ({"input": [[0, 2], [1, 1]], "weight": Tensor(np.ones((3, 2))),
                       "mode": "sum"},
                      {"input": "index", "offsets": "index?", "per_sample_weights": "operand?",
                       "include_last_offset": "flag"}),
    "one_hot": ({"tensor": [0, 2, 1]}, {"tensor": "index", "num_classes": "int"}),
    "pad": ({"input": matrix(), "pad": (1, 1)}, {}),
    "normalize": ({"input": matrix()}, {}),
    "softmin": ({"input": matrix()}, {}),
    "dropout": ({"input": matrix()}, {"p": "probability"}),
    "unfold": ({"input": images(), "kernel_size": 2}, {}),
    # 2 channels of 2 x 2 windows, 3 x 3 of them in a 4 x 4 image
    "fold": ({"input": Tensor(np.ones((1, 8, 9))), "output_size": 4, "kernel_size": 2},
             {"output_size": "window"}),
    "dropout2d": ({"input": images()}, {"p": "probability"}),
    # attention: query, key and value (L, E) = (2, 3), one head
    "scaled_dot_product_attention": (
        {"query": matrix(), "key": matrix(), "value": matrix()},
        {**ATTENTION_KINDS, "key": "operand", "value": "operand", "dropout_p": "probability",
         "scale": "scalar", "enable_gqa": "flag"}),
    "multi_head_attention_forward": (
        {"query": matrix(), "key": matrix(), "value": matrix(), "embed_dim_to_check": 3,
         "num_heads": 1, "in_proj_weight": Tensor(np.ones((9, 3))), "in_proj_bias": np.zeros(9),
         "bias_k": None, "bias_v": None, "add_zero_attn": False, "dropout_p": 0.0,
         "out_proj_weight": Tensor(np.ones((3, 3))), "out_proj_bias": np.zeros(3)},
        {**ATTENTION_KINDS, "key": "operand", "value": "operand",
         "embed_dim_to_check": "positive",
         "num_heads": "positive", "in_proj_bias": "operand?", "bias_k": "operand?",
         "bias_v": "operand?", "add_zero_attn": "flag", "dropout_p": "probability",
         "out_proj_bias": "operand?", "in_proj_weight": "operand", "out_proj_weight": "operand",
         "use_separate_proj_weight": "flag", "q_proj_weight": "operand",
         "k_proj_weight": "operand", "v_proj_weight": "operand", "static_k": "operand",
         "static_v": "operand"}),
    # more convolutional networks: 3-D, more pooling, channel dropout
    "conv3d": ({"input": volumes(), "weight": Tensor(np.ones((3, 2, 3, 3, 3)))}, {}),
    "conv_transpose3d": ({"input": volumes(), "weight": Tensor(np.ones((2, 3, 2, 2, 2)))}, {}),
    "adaptive_avg_pool3d": ({"input": volumes(), "output_size": 2}, {"output_size": "sizes?"}),
    "adaptive_max_pool3d": ({"input": volumes(), "output_size": 2}, {"output_size": "sizes?"}),
    "max_pool3d": ({"input": volumes(), "kernel_size": 2}, {}),
    "avg_pool3d": ({"input": volumes(), "kernel_size": 2}, {}),
    # output_size None keeps that size, 0 gives an empty output (PyTorch's)
    "adaptive_max_pool1d": ({"input": signals(), "output_size": 2}, {"output_size": "sizes?"}),
    "adaptive_max_pool2d": ({"input": images(), "output_size": 2}, {"output_size": "sizes?"}),
    "lp_pool1d": ({"input": signals(), "norm_type": 2, "kernel_size": 2}, {}),
    "lp_pool2d": ({"input": images(), "norm_type": 2, "kernel_size": 2}, {}),
    "lp_pool3d": ({"input": volumes(), "norm_type": 2, "kernel_size": 2}, {}),
    **{f"max_unpool{n}d": ({"input": pooled(n)[0], "indices": pooled(n)[1], "kernel_size": 2},
                           {}) for n in (1, 2, 3)},
    "dropout1d": ({"input": signals()}, {"p": "probability"}),
    "dropout3d": ({"input": volumes()}, {"p": "probability"}),
    # PReLU, RMSNorm, InstanceNorm, resizing (nn/activation/activations.py, nn/norm/norms_more.py,
    # nn/resize/upsampling.py); interpolate's size and scale_factor: one of them, so each is checked
    # first, then that not both are given
    "prelu": ({"input": matrix(), "weight": Tensor([0.25])}, {}),
    "rms_norm": ({"input": matrix(), "normalized_shape": (3,)}, {}),
    "instance_norm": ({"input": signals()}, {"use_input_stats": "flag"}),
    "interpolate": ({"input": signals(), "size": 4},
                    {"size": "sizes?", "scale_factor": "scalar?", "align_corners": "flag",
                     "recompute_scale_factor": "flag", "antialias": "flag"}),
    "pixel_shuffle": ({"input": Tensor(np.ones((1, 8, 2, 3))), "upscale_factor": 2},
                      {"upscale_factor": "positive"}),
    "pixel_unshuffle": ({"input": images(), "downscale_factor": 2},
                        {"downscale_factor": "positive"}),
    # more of torch.nn.functional (nn/activation/activations_more.py,
    # nn/dropouts/dropout_alpha.py, ...)
    "threshold": ({"input": matrix(), "threshold": 0.5, "value": 0.0}, {}),
    "hardshrink": ({"input": matrix()}, {"lambd": "scalar"}),  # a negative one too (PyTorch)
    "softshrink": ({"input": matrix()}, {"lambd": "non-negative"}),
    "rrelu": ({"input": matrix()}, {"lower": "scalar", "upper": "scalar"}),
    "glu": ({"input": images()}, {}),  # (the halved dim's size must be even)
    **{name: ({"input": images(), "groups": 2}, {})
       for name in ("channel_shuffle", "native_channel_shuffle")},
    "gumbel_softmax": ({"logits": matrix()}, {"logits": "data", "tau": "scalar",
                                              "hard": "flag"}),
    "alpha_dropout": ({"input": matrix()}, {"p": "probability"}),
    "feature_alpha_dropout": ({"input": matrix()}, {"p": "probability"}),
    "local_response_norm": ({"input": signals(), "size": 2}, {"size": "positive",
                                                              "k": "scalar"}),
    "upsample": ({"input": signals(), "size": 4},
                 {"size": "sizes?", "scale_factor": "scalar?", "align_corners": "flag"}),
    **{name: ({"input": images(), "size": 4}, {"size": "sizes?", "scale_factor": "factors?"})
       for name in ("upsample_nearest", "upsample_bilinear")},
    **{f"max_pool{n}d_with_indices": ({"input": source(), "kernel_size": 2}, {})
       for n, source in ((1, signals), (2, images), (3, volumes))},
    **{f"adaptive_max_pool{n}d_with_indices": ({"input": source(), "output_size": 2},
                                               {"output_size": "sizes?"})
       for n, source in ((1, signals), (2, images), (3, volumes))},
    "conv_tbc": ({"input": Tensor(np.ones((5, 2, 3))), "weight": Tensor(np.ones((3, 3, 4))),
                  "bias": np.zeros(4)}, {"pad": "int"}),  # (a negative pad crops)
    # in place: on a leaf that needs no gradient (nn/activation/activations_inplace.py)
    **{name: ({"input": plain()}, {}) for name in ("relu_", "elu_", "celu_", "selu_",
                                                   "leaky_relu_", "hardtanh_")},
    "threshold_": ({"input": plain(), "threshold": 0.5, "value": 0.0}, {}),
    "rrelu_": ({"input": plain()}, {"lower": "scalar", "upper": "scalar"}),
}

F_SKIPPED = {
    "check_dropout_p": "a helper of nn's modules (p, where), not torch.nn.functional's",
    "class_indices": "a helper of nn's losses, not torch.nn.functional's",
    "softplus_rule": "the rule row (a Primitive) behind F.softplus, not a function",
}


def params() -> list[Parameter]:
    return [Parameter(np.ones(3))]


def weight_normed() -> Any:
    """A Linear with the hook-based weight_norm (without its FutureWarning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return nn.utils.weight_norm(nn.Linear(3, 2, seed=0))


class Echo(nn.Module):
    """A module that takes any arguments (data_parallel's inputs are its module's)."""

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return args


class Made:
    """A table value made when the sweep calls (a module with hooks alive from import on
    would make every compiled step in the test session run eagerly)."""

    def __init__(self, make: Any) -> None:
        self.make = make


def optimizer() -> Any:
    return nn.optim.SGD(params(), lr=0.1, momentum=0.9)


def schedulers(opt: Any) -> list[Any]:
    """Two schedulers of one optimizer, to chain."""
    return [nn.optim.lr_scheduler.StepLR(opt, 2), nn.optim.lr_scheduler.ExponentialLR(opt, 0.9)]


# nn.optim's optimizers and schedulers: (valid arguments, kinds the names do not tell)
OPTIM_CALLS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "SGD": ({"params": params(), "lr": 0.1}, {"momentum": "non-negative"}),
    "Adam": ({"params": params()}, {"eps": "non-negative"}),
    "AdamW": ({"params": params()}, {"eps": "non-negative"}),
    "Adagrad": ({"params": params()}, {"eps": "non-negative"}),
    "Adadelta": ({"params": params()}, {"eps": "non-negative"}),
    "RMSprop": ({"params": params()}, {"eps": "non-negative", "alpha": "non-negative",
                                       "momentum": "non-negative"}),
    "Adamax": ({"params": params()}, {"eps": "non-negative"}),
    "NAdam": ({"params": params()}, {"eps": "non-negative", "momentum_decay": "non-negative",
                                     "decoupled_weight_decay": "flag"}),
    "RAdam": ({"params": params()}, {"eps": "non-negative", "decoupled_weight_decay": "flag"}),
    "Rprop": ({"params": params()}, {"etas": "pair", "step_sizes": "pair"}),
    "ASGD": ({"params": params()}, {"lambd": "scalar", "t0": "scalar"}),  # any sign, as PyTorch
    "LBFGS": ({"params": params()}, {"max_iter": "int", "max_eval": "int",
                                     "history_size": "positive", "tolerance_grad": "scalar",
                                     "tolerance_change": "scalar", "line_search_fn": "choice"}),
    # (a float step_size and T_max too, as PyTorch's: StepLR(opt, 1.0), T_max=2.5)
    "StepLR": ({"optimizer": optimizer(), "step_size": 2}, {"step_size": "positive scalar"}),
    "MultiStepLR": ({"optimizer": optimizer(), "milestones": [2, 4]}, {}),
    "ExponentialLR": ({"optimizer": optimizer(), "gamma": 0.9}, {}),
    "CosineAnnealingLR": ({"optimizer": optimizer(), "T_max": 10}, {"T_max": "positive scalar"}),
    "LambdaLR": ({"optimizer": optimizer(), "lr_lambda": lambda epoch: 0.9 ** epoch}, {}),
    "OneCycleLR": ({"optimizer": optimizer(), "max_lr": 0.1, "total_steps": 10},
                   {"total_steps": "positive?"}),
    "ReduceLROnPlateau": ({"optimizer": optimizer()}, {"eps": "scalar", "threshold": "scalar",
                                                       "factor": "below one"}),
    "ConstantLR": ({"optimizer": optimizer()}, {"factor": "probability"}),
    "LinearLR": ({"optimizer": optimizer()}, {}),
    "MultiplicativeLR": ({"optimizer": optimizer(), "lr_lambda": lambda epoch: 0.95}, {}),
    "PolynomialLR": ({"optimizer": optimizer()}, {}),
    "CosineAnnealingWarmRestarts": ({"optimizer": optimizer(), "T_0": 10}, {}),
    "CyclicLR": ({"optimizer": optimizer(), "base_lr": 0.01, "max_lr": 0.1}, {}),
    "ChainedScheduler": ({"schedulers": schedulers(optimizer())}, {}),
    # (its schedulers must belong to its optimizer: the sweep keeps this one, not a fresh one)
    "SequentialLR": ({"optimizer": (opt := optimizer()), "schedulers": schedulers(opt),
                      "milestones": [3]}, {}),
}

# nn.init, nn.utils and nn.grad: (valid arguments, kinds the names do not tell)
FUNCTION_CALLS_NN: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "init.calculate_gain": ({"nonlinearity": "relu"}, {"param": "scalar?"}),
    "init.constant_": ({"tensor": Tensor(np.ones((2, 3))), "val": 0.5}, {}),
    "init.dirac_": ({"tensor": Tensor(np.ones((2, 2, 3)))}, {"groups": "positive"}),
    "init.eye_": ({"tensor": Tensor(np.ones((2, 3)))}, {}),
    # a=None is leaky_relu's default slope, as PyTorch's calculate_gain
    "init.kaiming_normal_": ({"tensor": Tensor(np.ones((2, 3)))}, {"a": "scalar?"}),
    "init.kaiming_uniform_": ({"tensor": Tensor(np.ones((2, 3)))}, {"a": "scalar?"}),
    "init.normal_": ({"tensor": Tensor(np.ones((2, 3)))}, {"std": "non-negative"}),
    "init.ones_": ({"tensor": Tensor(np.ones((2, 3)))}, {}),
    "init.orthogonal_": ({"tensor": Tensor(np.ones((2, 3)))}, {}),
    "init.sparse_": ({"tensor": Tensor(np.ones((2, 3))), "sparsity": 0.5}, {}),
    "init.trunc_normal_": ({"tensor": Tensor(np.ones((2, 3)))}, {"std": "non-negative"}),
    "init.uniform_": ({"tensor": Tensor(np.ones((2, 3)))}, {}),
    "init.xavier_normal_": ({"tensor": Tensor(np.ones((2, 3)))}, {}),
    "init.xavier_uniform_": ({"tensor": Tensor(np.ones((2, 3)))}, {}),
    "init.zeros_": ({"tensor": Tensor(np.ones((2, 3)))}, {}),
    "utils.clip_grad_norm_": ({"parameters": params(), "max_norm": 1.0},
                              {"parameters": "params or node"}),
    "utils.clip_grad_value_": ({"parameters": params(), "clip_value": 1.0},
                               {"parameters": "params or node"}),
    "utils.clip_grads_with_norm_": ({"parameters": params(), "max_norm": 1.0,
                                     "total_norm": 2.0}, {"parameters": "params or node",
                                                           "total_norm": "norm"}),
    "utils.get_total_norm": ({"tensors": [Tensor(np.ones(3))]}, {"tensors": "arrays"}),
    "utils.parameters_to_vector": ({"parameters": params()},
                                   {"parameters": "params or node"}),
    "utils.vector_to_parameters": ({"vec": Tensor(np.ones(3)), "parameters": params()},
                                   {"vec": "tensor", "parameters": "params or node"}),
    # (the sweep calls these on a deep copy of the table's module: they change it)
    "utils.weight_norm": ({"module": nn.Linear(3, 2, seed=0)},
                          {"module": "module", "name": "choice", "dim": "axis?"}),
    "utils.remove_weight_norm": ({"module": Made(weight_normed)},
                                 {"module": "module", "name": "choice"}),
    "utils.spectral_norm": ({"module": nn.Linear(3, 2, seed=0)},
                            {"module": "module", "name": "choice",
                             "n_power_iterations": "positive", "dim": "axis?"}),
    "utils.remove_spectral_norm": ({"module": Made(lambda: nn.utils.spectral_norm(
        nn.Linear(3, 2, seed=0)))},
                                   {"module": "module", "name": "choice"}),
    "parallel.data_parallel": ({"module": Echo(), "inputs": matrix()},
                               {"module": "module", "inputs": "anything", "dim": "int",
                                "device_ids": "device ids", "output_device": "output device",
                                "module_kwargs": "kwargs"}),
    "grad.conv1d_input": ({"input_size": (1, 2, 8), "weight": Tensor(np.ones((3, 2, 3))),
                           "grad_output": Tensor(np.ones((1, 3, 6)))}, {}),
    "grad.conv1d_weight": ({"input": signals(), "weight_size": (3, 2, 3),
                            "grad_output": Tensor(np.ones((1, 3, 6)))}, {}),
    "grad.conv2d_input": ({"input_size": (1, 2, 4, 4), "weight": Tensor(np.ones((3, 2, 3, 3))),
                           "grad_output": Tensor(np.ones((1, 3, 2, 2)))}, {}),
    "grad.conv2d_weight": ({"input": images(), "weight_size": (3, 2, 3, 3),
                            "grad_output": Tensor(np.ones((1, 3, 2, 2)))}, {}),
}

# Layers: (constructor's valid arguments, their kinds the names do not tell, the input of
# forward); a layer not listed is built with no arguments and called on matrix().
LAYER_CALLS: dict[str, tuple[dict[str, Any], dict[str, str], Any]] = {
    "Linear": ({"in_features": 3, "out_features": 2}, {}, matrix),
    "Bilinear": ({"in1_features": 3, "in2_features": 3, "out_features": 2}, {},
                 lambda: (matrix(), matrix())),
    "Conv1d": ({"in_channels": 2, "out_channels": 3, "kernel_size": 3}, {}, signals),
    "Conv2d": ({"in_channels": 2, "out_channels": 3, "kernel_size": 3}, {}, images),
    "ConvTranspose1d": ({"in_channels": 2, "out_channels": 3, "kernel_size": 3}, {}, signals),
    "ConvTranspose2d": ({"in_channels": 2, "out_channels": 3, "kernel_size": 3}, {}, images),
    "MaxPool1d": ({"kernel_size": 2}, {"stride": "window?"}, signals),
    "MaxPool2d": ({"kernel_size": 2}, {"stride": "window?"}, images),
    "AvgPool1d": ({"kernel_size": 2}, {"stride": "window?"}, signals),
    "AvgPool2d": ({"kernel_size": 2}, {"stride": "window?"}, images),
    "AdaptiveAvgPool1d": ({"output_size": 2}, {"output_size": "sizes?"}, signals),
    "AdaptiveAvgPool2d": ({"output_size": 2}, {"output_size": "sizes?"}, images),
    "BatchNorm1d": ({"num_features": 3}, {"momentum": "scalar?", "eps": "scalar"}, matrix),
    "BatchNorm2d": ({"num_features": 2}, {"momentum": "scalar?", "eps": "scalar"}, images),
    "GroupNorm": ({"num_groups": 1, "num_channels": 2}, {"num_groups": "positive"}, images),
    "LayerNorm": ({"normalized_shape": (3,)}, {"normalized_shape": "sizes"}, matrix),
    "Embedding": ({"num_embeddings": 3, "embedding_dim": 2}, {},
                  lambda: [0, 2]),
    "EmbeddingBag": ({"num_embeddings": 3, "embedding_dim": 2},
                     {"include_last_offset": "flag", "input": "index", "offsets": "index?",
                      "per_sample_weights": "operand?"}, lambda: [[0, 2], [1, 1]]),
    "Dropout": ({}, {"p": "probability"}, matrix),
    "Dropout2d": ({}, {"p": "probability"}, images),
    # more convolutional networks: 3-D, padding, more pooling, channel dropout
    "Conv3d": ({"in_channels": 2, "out_channels": 3, "kernel_size": 3}, {}, volumes),
    "ConvTranspose3d": ({"in_channels": 2, "out_channels": 3, "kernel_size": 3}, {}, volumes),
    "AdaptiveAvgPool3d": ({"output_size": 2}, {"output_size": "sizes?"}, volumes),
    "AdaptiveMaxPool3d": ({"output_size": 2}, {"output_size": "sizes?"}, volumes),
    "MaxPool3d": ({"kernel_size": 2}, {"stride": "window?"}, volumes),
    "AvgPool3d": ({"kernel_size": 2}, {"stride": "window?"}, volumes),
    "BatchNorm3d": ({"num_features": 2}, {"momentum": "scalar?", "eps": "scalar"}, volumes),
    "Dropout1d": ({}, {"p": "probability"}, signals),
    "Dropout3d": ({}, {"p": "probability"}, volumes),
    # PReLU, RMSNorm, InstanceNorm, resizing (PReLU(0), RMSNorm(0) refused: no parameters)
    "PReLU": ({}, {"num_parameters": "count", "init": "scalar"}, matrix),
    "RMSNorm": ({"normalized_shape": (3,)}, {"normalized_shape": "sizes"}, matrix),
    "InstanceNorm1d": ({"num_features": 2}, {"momentum": "scalar?", "eps": "scalar"}, signals),
    "InstanceNorm2d": ({"num_features": 2}, {"momentum": "scalar?", "eps": "scalar"}, images),
    "InstanceNorm3d": ({"num_features": 2}, {"momentum": "scalar?", "eps": "scalar"}, volumes),
    "Upsample": ({"scale_factor": 2}, {"size": "sizes?", "scale_factor": "scalar?",
                                       "align_corners": "flag", "recompute_scale_factor": "flag"},
                 signals),
    **{name: ({"scale_factor": 2}, {"size": "sizes?", "scale_factor": "scalar?"}, images)
       for name in ("UpsamplingNearest2d", "UpsamplingBilinear2d")},
    "PixelShuffle": ({"upscale_factor": 2}, {"upscale_factor": "positive"},
                     lambda: Tensor(np.ones((1, 8, 2, 3)))),
    "PixelUnshuffle": ({"downscale_factor": 2}, {"downscale_factor": "positive"}, images),
    "AdaptiveMaxPool1d": ({"output_size": 2}, {"output_size": "sizes?"}, signals),
    "AdaptiveMaxPool2d": ({"output_size": 2}, {"output_size": "sizes?"}, images),
    **{f"LPPool{n}d": ({"norm_type": 2, "kernel_size": 2}, {"stride": "window?"}, source)
       for n, source in ((1, signals), (2, images), (3, volumes))},
    **{f"MaxUnpool{n}d": ({"kernel_size": 2}, {"stride": "window?"}, lambda n=n: pooled(n))
       for n in (1, 2, 3)},
    # padding: an int or 2n ints, negative ones crop (so -1 is a width)
    **{f"{kind}Pad{n}d": ({"padding": 1, **({"value": 0.5} if kind == "Constant" else {})},
                          {"padding": "ints"}, source)
       for kind in ("Zero", "Constant", "Reflection", "Replication", "Circular")
       for n, source in ((1, signals), (2, images), (3, volumes))},
    # a dim is checked against the input, when called (PyTorch's Softmax(dim=99) is made)
    "Flatten": ({}, {"start_dim": "int", "end_dim": "int"}, matrix),
    "Unflatten": ({"dim": 1, "unflattened_size": (3, 1)}, {"dim": "int"}, matrix),
    "Softmax": ({}, {"dim": "int?"}, matrix),
    "LogSoftmax": ({}, {"dim": "int?"}, matrix),
    "Softmin": ({}, {"dim": "int?"}, matrix),
    "CrossEntropyLoss": ({}, {"label_smoothing": "probability"},
                         lambda: (matrix(), [0, 2])),
    "NLLLoss": ({}, {}, lambda: (matrix().log_softmax(1), [0, 2])),
    "CrossEntropyError": ({}, {}, lambda: (matrix().softmax(1), [0, 2])),
    "BCELoss": ({}, {}, lambda: (matrix().sigmoid(), np.ones((2, 3)))),
    "BCEWithLogitsLoss": ({}, {}, lambda: (matrix(), np.ones((2, 3)))),
    "CTCLoss": ({}, CTC_KINDS, lambda: (log_probs(), [[1, 2], [2, 2]], [4, 3], [2, 2])),
    **{name: ({}, {}, lambda: (matrix(), np.zeros((2, 3))))
       for name in ("MSELoss", "L1Loss", "RMSELoss", "HingeLoss")},
    "SmoothL1Loss": ({}, {"beta": "non-negative"}, lambda: (matrix(), np.zeros((2, 3)))),
    "HuberLoss": ({}, {"delta": "positive scalar"}, lambda: (matrix(), np.zeros((2, 3)))),
    "KLDivLoss": ({}, {"log_target": "flag"},
                  lambda: (matrix().log_softmax(1), np.full((2, 3), 1 / 3))),
    # nn/loss/losses_more.py (PoissonNLLLoss's log_input: a flag, and its forward's input)
    "PoissonNLLLoss": ({}, {"full": "flag"}, lambda: (matrix(), np.ones((2, 3)))),
    "GaussianNLLLoss": ({}, {"full": "flag", "var": "operand"},
                        lambda: (matrix(), np.zeros((2, 3)), np.ones((2, 3)))),
    **{name: ({}, {"margin": "scalar"}, lambda: (matrix(), matrix() * 2, np.ones((2, 3))))
       for name in ("MarginRankingLoss",)},
    "HingeEmbeddingLoss": ({}, {"margin": "scalar"}, lambda: (matrix(), np.ones((2, 3)))),
    "SoftMarginLoss": ({}, {}, lambda: (matrix(), np.ones((2, 3)))),
    "MultiLabelSoftMarginLoss": ({}, {}, lambda: (matrix(), np.ones((2, 3)))),
    "MultiLabelMarginLoss": ({}, {}, lambda: (matrix(), [[0, 1, -1], [2, -1, 0]])),
    "MultiMarginLoss": ({}, {"margin": "scalar"}, lambda: (matrix(), [0, 2])),
    "CosineEmbeddingLoss": ({}, {"margin": "scalar"},
                            lambda: (matrix(), matrix() * 2, np.ones(2))),
    **{name: ({}, {"negative": "operand", "margin": "positive scalar", "swap": "flag",
                   "distance_function": "callable?"},
              lambda: (matrix(), matrix() * 2, matrix() * 3))
       for name in ("TripletMarginLoss", "TripletMarginWithDistanceLoss")},
    "CosineSimilarity": ({}, {"dim": "int"}, lambda: (matrix(), matrix() * 2)),
    "PairwiseDistance": ({}, {}, lambda: (matrix(), matrix() * 2)),
    "Neuron": ({"nin": 3}, {}, lambda: [1.0, 2.0, 3.0]),
    "Layer": ({"nin": 3, "nout": 2}, {}, lambda: [1.0, 2.0, 3.0]),
    "MLP": ({"nin": 3, "nouts": [4, 1]}, {"nouts": "sizes"}, lambda: [1.0, 2.0, 3.0]),
    "Sequential": ({"modules": (nn.ReLU(),)}, {"modules": "modules"}, matrix),
    "ModuleList": ({}, {"modules": "module list?"}, None),
    "ModuleDict": ({}, {"modules": "module list?"}, None),
    "Parameter": ({"data": [1.0]}, {}, None),
    "Identity": ({}, {"args": "anything", "input": "anything"}, matrix),  # (takes anything)
    "Unfold": ({"kernel_size": 2}, {}, images),
    "Fold": ({"output_size": 4, "kernel_size": 2}, {"output_size": "window"},
             lambda: Tensor(np.ones((1, 8, 9)))),
    # attention and the Transformer on sequences (L, N, E) = (3, 2, 4), of d_model 4, 2 heads
    "MultiheadAttention": ({"embed_dim": 4, "num_heads": 2}, {**ATTENTION_KINDS,
                           "kdim": "count", "vdim": "count", "value": "operand"},
                           lambda: (sequence(), sequence(), sequence())),
    "TransformerEncoderLayer": ({"d_model": 4, "nhead": 2, "dim_feedforward": 8},
                                ATTENTION_KINDS, sequence),
    "TransformerDecoderLayer": ({"d_model": 4, "nhead": 2, "dim_feedforward": 8},
                                ATTENTION_KINDS, lambda: (sequence(), sequence())),
    "TransformerEncoder": ({"encoder_layer": nn.TransformerEncoderLayer(4, 2, 8),
                            "num_layers": 2}, {**ATTENTION_KINDS, "mask": "attention mask"},
                           sequence),
    "TransformerDecoder": ({"decoder_layer": nn.TransformerDecoderLayer(4, 2, 8),
                            "num_layers": 2}, ATTENTION_KINDS, lambda: (sequence(), sequence())),
    "Transformer": ({"d_model": 4, "nhead": 2, "num_encoder_layers": 1, "num_decoder_layers": 1,
                     "dim_feedforward": 8}, ATTENTION_KINDS, lambda: (sequence(), sequence())),
    # recurrent layers on matrix(): a batch of 2 for a cell, a sequence of 2 for the others
    **{name: ({"input_size": 3, "hidden_size": 2},
              {"input_size": "count", "hidden_size": "count", "hx": kind}, matrix)
       for name, kind in (("RNNCell", "data"), ("LSTMCell", "state pair"), ("GRUCell", "data"))},
    **{name: ({"input_size": 3, "hidden_size": 2},
              {"input_size": "positive", "hidden_size": "positive", "num_layers": "positive",
               "batch_first": "flag", "bidirectional": "flag", "dropout": "probability",
               "proj_size": "count", "hx": kind}, matrix)
       for name, kind in (("RNN", "data"), ("LSTM", "state pair"), ("GRU", "data"))},
    # more of torch.nn (nn/activation/activation_modules_more.py, nn/dropouts/dropout_alpha.py,
    # ...); a dim is
    # checked against the input, when called; ParameterList and ParameterDict keep anything
    # (PyTorch's: a number or a string is an item too), refusing what is not a sequence
    "Threshold": ({"threshold": 0.5, "value": 0.0}, {}, matrix),
    "Hardshrink": ({}, {"lambd": "scalar"}, matrix),
    "Softshrink": ({}, {"lambd": "non-negative"}, matrix),
    "RReLU": ({}, {"lower": "scalar", "upper": "scalar"}, matrix),
    "GLU": ({}, {"dim": "int"}, images),
    "Softmax2d": ({}, {}, images),
    "ChannelShuffle": ({"groups": 2}, {}, images),
    "AlphaDropout": ({}, {"p": "probability"}, matrix),
    "FeatureAlphaDropout": ({}, {"p": "probability"}, matrix),
    "LocalResponseNorm": ({"size": 2}, {"size": "positive", "k": "scalar"}, signals),
    "ParameterList": ({}, {"values": "anything"}, None),
    "ParameterDict": ({}, {"parameters": "anything"}, None),
    "LazyLinear": ({"out_features": 2}, {}, matrix),
    # (its forward is its module's: the module's arguments)
    "DataParallel": ({"module": nn.Linear(3, 2, seed=0)},
                     {"module": "module", "device_ids": "device ids", "dim": "int",
                      "output_device": "output device"}, None),
}
LAYERS_SKIPPED = {
    "Module": "the base class: its constructor takes nothing, its forward is the subclass's",
}

# Names a message may give for an op besides its own.
NN_ALIASES: dict[str, tuple[str, ...]] = {
    "relu6": ("hardtanh",), "ReLU6": ("hardtanh",), "RMSELoss": ("rmse_loss",),
    "BCELoss": ("binary_cross_entropy",), "Flatten": ("flatten",),
    "Linear": ("(Linear)",),  # its shape error names the layer by its scope: "0 (Linear): ..."
    "Bilinear": ("bilinear",),
    # a stack's or a Transformer's errors name the layer (or its attention) that found them
    **{name: ("MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer",
              "TransformerEncoder", "TransformerDecoder", "Linear", "(Linear)", "LayerNorm")
       for name in ("Transformer", "TransformerEncoder", "TransformerDecoder",
                    "TransformerEncoderLayer", "TransformerDecoderLayer")},
    "BCEWithLogitsLoss": ("binary_cross_entropy_with_logits",),
    # micrograd's scalar layers: a neuron is one dot(weights, inputs, bias)
    "Neuron": ("dot",), "Layer": ("dot", "Neuron"), "MLP": ("dot", "Neuron", "Layer"),
    "Sequential": ("relu",), "Parameter": ("Parameter()",),
    "kaiming_normal_": ("calculate_gain",), "kaiming_uniform_": ("calculate_gain",),
    "ones_": ("constant_",), "zeros_": ("constant_",),
    "Upsample": ("interpolate",), "UpsamplingNearest2d": ("interpolate",),
    "UpsamplingBilinear2d": ("interpolate",),
    **dict.fromkeys(["upsample", "upsample_nearest", "upsample_bilinear"], ("interpolate",)),
    **{f"{kind}{n}d_with_indices": (f"{kind}{n}d",) for kind in ("max_pool", "adaptive_max_pool")
       for n in (1, 2, 3)},
    "native_channel_shuffle": ("channel_shuffle",), "conv_tbc": ("conv1d",),
    "LazyLinear": ("Linear", "(Linear)", "(LazyLinear)"),
    **{f"{name}_": (name,) for name in ("relu", "elu", "celu", "selu", "leaky_relu", "hardtanh",
                                        "threshold", "rrelu")},
}

_ = vector
