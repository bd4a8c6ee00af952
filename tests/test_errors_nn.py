"""Every public function of nn.functional, nn.init, nn.utils and nn.grad, every layer's
constructor and forward, every optimizer's and scheduler's constructor: a bad argument is a
clear error that names the op, the argument and the value (tests/error_sweep.py says how a
case is judged; tests/error_calls_nn.py gives the valid calls and the kinds).
"""

from __future__ import annotations

import copy
import inspect
import re
from typing import Any

import numpy as np
import pytest
from error_calls_nn import (
    F_CALLS,
    F_SKIPPED,
    FUNCTION_CALLS_NN,
    LAYER_CALLS,
    LAYERS_SKIPPED,
    NN_ALIASES,
    NN_KIND_OF,
    OPTIM_CALLS,
    Made,
)
from error_cases import matrix
from error_sweep import Fresh, Op, gaps, invalid_calls, invoke, parameters, report, run

import nn
from autograd import Tensor
from nn import functional as F  # noqa: N812 (PyTorch's habit)
from nn.module import Module

# Valid values that PyTorch takes and gradproof does not support: an error naming the op.
EXCEPTIONS: dict[str, str] = {
    "F.embedding(scale_grad_by_freq=bool)": "valid but not supported: NotImplementedError",
    "F.embedding(sparse=bool)": "valid but not supported: NotImplementedError",
    "nn.Embedding(scale_grad_by_freq=bool)": "valid but not supported: NotImplementedError",
    "nn.Embedding(sparse=bool)": "valid but not supported: NotImplementedError",
}


def _functional_names(layer: str) -> tuple[str, ...]:
    """The nn.functional names a layer's errors may give: LeakyReLU's leaky_relu,
    BatchNorm2d's batch_norm, MSELoss's mse_loss, CrossEntropyLoss's cross_entropy."""
    def key(name: str) -> str:
        return re.sub(r"(1d|2d|loss)$", "", name.lower().replace("_", ""))
    return tuple(n for n in dir(F) if not n.startswith("_") and key(n) == key(layer))


def _names(name: str) -> tuple[str, ...]:
    return (name, *NN_ALIASES.get(name, ()))


def _kinds(first: str | None, kinds: dict[str, str]) -> dict[str, str]:
    return {**NN_KIND_OF, **({first: "data"} if first else {}), **kinds}


def functional_ops() -> list[Op]:
    ops = []
    for name in dir(F):
        fn = getattr(F, name)
        if name.startswith("_") or name in F_SKIPPED or not inspect.isfunction(fn):
            continue
        params = parameters(fn)
        base, kinds = F_CALLS.get(name, ({params[0].name: matrix()}, {}))
        kinds = {**NN_KIND_OF, "bias": "operand", "weight": "operand", params[0].name: "data",
                 **kinds}
        ops.append(Op(f"F.{name}", _names(name), fn, params, base, kinds, {}))
    return ops


def module_function_ops() -> list[Op]:
    """nn.init.*, nn.utils.*, nn.grad.*, nn.parallel.*: the table's calls; every public
    function of them must be in it."""
    ops = []
    for label, (base, kinds) in FUNCTION_CALLS_NN.items():
        module, name = label.split(".")
        fn = getattr(getattr(nn, module), name)
        fresh = {k: Fresh(lambda v=v: _copy(v)) for k, v in base.items()}
        ops.append(Op(f"nn.{label}", _names(name), fn, parameters(fn), fresh,
                      {**NN_KIND_OF, "bias": "operand",
                       "weight": "operand", "input": "data", **kinds}, {}))
    return ops


def _copy(value: Any) -> Any:
    """A fresh copy of a table value (nn.init changes its Tensor in place)."""
    if isinstance(value, Tensor):
        return Tensor(value.data.copy())
    if isinstance(value, list) and value and isinstance(value[0], Tensor):
        return [nn.Parameter(v.data.copy()) for v in value]
    if isinstance(value, Module):  # nn.utils.weight_norm and the like change it
        return copy.deepcopy(value)
    if isinstance(value, Made):
        return value.make()
    return value


def optim_ops() -> list[Op]:
    ops = []
    for name, (base, kinds) in OPTIM_CALLS.items():
        cls = getattr(nn.optim, name, None) or getattr(nn.optim.lr_scheduler, name)
        # (SequentialLR's schedulers must hold the optimizer it is given: the table's own)
        fresh = {k: Fresh(_fresh_optimizer) if k == "optimizer" and "schedulers" not in base
                 else Fresh(lambda v=v: _copy(v)) for k, v in base.items()}
        ops.append(Op(f"nn.optim.{name}", (name, "Optimizer", "LRScheduler"), cls,
                      parameters(cls.__init__, skip_first=True), fresh,
                      {**NN_KIND_OF, **kinds}, {}))
    return ops


def _fresh_optimizer() -> Any:
    return nn.optim.SGD([nn.Parameter(np.ones(3))], lr=0.1, momentum=0.9)


def layer_ops() -> list[Op]:
    """Each layer's constructor, and its forward on the table's input."""
    ops = []
    for name in nn.__all__:
        cls = getattr(nn, name)
        if not isinstance(cls, type) or name in LAYERS_SKIPPED:
            continue
        base, kinds, make_input = LAYER_CALLS.get(name, ({}, {}, matrix))
        names = (name, *_functional_names(name), *NN_ALIASES.get(name, ()))
        ctor = parameters(cls.__init__, skip_first=True)
        if cls.__init__ is not Module.__init__:  # (a layer with no arguments of its own)
            ops.append(Op(f"nn.{name}", names, cls, ctor, dict(base),
                          _kinds(None, {"bias": "flag", **kinds}), {}))
        if make_input is None:
            continue
        forward = parameters(cls.forward, skip_first=True)
        inputs = _inputs(make_input)
        values = {p.name: Fresh(lambda i=i, m=make_input: _inputs(m)[i])
                  for i, p in enumerate(forward[:len(inputs)])}

        def call(*args: Any, _cls: type = cls, _base: dict = base, _ctor: list = ctor,
                 **kwargs: Any) -> Any:
            return invoke(_cls, _ctor, _base)(*args, **kwargs)

        target = {forward[1].name: "operand"} if len(inputs) > 1 else {}
        # a layer's input: nn.functional calls it input; a scalar layer's, dot's inputs
        first = (forward[0].name, "input", "inputs")
        ops.append(Op(f"nn.{name}()", names, call, forward, values,
                      {**NN_KIND_OF, forward[0].name: "data", **target,
                       **{k: v for k, v in kinds.items() if k in {p.name for p in forward}}},
                      {forward[0].name: first}))
    return ops


def _inputs(make: Any) -> tuple[Any, ...]:
    given = make()
    return given if isinstance(given, tuple) else (given,)


def all_ops() -> list[Op]:
    return functional_ops() + module_function_ops() + optim_ops() + layer_ops()


def test_every_public_function_of_init_utils_grad_and_parallel_is_in_the_table() -> None:
    listed = set(FUNCTION_CALLS_NN)
    public = {f"{m}.{n}" for m in ("init", "utils", "grad", "parallel")
              for n in getattr(getattr(nn, m), "__all__", dir(getattr(nn, m)))
              if not n.startswith("_") and inspect.isfunction(getattr(getattr(nn, m), n))}
    assert public <= listed, f"not in error_calls_nn.FUNCTION_CALLS_NN: {public - listed}"
    optimizers = {n for n in dir(nn.optim) if isinstance(getattr(nn.optim, n), type)
                  and issubclass(getattr(nn.optim, n), nn.optim.Optimizer)
                  and n != "Optimizer"}
    schedulers = {n for n in dir(nn.optim.lr_scheduler)
                  if isinstance(getattr(nn.optim.lr_scheduler, n), type)
                  and n not in ("LRScheduler", "Optimizer")
                  and getattr(nn.optim.lr_scheduler, n).__module__.startswith("nn.")}
    assert optimizers | schedulers <= set(OPTIM_CALLS), (
        f"not in error_calls_nn.OPTIM_CALLS: {(optimizers | schedulers) - set(OPTIM_CALLS)}")


def test_every_argument_has_a_kind() -> None:
    assert not gaps(all_ops()), f"arguments error_calls_nn.py gives no kind: {gaps(all_ops())}"


def test_the_valid_calls_are_valid() -> None:
    failing = invalid_calls(all_ops())
    assert not failing, "\n".join(failing)


def test_bad_arguments_raise_errors_that_name_the_op_the_argument_and_the_value() -> None:
    ops = all_ops()
    failures, total = run(ops)
    failures = [(label, why) for label, why in failures if label not in EXCEPTIONS]
    assert not failures, report(failures, total)
    assert len(ops) > 150 and total > 5000  # every public op is in the loop


def test_the_exceptions_are_still_exceptions() -> None:
    cases = {c.label: c for op in all_ops() for c in op.cases()[0]}
    assert set(EXCEPTIONS) <= set(cases), f"no such case: {set(EXCEPTIONS) - set(cases)}"
    passing = [label for label in EXCEPTIONS if cases[label].outcome() == "ok"]
    assert not passing, f"these pass now: remove them from EXCEPTIONS: {passing}"


_ = (Module, pytest)
