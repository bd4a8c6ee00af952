"""nn.Module: the parameter walk, names, modes, name scopes, state_dict (files: test_nn_io)."""

import numpy as np
import pytest

import nn
from autograd import Tensor, Value, toposort
from nn import Linear, Module, Parameter, ReLU, Sequential


class Block(Module):
    def __init__(self):
        self.fc = Linear(3, 4, seed=0)
        self.act = ReLU()

    def forward(self, x):
        return self.act(self.fc(x))


class Net(Module):
    def __init__(self):
        self.block = Block()
        self.layers = [Linear(4, 4, seed=1), Linear(4, 2, seed=2)]
        self.heads = {"a": Linear(2, 1, seed=3)}
        self.scale = Parameter(np.ones(2))
        self.shared = self.layers[0]  # the same module twice: its parameters count once
        self.note = "not a parameter"
        self.constant = Tensor([1.0, 2.0])  # no grad: a constant, not a parameter

    def forward(self, x):
        x = self.block(x)
        for layer in self.layers:
            x = layer(x)
        return self.heads["a"](x * self.scale)


def test_parameter_is_a_leaf_tensor_that_requires_grad():
    p = Parameter([1.0, 2.0])
    assert isinstance(p, Tensor) and p.requires_grad and not p._prev
    assert isinstance(p, Parameter)
    assert not isinstance(Tensor([1.0], requires_grad=True), Parameter)
    assert type(p * 2) is Tensor and type(p + Tensor([1.0, 1.0])) is Tensor  # results
    assert repr(p).startswith("Parameter containing:")


def test_frozen_parameters_are_still_parameters_and_saved():
    # PyTorch's habit: requires_grad=False freezes a parameter, it does not drop it.
    model = Sequential(Linear(2, 3, seed=0), ReLU(), Linear(3, 1, seed=1))
    model[0].weight.requires_grad = False
    names = [name for name, _ in model.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert list(model.state_dict()) == names
    fresh = Sequential(Linear(2, 3, seed=5), ReLU(), Linear(3, 1, seed=6))
    fresh.load_state_dict(model.state_dict())
    np.testing.assert_array_equal(fresh[0].weight.data, model[0].weight.data)
    # An optimizer takes it and leaves it alone: backward never gives it a gradient.
    from nn.optim import SGD
    before = model[0].weight.data.copy()
    opt = SGD(model.parameters(), lr=0.1)
    model(np.ones((4, 2))).sum().backward()
    opt.step()
    assert model[0].weight.grad is None
    np.testing.assert_array_equal(model[0].weight.data, before)


def test_a_tensor_kept_on_a_module_is_not_a_parameter():
    class Remembers(Module):
        def __init__(self):
            self.fc = Linear(2, 2, seed=0)

        def forward(self, x):
            self.last_input = x  # kept for later, as users do; not the module's state
            return self.fc(x)

    model = Remembers()
    model(Tensor(np.ones((1, 2)), requires_grad=True))
    assert [name for name, _ in model.named_parameters()] == ["fc.weight", "fc.bias"]


def test_named_parameters_walks_attributes_lists_and_dicts_in_order():
    # PyTorch's order: a module's own parameters, then each submodule's, depth first.
    names = [name for name, _ in Net().named_parameters()]
    assert names == ["scale", "block.fc.weight", "block.fc.bias", "layers.0.weight",
                     "layers.0.bias", "layers.1.weight", "layers.1.bias", "heads.a.weight",
                     "heads.a.bias"]


def test_parameters_are_each_listed_once_and_match_named_parameters():
    net = Net()
    params = net.parameters()
    assert len({id(p) for p in params}) == len(params) == 9
    assert [id(p) for p in params] == [id(p) for _, p in net.named_parameters()]
    assert params[3] is net.layers[0].weight


def test_named_modules_and_children():
    net = Net()
    assert [name for name, _ in net.named_modules()] == [
        "", "block", "block.fc", "block.act", "layers.0", "layers.1", "heads.a"]
    assert [type(m).__name__ for m in net.children()] == ["Block", "Linear", "Linear", "Linear"]


def test_zero_grad_sets_tensor_grads_to_none_and_value_grads_to_zero():
    net = Net()
    net(Tensor(np.ones((2, 3)))).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())

    class Scalar(Module):
        def __init__(self):
            self.w = [Value(1.0), Value(2.0)]

    s = Scalar()
    (s.w[0] * s.w[1]).backward()
    assert [p.grad for p in s.parameters()] == [2.0, 1.0]
    s.zero_grad()
    assert [p.grad for p in s.parameters()] == [0.0, 0.0]


def test_micrograd_mlp_keeps_its_parameter_order_and_gains_names():
    mlp = nn.MLP(2, [3, 1])
    named = list(mlp.named_parameters())
    assert [p for _, p in named] == mlp.parameters()
    assert named[0][0] == "layers.0.neurons.0.w.0" and named[-1][0] == "layers.1.neurons.0.b"


def test_train_and_eval_reach_every_submodule():
    net = Net()
    assert net.eval() is net
    assert all(not m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


def test_train_refuses_a_mode_that_is_not_a_bool_as_pytorch():
    net = Net()
    for mode in ("no", 0, 1, None):
        with pytest.raises(ValueError, match="training mode is expected to be boolean"):
            net.train(mode)
    assert all(m.training for m in net.modules())  # nothing was changed


def test_named_parameters_prefix_and_recurse_as_pytorch():
    net = Net()
    assert [name for name, _ in net.named_parameters(prefix="net")][:3] == [
        "net.scale", "net.block.fc.weight", "net.block.fc.bias"]
    assert [name for name, _ in net.named_parameters(recurse=False)] == ["scale"]
    assert net.parameters(recurse=False) == [net.scale]
    assert [name for name, _ in net.block.fc.named_parameters(recurse=False)] == [
        "weight", "bias"]
    assert [name for name, _ in net.named_modules(prefix="net")][:3] == [
        "net", "net.block", "net.block.fc"]
    assert isinstance(net.parameters(), list)  # micrograd-style code calls len() on it


def test_get_submodule_follows_a_dotted_path_as_pytorch():
    net = Net()
    assert net.get_submodule("") is net
    assert net.get_submodule("block.fc") is net.block.fc
    assert net.get_submodule("layers.1") is net.layers[1]  # an item of a plain list
    assert net.get_submodule("heads.a") is net.heads["a"]
    with pytest.raises(AttributeError, match="Block has no attribute `zz`"):
        net.get_submodule("block.zz")
    with pytest.raises(AttributeError, match="Net has no attribute `layers.2`"):
        net.get_submodule("layers.2.weight")
    with pytest.raises(AttributeError, match="Net has no attribute `zz`"):
        net.get_submodule("zz.fc")
    with pytest.raises(AttributeError, match="`weight` is not an nn.Module"):
        net.get_submodule("block.fc.weight")
    model = Sequential(Linear(2, 2), Sequential(ReLU()))
    assert model.get_submodule("1.0") is model[1][0]
    with pytest.raises(AttributeError, match="Sequential has no attribute `5`"):
        model.get_submodule("5")


def test_add_module_makes_a_child_under_any_name_as_pytorch():
    model = Module()
    fc = Linear(2, 3, seed=0)
    model.add_module("fc", fc)
    model.add_module("0", ReLU())  # not an identifier: still a child, by getattr
    assert model.fc is fc and [name for name, _ in model.named_children()] == ["fc", "0"]
    assert [name for name, _ in model.named_parameters()] == ["fc.weight", "fc.bias"]
    model.add_module("fc", Linear(2, 1))  # replacing a child is allowed
    model.add_module("gone", None)  # an absent child, as PyTorch
    assert model.fc is not fc and model.gone is None
    model.note = "text"
    for name, module, error, message in [
            ("a.b", ReLU(), KeyError, "can't contain"),
            ("", ReLU(), KeyError, "can't be empty"),
            (3, ReLU(), TypeError, "module name should be a string. Got int"),
            ("training", ReLU(), KeyError, "attribute 'training' already exists"),
            ("forward", ReLU(), KeyError, "attribute 'forward' already exists"),
            ("note", ReLU(), KeyError, "attribute 'note' already exists"),
            ("_hidden", ReLU(), KeyError, "private"),
            ("x", 3, TypeError, "int is not a Module subclass")]:
        with pytest.raises(error) as info:
            model.add_module(name, module)
        assert message in info.value.args[0]


def test_register_parameter_as_pytorch():
    model = Module()
    w = Parameter(np.ones(2))
    model.register_parameter("w", w)
    model.register_parameter("b", None)  # an absent parameter, as Linear(bias=False)
    assert model.w is w and model.b is None
    assert [name for name, _ in model.named_parameters()] == ["w"]
    model.register_parameter("w", Parameter(np.zeros(1)))  # replacing one is allowed
    model.register_parameter("b", Parameter(np.zeros(1)))
    assert [name for name, _ in model.named_parameters()] == ["w", "b"]
    model.fc = Linear(1, 1)
    for name, param, error, message in [
            ("t", Tensor(np.ones(2), requires_grad=True), TypeError,
             "cannot assign 'Tensor' object to parameter 't' (nn.Parameter or None required)"),
            ("r", w * 2, TypeError, "cannot assign 'Tensor' object"),  # not a leaf
            ("fc", None, KeyError, "attribute 'fc' already exists"),
            ("p.q", None, KeyError, "can't contain"),
            ("", None, KeyError, "can't be empty"),
            (1, None, TypeError, "parameter name should be a string. Got int")]:
        with pytest.raises(error) as info:
            model.register_parameter(name, param)
        assert message in info.value.args[0]
    model.register_parameter("v", Value(1.0))  # micrograd's parameters are leaf Values
    assert [name for name, _ in model.named_parameters()] == [
        "w", "b", "v", "fc.weight", "fc.bias"]  # its own first, as PyTorch


def test_apply_visits_children_before_parents_and_returns_self_as_pytorch():
    net = Net()
    visited = []
    assert net.apply(visited.append) is net
    # PyTorch's order: each child's subtree, then the module itself; a module held at two
    # places (net.shared) is visited at each, as PyTorch's recursion over children() does.
    assert [type(m).__name__ for m in visited] == [
        "Linear", "ReLU", "Block", "Linear", "Linear", "Linear", "Net"]

    def zero_linear(m):
        if isinstance(m, Linear):
            m.weight.data[...] = 0.0

    net.apply(zero_linear)
    assert all(not m.weight.data.any() for m in net.modules() if isinstance(m, Linear))
    mlp = nn.MLP(2, [2, 1])
    assert len(mlp.apply(visited.append).layers) == 2 and visited[-1] is mlp


def test_requires_grad_freezes_and_unfreezes_every_parameter():
    net = Net()
    assert net.requires_grad_(False) is net
    assert not any(p.requires_grad for p in net.parameters())
    assert len(net.parameters()) == 9  # frozen parameters are still parameters
    assert net.block.requires_grad_() is net.block
    assert [p.requires_grad for p in net.parameters()] == [False, True, True] + [False] * 6
    with pytest.raises(TypeError, match="a micrograd Value always gets a gradient"):
        nn.MLP(2, [1]).requires_grad_(False)
    assert nn.MLP(2, [1]).requires_grad_(True) is not None


def test_double_and_float_cast_parameters_in_place_and_keep_them():
    net = Net()
    params = net.parameters()
    net(Tensor(np.ones((2, 3)))).sum().backward()
    assert net.float() is net
    assert net.parameters() == params  # the same Parameters: an optimizer still has them
    assert all(p.dtype == np.float32 and p.grad.dtype == np.float32 for p in params)
    assert net(Tensor(np.ones((2, 3)), dtype=np.float32)).dtype == np.float32
    assert net.double() is net and all(p.dtype == np.float64 for p in params)
    assert net.constant.dtype == np.float64  # a plain Tensor attribute is not a parameter
    mlp = nn.MLP(2, [1])
    assert all(type(p.data) is float for p in mlp.float().parameters())  # Values: floats


def test_forward_is_required():
    with pytest.raises(NotImplementedError, match="Module has no forward"):
        Module()(1)


def test_repr_shows_the_tree():
    model = Sequential(Linear(2, 3, seed=0), ReLU(), Sequential(Linear(3, 1, bias=False)))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Sequential(\n"
        "    (0): Linear(in_features=3, out_features=1, bias=False)\n"
        "  )\n"
        ")")


# ------------------------------------------------------------------- name scopes


def _scopes(root):
    return {node._scope for node in toposort(root) if node._prev}


def test_nodes_made_in_a_module_carry_its_path_from_the_root():
    net = Net()
    out = net(Tensor(np.ones((2, 3))))
    assert _scopes(out) == {
        ("(Net)", "block (Block)", "block.fc (Linear)"),
        ("(Net)", "block (Block)", "block.act (ReLU)"),
        ("(Net)", "layers.0 (Linear)"),
        ("(Net)", "layers.1 (Linear)"),
        ("(Net)",),  # x * self.scale, in Net.forward itself
        ("(Net)", "heads.a (Linear)"),
    }


def test_a_submodule_called_on_its_own_is_the_root_of_its_scope():
    net = Net()
    out = net.block(Tensor(np.ones((2, 3))))
    assert _scopes(out) == {("(Block)", "fc (Linear)"), ("(Block)", "act (ReLU)")}
    # ... and called from its parent again, it has its full path once more
    out = net(Tensor(np.ones((2, 3))))
    assert ("(Net)", "block (Block)", "block.fc (Linear)") in _scopes(out)


def test_a_module_outside_the_tree_called_in_forward_is_named_by_its_class():
    class WithLoss(Module):
        def __init__(self):
            self.fc = Linear(2, 1, seed=0)

        def forward(self, x, y):
            return nn.MSELoss()(self.fc(x), y)  # made on the fly: not an attribute

    loss = WithLoss()(Tensor(np.ones((3, 2))), np.zeros((3, 1)))
    assert loss._scope == ("(WithLoss)", "(MSELoss)")
    assert ("(WithLoss)", "fc (Linear)") in _scopes(loss)


def test_sequential_children_are_named_by_position():
    model = Sequential(Linear(2, 2, seed=0), ReLU())
    assert _scopes(model(Tensor(np.ones((1, 2))))) == {
        ("(Sequential)", "0 (Linear)"), ("(Sequential)", "1 (ReLU)")}


def test_scope_is_restored_after_an_error_inside_forward():
    model = Sequential(Linear(2, 2, seed=0))
    with pytest.raises(ValueError):
        model(Tensor(np.ones((1, 3))))
    out = Linear(2, 2, seed=0)(Tensor(np.ones((1, 2))))
    assert out._scope == ("(Linear)",)


# ---------------------------------------------------------------------- state_dict


def _snapshot(module):
    return [p.data.copy() for p in module.parameters()]


def _unchanged(module, snapshot):
    return all(np.array_equal(p.data, s) for p, s in zip(module.parameters(), snapshot,
                                                          strict=True))


def test_state_dict_is_ordered_and_shares_the_arrays_as_pytorch():
    net = Net()
    state = net.state_dict()
    assert list(state) == [name for name, _ in net.named_parameters()] + [
        "shared.weight", "shared.bias"]  # net.shared is layers[0] under a second name
    assert type(state["scale"]) is Tensor and not state["scale"].requires_grad
    state["scale"][0] = 99.0  # detached, but the same array: the model changes (PyTorch's)
    assert net.scale.data[0] == 99.0


def test_load_state_dict_round_trip_keeps_the_parameters_and_gives_them_new_arrays():
    source, target = Net(), Net()
    for p in source.parameters():
        p.data += 1.0
    weight, weight_array = target.block.fc.weight, target.block.fc.weight.data
    result = target.load_state_dict(source.state_dict())
    assert result == ([], []) and result.missing_keys == [] and result.unexpected_keys == []
    assert repr(result) == "<All keys matched successfully>"  # PyTorch's wording
    for (name, p), q in zip(source.named_parameters(), target.parameters(), strict=True):
        assert np.array_equal(p.data, q.data), name
    # The same Parameter, a new array (all or nothing: see test_nn_io.py); the old array,
    # which someone may hold, is left as it was.
    assert target.block.fc.weight is weight and weight.data is not weight_array
    assert not np.array_equal(weight_array, target.block.fc.weight.data)


def test_load_state_dict_lists_every_problem_and_changes_nothing():
    net = Net()
    state = net.state_dict()
    for name in state:
        state[name] = state[name] + 1.0
    del state["scale"], state["layers.1.bias"]
    state["extra"] = np.zeros(3)
    state["block.fc.weight"] = np.zeros((3, 4))
    state["heads.a.bias"] = np.array(["text"])
    before = _snapshot(net)
    with pytest.raises(ValueError) as info:
        net.load_state_dict(state)
    message = str(info.value)
    assert "missing: scale, layers.1.bias" in message
    assert "unexpected: extra" in message
    assert "wrong shape: block.fc.weight is (3, 4), expected (4, 3)" in message
    assert "not numbers: heads.a.bias" in message
    assert _unchanged(net, before)


def test_load_state_dict_not_strict_ignores_missing_and_unexpected_only():
    net = Net()
    missing, unexpected = net.load_state_dict(
        {"scale": np.array([3.0, 4.0]), "other": np.zeros(1)}, strict=False)
    assert net.scale.data.tolist() == [3.0, 4.0]
    assert unexpected == ["other"]
    assert missing == ["block.fc.weight", "block.fc.bias", "layers.0.weight", "layers.0.bias",
                       "layers.1.weight", "layers.1.bias", "heads.a.weight", "heads.a.bias",
                       "shared.weight", "shared.bias"]
    result = Linear(2, 2).load_state_dict({"weight": np.zeros((2, 2)), "extra": np.zeros(1)},
                                          strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["extra"]
    assert repr(result) == "IncompatibleKeys(missing_keys=['bias'], unexpected_keys=['extra'])"
    with pytest.raises(ValueError, match="wrong shape: scale is \\(3,\\)"):
        net.load_state_dict({"scale": np.zeros(3)}, strict=False)


class Tied(Module):
    def __init__(self):
        self.a = Linear(2, 2, seed=0)
        self.b = Linear(2, 2, seed=1)
        self.b.weight = self.a.weight  # weight tying


def test_a_shared_parameter_is_saved_under_every_name_as_pytorch():
    tied = Tied()
    assert list(tied.state_dict()) == ["a.weight", "a.bias", "b.weight", "b.bias"]
    assert [name for name, _ in tied.named_parameters()] == ["a.weight", "a.bias", "b.bias"]
    layer = Linear(2, 3, seed=0)
    model = Sequential(layer, ReLU(), layer)
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert [name for name, _ in model.named_parameters()] == ["0.weight", "0.bias"]
    # Those keys load back, and strict loading expects them all.
    state = {name: np.full(a.shape, 7.0) for name, a in tied.state_dict().items()}
    assert Tied().load_state_dict(state) == ([], [])
    del state["b.weight"]
    with pytest.raises(ValueError, match="missing: b.weight"):
        Tied().load_state_dict(state)
    other = Sequential(Linear(2, 3, seed=5), ReLU(), Linear(2, 3, seed=6))
    other.load_state_dict(model.state_dict())  # into a model that does not share them
    np.testing.assert_array_equal(other[2].weight.data, layer.weight.data)


def test_repr_lists_a_repeated_module_at_each_position_as_pytorch():
    layer = Linear(2, 2, bias=False)
    assert repr(Sequential(layer, ReLU(), layer)) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=2, bias=False)\n"
        "  (1): ReLU()\n"
        "  (2): Linear(in_features=2, out_features=2, bias=False)\n"
        ")")


def test_load_state_dict_of_value_parameters():
    a, b = nn.MLP(2, [2, 1]), nn.MLP(2, [2, 1])
    b.load_state_dict(a.state_dict())
    assert [p.data for p in b.parameters()] == [p.data for p in a.parameters()]
    assert all(type(p.data) is float for p in b.parameters())


def test_load_state_dict_needs_a_mapping():
    with pytest.raises(TypeError, match="expected a mapping of name -> array, got list"):
        Net().load_state_dict([1, 2])
