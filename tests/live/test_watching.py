"""The camera during a workout: what the watcher says reaches the workout, the screen, the cues and the file.

The workout runs on a fake clock with the driver's fake timers, and the
camera's events are emitted by the feed's own signal as its worker would
(the feed's thread and the watcher are tested in test_camera_feed.py and
tests/vision/; a real clip as the camera runs in the end-to-end test).
"""

from __future__ import annotations

import msgspec

from gymtimer.core.camera_events import CameraOpened, CameraState, PhaseSeen, RepSeen, State
from gymtimer.core.notices import CAMERA_NOT_AVAILABLE, Notices
from gymtimer.core.plan import Plan
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.workout import SEEN_GRACE_SECONDS, EventKind, Workout
from gymtimer.live.camera import CameraChoice, CameraFeed
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.watching import WorkoutWatch
from gymtimer.ui.workout_view import WorkoutView
from gymtimer.vision.guidance import MESSAGES
from gymtimer_dev.clock import FakeClock
from tests.helpers.stubs import FakeTimer

BOX = (100, 80, 60, 50)
CHOICE = CameraChoice("/dev/video0", "Laptop camera", BOX)
REP_SECONDS = 5.0  # lift 1, squeeze 1, lower 3


class StandInFeed(CameraFeed):
    """The real feed's signals, without its worker: the device path is tested for real elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.started: list[tuple] = []
        self.stopped = 0

    def start(self, camera, box=None, *, planned_lower=None, pictures=True, film=None) -> None:
        self.started.append((camera, box, planned_lower, pictures))
        self.film = film
        self.is_open = True
        self.reported.emit(CameraOpened(True))

    def stop(self) -> None:
        self.stopped += 1
        if self.is_open:
            self.is_open = False
            self.reported.emit(CameraOpened(False))


class Played:
    """The cue engine's seen-rep path, as the watch calls it (the engine's own tests play it for real)."""

    def __init__(self) -> None:
        self.seen: list = []

    def play_seen(self, cue, forecast=None) -> None:
        self.seen.append(cue)


class Rig:
    def __init__(self, qtbot, follow: bool = False, start: bool = True) -> None:
        self.clock = FakeClock()
        self.driver = WorkoutDriver(clock=self.clock, timer=FakeTimer)
        self.notices = Notices()
        self.view = WorkoutView(self.driver, self.notices)
        qtbot.addWidget(self.view)
        self.view.show()
        self.feed = StandInFeed()
        self.cues = Played()
        self.saves = 0
        self.watch = WorkoutWatch(self.driver, self.view, self.notices, cues=lambda: self.cues,
                                  records_changed=self._saved, feed=self.feed, timer=FakeTimer)
        plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=4, lead_in=0, rest=30)
        self.workout = Workout(plan, origin=self.clock(), watched=True, follow=follow)
        self.driver.set_workout(self.workout)
        self.watch.begin(msgspec.structs.replace(CHOICE, follow=follow), self.workout)
        self.start = self.clock()
        if start:
            self.driver.start()

    def _saved(self) -> None:
        self.saves += 1

    def at(self, seconds: float) -> None:
        """Move the clock to ``seconds`` after the start and let the driver catch up, as its timers would."""
        self.clock.now = self.start + seconds
        self.driver.wake()
        self.watch.check_unseen()

    def seen(self, start: float, lower: float = 2.9, complete: bool = True) -> None:
        rep = MeasuredRep(start=self.start + start, lift=1.0, top=1.0, lower=lower, bottom=None, range=40.0,
                          complete=complete)
        self.feed.reported.emit(RepSeen(rep, 1, self.clock()))


def test_a_workout_with_the_camera_opens_it_with_the_box_when_it_starts_and_closes_it_at_the_end(qtbot):
    rig = Rig(qtbot, start=False)
    assert rig.feed.started == [] and not rig.view.camera_watching(), "the ready screen keeps the camera closed"
    rig.driver.start()
    ((camera, box, planned_lower, pictures),) = rig.feed.started
    assert (camera.name, box, planned_lower, pictures) == ("Laptop camera", BOX, 3.0, False)
    assert rig.view.camera_watching()
    rig.driver.abandon()
    assert rig.feed.is_open, "the last rep's measurement is still to come"
    rig.watch._linger.fire()
    assert not rig.feed.is_open and not rig.watch.watching and not rig.view.camera_watching()


def test_the_last_rep_of_the_workout_is_judged_after_the_workout_ends(qtbot):
    rig = Rig(qtbot)
    for k in range(3):
        rig.at((k + 1) * REP_SECONDS + 0.3)
        rig.seen(k * REP_SECONDS)
    rig.at(4 * REP_SECONDS)  # the fourth and last rep's lowering ends: the workout is done
    assert rig.workout.finished and rig.feed.is_open
    saves = rig.saves
    rig.at(4 * REP_SECONDS + 0.3)
    rig.seen(3 * REP_SECONDS, complete=False)  # it was short
    (record,) = rig.workout.record.sets
    assert (record.done(), record.failed(), record.seen_count) == (3, 1, 4) and rig.saves == saves + 1
    rig.watch._linger.fire()
    assert not rig.feed.is_open


def test_the_last_rep_nobody_saw_is_not_counted_when_the_camera_closes(qtbot):
    rig = Rig(qtbot)
    rig.at(4 * REP_SECONDS + SEEN_GRACE_SECONDS + 0.1)  # nothing seen at all
    rig.watch._linger.fire()
    (record,) = rig.workout.record.sets
    assert (record.paced_count, record.done(), record.seen_count) == (4, 0, 0)


def test_no_box_drawn_means_pacing_only_and_no_camera_opened(qtbot):
    rig = Rig(qtbot)
    rig.watch.begin(msgspec.structs.replace(CHOICE, box=None), rig.workout)
    assert len(rig.feed.started) == 1 and not rig.feed.is_open and not rig.watch.watching


def test_no_box_drawn_but_the_body_model_to_place_one_opens_the_camera_without_a_box(qtbot):
    rig = Rig(qtbot, start=False)
    rig.watch.begin(msgspec.structs.replace(CHOICE, box=None, finds_hips=True), rig.workout)
    rig.driver.start()
    ((camera, box, _planned, _pictures),) = rig.feed.started
    assert camera.name == "Laptop camera" and box is None and rig.watch.watching  # the watcher places the box


def test_each_seen_rep_shows_its_words_plays_its_cue_and_is_saved(qtbot):
    rig = Rig(qtbot)
    rig.at(REP_SECONDS + 0.3)  # rep 1 lowered; its measurement comes 0.3 s later
    rig.seen(0.0, lower=2.9)
    assert rig.view.seen() == "LOWERED 2.9 s" and rig.cues.seen == [] and rig.saves == 1
    rig.at(2 * REP_SECONDS + 0.3)
    rig.seen(REP_SECONDS, lower=1.2)  # too fast: under 75 % of the planned 3 s
    assert rig.view.seen() == "LOWERED 1.2 s · SLOWER" and [c.value for c in rig.cues.seen] == ["slower"]
    rig.at(3 * REP_SECONDS + 0.3)
    rig.seen(2 * REP_SECONDS, complete=False)
    assert rig.view.seen().endswith("SHORT") and [c.value for c in rig.cues.seen] == ["slower", "short"]
    (record,) = rig.workout.record.sets
    assert [rep.seen is not None for rep in record.reps] == [True, True, True]
    assert (record.done(), record.failed()) == (2, 1)


def test_a_paced_rep_nobody_saw_is_not_counted(qtbot):
    rig = Rig(qtbot)
    rig.at(REP_SECONDS + 0.3)
    rig.seen(0.0)
    rig.at(2 * REP_SECONDS + SEEN_GRACE_SECONDS / 2)
    # Still within the grace: not counted (the count never rises to drop again), no word yet.
    assert rig.workout.record.sets[0].done() == 1 and rig.view.counts_label.text() == "REPS 1/4"
    assert rig.view.seen() == ""
    events = []
    rig.driver.events_happened.connect(events.extend)
    rig.at(2 * REP_SECONDS + SEEN_GRACE_SECONDS + 0.05)
    assert EventKind.REP_NOT_SEEN in [e.kind for e in events]
    (record,) = rig.workout.record.sets
    assert (record.paced_count, record.seen_count, record.done()) == (2, 1, 1)
    assert rig.view.seen() == "NOT SEEN"  # one clear word on the workout screen


def test_a_lost_camera_says_pacing_only_and_the_workout_goes_on(qtbot):
    rig = Rig(qtbot)
    rig.feed.reported.emit(CameraState(rig.clock(), State.LOST, MESSAGES[State.LOST], "unplugged?"))
    assert [n.detail for n in rig.notices.shown() if n.text == CAMERA_NOT_AVAILABLE] == ["unplugged?"]
    assert not rig.view.camera_watching()
    rig.feed.reported.emit(CameraOpened(False))  # the device let go too: still lost, the mark stays off
    rig.feed.reported.emit(CameraOpened(True))
    assert not rig.view.camera_watching() and CAMERA_NOT_AVAILABLE in [n.text for n in rig.notices.shown()]
    rig.at(2 * REP_SECONDS + SEEN_GRACE_SECONDS + 0.5)
    assert rig.workout.record.sets[0].done() == 2, "reps paced while the camera was lost count as paced"
    rig.feed.reported.emit(CameraState(rig.clock(), State.SEEING, MESSAGES[State.SEEING]))
    assert CAMERA_NOT_AVAILABLE not in [n.text for n in rig.notices.shown()]
    assert rig.view.camera_watching()


def test_following_the_lifter_a_seen_lift_starts_the_lift_and_its_cue(qtbot):
    rig = Rig(qtbot, follow=True)
    events = []
    rig.driver.events_happened.connect(events.extend)
    rig.at(4.0)  # the lifter waits at the bottom: no lift comes by itself
    assert rig.driver.status().phase is not Phase.LIFT
    rig.feed.reported.emit(PhaseSeen(Phase.LIFT, rig.clock() - 0.2, 0.2))
    assert rig.driver.status().phase is Phase.LIFT
    assert [e.phase for e in events if e.kind is EventKind.PHASE_STARTED][-1] is Phase.LIFT


def test_events_of_an_earlier_workout_are_not_told_to_the_next(qtbot):
    rig = Rig(qtbot)
    rig.at(REP_SECONDS + 0.3)  # one rep paced, its measurement on its way
    old = rig.workout
    plan = old.plan
    rig.driver.set_workout(Workout(plan, origin=rig.clock()))  # another exercise, camera off
    assert not rig.watch.watching and not rig.feed.is_open
    rig.seen(0.0)
    assert rig.view.seen() == "" and old.record.sets[0].reps[0].seen is None


def test_the_summary_says_how_many_reps_were_paced_and_how_many_seen(qtbot):
    from gymtimer.ui.summary_page import SummaryPage, summary_lines

    rig = Rig(qtbot)
    rig.at(REP_SECONDS + 0.3)
    rig.seen(0.0)
    rig.at(2 * REP_SECONDS + 0.3)
    rig.seen(REP_SECONDS, lower=1.2)
    rig.at(3 * REP_SECONDS + SEEN_GRACE_SECONDS + 0.1)  # rep 3 never seen
    rig.driver.end_set()
    record = rig.workout.record
    assert "Camera: paced 3 · 2 reps seen · 1 lowered too fast" in summary_lines(record)
    page = SummaryPage()
    qtbot.addWidget(page)
    page.show_record(record)
    assert page.table.item(0, 2).text() == "2"  # reps counted: the two seen
    assert page.table.item(0, 6).text() == "paced 3 · 2 reps seen · 1 lowered too fast"


def test_following_the_screen_waits_at_the_bottom_for_the_lifter(qtbot):
    rig = Rig(qtbot, follow=True)
    rig.at(30.0)  # no metronome: as long as it takes
    assert rig.view.phase_label.text() == "BOTTOM" and rig.view.seconds_label.text() == ""
    assert rig.view.rep_label.text() == "Lift when you are ready"


def test_hips_moving_like_reps_with_none_seen_say_check_the_box_on_screen_and_in_the_notice_line(qtbot):
    from gymtimer.core.camera_events import Height
    from gymtimer.core.notices import CHECK_THE_BOX

    rig = Rig(qtbot)
    for tenth in range(int(2 * REP_SECONDS * 10) + 15):  # two reps' rise and fall, too small to be counted
        t = tenth / 10
        level = 0.15 if 1.0 <= t % REP_SECONDS < 3.0 else 0.0
        rig.at(t)
        rig.feed.reported.emit(Height(rig.clock(), 15 * level, level))
    rig.at(2 * REP_SECONDS + SEEN_GRACE_SECONDS + 0.1)
    assert rig.view.seen() == "NOT SEEN · CHECK THE BOX"
    assert CHECK_THE_BOX in rig.view.notices()[0]
    assert rig.workout.record.sets[0].done() == 0


def test_following_racking_is_announced_on_screen_and_movement_calls_it_off(qtbot):
    from gymtimer.core.camera_events import Height, Still

    rig = Rig(qtbot, follow=True)
    rig.at(1.0)
    for phase, at in ((Phase.LIFT, 1.0), (Phase.SQUEEZE, 2.0), (Phase.LOWER, 3.0)):
        rig.at(at + 0.1)
        rig.feed.reported.emit(PhaseSeen(phase, rig.start + at, 0.1))
    rig.at(6.2)
    rig.seen(1.0)
    rig.at(11.2)
    rig.feed.reported.emit(Still(rig.clock(), 5.0))
    assert rig.view.text_shown() == "Racking? The set ends in 3…: move to keep going"
    rig.at(12.2)
    assert rig.view.text_shown().startswith("Racking? The set ends in 2…")
    rig.feed.reported.emit(Height(rig.clock(), 0.0, 0.0))
    rig.feed.reported.emit(Height(rig.clock(), 30.0, 0.3))  # the lifter moves
    assert rig.view.text_shown() == "" and rig.driver.status().phase is Phase.BOTTOM
    rig.at(20.0)
    assert rig.workout.record.sets[0].ended is None  # the set goes on, waiting for the lift


def test_following_a_set_racked_early_is_summed_up_as_ended_at_its_count_not_done(qtbot):
    from gymtimer.core.camera_events import Still
    from gymtimer.ui.summary_page import SummaryPage

    rig = Rig(qtbot, follow=True)
    for phase, at in ((Phase.LIFT, 1.0), (Phase.SQUEEZE, 2.0), (Phase.LOWER, 3.0)):
        rig.at(at + 0.1)
        rig.feed.reported.emit(PhaseSeen(phase, rig.start + at, 0.1))
    rig.at(6.2)
    rig.seen(1.0)
    rig.at(11.2)
    rig.feed.reported.emit(Still(rig.clock(), 5.0))
    for second in (12.2, 13.2, 14.3):  # nobody moves through "3…2…1"
        rig.at(second)
    assert rig.workout.finished
    page = SummaryPage()
    qtbot.addWidget(page)
    page.show_record(rig.workout.record)
    assert page.title.text().endswith(": ended at 1 of 4")


def test_following_a_lost_camera_says_the_metronome_paces_instead(qtbot):
    rig = Rig(qtbot, follow=True)
    rig.feed.reported.emit(CameraState(rig.clock(), State.LOST, MESSAGES[State.LOST], "unplugged?"))
    (notice,) = [n for n in rig.notices.shown() if n.text == CAMERA_NOT_AVAILABLE]
    assert notice.detail == "Unplugged? Follow me is on, but the metronome paces instead of following you."
