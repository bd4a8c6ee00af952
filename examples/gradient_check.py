"""The numerical gradient checks back-propagation, and is far too slow to
train with.

The central difference (f(W + h) - f(W - h)) / 2h, h = 1e-4, needs two forward passes per
weight; back-propagation gets every weight's gradient from one forward and one backward pass.
Both are computed here for a 2-layer net's loss; they agree to many digits, and the clock
shows why training uses back-propagation while the numerical gradient only checks it.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from autograd import Tensor, no_grad, numerical_gradient

from ._common import parser


def two_layer_net(sizes: tuple[int, int, int], seed: int) -> dict[str, Tensor]:
    """W1, b1, W2, b2 of a sizes[0]-sizes[1]-sizes[2] net (the seed's TwoLayerNet)."""
    rng = np.random.default_rng(seed)
    n_in, n_hidden, n_out = sizes
    return {"W1": Tensor(rng.normal(0, 0.5, (n_in, n_hidden)), requires_grad=True),
            "b1": Tensor(np.zeros(n_hidden), requires_grad=True),
            "W2": Tensor(rng.normal(0, 0.5, (n_hidden, n_out)), requires_grad=True),
            "b2": Tensor(np.zeros(n_out), requires_grad=True)}


def loss(params: dict[str, Tensor], x: np.ndarray, t: np.ndarray) -> Tensor:
    """Sigmoid hidden layer, softmax output, mean cross-entropy against class indices t."""
    hidden = (Tensor(x) @ params["W1"] + params["b1"]).sigmoid()
    log_probs = (hidden @ params["W2"] + params["b2"]).log_softmax(axis=-1)
    return -log_probs[np.arange(len(t)), t].mean()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs=3, default=[64, 32, 10],
                   help="input, hidden and output sizes (default: 64 32 10)")
    p.add_argument("--batch", type=int, default=20, help="samples in the batch (default: 20)")
    args = p.parse_args(argv)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(args.batch, args.sizes[0]))
    t = rng.integers(0, args.sizes[2], size=args.batch)
    params = two_layer_net(tuple(args.sizes), seed=1)

    # Back-propagation: one forward pass, one backward pass, every gradient at once.
    start = time.perf_counter()
    loss(params, x, t).backward()
    backprop_seconds = time.perf_counter() - start

    # The numerical gradient: numerical_gradient nudges one element of W.data at a time
    # (in place) and calls f, which recomputes the loss; no graph is needed, so no_grad.
    forward_passes = 0

    def f(_: np.ndarray) -> float:
        nonlocal forward_passes
        forward_passes += 1
        with no_grad():
            return loss(params, x, t).item()

    start = time.perf_counter()
    numeric = {name: numerical_gradient(f, w.data, h=1e-4) for name, w in params.items()}
    numeric_seconds = time.perf_counter() - start

    n_weights = sum(w.size for w in params.values())
    print(f"2-layer net {args.sizes[0]}-{args.sizes[1]}-{args.sizes[2]}, "
          f"{n_weights} weights, batch of {args.batch}")
    differences = {}
    for name, w in params.items():
        differences[name] = float(np.max(np.abs(w.grad - numeric[name])))
        print(f"  {name:3s} {str(w.shape):9s} largest |backprop - numerical| = "
              f"{differences[name]:.2e}")
    print(f"back-propagation:   {backprop_seconds * 1e3:9.2f} ms (1 forward + 1 backward)")
    print(f"numerical gradient: {numeric_seconds * 1e3:9.2f} ms ({forward_passes} forward "
          f"passes), {numeric_seconds / backprop_seconds:.0f}x slower")
    return {"differences": differences, "backprop_seconds": backprop_seconds,
            "numeric_seconds": numeric_seconds, "n_weights": n_weights,
            "forward_passes": forward_passes}


if __name__ == "__main__":
    main()
