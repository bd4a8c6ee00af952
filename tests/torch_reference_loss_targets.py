"""Print PyTorch's numbers for tests/test_nn_loss_targets.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_loss_targets.py \
        > tests/torch_numbers_loss_targets.py

(any Python with torch and numpy). The cases are tests/loss_target_cases.py's: each loss
with its target requiring grad, its output and every gradient (None where PyTorch gives
none) after backward of a fixed output gradient, and for the cases in SECOND the gradients
of (the first gradients times fixed arrays, summed): PyTorch's double backward. Then the
regression losses' broadcasting (the warning's text, the gradients summed back), and the
dtype each loss gives float32 and float64 Tensors (or the error PyTorch raises). Floats are
repr literals (exact), so the tests need no PyTorch.
"""

from __future__ import annotations

import pprint
import sys
import warnings
from pathlib import Path

import torch
import torch.nn.functional as F  # noqa: N812

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loss_target_cases as cases  # noqa: E402


def listed(t: torch.Tensor | None) -> object:
    return None if t is None else t.detach().numpy().tolist()


def run(name: str, fn: str, inputs: dict, grads: tuple[str, ...], kwargs: dict) -> dict:
    tensors = {k: torch.tensor(v, requires_grad=k in grads) for k, v in inputs.items()}
    out = getattr(F, fn)(**tensors, **kwargs)
    g = cases.output_gradient(name, tuple(out.shape))
    wanted = [tensors[k] for k in grads]
    first = torch.autograd.grad(out, wanted, torch.tensor(g), create_graph=True,
                                allow_unused=True)
    found = {"out": listed(out), "grad_output": g.tolist(),
             **{f"grad_{k}": listed(d) for k, d in zip(grads, first, strict=True)}}
    if name in cases.SECOND:
        used = [(k, d) for k, d in zip(grads, first, strict=True) if d is not None]
        seeds = {k: cases.output_gradient(f"{name}/{k}", tuple(d.shape)) for k, d in used}
        total = sum((d * torch.tensor(seeds[k])).sum() for k, d in used)
        second = torch.autograd.grad(total, wanted, allow_unused=True)
        found["second"] = {"seeds": {k: v.tolist() for k, v in seeds.items()},
                           **{f"grad_{k}": listed(d)
                              for k, d in zip(grads, second, strict=True)}}
    return found


def broadcast() -> dict:
    found = {}
    for fn in cases.BROADCAST:
        tensors = {k: torch.tensor(v, requires_grad=True)
                   for k, v in cases.BROADCAST_INPUTS.items()}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = getattr(F, fn)(**tensors, reduction="sum")
        out.backward()
        found[fn] = {"out": out.item(), "warning": str(caught[0].message),
                     **{f"grad_{k}": listed(t.grad) for k, t in tensors.items()}}
    return found


def dtypes() -> dict:
    found = {}
    for name, loss in cases.DTYPES.items():
        for input_dtype, target_dtype, shape in cases.DTYPE_PAIRS:
            if not shape and name in cases.NEEDS_DIMS:
                continue
            a, b = (torch.tensor(v) for v in cases.dtype_inputs(input_dtype, target_dtype,
                                                                 shape))
            key = f"{name} {input_dtype} {target_dtype} {shape}"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found[key] = str(loss(torch, F, a, b).dtype).removeprefix("torch.")
    return found


def refusals() -> dict:
    """PyTorch's refusals of a target that requires grad, and where the dtypes differ."""
    found = {}
    x, t = torch.tensor([0.3, -1.0]), torch.tensor([1.0, -1.0], requires_grad=True)
    for key, call in {
            "soft_margin_loss grad": lambda: F.soft_margin_loss(x, t),
            "binary_cross_entropy dtypes": lambda: F.binary_cross_entropy(
                x.sigmoid(), torch.tensor([0.5, 0.5], dtype=torch.float64))}.items():
        try:
            call()
        except RuntimeError as e:
            found[key] = str(e)
    return found


def main() -> None:
    warnings.simplefilter("ignore")  # (kl_div's 'mean' warns of its future)
    tables = {
        "TORCH_TARGETS": {name: run(name, fn, inputs, grads, kwargs)
                          for name, fn, inputs, grads, kwargs in cases.CASES},
        "TORCH_BROADCAST": broadcast(),
        "TORCH_DTYPES": dtypes(),
        "TORCH_REFUSALS": refusals(),
    }
    print(f'"""PyTorch {torch.__version__}\'s numbers for tests/test_nn_loss_targets.py.\n\n'
          'Printed by tests/torch_reference_loss_targets.py: do not edit by hand.\n"""')
    print("\nfrom math import inf, nan  # (gradients at p = 0 or 1, and at a target of 0)")
    for name, value in tables.items():
        text = pprint.pformat(value, width=99 - len(name) - 3, compact=True)
        print(f"\n{name} = {text}")


if __name__ == "__main__":
    main()
