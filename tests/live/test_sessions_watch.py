"""The sessions folder followed while the app runs: a session synced in shows in History and the charts, no restart."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from gymtimer.core.notices import Notices, Place
from gymtimer.live.sessions_watch import SYNC_CONFLICT_KEY, SessionsFolderWatch, post_sync_conflicts
from gymtimer.store import session_files
from gymtimer.store.sessions import SessionStore
from tests.helpers.lifted import lifted_session
from tests.helpers.sync import FolderSync

RECENT = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)


def _lifted(started: dt.datetime):
    return lifted_session(started)


def _write(store: SessionStore, session, name: str | None = None):
    store.sessions_dir.mkdir(parents=True, exist_ok=True)
    path = store.sessions_dir / (name or session_files.file_name(session))
    path.write_bytes(session_files.encode(session))
    return path


@pytest.fixture
def gym_and_home(tmp_path):
    gym, home = SessionStore(tmp_path / "gym"), SessionStore(tmp_path / "home")
    gym.load_all()
    home.load_all()
    return gym, home, FolderSync(gym.data_dir, home.data_dir)


def test_a_session_synced_in_joins_the_history_after_the_burst_of_changes(qtbot, gym_and_home):
    gym, home, sync = gym_and_home
    watch = SessionsFolderWatch(home, debounce_ms=50)
    assert watch.watching
    session = _lifted(RECENT)
    _write(gym, session)
    sync.carry_all()
    qtbot.waitUntil(lambda: home.history.find(session.id) is not None, timeout=5000)
    edited = msgspec.json.decode(session_files.encode(session), type=type(session))
    edited.exercises[0].sets[0].note = "felt strong"
    _write(gym, edited)
    sync.carry_all()
    qtbot.waitUntil(lambda: home.history.find(session.id).exercises[0].sets[0].note == "felt strong", timeout=5000)


def test_the_folder_is_read_once_for_a_burst_of_files(qtbot, gym_and_home, monkeypatch):
    gym, home, sync = gym_and_home
    reads = []
    refresh = home.refresh
    monkeypatch.setattr(home, "refresh", lambda: reads.append(1) or refresh())  # counts the calls, does the real thing
    watch = SessionsFolderWatch(home, debounce_ms=300)  # noqa: F841 - kept alive while the files arrive
    sessions = [_lifted(RECENT - dt.timedelta(days=n)) for n in range(5)]
    for session in sessions:
        _write(gym, session)
    sync.carry_all()
    qtbot.waitUntil(lambda: len(home.history) == 5, timeout=5000)
    assert len(reads) == 1


def test_a_conflict_arriving_is_told_with_the_session_named(qtbot, gym_and_home):
    gym, home, sync = gym_and_home
    session = _lifted(RECENT)
    _write(home, session)
    home.load_all()
    told = []
    watch = SessionsFolderWatch(home, told.extend, debounce_ms=50)  # noqa: F841 - kept alive
    other = msgspec.json.decode(session_files.encode(session), type=type(session))
    other.exercises[0].sets[0].rpe = 9
    path = _write(gym, other)
    copy = sync.keep_both(path, "syncthing")
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert told[0].others == (copy,)


def test_the_notice_names_the_session_and_every_version_kept(tmp_path):
    store = SessionStore(tmp_path)
    session = _lifted(dt.datetime(2026, 12, 5, 17, 0, tzinfo=dt.UTC))
    path = _write(store, session)
    other = msgspec.json.decode(session_files.encode(session), type=type(session))
    other.exercises[0].sets[0].rpe = 9
    _write(store, other, path.name.replace(".json", " (conflicted copy 2026-12-06).json"))
    notices = Notices()
    post_sync_conflicts(notices, store.load_all().conflicts)
    notice = notices.get(SYNC_CONFLICT_KEY)
    assert notices.shown(Place.SETUP) == [notice] and notices.shown(Place.WORKOUT) == []
    when = session.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
    assert notice.text == f"The session of {when} was changed on two computers: both versions kept"
    assert "(conflicted copy 2026-12-06).json" in notice.detail
