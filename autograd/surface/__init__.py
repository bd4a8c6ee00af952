"""The methods and functions users call, by section, each a thin layer over the rule table.

    shared        operators, elementwise methods and backward(), for Value and Tensor
    elementwise   Tensor's clip, maximum, minimum, where
    reductions    Tensor's sum, mean, prod, var, std, max, min, argmax, logsumexp,
                  softmax; with scans (cumsum, ...), sorting (sort, topk, median, mode),
                  norms, order statistics (kthvalue, cummax, cummin, aminmax: order_stats),
                  count_nonzero, nansum, nanmean, diff (statistics) and unique mixed in
    shape         Tensor's reshape, transpose, squeeze, flip, roll, tile, split, x[i]
    indexing      Tensor's gather, scatter, index_select, take, masks, nonzero, diagonals;
                  index_add, index_copy, index_fill, masked_scatter, scatter_reduce
                  (indexing_more.py)
    linalg        Tensor's @, matmul, dot, inner, outer, vdot, bmm, matrix_power; einsum's
                  subscripts (einsum.py)
    compare       Tensor's == != < <= > >= & | ^ ~, all, any (bool Tensors, no gradient);
                  & | ^ ~ << >> and bitwise_and, ... in PyTorch's dtypes (bitwise.py)
    inplace       Tensor's += -= ... //= &= ..., add_ mul_ ... zero_ fill_ copy_, x[i] = v,
                  index_put; the in-place form name_ of the other ops (inplace_forms.py)
                  and the random fills normal_, uniform_, ... (random_fills.py)
    conversions   Tensor's astype, to, float, long, ..., tolist, size(), t(), new_zeros, ...
    numpy_protocol  Tensor's __array_ufunc__ and __array_function__: np.exp(t), np.sum(t),
                  ndarray + t, answered by autograd/numpy_functions.py

A section's mixin class holds its methods; `Tensor` (autograd/tensor.py) is made of them,
`Value` of the shared one. The functions (`autograd.where`, `autograd.cat`, and one per
elementwise method) are in autograd/functions/. Adding an op is a rule row
(autograd/ops), a spec row (autograd/specs) and one line here.
"""

from .compare import Compare
from .conversions import Conversions, Size
from .elementwise import Elementwise
from .indexing import Indexing
from .inplace import InPlace
from .linalg import Linalg
from .numpy_protocol import NumpyProtocol
from .reductions import Reductions
from .shape import Shape
from .shared import Surface

__all__ = ["Compare", "Conversions", "Elementwise", "InPlace", "Indexing", "Linalg",
           "NumpyProtocol", "Reductions", "Shape", "Size", "Surface"]
