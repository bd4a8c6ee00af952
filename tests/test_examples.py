"""Each example runs in-process (few steps where it allows) and its lesson's result holds."""

from __future__ import annotations

from pathlib import Path

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


def test_gradient_check_backprop_matches_numerical_and_is_faster() -> None:
    from examples import gradient_check

    result = gradient_check.main(["--sizes", "16", "8", "4", "--batch", "5"])
    assert set(result["differences"]) == {"W1", "b1", "W2", "b2"}
    for name, difference in result["differences"].items():
        assert difference < 1e-7, name
    assert result["n_weights"] == 16 * 8 + 8 + 8 * 4 + 4
    # the cost the seed warns about: two forward passes per weight
    assert result["forward_passes"] == 2 * result["n_weights"]
