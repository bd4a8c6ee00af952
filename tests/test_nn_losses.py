"""nn losses: the losses lesson's worked numbers, closed forms, reductions, gradients, bad input."""

import math

import numpy as np
import pytest

import nn
from autograd import Tensor, Value, gradcheck, gradgradcheck

F = nn.functional  # PyTorch's habit: F.cross_entropy

RNG = np.random.default_rng(0)
T = np.eye(10)[6]  # the losses lesson: the one-hot target at index 6
Y_GOOD = [0.1, 0.01, 0.05, 0.2, 0.14, 0.07, 0.6, 0.3, 0.1, 0.1]
Y_BAD = [0.1, 0.01, 0.6, 0.2, 0.14, 0.07, 0.05, 0.3, 0.1, 0.1]


# ------------------------------------------------------------- the losses lesson's numbers


@pytest.mark.parametrize("y, mse, cee", [
    (Y_GOOD, 0.03471, 0.510825457099338),
    (Y_BAD, 0.14471, 2.9957302735559908),
])
def test_seed_000_worked_numbers(y, mse, cee):
    assert F.mse_loss(Tensor(y), T).item() == pytest.approx(mse, rel=1e-12)
    assert nn.MSELoss()(Tensor(y), Tensor(T)).item() == pytest.approx(mse, rel=1e-12)
    assert F.cross_entropy_error(Tensor(y), T).item() == pytest.approx(cee, rel=1e-14)
    assert F.cross_entropy_error(Tensor(y), 6).item() == pytest.approx(cee, rel=1e-14)
    assert nn.CrossEntropyError()(Tensor(y), T).item() == pytest.approx(cee, rel=1e-14)
    # the textbook SSE is half the summed squares: 10 elements, so 5x the mean
    assert F.sum_squared_error(Tensor(y), T).item() == pytest.approx(5 * mse, rel=1e-12)


def test_cross_entropy_error_guard_keeps_log_of_zero_finite():
    loss = F.cross_entropy_error(Tensor([1.0, 0.0]), [0.0, 1.0])
    assert loss.item() == pytest.approx(-math.log(1e-7))


def test_cross_entropy_error_batch_mean_over_samples():
    y = Tensor([Y_GOOD, Y_BAD])
    assert F.cross_entropy_error(y, [6, 6]).item() == pytest.approx(
        (0.510825457099338 + 2.9957302735559908) / 2)
    assert F.cross_entropy_error(y, [6, 6], reduction="none").data.tolist() == pytest.approx(
        [0.510825457099338, 2.9957302735559908])


# ---------------------------------------------------------- closed forms, reductions

X = RNG.standard_normal((4, 3))
Y = RNG.standard_normal((4, 3))


@pytest.mark.parametrize("loss, per_element", [
    (F.mse_loss, (X - Y) ** 2),
    (F.l1_loss, np.abs(X - Y)),
    (F.hinge_loss, np.maximum(1 - X * np.sign(Y), 0)),
])
def test_elementwise_losses_and_their_reductions(loss, per_element):
    target = np.sign(Y) if loss is F.hinge_loss else Y
    assert loss(Tensor(X), target).item() == pytest.approx(per_element.mean(), rel=1e-14)
    assert loss(Tensor(X), target, reduction="sum").item() == pytest.approx(per_element.sum())
    assert np.allclose(loss(Tensor(X), target, reduction="none").data, per_element)


def test_rmse_is_the_root_of_the_mse():
    assert F.rmse_loss(Tensor(X), Y).item() == pytest.approx(math.sqrt(((X - Y) ** 2).mean()))
    assert nn.RMSELoss()(Tensor(X), Y).item() == F.rmse_loss(Tensor(X), Y).item()


def _log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def test_cross_entropy_with_class_indices_and_with_probabilities():
    logits = RNG.standard_normal((5, 4))
    classes = np.array([0, 3, 1, 1, 2])
    per_sample = -_log_softmax(logits)[np.arange(5), classes]
    assert F.cross_entropy(Tensor(logits), classes).item() == pytest.approx(per_sample.mean())
    assert F.cross_entropy(Tensor(logits), classes, reduction="sum").item() == pytest.approx(
        per_sample.sum())
    assert np.allclose(F.cross_entropy(Tensor(logits), classes, reduction="none").data, per_sample)
    # one-hot targets give the same numbers; integral floats too
    assert F.cross_entropy(Tensor(logits), np.eye(4)[classes]).item() == pytest.approx(
        per_sample.mean())
    assert nn.CrossEntropyLoss()(Tensor(logits), Tensor(classes)).item() == pytest.approx(
        per_sample.mean())
    soft = RNG.dirichlet(np.ones(4), size=5)
    assert F.cross_entropy(Tensor(logits), soft).item() == pytest.approx(
        -(soft * _log_softmax(logits)).sum(-1).mean())
    # one sample without a batch axis
    assert F.cross_entropy(Tensor(logits[1]), 3).item() == pytest.approx(per_sample[1])


def test_cross_entropy_of_huge_logits_is_finite_and_right():
    loss = F.cross_entropy(Tensor([[1000.0, -1000.0], [1000.0, -1000.0]]), [0, 1], reduction="none")
    assert loss.data.tolist() == [0.0, 2000.0]


L3 = [[0.5, -1.2, 2.0, 0.1], [1.5, 0.3, -0.7, 0.0], [-2.0, 1.0, 0.4, 0.9]]
W3 = [0.5, 2.0, 1.0, 1.5]
P3 = [[0.1, 0.2, 0.3, 0.4], [1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]]
CE_OPTIONS = [  # PyTorch 2.13's numbers: reduction 'none', 'sum', 'mean', the mean's gradient
    ("weight", [2, 0, 1], {"weight": W3},
     [0.34604129490491126, 0.24586040078302476, 1.8353284743657468], 2.427230170053683,
     0.6934943343010522,
     [[0.04510310159184803, 0.008239593544507302, -0.08357620827175301, 0.03023351313539769],
      [-0.05548955825033892, 0.026314610792318952, 0.009680604312922298, 0.019494343145097653],
      [0.011364281715596095, -0.3431708714244595, 0.12527048179031613, 0.2065361079185473]]),
    ("ignore", [2, -100, 1], {}, [0.34604129490491126, 0.0, 0.9176642371828734],
     1.2637055320877846, 0.6318527660438923,
     [[0.07893042778573406, 0.01441928870288778, -0.14625836447556778, 0.05290864798694596],
      [0.0, 0.0, 0.0, 0.0],
      [0.009943746501146584, -0.3002745124964021, 0.10961167156652663, 0.18071909442872888]]),
    ("weight+ignore", [2, -100, 1], {"weight": W3},
     [0.34604129490491126, 0.0, 1.8353284743657468], 2.181369769270658, 0.7271232564235527,
     [[0.05262028519048937, 0.00961285913525852, -0.09750557631704518, 0.0352724319912973],
      [0.0, 0.0, 0.0, 0.0],
      [0.013258328668195445, -0.40036601666186944, 0.1461488954220355, 0.2409587925716385]]),
    ("smoothing", [2, 0, 1], {"label_smoothing": 0.1},
     [0.5110412949049112, 0.6142208015660495, 1.0101642371828734], 2.135426333653834,
     0.7118087778846114,
     [[0.044286951857156046, 0.0012795258019251878, -0.07250557631704517, 0.026939098657963977],
      [-0.10447563591745744, 0.05306742518207758, 0.014254743396818703, 0.0371534673385612],
      [-0.0017041689992356086, -0.1751830083309347, 0.06474111437768444, 0.11214606295248596]]),
    ("weight+ignore+smoothing", [2, -100, 1], {"weight": W3, "label_smoothing": 0.1},
     [0.6046923272775341, 0.0, 1.8227536565770313], 2.4274459838545654, 0.8091486612848551,
     [[0.04976912565358494, -0.006813486053026683, -0.066609882391638, 0.02365424279107974],
      [0.0, 0.0, 0.0, 0.0],
      [0.008594474676471448, -0.3603522910370494, 0.13233497851037582, 0.21942283785020206]]),
    ("ignore 1, in range", [2, 1, 3], {"weight": W3, "ignore_index": 1, "label_smoothing": 0.2},
     [0.863343359650157, 0.0, 1.5631131439151664], 2.426456503565323, 0.9705826014261293,
     [[0.05630155934001661, -0.027887797489574265, -0.04285702615947693, 0.014443264309034611],
      [0.0, 0.0, 0.0, 0.0],
      [0.0015347459413300388, 0.19168156550417362, 0.1071495390171709, -0.3003658504626745]]),
    ("ignore 7, out of range", [7, 0, 3], {"ignore_index": 7},
     [0.0, 0.4917208015660495, 1.0176642371828732], 1.5093850387489227, 0.7546925193744614,
     [[0.0, 0.0, 0.0, 0.0],
      [-0.19421345387618622, 0.09210113777311633, 0.033882115095228045, 0.06823020100784179],
      [0.009943746501146584, 0.19972548750359792, 0.10961167156652663, -0.3192809055712711]]),
    ("probabilities", P3, {"weight": W3, "label_smoothing": 0.1},
     [2.9591953351725815, 0.4539894609004785, 1.7095802964785918], 5.122765092551651,
     1.7075883641838836,
     [[0.051344515488589086, -0.12378543542542024, 0.21767586106849277, -0.14523494113166163],
      [-0.03694849065253805, 0.018638769479694596, 0.004654810786504085, 0.013654910386339352],
      [-0.033380211249044514, -0.00022876041366840514, 0.008009726305438851,
       0.025599245357274054]]),
]


@pytest.mark.parametrize("name, target, options, none, total, mean, grad", CE_OPTIONS,
                         ids=[c[0] for c in CE_OPTIONS])
def test_cross_entropy_weight_ignore_index_label_smoothing_are_torchs(
        name, target, options, none, total, mean, grad):
    x = Tensor(L3, requires_grad=True)
    np.testing.assert_allclose(F.cross_entropy(x, target, reduction="none", **options).data,
                               none, rtol=1e-12)
    assert F.cross_entropy(x, target, reduction="sum", **options).item() == pytest.approx(
        total, rel=1e-12)
    loss = F.cross_entropy(x, target, **options)
    assert loss.item() == pytest.approx(mean, rel=1e-12)
    loss.backward()
    np.testing.assert_allclose(x.grad, grad, rtol=1e-10, atol=1e-15)
    assert nn.CrossEntropyLoss(**options)(Tensor(L3), Tensor(target)).item() == pytest.approx(
        mean, rel=1e-12)
    if "label_smoothing" not in options and name != "probabilities":  # the same as NLL
        log_p = Tensor(L3).log_softmax(-1)
        assert F.nll_loss(log_p, target, **options).item() == pytest.approx(mean, rel=1e-12)
        assert nn.loss.losses.NLLLoss(**options)(log_p, target).item() == pytest.approx(
            mean, rel=1e-12)


def test_cross_entropy_options_keep_float32_and_pass_gradcheck():
    x = Tensor(np.array(L3, dtype=np.float32), requires_grad=True)
    loss = F.cross_entropy(x, [2, -100, 1], weight=np.array(W3), label_smoothing=0.1)
    loss.backward()
    assert loss.dtype == x.grad.dtype == np.float32
    assert loss.item() == pytest.approx(0.8091486612848551, rel=1e-6)
    x = Tensor(L3, requires_grad=True)
    assert gradcheck(lambda z: F.cross_entropy(z, [2, -100, 1], weight=W3, label_smoothing=0.1,
                                               ignore_index=-100), [x])
    assert gradgradcheck(lambda z: F.cross_entropy(z, P3, weight=W3, label_smoothing=0.3), [x])


def test_cross_entropy_with_every_row_ignored_is_nan_with_zero_gradient_as_torch():
    x = Tensor(L3, requires_grad=True)
    loss = F.cross_entropy(x, [-100, -100, -100])
    loss.backward()
    assert math.isnan(loss.item()) and not x.grad.any()
    assert F.cross_entropy(x, [-100, -100, -100], reduction="sum").item() == 0.0
    assert math.isnan(F.cross_entropy(Tensor(L3[0]), -100).item())  # one sample, ignored
    assert F.cross_entropy(Tensor(L3[0]), -100, reduction="none").item() == 0.0


def test_cross_entropy_bad_options_are_named():
    x = Tensor(L3)
    with pytest.raises(ValueError, match="cross_entropy: class targets out of range "
                                         r"\[0, 3\] for 4 classes: \[7\]"):
        F.cross_entropy(x, [7, 0, -100])  # -100 is ignored, 7 is not
    with pytest.raises(ValueError, match=r"label_smoothing must be between 0.0 and 1.0, got 1.5"):
        F.cross_entropy(x, [0, 1, 2], label_smoothing=1.5)
    with pytest.raises(ValueError, match=r"cross_entropy: weight must have one entry per class, "
                                         r"shape \(4,\), got shape \(3,\)"):
        F.cross_entropy(x, [0, 1, 2], weight=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"ignore_index \(0\) is not supported for probability"):
        F.cross_entropy(x, P3, ignore_index=0)
    with pytest.raises(TypeError, match="cross_entropy: weight must be numbers, got 'sum'"):
        F.cross_entropy(x, [0, 1, 2], "sum")  # torch's third argument is the weight
    with pytest.raises(ValueError, match=r"nll_loss: input \(log-probabilities\) must have"):
        F.nll_loss(Tensor(0.0), np.zeros(()))
    with pytest.raises(ValueError, match=r"nll_loss: for input of shape \(2, 3, 4\) \(N, C, "
                                         r"d1, ...\), target must have shape \(2, 4\)"):
        F.nll_loss(Tensor(np.zeros((2, 3, 4))), np.zeros((2, 3)))


def test_binary_cross_entropy_and_with_logits_agree_with_the_formula():
    z = RNG.standard_normal(6)
    p = 1 / (1 + np.exp(-z))
    t = np.array([0, 1, 1, 0, 0.3, 1])
    expected = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    assert F.binary_cross_entropy(Tensor(p), t).item() == pytest.approx(expected.mean())
    with_logits = F.binary_cross_entropy_with_logits(Tensor(z), t, reduction="none")
    assert np.allclose(with_logits.data, expected)
    assert nn.BCELoss(reduction="sum")(Tensor(p), t).item() == pytest.approx(expected.sum())
    assert nn.BCEWithLogitsLoss()(Tensor(z), t).item() == pytest.approx(expected.mean())


def test_binary_cross_entropy_at_the_edges_is_finite():
    # log clamped at -100 as in PyTorch; logits of +-1000 through softplus
    loss = F.binary_cross_entropy(Tensor([0.0, 1.0]), [1.0, 0.0], reduction="none")
    assert loss.data.tolist() == [100.0, 100.0]
    z = Tensor([1000.0, -1000.0, 0.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(z, [0.0, 0.0, 1.0], reduction="none")
    assert loss.data.tolist() == [1000.0, 0.0, pytest.approx(math.log(2))]
    loss.sum().backward()
    assert z.grad.tolist() == [1.0, 0.0, -0.5]  # sigmoid(z) - t, also at z = 0 exactly


# PyTorch 2.13's numbers (float64 and float32): the loss, each log clamped at -100, and the
# gradient (p - t) / max(p (1 - p), 1e-12), whose floor is a float32 1e-12 in both dtypes.
BCE_EDGES = [  # p, t, torch's loss (float64, float32), torch's gradient (float64, float32)
    (0.0, 1.0, 100.0, 100.0, -1000000003995.8029, -999999995904.0),
    (1.0, 0.0, 100.0, 100.0, 1000000003995.8029, 999999995904.0),
    (0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    (1.0, 1.0, 0.0, 0.0, 0.0, 0.0),
    (1e-50, 1.0, 100.0, 100.0, -1000000003995.8029, -999999995904.0),
    (1 - 1e-16, 0.0, 36.7368005696771, 100.0, 1000000003995.8027, 999999995904.0),
    (1e-13, 1.0, 29.933606208922594, 29.93360710144043, -1000000003995.7028, -999999995904.0),
    (1e-30, 0.5, 34.538776394910684, 34.53877639770508, -500000001997.9014, -499999997952.0),
    (1 - 1e-7, 0.2, 12.894476541187743, 12.753908157348633, 7999999.804210826, 6710886.5),
    (0.5, 0.3, 0.6931471805599453, 0.6931471824645996, 0.8, 0.7999999523162842),
]


@pytest.mark.parametrize("dtype, column", [(np.float64, 0), (np.float32, 1)])
def test_binary_cross_entropy_at_and_near_0_and_1_is_torchs(dtype, column):
    # The old clip at exp(-100) gave 0 at p = 0, t = 1: no learning signal where it is needed.
    p, t, losses, grads = np.array([[r[0], r[1], r[2 + column], r[4 + column]]
                                    for r in BCE_EDGES]).T
    x = Tensor(p.astype(dtype), requires_grad=True)
    loss = F.binary_cross_entropy(x, t.astype(dtype), reduction="none")
    loss.sum().backward()
    assert loss.dtype == x.grad.dtype == dtype
    np.testing.assert_allclose(loss.data, losses.astype(dtype), rtol=1e-15, atol=0)
    np.testing.assert_allclose(x.grad, grads.astype(dtype), rtol=1e-15, atol=0)


def test_binary_cross_entropy_gradients_first_and_second_order_inside():
    t = np.array([0.0, 1.0, 0.3, 0.9])
    w = np.array([0.5, 1.0, 2.0, 1.5])
    p = Tensor([0.2, 0.7, 0.01, 0.999], requires_grad=True)
    assert gradcheck(lambda x: F.binary_cross_entropy(x, t, weight=w, reduction="sum"), [p])
    assert gradgradcheck(lambda x: F.binary_cross_entropy(x, t, weight=w), [p])
    z = Tensor([-1.5, 2.0, 0.0, 4.0], requires_grad=True)
    pw = np.array([3.0, 0.5, 2.0, 1.0])
    assert gradgradcheck(lambda x: F.binary_cross_entropy_with_logits(
        x, t, weight=w, pos_weight=pw), [z])


P2 = [[0.2, 0.9, 0.5], [0.7, 0.05, 0.4]]
Z2 = [[-1.5, 2.0, 0.0], [0.8, -3.0, 30.0]]
T2 = np.array([[0.0, 1.0, 0.3], [1.0, 0.0, 1.0]])
W2 = [[1.0, 2.0, 0.5]]  # broadcast along the rows
BCE_WEIGHTED = [  # torch's numbers: reduction 'none', 'mean', and the gradient of the mean
    ("bce weight", {"weight": W2},
     [[0.22314355131420976, 0.21072103131565256, 0.34657359027997264],
      [0.35667494393873245, 0.10258658877510107, 0.4581453659370775]], 0.28297417859345764,
     [[0.2083333333333333, -0.3703703703703704, 0.06666666666666667],
      [-0.2380952380952381, 0.3508771929824561, -0.20833333333333334]]),
    ("logits weight", {"weight": W2},
     [[0.20141327798275244, 0.253856022085945, 0.34657359027997264],
      [0.3711006659477777, 0.09717470314748411, 4.6788114844198684e-14]], 0.21168637657399647,
     [[0.030404253967726058, -0.0397343073407059, 0.016666666666666666],
      [-0.051670919812064585, 0.01580862439252226, -7.790064889453182e-15]]),
    ("logits pos_weight", {"pos_weight": [3.0, 0.5, 2.0]},
     [[0.20141327798275244, 0.06346400552148625, 0.9010913347279289],
      [1.1133019978433332, 0.048587351573742055, 1.8715245937679474e-13]], 0.3879763279415716,
     [[0.030404253967726058, -0.009933576835176474, 0.00833333333333334],
      [-0.15501275943619378, 0.00790431219626113, -3.116025955781273e-14]]),
    ("logits both", {"weight": W2, "pos_weight": [3.0, 0.5, 2.0]},
     [[0.20141327798275244, 0.1269280110429725, 0.45054566736396445],
      [1.1133019978433332, 0.09717470314748411, 9.357622968839737e-14]], 0.33156060956343336,
     [[0.030404253967726058, -0.01986715367035295, 0.00416666666666667],
      [-0.15501275943619378, 0.01580862439252226, -1.5580129778906365e-14]]),
]


@pytest.mark.parametrize("name, weights, none, mean, grad", BCE_WEIGHTED,
                         ids=[c[0] for c in BCE_WEIGHTED])
def test_binary_cross_entropy_weights_are_torchs(name, weights, none, mean, grad):
    logits = name.startswith("logits")
    x = Tensor(Z2 if logits else P2, requires_grad=True)
    fn = F.binary_cross_entropy_with_logits if logits else F.binary_cross_entropy
    # atol: at x = 30 torch's gradient, sigmoid(-30), is itself 0.1% off (ours is exact)
    np.testing.assert_allclose(fn(x, T2, reduction="none", **weights).data, none,
                               rtol=1e-10, atol=1e-15)
    loss = fn(x, T2, **weights)
    loss.backward()
    assert loss.item() == pytest.approx(mean, rel=1e-12)
    np.testing.assert_allclose(x.grad, grad, rtol=1e-10, atol=1e-15)
    module = (nn.BCEWithLogitsLoss(**weights) if logits else nn.BCELoss(**weights))
    assert module(Tensor(x.data), Tensor(T2)).item() == pytest.approx(mean, rel=1e-12)
    assert fn(x, T2, reduction="sum", **weights).item() == pytest.approx(np.sum(none))


def test_binary_cross_entropy_with_logits_pos_weight_at_huge_logits():
    z = Tensor([1000.0, -1000.0, 0.0, 30.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(z, [0.0, 1.0, 1.0, 0.5], reduction="none",
                                              pos_weight=[2.0, 3.0, 0.5, 4.0])
    loss.sum().backward()
    np.testing.assert_allclose(loss.data, [1000.0, 3000.0, 0.5 * math.log(2), 15.0])
    np.testing.assert_allclose(z.grad, [1.0, -3.0, -0.25, 0.5 - 9.357e-14 * 2.5], rtol=1e-12)


def test_weights_that_do_not_fit_and_a_reduction_in_weights_place():
    with pytest.raises(ValueError, match=r"binary_cross_entropy: weight of shape \(3,\) does "
                                         r"not broadcast to input shape \(2,\)"):
        F.binary_cross_entropy(Tensor([0.5, 0.5]), [0.0, 1.0], weight=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="pos_weight of shape"):
        F.binary_cross_entropy_with_logits(Tensor([0.5, 0.5]), [0.0, 1.0],
                                           pos_weight=np.ones((2, 2)))
    with pytest.raises(TypeError, match="BCELoss: weight must be numbers, got 'sum'; pass "
                                        "reduction='sum' by name"):
        nn.BCELoss("sum")  # torch's first argument is the weight


def test_hinge_and_mse_on_lists_of_values_match_micrograd_arithmetic():
    scores = [Value(0.5), Value(-2.0), Value(1.5)]
    labels = [1, -1, -1]
    expected = sum((1 + -y * s.data) if (1 + -y * s.data) > 0 else 0.0
                   for s, y in zip(scores, labels, strict=True)) * (1.0 / 3)
    loss = F.hinge_loss(scores, labels)
    assert isinstance(loss, Value) and loss.data == expected
    loss.backward()
    assert [s.grad for s in scores] == [-1 / 3, 0.0, 1 / 3]
    mse = F.mse_loss([Value(1.0), Value(3.0)], [0.0, 1.0])
    assert mse.data == 2.5
    assert F.mse_loss(Value(2.0), 1.0).data == 1.0
    assert [v.data for v in F.l1_loss([Value(1.0), Value(-3.0)], [0, 0],
                                                 reduction="none")] == [1.0, 3.0]


# ------------------------------------------------------------------------ gradients

LOSSES = [
    ("mse", lambda x: F.mse_loss(x, Y)),
    ("l1", lambda x: F.l1_loss(x, Y)),
    ("rmse", lambda x: F.rmse_loss(x, Y)),
    ("hinge", lambda x: F.hinge_loss(x, np.sign(Y), "sum")),
    ("ce classes", lambda x: F.cross_entropy(x, [0, 2, 1, 2])),
    ("ce probs", lambda x: F.cross_entropy(x, np.full((4, 3), 1 / 3), reduction="sum")),
    ("cee", lambda x: F.cross_entropy_error(x.sigmoid(), [0, 2, 1, 2])),
    ("bce", lambda x: F.binary_cross_entropy(x.sigmoid(), (Y > 0) * 1.0)),
    ("bce logits", lambda x: F.binary_cross_entropy_with_logits(x, (Y > 0) * 1.0, reduction="sum")),
]


@pytest.mark.parametrize("name, loss", LOSSES, ids=[n for n, _ in LOSSES])
def test_loss_gradients_match_central_differences(name, loss):
    x = Tensor(X, requires_grad=True)  # no entry sits on a kink of abs, relu or hinge
    assert gradcheck(loss, [x])


def test_cross_entropy_gradient_is_softmax_minus_one_hot_over_n():
    logits = Tensor(X, requires_grad=True)
    classes = np.array([0, 2, 1, 2])
    F.cross_entropy(logits, classes).backward()
    p = np.exp(_log_softmax(X))
    assert np.allclose(logits.grad, (p - np.eye(3)[classes]) / 4, rtol=1e-13, atol=1e-16)


# ------------------------------------------------------------------------ bad input


def test_class_targets_out_of_range_non_integer_or_wrong_length():
    logits = Tensor(np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"cross_entropy: class targets out of range \[0, 3\] "
                                         r"for 4 classes: \[4, -1\]"):
        F.cross_entropy(logits, [4, 0, -1])
    with pytest.raises(ValueError, match=r"cross_entropy: class targets must be integers, "
                                         r"got \[1.5\]"):
        F.cross_entropy(logits, [0, 1.5, 2])
    with pytest.raises(ValueError, match=r"cross_entropy: wrong length: target has shape \(2,\), "
                                         r"expected \(3,\)"):
        F.cross_entropy(logits, [0, 1])
    with pytest.raises(ValueError, match=r"cross_entropy: input \(logits\) must have shape"):
        F.cross_entropy(Tensor(0.0), np.zeros(()))
    with pytest.raises(ValueError, match=r"cross_entropy: for input of shape \(2, 3, 4\) "
                                         r"\(N, C, d1, ...\), target must have shape \(2, 4\)"):
        F.cross_entropy(Tensor(np.zeros((2, 3, 4))), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="cross_entropy_error: class targets out of range"):
        F.cross_entropy_error(Tensor(Y_GOOD), 10)
    with pytest.raises(ValueError, match=r"cross_entropy_error: wrong length: target has shape "
                                         r"\(9,\), expected \(\) \(one class index per row"):
        F.cross_entropy_error(Tensor(Y_GOOD), T[:9])


def test_probabilities_outside_zero_one_are_refused():
    with pytest.raises(ValueError, match=r"cross_entropy_error: input must be probabilities "
                                         r"in \[0, 1\], got \[1.5, -0.1\]"):
        F.cross_entropy_error(Tensor([1.5, -0.1, 0.2]), 2)
    with pytest.raises(ValueError, match="binary_cross_entropy: input must be probabilities"):
        F.binary_cross_entropy(Tensor([0.5, 2.0]), [0.0, 1.0])
    with pytest.raises(ValueError, match="binary_cross_entropy: target must be probabilities"):
        F.binary_cross_entropy(Tensor([0.5, 0.5]), [0.0, 3.0])
    with pytest.raises(ValueError, match="with_logits: target must be probabilities"):
        F.binary_cross_entropy_with_logits(Tensor([5.0]), [-1.0])


@pytest.mark.parametrize("loss", [F.hinge_loss, F.binary_cross_entropy,
                                  F.binary_cross_entropy_with_logits])
def test_shape_mismatch_is_named_not_broadcast(loss):
    # (N, 1) against (N,) would broadcast to (N, N): a classic silent bug (PyTorch refuses it
    # too for both BCEs; mse_loss and l1_loss broadcast with its warning: test_nn_loss_targets)
    with pytest.raises(ValueError, match=r"input shape \(3, 1\) and target shape \(3,\) differ"):
        loss(Tensor(np.full((3, 1), 0.5)), np.array([0.0, 1.0, 1.0]))


def test_value_lists_of_the_wrong_length_and_unknown_reductions():
    with pytest.raises(ValueError, match="hinge_loss: 2 inputs but 3 targets"):
        F.hinge_loss([Value(1.0), Value(2.0)], [1, -1, 1])
    with pytest.raises(ValueError, match="mse_loss: reduction must be one of 'mean', 'sum', "
                                         "'none', got 'avg'"):
        F.mse_loss(Tensor([1.0]), [1.0], reduction="avg")
    with pytest.raises(ValueError, match="CrossEntropyLoss: reduction must be one of"):
        nn.CrossEntropyLoss(reduction="max")


def test_loss_weights_are_buffers_as_pytorchs():
    # PyTorch: CrossEntropyLoss(weight=w).state_dict() == {'weight': w}; none without one
    criterion = nn.CrossEntropyLoss(weight=np.array([1.0, 2.0, 3.0], dtype=np.float32))
    assert list(criterion.state_dict()) == ["weight"] and list(criterion.parameters()) == []
    assert criterion.double().weight.dtype == np.float64
    assert nn.CrossEntropyLoss().state_dict() == {} and repr(criterion) == "CrossEntropyLoss()"
    both = nn.BCEWithLogitsLoss(weight=[1.0, 2.0], pos_weight=[3.0, 4.0])
    assert list(both.state_dict()) == ["weight", "pos_weight"]
    assert list(nn.BCEWithLogitsLoss(pos_weight=[3.0]).state_dict()) == ["pos_weight"]
    model = nn.Sequential(nn.Linear(2, 3))
    model.criterion = criterion  # a criterion kept on a model, as some checkpoints have it
    restored = nn.Sequential(nn.Linear(2, 3))
    restored.criterion = nn.CrossEntropyLoss(weight=np.zeros(3))
    restored.load_state_dict(model.state_dict())  # strict: the weight is a key
    assert restored.criterion.weight.tolist() == [1.0, 2.0, 3.0]
    x, y = Tensor([[0.1, 0.2, 0.3]], requires_grad=True), np.array([2])
    assert restored.criterion(x, y).item() == pytest.approx(
        -np.log(np.exp(0.3) / np.exp([0.1, 0.2, 0.3]).sum()), rel=1e-14)
