"""Spec rows for PyTorch's other names of nn's functions: F.upsample, upsample_nearest and
upsample_bilinear (interpolate's deprecated names, nn/resize/upsampling_deprecated.py), max
pooling's *_with_indices (nn/pool/pooling_with_indices.py), and F.conv_tbc (conv1d in
(time, batch, channels) order, nn/convolution/conv_tbc.py). Each reuses the references, shapes and
settings of the rows of the function it calls (nn/specs/layers.py, nn/specs/conv.py,
nn/specs/cnn_more.py, nn/specs/conv3d_more.py): the row checks that the name passes its
arguments on as PyTorch's does, and its gradients.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from hypothesis import strategies as st

from autograd.specs import GRID, NoFit, OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from . import cnn_more as more
from . import conv as conv_specs
from . import references as ref
from .conv3d_more import _adaptive, adaptive3d_static
from .layers import _interpolate_static, _resize_shapes, ref_interpolate

Draw = Any
Shapes = tuple[tuple[int, ...], ...]


def _quietly(fn: Any) -> Any:
    """fn without its deprecation warning (a row calls it thousands of times)."""
    def call(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return fn(*args, **kwargs)
    return call


# ---------------------------------------------------------------------------- upsample


def _upsample_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """interpolate's settings but recompute_scale_factor (upsample has not got it)."""
    kw = _interpolate_static(draw, shapes)
    kw.pop("recompute_scale_factor", None)
    return kw


def _image_shapes(draw: Draw, arity: int) -> Shapes:
    return ((draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 3)),
             draw(st.integers(1, 3))),)


def _resize_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """size (one int, or two) or an integer scale_factor, for a 4-D input."""
    if len(shapes[0]) != 4 or 0 in shapes[0]:
        raise NoFit
    if draw(st.booleans()):
        return {"scale_factor": draw(st.sampled_from([1, 2, 3]))}
    sizes = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    return {"size": sizes if draw(st.booleans()) else sizes[0]}


register(
    OpSpec("upsample", _quietly(lambda x, **kw: F.upsample(x, **kw)), ref_interpolate,
           shapes=_resize_shapes, static=_upsample_static, graphs=False,
           api=("nn.functional.upsample",)),
    OpSpec("upsample_nearest", _quietly(lambda x, **kw: F.upsample_nearest(x, **kw)),
           lambda x, **kw: ref_interpolate(x, mode="nearest", **kw), shapes=_image_shapes,
           static=_resize_static, graphs=False, api=("nn.functional.upsample_nearest",)),
    OpSpec("upsample_bilinear", _quietly(lambda x, **kw: F.upsample_bilinear(x, **kw)),
           lambda x, **kw: ref_interpolate(x, mode="bilinear", align_corners=True, **kw),
           shapes=_image_shapes, static=_resize_static, graphs=False,
           api=("nn.functional.upsample_bilinear",)),
)


# ------------------------------------------------------------------ *_with_indices
# The output (the first of the pair); the indices are max pooling's, tested with it.

register(
    *(OpSpec(f"max_pool{n}d_with_indices", lambda x, f=f, **kw: f(x, **kw)[0], reference,
             domain=GRID, unique=True, shapes=shapes, static=static, kinks="ties within a window",
             graphs=False, api=(f"nn.functional.max_pool{n}d_with_indices",))
      for n, f, reference, shapes, static in (
          (1, F.max_pool1d_with_indices, ref._one_d(ref.ref_max_pool2d),
           conv_specs.pool_shapes(1), conv_specs.pool_static(1, "max")),
          (2, F.max_pool2d_with_indices, ref.ref_max_pool2d, conv_specs.pool_shapes(2),
           conv_specs.pool_static(2, "max")),
          (3, F.max_pool3d_with_indices, more.ref_max_pool3d, more.volume_shapes,
           more.pool3d_static("max")))),
    *(OpSpec(f"adaptive_max_pool{n}d_with_indices", lambda x, f=f, **kw: f(x, **kw)[0],
             reference, domain=GRID, unique=True, shapes=shapes, static=static,
             kinks="ties within a window", graphs=False,
             api=(f"nn.functional.adaptive_max_pool{n}d_with_indices",))
      for n, f, reference, shapes, static in (
          (1, F.adaptive_max_pool1d_with_indices, more.ref_adaptive_max_pool,
           conv_specs.pool_shapes(1), more.adaptive_max_static(1)),
          (2, F.adaptive_max_pool2d_with_indices, more.ref_adaptive_max_pool,
           conv_specs.pool_shapes(2), more.adaptive_max_static(2)),
          (3, F.adaptive_max_pool3d_with_indices, _adaptive(more.ref_adaptive_max_pool),
           more.volume_shapes, adaptive3d_static))),
)


# ---------------------------------------------------------------------------- conv_tbc


def _tbc_shapes(draw: Draw, arity: int) -> Shapes:
    """x (T, B, C_in), weight (K, C_in, C_out), bias (C_out,)."""
    k, c_in, c_out = (draw(st.integers(1, 3)) for _ in range(3))
    return (draw(st.integers(1, 5)), draw(st.integers(1, 2)), c_in), (k, c_in, c_out), (c_out,)


def _tbc_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    x, w, b = shapes
    if len(x) != 3 or len(w) != 3 or w[1] != x[2] or b != (w[2],):
        raise NoFit
    pads = [p for p in (-1, 0, 1, 2) if x[0] + 2 * p - w[0] + 1 >= 1]
    if not pads:
        raise NoFit
    return {"pad": draw(st.sampled_from(pads))}


def _ref_conv_tbc(x: np.ndarray, w: np.ndarray, b: np.ndarray, pad: int) -> np.ndarray:
    if pad < 0:
        x, pad = x[-pad:x.shape[0] + pad], 0
    y = ref.ref_conv1d(x.transpose(1, 2, 0), w.transpose(2, 1, 0), b=b, padding=pad)
    return y.transpose(2, 0, 1)


register(
    OpSpec("conv_tbc", lambda x, w, b, pad: F.conv_tbc(x, w, b, pad), _ref_conv_tbc, arity=3,
           shapes=_tbc_shapes, static=_tbc_static, graphs=False,
           api=("nn.functional.conv_tbc",)),
)
