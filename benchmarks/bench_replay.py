"""autograd.compile: a replayed step beside its peers (the per-op cost at CPython's floor).

Scalar: micrograd's demo step (MLP(2, [16, 16, 1]) on 100 moons, SVM loss + L2, backward,
SGD), replayed, against micrograd 0.1.0's own step and gradproof's eager one. Tensor: one
MLP training step (forward, softmax cross-entropy, backward, SGD), replayed, against the
same step written by hand in numpy, PyTorch's and gradproof's eager one. Each replayed step
is first checked against its eager twin: every loss, gradient and parameter equal, bit for bit.

`python bench_replay.py callgrind` counts instructions per step instead (valgrind), a
noise-free second opinion; it takes a few minutes (micrograd's step under valgrind is slow).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import bench_scalar
import bench_tensor
import micrograd.engine
import micrograd.nn
import numpy as np
from timing import race

import autograd
import nn
from autograd import Tensor
from nn import functional

TENSOR_CONFIGS = [  # (name, layer sizes, batch size): digits, as bench_tensor. Only the
    # small step: from batch 256 up BLAS dominates (bench_tensor) and a tape saves little.
    ("64-32-10, batch 32, digits", [64, 32, 10], 32),
]


# ----------------------------------------------------------------------------- scalar


def scalar_steps() -> dict[str, Callable[[], float]]:
    """micrograd's step, gradproof's eager step and the compiled one, from one seed."""
    xs, y = bench_scalar.moons()
    model = bench_scalar.build_model(nn.MLP)
    loss = autograd.compile(lambda: bench_scalar.demo_loss(autograd.Value, model, xs, y))

    def compiled() -> float:  # demo_step's text, with the compiled loss
        model.zero_grad()
        value = loss()
        for p in model.parameters():
            p.data -= 0.05 * p.grad
        return value.data

    def step(value_class: type, mlp: type) -> Callable[[], float]:
        eager = bench_scalar.build_model(mlp)
        return lambda: bench_scalar.demo_step(value_class, eager, xs, y)

    return {"micrograd": step(micrograd.engine.Value, micrograd.nn.MLP),
            "gradproof": step(autograd.Value, nn.MLP), "compiled": compiled}


def scalar_identical(steps: int = 5) -> bool:
    """Eager and compiled, from the same seed: the same losses, gradients and weights."""
    xs, y = bench_scalar.moons()
    eager, replayed = (bench_scalar.build_model(nn.MLP) for _ in range(2))
    loss = autograd.compile(lambda: bench_scalar.demo_loss(autograd.Value, replayed, xs, y))
    for _ in range(steps):
        expected = bench_scalar.demo_step(autograd.Value, eager, xs, y)
        replayed.zero_grad()
        if loss().data != expected:
            return False
        for p in replayed.parameters():
            p.data -= 0.05 * p.grad
    return loss.replays == steps - 2 and all(
        (p.data, p.grad) == (q.data, q.grad)
        for p, q in zip(eager.parameters(), replayed.parameters(), strict=True))


# ----------------------------------------------------------------------------- tensor


def tensor_steps(sizes: list[int], data: list[tuple[np.ndarray, np.ndarray]],
                 dtype: Any) -> dict[str, Callable[[], float]]:
    """bench_tensor's contenders (numpy, PyTorch, gradproof eager), and the compiled steps:
    Tensors by hand (the SGD update written out) and nn (Linear, cross_entropy, optim.SGD)."""
    steps = bench_tensor.contenders(sizes, data, dtype)
    start = [(w.astype(dtype), b.astype(dtype)) for w, b in bench_tensor.init_params(sizes, dtype)]
    params = [(Tensor(w, requires_grad=True), Tensor(b, requires_grad=True)) for w, b in start]
    loss = autograd.compile(lambda x, y: bench_tensor.gradproof_loss(params, x, y))
    batch = itertools.cycle(data)

    def compiled() -> float:  # bench_tensor.gradproof_step's text, with the compiled loss
        x, y = next(batch)
        for w, b in params:
            w.grad = b.grad = None
        value = loss(x, y)
        for w, b in params:
            w.data -= bench_tensor.LR * w.grad
            b.data -= bench_tensor.LR * b.grad
        return value.item()

    model, optimizer = bench_tensor.nn_model(start)
    nn_loss = autograd.compile(lambda x, y: functional.cross_entropy(model(x), y))
    nn_batch = itertools.cycle(data)

    def compiled_nn() -> float:  # bench_tensor.module_step's text, with the compiled loss
        x, y = next(nn_batch)
        optimizer.zero_grad()
        value = nn_loss(x, y)
        optimizer.step()
        return value.item()

    steps["compiled"] = compiled
    steps["compiled nn"] = compiled_nn
    return {name: steps[name] for name in
            ("numpy", "torch", "gradproof", "compiled", "gradproof nn", "compiled nn")}


def tensor_identical(sizes: list[int], data: list[tuple[np.ndarray, np.ndarray]],
                     epochs: int = 2) -> bool:
    """The eager nn step and the compiled one: the same losses, gradients and weights."""
    start = bench_tensor.init_params(sizes, np.float64)
    (eager, opt_e), (replayed, opt_r) = bench_tensor.nn_model(start), bench_tensor.nn_model(start)
    loss = autograd.compile(lambda x, y: functional.cross_entropy(replayed(x), y))
    for x, y in data * epochs:
        expected = functional.cross_entropy(eager(x), y)
        opt_e.zero_grad()
        expected.backward()
        opt_e.step()
        opt_r.zero_grad()
        if not np.array_equal(loss(x, y).data, expected.data):
            return False
        opt_r.step()
    return loss.replays == len(data) * epochs - 2 and all(
        np.array_equal(p.data, q.data) and np.array_equal(p.grad, q.grad)
        for p, q in zip(eager.parameters(), replayed.parameters(), strict=True))


# -------------------------------------------------------------------------------- run


def run(quick: bool = False) -> dict[str, Any]:
    threads = bench_tensor.blas_threads()
    bench_tensor.torch.set_num_threads(threads)
    scalar = race(scalar_steps(), number=1, repeat=3 if quick else 7)
    tensor = []
    for name, sizes, batch in TENSOR_CONFIGS:
        for dtype in (np.float64, np.float32):
            data = bench_tensor.batches("digits", sizes[0], batch, dtype)
            steps = tensor_steps(sizes, data, dtype)
            probe = race({"numpy": steps["numpy"]}, number=1, repeat=1)["numpy"]
            number = max(1, int(0.05 / probe))  # rounds of about 50 ms of numpy's time
            times = race(steps, number=number, repeat=3 if quick else 15)
            tensor.append({"config": name, "dtype": np.dtype(dtype).name, "times": times})
    digits = bench_tensor.batches("digits", 64, 32, np.float64)[:6]
    return {"threads": threads, "scalar": scalar, "tensor": tensor,
            "identical": {"scalar": scalar_identical(),
                          "tensor": tensor_identical([64, 32, 10], digits)}}


# ------------------------------------------------------------------------ instructions

CALLGRIND_STEP = """
import sys; sys.path.insert(0, {here!r})
import bench_replay, bench_tensor, numpy as np
kind, name, count = {kind!r}, {name!r}, {count!r}
if kind == "scalar":
    step = bench_replay.scalar_steps()[name]
else:
    data = bench_tensor.batches("digits", 64, 32, np.float64)
    step = bench_replay.tensor_steps([64, 32, 10], data, np.float64)[name]
for _ in range(3):
    step()
for _ in range(count):
    eval("step()")  # only eval's calls are counted (--toggle-collect=builtin_eval)
"""


def instructions(kind: str, name: str, count: int) -> int:
    """Instructions one step executes, by callgrind: count steps, less none (the baseline)."""
    from pathlib import Path
    here = str(Path(__file__).parent)
    totals = []
    for n in (0, count):
        code = CALLGRIND_STEP.format(here=here, kind=kind, name=name, count=n)
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no",
             "--toggle-collect=builtin_eval", "--callgrind-out-file=/dev/null",
             sys.executable, "-c", code],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"})
        line = next(x for x in proc.stderr.splitlines() if "Collected" in x)
        totals.append(int(line.split(":")[-1].replace(",", "")))
    return (totals[1] - totals[0]) // count


def callgrind() -> None:
    if shutil.which("valgrind") is None:
        sys.exit("bench_replay callgrind: valgrind is not installed")
    scalar = {name: instructions("scalar", name, 1 if name == "micrograd" else 5)
              for name in ("micrograd", "gradproof", "compiled")}
    tensor = {name: instructions("tensor", name, 100)
              for name in ("numpy", "gradproof", "compiled", "compiled nn")}
    for kind, counts, peer in (("scalar", scalar, "micrograd"), ("tensor", tensor, "numpy")):
        for name, n in counts.items():
            print(f"{kind:7s} {name:12s} {n:>14,} instructions per step "
                  f"({n / counts[peer]:.3f} of {peer}'s)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["callgrind"]:
        callgrind()
    else:
        import json
        print(json.dumps(run(quick="--quick" in sys.argv), indent=1))
