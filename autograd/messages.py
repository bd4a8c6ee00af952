"""How an error message shows a bad argument: `shown(x)`.

Its own module, below everything else (it imports numpy only), so the node, the grad modes
and the dtypes can name a bad value the way every op does without importing the argument
checks, which import them.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def shown(x: Any) -> str:
    """A bad argument as an error message shows it: its type and (the start of) its repr."""
    if isinstance(x, np.ma.MaskedArray):
        return f"a numpy masked array of shape {x.shape}"
    if x is None or type(x) in (str, int, float):  # their repr says what they are
        return repr(x) if len(repr(x)) <= 60 else repr(x)[:57] + "..."
    text = repr(x).replace("\n", " ")
    return f"{type(x).__name__} {text if len(text) <= 60 else text[:57] + '...'}"
