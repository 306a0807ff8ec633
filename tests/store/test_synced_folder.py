"""One data folder synced between two computers: conflict copies, files arriving late, two GymTimers at once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from gymtimer.core.history import Change
from gymtimer.store import paths, session_files, sync_copies
from gymtimer.store.instance_lock import InstanceLock
from gymtimer.store.sessions import SessionStore
from tests.helpers.lifted import START, lifted_session
from tests.helpers.sync import CONFLICT_NAMES, FolderSync, conflict_name

ROOT = Path(__file__).resolve().parents[2]


def _write(store: SessionStore, session, name: str | None = None) -> Path:
    store.sessions_dir.mkdir(parents=True, exist_ok=True)
    path = store.sessions_dir / (name or session_files.file_name(session))
    path.write_bytes(session_files.encode(session))
    return path


def _edited(session, rpe: float):
    copy = msgspec.json.decode(session_files.encode(session), type=type(session))
    copy.exercises[0].sets[0].rpe = rpe
    return copy


@pytest.mark.parametrize("tool", sorted(CONFLICT_NAMES))
def test_each_sync_tools_conflict_copy_is_recognised_and_names_its_original(tool):
    name = "2026-03-14T18-30-00Z_1a2b3c4d.json"
    assert sync_copies.original_name(conflict_name(name, tool)) == name
    assert sync_copies.original_name(name) is None
    assert sync_copies.original_name("presets (1).json") == "presets.json"


def test_ordinary_names_are_not_conflict_copies():
    for name in ("2026-03-14T18-30-00Z_1a2b3c4d.json", "2026-03-14T18-30-00Z_1a2b3c4d-2.json",
                 "(1).json", "settings.json", "my (old) session.json"):
        assert not sync_copies.is_conflict_copy(name), name


@pytest.mark.parametrize("tool", sorted(CONFLICT_NAMES))
def test_the_same_session_twice_is_shown_once_and_its_redundant_copy_moved_to_the_trash(data_dir, tool):
    store = SessionStore()
    session = lifted_session()
    original = _write(store, session)
    copy = _write(store, session, conflict_name(original.name, tool))
    result = store.load_all()
    assert [s.id for s in result.sessions] == [session.id]
    assert result.problems == [] and result.conflicts == []
    assert original.exists() and not copy.exists()
    assert (store.trash_dir / copy.name).read_bytes() == original.read_bytes()  # kept, out of the way


@pytest.mark.parametrize("tool", sorted(CONFLICT_NAMES))
def test_two_versions_of_a_session_are_both_kept_one_shown_and_the_lifter_told_which(data_dir, tool):
    store = SessionStore()
    session = lifted_session()
    original = _write(store, _edited(session, 8))
    copy = _write(store, _edited(session, 9.5), conflict_name(original.name, tool))
    result = store.load_all()
    assert [s.exercises[0].sets[0].rpe for s in result.sessions] == [8]  # the original's version
    assert original.exists() and copy.exists()
    [conflict] = result.conflicts
    assert conflict.others == (copy,)
    told = str(conflict)
    assert "changed on two computers" in told and copy.name in told
    assert START.astimezone().strftime("%d %b %Y %H:%M") in told
    assert result.problems == []


def test_a_conflict_copy_whose_original_is_gone_is_the_session(data_dir):
    store = SessionStore()
    session = lifted_session()
    _write(store, session, conflict_name(session_files.file_name(session), "syncthing"))
    assert [s.id for s in store.load_all().sessions] == [session.id]


def test_two_computers_each_with_its_own_lock_use_one_folder_at_once(data_dir):
    gym, home = InstanceLock(host="gym-laptop"), InstanceLock(host="home-pc")
    assert gym.acquire() and home.acquire()
    assert gym.path != home.path and gym.path.parent == home.path.parent == data_dir
    second_at_the_gym = InstanceLock(host="gym-laptop")
    assert not second_at_the_gym.acquire()
    assert "already running" in second_at_the_gym.holder_message()
    gym.release()
    home.release()


def test_the_lock_of_this_computer_is_named_by_its_host(data_dir):
    assert InstanceLock().path == data_dir / f"gymtimer-{paths.host_name()}.lock"
    assert paths.other_hosts_locks(data_dir) == []
    home = InstanceLock(host="home-pc")
    assert home.acquire()
    assert paths.other_hosts_locks(data_dir) == [data_dir / "gymtimer-home-pc.lock"]
    home.release()


def test_an_open_session_of_another_running_computer_is_not_closed_as_interrupted(data_dir):
    store = SessionStore()
    lifting_elsewhere = lifted_session(finished=False)
    _write(store, lifting_elsewhere)
    other = InstanceLock(host="other-computer-in-the-sync")
    assert other.acquire()
    assert store.recover() == []
    assert session_files.decode(store.path_of(lifting_elsewhere).read_bytes()).ended_at is None
    other.release()
    assert [s.id for s in SessionStore().recover()] == [lifting_elsewhere.id]


def test_an_open_session_left_for_hours_is_recovered_even_with_another_computers_lock(data_dir):
    store = SessionStore()
    path = _write(store, lifted_session(finished=False))
    old = path.stat().st_mtime - 7 * 3600
    os.utime(path, (old, old))
    other = InstanceLock(host="other-computer")
    assert other.acquire()
    assert len(store.recover()) == 1
    other.release()


def test_a_session_synced_in_late_joins_the_history_once_it_has_fully_arrived(tmp_path):
    gym, home = SessionStore(tmp_path / "gym"), SessionStore(tmp_path / "home")
    known = lifted_session(START - dt.timedelta(days=7))
    _write(gym, known)
    sync = FolderSync(gym.data_dir, home.data_dir)
    sync.carry_all()
    assert [s.id for s in home.load_all().sessions] == [known.id]
    heard = []
    home.history.subscribe(heard.append)

    new = lifted_session()
    _write(gym, new)
    [waiting] = sync.pending()
    sync.carry(waiting, half_first=True)  # a tool that writes in place: half of it is there
    assert not home.refresh()
    assert [s.id for s in home.history] == [known.id] and heard == []
    assert not (home.quarantine_dir).exists(), "a file still arriving is not set aside"
    sync.carry(waiting)
    result = home.refresh()
    assert [s.id for s in result.added] == [new.id]
    assert [s.id for s in home.history] == [known.id, new.id]
    assert [(c.kind, c.session.id) for c in heard] == [(Change.ADDED, new.id)]
    assert not home.refresh(), "nothing more changed"


def test_an_edit_synced_in_replaces_the_session_and_a_delete_removes_it(tmp_path):
    gym, home = SessionStore(tmp_path / "gym"), SessionStore(tmp_path / "home")
    session = lifted_session()
    _write(gym, session)
    sync = FolderSync(gym.data_dir, home.data_dir)
    sync.carry_all()
    gym.load_all()
    home.load_all()
    gym.save(_edited(gym.history.find(session.id), 7))
    sync.carry_all()
    result = home.refresh()
    assert [s.exercises[0].sets[0].rpe for s in result.replaced] == [7]
    assert home.history.find(session.id).exercises[0].sets[0].rpe == 7
    gym.delete(gym.history.find(session.id))
    (home.sessions_dir / session_files.file_name(session)).unlink()  # the tool carries the delete
    assert home.refresh().removed == [session.id]
    assert len(home.history) == 0


def test_the_stores_own_writes_are_not_news_to_its_refresh(data_dir):
    store = SessionStore()
    session = lifted_session()
    _write(store, session)
    store.load_all()
    store.save(_edited(store.history.find(session.id), 6))
    assert not store.refresh()


def test_a_session_being_lifted_elsewhere_waits_until_it_is_finished(tmp_path):
    gym, home = SessionStore(tmp_path / "gym"), SessionStore(tmp_path / "home")
    home.load_all()
    session = lifted_session(finished=False)
    _write(gym, session)
    sync = FolderSync(gym.data_dir, home.data_dir)
    sync.carry_all()
    assert not home.refresh()
    session.ended_at = session.started_at + dt.timedelta(minutes=20)
    _write(gym, session)
    sync.carry_all()
    assert [s.id for s in home.refresh().added] == [session.id]


@pytest.mark.parametrize("tool", ["syncthing", "dropbox", "nextcloud"])
def test_an_edit_on_both_computers_keeps_both_and_is_told_once(tmp_path, tool):
    gym, home = SessionStore(tmp_path / "gym"), SessionStore(tmp_path / "home")
    session = lifted_session()
    _write(gym, session)
    sync = FolderSync(gym.data_dir, home.data_dir)
    sync.carry_all()
    gym.load_all()
    home.load_all()
    gym.save(_edited(gym.history.find(session.id), 9))
    home.save(_edited(home.history.find(session.id), 7))
    [changed] = sync.pending()
    copy = sync.keep_both(changed, tool)
    result = home.refresh()
    [conflict] = result.conflicts
    assert conflict.others == (copy,) and conflict.session.id == session.id
    assert home.history.find(session.id).exercises[0].sets[0].rpe == 7
    assert not home.refresh().conflicts, "told once"
    again = SessionStore(home.data_dir).load_all()  # the next start tells it again: both are still kept
    assert [c.others for c in again.conflicts] == [(copy,)]


_WRITER = """
import sys, datetime as dt
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from gymtimer.store.instance_lock import InstanceLock
from gymtimer.store.sessions import SessionStore
from gymtimer.store import session_files
from tests.helpers.lifted import lifted_session, START
folder, host = Path(sys.argv[1]), sys.argv[2]
lock = InstanceLock(folder / f"gymtimer-{host}.lock")
assert lock.acquire(), "each computer has its own lock"
store = SessionStore(folder)
shared = session_files.decode((folder / "sessions" / sys.argv[4]).read_bytes())
for n in range(60):
    own = lifted_session(START + dt.timedelta(days=n, hours=1 if host == "gym" else 2))
    store.save(own)
    shared.exercises[0].sets[0].note = f"{host} {n}"
    store.save(shared)  # both computers rewrite the same file, over and over
print("done", flush=True)
"""


def test_two_gymtimers_writing_one_folder_at_once_never_leave_a_damaged_file(tmp_path):
    folder = tmp_path / "synced"
    store = SessionStore(folder)
    shared = lifted_session()
    _write(store, shared)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), host, str(ROOT),
                                 session_files.file_name(shared)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for host in ("gym", "home")]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"
    result = SessionStore(folder).load_all()
    assert result.problems == [] and result.set_aside == []
    assert len(result.sessions) == 121
    note = next(s for s in result.sessions if s.id == shared.id).exercises[0].sets[0].note
    assert note in ("gym 59", "home 59")
    assert not [p for p in (folder / "sessions").iterdir() if p.name.startswith(".")], "no temporary file left"


def test_the_names_gymtimer_gives_second_versions_are_recognised_as_conflict_copies():
    name = "2026-03-14T18-30-00Z_1a2b3c4d.json"
    for number in (None, 2, 3):
        copy = sync_copies.conflict_copy_name(name, dt.date(2026, 12, 6), number)
        assert sync_copies.original_name(copy) == name, copy


def test_an_edit_of_a_session_the_other_computer_changed_meanwhile_is_kept_beside_not_written_over(tmp_path):
    gym, home = SessionStore(tmp_path / "gym"), SessionStore(tmp_path / "home")
    session = lifted_session()
    _write(gym, session)
    sync = FolderSync(gym.data_dir, home.data_dir)
    sync.carry_all()
    gym.load_all()
    home.load_all()
    gym.save(_edited(gym.history.find(session.id), 9))
    sync.carry_all()  # arrived at home, not yet refreshed
    ours = home.save(_edited(home.history.find(session.id), 6))
    assert sync_copies.original_name(ours.name) == session_files.file_name(session)
    original = home.sessions_dir / session_files.file_name(session)
    assert session_files.decode(original.read_bytes()).exercises[0].sets[0].rpe == 9, "the gym's edit kept"
    assert session_files.decode(ours.read_bytes()).exercises[0].sets[0].rpe == 6, "and home's beside it"
    result = home.refresh()
    assert [c.others for c in result.conflicts] == [(ours,)]
    assert home.history.find(session.id).exercises[0].sets[0].rpe == 9


def test_a_sessions_folder_that_cannot_be_listed_for_a_moment_removes_nothing(data_dir):
    store = SessionStore()
    session = lifted_session()
    _write(store, session)
    store.load_all()
    store.sessions_dir.rename(data_dir / "away")  # a network drive gone for a moment
    assert not store.refresh()
    assert [s.id for s in store.history] == [session.id]
    (data_dir / "away").rename(store.sessions_dir)
    assert not store.refresh()
