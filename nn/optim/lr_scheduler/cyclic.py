"""Schedules that come back up: CyclicLR (Smith's cyclical learning rates, one step per
batch) and CosineAnnealingWarmRestarts (SGDR: cosine annealing with warm restarts)."""

from __future__ import annotations

import copy
import math
import numbers
import types
from collections.abc import Callable
from typing import Any

from autograd.arguments import shown

from ..optimizer import Optimizer, check_flag
from .one_cycle import MomentumCycling, _per_group
from .scheduler import LRScheduler, _check_positive_int, _check_real, check_optimizer

_MODES = ("triangular", "triangular2", "exp_range")


class CyclicLR(LRScheduler, MomentumCycling):
    """The lr goes from base_lr up to max_lr over step_size_up batches, back down over
    step_size_down (default: step_size_up), and again, with the height scaled:

        cycle = floor(1 + t / (up + down)),  x = 1 + t / (up + down) - cycle   (t: batches)
        lr = base_lr + (max_lr - base_lr) * rise(x) * scale_fn(cycle or t)

    rise(x) goes 0 -> 1 -> 0 over a cycle. mode 'triangular' scales by 1, 'triangular2'
    halves the height every cycle (1 / 2**(cycle - 1)), 'exp_range' scales by gamma**t;
    a scale_fn(x) of your own replaces mode, evaluated on the cycle number (scale_mode
    'cycle') or on t ('iterations'). With cycle_momentum, momentum (or Adam's beta1) moves
    the other way, from max_momentum down to base_momentum and back.

    The constructor sets each group's lr to base_lr (and its momentum to max_momentum).
    Call step() after every batch. Not chainable: each lr comes from t alone.
    """

    def __init__(self, optimizer: Optimizer, base_lr: float | list[float],
                 max_lr: float | list[float], step_size_up: float = 2000,
                 step_size_down: float | None = None, mode: str = "triangular",
                 gamma: float = 1.0, scale_fn: Callable[[float], float] | None = None,
                 scale_mode: str = "cycle", cycle_momentum: bool = True,
                 base_momentum: float | list[float] = 0.8,
                 max_momentum: float | list[float] = 0.9, last_epoch: int = -1) -> None:
        check_optimizer(optimizer, "CyclicLR")
        base_lrs = _per_group("base_lr", optimizer, base_lr, "CyclicLR")
        self.max_lrs = _per_group("max_lr", optimizer, max_lr, "CyclicLR")
        _check_step_size(step_size_up, "step_size_up", positive=True)
        if step_size_down is not None:
            _check_step_size(step_size_down, "step_size_down", positive=False)
        if scale_fn is None and (not isinstance(mode, str) or mode not in _MODES):
            raise ValueError(f"CyclicLR: mode must be 'triangular', 'triangular2' or "
                             f"'exp_range' (or give scale_fn), got {shown(mode)}")
        _check_real(gamma, "gamma", "CyclicLR")
        if scale_fn is not None and not callable(scale_fn):
            raise TypeError(f"CyclicLR: scale_fn must be a function (or None), got "
                            f"{shown(scale_fn)}")
        if not isinstance(scale_mode, str) or scale_mode not in ("cycle", "iterations"):
            raise ValueError(f"CyclicLR: scale_mode must be 'cycle' or 'iterations', got "
                             f"{shown(scale_mode)}")
        check_flag(cycle_momentum, "cycle_momentum", "CyclicLR")
        if not isinstance(last_epoch, int) or isinstance(last_epoch, bool) or last_epoch < -1:
            raise ValueError(f"CyclicLR: last_epoch must be an integer >= -1, got "
                             f"{shown(last_epoch)}")  # (checked before changing the groups)
        if cycle_momentum and not {"momentum", "betas"} & set(optimizer.defaults):
            raise ValueError(f"CyclicLR: {type(optimizer).__name__} has neither momentum nor "
                             "betas to cycle; pass cycle_momentum=False")
        if cycle_momentum:
            base_momentums = _per_group("base_momentum", optimizer, base_momentum, "CyclicLR")
            max_momentums = _per_group("max_momentum", optimizer, max_momentum, "CyclicLR")

        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups, strict=True):
                group["lr"] = lr
        up = float(step_size_up)
        down = float(step_size_down) if step_size_down is not None else up
        self.total_size = up + down
        self.step_ratio = up / self.total_size
        self.mode = mode
        self.gamma = gamma
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        if scale_fn is None:  # each mode has its own (PyTorch overrides scale_mode)
            self.scale_mode = "iterations" if mode == "exp_range" else "cycle"

        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = "betas" in optimizer.defaults
            self.base_momentums = base_momentums
            self.max_momentums = max_momentums
            if last_epoch == -1:
                self._start_momentums(optimizer, max_momentums, base_momentums)
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs  # (after the first step, as PyTorch)

    def scale_fn(self, x: float) -> float:
        """The height's scale at x (the cycle number, or the batch count t)."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma**x

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        at = cycle if self.scale_mode == "cycle" else self.last_epoch
        # scale_fn is called once per group and value, as PyTorch (a callable may count)
        lrs = [base_lr + (max_lr - base_lr) * scale_factor * self.scale_fn(at)
               for base_lr, max_lr in zip(self.base_lrs, self.max_lrs, strict=True)]
        if self.cycle_momentum:
            momenta = [top - (top - bottom) * scale_factor * self.scale_fn(at)
                       for bottom, top in zip(self.base_momentums, self.max_momentums,
                                              strict=True)]
            for group, momentum in zip(self.optimizer.param_groups, momenta, strict=True):
                self._set_momentum(group, momentum)
        return lrs

    def state_dict(self) -> dict[str, Any]:
        """As LRScheduler's, but scale_fn is saved as PyTorch does: None for a plain
        function, the attributes of a callable object."""
        state = {key: copy.deepcopy(value) for key, value in self.__dict__.items()
                 if key not in ("optimizer", "_scale_fn_custom")}
        f = self._scale_fn_custom
        state["_scale_fn_custom"] = (None if f is None or isinstance(f, types.FunctionType)
                                     else copy.deepcopy(f.__dict__))
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        state = dict(state_dict)
        saved = state.pop("_scale_fn_custom", None)
        if saved is not None and self._scale_fn_custom is None:
            raise ValueError("CyclicLR.load_state_dict: the state has the attributes of a "
                             "scale_fn object, and this CyclicLR has no scale_fn")
        super().load_state_dict(state)
        if saved is not None:
            self._scale_fn_custom.__dict__.update(copy.deepcopy(saved))


class CosineAnnealingWarmRestarts(LRScheduler):
    """Cosine annealing from initial_lr to eta_min over T_i epochs, then a restart at
    initial_lr, with T_0 epochs in the first run and T_mult times more in each next one:

        lr = eta_min + (initial_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2

    (T_cur: epochs since the last restart). step(epoch) takes a fractional epoch, to
    step after every batch (scheduler.step(epoch + i / batches)), and mixes with step();
    neither warns that the epoch argument is deprecated, as PyTorch's.
    """

    def __init__(self, optimizer: Optimizer, T_0: int, T_mult: int = 1,  # noqa: N803
                 eta_min: float = 0.0, last_epoch: int = -1) -> None:
        _check_positive_int(T_0, "T_0", "CosineAnnealingWarmRestarts")
        _check_positive_int(T_mult, "T_mult", "CosineAnnealingWarmRestarts")
        _check_real(eta_min, "eta_min", "CosineAnnealingWarmRestarts")
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        return [self.eta_min + (base_lr - self.eta_min)
                * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
                for base_lr in self.base_lrs]

    def step(self, epoch: float | None = None) -> None:
        """Advance one epoch, or go to `epoch` (a number >= 0, fractional for batches)."""
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        else:
            if (not isinstance(epoch, numbers.Real) or isinstance(epoch, bool)
                    or not epoch >= 0 or math.isinf(epoch)):
                raise ValueError(f"CosineAnnealingWarmRestarts.step: epoch must be a number "
                                 f">= 0, got {shown(epoch)}")
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    self.T_cur = epoch % self.T_0
                else:  # n restarts so far: T_0 * (T_mult**n - 1) / (T_mult - 1) <= epoch
                    n = int(math.log((epoch / self.T_0 * (self.T_mult - 1) + 1), self.T_mult))
                    self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                    self.T_i = self.T_0 * self.T_mult ** (n)
            else:
                self.T_i = self.T_0
                self.T_cur = epoch
        self.last_epoch = math.floor(epoch)
        self._get_lr_called_within_step = True
        try:
            values = self.get_lr()
        finally:
            self._get_lr_called_within_step = False
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]


def _check_step_size(x: Any, name: str, positive: bool) -> None:
    """A number of batches: PyTorch takes any number (it calls float()); 0 for step_size_up
    would divide by zero in the first step."""
    bad = not isinstance(x, numbers.Real) or isinstance(x, bool) or not math.isfinite(x)
    if bad or x < 0 or (positive and x == 0):
        expected = "a number > 0" if positive else "a number >= 0 (or None)"
        raise ValueError(f"CyclicLR: {name} must be {expected}, got {shown(x)}")
