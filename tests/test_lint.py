"""`make test` runs the linter and the type checker first, with the rules of pyproject.toml, and a finding fails it."""

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


def mypy() -> str:
    found = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    if found is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    return found


def test_make_test_lints_and_type_checks_before_it_runs_pytest():
    run = subprocess.run(["make", "--dry-run", "--always-make", "test"], cwd=ROOT, capture_output=True, text=True)
    commands = run.stdout.splitlines()
    lint = next(i for i, line in enumerate(commands) if "ruff check" in line)
    types = next(i for i, line in enumerate(commands) if line.split()[:1] and line.split()[0].endswith("/mypy"))
    tests = next(i for i, line in enumerate(commands) if "-m gymtimer_dev.two_runs" in line)  # pytest, twice
    assert lint < tests and types < tests


def test_the_type_checker_is_strict(tmp_path):
    # A function without types and a call that passes a string for a number: both refused.
    bad = tmp_path / "bad.py"
    bad.write_text("def untyped(x):\n    return x\n\n\ndef half(x: float) -> float:\n    return x / 2\n\n\n"
                   "HALF = half('one')\n")

    run = subprocess.run([mypy(), "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"),
                          str(bad)], cwd=tmp_path, capture_output=True, text=True)

    assert run.returncode == 1
    assert "bad.py:1: error: Function is missing a type annotation  [no-untyped-def]" in run.stdout
    assert 'bad.py:9: error: Argument 1 to "half" has incompatible type "str"; expected "float"  [arg-type]' in run.stdout


def test_no_module_of_the_checked_layers_is_let_off():
    """No override switches the checker's errors off, or its strictness down, for some modules."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    lenient = [override["module"] for override in config.get("overrides", [])
               if override.get("ignore_errors") or override.get("strict") is False
               or any(key.startswith(("allow_", "disable_")) for key in override)]
    assert config["strict"] is True
    assert lenient == []


def test_an_ignore_names_the_error_it_silences(tmp_path):
    # A bare ignore is refused; one that names the error it silences passes.
    bad = tmp_path / "bad.py"
    bad.write_text("HALF: int = 'one'  # type: ignore\nWHOLE: int = 'two'  # type: ignore[assignment]\n")

    run = subprocess.run([mypy(), "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"),
                          str(bad)], cwd=tmp_path, capture_output=True, text=True)

    assert run.returncode == 1
    assert 'bad.py:1: error: "type: ignore" comment without error code (consider "type: ignore[assignment]" instead)' \
        "  [ignore-without-code]" in run.stdout
    assert "bad.py:2:" not in run.stdout


def test_a_finding_fails_the_linter_with_the_projects_rules(tmp_path):
    # An unused import, imports out of order and a noqa that hides nothing: three of the rules chosen.
    bad = tmp_path / "bad.py"
    bad.write_text("import sys\nimport os\n\nVALUE = 1  # noqa: E501\n")

    run = subprocess.run([ruff(), "check", "--config", str(ROOT / "pyproject.toml"), "--no-cache",
                          "--output-format", "concise", str(bad)], capture_output=True, text=True)

    assert run.returncode == 1
    assert {"F401", "I001", "RUF100"} <= {word for line in run.stdout.splitlines() for word in line.split()}
