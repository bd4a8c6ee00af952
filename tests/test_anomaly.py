"""Anomaly detection (autograd/anomaly.py): detect_anomaly, set_detect_anomaly,
is_anomaly_enabled, is_anomaly_check_nan_enabled, as PyTorch 2.13's torch.autograd ones.
A backward pass in the mode raises at the first op whose derivative gives a NaN, with
PyTorch's words ("Function 'MulBackward0' returned nan values in its 0th output.", the op
named by gradproof's rule), then the input, the node's shape and its module scope.
PyTorch 2.13's numbers and states written in (float64)."""

from __future__ import annotations

import math
import threading
import warnings

import numpy as np
import pytest

import autograd
import nn
from autograd import Primitive, Tensor, Value, engine, grad
from autograd.anomaly import (
    detect_anomaly,
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    set_detect_anomaly,
)

WARNING = ("Anomaly Detection has been enabled. This mode will increase the runtime and should "
           "only be enabled for debugging.")
NAN = r"^Function '{op}' returned nan values in its {i}th output: the gradient for input {i} "

# A rule written wrong: d/dx is 0/0 where x is 1 (numpy's divide: a NaN for floats too).
bad_ratio = Primitive("bad_ratio", lambda x: x, (lambda g, out, x: g * np.divide(x - 1, x - 1),))


@pytest.fixture(autouse=True)
def _mode_off_around_each_test():
    """Each test starts with the mode off (PyTorch's default) and leaves it so; numpy's
    warnings about the NaNs the tests make on purpose are silenced."""
    set_detect_anomaly(False)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
    set_detect_anomaly(False)


def anomaly(check_nan=True):
    """detect_anomaly(check_nan), its UserWarning checked."""
    with pytest.warns(UserWarning, match=f"^{WARNING}$"):
        return detect_anomaly(check_nan)


def error(op, i=0):
    return pytest.raises(RuntimeError, match=NAN.format(op=op, i=i).replace("*", r"\*"))


# ---------------------------------------------------------------------- the state


def test_the_mode_is_off_by_default_and_a_block_brings_back_what_was_on():
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, True)
    with anomaly():
        assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (True, True)
        with anomaly(check_nan=False):
            assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (True, False)
        assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (True, True)
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, True)
    assert autograd.is_anomaly_enabled is is_anomaly_enabled  # the package's names


def test_the_mode_comes_back_after_an_exception():
    with pytest.raises(KeyError), anomaly(check_nan=False):
        raise KeyError
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, True)
    x = Tensor([0.0, 4.0], requires_grad=True)
    with pytest.raises(RuntimeError), anomaly():
        (x.sqrt() * 0).sum().backward()
    assert not is_anomaly_enabled()


def test_a_block_brings_back_what_was_on_when_it_was_made_as_pytorchs():
    block = anomaly()
    set_detect_anomaly(True, check_nan=False)
    with block:
        assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (True, True)
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, True)
    with anomaly():
        set_detect_anomaly(False)  # inside: the block still ends as it began
    assert not is_anomaly_enabled()


def test_set_detect_anomaly_takes_effect_at_once_and_as_a_block_brings_back_the_mode():
    set_detect_anomaly(True)
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (True, True)
    set_detect_anomaly(True, check_nan=False)
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (True, False)
    set_detect_anomaly(False)
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, True)
    with set_detect_anomaly(True):
        assert is_anomaly_enabled()
    assert not is_anomaly_enabled()
    block = set_detect_anomaly(True)  # PyTorch's: on when made, off again after the block
    set_detect_anomaly(False, check_nan=False)
    with block:
        assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, False)
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # set_detect_anomaly does not warn (PyTorch's)
        set_detect_anomaly(True)


def test_detect_anomaly_warns_once_where_it_is_made():
    with pytest.warns(UserWarning, match=f"^{WARNING}$") as caught:
        detect_anomaly()
    assert len(caught) == 1 and caught[0].filename == __file__
    assert not is_anomaly_enabled()  # made, not entered: nothing changes yet


def test_detect_anomaly_decorates_a_function_each_call_in_the_mode():
    with pytest.warns(UserWarning, match="Anomaly Detection"):
        @detect_anomaly(check_nan=False)
        def states():
            return is_anomaly_enabled(), is_anomaly_check_nan_enabled()

    assert not is_anomaly_enabled()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned when made, not at each call
        assert states() == (True, False) and states() == (True, False)
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, True)


def test_the_mode_is_one_flag_for_every_thread_as_pytorchs():
    seen = []
    with anomaly(check_nan=False):
        thread = threading.Thread(target=lambda: seen.append(
            (is_anomaly_enabled(), is_anomaly_check_nan_enabled())))
        thread.start()
        thread.join()
    assert seen == [(True, False)]
    thread = threading.Thread(target=lambda: set_detect_anomaly(True))
    thread.start()
    thread.join()
    assert is_anomaly_enabled()


@pytest.mark.parametrize("call, message", [
    (lambda: set_detect_anomaly(1), r"^set_detect_anomaly: mode= must be True or False, got 1$"),
    (lambda: set_detect_anomaly("yes"), r"^set_detect_anomaly: mode= must be True or False"),
    (lambda: set_detect_anomaly(True, None),
     r"^set_detect_anomaly: check_nan= must be True or False, got None$"),
    (lambda: detect_anomaly(0), r"^detect_anomaly: check_nan= must be True or False, got 0$"),
])
def test_bad_flags_raise_type_errors_and_change_nothing(call, message):
    with pytest.raises(TypeError, match=message):
        call()
    assert (is_anomaly_enabled(), is_anomaly_check_nan_enabled()) == (False, True)


# -------------------------------------------------------------- the check, Tensors


def test_log_of_a_negative_raises_at_the_op_whose_derivative_is_nan():
    x = Tensor([-1.0, 2.0], requires_grad=True)
    with anomaly():
        (x.log() * 5).sum().backward()  # log's derivative at -1 is -1: no NaN there
        assert x.grad.tolist() == [-5.0, 2.5]
        y = x.log()  # nan at -1
        with error("*", 0):  # PyTorch's: MulBackward0 returned nan values in its 0th output
            (y * y).sum().backward()


def test_sqrt_at_zero_times_zero_is_nan_in_sqrts_gradient():
    x = Tensor([0.0, 4.0], requires_grad=True)
    with anomaly(), pytest.raises(RuntimeError, match=(
            r"^Function 'sqrt' returned nan values in its 0th output: the gradient for input "
            r"0 of 'sqrt' \(a node of shape \(2,\)\)$")):
        (x.sqrt() * 0).sum().backward()


def test_the_input_position_is_the_one_whose_gradient_is_nan():
    a, b = Tensor(2.0, requires_grad=True), Tensor(math.inf, requires_grad=True)
    with anomaly():
        (a * b).backward()  # inf, no NaN
        with error("*", 1):  # PyTorch's: "in its 1th output" (b*a: b's gradient, 0 * inf)
            (b * a * 0).backward()
        with error("*", 0):
            (a * b * 0).backward()


def test_a_custom_primitives_vjp_giving_zero_over_zero():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with anomaly(), error("bad_ratio"):
        bad_ratio(x).sum().backward()


def test_autograd_grad_backward_inputs_and_create_graph_passes_check_too():
    x = Tensor([0.0, 4.0], requires_grad=True)
    with anomaly():
        with error("sqrt"):
            grad((x.sqrt() * 0).sum(), x)
        with error("sqrt"):
            (x.sqrt() * 0).sum().backward(inputs=[x])
        with error("sqrt"):
            (x.sqrt() * 0).sum().backward(create_graph=True)
        with error("sqrt"):
            grad((x.sqrt() * 0).sum(), x, create_graph=True)
        with error("sqrt"):
            autograd.backward((x.sqrt() * 0).sum())


def test_a_nan_in_the_second_derivative_pass_only():
    w = Tensor([0.0, 1.0], requires_grad=True)
    with anomaly():
        (g,) = grad((w ** 1.5).sum(), w, create_graph=True)  # 1.5 w ** 0.5: no NaN
        assert g.data.tolist() == [0.0, 1.5]
        with error("**"):  # PyTorch's: PowBackward0 returned nan values in its 0th output
            (g * 0).sum().backward()


def test_the_error_names_the_module_scope_of_the_layer_that_made_the_node():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    model[2].weight.data[0, 1] = math.inf  # its input's gradient: 0 * inf
    x = Tensor([[1.0, 2.0]])
    with anomaly(), pytest.raises(RuntimeError, match=(
            r"^Function 'linear' returned nan values in its 0th output: the gradient for input "
            r"0 of 'linear' \(a node of shape \(1, 1\), made in the module scope \(Sequential\) "
            r"> 2 \(Linear\)\)$")):
        (model(x) * 0).sum().backward()


def test_an_autograd_function_is_named_by_its_class():
    class Halve(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x / 2

        @staticmethod
        def backward(ctx, g):
            return g * math.nan

    x = Tensor([1.0], requires_grad=True)
    with anomaly(), error("Halve"):
        Halve.apply(x).sum().backward()


# --------------------------------------------------------------- the check, Values


def test_values_first_order_and_create_graph():
    a, b = Value(2.0), Value(math.inf)
    with anomaly():
        with pytest.raises(RuntimeError, match=(
                r"^Function '\*' returned nan values in its 0th output: the gradient for input "
                r"0 of '\*' \(a Value node\)$")):
            (a * b * 0).backward()
        with error("*"):
            (a * b * 0).backward(create_graph=True)
        with error("*"):
            grad(a * b * 0, [a, b])
        with error("bad_ratio"):
            bad_ratio(Value(1.0)).backward()


def test_a_value_op_written_micrograds_way_is_checked_around_its_closure():
    def times_inf(x):
        out = Value(x.data * math.inf, (x,), "times_inf")

        def _backward():
            x.grad += math.inf * out.grad
        out._backward = _backward
        return out

    x = Value(1.0)
    with anomaly():
        times_inf(x).backward()  # inf: no NaN
        x.grad = math.nan  # a NaN from before is not this closure's
        (times_inf(x) * 2).backward()
        x.grad = 0.0
        with error("times_inf"):
            (times_inf(x) * 0).backward()


# ---------------------------------------------- off, or check_nan=False: no error, same grads


def _gradients():
    """Each case's gradients (NaNs kept) and where PyTorch 2.13's agree, PyTorch's."""
    x = Tensor([-1.0, 2.0], requires_grad=True)
    (x.log() * x.log()).sum().backward()
    z = Tensor([0.0, 4.0], requires_grad=True)
    (z.sqrt() * 0).sum().backward()
    r = Tensor([1.0, 2.0], requires_grad=True)
    bad_ratio(r).sum().backward()
    w = Tensor([0.0, 1.0], requires_grad=True)
    (g,) = grad((w ** 1.5).sum(), w, create_graph=True)
    (g * 0).sum().backward()
    a, b = Value(2.0), Value(math.inf)
    (a * b * 0).backward()
    (gz,) = grad((z.sqrt() * 0).sum(), z)
    return [x.grad, z.grad, r.grad, w.grad, np.array([a.grad, b.grad]), gz]


@pytest.mark.parametrize("mode", ["off", "check_nan=False", "set_detect_anomaly(True, False)"])
def test_no_error_and_the_same_gradients_when_not_checking(mode):
    if mode == "off":
        got = _gradients()
    elif mode == "check_nan=False":
        with anomaly(check_nan=False):
            got = _gradients()
    else:
        with set_detect_anomaly(True, check_nan=False):
            got = _gradients()
    np.testing.assert_array_equal(got[0], [math.nan, 0.6931471805599453])  # PyTorch's
    np.testing.assert_array_equal(got[1], [math.nan, 0.0])  # PyTorch's
    np.testing.assert_array_equal(got[2], [math.nan, 1.0])
    np.testing.assert_array_equal(got[3], [math.nan, 0.0])
    np.testing.assert_array_equal(got[4], [math.nan, 0.0])
    np.testing.assert_array_equal(got[5], [math.nan, 0.0])


def test_gradients_without_nans_are_the_same_in_the_mode():
    def step():
        model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
        for i, p in enumerate(model.parameters()):
            p.data[...] = np.sin(np.arange(p.data.size) + i).reshape(p.data.shape)
        model(Tensor(np.linspace(-1, 1, 6).reshape(2, 3))).pow(2).sum().backward()
        return [p.grad for p in model.parameters()]

    plain = step()
    with anomaly():
        checked = step()
    for p, q in zip(plain, checked, strict=True):
        np.testing.assert_array_equal(p, q)


# ------------------------------------------------------------ which pass runs


def _refuse(*args, **kwargs):
    raise AssertionError("this pass should not run")


def test_off_backward_takes_the_fast_passes(monkeypatch):
    monkeypatch.setattr(engine, "_propagate", _refuse)
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    v = Value(3.0)
    (v * v).backward()
    with anomaly(check_nan=False):  # nothing to check: the fast passes still
        (x * x).sum().backward()
    assert x.grad.tolist() == [4.0, 8.0] and v.grad == 6.0


def test_in_the_mode_backward_takes_the_general_pass(monkeypatch):
    monkeypatch.setattr(engine, "_propagate_arrays", _refuse)
    monkeypatch.setattr(engine, "_propagate_floats", _refuse)
    x = Tensor([1.0, 2.0], requires_grad=True)
    v = Value(3.0)
    with anomaly():
        (x * x).sum().backward()
        (v * v).backward()
    assert x.grad.tolist() == [2.0, 4.0] and v.grad == 6.0


def test_a_compiled_step_runs_eagerly_in_the_mode_and_is_checked():
    z = Tensor([0.0, 4.0], requires_grad=True)
    step = autograd.compile(lambda: (z.sqrt() * 0).sum())
    for _ in range(3):
        step()
    assert (step.recordings, step.replays) == (2, 1)
    with anomaly(), error("sqrt"):
        step()
    assert (step.recordings, step.replays) == (2, 1)
    step()  # off again: replayed
    assert step.replays == 2
