"""The table tests/test_errors.py drives: bad arguments, what each kind of argument must
refuse, and a valid call of every public op, so that one argument at a time is made bad.

    BAD          the bad values, by name (None, 'abc', 1.5, a masked array, a Value, ...)
    REFUSED      for each kind of argument, the bad values it must refuse (the others it may
                 take: 1.5 is a fine operand, None a fine axis where the default is None)
    KIND_OF      the kind of an argument, by its name (`axis` is an axis, `other` an operand)
    *_CALLS      one valid call of each op: its arguments by name, and any kind that its
                 name does not tell (gather's `dim` is an int: no None)

The ops themselves are found by introspection (test_errors.py): every public method and
operator of Tensor and Value, every function of autograd and of nn.functional.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
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
}

_NOT_REAL = {"None", "str", "complex", "str list", "str array", "masked array", "ragged list",
             "object", "dict"}
_NOT_INT = _NOT_REAL | {"float", "bool", "int array", "Value", "Tensor"}
_ANY = set(BAD)

REFUSED: dict[str, set[str]] = {
    "data": _NOT_REAL,                          # anything Tensor() takes, or a node
    "operand": _NOT_REAL | {"Value"},           # a Tensor op's other operand
    "value operand": _NOT_REAL | {"int array", "Tensor"},   # a Value op's other operand
    "compare": _NOT_REAL,                       # the other side of < <= > >=
    "scalar": _NOT_REAL | {"int array"},        # one real number (eps, alpha, nan=...)
    "int": _NOT_INT,                            # one int (k, n, chunks, decimals)
    "axis": _NOT_INT,                           # an int (or, where taken, a tuple of them)
    "ints": _NOT_INT - {"int array"},           # an int or a sequence of them (sizes)
    "index": _NOT_INT - {"int array", "Tensor"} | {"Value"},  # int positions
    "mask": _NOT_REAL | {"float", "int array", "Value", "Tensor"},   # a bool array
    "flag": _ANY - {"bool"},                    # True or False
    "dtype": _ANY,                              # a dtype
    "choice": _ANY,                             # one of some strings (mode=, reduction=)
    # a sequence of Tensors (a list of lists is one too: each list a Tensor)
    "tensors": _NOT_REAL - {"ragged list"} | {"float", "bool", "Value"},
    "node": _ANY - {"Value", "Tensor"},         # a Value or a Tensor
    "generator": _ANY,                          # a numpy Generator
    "device": _ANY,                             # 'cpu'
}

# The kind of an argument by its name; an argument whose default is None may be None.
KIND_OF: dict[str, str] = {
    **dict.fromkeys(["other", "end", "weight", "exponent", "src", "values", "y", "min",
                     "max", "bias", "running_mean", "running_var", "pos_weight", "target",
                     "grad", "grad_output", "constant_values", "fill_value"], "operand"),
    **dict.fromkeys(["x", "input", "a", "arr", "array", "tensor", "data"], "data"),
    **dict.fromkeys(["axis", "dim", "dims", "axis0", "axis1", "axis2", "dim1", "dim2",
                     "start_dim", "end_dim", "source", "destination"], "axis"),
    **dict.fromkeys(["keepdim", "keepdims", "descending", "stable", "largest", "sorted",
                     "as_tuple", "accumulate", "create_graph", "requires_grad", "training",
                     "inplace", "copy", "unbiased", "allow_unused", "ceil_mode",
                     "count_include_pad", "return_indices", "scale_grad_by_freq", "sparse",
                     "non_blocking", "force"], "flag"),
    **dict.fromkeys(["k", "n", "chunks", "decimals", "start", "length", "offset", "diagonal",
                     "num_classes", "steps", "seed", "num_groups", "groups", "ignore_index",
                     "padding_idx", "divisor_override", "m"], "int"),
    **dict.fromkeys(["repeats", "split_size_or_sections", "sizes", "shape", "size", "pad",
                     "pad_width", "kernel_size", "stride", "padding", "dilation",
                     "output_padding", "output_size", "normalized_shape", "shifts", "shift",
                     "reps"], "ints"),
    **dict.fromkeys(["index", "indices"], "index"),
    **dict.fromkeys(["mask", "condition"], "mask"),
    **dict.fromkeys(["nan", "posinf", "neginf", "alpha", "p", "eps", "momentum",
                     "negative_slope", "beta", "threshold", "min_val", "max_val",
                     "label_smoothing", "norm_type", "max_norm", "value", "ddof", "correction",
                     "ord", "mean", "std"], "scalar"),
    **dict.fromkeys(["mode", "reduction", "kind", "indexing", "approximate", "reduce"],
                    "choice"),
    "dtype": "dtype", "device": "device", "generator": "generator", "tensors": "tensors",
    "output": "node", "root": "node", "inputs": "node",
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

# ---------------------------------------------------------------- valid calls
# name: (receiver or None, {argument: valid value}, {argument: kind the name does not tell});
# a varargs argument's value is the tuple of its values.

TENSOR_CALLS: dict[str, tuple[Any, dict[str, Any], dict[str, str]]] = {
    **{name: (matrix, {"other": 0.5}, {})
       for name in ("arctan2", "atan2", "hypot", "logaddexp", "logaddexp2", "fmod",
                    "remainder", "floor_divide", "maximum", "minimum")},
    "item": (lambda: Tensor([2.0]), {}, {}),
    "neg_": (plain, {}, {}),
    "zero_": (plain, {}, {}),
    "unsqueeze": (matrix, {"axis": 0}, {}),
    "add_": (plain, {"other": 1.0}, {}),
    "sub_": (plain, {"other": 1.0}, {}),
    "mul_": (plain, {"other": 2.0}, {}),
    "div_": (plain, {"other": 2.0}, {}),
    "pow_": (plain, {"other": 2.0}, {}),
    "clamp_": (plain, {"min": 0.0}, {}),
    "clip_": (plain, {"min": 0.0}, {}),
    "fill_": (plain, {"value": 2.0}, {}),
    "copy_": (plain, {"src": 0.5}, {"src": "operand"}),
    "astype": (matrix, {"dtype": np.float32}, {}),
    "type": (matrix, {}, {"dtype": "dtype"}),
    "to": (matrix, {"args": (np.float32,)}, {"args": "dtype or Tensor"}),
    "chunk": (matrix, {"chunks": 2}, {"dim": "axis"}),
    "split": (matrix, {"split_size_or_sections": 1}, {"dim": "axis"}),
    "expand_as": (matrix, {"other": Tensor(np.zeros((2, 2, 3)))}, {}),
    "view_as": (matrix, {"other": Tensor(np.zeros((3, 2)))}, {}),
    "reshape_as": (matrix, {"other": Tensor(np.zeros((3, 2)))}, {}),
    "type_as": (matrix, {"other": Tensor([1.0])}, {"other": "node"}),
    "gather": (matrix, {"dim": 1, "index": INDEX}, {}),
    "scatter": (matrix, {"dim": 1, "index": INDEX, "src": Tensor(np.ones((2, 3)))},
                {"reduce": "choice"}),
    "scatter_add": (matrix, {"dim": 1, "index": INDEX, "src": Tensor(np.ones((2, 3)))}, {}),
    "index_select": (matrix, {"dim": 1, "index": [0, 2]}, {}),
    "index_put": (matrix, {"indices": ([0],), "values": 1.0}, {"indices": "getitem"}),
    "take": (matrix, {"index": [0, 4]}, {}),
    "take_along_dim": (matrix, {"indices": [[0], [1]], "dim": 1}, {}),
    "masked_fill": (matrix, {"mask": MASK, "value": 0.0}, {}),
    "masked_select": (matrix, {"mask": MASK}, {}),
    "lerp": (matrix, {"end": 0.0, "weight": 0.5}, {"weight": "operand"}),
    "matrix_power": (square, {"n": 2}, {}),
    "bmm": (batch, {"other": Tensor(np.ones((1, 3, 2)))}, {}),
    "dot": (vector, {"other": [1.0, 2.0, 3.0]}, {}),
    "vdot": (vector, {"other": [1.0, 2.0, 3.0]}, {}),
    "inner": (vector, {"other": [1.0, 2.0, 3.0]}, {}),
    "outer": (vector, {"other": [1.0, 2.0]}, {}),
    "matmul": (matrix, {"other": [1.0, 2.0, 3.0]}, {}),
    "movedim": (matrix, {"source": 0, "destination": 1}, {}),
    "moveaxis": (matrix, {"source": 0, "destination": 1}, {}),
    "narrow": (matrix, {"dim": 1, "start": 0, "length": 2}, {}),
    "new_full": (matrix, {"size": (2,), "fill_value": 1.0}, {"fill_value": "scalar"}),
    "new_tensor": (matrix, {"data": [1.0]}, {}),
    "new_zeros": (matrix, {"size": (2,)}, {}),
    "new_ones": (matrix, {"size": (2,)}, {}),
    "new_empty": (matrix, {"size": (2,)}, {}),
    "repeat_interleave": (matrix, {"repeats": 2}, {"repeats": "index"}),
    "swapaxes": (matrix, {"axis1": 0, "axis2": 1}, {}),
    "swapdims": (matrix, {"axis1": 0, "axis2": 1}, {}),
    "topk": (matrix, {"k": 2}, {}),
    "unflatten": (matrix, {"dim": 1, "sizes": (3, 1)}, {}),
    "pow": (matrix, {"exponent": 2.0}, {}),
    "reshape": (matrix, {"shape": (3, 2)}, {}),
    "view": (matrix, {"shape": (3, 2)}, {}),
    "broadcast_to": (matrix, {"shape": (2, 2, 3)}, {}),
    "expand": (matrix, {"sizes": (2, 2, 3)}, {}),
    "permute": (matrix, {"axes_": (1, 0)}, {"axes_": "axis"}),
    "transpose": (matrix, {"axes_": (1, 0)}, {"axes_": "axis"}),
    "tile": (matrix, {"dims": (2,)}, {"dims": "ints"}),
    "repeat": (matrix, {"sizes": (1, 2)}, {}),
    "flip": (matrix, {"dims_": (0,)}, {"dims_": "axis"}),
    "roll": (matrix, {"shifts": 1}, {}),
    "diag": (matrix, {}, {}),
    "tril": (matrix, {}, {}),
    "triu": (matrix, {}, {}),
    "trace": (matrix, {}, {}),
    "diagonal": (matrix, {}, {}),
    "requires_grad_": (plain, {}, {}),
    "backward": (lambda: matrix().sum(), {}, {}),
    "sort": (matrix, {}, {"axis": "axis"}),
    "argsort": (matrix, {}, {"axis": "axis"}),
    "median": (matrix, {}, {"axis": "axis"}),
    "norm": (matrix, {}, {"p": "scalar"}),
    "__getitem__": (matrix, {"index_": 0}, {"index_": "getitem"}),
    "__setitem__": (plain, {"index_": 0, "value": 1.0}, {"index_": "getitem",
                                                          "value": "operand"}),
}
REFUSED["dtype or Tensor"] = REFUSED["dtype"] - {"Tensor"}  # to(other): other's dtype
REFUSED["axis or None"] = REFUSED["axis"] - {"None"}
REFUSED["axis?"] = REFUSED["axis"] - {"None"}
# meshgrid(*tensors): 0-d or 1-D Tensors (numbers too), or one list of them
REFUSED["tensor list"] = _NOT_REAL - {"ragged list"} | {"Value"}
REFUSED["ints?"] = REFUSED["ints"] - {"None"}
# A Tensor's index (x[i]) takes None (a new axis), True (numpy's), and int arrays.
REFUSED["getitem"] = _NOT_REAL - {"None"} | {"float", "Value"}

# Tensor's operators: (symbol, the names a message may give, a receiver, the operand kind).
TENSOR_OPERATORS: dict[str, tuple[str, tuple[str, ...], Any, str]] = {
    "add": ("+", ("add",), matrix, "operand"),
    "sub": ("-", ("sub", "subtract"), matrix, "operand"),
    "mul": ("*", ("mul", "multiply"), matrix, "operand"),
    "truediv": ("/", ("div", "divide"), matrix, "operand"),
    "floordiv": ("//", ("floor_divide",), matrix, "operand"),
    "mod": ("%", ("remainder",), matrix, "operand"),
    "pow": ("**", ("power", "pow"), matrix, "operand"),
    "matmul": ("@", ("matmul",), matrix, "operand"),
    "lt": ("<", (">",), matrix, "compare"),
    "le": ("<=", (">=",), matrix, "compare"),
    "gt": (">", ("<",), matrix, "compare"),
    "ge": (">=", ("<=",), matrix, "compare"),
    "and_": ("&", ("bitwise_and",), bools, "mask"),
    "or_": ("|", ("bitwise_or",), bools, "mask"),
    "xor": ("^", ("bitwise_xor",), bools, "mask"),
    # x op= y rebinds x to x op y where it must record (a Value operand): that op's name
    "iadd": ("+=", ("+",), plain, "operand"),
    "isub": ("-=", ("-",), plain, "operand"),
    "imul": ("*=", ("*",), plain, "operand"),
    "itruediv": ("/=", ("/",), plain, "operand"),
    "ipow": ("**=", ("**",), plain, "operand"),
    "imatmul": ("@=", ("@",), lambda: Tensor(np.eye(3)), "operand"),
}

VALUE_CALLS: dict[str, tuple[Any, dict[str, Any], dict[str, str]]] = {
    "acosh": (lambda: Value(2.0), {}, {}),
    "arccosh": (lambda: Value(2.0), {}, {}),
    "lerp": (leaf_value, {"end": 1.0, "weight": 0.5}, {"end": "value operand",
                                                       "weight": "value operand"}),
    "pow": (leaf_value, {"exponent": 2.0}, {"exponent": "value operand"}),
    "backward": (lambda: Value(2.0) * Value(3.0), {}, {"grad": "value operand"}),
    **{name: (leaf_value, {"other": 0.5}, {"other": "value operand"})
       for name in ("arctan2", "atan2", "hypot", "logaddexp", "logaddexp2", "fmod",
                    "remainder", "floor_divide")},
}

VALUE_OPERATORS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "add": ("+", ("add",), "value operand"),
    "sub": ("-", ("sub",), "value operand"),
    "mul": ("*", ("mul",), "value operand"),
    "truediv": ("/", ("div",), "value operand"),
    "floordiv": ("//", ("floor_divide",), "value operand"),
    "mod": ("%", ("remainder",), "value operand"),
    "pow": ("**", ("power", "pow"), "value operand"),
    "lt": ("<", (">",), "compare"),
    "le": ("<=", (">=",), "compare"),
    "gt": (">", ("<",), "compare"),
    "ge": (">=", ("<=",), "compare"),
}

# autograd's functions: the first argument is the data (the Tensor method's receiver).
FUNCTION_CALLS: dict[str, tuple[Any, dict[str, Any], dict[str, str]]] = {
    # numpy's where takes numbers as the condition (nonzero is True)
    "where": (None, {"condition": MASK, "x": matrix(), "y": 0.0},
              {"condition": "data", "x": "operand", "y": "operand"}),
    "maximum": (None, {"x": matrix(), "y": 0.5}, {"x": "data"}),
    "minimum": (None, {"x": matrix(), "y": 0.5}, {"x": "data"}),
    "cat": (None, {"tensors": [matrix(), matrix()]}, {}),
    "concatenate": (None, {"tensors": [matrix(), matrix()]}, {}),
    "stack": (None, {"tensors": [matrix(), matrix()]}, {}),
    "einsum": (None, {"args": ("ij,jk->ik", matrix(), matrix().T)}, {"args": "data"}),
    "meshgrid": (None, {"tensors": (vector(), vector())}, {"tensors": "tensor list"}),
    "linear": (None, {"x": matrix(), "weight": Tensor(np.ones((4, 3)))}, {}),
    "tensordot": (None, {"x": matrix(), "y": matrix().T, "axes": 1},
                  {"y": "data", "axes": "ints", "dims": "ints"}),
    "dot": (None, {"x": vector(), "y": [1.0, 2.0, 3.0]}, {"y": "data", "bias": "scalar"}),
    "inner": (None, {"x": vector(), "y": [1.0, 2.0, 3.0]}, {"y": "data"}),
    "outer": (None, {"x": vector(), "y": [1.0, 2.0]}, {"y": "data"}),
    "vdot": (None, {"x": vector(), "y": [1.0, 2.0, 3.0]}, {"y": "data"}),
    "bmm": (None, {"x": batch(), "y": Tensor(np.ones((1, 3, 2)))}, {"y": "data"}),
    "inv": (None, {"x": square()}, {}),
    "matrix_power": (None, {"x": square(), "n": 2}, {}),
    "matrix_norm": (None, {"x": matrix()}, {"ord": "scalar", "dim": "axis"}),
    "vector_norm": (None, {"x": matrix()}, {}),
    "one_hot": (None, {"tensor": [0, 2, 1]}, {"tensor": "index"}),
    "pad": (None, {"input": matrix(), "pad": (1, 1)}, {}),
    "numpy_pad": (None, {"array": matrix(), "pad_width": 1}, {}),
    "nonzero": (None, {"input": matrix()}, {}),
    "argwhere": (None, {"input": matrix()}, {}),
    "tile": (None, {"input": matrix(), "dims": (2,)}, {"dims": "ints", "reps": "ints"}),
    "repeat": (None, {"a": matrix(), "repeats": 2}, {"repeats": "index"}),
    "expand_dims": (None, {"a": matrix(), "axis": 0}, {}),
    "unsqueeze": (None, {"input": matrix(), "dim": 0}, {}),
    "swapaxes": (None, {"input": matrix(), "axis0": 0, "axis1": 1}, {}),
    "swapdims": (None, {"input": matrix(), "axis0": 0, "axis1": 1}, {}),
    "take_along_axis": (None, {"arr": matrix(), "indices": [[0], [1]]},
                        {"axis": "axis or None"}),  # numpy's axis=None: flattened
    "lerp": (None, {"x": matrix(), "end": 0.0, "weight": 0.5}, {"weight": "operand"}),
    "diag": (None, {"input": matrix()}, {"k": "int"}),
    "tril": (None, {"input": matrix()}, {}),
    "triu": (None, {"input": matrix()}, {}),
    # creation
    "tensor": (None, {"data": [1.0, 2.0]}, {}),
    "zeros": (None, {"size": (2,)}, {}), "ones": (None, {"size": (2,)}, {}),
    "empty": (None, {"size": (2,)}, {}), "rand": (None, {"size": (2,)}, {}),
    "randn": (None, {"size": (2,)}, {}),
    "full": (None, {"size": (2,), "fill_value": 1.0}, {"fill_value": "scalar"}),
    "eye": (None, {"n": 2}, {}),
    "arange": (None, {"start": 0.0, "end": 3.0}, {"start": "scalar", "end": "scalar",
                                              "step": "scalar"}),
    "linspace": (None, {"start": 0.0, "end": 1.0, "steps": 3}, {"start": "scalar",
                                                                "end": "scalar"}),
    "normal": (None, {"size": (2,)}, {"mean": "operand", "std": "operand"}),
    "randint": (None, {"args": (5, (2,))}, {"args": "ints"}),
    "randint_like": (None, {"x": matrix(), "args": (5,)}, {"args": "ints"}),
    "full_like": (None, {"x": matrix(), "fill_value": 1.0}, {"fill_value": "scalar"}),
    "manual_seed": (None, {"seed": 0}, {}),
    "set_default_dtype": (None, {"dtype": np.float64}, {}),
    # the engine
    "grad": (None, {"output": None, "inputs": None}, {}),  # made per call: see test_errors
    "backward": (None, {"root": None}, {}),
    "toposort": (None, {"root": None}, {}),
}
# Functions that are Tensor methods on their first argument take the method's valid call.
FUNCTION_RECEIVERS = {"matrix_power": square, "bmm": batch, "dot": vector, "vdot": vector,
                      "inner": vector, "outer": vector}

# nn.functional: (valid arguments, kinds the names do not tell)
F_CALLS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "mse_loss": ({"input": matrix(), "target": np.zeros((2, 3))}, {}),
    "l1_loss": ({"input": matrix(), "target": np.zeros((2, 3))}, {}),
    "hinge_loss": ({"input": matrix(), "target": np.ones((2, 3))}, {}),
    "rmse_loss": ({"input": matrix(), "target": np.zeros((2, 3))}, {}),
    "sum_squared_error": ({"input": matrix(), "target": np.zeros((2, 3))}, {}),
    "cross_entropy": ({"input": matrix(), "target": [0, 2]}, {"target": "index"}),
    "nll_loss": ({"input": matrix().log_softmax(1), "target": [0, 2]}, {"target": "index"}),
    "cross_entropy_error": ({"input": matrix().softmax(1), "target": [0, 2]},
                            {"target": "index"}),
    "binary_cross_entropy": ({"input": matrix().sigmoid(), "target": np.ones((2, 3))}, {}),
    "binary_cross_entropy_with_logits": ({"input": matrix(), "target": np.ones((2, 3))}, {}),
    "conv1d": ({"input": signals(), "weight": Tensor(np.ones((3, 2, 3)))}, {}),
    "conv2d": ({"input": images(), "weight": Tensor(np.ones((3, 2, 3, 3)))}, {}),
    "conv_transpose1d": ({"input": signals(), "weight": Tensor(np.ones((2, 3, 3)))}, {}),
    "conv_transpose2d": ({"input": images(), "weight": Tensor(np.ones((2, 3, 3, 3)))}, {}),
    "max_pool1d": ({"input": signals(), "kernel_size": 2}, {}),
    "max_pool2d": ({"input": images(), "kernel_size": 2}, {}),
    "avg_pool1d": ({"input": signals(), "kernel_size": 2}, {}),
    "avg_pool2d": ({"input": images(), "kernel_size": 2}, {}),
    # output_size None keeps that size (PyTorch's)
    "adaptive_avg_pool1d": ({"input": signals(), "output_size": 2}, {"output_size": "ints?"}),
    "adaptive_avg_pool2d": ({"input": images(), "output_size": 2}, {"output_size": "ints?"}),
    # dim=None: PyTorch's implicit choice, with its deprecation warning
    "softmax": ({"input": matrix()}, {"dim": "axis?"}),
    "log_softmax": ({"input": matrix()}, {"dim": "axis?"}),
    "batch_norm": ({"input": matrix(), "running_mean": np.zeros(3), "running_var": np.ones(3)},
                   {}),
    "group_norm": ({"input": images(), "num_groups": 2}, {}),
    "layer_norm": ({"input": matrix(), "normalized_shape": (3,)}, {}),
    "embedding": ({"input": [0, 1], "weight": Tensor(np.ones((3, 2)))}, {"input": "index"}),
    "one_hot": ({"tensor": [0, 2, 1]}, {"tensor": "index"}),
    "pad": ({"input": matrix(), "pad": (1, 1)}, {}),
    "normalize": ({"input": matrix()}, {}),
    "softmin": ({"input": matrix()}, {}),
}

# Everything else takes its data first and no required argument: F.relu(x), F.softmax(x).
F_SKIPPED = {
    "check_dropout_p": "a helper of nn's modules (p, where), not torch.nn.functional's",
    "class_indices": "a helper of nn's losses, not torch.nn.functional's",
    "softplus_rule": "the rule row (a Primitive) behind F.softplus, not a function",
}

AUTOGRAD_SKIPPED = {
    "draw_graph": "renders with graphviz (tests/test_graph*.py check its arguments)",
    "to_svg": "renders with graphviz (tests/test_graph*.py check its arguments)",
    "save_graph": "renders with graphviz and writes a file (tests/test_graph*.py)",
    "gradcheck": "takes a function to call (tests/test_gradcheck.py check its arguments)",
    "gradgradcheck": "takes a function to call (tests/test_gradcheck.py)",
    "numerical_gradient": "takes a function to call (tests/test_gradcheck.py)",
    "empty_like": "made by zeros_like's code, which the loop checks",
}

# Names a message may give for an op besides its own: an alias names the op it is.
ALIASES: dict[str, tuple[str, ...]] = {
    "clamp": ("clip",), "clamp_": ("clip_",), "clip_": ("clamp_",), "view": ("reshape",),
    "view_as": ("reshape",), "reshape_as": ("reshape",), "swapdims": ("swapaxes",),
    "moveaxis": ("movedim",), "asin": ("arcsin",), "acos": ("arccos",),
    "atan": ("arctan",), "asinh": ("arcsinh",), "acosh": ("arccosh",),
    "atanh": ("arctanh",), "atan2": ("arctan2",), "cat": ("concatenate",),
    "expand_as": ("broadcast_to",), "expand": ("broadcast_to",), "type": ("astype",),
    "type_as": ("astype",),
    "to": ("astype",), "take_along_axis": ("take_along_dim",), "expand_dims": ("unsqueeze",),
    "permute": ("transpose",), "repeat": ("repeat_interleave", "repeat"),
    "__getitem__": ("getitem", "index"), "__setitem__": ("setitem", "index"),
    "sign": ("signum",), "abs": ("absolute",),
    # ops whose rule row is named by its operator
    "floor_divide": ("//",), "remainder": ("%",), "pow": ("**",), "matmul": ("@",),
    "add_": ("+=",), "sub_": ("-=",), "mul_": ("*=",), "div_": ("/=",), "pow_": ("**=",),
    "rand_like": ("rand",), "randn_like": ("randn",), "randint_like": ("randint",),
}

_ = autograd  # the table names autograd's functions by string; the test looks them up
