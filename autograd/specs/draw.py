"""How spec rows draw input shapes and static arguments (axes, shapes, indices, masks).

A shape drawer is `(draw, arity) -> shapes`; a static drawer `(draw, shapes) -> kwargs`. A
static drawer raises `NoFit` when the shapes it is given (in a random graph, shapes made by
earlier ops) leave it nothing to draw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .core import Draw, NoFit, Shapes

# ------------------------------------------------------------------------------ shapes


def broadcast(min_side: int = 0) -> Callable[[Draw, int], Shapes]:
    """Shapes that broadcast together: (3, 1) with (4,), () with anything, ..."""
    def draw_shapes(draw: Draw, arity: int) -> Shapes:
        return draw(hnp.mutually_broadcastable_shapes(
            num_shapes=arity, max_dims=3, min_side=min_side, max_side=3)).input_shapes
    return draw_shapes


def matmul_shapes(draw: Draw, arity: int) -> Shapes:
    """numpy's matmul signature (n?,k),(k,m?): 1-D x 1-D, 1-D x 2-D, ..., batched N-D with
    broadcast batch axes."""
    return draw(hnp.mutually_broadcastable_shapes(
        signature=np.matmul.signature, max_dims=2, min_side=0, max_side=3)).input_shapes


def linear_shapes(draw: Draw, arity: int) -> Shapes:
    """x (..., in), w (out, in), b (out,): nn.Linear's layout, with 0 to 2 batch axes."""
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3))
    n_in, n_out = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    return (batch + (n_in,), (n_out, n_in), (n_out,))


def concat_shapes(draw: Draw, arity: int) -> Shapes:
    """Shapes equal except along one axis (where concatenate joins them)."""
    base = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3))
    axis = draw(st.integers(0, len(base) - 1))
    sides = draw(st.lists(st.integers(0, 3), min_size=arity, max_size=arity))
    return tuple(base[:axis] + (n,) + base[axis + 1:] for n in sides)


def scalars(draw: Draw, arity: int) -> Shapes:
    return ((),) * arity


# ------------------------------------------------------------------- static arguments


def some_axes(draw: Draw, ndim: int) -> Any:
    """An axis argument as numpy takes it: None, an int or a tuple, negative ones included."""
    if ndim == 0:
        return draw(st.sampled_from([None, ()]))
    axes = draw(st.lists(st.integers(-ndim, ndim - 1), max_size=ndim,
                         unique_by=lambda a: a % ndim))
    form = draw(st.sampled_from(["none", "int", "tuple"]))
    if form == "none" or not axes:
        return None if form == "none" else tuple(axes)
    return axes[0] if form == "int" else tuple(axes)


def reduced_count(shape: tuple[int, ...], axis: Any) -> int:
    """How many values a reduction over `axis` (numpy's form) combines."""
    if axis is None:
        return int(np.prod(shape))
    axes = (axis,) if isinstance(axis, int) else axis
    return int(np.prod([shape[a] for a in axes]))


def normal_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """axis as a sorted tuple of non-negative axes (all of them for None)."""
    if axis is None or ndim == 0:  # a 0-d array's one value is all of it
        return tuple(range(ndim))
    return tuple(sorted(a % ndim for a in ((axis,) if isinstance(axis, int) else axis)))


def reductions(torch: bool = True, nonempty: bool = False
               ) -> Callable[[Draw, Shapes], dict[str, Any]]:
    """axis (None, int, tuple, negative) and keepdims (True, False, or left to its default),
    in numpy's spelling or (if `torch`) PyTorch's (dim, keepdim); with `nonempty`, only
    axes that reduce at least one value (a mean or a max of nothing has no value)."""
    def draw_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
        spell = torch and draw(st.booleans())
        axes = some_axes(draw, len(shapes[0]))
        kwargs: dict[str, Any] = {"dim" if spell else "axis": axes}
        keepdims = draw(st.sampled_from([None, True, False]))
        if keepdims is not None:
            kwargs["keepdim" if spell else "keepdims"] = keepdims
        if nonempty and (reduced_count(shapes[0], axes) == 0 or 0 in shapes[0]):
            raise NoFit
        return kwargs
    return draw_static


reduce_static = reductions()
nonempty_reduce_static = reductions(nonempty=True)


def numpy_kw(kwargs: dict[str, Any]) -> dict[str, Any]:
    """PyTorch's keyword names (dim, keepdim) as numpy's (axis, keepdims), for a reference."""
    names = {"dim": "axis", "keepdim": "keepdims"}
    return {names.get(key, key): None if key == "dim" and value in ((), []) else value
            for key, value in kwargs.items()}  # (PyTorch's dim=() is every axis)


def var_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    kwargs = nonempty_reduce_static(draw, shapes)
    if reduced_count(shapes[0], numpy_kw(kwargs)["axis"]) > 1:  # ddof=1 needs two values
        kwargs["ddof"] = draw(st.sampled_from([0, 1]))
    return kwargs


def std_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """var's, but each reduced group holds two values or more: sqrt'(0) is no derivative."""
    kwargs = var_static(draw, shapes)
    if reduced_count(shapes[0], numpy_kw(kwargs)["axis"]) < 2:
        kwargs = {key: None if key in ("axis", "dim") else value
                  for key, value in kwargs.items() if key != "ddof"}
    if reduced_count(shapes[0], numpy_kw(kwargs)["axis"]) < 2:
        raise NoFit
    return kwargs


def one_axis(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """A single axis, negative included, as axis= or dim=, or the default (-1)."""
    ndim = len(shapes[0])
    if ndim == 0 or 0 in shapes[0]:
        raise NoFit
    axis = draw(st.none() | st.integers(-ndim, ndim - 1))
    return {} if axis is None else {draw(st.sampled_from(["axis", "dim"])): axis}


def concat_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = len(shapes[0])
    fits = [a for a in range(ndim)
            if all(len(s) == ndim and s[:a] + s[a + 1:] == shapes[0][:a] + shapes[0][a + 1:]
                   for s in shapes)]
    if not fits:
        raise NoFit
    axis = draw(st.sampled_from(fits))
    return {"axis": axis - ndim if draw(st.booleans()) else axis}


def stack_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    if any(s != shapes[0] for s in shapes):
        raise NoFit
    ndim = len(shapes[0]) + 1
    return {"axis": draw(st.integers(-ndim, ndim - 1))}


def reshape_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    size = int(np.prod(shape))
    targets = [(size,), tuple(reversed(shape)), (1, *shape), (-1,)]
    if size > 0 and shape:
        targets.append((-1, *shape[1:]))
    return {"shape": draw(st.sampled_from(targets)), "star": draw(st.booleans())}


def permutation_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = len(shapes[0])
    axes = draw(st.permutations(range(ndim)))
    negative = draw(st.lists(st.booleans(), min_size=ndim, max_size=ndim))
    axes = tuple(a - ndim if neg else a for a, neg in zip(axes, negative, strict=True))
    return {"axes": axes, "form": draw(st.sampled_from(["star", "tuple", "none"]))}


def swap_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = len(shapes[0])
    if ndim == 0:
        raise NoFit
    return {"axis1": draw(st.integers(-ndim, ndim - 1)),
            "axis2": draw(st.integers(-ndim, ndim - 1))}


def flatten_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = len(shapes[0])
    if ndim == 0:
        return {}
    start = draw(st.integers(0, ndim - 1))
    end = draw(st.integers(start, ndim - 1))
    return {"start_dim": start - ndim if draw(st.booleans()) else start,
            "end_dim": end - ndim if draw(st.booleans()) else end}


def expand_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    lead = draw(st.lists(st.integers(0, 3), max_size=2))
    grown = [draw(st.integers(0, 3)) if n == 1 else n for n in shape]
    keep = [draw(st.booleans()) for _ in shape]  # expand's -1: keep this size
    return {"shape": (*lead, *grown),
            "sizes": (*lead, *(-1 if k and g == n else g
                               for g, n, k in zip(grown, shape, keep, strict=True)))}


def squeeze_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    ones = [a for a, n in enumerate(shape) if n == 1]
    ones += [a - len(shape) for a in ones]
    choice = draw(st.sampled_from(["none", "int", "tuple"]))
    if choice == "none" or not ones:
        return {}
    if choice == "int":
        return {"axis": draw(st.sampled_from(ones))}
    return {"axis": tuple(draw(st.lists(st.sampled_from(ones), min_size=1,
                                        unique_by=lambda a: a % len(shape))))}


def unsqueeze_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    ndim = len(shapes[0]) + 1
    if ndim > 4:
        raise NoFit
    return {"axis": draw(st.integers(-ndim, ndim - 1))}


def index_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    """An index: slices (negative steps), an int, int arrays with repeats, boolean masks."""
    shape = shapes[0]
    if not shape:
        raise NoFit
    n = shape[0]
    kinds = ["slice", "mask", "ellipsis"] + (["int", "ints", "tuple"] if n else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "slice":
        start, stop = draw(st.none() | st.integers(-4, 4)), draw(st.none() | st.integers(-4, 4))
        index: Any = slice(start, stop, draw(st.sampled_from([None, 1, 2, -1, -2])))
    elif kind == "mask":
        index = draw(hnp.arrays(bool, shape[:draw(st.integers(1, len(shape)))]))
    elif kind == "ellipsis":
        index = (Ellipsis, slice(None, None, -1)) if len(shape) > 1 else Ellipsis
    elif kind == "int":
        index = draw(st.integers(-n, n - 1))
    else:
        ints = draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=5))  # repeats
        index = np.array(ints)
        if kind == "tuple" and len(shape) > 1:
            index = (index, slice(None, None, -1))
    return {"index": index}


def where_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError:
        raise NoFit from None
    trailing = shape[len(shape) - draw(st.integers(0, len(shape))):]  # cond broadcasts too
    return {"cond": draw(hnp.arrays(bool, trailing))}


def exponent_static(values: list[float]) -> Callable[[Draw, Shapes], dict[str, Any]]:
    return lambda draw, shapes: {"c": draw(st.sampled_from(values))}


def clip_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    bounds = draw(st.sampled_from([(-1.0, 1.0), (None, 1.0), (-1.0, None), (1.0, 2.0)]))
    return {"lo": bounds[0], "hi": bounds[1], "name": draw(st.sampled_from(["clip", "clamp"]))}


def sum_to_static(draw: Draw, shapes: Shapes) -> dict[str, Any]:
    shape = shapes[0]
    ndim = draw(st.integers(0, len(shape)))
    tail = shape[len(shape) - ndim:]
    return {"shape": tuple(1 if draw(st.booleans()) else n for n in tail)}


# ------------------------------------------------------------ kink-free, for random graphs


def no_ties(x: Any, axes: tuple[int, ...]) -> bool:
    """The largest and smallest entries along `axes` are each alone by KINK_MARGIN."""
    from .core import KINK_MARGIN

    x = np.asarray(x)
    if x.size == 0:
        return False
    rest = [a for a in range(x.ndim) if a not in axes]
    rows = np.sort(np.transpose(x, rest + list(axes)).reshape(-1, reduced_count(x.shape, axes)
                                                                   if axes else 1), axis=1)
    if rows.shape[1] < 2:
        return True
    return bool(np.all(rows[:, -1] - rows[:, -2] >= KINK_MARGIN)
                and np.all(rows[:, 1] - rows[:, 0] >= KINK_MARGIN))


def apart(x: Any, y: Any) -> bool:
    """x and y differ by KINK_MARGIN everywhere (maximum and minimum never tie)."""
    from .core import KINK_MARGIN

    try:
        return bool(np.all(np.abs(np.asarray(x) - np.asarray(y)) >= KINK_MARGIN))
    except ValueError:  # shapes that do not broadcast: the op will say so
        return True
