"""Tensor's linear algebra: @ matmul mm mv dot inner outer vdot bmm matrix_power, and the helpers
behind autograd.einsum and autograd.tensordot (autograd/functions/).

Everything but matmul and inv is an einsum (one rule, ops/linalg.py: the gradient of each
operand is itself an einsum, so every order of derivative works) or a composition. Shapes
are checked here, so a bad one is a ValueError naming the op and both shapes.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import ops
from ..arguments import axis, integer, shown
from ..node import Node
from ..primitive import apply
from .einsum import LETTERS, explicit


def einsum(subscripts: str, operands: Sequence[Any]) -> Any:
    """numpy's einsum of Tensors (see surface/einsum.py for the subscripts it reads)."""
    spec = explicit(subscripts, [x.shape for x in operands])
    return apply(ops.einsum, tuple(operands), (spec,))


def tensordot(x: Any, y: Any, axes: Any = 2, called: str = "axes", name: str = "tensordot"
              ) -> Any:
    """numpy's tensordot (torch's, with dims=): sum over the last `axes` axes of x and the
    first of y, or over the pairs of axes ([x's], [y's]); x's other axes, then y's. `called`
    is the argument's name (axes or dims) for its errors."""
    x_axes, y_axes = _contracted(x, y, axes, name, called)
    x_letters, y_letters = list(LETTERS[:x.ndim]), list(LETTERS[x.ndim:x.ndim + y.ndim])
    for a, b in zip(x_axes, y_axes, strict=True):
        if x.shape[a] != y.shape[b]:
            raise ValueError(f"{name}: axis {a} of shape {x.shape} ({x.shape[a]}) does not "
                             f"match axis {b} of shape {y.shape} ({y.shape[b]})")
        y_letters[b] = x_letters[a]
    output = [c for i, c in enumerate(x_letters) if i not in x_axes] + [
        c for i, c in enumerate(y_letters) if i not in y_axes]
    spec = f"{''.join(x_letters)},{''.join(y_letters)}->{''.join(output)}"
    return apply(ops.einsum, (x, y), (spec,))


def _contracted(x: Any, y: Any, axes: Any, name: str, called: str = "axes"
                ) -> tuple[list[int], list[int]]:
    if isinstance(axes, numbers.Integral) and not isinstance(axes, bool):
        if not 0 <= axes <= min(x.ndim, y.ndim):
            raise ValueError(f"{name}: {called}={axes} does not fit shapes {x.shape} and "
                             f"{y.shape}")
        return list(range(x.ndim - axes, x.ndim)), list(range(int(axes)))
    if isinstance(axes, np.ndarray) and not isinstance(axes, np.ma.MaskedArray):
        axes = axes.tolist()  # numpy's and PyTorch's tensordot take an array of axes too
    if not isinstance(axes, (tuple, list)) or len(axes) != 2:
        raise TypeError(f"{name}: {called} must be an int or a pair (x's axes, y's axes), "
                        f"got {shown(axes)}")
    x_axes, y_axes = ([a] if not isinstance(a, (tuple, list)) else list(a) for a in axes)
    if len(x_axes) != len(y_axes):
        raise ValueError(f"{name}: {len(x_axes)} axes of x but {len(y_axes)} of y in "
                         f"{called}={axes!r}")
    x_axes = [axis(a, x.ndim, name, called) for a in x_axes]
    y_axes = [axis(a, y.ndim, name, called) for a in y_axes]
    if len(set(x_axes)) != len(x_axes) or len(set(y_axes)) != len(y_axes):
        raise ValueError(f"{name}: {called}={axes!r} repeats an axis")
    return x_axes, y_axes


def dot(x: Any, y: Any) -> Any:
    """numpy.dot: a product for a 0-d operand, the inner product of two vectors, matmul
    for matrices, and for N-D a sum over x's last axis and y's second-to-last."""
    if x.ndim == 0 or y.ndim == 0:
        return x * y
    inner = y.shape[0] if y.ndim == 1 else y.shape[-2]
    if x.shape[-1] != inner:
        raise ValueError(f"dot: shapes {x.shape} and {y.shape} are not aligned: "
                         f"{x.shape[-1]} (last axis of x) != {inner} "
                         f"({'axis 0' if y.ndim == 1 else 'second-to-last axis'} of y)")
    if y.ndim == 1 or (x.ndim <= 2 and y.ndim == 2):
        return ops.matmul(x, y)
    return tensordot(x, y, ([x.ndim - 1], [y.ndim - 2]), name="dot")


def inner(x: Any, y: Any) -> Any:
    """numpy.inner and torch.inner: a sum over the last axes of both (a product for 0-d)."""
    if x.ndim == 0 or y.ndim == 0:
        return x * y
    return tensordot(x, y, ([x.ndim - 1], [y.ndim - 1]), name="inner")


def outer(x: Any, y: Any) -> Any:
    """numpy.outer and torch.outer: out[i, j] = x[i] * y[j], of the flattened operands."""
    return x.reshape(x.size, 1) * y.reshape(1, y.size)


def vdot(x: Any, y: Any) -> Any:
    """numpy.vdot (torch.vdot for vectors): the inner product of the flattened operands."""
    if x.size != y.size:
        raise ValueError(f"vdot: shapes {x.shape} and {y.shape} hold {x.size} and {y.size} "
                         "values: expected as many")
    return ops.matmul(x.reshape(x.size), y.reshape(y.size))


def bmm(x: Any, y: Any) -> Any:
    """torch.bmm: (b, n, m) @ (b, m, p) -> (b, n, p), with no broadcasting."""
    for name, t in (("batch1", x), ("batch2", y)):
        if t.ndim != 3:
            raise ValueError(f"bmm: {name} must be a 3-D Tensor, got shape {t.shape}")
    if y.shape[:2] != (x.shape[0], x.shape[2]):
        raise ValueError(f"bmm: batch2 of shape {y.shape} does not fit batch1 of shape "
                         f"{x.shape}: expected ({x.shape[0]}, {x.shape[2]}, p)")
    return ops.matmul(x, y)


def mm(x: Any, y: Any) -> Any:
    """torch.mm: (n, m) @ (m, p), matrices only (no vectors, no batches, no broadcasting)."""
    return _checked_product("mm", x, y, "mat2", "rows")


def mv(x: Any, y: Any) -> Any:
    """torch.mv: (n, m) @ (m,), a matrix by a vector only."""
    return _checked_product("mv", x, y, "vec", "entries")


def _checked_product(op: str, x: Any, y: Any, name: str, along: str) -> Any:
    """x @ y with mm's shapes (y a matrix, named mat2) or mv's (y a vector, named vec)."""
    matrix = name == "mat2"
    if x.ndim != 2 or y.ndim != (2 if matrix else 1):
        expected = "two 2-D matrices" if matrix else "a 2-D matrix and a 1-D vector"
        raise ValueError(f"{op}: expected {expected}, got input of shape {x.shape} and "
                         f"{name} of shape {y.shape}")
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"{op}: shapes {x.shape} and {y.shape} cannot be multiplied "
                         f"({x.shape[1]} columns against {y.shape[0]} {along})")
    return ops.matmul(x, y)


def matrix_power(x: Any, n: int) -> Any:
    """x @ x @ ... (n times) for square matrices (..., m, m); n = 0 gives the identity,
    n < 0 the inverse's power (numpy.linalg.matrix_power, torch.linalg.matrix_power)."""
    n = integer(n, "n", "matrix_power")
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(f"matrix_power: expected square matrices (..., m, m), got shape "
                         f"{x.shape}")
    if n == 0:  # the identity, connected to x with a zero gradient (as PyTorch's result)
        identity = np.broadcast_to(np.eye(x.shape[-1], dtype=x.dtype), x.shape)
        return ops.where(x, identity, np.zeros(x.shape, bool))
    base = inv(x) if n < 0 else x
    result, square, k = None, base, abs(int(n))
    while k:  # by squaring: about log2(n) products rather than n
        if k & 1:
            result = square if result is None else ops.matmul(result, square)
        k >>= 1
        if k:
            square = ops.matmul(square, square)
    return result


def inv(x: Any) -> Any:
    """numpy.linalg.inv and torch.linalg.inv, of square matrices (..., m, m)."""
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(f"inv: expected square matrices (..., m, m), got shape {x.shape}")
    return ops.inv(x)


class Linalg:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()

    def __matmul__(self, other: Any) -> Any:
        return ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Any:
        return ops.matmul(other, self)

    def matmul(self, other: Any) -> Any:
        return ops.matmul(self, _operand(other, self, "matmul"))

    def mm(self, mat2: Any) -> Any:
        return mm(self, _operand(mat2, self, "mm", "mat2"))

    def mv(self, vec: Any) -> Any:
        return mv(self, _operand(vec, self, "mv", "vec"))

    def dot(self, other: Any) -> Any:
        """numpy's dot (see autograd.dot); for two vectors, torch.dot."""
        return dot(self, _operand(other, self, "dot"))

    def inner(self, other: Any) -> Any:
        return inner(self, _operand(other, self, "inner"))

    def outer(self, other: Any) -> Any:
        return outer(self, _operand(other, self, "outer"))

    def vdot(self, other: Any) -> Any:
        return vdot(self, _operand(other, self, "vdot"))

    def bmm(self, other: Any) -> Any:
        return bmm(self, _operand(other, self, "bmm"))

    def matrix_power(self, n: int) -> Any:
        return matrix_power(self, n)


def _operand(other: Any, like: Any, op: str, name: str = "other") -> Any:
    """A method's other operand (the argument `name`) as a Tensor: constants (numbers,
    lists, arrays) in like's dtype; a Value is refused (by Tensor's _lift, with its
    message)."""
    if isinstance(other, Node) and hasattr(other, "shape"):
        return other
    return type(like)._lift(other, like, op, name)
