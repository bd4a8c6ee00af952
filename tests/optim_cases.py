"""The inputs of the optimizer and scheduler tests, shared with tests/torch_reference.py.

torch_reference.py runs these same cases through PyTorch and prints the numbers that the
tests compare with; it imports this file, so the two cannot drift apart. Plain Python only.
"""

from __future__ import annotations

# A parameter of six coordinates and seven gradients of mixed scales (1e-4 to 50), with a
# zero among them: sqrt(0) + eps, and steps of every size, are exercised. Some coordinates
# start at or near 0, where a step's last bit still shows in the parameter.
START = [1.028857, 0.0, 1.14672e-3, -0.97318, -1.3928e-5, 0.067196]
GRADS = [
    [0.861351, 0.00509187, 54.30858, 0.750843, 6.3976e-05, -2.193969],
    [-1.107717, 0.01484406, 1.46736, 0.81152, -0.0001376423, -1.309113],
    [-1.291092, -0.00775679, 27.09189, -1.480581, -5.34093e-05, 0.0],
    [-0.66847, -0.0025229, -6.65586, 0.418139, -4.31255e-05, 0.816783],
    [0.056819, 0.00424569, 6.74829, 1.657684, -6.63676e-05, 3.597561],
    [-0.402612, -0.00957926, 36.33582, -0.439506, -3.87636e-05, -4.166052],
    [-2.098197, 0.00634301, -34.95798, 0.778273, 0.0001848167, -0.344394],
]

# (case id, optimizer class name, settings): PyTorch's names and meanings.
OPTIMIZER_CASES = [
    ("sgd", "SGD", dict(lr=0.1)),
    ("sgd-weight-decay", "SGD", dict(lr=0.1, weight_decay=0.01)),
    ("sgd-momentum", "SGD", dict(lr=0.05, momentum=0.9)),
    ("sgd-nesterov", "SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("sgd-dampening", "SGD", dict(lr=0.05, momentum=0.5, dampening=0.3, weight_decay=0.1)),
    ("sgd-maximize", "SGD", dict(lr=0.05, momentum=0.9, maximize=True)),
    ("adagrad", "Adagrad", dict(lr=0.1)),
    ("adagrad-decays", "Adagrad", dict(lr=0.1, lr_decay=0.1, weight_decay=0.05,
                                       initial_accumulator_value=0.1)),
    ("adagrad-maximize", "Adagrad", dict(lr=0.1, eps=1e-3, maximize=True)),
    ("rmsprop", "RMSprop", dict(lr=0.01)),
    ("rmsprop-centered", "RMSprop", dict(lr=0.01, centered=True)),
    ("rmsprop-momentum", "RMSprop", dict(lr=0.01, momentum=0.9)),
    ("rmsprop-all", "RMSprop", dict(lr=0.01, alpha=0.9, centered=True, momentum=0.5,
                                    weight_decay=0.1)),
    ("rmsprop-maximize", "RMSprop", dict(lr=0.01, alpha=0.5, eps=1e-4, maximize=True)),
    ("adadelta", "Adadelta", dict()),
    ("adadelta-weight-decay", "Adadelta", dict(lr=0.5, rho=0.5, weight_decay=0.1)),
    ("adadelta-maximize", "Adadelta", dict(lr=2.0, eps=1e-3, maximize=True)),
    ("adam", "Adam", dict()),
    ("adam-lr", "Adam", dict(lr=0.1)),
    ("adam-weight-decay-amsgrad", "Adam", dict(lr=0.05, weight_decay=0.1, amsgrad=True)),
    ("adam-betas", "Adam", dict(lr=0.1, betas=(0.5, 0.9), eps=1e-3)),
    ("adam-betas-zero", "Adam", dict(lr=0.01, betas=(0.0, 0.0), eps=1e-12)),
    ("adam-maximize", "Adam", dict(lr=0.1, amsgrad=True, maximize=True)),
    # Adam's decoupled_weight_decay=True is AdamW (the same numbers as "adamw-amsgrad")
    ("adam-decoupled", "Adam", dict(lr=0.05, weight_decay=0.5, amsgrad=True,
                                    decoupled_weight_decay=True)),
    ("adam-decoupled-maximize", "Adam", dict(lr=0.1, betas=(0.5, 0.9), eps=1e-3,
                                             weight_decay=0.1, maximize=True,
                                             decoupled_weight_decay=True)),
    ("adamw", "AdamW", dict(lr=0.1)),
    ("adamw-amsgrad", "AdamW", dict(lr=0.05, weight_decay=0.5, amsgrad=True)),
    ("adamax", "Adamax", dict()),
    ("adamax-weight-decay", "Adamax", dict(lr=0.1, betas=(0.5, 0.9), weight_decay=0.1)),
    ("adamax-maximize", "Adamax", dict(lr=0.05, eps=1e-3, maximize=True)),
    ("nadam", "NAdam", dict()),
    ("nadam-weight-decay", "NAdam", dict(lr=0.1, betas=(0.5, 0.9), weight_decay=0.1,
                                         momentum_decay=0.1)),
    ("nadam-decoupled", "NAdam", dict(lr=0.05, weight_decay=0.5, decoupled_weight_decay=True)),
    ("nadam-maximize", "NAdam", dict(lr=0.1, eps=1e-3, momentum_decay=0.0, maximize=True)),
    # beta2 = 0.5: rho_t > 5 from the third step on (before, plain momentum steps)
    ("radam", "RAdam", dict(lr=0.1, betas=(0.9, 0.5))),
    ("radam-default", "RAdam", dict()),
    ("radam-weight-decay", "RAdam", dict(lr=0.05, betas=(0.8, 0.6), weight_decay=0.1)),
    ("radam-decoupled-maximize", "RAdam", dict(lr=0.1, betas=(0.5, 0.3), eps=1e-3,
                                               weight_decay=0.5, decoupled_weight_decay=True,
                                               maximize=True)),
    ("rprop", "Rprop", dict()),
    ("rprop-clamped", "Rprop", dict(lr=0.1, etas=(0.3, 1.7), step_sizes=(0.05, 0.2))),
    ("rprop-maximize", "Rprop", dict(lr=0.5, etas=(0.25, 2.0), maximize=True)),
    ("asgd", "ASGD", dict()),
    # t0 = 2: the average starts after the third step
    ("asgd-averaging", "ASGD", dict(lr=0.05, lambd=0.1, alpha=0.5, t0=2.0, weight_decay=0.1)),
    ("asgd-maximize", "ASGD", dict(lr=0.3, lambd=0.5, t0=0.0, maximize=True)),
]

# LBFGS on a 4-d Rosenbrock function split over two parameters of two numbers each; each
# case runs step(closure) a number of times. (case id, settings, steps)
LBFGS_START = ([-0.3, 0.1], [0.6, 0.2])
LBFGS_CASES = [
    ("strong-wolfe", dict(line_search_fn="strong_wolfe"), 3),
    ("strong-wolfe-short-history", dict(line_search_fn="strong_wolfe", history_size=2,
                                        max_iter=8), 6),
    ("strong-wolfe-tolerances", dict(line_search_fn="strong_wolfe", tolerance_grad=1e-3,
                                     tolerance_change=1e-6, max_eval=12), 4),
    ("fixed-step", dict(lr=0.02, max_iter=10, history_size=4), 5),
    ("fixed-step-default", dict(), 2),
]


def rosenbrock(a, b):
    """sum over i of 100 (x[i+1] - x[i]**2)**2 + (1 - x[i])**2, x = (a[0], a[1], b[0], b[1]):
    written with indexing and arithmetic only, so that it runs on torch tensors, Tensors
    and lists of Values alike. Its minimum is 0, at x = (1, 1, 1, 1)."""
    x = [a[0], a[1], b[0], b[1]]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3))


def warmup_then_decay(epoch: int) -> float:
    """A LambdaLR factor: linear warm-up over 5 epochs, then 0.9 per epoch."""
    return (epoch + 1) / 5 if epoch < 5 else 0.9 ** (epoch - 5)


def every_third(epoch: int) -> float:
    return 0.5 ** (epoch // 3)


# (case id, scheduler name, its settings, optimizer name, optimizer settings, group lrs,
# steps). Each group holds one parameter; group lrs of two entries make two groups.
SCHEDULER_CASES = [
    ("step", "StepLR", dict(step_size=7, gamma=0.5), "SGD", {}, [0.1, 0.02], 40),
    ("multistep", "MultiStepLR", dict(milestones=[5, 12, 12, 30], gamma=0.3), "SGD", {},
     [0.1], 40),
    ("exponential", "ExponentialLR", dict(gamma=0.93), "SGD", {}, [0.1], 40),
    ("cosine", "CosineAnnealingLR", dict(T_max=15, eta_min=0.001), "SGD", {}, [0.1, 0.3], 50),
    ("cosine-eta0", "CosineAnnealingLR", dict(T_max=10), "Adam", {}, [0.01], 35),
    ("lambda", "LambdaLR", dict(lr_lambda=warmup_then_decay), "SGD", {}, [0.1], 30),
    ("lambda-per-group", "LambdaLR", dict(lr_lambda=[warmup_then_decay, every_third]),
     "SGD", {}, [0.1, 0.5], 30),
    ("onecycle-sgd", "OneCycleLR", dict(max_lr=0.1, total_steps=40), "SGD",
     dict(momentum=0.9), [0.1], 40),
    ("onecycle-adam-linear-3phase", "OneCycleLR",
     dict(max_lr=[0.01, 0.05], epochs=5, steps_per_epoch=9, pct_start=0.25,
          anneal_strategy="linear", three_phase=True, base_momentum=0.8, max_momentum=0.9),
     "Adam", {}, [0.001, 0.001], 45),
    ("onecycle-no-momentum", "OneCycleLR",
     dict(max_lr=0.3, total_steps=30, cycle_momentum=False, div_factor=10.0,
          final_div_factor=100.0), "Adagrad", {}, [0.1], 30),
]

# Metrics fed to ReduceLROnPlateau, one per epoch: improvement, plateaus, noise, a relapse.
PLATEAU_METRICS = [1.0, 0.9, 0.85, 0.86, 0.86, 0.849, 0.85, 0.87, 0.84, 0.8, 0.8, 0.8, 0.8,
                   0.81, 0.79, 0.7999, 0.78, 0.78, 0.78, 0.78, 0.78, 0.9, 0.6, 0.6, 0.6,
                   0.6, 0.6, 0.6, 0.6, 0.59, 0.59, 0.59, 0.59, 0.59, 0.59, 0.59]
PLATEAU_CASES = [
    ("min-rel", dict(), [0.1]),
    ("min-rel-patience-cooldown", dict(factor=0.5, patience=2, cooldown=1, min_lr=0.02),
     [0.1, 1.0]),
    ("min-abs", dict(factor=0.5, patience=1, threshold=0.01, threshold_mode="abs",
                     min_lr=[0.0, 0.3]), [0.1, 1.0]),
    ("max-rel", dict(mode="max", factor=0.2, patience=0, threshold=0.05), [0.1]),
    ("max-abs-eps", dict(mode="max", factor=0.5, patience=0, threshold=0.0,
                         threshold_mode="abs", eps=0.02), [0.1]),
]
