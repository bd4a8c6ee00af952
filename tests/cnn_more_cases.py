"""The inputs of tests/test_nn_cnn_more.py, shared with tests/torch_reference_cnn_more.py
(which imports this file, so the two cannot drift apart): 3-D convolution and pooling,
adaptive max pooling, LP pooling, max unpooling, the padding layers, F.pad's negative
widths, BatchNorm3d. Inputs come from numpy's seeded generator, small, float64 (a few
cases again in float32). Each case is (id, shapes, keyword arguments as PyTorch takes them).
"""

from __future__ import annotations

import zlib

import numpy as np
from cnn_cases import arrays, output_gradient  # noqa: F401 (the tests use them from here)


def seed(family: str, index: int) -> int:
    """A seed per case, stable across runs and machines."""
    return zlib.crc32(f"more/{family}/{index}".encode()) % 10_000


def inputs(family: str, index: int, shape: tuple[int, ...], kind: str) -> np.ndarray:
    """normal: standard normal; positive: |normal| + 0.1; ties: small integers (windows tie,
    so the tie rule shows) with a nan (which wins its windows)."""
    x = arrays(seed(family, index), shape)[0]
    if kind == "positive":
        return np.abs(x) + 0.1
    if kind == "ties":
        x = np.round(x).clip(-2, 2)
        x.flat[3] = np.nan
    return x


# (id, input shape, weight shape, bias?, F.conv3d keyword arguments)
CONV3D = [
    ("plain", (2, 2, 3, 4, 3), (4, 2, 2, 3, 2), True, {}),
    ("strided-padded-dilated-grouped", (1, 4, 4, 4, 5), (4, 2, 3, 2, 2), True,
     {"stride": (2, 1, 2), "padding": (1, 2, 0), "dilation": (1, 1, 2), "groups": 2}),
    ("same-even-kernel", (1, 2, 4, 4, 4), (3, 2, 2, 3, 2), False,
     {"padding": "same", "dilation": (2, 1, 1)}),
    ("valid-unbatched", (2, 3, 4, 4), (3, 2, 1, 2, 2), True, {"stride": 2, "padding": "valid"}),
    ("depthwise", (1, 3, 3, 4, 4), (3, 1, 2, 2, 2), True, {"groups": 3, "padding": 1}),
]

# (id, input shape, nn.Conv3d(2, 3, 3, **kwargs)): its padding modes
CONV3D_LAYERS = [
    ("reflect", (1, 2, 3, 4, 4), {"padding": 1, "padding_mode": "reflect"}),
    ("circular", (1, 2, 4, 4, 5), {"padding": (1, 0, 2), "padding_mode": "circular",
                                   "stride": 2}),
    ("replicate-same", (2, 3, 4, 4), {"padding": "same", "padding_mode": "replicate"}),
]

VOLUME = (1, 2, 3, 4, 5)

# (id, F.max_pool3d keyword arguments), on VOLUME's normal and ties inputs
MAX_POOL3D = [
    ("kernel-2", {"kernel_size": 2}),
    ("everything", {"kernel_size": (2, 3, 2), "stride": (1, 2, 1), "padding": (1, 1, 0),
                    "dilation": (2, 1, 2), "ceil_mode": True}),
    ("overlapping-ceil", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
]

AVG_POOL3D = [
    ("kernel-2", {"kernel_size": 2}),
    ("padded-ceil", {"kernel_size": (2, 3, 2), "stride": (1, 2, 1), "padding": (1, 1, 0),
                     "ceil_mode": True}),
    ("exclude-pad", {"kernel_size": (2, 3, 2), "stride": (2, 2, 3), "padding": 1,
                     "ceil_mode": True, "count_include_pad": False}),
    ("divisor-override", {"kernel_size": 3, "stride": 2, "padding": 1, "divisor_override": 4}),
]

# (id, input shape, output_size), on normal and ties inputs
ADAPTIVE_MAX_POOL2D = [
    ("shrink", (2, 3, 5, 7), (3, 4)),
    ("grow-and-keep", (3, 5, 7), (8, None)),
    ("global", (1, 2, 6, 6), 1),
]
ADAPTIVE_MAX_POOL1D = [
    ("shrink", (2, 3, 7), 3),
    ("grow-unbatched", (3, 5), 9),
]

# (id, n, input shape, input kind, F.lp_poolNd keyword arguments)
LP_POOL = [
    ("1d-p1-ceil", 1, (2, 3, 7), "positive",
     {"norm_type": 1.0, "kernel_size": 3, "stride": 2, "ceil_mode": True}),
    ("1d-p4-unbatched", 1, (3, 7), "positive", {"norm_type": 4, "kernel_size": 2}),
    ("2d-p2-signed", 2, (2, 3, 5, 7), "normal", {"norm_type": 2, "kernel_size": 2}),
    ("2d-p1.5-ceil", 2, (2, 3, 5, 7), "positive",
     {"norm_type": 1.5, "kernel_size": (2, 3), "stride": 1, "ceil_mode": True}),
    ("2d-inf", 2, (2, 3, 5, 7), "normal",
     {"norm_type": float("inf"), "kernel_size": 2, "ceil_mode": True}),
    ("3d-p2", 3, (1, 2, 4, 5, 6), "positive",
     {"norm_type": 2, "kernel_size": 2, "stride": (1, 2, 2)}),
]

# (id, n, input shape, max_poolNd kwargs, max_unpoolNd kwargs): the pool's indices unpooled
MAX_UNPOOL = [
    ("1d", 1, (2, 3, 8), {"kernel_size": 2}, {"kernel_size": 2}),
    ("2d", 2, (2, 2, 4, 5), {"kernel_size": 2}, {"kernel_size": 2, "output_size": (5, 5)}),
    ("2d-strided-padded", 2, (1, 2, 5, 5), {"kernel_size": 3, "stride": 2, "padding": 1},
     {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("3d", 3, (1, 2, 4, 4, 4), {"kernel_size": 2}, {"kernel_size": 2}),
]

# (id, layer, padding, value or None, input shape)
PAD_LAYERS = [
    ("zero1d", "ZeroPad1d", (2, 1), None, (2, 3, 4)),
    ("zero2d", "ZeroPad2d", (1, 0, 2, 1), None, (2, 3, 4)),
    ("zero3d-crop", "ZeroPad3d", (1, -1, 0, 2, -1, 1), None, (1, 2, 3, 3, 4)),
    ("constant1d", "ConstantPad1d", 2, 3.5, (3, 4)),
    ("constant2d", "ConstantPad2d", (1, 2, 0, 1), -1.5, (1, 2, 3, 4)),
    ("constant3d", "ConstantPad3d", 1, 2.0, (2, 2, 3, 3)),
    ("reflection1d", "ReflectionPad1d", (3, 1), None, (2, 3, 5)),
    ("reflection2d", "ReflectionPad2d", (1, 2, 2, 0), None, (3, 4, 5)),
    ("reflection2d-crop", "ReflectionPad2d", (-1, 3, 2, -1), None, (1, 2, 4, 5)),
    ("reflection3d", "ReflectionPad3d", (1, 1, 2, 0, 1, 2), None, (1, 2, 3, 4, 4)),
    ("replication1d", "ReplicationPad1d", 2, None, (2, 3, 4)),
    ("replication2d-crop", "ReplicationPad2d", (2, -1, -2, 3), None, (1, 2, 4, 5)),
    ("replication3d", "ReplicationPad3d", (0, 1, 2, 1, 1, 0), None, (2, 3, 3, 4)),
    ("circular1d", "CircularPad1d", (1, 3), None, (2, 3, 4)),
    ("circular2d", "CircularPad2d", (2, 1, 1, 2), None, (1, 2, 3, 4)),
    ("circular2d-crop", "CircularPad2d", (-1, 2, 1, -2), None, (2, 4, 5)),
    ("circular3d", "CircularPad3d", 1, None, (1, 2, 2, 3, 3)),
]

# (id, F.pad mode, widths): on a (1, 2, 5) input; negative widths crop
PAD_NEGATIVE = [
    ("reflect-crop-left", "reflect", (-2, 3)),
    ("reflect-crop-right", "reflect", (4, -1)),
    ("replicate-crop-all-but-one", "replicate", (-4, 2)),
    ("circular-crop-then-wrap", "circular", (-2, 3)),
]

# BatchNorm3d(3) on this input, with its weight and bias drawn from the same seed
BATCH_NORM3D = (2, 3, 2, 3, 4)

# float32 cases: (id, function name, input shape, input kind, keyword arguments)
FLOAT32 = [
    ("conv3d", "conv3d", (1, 2, 3, 4, 4), "normal", {}),
    ("max_pool3d", "max_pool3d", (1, 2, 4, 4, 4), "normal", {"kernel_size": 2, "padding": 1}),
    ("avg_pool3d", "avg_pool3d", (1, 2, 4, 4, 4), "normal", {"kernel_size": 3, "stride": 2}),
    ("adaptive_max_pool2d", "adaptive_max_pool2d", (1, 2, 5, 7), "normal",
     {"output_size": (2, 3)}),
    ("lp_pool2d", "lp_pool2d", (1, 2, 5, 7), "positive", {"norm_type": 1.5, "kernel_size": 2}),
]
FLOAT32_WEIGHT = (3, 2, 2, 2, 2)  # conv3d's, with a bias of 3
