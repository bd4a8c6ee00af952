"""What every example shares: the --out folder and a matplotlib that needs no screen."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the --out option every example has."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--out", default="out", help="folder for pictures (default: out/)")
    return p


def out_dir(path: str) -> Path:
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend: pictures go to files, no display is needed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on one thread (threadpoolctl, which scikit-learn
    brings). For the 100x100 products of the small networks here, threads cost more than
    they save, and on a busy machine their waiting made a training step 50 times slower."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")
