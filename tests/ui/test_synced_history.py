"""A folder synced between two computers, as the lifter sees it: History and charts follow, conflicts told, the folder chosen."""

from __future__ import annotations

import datetime as dt

import msgspec

from gymtimer.live.sessions_watch import SessionsFolderWatch
from gymtimer.store import paths, session_files
from gymtimer.store.sessions import SessionStore
from gymtimer.ui.data_folder_dialog import Choice, choose_data_folder
from gymtimer.ui.history_page import HistoryPage
from tests.helpers.lifted import lifted_session
from tests.helpers.sync import FolderSync

RECENT = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)


def _write(store: SessionStore, session, name: str | None = None):
    store.sessions_dir.mkdir(parents=True, exist_ok=True)
    path = store.sessions_dir / (name or session_files.file_name(session))
    path.write_bytes(session_files.encode(session))
    return path


def test_a_session_synced_in_shows_in_the_table_and_the_charts_without_a_restart(qtbot, tmp_path):
    from gymtimer.ui.charts import Chart

    gym, home = SessionStore(tmp_path / "gym"), SessionStore(tmp_path / "home")
    home.load_all()
    page = HistoryPage(home)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.show_charts()
    watch = SessionsFolderWatch(home, debounce_ms=50, parent=page)
    assert watch.watching
    session = lifted_session(RECENT)
    _write(gym, session)
    FolderSync(gym.data_dir, home.data_dir).carry_all()
    qtbot.waitUntil(lambda: page.sessions_view.table_model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: bool(page.charts.chart_items(Chart.TENSION)["tension"].points()), timeout=5000)
    points = page.charts.chart_items(Chart.TENSION)["tension"].points()
    assert [p.data().session_id for p in points] == [session.id]


def test_the_setup_page_names_a_session_changed_on_two_computers(qtbot, clock, data_dir):
    from gymtimer.live.driver import WorkoutDriver
    from gymtimer.ui.main_window import MainWindow

    store = SessionStore()
    session = lifted_session(RECENT)
    path = _write(store, session)
    other = msgspec.json.decode(session_files.encode(session), type=type(session))
    other.exercises[0].sets[0].rpe = 8
    _write(store, other, path.name.replace(".json", ".sync-conflict-20261206-101010-ABCDEFG.json"))
    win = MainWindow(driver=WorkoutDriver(clock=clock), sessions=store)
    qtbot.addWidget(win)
    win.set_history(store.load_all())
    when = session.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
    assert any(f"The session of {when} was changed on two computers" in n for n in win.setup_notices())


def test_keep_my_data_in_moves_the_data_asks_first_and_restarts(qtbot, data_dir, monkeypatch, tmp_path):
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    paths.set_data_dir(None)
    monkeypatch.setattr(paths, "default_data_dir", lambda: data_dir)
    session = lifted_session(RECENT)
    _write(SessionStore(data_dir), session)
    synced = tmp_path / "Sync"
    synced.mkdir()
    asked, told, restarted = [], [], []
    result = choose_data_folder(pick=lambda parent: str(synced),
                                ask=lambda parent, text: asked.append(text) or Choice.MOVE,
                                tell=lambda parent, title, text, **_: told.append(text),
                                then=lambda: restarted.append(True))
    assert result is not None and restarted == [True]
    assert str(synced) in asked[0] and "checked" in asked[0]
    assert told == [f"{result.summary()} GymTimer restarts to use it."]
    assert paths.data_dir() == synced
    assert [s.id for s in SessionStore().load_all().sessions] == [session.id]


def test_keep_my_data_in_cancelled_or_refused_changes_nothing(qtbot, data_dir, monkeypatch, tmp_path):
    told = []
    # Started with the folder given (the tests' GYMTIMER_DATA_DIR): the choice would not apply, so it is not offered.
    assert choose_data_folder(pick=lambda parent: str(tmp_path), tell=lambda p, t, text, **_: told.append(text),
                              then=lambda: None) is None
    assert paths.DATA_DIR_ENV in told[0] or "--data-dir" in told[0]
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    paths.set_data_dir(None)
    monkeypatch.setattr(paths, "default_data_dir", lambda: data_dir)
    assert choose_data_folder(pick=lambda parent: str(tmp_path / "Sync"), ask=lambda parent, text: Choice.CANCEL,
                              then=lambda: None) is None
    assert not paths.pointer_file().exists() and not (tmp_path / "Sync").exists()


def test_the_history_offers_keep_my_data_in(qtbot, data_dir):
    page = HistoryPage(SessionStore())
    qtbot.addWidget(page)
    assert page.data_folder_button.text() == "Keep my data in…"


def test_the_app_does_not_start_an_empty_history_when_the_chosen_folder_is_not_there(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = tmp_path / "config"
    config.mkdir()
    gone = tmp_path / "usb-drive" / "GymTimer"
    (config / paths.POINTER_NAME).write_text(f"{gone}\n")
    env = {key: value for key, value in os.environ.items() if key != paths.DATA_DIR_ENV}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root), **{paths.CONFIG_DIR_ENV: str(config)})
    run = subprocess.run([sys.executable, "-m", "gymtimer", "--startup-probe"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1
    assert f"Your data folder {gone} is not there" in run.stderr
    assert not gone.exists(), "nothing made in its place"
