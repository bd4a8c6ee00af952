"""More pooling, as PyTorch's: adaptive max pooling, power-average (LP) pooling, and max
unpooling, 1-D and 2-D (with nn/pool/pooling3d.py's max_pool3d, 3-D for all three: its
adaptive_max_pool3d is _adaptive_max_pool here).

Each is made of rules that already exist, so derivatives of every order come with it
(adaptive max pooling of uneven windows is one rule more, with max_pool's vjp):

- adaptive_max_pool is max_pool over PyTorch's windows [floor(i n / m), ceil((i + 1) n / m)),
  where every size is a multiple of the output's (kernel = stride = n / m: one node, ONNX's
  MaxPool). Else it is a rule of its own (its windows are no MaxPool's: ONNX has no op
  for them), whose vjp is max_pool's: numpy finds each window's maximum as PyTorch's kernel
  does (a value wins if it is larger than the best so far, or nan: the first maximum, or
  the last nan), and g goes back there (adding up where windows share one).
- lp_pool is PyTorch's formula, (sign(s) relu(|s|) k)^(1/p) with s = avg_pool(x^p), k the
  kernel's size: the p-norm of each window; p = inf is max_pool of |x|.
- max_unpool writes each value at its index in zeros (`scatter`: where two values share an
  index, the later one is kept, as PyTorch's CPU kernel, and the one overwritten gets no
  gradient, where PyTorch's backward gives it the gradient at that index too).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import Primitive, Tensor, ops
from autograd.arguments import index_result, positions, real, shown

from .. import arguments
from ..convolution import conv
from ..convolution.conv_rules import Saved
from . import pooling as pool
from . import pooling_rules as rules
from .pooling3d import avg_pool3d, max_pool3d
from .pooling_volumes import first_maxima

# ---------------------------------------------------------------- adaptive max pooling


def _bins(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's adaptive windows: [floor(i size / out), ceil((i + 1) size / out))."""
    i = np.arange(out)
    return i * size // out, -(-(i + 1) * size // out)


def _adaptive_output(output_size: Any, sizes: tuple[int, ...], where: str) -> tuple[int, ...]:
    """An int or n ints (None keeps that size; 0 gives an empty output, as PyTorch)."""
    return pool._adaptive_sizes(output_size, sizes, where, minimum=0)


def _adaptive_maxima(x: np.ndarray, outs: tuple[int, ...]) -> np.ndarray:
    """For x (..., *sizes): each adaptive window's maximum's index in its plane (h * W + w),
    as PyTorch's kernel finds it."""
    n, lead = len(outs), x.ndim - len(outs)
    sizes = x.shape[lead:]
    # Each axis's windows, padded to the widest with -inf (which never wins): positions
    # (out, K), read as one fancy index into (..., o0, K0, o1, K1).
    starts, grids, valid = [], [], np.ones((1,) * (2 * n), bool)
    for a, (size, out) in enumerate(zip(sizes, outs, strict=True)):
        start, end = _bins(size, out)
        width = int((end - start).max(initial=1))
        at = start[:, None] + np.arange(width)
        shape = [1] * (2 * n)
        shape[2 * a:2 * a + 2] = at.shape
        grids.append(np.minimum(at, size - 1).reshape(shape))
        valid = valid & (at < end[:, None]).reshape(shape)
        starts.append(start)
    windows = np.where(valid, x[(..., *grids)], -np.inf)
    order = (*range(lead), *(lead + 2 * a for a in range(n)),
             *(lead + 2 * a + 1 for a in range(n)))
    widths = [g.shape[2 * a + 1] for a, g in enumerate(grids)]
    windows = windows.transpose(order).reshape(*x.shape[:lead], *outs, math.prod(widths))
    position, _ = first_maxima(windows)  # where none won: the window's start (offset 0)
    offsets = np.unravel_index(position, widths)
    flat = np.zeros(position.shape, np.int64)
    for a in range(n):
        index = [None] * n
        index[a] = slice(None)
        flat = flat * sizes[a] + starts[a][tuple(index)] + offsets[a]
    return flat


def _adaptive_max_forward(x: np.ndarray, outs: tuple[int, ...], saved: Saved) -> np.ndarray:
    """Each window's maximum. Saved as max_pool's forward saves them (its vjp is this rule's):
    each maximum's index in x (`at`, C order), no window of padding only, x's axes in that
    order; and each maximum's index in its plane (`index`)."""
    flat = _adaptive_maxima(x, outs)
    lead = x.shape[:x.ndim - len(outs)]
    planes = np.arange(math.prod(lead)).reshape(lead + (1,) * len(outs))
    at = planes * math.prod(x.shape[len(lead):]) + flat
    saved.at, saved.outside, saved.order = at.reshape(-1), None, tuple(range(x.ndim))
    saved.index = flat
    return np.ascontiguousarray(x).reshape(-1)[saved.at].reshape(flat.shape)


adaptive_max_pool = Primitive("adaptive_max_pool", _adaptive_max_forward,
                              (rules._max_pool_vjp,))
"""the maximum of each of PyTorch's adaptive windows: d/dx puts g at each window's first
maximum (adding up where windows share one), as max_pool's vjp"""


def _adaptive_max_pool(input: Any, n: int, output_size: Any, return_indices: Any,  # noqa: A002
                       where: str) -> Any:
    x = conv.tensor(input, where)
    if x.ndim not in (n + 1, n + 2):
        raise ValueError(f"{where}: expected a {n + 1}-D (unbatched) or {n + 2}-D (batched) "
                         f"input, got shape {x.shape}")
    if 0 in x.shape[x.ndim - n - 1:]:
        raise ValueError(f"{where}: expected an input with no empty dims but the batch's, "
                         f"got shape {x.shape}")
    return_indices = arguments.flag(return_indices, "return_indices", where)
    sizes = x.shape[x.ndim - n:]
    outs = _adaptive_output(output_size, sizes, where)
    if all(o and size % o == 0 for size, o in zip(sizes, outs, strict=True)):
        # windows side by side, of one size: max pooling's (one node, ONNX's MaxPool)
        kernel = tuple(size // o for size, o in zip(sizes, outs, strict=True))
        if n == 3:  # volumes: max_pool3d's (the same rule, with its indices)
            return max_pool3d(x, kernel, kernel, 0, 1, False, return_indices)
        return pool._max_pool(x, n, kernel, kernel, 0, 1, False, return_indices, where)
    saved = Saved()
    values = adaptive_max_pool(x, outs, saved)
    return (values, index_result(saved.index, Tensor)) if return_indices else values


def adaptive_max_pool2d(input: Any, output_size: Any, return_indices: bool = False  # noqa: A002
                        ) -> Any:
    """Max pooling to a given (Ho, Wo) (an int or a pair; None keeps that size) over
    (N, C, H, W) or (C, H, W), with PyTorch's windows and tie rule; with return_indices,
    also each maximum's index h * W + w in its plane."""
    return _adaptive_max_pool(input, 2, output_size, return_indices, "adaptive_max_pool2d")


def adaptive_max_pool1d(input: Any, output_size: Any, return_indices: bool = False  # noqa: A002
                        ) -> Any:
    """Max pooling to a given length over (N, C, L) or (C, L), with PyTorch's windows."""
    return _adaptive_max_pool(input, 1, output_size, return_indices, "adaptive_max_pool1d")


def adaptive_max_pool3d(input: Any, output_size: Any, return_indices: bool = False  # noqa: A002
                        ) -> Any:
    """Max pooling to a given (Do, Ho, Wo) (an int or 3; None keeps that size) over
    (N, C, D, H, W) or (C, D, H, W), with PyTorch's windows and tie rule; with
    return_indices, also each maximum's index t * H * W + h * W + w in its plane."""
    return _adaptive_max_pool(input, 3, output_size, return_indices, "adaptive_max_pool3d")


# ---------------------------------------------------------- power-average pooling


def _lp_pool(input: Any, n: int, norm_type: Any, kernel_size: Any, stride: Any,  # noqa: A002
             ceil_mode: Any, where: str) -> Tensor:
    x = conv.tensor(input, where)
    p = real(norm_type, "norm_type", where)
    if p == 0 or math.isnan(p):
        raise ValueError(f"{where}: norm_type must be a nonzero number (the p of the p-norm), "
                         f"got {norm_type!r}")
    kernel, stride, _, _ = pool._settings(kernel_size, stride, 0, 1, n, where)
    ceil_mode = arguments.flag(ceil_mode, "ceil_mode", where)
    planes, _ = pool._planes(x, n, where)  # the shape, and the windows, checked here
    pool._geometry(planes, kernel, stride, (0,) * n, (1,) * n, ceil_mode, where, False)
    max_pool = {1: pool.max_pool1d, 2: pool.max_pool2d, 3: max_pool3d}[n]
    avg_pool = {1: pool.avg_pool1d, 2: pool.avg_pool2d, 3: avg_pool3d}[n]
    if p == math.inf:
        return max_pool(x.abs(), kernel, stride, 0, 1, ceil_mode)
    if p == -math.inf:
        return -max_pool(-x.abs(), kernel, stride, 0, 1, ceil_mode)
    s = avg_pool(x ** p, kernel, stride, 0, ceil_mode)
    # PyTorch's formula: relu(|s|) gives a zero sum a zero gradient (where |s|^(1/p) has none)
    return (s.sign() * s.abs().relu() * float(math.prod(kernel))) ** (1.0 / p)


def lp_pool2d(input: Any, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling over (N, C, H, W) or (C, H, W), as torch.nn.functional.lp_pool2d:
    each window's (sum of x^p)^(1/p) (no padding; stride defaults to kernel_size). p = inf
    is max pooling of |x|; a negative x with a fractional p is nan, as in PyTorch."""
    return _lp_pool(input, 2, norm_type, kernel_size, stride, ceil_mode, "lp_pool2d")


def lp_pool1d(input: Any, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling over (N, C, L) or (C, L), as torch.nn.functional.lp_pool1d."""
    return _lp_pool(input, 1, norm_type, kernel_size, stride, ceil_mode, "lp_pool1d")


def lp_pool3d(input: Any, norm_type: float, kernel_size: Any, stride: Any = None,  # noqa: A002
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling over (N, C, D, H, W) or (C, D, H, W), as
    torch.nn.functional.lp_pool3d."""
    return _lp_pool(input, 3, norm_type, kernel_size, stride, ceil_mode, "lp_pool3d")


# ------------------------------------------------------------------------ max unpooling


def unpool_size(shape: tuple[int, ...], kernel: Sequence[int], stride: Sequence[int],
                padding: Sequence[int], output_size: Any, where: str) -> tuple[int, ...]:
    """PyTorch's output size: (n - 1) s + k - 2 p per dim, or `output_size` (n sizes, or the
    whole shape), each strictly within a stride of that."""
    n = len(kernel)
    default = tuple((h - 1) * s + k - 2 * p for h, s, k, p in
                    zip(shape[-n:], stride, kernel, padding, strict=True))
    if output_size is None:
        sizes = default
    else:
        count = len(output_size) if isinstance(output_size, (list, tuple)) else 1
        sizes = conv.as_tuple(output_size, count, "output_size", where, minimum=0)
        if len(sizes) == n + 2:
            sizes = sizes[2:]
        if len(sizes) != n:
            raise ValueError(f"{where}: output_size should be a sequence of {n} or {n + 2} "
                             f"sizes, but it has {len(sizes)}: {shown(output_size)}")
        for d, (size, m, s) in enumerate(zip(sizes, default, stride, strict=True)):
            if not m - s < size < m + s:
                raise ValueError(f"{where}: invalid output_size {tuple(sizes)} (dim {d} must "
                                 f"be between {m - s} and {m + s}, both excluded)")
    if any(size < 0 for size in sizes):
        raise ValueError(f"{where}: the output size {sizes} would be negative (input "
                         f"{shape[-n:]}, kernel_size {tuple(kernel)}, stride {tuple(stride)}, "
                         f"padding {tuple(padding)})")
    return tuple(sizes)


def _max_unpool(input: Any, indices: Any, n: int, kernel_size: Any, stride: Any,  # noqa: A002
                padding: Any, output_size: Any, where: str) -> Tensor:
    x = conv.tensor(input, where)
    if x.ndim not in (n + 1, n + 2):
        raise ValueError(f"{where}: expected a {n + 1}-D (unbatched) or {n + 2}-D (batched) "
                         f"input, got shape {x.shape}")
    kernel, stride, padding, _ = pool._settings(kernel_size, stride, padding, 1, n, where)
    index = positions(indices, where, "indices")
    if index.shape != x.shape:
        raise ValueError(f"{where}: indices of shape {index.shape} do not fit the input of "
                         f"shape {x.shape}: expected the same shape (max_pool's indices)")
    sizes = unpool_size(x.shape, kernel, stride, padding, output_size, where)
    plane = math.prod(sizes)
    bad = index[(index < 0) | (index >= plane)]
    if bad.size:
        raise ValueError(f"{where}: found an invalid max index {bad.flat[0]}: the output "
                         f"planes are of size {'x'.join(map(str, sizes))}")
    lead = x.shape[:x.ndim - n]
    src = ops.reshape(x, (*lead, math.prod(x.shape[x.ndim - n:])))
    zeros = np.zeros((*lead, plane), x.dtype)
    out = ops.scatter(zeros, src, index.reshape(src.shape), len(lead))
    return ops.reshape(out, (*lead, *sizes))


def max_unpool2d(input: Any, indices: Any, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """max_pool2d's partial inverse, as torch.nn.functional.max_unpool2d: zeros of
    (N, C, Ho, Wo) with each input value at its index (h * W + w in its plane, max_pool2d's
    return_indices). Ho = (H - 1) s + k - 2 p unless output_size says (within a stride)."""
    return _max_unpool(input, indices, 2, kernel_size, stride, padding, output_size,
                       "max_unpool2d")


def max_unpool1d(input: Any, indices: Any, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """max_pool1d's partial inverse over (N, C, L) or (C, L)."""
    return _max_unpool(input, indices, 1, kernel_size, stride, padding, output_size,
                       "max_unpool1d")


def max_unpool3d(input: Any, indices: Any, kernel_size: Any, stride: Any = None,  # noqa: A002
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """max_pool3d's partial inverse over (N, C, D, H, W) or (C, D, H, W)."""
    return _max_unpool(input, indices, 3, kernel_size, stride, padding, output_size,
                       "max_unpool3d")
