"""Spec rows: sort argsort topk median mode (values; indices are checked by using them).

Sorting is continuous but has a kink wherever two values tie (which one goes first flips),
so the values are drawn unique on the grid, and random graphs use a row only where the
values along its axis are KINK_MARGIN apart.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import autograd
from autograd.surface.sorting import take

from .core import GRID, KINK_MARGIN, Draw, NoFit, OpSpec, Shapes, register, same
from .draw import normal_axes, numpy_kw, reductions
from .spelling import either_way, ignoring_via, with_via


def _apart(x: Any, **kw: Any) -> bool:
    """Every two values along the op's axes differ by KINK_MARGIN (all axes by default; a
    sort's dim defaults to the last)."""
    x = np.asarray(x)
    if x.ndim == 0 or x.size == 0:
        return True
    along = normal_axes(numpy_kw(kw).get("axis"), x.ndim)
    rest = [a for a in range(x.ndim) if a not in along]
    rows = np.sort(np.transpose(x, rest + list(along)).reshape(
        int(np.prod([x.shape[a] for a in rest])), -1), axis=1)
    return bool(np.all(np.diff(rows, axis=1) >= KINK_MARGIN))


def _apart_last(x: Any, **kw: Any) -> bool:
    kw = {k: v for k, v in kw.items() if k in ("axis", "dim")}
    return _apart(x, **(kw or {"axis": -1}))


def _numpy_axis(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """numpy's axis (None: flattened, an int, negative included) or its default."""
    ndim = len(shapes[0])
    choices = [None] + list(range(-ndim, ndim))
    return {} if draw(st.booleans()) else {"axis": draw(st.sampled_from(choices))}


def _sort_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """PyTorch's (dim, descending, stable) or numpy's axis (which returns values only)."""
    if draw(st.booleans()):
        return {"axis": -1, **_numpy_axis(draw, shapes)}
    ndim = max(len(shapes[0]), 1)
    kwargs: dict[str, Any] = {"descending": draw(st.booleans()), "stable": draw(st.booleans())}
    if draw(st.booleans()):
        kwargs["dim"] = draw(st.integers(-ndim, ndim - 1))
    return kwargs


def _ref_sort(x: np.ndarray, dim: int = -1, descending: bool = False, **kw: Any) -> np.ndarray:
    if x.ndim == 0:
        return x
    ordered = np.sort(x, axis=dim)
    return np.flip(ordered, axis=dim) if descending else ordered


def _sort(x: Any, via: str, **kw: Any) -> Any:
    out = x.sort(**kw) if via == "method" else autograd.sort(x, **kw)
    return out if "axis" in kw else out.values


def _ref_sort_either(x: np.ndarray, via: str, **kw: Any) -> np.ndarray:
    if "axis" not in kw:
        return _ref_sort(x, **kw)
    return np.sort(x, axis=kw["axis"]) if x.ndim or kw["axis"] is None else x


def _argsort_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    if draw(st.booleans()):
        return _numpy_axis(draw, shapes)
    ndim = max(len(shapes[0]), 1)
    return {"dim": draw(st.integers(-ndim, ndim - 1)), "descending": draw(st.booleans())}


def _by_argsort(x: Any, via: str, **kw: Any) -> Any:
    """x's values in argsort's order (along its axis; all of x, flattened, for axis=None)."""
    indices = x.argsort(**kw) if via == "method" else autograd.argsort(x, **kw)
    chosen = kw.get("dim", kw.get("axis", -1))
    if x.ndim == 0:
        return x * 1.0
    if chosen is None:
        return x.reshape(-1)[indices]
    return take(x, indices, chosen)


def _ref_by_argsort(x: np.ndarray, via: str, axis: Any = -1, dim: Any = None,
                    descending: bool = False) -> np.ndarray:
    if x.ndim == 0:
        return x
    along = axis if dim is None else dim
    ordered = np.sort(x, axis=along)
    return np.flip(ordered, axis=along if along is not None else 0) if descending else ordered


def _topk_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    ndim = max(len(shape), 1)
    dim = draw(st.integers(-ndim, ndim - 1))
    size = shape[dim] if shape else 1
    return {"k": draw(st.integers(0, size)), "dim": dim, "largest": draw(st.booleans())}


def _ref_topk(x: np.ndarray, k: int, dim: int, largest: bool) -> np.ndarray:
    if x.ndim == 0:
        return x
    ordered = _ref_sort(x, dim, descending=largest)
    return np.take(ordered, np.arange(k), axis=dim)


def _median_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """Of all values (PyTorch's median()), along a dim (its median(dim)), or numpy's."""
    kind = draw(st.sampled_from(["all", "dim", "numpy"]))
    if kind == "numpy":
        return _numpy_median_static(draw, shapes)
    return _dim_static(draw, shapes) if kind == "dim" else {}


def _median(x: Any, via: str, **kw: Any) -> Any:
    out = x.median(**kw) if via == "method" else autograd.median(x, **kw)
    return out.values if "dim" in kw else out


def _ref_median(x: np.ndarray, via: str, **kw: Any) -> np.ndarray:
    if "axis" in kw:
        return np.median(x, **kw)
    return _ref_lower_median(x, **kw)


def _ref_lower_median(x: np.ndarray, dim: int | None = None, keepdim: bool = False
                      ) -> np.ndarray:
    if dim is None:
        flat = np.sort(x.reshape(-1))
        return flat[(flat.size - 1) // 2]
    if x.ndim == 0:
        return x
    ordered = np.sort(x, axis=dim)
    picked = np.take(ordered, [(x.shape[dim] - 1) // 2], axis=dim)
    return picked if keepdim else np.squeeze(picked, axis=dim)


def _dim_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = max(len(shapes[0]), 1)
    kwargs: dict[str, Any] = {"dim": draw(st.integers(-ndim, ndim - 1))}
    if draw(st.booleans()):
        kwargs["keepdim"] = draw(st.booleans())
    return kwargs


def _numpy_median_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    kwargs = reductions(torch=False)(draw, shapes)
    if 0 in shapes[0]:
        raise NoFit
    kwargs.setdefault("keepdims", False)
    return kwargs


def _ref_mode(x: np.ndarray, dim: int = -1, keepdim: bool = False) -> np.ndarray:
    """With distinct values each is as frequent as the others: the mode is the smallest."""
    if x.ndim == 0:
        return x
    return np.min(x, axis=dim, keepdims=keepdim)


NONEMPTY = same(min_side=1)

register(
    OpSpec("sort", _sort, _ref_sort_either, domain=GRID, unique=True, kinks="ties",
           static=with_via(_sort_static), safe=_apart_last, api=("sort", "autograd.sort")),
    OpSpec("argsort", _by_argsort, _ref_by_argsort, domain=GRID, unique=True, kinks="ties",
           static=with_via(_argsort_static), safe=_apart_last,
           api=("argsort", "autograd.argsort")),
    OpSpec("topk", either_way("topk", lambda out: out.values), ignoring_via(_ref_topk),
           domain=GRID, unique=True, kinks="ties", static=with_via(_topk_static),
           safe=_apart_last, api=("topk", "autograd.topk")),
    OpSpec("median", _median, _ref_median, domain=GRID, unique=True, kinks="ties",
           shapes=NONEMPTY, static=with_via(_median_static), safe=_apart,
           api=("median", "autograd.median")),
    OpSpec("mode", either_way("mode", lambda out: out.values), ignoring_via(_ref_mode),
           domain=GRID, unique=True, kinks="ties (equal values change which is most frequent)",
           shapes=NONEMPTY, static=with_via(_dim_static), safe=_apart,
           api=("mode", "autograd.mode")),
)
