"""Spec rows for convolutional networks: convolutions, fold and unfold, pooling (normalisation
and embedding are in nn/specs/norm.py).

With these rows, tests/test_ops.py checks each function's values against its reference
(nn/specs/references.py: the definitions written out), and its first and second derivatives
against central differences; random graphs draw them too. A static drawer finds arguments
that fit the shapes it is given and raises NoFit when none do: in a random graph (inputs of
up to 3 axes) the 1-D and unbatched rows are the ones that fit.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st

from autograd.specs import GRID, KINK_MARGIN, NoFit, OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from .. import grad
from . import references as ref

Draw = Any
Shapes = tuple[tuple[int, ...], ...]


def _out(size: int, k: int, pads: tuple[int, int], s: int, d: int) -> int:
    return (size + pads[0] + pads[1] - d * (k - 1) - 1) // s + 1


def _fits(sizes: tuple[int, ...], kernel: tuple[int, ...], stride: Any, padding: Any,
          dilation: Any) -> tuple[int, ...] | None:
    """The output sizes of a convolution with these settings, or None if one is < 1."""
    n = len(sizes)
    stride, dilation = (ref._pair(stride), ref._pair(dilation)) if n == 2 else (
        (stride,), (dilation,))
    if padding == "same" and any(s != 1 for s in stride):
        return None
    pads = ref._pads(padding, kernel, dilation)
    out = tuple(_out(*args) for args in zip(sizes, kernel, pads, stride, dilation, strict=True))
    return out if min(out) >= 1 else None


DEFAULTS = {"stride": (1, None), "padding": (0,), "dilation": (1,), "output_padding": (0,),
            "groups": (1,), "ceil_mode": (False,), "count_include_pad": (True,)}


def _settings(draw: Draw, options: list[dict[str, Any]]) -> dict[str, Any]:
    """One of the settings that fit (NoFit if none), default values sometimes left out."""
    if not options:
        raise NoFit
    chosen = draw(st.sampled_from(options))
    return {k: v for k, v in chosen.items()
            if not any(v is d or (type(v) is type(d) and v == d) for d in DEFAULTS.get(k, ()))
            or draw(st.booleans())}


def _groups(channels: int, per_group: int, out_channels: int) -> int:
    """groups from the weight's shape: in_channels / (in_channels per group), checked."""
    if per_group == 0 or channels % per_group or out_channels % (channels // per_group):
        raise NoFit
    return channels // per_group


# ---------------------------------------------------------------------- convolutions


def conv_shapes(spatial: int, bias: bool) -> Any:
    """x (N, g C, *size), w (g O, C, *kernel), and b (g O,): sizes at least the kernel."""
    def draw_shapes(draw: Draw, arity: int) -> Shapes:
        groups, per_in, per_out = draw(st.sampled_from([1, 1, 2])), draw(st.integers(1, 2)), \
            draw(st.integers(1, 2))
        kernel = tuple(draw(st.integers(1, 3)) for _ in range(spatial))
        sizes = tuple(draw(st.integers(k, 5 - spatial)) for k in kernel)
        x = (draw(st.integers(1, 2)), groups * per_in, *sizes)
        w = (groups * per_out, per_in, *kernel)
        return (x, w, (w[0],)) if bias else (x, w)
    return draw_shapes


def conv_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    x, w = shapes[0], shapes[1]
    spatial = len(x) - 2
    if spatial not in (1, 2) or len(w) != len(x) or shapes[2:] not in ((), ((w[0],),)):
        raise NoFit
    groups = _groups(x[1], w[1], w[0])
    strides = [1, 2] + ([(1, 2)] if spatial == 2 else [])
    dilations = [1, 2] + ([(2, 1)] if spatial == 2 else [])
    paddings = [0, 1, "valid", "same"] + ([(1, 0)] if spatial == 2 else [])
    options = [{"stride": s, "padding": p, "dilation": d, "groups": groups}
               for s, p, d in itertools.product(strides, paddings, dilations)
               if _fits(x[2:], w[2:], s, p, d)]
    return _settings(draw, options)


def transpose_shapes(spatial: int, bias: bool) -> Any:
    def draw_shapes(draw: Draw, arity: int) -> Shapes:
        groups, per_in, per_out = draw(st.sampled_from([1, 1, 2])), draw(st.integers(1, 2)), \
            draw(st.integers(1, 2))
        x = (draw(st.integers(1, 2)), groups * per_in,
             *(draw(st.integers(1, 3)) for _ in range(spatial)))
        w = (groups * per_in, per_out, *(draw(st.integers(1, 3)) for _ in range(spatial)))
        return (x, w, (groups * per_out,)) if bias else (x, w)
    return draw_shapes


def transpose_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    x, w = shapes[0], shapes[1]
    spatial = len(x) - 2
    if spatial not in (1, 2) or len(w) != len(x) or x[1] != w[0] or w[0] == 0:
        raise NoFit
    if len(shapes) == 3:  # the bias says how many groups: it has w[1] * groups entries
        if len(shapes[2]) != 1 or w[1] == 0 or shapes[2][0] % w[1]:
            raise NoFit
        groups = [shapes[2][0] // w[1]]
    else:
        groups = [g for g in (1, 2) if w[0] % g == 0]
    if not groups or w[0] % groups[0]:
        raise NoFit
    options = []
    for s, p, e, d, g in itertools.product([1, 2], [0, 1], [0, 1], [1, 2], groups):
        sizes = [(h - 1) * s - 2 * p + d * (k - 1) + e + 1 for h, k in zip(x[2:], w[2:],
                                                                           strict=True)]
        if (e < s or e < d) and min(sizes) >= 1:
            options.append({"stride": s, "padding": p, "output_padding": e, "dilation": d,
                            "groups": g})
    return _settings(draw, options)


def weight_grad_shapes(draw: Draw, arity: int) -> Shapes:
    """x and the gradient of conv2d's output, for a drawn geometry (found again by
    weight_grad_static)."""
    x, w = conv_shapes(2, False)(draw, 2)
    static = conv_static(draw, (x, w))
    out = _fits(x[2:], w[2:], static.get("stride", 1), static.get("padding", 0),
                static.get("dilation", 1))
    return (x, (x[0], w[0], *out))  # type: ignore[misc]


def weight_grad_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    x, y = shapes
    if len(x) != 4 or len(y) != 4 or x[0] != y[0]:
        raise NoFit
    options = []
    for kh, kw, s, p, d, g in itertools.product([1, 2, 3], [1, 2, 3], [1, 2, (1, 2)],
                                                [0, 1, (1, 0)], [1, 2, (2, 1)], [1, 2]):
        if x[1] % g or y[1] % g or _fits(x[2:], (kh, kw), s, p, d) != y[2:]:
            continue
        options.append({"weight_size": (y[1], x[1] // g, kh, kw), "stride": s, "padding": p,
                        "dilation": d, "groups": g})
    return _settings(draw, options)


def _fold_options(sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """unfold's settings whose windows fit (H, W): each with its number of windows, L."""
    options = []
    for k, d, p, s in itertools.product([1, 2, (2, 1), 3], [1, 2], [0, 1], [1, (1, 2)]):
        out = _fits(sizes, ref._pair(k), s, p, d)
        if out:
            options.append({"kernel_size": k, "dilation": d, "padding": p, "stride": s,
                            "L": out[0] * out[1]})
    return options


def unfold_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) not in (3, 4) or 0 in shape:
        raise NoFit
    options = _fold_options(shape[-2:])
    return _settings(draw, [{k: v for k, v in o.items() if k != "L"} for o in options])


def fold_shapes(draw: Draw, arity: int) -> Shapes:
    """unfold's output for a drawn input and settings: (N, C * kh * kw, L) or unbatched."""
    (shape,) = pool_shapes(2)(draw, 1)
    o = draw(st.sampled_from(_fold_options(shape[-2:])))
    k = ref._pair(o["kernel_size"])
    return (shape[:-3] + (shape[-3] * k[0] * k[1], o["L"]),)


def fold_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """Settings and an output_size (up to 4 x 3) whose windows are the columns' L."""
    shape = shapes[0]
    if len(shape) not in (2, 3) or 0 in shape:
        raise NoFit
    options = []
    for size in itertools.product(range(1, 5), range(1, 4)):
        for o in _fold_options(size):
            k = ref._pair(o.pop("kernel_size"))
            if o.pop("L") == shape[-1] and shape[-2] % (k[0] * k[1]) == 0:
                options.append({"output_size": size, "kernel_size": k, **o})
    return _settings(draw, options)


# --------------------------------------------------------------------------- pooling


def pool_shapes(spatial: int) -> Any:
    """Batched or not; at most 48 elements, so GRID's 61 values can be all different."""
    def draw_shapes(draw: Draw, arity: int) -> Shapes:
        lead = (draw(st.integers(1, 2)),) * draw(st.booleans()) + (draw(st.integers(1, 2)),)
        sizes = ((draw(st.integers(1, 4)), draw(st.integers(1, 3))) if spatial == 2
                 else (draw(st.integers(1, 6)),))
        return (lead + sizes,)
    return draw_shapes


def pool_static(spatial: int, kind: str) -> Any:
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        shape = shapes[0]
        if len(shape) not in (spatial + 1, spatial + 2) or 0 in shape:
            raise NoFit
        sizes = shape[-spatial:]
        kernels = [1, 2, 3] + ([(2, 1)] if spatial == 2 else [])
        options = []
        for k, s, p, d, c in itertools.product(kernels, [None, 1, 2], [0, 1], [1, 2] if
                                               kind == "max" else [1], [False, True]):
            reach = [dd * (kk - 1) + 1 for kk, dd in zip(ref._pair(k), ref._pair(d),
                                                         strict=True)][2 - spatial:]
            if any(2 * p > r for r in reach) or not _pool_fits(sizes, k, s, p, d, c) \
                    or not _windows_read_input(sizes, k, s, p, d, c):
                continue
            setting = {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": c}
            if kind == "max":
                setting["dilation"] = d
            else:
                setting["count_include_pad"] = draw(st.booleans())
            options.append(setting)
        return _settings(draw, options)
    return draw_static


def _pool_fits(sizes: tuple[int, ...], k: Any, s: Any, p: int, d: int, ceil: bool) -> bool:
    for n, kk, ss, dd in zip(sizes, ref._pair(k)[-len(sizes):],
                             ref._pair(k if s is None else s)[-len(sizes):],
                             ref._pair(d)[-len(sizes):], strict=True):
        out = (n + 2 * p - dd * (kk - 1) - 1 + (ss - 1 if ceil else 0)) // ss + 1
        if ceil and (out - 1) * ss >= n + p:
            out -= 1
        if out < 1:
            return False
    return True


def _windows_read_input(sizes: tuple[int, ...], k: Any, s: Any, p: int, d: Any, c: bool
                        ) -> bool:
    """Every window holds an input element (one of padding only is -inf for max pooling, and
    has no divisor for average pooling without count_include_pad)."""
    ones = np.ones((1,) * (2 - len(sizes)) + tuple(sizes))
    two_d = (lambda v: v) if len(sizes) == 2 else (lambda v: v if v is None else (1, v))
    windows, _ = ref._windows_2d(ones, two_d(k), two_d(s), (0, p) if len(sizes) == 1 else p,
                                 two_d(d), c, 0.0)
    return all(w.sum() > 0 for w in itertools.chain.from_iterable(windows))


def _pool_no_ties(spatial: int) -> Any:
    """Each window's maximum is alone by KINK_MARGIN (for max pooling in random graphs)."""
    def safe(x: Any, **kw: Any) -> bool:
        x = np.asarray(x, dtype=float)
        x2 = x[..., None, :] if spatial == 1 else x
        kw2 = {k: (v if spatial == 2 or isinstance(v, bool) or v is None
                   else (1 if k != "padding" else 0, v)) for k, v in kw.items()}
        windows, _ = ref._windows_2d(x2, kw2["kernel_size"], kw2.get("stride"),
                                     kw2.get("padding", 0), kw2.get("dilation", 1),
                                     kw2.get("ceil_mode", False), -np.inf)
        for w in itertools.chain.from_iterable(windows):
            top = np.sort(w.reshape(*w.shape[:-2], -1), axis=-1)[..., -2:]
            if top.shape[-1] == 2 and np.any(top[..., 1] - top[..., 0] < KINK_MARGIN):
                return False
        return True
    return safe


def adaptive_static(spatial: int) -> Any:
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        shape = shapes[0]
        if len(shape) not in (spatial + 1, spatial + 2) or 0 in shape:
            raise NoFit
        sizes = tuple(draw(st.integers(1, n + 1)) for n in shape[-spatial:])
        return {"output_size": sizes if spatial == 2 else sizes[0]}
    return draw_static


# The 2-D convolutions take 4-D inputs, which random graphs (inputs of up to 3 axes) seldom
# build: they are not drawn there (graphs=False). Random graphs draw the same three rules
# through conv1d and conv_transpose1d (a 1-D convolution is a 2-D one of height 1), and
# conv_weight through their derivatives.
register(
    OpSpec("conv2d", lambda x, w, b, **kw: F.conv2d(x, w, b, **kw), ref.ref_conv2d, arity=3,
           shapes=conv_shapes(2, bias=True), static=conv_static, graphs=False,
           api=("nn.functional.conv2d",)),
    OpSpec("conv1d", lambda x, w, **kw: F.conv1d(x, w, **kw), ref.ref_conv1d, arity=2,
           shapes=conv_shapes(1, bias=False), static=conv_static, api=("nn.functional.conv1d",)),
    OpSpec("conv_transpose2d", lambda x, w, b, **kw: F.conv_transpose2d(x, w, b, **kw),
           ref.ref_conv_transpose2d, arity=3, shapes=transpose_shapes(2, bias=True),
           static=transpose_static, graphs=False, api=("nn.functional.conv_transpose2d",)),
    OpSpec("conv_transpose1d", lambda x, w, **kw: F.conv_transpose1d(x, w, **kw),
           ref.ref_conv_transpose1d, arity=2, shapes=transpose_shapes(1, bias=False),
           static=transpose_static, api=("nn.functional.conv_transpose1d",)),
    OpSpec("conv2d_weight", lambda x, y, weight_size, **kw: grad.conv2d_weight(
               x, weight_size, y, **kw), ref.ref_conv2d_weight, arity=2,
           shapes=weight_grad_shapes, static=weight_grad_static, graphs=False,
           api=("nn.grad.conv2d_weight",)),
    OpSpec("unfold", lambda x, **kw: F.unfold(x, **kw), ref.ref_unfold, shapes=pool_shapes(2),
           static=unfold_static, api=("nn.functional.unfold",)),
    OpSpec("fold", lambda x, **kw: F.fold(x, **kw), ref.ref_fold, shapes=fold_shapes,
           static=fold_static, api=("nn.functional.fold",)),
    OpSpec("max_pool2d", lambda x, **kw: F.max_pool2d(x, **kw), ref.ref_max_pool2d,
           domain=GRID, unique=True, shapes=pool_shapes(2), static=pool_static(2, "max"),
           kinks="ties within a window", safe=_pool_no_ties(2), api=("nn.functional.max_pool2d",)),
    OpSpec("max_pool1d", lambda x, **kw: F.max_pool1d(x, **kw), ref._one_d(ref.ref_max_pool2d),
           domain=GRID, unique=True, shapes=pool_shapes(1), static=pool_static(1, "max"),
           kinks="ties within a window", safe=_pool_no_ties(1), api=("nn.functional.max_pool1d",)),
    OpSpec("avg_pool2d", lambda x, **kw: F.avg_pool2d(x, **kw), ref.ref_avg_pool2d,
           shapes=pool_shapes(2), static=pool_static(2, "avg"), api=("nn.functional.avg_pool2d",)),
    OpSpec("avg_pool1d", lambda x, **kw: F.avg_pool1d(x, **kw), ref._one_d(ref.ref_avg_pool2d),
           shapes=pool_shapes(1), static=pool_static(1, "avg"), api=("nn.functional.avg_pool1d",)),
    OpSpec("adaptive_avg_pool2d", lambda x, **kw: F.adaptive_avg_pool2d(x, **kw),
           ref.ref_adaptive_avg_pool, shapes=pool_shapes(2), static=adaptive_static(2),
           api=("nn.functional.adaptive_avg_pool2d",)),
    OpSpec("adaptive_avg_pool1d", lambda x, **kw: F.adaptive_avg_pool1d(x, **kw),
           ref.ref_adaptive_avg_pool, shapes=pool_shapes(1), static=adaptive_static(1),
           api=("nn.functional.adaptive_avg_pool1d",)),
)
