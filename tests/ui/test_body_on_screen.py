"""The pose model's word on the workout screen and in the session file (issue 22): the wrong leg said within
the rep, the lockout verdict after it, both kept per rep.

Real widgets offscreen: the workout screen, the driver on a fake clock, the camera's watch and the session
keeper writing a real file in a tmp folder. The camera's events come from the feed's own signal as its worker
would send them (``StandInFeed``: the real feed's signals, its worker tested elsewhere); the pose model's
frames are a public clip's landmark trace, retimed (tests/core/test_body_seen.py says how).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from gymtimer.core.camera_events import CameraState, RepSeen, State
from gymtimer.core.notices import Notices
from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import body_text
from gymtimer.core.stats import balance_series, summarize
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import Unit
from gymtimer.core.workout import Workout
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.session_keeper import SessionKeeper
from gymtimer.live.watching import WorkoutWatch
from gymtimer.store import session_files
from gymtimer.store.sessions import SessionStore
from gymtimer.ui.seen_words import BODY_FAULT_COLOUR, BODY_OK_COLOUR
from gymtimer.ui.workout_view import WorkoutView
from tests.core import test_body_seen as traces
from tests.helpers.stubs import FakeTimer
from tests.live.test_watching import CHOICE, StandInFeed

REP_SECONDS = 5.0  # lift 1, squeeze 1, lower 3


class Rig:
    """A single-leg set (LEFT 3, then RIGHT 3) watched, the lifter's left side facing the camera."""

    def __init__(self, qtbot, clock, folder, facing: Side | None = Side.LEFT) -> None:
        self.clock = clock
        self.driver = WorkoutDriver(clock=clock, timer=FakeTimer)
        self.notices = Notices()
        self.view = WorkoutView(self.driver, self.notices)
        qtbot.addWidget(self.view)
        self.view.resize(1366, 768)
        self.view.show()
        self.store = SessionStore(folder)
        self.keeper = SessionKeeper(self.driver, lambda: self.store, self.notices)
        self.feed = StandInFeed()
        self.watch = WorkoutWatch(self.driver, self.view, self.notices, records_changed=self.keeper.records_changed,
                                  feed=self.feed, timer=FakeTimer)
        plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=3, lead_in=0, rest=30,
                    switch_pause=5, laterality=Laterality.PER_LEG, start_side=Side.LEFT, replace_failed=False)
        self.workout = self.keeper.begin_exercise(lambda origin: Workout(
            plan, origin=origin, preset_name="Single-leg hip thrust", variation=Variation.SINGLE_LEG, watched=True))
        self.driver.set_workout(self.workout)
        self.watch.begin(CHOICE, self.workout, facing=facing)
        self.driver.start()
        self.start = clock()
        self.feed.reported.emit(CameraState(self.start, State.SEEING, ""))
        self._script: list = []

    def lift(self, at: float, near_planted: bool) -> None:
        """A rep from ``at`` seconds after the start: its frames, then its measurement 0.3 s after its lowering."""
        self._script += traces._one_leg_rep(at + 0.05, near_planted, origin=self.start)
        rep = MeasuredRep(start=self.start + at + 0.05, lift=1.0, top=1.0, lower=2.9, bottom=None, range=40.0)
        self._script.append((rep.lowering_ends + 0.3, RepSeen(rep, 1, rep.lowering_ends + 0.3)))
        self._script.sort(key=lambda item: item[0])

    def until(self, seconds: float, step: float = 0.05) -> None:
        """Move on to ``seconds`` after the start, the camera's events sent at their times."""
        end = self.start + seconds
        while self.clock.now < end - 1e-9:
            self.clock.now = min(end, round(self.clock.now + step, 6))
            while self._script and self._script[0][0] <= self.clock.now:
                _, event = self._script.pop(0)
                self.feed.reported.emit(event)
            self.driver.wake()
            self.watch.check_unseen()
        QApplication.processEvents()  # the paint, then the save that follows


@pytest.fixture
def rig(qtbot, clock, tmp_path):
    rig = Rig(qtbot, clock, tmp_path / "data")
    yield rig
    rig.watch.stop()
    rig.driver.set_workout(None)


def test_the_wrong_leg_is_said_within_the_rep_and_the_lockout_after_it_and_both_are_kept(rig):
    for at, near_planted in [(0.0, True), (5.0, False), (10.0, True), (15.0, True)]:
        rig.lift(at, near_planted)
    rig.until(1.5)  # the first rep's squeeze: the camera sees the set's leg working
    assert rig.workout.phase is Phase.SQUEEZE and rig.view.seen() == "LEFT leg ✓"
    rig.until(5.5)  # after it: its time and its lockout verdict, the phase word and the counts in their places
    (record,) = rig.workout.record.sets
    verdict = record.reps[0].lockout.verdict
    assert rig.view.seen() == f"LOWERED 2.9 s · {verdict}"
    assert rig.view.seen_words.body_label.isVisible()
    colour = BODY_OK_COLOUR if record.reps[0].lockout.ok else BODY_FAULT_COLOUR
    assert colour.lower() in rig.view.seen_words.body_label.styleSheet().lower()
    panel, phase = rig.view.seen_words.geometry(), rig.view.phase_label.geometry()
    assert not panel.intersects(phase) and not panel.intersects(rig.view.counts_label.geometry())
    assert rig.view.seen_words.body_label.geometry().bottom() <= rig.view.seen_words.height()
    rig.until(6.5)  # the second rep is lifted on the right leg: the near, left, foot is up
    assert rig.workout.phase in (Phase.LIFT, Phase.SQUEEZE)
    assert rig.view.seen() == "LEFT LEG'S SET · LEFT FOOT UP"
    rig.until(10.5)  # it counted for the right leg; the left, lifting its second rep, owes two
    assert rig.view.counts_label.text() == "LEFT 1/3 · RIGHT 1/3"
    assert rig.workout.status(rig.clock()).owed == {Side.LEFT: 2, Side.RIGHT: 2}
    rig.until(20.5)  # the left lifted one more; the switch to the right
    assert rig.workout.phase is Phase.SWITCH and rig.view.rep_label.text() == "Switch to your RIGHT leg"
    # The file the keeper wrote: what the camera saw, rep by rep, beside the schedule.
    on_disk = session_files.decode(rig.keeper.journal.path.read_bytes())
    (left,) = on_disk.exercises[0].sets[:1]
    assert [rep.side for rep in left.reps] == [Side.LEFT] * 4
    assert [rep.leg_seen for rep in left.reps] == [Side.LEFT, Side.RIGHT, Side.LEFT, Side.LEFT]
    assert all(rep.lockout is not None for rep in left.reps)
    assert [rep.lockout for rep in left.reps] == [rep.lockout for rep in rig.workout.record.sets[0].reps]
    assert body_text(left).endswith("1 on the other leg")
    assert on_disk.exercises[0].done(Side.LEFT) == 3 and on_disk.exercises[0].done(Side.RIGHT) == 1
    # The balance chart puts the rep where it was lifted.
    [point] = balance_series(summarize([on_disk]), Unit.KG)
    assert (point.left_reps, point.right_reps) == (3, 1)


def test_without_the_pose_model_the_screen_and_the_file_are_as_before(qtbot, clock, tmp_path):
    rig = Rig(qtbot, clock, tmp_path / "data")
    for at in (0.0, 5.0):
        rep = MeasuredRep(start=rig.start + at + 0.05, lift=1.0, top=1.0, lower=2.9, bottom=None, range=40.0)
        rig._script.append((rep.lowering_ends + 0.3, RepSeen(rep, 1, rep.lowering_ends + 0.3)))
    rig.until(1.5)
    assert rig.view.seen() == ""
    rig.until(5.5)
    assert rig.view.seen() == "LOWERED 2.9 s" and not rig.view.seen_words.body_label.isVisible()
    rig.until(10.5)
    on_disk = session_files.decode(rig.keeper.journal.path.read_bytes())
    reps = on_disk.exercises[0].sets[0].reps
    assert len(reps) == 2 and all(rep.leg_seen is None and rep.lockout is None for rep in reps)
    assert on_disk.exercises[0].done(Side.LEFT) == 2
    rig.watch.stop()
    rig.driver.set_workout(None)


def test_the_side_facing_the_camera_said_on_the_setup_page_reaches_the_coach(qtbot, clock, tmp_path):
    """The window hands the watch the side the lifter said (remembered, before the setup page is built; the
    page's own choice after); the watch hands it to the coach, which names the legs by it."""
    from gymtimer.store.camera_settings import CameraMemory
    from gymtimer.ui.main_window import MainWindow

    CameraMemory().set_facing(Side.RIGHT)
    window = MainWindow(driver=WorkoutDriver(clock=clock))
    qtbot.addWidget(window)
    assert window.camera_facing() is Side.RIGHT
    window.show_setup()
    assert window.camera_facing() is Side.RIGHT
    rig = Rig(qtbot, clock, tmp_path / "data", facing=window.camera_facing())
    assert rig.watch.coach.body.facing is Side.RIGHT and rig.watch.coach.body.names_legs
    rig.watch.stop()
    rig.driver.set_workout(None)
