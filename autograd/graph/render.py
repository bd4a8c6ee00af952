"""Turning DOT text into pictures and files: find a renderer, run it with a time limit, write the
result whole or not at all.

The renderer is Graphviz's `dot` when it is on PATH, otherwise `graphviz-pure` (a dot-compatible
program installed from PyPI with gradproof), or whatever `$GRADPROOF_DOT` names. Modules only a
drawing needs (subprocess, shutil, ...) are imported inside the functions, so that
`import autograd` stays quick.
"""

from __future__ import annotations

import numbers
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..arguments import shown

if TYPE_CHECKING:
    from subprocess import Popen

DEFAULT_TIMEOUT = 60.0  # seconds; a 300-node drawing takes about one


def find_renderer() -> str | None:
    """The program that turns DOT into pictures: `$GRADPROOF_DOT`, else Graphviz's `dot` on
    PATH, else `graphviz-pure` (on PATH, or beside this Python when its venv is not activated)."""
    import shutil

    chosen = os.environ.get("GRADPROOF_DOT")
    if chosen:
        return shutil.which(chosen)
    return (shutil.which("dot") or shutil.which("graphviz-pure")
            or shutil.which("graphviz-pure", path=_scripts_dir()))


def _scripts_dir() -> str:
    """Where pip put this environment's programs (graphviz-pure among them)."""
    import sysconfig

    return sysconfig.get_path("scripts")


def check_timeout(timeout: float | None, caller: str) -> None:
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, numbers.Real)
                                or not timeout > 0):
        raise ValueError(f"{caller}: timeout must be a positive number of seconds or None (no "
                         f"limit), got {shown(timeout)}")


def run_renderer(source: str, fmt: str, timeout: float | None = DEFAULT_TIMEOUT, *,
                 engine: str | None = None, quiet: bool = True, caller: str = "render") -> bytes:
    """DOT text to `fmt` ("svg", "png", ...) bytes with the program `find_renderer` finds.

    The program is stopped (with anything it started) after `timeout` seconds, and then this
    raises TimeoutError. Its messages on stderr are printed unless `quiet`, and reported if it
    fails. `engine` is a Graphviz layout engine (`-K`), the renderer's own default when None.
    """
    program = find_renderer()
    if program is None:
        chosen = os.environ.get("GRADPROOF_DOT")
        if chosen:
            raise RuntimeError(f"{caller}: GRADPROOF_DOT={chosen!r} names no program found on "
                               "PATH")
        raise RuntimeError(
            f"{caller}: no Graphviz renderer found to make {fmt.upper()}: install one with "
            "'pip install graphviz-pure' (in this environment), or install Graphviz so that "
            "'dot' is on PATH; or save to a .dot file, which needs no renderer")
    import subprocess

    command = [program, f"-T{fmt}"] + ([f"-K{engine}"] if engine else [])
    shown = " ".join(command)
    posix = os.name == "posix"
    # Its own process group on POSIX, so a timeout also stops what a wrapper script started
    # (which would otherwise hold the pipes open, and us waiting).
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, start_new_session=posix) as process:
        try:
            out, err = process.communicate(source.encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process, posix)
            raise TimeoutError(
                f"{caller}: {shown} did not finish within {timeout:g} s and was stopped. Draw "
                "fewer nodes (a smaller max_nodes=), allow more time (a larger timeout=, or "
                "timeout=None for no limit), or save the graph as .dot, which needs no "
                "renderer") from None
        except BaseException:  # Ctrl-C included: leave no renderer running
            _stop(process, posix)
            raise
    if process.returncode != 0:
        raise RuntimeError(f"{caller}: {shown} failed (exit {process.returncode}): "
                           f"{err.decode(errors='replace').strip()}")
    if err and not quiet:
        import sys

        sys.stderr.write(err.decode(errors="replace"))
    return out


def _stop(process: Popen[bytes], posix: bool) -> None:
    """Kill the renderer and what it started, and collect it (so it leaves no zombie)."""
    if posix:
        import signal

        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:  # it finished just now
            pass
    else:
        process.kill()
    process.communicate()


def write_atomically(path: str | os.PathLike[str], data: bytes, caller: str) -> Path:
    """Write `data` to `path` whole or not at all: beside its target first, then renamed."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"{caller}: the folder {str(folder)!r} does not exist "
                                f"(nothing was written); create it first")
    import secrets

    # Not tempfile.mkstemp: its files are private (0600); this one gets the usual umask mode.
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path
