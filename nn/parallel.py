"""nn.parallel: torch.nn.parallel's names, on gradproof's one device.

gradproof computes in one process on one device, the CPU, so there is no batch to split:

    netG = nn.DataParallel(netG, list(range(ngpu)))          # PyTorch's DCGAN, unchanged
    output = nn.parallel.data_parallel(self.main, input, range(self.ngpu))

DataParallel(module) is a Module whose forward is module's, as PyTorch's DataParallel is
when no GPU is there: the same outputs and gradients, `device_ids` [] (what it is given is
checked, then not used), and the wrapped module's state_dict under PyTorch's `module.`
prefix (`model.module.state_dict()` has the plain names). data_parallel(module, inputs)
runs module(*inputs, **module_kwargs) the same way; PyTorch's raises "device type could not
be determined" without a GPU, which a port never reaches (the DCGAN calls it only for an
input on a GPU). DistributedDataParallel needs torch.distributed's process group, which
gradproof has not got: making one is the ValueError PyTorch raises before
init_process_group, and the class is here for `isinstance(model, DistributedDataParallel)`.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from typing import Any

from autograd import device
from autograd.arguments import integer, shown

from .module import Module

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]


class DataParallel(Module):
    """module run on the one device: forward(*inputs, **kwargs) is module(*inputs,
    **kwargs). device_ids (None, or device indices or devices), output_device (an index,
    -1 for the CPU, or a device) and dim (an int) are PyTorch's, checked and not used."""

    def __init__(self, module: Module, device_ids: Iterable[Any] | None = None,
                 output_device: Any = None, dim: int = 0) -> None:
        _check_module(module, "DataParallel")
        _check_devices(device_ids, output_device, "DataParallel")
        self.dim = integer(dim, "dim", "DataParallel")
        self.module = module
        self.device_ids: list[int] = []  # as PyTorch's with no GPU: nothing to scatter to

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        return self.module(*inputs, **kwargs)


def data_parallel(module: Module, inputs: Any, device_ids: Iterable[Any] | None = None,
                  output_device: Any = None, dim: int = 0,
                  module_kwargs: Mapping[str, Any] | None = None) -> Any:
    """module(*inputs, **module_kwargs) on the one device (inputs: a tuple of arguments, or
    one argument; None for none), as torch.nn.parallel.data_parallel on one GPU."""
    _check_module(module, "data_parallel")
    _check_devices(device_ids, output_device, "data_parallel")
    integer(dim, "dim", "data_parallel")
    if module_kwargs is not None and not isinstance(module_kwargs, Mapping):
        raise TypeError(f"data_parallel: module_kwargs must be a dict of keyword arguments "
                        f"(or None), got {shown(module_kwargs)}")
    if not isinstance(inputs, tuple):
        inputs = () if inputs is None else (inputs,)
    return module(*inputs, **(module_kwargs or {}))


class DistributedDataParallel(Module):
    """torch.nn.parallel.DistributedDataParallel's name: it needs a process group
    (torch.distributed.init_process_group), which gradproof has not got, so making one
    raises PyTorch's ValueError for that case. A one-process program needs no wrapper."""

    def __init__(self, module: Module, *args: Any, **kwargs: Any) -> None:
        raise ValueError("DistributedDataParallel: the default process group has not been "
                         "initialized (PyTorch's init_process_group), and gradproof has no "
                         "torch.distributed: it runs in one process on one device, so use "
                         "the module itself (or nn.DataParallel(module), which runs it)")


def _check_module(module: Any, where: str) -> None:
    if not isinstance(module, Module):
        raise TypeError(f"{where}: module must be an nn.Module, got {shown(module)}")


def _check_devices(device_ids: Any, output_device: Any, where: str) -> None:
    """PyTorch's device arguments: device_ids None or device indices (ints >= 0) or
    devices ('cuda:0', device('cpu')); output_device None, an index (-1: the CPU) or a
    device."""
    if device_ids is not None:
        listed = (list(device_ids) if isinstance(device_ids, Iterable)
                  and not isinstance(device_ids, (str, bytes, Mapping)) else None)
        if listed is None or not all(_index(d) or _device(d) for d in listed):
            raise TypeError(f"{where}: device_ids must be None or a list of device indices "
                            f"(ints >= 0) or devices, got {shown(device_ids)}")
    if output_device is not None and not (
            _device(output_device) or _index(output_device) or _integer(output_device) == -1):
        raise TypeError(f"{where}: output_device must be None, a device index (-1 for the "
                        f"CPU) or a device, got {shown(output_device)}")


def _integer(x: Any) -> int | None:
    if isinstance(x, numbers.Integral) and not isinstance(x, bool):
        return int(x)
    return None


def _index(x: Any) -> bool:
    found = _integer(x)
    return found is not None and found >= 0


def _device(x: Any) -> bool:
    if not isinstance(x, (str, device)):
        return False
    try:
        device(x)
    except (TypeError, RuntimeError):
        return False
    return True
