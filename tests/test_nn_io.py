"""nn.save / nn.load: round trips, checkpoints, PyTorch's files, all-or-nothing loading, and
.npz files from gradproof 0.1. Hostile files: test_nn_io_hostile.py; writing under
concurrency and signals: test_nn_io_writing.py."""

import json
import math
import tempfile
from collections import OrderedDict
from pathlib import Path

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
import safetensors.numpy
from hypothesis import given
from safetensors import safe_open

import autograd
import nn
from autograd import Tensor, Value
from nn import Linear, Module, Parameter, ReLU, Sequential
from nn.optim import SGD, Adam


class Net(Module):
    def __init__(self, seed=0):
        self.block = Sequential(Linear(3, 4, seed=seed), ReLU())
        self.heads = {"a": Linear(4, 2, seed=seed + 1)}
        self.scale = Parameter(np.ones(2))


def snapshot(module):
    """Every parameter's bytes and dtype: 'unchanged' means bit for bit."""
    return [(p.data.dtype, p.data.tobytes()) for p in module.parameters()]


def same(a, b):
    """Equal values of the same types all the way down (arrays: dtype, shape and bits).
    An array or Tensor (b) is saved as its array, and nn.load gives a Tensor holding that
    array (a), as torch.load gives Tensors."""
    if isinstance(b, (np.ndarray, Tensor)) and not isinstance(b, np.generic):
        assert type(a) is Tensor and not a.requires_grad, (a, b)
        a, b = a.data, (b.data if isinstance(b, Tensor) else b)
    assert type(a) is type(b), (a, b)
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    elif isinstance(a, np.generic):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()
    elif isinstance(a, dict):
        assert list(a) == list(b) and all(type(k) is type(j) for k, j in zip(a, b, strict=True))
        for key in a:
            same(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            same(x, y)
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b)
    else:
        assert a == b and (not isinstance(a, float) or math.copysign(1, a) == math.copysign(1, b))


# ------------------------------------------------------------------------ round trips


def test_save_a_model_then_load_it_either_way(tmp_path):
    source, target = Net(seed=0), Net(seed=5)
    path = nn.save(source, tmp_path / "net.safetensors")
    assert path == tmp_path / "net.safetensors" and list(tmp_path.iterdir()) == [path]
    state = nn.load(path)  # PyTorch's habit: a state dict for load_state_dict
    same(state, source.state_dict())
    assert type(state) is OrderedDict
    assert target.load_state_dict(state) == ([], [])
    assert snapshot(target) == snapshot(source)
    other = Net(seed=9)
    assert nn.load(other, path) is other and snapshot(other) == snapshot(source)
    assert nn.load(Net(seed=9), str(path), False).scale.data.tolist() == [1.0, 1.0]


def test_save_a_state_dict_as_pytorch_users_do(tmp_path):
    model = Sequential(Linear(2, 3, seed=0), ReLU(), Linear(3, 1, seed=1)).float()
    nn.save(model.state_dict(), tmp_path / "m.safetensors")
    state = nn.load(tmp_path / "m.safetensors")
    same(state, model.state_dict())
    assert state["0.weight"].dtype == np.float32 and state["0.weight"].data.flags.writeable
    assert state["0.weight"].clone().tolist() == model.state_dict()["0.weight"].tolist()


def test_a_checkpoint_comes_back_with_every_type_and_bit():
    optimizer_state = {  # PyTorch's shape of Adam.state_dict()
        "state": {0: {"step": np.float32(3.0), "exp_avg": np.full((2, 2), 0.1),
                      "exp_avg_sq": np.full((2, 2), 1e-3)},
                  1: {"step": 3, "exp_avg": np.zeros(2), "exp_avg_sq": np.zeros(2)}},
        "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-08,
                          "weight_decay": 0, "amsgrad": False, "foreach": None,
                          "params": [0, 1]}]}
    checkpoint = {
        "model": OrderedDict(w=np.arange(6.0).reshape(2, 3), b=np.zeros(0, np.float32)),
        "optimizer": optimizer_state, "epoch": 3, "big": 2**70, "loss": 0.1 + 0.2,
        "special": [float("nan"), float("inf"), -float("inf"), -0.0, 1e-310],
        "name": "run 7", "nothing": None, "flags": (True, False), "empty": [{}, (), []],
        "keys": {0: "int zero", "0": "str zero", -1: "negative", "": "empty"},
        "scalars": [np.int64(-5), np.bool_(True), np.float16(0.5), np.uint8(255)],
        "dtypes": {str(t): np.arange(3).astype(t) for t in
                   (np.float16, np.float32, np.float64, np.int8, np.int16, np.int32, np.int64,
                    np.uint8, np.uint16, np.uint32, np.uint64, np.bool_)},
        "zero_d": np.array(2.5), "fortran": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
        "big_endian": np.arange(3, dtype=">f4"),
    }
    loaded = _round_trip(checkpoint)
    expected = {**checkpoint, "fortran": np.ascontiguousarray(checkpoint["fortran"]),
                "big_endian": np.arange(3, dtype=np.float32)}
    same(loaded, expected)


def test_tensors_and_values_are_saved_as_arrays():
    loaded = _round_trip({"t": Tensor([1.0, 2.0], requires_grad=True),
                          "p": Parameter(np.eye(2, dtype=np.float32)), "v": Value(1.5)})
    same(loaded, {"t": np.array([1.0, 2.0]), "p": np.eye(2, dtype=np.float32),
                  "v": np.array(1.5)})


def test_micrograd_style_value_parameters_round_trip(tmp_path):
    source, target = nn.MLP(2, [3, 1]), nn.MLP(2, [3, 1])
    nn.load(target, nn.save(source, tmp_path / "mlp.safetensors"))
    assert [p.data for p in target.parameters()] == [p.data for p in source.parameters()]
    assert all(type(p.data) is float for p in target.parameters())


def test_names_that_numpy_or_safetensors_reserve_are_ordinary_names(tmp_path):
    class Odd(Module):
        def __init__(self):
            self.allow_pickle = Parameter(np.ones(2))  # np.savez's keyword: dropped before
            self.file = Parameter(np.full(3, 2.0))  # np.savez's argument: a TypeError before
    nn.save(Odd(), tmp_path / "odd.safetensors")
    same(nn.load(tmp_path / "odd.safetensors"),
         OrderedDict(allow_pickle=np.ones(2), file=np.full(3, 2.0)))
    state = {"__gradproof_nn__": np.ones(1), "__metadata__": np.zeros(1), "": np.ones(2),
             "a.b": np.zeros(3), "a": {"b": np.ones(3)}, "__metadata__#1": np.ones(4)}
    same(_round_trip(state), state)


def test_keys_that_look_alike_stay_apart(tmp_path):
    state = {0: np.zeros(1), "0": np.ones(1), "x.y": np.full(1, 2.0), "x": {"y": np.ones(2)}}
    nn.save(state, tmp_path / "k.safetensors")
    same(nn.load(tmp_path / "k.safetensors"), state)
    with safe_open(tmp_path / "k.safetensors", "np") as f:  # readable, unique names
        assert sorted(f.keys()) == ["0", "0#1", "x.y", "x.y#1"]


def test_keys_with_a_lone_surrogate_or_nul_are_saved():
    # safetensors names are UTF-8: such a key's array gets an escaped name, its key is kept.
    state = {"a\udc80": np.ones(1), "\x00": np.zeros(2), "s": "x\ud800"}
    same(_round_trip(state), state)


def _round_trip(obj):
    """nn.load(nn.save(obj)), checking on the way that safetensors itself reads the file."""
    with tempfile.TemporaryDirectory() as folder:
        path = nn.save(obj, Path(folder) / "c.safetensors")
        reference = safetensors.numpy.load_file(path)  # safetensors itself accepts the file
        loaded = nn.load(path)
    assert all(isinstance(a, np.ndarray) for a in reference.values())
    return loaded


# ------------------------------------------------------------- what saving refuses


class Thing:
    def state_dict(self):
        return {}


@pytest.mark.parametrize("obj, error, message", [
    ({"opt": {"state": {0: {"fn": print}}}}, TypeError,
     r"\['opt'\]\['state'\]\[0\]\['fn'\] is a builtin_function_or_method"),
    ({"model": Linear(2, 2)}, TypeError, r"\['model'\] is a Linear \(save its .state_dict\(\)\)"),
    ({"o": Thing()}, TypeError, r"\['o'\] is a Thing \(save its .state_dict\(\)\)"),
    ({"s": {1, 2}}, TypeError, r"\['s'\] is a set; expected a dict, list, tuple"),
    ({"b": b"raw"}, TypeError, r"\['b'\] is a bytes"),
    ({"a": np.array([object()])}, TypeError, r"\['a'\] is an array of object"),
    ({"a": np.array(["text"])}, TypeError, r"\['a'\] is an array of <U4"),
    ({"a": [np.ones(2, np.complex128)]}, TypeError, r"\['a'\]\[0\] is an array of complex128"),
    ({1.5: np.ones(1)}, TypeError, r"the object has the key 1.5 \(float\); keys must be str"),
    ({"k": {True: 1}}, TypeError, r"\['k'\] has the key True \(bool\)"),
    ({"n": {"x": 1.0j}}, TypeError, r"\['n'\]\['x'\] is a complex"),
])
def test_save_refuses_what_it_cannot_store_and_names_where(tmp_path, obj, error, message):
    with pytest.raises(error, match="nn.save: " + message):
        nn.save(obj, tmp_path / "x.safetensors")
    assert list(tmp_path.iterdir()) == []  # refused before any file was made


def test_save_refuses_a_structure_that_contains_itself_or_is_too_deep(tmp_path):
    loop = {"a": []}
    loop["a"].append(loop)
    with pytest.raises(ValueError, match=r"nn.save: \['a'\]\[0\] contains itself"):
        nn.save(loop, tmp_path / "x.safetensors")
    deep = current = {}
    for _ in range(150):
        current["d"] = current = {}
    with pytest.raises(ValueError, match="nested more than 100 deep"):
        nn.save(deep, tmp_path / "x.safetensors")
    shared = np.ones(2)  # the same object twice is no cycle
    same(_round_trip({"a": [shared, shared]}), {"a": [shared, shared]})


def test_save_and_load_arguments(tmp_path):
    path = tmp_path / "m.safetensors"
    with pytest.raises(TypeError, match=r"nn.save\(obj, f\): the object comes first"):
        nn.save(path, Linear(2, 2))
    with pytest.raises(TypeError, match="expected a Module, a state dict or a checkpoint "
                                        "dict, got list"):
        nn.save([np.ones(2)], path)
    with pytest.raises(TypeError, match=r"nn.save: f must be a path \(str or os.PathLike\) "
                                        r"or a binary file object with write\(\) .*got int"):
        nn.save(Linear(2, 2), 3)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        nn.save(Linear(2, 2), tmp_path / "no" / "such" / "folder.safetensors")
    (tmp_path / "folder").mkdir()
    with pytest.raises(IsADirectoryError):
        nn.save(Linear(2, 2), tmp_path / "folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]  # no temporary file left
    nn.save(Linear(2, 2), path)
    with pytest.raises(TypeError, match="got a PosixPath where the model goes|got a WindowsPath"):
        nn.load(path, Linear(2, 2))
    with pytest.raises(TypeError, match=r"nn.load\(model, f\): the file is missing"):
        nn.load(Linear(2, 2))
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "absent.safetensors")


# --------------------------------------------------- the format: PyTorch's, with metadata


# torch.manual_seed(0); safetensors.torch.save(torch.nn.Linear(3, 2).state_dict())
# (PyTorch 2.13.0, safetensors 0.8.0): 160 bytes.
TORCH_LINEAR_3_2 = bytes.fromhex(
    "78000000000000007b2262696173223a7b226474797065223a22463332222c227368617065223a5b"
    "325d2c22646174615f6f666673657473223a5b302c385d7d2c22776569676874223a7b2264747970"
    "65223a22463332222c227368617065223a5b322c335d2c22646174615f6f666673657473223a5b38"
    "2c33325d7d7d2020406b3bbc7a61ea3ee8a38dbb13939e3e7e4bf3bec98bd9beb1b463be53891e3e")
# That Linear's output for X, from PyTorch.
X = np.array([[1.0, 2.0, 3.0], [-0.5, 0.25, 4.0]], dtype=np.float32)
TORCH_OUTPUT = [[-0.8218859434127808, 0.0526045560836792],
                [-1.8325903415679932, 1.2339129447937012]]


def _entries(data):
    """A safetensors file's header entries (without metadata)."""
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    header.pop("__metadata__", None)
    return header


def test_a_file_pytorch_wrote_loads_into_the_same_gradproof_model(tmp_path):
    path = tmp_path / "torch_linear.safetensors"
    path.write_bytes(TORCH_LINEAR_3_2)
    model = nn.load(Linear(3, 2, seed=7).float(), path)
    np.testing.assert_allclose(model(X).data, TORCH_OUTPUT, rtol=1e-6)
    state = nn.load(path)
    assert list(state) == ["bias", "weight"] and state["weight"].shape == (2, 3)
    assert Linear(3, 2).load_state_dict(state) == ([], [])  # float32 into float64


def test_a_gradproof_file_has_pytorchs_names_dtypes_shapes_and_layout(tmp_path):
    model = nn.load(Linear(3, 2, seed=7).float(), _write(tmp_path, TORCH_LINEAR_3_2))
    path = nn.save(model, tmp_path / "ours.safetensors")
    ours = path.read_bytes()
    assert _entries(ours) == _entries(TORCH_LINEAR_3_2)  # byte ranges too
    length = int.from_bytes(ours[:8], "little")
    assert ours[8 + length:] == TORCH_LINEAR_3_2[-32:]  # the same bytes of data


def test_metadata_names_the_version_and_the_module_classes(tmp_path):
    model = Sequential(Linear(2, 3), ReLU(), Sequential(Linear(3, 1)))
    path = nn.save(model, tmp_path / "m.safetensors")
    with safe_open(path, "np") as f:
        metadata = f.metadata()
    assert metadata["gradproof.version"] == autograd.__version__
    assert metadata["format"] == "pt"  # what Hugging Face's loaders look for
    assert json.loads(metadata["gradproof.modules"]) == {
        "": "Sequential", "0": "Linear", "1": "ReLU", "2": "Sequential", "2.0": "Linear"}


def _write(tmp_path, data, name="file.safetensors"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------- resuming training


def test_resuming_from_a_checkpoint_continues_training_bit_for_bit(tmp_path):
    x = np.random.default_rng(0).normal(size=(16, 3))
    y = np.random.default_rng(1).normal(size=(16, 1))

    def setup():
        model = Sequential(Linear(3, 8, seed=0), ReLU(), Linear(8, 1, seed=1))
        return model, Adam(model.parameters(), lr=0.01)

    def train(model, opt, steps):
        for _ in range(steps):
            loss = ((model(x) - y) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()

    model, opt = setup()
    train(model, opt, 3)
    nn.save({"model": model.state_dict(), "epoch": 3, "optimizer": opt.state_dict()},
            tmp_path / "checkpoint.safetensors")
    train(model, opt, 3)

    resumed, resumed_opt = setup()
    checkpoint = nn.load(tmp_path / "checkpoint.safetensors")
    resumed.load_state_dict(checkpoint["model"])
    resumed_opt.load_state_dict(checkpoint["optimizer"])
    assert checkpoint["epoch"] == 3
    assert checkpoint["optimizer"]["param_groups"][0]["betas"] == (0.9, 0.999)
    train(resumed, resumed_opt, 3)
    assert snapshot(resumed) == snapshot(model)


# ------------------------------------------------------------------ all or nothing


def test_an_overflow_in_the_last_entry_changes_nothing(tmp_path):
    model = Net().float()
    before = snapshot(model)
    state = {name: a.astype(np.float64) + 1.0 for name, a in model.state_dict().items()}
    state["scale"] = np.array([1e300, 1.0])  # the last entry: float32 overflows
    with np.errstate(over="raise"):
        with pytest.raises(FloatingPointError, match="scale \\(float64\\) does not fit "
                                                     "float32.*nothing was loaded"):
            model.load_state_dict(state)
        assert snapshot(model) == before
        path = nn.save(state, tmp_path / "big.safetensors")
        with pytest.raises(FloatingPointError, match="big.safetensors.*scale"):
            nn.load(model, path)
    assert snapshot(model) == before


def test_a_read_only_parameter_array_is_replaced_not_written(tmp_path):
    model = Net()
    weight = model.block[0].weight
    old = weight.data
    old.flags.writeable = False  # e.g. a memory-mapped array, or one marked read-only
    old_bytes = old.tobytes()
    source = Net(seed=3)
    model.load_state_dict(source.state_dict())
    assert snapshot(model) == snapshot(source)
    assert model.block[0].weight is weight and old.tobytes() == old_bytes
    opt = SGD(model.parameters(), lr=0.1)  # the loaded arrays are the model's to change
    model.block[0](X.astype(np.float64)).sum().backward()
    opt.step()
    # ...and with an overflow after it, it stays as it was, like everything else.
    fresh = Net().float()
    fresh.block[0].weight.data.flags.writeable = False
    before = snapshot(fresh)
    state = {**Net(seed=3).state_dict(), "scale": np.array([1e300, 0.0])}
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        fresh.load_state_dict(state)
    assert snapshot(fresh) == before


@pytest.mark.parametrize("change, message, savable", [
    (lambda s: s.__setitem__("scale", np.ones(3)), "wrong shape: scale is \\(3,\\)", True),
    (lambda s: s.pop("scale"), "missing: scale", True),
    (lambda s: s.__setitem__("extra", np.ones(1)), "unexpected: extra", True),
    (lambda s: s.__setitem__("scale", np.array(["a", "b"])), "not numbers: scale", False),
])
def test_a_bad_entry_anywhere_changes_nothing_in_memory_or_from_a_file(tmp_path, change,
                                                                       message, savable):
    model = Net()
    before = snapshot(model)
    state = {name: a + 1.0 for name, a in Net(seed=4).state_dict().items()}
    change(state)
    with pytest.raises(ValueError, match=message):
        model.load_state_dict(state)
    assert snapshot(model) == before
    if savable:  # nn.save refuses text arrays itself
        path = nn.save(state, tmp_path / "bad.safetensors")
        with pytest.raises(ValueError, match=f"nn.load: '.*bad.safetensors': .*{message}"):
            nn.load(model, path)
        assert snapshot(model) == before


def test_loading_keeps_the_parameters_an_optimizer_holds(tmp_path):
    model = Net()
    opt = SGD(model.parameters(), lr=1.0)
    path = nn.save(Net(seed=2), tmp_path / "n.safetensors")
    nn.load(model, path)
    model.scale.grad = np.ones(2)
    opt.step()
    assert model.scale.data.tolist() == [0.0, 0.0]  # the optimizer moved the loaded values


def test_a_checkpoint_does_not_load_into_a_model_as_if_it_were_a_state_dict(tmp_path):
    path = nn.save({"model": Net().state_dict(), "epoch": 1}, tmp_path / "c.safetensors")
    with pytest.raises(ValueError, match="holds a checkpoint \\(keys 'model', 'epoch'\\)"):
        nn.load(Net(), path)
    same(nn.load(path)["model"], Net().state_dict())


def test_an_empty_model_saves_and_loads(tmp_path):
    path = nn.save(ReLU(), tmp_path / "relu.safetensors")
    assert nn.load(path) == OrderedDict() and nn.load(ReLU(), path).training


# ------------------------------------------------------- .npz files of gradproof 0.1


def _save_like_gradproof_0_1(module, path):
    """gradproof 0.1's nn.save, byte for byte: np.savez with a format marker."""
    with open(path, "wb") as f:
        np.savez(f, __gradproof_nn__=np.array("gradproof.nn state_dict v1"),
                 **module.state_dict())


def test_npz_files_of_the_previous_version_still_load(tmp_path):
    source = Net(seed=2)
    _save_like_gradproof_0_1(source, tmp_path / "old.npz")
    target = nn.load(Net(), tmp_path / "old.npz")
    assert snapshot(target) == snapshot(source)
    same(nn.load(tmp_path / "old.npz"), source.state_dict())
    np.savez_compressed(tmp_path / "compressed.npz", **source.state_dict())  # deflated
    same(nn.load(tmp_path / "compressed.npz"), source.state_dict())


def test_npz_from_elsewhere_names_its_entries_and_a_wrong_marker_is_refused(tmp_path):
    np.savez(tmp_path / "other.npz", weights=np.zeros(3))
    with pytest.raises(ValueError, match="'.*other.npz': load_state_dict for Linear: "
                                         "missing: weight, bias; unexpected: weights"):
        nn.load(Linear(2, 1), tmp_path / "other.npz")
    np.savez(tmp_path / "future.npz", __gradproof_nn__=np.array("gradproof.nn v9"))
    with pytest.raises(ValueError, match="has format 'gradproof.nn v9', expected"):
        nn.load(tmp_path / "future.npz")


# ------------------------------------------------------ any checkpoint, by hypothesis


DTYPES = [np.float16, np.float32, np.float64, np.int8, np.int16, np.int32, np.int64, np.uint8,
          np.uint16, np.uint32, np.uint64, np.bool_]
arrays = st.sampled_from(DTYPES).flatmap(lambda dtype: hnp.arrays(
    dtype, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)))
scalars = st.sampled_from(DTYPES).flatmap(lambda dtype: hnp.from_dtype(np.dtype(dtype)).map(
    lambda x: np.dtype(dtype).type(x)))
text = st.text(st.characters(exclude_categories=[]))  # lone surrogates and NUL too
leaves = st.none() | st.booleans() | st.integers() | st.floats() | text | arrays | scalars
keys = text | st.integers()
checkpoints = st.dictionaries(keys, st.recursive(
    leaves, lambda inner: (st.lists(inner, max_size=3) | st.lists(inner, max_size=3).map(tuple)
                           | st.dictionaries(keys, inner, max_size=3)
                           | st.dictionaries(text, inner, max_size=3).map(OrderedDict)),
    max_leaves=12), max_size=4)


@given(checkpoints)
def test_any_checkpoint_comes_back_as_it_went(checkpoint):
    same(_round_trip(checkpoint), checkpoint)
