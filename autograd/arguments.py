"""Arguments as Tensor methods take them: data to arrays, axes to sorted tuples, indices.

Each check names the op it is checking for, so a bad argument's error says where it came in.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import dtypes
from .messages import shown
from .node import Node, make_node

Axis = int | Sequence[int] | None


def to_array(data: Any, dtype: Any, where: str, copy: bool = True, name: str = "data"
             ) -> np.ndarray:
    """An ndarray from numbers, lists or arrays (owned unless copy=False): `Tensor()`'s rule.

    With no dtype, a float one: float arrays keep their dtype, Python floats and integers
    and bools become the default float (float64 unless `set_default_dtype` changed it), as
    torch.Tensor does. A `dtype=` (float, integer or bool) is the array's dtype.
    TypeError for anything else: strings, objects, complex numbers, Values (an error that
    names `where`, the op, and `name`, the argument).
    """
    if isinstance(data, Node):
        if not hasattr(data, "shape"):  # a Value: a Tensor is made from numbers, not nodes
            raise TypeError(f"{where}: {name} is a Value ({data.data!r}); a Tensor is made "
                            "from numbers: pass its .data")
        data = data.data
    not_masked(data, where, name)
    try:
        array = np.array(data, copy=copy or None)
    except ValueError as e:  # ragged nested lists
        raise ValueError(f"{where}: {name} is not a rectangular array of numbers, got "
                         f"{shown(data)}: {e}") from None
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{where}: {name} must be real numbers, got {shown(data)}")
    if dtype is not None:
        return array.astype(dtypes.as_dtype(dtype, where), copy=False)
    default = dtypes.get_default_dtype()
    if array.dtype.kind != "f":
        return array.astype(default)
    if default != np.float64 and not isinstance(data, (np.ndarray, np.generic)):
        return array.astype(default)  # Python floats: the default float
    return array


def not_masked(data: Any, where: str, name: str = "") -> None:
    """A numpy masked array would lose its mask in np.asarray: refused, with what to do."""
    if isinstance(data, np.ma.MaskedArray):
        raise TypeError(f"{where}: {name + ' is ' if name else 'got '}a numpy masked array, "
                        "whose mask a Tensor cannot keep; pass x.filled(value) for its values, "
                        "or use where(mask, x, value)")


def integer(value: Any, name: str, op: str) -> int:
    """One int (a Python or numpy int, or a one-element integer Tensor); not a bool, as
    PyTorch (True is no size or dim), and not a float even if whole."""
    if type(value) is int:
        return value
    if not isinstance(value, (bool, np.bool_)):
        try:
            return operator.index(value)
        except TypeError:
            pass
    raise TypeError(f"{op}: {name} must be an int, got {shown(value)}")


def flag(value: Any, name: str, op: str) -> bool:
    """True or False (a numpy bool too; not 0 or 1, as PyTorch): keepdim=, descending=, ..."""
    if value is True or value is False:
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    raise TypeError(f"{op}: {name}= must be True or False, got {shown(value)}")


def real(value: Any, name: str, op: str) -> float:
    """One real number as a float (eps=, alpha=, nan=, a fill value; True is 1.0, as in
    PyTorch). A 0-d array's or 0-d Tensor's value too."""
    if isinstance(value, numbers.Real):
        return float(value)
    data = value.data if isinstance(value, Node) else value
    if isinstance(data, (np.ndarray, np.generic)) and data.ndim == 0 and (
            data.dtype.kind in "fiub"):
        return float(data)
    raise TypeError(f"{op}: {name} must be a real number, got {shown(value)}")


def choice(value: Any, name: str, op: str, choices: Sequence[Any]) -> Any:
    """One of the strings (or None) an argument takes: mode=, reduction=, ..."""
    if (value is None or isinstance(value, str)) and value in choices:
        return value
    raise ValueError(f"{op}: {name} must be one of {', '.join(map(repr, choices))}, "
                     f"got {shown(value)}")


def mask(value: Any, op: str, name: str = "mask", truthy: bool = False) -> np.ndarray:
    """A boolean array from a bool Tensor, array, list or bool; with `truthy`, numbers too
    (nonzero is True: numpy's where). Anything else is a TypeError naming the op."""
    array = as_array(value.data if isinstance(value, Node) else value, op, name)
    if array.dtype == bool:
        return array
    if truthy and array.dtype.kind in "fiu":
        return array.astype(bool)
    raise TypeError(f"{op}: {name} must be boolean (a comparison such as x > 0), got "
                    f"{shown(value)} of dtype {array.dtype}")


def real_array(x: Any, op: str, name: str) -> np.ndarray:
    """x as an array of real numbers in its own dtype (a Tensor's array, or numbers, lists,
    arrays), or a TypeError or ValueError naming the op and the argument."""
    if isinstance(x, Node):
        if not hasattr(x, "shape"):
            raise TypeError(f"{op}: {name} must be a Tensor or an array, got a Value "
                            f"({x.data!r}); pass its .data")
        return x.data
    array = as_array(x, op, name)
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{op}: {name} must hold real numbers, got {shown(x)}")
    return array


def as_array(x: Any, op: str, name: str) -> np.ndarray:
    """np.asarray(x), refusing a masked array (it would lose its mask) and saying which
    argument of which op a ragged nested list was."""
    not_masked(x, op, name)
    try:
        return np.asarray(x)
    except ValueError as e:  # ragged nested lists
        raise ValueError(f"{op}: {name} is not a rectangular array, got {shown(x)}: {e}"
                         ) from None


def data_of(x: Any) -> Any:
    """A node's data, or x itself (a constant: a mask, a bound)."""
    return x.data if isinstance(x, Node) else x


class DimError(ValueError, IndexError):
    """A dim out of range: a ValueError (as numpy's AxisError, which is both) that an
    `except IndexError` catches too, as PyTorch's "Dimension out of range"."""


def axis(axis: Any, ndim: int, op: str, name: str = "axis") -> int:
    """One axis, checked against ndim and made non-negative (a 0-d Tensor takes 0 or -1):
    a TypeError naming the argument (axis, dim, ...) for what is not an int, a DimError
    (a ValueError and an IndexError) for an int out of range."""
    if type(axis) is not int:
        axis = integer(axis, name, op)
    size = max(ndim, 1)
    if not -size <= axis < size:
        raise DimError(f"{op}: {name} {axis!r} is out of range for a Tensor of {ndim} "
                       f"dimensions (expected {-size} to {size - 1})")
    return axis % size


def axes(axis_: Axis, ndim: int, op: str, name: str = "axis") -> tuple[int, ...] | None:
    """axis as numpy takes it (int, tuple or None), normalised to sorted non-negative axes."""
    if axis_ is None:
        return None
    if isinstance(axis_, (tuple, list)):
        given = tuple(axis_)
    else:
        try:
            given = (integer(axis_, name, op),)
        except TypeError:
            raise TypeError(f"{op}: {name} must be an int, a tuple of ints or None, got "
                            f"{shown(axis_)}") from None
    normalised = sorted(axis(a, ndim, op, name) for a in given)
    if len(set(normalised)) != len(normalised):
        raise ValueError(f"{op}: {name} {axis_!r} repeats an axis")
    # A 0-d Tensor takes axis 0 or -1 as PyTorch does: its one value is the whole of it.
    return tuple(normalised) if ndim else None


_UNSET: Any = object()


def either(op: str, numpy_name: str, numpy_value: Any, torch_name: str, torch_value: Any,
           default: Any) -> Any:
    """numpy's spelling or PyTorch's (`axis` or `dim`, `keepdims` or `keepdim`), not both;
    `default` when neither is given. The unset one is passed as None (or _UNSET)."""
    given_numpy = numpy_value is not None and numpy_value is not _UNSET
    given_torch = torch_value is not None and torch_value is not _UNSET
    if given_numpy and given_torch:
        raise TypeError(f"{op}: got both {numpy_name}= (numpy's name), {shown(numpy_value)}, "
                        f"and {torch_name}= (PyTorch's), {shown(torch_value)}; pass one")
    if given_torch:
        return torch_value
    return numpy_value if given_numpy else default


def pytorch_dim(dim: Any) -> Any:
    """dim as PyTorch reads it: () or [] is every axis (None here), where numpy reads
    axis=() as none; any other dim as it is."""
    return None if type(dim) in (tuple, list) and len(dim) == 0 else dim


def either_named(op: str, numpy_name: str, numpy_value: Any, torch_name: str,
                 torch_value: Any, default: Any) -> tuple[Any, str]:
    """`either`, and the name the value was given by (numpy's unless PyTorch's was used),
    for the error that a bad value gets."""
    value = either(op, numpy_name, numpy_value, torch_name, torch_value, default)
    given_torch = torch_value is not None and torch_value is not _UNSET
    return value, torch_name if given_torch else numpy_name


def keep(op: str, keepdims: Any, keepdim: Any) -> bool:
    """keepdims= (numpy's) or keepdim= (PyTorch's), not both: True or False (default False)."""
    return flag(either(op, "keepdims", keepdims, "keepdim", keepdim, False),
                "keepdims" if keepdim is None else "keepdim", op)


def count(shape: tuple[int, ...], axes_: tuple[int, ...] | None) -> int:
    """How many values a reduction over axes_ (None: all) combines."""
    return math.prod(n for i, n in enumerate(shape) if axes_ is None or i in axes_)


def positional_or_keyword(positional: tuple[Any, ...], keyword: Any, op: str, name: str
                          ) -> tuple[Any, ...]:
    """A shape or an order given positionally (`op(2, 3)`, `op((2, 3))`) or by PyTorch's
    keyword (`op(name=(2, 3))`), not both: as the positional tuple."""
    if keyword is None:
        return positional
    if positional:
        raise TypeError(f"{op}: give the {name} positionally or as {name}=, not both (got "
                        f"{positional} and {name}= {shown(keyword)})")
    return (keyword,)


def shape_args(shape: tuple[Any, ...], op: str, name: str = "shape") -> tuple[int, ...]:
    """f(2, 3) or f((2, 3)) (a list, or a 1-D integer array, as numpy's): the ints either way
    (reshape, expand, permute, ...); a TypeError naming the op for anything else."""
    given: Any = shape
    if len(shape) == 1:
        first = shape[0]
        not_masked(first, op, name)
        if isinstance(first, (tuple, list)):
            given = first
        elif isinstance(first, np.ndarray) and first.ndim == 1 and first.dtype.kind in "iu":
            given = list(first)
    if isinstance(given, (str, bytes, dict, set)) or not hasattr(given, "__iter__"):
        given = (given,)
    ints = []
    for n in given:
        try:
            ints.append(integer(n, name, op))
        except TypeError:
            raise TypeError(f"{op}: {name} must be ints, as {op}(2, 3) or {op}((2, 3)), got "
                            f"{shown(n)}") from None
    return tuple(ints)


def sizes(shape: tuple[Any, ...], op: str, name: str = "size") -> tuple[int, ...]:
    """shape_args of a Tensor to make (zeros, new_ones, repeat): ints >= 0, as PyTorch."""
    ints = shape_args(shape, op, name)
    if any(n < 0 for n in ints):
        raise ValueError(f"{op}: {name} must be non-negative, got {ints}")
    return ints


def index(index_: Any, op: str = "getitem", name: str = "index") -> Any:
    """An index numpy takes, with Tensors and lists of ints turned into arrays.

    An integer or bool Tensor indexes as its array does; a float one is an IndexError, as
    PyTorch's (numpy refuses float arrays too)."""
    if type(index_) is np.ndarray and index_.dtype.kind in "iub":  # (the common array)
        return index_
    if isinstance(index_, tuple):
        return tuple(index(i, op, name) for i in index_)
    if isinstance(index_, Node):  # positions, or a boolean mask
        if not hasattr(index_, "shape"):
            raise IndexError(f"{op}: {name} must be ints, slices or arrays, got a Value "
                             f"({index_.data!r}); use int(value.data)")
        # (positions refuses a float Tensor, as PyTorch; numpy refuses float arrays too)
        return index_.data if index_.data.dtype == bool else positions(index_, op, name)
    if isinstance(index_, (int, np.integer, slice, np.bool_)) or index_ is None or (
            index_ is Ellipsis):
        return index_
    array = as_array(index_, op, name)
    if isinstance(index_, (list, range, np.ndarray)) and array.dtype.kind in "iub":
        return array
    if isinstance(index_, list) and array.size == 0:  # x[[]]: nothing, as PyTorch
        return array.astype(np.intp)
    # numpy's own IndexError (and PyTorch's) for a str, a float, an object, a float array
    raise IndexError(f"{op}: {name} must be ints, slices, ..., None or int or bool arrays, "
                     f"got {shown(index_)}")


def index_result(array: np.ndarray, tensor: type[Node]) -> Any:
    """How an op returns indices (argmax, max(dim=)'s indices, sort, topk, nonzero): an
    int64 `tensor` (the Tensor class: given, since tensor.py imports this module), as
    PyTorch (no gradient; usable as an index, and compared with ==)."""
    return make_node(tensor, np.asarray(array, dtype=np.int64), (), "", ())


def positions(index_: Any, op: str, name: str = "index") -> np.ndarray:
    """Integer positions as an intp array, from an int, a list, an array of whole numbers,
    or an integer Tensor (a float Tensor is an IndexError, as PyTorch's): what gather,
    scatter, index_select, take, one_hot... take as `index`. Booleans, fractions and
    anything else are a TypeError (an IndexError for fractions, as getitem's) naming the op."""
    if isinstance(index_, Node) and not hasattr(index_, "shape"):
        raise TypeError(f"{op}: {name} must hold integers, got a Value ({index_.data!r}); "
                        "use int(value.data)")
    if isinstance(index_, Node) and index_.data.dtype.kind == "f":  # (as PyTorch)
        raise IndexError(f"{op}: {name} is a Tensor of dtype {index_.data.dtype}: tensors "
                         "used as indices must be long, int, byte or bool tensors (as "
                         "PyTorch); cast it (x.long())")
    array = as_array(index_.data if isinstance(index_, Node) else index_, op, name)
    if array.dtype.kind == "f":
        flat = array.ravel()
        fractional = flat[~np.isfinite(flat) | (flat != np.round(flat))]
        if fractional.size:
            raise IndexError(f"{op}: {name} must hold whole numbers, got {fractional[:5]}")
    elif array.dtype.kind not in "iu":
        raise TypeError(f"{op}: {name} must hold integers, got {shown(index_)}"
                        + (" (a mask: use masked_select or masked_fill)"
                           if array.dtype == bool else ""))
    return array.astype(np.intp, copy=False)


def in_range(index_: np.ndarray, size: int, op: str, dim: int, negative: bool = False
             ) -> np.ndarray:
    """Positions along an axis of `size`, checked (IndexError naming the op, the dim and the
    first bad index) and made non-negative. With `negative`, -size to -1 count from the end
    (numpy's and torch.take's rule); without, as gather, scatter and index_select, they are
    out of range."""
    low = -size if negative else 0
    bad = index_[(index_ < low) | (index_ >= size)]
    if bad.size:
        expected = f"{low} to {size - 1}" if size else "none: the dim is empty"
        raise IndexError(f"{op}: index {bad.flat[0]} is out of range for dim {dim} of size "
                         f"{size} (expected {expected})")
    return np.where(index_ < 0, index_ + size, index_) if negative else index_
