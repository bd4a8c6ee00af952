"""Print PyTorch's numbers for tests/test_functions_more.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_functions_more.py \
        > tests/torch_numbers_functions_more.py

(any Python with torch and numpy). Each case is one call of a torch function (or of a
Tensor method, "Tensor.<name>"): its arguments (a Tensor as {"tensor": data, "dtype": ...},
a list of Tensors as a list of those), the outputs (data, dtype and shape of each, and a
named tuple's field names) and, where some input is a float Tensor, the gradient of each such
input after backward of sum_k (out_k * cos(arange(n) + k)) over the float outputs. Inputs
hold ties and NaN, integers and bools, 0-d and empty Tensors, as float literals (repr: exact).
"""

from __future__ import annotations

import math
import pprint

import numpy as np
import torch

torch.set_default_dtype(torch.float64)  # gradproof's default float (x.where(c, 2.5) of ints)
nan = math.nan
_rng = np.random.default_rng(5)


def T(data, dtype="float64"):  # noqa: N802 (a Tensor argument, as the test spells it)
    return {"tensor": data, "dtype": dtype}


def ties(*shape):
    """Small integers as floats: many ties, so indices among them are PyTorch's choice."""
    return _rng.integers(0, 3, shape).astype(float).tolist()


def normal(*shape):
    return np.round(_rng.standard_normal(shape), 3).tolist()


X = [[3.0, 1.0, 2.0, 1.0], [0.0, 5.0, 5.0, 4.0]]
XN = [[1.0, nan, 0.0], [2.0, 0.0, nan]]
M = [[1.0, 4.0, 0.0], [2.0, 0.0, 7.0]]

CASES = {
    # kthvalue: ties (PyTorch's quickselect picks the index), NaN the largest, ints, 0-d
    "kthvalue ties": ("kthvalue", [T(X), 2], {"dim": 1}),
    "kthvalue keepdim": ("kthvalue", [T(X), 3, 1, True], {}),
    "kthvalue dim 0": ("kthvalue", [T(X), 1], {"dim": 0}),
    "kthvalue default dim": ("kthvalue", [T(X), 4], {}),
    "kthvalue many ties": ("kthvalue", [T(ties(4, 13)), 6], {"dim": 1}),
    "kthvalue many ties dim 0": ("kthvalue", [T(ties(9, 3)), 4], {"dim": 0}),
    "kthvalue one row of ties": ("kthvalue", [T([0.0] * 2 + [1.0] + [0.0] * 26), 17], {}),
    "kthvalue nan": ("kthvalue", [T([[1.0, nan, 0.0], [2.0, 3.0, 1.0]]), 3, 1], {}),
    "kthvalue nan ties": ("kthvalue", [T([nan, 1.0, nan, 1.0, nan]), 4], {}),
    "kthvalue int": ("kthvalue", [T([[1, 5, 2]], "int64"), 2, 1], {"keepdim": True}),
    "kthvalue 0-d": ("kthvalue", [T(3.0), 1], {}),
    # cummax and cummin: a tie moves the index on; NaN takes over
    "cummax": ("cummax", [T(X), 1], {}),
    "cummax dim 0": ("cummax", [T(X)], {"dim": 0}),
    "cummin": ("cummin", [T(X), 1], {}),
    "cummax nan": ("cummax", [T([1.0, nan, 3.0, nan, 0.0]), 0], {}),
    "cummin nan": ("cummin", [T([1.0, nan, 3.0, nan, 0.0]), 0], {}),
    "cummax ties 3-d": ("cummax", [T(ties(2, 5, 3)), 1], {}),
    "cummin ties 3-d": ("cummin", [T(ties(2, 5, 3)), -1], {}),
    "cummax int": ("cummax", [T([1, 5, 2, 5], "int64"), 0], {}),
    "cummin bool": ("cummin", [T([True, False, True], "bool"), 0], {}),
    "cummax 0-d": ("cummax", [T(3.0), 0], {}),
    # aminmax: ties share the gradient
    "aminmax": ("aminmax", [T(X)], {}),
    "aminmax dim": ("aminmax", [T(X)], {"dim": 1, "keepdim": True}),
    "aminmax dim -1": ("aminmax", [T(ties(3, 4))], {"dim": -1}),
    "aminmax keepdim": ("aminmax", [T(X)], {"keepdim": True}),
    "aminmax int": ("aminmax", [T([1, 5, -2], "int64")], {}),
    "aminmax bool": ("aminmax", [T([True, False], "bool")], {}),
    "aminmax nan": ("aminmax", [T([1.0, nan, 3.0])], {}),
    "aminmax 0-d": ("aminmax", [T(3.0)], {"dim": 0, "keepdim": True}),
    # count_nonzero: int64, NaN counts
    "count_nonzero": ("count_nonzero", [T(XN)], {}),
    "count_nonzero dim": ("count_nonzero", [T(XN), 1], {}),
    "count_nonzero dims": ("count_nonzero", [T(XN)], {"dim": (0, 1)}),
    "count_nonzero dim list": ("count_nonzero", [T(XN)], {"dim": [0]}),
    "count_nonzero bool": ("count_nonzero", [T([True, False, True], "bool")], {}),
    # nansum and nanmean: NaN is 0 (gradient 0 there)
    "nansum": ("nansum", [T(XN)], {}),
    "nansum dim": ("nansum", [T(XN), 1], {}),
    "nansum keepdim dtype": ("nansum", [T(XN)], {"dim": 1, "keepdim": True,
                                                  "dtype": "float32"}),
    "nansum int32": ("nansum", [T([1, 2, 3], "int32")], {}),
    "nansum bool": ("nansum", [T([True, True], "bool")], {}),
    "nanmean": ("nanmean", [T(XN)], {}),
    "nanmean dim": ("nanmean", [T(XN), 1], {}),
    "nanmean all nan": ("nanmean", [T([[nan, nan], [1.0, 2.0]]), 1], {}),
    "nanmean dims keepdim": ("nanmean", [T(normal(2, 3, 2))], {"dim": (0, 2),
                                                                 "keepdim": True}),
    # var_mean and std_mean: PyTorch's correction=1 by default, its older spellings
    "var_mean": ("var_mean", [T(M)], {}),
    "var_mean dim keepdim": ("var_mean", [T(M), 1], {"keepdim": True}),
    "var_mean dim unbiased keepdim": ("var_mean", [T(M), 1, True, True], {}),
    "var_mean unbiased": ("var_mean", [T(M), False], {}),
    "var_mean correction": ("var_mean", [T(normal(3, 4))], {"dim": 0, "correction": 0}),
    "var_mean fractional correction": ("var_mean", [T(M)], {"correction": 2.5}),
    "var_mean dims": ("var_mean", [T(normal(2, 3, 2)), [0, 2]], {}),
    "std_mean": ("std_mean", [T(M), 1], {}),
    "std_mean all": ("std_mean", [T(normal(3, 3))], {}),
    "std_mean correction": ("std_mean", [T(M)], {"dim": 0, "correction": 0}),
    # diff: n, dim, prepend and append (gradients to them too), ints wrap, bools xor
    "diff": ("diff", [T(X)], {}),
    "diff n 2": ("diff", [T(X), 2], {}),
    "diff dim 0": ("diff", [T(X)], {"dim": 0}),
    "diff n 3 dim 1": ("diff", [T(normal(3, 5)), 3, 1], {}),
    "diff n too large": ("diff", [T(X)], {"n": 5}),
    "diff n 0": ("diff", [T(X), 0], {}),
    "diff prepend append": ("diff", [T(X), 2, 1, T([[1.0], [2.0]]), T([[0.5, -1.0], [3.0, 2.0]])],
                            {}),
    "diff prepend dim 0": ("diff", [T(X)], {"dim": 0, "prepend": T([[2.0, 0.0, 1.0, 7.0]])}),
    "diff int": ("diff", [T([1, 5, 2], "int64")], {}),
    "diff uint8": ("diff", [T([1, 5, 2], "uint8")], {}),
    "diff bool": ("diff", [T([True, False, False, True], "bool")], {}),
    "diff int float prepend": ("diff", [T([1, 5, 2], "int64")], {"prepend": T([1.5])}),
    # unique and unique_consecutive: constants
    "unique": ("unique", [T([2, 1, 3, 1, 2, 2, 0], "int64")], {}),
    "unique inverse counts": ("unique", [T([2, 1, 3, 1, 2, 2, 0], "int64")],
                              {"return_inverse": True, "return_counts": True}),
    "unique unsorted": ("unique", [T([3.0, 1.0, 2.0, 1.0])], {"sorted": False,
                                                                "return_inverse": True}),
    "unique 2-d inverse": ("unique", [T([[1.0, 2.0], [1.0, 2.0], [0.0, 5.0]])],
                           {"return_inverse": True}),
    "unique dim 0": ("unique", [T([[1.0, 2.0], [1.0, 2.0], [0.0, 5.0]])],
                     {"dim": 0, "return_inverse": True, "return_counts": True}),
    "unique dim -1": ("unique", [T([[1, 2, 1], [0, 2, 0]], "int64")],
                      {"dim": -1, "return_inverse": True, "return_counts": True}),
    "unique nan": ("unique", [T([3.0, nan, 1.0, nan, 3.0])], {"return_counts": True}),
    "unique 0-d": ("unique", [T(5.0)], {"return_inverse": True}),
    "unique empty": ("unique", [T([])], {"return_inverse": True, "return_counts": True}),
    "unique bool": ("unique", [T([True, False, True], "bool")], {}),
    "unique uint8": ("unique", [T([3, 1, 3], "uint8")], {"return_counts": True}),
    "unique ties random dim 1": ("unique", [T(ties(3, 8))], {"dim": 1,
                                                             "return_inverse": True}),
    "unique_consecutive": ("unique_consecutive", [T([2, 1, 3, 1, 2, 2, 0], "int64")],
                           {"return_inverse": True, "return_counts": True}),
    "unique_consecutive dim 0": ("unique_consecutive",
                                 [T([[1, 2], [1, 2], [0, 5], [1, 2]], "int64")],
                                 {"dim": 0, "return_counts": True}),
    "unique_consecutive 2-d": ("unique_consecutive", [T([[1, 2], [1, 2], [3, 4]], "int64")],
                               {"return_inverse": True}),
    "unique_consecutive nan": ("unique_consecutive", [T([1.0, nan, nan, 1.0])],
                               {"return_counts": True}),
    "unique_consecutive 0-d": ("unique_consecutive", [T(5.0)],
                               {"return_inverse": True, "return_counts": True}),
    # joining
    "hstack 1-d": ("hstack", [[T([1.0, 2.0]), T([3.0, 4.0, 5.0])]], {}),
    "hstack 0-d": ("hstack", [[T(1.0), T([2.0, 3.0])]], {}),
    "hstack 2-d": ("hstack", [[T(normal(2, 3)), T(normal(2, 1))]], {}),
    "hstack mixed dtypes": ("hstack", [[T([1, 2], "int64"), T([1.5])]], {}),
    "vstack": ("vstack", [[T([1.0, 2.0]), T(normal(2, 2))]], {}),
    "vstack 0-d": ("vstack", [[T(1.0), T(2.0)]], {}),
    "row_stack": ("row_stack", [[T([1.0, 2.0]), T([7.0, 8.0])]], {}),
    "dstack 1-d": ("dstack", [[T([1.0, 2.0]), T([3.0, 4.0])]], {}),
    "dstack 2-d 3-d": ("dstack", [[T(normal(2, 3)), T(normal(2, 3, 2))]], {}),
    "column_stack": ("column_stack", [[T([1.0, 2.0]), T(normal(2, 3)), T([7.0, 8.0])]], {}),
    "column_stack 0-d": ("column_stack", [[T(1.0), T([2.0])]], {}),
    "column_stack 3-d": ("column_stack", [[T(normal(2, 3, 4)), T(normal(2, 1, 4))]], {}),
    # repeat_interleave(repeats) alone
    "repeat_interleave repeats": ("repeat_interleave", [T([2, 0, 3], "int64")], {}),
    "repeat_interleave int32": ("repeat_interleave", [T([2, 1], "int32")], {}),
    "repeat_interleave empty": ("repeat_interleave", [T([], "int64")], {}),
    # x.where(condition, y)
    "Tensor.where": ("Tensor.where", [T(M), T([[True, False, True], [False, False, True]],
                                               "bool"), T([0.5, -1.0, 2.0])], {}),
    "Tensor.where scalar": ("Tensor.where", [T(M), T([[True], [False]], "bool"), 0.25], {}),
    "Tensor.where int": ("Tensor.where", [T([1, 2, 3], "int64"), T([True, False, True], "bool"),
                                          2.5], {}),
}


# A long row of ties for kthvalue: 462 ones among 1000 zeros and ones, and the k asked
LONG_ROW = (np.arange(1000) * 7919 % 13 < 6).astype(float)
LONG_ROW_KS = (1, 300, 538, 539, 700, 1000)


def build(arg):
    """An argument for torch: Tensors from their specs (float ones require grad)."""
    if isinstance(arg, dict) and "tensor" in arg:
        t = torch.tensor(arg["tensor"], dtype=getattr(torch, arg["dtype"]))
        return t.requires_grad_() if t.is_floating_point() else t
    if isinstance(arg, list) and arg and isinstance(arg[0], dict):
        return [build(a) for a in arg]
    return getattr(torch, arg) if isinstance(arg, str) else arg


def leaves(args):
    flat = [a for arg in args for a in (arg if isinstance(arg, list) else [arg])]
    return [a for a in flat if isinstance(a, torch.Tensor) and a.requires_grad]


def run(name, args, kwargs):
    targs = [build(a) for a in args]
    tkwargs = {k: build(v) for k, v in kwargs.items()}
    if name.startswith("Tensor."):
        out = getattr(targs[0], name[len("Tensor."):])(*targs[1:], **tkwargs)
    else:
        out = getattr(torch, name)(*targs, **tkwargs)
    outs = list(out) if isinstance(out, tuple) else [out]
    # (unique's outputs require grad in PyTorch, but its backward is not implemented)
    differentiable = not name.startswith("unique")
    loss = sum((o.double() * torch.cos(torch.arange(o.numel(), dtype=torch.float64) + k)
                .reshape(o.shape)).sum()
               for k, o in enumerate(outs) if o.requires_grad and differentiable)
    grads = []
    inputs = leaves(targs) + leaves(list(tkwargs.values()))
    if inputs and not isinstance(loss, int):
        grads = [g.tolist() for g in torch.autograd.grad(loss, inputs)]
    return {
        "outputs": [(o.detach().tolist(), str(o.dtype).replace("torch.", ""), tuple(o.shape))
                    for o in outs],
        # a named tuple's field names (torch.return_types: a structseq), [] for a plain tuple
        "fields": list(getattr(type(out), "__match_args__", ())) if isinstance(out, tuple)
        else None,
        "grads": grads,
        # (repeat_interleave(repeats) alone is torch's function only)
        "method": hasattr(torch.Tensor, name) and name != "repeat_interleave",
    }


if __name__ == "__main__":
    long_row = [torch.kthvalue(torch.tensor(LONG_ROW), k).indices.item() for k in LONG_ROW_KS]
    numbers = {}
    for case, (name, args, kwargs) in CASES.items():
        numbers[case] = {"fn": name, "args": args, "kwargs": kwargs, **run(name, args, kwargs)}
    print(f'"""PyTorch {torch.__version__}\'s numbers for tests/test_functions_more.py.\n\n'
          'Printed by tests/torch_reference_functions_more.py: do not edit by hand.\n"""\n\n'
          "import math\n\nnan = math.nan\n\n"
          f"TORCH_CASES = {pprint.pformat(numbers, width=96, sort_dicts=False)}\n\n"
          "# torch.kthvalue(LONG_ROW, k).indices for each k of LONG_ROW_KS\n"
          f"TORCH_KTH_LONG_ROW = {long_row}")
