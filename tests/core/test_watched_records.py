"""A set lifted with the camera on, in the records and every figure made from them: the count is the reps seen."""

from __future__ import annotations

import datetime as dt

import pytest

from gymtimer.core import progression, stats
from gymtimer.core.plan import Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import tally
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import Unit


def _rep(at: float, *, seen_lower: float | None = 2.5, complete: bool = True, not_seen: bool = False) -> RepRecord:
    seen = None if seen_lower is None else MeasuredRep(start=at, lift=1.0, top=1.0, lower=seen_lower, bottom=None,
                                                       range=40.0 if complete else 20.0, complete=complete)
    return RepRecord(side=Side.BOTH, phases={Phase.LIFT: at, Phase.SQUEEZE: at + 1, Phase.LOWER: at + 2},
                     ended=at + 5, failed=not complete, seen=seen, not_seen=not_seen)


def _watched_set() -> SetRecord:
    record = SetRecord(number=1, side=Side.BOTH, target=5, load=100.0, unit=Unit.KG, started=0.0, watched=True)
    record.reps = [_rep(0.0), _rep(5.0, seen_lower=1.5), _rep(10.0), _rep(15.0, complete=False),
                   _rep(20.0, seen_lower=None, not_seen=True)]
    return record


def _session(record: SetRecord) -> SessionRecord:
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=5, load=100.0)
    exercise = ExerciseRecord(preset_name="Camera", variation=Variation.BARBELL, plan=plan, sets=[record],
                              started=0.0, ended=25.0)
    return SessionRecord(id="a" * 32, started_at=dt.datetime(2026, 3, 1, 18, tzinfo=dt.UTC), app_version="test",
                         exercises=[exercise])


def test_paced_seen_done_and_failed():
    record = _watched_set()
    assert (record.paced_count, record.seen_count, record.done(), record.failed(), record.not_seen()) == (5, 4, 3, 1, 1)
    assert record.volume == 300.0  # the rep not seen is not lifted volume
    assert record.tension_seconds == pytest.approx(4 * 5.0)


def test_the_history_figures_follow_the_reps_seen():
    (day,) = stats.summarize([_session(_watched_set())])
    assert day.reps == 3 and day.volume == 300.0
    assert day.tension_seconds == pytest.approx(20.0)  # the failed rep was lifted; the unseen one not
    # The lowering is what the camera measured (counted reps only), not the metronome's 3 s.
    assert day.measured_lowering_reps == 3 and day.measured_lowering_total == pytest.approx(6.5)
    assert day.lowering_reps == 0


def _preset():
    from gymtimer.core.presets import Preset

    return Preset(name="Camera", variation=Variation.BARBELL,
                  plan=Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=5, load=100.0))


def _dated(record: SetRecord, day: int) -> SessionRecord:
    session = _session(record)
    session.id = f"{day:032x}"
    session.started_at = dt.datetime(2026, 3, day, 18, tzinfo=dt.UTC)
    return session


def test_a_rep_not_seen_is_not_a_failed_rep_and_names_itself():
    record = _watched_set()
    record.reps[3] = _rep(15.0)  # no failed rep: the unseen one is all that is missing
    (exercise,) = _session(record).exercises
    assert progression.shortfall(exercise) is None
    assert progression.camera_doubt(exercise) == "1 rep not seen by the camera"


def test_two_sessions_with_a_rep_not_seen_keep_the_load_and_never_back_off():
    sessions = []
    for day in (1, 3):
        record = _watched_set()
        record.reps[3] = _rep(15.0)
        sessions.append(_dated(record, day))
    (suggestion,) = progression.suggest(_preset(), sessions)
    assert suggestion.kind is progression.SuggestionKind.KEEP_LOAD and suggestion.load == 100.0
    assert suggestion.reason == ("Last time at 100 kg: 1 rep not seen by the camera (a rep not seen is not a "
                                 "failed rep); stay at 100 kg until the camera sees every set hit its target")


def test_lowerings_flagged_too_fast_hold_the_load_and_say_why():
    record = _watched_set()
    record.reps = [_rep(at) for at in (0.0, 5.0, 10.0, 15.0, 20.0)]
    for index in (1, 3):  # two of five lowered in 1.5 s against a planned 3 s
        seen = record.reps[index].seen
        record.reps[index].seen = MeasuredRep(start=seen.start, lift=1.0, top=1.0, lower=1.5, bottom=None,
                                              range=40.0, lowering_too_fast=True)
    session = _dated(record, 1)
    assert progression.shortfall(session.exercises[0]) is None  # every rep was lifted and seen
    (suggestion,) = progression.suggest(_preset(), [session])
    assert suggestion.kind is progression.SuggestionKind.KEEP_LOAD and suggestion.load == 100.0
    assert suggestion.reason == ("Last time at 100 kg: 2 lowerings too fast (planned 3 s); "
                                 "stay at 100 kg and lower for the full 3 s before adding load")
    for rep in record.reps:  # lowered as planned: the load goes up
        rep.seen = MeasuredRep(start=rep.seen.start, lift=1.0, top=1.0, lower=3.0, bottom=None, range=40.0,
                               lowering_too_fast=False)
    (suggestion,) = progression.suggest(_preset(), [session])
    assert suggestion.kind is progression.SuggestionKind.ADD_LOAD and suggestion.load == 102.5


def test_the_summary_says_how_many_reps_were_paced_and_how_many_seen():
    record = _watched_set()
    (exercise,) = _session(record).exercises
    assert tally(record) == "paced 5 · seen 4" and tally(exercise) == "paced 5 · seen 4"
    record.watched = False
    assert tally(record) is None and tally(exercise) is None
