"""Print PyTorch's numbers for tests/test_port_gaps.py (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_port_gaps.py

(any Python with torch). It prints ReduceLROnPlateau's lrs with a float patience and
cooldown (PyTorch compares and counts down epochs as numbers), which the test holds as
literals (repr: shortest round trip, so exact). The other schedules with float epochs are
cases of tests/torch_reference_schedulers.py. PyTorch is never needed to run the tests.
"""

from __future__ import annotations

# A metric that improves once, then stalls: the plateau's reductions and cooldowns show.
METRICS = [5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0]
PLATEAUS = [{"patience": 1.5}, {"patience": 1.0}, {"patience": 0, "cooldown": 1.5},
            {"patience": 2.5, "cooldown": 0.5}]


def plateau_lrs(optim: object, lr_scheduler: object, make_param: object, settings: dict
                ) -> list:
    """The lr after each step(metric) of ReduceLROnPlateau(SGD(lr=1.0), **settings)."""
    opt = optim.SGD([make_param()], lr=1.0)
    scheduler = lr_scheduler.ReduceLROnPlateau(opt, **settings)
    lrs = []
    for metric in METRICS:
        opt.step()
        scheduler.step(metric)
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def main() -> None:
    import torch

    print(f"# PyTorch {torch.__version__}")
    for settings in PLATEAUS:
        lrs = plateau_lrs(torch.optim, torch.optim.lr_scheduler,
                          lambda: torch.zeros(1, requires_grad=True), settings)
        print(f"({settings!r}, {lrs!r}),")


if __name__ == "__main__":
    main()
