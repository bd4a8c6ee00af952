"""nn.utils.parametrize, nn.utils.parametrizations (weight_norm, spectral_norm, orthogonal)
and the older hook-based nn.utils.weight_norm and spectral_norm, against PyTorch's numbers;
and parametrize's behaviour (tests/test_nn_parametrize_more.py: the hooks, bad input).

Each case of tests/torch_numbers_parametrize.py (printed by tests/torch_reference_
parametrize.py) gives a layer's parameters, the parametrization, the power iteration's
starting vectors u and v (set in both, since each draws its own at random) and an input;
the layer is called in training mode a few times, and the outputs, u and v after each call,
the gradients of the originals (g and v, W) from the weighted sums of the outputs, sigma,
and a call in eval mode (which leaves u and v alone) must be PyTorch's. For orthogonal, the
original (and base) that registering makes from the weight too.
"""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from parametrize_cases import PARAMETRIZATIONS, Doubled, Scaled, Symmetric
from torch_numbers_parametrize import TORCH_PARAMETRIZED

import nn
from autograd import Tensor, gradcheck, no_grad
from nn.utils import parametrizations, parametrize
from nn.utils.parametrize import ParametrizationList

TIGHT = {"rtol": 1e-12, "atol": 1e-13}


LAYERS = {"linear3": (nn.Linear, (3, 3)), "linear": (nn.Linear, (3, 4)),
          "conv2d": (nn.Conv2d, (2, 3, 2)), "conv_transpose2d": (nn.ConvTranspose2d, (2, 3, 2)),
          "conv1d": (nn.Conv1d, (2, 3, 2)), "wide": (nn.Linear, (4, 3))}


def weights_for(shape: tuple[int, ...]) -> np.ndarray:
    return np.cos(np.arange(int(np.prod(shape)))).reshape(shape)


def build(case: dict) -> nn.Module:
    """The case's layer with its parameters, parametrized, u and v set."""
    make, args = LAYERS[case["layer"]]
    module = make(*args)
    for name, value in case["state"].items():
        module.get_parameter(name).data = np.array(value)
    kwargs = case["kwargs"]
    name = kwargs.get("name", "weight")
    if case["how"] == "parametrize":
        for part in case["what"].split("+"):
            parametrize.register_parametrization(module, name, PARAMETRIZATIONS[part]())
    elif case["how"] == "parametrizations":
        getattr(parametrizations, case["what"])(module, **kwargs)
    elif case["what"] == "weight_norm":
        with pytest.warns(FutureWarning, match="parametrizations.weight_norm"):
            nn.utils.weight_norm(module, **kwargs)
    else:
        nn.utils.spectral_norm(module, **kwargs)
    if "u0" in case:
        u, v = vectors(module, case)
        u.data, v.data = np.array(case["u0"]), np.array(case["v0"])
    return module


def orthogonal_start(module: nn.Module, case: dict) -> None:
    """The original, base and weight that registering made are PyTorch's; then set the
    case's original and base (PyTorch draws a non-square weight's base at random)."""
    plist = module.parametrizations.weight
    registered = case["registered"]
    np.testing.assert_allclose(plist.original.data, registered["original"], **TIGHT)
    np.testing.assert_allclose(module.weight.data, registered["weight"], **TIGHT)
    if "base" not in registered:
        assert "base" not in vars(plist[0])
        return
    if case["layer"] in ("linear3", "conv1d"):  # square: base is the weight's QR, not random
        np.testing.assert_allclose(plist[0].base.data, registered["base"], **TIGHT)
    plist.original.data = np.array(case["x_set"])
    plist[0].base.data = np.array(case["base_set"])


def vectors(module: nn.Module, case: dict) -> tuple[Tensor, Tensor]:
    name = case["kwargs"].get("name", "weight")
    if case["how"] == "hooks":
        return getattr(module, name + "_u"), getattr(module, name + "_v")
    norm = module.parametrizations[name][0]
    return norm._u, norm._v


@pytest.mark.parametrize("label", list(TORCH_PARAMETRIZED))
def test_outputs_gradients_and_power_iteration_are_pytorchs(label: str) -> None:
    case = TORCH_PARAMETRIZED[label]
    module = build(case)
    assert list(module.state_dict()) == case["keys"]
    if case["what"] == "orthogonal":
        orthogonal_start(module, case)
    x = Tensor(np.array(case["input"]))
    for k, expected in enumerate(case["outputs"]):
        out = module(x)
        (out * Tensor(weights_for(out.shape))).sum().backward()
        np.testing.assert_allclose(out.data, expected, **TIGHT)
        if "u0" in case:  # the power iteration ran before this call's weight
            u, v = vectors(module, case)
            np.testing.assert_allclose(u.data, case["u"][k], **TIGHT)
            np.testing.assert_allclose(v.data, case["v"][k], **TIGHT)
    grads = {name: p.grad for name, p in module.named_parameters()}
    assert list(grads) == list(case["grads"])
    for name, expected in case["grads"].items():
        np.testing.assert_allclose(grads[name], expected, **TIGHT, err_msg=name)
    if "u0" in case:
        u, v = vectors(module, case)
        name = case["kwargs"].get("name", "weight")
        original = (getattr(module, name + "_orig") if case["how"] == "hooks"
                    else module.parametrizations[name].original).data
        dim = 1 if case["layer"] == "conv_transpose2d" else case["kwargs"].get("dim", 0)
        matrix = np.moveaxis(original, dim, 0).reshape(original.shape[dim], -1)
        np.testing.assert_allclose(np.vdot(u.data, matrix @ v.data), case["sigma"], **TIGHT)
    trained = [t.data.copy() for t in vectors(module, case)] if "u0" in case else []
    module.eval()
    with no_grad():
        np.testing.assert_allclose(module(x).data, case["eval_output"], **TIGHT)
        weight = getattr(module, case["kwargs"].get("name", "weight"))
        np.testing.assert_allclose(weight.data, case["eval_weight"], **TIGHT)
    if "u0" in case:  # eval mode: no power iteration
        u, v = vectors(module, case)
        np.testing.assert_allclose(u.data, case["eval_u"], **TIGHT)
        np.testing.assert_allclose(v.data, case["eval_v"], **TIGHT)
        np.testing.assert_array_equal(u.data, trained[0])
        np.testing.assert_array_equal(v.data, trained[1])


# -- parametrize ---------------------------------------------------------------------------


def test_the_module_is_a_parametrized_subclass_with_pytorchs_names_and_repr() -> None:
    m = parametrize.register_parametrization(nn.Linear(3, 3), "weight", Symmetric())
    assert type(m).__name__ == "ParametrizedLinear" and isinstance(m, nn.Linear)
    assert parametrize.type_before_parametrizations(m) is nn.Linear
    assert parametrize.is_parametrized(m) and parametrize.is_parametrized(m, "weight")
    assert not parametrize.is_parametrized(m, "bias")
    assert [n for n, _ in m.named_parameters()] == ["bias", "parametrizations.weight.original"]
    assert [n for n, _ in m.named_modules()] == [
        "", "parametrizations", "parametrizations.weight", "parametrizations.weight.0"]
    assert isinstance(m.parametrizations.weight, ParametrizationList)
    assert repr(m) == ("ParametrizedLinear(\n"
                       "  in_features=3, out_features=3, bias=True\n"
                       "  (parametrizations): ModuleDict(\n"
                       "    (weight): ParametrizationList(\n"
                       "      (0): Symmetric()\n"
                       "    )\n"
                       "  )\n"
                       ")")
    assert "weight" not in vars(m)  # the property computes it
    assert type(nn.Linear(3, 3)) is nn.Linear  # other modules keep their class


def test_assigning_stores_the_right_inverse() -> None:
    m = parametrize.register_parametrization(nn.Linear(3, 3), "weight", Symmetric())
    original = m.parametrizations.weight.original
    a = np.arange(9.0).reshape(3, 3)
    m.weight = Tensor(a)
    assert m.parametrizations.weight.original is original  # the same Parameter, new values
    np.testing.assert_array_equal(original.data, np.triu(a))
    np.testing.assert_array_equal(m.weight.data, np.triu(a) + np.triu(a, 1).T)
    two = parametrize.register_parametrization(nn.Linear(3, 4), "weight", Scaled())
    w = np.arange(12.0).reshape(4, 3) - 5
    two.weight = Tensor(w)
    assert two.parametrizations.weight.original0.data == 6.0
    np.testing.assert_array_equal(two.parametrizations.weight.original1.data, w / 6)
    np.testing.assert_allclose(two.weight.data, w, rtol=1e-15)


def test_the_registration_applies_the_right_inverse_and_chains() -> None:
    m = nn.Linear(3, 4)
    w = m.weight.data.copy()
    parametrize.register_parametrization(m, "weight", Doubled())
    np.testing.assert_allclose(m.parametrizations.weight.original.data, w / 2)
    np.testing.assert_allclose(m.weight.data, w)
    parametrize.register_parametrization(m, "weight", Doubled())  # after the first
    assert len(m.parametrizations.weight) == 2
    np.testing.assert_allclose(m.weight.data, 2 * w)
    m.weight = Tensor(w)
    np.testing.assert_allclose(m.parametrizations.weight.original.data, w / 4)


def test_gradients_flow_to_the_originals_and_an_optimizer_steps_them() -> None:
    m = parametrizations.weight_norm(nn.Linear(3, 4))
    g, v = m.parametrizations.weight.original0, m.parametrizations.weight.original1
    assert set(map(id, m.parameters())) == {id(m.bias), id(g), id(v)}
    assert gradcheck(lambda g, v: m.parametrizations.weight[0](g, v), [Tensor(g.data, True),
                                                                      Tensor(v.data, True)])
    optimizer = nn.optim.SGD(m.parameters(), lr=0.1)
    before = m.weight.data.copy()
    m(Tensor(np.ones((2, 3)))).sum().backward()
    optimizer.step()
    assert not np.allclose(m.weight.data, before)
    norms = np.linalg.norm(m.weight.data, axis=1, keepdims=True)
    np.testing.assert_allclose(norms, np.abs(g.data), rtol=1e-13)  # |row i| = |g_i|


def test_cached_computes_each_tensor_once_per_block() -> None:
    m = parametrize.register_parametrization(nn.Linear(3, 3), "weight", Symmetric())
    assert m.weight is not m.weight
    with parametrize.cached():
        first = m.weight
        with parametrize.cached():
            assert m.weight is first
        assert m.weight is first
    assert m.weight is not first


def test_remove_parametrizations_leaves_the_value_or_the_original() -> None:
    m = parametrize.register_parametrization(nn.Linear(3, 3), "weight", Symmetric())
    original = m.parametrizations.weight.original
    value = m.weight.data.copy()
    parametrize.remove_parametrizations(m, "weight")
    assert type(m) is nn.Linear and not hasattr(m, "parametrizations")
    assert m.weight is original  # an optimizer holding it keeps it
    np.testing.assert_array_equal(m.weight.data, value)
    assert list(m.state_dict()) == ["bias", "weight"]
    m = parametrize.register_parametrization(nn.Linear(3, 3), "weight", Symmetric())
    triu = m.parametrizations.weight.original.data.copy()
    parametrize.remove_parametrizations(m, "weight", leave_parametrized=False)
    np.testing.assert_array_equal(m.weight.data, triu)
    m = parametrizations.weight_norm(nn.Linear(3, 4))
    with pytest.raises(ValueError, match="sequence of tensors"):
        parametrize.remove_parametrizations(m, "weight", leave_parametrized=False)
    value = m.weight.data.copy()
    parametrize.remove_parametrizations(m, "weight")
    assert isinstance(m.weight, nn.Parameter) and type(m) is nn.Linear
    np.testing.assert_array_equal(m.weight.data, value)


def test_two_names_share_one_class_and_removing_one_keeps_the_other() -> None:
    m = parametrize.register_parametrization(nn.Linear(3, 3), "weight", Symmetric())
    cls = type(m)
    parametrize.register_parametrization(m, "bias", Doubled())
    assert type(m) is cls
    assert list(m.state_dict()) == ["parametrizations.weight.original",
                                    "parametrizations.bias.original"]
    parametrize.remove_parametrizations(m, "weight")
    assert type(m) is cls and parametrize.is_parametrized(m, "bias")
    parametrize.remove_parametrizations(m, "bias")
    assert type(m) is nn.Linear


def test_a_buffer_can_be_parametrized() -> None:
    m = nn.BatchNorm1d(3)
    m.running_var.data = np.array([1.0, 4.0, 9.0])
    parametrize.register_parametrization(m, "running_var", Doubled())
    assert "parametrizations.running_var.original" in m.state_dict()
    assert [n for n, _ in m.named_parameters()] == ["weight", "bias"]
    np.testing.assert_array_equal(m.running_var.data, [1.0, 4.0, 9.0])


def test_deepcopy_and_pickle_give_independent_parametrized_modules() -> None:
    m = parametrizations.spectral_norm(nn.Linear(3, 4))
    x = Tensor(np.ones((2, 3)))
    m.eval()
    expected = m(x).data
    for copied in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert type(copied).__name__ == "ParametrizedLinear" and type(copied) is not type(m)
        assert list(copied.state_dict()) == list(m.state_dict())
        np.testing.assert_array_equal(copied(x).data, expected)
        copied.parametrizations.weight.original.data[0, 0] += 1.0
        np.testing.assert_array_equal(m(x).data, expected)
        parametrize.remove_parametrizations(copied, "weight")
        assert type(copied) is nn.Linear and parametrize.is_parametrized(m)


def test_load_state_dict_into_a_parametrized_module() -> None:
    a, b = (parametrizations.weight_norm(nn.Linear(3, 4)) for _ in range(2))
    b.load_state_dict(a.state_dict())
    np.testing.assert_array_equal(b.weight.data, a.weight.data)


def test_the_parametrization_takes_the_modules_mode() -> None:
    m = nn.Linear(3, 4).eval()
    parametrizations.spectral_norm(m)
    assert not m.parametrizations.weight[0].training
    m.train()
    assert m.parametrizations.weight[0].training


def test_transfer_parametrizations_and_params_shares_the_originals() -> None:
    a = parametrize.register_parametrization(nn.Linear(3, 3), "weight", Symmetric())
    b = parametrize.transfer_parametrizations_and_params(a, nn.Linear(3, 3))
    assert b.parametrizations.weight.original is a.parametrizations.weight.original
    np.testing.assert_array_equal(b.weight.data, a.weight.data)


def test_weight_norm_keeps_float32_and_takes_a_whole_tensor_norm() -> None:
    m = parametrizations.weight_norm(nn.Linear(3, 4).float())
    assert m.weight.dtype == np.float32
    assert m.parametrizations.weight.original0.dtype == np.float32
    m = parametrizations.weight_norm(nn.Linear(3, 4), name="bias", dim=None)
    assert m.parametrizations.bias.original0.shape == ()
    np.testing.assert_allclose(m.parametrizations.bias.original0.data,
                               np.linalg.norm(m.parametrizations.bias.original1.data))
