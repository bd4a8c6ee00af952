"""All parameters as one vector and back, with PyTorch's names (torch.nn.utils.
parameters_to_vector and vector_to_parameters): for optimizers, Hessian-vector products and
evolution strategies that see a model as one flat vector."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from autograd import Tensor, concatenate
from autograd.arguments import shown


def _tensors(parameters: Any, where: str) -> list[Tensor]:
    if isinstance(parameters, Tensor):
        return [parameters]
    if isinstance(parameters, (str, bytes, Mapping, np.ndarray)) or not isinstance(
            parameters, Iterable):
        raise TypeError(f"{where}: parameters must be an iterable of Tensors (model."
                        f"parameters()), got {shown(parameters)}")
    params = list(parameters)
    for i, p in enumerate(params):
        if not isinstance(p, Tensor):
            raise TypeError(f"{where}: parameters[{i}] must be a Tensor, got {shown(p)}")
    return params


def parameters_to_vector(parameters: Iterable[Tensor] | Tensor) -> Tensor:
    """The parameters flattened and joined in order: cat([p.reshape(-1) for p in
    parameters]). Differentiable: the vector's gradient flows back to each parameter."""
    params = _tensors(parameters, "parameters_to_vector")
    if not params:
        raise ValueError("parameters_to_vector: parameters is empty: there is nothing to "
                         "join (torch.cat of no tensors raises too)")
    return concatenate([p.reshape(-1) for p in params], 0)


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor] | Tensor) -> None:
    """Copy consecutive slices of vec into the parameters' data, in place and in order:
    p.data = vec[k:k + p.numel()].reshape(p.shape). Not recorded by autograd (as PyTorch's,
    which sets .data); entries of vec beyond the parameters' total are ignored (as
    PyTorch's)."""
    where = "vector_to_parameters"
    if not isinstance(vec, Tensor):
        raise TypeError(f"{where}: vec must be a Tensor, got {shown(vec)}")
    if vec.ndim != 1:
        raise ValueError(f"{where}: vec must be 1-D (parameters_to_vector's), got shape "
                         f"{tuple(vec.shape)}")
    params = _tensors(parameters, where)
    total = sum(p.data.size for p in params)
    if vec.shape[0] < total:
        raise ValueError(f"{where}: vec has {vec.shape[0]} elements, fewer than the "
                         f"parameters' {total}")
    pointer = 0
    for p in params:
        n = p.data.size
        p.data[...] = vec.data[pointer:pointer + n].reshape(p.shape)
        pointer += n
