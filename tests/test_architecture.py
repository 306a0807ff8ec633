"""The shape of the house: the core knows no Qt, and runs where Qt is not installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    """import-linter's contracts in pyproject.toml: core imports no Qt; ui over live over the parts over core; vision
    no Qt; the product imports no development tool."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken" in result.stdout


def test_core_runs_a_workout_with_qt_uninstalled():
    """As if PySide6, pyqtgraph, OpenCV and numpy were not installed: every core module imports and a workout runs."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph", "cv2", "numpy"):
                    raise ModuleNotFoundError(f"No module named {name!r}")
                return None

        sys.meta_path.insert(0, NoQt())
        import gymtimer.core
        for module in pkgutil.walk_packages(gymtimer.core.__path__, "gymtimer.core."):
            importlib.import_module(module.name)
        from gymtimer.core.presets import BUILTIN_PRESETS
        from gymtimer.core.workout import Workout
        workout = Workout(BUILTIN_PRESETS[1].plan)
        workout.start(0.0)
        workout.advance(10_000.0)
        assert workout.finished and workout.record.done() == 36, workout.record.done()
        print("ok", sorted(m for m in sys.modules if m.startswith("gymtimer")))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok") and "gymtimer.core.workout" in result.stdout
