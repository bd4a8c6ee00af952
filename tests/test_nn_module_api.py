"""Module's API around the layers as PyTorch 2.13's (audit 3, items A1, A5-A9, C14, C15).

Each expected value is what the same code printed under torch 2.13 (torch's names in place of
gradproof's), written in as a literal.
"""

import copy
from collections import OrderedDict

import numpy as np
import pytest

import nn
from autograd import Tensor, tensor
from nn import Linear, Module, Parameter, ReLU, Sequential


class Frozen(Module):
    """The frozen-BatchNorm pattern: train() keeps the norm layer in evaluation mode."""

    def __init__(self):
        self.bn = nn.BatchNorm1d(2)

    def train(self, mode=True):
        super().train(mode)
        self.bn.eval()
        return self

    def forward(self, x):
        return self.bn(x)


def test_train_calls_each_childs_train_so_an_override_is_obeyed():
    model = Sequential(Frozen(), nn.Dropout())
    model.train()
    assert (model.training, model[0].training, model[0].bn.training, model[1].training) == (
        True, True, False, True)
    model(Tensor(np.ones((3, 2))))
    assert int(model[0].bn.num_batches_tracked) == 0  # torch: 0 (the statistics are frozen)
    model.eval()
    assert not model[0].training and not model[1].training


def test_parameter_shares_a_tensors_array_and_keeps_an_int_dtype():
    t = Tensor([1.0, 2.0, 3.0])
    p = Parameter(t)
    t[0] = 5.0
    assert p[0].item() == 5.0 and p.requires_grad  # torch: 5.0 (the same storage)
    frozen = Parameter(tensor([1, 2]), requires_grad=False)
    assert frozen.dtype == np.int64 and not frozen.requires_grad  # torch: int64
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require"):
        Parameter(tensor([1, 2]))  # torch: RuntimeError
    assert Parameter().shape == (0,)
    a = np.ones(2)
    assert Parameter(a).data is not a  # an ndarray is copied, as Tensor(a)


def test_assigning_over_a_parameter_or_child_is_refused_as_pytorch():
    lin = Linear(3, 2)
    for value, shown in [(Tensor(np.zeros((2, 3))), "Tensor"), (3, "int"), (ReLU(), "ReLU"),
                         (np.zeros((2, 3)), "ndarray")]:
        with pytest.raises(TypeError, match=f"cannot assign '{shown}' as parameter 'weight' "
                                            r"\(nn.Parameter or None expected\)"):
            lin.weight = value
    assert [name for name, _ in lin.named_parameters()] == ["weight", "bias"]
    lin.weight = Parameter(np.zeros((2, 3)))  # a Parameter may replace it
    lin.bias = None  # and None
    assert list(lin._parameters) == ["weight"]

    class Net(Module):
        def __init__(self):
            self.lin = Linear(2, 2)

    net = Net()
    for value, shown in [(3, "int"), (Tensor([0.0]), "Tensor")]:
        with pytest.raises(TypeError, match=f"cannot assign '{shown}' as child module 'lin' "
                                            r"\(nn.Module or None expected\)"):
            net.lin = value
    net.lin = Parameter(np.zeros(2))  # torch: allowed, the place becomes a parameter
    assert list(net._parameters) == ["lin"] and list(net._modules) == []


def test_assigning_over_a_buffer_keeps_it_a_buffer_unless_a_parameter_takes_it():
    bn = nn.BatchNorm1d(2)
    with pytest.raises(TypeError, match="cannot assign 'int' as buffer 'running_mean'"):
        bn.running_mean = 5
    bn.running_mean = Tensor(np.zeros(2))
    bn.running_mean = np.zeros(2)  # numpy buffers are gradproof's (num_batches_tracked)
    bn.running_mean = Parameter(np.zeros(2))
    assert list(bn._buffers) == ["running_var", "num_batches_tracked"]  # torch's lists
    assert list(bn._parameters) == ["weight", "bias", "running_mean"]


def test_member_dicts_name_the_direct_members():
    lin = Linear(2, 2)
    seq = Sequential(lin, lin)
    assert list(seq._modules) == ["0", "1"] and list(lin._parameters) == ["weight", "bias"]
    bn = nn.BatchNorm1d(2)
    assert list(bn._buffers) == ["running_mean", "running_var", "num_batches_tracked"]
    assert bn._buffers["running_var"] is bn.running_var and lin._parameters["bias"] is lin.bias
    seq._modules["1"] = ReLU()  # a live view: writing it sets the attribute
    assert isinstance(seq[1], ReLU)


def test_remove_duplicate_and_memo():
    lin = Linear(2, 2)
    seq = Sequential(lin, lin)
    assert [n for n, _ in seq.named_parameters(remove_duplicate=False)] == [
        "0.weight", "0.bias", "1.weight", "1.bias"]
    assert [n for n, _ in seq.named_parameters()] == ["0.weight", "0.bias"]
    assert [n for n, _ in seq.named_modules(remove_duplicate=False)] == ["", "0", "1"]
    assert [n for n, _ in seq.named_modules(memo={lin})] == [""]


def test_state_dict_gives_detached_tensors_sharing_the_arrays():
    lin = Linear(2, 2)
    assert list(lin.state_dict(prefix="p.")) == ["p.weight", "p.bias"]
    assert lin.state_dict(keep_vars=True)["weight"] is lin.weight
    state = lin.state_dict()
    assert type(state["weight"]) is Tensor and not state["weight"].requires_grad
    state["weight"][:] = 0.0  # torch: the model's weight is zeroed
    assert not lin.weight.data.any()
    into = OrderedDict()
    assert lin.state_dict(into, "x.") is into and list(into) == ["x.weight", "x.bias"]
    bn = nn.BatchNorm1d(2)
    assert bn.state_dict()["num_batches_tracked"].dtype == np.int64


class Counted(Module):
    def __init__(self):
        self.w = Parameter(np.ones(2))
        self.count = 0

    def get_extra_state(self):
        return {"count": self.count}

    def set_extra_state(self, state):
        self.count = state["count"]


def test_extra_state_is_saved_and_loaded():
    e = Counted()
    e.count = 7
    state = e.state_dict()
    assert list(state) == ["w", "_extra_state"] and state["_extra_state"] == {"count": 7}
    other = Counted()
    assert repr(other.load_state_dict(state)) == "<All keys matched successfully>"
    assert other.count == 7
    with pytest.raises(RuntimeError, match="missing: _extra_state"):
        Counted().load_state_dict({"w": np.ones(2)})
    assert Counted().load_state_dict({"w": np.ones(2)}, strict=False).missing_keys == [
        "_extra_state"]


def test_an_overridden_load_from_state_dict_can_migrate_keys():
    class Old(Module):
        def __init__(self):
            self.w = Parameter(np.zeros(2))

        def _load_from_state_dict(self, state, prefix, *args):
            if prefix + "old" in state:
                state[prefix + "w"] = state.pop(prefix + "old")
            super()._load_from_state_dict(state, prefix, *args)

    model = Sequential(Old())
    assert repr(model.load_state_dict({"0.old": Tensor([1.0, 2.0])})) == (
        "<All keys matched successfully>")
    assert model[0].w.tolist() == [1.0, 2.0]


def test_a_failed_load_changes_nothing_and_is_a_runtime_error():
    model = Sequential(Linear(2, 2), Linear(2, 2))
    before = [p.data.copy() for p in model.parameters()]
    state = {name: value + 1.0 for name, value in model.state_dict().items()}
    state["1.bias"] = np.zeros(3)
    with pytest.raises(RuntimeError, match="wrong shape: 1.bias is"):
        model.load_state_dict(state)
    assert all((p.data == b).all() for p, b in zip(model.parameters(), before, strict=True))


def test_load_state_dict_assign_takes_the_values_dtype():
    lin = Linear(2, 2)
    weight = lin.weight
    lin.load_state_dict({"weight": np.ones((2, 2), np.float32),
                         "bias": np.zeros(2, np.float32)}, assign=True)
    assert lin.weight is not weight and lin.weight.dtype == np.float32  # torch: float32
    assert type(lin.weight) is Parameter and lin.weight.requires_grad


def test_set_submodule():
    net = Sequential(Sequential(Linear(2, 2)))
    net.set_submodule("0.0", ReLU())
    assert isinstance(net[0][0], ReLU)
    with pytest.raises(ValueError, match="Cannot set the submodule without a target name!"):
        net.set_submodule("", ReLU())
    with pytest.raises(ValueError, match="`module` is not an nn.Module, found int"):
        net.set_submodule("0.0", 3)
    with pytest.raises(AttributeError, match="Sequential has no attribute `x`"):
        net.set_submodule("0.x", ReLU(), strict=True)


def test_container_pop_add_and_update():
    a = Sequential(ReLU(), nn.Tanh())
    assert isinstance(a.pop(0), ReLU) and len(a) == 1 and list(a._modules) == ["0"]
    assert len(a + Sequential(ReLU())) == 2 and len(a * 3) == 3
    with pytest.raises(ValueError, match="add operator supports only objects of Sequential "
                                         "class, but list is given."):
        a + [ReLU()]  # noqa: B018
    a += Sequential(ReLU())
    assert [type(m).__name__ for m in a] == ["Tanh", "ReLU"]
    modules = nn.ModuleList([ReLU(), nn.Tanh()])
    assert isinstance(modules.pop(-1), nn.Tanh) and len(modules + modules) == 2
    modules += [nn.Tanh()]
    assert len(modules) == 2
    d = nn.ModuleDict({"a": ReLU()})
    d.update(nn.ModuleDict({"b": nn.Tanh()}))
    assert list(d) == ["a", "b"] and list(nn.ModuleDict(d)) == ["a", "b"]
    d.clear()
    assert len(d) == 0


def test_deepcopy_leaves_grad_behind():
    lin = Linear(2, 2)
    lin(Tensor(np.ones((1, 2)))).sum().backward()
    c = copy.deepcopy(lin)
    assert c.weight.grad is None  # torch: None
    assert (c.weight.data == lin.weight.data).all() and c.weight is not lin.weight
    assert c.weight.data is not lin.weight.data and c.weight.requires_grad
