"""The workout state machine, run with a fake clock: exact timelines, actions, invariants."""

from __future__ import annotations

import copy
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import BUILTIN_PRESETS, find_preset
from gymtimer.core.tempo import REP_PHASES, Phase, Tempo
from gymtimer.core.workout import EventKind, Workout

K = EventKind


def run_to_end(workout: Workout, start: float = 0.0, step: float = 0.25, limit: float = 1e6):
    """Start ``workout`` at ``start`` and advance it in ``step`` increments until it finishes."""
    events = workout.start(start)
    now = start
    while not workout.finished:
        now += step
        assert now < start + limit, "workout never finished"
        events += workout.advance(now)
    return events


def phase_starts(events):
    return [(e.at, e.phase) for e in events if e.kind is K.PHASE_STARTED]


# ------------------------------------------------------------------ built-in presets, exactly


def test_barbell_3x5_squeeze_timeline_is_exact():
    preset = find_preset("Barbell hip thrust 3×5, 5 s squeeze")
    events = run_to_end(Workout(preset.plan))
    first_set = [(e.at, e.kind, e.phase, e.count) for e in events if e.at <= 45.0]
    expected = [
        (0.0, K.WORKOUT_STARTED, Phase.READY, 0),
        (0.0, K.PHASE_STARTED, Phase.LEAD_IN, 0),
        (2.0, K.TICK, Phase.LEAD_IN, 3),
        (3.0, K.TICK, Phase.LEAD_IN, 2),
        (4.0, K.TICK, Phase.LEAD_IN, 1),
        (5.0, K.SET_STARTED, Phase.LIFT, 0),
    ]
    for rep in range(5):  # lift 1 s, squeeze 5 s, lower 2 s: 8 s a rep
        t = 5.0 + 8.0 * rep
        expected += [
            (t, K.PHASE_STARTED, Phase.LIFT, 0),
            (t + 1, K.PHASE_STARTED, Phase.SQUEEZE, 0),
            (t + 6, K.PHASE_STARTED, Phase.LOWER, 0),
            (t + 7, K.TICK, Phase.LOWER, 1),
            (t + 8, K.REP_COUNTED, Phase.LOWER, 0),
        ]
    expected += [
        (45.0, K.SET_FINISHED, Phase.LOWER, 0),
        (45.0, K.REST_STARTED, Phase.REST, 0),
        (45.0, K.PHASE_STARTED, Phase.REST, 0),
    ]
    assert first_set == expected
    rest = [(e.at, e.kind, e.count) for e in events if 45.0 < e.at <= 165.0]
    assert rest == [
        (155.0, K.REST_ENDING_SOON, 10),
        (162.0, K.TICK, 3), (163.0, K.TICK, 2), (164.0, K.TICK, 1),
        (165.0, K.REST_FINISHED, 0),
        (165.0, K.SET_STARTED, 0),  # the rest's 3-2-1 leads into the lift: no second lead-in
        (165.0, K.PHASE_STARTED, 0),
    ]
    counted = [e for e in events if e.kind is K.REP_COUNTED]
    assert [e.reps_done for e in counted] == [1, 2, 3, 4, 5] * 3
    assert [e.set_number for e in counted] == [1] * 5 + [2] * 5 + [3] * 5
    # one lead-in of 5 s, 3 sets of 40 s (5 reps) and two rests of 120 s
    assert events[-1].kind is K.WORKOUT_FINISHED and events[-1].at == 5.0 + 3 * 40.0 + 2 * 120.0


def test_eccentric_single_leg_counts_six_left_then_six_right_each_set():
    preset = find_preset("Eccentric single-leg hip thrust")
    workout = Workout(preset.plan)
    events = run_to_end(workout)
    counted = [(e.set_number, e.side, e.reps_done) for e in events if e.kind is K.REP_COUNTED]
    one_set = [(Side.LEFT, n) for n in range(1, 7)] + [(Side.RIGHT, n) for n in range(1, 7)]
    assert counted == [(s, side, n) for s in (1, 2, 3) for side, n in one_set]
    switches = [(e.at, e.side) for e in events if e.kind is K.SIDE_SWITCHED]
    # lead-in 5 s, 6 reps of 5 s (lift 1, pause 1, lower 3), then the switch to the right leg
    assert switches[0] == (35.0, Side.RIGHT)
    lower_ticks = [e.count for e in events if e.kind is K.TICK and e.phase is Phase.LOWER]
    assert lower_ticks == [2, 1] * 36, "a 3 s lowering is felt as its start and two ticks"
    assert workout.record.done(Side.LEFT) == workout.record.done(Side.RIGHT) == 18
    assert [(s.number, s.side, s.done()) for s in workout.record.sets] == [
        (n, side, 6) for n in (1, 2, 3) for side in (Side.LEFT, Side.RIGHT)
    ]


def test_staggered_stance_switch_pause_sits_between_the_legs():
    preset = find_preset("Staggered-stance hip thrust")
    events = run_to_end(Workout(preset.plan))
    starts = phase_starts(events)
    switch_index = next(i for i, (_, phase) in enumerate(starts) if phase is Phase.SWITCH)
    at, _ = starts[switch_index]
    # lead-in 5 s + 6 reps × (1 + 1 + 2) s = 29 s; the pause lasts 10 s
    assert at == 29.0
    assert starts[switch_index + 1] == (39.0, Phase.LIFT)
    assert sum(1 for e in events if e.kind is K.REP_COUNTED) == 3 * 2 * 6


def test_bodyweight_preset_runs_three_sets_of_twelve_with_both_legs():
    preset = find_preset("Bodyweight hip thrust")
    workout = Workout(preset.plan)
    events = run_to_end(workout)
    assert {e.side for e in events if e.kind is K.REP_COUNTED} == {Side.BOTH}
    assert workout.record.done() == 36
    assert [s.rest_after for s in workout.record.sets] == [60.0, 60.0, None]


@pytest.mark.parametrize("preset", BUILTIN_PRESETS, ids=lambda p: p.name)
def test_every_builtin_records_phase_times_that_match_its_tempo(preset):
    workout = Workout(preset.plan)
    run_to_end(workout)
    tempo = preset.plan.tempo
    for rep in workout.record.all_reps():
        assert rep.phase_seconds(Phase.LIFT) == pytest.approx(tempo.lift)
        assert rep.phase_seconds(Phase.LOWER) == pytest.approx(tempo.lower)
        assert rep.tension_seconds == pytest.approx(tempo.tension_seconds)


# ------------------------------------------------------------------ the timeline ignores how often it is asked


def _short_plan(laterality=Laterality.PER_LEG, bottom=0.5):
    return Plan(tempo=Tempo(lift=0.5, squeeze=1.0, lower=2.5, bottom=bottom), sets=2, reps=3,
                laterality=laterality, lead_in=3, switch_pause=2, rest=12)


def _timeline(events):
    return [(e.kind, e.at, e.phase, e.side, e.set_number, e.reps_done, e.count) for e in events]


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(st.floats(min_value=0.001, max_value=5.0), min_size=1, max_size=40),
    laterality=st.sampled_from(list(Laterality)),
    bottom=st.sampled_from([0.0, 0.5]),
)
def test_advancing_often_or_rarely_gives_the_same_timeline(steps, laterality, bottom):
    fine = Workout(_short_plan(laterality, bottom), origin=100.0)
    coarse = Workout(_short_plan(laterality, bottom), origin=100.0)
    fine_events = fine.start(100.0)
    coarse_events = coarse.start(100.0)
    now = 100.0
    for step in steps:
        target = now + step
        while now < target:  # the fine one is asked every millisecond
            now = min(target, now + 0.001)
            fine_events += fine.advance(now)
        coarse_events += coarse.advance(target)
    assert _timeline(fine_events) == _timeline(coarse_events)


@settings(max_examples=40, deadline=None)
@given(
    actions=st.lists(
        st.tuples(st.floats(min_value=0.01, max_value=8.0),
                  st.sampled_from(["pause", "resume", "undo", "fail", "skip", "adjust_rest", "end_set"])),
        max_size=15),
    poll=st.floats(min_value=0.001, max_value=5.0),
)
def test_lifter_actions_give_the_same_timeline_however_often_the_clock_is_read(actions, poll):
    """With the same actions at the same moments, polling rate never changes what happens."""
    def play(poll_step):
        workout = Workout(_short_plan(), origin=0.0)
        events = workout.start(0.0)
        now = 0.0
        for gap, action in actions:
            target = now + gap
            while now + poll_step < target:
                now += poll_step
                events += workout.advance(now)
            now = target
            events += getattr(workout, action)(now)
        return _timeline(events)

    assert play(poll) == play(7.0)


# ------------------------------------------------------------------ actions


def test_pause_freezes_the_rep_and_resume_carries_on_exactly():
    plan = _short_plan(Laterality.BOTH, bottom=0.0)
    plain = run_to_end(Workout(plan))
    workout = Workout(plan)
    events = workout.start(0.0)
    events += workout.advance(4.0)  # lead-in 3 s, then 1 s into the first rep (squeeze)
    assert workout.phase is Phase.SQUEEZE
    events += workout.pause(4.0)
    assert workout.advance(50.0) == []
    assert workout.status(50.0).phase_elapsed == pytest.approx(0.5)
    events += workout.resume(64.0)  # paused for 60 s
    now = 64.0
    while not workout.finished:
        now += 0.5
        events += workout.advance(now)
    shifted = [(k, at + (60.0 if at > 4.0 else 0.0)) for k, at, *_ in _timeline(plain)]
    mine = [(k, at) for k, at, *_ in _timeline(events) if k not in (K.PAUSED, K.RESUMED)]
    assert mine == shifted


def test_undo_takes_back_a_rep_and_the_set_runs_one_rep_longer():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=3, lead_in=0)
    workout = Workout(plan)
    events = workout.start(0.0) + workout.advance(4.0)
    assert workout.record.done() == 1
    events += workout.undo(5.0)
    assert events[-1].kind is K.REP_UNDONE and events[-1].reps_done == 0
    assert workout.status(5.0).counts[Side.BOTH] == 0
    events += workout.advance(100.0)
    assert workout.finished and workout.record.done() == 3
    assert events[-1].at == 16.0, "four 4-second reps: one was undone"


def test_failed_rep_in_progress_does_not_count_and_the_set_goes_on():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=2, lead_in=0)
    workout = Workout(plan)
    workout.start(0.0)
    events = workout.fail(0.5)  # in the first lift
    assert [e.kind for e in events] == [K.REP_FAILED]
    assert workout.fail(0.7) == [], "failing the same rep twice changes nothing"
    workout.advance(100.0)
    reps = workout.record.sets[0].reps
    assert [r.failed for r in reps] == [True, False, False]
    assert workout.record.done() == 2 and workout.record.failed() == 1


def test_failing_between_reps_marks_the_last_counted_rep():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=1), sets=1, reps=3, lead_in=0)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(4.5)  # bottom pause after rep 1
    assert workout.phase is Phase.BOTTOM
    workout.fail(4.5)
    assert [r.failed for r in workout.record.sets[0].reps] == [True]


def test_end_set_early_drops_the_rep_in_progress_and_starts_the_rest():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=2, reps=5, lead_in=0, rest=30)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(9.0)  # two reps done, third in its squeeze
    events = workout.end_set(9.0)
    assert [e.kind for e in events] == [K.SET_FINISHED, K.REST_STARTED, K.PHASE_STARTED]
    assert events[0].early
    assert workout.phase is Phase.REST
    assert workout.record.sets[0].done() == 2 and workout.record.sets[0].ended_early


def test_skip_rest_starts_the_lead_in_at_once_and_records_the_rest_taken():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=2, reps=1, lead_in=3, rest=60)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(7.0)  # lead-in 3 + one 4 s rep: rest began at 7
    events = workout.skip(20.0)
    assert [e.kind for e in events][:2] == [K.REST_FINISHED, K.PHASE_STARTED]
    assert workout.phase is Phase.LEAD_IN
    assert workout.record.sets[0].rest_after == 13.0


def test_rest_plus_and_minus_fifteen_seconds_move_the_end_of_the_rest():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=2, reps=1, lead_in=0, rest=60)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(4.0)
    workout.adjust_rest(5.0, +15)
    assert workout.next_wakeup(5.0) == 4.0 + 75.0 - 10.0, "the 10-second warning moved too"
    workout.adjust_rest(6.0, -15)
    workout.adjust_rest(6.0, -15)
    assert workout.status(6.0).phase_length == 45.0
    events = workout.adjust_rest(50.0, -15)  # would end before now: the rest ends now
    assert K.REST_FINISHED in [e.kind for e in events]


def test_switching_side_by_hand_mid_set_moves_to_the_other_leg():
    preset = find_preset("Eccentric single-leg hip thrust")
    workout = Workout(preset.plan)
    workout.start(0.0)
    workout.advance(16.0)  # lead-in 5, two reps of 5 s done, third in progress
    events = workout.switch_side(16.0, Side.RIGHT)
    assert [e.kind for e in events] == [K.SIDE_SWITCHED, K.PHASE_STARTED]
    assert workout.phase is Phase.SWITCH
    workout.advance(21.0)
    assert workout.side is Side.RIGHT
    assert workout.switch_side(21.5, Side.RIGHT) == [], "already on the right"
    workout.advance(21.0 + 6 * 5.0 + 0.5)  # six right reps
    assert workout.phase is Phase.SWITCH and workout.status(51.5).next_side is Side.LEFT, "back for four left reps"
    workout.advance(51.5 + 5.0 + 4 * 5.0)
    assert workout.record.sets[0].done(Side.LEFT) == 6 and not workout.record.sets[0].ended_early
    assert workout.phase is Phase.REST


def test_choosing_the_starting_leg_before_the_set():
    preset = find_preset("Eccentric single-leg hip thrust")
    workout = Workout(preset.plan)
    workout.switch_side(0.0, Side.RIGHT)
    workout.start(0.0)
    workout.advance(6.0)
    assert workout.side is Side.RIGHT


def test_alternating_legs_take_turns_and_each_reaches_its_target():
    plan = Plan(tempo=Tempo(lift=1, squeeze=0, lower=1, bottom=0), sets=1, reps=3,
                laterality=Laterality.ALTERNATING, lead_in=0)
    workout = Workout(plan)
    events = run_to_end(workout)
    sides = [e.side for e in events if e.kind is K.REP_COUNTED]
    assert sides == [Side.LEFT, Side.RIGHT] * 3


def test_abandon_keeps_what_was_lifted():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=3, reps=5, lead_in=0)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(10.0)
    events = workout.abandon(10.0)
    assert events[-1].kind is K.WORKOUT_FINISHED and events[-1].early
    assert workout.finished and workout.record.abandoned and workout.record.done() == 2


def test_forecast_predicts_without_changing_the_workout():
    plan = _short_plan()
    workout = Workout(plan)
    workout.start(0.0)
    predicted = workout.forecast(0.0, 5.0)
    assert workout.phase is Phase.LEAD_IN
    actual = workout.advance(5.0)
    assert _timeline(predicted) == _timeline(actual)
    workout.pause(5.0)
    assert workout.forecast(5.0, 5.0) == []


def test_a_forecast_past_the_hold_leaves_a_followed_rep_as_it_was():
    """Following, the forecast runs the hold to its end (the prompt to lower) on a shadow machine: the
    workout itself is still in its hold, and then prompts the lowering exactly as forecast."""
    plan = Plan(tempo=Tempo(lift=1, squeeze=2, lower=3, bottom=0), sets=1, reps=1, lead_in=0, rest=0)
    workout = Workout(plan, watched=True, follow=True)
    workout.start(0.0)
    workout.phase_seen(5.0, Phase.LIFT, 4.8)
    workout.phase_seen(6.0, Phase.SQUEEZE, 5.9)
    predicted = workout.forecast(6.0, 5.0)
    assert [(e.kind, e.phase, e.at) for e in predicted][:1] == [(K.PHASE_STARTED, Phase.LOWER, 7.9)]
    assert workout.phase is Phase.SQUEEZE and workout.following and workout.next_wakeup(6.0) == 7.9
    assert workout.advance(11.0) == predicted
    assert workout.phase is Phase.LOWER and workout.next_wakeup(11.0) is None  # the lowering waits for the rep


def test_a_lowering_seen_again_re_dates_the_lowering_with_no_second_cue():
    """Following, the camera took a lifter settling at the lockout (8.0) for the lowering and then saw the real
    one (begun 9.3, seen at 9.85): one lowering cue, at 8.0; the rep's lowering and its ticks from 9.3."""
    plan = Plan(tempo=Tempo(lift=1, squeeze=3, lower=2, bottom=0), sets=1, reps=2, lead_in=0, rest=0)
    workout = Workout(plan, watched=True, follow=True)
    events = workout.start(0.0)
    events += workout.phase_seen(6.7, Phase.LIFT, 6.4)
    events += workout.phase_seen(7.5, Phase.SQUEEZE, 7.3)
    events += workout.phase_seen(8.0, Phase.LOWER, 7.74)
    t = 8.0
    while t < 9.85:
        t = round(t + 0.05, 2)
        events += workout.advance(t)
    events += workout.phase_seen(9.85, Phase.LOWER, 9.3)
    while t < 11.0:
        t = round(t + 0.05, 2)
        events += workout.advance(t)
    lowering = [e.at for e in events if e.kind is K.PHASE_STARTED and e.phase is Phase.LOWER]
    assert lowering == [8.0]
    assert workout._rep is not None and workout._rep.phases[Phase.LOWER] == pytest.approx(9.3)
    assert [e.at for e in events if e.kind is K.TICK and e.at > 9.85] == [pytest.approx(10.3)]


# ------------------------------------------------------------------ a long, messy workout


def test_eight_hour_workout_with_random_pauses_and_actions_ends_with_exact_counts():
    rng = random.Random(20261121)
    plan = Plan(tempo=Tempo(lift=1, squeeze=2, lower=3, bottom=0.5), sets=20, reps=12,
                laterality=Laterality.PER_LEG, lead_in=10, switch_pause=10, rest=1500)
    workout = Workout(plan, origin=5000.0)
    events = workout.start(5000.0)
    now = 5000.0
    while not workout.finished:
        now += rng.uniform(0.01, 3.0)
        roll = rng.random()
        events += workout.advance(now)
        # Undo and fail only touch the set in progress, which then runs on until its target.
        in_set = workout.phase in REP_PHASES and workout.record.sets[-1].reps
        if workout.paused:
            events += workout.resume(now) if roll < 0.3 else []
        elif roll < 0.01:
            events += workout.pause(now)
        elif roll < 0.03 and in_set:
            events += workout.undo(now)
        elif roll < 0.05 and in_set:
            events += workout.fail(now)
    assert now - 5000.0 > 8 * 3600, "the simulated workout lasts over eight hours"
    kinds = [e.kind for e in events]
    assert min(kinds.count(K.PAUSED), kinds.count(K.REP_UNDONE), kinds.count(K.REP_FAILED)) >= 20
    record = workout.record
    assert [(s.number, s.side, s.done()) for s in record.sets] == [
        (n, side, 12) for n in range(1, 21) for side in (Side.LEFT, Side.RIGHT)
    ]
    assert record.done(Side.LEFT) == record.done(Side.RIGHT) == 240
    assert record.failed() == sum(1 for rep in record.all_reps() if rep.failed) > 0
    times = [e.at for e in events]
    assert times == sorted(times), "events come in time order"


# ------------------------------------------------------------------ corrections at the edges


def test_f_then_backspace_takes_back_the_failed_mark_not_an_earlier_rep():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=3, lead_in=0)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(8.5)  # two reps counted, the third in its lift
    workout.fail(8.5)
    events = workout.undo(8.6)
    assert [e.kind for e in events] == [K.REP_UNDONE]
    workout.advance(100.0)
    assert [r.failed for r in workout.record.sets[0].reps] == [False, False, False]


def test_undo_and_fail_touch_only_the_set_on_screen():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=2, reps=2, lead_in=3, rest=0)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(11.5)  # set 1 done at 11 s, set 2's lead-in under way
    assert workout.phase is Phase.LEAD_IN and workout.set_number == 2
    assert workout.undo(11.5) == [] and workout.fail(11.6) == []
    assert workout.record.sets[0].done() == 2, "set 1 is as it was lifted"


def test_between_sets_the_rest_corrects_the_set_just_done():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=2, reps=2, lead_in=0, rest=60)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(9.0)
    assert workout.phase is Phase.REST
    events = workout.fail(9.0)
    assert events[-1].kind is K.REP_FAILED and events[-1].set_number == 1
    assert workout.record.sets[0].done() == 1


def test_esc_while_paused_mid_set_ends_the_set():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=2, reps=5, lead_in=0, rest=30)
    workout = Workout(plan)
    workout.start(0.0)
    workout.pause(9.0)
    events = workout.end_set(50.0)
    assert K.SET_FINISHED in [e.kind for e in events] and workout.phase is Phase.REST
    assert not workout.paused and workout.record.sets[0].done() == 2


def test_nothing_changes_a_finished_workout():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=1, lead_in=0)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(10.0)
    assert workout.finished
    assert workout.undo(11.0) == [] and workout.fail(11.0) == []
    assert workout.record.done() == 1


def test_alternating_a_leg_at_its_target_cannot_be_forced_again():
    plan = Plan(tempo=Tempo(lift=1, squeeze=0, lower=1, bottom=1), sets=1, reps=2,
                laterality=Laterality.ALTERNATING, lead_in=0)
    workout = Workout(plan)
    events = workout.start(0.0)
    now = 0.0
    while not workout.finished:
        now += 0.25
        events += workout.advance(now)
        if workout.phase is Phase.BOTTOM:
            events += workout.switch_side(now, Side.LEFT)
    assert workout.record.done(Side.LEFT) == 2 and workout.record.done(Side.RIGHT) == 2


def test_alternating_naming_the_other_leg_mid_rep_moves_that_rep():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=2,
                laterality=Laterality.ALTERNATING, lead_in=0)
    workout = Workout(plan)
    workout.start(0.0)
    workout.advance(0.5)
    assert workout.side is Side.LEFT
    events = workout.switch_side(0.5, Side.RIGHT)
    assert [(e.kind, e.side) for e in events] == [(K.SIDE_SWITCHED, Side.RIGHT)]
    assert workout.side is Side.RIGHT
    workout.advance(4.0)
    assert workout.record.sets[0].reps[0].side is Side.RIGHT


@settings(max_examples=40, deadline=None)
@given(
    laterality=st.sampled_from(list(Laterality)),
    moments=st.lists(st.floats(min_value=0.0, max_value=80.0), min_size=1, max_size=8),
    horizon=st.floats(min_value=0.1, max_value=20.0),
)
def test_a_forecast_is_exactly_what_then_happens(laterality, moments, horizon):
    workout = Workout(_short_plan(laterality), origin=0.0)
    workout.start(0.0)
    for now in sorted(moments):
        workout.advance(now)
        if workout.finished:
            break
        predicted = workout.forecast(now, horizon)
        twin = copy.deepcopy(workout)
        assert _timeline(predicted) == _timeline(twin.advance(now + horizon))
