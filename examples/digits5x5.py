"""5x5 pixel digits: a 25-20-20-20-5 ReLU net with softmax, with and without dropout.

Five digits 1..5 drawn on a 5x5 grid train the net; five noisy copies (a few pixels flipped)
test it. The seed's own runs got nearly all of them wrong: its training loop returned after
the first sample and its dropout mixed up its variables. Done right, the net learns every
training digit and recognises the noisy ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import nn
from nn import functional as F  # noqa: N812 (PyTorch's habit)

from ._common import out_dir, parser, pyplot

# The seed's X[:, :, k] and X_test[:, :, k], one 5x5 image per row of the first axis here.
DIGITS = np.array([
    [[0, 1, 1, 0, 0], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 1, 1, 1, 0]],
    [[1, 1, 1, 1, 0], [0, 0, 0, 0, 1], [0, 1, 1, 1, 0], [1, 0, 0, 0, 0], [1, 1, 1, 1, 1]],
    [[1, 1, 1, 1, 0], [0, 0, 0, 0, 1], [0, 1, 1, 1, 0], [0, 0, 0, 0, 1], [1, 1, 1, 1, 0]],
    [[0, 0, 0, 1, 0], [0, 0, 1, 1, 0], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1], [0, 0, 0, 1, 0]],
    [[1, 1, 1, 1, 1], [1, 0, 0, 0, 0], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1], [1, 1, 1, 1, 0]],
], dtype=float)
NOISY = np.array([
    [[0, 0, 0, 0, 0], [0, 1, 0, 0, 0], [1, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 1, 1, 1, 0]],
    [[1, 1, 1, 1, 0], [0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 1], [1, 1, 1, 1, 0]],
    [[0, 0, 0, 1, 0], [0, 0, 1, 1, 0], [0, 1, 0, 0, 0], [1, 1, 1, 0, 1], [0, 0, 0, 1, 0]],
    [[1, 1, 1, 1, 0], [0, 0, 0, 0, 1], [0, 1, 1, 1, 0], [1, 0, 0, 0, 0], [1, 1, 1, 1, 0]],
    [[0, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 1, 1, 1, 0], [0, 0, 0, 1, 1], [1, 1, 1, 1, 0]],
], dtype=float)
CLASSES = np.arange(5)  # class k is the digit k + 1


def noisy_answers() -> np.ndarray:
    """The digit each noisy image was made from: the training digit fewest pixels away."""
    distances = np.abs(NOISY[:, None] - DIGITS[None]).sum(axis=(2, 3))
    return distances.argmin(axis=1)


def make_net(dropout: float, seed: int) -> nn.Sequential:
    nn.manual_seed(seed)
    layers: list[nn.Module] = [nn.Flatten()]  # (N, 5, 5) -> (N, 25)
    for n_in in (25, 20, 20):
        layers += [nn.Linear(n_in, 20), nn.ReLU()]
        if dropout:  # silence 20% of the hidden units at random on each training step
            layers.append(nn.Dropout(dropout, seed=seed))
    layers.append(nn.Linear(20, 5))  # logits; softmax turns them into probabilities
    return nn.Sequential(*layers)


def train(net: nn.Module, epochs: int, lr: float) -> None:
    """Full-batch SGD on softmax cross-entropy (the seed's delta e = d - y at the output)."""
    optimizer = nn.optim.SGD(net.parameters(), lr=lr)
    net.train()
    for _ in range(epochs):
        loss = F.cross_entropy(net(DIGITS), CLASSES)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    net.eval()  # dropout off from here on


def plot(predictions: dict[str, np.ndarray], path: Any) -> None:
    """Top row: the noisy digits; below, the training digit each net took it for."""
    plt = pyplot()
    fig, axes = plt.subplots(1 + len(predictions), 5, figsize=(8, 2 + 1.6 * len(predictions)))
    for k in range(5):
        axes[0, k].imshow(NOISY[k], cmap="gray_r")
        axes[0, k].set_title(f"noisy {noisy_answers()[k] + 1}")
        for row, (name, predicted) in enumerate(predictions.items(), start=1):
            axes[row, k].imshow(DIGITS[predicted[k]], cmap="gray_r")
            axes[row, k].set_title(f"{name}: {predicted[k] + 1}", fontsize=9)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=500, help="training epochs (default 500)")
    p.add_argument("--seed", type=int, default=0, help="weights' and dropout's seed")
    args = p.parse_args(argv)
    answers = noisy_answers()
    softmax = nn.Softmax(dim=-1)
    results: dict[str, Any] = {"answers": answers}
    predictions = {}
    for name, dropout in (("no dropout", 0.0), ("dropout 0.2", 0.2)):
        net = make_net(dropout, args.seed)
        train(net, args.epochs, lr=0.1)
        train_predicted = softmax(net(DIGITS)).data.argmax(axis=-1)
        probabilities = softmax(net(NOISY)).data
        predicted = probabilities.argmax(axis=-1)
        right = int((predicted == answers).sum())
        print(f"{name}: training digits {(train_predicted + 1).tolist()}, noisy digits "
              f"{(answers + 1).tolist()} read as {(predicted + 1).tolist()}: {right} of 5 right")
        print(f"  confidence in each answer: {np.round(probabilities.max(axis=-1), 2).tolist()}")
        predictions[name] = predicted
        results[name] = {"train": train_predicted, "noisy": predicted, "noisy_right": right}
    png = out_dir(args.out) / "digits5x5.png"
    plot(predictions, png)
    print(f"noisy digits and predictions: {png}")
    results["png"] = png
    return results


if __name__ == "__main__":
    main()
