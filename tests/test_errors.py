"""Every public op of autograd, every argument, every bad value: a clear error that names the
op, the argument and the value (tests/error_sweep.py says how a case is judged).

The ops are found by introspection: every public method and operator of Tensor and Value,
and every function of autograd; tests/error_calls.py gives a valid call of each op that
needs arguments and the kind of each argument whose name does not tell it. The last tests
are the cases of the report that started the sweep (issue 10), with their messages.
"""

from __future__ import annotations

import inspect
import operator

import numpy as np
import pytest
from error_calls import (
    ALIASES,
    ARG_ALIASES,
    AUTOGRAD_SKIPPED,
    CLASS_CALLS,
    FUNCTION_CALLS,
    FUNCTION_RECEIVERS,
    TENSOR_CALLS,
    TENSOR_OPERATORS,
    VALUE_CALLS,
    VALUE_OPERATORS,
)
from error_cases import BAD, leaf_value, matrix
from error_sweep import Case, Fresh, Op, gaps, invalid_calls, parameters, report, run

import autograd
from autograd import Tensor, Value, grad, where

# The combinations the rule does not hold for, each with its reason (Python's or numpy's
# order of dispatch, or an argument value that is valid but not supported). Keep it short:
# test_the_exceptions_are_still_exceptions fails for an entry that no longer fails.
_MASKED_FIRST = ("a numpy masked array on the left: numpy.ma's own operator runs before "
                 "the reflected operator of Tensor or Value, on its data")
_FORMATTING = "str % x is Python's string formatting, which runs before x.__rmod__ is asked"
EXCEPTIONS: dict[str, str] = {
    **{f"masked array {symbol} Tensor": _MASKED_FIRST
       for symbol in ("+", "-", "*", "/", "//", "**", "<", "<=", ">", ">=")},
    **{f"masked array {symbol} Value": _MASKED_FIRST for symbol in ("<", "<=", ">", ">=")},
    "str % Tensor": _FORMATTING,
    "str % Value": _FORMATTING,
    "autograd.randint(requires_grad=bool)": (
        "True is a valid flag, but integers take no gradient: PyTorch's RuntimeError, which "
        "names randint"),
    "autograd.randperm(requires_grad=bool)": (
        "True is a valid flag, but integers (randperm's default int64) take no gradient: "
        "PyTorch's RuntimeError, which names randperm"),
}


def _names(name: str, owner: object = None) -> tuple[str, ...]:
    return (name, *ALIASES.get(name, ()))


def _arg_names(op: str, params: list[inspect.Parameter]) -> dict[str, tuple[str, ...]]:
    return {p.name: (p.name.strip("_"), *ARG_ALIASES.get((op, p.name),
                                                         ARG_ALIASES.get(p.name, ())))
            for p in params}


def _public_methods(cls: type) -> list[str]:
    return [name for name in dir(cls) if not name.startswith("_") and callable(
        getattr(cls, name)) and not isinstance(getattr(cls, name), type)]


def method_ops(cls: type, calls: dict, default_receiver) -> list[Op]:
    ops = []
    for name in [*_public_methods(cls), *[n for n in calls if n.startswith("__")]]:
        receiver, base, kinds = calls.get(name, (default_receiver, {}, {}))
        method = getattr(cls, name)
        params = parameters(method, skip_first=True)

        def call(*args, _method=method, _receiver=receiver, **kwargs):
            return _method(_receiver(), *args, **kwargs)

        ops.append(Op(f"{cls.__name__}.{name}", _names(name), call, params, dict(base), kinds,
                      _arg_names(name, params)))
    return ops


_X = matrix()
_ENGINE = {  # the engine's functions take a graph: made afresh for each call
    "grad": {"outputs": Fresh(lambda: (_X * _X).sum()), "inputs": _X},
    "backward": {"root": Fresh(lambda: (matrix() * 2.0).sum())},
    "toposort": {"root": Fresh(lambda: matrix() * 2.0)},
    "draw_graph": {"root": Fresh(lambda: matrix() * 2.0)},
}


def function_ops() -> list[Op]:
    ops = []
    for name in autograd.__all__:
        fn = getattr(autograd, name)
        if name in AUTOGRAD_SKIPPED or not inspect.isfunction(fn):
            continue
        params = parameters(fn)
        if not params:
            continue
        if name in FUNCTION_CALLS:
            _, base, kinds = FUNCTION_CALLS[name]
        else:  # the Tensor method's valid call, the receiver passed first
            receiver, base, kinds = TENSOR_CALLS.get(name, (matrix, {}, {}))
            receiver = FUNCTION_RECEIVERS.get(name, receiver)
            base = {params[0].name: Fresh(receiver), **base}
            kinds = {params[0].name: "data", **kinds}
        ops.append(Op(f"autograd.{name}", _names(name), fn, params,
                      {**base, **_ENGINE.get(name, {})}, kinds, _arg_names(name, params)))
    return ops


def class_ops() -> list[Op]:
    """autograd's classes that take arguments (error_calls.CLASS_CALLS): each made, then
    exited at once, so that what it turns on (set_detect_anomaly(True)) ends with the case."""
    ops = []
    for name, (_, base, kinds) in CLASS_CALLS.items():
        cls = getattr(autograd, name)
        params = parameters(cls.__init__, skip_first=True)

        def make(*args, _cls=cls, **kwargs):
            _cls(*args, **kwargs).__exit__(None, None, None)

        ops.append(Op(f"autograd.{name}", _names(name), make, params, dict(base), kinds,
                      _arg_names(name, params)))
    return ops


def operator_cases() -> list[Case]:
    cases = []
    for name, (symbol, names, receiver, kind) in TENSOR_OPERATORS.items():
        cases += _operator_cases(name, symbol, (symbol, *names), receiver, kind, "Tensor")
    for name, (symbol, names, kind) in VALUE_OPERATORS.items():
        cases += _operator_cases(name, symbol, (symbol, *names), lambda: Value(2.0), kind,
                                 "Value")
    return cases


# Python's words for a bad operand: "unsupported operand type(s) for +: 'Tensor' and 'str'",
# "'<' not supported between instances of 'Tensor' and 'str'"
_OPERAND = ("operand", "operands", "instances", "exponent")


def _operator_cases(name: str, symbol: str, names: tuple[str, ...], receiver, kind: str,
                    cls: str) -> list[Case]:
    """x op bad and bad op x: Python's own words (`unsupported operand type(s) for +:
    'Tensor' and 'str'`) name the operator, the operand and its type."""
    apply = getattr(operator, name)
    cases = []
    for bad, value in BAD.items():
        typed = (type(value).__name__,)
        cases.append(Case(f"{cls} {symbol} {bad}", names, _OPERAND,
                          (lambda a=apply, v=value: a(receiver(), v)), kind, bad, typed))
        if not name.startswith("i"):  # the reflected operator: the bad value on the left
            cases.append(Case(f"{bad} {symbol} {cls}", names, _OPERAND,
                              (lambda a=apply, v=value: a(v, receiver())), kind, bad, typed))
    return cases


def constructor_ops() -> list[Op]:
    return [Op(cls.__name__, (f"{cls.__name__}()", cls.__name__), cls, parameters(
        cls.__init__, skip_first=True), base, kinds, {"data": ("data",)})
        for cls, base, kinds in (
            (Tensor, {"data": [1.0]}, {}),
            (Value, {"data": 1.0}, {"data": "value operand"}))]


def all_ops() -> list[Op]:
    return (method_ops(Tensor, TENSOR_CALLS, matrix) + method_ops(Value, VALUE_CALLS,
                                                                 leaf_value)
            + function_ops() + class_ops() + constructor_ops())


def test_every_argument_has_a_kind() -> None:
    assert not gaps(all_ops()), f"arguments error_calls.py gives no kind: {gaps(all_ops())}"


def test_the_valid_calls_are_valid() -> None:
    """Each op's call from the table computes (else the table lies, and its cases with it)."""
    failing = invalid_calls(all_ops())
    assert not failing, "\n".join(failing)


def test_bad_arguments_raise_errors_that_name_the_op_the_argument_and_the_value() -> None:
    ops = all_ops()
    failures, total = run(ops, operator_cases())
    failures = [(label, why) for label, why in failures if label not in EXCEPTIONS]
    assert not failures, report(failures, total)
    assert len(ops) > 400 and total > 13000  # every public op is in the loop


def test_the_exceptions_are_still_exceptions() -> None:
    cases = {c.label: c for op in all_ops() for c in op.cases()[0]}
    cases.update({c.label: c for c in operator_cases()})
    assert set(EXCEPTIONS) <= set(cases), f"no such case: {set(EXCEPTIONS) - set(cases)}"
    passing = [label for label in EXCEPTIONS if cases[label].outcome() == "ok"]
    assert not passing, f"these pass now: remove them from EXCEPTIONS: {passing}"


# ------------------------------------------------------ the cases of the report (issue 10)

_T = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
_MASKED = np.ma.masked_array([1.0, 2.0], mask=[False, True])


@pytest.mark.parametrize("call, error, message", [
    # raw Python or numpy messages that named neither the op nor the argument
    (lambda: _T.sum(axis=1.5), TypeError,
     r"^sum: axis must be an int, a tuple of ints or None, got 1.5$"),
    (lambda: _T.reshape("abc"), TypeError, r"^reshape: shape must be ints, .* got 'abc'$"),
    (lambda: _T < "abc", TypeError,  # Python's own, as PyTorch's
     r"^'<' not supported between instances of 'Tensor' and 'str'$"),
    (lambda: grad(_T.sum(), None), TypeError,
     r"^grad: inputs must be a Value or Tensor or a sequence of them, got None$"),
    (lambda: _T.expand(np.array([2, 2])), ValueError,
     r"^expand: sizes=\(2, 2\) does not fit a Tensor of shape \(2, 3\)"),
    # "a Tensor op takes real numbers", naming no op
    (lambda: _T + "abc", TypeError, r"^\+: operand must be real numbers, got 'abc'$"),
    (lambda: autograd.log10("x"), TypeError, r"^log10: x must be real numbers, got 'x'$"),
    # accepted silently, and wrongly
    (lambda: _T.clip("0.5"), TypeError, r"^clip: min must be real numbers, got '0.5'$"),
    (lambda: where("abc", _T, 0.0), TypeError,
     r"^where: condition must be boolean \(a comparison such as x > 0\), got 'abc'"),
    (lambda: Tensor(_MASKED), TypeError,
     r"^Tensor\(\): data is a numpy masked array, whose mask a Tensor cannot keep"),
    (lambda: Value(1.5) * np.array([1.0, 2.0]), TypeError,
     r"^unsupported operand type\(s\) for \*: 'Value' and 'numpy.ndarray' \(a Value holds "
     r"one number: use a Tensor for arrays\)$"),
    (lambda: np.array([1.0, 2.0]) * Value(1.5), TypeError,
     r"^unsupported operand type\(s\) for \*: 'numpy.ndarray' and 'Value'"),
])
def test_the_reported_calls_name_the_op_the_argument_and_the_value(call, error, message):
    with pytest.raises(error, match=message):
        call()
