"""Gradient clipping with PyTorch's names and formulas: clip_grad_norm_, clip_grad_value_.

Gradients change in place: a Tensor's grad array keeps its identity (whoever holds it sees
the change), a Value's grad (a float) is replaced. Parameters without a gradient (a Tensor
whose grad is None) are left out, as in PyTorch.
"""

from __future__ import annotations

import math
import numbers
import types
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from autograd import Tensor, Value
from autograd.arguments import flag, real, real_array, shown


def _parameters(parameters: Any, where: str) -> list[Any]:
    if isinstance(parameters, (Tensor, Value)):
        return [parameters]
    if isinstance(parameters, (str, bytes, Mapping, np.ndarray)) or not isinstance(
            parameters, Iterable):
        raise TypeError(f"{where}: parameters must be a Tensor or Value, or an iterable of "
                        f"them, got {shown(parameters)}")
    is_generator = isinstance(parameters, types.GeneratorType)
    params = list(parameters)
    if is_generator and not params:
        warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.",
                      stacklevel=3)
    for i, p in enumerate(params):
        if not isinstance(p, (Tensor, Value)):
            raise TypeError(f"{where}: parameter {i} is {type(p).__name__}, expected a "
                            f"Tensor or Value in parameters, got {shown(p)}")
    return params


def _grad_array(p: Any) -> np.ndarray | None:
    """The parameter's gradient as an array to read and change in place (None if none)."""
    g = p.grad
    if isinstance(g, (Tensor, Value)):  # recorded with create_graph: its numbers
        g = g.data
    if g is None or isinstance(p, Value):
        return None if g is None else np.array(float(g))
    return g


def _set_grad(p: Any, g: np.ndarray) -> None:
    if isinstance(p, Value):
        if isinstance(p.grad, Value):
            p.grad.data = float(g)
        else:
            p.grad = float(g)


def _check_number(x: Any, name: str, where: str, minimum: float = -math.inf) -> float:
    if not isinstance(x, numbers.Real) or isinstance(x, bool) or not x >= minimum:
        bound = "" if minimum == -math.inf else f" >= {minimum:g}"
        raise ValueError(f"{where}: {name} must be a number{bound}, got {shown(x)}")
    return float(x)


def get_total_norm(tensors: Any, norm_type: float | str = 2.0,
                   error_if_nonfinite: bool = False, foreach: bool | None = None) -> Tensor:
    """The p-norm of all the arrays together, as if joined into one vector: the norm of
    their norms, as a 0-d Tensor (PyTorch's). norm_type inf (or 'inf') is the largest |x|;
    0 counts the non-zeros. `foreach` picks PyTorch's kernel, the same numbers: taken."""
    _foreach(foreach, "get_total_norm")
    return Tensor(_total_norm(tensors, norm_type, error_if_nonfinite, "get_total_norm"))


def _foreach(foreach: Any, where: str) -> None:
    if foreach is not None and not isinstance(foreach, (bool, np.bool_)):
        raise TypeError(f"{where}: foreach must be True, False or None, got {shown(foreach)}")


def _norm_type(norm_type: Any, where: str) -> float:
    """PyTorch takes float(norm_type): a number, or a string such as 'inf'."""
    if isinstance(norm_type, str):
        try:
            norm_type = float(norm_type)
        except ValueError:
            raise ValueError(f"{where}: norm_type must be a number >= 0 (or a string of one, "
                             f"such as 'inf'), got {shown(norm_type)}") from None
    return _check_number(norm_type, "norm_type", where, minimum=0)


def _total_norm(tensors: Any, norm_type: Any, error_if_nonfinite: Any, where: str) -> float:
    norm_type = _norm_type(norm_type, where)
    error_if_nonfinite = flag(error_if_nonfinite, "error_if_nonfinite", where)
    if not isinstance(tensors, (Tensor, Value, np.ndarray, list, tuple, types.GeneratorType)):
        raise TypeError(f"{where}: tensors must be Tensors or arrays (or one of them), got "
                        f"{shown(tensors)}")
    given = [tensors] if isinstance(tensors, (Tensor, Value, np.ndarray)) else list(tensors)
    arrays = [np.asarray(t.data if isinstance(t, (Tensor, Value)) else
                         real_array(t, where, f"tensors[{i}]"), dtype=float)
              for i, t in enumerate(given)]
    if not arrays:
        return 0.0
    norms = [np.linalg.norm(a.ravel(), ord=norm_type) for a in arrays]
    total = float(np.linalg.norm(np.array(norms), ord=norm_type))
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from "
                           "`parameters` is non-finite, so it cannot be clipped. To disable "
                           "this error and scale the gradients by the non-finite norm anyway, "
                           "set `error_if_nonfinite=False`")
    return total


def clip_grads_with_norm_(parameters: Any, max_norm: float, total_norm: float | Tensor,
                          foreach: bool | None = None) -> None:
    """Scale every gradient by min(max_norm / (total_norm + 1e-6), 1), in place (PyTorch's
    torch.nn.utils.clip_grads_with_norm_). total_norm: a number or a 0-d Tensor."""
    max_norm = _check_number(max_norm, "max_norm", "clip_grads_with_norm_", minimum=0)
    _foreach(foreach, "clip_grads_with_norm_")
    if isinstance(total_norm, Tensor) and total_norm.data.size == 1:
        total_norm = float(total_norm.data.item())
    real(total_norm, "total_norm", "clip_grads_with_norm_")  # (nan and inf pass, as PyTorch)
    params = _parameters(parameters, "clip_grads_with_norm_")
    # PyTorch divides a number by a tensor as reciprocal(tensor) * number: two roundings
    clip_coef = 1.0 / (float(total_norm) + 1e-6) * max_norm
    clip_coef_clamped = min(clip_coef, 1.0) if not math.isnan(clip_coef) else clip_coef
    for p in params:
        g = _grad_array(p)
        if g is not None:
            with np.errstate(invalid="ignore"):  # inf * 0 is NaN, silently, as in PyTorch
                g *= clip_coef_clamped
            _set_grad(p, g)


def clip_grad_norm_(parameters: Iterable[Any] | Any, max_norm: float,
                    norm_type: float | str = 2.0, error_if_nonfinite: bool = False,
                    foreach: bool | None = None) -> Tensor:
    """Scale the gradients together so that their total norm is at most max_norm:

        total = norm of all gradients as one vector (p-norm of order norm_type; inf: max |g|)
        g *= min(max_norm / (total + 1e-6), 1)

    Returns the total norm from before the clipping, a 0-d Tensor as PyTorch's (float(),
    .item() and formatting give the number). With error_if_nonfinite=True a NaN or
    infinite total norm raises RuntimeError (as PyTorch) and no gradient changes. norm_type
    may be the string 'inf'; foreach (PyTorch's choice of kernel, same numbers) is taken.
    """
    params = _parameters(parameters, "clip_grad_norm_")
    _check_number(max_norm, "max_norm", "clip_grad_norm_", minimum=0)
    _foreach(foreach, "clip_grad_norm_")
    grads = [g for g in (_grad_array(p) for p in params) if g is not None]
    total = _total_norm(grads, norm_type, error_if_nonfinite, "clip_grad_norm_")
    clip_grads_with_norm_(params, max_norm, total)
    return Tensor(total)


def clip_grad_value_(parameters: Iterable[Any] | Any, clip_value: float,
                     foreach: bool | None = None) -> None:
    """Clamp every gradient element into [-clip_value, clip_value], in place."""
    clip_value = _check_number(clip_value, "clip_value", "clip_grad_value_", minimum=0)
    _foreach(foreach, "clip_grad_value_")
    for p in _parameters(parameters, "clip_grad_value_"):
        g = _grad_array(p)
        if g is not None:
            np.clip(g, -clip_value, clip_value, out=g)
            _set_grad(p, g)
