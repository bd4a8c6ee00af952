"""nn layers: Linear, the containers, activations, Flatten (Dropout: test_nn_dropout.py)."""

import math
from collections import OrderedDict

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, Value, gradcheck
from nn import (
    Flatten,
    Linear,
    LogSoftmax,
    Module,
    ModuleDict,
    ModuleList,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
)
from nn import functional as F  # noqa: N812 (PyTorch's habit)

RNG = np.random.default_rng(0)

# -------------------------------------------------------------------------- Linear


def test_linear_shapes_and_pytorch_default_initialisation_bounds():
    layer = Linear(400, 300, seed=0)
    assert layer.weight.shape == (300, 400) and layer.bias.shape == (300,)
    bound = 1 / math.sqrt(400)
    for p in (layer.weight, layer.bias):
        assert p.requires_grad and p.dtype == np.float64
        assert -bound <= p.data.min() and p.data.max() <= bound
    # uniform on [-b, b]: mean 0, variance b^2 / 3 (120,000 draws: well within 2%)
    assert abs(layer.weight.data.mean()) < 0.01 * bound
    assert layer.weight.data.var() == pytest.approx(bound**2 / 3, rel=0.02)


def test_linear_is_reproducible_from_seed_generator_and_manual_seed():
    assert np.array_equal(Linear(3, 2, seed=5).weight.data, Linear(3, 2, seed=5).weight.data)
    assert not np.array_equal(Linear(3, 2, seed=5).weight.data, Linear(3, 2, seed=6).weight.data)
    a = Linear(3, 2, generator=np.random.default_rng(1))
    b = Linear(3, 2, generator=np.random.default_rng(1))
    assert np.array_equal(a.bias.data, b.bias.data)
    nn.manual_seed(7)
    first = [Linear(3, 2).weight.data for _ in range(2)]
    nn.manual_seed(7)
    again = [Linear(3, 2).weight.data for _ in range(2)]
    assert all(np.array_equal(x, y) for x, y in zip(first, again, strict=True))
    assert not np.array_equal(first[0], first[1])


def test_linear_forward_is_x_times_weight_transposed_plus_bias():
    layer = Linear(4, 3, seed=0)
    x = RNG.standard_normal((5, 4))
    expected = x @ layer.weight.data.T + layer.bias.data
    assert np.allclose(layer(Tensor(x)).data, expected, rtol=1e-15, atol=0)
    assert np.allclose(layer(x).data, expected, rtol=1e-15, atol=0)  # arrays are accepted
    assert layer(Tensor(x[0])).shape == (3,)  # one sample, no batch axis
    assert layer(Tensor(RNG.standard_normal((2, 5, 4)))).shape == (2, 5, 3)


def test_linear_without_bias_and_in_float32():
    layer = Linear(4, 3, bias=False, seed=0, dtype=np.float32)
    assert layer.bias is None and [n for n, _ in layer.named_parameters()] == ["weight"]
    out = layer(Tensor(np.ones((2, 4)), dtype=np.float32))
    assert out.dtype == np.float32
    assert np.allclose(out.data, np.ones((2, 4)) @ layer.weight.data.T)


def test_linear_gradients_match_central_differences():
    layer = Linear(3, 2, seed=0)
    x = Tensor(RNG.standard_normal((4, 3)), requires_grad=True)
    assert gradcheck(lambda x, w, b: layer(x), [x, layer.weight, layer.bias])


def test_linear_gradients_are_the_closed_form():
    layer = Linear(3, 2, seed=0)
    x = RNG.standard_normal((4, 3))
    g = RNG.standard_normal((4, 2))
    layer(Tensor(x)).backward(g)
    assert np.allclose(layer.weight.grad, g.T @ x) and np.allclose(layer.bias.grad, g.sum(0))


def test_linear_fed_the_wrong_number_of_features_names_the_layer_and_shapes():
    model = Sequential(Linear(4, 3, seed=0), ReLU(), Linear(5, 2, seed=0))
    with pytest.raises(ValueError, match=r"2 \(Linear\): input of shape \(8, 3\) does not fit "
                                         r"weight of shape \(2, 5\): expected \(\.\.\., 5\)"):
        model(Tensor(np.ones((8, 4))))
    with pytest.raises(ValueError, match=r"\(Linear\): input of shape \(\) does not fit"):
        Linear(2, 1)(Tensor(1.0))


@pytest.mark.parametrize("args, error", [((0, 3), ValueError), ((3, -1), ValueError),
                                         ((2.5, 3), TypeError), ((True, 3), TypeError),
                                         (("4", 3), TypeError)])
def test_linear_sizes_must_be_positive_integers(args, error):
    with pytest.raises(error, match="Linear: (in|out)_features must be a positive integer"):
        Linear(*args)


# ---------------------------------------------------------------------- Sequential


def test_sequential_runs_in_order_and_is_indexable():
    first, second = Linear(2, 3, seed=0), Linear(3, 1, seed=1)
    model = Sequential(first, Tanh(), second)
    x = RNG.standard_normal((4, 2))
    expected = np.tanh(x @ first.weight.data.T + first.bias.data) @ second.weight.data.T
    assert np.allclose(model(Tensor(x)).data, expected + second.bias.data)
    assert len(model) == 3 and model[0] is first and model[-1] is second
    assert list(model) == [first, model[1], second]
    assert isinstance(model[:2], Sequential) and list(model[:2]) == [first, model[1]]
    assert model.parameters() == [first.weight, first.bias, second.weight, second.bias]


def test_sequential_takes_only_modules():
    with pytest.raises(TypeError, match=r"Sequential: modules\[1\] must be a Module, got ufunc"):
        Sequential(ReLU(), np.tanh)


def _names(container):
    return [name for name, _ in container.named_children()]


def test_sequential_from_an_ordered_dict_uses_its_names_in_paths_and_repr():
    fc1, fc2 = Linear(2, 3, seed=0), Linear(3, 1, seed=1)
    model = Sequential(OrderedDict([("fc1", fc1), ("act", ReLU()), ("fc2", fc2)]))
    assert model.fc1 is fc1 and model[0] is fc1 and model[-1] is fc2  # as PyTorch
    assert [name for name, _ in model.named_parameters()] == [
        "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    assert repr(model) == (
        "Sequential(\n"
        "  (fc1): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (act): ReLU()\n"
        "  (fc2): Linear(in_features=3, out_features=1, bias=True)\n"
        ")")
    x = RNG.standard_normal((4, 2))
    np.testing.assert_allclose(model(Tensor(x)).data, fc2(fc1(Tensor(x)).relu()).data)
    assert _names(model[1:]) == ["act", "fc2"]  # a slice keeps the names, as PyTorch
    model.append(Tanh())
    assert _names(model) == ["fc1", "act", "fc2", "3"]  # PyTorch's str(len(self))


def test_sequential_append_insert_extend_setitem_delitem_as_pytorch():
    a, b, c, d = ReLU(), Tanh(), Sigmoid(), ReLU()
    model = Sequential(a, b)
    assert model.append(c) is model and list(model) == [a, b, c]
    assert model.insert(0, d) is model and list(model) == [d, a, b, c]
    assert _names(model) == ["0", "1", "2", "3"]
    model.insert(-1, d)  # before the last, as list.insert
    assert list(model) == [d, a, b, d, c]
    del model[0]
    assert list(model) == [a, b, d, c] and _names(model) == ["0", "1", "2", "3"]  # renumbered
    del model[1:3]
    assert list(model) == [a, c] and _names(model) == ["0", "1"]
    model[-1] = b
    assert list(model) == [a, b] and model[1] is b
    assert model.extend(Sequential(c, d)) is model and list(model) == [a, b, c, d]
    x = RNG.standard_normal(3)
    np.testing.assert_allclose(model(Tensor(x)).data,
                               np.maximum(1 / (1 + np.exp(-np.tanh(np.maximum(x, 0)))), 0))


def test_sequential_and_module_list_edits_reject_bad_items_and_indices():
    for container in (Sequential(ReLU(), Tanh()), ModuleList([ReLU(), Tanh()])):
        for index in (2, -3):
            with pytest.raises(IndexError, match=f"index {index} is out of range"):
                container[index]
            with pytest.raises(IndexError):
                container[index] = ReLU()
            with pytest.raises(IndexError):
                del container[index]
        with pytest.raises(IndexError):
            container.insert(3, ReLU())
        with pytest.raises(TypeError):  # PyTorch: a str index is not an integer
            container["0"]
        for edit in (lambda c: c.append(np.tanh), lambda c: c.insert(0, 3),
                     lambda c: c.__setitem__(0, None), lambda c: c.extend([ReLU(), 3])):
            with pytest.raises(TypeError, match="is not a Module subclass"):
                edit(container)
        assert len(container) == 2  # extend checks every item before adding any


def test_module_list_is_a_list_of_modules():
    a, b, c, d, e = Linear(2, 2, seed=0), ReLU(), Tanh(), Sigmoid(), Flatten()
    blocks = ModuleList([a, b])
    assert len(blocks) == 2 and list(blocks) == [a, b] and blocks[-1] is b
    assert blocks.append(c) is blocks and blocks.extend([d]) is blocks
    assert list(blocks) == [a, b, c, d]
    assert blocks.insert(1, e) is None  # PyTorch's ModuleList.insert returns None
    assert list(blocks) == [a, e, b, c, d] and _names(blocks) == ["0", "1", "2", "3", "4"]
    part = blocks[1:3]
    assert type(part) is ModuleList and list(part) == [e, b] and _names(part) == ["0", "1"]
    blocks[0] = b
    del blocks[0]
    assert list(blocks) == [e, b, c, d] and _names(blocks) == ["0", "1", "2", "3"]
    with pytest.raises(TypeError, match="extend should be called with an iterable, but got "
                                        "ReLU"):
        blocks.extend(ReLU())
    with pytest.raises(NotImplementedError):
        ModuleList([ReLU()])(1)  # a container, not a layer: it has no forward
    assert len(ModuleList()) == 0 and repr(ModuleList()) == "ModuleList()"


def test_module_list_repr_folds_runs_of_identical_modules_as_pytorch():
    blocks = ModuleList([Linear(2, 2), Linear(2, 2), ReLU(), Sequential(Linear(2, 1))])
    assert repr(blocks) == (
        "ModuleList(\n"
        "  (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)\n"
        "  (2): ReLU()\n"
        "  (3): Sequential(\n"
        "    (0): Linear(in_features=2, out_features=1, bias=True)\n"
        "  )\n"
        ")")


def test_module_dict_is_a_dict_of_modules():
    enc, dec, act = Linear(4, 2, seed=0), Linear(2, 4, seed=1), ReLU()
    heads = ModuleDict({"enc": enc, "dec": dec})
    assert list(heads) == list(heads.keys()) == ["enc", "dec"]
    assert heads.values() == [enc, dec] and heads.items() == [("enc", enc), ("dec", dec)]
    assert len(heads) == 2 and "enc" in heads and "act" not in heads and heads["dec"] is dec
    heads.update([("act", act)])
    heads.update({"enc": dec})  # replaces in place, keeping the order
    assert heads.items() == [("enc", dec), ("dec", dec), ("act", act)]
    del heads["enc"]
    assert heads.keys() == ["dec", "act"] and heads.pop("act") is act and len(heads) == 1
    with pytest.raises(KeyError, match="enc"):
        heads["enc"]
    with pytest.raises(KeyError, match="enc"):
        del heads["enc"]
    with pytest.raises(TypeError, match="is not a Module subclass"):
        heads["x"] = 3
    with pytest.raises(TypeError, match="iterable of key/value pairs, but got int"):
        heads.update(3)
    with pytest.raises(ValueError, match="element #0 has length 3; 2 is required"):
        heads.update([("a", act, act)])


@pytest.mark.parametrize("key, error, message", [
    ("forward", KeyError, "attribute 'forward' already exists"),  # as PyTorch
    ("keys", KeyError, "attribute 'keys' already exists"),
    ("training", KeyError, "attribute 'training' already exists"),
    ("a.b", KeyError, r"name can.*t contain \"\.\", got: a.b"),
    ("", KeyError, "name can.*t be empty string"),
    (3, TypeError, "module name should be a string. Got int"),
    ("_private", KeyError, "private"),  # ours: PyTorch accepts it, our walk skips '_' names
])
def test_module_dict_keys_must_be_names_that_are_not_taken(key, error, message):
    with pytest.raises(error, match=message):
        ModuleDict({key: ReLU()})


def test_containers_name_their_children_with_dotted_paths_as_pytorch():
    class Net(Module):
        def __init__(self):
            self.blocks = ModuleList([Linear(2, 2, seed=i) for i in range(2)])
            self.heads = ModuleDict({"b": Linear(2, 1, seed=3), "a": ReLU()})

        def forward(self, x):
            for block in self.blocks:
                x = block(x)
            return self.heads["b"](self.heads["a"](x))

    net = Net()
    assert [name for name, _ in net.named_modules()] == [
        "", "blocks", "blocks.0", "blocks.1", "heads", "heads.b", "heads.a"]
    assert [name for name, _ in net.named_parameters()] == [
        "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
        "heads.b.weight", "heads.b.bias"]
    assert list(net.state_dict()) == [name for name, _ in net.named_parameters()]
    assert repr(net) == (
        "Net(\n"
        "  (blocks): ModuleList(\n"
        "    (0-1): 2 x Linear(in_features=2, out_features=2, bias=True)\n"
        "  )\n"
        "  (heads): ModuleDict(\n"
        "    (b): Linear(in_features=2, out_features=1, bias=True)\n"
        "    (a): ReLU()\n"
        "  )\n"
        ")")
    out = net(Tensor(np.ones((1, 2))))
    out.sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    assert out._scope == ("(Net)", "heads.b (Linear)")
    assert net.train(False) is net and not net.blocks[1].training and not net.heads.training


# --------------------------------------------------------------------- activations


@pytest.mark.parametrize("module, reference", [
    (ReLU(), lambda x: np.maximum(x, 0)),
    (Sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    (Tanh(), np.tanh),
    (Softmax(dim=-1), lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True)),
    (Softmax(dim=0), lambda x: np.exp(x) / np.exp(x).sum(0, keepdims=True)),
    (LogSoftmax(dim=-1), lambda x: x - np.log(np.exp(x).sum(-1, keepdims=True))),
])
def test_activations_match_numpy(module, reference):
    x = RNG.standard_normal((3, 4))
    assert np.allclose(module(Tensor(x)).data, reference(x), rtol=1e-12, atol=1e-15)
    t = Tensor(x, requires_grad=True)
    assert gradcheck(lambda t: module(t), [t])


def test_activations_work_on_values_too():
    assert ReLU()(Value(-2.0)).data == 0.0
    assert Tanh()(Value(0.5)).data == math.tanh(0.5)
    assert Sigmoid()(Value(0.0)).data == 0.5


def test_softmax_of_huge_logits_is_finite():
    out = Softmax(dim=-1)(Tensor([[1000.0, 0.0, -1000.0]]))
    assert np.allclose(out.data, [[1.0, 0.0, 0.0]])
    assert np.isfinite(LogSoftmax(dim=-1)(Tensor([1000.0, -1000.0])).data).all()


def test_flatten_keeps_the_batch_axis():
    x = Tensor(RNG.standard_normal((5, 8, 8)))
    assert Flatten()(x).shape == (5, 64)
    assert Flatten(0)(x).shape == (320,)
    assert np.array_equal(Flatten()(x).data, x.data.reshape(5, 64))
    assert repr(Flatten()) == "Flatten(start_dim=1, end_dim=-1)"


def test_softmax_without_dim_is_pytorchs_implicit_choice_with_its_warning():
    # torch.nn.Softmax()(x) of a 3-D x is along dim 0 (and 1 for 2-D or 4-D), with a warning
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    for module, ref in ((Softmax(), lambda a, d: np.exp(a) / np.exp(a).sum(d, keepdims=True)),
                        (LogSoftmax(), lambda a, d: a - np.log(np.exp(a).sum(d, keepdims=True)))):
        assert repr(module).endswith("(dim=None)")
        for data, dim in ((x, 0), (x[0], 1), (x[None], 1)):
            with pytest.warns(UserWarning, match=rf"implicit dimension .*\(dim={dim} was"):
                out = module(Tensor(data))
            np.testing.assert_allclose(out.data, ref(data, dim), rtol=1e-13)


def test_functional_softmaxes_take_pytorchs_dtype_keyword():
    t = autograd.tensor([[1, 2]])  # integers: PyTorch's softmax needs dtype= (or a cast) too
    # torch.nn.functional.softmax(torch.tensor([[1, 2]]), 1, dtype=torch.float64)
    expected = [[0.2689414213699951, 0.7310585786300049]]
    np.testing.assert_allclose(F.softmax(t, 1, dtype=np.float64).data, expected, rtol=1e-15)
    np.testing.assert_allclose(F.log_softmax(t, 1, dtype=np.float64).data, np.log(expected),
                               rtol=1e-15)
    np.testing.assert_allclose(F.softmin(t, 1, dtype=np.float64).data, [expected[0][::-1]],
                               rtol=1e-15)
    assert F.softmax(t, 1, dtype=np.float32).dtype == np.float32
