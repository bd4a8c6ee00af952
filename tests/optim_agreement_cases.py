"""The cases of tests/test_torch_agreement_optim.py, shared with the script that prints
PyTorch's numbers for them (tests/torch_reference_optim_agreement.py)."""

START = [[0.5, -1.25, 2.0], [1.5, -0.75], [0.25]]
GRADS = [[[0.3, -0.2, 0.1], [-0.4, 0.6], [1.0]],
         [[-0.1, 0.5, 0.25], [0.2, -0.3], [-0.5]],
         [[0.7, 0.0, -0.6], [0.1, 0.9], [0.25]],
         [[0.05, -0.45, 0.35], [-0.8, 0.15], [-0.75]]]

# SGD(nesterov=True): PyTorch checks momentum > 0 and dampening 0 on the constructor's
# settings only; a group may override them (momentum 0: plain SGD in that group;
# a dampening: Nesterov's step from the damped buffer).
SGD_GROUPS = dict(
    defaults=dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    groups=[{}, {"momentum": 0.0}, {"dampening": 0.3, "momentum": 0.5}])
