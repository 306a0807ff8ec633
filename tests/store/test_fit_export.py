"""FIT export: every exported file decoded by the FIT SDK's own decoder and compared with its session."""

from __future__ import annotations

import datetime as dt

import pytest
from garmin_fit_sdk import Decoder, Stream

from gymtimer.core.plan import Laterality
from gymtimer.core.presets import Variation
from gymtimer.core.records import SessionRecord
from gymtimer.core.units import Unit, convert
from gymtimer.store import fit_export
from gymtimer.store.fit_export import HIP_RAISE_NAMES, export_fit, fit_bytes
from gymtimer.store.tracker_import import read_tracker_csv
from gymtimer_dev.sample_history import make_sessions
from tests.helpers.lifted import lifted_session


def decode(data: bytes) -> dict:
    """The file as the official decoder reads it: checked whole (header, sizes, CRC), then every message."""
    checker = Decoder(Stream.from_byte_array(bytearray(data)))
    assert checker.is_fit() and checker.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def assert_matches(session: SessionRecord, messages: dict) -> None:
    """Every set of the session is one active set message, in order, with its reps, load, exercise and times."""
    (file_id,) = messages["file_id_mesgs"]
    assert file_id["type"] == "activity"
    (summary,) = messages["session_mesgs"]
    assert (summary["sport"], summary["sub_sport"]) == ("training", "strength_training")
    assert summary["start_time"] == session.started_at.astimezone(dt.UTC).replace(microsecond=0)
    active = [m for m in messages["set_mesgs"] if m["set_type"] == "active"]
    records = [(exercise, record) for exercise in session.exercises for record in exercise.sets]
    assert len(active) == len(records)
    for message, (exercise, record) in zip(active, records, strict=True):
        assert message["repetitions"] == record.done()  # the records' count: failed and unseen reps left out
        assert message["weight"] == pytest.approx(convert(record.load, record.unit, Unit.KG), abs=1 / 32)
        assert message["weight_display_unit"] == ("pound" if record.unit is Unit.LB else "kilogram")
        assert message["category"] == "hip_raise"
        assert message["category_subtype"] == HIP_RAISE_NAMES[fit_export.exercise_name(exercise, record)]
        assert message["duration"] == pytest.approx(record.tension_seconds, abs=0.001)
        started = session.started_at + dt.timedelta(seconds=record.started)
        assert abs((message["start_time"] - started).total_seconds()) <= 1
    stamps = [m["timestamp"] for m in messages["set_mesgs"]]
    assert stamps == sorted(stamps)  # FIT wants its timed messages in order


def test_a_lifted_session_decodes_to_its_sets_reps_loads_and_rests():
    session = lifted_session(sets=3, reps=4, load=102.5)
    messages = decode(fit_bytes(session))
    assert_matches(session, messages)
    rests = [m for m in messages["set_mesgs"] if m["set_type"] == "rest"]
    assert len(rests) == 2  # between three sets
    assert all(rest["duration"] > 0 for rest in rests)
    first = next(m for m in messages["set_mesgs"] if m["set_type"] == "active")
    assert first["category_subtype"] == HIP_RAISE_NAMES["barbell_hip_thrust_with_bench"]
    assert first["repetitions"] == 4 and first["weight"] == 102.5


def test_reps_the_camera_did_not_see_and_failed_reps_are_not_exported_as_reps():
    session = lifted_session(sets=2, reps=5)
    reps = session.exercises[0].sets[0].reps
    reps[0].not_seen = True
    reps[1].failed = True
    messages = decode(fit_bytes(session))
    assert_matches(session, messages)
    assert [m["repetitions"] for m in messages["set_mesgs"] if m["set_type"] == "active"] == [3, 5]


def test_pounds_are_written_as_kilograms_and_shown_in_pounds():
    session = lifted_session(load=225.0)
    for record in session.exercises[0].sets:
        record.unit = Unit.LB
    messages = decode(fit_bytes(session))
    assert_matches(session, messages)
    first = next(m for m in messages["set_mesgs"] if m["set_type"] == "active")
    assert first["weight"] == pytest.approx(102.06, abs=0.05)
    assert first["weight_display_unit"] == "pound"


def test_one_leg_work_is_a_single_leg_hip_raise_set_per_side():
    session = lifted_session(laterality=Laterality.PER_LEG, sets=2, reps=3, load=0.0)
    session.exercises[0].variation = Variation.SINGLE_LEG
    messages = decode(fit_bytes(session))
    assert_matches(session, messages)
    active = [m for m in messages["set_mesgs"] if m["set_type"] == "active"]
    assert len(active) == 4  # left and right of each set
    assert {m["category_subtype"] for m in active} == {HIP_RAISE_NAMES["single_leg_hip_raise"]}


def test_every_variation_has_an_exercise_the_fit_profile_knows():
    assert set(fit_export._NAMES) == set(Variation)
    for names in [*fit_export._NAMES.values(), fit_export._FLOOR]:
        assert all(name in HIP_RAISE_NAMES for name in names)


def test_a_sample_history_decodes_session_by_session(tmp_path):
    sessions = make_sessions(years=0.5, sessions=25, seed=7)
    written = export_fit(sessions, tmp_path)
    assert len(written) == len(sessions) == len(set(written))
    for session, path in zip(sessions, written, strict=True):
        assert path.suffix == ".fit"
        assert_matches(session, decode(path.read_bytes()))


def test_an_imported_session_exports_its_reps_and_loads_without_times(tmp_path):
    export = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
        "2024-03-02 18:00:00,Legs,45m,Glute Bridge,1,60,12,0,0,,,\n"
        "2024-03-02 18:00:00,Legs,45m,Glute Bridge,2,60,10,0,0,,,8\n"
    )
    (session,) = read_tracker_csv(export.encode()).sessions
    messages = decode(fit_bytes(session))
    assert_matches(session, messages)
    active = [m for m in messages["set_mesgs"] if m["set_type"] == "active"]
    assert [m["repetitions"] for m in active] == [12, 10]
    assert {m["category_subtype"] for m in active} == {HIP_RAISE_NAMES["barbell_hip_thrust_on_floor"]}
    assert messages["session_mesgs"][0]["total_elapsed_time"] == 45 * 60


def test_a_single_leg_glute_bridge_is_a_single_leg_hip_raise():
    export = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
        "2024-03-02 18:00:00,Legs,45m,Single Leg Glute Bridge,1,0,12,0,0,,,\n"
        "2024-03-02 18:00:00,Legs,45m,Single Leg Glute Bridge,2,10,12,0,0,,,\n"
    )
    (session,) = read_tracker_csv(export.encode()).sessions
    active = [m for m in decode(fit_bytes(session))["set_mesgs"] if m["set_type"] == "active"]
    assert [m["category_subtype"] for m in active] == [
        HIP_RAISE_NAMES["single_leg_hip_raise"], HIP_RAISE_NAMES["weighted_single_leg_hip_raise"]]


def test_sessions_without_sets_are_not_written(tmp_path):
    empty = SessionRecord(id="e" * 32, started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), app_version="0.1.0")
    out = tmp_path / "fit"
    out.mkdir()
    assert export_fit([empty], out) == []
    assert list(out.iterdir()) == []
