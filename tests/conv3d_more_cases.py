"""The inputs of tests/test_nn_conv3d_more.py, shared with tests/torch_reference_conv3d_more.py
(which imports this file, so the two cannot drift apart): the transposed 3-D convolution,
3-D adaptive pooling, and the upsampling aliases. Inputs come from numpy's seeded generator,
small, float64 (a few cases again in float32). Each case is (id, shapes, keyword arguments as
PyTorch takes them).
"""

from __future__ import annotations

import zlib

import numpy as np
from cnn_cases import arrays, output_gradient  # noqa: F401 (the tests use them from here)


def seed(family: str, index: int) -> int:
    """A seed per case, stable across runs and machines."""
    return zlib.crc32(f"conv3d-more/{family}/{index}".encode()) % 10_000


def inputs(family: str, index: int, shape: tuple[int, ...], kind: str) -> np.ndarray:
    """normal: standard normal; ties: small integers (windows tie, so the tie rule shows)
    with a nan (which wins its windows)."""
    x = arrays(seed(family, index), shape)[0]
    if kind == "ties":
        x = np.round(x).clip(-2, 2)
        x.flat[3] = np.nan
    return x


# (id, input shape, weight shape (in, out / groups, kd, kh, kw), bias?, F.conv_transpose3d
# keyword arguments)
CONV_TRANSPOSE3D = [
    ("plain", (2, 2, 2, 3, 2), (2, 3, 2, 2, 3), True, {}),
    ("strided-padded-output-padding", (1, 2, 3, 2, 3), (2, 2, 3, 2, 2), True,
     {"stride": (2, 1, 3), "padding": (1, 0, 1), "output_padding": (1, 0, 2)}),
    ("grouped-dilated", (1, 4, 2, 3, 2), (4, 1, 2, 2, 3), True,
     {"groups": 2, "dilation": (2, 1, 2), "stride": 2, "output_padding": (1, 1, 0)}),
    ("output-padding-by-dilation", (1, 2, 2, 2, 2), (2, 2, 2, 2, 2), False,
     {"dilation": 2, "padding": 1, "output_padding": 1}),
    # padding past the kernel's reach: the output starts inside the scattered slices
    ("heavy-padding-unbatched", (2, 3, 3, 3), (2, 2, 2, 2, 2), True, {"stride": 3, "padding": 2}),
    ("depthwise", (1, 3, 2, 2, 2), (3, 1, 3, 3, 3), True, {"groups": 3, "padding": 1}),
]

# (id, input shape, nn.ConvTranspose3d(in, out, kernel_size, **kwargs), forward's output_size)
CONV_TRANSPOSE3D_LAYERS = [
    ("output-size", (1, 2, 2, 3, 2), (2, 3, 3), {"stride": 2, "padding": 1}, (4, 5, 4)),
    ("output-size-whole-shape", (1, 2, 2, 2, 2), (2, 3, (2, 3, 2)), {"stride": (2, 3, 1)},
     (1, 3, 5, 7, 3)),
    ("grouped-no-bias", (2, 4, 2, 2, 3), (4, 2, 2),
     {"groups": 2, "bias": False, "dilation": (1, 2, 1), "output_padding": (0, 1, 0)}, None),
]

# (id, input shape, output_size): adaptive_avg_pool3d on normal inputs, adaptive_max_pool3d
# on normal and ties inputs (with return_indices)
ADAPTIVE3D = [
    ("shrink", (2, 1, 5, 6, 7), (2, 4, 3)),
    ("grow-and-keep-unbatched", (2, 3, 4, 5), (None, 7, 2)),
    ("global", (1, 3, 4, 4, 4), 1),
    ("even-windows", (1, 2, 4, 6, 6), (2, 3, 2)),
    ("one-int", (1, 2, 5, 4, 6), 3),
]

# (id, layer, constructor keyword arguments, input shape)
UPSAMPLING = [
    ("nearest-scale", "UpsamplingNearest2d", {"scale_factor": 2}, (1, 2, 3, 4)),
    ("nearest-size", "UpsamplingNearest2d", {"size": (5, 7)}, (2, 1, 3, 4)),
    ("bilinear-scale", "UpsamplingBilinear2d", {"scale_factor": 2}, (1, 2, 3, 4)),
    ("bilinear-size", "UpsamplingBilinear2d", {"size": (5, 3)}, (2, 1, 3, 4)),
    ("bilinear-factors", "UpsamplingBilinear2d", {"scale_factor": (1.5, 2.5)}, (1, 2, 4, 3)),
]

# (id, layer, positional arguments, keyword arguments): each one's repr
REPRS = [
    ("conv-transpose-everything", "ConvTranspose3d", (4, 6, (1, 2, 3)),
     {"stride": 2, "padding": 1, "output_padding": 1, "dilation": (1, 2, 1), "groups": 2,
      "bias": False}),
    ("conv-transpose-plain", "ConvTranspose3d", (4, 6, 3), {}),
    ("avg-none", "AdaptiveAvgPool3d", ((None, 2, 3),), {}),
    ("avg-int", "AdaptiveAvgPool3d", (1,), {}),
    ("max-indices", "AdaptiveMaxPool3d", (2,), {"return_indices": True}),
    ("max-none", "AdaptiveMaxPool3d", ((2, None, 4),), {}),
    ("nearest-scale", "UpsamplingNearest2d", (), {"scale_factor": 2}),
    ("nearest-size", "UpsamplingNearest2d", ((3, 4),), {}),
    ("bilinear-size", "UpsamplingBilinear2d", (), {"size": 5}),
    ("bilinear-factors", "UpsamplingBilinear2d", (), {"scale_factor": (2, 3)}),
]

# float32 cases: (id, function name, input shape, keyword arguments); conv_transpose3d's
# weight FLOAT32_WEIGHT and a bias of 3
FLOAT32 = [
    ("conv_transpose3d", "conv_transpose3d", (1, 2, 2, 3, 3), {"stride": 2, "padding": 1}),
    ("adaptive_avg_pool3d", "adaptive_avg_pool3d", (1, 2, 5, 4, 6), {"output_size": (2, 3, 4)}),
    ("adaptive_max_pool3d", "adaptive_max_pool3d", (1, 2, 5, 4, 6), {"output_size": (2, 3, 4)}),
]
FLOAT32_WEIGHT = (2, 3, 2, 2, 2)
