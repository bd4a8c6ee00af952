"""Every op in the table (tests/op_specs.py), checked three ways with hypothesis in float64:
forward against numpy/math, backward against central differences (gradcheck), and second
derivatives against central differences of first derivatives (gradgradcheck). Then random
composed graphs, scalar and tensor, checked the same way.
"""

import numpy as np
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import autograd
from autograd import Primitive, toposort
from autograd.specs import SPECS, case, leaves
from autograd.testing import check_gradients, expressions, tensor_expressions

CASES = [(spec, kind) for spec in SPECS for kind in spec.kinds]
CASE_IDS = [f"{spec.name}-{kind}" for spec, kind in CASES]


def _call(spec, kind, data, kwargs):
    nodes = leaves(kind, data)
    return nodes, (lambda *xs: spec.fn(*xs, **kwargs))


@pytest.mark.parametrize(("spec", "kind"), CASES, ids=CASE_IDS)
@given(data=st.data())
def test_forward_matches_reference(spec, kind, data):
    inputs, kwargs = data.draw(case(spec, kind), label="inputs, static args")
    nodes, f = _call(spec, kind, inputs, kwargs)
    out = f(*nodes)
    expected = spec.ref(*[np.array(x) for x in inputs], **kwargs)
    assert isinstance(out, type(nodes[0]))
    if kind == "Tensor":
        assert out.dtype == np.float64
        assert out.shape == np.shape(expected)
    else:
        assert type(out.data) is float
    np.testing.assert_allclose(out.data, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(("spec", "kind"), CASES, ids=CASE_IDS)
@given(data=st.data())
def test_backward_matches_central_differences(spec, kind, data):
    inputs, kwargs = data.draw(case(spec, kind), label="inputs, static args")
    nodes, f = _call(spec, kind, inputs, kwargs)
    assert autograd.gradcheck(f, nodes)


@pytest.mark.parametrize(("spec", "kind"), CASES, ids=CASE_IDS)
@given(data=st.data())
def test_second_derivatives_match_central_differences(spec, kind, data):
    inputs, kwargs = data.draw(case(spec, kind), label="inputs, static args")
    nodes, f = _call(spec, kind, inputs, kwargs)
    if not _depends_on_inputs_twice(f, nodes):
        # A linear op's gradient is a constant: gradgradcheck would find nothing to check,
        # so check that the second derivative is exactly zero instead.
        gradients = autograd.grad(_scalar(f(*nodes)), nodes, create_graph=True,
                                  allow_unused=True)
        assert all(g is None or not g._prev for g in gradients)
        return
    assert autograd.gradgradcheck(f, nodes)


def _scalar(out):
    return out if isinstance(out, autograd.Value) else (out * np.cos(np.arange(out.size))
                                                        .reshape(out.shape)).sum()


def _depends_on_inputs_twice(f, nodes):
    gradients = autograd.grad(_scalar(f(*nodes)), nodes, create_graph=True, allow_unused=True)
    return any(g is not None and g._prev for g in gradients)


@given(expressions())
def test_random_scalar_graphs_backward(expr):
    assert check_gradients(expr)


@given(expressions())
def test_random_scalar_graphs_second_derivatives(expr):
    assert check_gradients(expr, second_order=True)


@given(tensor_expressions())
def test_random_tensor_graphs_backward(expr):
    assert check_gradients(expr)


@given(tensor_expressions())
def test_random_tensor_graphs_second_derivatives(expr):
    assert check_gradients(expr, second_order=True)


# One example per row, no shrinking: a primitive without a row is reported in seconds.
FIRST = settings(max_examples=1, database=None, phases=[Phase.generate])


def test_table_covers_every_primitive():
    """Each Primitive (autograd's and nn's) is in the graph of some row of the table."""
    seen = set()
    for spec, kind in CASES:
        inputs, kwargs = find(case(spec, kind), lambda drawn: True, settings=FIRST)
        nodes, f = _call(spec, kind, inputs, kwargs)
        out = f(*nodes)
        for root in out if isinstance(out, tuple) else (out,):
            seen |= {id(node._op) for node in toposort(root)}
    missing = sorted(str(p) for p in _library_primitives() if id(p) not in seen)
    assert missing == []


def _library_primitives():
    """Every Primitive made by autograd's and nn's modules (not by tests or users)."""
    return [p for (module, _), p in Primitive.registry.items()
            if module.split(".")[0] in ("autograd", "nn")]


# Tensor and Value attributes that are not ops on the graph (state, conversions, backward).
NOT_OPS = {"backward", "detach", "item", "numpy", "zero_grad", "requires_grad", "label", "data",
           "grad", "shape", "ndim", "size", "dtype", "is_leaf", "requires_grad_", "numel", "dim",
           "argmax", "argmin",
           # tests of each element: masks with no gradient, as comparisons (test_elementwise.py)
           "isnan", "isinf", "isfinite", "isposinf", "isneginf"}
# No gradient (in-place updates, integer and bool results, facts about the array), or a cast
# to a float type below float64 (float, half), checked in tests/test_dtypes.py instead.
NOT_OPS |= {"add_", "sub_", "mul_", "div_", "pow_", "neg_", "clamp_", "clip_", "copy_", "fill_",
            "zero_", "detach_", "all", "any", "logical_not", "bool", "byte", "char", "short", "int",
            "long", "float", "half", "data_ptr", "device", "element_size", "is_contiguous",
            "is_cuda", "is_floating_point", "ndimension", "tolist", "new_empty", "new_full",
            "new_ones", "new_tensor", "new_zeros"}
# PyTorch's names for the comparisons (x.eq(y) is x == y): masks, no gradient (test_dtypes.py)
NOT_OPS |= {"eq", "ne", "lt", "le", "gt", "ge"}
# Counts, distinct values and a truth value: constants with no gradient (as PyTorch's),
# checked against PyTorch in tests/test_functions_more.py
NOT_OPS |= {"count_nonzero", "unique", "unique_consecutive", "is_nonzero"}
# Random draws of indices (int64, no gradient): tests/test_multinomial.py
NOT_OPS |= {"multinomial"}
# Logic and closeness: bool results (tests/test_hooks_and_logic.py); hooks: the engine's
NOT_OPS |= {"logical_and", "logical_or", "logical_xor", "isclose", "allclose", "equal",
            "register_hook", "retain_grad", "retains_grad"}
# In-place methods (x.exp_(), x.normal_(), ...: tests/test_inplace*.py) and the bitwise ops
# (bool and integer results): no gradient
NOT_OPS |= {n for n in dir(autograd.Tensor) if n.endswith("_") and not n.startswith("_")}
NOT_OPS |= {"bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
            "bitwise_right_shift"}
OPERATORS = {"__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
             "__truediv__", "__rtruediv__", "__pow__", "__rpow__", "__neg__", "__pos__",
             "__abs__", "__matmul__", "__rmatmul__", "__getitem__", "__iter__",
             "__mod__", "__rmod__", "__floordiv__", "__rfloordiv__"}


def test_table_covers_every_public_op():
    """Each public op of Value, Tensor and the autograd module has a row (or rows)."""
    covered = {name for spec in SPECS for name in spec.api}
    public = set()
    for cls in (autograd.Tensor, autograd.Value):
        names = {name for klass in cls.__mro__[:-1] for name in vars(klass)}
        public |= {name for name in names if (not name.startswith("_") or name in OPERATORS)
                   and name not in NOT_OPS}
    public |= {f"autograd.{name}" for name in ("concatenate", "cat", "stack", "where",
                                               "maximum", "minimum", "dot")}
    assert public - covered == set()


def test_flatten_of_a_zero_sized_axis_keeps_the_other_axes():
    """Regression: flatten() reshaped to (-1, 0), which numpy cannot infer for size 0."""
    x = autograd.Tensor(np.zeros((2, 0, 3)), requires_grad=True)
    assert x.flatten(0, 0).shape == (2, 0, 3)
    assert x.flatten(1).shape == (2, 0)
    assert x.flatten().shape == (0,)
