"""Reading a safetensors file with every claim of its header checked before any data.

The format: an 8-byte little-endian header length N; N bytes of JSON,
{name: {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
"__metadata__": {str: str}}; then the data, each tensor's bytes (row-major, little-endian)
at [begin, end) from the data's start, the ranges tiling the data with no gap or overlap.

Writing is safetensors' own (`safetensors.numpy.save`). Reading is done here because a
hostile header must be refused before anything is allocated: its length is capped and must
fit the file, every shape times its dtype's size must equal its byte range, and the ranges
must tile the data exactly (safetensors' own rule). Each array is then read into an array
of its checked size, so no entry can make us allocate more than the file holds.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any, BinaryIO, NamedTuple

import numpy as np

MAX_HEADER_BYTES = 100_000_000  # safetensors' own limit on the JSON header

# safetensors' dtype codes that numpy can hold, as little-endian numpy dtypes.
DTYPES = {code: np.dtype(name).newbyteorder("<") for code, name in [
    ("F64", "float64"), ("F32", "float32"), ("F16", "float16"),
    ("I64", "int64"), ("I32", "int32"), ("I16", "int16"), ("I8", "int8"),
    ("U64", "uint64"), ("U32", "uint32"), ("U16", "uint16"), ("U8", "uint8"),
    ("BOOL", "bool")]}
SAVEABLE = {dtype.newbyteorder("="): code for code, dtype in DTYPES.items()}


class Entry(NamedTuple):
    dtype: np.dtype
    shape: tuple[int, ...]
    begin: int  # byte range in the data
    end: int


class Header(NamedTuple):
    entries: dict[str, Entry]  # in the header's order
    metadata: dict[str, str]
    data_start: int  # where the data begins in the file


def read_header(file: BinaryIO, where: str, size: int | None = None) -> Header:
    """The checked header of an open safetensors file (`where` names it in errors) of
    `size` bytes (by default the size of the file on disk)."""
    if size is None:
        size = os.fstat(file.fileno()).st_size
    prefix = file.read(8)
    if len(prefix) < 8:
        raise ValueError(f"{where} is {size} bytes long: too short for a safetensors file")
    length = int.from_bytes(prefix, "little")
    if length > MAX_HEADER_BYTES:
        raise ValueError(f"{where}: the header claims {length} bytes, more than the "
                         f"{MAX_HEADER_BYTES}-byte limit")
    if length > size - 8:
        raise ValueError(f"{where}: the header claims {length} bytes, but the file holds "
                         f"only {size - 8} after the length")
    try:
        header = json.loads(file.read(length).decode("utf-8"),
                            object_pairs_hook=_refuse_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ValueError(f"{where}: the header is not valid JSON ({e})") from None
    if not isinstance(header, dict):
        raise ValueError(f"{where}: the header is a JSON {type(header).__name__}, "
                         "expected an object of entries")
    metadata = header.pop("__metadata__", {})
    if not (isinstance(metadata, dict)
            and all(isinstance(v, str) for v in metadata.values())):
        raise ValueError(f"{where}: __metadata__ is not an object of strings")
    data_size = size - 8 - length
    entries = {name: _entry(name, info, data_size, where) for name, info in header.items()}
    _check_tiling(entries, data_size, where)
    return Header(entries, metadata, 8 + length)


def read_arrays(file: BinaryIO, header: Header, names: list[str], where: str
                ) -> dict[str, np.ndarray]:
    """The named entries as new (writable, native-order) arrays."""
    arrays = {}
    for name in names:
        entry = header.entries[name]
        array = np.empty(entry.shape, entry.dtype)
        raw = array.reshape(-1).view(np.uint8)
        file.seek(header.data_start + entry.begin)
        if file.readinto(raw) != raw.size:  # the file shrank since its header was read
            raise ValueError(f"{where}: entry {name!r} ends before its "
                             f"{entry.end - entry.begin} bytes")
        if entry.dtype == np.bool_ and raw.size and raw.max() > 1:
            raise ValueError(f"{where}: entry {name!r} is BOOL but holds bytes other "
                             "than 0 and 1")
        arrays[name] = array.astype(array.dtype.newbyteorder("="), copy=False)
    return arrays


def map_arrays(file: BinaryIO, header: Header, names: list[str], where: str
               ) -> dict[str, np.ndarray]:
    """The named entries as copy-on-write memory maps of the open file (nn.load's
    mmap=True): nothing is read until used, and writing to an array changes memory, never
    the file. The header was checked against this file's size, so every map lies inside
    it; a map outlives the file's closing, and a new file saved over its path."""
    arrays = {}
    for name in names:
        entry = header.entries[name]
        if entry.begin == entry.end:  # no bytes to map (a size-0 map is refused)
            arrays[name] = np.empty(entry.shape, entry.dtype.newbyteorder("="))
            continue
        mapped = np.asarray(np.memmap(file, entry.dtype, "c", header.data_start + entry.begin,
                                      entry.shape))
        if entry.dtype == np.bool_ and mapped.view(np.uint8).max() > 1:
            raise ValueError(f"{where}: entry {name!r} is BOOL but holds bytes other "
                             "than 0 and 1")
        arrays[name] = mapped.astype(mapped.dtype.newbyteorder("="), copy=False)
    return arrays


def _entry(name: str, info: Any, data_size: int, where: str) -> Entry:
    """One header entry, checked: a known dtype, a shape, and the byte range it needs."""
    at = f"{where}: entry {name!r}"
    if not isinstance(info, dict):
        raise ValueError(f"{at} is a JSON {type(info).__name__}, expected an object")
    code, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
    if code not in DTYPES:
        known = ", ".join(DTYPES)
        raise ValueError(f"{at} has dtype {code!r}; numpy holds only {known}")
    if not (isinstance(shape, list) and all(_natural(n) for n in shape)):
        raise ValueError(f"{at} has shape {shape!r}, expected a list of integers >= 0")
    if not (isinstance(offsets, list) and len(offsets) == 2 and all(map(_natural, offsets))
            and offsets[0] <= offsets[1]):
        raise ValueError(f"{at} has data_offsets {offsets!r}, expected [begin, end] with "
                         "0 <= begin <= end")
    begin, end = offsets
    nbytes = math.prod(shape) * DTYPES[code].itemsize
    if end - begin != nbytes:
        raise ValueError(f"{at}: shape {shape} of {code} is {nbytes} bytes, but its "
                         f"data_offsets {offsets} give {end - begin}")
    if end > data_size:
        raise ValueError(f"{at}: its data ends at byte {end}, but the file holds only "
                         f"{data_size} bytes of data (is it truncated?)")
    return Entry(DTYPES[code], tuple(shape), begin, end)


def _check_tiling(entries: dict[str, Entry], data_size: int, where: str) -> None:
    """The byte ranges follow one another from 0 to the end of the file, as safetensors
    requires: no overlap (two entries sharing bytes), no gap, nothing after."""
    position = 0
    for name, entry in sorted(entries.items(), key=lambda item: (item[1].begin, item[1].end)):
        if entry.begin != position:
            problem = "overlaps the entry before it" if entry.begin < position else (
                f"leaves bytes {position} to {entry.begin} unused")
            raise ValueError(f"{where}: entry {name!r} at bytes [{entry.begin}, "
                             f"{entry.end}) {problem}")
        position = entry.end
    if position != data_size:
        raise ValueError(f"{where}: {data_size - position} bytes of data after the last "
                         "entry belong to no entry")


def _natural(n: Any) -> bool:
    return type(n) is int and n >= 0


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"the name {twice!r} appears twice")
    return result
