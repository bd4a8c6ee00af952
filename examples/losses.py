"""Worked numbers: MSE and cross-entropy error for a good and a bad prediction.

The target is the digit 6 (one-hot, 0-based). y_good puts its largest probability, 0.6, on 6;
y_bad swaps 0.6 and 0.05, so it points at 2. Both losses grow when the prediction is wrong,
and, unlike accuracy, they change smoothly with every probability: their gradient tells each
output which way to move, which is what lets a network learn.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor
from nn.functional import cross_entropy_error, mse_loss

from ._common import parser

Y_GOOD = [0.1, 0.01, 0.05, 0.2, 0.14, 0.07, 0.6, 0.3, 0.1, 0.1]
Y_BAD = [0.1, 0.01, 0.6, 0.2, 0.14, 0.07, 0.05, 0.3, 0.1, 0.1]
TARGET = np.eye(10)[6]  # one-hot: the answer is 6

# The seed's printed results, to compare against.
SEED = {"mse good": 0.03471, "mse bad": 0.14471,
        "cee good": 0.510825457099338, "cee bad": 2.9957302735559908}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser(__doc__.splitlines()[0]).parse_args(argv)
    t = Tensor(TARGET)
    results: dict[str, float] = {}
    print("MSE = mean((y - t)^2)            CEE = -sum(t * log(y + 1e-7))")
    for name, y in (("good", Y_GOOD), ("bad", Y_BAD)):
        y = Tensor(y, requires_grad=True)
        mse = mse_loss(y, t)
        cee = cross_entropy_error(y, t)
        results[f"mse {name}"], results[f"cee {name}"] = mse.item(), cee.item()
        print(f"y_{name:4s}  MSE {mse.item():.5f} (seed {SEED['mse ' + name]})   "
              f"CEE {cee.item()!r} (seed {SEED['cee ' + name]!r})")
        # The gradient is what accuracy cannot give: dCEE/dy_6 = -1 / (y_6 + 1e-7),
        # steep when the right answer's probability is small.
        cee.backward()
        print(f"           dCEE/dy[6] = {y.grad[6]:.4f}   (argmax {int(np.argmax(y.data))}, "
              f"{'right' if np.argmax(y.data) == 6 else 'wrong'})")
    return results


if __name__ == "__main__":
    main()
