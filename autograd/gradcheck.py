"""Numerical gradients, and checks of back-propagation against them (the lesson of
examples/gradient_check.py).

The central difference (f(x + h) - f(x - h)) / 2h is slow (two evaluations of f per input
element) but needs no derivative code, so it is the independent witness that the rule
table is right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .arguments import integer, real, shown
from .differentiate import grad
from .node import Node
from .tensor import Tensor
from .value import Value


class GradcheckError(AssertionError):
    """Back-propagation and the central difference disagree."""


def numerical_gradient(f: Callable[[np.ndarray], Any], x: np.ndarray, h: float = 1e-4
                       ) -> np.ndarray:
    """d f(x) / dx by central differences, for a float ndarray x of any shape.

    `f` takes x and returns a number. x is changed one element at a time while this runs
    and is left as it was found (the seed's `numerical_gradient`, with np.nditer).
    """
    _callable(f, "numerical_gradient")
    if not isinstance(x, np.ndarray) or isinstance(x, np.ma.MaskedArray) or x.dtype.kind != "f":
        dtype = f" of dtype {x.dtype}" if hasattr(x, "dtype") else ""
        raise TypeError(f"numerical_gradient: x must be a float ndarray, got "
                        f"{shown(x)}{dtype}")
    h = _step(h, "numerical_gradient")
    gradient = np.zeros_like(x)
    if x.size == 0:  # np.nditer refuses zero-sized arrays; an empty x has an empty gradient
        return gradient
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])  # type: ignore[list-item]
    for _ in it:
        i = it.multi_index
        original = x[i].copy()
        try:
            x[i] = original + h
            f_plus = float(_number(f(x)))
            x[i] = original - h
            f_minus = float(_number(f(x)))
        finally:
            x[i] = original
        gradient[i] = (f_plus - f_minus) / (2 * h)
    return gradient


def gradcheck(f: Callable[..., Any], inputs: Sequence[Node], h: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-3, seed: int = 0) -> bool:
    """Check the back-propagated gradient of `f(*inputs)` against central differences.

    `inputs` are Values, or Tensors with requires_grad=True (use float64 for Tensors: h is
    too small for float32). A non-scalar output is checked through a random projection
    sum(v * f(x)), which is wrong somewhere if any entry of the Jacobian is. Returns True,
    or raises GradcheckError naming the input, the element, both values and the errors.
    """
    inputs, h, atol, rtol, seed = _checked(f, inputs, h, atol, rtol, seed, "gradcheck")
    projection = _projection(f(*inputs), seed)
    output = projection(f(*inputs))
    analytic = grad(output, inputs, allow_unused=True)

    def objective() -> float:
        # Not under no_grad: f may itself differentiate (gradgradcheck's f does).
        return float(projection(f(*inputs)).data)

    for i, (x, a) in enumerate(zip(inputs, analytic, strict=True)):
        numeric = _numerical_input_gradient(objective, x, h)
        a = np.zeros_like(numeric) if a is None else np.asarray(_number(a), dtype=np.float64)
        _compare(i, x, a.reshape(numeric.shape), numeric, atol, rtol)
    return True


def gradgradcheck(f: Callable[..., Any], inputs: Sequence[Node], h: float = 1e-6,
                  atol: float = 1e-5, rtol: float = 1e-3, seed: int = 0) -> bool:
    """Check second derivatives: the gradient of f's first derivatives (recorded with
    create_graph=True) against central differences of those first derivatives."""
    inputs, h, atol, rtol, seed = _checked(f, inputs, h, atol, rtol, seed, "gradgradcheck")
    projection = _projection(f(*inputs), seed)
    rng = np.random.default_rng(seed + 1)
    weights = [rng.standard_normal(np.shape(x.data)) for x in inputs]

    def first_derivatives(*xs: Node) -> Node:
        gradients = grad(projection(f(*xs)), xs, create_graph=True, allow_unused=True)
        total: Any = 0.0
        for g, w in zip(gradients, weights, strict=True):
            if g is not None:
                total = total + _dot(g, w)
        if not isinstance(total, Node):
            raise GradcheckError("gradgradcheck: f's gradient does not depend on the inputs")
        return total

    return gradcheck(first_derivatives, inputs, h, atol, rtol, seed)


def _checked(f: Any, inputs: Any, h: Any, atol: Any, rtol: Any, seed: Any, op: str
             ) -> tuple[list[Node], float, float, float, int]:
    """gradcheck's arguments, checked: f callable, inputs Values or Tensors that require
    grad (one node, or a sequence), h > 0, atol and rtol >= 0, seed an int."""
    _callable(f, op)
    if isinstance(inputs, Node):
        inputs = [inputs]
    if isinstance(inputs, (str, bytes, dict, np.ndarray)) or not hasattr(inputs, "__iter__"):
        raise TypeError(f"{op}: inputs must be a sequence of Values or Tensors, got "
                        f"{shown(inputs)}")
    inputs = list(inputs)
    for i, x in enumerate(inputs):
        if not isinstance(x, (Value, Tensor)):
            raise TypeError(f"{op}: input {i} is {type(x).__name__}, expected a Value or "
                            f"Tensor in inputs, got {shown(x)}")
        if not x.requires_grad:
            raise ValueError(f"{op}: input {i} does not require grad (inputs[{i}] is "
                             f"{shown(x)})")
    tolerances = [real(t, name, op) for t, name in ((atol, "atol"), (rtol, "rtol"))]
    for t, given, name in zip(tolerances, (atol, rtol), ("atol", "rtol"), strict=True):
        if not t >= 0:
            raise ValueError(f"{op}: {name} must be non-negative, got {given!r}")
    if integer(seed, "seed", op) < 0:
        raise ValueError(f"{op}: seed must be non-negative (numpy's), got {seed!r}")
    return inputs, _step(h, op), *tolerances, int(seed)


def _callable(f: Any, op: str) -> None:
    if not callable(f):
        raise TypeError(f"{op}: f must be a function to check, got {shown(f)}")


def _step(h: Any, op: str) -> float:
    step = real(h, "h", op)
    if not step > 0:
        raise ValueError(f"{op}: h (the step of the central difference) must be positive, "
                         f"got {h!r}")
    return step


def _number(x: Any) -> Any:
    """The plain value of a Value or Tensor (or of a number)."""
    return x.data if isinstance(x, Node) else x


def _projection(output: Any, seed: int) -> Callable[[Any], Any]:
    """Scalar outputs pass through; others are reduced to sum(v * output) for a fixed v.
    Several outputs (a tuple or list, as PyTorch's gradcheck takes) add up their
    projections, each with its own v; outputs of integers or bools have no gradient to
    check and are left out."""
    if isinstance(output, (tuple, list)):
        parts = [(k, _projection(out, seed + k)) for k, out in enumerate(output)
                 if isinstance(out, Value) or (isinstance(out, Tensor)
                                               and out.data.dtype.kind == "f")]
        if not parts:
            raise TypeError(f"gradcheck: f returned a {type(output).__name__} without a "
                            "float Value or Tensor to check")
        return lambda outs: sum((project(outs[k]) for k, project in parts[1:]),
                                parts[0][1](outs[parts[0][0]]))
    if isinstance(output, Value):
        return lambda out: out
    if not isinstance(output, Tensor):
        raise TypeError(f"gradcheck: f returned {type(output).__name__}, expected a Value "
                        "or Tensor (or a tuple of them)")
    if output.size == 1:
        return lambda out: out.sum()
    v = np.random.default_rng(seed).standard_normal(output.shape)
    return lambda out: (out * v).sum()


def _dot(g: Any, w: np.ndarray) -> Any:
    return g * float(w) if isinstance(g, Value) else (g * w).sum()


def _numerical_input_gradient(objective: Callable[[], float], x: Node, h: float) -> np.ndarray:
    if isinstance(x, Value):
        box = np.array([x.data])

        def at(values: np.ndarray) -> float:
            x.data = float(values[0])
            return objective()

        try:
            return numerical_gradient(at, box, h)[0:1].reshape(())
        finally:
            x.data = float(box[0])
    original = x.data
    x.data = original.astype(np.float64, copy=True)

    def at_tensor(values: np.ndarray) -> float:
        return objective()  # x.data *is* values: numerical_gradient edits it in place

    try:
        return numerical_gradient(at_tensor, x.data, h)
    finally:
        x.data = original


def _compare(i: int, x: Node, analytic: np.ndarray, numeric: np.ndarray, atol: float,
             rtol: float) -> None:
    error = np.abs(analytic - numeric)
    bad = ~(error <= atol + rtol * np.abs(numeric))
    if not np.any(bad):
        return
    where = tuple(int(k) for k in np.argwhere(bad)[0])
    name = f" ({x.label!r})" if getattr(x, "label", "") else ""
    at = f" at index {where}" if where else ""
    a, n = float(analytic[where]), float(numeric[where])
    raise GradcheckError(
        f"gradcheck: input {i}{name}{at}: back-propagation gives {a!r}, central difference "
        f"gives {n!r}; absolute error {abs(a - n):.3g}, relative error "
        f"{abs(a - n) / max(abs(n), 1e-300):.3g} (atol={atol}, rtol={rtol}); "
        f"{int(bad.sum())} of {bad.size} elements differ")
