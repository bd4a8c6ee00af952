"""The modules of nn/activation/activation_modules_more.py, nn/dropouts/dropout_alpha.py and
nn/norm/local_response_norm.py (their reprs: PyTorch's, tests/torch_numbers_functional_more.py),
ParameterList and ParameterDict (PyTorch's parameter names, state_dict keys and reprs; how
they hold, replace and give back their items) and LazyLinear (the Linear it becomes).
"""

import copy

import numpy as np
import pytest
from torch_numbers_functional_more import TORCH_CONTAINERS, TORCH_REPRS

import nn
from autograd import Tensor, Value
from nn.parameter import Parameter

F32 = np.float32


@pytest.mark.parametrize("call", list(TORCH_REPRS))
def test_reprs_are_pytorchs(call):
    assert repr(eval(f"nn.{call}", {"nn": nn})) == TORCH_REPRS[call]  # noqa: S307


# ---------------------------------------------------------------- ParameterList, Dict


class Model(nn.Module):
    """PyTorch's reference model (tests/torch_reference_functional_more.py), its float32
    parameters float32 here too."""

    def __init__(self):
        self.ps = nn.ParameterList([Parameter(np.ones(2), dtype=F32)])
        self.pd = nn.ParameterDict({"b": Parameter(np.ones(1), dtype=F32),
                                    "a": Parameter(np.zeros((2, 2)), dtype=F32)})
        self.more = nn.ParameterList([Parameter(np.ones((2, 3)), dtype=F32),
                                      Parameter(np.ones(3)), Tensor(np.zeros(2, F32))])


def test_parameter_containers_have_pytorchs_names_keys_and_reprs():
    model = Model()
    assert repr(model) == TORCH_CONTAINERS["model_repr"]
    assert [name for name, _ in model.named_parameters()] == TORCH_CONTAINERS["model_names"]
    assert list(model.state_dict()) == TORCH_CONTAINERS["model_state"]
    assert list(model.pd.keys()) == TORCH_CONTAINERS["dict_keys"]  # a dict's keys, sorted
    mixed = nn.ParameterList([1.5, "x", nn.Linear(1, 1)])
    assert repr(mixed) == TORCH_CONTAINERS["mixed_repr"]
    assert list(mixed.state_dict()) == TORCH_CONTAINERS["mixed_state"]
    assert [repr(nn.ParameterList()), repr(nn.ParameterDict())] == TORCH_CONTAINERS["empty"]
    double = nn.ParameterDict({"x": Parameter(np.ones(2))})
    assert repr(double) == TORCH_CONTAINERS["double_dict_repr"]


def test_a_tensor_becomes_a_parameter_and_the_optimizer_updates_the_items():
    model = Model()
    assert all(isinstance(p, Parameter) for p in model.more)
    assert model.more[2].requires_grad
    optimizer = nn.optim.SGD(model.parameters(), lr=0.5)
    loss = sum((p * p).sum() for p in model.parameters())
    loss.backward()
    optimizer.step()
    np.testing.assert_array_equal(model.ps[0].data, [0.0, 0.0])  # 1 - 0.5 * 2
    np.testing.assert_array_equal(model.pd["b"].data, [0.0])
    state = model.state_dict()
    fresh = Model()
    fresh.load_state_dict(state)
    np.testing.assert_array_equal(fresh.more[0].data, model.more[0].data)


def test_parameter_list_indexes_slices_appends_and_extends_as_a_list():
    a, b, c = (Parameter(np.full(2, float(i))) for i in range(3))
    params = nn.ParameterList([a, b])
    assert params[-1] is b and len(params) == 2 and list(params) == [a, b]
    params.append(c)
    params += [Value(1.0)]  # a micrograd Value is a parameter too
    assert len(params) == 4 and [n for n, _ in params.named_parameters()] == ["0", "1", "2", "3"]
    head = params[:2]
    assert type(head) is nn.ParameterList and list(head) == [a, b]
    with pytest.raises(TypeError, match="cannot assign 'ndarray' as parameter '0'"):
        params[0] = np.ones(3)  # as PyTorch: only a Parameter (or None) replaces a parameter
    params[0] = None
    params[1] = Tensor([5.0])
    assert isinstance(params[1], Parameter) and list(params.state_dict()) == ["1", "2", "3"]
    with pytest.raises(IndexError, match="ParameterList: index 4 is out of range"):
        params[4]
    with pytest.raises(TypeError, match="ParameterList: extend should be called with an "
                                        "iterable"):
        params.extend(Tensor([1.0]))
    copied = copy.deepcopy(params)
    assert len(copied) == 4 and copied[2] is not c


def test_parameter_dict_is_a_dict():
    w, v = Parameter(np.ones(2)), Parameter(np.zeros(3))
    params = nn.ParameterDict([("w", w), ("v", v)])  # pairs keep their order
    assert list(params) == ["w", "v"] and list(params.values()) == [w, v]
    assert params["w"] is w and "v" in params and params.get("x", 7) == 7
    assert params.setdefault("x", Tensor([1.0])) is params["x"]
    assert isinstance(params["x"], Parameter)
    assert params.pop("v") is v and list(params.keys()) == ["w", "x"]
    assert params.popitem()[0] == "x" and len(params) == 1
    merged = params | nn.ParameterDict({"z": v})
    assert list(merged) == ["w", "z"] and list(params) == ["w"]
    params |= {"b": v, "a": w}  # a plain dict: in sorted order, as PyTorch
    assert list(params) == ["w", "a", "b"]
    assert list(reversed(params)) == ["b", "a", "w"]
    del params["a"]
    assert [n for n, _ in params.named_parameters()] == ["w", "b"]
    params.clear()
    assert len(params) == 0 and params.parameters() == []
    with pytest.raises(KeyError):
        params["w"]


@pytest.mark.parametrize(("key", "error", "match"), [
    (1, TypeError, "ParameterDict: a key must be a string, got 1"),
    ("a.b", KeyError, "contain"),
    ("", KeyError, "be empty string"),
    ("_x", KeyError, "starts with '_'"),
    ("training", KeyError, "attribute 'training' already exists"),
    ("keys", KeyError, "attribute 'keys' already exists"),
])
def test_parameter_dict_refuses_keys_that_cannot_be_names(key, error, match):
    params = nn.ParameterDict()
    with pytest.raises(error, match=match):
        params[key] = Parameter(np.ones(1))
    assert len(params) == 0


# ----------------------------------------------------------------------- LazyLinear


def test_lazy_linear_becomes_the_linear_of_its_first_input():
    lazy = nn.LazyLinear(3, seed=0)
    assert [p.shape for p in lazy.parameters()] == [(3, 0), (3,)]
    weight, bias = lazy.weight, lazy.bias
    optimizer = nn.optim.SGD(lazy.parameters(), lr=0.1)  # made before the first call
    x = Tensor(np.arange(8.0).reshape(2, 4))
    y = lazy(x)
    assert type(lazy) is nn.Linear and repr(lazy) == TORCH_CONTAINERS["lazy_after"]
    assert lazy.weight is weight and lazy.bias is bias  # the optimizer's Parameters
    linear = nn.Linear(4, 3, seed=0)  # the same draws, in the same order
    np.testing.assert_array_equal(weight.data, linear.weight.data)
    np.testing.assert_array_equal(bias.data, linear.bias.data)
    np.testing.assert_array_equal(y.data, linear(x).data)
    y.sum().backward()
    optimizer.step()
    np.testing.assert_allclose(bias.data, linear.bias.data - 0.1 * 2)


def test_lazy_linear_keeps_its_dtype_and_bias_and_refuses_what_it_cannot_read():
    lazy = nn.LazyLinear(2, bias=False, dtype=F32)
    assert lazy(np.ones((1, 5), F32)).dtype == F32 and lazy.bias is None
    assert lazy.in_features == 5
    with pytest.raises(ValueError, match="LazyLinear: cannot infer in_features"):
        nn.LazyLinear(2)(Tensor(1.0))
    with pytest.raises(ValueError, match="LazyLinear: device must be None or 'cpu'"):
        nn.LazyLinear(2, device="cuda")
    with pytest.raises(ValueError, match=r"wrong shape: weight is \(2, 5\), expected \(2, 0\)"):
        nn.LazyLinear(2).load_state_dict({"weight": np.ones((2, 5)), "bias": np.ones(2)})
