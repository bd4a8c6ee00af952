"""Weight initialisation: through 5 layers, activations saturate, vanish, or keep their spread.

The book's chapter 6 experiment: 1,000 random inputs (standard normal, 100 features) go
through five layers of 100 units, no bias, with sigmoid, tanh or ReLU, and the weights drawn
four ways: N(0, 1), N(0, 0.01**2), Xavier (nn.init.xavier_normal_, std sqrt(2 / (fan_in +
fan_out)) = sqrt(1 / 100) here) and He (nn.init.kaiming_normal_ for ReLU, std sqrt(2 / 100)).
Each layer's activations show what back-propagation will face. Weights of std 1 make every
unit's input so large that sigmoid and tanh sit at their bounds, where their derivative is
about 0 (saturation). Weights of std 0.01 shrink the signal at every layer until all units
say the same thing. Xavier keeps tanh's spread, He keeps ReLU's. All four draws share one
stream of random numbers, scaled: only the scale of the weights differs.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

import nn
from autograd import Tensor, no_grad

from ._common import one_blas_thread, out_dir, parser, pyplot

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}
INITIALISERS = {
    "std 1": partial(nn.init.normal_, std=1.0),
    "std 0.01": partial(nn.init.normal_, std=0.01),
    "Xavier": nn.init.xavier_normal_,
    "He": partial(nn.init.kaiming_normal_, nonlinearity="relu"),
}
# f(0), the output of a unit whose input is 0, and the values f tends to for large inputs
REST = {"sigmoid": 0.5, "tanh": 0.0, "relu": 0.0}
BOUNDS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": ()}
NEAR = 0.01  # how close counts as "at" a value


def activations(activation: type[nn.Module], initialise: Any, x: np.ndarray, depth: int,
                width: int, seed: int) -> list[np.ndarray]:
    """Each layer's output for inputs x, first to last."""
    nn.manual_seed(seed)  # the same random numbers for every initialiser and activation
    outputs = []
    with no_grad(), one_blas_thread():  # only the forward pass is looked at
        h = Tensor(x)
        for i in range(depth):
            layer = nn.Linear(x.shape[1] if i == 0 else width, width, bias=False)
            initialise(layer.weight)
            h = activation()(layer(h))
            outputs.append(h.data)
    return outputs


def measure(name: str, outputs: list[np.ndarray]) -> dict[str, list[float]]:
    """Per layer: the std; the share at rest (within NEAR of f(0)); the share saturated
    (within NEAR of a bound of f, where f' is about 0; ReLU has no upper bound: None)."""
    saturated = [float(np.mean(np.any([np.abs(a - b) < NEAR for b in BOUNDS[name]], axis=0)))
                 if BOUNDS[name] else None for a in outputs]
    return {"std": [float(a.std()) for a in outputs],
            "at_rest": [float(np.mean(np.abs(a - REST[name]) < NEAR)) for a in outputs],
            "saturated": saturated}


def plot(name: str, outputs: dict[str, list[np.ndarray]], path: Any) -> None:
    """Rows: initialisers; columns: layers. ReLU's rows share a range of their own (its
    activations grow or shrink by powers of ten) and leave out its exact zeros."""
    plt = pyplot()
    depth = len(next(iter(outputs.values())))
    fig, axes = plt.subplots(len(outputs), depth, figsize=(2.2 * depth, 1.9 * len(outputs)))
    for row, (init, layers) in enumerate(outputs.items()):
        if name == "relu":
            top = max(float(np.percentile(a, 99.5)) for a in layers) or 1.0
            value_range, values = (0.0, top), [a[a > 0] for a in layers]
        else:
            value_range, values = BOUNDS[name], layers
        for column, a in enumerate(values):
            ax = axes[row, column]
            # np.histogram and one filled outline: 60 panels of 30 bar artists draw slowly
            counts, edges = np.histogram(a, bins=30, range=value_range)
            ax.stairs(counts, edges, fill=True, color="tab:blue")
            ax.set_xlim(*value_range)
            ax.set_yticks([])
            ax.tick_params(labelsize=7)
            ax.set_title(f"layer {column + 1}, std {layers[column].std():.2g}", fontsize=8)
        axes[row, 0].set_ylabel(init)
    fig.suptitle(f"{name} activations" + (" (nonzero ones)" if name == "relu" else ""))
    fig.subplots_adjust(left=0.05, right=0.98, bottom=0.05, top=0.9, wspace=0.15, hspace=0.5)
    fig.savefig(path, dpi=70)
    plt.close(fig)


def percents(values: list[float | None]) -> str:
    return " ".join("  -" if v is None else f"{v * 100:3.0f}" for v in values)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--depth", type=int, default=5, help="layers (default 5)")
    p.add_argument("--width", type=int, default=100, help="units per layer (default 100)")
    p.add_argument("--samples", type=int, default=1000, help="random inputs (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="inputs' and weights' seed (default 0)")
    args = p.parse_args(argv)
    x = np.random.default_rng(args.seed).standard_normal((args.samples, args.width))

    folder = out_dir(args.out)
    stats: dict[str, dict[str, dict[str, list[float]]]] = {}
    pngs = []
    print(f"{args.samples} inputs through {args.depth} layers of {args.width}: per layer, the "
          f"std, the % at rest (within {NEAR} of f(0)) and the % saturated (within {NEAR} of "
          f"a bound)")
    for name, activation in ACTIVATIONS.items():
        outputs = {init: activations(activation, initialise, x, args.depth, args.width,
                                     args.seed)
                   for init, initialise in INITIALISERS.items()}
        stats[name] = {init: measure(name, layers) for init, layers in outputs.items()}
        for init, m in stats[name].items():
            print(f"{name:8s}{init:9s} std {' '.join(f'{s:8.2g}' for s in m['std'])} | "
                  f"at rest % {percents(m['at_rest'])} | saturated % {percents(m['saturated'])}")
        pngs.append(folder / f"initialization_{name}.png")
        plot(name, outputs, pngs[-1])

    sigmoid, tanh, relu = stats["sigmoid"], stats["tanh"], stats["relu"]
    print(f"std 1 saturates: sigmoid {min(sigmoid['std 1']['saturated']):.0%} or more in every "
          f"layer, tanh {min(tanh['std 1']['saturated']):.0%} or more")
    print(f"std 0.01 vanishes: tanh's std {tanh['std 0.01']['std'][0]:.2g} -> "
          f"{tanh['std 0.01']['std'][-1]:.2g}, ReLU's {relu['std 0.01']['std'][0]:.2g} -> "
          f"{relu['std 0.01']['std'][-1]:.2g}; sigmoid's crowd at 0.5 (std "
          f"{max(sigmoid['std 0.01']['std']):.2g} at most), every unit saying the same")
    xavier_relu = relu["Xavier"]["std"]
    variance_ratio = (xavier_relu[-1] / xavier_relu[0]) ** (2 / (len(xavier_relu) - 1))
    print(f"Xavier keeps tanh's spread (std {tanh['Xavier']['std'][0]:.2g} -> "
          f"{tanh['Xavier']['std'][-1]:.2g}); He keeps ReLU's ({relu['He']['std'][0]:.2g} -> "
          f"{relu['He']['std'][-1]:.2g}), where Xavier multiplies its variance by "
          f"{variance_ratio:.2f} at each layer ({xavier_relu[0]:.2g} -> {xavier_relu[-1]:.2g})")
    print(f"histograms, one grid per activation: {', '.join(str(png) for png in pngs)}")
    return {"stats": stats, "pngs": pngs}


if __name__ == "__main__":
    main()
