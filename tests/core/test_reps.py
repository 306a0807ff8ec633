"""Reps from hand-made hip-height signals: exact phases, no ghost reps, the flags right."""

from __future__ import annotations

import itertools
import random

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gymtimer.core.reps import SETTLE_SECONDS, MeasuredRep, PhaseSeen, RepCounter, count_reps, grade
from gymtimer.core.tempo import Phase

FPS = 30.0
RANGE = 100.0
MIN_RANGE = 25.0


def path(points: list[tuple[float, float]]):
    """A piecewise-linear height through (seconds, height) corners."""

    def height(t: float) -> float:
        for (t0, h0), (t1, h1) in itertools.pairwise(points):
            if t <= t1:
                return h0 + (h1 - h0) * (t - t0) / (t1 - t0) if t1 > t0 else h1
        return points[-1][1]

    return height, points[-1][0]


def rep_corners(start: float, lift=1.0, top=1.0, lower=3.0, bottom=1.0, span=RANGE, base=0.0):
    """Corners of one rep that rises at ``start``; linear phases make the 10/90 rule exact."""
    return [(start + lift, base + span), (start + lift + top, base + span),
            (start + lift + top + lower, base), (start + lift + top + lower + bottom, base)]


def set_of(reps: list[dict], lead=2.0, tail=1.0):
    corners, t = [(0.0, 0.0), (lead, 0.0)], lead
    for rep in reps:
        more = rep_corners(t, **rep)
        corners += more
        t = more[-1][0]
    corners.append((t + tail, 0.0))
    return path(corners)


def sample(height, duration, fps=FPS, noise=0.0, seed=1, extra=lambda t: 0.0):
    rng = random.Random(seed)
    n = int(duration * fps) + 1
    return [(i / fps, height(i / fps) + extra(i / fps) + (rng.gauss(0, noise) if noise else 0.0)) for i in range(n)]


def assert_phases(rep: MeasuredRep, start, lift, top, lower, tol):
    assert rep.start == pytest.approx(start, abs=tol)
    assert rep.lift == pytest.approx(lift, abs=tol)
    assert rep.top == pytest.approx(top, abs=tol)
    assert rep.lower == pytest.approx(lower, abs=tol)


def test_linear_reps_give_the_exact_phases_of_the_rule():
    height, duration = set_of([{}, {"lift": 0.8, "top": 2.0, "lower": 4.0, "bottom": 0.5}, {}])
    reps = count_reps(sample(height, duration), MIN_RANGE)

    assert len(reps) == 3
    assert_phases(reps[0], 2.0, 1.0, 1.0, 3.0, 1e-9)
    assert_phases(reps[1], 8.0, 0.8, 2.0, 4.0, 1e-9)
    assert_phases(reps[2], 15.3, 1.0, 1.0, 3.0, 1e-9)
    assert [r.bottom for r in reps] == [pytest.approx(1.0), pytest.approx(0.5), None]
    assert all(r.range == pytest.approx(RANGE) for r in reps)
    assert all(r.complete for r in reps) and all(r.lowering_too_fast is None for r in reps)


def test_the_result_is_a_storable_struct_with_the_issue_keys():
    height, duration = set_of([{}, {}])
    reps = count_reps(sample(height, duration), MIN_RANGE, planned_lower=3.0)

    built = msgspec.to_builtins(reps)
    assert list(built[0]) == ["start", "lift", "top", "lower", "bottom", "range", "complete", "lowering_too_fast"]
    assert msgspec.json.decode(msgspec.json.encode(reps), type=list[MeasuredRep]) == reps


def test_noise_neither_adds_reps_nor_moves_phases_far():
    height, duration = set_of([{}] * 5)
    reps = count_reps(sample(height, duration, noise=1.0), MIN_RANGE)  # 1 % of the range; video is ~0.3 %

    assert len(reps) == 5
    for i, rep in enumerate(reps):
        assert_phases(rep, 2.0 + 6 * i, 1.0, 1.0, 3.0, 0.15)  # the target on video


def test_drift_of_the_whole_signal_is_rezeroed_at_each_bottom():
    height, duration = set_of([{}] * 5)
    drift = lambda t: -1.2 * t  # noqa: E731 - 38 units down over the set
    reps = count_reps(sample(height, duration, extra=drift), MIN_RANGE)
    exact = count_reps(sample(height, duration, fps=1000.0, extra=drift), MIN_RANGE)

    assert len(reps) == len(exact) == 5
    for rep, truth in zip(reps, exact):
        assert_phases(rep, truth.start, truth.lift, truth.top, truth.lower, 0.02)
        assert rep.range == pytest.approx(truth.range, abs=1.0)
    for i, rep in enumerate(reps):  # and near the undrifted rep: the drift is 4 % of the lowering's speed
        assert_phases(rep, 2.0 + 6 * i, 1.0, 1.0, 3.0, 0.15)


def single_threshold_count(samples, level):
    """What the two thresholds replace: one rep per upward pass of one level."""
    return sum(1 for (_, a), (_, b) in itertools.pairwise(samples) if a < level <= b)


def test_jitter_around_a_level_counts_twice_with_one_threshold_but_once_here():
    # The lowering stops at half height for 1.5 s, shaking by ±6 there.
    corners = [(0, 0), (2, 0), (3, 100), (4, 100), (5.5, 50), (7, 50), (8.5, 0), (10, 0)]
    height, duration = path(corners)
    jitter = lambda t: (6.0 if int(t * FPS) % 2 else -6.0) if 5.5 < t < 7 else 0.0  # noqa: E731
    samples = sample(height, duration, extra=jitter)

    assert single_threshold_count(samples, 50.0) > 1
    assert len(count_reps(samples, MIN_RANGE)) == 1


def test_a_pause_mid_lowering_is_one_rep_whose_lowering_includes_the_pause():
    corners = [(0, 0), (2, 0), (3, 100), (4, 100), (5.5, 50), (7, 50), (8.5, 0), (10, 0)]
    height, duration = path(corners)
    reps = count_reps(sample(height, duration), MIN_RANGE)

    assert len(reps) == 1
    # d90 is 0.3 s into the lowering, d10 1.2 s into its last stretch: 4.2 s in.
    assert reps[0].lower == pytest.approx((4.2 - 0.3) / 0.8)


def test_a_pause_mid_lift_is_one_rep():
    corners = [(0, 0), (2, 0), (2.5, 50), (4, 50), (4.5, 100), (5.5, 100), (8.5, 0), (10, 0)]
    height, duration = path(corners)
    reps = count_reps(sample(height, duration), MIN_RANGE)

    assert len(reps) == 1
    assert reps[0].lift == pytest.approx((4.4 - 2.1) / 0.8)


def test_a_short_rep_is_flagged_and_the_full_ones_are_not():
    height, duration = set_of([{}, {}, {"span": 50.0}, {}, {}])
    reps = count_reps(sample(height, duration), MIN_RANGE)

    assert [r.complete for r in reps] == [True, True, False, True, True]
    assert reps[2].range == pytest.approx(50.0)


def test_complete_is_against_the_median_of_the_complete_reps():
    def rep(span):
        return MeasuredRep(start=0, lift=1, top=1, lower=3, bottom=None, range=span)

    # With every rep counted the median is 60, and 60 passes; without the 30s it is 100, and 60 no longer does.
    graded = grade([rep(100), rep(100), rep(100), rep(60), rep(60), rep(30), rep(30)])
    assert [r.complete for r in graded] == [True, True, True, False, False, False, False]


def test_a_lowering_under_three_quarters_of_the_plan_is_too_fast():
    height, duration = set_of([{}, {"lower": 1.0}, {"lower": 2.3}, {"lower": 2.2}])
    samples = sample(height, duration)

    assert [r.lowering_too_fast for r in count_reps(samples, MIN_RANGE, planned_lower=3.0)] == [False, True, False, True]
    assert [r.lowering_too_fast for r in count_reps(samples, MIN_RANGE)] == [None] * 4


def test_a_set_that_stops_after_its_last_rep_ends_without_a_ghost():
    height, duration = set_of([{}, {}, {}], tail=0.1)
    reps = count_reps(sample(height, duration), MIN_RANGE)

    assert len(reps) == 3 and reps[-1].bottom is None
    assert reps[-1].lower == pytest.approx(3.0)


def test_a_video_that_stops_during_a_rep_drops_that_rep():
    height, _ = set_of([{}, {}, {}])
    reps = count_reps(sample(height, 2 + 12 + 1.5), MIN_RANGE)  # stops during the third lift's squeeze

    assert len(reps) == 2


def test_settling_in_before_the_first_rep_is_no_rep():
    height, duration = set_of([{}, {}], lead=6.0)

    def settling(t):  # shuffles of ±10 for 3 s, then 1.5 s shifted 15 down, then still for 1.5 s
        if t < 3.0:
            return 20.0 * ((t * 1.7) % 1.0 - 0.5)
        return -15.0 if t < 4.5 else 0.0

    reps = count_reps(sample(height, duration, extra=settling, noise=1.0), MIN_RANGE)

    assert len(reps) == 2
    assert reps[0].start == pytest.approx(6.0, abs=0.06)


def test_a_camera_bump_is_no_rep():
    height, duration = set_of([{}, {}, {}])

    def bump(t):
        if 7.0 <= t < 7.3:  # a 0.3 s jolt during the first bottom pause, as high as a rep
            return 90.0
        if 1.0 <= t < 1.06 or 9.0 <= t < 9.06:  # two-frame spikes before the set and during a squeeze
            return 80.0
        return 0.0

    reps = count_reps(sample(height, duration, extra=bump), MIN_RANGE)

    assert len(reps) == 3
    assert [r.range for r in reps] == [pytest.approx(RANGE)] * 3
    assert_phases(reps[1], 8.0, 1.0, 1.0, 3.0, 0.02)


def test_each_rep_is_ready_as_its_lowering_ends():
    height, duration = set_of([{}, {}, {}])
    counter = RepCounter(MIN_RANGE, planned_lower=3.0)
    ready = []
    for t, h in sample(height, duration):
        for rep in counter.push(t, h):
            ready.append((t, rep))

    assert len(ready) == 3
    for t, rep in ready:
        # Known once the hip has stopped at the bottom (SETTLE_SECONDS), through the 5-sample median.
        assert rep.lowering_ends - 0.5 < t <= rep.lowering_ends + SETTLE_SECONDS + 0.15
        assert rep.lowering_too_fast is False
    assert counter.reps[0].bottom == pytest.approx(1.0)  # known once the next rep started
    assert counter.finish() == counter.reps


def test_repeated_or_backward_timestamps_are_ignored():
    height, duration = set_of([{}, {}])
    samples = sample(height, duration)
    doubled = [s for pair in zip(samples, samples) for s in pair] + [(1.0, 500.0)]

    assert count_reps(doubled, MIN_RANGE) == count_reps(samples, MIN_RANGE)


def test_min_range_must_be_positive():
    with pytest.raises(ValueError):
        RepCounter(0.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0.5, 2.5), st.floats(0.2, 3.0), st.floats(0.8, 5.0), st.floats(0.3, 3.0),
                          st.floats(60.0, 140.0)), min_size=1, max_size=6))
def test_any_linear_set_is_counted_and_timed_exactly(spec):
    reps_in = [{"lift": a, "top": b, "lower": c, "bottom": d, "span": s} for a, b, c, d, s in spec]
    height, duration = set_of(reps_in)
    reps = count_reps(sample(height, duration, fps=60.0), MIN_RANGE)

    assert len(reps) == len(spec)
    for rep, want in zip(reps, reps_in):
        assert rep.lift == pytest.approx(want["lift"], abs=0.02)
        assert rep.lower == pytest.approx(want["lower"], abs=0.02)
        assert rep.top == pytest.approx(want["top"], abs=0.04)


def test_a_lost_signal_drops_the_rep_under_way_and_keeps_grading_the_set():
    # Four reps every 6 s from 2 s; the camera is lost from 13 s to 16.5 s (the third rep's lift and top)
    # and comes back with a new zero: where the hip was then, mid-lowering.
    height, duration = set_of([{}, {}, {}, {"span": 50.0}])
    counter = RepCounter(MIN_RANGE)
    found, lost = [], False
    for t, h in sample(height, duration):
        if t < 13.0:
            found += counter.push(t, h)
        elif t >= 16.5:
            found += counter.push(t, h - height(16.5))
        elif not lost:
            found += counter.break_signal()  # the second rep's lowering had just come down: it counts
            lost = True
    reps = counter.finish()

    assert [r.start for r in found] == [pytest.approx(2.0, abs=0.05), pytest.approx(8.0, abs=0.05),
                                        pytest.approx(20.0, abs=0.05)]
    assert reps[1].bottom is None  # the pause after the second rep was not all seen
    assert reps[0].bottom == pytest.approx(1.0, abs=0.05)
    assert [r.complete for r in reps] == [True, True, False]  # half the range of the two before the gap


def test_returns_that_stop_short_of_the_start_still_end_each_rep():
    # Each lowering stops 2–15 % of the range above where its lift began; the next lift rises from there.
    corners, t, bottom = [(0.0, 0.0), (2.0, 0.0)], 2.0, 0.0
    for short in (0.02, 0.15, 0.08, 0.05):
        end = bottom + short * RANGE
        corners += [(t + 1, 100.0), (t + 2, 100.0), (t + 5, end), (t + 6, end)]
        t, bottom = t + 6, end
    height, duration = path([*corners, (t + 1, bottom)])
    reps = count_reps(sample(height, duration), MIN_RANGE)

    assert len(reps) == 4
    for rep, start in zip(reps, (2.0, 8.0, 14.0, 20.0)):
        assert_phases(rep, start, 1.0, 1.0, 3.0, 0.02)
    assert all(r.complete for r in reps)


def test_the_top_is_the_held_lockout_not_an_overshoot_and_a_sag_is_not_the_lowering():
    # Up to 108 in 1 s, back to 100 in 0.2 s, sagging to 95 through the hold, lowered from 95 in 3 s.
    corners = [(0, 0), (2, 0), (3, 108), (3.2, 100), (4.5, 95), (7.5, 0), (9, 0)]
    height, duration = path(corners)
    reps = count_reps(sample(height, duration), MIN_RANGE)

    assert len(reps) == 1
    rep = reps[0]
    assert 97.0 <= rep.range <= 101.0  # the held level, not the 108 peak
    assert rep.start + rep.lift == pytest.approx(3.0, abs=0.06)  # where the rise stopped: the overshoot's peak
    assert rep.start + rep.lift + rep.top == pytest.approx(4.5, abs=0.1)  # the lowering, not the sag
    assert rep.lower == pytest.approx(3.0, abs=0.15)


def test_a_lowering_that_eases_out_of_the_lockout_begins_where_it_eased_out_not_where_its_steady_fall_does():
    # Held at 100 to 4.0 s, then easing out: 7 down in 0.45 s, faster and faster (6, 14, 20 a second), then a
    # steady fall to 0 by 6.25 s. The real glute bridge's second lowering does this; a lifter labels 4.0 s.
    # The steady part alone, extended back at its own speed, puts the start at 4.32 s.
    corners = [(0, 0), (2, 0), (3, 100), (4, 100), (4.1, 99.4), (4.2, 98), (4.3, 96), (4.45, 93), (6.25, 0), (8, 0)]
    height, duration = path(corners)
    reps = count_reps(sample(height, duration), MIN_RANGE)

    assert len(reps) == 1
    rep = reps[0]
    assert rep.start + rep.lift + rep.top == pytest.approx(4.0, abs=0.25)
    assert rep.lowering_ends == pytest.approx(6.25, abs=0.1)  # the end is where it was
    assert rep.start + rep.lift == pytest.approx(3.0, abs=0.05)
    counter = RepCounter(MIN_RANGE)  # follow mode dates it by the same rule
    lowers = []
    for time, h in sample(height, duration):
        counter.push(time, h)
        lowers += [m.at for m in counter.moves() if isinstance(m, PhaseSeen) and m.phase is Phase.LOWER]
    assert lowers == [pytest.approx(rep.start + rep.lift + rep.top, abs=0.05)]


def test_after_the_first_reps_a_rise_must_be_a_share_of_the_sets_own_range():
    # Two reps of 100, then a 15-high shuffle, then a rep: the shuffle is above the floor (10) but under
    # a fifth of the set's range.
    corners = [(0, 0), (2, 0)]
    t = 2.0
    for span in (100.0, 100.0):
        corners += rep_corners(t, span=span)
        t += 6
    corners += [(t + 0.5, 15.0), (t + 1.5, 15.0), (t + 2.0, 0.0), (t + 3.0, 0.0)]
    t += 3
    corners += rep_corners(t)
    height, duration = path([*corners, (t + 7, 0.0)])
    reps = count_reps(sample(height, duration), 10.0)

    assert [round(r.start) for r in reps] == [2, 8, 17]


def test_a_shift_on_the_bench_before_the_lift_is_not_the_lift_from_a_file_or_followed():
    # After each bottom the pelvis rises a fifth of the range in 0.4 s and rests there 0.6 s, then the lift:
    # the lift begins where the hip leaves that rest (as a lifter labels it), for the rep and for follow mode.
    corners, t, lifts = [(0.0, 0.0), (2.0, 0.0)], 2.0, []
    for _ in range(3):
        corners += [(t + 0.4, 20.0), (t + 1.0, 20.0)]
        lifts.append(t + 1.0)
        corners += rep_corners(t + 1.0)
        t += 7.0
    height, duration = path([*corners, (t + 1, 0.0)])
    counter = RepCounter(MIN_RANGE)
    said = []
    for time, h in sample(height, duration):
        counter.push(time, h)
        said += [m.at for m in counter.moves() if isinstance(m, PhaseSeen) and m.phase is Phase.LIFT]
    reps = counter.finish()

    assert len(reps) == 3
    for rep, lift in zip(reps, lifts):
        assert_phases(rep, lift, 1.0, 1.0, 3.0, 0.02)
        assert rep.range == pytest.approx(RANGE)  # the range is still from the bottom
    assert said == pytest.approx(lifts, abs=0.1)
    assert [r.bottom for r in reps[:-1]] == pytest.approx([2.0, 2.0], abs=0.05)  # the shift is in the pause


def test_a_rise_that_creeps_into_the_lockout_is_the_lift_until_it_stops():
    # 85 % of the rise in 1 s, then a creep up the last 15 % for 1 s (a body easing into the lockout, the real
    # side-view deadlift), held, lowered. A lifter labels the top where the creep ends (4.0 s); the steady
    # part's extrapolated end is 3.49 s.
    corners = [(0, 0), (2, 0), (3, 85), (4, 100), (5.5, 100), (8.5, 0), (10, 0)]
    height, duration = path(corners)
    counter = RepCounter(MIN_RANGE)
    squeezes = []
    for time, h in sample(height, duration):
        counter.push(time, h)
        squeezes += [m.at for m in counter.moves() if isinstance(m, PhaseSeen) and m.phase is Phase.SQUEEZE]
    (rep,) = counter.finish()

    assert rep.start == pytest.approx(2.0, abs=0.05)
    assert rep.start + rep.lift == pytest.approx(4.0, abs=0.2)
    assert rep.start + rep.lift + rep.top == pytest.approx(5.5, abs=0.05)  # the lowering is where it was
    assert rep.lower == pytest.approx(3.0, abs=0.05)
    assert squeezes == [pytest.approx(4.0, abs=0.2)]  # follow mode's squeeze too


def test_a_lowering_that_begins_by_rising_out_of_the_hold_begins_at_its_peak():
    # Held at 100, then the hip rises 6 % in 0.3 s (a deadlift's hinge back), falls slowly from there, then
    # steadily: the lowering begins at the peak, 4.8 s (the real side-view deadlift's first lowering).
    corners = [(0, 0), (2, 0), (3, 100), (4.5, 100), (4.8, 106), (5.2, 100), (5.3, 97), (7.8, 0), (9, 0)]
    height, duration = path(corners)
    (rep,) = count_reps(sample(height, duration), MIN_RANGE)

    assert rep.start + rep.lift + rep.top == pytest.approx(4.8, abs=0.15)  # before, from the band: 5.22 s
    assert rep.lowering_ends == pytest.approx(7.8, abs=0.1)
    assert rep.start + rep.lift == pytest.approx(3.0, abs=0.05)


def _said(samples, min_range=MIN_RANGE):
    counter = RepCounter(min_range)
    lifts = []
    for time, h in samples:
        counter.push(time, h)
        lifts += [m.at for m in counter.moves() if isinstance(m, PhaseSeen) and m.phase is Phase.LIFT]
    return lifts, counter.finish()


def test_before_the_first_rep_a_dip_that_comes_back_up_is_no_lift_but_a_rise_from_a_rest_is():
    # The hip sinks 80 in 1.8 s and, turning slowly, comes back up to 8 under where it was (a hinge, a lifter
    # sitting back and up again: the single-leg deadlift): no lift. The same rise after resting at the bottom is.
    dip, duration = path([(0, 0), (0.2, 0), (1.4, -65), (2.0, -80), (2.6, -65), (3.5, -8), (6, -8)])
    lifts, reps = _said(sample(dip, duration))
    assert lifts == [] and reps == []

    rest, duration = path([(0, 0), (0.2, 0), (1.4, -65), (2.0, -80), (3.5, -80), (4.1, -65), (5.0, -8), (7, -8)])
    lifts, reps = _said(sample(rest, duration))
    assert lifts == [pytest.approx(3.5, abs=0.1)] and reps == []


def test_a_dip_then_a_lift_above_where_it_began_is_a_lift_dated_from_its_bottom():
    # A camera panning down, then the lift straight out of it, well above where the picture began.
    height, duration = path([(0, 0), (1.0, -40), (1.1, -40), (2.1, 70), (3.1, 70), (5.1, -40), (6.1, -40)])
    lifts, reps = _said(sample(height, duration))
    assert lifts == [pytest.approx(1.1, abs=0.1)]
    assert len(reps) == 1 and reps[0].start == pytest.approx(1.1, abs=0.1)


def test_heights_given_again_are_measured_as_corrected():
    # The tracker took the lifter's own body for the background: for the first half second of the lift the
    # heights it gave fell instead of rising; at 2.5 s it gives the last second again, right.
    height, duration = set_of([{}, {}])
    right = sample(height, duration)
    counter = RepCounter(MIN_RANGE)
    lifts = []
    for time, h in right:
        if 2.0 < time < 2.5:
            h = -30.0 * (time - 2.0)
        if time == pytest.approx(2.5):
            counter.revise([(t, v) for t, v in right if 1.5 <= t < 2.5])
        counter.push(time, h)
        lifts += [m.at for m in counter.moves() if isinstance(m, PhaseSeen) and m.phase is Phase.LIFT]
    reps = counter.finish()

    assert reps == count_reps(right, MIN_RANGE)
    assert lifts == [pytest.approx(2.0, abs=0.05), pytest.approx(8.0, abs=0.05)]
