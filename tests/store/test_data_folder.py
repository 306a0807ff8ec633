"""Keep my data in…: the data folder moved to a (synced) folder, safely, and remembered outside it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gymtimer.core.plan import Plan
from gymtimer.core.presets import Preset, Variation, new_preset_id
from gymtimer.core.tempo import Tempo
from gymtimer.core.units import Unit
from gymtimer.store import paths, session_files
from gymtimer.store.data_folder import MoveError, move_data, target_for
from gymtimer.store.instance_lock import InstanceLock
from gymtimer.store.presets import PresetStore
from gymtimer.store.sessions import SessionStore
from gymtimer.store.settings import SettingsStore
from tests.helpers.lifted import START, lifted_session

TODAY = dt.date(2026, 12, 6)


def _preset(name: str) -> Preset:
    return Preset(name=name, variation=Variation.BARBELL, plan=Plan(tempo=Tempo(lower=3), sets=3, reps=5),
                  id=new_preset_id())


def _fill(folder, *sessions, preset: str = "Mine", load: tuple[str, float] = ("Mine", 100)):
    store = SessionStore(folder)
    for session in sessions:
        store.save(session)
    PresetStore(folder / "presets.json").save(_preset(preset))
    SettingsStore(folder / "settings.json").set_last_load(load[0], load[1], Unit.KG)
    return store


@pytest.fixture
def default_folder(data_dir, monkeypatch, tmp_path):
    """No --data-dir, no GYMTIMER_DATA_DIR: the platform's folder (a temporary one) is used."""
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    paths.set_data_dir(None)
    monkeypatch.setattr(paths, "default_data_dir", lambda: data_dir)
    return data_dir


def test_moving_to_an_empty_synced_folder_copies_checks_remembers_then_removes_the_old(default_folder, tmp_path):
    session = lifted_session()
    _fill(default_folder, session)
    synced = tmp_path / "Sync"
    synced.mkdir()
    result = move_data(default_folder, synced, today=TODAY)
    assert result.target == synced and not result.joined_existing and result.removed_old
    assert paths.pointer_file().read_text().strip() == str(synced)
    assert paths.data_dir() == synced
    assert [s.id for s in SessionStore().load_all().sessions] == [session.id]
    assert [p.name for p in PresetStore().presets] == ["Mine"]
    assert SettingsStore().last_load("Mine").load == 100
    assert not list(default_folder.rglob("*.json")), "the old copies are gone once the new ones were checked"
    assert "Your data is now in" in result.summary() and "1 session file(s) copied" in result.summary()


def test_a_folder_holding_other_things_gets_a_gymtimer_folder_in_it(tmp_path):
    busy = tmp_path / "Dropbox"
    busy.mkdir()
    (busy / "photo.jpg").write_bytes(b"x")
    assert target_for(busy) == busy / "GymTimer"
    (busy / "GymTimer" / "sessions").mkdir(parents=True)
    assert target_for(busy) == busy / "GymTimer"
    assert target_for(busy / "GymTimer") == busy / "GymTimer"


def test_a_folder_already_holding_the_other_computers_data_is_joined_and_nothing_overwritten(default_folder, tmp_path):
    shared, only_here, only_there = lifted_session(), lifted_session(START + dt.timedelta(days=1)), \
        lifted_session(START + dt.timedelta(days=2))
    _fill(default_folder, shared, only_here, preset="Home preset", load=("Home preset", 60))
    synced = tmp_path / "Sync" / "GymTimer"
    _fill(synced, only_there, preset="Gym preset", load=("Gym preset", 120))
    edited = session_files.decode(session_files.encode(shared))
    edited.exercises[0].sets[0].rpe = 9
    SessionStore(synced).save(edited)  # the same session, edited differently at the gym
    there = (synced / "sessions" / session_files.file_name(shared)).read_bytes()

    result = move_data(default_folder, synced, today=TODAY)
    assert result.joined_existing and result.merged == ["presets.json", "settings.json"]
    assert (synced / "sessions" / session_files.file_name(shared)).read_bytes() == there, "never overwritten"
    loaded = SessionStore(synced).load_all()
    assert {s.id for s in loaded.sessions} == {shared.id, only_here.id, only_there.id}
    [conflict] = loaded.conflicts  # ours, different, kept beside it under a conflict copy's name
    assert conflict.session.id == shared.id and "conflicted copy 2026-12-06" in conflict.others[0].name
    assert sorted(p.name for p in PresetStore(synced / "presets.json").presets) == ["Gym preset", "Home preset"]
    settings = SettingsStore(synced / "settings.json")
    assert settings.last_load("Gym preset").load == 120 and settings.last_load("Home preset").load == 60


def test_copy_leaves_the_old_folder_as_it_was(default_folder, tmp_path):
    _fill(default_folder, lifted_session())
    before = sorted(p.relative_to(default_folder) for p in default_folder.rglob("*") if p.is_file())
    result = move_data(default_folder, tmp_path / "Sync", keep_old=True)
    assert not result.removed_old
    assert sorted(p.relative_to(default_folder) for p in default_folder.rglob("*") if p.is_file()) == before


def test_a_failed_copy_removes_nothing_and_remembers_nothing(default_folder, tmp_path):
    _fill(default_folder, lifted_session())
    synced = tmp_path / "Sync"
    synced.mkdir()
    (synced / "sessions").write_text("a file where the sessions folder would go")
    with pytest.raises(MoveError, match="Nothing was removed"):
        move_data(default_folder, synced)
    assert len(list((default_folder / "sessions").glob("*.json"))) == 1
    assert not paths.pointer_file().exists()
    assert paths.data_dir() == default_folder


def test_a_folder_used_by_a_gymtimer_on_this_computer_is_refused(default_folder, tmp_path):
    _fill(default_folder, lifted_session())
    synced = tmp_path / "Sync"
    (synced / "sessions").mkdir(parents=True)  # the other computer's synced data
    other = InstanceLock(paths.lock_file(synced))
    assert other.acquire()
    with pytest.raises(MoveError, match="already running"):
        move_data(default_folder, synced)
    other.release()
    assert not paths.pointer_file().exists()


def test_moving_into_itself_is_refused(default_folder):
    with pytest.raises(MoveError, match="inside your data folder"):
        move_data(default_folder, default_folder / "sessions" / "x")


def test_data_dir_given_on_the_command_line_or_in_the_environment_comes_before_the_choice(data_dir, tmp_path):
    paths.pointer_file().parent.mkdir(parents=True)
    paths.pointer_file().write_text(str(tmp_path / "chosen"))
    assert paths.data_dir() == data_dir  # set by --data-dir (the fixture's set_data_dir)
    paths.set_data_dir(None)
    assert paths.data_dir() == data_dir.resolve()  # GYMTIMER_DATA_DIR
    assert paths.data_dir_given() == paths.DATA_DIR_ENV


def test_each_computer_keeps_its_own_lock_out_of_the_move(default_folder, tmp_path):
    _fill(default_folder, lifted_session())
    here = InstanceLock()
    assert here.acquire()
    result = move_data(default_folder, tmp_path / "Sync")
    here.release()
    assert not any(name.endswith(".lock") for name in result.copied)
    assert json.loads((tmp_path / "Sync" / "presets.json").read_text())["schema_version"] == 3


def test_progress_is_heard_for_each_file_copied(default_folder, tmp_path):
    _fill(default_folder, lifted_session(), lifted_session(START + dt.timedelta(days=1)))
    heard = []
    move_data(default_folder, tmp_path / "Sync", progress=lambda done, total: heard.append((done, total)))
    assert heard == [(1, 4), (2, 4), (3, 4), (4, 4)]  # two sessions, presets.json, settings.json


def test_the_running_history_is_not_emptied_when_its_files_move_away(default_folder, tmp_path):
    session = lifted_session()
    _fill(default_folder, session)
    store = SessionStore()
    store.load_all()
    move_data(default_folder, tmp_path / "Sync")
    assert not store.refresh()
    assert [s.id for s in store.history] == [session.id]
