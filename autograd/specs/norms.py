"""Spec rows: norms (Tensor.norm's p= and ord=, vector_norm, matrix_norm).

Norms have kinks where an entry is 0 (|x|), where entries tie for the largest |x| (the
inf-norm) and where columns or rows tie for the largest sum (matrix 1- and inf-norms). The
entries are drawn on a grid offset by 0.03 (so |x| >= 0.03 and no two |x| are equal), and
matrix norms add a constant spread (4 + 10 i + 30 j at row i, column j) that keeps every
entry positive and every column and row sum apart.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

import autograd

from .core import KINK_MARGIN, Domain, Draw, OpSpec, Shapes, register, same
from .draw import no_ties, normal_axes, numpy_kw, reductions

APART_IN_ABS = Domain(grid=True, offset=0.03)  # k/10 + 0.03: no |x| is 0, no two |x| tie
INF = math.inf
# inf is drawn as the string "inf", so that an Expression prints as code (repr(inf) is not).
VECTOR_ORDS = [2, 1, 3, 0.5, 1.5, "inf", "-inf", 0, -1]
MATRIX_ORDS = ["fro", 1, -1, "inf", "-inf"]


def numeric(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The static arguments with "inf" and "-inf" as the floats they stand for."""
    return {key: float(value) if value in ("inf", "-inf") else value
            for key, value in kwargs.items()}


def ref_vector_norm(x: np.ndarray, p: Any, axis: Any = None, keepdims: bool = False
                    ) -> np.ndarray:
    """The vector p-norm over axis, written out (numpy's norm takes one axis at most)."""
    a = np.abs(x)
    if p == INF:
        return np.max(a, axis=axis, keepdims=keepdims)
    if p == -INF:
        return np.min(a, axis=axis, keepdims=keepdims)
    if p == 0:
        return np.sum(a != 0, axis=axis, keepdims=keepdims).astype(x.dtype)
    return np.sum(a ** p, axis=axis, keepdims=keepdims) ** (1.0 / p)


def _spread(shape: tuple[int, ...], rows: int, cols: int) -> np.ndarray:
    """4 + 10 i + 30 j at row i, column j of the matrices over axes (rows, cols)."""
    rows, cols = rows % len(shape), cols % len(shape)
    i = np.arange(shape[rows]).reshape([-1 if a == rows else 1 for a in range(len(shape))])
    j = np.arange(shape[cols]).reshape([-1 if a == cols else 1 for a in range(len(shape))])
    return np.broadcast_to(4.0 + 10.0 * i + 30.0 * j, shape).copy()


def _matrix_axes(draw: Draw, ndim: int) -> tuple[int, int]:
    rows, cols = draw(st.permutations(range(ndim)))[:2]
    return (rows - ndim if draw(st.booleans()) else rows,
            cols - ndim if draw(st.booleans()) else cols)


def _norm_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """torch.norm's p (a number, 'fro', None, or left out) and dims in either spelling, for
    the method or autograd.norm; or vector_norm's ord and dim."""
    via = draw(st.sampled_from(["method", "function", "vector_norm"]))
    kwargs = reductions(torch=via != "vector_norm")(draw, shapes)
    if via == "vector_norm":
        kwargs = {{"axis": "dim", "keepdims": "keepdim"}.get(k, k): v for k, v in kwargs.items()}
    extra = [] if via == "vector_norm" else ["fro", None, "unset"]
    return {**kwargs, "p": draw(st.sampled_from(VECTOR_ORDS + extra)), "via": via}


def _norm(x: Any, p: Any, via: str, **kw: Any) -> Any:
    if via == "vector_norm":
        return autograd.vector_norm(x, numeric({"p": p})["p"], **kw)
    norm = x.norm if via == "method" else lambda *args, **kw: autograd.norm(x, *args, **kw)
    return norm(**kw) if p == "unset" else norm(numeric({"p": p})["p"], **kw)


def _ref_norm(x: np.ndarray, p: Any, via: str, **kw: Any) -> np.ndarray:
    p = 2 if p in ("unset", "fro", None) else numeric({"p": p})["p"]
    kw = numpy_kw(kw)
    return ref_vector_norm(x, p, kw.get("axis"), bool(kw.get("keepdims")))


def _vector_safe(x: Any, p: Any = 2, offset: Any = 0.0, ord: Any = None,  # noqa: A002
                 **kw: Any) -> bool:
    """|x| clear of 0, and of ties for the largest and smallest along the reduced axes."""
    y = np.abs(np.asarray(x) + offset)
    if not np.all(y >= KINK_MARGIN):
        return False
    reduced = normal_axes(numpy_kw(kw).get("axis"), y.ndim)
    return y.ndim == 0 or y.size == 0 or no_ties(y, reduced)


def _matrix_safe(x: Any, offset: Any, ord: Any, axis: Any,  # noqa: A002
                 keepdims: bool = False) -> bool:
    """Entries clear of 0; the column (or row) sums that max or min picks from, apart."""
    y = np.abs(np.asarray(x) + offset)
    if not np.all(y >= KINK_MARGIN):
        return False
    if ord in (None, "fro"):
        return True
    ord = numeric({"ord": ord})["ord"]  # noqa: A001 (numpy's name)
    rows, cols = (a % y.ndim for a in (axis if axis is not None else (0, 1)))
    summed, compared = (rows, cols) if abs(ord) == 1 else (cols, rows)
    return no_ties(y.sum(axis=summed, keepdims=True), (compared,))


def _linalg_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """numpy.linalg.norm's ord and axis: a vector norm over one axis (or of a 1-D Tensor), a
    matrix norm over two (or of a 2-D Tensor), or ord=None of anything."""
    shape = shapes[0]
    ndim = len(shape)
    kinds = ["flat"] + (["vector"] if ndim else []) + (["matrix"] if ndim >= 2 else [])
    kind = draw(st.sampled_from(kinds))
    kwargs: dict[str, Any] = {"offset": 0.0, "keepdims": draw(st.booleans())}
    if kind == "flat":
        kwargs.update(ord=None, axis=None)
    elif kind == "vector":
        axis = None if ndim == 1 and draw(st.booleans()) else draw(st.integers(-ndim, ndim - 1))
        kwargs.update(ord=draw(st.sampled_from([None, *VECTOR_ORDS])), axis=axis)
    else:
        rows, cols = _matrix_axes(draw, ndim)
        axis = None if ndim == 2 and draw(st.booleans()) else (rows, cols)
        if axis is None:
            rows, cols = 0, 1
        kwargs.update(ord=draw(st.sampled_from([None, *MATRIX_ORDS])), axis=axis,
                      offset=_spread(shape, rows, cols))
    choices = ["method", "function"] + (["matrix_norm"] if kind == "matrix" else [])
    kwargs["via"] = draw(st.sampled_from(choices))
    return kwargs


def _norm_ord(x: Any, offset: Any, via: str, **kw: Any) -> Any:
    """numpy.linalg.norm's spelling: the method, autograd.norm, or autograd.matrix_norm."""
    kw = numeric(kw)
    if via == "matrix_norm":
        ord_ = "fro" if kw["ord"] is None else kw["ord"]
        return autograd.matrix_norm(x + offset, ord_, kw["axis"] or (0, 1), kw["keepdims"])
    return (x + offset).norm(**kw) if via == "method" else autograd.norm(x + offset, **kw)


def _ref_norm_ord(x: np.ndarray, offset: Any, via: str, **kw: Any) -> np.ndarray:
    return np.linalg.norm(x + offset, **numeric(kw))


def _linalg_safe(x: Any, offset: Any, ord: Any, axis: Any,  # noqa: A002
                 keepdims: bool, via: str) -> bool:
    if isinstance(offset, np.ndarray):
        return _matrix_safe(x, offset, ord, axis, keepdims)
    return _vector_safe(x, offset=offset, axis=axis)


register(
    OpSpec("norm", _norm, _ref_norm, domain=APART_IN_ABS, unique=True,
           kinks="|x| = 0, and ties for the largest |x| (inf-norm)",
           shapes=same(min_side=1), static=_norm_static, safe=_vector_safe,
           api=("norm", "autograd.norm", "autograd.vector_norm")),
    OpSpec("norm_ord", _norm_ord, _ref_norm_ord, domain=APART_IN_ABS, unique=True,
           kinks="|x| = 0; ties of |x| (vectors) or of column or row sums (matrices)",
           shapes=same(min_side=1), static=_linalg_static, safe=_linalg_safe,
           api=("norm", "autograd.norm", "autograd.matrix_norm")),
)
