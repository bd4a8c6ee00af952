"""nn.save and nn.load: models, state dicts and checkpoints in safetensors files.

    nn.save(model, "model.safetensors")        # or model.state_dict(), or a checkpoint dict
    model.load_state_dict(nn.load("model.safetensors"))
    nn.load(model, "model.safetensors")        # the same in one call; returns the model
    with open(path, "wb") as f: nn.save(model.state_dict(), f)   # a file object, as torch.save
    sd = nn.load(path, map_location="cpu", weights_only=True)      # torch.load's keywords

nn.load gives Tensors where the file has arrays, as torch.load: a state dict comes back
as an OrderedDict of name -> Tensor (`sd['w'].clone()` works), a checkpoint with its
dicts, lists, tuples and numbers as they were and Tensors at the leaves.

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
from typing import Any, BinaryIO

import safetensors.numpy

from autograd import __version__
from autograd.arguments import _UNSET

from ..module import Module
from ..state import sharing
from .io_arguments import (
    check_flags,
    file_argument,
    map_location_argument,
    model_arguments,
    opened,
    unchanged,
    write_all,
)
from .io_npz import read_npz
from .io_safetensors import map_arrays, read_arrays, read_header
from .io_structure import fill, flatten, plan, state_names

FORMAT = "gradproof.nn safetensors v2"
_EXCLUSIVE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
              | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def save(obj: Any, f: Any) -> Path | None:
    """Write a Module (its state_dict), a state dict, or a checkpoint (dicts with str or int
    keys, lists, tuples, arrays, Tensors, int, float, bool, str, None) to `f`, as
    torch.save: a path (str or os.PathLike), written whole and atomically (see above), or a
    binary file object open for writing (anything with write(): `open(p, 'wb')`,
    io.BytesIO), written at its position and left open. Returns the path (None for a file
    object)."""
    if isinstance(obj, (str, os.PathLike)) and isinstance(f, (Module, Mapping)):
        raise TypeError("nn.save(obj, f): the object comes first, then the file")
    target = file_argument(f, "nn.save", "write")
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
    data = safetensors.numpy.save(arrays, metadata=metadata)
    if isinstance(target, Path):
        _write_atomically(target, data)
        return target
    write_all(target, data)
    return None


def load(f: Any, *args: Any, map_location: Any = None, weights_only: bool | None = None,
         mmap: bool | None = None, strict: Any = _UNSET) -> Any:
    """`nn.load(f, map_location=None, *, weights_only=None, mmap=None)`, as torch.load:
    what nn.save wrote to `f` (a path, or a binary file object with read(), read from its
    position to its end), with Tensors at the leaves: a model or state dict comes back as
    an OrderedDict of name -> Tensor, for `model.load_state_dict`; a checkpoint keeps its
    dicts, lists, tuples and numbers.

    `nn.load(model, f, strict=True)`: load the file's state dict into the model, checked
    against the file's header before any data is read (see Module.load_state_dict);
    returns the model.

    torch.load's keywords: `map_location` None, 'cpu', a device('cpu'), a dict of
    locations ({'cuda:0': 'cpu'}: every Tensor here is on the CPU, so only a 'cpu' key
    applies) or a function `(tensor, 'cpu') -> Tensor or None`; a device that is not the CPU
    ('cuda', 'mps', 'meta') is a ValueError, as PyTorch's RuntimeError when no GPU is there.
    `weights_only` True, False or None: a safetensors file holds numbers and names only, so
    it is always weights-only and nothing from the file runs, whichever is given.
    `mmap=True` (with a path to a safetensors file) maps the file's bytes instead of reading
    them, copy on write, as PyTorch's mmap: a change to a Tensor changes memory, never the
    file; into a model the values are copied either way."""
    if isinstance(f, Module):
        model, f, strict = f, *model_arguments(args, strict)
        relocate = map_location_argument(map_location)
        check_flags(weights_only, mmap)
        with opened(file_argument(f, "nn.load", "read")) as (file, size, where):
            return _load_into(model, file, size, where, strict, relocate)
    if args and isinstance(args[0], Module):
        raise TypeError(f"nn.load(f) or nn.load(model, f): got a {type(f).__name__} where "
                        "the model goes")
    if len(args) > 1:
        raise TypeError("nn.load(f, map_location=None, *, weights_only=None, mmap=None): "
                        f"got {1 + len(args)} arguments by position; PyTorch's third, "
                        "pickle_module, has no use here (the files are safetensors)")
    if args:
        if map_location is not None:
            raise TypeError("nn.load: map_location given by position and by keyword")
        map_location = args[0]
    if strict is not _UNSET:
        raise TypeError("nn.load: strict= is for nn.load(model, f, strict=...)")
    relocate = map_location_argument(map_location)
    check_flags(weights_only, mmap)
    source = file_argument(f, "nn.load", "read")
    if mmap and not isinstance(source, Path):
        raise ValueError(f"nn.load: f must be a file path in order to use the mmap argument, "
                         f"got {type(f).__name__}")
    with opened(source) as (file, size, where):
        return relocate(_load_file(file, size, where, bool(mmap)))


def _load_file(file: BinaryIO, size: int, where: str, mapped: bool) -> Any:
    if _is_zip(file, where):
        if mapped:
            raise ValueError(f"{where} is a gradproof 0.1 .npz file, which mmap=True cannot "
                             "map: load it without mmap")
        return OrderedDict((name, sharing(array))
                           for name, array in read_npz(file, size, where).items())
    header = read_header(file, where, size)
    planned = _structure(header, where)
    names = list(header.entries)
    arrays = (map_arrays(file, header, names, where) if mapped
              else read_arrays(file, header, names, where))
    if planned is None:  # a file from elsewhere (PyTorch's save_file): its names as they are
        return OrderedDict((name, sharing(arrays[name])) for name in header.entries)
    return fill(planned, arrays)


def _load_into(model: Module, file: BinaryIO, size: int, where: str, strict: bool,
               relocate: Callable[[Any], Any]) -> Module:
    select = _selector(model, strict, where)
    if _is_zip(file, where):
        state = read_npz(file, size, where, select)
    else:
        header = read_header(file, where, size)
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
    if relocate is not unchanged:
        state = relocate(OrderedDict((key, sharing(array)) for key, array in state.items()))
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
