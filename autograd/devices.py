"""PyTorch's device, Generator and cuda names, so that a ported program's set-up lines run:

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device); x = x.to(device)
    g = torch.Generator().manual_seed(0); DataLoader(..., generator=g)

gradproof computes on the CPU: `device` names any of PyTorch's device types (as
torch.device does), every Tensor is on device('cpu'), and moving a Tensor or Module
elsewhere raises. `cuda.is_available()` is False. A `Generator` is a numpy Generator (so it
serves as generator= wherever gradproof draws) with torch.Generator's methods.
"""

from __future__ import annotations

import types
from typing import Any

import numpy as np

from .dtypes import check_device
from .messages import shown

_TYPES = ("cpu", "cuda", "mps", "meta", "xpu", "xla", "hpu", "mtia")


class device:  # noqa: N801 (PyTorch's name)
    """torch.device: a device type and an optional index: device('cpu'), device('cuda:0'),
    device('cuda', 1), device(0) (cuda's index 0, as PyTorch)."""

    __slots__ = ("type", "index")

    def __init__(self, type: Any, index: int | None = None) -> None:  # noqa: A002
        given = type
        if isinstance(given, device):
            given, index = given.type, given.index
        elif isinstance(given, int) and not isinstance(given, bool) and index is None:
            given, index = "cuda", given
        if not isinstance(given, str):
            raise TypeError(f"device: type must be a string such as 'cpu' or 'cuda:0', got "
                            f"{shown(given)}")
        name, colon, number = given.partition(":")
        if name not in _TYPES:
            raise RuntimeError(f"device: expected one of {', '.join(_TYPES)} at the start of "
                               f"the device string, got {given!r}")
        if colon:
            if index is not None:
                raise RuntimeError(f"device: an index both in the string {given!r} and given "
                                   f"({index})")
            if not number.isdigit():
                raise RuntimeError(f"device: invalid device string {given!r}")
            index = int(number)
        if index is not None and (isinstance(index, bool) or not isinstance(index, int)
                                  or index < 0):
            raise RuntimeError(f"device: index must be a non-negative int, got {shown(index)}")
        self.type, self.index = name, index

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self) -> str:
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{index})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            try:
                other = device(other)
            except (TypeError, RuntimeError):
                return False
        return isinstance(other, device) and (self.type, self.index) == (other.type,
                                                                         other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __reduce__(self) -> Any:
        return device, (self.type, self.index)


CPU = device("cpu")
_TORCH_DEFAULT_SEED = 67280421310721  # what a new torch.Generator() reports as initial_seed()


class Generator(np.random.Generator):
    """torch.Generator: a numpy Generator with PyTorch's methods. `manual_seed(n)` reseeds it
    in place and returns it; its draws are then numpy.random.default_rng(n)'s (not
    PyTorch's numbers)."""

    def __init__(self, device: Any = "cpu") -> None:
        check_device(device, "Generator")
        super().__init__(np.random.PCG64(_TORCH_DEFAULT_SEED))
        self._initial_seed = _TORCH_DEFAULT_SEED

    def manual_seed(self, seed: int) -> Generator:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise TypeError(f"Generator.manual_seed: seed must be an int, got {shown(seed)}")
        seed = int(seed) % 2 ** 64  # (PyTorch takes negative seeds, as 2**64 - n)
        self.bit_generator.state = np.random.default_rng(seed).bit_generator.state
        self._initial_seed = seed
        return self

    def seed(self) -> int:
        """A new seed from the operating system's entropy, set and returned."""
        seed = int(np.random.SeedSequence().entropy % 2 ** 63)
        self.manual_seed(seed)
        return seed

    def initial_seed(self) -> int:
        return self._initial_seed

    def get_state(self) -> dict[str, Any]:
        """The bit generator's state (a dict; PyTorch's is a byte Tensor)."""
        return self.bit_generator.state

    def set_state(self, state: dict[str, Any]) -> Generator:
        self.bit_generator.state = state
        return self

    @property
    def device(self) -> device:
        return CPU


def _none(*args: Any, **kwargs: Any) -> None:
    return None


cuda = types.SimpleNamespace(
    is_available=lambda: False, device_count=lambda: 0, is_initialized=lambda: False,
    manual_seed=_none, manual_seed_all=_none)
"""torch.cuda as a CPU-only program sees it: no device (seeding it does nothing)."""
