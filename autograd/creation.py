"""Making Tensors: tensor, as_tensor, from_numpy, zeros, ones, full, empty, eye, arange,
linspace; the random ones (rand, randn, randint, randperm, multinomial, normal); the *_like
ones; and manual_seed, which seeds them all.

PyTorch's names, arguments and dtypes: a size as `zeros(2, 3)` or `zeros((2, 3))`; dtype=,
requires_grad= and device='cpu' on each (another device is an error: gradproof computes on
the CPU). `tensor([1, 2])` is int64, `tensor([True])` bool, `tensor([1.5])` the default
float; `arange(5)` is int64, `arange(0., 1., 0.1)` the default float; `full((2,), 7)` int64.
The default float is float64 (see autograd/dtypes.py), where PyTorch's is float32.

Random numbers come from one numpy Generator, `default_generator`, for these functions and
for nn's layer initialisation, nn.init and Dropout alike. `manual_seed(n)` (nn.manual_seed is
the same function) reseeds it in place, so everything that holds it sees the new seed, as
with torch.manual_seed; after it the draws are those of `numpy.random.default_rng(n)`, in
order. The numbers are numpy's: the same seed gives other numbers than PyTorch's. Each
random function also takes generator= (a numpy Generator of your own).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import data_dtype, dtypes, sampling
from .arguments import flag, integer, not_masked, real, real_array, shown, sizes
from .generators import (  # noqa: F401 (_shared_generator: pickles name it here)
    _shared_generator,
    default_generator,
    generator,
    manual_seed,
)
from .node import Node, make_node
from .tensor import Tensor

# ---------------------------------------------------------------------------- from data

def tensor(data: Any, dtype: Any = None, requires_grad: bool = False,
           device: Any = None) -> Tensor:
    """A new Tensor holding a copy of data, with torch.tensor's dtype: Python ints int64,
    bools bool, floats the default float; numpy arrays and Tensors keep their dtype."""
    if isinstance(data, Node):
        if not hasattr(data, "shape"):
            raise TypeError(f"tensor: data is a Value ({data.data!r}); pass its .data")
        array = np.array(data.data, copy=True)
    else:
        array = data_dtype.from_data(data, "tensor")
    return _made(array, dtype, requires_grad, device, "tensor")


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A Tensor sharing the array's memory, as torch.from_numpy: a change to one (an
    in-place op, or a write to the array) is seen by the other. Its dtype is the array's."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"from_numpy: ndarray must be a numpy array, got {shown(ndarray)}")
    not_masked(ndarray, "from_numpy", "ndarray")
    if ndarray.dtype.kind not in "fiub":
        raise TypeError(f"from_numpy: ndarray must hold real numbers or bools, got "
                        f"{shown(ndarray)} of dtype {ndarray.dtype}")
    return make_node(Tensor, ndarray, (), "", ())


def as_tensor(data: Any, dtype: Any = None, device: Any = None) -> Tensor:
    """data as a Tensor, as torch.as_tensor: a Tensor itself (cast with `to` if another
    dtype is asked, in the graph between floats); a numpy array shared (as from_numpy)
    unless another dtype is asked; anything else copied, as tensor(data, dtype)."""
    dtypes.check_device(device, "as_tensor")
    wanted = None if dtype is None else dtypes.as_dtype(dtype, "as_tensor")
    if isinstance(data, Node) and hasattr(data, "shape"):
        return data if wanted is None or wanted == data.data.dtype else data.to(wanted)
    if isinstance(data, np.ndarray) and not isinstance(data, np.ma.MaskedArray):
        array = real_array(data, "as_tensor", "data")
        return make_node(Tensor, array if wanted is None else array.astype(wanted, copy=False),
                         (), "", ())
    if isinstance(data, Node):
        raise TypeError(f"as_tensor: data is a Value ({data.data!r}); pass its .data")
    return _made(data_dtype.from_data(data, "as_tensor"), wanted, False, None, "as_tensor")


def _made(array: np.ndarray, dtype: Any, requires_grad: bool, device: Any, where: str
          ) -> Tensor:
    """The new leaf: array cast to dtype (if given), checked for requires_grad and device."""
    dtypes.check_device(device, where)
    if dtype is not None:
        array = array.astype(dtypes.as_dtype(dtype, where), copy=False)
    requires_grad = flag(requires_grad, "requires_grad", where)
    if requires_grad:
        dtypes.check_requires_grad(array.dtype, where)
    out: Tensor = make_node(Tensor, array, (), "", ())
    out.requires_grad = requires_grad
    return out


def _shape(size: tuple[Any, ...], where: str, keyword: dict[str, Any] | None = None
           ) -> tuple[int, ...]:
    """zeros(2, 3) or zeros((2, 3)) or zeros([2, 3]) or zeros(size=(2, 3)): the shape,
    checked; keyword holds the keywords other than the named ones (only size= is one)."""
    if keyword:
        if set(keyword) != {"size"}:
            raise TypeError(f"{where}() got an unexpected keyword argument "
                            f"{sorted(set(keyword) - {'size'})[0]!r}")
        if size:
            raise TypeError(f"{where}() got multiple values for argument 'size'")
        size = (keyword["size"],)
    if not size:  # PyTorch: zeros() is an error, zeros(()) the 0-d Tensor
        raise TypeError(f"{where}() missing 1 required positional argument: 'size' (a 0-d "
                        f"Tensor is {where}(()))")
    return sizes(size, where, "size")


def _count(n: Any, where: str, name: str) -> int:
    """One size: an int >= 0."""
    if integer(n, name, where) < 0:
        raise ValueError(f"{where}: {name} must be non-negative, got {n!r}")
    return int(n)


def _float(dtype: Any, where: str) -> np.dtype[Any]:
    """The float dtype asked for (the default if None); an integer one is an error."""
    chosen = dtypes.get_default_dtype() if dtype is None else dtypes.as_dtype(dtype, where)
    if chosen.kind != "f":
        raise TypeError(f"{where}: draws floats, so dtype must be a float type, got {chosen}")
    return chosen


def _default(dtype: Any) -> Any:
    return dtypes.get_default_dtype() if dtype is None else dtype


# --------------------------------------------------------------------------- constants

def zeros(*size: Any, dtype: Any = None, requires_grad: bool = False,
          device: Any = None, **size_: Any) -> Tensor:
    return _made(np.zeros(_shape(size, "zeros", size_)), _default(dtype), requires_grad,
                 device, "zeros")


def ones(*size: Any, dtype: Any = None, requires_grad: bool = False,
         device: Any = None, **size_: Any) -> Tensor:
    return _made(np.ones(_shape(size, "ones", size_)), _default(dtype), requires_grad,
                 device, "ones")


def empty(*size: Any, dtype: Any = None, requires_grad: bool = False,
          device: Any = None, **size_: Any) -> Tensor:
    """Uninitialised values (whatever the memory held), as torch.empty."""
    return _made(np.empty(_shape(size, "empty", size_)), _default(dtype), requires_grad,
                 device, "empty")


def full(size: Any, fill_value: Any, *, dtype: Any = None, requires_grad: bool = False,
         device: Any = None) -> Tensor:
    """Every element fill_value; the dtype from it when not given (bool, int64, or the
    default float), as torch.full. A value the dtype cannot hold (300 in uint8, nan in
    int64) is a RuntimeError, as PyTorch's (dtypes.scalar_to: no wrapping around)."""
    number_dtype = _dtype_of_number(fill_value, "full")  # (checks fill_value too)
    chosen = dtypes.as_dtype(number_dtype if dtype is None else dtype, "full")
    value = fill_value.data if isinstance(fill_value, Node) else fill_value
    value = dtypes.scalar_to(value, chosen, "full", "fill_value")
    return _made(np.full(_shape((size,), "full"), value, chosen), None, requires_grad, device,
                 "full")


def _dtype_of_number(value: Any, where: str) -> Any:
    if isinstance(value, Node) and hasattr(value, "shape"):
        if value.data.size != 1:
            raise TypeError(f"{where}: fill_value must be a number or a one-element Tensor, "
                             f"got a Tensor of shape {value.shape}")
        value = value.data.reshape(()).item()  # a number, as PyTorch reads it: by kind
    if isinstance(value, (bool, np.bool_)):
        return np.bool_
    if isinstance(value, numbers.Integral):
        return np.int64
    if isinstance(value, numbers.Real):
        return dtypes.get_default_dtype()
    raise TypeError(f"{where}: fill_value must be a real number, got {shown(value)}")


def eye(n: int, m: int | None = None, *, dtype: Any = None, requires_grad: bool = False,
        device: Any = None) -> Tensor:
    """The n x m identity (m = n by default)."""
    rows, cols = (_count(k, "eye", name) for k, name in ((n, "n"), (n if m is None else m, "m")))
    return _made(np.eye(rows, cols), _default(dtype), requires_grad, device, "eye")


def arange(start: Any = None, end: Any = None, step: Any = 1, *, dtype: Any = None,
           requires_grad: bool = False, device: Any = None) -> Tensor:
    """start, start + step, ... up to but not including end (arange(end) starts at 0):
    int64 when all three are integers, else the default float, as torch.arange. The values
    are start + i * step, ceil((end - start) / step) of them (numpy's arange adds i times
    (start + step) - start, which rounds differently). An integer dtype= truncates start
    and step first, as PyTorch's, and for int64 end too (arange(0, 2.9, dtype=int64) is
    [0, 1]; PyTorch's other integer dtypes count from the bounds as given: 3 of int32)."""
    if end is None:
        if start is None:
            raise TypeError("arange() missing 1 required positional argument: 'end'")
        start, end = 0, start
    elif start is None:
        start = 0
    bounds = [b.item() if isinstance(b, Node) and hasattr(b, "shape") else b
              for b in (start, end, step)]
    for name, b in zip(("start", "end", "step"), bounds, strict=True):
        if not isinstance(b, numbers.Real):
            raise TypeError(f"arange: {name} must be a real number, got {shown(b)}")
    start, end, step = bounds
    if not all(math.isfinite(b) for b in bounds):
        raise ValueError(f"arange: unsupported range: {start} -> {end} (step {step}); "
                         "expected finite numbers")
    count = None  # (PyTorch's number of values for an integer dtype other than int64)
    if dtype is not None and (chosen := dtypes.as_dtype(dtype, "arange")).kind != "f":
        if chosen != np.int64 and step != 0:
            count = max(math.ceil((float(end) - float(start)) / float(step)), 0)
        start, end, step = bounds = [math.trunc(b) for b in bounds]
    if step == 0:
        raise ValueError(f"arange: step must be nonzero, got {step!r}")
    if (end - start) * step < 0:
        raise ValueError(f"arange: upper bound and lower bound inconsistent with step sign "
                         f"(start={start}, end={end}, step={step})")
    integral = all(isinstance(b, numbers.Integral) for b in bounds)
    if integral and count is not None:
        array = np.arange(count, dtype=np.int64) * int(step) + int(start)
    elif integral:
        array = np.arange(int(start), int(end), int(step), dtype=np.int64)
    else:
        count = math.ceil((float(end) - float(start)) / float(step))
        array = np.arange(count, dtype=np.float64) * float(step) + float(start)
    if dtype is None and not integral:
        dtype = dtypes.get_default_dtype()
    return _made(array, dtype, requires_grad, device, "arange")


def linspace(start: Any, end: Any, steps: int, *, dtype: Any = None,
             requires_grad: bool = False, device: Any = None) -> Tensor:
    """`steps` evenly spaced values from start to end, both included, by PyTorch's formula:
    with h = (end - start) / (steps - 1), start + i * h for the first half and
    end - (steps - 1 - i) * h for the rest (numpy's: start + i * h for all but the last).
    The ends are exact and, up to 7 steps, the values PyTorch's bit for bit (beyond, its
    vectorised loop rounds some of them differently, by an ulp)."""
    array = spaced(start, end, steps, "linspace")
    return _made(array, _default(dtype), requires_grad, device, "linspace")


def spaced(start: Any, end: Any, steps: Any, where: str) -> np.ndarray:
    """linspace's float64 values (logspace's exponents), its arguments checked for `where`."""
    count = integer(steps, "steps", where)
    if count < 0:
        raise ValueError(f"{where}: number of steps must be non-negative, got {count}")
    first, last = (float(real(b, name, where)) for b, name in ((start, "start"), (end, "end")))
    i = np.arange(count, dtype=np.float64)
    h = (last - first) / (count - 1) if count > 1 else 0.0
    array = np.where(i < count // 2, first + i * h, last - (count - 1 - i) * h)
    if count == 1:
        array[0] = first
    return array


# ------------------------------------------------------------------------------ random

def rand(*size: Any, generator: np.random.Generator | None = None, dtype: Any = None,
         requires_grad: bool = False, device: Any = None, **size_: Any) -> Tensor:
    """Uniform on [0, 1)."""
    chosen = _float(dtype, "rand")
    array = _gen(generator, "rand").random(_shape(size, "rand", size_))
    return _made(array, chosen, requires_grad, device, "rand")


def randn(*size: Any, generator: np.random.Generator | None = None, dtype: Any = None,
          requires_grad: bool = False, device: Any = None, **size_: Any) -> Tensor:
    """Standard normal: mean 0, standard deviation 1."""
    chosen = _float(dtype, "randn")
    array = _gen(generator, "randn").standard_normal(_shape(size, "randn", size_))
    return _made(array, chosen, requires_grad, device, "randn")


def randint(*args: Any, size: Any = None, generator: np.random.Generator | None = None,
            dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
    """Integers from low (0 if omitted) up to but not including high: randint(high, size)
    or randint(low, high, size), int64 unless dtype= says otherwise, as torch.randint."""
    trailing = bool(args) and isinstance(args[-1], (Sequence, np.ndarray)) and not (
        isinstance(args[-1], str))
    if size is not None and trailing:
        raise TypeError(f"randint: got size by position, {shown(args[-1])}, and by keyword, "
                        f"{shown(size)}; pass it once")
    if size is None and trailing:
        *args, size = args  # type: ignore[assignment]
    if size is None or len(args) not in (1, 2):
        raise TypeError(f"randint: expected randint(high, size) or randint(low, high, size), "
                        f"size a tuple such as (3,); got args {shown(tuple(args))} and size "
                        f"{shown(size)}")
    low, high = (0, args[0]) if len(args) == 1 else args
    low, high = integer(low, "low", "randint"), integer(high, "high", "randint")
    if not high > low:
        raise ValueError(f"randint: high must be above low, got low={low}, high={high}")
    shape = _shape((size,), "randint")
    if dtype is not None and (chosen := dtypes.as_dtype(dtype, "randint")).kind in "biu":
        least, most = (0, 1) if chosen.kind == "b" else (np.iinfo(chosen).min,
                                                          np.iinfo(chosen).max)
        if not (least <= low and high - 1 <= most):
            raise ValueError(f"randint: low={low} and high - 1={high - 1} must be within "
                             f"{chosen}'s range [{least}, {most}] (PyTorch refuses them too)")
    array = _gen(generator, "randint").integers(low, high, shape)
    return _made(array.astype(np.int64), dtype, requires_grad, device, "randint")


def randperm(n: int, *, generator: np.random.Generator | None = None, dtype: Any = None,
             requires_grad: bool = False, device: Any = None) -> Tensor:
    """0, 1, ..., n - 1 in a random order (numpy's Generator.permutation), int64 unless
    dtype= says otherwise, as torch.randperm."""
    count = _count(n, "randperm", "n")
    array = _gen(generator, "randperm").permutation(count).astype(np.int64)
    return _made(array, dtype, requires_grad, device, "randperm")


def multinomial(input: Any, num_samples: int, replacement: bool = False, *,  # noqa: A002
                generator: np.random.Generator | None = None) -> Tensor:
    """num_samples category indices drawn by the weights in input (1-D, or 2-D: one draw per
    row), with or without replacement: an int64 Tensor, as torch.multinomial (how they are
    drawn: autograd/sampling.py)."""
    array = sampling.weights(input, "multinomial")
    drawn = sampling.multinomial_indices(array, num_samples, replacement, generator,
                                         "multinomial")
    return _made(drawn, None, False, None, "multinomial")


def normal(mean: Any = 0.0, std: Any = 1.0, size: Any = None, *,
           generator: np.random.Generator | None = None, dtype: Any = None,
           requires_grad: bool = False, device: Any = None) -> Tensor:
    """Normal draws: normal(mean, std, size) with numbers, or normal(mean, std) with
    Tensors or arrays (one draw per element, their broadcast shape); a constant."""
    m, s = (real_array(x, "normal", name) for x, name in ((mean, "mean"), (std, "std")))
    if np.any(s < 0):
        raise ValueError(f"normal: std must be non-negative, got {np.ravel(s)[:5].tolist()}")
    shape = np.broadcast_shapes(m.shape, s.shape) if size is None else _shape((size,), "normal")
    array = _gen(generator, "normal").normal(m, s, shape)
    like = m.dtype if m.ndim else s.dtype if s.ndim else None  # as PyTorch: mean's
    chosen = _float(dtype if dtype is not None or like is None or like.kind != "f" else like,
                    "normal")
    return _made(np.asarray(array), chosen, requires_grad, device, "normal")


def _gen(given: np.random.Generator | None, where: str) -> np.random.Generator:
    return generator(given, where)


# ------------------------------------------------------------------------------- *_like

def _like(x: Any, where: str) -> tuple[tuple[int, ...], np.dtype[Any]]:
    data = real_array(x, where, "x")
    return data.shape, data.dtype


def zeros_like(x: Any, dtype: Any = None, requires_grad: bool = False,
               device: Any = None) -> Tensor:
    shape, like = _like(x, "zeros_like")
    return _made(np.zeros(shape, like), dtype, requires_grad, device, "zeros_like")


def ones_like(x: Any, dtype: Any = None, requires_grad: bool = False,
              device: Any = None) -> Tensor:
    shape, like = _like(x, "ones_like")
    return _made(np.ones(shape, like), dtype, requires_grad, device, "ones_like")


def empty_like(x: Any, dtype: Any = None, requires_grad: bool = False,
               device: Any = None) -> Tensor:
    shape, like = _like(x, "empty_like")
    return _made(np.empty(shape, like), dtype, requires_grad, device, "empty_like")


def full_like(x: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False,
              device: Any = None) -> Tensor:
    """x's shape, every element fill_value cast to x's dtype (unless dtype= is given)."""
    shape, like = _like(x, "full_like")
    chosen = like if dtype is None else dtypes.as_dtype(dtype, "full_like")
    real(fill_value, "fill_value", "full_like")  # (checked; an int stays an int: -1 to uint8)
    value = dtypes.scalar_to(fill_value.data if isinstance(fill_value, Node) else fill_value,
                             chosen, "full_like", "fill_value")
    return _made(np.full(shape, value, chosen), None, requires_grad, device, "full_like")


def rand_like(x: Any, *, generator: np.random.Generator | None = None, dtype: Any = None,
              requires_grad: bool = False, device: Any = None) -> Tensor:
    shape, like = _like(x, "rand_like")
    return rand(shape, generator=generator, dtype=like if dtype is None else dtype,
                requires_grad=requires_grad, device=device)


def randn_like(x: Any, *, generator: np.random.Generator | None = None, dtype: Any = None,
               requires_grad: bool = False, device: Any = None) -> Tensor:
    shape, like = _like(x, "randn_like")
    return randn(shape, generator=generator, dtype=like if dtype is None else dtype,
                 requires_grad=requires_grad, device=device)


def randint_like(x: Any, *args: Any, generator: np.random.Generator | None = None,
                 dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
    """randint_like(x, high) or randint_like(x, low, high): x's shape and dtype."""
    shape, like = _like(x, "randint_like")
    return randint(*args, shape, generator=generator, dtype=like if dtype is None else dtype,
                   requires_grad=requires_grad, device=device)

