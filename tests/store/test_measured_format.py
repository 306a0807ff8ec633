"""Session format 3: a set keeps what a video of it measured beside its paced reps; versions 1 and 2 still load."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from gymtimer.core.records import SCHEMA_VERSION, MeasuredSet
from gymtimer.store import session_files
from gymtimer.store.migrations import SESSION_MIGRATIONS
from gymtimer.store.session_files import SessionFileError
from gymtimer.store.sessions import SessionStore
from tests.helpers.lifted import filmed, lifted_session


def _document(version: int) -> dict:
    """A session file as GymTimer wrote it in format ``version`` (1 or 2: before filmed sets)."""
    document = msgspec.to_builtins(lifted_session())
    document["schema_version"] = version
    for exercise in document["exercises"]:
        for record in exercise["sets"]:
            del record["measured"]
        if version == 1:
            del exercise["preset_id"]
            exercise["plan"].pop("replace_failed")
            for record in exercise["sets"]:
                for rep in record["reps"]:
                    rep.pop("pauses")
    return document


def test_the_format_is_version_7_with_registered_steps_from_1_to_6():
    assert SCHEMA_VERSION == 7
    assert SESSION_MIGRATIONS.versions == [1, 2, 3, 4, 5, 6]


def test_a_version_6_rep_has_no_leg_seen_nor_lockout_and_version_7_keeps_both_through_a_save():
    formats = Path(__file__).resolve().parent / "formats"
    old = session_files.decode((formats / "session-v6.json").read_bytes())
    assert all(r.leg_seen is None and r.lockout is None for e in old.exercises for s in e.sets for r in s.reps)
    new = session_files.decode((formats / "session-v7.json").read_bytes())
    first, second = new.exercises[0].sets[0].reps[:2]
    assert (first.lockout.verdict, first.lockout.shin) == ("lockout ✓", 88.5)
    assert second.lockout.verdict == "hips low" and second.lockout.thigh == -19.0
    again = session_files.decode(session_files.encode(new))
    assert again.exercises[0].sets[0].reps[1].lockout == second.lockout
    document = json.loads((formats / "session-v7.json").read_text(encoding="utf-8"))
    document["exercises"][0]["sets"][0]["reps"][0]["leg_seen"] = "both"
    with pytest.raises(session_files.SessionFileError, match="left or right"):
        session_files.decode(json.dumps(document).encode())


@pytest.mark.parametrize("version", [1, 2])
def test_files_of_versions_1_and_2_load_with_no_set_filmed(version):
    session = session_files.decode(json.dumps(_document(version)).encode())
    assert session.schema_version == SCHEMA_VERSION
    assert session.done() == 6
    assert all(record.measured is None for record in session.exercises[0].sets)


def test_a_version_2_file_that_already_has_a_measured_field_reads_it_as_it_is():
    # The step from 2 adds nothing, so a hand-edited version-2 file with a filmed set keeps it.
    document = msgspec.to_builtins(filmed(lifted_session()))
    document["schema_version"] = 2
    session = session_files.decode(json.dumps(document).encode())  # the field is known now, so it reads
    assert session.exercises[0].sets[0].measured is not None


def test_a_filmed_set_is_written_and_read_back_through_the_store_beside_its_paced_reps(tmp_path):
    store = SessionStore(tmp_path)
    session = filmed(lifted_session())
    paced = msgspec.to_builtins(session.exercises[0].sets[0].reps)
    store.save(session)
    (path,) = store.sessions_dir.glob("*.json")
    written = json.loads(path.read_bytes())
    measured = written["exercises"][0]["sets"][0]["measured"]
    assert measured["video"] == "set1.mp4"
    assert measured["box"] == {"x": 200, "y": 150, "width": 80, "height": 60}
    assert [rep["complete"] for rep in measured["reps"]] == [True, False]
    assert [rep["lowering_too_fast"] for rep in measured["reps"]] == [False, True]
    assert written["exercises"][0]["sets"][1]["measured"] is None
    (back,) = store.load_all().sessions
    assert back == session
    assert msgspec.to_builtins(back.exercises[0].sets[0].reps) == paced
    assert (back.exercises[0].sets[0].measured.short, back.exercises[0].sets[0].measured.too_fast) == (1, 1)


def _filmed_with(**changes) -> bytes:
    document = msgspec.to_builtins(filmed(lifted_session()))
    measured = document["exercises"][0]["sets"][0]["measured"]
    for key, value in changes.items():
        if key.startswith("rep_"):
            measured["reps"][0][key[4:]] = value
        elif key.startswith("box_"):
            measured["box"][key[4:]] = value
        else:
            measured[key] = value
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_filmed_with(video="/home/lifter/clips/set1.mp4"), r"sets\[0\]\.measured\.video"),
        (_filmed_with(video="..\\set1.mp4"), r"measured\.video"),
        (_filmed_with(video=""), r"measured\.video"),
        (_filmed_with(box_x=-1), r"measured\.box\.x"),
        (_filmed_with(box_width=0), r"measured\.box\.width"),
        (_filmed_with(box=[1, 2, 3, 4]), r"measured\.box"),
        (_filmed_with(rep_lower=-2.0), "measured rep 1 has a time or range that is not a number of 0 or more"),
        (_filmed_with(rep_range=None), r"measured\.reps\[0\]\.range"),
        (_filmed_with(rep_frames=[b"\x00".hex()]), r"unknown field `frames`"),
        (_filmed_with(analysed_at="2026-03-14T19:00:00"), r"measured\.analysed_at"),
        (_filmed_with(planned_lower=0), r"measured\.planned_lower"),
        (_filmed_with(picture="iVBORw0KGgo="), r"unknown field `picture`"),
        (_filmed_with(reps={}), r"measured\.reps"),
    ],
)
def test_a_bad_filmed_set_is_reported_by_its_field(data, message):
    with pytest.raises(SessionFileError, match=message):
        session_files.decode(data)


def test_a_folder_with_one_bad_filmed_session_loads_the_others_and_keeps_the_bad_one(tmp_path):
    store = SessionStore(tmp_path)
    good = filmed(lifted_session())
    store.save(good)
    bad = _filmed_with(video="/etc/passwd")
    (store.sessions_dir / "bad.json").write_bytes(bad)
    result = store.load_all()
    assert [s.id for s in result.sessions] == [good.id]
    (problem,) = result.problems
    assert problem.name == "bad.json" and "video" in problem.message
    assert (store.quarantine_dir / "bad.json").read_bytes() == bad


def test_the_filmed_set_in_the_format_documentation_is_valid():
    text = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    snippet = next(block.split("\n```", 1)[0] for block in text.split("```json\n")[1:] if '"measured"' in block[:20])
    measured = msgspec.json.decode(snippet.split(":", 1)[1].encode(), type=MeasuredSet)
    assert measured.video == "set2.mp4" and (measured.short, measured.too_fast) == (1, 1)
