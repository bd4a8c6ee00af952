"""Tensor's linear algebra: @ and matmul; `linear` (PyTorch's F.linear) as one node."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..arguments import data_of
from .shared import as_tensor, tensor_class


class Linalg:
    """Tensor methods (mixed into Tensor)."""

    __slots__ = ()

    def __matmul__(self, other: Any) -> Any:
        return ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Any:
        return ops.matmul(other, self)

    def matmul(self, other: Any) -> Any:
        return ops.matmul(self, other)


def linear(x: Any, weight: Any, bias: Any = None) -> Any:
    """x @ weight.T + bias as one node (torch.nn.functional.linear): weight is (out, in).

    One fused op rather than a matmul, a transpose and an add: a third of the nodes, and
    the weight's gradient comes out laid out as the weight is.
    """
    x_shape, w_shape = np.shape(data_of(x)), np.shape(data_of(weight))
    if len(w_shape) != 2 or not x_shape or x_shape[-1] != w_shape[1]:
        raise ValueError(f"linear: input of shape {x_shape} does not fit weight of shape "
                         f"{w_shape}: expected a 2-D weight (out, in) and input (..., in)")
    if bias is not None and np.shape(data_of(bias)) not in ((), (w_shape[0],)):
        raise ValueError(f"linear: bias of shape {np.shape(data_of(bias))} does not fit "
                         f"weight of shape {w_shape}: expected ({w_shape[0]},)")
    if not isinstance(x, tensor_class()) and not isinstance(weight, tensor_class()):
        x = as_tensor(x)
    return ops.linear(x, weight) if bias is None else ops.linear(x, weight, bias)
