"""With the camera on, the set counts what the camera saw, at the moment it matters (issue 21).

Hand-made streams of the camera's events on a fake clock: a dropout near a
rep's end, a camera away for most of two reps, a lifter two seconds ahead of
the metronome, reps lifted in the lead-in and at rest, a box that never sees a
rep, and a breather at the bottom in follow mode. The watcher is not run: its
events are scripted as it emits them (a rep's measurement about 0.3 s after
its lowering ends, a height with every frame).
"""

from __future__ import annotations

import itertools
import math

import pytest

from gymtimer.core.camera_events import CameraEvent, CameraState, Height, PhaseSeen, RepSeen, State, Still
from gymtimer.core.coach import Coach
from gymtimer.core.notices import CHECK_THE_BOX
from gymtimer.core.plan import Plan, Side
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import tally
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.workout import EventKind, Workout

K = EventKind
ORIGIN = 500.0
LATENCY = 0.3
REP = 5.0  # lift 1, squeeze 1, lower 3


def _plan(reps: int = 5, sets: int = 1, lead_in: float = 0.0, rest: float = 30.0) -> Plan:
    return Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=sets, reps=reps, lead_in=lead_in,
                rest=rest, replace_failed=False)


def _seen(start: float, lower: float = 2.9, complete: bool = True) -> MeasuredRep:
    return MeasuredRep(start=start, lift=1.0, top=1.0, lower=lower, bottom=None, range=40.0, complete=complete)


def _rep_event(start: float, lower: float = 2.9) -> tuple[float, CameraEvent]:
    rep = _seen(ORIGIN + start, lower)
    return rep.lowering_ends + LATENCY, RepSeen(rep, 0, rep.lowering_ends + LATENCY)


def _state(at: float, state: State) -> tuple[float, CameraEvent]:
    return ORIGIN + at, CameraState(ORIGIN + at, state, "")


def _heights(start: float, end: float, level, fps: float = 10.0) -> list[tuple[float, CameraEvent]]:
    """A height each frame from ``start`` to ``end`` (seconds of the session), ``level(t)`` of the box."""
    frames = []
    for i in range(int((end - start) * fps)):
        t = start + i / fps
        frames.append((ORIGIN + t, Height(ORIGIN + t, 100 * level(t), level(t))))
    return frames


def _swinging(period: float = REP, top: float = 0.15, offset: float = 0.0):
    """Hips rising and falling like reps (to ``top`` of the box: too little for a box far too big)."""
    return lambda t: top * max(0.0, math.sin(math.pi * ((t - offset) % period) / period * 2)) ** 2


class Run:
    """The coach played a script on a fake clock; remembers every event and every word shown."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach
        self.events: list = []
        self.shown: list = []  # (time, words) each time the words on screen changed
        self.counts: list[int] = []  # the count on screen at each step
        self.now = ORIGIN

    def play(self, script: list[tuple[float, CameraEvent]], until: float, start: bool = True,
             step: float = 0.05) -> Run:
        workout = self.coach.workout
        if start:
            self.events += workout.start(ORIGIN)
        script = sorted(script, key=lambda item: item[0])
        now = self.now
        while now < ORIGIN + until:
            now = round(now + step, 6)
            while script and script[0][0] <= now:
                at, event = script.pop(0)
                before = self.coach.shown
                self.events += self.coach.on_live(at, event)
                self._note(before, at)
            before = self.coach.shown
            self.events += self.coach.tick(now)
            self._note(before, now)
            self.events += workout.advance(now)
            status = workout.status(now)
            self.counts.append(sum(status.counts.values()))
        self.now = now
        return self

    def _note(self, before, at: float) -> None:
        if self.coach.shown is not before and self.coach.shown is not None:
            self.shown.append((round(at - ORIGIN, 2), self.coach.shown.words))

    def kinds(self, *kinds: EventKind) -> list[EventKind]:
        return [e.kind for e in self.events if e.kind in kinds]


def _never_goes_back(counts: list[int]) -> bool:
    return all(b >= a for a, b in itertools.pairwise(counts))


# ----------------------------------------------------------------- what the set counts


def test_a_dropout_near_the_end_of_a_rep_in_stillness_does_not_count_it():
    """The camera watched 4 s of stillness, then lost the picture for a second at the rep's end."""
    coach = Coach(Workout(_plan(reps=2), origin=ORIGIN, watched=True), planned_lower=3.0)
    script = [_state(0.0, State.SEEING), _state(3.8, State.LOST), _state(4.8, State.SEEING)]
    run = Run(coach).play(script + _heights(0, 12, lambda t: 0.0), until=12.0)
    (record,) = coach.workout.record.sets
    assert [rep.not_seen for rep in record.reps] == [True, True]
    assert [rep.camera_away for rep in record.reps] == [False, False]
    assert record.done() == 0 and run.kinds(K.REP_COUNTED) == []
    assert run.kinds(K.REP_NOT_SEEN) == [K.REP_NOT_SEEN] * 2
    assert [words.lowered for _, words in run.shown] == ["NOT SEEN", "NOT SEEN"]
    assert max(run.counts) == 0  # never rose, so it never had to go back


def test_a_rep_the_camera_was_away_for_most_of_counts_as_paced_and_the_summary_says_so():
    coach = Coach(Workout(_plan(reps=3), origin=ORIGIN, watched=True), planned_lower=3.0)
    script = [_state(0.0, State.SEEING), _state(0.5, State.LOST), _state(9.5, State.SEEING), _rep_event(10.1)]
    run = Run(coach).play(script, until=20.0)
    (record,) = coach.workout.record.sets
    assert [rep.camera_away for rep in record.reps] == [True, True, False]
    assert [rep.counted for rep in record.reps] == [True, True, True]
    assert tally(record) == "paced 3 · seen 1 · 2 counted while the camera was away"
    assert tally(coach.workout.record) == "paced 3 · seen 1 · 2 counted while the camera was away"
    assert _never_goes_back(run.counts) and run.counts[-1] == 3


def test_the_count_rises_when_a_rep_is_seen_and_a_rep_not_seen_gets_its_word():
    coach = Coach(Workout(_plan(reps=4), origin=ORIGIN, watched=True), planned_lower=3.0)
    script = [_state(0.0, State.SEEING), _rep_event(0.1), _rep_event(10.1)]  # reps 2 and 4 not seen
    run = Run(coach).play(script, until=25.0)
    assert _never_goes_back(run.counts) and run.counts[-1] == 2
    # Counted when seen (about 0.3 s after the lowering), not at the metronome's end of the rep.
    assert [round(e.at - ORIGIN, 1) for e in run.events if e.kind is K.REP_COUNTED] == [5.3, 15.3]
    assert [words.lowered for _, words in run.shown] == ["LOWERED 2.9 s", "NOT SEEN", "LOWERED 2.9 s", "NOT SEEN"]


def test_a_lifter_two_seconds_ahead_of_the_metronome_keeps_every_rep_and_what_was_said():
    """Each rep begins 2 s before the metronome's (the first in the lead-in); reps 2 and 4 are lowered too
    fast, and so said; the bar re-racked in the rest is said nothing of."""
    coach = Coach(Workout(_plan(reps=5, sets=2, lead_in=3.0, rest=20.0), origin=ORIGIN, watched=True),
                  planned_lower=3.0)
    lowers = [2.9, 1.2, 2.9, 1.0, 2.9]
    script = [_state(0.0, State.SEEING)]
    script += [_rep_event(3.0 + REP * k - 2.0, lower) for k, lower in enumerate(lowers)]
    script.append(_rep_event(3.0 + 5 * REP + 3.0, lower=0.8))  # re-racking in the rest: not a rep of the set
    run = Run(coach).play(script, until=36.0)
    first = coach.workout.record.sets[0]
    said = [words for _, words in run.shown]
    assert [w.lowered for w in said] == [f"LOWERED {lower:.1f} s" for lower in lowers]
    assert [w.verdict for w in said] == [None, "SLOWER", None, "SLOWER", None]
    # What was said is what the file keeps, rep by rep.
    assert [rep.seen.lower if rep.seen else None for rep in first.reps] == lowers
    assert [rep.seen.lowering_too_fast for rep in first.reps] == [False, True, False, True, False]
    assert first.done() == 5 and first.seen_count == 5 and first.not_seen() == 0
    assert _never_goes_back(run.counts[: int(27.0 / 0.05)]) and coach.workout.phase is Phase.REST


def test_nothing_is_judged_in_the_lead_in_or_at_rest():
    """Setting up in the 3-2-1 and re-racking in the rest look like reps: no words, no sound, no rep."""
    coach = Coach(Workout(_plan(reps=2, sets=2, lead_in=3.0, rest=20.0), origin=ORIGIN, watched=True),
                  planned_lower=3.0)
    lead_in_rep = _seen(ORIGIN + 0.1, lower=0.5)  # over by 2.6 s, before the set began at 3
    rest = 3.0 + 2 * REP  # the rest runs 13 to 33
    script = [_state(0.0, State.SEEING), (lead_in_rep.lowering_ends + LATENCY,
                                          RepSeen(lead_in_rep, 1, lead_in_rep.lowering_ends + LATENCY))]
    script += [_rep_event(3.1), _rep_event(8.1), _rep_event(rest + 4.0, lower=1.0), _rep_event(rest + 10.0, 1.0)]
    run = Run(coach).play(script, until=rest + 19.0)
    first = coach.workout.record.sets[0]
    assert [w.lowered for _, w in run.shown] == ["LOWERED 2.9 s", "LOWERED 2.9 s"]  # only the set's own reps
    assert first.done() == 2 and first.seen_count == 2 and [r.seen.start for r in first.reps] == pytest.approx(
        [3.1, 8.1])
    assert [(e.kind, round(e.at - ORIGIN, 1)) for e in run.events
            if e.kind in (K.REP_FAILED, K.REP_SEEN, K.REP_COUNTED) and rest + 1 < e.at - ORIGIN < rest + 18] == []


def test_following_a_rep_lifted_at_the_end_of_the_rest_is_not_rep_one_of_the_next_set():
    coach = Coach(Workout(_plan(reps=2, sets=2, rest=10.0), origin=ORIGIN, follow=True, watched=True),
                  planned_lower=3.0, follow=True)
    script: list[tuple[float, CameraEvent]] = [_state(0.0, State.SEEING)]
    for start in (1.0, 7.0):
        script += [(ORIGIN + start + 0.1, PhaseSeen(Phase.LIFT, ORIGIN + start)),
                   (ORIGIN + start + 1.1, PhaseSeen(Phase.SQUEEZE, ORIGIN + start + 1)),
                   (ORIGIN + start + 2.1, PhaseSeen(Phase.LOWER, ORIGIN + start + 2)), _rep_event(start)]
    run = Run(coach).play(script, until=13.0)
    assert coach.workout.phase is Phase.REST and len(run.shown) == 2
    rest_end = 7.0 + 4.9 + LATENCY + 10.0
    # A rep begun 3 s before the rest ends, seen (its lowering's end) after the next set began.
    late = _rep_event(rest_end - 3.0)
    run.play([late], until=rest_end + 3.0, start=False)
    second = [s for s in coach.workout.record.sets if s.number == 2]
    assert all(not s.reps for s in second) and len(run.shown) == 2
    assert coach.workout.phase is Phase.BOTTOM  # still waiting for the set's first lift


def test_following_the_lift_has_no_countdown_to_zero_while_the_lifter_rises():
    from gymtimer.core.durations import countdown

    coach = Coach(Workout(_plan(reps=2), origin=ORIGIN, follow=True, watched=True), planned_lower=3.0,
                  follow=True)
    Run(coach).play([_state(0.0, State.SEEING), (ORIGIN + 1.1, PhaseSeen(Phase.LIFT, ORIGIN + 1.0))], until=4.0)
    status = coach.workout.status(ORIGIN + 4.0)  # three seconds into a lift planned for one
    assert status.phase is Phase.LIFT and countdown(status.phase_remaining) == ""


# ----------------------------------------------------------------- never a silent miss


def test_a_box_that_never_sees_a_rep_says_check_the_box_within_two_reps():
    coach = Coach(Workout(_plan(reps=6), origin=ORIGIN, watched=True), planned_lower=3.0)
    script = [_state(0.0, State.SEEING), *_heights(0.0, 31.0, _swinging())]
    run = Run(coach).play(script, until=3 * REP + 1.5)
    assert coach.notice == CHECK_THE_BOX
    assert run.kinds(K.REP_NOT_SEEN) == [K.REP_NOT_SEEN] * 3
    warned = next(at for at, words in run.shown if words.verdict == "CHECK THE BOX")
    assert warned <= 2 * REP + 1.5  # at the second rep's judgement
    # A rep seen again: the warning goes.
    run.play([_rep_event(3 * REP + 0.1)], until=4 * REP + 1.0, start=False)
    assert coach.notice is None


def test_a_lifter_lying_still_is_not_told_to_check_the_box():
    coach = Coach(Workout(_plan(reps=4), origin=ORIGIN, watched=True), planned_lower=3.0)
    Run(coach).play([_state(0.0, State.SEEING), *_heights(0.0, 21.0, lambda t: 0.01)], until=21.0)
    assert coach.notice is None and coach.workout.record.sets[0].not_seen() == 4


def test_following_movement_with_no_lift_seen_is_paced_kept_and_said():
    """A box far too big: the hips move, no lift is ever seen. The set does not wait at the bottom for ever
    (and then go to the trash as nothing lifted): within two reps it is paced, and every rep recorded."""
    workout = Workout(_plan(reps=3), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    script = [_state(0.0, State.SEEING), *_heights(0.0, 40.0, _swinging())]
    run = Run(coach).play(script, until=30.0)
    assert coach.notice == CHECK_THE_BOX and not workout.following
    first_lift = next(e.at - ORIGIN for e in run.events if e.kind is K.PHASE_STARTED and e.phase is Phase.LIFT)
    assert first_lift <= 2 * REP + 0.5
    (record,) = workout.record.sets
    assert workout.finished and record.paced_count == 3 and record.not_seen() == 3


# ----------------------------------------------------------------- racking is announced


def _followed(start: float) -> list[tuple[float, CameraEvent]]:
    return [(ORIGIN + start + 0.1, PhaseSeen(Phase.LIFT, ORIGIN + start)),
            (ORIGIN + start + 1.1, PhaseSeen(Phase.SQUEEZE, ORIGIN + start + 1)),
            (ORIGIN + start + 2.1, PhaseSeen(Phase.LOWER, ORIGIN + start + 2)), _rep_event(start)]


def _breathing_set(move_at: float | None):
    """Two reps followed (1 to 5.9 and 7 to 11.9), then the lifter lies still at the bottom from 12.5 (the
    watcher says so 5 s later); moves at ``move_at`` if given, and is still again after it."""
    workout = Workout(_plan(reps=12), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)

    def level(t: float) -> float:
        if t < 12.5:
            return _swinging(period=6.0, top=0.5, offset=1.0)(t)
        if move_at is not None and move_at <= t < move_at + 0.5:
            return 0.3
        return 0.0

    script = [_state(0.0, State.SEEING), *_followed(1.0), *_followed(7.0), *_heights(0.0, 40.0, level)]
    script.append((ORIGIN + 17.5, Still(ORIGIN + 17.5, 5.0)))
    if move_at is not None:
        script.append((ORIGIN + move_at + 5.5, Still(ORIGIN + move_at + 5.5, 5.0)))
    return coach, Run(coach).play(script, until=40.0)


def test_following_a_breather_at_the_bottom_is_announced_and_any_movement_calls_it_off():
    coach, run = _breathing_set(move_at=18.7)  # "the set ends in 3" at 17.5; the lifter moves at 18.7
    ticks = [(round(e.at - ORIGIN, 1), e.count) for e in run.events if e.kind is K.TICK and e.phase is Phase.BOTTOM]
    assert ticks[:2] == [(17.5, 3), (18.5, 2)]
    cancelled = [round(e.at - ORIGIN, 1) for e in run.events if e.kind is K.RACKING_CANCELLED]
    assert cancelled == [18.7]
    # Still again from 19.2 (said at 24.2): announced afresh, and the set ends at 27.2, two reps of twelve.
    assert ticks[2:] == [(24.2, 3), (25.2, 2), (26.2, 1)]
    (finished,) = [e for e in run.events if e.kind is K.SET_FINISHED]
    assert finished.early and round(finished.at - ORIGIN, 1) == 27.2
    (record,) = coach.workout.record.sets
    assert record.done() == 2 and record.ended_early and record.target == 12


def test_following_hips_still_for_the_whole_countdown_end_the_set_only_after_it():
    coach, run = _breathing_set(move_at=None)
    kinds = [(round(e.at - ORIGIN, 1), e.kind) for e in run.events if e.kind in (K.TICK, K.SET_FINISHED)
             and e.at - ORIGIN > 12.5]
    assert kinds == [(17.5, K.TICK), (18.5, K.TICK), (19.5, K.TICK), (20.5, K.SET_FINISHED)]
    assert not coach.workout.racking


def test_following_the_count_stays_when_racking_ends_the_set():
    coach = Coach(Workout(_plan(reps=12), origin=ORIGIN, follow=True, watched=True), planned_lower=3.0,
                  follow=True)
    script = [_state(0.0, State.SEEING), *_followed(1.0), (ORIGIN + 11.0, Still(ORIGIN + 11.0, 5.0))]
    run = Run(coach).play(script, until=16.0)
    ticks = [e.count for e in run.events if e.kind is K.TICK and e.phase is Phase.BOTTOM]
    finished = [round(e.at - ORIGIN, 1) for e in run.events if e.kind is K.SET_FINISHED]
    assert ticks == [3, 2, 1] and finished == [14.0]
    assert coach.workout.status(ORIGIN + 16.0).counts[Side.BOTH] == 1 and _never_goes_back(run.counts)


def test_following_reps_seen_whose_lifts_were_missed_keep_the_lifter_followed():
    """Every rise and fall ends in a rep seen (its lift cue missed): the camera sees the reps, so following
    goes on and nothing says "check the box"."""
    workout = Workout(_plan(reps=4), origin=ORIGIN, follow=True, watched=True)
    coach = Coach(workout, planned_lower=3.0, follow=True)
    script = [_state(0.0, State.SEEING), *_heights(0.0, 16.0, _swinging(period=5.0, top=0.5))]
    script += [_rep_event(start) for start in (0.0, 5.0, 10.0)]
    Run(coach).play(script, until=16.0)
    assert workout.follow and coach.notice is None
    assert workout.record.sets[0].done() == 3
