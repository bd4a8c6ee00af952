"""PyTorch's functions about dtypes: promote_types, can_cast, finfo, iinfo.

gradproof's dtypes are numpy's (autograd.float32 is np.float32), so finfo and iinfo are
numpy's np.finfo and np.iinfo (eps, max, min, tiny, smallest_normal, resolution, bits,
dtype), refused for the other kind as PyTorch's are; promote_types and can_cast follow
PyTorch's rules, which are not numpy's where an integer meets a float.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes

_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}  # bool < integer < float, as PyTorch's


def promote_types(type1: Any, type2: Any) -> np.dtype[Any]:
    """The dtype of an op on the two (torch.promote_types): an integer and a float give the
    float (numpy's promote_types: a float wide enough for the integer)."""
    return dtypes.promote_types(dtypes.as_dtype(type1, "promote_types", "type1"),
                                dtypes.as_dtype(type2, "promote_types", "type2"))


def can_cast(from_: Any, to: Any) -> bool:
    """Whether PyTorch's type promotion may cast from_ to `to` (torch.can_cast): never to a
    lower kind (float to integer, integer to bool); within a kind, always."""
    source = dtypes.as_dtype(from_, "can_cast", "from_")
    target = dtypes.as_dtype(to, "can_cast", "to")
    return _CATEGORY[source.kind] <= _CATEGORY[target.kind]


def finfo(type: Any = None) -> np.finfo[Any]:  # noqa: A002 (PyTorch's argument name)
    """The limits of a float dtype (the default float if none), as torch.finfo."""
    dtype = dtypes.get_default_dtype() if type is None else dtypes.as_dtype(type, "finfo",
                                                                            "type")
    if dtype.kind != "f":
        raise TypeError(f"finfo: requires a floating point dtype, got {dtype}; use iinfo for "
                        "an integer one")
    return np.finfo(dtype)


def iinfo(type: Any) -> np.iinfo[Any]:  # noqa: A002 (PyTorch's argument name)
    """The limits of an integer dtype, as torch.iinfo."""
    dtype = dtypes.as_dtype(type, "iinfo", "type")
    if dtype.kind not in "iu":
        raise TypeError(f"iinfo: requires an integer dtype, got {dtype}; use finfo for a "
                        "floating point one")
    return np.iinfo(dtype)
