"""Spec rows: erf, erfc, erfinv (references: Python's math.erf and math.erfc; erfinv is
checked by its inverse, erf, which math has)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .core import BOTH, DOMAIN_MARGIN, Domain, OpSpec, register
from .elementwise import call, spelled, spellings

_math_erf = np.vectorize(math.erf, otypes=[np.float64])
_math_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def _erfinv_ref(y: Any, name: str) -> Any:
    """Newton's method on math.erf from 0: a reference independent of the op's own."""
    y = np.asarray(y, dtype=np.float64)
    x = np.zeros_like(y)
    for _ in range(40):  # from below, quadratically: converged long before
        x = x - (_math_erf(x) - y) / (2 / math.sqrt(math.pi) * np.exp(-x * x))
    return x


register(
    OpSpec("erf", lambda x, name: call(name, x), lambda x, name: _math_erf(x), BOTH,
           static=spelled(*spellings("erf")), api=("erf",)),
    OpSpec("erfc", lambda x, name: call(name, x), lambda x, name: _math_erfc(x), BOTH,
           static=spelled(*spellings("erfc")), api=("erfc",)),
    OpSpec("erfinv", lambda x, name: call(name, x), _erfinv_ref, BOTH,
           domain=Domain(low=-1 + DOMAIN_MARGIN, high=1 - DOMAIN_MARGIN),
           kinks="defined on [-1, 1], infinite at ±1", static=spelled(*spellings("erfinv")),
           api=("erfinv",)),
)
