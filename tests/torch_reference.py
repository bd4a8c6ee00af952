"""Print PyTorch's numbers for the cases in optim_cases.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference.py > tests/torch_numbers.py

(any Python with torch and numpy). It prints tests/torch_numbers.py: PyTorch's numbers as
float literals (repr: shortest round trip, so exact), which the tests import; PyTorch is
never needed to run the tests.

Optimizers run twice, in two processes: with ATEN_CPU_CAPABILITY=default (PyTorch's
portable kernels: every multiply and add rounded, our default) and with the machine's own
capability, which must be AVX2 or AVX-512 (fused multiply-adds: our fma=True).

One change to PyTorch, for the optimizers only: its CPU sqrt kernel is replaced by numpy's.
PyTorch's x86 wheels compute sqrt with a vector-math routine that is within one ulp but not
correctly rounded (about 1% of float64 results are one ulp off); numpy's, like C's and
IEEE 754's, is correctly rounded, and no numpy code can reproduce the other one. Everything
else is torch.optim's own single-tensor code (foreach=False).

LBFGS runs in both processes too; its dot products are MKL's (PyTorch's BLAS), whose order
of additions test_nn_optim_lbfgs.py reproduces for its 4-number vectors.
"""

from __future__ import annotations

import json
import os
import pprint
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import optim_cases as cases  # noqa: E402


def _ieee_sqrt(torch, np):
    library = torch.library.Library("aten", "IMPL")  # noqa: F841 (kept alive below)

    def sqrt(x):
        return torch.from_numpy(np.asarray(np.sqrt(x.detach().numpy())))  # 0-d too

    def sqrt_(x):
        return x.copy_(sqrt(x))

    library.impl("sqrt", sqrt, "CPU")
    library.impl("sqrt_", sqrt_, "CPU")
    return library


def optimizer_finals() -> dict:
    """In this process's capability: case -> the parameter and its buffers after the
    steps, the names of its buffers, the names of the group's settings."""
    import warnings

    import numpy as np
    import torch

    warnings.filterwarnings("ignore")
    keep = _ieee_sqrt(torch, np)  # noqa: F841
    out = {"capability": torch.backends.cpu.get_cpu_capability(), "cases": {}}
    for case, name, settings in cases.OPTIMIZER_CASES:
        p = torch.tensor(cases.START, dtype=torch.float64, requires_grad=True)
        opt = getattr(torch.optim, name)([p], foreach=False, **settings)
        for g in cases.GRADS:
            p.grad = torch.tensor(g, dtype=torch.float64)
            opt.step()
        # 0-d state tensors (step, NAdam's mu_product, ASGD's eta and mu) as numbers
        state = {key: value.item() if value.dim() == 0 else value.numpy().tolist()
                 for key, value in sorted(opt.state[p].items())}
        out["cases"][case] = {
            "final": {"param": p.detach().numpy().tolist(), **state},
            "state_keys": sorted(opt.state[p]),
            "group_keys": sorted(k for k in opt.param_groups[0] if k != "params"),
        }
    out["lbfgs"] = lbfgs_runs(torch)
    return out


def lbfgs_runs(torch) -> dict:
    """case -> after each step(closure): the loss it returned, the parameters (a then b),
    and the state's counts of closure calls and iterations."""
    runs = {}
    for case, settings, steps in cases.LBFGS_CASES:
        a, b = (torch.tensor(v, dtype=torch.float64, requires_grad=True)
                for v in cases.LBFGS_START)
        opt = torch.optim.LBFGS([a, b], **settings)

        def closure(opt=opt, a=a, b=b):
            opt.zero_grad()
            loss = cases.rosenbrock(a, b)
            loss.backward()
            return loss

        trace = []
        for _ in range(steps):
            loss = opt.step(closure).item()
            trace.append({"loss": loss, "params": a.tolist() + b.tolist(),
                          "func_evals": opt.state[a]["func_evals"],
                          "n_iter": opt.state[a]["n_iter"]})
        runs[case] = trace
    return runs


def signatures(names: list[str]) -> dict:
    """name -> [[argument, default, 'positional' or 'keyword'], ...] of torch.optim.name
    (after self and params)."""
    import inspect

    import torch

    out = {}
    for name in names:
        arguments = list(inspect.signature(getattr(torch.optim, name)).parameters.values())
        out[name] = [[a.name, a.default, "keyword" if a.kind is a.KEYWORD_ONLY else
                      "positional"] for a in arguments[1:]]
    return out


def scheduler_runs() -> dict:
    """case -> {'lrs': [[lr of each group] after construction, then after each step],
    'momenta': the same for momentum or beta1 (OneCycleLR)}."""
    import warnings

    import torch

    warnings.filterwarnings("ignore")
    runs = {}
    for case, name, settings, opt_name, opt_settings, lrs, steps in cases.SCHEDULER_CASES:
        params = [torch.zeros(1, requires_grad=True) for _ in lrs]
        groups = [{"params": [p], "lr": lr} for p, lr in zip(params, lrs, strict=True)]
        opt = getattr(torch.optim, opt_name)(groups, **opt_settings)
        scheduler = getattr(torch.optim.lr_scheduler, name)(opt, **settings)

        def momenta(opt=opt):
            return [g["betas"][0] if "betas" in g else g.get("momentum")
                    for g in opt.param_groups]

        lr_trace, momentum_trace = [scheduler.get_last_lr()], [momenta()]
        for _ in range(steps):
            opt.step()
            scheduler.step()
            lr_trace.append(scheduler.get_last_lr())
            momentum_trace.append(momenta())
        runs[case] = {"lrs": lr_trace, "momenta": momentum_trace}
    return runs


def closed_form_runs() -> dict:
    """step(epoch) (deprecated): the closed-form lrs at the given epochs."""
    import warnings

    import torch

    warnings.filterwarnings("ignore")
    epochs = [3, 7, 10, 25, 12, 0]
    made = {
        "step": lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5),
        "multistep": lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [5, 12, 12], 0.3),
        "exponential": lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.93),
        "cosine": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 15, 0.001),
    }
    runs = {}
    for case, make in made.items():
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        scheduler = make(opt)
        trace = []
        for epoch in epochs:
            opt.step()
            scheduler.step(epoch)
            trace.append(scheduler.get_last_lr()[0])
        runs[case] = trace
    return {"epochs": epochs, "runs": runs}


def plateau_runs() -> dict:
    import torch

    runs = {}
    for case, settings, lrs in cases.PLATEAU_CASES:
        groups = [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs]
        opt = torch.optim.SGD(groups)
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **settings)
        trace = []
        for metric in cases.PLATEAU_METRICS:
            scheduler.step(metric)
            trace.append(scheduler.get_last_lr())
        runs[case] = trace
    return runs


def gains() -> dict:
    import torch

    names = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
             "conv_transpose3d", "sigmoid", "tanh", "relu", "selu"]
    out = {name: torch.nn.init.calculate_gain(name) for name in names}
    out["leaky_relu"] = torch.nn.init.calculate_gain("leaky_relu")
    out["leaky_relu 0.2"] = torch.nn.init.calculate_gain("leaky_relu", 0.2)
    out["leaky_relu sqrt(5)"] = torch.nn.init.calculate_gain("leaky_relu", 5**0.5)
    out["leaky_relu 3"] = torch.nn.init.calculate_gain("leaky_relu", 3)
    return out


def clip_runs() -> dict:
    """clip_grad_norm_ on three gradients: the total norm and the clipped gradients."""
    import torch

    grads = [cases.GRADS[0], [cases.GRADS[1][:3], cases.GRADS[2][:3]], [[-0.5], [2.0]]]
    runs = {}
    for norm_type, max_norm in [(2.0, 1.0), (1.0, 10.0), (float("inf"), 3.0), (3.0, 100.0),
                                (0.5, 5.0), (2.0, 1e6)]:
        params = []
        for g in grads:
            p = torch.zeros(torch.tensor(g).shape, dtype=torch.float64, requires_grad=True)
            p.grad = torch.tensor(g, dtype=torch.float64)
            params.append(p)
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type, foreach=False)
        runs[f"{norm_type} {max_norm}"] = {"total": total.item(),
                                           "grads": [p.grad.tolist() for p in params]}
    return runs


def main() -> None:
    if os.environ.get("GRADPROOF_REFERENCE_PART") == "optimizers":
        print(json.dumps(optimizer_finals()))
        return
    here = str(Path(__file__).resolve())

    def run(capability: str | None) -> dict:
        env = {**os.environ, "GRADPROOF_REFERENCE_PART": "optimizers"}
        env.pop("ATEN_CPU_CAPABILITY", None)
        if capability:
            env["ATEN_CPU_CAPABILITY"] = capability
        done = subprocess.run([sys.executable, here], env=env, capture_output=True, text=True,
                              check=True)
        return json.loads(done.stdout)

    plain, fused = run("default"), run(None)
    assert plain["capability"] == "DEFAULT", plain["capability"]
    assert fused["capability"] in ("AVX2", "AVX512"), fused["capability"]
    import torch

    print(f'"""PyTorch {torch.__version__}\'s numbers for the cases in optim_cases.py (fused '
          f'kernels: {fused["capability"]}).\n\nPrinted by tests/torch_reference.py: do not '
          'edit by hand.\n"""')
    names = {case: name for case, name, _ in cases.OPTIMIZER_CASES}
    tables = {
        "tests/test_nn_optim_torch.py": {
            "TORCH_PLAIN": {case: r["final"] for case, r in plain["cases"].items()},
            "TORCH_FMA": {case: r["final"] for case, r in fused["cases"].items()},
            "TORCH_STATE_KEYS": {case: r["state_keys"] for case, r in plain["cases"].items()},
            "TORCH_GROUP_KEYS": {names[case]: r["group_keys"]
                                 for case, r in plain["cases"].items()},
            "TORCH_SIGNATURES": signatures(sorted({*names.values(), "LBFGS"})),
        },
        "tests/test_nn_optim_lbfgs.py": {
            "TORCH_LBFGS_PLAIN": plain["lbfgs"],
            "TORCH_LBFGS_FMA": fused["lbfgs"],
        },
        "tests/test_nn_lr_scheduler.py": {
            "TORCH_SCHEDULES": scheduler_runs(),
            "TORCH_CLOSED_FORM": closed_form_runs(),
            "TORCH_PLATEAU": plateau_runs(),
        },
        "tests/test_nn_init.py": {"TORCH_GAINS": gains()},
        "tests/test_nn_utils.py": {"TORCH_CLIP": clip_runs()},
    }
    for file, literals in tables.items():
        print(f"\n# ---- for {file}")
        for name, value in literals.items():
            print(f"{name} = {pprint.pformat(value, width=99 - len(name) - 3, compact=True)}"
                  .replace("\n", "\n" + " " * (len(name) + 3)))

if __name__ == "__main__":
    main()
