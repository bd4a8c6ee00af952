"""Spec rows: sign floor ceil trunc round (zero gradients), remainders, nan_to_num.

Their jumps are not differentiable, so the inputs keep clear of them: of the whole numbers
for floor, ceil and trunc (and 0 for sign), of the halves for round, and of the multiples
of y for fmod, remainder and //, where x is an odd multiple of 0.05 and y a non-zero
multiple of 0.1, so x / y is never within 1/60 of a whole number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from .core import (
    BOTH,
    DOMAIN_MARGIN,
    KINK_MARGIN,
    OFF_GRID,
    OFF_ZERO,
    Domain,
    OpSpec,
    register,
)
from .draw import broadcast
from .elementwise import call, spelled, spellings

OFF_WHOLE = Domain(away_from=tuple(float(k) for k in range(-3, 4)), margin=KINK_MARGIN)
ROUNDABLE = Domain(grid=True, offset=0.02)  # k/10 + 0.02: off the halves of 1, 0.1, 0.01


@dataclass(frozen=True)
class NonzeroGrid(Domain):
    """GRID without 0: a divisor."""

    def strategy(self) -> st.SearchStrategy[float]:
        return super().strategy().filter(lambda v: v != 0)


DIVISOR = NonzeroGrid(grid=True, away_from=(0.0,), margin=DOMAIN_MARGIN)


def _off_jumps(x: Any, y: Any, **static: Any) -> bool:
    """x is KINK_MARGIN from every multiple of y (a random graph's inputs may not be)."""
    x, y = np.asarray(x), np.asarray(y)
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            q = x / y
            gap = np.abs(q - np.round(q)) * np.abs(y)
    except ValueError:  # shapes that do not broadcast: the op will say so
        return True
    return bool(np.all(np.isfinite(q)) and np.all(gap >= KINK_MARGIN))


def _off_whole(x: Any, **static: Any) -> bool:
    """x is KINK_MARGIN from every whole number (OFF_WHOLE's points end at ±3)."""
    x = np.asarray(x)
    return bool(np.all(np.abs(x - np.round(x)) >= KINK_MARGIN))


def _off_halves(x: Any, decimals: int, **static: Any) -> bool:
    scale = 10.0**decimals
    gap = np.abs(np.asarray(x) * scale % 1 - 0.5) / scale
    return bool(np.all(gap >= min(KINK_MARGIN, 0.25 / scale)))




def _floor_divide_ref(x: Any, y: Any, name: str) -> Any:
    return np.floor_divide(x, y)


def _reflected(y: Any, name: str) -> Any:
    return 2.55 % y if name == "%" else 2.55 // y  # 25.5 / k is never whole: off the jumps


def _nan_to_num_static(draw: Any, shapes: Any) -> dict[str, Any]:
    numbers = st.none() | st.floats(-2, 2)
    kwargs = {"nan": draw(st.floats(-2, 2)), "posinf": draw(numbers), "neginf": draw(numbers)}
    return {key: value for key, value in kwargs.items() if draw(st.booleans())}


def _nan_to_num(x: Any, **kwargs: Any) -> Any:
    return x.nan_to_num(**kwargs)


register(
    OpSpec("sign", lambda x, name: call(name, x), lambda x, name: np.sign(x), BOTH,
           domain=OFF_ZERO, kinks="jumps at 0", static=spelled(*spellings("sign")),
           api=("sign",)),
    *(OpSpec(name, lambda x, name: call(name, x), lambda x, name, ref=ref: ref(x), BOTH,
             domain=OFF_WHOLE, kinks="jumps at the whole numbers",
             static=spelled(*spellings(name)), safe=_off_whole, api=(name,))
      for name, ref in (("floor", np.floor), ("ceil", np.ceil), ("trunc", np.trunc))),
    OpSpec("round", lambda x, name, decimals: call(name, x, decimals=decimals),
           lambda x, name, decimals: np.round(x, decimals), BOTH, domain=ROUNDABLE,
           kinks="jumps at the halves of 10**-decimals",
           static=spelled(*spellings("round"), decimals=st.sampled_from([0, 1, 2, -1])),
           safe=_off_halves, api=("round",)),
    OpSpec("remainder", lambda x, y, name: call(name, x, y),
           lambda x, y, name: np.remainder(x, y), BOTH, 2, (OFF_GRID, DIVISOR),
           "jumps where x / y is whole; undefined at y = 0", shapes=broadcast(),
           static=spelled("%", *spellings("remainder")), safe=_off_jumps,
           api=("__mod__", "remainder")),
    OpSpec("fmod", lambda x, y, name: call(name, x, y), lambda x, y, name: np.fmod(x, y),
           BOTH, 2, (OFF_GRID, DIVISOR), "jumps where x / y is a non-zero whole number; "
           "undefined at y = 0", shapes=broadcast(), static=spelled(*spellings("fmod")),
           safe=_off_jumps, api=("fmod",)),
    OpSpec("floor_divide", lambda x, y, name: call(name, x, y), _floor_divide_ref, BOTH, 2,
           (OFF_GRID, DIVISOR), "jumps where x / y is whole; undefined at y = 0",
           shapes=broadcast(), static=spelled("//", *spellings("floor_divide")),
           safe=_off_jumps, api=("__floordiv__", "floor_divide")),
    OpSpec("trunc_divide", lambda x, y: x.div(y, rounding_mode="trunc"),
           lambda x, y: np.trunc(x / y), arity=2, domain=(OFF_GRID, DIVISOR),
           kinks="jumps where x / y is whole; undefined at y = 0", shapes=broadcast(),
           safe=_off_jumps, api=()),
    OpSpec("reflected_remainder", lambda y, name: _reflected(y, name),
           lambda y, name: _reflected(y, name), BOTH, domain=DIVISOR,
           kinks="jumps where 2.55 / y is whole; undefined at y = 0",
           static=spelled("%", "//"), safe=lambda y, name: _off_jumps(2.55, y),
           api=("__rmod__", "__rfloordiv__")),
    OpSpec("nan_to_num", _nan_to_num, lambda x, **kw: np.nan_to_num(x, **kw), BOTH,
           static=_nan_to_num_static, api=("nan_to_num",)),
)
