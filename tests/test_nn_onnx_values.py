"""What nn.export_onnx refuses because the recorded graph read the input's values: the
export runs the model again on the example's values rearranged, scaled and spread apart
(nn/onnx/trace.py), and a graph that changes is a ValueError naming the op."""

import numpy as np
import pytest
from onnx_helpers import assert_same, randn, run

import autograd
import nn
from autograd import Tensor


@pytest.mark.parametrize(("fn", "message"), [
    (lambda x: x * (x > 0), r"a constant of shape \(3, 4\), used by '\*', changed when the "
                            r"input's values were rearranged in reverse order of size"),
    (lambda x: x.max(dim=1).values, r"'getitem'.*indices of x.max\(dim=\)"),
    (lambda x: x.exp() if x.data[0, 0] < -5 else x.tanh(), "'exp' became 'tanh'"),
    (lambda x: x + autograd.randn(4), "constant of shape \\(4,\\)"),
    (lambda x: x.argmax(1), "constant of shape \\(3,\\)"),
    (lambda x: x / x.data.std(), r"constant of shape \(\), used by '/', changed when the "
                                 r"input's values were moved slightly toward their mean"),
    (lambda x: x - x.sum().item(), r"constant of shape \(\), used by '-'"),
])
def test_values_computed_outside_the_graph_are_refused(fn, message):
    x = np.arange(12.0).reshape(3, 4) - 5.5
    with pytest.raises(ValueError, match=message):
        nn.export_onnx(fn, x, None)


def test_a_mask_that_the_whole_example_answers_alike_is_still_refused():
    # leaky_relu selects with x.data > 0: on an example of positive values only, the runs
    # on values times -1000 show it
    x = np.abs(randn(3, 4)) + 0.1
    with pytest.raises(ValueError, match="'where'.*values were multiplied by -1000"):
        nn.export_onnx(nn.functional.leaky_relu, x, None)


@pytest.mark.parametrize("n", range(2, 10))
def test_a_median_is_refused_wherever_it_sits(n):
    # x.median() picks its value with a mask read from x.data. Reversing the order of size
    # leaves the middle value of an odd count in place, so only a shuffle could show it, by
    # luck: a 3x3 example with its median at [0, 2] exported a model that gave 3 for 1..9.
    # Rotating the values in order of size moves every rank, so each position is refused.
    for place in range(n):
        x = np.roll(np.arange(n, dtype=np.float64), place - (n - 1) // 2)
        with pytest.raises(ValueError, match="'where'.*changed when the input's values were"):
            nn.export_onnx(lambda t: t.median(), x, None)


def test_the_median_of_the_bug_report_is_refused():
    x = np.array([[1.0, 2.0, 5.0], [3.0, 4.0, 6.0], [7.0, 8.0, 9.0]])
    with pytest.raises(ValueError, match="'where'.*rotated one place in order of size"):
        nn.export_onnx(lambda t: t.median(), x, None)


def test_a_median_of_one_value_exports():
    # nothing to pick: the graph is the same for every input, and the export is right
    proto = nn.export_onnx(lambda t: t.median(), np.array([[2.5]]), None)
    assert_same(run(proto, np.array([[-7.0]]))[0], np.array(-7.0))


EQUAL_VALUES = [  # (a function that reads values outside the graph, the one value)
    (nn.functional.leaky_relu, 0.0), (lambda t: t.median(), 0.0), (lambda t: t.median(), 1.0),
    (lambda t: t.max(dim=1).values, 0.0), (lambda t: t.max(dim=1).values, 1.0),
    (lambda t: t * t.argmax(), 1.0)]


@pytest.mark.parametrize(("fn", "fill"), EQUAL_VALUES, ids=[
    "leaky_relu-zeros", "median-zeros", "median-ones", "max_dim-zeros", "max_dim-ones",
    "argmax-ones"])
def test_an_example_of_equal_values_hides_no_mask(fn, fill):
    # zeros (or ones) look the same however they are rearranged or scaled: only values
    # spread apart show the mask or the position the graph read from them
    with pytest.raises(ValueError, match="changed when the input's values were spread "
                                         "slightly apart"):
        nn.export_onnx(fn, np.full((3, 4), fill), None)


def test_rotating_in_order_of_size_moves_every_rank():
    x = np.array([[0.5, -2.0, 3.0], [1.0, 7.0, -4.0], [0.0, 2.0, 9.0]])
    rotated = nn.onnx.trace.other_values([x])["rotated one place in order of size"][0]
    assert sorted(rotated.ravel()) == sorted(x.ravel())
    ranks = np.argsort(np.argsort(x.ravel()))
    new_ranks = np.argsort(np.argsort(rotated.ravel()))
    np.testing.assert_array_equal(new_ranks, (ranks - 1) % x.size)


def test_a_model_that_refuses_far_values_still_exports():
    # binary_cross_entropy checks that p is a probability: values times 1000 are not, so
    # those runs tell nothing and are left out
    target = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]])

    def loss(p):
        return nn.functional.binary_cross_entropy(p, target, reduction="none")

    p = np.array([[0.2, 0.9, 0.5], [0.7, 0.1, 0.4]])
    proto = nn.export_onnx(loss, p, None)
    q = np.array([[0.6, 0.3, 0.8], [0.05, 0.95, 0.5]])
    assert_same(run(proto, q)[0], loss(Tensor(q)))
