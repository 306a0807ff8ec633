"""The session keeper's rules, with a real driver on a fake clock and a real store in a tmp folder; no window."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from PySide6.QtWidgets import QApplication

from gymtimer.core.notices import Notices, Place
from gymtimer.core.presets import find_preset
from gymtimer.core.workout import Workout
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.session_keeper import SessionKeeper, goes_to_trash, nothing_lifted
from gymtimer.store import session_files
from gymtimer.store.sessions import SessionStore

BODYWEIGHT = "Bodyweight hip thrust"  # a lead-in of 5 s, then reps of 6 s


class Bench:
    """A keeper as the window builds it: the driver, the store, the notices; the exercises started by hand."""

    def __init__(self, clock, folder) -> None:
        self.clock = clock
        self.driver = WorkoutDriver(clock=clock)
        self.store = SessionStore(folder)
        self.notices = Notices()
        self.keeper = SessionKeeper(self.driver, lambda: self.store, self.notices)
        self.joined = []
        self.keeper.exercise_joined.connect(self.joined.append)

    def start(self, preset_name: str = BODYWEIGHT) -> Workout:
        preset = find_preset(preset_name)
        workout = self.keeper.begin_exercise(lambda origin: Workout(
            preset.plan, origin=origin, preset_name=preset.name, variation=preset.variation, preset_id=preset.id))
        self.driver.set_workout(workout)
        self.driver.start()
        return workout

    def wait(self, seconds: float, step: float = 0.1) -> None:
        end = self.clock.now + seconds
        while self.clock.now + step < end:
            self.clock.advance(step)
            self.driver.wake()
        self.clock.now = end
        self.driver.wake()

    def on_disk(self):
        journal = self.keeper.journal
        assert journal is not None
        return session_files.decode(journal.path.read_bytes()) if journal.path.exists() else None


@pytest.fixture
def bench(clock, tmp_path, qapp):
    bench = Bench(clock, tmp_path / "data")
    yield bench
    bench.driver.set_workout(None)


def test_the_first_start_opens_a_session_dated_from_when_the_exercise_was_set(bench):
    before = dt.datetime.now(dt.UTC)
    workout = bench.keeper.begin_exercise(lambda origin: Workout(find_preset(BODYWEIGHT).plan, origin=origin))
    bench.driver.set_workout(workout)
    bench.clock.advance(90.0)  # the lifter sets up the bench for a minute and a half, then presses Space
    bench.driver.start()
    session = bench.keeper.session
    assert session is not None and session.exercises == [workout.record]
    assert bench.joined == [workout.record]
    assert before - dt.timedelta(seconds=91) <= session.started_at <= before - dt.timedelta(seconds=89)


def test_every_exercise_in_a_row_joins_the_one_session_on_one_time_line(bench):
    first = bench.start()
    bench.wait(5.0 + 6.0)
    bench.driver.abandon()
    session = bench.keeper.session
    bench.clock.advance(60.0)
    second = bench.start()
    assert bench.keeper.session is session and session.exercises == [first.record, second.record]
    assert bench.joined == [first.record, second.record]
    bench.wait(5.1)  # its lead-in
    # Record times of one session count from one origin: the second exercise's set starts 76 s in, not 5.
    assert second.record.sets[0].started == pytest.approx(5.0 + 6.0 + 60.0 + 5.0, abs=0.2)


def test_a_rep_is_saved_after_the_paint_not_before(bench):
    bench.start()
    bench.wait(5.0 + 6.0 + 0.1)  # the first rep is counted
    assert bench.keeper.current_exercise.done() == 1
    assert bench.on_disk() is None, "not written in front of the screen's change"
    QApplication.processEvents()  # the paint, then the save
    saved = bench.on_disk()
    assert saved is not None and saved.exercises[0].done() == 1


def test_records_written_by_another_part_are_saved_the_same_way(bench):
    bench.start()
    bench.wait(5.0 + 6.0 + 0.1)
    QApplication.processEvents()
    bench.keeper.current_exercise.sets[0].note = "measured by the coach"
    bench.keeper.records_changed()
    assert bench.on_disk().exercises[0].sets[0].note == ""
    QApplication.processEvents()
    assert bench.on_disk().exercises[0].sets[0].note == "measured by the coach"


def test_a_session_with_a_rep_joins_the_history_when_finished(bench):
    bench.start()
    bench.wait(5.0 + 6.0 + 0.1)
    QApplication.processEvents()
    session, path = bench.keeper.session, bench.keeper.journal.path
    bench.keeper.finish()
    assert bench.keeper.session is bench.keeper.journal is bench.keeper.workout is None
    assert bench.store.history.sessions == [session]
    assert session_files.decode(path.read_bytes()).ended_at is not None
    assert bench.keeper.unsaved_journals() == []


def test_a_session_ended_before_a_single_rep_goes_to_the_trash_not_away(bench):
    bench.start()
    bench.wait(2.0)  # still in the lead-in
    bench.driver.abandon()
    path = bench.keeper.journal.path
    bench.keeper.finish()
    assert not path.exists() and bench.store.history.sessions == []
    assert [p.name for p in bench.store.trash_dir.iterdir()] == [path.name]


def test_the_trash_rule_keeps_anything_lifted_or_said_and_anything_outside_the_folder(tmp_path):
    from gymtimer.core.records import SessionRecord

    folder = tmp_path / "sessions"
    empty = SessionRecord(id="a", started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), app_version="1")
    assert nothing_lifted(empty)
    assert goes_to_trash(empty, unsaved=False, folder=folder, sessions_dir=folder)
    assert not goes_to_trash(empty, unsaved=True, folder=folder, sessions_dir=folder), "its file may not be there"
    assert not goes_to_trash(empty, unsaved=False, folder=tmp_path / "elsewhere", sessions_dir=folder)


def test_a_note_or_an_effort_alone_is_enough_to_keep_a_session(bench):
    workout = bench.start()
    bench.wait(5.0 + 6.0 + 0.1)
    session = bench.keeper.session
    first_set = workout.record.sets[0]
    first_set.reps.clear()  # as if the one rep was undone
    assert nothing_lifted(session)
    first_set.note = "left knee sore, stopped"
    assert not nothing_lifted(session)
    first_set.note, first_set.rpe = "", 9
    assert not nothing_lifted(session)


def test_a_failed_save_is_told_kept_in_memory_and_moved_to_another_folder(bench, tmp_path, monkeypatch):
    from tests.helpers.disks import FaultyDisk

    disk = FaultyDisk(tmp_path / "data", monkeypatch)  # the store's own sessions folder
    bench.start()
    disk.fill()
    bench.wait(5.0 + 6.0 + 0.1)
    QApplication.processEvents()
    assert bench.notices.get("save").text.startswith("Not saved")
    assert Place.SETUP in bench.notices.get("save-later").places
    assert bench.keeper.unsaved_journals() == [bench.keeper.journal]
    bench.driver.abandon()
    session = bench.keeper.session
    bench.keeper.finish()
    assert bench.store.history.sessions == [session], "kept in memory, in the history"
    [journal] = bench.keeper.unsaved_journals()
    other = tmp_path / "usb stick"
    other.mkdir()
    bench.keeper.move_unsaved_to(other)
    assert bench.keeper.unsaved_journals() == []
    assert session_files.decode((other / journal.path.name).read_bytes()).id == session.id
    assert not bench.notices.get("save") or not bench.notices.get("save").text, "told once it works again"


def test_an_edit_on_the_summary_page_is_saved_at_once(bench):
    workout = bench.start()
    bench.wait(5.0 + 6.0 + 0.1)
    QApplication.processEvents()
    workout.record.sets[0].rpe = 8
    bench.keeper.save()
    assert msgspec.to_builtins(bench.on_disk().exercises[0].sets[0])["rpe"] == 8
