"""The older, hook-based weight_norm and spectral_norm (torch.nn.utils.weight_norm,
remove_weight_norm, spectral_norm, remove_spectral_norm), for code and checkpoints written
before parametrizations.

The learned tensors are parameters of the module itself: weight_g and weight_v
(weight_norm), weight_orig with the buffers weight_u and weight_v (spectral_norm). The
weight is a plain Tensor attribute computed from them, once when applied and again by a
forward pre-hook before every call, so it is a graph node whose gradient reaches them. The
remove_ functions compute it one last time and make it a parameter again.
(nn.utils.parametrizations has the newer versions; PyTorch deprecates this weight_norm.)
"""

from __future__ import annotations

import warnings
from typing import Any

import autograd
from autograd import Tensor, no_grad
from autograd.arguments import integer, real, shown

from ..convolution.conv_layers import _ConvTranspose
from ..module import Module
from ..module_hooks import _note
from ..parameter import Parameter
from .arguments import check_module, check_name, short
from .parametrizations import as_matrix, divided_by_sigma, norm_except_dim, unit, weight_dim
from .parametrizations import weight_normed as _weight_normed

__all__ = ["remove_spectral_norm", "remove_weight_norm", "spectral_norm", "weight_norm"]


def _own_parameter(module: Any, name: Any, op: str) -> Parameter:
    check_module(module, op)
    check_name(name, op, "name")
    value = vars(module).get(name)
    if not isinstance(value, Parameter):
        raise ValueError(f"{op}: Module '{short(module)}' has no parameter with name "
                         f"{name!r}" + (f" ({shown(value)})" if value is not None else ""))
    return value


def _hooks(module: Module) -> dict[int, Any]:
    return vars(module).get("_forward_pre_hooks", {})


def _remove(module: Any, name: Any, kind: type, op: str, what: str) -> Module:
    """Undo the hook of this kind on name: its remove(), then the hook is taken away."""
    check_module(module, op)
    check_name(name, op, "name")
    hooks = _hooks(module)
    for key, hook in list(hooks.items()):
        if isinstance(hook, kind) and hook.name == name:
            hook.remove(module)
            del hooks[key]
            _note(module)  # a module with no hook left is called without them
            return module
    raise ValueError(f"{op}: {what} of name {name!r} not found in {short(module)}")


def _delete(module: Module, name: str) -> None:
    """Forget the attribute, and that it was a buffer."""
    del vars(module)[name]
    vars(module).get("_buffers", {}).pop(name, None)


class WeightNorm:
    """The forward pre-hook of weight_norm: module.<name> = g * v / ||v|| before each call."""

    def __init__(self, name: str, dim: int | None) -> None:
        self.name = name
        self.dim = -1 if dim is None else dim

    def compute_weight(self, module: Module) -> Tensor:
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_normed(v, g, self.dim)

    @staticmethod
    def apply(module: Module, name: str, dim: int | None) -> WeightNorm:
        check_module(module, "weight_norm")
        check_name(name, "weight_norm", "name")
        for hook in _hooks(module).values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError("weight_norm: cannot register two weight_norm hooks on the "
                                   f"same parameter {name}")
        weight = _own_parameter(module, name, "weight_norm")
        weight_dim(dim, weight, "weight_norm", name)
        warnings.warn("`nn.utils.weight_norm` is deprecated in favor of "
                      "`nn.utils.parametrizations.weight_norm`.", FutureWarning, stacklevel=3)
        fn = WeightNorm(name, dim)
        _delete(module, name)
        with no_grad():
            g = norm_except_dim(weight, fn.dim)
        module.register_parameter(name + "_g", Parameter(g.data))
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module: Module) -> None:
        weight = self.compute_weight(module)
        for suffix in ("", "_g", "_v"):
            _delete(module, self.name + suffix)
        module.register_parameter(self.name, Parameter(weight.data))

    def __call__(self, module: Module, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """Weight normalisation by a hook: module.<name> = g * v / ||v|| (norm over every dim
    but dim; all of them for None or -1), learned as the parameters <name>_g and <name>_v.
    Deprecated in PyTorch (a FutureWarning) for nn.utils.parametrizations.weight_norm."""
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module: Module, name: str = "weight") -> Module:
    """Make module.<name> a parameter again, with weight_norm's current value."""
    return _remove(module, name, WeightNorm, "remove_weight_norm", "weight_norm")


class SpectralNorm:
    """The forward pre-hook of spectral_norm: module.<name> = W / sigma before each call,
    W the parameter <name>_orig, sigma = u . (W_mat v) with the buffers <name>_u and
    <name>_v; in training mode n_power_iterations steps v = normalize(W_mat^T u),
    u = normalize(W_mat v) first (in place, no graph)."""

    def __init__(self, name: str = "weight", n_power_iterations: int = 1, dim: int = 0,
                 eps: float = 1e-12) -> None:
        if n_power_iterations <= 0:
            raise ValueError("spectral_norm: expected n_power_iterations to be positive, but "
                             f"got n_power_iterations={n_power_iterations}")
        self.name = name
        self.dim = dim
        self.n_power_iterations = n_power_iterations
        self.eps = eps

    def compute_weight(self, module: Module, do_power_iteration: bool) -> Tensor:
        weight = getattr(module, self.name + "_orig")
        u, v = getattr(module, self.name + "_u"), getattr(module, self.name + "_v")
        weight_mat = as_matrix(weight, self.dim)
        if do_power_iteration:
            w = weight_mat.data
            for _ in range(self.n_power_iterations):
                v.data = unit(w.conj().T @ u.data, self.eps)
                u.data = unit(w @ v.data, self.eps)
        return divided_by_sigma(weight, weight_mat, u.data, v.data)

    @staticmethod
    def apply(module: Module, name: str, n_power_iterations: int, dim: int,
              eps: float) -> SpectralNorm:
        check_name(name, "spectral_norm", "name")
        for hook in _hooks(module).values():
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise RuntimeError("spectral_norm: cannot register two spectral_norm hooks on "
                                   f"the same parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = _own_parameter(module, name, "spectral_norm")
        fn.dim = weight_dim(dim, weight, "spectral_norm", name) % max(weight.ndim, 1)
        h, w = as_matrix(weight, fn.dim).shape
        u = unit(autograd.randn(h, dtype=weight.dtype).data, eps)
        v = unit(autograd.randn(w, dtype=weight.dtype).data, eps)
        _delete(module, name)
        module.register_parameter(name + "_orig", weight)
        setattr(module, name, Tensor(weight.data))
        module.register_buffer(name + "_u", Tensor(u))
        module.register_buffer(name + "_v", Tensor(v))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module: Module) -> None:
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        for suffix in ("", "_u", "_v", "_orig"):
            _delete(module, self.name + suffix)
        module.register_parameter(self.name, Parameter(weight.data))

    def __call__(self, module: Module, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module, module.training))


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim: int | None = None) -> Module:
    """Spectral normalisation by a hook: module.<name> = W / sigma(W), W learned as the
    parameter <name>_orig, the power iteration's vectors the buffers <name>_u and <name>_v
    (updated at each call in training mode only). dim: the rows of W as a matrix (None: 1
    for a ConvTranspose, else 0)."""
    op = "spectral_norm"
    check_module(module, op)
    n_power_iterations = integer(n_power_iterations, "n_power_iterations", op)
    eps = real(eps, "eps", op)
    if dim is None:
        dim = 1 if isinstance(module, _ConvTranspose) else 0
    SpectralNorm.apply(module, name, n_power_iterations, dim, eps)
    return module


def remove_spectral_norm(module: Module, name: str = "weight") -> Module:
    """Make module.<name> a parameter again, W / sigma with the current u and v."""
    return _remove(module, name, SpectralNorm, "remove_spectral_norm", "spectral_norm")
