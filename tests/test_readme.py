"""The README's Python examples run as written, so the README stays true."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_block_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # blocks that save files write them here
    exec(compile(code, str(README), "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out
    # Where a block states its result in a comment, the printed line must agree.
    if "24.7041 138.8338 645.5773" in code:
        assert printed.strip() == "24.7041 138.8338 645.5773"
    if "test accuracy" in code:
        assert float(printed.split()[-1]) >= 0.95
    if "from 8.05 down to about 0.002" in code:  # the training-toolbox example
        assert float(printed.split()[-1]) < 0.01
    if "all gradients verified" in code:
        assert "all gradients verified" in printed
    if "class Cube(Function)" in code:  # autograd.Function's example
        assert printed.split("\n")[:2] == ["[ 6.75 12.  ]", "True"]


VERIFICATION = README.parent / "docs" / "verification.md"


def test_verification_guide_runs_as_written(tmp_path: Path) -> None:
    # One fresh process for the guide's blocks, in order: a block registers a spec row of
    # its own, which must not join this process's table (nor be registered twice).
    blocks = re.findall(r"```python\n(.*?)```", VERIFICATION.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 4
    script = tmp_path / "verification.py"
    script.write_text("\n\n".join(blocks) + "\nassert softplus_op(Value(0.0)).data == "
                      "0.6931471805599453\nprint('guide ran')\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.rstrip().endswith("guide ran")
