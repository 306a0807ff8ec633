"""The journal: the session file after every rep, and a workout that survives a full or read-only disk."""

from __future__ import annotations

import datetime as dt

import pytest

from gymtimer.core.plan import Plan
from gymtimer.core.records import SessionRecord
from gymtimer.core.tempo import Tempo
from gymtimer.core.workout import EventKind, Workout
from gymtimer.store import session_files
from gymtimer.store.journal import SessionJournal
from gymtimer.store.sessions import SessionStore
from tests.helpers.lifted import START

PLAN = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=3, reps=4, lead_in=3, rest=30, load=80)


def _reps_on_disk(journal: SessionJournal) -> int:
    return session_files.decode(journal.path.read_bytes()).done() if journal.path.exists() else -1


def _lift(journal: SessionJournal, clock, until: float, *, check_each_rep=None) -> Workout:
    """Run a workout on the fake clock, saving after every rep event as the app does."""
    workout = Workout(PLAN, origin=0.0, preset_name="Barbell")
    journal.session.exercises.append(workout.record)
    workout.start(clock.now)
    while clock.now < until and not workout.finished:
        events = workout.advance(clock.advance(0.25))
        if any(e.kind in (EventKind.REP_COUNTED, EventKind.REP_FAILED) for e in events):
            journal.save()
            if check_each_rep:
                check_each_rep(journal)
    return workout


@pytest.fixture
def session() -> SessionRecord:
    return SessionRecord(id="0123456789abcdef", started_at=START, app_version="0.1.0")


def test_the_file_holds_every_rep_as_soon_as_it_is_counted(session, clock):
    clock.now = 0.0
    journal = SessionStore().new_journal(session)
    counts = []
    _lift(journal, clock, 10_000, check_each_rep=lambda j: counts.append(_reps_on_disk(j)))
    assert counts == list(range(1, 13))
    assert journal.path.name == "2026-03-14T18-30-00Z_01234567.json"
    assert journal.last_error is None and not journal.unsaved


def test_finish_stamps_the_end_time_and_saves(session):
    journal = SessionStore().new_journal(session)
    end = START + dt.timedelta(minutes=20)
    assert journal.finish(end)
    assert session_files.decode(journal.path.read_bytes()).ended_at == end


def test_read_only_folder_keeps_the_workout_in_memory_says_so_and_saves_once_writable(session, clock, disk, qtbot):
    clock.now = 0.0
    journal = SessionJournal(session, disk.folder)
    errors = []
    journal.error_changed.connect(errors.append)
    workout = _lift(journal, clock, 20)  # a few reps saved normally
    saved_before = _reps_on_disk(journal)
    assert saved_before >= 1

    disk.make_read_only()
    while not workout.finished:
        events = workout.advance(clock.advance(0.25))
        if any(e.kind is EventKind.REP_COUNTED for e in events):
            assert not journal.save()
    assert "read-only" in journal.last_error and journal.unsaved
    assert session.done() == 12  # the whole workout went on, in memory
    assert _reps_on_disk(journal) == saved_before  # the old file is intact, not half-written

    disk.make_writable()
    assert journal.save()
    assert _reps_on_disk(journal) == 12
    assert errors == [errors[0], None], errors
    assert errors[0].startswith("The folder")


def test_full_disk_is_retried_on_a_timer_until_the_session_is_written(session, clock, disk, qtbot):
    clock.now = 0.0
    journal = SessionJournal(session, disk.folder, retry_ms=20)
    disk.fill()
    _lift(journal, clock, 10_000)
    assert journal.last_error.startswith("The disk is full")
    assert _reps_on_disk(journal) == -1
    assert session.done() == 12

    disk.free()
    qtbot.waitUntil(lambda: journal.last_error is None, timeout=2000)
    assert _reps_on_disk(journal) == 12


def test_move_to_another_folder_saves_everything_held_in_memory(session, clock, disk, tmp_path):
    clock.now = 0.0
    journal = SessionJournal(session, disk.folder)
    disk.fill()
    _lift(journal, clock, 10_000)
    assert journal.unsaved
    elsewhere = tmp_path / "usb-stick"
    assert journal.move_to(elsewhere)
    assert journal.path.parent == elsewhere and _reps_on_disk(journal) == 12
    assert not journal.unsaved
