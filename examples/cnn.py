"""A small CNN reads scikit-learn's 8x8 digits: 99% where the MLP lesson reaches 97.4%.

The same 7:3 split as examples.digits (1,257 training and 540 test images, bundled: no
download). Two blocks of convolution (3x3, padding 1), ReLU and 2x2 max pooling, then one
Linear layer: (1, 8, 8) -> (32, 8, 8) -> (32, 4, 4) -> (64, 4, 4) -> (64, 2, 2) -> 10 logits.
A convolution slides the same small filter over every position, so a stroke is recognised
wherever it is, with 9 weights per filter and input channel where a Linear layer needs one
per pixel; pooling keeps each 2x2 neighbourhood's strongest response, so a stroke moved by
a pixel still counts. Trained by SGD with momentum 0.9 and a learning rate that follows a
cosine from 0.05 to 0 (nn.optim.lr_scheduler.CosineAnnealingLR), 10 epochs, in float32, on
cross-entropy with label smoothing 0.1 (PyTorch's label_smoothing): the targets are 0.91 for
the right digit and 0.01 for each other, so the net is not pushed to ever larger logits on
training digits it already gets right. With the weights and batches of seeds 0..7 (on the
split of seed 0) the test accuracy is 98.9% to 99.4% with it, 98.3% to 99.1% without.

Pictures in --out: the first layer's 32 learned filters; one test digit's feature maps
after each block's ReLU (what each filter finds in it, and where); and the graph of one
training step, each layer a box (every nn.Module call is a name scope), in which a
convolution is one node.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
from sklearn.datasets import load_digits
from tqdm import tqdm

import autograd
import nn
from autograd import no_grad
from nn import functional as F  # noqa: N812 (PyTorch's habit)

from ._common import one_blas_thread, out_dir, parser, pyplot

MLP_ACCURACY = 0.974  # examples.digits on the same split (seed 0)
LABEL_SMOOTHING = 0.1


def digits_split(seed: int) -> list[np.ndarray]:
    """x_train, x_test (N, 1, 8, 8) float32, standardised with the training images' mean and
    std (the test images stay unseen), and y_train, y_test."""
    digits = load_digits()
    x_train, x_test, y_train, y_test = nn.data.train_test_split(
        digits.data, digits.target, test_size=0.3, seed=seed)
    mean, std = x_train.mean(), x_train.std()
    x_train, x_test = ((x - mean) / std for x in (x_train, x_test))
    return [x_train.reshape(-1, 1, 8, 8).astype(np.float32),
            x_test.reshape(-1, 1, 8, 8).astype(np.float32), y_train, y_test]


def small_cnn(seed: int) -> nn.Sequential:
    nn.manual_seed(seed)
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 32, 3, padding=1)), ("relu1", nn.ReLU()),
        ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(32, 64, 3, padding=1)), ("relu2", nn.ReLU()),
        ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(64 * 2 * 2, 10)),  # logits
    ])).float()


def accuracy(model: nn.Module, images: np.ndarray, labels: np.ndarray) -> float:
    model.eval()
    with no_grad():
        predicted = model(images).data.argmax(axis=-1)
    return float((predicted == labels).mean())


def train(model: nn.Module, data: list[np.ndarray], epochs: int, lr: float,
          seed: int) -> tuple[list[float], list[float]]:
    """The mean training loss (smoothed cross-entropy) and the test accuracy after each
    epoch."""
    x_train, x_test, y_train, y_test = data
    optimizer = nn.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    schedule = nn.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    loader = nn.data.DataLoader((x_train, y_train), batch_size=32, shuffle=True, seed=seed)
    losses, accuracies = [], []
    bar = tqdm(range(epochs), desc="cnn", unit="epoch")
    for _ in bar:
        model.train()
        total = 0.0
        for images, labels in loader:
            loss = F.cross_entropy(model(images), labels, label_smoothing=LABEL_SMOOTHING)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(images)
        schedule.step()
        losses.append(total / len(x_train))
        accuracies.append(accuracy(model, x_test, y_test))
        bar.set_postfix(loss=f"{losses[-1]:.4f}", test_accuracy=f"{accuracies[-1]:.2%}")
    bar.close()
    return losses, accuracies


def feature_maps(model: nn.Sequential, image: np.ndarray) -> dict[str, np.ndarray]:
    """Each block's output after its ReLU, for one image (1, 8, 8): (C, H, W) each."""
    model.eval()
    maps, h = {}, image[None]
    with no_grad():
        for name, layer in model.named_children():
            h = layer(h)
            if name.startswith("relu"):
                maps[name] = h.data[0]
    return maps


def _grid(fig: Any, spec: Any, images: np.ndarray, columns: int, title: str,
          symmetric: bool) -> None:
    """images (K, H, W) as small panels in `spec`, one colour scale for all of them."""
    top = float(np.abs(images).max()) or 1.0
    limits = (-top, top) if symmetric else (0.0, top)
    cells = spec.subgridspec((len(images) + columns - 1) // columns, columns, wspace=0.08,
                             hspace=0.08)
    for k, image in enumerate(images):
        ax = fig.add_subplot(cells[k // columns, k % columns])
        ax.imshow(image, cmap="RdBu_r" if symmetric else "viridis", vmin=limits[0],
                  vmax=limits[1])
        ax.set_xticks([])
        ax.set_yticks([])
        if k == 0:
            ax.set_title(title, loc="left", fontsize=9)


def plot_filters(weight: np.ndarray, path: Any) -> None:
    """conv1's filters (32, 1, 3, 3): red where a pixel adds to the response, blue where it
    takes away."""
    plt = pyplot()
    fig = plt.figure(figsize=(8, 1.15))
    _grid(fig, fig.add_gridspec(1, 1)[0], weight[:, 0], 16,
          "conv1's 32 filters (3x3): red adds, blue takes away", symmetric=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_feature_maps(image: np.ndarray, label: int, maps: dict[str, np.ndarray],
                      path: Any) -> None:
    plt = pyplot()
    fig = plt.figure(figsize=(12, 5.6))
    # columns of 4, 4 and 8 square panels, 8 high: the digit, conv1's maps, conv2's
    spec = fig.add_gridspec(1, 3, width_ratios=[4, 4, 8], wspace=0.12)
    ax = fig.add_subplot(spec[0].subgridspec(3, 1, height_ratios=[1, 2, 1])[1])
    ax.imshow(image[0], cmap="gray_r")
    ax.set(title=f"a test digit: {label}", xticks=[], yticks=[])
    _grid(fig, spec[1], maps["relu1"], 4, "conv1 + ReLU: 32 maps, 8x8", False)
    _grid(fig, spec[2], maps["relu2"], 8, "conv2 + ReLU: 64 maps, 4x4", False)
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=10, help="passes over the data (default 10)")
    p.add_argument("--lr", type=float, default=0.05, help="SGD's first learning rate (0.05)")
    p.add_argument("--seed", type=int, default=0, help="split, weights and shuffling seed")
    args = p.parse_args(argv)
    if args.epochs < 1:
        p.error(f"--epochs must be at least 1, got {args.epochs}")

    data = digits_split(args.seed)
    x_train, x_test, y_train, y_test = data
    model = small_cnn(args.seed)
    n_weights = sum(parameter.size for parameter in model.parameters())
    print(f"{len(x_train)} training and {len(x_test)} test images; {n_weights} weights; "
          f"model:\n{model}")
    with one_blas_thread():
        losses, accuracies = train(model, data, args.epochs, args.lr, args.seed)
    wrong = round((1 - accuracies[-1]) * len(x_test))
    print(f"training loss {losses[0]:.4f} -> {losses[-1]:.4f}; test accuracy "
          f"{accuracies[-1]:.2%} ({len(x_test) - wrong} of {len(x_test)}, {wrong} wrong), "
          f"where the MLP lesson (examples.digits, same split) reaches {MLP_ACCURACY:.1%}")

    folder = out_dir(args.out)
    filters_png = folder / "cnn_filters.png"
    plot_filters(model.conv1.weight.data, filters_png)
    image, label = x_test[0], int(y_test[0])
    maps = feature_maps(model, image)
    maps_png = folder / "cnn_feature_maps.png"
    plot_feature_maps(image, label, maps, maps_png)
    active = {name: int((m.reshape(len(m), -1).max(axis=1) > 0).sum())
              for name, m in maps.items()}
    print(f"the test digit {label}: {active['relu1']} of 32 first-layer and "
          f"{active['relu2']} of 64 second-layer filters respond somewhere")

    # One training step on two digits, drawn: a box per layer, the convolution one node
    model.train()
    loss = F.cross_entropy(model(x_train[:2]), y_train[:2])
    loss.backward()
    model.zero_grad()
    graph_svg = autograd.save_graph(loss, folder / "cnn_graph.svg")
    print(f"pictures: {filters_png}, {maps_png}; one training step's graph: {graph_svg}")
    return {"losses": losses, "accuracies": accuracies, "test_accuracy": accuracies[-1],
            "n_weights": n_weights, "feature_maps": maps, "pngs": [filters_png, maps_png],
            "svg": graph_svg}


if __name__ == "__main__":
    main()
