"""The live coach end to end with a fake clock: the camera's events counted into the workout's records.

The watcher is not run here: its events are scripted as it would emit them
(a rep's measurement about 0.3 s after its lowering ends), on a clock that
does not start at zero, so the session clock's conversion is checked too.
"""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymtimer.core.camera_events import (
    CameraEvent,
    CameraOpened,
    CameraState,
    Finished,
    Height,
    PhaseSeen,
    RepSeen,
    State,
    Still,
)
from gymtimer.core.coach import PACING_ONLY, WORDS_SECONDS, Coach
from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.workout import SEEN_GRACE_SECONDS, EventKind, Workout

K = EventKind
ORIGIN = 1000.0  # the workout's clock (monotonic) when the session began
LATENCY = 0.3  # a rep's measurement comes this long after its lowering ends


def _plan(reps: int = 5, replace_failed: bool = False, sets: int = 1, squeeze: float = 1.0) -> Plan:
    return Plan(tempo=Tempo(lift=1, squeeze=squeeze, lower=3, bottom=0), sets=sets, reps=reps, lead_in=0,
                rest=30, replace_failed=replace_failed)


def _seen(start: float, lower: float = 2.9, complete: bool = True, range_: float = 40.0) -> MeasuredRep:
    return MeasuredRep(start=start, lift=1.0, top=1.0, lower=lower, bottom=None, range=range_, complete=complete)


def _run(coach: Coach, script: list[tuple[float, CameraEvent]], until: float, step: float = 0.05) -> list:
    """Play ``script`` (time, event) on a fake clock, ticking the coach and the workout every ``step``."""
    workout = coach.workout
    events = workout.start(ORIGIN)
    script = sorted(script, key=lambda item: item[0])
    now = ORIGIN
    while now < ORIGIN + until:
        now = round(now + step, 6)
        while script and script[0][0] <= now:
            at, event = script.pop(0)
            events += coach.on_live(at, event)
        events += coach.tick(now)
        events += workout.advance(now)
    return events


def _paced_script() -> list[tuple[float, CameraEvent]]:
    """Rep k paced over [5k, 5k+5) s: rep 2 lowered too fast, rep 4 short, rep 5 not seen."""
    script: list[tuple[float, CameraEvent]] = [(ORIGIN, CameraState(ORIGIN, State.SEEING, ""))]
    for k, (lower, complete) in enumerate([(2.9, True), (1.5, True), (2.9, True), (2.8, False)]):
        rep = _seen(ORIGIN + 5 * k + 0.1, lower=lower, complete=complete)
        script.append((rep.lowering_ends + LATENCY, RepSeen(rep, k + 1, rep.lowering_ends + LATENCY)))
    return script


def test_pacing_with_the_camera_the_count_is_the_reps_seen():
    workout = Workout(_plan(), origin=ORIGIN)
    coach = Coach(workout, planned_lower=3.0)
    events = _run(coach, _paced_script(), until=40.0)
    (record,) = workout.record.sets
    assert record.watched
    assert (record.paced_count, record.seen_count, record.done(), record.failed()) == (5, 4, 3, 1)
    assert [rep.not_seen for rep in record.reps] == [False] * 4 + [True]
    assert [rep.failed for rep in record.reps] == [False, False, False, True, False]
    # The measurement is kept on the session's clock, beside the paced phases.
    assert record.reps[0].seen.start == pytest.approx(0.1)
    assert record.reps[1].seen.lower == 1.5
    assert record.volume == 0.0 and workout.record.done() == 3
    assert record.reps[4].tension_seconds == 0.0  # not seen: not time under tension either
    kinds = [(e.kind, e.reps_done) for e in events if e.kind in (K.REP_FAILED, K.REP_NOT_SEEN)]
    assert kinds == [(K.REP_FAILED, 3), (K.REP_NOT_SEEN, 3)]
    # The count rises when a rep is seen, never at the metronome's end of it: rep 2, lowered fast, was
    # seen before its paced lowering ended and counted then.
    counted = [(round(e.at - ORIGIN, 1), e.reps_done) for e in events if e.kind is K.REP_COUNTED]
    assert counted == [(5.3, 1), (8.9, 2), (15.3, 3)]
    assert record.reps[1].seen.lowering_ends < record.reps[1].ended
    not_seen = next(e for e in events if e.kind is K.REP_NOT_SEEN)
    assert not_seen.at == pytest.approx(ORIGIN + 25 + SEEN_GRACE_SECONDS, abs=0.06)


def test_the_words_after_a_rep_stay_a_few_seconds():
    workout = Workout(_plan(), origin=ORIGIN)
    coach = Coach(workout, planned_lower=3.0)
    _run(coach, _paced_script()[:3], until=12.0)
    shown = coach.words(ORIGIN + 9.0)
    assert shown is not None and shown.number == 2
    assert (shown.words.lowered, shown.words.verdict) == ("LOWERED 1.5 s", "SLOWER")
    assert coach.words(shown.at + WORDS_SECONDS + 0.01) is None


def test_a_short_rep_seen_mid_set_is_made_up_when_the_plan_replaces_failed_reps():
    workout = Workout(_plan(reps=3, replace_failed=True), origin=ORIGIN)
    coach = Coach(workout, planned_lower=3.0)
    script = [(ORIGIN, CameraState(ORIGIN, State.SEEING, ""))]
    for k, complete in enumerate([True, False, True, True]):
        rep = _seen(ORIGIN + 5 * k + 0.1, complete=complete)
        script.append((rep.lowering_ends + LATENCY, RepSeen(rep, k + 1, rep.lowering_ends + LATENCY)))
    _run(coach, script, until=30.0)
    (record,) = workout.record.sets
    assert (record.paced_count, record.seen_count, record.done(), record.failed()) == (4, 4, 3, 1)


def test_not_seen_reps_are_not_made_up():
    workout = Workout(_plan(reps=3, replace_failed=True), origin=ORIGIN)
    coach = Coach(workout, planned_lower=3.0)
    _run(coach, [(ORIGIN, CameraState(ORIGIN, State.SEEING, ""))], until=30.0)
    (record,) = workout.record.sets
    assert (record.paced_count, record.seen_count, record.done(), record.not_seen()) == (3, 0, 0, 3)
    assert workout.finished


def test_camera_lost_mid_set_the_reps_from_then_count_as_paced():
    workout = Workout(_plan(), origin=ORIGIN)
    coach = Coach(workout, planned_lower=3.0)
    script = [*_paced_script()[:2], (ORIGIN + 6.0, CameraState(ORIGIN + 6.0, State.LOST, "")), (ORIGIN + 17.0, CameraState(ORIGIN + 17.0, State.SEEING, ""))]
    _run(coach, script, until=40.0)
    assert coach.notice is None
    (record,) = workout.record.sets
    # Rep 1 seen; the camera was away for most of reps 2 and 3 (counted as paced, and said so); reps 4
    # and 5 it watched for most of their time, and saw nothing: not seen.
    assert [rep.seen is not None for rep in record.reps] == [True, False, False, False, False]
    assert [rep.camera_away for rep in record.reps] == [False, True, True, False, False]
    assert [rep.not_seen for rep in record.reps] == [False, False, False, True, True]
    assert record.done() == 3 and record.away() == 2


def test_the_notice_says_pacing_only_while_the_camera_is_lost():
    workout = Workout(_plan(), origin=ORIGIN, watched=True)
    coach = Coach(workout, planned_lower=3.0)
    workout.start(ORIGIN)
    coach.on_live(ORIGIN + 1, CameraState(ORIGIN + 1, State.LOST, ""))
    assert coach.notice == PACING_ONLY and not workout.watched
    coach.on_live(ORIGIN + 2, CameraState(ORIGIN + 2, State.SEEING, ""))
    assert coach.notice is None and workout.watched


def test_the_coach_hears_every_event_the_camera_reports_and_keeps_why_it_was_lost():
    """One dispatch over the whole union: what says nothing to the workout changes nothing, pacing or following."""
    for follow in (False, True):
        workout = Workout(_plan(), origin=ORIGIN, watched=True, follow=follow)
        coach = Coach(workout, planned_lower=3.0, follow=follow)
        workout.start(ORIGIN)
        lost = CameraState(ORIGIN + 1, State.LOST, "Camera not available", "unplugged?")
        coach.on_live(ORIGIN + 1, lost)  # following, the metronome takes the rep over
        assert coach.camera is lost and coach.camera.detail == "unplugged?"
        quiet: list[CameraEvent] = [CameraOpened(True), Height(ORIGIN + 1.1, 12.0, 0.2),
                                    Finished(ORIGIN + 1.2, []), CameraState(ORIGIN + 1.3, State.TOO_DARK, "dark"),
                                    PhaseSeen(Phase.BOTTOM, ORIGIN + 1.4), Still(ORIGIN + 1.5, 1.0)]
        for event in quiet:
            assert coach.on_live(ORIGIN + 1.5, event) == [], event
        assert coach.notice == PACING_ONLY and not workout.watched, "only 'seeing' brings the camera back"
        assert coach.camera is quiet[3] and coach.shown is None


def test_a_rep_undone_stays_undone_when_its_measurement_comes_late():
    workout = Workout(_plan(reps=3), origin=ORIGIN, watched=True)
    coach = Coach(workout, planned_lower=3.0)
    workout.start(ORIGIN)
    workout.advance(ORIGIN + 5.0)
    undone = workout.undo(ORIGIN + 5.1)
    assert [e.kind for e in undone] == [K.REP_UNDONE]
    rep = _seen(ORIGIN + 0.1, complete=False)
    assert coach.on_live(ORIGIN + 5.3, RepSeen(rep, 1, ORIGIN + 5.3)) == []
    assert workout.record.sets[0].reps == []
    assert workout._rep is not None and workout._rep.seen is None  # not put on the rep in progress


def test_f_on_a_seen_rep_and_a_seen_rep_after_f_stay_failed():
    workout = Workout(_plan(reps=3), origin=ORIGIN, watched=True)
    coach = Coach(workout, planned_lower=3.0)
    workout.start(ORIGIN)
    workout.fail(ORIGIN + 4.0)  # the lifter says rep 1 failed
    workout.advance(ORIGIN + 5.0)
    coach.on_live(ORIGIN + 5.3, RepSeen(_seen(ORIGIN + 0.1), 1, ORIGIN + 5.3))
    rep = workout.record.sets[0].reps[0]
    assert rep.failed and rep.seen is not None and not rep.not_seen


# ------------------------------------------------------------------ following the lifter


def _followed_rep(start: float, lift: float = 1.2, hold: float = 1.0, lower: float = 3.0, late_lower: float = 0.0,
                  complete: bool = True) -> list[tuple[float, CameraEvent]]:
    """One rep as the watcher reports it: each phase seen a moment after it began, then the rep."""
    top = start + lift
    lowering = top + hold + late_lower
    rep = MeasuredRep(start=start, lift=lift, top=hold + late_lower, lower=lower, bottom=None,
                      range=40.0 if complete else 20.0, complete=complete)
    ends = rep.lowering_ends
    return [(start + 0.15, PhaseSeen(Phase.LIFT, start, 0.15)), (top + 0.2, PhaseSeen(Phase.SQUEEZE, top, 0.2)),
            (lowering + 0.15, PhaseSeen(Phase.LOWER, lowering, 0.15)), (ends + LATENCY, RepSeen(rep, 0, ends))]


def _follow_script() -> list[tuple[float, CameraEvent]]:
    """Five reps at the lifter's pace: rep 2 lowered fast, rep 3 after a long rest at the bottom, rep 4 short,
    rep 5 lowered a second after the hold's end."""
    script: list[tuple[float, CameraEvent]] = [(ORIGIN, CameraState(ORIGIN, State.SEEING, ""))]
    script += _followed_rep(ORIGIN + 1.0)
    script += _followed_rep(ORIGIN + 8.0, lower=1.5)
    script += _followed_rep(ORIGIN + 20.0)
    script += _followed_rep(ORIGIN + 27.0, complete=False)
    script += _followed_rep(ORIGIN + 34.0, late_lower=1.0)
    return script


def test_following_the_lifter_the_phases_start_when_seen_and_the_set_ends_at_target():
    workout = Workout(_plan(), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    events = _run(coach, _follow_script(), until=50.0)
    (record,) = workout.record.sets
    assert (record.paced_count, record.seen_count, record.done(), record.failed()) == (5, 5, 4, 1)
    starts = [(round(e.at - ORIGIN, 2), e.phase) for e in events if e.kind is K.PHASE_STARTED]
    # Rep 1: the cues when each phase was seen; the records and the hold from when it really began.
    assert starts[:4] == [(0.0, Phase.BOTTOM), (1.15, Phase.LIFT), (2.4, Phase.SQUEEZE), (3.2, Phase.LOWER)]
    assert record.reps[0].phases == pytest.approx({Phase.LIFT: 1.0, Phase.SQUEEZE: 2.2, Phase.LOWER: 3.2})
    # The lifter rested 8 s at the bottom before rep 3: no lift cue until the lift was seen.
    assert (20.15, Phase.LIFT) in starts and not any(11.5 < at < 20.15 and p is Phase.LIFT for at, p in starts)
    # Rep 5: the hold (from the real top, 35.2) ended at 36.2 and prompted the lowering; the lifter
    # lowered at 37.2 (seen at 37.35): no second cue, and the ticks count from 37.2.
    assert [at for at, p in starts if p is Phase.LOWER and 36 < at < 41] == [36.2]
    assert record.reps[4].phases[Phase.LOWER] == pytest.approx(37.2)
    ticks = [round(e.at - ORIGIN, 2) for e in events if e.kind is K.TICK and 36 < e.at - ORIGIN < 41]
    assert ticks == [37.2, 38.2, 39.2]  # the first a second after the prompt, then from the real lowering
    assert [e.kind for e in events][-2:] == [K.SET_FINISHED, K.WORKOUT_FINISHED]


def test_following_a_rep_never_seen_to_its_end_is_not_seen_and_stillness_ends_the_set():
    """The follow-mode twin of the paced set: rep 2 fast, rep 4 short, rep 5's end never seen, then a rack."""
    workout = Workout(_plan(), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    script = _follow_script()[:-1]  # rep 5: lift, squeeze and lowering seen, the rep not
    script.append((ORIGIN + 46.0, Still(ORIGIN + 46.0, 5.0)))
    events = _run(coach, script, until=50.0)  # racking announced at 46: the set ends at 49
    (record,) = workout.record.sets
    assert (record.paced_count, record.seen_count, record.done(), record.failed(), record.not_seen()) == (
        5, 4, 3, 1, 1)
    assert [(e.kind, e.reps_done) for e in events if e.kind in (K.REP_FAILED, K.REP_NOT_SEEN)] == [
        (K.REP_FAILED, 3), (K.REP_NOT_SEEN, 3)]
    assert workout.finished and record.ended_early and record.reps[4].tension_seconds == 0.0
    assert coach.words(ORIGIN + 33.0).words.verdict == "SHORT"


def test_following_hips_still_after_a_rep_racks_the_set_early():
    workout = Workout(_plan(sets=2), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    script = _followed_rep(ORIGIN + 1.0) + _followed_rep(ORIGIN + 8.0)
    script += [(ORIGIN + 12.0, Still(ORIGIN + 12.0, 3.0)), (ORIGIN + 20.0, Still(ORIGIN + 20.0, 5.0))]
    events = _run(coach, script, until=24.0)
    finished = [e for e in events if e.kind is K.SET_FINISHED]
    # Racking is announced first ("the set ends in 3…2…1", a tick each second); nobody moves: it ends.
    ticks = [(round(e.at - ORIGIN, 2), e.count) for e in events if e.kind is K.TICK and e.phase is Phase.BOTTOM]
    assert ticks == [(20.0, 3), (21.0, 2), (22.0, 1)]
    assert len(finished) == 1 and finished[0].early and finished[0].at == pytest.approx(ORIGIN + 23.0)
    assert workout.phase is Phase.REST
    assert workout.record.sets[0].done() == 2 and workout.record.sets[0].ended_early


def test_following_the_bottom_shows_no_countdown():
    from gymtimer.core.durations import countdown

    workout = Workout(_plan(), origin=ORIGIN, follow=True, watched=True)
    workout.start(ORIGIN)
    status = workout.status(ORIGIN + 30.0)
    assert status.phase is Phase.BOTTOM and status.progress == 0.0 and countdown(status.phase_remaining) == ""
    assert (status.next_phase, status.next_length) == (Phase.LIFT, 1.0)


def test_following_hips_still_before_the_first_rep_do_not_end_the_set():
    workout = Workout(_plan(), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    events = _run(coach, [(ORIGIN + 6.0, Still(ORIGIN + 6.0, 6.0))], until=8.0)
    assert not any(e.kind is K.SET_FINISHED for e in events)
    assert workout.phase is Phase.BOTTOM and workout.next_wakeup(ORIGIN + 8.0) is None
    assert workout.forecast(ORIGIN + 8.0, 60.0) == []  # an open bottom: nothing to forecast


def test_following_the_camera_lost_mid_rep_the_metronome_takes_over():
    workout = Workout(_plan(reps=3), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    script = [*_followed_rep(ORIGIN + 1.0)[:2], (ORIGIN + 3.0, CameraState(ORIGIN + 3.0, State.LOST, ""))]
    _run(coach, script, until=40.0)
    assert workout.finished and not workout.following
    (record,) = workout.record.sets
    assert record.done() == 3 and record.seen_count == 0 and record.not_seen() == 0


def test_following_pause_undo_and_fail_still_work():
    workout = Workout(_plan(reps=2), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    workout.start(ORIGIN)
    coach.on_live(ORIGIN + 1.0, PhaseSeen(Phase.LIFT, ORIGIN + 1.0))
    coach.on_live(ORIGIN + 2.0, PhaseSeen(Phase.SQUEEZE, ORIGIN + 2.0))
    workout.pause(ORIGIN + 2.5)
    assert workout.advance(ORIGIN + 30.0) == []
    workout.resume(ORIGIN + 32.5)
    events = workout.advance(ORIGIN + 33.0)  # the hold's last half second after the pause
    assert [e.phase for e in events if e.kind is K.PHASE_STARTED] == [Phase.LOWER]
    workout.fail(ORIGIN + 34.0)
    rep = _seen(ORIGIN + 1.0)
    coach.on_live(ORIGIN + 36.5, RepSeen(rep, 1, ORIGIN + 36.5))
    (record,) = workout.record.sets
    assert record.failed() == 1 and record.reps[0].pauses == {Phase.SQUEEZE: 30.0}
    undone = workout.undo(ORIGIN + 37.0)
    assert [e.kind for e in undone] == [K.REP_UNDONE] and record.reps == []


def test_following_a_rep_seen_whose_lift_was_missed_counts_all_the_same():
    workout = Workout(_plan(reps=2), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    workout.start(ORIGIN)
    rep = _seen(ORIGIN + 1.0)
    events = coach.on_live(ORIGIN + 6.3, RepSeen(rep, 1, ORIGIN + 6.3))
    assert [e.kind for e in events] == [K.REP_COUNTED, K.PHASE_STARTED]
    (record,) = workout.record.sets
    assert record.reps[0].phases[Phase.LIFT] == pytest.approx(1.0) and record.done() == 1


def test_following_alternating_legs_take_turns():
    plan = msgspec.structs.replace(_plan(reps=2), laterality=Laterality.ALTERNATING)
    workout = Workout(plan, origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    script = []
    for k in range(4):
        script += _followed_rep(ORIGIN + 1.0 + 7 * k)
    _run(coach, script, until=35.0)
    (record,) = workout.record.sets
    assert [rep.side.value for rep in record.reps] == ["left", "right", "left", "right"]
    assert workout.finished


_CAMERA = st.lists(
    st.tuples(st.floats(min_value=0.01, max_value=4.0),
              st.sampled_from(["lift", "squeeze", "lower", "rep", "rep_short", "still", "pause", "resume",
                               "undo", "fail", "lost", "seeing", "end_set", "skip", "abandon", "left", "right"])),
    max_size=25)


@settings(max_examples=80, deadline=None)
@given(script=_CAMERA, poll=st.floats(min_value=0.001, max_value=5.0),
       squeeze=st.sampled_from([0.0, 1.0]), laterality=st.sampled_from(list(Laterality)), follow=st.booleans())
def test_with_the_camera_polling_often_or_rarely_gives_the_same_timeline(script, poll, squeeze, laterality, follow):
    """Pacing or following, with the same camera events and actions at the same moments, the polling rate
    never changes a thing; and the forecast made before each event is exactly what then happens up to it."""

    def play(poll_step: float, check_forecast: bool):
        plan = msgspec.structs.replace(_plan(reps=3, sets=2, squeeze=squeeze), laterality=laterality, switch_pause=2)
        workout = Workout(plan, origin=ORIGIN, follow=follow, watched=True)
        events = workout.start(ORIGIN)
        now = ORIGIN
        for gap, action in script:
            target = now + gap
            forecast = workout.forecast(now, gap) if check_forecast else None
            before = len(events)
            while now + poll_step < target:
                now += poll_step
                events += workout.advance(now)
            now = target
            events += workout.advance(now)
            if forecast is not None:
                assert events[before:] == forecast
            events += _act(workout, now, action)
            events += workout.rep_not_seen(now)
            wake = workout.next_wakeup(now)
            assert wake is None or wake >= now
        return [(e.kind, round(e.at, 6), e.phase, e.reps_done, e.count, e.set_number) for e in events]

    assert play(0.01 if poll < 0.01 else poll, True) == play(7.0, False)


def _act(workout: Workout, now: float, action: str) -> list:
    if action in ("lift", "squeeze", "lower"):
        return workout.phase_seen(now, Phase(action))
    if action in ("rep", "rep_short"):
        rep = _seen(now - 5.3, complete=action == "rep")
        return workout.rep_seen(now, rep)
    if action == "still":
        return workout.hips_still(now)
    if action in ("lost", "seeing"):
        return workout.watch(now, action == "seeing")
    if action in ("left", "right"):
        return workout.switch_side(now, Side(action))
    return getattr(workout, action)(now)


def test_following_one_leg_at_a_time_each_side_waits_for_its_lift_after_the_switch():
    plan = msgspec.structs.replace(_plan(reps=1), laterality=Laterality.PER_LEG, switch_pause=2)
    workout = Workout(plan, origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    script = _followed_rep(ORIGIN + 1.0) + _followed_rep(ORIGIN + 14.0)
    events = _run(coach, script, until=12.0)
    assert workout.phase is Phase.BOTTOM and workout.side is Side.RIGHT  # switched, waiting for the lift
    assert [e.phase for e in events if e.kind is K.PHASE_STARTED][-2:] == [Phase.SWITCH, Phase.BOTTOM]
    now = ORIGIN + 12.0
    while script and not workout.finished:
        now = round(now + 0.05, 6)
        while script and script[0][0] <= now:
            at, event = script.pop(0)
            if at > ORIGIN + 12.0:
                coach.on_live(at, event)
        workout.advance(now)
    assert workout.finished
    assert [(r.side, r.done()) for r in workout.record.sets] == [(Side.LEFT, 1), (Side.RIGHT, 1)]


def test_following_abandon_mid_rep_keeps_what_was_lifted():
    workout = Workout(_plan(), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    _run(coach, _followed_rep(ORIGIN + 1.0) + _followed_rep(ORIGIN + 8.0)[:2], until=10.0)
    events = workout.abandon(ORIGIN + 10.0)
    assert events[-1].kind is K.WORKOUT_FINISHED and events[-1].early
    (record,) = workout.record.sets
    assert record.done() == 1 and record.ended_early and workout.next_wakeup(ORIGIN + 11.0) is None
