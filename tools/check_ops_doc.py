"""Checks docs/ops.md's numpy and PyTorch columns: every name they give exists.

Run with a Python that has numpy and PyTorch (torch is never a dependency of gradproof):

    benchmarks/.venv/bin/python tools/check_ops_doc.py

tests/test_docs_ops.py checks the gradproof column (every public name has a row, every name
given exists); this script checks the other two against the libraries themselves, and
prints the numpy and torch versions it checked against. It exits 1 if a name is missing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn
import torch.nn.functional

DOC = Path(__file__).resolve().parent.parent / "docs" / "ops.md"

# (column, pattern of a name in a code span, where the name must be found)
NAMES = [
    (2, r"(?<![\w.])np((?:\.\w+)+)", np),
    (2, r"(?<![\w.])a\.(\w+)", np.ndarray),
    (3, r"(?<![\w.])torch((?:\.\w+)+)", torch),
    (3, r"(?<![\w.])t\.(\w+)", torch.Tensor),
    (3, r"(?<![\w.])F\.(\w+)", torch.nn.functional),
    (3, r"(?<![\w.])nn\.(\w+)", torch.nn),
]


def found(home: object, dotted: str) -> bool:
    for part in dotted.strip(".").split("."):
        if not hasattr(home, part):
            return False
        home = getattr(home, part)
    return True


def main() -> int:
    missing, checked = [], 0
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells[0] == "gradproof":
            continue
        for column, pattern, home in NAMES:
            code = " ".join(re.findall(r"`([^`]+)`", cells[column]))
            for name in re.findall(pattern, code):
                checked += 1
                if not found(home, name):
                    missing.append(f"{getattr(home, '__name__', home)}{'.' + name.strip('.')}"
                                   f"  (row: {cells[0][:60]})")
    print(f"numpy {np.__version__}, torch {torch.__version__}: {checked} names checked")
    for entry in missing:
        print("missing:", entry)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
