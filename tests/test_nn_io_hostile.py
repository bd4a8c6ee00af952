"""nn.load on hostile files: every claim is checked before data is read or memory taken, and
every refusal is a ValueError naming the file and the entry; no code from a file ever runs."""

import io
import json
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest

import nn
from nn import Module, Parameter


def safetensors_file(entries, data=b"", metadata=None, length=None):
    """A safetensors file's bytes, from a header dict written as given (however wrong)."""
    header = dict(entries)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(text) if length is None else length) + text + data


def entry(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


class Small(Module):
    def __init__(self):
        self.w = Parameter(np.ones((2, 3)))
        self.b = Parameter(np.zeros(2))


def peak_bytes(function):
    """The most memory Python allocated while `function` ran (and raised)."""
    tracemalloc.start()
    try:
        function()
    except ValueError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def refused(path, message, into=None):
    """nn.load refuses the file, naming it, with `message`; a model loaded into is unchanged."""
    model = into or Small()
    before = [p.data.copy() for p in model.parameters()]
    name = path.name.replace(".", "\\.")
    with pytest.raises(ValueError, match=f"nn.load: '.*{name}'.*{message}"):
        nn.load(path) if into is None else nn.load(model, path)
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before,
                                                         strict=True))


# ---------------------------------------------------------------- safetensors files


def test_a_246_byte_file_claiming_ten_trillion_elements_is_refused_without_allocating(
        tmp_path):
    claim = {"w": entry("F32", [10**7, 10**6], 0, 4 * 10**13)}
    data = safetensors_file(claim)
    path = tmp_path / "claim.safetensors"
    path.write_bytes(data + b" " * (246 - len(data)))  # padding after the header: data
    assert path.stat().st_size == 246
    refused(path, r"entry 'w': its data ends at byte 40000000000000, but the file holds only")
    refused(path, "entry 'w'", into=Small())
    assert peak_bytes(lambda: nn.load(path)) < 100_000


def test_a_truncated_file_is_refused_naming_the_entry(tmp_path):
    path = nn.save(Small(), tmp_path / "cut.safetensors")
    path.write_bytes(path.read_bytes()[:-5])
    refused(path, r"entry '.*': its data ends at byte \d+, but the file holds only \d+ bytes "
                  r"of data \(is it truncated\?\)")
    refused(path, "truncated", into=Small())


@pytest.mark.parametrize("entries, data, message", [
    ({"a": entry("F32", [2], 0, 8), "b": entry("F32", [2], 4, 12)}, bytes(12),
     r"entry 'b' at bytes \[4, 12\) overlaps the entry before it"),
    ({"a": entry("F32", [2], 0, 8), "b": entry("F32", [1], 12, 16)}, bytes(16),
     r"entry 'b' at bytes \[12, 16\) leaves bytes 8 to 12 unused"),
    ({"a": entry("F32", [2], 0, 8)}, bytes(20), "12 bytes of data after the last entry"),
    ({"a": entry("F32", [2], 0, 9)}, bytes(9), r"entry 'a': shape \[2\] of F32 is 8 bytes, "
                                               r"but its data_offsets \[0, 9\] give 9"),
    ({"a": entry("F32", [2], 8, 0)}, bytes(8), r"entry 'a' has data_offsets \[8, 0\]"),
    ({"a": entry("F32", [2], -8, 0)}, bytes(8), r"entry 'a' has data_offsets \[-8, 0\]"),
    ({"a": entry("F32", [2], 0, "8")}, bytes(8), "entry 'a' has data_offsets"),
    ({"a": entry("F32", [-2], 0, 0)}, b"", r"entry 'a' has shape \[-2\], expected a list"),
    ({"a": entry("F32", [True], 0, 4)}, bytes(4), r"entry 'a' has shape \[true\]|\[True\]"),
    ({"a": entry("F32", 2, 0, 8)}, bytes(8), "entry 'a' has shape 2"),
    ({"a": entry("BF16", [2], 0, 4)}, bytes(4), "entry 'a' has dtype 'BF16'; numpy holds only"),
    ({"a": entry("X9", [2], 0, 4)}, bytes(4), "entry 'a' has dtype 'X9'"),
    ({"a": [1, 2]}, b"", "entry 'a' is a JSON list, expected an object"),
    ({"a": entry("BOOL", [2], 0, 2)}, b"\x01\x02", "entry 'a' is BOOL but holds bytes other"),
    ({"a": entry("F32", [1], 0, 4)}, bytes(4), None),  # (a sound file, for contrast)
])
def test_headers_that_lie_about_their_data_are_refused(tmp_path, entries, data, message):
    path = tmp_path / "lie.safetensors"
    path.write_bytes(safetensors_file(entries, data))
    if message is None:
        assert nn.load(path)["a"].tolist() == [0.0]
    else:
        refused(path, message)


@pytest.mark.parametrize("content, message", [
    (b"", "is 0 bytes long: too short for a safetensors file"),
    (b"\x05\x00\x00", "is 3 bytes long"),
    (struct.pack("<Q", 2**63) + b"{}", "the header claims 9223372036854775808 bytes, more"),
    (struct.pack("<Q", 1000) + b"{}", "the header claims 1000 bytes, but the file holds only 2"),
    (struct.pack("<Q", 9) + b"not json!", "the header is not valid JSON"),
    (struct.pack("<Q", 4) + b"\xff\xfe{}", "the header is not valid JSON"),
    (struct.pack("<Q", 2) + b"[]", "the header is a JSON list, expected an object"),
    (struct.pack("<Q", 13) + b'{"a":1,"a":2}', "the header is not valid JSON.*'a' appears twice"),
    (safetensors_file({}, metadata={"k": 1}), "__metadata__ is not an object of strings"),
    (safetensors_file({}, metadata=["k"]), "__metadata__ is not an object of strings"),
    (struct.pack("<Q", 4000) + b"[" * 2000 + b"]" * 2000, "the header is not valid JSON"),
])
def test_headers_that_are_not_safetensors_are_refused(tmp_path, content, message):
    path = tmp_path / "odd.safetensors"
    path.write_bytes(content)
    refused(path, message)


def test_the_header_length_is_capped(tmp_path, monkeypatch):
    path = nn.save(Small(), tmp_path / "m.safetensors")
    monkeypatch.setattr(nn.files.io_safetensors, "MAX_HEADER_BYTES", 100)
    refused(path, r"the header claims \d+ bytes, more than the 100-byte limit")


def structured(tree, entries=None, data=b"", fmt="gradproof.nn safetensors v2"):
    metadata = {"gradproof.format": fmt, "gradproof.structure": tree}
    return safetensors_file(entries or {}, data, metadata)


ONE = {"a": entry("F64", [], 0, 8)}


@pytest.mark.parametrize("tree, entries, message", [
    ("{not json", {}, "the structure in its metadata is not JSON"),
    ('{"tensor": "missing"}', {}, "the file has no entry 'missing'"),
    ('{"list": [{"tensor": "a"}, {"tensor": "a"}]}', ONE, "entry 'a' is placed twice"),
    ('{"dict": []}', ONE, "entries 'a' have no place in the structure"),
    ('{"pickle": "a"}', ONE, 'has {"pickle": "a"}: not a node that nn.save writes'),
    ('{"dict": [[1.5, 2]]}', {}, "not a \\[key, value\\] pair with a str or int key"),
    ('{"dict": [["k", 1], ["k", 2]]}', {}, "the key 'k' appears twice"),
    ('{"scalar": "a"}', {"a": entry("F64", [1], 0, 8)}, "entry 'a' of shape \\(1,\\) is not"),
    ('{"float": "1e999"}', {}, "not a node that nn.save writes"),
    ('{"list": [' * 150 + "]}" * 150, {}, "nested more than 100 deep"),
    ("[" * 100_000 + "]" * 100_000, {}, "not JSON|not a node"),
])
def test_a_structure_that_nn_save_would_not_write_is_refused(tmp_path, tree, entries,
                                                              message):
    path = tmp_path / "tree.safetensors"
    path.write_bytes(structured(tree, entries, bytes(8) if entries else b""))
    refused(path, message)


def test_a_file_from_a_later_format_is_refused(tmp_path):
    path = tmp_path / "later.safetensors"
    path.write_bytes(structured("{}", fmt="gradproof.nn safetensors v3"))
    refused(path, "has format 'gradproof.nn safetensors v3'; this version reads")


def test_into_a_model_names_and_shapes_are_checked_before_any_data_is_read(tmp_path):
    state = {"w": np.ones((2, 3)), "b": np.zeros(2), "huge": np.zeros(2_000_000)}  # 16 MB
    path = nn.save(state, tmp_path / "extra.safetensors")
    refused(path, "unexpected: huge", into=Small())
    assert peak_bytes(lambda: nn.load(Small(), path)) < 100_000
    model = Small()
    assert peak_bytes(lambda: nn.load(model, path, strict=False)) < 100_000  # never read
    assert model.w.data.tolist() == [[1.0] * 3] * 2
    wrong = nn.save({"w": np.zeros((2_000_000, 3)), "b": np.zeros(2)},
                    tmp_path / "wrong.safetensors")
    refused(wrong, r"wrong shape: w is \(2000000, 3\), expected \(2, 3\)", into=Small())
    assert peak_bytes(lambda: nn.load(Small(), wrong)) < 100_000


# ----------------------------------------------------------- .npz files (gradproof 0.1)


def npz_bytes(members, compression=zipfile.ZIP_STORED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def npy_bytes(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def npy_header(shape, dtype="<f8"):
    """A .npy file's first bytes (magic and header) for an array of this shape."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def patch_zip(data, method=None, size=None):
    """The zip with its one member's compression method or uncompressed size rewritten, in
    the local header and in the central directory alike."""
    data = bytearray(data)
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    for start, method_at, size_at in ((local, 8, 22), (central, 10, 24)):
        if method is not None:
            data[start + method_at:start + method_at + 2] = struct.pack("<H", method)
        if size is not None:
            data[start + size_at:start + size_at + 4] = struct.pack("<I", size)
    return bytes(data)


class Boom:
    def __reduce__(self):
        return (exec, ("open('ran', 'w').write('code from the file ran')",))


def test_a_pickled_object_never_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    array = np.empty(1, dtype=object)
    array[0] = Boom()
    path = tmp_path / "boom.npz"
    path.write_bytes(npz_bytes({"w.npy": npy_bytes(array)}))
    assert b"exec" in path.read_bytes()  # the payload is there, ready to run if unpickled
    refused(path, r"entry 'w' holds object, not numbers: refused \(loading never unpickles")
    refused(path, "entry 'w' holds object", into=Small())
    assert not (tmp_path / "ran").exists()
    np.load(path, allow_pickle=True)["w"]  # (the payload is real: unpickling runs it)
    assert (tmp_path / "ran").exists()


def test_a_single_npy_file_is_refused(tmp_path):
    np.save(tmp_path / "one.npy", np.zeros(3))
    refused(tmp_path / "one.npy", "is a .npy file: one array, not named parameters")


@pytest.mark.parametrize("method", [99, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_an_unknown_compression_method_is_a_value_error(tmp_path, method):
    data = npz_bytes({"w.npy": npy_bytes(np.ones((2, 3)))})
    path = tmp_path / "method.npz"
    path.write_bytes(patch_zip(data, method=method))
    refused(path, f"entry 'w' uses zip compression method {method}; numpy writes only 0")


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    # An honest zip whose member is 5 MB of zeros after a header for two numbers.
    bomb = npz_bytes({"w.npy": npy_header((2,)) + bytes(5_000_000)}, zipfile.ZIP_DEFLATED)
    assert len(bomb) < 10_000
    path = tmp_path / "bomb.npz"
    path.write_bytes(bomb)
    refused(path, r"entry 'w': the zip declares 5000128 bytes, but its .npy header "
                  r"\(shape \(2,\), float64\) needs 144")
    assert peak_bytes(lambda: nn.load(path)) < 500_000
    # The same bomb declaring the 144 bytes its header needs: at most those are inflated.
    path.write_bytes(patch_zip(bomb, size=144))
    refused(path, "entry 'w'.*CRC-32")  # found by zipfile once the 144 bytes are read
    assert peak_bytes(lambda: nn.load(path)) < 500_000
    # Declaring more than deflate can make of the compressed bytes.
    path.write_bytes(patch_zip(bomb, size=2**32 - 1))
    refused(path, r"entry 'w' declares 4294967295 bytes from \d+ deflated bytes: more than")


def test_a_stored_member_declaring_other_than_it_stores_is_refused(tmp_path):
    path = tmp_path / "stored.npz"
    path.write_bytes(patch_zip(npz_bytes({"w.npy": npy_bytes(np.ones((2, 3)))}),
                               size=10**9))
    refused(path, "entry 'w' declares 1000000000 bytes but stores 176: a stored member")
    assert peak_bytes(lambda: nn.load(path)) < 500_000


def test_an_honest_large_member_is_refused_by_the_model_before_it_is_inflated(tmp_path):
    big = npz_bytes({"w.npy": npy_bytes(np.zeros((1000, 1000))), "b.npy": npy_bytes(
        np.zeros(2))}, zipfile.ZIP_DEFLATED)
    path = tmp_path / "big.npz"
    path.write_bytes(big)
    refused(path, r"wrong shape: w is \(1000, 1000\), expected \(2, 3\)", into=Small())
    assert peak_bytes(lambda: nn.load(Small(), path)) < 500_000
    extra = tmp_path / "extra.npz"
    extra.write_bytes(npz_bytes({"w.npy": npy_bytes(np.ones((2, 3))), "b.npy": npy_bytes(
        np.ones(2)), "x.npy": npy_bytes(np.zeros(10**6))}, zipfile.ZIP_DEFLATED))
    refused(extra, "unexpected: x", into=Small())
    assert peak_bytes(lambda: nn.load(Small(), extra)) < 500_000
    model = nn.load(Small(), extra, strict=False)
    assert model.b.data.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("members, message", [
    ({"w.npy": npy_header((10**7, 10**6))}, r"entry 'w': the zip declares \d+ bytes, but its "
                                           r".npy header \(shape \(10000000, 1000000\)"),
    ({"w.txt": b"hello"}, r"entry 'w.txt' \('w.txt'\) is not a .npy array"),
    ({"w.npy": b"\x93NUMPY\x01\x00garbage"}, "entry 'w' has no readable .npy header"),
    ({"w.npy": b"short"}, "entry 'w' has no readable .npy header"),
    ({"w.npy": npy_bytes(np.array([[1 + 2j]]))}, "entry 'w' holds complex128, not numbers"),
    ({"w.npy": npy_bytes(np.array(["text"]))}, "entry 'w' holds <U4, not numbers"),
    ({"__gradproof_nn__.npy": npy_bytes(np.array("other format"))},
     "has format 'other format', expected 'gradproof.nn state_dict v1'"),
])
def test_npz_members_that_are_not_numbers_or_lie_are_refused(tmp_path, members, message):
    path = tmp_path / "odd.npz"
    path.write_bytes(npz_bytes(members))
    refused(path, message)
    assert peak_bytes(lambda: nn.load(path)) < 500_000


def test_a_corrupted_or_truncated_npz_is_refused(tmp_path):
    good = npz_bytes({"w.npy": npy_bytes(np.arange(6.0).reshape(2, 3))})
    path = tmp_path / "bad.npz"
    corrupted = bytearray(good)
    at = good.find(np.arange(6.0).tobytes())
    corrupted[at + 3] ^= 0xFF
    path.write_bytes(bytes(corrupted))
    refused(path, "entry 'w'.*(CRC|Bad CRC)")
    for cut in (len(good) - 10, 30, 4):
        path.write_bytes(good[:cut])
        refused(path, "not a readable .npz \\(zip\\) file|cannot be read")

