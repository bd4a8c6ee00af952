"""Schedules that scale the lr by a factor: ConstantLR, LinearLR, MultiplicativeLR and
PolynomialLR (warm-ups and decays, often put together with SequentialLR)."""

from __future__ import annotations

from typing import Any

from autograd.arguments import shown

from ..optimizer import Optimizer
from .scheduler import LambdaLR, LRScheduler, _check_real, _whole


class ConstantLR(LRScheduler):
    """lr = initial_lr * factor before epoch total_iters, initial_lr from then on.

    Chainable as PyTorch's: epoch 0 multiplies the current lr by factor, epoch total_iters
    by 1 / factor (so factor=0 works only while the epoch stays below total_iters)."""

    def __init__(self, optimizer: Optimizer, factor: float = 1.0 / 3, total_iters: int = 5,
                 last_epoch: int = -1) -> None:
        _check_between(factor, "factor", "ConstantLR", low_open=False)
        _check_count(total_iters, "total_iters", "ConstantLR")
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        groups = self.optimizer.param_groups
        if self.last_epoch == 0:
            return [group["lr"] * self.factor for group in groups]
        if self.last_epoch != self.total_iters:
            return [group["lr"] for group in groups]
        if self.factor == 0:
            raise ZeroDivisionError(f"ConstantLR: at epoch total_iters={self.total_iters} the "
                                    "lr is divided by factor to undo it, and factor is 0")
        return [group["lr"] * (1.0 / self.factor) for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * (self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor))
                for base_lr in self.base_lrs]


class LinearLR(LRScheduler):
    """A linear ramp of the factor, from start_factor at epoch 0 to end_factor at epoch
    total_iters (then constant), a warm-up when start_factor < end_factor:

        lr = initial_lr * (start_factor + (end_factor - start_factor)
                           * min(epoch, total_iters) / total_iters)

    Chainable as PyTorch's: each epoch multiplies the current lr by the ratio of this
    epoch's factor to the last one's."""

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3,
                 end_factor: float = 1.0, total_iters: int = 5, last_epoch: int = -1) -> None:
        _check_between(start_factor, "start_factor", "LinearLR", low_open=True)
        _check_between(end_factor, "end_factor", "LinearLR", low_open=False)
        _check_count(total_iters, "total_iters", "LinearLR")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        groups = self.optimizer.param_groups
        if self.last_epoch == 0:
            return [group["lr"] * self.start_factor for group in groups]
        if self._is_initial or self.last_epoch > self.total_iters:
            return [group["lr"] for group in groups]
        change = self.end_factor - self.start_factor
        ratio = 1.0 + change / (self.total_iters * self.start_factor
                                + (self.last_epoch - 1) * change)
        return [group["lr"] * ratio for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        _check_divisor(self.total_iters, "LinearLR")
        return [base_lr * (self.start_factor + (self.end_factor - self.start_factor)
                           * min(self.total_iters, self.last_epoch) / self.total_iters)
                for base_lr in self.base_lrs]


class MultiplicativeLR(LambdaLR):
    """Each epoch multiplies the current lr by lr_lambda(epoch) (one function, or one per
    group): lr = initial_lr * prod(lr_lambda(e) for e in 1..epoch). The checks and the
    state_dict rule of LambdaLR; there is no closed form, so step(epoch) multiplies once."""

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        groups = self.optimizer.param_groups
        if self._is_initial:
            return [group["lr"] for group in groups]
        return [group["lr"] * f(self.last_epoch)
                for f, group in zip(self.lr_lambdas, groups, strict=True)]


class PolynomialLR(LRScheduler):
    """lr = initial_lr * (1 - min(epoch, total_iters) / total_iters) ** power: a decay to 0
    at epoch total_iters (a straight line for power 1), computed as PyTorch does, by the
    ratio of this epoch's value to the last one's."""

    def __init__(self, optimizer: Optimizer, total_iters: int = 5, power: float = 1.0,
                 last_epoch: int = -1) -> None:
        _check_count(total_iters, "total_iters", "PolynomialLR")
        _check_real(power, "power", "PolynomialLR")
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        groups = self.optimizer.param_groups
        if self._is_initial or self.last_epoch > self.total_iters:
            return [group["lr"] for group in groups]
        decay = ((1.0 - self.last_epoch / self.total_iters)
                 / (1.0 - (self.last_epoch - 1) / self.total_iters))
        return [group["lr"] * self._power(decay) for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        _check_divisor(self.total_iters, "PolynomialLR")
        decay = 1.0 - min(self.total_iters, self.last_epoch) / self.total_iters
        return [base_lr * self._power(decay) for base_lr in self.base_lrs]

    def _power(self, decay: float) -> float:
        if decay == 0 and self.power < 0:
            raise ZeroDivisionError(f"PolynomialLR: the lr at epoch total_iters="
                                    f"{self.total_iters} is 0 ** power, and power is "
                                    f"{self.power!r} < 0")
        return decay**self.power


def _check_between(x: Any, name: str, where: str, low_open: bool) -> None:
    """A factor in [0, 1] (in (0, 1] when low_open): PyTorch's ranges."""
    _check_real(x, name, where)
    if x > 1.0 or x < 0 or (low_open and x == 0):
        expected = "greater than 0 and at most 1" if low_open else "between 0 and 1"
        raise ValueError(f"{where}: {name} must be {expected}, got {shown(x)}")


def _check_count(x: Any, name: str, where: str) -> None:
    """An epoch count: an int >= 0, or a whole float (5.0, as PyTorch's compare equal to
    the epoch 5); a fractional one is refused: no epoch reaches 2.5, so the schedule would
    never end (PyTorch's LinearLR stops short of end_factor)."""
    if not _whole(x) or x < 0:
        raise ValueError(f"{where}: {name} must be an integer >= 0 (or a whole float such "
                         f"as 5.0), got {shown(x)}")


def _check_divisor(total_iters: int, where: str) -> None:
    if total_iters == 0:
        raise ZeroDivisionError(f"{where}: step(epoch) uses the closed form, which divides "
                                "by total_iters, and total_iters is 0")
