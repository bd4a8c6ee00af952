"""The vocabulary of the error sweep (tests/error_sweep.py): bad values, and what each kind
of argument must refuse.

    BAD      the bad values, by name: wrong types (None, 'abc', 1.5, a masked array, a Value,
             ...) and wrong values (-1, 0, 99, -0.5)
    SHOWN    how a message may show each bad value (its repr, its type, what is wrong)
    REFUSED  for each kind of argument, the bad values it must refuse; the others it may take
             (1.5 is a fine operand, -1 a fine axis, None an axis whose default is None)
    KIND_OF  the kind of an argument, by its name (`axis` is an axis, `other` an operand);
             a table row says the kind where the name does not tell

What a kind refuses follows PyTorch (numpy where the op is numpy's): a value PyTorch takes
is not refused here (True is 1 as a number, a negative slope is a slope), and a value it
refuses is (lr=-0.1, p=1.5, kernel_size=0, an axis out of range).

The ops and their valid calls: tests/error_calls.py (autograd), tests/error_calls_nn.py (nn).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor, Value

BAD: dict[str, Any] = {
    "None": None,
    "str": "abc",
    "float": 1.5,
    "bool": True,
    "complex": 1 + 2j,
    "str list": ["a", "b"],
    "str array": np.array(["a"]),
    "masked array": np.ma.masked_array([1.0, 2.0], mask=[False, True]),
    "ragged list": [[1.0, 2.0], [3.0]],
    "object": object(),
    "dict": {},
    "int array": np.array([2, 2]),
    "Value": Value(1.0),
    "Tensor": Tensor([1.0]),
    # wrong values of the right type
    "-1": -1,
    "0": 0,
    "99": 99,
    "-0.5": -0.5,
}

SHOWN: dict[str, tuple[str, ...]] = {
    "None": ("None",),
    "str": ("'abc'",),
    "float": ("1.5",),
    "bool": ("True", "bool"),
    "complex": ("(1+2j)", "complex"),
    "str list": ("['a', 'b']", "<U1", "'a'"),  # or its first bad element
    "str array": ("array(['a']", "<U1", "'a'"),
    "masked array": ("masked",),
    "ragged list": ("[[1.0, 2.0], [3.0]]", "[1.0, 2.0]", "rectangular", "inhomogeneous"),
    "object": ("object",),
    "dict": ("dict", "{}"),
    "int array": ("array([2, 2])", "[2 2]", "[2, 2]", "ndarray", "int64"),
    "Value": ("Value",),
    "Tensor": ("Tensor",),
    "-1": ("-1",),
    "0": ("0",),
    "99": ("99",),
    "-0.5": ("-0.5",),
}

_NOT_REAL = {"None", "str", "complex", "str list", "str array", "masked array", "ragged list",
             "object", "dict"}
_NOT_INT = _NOT_REAL | {"float", "bool", "int array", "Value", "Tensor", "-0.5"}
_NOT_INTS = _NOT_INT - {"int array"}  # an int, or ints (a 1-D int array is ints)
_ANY = set(BAD)

REFUSED: dict[str, set[str]] = {
    "data": _NOT_REAL,                          # anything Tensor() takes, or a node
    "operand": _NOT_REAL | {"Value"},           # a Tensor op's other operand
    "value operand": _NOT_REAL | {"int array", "Tensor"},   # a Value op's other operand
    "compare": _NOT_REAL,                       # the other side of < <= > >= (no gradient)
    "scalar": _NOT_REAL | {"int array"},        # one real number (eps, alpha, nan=...)
    "non-negative": _NOT_REAL | {"int array", "-1", "-0.5"},   # lr, weight_decay, std
    "positive scalar": _NOT_REAL | {"int array", "-1", "-0.5", "0"},   # a step h, gamma
    "probability": _NOT_REAL | {"int array", "-1", "-0.5", "float", "99"},  # dropout's p
    "int": _NOT_INT,                            # one int, any value (diagonal, decimals)
    "count": _NOT_INT | {"-1"},                 # an int >= 0 (n, steps, length)
    "positive": _NOT_INT | {"-1", "0"},         # an int >= 1 (chunks, groups, step_size)
    "axis": _NOT_INT | {"99"},                  # an int in range (-1 counts from the end)
    "axes": _NOT_INTS | {"99"},                 # an axis or a sequence of them (flip's dims)
    "ints": _NOT_INTS,                          # an int or a sequence of them
    "shape": _NOT_INTS | {"99"},                # a shape to fit (reshape; -1 is inferred)
    "sizes": _NOT_INTS | {"-1"},                # sizes to make (zeros, repeat): >= 0
    "window": _NOT_INTS | {"-1", "0"},          # kernel_size, stride, dilation: >= 1
    "padding": _NOT_INTS | {"-1"},              # a convolution's or pooling's: >= 0
    "index": _NOT_INTS - {"Tensor"} | {"Value", "-0.5"},  # positions (a list, an array)
    "mask": _NOT_REAL | {"float", "int array", "Value", "Tensor", "-1", "0", "99", "-0.5"},
    "bits": _NOT_REAL | {"float", "Value", "Tensor", "-0.5"},   # & | ^: bools or ints
    "flag": _ANY - {"bool"},                    # True or False
    "dtype": _ANY,                              # a dtype
    "choice": _ANY,                             # one of some strings (mode=, reduction=)
    # a sequence of Tensors (a list of lists is one too: each list a Tensor)
    "tensors": _NOT_REAL - {"ragged list"} | {"float", "bool", "Value", "-1", "0", "99",
                                              "-0.5"},
    "node": _ANY - {"Value", "Tensor"},         # a Value or a Tensor
    "tensor": _ANY - {"Tensor"},                # a Tensor (changed in place: nn.init)
    "generator": _ANY,                          # a numpy Generator
    "device": _ANY,                             # 'cpu'
    "callable": _ANY,                           # a function
    "anything": set(),                          # any value is fine
    "label": _ANY - {"str"},                    # a node's name in drawings: a str
}
# A Tensor's index (x[i]) takes None (a new axis), True (numpy's), ints and int arrays.
REFUSED["getitem"] = _NOT_REAL - {"None"} | {"float", "Value", "-0.5", "99"}
REFUSED["dtype or Tensor"] = REFUSED["dtype"] - {"Tensor"}  # to(other): other's dtype
REFUSED["nodes"] = REFUSED["tensors"] - {"Value"}  # gradcheck's inputs: one node, or several
# meshgrid(*tensors): 0-d or 1-D Tensors (numbers too), or one list of them
REFUSED["tensor list"] = _NOT_REAL - {"ragged list"} | {"Value"}
# torch.max(input, dim) or torch.max(input, other): a Tensor there is the other operand
REFUSED["axis or other"] = REFUSED["axis"] - {"Tensor"}
# torch.var(input, dim) or PyTorch's older torch.var(input, unbiased): a bool is unbiased
REFUSED["axes or unbiased"] = REFUSED["axes"] - {"bool"}
# from_numpy's argument: a numpy array of numbers (its memory shared), nothing else
REFUSED["ndarray"] = _ANY - {"int array"}

# The kind of an argument by its name; an argument whose default is None may be None.
KIND_OF: dict[str, str] = {
    **dict.fromkeys(["other", "end", "weight", "exponent", "src", "values", "y", "min",
                     "max", "bias", "running_mean", "running_var", "pos_weight", "target",
                     "grad", "gradient", "grad_output", "grad_outputs", "constant_values",
                     "fill_value"],
                    "operand"),
    **dict.fromkeys(["x", "input", "a", "arr", "array", "tensor", "data"], "data"),
    **dict.fromkeys(["axis", "dim", "dims", "axis0", "axis1", "axis2", "dim1", "dim2",
                     "start_dim", "end_dim", "source", "destination"], "axis"),
    **dict.fromkeys(["keepdim", "keepdims", "descending", "stable", "largest", "sorted",
                     "as_tuple", "accumulate", "create_graph", "retain_graph",
                     "requires_grad", "training",
                     "inplace", "copy", "unbiased", "allow_unused", "ceil_mode",
                     "count_include_pad", "return_indices", "scale_grad_by_freq", "sparse",
                     "non_blocking", "force", "equal_nan", "materialize_grads"], "flag"),
    **dict.fromkeys(["k", "decimals", "offset", "diagonal", "seed", "ignore_index",
                     "padding_idx", "divisor_override"], "int"),
    **dict.fromkeys(["n", "start", "length", "steps", "m", "num_classes"], "count"),
    **dict.fromkeys(["chunks", "num_groups", "groups"], "positive"),
    **dict.fromkeys(["repeats", "split_size_or_sections", "pad", "pad_width", "output_size",
                     "normalized_shape", "shifts", "shift", "reps"], "ints"),
    **dict.fromkeys(["shape", "sizes"], "shape"),
    "size": "sizes",
    **dict.fromkeys(["kernel_size", "stride", "dilation"], "window"),
    **dict.fromkeys(["padding", "output_padding"], "padding"),
    **dict.fromkeys(["index", "indices"], "index"),
    **dict.fromkeys(["mask", "condition"], "mask"),
    **dict.fromkeys(["nan", "posinf", "neginf", "alpha", "eps", "momentum",
                     "negative_slope", "beta", "threshold", "min_val", "max_val",
                     "norm_type", "value", "ddof", "correction", "ord", "mean"], "scalar"),
    **dict.fromkeys(["std", "label_smoothing", "rtol", "atol"], "non-negative"),
    "hook": "callable",
    "max_norm": "scalar",  # (PyTorch takes a negative one: embedding, clip_grad_norm_)
    "p": "scalar",
    **dict.fromkeys(["mode", "reduction", "kind", "indexing", "approximate", "reduce",
                     "rounding_mode"], "choice"),
    "dtype": "dtype", "device": "device", "generator": "generator", "tensors": "tensors",
    "output": "node", "outputs": "node", "root": "node", "inputs": "node", "label": "label",
}


# ------------------------------------------------------------------ receivers


def matrix() -> Tensor:
    return Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)


def plain() -> Tensor:
    """For in-place ops: a leaf that needs no gradient."""
    return Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def square() -> Tensor:
    return Tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)


def vector() -> Tensor:
    return Tensor([1.0, 2.0, 3.0], requires_grad=True)


def batch() -> Tensor:
    return Tensor(np.ones((1, 2, 3)), requires_grad=True)


def bools() -> Tensor:
    return Tensor([[True, False, True], [False, True, False]], dtype=bool)


def images() -> Tensor:
    return Tensor(np.arange(32.0).reshape(1, 2, 4, 4), requires_grad=True)


def signals() -> Tensor:
    return Tensor(np.arange(16.0).reshape(1, 2, 8), requires_grad=True)


def leaf_value() -> Value:
    return Value(0.5)  # in the domain of asin, atanh, erfinv


MASK = np.array([[True, False, True], [False, True, False]])
INDEX = [[0, 1, 0], [1, 0, 2]]
