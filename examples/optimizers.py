"""SGD, Momentum, AdaGrad, RMSprop and Adam race down f(x, y) = x**2 / 20 + y**2 from (-7, 2).

The bowl is 20 times steeper along y than along x. One learning rate serves both directions
in SGD, and the steep one caps it: y's update is y -= lr * 2y, which diverges for lr >= 1,
so at the book's lr = 0.95 y flips sign on every step (the zigzag) while x shrinks by only
1 - 0.95 / 10 per step. Momentum adds up past steps: the zigzag cancels, the steady pull
along x builds up, and the ball overshoots and circles back. AdaGrad, RMSprop and Adam scale
each coordinate's step by its own gradients' size, so both directions move at a similar
pace. The rates are the book's ("Deep Learning from Scratch", chapter 6); RMSprop, which the
book's figure leaves out, gets lr = 0.1. Every step is a gradproof Tensor's backward() and
an nn.optim optimizer's step() on the 2-element parameter (x, y).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import nn

from ._common import out_dir, parser, pyplot

START = (-7.0, 2.0)
OPTIMIZERS = {  # name: (optimizer, its settings)
    "SGD": (nn.optim.SGD, dict(lr=0.95)),
    "Momentum": (nn.optim.SGD, dict(lr=0.1, momentum=0.9)),
    "AdaGrad": (nn.optim.Adagrad, dict(lr=1.5)),
    "RMSprop": (nn.optim.RMSprop, dict(lr=0.1)),
    "Adam": (nn.optim.Adam, dict(lr=0.3)),
}


def f(x: Any, y: Any) -> Any:
    """The bowl: numbers, numpy arrays or Tensors alike."""
    return x**2 / 20 + y**2


def descend(optimizer_class: type[nn.optim.Optimizer], settings: dict[str, Any],
            steps: int) -> np.ndarray:
    """The points (x, y) an optimizer visits from START, START included: shape (steps+1, 2)."""
    point = nn.Parameter(np.array(START))
    optimizer = optimizer_class([point], **settings)
    path = [point.data.copy()]
    for _ in range(steps):
        loss = f(point[0], point[1])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        path.append(point.data.copy())
    return np.array(path)


def first_step_within(path: np.ndarray, tolerance: float) -> int | None:
    """The first step at which the point is within `tolerance` of the minimum (0, 0)."""
    inside = np.flatnonzero(np.linalg.norm(path, axis=1) < tolerance)
    return int(inside[0]) if len(inside) else None


def path_length(path: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(path, axis=0), axis=1).sum())


def sign_changes(values: np.ndarray) -> int:
    return int(np.count_nonzero(np.diff(np.sign(values))))


def plot(paths: dict[str, np.ndarray], steps: int, tolerance: float, path: Any) -> None:
    """One contour panel per optimizer with its first `steps` steps; the last panel: the
    distance to the minimum over the whole race, log scale."""
    plt = pyplot()
    xs, ys = np.meshgrid(np.linspace(-10, 10, 201), np.linspace(-5, 5, 101))
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5))
    for ax, (name, points) in zip(axes.ravel(), paths.items(), strict=False):
        ax.contour(xs, ys, f(xs, ys), levels=np.geomspace(0.05, 30, 12), colors="0.7",
                   linewidths=0.8)
        ax.plot(points[: steps + 1, 0], points[: steps + 1, 1], "o-", color="tab:red",
                markersize=3, linewidth=1)
        ax.plot(0, 0, "+", color="black", markersize=10)
        ax.set(title=f"{name} ({steps} steps)", xlim=(-10, 10), ylim=(-5, 5))
    race = axes.ravel()[-1]
    for name, points in paths.items():
        race.plot(np.linalg.norm(points, axis=1), label=name)
    race.axhline(tolerance, color="black", linestyle=":", linewidth=1)
    race.set(yscale="log", ylim=(1e-8, 30), xlabel="step",
             title="distance to the minimum (0, 0)")
    race.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=30,
                   help="steps drawn on the contours and scored by loss (default 30, the book's)")
    p.add_argument("--race", type=int, default=300,
                   help="most steps each optimizer gets to reach the minimum (default 300)")
    p.add_argument("--tolerance", type=float, default=1e-2,
                   help="how near (0, 0) counts as reaching it (default 0.01)")
    args = p.parse_args(argv)
    if not 0 < args.steps <= args.race:
        p.error(f"--steps must be in 1..--race ({args.race}), got {args.steps}")

    paths = {name: descend(optimizer_class, settings, args.race)
             for name, (optimizer_class, settings) in OPTIMIZERS.items()}
    straight = float(np.hypot(*START))
    rows = {}
    print(f"f(x, y) = x**2/20 + y**2 from {START}, {straight:.1f} away from the minimum (0, 0)")
    print(f"{'':9s}{'settings':22s}{f'f after {args.steps}':>12s}"
          f"{'path length':>13s}{'y flips':>9s}{'x flips':>9s}"
          f"{f'steps to {args.tolerance:g}':>15s}")
    for name, points in paths.items():
        shown = points[: args.steps + 1]
        rows[name] = {
            "loss": float(f(*shown[-1])),
            "path_length": path_length(shown),
            "y_sign_changes": sign_changes(shown[:, 1]),
            "x_sign_changes": sign_changes(shown[:, 0]),
            "steps_to_minimum": first_step_within(points, args.tolerance),
        }
        settings = ", ".join(f"{key}={value}" for key, value in OPTIMIZERS[name][1].items())
        reached = rows[name]["steps_to_minimum"]
        print(f"{name:9s}{settings:22s}{rows[name]['loss']:12.2e}"
              f"{rows[name]['path_length']:13.1f}{rows[name]['y_sign_changes']:9d}"
              f"{rows[name]['x_sign_changes']:9d}"
              f"{reached if reached is not None else f'> {args.race}':>15}")

    sgd = rows["SGD"]
    print(f"SGD zigzags: y changes sign on {sgd['y_sign_changes']} of its {args.steps} steps, "
          f"and it walks {sgd['path_length']:.1f} to cover {straight:.1f}")
    ranking = sorted(rows, key=lambda name: (rows[name]["steps_to_minimum"] is None,
                                             rows[name]["steps_to_minimum"] or 0))
    print(f"first within {args.tolerance:g} of (0, 0): " + " < ".join(
        f"{name} ({rows[name]['steps_to_minimum']})" for name in ranking
        if rows[name]["steps_to_minimum"] is not None))
    overshooting = [name for name in rows if rows[name]["x_sign_changes"]]
    print(f"{' and '.join(overshooting)} overshoot the minimum along x and circle back; "
          f"no optimizer wins everywhere")
    lr = OPTIMIZERS["SGD"][1]["lr"]
    print(f"SGD's one rate is capped by the steep y: each step multiplies y by 1 - 2 lr = "
          f"{1 - 2 * lr:g} (diverging for lr >= 1) and x by only 1 - lr/10 = {1 - lr / 10:g}")

    png = out_dir(args.out) / "optimizers.png"
    plot(paths, args.steps, args.tolerance, png)
    print(f"paths on the contours: {png}")
    return {"paths": paths, "rows": rows, "ranking": ranking, "png": png}


if __name__ == "__main__":
    main()
