"""The scalar engine against micrograd 0.1.0: demo step, memory per node, deep chain.

Run by run.py; `python bench_scalar.py chain ENGINE N` runs one chain in this process and prints
a JSON line (run.py starts it in a subprocess, so micrograd's RecursionError stays there).
"""

from __future__ import annotations

import functools
import gc
import json
import random
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import micrograd.engine
import micrograd.nn
from sklearn.datasets import make_moons
from timing import race

import autograd
import nn

CHAIN_NODES = 1_000_000
MEMORY_CHAIN_NODES = 100_000


def moons() -> tuple[list[list[float]], list[float]]:
    """micrograd's demo data as plain Python floats (the same floats for both engines)."""
    xs, y = make_moons(n_samples=100, noise=0.1, random_state=1)
    return xs.tolist(), (y * 2 - 1).astype(float).tolist()


def build_model(mlp_class: type, seed: int = 1337) -> Any:
    random.seed(seed)  # micrograd's initialisation draws from `random`: the same weights
    return mlp_class(2, [16, 16, 1])


def micrograd_nn_on(value_class: type) -> Callable[[], Any]:
    """micrograd's own nn code (Neuron: sum(wi*xi for ...)), with `value_class` for Value."""
    def build() -> Any:
        saved = micrograd.nn.Value
        micrograd.nn.Value = value_class  # micrograd.nn looks Value up at call time
        try:
            return build_model(micrograd.nn.MLP)
        finally:
            micrograd.nn.Value = saved
    return build


def demo_loss(value_class: type, model: Any, xs: list[list[float]], y: list[float]) -> Any:
    """micrograd's demo loss: SVM max-margin over all points + 1e-4 L2 (its notebook's code)."""
    inputs = [[value_class(a) for a in row] for row in xs]
    scores = [model(x) for x in inputs]
    losses = [(1 + -yi * score).relu() for yi, score in zip(y, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    return data_loss + reg_loss


def demo_step(value_class: type, model: Any, xs: list[list[float]], y: list[float],
              lr: float = 0.05) -> float:
    """One training step: forward over all points, loss, backward, SGD update."""
    loss = demo_loss(value_class, model, xs, y)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss.data


def count_nodes(root: Any) -> int:
    """Nodes in the graph below root (iterative: works for both engines' `_prev`)."""
    seen = {id(root)}
    stack = [root]
    while stack:
        for parent in stack.pop()._prev:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


def traced_bytes(build: Callable[[], Any]) -> tuple[int, int]:
    """(bytes the graph `build()` returns holds, its node count), by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    root = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, count_nodes(root)


def chain(value_class: type, n: int) -> Any:
    """y = x + x + ... : a chain of n nodes (the leaf x and n - 1 additions), n deep."""
    x = value_class(0.5)
    y = x
    for _ in range(n - 1):
        y = y + x
    return y


def run_chain(engine: str, n: int) -> dict[str, Any]:
    """Build and back-propagate a chain of n nodes in this process; times or the error."""
    value_class = autograd.Value if engine == "gradproof" else micrograd.engine.Value
    start = time.perf_counter()
    y = chain(value_class, n)
    built = time.perf_counter()
    try:
        y.backward()
    except RecursionError as e:
        return {"build": built - start, "error": f"RecursionError: {e}"}
    done = time.perf_counter()
    return {"build": built - start, "backward": done - built, "total": done - start}


def chain_in_subprocess(engine: str, n: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "chain", engine, str(n)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {proc.returncode}: {last}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> dict[str, Any]:
    xs, y = moons()
    engines = {  # name: (its Value class, a function making the seeded MLP)
        "micrograd": (micrograd.engine.Value, lambda: build_model(micrograd.nn.MLP)),
        "gradproof": (autograd.Value, lambda: build_model(nn.MLP)),
        "gradproof-unfused": (autograd.Value, micrograd_nn_on(autograd.Value)),
    }
    # The same seed gives the same network, so the first losses must agree.
    first_loss = {name: demo_loss(value, build(), xs, y).data
                  for name, (value, build) in engines.items()}
    steps = {name: functools.partial(demo_step, value, build(), xs, y)
             for name, (value, build) in engines.items()}
    step_time = race(steps, number=1, repeat=3 if quick else 7)
    # The pure per-op cost: micrograd's code on both engines with the collector off.
    gc.disable()
    try:
        step_time_gc_off = race({name: steps[name] for name in ("micrograd", "gradproof-unfused")},
                                number=1, repeat=3 if quick else 7)
    finally:
        gc.enable()

    demo_memory = {name: traced_bytes(lambda value=value, build=build:
                                      demo_loss(value, build(), xs, y))
                   for name, (value, build) in engines.items()}
    n = 10_000 if quick else MEMORY_CHAIN_NODES
    chain_memory = {name: traced_bytes(functools.partial(chain, value, n))
                    for name, value in (("micrograd", micrograd.engine.Value),
                                        ("gradproof", autograd.Value))}
    big = 100_000 if quick else CHAIN_NODES
    deep = {name: chain_in_subprocess(name, big) for name in ("micrograd", "gradproof")}
    return {"first_loss": first_loss, "step": step_time, "step_gc_off": step_time_gc_off,
            "demo_memory": demo_memory,
            "chain_memory": chain_memory, "chain_nodes": big, "chain": deep}


if __name__ == "__main__":
    if sys.argv[1:2] == ["chain"]:
        print(json.dumps(run_chain(sys.argv[2], int(sys.argv[3]))))
    else:
        print(json.dumps(run(quick="--quick" in sys.argv), indent=1))
