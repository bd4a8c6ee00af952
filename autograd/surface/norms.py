"""Norms: Tensor.norm (torch.norm's p=, or numpy.linalg.norm's ord=), vector and matrix norms.

    x.norm()                  the 2-norm of all the values (torch.norm's 'fro')
    x.norm(1, dim=1)          a vector norm over dim (torch.norm: any p, any dims)
    x.norm(ord=1)             numpy.linalg.norm / torch.linalg.norm: a matrix norm for a
                              2-D Tensor (the largest column sum), a vector norm for 1-D
    vector_norm(x, ord, dim)  torch.linalg.vector_norm;  matrix_norm(x, ord, dim) likewise

Gradients follow PyTorch's conventions: the 2-norm's gradient at x = 0 is 0 (not nan), the
1-norm's is sign(x) (0 at 0), the inf-norm's is shared evenly between the entries that tie
for the largest |x| (as amax's). Matrix norms from singular values (ord=2, -2, 'nuc') need
an SVD gradient, which gradproof has not got: they raise NotImplementedError.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from .. import ops
from ..arguments import (
    _UNSET,
    Axis,
    axes,
    either_named,
    flag,
    integer,
    keep,
    pytorch_dim,
    shown,
)
from ..arguments import axis as one_axis


def vector_norm(x: Any, ord: Any = 2, dim: Axis = None,  # noqa: A002 (numpy's, PyTorch's)
                keepdim: bool = False, name: str = "vector_norm") -> Any:
    """(sum |x|^ord)^(1/ord) over dim (all axes for None): torch.linalg.vector_norm. ord is
    a number: inf (the largest |x|), -inf (the smallest), 0 (how many are nonzero; no
    gradient), or any other (negative ones too, as PyTorch)."""
    if isinstance(ord, str) or not isinstance(ord, numbers.Real):
        raise ValueError(f"{name}: ord={shown(ord)} is not a vector norm: expected a number "
                         "(2, 1, inf, -inf, 0, any p)")
    reduced = axes(dim, x.ndim, name, "dim")
    keepdim = flag(keepdim, "keepdim", name)
    if ord == math.inf:
        return ops.absolute(x).max(reduced, keepdims=keepdim)
    if ord == -math.inf:
        return ops.absolute(x).min(reduced, keepdims=keepdim)
    if ord == 0:  # a count: connected to x (as PyTorch's result), with zero gradient
        nonzero = (x.data != 0).astype(x.dtype)
        return ops.where(x, nonzero, np.zeros(x.shape, bool)).sum(reduced, keepdims=keepdim)
    if ord == 1:
        return ops.absolute(x).sum(reduced, keepdims=keepdim)
    return ops.vector_norm(x, float(ord), reduced, bool(keepdim))


def matrix_norm(x: Any, ord: Any = "fro", dim: tuple[int, int] = (-2, -1),  # noqa: A002
                keepdim: bool = False, name: str = "matrix_norm") -> Any:
    """A norm of the matrices over the axes dim = (rows, columns): torch.linalg.matrix_norm,
    numpy.linalg.norm with ord= and a pair of axes. ord 'fro' (sqrt of the sum of squares),
    1 / -1 (the largest / smallest column sum of |x|), inf / -inf (row sums)."""
    _order(ord, "ord", name)
    if not isinstance(dim, (tuple, list)) or len(dim) != 2:
        raise ValueError(f"{name}: a matrix norm needs two axes, got dim={shown(dim)}")
    keepdim = flag(keepdim, "keepdim", name)
    rows, cols = (one_axis(a, x.ndim, name, "dim") for a in dim)
    if x.ndim < 2 or rows == cols:
        raise ValueError(f"{name}: a matrix norm needs two distinct axes of a Tensor of "
                         f"2 or more dimensions, got dim={tuple(dim)} for shape {x.shape}")
    if ord == "fro":
        return vector_norm(x, 2, (rows, cols), keepdim, name)
    if ord in ("nuc", 2, -2):
        raise NotImplementedError(
            f"{name}: ord={ord!r} is a norm of singular values, whose gradient needs an SVD "
            "rule that gradproof has not got; use 'fro', 1, -1, inf or -inf")
    if isinstance(ord, str) or ord not in (1, -1, math.inf, -math.inf):
        raise ValueError(f"{name}: ord={ord!r} is not a matrix norm: expected 'fro', 1, -1, "
                         "inf or -inf")
    summed, extreme = (rows, cols) if abs(ord) == 1 else (cols, rows)
    sums = ops.absolute(x).sum(summed, keepdims=True)
    out = sums.max(extreme, keepdims=True) if ord > 0 else sums.min(extreme, keepdims=True)
    return out if keepdim else out.squeeze((rows, cols))


def linalg_norm(x: Any, ord: Any, dim: Axis, keepdim: bool,  # noqa: A002 (numpy's name)
                name: str = "norm") -> Any:
    """numpy.linalg.norm and torch.linalg.norm: a vector norm over one axis, a matrix norm
    over two; with no axis, of a 1-D or 2-D Tensor (or, with ord=None, the flattened 2-norm)."""
    if dim is None:
        if ord is None:
            return vector_norm(x, 2, None, keepdim, name)
        if x.ndim not in (1, 2):
            raise ValueError(f"{name}: ord={ord!r} with no axis needs a 1-D or 2-D Tensor, got "
                             f"shape {x.shape}; pass axis= (one axis or two)")
        dim = tuple(range(x.ndim))
    dims = tuple(dim) if isinstance(dim, (tuple, list)) else (integer(dim, "axis", name),)
    if len(dims) == 1:
        return vector_norm(x, 2 if ord is None else ord, dims, keepdim, name)
    if len(dims) == 2:
        return matrix_norm(x, "fro" if ord is None else ord, dims, keepdim, name)
    raise ValueError(f"{name}: ord={ord!r} takes one axis (a vector norm) or two (a matrix "
                     f"norm), got {dim!r}")


def _order(ord: Any, name: str, op: str) -> None:  # noqa: A002 (numpy's name)
    """A norm's order is a number or a name ('fro', 'nuc'); None or unset: the default."""
    if ord is not None and ord is not _UNSET and not isinstance(ord, (str, numbers.Real)):
        raise ValueError(f"{op}: {name}={shown(ord)} is not a norm order: expected a number, "
                         "'fro' or 'nuc'")


class Norms:
    """Tensor methods (mixed into Tensor through Reductions)."""

    __slots__ = ()
    ndim: int

    def norm(self, p: Any = _UNSET, dim: Axis = None, keepdim: bool | None = None, *,
             ord: Any = _UNSET, axis: Axis = None,  # noqa: A002 (numpy's name)
             keepdims: bool | None = None) -> Any:
        """torch.norm: p='fro' (the default: the 2-norm of all values, or over dim), a number
        (a vector norm over dim, all axes by default). With ord= instead (numpy.linalg.norm,
        torch.linalg.norm): a 2-D Tensor, or two axes, gets a matrix norm."""
        chosen, name = either_named("norm", "axis", axis, "dim", dim, None)
        if name == "dim":
            chosen = pytorch_dim(chosen)
        axes(chosen, self.ndim, "norm", name)  # checked here, where its name is known
        kept = keep("norm", keepdims, keepdim)
        _order(p, "p", "norm")
        _order(ord, "ord", "norm")
        if ord is not _UNSET:
            if p is not _UNSET:
                raise TypeError(f"norm: got both p= (torch.norm's), {shown(p)}, and ord= "
                                "(numpy.linalg.norm's and torch.linalg.norm's), "
                                f"{shown(ord)}; pass one")
            return linalg_norm(self, ord, chosen, kept)
        p = "fro" if p is _UNSET or p is None else p
        if p == "fro":
            return vector_norm(self, 2, chosen, kept, "norm")
        if p == "nuc":
            dims = tuple(range(self.ndim)) if chosen is None else chosen
            return matrix_norm(self, "nuc", dims, kept, "norm")
        return vector_norm(self, p, chosen, kept, "norm")
