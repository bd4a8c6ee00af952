"""Bad arguments to the rest of the CNN toolbox (tests/test_nn_cnn_more.py): errors that name
the op, the argument and the value, with the substance of PyTorch's (each public function
and layer is in the error sweep too: tests/error_calls_nn.py)."""

import numpy as np
import pytest

import nn
from nn import functional as F  # noqa: N812 (PyTorch's habit)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: F.conv3d(np.ones((4, 5, 6)), np.ones((2, 1, 2, 2, 2))), ValueError,
     r"conv3d: expected a 4-D \(unbatched\) or 5-D \(batched\) input, got shape \(4, 5, 6\)"),
    (lambda: F.conv3d(np.ones((1, 2, 4, 4, 4)), np.ones((4, 2, 2, 2, 2)), groups=2),
     ValueError, "conv3d: given groups=2, weight of size"),
    (lambda: F.conv3d(np.ones((1, 2, 4, 4, 4)), np.ones((4, 2, 5, 1, 1))), ValueError,
     "conv3d: padded input size .* is smaller than the .* kernel size"),
    (lambda: F.conv3d(np.ones((1, 2, 4, 4, 4)), np.ones((4, 2, 2, 2, 2)), stride=2,
                      padding="same"), ValueError, "padding='same' is not supported for strided"),
    (lambda: F.max_pool3d(np.ones((1, 2, 4, 4, 4)), 2, padding=2), ValueError,
     "max_pool3d: pad should be at most half of the effective kernel size"),
    (lambda: F.max_pool3d(np.ones((1, 2, 4, 4, 4)), (2, 2)), ValueError,
     "max_pool3d: kernel_size must be an int or 3 ints"),
    (lambda: F.avg_pool3d(np.ones((1, 2, 4, 4, 4)), 5), ValueError,
     "avg_pool3d: given input size .* too small"),
    (lambda: F.avg_pool3d(np.ones((1, 2, 4, 4, 4)), 2, divisor_override=0), ValueError,
     "avg_pool3d: divisor_override must be a nonzero int"),
    (lambda: F.adaptive_max_pool2d(np.ones((5, 7)), 2), ValueError,
     r"adaptive_max_pool2d: expected a 3-D \(unbatched\) or 4-D \(batched\) input"),
    (lambda: F.adaptive_max_pool2d(np.ones((1, 2, 0, 4)), 2), ValueError,
     "adaptive_max_pool2d: expected an input with no empty dims but the batch's"),
    (lambda: F.adaptive_max_pool1d(np.ones((2, 3)), (2, 2)), ValueError,
     "adaptive_max_pool1d: output_size must be an int or 1 ints"),
    (lambda: F.lp_pool2d(np.ones((1, 2, 4, 4)), 0, 2), ValueError,
     "lp_pool2d: norm_type must be a nonzero number"),
    (lambda: F.lp_pool1d(np.ones((1, 2, 4)), 2, 5), ValueError,
     "lp_pool1d: given input size .* too small"),
    (lambda: F.max_unpool2d(np.ones((1, 1, 2, 2)), np.full((1, 1, 2, 2), 16), 2), ValueError,
     "max_unpool2d: found an invalid max index 16: the output planes are of size 4x4"),
    (lambda: F.max_unpool2d(np.ones((1, 1, 2, 2)), np.zeros((1, 1, 1, 2), int), 2), ValueError,
     r"max_unpool2d: indices of shape \(1, 1, 1, 2\) do not fit the input"),
    (lambda: F.max_unpool2d(np.ones((1, 1, 2, 2)), np.zeros((1, 1, 2, 2)) + 0.5, 2),
     IndexError, "max_unpool2d: indices must hold whole numbers"),
    (lambda: F.max_unpool2d(np.ones((1, 1, 2, 2)), np.zeros((1, 1, 2, 2), int), 2,
                            output_size=(6, 4)), ValueError,
     r"max_unpool2d: invalid output_size \(6, 4\) \(dim 0 must be between 2 and 6"),
    (lambda: F.max_unpool2d(np.ones((1, 1, 2, 2)), np.zeros((1, 1, 2, 2), int), 2,
                            output_size=(1, 4, 4)), ValueError,
     "max_unpool2d: output_size should be a sequence of 2 or 4 sizes"),
    (lambda: nn.Conv3d(2, 4, 3, groups=3), ValueError,
     r"Conv3d: in_channels \(2\) must be divisible by groups \(3\)"),
    (lambda: nn.LPPool2d(0, 2), ValueError, "LPPool2d: norm_type must be a nonzero number"),
    (lambda: nn.MaxUnpool2d(0), ValueError, "MaxUnpool2d: kernel_size must be at least 1"),
])
def test_bad_arguments_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


