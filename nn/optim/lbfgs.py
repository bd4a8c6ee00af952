"""L-BFGS (Liu and Nocedal): quasi-Newton steps from the last few gradient differences, each
step() running up to max_iter iterations on a closure that recomputes the loss."""

from __future__ import annotations

import copy
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from autograd import Tensor, Value, enable_grad
from autograd.arguments import shown

from . import _line_search as line_search
from ._common import check_real
from ._kernels import add_scaled
from .optimizer import Optimizer

_LISTS = ("old_dirs", "old_stps", "ro", "al")  # the history, oldest first
_VECTORS = ("d", "prev_flat_grad")  # flat: every parameter's numbers end to end
_NUMBERS = ("t", "H_diag", "prev_loss")


class LBFGS(Optimizer):
    """PyTorch's LBFGS (after minFunc), in its order of operations. All parameters are one
    flat vector x with gradient g; each step(closure) iterates, at most max_iter times:

        d = -H g, H the inverse Hessian estimated from the last history_size pairs
            (s = t d, y = g_new - g_old) with y.s > 1e-10, by the two-loop recursion
            (d = -g on the first iteration ever)
        t = lr (min(1, 1 / sum|g|) * lr on the first), or the strong-Wolfe line search's
        x += t d

    and stops early when max|g| <= tolerance_grad, g.d > -tolerance_change,
    max|t d| <= tolerance_change, the loss changes by less than tolerance_change, or the
    closure has been called max_eval times (default max_iter * 5 // 4). One parameter
    group only; the state is kept under the first parameter, as PyTorch's. `fma=True`
    rounds each `y + a * x` once, as PyTorch's AVX2/AVX-512 CPU kernels do; dot products
    are numpy's, so runs agree with PyTorch's to rounding, not bit for bit.
    """

    state_names = ("func_evals", "n_iter", *_VECTORS, *_NUMBERS, *_LISTS)

    def __init__(self, params: Iterable[Any], lr: float = 1.0, max_iter: int = 20,
                 max_eval: int | None = None, tolerance_grad: float = 1e-7,
                 tolerance_change: float = 1e-9, history_size: int = 100,
                 line_search_fn: str | None = None, *, fma: bool = False) -> None:
        _check_int(max_iter, "max_iter")
        super().__init__(params, dict(
            lr=lr, max_iter=max_iter, max_eval=max_iter * 5 // 4 if max_eval is None
            else max_eval, tolerance_grad=tolerance_grad, tolerance_change=tolerance_change,
            history_size=history_size, line_search_fn=line_search_fn, fma=fma))

    def add_param_group(self, param_group: Any) -> None:
        if self.param_groups:
            raise ValueError("LBFGS: takes one parameter group, as PyTorch's (no "
                             "per-parameter settings); it has one already")
        super().add_param_group(param_group)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        for key in ("max_iter", "max_eval"):
            _check_int(group[key], key)
        for key in ("tolerance_grad", "tolerance_change"):  # any number, as PyTorch takes
            check_real(group[key], key, "LBFGS")
        history = group["history_size"]
        if not isinstance(history, numbers.Integral) or isinstance(history, bool) or (
                history < 1):
            raise ValueError(f"LBFGS: history_size must be an int >= 1, got {shown(history)}")
        line_search_fn = group["line_search_fn"]
        if line_search_fn is not None and not (isinstance(line_search_fn, str)
                                               and line_search_fn == "strong_wolfe"):
            raise ValueError("LBFGS: line_search_fn must be None or 'strong_wolfe', got "
                             f"{shown(line_search_fn)}")

    # -- the parameters as one flat vector ----------------------------------------------

    def _flat_grad(self) -> np.ndarray:
        parts = []
        for p in self.param_groups[0]["params"]:
            g = p.grad.data if isinstance(p.grad, (Tensor, Value)) else p.grad
            shape = np.shape(p.data)
            if g is None:
                parts.append(np.zeros(int(np.prod(shape)), np.asarray(p.data).dtype))
            elif np.shape(g) != shape:
                raise ValueError(f"LBFGS.step: a gradient of shape {np.shape(g)} for a "
                                 f"parameter of shape {shape}")
            else:
                parts.append(np.ravel(np.asarray(g, dtype=np.float64 if isinstance(
                    p, Value) else None)))
        return np.concatenate(parts)

    def _add_grad(self, t: float, d: np.ndarray, fma: bool) -> None:
        """x += t * d, each parameter from its slice of d."""
        offset = 0
        for p in self.param_groups[0]["params"]:
            size = int(np.prod(np.shape(p.data)))
            part = d[offset:offset + size]
            if isinstance(p, Value):
                p.data = float(add_scaled(np.float64(p.data), t, part[0], fma))
            else:
                add_scaled(p.data, t, part.reshape(p.data.shape), fma, out=p.data)
            offset += size

    def _values(self) -> list[Any]:
        return [p.data if isinstance(p, Value) else p.data.copy()
                for p in self.param_groups[0]["params"]]

    def _set_values(self, values: list[Any]) -> None:
        for p, value in zip(self.param_groups[0]["params"], values, strict=True):
            if isinstance(p, Value):
                p.data = value
            else:
                p.data[...] = value

    # -- the step -----------------------------------------------------------------------

    def step(self, closure: Callable[[], Any]) -> Any:
        """Run up to max_iter iterations; `closure` (required) zeroes the gradients,
        computes the loss, calls backward() and returns the loss. Returns the first loss.
        """
        if not callable(closure):
            raise TypeError("LBFGS.step: needs a closure that recomputes the loss and its "
                            f"gradients (and returns the loss), got {shown(closure)}")

        def evaluate() -> tuple[Any, float]:
            with enable_grad():
                loss = closure()
            number = loss.data if isinstance(loss, (Tensor, Value)) else loss
            if not isinstance(number, (numbers.Real, np.ndarray)) or np.size(number) != 1:
                raise TypeError("LBFGS.step: the closure must return the loss (one number), "
                                f"got {shown(loss)}")
            return loss, float(np.ravel(number)[0])

        group = self.param_groups[0]
        lr, fma, max_iter, max_eval = (group["lr"], group["fma"], group["max_iter"],
                                       group["max_eval"])
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        history_size = group["history_size"]
        state = self.state[group["params"][0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        self._step_count += 1

        orig_loss, loss = evaluate()
        current_evals = 1
        state["func_evals"] += 1
        flat_grad = self._flat_grad()
        opt_cond = np.max(np.abs(flat_grad)) <= tolerance_grad
        if opt_cond:
            return orig_loss

        d, t, h_diag = state.get("d"), state.get("t"), state.get("H_diag")
        old_dirs, old_stps, ro = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
        prev_flat_grad, prev_loss = state.get("prev_flat_grad"), state.get("prev_loss")
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            # the direction d
            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro, h_diag = [], [], [], 1.0
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = line_search.dot(y, s)
                if ys > 1e-10:  # a pair that keeps H positive definite: remember it
                    if len(old_dirs) == history_size:
                        del old_dirs[0], old_stps[0], ro[0]
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    h_diag = ys / line_search.dot(y, y)  # the initial H's scale
                # the two-loop recursion: d = -H g
                if "al" not in state or len(state["al"]) < len(old_dirs):
                    state["al"] = [None] * history_size
                al = state["al"]
                q = -flat_grad
                for i in range(len(old_dirs) - 1, -1, -1):
                    al[i] = line_search.dot(old_stps[i], q) * ro[i]
                    add_scaled(q, -al[i], old_dirs[i], fma, out=q)
                d = r = q * h_diag
                for i in range(len(old_dirs)):
                    be_i = line_search.dot(old_dirs[i], r) * ro[i]
                    add_scaled(r, al[i] - be_i, old_stps[i], fma, out=r)
            prev_flat_grad = flat_grad.copy()
            prev_loss = loss

            # the step length t
            if state["n_iter"] == 1:
                with np.errstate(divide="ignore"):
                    t = min(1.0, float(1.0 / np.sum(np.abs(flat_grad)))) * lr
            else:
                t = lr
            gtd = line_search.dot(flat_grad, d)
            if gtd > -tolerance_change:  # not a descent direction, to the tolerance
                break
            evaluations = 0
            if group["line_search_fn"] is not None:
                start = self._values()

                def along(step: float, d: np.ndarray = d, start: list[Any] = start
                          ) -> tuple[float, np.ndarray]:
                    self._add_grad(step, d, fma)
                    value = evaluate()[1]
                    gradient = self._flat_grad()
                    self._set_values(start)
                    return value, gradient

                loss, flat_grad, t, evaluations = line_search.strong_wolfe(
                    along, t, d, loss, flat_grad, gtd, max_ls=max_eval - current_evals)
                self._add_grad(t, d, fma)
                opt_cond = np.max(np.abs(flat_grad)) <= tolerance_grad
            else:
                self._add_grad(t, d, fma)
                if n_iter != max_iter:  # (the last iteration's loss would go unused)
                    loss = evaluate()[1]
                    flat_grad = self._flat_grad()
                    opt_cond = np.max(np.abs(flat_grad)) <= tolerance_grad
                    evaluations = 1
            current_evals += evaluations
            state["func_evals"] += evaluations

            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if np.max(np.abs(d * t)) <= tolerance_change:  # no progress in x
                break
            if abs(loss - prev_loss) < tolerance_change:  # nor in the loss
                break

        state.update(d=d, t=t, old_dirs=old_dirs, old_stps=old_stps, ro=ro, H_diag=h_diag,
                     prev_flat_grad=prev_flat_grad, prev_loss=prev_loss)
        return orig_loss

    def _update(self, x: np.ndarray, g: np.ndarray, state: dict[str, Any],
                group: dict[str, Any]) -> None:
        raise NotImplementedError("LBFGS updates all parameters at once, in step(closure)")

    # -- saving and loading -----------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """Optimizer's layout; the history lists are copied too."""
        saved = super().state_dict()
        for buffers in saved["state"].values():
            for key in _LISTS:
                if key in buffers:
                    buffers[key] = copy.deepcopy(buffers[key])
        return saved

    def _load_states(self, saved_states: Any, by_index: dict[Any, tuple[Any, dict[str, Any]]],
                     problems: list[str]) -> list[tuple[Any, dict[str, Any]]]:
        """(first parameter, copied state) after checking the saved state: counts, flat
        vectors of every parameter's numbers, numbers, and history lists of equal length."""
        if not isinstance(saved_states, Mapping):
            problems.append("'state' is not a dict of index -> buffers")
            return []
        first = self.param_groups[0]["params"][0]
        size = sum(int(np.prod(np.shape(p.data))) for p in self.param_groups[0]["params"])
        states = []
        for index, saved in saved_states.items():
            if index not in by_index or by_index[index][0] is not first:
                problems.append(f"state {index!r} is not for the first parameter, where "
                                "LBFGS keeps its state")
                continue
            where = f"state {index}"
            if not isinstance(saved, Mapping):
                problems.append(f"{where}: not a dict of buffers")
                continue
            unknown = [key for key in saved if key not in self.state_names]
            missing = [key for key in ("func_evals", "n_iter") if key not in saved]
            if unknown or missing:
                problems.append(f"{where}: unknown buffers {unknown}, missing {missing} "
                                f"(known: {list(self.state_names)})")
                continue
            states.append((first, _load_state(saved, size, where, problems)))
        return states


def _check_int(x: Any, name: str) -> None:
    if not isinstance(x, numbers.Integral) or isinstance(x, bool):
        raise ValueError(f"LBFGS: {name} must be an int, got {shown(x)}")


def _load_state(saved: Mapping[str, Any], size: int, where: str, problems: list[str]
                ) -> dict[str, Any]:
    def vector(value: Any, name: str) -> Any:
        try:
            array = np.asarray(value)
        except (TypeError, ValueError):  # a ragged list
            array = np.array(None)
        if array.dtype.kind not in "fiu" or array.shape != (size,):
            problems.append(f"{where}: {name} must be {size} numbers (every parameter's), "
                            f"got {shown(value)}")
            return None
        return np.array(array, dtype=np.float64 if array.dtype.kind != "f" else None)

    def number(value: Any, name: str) -> Any:
        value = value.item() if isinstance(value, np.ndarray) and value.size == 1 else value
        if not isinstance(value, numbers.Real) or isinstance(value, bool):
            problems.append(f"{where}: {name} must be a number, got {shown(value)}")
        return value

    state: dict[str, Any] = {}
    for key in ("func_evals", "n_iter"):
        count = number(saved[key], key)
        if isinstance(count, numbers.Real) and not (count >= 0 and count == int(count)):
            problems.append(f"{where}: {key} must be a whole number >= 0, got {count!r}")
        state[key] = int(count) if isinstance(count, numbers.Real) else 0
    for key in _VECTORS:
        if key in saved:
            state[key] = None if saved[key] is None else vector(saved[key], key)
    for key in _NUMBERS:
        if key in saved:
            state[key] = None if saved[key] is None else number(saved[key], key)
    lists = {key: saved[key] for key in _LISTS if key in saved}
    for key, value in lists.items():
        if not isinstance(value, (list, tuple)):
            problems.append(f"{where}: {key} must be a list, got {shown(value)}")
            return state
    for key in ("old_dirs", "old_stps"):
        if key in lists:
            state[key] = [vector(v, f"{key}[{i}]") for i, v in enumerate(lists[key])]
    if "ro" in lists:
        state["ro"] = [number(v, f"ro[{i}]") for i, v in enumerate(lists["ro"])]
    if "al" in lists:
        state["al"] = [None if v is None else number(v, f"al[{i}]")
                       for i, v in enumerate(lists["al"])]
    lengths = {key: len(lists[key]) for key in ("old_dirs", "old_stps", "ro") if key in lists}
    if len(set(lengths.values())) > 1:
        problems.append(f"{where}: the history lists differ in length: {lengths}")
    return state
