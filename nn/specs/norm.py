"""Spec rows for normalisation (batch_norm, layer_norm, group_norm) and embedding: as
nn/specs/conv.py's, checked by tests/test_ops.py against nn/specs/references.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import GRID, POSITIVE, REAL, NoFit, OpSpec, register

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from . import references as ref

Draw = Any
Shapes = tuple[tuple[int, ...], ...]


# --------------------------------------------------------------- normalisation, embedding


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


def norm_and_channel_shapes(draw: Draw, arity: int) -> Shapes:
    """x (N, C, *) as norm_shapes, and a (C,) vector for each other input."""
    (shape,) = norm_shapes(draw, 1)
    return (shape,) + ((shape[1],),) * (arity - 1)


def _ref_batch_norm_eval(x: np.ndarray, mean: np.ndarray, var: np.ndarray, w: np.ndarray,
                         b: np.ndarray) -> np.ndarray:
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return ref.ref_batch_norm(x, False, mean, var) * w.reshape(shape) + b.reshape(shape)


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


register(
    OpSpec("batch_norm", lambda x, training, mean=None, var=None: F.batch_norm(
               x, mean, var, training=training), ref.ref_batch_norm, domain=GRID, unique=True,
           shapes=norm_shapes, static=batch_norm_static, safe=_spread(_batch_groups),
           kinks="1/sqrt(var + eps) is steep where a channel barely varies: inputs spread",
           api=("nn.functional.batch_norm",)),
    # Evaluation's batch norm, one rule of five inputs: every one of them is checked (the
    # row above draws training and evaluation, with constant statistics).
    OpSpec("batch_norm_eval", lambda x, mean, var, w, b: F.batch_norm(x, mean, var, w, b),
           _ref_batch_norm_eval, arity=5, domain=(REAL, REAL, POSITIVE, REAL, REAL),
           shapes=norm_and_channel_shapes, graphs=False, api=("nn.functional.batch_norm",)),
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
