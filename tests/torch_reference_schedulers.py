"""Print PyTorch's lr sequences for the scheduler cases below (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_schedulers.py \\
        > tests/torch_numbers_schedulers.py

(any Python with torch). It prints tests/torch_numbers_schedulers.py: each case as it ran
(the optimizer, the groups' lrs, the scheduler as an expression, the steps) with PyTorch's
lrs and momenta after construction and after each step, as float literals (repr: shortest
round trip, so exact), and the keys of its state_dict(). tests/test_nn_lr_scheduler_more.py
runs the same expressions with gradproof's classes and compares with ==: schedules are
Python float arithmetic in both libraries. PyTorch is never needed to run the tests.
"""

from __future__ import annotations

# (case, optimizer, its settings, the groups' lrs, the scheduler: an expression of `opt`
# and the lr_scheduler names, the steps: a count of step() calls, or a list of epochs for
# step(epoch), None meaning step())
CLOSED_FORM_EPOCHS = [3, 7, 10, 25, 12, 0, None, None, 11, None]
CASES = [
    ("constant", "SGD", {}, [0.1, 0.05], "ConstantLR(opt)", 30),
    ("constant-half", "SGD", {}, [0.1], "ConstantLR(opt, factor=0.5, total_iters=4)", 12),
    ("constant-no-iters", "SGD", {}, [0.1], "ConstantLR(opt, factor=0.3, total_iters=0)", 6),
    ("linear", "SGD", {}, [0.1, 0.05], "LinearLR(opt)", 30),
    ("linear-decay", "SGD", {}, [0.3],
     "LinearLR(opt, start_factor=1.0, end_factor=0.01, total_iters=17)", 30),
    ("linear-adam", "Adam", {}, [0.001, 0.002],
     "LinearLR(opt, start_factor=0.05, end_factor=0.8, total_iters=10)", 30),
    ("multiplicative", "SGD", {}, [0.1, 0.05], "MultiplicativeLR(opt, lambda epoch: 0.95)", 30),
    ("multiplicative-per-group", "SGD", {}, [0.1, 0.5],
     "MultiplicativeLR(opt, [lambda e: 0.9, lambda e: 1.0 if e % 3 else 0.5])", 30),
    ("polynomial", "SGD", {}, [0.1, 0.05], "PolynomialLR(opt)", 30),
    ("polynomial-0.9", "SGD", {}, [0.1], "PolynomialLR(opt, total_iters=20, power=0.9)", 30),
    ("polynomial-2", "SGD", {}, [0.1], "PolynomialLR(opt, total_iters=25, power=2.0)", 30),
    ("restarts", "SGD", {}, [0.1, 0.05], "CosineAnnealingWarmRestarts(opt, T_0=5)", 30),
    ("restarts-mult", "SGD", {}, [0.1],
     "CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.001)", 40),
    ("restarts-fractional", "SGD", {}, [0.1, 0.2],
     "CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=3, eta_min=0.01)",
     [0.25, 0.5, 1.75, 2.0, 2.5, 7.9, 8.0, 8.1, 26.0, 30.3, None, None, 1.0, None, 0, 100.5,
      None, 7.25, 3]),
    ("restarts-interleaved", "SGD", {}, [0.1], "CosineAnnealingWarmRestarts(opt, T_0=10)",
     [None] * 20 + [26, None, None, 3.5, None, 0.75, None]),
    ("cyclic", "SGD", {"momentum": 0.9}, [0.1],
     "CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4)", 30),
    ("cyclic-triangular2", "SGD", {"momentum": 0.9}, [0.1],
     "CyclicLR(opt, 0.001, 0.01, step_size_up=3, step_size_down=5, mode='triangular2')", 40),
    ("cyclic-exp-range", "SGD", {"momentum": 0.5}, [0.1, 0.2],
     "CyclicLR(opt, [0.01, 0.02], [0.1, 0.3], step_size_up=5, mode='exp_range', gamma=0.97,"
     " base_momentum=[0.8, 0.85], max_momentum=[0.9, 0.95])", 30),
    ("cyclic-scale-fn", "SGD", {"momentum": 0.9}, [0.1],
     "CyclicLR(opt, 0.01, 0.1, step_size_up=2, step_size_down=3, scale_fn=lambda x: 0.5**x)",
     30),
    ("cyclic-scale-fn-iterations", "SGD", {"momentum": 0.9}, [0.1],
     "CyclicLR(opt, 0.01, 0.1, step_size_up=3, scale_fn=lambda x: 1 / (1 + 0.1 * x),"
     " scale_mode='iterations')", 30),
    ("cyclic-adam", "Adam", {"betas": (0.9, 0.99)}, [0.001, 0.002],
     "CyclicLR(opt, 0.001, 0.006, step_size_up=4, base_momentum=0.85, max_momentum=0.95)", 30),
    ("cyclic-no-momentum", "Adagrad", {}, [0.1],
     "CyclicLR(opt, 0.01, 0.1, step_size_up=3, step_size_down=0, cycle_momentum=False)", 30),
    ("cyclic-fractional-sizes", "SGD", {"momentum": 0.9}, [0.1],
     "CyclicLR(opt, 0.01, 0.1, step_size_up=2.5, step_size_down=1.5)", 30),
    ("cyclic-step-epoch", "SGD", {"momentum": 0.9}, [0.1],
     "CyclicLR(opt, 0.01, 0.1, step_size_up=3, mode='triangular2')", CLOSED_FORM_EPOCHS),
    ("sequential", "SGD", {}, [0.1, 0.05],
     "SequentialLR(opt, [ConstantLR(opt, factor=0.1, total_iters=4),"
     " ExponentialLR(opt, gamma=0.9)], milestones=[4])", 30),
    ("sequential-three", "SGD", {}, [0.1],
     "SequentialLR(opt, [LinearLR(opt, start_factor=0.1, total_iters=5),"
     " CosineAnnealingLR(opt, T_max=8, eta_min=0.001), StepLR(opt, step_size=3, gamma=0.5)],"
     " milestones=[5, 13])", 30),
    ("sequential-restarts-cyclic", "SGD", {"momentum": 0.9}, [0.1],
     "SequentialLR(opt, [CosineAnnealingWarmRestarts(opt, T_0=4),"
     " CyclicLR(opt, 0.01, 0.1, step_size_up=3), PolynomialLR(opt, total_iters=6, power=2.0)],"
     " milestones=[6, 15])", 30),
    ("sequential-chained-inside", "SGD", {}, [0.1],
     "SequentialLR(opt, [ChainedScheduler([LinearLR(opt, start_factor=0.2, total_iters=4),"
     " ExponentialLR(opt, gamma=0.95)]), MultiplicativeLR(opt, lambda epoch: 0.9)],"
     " milestones=[6])", 30),
    ("chained", "SGD", {}, [0.1, 0.05],
     "ChainedScheduler([ConstantLR(opt, factor=0.1, total_iters=5),"
     " ExponentialLR(opt, gamma=0.9)])", 30),
    ("chained-three", "SGD", {}, [0.1],
     "ChainedScheduler([LinearLR(opt, start_factor=0.25, total_iters=6),"
     " CosineAnnealingLR(opt, T_max=12), MultiStepLR(opt, [9, 20], 0.5)], optimizer=opt)", 30),
    ("constant-closed-form", "SGD", {}, [0.1],
     "ConstantLR(opt, factor=0.25, total_iters=8)", CLOSED_FORM_EPOCHS),
    ("linear-closed-form", "SGD", {}, [0.1],
     "LinearLR(opt, start_factor=0.2, end_factor=0.9, total_iters=11)", CLOSED_FORM_EPOCHS),
    ("polynomial-closed-form", "SGD", {}, [0.1],
     "PolynomialLR(opt, total_iters=14, power=1.5)", CLOSED_FORM_EPOCHS),
    ("multiplicative-epoch", "SGD", {}, [0.1],
     "MultiplicativeLR(opt, lambda epoch: 0.9 + epoch / 100)", CLOSED_FORM_EPOCHS),
    # epochs as floats, which PyTorch's schedules compute with (the transformer tutorial's
    # StepLR(optimizer, 1.0, gamma=0.95); a fractional step_size or T_max too)
    ("step-float", "SGD", {}, [1.0], "StepLR(opt, 1.0, gamma=0.95)", 10),
    ("step-fractional", "SGD", {}, [0.1, 0.05], "StepLR(opt, step_size=2.5, gamma=0.5)", 12),
    ("step-fractional-closed-form", "SGD", {}, [0.1], "StepLR(opt, 2.5, gamma=0.5)",
     CLOSED_FORM_EPOCHS),
    ("cosine-fractional", "SGD", {}, [0.1], "CosineAnnealingLR(opt, T_max=2.5, eta_min=0.01)",
     12),
    ("cosine-fractional-closed-form", "SGD", {}, [0.1], "CosineAnnealingLR(opt, 3.5)",
     CLOSED_FORM_EPOCHS),
    ("multistep-float", "SGD", {}, [0.1], "MultiStepLR(opt, [2.0, 4.0, 4.0], gamma=0.5)", 8),
    ("multistep-float-closed-form", "SGD", {}, [0.1], "MultiStepLR(opt, [3.0, 7.0])",
     CLOSED_FORM_EPOCHS),
    ("constant-float-iters", "SGD", {}, [0.1], "ConstantLR(opt, factor=0.5, total_iters=3.0)",
     6),
    ("linear-float-iters", "SGD", {}, [0.1],
     "LinearLR(opt, start_factor=0.25, end_factor=0.75, total_iters=3.0)", 6),
    ("linear-float-iters-closed-form", "SGD", {}, [0.1], "LinearLR(opt, 0.25, total_iters=8.0)",
     CLOSED_FORM_EPOCHS),
    ("polynomial-float-iters", "SGD", {}, [0.1], "PolynomialLR(opt, total_iters=4.0, power=2.0)",
     6),
    ("sequential-float-milestone", "SGD", {}, [0.1],
     "SequentialLR(opt, [ConstantLR(opt, factor=0.5, total_iters=2), ExponentialLR(opt, 0.9)],"
     " milestones=[2.0])", 6),
    # resumed (last_epoch >= 0): the groups have an initial_lr, as after loading a state
    ("linear-resumed", "SGD", {}, [0.1],
     "LinearLR(opt, start_factor=0.25, total_iters=8, last_epoch=3)", 10),
    ("polynomial-resumed", "SGD", {}, [0.1], "PolynomialLR(opt, total_iters=10, last_epoch=2)",
     10),
    ("restarts-resumed", "SGD", {}, [0.1],
     "CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2, last_epoch=5)", 12),
    ("cyclic-resumed", "SGD", {"momentum": 0.9}, [0.1],
     "CyclicLR(opt, 0.01, 0.1, step_size_up=3, last_epoch=4)", 10),
    ("sequential-resumed", "SGD", {}, [0.1],
     "SequentialLR(opt, [ConstantLR(opt, factor=0.5, total_iters=3), ExponentialLR(opt, 0.9)],"
     " milestones=[3], last_epoch=4)", 10),
]


def run(case: tuple, optim: object, lr_scheduler: object, make_param: object) -> dict:
    """One case in a library (torch's, or gradproof's for the tests): its lrs and momenta
    after construction and after each step, the state_dict's keys, last_epoch."""
    _, opt_name, opt_settings, lrs, expression, steps = case
    resumed = "last_epoch=" in expression
    groups = [{"params": [make_param()], "lr": lr, **({"initial_lr": lr} if resumed else {})}
              for lr in lrs]
    opt = getattr(optim, opt_name)(groups, **opt_settings)
    scheduler = eval(expression, {**vars(lr_scheduler), "opt": opt})  # noqa: S307 (our table)

    def momenta() -> list:
        return [g["betas"][0] if "betas" in g else g.get("momentum") for g in opt.param_groups]

    lr_trace, momentum_trace = [list(scheduler.get_last_lr())], [momenta()]
    for epoch in range(steps) if isinstance(steps, int) else steps:
        opt.step()
        scheduler.step() if isinstance(steps, int) or epoch is None else scheduler.step(epoch)
        lr_trace.append(list(scheduler.get_last_lr()))
        momentum_trace.append(momenta())
    state = scheduler.state_dict()
    return {"lrs": lr_trace, "momenta": momentum_trace, "state_keys": sorted(state),
            "inner_state_keys": [sorted(s) for s in state.get("_schedulers", [])],
            "last_epoch": getattr(scheduler, "last_epoch", None)}


def main() -> None:
    import warnings

    import torch

    warnings.filterwarnings("ignore")
    runs = {}
    for case in CASES:
        runs[case[0]] = {"case": case, **run(case, torch.optim, torch.optim.lr_scheduler,
                                             lambda: torch.zeros(1, requires_grad=True))}
    print(f'"""PyTorch {torch.__version__}\'s lr schedules for the cases of '
          'tests/torch_reference_schedulers.py.\n\nPrinted by that script: do not edit by '
          'hand.\n"""\n')
    print("# ---- for tests/test_nn_lr_scheduler_more.py")
    print("TORCH_SCHEDULES: dict = {}")
    for name, run_ in runs.items():
        print(f"TORCH_SCHEDULES[{name!r}] = {{")
        for key, value in run_.items():
            print(_literal(f"    {key!r}: ", value, 99) + ",")
        print("}")


def _literal(prefix: str, value: object, width: int) -> str:
    """`prefix` and value's repr, within `width` columns: a list or tuple broken between its
    items (an item too long for a line broken the same way), a long string split into
    adjacent literals at its spaces."""
    one_line = prefix + repr(value)
    if len(one_line) <= width:
        return one_line
    indent = " " * len(prefix)
    if isinstance(value, str):
        pieces = [""]
        for word in value.split(" "):
            if pieces[-1] and len(indent) + len(repr(pieces[-1] + " " + word)) > width:
                pieces[-1] += " "
                pieces.append(word)
            else:
                pieces[-1] += (" " if pieces[-1] else "") + word
        return prefix + f"\n{indent}".join(repr(piece) for piece in pieces)
    if not isinstance(value, (list, tuple)) or not value:
        return one_line
    opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
    inner = indent + " "
    lines, line = [], prefix + opening
    for k, item in enumerate(value):
        end = "," if k < len(value) - 1 else closing
        if len(line) + len(repr(item) + end) > width and line not in (prefix + opening, inner):
            lines.append(line.rstrip())
            line = inner
        if len(line) + len(repr(item) + end) <= width:
            line += repr(item) + end + " "
        else:  # too long for a line of its own: broken too
            lines.append(_literal(line, item, width - len(end)) + end)
            line = inner
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


if __name__ == "__main__":
    main()
