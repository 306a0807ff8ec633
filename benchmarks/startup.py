"""Start-up: process start to the first painted workout window, against a bare PySide6 window.

Run from the installed environment: ``python benchmarks/startup.py [--runs 5]``.
Both are measured the same way in the same run: the monotonic clock (shared by
all processes on the machine) is read before the process is spawned and again
by the process once its window's first paint is done (the next turn of the
event loop after the first paint event). Both run offscreen on a 1366×768
screen (``tests/laptop-screen.json``), where both windows are 1366×768.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LAPTOP = Path(__file__).resolve().parents[1] / "tests" / "laptop-screen.json"

BARE = r"""
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
window = QLabel("bare")
window.resize(1366, 768)
def painted():
    print(f"painted_at={time.monotonic():.6f}", flush=True)
    app.quit()
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, painted)  # as the app does: once the paint is done
            obj.removeEventFilter(self)
        return False
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def time_to_paint(command: list[str]) -> float:
    """Milliseconds from just before spawning ``command`` to its first paint."""
    # Offscreen on a 1366×768 screen (the app opens maximized on it: the same size as the bare window).
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", f"offscreen:configfile={LAPTOP}")}
    # As on a lifter's machine: compiled modules are cached (the warm-up run writes them).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0 or "painted_at=" not in result.stdout:
        raise SystemExit(f"{command} failed ({result.returncode}): {result.stdout}{result.stderr}")
    painted = float(result.stdout.split("painted_at=")[1].split()[0])
    return (painted - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app_times, bare_times, setup_times = [], [], []
    with tempfile.TemporaryDirectory() as data:
        # What the installed `gymtimer` command runs (the frozen app too): no runpy, unlike `python -m`.
        launcher = [sys.executable, "-c", "import sys; from gymtimer.app import main; sys.exit(main())"]
        app = [*launcher, "--startup-probe", "--data-dir", data, "--preset", "Eccentric single-leg hip thrust"]
        setup = [*launcher, "--startup-probe", "--data-dir", data]  # a plain start
        bare = [sys.executable, "-c", BARE]
        time_to_paint(app)  # warm the file cache once for all three
        time_to_paint(setup)
        time_to_paint(bare)
        for _ in range(args.runs):  # interleaved, so a busy moment hits them alike
            bare_times.append(time_to_paint(bare))
            app_times.append(time_to_paint(app))
            setup_times.append(time_to_paint(setup))
    app_ms, bare_ms, setup_ms = (statistics.median(t) for t in (app_times, bare_times, setup_times))
    print(f"{'window':<34}{'median ms':>10}{'min':>8}{'max':>8}")
    for name, times in (("bare PySide6 window", bare_times), ("GymTimer workout window (--preset)", app_times),
                        ("GymTimer setup page (plain start)", setup_times)):
        print(f"{name:<34}{statistics.median(times):>10.0f}{min(times):>8.0f}{max(times):>8.0f}")
    print(f"ratio {app_ms / bare_ms:.2f} (target ≤ 1.3), median of {args.runs}; "
          f"the setup page: {setup_ms / bare_ms:.2f}")
    print(json.dumps({"app_ms": round(app_ms, 1), "bare_ms": round(bare_ms, 1), "ratio": round(app_ms / bare_ms, 3),
                      "setup_ms": round(setup_ms, 1), "setup_ratio": round(setup_ms / bare_ms, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
