"""Each example runs in-process (few steps where it allows) and its lesson's result holds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png(path: Path) -> None:
    """A real PNG: the signature, and matplotlib can decode it into a non-empty image."""
    from matplotlib.image import imread

    assert path.exists(), path
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    image = imread(path)
    assert image.ndim == 3 and image.shape[0] > 50 and image.shape[1] > 50
    assert image.std() > 0.05  # not a blank canvas


def test_moons_follows_micrograd_and_learns(tmp_path: Path) -> None:
    from examples import moons

    result = moons.main(["--steps", "20", "--out", str(tmp_path)])
    losses = result["losses"]
    # micrograd 0.1.0's demo notebook prints this first loss for the same seed and data.
    assert losses[0] == pytest.approx(0.8958441028683222, rel=1e-12)
    assert losses[1] == pytest.approx(1.7235905336972022, rel=1e-12)
    assert min(losses[-5:]) < losses[0] / 4
    assert result["accuracy"] >= 0.9
    assert_png(result["png"])


def test_gradient_check_backprop_matches_numerical() -> None:
    from examples import gradient_check

    result = gradient_check.main(["--sizes", "16", "8", "4", "--batch", "5"])
    assert set(result["differences"]) == {"W1", "b1", "W2", "b2"}
    for name, difference in result["differences"].items():
        assert difference < 1e-7, name
    assert result["n_weights"] == 16 * 8 + 8 + 8 * 4 + 4
    # the cost the seed warns about: two forward passes per weight
    assert result["forward_passes"] == 2 * result["n_weights"]


def test_losses_reproduce_seed_000() -> None:
    from examples import losses

    result = losses.main([])
    # the losses lesson's printed numbers, to the digits it printed
    assert result["mse good"] == pytest.approx(0.03471, abs=1e-15)
    assert result["mse bad"] == pytest.approx(0.14471, abs=1e-15)
    assert result["cee good"] == pytest.approx(0.510825457099338, abs=1e-15)
    assert result["cee bad"] == pytest.approx(2.9957302735559908, abs=1e-15)


def test_xor_needs_a_hidden_layer() -> None:
    from examples import xor

    result = xor.main([])
    targets = np.array([0.0, 1.0, 1.0, 0.0])
    # one sigmoid layer cannot separate XOR: every output stays near 0.5
    assert np.all(np.abs(result["single layer, MSE"] - 0.5) < 0.05)
    for name in ("two layers, MSE", "two layers, cross-entropy"):
        assert np.all(np.abs(result[name] - targets) < 0.1), (name, result[name])


def test_digits5x5_learns_every_digit_and_reads_noisy_ones(tmp_path: Path) -> None:
    from examples import digits5x5

    result = digits5x5.main(["--out", str(tmp_path)])
    # each noisy digit is nearest (in pixels) to the digit the seed drew it from
    assert result["answers"].tolist() == [0, 2, 3, 1, 4]
    for name in ("no dropout", "dropout 0.2"):
        assert result[name]["train"].tolist() == [0, 1, 2, 3, 4], name
        # seed 0 reads all 5 both ways; across seeds 0..7 never fewer than 4
        assert result[name]["noisy_right"] >= 4, name
    assert_png(result["png"])


def test_digits_reaches_97_percent(tmp_path: Path) -> None:
    from examples import digits

    result = digits.main(["--out", str(tmp_path)])
    assert result["test_accuracy"] >= 0.97
    assert result["losses"][-1] < result["losses"][0] / 100
    assert len(result["accuracies"]) == 20
    assert_png(result["png"])


def assert_svg(path: Path) -> ET.Element:
    assert path.exists(), path
    svg = ET.parse(path).getroot()
    assert svg.tag.endswith("svg")
    return svg


def test_vanishing_gradient_sigmoid_against_relu(tmp_path: Path) -> None:
    from examples import vanishing_gradient

    result = vanishing_gradient.main(["--out", str(tmp_path)])
    sigmoid, relu = result["norms"]["sigmoid"], result["norms"]["relu"]
    assert len(sigmoid) == len(relu) == 9  # 8 hidden layers and the output layer
    # sigmoid's gradient shrinks at every layer on its way back to the input
    assert all(a < b for a, b in zip(sigmoid[:-1], sigmoid[1:], strict=True))
    assert sigmoid[0] < 1e-3 * sigmoid[-1]
    # the same weights with ReLU: the first layer still gets a sizeable gradient
    assert relu[0] > 0.1 * relu[-1]
    assert sigmoid[0] < 1e-3 * relu[0]
    assert_png(result["png"])
    svg = ET.tostring(assert_svg(result["svg"]), encoding="unicode")
    assert "sigmoid" in svg


def test_demo_runs_each_part(tmp_path: Path) -> None:
    from examples import demo

    result = demo.main(["--out", str(tmp_path), "--moons-steps", "3", "--digits-epochs", "2"])
    # micrograd's README prints these for its example expression
    assert f"{result['g']:.4f}" == "24.7041"
    assert f"{result['a.grad']:.4f}" == "138.8338"
    assert f"{result['b.grad']:.4f}" == "645.5773"
    assert len(result["moons_losses"]) == 3
    assert result["digits_accuracy"] > 0.8  # two epochs already read most digits
    assert [p.name for p in result["svgs"]] == ["neuron.svg", "training_step.svg"]
    neuron = ET.tostring(assert_svg(result["svgs"][0]), encoding="unicode")
    for label in ("x1", "x2", "w1", "w2", "out"):
        assert label in neuron
    assert_svg(result["svgs"][1])


# -- the book's chapter 6: optimizers, initialisation, overfitting ---------------------------


def test_optimizers_race_on_the_elongated_bowl(tmp_path: Path) -> None:
    from examples import optimizers

    result = optimizers.main(["--out", str(tmp_path)])
    paths, rows = result["paths"], result["rows"]
    steps = np.arange(301)
    # SGD with lr 0.95 on x**2/20 + y**2 is linear: x *= 1 - 0.95/10, y *= 1 - 2*0.95 per step
    sgd_closed_form = np.stack([-7.0 * 0.905**steps, 2.0 * (-0.9) ** steps], axis=1)
    np.testing.assert_allclose(paths["SGD"], sgd_closed_form, rtol=1e-12, atol=0)
    # PyTorch 2.13 (float64, foreach=False): each optimizer's point after 30 steps
    torch_after_30 = {"SGD": [-0.35039299575231964, 0.08478231655043211],
                      "Momentum": [0.896413858493732, 0.08808560171506968],
                      "AdaGrad": [-0.12016224724728577, 2.4863841159975314e-17],
                      "RMSprop": [-0.6974184359619136, 1.4834509826897888e-08],
                      "Adam": [0.13601461732623352, 0.31824538889630977]}
    for name, point in torch_after_30.items():
        np.testing.assert_allclose(paths[name][30], point, rtol=1e-12, err_msg=name)

    # the zigzag: SGD's y changes sign on every one of the 30 steps drawn; nobody else's does
    assert rows["SGD"]["y_sign_changes"] == 30
    assert all(rows[name]["y_sign_changes"] <= 4 for name in rows if name != "SGD")
    straight = np.hypot(7.0, 2.0)
    assert rows["SGD"]["path_length"] > 4 * straight
    assert rows["AdaGrad"]["path_length"] < 1.05 * straight
    # the momentum methods overshoot along x (x changes sign) and come back; the others do not
    assert {name for name in rows if rows[name]["x_sign_changes"]} == {"Momentum", "Adam"}

    # steps to come within 0.01 of (0, 0): SGD's from the closed form
    sgd_steps = int(np.argmax(np.hypot(*sgd_closed_form.T) < 1e-2))
    assert rows["SGD"]["steps_to_minimum"] == sgd_steps
    for name, points in paths.items():
        n = rows[name]["steps_to_minimum"]
        assert n is not None, name
        distances = np.linalg.norm(points[: n + 1], axis=1)
        assert distances[n] < 1e-2 <= distances[:n].min(), name
    # with the book's rates AdaGrad arrives first, and the momentum methods after plain SGD
    counts = {name: rows[name]["steps_to_minimum"] for name in rows}
    assert result["ranking"] == sorted(counts, key=counts.get)
    assert result["ranking"][0] == "AdaGrad"
    assert counts["Momentum"] > counts["SGD"] and counts["Adam"] > counts["SGD"]
    assert_png(result["png"])


def test_initialization_saturates_vanishes_or_keeps_the_spread(tmp_path: Path) -> None:
    from examples import initialization

    result = initialization.main(["--out", str(tmp_path)])
    sigmoid, tanh, relu = (result["stats"][name] for name in ("sigmoid", "tanh", "relu"))
    # std 1: sigmoid and tanh pile up at their bounds (within 0.01), in every layer
    assert min(sigmoid["std 1"]["saturated"]) > 0.4
    assert min(tanh["std 1"]["saturated"]) > 0.7
    for init in ("Xavier", "He"):
        assert max(sigmoid[init]["saturated"]) < 0.01, init
    assert max(tanh["Xavier"]["saturated"]) < 0.02
    # std 0.01: the spread shrinks at every layer, 5x or more, until every unit rests at 0
    for stats in (tanh, relu):
        spread = stats["std 0.01"]["std"]
        assert all(b < a / 5 for a, b in zip(spread[:-1], spread[1:], strict=True))
        assert stats["std 0.01"]["at_rest"][-1] == 1.0
    assert max(sigmoid["std 0.01"]["std"]) < 0.03  # all at 0.5, give or take a little
    # std 1 with ReLU: the spread explodes instead
    spread = relu["std 1"]["std"]
    assert all(b > 5 * a for a, b in zip(spread[:-1], spread[1:], strict=True))
    # Xavier keeps tanh's spread (at least 0.25 in every layer, against 1e-5 with std 0.01);
    # He keeps ReLU's within 20%, where Xavier halves ReLU's variance at each layer
    assert min(tanh["Xavier"]["std"]) > 0.25
    assert max(relu["He"]["std"]) < 1.2 * min(relu["He"]["std"])
    xavier = np.array(relu["Xavier"]["std"])
    np.testing.assert_allclose(xavier[1:] ** 2 / xavier[:-1] ** 2, 0.5, atol=0.1)
    # ReLU rests (outputs 0) for about half its inputs whatever the weights' scale
    for init in ("std 1", "Xavier", "He"):
        assert all(0.4 < share < 0.6 for share in relu[init]["at_rest"]), init
    assert [png.name for png in result["pngs"]] == [
        "initialization_sigmoid.png", "initialization_tanh.png", "initialization_relu.png"]
    for png in result["pngs"]:
        assert_png(png)


def test_overfitting_gap_narrows_with_weight_decay_and_dropout(tmp_path: Path) -> None:
    from examples import overfitting

    result = overfitting.main(["--epochs", "60", "--out", str(tmp_path)])
    plain, decay, dropout = result["runs"].values()
    late = list(result["late_gaps"].values())
    # the plain net learns its 300 digits (nearly) by heart; the unseen ones stay behind
    assert plain["train"][-1] >= 0.97
    assert late[0] > 0.05
    # seed 0 at 60 epochs: 8.0 -> 6.3 and 4.1 points; seeds 0..5 narrow both ways too
    assert late[1] < late[0] - 0.01
    assert late[2] < late[0] - 0.02
    # by fitting the training set less
    assert decay["train"][-1] < plain["train"][-1] and dropout["train"][-1] < plain["train"][-1]
    for curves in (plain, decay, dropout):
        assert curves["epoch"][-1] == 60 and len(curves["epoch"]) == len(curves["test"]) == 30
    np.testing.assert_allclose(list(result["gaps"].values()),
                               [c["train"][-1] - c["test"][-1] for c in (plain, decay, dropout)])
    assert_png(result["png"])


def test_batchnorm_learns_where_the_plain_net_cannot(tmp_path: Path) -> None:
    from examples import batchnorm

    stds = [1.0, 0.3, 0.01]  # too large, right, too small for the plain net (of the book's 16)
    result = batchnorm.main(["--stds", *map(str, stds), "--epochs", "8", "--out",
                             str(tmp_path)])
    runs = result["runs"]
    assert list(runs) == stds
    for curves in runs.values():
        assert len(curves["batch norm"]) == len(curves["plain"]) == 8
    chance = 0.15  # ten digits: about 10% right by guessing one answer
    # std 1: the plain net diverges, and guesses; batch norm learns, slowly (lr / std**2)
    assert runs[1.0]["plain"][-1] < chance
    assert 0.25 < runs[1.0]["batch norm"][-1] < 0.9
    # std 0.3: the plain net's scale; it learns (seed 0: 90% at epoch 7)
    assert runs[0.3]["plain"][-1] >= 0.9
    # std 0.01: the plain net's signal vanishes, batch norm's keeps its size
    assert runs[0.01]["plain"][-1] < chance
    assert runs[0.01]["batch norm"][-1] >= 0.95
    assert result["learned"] == {"batch norm": [0.01], "plain": [0.3]}
    assert_png(result["png"])


def test_cnn_reaches_98_5_percent_where_the_mlp_reaches_97_4(tmp_path: Path) -> None:
    from examples import cnn

    result = cnn.main(["--out", str(tmp_path)])
    # seed 0: 99.07% (535 of 540); seeds 0..7 of weights and batches 98.9% to 99.4%
    assert result["test_accuracy"] >= 0.985
    assert len(result["accuracies"]) == 10
    assert result["losses"][-1] < result["losses"][0] / 2
    assert result["n_weights"] == (32 * 9 + 32) + (64 * 32 * 9 + 64) + (256 * 10 + 10)
    maps = result["feature_maps"]
    assert maps["relu1"].shape == (32, 8, 8) and maps["relu2"].shape == (64, 4, 4)
    assert all(m.min() >= 0 and m.max() > 0 for m in maps.values())  # after ReLU, not dead
    for png in result["pngs"]:
        assert_png(png)
    # the graph: a box per layer, and a convolution is one node (not im2col and a matmul)
    assert_svg(result["svg"])
    svg = result["svg"].read_text()
    boxes = re.findall(r'class="cluster">\s*<title>[^<]*</title>\s*<[^>]*>\s*<text[^>]*>'
                       r"([^<]*)</text>", svg)
    assert boxes == ["(Sequential)", "conv1 (Conv2d)", "relu1 (ReLU)", "pool1 (MaxPool2d)",
                     "conv2 (Conv2d)", "relu2 (ReLU)", "pool2 (MaxPool2d)",
                     "flatten (Flatten)", "fc (Linear)"]
    assert svg.count(">conv 3x3 p1, saved<") == 2 and "im2col" not in svg
