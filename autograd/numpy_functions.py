"""numpy's functions on Tensors: `np.exp(t)`, `np.sum(t, axis=0)`, `np.concatenate([a, b])`,
`ndarray + t`, each a Tensor that stays in the graph.

numpy hands a call that has a Tensor among its arguments to the Tensor: a ufunc (np.exp,
np.add, and the operators of an ndarray on the left) to `__array_ufunc__`, any other numpy
function to `__array_function__`. Each is answered by gradproof's op of the same name:

    1. an explicit twin below, where names or arguments differ (np.subtract is `-`,
       np.arcsin is asin, np.amax is max, np.reshape takes shape=);
    2. autograd's function of that name (autograd.exp, autograd.where, autograd.zeros_like);
    3. the Tensor method of that name (t.sum, t.argmax, t.squeeze, ...);
    4. for a function whose result has no gradient (np.shape, np.allclose, np.isnan), numpy's
       own, on the data (arrays in the result become constant Tensors).
Anything else raises a TypeError naming what to do instead. A new op (a function in
autograd/functions/ or a Tensor method) is found by steps 2 and 3 with no edit here.

`np.asarray(t)` and `np.array(t)` give the data (the `__array__` protocol, on Tensor).
One limit: numpy opens a plain list itself, so `np.mean([t1, t2])` is numpy's mean of the
arrays (a number, no graph); write `autograd.stack([t1, t2]).mean()`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from . import creation, functions
from .node import Node, make_node
from .surface.numpy_protocol import NumpyProtocol
from .tensor import Tensor

# numpy name -> gradproof name, where they differ
_RENAMED = {"arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsinh": "asinh",
            "arccosh": "acosh", "arctanh": "atanh", "arctan2": "atan2", "fabs": "abs",
            "absolute": "abs", "amax": "max", "amin": "min", "expand_dims": "unsqueeze",
            "copy": "clone", "concat": "concatenate", "permute_dims": "transpose",
            "pad": "numpy_pad"}  # autograd.pad is PyTorch's F.pad; numpy_pad is np.pad

# numpy functions whose gradproof namesake means PyTorch's op: refused, not guessed
_PYTORCH_MEANING = {"split": "sizes of the pieces, not numpy's sections or cut points",
                    "array_split": "autograd.split takes the sizes of the pieces",
                    "hsplit": "autograd.split(x, sizes, dim=1)",
                    "vsplit": "autograd.split(x, sizes, dim=0)",
                    "dsplit": "autograd.split(x, sizes, dim=2)"}

# ufuncs that are operators: (the method, the method when the Tensor is on the right)
_OPERATORS = {
    "add": ("__add__", "__radd__"), "subtract": ("__sub__", "__rsub__"),
    "multiply": ("__mul__", "__rmul__"), "divide": ("__truediv__", "__rtruediv__"),
    "true_divide": ("__truediv__", "__rtruediv__"), "power": ("__pow__", "__rpow__"),
    "matmul": ("__matmul__", "__rmatmul__"), "floor_divide": ("__floordiv__", "__rfloordiv__"),
    "remainder": ("__mod__", "__rmod__"), "equal": ("__eq__", "__eq__"),
    "not_equal": ("__ne__", "__ne__"), "less": ("__lt__", "__gt__"),
    "less_equal": ("__le__", "__ge__"), "greater": ("__gt__", "__lt__"),
    "greater_equal": ("__ge__", "__le__"), "bitwise_and": ("__and__", "__rand__"),
    "bitwise_or": ("__or__", "__ror__"), "bitwise_xor": ("__xor__", "__rxor__"),
    "left_shift": ("__lshift__", "__rlshift__"), "right_shift": ("__rshift__", "__rrshift__"),
    "negative": ("__neg__", None), "positive": ("__pos__", None),
    "invert": ("__invert__", None),
}

_SYMBOLS = {"equal": "==", "not_equal": "!=", "less": "<", "less_equal": "<=", "greater": ">",
            "greater_equal": ">=", "bitwise_and": "&", "bitwise_or": "|", "bitwise_xor": "^",
            "left_shift": "<<", "right_shift": ">>"}

# ufuncs and functions with no gradient: numpy's own, on the data
_DATA_ONLY = {
    "isnan", "isinf", "isfinite", "signbit", "logical_and", "logical_or", "logical_xor",
    "shape", "ndim", "size", "allclose", "isclose", "array_equal", "array_equiv",
    "count_nonzero", "nonzero", "flatnonzero", "argwhere", "result_type", "can_cast",
    "may_share_memory", "shares_memory", "isreal", "iscomplex", "isrealobj", "iscomplexobj",
    "array_repr", "array_str", "array2string", "bincount", "searchsorted", "unique",
    "save", "savez", "savez_compressed", "savetxt",
}


def array_ufunc(ufunc: np.ufunc, method: str, inputs: tuple[Any, ...],
                kwargs: dict[str, Any]) -> Any:
    """Tensor.__array_ufunc__: np.exp(t), ndarray + t, ..."""
    name = ufunc.__name__
    out = kwargs.pop("out", None)
    if method != "__call__":
        raise TypeError(f"numpy.{name}.{method} on a Tensor is not supported; call "
                        f"numpy.{name}.{method} on tensor.numpy() for values without a "
                        "gradient, or use gradproof's reductions (sum, max, cumsum, ...)")
    if out is not None and not any(isinstance(o, Node) for o in out):
        # an ndarray result (`array += tensor`): numpy's own, no graph
        return ufunc(*[_data(x) for x in inputs], out=out, **kwargs)
    if kwargs:
        raise TypeError(f"numpy.{name} on a Tensor: gradproof's {name} takes none of "
                        f"{', '.join(kwargs)}=")
    result = _call_ufunc(name, inputs)
    if out is not None:
        if len(out) != 1:
            raise TypeError(f"numpy.{name}: expected one out=, got {len(out)}")
        return out[0].copy_(result)  # the in-place rules of Tensor.copy_
    return result


def array_function(func: Any, types: Any, args: Any, kwargs: Any) -> Any:
    """Tensor.__array_function__: np.sum(t), np.concatenate([a, b]), ..."""
    if not all(issubclass(t, (Tensor, np.ndarray)) for t in types):
        return NotImplemented  # another library's array: let it answer
    name = func.__name__
    if name in _ADAPTERS:
        return _ADAPTERS[name](*args, **kwargs)
    if name in _DATA_ONLY:  # before the twins: autograd.nonzero is PyTorch's
        return _constants(func(*_data(args), **_data(kwargs)))
    if name in _PYTORCH_MEANING:
        raise TypeError(f"numpy.{name} on a Tensor: gradproof's {name} follows PyTorch "
                        f"({_PYTORCH_MEANING[name]}); call autograd.{name} for that, or "
                        f"numpy.{name} on tensor.numpy() for values without a gradient")
    twin = _twin(name)
    if twin is not None:
        return twin(*args, **kwargs)
    module = getattr(func, "__module__", "numpy") or "numpy"
    raise TypeError(
        f"{module}.{name} has no gradproof twin (no autograd.{name}, no Tensor.{name}), "
        f"so its result would leave the graph: call it on tensor.numpy() for values "
        "without a gradient, or write it with gradproof's ops")


def _call_ufunc(name: str, inputs: tuple[Any, ...]) -> Any:
    if name in _OPERATORS:
        method, reflected = _OPERATORS[name]
        first = inputs[0]
        if isinstance(first, Node) or reflected is None:
            result = _method_of(first, method, name)(*inputs[1:])
        else:
            result = _method_of(inputs[1], reflected, name)(first)
        if result is NotImplemented:  # as Python's own message, naming the operator
            raise TypeError(f"{_SYMBOLS.get(name, name)}: numpy.{name} of unsupported operands "
                            f"{', '.join(type(x).__name__ for x in inputs)}")
        return result
    twin = _twin(name)
    if twin is not None:
        return twin(*inputs)
    if name in _DATA_ONLY:
        return _constants(getattr(np, name)(*_data(inputs)))
    raise TypeError(f"numpy.{name} has no gradproof twin (no autograd.{name}, no "
                    f"Tensor.{name}): call it on tensor.numpy() for values without a gradient, "
                    "or write it with gradproof's ops")


def _method_of(x: Any, method: str, name: str) -> Any:
    bound = getattr(x, method, None)
    if bound is None:
        raise TypeError(f"numpy.{name}: gradproof has no {method} for {type(x).__name__}")
    return bound


def _twin(name: str) -> Callable[..., Any] | None:
    """gradproof's function or Tensor method for the numpy name (steps 2 and 3)."""
    gradproof_name = _RENAMED.get(name, name)
    if gradproof_name.startswith("_"):
        return None
    if gradproof_name in functions.FUNCTIONS:
        return functions.FUNCTIONS[gradproof_name]
    candidate = getattr(creation, gradproof_name, None)  # defined there, not imported
    if callable(candidate) and getattr(candidate, "__module__", "") == creation.__name__:
        return candidate
    method = getattr(Tensor, gradproof_name, None)
    if not callable(method) or isinstance(method, type):
        return None

    def call(x: Any, *args: Any, **kwargs: Any) -> Any:
        return method(_as_tensor(x, args), *args, **kwargs)

    return call


def _as_tensor(x: Any, others: Any) -> Any:
    """x as a Tensor (a constant lifted beside the first Tensor among `others`)."""
    if isinstance(x, Tensor):
        return x
    like = next((o for o in others if isinstance(o, Tensor)), None)
    return Tensor(x) if like is None else Tensor._lift(x, like)


def _data(x: Any) -> Any:
    """x with every Tensor (in lists, tuples and dicts too) replaced by its array."""
    if isinstance(x, Node):
        return x.data
    if isinstance(x, (list, tuple)):
        return type(x)(_data(item) for item in x)
    if isinstance(x, dict):
        return {key: _data(value) for key, value in x.items()}
    return x


def _constants(result: Any) -> Any:
    """Arrays in a data-only result as constant Tensors (tuples of them too)."""
    if isinstance(result, np.ndarray) and result.dtype.kind in "fiub":
        return make_node(Tensor, result, (), "", ())
    if isinstance(result, tuple):
        return tuple(_constants(item) for item in result)
    return result


# ------------------------------------------------------------------ explicit twins

def _no(name: str, **options: Any) -> None:
    """numpy options gradproof's twin has not (dtype=, out=, where=): a clear TypeError."""
    given = [key for key, value in options.items() if value is not None]
    if given:
        raise TypeError(f"numpy.{name} on a Tensor: gradproof's {name} takes none of "
                        f"{', '.join(given)}= (cast with astype first for a dtype)")


def _reduction(a: Any, name: str) -> Any:
    method = getattr(_as_tensor(a, ()), name, None)
    if method is None:
        raise TypeError(f"numpy.{name} has no gradproof twin (no Tensor.{name}): call it on "
                        "tensor.numpy() for values without a gradient")
    return method


def _sum_like(name: str) -> Callable[..., Any]:
    # sum, prod, mean: (a, axis, dtype, out, keepdims, initial/where)
    def call(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
             keepdims: bool = False, initial: Any = None, where: Any = None) -> Any:
        _no(name, dtype=dtype, out=out, initial=initial, where=where)
        return _reduction(a, name)(axis=axis, keepdims=keepdims)
    return call


def _max_like(name: str) -> Callable[..., Any]:
    # max, min, all, any: (a, axis, out, keepdims, initial/where)
    def call(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False,
             initial: Any = None, where: Any = None) -> Any:
        _no(name, out=out, initial=initial, where=where)
        return _reduction(a, name)(axis=axis, keepdims=keepdims)
    return call


def _var_like(name: str) -> Callable[..., Any]:
    def call(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
             keepdims: bool = False, *, where: Any = None, mean: Any = None,
             correction: Any = None) -> Any:
        _no(name, dtype=dtype, out=out, where=where, mean=mean)
        ddof = ddof if correction is None else correction
        return _reduction(a, name)(axis=axis, keepdims=keepdims, ddof=ddof)
    return call


def _reshape(a: Any, shape: Any = None, order: str = "C", *, newshape: Any = None,
             copy: Any = None) -> Any:
    if order != "C":
        raise TypeError(f"numpy.reshape on a Tensor: only order='C' (got {order!r})")
    return _as_tensor(a, ()).reshape(shape if newshape is None else newshape)


def _transpose(a: Any, axes: Any = None) -> Any:
    a = _as_tensor(a, ())
    return a.transpose() if axes is None else a.transpose(tuple(axes))


def _joined(name: str) -> Callable[..., Any]:
    def call(arrays: Any, axis: Any = 0, out: Any = None, *, dtype: Any = None,
             casting: Any = None) -> Any:
        _no(name, out=out, dtype=dtype)
        if axis is None:  # numpy's: flatten each first
            arrays, axis = [_as_tensor(a, arrays).reshape(-1) for a in arrays], 0
        return getattr(functions, name)(list(arrays), axis=axis)
    return call


def _where(condition: Any, *xy: Any) -> Any:
    if not xy:  # numpy's where(condition) is nonzero(condition)
        return _constants(np.nonzero(_data(condition)))
    return functions.where(condition, *xy)


def _dot(a: Any, b: Any, out: Any = None) -> Any:
    _no("dot", out=out)
    ndims = (np.ndim(_data(a)), np.ndim(_data(b)))
    if 0 in ndims:
        return operator.mul(a, b) if isinstance(a, Node) else operator.mul(b, a)
    if max(ndims) > 2:
        raise TypeError("numpy.dot on Tensors of more than 2 dimensions: use matmul (@), "
                        "whose rule for stacks of matrices differs from dot's")
    return a @ b if isinstance(a, Node) else b.__rmatmul__(a)


def _clip(a: Any, a_min: Any = None, a_max: Any = None, out: Any = None, *, min: Any = None,  # noqa: A002
          max: Any = None, **kwargs: Any) -> Any:  # noqa: A002 (numpy's names)
    _no("clip", out=out)
    lo = a_min if a_min is not None else min
    hi = a_max if a_max is not None else max
    return _as_tensor(a, (lo, hi)).clip(lo, hi)


def _unsqueeze(a: Any, axis: Any) -> Any:
    a = _as_tensor(a, ())
    for one in sorted(axis) if isinstance(axis, (tuple, list)) else (axis,):
        a = a.unsqueeze(one)
    return a


def _meshgrid(*xs: Any, indexing: str = "xy", sparse: bool = False, copy: bool = True
              ) -> Any:
    if sparse:
        raise TypeError("numpy.meshgrid on Tensors: gradproof's meshgrid takes no sparse=")
    return functions.meshgrid(*xs, indexing=indexing)


_ADAPTERS: dict[str, Callable[..., Any]] = {
    "sum": _sum_like("sum"), "prod": _sum_like("prod"), "mean": _sum_like("mean"),
    "max": _max_like("max"), "amax": _max_like("max"), "min": _max_like("min"),
    "amin": _max_like("min"), "all": _max_like("all"), "any": _max_like("any"),
    "var": _var_like("var"), "std": _var_like("std"),
    "reshape": _reshape, "transpose": _transpose, "permute_dims": _transpose,
    "concatenate": _joined("concatenate"), "concat": _joined("concatenate"),
    "stack": _joined("stack"), "where": _where, "dot": _dot, "clip": _clip,
    "expand_dims": _unsqueeze,
    # numpy's default grid is 'xy' (autograd.meshgrid's, as PyTorch's, is 'ij')
    "meshgrid": lambda *xs, indexing="xy", **kw: _meshgrid(*xs, indexing=indexing, **kw),
    "broadcast_to": lambda array, shape, subok=False: _as_tensor(array, ()).broadcast_to(shape),
}


# Tensor's protocol methods (autograd/surface/numpy_protocol.py) hand their calls here: this
# module answers with autograd's functions and Tensor's methods, so it sits above both.
NumpyProtocol._answer_ufunc = array_ufunc
NumpyProtocol._answer_function = array_function
