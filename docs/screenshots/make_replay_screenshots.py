"""Render the set watched back (offscreen, fake clock): a rendered set's film, its reps on the timeline.

Run: ``python docs/screenshots/make_replay_screenshots.py [OUT_DIR]``; by default into
``docs/screenshots/walkthrough/``: ``replay.png`` (1366×768) and ``replay-800x600.png``, each paused just
after the second rep's fast lowering ("LOWERED 1.2 s — SLOWER" under the picture, its mark on the
timeline); and ``rest-replay-button.png``, the rest screen offering the replay.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from gymtimer.core.camera_events import Finished
from gymtimer.core.notices import Notices
from gymtimer.core.plan import Plan
from gymtimer.core.tempo import Tempo
from gymtimer.core.workout import Workout
from gymtimer.live.driver import WorkoutDriver
from gymtimer.store import paths
from gymtimer.ui.replay import ReplayDialog
from gymtimer.ui.workout_view import WorkoutView
from gymtimer.vision.frames import FrameSource
from gymtimer.vision.live import LiveWatcher
from gymtimer.vision.replay import SetFilm, SetReplay, timeline
from gymtimer_dev.clock import FakeClock
from gymtimer_dev.synthetic import render


def _filmed_set(folder: Path) -> SetReplay:
    """The rendered "too_fast" set through the live watcher, its frames kept as a live set's are."""
    import json

    video, sidecar = render("too_fast", folder)
    box = tuple(json.loads(sidecar.read_text())["box"])
    film = SetFilm()
    film.begin()
    watcher = LiveWatcher(lambda: FrameSource(video), box, planned_lower=3.0, clock=FakeClock(), film=film)
    with watcher:
        while True:
            event = watcher.events.get(timeout=60)
            if isinstance(event, Finished):
                break
    film.end()
    return SetReplay(film, timeline(event.reps, 3.0), "Barbell hip thrust 3×5 · set 2")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "walkthrough"
    out.mkdir(parents=True, exist_ok=True)
    paths.set_data_dir(tempfile.mkdtemp(prefix="gymtimer-shots-"))
    app = QApplication.instance() or QApplication([])
    replay = _filmed_set(Path(tempfile.mkdtemp(prefix="gymtimer-clip-")))
    slower = next(v for v in replay.marks.verdicts if v.flagged)
    for size, name in (((1366, 768), "replay.png"), ((800, 600), "replay-800x600.png")):
        dialog = ReplayDialog(replay, clock=FakeClock())
        dialog.resize(*size)
        dialog.show()
        dialog.seek(slower.at + 0.4)
        app.processEvents()
        dialog.grab().save(str(out / name))
        dialog.close()
    _rest_screen(app, out)
    print(f"screenshots in {out}")
    return 0


def _rest_screen(app: QApplication, out: Path) -> None:
    clock = FakeClock(100.0)
    driver = WorkoutDriver(clock=clock)
    view = WorkoutView(driver, Notices())
    view.resize(1366, 768)
    view.show()
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=3, reps=1, lead_in=0, rest=90)
    driver.set_workout(Workout(plan, origin=clock()))
    driver.start()
    while driver.workout.set_number == 1 and driver.workout.phase.value != "rest":
        clock.now += 0.1
        driver.wake()
    clock.now += 5
    driver.wake()
    view.offer_replay(True)
    app.processEvents()
    view.grab().save(str(out / "rest-replay-button.png"))
    view.close()


if __name__ == "__main__":
    raise SystemExit(main())
