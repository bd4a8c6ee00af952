"""nn.save writes whole files: a new, exclusively created temporary file renamed over the
target; cleaned up on every exception and on a signal that Python sees; safe under
concurrent saves from threads and processes."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import nn
from nn import Linear

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks, signals and umask")


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_the_old_fixed_temporary_name_is_never_touched(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "a.safetensors.tmp").symlink_to(victim)  # a link where 0.1 wrote its temp
    (tmp_path / "b.safetensors.tmp").write_text("the user's own file")
    nn.save(Linear(2, 2), tmp_path / "a.safetensors")
    nn.save(Linear(2, 2), tmp_path / "b.safetensors")
    assert victim.read_text() == "precious"
    assert (tmp_path / "a.safetensors.tmp").is_symlink()
    assert (tmp_path / "b.safetensors.tmp").read_text() == "the user's own file"
    assert listing(tmp_path) == ["a.safetensors", "a.safetensors.tmp", "b.safetensors",
                                 "b.safetensors.tmp", "victim.txt"]


@posix_only
def test_a_link_planted_at_the_temporary_name_is_neither_followed_nor_removed(tmp_path,
                                                                              monkeypatch):
    monkeypatch.setattr(nn.files.io.secrets, "token_hex", lambda n: "0" * 2 * n)  # predictable
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    planted = tmp_path / "m.safetensors.0000000000000000.tmp"
    planted.symlink_to(victim)
    with pytest.raises(FileExistsError, match="m.safetensors.0000000000000000.tmp' exists "
                                              "already; nothing was written"):
        nn.save(Linear(2, 2), tmp_path / "m.safetensors")
    assert victim.read_text() == "precious" and planted.is_symlink()
    assert listing(tmp_path) == ["m.safetensors.0000000000000000.tmp", "victim.txt"]


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"),
                                     KeyboardInterrupt(), SystemExit(143)])
def test_a_save_that_fails_part_way_keeps_the_old_file_and_leaves_no_temporary_one(
        tmp_path, monkeypatch, failure):
    path = nn.save({"w": np.zeros(3)}, tmp_path / "m.safetensors")

    def fail(descriptor):
        assert listing(tmp_path) != ["m.safetensors"]  # the temporary file exists by now
        raise failure
    monkeypatch.setattr(nn.files.io.os, "fsync", fail)
    with pytest.raises(type(failure)):
        nn.save({"w": np.ones(3)}, path)
    monkeypatch.undo()
    assert listing(tmp_path) == ["m.safetensors"]
    assert nn.load(path)["w"].tolist() == [0.0, 0.0, 0.0]


@posix_only
def test_the_file_gets_the_permissions_the_umask_gives(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    path = nn.save(Linear(2, 2), tmp_path / "m.safetensors")
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_long_file_name_still_has_room_for_the_temporary_suffix(tmp_path):
    path = nn.save(Linear(2, 2), tmp_path / ("m" * 240 + ".st"))
    assert listing(tmp_path) == [path.name]


# A child process that saves a 64 MB state over and over. SIGTERM's default action would
# kill it where it stands; like a real program it installs a handler that raises SystemExit,
# which nn.save sees. The handler notes whether a temporary file existed at that moment.
SAVER = textwrap.dedent("""
    import pathlib, signal, sys
    import numpy as np
    import nn
    path = pathlib.Path(sys.argv[1])
    def stop(signum, frame):
        temps = list(path.parent.glob("*.tmp"))
        print("temp present" if temps else "no temp", flush=True)
        raise SystemExit(143)
    signal.signal(signal.SIGTERM, stop)
    state = {"big": np.zeros(8_000_000)}
    print("ready", flush=True)
    while True:
        nn.save(state, path)
""")


@posix_only
def test_sigterm_during_a_save_leaves_no_temporary_file(tmp_path):
    caught_mid_write = 0
    for attempt in range(5):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(folder / "big.st")],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline() == "ready\n"
        deadline = time.monotonic() + 20
        while not any(folder.glob("*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.0005)
        child.send_signal(signal.SIGTERM)
        note = child.stdout.readline().strip()
        assert child.wait(timeout=20) == 143
        assert not any(folder.glob("*.tmp")), listing(folder)
        if (folder / "big.st").exists():  # an earlier save, whole
            assert nn.load(folder / "big.st")["big"].shape == (8_000_000,)
        caught_mid_write += note == "temp present"
        if caught_mid_write:
            break
    assert caught_mid_write  # the signal did land while a temporary file existed


# A child process that saves its own state to one path until a deadline it reads on stdin.
WRITER = textwrap.dedent("""
    import sys, time
    import numpy as np
    import nn
    path, value = sys.argv[1], float(sys.argv[2])
    state = {"w": np.full((64, 64), value), "b": np.full(64, value)}
    print("ready", flush=True)
    deadline = float(sys.stdin.readline())
    saves = 0
    while time.time() < deadline:
        nn.save(state, path)
        saves += 1
    print(saves, flush=True)
""")


def test_concurrent_saves_from_threads_and_processes_never_tear_the_file(tmp_path):
    path = tmp_path / "shared.safetensors"
    nn.save({"w": np.full((64, 64), 0.0), "b": np.full(64, 0.0)}, path)
    children = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(value)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                for value in (10.0, 11.0)]
    for child in children:
        assert child.stdout.readline() == "ready\n"
    deadline = time.time() + 1.5
    for child in children:
        child.stdin.write(f"{deadline}\n")
        child.stdin.flush()
    errors, seen, saves = [], set(), [0, 0, 0]

    def write(i):
        state = {"w": np.full((64, 64), float(i)), "b": np.full(64, float(i))}
        try:
            while time.time() < deadline:
                nn.save(state, path)
                saves[i] += 1
        except BaseException as e:
            errors.append(e)

    def read():
        try:
            while time.time() < deadline:
                state = nn.load(path)
                value = state["w"][0, 0]  # a whole file from one writer: one value throughout
                assert (state["w"] == value).all() and (state["b"] == value).all()
                seen.add(float(value))
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(3)]
    threads += [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    child_saves = [int(child.communicate(timeout=20)[0]) for child in children]
    assert [child.returncode for child in children] == [0, 0]
    assert errors == []
    assert min(saves) > 0 and min(child_saves) > 0
    assert len(seen) >= 2 and seen <= {0.0, 1.0, 2.0, 10.0, 11.0}
    assert listing(tmp_path) == ["shared.safetensors"]
