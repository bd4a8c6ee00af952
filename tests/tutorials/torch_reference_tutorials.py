"""Print PyTorch's numbers for the tutorial programs of this folder (not a test).

    /work/main/benchmarks/.venv/bin/python tests/tutorials/torch_reference_tutorials.py \\
        > tests/tutorials/torch_numbers_tutorials.py

(any Python with torch, numpy and scikit-learn). Each program runs under PyTorch itself:
the names its import lines bind are PyTorch's modules here (`autograd` and `torch_shim`
are torch, `nn` torch.nn, `nn.functional`, `nn.optim` and `nn.optim.lr_scheduler` theirs),
so the very text that tests/test_tutorials.py runs on gradproof gives PyTorch's numbers.
They are printed as float literals (repr: shortest round trip, so exact); PyTorch is never
needed to run the tests.

The polynomial fits run twice from the same start: as written (float32: the tutorials'
torch.float and PyTorch's default dtype) after torch.manual_seed(0), recording the start
(each torch.randn draw, each Linear's weight and bias); then in float64 (the default dtype,
and torch.float read as float64) from that start, replayed.

The MNIST example runs on the digits in float64 with `--epochs 2 --save-model`: from
torch.manual_seed(1)'s initial weights (checked here, bit for bit, against torch_init.py,
which makes them with numpy for the tests), its dropout masks drawn from a numpy Generator
(as gradproof's Dropout draws them from its generator=) so that both libraries drop the
same units; every nll_loss value, its printed output and its saved weights are recorded.
"""

from __future__ import annotations

import contextlib
import io
import pprint
import runpy
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional
import torch.optim.lr_scheduler

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import torch_init  # noqa: E402

POLYNOMIALS = ("polynomial_autograd", "polynomial_nn", "polynomial_optim", "polynomial_module")
POLYNOMIAL_SEED = 0
MNIST_ARGV = ["--epochs", "2", "--save-model"]
MNIST_SEED = 1  # the example's --seed default
MNIST_WEIGHT_SHAPES = [(32, 1, 3, 3), (64, 32, 3, 3), (128, 256), (10, 128)]
DROPOUT_MASK_SEED = 0


def bind_torch_spelling() -> None:
    """The modules the programs import, as PyTorch's."""
    sys.modules.update({"autograd": torch, "torch_shim": torch, "nn": torch.nn,
                        "nn.functional": torch.nn.functional, "nn.optim": torch.optim,
                        "nn.optim.lr_scheduler": torch.optim.lr_scheduler})
    torch.nn.optim = torch.optim  # `import nn.optim as optim` reads the attribute


def run(program: str, argv: list[str] | None = None) -> str:
    """Run tests/tutorials/<program>.py as a script; what it printed."""
    sys.argv = [f"{program}.py", *(argv or [])]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        runpy.run_path(str(HERE / f"{program}.py"), run_name="__main__")
    return printed.getvalue()


@contextlib.contextmanager
def patched(owner: Any, name: str, value: Any) -> Iterator[None]:
    saved = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, saved)


@contextlib.contextmanager
def starts(replay: list[Any] | None = None) -> Iterator[list[Any]]:
    """Record the program's start (each torch.randn draw, each Linear's or Conv2d's weight
    and bias, in the order made) into the list yielded, or replay a recorded one."""
    recorded: list[Any] = []
    pending = None if replay is None else iter(replay)

    def take(kind: str, tensors: dict[str, torch.Tensor]) -> None:
        if pending is None:
            recorded.append((kind, {k: t.tolist() for k, t in tensors.items()}))
            return
        expected, values = next(pending)
        assert expected == kind, (expected, kind)
        with torch.no_grad():
            for k, t in tensors.items():
                t.copy_(torch.tensor(values[k], dtype=t.dtype))

    real_randn = torch.randn

    def randn(*size: Any, **kwargs: Any) -> torch.Tensor:
        out = real_randn(*size, **kwargs)
        take("randn", {"value": out})
        return out

    def layer(cls: type) -> type:
        class Started(cls):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                take(cls.__name__, {"weight": self.weight, "bias": self.bias})
        Started.__name__ = Started.__qualname__ = cls.__name__
        return Started

    with (patched(torch, "randn", randn),
          patched(torch.nn, "Linear", layer(torch.nn.Linear)),
          patched(torch.nn, "Conv2d", layer(torch.nn.Conv2d))):
        yield recorded
    if pending is not None:
        assert next(pending, None) is None, "the program drew less than the start holds"


def one_ulp_away(start: list[Any], dtype: type) -> list[Any]:
    """The start with every number moved one ulp (of dtype) towards zero."""
    def moved(values: Any) -> Any:
        array = np.asarray(values, dtype=dtype)
        return np.nextafter(array, dtype(0)).tolist()
    return [(kind, {name: moved(values) for name, values in tensors.items()})
            for kind, tensors in start]


@contextlib.contextmanager
def default_dtype(dtype: torch.dtype) -> Iterator[None]:
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(torch.float32)


@contextlib.contextmanager
def in_dtype(dtype: str) -> Iterator[None]:
    """A polynomial fit's dtype: PyTorch's default dtype, and in float64 torch.float read as
    float64 too (the autograd tutorial asks for torch.float)."""
    if dtype == "float32":
        yield
        return
    with default_dtype(torch.float64), patched(torch, "float", torch.float64):
        yield


def polynomials() -> tuple[dict[str, Any], dict[str, Any]]:
    """program -> the recorded start; program -> dtype -> what it printed from that start,
    and from a start one ulp away."""
    all_starts, runs = {}, {}
    for program in POLYNOMIALS:
        torch.manual_seed(POLYNOMIAL_SEED)
        with starts() as start:
            as_written = run(program)
        all_starts[program] = start
        runs[program] = {}
        for dtype, numpy_dtype in (("float32", np.float32), ("float64", np.float64)):
            if dtype == "float32":
                printed = as_written
            else:
                with in_dtype(dtype), starts(replay=start):
                    printed = run(program)
            with in_dtype(dtype), starts(replay=one_ulp_away(start, numpy_dtype)):
                nearby = run(program)
            runs[program][dtype] = {"printed": printed, "printed_one_ulp_away": nearby}
    return all_starts, runs


class SharedMaskDropout(torch.nn.Module):
    """torch.nn.Dropout whose masks come from one numpy Generator: keep where
    U[0, 1) >= p, scale the kept by 1 / (1 - p), as gradproof's Dropout(p, generator=)."""

    masks: np.random.Generator

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        self.p = p

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        keep = self.masks.random(tuple(x.shape)) >= self.p
        return x * torch.from_numpy(keep / (1.0 - self.p)).to(x.dtype)


def fingerprint(array: np.ndarray) -> dict[str, float]:
    return {"sum": float(np.sum(array)), "abs_sum": float(np.sum(np.abs(array)))}


def mnist() -> dict[str, Any]:
    """The MNIST example on the digits, in float64: its start checked against torch_init,
    every nll_loss value, its printed output, its saved weights' sums."""
    losses: list[float] = []
    real_nll_loss = torch.nn.functional.nll_loss

    def nll_loss(*args: Any, **kwargs: Any) -> torch.Tensor:
        out = real_nll_loss(*args, **kwargs)
        losses.append(out.item())
        return out

    SharedMaskDropout.masks = np.random.default_rng(DROPOUT_MASK_SEED)
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        # torch.float stays float32 here: torch.save maps dtypes to storages by it
        with (default_dtype(torch.float64),
              patched(torch.nn, "Dropout", SharedMaskDropout),
              patched(torch.nn.functional, "nll_loss", nll_loss),
              starts() as start):
            text = run("mnist_digits", MNIST_ARGV)
        saved = torch.load("mnist_cnn.pt")
    made = torch_init.default_parameters(MNIST_SEED, MNIST_WEIGHT_SHAPES)
    assert [kind for kind, _ in start] == ["Conv2d", "Conv2d", "Linear", "Linear"]
    for (_, torch_layer), layer in zip(start, made, strict=True):
        for name in ("weight", "bias"):
            assert np.array_equal(np.array(torch_layer[name]), layer[name]), name
    return {
        "start": [{name: fingerprint(values) for name, values in layer.items()}
                  for layer in made],
        "losses": losses,
        "printed": text,
        "final": [(name, fingerprint(t.numpy())) for name, t in saved.items()],
    }


def main() -> None:
    bind_torch_spelling()
    starts_, runs = polynomials()
    digits = mnist()
    capability = torch.backends.cpu.get_cpu_capability()
    print(f'"""PyTorch {torch.__version__}\'s numbers for the tutorial programs of '
          f"tests/tutorials ({capability}).\n\nPrinted by "
          f'tests/tutorials/torch_reference_tutorials.py: do not edit by hand.\n"""\n')
    print("# ruff: noqa: E501\n")
    print(f"POLYNOMIALS = {POLYNOMIALS!r}")
    print(f"MNIST_ARGV = {MNIST_ARGV!r}")
    print(f"MNIST_SEED = {MNIST_SEED!r}")
    print(f"MNIST_WEIGHT_SHAPES = {MNIST_WEIGHT_SHAPES!r}")
    print(f"DROPOUT_MASK_SEED = {DROPOUT_MASK_SEED!r}\n")
    print("# program -> its start: ('randn', {'value': x}) per draw, ('Linear', {'weight': ...,"
          "\n# 'bias': ...}) per layer, in the order made (torch.manual_seed(0), float32)")
    print("POLYNOMIAL_STARTS = " + pprint.pformat(starts_, width=92))
    print("\n# program -> 'float32' (as written) or 'float64' -> what it printed from that start,"
          "\n# and from a start one ulp away (every number moved one ulp of the dtype towards 0)")
    print("POLYNOMIAL_RUNS = " + pprint.pformat(runs, width=92))
    print("\n# the MNIST example on the digits, float64: the sums of its first weights (as"
          "\n# torch_init makes them), every nll_loss value (each training batch's mean, each"
          "\n# test batch's sum), what it printed, the sums of the weights it saved")
    print("MNIST = " + pprint.pformat(digits, width=92))


if __name__ == "__main__":
    main()
