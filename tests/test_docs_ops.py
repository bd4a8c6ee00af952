"""docs/ops.md stays true: every public name of the op surface has a row there, every
gradproof name a row gives exists, and the V column (on Value too) says what Value has.

The surface is what a user can call: every name a spec row exercises (its `api=`), the public
methods and attributes of Tensor and Value and the operators they define, every
`autograd.<name>` (the functions, creation, dtypes, the engine), nn.functional's functions
and nn.grad's. A new op without a row fails here, naming it.

A row's first cell (gradproof) spells names as `x.name` (a method or attribute), `autograd.name`,
`F.name` (nn.functional), `nn.grad.name`, `nn.Name` (a module), and `__name__` (an operator's
method). The other cells (numpy, PyTorch) are not read here.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import autograd
import nn
import nn.grad
import nn.specs  # noqa: F401 (nn's rows, and nn/specs/conv.py's, join the spec table)
from autograd import Tensor, Value
from autograd.specs import SPECS
from nn import functional as F  # noqa: N812 (PyTorch's habit)

DOC = Path(__file__).resolve().parent.parent / "docs" / "ops.md"

# Names of the surface deliberately without a row, and why.
LEFT_OUT = {
    "__init__": "construction: the Creation rows show Tensor(...) and Value(...)",
    "__repr__": "printing, not an op",
    "__hash__": "hashing by identity (the == row says so), not an op",
    "__reduce_ex__": "pickling a node, not an op",
}

# How the first cell spells each kind of name: kind -> pattern of the name.
SPELLINGS = {
    "method": r"(?<![\w.])x\.(\w+)",
    "autograd": r"(?<![\w.])autograd\.(\w+)",
    "functional": r"(?<![\w.])F\.(\w+)",
    "grad": r"(?<![\w.])nn\.grad\.(\w+)",
    "module": r"(?<![\w.])nn\.([A-Z]\w*)",
    "dunder": r"(?<!\w)(__\w+__)(?!\w)",
}


def _rows() -> list[tuple[str, str]]:
    """(first cell, V cell) of every table row of docs/ops.md but the headers."""
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells[0] == "gradproof":  # a table's header
            continue
        assert len(cells) == 5, f"docs/ops.md: a row needs 5 cells, got {len(cells)}: {line}"
        rows.append((cells[0], cells[1]))
    return rows


ROWS = _rows()


def _names(cell: str) -> dict[str, set[str]]:
    """The gradproof names a first cell spells, by kind (code spans only)."""
    code = " ".join(re.findall(r"`([^`]+)`", cell))
    return {kind: set(re.findall(pattern, code)) for kind, pattern in SPELLINGS.items()}


def documented() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {kind: set() for kind in SPELLINGS}
    for cell, _ in ROWS:
        for kind, names in _names(cell).items():
            found[kind] |= names
    return found


def _has(home: object, name: str) -> bool:
    """Whether home (a class or a module) has the name itself: for a class, in its own
    classes' dicts, not its metaclass's (`type.__or__` makes hasattr(Value, "__or__") true).
    A name set to None is not had: `__array_ufunc__ = None` is how Value says numpy's
    functions are not for it."""
    if isinstance(home, type):
        return any(vars(klass).get(name, None) is not None for klass in home.__mro__)
    return hasattr(home, name)


def _operators(cls: type) -> set[str]:
    """The operator methods gradproof's own classes define (not object's)."""
    return {name for klass in cls.__mro__ if klass is not object
            for name, value in vars(klass).items()
            if name.startswith("__") and name.endswith("__") and callable(value)}


def surface() -> dict[str, set[str]]:
    """Every public name of the op surface, by the kind of spelling its row uses."""
    names: dict[str, set[str]] = {kind: set() for kind in SPELLINGS}
    for spec in SPECS:
        for api in spec.api:
            for prefix, kind in (("autograd.", "autograd"), ("nn.functional.", "functional"),
                                 ("nn.grad.", "grad"), ("nn.", "module")):
                if api.startswith(prefix):
                    names[kind].add(api[len(prefix):])
                    break
            else:
                names["dunder" if api.startswith("__") else "method"].add(api)
    for cls in (Tensor, Value):
        names["method"] |= {n for n in dir(cls) if not n.startswith("_")}
        names["dunder"] |= _operators(cls)
    names["autograd"] |= set(autograd.__all__)
    names["functional"] |= {n for n, f in vars(F).items()  # functions and rules (Primitives)
                            if not n.startswith("_") and callable(f) and not inspect.isclass(f)}
    names["grad"] |= {n for n, f in vars(nn.grad).items()
                      if not n.startswith("_") and inspect.isfunction(f)
                      and f.__module__.startswith("nn.")}
    return {kind: found - set(LEFT_OUT) for kind, found in names.items()}


def test_the_doc_has_rows_for_each_section() -> None:
    assert len(ROWS) > 150
    text = DOC.read_text(encoding="utf-8")
    for section in ("## Operators", "## Reductions", "## Linear algebra", "## Indexing",
                    "## Creation", "## Dtypes", "## In-place", "## nn.functional: losses"):
        assert section in text


@pytest.mark.parametrize("kind", list(SPELLINGS))
def test_every_public_name_has_a_row(kind: str) -> None:
    missing = sorted(surface()[kind] - documented()[kind])
    spelled = {"method": "x.{}", "autograd": "autograd.{}", "functional": "F.{}",
               "grad": "nn.grad.{}", "module": "nn.{}", "dunder": "{}"}[kind]
    assert not missing, (
        f"docs/ops.md has no row for {', '.join(spelled.format(n) for n in missing)}: add one "
        "(gradproof | V | numpy | PyTorch | notes), or list the name in LEFT_OUT with a reason")


def test_every_documented_name_exists() -> None:
    where = {"method": (Tensor, Value), "autograd": (autograd,), "functional": (F,),
             "grad": (nn.grad,), "module": (nn,), "dunder": (Tensor, Value)}
    stale = sorted(f"{kind} {name}" for kind, names in documented().items() for name in names
                   if not any(_has(home, name) for home in where[kind]))
    assert not stale, f"docs/ops.md names what gradproof has not got: {stale}"


def test_left_out_names_are_still_there() -> None:
    # A reason for a name that is gone is a stale line: remove it.
    everywhere = (Tensor, Value, F)
    gone = [name for name in LEFT_OUT if not any(_has(home, name) for home in everywhere)]
    assert not gone, f"LEFT_OUT names what the surface no longer has: {gone}"


def test_the_value_column_says_what_value_has() -> None:
    """A row marked ✓ names only methods and operators a Value has; an unmarked row none."""
    wrong = []
    for cell, on_value in ROWS:
        names = _names(cell)
        own = names["method"] | (names["dunder"] - set(vars(object)))
        if not own:
            continue
        has = {name: _has(Value, name) for name in own}
        if on_value.startswith("✓") and not all(has.values()):
            wrong.append(f"{cell}: Value lacks {sorted(n for n, h in has.items() if not h)}")
        if not on_value and any(has.values()):
            wrong.append(f"{cell}: Value has {sorted(n for n, h in has.items() if h)}, not ✓")
    assert not wrong, "docs/ops.md's V column:\n" + "\n".join(wrong)
