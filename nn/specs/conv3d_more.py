"""Spec rows for the transposed 3-D convolution and 3-D adaptive pooling: conv_transpose3d,
adaptive_avg_pool3d and adaptive_max_pool3d (as nn/specs/cnn_more.py's, whose helpers they
use). Each reference is the definition written out in numpy (a loop over the input's
elements, or over PyTorch's windows), independent of how nn computes it (a 2-D transposed
convolution and a scatter_add; averaging matrices; window maxima). tests/test_ops.py checks
values, and first and second derivatives against central differences. None is drawn in
random graphs (graphs=False): their inputs have 4 or 5 axes.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st

from autograd.specs import GRID, NoFit, OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from . import cnn_more as more
from . import conv as conv_specs
from . import references as ref

Draw = Any
Shapes = tuple[tuple[int, ...], ...]


# ------------------------------------------------------------------------ references


def ref_conv_transpose3d(x: np.ndarray, w: np.ndarray, b: Any = None, stride: Any = 1,
                         padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                         dilation: Any = 1) -> np.ndarray:
    """Each input x[n, c, t, i, j] adds x w[c, o, q, p, r] at (t s + q d - p, i s + p d - p,
    j s + r d - p) of output channel o of c's group; the output is (D - 1) s - 2 p +
    d (kd - 1) + output_padding + 1 long on each axis."""
    s, p, e, d = (more._n(v, 3) for v in (stride, padding, output_padding, dilation))
    in_c, per_group, *kernel = w.shape
    sizes = [(n - 1) * ss - 2 * pp + dd * (k - 1) + ee + 1 for n, ss, pp, dd, k, ee in
             zip(x.shape[2:], s, p, d, kernel, e, strict=True)]
    room = [pp + size + (n - 1) * ss + dd * (k - 1) + 1 for pp, size, n, ss, dd, k in
            zip(p, sizes, x.shape[2:], s, d, kernel, strict=True)]
    y = np.zeros((x.shape[0], per_group * groups, *room))
    for c, *at in itertools.product(range(in_c), *map(range, x.shape[2:])):
        group = c // (in_c // groups)
        for q in itertools.product(*map(range, kernel)):
            place = tuple(a * ss + qq * dd for a, ss, qq, dd in zip(at, s, q, d, strict=True))
            y[(slice(None), slice(group * per_group, (group + 1) * per_group), *place)] += (
                x[(slice(None), c, *at)][:, None] * w[(c, slice(None), *q)])
    y = y[(slice(None), slice(None), *(slice(pp, pp + size) for pp, size in
                                       zip(p, sizes, strict=True)))]
    return y if b is None else y + b[:, None, None, None]


def _adaptive(reference: Any) -> Any:
    """An adaptive pooling reference (of a tuple of sizes) taking PyTorch's output_size: one
    int for all three, or three, None keeping that size."""
    def pooled(x: np.ndarray, output_size: Any) -> np.ndarray:
        given = output_size if isinstance(output_size, tuple) else (output_size,) * 3
        return reference(x, tuple(n if m is None else m for n, m in zip(x.shape[-3:], given,
                                                                         strict=True)))
    return pooled


# ------------------------------------------------------------------- shapes and settings


def transpose3d_shapes(draw: Draw, arity: int) -> Shapes:
    """x (1, g C, *size), w (g C, O, *kernel), b (g O,): sizes and kernels at most 2."""
    groups, per_in, per_out = (draw(st.sampled_from([1, 1, 2])), draw(st.integers(1, 2)),
                               draw(st.integers(1, 2)))
    sizes = tuple(draw(st.integers(1, 2)) for _ in range(3))
    kernel = tuple(draw(st.integers(1, 2)) for _ in range(3))
    return ((1, groups * per_in, *sizes), (groups * per_in, per_out, *kernel),
            (groups * per_out,))


def transpose3d_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    x, w, b = shapes
    if len(x) != 5 or len(w) != 5 or x[1] != w[0] or not w[1] or b[0] % w[1]:
        raise NoFit
    groups = b[0] // w[1]
    if w[0] % groups:
        raise NoFit
    options = []
    for s, p, e, d in itertools.product([1, 2, (2, 1, 1)], [0, 1, (1, 0, 0)],
                                        [0, 1, (0, 0, 1)], [1, 2, (1, 2, 1)]):
        s3, p3, e3, d3 = (more._n(v, 3) for v in (s, p, e, d))
        sizes = [(n - 1) * ss - 2 * pp + dd * (k - 1) + ee + 1 for n, ss, pp, dd, k, ee in
                 zip(x[2:], s3, p3, d3, w[2:], e3, strict=True)]
        smaller = all(ee < ss or ee < dd for ee, ss, dd in zip(e3, s3, d3, strict=True))
        if smaller and min(sizes) >= 1:
            options.append({"stride": s, "padding": p, "output_padding": e, "dilation": d,
                            "groups": groups})
    return conv_specs._settings(draw, options)


def adaptive3d_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """Output sizes up to 2 past the input's (1, and the sizes' divisors, are max_pool3d's
    windows for adaptive_max_pool3d), or None (keep that size), or one int for all three."""
    shape = shapes[0]
    if len(shape) not in (4, 5) or 0 in shape:
        raise NoFit
    sizes = tuple(draw(st.one_of(st.none(), st.integers(1, n + 2))) for n in shape[-3:])
    if draw(st.booleans()):
        return {"output_size": sizes}
    size = draw(st.integers(1, min(shape[-3:]) + 2))
    return {"output_size": (size,) * 3 if draw(st.booleans()) else size}


register(
    OpSpec("conv_transpose3d", lambda x, w, b, **kw: F.conv_transpose3d(x, w, b, **kw),
           ref_conv_transpose3d, arity=3, shapes=transpose3d_shapes,
           static=transpose3d_static, graphs=False, api=("nn.functional.conv_transpose3d",)),
    OpSpec("adaptive_avg_pool3d", lambda x, **kw: F.adaptive_avg_pool3d(x, **kw),
           _adaptive(ref.ref_adaptive_avg_pool), shapes=more.volume_shapes,
           static=adaptive3d_static, graphs=False, api=("nn.functional.adaptive_avg_pool3d",)),
    OpSpec("adaptive_max_pool3d", lambda x, **kw: F.adaptive_max_pool3d(x, **kw),
           _adaptive(more.ref_adaptive_max_pool), domain=GRID, unique=True,
           shapes=more.volume_shapes, static=adaptive3d_static, kinks="ties within a window",
           graphs=False, api=("nn.functional.adaptive_max_pool3d",)),
)
