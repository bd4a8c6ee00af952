"""The gaps that PyTorch programs ported to gradproof still hit (/work/notes/audit2_examples.md):
nn.save and nn.load with file objects (G1), torch.load's keywords (G2), and nn.load giving
Tensors as torch.load does. The others (schedules with float epochs, nn.parallel,
nn.data's submodules, multinomial, next(model.parameters())): test_port_gaps_more.py."""

import contextlib
import io
import tracemalloc
from collections import OrderedDict

import numpy as np
import pytest
import safetensors.numpy

import autograd
import nn
from autograd import Tensor
from nn import Linear, ReLU, Sequential
from nn.optim import Adam


def net():
    return Sequential(Linear(3, 4, seed=0), ReLU(), Linear(4, 2, seed=1))


def bits(state):
    """name -> (dtype, shape, bytes) of a state dict's Tensors."""
    return {name: (t.data.dtype, t.data.shape, t.data.tobytes()) for name, t in state.items()}


# ------------------------------------------------------------ G1: file objects


def test_save_and_load_through_a_bytesio_as_torch_save_does():
    model = net()
    buffer = io.BytesIO()
    assert nn.save(model.state_dict(), buffer) is None  # torch.save returns None too
    assert not buffer.closed and buffer.tell() == len(buffer.getvalue()) > 0
    buffer.seek(0)
    state = nn.load(buffer)
    assert bits(state) == bits(model.state_dict())
    assert buffer.tell() == len(buffer.getvalue())  # read to its end


def test_a_file_written_through_open_wb_is_the_file_nn_save_writes_to_a_path(tmp_path):
    model = net()
    by_path = nn.save(model, tmp_path / "a.pt")
    with open(tmp_path / "b.pt", "wb") as f:  # word_language_model's torch.save(model, f)
        nn.save(model, f)
    # (the same file but for the order of the metadata, which safetensors does not fix)
    assert len((tmp_path / "b.pt").read_bytes()) == len(by_path.read_bytes())
    with open(tmp_path / "b.pt", "rb") as f:
        state = nn.load(f)
    assert bits(state) == bits(model.state_dict())
    fresh = net()
    with open(tmp_path / "b.pt", "rb") as f:
        assert nn.load(fresh, f) is fresh  # gradproof's form takes a file object too
    assert bits(fresh.state_dict()) == bits(model.state_dict())


def test_a_file_object_is_read_from_its_position_to_its_end():
    data = io.BytesIO()
    data.write(b"a header of the caller's own")
    start = data.tell()
    nn.save({"w": np.arange(3.0)}, data)
    data.seek(start)
    assert nn.load(data)["w"].tolist() == [0.0, 1.0, 2.0]


class Trickle:
    """A writer that takes at most 7 bytes a call, as a raw (unbuffered) file may."""

    def __init__(self):
        self.data = bytearray()

    def write(self, chunk):
        taken = bytes(chunk[:7])
        self.data += taken
        return len(taken)


def test_a_writer_that_takes_part_of_each_write_gets_the_whole_file(tmp_path):
    trickle = Trickle()
    nn.save(net(), trickle)
    expected = nn.save(net(), tmp_path / "n.pt").read_bytes()
    assert len(trickle.data) == len(expected)
    assert bits(nn.load(io.BytesIO(trickle.data))) == bits(net().state_dict())
    with open(tmp_path / "raw.pt", "wb", buffering=0) as raw:  # a FileIO
        nn.save(net(), raw)
    assert bits(nn.load(tmp_path / "raw.pt")) == bits(net().state_dict())


class NotAFile:
    pass


class TextReader:
    def read(self):
        return "text"


@pytest.mark.parametrize("call, error, message", [
    (lambda d: nn.save(net(), d.open("t", "w")), TypeError,
     r"nn.save: f is a text-mode file \(mode 'w'\); .*open\(path, 'wb'\)"),
    (lambda d: nn.load(d.open("e", "r")), TypeError,
     r"nn.load: f is a text-mode file \(mode 'r'\); .*open\(path, 'rb'\)"),
    (lambda d: nn.save(net(), io.StringIO()), TypeError, r"nn.save: f is a text-mode file"),
    (lambda d: nn.load(io.StringIO("x")), TypeError, r"nn.load: f is a text-mode file"),
    (lambda d: nn.save(net(), NotAFile()), TypeError,
     r"nn.save: f must be a path \(str or os.PathLike\) or a binary file object with write\(\)"
     r" \(open\(path, 'wb'\), io.BytesIO\), got NotAFile"),
    (lambda d: nn.load(3), TypeError,
     r"nn.load: f must be a path \(str or os.PathLike\) or a binary file object with read\(\)"
     r" \(open\(path, 'rb'\), io.BytesIO\), got int"),
    (lambda d: nn.save(net(), d.open("e", "rb")), io.UnsupportedOperation,
     r"nn.save: f is not open for writing \(mode 'rb'\)"),
    (lambda d: nn.load(d.open("w", "wb")), io.UnsupportedOperation,
     r"nn.load: f is not open for reading \(mode 'wb'\)"),
    (lambda d: nn.load(TextReader()), TypeError, r"nn.load: f.read\(\) gave str, expected bytes"),
    (lambda d: nn.load(io.BytesIO(b"abc")), ValueError,
     r"nn.load: the BytesIO given is 3 bytes long: too short for a safetensors file"),
])
def test_a_file_that_cannot_be_used_is_a_clear_error(tmp_path, call, error, message):
    (tmp_path / "e").write_bytes(b"")
    with contextlib.ExitStack() as stack, pytest.raises(error, match=message):
        call(Folder(tmp_path, stack))


class Folder:
    """tmp_path, whose files open() opens until the test's end."""

    def __init__(self, path, stack):
        self.path, self.stack = path, stack

    def open(self, name, mode):
        return self.stack.enter_context(open(self.path / name, mode))  # noqa: SIM115


def test_errors_from_an_open_file_name_it(tmp_path):
    (tmp_path / "cut.pt").write_bytes(nn.save(net(), tmp_path / "n.pt").read_bytes()[:-5])
    with open(tmp_path / "cut.pt", "rb") as f, pytest.raises(ValueError,
                                                             match=r"nn.load: '.*cut.pt'"):
        nn.load(f)


# ------------------------------------------------------------- G2: torch.load's keywords


@pytest.mark.parametrize("keywords", [
    {"weights_only": True}, {"weights_only": False}, {"weights_only": None},  # CIFAR tutorial
    {"map_location": "cpu"}, {"map_location": "cpu:0"}, {"map_location": None},
    {"map_location": autograd.device("cpu")}, {"map_location": {"cuda:0": "cpu"}},
    {"map_location": {"cpu": "cpu"}}, {"map_location": {"cuda:1": autograd.device("cuda:0")}},
    {"map_location": lambda storage, location: storage},  # PyTorch's CPU idiom
    {"map_location": lambda storage, location: None},  # None: PyTorch's default, as given
    {"mmap": True}, {"mmap": False}, {"mmap": True, "weights_only": True, "map_location": "cpu"},
])
def test_torch_loads_keywords_are_taken(tmp_path, keywords):
    model = net()
    path = nn.save(model, tmp_path / "m.pt")
    assert bits(nn.load(path, **keywords)) == bits(model.state_dict())
    into = net().double()
    nn.load(into, path, **keywords)  # and into a model
    assert bits(into.state_dict()) == bits(model.state_dict())


def test_map_location_by_position_and_a_function_that_moves_each_tensor(tmp_path):
    path = nn.save({"a": np.ones(2), "b": [np.zeros(1), (np.full(1, 2.0),)]}, tmp_path / "c.pt")
    assert nn.load(path, "cpu")["a"].tolist() == [1.0, 1.0]  # torch.load(f, map_location)
    seen = []

    def doubled(tensor, location):
        seen.append(location)
        return tensor * 2.0

    loaded = nn.load(path, map_location=doubled)
    assert loaded["a"].tolist() == [2.0, 2.0] and loaded["b"][1][0].tolist() == [4.0]
    assert type(loaded["b"]) is list and type(loaded["b"][1]) is tuple
    assert seen == ["cpu", "cpu", "cpu"]  # every Tensor of the file is on the CPU


@pytest.mark.parametrize("keywords, error, message", [
    # PyTorch raises RuntimeError ("Attempting to deserialize object on a CUDA device") here
    ({"map_location": "cuda"}, ValueError, r"nn.load: map_location='cuda' puts the Tensors on "
     r"cuda, but gradproof computes on the CPU only: pass map_location='cpu'"),
    ({"map_location": "cuda:1"}, ValueError, r"map_location='cuda:1' puts the Tensors on cuda:1"),
    ({"map_location": autograd.device("mps")}, ValueError, r"puts the Tensors on mps"),
    ({"map_location": "meta"}, ValueError, r"puts the Tensors on meta"),
    ({"map_location": {"cpu": "cuda:0"}}, ValueError,
     r"map_location=dict \{'cpu': 'cuda:0'\} puts the Tensors on cuda:0"),
    ({"map_location": 3.5}, TypeError, r"nn.load: map_location must be None, a device \('cpu'\), "
     r"a dict of devices or a function, got 3.5"),
    ({"map_location": "gpu"}, TypeError, r"map_location must be .*, got 'gpu'"),
    ({"map_location": lambda s, loc: 3}, TypeError,
     r"nn.load: map_location\(tensor, 'cpu'\) must return a Tensor or None, got 3"),
    ({"weights_only": 1}, TypeError, r"nn.load: weights_only must be True, False or None, got 1"),
    ({"mmap": "yes"}, TypeError, r"nn.load: mmap must be True, False or None, got 'yes'"),
    ({"strict": False}, TypeError, r"nn.load: strict= is for nn.load\(model, f, strict=...\)"),
])
def test_bad_keywords_are_clear_errors(tmp_path, keywords, error, message):
    path = nn.save(net(), tmp_path / "m.pt")
    with pytest.raises(error, match=message):
        nn.load(path, **keywords)


def test_positional_arguments_as_torch_load_and_as_nn_load_model(tmp_path):
    path = nn.save(net(), tmp_path / "m.pt")
    with pytest.raises(TypeError, match=r"got 3 arguments by position; PyTorch's third, "
                                        r"pickle_module, has no use here"):
        nn.load(path, "cpu", object())
    with pytest.raises(TypeError, match="map_location given by position and by keyword"):
        nn.load(path, "cpu", map_location="cpu")
    with pytest.raises(TypeError, match="strict given by position and by keyword"):
        nn.load(net(), path, False, strict=False)
    with pytest.raises(TypeError, match=r"nn.load\(model, f, strict=True\): got 4 arguments"):
        nn.load(net(), path, True, "cpu")
    model = nn.load(Sequential(Linear(3, 4), ReLU()), path, False)  # strict by position
    assert model[0].weight.shape == (4, 3)


def test_mmap_maps_the_file_copy_on_write(tmp_path):
    big = np.arange(1_000_000, dtype=np.float64)
    path = nn.save({"big": big, "empty": np.zeros((0, 3)), "flags": np.array([True, False]),
                    "scalar": np.array(2.5)}, tmp_path / "big.pt")
    tracemalloc.start()
    try:
        mapped = nn.load(path, mmap=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200_000 < big.nbytes  # mapped, not read: 8 MB were not allocated
    assert mapped["big"].data.tobytes() == big.tobytes()
    assert mapped["empty"].shape == (0, 3) and mapped["flags"].tolist() == [True, False]
    assert mapped["scalar"].shape == () and float(mapped["scalar"]) == 2.5
    mapped["big"].data[0] = -1.0  # copy on write: memory changes, the file does not
    assert mapped["big"].data[0] == -1.0 and nn.load(path)["big"].data[0] == 0.0
    nn.save({"big": np.ones(2)}, path)  # saving replaces the file: the map keeps the old one
    assert mapped["big"].shape == (1_000_000,) and mapped["big"].data[5] == 5.0


def test_mmap_needs_a_path_to_a_safetensors_file(tmp_path):
    path = nn.save(net(), tmp_path / "m.pt")
    with open(path, "rb") as f, pytest.raises(
            ValueError, match=r"nn.load: f must be a file path in order to use the mmap "
                              r"argument, got BufferedReader"):
        nn.load(f, mmap=True)  # PyTorch's words
    with open(tmp_path / "old.npz", "wb") as f:
        np.savez(f, w=np.ones(2))
    with pytest.raises(ValueError, match=r"is a gradproof 0.1 .npz file, which mmap=True "
                                         r"cannot map"):
        nn.load(tmp_path / "old.npz", mmap=True)


# --------------------------------------------- nn.load gives Tensors, as torch.load


def test_a_state_dict_comes_back_as_tensors_that_clone_and_load(tmp_path):
    model = net()
    path = nn.save(model.state_dict(), tmp_path / "sd.pt")
    state = nn.load(path)
    assert type(state) is OrderedDict and list(state) == list(model.state_dict())
    assert all(type(t) is Tensor and not t.requires_grad for t in state.values())
    copy = state["0.weight"].clone()  # LBFGS's port: state_dict()[k].clone()
    assert type(copy) is Tensor and copy.tolist() == state["0.weight"].tolist()
    fresh = net()
    assert fresh.load_state_dict(state) == ([], [])
    assert bits(fresh.state_dict()) == bits(model.state_dict())
    state["0.weight"][0, 0] = 99.0  # the loaded Tensors are the caller's own
    assert fresh[0].weight.data[0, 0] != 99.0


def test_a_checkpoint_keeps_its_structure_with_tensors_at_the_leaves(tmp_path):
    model = net()
    opt = Adam(model.parameters(), lr=0.01)
    model(np.ones((2, 3))).sum().backward()
    opt.step()
    checkpoint = {"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 3,
                  "losses": [0.5, 0.25], "best": (np.float32(0.25), np.arange(2)),
                  "name": "run", "nothing": None}
    loaded = nn.load(nn.save(checkpoint, tmp_path / "c.pt"))
    assert set(loaded) == set(checkpoint) and loaded["epoch"] == 3 and loaded["name"] == "run"
    assert loaded["losses"] == [0.5, 0.25] and loaded["nothing"] is None
    best_value, best_array = loaded["best"]
    assert type(best_value) is np.float32 and best_value == np.float32(0.25)  # a scalar stays
    assert type(best_array) is Tensor and best_array.dtype == np.int64
    state = loaded["optimizer"]["state"][0]
    assert type(state["exp_avg"]) is Tensor
    assert state["exp_avg"].tolist() == opt.state_dict()["state"][0]["exp_avg"].tolist()
    resumed = net()
    resumed_opt = Adam(resumed.parameters(), lr=0.01)
    resumed.load_state_dict(loaded["model"])
    resumed_opt.load_state_dict(loaded["optimizer"])  # Tensors in an optimizer state load
    for m, o in ((model, opt), (resumed, resumed_opt)):
        o.zero_grad()
        m(np.ones((2, 3))).sum().backward()
        o.step()
    assert bits(resumed.state_dict()) == bits(model.state_dict())


def test_files_from_pytorch_and_from_gradproof_0_1_load_as_tensors(tmp_path):
    (tmp_path / "torch.safetensors").write_bytes(safetensors.numpy.save(
        {"weight": np.ones((2, 3), np.float32), "bias": np.zeros(2, np.float32)}))
    state = nn.load(tmp_path / "torch.safetensors")
    assert [type(t) for t in state.values()] == [Tensor, Tensor]
    with open(tmp_path / "old.npz", "wb") as f:
        np.savez(f, __gradproof_nn__=np.array("gradproof.nn state_dict v1"), w=np.ones(2))
    old = nn.load(tmp_path / "old.npz")
    assert list(old) == ["w"] and type(old["w"]) is Tensor and old["w"].tolist() == [1.0, 1.0]
