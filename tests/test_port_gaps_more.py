"""The gaps that PyTorch programs ported to gradproof still hit (/work/notes/audit2_examples.md),
part two: schedules with float epochs (G3), nn.parallel (G4), nn.data's submodules by
PyTorch's names (G5), multinomial (G6) and next(model.parameters()) (D4). Files: in
test_port_gaps.py."""

import importlib
import pickle
import warnings

import numpy as np
import pytest
from torch_reference_port_gaps import METRICS, plateau_lrs

import autograd
import nn
from autograd import Tensor
from nn.module_members import GeneratorList
from nn.optim import SGD, lr_scheduler
from nn.optim.lr_scheduler import (
    ConstantLR,
    CosineAnnealingLR,
    LinearLR,
    MultiStepLR,
    PolynomialLR,
    ReduceLROnPlateau,
    SequentialLR,
    StepLR,
)


def sgd(lr=1.0):
    return SGD([Tensor(np.zeros(1), requires_grad=True)], lr=lr)


# ------------------------------------------------ G3: schedules with float epochs

# Printed by tests/torch_reference_port_gaps.py (PyTorch 2.13.0+cpu): the lr after each
# step(metric) of ReduceLROnPlateau(SGD(lr=1.0), **settings) for its METRICS.
TORCH_PLATEAUS = [
    ({"patience": 1.5}, [1.0, 1.0, 1.0, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002,
                         0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003,
                         0.00010000000000000003, 1.0000000000000004e-05]),
    ({"patience": 1.0}, [1.0, 1.0, 1.0, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002,
                         0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003,
                         0.00010000000000000003, 1.0000000000000004e-05]),
    ({"patience": 0, "cooldown": 1.5}, [1.0, 1.0, 0.1, 0.1, 0.1, 0.010000000000000002,
                                        0.010000000000000002, 0.010000000000000002,
                                        0.0010000000000000002, 0.0010000000000000002,
                                        0.0010000000000000002, 0.00010000000000000003]),
    ({"patience": 2.5, "cooldown": 0.5}, [1.0, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1,
                                          0.010000000000000002, 0.010000000000000002,
                                          0.010000000000000002, 0.010000000000000002]),
]


@pytest.mark.parametrize("settings, lrs", TORCH_PLATEAUS)
def test_plateau_takes_a_float_patience_and_cooldown_as_pytorch(settings, lrs):
    assert len(METRICS) == len(lrs)
    assert plateau_lrs(nn.optim, lr_scheduler,
                       lambda: Tensor(np.zeros(1), requires_grad=True), settings) == lrs


def test_the_transformer_tutorials_step_lr_line_runs():
    # scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.95); its numbers,
    # with 2.5 and the other float epochs, are cases of test_nn_lr_scheduler_more.py
    opt = sgd(lr=1.0)
    scheduler = StepLR(opt, 1.0, gamma=0.5)
    for _ in range(2):
        opt.step()
        scheduler.step()
    assert scheduler.get_last_lr() == [0.25]  # the audit's: lr 1 -> 0.25 after 2 steps
    assert scheduler.state_dict()["step_size"] == 1.0  # kept as given, as PyTorch's


def test_whole_float_milestones_are_kept_as_pytorch_keeps_them():
    assert MultiStepLR(sgd(), [2.0, 4.0]).state_dict()["milestones"] == {2.0: 1, 4.0: 1}
    assert LinearLR(sgd(), 0.5, total_iters=2.0).state_dict()["total_iters"] == 2.0


@pytest.mark.parametrize("make, message", [
    # PyTorch's 0 divides by zero at the first step(); a negative step_size decays by
    # Python's modulo (-1 as 1): both refused here, when the schedule is made
    (lambda o: StepLR(o, 0), "StepLR: step_size must be a number > 0, got 0"),
    (lambda o: StepLR(o, 0.0), "StepLR: step_size must be a number > 0, got 0.0"),
    (lambda o: StepLR(o, -1), "StepLR: step_size must be a number > 0, got -1"),
    (lambda o: StepLR(o, float("nan")), "StepLR: step_size must be a number > 0, got nan"),
    (lambda o: StepLR(o, True), "StepLR: step_size must be a number > 0, got bool True"),
    (lambda o: StepLR(o, "2"), "StepLR: step_size must be a number > 0, got '2'"),
    (lambda o: CosineAnnealingLR(o, -2.5), "T_max must be a number > 0, got -2.5"),
    # no epoch equals 2.5: PyTorch's schedule would never reach it (LinearLR stops short)
    (lambda o: LinearLR(o, total_iters=2.5), "LinearLR: total_iters must be an integer >= 0 "
     r"\(or a whole float such as 5.0\), got 2.5"),
    (lambda o: ConstantLR(o, total_iters=-1.0), "ConstantLR: total_iters must be an integer"),
    (lambda o: PolynomialLR(o, total_iters=float("inf")), "PolynomialLR: total_iters must be"),
    (lambda o: MultiStepLR(o, [2.0, 2.5]), r"MultiStepLR: milestones must be integers \(or "
     r"whole floats such as 2.0: no epoch equals 2.5\), got list \[2.0, 2.5\]"),
    (lambda o: SequentialLR(o, [StepLR(o, 2), StepLR(o, 3)], [1.5]),
     "SequentialLR: milestones must be integers"),
    (lambda o: ReduceLROnPlateau(o, cooldown=-0.5),
     "ReduceLROnPlateau: cooldown must be a number of epochs >= 0, got -0.5"),
    (lambda o: ReduceLROnPlateau(o, patience=float("nan")), "patience must be a number"),
])
def test_epochs_that_no_schedule_can_use_are_refused(make, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match=message):
            make(sgd())


# ------------------------------------------------------------ G4: nn.parallel


class Generator(nn.Module):
    """DCGAN's generator, its forward and its wrapping as the example writes them."""

    def __init__(self, ngpu):
        self.ngpu = ngpu
        self.main = nn.Sequential(nn.Linear(4, 8, seed=0), nn.Tanh(), nn.Linear(8, 2, seed=1))

    def forward(self, input):  # noqa: A002
        if input.is_cuda and self.ngpu > 1:
            return nn.parallel.data_parallel(self.main, input, range(self.ngpu))
        return self.main(input)


def _grads(model):
    return [p.grad.tobytes() for p in model.parameters()]


def test_data_parallel_runs_its_module_with_the_same_outputs_and_gradients():
    x = Tensor(np.linspace(-1.0, 1.0, 12).reshape(3, 4))
    plain = Generator(ngpu=2)
    wrapped = nn.DataParallel(Generator(ngpu=2), list(range(2)))  # (ngpu > 1) branch
    assert wrapped.device_ids == [] and wrapped.module.ngpu == 2  # PyTorch's, without a GPU
    out, wrapped_out = plain(x), wrapped(x)
    assert out.data.tobytes() == wrapped_out.data.tobytes()
    (out ** 2).sum().backward()
    (wrapped_out ** 2).sum().backward()
    assert _grads(plain) == _grads(wrapped) and len(_grads(plain)) == 4
    assert wrapped.parameters() == list(wrapped.module.parameters())  # the same objects
    expected = nn.parallel.data_parallel(plain.main, x, range(2), output_device=0)
    assert expected.data.tobytes() == out.data.tobytes()


def test_data_parallel_state_dict_has_pytorchs_module_prefix(tmp_path):
    wrapped = nn.DataParallel(nn.Linear(2, 3, seed=0))
    assert list(wrapped.state_dict()) == ["module.weight", "module.bias"]
    plain = nn.Linear(2, 3, seed=5)
    assert plain.load_state_dict(wrapped.module.state_dict()) == ([], [])
    other = nn.DataParallel(nn.Linear(2, 3, seed=9))
    nn.load(other, nn.save(wrapped, tmp_path / "dp.pt"))  # a DataParallel checkpoint
    assert other.module.weight.data.tobytes() == wrapped.module.weight.data.tobytes()
    wrapped.eval()
    assert not wrapped.module.training  # train()/eval() reach the module
    assert "(module): Linear(in_features=2, out_features=3, bias=True)" in repr(wrapped)


class Pair(nn.Module):
    """Gives back what it was called with."""

    def forward(self, *args, scale=1.0):
        return args, scale


@pytest.mark.parametrize("inputs, kwargs, expected", [
    (2.0, None, ((2.0,), 1.0)),  # one argument
    ((2.0, 3.0), None, ((2.0, 3.0), 1.0)),  # a tuple: the arguments
    (None, None, ((), 1.0)),  # none
    ((2.0,), {"scale": 10.0}, ((2.0,), 10.0)),  # module_kwargs
    ([2.0, 3.0], None, (([2.0, 3.0],), 1.0)),  # a list is one argument, as PyTorch's
])
def test_data_parallel_passes_its_inputs_as_pytorchs(inputs, kwargs, expected):
    assert nn.parallel.data_parallel(Pair(), inputs, module_kwargs=kwargs) == expected


def test_data_parallel_forward_takes_keyword_arguments():
    assert nn.DataParallel(Pair())(2.0, 3.0, scale=2.0) == ((2.0, 3.0), 2.0)


@pytest.mark.parametrize("call, message", [
    (lambda: nn.DataParallel(3), "DataParallel: module must be an nn.Module, got 3"),
    (lambda: nn.DataParallel(Pair(), device_ids="cuda:0"),
     "DataParallel: device_ids must be None or a list of device indices .*, got 'cuda:0'"),
    (lambda: nn.DataParallel(Pair(), [0, 1.5]), r"device_ids must be .*, got list \[0, 1.5\]"),
    (lambda: nn.DataParallel(Pair(), [-1]), r"device_ids must be .*, got list \[-1\]"),
    (lambda: nn.DataParallel(Pair(), output_device="gpu"),
     r"DataParallel: output_device must be None, a device index \(-1 for the CPU\) or a "
     r"device, got 'gpu'"),
    (lambda: nn.DataParallel(Pair(), dim=0.5), "DataParallel: dim must be an int, got 0.5"),
    (lambda: nn.parallel.data_parallel(lambda x: x, 1.0),
     "data_parallel: module must be an nn.Module, got function"),
    (lambda: nn.parallel.data_parallel(Pair(), 1.0, module_kwargs=[("b", 1)]),
     r"data_parallel: module_kwargs must be a dict of keyword arguments \(or None\)"),
])
def test_bad_arguments_are_clear_errors(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_devices_pytorch_takes_are_taken():
    for device_ids in ([0, 1], range(3), ["cuda:0", autograd.device("cuda", 1)], (), None):
        assert nn.DataParallel(Pair(), device_ids, output_device=-1).device_ids == []
    assert nn.DataParallel(Pair(), output_device=autograd.device("cpu")).dim == 0


def test_distributed_data_parallel_is_pytorchs_error_without_a_process_group():
    module = importlib.import_module("nn.parallel")  # `import torch.nn.parallel`'s port
    with pytest.raises(ValueError, match="DistributedDataParallel: the default process group "
                                         "has not been initialized"):
        module.DistributedDataParallel(nn.Linear(2, 2))
    model = nn.DataParallel(nn.Linear(2, 2))
    unwrapped = model.module if isinstance(
        model, (nn.DataParallel, nn.parallel.DistributedDataParallel)) else model
    assert isinstance(unwrapped, nn.Linear)
    assert not isinstance(nn.Linear(2, 2), nn.parallel.DistributedDataParallel)


# ------------------------------------------------- G5: torch.utils.data's submodules

# PyTorch 2.13's __all__ of torch.utils.data.dataset, .sampler and .dataloader
TORCH_SUBMODULES = {
    "dataset": ["Dataset", "IterableDataset", "TensorDataset", "StackDataset",
                "ConcatDataset", "ChainDataset", "Subset", "random_split"],
    "sampler": ["BatchSampler", "RandomSampler", "Sampler", "SequentialSampler",
                "SubsetRandomSampler", "WeightedRandomSampler"],
    "dataloader": ["DataLoader", "get_worker_info", "default_collate", "default_convert"],
}


@pytest.mark.parametrize("name", sorted(TORCH_SUBMODULES))
def test_nn_data_has_torch_utils_datas_submodules(name):
    module = importlib.import_module(f"nn.data.{name}")
    assert getattr(nn.data, name) is module
    assert sorted(module.__all__) == sorted(TORCH_SUBMODULES[name])
    assert all(getattr(module, n) is getattr(nn.data, n) for n in module.__all__)


def test_a_dataset_annotated_and_loaded_through_the_submodules():
    from nn.data import dataloader, dataset, sampler

    def first_batch(data: dataset.Dataset) -> list:
        loader = dataloader.DataLoader(data, batch_size=2,
                                       sampler=sampler.SequentialSampler(data))
        return next(iter(loader))

    xs, ys = first_batch(dataset.TensorDataset(np.arange(6.0).reshape(3, 2), np.arange(3)))
    assert xs.tolist() == [[0.0, 1.0], [2.0, 3.0]] and ys.tolist() == [0, 1]
    assert first_batch.__annotations__["data"] is nn.data.Dataset


# ------------------------------------------------------------ D4: next(parameters())


def test_a_generator_list_is_a_list_that_next_walks():
    items = GeneratorList(["a", "b", "c"])
    assert next(items) == "a" and next(items) == "b"
    assert len(items) == 3 and items[0] == "a" and items == ["a", "b", "c"]
    assert list(items) == ["a", "b", "c"]  # iterating starts from the first, whatever next gave
    assert next(items) == "c"
    with pytest.raises(StopIteration):
        next(items)
    assert next(GeneratorList(["a"])) == "a" and next(iter(GeneratorList(["a"]))) == "a"
    assert pickle.loads(pickle.dumps(GeneratorList([1, 2]))) == [1, 2]
    with pytest.raises(StopIteration):
        next(GeneratorList())


def test_next_on_what_a_module_gives_as_ported_code_calls_it():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    # word_language_model's init_hidden: weight = next(self.parameters())
    weight = next(model.parameters())
    assert weight is model[0].weight
    assert len(model.parameters()) == 4 and model.parameters()[1] is model[0].bias  # micrograd
    assert next(model.buffers()) is model[1].running_mean
    # the others are generators, as PyTorch's
    assert next(model.named_parameters())[1] is weight
    assert next(model.children()) is model[0] and next(model.modules()) is model
    assert next(model.named_modules())[1] is model
    assert next(model.named_buffers())[0] == "1.running_mean"


def test_module_type_casts_as_pytorch_s():
    """torch.nn.Module.type(dst_type): a dtype or a type name; the same objects, cast."""
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    weight = model[0].weight
    assert model.type(autograd.float32) is model
    assert model[0].weight is weight and weight.dtype == np.float32
    assert model[1].running_mean.dtype == np.float32
    model.type("torch.DoubleTensor")
    assert weight.dtype == np.float64 and model[1].running_var.dtype == np.float64
    assert model[1].num_batches_tracked.dtype == np.float64  # every buffer, as PyTorch's
    model.float()  # a float buffer now, so float() casts it too (as PyTorch's)
    assert model[1].num_batches_tracked.dtype == np.float32
    with pytest.raises(TypeError, match="Sequential.type: dtype must be a dtype"):
        model.type("bogus")
