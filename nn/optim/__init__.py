"""nn.optim: optimizers and learning-rate schedules, with PyTorch's names and numbers.

Ordered by increasing complexity: SGD (momentum, dampening, Nesterov), Adagrad, RMSprop,
Adadelta, Adam (and AMSGrad) and AdamW. Each is PyTorch's single-tensor update
(torch.optim with foreach=False) in its order of floating-point operations, so float64
parameters get PyTorch's numbers bit for bit (see _kernels.py for `fma`), given correctly
rounded square roots (numpy's; PyTorch's x86 wheels round about 1% of them the other way).
Schedules are in `nn.optim.lr_scheduler`.
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .optimizer import Optimizer, ParamState
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Optimizer", "ParamState", "RMSprop",
           "lr_scheduler"]
