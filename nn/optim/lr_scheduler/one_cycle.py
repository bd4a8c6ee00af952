"""OneCycleLR: the 1cycle policy (Smith and Topin), one lr per batch."""

from __future__ import annotations

import math
import numbers
from typing import Any

from autograd.arguments import shown

from ..optimizer import Optimizer, check_flag
from .scheduler import LRScheduler, _check_positive_int, _check_real, check_optimizer


class MomentumCycling:
    """What OneCycleLR and CyclicLR share: each group's momentum, or Adam's beta1, set as
    the schedule goes, and its starting values (max_momentum, base_momentum) in the group."""

    use_beta1: bool

    def _set_momentum(self, group: dict[str, Any], momentum: float) -> None:
        if self.use_beta1:
            group["betas"] = (momentum, *group["betas"][1:])
        else:
            group["momentum"] = momentum

    def _start_momentums(self, optimizer: Optimizer, tops: list[Any], bottoms: list[Any]
                         ) -> None:
        for top, bottom, group in zip(tops, bottoms, optimizer.param_groups, strict=True):
            self._set_momentum(group, top)
            group["max_momentum"] = top
            group["base_momentum"] = bottom


class OneCycleLR(LRScheduler, MomentumCycling):
    """Warm up from max_lr / div_factor to max_lr over the first pct_start of total_steps,
    then anneal to initial_lr / final_div_factor (fastai's two phases; three_phase=True
    comes back down to initial_lr first, then anneals, as the paper). With cycle_momentum,
    momentum (or Adam's beta1) moves the other way, between max_momentum and base_momentum.

    Give total_steps, or epochs and steps_per_epoch. Call step() after every batch; more
    than total_steps steps is an error. anneal_strategy is 'cos' or 'linear'. Not chainable:
    it sets the lr from its phases, whatever else changed it.
    """

    def __init__(self, optimizer: Optimizer, max_lr: float | list[float],
                 total_steps: int | None = None, epochs: int | None = None,
                 steps_per_epoch: int | None = None, pct_start: float = 0.3,
                 anneal_strategy: str = "cos", cycle_momentum: bool = True,
                 base_momentum: float | list[float] = 0.85,
                 max_momentum: float | list[float] = 0.95, div_factor: float = 25.0,
                 final_div_factor: float = 1e4, three_phase: bool = False,
                 last_epoch: int = -1) -> None:
        check_optimizer(optimizer, "OneCycleLR")
        for name, count in (("total_steps", total_steps), ("epochs", epochs),
                            ("steps_per_epoch", steps_per_epoch)):
            if count is not None:  # (checked even when total_steps makes it unused)
                _check_positive_int(count, name, "OneCycleLR")
        if total_steps is not None:
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError("OneCycleLR: give total_steps, or epochs and steps_per_epoch")
        if not isinstance(pct_start, float) or not 0 <= pct_start <= 1:
            raise ValueError(f"OneCycleLR: pct_start must be a float in [0, 1], got "
                             f"{shown(pct_start)}")
        if not isinstance(anneal_strategy, str) or anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"OneCycleLR: anneal_strategy must be 'cos' or 'linear', got "
                             f"{shown(anneal_strategy)}")
        if not isinstance(last_epoch, int) or isinstance(last_epoch, bool):
            raise ValueError(f"OneCycleLR: last_epoch must be an integer >= -1, got "
                             f"{shown(last_epoch)}")
        for name, given in (("cycle_momentum", cycle_momentum), ("three_phase", three_phase)):
            check_flag(given, name, "OneCycleLR")
        for name, given in (("div_factor", div_factor), ("final_div_factor", final_div_factor)):
            _check_real(given, name, "OneCycleLR")
            if given == 0:  # it divides the lr
                raise ValueError(f"OneCycleLR: {name} must be nonzero, got {given!r}")
        self._anneal_func_type = anneal_strategy
        self._schedule_phases = _phases(self.total_steps, pct_start, three_phase)

        max_lrs = _per_group("max_lr", optimizer, max_lr, "OneCycleLR")
        if last_epoch == -1:
            for group, group_max_lr in zip(optimizer.param_groups, max_lrs, strict=True):
                group["initial_lr"] = group_max_lr / div_factor
                group["max_lr"] = group_max_lr
                group["min_lr"] = group["initial_lr"] / final_div_factor

        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError(f"OneCycleLR: {type(optimizer).__name__} has neither momentum "
                                 "nor betas to cycle; pass cycle_momentum=False")
            self.use_beta1 = "betas" in optimizer.defaults
            max_momentums = _per_group("max_momentum", optimizer, max_momentum, "OneCycleLR")
            base_momentums = _per_group("base_momentum", optimizer, base_momentum,
                                        "OneCycleLR")
            if last_epoch == -1:
                self._start_momentums(optimizer, max_momentums, base_momentums)
        super().__init__(optimizer, last_epoch)

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self._anneal_func_type == "cos":  # cosine from start (pct 0) to end (pct 1)
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(f"OneCycleLR: tried to step {step_num} times; total_steps is "
                             f"{self.total_steps}")
        lrs = []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or i == len(self._schedule_phases) - 1:
                    pct = (step_num - start_step) / (end_step - start_step)
                    lrs.append(self._anneal(group[phase["start_lr"]], group[phase["end_lr"]],
                                            pct))
                    if self.cycle_momentum:
                        self._set_momentum(group, self._anneal(
                            group[phase["start_momentum"]], group[phase["end_momentum"]], pct))
                    break
                start_step = phase["end_step"]
        return lrs


def _phases(total_steps: int, pct_start: float, three_phase: bool) -> list[dict[str, Any]]:
    """Each phase's last step and the group keys it anneals between (PyTorch's table)."""
    up = {"end_step": float(pct_start * total_steps) - 1, "start_lr": "initial_lr",
          "end_lr": "max_lr", "start_momentum": "max_momentum",
          "end_momentum": "base_momentum"}
    if not three_phase:
        return [up, {"end_step": total_steps - 1, "start_lr": "max_lr", "end_lr": "min_lr",
                     "start_momentum": "base_momentum", "end_momentum": "max_momentum"}]
    return [up,
            {"end_step": float(2 * pct_start * total_steps) - 2, "start_lr": "max_lr",
             "end_lr": "initial_lr", "start_momentum": "base_momentum",
             "end_momentum": "max_momentum"},
            {"end_step": total_steps - 1, "start_lr": "initial_lr", "end_lr": "min_lr",
             "start_momentum": "max_momentum", "end_momentum": "max_momentum"}]


def _per_group(name: str, optimizer: Optimizer, value: Any, where: str) -> list[Any]:
    """One value per parameter group: a list of them, or one value for all (OneCycleLR's
    and CyclicLR's lrs and momenta)."""
    groups = len(optimizer.param_groups)
    values = list(value) if isinstance(value, (list, tuple)) else [value] * groups
    if len(values) != groups:
        raise ValueError(f"{where}: {name} has {len(values)} values, the optimizer "
                         f"{groups} parameter groups: {name} is {shown(value)}")
    for v in values:
        if not isinstance(v, numbers.Real) or isinstance(v, bool) or math.isnan(v):
            raise ValueError(f"{where}: {name} must be a number or a list of numbers, "
                             f"got {shown(value)}")
    return values
