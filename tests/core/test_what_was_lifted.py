"""The record is what was lifted: pauses, side switches, failed reps and the rest's countdown."""

from __future__ import annotations

import msgspec
import pytest

from gymtimer.core.plan import Plan, Side
from gymtimer.core.presets import find_preset
from gymtimer.core.records import RepRecord
from gymtimer.core.stats import summarize
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.workout import EventKind, Workout
from tests.core.test_workout import run_to_end

K = EventKind


# ------------------------------------------------------------------ 1. paused time is not rep time


def test_a_pause_in_the_squeeze_is_not_squeeze_time_nor_time_under_tension():
    plan = find_preset("Barbell hip thrust 3×5, 5 s squeeze").plan  # lift 1, squeeze 5, lower 2
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(5.0 + 1.0 + 2.0)  # two seconds into the first squeeze
    workout.pause(8.0)
    workout.resume(21.0)  # 13 s paused, as in the walk-through
    workout.advance(21.0 + 40.0 + 0.5)
    first_set = workout.record.sets[0]
    assert first_set.done() == 5
    rep = first_set.reps[0]
    assert rep.phase_seconds(Phase.SQUEEZE) == pytest.approx(5.0)
    assert rep.tension_seconds == pytest.approx(8.0)
    assert rep.paused_seconds == pytest.approx(13.0)
    assert rep.pauses == {Phase.SQUEEZE: pytest.approx(13.0)}
    assert first_set.tension_seconds == pytest.approx(40.0)  # 5 × 8 s, not 53 s
    assert all(r.pauses == {} for r in first_set.reps[1:])


def test_a_pause_in_the_lowering_leaves_the_charted_lowering_and_tension_as_lifted():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=2, lead_in=0)
    workout = Workout(plan, preset_id="p", preset_name="Test")
    workout.start(0.0)
    workout.pause(3.0)  # one second into the first lowering
    workout.resume(10.0)
    workout.advance(100.0)
    import datetime as dt

    from gymtimer.core.records import SessionRecord

    session = SessionRecord(id="s", started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), app_version="t",
                            exercises=[workout.record])
    (day,) = summarize([session])
    assert day.tension_seconds == pytest.approx(10.0)
    assert day.lowering_longest == pytest.approx(3.0)
    assert session.tension_seconds == pytest.approx(10.0)


def test_a_rep_failed_then_ended_while_paused_keeps_the_pause_out_of_its_tension():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=2, lead_in=0)
    workout = Workout(plan)
    workout.start(0.0)
    workout.fail(1.5)
    workout.pause(1.5)
    workout.end_set(30.0)  # Esc while paused: the set ends where the pause began
    (rep,) = workout.record.sets[0].reps
    assert rep.failed
    assert rep.tension_seconds == pytest.approx(1.5)


def test_a_rep_without_pauses_is_written_as_before():
    rep = RepRecord(side=Side.BOTH, phases={Phase.LIFT: 0.0, Phase.LOWER: 1.0}, ended=3.0)
    assert rep.paused_seconds == 0.0
    assert rep.phase_seconds(Phase.LIFT) == 1.0 and rep.tension_seconds == 3.0


# ------------------------------------------------------------------ 2. L / R mid-set comes back for the reps owed


def _eccentric(sets: int = 1) -> Plan:
    plan = find_preset("Eccentric single-leg hip thrust").plan
    import msgspec

    return msgspec.structs.replace(plan, sets=sets, start_side=Side.RIGHT)


def test_pressing_l_at_right_3_of_6_comes_back_for_the_three_right_reps_owed():
    plan = _eccentric()
    workout = Workout(plan)
    workout.start(0.0)
    rep = plan.tempo.rep_seconds
    workout.advance(plan.lead_in + 3 * rep + 0.5)
    assert workout.status(plan.lead_in + 3 * rep + 0.5).counts[Side.RIGHT] == 3
    events = workout.switch_side(plan.lead_in + 3 * rep + 0.5, Side.LEFT)
    assert any(e.kind is K.SIDE_SWITCHED and e.side is Side.LEFT for e in events)
    now = plan.lead_in + 3 * rep + 0.5
    while not workout.finished:
        now += 0.25
        workout.advance(now)
        assert now < 500
    record = workout.record
    assert record.done(Side.RIGHT) == 6 and record.done(Side.LEFT) == 6
    assert [(s.side, s.done(), s.ended_early) for s in record.sets] == [
        (Side.RIGHT, 6, False), (Side.LEFT, 6, False)]
    assert not record.abandoned
    from gymtimer.core.progression import shortfall

    assert shortfall(record) is None


def test_the_screen_says_which_side_comes_next_after_a_mid_set_switch():
    plan = _eccentric(sets=2)
    workout = Workout(plan)
    workout.start(0.0)
    rep = plan.tempo.rep_seconds
    t = plan.lead_in + 3 * rep + 0.5
    workout.switch_side(t, Side.LEFT)
    t += plan.switch_pause + 6 * rep - 0.5  # in the last left lowering
    workout.advance(t)
    status = workout.status(t)
    assert status.side is Side.LEFT and status.next_phase is Phase.SWITCH and status.next_side is Side.RIGHT


# ------------------------------------------------------------------ 4. a set with no rep is not a set


def test_esc_before_the_first_rep_of_a_set_leaves_no_empty_set_in_the_record():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=3, reps=2, lead_in=0, rest=10)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(8.5 + 10.0 + 0.5)  # set 1 lifted, rest over, half a second into set 2
    workout.end_set(19.0)
    assert [s.number for s in workout.record.sets] == [1]
    assert workout.record.set_count == 1


# ------------------------------------------------------------------ 7. one countdown leads into the first rep


def _countdowns_before_the_second_set(plan: Plan) -> list[tuple[Phase, int]]:
    events = run_to_end(Workout(plan))
    second = next(e.at for e in events if e.kind is K.SET_STARTED and e.set_number == 2)
    first_end = next(e.at for e in events if e.kind is K.SET_FINISHED and e.set_number == 1)
    return [(e.phase, e.count) for e in events if e.kind is K.TICK and first_end <= e.at <= second]


def test_after_a_rest_one_three_two_one_leads_into_the_first_rep():
    plan = find_preset("Barbell hip thrust 3×5, 5 s squeeze").plan
    assert _countdowns_before_the_second_set(plan) == [(Phase.REST, 3), (Phase.REST, 2), (Phase.REST, 1)]
    events = run_to_end(Workout(plan))
    rest_end = next(e.at for e in events if e.kind is K.REST_FINISHED)
    second = next(e for e in events if e.kind is K.SET_STARTED and e.set_number == 2)
    assert second.at == rest_end  # the rep starts on the rest's "1 … go", not 5 s later


def test_the_rest_screen_says_the_first_rep_comes_next():
    plan = find_preset("Barbell hip thrust 3×5, 5 s squeeze").plan
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(46.0)
    assert workout.phase is Phase.REST
    assert workout.status(46.0).next_phase is Phase.LIFT


def test_a_rest_cut_short_still_gets_its_one_countdown_from_the_lead_in():
    plan = find_preset("Barbell hip thrust 3×5, 5 s squeeze").plan
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(50.0)
    workout.skip(50.0)
    assert workout.phase is Phase.LEAD_IN
    events = workout.advance(50.0 + plan.lead_in)
    assert [e.count for e in events if e.kind is K.TICK] == [3, 2, 1]


# ------------------------------------------------------------------ 14. a failed rep, replaced or not


def test_a_failed_rep_is_replaced_by_default():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=3, lead_in=0)
    assert plan.replace_failed
    workout = Workout(plan)
    workout.start(0.0)
    workout.fail(0.5)
    workout.advance(100.0)
    assert workout.record.sets[0].done() == 3 and workout.record.sets[0].failed() == 1


def test_a_preset_may_count_a_failed_rep_against_the_set():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=3, lead_in=0,
                replace_failed=False)
    workout = Workout(plan)
    workout.start(0.0)
    workout.fail(0.5)
    events = workout.advance(12.5)
    record = workout.record.sets[0]
    assert (record.done(), record.failed()) == (2, 1)
    assert any(e.kind is K.SET_FINISHED and not e.early for e in events)
    assert workout.finished


def test_the_screen_knows_the_set_ends_with_the_failed_rep_when_it_is_not_replaced():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=2, reps=3, lead_in=0,
                replace_failed=False)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(8.5)
    workout.fail(8.5)  # the third rep, in its lift
    workout.advance(10.5)
    assert workout.status(10.5).next_phase is Phase.REST


# ------------------------------------------------------------------ 3. bodyweight suggestions speak of reps


def _bodyweight_session(fail: bool):
    import datetime as dt

    from gymtimer.core.records import SessionRecord

    preset = find_preset("Bodyweight hip thrust")
    workout = Workout(preset.plan, preset_name=preset.name, preset_id=preset.id, variation=preset.variation)
    workout.start(0.0)
    if fail:
        workout.advance(5.5)
        workout.abandon(20.0)
    else:
        workout.advance(10_000.0)
    return preset, SessionRecord(id="s", started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), app_version="t",
                                 exercises=[workout.record])


@pytest.mark.parametrize("fail", [False, True])
def test_bodyweight_suggestions_speak_of_reps_not_of_0_kg(fail):
    from gymtimer.core.progression import SuggestionKind, suggest

    preset, session = _bodyweight_session(fail)
    (suggestion,) = suggest(preset, [session])
    assert "0 kg" not in suggestion.reason and "12 reps" in suggestion.reason, suggestion.reason
    assert suggestion.load == 0.0
    assert suggestion.kind is (SuggestionKind.KEEP_LOAD if fail else SuggestionKind.ADD_REPS)


def test_undo_after_coming_back_to_a_side_takes_back_that_sides_last_rep():
    plan = _eccentric()
    workout = Workout(plan)
    workout.start(0.0)
    rep = plan.tempo.rep_seconds
    t = plan.lead_in + 3 * rep + 0.5
    workout.switch_side(t, Side.LEFT)
    t += plan.switch_pause + 6 * rep + plan.switch_pause + rep + 0.5  # six left, then one more right
    workout.advance(t)
    assert workout.status(t).counts == {Side.RIGHT: 4, Side.LEFT: 6}
    workout.undo(t)
    assert workout.status(t).counts == {Side.RIGHT: 3, Side.LEFT: 6}


def test_esc_on_the_other_side_before_coming_back_marks_the_side_left_short():
    plan = _eccentric()
    workout = Workout(plan)
    workout.start(0.0)
    rep = plan.tempo.rep_seconds
    t = plan.lead_in + 3 * rep + 0.5
    workout.switch_side(t, Side.LEFT)
    t += plan.switch_pause + 2 * rep + 0.5
    workout.end_set(t)
    assert [(s.side, s.done(), s.ended_early) for s in workout.record.sets] == [
        (Side.RIGHT, 3, True), (Side.LEFT, 2, True)]


def test_the_status_owes_what_the_workout_comes_back_for_camera_misses_left_out():
    plan = _eccentric()  # six a side, from the right
    workout = Workout(plan, watched=True)
    workout.start(0.0)
    rep = plan.tempo.rep_seconds
    t = plan.lead_in + 3 * rep + 1.5
    workout.advance(t)
    workout.rep_not_seen(t)  # the camera saw none of the three right reps
    status = workout.status(t)
    assert status.counts[Side.RIGHT] == 0 and status.owed == {Side.RIGHT: 3, Side.LEFT: 6}
    workout.switch_side(t, Side.LEFT)
    while not workout.finished and t < 500:
        t += 0.25
        workout.advance(t)
    right = next(s for s in workout.record.sets if s.side is Side.RIGHT)
    assert right.paced_count == 6 and right.not_seen() == 6 - right.done() - right.failed()


def test_a_failed_rep_is_owed_again_only_when_the_plan_makes_it_up():
    for replace_failed, owed in ((True, 4), (False, 3)):
        plan = msgspec.structs.replace(_eccentric(), replace_failed=replace_failed)
        workout = Workout(plan)
        workout.start(0.0)
        rep = plan.tempo.rep_seconds
        workout.fail(plan.lead_in + 0.5)
        t = plan.lead_in + 3 * rep + 0.5
        workout.advance(t)
        assert workout.status(t).owed[Side.RIGHT] == owed, replace_failed


# ------------------------------------------------------------------ one word for how it ended


def _two_sets() -> Plan:
    return Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=2, reps=2, lead_in=0, rest=30)


def test_a_workout_run_to_its_end_is_done():
    workout = Workout(_two_sets())
    run_to_end(workout)
    assert workout.record.outcome == "done"


def test_esc_mid_set_and_esc_esc_between_sets_both_end_early():
    mid_set = Workout(_two_sets())
    mid_set.start(0.0)
    mid_set.advance(10.0 + 30.0 + 6.0)  # into the last set's second rep
    mid_set.end_set(46.0)  # the last set ends here, and with it the workout
    assert mid_set.finished and not mid_set.record.abandoned
    between = Workout(_two_sets())
    between.start(0.0)
    between.advance(15.0)  # resting after the first set
    between.abandon(15.0)
    assert [w.record.outcome for w in (mid_set, between)] == ["ended early", "ended early"]
