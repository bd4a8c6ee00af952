"""Side-by-side timing: contenders take turns, so a slow moment of the machine hits them all.

Python's default garbage-collector settings stay on (gc is part of what a user pays).
"""

from __future__ import annotations

import time
from collections.abc import Callable


def race(contenders: dict[str, Callable[[], object]], number: int, repeat: int) -> dict[str, float]:
    """Seconds per call of each contender: the best of `repeat` rounds of `number` calls.

    The rounds are interleaved (a, b, c, a, b, c, ...); the minimum is the figure least
    disturbed by other work on the machine.
    """
    best = {name: float("inf") for name in contenders}
    for fn in contenders.values():  # warm up: first-call costs, caches, lazy imports
        fn()
    for _ in range(repeat):
        for name, fn in contenders.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best
