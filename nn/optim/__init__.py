"""nn.optim: optimizers and learning-rate schedules, with PyTorch's names and numbers.

Ordered by increasing complexity: SGD (momentum, dampening, Nesterov), ASGD (SGD with a
decaying rate and a running average), Rprop (the gradient's sign, per-coordinate step
sizes), Adagrad, RMSprop, Adadelta, Adam (and AMSGrad) and AdamW, Adamax (Adam with a
decaying maximum), NAdam (Nesterov momentum), RAdam (a rectified variance) and LBFGS
(quasi-Newton, on a closure, with an optional strong-Wolfe line search). Each but LBFGS is
PyTorch's single-tensor update (torch.optim with foreach=False) in its order of
floating-point operations, so float64 parameters get PyTorch's numbers bit for bit (see
_kernels.py for `fma`), given correctly rounded square roots (numpy's; PyTorch's x86 wheels
round about 1% of them the other way); LBFGS's dot products are numpy's, so it follows
PyTorch's iterates to rounding. Schedules are in `nn.optim.lr_scheduler`.

Each takes PyTorch's arguments in PyTorch's order, with its defaults, then `fma`: PyTorch's
`foreach`, `fused`, `capturable` and `differentiable` too (in the groups, as PyTorch's),
True refused where it would not be PyTorch's single-tensor numbers (see _common.py).
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer, ParamState
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD

__all__ = ["ASGD", "LBFGS", "SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "NAdam",
           "Optimizer", "ParamState", "RAdam", "RMSprop", "Rprop", "lr_scheduler"]
