"""The inputs of the convolutional-network tests, shared with tests/torch_reference_cnn.py.

torch_reference_cnn.py runs these cases through PyTorch and prints the numbers the tests
compare with (tests/torch_numbers_cnn.py); it imports this file, so the two cannot drift
apart. Inputs are drawn from numpy's seeded generator (the same numbers on every machine),
small, float64. Each case is (id, shapes, keyword arguments as PyTorch takes them).
"""

from __future__ import annotations

import numpy as np


def arrays(seed: int, *shapes: tuple[int, ...]) -> list[np.ndarray]:
    """Standard normal arrays of these shapes, from one seed."""
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for shape in shapes]


def output_gradient(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    """The gradient fed back into an output: backward(grad) of a fixed random array."""
    return np.random.default_rng(1000 + seed).standard_normal(shape)


# (id, input shape, weight shape, bias?, F.conv2d keyword arguments)
CONV2D = [
    ("plain", (2, 3, 4, 5), (4, 3, 3, 3), True, {}),
    ("stride-2", (1, 3, 6, 5), (2, 3, 3, 2), True, {"stride": 2}),
    ("stride-padding-pairs", (1, 2, 5, 5), (3, 2, 2, 3), True,
     {"stride": (2, 1), "padding": (1, 2)}),
    ("dilation-2", (1, 2, 7, 6), (2, 2, 3, 2), True, {"dilation": 2, "padding": 2}),
    ("groups-2", (2, 4, 4, 4), (6, 2, 3, 3), True, {"groups": 2}),
    ("depthwise", (1, 3, 5, 5), (3, 1, 3, 3), False, {"groups": 3, "padding": 1}),
    ("same-even-kernel", (1, 3, 5, 6), (2, 3, 2, 4), True, {"padding": "same"}),
    ("same-dilated", (1, 2, 6, 7), (2, 2, 3, 2), True, {"padding": "same", "dilation": (2, 3)}),
    ("valid-stride-3", (1, 2, 8, 7), (2, 2, 3, 3), True, {"padding": "valid", "stride": 3}),
    ("everything", (1, 4, 7, 6), (4, 2, 3, 2), True,
     {"stride": (2, 3), "padding": (2, 1), "dilation": (1, 2), "groups": 2}),
]

CONV1D = [
    ("plain", (2, 3, 7), (4, 3, 3), True, {}),
    ("strided-dilated-grouped", (2, 4, 9), (2, 2, 2), True,
     {"stride": 2, "padding": 1, "dilation": 3, "groups": 2}),
    ("same", (1, 2, 6), (3, 2, 4), False, {"padding": "same"}),
]

# (id, input shape, weight shape (in, out / groups, ...), bias?, F.conv_transpose2d kwargs)
CONV_TRANSPOSE2D = [
    ("plain", (2, 3, 3, 3), (3, 2, 3, 3), True, {}),
    ("stride-2", (1, 2, 3, 4), (2, 3, 3, 2), True, {"stride": 2}),
    ("output-padding", (1, 2, 3, 3), (2, 2, 3, 3), True,
     {"stride": 2, "padding": 1, "output_padding": 1}),
    ("groups-dilation", (1, 4, 3, 3), (4, 1, 2, 3), True,
     {"groups": 2, "dilation": 2, "stride": 3, "output_padding": 2}),
    ("output-padding-by-dilation", (1, 2, 4, 4), (2, 2, 3, 3), False,
     {"dilation": 2, "padding": 1, "output_padding": 1}),
    ("pairs", (1, 2, 3, 4), (2, 1, 2, 3), True,
     {"stride": (2, 3), "padding": (0, 1), "output_padding": (1, 2)}),
]

CONV_TRANSPOSE1D = [
    ("strided", (2, 3, 5), (3, 2, 3), True, {"stride": 2, "padding": 1, "output_padding": 1}),
]

# Conv2d(3, 2, 3, padding=..., padding_mode=...): the modes other than zeros pad first.
PADDING_MODES = [
    ("reflect", (1, 3, 4, 5), {"padding": 2, "padding_mode": "reflect"}),
    ("replicate", (1, 3, 4, 5), {"padding": (1, 2), "padding_mode": "replicate"}),
    ("circular", (1, 3, 4, 4), {"padding": 2, "padding_mode": "circular", "stride": 2}),
    ("reflect-same", (1, 3, 5, 5), {"padding": "same", "padding_mode": "reflect"}),
]

# ----------------------------------------------------------------------------- pooling

# Pooling inputs are (1, 2, 5, 6); ties() holds small integers, so windows have ties (the
# first maximum wins), and one nan (which wins where it is, as PyTorch).
POOL_SHAPE = (1, 2, 5, 6)


def ties() -> np.ndarray:
    x = np.random.default_rng(7).integers(-2, 3, POOL_SHAPE).astype(np.float64)
    x[0, 1, 3, 4] = np.nan
    return x


# (id, F.max_pool2d keyword arguments): on ties() and on a normal array
MAX_POOL2D = [
    ("kernel-2", {"kernel_size": 2}),
    ("kernel-3-stride-2-padding-1", {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("ceil-mode", {"kernel_size": 3, "stride": 2, "ceil_mode": True}),
    ("dilation-2", {"kernel_size": 2, "stride": 1, "dilation": 2, "padding": 1}),
    ("pairs-ceil", {"kernel_size": (2, 3), "stride": (1, 2), "padding": (1, 1),
                    "ceil_mode": True}),
]

MAX_POOL1D = [
    ("kernel-3-stride-2-ceil", {"kernel_size": 3, "stride": 2, "ceil_mode": True}),
    ("dilation-padding", {"kernel_size": 2, "dilation": 3, "padding": 1}),
]

AVG_POOL2D = [
    ("kernel-2", {"kernel_size": 2}),
    ("padding-counted", {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("padding-not-counted", {"kernel_size": 3, "stride": 2, "padding": 1,
                             "count_include_pad": False}),
    ("ceil-mode", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
    ("ceil-mode-not-counted", {"kernel_size": (2, 3), "stride": 2, "ceil_mode": True,
                               "count_include_pad": False}),
    ("divisor-override", {"kernel_size": 2, "stride": 1, "padding": 1, "divisor_override": 3}),
]

ADAPTIVE_AVG_POOL2D = [("3x2", (3, 2)), ("1", 1), ("keep-height", (None, 3)), ("up", (8, 9))]

# ----------------------------------------------------------------------- normalisation

# (id, layer, num_features, input shape, kwargs): three training steps, then eval
BATCH_NORM = [
    ("2d", "BatchNorm2d", 3, (4, 3, 2, 3), {}),
    ("2d-cumulative", "BatchNorm2d", 3, (2, 3, 3, 2), {"momentum": None}),
    ("1d-features", "BatchNorm1d", 4, (5, 4), {"momentum": 0.3}),
    ("1d-sequences", "BatchNorm1d", 2, (3, 2, 4), {"affine": False}),
]

LAYER_NORM = [
    ("last-axis", (2, 3, 4), (4,), {}),
    ("two-axes", (2, 3, 4), (3, 4), {"eps": 1e-3}),
    ("no-bias", (3, 5), (5,), {"bias": False}),
]

GROUP_NORM = [
    ("2-of-4", (2, 4, 3), 2, 4, {}),
    ("1-group", (3, 2, 2, 2), 1, 2, {"eps": 1e-3}),
    ("per-channel", (2, 3, 4), 3, 3, {}),
]

# ---------------------------------------------------------------------------- embedding

EMBEDDING_WEIGHT_SHAPE = (5, 3)
EMBEDDING_INDICES = [[0, 2, 1, 2], [4, 1, 1, 3]]  # row 1 repeats; padding_idx=1 below
EMBEDDING_PADDING_IDX = 1
EMBEDDING_MAX_NORM = 1.0

# Seeds: each family's cases count up from its own base, so adding a case changes no other.
SEED_BASE = {"conv2d": 0, "conv1d": 100, "conv_transpose2d": 200, "conv_transpose1d": 300,
             "padding_modes": 400, "max_pool2d": 500, "max_pool1d": 600, "avg_pool2d": 700,
             "adaptive_avg_pool2d": 800, "batch_norm": 900, "layer_norm": 1000,
             "group_norm": 1100, "embedding": 1200}


def seed(family: str, index: int) -> int:
    return SEED_BASE[family] + 10 * index
