"""Spec rows for the rest of the convolutional toolbox: conv3d, max_pool3d and avg_pool3d,
adaptive max pooling, LP pooling and max unpooling (as nn/specs/conv.py's, whose helpers
they use). Each row's reference is the definition written out here in numpy, a loop over
windows, independent of how nn computes it (a gather of depth windows into conv2d, numpy's
window maxima and a gather, avg_pool and pow). tests/test_ops.py checks values, and first and
second derivatives against central differences. None is drawn in random graphs
(graphs=False): their inputs have 4 or 5 axes, or indices to fit, or must not tie.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from autograd.specs import GRID, REAL, Domain, NoFit, OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from . import conv as conv_specs
from . import references as ref

Draw = Any
Shapes = tuple[tuple[int, ...], ...]
POSITIVE_GRID = Domain(low=0.1, grid=True)  # x^p of a fractional p; no ties in max pooling


def _n(v: Any, n: int) -> tuple[int, ...]:
    return tuple(v) if isinstance(v, tuple) else (v,) * n


def _out_size(size: int, k: int, p: int, s: int, d: int, ceil_mode: bool) -> int:
    out = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    return out - 1 if ceil_mode and (out - 1) * s >= size + p else out


def _windows(x: np.ndarray, kernel: Any, stride: Any, padding: Any, dilation: Any,
             ceil_mode: bool, fill: float, n: int) -> dict[tuple[int, ...], np.ndarray]:
    """Each window of x (..., *n sizes), padded with `fill` as far as windows reach, by its
    output position."""
    kernel, padding, dilation = _n(kernel, n), _n(padding, n), _n(dilation, n)
    stride = kernel if stride is None else _n(stride, n)
    outs = [_out_size(*a, ceil_mode) for a in zip(x.shape[-n:], kernel, padding, stride,
                                                   dilation, strict=True)]
    xp = np.pad(x, [(0, 0)] * (x.ndim - n) + [(p, p + 2 * s + d * k) for p, s, d, k in
                                              zip(padding, stride, dilation, kernel,
                                                  strict=True)], constant_values=fill)
    return {at: xp[(..., *(slice(i * s, i * s + d * (k - 1) + 1, d) for i, s, d, k in
                           zip(at, stride, dilation, kernel, strict=True)))]
            for at in itertools.product(*map(range, outs))}


def _assemble(lead: tuple[int, ...], values: dict[tuple[int, ...], np.ndarray]) -> np.ndarray:
    outs = tuple(max(at[a] for at in values) + 1 for a in range(len(next(iter(values)))))
    out = np.zeros(lead + outs)
    for at, v in values.items():
        out[(..., *at)] = v
    return out


# ------------------------------------------------------------------------ references


def ref_conv3d(x: np.ndarray, w: np.ndarray, b: Any = None, stride: Any = 1,
               padding: Any = 0, dilation: Any = 1, groups: int = 1) -> np.ndarray:
    """y[n, o, t, i, j] = b[o] + sum over o's group's channels c and the kernel (q, p, r) of
    xpad[n, c, t s + q d, i s + p d, j s + r d] w[o, c, q, p, r]."""
    pads = ref._pads(padding, w.shape[2:], _n(dilation, 3))
    xp = np.pad(x, [(0, 0), (0, 0), *pads])
    windows = _windows(xp, w.shape[2:], stride, 0, dilation, False, 0.0, 3)
    out_c, per_group = w.shape[:2]
    y = {}
    for at, window in windows.items():  # window (N, C, kd, kh, kw)
        y[at] = np.stack([(window[:, o // (out_c // groups) * per_group:][:, :per_group]
                           * w[o]).sum(axis=(1, 2, 3, 4)) for o in range(out_c)], axis=1)
    out = _assemble(x.shape[:1] + (out_c,), y)
    return out if b is None else out + b[:, None, None, None]


def ref_max_pool3d(x: np.ndarray, kernel_size: Any, stride: Any = None, padding: Any = 0,
                   dilation: Any = 1, ceil_mode: bool = False) -> np.ndarray:
    windows = _windows(x, kernel_size, stride, padding, dilation, ceil_mode, -np.inf, 3)
    return _assemble(x.shape[:-3], {at: w.max(axis=(-3, -2, -1)) for at, w in windows.items()})


def ref_avg_pool3d(x: np.ndarray, kernel_size: Any, stride: Any = None, padding: Any = 0,
                   ceil_mode: bool = False, count_include_pad: bool = True,
                   divisor_override: Any = None) -> np.ndarray:
    """Each window's sum over PyTorch's count: the window cut to the padded input, or to the
    input itself (count_include_pad=False), or divisor_override."""
    kernel, padding = _n(kernel_size, 3), _n(padding, 3)
    steps = kernel if stride is None else _n(stride, 3)
    windows = _windows(x, kernel, steps, padding, 1, ceil_mode, 0.0, 3)
    out = {}
    for at, w in windows.items():
        count = 1
        for i, s, k, p, size in zip(at, steps, kernel, padding, x.shape[-3:], strict=True):
            start, end = i * s - p, min(i * s - p + k, size + p)
            if not count_include_pad:
                start, end = max(start, 0), min(end, size)
            count *= end - start
        out[at] = w.sum(axis=(-3, -2, -1)) / (divisor_override or count)
    return _assemble(x.shape[:-3], out)


def ref_adaptive_max_pool(x: np.ndarray, output_size: Any) -> np.ndarray:
    """Max over PyTorch's windows [floor(i n / m), ceil((i + 1) n / m)) on each of the last
    len(output_size) axes."""
    sizes = output_size if isinstance(output_size, tuple) else (output_size,)
    for axis, m in zip(range(x.ndim - len(sizes), x.ndim), sizes, strict=True):
        n = x.shape[axis]
        x = np.concatenate([np.take(x, range(i * n // m, -(-(i + 1) * n // m)), axis).max(
            axis, keepdims=True) for i in range(m)], axis)
    return x


def ref_lp_pool(n: int) -> Any:
    """PyTorch's formula on each window: (sum of x^p times the kernel's size over the number
    of elements the window holds)^(1/p) (the sum itself, unless ceil_mode's last window
    overhangs); max |x| for p = inf."""
    def lp(x: np.ndarray, norm_type: float, kernel_size: Any, stride: Any = None,
           ceil_mode: bool = False) -> np.ndarray:
        windows = _windows(x, kernel_size, stride, 0, 1, ceil_mode, 0.0, n)
        counts = _windows(np.ones(x.shape[-n:]), kernel_size, stride, 0, 1, ceil_mode, 0.0, n)
        size = math.prod(_n(kernel_size, n))
        axes = tuple(range(-n, 0))
        if norm_type == math.inf:
            return _assemble(x.shape[:-n], {at: np.abs(w).max(axis=axes)
                                            for at, w in windows.items()})
        return _assemble(x.shape[:-n], {
            at: ((w ** norm_type).sum(axis=axes) * size / counts[at].sum()) ** (1 / norm_type)
            for at, w in windows.items()})
    return lp


def ref_max_unpool(n: int) -> Any:
    """Zeros of each plane's output size, with x's values at their indices."""
    def unpool(x: np.ndarray, indices: np.ndarray, kernel_size: Any, stride: Any = None,
               padding: Any = 0, output_size: Any = None) -> np.ndarray:
        sizes = _unpool_default(x.shape[-n:], kernel_size, stride, padding) \
            if output_size is None else output_size
        lead = x.shape[:-n]
        out = np.zeros(lead + (math.prod(sizes),))
        for plane in np.ndindex(*lead):
            out[plane][indices[plane].ravel()] = x[plane].ravel()
        return out.reshape(lead + tuple(sizes))
    return unpool


def _unpool_default(sizes: tuple[int, ...], kernel: Any, stride: Any, padding: Any
                    ) -> tuple[int, ...]:
    n = len(sizes)
    steps = _n(kernel if stride is None else stride, n)
    return tuple((h - 1) * s + k - 2 * p for h, s, k, p in
                 zip(sizes, steps, _n(kernel, n), _n(padding, n), strict=True))


# ------------------------------------------------------------------- shapes and settings


def conv3d_shapes(draw: Draw, arity: int) -> Shapes:
    """x (1, g C, *size), w (g O, C, *kernel), b (g O,): sizes at most 3."""
    groups, per_in, per_out = draw(st.sampled_from([1, 1, 2])), 1, draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 2)) for _ in range(3))
    sizes = tuple(draw(st.integers(k, 3)) for k in kernel)
    return ((1, groups * per_in, *sizes), (groups * per_out, per_in, *kernel),
            (groups * per_out,))


def conv3d_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    x, w = shapes[0], shapes[1]
    if len(x) != 5 or len(w) != 5:
        raise NoFit
    groups = conv_specs._groups(x[1], w[1], w[0])
    options = []
    for s, p, d in itertools.product([1, 2, (2, 1, 1)], [0, 1, "same", (1, 0, 1)],
                                     [1, 2, (1, 2, 1)]):
        pads = ref._pads(p, w[2:], _n(d, 3))
        outs = [(n + lo + hi - dd * (k - 1) - 1) // ss + 1 for n, (lo, hi), dd, k, ss in
                zip(x[2:], pads, _n(d, 3), w[2:], _n(s, 3), strict=True)]
        if min(outs) >= 1 and not (p == "same" and s != 1):
            options.append({"stride": s, "padding": p, "dilation": d, "groups": groups})
    return conv_specs._settings(draw, options)


def volume_shapes(draw: Draw, arity: int) -> Shapes:
    """(N, C, D, H, W) or (C, D, H, W), at most 48 elements (GRID's values stay unique)."""
    lead = (1,) * draw(st.booleans()) + (draw(st.integers(1, 2)),)
    sizes = tuple(draw(st.integers(1, 3)) for _ in range(3))
    shape = lead + sizes
    return (shape,) if math.prod(shape) <= 48 else ((2, 2, 3, 2),)


def pool3d_static(kind: str) -> Any:
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        shape = shapes[0]
        if len(shape) not in (4, 5) or 0 in shape:
            raise NoFit
        options = []
        for k, s, p, d, c in itertools.product([1, 2, (2, 1, 2)], [None, 1, 2], [0, 1],
                                               [1, 2] if kind == "max" else [1], [False, True]):
            kernel = _n(k, 3)
            reach = [d * (kk - 1) + 1 for kk in kernel]
            outs = [_out_size(n, kk, p, kk if s is None else s, d, c)
                    for n, kk in zip(shape[-3:], kernel, strict=True)]
            if any(2 * p > r for r in reach) or min(outs) < 1 or not _read_input(
                    shape[-3:], kernel, s, p, d, c):
                continue
            setting: dict[str, Any] = {"kernel_size": k, "stride": s, "padding": p,
                                       "ceil_mode": c}
            if kind == "max":
                setting["dilation"] = d
            else:
                setting["count_include_pad"] = draw(st.booleans())
            options.append(setting)
        return conv_specs._settings(draw, options)
    return draw_static


def _read_input(sizes: tuple[int, ...], kernel: Any, stride: Any, padding: int, dilation: int,
                ceil_mode: bool) -> bool:
    """Every window holds an input element (one of padding only is -inf, or has no count)."""
    windows = _windows(np.ones(sizes), kernel, stride, padding, dilation, ceil_mode, 0.0, 3)
    return all(w.sum() > 0 for w in windows.values())


def adaptive_max_static(n: int) -> Any:
    """Output sizes from 2 up (1, and a size's divisors, are max_pool's windows: the simplest
    example is the rule of its own, which tests/test_ops.py's coverage check then meets)."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        shape = shapes[0]
        if len(shape) not in (n + 1, n + 2) or 0 in shape:
            raise NoFit
        sizes = tuple(draw(st.integers(2, size + 2)) for size in shape[-n:])
        return {"output_size": sizes if n == 2 else sizes[0]}
    return draw_static


def lp_static(n: int) -> Any:
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        shape = shapes[0]
        if len(shape) not in (n + 1, n + 2) or 0 in shape:
            raise NoFit
        options = []
        for k, s, c in itertools.product([1, 2, 3] + [(2, 1, 2)[:n]] * (n > 1), [None, 1, 2],
                                         [False, True]):
            if min(_out_size(size, kk, 0, kk if s is None else s, 1, c)
                   for size, kk in zip(shape[-n:], _n(k, n), strict=True)) >= 1:
                options.append({"kernel_size": k, "stride": s, "ceil_mode": c})
        setting = conv_specs._settings(draw, options)
        return {"norm_type": draw(st.sampled_from([1, 2, 3, 1.5, math.inf])), **setting}
    return draw_static


def unpool_static(n: int) -> Any:
    """Settings whose output planes have room for every input value, and distinct indices
    (where two share one, the value overwritten has no derivative)."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        shape = shapes[0]
        if len(shape) not in (n + 1, n + 2) or 0 in shape:
            raise NoFit
        options = []
        for k, s, p in itertools.product([1, 2, 3], [None, 1, 2], [0, 1]):
            sizes = _unpool_default(shape[-n:], k, s, p)
            if min(sizes) >= 1 and math.prod(sizes) >= math.prod(shape[-n:]):
                options.append({"kernel_size": k, "stride": s, "padding": p})
        setting = conv_specs._settings(draw, options)
        sizes = _unpool_default(shape[-n:], setting["kernel_size"], setting.get("stride"),
                                setting.get("padding", 0))
        if draw(st.booleans()) and (setting.get("stride") or setting["kernel_size"]) > 1:
            sizes = tuple(size + 1 for size in sizes)  # within a stride: output_size= says
            setting["output_size"] = sizes
        lead, plane = shape[:-n], math.prod(shape[-n:])
        indices = np.stack([np.array(draw(st.permutations(range(math.prod(sizes)))))[:plane]
                            for _ in np.ndindex(*lead)]).reshape(shape)
        return {"indices": indices, **setting}
    return draw_static


register(
    OpSpec("conv3d", lambda x, w, b, **kw: F.conv3d(x, w, b, **kw), ref_conv3d, arity=3,
           shapes=conv3d_shapes, static=conv3d_static, graphs=False,
           api=("nn.functional.conv3d",)),
    OpSpec("max_pool3d", lambda x, **kw: F.max_pool3d(x, **kw), ref_max_pool3d, domain=GRID,
           unique=True, shapes=volume_shapes, static=pool3d_static("max"),
           kinks="ties within a window", graphs=False, api=("nn.functional.max_pool3d",)),
    OpSpec("avg_pool3d", lambda x, **kw: F.avg_pool3d(x, **kw), ref_avg_pool3d,
           shapes=volume_shapes, static=pool3d_static("avg"), graphs=False,
           api=("nn.functional.avg_pool3d",)),
    *(OpSpec(f"adaptive_max_pool{n}d", lambda x, f=f, **kw: f(x, **kw), ref_adaptive_max_pool,
             domain=GRID, unique=True, shapes=conv_specs.pool_shapes(n),
             static=adaptive_max_static(n), kinks="ties within a window", graphs=False,
             api=(f"nn.functional.adaptive_max_pool{n}d",))
      for n, f in ((1, F.adaptive_max_pool1d), (2, F.adaptive_max_pool2d))),
    *(OpSpec(f"lp_pool{n}d", lambda x, f=f, **kw: f(x, **kw), ref_lp_pool(n),
             domain=POSITIVE_GRID, unique=True, shapes=shapes, static=lp_static(n),
             kinks="ties within a window (p = inf); x^p for x <= 0: inputs are >= 0.1",
             graphs=False, api=(f"nn.functional.lp_pool{n}d",))
      for n, f, shapes in ((1, F.lp_pool1d, conv_specs.pool_shapes(1)),
                           (2, F.lp_pool2d, conv_specs.pool_shapes(2)),
                           (3, F.lp_pool3d, volume_shapes))),
    *(OpSpec(f"max_unpool{n}d", lambda x, f=f, **kw: f(x, **kw), ref_max_unpool(n),
             domain=REAL, shapes=shapes, static=unpool_static(n), graphs=False,
             api=(f"nn.functional.max_unpool{n}d",))
      for n, f, shapes in ((1, F.max_unpool1d, conv_specs.pool_shapes(1)),
                           (2, F.max_unpool2d, conv_specs.pool_shapes(2)),
                           (3, F.max_unpool3d, volume_shapes))),
)
