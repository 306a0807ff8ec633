"""The history folder: load, quarantine, recover, delete with undo, import, edit."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from gymtimer.core.records import SCHEMA_VERSION
from gymtimer.store import session_files
from gymtimer.store.sessions import SessionStore, close_interrupted
from tests.helpers.lifted import START, lifted_session


def _write(store: SessionStore, session) -> None:
    store.sessions_dir.mkdir(parents=True, exist_ok=True)
    (store.sessions_dir / session_files.file_name(session)).write_bytes(session_files.encode(session))


@pytest.fixture
def store(data_dir) -> SessionStore:
    return SessionStore()


def test_the_store_uses_the_data_folder_given_by_paths(store, data_dir):
    assert store.sessions_dir == data_dir / "sessions"
    assert store.quarantine_dir == data_dir / "quarantine"


def test_an_empty_or_missing_folder_loads_nothing_and_reports_nothing(store):
    result = store.load_all()
    assert result.sessions == [] and result.problems == [] and result.set_aside == []


def test_sessions_load_sorted_by_start_whatever_their_file_names(store):
    later, earlier = lifted_session(START + dt.timedelta(days=2)), lifted_session(START)
    _write(store, later)
    store.sessions_dir.joinpath("0-renamed-by-hand.json").write_bytes(session_files.encode(earlier))
    assert [s.id for s in store.load_all().sessions] == [earlier.id, later.id]


def test_a_damaged_file_is_moved_to_quarantine_with_its_bytes_and_named_while_the_rest_load(store):
    good = lifted_session()
    _write(store, good)
    damaged = store.sessions_dir / "2026-03-15T10-00-00Z_deadbeef.json"
    original = session_files.encode(lifted_session())[:-40]  # cut off mid-write by another program
    damaged.write_bytes(original)

    result = store.load_all()

    assert [s.id for s in result.sessions] == [good.id]
    assert [(p.name, "is not readable JSON" in p.message) for p in result.problems] == [(damaged.name, True)]
    assert not damaged.exists()
    kept = store.quarantine_dir / damaged.name
    assert kept.read_bytes() == original
    assert result.problems[0].path == kept
    assert [p.name for p in result.set_aside] == [damaged.name]
    assert "not readable JSON" in result.set_aside[0].message


def test_quarantine_never_overwrites_a_file_already_set_aside(store):
    store.quarantine_dir.mkdir(parents=True)
    (store.quarantine_dir / "x.json").write_bytes(b"first")
    store.sessions_dir.mkdir(parents=True)
    (store.sessions_dir / "x.json").write_bytes(b"second")
    store.load_all()
    assert (store.quarantine_dir / "x.json").read_bytes() == b"first"
    assert (store.quarantine_dir / "x-2.json").read_bytes() == b"second"


def test_set_aside_files_are_reported_again_on_the_next_start(store):
    store.sessions_dir.mkdir(parents=True)
    (store.sessions_dir / "bad.json").write_bytes(b"\x00\x01")
    store.load_all()
    again = SessionStore().load_all()
    assert again.problems == []
    assert [p.name for p in again.set_aside] == ["bad.json"]


def test_a_too_new_file_is_set_aside_and_comes_back_once_it_can_be_read(store, monkeypatch):
    session = lifted_session()
    document = msgspec.to_builtins(session)
    document["schema_version"] = SCHEMA_VERSION + 1
    name = session_files.file_name(session)
    store.sessions_dir.mkdir(parents=True)
    (store.sessions_dir / name).write_bytes(msgspec.json.encode(document))

    result = store.load_all()
    assert result.sessions == []
    assert "newer GymTimer" in result.problems[0].message
    assert (store.quarantine_dir / name).exists()

    # An updated GymTimer (here: one that knows the next version) reads it and puts it back.
    monkeypatch.setattr(session_files, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    result = store.load_all()
    assert [s.id for s in result.sessions] == [session.id]
    assert (store.sessions_dir / name).exists() and not (store.quarantine_dir / name).exists()
    assert result.set_aside == []


def test_a_second_copy_of_a_session_is_shown_once_and_reported(store):
    session = lifted_session()
    _write(store, session)
    (store.sessions_dir / "copy.json").write_bytes(session_files.encode(session))
    result = store.load_all()
    assert [s.id for s in result.sessions] == [session.id]
    assert "second copy" in result.problems[0].message
    assert (store.sessions_dir / "copy.json").exists()  # not ours to move: it is not damaged


def test_leftover_temporary_files_of_a_killed_save_are_not_sessions(store):
    session = lifted_session()
    _write(store, session)
    (store.sessions_dir / f".{session_files.file_name(session)}.abc123.tmp").write_bytes(b'{"half')
    result = store.load_all()
    assert [s.id for s in result.sessions] == [session.id] and result.problems == []
    store.recover()
    assert [p.name for p in store.sessions_dir.iterdir()] == [session_files.file_name(session)]


def test_recover_closes_an_open_session_at_its_last_rep_and_marks_it_interrupted(store):
    finished, open_session = lifted_session(), lifted_session(START + dt.timedelta(days=1), finished=False)
    last_set = open_session.exercises[0].sets[-1]
    del last_set.reps[1:]  # the crash came after the first rep of the last set
    last_set.ended = None
    open_session.exercises[0].ended = None
    last_rep_end = last_set.reps[0].ended
    _write(store, finished)
    _write(store, open_session)

    recovered = store.recover()

    assert [s.id for s in recovered] == [open_session.id]
    again = {s.id: s for s in SessionStore().load_all().sessions}
    closed = again[open_session.id]
    assert closed.interrupted and not again[finished.id].interrupted
    assert closed.ended_at == open_session.started_at + dt.timedelta(seconds=last_rep_end)
    assert closed.exercises[0].ended == last_rep_end and closed.exercises[0].abandoned
    assert closed.exercises[0].sets[-1].ended == last_rep_end and closed.exercises[0].sets[-1].ended_early
    assert closed.done() == open_session.done()
    assert SessionStore().recover() == []


def test_recover_keeps_a_session_that_crashed_before_its_first_rep(store):
    session = lifted_session(finished=False)
    session.exercises.clear()
    _write(store, session)
    [closed] = store.recover()
    assert closed.interrupted and closed.ended_at == closed.started_at


def test_close_interrupted_uses_a_rep_phase_when_the_rep_has_no_end():
    session = lifted_session(finished=False)
    rep = session.exercises[0].sets[-1].reps[-1]
    rep.ended = None
    session.exercises[0].sets[-1].ended = None
    session.exercises[0].ended = None
    close_interrupted(session)
    assert session.exercises[0].ended == max(rep.phases.values())


def test_delete_moves_the_file_to_the_trash_and_undo_brings_it_back(store):
    session = lifted_session()
    _write(store, session)
    store.load_all()
    original = (store.sessions_dir / session_files.file_name(session)).read_bytes()

    trashed = store.delete(session)

    assert trashed.parent == store.trash_dir and trashed.read_bytes() == original
    assert SessionStore().load_all().sessions == []
    back = store.undo_delete(trashed)
    assert back.id == session.id
    assert [s.id for s in SessionStore().load_all().sessions] == [session.id]
    assert not trashed.exists()


def test_import_copies_new_sessions_and_skips_the_ones_already_there(store, tmp_path):
    mine, theirs = lifted_session(), lifted_session(START + dt.timedelta(days=3))
    _write(store, mine)
    store.load_all()
    outside = tmp_path / "backup"
    outside.mkdir()
    for session in (mine, theirs):
        (outside / session_files.file_name(session)).write_bytes(session_files.encode(session))
    (outside / "broken.json").write_text("{", encoding="utf-8")
    files = sorted(outside.iterdir())

    result = store.import_files(files)
    again = store.import_files(files)

    assert [s.id for s in result.imported] == [theirs.id]
    assert result.duplicates == [session_files.file_name(mine)]
    assert [p.name for p in result.problems] == ["broken.json"]
    assert again.imported == [] and len(again.duplicates) == 2
    assert (outside / "broken.json").exists()  # the lifter's file outside the history is left alone
    assert sorted(s.id for s in SessionStore().load_all().sessions) == sorted([mine.id, theirs.id])


def test_an_edited_note_and_rpe_are_saved_back_to_the_same_file(store):
    session = lifted_session()
    _write(store, session)
    [loaded] = store.load_all().sessions
    loaded.exercises[0].sets[0].note = "easy"
    loaded.exercises[0].sets[0].rpe = 7.0
    path = store.save(loaded)
    assert path == store.sessions_dir / session_files.file_name(session)
    [again] = SessionStore().load_all().sessions
    assert (again.exercises[0].sets[0].note, again.exercises[0].sets[0].rpe) == ("easy", 7.0)
    assert len(list(store.sessions_dir.iterdir())) == 1
