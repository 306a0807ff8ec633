"""The session file: names that sort by start, a lossless round trip, plain messages for bad documents."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from gymtimer.core.plan import Laterality
from gymtimer.core.records import SCHEMA_VERSION
from gymtimer.store import session_files
from gymtimer.store.migrations import MigrationError, Migrations
from gymtimer.store.session_files import SessionFileError, TooNewError
from tests.helpers.lifted import START, lifted_session


def _document(**changes) -> dict:
    document = msgspec.to_builtins(lifted_session())
    document.update(changes)
    return document


def _bytes(document) -> bytes:
    return msgspec.json.encode(document)


def test_file_names_sort_by_start_time_and_name_the_utc_second():
    early = lifted_session(dt.datetime(2026, 1, 2, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5))))
    late = lifted_session(dt.datetime(2026, 1, 3, 5, 0, 0, tzinfo=dt.UTC))
    assert session_files.file_name(early).startswith("2026-01-03T04-59-59Z_")
    assert sorted([session_files.file_name(late), session_files.file_name(early)])[0] == session_files.file_name(early)
    assert session_files.file_name(early).endswith(f"_{early.id[:8]}.json")


def test_a_session_round_trips_every_rep_and_phase_time_exactly():
    session = lifted_session(laterality=Laterality.PER_LEG)
    session.exercises[0].sets[0].rpe = 8.5
    session.exercises[0].sets[0].note = "left hip tight — ça va"
    again = session_files.decode(session_files.encode(session))
    assert again == session
    assert again.exercises[0].sets[0].reps[0].phases == session.exercises[0].sets[0].reps[0].phases


def test_the_file_carries_schema_version_id_version_and_offset_times():
    document = msgspec.json.decode(session_files.encode(lifted_session()))
    assert document["schema_version"] == SCHEMA_VERSION
    assert {"id", "app_version", "started_at", "ended_at", "exercises"} <= document.keys()
    assert document["started_at"].endswith("Z")


@pytest.mark.parametrize(
    ("document", "words"),
    [
        (b"{not json", "is not readable JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (_bytes({k: v for k, v in _document().items() if k != "schema_version"}), "has no schema_version"),
        (_bytes(_document(schema_version="1")), "schema_version should be a whole number"),
        (_bytes(_document(id=7)), "field id should be text, not a whole number"),
        (_bytes(_document(started_at="2026-03-14T18:30:00")), "field started_at: expected `datetime` with a timezone"),
        (_bytes(_document(surprise=True)), "unknown field `surprise`"),
    ],
)
def test_a_bad_document_is_refused_with_a_message_naming_what_is_wrong(document, words):
    with pytest.raises(SessionFileError, match=words.replace("[", r"\[").replace("(", r"\(")):
        session_files.decode(document)


def test_a_deep_field_error_names_its_path():
    document = _document()
    document["exercises"][0]["sets"][1]["reps"][0]["side"] = "middle"
    with pytest.raises(SessionFileError, match=r"field exercises\[0\]\.sets\[1\]\.reps\[0\]\.side: invalid enum value 'middle'"):
        session_files.decode(_bytes(document))


def test_a_plan_out_of_range_is_refused_with_the_plan_message():
    document = _document()
    document["exercises"][0]["plan"]["sets"] = 0
    with pytest.raises(SessionFileError, match=r"exercises\[0\]\.plan: sets must be between 1 and 20"):
        session_files.decode(_bytes(document))


def test_a_newer_format_is_reported_as_too_new():
    with pytest.raises(TooNewError, match=f"newer GymTimer \\(format version {SCHEMA_VERSION + 1}"):
        session_files.decode(_bytes(_document(schema_version=SCHEMA_VERSION + 1)))


def test_an_old_format_goes_through_the_registered_steps_to_the_current_one(monkeypatch):
    # Pretend today's format is version 2 and version 1 called the start time "when".
    steps = Migrations("session")

    @steps.migrator(from_version=1)
    def _rename_when(document):
        document["started_at"] = document.pop("when")
        return document

    monkeypatch.setattr(session_files, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(session_files, "SESSION_MIGRATIONS", steps)
    old = _document(schema_version=1)
    old["when"] = old.pop("started_at")
    session = session_files.decode(_bytes(old))
    assert session.started_at == START
    assert session.schema_version == 2


def test_upgrade_steps_chain_in_order_and_stamp_each_version():
    steps = Migrations("test")
    seen = []

    @steps.migrator(from_version=1)
    def _one(document):
        seen.append(document["schema_version"])
        return {**document, "a": 1}

    @steps.migrator(from_version=2)
    def _two(document):
        seen.append(document["schema_version"])
        return {**document, "b": document["a"] + 1}

    assert steps.upgrade({"schema_version": 1}, 3) == {"schema_version": 3, "a": 1, "b": 2}
    assert seen == [1, 2]
    assert steps.versions == [1, 2]


def test_a_missing_step_or_a_step_that_trips_is_a_plain_error_not_a_crash():
    steps = Migrations("test")

    @steps.migrator(from_version=2)
    def _needs_a_field(document):
        return {**document, "b": document["a"]}

    with pytest.raises(MigrationError, match="format version 1 is not one"):
        steps.upgrade({"schema_version": 1}, 3)
    with pytest.raises(MigrationError, match="could not be upgraded from format version 2"):
        steps.upgrade({"schema_version": 2}, 3)


def test_a_version_cannot_have_two_steps():
    steps = Migrations("test")
    steps.migrator(1)(lambda d: d)
    with pytest.raises(ValueError, match="already registered"):
        steps.migrator(1)(lambda d: d)


def test_the_example_in_the_format_documentation_is_a_valid_session():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("\n```", 1)[0]
    session = session_files.decode(example.encode())
    assert session.schema_version == SCHEMA_VERSION and session.done() == 4
