"""PyTorch's distances between vectors: cosine_similarity, pairwise_distance and pdist,
composed from autograd's public ops (norms, sums, quotients), so their gradients and second
derivatives come from autograd's rules and they export to ONNX as those ops do.

    cosine_similarity(x1, x2, dim=1, eps=1e-8)   sum(x1/|x1| * x2/|x2|) over dim, each norm
                                                 floored at eps (PyTorch 2.13's order)
    pairwise_distance(x1, x2, p=2, eps=1e-6)     ||x1 - x2 + eps||_p over the last dim
    pdist(input, p=2)                            ||x_i - x_j||_p for every pair of rows i < j

`floor_through` is the one rule of their own: max(x, low) whose gradient passes as if there
were no floor, PyTorch's `clamp_min_` under no_grad (cosine_similarity's norms, gaussian_nll_
loss's var): where the floor is not reached, it is x itself.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Primitive, Tensor, get_default_dtype

from .. import arguments


def _floor(x: Any, low: float) -> Any:
    return np.maximum(x, low)


floor_through = Primitive("floor_through", _floor, (lambda g, out, x, low: g,))
"""max(x, low); d/dx = 1 (the floor is invisible to the gradient, as PyTorch's no_grad clamp)"""


def cosine_similarity(x1: Any, x2: Any, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """sum((x1 / max(|x1|, eps)) * (x2 / max(|x2|, eps))) along dim, x1 and x2 broadcast:
    each input divided by its own 2-norm first (PyTorch 2.13's order, which keeps the result
    in [-1, 1]); the floor at eps does not change the gradient (PyTorch's no_grad clamp)."""
    where = "cosine_similarity"
    a, b = broadcast_pair(x1, x2, where, ("x1", "x2"))
    dim = arguments.integer(dim, "dim", where)
    ndim = max(a.ndim, 1)  # (a 0-d pair: dim 0 or -1, as PyTorch's)
    if not -ndim <= dim < ndim:
        raise IndexError(f"{where}: dim {dim} is out of range for inputs of {a.ndim} "
                         f"dimensions (expected in [{-ndim}, {ndim - 1}])")
    if not arguments.number(eps, "eps", where) >= 0:
        raise ValueError(f"{where}: eps must be non-negative, got {arguments.shown(eps)}")
    eps = float(eps)
    if a.ndim == 0:
        a, b, dim = a.reshape(1), b.reshape(1), 0
        squeeze = True
    else:
        squeeze = False
    n1 = floor_through(a.norm(2, dim=dim, keepdim=True), eps)
    n2 = floor_through(b.norm(2, dim=dim, keepdim=True), eps)
    out = ((a / n1) * (b / n2)).sum(dim)
    return out.reshape(()) if squeeze else out


def pairwise_distance(x1: Any, x2: Any, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """||x1 - x2 + eps||_p over the last dim of the broadcast inputs (PyTorch's: eps is added
    to the difference, so that equal vectors have a gradient); any real p (0 counts the
    nonzero entries, inf takes the largest)."""
    where = "pairwise_distance"
    a, b = broadcast_pair(x1, x2, where, ("x1", "x2"))
    p = arguments.number(p, "p", where)
    eps = arguments.number(eps, "eps", where)
    keepdim = arguments.flag(keepdim, "keepdim", where)
    d = a - b + eps
    if p == 0:  # how many differ: sign's sum (gradient 0, as PyTorch's), kept in the graph
        return d.abs().sign().sum(-1, keepdim=keepdim)
    return d.norm(p, dim=-1, keepdim=keepdim)


def pdist(input: Any, p: float = 2.0) -> Tensor:  # noqa: A002
    """||x_i - x_j||_p for every pair of rows i < j of a 2-D input (N, M), in the order
    (0, 1), (0, 2), ..., (1, 2), ...: N (N - 1) / 2 distances (the upper triangle of
    torch.cdist(x, x), row by row). p >= 0; no eps, so equal rows have gradient 0."""
    where = "pdist"
    x = arguments.tensor(input, where)
    if x.ndim != 2:
        raise ValueError(f"pdist: input must be 2-D (N, M), got shape {x.shape}")
    if not arguments.number(p, "p", where) >= 0:
        raise ValueError(f"pdist: p must be non-negative, got {arguments.shown(p)}")
    p = float(p)
    i, j = np.triu_indices(x.shape[0], k=1)
    return (x[i] - x[j]).norm(p, dim=-1)


def broadcast_pair(x1: Any, x2: Any, where: str, names: tuple[str, str]
                   ) -> tuple[Tensor, Tensor]:
    """Two differentiable inputs as Tensors of one float dtype (PyTorch's promotion),
    broadcast to their common shape."""
    a = arguments.tensor(x1, where, names[0])
    b = arguments.tensor(x2, where, names[1])
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"{where}: {names[0]} shape {a.shape} and {names[1]} shape {b.shape} "
                         "do not broadcast") from None
    dtype = np.result_type(a.dtype, b.dtype)  # (PyTorch's promotion; integers to floats)
    dtype = dtype if dtype.kind == "f" else get_default_dtype()
    a, b = (t if t.dtype == dtype else t.astype(dtype) for t in (a, b))
    return tuple(t if t.shape == shape else t.broadcast_to(shape) for t in (a, b))
