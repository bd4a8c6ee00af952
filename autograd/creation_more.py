"""More of PyTorch's creation functions: logspace, and the index grids of a matrix's lower
and upper triangles, tril_indices and triu_indices (autograd/creation.py holds the rest)."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes
from .arguments import integer, real
from .creation import _default, _made, spaced
from .tensor import Tensor


def logspace(start: Any, end: Any, steps: int, base: float = 10.0, *, dtype: Any = None,
             requires_grad: bool = False, device: Any = None) -> Tensor:
    """`steps` values from base ** start to base ** end, their exponents evenly spaced
    (linspace's, by PyTorch's formula), in the default float unless dtype is given."""
    exponents = spaced(start, end, steps, "logspace")
    array = np.power(float(real(base, "base", "logspace")), exponents)
    return _made(array, _default(dtype), requires_grad, device, "logspace")


def tril_indices(row: int, col: int, offset: int = 0, *, dtype: Any = np.int64,
                 device: Any = None) -> Tensor:
    """The (row, column) indices of the lower triangle of a row x col matrix, a 2 x N
    Tensor in row-major order; offset k keeps the diagonals up to the k-th above the main
    one (k < 0: below it), as torch.tril_indices (numpy's np.tril_indices(row, k, col))."""
    rows, cols, k, kind = _grid(row, col, offset, dtype, device, "tril_indices")
    return _made(np.stack(np.tril_indices(rows, k, cols)), kind, False, None, "tril_indices")


def triu_indices(row: int, col: int, offset: int = 0, *, dtype: Any = np.int64,
                 device: Any = None) -> Tensor:
    """The (row, column) indices of the upper triangle of a row x col matrix, a 2 x N
    Tensor in row-major order, from the offset-th diagonal up (torch.triu_indices)."""
    rows, cols, k, kind = _grid(row, col, offset, dtype, device, "triu_indices")
    return _made(np.stack(np.triu_indices(rows, k, cols)), kind, False, None, "triu_indices")


def _grid(row: Any, col: Any, offset: Any, dtype: Any, device: Any, where: str
          ) -> tuple[int, int, int, np.dtype[Any]]:
    dtypes.check_device(device, where)
    rows, cols = integer(row, "row", where), integer(col, "col", where)
    for name, n in (("row", rows), ("col", cols)):
        if n < 0:
            raise ValueError(f"{where}: {name} must be non-negative, got {n}")
    kind = dtypes.as_dtype(dtype, where)
    if kind.kind not in "iu":
        raise TypeError(f"{where}: dtype must be an integer dtype (the indices are ints), "
                        f"got {kind}")
    return rows, cols, integer(offset, "offset", where), kind
