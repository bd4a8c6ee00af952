"""The vanishing gradient: deep sigmoid nets barely train their first layers; ReLU's do.

Back-propagation multiplies, layer by layer, by each activation's derivative. Sigmoid's is at
most 0.25, so after 8 sigmoid layers the gradient reaching the first layer is thousands of
times smaller than at the last: those weights hardly move. ReLU's derivative is 1 wherever a
unit is active, so the gradient arrives whole. The three nets here share the same weights
(He initialisation, which suits ReLU); only the activation differs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
import nn
from nn import functional as F  # noqa: N812 (PyTorch's habit)

from ._common import out_dir, parser, pyplot

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}


def deep_net(activation: type[nn.Module], depth: int, width: int, n_in: int) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(depth):
        layers += [nn.Linear(n_in if i == 0 else width, width), activation()]
    layers.append(nn.Linear(width, 10))
    net = nn.Sequential(*layers)
    rng = np.random.default_rng(1)  # the same weights for every activation
    for layer in net:
        if isinstance(layer, nn.Linear):  # He: variance 2 / fan-in keeps ReLU signals steady
            layer.weight.data[...] = rng.normal(0, np.sqrt(2 / layer.in_features),
                                                layer.weight.shape)
            layer.bias.data[...] = 0.0
    return net


def gradient_norms(net: nn.Sequential, x: np.ndarray, t: np.ndarray) -> tuple[list[float], Any]:
    """|dL/dW| of each Linear layer, first to last, after one backward pass; and the loss."""
    loss = F.cross_entropy(net(x), t)
    loss.backward()
    norms = [float(np.linalg.norm(layer.weight.grad)) for layer in net
             if isinstance(layer, nn.Linear)]
    return norms, loss


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--depth", type=int, default=8, help="hidden layers (default 8)")
    p.add_argument("--width", type=int, default=32, help="units per hidden layer (default 32)")
    args = p.parse_args(argv)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 16))  # a batch of 64 random samples, 10 random classes
    t = rng.integers(0, 10, size=64)

    norms: dict[str, list[float]] = {}
    sigmoid_loss = None
    for name, activation in ACTIVATIONS.items():
        net = deep_net(activation, args.depth, args.width, n_in=16)
        norms[name], loss = gradient_norms(net, x, t)
        if name == "sigmoid":
            sigmoid_loss = loss
        print(f"{name:8s} |dL/dW| first -> last layer: "
              f"{' '.join(f'{n:.1e}' for n in norms[name])}")
    for name in ACTIVATIONS:
        print(f"{name:8s} first layer gets {norms[name][0] / norms[name][-1]:.1e} of the "
              "last layer's gradient")

    folder = out_dir(args.out)
    png = folder / "vanishing_gradient.png"
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, values in norms.items():
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", label=name)
    ax.set(yscale="log", xlabel="layer (1 = nearest the input)", ylabel="|dL/dW|",
           title=f"gradient norm per layer, {args.depth} hidden layers")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=80)
    plt.close(fig)
    print(f"gradient norms per layer: {png}")

    # The sigmoid net's graph, each node coloured by its gradient's size (log scale): the
    # colours darken towards the input, layer by layer.
    svg = autograd.save_graph(sigmoid_loss, folder / "vanishing_gradient_sigmoid.svg",
                              color_by="grad")
    print(f"sigmoid net's graph coloured by gradient: {svg}")
    return {"norms": norms, "png": png, "svg": svg}


if __name__ == "__main__":
    main()
