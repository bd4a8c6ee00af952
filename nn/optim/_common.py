"""What Adamax, NAdam, RAdam, Rprop, ASGD and LBFGS share beyond Optimizer: argument checks, and
per-parameter numbers besides `step` (NAdam's mu_product, ASGD's eta and mu).

PyTorch keeps those numbers in 0-d tensors of its default dtype, float32, whatever the
parameter's dtype: each update rounds them to float32, and that rounding shows in the
parameter's last bits. `float32` does the same; the state holds them as Python floats, as
it holds `step`, and state_dict()/load_state_dict() carry them as such.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from autograd.arguments import shown

from .optimizer import Optimizer


def float32(x: float) -> float:
    """x rounded to float32: what PyTorch's float32 0-d state tensor holds after copy_(x)."""
    return float(np.float32(x))


def times_float32(x: float, y: float) -> float:
    """PyTorch's `t *= y` on a float32 0-d tensor t holding x: y is rounded to float32 first,
    then the product (one more rounding)."""
    return float(np.float32(x) * np.float32(y))


def check_real(x: Any, name: str, where: str) -> None:
    """ValueError unless x is a real number (any sign, as PyTorch takes it; not a bool)."""
    if not isinstance(x, numbers.Real) or isinstance(x, bool) or x != x:
        raise ValueError(f"{where}: {name} must be a number, got {shown(x)}")


def check_pair(group: dict[str, Any], key: str, where: str, wanted: str,
               fits: Any = lambda a, b: True) -> None:
    """group[key] must be two real numbers (a tuple or list) for which fits(a, b) holds;
    it becomes a tuple of floats, as the constructors normalise it (JSON gives lists)."""
    pair = group[key]
    if (not isinstance(pair, (tuple, list)) or len(pair) != 2
            or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) and v == v
                       for v in pair) or not fits(*pair)):
        raise ValueError(f"{where}: {key} must be {wanted}, got {shown(pair)}")
    group[key] = (float(pair[0]), float(pair[1]))


def check_betas(group: dict[str, Any], where: str) -> None:
    check_pair(group, "betas", where, "two numbers in [0, 1)",
               lambda a, b: 0 <= a < 1 and 0 <= b < 1)


class ScalarStateOptimizer(Optimizer):
    """An optimizer whose per-parameter state holds, besides `step`, the numbers named in
    `scalar_names` (Python floats). load_state_dict() checks that each is a real number and
    leaves everything else to Optimizer's checks."""

    scalar_names: tuple[str, ...] = ()

    def _load_states(self, saved_states: Any, by_index: dict[Any, tuple[Any, dict[str, Any]]],
                     problems: list[str]) -> list[tuple[Any, dict[str, Any]]]:
        if not isinstance(saved_states, Mapping):
            return super()._load_states(saved_states, by_index, problems)
        # Optimizer's checks expect an array of the parameter's shape for every buffer but
        # `step`: each number is checked here and handed on as such an array of zeros (so
        # that a missing or unknown name is still reported there), then put back.
        arrays: dict[Any, Any] = {}
        loaded: dict[int, dict[str, float]] = {}
        for index, saved in saved_states.items():
            if not isinstance(saved, Mapping) or index not in by_index:
                arrays[index] = saved
                continue
            p = by_index[index][0]
            shape = np.shape(p.data)
            arrays[index] = {**saved}
            loaded[id(p)] = {}
            for key in self.scalar_names:
                if key in saved:
                    loaded[id(p)][key] = self._load_number(saved[key], key, index, problems)
                    arrays[index][key] = np.zeros(shape)
        states = super()._load_states(arrays, by_index, problems)
        for p, buffers in states:
            buffers.update(loaded[id(p)])
        return states

    @staticmethod
    def _load_number(value: Any, key: str, index: Any, problems: list[str]) -> float:
        number = value.item() if isinstance(value, np.ndarray) and value.size == 1 else value
        if not isinstance(number, numbers.Real) or isinstance(number, bool):
            problems.append(f"state {index}: {key} must be a number, got {shown(value)}")
            return 0.0
        return float(number)
