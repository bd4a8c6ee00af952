"""PyTorch's default initial weights of Linear and Conv2d layers, made with numpy.

After `torch.manual_seed(seed)`, PyTorch (on the CPU) draws every layer's parameters from
one 32-bit Mersenne Twister seeded as MT19937's reference seeds it (numpy's legacy
RandomState(seed) seeds it the same way), in the order the layers are made, each weight
then its bias, element by element. A float64 parameter's `uniform_(low, high)` takes two
32-bit draws per element (the first the high half), keeps the low 53 bits of the 64, and
gives `bits * 2**-53 * (high - low) + low`, rounded once (a fused multiply-add, on the
AVX2 and AVX-512 machines; PyTorch's portable kernels round twice). The bounds are
kaiming_uniform_'s with a = sqrt(5) for the weight, 1/sqrt(fan_in) for the bias, computed
as torch.nn.init computes them. So a test can start gradproof from PyTorch's very numbers
without storing them: tests/tutorials/torch_reference_tutorials.py checks them against
PyTorch's own, bit for bit, and records their sums, which the tests check again.
"""

from __future__ import annotations

import math

import numpy as np


class TorchCPUGenerator:
    """The stream of torch's default CPU generator after torch.manual_seed(seed)."""

    def __init__(self, seed: int) -> None:
        self.bits = np.random.MT19937()
        self.bits.state = np.random.RandomState(seed).get_state(legacy=False)

    def uniform64(self, bound: float, shape: tuple[int, ...]) -> np.ndarray:
        """torch.empty(shape, dtype=torch.float64).uniform_(-bound, bound)."""
        count = math.prod(shape)
        halves = self.bits.random_raw(2 * count).astype(np.uint64).reshape(count, 2)
        draws = (halves[:, 0] << np.uint64(32)) | halves[:, 1]
        fraction = (draws & np.uint64(2**53 - 1)).astype(np.float64) * 2.0**-53
        # PyTorch computes fraction * (bound - -bound) + -bound with one fused multiply-add
        # (its AVX2 and AVX-512 kernels): the exact value is (2 fraction - 1) bound, and
        # 2 fraction - 1 is exact in float64, so one product rounds as the FMA does.
        return ((2 * fraction - 1) * bound).reshape(shape)


def kaiming_uniform_bound(fan_in: int) -> float:
    """torch.nn.init.kaiming_uniform_'s bound for a = sqrt(5), in its order of operations."""
    gain = math.sqrt(2.0 / (1 + math.sqrt(5) ** 2))
    std = gain / math.sqrt(fan_in)
    return math.sqrt(3.0) * std


def default_parameters(seed: int, weight_shapes: list[tuple[int, ...]]
                       ) -> list[dict[str, np.ndarray]]:
    """{"weight", "bias"} of each layer (Linear: (out, in); Conv2d: (out, in, kh, kw)), in
    float64, as PyTorch makes them one after the other after torch.manual_seed(seed)."""
    generator = TorchCPUGenerator(seed)
    layers = []
    for shape in weight_shapes:
        fan_in = math.prod(shape[1:])
        bound = kaiming_uniform_bound(fan_in)
        weight = generator.uniform64(bound, shape)
        bias_bound = 1 / math.sqrt(fan_in)
        bias = generator.uniform64(bias_bound, shape[:1])
        layers.append({"weight": weight, "bias": bias})
    return layers
