"""The spec row of F.interpolate(mode='bicubic') (nn/resize/upsampling_cubic.py): its values against
the cubic convolution written out, each source position in exact rational arithmetic (as
nn/specs/layers.py's interpolate reference), its gradients against central differences.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from autograd.specs import NoFit, OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from .layers import FACTORS

Draw = Any
Shapes = tuple[tuple[int, ...], ...]
A = Fraction(-3, 4)


def _image_shapes(draw: Draw, arity: int) -> Shapes:
    """(N, C, H, W), small: at most 2 x 2 x 4 x 4."""
    return ((draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 4)),
             draw(st.integers(1, 4))),)


def _static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) != 4 or 0 in shape:
        raise NoFit
    kw: dict[str, Any] = {}
    factors = [draw(st.sampled_from(FACTORS)) for _ in shape[2:]]
    if draw(st.booleans()) and all(int(n * f) >= 1 for n, f in zip(shape[2:], factors,
                                                                     strict=True)):
        one_fits = all(int(n * factors[0]) >= 1 for n in shape[2:])  # one for both axes
        kw["scale_factor"] = factors[0] if one_fits and draw(st.booleans()) else tuple(factors)
        if draw(st.booleans()):
            kw["recompute_scale_factor"] = True
    else:
        kw["size"] = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    if draw(st.booleans()):
        kw["align_corners"] = draw(st.booleans())
    return kw


def _weights(u: Fraction) -> list[Fraction]:
    """Keys's cubic convolution weights of the inputs at distance 1 + u, u, 1 - u, 2 - u."""
    def near(d: Fraction) -> Fraction:
        return ((A + 2) * d - (A + 3)) * d * d + 1

    def far(d: Fraction) -> Fraction:
        return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A

    return [far(u + 1), near(u), near(1 - u), far(2 - u)]


def _axis_matrix(n: int, m: int, factor: float | None, align_corners: bool) -> np.ndarray:
    """(m, n): row i weighs the inputs of output i, clamped indices adding up."""
    s = Fraction(n, m) if factor is None else 1 / Fraction(factor)
    matrix = np.zeros((m, n))
    for i in range(m):
        if align_corners:
            real = Fraction(n - 1, m - 1) * i if m > 1 else Fraction(0)
        else:
            real = s * (i + Fraction(1, 2)) - Fraction(1, 2)  # not clamped at 0: cubic
        j = min(math.floor(real), n - 1)
        t = min(max(real - j, Fraction(0)), Fraction(1))
        for k, weight in enumerate(_weights(t)):
            matrix[i, min(max(j - 1 + k, 0), n - 1)] += float(weight)
    return matrix


def ref_bicubic(x: np.ndarray, size: Any = None, scale_factor: Any = None,
                align_corners: Any = None, recompute_scale_factor: Any = None) -> np.ndarray:
    if size is not None:
        out, factors = list(size), [None, None]
    else:
        factors = (list(scale_factor) if isinstance(scale_factor, tuple)
                   else [scale_factor] * 2)
        out = [math.floor(n * f) for n, f in zip(x.shape[2:], factors, strict=True)]
        if recompute_scale_factor:
            factors = [None, None]
    rows = _axis_matrix(x.shape[2], out[0], factors[0], bool(align_corners))
    columns = _axis_matrix(x.shape[3], out[1], factors[1], bool(align_corners))
    return np.einsum("ih,nchw,jw->ncij", rows, x, columns)


register(
    OpSpec("interpolate_bicubic", lambda x, **kw: F.interpolate(x, mode="bicubic", **kw),
           ref_bicubic, shapes=_image_shapes, static=_static,
           api=("nn.functional.interpolate", "nn.Upsample")),
)
