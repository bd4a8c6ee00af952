"""Spec rows: moving values (flip, roll, movedim), copying them (tile, repeat, pad), cutting
(split, chunk, narrow) and re-shaping (unflatten, ravel, view_as, meshgrid).

A row whose op has several spellings (a method, a function, numpy's keywords) draws the
spelling as a static argument `form`, so that one row checks them all.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import autograd

from .core import NoFit, OpSpec, register, same

# ------------------------------------------------------------------------ flip, roll


def _some_dims(draw: Any, ndim: int, max_size: int | None = None) -> tuple[int, ...]:
    """Distinct dims in any order, negative ones included."""
    if ndim == 0:
        return ()
    return tuple(draw(st.lists(st.integers(-ndim, ndim - 1), unique_by=lambda a: a % ndim,
                               max_size=ndim if max_size is None else max_size)))


def _flip_static(draw: Any, shapes: Any) -> dict[str, Any]:
    ndim = len(shapes[0])
    forms = ["star", "tuple", "dims", "axis", "none", "function"]
    forms += ["fliplr"] * (ndim >= 2) + ["flipud"] * (ndim >= 1)
    return {"dims": _some_dims(draw, ndim), "form": draw(st.sampled_from(forms))}


def _flip(x: Any, dims: tuple[int, ...], form: str) -> Any:
    calls = {"star": lambda: x.flip(*dims), "tuple": lambda: x.flip(dims),
             "dims": lambda: x.flip(dims=dims), "axis": lambda: x.flip(axis=dims),
             "none": lambda: x.flip(), "function": lambda: autograd.flip(x, dims),
             "fliplr": lambda: autograd.fliplr(x), "flipud": lambda: x.flipud()}
    return calls[form]()


def _ref_flip(x: np.ndarray, dims: tuple[int, ...], form: str) -> np.ndarray:
    if form in ("fliplr", "flipud"):
        return getattr(np, form)(x)
    everything = form == "none" or (form == "star" and not dims)  # x.flip(): every axis
    return np.flip(x) if everything else np.flip(x, dims)


def _roll_static(draw: Any, shapes: Any) -> dict[str, Any]:
    ndim = len(shapes[0])
    form = draw(st.sampled_from(["flat", "one", "pairs", "numpy", "broadcast", "function"]))
    shift = st.integers(-4, 4)
    if ndim == 0 or form == "flat":
        return {"shifts": draw(shift), "dims": None, "form": "method"}
    dims = draw(st.lists(st.integers(-ndim, ndim - 1), min_size=1, max_size=3))  # repeats
    if form == "one":
        return {"shifts": draw(shift), "dims": dims[0], "form": "method"}
    shifts = draw(shift) if form == "broadcast" else tuple(draw(shift) for _ in dims)
    return {"shifts": shifts, "dims": tuple(dims), "form": form}


def _roll(x: Any, shifts: Any, dims: Any, form: str) -> Any:
    if form == "numpy":
        return x.roll(shift=shifts, axis=dims)
    return autograd.roll(x, shifts, dims) if form == "function" else x.roll(shifts, dims)


def _movedim_static(draw: Any, shapes: Any) -> dict[str, Any]:
    ndim = len(shapes[0])
    source = _some_dims(draw, ndim)
    destination = draw(st.permutations(range(-ndim, 0) if draw(st.booleans()) else range(ndim)))
    destination = tuple(destination[:len(source)])
    single = len(source) == 1 and draw(st.booleans())
    return {"source": source[0] if single else source,
            "destination": destination[0] if single else destination,
            "form": draw(st.sampled_from(["movedim", "moveaxis", "function"]))}


def _movedim(x: Any, source: Any, destination: Any, form: str) -> Any:
    if form == "function":
        return autograd.moveaxis(x, source, destination)
    return getattr(x, form)(source, destination)


# ----------------------------------------------------------- tile, repeat, interleave


def _reps(draw: Any, least: int, most: int) -> tuple[int, ...]:
    return tuple(draw(st.lists(st.integers(0, 2), min_size=least, max_size=most)))


def _tile_static(draw: Any, shapes: Any) -> dict[str, Any]:
    ndim = len(shapes[0])
    return {"reps": _reps(draw, 0, ndim + 1),
            "form": draw(st.sampled_from(["star", "tuple", "function", "numpy"]))}


def _tile(x: Any, reps: tuple[int, ...], form: str) -> Any:
    calls = {"star": lambda: x.tile(*reps), "tuple": lambda: x.tile(reps),
             "function": lambda: autograd.tile(x, reps),
             "numpy": lambda: autograd.tile(x, reps=reps)}
    return calls[form]()


def _repeat_static(draw: Any, shapes: Any) -> dict[str, Any]:
    ndim = len(shapes[0])
    return {"sizes": _reps(draw, ndim, ndim + 1), "star": draw(st.booleans())}


def _interleave_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    dim = draw(st.none() | st.integers(-len(shape), len(shape) - 1)) if shape else None
    n = int(np.prod(shape)) if dim is None else shape[dim]
    kind = draw(st.sampled_from(["int", "each", "one"]))
    repeats: Any = draw(st.integers(0, 3))
    if kind == "each":
        repeats = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)),
                           dtype=np.int64)
    elif kind == "one":
        repeats = np.array([repeats])
    return {"repeats": repeats, "dim": dim,
            "form": draw(st.sampled_from(["method", "axis", "numpy", "function"]))}


def _interleave(x: Any, repeats: Any, dim: Any, form: str) -> Any:
    calls = {"method": lambda: x.repeat_interleave(repeats, dim),
             "axis": lambda: x.repeat_interleave(repeats, axis=dim),
             "numpy": lambda: autograd.repeat(x, repeats, dim),
             "function": lambda: autograd.repeat_interleave(x, repeats, dim)}
    return calls[form]()


# ---------------------------------------------------------------- split, chunk, narrow


def _weighted(pieces: Any, d: int, join: Any) -> Any:
    """The pieces, each times its position + 1, joined again: one result that tells the
    pieces apart (a piece in the wrong place changes the value, and the gradient)."""
    return join([p * float(i + 1) for i, p in enumerate(pieces)], d)


def _split_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    if not shape:
        raise NoFit
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    n = shape[dim]
    if draw(st.booleans()):
        size: Any = draw(st.integers(1, 4)) if n else draw(st.integers(0, 2))
    else:
        cuts = sorted(draw(st.lists(st.integers(0, n), max_size=3)))
        size = list(np.diff([0, *cuts, n]))
    return {"size": size, "dim": dim, "function": draw(st.booleans())}


def _split(x: Any, size: Any, dim: int, function: bool) -> Any:
    pieces = autograd.split(x, size, dim) if function else x.split(size, dim)
    return _weighted(pieces, dim, autograd.cat)


def _ref_pieces(x: np.ndarray, sizes: list[int], dim: int) -> np.ndarray:
    return _weighted(np.split(x, np.cumsum(sizes)[:-1], axis=dim), dim, np.concatenate)


def _ref_split(x: np.ndarray, size: Any, dim: int, function: bool) -> np.ndarray:
    n = x.shape[dim]
    if isinstance(size, list):
        return _ref_pieces(x, size, dim)
    return _ref_pieces(x, [size] * (n // size) + [n % size] * bool(n % size) if n else [0], dim)


def _chunk_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    if not shape:
        raise NoFit
    return {"chunks": draw(st.integers(1, 4)), "dim": draw(st.integers(-len(shape),
                                                                       len(shape) - 1)),
            "function": draw(st.booleans())}


def _chunk(x: Any, chunks: int, dim: int, function: bool) -> Any:
    pieces = autograd.chunk(x, chunks, dim) if function else x.chunk(chunks, dim)
    return _weighted(pieces, dim, autograd.cat)


def _ref_chunk(x: np.ndarray, chunks: int, dim: int, function: bool) -> np.ndarray:
    n = x.shape[dim]
    size = -(-n // chunks)  # PyTorch: pieces of ceil(n / chunks), so maybe fewer pieces
    return _ref_split(x, size, dim, function) if n else _ref_pieces(x, [0] * chunks, dim)


def _unbind_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    if not shape:
        raise NoFit
    return {"dim": draw(st.integers(-len(shape), len(shape) - 1)),
            "function": draw(st.booleans())}


def _unbind(x: Any, dim: int, function: bool) -> Any:
    pieces = autograd.unbind(x, dim) if function else x.unbind(dim)
    return _weighted(pieces, dim, autograd.stack) if pieces else x.sum(dim)


def _ref_unbind(x: np.ndarray, dim: int, function: bool) -> np.ndarray:
    pieces = np.moveaxis(x, dim, 0)
    return _weighted(list(pieces), dim, np.stack) if len(pieces) else x.sum(dim)


def _narrow_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    if not shape:
        raise NoFit
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    n = shape[dim]
    first = draw(st.integers(0, n))
    start = first - n if first < n and draw(st.booleans()) else first
    return {"dim": dim, "start": start, "length": draw(st.integers(0, n - first)),
            "function": draw(st.booleans())}


def _narrow(x: Any, dim: int, start: int, length: int, function: bool) -> Any:
    return autograd.narrow(x, dim, start, length) if function else x.narrow(dim, start, length)


def _ref_narrow(x: np.ndarray, dim: int, start: int, length: int, function: bool
                ) -> np.ndarray:
    first = start % x.shape[dim] if start < 0 else start
    return np.take(x, np.arange(first, first + length), axis=dim)


# ------------------------------------------------------------------- re-shaping


def _unflatten_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    if not shape:
        raise NoFit
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    n = shape[dim]
    first = draw(st.sampled_from([k for k in range(1, n + 1) if n % k == 0] or [0, 1]))
    sizes = [first, n // first if first else draw(st.integers(0, 2))]
    if draw(st.booleans()) and n:  # -1 beside a 0 would be ambiguous
        sizes[draw(st.integers(0, 1))] = -1
    return {"dim": dim, "sizes": tuple(sizes), "function": draw(st.booleans())}


def _ref_unflatten(x: np.ndarray, dim: int, sizes: tuple[int, ...], function: bool
                   ) -> np.ndarray:
    d = dim % x.ndim
    known = int(np.prod([n for n in sizes if n != -1]))
    sizes = tuple(x.shape[d] // known if n == -1 else n for n in sizes)  # numpy cannot infer
    return x.reshape(x.shape[:d] + sizes + x.shape[d + 1:])  # -1 in a reshape of size 0


def _as_static(draw: Any, shapes: Any) -> dict[str, Any]:
    shape = shapes[0]
    form = draw(st.sampled_from(["view_as", "reshape_as", "expand_as"]))
    if form == "expand_as":
        lead = tuple(draw(st.lists(st.integers(0, 3), max_size=2)))
        target = lead + tuple(draw(st.integers(0, 3)) if n == 1 else n for n in shape)
    else:
        target = draw(st.sampled_from([tuple(reversed(shape)), (int(np.prod(shape)),),
                                       (1, *shape)]))
    return {"other": np.zeros(target), "form": form}


def _ref_as(x: np.ndarray, other: np.ndarray, form: str) -> np.ndarray:
    if form == "expand_as":
        return np.broadcast_to(x, other.shape)
    return x.reshape(other.shape)


def _vectors(draw: Any, arity: int) -> Any:
    """0-d or 1-D shapes, each its own."""
    return tuple(draw(st.sampled_from([(), (0,), (1,), (2,), (3,)])) for _ in range(arity))


def _meshgrid_static(draw: Any, shapes: Any) -> dict[str, Any]:
    if any(len(s) > 1 for s in shapes):
        raise NoFit
    return {"indexing": draw(st.sampled_from([None, "ij", "xy"]))}


def _meshgrid(*xs: Any, indexing: str | None) -> Any:
    grids = autograd.meshgrid(*xs) if indexing is None else autograd.meshgrid(
        list(xs), indexing=indexing)
    return autograd.stack(grids)


def _ref_meshgrid(*xs: np.ndarray, indexing: str | None) -> np.ndarray:
    # numpy's default is 'xy'; PyTorch's (and so gradproof's) is 'ij'
    return np.stack(np.meshgrid(*xs, indexing=indexing or "ij"))


def _ravel(x: Any, function: bool) -> Any:
    return autograd.ravel(x) if function else x.ravel()


register(
    OpSpec("flip", _flip, _ref_flip, static=_flip_static,
           api=("flip", "fliplr", "flipud", "autograd.flip", "autograd.fliplr",
                "autograd.flipud")),
    OpSpec("roll", _roll, lambda x, shifts, dims, form: np.roll(x, shifts, dims),
           static=_roll_static, api=("roll", "autograd.roll")),
    OpSpec("movedim", _movedim,
           lambda x, source, destination, form: np.moveaxis(x, source, destination),
           static=_movedim_static, api=("movedim", "moveaxis", "autograd.movedim",
                                        "autograd.moveaxis")),
    OpSpec("tile", _tile, lambda x, reps, form: np.tile(x, reps), static=_tile_static,
           api=("tile", "autograd.tile")),
    OpSpec("repeat", lambda x, sizes, star: x.repeat(*sizes) if star else x.repeat(sizes),
           lambda x, sizes, star: np.tile(x, sizes), static=_repeat_static, api=("repeat",)),
    OpSpec("repeat_interleave", _interleave,
           lambda x, repeats, dim, form: np.repeat(x, repeats, dim),
           static=_interleave_static,
           api=("repeat_interleave", "autograd.repeat", "autograd.repeat_interleave")),
    OpSpec("split", _split, _ref_split, shapes=same(1), static=_split_static,
           api=("split", "autograd.split")),
    OpSpec("chunk", _chunk, _ref_chunk, shapes=same(1), static=_chunk_static,
           api=("chunk", "autograd.chunk")),
    OpSpec("unbind", _unbind, _ref_unbind, shapes=same(1), static=_unbind_static,
           api=("unbind", "autograd.unbind")),
    OpSpec("narrow", _narrow, _ref_narrow, shapes=same(1), static=_narrow_static,
           api=("narrow", "autograd.narrow")),
    OpSpec("unflatten", lambda x, dim, sizes, function: autograd.unflatten(x, dim, sizes)
           if function else x.unflatten(dim, sizes), _ref_unflatten, shapes=same(1),
           static=_unflatten_static, api=("unflatten", "autograd.unflatten")),
    OpSpec("view_as", lambda x, other, form: getattr(x, form)(other), _ref_as,
           static=_as_static, api=("view_as", "reshape_as", "expand_as")),
    OpSpec("ravel", _ravel, lambda x, function: np.ravel(x),
           static=lambda draw, shapes: {"function": draw(st.booleans())},
           api=("ravel", "autograd.ravel")),
    OpSpec("meshgrid", _meshgrid, _ref_meshgrid, arity=2, shapes=_vectors,
           static=_meshgrid_static, api=("autograd.meshgrid",)),
)
