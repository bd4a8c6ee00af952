"""Learning-rate schedules with PyTorch's names, semantics and floating-point formulas.

    scheduler = nn.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train(...)                  # optimizer.step() inside
        scheduler.step()            # after the optimizer's step, as PyTorch asks

A scheduler sets `group['lr']` of each of the optimizer's groups. Its constructor stores
`initial_lr` in each group and takes a first step (epoch 0), as PyTorch's does, so
`get_last_lr()` is right from the start. Most schedules are chainable: `step()` updates the
current lr (so changes from elsewhere carry on), with `step(epoch)` (deprecated, as in
PyTorch) using the closed form where there is one.

    scheduler.py   LRScheduler, the base; StepLR, MultiStepLR, ExponentialLR,
                   CosineAnnealingLR, LambdaLR
    factors.py     ConstantLR, LinearLR (warm-up), MultiplicativeLR, PolynomialLR
    cyclic.py      CyclicLR (per batch, cycling momentum too), CosineAnnealingWarmRestarts
    one_cycle.py   OneCycleLR (per batch)
    plateau.py     ReduceLROnPlateau (steps on a metric)
    chaining.py    SequentialLR (one after another), ChainedScheduler (all at once)
"""


from .chaining import ChainedScheduler, SequentialLR
from .cyclic import CosineAnnealingWarmRestarts, CyclicLR
from .factors import ConstantLR, LinearLR, MultiplicativeLR, PolynomialLR
from .one_cycle import OneCycleLR
from .plateau import ReduceLROnPlateau
from .scheduler import (
    EPOCH_DEPRECATION_WARNING,
    CosineAnnealingLR,
    ExponentialLR,
    LambdaLR,
    LRScheduler,
    MultiStepLR,
    StepLR,
)

__all__ = ["EPOCH_DEPRECATION_WARNING", "ChainedScheduler", "ConstantLR", "CosineAnnealingLR",
           "CosineAnnealingWarmRestarts", "CyclicLR", "ExponentialLR", "LRScheduler",
           "LambdaLR", "LinearLR", "MultiStepLR", "MultiplicativeLR", "OneCycleLR",
           "PolynomialLR", "ReduceLROnPlateau", "SequentialLR", "StepLR"]
