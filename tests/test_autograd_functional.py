"""autograd.functional (torch.autograd.functional): jacobian, hessian, vjp, jvp, hvp, vhp.

The numbers are PyTorch 2.13's (float64), printed by the torch code in each comment with
`from torch.autograd.functional import *` and the same functions written with torch; a few
are also checked against central differences (autograd.numerical_gradient).
"""

import re

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value, grad, no_grad, numerical_gradient
from autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp

T = Tensor


def close(got, want, exact=False):
    """got has want's nesting (tuples) and, at each leaf, a float64 Tensor of want's values."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), (got, want)
        for g, w in zip(got, want, strict=True):
            close(g, w, exact)
        return
    assert isinstance(got, Tensor) and got.dtype == np.float64, got
    want = np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape
    if exact:
        np.testing.assert_array_equal(got.data, want)
    else:
        np.testing.assert_allclose(got.data, want, rtol=1e-13, atol=1e-14)


def poly(x):
    return x ** 3 - 2 * x * x[[1, 2, 0]] + 1


def g(x):
    return (x.sin() * x.sum()).exp()


def h(x, y):  # a tuple in, a tuple out
    return x * y.sum(), (x ** 2).sum() * y.tanh()


def m(a):  # a function of a matrix
    return (a @ a.T).tanh()


X = T([[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]])
Y = T([1.0, -0.5, 0.25])


def mlp(w1, b1, w2):  # a small MLP's mean squared error, as a function of its parameters
    return (((X @ w1.T + b1).tanh() @ w2 - Y) ** 2).mean()


XP, XG, XH, YH = T([0.5, -1.25, 2.0]), T([0.3, -0.7]), T([0.5, -1.5]), T([0.2, -0.4, 1.1])
A = T([[0.3, -0.8], [1.2, 0.4]])
P = (T([[0.4, -0.3], [0.8, 0.6]]), T([0.1, -0.2]), T([1.2, -0.7]))
V = (T([[1.0, -1.0], [0.5, 2.0]]), T([0.3, -0.6]), T([-1.0, 0.25]))

# jacobian(poly, xp); hessian(lambda x: poly(x).sum(), xp): exact (dyadic numbers)
POLY_JAC = [[3.25, -1.0, 0.0], [0.0, 0.6875, 2.5], [-4.0, 0.0, 11.0]]
POLY_HESS = [[3.0, -2.0, -2.0], [-2.0, -7.5, -2.0], [-2.0, -2.0, 12.0]]
# g(xg); jacobian(g, xg); vjp(g, xg, tensor([1.5, -0.5])); jvp(g, xg, tensor([0.25, 2.0]))
G_OUT = [0.8885111496102489, 1.2939338508792047]
G_JAC = [[-0.07695785033331931, 0.2625729985537251],
         [-0.8335750728519606, -1.2294371515351175]]
G_VJP = [0.3013507609260013, 1.0085780735981464]
G_JVP = [0.5059065345241205, -2.6672680712832246]
# jacobian(h, (xh, yh)); vjp and jvp of h with v = (tensor([1., 2.]), tensor([-1., .5, 3.]))
H_JAC = (([[0.9000000000000001, 0.0], [0.0, 0.9000000000000001]],
          [[0.5, 0.5, 0.5], [-1.5, -1.5, -1.5]]),
         ([[0.197375320224904, -0.592125960674712], [-0.3799489622552249, 1.1398468867656746],
           [0.8004990217606297, -2.401497065281889]],
          [[2.4026074574152916, 0.0, 0.0], [0.0, 2.139096965202944, 0.0],
           [0.0, 0.0, 0.8980032904006873]]))
H_VJP = ([2.9141472639293733, -4.242441791788119],
         [-4.902607457415291, -1.430451517398528, 0.19400987120206192])
H_JVP = ([2.1500000000000004, -1.9499999999999997],
         [-3.3894840585398116, 2.9692932938775964, -1.308485237601087])
# jacobian(m, a); hessian(lambda a: m(a).sum(), a)
M_JAC = [[[[0.3670737420973628, -0.9788633122596343], [0.0, 0.0]],
          [[1.1980820461446933, 0.39936068204823116], [0.2995205115361733, -0.7987213640964623]]],
         [[[1.1980820461446933, 0.39936068204823116], [0.2995205115361733, -0.7987213640964623]],
          [[0.0, 0.0], [0.36126498196388496, 0.12042166065462832]]]]
M_HESS = [[[[0.7192168772731252, 0.6552385916289487], [1.9393261233099197, 0.15327276514996263]],
           [[0.6552385916289487, -0.7536329184109312], [-0.01915909564374533, 2.04789433195781]]],
          [[[1.9393261233099197, -0.01915909564374533], [-1.31155472378104, -0.49442832660744335]],
           [[0.15327276514996263, 2.04789433195781], [-0.49442832660744335, 0.02129013557161763]]]]
# hessian(mlp, p); hvp(mlp, p, v); vhp(mlp, p, v); mlp(*p)
MLP_HESS = (
    ([[[[0.08104231136978274, 0.4851139050711363], [-0.5249426236301595, 0.524121871325375]],
       [[0.4851139050711363, -1.3720765341574257], [0.524121871325375, -1.4204887965903823]]],
      [[[-0.5249426236301595, 0.524121871325375], [0.39511693482959603, 0.17528177317586574]],
       [[0.524121871325375, -1.4204887965903823], [0.17528177317586574, -0.35877459079955104]]]],
     [[[0.7740132827692618, -0.16225435898221752], [-1.4763598064374623, -0.2269068990552746]],
      [[-0.16225435898221752, 0.5312698514217998], [-0.22690689905527456, -0.5382487146228131]]],
     [[[1.5928069504267999, 0.4438815468230676], [-1.6905301251724503, 0.6693961916678206]],
      [[-0.43469168631173283, 0.7325832320897081], [0.7233053159565128, -1.9006208813299952]]]),
    ([[[0.7740132827692618, -1.4763598064374623], [-0.16225435898221752, -0.2269068990552746]],
      [[-0.16225435898221757, -0.22690689905527456], [0.5312698514217998, -0.5382487146228131]]],
     [[0.15698437502795604, -0.737288291094436], [-0.737288291094436, 0.292966489005745]],
     [[0.057944742467453236, 0.4066222242252371], [-0.03503344085687471, -0.7953927828284509]]),
    ([[[1.5928069504267999, -1.6905301251724503], [-0.43469168631173283, 0.7233053159565128]],
      [[0.4438815468230674, 0.6693961916678207], [0.7325832320897081, -1.900620881329995]]],
     [[0.05794474246745329, -0.03503344085687471], [0.406622224225237, -0.7953927828284508]],
     [[0.6912986144736969, -0.0018835485538032937], [-0.0018835485538033214, 0.63829610658312]]))
MLP_HVP = ([[-0.7705791263666069, 0.8293891523018162], [-0.25054320540259056, 0.3711189956726826]],
           [2.2486112123589708, -1.3069910990436848], [3.8592358499986226, -2.899784879295664])
MLP_VHP = ([[-0.7705791263666069, 0.8293891523018166], [-0.25054320540259045, 0.37111899567268236]],
           [2.2486112123589708, -1.3069910990436848], [3.8592358499986226, -2.899784879295664])
MLP_LOSS = 0.6944158970649529


def test_torch_autograd_functional_is_this_module():
    import autograd as torch
    import autograd.functional

    assert torch.autograd.functional is autograd.functional
    assert torch.autograd.functional.jacobian is jacobian
    assert autograd.functional.__all__ == ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]


def test_jacobian_and_hessian_of_a_polynomial_are_exact():
    close(jacobian(poly, XP), POLY_JAC, exact=True)
    close(hessian(lambda x: poly(x).sum(), XP), POLY_HESS, exact=True)


def test_exp_and_sin_jacobian_vjp_jvp():
    close(jacobian(g, XG), G_JAC)
    out, result = vjp(g, XG, T([1.5, -0.5]))
    close(out, G_OUT)
    close(result, G_VJP)
    out, result = jvp(g, XG, T([0.25, 2.0]))
    close(out, G_OUT)
    close(result, G_JVP)
    for i in range(2):  # row i: the central difference of output i
        row = numerical_gradient(lambda a, i=i: g(T(a)).data[i], XG.data.copy(), h=1e-5)
        np.testing.assert_allclose(jacobian(g, XG).data[i], row, atol=1e-9)


def test_tuple_inputs_and_outputs_nest_as_pytorch():
    jac = jacobian(h, (XH, YH))  # jac[i][j]: output i by input j, shape out.shape + in.shape
    close(jac, H_JAC)
    assert [[b.shape for b in row] for row in jac] == [[(2, 2), (2, 3)], [(3, 2), (3, 3)]]
    v_out, v_in = (T([1.0, 2.0]), T([-1.0, 0.5, 3.0])), (T([1.0, 2.0]), T([-1.0, 0.5, 3.0]))
    out, result = vjp(h, (XH, YH), v_out)
    close(out, tuple(o.data.tolist() for o in h(XH, YH)))
    close(result, H_VJP)
    close(jvp(h, (XH, YH), v_in)[1], H_JVP)
    # one input, tuple output: a tuple of blocks; tuple input, one output: likewise
    close(jacobian(lambda x: h(x, YH), XH), (H_JAC[0][0], H_JAC[1][0]))
    close(jacobian(lambda x, y: h(x, y)[1], (XH, YH)), H_JAC[1])


def test_function_of_a_matrix():
    close(jacobian(m, A), M_JAC)
    hess = hessian(lambda a: m(a).sum(), A)
    close(hess, M_HESS)

    def gradient(a):
        x = T(a, requires_grad=True)
        return grad(m(x).sum(), x)[0]

    for i, j in np.ndindex(2, 2):  # the Hessian's rows: central differences of the gradient
        row = numerical_gradient(lambda a, i=i, j=j: gradient(a)[i, j], A.data.copy(), h=1e-5)
        np.testing.assert_allclose(hess.data[i, j], row, atol=1e-9)


def test_hessian_hvp_vhp_of_a_small_mlp_loss():
    hess = hessian(mlp, P)
    close(hess, MLP_HESS)
    flat = np.block([[hess[i][j].data.reshape(P[i].numel(), P[j].numel()) for j in range(3)]
                     for i in range(3)])  # the 8 x 8 Hessian of all the parameters
    np.testing.assert_allclose(flat, flat.T, atol=1e-15)
    out, result = hvp(mlp, P, V)
    assert out.shape == () and out.data == MLP_LOSS
    close(result, MLP_HVP)
    out, result = vhp(mlp, P, V)
    assert out.data == MLP_LOSS
    close(result, MLP_VHP)
    hv = flat @ np.concatenate([v.data.ravel() for v in V])
    np.testing.assert_allclose(np.concatenate([r.data.ravel() for r in result]), hv, atol=1e-14)


def test_create_graph_results_are_differentiable_again():
    x = T(XG.data, requires_grad=True)
    jac = jacobian(g, x, create_graph=True)
    assert jac.requires_grad
    np.testing.assert_allclose(grad((jac * T([[1.0, 2.0], [3.0, 4.0]])).sum(), x)[0],
                               [12.199250982817826, 17.582459571935765], rtol=1e-13)
    x, v = T(XG.data, requires_grad=True), T([1.5, -0.5], requires_grad=True)
    out, result = vjp(g, x, v, create_graph=True)
    assert out.requires_grad and result.requires_grad
    grads = grad((result * T([1.0, -2.0])).sum(), (x, v))
    np.testing.assert_allclose(grads, [[1.7489485367012598, 2.929535408333141],
                                       [-0.6021038474407696, 1.6252992302182743]], rtol=1e-13)
    x, v = T(XG.data, requires_grad=True), T([0.25, 2.0], requires_grad=True)
    result = jvp(g, x, v, create_graph=True)[1]
    grads = grad((result * T([1.0, -2.0])).sum(), (x, v))
    np.testing.assert_allclose(grads, [[-5.290717003055499, -11.785270524087156],
                                       [1.5901922953706018, 2.72144730162396]], rtol=1e-13)
    x = T(XP.data, requires_grad=True)  # third derivatives of x0^3 + x1^3 + x2^3 + x0 x1 x2
    hess = hessian(lambda x: (x ** 3).sum() + x[0] * x[1] * x[2], x, create_graph=True)
    weights = T([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    assert grad((hess * weights).sum(), x)[0].tolist() == [20.0, 40.0, 60.0]


@pytest.mark.parametrize("name, want", [
    ("hessian", ([[[-26.302695496343375, -18.98496200415854],
                   [40.448708100299626, -41.53548252036437]],
                  [-13.38048329162409, -12.25559943961246],
                  [0.21232411507444837, 45.36510610806334]])),
    ("hvp", ([[[4.187244161656357, -32.138204264725594], [-16.019100433507113, 42.82659334626315]],
              [-24.964853035121585, 18.615139038422477],
              [45.954590554778186, -36.045694351262775]])),
    ("vhp", ([[[4.187244161656366, -32.138204264725616], [-16.019100433507116, 42.82659334626317]],
              [-24.964853035121592, 18.615139038422484], [45.9545905547782, -36.045694351262775]])),
])
def test_create_graph_second_order_results_of_the_mlp(name, want):
    params = tuple(T(p.data, requires_grad=True) for p in P)
    if name == "hessian":  # sum of (i + 1)(j + 2) H[i][j], differentiated again
        hess = hessian(mlp, params, create_graph=True)
        total = sum((hess[i][j] * ((i + 1) * (j + 2))).sum() for i, j in np.ndindex(3, 3))
    else:  # sum of the squares of H v (v^T H), differentiated again
        total = sum((r * r).sum() for r in {"hvp": hvp, "vhp": vhp}[name](
            mlp, params, V, create_graph=True)[1])
    for got, w in zip(grad(total, params), want, strict=True):
        np.testing.assert_allclose(got, w, rtol=1e-13)


def test_without_create_graph_results_are_detached_and_grads_untouched():
    x = T(XG.data, requires_grad=True)
    with no_grad():  # as PyTorch: the graph is recorded inside all the same
        jac = jacobian(g, x)
    out, result = vjp(g, x, T([1.5, -0.5]))
    assert not (jac.requires_grad or out.requires_grad or result.requires_grad)
    assert x.grad is None
    close(jac, G_JAC)


def test_v_may_be_none_for_one_element():
    x = T(0.5)  # hvp(lambda a: a.exp() * a, tensor(.5)), vhp alike; vjp and jvp of sin
    for fn in (hvp, vhp):
        out, result = fn(lambda a: a.exp() * a, x)
        assert (out.item(), result.item()) == (0.8243606353500641, 4.121803176750321)
    for fn in (vjp, jvp):
        out, result = fn(lambda a: a.sin(), x)
        assert (out.item(), result.item()) == (0.479425538604203, 0.8775825618903728)


def test_vectorize_and_forward_mode_give_the_same_numbers():
    close(jacobian(h, (XH, YH), vectorize=True), H_JAC)
    close(jacobian(h, (XH, YH), vectorize=True, strategy="forward-mode"), H_JAC)
    close(hessian(mlp, P, vectorize=True, outer_jacobian_strategy="forward-mode"), MLP_HESS)
    # forward mode's blocks have the output's dtype (PyTorch's), reverse mode's the input's
    assert jacobian(lambda x: x.float(), XG, vectorize=True, strategy="forward-mode"
                    ).dtype == np.float32
    assert jacobian(lambda x: x.float(), XG).dtype == np.float64


def test_unused_inputs_and_constant_outputs_give_zeros():
    close(jacobian(lambda a, b: a * 2, (XG, XH)), ([[2.0, 0.0], [0.0, 2.0]], [[0.0, 0.0]] * 2))
    close(jacobian(lambda a: autograd.ones(2), XG), [[0.0, 0.0]] * 2)
    close(vjp(lambda a, b: a * 2, (XG, XH), XG)[1], ([0.6, -1.4], [0.0, 0.0]))
    close(jvp(lambda a: (a * 2, autograd.ones(3)), XG, XG)[1], ([0.6, -1.4], [0.0] * 3))
    close(hvp(lambda a, b: (a ** 3).sum(), (XG, XH), (XG, XH))[1], ([0.54, 2.94], [0.0, 0.0]))
    assert jacobian(lambda a: a[:0], XG).shape == (0, 2)  # PyTorch's torch.stack raises


def _err(text):
    return "^" + re.escape(text)


_X2 = T([1.0, 2.0])
_STRICT = "This is not allowed in strict mode."
_NOT_BOTH = ("autograd.functional.jacobian: `{}=True` and `strategy=\"forward-mode\"` are not "
             "supported together (yet).")


@pytest.mark.parametrize("call, error, message", [
    # inputs, outputs and v that are not a Tensor or a tuple of Tensors: PyTorch's TypeError
    (lambda: jacobian(lambda a: a, [_X2]), TypeError, _err(
        "The inputs given to jacobian must be either a Tensor or a tuple of Tensors but the "
        "given inputs has type <class 'list'>.")),
    (lambda: vjp(lambda a: a, (_X2, 1.0)), TypeError, _err(
        "The inputs given to vjp must be either a Tensor or a tuple of Tensors but the value at "
        "index 1 has type <class 'float'>.")),
    (lambda: jacobian(lambda a: 1.0, _X2), TypeError, _err(
        "The outputs of the user-provided function given to jacobian must be either a Tensor or "
        "a tuple of Tensors but the given outputs of the user-provided function has type "
        "<class 'float'>.")),
    (lambda: jacobian(lambda a: [a, a], _X2), TypeError, r"has type <class 'list'>\.$"),
    (lambda: vjp(lambda a: a, _X2, [1.0, 1.0]), TypeError, _err(
        "The v given to vjp must be either a Tensor or a tuple of Tensors but the given v has "
        "type <class 'list'>.")),
    (lambda: hessian(lambda a: a, Value(2.0)), TypeError,
     r"has type <class 'autograd.value.Value'>\. gradproof's Value \(the scalar node\) is not "),
    # v: None only for one element; one per output (input), each of its shape
    (lambda: vjp(lambda a: a * 2, _X2), RuntimeError, _err(
        "The vector v can only be None if the user-provided function returns a single Tensor "
        "with a single element.")),
    *[(lambda fn=fn: fn(lambda a: a.sum(), _X2), RuntimeError, _err(
        "The vector v can only be None if the input to the user-provided function is a single "
        "Tensor with a single element.")) for fn in (jvp, hvp, vhp)],
    (lambda: vjp(lambda a: a * 2, _X2, (_X2, _X2)), RuntimeError,
     _err("The given v should contain a single Tensor.")),
    (lambda: vjp(lambda a: (a * 2, a), _X2, (_X2,)), RuntimeError,
     _err("v is a tuple of invalid length: should be 2 but got 1.")),
    (lambda: vjp(lambda a: a * 2, _X2, autograd.ones(3)), RuntimeError,
     _err("v has invalid size: should be (2,) but got (3,).")),
    (lambda: jvp(lambda a, b: a, (_X2, _X2), (_X2, autograd.ones(3))), RuntimeError,
     _err("Entry 1 in v has invalid size: should be (2,) but got (3,).")),
    # hessian, hvp and vhp take a function of one element
    *[(lambda fn=fn: fn(lambda a: (a.sum(),), _X2, _X2), RuntimeError,
       _err(f"The function given to {fn.__name__} should return a single Tensor"))
      for fn in (hvp, vhp)],
    (lambda: hessian(lambda a: a, _X2), RuntimeError, _err(
        "The Tensor returned by the function given to hessian should contain a single element")),
    # strict=True: PyTorch's RuntimeErrors
    (lambda: jacobian(lambda a, b: a * 2, (_X2, _X2), strict=True), RuntimeError,
     _err(f"Output 0 of the user-provided function is independent of input 1. {_STRICT}")),
    (lambda: jacobian(lambda a: autograd.ones(2), _X2, strict=True), RuntimeError,
     _err("Output 0 of the user-provided function does not require gradients. The outputs must "
          "be computed in a differentiable manner from the input when running in strict mode.")),
    (lambda: jacobian(lambda a, b: (a * 2, b * b), (_X2, _X2), strict=True, create_graph=True),
     RuntimeError, _err("The jacobian of the user-provided function is independent of input 0. "
                        "This is not allowed in strict mode when create_graph=True.")),
    (lambda: vjp(lambda a, b: a * 2, (_X2, _X2), _X2, strict=True), RuntimeError,
     _err(f"The output of the user-provided function is independent of input 1. {_STRICT}")),
    (lambda: jvp(lambda a, b: a * 2, (_X2, _X2), (_X2, _X2), strict=True), RuntimeError,
     _err(f"The output of the user-provided function is independent of input 1. {_STRICT}")),
    (lambda: jvp(lambda a: a * 2, _X2, _X2, strict=True, create_graph=True), RuntimeError,
     _err("The jacobian of the user-provided function is independent of input 0. This is not "
          "allowed in strict mode when create_graph=True.")),
    *[(lambda fn=fn: fn(lambda a: a.sum(), _X2, _X2, strict=True), RuntimeError, _err(
        "While computing the hessian, found that the jacobian of the user-provided function "
        "with respect to input 0 is independent of the input. This is not allowed in strict "
        "mode.")) for fn in (hvp, vhp)],
    (lambda: hessian(lambda a, b: (a ** 2).sum(), (_X2, _X2), strict=True), RuntimeError,
     _err("While computing the hessian, found that the jacobian of the user-provided function "
          "with respect to input 1 is independent of the input.")),
    *[(lambda fn=fn: fn(lambda a: (a * a).sum(), _X2, _X2, strict=True, create_graph=True),
       RuntimeError, _err("The hessian of the user-provided function is independent of input "
                          "0. This is not allowed in strict mode when create_graph=True."))
      for fn in (hvp, vhp)],
    *[(lambda fn=fn: fn(lambda a, b: (a * a).sum(), (_X2, _X2), (_X2, _X2), strict=True),
       RuntimeError, _err(f"The output of the user-provided function is independent of input "
                          f"1. {_STRICT}")) for fn in (hvp, vhp)],
    # strategy= and vectorize=
    (lambda: jacobian(lambda a: a, _X2, strategy="fwd"), AssertionError, _err(
        "Expected strategy to be either \"forward-mode\" or \"reverse-mode\", got 'fwd'.")),
    (lambda: hessian(lambda a: a.sum(), _X2, outer_jacobian_strategy="fwd"), AssertionError,
     "^Expected strategy to be either"),
    (lambda: jacobian(lambda a: a, _X2, strategy="forward-mode"), NotImplementedError, _err(
        "Computing Jacobian using forward-AD or forward-over-reverse Hessian is only "
        "implemented for `vectorize=True`.")),
    (lambda: jacobian(lambda a: a, _X2, strategy="forward-mode", create_graph=True),
     NotImplementedError, _err(_NOT_BOTH.format("create_graph"))),
    (lambda: jacobian(lambda a: a, _X2, strategy="forward-mode", strict=True), RuntimeError,
     _err(_NOT_BOTH.format("strict"))),
    (lambda: jacobian(lambda a: a, _X2, vectorize=True, strict=True), RuntimeError, _err(
        "autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported "
        "together.")),
    # gradproof's own: PyTorch answers these with Python's or its internals' errors
    (lambda: jacobian(3, _X2), TypeError, "^jacobian: func must be a function of Tensors, got 3$"),
    (lambda: jacobian(lambda: _X2, ()), ValueError, "^jacobian: inputs is an empty tuple"),
    (lambda: hvp(lambda a, b: a.sum(), (_X2, autograd.tensor([1, 2])), (_X2, _X2)), RuntimeError,
     r"^hvp: inputs\[1\]: only Tensors of floating point dtype can require gradients, got int64"),
    (lambda: vjp(lambda a: a, _X2, _X2, create_graph=1), TypeError,
     "^vjp: create_graph= must be True or False, got 1$"),
    (lambda: hessian(lambda a: a.sum(), _X2, strict="yes"), TypeError,
     "^hessian: strict= must be True or False, got 'yes'$"),
])
def test_errors_are_pytorchs(call, error, message):
    with pytest.raises(error, match=message):
        call()
