"""PyTorch's deprecated `size_average=` and `reduce=` of its losses (torch.nn._reduction).

Every PyTorch loss that had them still takes them, at their old positions (MSELoss(
size_average=None, reduce=None, reduction='mean'), cross_entropy(input, target, weight,
size_average, ignore_index, reduce, reduction, label_smoothing)), so nn's losses take them
there too, and a PyTorch port's positional call means what it meant. Either one given (not
None) overrides `reduction`, as PyTorch's `legacy_get_string`, with PyTorch's warning:

    size_average    reduce          reduction
    True or None    True or None    'mean'
    False           True or None    'sum'
    anything        False           'none'     (one loss per element: nothing to average)

They take True, False or None (PyTorch takes any truthy value; a string here is most likely
a reduction passed by position, and the error says so).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from ..arguments import shown

WARNING = ("size_average and reduce args will be deprecated, please use reduction='{}' "
           "instead.")  # PyTorch's words

_NN = str(Path(__file__).resolve().parent) + os.sep  # (nn/, not nn_other/)


def reduction_of(size_average: Any, reduce: Any, reduction: str, where: str) -> str:
    """`reduction`, unless size_average or reduce is given: then legacy_get_string's."""
    if size_average is None and reduce is None:
        return reduction
    return legacy_get_string(size_average, reduce, where)


def legacy_get_string(size_average: Any, reduce: Any, where: str) -> str:
    """The reduction that size_average and reduce stand for (None counts as True), with
    PyTorch's UserWarning, shown at the caller's line (the first one outside nn)."""
    size_average = _legacy_flag(size_average, "size_average", where)
    reduce = _legacy_flag(reduce, "reduce", where)
    if size_average and reduce:
        reduction = "mean"
    elif reduce:
        reduction = "sum"
    else:
        reduction = "none"
    warnings.warn(WARNING.format(reduction), UserWarning, stacklevel=_outside_nn())
    return reduction


def _legacy_flag(value: Any, name: str, where: str) -> bool:
    if value is None:
        return True
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    hint = (f"; pass reduction={value!r} by name (PyTorch's {name} comes before it)"
            if isinstance(value, str) else "")
    raise TypeError(f"{where}: {name} (deprecated: use reduction=) must be True, False or "
                    f"None, got {shown(value)}{hint}")


def _outside_nn() -> int:
    """warnings.warn's stacklevel of the first frame outside nn/ (the user's call), seen
    from the function that warns."""
    frame, level = sys._getframe(2), 2  # (the warning function's frame is level 1)
    while frame is not None and frame.f_code.co_filename.startswith(_NN):
        frame, level = frame.f_back, level + 1
    return level
