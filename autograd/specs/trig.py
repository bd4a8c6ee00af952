"""Spec rows: circular and hyperbolic functions, each under all its spellings."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .core import BOTH, DOMAIN_MARGIN, NONZERO, REAL, Domain, OpSpec, register
from .draw import broadcast
from .elementwise import call, spelled, spellings

INSIDE_UNIT = Domain(low=-1 + DOMAIN_MARGIN, high=1 - DOMAIN_MARGIN)  # arcsin, arctanh
OFF_TAN_POLES = Domain(away_from=(-math.pi / 2, math.pi / 2), margin=DOMAIN_MARGIN)


def _off_tan_poles(x: Any, **static: Any) -> bool:
    """x is DOMAIN_MARGIN from every pole pi/2 + k pi (OFF_TAN_POLES has those in [-3, 3])."""
    phase = np.asarray(x) / math.pi - 0.5
    return bool(np.all(np.abs(phase - np.round(phase)) * math.pi >= DOMAIN_MARGIN))


def _unary(name: str, ref: Callable[[Any], Any], domain: Domain = REAL, kinks: str = "",
           aliases: tuple[str, ...] = (), safe: Callable[..., bool] | None = None) -> OpSpec:
    return OpSpec(name, lambda x, name: call(name, x), lambda x, name: ref(x), BOTH,
                  domain=domain, kinks=kinks, static=spelled(*spellings(name, *aliases)),
                  safe=safe, api=(name, *aliases))


register(
    _unary("tan", np.tan, OFF_TAN_POLES, "poles at pi/2 + k pi", safe=_off_tan_poles),
    _unary("arcsin", np.arcsin, INSIDE_UNIT, "defined on [-1, 1], derivative infinite at ±1",
           ("asin",)),
    _unary("arccos", np.arccos, INSIDE_UNIT, "defined on [-1, 1], derivative infinite at ±1",
           ("acos",)),
    _unary("arctan", np.arctan, aliases=("atan",)),
    _unary("sinh", np.sinh),
    _unary("cosh", np.cosh),
    _unary("arcsinh", np.arcsinh, aliases=("asinh",)),
    _unary("arccosh", np.arccosh, Domain(low=1 + DOMAIN_MARGIN),
           "defined for x >= 1, derivative infinite at 1", ("acosh",)),
    _unary("arctanh", np.arctanh, INSIDE_UNIT, "defined on (-1, 1)", ("atanh",)),
    # y away from 0: clear of the origin and of the jump by 2 pi across the negative x axis.
    OpSpec("arctan2", lambda y, x, name: call(name, y, x), lambda y, x, name: np.arctan2(y, x),
           BOTH, 2, (NONZERO, REAL), "undefined at the origin, jumps across y = 0 for x < 0",
           shapes=broadcast(), static=spelled(*spellings("arctan2", "atan2")),
           api=("arctan2", "atan2")),
    OpSpec("hypot", lambda x, y, name: call(name, x, y), lambda x, y, name: np.hypot(x, y),
           BOTH, 2, (NONZERO, REAL), "kink at the origin", shapes=broadcast(),
           static=spelled(*spellings("hypot")), api=("hypot",)),
)
