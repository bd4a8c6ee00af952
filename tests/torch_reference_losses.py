"""Print PyTorch's numbers for tests/test_nn_losses_more.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_losses.py \
        > tests/torch_numbers_losses.py

(any Python with torch and numpy). poisson_nll_loss, gaussian_nll_loss, the margin and
embedding losses, cosine_similarity, pairwise_distance and pdist, each with every reduction
and its options, on small inputs drawn from numpy's seeded generator. Each case keeps its
inputs (targets and class indices in their own dtype), its keyword arguments, its output and
the gradients of the inputs named in `grads` after backward of a fixed random output
gradient, as float literals (repr: exact), so the tests need no PyTorch.
"""

from __future__ import annotations

import pprint

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

_seed = iter(range(1, 10_000))
REDUCTIONS = ("mean", "sum", "none")


def normal(*shape: int, dtype: str = "float64") -> np.ndarray:
    """Standard normals rounded to 3 decimals (short literals), in the case's dtype."""
    return np.round(np.random.default_rng(next(_seed)).standard_normal(shape), 3).astype(dtype)


def uniform(low: float, high: float, *shape: int, dtype: str = "float64") -> np.ndarray:
    rng = np.random.default_rng(next(_seed))
    return np.round(rng.uniform(low, high, shape), 3).astype(dtype)


def signs(*shape: int) -> np.ndarray:
    return np.random.default_rng(next(_seed)).choice([-1.0, 1.0], shape)


def listed(t: torch.Tensor) -> list:
    return t.detach().numpy().tolist()


DISTANCES = {  # triplet_margin_with_distance_loss's distance_function, by name
    "cosine": lambda a, b: 1 - F.cosine_similarity(a, b, dim=-1),
    "l1": lambda a, b: (a - b).abs().sum(-1),
}


def run(fn, inputs: dict, grads: tuple[str, ...], **kwargs) -> dict:
    """fn(**tensors, **kwargs) after backward of a random output gradient."""
    tensors = {k: torch.tensor(v, requires_grad=k in grads) for k, v in inputs.items()}
    called = dict(kwargs)
    if "distance_function" in called:
        called["distance_function"] = DISTANCES[called["distance_function"]]
    out = fn(**tensors, **called)
    g = normal(*out.shape, dtype=str(inputs[grads[0]].dtype))
    out.backward(torch.tensor(g))
    return {"inputs": {k: v.tolist() for k, v in inputs.items()},
            "dtypes": {k: str(v.dtype) for k, v in inputs.items()}, "grads": list(grads),
            "kwargs": kwargs, "grad_output": g.tolist(), "out": listed(out),
            **{f"grad_{k}": listed(tensors[k].grad) for k in grads}}


def each_reduction(fn, make_inputs, grads, **kwargs) -> dict:
    return {reduction: run(fn, make_inputs(), grads, reduction=reduction, **kwargs)
            for reduction in REDUCTIONS}


def poisson_cases() -> dict:
    def rates():
        return {"input": normal(3, 4), "target": np.round(uniform(0, 4, 3, 4))}

    def positive_rates():
        return {"input": uniform(0.1, 3, 3, 4), "target": np.round(uniform(0, 4, 3, 4))}
    cases = {f"log-{r}": c for r, c in each_reduction(F.poisson_nll_loss, rates,
                                                        ("input",)).items()}
    cases.update({f"rate-{r}": c for r, c in each_reduction(
        F.poisson_nll_loss, positive_rates, ("input",), log_input=False).items()})
    cases["log-full"] = run(F.poisson_nll_loss, rates(), ("input",), full=True,
                            reduction="none")
    cases["rate-full-eps"] = run(F.poisson_nll_loss, positive_rates(), ("input",),
                                 log_input=False, full=True, eps=0.5, reduction="none")
    cases["broadcast"] = run(F.poisson_nll_loss, {"input": normal(3, 4),
                                                  "target": np.array([0.0, 1.0, 2.0, 5.0])},
                             ("input",), full=True)
    cases["float32"] = run(F.poisson_nll_loss, {"input": normal(2, 3, dtype="float32"),
                                                "target": np.float32([[0, 1, 2], [3, 4, 5]])},
                           ("input",), full=True, reduction="none")
    return cases


def gaussian_cases() -> dict:
    def same_shape():
        return {"input": normal(3, 2), "target": normal(3, 2), "var": uniform(0.2, 2, 3, 2)}
    cases = each_reduction(F.gaussian_nll_loss, same_shape, ("input", "var"))
    cases["full"] = run(F.gaussian_nll_loss, same_shape(), ("input", "var"), full=True,
                        reduction="none")
    cases["one-short"] = run(F.gaussian_nll_loss, {"input": normal(3, 2), "target": normal(3, 2),
                                                   "var": uniform(0.2, 2, 3)},
                             ("input", "var"), reduction="none")
    cases["last-one"] = run(F.gaussian_nll_loss, {"input": normal(3, 2), "target": normal(3, 2),
                                                  "var": uniform(0.2, 2, 3, 1)},
                            ("input", "var"))
    cases["middle-one"] = run(F.gaussian_nll_loss, {
        "input": normal(2, 3, 2), "target": normal(2, 3, 2), "var": uniform(0.2, 2, 2, 1, 2)},
        ("input", "var"), reduction="sum")
    floored = uniform(0.2, 2, 3, 2)
    floored[0, 0], floored[1, 1] = 0.0, 0.01  # below eps: floored, the gradient as if not
    cases["eps"] = run(F.gaussian_nll_loss, {"input": normal(3, 2), "target": normal(3, 2),
                                             "var": floored}, ("input", "var"), eps=0.05,
                       reduction="none")
    cases["float32"] = run(F.gaussian_nll_loss, {
        "input": normal(2, 3, dtype="float32"), "target": normal(2, 3, dtype="float32"),
        "var": uniform(0.2, 2, 2, 3, dtype="float32")}, ("input", "var"), full=True)
    return cases


def ranking_cases() -> dict:
    def pairs():
        return {"input1": normal(5), "input2": normal(5), "target": signs(5)}
    cases = each_reduction(F.margin_ranking_loss, pairs, ("input1", "input2"))
    cases["margin"] = run(F.margin_ranking_loss, pairs(), ("input1", "input2"), margin=0.5,
                          reduction="none")
    cases["broadcast"] = run(F.margin_ranking_loss, {"input1": normal(2, 3),
                                                     "input2": normal(1, 3),
                                                     "target": signs(2, 1)},
                             ("input1", "input2"), margin=0.2, reduction="none")
    return cases


def hinge_embedding_cases() -> dict:
    def distances():
        return {"input": normal(2, 4), "target": signs(2, 4)}
    cases = each_reduction(F.hinge_embedding_loss, distances, ("input",))
    cases["margin"] = run(F.hinge_embedding_loss, distances(), ("input",), margin=2.0,
                          reduction="none")
    cases["neither"] = run(F.hinge_embedding_loss, {"input": normal(4),
                                                    "target": np.array([1.0, -1.0, 0.5, 0.0])},
                           ("input",), reduction="none")
    return cases


def soft_margin_cases() -> dict:
    def scores():
        return {"input": normal(2, 4), "target": signs(2, 4)}
    cases = each_reduction(F.soft_margin_loss, scores, ("input",))
    cases["float32"] = run(F.soft_margin_loss, {"input": normal(3, dtype="float32"),
                                                "target": np.float32([1, -1, 1])}, ("input",))
    return cases


def multilabel_soft_cases() -> dict:
    def labels():
        return {"input": normal(3, 4), "target": np.round(uniform(0, 1, 3, 4))}
    cases = each_reduction(F.multilabel_soft_margin_loss, labels, ("input",))
    cases["weight"] = run(F.multilabel_soft_margin_loss, {**labels(), "weight": uniform(0.5, 2, 4)},
                          ("input",), reduction="none")
    cases["1-d"] = run(F.multilabel_soft_margin_loss, {"input": normal(4),
                                                       "target": uniform(0, 1, 4)}, ("input",))
    return cases


def multilabel_margin_cases() -> dict:
    def labels():
        return {"input": normal(3, 4), "target": np.array([[3, 0, -1, 1], [1, 2, 3, 0],
                                                            [-1, 0, 0, 0]])}
    cases = each_reduction(F.multilabel_margin_loss, labels, ("input",))
    cases["1-d"] = run(F.multilabel_margin_loss, {"input": normal(5),
                                                  "target": np.array([2, 2, 4, -1, 0])},
                       ("input",), reduction="none")
    return cases


def multi_margin_cases() -> dict:
    def classes():
        return {"input": normal(4, 3), "target": np.array([0, 2, 1, 2])}
    cases = each_reduction(F.multi_margin_loss, classes, ("input",))
    cases["p2-margin"] = run(F.multi_margin_loss, classes(), ("input",), p=2, margin=0.7,
                             reduction="none")
    cases["weight"] = run(F.multi_margin_loss, {**classes(), "weight": uniform(0.5, 2, 3)},
                          ("input",), reduction="none")
    cases["weight-p2-mean"] = run(F.multi_margin_loss, {**classes(),
                                                        "weight": uniform(0.5, 2, 3)},
                                  ("input",), p=2)
    cases["1-d"] = run(F.multi_margin_loss, {"input": normal(4), "target": np.array(3)},
                       ("input",), reduction="none")
    return cases


def cosine_embedding_cases() -> dict:
    def pairs():
        return {"input1": normal(4, 3), "input2": normal(4, 3),
                "target": np.array([1.0, -1.0, -1.0, 1.0])}
    cases = each_reduction(F.cosine_embedding_loss, pairs, ("input1", "input2"))
    cases["margin"] = run(F.cosine_embedding_loss, pairs(), ("input1", "input2"), margin=-0.3,
                          reduction="none")
    cases["1-d"] = run(F.cosine_embedding_loss, {"input1": normal(3), "input2": normal(3),
                                                 "target": np.array(-1.0)},
                       ("input1", "input2"), margin=-0.9)
    return cases


def triplet_cases() -> dict:
    def triplets(*shape):
        return lambda: {"anchor": normal(*shape), "positive": normal(*shape),
                        "negative": normal(*shape)}
    grads = ("anchor", "positive", "negative")
    cases = each_reduction(F.triplet_margin_loss, triplets(4, 3), grads)
    cases["p1-swap"] = run(F.triplet_margin_loss, triplets(4, 3)(), grads, p=1.0, swap=True,
                           reduction="none")
    cases["p3-eps-margin"] = run(F.triplet_margin_loss, triplets(4, 3)(), grads, p=3.0,
                                 eps=0.01, margin=2.0, reduction="none")
    cases["1-d"] = run(F.triplet_margin_loss, triplets(3)(), grads, margin=3.0)
    cases["3-d"] = run(F.triplet_margin_loss, triplets(2, 2, 3)(), grads, swap=True,
                       margin=1.5, reduction="none")
    for reduction in REDUCTIONS:
        cases[f"distance-{reduction}"] = run(F.triplet_margin_with_distance_loss,
                                             triplets(4, 3)(), grads, reduction=reduction)
    cases["distance-cosine-swap"] = run(F.triplet_margin_with_distance_loss, triplets(4, 3)(),
                                        grads, distance_function="cosine", swap=True,
                                        margin=0.5, reduction="none")
    cases["distance-l1"] = run(F.triplet_margin_with_distance_loss, triplets(4, 3)(), grads,
                               distance_function="l1", margin=2.0, reduction="none")
    return cases


def distance_cases() -> dict:
    pair = ("x1", "x2")
    small = normal(2, 3) * 1e-9  # norms below eps: floored, the gradient as if not
    return {
        "cos-dim1": run(F.cosine_similarity, {"x1": normal(3, 4), "x2": normal(3, 4)}, pair),
        "cos-dim0-eps": run(F.cosine_similarity, {"x1": normal(3, 4), "x2": normal(3, 4)},
                            pair, dim=0, eps=0.5),
        "cos-broadcast": run(F.cosine_similarity, {"x1": normal(2, 3, 4), "x2": normal(3, 1)},
                             pair, dim=-1),
        "cos-floored": run(F.cosine_similarity, {"x1": small, "x2": normal(2, 3)}, pair),
        "cos-0-d": run(F.cosine_similarity, {"x1": np.array(2.0), "x2": np.array(-3.0)}, pair,
                       dim=0),
        "cos-float32": run(F.cosine_similarity, {"x1": normal(2, 3, dtype="float32"),
                                                 "x2": normal(2, 3, dtype="float32")}, pair),
        "pd-p2": run(F.pairwise_distance, {"x1": normal(3, 4), "x2": normal(3, 4)}, pair),
        "pd-p1-keepdim": run(F.pairwise_distance, {"x1": normal(3, 4), "x2": normal(3, 4)},
                             pair, p=1.0, keepdim=True),
        "pd-p3-eps": run(F.pairwise_distance, {"x1": normal(3, 4), "x2": normal(1, 4)}, pair,
                         p=3.0, eps=0.1),
        "pd-inf": run(F.pairwise_distance, {"x1": normal(3, 4), "x2": normal(3, 4)}, pair,
                      p=float("inf")),
        "pd-1-d": run(F.pairwise_distance, {"x1": normal(4), "x2": normal(4)}, pair),
        "pdist-p2": run(F.pdist, {"input": normal(4, 3)}, ("input",)),
        "pdist-p1": run(F.pdist, {"input": normal(3, 2)}, ("input",), p=1.0),
        "pdist-p3": run(F.pdist, {"input": normal(4, 2)}, ("input",), p=3.0),
    }


def main() -> None:
    tables = {
        "TORCH_POISSON": poisson_cases(),
        "TORCH_GAUSSIAN": gaussian_cases(),
        "TORCH_RANKING": ranking_cases(),
        "TORCH_HINGE_EMBEDDING": hinge_embedding_cases(),
        "TORCH_SOFT_MARGIN": soft_margin_cases(),
        "TORCH_MULTILABEL_SOFT": multilabel_soft_cases(),
        "TORCH_MULTILABEL_MARGIN": multilabel_margin_cases(),
        "TORCH_MULTI_MARGIN": multi_margin_cases(),
        "TORCH_COSINE_EMBEDDING": cosine_embedding_cases(),
        "TORCH_TRIPLET": triplet_cases(),
        "TORCH_DISTANCES": distance_cases(),
    }
    print(f'"""PyTorch {torch.__version__}\'s numbers for tests/test_nn_losses_more.py.\n\n'
          'Printed by tests/torch_reference_losses.py: do not edit by hand.\n"""')
    print("\nfrom math import inf  # (pairwise_distance's p=inf)")
    for name, value in tables.items():
        print(f"\n{name} = {pprint.pformat(value, width=99 - len(name) - 3, compact=True)}")


if __name__ == "__main__":
    main()
