"""Spec rows: casts between floats (astype and PyTorch's spellings), t, mT, contiguous, and
index_put (x[index] = v as an op). The rows run in float64: a cast to another float type is
checked in tests/test_dtypes.py, where its precision is known."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from .core import OpSpec, register, same
from .draw import index_static

# float64 to float64: a copy in the graph (the astype primitive)...
_COPIES = {
    "astype": lambda x: x.astype(np.float64),
    "to": lambda x: x.to(np.float64, copy=True),
    "to_cpu": lambda x: x.to("cpu", np.float64, copy=True),
}
# ... or, where nothing changes, the Tensor itself
_SAME = {
    "double": lambda x: x.double(),
    "type": lambda x: x.type("float64"),
    "type_as": lambda x: x.type_as(x),
    "cpu": lambda x: x.cpu(),
}
_CASTS = {**_COPIES, **_SAME}


def _forms(forms: dict[str, Any]) -> Any:
    return lambda draw, shapes: {"form": draw(st.sampled_from(sorted(forms)))}


def _index_put_static(draw: Any, shapes: Any) -> dict[str, Any]:
    return {**index_static(draw, shapes), "accumulate": draw(st.booleans())}


def _ref_index_put(x: np.ndarray, v: np.ndarray, index: Any, accumulate: bool) -> np.ndarray:
    out = x.copy()
    if accumulate:
        np.add.at(out, index, v[index])
    else:
        out[index] = v[index]
    return out


register(
    OpSpec("astype", lambda x, form: _CASTS[form](x), lambda x, form: x * 1.0,
           static=_forms(_COPIES), api=("astype", "to")),
    OpSpec("cast_to_its_dtype", lambda x, form: _CASTS[form](x), lambda x, form: x * 1.0,
           static=_forms(_SAME), api=("double", "type", "type_as", "cpu"), graphs=False),
    OpSpec("t", lambda x: x.t(), np.transpose, shapes=same(max_dims=2), api=("t",)),
    OpSpec("mT", lambda x: x.mT, lambda x: np.swapaxes(x, -1, -2), shapes=same(min_dims=2),
           api=("mT",)),
    OpSpec("contiguous", lambda x: x.T.contiguous(), np.transpose, shapes=same(min_dims=2),
           api=("contiguous",)),
    OpSpec("index_put", lambda x, v, index, accumulate: x.index_put(index, v[index],
                                                                    accumulate=accumulate),
           _ref_index_put, arity=2, shapes=same(1), static=_index_put_static,
           api=("index_put",)),
)
