"""Spec rows: matmul, the fused neuron (dot) and layer (linear); einsum and the products
made of it (tensordot, dot, inner, outer, vdot), bmm, mm, mv, matrix_power, inv."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd

from .core import VALUE, NoFit, OpSpec, Shapes, no_static, register, same
from .draw import linear_shapes, matmul_shapes, scalars
from .spelling import either_way, ignoring_via, with_via


def _left_matrix(y: Any) -> np.ndarray:
    """A constant matrix to multiply y by from the left (an ndarray @ Tensor)."""
    shape = np.shape(y)
    n = shape[-2] if len(shape) > 1 else shape[0]
    return np.linspace(-1.0, 1.0, 2 * n).reshape(2, n)


register(
    OpSpec("matmul", lambda x, y: x @ y, np.matmul, arity=2, shapes=matmul_shapes,
           api=("__matmul__",)),
    OpSpec("matmul_method", lambda x, y: x.matmul(y), np.matmul, arity=2,
           shapes=matmul_shapes, api=("matmul",)),
    OpSpec("rmatmul", lambda y: _left_matrix(y) @ y, lambda y: _left_matrix(y) @ y,
           shapes=same(min_dims=1), api=("__rmatmul__",)),
    OpSpec("dot", lambda w0, w1, x0, x1, b: autograd.dot([w0, w1], [x0, x1], b),
           lambda w0, w1, x0, x1, b: b + w0 * x0 + w1 * x1, (VALUE,), 5, shapes=scalars,
           api=("autograd.dot",)),
    OpSpec("dot_number_bias", lambda w0, x0: autograd.dot([w0, 2.0], [x0, w0]),
           lambda w0, x0: w0 * x0 + 2.0 * w0, (VALUE,), 2, shapes=scalars),
    OpSpec("linear", lambda x, w, b: autograd.linear(x, w, b), lambda x, w, b: x @ w.T + b,
           arity=3, shapes=linear_shapes, api=("autograd.linear",)),
)


# ------------------------------------------------------------------ einsum and its family

def independent_shapes(draw: Any, arity: int) -> Shapes:
    """Each operand's shape drawn on its own (0 to 3 axes of 1 to 3): the static drawer
    finds what they share."""
    return tuple(draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3))
                 for _ in range(arity))


def einsum_static(draw: Any, shapes: Shapes) -> dict[str, Any]:
    """numpy subscripts that fit `shapes`: shared letters where sizes match (or one is 1),
    repeated letters (diagonals), '...' over leading axes that broadcast, and an implicit
    or a drawn explicit output."""
    sizes: dict[str, int] = {}
    terms: list[list[str]] = []
    for shape in shapes:
        term: list[str] = []
        own: dict[str, int] = {}  # a diagonal's axes have one size within the operand
        for n in shape:
            fits = [c for c, m in sizes.items()
                    if (own[c] == n if c in own else n in (m, 1) or m == 1)]
            if fits and draw(st.booleans()):
                letter = draw(st.sampled_from(fits))
            else:
                letter = next(c for c in "abcdefghij" if c not in sizes)
            sizes[letter] = max(sizes.get(letter, 1), n)
            own[letter] = n
            term.append(letter)
        terms.append(term)
    texts = ["".join(term) for term in terms]
    leading = [0] * len(shapes)
    if draw(st.booleans()):  # '...' for the first k axes of each operand, if they broadcast
        leading = [draw(st.integers(0, len(shape))) for shape in shapes]
        try:
            np.broadcast_shapes(*[shape[:k] for shape, k in zip(shapes, leading, strict=True)])
        except ValueError:
            leading = [0] * len(shapes)
        texts = ["..." + "".join(term[k:]) if k else "".join(term)
                 for term, k in zip(terms, leading, strict=True)]
        if not any(leading):
            texts = ["".join(term) for term in terms]
    used = sorted(set("".join(t.replace("...", "") for t in texts)))
    if draw(st.booleans()):
        return {"subscripts": ",".join(texts)}
    output = draw(st.permutations(used))[:draw(st.integers(0, len(used)))]
    if any(leading):
        output.insert(draw(st.integers(0, len(output))), "...")
    return {"subscripts": ",".join(texts) + "->" + "".join(output)}


def tensordot_static(draw: Any, shapes: Shapes) -> dict[str, Any]:
    """axes as an int (x's last k against y's first k) or a pair of lists of axes with equal
    sizes, as numpy's axes= or torch's dims=."""
    x, y = shapes
    ints = [k for k in range(min(len(x), len(y)) + 1) if x[len(x) - k:] == y[:k]]
    pairs = [(a, b) for a in range(len(x)) for b in range(len(y)) if x[a] == y[b]]
    name = draw(st.sampled_from(["axes", "dims"]))
    if draw(st.booleans()):
        return {name: draw(st.sampled_from(ints))}
    chosen = draw(st.lists(st.sampled_from(pairs), unique_by=(lambda p: p[0], lambda p: p[1]))
                  if pairs else st.just([]))
    return {name: ([a - len(x) if draw(st.booleans()) else a for a, _ in chosen],
                   [b for _, b in chosen])}


def _ref_tensordot(x: np.ndarray, y: np.ndarray, axes: Any = None, dims: Any = None
                   ) -> np.ndarray:
    return np.tensordot(x, y, axes=axes if dims is None else dims)


def dot_shapes(draw: Any, arity: int) -> Shapes:
    """Shapes numpy.dot takes: a 0-d operand, or x's last axis against y's only axis or its
    second-to-last."""
    x = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3))
    if not x or draw(st.integers(0, 5)) == 0:  # a 0-d operand on either side
        return (x, ()) if draw(st.booleans()) else ((), x)
    if draw(st.booleans()):
        return x, (x[-1],)
    lead = draw(hnp.array_shapes(min_dims=0, max_dims=1, min_side=1, max_side=3))
    return x, lead + (x[-1], draw(st.integers(1, 3)))


def inner_shapes(draw: Any, arity: int) -> Shapes:
    x = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3))
    y = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3))
    return (x, y) if not x or not y else (x, y[:-1] + x[-1:])


def vdot_shapes(draw: Any, arity: int) -> Shapes:
    x = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3))
    return x, tuple(reversed(x))


def bmm_shapes(draw: Any, arity: int) -> Shapes:
    b, n, m, p = (draw(st.integers(0, 3)) for _ in range(4))
    return (b, n, m), (b, m, p)


def mm_shapes(draw: Any, arity: int) -> Shapes:
    n, m, p = (draw(st.integers(0, 3)) for _ in range(3))
    return (n, m), (m, p)


def mv_shapes(draw: Any, arity: int) -> Shapes:
    n, m = (draw(st.integers(0, 3)) for _ in range(2))
    return (n, m), (m,)


def square_shapes(draw: Any, arity: int) -> Shapes:
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=1, min_side=1, max_side=2))
    m = draw(st.integers(1, 3))
    return (batch + (m, m),)


def _well_conditioned(x: Any) -> Any:
    """x + 10 I: diagonally dominant for entries in [-3, 3] and m <= 3, so it inverts."""
    return x + 10.0 * np.eye(np.shape(x)[-1])


def _inverts(x: Any, n: int = -1, **kw: Any) -> bool:
    """For random graphs: square matrices, and (for an inverse) x + 10 I far from singular
    (its condition number below 10)."""
    shape = np.shape(x)
    if len(shape) < 2 or shape[-1] != shape[-2]:
        return False
    return n >= 0 or bool(np.all(np.linalg.cond(_well_conditioned(np.asarray(x))) < 10))


def _power(x: Any, n: int, method: bool) -> Any:
    base = _well_conditioned(x) if n < 0 else x
    return base.matrix_power(n) if method else autograd.matrix_power(base, n)


def _ref_power(x: np.ndarray, n: int, method: bool) -> np.ndarray:
    return np.linalg.matrix_power(_well_conditioned(x) if n < 0 else x, n)


def _power_static(draw: Any, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    if len(shape) < 2 or shape[-1] != shape[-2]:
        raise NoFit
    return {"n": draw(st.integers(-2, 3)), "method": draw(st.booleans())}


def _einsum(*xs: Any, subscripts: str) -> Any:
    return autograd.einsum(subscripts, *xs)


def _ref_einsum(*xs: np.ndarray, subscripts: str) -> np.ndarray:
    return np.einsum(subscripts, *xs)


register(
    OpSpec("einsum", _einsum, _ref_einsum, arity=2, shapes=independent_shapes,
           static=einsum_static, api=("autograd.einsum",)),
    OpSpec("einsum_unary", _einsum, _ref_einsum, shapes=independent_shapes,
           static=einsum_static, api=("autograd.einsum",)),
    OpSpec("tensordot", lambda x, y, **kw: autograd.tensordot(x, y, **kw), _ref_tensordot,
           arity=2, shapes=independent_shapes, static=tensordot_static,
           api=("autograd.tensordot",)),
    OpSpec("dot_tensor", either_way("dot"), ignoring_via(np.dot), arity=2, shapes=dot_shapes,
           static=with_via(no_static), api=("dot", "autograd.dot")),
    OpSpec("inner", either_way("inner"), ignoring_via(np.inner), arity=2, shapes=inner_shapes,
           static=with_via(no_static), api=("inner", "autograd.inner")),
    OpSpec("outer", either_way("outer"), ignoring_via(np.outer), arity=2,
           shapes=independent_shapes, static=with_via(no_static),
           api=("outer", "autograd.outer")),
    OpSpec("vdot", either_way("vdot"), ignoring_via(np.vdot), arity=2, shapes=vdot_shapes,
           static=with_via(no_static), api=("vdot", "autograd.vdot")),
    OpSpec("bmm", either_way("bmm"), ignoring_via(np.matmul), arity=2, shapes=bmm_shapes,
           static=with_via(no_static), api=("bmm", "autograd.bmm")),
    OpSpec("mm", either_way("mm"), ignoring_via(np.matmul), arity=2, shapes=mm_shapes,
           static=with_via(no_static), api=("mm", "autograd.mm")),
    OpSpec("mv", either_way("mv"), ignoring_via(np.matmul), arity=2, shapes=mv_shapes,
           static=with_via(no_static), api=("mv", "autograd.mv")),
    OpSpec("matrix_power", _power, _ref_power, shapes=square_shapes, static=_power_static,
           kinks="n < 0: singular matrices (x + 10 I keeps clear)", safe=_inverts,
           api=("matrix_power", "autograd.matrix_power")),
    OpSpec("inv", lambda x: autograd.inv(_well_conditioned(x)),
           lambda x: np.linalg.inv(_well_conditioned(x)), shapes=square_shapes,
           kinks="singular matrices (x + 10 I keeps clear)", safe=_inverts,
           api=("autograd.inv",)),
)
