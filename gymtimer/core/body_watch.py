"""The body over a set, as the pose model sees it: its recent frames, the floor under them, each rep judged.

Plain Python over :mod:`gymtimer.core.body`'s geometry, for the live coach
(``gymtimer/core/coach.py``): each :class:`~gymtimer.core.camera_events.BodySeen`
frame is kept for :data:`KEPT_SECONDS` (the reps of a set and the floor under
them); within a rep, :meth:`BodyWatch.leg_now` says which leg works as soon as
the latest frames agree; when the rep is measured, :meth:`BodyWatch.judge` gives
its working leg (from the frames of the rep) and its lockout (from the frames of
its top). Without frames (no pose model) it says nothing, and the workout is as
it was without it.

Which leg works is told the way the variation is lifted (:func:`stance_of`): the
planted foot in single-leg work (the other one raised all the rep, or, eccentric,
from the top through the lowering), the leading foot in a staggered stance. The
lifter's own left and right come from the side of their body they said faces the
camera (``facing``): without it, the legs are not named.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Sequence

import msgspec

from gymtimer.core.body import Floor, Landmarks, Lockout, find_floor, leading_leg, lockout, working_leg
from gymtimer.core.plan import Side
from gymtimer.core.presets import Variation
from gymtimer.core.reps import MeasuredRep

#: Frames kept: a set of slow reps (6 reps of 5 s) and the floor under it.
KEPT_SECONDS = 40.0
#: At most this many frames, whatever the model's rate (40 s at 30 a second).
MOST_FRAMES = 1200
#: The floor is found again from the kept frames every this many new frames (its medians cost about a millisecond).
FLOOR_EVERY = 15
#: Within a rep, the leg is named from the frames of this last half second, once they agree ("the foot is clear").
CLEAR_SECONDS = 0.5
#: ... and from no fewer frames than this (a model running at 8 a second gives 4 in half a second).
CLEAR_FRAMES = 3
#: A rep with no squeeze is judged on the frames this close to its top.
TOP_SECONDS = 0.15


class Stance(enum.StrEnum):
    """How the variation tells the working leg."""

    BOTH = "both"  #: both legs work: no leg is named
    RAISED = "raised"  #: single-leg: the other foot is up the whole rep
    RAISED_AT_TOP = "raised_at_top"  #: eccentric single-leg: lifted on two, a foot up from the top through the lowering
    STAGGERED = "staggered"  #: the leading foot (nearer the hips) does most of the work


def stance_of(variation: Variation) -> Stance:
    """How ``variation`` tells its working leg."""
    return {Variation.SINGLE_LEG: Stance.RAISED, Variation.ECCENTRIC_SINGLE_LEG: Stance.RAISED_AT_TOP,
            Variation.STAGGERED_STANCE: Stance.STAGGERED}.get(variation, Stance.BOTH)


def on_bench(variation: Variation) -> bool | None:
    """The shoulders rest on a bench (every hip thrust here); None when the lockout's angles do not apply.

    A reverse hip thrust is lifted face down: the angles of a thrust's top on its back say nothing of it.
    A bridge or frog pumps (shoulders on the floor) would be ``False``; no variation here is lifted so.
    """
    return None if variation is Variation.REVERSE else True


class RepBody(msgspec.Struct, frozen=True):
    """What the camera saw of the body in one rep: the leg that worked (None: not told) and the lockout."""

    leg: Side | None = None
    lockout: Lockout | None = None


class BodyWatch:
    """The frames of the last :data:`KEPT_SECONDS`, the floor under them, and the verdicts drawn from them.

    ``facing`` is the side of the lifter's body nearer the camera (None: not said, the legs go unnamed);
    ``stance`` how the working leg is told; ``bench`` what the lockout is judged against (None: not judged).
    """

    def __init__(self, facing: Side | None, stance: Stance, bench: bool | None) -> None:
        self.facing = facing if facing is not Side.BOTH else None
        self.stance = stance
        self.bench = bench
        self._frames: deque[Landmarks] = deque(maxlen=MOST_FRAMES)
        self._floor: Floor | None = None
        self._since_floor = 0

    @classmethod
    def for_variation(cls, variation: Variation, facing: Side | None) -> BodyWatch:
        return cls(facing, stance_of(variation), on_bench(variation))

    @property
    def names_legs(self) -> bool:
        """The working leg can be named: a one-leg stance and the side facing the camera said."""
        return self.facing is not None and self.stance is not Stance.BOTH

    def __len__(self) -> int:
        return len(self._frames)

    def add(self, frame: Landmarks) -> None:
        """One frame's landmarks (``frame.t`` on the workout's clock); a frame older than the last is dropped."""
        frames = self._frames
        if frames and frame.t < frames[-1].t:
            return
        frames.append(frame)
        while frames[0].t < frame.t - KEPT_SECONDS:
            frames.popleft()
        self._since_floor += 1
        if self._floor is None or self._since_floor >= FLOOR_EVERY:
            self._floor = find_floor(frames)
            self._since_floor = 0

    @property
    def floor(self) -> Floor | None:
        """The floor line under the kept frames; None before a foot was seen."""
        return self._floor

    def between(self, start: float, end: float) -> list[Landmarks]:
        """The kept frames taken from ``start`` to ``end`` (the workout's clock), in order."""
        picked: list[Landmarks] = []
        for frame in reversed(self._frames):
            if frame.t < start:
                break
            if frame.t <= end:
                picked.append(frame)
        picked.reverse()
        return picked

    def _leg(self, frames: Sequence[Landmarks]) -> Side | None:
        floor, facing = self._floor, self.facing
        if floor is None or facing is None or not frames:
            return None
        if self.stance is Stance.STAGGERED:
            return leading_leg(frames, floor, facing)
        if self.stance in (Stance.RAISED, Stance.RAISED_AT_TOP):
            return working_leg(frames, floor, facing)
        return None

    def leg_now(self, since: float) -> Side | None:
        """Within a rep begun at ``since``: the working leg once the latest frames agree on it, else None."""
        if not self.names_legs or not self._frames:
            return None
        latest = self._frames[-1].t
        frames = self.between(max(since, latest - CLEAR_SECONDS), latest)
        return self._leg(frames) if len(frames) >= CLEAR_FRAMES else None

    def judge(self, rep: MeasuredRep) -> RepBody:
        """A measured rep (its times on the workout's clock): the leg from its frames, the lockout from its top's.

        The leg of an eccentric single-leg rep is told from its top on (it is lifted on both feet). A short rep
        gets no lockout verdict: it did not reach the top ("SHORT" says so).
        """
        floor = self._floor
        if floor is None:
            return RepBody()
        top_start = rep.start + rep.lift
        top_end = top_start + rep.top
        leg = None
        if self.names_legs:
            first = top_start if self.stance is Stance.RAISED_AT_TOP else rep.start
            leg = self._leg(self.between(first, rep.lowering_ends))
        verdict = None
        if self.bench is not None and rep.complete:
            top = self.between(top_start, top_end) if rep.top > 0 else []
            if not top:
                top = self.between(top_start - TOP_SECONDS, top_start + TOP_SECONDS)
            verdict = lockout(top, floor, bench=self.bench) if top else None
        return RepBody(leg, verdict)
