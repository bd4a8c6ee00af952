"""Schedules made of schedules: SequentialLR (one after another, at milestones) and
ChainedScheduler (all at once, each step)."""

from __future__ import annotations

import copy
from bisect import bisect_right
from typing import Any

from autograd.arguments import shown

from ..optimizer import Optimizer
from .plateau import ReduceLROnPlateau
from .scheduler import LRScheduler, MissingInitialLRError, epochs


class SequentialLR(LRScheduler):
    """schedulers[0] until milestones[0], then schedulers[1] until milestones[1], and so on
    (a warm-up, then a decay):

        warmup = LinearLR(optimizer, start_factor=0.1, total_iters=5)
        decay = CosineAnnealingLR(optimizer, T_max=95)
        scheduler = SequentialLR(optimizer, [warmup, decay], milestones=[5])

    As PyTorch's: the constructor puts each group's lr back to initial_lr, moves every
    scheduler one epoch back (undoing its constructor's step) and takes the first one's
    first step; at a milestone the next scheduler starts at its epoch 0 (its closed form
    there if it has one), from the lr the last one left.
    """

    def __init__(self, optimizer: Optimizer, schedulers: list[LRScheduler],
                 milestones: list[int], last_epoch: int = -1) -> None:
        _check_schedulers(schedulers, "SequentialLR")
        milestone_list = epochs(milestones, "milestones", "SequentialLR")
        if len(milestone_list) != len(schedulers) - 1:
            raise ValueError(f"SequentialLR: expected one milestone fewer than schedulers: "
                             f"{len(schedulers)} schedulers, {len(milestone_list)} milestones "
                             f"(milestones is {shown(milestones)})")
        if not isinstance(last_epoch, int) or isinstance(last_epoch, bool) or last_epoch < -1:
            raise ValueError(f"SequentialLR: last_epoch must be an integer >= -1, got "
                             f"{shown(last_epoch)}")
        _check_same_optimizer(schedulers, optimizer, "SequentialLR")
        for i, group in enumerate(optimizer.param_groups):
            if "initial_lr" not in group:  # (a group added after the schedulers were made)
                raise MissingInitialLRError(f"SequentialLR: param 'initial_lr' is not "
                                            f"specified in param_groups[{i}]")
        self._schedulers = list(schedulers)
        self._milestones = milestone_list
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        self.recursive_undo()
        first = self._schedulers[bisect_right(self._milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def recursive_undo(self, sched: Any = None) -> None:
        """Move every scheduler (inside nested ones too) one epoch back."""
        scheds = self if sched is None else sched
        if hasattr(scheds, "_schedulers"):
            for s in scheds._schedulers:
                self.recursive_undo(s)
        elif hasattr(scheds, "last_epoch"):
            scheds.last_epoch -= 1

    def step(self) -> None:  # type: ignore[override]
        """Advance one epoch: the scheduler of this epoch steps (or starts, at a milestone)."""
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()

    def state_dict(self) -> dict[str, Any]:
        """Its own attributes, and each scheduler's state_dict() under '_schedulers'."""
        return _state_with_schedulers(self)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        _load_with_schedulers(self, state_dict)


class ChainedScheduler(LRScheduler):
    """Step every scheduler at each step(), in order, so their factors multiply (chainable
    schedules only). Takes no step of its own when made."""

    def __init__(self, schedulers: list[LRScheduler],
                 optimizer: Optimizer | None = None) -> None:
        _check_schedulers(schedulers, "ChainedScheduler")
        if optimizer is None:
            optimizer = schedulers[0].optimizer
        _check_same_optimizer(schedulers, optimizer, "ChainedScheduler")
        self._schedulers = schedulers
        self.optimizer = optimizer
        self._last_lr = [group["lr"] for group in self._schedulers[-1].optimizer.param_groups]

    def step(self) -> None:  # type: ignore[override]
        """Step each scheduler, in order."""
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = [group["lr"] for group in self._schedulers[-1].optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """Its own attributes, and each scheduler's state_dict() under '_schedulers'."""
        return _state_with_schedulers(self)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        _load_with_schedulers(self, state_dict)


def _check_schedulers(schedulers: Any, where: str) -> None:
    """A non-empty list (or tuple) of steppable schedulers: PyTorch's checks."""
    if not isinstance(schedulers, (list, tuple)):
        raise TypeError(f"{where}: schedulers must be a list of schedulers, got "
                        f"{shown(schedulers)}")
    if not schedulers:
        raise ValueError(f"{where}: expected at least one scheduler, got schedulers="
                         f"{shown(schedulers)}")
    for i, scheduler in enumerate(schedulers):
        if not isinstance(scheduler, LRScheduler):
            raise TypeError(f"{where}: schedulers[{i}] is {shown(scheduler)}, not a scheduler "
                            "of nn.optim.lr_scheduler")
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(f"{where}: schedulers[{i}] is a ReduceLROnPlateau, which cannot "
                             "be stepped without its metric")


def _check_same_optimizer(schedulers: Any, optimizer: Any, where: str) -> None:
    """PyTorch's check (a ValueError, for something that is no optimizer too)."""
    given = (f"an {type(optimizer).__name__}" if isinstance(optimizer, Optimizer)
             else shown(optimizer))  # (an optimizer's repr lists all its settings)
    for i, scheduler in enumerate(schedulers):
        if scheduler.optimizer is not optimizer:
            raise ValueError(f"{where}: all schedulers must belong to the optimizer given "
                             f"(optimizer is {given}), but schedulers[{i}] "
                             f"({type(scheduler).__name__}) belongs to another")


def _state_with_schedulers(scheduler: Any) -> dict[str, Any]:
    state = {key: copy.deepcopy(value) for key, value in scheduler.__dict__.items()
             if key not in ("optimizer", "_schedulers")}
    state["_schedulers"] = [s.state_dict() for s in scheduler._schedulers]
    return state


def _load_with_schedulers(scheduler: Any, state_dict: dict[str, Any]) -> None:
    state = dict(state_dict)
    saved = state.pop("_schedulers", None)
    where = f"{type(scheduler).__name__}.load_state_dict"
    if not isinstance(saved, list) or len(saved) != len(scheduler._schedulers):
        raise ValueError(f"{where}: expected '_schedulers', a list of "
                         f"{len(scheduler._schedulers)} state_dicts, got {shown(saved)}")
    LRScheduler.load_state_dict(scheduler, state)
    for s, s_state in zip(scheduler._schedulers, saved, strict=True):
        s.load_state_dict(s_state)
