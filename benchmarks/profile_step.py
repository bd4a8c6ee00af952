"""Where the time of one small training step goes: `python profile_step.py` (in benchmarks/).

The 64-32-10 MLP at batch 32 on digits (float64), nn style as a PyTorch user writes it:
model(x), cross_entropy, zero_grad, backward, step. Each phase is timed alone over many
repetitions (CPU time, the best of several rounds), beside the hand-written numpy step it is
measured against in `make bench`; then the same step compiled (autograd.compile), and the
part of it that is its tape. Then the Python functions the eager step spends its time in,
by cProfile. The findings are in profile_step.md.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Callable

import numpy as np
from bench_tensor import LR, batches, init_params, nn_model
from numpy_mlp import sgd_step

import autograd
from nn import functional

REPEAT, ROUNDS = 2000, 7


def best_us(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        for _ in range(REPEAT):
            fn()
        best = min(best, (time.process_time() - start) / REPEAT)
    return best * 1e6


def main() -> None:
    sizes = [64, 32, 10]
    x, y = batches("digits", 64, 32, np.float64)[0]
    start = init_params(sizes, np.float64)
    numpy_params = [(w.copy(), b.copy()) for w, b in start]
    model, optimizer = nn_model(start)

    def step() -> None:
        loss = functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    logits = model(x)
    loss = functional.cross_entropy(logits, y)
    phases = {
        "numpy, the whole step by hand": lambda: sgd_step(numpy_params, x, y, LR),
        "gradproof nn, the whole step": step,
        "  model(x): two Linear nodes, one relu": lambda: model(x),
        "  cross_entropy(logits, y): one node": lambda: functional.cross_entropy(logits, y),
        "  optimizer.zero_grad()": optimizer.zero_grad,
        "  loss.backward()": lambda: loss.backward(),
        "  optimizer.step()": optimizer.step,
    }
    compiled_model, compiled_optimizer = nn_model(start)
    compiled = autograd.compile(lambda x, y: functional.cross_entropy(compiled_model(x), y))

    def compiled_step() -> None:
        compiled_optimizer.zero_grad()
        compiled(x, y)
        compiled_optimizer.step()

    for _ in range(3):  # recorded, checked, replayed: from here on every call replays
        compiled_step()
    (entry,) = compiled._entries.values()  # (its tape's function: print(compiled.source))
    phases.update({
        "gradproof nn compiled, the whole step": compiled_step,
        "  compiled(x, y): checks, tape, leaf grads": lambda: compiled(x, y),
        "  the tape's function alone": lambda: entry.tape.program((x, y)),
    })
    for name, fn in phases.items():
        print(f"{name:<45} {best_us(fn):7.1f} us")
    profile = cProfile.Profile()
    profile.runcall(lambda: [step() for _ in range(REPEAT)])
    pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
