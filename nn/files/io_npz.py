"""Files written by gradproof 0.1's nn.save, a numpy .npz (a zip of .npy arrays), read safely.

np.load inflates a member before anything tells it the member's size, and raises
NotImplementedError on a compression method it does not know. Here each member is checked
first, from the zip's directory and the .npy header alone: compression stored or deflated
(the two numpy writes), the declared size equal to what the header's shape and dtype need,
a deflated member no larger than deflate can make of its compressed bytes, numbers only
(no pickled objects), and, when loading into a model, names and shapes the model has.
Only then is data read, never more than declared, and its CRC-32 checked.
"""

from __future__ import annotations

import math
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, BinaryIO, NamedTuple

import numpy as np

FORMAT_KEY = "__gradproof_nn__"  # gradproof 0.1 wrote this marker beside the parameters
FORMAT = "gradproof.nn state_dict v1"
MAX_NPY_HEADER = 10_000  # numpy's own default limit
MAX_DEFLATE_RATIO = 1032  # deflate's ceiling: a 258-byte match in about two bits
COMPRESSIONS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


class _Member(NamedTuple):
    info: zipfile.ZipInfo
    shape: tuple[int, ...]
    dtype: np.dtype


def read_npz(file: BinaryIO, size: int, where: str,
             select: Callable[[dict[str, Any]], list[str]] | None = None
             ) -> OrderedDict[str, np.ndarray]:
    """name -> array for the members that `select` picks from {name: (shape, dtype)}, all
    when it is None; `size` is the file's length, `where` names it in errors."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as e:
        raise ValueError(f"{where} is not a readable .npz (zip) file: {e}") from None
    with archive:
        members: dict[str, _Member] = {}
        for info in archive.infolist():
            name = info.filename.removesuffix(".npy")
            if name in members:
                raise ValueError(f"{where}: entry {name!r} appears twice")
            members[name] = _check_member(archive, info, size, f"{where}: entry {name!r}")
        marker = members.pop(FORMAT_KEY, None)
        if marker is not None:
            found = str(_read(archive, marker, f"{where}: entry {FORMAT_KEY!r}"))
            if found != FORMAT:
                raise ValueError(f"{where} has format {found!r}, expected {FORMAT!r}")
        specs = {name: (m.shape, m.dtype) for name, m in members.items()}
        names = list(specs) if select is None else select(specs)
        return OrderedDict((name, _read(archive, members[name], f"{where}: entry {name!r}"))
                           for name in names)


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int,
                  at: str) -> _Member:
    """A member's claims, checked against each other and the file before its data is read."""
    if not info.filename.endswith(".npy"):
        raise ValueError(f"{at} ({info.filename!r}) is not a .npy array")
    if info.flag_bits & 0x1:
        raise ValueError(f"{at} is encrypted")
    if info.compress_type not in COMPRESSIONS:
        raise ValueError(f"{at} uses zip compression method {info.compress_type}; numpy "
                         "writes only 0 (stored) and 8 (deflated)")
    if info.compress_size > size:
        raise ValueError(f"{at} claims {info.compress_size} compressed bytes; the file "
                         f"holds {size}")
    if info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
        raise ValueError(f"{at} declares {info.file_size} bytes but stores "
                         f"{info.compress_size}: a stored member holds what it declares")
    if info.file_size > MAX_DEFLATE_RATIO * info.compress_size + 64:
        raise ValueError(f"{at} declares {info.file_size} bytes from {info.compress_size} "
                         f"deflated bytes: more than deflate can make of them (at most "
                         f"{MAX_DEFLATE_RATIO}:1)")
    try:
        with archive.open(info) as stream:
            version = np.lib.format.read_magic(stream)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f".npy version {version}; numpy writes 1.0 or 2.0 for numbers")
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, _, dtype = read_header(stream, max_header_size=MAX_NPY_HEADER)
            header_size = stream.tell()
    except (ValueError, zipfile.BadZipFile, EOFError, OSError, zlib.error) as e:
        raise ValueError(f"{at} has no readable .npy header: {e}") from None
    marker = info.filename == FORMAT_KEY + ".npy" and dtype.kind == "U" and shape == ()
    if dtype.hasobject or (dtype.kind not in "fiub" and not marker):
        raise ValueError(f"{at} holds {dtype}, not numbers: refused (loading never "
                         "unpickles objects)")
    needed = header_size + math.prod(shape) * dtype.itemsize
    if info.file_size != needed:
        raise ValueError(f"{at}: the zip declares {info.file_size} bytes, but its .npy "
                         f"header (shape {shape}, {dtype}) needs {needed}")
    return _Member(info, shape, dtype)


def _read(archive: zipfile.ZipFile, member: _Member, at: str) -> np.ndarray:
    """The member's array, read from its checked header; at most its declared bytes are
    inflated, and they must match the zip's CRC-32."""
    try:
        with archive.open(member.info) as stream:
            counted = _Checksummed(stream)
            array = np.lib.format.read_array(counted, allow_pickle=False,
                                             max_header_size=MAX_NPY_HEADER)
    except (ValueError, zipfile.BadZipFile, EOFError, OSError, zlib.error) as e:
        raise ValueError(f"{at} cannot be read: {e}") from None
    except MemoryError:
        raise ValueError(f"{at}: no memory for its {member.info.file_size} bytes") from None
    if counted.size != member.info.file_size or counted.crc != member.info.CRC:
        raise ValueError(f"{at}: its data does not match the zip's CRC-32 (corrupted)")
    return array


class _Checksummed:
    """A stream that keeps the CRC-32 and the length of what has been read from it."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.crc, self.size = stream, 0, 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        return data
