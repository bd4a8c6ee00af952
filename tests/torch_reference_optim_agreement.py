"""Print PyTorch's numbers for tests/test_torch_agreement_optim.py (not a test: pytest skips it).

    ATEN_CPU_CAPABILITY=default /work/main/benchmarks/.venv/bin/python \\
        tests/torch_reference_optim_agreement.py
    /work/main/benchmarks/.venv/bin/python tests/torch_reference_optim_agreement.py

(any Python with torch and numpy; the second run on an AVX2 or AVX-512 machine). The cases
(in optim_agreement_cases.py) are the ones the differential fuzz of audit 6 found gradproof
refusing or computing otherwise; each run prints the parameters after the steps as float
literals (repr: exact), which the test file holds: PyTorch's portable CPU kernels
(ATEN_CPU_CAPABILITY=default) round every multiply and add, as gradproof's default
fma=False; its AVX2 kernels fuse multiply-adds, as fma=True. None of these updates takes
a square root.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from optim_agreement_cases import GRADS, SGD_GROUPS, START  # noqa: E402


def main() -> None:
    import torch

    params = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in START]
    groups = [{"params": [p], **g} for p, g in zip(params, SGD_GROUPS["groups"], strict=True)]
    opt = torch.optim.SGD(groups, foreach=False, **SGD_GROUPS["defaults"])
    for step in GRADS:
        for p, g in zip(params, step, strict=True):
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
    kind = "PLAIN" if torch.backends.cpu.get_cpu_capability() == "DEFAULT" else "FMA"
    print(f"SGD_GROUPS_AFTER_{kind} =", [p.detach().numpy().tolist() for p in params])
    print("SGD_GROUPS_STATE_KEYS =",
          {i: sorted(s) for i, s in opt.state_dict()["state"].items()})


if __name__ == "__main__":
    main()
