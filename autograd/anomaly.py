"""Anomaly detection, as PyTorch's torch.autograd.detect_anomaly: a backward pass that stops
at the first op whose derivative gives a NaN, and names it.

    detect_anomaly(check_nan=True)            on for a `with` block (or each call of a
                                                decorated function), then what was before
    set_detect_anomaly(mode, check_nan=True)  on or off at once; as a `with` block, what
                                                was before comes back after it
    is_anomaly_enabled(), is_anomaly_check_nan_enabled()

    with autograd.detect_anomaly():
        loss.backward()   # RuntimeError: Function 'log' returned nan values in its 0th output...

As PyTorch's, the mode is one flag for the whole process (every thread sees it), not a grad
mode's per-thread context variable, and a block brings back what was on when it was made.
While the mode checks (on, with check_nan), `backward` and `grad` take the engine's general
pass (autograd/engine.py), which calls `check` on each gradient a rule gives its inputs and
raises PyTorch's RuntimeError there, naming the op, the input, the node's shape and the
name scope (the nn module) the node was made in. While it does not (the common case), the
engine looks at one flag per pass and nothing per node. A compiled step (autograd.compile)
runs eagerly while the mode checks, as it does while a hook is registered: a replay runs no
Python, so it could check nothing.

PyTorch also keeps each node's forward traceback in anomaly mode, to print with the error.
gradproof does not (yet): the places that run per node only while something rare is on
(apply's `if CHANGED:` in primitive.py and function.py, make_node's `if modes.open_scopes:`)
run fixed code (rebase.stamp, the scope lookup), and a traceback needs either a new check
on every op's hot path or those branches made to run a list of notes, of which the
in-place stamp would be one. The name scope says which layer made the node instead.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .arguments import flag
from .modes import _GradMode
from .node import Node

enabled = False  # is_anomaly_enabled()
nan_check = True  # is_anomaly_check_nan_enabled()
checking = False  # both: what the engine reads, once per backward pass

_WARNING = ("Anomaly Detection has been enabled. This mode will increase the runtime and "
            "should only be enabled for debugging.")


def is_anomaly_enabled() -> bool:
    """Whether anomaly detection is on (PyTorch's torch.is_anomaly_enabled)."""
    return enabled


def is_anomaly_check_nan_enabled() -> bool:
    """Whether anomaly detection, when on, raises at a NaN gradient (PyTorch's
    torch.is_anomaly_check_nan_enabled; True unless turned on with check_nan=False)."""
    return nan_check


def _set(mode: bool, nan: bool) -> None:
    """Turn the mode on or off (PyTorch's torch.set_anomaly_enabled): the flags together."""
    global enabled, nan_check, checking
    enabled, nan_check, checking = mode, nan, mode and nan


class detect_anomaly(_GradMode):  # noqa: N801 (named like torch.autograd.detect_anomaly)
    """Anomaly detection on inside a `with` block: a backward pass raises a RuntimeError at
    the first op whose derivative gives a NaN for one of its inputs (check_nan=True), naming
    the op, the input, the node's shape and the nn module it was made in. Made, it warns that
    it slows backward down (PyTorch's UserWarning), and remembers what was on, which leaving
    the block brings back (PyTorch's). Unlike PyTorch's, it decorates a function too:
    `@detect_anomaly()` runs each call in the mode (the decorator is the grad modes': a
    generator's each resume)."""

    def __new__(cls, check_nan: bool = True) -> Any:  # (not _GradMode's: check_nan is no function)
        return object.__new__(cls)

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = flag(check_nan, "check_nan", "detect_anomaly")
        self.prev = (enabled, nan_check)
        warnings.warn(_WARNING, UserWarning, stacklevel=2)

    def __enter__(self) -> None:
        _set(True, self.check_nan)

    def __exit__(self, *exc_info: object) -> None:
        _set(*self.prev)

    def _fresh(self) -> Any:
        """A block for one call of a decorated function (it warned once, when made)."""
        block = object.__new__(detect_anomaly)
        block.check_nan, block.prev = self.check_nan, (enabled, nan_check)
        return block


class set_detect_anomaly:  # noqa: N801 (named like torch.autograd.set_detect_anomaly)
    """Anomaly detection on (True) or off (False), as torch.autograd.set_detect_anomaly:
    it takes effect when made; as a `with` block, what was on before comes back after it.
    See detect_anomaly for what the mode does (this one does not warn, as PyTorch's)."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        mode = flag(mode, "mode", "set_detect_anomaly")
        nan = flag(check_nan, "check_nan", "set_detect_anomaly")
        self.prev = (enabled, nan_check)
        _set(mode, nan)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc_info: object) -> None:
        _set(*self.prev)



# ------------------------------------------------------- the check (autograd/engine.py)

def check(node: Node, i: int, g: Any) -> None:
    """Raise PyTorch's RuntimeError if g, the gradient node's rule gave its input i, holds a
    NaN (g a float, an array, or a node in a create_graph pass)."""
    if _has_nan(g):
        raise RuntimeError(_message(node, i))


def check_all(node: Node, parents: tuple[Node, ...], given: Any) -> list[Any]:
    """`check` for each input that requires grad, its gradient from one `grads` call; the
    gradients, as a list (a rule may give an iterator)."""
    given = list(given)
    for i, (parent, g) in enumerate(zip(parents, given, strict=False)):  # (the engine's
        if parent.requires_grad:  # zip says if the count is wrong)
            check(node, i, g)
    return given


def run_own_backward(node: Node) -> None:
    """engine._run_own_backward, checked: a node made micrograd's way has its own `_backward`,
    which adds into its parents' .grad itself; a parent whose .grad had no NaN before and has
    one after was given one by it."""
    own_backward = node._meta_get("backward", None)
    if own_backward is None:
        return
    parents = node._prev
    clean = [not _has_nan(parent.grad) for parent in parents]
    own_backward()
    for i, parent in enumerate(parents):
        if clean[i] and _has_nan(parent.grad):
            raise RuntimeError(_message(node, i))


def _has_nan(g: Any) -> bool:
    if isinstance(g, Node):
        g = g.data
    if type(g) is float:
        return g != g
    try:
        return bool(np.isnan(g).any())
    except TypeError:  # no numbers: no gradient (None)
        return False


def _message(node: Node, i: int) -> str:
    """PyTorch's words, then which node: its op, the input, its shape, its name scope."""
    op = str(node._op)
    data = node.data
    what = "a Value node" if type(data) is float else f"a node of shape {np.shape(data)}"
    scope = node._scope
    where = f", made in the module scope {' > '.join(map(str, scope))}" if scope else ""
    return (f"Function '{op}' returned nan values in its {i}th output: the gradient for input "
            f"{i} of '{op}' ({what}{where})")
