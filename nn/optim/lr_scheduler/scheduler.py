"""LRScheduler, the base of every schedule, and the epoch-based schedules."""

from __future__ import annotations

import copy
import math
import numbers
import types
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from autograd.arguments import shown

from ..optimizer import Optimizer

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated "
    "where possible. Please use `scheduler.step()` to step the scheduler. During the "
    "deprecation, if epoch is different from None, the closed form is used instead of the "
    "new chainable form, where available.")


class LRScheduler:
    """Base class: subclasses define `get_lr()`, the lrs for `self.last_epoch` (and may
    define `_get_closed_form_lr()` for `step(epoch)`)."""

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        name = type(self).__name__
        check_optimizer(optimizer, name)
        if not isinstance(last_epoch, int) or isinstance(last_epoch, bool) or last_epoch < -1:
            raise ValueError(f"{name}: last_epoch must be an integer >= -1, got "
                             f"{shown(last_epoch)}")
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise MissingInitialLRError(f"{name}: param 'initial_lr' is not specified in "
                                   f"param_groups[{i}] when resuming with last_epoch >= 0; "
                                   "load the optimizer's state_dict first")
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._get_lr_called_within_step = False
        self._is_initial = False
        self._initial_step()

    def _initial_step(self) -> None:
        """The constructor's step to epoch 0 (or last_epoch + 1 when resuming)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """The lrs for `last_epoch` (called by step(); read get_last_lr() instead)."""
        raise NotImplementedError

    def get_last_lr(self) -> list[float]:
        """The lr of each group as this scheduler last set it."""
        return list(self._last_lr)

    def _warn_if_called_outside_step(self) -> None:
        if not self._get_lr_called_within_step:
            warnings.warn("To get the last learning rate computed by the scheduler, please "
                          "use `get_last_lr()`.", UserWarning, stacklevel=3)

    def step(self, epoch: int | None = None) -> None:
        """Advance one epoch (or, deprecated, jump to `epoch`) and set each group's lr."""
        if self._step_count == 1 and self.optimizer._step_count == 0:
            warnings.warn("Detected call of `lr_scheduler.step()` before `optimizer.step()`. "
                          "Call them in the opposite order: `optimizer.step()` before "
                          "`lr_scheduler.step()`, or the first value of the schedule is "
                          "skipped.", UserWarning, stacklevel=2)
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch: int | None = None) -> None:
        """step() without its warnings (SequentialLR jumps a schedule to epoch 0 with it)."""
        self._get_lr_called_within_step = True
        try:
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                closed_form = getattr(self, "_get_closed_form_lr", None)
                values = closed_form() if closed_form is not None else self.get_lr()
        finally:
            self._get_lr_called_within_step = False
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """A copy of every attribute but the optimizer (PyTorch's layout)."""
        return {key: copy.deepcopy(value) for key, value in self.__dict__.items()
                if key != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Take the attributes of `state_dict` (from this class's state_dict())."""
        unknown = [key for key in state_dict if key not in self.__dict__ or key == "optimizer"]
        if unknown:
            raise ValueError(f"{type(self).__name__}.load_state_dict: unknown entries "
                             f"{unknown}: a state_dict of another scheduler?")
        self.__dict__.update(copy.deepcopy(dict(state_dict)))


class LambdaLR(LRScheduler):
    """lr = initial_lr * lr_lambda(epoch); one function, or one per group."""

    def __init__(self, optimizer: Optimizer, lr_lambda: Callable[[int], float] | list[Any],
                 last_epoch: int = -1) -> None:
        name = type(self).__name__  # (MultiplicativeLR's checks are these)
        groups = len(getattr(optimizer, "param_groups", []))
        if isinstance(lr_lambda, (list, tuple)):
            if len(lr_lambda) != groups:
                raise ValueError(f"{name}: expected {groups} lr_lambdas, got "
                                 f"{len(lr_lambda)}: lr_lambda is {shown(lr_lambda)}")
            self.lr_lambdas = list(lr_lambda)
        else:
            self.lr_lambdas = [lr_lambda] * groups
        if not all(callable(f) for f in self.lr_lambdas):
            raise TypeError(f"{name}: lr_lambda must be a function (or a list of them), got "
                            f"{shown(lr_lambda)}")
        super().__init__(optimizer, last_epoch)

    def state_dict(self) -> dict[str, Any]:
        """As LRScheduler's, but a plain function is saved as None (it cannot be copied
        into a file), a callable object as its attributes: PyTorch's rule."""
        state = {key: copy.deepcopy(value) for key, value in self.__dict__.items()
                 if key not in ("optimizer", "lr_lambdas")}
        state["lr_lambdas"] = [None if isinstance(f, types.FunctionType)
                               else copy.deepcopy(f.__dict__) for f in self.lr_lambdas]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        state = dict(state_dict)
        saved_lambdas = state.pop("lr_lambdas", [None] * len(self.lr_lambdas))
        super().load_state_dict(state)
        for f, saved in zip(self.lr_lambdas, saved_lambdas, strict=True):
            if saved is not None:
                f.__dict__.update(copy.deepcopy(saved))

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        return [base_lr * f(self.last_epoch)
                for f, base_lr in zip(self.lr_lambdas, self.base_lrs, strict=True)]


class StepLR(LRScheduler):
    """Multiply the lr by gamma every step_size epochs: initial_lr * gamma**(epoch // step_size).

    step_size may be a float, as PyTorch's: 1.0 is 1, and 2.5 multiplies at the epochs that
    are multiples of it (5, 10, ...). It must be > 0: PyTorch's 0 divides by zero at the
    first step, and its negative step_size decays by Python's modulo (-1 as 1)."""

    def __init__(self, optimizer: Optimizer, step_size: float, gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        _check_positive(step_size, "step_size", "StepLR")
        _check_real(gamma, "gamma", "StepLR")
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return [group["lr"] for group in self.optimizer.param_groups]
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * self.gamma ** (self.last_epoch // self.step_size)
                for base_lr in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Multiply the lr by gamma at each milestone epoch (by gamma**n if listed n times)."""

    def __init__(self, optimizer: Optimizer, milestones: Iterable[int], gamma: float = 0.1,
                 last_epoch: int = -1) -> None:
        milestones = epochs(milestones, "milestones", "MultiStepLR")
        _check_real(gamma, "gamma", "MultiStepLR")
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        if self.last_epoch not in self.milestones:
            return [group["lr"] for group in self.optimizer.param_groups]
        return [group["lr"] * self.gamma ** self.milestones[self.last_epoch]
                for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        milestones = sorted(self.milestones.elements())
        return [base_lr * self.gamma ** bisect_right(milestones, self.last_epoch)
                for base_lr in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Multiply the lr by gamma every epoch: initial_lr * gamma**epoch."""

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        _check_real(gamma, "gamma", "ExponentialLR")
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        if self._is_initial:  # resuming must not move the lr one step ahead of itself
            return [group["lr"] for group in self.optimizer.param_groups]
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * self.gamma**self.last_epoch for base_lr in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    """Cosine from initial_lr down to eta_min over T_max epochs (then back up, and so on):

        lr = eta_min + (initial_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2

    computed as PyTorch does, by the recursive form from the current lr (so changes made
    elsewhere carry on), without restarts. T_max may be a float (2.5: a half period of 2.5
    epochs), as PyTorch's; it must be > 0.
    """

    def __init__(self, optimizer: Optimizer, T_max: float, eta_min: float = 0.0,  # noqa: N803
                 last_epoch: int = -1) -> None:
        _check_positive(T_max, "T_max", "CosineAnnealingLR")
        _check_real(eta_min, "eta_min", "CosineAnnealingLR")
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        self._warn_if_called_outside_step()
        groups = self.optimizer.param_groups
        if self._is_initial:
            return [group["lr"] for group in groups]
        if (self.last_epoch - 1 - self.T_max) % (2 * self.T_max) == 0:  # at the bottom
            return [group["lr"] + (base_lr - self.eta_min) * (1 - math.cos(math.pi / self.T_max))
                    / 2 for base_lr, group in zip(self.base_lrs, groups, strict=True)]
        return [(1 + math.cos(math.pi * self.last_epoch / self.T_max))
                / (1 + math.cos(math.pi * (self.last_epoch - 1) / self.T_max))
                * (group["lr"] - self.eta_min) + self.eta_min for group in groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [self.eta_min + (base_lr - self.eta_min)
                * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
                for base_lr in self.base_lrs]


def _check_positive_int(x: Any, name: str, where: str) -> None:
    if not isinstance(x, int) or isinstance(x, bool) or x <= 0:
        raise ValueError(f"{where}: {name} must be a positive integer, got {shown(x)}")


def _check_positive(x: Any, name: str, where: str) -> None:
    """A number of epochs > 0, whole or not (PyTorch's schedules compute with floats)."""
    if not isinstance(x, numbers.Real) or isinstance(x, bool) or not x > 0:
        raise ValueError(f"{where}: {name} must be a number > 0, got {shown(x)}")


def epochs(given: Any, name: str, where: str) -> list[Any]:
    """Milestones: epoch numbers, ints or whole floats (2.0, as PyTorch's compare equal to
    the epoch 2); a fractional one is refused, since no epoch ever equals it."""
    if isinstance(given, (str, bytes, dict)) or not isinstance(given, Iterable):
        raise TypeError(f"{where}: {name} must be a list of epochs (integers), got "
                        f"{shown(given)}")
    listed = list(given)
    if not all(_whole(m) for m in listed):
        raise ValueError(f"{where}: {name} must be integers (or whole floats such as 2.0: no "
                         f"epoch equals 2.5), got {shown(given)}")
    return listed


def _whole(x: Any) -> bool:
    return (isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)
            and x == int(x))


def _check_real(x: Any, name: str, where: str) -> None:
    if not isinstance(x, numbers.Real) or isinstance(x, bool) or math.isnan(x):
        raise ValueError(f"{where}: {name} must be a number, got {shown(x)}")


def check_optimizer(optimizer: Any, where: str) -> None:
    """A scheduler's optimizer: an nn.optim Optimizer (PyTorch's message, with the value)."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{where}: {type(optimizer).__name__} is not an Optimizer "
                        f"(optimizer is {shown(optimizer)})")


class MissingInitialLRError(KeyError, ValueError):
    """PyTorch's KeyError for resuming (last_epoch >= 0) an optimizer that has no
    'initial_lr' yet; a ValueError too, as a bad last_epoch for that optimizer is."""

