"""The op table: for each primitive, a small function that emits its ONNX nodes.

A row is `emit(g, node) -> name`: `g` is the graph being built (nn/onnx/builder.py says what
it offers), `node` the recorded node (its inputs are `node._prev`, its static arguments
`node._args`, its value `node.data`); it returns the name of the ONNX value holding the
node's result, in the node's dtype. Adding an op is one registration:

    register(ops.exp, unary("Exp"))

    @register(ops.linear)
    def _linear(g, node): ...

tests/test_nn_onnx_ops.py checks every row: each primitive here must appear in the graph of
some spec row (autograd/specs, nn/specs), and every spec row's graph exports and runs in
ONNX Runtime with gradproof's numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd import Primitive, ops

from ..convolution import conv_rules
from ..loss import loss_functions, loss_rules
from ..norm import normalization
from ..pool import pooling_rules
from .trace import Dim, product

Emit = Callable[[Any, Any], str]

OPS: dict[Primitive, Emit] = {}
"""primitive -> the function that emits its ONNX nodes."""


def register(primitive: Primitive, emit: Emit | None = None) -> Any:
    """Map `primitive` to `emit(g, node) -> name`; without `emit`, a decorator."""
    if not isinstance(primitive, Primitive):
        raise TypeError(f"nn.onnx.register: expected an autograd.Primitive, got "
                        f"{type(primitive).__name__}")
    if emit is None:
        return lambda fn: register(primitive, fn)
    OPS[primitive] = emit
    return emit


def unary(op_type: str) -> Emit:
    """The ONNX op of the same meaning, on the one input."""
    return lambda g, node: g.op(op_type, g.input(node, 0))


def elementwise(op_type: str) -> Emit:
    """The ONNX op of the same meaning on every input (numpy's broadcasting is ONNX's)."""
    return lambda g, node: g.op(op_type, *g.inputs(node))


def scalar(node: Any, value: Any) -> np.ndarray:
    """A 0-d array of the node's dtype (a constant operand that broadcasts)."""
    return np.array(value, dtype=node.data.dtype)


# ------------------------------------------------------------------------ arithmetic

register(ops.add, elementwise("Add"))
register(ops.sub, elementwise("Sub"))
register(ops.mul, elementwise("Mul"))
register(ops.div, elementwise("Div"))
register(ops.neg, unary("Neg"))
register(ops.power, elementwise("Pow"))
register(ops.power_const, lambda g, node: g.op("Pow", g.input(node, 0),
                                               g.const(scalar(node, node._args[0]))))

# ----------------------------------------------------------------------- elementwise

register(ops.exp, unary("Exp"))
register(ops.log, unary("Log"))
register(ops.sqrt, unary("Sqrt"))
register(ops.absolute, unary("Abs"))
register(ops.sin, unary("Sin"))
register(ops.cos, unary("Cos"))
register(ops.tanh, unary("Tanh"))
register(ops.sigmoid, unary("Sigmoid"))
register(ops.relu, unary("Relu"))
register(ops.maximum, elementwise("Max"))
register(ops.minimum, elementwise("Min"))


@register(ops.clip)
def _clip(g: Any, node: Any) -> str:
    # Clip takes scalar bounds only; bounds with a shape are Max then Min (np.clip's own
    # definition, lo > hi giving hi, as Clip does too).
    x, lo, hi = g.inputs(node)
    if all(np.ndim(bound.data) == 0 for bound in node._prev[1:]):
        return g.op("Clip", x, lo, hi)
    return g.op("Min", g.op("Max", x, lo), hi)


@register(ops.where)
def _where(g: Any, node: Any) -> str:
    (cond,) = node._args
    return g.op("Where", g.const(np.asarray(cond, dtype=bool)), *g.inputs(node))


# --------------------------------------------------------------------------- linalg

register(ops.matmul, elementwise("MatMul"))


@register(ops.linear)
def _linear(g: Any, node: Any) -> str:
    """x @ w.T + b: Gemm (transB=1) for a batch of vectors, as torch.onnx; MatMul with the
    weight transposed (and Add) for other shapes. The weight stays in PyTorch's layout."""
    x, w, *b = g.inputs(node)
    if node._prev[0].data.ndim == 2:
        return g.op("Gemm", x, w, *b, transB=1)
    y = g.op("MatMul", x, g.op("Transpose", w, perm=[1, 0]))
    return g.op("Add", y, b[0]) if b else y


# ----------------------------------------------------------------------- reductions

def reduction(op_type: str) -> Emit:
    """A reduction whose static arguments are (axes, keepdims), axes None for all."""
    return lambda g, node: g.reduce(op_type, g.input(node, 0), *node._args)


register(ops.reduce_sum, reduction("ReduceSum"))
register(ops.reduce_mean, reduction("ReduceMean"))
register(ops.reduce_max, reduction("ReduceMax"))
register(ops.reduce_min, reduction("ReduceMin"))
register(ops.softmax, lambda g, node: g.op("Softmax", g.input(node, 0), axis=node._args[0]))
register(ops.log_softmax, lambda g, node: g.op("LogSoftmax", g.input(node, 0),
                                               axis=node._args[0]))


def _reduced_axes(node: Any, axes: tuple[int, ...] | None) -> tuple[int, ...]:
    return tuple(range(node.data.ndim)) if axes is None else axes


@register(ops.std)
def _std(g: Any, node: Any) -> str:
    """numpy's order: sqrt(sum((x - mean)**2) / max(n - ddof, 0))."""
    axes, keepdims, ddof = node._args
    x = g.input(node, 0)
    deviation = g.op("Sub", x, g.reduce("ReduceMean", x, axes, True))
    total = g.reduce("ReduceSum", g.op("Mul", deviation, deviation), axes, keepdims)
    source = g.dims(node._prev[0])
    count = product([source[a] for a in _reduced_axes(node._prev[0], axes)])
    if count.static:
        n = g.const(scalar(node, max(count.factor - ddof, 0)))
    else:  # a length that follows a dynamic axis, as a scalar of the node's dtype
        n = g.op("Reshape", g.cast(g.op("Sub", g.length(count), g.ints([ddof])),
                                   node.data.dtype), g.ints([]))
    return g.op("Sqrt", g.op("Div", total, n))


@register(ops.logsumexp)
def _logsumexp(g: Any, node: Any) -> str:
    """m + log(sum(exp(x - m))), m the max (0 where it is not finite), as gradproof's."""
    axes, keepdims = node._args
    x = g.input(node, 0)
    m = g.reduce("ReduceMax", x, axes, True)
    finite = g.op("Not", g.op("Or", g.op("IsInf", m), g.op("IsNaN", m)))
    m = g.op("Where", finite, m, g.const(scalar(node, 0)))
    total = g.reduce("ReduceSum", g.op("Exp", g.op("Sub", x, m)), axes, True)
    out = g.op("Add", g.op("Log", total), m)
    return out if keepdims else g.squeeze(out, _reduced_axes(node._prev[0], axes))


# ---------------------------------------------------------------------------- shape

register(ops.transpose, lambda g, node: g.op("Transpose", g.input(node, 0),
                                             perm=list(node._args[0]))
         if node.data.ndim else g.input(node, 0))
register(ops.concatenate, lambda g, node: g.op("Concat", *g.inputs(node), axis=node._args[0]))


@register(ops.reshape)
def _reshape(g: Any, node: Any) -> str:
    """Flatten when the result is two axes joining the input's first and last few (what
    nn.Flatten makes); else Reshape, to a shape whose lengths follow the dynamic axes (-1
    for the one that does, when there is one)."""
    x = g.input(node, 0)
    source, out = g.dims(node._prev[0]), g.dims(node)
    if source == out:
        return x
    if len(out) == 2 and len(source) >= 2:
        for k in range(1, len(source)):
            if product(source[:k]) == out[0] and product(source[k:]) == out[1]:
                return g.op("Flatten", x, axis=k)
    dynamic = [i for i, d in enumerate(out) if not d.static]
    has_zero = any(d.static and d.factor == 0 for d in out)
    if len(dynamic) == 1 and not has_zero:
        return g.op("Reshape", x, g.ints([-1 if i in dynamic else d.factor
                                          for i, d in enumerate(out)]))
    if has_zero and g.opset < 14:  # a 0 in the shape means 'copy' without allowzero
        if dynamic:
            raise ValueError(f"export_onnx: reshape to {tuple(map(str, out))} needs opset 14 "
                             "or later (Reshape's allowzero)")
        return g.const(node.data)  # an empty array: nothing to compute
    return g.op("Reshape", x, g.shape(out), allowzero=1 if has_zero else None)


@register(ops.broadcast_to)
def _broadcast_to(g: Any, node: Any) -> str:
    # Expand broadcasts both ways, so a target length that the input has already (the
    # batch) can be 1: no shape to compute at run time.
    source, out = g.dims(node._prev[0]), g.dims(node)
    lead = len(out) - len(source)
    target = [Dim(1) if i >= lead and not d.static and source[i - lead] == d else d
              for i, d in enumerate(out)]
    return g.op("Expand", g.input(node, 0), g.shape(target))


@register(ops.sum_to)
def _sum_to(g: Any, node: Any) -> str:
    """Sum over the leading axes and those broadcast from 1; the leading ones dropped."""
    x = g.input(node, 0)
    source, shape = node._prev[0].data.shape, node.data.shape
    if source == shape:
        return x
    lead = len(source) - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                      if n == 1 and source[lead + i] != 1)
    return g.squeeze(g.reduce("ReduceSum", x, axes, True), list(range(lead)))


# ----------------------------------------------------------------------------- cast

register(ops.astype, lambda g, node: g.cast(g.value(node._prev[0]), node._args[0]))

# -------------------------------------------------------------------- nn's own rules



@register(loss_functions.bce)
def _binary_cross_entropy(g: Any, node: Any) -> str:
    """(t - 1) max(log(1 - p), -100) - t max(log(p), -100), times the weight (PyTorch's)."""
    (weight,) = node._args
    p, t = g.input(node, 0), g.input(node, 1)  # (the target an input: a constant leaf or not)
    one, floor = g.const(scalar(node, 1)), g.const(scalar(node, -100))
    log_p = g.op("Max", g.op("Log", p), floor)
    log_q = g.op("Max", g.op("Log", g.op("Sub", one, p)), floor)
    loss = g.op("Sub", g.op("Mul", g.op("Sub", t, one), log_q), g.op("Mul", t, log_p))
    return loss if weight is None else g.op("Mul", loss, g.const(np.asarray(weight,
                                                                            node.data.dtype)))


@register(loss_rules.softmax_cross_entropy)
def _softmax_cross_entropy(g: Any, node: Any) -> str:
    """cross_entropy's fused case: ONNX's own SoftmaxCrossEntropyLoss, the mean over rows."""
    (classes,) = node._args
    return g.op("SoftmaxCrossEntropyLoss", g.input(node, 0),
                g.const(np.asarray(classes, np.int64)), reduction="mean")


# -------------------------------------------------- convolution, pooling, batch norm
# Each layer is one rule of nn's (a convolution is not its im2col and matmul here):
# nn/convolution/conv.py,
# nn/pool/pooling_rules.py, nn/norm/normalization.py. A 1-D layer is its 2-D rule on height 1,
# between
# two Reshapes.

def _windows(geom: Any) -> dict[str, list[int]]:
    """kernel_shape, strides, dilations and pads of a sliding window's geometry. PyTorch pads
    `geom.padding` before and, after, as far as the windows reach (ceil_mode's last window
    may overhang; 'same' may pad one more after): those are the pads after, so that the
    ONNX op's floor(...) output sizes are the node's."""
    reach = conv_rules.reach(geom)
    after = [max(0, r - p - n) for r, p, n in zip(reach, geom.padding, geom.in_size,
                                                  strict=True)]
    return {"kernel_shape": list(geom.kernel), "strides": list(geom.stride),
            "dilations": list(geom.dilation), "pads": [*geom.padding, *after]}


@register(conv_rules.convolution)
@register(conv_rules.convolution_bias)
def _conv(g: Any, node: Any) -> str:
    geom = node._args[-2]
    return g.op("Conv", *g.inputs(node), group=geom.groups, **_windows(geom))


@register(conv_rules.conv_transpose)
@register(conv_rules.conv_transpose_bias)
def _conv_transpose(g: Any, node: Any) -> str:
    """ConvTranspose, whose output is s (n - 1) + d (k - 1) + 1 + output_padding - pads: the
    geometry is the convolution's from the output back, so its pads are the output's
    (`_windows`) and output_padding the output's last rows that no window reads. ONNX
    Runtime takes an output_padding smaller than the stride only (PyTorch: than the stride
    or the dilation): past that, those rows are a Pad of zeros, and the bias an Add."""
    geom = node._args[-1]
    unread = [max(0, n + p - r) for n, p, r in
              zip(geom.in_size, geom.padding, conv_rules.reach(geom), strict=True)]
    inputs = g.inputs(node)
    if all(u < s for u, s in zip(unread, geom.stride, strict=True)):
        return g.op("ConvTranspose", *inputs, group=geom.groups, output_padding=unread,
                    **_windows(geom))
    y = g.op("ConvTranspose", *inputs[:2], group=geom.groups, **_windows(geom))
    y = g.op("Pad", y, g.ints([0, 0, 0, 0, 0, 0, *unread]))
    return y if len(inputs) == 2 else g.op("Add", y, g.unsqueeze(inputs[2], [1, 2]))


@register(pooling_rules.max_pool)
def _max_pool(g: Any, node: Any) -> str:
    """MaxPool with PyTorch's padding on both sides, and ceil_mode where the output is longer
    than the floor of (n + 2 p - d (k - 1) - 1) / s + 1 (pads past the input's end would
    do too, but ONNX Runtime takes no pad as large as the kernel). ceil_mode is one flag for
    every axis, and ONNX's ceil keeps a last window that starts in the padding, which
    PyTorch drops: the axes where that gives one more are Sliced back to PyTorch's length."""
    geom = node._args[0]
    windows = _windows(geom)
    windows["pads"] = [*geom.padding, *geom.padding]
    spans = [n + 2 * p - d * (k - 1) - 1 for n, p, d, k in
             zip(geom.in_size, geom.padding, geom.dilation, geom.kernel, strict=True)]
    floor = [span // s + 1 for span, s in zip(spans, geom.stride, strict=True)]
    ceil_mode = int(list(geom.out_size) != floor)
    y = g.op("MaxPool", g.input(node, 0), ceil_mode=ceil_mode, **windows)
    if not ceil_mode:
        return y
    ceil = [-(-span // s) + 1 for span, s in zip(spans, geom.stride, strict=True)]
    longer = [i for i, (c, n) in enumerate(zip(ceil, geom.out_size, strict=True)) if c != n]
    if not longer:
        return y
    return g.op("Slice", y, g.ints([0] * len(longer)),
                g.ints([geom.out_size[i] for i in longer]), g.ints([2 + i for i in longer]))


@register(pooling_rules.avg_pool)
def _avg_pool(g: Any, node: Any) -> str:
    """AveragePool where ONNX's divisor is PyTorch's: every window inside the padded input
    (no ceil_mode overhang), and the divisor the kernel's size (count_include_pad) or the
    input elements in each window (not); else the sums (a Conv with ones per channel) over
    the divisor itself (ceil_mode's overhang, divisor_override)."""
    geom, divisor = node._args
    x = g.input(node, 0)
    sizes = geom.in_size
    windows = _windows(geom)
    inside = [(o - 1) * s + k <= n + 2 * p for o, s, k, n, p in
              zip(geom.out_size, geom.stride, geom.kernel, sizes, geom.padding, strict=True)]
    if all(inside):
        counted = {1: float(np.prod(geom.kernel)), 0: _inside_counts(geom, sizes)}
        for count_include_pad, expected in counted.items():
            if np.array_equal(np.broadcast_to(divisor, geom.out_size),
                              np.broadcast_to(expected, geom.out_size)):
                windows["pads"] = [*geom.padding, *geom.padding]
                del windows["dilations"]  # (AveragePool has them from opset 19 only)
                return g.op("AveragePool", x, count_include_pad=count_include_pad, **windows)
    channels = node._prev[0].data.shape[1]
    ones = g.const(np.ones((channels, 1, *geom.kernel), node.data.dtype))
    sums = g.op("Conv", x, ones, group=channels, **windows)
    return g.op("Div", sums, g.const(np.asarray(divisor, node.data.dtype)))


def _inside_counts(geom: Any, sizes: tuple[int, ...]) -> np.ndarray:
    """How many input elements (not padding) each window holds: (Ho, Wo)."""
    counts = []
    for out, stride, k, n, pad in zip(geom.out_size, geom.stride, geom.kernel, sizes,
                                      geom.padding, strict=True):
        start = np.arange(out) * stride - pad
        counts.append(np.minimum(start + k, n) - np.maximum(start, 0))
    return (counts[0][:, None] * counts[1]).astype(np.float64)


@register(pooling_rules.adaptive_avg_pool)
def _adaptive_avg_pool(g: Any, node: Any) -> str:
    """GlobalAveragePool to one value per channel, AveragePool where each size is a multiple
    of the output's (PyTorch's windows are then the same size, side by side), else the
    averaging matrices' products (as torch.onnx cannot)."""
    rows, cols = node._args
    x = g.input(node, 0)
    source = node._prev[0].data.shape
    spatial = 1 if rows is None else 2
    sizes, outs = source[-spatial:], node.data.shape[-spatial:]
    if len(source) == spatial + 2 and all(n % o == 0 for n, o in zip(sizes, outs, strict=True)):
        if all(o == 1 for o in outs):
            return g.op("GlobalAveragePool", x)
        kernel = [n // o for n, o in zip(sizes, outs, strict=True)]
        return g.op("AveragePool", x, kernel_shape=kernel, strides=kernel)
    dtype = node.data.dtype
    y = x if rows is None else g.op("MatMul", g.const(np.asarray(rows, dtype)), x)
    return g.op("MatMul", y, g.const(np.asarray(cols, dtype)))


@register(normalization.normalize)
def _batch_norm(g: Any, node: Any) -> str:
    """BatchNormalization (inference): x, weight, bias, mean and var, ONNX's order (and the
    state_dict's: the initializers come in the order they are first used)."""
    x, weight, bias, mean, var = (g.input(node, i) for i in (0, 3, 4, 1, 2))
    (eps,) = node._args
    if node.data.dtype == np.float64 and float(np.float32(eps)) != eps:
        # epsilon is a float32 attribute: in float64, add the exact eps to var instead
        var, eps = g.op("Add", var, g.const(scalar(node, eps))), 0.0
    return g.op("BatchNormalization", x, weight, bias, mean, var, epsilon=eps)
