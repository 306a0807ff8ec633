"""Render the workout screen in each phase to PNG for the README (offscreen, fake clock).

Run: ``python docs/screenshots/make_screenshots.py [OUT_DIR]``. The window is
1366×768, the size of the laptop screen the workout screen is designed for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import msgspec
from PySide6.QtWidgets import QApplication

from gymtimer.core.presets import find_preset
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import Unit
from gymtimer.live.driver import WorkoutDriver
from gymtimer.store import paths
from gymtimer.ui.main_window import MainWindow
from gymtimer_dev.clock import FakeClock


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
    out.mkdir(parents=True, exist_ok=True)
    import tempfile

    paths.set_data_dir(tempfile.mkdtemp(prefix="gymtimer-shots-"))
    app = QApplication.instance() or QApplication([])
    clock = FakeClock(100.0)
    window = MainWindow(driver=WorkoutDriver(clock=clock))
    window.resize(1366, 768)
    window.show_setup()
    window.show()
    app.processEvents()
    window.grab().save(str(out / "setup.png"))
    window.prepare_exercise(find_preset("Eccentric single-leg hip thrust"), 60, Unit.KG)
    window.driver.start()
    # the moments to show, in seconds after the start, and the phase expected there
    moments = [(1.2, Phase.LEAD_IN), (25.4, Phase.LIFT), (26.5, Phase.SQUEEZE), (28.1, Phase.LOWER),
               (36.0, Phase.SWITCH), (80.0, Phase.REST)]
    start = clock.now
    for at, phase in moments:
        while clock.now < start + at:
            clock.now = min(start + at, clock.now + 0.25)
            window.driver.wake()
        app.processEvents()
        window.workout_view.flash_overlay.hide()
        assert window.keeper.workout.phase is phase, (at, window.keeper.workout.phase)
        window.grab().save(str(out / f"phase-{phase.value}.png"))
    window.driver.pause()
    app.processEvents()
    window.grab().save(str(out / "paused.png"))
    window.driver.toggle()  # Space again: on it goes
    window.workout_view.toggle_help()
    window.grab().save(str(out / "keys.png"))
    window.workout_view.toggle_help()
    window.driver.abandon()
    app.processEvents()
    window.grab().save(str(out / "summary.png"))
    # No built-in preset pauses at the bottom: a copy of the barbell preset that does.
    barbell = find_preset("Barbell hip thrust 3×5, 5 s squeeze")
    paused_bottom = msgspec.structs.replace(
        barbell, name="Barbell hip thrust, 1 s pause at the bottom", builtin=False,
        plan=msgspec.structs.replace(barbell.plan, tempo=Tempo.parse("2-1-1-2")))
    window.prepare_exercise(paused_bottom, 100, Unit.KG)
    window.driver.start()
    start = clock.now
    while window.keeper.workout.phase is not Phase.BOTTOM:
        clock.now += 0.25
        window.driver.wake()
    clock.now += 0.25
    window.driver.wake()
    app.processEvents()
    window.workout_view.flash_overlay.hide()
    window.grab().save(str(out / "phase-bottom.png"))
    print(f"screenshots in {out}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
