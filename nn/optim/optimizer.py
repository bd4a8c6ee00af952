"""Optimizer: the base of every optimizer, with PyTorch's param_groups, state and state_dict.

`step()` changes each parameter's numbers in place, outside any graph: numpy arithmetic on
`.data` and `.grad`. Parameters may be Tensors or micrograd-style Values (a Value is updated
as a 0-d array, with the same arithmetic, so both give the same bits); a parameter whose grad
is None (never reached by backward) is skipped.
"""

from __future__ import annotations

import copy
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from typing import Any

import numpy as np

from autograd import Tensor, Value, enable_grad
from autograd.arguments import shown

from ..module import clear_grad
from ._common import IMPLEMENTATION_DEFAULTS, check_implementation
from ._hooks import StepHooks, named_group
from ._loading import copy_value, infer_buffers, load_buffer, load_number, plain

# The settings PyTorch's __setstate__ fills in for a saved group without them (each
# optimizer's own; a key counts only where the optimizer has that setting).
LATER_SETTINGS = {**IMPLEMENTATION_DEFAULTS, "maximize": False, "amsgrad": False,
                  "nesterov": False, "decoupled_weight_decay": False, "momentum": 0,
                  "centered": False}


class ParamState(MutableMapping):
    """The optimizer's buffers per parameter: `opt.state[p]` is p's dict (made empty on
    first access, as PyTorch's defaultdict). Keyed by the parameter object itself."""

    def __init__(self) -> None:
        self._states: dict[int, tuple[Any, dict[str, Any]]] = {}

    def __getitem__(self, p: Any) -> dict[str, Any]:
        if id(p) not in self._states:
            self._states[id(p)] = (p, {})
        return self._states[id(p)][1]

    def __setitem__(self, p: Any, state: dict[str, Any]) -> None:
        self._states[id(p)] = (p, state)

    def __delitem__(self, p: Any) -> None:
        del self._states[id(p)]

    def __contains__(self, p: object) -> bool:
        return id(p) in self._states

    def __iter__(self) -> Iterator[Any]:
        return (p for p, _ in self._states.values())

    def __len__(self) -> int:
        return len(self._states)

    def __repr__(self) -> str:
        return f"ParamState({len(self)} parameters)"


class Optimizer(StepHooks):
    """Holds the parameters in `param_groups`; subclasses define `_update(x, g, state, group)`.

    `params` is an iterable of Tensors or Values, or of dicts (PyTorch's parameter groups:
    {'params': [...], 'lr': 0.01, ...}, the settings not given taken from the optimizer's).
    step() reads every setting from the group each time, so a schedule may change them:
    `for group in opt.param_groups: group['lr'] *= 0.1`, or `opt.lr = 0.01` for all groups.
    `model.named_parameters()` (pairs name, parameter) is taken too, as PyTorch 2.13: the
    names are kept in each group's 'param_names'.
    """

    # The names of the buffers this optimizer keeps per parameter (PyTorch's names), and
    # of those that are numbers, not arrays of the parameter's shape, besides `step`.
    state_names: tuple[str, ...] = ()
    scalar_names: tuple[str, ...] = ()
    # Whether PyTorch's foreach=True (its multi-tensor update) gives its single-tensor
    # numbers, which are ours; and the settings PyTorch added later, with the values a
    # saved group without them loads with (its __setstate__'s).
    foreach_matches = True
    later_settings: dict[str, Any] = LATER_SETTINGS
    # Settings gradproof has and PyTorch has not: a group saved by torch.optim lacks them,
    # and takes the optimizer's defaults for them.
    own_settings: tuple[str, ...] = ("fma",)

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, (Tensor, Value, str, bytes, Mapping, np.ndarray)) or not (
                isinstance(params, Iterable)):
            raise TypeError(f"{type(self).__name__}: params must be an iterable of Tensors or "
                            f"Values (or of dicts of parameter groups), got {shown(params)}")
        items = list(params)
        groups = items if items and all(isinstance(g, Mapping) for g in items) else [
            {"params": items}]
        self.param_groups: list[dict[str, Any]] = []
        self.state = ParamState()
        self._step_count = 0  # steps taken, so a scheduler can tell it was stepped first
        for group in groups:
            self.add_param_group(group)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: got no parameters (an empty list, or a "
                             "used-up generator: pass list(model.parameters()) to reuse it)")

    @property
    def params(self) -> list[Any]:
        """Every group's parameters, in order: the numbering of state_dict."""
        return [p for group in self.param_groups for p in group["params"]]

    def add_param_group(self, param_group: Mapping[str, Any]) -> None:
        """Add a group ({'params': [...], setting: value, ...}); missing settings are the
        optimizer's defaults. A parameter may belong to one group only."""
        name = type(self).__name__
        if not isinstance(param_group, Mapping) or "params" not in param_group:
            raise TypeError(f"{name}.add_param_group: expected a dict with a 'params' entry, "
                            f"got {type(param_group).__name__}")
        group = named_group(param_group, name)  # (a copy: the caller's dict stays)
        for key, value in self.defaults.items():
            group.setdefault(key, value)
        group["params"] = self._leaves(group["params"])
        self._check_group(group)
        self.param_groups.append(group)

    def _leaves(self, params: Any) -> list[Any]:
        """The group's parameters, checked, each once (a repeat is still updated once)."""
        name = type(self).__name__
        in_other_groups = {id(p) for p in self.params}
        group: list[Any] = []
        in_group: set[int] = set()
        for i, p in enumerate([params] if isinstance(params, (Tensor, Value)) else params):
            if not isinstance(p, (Tensor, Value)):
                raise TypeError(f"{name}: parameter {i} is {type(p).__name__}, expected a "
                                f"Tensor or Value in params, got {shown(p)}")
            if not p.is_leaf:  # the result of an op: updating it would change nothing upstream
                raise ValueError(f"{name}: parameter {i} is the result of an op, not a "
                                 "leaf; optimize the leaves it came from")
            if id(p) in in_group:
                continue
            if id(p) in in_other_groups:
                raise ValueError(f"{name}: parameter {i} appears in more than one "
                                 "parameter group")
            in_group.add(id(p))
            group.append(p)
        return group

    def _check_group(self, group: dict[str, Any]) -> None:
        """Raise ValueError for a bad setting; subclasses check their own."""
        check_number(group["lr"], "lr", type(self).__name__)
        for key in ("maximize", "fma"):
            if key in group:
                check_flag(group[key], key, type(self).__name__)
        check_implementation(group, type(self).__name__, self.foreach_matches)

    @property
    def lr(self) -> float:
        """The learning rate of every group (an error when the groups' rates differ)."""
        rates = [group["lr"] for group in self.param_groups]
        if any(rate != rates[0] for rate in rates):
            raise AttributeError(f"{type(self).__name__}.lr: the groups have different "
                                 f"rates {rates}; read param_groups[i]['lr']")
        return rates[0]

    @lr.setter
    def lr(self, value: float) -> None:
        check_number(value, "lr", type(self).__name__)
        for group in self.param_groups:
            group["lr"] = value

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients, as Module.zero_grad: a Tensor's grad becomes None (zeros
        with set_to_none=False), a Value's 0.0."""
        for group in self.param_groups:  # (not self.params: no list made per step)
            for p in group["params"]:
                if set_to_none and isinstance(p, Tensor):  # clear_grad's common case, inline
                    p.grad = None
                else:
                    clear_grad(p, set_to_none)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient, with its group's settings.

        `closure`, if given, recomputes the loss (with gradients on) before the update, as
        PyTorch's; its result is returned.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    self._step_parameter(p, group)
        self._step_count += 1
        return loss

    def _step_parameter(self, p: Any, group: dict[str, Any]) -> None:
        """Update one parameter that has a gradient."""
        g = p.grad
        if isinstance(g, (Tensor, Value)):  # a gradient recorded with create_graph
            g = g.data
        # a parameter gets an entry in `state` once it has buffers (not SGD's)
        buffers = self.state[p] if p in self.state else {}
        if isinstance(p, Value):
            x = np.array(p.data, dtype=np.float64)  # a 0-d array: the Tensor code
            self._update(x, np.array(g, dtype=np.float64), buffers, group)
            p.data = float(x)
        else:
            g = np.asarray(g)
            if g.shape != p.data.shape:
                raise ValueError(f"{type(self).__name__}.step: a gradient of shape "
                                 f"{g.shape} for a parameter of shape {p.data.shape}")
            self._update(p.data, g, buffers, group)
        if buffers and p not in self.state:
            self.state[p] = buffers

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        """Change the parameter's array x in place, given its gradient g (never changed);
        `state` holds this parameter's buffers between steps."""
        raise NotImplementedError

    def _new_state(self, x: np.ndarray, group: dict[str, Any]) -> dict[str, Any]:
        """The buffers a parameter has before its first step (none, unless overridden)."""
        return {}

    # -- saving and loading -----------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """PyTorch's layout, with copies of the buffers (numpy arrays):

            {"state": {index: {"step": 3.0, "exp_avg": array, ...}},
             "param_groups": [{"lr": 0.001, ..., "params": [0, 1, ...]}, ...]}

        Parameters are numbered across the groups in order; only those with buffers have
        an entry in "state".
        """
        index = {id(p): i for i, p in enumerate(self.params)}
        state = {index[id(p)]: {key: copy_value(value) for key, value in buffers.items()}
                 for p, buffers in self.state.items() if buffers}
        groups = []
        for group in self.param_groups:
            packed = {key: copy.deepcopy(value) for key, value in group.items()
                      if key != "params"}
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        return {"state": dict(sorted(state.items())), "param_groups": groups}

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Take the settings and buffers of `state_dict` (from state_dict()), by position.

        Every entry is checked first (the number of groups and of parameters in each, the
        settings, each buffer's name and shape); on any problem a ValueError lists them all
        and nothing has changed. The buffers are copied, in the parameters' dtypes.
        """
        name = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state_dict, Mapping) or set(state_dict) != {"state", "param_groups"}:
            raise ValueError(f"{name}: expected a dict with the keys 'state' and "
                             "'param_groups', as state_dict() returns")
        saved_groups = state_dict["param_groups"]
        if not isinstance(saved_groups, (list, tuple)) or len(saved_groups) != len(
                self.param_groups):
            count = len(saved_groups) if isinstance(saved_groups, (list, tuple)) else "no"
            raise ValueError(f"{name}: the state has {count} parameter groups, this optimizer "
                             f"{len(self.param_groups)}")
        problems: list[str] = []
        groups, by_index = self._load_groups(saved_groups, problems)
        states = self._load_states(state_dict["state"], by_index, problems)
        if problems:
            raise ValueError(f"{name}: " + "; ".join(problems) + " (nothing was loaded)")
        for group, settings in zip(self.param_groups, groups, strict=True):
            group.update(settings)
        self.state = ParamState()
        for p, buffers in states:
            self.state[p] = buffers

    def _load_groups(self, saved_groups: Any, problems: list[str]
                     ) -> tuple[list[dict[str, Any]], dict[Any, tuple[Any, dict[str, Any]]]]:
        """The checked settings of each saved group, and index -> (parameter, its group)."""
        groups: list[dict[str, Any]] = []
        by_index: dict[Any, tuple[Any, dict[str, Any]]] = {}
        for i, (group, saved) in enumerate(zip(self.param_groups, saved_groups, strict=True)):
            if not isinstance(saved, Mapping) or not isinstance(saved.get("params"), list):
                problems.append(f"group {i} is not a dict with a 'params' list")
                continue
            for index in saved["params"]:  # (its states are not for "no parameter")
                by_index.setdefault(index, None)
            if len(saved["params"]) != len(group["params"]):
                problems.append(f"group {i} has {len(saved['params'])} parameters, this "
                                f"optimizer's {len(group['params'])}")
                continue
            settings = {key: copy.deepcopy(value) for key, value in saved.items()
                        if key != "params"}
            for key, value in self.later_settings.items():
                if key in self.defaults:
                    settings.setdefault(key, value)
            for key in self.own_settings:
                if key in self.defaults:
                    settings.setdefault(key, copy.deepcopy(self.defaults[key]))
            # Entries beyond the optimizer's settings (a scheduler's 'initial_lr', a
            # user's tag) are taken as they are, as PyTorch does.
            missing = [key for key in self.defaults if key not in settings]
            if missing:
                problems.append(f"group {i} lacks the settings {missing}")
                continue
            checked = {**settings, "params": group["params"]}
            try:
                self._check_group(checked)  # also normalises, as the constructor does
            except (TypeError, ValueError) as error:
                problems.append(f"group {i}: {error}")
                continue
            del checked["params"]
            groups.append(checked)
            for index, p in zip(saved["params"], group["params"], strict=True):
                if by_index.get(index) is not None:
                    problems.append(f"group {i}: parameter index {index!r} is used twice")
                by_index[index] = (p, {**group, **checked})
        return groups, by_index

    def _load_states(self, saved_states: Any, by_index: dict[Any, tuple[Any, dict[str, Any]]],
                     problems: list[str]) -> list[tuple[Any, dict[str, Any]]]:
        """(parameter, copied buffers) for each saved state, after checking it."""
        if not isinstance(saved_states, Mapping):
            problems.append("'state' is not a dict of index -> buffers")
            return []
        states = []
        for index, saved in saved_states.items():
            if index not in by_index:
                problems.append(f"state {index!r} is for no parameter of the groups")
                continue
            if by_index[index] is None:  # its group's problem is told already
                continue
            p, group = by_index[index]
            x = np.asarray(p.data, dtype=np.float64 if isinstance(p, Value) else None)
            if not isinstance(saved, Mapping):
                problems.append(f"state {index}: not a dict of buffers")
                continue
            saved = {key: plain(value) for key, value in saved.items()}
            if not self.state_names:  # a subclass that does not name its buffers (a user's)
                states.append((p, infer_buffers(saved, x)))
                continue
            unknown = [key for key in saved if key not in self.state_names]
            missing = [key for key in self._new_state(x, group) if key not in saved]
            if unknown or missing:
                problems.append(f"state {index}: unknown buffers {unknown}, missing "
                                f"{missing} (known: {list(self.state_names)})")
                continue
            buffers = {}
            for key, value in saved.items():
                if key in self.scalar_names:
                    buffers[key] = load_number(value, key, f"state {index}", problems)
                else:
                    buffers[key] = load_buffer(value, key, x, f"state {index}", problems)
            states.append((p, buffers))
        return states

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
        return "\n".join(lines) + "\n)"


def check_number(x: Any, name: str, where: str) -> None:
    """ValueError unless x is a real number >= 0 (not a bool, not NaN)."""
    if not isinstance(x, numbers.Real) or isinstance(x, bool) or not x >= 0:
        raise ValueError(f"{where}: {name} must be a number >= 0, got {shown(x)}")


def check_flag(x: Any, name: str, where: str) -> None:
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{where}: {name} must be True or False, got {shown(x)}")
