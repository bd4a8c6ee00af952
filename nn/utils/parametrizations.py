"""Parametrizations of a weight, registered with nn.utils.parametrize (PyTorch's
torch.nn.utils.parametrizations): weight_norm, spectral_norm, and orthogonal
(nn/utils/orthogonal.py).

    weight_norm(m):    m.weight = g * v / ||v||, the norm over every dim but `dim`;
                       g is `parametrizations.weight.original0`, v `original1`.
    spectral_norm(m):  m.weight = W / sigma(W), sigma the largest singular value of W seen
                       as a matrix (dim `dim` by the rest), estimated by power iteration
                       on the buffers `parametrizations.weight.0._u` and `._v`.
    orthogonal(m):     m.weight orthogonal, by a matrix exponential, a Cayley map or
                       Householder reflections of the learned matrix.

Each is a module of ordinary autograd ops, so the gradient flows to g and v, or to W
(through sigma too). The helpers here (norm_except_dim, the power iteration) serve the
older hook-based nn.utils.weight_norm and spectral_norm as well (nn/utils/norm_hooks.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
from autograd import Tensor
from autograd.arguments import integer, real

from .. import functional as F  # noqa: N812 (PyTorch's habit)
from ..convolution.conv_layers import _ConvTranspose
from ..module import Module
from . import parametrize
from .arguments import module_tensor
from .orthogonal import orthogonal

__all__ = ["orthogonal", "spectral_norm", "weight_norm"]


# -- shared by the parametrizations and the hooks ------------------------------------------


def norm_except_dim(v: Tensor, dim: int) -> Tensor:
    """The 2-norm of v over every dim but `dim`, kept as size-1 dims (torch.norm_except_dim
    with pow=2); dim=-1 means over all of v, a 0-d Tensor, as PyTorch's."""
    if dim == -1:
        return autograd.vector_norm(v)
    keep = dim % v.ndim
    others = tuple(d for d in range(v.ndim) if d != keep)
    return autograd.vector_norm(v, 2, others, keepdim=True) if others else abs(v)


def weight_normed(v: Tensor, g: Tensor, dim: int) -> Tensor:
    """g * v / norm_except_dim(v, dim): torch._weight_norm(v, g, dim)."""
    return v * (g / norm_except_dim(v, dim))


def weight_dim(dim: Any, tensor: Tensor, op: str, name: str) -> int | None:
    """dim as an int in range for the tensor (None stays None); an IndexError as PyTorch's
    'Dimension out of range' that names the op and the tensor otherwise."""
    if dim is None:
        return None
    dim = integer(dim, "dim", op)
    ndim = max(tensor.ndim, 1)
    if not -ndim <= dim < ndim:
        raise IndexError(f"{op}: dim {dim} is out of range for {name} of shape "
                         f"{tuple(tensor.shape)} (expected to be in range of [{-ndim}, "
                         f"{ndim - 1}], but got {dim})")
    return dim


def unit(x: np.ndarray, eps: float) -> np.ndarray:
    """x / max(||x||, eps): F.normalize of a vector, on arrays (the power iteration records
    no graph)."""
    return x / max(np.linalg.norm(x), eps)


def as_matrix(weight: Tensor, dim: int) -> Tensor:
    """weight with `dim` first, the other dims flattened: (size of dim, the rest)."""
    if dim != 0:
        weight = weight.permute(dim, *(d for d in range(weight.ndim) if d != dim))
    return weight.reshape(weight.shape[0], -1)


def divided_by_sigma(weight: Tensor, weight_mat: Tensor, u: np.ndarray, v: np.ndarray
                     ) -> Tensor:
    """weight / sigma with sigma = u . (weight_mat @ v), u and v held constant: the
    gradient reaches weight directly and through sigma."""
    sigma = autograd.vdot(Tensor(u.copy()), autograd.mv(weight_mat, Tensor(v.copy())))
    return weight / sigma


# -- weight_norm ----------------------------------------------------------------------------


class _WeightNorm(Module):
    """forward(g, v) = g * v / ||v|| (norm over every dim but `dim`; all of them for
    dim=None or -1); right_inverse(w) = (||w||, w), so the weight starts as it was."""

    def __init__(self, dim: int | None = 0) -> None:
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g: Tensor, weight_v: Tensor) -> Tensor:
        return weight_normed(weight_v, weight_g, self.dim)

    def right_inverse(self, weight: Tensor) -> tuple[Tensor, Tensor]:
        return norm_except_dim(weight, self.dim), weight


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """Weight normalisation (Salimans and Kingma): module.<name> = g * v / ||v||, learned
    as g (`parametrizations.<name>.original0`, one magnitude per slice along dim) and v
    (`original1`, the direction). dim=None (or -1): one g for the whole tensor.

    (PyTorch also loads an old checkpoint's weight_g and weight_v keys into it; gradproof's
    load_state_dict has no such hooks.)
    """
    weight = module_tensor(module, name, "weight_norm")
    weight_dim(dim, weight, "weight_norm", name)
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


# -- spectral_norm --------------------------------------------------------------------------


class _SpectralNorm(Module):
    """forward(W) = W / sigma, sigma = u . (W_mat v), W_mat being W with `dim` first and
    the rest flattened, and u, v (the buffers _u, _v) its leading singular vectors as the
    power iteration estimates them: in training mode each forward first does
    n_power_iterations steps u = normalize(W_mat v), v = normalize(W_mat^T u), in place
    and without a graph (15 at construction, from random unit vectors). A 1-D W is just
    normalized. right_inverse is the identity."""

    def __init__(self, weight: Tensor, n_power_iterations: int = 1, dim: int = 0,
                 eps: float = 1e-12) -> None:
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError("Dimension out of range (expected to be in range of "
                             f"[-{ndim}, {ndim - 1}] but got {dim})")
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:  # a 1-D weight needs no estimate (forward)
            self.n_power_iterations = n_power_iterations
            h, w = as_matrix(weight, self.dim).shape
            u = autograd.randn(h, dtype=weight.dtype).data
            v = autograd.randn(w, dtype=weight.dtype).data
            self.register_buffer("_u", Tensor(unit(u, eps)))
            self.register_buffer("_v", Tensor(unit(v, eps)))
            self._power_method(as_matrix(weight, self.dim).data, 15)

    def _check_name(self, name: str, kind: str, replaceable: Any) -> None:
        if kind == "buffer" and name in ("_u", "_v"):  # PyTorch's names, in state_dict keys
            return
        super()._check_name(name, kind, replaceable)

    def _power_method(self, weight_mat: np.ndarray, n_power_iterations: int) -> None:
        u, v = self._u.data, self._v.data
        for _ in range(n_power_iterations):
            u = unit(weight_mat @ v, self.eps)
            v = unit(weight_mat.conj().T @ u, self.eps)
        self._u.data, self._v.data = u, v

    def forward(self, weight: Tensor) -> Tensor:
        if weight.ndim == 1:
            return F.normalize(weight, dim=0, eps=self.eps)
        weight_mat = as_matrix(weight, self.dim)
        if self.training:
            self._power_method(weight_mat.data, self.n_power_iterations)
        return divided_by_sigma(weight, weight_mat, self._u.data, self._v.data)

    def right_inverse(self, value: Tensor) -> Tensor:
        return value


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim: int | None = None) -> Module:
    """Spectral normalisation (Miyato et al.): module.<name> = W / sigma(W), W learned as
    `parametrizations.<name>.original`. dim is the dim of W that is the rows of the matrix
    (None: 1 for a ConvTranspose, else 0). The estimate of sigma improves by
    n_power_iterations steps at each forward in training mode; in eval mode the buffers
    _u and _v stay as they are. eps keeps the normalisations from dividing by 0."""
    op = "spectral_norm"
    weight = module_tensor(module, name, op)
    n_power_iterations = integer(n_power_iterations, "n_power_iterations", op)
    if n_power_iterations <= 0:
        raise ValueError(f"{op}: expected n_power_iterations to be positive, but got "
                         f"n_power_iterations={n_power_iterations}")
    eps = real(eps, "eps", op)
    if dim is None:
        dim = 1 if isinstance(module, _ConvTranspose) else 0
    dim = weight_dim(dim, weight, op, name)
    parametrize.register_parametrization(
        module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module

