"""The `torch` a tutorial reaches for, made of gradproof: `import torch_shim as torch`.

A tutorial that writes `torch.nn.Linear`, `torch.optim.SGD` or `torch.utils.data.DataLoader`
in its body needs one namespace holding autograd's functions and nn beside them; autograd
itself never imports nn, so `import autograd as torch` alone cannot give `torch.nn`. This
module is that namespace, and nothing more: every name is gradproof's own object.

    torch.<name>                autograd.<name>: tensor, linspace, randn, sin, no_grad,
                                manual_seed, flatten, float32, ... (and float, int, bool)
    torch.nn                    nn (torch.nn.functional is nn.functional)
    torch.optim                 nn.optim (torch.optim.lr_scheduler: nn.optim.lr_scheduler)
    torch.utils.data            nn.data (DataLoader, TensorDataset)
    torch.save, torch.load      nn.save, nn.load (safetensors files)

A program whose body needs only autograd's functions imports `autograd as torch` instead.
"""

import types

import nn
from autograd import *  # noqa: F403 (the whole of autograd, as torch.<name>)
from autograd import bool, float, int  # noqa: A004, F401 (torch.float is float32, as here)
from nn import load, optim, save  # noqa: F401

utils = types.SimpleNamespace(data=nn.data)
