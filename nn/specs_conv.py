"""Spec rows for convolutional networks: convolutions, pooling, normalisation, embedding, pad.

With these rows, tests/test_ops.py checks each function's values against its reference
(nn/specs_references.py: the definitions written out), and its first and second derivatives
against central differences; random graphs draw them too. A static drawer finds arguments
that fit the shapes it is given and raises NoFit when none do: in a random graph (inputs of
up to 3 axes) the 1-D and unbatched rows are the ones that fit.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import GRID, KINK_MARGIN, NoFit, OpSpec, register

from . import functional as F  # noqa: N812 (PyTorch's habit)
from . import grad
from . import specs_references as ref

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


# --------------------------------------------------------------- normalisation, others


def _spread(axes_of: Any) -> Any:
    """For random graphs: every normalised group varies (its variance is at least 0.01)."""
    def safe(x: Any, **kw: Any) -> bool:
        x = np.asarray(x)
        groups = axes_of(x, kw)
        return groups is not None and bool(np.all(groups.var(axis=-1) >= 0.01))
    return safe


def _batch_groups(x: np.ndarray, kw: dict[str, Any]) -> np.ndarray | None:
    if x.ndim < 2:
        return None
    return np.moveaxis(x, 1, 0).reshape(x.shape[1], -1) if kw.get("training") else x.ravel()


def norm_shapes(draw: Draw, arity: int) -> Shapes:
    """(N, C, *) with at most 40 elements (GRID's 61 values stay all different), and two
    values at least per channel and per sample."""
    shape = draw(hnp.array_shapes(min_dims=2, max_dims=4, min_side=1, max_side=3))
    if shape[0] * int(np.prod(shape[2:])) < 2:
        shape = (2, *shape[1:])
    if shape[1] * int(np.prod(shape[2:])) < 2:
        shape = (shape[0], 2, *shape[2:])
    return (shape,) if int(np.prod(shape)) <= 40 else ((2, 2, 3),)


def batch_norm_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) < 2 or 0 in shape or shape[0] * int(np.prod(shape[2:])) < 2:
        raise NoFit
    if draw(st.booleans()):
        return {"training": True}
    channels = st.floats(-1, 1), st.floats(0.5, 2)
    mean, var = (draw(hnp.arrays(np.float64, (shape[1],), elements=e)) for e in channels)
    return {"training": False, "mean": mean, "var": var}


def layer_norm_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if not shape or 0 in shape:
        raise NoFit
    options = [k for k in range(1, len(shape) + 1) if int(np.prod(shape[-k:])) >= 2]
    if not options:
        raise NoFit
    return {"normalized_shape": shape[-draw(st.sampled_from(options)):]}


def group_norm_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) < 2 or 0 in shape:
        raise NoFit
    options = [g for g in range(1, shape[1] + 1)
               if shape[1] % g == 0 and shape[1] // g * int(np.prod(shape[2:])) >= 2]
    if not options:
        raise NoFit
    return {"num_groups": draw(st.sampled_from(options))}


def embedding_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) != 2 or shape[0] == 0:
        raise NoFit
    # No padding_idx: its row's gradient is zero by decree, not the derivative (see
    # tests/test_nn_conv.py's embedding tests).
    return {"index": draw(hnp.arrays(np.int64, hnp.array_shapes(min_dims=0, max_dims=2,
                                                                max_side=3),
                                     elements=st.integers(0, shape[0] - 1)))}


def _ref_embedding(w: np.ndarray, index: np.ndarray) -> np.ndarray:
    return w[index]


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
    OpSpec("conv_transpose2d", lambda x, w, **kw: F.conv_transpose2d(x, w, **kw),
           ref.ref_conv_transpose2d, arity=2, shapes=transpose_shapes(2, bias=False),
           static=transpose_static, graphs=False, api=("nn.functional.conv_transpose2d",)),
    OpSpec("conv_transpose1d", lambda x, w, **kw: F.conv_transpose1d(x, w, **kw),
           ref.ref_conv_transpose1d, arity=2, shapes=transpose_shapes(1, bias=False),
           static=transpose_static, api=("nn.functional.conv_transpose1d",)),
    OpSpec("conv2d_weight", lambda x, y, weight_size, **kw: grad.conv2d_weight(
               x, weight_size, y, **kw), ref.ref_conv2d_weight, arity=2,
           shapes=weight_grad_shapes, static=weight_grad_static, graphs=False,
           api=("nn.grad.conv2d_weight",)),
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
    OpSpec("batch_norm", lambda x, training, mean=None, var=None: F.batch_norm(
               x, mean, var, training=training), ref.ref_batch_norm, domain=GRID, unique=True,
           shapes=norm_shapes, static=batch_norm_static, safe=_spread(_batch_groups),
           kinks="1/sqrt(var + eps) is steep where a channel barely varies: inputs spread",
           api=("nn.functional.batch_norm",)),
    OpSpec("layer_norm", lambda x, **kw: F.layer_norm(x, **kw), lambda x, normalized_shape:
           ref._normalised(x, tuple(range(x.ndim - len(normalized_shape), x.ndim))),
           domain=GRID, unique=True, shapes=norm_shapes, static=layer_norm_static,
           safe=_spread(lambda x, kw: x.reshape(-1, int(np.prod(kw["normalized_shape"])))),
           kinks="as batch_norm's", api=("nn.functional.layer_norm",)),
    OpSpec("group_norm", lambda x, **kw: F.group_norm(x, **kw), ref.ref_group_norm,
           domain=GRID, unique=True, shapes=norm_shapes, static=group_norm_static,
           safe=_spread(lambda x, kw: x.reshape(x.shape[0] * kw["num_groups"], -1)),
           kinks="as batch_norm's", api=("nn.functional.group_norm",)),
    OpSpec("embedding", lambda w, index: F.embedding(index, w),
           _ref_embedding, shapes=lambda draw, arity: (draw(hnp.array_shapes(
               min_dims=2, max_dims=2, max_side=4)),), static=embedding_static,
           api=("nn.functional.embedding",)),
)
