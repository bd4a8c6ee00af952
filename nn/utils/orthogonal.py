"""orthogonal (torch.nn.utils.parametrizations.orthogonal): a weight kept orthogonal (its
columns orthonormal, or its rows when it is wide), as PyTorch's _Orthogonal.

The learned matrix X maps to an orthogonal Q by one of three maps, each ordinary autograd
ops so the gradient reaches X:

    matrix_exp:   Q = exp(A), A = L - L^T the skew-symmetric matrix of L = X.tril()
    cayley:       Q = (I - A/2)^-1 (I + A/2)
    householder:  Q = H_1 ... H_k, H_i = I - tau_i v_i v_i^T from the columns of X.tril(-1)

A tall (n, k) X is first padded with zeros to (n, n) for the first two, and Q cut back to
its first k columns; a wide one is transposed before and after. With use_trivialization
(the default) Q is multiplied by a buffer `base`, which assigning a weight sets, so the
original (`parametrizations.weight.original`) starts at -I and measures a step away from
base; without it, assigning a weight is only possible for householder (a QR).
"""

from __future__ import annotations

import math

import numpy as np

import autograd
from autograd import Tensor, no_grad

from ..module import Module
from . import parametrize
from .arguments import module_tensor

_MAPS = ("matrix_exp", "cayley", "householder")

# Padé (13, 13) coefficients and the 1-norm up to which it is exact to double precision
# (Higham, "The scaling and squaring method for the matrix exponential revisited", 2005).
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
           1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0,
           33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def matrix_exp(a: Tensor) -> Tensor:
    """exp(a) of a square matrix (or a batch of them) by scaling and squaring with the
    (13, 13) Padé approximant: r(a / 2^s)^(2^s). Only matmul, inv and sums, so every order
    of derivative follows (the approximant's, equal to exp's to rounding)."""
    norm = np.abs(a.data).sum(axis=-2).max(initial=0.0)
    s = max(0, math.ceil(math.log2(norm / _THETA13))) if norm > 0 else 0
    a = a / 2.0**s
    b = _PADE13
    eye = Tensor(np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape))
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2)
             + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 \
        + b[0] * eye
    q = autograd.inv(v - u) @ (v + u)
    for _ in range(s):
        q = q @ q
    return q


def householder_product(a: Tensor, tau: Tensor) -> Tensor:
    """The first k columns of H_1 ... H_k, H_i = I - tau_i v_i v_i^T, v_i the i-th column of
    a below the diagonal with 1 on it (torch.linalg.householder_product; a (..., n, k))."""
    n, k = a.shape[-2:]
    vs = a.tril(-1) + Tensor(np.eye(n, k, dtype=a.dtype))
    q = Tensor(np.broadcast_to(np.eye(n, dtype=a.dtype), (*a.shape[:-2], n, n)))
    for i in range(k):
        v = vs[..., :, i:i + 1]  # (..., n, 1)
        q = q - (tau[..., i:i + 1, None] * (q @ v)) @ v.mT
    return q[..., :, :k]


def _qr_orthogonal(a: np.ndarray) -> np.ndarray:
    """Q of a's QR with diag(R) made positive (PyTorch's _make_orthogonal), on arrays."""
    q, r = np.linalg.qr(a)
    return q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]


def _is_orthogonal(q: np.ndarray) -> bool:
    n, k = q.shape[-2:]
    eps = 10.0 * n * np.finfo(q.dtype).eps
    return bool(np.allclose(np.swapaxes(q, -1, -2).conj() @ q, np.eye(k), atol=eps))


class _Orthogonal(Module):
    def __init__(self, weight: Tensor, orthogonal_map: str, *,
                 use_trivialization: bool = True) -> None:
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, x: Tensor) -> Tensor:
        n, k = x.shape[-2:]
        transposed = n < k
        if transposed:
            x = x.mT
            n, k = k, n
        if self.orthogonal_map in ("matrix_exp", "cayley"):
            x = x.tril()
            if n != k:  # into a square matrix
                zeros = Tensor(np.zeros((*x.shape[:-2], n, n - k), dtype=x.dtype))
                x = autograd.cat([x, zeros], -1)
            a = x - x.mT
            if self.orthogonal_map == "matrix_exp":
                q = matrix_exp(a)
            else:
                eye = Tensor(np.eye(n, dtype=a.dtype))
                q = autograd.inv(eye - 0.5 * a) @ (eye + 0.5 * a)
            if n != k:
                q = q[..., :k]
        else:
            a = x.tril(-1)
            tau = 2.0 / (1.0 + (a * a).sum(-2))
            q = householder_product(a, tau)
            # the signs on X's diagonal (+-1), with no gradient: PyTorch's .int()
            signs = np.trunc(np.diagonal(x.data, axis1=-2, axis2=-1))[..., None, :]
            q = q * Tensor(signs.astype(x.dtype))
        if "base" in vars(self):
            q = self.base @ q
        return q.mT if transposed else q

    def right_inverse(self, q: Tensor) -> Tensor:
        if q.shape != self.shape:
            raise ValueError(f"orthogonal: expected a matrix or batch of matrices of shape "
                             f"{tuple(self.shape)}. Got a tensor of shape {tuple(q.shape)}.")
        with no_grad():
            return Tensor(self._inverse(q.data))

    def _inverse(self, q_init: np.ndarray) -> np.ndarray:
        n, k = q_init.shape[-2:]
        transpose = n < k
        q = np.swapaxes(q_init, -1, -2) if transpose else q_init
        n, k = max(n, k), min(n, k)
        if "base" not in vars(self):
            if self.orthogonal_map != "householder":
                raise NotImplementedError("It is not possible to assign to the matrix "
                                          "exponential or the Cayley parametrizations when "
                                          "use_trivialization=False.")
            h, tau = np.linalg.qr(q, mode="raw")  # LAPACK's geqrf, transposed
            a = np.swapaxes(h, -1, -2).copy()
            diagonal = np.sign(np.diagonal(a, axis1=-2, axis2=-1))
            diagonal = np.where(tau == 0.0, -diagonal, diagonal)
            rows = np.arange(k)
            a[..., rows, rows] = diagonal
            return np.swapaxes(a, -1, -2) if transpose else a
        if n == k:
            q = q.copy() if _is_orthogonal(q) else _qr_orthogonal(q)
        else:  # complete q to an n x n orthogonal matrix
            extra = autograd.randn(*q.shape[:-2], n, n - k, dtype=q.dtype).data
            q = _qr_orthogonal(np.concatenate([q, extra], axis=-1))
        self.base = Tensor(q)
        minus_eye = np.zeros_like(q_init)
        rows = np.arange(k)
        minus_eye[..., rows, rows] = -1.0
        return minus_eye


def orthogonal(module: Module, name: str = "weight", orthogonal_map: str | None = None, *,
               use_trivialization: bool = True) -> Module:
    """Keep module.<name> orthogonal (a matrix, or a batch of them): Q from the learned
    `parametrizations.<name>.original` by orthogonal_map, "matrix_exp" (the default for a
    square matrix), "cayley" or "householder" (the default otherwise). The weight starts
    as the orthogonal matrix nearest the module's (its QR's Q) when it is not one already."""
    op = "orthogonal"
    weight = module_tensor(module, name, op)
    if weight.ndim < 2:
        raise ValueError(f"{op}: expected a matrix or batch of matrices. Got a tensor of "
                         f"{weight.ndim} dimensions.")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.shape[-2] == weight.shape[-1] else "householder"
    if orthogonal_map not in _MAPS:
        raise ValueError(f'{op}: orthogonal_map has to be one of "matrix_exp", "cayley", '
                         f'"householder". Got: {orthogonal_map!r}')
    if use_trivialization is not True and use_trivialization is not False:
        raise TypeError(f"{op}: use_trivialization must be True or False, got "
                        f"{use_trivialization!r}")
    orth = _Orthogonal(weight, orthogonal_map, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module
