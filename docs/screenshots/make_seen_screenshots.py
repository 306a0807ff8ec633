"""Render the workout screen with what the camera saw of a rep (offscreen, fake clock).

Run: ``python docs/screenshots/make_seen_screenshots.py [OUT_DIR [WIDTH HEIGHT]]``; by default into
``docs/screenshots/walkthrough/`` at 1366×768 and at 800×600: ``seen-lowered.png`` (a rep as planned),
``seen-slower.png`` (lowered too fast, in the lift that follows) and ``seen-short.png`` (a short rep); with
the pose model, ``seen-wrong-leg.png`` (within a left rep, the left foot up), ``seen-leg-confirmed.png``
(the set's leg seen after the switch), ``seen-lockout.png`` (a rep locked out), ``seen-hips-low.png`` and
``seen-slower-shins.png`` (a fault beside SLOWER); the same at 800×600 named ``seen-*-800x600.png``. Given a size, only that size, without a suffix.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import msgspec
from PySide6.QtWidgets import QApplication

from gymtimer.core.plan import Side
from gymtimer.core.presets import find_preset
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import leg_words, rep_words
from gymtimer.core.tempo import Phase
from gymtimer.core.units import Unit
from gymtimer.live.driver import WorkoutDriver
from gymtimer.store import paths
from gymtimer.ui.main_window import MainWindow
from gymtimer_dev.clock import FakeClock


def _until(window, clock, phase: Phase) -> None:
    while window.keeper.workout.phase is not phase:
        clock.now += 0.05
        window.driver.wake()
    clock.now += 0.3
    window.driver.wake()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "walkthrough"
    sizes = {(int(sys.argv[2]), int(sys.argv[3])): ""} if len(sys.argv) > 3 else {(1366, 768): "",
                                                                                 (800, 600): "-800x600"}
    out.mkdir(parents=True, exist_ok=True)
    paths.set_data_dir(tempfile.mkdtemp(prefix="gymtimer-shots-"))
    app = QApplication.instance() or QApplication([])
    for size, suffix in sizes.items():
        _shoot(app, out, size, suffix)
    print(f"screenshots in {out}")
    return 0


def _shoot(app: QApplication, out: Path, size: tuple[int, int], suffix: str) -> None:
    clock = FakeClock(100.0)
    window = MainWindow(driver=WorkoutDriver(clock=clock))
    window.resize(*size)
    window.show()
    window.prepare_exercise(find_preset("Eccentric single-leg hip thrust"), 60, Unit.KG)  # lowering 3 s
    window.driver.start()
    view = window.workout_view
    view.set_camera_watching(True)
    shots = [
        ("seen-lowered.png", Phase.LIFT, MeasuredRep(0, 1, 1, 2.9, 0.2, 0.3)),
        ("seen-slower.png", Phase.LIFT, MeasuredRep(0, 1, 1, 1.4, 0.2, 0.3)),
        ("seen-short.png", Phase.SQUEEZE, MeasuredRep(0, 1, 0.2, 0.9, 0.2, 0.1, complete=False)),
    ]
    as_planned = rep_words(MeasuredRep(0, 1, 1, 2.9, 0.2, 0.3), planned_lower=3.0)
    slower = rep_words(MeasuredRep(0, 1, 1, 1.4, 0.2, 0.3), planned_lower=3.0)
    words = [(name, phase, rep_words(rep, planned_lower=3.0)) for name, phase, rep in shots] + [
        ("seen-wrong-leg.png", Phase.LIFT, leg_words(Side.RIGHT, Side.LEFT)),
        ("seen-leg-confirmed.png", Phase.LIFT, leg_words(Side.LEFT, Side.LEFT)),
        ("seen-lockout.png", Phase.LIFT, msgspec.structs.replace(as_planned, body="lockout ✓")),
        ("seen-hips-low.png", Phase.LIFT, msgspec.structs.replace(as_planned, body="hips low")),
        ("seen-slower-shins.png", Phase.LIFT,
         msgspec.structs.replace(slower, body="shins not vertical — move the feet")),
    ]
    for name, phase, said in words:
        _until(window, clock, Phase.LOWER)  # each shot after the next rep's lowering
        _until(window, clock, phase)
        view.show_seen(said, clock.now)
        app.processEvents()
        view.flash_overlay.hide()
        window.grab().save(str(out / name.replace(".png", f"{suffix}.png")))
    window.close()


if __name__ == "__main__":
    sys.exit(main())
