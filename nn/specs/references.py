"""References for the spec rows of convolutional networks (nn/specs/conv.py): each is the
textbook definition written out in numpy (a loop over output positions or windows, np.pad),
independent of how nn computes it (im2col, strided views, a matrix product).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np


def _pair(v: Any) -> tuple[int, int]:
    return tuple(v) if isinstance(v, tuple) else (v, v)  # type: ignore[return-value]


def _pads(padding: Any, kernel: tuple[int, ...], dilation: tuple[int, ...]
          ) -> list[tuple[int, int]]:
    """(before, after) per axis: ints, 'valid', or 'same' (the extra zero after)."""
    if padding == "valid":
        return [(0, 0)] * len(kernel)
    if padding == "same":
        return [(d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2)
                for k, d in zip(kernel, dilation, strict=True)]
    return [(p, p) for p in (padding if isinstance(padding, tuple) else (padding,) * len(kernel))]


# ------------------------------------------------------------- references, by definition


def ref_conv2d(x: np.ndarray, w: np.ndarray, b: Any = None, stride: Any = 1, padding: Any = 0,
               dilation: Any = 1, groups: int = 1) -> np.ndarray:
    """y[n, o, i, j] = b[o] + sum over o's group's channels c and the kernel (p, q) of
    xpad[n, c, i s + p d, j s + q d] w[o, c, p, q]."""
    (sh, sw), (dh, dw) = _pair(stride), _pair(dilation)
    (top, bottom), (left, right) = _pads(padding, w.shape[2:], (dh, dw))
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    out_c, per_group, kh, kw = w.shape
    out_h = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
    out_w = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((x.shape[0], out_c, out_h, out_w))
    for o, i, j in itertools.product(range(out_c), range(out_h), range(out_w)):
        g = o // (out_c // groups)
        patch = xp[:, g * per_group:(g + 1) * per_group,
                   i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw]
        y[:, o, i, j] = (patch * w[o]).sum(axis=(1, 2, 3))
    return y if b is None else y + b[:, None, None]


def ref_conv1d(x: np.ndarray, w: np.ndarray, **kw: Any) -> np.ndarray:
    two_d = {k: ((1, v) if k != "padding" else (0, v)) if isinstance(v, int) else v
             for k, v in kw.items() if k != "groups"}
    return ref_conv2d(x[:, :, None], w[:, :, None], groups=kw.get("groups", 1),
                      **two_d)[:, :, 0]


def ref_conv_transpose2d(x: np.ndarray, w: np.ndarray, b: Any = None, stride: Any = 1,
                         padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                         dilation: Any = 1) -> np.ndarray:
    """Each input x[n, c, i, j] adds x * w[c, o] at (i s - p + k_h d, j s - p + k_w d) of
    output channel o of c's group."""
    (sh, sw), (ph, pw), (eh, ew), (dh, dw) = map(_pair, (stride, padding, output_padding,
                                                        dilation))
    in_c, per_group, kh, kw = w.shape
    height = (x.shape[2] - 1) * sh - 2 * ph + dh * (kh - 1) + eh + 1
    width = (x.shape[3] - 1) * sw - 2 * pw + dw * (kw - 1) + ew + 1
    y = np.zeros((x.shape[0], per_group * groups, height + 2 * ph + sh + dh * kh,
                  width + 2 * pw + sw + dw * kw))
    for c, i, j, p, q in itertools.product(range(in_c), range(x.shape[2]), range(x.shape[3]),
                                           range(kh), range(kw)):
        g = c // (in_c // groups)
        y[:, g * per_group:(g + 1) * per_group, i * sh + p * dh, j * sw + q * dw] += (
            x[:, c, i, j, None] * w[c, :, p, q])
    y = y[:, :, ph:ph + height, pw:pw + width]
    return y if b is None else y + b[:, None, None]


def ref_conv_transpose1d(x: np.ndarray, w: np.ndarray, **kw: Any) -> np.ndarray:
    two_d = {k: (v if k == "groups" else (0 if k in ("padding", "output_padding") else 1, v))
             for k, v in kw.items()}
    return ref_conv_transpose2d(x[:, :, None], w[:, :, None], **two_d)[:, :, 0]


def ref_conv2d_weight(x: np.ndarray, y: np.ndarray, weight_size: tuple[int, ...],
                      stride: Any = 1, padding: Any = 0, dilation: Any = 1,
                      groups: int = 1) -> np.ndarray:
    """dw[o, c, p, q] = sum over n, i, j of xpad[n, (o's group) c, i s + p d, j s + q d]
    y[n, o, i, j]."""
    (sh, sw), (dh, dw) = _pair(stride), _pair(dilation)
    (top, bottom), (left, right) = _pads(padding, weight_size[2:], (dh, dw))
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    out_c, per_group, kh, kw = weight_size
    gw = np.zeros(weight_size)
    for o, c, p, q in itertools.product(*map(range, weight_size)):
        channel = o // (out_c // groups) * per_group + c
        window = xp[:, channel, p * dh:p * dh + sh * (y.shape[2] - 1) + 1:sh,
                    q * dw:q * dw + sw * (y.shape[3] - 1) + 1:sw]
        gw[o, c, p, q] = (window * y[:, o]).sum()
    return gw


def _windows_2d(x: np.ndarray, kernel: Any, stride: Any, padding: Any, dilation: Any,
                ceil_mode: bool, fill: float) -> tuple[list[list[np.ndarray]], np.ndarray]:
    """Each window of x (..., H, W) (x padded with `fill`, as far as any window reaches),
    by output position; and the padded x."""
    (kh, kw), (ph, pw), (dh, dw) = map(_pair, (kernel, padding, dilation))
    (sh, sw) = _pair(kernel if stride is None else stride)
    sizes = []
    for n, k, p, s, d in ((x.shape[-2], kh, ph, sh, dh), (x.shape[-1], kw, pw, sw, dw)):
        out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
        sizes.append(out - 1 if ceil_mode and (out - 1) * s >= n + p else out)
    lead = [(0, 0)] * (x.ndim - 2)
    xp = np.pad(x, lead + [(ph, ph + sh * 2 + dh * kh), (pw, pw + sw * 2 + dw * kw)],
                constant_values=fill)
    return [[xp[..., i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw]
             for j in range(sizes[1])] for i in range(sizes[0])], xp


def ref_max_pool2d(x: np.ndarray, kernel_size: Any, stride: Any = None, padding: Any = 0,
                   dilation: Any = 1, ceil_mode: bool = False) -> np.ndarray:
    rows, _ = _windows_2d(x, kernel_size, stride, padding, dilation, ceil_mode, -np.inf)
    return np.stack([np.stack([w.max(axis=(-2, -1)) for w in row], -1) for row in rows], -2)


def ref_avg_pool2d(x: np.ndarray, kernel_size: Any, stride: Any = None, padding: Any = 0,
                   ceil_mode: bool = False, count_include_pad: bool = True,
                   divisor_override: Any = None) -> np.ndarray:
    """Each window's sum over the count PyTorch divides by: the window cut to the padded
    input, or to the input itself (count_include_pad=False), or divisor_override."""
    rows, _ = _windows_2d(x, kernel_size, stride, padding, 1, ceil_mode, 0.0)
    (kh, kw), (ph, pw) = _pair(kernel_size), _pair(padding)
    (sh, sw) = _pair(kernel_size if stride is None else stride)
    (height, width) = x.shape[-2:]
    out = np.zeros(x.shape[:-2] + (len(rows), len(rows[0])))
    for i, j in itertools.product(range(len(rows)), range(len(rows[0]))):
        top, left = i * sh - ph, j * sw - pw
        bottom, right = min(top + kh, height + ph), min(left + kw, width + pw)
        if not count_include_pad:
            top, left, bottom, right = max(top, 0), max(left, 0), min(bottom, height), \
                min(right, width)
        divisor = divisor_override or (bottom - top) * (right - left)
        out[..., i, j] = rows[i][j].sum(axis=(-2, -1)) / divisor
    return out


def _one_d(ref: Any) -> Any:
    """A 2-D pooling reference applied to 1-D input (..., L) as (..., 1, L)."""
    def ref_1d(x: np.ndarray, **kw: Any) -> np.ndarray:
        two_d = {k: (v if isinstance(v, bool) or v is None else (1 if k != "padding" else 0, v))
                 for k, v in kw.items()}
        return ref(x[..., None, :], **two_d)[..., 0, :]
    return ref_1d


def ref_adaptive_avg_pool(x: np.ndarray, output_size: Any) -> np.ndarray:
    """Mean over PyTorch's windows [floor(i n / m), ceil((i + 1) n / m)) on each of the
    last len(output_size) axes."""
    sizes = output_size if isinstance(output_size, tuple) else (output_size,)
    for axis, m in zip(range(x.ndim - len(sizes), x.ndim), sizes, strict=True):
        n = x.shape[axis]
        parts = [np.take(x, range(i * n // m, -(-(i + 1) * n // m)), axis).mean(axis, keepdims=True)
                 for i in range(m)]
        x = np.concatenate(parts, axis)
    return x


def _normalised(x: np.ndarray, axes: tuple[int, ...], eps: float = 1e-5) -> np.ndarray:
    return (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + eps)


def ref_batch_norm(x: np.ndarray, training: bool, mean: Any = None, var: Any = None
                   ) -> np.ndarray:
    if training:
        return _normalised(x, (0, *range(2, x.ndim)))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + 1e-5)


def ref_group_norm(x: np.ndarray, num_groups: int) -> np.ndarray:
    return _normalised(x.reshape(x.shape[0], num_groups, -1), (2,)).reshape(x.shape)




def ref_unfold(x: np.ndarray, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
               stride: Any = 1) -> np.ndarray:
    """out[n, (c kh + p) kw + q, i Wo + j] = xpad[n, c, i s + p d, j s + q d]."""
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = map(_pair, (kernel_size, dilation, padding, stride))
    batched = x if x.ndim == 4 else x[None]
    xp = np.pad(batched, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out_h = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
    out_w = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((xp.shape[0], xp.shape[1] * kh * kw, out_h * out_w))
    for c, p, q, i, j in itertools.product(range(xp.shape[1]), range(kh), range(kw),
                                           range(out_h), range(out_w)):
        out[:, (c * kh + p) * kw + q, i * out_w + j] = xp[:, c, i * sh + p * dh, j * sw + q * dw]
    return out if x.ndim == 4 else out[0]


def ref_fold(cols: np.ndarray, output_size: Any, kernel_size: Any, dilation: Any = 1,
             padding: Any = 0, stride: Any = 1) -> np.ndarray:
    """unfold's adjoint: each column entry added at the place unfold read it from."""
    (height, width), (kh, kw) = _pair(output_size), _pair(kernel_size)
    (dh, dw), (ph, pw), (sh, sw) = map(_pair, (dilation, padding, stride))
    batched = cols if cols.ndim == 3 else cols[None]
    out_w = (width + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((batched.shape[0], batched.shape[1] // (kh * kw), height + 2 * ph,
                  width + 2 * pw))
    for c, p, q, position in itertools.product(range(y.shape[1]), range(kh), range(kw),
                                               range(batched.shape[2])):
        i, j = divmod(position, out_w)
        y[:, c, i * sh + p * dh, j * sw + q * dw] += batched[:, (c * kh + p) * kw + q, position]
    y = y[:, :, ph:ph + height, pw:pw + width]
    return y if cols.ndim == 3 else y[0]


def softmax_reference(x: np.ndarray, dim: int) -> np.ndarray:
    """softmax along dim, in numpy (a 0-d input is 1, an empty one stays empty)."""
    if x.ndim == 0:
        return np.ones_like(x)
    if x.size == 0:
        return x.copy()
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)
