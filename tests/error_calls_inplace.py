"""The error sweep's valid calls for the in-place forms (x.exp_(), x.scatter_reduce_(...)),
the random fills, the bitwise ops and index_add and its kin (tests/error_calls.py joins them
to its tables).

An in-place form `name_` takes its out-of-place op's valid call, on a Tensor in no graph
(error_cases.plain: a leaf that requires grad refuses in-place ops in grad mode).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from error_cases import INDEX, MASK, matrix, plain

from autograd import Tensor, tensor
from autograd.surface.inplace_forms import SHAPES, VALUES


def ints() -> Tensor:
    """For the bitwise ops: an int64 Tensor."""
    return tensor([[1, 2, 3], [4, 5, 6]])


_SOURCE = Tensor(np.ones((2, 2)))
_BITS = {"other": "bits"}

CALLS: dict[str, tuple[Any, dict[str, Any], dict[str, str]]] = {
    **{name: (ints, {"other": 3}, _BITS) for name in (
        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
        "bitwise_right_shift")},
    "bitwise_not": (ints, {}, {}),
    "index_add": (matrix, {"dim": 1, "index": [0, 2], "source": _SOURCE},
                  {"source": "operand"}),
    "index_copy": (matrix, {"dim": 1, "index": [0, 2], "source": _SOURCE},
                   {"source": "operand"}),
    "index_fill": (matrix, {"dim": 1, "index": [0, 2], "value": 0.0}, {}),
    "masked_scatter": (matrix, {"mask": MASK, "source": Tensor(np.ones(6))},
                       {"source": "operand"}),
    "scatter_reduce": (matrix, {"dim": 1, "index": INDEX, "src": Tensor(np.ones((2, 3))),
                                "reduce": "amax"}, {"include_self": "flag"}),
    "cumsum_": (plain, {"axis": 1}, {}),
    "cumprod_": (plain, {"axis": 1}, {}),
    # the random fills
    "normal_": (plain, {}, {}),
    "uniform_": (plain, {}, {"from_": "scalar", "to": "scalar"}),
    "bernoulli_": (plain, {}, {"p": "probability"}),
    "exponential_": (plain, {}, {"lambd": "positive scalar"}),
    "geometric_": (plain, {"p": 0.5}, {"p": "probability"}),
    "log_normal_": (plain, {}, {"std": "positive scalar"}),
    "cauchy_": (plain, {}, {"median": "scalar", "sigma": "positive scalar"}),
    "random_": (plain, {}, {"from_": "int", "to": "int"}),
}


def in_place_calls(calls: dict[str, tuple[Any, dict[str, Any], dict[str, str]]]
                   ) -> dict[str, tuple[Any, dict[str, Any], dict[str, str]]]:
    """Each in-place form's call: its out-of-place op's (from `calls`, else none), made on a
    plain Tensor (an int one for the bitwise ops); the entries above win."""
    table = {**calls, **CALLS}
    made = {}
    for base in (*VALUES, *SHAPES, "index_put", "masked_fill", "index_fill", "scatter"):
        receiver, arguments, kinds = table.get(base, (matrix, {}, {}))
        made[base + "_"] = (ints if receiver is ints else plain, arguments, kinds)
    return {**made, **{name: call for name, call in CALLS.items()}}


# Operators: (symbol, the names a message may give, a receiver, the operand kind).
OPERATORS: dict[str, tuple[str, tuple[str, ...], Any, str]] = {
    "lshift": ("<<", ("bitwise_left_shift",), ints, "bits"),
    "rshift": (">>", ("bitwise_right_shift",), ints, "bits"),
    "ifloordiv": ("//=", ("//",), plain, "operand"),
    "imod": ("%=", ("%",), plain, "operand"),
    **{name: (symbol + "=", (symbol,), ints, "bits") for name, symbol in (
        ("iand", "&"), ("ior", "|"), ("ixor", "^"), ("ilshift", "<<"), ("irshift", ">>"))},
}

# The names a message may give the in-place forms' ops: their out-of-place op's (the
# message of x.exp_() is `exp_: exp: ...`).
ALIASES: dict[str, tuple[str, ...]] = {
    "bitwise_and": ("&",), "bitwise_or": ("|",), "bitwise_xor": ("^",),
    "bitwise_left_shift": ("<<",), "bitwise_right_shift": (">>",),
}
