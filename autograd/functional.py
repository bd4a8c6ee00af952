"""autograd.functional: Jacobians, Hessians and their products with a vector, of a function
of Tensors, as torch.autograd.functional (under `import autograd as torch`, this module is
torch.autograd.functional).

Each is a few calls of autograd.grad, written as PyTorch's own, with f: inputs -> outputs,
J = d outputs / d inputs and H the Hessian of a one-element f:

    vjp(f, x, v)       f(x), v^T J         one backward pass seeded with v
    jvp(f, x, v)       f(x), J v           the double-vjp trick: g(u) = J^T u is linear in u,
                                             so the vjp of g with v, d(v . g(u))/du, is J v
    jacobian(f, x)     J                   one backward pass per output element (a row of J)
    hessian(f, x)      H                   the jacobian of the jacobian (the inner one with
                                             create_graph=True)
    vhp(f, x, v)       f(x), v^T H         the vjp of the gradient
    hvp(f, x, v)       f(x), H v           the double-vjp trick on the gradient

inputs (and v) are a Tensor or a tuple of Tensors, and so are f's outputs; results come in
the same nesting (jacobian of a tuple-output f of tuple inputs: a tuple of tuples, block
[i][j] of shape outputs[i].shape + inputs[j].shape). With create_graph=True the results are
in the graph (differentiable again, also in the Tensors given); else they are detached. An
input the outputs do not depend on gets zeros, or with strict=True PyTorch's RuntimeError.
Values (the scalar node) are not taken: these functions are PyTorch's, for Tensors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .arguments import flag, shown
from .creation import zeros, zeros_like
from .differentiate import grad
from .dtypes import check_requires_grad
from .functions.shape import stack
from .modes import enable_grad
from .tensor import Tensor
from .value import Value

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]

_STRATEGIES = ("forward-mode", "reverse-mode")
_OUTPUTS = "outputs of the user-provided function"


def vjp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple[Any, Any]:
    """(func(inputs), v^T J): the vector-Jacobian product, shaped as the inputs.

    v is shaped as func's outputs; None only for a one-element output (then 1)."""
    create_graph, strict = _start(func, "vjp", create_graph, strict)
    with enable_grad():
        is_inputs_tuple, inputs = _inputs(inputs, create_graph, "vjp")
        is_outputs_tuple, outputs = _outputs(func(*inputs), strict, "vjp")
        v = _vector(v, outputs, is_outputs_tuple, create_graph, "vjp")
        result = _fill_in_zeros(_grad(outputs, inputs, v, create_graph), inputs, strict,
                                create_graph, "back")
    return (_unpack(_finished(outputs, create_graph), is_outputs_tuple),
            _unpack(_finished(result, create_graph), is_inputs_tuple))


def jvp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple[Any, Any]:
    """(func(inputs), J v): the Jacobian-vector product, shaped as the outputs.

    v is shaped as the inputs; None only for a one-element input (then 1). gradproof has no
    forward mode: J v is the vjp (with v) of u -> J^T u, PyTorch's double-backward trick."""
    create_graph, strict = _start(func, "jvp", create_graph, strict)
    with enable_grad():
        is_inputs_tuple, inputs = _inputs(inputs, create_graph, "jvp")
        v = _vector(v, inputs, is_inputs_tuple, create_graph, "jvp")
        is_outputs_tuple, outputs = _outputs(func(*inputs), strict, "jvp")
        u = tuple(zeros_like(out, requires_grad=True) for out in outputs)
        grad_inputs = _grad(outputs, inputs, u, create_graph=True)  # J^T u, linear in u
        _check_requires_grad(grad_inputs, "grad_inputs", strict)
        result = _fill_in_zeros(_grad(grad_inputs, u, v, create_graph), outputs, strict,
                                create_graph, "back_trick")
    return (_unpack(_finished(outputs, create_graph), is_outputs_tuple),
            _unpack(_finished(result, create_graph), is_outputs_tuple))


def jacobian(func: Callable[..., Any], inputs: Any, create_graph: bool = False,
             strict: bool = False, vectorize: bool = False,
             strategy: str = "reverse-mode") -> Any:
    """d func(inputs) / d inputs: block [i][j] has shape outputs[i].shape + inputs[j].shape
    (one Tensor for one input and one output, a tuple where either is a tuple).

    Row k of a block is one backward pass seeded with output element k. vectorize=True
    computes by the same loop (PyTorch batches the passes; the numbers are the same).
    strategy="forward-mode" keeps PyTorch's rules (vectorize=True needed; not with strict or
    create_graph) but, gradproof having no forward mode, computes the same numbers by
    reverse mode, in the outputs' dtype as PyTorch's (and detached). An output with no
    elements gives an empty block (PyTorch's torch.stack raises on it)."""
    create_graph, strict = _start(func, "jacobian", create_graph, strict)
    vectorize = flag(vectorize, "vectorize", "jacobian")
    if not (isinstance(strategy, str) and strategy in _STRATEGIES):
        raise AssertionError('Expected strategy to be either "forward-mode" or '
                             f'"reverse-mode", got {shown(strategy)}. Hint: If your function '
                             'has more outputs than inputs, "forward-mode" tends to be more '
                             'performant. Otherwise, prefer to use "reverse-mode".')
    forward = strategy == "forward-mode"
    if forward:
        _forward_mode_rules(inputs, create_graph, strict, vectorize)
    with enable_grad():
        is_inputs_tuple, inputs = _inputs(inputs, create_graph, "jacobian")
        is_outputs_tuple, outputs = _outputs(func(*inputs), strict, "jacobian")
        if vectorize and strict:
            raise RuntimeError("autograd.functional.jacobian: `strict=True` and "
                               "`vectorized=True` are not supported together. Please either "
                               "set `strict=False` or `vectorize=False`.")
        blocks = tuple(_jacobian_rows(i, out, inputs, create_graph, strict)
                       for i, out in enumerate(outputs))
    if forward:
        blocks = tuple(tuple(b.to(out.dtype) for b in row)
                       for row, out in zip(blocks, outputs, strict=True))
    return _unpack(_finished(blocks, create_graph), (is_outputs_tuple, is_inputs_tuple))


def hessian(func: Callable[..., Any], inputs: Any, create_graph: bool = False,
            strict: bool = False, vectorize: bool = False,
            outer_jacobian_strategy: str = "reverse-mode") -> Any:
    """d^2 func(inputs) / d inputs^2 of a one-element func: block [i][j] has shape
    inputs[i].shape + inputs[j].shape (one Tensor for one input).

    The jacobian of the jacobian, as PyTorch's: the inner one with create_graph=True, the
    outer one with vectorize= and strategy=outer_jacobian_strategy (see jacobian)."""
    create_graph, strict = _start(func, "hessian", create_graph, strict)
    is_inputs_tuple, inputs = _checked_inputs(inputs, "hessian")
    if not (isinstance(outer_jacobian_strategy, str)
            and outer_jacobian_strategy in _STRATEGIES):
        raise AssertionError('Expected strategy to be either "forward-mode" or '
                             f'"reverse-mode", got {shown(outer_jacobian_strategy)} for '
                             "outer_jacobian_strategy.")

    def one_element_func(*xs: Tensor) -> Tensor:
        out = _one_element(func(*xs), strict, "hessian")
        return out.reshape(())  # PyTorch's out.squeeze()

    def jac_func(*xs: Tensor) -> tuple[Tensor, ...]:
        jac = jacobian(one_element_func, xs, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        return jac

    blocks = jacobian(jac_func, inputs, create_graph, strict, vectorize,
                      strategy=outer_jacobian_strategy)
    return _unpack(blocks, (is_inputs_tuple, is_inputs_tuple))


def vhp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple[Any, Any]:
    """(func(inputs), v^T H) of a one-element func, shaped as the inputs: the vjp (with v)
    of the gradient. v is shaped as the inputs; None only for a one-element input."""
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
        strict: bool = False) -> tuple[Any, Any]:
    """(func(inputs), H v) of a one-element func, shaped as the inputs: the double-vjp trick
    on the gradient g, as PyTorch's (the vjp with v of u -> d(g . u)/d inputs = H^T u).
    H v = v^T H for a func twice continuously differentiable; vhp takes one pass less."""
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def _hessian_product(func: Any, inputs: Any, v: Any, create_graph: Any, strict: Any,
                     fn: str) -> tuple[Any, Any]:
    create_graph, strict = _start(func, fn, create_graph, strict)
    with enable_grad():
        is_inputs_tuple, inputs = _inputs(inputs, create_graph, fn)
        v = _vector(v, inputs, is_inputs_tuple, create_graph, fn)
        out = _one_element(func(*inputs), strict, fn)
        jac = _grad((out,), inputs, None, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        if fn == "vhp":
            result = _grad(jac, inputs, v, create_graph)
        else:
            u = tuple(zeros_like(x, requires_grad=True) for x in inputs)
            double_back = _grad(jac, inputs, u, create_graph=True)  # H^T u, linear in u
            result = _grad(double_back, u, v, create_graph)
        stage = "double_back" if fn == "vhp" else "double_back_trick"
        result = _fill_in_zeros(result, inputs, strict, create_graph, stage)
    return (_finished((out,), create_graph)[0],
            _unpack(_finished(result, create_graph), is_inputs_tuple))



# -- the steps each function shares (PyTorch's helpers of the same names) ------------------

def _start(func: Any, fn: str, create_graph: Any, strict: Any) -> tuple[bool, bool]:
    if not callable(func):
        raise TypeError(f"{fn}: func must be a function of Tensors, got {shown(func)}")
    return flag(create_graph, "create_graph", fn), flag(strict, "strict", fn)


def _as_tuple(x: Any, name: str, fn: str) -> tuple[bool, tuple[Tensor, ...]]:
    """(whether x is a tuple, x as a tuple of Tensors): PyTorch's TypeError for anything
    else (a list, an array, a number, a Value)."""
    is_tuple = isinstance(x, tuple)
    items = x if is_tuple else (x,)
    for i, item in enumerate(items):
        if not isinstance(item, Tensor):
            which = f"the value at index {i}" if is_tuple else f"the given {name}"
            hint = (" gradproof's Value (the scalar node) is not taken here: use a Tensor, "
                    "e.g. Tensor(value.data)") if isinstance(item, Value) else ""
            raise TypeError(f"The {name} given to {fn} must be either a Tensor or a tuple of "
                            f"Tensors but {which} has type {type(item)}.{hint}")
    return is_tuple, items


def _inputs(inputs: Any, create_graph: bool, fn: str) -> tuple[bool, tuple[Tensor, ...]]:
    is_tuple, inputs = _checked_inputs(inputs, fn)
    return is_tuple, _preprocess(inputs, create_graph, need_graph=True)


def _checked_inputs(inputs: Any, fn: str) -> tuple[bool, tuple[Tensor, ...]]:
    """inputs as a tuple of float Tensors, at least one."""
    is_tuple, inputs = _as_tuple(inputs, "inputs", fn)
    if not inputs:
        raise ValueError(f"{fn}: inputs is an empty tuple; pass a Tensor or a tuple of "
                         "Tensors to differentiate with respect to")
    for i, x in enumerate(inputs):
        check_requires_grad(x.data.dtype, f"{fn}: inputs[{i}]" if is_tuple else f"{fn}: inputs")
    return is_tuple, inputs


def _preprocess(xs: tuple[Tensor, ...], create_graph: bool, need_graph: bool
                ) -> tuple[Tensor, ...]:
    """Fresh nodes to differentiate with respect to: with create_graph, one in the graph of
    each Tensor that requires grad (so results are differentiable in the Tensors given),
    else a detached leaf (which requires grad if need_graph)."""
    return tuple(x.view_as(x) if create_graph and x.requires_grad
                 else x.detach().requires_grad_(need_graph) for x in xs)


def _outputs(out: Any, strict: bool, fn: str) -> tuple[bool, tuple[Tensor, ...]]:
    is_tuple, outputs = _as_tuple(out, _OUTPUTS, fn)
    _check_requires_grad(outputs, "outputs", strict)
    return is_tuple, outputs


def _one_element(out: Any, strict: bool, fn: str) -> Tensor:
    """The output of hessian's, vhp's and hvp's func: one Tensor of one element."""
    is_tuple, outputs = _outputs(out, strict, fn)
    if is_tuple:
        raise RuntimeError(f"The function given to {fn} should return a single Tensor")
    if outputs[0].numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn} should contain "
                           f"a single element (got shape {outputs[0].shape})")
    return outputs[0]


def _vector(v: Any, other: tuple[Tensor, ...], is_other_tuple: bool, create_graph: bool,
            fn: str) -> tuple[Tensor, ...] | None:
    """v as a tuple, one Tensor per output (vjp) or input (the others), each of its shape;
    None (a 1 for autograd.grad) only for one Tensor of one element."""
    if v is None:
        if len(other) != 1 or other[0].numel() != 1:
            whose = ("the user-provided function returns" if fn == "vjp" else
                     "the input to the user-provided function is")
            raise RuntimeError(f"The vector v can only be None if {whose} a single Tensor "
                               "with a single element.")
        return None
    _, v = _as_tuple(v, "v", fn)
    v = _preprocess(v, create_graph, need_graph=False)
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(other)} but "
                               f"got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for i, (el_v, el_other) in enumerate(zip(v, other, strict=True)):
        if el_v.size() != el_other.size():
            prepend = f"Entry {i} in " if is_other_tuple else ""
            raise RuntimeError(f"{prepend}v has invalid size: should be {el_other.size()} but "
                               f"got {el_v.size()}.")
    return v


def _grad(outputs: tuple[Any, ...], inputs: tuple[Tensor, ...], seeds: Any,
          create_graph: bool) -> tuple[Tensor | None, ...]:
    """autograd.grad of the outputs that require grad (None for an unused input), each a
    Tensor (autograd.grad gives arrays without create_graph)."""
    seeds = (None,) * len(outputs) if seeds is None else seeds
    kept = [(out, seed) for out, seed in zip(outputs, seeds, strict=True)
            if out is not None and out.requires_grad]
    if not kept:
        return (None,) * len(inputs)
    outs, kept_seeds = zip(*kept, strict=True)
    grads = grad(outs, inputs, kept_seeds, create_graph=create_graph, allow_unused=True)
    return tuple(g if g is None or isinstance(g, Tensor) else Tensor(g) for g in grads)


def _jacobian_rows(i: int, out: Tensor, inputs: tuple[Tensor, ...], create_graph: bool,
                   strict: bool) -> tuple[Tensor, ...]:
    """Output i's blocks of the Jacobian, one per input: row k is the gradient of element k
    (a backward pass seeded with a one-hot array, as PyTorch's out.reshape(-1)[k])."""
    if out.numel() == 0:
        return tuple(zeros(out.shape + x.shape, dtype=x.dtype) for x in inputs)
    rows: list[list[Tensor]] = [[] for _ in inputs]
    for k in range(out.numel()):
        seed = np.zeros(out.shape, out.dtype)
        seed.flat[k] = 1
        for j, (g, x) in enumerate(zip(_grad((out,), inputs, (seed,), create_graph), inputs,
                                       strict=True)):
            if g is None:
                if strict:
                    raise RuntimeError(f"Output {i} of the user-provided function is "
                                       f"independent of input {j}. This is not allowed in "
                                       "strict mode.")
                g = zeros_like(x)
            elif strict and create_graph and not g.requires_grad:
                raise RuntimeError("The jacobian of the user-provided function is independent "
                                   f"of input {j}. This is not allowed in strict mode when "
                                   "create_graph=True.")
            rows[j].append(g)
    return tuple(stack(r).reshape(out.shape + x.shape) for r, x in zip(rows, inputs,
                                                                       strict=True))


def _forward_mode_rules(inputs: Any, create_graph: bool, strict: bool, vectorize: bool
                        ) -> None:
    """PyTorch's refusals for strategy="forward-mode", in its order."""
    if create_graph:
        raise NotImplementedError(
            "autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` "
            "are not supported together (yet). Please either set `create_graph=False` or "
            "`strategy=\"reverse-mode\"`.")
    if strict:
        raise RuntimeError(
            "autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` are "
            "not supported together (yet). Please either set `strict=False` or "
            "`strategy=\"reverse-mode\"`.")
    _as_tuple(inputs, "inputs", "jacobian")
    if not vectorize:
        raise NotImplementedError(
            "Computing Jacobian using forward-AD or forward-over-reverse Hessian is only "
            "implemented for `vectorize=True`.")


_STRICT_RULES = {
    "hessian": ("The hessian of the user-provided function with respect to input {i} is "
                "independent of the input. This is not allowed in strict mode. You should "
                "ensure that your function is thrice differentiable and that the hessian "
                "depends on the inputs."),
    "jacobian": ("While computing the hessian, found that the jacobian of the user-provided "
                 "function with respect to input {i} is independent of the input. This is not "
                 "allowed in strict mode. You should ensure that your function is twice "
                 "differentiable and that the jacobian depends on the inputs (this would be "
                 "violated by a linear function for example)."),
    "grad_inputs": ("The gradient with respect to input {i} is independent of the inputs of "
                    "the user-provided function. This is not allowed in strict mode."),
    "outputs": ("Output {i} of the user-provided function does not require gradients. The "
                "outputs must be computed in a differentiable manner from the input when "
                "running in strict mode."),
}


def _check_requires_grad(xs: tuple[Any, ...], kind: str, strict: bool) -> None:
    """strict=True: each of xs (outputs, gradients, jacobians) in the graph of the inputs."""
    if not strict:
        return
    for i, x in enumerate(xs):
        if x is None:
            raise RuntimeError(f"The output of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode.")
        if not x.requires_grad:
            raise RuntimeError(_STRICT_RULES[kind].format(i=i))


_UNUSED = {
    "back": "The output of the user-provided function is independent of input {i}. This is "
            "not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                         "prevents from using the double backward trick to replace forward "
                         "mode AD.",
}


def _fill_in_zeros(grads: tuple[Tensor | None, ...], refs: tuple[Tensor, ...], strict: bool,
                   create_graph: bool, stage: str) -> tuple[Tensor, ...]:
    """None (no dependence) becomes zeros shaped as refs[i]; strict=True raises instead, and
    with create_graph also for a result not in the graph."""
    filled = []
    for i, g in enumerate(grads):
        if g is None:
            if strict:
                raise RuntimeError(_UNUSED[stage].format(i=i))
            g = zeros_like(refs[i])
        elif strict and create_graph and not g.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode when "
                               "create_graph=True.")
        filled.append(g)
    return tuple(filled)


def _finished(xs: tuple[Any, ...], create_graph: bool) -> tuple[Any, ...]:
    """Nested tuples of Tensors, detached unless create_graph (PyTorch's _grad_postprocess)."""
    if create_graph:
        return xs
    return tuple(x.detach() if isinstance(x, Tensor) else _finished(x, False) for x in xs)


def _unpack(res: tuple[Any, ...], to_unpack: bool | tuple[bool, bool]) -> Any:
    """The nesting the caller gave: a tuple level only where inputs (outputs) were a tuple."""
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            res = tuple(row[0] for row in res)
        return res if to_unpack[0] else res[0]
    return res if to_unpack else res[0]
