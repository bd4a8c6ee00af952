"""The Tensor engine against hand-written numpy and PyTorch: MLP training steps.

A step is forward, softmax cross-entropy, backward, SGD update. Every contender starts from
the same weights and sees the same batches; only the per-step time is compared.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as torch_functional
from numpy_mlp import loss_and_grads, sgd_step
from sklearn.datasets import load_digits
from threadpoolctl import threadpool_info
from timing import race

from autograd import Tensor
from nn import Linear, ReLU, Sequential, functional
from nn.optim import SGD

LR = 0.01

# (name, layer sizes, batch size, data)
CONFIGS = [
    ("64-32-10, batch 32, digits", [64, 32, 10], 32, "digits"),
    ("64-256-256-10, batch 256, digits", [64, 256, 256, 10], 256, "digits"),
    ("1024-1024-1024-10, batch 512, random", [1024, 1024, 1024, 10], 512, "random"),
]

Params = list[tuple[np.ndarray, np.ndarray]]


def blas_threads() -> int:
    """The thread count numpy's BLAS uses (PyTorch is given the same)."""
    return max((lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"),
               default=1)


def batches(data: str, n_in: int, batch: int, dtype: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    if data == "digits":
        digits = load_digits()
        xs, y = digits.data / 16.0, digits.target
    else:
        rng = np.random.default_rng(0)
        xs, y = rng.standard_normal((4 * batch, n_in)), rng.integers(0, 10, 4 * batch)
    xs = xs.astype(dtype)
    return [(xs[i:i + batch], y[i:i + batch]) for i in range(0, len(xs) - batch + 1, batch)]


def init_params(sizes: list[int], dtype: Any) -> Params:
    rng = np.random.default_rng(1)
    return [(rng.uniform(-1, 1, (m, n)) / np.sqrt(m), np.zeros(n))
            for m, n in zip(sizes[:-1], sizes[1:], strict=True)]


# ------------------------------------------------------------------------- contenders


def gradproof_loss(params: list[tuple[Tensor, Tensor]], x: np.ndarray, y: np.ndarray) -> Tensor:
    """The network on autograd.Tensor directly: x @ w + b, relu, log_softmax, pick, mean."""
    h: Any = x
    for i, (w, b) in enumerate(params):
        h = h @ w + b
        if i < len(params) - 1:
            h = h.relu()
    log_p = h.log_softmax(-1)
    return -log_p[np.arange(len(y)), y].mean()


def gradproof_step(params: list[tuple[Tensor, Tensor]], x: np.ndarray, y: np.ndarray) -> float:
    loss = gradproof_loss(params, x, y)
    for w, b in params:
        w.grad = b.grad = None
    loss.backward()
    for w, b in params:
        w.data -= LR * w.grad
        b.data -= LR * b.grad
    return loss.item()


def torch_loss(params: list[tuple[torch.Tensor, torch.Tensor]], x: torch.Tensor,
               y: torch.Tensor) -> torch.Tensor:
    h = x
    for i, (w, b) in enumerate(params):
        h = h @ w + b
        if i < len(params) - 1:
            h = torch.relu(h)
    return torch_functional.cross_entropy(h, y)


def torch_step(params: list[tuple[torch.Tensor, torch.Tensor]], x: torch.Tensor,
               y: torch.Tensor) -> float:
    loss = torch_loss(params, x, y)
    for w, b in params:
        w.grad = b.grad = None
    loss.backward()
    with torch.no_grad():
        for w, b in params:
            w -= LR * w.grad
            b -= LR * b.grad
    return loss.item()


def nn_model(params: Params) -> tuple[Any, Any]:
    """The same network with gradproof's nn (Linear, ReLU, cross_entropy, SGD)."""
    layers: list[Any] = []
    for w, b in params:
        linear = Linear(*w.shape, dtype=w.dtype)
        linear.weight.data[...] = w.T  # nn.Linear keeps weight as (out, in), as PyTorch
        linear.bias.data[...] = b
        layers += [linear, ReLU()]
    model = Sequential(*layers[:-1])
    return model, SGD(model.parameters(), lr=LR)


def torch_nn_model(params: Params, dtype: Any) -> tuple[Any, Any]:
    """The same network with torch.nn (Linear, ReLU, Sequential) and torch.optim.SGD: the
    peer of gradproof's nn, as PyTorch tensors by hand are the peer of gradproof's Tensor."""
    layers: list[Any] = []
    for w, b in params:
        linear = torch.nn.Linear(*w.shape, dtype=torch.float64 if dtype == np.float64
                                 else torch.float32)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    return model, torch.optim.SGD(model.parameters(), lr=LR)


def module_step(model: Any, optimizer: Any, cross_entropy: Callable[..., Any],
                data: list[tuple[Any, Any]]) -> Callable[[], float]:
    """A training step in the nn style, the same text for gradproof's nn and torch.nn."""
    batch = itertools.cycle(data)

    def step() -> float:
        x, y = next(batch)
        loss = cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return float(loss.item())
    return step


def contenders(sizes: list[int], data: list[tuple[np.ndarray, np.ndarray]],
               dtype: Any) -> dict[str, Callable[[], float]]:
    """One step function per contender, each cycling over the batches with its own weights."""
    start = [(w.astype(dtype), b.astype(dtype)) for w, b in init_params(sizes, dtype)]
    numpy_params = [(w.copy(), b.copy()) for w, b in start]
    gp_params = [(Tensor(w, requires_grad=True), Tensor(b, requires_grad=True)) for w, b in start]
    th_params = [(torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True))
                 for w, b in start]
    th_data = [(torch.from_numpy(x), torch.from_numpy(y)) for x, y in data]
    steps: dict[str, Callable[[], float]] = {}
    it = {name: itertools.cycle(range(len(data)))
          for name in ("numpy", "gp", "torch")}
    steps["numpy"] = lambda: sgd_step(numpy_params, *data[next(it["numpy"])], LR)
    steps["gradproof"] = lambda: gradproof_step(gp_params, *data[next(it["gp"])])
    steps["gradproof nn"] = module_step(*nn_model(start), functional.cross_entropy, data)
    steps["torch"] = lambda: torch_step(th_params, *th_data[next(it["torch"])])
    steps["torch nn"] = module_step(*torch_nn_model(start, dtype), torch_functional.cross_entropy,
                                    th_data)
    return steps


def max_gradient_difference(sizes: list[int], x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Largest |gradient difference| of gradproof and PyTorch against the numpy network."""
    start = init_params(sizes, np.float64)
    _, expected = loss_and_grads(start, x, y)
    gp_params = [(Tensor(w, requires_grad=True), Tensor(b, requires_grad=True)) for w, b in start]
    gradproof_loss(gp_params, x, y).backward()
    th_params = [(torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True))
                 for w, b in start]
    torch_loss(th_params, torch.from_numpy(x), torch.from_numpy(y)).backward()
    model, _ = nn_model(start)
    functional.cross_entropy(model(x), y).backward()
    torch_model, _ = torch_nn_model(start, np.float64)
    torch_functional.cross_entropy(torch_model(torch.from_numpy(x)), torch.from_numpy(y)
                                   ).backward()
    return {"gradproof": _largest_difference(gp_params, expected),
            "torch": _largest_difference(th_params, expected),
            "gradproof nn": _largest_difference(_layers(model), expected),
            "torch nn": _largest_difference(_layers(torch_model), expected)}


def _layers(model: Any) -> list[tuple[Any, Any]]:
    """(weight.T, bias) of each Linear: the hand-written network's (in, out) layout."""
    return [(_Transposed(layer.weight), layer.bias) for layer in list(model)[::2]]


class _Transposed:
    def __init__(self, weight: Any) -> None:
        self.grad = np.asarray(weight.grad).T


def _largest_difference(params: list[tuple[Any, Any]], expected: Params) -> float:
    return max(float(np.max(np.abs(np.asarray(p.grad) - e)))
               for pair, e_pair in zip(params, expected, strict=True)
               for p, e in zip(pair, e_pair, strict=True))


def run(quick: bool = False) -> dict[str, Any]:
    threads = blas_threads()
    torch.set_num_threads(threads)
    results: list[dict[str, Any]] = []
    for name, sizes, batch, source in CONFIGS:
        x0, y0 = batches(source, sizes[0], batch, np.float64)[0]
        check = max_gradient_difference(sizes, x0, y0)
        for dtype in (np.float64, np.float32):
            data = batches(source, sizes[0], batch, dtype)
            steps = contenders(sizes, data, dtype)
            probe = race({"numpy": steps["numpy"]}, number=1, repeat=1)["numpy"]
            number = max(1, int(0.05 / probe))  # rounds of about 50 ms of numpy's time
            times = race(steps, number=number, repeat=3 if quick else 15)
            results.append({"config": name, "dtype": np.dtype(dtype).name, "times": times,
                            "grad_check": check})
    return {"threads": threads, "results": results}


if __name__ == "__main__":
    import json
    import sys
    print(json.dumps(run(quick="--quick" in sys.argv), indent=1))
