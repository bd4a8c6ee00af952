"""Module buffers: register_buffer, buffers(), named_buffers(), and buffers in state_dict,
load_state_dict, nn.save/nn.load, float()/double() and train()/eval(), as PyTorch has them.

The state_dict layouts (names, shapes, dtypes, in order) are PyTorch's, printed by
torch_reference_cnn.py into torch_numbers_cnn.py.
"""

import json

import numpy as np
import pytest
import safetensors.numpy
from torch_numbers_cnn import TORCH_STATE_DICTS

import nn
from autograd import Tensor
from nn.optim import SGD


def _layout(model):
    return [(name, array.shape, array.dtype.name) for name, array in model.state_dict().items()]


def _conv_net():
    return nn.Sequential(nn.Conv2d(1, 6, 5, seed=0), nn.BatchNorm2d(6), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(6 * 12 * 12, 10, seed=1))


def _others():
    return nn.Sequential(
        nn.Conv1d(2, 3, 3, bias=False), nn.BatchNorm1d(3), nn.ConvTranspose2d(3, 2, 2),
        nn.GroupNorm(1, 2), nn.LayerNorm((2, 3)), nn.Embedding(5, 2, padding_idx=0),
        nn.BatchNorm2d(2, affine=False), nn.BatchNorm1d(2, track_running_stats=False),
        nn.LayerNorm(4, bias=False), nn.ConvTranspose1d(2, 4, 3, groups=2))


@pytest.mark.parametrize(("name", "build"), [("conv_net", _conv_net), ("others", _others)])
def test_state_dict_names_shapes_and_dtypes_are_pytorchs(name, build):
    """PyTorch's layers default to float32: .float() gives its layout exactly, the int64
    num_batches_tracked included."""
    assert _layout(build().float()) == [(key, tuple(shape), dtype) for key, shape, dtype
                                        in TORCH_STATE_DICTS[name]]


class Counter(nn.Module):
    def __init__(self):
        self.weight = nn.Parameter(np.ones(2))
        self.register_buffer("total", Tensor(np.zeros(2)))
        self.register_buffer("scratch", Tensor(np.zeros(3)), persistent=False)
        self.register_buffer("steps", np.array(0, dtype=np.int64))
        self.register_buffer("absent", None)
        self.inner = nn.BatchNorm1d(2)

    def forward(self, x):
        self.total.data += np.asarray(x).sum(axis=0)
        return self.inner(x * self.weight)


def test_buffers_are_listed_apart_from_parameters():
    model = Counter()
    assert [name for name, _ in model.named_parameters()] == [
        "weight", "inner.weight", "inner.bias"]
    assert [name for name, _ in model.named_buffers()] == [
        "total", "scratch", "steps", "inner.running_mean", "inner.running_var",
        "inner.num_batches_tracked"]
    assert [name for name, _ in model.named_buffers("m", recurse=False)] == [
        "m.total", "m.scratch", "m.steps"]
    assert len(model.buffers()) == 6 and len(model.buffers(recurse=False)) == 3
    assert model.total is model.buffers()[0]
    # persistent ones only, after each module's own parameters (PyTorch's order)
    assert list(model.state_dict()) == [
        "weight", "total", "steps", "inner.weight", "inner.bias", "inner.running_mean",
        "inner.running_var", "inner.num_batches_tracked"]
    optimizer = SGD(model.parameters(), lr=0.1)
    assert sum(len(group["params"]) for group in optimizer.param_groups) == 3


def test_a_buffer_is_replaced_by_assignment_and_a_shared_one_is_listed_once():
    model = Counter()
    model.total = Tensor([5.0, 6.0])
    assert model.state_dict()["total"].tolist() == [5.0, 6.0]
    model.absent = Tensor([1.0])
    assert "absent" in model.state_dict()
    pair = nn.Sequential(model, model)
    assert len(pair.buffers()) == 7 and "1.total" in pair.state_dict()


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda m: m.register_buffer("a.b", Tensor([1.0])), KeyError, "contain"),
    (lambda m: m.register_buffer("", Tensor([1.0])), KeyError, "empty"),
    (lambda m: m.register_buffer(3, Tensor([1.0])), TypeError, "string"),
    (lambda m: m.register_buffer("weight", Tensor([1.0])), KeyError, "already exists"),
    (lambda m: m.register_buffer("x", nn.Parameter([1.0])), TypeError, "Parameter"),
    (lambda m: m.register_buffer("x", Tensor([1.0], requires_grad=True)), TypeError,
     "requires grad"),
    (lambda m: m.register_buffer("x", [1.0]), TypeError, "list"),
])
def test_register_buffer_refuses_bad_names_and_values(call, error, message):
    with pytest.raises(error, match=message):
        call(Counter())


def test_load_state_dict_sets_buffers_all_or_nothing():
    source, target = Counter(), Counter()
    source(np.ones((3, 2)))
    source(np.ones((3, 2)) * 2)
    keep = target.inner.running_mean
    target.load_state_dict(source.state_dict())
    assert target.total.data.tolist() == [9.0, 9.0] and int(target.steps) == 0
    assert int(target.inner.num_batches_tracked) == 2
    assert target.inner.num_batches_tracked.dtype == np.int64
    assert target.inner.running_mean is keep  # the same Tensor, a new array
    np.testing.assert_array_equal(keep.data, source.inner.running_mean.data)
    bad = {**source.state_dict(), "inner.running_var": np.ones(3)}
    fresh = Counter()
    with pytest.raises(ValueError, match="wrong shape: inner.running_var"):
        fresh.load_state_dict(bad)
    assert fresh.total.data.tolist() == [0.0, 0.0]  # nothing was loaded
    state = source.state_dict()
    del state["inner.num_batches_tracked"]
    with pytest.raises(ValueError, match="missing: inner.num_batches_tracked"):
        fresh.load_state_dict(state)
    assert fresh.load_state_dict(state, strict=False).missing_keys == [
        "inner.num_batches_tracked"]


def test_a_read_only_array_buffer_is_replaced_on_loading_not_written():
    model = Counter()
    old = model.steps
    old.flags.writeable = False
    model.load_state_dict({**model.state_dict(), "steps": np.array(7)})
    assert int(model.steps) == 7 and int(old) == 0 and model.steps.flags.writeable


def test_save_and_load_keep_buffers_and_their_dtypes(tmp_path):
    model = _conv_net()
    x = np.random.default_rng(0).standard_normal((4, 1, 28, 28))
    for _ in range(2):
        model(x)  # training: running statistics move
    path = nn.save(model, tmp_path / "net.safetensors")
    header = json.loads(path.read_bytes()[8:8 + int.from_bytes(path.read_bytes()[:8], "little")])
    assert header["1.num_batches_tracked"]["dtype"] == "I64"
    assert header["1.num_batches_tracked"]["shape"] == []
    assert safetensors.numpy.load_file(path)["1.running_var"].dtype == np.float64
    fresh = _conv_net()
    nn.load(fresh, path)
    assert int(fresh[1].num_batches_tracked) == 2
    model.eval()
    fresh.eval()
    np.testing.assert_array_equal(fresh(x).data, model(x).data)
    state = nn.load(path)
    assert state["1.num_batches_tracked"].dtype == np.int64


def test_float_and_double_convert_floating_buffers_only():
    model = Counter().float()
    assert model.total.dtype == np.float32 and model.inner.running_var.dtype == np.float32
    assert model.steps.dtype == np.int64 and model.inner.num_batches_tracked.dtype == np.int64
    model.double()
    assert model.total.dtype == np.float64


def test_train_and_eval_decide_whether_batch_norm_updates_its_buffers():
    model = nn.Sequential(nn.Linear(2, 2, seed=0), nn.BatchNorm1d(2))
    x = np.random.default_rng(1).standard_normal((5, 2))
    model(x)
    after_training = model[1].running_mean.data.copy()
    model.eval()
    assert not model[1].training
    model(x)
    np.testing.assert_array_equal(model[1].running_mean.data, after_training)
    assert int(model[1].num_batches_tracked) == 1
    model.train()
    model(x)
    assert int(model[1].num_batches_tracked) == 2
