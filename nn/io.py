"""nn.save / nn.load: a module's parameters in a numpy .npz file, never pickle.

Loading reads plain arrays (`np.load(allow_pickle=False)`), so it runs no code from the
file. Every entry is checked before anything is assigned: a bad file leaves the module
exactly as it was.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np

from .module import Module

# Written beside the parameters so that a file from elsewhere is recognised as such.
FORMAT_KEY = "__gradproof_nn__"
FORMAT = "gradproof.nn state_dict v1"


def save(module: Module, path: str | os.PathLike[str]) -> Path:
    """Write module.state_dict() to `path` (.npz; written whole, then renamed into place)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"nn.save: folder {str(path.parent)!r} does not exist")
    state = module.state_dict()
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:  # a file object: numpy adds no ".npz" to the name
            np.savez(f, **{FORMAT_KEY: np.array(FORMAT)}, **state)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load(module: Module, path: str | os.PathLike[str], strict: bool = True) -> Module:
    """Load parameters saved by `save` into `module`, and return the module (checked first;
    see load_state_dict)."""
    path = Path(path)
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):  # a .npy file: one array
            raise ValueError("it holds a single array, not named parameters")
        with loaded:
            state = {name: loaded[name] for name in loaded.files}
    except FileNotFoundError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise ValueError(f"nn.load: {str(path)!r} is not a module saved by nn.save "
                         f"(not a readable .npz file: {e})") from None
    marker = state.pop(FORMAT_KEY, None)
    if marker is not None and str(marker) != FORMAT:
        raise ValueError(f"nn.load: {str(path)!r} has format {str(marker)!r}, "
                         f"expected {FORMAT!r}")
    module.load_state_dict(state, strict=strict)
    return module
