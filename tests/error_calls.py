"""The autograd half of the error sweep's table (tests/error_sweep.py, tests/test_errors.py):
one valid call of each public op that needs arguments, and the kind of each argument whose
name does not tell it (error_cases.KIND_OF tells the rest).

    TENSOR_CALLS, VALUE_CALLS  name: (receiver, {argument: valid value}, {argument: kind});
                               a method not listed is called on matrix() with no arguments
    FUNCTION_CALLS             autograd.<name>: (None, {argument: value}, {argument: kind});
                               a function not listed is the Tensor method's call, the
                               receiver passed first
    CLASS_CALLS                autograd.<Class>: the same, for the classes that take
                               arguments (detect_anomaly, set_detect_anomaly)
    *_OPERATORS                the operators, each with the names a message may give it
    ALIASES, ARG_ALIASES       other names a message may give an op or an argument
"""

from __future__ import annotations

from typing import Any

import numpy as np
from error_calls_inplace import ALIASES as INPLACE_ALIASES
from error_calls_inplace import OPERATORS as INPLACE_OPERATORS
from error_calls_inplace import in_place_calls
from error_cases import INDEX, MASK, batch, bools, leaf_value, matrix, plain, square, vector

from autograd import Tensor, Value

# ---------------------------------------------------------------- valid calls
# name: (receiver or None, {argument: valid value}, {argument: kind the name does not tell});
# a varargs argument's value is the tuple of its values.

TENSOR_CALLS: dict[str, tuple[Any, dict[str, Any], dict[str, str]]] = {
    **{name: (matrix, {"other": 0.5}, {})
       for name in ("arctan2", "atan2", "hypot", "logaddexp", "logaddexp2", "fmod",
                    "remainder", "floor_divide", "maximum", "minimum", "add", "sub", "mul",
                    "div", "true_divide")},
    "clamp_min": (matrix, {"min": 0.0}, {}),
    "clamp_max": (matrix, {"max": 0.0}, {}),
    "mm": (matrix, {"mat2": [[1.0], [2.0], [3.0]]}, {"mat2": "operand"}),
    "mv": (matrix, {"vec": [1.0, 2.0, 3.0]}, {"vec": "operand"}),
    "item": (lambda: Tensor([2.0]), {}, {}),
    # (autograd.multinomial takes this call too, its input the receiver)
    "multinomial": (matrix, {"num_samples": 2}, {"num_samples": "positive",
                                                 "replacement": "flag"}),
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
    "unbind": (matrix, {}, {"dim": "axis"}),
    **{name: (matrix, {"other": 0.5}, {"other": "compare"})
       for name in ("eq", "ne", "lt", "le", "gt", "ge")},
    **{name: (matrix, {"other": 0.5}, {"other": "compare"})
       for name in ("logical_and", "logical_or", "logical_xor", "equal")},
    **{name: (matrix, {"other": 0.5}, {"other": "compare"}) for name in ("isclose", "allclose")},
    "register_hook": (matrix, {"hook": lambda g: None}, {}),
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
    "matrix_power": (square, {"n": 2}, {"n": "int"}),  # a negative power inverts
    "bmm": (batch, {"other": Tensor(np.ones((1, 3, 2)))}, {}),
    "dot": (vector, {"other": [1.0, 2.0, 3.0]}, {}),
    "vdot": (vector, {"other": [1.0, 2.0, 3.0]}, {}),
    "inner": (vector, {"other": [1.0, 2.0, 3.0]}, {}),
    "outer": (vector, {"other": [1.0, 2.0]}, {}),
    "matmul": (matrix, {"other": [1.0, 2.0, 3.0]}, {}),
    "movedim": (matrix, {"source": 0, "destination": 1}, {"source": "axes",
                                                          "destination": "axes"}),
    "moveaxis": (matrix, {"source": 0, "destination": 1}, {"source": "axes",
                                                           "destination": "axes"}),
    "narrow": (matrix, {"dim": 1, "start": 0, "length": 2}, {"start": "int"}),
    "new_full": (matrix, {"size": (2,), "fill_value": 1.0}, {"fill_value": "scalar"}),
    "new_tensor": (matrix, {"data": [1.0]}, {}),
    "new_zeros": (matrix, {"size": (2,)}, {}),
    "new_ones": (matrix, {"size": (2,)}, {}),
    "new_empty": (matrix, {"size": (2,)}, {}),
    "repeat_interleave": (matrix, {"repeats": 2}, {"repeats": "index"}),
    "swapaxes": (matrix, {"axis1": 0, "axis2": 1}, {}),
    "swapdims": (matrix, {"axis1": 0, "axis2": 1}, {}),
    "topk": (matrix, {"k": 2}, {"k": "count"}),
    "unflatten": (matrix, {"dim": 1, "sizes": (3, 1)}, {}),
    "pow": (matrix, {"exponent": 2.0}, {}),
    "reshape": (matrix, {"sizes": (3, 2)}, {"sizes": "shape", "shape": "shape"}),
    "view": (matrix, {"sizes": (3, 2)}, {"sizes": "shape", "size": "shape"}),
    "broadcast_to": (matrix, {"shape": (2, 2, 3)}, {}),
    "expand": (matrix, {"sizes": (2, 2, 3)}, {}),
    "permute": (matrix, {"axes_": (1, 0)}, {"axes_": "axes", "dims": "axes"}),
    "transpose": (matrix, {"axes_": (1, 0)}, {"axes_": "axes", "dim0": "axis", "dim1": "axis"}),
    "tile": (matrix, {"dims": (2,)}, {"dims": "sizes"}),
    "repeat": (matrix, {"sizes": (1, 2)}, {"sizes": "sizes"}),
    "flip": (matrix, {"dims_": (0,)}, {"dims_": "axes", "dims": "axes", "axis": "axes"}),
    # PyTorch's nan=None is 0.0 (numpy's nan= takes a number only)
    "nan_to_num": (matrix, {}, {"nan": "scalar?"}),
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
    # order statistics, summaries, unique (autograd/surface/order_stats.py, statistics.py,
    # unique.py)
    "kthvalue": (matrix, {"k": 2}, {"k": "positive"}),
    "cummax": (matrix, {"dim": 1}, {}),
    "cummin": (matrix, {"dim": 1}, {}),
    "diff": (matrix, {}, {"prepend": "operand", "append": "operand"}),
    **{name: (matrix, {}, {"return_inverse": "flag", "return_counts": "flag"})
       for name in ("unique", "unique_consecutive")},
    "is_nonzero": (lambda: Tensor([2.0]), {}, {}),
    "where": (matrix, {"condition": MASK, "other": 0.0}, {"condition": "data"}),
}
# The in-place forms (x.exp_()), the random fills, bitwise ops, index_add and its kin
TENSOR_CALLS.update(in_place_calls(TENSOR_CALLS))
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
    "and_": ("&", ("bitwise_and",), bools, "bits"),
    "or_": ("|", ("bitwise_or",), bools, "bits"),
    "xor": ("^", ("bitwise_xor",), bools, "bits"),
    # x op= y rebinds x to x op y where it must record (a Value operand): that op's name
    "iadd": ("+=", ("+",), plain, "operand"),
    "isub": ("-=", ("-",), plain, "operand"),
    "imul": ("*=", ("*",), plain, "operand"),
    "itruediv": ("/=", ("/",), plain, "operand"),
    "ipow": ("**=", ("**",), plain, "operand"),
    "imatmul": ("@=", ("@",), lambda: Tensor(np.eye(3)), "operand"),
    **INPLACE_OPERATORS,  # << >> //= %= &= |= ^= <<= >>=
}

VALUE_CALLS: dict[str, tuple[Any, dict[str, Any], dict[str, str]]] = {
    "acosh": (lambda: Value(2.0), {}, {}),
    "arccosh": (lambda: Value(2.0), {}, {}),
    "lerp": (leaf_value, {"end": 1.0, "weight": 0.5}, {"end": "value operand",
                                                       "weight": "value operand"}),
    "pow": (leaf_value, {"exponent": 2.0}, {"exponent": "value operand"}),
    "backward": (lambda: Value(2.0) * Value(3.0), {}, {"grad": "value operand",
                                                        "gradient": "value operand"}),
    "nan_to_num": (leaf_value, {}, {"nan": "scalar?"}),
    "register_hook": (leaf_value, {"hook": lambda g: None}, {}),
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
    **{name: (None, {"input": matrix(), "other": 0.5}, {"other": "compare"})
       for name in ("eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
                    "logical_xor", "equal", "isclose", "allclose")},
    "minimum": (None, {"x": matrix(), "y": 0.5}, {"x": "data"}),
    "true_divide": (None, {"dividend": matrix(), "divisor": 0.5}, {"dividend": "data",
                                                                    "divisor": "operand"}),
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
    "matrix_power": (None, {"x": square(), "n": 2}, {"n": "int"}),
    "matrix_norm": (None, {"x": matrix()}, {"ord": "scalar", "dim": "axis"}),
    "vector_norm": (None, {"x": matrix()}, {}),
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
                        {"axis": "axis?"}),  # numpy's axis=None: flattened
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
    "one_hot": (None, {"tensor": [0, 2, 1]}, {"tensor": "index", "num_classes": "int"}),
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
    # checks against central differences
    **{name: (None, {"f": lambda x: x * x, "inputs": [vector()]},
              {"f": "callable", "inputs": "nodes", "h": "positive scalar", "atol":
               "non-negative", "rtol": "non-negative"})
       for name in ("gradcheck", "gradgradcheck")},
    "numerical_gradient": (None, {"f": lambda x: (x * x).sum(), "x": np.ones(3)},
                           {"f": "callable", "h": "positive scalar"}),
    # the engine, and the name scope nn.Module calls in (any name: its str() is read later)
    "call_in_scope": (None, {"name": "layer", "fn": lambda *args: 1.0},
                      {"name": "anything", "fn": "callable", "args": "anything"}),
    "grad": (None, {"outputs": None, "inputs": None}, {}),  # made per call: see test_errors
    "backward": (None, {"root": None}, {}),
    "toposort": (None, {"root": None}, {}),
    "once_differentiable": (None, {"backward": lambda ctx, g: g}, {"backward": "callable"}),
    "draw_graph": (None, {"root": None}, {"rankdir": "choice", "color_by": "choice",
                                          "max_nodes": "positive?", "legend": "flag",
                                          "timeout": "positive scalar?"}),
    # torch's functions whose arguments differ from the Tensor method's
    "broadcast_to": (None, {"input": matrix(), "size": (2, 2, 3)}, {"size": "shape"}),
    "clamp": (None, {"input": matrix(), "min": 0.0}, {}),
    "clip": (None, {"input": matrix(), "min": 0.0}, {"a_min": "operand", "a_max": "operand"}),
    "softmax": (None, {"input": matrix(), "dim": 1}, {}),
    "log_softmax": (None, {"input": matrix(), "dim": 1}, {}),
    "permute": (None, {"input": matrix(), "dims": (1, 0)}, {"dims": "axes"}),
    **{name: (None, {"input": matrix()}, {"dim": "axis or other"}) for name in ("max", "min")},
    **{name: (None, {"input": matrix()}, {"dim": "axes or unbiased"}) for name in ("var", "std")},
    # transpose(a) reverses the axes; dim0 alone is numpy's axes, with dim1 torch's pair
    "transpose": (None, {"input": matrix()}, {"dim0": "axes", "axes": "axes"}),
    **{name: (None, {"input": matrix()}, {"dim": "axes or unbiased"})
       for name in ("var_mean", "std_mean")},
    **{name: (None, {"tensors": [matrix(), matrix()]}, {})
       for name in ("hstack", "vstack", "row_stack", "dstack", "column_stack")},
    "randperm": (None, {"n": 3}, {}),
    "promote_types": (None, {"type1": np.int32, "type2": np.float32}, {"type1": "dtype",
                                                                         "type2": "dtype"}),
    "can_cast": (None, {"from_": np.int32, "to": np.float32}, {"from_": "dtype",
                                                                "to": "dtype"}),
    "finfo": (None, {"type": np.float32}, {"type": "dtype?"}),
    "iinfo": (None, {"type": np.int16}, {"type": "dtype"}),
    "logspace": (None, {"start": 0.0, "end": 1.0, "steps": 3}, {"start": "scalar",
                                                               "end": "scalar",
                                                               "base": "scalar"}),
    **{name: (None, {"row": 3, "col": 4}, {"row": "count", "col": "count", "offset": "int"})
       for name in ("tril_indices", "triu_indices")},
    "from_numpy": (None, {"ndarray": np.ones(3)}, {"ndarray": "ndarray"}),
    "as_tensor": (None, {"data": [1.0, 2.0]}, {}),
    "is_tensor": (None, {"obj": matrix()}, {"obj": "anything"}),
}
# autograd's classes that take arguments, as FUNCTION_CALLS; test_errors.py makes each and
# exits it at once (set_detect_anomaly takes effect when made: no case may leave it on).
CLASS_CALLS: dict[str, tuple[Any, dict[str, Any], dict[str, str]]] = {
    "detect_anomaly": (None, {}, {"check_nan": "flag"}),
    "set_detect_anomaly": (None, {"mode": False}, {"mode": "flag", "check_nan": "flag"}),
}
# Functions that are Tensor methods on their first argument take the method's valid call.
FUNCTION_RECEIVERS = {"matrix_power": square, "bmm": batch, "dot": vector, "vdot": vector,
                      "inner": vector, "outer": vector}

AUTOGRAD_SKIPPED = {
    "to_svg": "runs graphviz's dot on draw_graph's graph, whose arguments the sweep checks",
    "save_graph": "runs graphviz's dot on draw_graph's graph and writes a file",
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
    "permute": ("transpose",), "transpose": ("permute",),
    "repeat": ("repeat_interleave", "repeat"),
    "__getitem__": ("getitem", "index"), "__setitem__": ("setitem", "index"),
    "sign": ("signum",), "abs": ("absolute",),
    # PyTorch's method spellings of the operators: a message may name the operator's rule
    "add": ("+",), "sub": ("-",), "mul": ("*",), "div": ("/", "//"), "true_divide": ("/",),
    "clamp_min": ("clip",), "clamp_max": ("clip",),
    # ops whose rule row is named by its operator
    "floor_divide": ("//",), "remainder": ("%",), "pow": ("**",), "matmul": ("@",),
    "add_": ("+=",), "sub_": ("-=",), "mul_": ("*=",), "div_": ("/=",), "pow_": ("**=",),
    "rand_like": ("rand",), "randn_like": ("randn",), "randint_like": ("randint",),
    "row_stack": ("vstack",),
    **INPLACE_ALIASES,
}


# Names a message may give for an argument besides its own, for every op or for one.
ARG_ALIASES: dict[object, tuple[str, ...]] = {
    "axes_": ("axes", "dims", "dim", "axis", "dim0", "dim1"),
    "dims_": ("dims", "dim"),
    ("to", "args"): ("dtype", "device"),
    ("einsum", "args"): ("operands", "subscripts", "operand", "sublist"),
    ("randint", "args"): ("low", "high", "size"),
    ("randint_like", "args"): ("low", "high"),
    # torch.max(input, other) and torch.min(input, other): other in dim's place
    ("max", "dim"): ("dim", "other"), ("min", "dim"): ("dim", "other"),
    ("backward", "grad"): ("gradient",),  # the older name of PyTorch's gradient=
    # reshape(2, 3) / view(2, 3) (sizes) and PyTorch's shape= / size= keywords, one shape
    ("reshape", "sizes"): ("shape",), ("view", "sizes"): ("shape", "size"),
    ("view", "size"): ("shape",),
    ("can_cast", "from_"): ("from_",),  # (PyTorch's name, underscore and all)
}
