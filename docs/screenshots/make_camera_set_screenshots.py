"""Render what the workout screen tells a lifter the camera made of the set (offscreen, fake clock).

Run: ``python docs/screenshots/make_camera_set_screenshots.py [OUT_DIR [WIDTH HEIGHT]]``; by default into
``docs/screenshots/walkthrough/`` at 1366×768:

- ``camera-not-seen.png``: a paced rep the camera watched and did not see: "NOT SEEN", the count unchanged;
- ``camera-check-the-box.png``: the hips moved like reps twice and no rep was seen: "NOT SEEN · CHECK THE
  BOX", and the notice line "The camera doesn't see your reps — check the box";
- ``camera-racking.png``: following, the hips still at the bottom after two reps: "Racking? The set ends
  in 3…", "Move to keep going".

The camera's events are played as the watcher sends them, through the real watch and coach; only the
device is left out (a feed that opens nothing).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from tests.helpers.clock import FakeClock

from gymtimer.core.camera_events import CameraOpened, CameraState, Height, PhaseSeen, RepSeen, State, Still
from gymtimer.core.notices import Notices
from gymtimer.core.plan import Plan
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.workout import Workout
from gymtimer.live.camera import CameraChoice, CameraFeed
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.watching import WorkoutWatch
from gymtimer.ui.workout_view import WorkoutView

REP = 5.0  # lift 1, squeeze 1, lower 3


class NoDevice(CameraFeed):
    """The feed's signals without a device: the events are played by this script."""

    def start(self, camera, box=None, *, planned_lower=None, pictures=True) -> None:
        self.is_open = True
        self.reported.emit(CameraOpened(True))

    def stop(self) -> None:
        self.is_open = False


class Scene:
    """A workout screen watched by the camera, on a fake clock."""

    def __init__(self, size: tuple[int, int], follow: bool = False) -> None:
        self.clock = FakeClock(100.0)
        self.driver = WorkoutDriver(clock=self.clock)
        self.view = WorkoutView(self.driver, Notices())
        self.view.resize(*size)
        self.view.show()
        self.feed = NoDevice()
        self.watch = WorkoutWatch(self.driver, self.view, self.view.notice_model, feed=self.feed)
        plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=3, reps=12, lead_in=0, rest=90,
                    load=80.0)
        self.workout = Workout(plan, origin=self.clock(), preset_name="Barbell hip thrust", watched=True,
                               follow=follow)
        self.view.title = "Barbell hip thrust · 3-0-1-1 · 80 kg"
        self.driver.set_workout(self.workout)
        self.watch.begin(CameraChoice("/dev/video0", "Laptop camera", (100, 80, 60, 50), follow), self.workout)
        self.start = self.clock()
        self.driver.start()
        self.feed.reported.emit(CameraState(self.clock(), State.SEEING, "I can see you"))

    def at(self, seconds: float, level: float | None = None) -> None:
        self.clock.now = self.start + seconds
        self.driver.wake()
        if level is not None:
            self.feed.reported.emit(Height(self.clock(), 100 * level, level))
        self.watch.check_unseen()
        QApplication.processEvents()

    def run(self, until: float, level=lambda t: None, step: float = 0.1) -> None:
        t = self.clock() - self.start
        while t < until:
            t = round(t + step, 3)
            self.at(t, level(t))

    def shoot(self, path: Path) -> None:
        QApplication.processEvents()
        self.view.flash_overlay.hide()
        self.view.grab().save(str(path))


def _swing(t: float) -> float:
    """Hips rising a little each rep: too little for a box far too big to count."""
    return 0.15 if 1.0 <= t % REP < 3.0 else 0.0


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "walkthrough"
    size = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (1366, 768)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])

    scene = Scene(size)  # the lifter lies still: rep 1 is not seen
    scene.run(REP + 1.2)
    scene.shoot(out / "camera-not-seen.png")

    scene = Scene(size)  # the hips move like reps; the box sees none
    scene.run(2 * REP + 1.2, level=_swing)
    scene.shoot(out / "camera-check-the-box.png")

    scene = Scene(size, follow=True)  # two reps followed, then a breather at the bottom
    for start in (1.0, 7.0):
        for phase, at in ((Phase.LIFT, start), (Phase.SQUEEZE, start + 1), (Phase.LOWER, start + 2)):
            scene.run(at + 0.1)
            scene.feed.reported.emit(PhaseSeen(phase, scene.start + at, 0.1))
        scene.run(start + 5.2)
        rep = MeasuredRep(start=scene.start + start, lift=1.0, top=1.0, lower=2.9, bottom=None, range=40.0)
        scene.feed.reported.emit(RepSeen(rep, 1, scene.clock()))
    scene.run(17.2)
    scene.feed.reported.emit(Still(scene.clock(), 5.0))
    scene.run(17.4)
    scene.shoot(out / "camera-racking.png")
    print(f"screenshots in {out}")
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
