"""micrograd's demo on gradproof's scalar engine: a 2-16-16-1 MLP of `Value`s learns two moons.

Every weight is one `Value`; the loss of one step is a graph of some tens of thousands of
nodes, and `backward()` walks all of them. Same data, model, loss and schedule as micrograd's
demo.ipynb, so the same seed gives micrograd's numbers (it reaches 100% accuracy).
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
from sklearn.datasets import make_moons

from autograd import Value, no_grad
from nn import MLP
from nn.functional import hinge_loss
from nn.optim import SGD

from ._common import out_dir, parser, pyplot


def loss(model: MLP, points: np.ndarray, y: np.ndarray) -> tuple[Value, float]:
    """SVM max-margin loss plus L2 regularisation, and the accuracy, over all points."""
    inputs = [[Value(float(a)) for a in row] for row in points]
    scores = [model(x) for x in inputs]
    # max-margin: mean(relu(1 - y * score)), labels y of -1 or +1. A point stops pulling on
    # the weights once it is on its side of the boundary with a margin of 1.
    data_loss = hinge_loss(scores, [float(yi) for yi in y])
    # a little weight decay keeps the boundary smooth
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    accuracy = np.mean([(yi > 0) == (s.data > 0) for yi, s in zip(y, scores, strict=True)])
    return data_loss + reg_loss, float(accuracy)


def train(steps: int = 100, seed: int = 1337, verbose: bool = True
          ) -> tuple[MLP, np.ndarray, np.ndarray, list[float], float]:
    np.random.seed(seed)  # micrograd's demo seeds both generators: numpy draws the moons,
    random.seed(seed)     # Python's random draws the weights
    points, y = make_moons(n_samples=100, noise=0.1)
    y = y * 2 - 1  # labels -1 / +1 for the max-margin loss
    model = MLP(2, [16, 16, 1])
    optimizer = SGD(model.parameters(), lr=1.0)  # plain SGD works on Values as on Tensors
    losses: list[float] = []
    accuracy = 0.0
    for k in range(steps):
        total, accuracy = loss(model, points, y)
        optimizer.zero_grad()
        total.backward()
        optimizer.lr = 1.0 - 0.9 * k / 100  # micrograd's schedule: decays from 1.0 to 0.1
        optimizer.step()  # p.data -= lr * p.grad for every weight
        losses.append(total.data)
        if verbose and (k % 10 == 0 or k == steps - 1):
            print(f"step {k:3d}  loss {total.data:.4f}  accuracy {accuracy:.0%}")
    with no_grad():  # the accuracy of the final weights
        accuracy = loss(model, points, y)[1]
    return model, points, y, losses, accuracy


def plot_boundary(model: MLP, points: np.ndarray, y: np.ndarray, path: Any) -> None:
    """Colour the plane by the model's decision, with the points on top."""
    plt = pyplot()
    h = 0.25
    xx, yy = np.meshgrid(np.arange(points[:, 0].min() - 1, points[:, 0].max() + 1, h),
                         np.arange(points[:, 1].min() - 1, points[:, 1].max() + 1, h))
    with no_grad():  # only values are needed: no graph, much faster
        grid = zip(xx.ravel(), yy.ravel(), strict=True)
        scores = [model([Value(a), Value(b)]).data for a, b in grid]
    zz = (np.array(scores) > 0).reshape(xx.shape)
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.contourf(xx, yy, zz, cmap=plt.cm.Spectral, alpha=0.8)
    ax.scatter(points[:, 0], points[:, 1], c=y, s=40, cmap=plt.cm.Spectral, edgecolors="k")
    ax.set_title("MLP(2, [16, 16, 1]) decision boundary")
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=100, help="training steps (micrograd: 100)")
    args = p.parse_args(argv)
    model, points, y, losses, accuracy = train(args.steps)
    print(f"loss {losses[0]:.4f} -> {losses[-1]:.4f}, final accuracy {accuracy:.0%}")
    png = out_dir(args.out) / "moons.png"
    plot_boundary(model, points, y, png)
    print(f"decision boundary: {png}")
    return {"losses": losses, "accuracy": accuracy, "png": png}


if __name__ == "__main__":
    main()
