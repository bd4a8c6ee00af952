"""The buffers of a saved optimizer state, checked and copied: load_state_dict's helpers.

A state may come from state_dict() or from torch.optim's (its tensors read back as numpy
arrays or as Tensors): 'step' is then a 0-d array, and SGD without momentum saves
momentum_buffer None.
"""

from __future__ import annotations

import copy
import numbers
from typing import Any

import numpy as np

from autograd import Tensor, Value
from autograd.arguments import shown


def copy_value(value: Any) -> Any:
    return np.array(value, copy=True) if isinstance(value, np.ndarray) else value


def plain(value: Any) -> Any:
    """A saved Tensor or Value as its numbers (a list of them element by element)."""
    if isinstance(value, (Tensor, Value)):
        return np.array(value.data, copy=True) if isinstance(value, Tensor) else value.data
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def infer_buffers(saved: dict[str, Any], x: np.ndarray) -> dict[str, Any]:
    """The buffers of an optimizer that does not name them (a user's subclass): an array of
    the parameter's shape is copied in its dtype (as PyTorch casts state to the parameter's),
    a 0-d array becomes a number ('step' a float, as gradproof keeps it), anything else is
    deep-copied."""
    buffers: dict[str, Any] = {}
    for key, value in saved.items():
        if isinstance(value, np.ndarray) and value.shape == x.shape and value.ndim:
            buffers[key] = np.array(value, dtype=x.dtype if value.dtype.kind == "f" else None,
                                    copy=True)
        elif isinstance(value, np.ndarray) and value.ndim == 0:
            number = value.item()
            buffers[key] = float(number) if key == "step" else number
        else:
            buffers[key] = copy.deepcopy(value)
    return buffers


def load_buffer(value: Any, key: str, x: np.ndarray, where: str, problems: list[str]) -> Any:
    """A copy of a saved buffer in x's dtype and shape ('step' is a number of steps)."""
    if key == "step":
        step = value.item() if isinstance(value, np.ndarray) and value.size == 1 else value
        if (not isinstance(step, numbers.Real) or isinstance(step, bool) or not step >= 0
                or step != int(step)):
            problems.append(f"{where}: step must be a whole number >= 0, got {value!r}")
        return float(step) if isinstance(step, numbers.Real) else None
    if value is None and key == "momentum_buffer":  # torch's SGD before its first momentum
        return None
    array = np.asarray(value)
    if array.dtype.kind not in "fiu":
        problems.append(f"{where}: {key} is not numbers (dtype {array.dtype})")
        return None
    if array.shape != x.shape:
        problems.append(f"{where}: {key} has shape {array.shape}, the parameter {x.shape}")
    return np.array(array, dtype=x.dtype, copy=True)


def load_number(value: Any, key: str, where: str, problems: list[str]) -> float:
    """A saved per-parameter number other than step (NAdam's mu_product, ASGD's eta)."""
    number = value.item() if isinstance(value, np.ndarray) and value.size == 1 else value
    if not isinstance(number, numbers.Real) or isinstance(number, bool):
        problems.append(f"{where}: {key} must be a number, got {shown(number)}")
        return 0.0
    return float(number)
