"""Overfitting: a deep net learns 300 digits by heart; weight decay and dropout narrow the gap.

The losses lesson's warning, and the book's chapter 6 experiment: six hidden layers of
100 ReLU units (seven layers of weights, He-initialised) trained with plain SGD on only 300 of
scikit-learn's 8x8 digits (bundled: no download) soon get every training digit right, while
the other 1,497 digits, never seen, stay behind: the train/test accuracy gap is overfitting.
Then the same net, from the same initial weights and on the same mini-batches, twice more:
with weight decay (the book's L2 penalty lambda = 0.1 on the weights, as SGD's weight_decay
on a group of the weights only; the biases are not penalised) and with dropout after every
hidden layer (the book's ratio 0.2). Both keep the net from memorising the training set, so
the gap narrows; with this little, clean data they do it by fitting the training set less,
not by reading the test digits better. The gap moves by a point or so from one epoch to the
next, so the lesson compares its mean over the second half of training. SGD's rate is 0.02,
twice the book's, so that a run takes seconds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.datasets import load_digits

import nn
from autograd import no_grad
from nn import functional as F  # noqa: N812 (PyTorch's habit)

from ._common import one_blas_thread, out_dir, parser, pyplot

DEPTH, WIDTH = 6, 100  # the book's hidden layers
POINTS = 25  # evaluations along each curve
TRAIN_SIZE = 300  # the book's: few enough to learn by heart


def digits_split(train_size: int, seed: int) -> list[np.ndarray]:
    """x_train, x_test, y_train, y_test: `train_size` digits (each class in its share) to
    learn from and all the rest to test on; pixels scaled from 0..16 to 0..1, in float32 (as
    PyTorch trains: half the arithmetic of float64)."""
    digits = load_digits()
    pixels = (digits.data / 16.0).astype(np.float32)
    return nn.data.train_test_split(pixels, digits.target,
                                    test_size=len(digits.target) - train_size, seed=seed,
                                    stratify=digits.target)


def deep_net(dropout: float, seed: int) -> nn.Sequential:
    """The same He-initialised weights for every call with the same seed, dropout or not."""
    nn.manual_seed(seed)
    layers: list[nn.Module] = []
    n_in = 64
    for _ in range(DEPTH):
        layers += [nn.Linear(n_in, WIDTH), nn.ReLU()]
        if dropout:
            layers.append(nn.Dropout(dropout, seed=seed))  # its own generator: weights unchanged
        n_in = WIDTH
    layers.append(nn.Linear(n_in, 10))  # logits; cross_entropy applies the softmax
    net = nn.Sequential(*layers)
    for layer in net:
        if isinstance(layer, nn.Linear):  # He: ReLU's signal keeps its size through the depth
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    return net.float()


def accuracy(net: nn.Module, images: np.ndarray, labels: np.ndarray) -> float:
    net.eval()  # dropout off
    with no_grad():
        predicted = net(images).data.argmax(axis=-1)
    return float((predicted == labels).mean())


def train(net: nn.Sequential, data: list[np.ndarray], epochs: int, lr: float,
          weight_decay: float, seed: int) -> dict[str, list[float]]:
    """Mini-batch SGD (batches of 100, the book's); the accuracies along the way."""
    x_train, x_test, y_train, y_test = data
    linears = [layer for layer in net if isinstance(layer, nn.Linear)]
    optimizer = nn.optim.SGD([{"params": [layer.weight for layer in linears],
                               "weight_decay": weight_decay},
                              {"params": [layer.bias for layer in linears]}], lr=lr)
    loader = nn.data.DataLoader((x_train, y_train), batch_size=100, shuffle=True, seed=seed)
    every = max(1, round(epochs / POINTS))  # evaluating 1,797 digits costs time too
    curves: dict[str, list[float]] = {"epoch": [], "train": [], "test": []}
    for epoch in range(1, epochs + 1):
        net.train()
        for images, labels in loader:
            loss = F.cross_entropy(net(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if epoch % every == 0 or epoch == epochs:
            curves["epoch"].append(epoch)
            curves["train"].append(accuracy(net, x_train, y_train))
            curves["test"].append(accuracy(net, x_test, y_test))
    return curves


def final_and_late_gap(curves: dict[str, list[float]]) -> tuple[float, float]:
    """Train minus test accuracy at the end, and its mean over the evaluations in the second
    half of training (one epoch's gap moves by a point or so from epoch to epoch)."""
    gap = np.array(curves["train"]) - np.array(curves["test"])
    late = np.array(curves["epoch"]) > curves["epoch"][-1] / 2
    return float(gap[-1]), float(gap[late].mean())


def plot(runs: dict[str, dict[str, list[float]]], path: Any) -> None:
    plt = pyplot()
    fig, axes = plt.subplots(1, len(runs), figsize=(4 * len(runs), 3.5), sharey=True)
    for ax, (name, curves) in zip(axes, runs.items(), strict=True):
        train, test = np.array(curves["train"]) * 100, np.array(curves["test"]) * 100
        ax.plot(curves["epoch"], train, label=f"train ({TRAIN_SIZE} digits)")
        ax.plot(curves["epoch"], test, label="test (unseen digits)")
        ax.fill_between(curves["epoch"], test, train, color="tab:red", alpha=0.15)
        ax.set(title=f"{name}: gap {train[-1] - test[-1]:.1f} points", xlabel="epoch",
               ylim=(0, 102))
    axes[0].set_ylabel("accuracy (%)")
    axes[0].legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=150, help="passes over the data (default 150)")
    p.add_argument("--seed", type=int, default=0, help="split, weights, batches and dropout")
    p.add_argument("--lr", type=float, default=0.02, help="SGD's learning rate (default 0.02)")
    p.add_argument("--weight-decay", type=float, default=0.1, help="L2 lambda (default 0.1)")
    p.add_argument("--dropout", type=float, default=0.2, help="dropout ratio (default 0.2)")
    args = p.parse_args(argv)
    if args.epochs < 1:
        p.error(f"--epochs must be at least 1, got {args.epochs}")

    data = digits_split(TRAIN_SIZE, args.seed)
    print(f"{len(data[0])} training and {len(data[1])} test digits; {DEPTH} hidden layers of "
          f"{WIDTH} units, SGD lr={args.lr}, {args.epochs} epochs")
    settings = {"plain": (0.0, 0.0),
                f"weight decay {args.weight_decay:g}": (args.weight_decay, 0.0),
                f"dropout {args.dropout:g}": (0.0, args.dropout)}
    runs, gaps, late_gaps = {}, {}, {}
    with one_blas_thread():
        for name, (weight_decay, dropout) in settings.items():
            curves = train(deep_net(dropout, args.seed), data, args.epochs, args.lr,
                           weight_decay, args.seed)
            runs[name] = curves
            gaps[name], late_gaps[name] = final_and_late_gap(curves)
            print(f"{name:18s} train {curves['train'][-1]:6.1%}  test {curves['test'][-1]:6.1%}"
                  f"  gap {gaps[name] * 100:4.1f} points, {late_gaps[name] * 100:4.1f} over "
                  f"the second half")

    plain, decay, drop = (runs[name] for name in settings)
    print(f"the gap over the second half of training: "
          f"{' -> '.join(f'{late_gaps[name] * 100:.1f}' for name in settings)} points "
          f"(plain, weight decay, dropout)")
    print(f"training accuracy {plain['train'][-1]:.1%} -> {decay['train'][-1]:.1%}, "
          f"{drop['train'][-1]:.1%}; test accuracy {plain['test'][-1]:.1%} -> "
          f"{decay['test'][-1]:.1%}, {drop['test'][-1]:.1%}")
    if all(runs[name]["test"][-1] <= plain["test"][-1] for name in settings):
        print("both narrow the gap by fitting the training digits less, not by reading the "
              "unseen ones better")
    png = out_dir(args.out) / "overfitting.png"
    plot(runs, png)
    print(f"train and test accuracy curves: {png}")
    return {"runs": runs, "gaps": gaps, "late_gaps": late_gaps, "png": png}


if __name__ == "__main__":
    main()
