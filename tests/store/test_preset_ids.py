"""A preset keeps its history through a rename: sessions name it by a stable id (session format 2)."""

from __future__ import annotations

import json

import msgspec

from gymtimer.core import stats
from gymtimer.core.plan import Plan
from gymtimer.core.presets import BUILTIN_PRESETS, Preset, Variation, find_preset, preset_id_for_name
from gymtimer.core.progression import suggest
from gymtimer.core.records import SCHEMA_VERSION
from gymtimer.store import session_files
from gymtimer.store.migrations import SESSION_MIGRATIONS
from gymtimer.store.presets import PresetStore
from gymtimer.store.sessions import SessionStore
from tests.helpers.lifted import START, lifted_session


def _version_1(preset_name: str) -> bytes:
    """A session file as GymTimer wrote it before presets had ids."""
    session = lifted_session()
    document = msgspec.to_builtins(session)
    document["schema_version"] = 1
    for exercise in document["exercises"]:
        exercise["preset_name"] = preset_name
        del exercise["preset_id"]
        exercise["plan"].pop("replace_failed")
        for record in exercise["sets"]:
            for rep in record["reps"]:
                rep.pop("pauses")
    return json.dumps(document).encode()


def test_the_format_has_a_registered_step_from_1():
    assert SCHEMA_VERSION >= 2
    assert SESSION_MIGRATIONS.versions[0] == 1


def test_a_version_1_session_of_a_built_in_gets_the_built_ins_id():
    barbell = find_preset("Barbell hip thrust 3×5, 5 s squeeze")
    session = session_files.decode(_version_1(barbell.name))
    assert session.schema_version == SCHEMA_VERSION
    assert session.exercises[0].preset_id == barbell.id == "builtin-barbell-3x5-squeeze"
    assert session.exercises[0].sets[0].reps[0].pauses == {}
    assert session.exercises[0].plan.replace_failed is True


def test_a_version_1_session_and_a_preset_file_from_before_ids_agree_on_the_own_presets_id(tmp_path):
    (tmp_path / "presets.json").write_text(json.dumps({"schema_version": 1, "presets": [
        {"name": "Heavy triples", "variation": "barbell", "plan": {"sets": 1, "reps": 3}}]}), encoding="utf-8")
    mine = PresetStore(tmp_path / "presets.json").find("Heavy triples")
    session = session_files.decode(_version_1("heavy triples "))
    assert session.exercises[0].preset_id == mine.id == preset_id_for_name("Heavy triples")


def test_an_old_file_still_loads_from_the_folder_and_is_written_in_the_current_format_when_saved(tmp_path):
    store = SessionStore(tmp_path)
    store.sessions_dir.mkdir()
    (store.sessions_dir / "old.json").write_bytes(_version_1("Bodyweight hip thrust"))
    (session,) = store.load_all().sessions
    session.exercises[0].sets[0].note = "from an old file"
    store.save(session)
    document = json.loads((store.sessions_dir / "old.json").read_bytes())
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["exercises"][0]["preset_id"] == "builtin-bodyweight"


def test_renaming_keeps_the_id_and_the_suggestion_and_the_chart_line(tmp_path):
    store = PresetStore(tmp_path / "presets.json")
    store.save(Preset(name="Heavy triples", variation=Variation.BARBELL, plan=Plan(sets=2, reps=3)))
    before = store.find("Heavy triples")
    session = lifted_session(sets=2, reps=3, load=100.0)
    session.exercises[0].preset_name, session.exercises[0].preset_id = before.name, before.id
    store.save(msgspec.structs.replace(before, name="Heavy threes"), replacing="Heavy triples")
    after = PresetStore(tmp_path / "presets.json").find("Heavy threes")
    assert after.id == before.id
    (suggestion,) = suggest(after, [session])
    assert suggestion.load == 102.5 and suggestion.preset_name == "Heavy threes"
    later = lifted_session(START.replace(day=20), sets=2, reps=3, load=102.5)
    later.exercises[0].preset_name, later.exercises[0].preset_id = "Heavy threes", after.id
    days = stats.Summaries().days([session, later])
    assert {d.lift.preset_name for d in days} == {"Heavy threes"}, "its newest name, one line"
    renamed_again = stats.Summaries(names={after.id: "Triples"}).days([session, later])
    assert stats.lifts(renamed_again) == [stats.Lift(Variation.BARBELL, "Triples")], "its name now"


def test_a_copy_or_an_import_never_takes_over_another_presets_history(tmp_path):
    store = PresetStore(tmp_path / "presets.json")
    store.save(Preset(name="Heavy", variation=Variation.BARBELL, plan=Plan()))
    heavy = store.find("Heavy")
    store.save(msgspec.structs.replace(heavy, name="Light"), replacing="Heavy")
    copy = store.duplicate("Light")
    assert copy.id != heavy.id
    store.save(Preset(name="Heavy", variation=Variation.BARBELL, plan=Plan()))  # its derived id is Light's
    assert store.find("Heavy").id != store.find("Light").id
    exported = tmp_path / "out.json"
    store.export(exported, ["Light"])
    (imported,) = store.import_file(exported)
    assert imported.id != heavy.id
    ids = [p.id for p in store.all_presets()]
    assert len(ids) == len(set(ids))


def test_built_in_ids_are_fixed_and_unique():
    assert [p.id for p in BUILTIN_PRESETS] == ["builtin-barbell-3x5-squeeze", "builtin-eccentric-single-leg",
                                              "builtin-staggered-stance", "builtin-bodyweight"]
