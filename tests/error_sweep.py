"""The sweep that tests/test_errors.py and tests/test_errors_nn.py run: every argument of
every public op, replaced in turn by every bad value of error_cases.BAD.

An op is given as one valid call: a function, its parameters (from its signature), the
valid value of each argument the call needs, and the kind of each argument (from its name,
error_cases.KIND_OF, unless the op's table row says otherwise). `cases_of` makes one Case
per (argument, bad value). A Case's outcome is 'ok' when

- the value is one the kind refuses (error_cases.REFUSED) and the op raises a TypeError,
  ValueError or IndexError whose message names the op, names the argument, and shows the
  value given (its repr, or its type, or what is wrong with it); or
- the value is one the kind may take (1.5 as an operand, None where the default is None),
  and the op computes, or raises such an error naming the op.

Anything else is a failure: 'silent' (a refused value was accepted), 'raw <Error>' (another
exception, such as numpy's AxisError-free TypeError from deep inside), 'no op', 'no
argument', 'no value' (what the message leaves out).
"""

from __future__ import annotations

import copy
import inspect
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from error_cases import BAD, KIND_OF, REFUSED, SHOWN

from autograd.arguments import _UNSET

# A TypeError or ValueError (IndexError for an index, as numpy and PyTorch; ZeroDivisionError
# for a Value divided by 0, as Python's float)
CLEAR = (TypeError, ValueError, IndexError, ZeroDivisionError)


@dataclass
class Case:
    label: str  # how a failure list shows the call: Tensor.sum(axis=str)
    ops: tuple[str, ...]  # what a message may call the op
    args: tuple[str, ...]  # what a message may call the argument
    call: Callable[[], Any]
    kind: str
    bad: str  # a key of BAD
    shown: tuple[str, ...] = ()  # more ways to show the value (an operator's type names)

    def outcome(self) -> str:
        refused = self.bad in REFUSED[self.kind]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                self.call()
            except CLEAR as e:
                return judge(str(e), self.ops, self.args if refused else (),
                             SHOWN[self.bad] + self.shown)
            except Exception as e:  # noqa: BLE001 (what is raised is what the test checks)
                return f"raw {type(e).__name__}"
        return "silent" if refused else "ok"


def judge(message: str, ops: tuple[str, ...], args: tuple[str, ...], shown: tuple[str, ...]
          ) -> str:
    """'ok' if the message names the op (and, when args are given, one of them and the
    value, one of the ways it may be shown); else what it leaves out."""
    if not names_op(message, ops):
        return "no op"
    if args and not mentions(message, args):
        return "no argument"
    if args and not mentions(message, shown):
        return "no value"
    return "ok"


def names_op(message: str, names: tuple[str, ...]) -> bool:
    """Whether the message names the op: `sum: ...`, `log10 takes`, `Tensor() takes`,
    `for +: 'Value'`, `'<' not supported` (a name followed by ':', '(', a quote or takes)."""
    return any(re.search(rf"(?<![\w.]){re.escape(n)}([:(']| takes)", message) for n in names)


def mentions(message: str, words: tuple[str, ...]) -> bool:
    """Whether one of the words is in the message, as a word of its own (`dim` is not in
    `dims`, `0` not in `10` or `1.05`)."""
    return any(re.search(rf"{_BEFORE_NUMBER if w[0] in '-0123456789' else _BEFORE}"
                         rf"{re.escape(w)}(?!\w|\.\d)", message) for w in words)


_BEFORE = r"(?<!\w)"
_BEFORE_NUMBER = r"(?<![\w.])"  # 0 is not in 1.0


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
        elif p.kind is p.VAR_KEYWORD:
            kwargs.update(value)
        elif p.kind is p.KEYWORD_ONLY or (p.kind is p.POSITIONAL_OR_KEYWORD and not in_order):
            kwargs[p.name] = value
        else:
            args.append(value)
    return fn(*args, **kwargs)


@dataclass
class Op:
    """One op of the sweep: how to call it validly, and what its arguments are."""

    label: str  # Tensor.sum, autograd.where, F.conv2d, nn.Linear, nn.Linear()(input)
    names: tuple[str, ...]  # what a message may call it
    fn: Callable[..., Any]
    params: list[inspect.Parameter]
    base: dict[str, Any]  # the valid call's arguments
    kinds: dict[str, str]  # kinds the names do not tell
    arg_names: dict[str, tuple[str, ...]]  # what a message may call an argument

    def valid_call(self) -> Callable[[], Any]:
        return lambda: invoke(self.fn, self.params, self.base)

    def cases(self) -> tuple[list[Case], list[str]]:
        """Each argument in turn made each bad value; also the arguments whose kind the
        table does not tell (a gap in the table)."""
        cases, unknown = [], []
        for p in self.params:
            if p.kind is p.VAR_KEYWORD or p.name.startswith("_"):  # **kwargs, private ones
                continue
            kind = self.kinds.get(p.name, KIND_OF.get(p.name))
            if kind is None:
                unknown.append(f"{self.label}({p.name})")
                continue
            if (_optional(p) and kind != "getitem") or kind.endswith("?"):
                kind = allow_none(kind)
            named = self.arg_names.get(p.name, (p.name.strip("_"),))
            for bad, value in BAD.items():
                value = copy.deepcopy(value)  # each case its own: a call may write into it
                variants = [value]
                if p.kind is p.VAR_POSITIONAL:  # alone, and after the valid ones
                    given = tuple(self.base.get(p.name, ()))
                    variants = [(value,)] + ([given[:-1] + (value,)] if len(given) > 1
                                             else [])
                for variant in variants:
                    values = {**self.base, p.name: variant}
                    cases.append(Case(f"{self.label}({p.name}={bad})", self.names, named,
                                      _bind(self.fn, self.params, values), kind, bad))
        return cases, unknown


def _optional(p: inspect.Parameter) -> bool:
    return p.kind is not p.VAR_POSITIONAL and (p.default is None or p.default is _UNSET)


def allow_none(kind: str) -> str:
    """The kind of an argument whose default is None: None is one of its values."""
    optional = kind if kind.endswith("?") else kind + "?"
    REFUSED.setdefault(optional, REFUSED[kind.rstrip("?")] - {"None"})
    return optional


def _bind(fn: Callable[..., Any], params: list[inspect.Parameter], values: dict[str, Any]
          ) -> Callable[[], Any]:
    return lambda: invoke(fn, params, values)


def parameters(fn: Callable[..., Any], skip_first: bool = False) -> list[inspect.Parameter]:
    params = list(inspect.signature(fn).parameters.values())
    return params[1:] if skip_first else params


def run(ops: list[Op], extra: list[Case] = ()) -> tuple[list[tuple[str, str]], int]:
    """The failures of every case of the ops (and the extra cases), and how many ran."""
    cases = [c for op in ops for c in op.cases()[0]] + list(extra)
    outcomes = [(c.label, c.outcome()) for c in cases]
    return [(label, why) for label, why in outcomes if why != "ok"], len(outcomes)


def invalid_calls(ops: list[Op]) -> list[str]:
    """The ops whose valid call fails (then the table lies, and every case of it with it)."""
    failing = []
    for op in ops:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                op.valid_call()()
            except Exception as e:  # noqa: BLE001
                failing.append(f"{op.label}: {type(e).__name__}: {e}"[:300])
    return failing


def gaps(ops: list[Op]) -> list[str]:
    return [u for op in ops for u in op.cases()[1]]


def report(failures: list[tuple[str, str]], total: int, limit: int = 300) -> str:
    counts: dict[str, int] = {}
    for _, why in failures:
        counts[why] = counts.get(why, 0) + 1
    listing = "\n".join(f"{why:>16}  {label}" for label, why in failures[:limit])
    return f"{len(failures)} of {total} combinations fail: {counts}\n{listing}"
