"""The set watched back: filmed during the set, its timeline against the records' measured reps, played on a clock.

The workout runs on a fake clock with the driver's fake timers; the camera's
events are emitted on the feed's own signal as its worker would, and the
frames the watcher hands the film are a rendered clip's (test_watching.py has
the stand-in feed; the watcher handing its frames to the film is tested in
tests/vision/test_set_film.py with the clip as the camera). The test that
nothing reaches a disk runs the real feed, its worker thread and the clip.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gymtimer.core.camera_events import Finished, RepSeen
from gymtimer.core.notices import Notices
from gymtimer.core.plan import Plan
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.workout import Workout
from gymtimer.live.camera import CameraFeed
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.watching import WorkoutWatch
from gymtimer.ui.main_window import MainWindow
from gymtimer.ui.replay import ReplayDialog, open_replay
from gymtimer.ui.workout_view import WorkoutView
from gymtimer.vision.cameras import Camera
from gymtimer.vision.frames import FrameSource
from gymtimer.vision.replay import SetFilm, SetReplay, timeline
from gymtimer_dev.clock import FakeClock
from gymtimer_dev.synthetic import render
from tests.helpers.stubs import FakeTimer
from tests.live.test_watching import CHOICE, StandInFeed

REP_SECONDS = 5.0  # lift 1, squeeze 1, lower 3
REST_SECONDS = 30.0


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    return video, json.loads(sidecar.read_text())


@pytest.fixture(scope="module")
def frames(quick):
    video, _truth = quick
    return [frame.grey for frame in FrameSource(video)]


class Rig:
    """Two sets of two reps, watched: the film is handed frames as the watcher would, the reps as the camera saw."""

    def __init__(self, qtbot, frames, *, driver: WorkoutDriver | None = None, view: WorkoutView | None = None,
                 clock: FakeClock | None = None) -> None:
        self.clock = clock or FakeClock()
        self.driver = driver or WorkoutDriver(clock=self.clock, timer=FakeTimer)
        self.view = view or WorkoutView(self.driver, Notices())
        if view is None:
            qtbot.addWidget(self.view)
            self.view.show()
        self.frames = frames
        self.feed = StandInFeed()
        self.watch = WorkoutWatch(self.driver, self.view, Notices(), feed=self.feed, timer=FakeTimer)
        plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=2, reps=2, lead_in=0, rest=REST_SECONDS)
        self.workout = Workout(plan, origin=self.clock(), watched=True)
        self.driver.set_workout(self.workout)
        self.watch.begin(CHOICE, self.workout)
        self.start = self.clock()
        self.driver.start()
        self._filmed_to = self.start

    def at(self, seconds: float) -> None:
        """Move on to ``seconds`` after the start: the camera's frames up to then reach the film, 30 a second."""
        while self._filmed_to < self.start + seconds:
            index = round((self._filmed_to - self.start) * 30)
            self.feed.film.keep(self._filmed_to, self.frames[index % len(self.frames)])
            self._filmed_to += 1 / 30
        self.clock.now = self.start + seconds
        self.driver.wake()
        self.watch.check_unseen()

    def seen(self, start: float, lower: float) -> None:
        rep = MeasuredRep(start=self.start + start, lift=1.0, top=1.0, lower=lower, bottom=None, range=40.0)
        self.feed.reported.emit(RepSeen(rep, 1, self.clock()))

    def first_set(self) -> None:
        """Rep 1 lowered in 2.9 s, rep 2 in 1.2 s (SLOWER); the set ends and the film is cut a moment later."""
        self.at(REP_SECONDS + 0.3)
        self.seen(0.0, 2.9)
        self.at(2 * REP_SECONDS + 0.3)
        self.seen(REP_SECONDS, 1.2)
        assert self.workout.phase is Phase.REST
        self.watch._cut.fire()


def test_the_set_just_lifted_is_filmed_and_its_timeline_marks_the_reps_its_record_holds(qtbot, frames):
    rig = Rig(qtbot, frames)
    assert not rig.view.replay_button.isVisible()
    rig.first_set()
    assert rig.view.replay_button.isVisible(), "at rest, the button to watch it back"
    replay = rig.watch.last_set()
    assert replay is not None and "set 1" in replay.title
    (record,) = rig.workout.record.sets
    measured = [rep.seen for rep in record.reps]
    assert all(measured) and len(measured) == 2
    # The records hold the reps on the session's clock; the film runs on the camera's: the marks are where each was.
    on_film = [rep.start + rig.workout.origin for rep in measured]
    assert [m.start for m in replay.marks.phases if m.phase is Phase.LIFT] == pytest.approx(on_film)
    assert [(v.at, v.words, v.flagged) for v in replay.marks.verdicts] == [
        (pytest.approx(on_film[0] + 4.9), "LOWERED 2.9 s", False),
        (pytest.approx(on_film[1] + 3.2), "LOWERED 1.2 s — SLOWER", True)]
    film = replay.film
    assert film.start == pytest.approx(rig.start, abs=0.05) and film.end_time >= on_film[1] + 3.2
    assert not film.filming, "a moment after the set, filming stopped: the rest is not filmed"


def test_the_next_set_drops_the_last_sets_film(qtbot, frames):
    rig = Rig(qtbot, frames)
    rig.first_set()
    assert len(rig.watch.film) > 0
    on_screen = rig.watch.last_set()  # a replay still open when the set starts keeps its frames until it closes
    rig.at(2 * REP_SECONDS + REST_SECONDS + 0.1)  # the rest is over: set 2 starts
    assert rig.workout.set_number == 2 and rig.workout.phase is Phase.LIFT
    assert not rig.view.replay_button.isVisible()
    assert len(rig.watch.film) == 0 and rig.watch.film.bytes_held == 0, "set 1's frames are gone"
    assert len(on_screen.film) > 0 and on_screen.film.picture(0) is not None
    rig.at(2 * REP_SECONDS + REST_SECONDS + 1.0)
    assert rig.watch.film.start >= rig.start + 2 * REP_SECONDS + REST_SECONDS, "set 2 is filmed from its start"
    rig.watch.drop_film()  # the app quits
    assert len(rig.watch.film) == 0 and rig.watch.film.bytes_held == 0 and rig.watch.last_set() is None


def test_the_replay_plays_slowed_on_the_clock_and_says_each_reps_words_where_it_happened(qtbot, frames):
    rig = Rig(qtbot, frames)
    rig.first_set()
    replay = rig.watch.last_set()
    clock = FakeClock(5000.0)
    dialog = ReplayDialog(replay, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    film = replay.film
    assert dialog.position == film.start and dialog.speed == 0.5 and not dialog.playing
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert dialog.playing
    clock.advance(2.0)
    dialog.show_now()
    assert dialog.position == pytest.approx(film.start + 1.0), "half speed: 2 s of watching is 1 s of the set"
    qtbot.keyClick(dialog, Qt.Key.Key_S)
    assert dialog.speed == 1.0
    clock.advance(2.0)
    dialog.show_now()
    assert dialog.position == pytest.approx(film.start + 3.0)
    slower = replay.marks.verdicts[1]
    dialog.seek(slower.at - 0.5)
    assert dialog.words.text() == "LOWERED 2.9 s", "rep 1's words, until rep 2's lowering ends"
    clock.advance(0.6)
    dialog.show_now()
    assert dialog.words.text() == "LOWERED 1.2 s — SLOWER"
    assert dialog._shown_index == film.index_at(dialog.position)
    clock.advance(100.0)
    dialog.show_now()
    assert dialog.position == film.end_time and not dialog.playing, "it stops at the end"
    qtbot.keyClick(dialog, Qt.Key.Key_Home)
    assert dialog.position == film.start and dialog.words_now() == ""


def test_w_opens_the_replay_at_rest_and_after_the_workout_never_during_a_set(qtbot, frames, clock):
    window = MainWindow(driver=WorkoutDriver(clock=clock, timer=FakeTimer))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.pages.setCurrentWidget(window.workout_view)
    rig = Rig(qtbot, frames, driver=window.driver, view=window.workout_view, clock=clock)
    window._watch = rig.watch
    rig.at(1.0)
    assert window.watch_set_back() is None, "in a set, W does nothing"
    rig.first_set()
    qtbot.keyClick(window.workout_view, Qt.Key.Key_W)
    dialogs = [w for w in window.findChildren(ReplayDialog) if w.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].playing
    rig.at(2 * REP_SECONDS + REST_SECONDS - 11.0)
    assert dialogs[0].isVisible()
    rig.at(2 * REP_SECONDS + REST_SECONDS - 9.9)
    assert not [w for w in window.findChildren(ReplayDialog) if w.isVisible()], "10 s before the set: it makes way"
    window.show_summary()
    assert window.summary_page.replay_button.isVisible()
    film = rig.watch.film
    assert len(film) > 0
    window.close()  # the app quits: the last set's frames go with it
    assert len(film) == 0 and film.bytes_held == 0 and not film.filming


def test_without_a_filmed_set_w_says_so(window, qtbot):
    window.pages.setCurrentWidget(window.workout_view)
    assert window.watch_set_back() is None
    assert window.workout_view.text_shown() == "No set filmed to watch back: the camera was off"


def _files(*folders: Path) -> dict[str, tuple[int, float]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime) for folder in folders for p in folder.rglob("*")}


def test_nothing_is_written_anywhere_during_a_watched_set_and_its_replay_unless_saved(qtbot, quick, data_dir,
                                                                                   tmp_path, monkeypatch):
    """The real feed and its worker, the clip as the camera; the data folder and the temp folder are watched."""
    video, truth = quick
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = _files(data_dir, temp)
    film = SetFilm()
    film.begin()
    feed = CameraFeed(open_source=lambda camera: FrameSource(camera.device))
    ended = []
    feed.reported.connect(lambda event: ended.append(event) if isinstance(event, Finished) else None)
    feed.start(Camera(str(video), "clip"), tuple(truth["box"]), planned_lower=3.0, pictures=False, film=film)
    qtbot.waitUntil(lambda: bool(ended), timeout=60_000)
    feed.stop()
    film.end()
    (finished,) = ended
    assert len(finished.reps) == 2 and len(film) > 100
    clock = FakeClock()
    dialog = open_replay(None, SetReplay(film, timeline(finished.reps, 3.0), "clip"), clock=clock)
    qtbot.addWidget(dialog)
    for _ in range(60):  # 30 s of watching at half speed: the whole 12 s set
        clock.advance(0.5)
        dialog.show_now()
    assert dialog.position == film.end_time
    assert _files(data_dir, temp) == before, "nothing written: not the data folder, not the temp folder"
    videos = tmp_path / "videos"
    videos.mkdir()
    assert dialog.save_to(videos / "my set.avi")
    assert dialog.message.text() == f"Saved: {videos / 'my set.avi'}"
    assert [p.name for p in videos.iterdir()] == ["my set.avi"] and _files(data_dir, temp) == before
    assert not dialog.save_to(videos / "missing" / "set.mp4")
    assert dialog.message.text() == f"Not saved: the folder {videos / 'missing'} does not exist"
    assert os.listdir(videos) == ["my set.avi"]


def test_a_filmed_set_from_the_history_is_watched_back_with_its_measured_reps(qtbot, quick, tmp_path, monkeypatch):
    """Attached, then watched: the video is read again where the lifter points (only its name was kept)."""
    from PySide6.QtWidgets import QFileDialog

    from gymtimer.store.sessions import SessionStore
    from gymtimer.ui.history_view import HistoryView
    from tests.helpers.lifted import START, lifted_session

    video, truth = quick
    store = SessionStore()
    store.save(lifted_session(START, sets=2, reps=2))
    view = HistoryView(store)
    qtbot.addWidget(view)
    view.reload()
    view.show()
    view.select_session(view.table_model.sessions[0].id)
    view.detail.tree.setCurrentIndex(view.detail.model.index(0, 0))
    assert not view.watch_button.isEnabled(), "no filmed set attached yet"
    session = view.table_model.sessions[0]
    view.filming.measure(video, tuple(truth["box"]), session, session.exercises[0].sets[0])
    qtbot.waitUntil(lambda: view.filming.analysis is None, timeout=60_000)
    view.detail.tree.setCurrentIndex(view.detail.model.index(0, 0))
    assert view.watch_button.isEnabled()
    files_before = sorted(p.name for p in tmp_path.rglob("*"))
    # The one stand-in: the native file dialog cannot be driven offscreen.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(video), ""))
    qtbot.mouseClick(view.watch_button, Qt.MouseButton.LeftButton)
    (dialog,) = [d for d in view.findChildren(ReplayDialog) if d.isVisible()]
    measured = view.table_model.sessions[0].exercises[0].sets[0].measured
    assert [v.at for v in dialog.replay.marks.verdicts] == [rep.lowering_ends for rep in measured.reps]
    assert [v.words.endswith("SLOWER") for v in dialog.replay.marks.verdicts] == [False, True]
    assert dialog.film.start == 0.0 and dialog.film.end_time >= measured.reps[-1].lowering_ends
    assert sorted(p.name for p in tmp_path.rglob("*")) == files_before, "read again, no copy kept"
    dialog.close()
    assert view.filming.watch_video(tmp_path / "gone.mp4") is None
    assert view.status.text() == ("Could not play that video: gone.mp4 is not there (moved, or on a drive not "
                                  "plugged in?).")


def test_the_buttons_to_watch_it_back_fit_an_800_by_600_window(qtbot, window):
    from tests.helpers.lifted import START, lifted_session

    window.resize(800, 600)
    window.workout_view.offer_replay(True)
    window.summary_page.show_record(lifted_session(START, sets=2, reps=2).exercises[0])
    window.summary_page.offer_replay(True)
    for page in (window.workout_view, window.summary_page):
        hint = page.minimumSizeHint()
        assert hint.width() <= 800 and hint.height() <= 600, (type(page).__name__, hint)
