"""nn.save and nn.load: models, state dicts and checkpoints in safetensors files.

    nn.save(model, "model.safetensors")        # or model.state_dict(), or a checkpoint dict
    model.load_state_dict(nn.load("model.safetensors"))
    nn.load(model, "model.safetensors")        # the same in one call; returns the model

The file is safetensors: a JSON header naming every array with its dtype and shape, then
the raw bytes, so loading runs no code from the file, and PyTorch reads it
(`safetensors.torch.load_file`) with the names and layouts its own modules use. The
metadata records the gradproof version, the module classes of a saved model
({path: class name}) and, for checkpoints, where each array and number goes
(io_structure). Files written by gradproof 0.1 (.npz) still load (io_npz).

Saving writes a new file, uniquely named `<name>.<16 hex digits>.tmp` and created
exclusively beside the target (so never through a link, never over a user's file), flushes
it to disk and renames it over the target: a reader sees the old file or the new one, never
a mix, and concurrent saves to one path do not disturb each other. On any exception Python
sees (KeyboardInterrupt, SystemExit from a signal handler) the temporary file is removed;
a process killed outright (SIGKILL, a power cut) can leave it behind, never a torn target.

Loading checks the header's every claim against the file, and, when loading into a model,
its names and shapes against the model, before any data is read; the model then takes all
the new values or none (Module.load_state_dict). Every refusal is a ValueError that names
the file and the entry.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import safetensors.numpy

from autograd import __version__

from ..module import Module
from .io_npz import read_npz
from .io_safetensors import read_arrays, read_header
from .io_structure import fill, flatten, plan, state_names

FORMAT = "gradproof.nn safetensors v2"
_EXCLUSIVE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
              | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def save(obj: Any, path: str | os.PathLike[str]) -> Path:
    """Write a Module (its state_dict), a state dict, or a checkpoint (dicts with str or int
    keys, lists, tuples, arrays, Tensors, int, float, bool, str, None) to `path`, whole."""
    if isinstance(obj, (str, os.PathLike)) and isinstance(path, (Module, Mapping)):
        raise TypeError("nn.save(obj, path): the object comes first, then the path")
    path = _checked_path(path, "nn.save")
    metadata = {"format": "pt",  # the names and layouts are PyTorch's (Hugging Face asks)
                "gradproof.format": FORMAT, "gradproof.version": __version__}
    if isinstance(obj, Module):
        classes = {name: type(m).__name__ for name, m in obj.named_modules()}
        metadata["gradproof.modules"] = json.dumps(classes)
        obj = obj.state_dict()
    elif not isinstance(obj, Mapping):
        raise TypeError(f"nn.save: expected a Module, a state dict or a checkpoint dict, "
                        f"got {type(obj).__name__}")
    arrays, tree = flatten(obj)
    metadata["gradproof.structure"] = json.dumps(tree, allow_nan=False, separators=(",", ":"))
    _write_atomically(path, safetensors.numpy.save(arrays, metadata=metadata))
    return path


def load(model_or_path: Any, path: str | os.PathLike[str] | None = None,
         strict: bool = True) -> Any:
    """`nn.load(path)`: what nn.save wrote; a model or state dict comes back as an
    OrderedDict of name -> numpy array, for `model.load_state_dict`.
    `nn.load(model, path)`: load the file's state dict into the model, checked against the
    file's header before any data is read (see Module.load_state_dict); returns the model."""
    if isinstance(model_or_path, Module):
        if path is None:
            raise TypeError("nn.load(model, path): the path is missing")
        return _load_into(model_or_path, _checked_path(path, "nn.load"), strict)
    if path is not None:
        raise TypeError(f"nn.load(path) or nn.load(model, path): got a "
                        f"{type(model_or_path).__name__} where the model goes")
    return _load_file(_checked_path(model_or_path, "nn.load"))


def _load_file(path: Path) -> Any:
    where = f"nn.load: {str(path)!r}"
    with open(path, "rb") as file:
        if _is_zip(file, where):
            return read_npz(file, os.fstat(file.fileno()).st_size, where)
        header = read_header(file, where)
        planned = _structure(header, where)
        arrays = read_arrays(file, header, list(header.entries), where)
    if planned is None:  # a file from elsewhere (PyTorch's save_file): its names as they are
        return OrderedDict((name, arrays[name]) for name in header.entries)
    return fill(planned, arrays)


def _load_into(model: Module, path: Path, strict: bool) -> Module:
    where = f"nn.load: {str(path)!r}"
    select = _selector(model, strict, where)
    with open(path, "rb") as file:
        if _is_zip(file, where):
            state = read_npz(file, os.fstat(file.fileno()).st_size, where, select)
        else:
            header = read_header(file, where)
            planned = _structure(header, where)
            names = {name: name for name in header.entries}
            if planned is not None:
                names = state_names(planned)
                if names is None:
                    raise _not_a_state_dict(planned, where)
            entries = {key: header.entries[name] for key, name in names.items()}
            specs = {key: (entry.shape, entry.dtype) for key, entry in entries.items()}
            keys = select(specs)
            arrays = read_arrays(file, header, [names[key] for key in keys], where)
            state = OrderedDict((key, arrays[names[key]]) for key in keys)
    try:
        model.load_state_dict(state, strict=strict)
    except (ArithmeticError, RuntimeWarning) as e:  # a cast under np.errstate(over="raise")
        raise type(e)(f"{where}: {e}") from e
    return model


def _selector(model: Module, strict: bool, where: str
              ) -> Callable[[dict[str, Any]], list[str]]:
    """Given {name: (shape, dtype)} from a header: raise if it does not fit the model,
    else the names to read (those the model has)."""
    def select(specs: dict[str, Any]) -> list[str]:
        try:
            unexpected = set(model._check_state(specs, strict).unexpected_keys)
        except ValueError as e:
            raise ValueError(f"{where}: {e}") from None
        return [name for name in specs if name not in unexpected]
    return select


def _structure(header: Any, where: str) -> Any:
    """The checked structure from the metadata of a file nn.save wrote; None for others."""
    found = header.metadata.get("gradproof.format")
    if found is not None and found != FORMAT:
        raise ValueError(f"{where} has format {found!r}; this version reads {FORMAT!r}")
    text = header.metadata.get("gradproof.structure")
    if text is None:
        return None
    try:
        tree = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise ValueError(f"{where}: the structure in its metadata is not JSON ({e})") from None
    return plan(tree, {name: entry.shape for name, entry in header.entries.items()}, where)


def _not_a_state_dict(planned: Any, where: str) -> ValueError:
    keys = list(planned)[:5] if isinstance(planned, Mapping) else []
    return ValueError(f"{where} holds a checkpoint (keys {', '.join(map(repr, keys))}), not "
                      "one state dict: take its part, e.g. "
                      "model.load_state_dict(nn.load(path)['model'])")


def _is_zip(file: Any, where: str) -> bool:
    start = file.read(8)
    file.seek(0)
    if start.startswith(b"\x93NUMPY"):
        raise ValueError(f"{where} is a .npy file: one array, not named parameters")
    return start[:4] in (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or empty zip


def _checked_path(path: Any, function: str) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{function}: path must be a str or os.PathLike, got "
                        f"{type(path).__name__}")
    return Path(path)


def _write_atomically(path: Path, data: bytes) -> None:
    """`data` into a new file beside `path`, flushed to disk, then renamed over `path`."""
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"nn.save: folder {str(folder)!r} does not exist")
    # 64 random bits: no other writer picks the same name, and no one can plant a file there.
    temp = path.with_name(f"{path.name[:200]}.{secrets.token_hex(8)}.tmp")
    try:
        descriptor = os.open(temp, _EXCLUSIVE, 0o666)  # the umask gives the usual permissions
        with open(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except FileExistsError:  # only os.open raises it: someone else's file or link, left alone
        raise FileExistsError(f"nn.save: {str(temp)!r} exists already; nothing was "
                              "written") from None
    except BaseException:  # KeyboardInterrupt, and SystemExit raised by a signal handler
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system lets a folder be fsynced."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows cannot open a folder this way
        return
    try:
        os.fsync(descriptor)
    except OSError:  # some filesystems refuse to fsync a folder
        pass
    finally:
        os.close(descriptor)
