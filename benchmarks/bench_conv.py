"""Convolutional networks against PyTorch: a LeNet training step (forward, cross-entropy,
backward, SGD) on 1x28x28 inputs, batch 64, float32 and float64.

LeNet here: Conv2d(1, 6, 5), ReLU, MaxPool2d(2), Conv2d(6, 16, 5), ReLU, MaxPool2d(2),
Flatten, Linear(256, 120), ReLU, Linear(120, 84), ReLU, Linear(84, 10). Both libraries start
from the same weights (gradproof's, copied into PyTorch) and see the same batches; PyTorch
runs eagerly on the CPU with as many threads as numpy's BLAS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as torch_functional
from bench_tensor import blas_threads, module_step
from timing import race

import nn
from nn import functional

LR = 0.01
BATCH = 64
NETWORK = "LeNet-5 (conv 6@5x5, pool, conv 16@5x5, pool, 256-120-84-10), batch 64, 1x28x28"


def gradproof_lenet(dtype: Any) -> nn.Sequential:
    nn.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, dtype=dtype), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5, dtype=dtype), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(256, 120, dtype=dtype), nn.ReLU(), nn.Linear(120, 84, dtype=dtype), nn.ReLU(),
        nn.Linear(84, 10, dtype=dtype))


def torch_lenet(like: nn.Sequential) -> torch.nn.Sequential:
    """The same network in torch.nn, with the gradproof model's weights (same names)."""
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(256, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(),
        torch.nn.Linear(84, 10))
    state = like.state_dict()
    model = model.to(torch.float32 if next(iter(state.values())).dtype == np.float32
                     else torch.float64)
    model.load_state_dict({name: torch.from_numpy(array.numpy()) for name, array in state.items()})
    return model


def batches(dtype: Any, count: int = 4) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(0)
    return [(rng.standard_normal((BATCH, 1, 28, 28)).astype(dtype),
             rng.integers(0, 10, BATCH)) for _ in range(count)]


def contenders(dtype: Any) -> dict[str, Callable[[], float]]:
    data = batches(dtype)
    model = gradproof_lenet(dtype)
    reference = torch_lenet(model)
    torch_data = [(torch.from_numpy(x), torch.from_numpy(y)) for x, y in data]
    return {
        "gradproof nn": module_step(model, nn.optim.SGD(model.parameters(), lr=LR),
                                    functional.cross_entropy, data),
        "torch nn": module_step(reference, torch.optim.SGD(reference.parameters(), lr=LR),
                                torch_functional.cross_entropy, torch_data),
    }


def max_gradient_difference() -> float:
    """Largest |gradient difference| between the two libraries, float64, one batch."""
    model = gradproof_lenet(np.float64)
    reference = torch_lenet(model)
    x, y = batches(np.float64, 1)[0]
    functional.cross_entropy(model(x), y).backward()
    torch_functional.cross_entropy(reference(torch.from_numpy(x)), torch.from_numpy(y)
                                   ).backward()
    ours = dict(model.named_parameters())
    return max(float(np.max(np.abs(ours[name].grad - p.grad.numpy())))
               for name, p in reference.named_parameters())


def run(quick: bool = False) -> dict[str, Any]:
    threads = blas_threads()
    torch.set_num_threads(threads)
    results = []
    for dtype in (np.float32, np.float64):
        steps = contenders(dtype)
        probe = race({"torch nn": steps["torch nn"]}, number=1, repeat=1)["torch nn"]
        number = max(1, int(0.2 / probe))  # rounds of about 200 ms of PyTorch's time
        times = race(steps, number=number, repeat=3 if quick else 9)
        results.append({"network": NETWORK, "dtype": np.dtype(dtype).name, "times": times})
    return {"threads": threads, "results": results, "grad_check": max_gradient_difference()}


if __name__ == "__main__":
    import json
    import sys
    print(json.dumps(run(quick="--quick" in sys.argv), indent=1))
