"""PyTorch reads what nn.save writes, and nn.load reads what PyTorch writes (`make interop`).

Each test builds the same network in both libraries, moves the weights through a
safetensors file one way, loads them with the other library's own functions
(`safetensors.torch.load_file` + `load_state_dict(strict=True)`, or `nn.load`), and checks
that both give the same outputs on the same inputs.
"""

import json

import numpy as np
import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

import nn


class GradproofNet(nn.Module):
    def __init__(self):
        self.encoder = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh())
        self.heads = nn.ModuleDict({"a": nn.Linear(8, 3), "b": nn.Linear(8, 1, bias=False)})
        self.blocks = nn.ModuleList([nn.Linear(3, 3), nn.Linear(3, 2)])

    def forward(self, x):
        h = self.encoder(x)
        y = self.heads["a"](h)
        for block in self.blocks:
            y = block(y).relu()
        return y, self.heads["b"](h)


class TorchNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(),
                                           torch.nn.Linear(8, 8), torch.nn.Tanh())
        self.heads = torch.nn.ModuleDict({"a": torch.nn.Linear(8, 3),
                                          "b": torch.nn.Linear(8, 1, bias=False)})
        self.blocks = torch.nn.ModuleList([torch.nn.Linear(3, 3), torch.nn.Linear(3, 2)])

    def forward(self, x):
        h = self.encoder(x)
        y = self.heads["a"](h)
        for block in self.blocks:
            y = block(y).relu()
        return y, self.heads["b"](h)


X = np.random.default_rng(0).normal(size=(5, 4))


def gradproof_outputs(model, dtype):
    return [out.data for out in model(X.astype(dtype))]


def torch_outputs(model, dtype):
    with torch.no_grad():
        return [out.numpy() for out in model(torch.from_numpy(X.astype(dtype)))]


def assert_same_outputs(ours, theirs, dtype):
    tolerance = 1e-12 if dtype == np.float64 else 1e-6
    for a, b in zip(ours, theirs, strict=True):
        assert a.dtype == b.dtype == dtype
        np.testing.assert_allclose(a, b, rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gradproof_to_torch(tmp_path, dtype):
    nn.manual_seed(1)
    ours = GradproofNet()
    ours = ours.float() if dtype == np.float32 else ours.double()
    path = nn.save(ours, tmp_path / "model.safetensors")
    theirs = TorchNet().to(torch.float32 if dtype == np.float32 else torch.float64)
    result = theirs.load_state_dict(load_file(path), strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    assert_same_outputs(gradproof_outputs(ours, dtype), torch_outputs(theirs, dtype), dtype)
    with safe_open(path, framework="pt") as f:
        classes = json.loads(f.metadata()["gradproof.modules"])
    assert classes["heads.a"] == "Linear" and classes["blocks"] == "ModuleList"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_torch_to_gradproof(tmp_path, dtype):
    torch.manual_seed(2)
    theirs = TorchNet().to(torch.float32 if dtype == np.float32 else torch.float64)
    save_file(theirs.state_dict(), tmp_path / "torch.safetensors")
    ours = GradproofNet()
    ours = ours.float() if dtype == np.float32 else ours.double()
    ours.load_state_dict(nn.load(tmp_path / "torch.safetensors"))  # PyTorch's habit
    assert_same_outputs(gradproof_outputs(ours, dtype), torch_outputs(theirs, dtype), dtype)
    again = GradproofNet()
    again = again.float() if dtype == np.float32 else again.double()
    nn.load(again, tmp_path / "torch.safetensors")  # and gradproof's
    assert_same_outputs(gradproof_outputs(again, dtype), torch_outputs(theirs, dtype), dtype)


def test_there_and_back(tmp_path):
    nn.manual_seed(3)
    ours = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2)).float()
    nn.save(ours, tmp_path / "a.safetensors")
    theirs = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.ReLU(), torch.nn.Linear(6, 2))
    theirs.load_state_dict(load_file(tmp_path / "a.safetensors"), strict=True)
    save_file(theirs.state_dict(), tmp_path / "b.safetensors")
    back = nn.load(nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2)).float(),
                   tmp_path / "b.safetensors")
    for p, q in zip(ours.parameters(), back.parameters(), strict=True):
        assert p.data.tobytes() == q.data.tobytes()  # bit for bit


def test_a_shape_torch_would_refuse_is_refused_by_gradproof_too(tmp_path):
    save_file(torch.nn.Linear(4, 3).state_dict(), tmp_path / "l.safetensors")
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        torch.nn.Linear(4, 2).load_state_dict(load_file(tmp_path / "l.safetensors"))
    with pytest.raises(ValueError, match=r"wrong shape: weight is \(3, 4\), expected \(2, 4\)"):
        nn.load(nn.Linear(4, 2), tmp_path / "l.safetensors")
