"""micrograd's scalar network, on `autograd.Value`: Neuron, Layer, MLP.

Same signatures, same initialisation (Python's `random`, in the same order), so the same
`random.seed` gives the same network and the same numbers as micrograd. Calling one runs
`forward` through `Module.__call__`, so a drawn graph groups each neuron's nodes by its path
(`layers.0.neurons.3 (Neuron)`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from autograd import Value, dot

from . import arguments
from .module import Module


class Neuron(Module):
    """w . x + b, then ReLU unless nonlin=False."""

    def __init__(self, nin: int, nonlin: bool = True) -> None:
        self.w = [Value(random.uniform(-1, 1))
                  for _ in range(arguments.count(nin, "nin", "Neuron"))]
        self.b = Value(0)
        self.nonlin = arguments.flag(nonlin, "nonlin", "Neuron")

    def forward(self, x: Sequence[Any]) -> Value:
        # micrograd's sum(w * x, b) as one node: same numbers, a fraction of the nodes.
        act = dot(self.w, x, self.b)
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return self.w + [self.b]

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(Module):
    """nout neurons reading the same inputs."""

    def __init__(self, nin: int, nout: int, **kwargs: Any) -> None:
        arguments.count(nin, "nin", "Layer")
        self.neurons = [Neuron(nin, **kwargs)
                        for _ in range(arguments.count(nout, "nout", "Layer"))]

    def forward(self, x: Sequence[Any]) -> Any:
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """Layers of ReLU neurons, the last one linear."""

    def __init__(self, nin: int, nouts: list[int]) -> None:
        arguments.count(nin, "nin", "MLP")
        if not isinstance(nouts, (list, tuple)):
            raise TypeError(f"MLP: nouts must be a list of layer sizes, got "
                            f"{arguments.shown(nouts)}")
        sz = [nin] + [arguments.count(n, "nouts", "MLP") for n in nouts]
        self.layers = [Layer(sz[i], sz[i + 1], nonlin=i != len(nouts) - 1)
                       for i in range(len(nouts))]

    def forward(self, x: Sequence[Any]) -> Any:
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
