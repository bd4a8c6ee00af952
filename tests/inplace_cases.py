"""The cases of tests/test_inplace_more.py, in code that runs unchanged on PyTorch and on
gradproof (tests/torch_reference_inplace.py prints PyTorch's numbers for them), given the
names `t` (a Tensor of a dtype named, int64 by default), `f` (a float64 Tensor), `lib`
(torch, or autograd), `nan` and `inf`.

    CODE   statements that leave a Tensor in `out`: the in-place forms (x.exp_(), ...) on
           float64, integer and bool Tensors, the bitwise ops and their dtypes, //= %= &=
           ... in place, int add_ and sub_ with alpha, the fills that cast their value.
    GRADS  (code, leaves): a differentiable op of leaves x, s given as lists: scatter_reduce
           (every reduce, include_self both ways, ties for amax and amin, zeros for prod),
           index_add, index_copy, index_fill, masked_scatter.
"""

GENERAL = [-1.7, -0.3, 0.0, 0.4, 2.5]
POSITIVE = [0.2, 0.9, 1.5, 3.0]
UNIT = [-0.8, -0.1, 0.0, 0.6]
AT_LEAST_1 = [1.0, 1.5, 3.0]

_UNARY = {name: GENERAL for name in (
    "abs", "arcsinh", "arctan", "asinh", "atan", "ceil", "cos", "cosh", "erf", "erfc", "exp",
    "exp2", "expm1", "floor", "logical_not", "negative", "relu", "sigmoid", "sign", "sin",
    "sinh", "square", "tan", "tanh", "trunc", "neg")}
_UNARY.update({name: UNIT for name in ("acos", "arccos", "arcsin", "arctanh", "asin", "atanh",
                                       "erfinv")})
_UNARY.update({name: AT_LEAST_1 for name in ("acosh", "arccosh")})
_UNARY.update({name: POSITIVE for name in ("log", "log10", "log1p", "log2", "reciprocal",
                                           "rsqrt", "sqrt")})

CODE = [f"x = f({values}); y = x.{name}_(); out = x if y is x else None"
        for name, values in sorted(_UNARY.items())]
CODE += [
    # with arguments
    "x = f([-1.7, 0.3, 2.5]); x.atan2_(f([0.5, -1.0, 2.0])); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.arctan2_(f([0.5, -1.0, 2.0])); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.hypot_(f([0.5, -1.0, 2.0])); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.fmod_(0.7); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.remainder_(-0.7); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.floor_divide_(0.7); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.true_divide_(4.0); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.lerp_(f([1.0, 1.0, -1.0]), 0.25); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.lerp_(f([1.0, 1.0, -1.0]), f([0.1, 0.5, 0.9])); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.clamp_min_(0.1); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.clamp_max_(f([0.0, 1.0, 2.0])); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.eq_(0.3); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.ne_(0.3); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.lt_(f([0.0, 0.3, 3.0])); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.le_(0.3); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.gt_(0.3); out = x",
    "x = f([-1.7, 0.3, 2.5]); x.ge_(0.3); out = x",
    "x = f([-1.7, 0.0, 2.5]); x.logical_and_(f([1.0, 1.0, 0.0])); out = x",
    "x = f([-1.7, 0.0, 2.5]); x.logical_or_(f([0.0, 0.0, 0.0])); out = x",
    "x = f([-1.7, 0.0, 2.5]); x.logical_xor_(f([1.0, 1.0, 0.0])); out = x",
    "x = f([[1.0, 2.0], [3.0, 4.0]]); x.cumsum_(1); out = x",
    "x = f([[1.0, 2.0], [3.0, 4.0]]); x.cumprod_(0); out = x",
    "x = f([1.23456, -2.5, 0.5, nan, inf]); x.round_(decimals=2); out = x",
    "x = f([0.5, 1.5, 2.5, -0.5]); x.round_(); out = x",
    "x = f([nan, inf, -inf, 1.5]); x.nan_to_num_(); out = x",
    "x = f([nan, inf, -inf, 1.5]); x.nan_to_num_(nan=2.0, posinf=9.0, neginf=-9.0); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.tril_(1); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.triu_(-1); out = x",
    "x = f([1.0, 2.0, 3.0]); x.index_put_((t([0, 2, 0]),), f([9.0, 8.0, 7.0]), True); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.scatter_add_(1, t([[0, 0], [2, 1]]),"
    " f([[1.0, 2.0], [3.0, 4.0]])); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.scatter_(1, t([[2], [0]]), f([[7.0], [8.0]]));"
    " out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.scatter_(0, t([[1, 0, 1]]), 2.5); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.masked_fill_(t([True, False, True], 'bool'),"
    " -1.0); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.index_add_(1, t([0, 2, 0]), "
    "f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), alpha=-2); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.index_copy_(0, t([1]), f([[7.0, 8.0, 9.0]]));"
    " out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.index_fill_(1, t([1]), 0.5); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.masked_scatter_(t([False, True, True], "
    "'bool'), f([10.0, 20.0, 30.0, 40.0, 50.0])); out = x",
    "x = f([1.0, 2.0, 3.0, 4.0]); x.scatter_reduce_(0, t([0, 0, 3]), f([5.0, -1.0, 2.0]),"
    " 'mean', include_self=False); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.t_(); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.transpose_(0, 1); out = x",
    "x = f([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]); x.swapdims_(0, 1); out = x",
    "x = f([[1.0, 2.0, 3.0]]); x.squeeze_(0); out = x",
    "x = f([1.0, 2.0, 3.0]); x.unsqueeze_(1); out = x",
    # integer and bool Tensors: the result kept in the dtype, or refused
    "x = t([-2, 3]); x.abs_(); out = x",
    "x = t([-2, 3]); x.floor_(); out = x",
    "x = t([-2, 3]); x.sign_(); out = x",
    "x = t([-2, 3]); x.square_(); out = x",
    "x = t([-2, 3]); x.relu_(); out = x",
    "x = t([2, 3], 'uint8'); x.neg_(); out = x",
    "x = t([-2, 3]); x.logical_not_(); out = x",
    "x = t([-2, 3]); x.clamp_min_(1); out = x",
    "x = t([-2, 3]); x.floor_divide_(2); out = x",
    "x = t([-2, 3]); x.remainder_(2); out = x",
    "x = t([-2, 3]); x.cumprod_(0); out = x",
    "x = t([-2, 3]); x.lt_(1.5); out = x",
    "x = t([-2, 3]); x.exp_()",
    "x = t([-2, 3]); x.sqrt_()",
    "x = t([-2, 3]); x.clamp_min_(1.5)",
    "x = t([-2, 3]); x.true_divide_(2)",
    "x = t([True, False], 'bool'); x.square_()",
    "x = t([True, False], 'bool'); x.sign_(); out = x",
    # the fills cast their value to the dtype
    "x = t([1, 2]); x.masked_fill_(t([True, False], 'bool'), 2.5); out = x",
    "x = t([1, 2]); x.index_fill_(0, t([1]), -2.5); out = x",
    "x = t([1, 2]); x.scatter_(0, t([0]), 5.5); out = x",
    "out = t([1, 2]).index_fill(0, t([1]), -2.5)",
    # int add_ and sub_ with alpha: computed in integers
    "x = t([1, 2, 3]); x.add_(t([1, 1, 1]), alpha=3); out = x",
    "x = t([1, 2, 3]); x.add_(2, alpha=3); out = x",
    "x = t([1, 2, 3]); x.sub_(2, alpha=3); out = x",
    "x = t([1], 'uint8'); x.add_(2, alpha=-1); out = x",
    "x = t([1], 'int8'); x.add_(100, alpha=2); out = x",
    "x = t([1, 2], 'int32'); x.sub_(t([3, 4]), alpha=-2); out = x",
    "x = f([1.0, 2.0]); x.add_(t([2, 3]), alpha=2.5); out = x",
    "x = t([True], 'bool'); x.add_(t([True], 'bool'), alpha=True); out = x",
    "x = t([1, 2, 3]); x.add_(2, alpha=2.5)",
    "x = t([1, 2, 3]); x.add_(2, alpha=True)",
    "x = f([1.0]); x.add_(2.0, alpha=True)",
    # bitwise ops: PyTorch's dtypes
    "out = t([5], 'uint8') & -3",
    "out = t([5], 'uint8') | 300",
    "out = t([5], 'int8') | 300",
    "out = t([5], 'int32') ^ 2 ** 40",
    "out = t([5, 6], 'int32') & 3",
    "out = t([5, 6], 'int32') & t([3, 3])",
    "out = t([5], 'int32') ^ t(3)",
    "out = t([5], 'uint8') ^ t([3], 'int8')",
    "out = t([5], 'uint8') ^ t(3, 'int8')",
    "out = t(5, 'uint8') ^ t(3, 'int8')",
    "out = t([True, False], 'bool') & True",
    "out = t([True, False], 'bool') | 1",
    "out = t([True, False], 'bool') ^ t(1)",
    "out = t([True, False], 'bool') ^ t([True, True], 'bool')",
    "out = 5 & t([3], 'uint8')",
    "out = 6 | t([3, 8], 'int16')",
    "out = ~t([5, 0], 'uint8')",
    "out = ~t([5, -1])",
    "out = ~t([True, False], 'bool')",
    "out = f([1.5]) & 1",
    "out = t([1]) & 1.5",
    "out = t([3, -8, 8, 1], 'int64') << t([2, 1, 70, -1])",
    "out = t([3, -8, 8, 1], 'int64') >> t([1, 70, 70, -1])",
    "out = t([8], 'uint8') << 7",
    "out = t([8], 'uint8') << 8",
    "out = t([8], 'int8') << 4",
    "out = t([8], 'int32') << 33",
    "out = t([-8], 'int32') >> 40",
    "out = t([-8, 8], 'int8') >> 2",
    "out = t([200], 'uint8') >> 3",
    "out = t([True], 'bool') << 1",
    "out = t([True], 'bool') << True",
    "out = 3 << t([2])",
    "out = 256 >> t([2, 9], 'int16')",
    "out = t([5], 'uint8') >> t([1], 'int32')",
    "out = f([1.5]) << 1",
    "out = lib.bitwise_and(t([12, 10]), 6)",
    "out = lib.bitwise_or(t([12, 10], 'int16'), t([1, 1], 'int16'))",
    "out = lib.bitwise_xor(t([12, 10]), t([True, False], 'bool'))",
    "out = lib.bitwise_and(2, t([3]))",
    "out = lib.bitwise_left_shift(2, t([3]))",
    "out = lib.bitwise_right_shift(t([64, -64]), 3)",
    "out = lib.bitwise_not(t([0, 7], 'int8'))",
    "out = t([12, 10]).bitwise_and(6)",
    "out = t([12, 10]).bitwise_left_shift(t([1, 2]))",
    # the in-place operators and methods
    "x = t([5, -3]); x //= 2; out = x",
    "x = t([5, -3]); x %= 3; out = x",
    "x = f([5.5, -3.5]); x //= 2; out = x",
    "x = f([5.5, -3.5]); x %= 2; out = x",
    "x = t([5, -3]); x //= 2.5",
    "x = t([5, -3]); x //= 0",
    "x = t([5], 'int32'); x &= 3; out = x",
    "x = t([5], 'int32'); x |= 2 ** 33 + 8; out = x",
    "x = t([5], 'uint8'); x ^= -1; out = x",
    "x = t([5], 'int16'); x <<= 3; out = x",
    "x = t([-64], 'int8'); x >>= 3; out = x",
    "x = t([5], 'uint8'); x &= t([3], 'int64'); out = x",
    "x = t([True, False], 'bool'); x |= t([False, False], 'bool'); out = x",
    "x = t([True, False], 'bool'); x |= 1",
    "x = t([True, False], 'bool'); x &= True; out = x",
    "x = f([1.0]); x &= 1",
    "x = t([12, 10]); x.bitwise_and_(6); out = x",
    "x = t([12, 10], 'uint8'); x.bitwise_or_(t([1, 2])); out = x",
    "x = t([12, 10]); x.bitwise_xor_(t([True, True], 'bool')); out = x",
    "x = t([12, 10]); x.bitwise_not_(); out = x",
    "x = t([12, 10], 'int32'); x.bitwise_left_shift_(2); out = x",
    "x = t([-12, 10]); x.bitwise_right_shift_(t([2, 1])); out = x",
]

# (code, leaves): code makes `out` from leaves x, s (and v), which require grad
_X = [[0.5, -1.2, 2.0, 0.3], [1.1, 0.4, -0.7, 2.2], [-0.9, 1.6, 0.8, -0.4]]
_S = [[1.3, -0.6, 0.9, 2.5], [-1.1, 0.7, 1.9, -0.2]]
_I = "t([[0, 1, 0, 2], [0, 1, 1, 2]])"
GRADS = [(f"out = x.scatter_reduce(0, {_I}, s, {reduce!r}, include_self={include})",
          {"x": _X, "s": _S})
         for reduce in ("sum", "prod", "mean", "amax", "amin") for include in (True, False)]
GRADS += [
    ("out = x.scatter_reduce(-1, t([[1, 1, 0], [0, 2, 2]]), s, 'amax')",
     {"x": [[3.0, 3.0, 1.0], [2.0, 0.5, 0.5]], "s": [[3.0, 1.0, 1.0], [2.0, 2.0, 0.5]]}),
    ("out = x.scatter_reduce(-1, t([[1, 1, 0], [0, 2, 2]]), s, 'amax', include_self=False)",
     {"x": [[3.0, 3.0, 1.0], [2.0, 0.5, 0.5]], "s": [[3.0, 1.0, 1.0], [2.0, 2.0, 0.5]]}),
    ("out = x.scatter_reduce(1, t([[1, 1, 0], [0, 2, 2]]), s, 'amin')",
     {"x": [[3.0, 1.0, 1.0], [2.0, 0.5, 0.5]], "s": [[1.0, 1.0, 1.0], [2.0, 0.5, 0.5]]}),
    ("out = x.scatter_reduce(1, t([[1, 1, 0], [0, 2, 2]]), s, 'amin', include_self=False)",
     {"x": [[3.0, 1.0, 1.0], [2.0, 0.5, 0.5]], "s": [[1.0, 1.0, 1.0], [2.0, 0.5, 0.5]]}),
    ("out = x.scatter_reduce(0, t([0, 1, 3, 3]), s, 'prod')",
     {"x": [2.0, 0.0, 3.0, 1.5], "s": [0.0, 4.0, -2.0, 5.0]}),
    ("out = x.scatter_reduce(0, t([0, 1, 2, 2, 3]), s, 'prod', include_self=False)",
     {"x": [2.0, 0.0, 3.0, 1.5], "s": [0.0, 4.0, 0.0, 0.0, 5.0]}),
    ("out = lib.scatter_reduce(x, 0, t([0, 0, 2]), s, 'mean', include_self=False)",
     {"x": [1.0, 2.0, 3.0], "s": [4.0, 6.0, 9.0]}),
    ("out = x.index_add(1, t([0, 2, 0]), s, alpha=2.0)",
     {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "s": [[0.5, -1.0, 2.0], [1.5, 0.25, -3.0]]}),
    ("out = lib.index_add(x, -2, t([1, 1]), s)",
     {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "s": [[0.5, -1.0, 2.0], [1.5, 0.25, -3.0]]}),
    ("out = x.index_copy(1, t([2, 0]), s)",
     {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "s": [[0.5, -1.0], [1.5, 0.25]]}),
    ("out = lib.index_copy(x, 0, t([1]), s)",
     {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "s": [[0.5, -1.0, 2.0]]}),
    ("out = x.index_fill(1, t([0, 2, 0]), s)",
     {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "s": 0.5}),
    ("out = lib.index_fill(x, 0, t([1]), -1.5) * s",
     {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "s": 2.0}),
    ("out = x.masked_scatter(t([True, False, True], 'bool'), s)",
     {"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "s": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]}),
    ("out = lib.masked_scatter(x, t([[True], [False]], 'bool'), s) * x",
     {"x": [1.0, 2.0], "s": [[10.0, 20.0], [30.0, 40.0]]}),
]
