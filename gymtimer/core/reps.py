"""Reps measured from the hip's height: when each rep's phases began and ended, its range, its flags.

Fed one timestamped height at a time (up positive, in any unit: pixels of a
video), so that a live camera gets each rep as soon as its lowering ends.
The measurement rule is :func:`measure_rep`, and nowhere else; the detector
around it only decides which stretch of the signal is one rep (docs/vision.md).
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable
from typing import TypedDict, Unpack

import msgspec

from gymtimer.core.median import median
from gymtimer.core.tempo import Phase

#: Share of the set's median complete range a rep must reach to be complete, not short.
COMPLETE_SHARE = 0.70
#: Share of the planned lowering under which a lowering is too fast.
TOO_FAST_SHARE = 0.75
#: Seconds of signal kept while waiting for a rep (a rest between sets can be long).
KEEP_SECONDS = 30.0
#: Seconds of the heights as given kept, so that the tracker can correct them (see :meth:`RepCounter.revise`).
REVISE_SECONDS = 2.0
#: The low and high crossings of a rep, as shares of its own range.
LOW, HIGH = 0.10, 0.90
#: Follow mode's top: no new high by more than this share of the rise so far, for TOP_QUIET_SECONDS.
TOP_BAND_SHARE = 0.024
TOP_QUIET_SECONDS = 0.2
#: Follow mode's lowering: the hip has come down this share of the rise from the hold's level.
LOWER_SHARE = 0.08
#: ... and falling at least this share of the rise a second (or three times as far down).
LOWER_SPEED_SHARE = 0.2
#: A lowering seen that then holds within STALL_SHARE of the rise for STALL_SECONDS, never three times
#: LOWER_SHARE under the hold, was the lifter settling at the lockout: it is taken back (see
#: :meth:`RepCounter._settled_at_top`) and seen again, dated again, when the hip falls on from there.
STALL_SHARE = 0.04
STALL_SECONDS = 0.4
#: Hips within a quarter of ``min_range`` for this long, between reps, are still (the bar racked).
STILL_SECONDS = 5.0
#: The lockout is the densest band this share of the rise wide among the samples within NEAR_PEAK_SHARE of
#: the rise under the peak (see :func:`lockout`).
PLATEAU_SHARE = 0.08
NEAR_PEAK_SHARE = 0.3
#: A lowering is over once the hip has come down this share of the rep's rise from its peak and then
#: stopped: no lower than SETTLE_SHARE of the rise in the last SETTLE_SECONDS, or risen again by RISE_SHARE.
DOWN_SHARE = 0.75
SETTLE_SHARE = 0.02
SETTLE_SECONDS = 0.2
RISE_SHARE = 0.05
#: Once a set has reps, a rep must rise this share of their median range: ``min_range`` comes from the set.
SET_MIN_SHARE = 0.2
#: A lift begins from the last rest before it: the hip held within REST_SHARE of the rise for REST_SECONDS,
#: under REST_CEILING of the rise (a shift on the bench before the lift, then the lift; see :func:`rested`).
REST_SHARE = 0.06
REST_SECONDS = 0.4
REST_CEILING = 0.4
#: A lowering that eases out of the lockout begins where its fall over SAG_SECONDS reached this share of the
#: rise a second, if that is before its steady part's start (a sag through the hold is slower; see :func:`eased`).
#: The same speed ends the lift: the top begins once the hip gains less than SAG_SPEED_SHARE of the rise a second
#: over the next SAG_SECONDS, if that is after its steady part's end (a creep into the lockout; see :func:`arrived`).
SAG_SPEED_SHARE = 0.12
SAG_SECONDS = 0.2


class MeasuredRep(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One rep seen on video. Times are seconds from the first frame; ``range`` is in the height's unit.

    ``bottom`` is the pause from the end of this lowering to the next rep's
    start (None for the last rep); ``lowering_too_fast`` is None when no
    lowering was planned.
    """

    start: float
    lift: float
    top: float
    lower: float
    bottom: float | None
    range: float
    complete: bool = True
    lowering_too_fast: bool | None = None

    @property
    def lowering_ends(self) -> float:
        return self.start + self.lift + self.top + self.lower


class PhaseSeen(msgspec.Struct, frozen=True):
    """A phase of a rep seen beginning (LIFT, SQUEEZE or LOWER), for follow mode.

    ``at`` is when it began as best known (a lift is dated back to where the hip
    left its bottom, a top to where the rise stopped, a lowering to where the
    hip left the top); it was known ``known`` seconds later, at the frame that
    showed it.
    """

    phase: Phase
    at: float
    known: float = 0.0


class Still(msgspec.Struct, frozen=True):
    """The hip has stayed within a small band for ``seconds`` up to ``at`` (the bar racked, after a set)."""

    at: float
    seconds: float


def _crossing(t0: float, h0: float, t1: float, h1: float, level: float) -> float:
    """Time the straight line between two samples passes ``level``."""
    if h1 == h0:
        return t1
    return t0 + (level - h0) / (h1 - h0) * (t1 - t0)


def lockout(heights: list[float], base: float) -> float:
    """The level the hip held at the top: the densest band of the samples near the rep's peak.

    Not the highest sample: a lockout that overshoots for a moment, then sags a
    little through the hold, is held mostly in one band :data:`PLATEAU_SHARE` of
    the rise wide; the level is the median of the samples in the band where most
    samples lie, among those within :data:`NEAR_PEAK_SHARE` of the rise under the
    peak (a hold keeps the hip in one place; a steady lift or lowering spreads it
    evenly; with no hold, the turn at the peak is where it is slowest; a pause
    half way down is too far under the peak to be taken for the lockout).
    """
    peak = max(heights)
    upper = sorted(h for h in heights if h >= peak - NEAR_PEAK_SHARE * (peak - base))
    first, last = _densest(upper, PLATEAU_SHARE * (peak - base))
    first, last = (first + k for k in _densest(upper[first:last + 1], PLATEAU_SHARE / 4 * (peak - base)))
    return median(upper[first:last + 1])


def _densest(ordered: list[float], width: float) -> tuple[int, int]:
    """First and last index of the window ``width`` wide holding the most of the sorted ``ordered`` (the highest
    such window on a tie)."""
    best, first, last, j = 0, 0, 0, 0
    for i, low in enumerate(ordered):
        j = max(j, i)
        while j + 1 < len(ordered) and ordered[j + 1] <= low + width:
            j += 1
        if j - i + 1 >= best:
            best, first, last = j - i + 1, i, j
    return first, last


def window_back(times: list[float], heights: list[float], end: int, seconds: float) -> tuple[int, float, float]:
    """The samples from ``end`` back over ``seconds`` (or back to the first): (the first's index, lowest, highest)."""
    first = end
    low = high = heights[end]
    while first > 0 and times[end] - times[first] < seconds:
        first -= 1
        low, high = min(low, heights[first]), max(high, heights[first])
    return first, low, high


def rested(times: list[float], heights: list[float], before: int, band: float, ceiling: float) -> tuple[int, float]:
    """Where the lift that reaches sample ``before`` left its last rest: (the rest's last index, its level).

    A rest is :data:`REST_SECONDS` or more in which the hip stayed within ``band``,
    wholly under ``ceiling``; the latest one before ``before`` is where the lift
    began from. A lifter who shifts on the bench, or lifts the pelvis a little
    to set it, before the rep, rests there a moment: the rep's lift is the rise
    from that rest, not from the lowest point under it. With no such rest (a
    touch-and-go rep, a lift straight from the lowest point) it is (0,
    ``heights[0]``).
    """
    end = before - 1
    while end > 0:
        first, low, high = window_back(times, heights, end, REST_SECONDS)
        if times[end] - times[first] >= REST_SECONDS and high - low <= band and high < ceiling:
            return end, median(heights[first:end + 1])
        end -= 1
    return 0, heights[0]


def eased(times: list[float], heights: list[float], after: int, last: int, speed: float,
          held: tuple[float, float]) -> float:
    """When the lowering that falls past sample ``last`` began falling at ``speed`` or faster.

    Walks back from ``last`` (the first sample under the lowering's 90 % level)
    while the hip fell ``speed`` or faster over the :data:`SAG_SECONDS` before each
    sample, no further back than ``after`` (the lockout first reached), and
    interpolates where that fall reached ``speed``; the fall over a stretch is
    dated at its middle, half :data:`SAG_SECONDS` back. Never before the hip
    last fell under the held band ``held`` (low, high), unless it was above
    the band then (a hip that rises out of the hold before it falls, a
    deadlift's hinge back, left it upward): a sag through the hold is slower
    than ``speed``; a lowering that eases out of the lockout reaches it before
    its steady part begins.
    """
    def fall(k: int) -> float:
        w = k
        while w > 0 and times[k] - times[w] < SAG_SECONDS:
            w -= 1
        return (heights[w] - heights[k]) / (times[k] - times[w]) if times[k] > times[w] else 0.0

    k, fast = last, fall(last)
    while k > after:
        slow = fall(k - 1)
        if slow < speed:
            break
        k, fast = k - 1, slow
    else:
        return times[k]
    reached = times[k - 1] + (speed - slow) / (fast - slow) * (times[k] - times[k - 1]) if fast > slow else times[k]
    low, high = held
    start = reached - SAG_SECONDS / 2
    m = min(range(after, last + 1), key=lambda n: abs(times[n] - start))  # the sample nearest the start
    if heights[m] > high:
        return start  # above the hold: it rose out of it before falling (a deadlift's hinge back)
    q = max(n for n in range(after, last + 1) if heights[n] >= low or n == after)
    return max(_crossing(times[q], heights[q], times[q + 1], heights[q + 1], low), start)


def arrived(times: list[float], heights: list[float], first: int, speed: float) -> float:
    """When the rise that reaches its 90 % level at sample ``first`` stopped rising at ``speed`` or faster.

    Walks on from ``first`` to the first sample from which the hip gains less than
    ``speed`` × :data:`SAG_SECONDS` over the next :data:`SAG_SECONDS` (its highest
    then, less its height now), interpolated between that sample and the one
    before. A rise that stops sharply at its lockout stops there; one that
    creeps up its last tenth for a few tenths of a second (a body easing into
    the lockout) stops at the creep's end; one that overshoots stops at the
    overshoot's peak, a few hundredths after it first passed the lockout.
    """
    def gain(k: int) -> float:
        m = k + 1
        best = heights[k]
        while m < len(heights) and times[m] - times[k] <= SAG_SECONDS + 1e-9:
            best = max(best, heights[m])
            m += 1
        return best - heights[k]

    enough = speed * SAG_SECONDS
    k, before = first, gain(first)
    if before < enough:
        return times[first]
    while k + 1 < len(heights):
        k += 1
        now = gain(k)
        if now < enough:
            return times[k - 1] + (before - enough) / (before - now) * (times[k] - times[k - 1])
        before = now
    return times[k]


def held_band(level: float, rise: float) -> tuple[float, float]:
    """The band a lockout is held in: from 1 % of the rise under its median ``level`` to 4 % over it."""
    return (level - PLATEAU_SHARE / 8 * rise, level + PLATEAU_SHARE / 2 * rise)


def measure_rep(times: list[float], heights: list[float]) -> MeasuredRep:
    """THE rule (issues 14 and 20): phases of the rep from its bottom (``heights[0]``) to the next (``heights[-1]``).

    The rep rises from the bottom ``heights[0]`` (or from its last rest above
    it, :func:`rested`) to its lockout level ``T``
    (:func:`lockout`: where the hip was held, not the top of an overshoot) and
    comes back down to ``heights[-1]``, the lowest point of its lowering, which
    may lie above or below where it began (a return that stops short, a bottom
    that drifts). The lift is measured on its own range (bottom → ``T``), the
    lowering on its own (``T`` → the lowering's bottom); a shift before the
    lift, a rest under :data:`REST_CEILING` of the rise, is not the lift. ``u10``/``u90`` are the
    lift's crossings of its 10 % and 90 % levels (the last time it leaves the
    10 % band before first reaching 90 %, then that first reach), ``d90``/``d10``
    the lowering's (the last time it is above its 90 % level, then its first fall
    under its 10 % level after that), each interpolated between frames. As if
    the speed were steady through the middle 80 %::

        lift   = (u90 − u10) / 0.8       start = u10 − 0.1·lift
        steady = (d10 − d90) / 0.8       lowering ends at d10 + 0.1·steady
        lowering begins at the earlier of d90 − 0.1·steady and where it eased out (:func:`eased`)
        lower  = its end − its beginning
        top begins at the later of start + lift and where the rise stopped (:func:`arrived`),
                   no later than the lowering's beginning; the lift lasts until then
        top    = the lowering's beginning − the top's beginning, at least 0
        range  = T − heights[0]
    """
    bottom, end = heights[0], heights[-1]
    held = lockout(heights, min(bottom, end))
    middle = HIGH - LOW
    reach = next(k for k, h in enumerate(heights) if h >= bottom + HIGH * (held - bottom))
    r, base = rested(times, heights, reach, REST_SHARE * (held - bottom), bottom + REST_CEILING * (held - bottom))
    low, high = base + LOW * (held - base), base + HIGH * (held - base)
    i = next(k for k in range(r, len(heights)) if heights[k] >= high)
    u90 = _crossing(times[i - 1], heights[i - 1], times[i], heights[i], high) if i else times[0]
    k = i
    while k > r and heights[k - 1] >= low:
        k -= 1
    u10 = _crossing(times[k - 1], heights[k - 1], times[k], heights[k], low) if k else times[0]
    low, high = end + LOW * (held - end), end + HIGH * (held - end)
    j = max(k for k, h in enumerate(heights) if h >= high)
    d90 = _crossing(times[j], heights[j], times[j + 1], heights[j + 1], high) if j + 1 < len(heights) else times[j]
    m = j
    while m + 2 < len(heights) and heights[m + 1] > low:
        m += 1
    d10 = _crossing(times[m], heights[m], times[m + 1], heights[m + 1], low) if m + 1 < len(heights) else times[m]
    lift = (u90 - u10) / middle
    steady = (d10 - d90) / middle
    began = d90 - LOW * steady
    if j + 1 < len(heights):
        rise = held - end
        band = held_band(held, rise)
        began = min(began, eased(times, heights, i, j + 1, SAG_SPEED_SHARE * rise, band))
    lower = d10 + LOW * steady - began
    start = u10 - LOW * lift
    topped = min(began, max(start + lift, arrived(times, heights, i, SAG_SPEED_SHARE * (held - base))))
    return MeasuredRep(start=start, lift=max(lift, topped - start), top=max(0.0, began - topped), lower=lower,
                       bottom=None, range=held - bottom)


def grade(reps: list[MeasuredRep], planned_lower: float | None = None) -> list[MeasuredRep]:
    """The set-level flags: complete against the median range of the set's complete reps, too fast.

    The complete reps and their median depend on each other: start from every
    rep and drop the short ones until the set of complete reps stops changing.
    """
    if not reps:
        return []
    complete = [True] * len(reps)
    for _ in range(len(reps)):
        typical = median(r.range for r, c in zip(reps, complete) if c)
        again = [r.range >= COMPLETE_SHARE * typical for r in reps]
        if again == complete or not any(again):
            break
        complete = again
    return [
        msgspec.structs.replace(
            rep, complete=c,
            lowering_too_fast=None if planned_lower is None else rep.lower < TOO_FAST_SHARE * planned_lower)
        for rep, c in zip(reps, complete)
    ]


class RepCounter:
    """Finds reps in a stream of (time, height) samples; see docs/vision.md.

    Thresholds keep jitter from counting twice: a rep begins only once the hip
    has risen ``min_range`` above its bottom (see :meth:`_bottom`; the rep's
    start height, re-zeroed at each bottom), and ends only once it has come
    down :data:`DOWN_SHARE` of its rise and stopped there (or turned back up):
    it need not come back to the height it started from. ``min_range`` is a
    floor; once the set has reps, a rep must also rise :data:`SET_MIN_SHARE` of
    their median range. A rep shorter than ``min_seconds`` from its 10 % rise to
    its 10 % fall (a camera bump) is no rep. Heights pass through a running
    median of ``despike`` samples first, which removes a one- or two-frame jolt
    and delays by half of it.
    """

    def __init__(self, min_range: float, *, min_seconds: float = 0.6, rest_seconds: float = 1.0,
                 despike: int = 5, planned_lower: float | None = None) -> None:
        if min_range <= 0:
            raise ValueError("min_range must be above 0")
        self.floor = min_range
        self.min_range = min_range
        self.min_seconds = min_seconds
        self.rest_seconds = rest_seconds
        self.planned_lower = planned_lower
        self._span = max(1, despike | 1)  # samples in the median window, an odd number
        self._window: deque[tuple[float, float]] = deque(maxlen=self._span)
        self._given: deque[tuple[float, float]] = deque()  # the last REVISE_SECONDS of samples as pushed
        self._found: list[MeasuredRep] = []
        # The stretch of signal from the lowest point since the last rep.
        self._times: list[float] = []
        self._heights: list[float] = []
        self._rising = False
        self._peak = 0
        self._low = 0  # the lowest sample since the peak
        self._last_time: float | None = None
        self._after_gap = False
        # Follow mode's moves: the phases of the rep under way seen beginning, and stillness between reps.
        self._moves: list[PhaseSeen | Still] = []
        self._topped = self._lowering = False
        self._anchor = (0.0, 0.0)  # the top's candidate: (time, height) the rise last went on from
        self._near_peak = 0.0  # the last time the hip was at its held level, within the top's band
        self._near_height = 0.0
        self._held: list[float] = []  # heights since the top was seen, for its held level
        self._lowered = (0.0, 0.0, 0.0)  # the lowering seen: (known at, the hold's level then, the rise then)
        self._still = (0.0, 0.0, 0.0)  # since when, lowest, highest
        self._still_said = True
        #: The set's last rest found before its first rep, for :meth:`_out_of_the_dip`: (the min_range it was
        #: judged with, the time up to which every sample was looked at as a rest's end, that rest's end time).
        self._rests: tuple[float, float, float | None] | None = None

    def push(self, time: float, height: float) -> list[MeasuredRep]:
        """Take one sample; returns the reps whose lowering ended with it (usually none)."""
        if self._last_time is not None and time <= self._last_time:
            return []  # a repeated or out-of-order timestamp carries no new motion
        self._last_time = time
        self._window.append((time, height))
        self._given.append((time, height))
        while time - self._given[0][0] > REVISE_SECONDS:
            self._given.popleft()
        if len(self._window) < self._span:
            return []
        ordered = sorted(h for _, h in self._window)
        middle = len(self._window) // 2
        return self._step(self._window[middle][0], ordered[middle])

    def revise(self, samples: list[tuple[float, float]]) -> None:
        """Heights pushed already, corrected: (time, height) of samples given before, at their own times.

        The tracker found that what it took for the background was on the lifter,
        and gives the last second again in the picture's own frame. The running
        median is taken again over the corrected samples, and the signal kept
        for the rep under way changes with it; what was already said (a phase,
        a rep) stays said. Samples older than :data:`REVISE_SECONDS`, or at times
        never pushed, are left as they were. Nothing given (the tracker's answer on
        almost every frame): nothing to do.
        """
        if not samples:
            return
        self._rests = None  # the rests are judged again on the corrected heights
        fixed = dict(samples)
        given = [(t, fixed.get(t, h)) for t, h in self._given]
        self._given = deque(given)
        self._window = deque(((t, fixed.get(t, h)) for t, h in self._window), maxlen=self._span)
        half = self._span // 2
        despiked = {given[k][0]: sorted(h for _, h in given[k - half:k + half + 1])[half]
                    for k in range(half, len(given) - half)}
        changed = False
        for j, t in enumerate(self._times):
            if t in despiked and self._heights[j] != despiked[t]:
                self._heights[j] = despiked[t]
                changed = True
        if changed and self._rising and self._heights:
            heights = self._heights
            self._peak = max(range(len(heights)), key=heights.__getitem__)
            self._low = min(range(self._peak, len(heights)), key=heights.__getitem__)

    def _step(self, time: float, height: float) -> list[MeasuredRep]:
        times, heights = self._times, self._heights
        times.append(time)
        heights.append(height)
        if not self._rising:
            self._watch_still(time, height)
            if time - times[0] > KEEP_SECONDS:
                del times[:len(times) // 2], heights[:len(heights) // 2]
            bottom = self._bottom()
            if height - heights[bottom] >= self.min_range and self._out_of_the_dip(bottom, height):
                # the rep rises from its bottom, re-zeroed there
                del times[:bottom], heights[:bottom]
                self._rising = True
                self._peak = max(range(len(heights)), key=heights.__getitem__)
                self._low = self._peak
                self._lifted(time, height)
            return []
        self._follow_top(time, height)
        last = len(heights) - 1
        if height > heights[self._peak]:
            self._peak = self._low = last
            return []
        rise = heights[self._peak] - heights[0]
        if height < heights[self._low]:
            self._low = last
        if not self._come_down():
            return []  # not down far enough yet: a hold, a sag, a pause on the way down
        if height < heights[self._low] + RISE_SHARE * rise and not self._settled(time, rise):
            return []  # still coming down
        return self._end(self._low)

    def _settled(self, time: float, rise: float) -> bool:
        """The hip went no lower than :data:`SETTLE_SHARE` of the rise in the last :data:`SETTLE_SECONDS`."""
        times, heights = self._times, self._heights
        k = len(times) - 1
        while k > self._peak and times[k] > time - SETTLE_SECONDS:
            k -= 1
        if k <= self._peak:
            return False
        return min(heights[self._peak:k + 1]) - heights[self._low] < SETTLE_SHARE * rise

    def _come_down(self) -> bool:
        """The rep under way has come :data:`DOWN_SHARE` of its rise down from its peak."""
        heights = self._heights
        return heights[self._peak] - heights[self._low] >= DOWN_SHARE * (heights[self._peak] - heights[0])

    def set_floor(self, min_range: float) -> None:
        """A new floor for ``min_range`` (the picture's size became known); the set's own share still holds."""
        if min_range <= 0:
            raise ValueError("min_range must be above 0")
        complete = [r.range for r in self.reps if r.complete]
        self.floor = min_range
        self.min_range = max(min_range, SET_MIN_SHARE * median(complete)) if complete else min_range

    def _end(self, low: int) -> list[MeasuredRep]:
        """The lowering ended at sample ``low``: the rep is measured from its bottom to there."""
        times, heights = self._times, self._heights
        rep = measure_rep(times[:low + 1], heights[:low + 1])
        self._rising = False
        self._still = (times[-1], heights[low], max(heights[low:]))
        self._still_said = False
        del times[:low], heights[:low]
        d10 = rep.lowering_ends - LOW * rep.lower
        u10 = rep.start + LOW * rep.lift
        if d10 - u10 < self.min_seconds:
            return []
        if self._found and not self._after_gap:
            previous = self._found[-1]
            self._found[-1] = msgspec.structs.replace(previous, bottom=max(0.0, rep.start - previous.lowering_ends))
        self._found.append(rep)
        self._after_gap = False
        self.set_floor(self.floor)
        return grade(self._found, self.planned_lower)[-1:]

    # Follow mode: when each phase begins, as soon as it can be told.

    def _say(self, phase: Phase, at: float) -> None:
        latest = self._window[-1][0] if self._window else at
        self._moves.append(PhaseSeen(phase, at, max(0.0, latest - at)))

    def _lifted(self, time: float, height: float) -> None:
        """The rise passed ``min_range``: the lift began where the straight line from the bottom band's
        last sample through this one leaves the bottom; the bottom is the last rest under here (:func:`rested`,
        as :func:`measure_rep` dates the lift: a shift on the bench before the lift is not the lift)."""
        times, heights = self._times, self._heights
        calm = self.min_range / 4
        r, base = rested(times, heights, len(heights) - 1, calm, height - calm / 2)
        j = len(heights) - 1
        while j > r and heights[j - 1] > base + calm:
            j -= 1
        left = _crossing(times[j - 1], heights[j - 1], times[j], heights[j], base + calm) if j > 0 else times[0]
        slope = (height - base - calm) / (time - left) if time > left else 0.0
        began = left - calm / slope if slope > 0 else left
        self._topped = self._lowering = False
        self._held = []
        self._anchor = (time, height)
        self._near_peak, self._near_height = time, height
        self._say(Phase.LIFT, max(times[0], began))

    def _follow_top(self, time: float, height: float) -> None:
        """The top: the rise stopped near its peak for a moment. The lowering: down a clear share from the hold.

        Called before the peak is updated with this sample. The top began where
        the hip first came within the band of its peak (walked back over the
        samples just under it). Once the top is seen, the hold's level is the
        median of the heights since, not the peak: a lockout that overshoots and
        sags a little is not a lowering. The lowering is seen once the hip is
        :data:`LOWER_SHARE` of the rise under that level, dated where the line
        from half way down through this sample leaves it, or earlier where the
        fall eased out of the hold (:func:`eased`, as :func:`measure_rep` dates it).
        """
        times, heights = self._times, self._heights
        base = heights[0]
        peak = max(heights[self._peak], height)
        if height >= heights[self._peak] and not self._lowering and not self._topped:
            band = TOP_BAND_SHARE * (peak - base)  # a new high: where did the hip reach it?
            j = len(heights) - 1
            while j > 0 and heights[j - 1] >= peak - band:
                j -= 1
            self._anchor = (times[j], heights[j])
        if self._topped:
            self._held.append(height)
            level = median(self._held)
        else:
            level = peak
        rise = level - base
        if height >= level - TOP_BAND_SHARE * rise:
            self._near_peak = time
            self._near_height = height
        if not self._topped and not self._lowering and time - self._anchor[0] >= TOP_QUIET_SECONDS:
            self._topped = True
            self._held = [h for t, h in zip(times, heights) if t >= self._anchor[0]]
            self._say(Phase.SQUEEZE, self._anchor[0])
        if not self._lowering and height < level - LOWER_SHARE * rise and self._falling(time, height, level, rise):
            self._lowering = True
            after = max(0, bisect.bisect_left(times, self._anchor[0]))
            out = eased(times, heights, after, len(heights) - 1, SAG_SPEED_SHARE * rise, held_band(level, rise))
            self._lowered = (time, level, rise)
            self._say(Phase.LOWER, max(self._anchor[0], min(self._left_hold(rise), out)))
        elif self._lowering and self._topped:
            self._settled_at_top(time)

    def _settled_at_top(self, time: float) -> None:
        """The lowering seen has stopped short and holds: the lifter settled at the lockout; take it back.

        A lifter who comes forward to full extension at the lockout (the hips
        through, the waist down) drops the hip a tenth of the rise in a quarter
        of a second, as fast and as far as a lowering's first tenth, and holds
        there. Seen as it happens, it cannot be told from a lowering; a moment
        later it can: the hip has stayed within :data:`STALL_SHARE` of the rise
        for :data:`STALL_SECONDS` since the lowering was seen, never three times
        :data:`LOWER_SHARE` under the hold (where a slow lowering is seen). A
        lowering moves on; a pause half way down is further down. The hold
        goes on from where the hip settled (its level the median of the heights
        since), and the lowering is seen again, and dated again, when the hip
        falls from there. The lowering's cue was given; the workout re-dates
        the lowering with no second cue.
        """
        times, heights = self._times, self._heights
        known, level, rise = self._lowered
        k = len(times) - 1
        while k > 0 and times[k] > time - STALL_SECONDS:
            k -= 1
        if times[k] < known or time - times[k] < STALL_SECONDS:
            return  # not held that long since the lowering was seen
        since = bisect.bisect_left(times, known)
        recent = heights[k:]
        if (max(recent) - min(recent) <= STALL_SHARE * rise
                and min(heights[since:]) >= level - 3 * LOWER_SHARE * rise):
            self._lowering = False
            self._held = list(recent)
            self._anchor = (times[k], heights[k])

    def _falling(self, time: float, height: float, level: float, rise: float) -> bool:
        """A lowering, not a sag: the hip is :data:`LOWER_SHARE` of the rise under its highest of the last
        second, and fell at :data:`LOWER_SPEED_SHARE` of the rise a second over the last 0.2 s (the middle of
        a lowering of up to 4 s; a hold sagging a tenth of the rise in a second is far slower); or, slower, it
        is three times :data:`LOWER_SHARE` under the hold (a slow lowering, seen later and dated back)."""
        times, heights = self._times, self._heights

        def highest_since(seconds: float) -> float:
            k = len(times) - 1
            while k > 0 and times[k - 1] >= time - seconds:
                k -= 1
            return max(heights[k:])

        fast = (highest_since(1.0) - height >= LOWER_SHARE * rise
                and highest_since(0.2) - height >= LOWER_SPEED_SHARE * 0.2 * rise)
        return fast or height < level - 3 * LOWER_SHARE * rise

    def _left_hold(self, rise: float) -> float:
        """When the lowering seen now left the hold: the line from half way down to here, extended up to the
        level the hold ended at (the median of the 0.4 s before half way)."""
        times, heights = self._times, self._heights
        now, height = times[-1], heights[-1]
        j = len(heights) - 1
        while j > 0 and heights[j] < height + LOWER_SHARE / 2 * rise:
            j -= 1
        before = [h for t, h in zip(times, heights) if times[j] - 0.4 <= t <= times[j]]
        level = median(before)
        slope = (heights[j] - height) / (now - times[j]) if now > times[j] else 0.0
        return min(times[j], times[j] - (level - heights[j]) / slope) if slope > 0 else times[j]

    def _watch_still(self, time: float, height: float) -> None:
        """Between reps: the hip within a quarter of ``min_range`` for :data:`STILL_SECONDS` is still."""
        since, low, high = self._still
        low, high = min(low, height), max(high, height)
        if high - low > self.min_range / 4:
            self._still = (time, height, height)
            self._still_said = False
            return
        self._still = (since, low, high)
        if not self._still_said and time - since >= STILL_SECONDS:
            self._still_said = True
            self._moves.append(Still(time, time - since))

    def moves(self) -> list[PhaseSeen | Still]:
        """The phases seen beginning and the stillness seen since the last call, in order (follow mode)."""
        moves, self._moves = self._moves, []
        return moves

    def _out_of_the_dip(self, bottom: int, height: float) -> bool:
        """Before the set's first rep, a rise is a lift once it is ``min_range`` above every height since the hip
        last rested.

        A lifter who hinges or sits back and comes up again (a dip: down from
        where they stood, then back, with no rest at its bottom) is not
        lifting; a set's first lift starts from where the lifter settled (still
        within a quarter of ``min_range`` for ``rest_seconds``), or rises
        ``min_range`` above all of the dip, as a rep rises above its bottom.
        Once the set has reps, a lift may come straight out of the last
        lowering (touch and go).
        """
        if self._found:
            return True
        end = self._last_rest()
        return end >= bottom or height - max(self._heights[end:bottom + 1]) >= self.min_range

    def _last_rest(self) -> int:
        """Index of the last sample that ends a rest (``rest_seconds`` within a quarter of ``min_range``), or 0.

        A sample's rest is judged once: the samples before it never change (but
        for :meth:`revise`, which forgets what was judged), so each call looks
        only at the samples that came since the last one, newest first, and
        otherwise keeps the rest found before, while it is still in the signal.
        """
        times, heights = self._times, self._heights
        calm = self.min_range / 4
        judged, checked, rest = self._rests or (self.min_range, float("-inf"), None)
        if judged != self.min_range:
            checked, rest = float("-inf"), None
        found = None
        end = len(heights) - 1
        while end > 0 and times[end] > checked:
            first, low, high = window_back(times, heights, end, self.rest_seconds)
            if times[end] - times[first] >= self.rest_seconds and high - low <= calm:
                found = end
                break
            end -= 1
        if found is None and rest is not None:  # the rest found before, if its whole window is still kept
            at = bisect.bisect_left(times, rest)
            if at < len(times) and times[at] == rest and rest - times[0] >= self.rest_seconds:
                found = at
        if times:
            self._rests = (self.min_range, times[-1], None if found is None else times[found])
        return 0 if found is None else found

    def _bottom(self) -> int:
        """Index of the bottom the latest sample rises from: the lowest point back to a rest or a lowering.

        Walks back in time while the hip was lower: it stops where it had been
        still (within a quarter of ``min_range``) for ``rest_seconds``, or where
        it had come down from higher up. So a lifter who shifted before the set
        is measured from where they settled, and a slow lift from its real bottom.
        """
        times, heights = self._times, self._heights
        calm = self.min_range / 4
        i = lowest = len(heights) - 1
        anchor, anchor_time = heights[i], times[i]
        while i > 0:
            i -= 1
            if heights[i] > heights[lowest] + calm:
                break
            if heights[i] < heights[lowest]:
                lowest = i
                if heights[i] < anchor - calm:
                    anchor, anchor_time = heights[i], times[i]
            if anchor_time - times[i] >= self.rest_seconds:
                break
        return lowest

    def break_signal(self) -> list[MeasuredRep]:
        """The heights stopped (a camera lost) and start again from another zero: forget the signal, keep the reps.

        A rep under way is dropped, unless its lowering had come :data:`DOWN_SHARE`
        down: then it ends there, and is returned (as from :meth:`push`). The
        reps found so far still grade the ones to come (the set goes on), and the
        last one's bottom pause stays unknown.
        """
        self._window.clear()
        self._given.clear()
        ended = self._end(self._low) if self._rising and self._heights and self._come_down() else []
        self._times.clear()
        self._heights.clear()
        self._rising = False
        self._after_gap = bool(self._found)
        self._moves.clear()
        self._still_said = True  # stillness is counted again from the first sample after the break
        return ended

    @property
    def reps(self) -> list[MeasuredRep]:
        """Every rep so far, graded against the set so far (a rep's ``complete`` may change as the set goes on)."""
        return grade(self._found, self.planned_lower)

    def finish(self) -> list[MeasuredRep]:
        """The set has ended: a rep still under way counts if its lowering had come :data:`DOWN_SHARE` down.

        Otherwise (a lift or a hold cut off) it is dropped.
        """
        samples = list(self._window)
        half = self._span // 2
        first = half + 1 if len(samples) == self._span else 0
        for k in range(first, len(samples)):  # the last few, each the median of what is left around it
            around = sorted(h for _, h in samples[max(0, k - half):k + half + 1])
            self._step(samples[k][0], around[len(around) // 2])
        self._window.clear()
        if self._rising and self._come_down():
            self._end(self._low)
        return self.reps


class CounterOptions(TypedDict, total=False):
    """:class:`RepCounter`'s keyword settings, any of them, for :func:`count_reps` to pass on."""

    min_seconds: float
    rest_seconds: float
    despike: int
    planned_lower: float | None


def count_reps(samples: Iterable[tuple[float, float]], min_range: float,
               **options: Unpack[CounterOptions]) -> list[MeasuredRep]:
    """The reps of a whole recorded set of (time, height) samples."""
    counter = RepCounter(min_range, **options)
    for time, height in samples:
        counter.push(time, height)
    return counter.finish()
