"""`make test` runs the linter first, with the rules of pyproject.toml, and a finding fails it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def ruff() -> str:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    return found


def test_make_test_lints_before_it_runs_pytest():
    run = subprocess.run(["make", "--dry-run", "--always-make", "test"], cwd=ROOT, capture_output=True, text=True)
    commands = run.stdout.splitlines()
    lint = next(i for i, line in enumerate(commands) if "ruff check" in line)
    tests = next(i for i, line in enumerate(commands) if "-m pytest" in line)
    assert lint < tests


def test_a_finding_fails_the_linter_with_the_projects_rules(tmp_path):
    # An unused import, imports out of order and a noqa that hides nothing: three of the rules chosen.
    bad = tmp_path / "bad.py"
    bad.write_text("import sys\nimport os\n\nVALUE = 1  # noqa: E501\n")

    run = subprocess.run([ruff(), "check", "--config", str(ROOT / "pyproject.toml"), "--no-cache",
                          "--output-format", "concise", str(bad)], capture_output=True, text=True)

    assert run.returncode == 1
    assert {"F401", "I001", "RUF100"} <= {word for line in run.stdout.splitlines() for word in line.split()}
