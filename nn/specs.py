"""Spec rows for nn's own rules (registered into autograd's table, `autograd.specs`).

Importing this module adds nn's ops to the property tests and to the random graphs that
`autograd.testing` draws. It imports hypothesis (the `dev` extra); `import nn` does not.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.specs import Domain, OpSpec, register

from . import functional as F  # noqa: N812 (PyTorch's habit)

PROBABILITY = Domain(low=0.05, high=0.95)  # BCE's log(p) and log(1 - p), kept finite


def _targets(draw: Any, shapes: tuple[tuple[int, ...], ...]) -> dict[str, Any]:
    """Probability targets of the input's shape, and sometimes a weight."""
    shape = shapes[0]
    unit = st.floats(0.0, 1.0)
    kwargs: dict[str, Any] = {"target": draw(hnp.arrays(np.float64, shape, elements=unit))}
    if draw(st.booleans()):
        kwargs["weight"] = draw(hnp.arrays(np.float64, shape, elements=st.floats(0.5, 2.0)))
    return kwargs


def _ref_bce(p: np.ndarray, target: np.ndarray, weight: Any = None) -> np.ndarray:
    loss = -(target * np.log(p) + (1 - target) * np.log1p(-p))
    return loss if weight is None else loss * weight


register(
    OpSpec("softplus", lambda x: F.softplus(x), lambda x: np.logaddexp(0.0, x),
           domain=Domain(low=-5.0, high=5.0), api=("nn.functional.softplus",)),
    OpSpec("binary_cross_entropy",
           lambda p, **kw: F.binary_cross_entropy(p, reduction="none", **kw), _ref_bce,
           domain=PROBABILITY, static=_targets, kinks="log(p) at p = 0 and 1",
           api=("nn.functional.binary_cross_entropy",)),
)

# ------------------------------------------------ convolutional networks (nn/specs_conv.py)
from . import specs_conv  # noqa: E402, F401 (its rows register)
