"""Reps measured from the hip's height: when each rep's phases began and ended, its range, its flags.

Fed one timestamped height at a time (up positive, in any unit: pixels of a
video), so that a live camera gets each rep as soon as its lowering ends.
The measurement rule is :func:`measure_rep`, and nowhere else; the detector
around it only decides which stretch of the signal is one rep (docs/vision.md).
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable

import msgspec

from gymtimer.core.tempo import Phase

#: Share of the set's median complete range a rep must reach to be complete, not short.
COMPLETE_SHARE = 0.70
#: Share of the planned lowering under which a lowering is too fast.
TOO_FAST_SHARE = 0.75
#: Seconds of signal kept while waiting for a rep (a rest between sets can be long).
KEEP_SECONDS = 30.0
#: The low and high crossings of a rep, as shares of its own range.
LOW, HIGH = 0.10, 0.90
#: Follow mode's top: no new high by more than this share of the rise so far, for TOP_QUIET_SECONDS.
TOP_BAND_SHARE = 0.04
TOP_QUIET_SECONDS = 0.2
#: Follow mode's lowering: the hip has come down this share of the rise from its peak.
LOWER_SHARE = 0.08
#: Hips within a quarter of ``min_range`` for this long, between reps, are still (the bar racked).
STILL_SECONDS = 5.0


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


def measure_rep(times: list[float], heights: list[float], peak: int, end: int) -> MeasuredRep:
    """THE rule (issue 14): phases of the rep from ``times[0]`` (its bottom) to ``end``.

    ``heights[0]`` is the rep's start height (the bottom it rises from), ``peak``
    the index of its highest sample, and ``end`` the first index after the peak
    below the rep's 10 % level. Range = peak − start height. ``u10``/``u90``
    are the upward crossings of the 10 % and 90 % levels (the last time the hip
    leaves the 10 % band before the peak, then its first reach of 90 %),
    ``d90``/``d10`` the downward ones (the first time under 10 % after the peak,
    and before it the last time under 90 %), each interpolated between frames.
    As if the speed were steady through the middle 80 %::

        lift  = (u90 − u10) / 0.8        start = u10 − 0.1·lift
        lower = (d10 − d90) / 0.8        lowering ends at d10 + 0.1·lower
        top   = (d90 − 0.1·lower) − (u90 + 0.1·lift), at least 0
    """
    base = heights[0]
    span = heights[peak] - base
    low, high = base + LOW * span, base + HIGH * span
    middle = HIGH - LOW
    i = peak
    while heights[i - 1] >= low:  # heights[0] is the base, below the low level: this stops
        i -= 1
    u10 = _crossing(times[i - 1], heights[i - 1], times[i], heights[i], low)
    while heights[i] < high:
        i += 1
    u90 = _crossing(times[i - 1], heights[i - 1], times[i], heights[i], high)
    d10 = _crossing(times[end - 1], heights[end - 1], times[end], heights[end], low)
    j = end
    while heights[j - 1] < high:
        j -= 1
    d90 = _crossing(times[j - 1], heights[j - 1], times[j], heights[j], high)
    lift = (u90 - u10) / middle
    lower = (d10 - d90) / middle
    top = max(0.0, (d90 - LOW * lower) - (u90 + LOW * lift))
    return MeasuredRep(start=u10 - LOW * lift, lift=lift, top=top, lower=lower, bottom=None, range=span)


def grade(reps: list[MeasuredRep], planned_lower: float | None = None) -> list[MeasuredRep]:
    """The set-level flags: complete against the median range of the set's complete reps, too fast.

    The complete reps and their median depend on each other: start from every
    rep and drop the short ones until the set of complete reps stops changing.
    """
    if not reps:
        return []
    complete = [True] * len(reps)
    for _ in range(len(reps)):
        median = statistics.median(r.range for r, c in zip(reps, complete) if c)
        again = [r.range >= COMPLETE_SHARE * median for r in reps]
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

    Two thresholds keep jitter from counting twice: a rep begins only once the
    hip has risen ``min_range`` above its bottom (see :meth:`_bottom`; the
    rep's start height, re-zeroed at each bottom), and ends only when it falls
    back under that rep's own 10 % level. A rep shorter
    than ``min_seconds`` from its 10 % rise to its 10 % fall (a camera bump)
    is no rep. Heights pass through a running median of ``despike`` samples
    first, which removes a one- or two-frame jolt and delays by half of it.
    """

    def __init__(self, min_range: float, *, min_seconds: float = 0.6, rest_seconds: float = 1.0,
                 despike: int = 5, planned_lower: float | None = None) -> None:
        if min_range <= 0:
            raise ValueError("min_range must be above 0")
        self.min_range = min_range
        self.min_seconds = min_seconds
        self.rest_seconds = rest_seconds
        self.planned_lower = planned_lower
        self._window: deque[tuple[float, float]] = deque(maxlen=max(1, despike | 1))
        self._found: list[MeasuredRep] = []
        # The stretch of signal from the lowest point since the last rep.
        self._times: list[float] = []
        self._heights: list[float] = []
        self._rising = False
        self._peak = 0
        self._last_time: float | None = None
        self._after_gap = False
        # Follow mode's moves: the phases of the rep under way seen beginning, and stillness between reps.
        self._moves: list[PhaseSeen | Still] = []
        self._topped = self._lowering = False
        self._anchor = (0.0, 0.0)  # the top's candidate: (time, height) the rise last went on from
        self._near_peak = 0.0  # the last time the hip was at its peak, within the top's band
        self._near_height = 0.0
        self._still = (0.0, 0.0, 0.0)  # since when, lowest, highest
        self._still_said = True

    def push(self, time: float, height: float) -> list[MeasuredRep]:
        """Take one sample; returns the reps whose lowering ended with it (usually none)."""
        if self._last_time is not None and time <= self._last_time:
            return []  # a repeated or out-of-order timestamp carries no new motion
        self._last_time = time
        self._window.append((time, height))
        if len(self._window) < self._window.maxlen:
            return []
        ordered = sorted(h for _, h in self._window)
        middle = len(self._window) // 2
        return self._step(self._window[middle][0], ordered[middle])

    def _step(self, time: float, height: float) -> list[MeasuredRep]:
        times, heights = self._times, self._heights
        times.append(time)
        heights.append(height)
        if not self._rising:
            self._watch_still(time, height)
            if time - times[0] > KEEP_SECONDS:
                del times[:len(times) // 2], heights[:len(heights) // 2]
            bottom = self._bottom()
            if height - heights[bottom] >= self.min_range:  # the rep rises from its bottom, re-zeroed there
                del times[:bottom], heights[:bottom]
                self._rising = True
                self._peak = max(range(len(heights)), key=heights.__getitem__)
                self._lifted(time, height)
            return []
        self._follow_top(time, height)
        if height > heights[self._peak]:
            self._peak = len(heights) - 1
            return []
        if height >= heights[0] + LOW * (heights[self._peak] - heights[0]):
            return []
        rep = measure_rep(times, heights, self._peak, len(heights) - 1)
        self._rising = False
        self._still = (time, height, height)
        self._still_said = False
        del times[:-1], heights[:-1]
        d10 = rep.lowering_ends - LOW * rep.lower
        u10 = rep.start + LOW * rep.lift
        if d10 - u10 < self.min_seconds:
            return []
        if self._found and not self._after_gap:
            previous = self._found[-1]
            self._found[-1] = msgspec.structs.replace(previous, bottom=max(0.0, rep.start - previous.lowering_ends))
        self._found.append(rep)
        self._after_gap = False
        return grade(self._found, self.planned_lower)[-1:]

    # Follow mode: when each phase begins, as soon as it can be told.

    def _say(self, phase: Phase, at: float) -> None:
        latest = self._window[-1][0] if self._window else at
        self._moves.append(PhaseSeen(phase, at, max(0.0, latest - at)))

    def _lifted(self, time: float, height: float) -> None:
        """The rise passed ``min_range``: the lift began where the straight line from the bottom band's
        last sample through this one leaves the bottom."""
        times, heights = self._times, self._heights
        base, calm = heights[0], self.min_range / 4
        j = len(heights) - 1
        while j > 0 and heights[j - 1] > base + calm:
            j -= 1
        left = _crossing(times[j - 1], heights[j - 1], times[j], heights[j], base + calm) if j > 0 else times[0]
        slope = (height - base - calm) / (time - left) if time > left else 0.0
        began = left - calm / slope if slope > 0 else left
        self._topped = self._lowering = False
        self._anchor = (time, height)
        self._near_peak, self._near_height = time, height
        self._say(Phase.LIFT, max(times[0], began))

    def _follow_top(self, time: float, height: float) -> None:
        """The top: the rise stopped near its peak for a moment. The lowering: down a clear share from it.

        Called before the peak is updated with this sample. The top began where
        the hip first came within the band of its peak (walked back over the
        samples just under it); the lowering where the line from the last
        sample near the peak through this one leaves the peak.
        """
        times, heights = self._times, self._heights
        base = heights[0]
        peak = max(heights[self._peak], height)
        rise = peak - base
        band = TOP_BAND_SHARE * rise
        if height >= heights[self._peak] and not self._lowering:  # a new high: where did the hip reach it?
            j = len(heights) - 1
            while j > 0 and heights[j - 1] >= peak - band:
                j -= 1
            self._anchor = (times[j], heights[j])
        if height >= peak - band:
            self._near_peak = time
            self._near_height = height
        if not self._topped and not self._lowering and time - self._anchor[0] >= TOP_QUIET_SECONDS:
            self._topped = True
            self._say(Phase.SQUEEZE, self._anchor[0])
        if not self._lowering and height < peak - LOWER_SHARE * rise:
            self._lowering = True
            t1, h1 = self._near_peak, self._near_height
            slope = (h1 - height) / (time - t1) if time > t1 else 0.0
            began = t1 - (peak - h1) / slope if slope > 0 else t1
            self._say(Phase.LOWER, max(self._anchor[0], began))

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

    def break_signal(self) -> None:
        """The heights stopped (a camera lost) and start again from another zero: forget the signal, keep the reps.

        A rep under way is dropped; the reps found so far still grade the ones
        to come (the set goes on), and the last one's bottom pause stays unknown.
        """
        self._window.clear()
        self._times.clear()
        self._heights.clear()
        self._rising = False
        self._after_gap = bool(self._found)
        self._moves.clear()
        self._still_said = True  # stillness is counted again from the first sample after the break

    @property
    def reps(self) -> list[MeasuredRep]:
        """Every rep so far, graded against the set so far (a rep's ``complete`` may change as the set goes on)."""
        return grade(self._found, self.planned_lower)

    def finish(self) -> list[MeasuredRep]:
        """The set has ended: a rep still under way (no lowering to its 10 % level) is dropped."""
        samples = list(self._window)
        half = self._window.maxlen // 2
        first = half + 1 if len(samples) == self._window.maxlen else 0
        for k in range(first, len(samples)):  # the last few, each the median of what is left around it
            around = sorted(h for _, h in samples[max(0, k - half):k + half + 1])
            self._step(samples[k][0], around[len(around) // 2])
        self._window.clear()
        return self.reps


def count_reps(samples: Iterable[tuple[float, float]], min_range: float, **options) -> list[MeasuredRep]:
    """The reps of a whole recorded set of (time, height) samples."""
    counter = RepCounter(min_range, **options)
    for time, height in samples:
        counter.push(time, height)
    return counter.finish()
