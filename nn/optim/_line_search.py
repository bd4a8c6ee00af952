"""LBFGS's strong-Wolfe line search: PyTorch's port of minFunc's (torch/optim/lbfgs.py),
kept in its order of decisions so that a run takes PyTorch's trial steps.

Along the direction d from x, with f(t) the loss at x + t * d and f'(t) its derivative
g(x + t * d) . d, a step t is accepted when it satisfies the strong Wolfe conditions

    f(t) <= f(0) + c1 * t * f'(0)     (enough decrease)
    |f'(t)| <= -c2 * f'(0)            (the slope has flattened)

First a bracket around such a t is found by growing t (cubic extrapolation), then it is
shrunk by cubic interpolation ("zoom"), each phase within max_ls evaluations in all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np


def dot(x: np.ndarray, y: np.ndarray) -> float:
    """x . y, LBFGS's every dot product. numpy's BLAS adds the products in another order than
    MKL, PyTorch's BLAS, so the last bits may differ (and grow over many iterations)."""
    return float(np.dot(x, y))


def cubic_interpolate(x1: float, f1: float, g1: float, x2: float, f2: float, g2: float,
                      bounds: tuple[float, float] | None = None) -> float:
    """The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2,
    clamped to `bounds` (default: between x1 and x2); their midpoint if the cubic has none.
    """
    xmin_bound, xmax_bound = bounds if bounds is not None else (
        (x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(min_pos, xmin_bound), xmax_bound)
    return (xmin_bound + xmax_bound) / 2.0


def strong_wolfe(evaluate: Callable[[float], tuple[float, np.ndarray]], t: float,
                 d: np.ndarray, f: float, g: np.ndarray, gtd: float, c1: float = 1e-4,
                 c2: float = 0.9, tolerance_change: float = 1e-9, max_ls: int = 25
                 ) -> tuple[float, np.ndarray, float, int]:
    """(f(t), g(t), t, evaluations) for the step t found, starting from the trial step t;
    `evaluate(t)` gives the loss and flat gradient at x + t * d, f, g and gtd = g . d those
    at t = 0. Where PyTorch fails (max_ls < 0, from max_eval < 1), this stops as at max_ls.
    """
    d_norm = np.max(np.abs(d))
    f_new, g_new = evaluate(t)
    evaluations = 1
    gtd_new = dot(g_new, d)

    # bracket an interval containing a point satisfying the Wolfe conditions
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done = False
    ls_iter = 0
    bracket: list[Any] = []
    while ls_iter < max_ls:
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        # extrapolate: the cubic's minimiser, between 1.01 t - 0.01 t_prev and 10 t
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        t_prev, t = t, cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new,
                                         bounds=(min_step, max_step))
        f_prev, g_prev, gtd_prev = f_new, g_new, gtd_new
        f_new, g_new = evaluate(t)
        evaluations += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
    if ls_iter >= max_ls:  # out of evaluations: the bracket is [0, t]
        bracket, bracket_f, bracket_g = [0.0, t], [f, f_new], [g, g_new]

    # zoom: shrink the bracket until a point satisfies the conditions
    insufficient_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:  # too small to matter
            break
        t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0],
                              bracket[1], bracket_f[1], bracket_gtd[1])
        # A t within 10% of the bracket's ends is moved to 10% from the nearer end when it
        # is on an end, or when the previous trial was that close too.
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insufficient_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False

        f_new, g_new = evaluate(t)
        evaluations += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low]:
            # not enough decrease, or not below the low end: t is the new high end
            bracket[high], bracket_f[high], bracket_g[high] = t, f_new, g_new
            bracket_gtd[high] = gtd_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                # the old low end becomes the high end
                bracket[high], bracket_f[high] = bracket[low], bracket_f[low]
                bracket_g[high], bracket_gtd[high] = bracket_g[low], bracket_gtd[low]
            bracket[low], bracket_f[low], bracket_g[low] = t, f_new, g_new
            bracket_gtd[low] = gtd_new
    return bracket_f[low], bracket_g[low], bracket[low], evaluations
