"""`make demo`: gradproof in under a minute.

1. A small `Value` expression and its gradients (micrograd's README example).
2. micrograd's two-moons MLP on the scalar engine, loss going down, final accuracy.
3. A Tensor MLP on scikit-learn's 8x8 digits, with a progress bar and its test accuracy.
4. The graph of one neuron and of one training step, saved as SVG.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np

import autograd
import nn
from autograd import Value

from . import digits, moons
from ._common import out_dir, parser


def expression() -> tuple[Value, Value, Value]:
    """micrograd's README example: g depends on a and b through a tangle of ops."""
    a = Value(-4.0, label="a")
    b = Value(2.0, label="b")
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return g, a, b


def save_graphs(folder: Path) -> list[Path]:
    """One neuron, and one training step of a 3-layer MLP, drawn with their data and grads."""
    random.seed(0)
    x = [Value(2.0, label="x1"), Value(-1.0, label="x2")]
    neuron = nn.Neuron(2, nonlin=False)  # w1*x1 + w2*x2 + b
    neuron.w[0].label, neuron.w[1].label, neuron.b.label = "w1", "w2", "b"
    out = neuron(x).tanh()
    out.label = "out"
    out.backward()
    neuron_svg = autograd.save_graph(out, folder / "neuron.svg")

    # A training step: forward, loss, backward. Each Linear's nodes sit in a box named after
    # it, and color_by="grad" shades every node by the size of its gradient.
    nn.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                          nn.Linear(16, 10))
    rng = np.random.default_rng(0)
    images, labels = rng.normal(size=(8, 64)), rng.integers(0, 10, size=8)
    loss = nn.functional.cross_entropy(model(images), labels)
    loss.backward()
    step_svg = autograd.save_graph(loss, folder / "training_step.svg", color_by="grad")
    return [neuron_svg, step_svg]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--moons-steps", type=int, default=40, help="moons training steps")
    p.add_argument("--digits-epochs", type=int, default=None, help="digits epochs")
    args = p.parse_args(argv)
    folder = out_dir(args.out)

    print("1. A Value expression and its gradients (micrograd's README example)")
    g, a, b = expression()
    print(f"   g.data = {g.data:.4f}, dg/da = {a.grad:.4f}, dg/db = {b.grad:.4f}\n")

    print(f"2. micrograd's moons MLP on the scalar engine, {args.moons_steps} steps")
    _, _, _, losses, accuracy = moons.train(args.moons_steps)
    print(f"   loss {losses[0]:.4f} -> {losses[-1]:.4f}, "
          f"accuracy after training {accuracy:.0%}\n")

    print("3. A Tensor MLP on scikit-learn's 8x8 digits")
    digits_args = ["--out", str(folder)]
    if args.digits_epochs is not None:
        digits_args += ["--epochs", str(args.digits_epochs)]
    digits_result = digits.main(digits_args)
    print()

    print("4. Graphs")
    svgs = save_graphs(folder)
    for svg in svgs:
        print(f"   {svg}")
    return {"g": g.data, "a.grad": a.grad, "b.grad": b.grad, "moons_losses": losses,
            "moons_accuracy": accuracy, "digits_accuracy": digits_result["test_accuracy"],
            "svgs": svgs}


if __name__ == "__main__":
    main()
