"""Functions of a Tensor as a whole: clone, detach, numel, is_floating_point, is_nonzero,
is_tensor (torch's)."""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from .common import as_tensor as _tensor


def clone(input: Any) -> Tensor:  # noqa: A002 (PyTorch's name)
    """A copy that stays in the graph, its gradient flowing back (torch.clone, numpy.copy)."""
    return _tensor(input, "clone").clone()


def detach(input: Any) -> Tensor:  # noqa: A002
    """The same data cut from the graph, sharing memory (torch.detach)."""
    return _tensor(input, "detach").detach()


def numel(input: Any) -> int:  # noqa: A002
    """The number of elements (torch.numel, numpy.size)."""
    return _tensor(input, "numel").numel()


def is_floating_point(input: Any) -> bool:  # noqa: A002
    """Whether the dtype is a floating-point one (torch.is_floating_point)."""
    return bool(_tensor(input, "is_floating_point").is_floating_point())


def is_nonzero(input: Any) -> bool:  # noqa: A002
    """Whether a one-element Tensor's value is not 0 (torch.is_nonzero)."""
    return _tensor(input, "is_nonzero").is_nonzero()


def is_tensor(obj: Any, /) -> bool:
    """Whether obj is a Tensor (torch.is_tensor): not a Value, an array or a number."""
    return isinstance(obj, Tensor)
