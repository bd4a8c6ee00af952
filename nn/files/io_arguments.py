"""nn.save's and nn.load's arguments, as torch.save's and torch.load's: the file (a path, or a
binary file object), nn.load(model, f, strict), map_location, weights_only and mmap."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from autograd import Tensor, device
from autograd.arguments import _UNSET
from autograd.messages import shown


def file_argument(f: Any, function: str, mode: str) -> Path | BinaryIO:
    """A path as a Path, or a binary file object that can `mode` ('read' or 'write')."""
    if isinstance(f, (str, os.PathLike)):
        return Path(f)
    if not callable(getattr(f, mode, None)):
        raise TypeError(f"{function}: f must be a path (str or os.PathLike) or a binary file "
                        f"object with {mode}() (open(path, '{mode[0]}b'), io.BytesIO), got "
                        f"{type(f).__name__}")
    opened = getattr(f, "mode", "b")
    if isinstance(f, io.TextIOBase) or (isinstance(opened, str) and "b" not in opened):
        raise TypeError(f"{function}: f is a text-mode file (mode {opened!r}); the file is "
                        f"bytes: open it with open(path, '{mode[0]}b')")
    able = getattr(f, {"read": "readable", "write": "writable"}[mode], None)
    if callable(able) and not able():
        doing = {"read": "reading", "write": "writing"}[mode]
        raise io.UnsupportedOperation(f"{function}: f is not open for {doing} (mode "
                                      f"{opened!r})")
    return f


@contextlib.contextmanager
def opened(source: Path | BinaryIO) -> Iterator[tuple[BinaryIO, int, str]]:
    """(binary stream from the start, its size, how errors name it): a path's file, or
    what a file object holds from its position on."""
    if isinstance(source, Path):
        with open(source, "rb") as file:
            yield file, os.fstat(file.fileno()).st_size, f"nn.load: {str(source)!r}"
        return
    data = source.read()
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"nn.load: f.read() gave {type(data).__name__}, expected bytes: "
                        "open the file in binary mode")
    name = getattr(source, "name", None)
    where = (f"nn.load: {str(name)!r}" if isinstance(name, (str, os.PathLike))
             else f"nn.load: the {type(source).__name__} given")
    yield io.BytesIO(data), len(data), where


def write_all(file: BinaryIO, data: bytes) -> None:
    """data written to a file object, whole (a raw file may take only part of it a call)."""
    view = memoryview(data)
    written = file.write(data)
    while written is not None and 0 <= written < len(view):  # None: a writer that says nothing
        view = view[written:]
        written = file.write(view)


def unchanged(obj: Any) -> Any:
    return obj


def map_location_argument(map_location: Any) -> Callable[[Any], Any]:
    """torch.load's map_location checked: what to do to the loaded structure."""
    if callable(map_location) and not isinstance(map_location, (str, device)):
        return lambda obj: _mapped(obj, map_location)
    target = map_location
    if isinstance(map_location, Mapping):  # {from: to}: every Tensor here is from 'cpu'
        target = next((to for source, to in map_location.items()
                       if _is_device(source) and device(source) == "cpu"), None)
    if target is None:
        return unchanged
    if not _is_device(target):
        raise TypeError(f"nn.load: map_location must be None, a device ('cpu'), a dict of "
                        f"devices or a function, got {shown(map_location)}")
    if device(target).type != "cpu":
        raise ValueError(f"nn.load: map_location={shown(map_location)} puts the Tensors on "
                         f"{device(target)}, but gradproof computes on the CPU only: pass "
                         "map_location='cpu' or leave it out")
    return unchanged


def _is_device(x: Any) -> bool:
    try:
        device(x)
    except (TypeError, RuntimeError):
        return False
    return True


def _mapped(obj: Any, function: Callable[[Any, str], Any]) -> Any:
    """obj with function(tensor, 'cpu') in each Tensor's place (None keeps it), as
    torch.load calls map_location(storage, location)."""
    if isinstance(obj, Tensor):
        result = function(obj, "cpu")
        if result is None:
            return obj
        if not isinstance(result, Tensor):
            raise TypeError(f"nn.load: map_location(tensor, 'cpu') must return a Tensor or "
                            f"None, got {shown(result)}")
        return result
    if isinstance(obj, Mapping):
        return type(obj)((key, _mapped(value, function)) for key, value in obj.items())
    if isinstance(obj, (list, tuple)):
        return type(obj)(_mapped(value, function) for value in obj)
    return obj


def check_flags(weights_only: Any, mmap: Any) -> None:
    """torch.load's weights_only= and mmap=: True, False or None."""
    for name, value in (("weights_only", weights_only), ("mmap", mmap)):
        if not (value is None or isinstance(value, (bool, np.bool_))):
            raise TypeError(f"nn.load: {name} must be True, False or None, got "
                            f"{shown(value)}")


def model_arguments(args: tuple[Any, ...], strict: Any) -> tuple[Any, Any]:
    """(f, strict) of nn.load(model, f, strict=True)."""
    if not args:
        raise TypeError("nn.load(model, f): the file is missing")
    if len(args) > 2:
        raise TypeError(f"nn.load(model, f, strict=True): got {1 + len(args)} arguments by "
                        "position")
    if len(args) == 2:
        if strict is not _UNSET:
            raise TypeError("nn.load(model, f, strict): strict given by position and by "
                            "keyword")
        strict = args[1]
    return args[0], True if strict is _UNSET else strict
