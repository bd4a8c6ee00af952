"""The public strategies in autograd.testing have tests of their own: they keep to each op's
domain, build shared nodes and diamonds, broadcast, and print rebuildable code. Also the
documented example of a user verifying an op of their own, and docs/verification.md run."""

import math
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import autograd
from autograd import GradcheckError, Primitive, Tensor, Value, ops
from autograd.specs import SPECS_BY_NAME, OpSpec, no_static, op
from autograd.testing import (
    DOMAIN_MARGIN,
    KINK_MARGIN,
    TENSOR_OPS,
    VALUE_OPS,
    Expression,
    broadcastable_tensors,
    check_gradients,
    expressions,
    tensor_expressions,
    tensors,
    values,
)

# find() stops at the first hit; the budget only matters if the strategy cannot produce one.
FIND = settings(database=None, max_examples=1000)


def test_import_autograd_does_not_import_hypothesis():
    code = "import autograd, sys; assert 'hypothesis' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


@given(values(-2.0, 3.0, away_from=[0.0, 1.0], margin=0.05))
def test_values_stay_in_range_and_away_from_kinks(x):
    assert isinstance(x, Value) and x.grad == 0.0
    assert -2.0 <= x.data <= 3.0
    assert abs(x.data) >= 0.05 and abs(x.data - 1.0) >= 0.05


def _far_enough(x, lo, hi, points, margin):
    # exact: the float 1.0 - 1e-300 is 1.0, although 1e-300 is within 1.0 of 1.0
    return lo <= x <= hi and all(abs(Fraction(x) - Fraction(p)) >= Fraction(margin)
                                 for p in points)


def _some_allowed(lo, hi, points, margin):
    """Brute force: an allowed value, if any, lies within a few ulps of lo, hi or p ± margin."""
    for x in [lo, hi] + [p + s * margin for p in points for s in (1, -1)]:
        for direction in (math.inf, -math.inf):
            for _ in range(4):
                if _far_enough(x, lo, hi, points, margin):
                    return True
                x = math.nextafter(x, direction)
    return False


@settings(max_examples=300)
@given(st.floats(-3, 3), st.floats(0, 3), st.lists(st.floats(-4, 4), max_size=4),
       st.floats(0, 1), st.data())
def test_values_keep_range_and_margin_or_refuse(lo, width, points, margin, data):
    # Kinks closer than 2 * margin, and ranges narrower than the margin, are the hard cases.
    hi = lo + width
    try:
        strategy = values(lo, hi, away_from=points, margin=margin)
    except ValueError as e:
        assert "no number in" in str(e)
        assert not _some_allowed(lo, hi, points, margin)
        return
    x = data.draw(strategy).data
    assert _far_enough(x, lo, hi, points, margin)
    assert all(abs(x - p) >= margin for p in points)  # so also as a test would check it


def test_values_near_two_close_kinks():
    # the audit's cases: pushing away from 0.015 moved 0.005 back near 0; and out of range
    @given(values(-1, 1, away_from=[0.0, 0.015]))
    def check(x):
        assert abs(x.data) >= KINK_MARGIN and abs(x.data - 0.015) >= KINK_MARGIN

    check()
    with pytest.raises(ValueError, match=r"no number in \[-0.005, 0.005\]"):
        values(-0.005, 0.005, away_from=[0.0])
    assert find(values(-0.01, 0.01, away_from=[0.0]), lambda x: True).data in (-0.01, 0.01)
    assert find(values(0.0, 0.0, away_from=[-0.0], margin=0.0), lambda x: True).data == 0.0


def _node_data(expr):
    """Every node (inputs, then each step), as the expression computes them."""
    return expr.nodes(*expr.leaves())


@given(expressions(max_ops=10))
def test_expressions_keep_every_op_inside_its_domain(expr):
    nodes = _node_data(expr)
    for step in expr.steps:
        operands = [nodes[i].data for i in step.operands]
        assert step.op.admits(operands, step.static), (step.op.name, operands)
        if step.op.name in ("log", "sqrt"):
            assert operands[0] >= DOMAIN_MARGIN
        if step.op.name == "div":
            assert abs(operands[-1]) >= DOMAIN_MARGIN
        if step.op.name in ("relu", "abs"):
            assert abs(operands[0]) >= KINK_MARGIN
    assert all(np.isfinite(n.data) and abs(n.data) <= 100 for n in nodes)


@given(tensor_expressions())
def test_tensor_expressions_keep_every_op_inside_its_domain(expr):
    nodes = _node_data(expr)
    for step in expr.steps:
        operands = [nodes[i].data for i in step.operands]
        assert step.op.admits(operands, step.static)
        if step.op.name in ("maximum", "minimum"):
            assert np.all(np.abs(operands[0] - operands[1]) >= KINK_MARGIN)
        if step.op.name in ("log", "sqrt"):
            assert np.all(operands[0] >= DOMAIN_MARGIN)
    assert all(np.all(np.isfinite(n.data)) for n in nodes)


def _has_diamond(expr):
    """Some node is read twice and both paths meet again in the result."""
    return any(count >= 2 for count in expr.uses()[:-1]) and len(expr.steps) >= 2


def test_expressions_share_nodes_and_build_diamonds():
    diamond = find(expressions(), _has_diamond, settings=FIND)
    # e.g. t0 = x0 * x0; t1 = t0.exp(); t2 = t0 + t1: t0 reaches t2 by two paths
    assert max(diamond.uses()) >= 2
    shared_inner = find(expressions(min_ops=3), lambda e: any(
        e.uses()[i] >= 2 for i in range(len(e.inputs), len(e.uses()))),
        settings=FIND)
    assert any(count >= 2 for count in shared_inner.uses()[len(shared_inner.inputs):])


@given(expressions())
def test_every_node_of_an_expression_reaches_its_result(expr):
    read = {i for step in expr.steps for i in step.operands} | set(expr.outputs)
    assert read >= set(range(len(expr.inputs), len(expr.inputs) + len(expr.steps)))
    # and so each step's node is in the result's graph
    out = expr(*expr.leaves())
    assert len([n for n in autograd.toposort(out) if n._prev]) >= len(expr.steps)


def _always_fits(name):
    """A row any inputs in [0.5, 1.5] of any shape fit (the others need a shape, an axis
    that exists, or a gap between values)."""
    spec = SPECS_BY_NAME[name]
    any_shape = OpSpec.__dataclass_fields__["shapes"].default
    return (spec.arity == 1 and spec.safe is None and spec.static is no_static
            and spec.shapes is any_shape and spec.elements(0).admits(np.array([0.5, 1.5])))


@settings(max_examples=len(VALUE_OPS) * 2)
@given(st.sampled_from(VALUE_OPS), st.data())
def test_expressions_draw_each_op_asked_for(name, data):
    expr = data.draw(expressions(ops=[name], min_value=0.5, max_value=1.5))
    names = {step.op.name for step in expr.steps}
    assert names == {name} if _always_fits(name) else names <= {name}


@settings(max_examples=len(TENSOR_OPS) * 2)
@given(st.sampled_from(TENSOR_OPS), st.data())
def test_tensor_expressions_draw_each_op_asked_for(name, data):
    expr = data.draw(tensor_expressions(ops=[name], min_value=0.5, max_value=1.5))
    names = {step.op.name for step in expr.steps}
    assert names == {name} if _always_fits(name) else names <= {name}


# find() without shrinking: the first graph that uses the op will do. Derandomized, so a
# row that is hard to reach fails (or passes) every run, not one run in many.
REACH = settings(database=None, max_examples=400, phases=[Phase.generate], derandomize=True)


@pytest.mark.parametrize(("strategy", "name"), [(expressions, name) for name in VALUE_OPS]
                         + [(tensor_expressions, name) for name in TENSOR_OPS])
def test_random_graphs_reach_every_row_of_the_table(strategy, name):
    # A row's op is drawn with no other edit; those that need a shape or an axis get one
    # from the shape ops drawn beside them.
    helpers = [] if strategy is expressions else ["transpose", "unsqueeze", "reshape"]
    find(strategy(ops=[name, *helpers], min_ops=2),
         lambda e: any(s.op.name == name for s in e.steps), settings=REACH)


def test_unknown_op_names_are_an_error():
    with pytest.raises(ValueError, match=r"unknown ops \['matmul'\]"):
        expressions(ops=["matmul"])  # a Tensor op: not among the Value ops
    with pytest.raises(ValueError, match=r"unknown ops \['conv'\]"):
        tensor_expressions(ops=["conv"])


@given(expressions())
def test_expression_repr_is_code_that_rebuilds_it(expr):
    assert _rebuild(expr) == pytest.approx(expr(*expr.leaves()).data, rel=1e-12, abs=1e-12)


@given(tensor_expressions())
def test_tensor_expression_repr_is_code_that_rebuilds_it(expr):
    np.testing.assert_allclose(_rebuild(expr), expr(*expr.leaves()).data, rtol=1e-12)


def _rebuild(expr):
    header, *body = repr(expr).splitlines()
    assert header.startswith("Expression(inputs=[")
    namespace = {"np": np, "op": op}
    exec("\n".join(line[4:] for line in body), namespace)
    return namespace["f"](*expr.leaves()).data


@given(tensors(shape=(2, 3), min_value=0.5, max_value=1.0))
def test_tensors_take_a_shape_and_a_range(x):
    assert isinstance(x, Tensor) and x.requires_grad
    assert x.shape == (2, 3) and x.dtype == np.float64
    assert np.all((x.data >= 0.5) & (x.data <= 1.0))


@given(tensors(dtype=np.float32, min_side=0, requires_grad=False))
def test_tensors_keep_float32_and_allow_empty_axes(x):
    assert x.dtype == np.float32 and not x.requires_grad
    assert x.ndim <= 3 and all(n <= 4 for n in x.shape)


def test_tensors_can_have_empty_axes():
    x = find(tensors(min_side=0, min_dims=1), lambda t: t.size == 0,
             settings=FIND)
    assert 0 in x.shape


@given(tensors(elements=st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0]), shape=st.just((4,)),
               unique=True))
def test_tensors_take_elements_and_unique(x):
    assert len(set(x.data.tolist())) == 4 and set(x.data.tolist()) <= {1.0, 2.0, 3.0, 4.0, 5.0}


@given(broadcastable_tensors(3))
def test_broadcastable_tensors_broadcast(xs):
    assert len(xs) == 3 and all(isinstance(x, Tensor) for x in xs)
    shape = np.broadcast_shapes(*[x.shape for x in xs])
    assert (xs[0] + xs[1] * xs[2]).shape == shape


def test_broadcastable_tensors_differ_in_shape():
    xs = find(broadcastable_tensors(2, min_dims=2), lambda xs: xs[0].shape != xs[1].shape,
              settings=FIND)
    assert 1 in xs[0].shape + xs[1].shape


def test_check_gradients_needs_inputs_unless_given_an_expression():
    with pytest.raises(TypeError, match="pass the inputs"):
        check_gradients(lambda x: x)
    expr = Expression([0.5], [], [0])
    assert check_gradients(expr)


# -------------------------------------------------------- a user verifying their own op
# The documented example (docs/verification.md): softplus, composed and as a Primitive.


def softplus(x):
    return (1 + x.exp()).log()


def _softplus_data(x):
    return np.logaddexp(0.0, x) if isinstance(x, np.ndarray) else float(np.logaddexp(0.0, x))


softplus_op = Primitive("softplus", _softplus_data, (lambda g, out, x: g * ops.sigmoid(x),))
# The same op with a wrong rule (exp instead of sigmoid): the strategies must catch it.
wrong_softplus_op = Primitive("softplus", _softplus_data, (lambda g, out, x: g * ops.exp(x),))


@given(values(-5, 5))
def test_user_softplus_gradients(x):
    check_gradients(softplus, [x], second_order=True)
    check_gradients(softplus_op, [x], second_order=True)


@given(tensors(min_value=-5, max_value=5))
def test_user_softplus_primitive_on_tensors(x):
    check_gradients(softplus_op, [x], second_order=True)
    np.testing.assert_allclose(softplus_op(x).data, softplus(x).data, rtol=1e-12)


def test_user_wrong_rule_is_caught_with_a_readable_example():
    @given(values(-5, 5))
    def check(x):
        check_gradients(wrong_softplus_op, [x])

    with pytest.raises(GradcheckError, match="back-propagation gives .* central difference"):
        check()
