"""Follow mode's moves from hand-made hip-height signals: each phase seen beginning, once, near its truth.

The truth of a rep made of straight lines is its corners: the lift begins where
the hip leaves its bottom, the squeeze where it reaches the top, the lowering
where it leaves the top. Each move is checked against that, and against the
frame it was known at (``known``), with noise, jitter, pauses and slow phases.
"""

from __future__ import annotations

import itertools
import math
import random

import pytest

from gymtimer.core.reps import STILL_SECONDS, PhaseSeen, RepCounter, Still
from gymtimer.core.tempo import Phase

FPS = 30.0
RANGE = 100.0
MIN_RANGE = 25.0


def _path(corners: list[tuple[float, float]]):
    def height(t: float) -> float:
        for (t0, h0), (t1, h1) in itertools.pairwise(corners):
            if t <= t1:
                return h0 + (h1 - h0) * (t - t0) / (t1 - t0) if t1 > t0 else h1
        return corners[-1][1]

    return height


def _set(reps: list[dict], lead: float = 2.0, tail: float = 1.0):
    """Corners of a set and each rep's true (lift, squeeze, lower) begins."""
    corners, t, truth = [(0.0, 0.0), (lead, 0.0)], lead, []
    for rep in reps:
        lift, top, lower, bottom = rep.get("lift", 1.0), rep.get("top", 1.0), rep.get("lower", 3.0), rep.get(
            "bottom", 1.0)
        span = rep.get("span", RANGE)
        truth.append((t, t + lift, t + lift + top))
        corners += [(t + lift, span), (t + lift + top, span), (t + lift + top + lower, 0.0),
                    (t + lift + top + lower + bottom, 0.0)]
        t += lift + top + lower + bottom
    corners.append((t + tail, 0.0))
    return _path(corners), t + tail, truth


def _moves(height, duration, noise=0.0, extra=lambda t: 0.0, seed=3) -> list[PhaseSeen | Still]:
    rng = random.Random(seed)
    counter = RepCounter(MIN_RANGE)
    moves = []
    for i in range(int(duration * FPS) + 1):
        t = i / FPS
        counter.push(t, height(t) + extra(t) + (rng.gauss(0, noise) if noise else 0.0))
        moves += counter.moves()
    return moves


def _phases(moves, phase):
    return [m for m in moves if isinstance(m, PhaseSeen) and m.phase is phase]


def _check(moves, truth, tol, late):
    """One move of each phase per rep, in order, each ``at`` within ``tol`` of its truth, known within ``late``."""
    seen = [m for m in moves if isinstance(m, PhaseSeen)]
    assert [m.phase for m in seen] == [Phase.LIFT, Phase.SQUEEZE, Phase.LOWER] * len(truth)
    for move, expected in zip(seen, itertools.chain.from_iterable(truth)):
        assert move.at == pytest.approx(expected, abs=tol), move
        assert 0 < move.known <= late, move


def test_each_phase_of_a_clean_set_is_seen_once_near_its_begin():
    height, duration, truth = _set([{}, {}, {}])
    _check(_moves(height, duration), truth, tol=0.08, late=0.45)


def test_with_noise_and_jitter_still_once_each_and_near():
    height, duration, truth = _set([{}, {"lower": 1.5}, {}, {"lift": 0.6, "top": 0.5}])
    jolts = {round(t * FPS) for t in (3.5, 7.1, 12.2)}  # one-frame jolts of a fifth of the range
    moves = _moves(height, duration, noise=1.0, extra=lambda t: 20.0 * (round(t * FPS) in jolts))
    _check(moves, truth, tol=0.15, late=0.5)


def test_a_slow_lift_has_one_top_at_its_end():
    height, duration, truth = _set([{"lift": 4.0}, {}])
    # The lift is known once the hip has risen ``min_range`` (a second into this one), dated back to its begin.
    _check(_moves(height, duration, noise=0.5), truth, tol=0.2, late=1.1)


def test_a_long_squeeze_with_a_tremor_is_one_squeeze_and_the_lowering_from_its_end():
    height, duration, truth = _set([{"top": 6.0}, {}])
    tremor = lambda t: 1.5 * math.sin(2 * math.pi * 3 * t)  # noqa: E731  a shaking hold
    moves = _moves(height, duration, extra=tremor)
    _check(moves, truth, tol=0.2, late=0.5)
    assert not [m for m in moves if isinstance(m, Still)]  # a hold at the top is not a rack


def test_a_pause_at_the_bottom_is_not_still_and_a_rack_is():
    height, duration, truth = _set([{"bottom": 3.0}, {"bottom": 0.5}], tail=8.0)
    moves = _moves(height, duration, noise=0.5)
    (still,) = [m for m in moves if isinstance(m, Still)]
    last_down = truth[-1][2] + 3.0
    assert still.seconds >= STILL_SECONDS
    assert still.at == pytest.approx(last_down + STILL_SECONDS, abs=0.3)
    assert [m for m in moves if isinstance(m, PhaseSeen)][-1].phase is Phase.LOWER  # stillness comes after


def test_a_jolt_of_two_frames_is_no_lift():
    def height(t):  # the picture jumps a third of the range for two frames: the running median takes it out
        return 30.0 if 2.0 <= t < 2.0 + 2 / FPS else 0.0

    assert _phases(_moves(height, 4.0), Phase.LIFT) == []


def test_a_lifter_who_settles_at_the_lockout_has_the_lowering_dated_again_from_the_real_one():
    """The hips come through at the lockout: the hip drops 11 % of the rise in a quarter of a second, 0.4 s after
    the top, and holds there a second; then a 2.5 s lowering. The drop is seen as a lowering (it cannot be told
    from one as it happens); once it has held, it is taken back, and the real lowering is seen again, dated
    from where it began."""
    lift, top, settle, lowering = 3.0, 4.0, 4.4, 5.65  # the lift, the top, the settle, the real lowering begin
    height = _path([(0.0, 0.0), (lift, 0.0), (top, RANGE), (settle, RANGE), (settle + 0.25, 89.0),
                    (lowering, 89.0), (lowering + 2.5, 0.0), (lowering + 4.0, 0.0)])
    moves = _moves(height, lowering + 4.0, noise=0.5)
    seen = [m for m in moves if isinstance(m, PhaseSeen)]
    assert [m.phase for m in seen] == [Phase.LIFT, Phase.SQUEEZE, Phase.LOWER, Phase.LOWER]
    early, again = seen[2:]
    assert early.at == pytest.approx(settle, abs=0.15)  # the settle, seen as a lowering
    assert again.at == pytest.approx(lowering, abs=0.15)  # the real one, dated where it began
    assert again.at + again.known < lowering + 0.6  # known about when it would have been cued


def test_a_lowering_that_pauses_half_way_down_is_seen_once():
    """A pause of a second half way down is no settle at the lockout: the lowering stays seen, once."""
    height = _path([(0.0, 0.0), (2.0, 0.0), (3.0, RANGE), (4.0, RANGE), (5.0, 60.0), (6.0, 60.0), (7.5, 0.0),
                    (9.0, 0.0)])
    seen = [m for m in _moves(height, 9.0, noise=0.5) if isinstance(m, PhaseSeen)]
    assert [m.phase for m in seen] == [Phase.LIFT, Phase.SQUEEZE, Phase.LOWER]
    assert seen[2].at == pytest.approx(4.0, abs=0.15)
