"""What was actually lifted: reps with their phase times, sets, exercises, sessions.

Times inside a session are seconds since the session started (its
``started_at``), measured on the monotonic clock, so that they neither jump
with the wall clock nor lose precision in long sessions.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

import msgspec

from gymtimer.core.body import Lockout
from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Phase
from gymtimer.core.units import Unit, convert

#: Version of the session document; see docs/data-format.md.
SCHEMA_VERSION = 7

#: How a session or an exercise ended, in the one word every view uses.
DONE = "done"
ENDED_EARLY = "ended early"

#: A wall-clock time that must carry its UTC offset (a file without one is refused).
AwareDatetime = Annotated[dt.datetime, msgspec.Meta(tz=True)]
#: A video's file name, never a folder: where the lifter keeps their clips is their own business.
VideoName = Annotated[str, msgspec.Meta(min_length=1, max_length=255, pattern=r"^[^/\\\x00]+$")]
Pixels = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
BoxSide = Annotated[int, msgspec.Meta(ge=4, le=100_000)]


class Box(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The rectangle drawn around the hip on a video's first frame, in the video's pixels."""

    x: Pixels
    y: Pixels
    width: BoxSide
    height: BoxSide


class MeasuredSet(msgspec.Struct, forbid_unknown_fields=True):
    """A set as a video of it measured it, kept beside the set's paced reps (which stay as they were).

    Only the video's file name is kept, never a frame. Rep times are seconds from
    the video's first frame; ``planned_lower`` is the lowering the flags were
    measured against (the session's plan), ``None`` if there was none.
    """

    video: VideoName
    box: Box
    analysed_at: AwareDatetime
    reps: list[MeasuredRep] = msgspec.field(default_factory=list)
    planned_lower: Annotated[float, msgspec.Meta(gt=0, le=3600)] | None = None
    frames: Annotated[int, msgspec.Meta(ge=0)] = 0
    fps: Annotated[float, msgspec.Meta(ge=0, le=10_000)] = 0.0

    def __post_init__(self) -> None:
        for number, rep in enumerate(self.reps, start=1):
            times = (rep.start, rep.lift, rep.top, rep.lower, rep.range, 0.0 if rep.bottom is None else rep.bottom)
            if not all(math.isfinite(t) and t >= 0 for t in times):
                raise ValueError(f"measured rep {number} has a time or range that is not a number of 0 or more")

    @property
    def short(self) -> int:
        """Reps that did not reach 70 % of the set's usual range."""
        return sum(1 for rep in self.reps if not rep.complete)

    @property
    def too_fast(self) -> int:
        """Reps lowered in under 75 % of the planned lowering."""
        return sum(1 for rep in self.reps if rep.lowering_too_fast)


class RepRecord(msgspec.Struct, forbid_unknown_fields=True):
    """One rep: the side, when each of its phases started, when it ended, and any pause in it.

    ``phases`` and ``ended`` are on the session's clock, which runs on through a
    pause; ``pauses`` holds the seconds paused in each phase, which are not
    phase time nor time under tension. With the camera on, ``seen`` is what the
    camera measured of this rep (its ``start`` on the session's clock too), and
    ``not_seen`` says it was paced but no rep was seen: it is not counted, not
    lifted volume and not time under tension. A short ``seen`` rep is ``failed``.
    ``camera_away`` says the camera was lost for most of it: it could not be
    judged, and counts as paced. ``leg_seen`` is the leg the camera saw working
    (the planted foot of single-leg work, the leading one of a staggered stance),
    beside the scheduled ``side``; ``lockout`` its verdict on the rep's top.
    """

    side: Side
    phases: dict[Phase, float] = msgspec.field(default_factory=dict)
    ended: float | None = None
    failed: bool = False
    pauses: dict[Phase, float] = msgspec.field(default_factory=dict)
    seen: MeasuredRep | None = None
    not_seen: bool = False
    camera_away: bool = False
    leg_seen: Side | None = None
    lockout: Lockout | None = None

    def __post_init__(self) -> None:
        if self.leg_seen is Side.BOTH:
            raise ValueError("leg_seen is the one leg the camera saw working: left or right")

    @property
    def worked(self) -> Side:
        """The leg that did this rep: the one the camera saw where it saw one, else the scheduled side."""
        return self.side if self.leg_seen is None else self.leg_seen

    @property
    def counted(self) -> bool:
        """The rep counts: not failed, and not paced unseen with the camera on."""
        return not self.failed and not self.not_seen

    @property
    def started(self) -> float | None:
        return min(self.phases.values()) if self.phases else None

    @property
    def paused_seconds(self) -> float:
        """Seconds the lifter paused during this rep."""
        return sum(self.pauses.values())

    @property
    def tension_seconds(self) -> float:
        """Lift, squeeze and lower as they actually happened, pauses left out (none for a rep not seen)."""
        if self.ended is None or not self.phases or self.not_seen:
            return 0.0
        pauses = self.pauses  # most reps have none: a ten-year history is summed up rep by rep
        return max(0.0, self.ended - min(self.phases.values()) - (sum(pauses.values()) if pauses else 0.0))

    def phase_seconds(self, phase: Phase) -> float | None:
        """How long ``phase`` actually lasted in this rep, if it was recorded (its pauses left out)."""
        start = self.phases.get(phase)
        if start is None:
            return None
        later = [t for t in self.phases.values() if t > start]
        if self.ended is not None and self.ended > start and phase is not Phase.BOTTOM:
            later.append(self.ended)
        return max(0.0, min(later) - start - self.pauses.get(phase, 0.0)) if later else None


class SetRecord(msgspec.Struct, forbid_unknown_fields=True):
    """One set on one side (``both`` for two-leg and alternating work; each rep has its side).

    A rep counts on the leg that worked it (:attr:`RepRecord.worked`): a rep of the left side's
    set that the camera saw lifted on the right leg is the right leg's, in the reps by side.
    """

    number: int
    side: Side
    target: int
    load: float
    unit: Unit
    started: float
    ended: float | None = None
    reps: list[RepRecord] = msgspec.field(default_factory=list)
    ended_early: bool = False
    rest_after: float | None = None
    rpe: float | None = None
    note: str = ""
    measured: MeasuredSet | None = None
    watched: bool = False

    def done(self, side: Side | None = None) -> int:
        """Reps that counted (not failed, not paced unseen), on ``side`` (the leg that :attr:`~RepRecord.worked`) or all."""
        return sum(1 for r in self.reps if r.counted and (side is None or r.worked is side))

    def done_by_side(self) -> dict[Side, int]:
        """Reps that counted, by the leg that worked them, in one walk over the reps (for long histories)."""
        counts: dict[Side, int] = {}
        for rep in self.reps:
            if rep.counted:
                counts[rep.worked] = counts.get(rep.worked, 0) + 1
        return counts

    def failed(self, side: Side | None = None) -> int:
        return sum(1 for r in self.reps if r.failed and (side is None or r.worked is side))

    def not_seen(self, side: Side | None = None) -> int:
        """Reps paced with the camera on that the camera did not see (not counted)."""
        return sum(1 for r in self.reps if r.not_seen and (side is None or r.worked is side))

    def away(self, side: Side | None = None) -> int:
        """Reps counted as paced because the camera was lost for most of them."""
        return sum(1 for r in self.reps if r.camera_away and r.counted and (side is None or r.worked is side))

    @property
    def paced_count(self) -> int:
        """Reps the metronome paced (or, following the lifter, led) in this set, whatever came of them."""
        return len(self.reps)

    @property
    def seen_count(self) -> int:
        """Reps the camera saw in this set (complete or short)."""
        return sum(1 for r in self.reps if r.seen is not None)

    @property
    def camera_reps(self) -> list[MeasuredRep]:
        """What a camera measured of this set: a video's reps when it was filmed, else the reps seen live."""
        if self.measured is not None and self.measured.reps:
            return list(self.measured.reps)
        return [r.seen for r in self.reps if r.seen is not None]

    @property
    def short(self) -> int:
        """Reps a camera measured that did not reach the set's usual range."""
        return sum(1 for rep in self.camera_reps if not rep.complete)

    @property
    def too_fast(self) -> int:
        """Lowerings a camera measured under 75 % of the planned lowering."""
        return sum(1 for rep in self.camera_reps if rep.lowering_too_fast)

    @property
    def measured_lowerings(self) -> list[float]:
        """Each lowering a camera measured, in seconds: every rep of a filmed set, or the counted reps seen live.

        These are what the Tempo chart shows as measured; the set's other reps are charted as paced.
        """
        if self.measured is not None and self.measured.reps:
            return [rep.lower for rep in self.measured.reps]
        return [r.seen.lower for r in self.reps if r.seen is not None and r.counted]

    @property
    def mean_measured_lower(self) -> float | None:
        lowerings = self.measured_lowerings
        return sum(lowerings) / len(lowerings) if lowerings else None

    @property
    def tension_seconds(self) -> float:
        return sum(r.tension_seconds for r in self.reps)

    @property
    def volume(self) -> float:
        """Load × reps done, in the set's unit."""
        return self.load * self.done()

    def volume_in(self, unit: Unit) -> float:
        """Load × reps done, in ``unit``."""
        return convert(self.volume, self.unit, unit)

    def load_in(self, unit: Unit) -> float:
        return convert(self.load, self.unit, unit)


class ExerciseRecord(msgspec.Struct, forbid_unknown_fields=True):
    """One exercise of a session: the preset as it was, and every set done.

    ``preset_id`` stays with the preset when it is renamed; ``preset_name`` is its name on the day.
    """

    preset_name: str
    variation: Variation
    plan: Plan
    started: float | None = None
    ended: float | None = None
    sets: list[SetRecord] = msgspec.field(default_factory=list)
    abandoned: bool = False
    preset_id: str = ""

    def done(self, side: Side | None = None) -> int:
        return sum(s.done(side) for s in self.sets)

    def failed(self, side: Side | None = None) -> int:
        return sum(s.failed(side) for s in self.sets)

    def not_seen(self, side: Side | None = None) -> int:
        """Reps paced with the camera on that it did not see (not counted)."""
        return sum(s.not_seen(side) for s in self.sets)

    def away(self, side: Side | None = None) -> int:
        """Reps counted as paced because the camera was lost for most of them."""
        return sum(s.away(side) for s in self.sets)

    def toward(self, record: SetRecord) -> tuple[int, int]:
        """The reps done and not seen toward ``record``'s target: its own; one leg at a time, every rep its
        leg worked in that set, so that a rep the camera saw on the other leg counts where it was lifted
        (the left's set lifts one more then, the right's one fewer, and neither stopped short)."""
        if record.side is Side.BOTH or self.plan.laterality is not Laterality.PER_LEG:
            return record.done(), record.not_seen()
        same = [s for s in self.sets if s.number == record.number]
        return sum(s.done(record.side) for s in same), sum(s.not_seen(record.side) for s in same)

    @property
    def watched(self) -> bool:
        """At least one set was lifted with the camera on."""
        return any(s.watched for s in self.sets)

    @property
    def paced_count(self) -> int:
        return sum(s.paced_count for s in self.sets)

    @property
    def seen_count(self) -> int:
        return sum(s.seen_count for s in self.sets)

    @property
    def set_count(self) -> int:
        """Sets with at least one rep (a one-leg set counts once for both sides)."""
        return len({s.number for s in self.sets if s.reps})

    @property
    def tension_seconds(self) -> float:
        return sum(s.tension_seconds for s in self.sets)

    @property
    def unit(self) -> Unit:
        """The unit the exercise's loads are summed up in: its first lifted set's, as entered."""
        return next((s.unit for s in self.sets if s.reps), self.plan.unit)

    @property
    def volume(self) -> float:
        """Load × reps done over every set, in :attr:`unit` (a set entered in the other unit converted)."""
        unit = self.unit
        return sum(s.volume_in(unit) for s in self.sets)

    @property
    def top_load(self) -> float:
        """The heaviest load of a set with a rep done, in :attr:`unit`."""
        unit = self.unit
        return max((s.load_in(unit) for s in self.sets if s.done()), default=0.0)

    @property
    def short(self) -> int:
        return sum(s.short for s in self.sets)

    @property
    def too_fast(self) -> int:
        return sum(s.too_fast for s in self.sets)

    @property
    def ended_early(self) -> bool:
        """Stopped before its plan: the workout ended with Esc, a set ended with Esc, or fewer sets lifted."""
        return self.abandoned or self.set_count < self.plan.sets or any(s.ended_early for s in self.sets)

    @property
    def outcome(self) -> str:
        """:data:`DONE` or :data:`ENDED_EARLY`, the word every view uses."""
        return ENDED_EARLY if self.ended_early else DONE

    @property
    def ending(self) -> str:
        """The outcome with what it stopped at: "done"; "ended early" (Esc); "ended at 2 of 12" when sets
        stopped before their target (racked in follow mode, or Esc), each such set's count ("2 of 12, 5 of 12")."""
        if self.abandoned or not self.ended_early:
            return self.outcome
        short = [s for s in self.sets if s.reps and s.ended_early]
        if not short:
            return self.outcome
        return "ended at " + ", ".join(f"{self.toward(s)[0]} of {s.target}" for s in short)

    def all_reps(self) -> list[RepRecord]:
        return [rep for s in self.sets for rep in s.reps]


class SessionRecord(msgspec.Struct, forbid_unknown_fields=True):
    """A training session: one or more exercises done one after the other."""

    id: str
    started_at: AwareDatetime
    app_version: str
    exercises: list[ExerciseRecord] = msgspec.field(default_factory=list)
    ended_at: AwareDatetime | None = None
    interrupted: bool = False
    schema_version: int = SCHEMA_VERSION
    #: The app a session was brought in from (``"Strong"``, ``"Hevy"``); empty for one lifted here.
    #: An imported session's reps have no phase times: no time under tension, no tempo.
    imported_from: str = ""

    @property
    def imported(self) -> bool:
        """Brought in from another app's export: its reps were counted there, never timed here."""
        return bool(self.imported_from)

    @property
    def duration_seconds(self) -> float:
        """From the session's start to the end of its last exercise: the time spent lifting and resting.

        The time the summary page stayed open afterwards is not in it. A session whose
        exercises have no end (none was lifted) lasts until ``ended_at``.
        """
        ends = [e.ended for e in self.exercises if e.ended is not None]
        if ends:
            return max(ends)
        if self.ended_at is None:
            return 0.0
        return (self.ended_at - self.started_at).total_seconds()

    def done(self, side: Side | None = None) -> int:
        return sum(e.done(side) for e in self.exercises)

    def failed(self, side: Side | None = None) -> int:
        return sum(e.failed(side) for e in self.exercises)

    def not_seen(self, side: Side | None = None) -> int:
        return sum(e.not_seen(side) for e in self.exercises)

    def sets(self) -> list[SetRecord]:
        return [record for exercise in self.exercises for record in exercise.sets]

    @property
    def set_count(self) -> int:
        return sum(e.set_count for e in self.exercises)

    @property
    def tension_seconds(self) -> float:
        return sum(e.tension_seconds for e in self.exercises)

    def volume_in(self, unit: Unit) -> float:
        """Load × reps done over every set, in ``unit`` (sets may have been entered in kg or lb)."""
        return sum(record.volume_in(unit) for record in self.sets())

    @property
    def ended_early(self) -> bool:
        return any(e.ended_early for e in self.exercises)

    @property
    def outcome(self) -> str:
        """:data:`DONE` or :data:`ENDED_EARLY`, the word every view uses."""
        return ENDED_EARLY if self.ended_early else DONE
