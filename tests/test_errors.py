"""Every public op, every argument, every bad value: a clear error that names the op.

The ops are found by introspection (every public method and operator of Tensor and Value,
every function of autograd and of nn.functional); tests/error_cases.py gives one valid call
of each and the kind of each argument. One argument at a time is replaced by each bad value
of error_cases.BAD. The op must then raise a TypeError, ValueError or IndexError whose
message names it (`sum: ...`, `+: ...`, `Tensor(): ...`), or, for a value that the kind of
argument may take (1.5 as an operand, None as an axis whose default is None), compute.
"""

from __future__ import annotations

import inspect
import operator
import re
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from error_cases import (
    ALIASES,
    AUTOGRAD_SKIPPED,
    BAD,
    F_CALLS,
    F_SKIPPED,
    FUNCTION_CALLS,
    FUNCTION_RECEIVERS,
    KIND_OF,
    REFUSED,
    TENSOR_CALLS,
    TENSOR_OPERATORS,
    VALUE_CALLS,
    VALUE_OPERATORS,
    leaf_value,
    matrix,
)

import autograd
from autograd import Tensor, Value, grad, where
from autograd.arguments import _UNSET
from nn import functional as F  # noqa: N812 (PyTorch's habit)

_CLEAR = (TypeError, ValueError, IndexError)

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
    "F.dropout2d(inplace=bool)": "inplace=True is valid but not supported: "
                                 "NotImplementedError, naming dropout2d",
    "F.embedding(scale_grad_by_freq=bool)": "valid but not supported: NotImplementedError",
    "F.embedding(sparse=bool)": "valid but not supported: NotImplementedError",
}


@dataclass
class Case:
    op: str  # how the failure list shows the call
    names: tuple[str, ...]  # what a message may call the op
    call: Callable[[], Any]
    kind: str
    bad: str  # a key of BAD

    def outcome(self) -> str:
        """'ok', or what is wrong: 'silent' (accepted a value it must refuse), 'unnamed'
        (a message that does not name the op), 'raw <Error>' (another exception class)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                self.call()
            except _CLEAR as e:
                return "ok" if names_op(str(e), self.names) else "unnamed"
            except Exception as e:  # noqa: BLE001 (what is raised is what the test checks)
                return f"raw {type(e).__name__}"
        return "silent" if self.bad in REFUSED[self.kind] else "ok"


def names_op(message: str, names: tuple[str, ...]) -> bool:
    """Whether the message names the op: `sum: ...`, `log10 takes`, `Tensor() takes`,
    `for +: 'Value'`, `'<' not supported` (a name followed by ':', '(', a quote or takes)."""
    return any(re.search(rf"(?<![\w.]){re.escape(n)}([:(']| takes)", message) for n in names)


class Fresh:
    """An argument made anew for each call (a graph to differentiate, a Tensor to change)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def invoke(fn: Callable[..., Any], params: list[inspect.Parameter], values: dict[str, Any]
           ) -> Any:
    """fn called with values by position where they can be, by keyword where they must."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    in_order = True
    for p in params:
        if p.name not in values:
            in_order = in_order and p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            continue
        value = values[p.name]
        value = value.make() if isinstance(value, Fresh) else value
        if p.kind is p.VAR_POSITIONAL:
            args.extend(value)
        elif p.kind is p.KEYWORD_ONLY or (p.kind is p.POSITIONAL_OR_KEYWORD and not in_order):
            kwargs[p.name] = value
        else:
            args.append(value)
    return fn(*args, **kwargs)


def _optional(p: inspect.Parameter) -> bool:
    return p.kind is not p.VAR_POSITIONAL and (p.default is None or p.default is _UNSET)


def cases_of(label: str, names: tuple[str, ...], fn: Callable[..., Any],
             params: list[inspect.Parameter], base: dict[str, Any], kinds: dict[str, str]
             ) -> tuple[list[Case], list[str]]:
    """The cases of one op: each argument in turn made each bad value. Also the arguments
    whose kind the table does not tell (a gap in error_cases.py)."""
    cases, unknown = [], []
    for p in params:
        kind = kinds.get(p.name, KIND_OF.get(p.name))
        if kind is None:
            unknown.append(f"{label}({p.name})")
            continue
        if _optional(p) and kind != "getitem":
            kind = _allow_none(kind)
        for bad in BAD:
            variants = [BAD[bad]]
            if p.kind is p.VAR_POSITIONAL:  # alone, and after the valid ones
                given = tuple(base.get(p.name, ()))
                variants = [(BAD[bad],)] + ([given[:-1] + (BAD[bad],)] if len(given) > 1
                                            else [])
            for variant in variants:
                values = {**base, p.name: variant}
                cases.append(Case(f"{label}({p.name}={bad})", names, _bind(fn, params, values),
                                  kind, bad))
    return cases, unknown


def _allow_none(kind: str) -> str:
    optional = kind + "?"
    REFUSED.setdefault(optional, REFUSED[kind] - {"None"})
    return optional


def _bind(fn: Callable[..., Any], params: list[inspect.Parameter], values: dict[str, Any]
          ) -> Callable[[], Any]:
    return lambda: invoke(fn, params, values)


def _public_methods(cls: type) -> list[str]:
    return [name for name in dir(cls) if not name.startswith("_") and callable(
        getattr(cls, name)) and not isinstance(getattr(cls, name), type)]


def _names(name: str) -> tuple[str, ...]:
    return (name, *ALIASES.get(name, ()))


def method_cases(cls: type, calls: dict[str, Any], default_receiver: Callable[[], Any]
                 ) -> tuple[list[Case], list[str]]:
    cases, unknown = [], []
    for name in [*_public_methods(cls), *[n for n in calls if n.startswith("__")]]:
        receiver, base, kinds = calls.get(name, (default_receiver, {}, {}))
        method = getattr(cls, name)
        params = list(inspect.signature(method).parameters.values())[1:]
        values = {k: v for k, v in base.items()}
        more, gaps = cases_of(f"{cls.__name__}.{name}", _names(name),
                              _with_receiver(method, receiver), params, values, kinds)
        cases += more
        unknown += gaps
    return cases, unknown


def _with_receiver(method: Callable[..., Any], receiver: Callable[[], Any]
                   ) -> Callable[..., Any]:
    return lambda *args, **kwargs: method(receiver(), *args, **kwargs)


def operator_cases() -> list[Case]:
    cases = []
    for name, (symbol, names, receiver, kind) in TENSOR_OPERATORS.items():
        cases += _operator_cases(name, symbol, (symbol, *names), receiver, kind, "Tensor")
    for name, (symbol, names, kind) in VALUE_OPERATORS.items():
        cases += _operator_cases(name, symbol, (symbol, *names), lambda: Value(2.0), kind,
                                 "Value")
    return cases


def _operator_cases(name: str, symbol: str, names: tuple[str, ...], receiver: Any, kind: str,
                    cls: str) -> list[Case]:
    apply = getattr(operator, name)
    cases = []
    for bad in BAD:
        value = BAD[bad]
        cases.append(Case(f"{cls} {symbol} {bad}", names,
                          (lambda a=apply, v=value: a(receiver(), v)), kind, bad))
        if not name.startswith("i"):  # the reflected operator: the bad value on the left
            cases.append(Case(f"{bad} {symbol} {cls}", names,
                              (lambda a=apply, v=value: a(v, receiver())), kind, bad))
    return cases


def function_cases() -> tuple[list[Case], list[str]]:
    cases, unknown = [], []
    for name in autograd.__all__:
        fn = getattr(autograd, name)
        if name in AUTOGRAD_SKIPPED or not inspect.isfunction(fn):
            continue
        params = list(inspect.signature(fn).parameters.values())
        if not params:
            continue
        if name in FUNCTION_CALLS:
            _, base, kinds = FUNCTION_CALLS[name]
        else:  # the Tensor method's valid call, the receiver passed first
            receiver, base, kinds = TENSOR_CALLS.get(name, (matrix, {}, {}))
            receiver = FUNCTION_RECEIVERS.get(name, receiver)
            base = {params[0].name: Fresh(receiver), **base}
        kinds = {params[0].name: "data", **kinds} if name not in FUNCTION_CALLS else kinds
        more, gaps = cases_of(f"autograd.{name}", _names(name), fn, params,
                              {**base, **_ENGINE.get(name, {})}, kinds)
        cases += more
        unknown += gaps
    return cases, unknown


_X = matrix()
_ENGINE = {  # the engine's functions take a graph: made afresh for each call
    "grad": {"output": Fresh(lambda: (_X * _X).sum()), "inputs": _X},
    "backward": {"root": Fresh(lambda: (matrix() * 2.0).sum())},
    "toposort": {"root": Fresh(lambda: matrix() * 2.0)},
}


def functional_cases() -> tuple[list[Case], list[str]]:
    cases, unknown = [], []
    for name in dir(F):
        fn = getattr(F, name)
        if name.startswith("_") or name in F_SKIPPED or not inspect.isfunction(fn):
            continue
        params = list(inspect.signature(fn).parameters.values())
        base, kinds = F_CALLS.get(name, ({params[0].name: matrix()}, {}))
        kinds = {params[0].name: "data", **kinds}
        more, gaps = cases_of(f"F.{name}", _names(name), fn, params, base, kinds)
        cases += more
        unknown += gaps
    return cases, unknown


def constructor_cases() -> list[Case]:
    return [Case(f"Tensor({bad})", ("Tensor",), (lambda v=BAD[bad]: Tensor(v)), "data", bad)
            for bad in BAD] + [
        Case(f"Value({bad})", ("Value",), (lambda v=BAD[bad]: Value(v)), "value operand", bad)
        for bad in BAD]


def all_cases() -> tuple[list[Case], list[str]]:
    tensor, gaps_t = method_cases(Tensor, TENSOR_CALLS, matrix)
    value, gaps_v = method_cases(Value, VALUE_CALLS, leaf_value)
    functions, gaps_f = function_cases()
    functional, gaps_nn = functional_cases()
    cases = tensor + value + operator_cases() + functions + functional + constructor_cases()
    return cases, gaps_t + gaps_v + gaps_f + gaps_nn


def test_every_argument_has_a_kind() -> None:
    _, unknown = all_cases()
    assert not unknown, f"arguments error_cases.py gives no kind: {unknown}"


def test_bad_arguments_raise_errors_that_name_the_op() -> None:
    cases, _ = all_cases()
    outcomes = [(c.op, c.outcome()) for c in cases if c.op not in EXCEPTIONS]
    failures = [(op, why) for op, why in outcomes if why != "ok"]
    counts = Counter(why for _, why in failures)
    listing = "\n".join(f"{why:>16}  {op}" for op, why in failures[:300])
    assert not failures, (f"{len(failures)} of {len(outcomes)} combinations fail: "
                          f"{dict(counts)}\n{listing}")
    assert len(outcomes) > 12000  # every public op is in the loop (a bad table skips none)


def test_the_exceptions_are_still_exceptions() -> None:
    cases = {c.op: c for c in all_cases()[0] if c.op in EXCEPTIONS}
    assert set(cases) == set(EXCEPTIONS), f"no such case: {set(EXCEPTIONS) - set(cases)}"
    passing = [op for op, c in cases.items() if c.outcome() == "ok"]
    assert not passing, f"these pass now: remove them from EXCEPTIONS: {passing}"


# ------------------------------------------------------ the cases of the user's report

_ = (grad, where, np, pytest)
