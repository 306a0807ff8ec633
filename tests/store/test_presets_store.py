"""The lifter's presets on disk: saving, renaming, import and export, damaged files, and the load memory."""

from __future__ import annotations

import errno
import json

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gymtimer.core.plan import Plan
from gymtimer.core.presets import BUILTIN_PRESETS, Preset, PresetError, Variation
from gymtimer.core.progression import Increments
from gymtimer.core.tempo import Tempo
from gymtimer.core.units import Unit
from gymtimer.store import paths
from gymtimer.store.atomic import SaveError
from gymtimer.store.presets import (
    SCHEMA_VERSION,
    PresetFileError,
    PresetStore,
    read_presets_file,
)
from gymtimer.store.settings import SETTINGS_SCHEMA_VERSION, LastLoad, SettingsStore


def mine(name="Heavy triples", lower=3.0):
    return Preset(name=name, variation=Variation.BARBELL, plan=Plan(tempo=Tempo(lower=lower), sets=5, reps=3))


def test_a_fresh_data_folder_has_only_the_built_ins():
    store = PresetStore()
    assert store.presets == ()
    assert store.all_presets() == BUILTIN_PRESETS
    assert store.problem is None
    assert not paths.presets_file().exists()


def test_saved_presets_come_back_in_a_new_store():
    PresetStore().save(mine())
    again = PresetStore()
    assert again.presets == (mine(),)
    document = json.loads(paths.presets_file().read_text())
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["presets"][0]["name"] == "Heavy triples"


def test_built_ins_are_never_written():
    store = PresetStore()
    store.save(mine())
    names = [p["name"] for p in json.loads(paths.presets_file().read_text())["presets"]]
    assert names == ["Heavy triples"]


def test_a_built_in_cannot_be_saved_replaced_or_deleted():
    store = PresetStore()
    builtin = BUILTIN_PRESETS[0]
    with pytest.raises(PresetError, match="read-only"):
        store.save(builtin)
    with pytest.raises(PresetError, match="read-only"):
        store.save(mine(), replacing=builtin.name)
    with pytest.raises(PresetError, match="cannot be deleted"):
        store.delete(builtin.name)
    assert not paths.presets_file().exists()


def test_a_name_already_used_is_refused_whatever_its_case():
    store = PresetStore()
    store.save(mine())
    with pytest.raises(PresetError, match="already exists"):
        store.save(mine(name="HEAVY TRIPLES"))
    with pytest.raises(PresetError, match="already exists"):
        store.save(mine(name=BUILTIN_PRESETS[1].name))
    assert len(store.presets) == 1


def test_editing_in_place_and_renaming_replace_the_old_entry():
    store = PresetStore()
    store.save(mine())
    store.save(mine(lower=2.5), replacing="Heavy triples")
    store.save(mine(name="Heavier triples", lower=2.5), replacing="Heavy triples")
    assert [p.name for p in PresetStore().presets] == ["Heavier triples"]
    assert PresetStore().presets[0].plan.tempo.lower == 2.5


def test_duplicate_makes_an_editable_copy_with_a_free_name():
    store = PresetStore()
    first = store.duplicate(BUILTIN_PRESETS[0].name)
    second = store.duplicate(BUILTIN_PRESETS[0].name)
    assert first.name == f"{BUILTIN_PRESETS[0].name} (copy)"
    assert second.name == f"{BUILTIN_PRESETS[0].name} (copy) (2)"
    assert not first.builtin
    assert first.plan == BUILTIN_PRESETS[0].plan


def test_delete_removes_only_that_preset():
    store = PresetStore()
    store.save(mine("A"))
    store.save(mine("B"))
    store.delete("a")
    assert [p.name for p in PresetStore().presets] == ["B"]


def test_a_failed_save_changes_nothing(monkeypatch):
    store = PresetStore()
    store.save(mine("A"))
    before = paths.presets_file().read_bytes()

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    # A full disk cannot be made here (the tests run as root, on a roomy disk): fail the final rename.
    monkeypatch.setattr("gymtimer.store.atomic.os.replace", disk_full)
    with pytest.raises(SaveError, match=r"The disk is full: could not save presets\.json"):
        store.save(mine("B"))
    assert [p.name for p in store.presets] == ["A"]
    assert paths.presets_file().read_bytes() == before
    assert sorted(f.name for f in paths.presets_file().parent.iterdir()) == ["presets.json"]


def test_export_then_import_gives_the_same_presets_under_free_names(tmp_path):
    store = PresetStore()
    store.save(mine("A"))
    store.save(mine("B", lower=2.0))
    exported = tmp_path / "share.json"
    store.export(exported)
    added = store.import_file(exported)
    assert [p.name for p in added] == ["A (2)", "B (2)"]
    assert added[1].plan == mine("B", lower=2.0).plan
    assert [p.name for p in PresetStore().presets] == ["A", "B", "A (2)", "B (2)"]


def test_an_exported_built_in_imports_as_the_lifters_own_copy(tmp_path):
    store = PresetStore()
    exported = tmp_path / "builtin.json"
    store.export(exported, [BUILTIN_PRESETS[2].name])
    (added,) = store.import_file(exported)
    assert added.name == f"{BUILTIN_PRESETS[2].name} (2)"
    assert not added.builtin


def write(path, document):
    path.write_text(json.dumps(document))
    return path


def preset_dict(name="Imported", **tempo):
    return {
        "name": name,
        "variation": "barbell",
        "plan": {"tempo": {"lift": 1, "squeeze": 1, "lower": 3, "bottom": 0, **tempo}, "sets": 3, "reps": 8},
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", r"bad\.json is not a JSON file"),
        (b"[1, 2]", r"bad\.json is not a GymTimer presets file: it has no schema_version"),
        (json.dumps({"presets": []}).encode(), "no schema_version"),
        (json.dumps({"schema_version": 99, "presets": []}).encode(), r"written by a newer GymTimer \(format 99"),
        (json.dumps({"schema_version": "one"}).encode(), "schema_version must be a whole number"),
        (
            json.dumps({"schema_version": 1, "presets": [preset_dict(), preset_dict("Bad", lower=99)]}).encode(),
            r"bad\.json: Lower must be between 0 and 60 seconds, not 99 \(preset 2 'Bad', field plan\.tempo\)",
        ),
        (
            json.dumps({"schema_version": 1, "presets": [{**preset_dict(), "variation": "leg press"}]}).encode(),
            r"Invalid enum value 'leg press' \(preset 1 'Imported', field variation\)",
        ),
        (
            json.dumps({"schema_version": 1, "presets": [{**preset_dict(), "plan": {"sets": 0}}]}).encode(),
            r"Sets must be between 1 and 20, not 0 \(preset 1 'Imported', field plan\)",
        ),
        (
            json.dumps({"schema_version": 1, "presets": [preset_dict("Same"), preset_dict("same")]}).encode(),
            "the name 'same' is used by two presets",
        ),
        (json.dumps({"schema_version": 1, "presets": {}}).encode(), r"Should be a list \[...\], not an object {...} \(field presets\)"),
    ],
)
def test_a_bad_import_file_is_explained_and_nothing_saved_changes(tmp_path, content, message):
    store = PresetStore()
    store.save(mine("Kept"))
    before = paths.presets_file().read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(PresetFileError, match=message):
        store.import_file(bad)
    assert paths.presets_file().read_bytes() == before
    assert [p.name for p in store.presets] == ["Kept"]
    assert bad.read_bytes() == content


def test_a_damaged_presets_file_is_reported_and_set_aside_never_deleted():
    target = paths.presets_file()
    target.write_bytes(b'{"schema_version": 1, "presets": [')
    store = PresetStore()
    assert store.presets == ()
    assert "presets.json is not a JSON file" in store.problem
    assert "set aside as presets.json.bak" in store.problem
    assert (target.parent / "presets.json.bak").read_bytes() == b'{"schema_version": 1, "presets": ['
    assert not target.exists()
    store.save(mine())  # a fresh file, and the damaged one still kept
    assert (target.parent / "presets.json.bak").exists()


def test_a_second_damaged_file_does_not_replace_the_first_set_aside():
    target = paths.presets_file()
    for content in (b"first", b"second"):
        target.write_bytes(content)
        PresetStore()
    assert (target.parent / "presets.json.bak").read_bytes() == b"first"
    assert (target.parent / "presets.json.bak-2").read_bytes() == b"second"


def test_a_presets_file_from_a_newer_version_is_set_aside_not_overwritten():
    target = paths.presets_file()
    write(target, {"schema_version": SCHEMA_VERSION + 1, "presets": [], "future": True})
    store = PresetStore()
    assert "newer GymTimer" in store.problem
    assert json.loads((target.parent / "presets.json.bak").read_text())["future"] is True


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.binary(max_size=60),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
            max_leaves=12,
        ).map(lambda value: json.dumps({"schema_version": 1, "presets": [value]}).encode()),
    )
)
def test_reading_any_file_gives_presets_or_a_preset_file_error(tmp_path, content):
    path = tmp_path / "any.json"
    path.write_bytes(content)
    try:
        presets = read_presets_file(path)
    except PresetFileError as error:
        assert str(error).startswith("any.json")
    else:
        assert all(isinstance(p, Preset) for p in presets)


# ----------------------------------------------------------------- the memory in settings.json


def test_last_preset_loads_and_increments_are_remembered():
    memory = SettingsStore()
    memory.set_last_preset("Heavy triples")
    memory.set_last_load("Heavy triples", 102.5, Unit.KG)
    memory.set_last_load("Bodyweight hip thrust", 0.0, Unit.LB)
    memory.set_increments(Increments(kg=5.0, lb=10.0))
    again = SettingsStore()
    assert again.last_preset() == "Heavy triples"
    assert again.last_load("Heavy triples") == LastLoad(load=102.5, unit=Unit.KG)
    assert again.last_load("Never used") is None
    assert again.increments() == Increments(kg=5.0, lb=10.0)


def test_the_memory_keeps_every_other_setting_in_the_file():
    settings_path = paths.settings_file()
    write(settings_path, {"unit": "lb", "volume": 0.7, "sound": {"scheme": "bells"}})
    SettingsStore().set_last_preset("A")
    document = json.loads(settings_path.read_text())
    assert document["unit"] == "lb"
    assert document["sound"] == {"scheme": "bells"}
    assert document["last_preset"] == "A"


def test_a_setting_written_by_another_part_meanwhile_survives_a_write():
    memory = SettingsStore()
    write(paths.settings_file(), {"volume": 0.3})
    memory.set_last_preset("A")
    assert json.loads(paths.settings_file().read_text())["volume"] == 0.3


def test_renaming_and_deleting_a_preset_carry_its_memory():
    memory = SettingsStore()
    store = PresetStore(settings=memory)
    store.save(mine("A"))
    memory.set_last_preset("A")
    memory.set_last_load("A", 80.0, Unit.KG)
    store.save(mine("B"), replacing="A")
    assert memory.last_preset() == "B"
    assert memory.last_load("B") == LastLoad(80.0, Unit.KG)
    store.delete("B")
    assert memory.last_preset() is None
    assert SettingsStore().last_load("B") is None


def test_damaged_memory_keys_start_afresh_and_a_copy_of_the_file_is_kept():
    settings_path = paths.settings_file()
    write(settings_path, {"volume": 0.5, "last_loads": {"A": {"load": -5, "unit": "kg"}}})
    memory = SettingsStore()
    assert memory.last_load("A") is None
    assert "Load must be between 0 and 2000 kg, not -5" in memory.problem
    kept = settings_path.parent / "settings.json.bak"
    assert json.loads(kept.read_text())["last_loads"]["A"]["load"] == -5
    assert json.loads(settings_path.read_text())["volume"] == 0.5


def test_a_settings_file_that_is_not_json_is_set_aside():
    settings_path = paths.settings_file()
    settings_path.write_bytes(b"\x00garbage")
    memory = SettingsStore()
    assert "set aside as settings.json.bak" in memory.problem
    assert (settings_path.parent / "settings.json.bak").read_bytes() == b"\x00garbage"
    memory.set_last_preset("A")
    assert msgspec.json.decode(settings_path.read_bytes()) == {
        "schema_version": SETTINGS_SCHEMA_VERSION,
        "last_preset": "A",
        "last_loads": {},
        "increments": {"kg": 2.5, "lb": 5.0},
    }


def test_settings_written_before_they_carried_a_version_are_read_and_then_stamped():
    settings_path = paths.settings_file()
    write(settings_path, {"last_preset": "A", "sound": {"scheme": "voice"}})
    memory = SettingsStore()
    assert memory.problem is None
    assert memory.last_preset() == "A" and memory.other_setting("sound") == {"scheme": "voice"}
    memory.set_last_load("A", 60.0, Unit.KG)
    document = json.loads(settings_path.read_text())
    assert next(iter(document)) == "schema_version" and document["schema_version"] == SETTINGS_SCHEMA_VERSION
    assert document["sound"] == {"scheme": "voice"} and document["last_preset"] == "A"


@pytest.mark.parametrize("version, words", [
    (SETTINGS_SCHEMA_VERSION + 1, "was written by a newer GymTimer"),
    ("two", "schema_version must be a whole number, not 'two'"),
    (0, "format version 0 is not one this GymTimer can read"),
])
def test_settings_of_an_unknown_version_are_set_aside_and_named(version, words):
    settings_path = paths.settings_file()
    write(settings_path, {"schema_version": version, "last_preset": "A", "future": True})
    original = settings_path.read_bytes()
    memory = SettingsStore()
    assert words in memory.problem and "set aside as settings.json.bak" in memory.problem
    assert memory.last_preset() is None
    assert (settings_path.parent / "settings.json.bak").read_bytes() == original
    memory.set_other_setting("sound", {"scheme": "tones"})
    assert json.loads(settings_path.read_text()) == {"schema_version": SETTINGS_SCHEMA_VERSION,
                                                     "sound": {"scheme": "tones"}}
    with pytest.raises(KeyError):
        memory.set_other_setting("schema_version", 7)
