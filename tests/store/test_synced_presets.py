"""Presets and settings changed on two computers sharing one synced folder: nothing either changed is lost."""

from __future__ import annotations

import datetime as dt
import json

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymtimer.core.plan import Plan
from gymtimer.core.presets import Preset, Variation, new_preset_id
from gymtimer.core.tempo import Tempo
from gymtimer.core.units import Unit
from gymtimer.store import paths
from gymtimer.store.presets import NEVER, PresetsDocument, PresetStore, merge_documents, read_presets_document
from gymtimer.store.settings import SettingsStore
from tests.helpers.sync import conflict_name


class Clock:
    """Wall-clock time for the stores, moved by the test (each computer's edits at known moments)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def preset(name: str, lower: float = 3.0, pid: str | None = None) -> Preset:
    return Preset(name=name, variation=Variation.BARBELL, plan=Plan(tempo=Tempo(lower=lower), sets=5, reps=3),
                  id=pid or new_preset_id())


def names(store: PresetStore) -> list[str]:
    return [p.name for p in store.presets]


def test_a_preset_added_on_each_computer_keeps_both(clock):
    gym, home = PresetStore(now=clock), PresetStore(now=clock)  # one synced presets.json
    gym.save(preset("Gym heavy"))
    home.save(preset("Home pump"))  # home had not read the gym's preset: it is merged, not lost
    assert names(home) == ["Home pump", "Gym heavy"]
    assert sorted(names(PresetStore())) == ["Gym heavy", "Home pump"]


def test_the_newest_edit_of_a_preset_wins_and_other_presets_stay(clock):
    first, second = preset("Heavy"), preset("Light")
    setup = PresetStore(now=clock)
    setup.save(first)
    setup.save(second)
    gym, home = PresetStore(now=clock), PresetStore(now=clock)
    gym.save(msgspec.structs.replace(first, plan=Plan(tempo=Tempo(lower=4.0), sets=5, reps=3)), replacing="Heavy")
    home.save(msgspec.structs.replace(second, name="Light and slow"), replacing="Light")  # later, on stale data
    again = PresetStore(now=clock)
    assert names(again) == ["Heavy", "Light and slow"]
    assert again.find("Heavy").plan.tempo.lower == 4.0, "the gym's edit survived the home's later save"
    home.save(msgspec.structs.replace(first, plan=Plan(tempo=Tempo(lower=2.0), sets=5, reps=3)), replacing="Heavy")
    assert PresetStore(now=clock).find("Heavy").plan.tempo.lower == 2.0, "the newest edit of one preset wins"


def test_a_preset_deleted_on_one_computer_stays_deleted_unless_edited_later_on_the_other(clock):
    kept, gone = preset("Kept"), preset("Gone")
    setup = PresetStore(now=clock)
    setup.save(kept)
    setup.save(gone)
    gym, home = PresetStore(now=clock), PresetStore(now=clock)
    gym.delete("Gone")
    home.save(msgspec.structs.replace(kept, plan=Plan(tempo=Tempo(lower=5.0), sets=5, reps=3)), replacing="Kept")
    assert names(PresetStore(now=clock)) == ["Kept"], "home's older copy of 'Gone' did not bring it back"
    home.save(msgspec.structs.replace(gone, plan=Plan(tempo=Tempo(lower=6.0), sets=5, reps=3)), replacing="Gone")
    assert names(PresetStore(now=clock)) == ["Kept", "Gone"], "edited after the delete: the edit is newer"


def test_two_presets_given_one_name_on_two_computers_are_both_kept(clock):
    gym, home = PresetStore(now=clock), PresetStore(now=clock)
    gym.save(preset("Heavy", lower=3.0))
    home.save(preset("Heavy", lower=5.0))
    assert sorted(names(PresetStore())) == ["Heavy", "Heavy (2)"]


@pytest.mark.parametrize("tool", ["syncthing", "dropbox", "nextcloud"])
def test_a_sync_tools_conflict_copy_of_the_presets_is_merged_in_and_removed(clock, tool):
    shared = preset("Shared")
    setup = PresetStore(now=clock)
    setup.save(shared)
    original = paths.presets_file().read_bytes()
    home = PresetStore(now=clock)
    home.save(preset("Home only"))
    home_version = paths.presets_file().read_bytes()
    copy = paths.presets_file().with_name(conflict_name("presets.json", tool))
    copy.write_bytes(home_version)
    paths.presets_file().write_bytes(original)  # the gym's version won the file name
    gym = PresetStore(now=clock)
    gym_after = PresetStore(paths.presets_file(), now=clock)
    assert sorted(names(gym)) == ["Home only", "Shared"]
    assert sorted(names(gym_after)) == ["Home only", "Shared"]
    assert not copy.exists()
    assert {p.name for p in read_presets_document(paths.presets_file()).presets} == {"Home only", "Shared"}


def test_a_damaged_conflict_copy_is_left_where_it_is(clock):
    PresetStore(now=clock).save(preset("Mine"))
    copy = paths.presets_file().with_name("presets (1).json")
    copy.write_bytes(b'{"schema_version": 3, "presets": [')
    assert names(PresetStore(now=clock)) == ["Mine"]
    assert copy.exists()


def test_edit_times_are_written_by_preset_id(clock):
    mine = preset("Timed")
    PresetStore(now=clock).save(mine)
    document = json.loads(paths.presets_file().read_text())
    assert document["schema_version"] == 3
    assert list(document["edited"]) == [mine.id] and document["deleted"] == {}


def test_settings_changed_on_both_computers_keep_both_changes(clock):
    gym, home = SettingsStore(), SettingsStore()  # one synced settings.json
    gym.set_last_load("Heavy", 120, Unit.KG)
    home.set_last_load("Light", 60, Unit.KG)  # home had not read the gym's load
    again = SettingsStore()
    assert again.last_load("Heavy").load == 120 and again.last_load("Light").load == 60
    home.set_last_preset("Light")
    assert SettingsStore().last_load("Heavy").load == 120


def test_a_sync_tools_conflict_copy_of_the_settings_gives_what_the_file_lacks_and_is_removed():
    SettingsStore().set_last_load("Heavy", 120, Unit.KG)
    gym_version = paths.settings_file().read_bytes()
    paths.settings_file().unlink()
    home = SettingsStore()
    home.set_last_load("Light", 60, Unit.KG)
    home.set_other_setting("sound", {"scheme": "voice"})
    copy = paths.settings_file().with_name(conflict_name("settings.json", "syncthing"))
    paths.settings_file().rename(copy)
    paths.settings_file().write_bytes(gym_version)
    merged = SettingsStore()
    assert merged.last_load("Heavy").load == 120 and merged.last_load("Light").load == 60
    assert merged.other_setting("sound") == {"scheme": "voice"}
    assert not copy.exists()


_IDS = [f"own-{n}" for n in range(5)]
_TIMES = st.integers(min_value=0, max_value=50).map(lambda m: dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
                                                    + dt.timedelta(minutes=m))


@st.composite
def _documents(draw):
    ids = draw(st.lists(st.sampled_from(_IDS), unique=True))
    presets_ = [preset(draw(st.sampled_from(["Heavy", "Light", "Pump"])), lower=draw(st.sampled_from([2.0, 3.0])),
                       pid=pid) for pid in ids]
    edited = {pid: draw(_TIMES) for pid in ids if draw(st.booleans())}
    deleted = {pid: draw(_TIMES) for pid in _IDS if pid not in ids and draw(st.booleans())}
    return PresetsDocument(schema_version=3, presets=presets_, edited=edited, deleted=deleted)


@given(_documents(), _documents())
@settings(max_examples=200, deadline=None)
def test_a_merge_keeps_each_presets_newest_version_and_loses_none(ours, theirs):
    merged = merge_documents(ours, theirs)
    kept = {p.id for p in merged.presets}
    for pid in {p.id for p in (*ours.presets, *theirs.presets)}:
        newest_edit = max(d.edited.get(pid, NEVER) for d in (ours, theirs) if any(p.id == pid for p in d.presets))
        deleted_at = max((d.deleted[pid] for d in (ours, theirs) if pid in d.deleted), default=None)
        assert (pid in kept) == (deleted_at is None or newest_edit > deleted_at), pid
    names = [p.name.casefold() for p in merged.presets]
    assert len(names) == len(set(names)), "no two presets share a name"
    assert {p.id for p in merge_documents(theirs, ours).presets} == kept, "the same presets whichever side merges"
    assert merge_documents(merged, merged).presets == merged.presets, "merging again changes nothing"
