"""A Tensor MLP reads scikit-learn's 8x8 handwritten digits (1,797 images, bundled: no download).

The seeds' whole recipe, for real: a 7:3 train/test split, a network of Linear and ReLU
layers, softmax cross-entropy, mini-batches from a DataLoader, loss.backward() and
optimizer.step(), and curves of the loss and the test accuracy over the epochs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.datasets import load_digits
from tqdm import tqdm

import nn
from autograd import no_grad
from nn import functional as F  # noqa: N812 (PyTorch's habit)

from ._common import out_dir, parser, pyplot


def accuracy(model: nn.Module, images: np.ndarray, labels: np.ndarray) -> float:
    model.eval()
    with no_grad():  # evaluation needs no graph
        predicted = model(images).data.argmax(axis=-1)
    return float((predicted == labels).mean())


def plot_curves(losses: list[float], accuracies: list[float], path: Any) -> None:
    plt = pyplot()
    epochs = np.arange(1, len(losses) + 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    left.plot(epochs, losses, marker="o")
    left.set(title="training loss (cross-entropy)", xlabel="epoch", yscale="log")
    right.plot(epochs, np.array(accuracies) * 100, marker="o", color="tab:green")
    right.set(title="test accuracy", xlabel="epoch", ylabel="%")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=20, help="passes over the data (default 20)")
    p.add_argument("--seed", type=int, default=0, help="split, weights and shuffling seed")
    args = p.parse_args(argv)

    digits = load_digits()
    x_train, x_test, y_train, y_test = nn.data.train_test_split(
        digits.data, digits.target, test_size=0.3, seed=args.seed)
    # Standardise each pixel with the training set's statistics only (the test set must stay
    # unseen). The +1 keeps the nearly constant border pixels from being blown up.
    mean, scale = x_train.mean(axis=0), x_train.std(axis=0) + 1.0
    x_train, x_test = (x_train - mean) / scale, (x_test - mean) / scale

    nn.manual_seed(args.seed)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(),
                          nn.Linear(128, 64), nn.ReLU(),
                          nn.Linear(64, 10))  # logits: cross_entropy applies the softmax
    lr = 0.05
    optimizer = nn.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loader = nn.data.DataLoader((x_train, y_train), batch_size=32, shuffle=True,
                                seed=args.seed)
    print(f"{len(x_train)} training and {len(x_test)} test images; model:\n{model}")

    losses, accuracies = [], []
    bar = tqdm(range(args.epochs), desc="digits", unit="epoch")
    for epoch in bar:
        optimizer.lr = lr * (1 - epoch / args.epochs)  # smaller steps as it settles
        model.train()
        total = 0.0
        for images, labels in loader:
            loss = F.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(images)
        losses.append(total / len(x_train))
        accuracies.append(accuracy(model, x_test, y_test))
        bar.set_postfix(loss=f"{losses[-1]:.4f}", test_accuracy=f"{accuracies[-1]:.2%}")
    bar.close()

    print(f"training loss {losses[0]:.4f} -> {losses[-1]:.4f}; "
          f"test accuracy {accuracies[-1]:.2%} ({round(accuracies[-1] * len(x_test))} of "
          f"{len(x_test)})")
    png = out_dir(args.out) / "digits_curves.png"
    plot_curves(losses, accuracies, png)
    print(f"loss and accuracy curves: {png}")
    return {"losses": losses, "accuracies": accuracies, "test_accuracy": accuracies[-1],
            "png": png}


if __name__ == "__main__":
    main()
