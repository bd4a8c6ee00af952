"""Value: micrograd's surface, the extra ops, the scalar nn modules, and bad input.

Expected numbers are closed forms worked out by hand (exact with Fraction where the
expression is rational), never our own output.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest

from autograd import Tensor, Value
from nn import MLP, Layer, Module, Neuron

# ------------------------------------------------------------------ micrograd's surface


def test_value_holds_data_and_zero_grad():
    v = Value(2.0)
    assert v.data == 2.0 and type(v.data) is float
    assert v.grad == 0.0
    assert v._prev == () and v._op == ""


def test_int_and_bool_data_become_float():
    assert type(Value(3).data) is float and Value(3).data == 3.0
    assert Value(True).data == 1.0


def test_repr_is_micrographs():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    v = Value(-1.5)
    v.backward()
    assert repr(v) == "Value(data=-1.5, grad=1.0)"


def test_repr_shows_label():
    assert repr(Value(2.0, label="w")) == "Value(data=2.0, grad=0.0, label='w')"
    assert Value(2.0, label="w").label == "w"


def test_result_records_parents_and_op():
    a, b = Value(2.0), Value(3.0)
    c = a * b
    assert c._prev == (a, b) and c._op == "*"
    d = a + b
    assert d._prev == (a, b) and d._op == "+"
    r = a.relu()
    assert r._prev == (a,) and r._op == "ReLU"


@pytest.mark.parametrize(
    "expr, expected",
    [
        (lambda a: a + 3, 5.0),
        (lambda a: 3 + a, 5.0),
        (lambda a: a - 3, -1.0),
        (lambda a: 3 - a, 1.0),
        (lambda a: a * 3, 6.0),
        (lambda a: 3 * a, 6.0),
        (lambda a: a / 4, 0.5),
        (lambda a: 4 / a, 2.0),
        (lambda a: a**3, 8.0),
        (lambda a: 3**a, 9.0),
        (lambda a: -a, -2.0),
        (lambda a: a + Value(3.0), 5.0),
        (lambda a: a - Value(3.0), -1.0),
        (lambda a: a * Value(3.0), 6.0),
        (lambda a: a / Value(4.0), 0.5),
        (lambda a: a ** Value(3.0), 8.0),
    ],
)
def test_operators_with_a_number_or_value_on_either_side(expr, expected):
    out = expr(Value(2.0))
    assert isinstance(out, Value)
    assert out.data == expected


@pytest.mark.parametrize(
    "expr, d_da",
    [
        (lambda a: a + 3, 1.0),
        (lambda a: 3 - a, -1.0),
        (lambda a: a * 3, 3.0),
        (lambda a: 4 / a, -1.0),  # -4 / a**2 at a = 2
        (lambda a: a**3, 12.0),  # 3 a**2
        (lambda a: 3**a, 9.0 * math.log(3.0)),  # 3**a ln 3
        (lambda a: -a, -1.0),
    ],
)
def test_operator_gradients(expr, d_da):
    a = Value(2.0)
    expr(a).backward()
    assert a.grad == pytest.approx(d_da, rel=1e-15)


def test_relu():
    assert Value(-2.0).relu().data == 0.0
    assert Value(3.0).relu().data == 3.0
    neg, pos, kink = Value(-2.0), Value(3.0), Value(0.0)
    for v in (neg, pos, kink):
        v.relu().backward()
    assert (neg.grad, pos.grad, kink.grad) == (0.0, 1.0, 0.0)  # 0 at the kink, as micrograd


def test_relu_of_nan_is_nan():
    # a NaN must not be hidden as 0.0 (micrograd, PyTorch and Tensor.relu give nan)
    assert math.isnan(Value(float("nan")).relu().data)


def test_sum_of_values_starts_from_int_zero():
    xs = [Value(1.0), Value(2.0), Value(3.0)]
    total = sum(xs)
    assert total.data == 6.0
    total.backward()
    assert [x.grad for x in xs] == [1.0, 1.0, 1.0]


def test_micrograd_sanity_check():
    """micrograd's test_sanity_check, with PyTorch's numbers replaced by the closed form.

    x = -4: z = 3x + 2 = -10 (relu(z) = 0), q = z x = 40, h = z**2 = 100,
    y = h + q + q x = -20. dy/dx = 2 z z' + q' + q' x + q with z' = 3, q' = 3x + z = -22:
    -60 - 22 + 88 + 40 = 46.
    """
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    assert y.data == -20.0
    assert x.grad == 46.0


def test_micrograd_more_ops():
    """micrograd's test_more_ops; README numbers g = 24.7041, a.grad = 138.8338, b.grad = 645.5773.

    With a = -4, b = 2 the expression simplifies to c = 3a + 4b + 3 and (relu(a + b) = 0,
    relu(b - a) = b - a) d = 12ab + 12b**3 + b - a; e = c - d, f = e**2, g = f/2 + 10/f.
    dg/de = 2e (1/2 - 10/f**2); de/da = 3 - (12b - 1); de/db = 4 - (12a + 36b**2 + 1).
    """
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()

    fa, fb = Fraction(-4), Fraction(2)
    fc = 3 * fa + 4 * fb + 3
    fd = 12 * fa * fb + 12 * fb**3 + fb - fa
    fe = fc - fd
    ff = fe**2
    dg_de = 2 * fe * (Fraction(1, 2) - 10 / ff**2)
    expected_g = ff / 2 + 10 / ff
    expected_a = dg_de * (3 - (12 * fb - 1))
    expected_b = dg_de * (4 - (12 * fa + 36 * fb**2 + 1))

    assert g.data == pytest.approx(float(expected_g), rel=1e-14)
    assert a.grad == pytest.approx(float(expected_a), rel=1e-14)
    assert b.grad == pytest.approx(float(expected_b), rel=1e-14)
    # and the README's rounded figures
    assert round(g.data, 4) == 24.7041
    assert round(a.grad, 4) == 138.8338
    assert round(b.grad, 4) == 645.5773


# ------------------------------------------------------------------------- more ops


def test_comparisons_look_at_data():
    a, b = Value(2.0), Value(3.0)
    assert a < b and a <= b and b > a and b >= a
    assert a < 3 and a <= 2 and a > 1 and a >= 2
    assert 1 < a and 3 > a  # reflected: Python asks Value.__gt__ / __lt__
    assert not (a > b)
    assert max([a, b]) is b  # so max()/sorted() work on Values
    assert a != Value(2.0)  # == stays identity, as micrograd: nodes live in sets


@pytest.mark.parametrize(
    "method, x, value, derivative",
    [
        ("exp", 0.5, math.exp(0.5), math.exp(0.5)),
        ("log", 2.0, math.log(2.0), 0.5),
        ("sqrt", 4.0, 2.0, 0.25),
        ("tanh", 0.5, math.tanh(0.5), 1 - math.tanh(0.5) ** 2),
        ("sigmoid", 0.5, 1 / (1 + math.exp(-0.5)),
         math.exp(-0.5) / (1 + math.exp(-0.5)) ** 2),
        ("sigmoid", -0.5, 1 / (1 + math.exp(0.5)),
         math.exp(0.5) / (1 + math.exp(0.5)) ** 2),
    ],
)
def test_unary_ops_and_derivatives(method, x, value, derivative):
    v = Value(x)
    out = getattr(v, method)()
    assert out.data == pytest.approx(value, rel=1e-15)
    out.backward()
    assert v.grad == pytest.approx(derivative, rel=1e-14)


def test_abs_and_its_derivative():
    for x, sign in ((-3.0, -1.0), (2.5, 1.0), (0.0, 0.0)):
        v = Value(x)
        out = abs(v)
        assert out.data == abs(x)
        out.backward()
        assert v.grad == sign


def test_sigmoid_is_finite_at_extremes():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    v = Value(-1000.0)
    v.sigmoid().backward()
    assert v.grad == 0.0


def test_power_with_value_exponent_differentiates_both():
    # d/dx x**y = y x**(y-1) = 3 * 4 = 12; d/dy x**y = x**y ln x = 8 ln 2
    x, y = Value(2.0), Value(3.0)
    out = x**y
    assert out.data == 8.0
    out.backward()
    assert x.grad == pytest.approx(12.0, rel=1e-15)
    assert y.grad == pytest.approx(8 * math.log(2.0), rel=1e-15)


def test_number_to_a_value_power():
    # d/dy 2**y = 2**y ln 2
    y = Value(0.5)
    out = 2**y
    assert out.data == pytest.approx(math.sqrt(2.0), rel=1e-15)
    out.backward()
    assert y.grad == pytest.approx(math.sqrt(2.0) * math.log(2.0), rel=1e-15)


def test_constant_power_of_negative_base():
    # an int or float exponent needs no log(x): (-2)**3 and its derivative 3 * 4
    x = Value(-2.0)
    out = x**3
    assert out.data == -8.0
    out.backward()
    assert x.grad == 12.0


# Every kind of number is a constant exponent: no log(x), so a negative base is fine.
@pytest.mark.parametrize("c", [2, 2.0, np.int64(2), np.float64(2), np.float32(2), Fraction(2),
                               np.int32(2)], ids=repr)
def test_any_number_exponent_is_a_constant(c):
    # (-2)**2 = 4, d/dx x**2 = 2x = -4 (PyTorch and micrograd give the same)
    x = Value(-2.0)
    out = x**c
    assert out.data == 4.0 and type(out.data) is float
    assert out._prev == (x,)  # the exponent is not a node
    out.backward()
    assert x.grad == -4.0


def test_numpy_float_exponent_of_a_positive_base():
    # np.float64 ** np.float64 is an np.float64, not a float: it was taken for a complex result
    x = Value(2.0)
    out = x ** np.float64(2)
    assert out.data == 4.0 and type(out.data) is float
    out.backward()
    assert x.grad == 4.0


@pytest.mark.parametrize("c", [Fraction(1, 2), np.float32(0.5), np.float64(0.5)], ids=repr)
def test_fractional_number_exponent(c):
    # 4**0.5 = 2, d/dx x**0.5 = 0.5 / sqrt(x) = 0.25
    x = Value(4.0)
    out = x**c
    assert out.data == 2.0
    out.backward()
    assert x.grad == 0.25


@pytest.mark.parametrize("base", [2, 2.0, np.int64(2), np.float64(2), Fraction(2)], ids=repr)
def test_any_number_to_a_value_power(base):
    # 2**3 = 8, d/dy 2**y = 2**y ln 2
    y = Value(3.0)
    out = base**y
    assert type(out) is Value and out.data == 8.0 and type(out.data) is float
    out.backward()
    assert y.grad == pytest.approx(8 * math.log(2.0), rel=1e-15)


class MyValue(Value):
    pass


def test_subclass_instances_combine():
    # Python tries no reflected method for two operands of one type: __add__ must accept them
    a, b = MyValue(2.0), MyValue(3.0)
    assert (a + b).data == 5.0 and (a - b).data == -1.0 and (a * b).data == 6.0
    assert (a / b).data == pytest.approx(2 / 3, rel=1e-15)
    out = a**b
    assert out.data == 8.0
    out.backward()
    assert a.grad == 12.0  # 3 * 2**2
    assert b.grad == pytest.approx(8 * math.log(2.0), rel=1e-15)


def test_subclass_results_are_plain_values():
    # as engine.apply makes them: binary ops and the other ops agree
    a = MyValue(2.0)
    assert type(a + MyValue(1.0)) is type(a + 1) is type(a.relu()) is type(a**2) is Value


def test_float_conversion():
    assert float(Value(2.5)) == 2.5


# ---------------------------------------------------------------------- nn (scalar)


def _micrograd_init(nin, nouts):
    """micrograd 0.1.0's MLP init: random.uniform(-1, 1) per weight, in order; bias 0."""
    sizes = [nin] + nouts
    layers = []
    for i in range(len(nouts)):
        neurons = [([random.uniform(-1, 1) for _ in range(sizes[i])], 0.0)
                   for _ in range(sizes[i + 1])]
        layers.append((neurons, i != len(nouts) - 1))
    return layers


def _micrograd_forward(layers, x):
    for neurons, nonlin in layers:
        out = []
        for w, b in neurons:
            act = b
            for wi, xi in zip(w, x, strict=True):
                act = act + wi * xi
            out.append(max(act, 0.0) if nonlin else act)
        x = out
    return x[0] if len(x) == 1 else x


def test_mlp_same_seed_gives_micrograds_network():
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    random.seed(1337)
    expected = _micrograd_init(2, [16, 16, 1])

    flat = [p for neurons, _ in expected for w, b in neurons for p in (*w, b)]
    assert [p.data for p in model.parameters()] == flat
    assert len(model.parameters()) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1

    x = [0.3, -1.2]
    out = model(x)
    assert isinstance(out, Value)
    assert out.data == pytest.approx(_micrograd_forward(expected, x), rel=1e-13)


def test_neuron_layer_mlp_signatures_and_reprs():
    random.seed(0)
    n = Neuron(3)
    assert len(n.w) == 3 and n.b.data == 0.0 and n.nonlin is True
    assert n.parameters() == n.w + [n.b]
    assert repr(n) == "ReLUNeuron(3)"
    assert repr(Neuron(2, nonlin=False)) == "LinearNeuron(2)"
    layer = Layer(2, 3, nonlin=False)
    assert repr(layer) == "Layer of [LinearNeuron(2), LinearNeuron(2), LinearNeuron(2)]"
    assert len(layer([1.0, 2.0])) == 3
    assert isinstance(Layer(2, 1)([1.0, 2.0]), Value)  # one neuron: the Value itself
    mlp = MLP(2, [2, 1])
    assert repr(mlp) == ("MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], "
                         "Layer of [LinearNeuron(2)]]")
    assert isinstance(mlp, Module) and Module().parameters() == []


def test_neuron_forward_and_gradients_by_hand():
    random.seed(3)
    n = Neuron(2)
    w0, w1 = n.w[0].data, n.w[1].data
    n.b.data = 5.0  # a positive pre-activation, so ReLU passes the gradient through
    out = n([Value(2.0), 3.0])
    assert out.data == pytest.approx(5.0 + 2.0 * w0 + 3.0 * w1, rel=1e-15)
    out.backward()
    assert [p.grad for p in n.parameters()] == [2.0, 3.0, 1.0]


def test_zero_grad_resets_every_parameter():
    random.seed(1)
    model = MLP(3, [4, 1])
    model([1.0, -2.0, 0.5]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


def test_micrograd_demo_step_lowers_the_loss():
    # micrograd's demo loop on four points: SVM max-margin loss + L2, SGD.
    random.seed(1337)
    model = MLP(2, [8, 1])
    xs = [[1.0, 0.5], [-1.0, -0.5], [0.5, -1.0], [-0.5, 1.0]]
    ys = [1, -1, 1, -1]

    def loss():
        scores = [model(x) for x in xs]
        losses = [(1 + -yi * si).relu() for yi, si in zip(ys, scores, strict=True)]
        return sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())

    first = loss()
    for _ in range(20):
        total = loss()
        model.zero_grad()
        total.backward()
        for p in model.parameters():
            p.data -= 0.05 * p.grad
    assert loss().data < first.data


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "bad, shown",
    [("3", "'3'"), (None, "None"), ([1, 2], r"list \[1, 2\]"),
     (1 + 2j, r"complex \(1\+2j\)")],
)
def test_value_of_a_non_real_is_a_type_error_naming_it(bad, shown):
    with pytest.raises(TypeError, match=rf"Value\(\): data must be a real number, got {shown}"):
        Value(bad)


@pytest.mark.parametrize(
    "expr, message",
    [
        (lambda v: v + "a", r"unsupported operand type\(s\) for \+: 'Value' and 'str'"),
        (lambda v: v * None, r"unsupported operand type\(s\) for \*: 'Value' and 'NoneType'"),
        (lambda v: [1] - v, r"unsupported operand type\(s\) for -: 'list' and 'Value'"),
        (lambda v: v / 1j, r"unsupported operand type\(s\) for /: 'Value' and 'complex'"),
        (lambda v: v < "a", r"'<' not supported between instances of 'Value' and 'str'"),
    ],
)
def test_unsupported_operand_is_pythons_type_error(expr, message):
    with pytest.raises(TypeError, match=message):
        expr(Value(2.0))


def test_mixing_value_and_tensor_is_a_type_error():
    with pytest.raises(TypeError, match="cannot mix Value and Tensor"):
        Value(1.0) + Tensor(1.0)
    with pytest.raises(TypeError, match="cannot mix Value and Tensor"):
        Tensor(1.0) * Value(1.0)


@pytest.mark.parametrize(
    "expr, error, message",
    [
        (lambda: Value(-1.0).log(), ValueError, r"log: undefined for -1\.0 \(needs x > 0\)"),
        (lambda: Value(0.0).log(), ValueError, r"log: undefined for 0\.0"),
        (lambda: Value(-4.0).sqrt(), ValueError, r"sqrt: undefined for -4\.0 \(needs x >= 0"),
        (lambda: Value(0.0) ** -1, ZeroDivisionError, r"\*\*: undefined for 0\.0, -1"),
        (lambda: Value(0.0) ** Value(-1.0), ZeroDivisionError, r"\*\*: undefined for 0\.0, -1\.0"),
        (lambda: Value(1.0) / 0, ZeroDivisionError,
         r"/: undefined for 1\.0, 0\.0 \(needs y != 0\)"),
        (lambda: 2 / Value(0.0), ZeroDivisionError, r"/: undefined for 2\.0, 0\.0"),
        (lambda: Value(1000.0).exp(), OverflowError, r"exp: undefined for 1000\.0"),
        (lambda: Value(10.0) ** 400, OverflowError, r"\*\*: undefined for 10\.0, 400"),
        (lambda: Value(-8.0) ** 0.5, ValueError, r"\*\*: undefined for -8\.0, 0\.5.*complex"),
    ],
)
def test_forward_outside_the_domain_names_op_and_value(expr, error, message):
    with pytest.raises(error, match=message):
        expr()


@pytest.mark.parametrize(
    "build, error, message",
    [
        # sqrt(0) = 0 is fine, its derivative 1 / (2 sqrt(0)) is not
        (lambda x: x.sqrt(), ZeroDivisionError, r"backward of sqrt at 0\.0"),
        (lambda x: x**0.5, ZeroDivisionError, r"backward of \*\* at 0\.0, 0\.5"),
    ],
)
def test_backward_outside_the_domain_names_op_and_value(build, error, message):
    x = Value(0.0)
    out = build(x)
    assert out.data == 0.0
    with pytest.raises(error, match=message):
        out.backward()


def test_zeroth_power_at_zero_has_zero_derivative():
    # c * x**(c-1) with c = 0 is 0 * 0**-1: a ZeroDivisionError although d/dx x**0 = 0
    x = Value(0.0)
    out = x**0
    assert out.data == 1.0
    out.backward()
    assert x.grad == 0.0


def test_an_op_written_micrograds_way_back_propagates():
    # micrograd's (and its video's) way to add an op: a node with a _backward closure.
    def tanh(x):
        t = math.tanh(x.data)
        out = Value(t, (x,), "tanh")

        def _backward():
            x.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out

    a, b = Value(0.3), Value(-1.2)
    y = tanh(a * b) * a + 1
    y.backward()
    expected = Value(0.3), Value(-1.2)
    (expected[0] * expected[1]).tanh().__mul__(expected[0]).__add__(1).backward()
    assert a.grad == pytest.approx(expected[0].grad, rel=1e-12)
    assert b.grad == pytest.approx(expected[1].grad, rel=1e-12)
    assert tanh(a)._op == "tanh" and tanh(a)._prev == (a,)
    # A node made that way without a closure passes nothing back, as in micrograd.
    c = Value(1.0)
    Value(2.0, (c,), "noop").backward()
    assert c.grad == 0.0


def test_value_power_at_a_zero_base_has_pytorchs_derivatives():
    # torch: d/dx and d/dy of x**y at x = 0 are 0 for y = 2 and for y = 0
    for exponent in (2.0, 0.0):
        x, y = Value(0.0), Value(exponent)
        (x**y).backward()
        assert (x.grad, y.grad) == (0.0, 0.0)
    # d/dy x**y = x**y ln x has no real value for x < 0: Python's log raises, named
    x, y = Value(-1.0), Value(2.0)
    out = x**y
    with pytest.raises(ValueError, match=r"backward of \*\* at -1\.0, 2\.0"):
        out.backward()


def test_a_user_primitive_may_give_a_numpy_scalar_and_is_told_off_for_anything_else():
    from autograd import Primitive

    softplus = Primitive("user_softplus", lambda x: np.logaddexp(0.0, x),
                         (lambda g, out, x: g / (1 + np.exp(-x)),))
    out = softplus(Value(0.0))
    assert type(out.data) is float and out.data == 0.6931471805599453
    listed = Primitive("user_listed", lambda x: [x], (lambda g, out, x: g,))
    with pytest.raises(TypeError, match="user_listed: the forward of a Value op must give one "
                                        "real number, got list"):
        listed(Value(1.0))
