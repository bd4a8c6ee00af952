"""Print PyTorch's numbers for tests/test_inplace_more.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_inplace.py \
        > tests/torch_numbers_inplace.py

(any Python with torch and numpy). It runs the code of tests/inplace_cases.py on PyTorch:

    TORCH_CODE   for each of CODE: PyTorch's values and dtype of `out`, or the name of the
                 error it raises;
    TORCH_GRADS  for each of GRADS: PyTorch's output, the gradients of sum(out * w) (w
                 fixed) and the gradients of sum(g * u) over those first gradients (u
                 fixed), by leaf: second derivatives, where PyTorch has them.
Each entry starts with the CRC-32 of its code, which the test checks (numbers printed for
other code fail). Floats are repr literals (exact; nan and inf as math's), so the tests
need no PyTorch.
"""

from __future__ import annotations

import math
import pprint
import zlib

import torch
from inplace_cases import CODE, GRADS

torch.set_default_dtype(torch.float64)

lib = torch


def t(values: list, dtype: str = "int64") -> torch.Tensor:
    """A Tensor of the dtype named (int64 by default)."""
    return torch.tensor(values, dtype=getattr(torch, dtype))


def f(values: list) -> torch.Tensor:
    """A float64 Tensor."""
    return torch.tensor(values, dtype=torch.float64)


def _weights(n: int, phase: float) -> list[float]:
    return [math.cos(1.3 * k + phase) for k in range(n)]


def _grads(code: str, leaves: dict) -> dict:
    nodes = {k: torch.tensor(v, requires_grad=True) for k, v in leaves.items()}
    space = {**globals(), **nodes}
    exec(code, space)  # noqa: S102 (the table's own code)
    out = space["out"]
    w = torch.tensor(_weights(out.numel(), 0.0)).reshape(out.shape)
    firsts = torch.autograd.grad((out * w).sum(), list(nodes.values()), create_graph=True,
                                 materialize_grads=True)
    result = {"out": out.tolist(),
              "grads": {k: g.tolist() for k, g in zip(nodes, firsts, strict=True)}}
    second = sum((g * torch.tensor(_weights(g.numel(), 0.5)).reshape(g.shape)).sum()
                 for g in firsts)
    try:
        if second.requires_grad:
            seconds = torch.autograd.grad(second, list(nodes.values()), materialize_grads=True)
        else:  # a gradient that is constant: no second derivative
            seconds = [torch.zeros_like(n) for n in nodes.values()]
        result["seconds"] = {k: g.tolist() for k, g in zip(nodes, seconds, strict=True)}
    except RuntimeError as e:  # PyTorch refuses this one (prod with zeros)
        result["seconds"] = f"raises: {str(e).splitlines()[0][:80]}"
    return result


def _run(code: str) -> object:
    space = dict(globals())
    try:
        exec(code, space)  # noqa: S102 (the table's own code)
    except Exception as e:  # noqa: BLE001 (the error is the answer)
        return ("raises", type(e).__name__)
    out = space.get("out")
    if out is None:
        return ("no error",)
    return (out.tolist(), str(out.dtype).replace("torch.", ""))


def main() -> None:
    globals().update(nan=math.nan, inf=math.inf)  # (the code's names)
    print('"""PyTorch ' + torch.__version__ + "'s numbers for tests/test_inplace_more.py, "
          "one entry for each case of\ntests/inplace_cases.py, in order.\n")
    print('Printed by tests/torch_reference_inplace.py: do not edit by hand.\n"""\n')
    print("from math import inf, nan  # noqa: F401 (in the values)\n")
    print("TORCH_CODE = " + pprint.pformat(
        [(zlib.crc32(code.encode()), _run(code)) for code in CODE], width=96))
    print()
    print("TORCH_GRADS = " + pprint.pformat(
        [(zlib.crc32(code.encode()), _grads(code, leaves)) for code, leaves in GRADS],
        width=96))


if __name__ == "__main__":
    main()
