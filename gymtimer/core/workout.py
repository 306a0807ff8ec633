"""The workout state machine: paces every rep of one exercise from an injected clock.

The machine never reads a clock. Every call is handed ``now`` (seconds on a
monotonic clock) and returns the events that happened up to ``now``. Each
phase boundary is computed from the start of its bout (the reps done on one
side without a break) as ``bout_start + slot × rep_length + offset``, never by
adding up steps, so calling :meth:`Workout.advance` every millisecond or every
five seconds gives exactly the same timeline, and an hour does not drift.

Pausing freezes the machine's own clock: ``active = now - origin - paused``.

With the camera on (``watched``), the camera's verdicts come in as calls too:
:meth:`Workout.rep_seen` stores a seen rep on the paced rep it overlaps most
(a short one fails it), and :meth:`Workout.rep_not_seen` marks the paced reps
the camera did not see within :data:`SEEN_GRACE_SECONDS` of their lowering's
end (not counted, not replaced). Following the lifter (``follow``), the rep's
phases are entered when the camera sees them begin (:meth:`Workout.phase_seen`),
the bottom and the lowering stay open until the lifter moves, and only the
squeeze hold and the lowering's ticks are timed: an open phase has no boundary,
so :meth:`Workout.next_wakeup` and :meth:`Workout.forecast` see nothing past it.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from typing import TypedDict, Unpack

import msgspec

from gymtimer.core.body import Lockout
from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SetRecord
from gymtimer.core.reps import STILL_SECONDS, MeasuredRep
from gymtimer.core.tempo import REP_PHASES, Phase

#: "Next set in ten seconds".
REST_WARNING_SECONDS = 10.0
#: Spoken/heard countdown at the end of the lead-in, the side switch and the rest.
COUNTDOWN_FROM = 3
#: Step of the lifter's + and - keys during the rest.
REST_STEP_SECONDS = 15.0
#: How far ahead the driver forecasts by default: the cues are planned this early.
FORECAST_SECONDS = 1.5
#: A paced rep whose lowering ended this long ago with no rep seen is not seen (the camera's
#: measurement of a rep comes at most about 0.3 s after its lowering ends).
SEEN_GRACE_SECONDS = 1.0
#: Following the lifter, hips still this long after a rep mean the bar is racked: the set ends.
RACK_STILL_SECONDS = STILL_SECONDS
#: Following, the set ends this long after racking is announced ("racking? the set ends in 3…2…1"),
#: unless the lifter moves.
RACK_COUNTDOWN_SECONDS = float(COUNTDOWN_FROM)
#: A paced rep the camera was lost for more than this share of is not judged: it counts as paced.
AWAY_SHARE = 0.5
#: One leg at a time, a bout lifts on while its leg owes reps (the camera saw some on the other leg), but never
#: more than this many times its reps.
BOUT_AT_MOST = 2


class EventKind(enum.StrEnum):
    """What can happen in a workout."""

    WORKOUT_STARTED = "workout_started"
    PHASE_STARTED = "phase_started"
    TICK = "tick"  #: one whole second in the lowering, or a countdown second (``count`` left)
    SET_STARTED = "set_started"
    REP_COUNTED = "rep_counted"
    REP_FAILED = "rep_failed"
    REP_UNDONE = "rep_undone"
    REP_NOT_SEEN = "rep_not_seen"  #: paced with the camera on, nothing seen: not counted (``rep`` is the new count)
    REP_SEEN = "rep_seen"  #: pacing, the camera's measurement was stored on a paced rep (the record changed)
    RACKING_CANCELLED = "racking_cancelled"  #: following, the lifter moved during "the set ends in 3…2…1"
    SIDE_SWITCHED = "side_switched"
    SET_FINISHED = "set_finished"
    REST_STARTED = "rest_started"
    REST_ENDING_SOON = "rest_ending_soon"
    REST_CHANGED = "rest_changed"
    REST_FINISHED = "rest_finished"
    PAUSED = "paused"
    RESUMED = "resumed"
    WORKOUT_FINISHED = "workout_finished"


class Event(msgspec.Struct, frozen=True):
    """One thing that happened, at ``at`` on the caller's clock.

    Event and Status are Structs, like the records: defined in C, they do not
    cost the start-up what two dataclasses do (docs/performance.md), and they are made many
    times a second.
    """

    kind: EventKind
    at: float
    phase: Phase = Phase.READY
    duration: float = 0.0
    side: Side = Side.BOTH
    set_number: int = 0
    reps_done: int = 0  #: reps done on ``side`` in this set, after a count, fail or undo (not Status.rep_number)
    count: int = 0  #: seconds left, for ticks
    early: bool = False  #: a set ended, or a workout abandoned, before its plan


class EventFields(TypedDict, total=False):
    """:class:`Event`'s fields after ``kind`` and ``at``, any of them, as the workout fills them in."""

    phase: Phase
    duration: float
    side: Side
    set_number: int
    reps_done: int
    count: int
    early: bool


class Status(msgspec.Struct, frozen=True):
    """What the workout screen shows at one moment."""

    phase: Phase
    phase_elapsed: float
    phase_length: float
    paused: bool
    set_number: int
    sets: int
    side: Side
    reps_target: int
    counts: dict[Side, int] = msgspec.field(default_factory=dict)
    failed: dict[Side, int] = msgspec.field(default_factory=dict)
    #: Reps still owed on each side in the set shown: what counted, failed (when not made up) and
    #: went unseen by the camera (never made up) are taken off the target.
    owed: dict[Side, int] = msgspec.field(default_factory=dict)
    rep_number: int = 0  #: the rep in progress on ``side`` (1-based), 0 when none
    next_phase: Phase | None = None
    next_length: float = 0.0
    next_side: Side = Side.BOTH

    @property
    def phase_remaining(self) -> float:
        return max(0.0, self.phase_length - self.phase_elapsed)

    @property
    def progress(self) -> float:
        """0 to 1 through the current phase."""
        if not math.isfinite(self.phase_length) or self.phase_length <= 0:
            return 0.0
        return min(1.0, max(0.0, self.phase_elapsed / self.phase_length))


_COUNTDOWN_PHASES = (Phase.LEAD_IN, Phase.SWITCH, Phase.REST)


class _Following(msgspec.Struct, frozen=True):
    """Following the lifter: the rep in progress (or the one awaited) waits for the camera.

    Replaced whole, never changed in place, so that it resets together (a
    bout's end, the camera lost) and a forecast's shadow machine shares it safely.
    """

    hold_end: float = 0.0  #: when the squeeze hold ends (from the real top, never before it was seen)
    lower_prompted: bool = False  #: the lowering was entered by the hold's end, not seen
    rack_at: float | None = None  #: racking announced at the bottom: when the set ends unless the lifter moves


class Workout:
    """One exercise, paced phase by phase; ``origin`` is the session's start on the caller's clock."""

    def __init__(
        self,
        plan: Plan,
        *,
        origin: float = 0.0,
        preset_name: str = "",
        variation: Variation = Variation.BARBELL,
        preset_id: str = "",
        watched: bool = False,
        follow: bool = False,
    ) -> None:
        self.plan = plan
        #: Follow mode: the rep's phases wait for the camera (while it is on); pacing is the default.
        self.follow = follow
        self.record = ExerciseRecord(preset_name=preset_name, variation=variation, plan=plan, preset_id=preset_id)
        self._origin = origin
        self._paused_total = 0.0
        self._paused_at: float | None = None  # caller's clock
        self._phase = Phase.READY
        self._phase_start = 0.0  # active clock
        self._phase_length = math.inf
        self._marks: list[tuple[float, EventKind, int]] = []
        self._mark_index = 0
        self._set_index = 0
        self._set_start_side = plan.start_side
        self._bout_sides: list[Side] = []
        self._bout_index = 0
        self._bout_start = 0.0
        self._bout_record: SetRecord | None = None
        self._slot = 0
        self._slot_phase = 0
        self._rep: RepRecord | None = None
        self._rep_failed = False
        self._forced_side: Side | None = None
        self._rest_length = plan.rest
        #: Since when (the session's clock) the camera has watched without a break; None while it is off or lost.
        self._watch_since: float | None = -math.inf if watched else None
        #: The camera was on for this exercise: its paced reps are judged by what it saw.
        self._camera_exercise = watched
        self._away: list[list[float]] = []  # [lost, back] on the session's clock; an open span has one time
        self._seen_in: dict[int, list[MeasuredRep]] = {}  # the seen reps of each set record, by id
        self._pending: list[RepRecord] = []  # paced reps ended with nothing seen yet: judged after the grace
        self._lifter_failed: set[int] = set()  # ids of reps the lifter marked failed (F)
        self._follow: _Following | None = None  # None: the metronome paces the rep in progress
        self._undone: list[tuple[float, float]] = []  # spans of reps undone: a late measurement stays off them
        #: What the camera saw of the body in each seen rep, by the measurement's id (the measurement is kept
        #: with it, so that its id is never another's): the leg, the lockout.
        self._body: dict[int, tuple[MeasuredRep, Side | None, Lockout | None]] = {}
        tempo = plan.tempo
        self._rep_phases = [p for p in REP_PHASES if tempo.seconds(p) > 0]
        self._offsets = [0.0]
        for p in self._rep_phases:
            self._offsets.append(self._offsets[-1] + tempo.seconds(p))
        self._rep_length = self._offsets[-1]

    # ----------------------------------------------------------------- reading

    @property
    def origin(self) -> float:
        """The session's start on the caller's clock: a time in the records plus this is the caller's time."""
        return self._origin

    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def finished(self) -> bool:
        return self._phase is Phase.DONE

    @property
    def running(self) -> bool:
        """Started and not finished (paused counts as running)."""
        return self._phase not in (Phase.READY, Phase.DONE)

    @property
    def set_number(self) -> int:
        """The set being lifted, or coming next (1-based)."""
        return min(self._set_index + 1, self.plan.sets)

    @property
    def side(self) -> Side:
        """The side working now, or that works next."""
        if self._rep is not None:
            return self._rep.side
        if self._phase in (Phase.READY, Phase.LEAD_IN, Phase.REST):
            return self._set_start_side if self.plan.one_leg else Side.BOTH
        if self._bout_sides:
            index = min(self._bout_index, len(self._bout_sides) - 1)
            side = self._bout_sides[index]
            return self._alternating_side() if side is Side.BOTH and self.plan.laterality is Laterality.ALTERNATING else side
        return Side.BOTH

    def status(self, now: float) -> Status:
        """What to show at ``now``; call :meth:`advance` first so the phase is current."""
        active = self._active(now)
        elapsed = max(0.0, active - self._phase_start) if self._phase not in (Phase.READY, Phase.DONE) else 0.0
        shown = self._shown_set_number()
        counts = {side: self._count(shown, side, failed=False) for side in self.plan.sides}
        failed = {side: self._count(shown, side, failed=True) for side in self.plan.sides}
        owed = {side: self._owed(shown, side) for side in self.plan.sides}
        side = self.side
        rep_number = 0
        if self._rep is not None:
            key = side if self.plan.one_leg else Side.BOTH
            seen = self._rep.seen
            counted = seen is not None and seen.complete and not self._rep_failed and self._rep.worked is key
            rep_number = counts.get(key, 0) + 1 - counted
        next_phase, next_length, next_side = self._next_phase()
        return Status(
            phase=self._phase,
            phase_elapsed=elapsed,
            phase_length=self._phase_length,
            paused=self.paused,
            set_number=shown,
            sets=self.plan.sets,
            side=side,
            reps_target=self.plan.reps,
            counts=counts,
            failed=failed,
            owed=owed,
            rep_number=rep_number,
            next_phase=next_phase,
            next_length=next_length,
            next_side=next_side,
        )

    def next_wakeup(self, now: float) -> float | None:
        """When, on the caller's clock, the next event is due; None while nothing is scheduled."""
        if self.paused or self._phase in (Phase.READY, Phase.DONE):
            return None
        nxt = self._next()
        return None if nxt is None or math.isinf(nxt[0]) else self._at(nxt[0])

    def forecast(self, now: float, horizon: float) -> list[Event]:
        """The events due in ``(now, now + horizon]`` if the lifter does nothing."""
        if self.paused or not self.running:
            return []
        # A shadow machine with copies of only what advancing can touch: this set's records and the
        # rep in progress. Copying the whole record made a forecast 30 times slower after 20 minutes.
        import copy  # only a forecast needs it: not imported before the first paint

        shadow = copy.copy(self)
        memo: dict[int, object] = {}
        this_set = [record for record in self.record.sets if record.number == self._set_index + 1]
        shadow.record = msgspec.structs.replace(self.record, sets=copy.deepcopy(this_set, memo))
        copied = memo.get(id(self._bout_record)) if self._bout_record is not None else None
        shadow._bout_record = copied if isinstance(copied, SetRecord) else None
        shadow._rep = copy.deepcopy(self._rep, memo)
        shadow._marks = list(self._marks)
        shadow._bout_sides = list(self._bout_sides)
        shadow._pending = list(self._pending)
        shadow._lifter_failed = set(self._lifter_failed)
        shadow.advance(now)
        return shadow.advance(now + horizon)

    # ----------------------------------------------------------------- time

    def advance(self, now: float) -> list[Event]:
        """Move the machine to ``now`` and return what happened on the way, in order."""
        events: list[Event] = []
        active = self._active(now)
        while True:
            nxt = self._next()
            if nxt is None or nxt[0] > active:
                break
            nxt[1](nxt[0], events)
        return events

    def _active(self, now: float) -> float:
        clock = self._paused_at if self._paused_at is not None else now
        return clock - self._origin - self._paused_total

    def _at(self, active: float) -> float:
        return active + self._origin + self._paused_total

    def _offset(self, active: float) -> float:
        """Seconds since the session's start for the records (pauses included)."""
        return active + self._paused_total

    def _next(self) -> tuple[float, Callable[[float, list[Event]], None]] | None:
        """The next thing due (a mark or the phase's end): when, in active time, and what fires it."""
        if self._phase in (Phase.READY, Phase.DONE):
            return None
        end = self._phase_end()
        if self._mark_index < len(self._marks):
            offset, _, _ = self._marks[self._mark_index]
            mark_time = self._phase_start + offset
            if mark_time < end:
                return mark_time, self._fire_mark
        return end, self._end_phase

    def _phase_end(self) -> float:
        if self._follow is not None and self._phase in REP_PHASES:
            # Following, only the hold is timed (from the real top); the other phases wait for the lifter.
            if self._phase is Phase.BOTTOM and self._follow.rack_at is not None:
                return self._follow.rack_at
            return self._follow.hold_end if self._phase is Phase.SQUEEZE else math.inf
        if self._phase in REP_PHASES:
            return self._slot_time(self._slot, self._slot_phase + 1)
        return self._phase_start + self._phase_length

    def _slot_time(self, slot: int, index: int) -> float:
        """Start of phase ``index`` of rep slot ``slot`` in the current bout; the formula is the timeline."""
        if index >= len(self._rep_phases):
            return self._bout_start + (slot + 1) * self._rep_length
        return self._bout_start + slot * self._rep_length + self._offsets[index]

    # ----------------------------------------------------------------- entering phases

    def _enter(self, phase: Phase, start: float, length: float, out: list[Event],
               shown: float | None = None, began: float | None = None) -> None:
        """Enter ``phase`` at ``start``; ``shown`` is the length the screen shows when it is not ``length``
        (inf: open); ``began`` is when the phase really began, when the camera saw it a moment late."""
        began = start if began is None else min(began, start)
        self._phase, self._phase_start = phase, began
        self._phase_length = length if shown is None else shown
        self._marks = self._marks_for(phase, length)
        self._mark_index = sum(1 for offset, _, _ in self._marks if began + offset < start)
        if self._follow is not None:
            self._follow = msgspec.structs.replace(self._follow, hold_end=max(start, began + length))
        if self._rep is not None and phase in REP_PHASES:
            self._rep.phases[phase] = self._offset(began)
        out.append(self._event(EventKind.PHASE_STARTED, start, phase=phase, duration=length))

    def _marks_for(self, phase: Phase, length: float) -> list[tuple[float, EventKind, int]]:
        marks: list[tuple[float, EventKind, int]] = []
        if phase is Phase.LOWER:
            marks = [(float(k), EventKind.TICK, math.ceil(length - k)) for k in range(1, math.ceil(length))]
        elif phase in _COUNTDOWN_PHASES:
            if phase is Phase.REST and length > REST_WARNING_SECONDS:
                marks.append((length - REST_WARNING_SECONDS, EventKind.REST_ENDING_SOON, int(REST_WARNING_SECONDS)))
            marks += [
                (length - k, EventKind.TICK, k) for k in range(COUNTDOWN_FROM, 0, -1) if length - k > 0
            ]
        return marks

    def _event(self, kind: EventKind, active: float, **fields: Unpack[EventFields]) -> Event:
        fields.setdefault("phase", self._phase)
        fields.setdefault("side", self.side)
        fields.setdefault("set_number", self.set_number)
        return Event(kind, self._at(active), **fields)

    def _fire_mark(self, t: float, out: list[Event]) -> None:
        _, kind, count = self._marks[self._mark_index]
        self._mark_index += 1
        out.append(self._event(kind, t, count=count))

    def _begin_set(self, t: float, out: list[Event], lead_in: bool = True) -> None:
        if self.plan.laterality is Laterality.PER_LEG:
            self._bout_sides = [self._set_start_side, self._set_start_side.other]
        else:
            self._bout_sides = [Side.BOTH]
        self._bout_index = 0
        if lead_in and self.plan.lead_in > 0:
            self._enter(Phase.LEAD_IN, t, self.plan.lead_in, out)
        else:
            self._begin_bout(t, out)

    def _mark_sides_left_short(self, number: int) -> None:
        """The set ends early: a side left mid-set (L or R) and not come back to ended early too."""
        for record in self.record.sets:
            if record.number == number and not self._bout_done(record):
                record.ended_early = True

    def _side_complete(self, side: Side) -> bool:
        """This set's reps on ``side`` are all done (a side left mid-set is not)."""
        record = self._side_record(side)
        return record is not None and self._bout_done(record)

    def _bout_done(self, record: SetRecord, coming: int = 0) -> bool:
        """The reps of ``record``'s bout are all taken (with ``coming`` more): one leg at a time, its leg owes
        none in the set (a rep the camera saw on the other leg counts there, and this leg lifts one more), or
        the bout has lifted twice its reps (a camera told the wrong side faces it sees every rep on the other
        leg: the set ends all the same); else the record's target."""
        if self.plan.laterality is Laterality.PER_LEG:
            return (self._owed(record.number, record.side) <= coming
                    or len(record.reps) + coming >= BOUT_AT_MOST * record.target)
        return self._taken(record) + coming >= record.target

    def _side_record(self, side: Side) -> SetRecord | None:
        number = self._set_index + 1
        return next((r for r in self.record.sets if r.number == number and r.side is side), None)

    def _begin_bout(self, t: float, out: list[Event]) -> None:
        side = self._bout_sides[self._bout_index]
        self._bout_start = t
        self._slot = 0
        again = self._side_record(side) if self.plan.laterality is Laterality.PER_LEG else None
        if again is not None:  # back on a side left mid-set: its reps go on in the same set
            again.ended = None
            self._bout_record = again
            self._begin_slot(t, out)
            return
        self._bout_record = SetRecord(
            number=self._set_index + 1,
            side=side,
            target=self.plan.reps * (2 if self.plan.laterality is Laterality.ALTERNATING else 1),
            load=self.plan.load,
            unit=self.plan.unit,
            started=self._offset(t),
            watched=self.watched,
        )
        self.record.sets.append(self._bout_record)
        if self._bout_index == 0:
            out.append(self._event(EventKind.SET_STARTED, t, phase=self._rep_phases[0]))
        self._begin_slot(t, out)

    def _begin_slot(self, t: float, out: list[Event]) -> None:
        was_following = self._follow is not None
        if self.follow and self.watched:
            self._await_lift(t, out)
            return
        self._follow = None
        if was_following:  # pacing again from this rep on: the slot formula starts here
            self._bout_start = t - self._slot * self._rep_length
        self._new_rep()
        self._slot_phase = 0
        self._enter(self._rep_phases[0], t, self.plan.tempo.seconds(self._rep_phases[0]), out)

    def _new_rep(self) -> None:
        """The rep about to begin, on this bout's side (alternating: the side whose turn it is)."""
        side = self._bout_sides[self._bout_index]
        if self.plan.laterality is Laterality.ALTERNATING:
            side = self._alternating_side()
            self._forced_side = None
        self._rep = RepRecord(side=side)
        self._rep_failed = False

    def _alternating_side(self) -> Side:
        record = self._bout_record
        if self._forced_side is not None and (record is None or self._taken(record, self._forced_side) < self.plan.reps):
            return self._forced_side
        start = self._set_start_side
        if record is None or not record.reps:
            return start
        left, right = self._taken(record, Side.LEFT), self._taken(record, Side.RIGHT)
        if left != right:
            side = Side.LEFT if left < right else Side.RIGHT
        else:
            side = record.reps[-1].worked.other
        if self._taken(record, side) >= self.plan.reps:
            side = side.other
        return side

    # ----------------------------------------------------------------- leaving phases

    def _end_phase(self, t: float, out: list[Event]) -> None:
        phase = self._phase
        if self._follow is not None and phase is Phase.SQUEEZE:  # the hold is over: the prompt to lower
            self._enter_lower(t, out, prompted=True)
        elif self._follow is not None and phase is Phase.BOTTOM:  # racking announced, and nobody moved
            self._close_rep(t)
            self._end_bout(t, out, early=True)
        elif phase is Phase.LEAD_IN:
            self._begin_bout(t, out)
        elif phase is Phase.SWITCH:
            self._bout_index += 1
            self._begin_bout(t, out)
        elif phase is Phase.REST:
            self._finish_rest(t, out)
        elif phase is Phase.LOWER:
            self._finish_rep(t, out)
        elif phase in REP_PHASES:
            self._next_rep_phase(t, out)

    def _next_rep_phase(self, t: float, out: list[Event]) -> None:
        self._slot_phase += 1
        if self._slot_phase >= len(self._rep_phases):
            self._slot += 1
            self._begin_slot(t, out)
        else:
            phase = self._rep_phases[self._slot_phase]
            self._enter(phase, t, self.plan.tempo.seconds(phase), out)

    def _finish_rep(self, t: float, out: list[Event]) -> None:
        rep, record = self._rep, self._bout_record
        assert rep is not None and record is not None
        self._close_into_set(t, rep, failed=self._rep_failed)
        if self._camera_exercise:
            # Judged by the camera: counted when seen (the count rose then), else judged after the grace.
            if rep.seen is None:
                rep.not_seen = True
                self._pending.append(rep)
            out.append(self._event(EventKind.REP_SEEN, t, side=rep.worked, reps_done=self._count_in_set(rep.worked)))
        elif not rep.failed:
            out.append(self._event(EventKind.REP_COUNTED, t, side=rep.side, reps_done=self._count_in_set(rep.side)))
        if self._bout_done(record):
            self._end_bout(t, out)
        else:
            self._rep = rep  # still in this slot until its bottom pause ends
            self._next_rep_phase(t, out)
            if self._rep is rep:
                self._rep = None

    def _close_into_set(self, t: float, rep: RepRecord, *, failed: bool, not_seen: bool = False,
                        seen: MeasuredRep | None = None) -> None:
        """THE one place a rep ends: its end and verdict (and the camera's measurement, when it brings
        one) go into this side's set; no rep is in progress after it."""
        record = self._bout_record
        assert record is not None
        rep.ended = self._offset(t)
        if failed:
            self._lifter_failed.add(id(rep))
        if seen is not None:
            rep.seen = seen
            self._note_body(rep)
        rep.failed = failed or (rep.seen is not None and not rep.seen.complete)
        rep.not_seen = not_seen
        record.reps.append(rep)
        self._rep, self._rep_failed = None, False

    def _close_bout(self, t: float, early: bool, switch: bool = False) -> None:
        """This side's reps are over: its set record ends (early, unless the lifter switched sides), and is
        dropped when ended early before its first rep (not a set). The next bout's first rep decides
        again whether it follows the lifter."""
        record = self._bout_record
        if record is not None:
            record.ended = self._offset(t)
            record.ended_early = early and not switch
            if early and not record.reps:
                self.record.sets.remove(record)
        self._bout_record = None
        self._rep = None
        self._follow = None

    def _end_bout(self, t: float, out: list[Event], early: bool = False, switch: bool = False) -> None:
        """Close this side's reps; go on to the other side (``switch`` forces it), or end the set."""
        self._close_bout(t, early, switch)
        if not early and self.plan.laterality is Laterality.PER_LEG:
            # A side whose reps the camera saw lifted in another bout owes none: no bout of its own.
            number = self._set_index + 1
            upcoming = self._bout_sides[self._bout_index + 1:]
            self._bout_sides[self._bout_index + 1:] = [s for s in upcoming if self._owed(number, s) > 0]
        if (switch or not early) and self._bout_index + 1 < len(self._bout_sides):
            nxt = self._bout_sides[self._bout_index + 1]
            out.append(self._event(EventKind.SIDE_SWITCHED, t, side=nxt, phase=Phase.SWITCH))
            if self.plan.switch_pause > 0:
                self._enter(Phase.SWITCH, t, self.plan.switch_pause, out)
            else:
                self._bout_index += 1
                self._begin_bout(t, out)
            return
        self._end_set(t, out, early)

    def _end_set(self, t: float, out: list[Event], early: bool) -> None:
        number = self._set_index + 1
        if early:
            self._mark_sides_left_short(number)
        out.append(self._event(EventKind.SET_FINISHED, t, set_number=number, early=early, side=Side.BOTH))
        if self._set_index + 1 >= self.plan.sets:
            self._finish(t, out, abandoned=False)
            return
        self._set_index += 1
        if self.plan.rest > 0:
            self._rest_length = self.plan.rest
            out.append(self._event(EventKind.REST_STARTED, t, phase=Phase.REST, duration=self.plan.rest))
            self._enter(Phase.REST, t, self._rest_length, out)
        else:
            self._begin_set(t, out)

    def _finish_rest(self, t: float, out: list[Event], lead_in: bool = False) -> None:
        """The rest's own 3-2-1 leads into the first rep; a rest cut short gets the lead-in's."""
        for record in reversed(self.record.sets):
            if record.number == self._set_index:
                record.rest_after = t - self._phase_start
                break
        out.append(self._event(EventKind.REST_FINISHED, t, duration=t - self._phase_start))
        self._begin_set(t, out, lead_in=lead_in)

    def _finish(self, t: float, out: list[Event], abandoned: bool) -> None:
        self._phase, self._phase_start, self._phase_length = Phase.DONE, t, math.inf
        self._rep = None
        self._marks, self._mark_index = [], 0
        self.record.ended = self._offset(t)
        self.record.abandoned = abandoned
        out.append(self._event(EventKind.WORKOUT_FINISHED, t, phase=Phase.DONE, early=abandoned, side=Side.BOTH))

    # ----------------------------------------------------------------- counting

    def _taken(self, record: SetRecord, side: Side | None = None) -> int:
        """Reps toward the target: the good ones, and the failed ones when the plan does not replace them."""
        # A rep the camera did not see is not counted, but not made up either: a camera that loses
        # the lifter must not stretch the set.
        taken = record.done(side) + record.not_seen(side)
        return taken + (0 if self.plan.replace_failed else record.failed(side))

    def _owed(self, number: int, side: Side) -> int:
        """Reps still to lift on ``side`` in set ``number``: the plan's reps less those taken toward it."""
        taken = sum(self._taken(record, side) for record in self.record.sets if record.number == number)
        return max(0, self.plan.reps - taken)

    def _count_in_set(self, side: Side) -> int:
        return self._count(self._set_index + 1, side, failed=False)

    def _count(self, number: int, side: Side | None, failed: bool) -> int:
        """Reps done (or failed) in set ``number`` on ``side`` (None: all); with the camera, the rep in
        progress counts as soon as it is seen."""
        total = 0
        for record in self.record.sets:
            if record.number == number:
                total += record.failed(side) if failed else record.done(side)
        rep = self._rep
        if (rep is not None and rep.seen is not None and number == self._set_index + 1 and self._phase in REP_PHASES
                and (side is None or rep.worked is side)):
            seen_failed = self._rep_failed or not rep.seen.complete
            total += seen_failed if failed else not seen_failed
        return total

    def _shown_set_number(self) -> int:
        if self._phase in (Phase.REST, Phase.DONE) and self.record.sets:
            return self.record.sets[-1].number
        return self.set_number

    def _next_phase(self) -> tuple[Phase | None, float, Side]:
        phase = self._phase
        if phase is Phase.READY:
            return (Phase.LEAD_IN, self.plan.lead_in, self.side) if self.plan.lead_in > 0 else (
                self._rep_phases[0], self.plan.tempo.seconds(self._rep_phases[0]), self.side)
        if phase in (Phase.LEAD_IN, Phase.SWITCH, Phase.REST):
            first = self._rep_phases[0]
            side = self._bout_sides[self._bout_index + 1] if phase is Phase.SWITCH else self.side
            return first, self.plan.tempo.seconds(first), side
        if self._follow is not None and phase is Phase.BOTTOM:  # waiting for the lift
            return Phase.LIFT, self.plan.tempo.lift, self.side
        if self._follow is not None and phase in (Phase.LIFT, Phase.SQUEEZE):
            nxt = Phase.SQUEEZE if phase is Phase.LIFT and self.plan.tempo.squeeze > 0 else Phase.LOWER
            return nxt, self.plan.tempo.seconds(nxt), self.side
        if phase in REP_PHASES:
            index = self._slot_phase + 1
            record = self._bout_record
            ends_rep = self._rep_phases[self._slot_phase] is Phase.LOWER
            last = record is not None and self._bout_done(record, coming=1) and (
                not self._rep_failed or not self.plan.replace_failed)
            if ends_rep and last:
                if self._bout_index + 1 < len(self._bout_sides):
                    return Phase.SWITCH, self.plan.switch_pause, self._bout_sides[self._bout_index + 1]
                if self._set_index + 1 < self.plan.sets:
                    return Phase.REST, self.plan.rest, Side.BOTH
                return Phase.DONE, 0.0, Side.BOTH
            if index >= len(self._rep_phases):
                index = 0
            nxt = self._rep_phases[index]
            return nxt, self.plan.tempo.seconds(nxt), self.side
        return None, 0.0, Side.BOTH

    # ----------------------------------------------------------------- the lifter's actions

    def start(self, now: float) -> list[Event]:
        """Begin the first set (lead-in first, when the plan has one)."""
        if self._phase is not Phase.READY:
            return []
        events: list[Event] = []
        t = self._active(now)
        self.record.started = self._offset(t)
        self._phase_start = t
        events.append(self._event(EventKind.WORKOUT_STARTED, t))
        self._begin_set(t, events)
        return events

    def pause(self, now: float) -> list[Event]:
        """Freeze the workout's clock; nothing moves until :meth:`resume`."""
        events = self.advance(now)
        if self.running and not self.paused:
            self._paused_at = now
            events.append(self._event(EventKind.PAUSED, self._active(now)))
        return events

    def resume(self, now: float) -> list[Event]:
        """Carry on exactly where the pause left the rep."""
        if self._paused_at is None:
            return self.advance(now)
        self._note_pause(max(0.0, now - self._paused_at))
        self._paused_at = None
        events = [self._event(EventKind.RESUMED, self._active(now))]
        return events + self.advance(now)

    def _note_pause(self, seconds: float) -> None:
        """A pause ended: the clock of the records ran on, so the rep in progress keeps it apart."""
        self._paused_total += seconds
        if self._rep is not None and self._phase in REP_PHASES and seconds > 0:
            self._rep.pauses[self._phase] = self._rep.pauses.get(self._phase, 0.0) + seconds

    def toggle(self, now: float) -> list[Event]:
        """The one key a lifter needs: start, pause or resume."""
        if self._phase is Phase.READY:
            return self.start(now)
        return self.resume(now) if self.paused else self.pause(now)

    def undo(self, now: float) -> list[Event]:
        """Take back the last rep of the set on screen (counted or failed); the set then runs one rep longer.

        A failed mark on the rep in progress is what is taken back first.
        """
        events = self.advance(now)
        if self.finished:
            return events
        t = self._active(now)
        if self._rep is not None and self._rep_failed:
            self._rep_failed = False
            events.append(self._event(EventKind.REP_UNDONE, t, side=self._rep.side,
                                      reps_done=self._count_in_set(self._rep.side)))
            return events
        record = self._last_record_on_screen()
        if record is not None:
            rep = record.reps.pop()
            if rep.started is not None and rep.ended is not None:
                self._undone.append((rep.started, rep.ended))
            events.append(self._event(EventKind.REP_UNDONE, t, side=rep.side, set_number=record.number,
                                      reps_done=self._count(record.number, rep.side, False)))
        return events

    def fail(self, now: float) -> list[Event]:
        """Mark the rep in progress failed, or, between reps, the last rep of the set on screen."""
        events = self.advance(now)
        if self.finished:
            return events
        t = self._active(now)
        if self._rep is not None and self._phase in (Phase.LIFT, Phase.SQUEEZE, Phase.LOWER):
            if not self._rep_failed:
                self._rep_failed = True
                events.append(self._event(EventKind.REP_FAILED, t, side=self._rep.side,
                                          reps_done=self._count_in_set(self._rep.side)))
            return events
        record = self._last_record_on_screen()
        if record is not None and not record.reps[-1].failed:
            rep = record.reps[-1]
            rep.failed, rep.not_seen = True, False
            self._lifter_failed.add(id(rep))
            events.append(self._event(EventKind.REP_FAILED, t, side=rep.side, set_number=record.number,
                                      reps_done=self._count(record.number, rep.side, False)))
        return events

    def _last_record_on_screen(self) -> SetRecord | None:
        """The latest side-record with a rep in the set the screen shows; earlier sets stay as they were."""
        shown = self._shown_set_number()
        lifted = [record for record in self.record.sets if record.number == shown and record.reps]
        # A side come back to mid-set is an earlier record: the one whose last rep is latest is meant.
        return max(lifted, key=lambda record: record.reps[-1].ended or 0.0, default=None)

    def end_set(self, now: float) -> list[Event]:
        """Stop the set here: the rep in progress does not count (unless marked failed)."""
        events = self.advance(now)
        if self._phase not in (Phase.LEAD_IN, Phase.SWITCH, *REP_PHASES):
            return events
        if self._paused_at is not None:  # Esc while paused: the set ends where the pause began
            events += self.resume(now)
        t = self._active(now)
        self._close_rep(t)
        self._end_bout(t, events, early=True)
        return events

    def skip(self, now: float) -> list[Event]:
        """Enter / N: start now, cut the rest short, or skip the lead-in or switch pause."""
        events = self.advance(now)
        if self.paused:
            return events
        t = self._active(now)
        if self._phase is Phase.READY:
            return events + self.start(now)
        if self._phase is Phase.REST:
            self._finish_rest(t, events, lead_in=True)
        elif self._phase is Phase.LEAD_IN:
            self._begin_bout(t, events)
        elif self._phase is Phase.SWITCH:
            self._bout_index += 1
            self._begin_bout(t, events)
        return events

    def adjust_rest(self, now: float, delta: float = REST_STEP_SECONDS) -> list[Event]:
        """Lengthen (or with a negative delta shorten) the rest in progress."""
        events = self.advance(now)
        if self._phase is not Phase.REST or self.paused:
            return events
        t = self._active(now)
        elapsed = t - self._phase_start
        self._rest_length = max(elapsed, self._rest_length + delta)
        self._phase_length = self._rest_length
        self._marks = self._marks_for(Phase.REST, self._rest_length)
        self._mark_index = sum(1 for offset, _, _ in self._marks if offset <= elapsed)
        events.append(self._event(EventKind.REST_CHANGED, t, duration=self._rest_length))
        return events + self.advance(now)

    def switch_side(self, now: float, side: Side) -> list[Event]:
        """L / R: work ``side`` now (mid-set) or first (before a set)."""
        events = self.advance(now)
        if not self.plan.one_leg or side is Side.BOTH or self.paused or self._phase is Phase.DONE:
            return events
        t = self._active(now)
        if self._phase in (Phase.READY, Phase.LEAD_IN, Phase.REST):
            if self._set_start_side is not side:
                self._set_start_side = side
                if self._phase is Phase.LEAD_IN:
                    self._bout_sides = [side, side.other] if self.plan.laterality is Laterality.PER_LEG else [Side.BOTH]
                events.append(self._event(EventKind.SIDE_SWITCHED, t, side=side))
            return events
        if self.plan.laterality is Laterality.ALTERNATING:
            record = self._bout_record
            full = record is not None and self._taken(record, side) >= self.plan.reps
            if self._phase in REP_PHASES and self.side is not side and not full:
                if self._rep is not None and self._phase is not Phase.BOTTOM:
                    self._rep.side = side  # the rep in progress is on the leg the lifter says
                else:
                    self._forced_side = side
                events.append(self._event(EventKind.SIDE_SWITCHED, t, side=side))
            return events
        if self._phase is Phase.SWITCH:
            return events
        done_sides = self._bout_sides[: self._bout_index]
        if self._bout_sides[self._bout_index] is side or self._side_complete(side):
            return events
        # Move the named side up to be next, then come back for the reps this side still owes.
        current = self._bout_sides[self._bout_index]
        record = self._bout_record
        owed = [current] if record is None or not self._bout_done(record) else []
        rest = [s for s in self._bout_sides[self._bout_index + 1:] if s not in (side, current)]
        self._bout_sides = [*done_sides, current, side, *owed, *rest]
        self._close_rep(t)
        self._end_bout(t, events, early=True, switch=True)
        return events

    def abandon(self, now: float) -> list[Event]:
        """Stop the whole exercise now; what was lifted stays recorded."""
        events = self.advance(now)
        if self._phase is Phase.DONE:
            return events
        if self._paused_at is not None:
            self._note_pause(max(0.0, now - self._paused_at))
            self._paused_at = None
        t = self._active(now)
        self._close_rep(t)
        self._close_bout(t, early=True)
        self._mark_sides_left_short(self._set_index + 1)
        self._finish(t, events, abandoned=True)
        return events

    def _close_rep(self, t: float) -> None:
        """The rep in progress is dropped, unless the lifter marked it failed."""
        if self._rep is not None and self._rep_failed and self._bout_record is not None:
            self._close_into_set(t, self._rep, failed=True)
        self._rep = None
        self._rep_failed = False

    # ----------------------------------------------------------------- the camera

    @property
    def watched(self) -> bool:
        """The camera is on: reps are counted by what it sees."""
        return self._watch_since is not None

    @property
    def rep_started(self) -> float | None:
        """When the rep in progress began, on the caller's clock; None between reps."""
        rep = self._rep
        if rep is None or self._phase not in REP_PHASES or not rep.phases:
            return None
        return self._origin + min(rep.phases.values())

    @property
    def following(self) -> bool:
        """The rep in progress (or the one awaited) follows the lifter, not the metronome."""
        return self._follow is not None

    def watch(self, now: float, on: bool) -> list[Event]:
        """The camera is on (or lost) for the reps from now on.

        Lost mid-set, the set goes on paced: the reps from then on count as paced,
        and what was recorded stays. Following, the rep under way is paced on from
        where it is. Back, the camera counts again from the next rep.
        """
        events = self.advance(now)
        t = self._active(now)
        if on and not self.watched:
            self._watch_since = self._offset(t)
            self._camera_exercise = True
            if self._bout_record is not None:
                self._bout_record.watched = True
            if self._away and len(self._away[-1]) == 1:
                self._away[-1].append(self._offset(t))
        elif not on and self.watched:
            self._watch_since = None
            if self._camera_exercise:
                self._away.append([self._offset(t)])
            if self._follow is not None and self._phase in REP_PHASES:
                self._unfollow(t, events)
            self._follow = None
        return events + self.advance(now)  # a phase the metronome takes over may end now

    def stop_following(self, now: float) -> list[Event]:
        """The lifter moves and the camera sees no rep (a wrong box): the metronome paces from now on, from
        where the rep is, so that the set is lifted and recorded (its reps judged not seen)."""
        events = self.advance(now)
        if not self.follow:
            return events
        self.follow = False
        if self._follow is not None and self._phase in REP_PHASES:
            self._unfollow(self._active(now), events)
        self._follow = None
        return events + self.advance(now)

    def rep_seen(self, now: float, rep: MeasuredRep, leg: Side | None = None,
                 lockout: Lockout | None = None) -> list[Event]:
        """The camera saw ``rep`` (its times on the caller's clock): count the rep it goes with by it.

        ``leg`` is the leg the camera saw work it (one-leg work only) and ``lockout`` its verdict on the
        top: they go with the measurement onto the rep it goes with (``leg_seen``, ``lockout``), and the
        rep counts on that leg. One leg at a time, a side left owing reps by it is come back to.

        Pacing, the seen rep goes with the rep of this set (or the last) it
        overlaps most in time, the rep in progress included; a short rep fails
        it (and, with ``replace_failed``, one more rep makes it up while the set
        goes on). A seen rep that overlaps no paced rep, or one the lifter took
        back, changes nothing: the metronome's timeline stays as it was.
        Following, the seen rep ends the rep in progress (or, when its lift was
        missed, is counted all the same).
        """
        events = self.advance(now)
        t = self._active(now)
        seen = msgspec.structs.replace(rep, start=rep.start - self._origin)  # on the session's clock
        if leg is not None or lockout is not None:
            self._body[id(seen)] = (seen, leg if self.plan.one_leg and leg is not Side.BOTH else None, lockout)
        if self._follow is not None and self._phase in REP_PHASES:
            self._follow_rep_seen(t, seen, events)  # closed as it is seen: its bout is still under way
            return events + self.advance(now)
        record = self._record_holding(seen, t)
        if record is None:  # lifted at rest, in the lead-in, or in a set long gone: nothing is judged
            return events
        before = (self._count(record.number, None, False), self._count(record.number, None, True))
        target = self._rematch(record, seen, t)
        if target is None:  # it goes with a rep taken back, or with no rep at all
            return events
        number = record.number
        side = target.worked
        events.append(self._event(EventKind.REP_SEEN, t, side=side, set_number=number,
                                  reps_done=self._count(number, side, False)))
        done, failed = self._count(number, None, False), self._count(number, None, True)
        if done > before[0]:
            events.append(self._event(EventKind.REP_COUNTED, t, side=side, set_number=number,
                                      reps_done=self._count(number, side, False)))
        if failed > before[1]:
            events.append(self._event(EventKind.REP_FAILED, t, side=side, set_number=number,
                                      reps_done=self._count(number, side, False)))
        if number == self._set_index + 1 and target.leg_seen is not None and target.leg_seen is not target.side:
            self._come_back_for_owed()
        return events

    def rep_not_seen(self, now: float) -> list[Event]:
        """Judge every paced rep of an exercise with the camera whose lowering ended over
        :data:`SEEN_GRACE_SECONDS` ago with nothing seen: not seen (not counted, and not made up), unless
        the camera was lost for most of it (:data:`AWAY_SHARE`): then it counts as paced, ``camera_away``.

        The UI calls this from its display timer while the camera is on; it is
        the same whenever it is called.
        """
        events = self.advance(now)
        t = self._active(now)
        cut = self._offset(t) - SEEN_GRACE_SECONDS
        for rep in list(self._pending):
            if rep.ended is None or rep.ended > cut:
                continue
            self._pending.remove(rep)
            number = self._number_of(rep)
            if number is None or rep.seen is not None:  # taken back, or seen in time (counted then)
                continue
            if self._away_share(rep, self._offset(t)) > AWAY_SHARE:
                rep.not_seen, rep.camera_away = False, True
                kind = EventKind.REP_FAILED if rep.failed else EventKind.REP_COUNTED
            else:
                kind = EventKind.REP_NOT_SEEN
            events.append(self._event(kind, t, side=rep.side, set_number=number,
                                      reps_done=self._count(number, rep.side, False)))
        return events

    def phase_seen(self, now: float, phase: Phase, at: float | None = None) -> list[Event]:
        """Following: the camera saw ``phase`` (LIFT, SQUEEZE or LOWER) begin; enter it at ``now``.

        ``at`` (the caller's clock) is when the phase really began, if the camera
        knew it a moment late: the records, the squeeze hold (timed from the real
        top) and the lowering's ticks count from it; the cue is at ``now``. A
        lowering seen after the hold ended (the lowering already prompted), or
        seen again (the camera took a lifter settling at the lockout for the
        lowering, then saw the real one), re-bases the lowering, so its ticks
        count from when it really began, with no second cue. Anything else out
        of order changes nothing.
        """
        events = self.advance(now)
        if self._follow is None or self.paused or self._phase not in REP_PHASES:
            return events
        t = self._active(now)
        began = t if at is None else max(self._phase_start, min(t, self._active(at)))
        current = self._phase
        if phase is Phase.LIFT and current is Phase.BOTTOM and self._rep is None:
            self._begin_followed_rep(t, events, began)
        elif phase is Phase.LIFT and current is Phase.LIFT and self._rep is not None:
            # A lift seen again before any top (a knock of the camera looked like the first): it began here.
            self._phase_start = began
            self._rep.phases[Phase.LIFT] = self._offset(began)
        elif phase is Phase.SQUEEZE and current is Phase.LIFT:
            if self.plan.tempo.squeeze > 0:
                self._slot_phase = self._index_of(Phase.SQUEEZE)
                self._enter(Phase.SQUEEZE, t, self.plan.tempo.squeeze, events, began=began)
            else:
                self._enter_lower(t, events, prompted=True, began=began)
        elif phase is Phase.LOWER and current in (Phase.LIFT, Phase.SQUEEZE):
            self._enter_lower(t, events, prompted=False, began=began)
        elif phase is Phase.LOWER and current is Phase.LOWER:
            self._follow = msgspec.structs.replace(self._follow, lower_prompted=False)
            self._phase_start = began
            self._mark_index = sum(1 for offset, _, _ in self._marks if began + offset < t)
            if self._rep is not None:
                self._rep.phases[Phase.LOWER] = self._offset(began)
        return events + self.advance(now)

    def hips_still(self, now: float) -> list[Event]:
        """Following: the hips have been still for :data:`RACK_STILL_SECONDS` — with a rep lifted in
        this set, racking is announced (:meth:`rack`), unless it is already.

        A rep still under way then (its phases seen, but never the rep: the camera missed its end) is
        over: it is recorded not seen (not counted), and racking is announced all the same.
        """
        events = self.advance(now)
        record = self._bout_record
        if self._follow is None or self.paused or self._phase not in REP_PHASES or record is None:
            return events
        rep = self._rep
        if rep is not None:
            t = self._active(now)
            self._close_into_set(t, rep, failed=self._rep_failed, not_seen=not self._rep_failed)
            if rep.not_seen:
                events.append(self._event(EventKind.REP_NOT_SEEN, t, side=rep.side,
                                          reps_done=self._count_in_set(rep.side)))
            if self._bout_done(record):  # the rep that would have ended it was not seen
                self._end_bout(t, events, early=True)
                return events + self.advance(now)
            self._slot += 1
            self._await_lift(t, events)
        return events + self.rack(now)

    def rack(self, now: float) -> list[Event]:
        """Following: the hips are still at the bottom after a rep of this set: "racking? the set ends in
        3…2…1" (a countdown tick each second, in the bottom); the set ends then, unless the lifter moves
        (:meth:`keep_going`). Announced already, or with no rep lifted yet, nothing changes."""
        events = self.advance(now)
        record, follow = self._bout_record, self._follow
        if (follow is None or self.paused or self._phase is not Phase.BOTTOM or self._rep is not None
                or record is None or not record.reps or follow.rack_at is not None):
            return events
        t = self._active(now)
        count = COUNTDOWN_FROM
        self._follow = msgspec.structs.replace(follow, rack_at=t + RACK_COUNTDOWN_SECONDS)
        self._marks = [(t - self._phase_start + k, EventKind.TICK, count - k) for k in range(count)]
        self._mark_index = 0
        return events + self.advance(now)

    @property
    def racking(self) -> bool:
        """Following: "racking? the set ends in 3…2…1" is under way."""
        return self._follow is not None and self._follow.rack_at is not None

    def keep_going(self, now: float) -> list[Event]:
        """Following: the lifter moved during "racking? the set ends in…": the set goes on, waiting."""
        events = self.advance(now)
        if not self.racking or self._phase is not Phase.BOTTOM:
            return events
        assert self._follow is not None
        self._follow = msgspec.structs.replace(self._follow, rack_at=None)
        self._marks, self._mark_index = [], 0
        events.append(self._event(EventKind.RACKING_CANCELLED, self._active(now)))
        return events

    # Following, inside.

    def _index_of(self, phase: Phase) -> int:
        """Index of ``phase`` in the rep's timed phases; of the phase after it when it has no time."""
        order = REP_PHASES.index(phase)
        for index, p in enumerate(self._rep_phases):
            if REP_PHASES.index(p) >= order:
                return index if p is phase else index - 1
        return len(self._rep_phases) - 1

    def _await_lift(self, t: float, out: list[Event]) -> None:
        """The bottom, open-ended: the rep begins when the lifter lifts (no countdown, no rush)."""
        self._rep = None
        self._rep_failed = False
        self._follow = _Following()
        self._slot_phase = len(self._rep_phases) - 1
        self._enter(Phase.BOTTOM, t, self.plan.tempo.bottom, out, shown=math.inf)

    def _begin_followed_rep(self, t: float, out: list[Event], began: float) -> None:
        if self.racking:
            out.append(self._event(EventKind.RACKING_CANCELLED, t))
        self._follow = _Following()
        self._new_rep()
        self._slot_phase = self._index_of(Phase.LIFT)
        # Open, like the bottom: the lift lasts as long as the lifter rises, so no countdown reaches 0.
        self._enter(Phase.LIFT, t, self.plan.tempo.lift, out, shown=math.inf, began=began)

    def _enter_lower(self, t: float, out: list[Event], prompted: bool, began: float | None = None) -> None:
        assert self._follow is not None
        self._follow = msgspec.structs.replace(self._follow, lower_prompted=prompted)
        self._slot_phase = self._index_of(Phase.LOWER)
        self._enter(Phase.LOWER, t, self.plan.tempo.lower, out, began=began)

    def _follow_rep_seen(self, t: float, seen: MeasuredRep, out: list[Event]) -> None:
        record = self._bout_record
        if record is None:
            return
        rep = self._rep
        if rep is None and self._outside(seen, self._offset(self._phase_start), math.inf):
            return  # lifted before this rep was awaited (at rest, in the lead-in): not judged
        if self.racking:
            out.append(self._event(EventKind.RACKING_CANCELLED, t))
            self._follow = msgspec.structs.replace(self._follow, rack_at=None) if self._follow else None
            self._marks, self._mark_index = [], 0
        if rep is None:  # the lift was not seen, the rep was: it counts all the same, as measured
            side = self._alternating_side() if self.plan.laterality is Laterality.ALTERNATING else record.side
            rep = RepRecord(side=side, phases={Phase.LIFT: seen.start, Phase.SQUEEZE: seen.start + seen.lift,
                                               Phase.LOWER: seen.start + seen.lift + seen.top})
            self._forced_side = None
        self._close_into_set(t, rep, failed=self._rep_failed, seen=seen)
        kind = EventKind.REP_FAILED if rep.failed else EventKind.REP_COUNTED
        out.append(self._event(kind, t, side=rep.worked, reps_done=self._count_in_set(rep.worked)))
        if self._bout_done(record):
            self._end_bout(t, out)
        else:
            self._slot += 1
            self._begin_slot(t, out)

    def _unfollow(self, t: float, out: list[Event]) -> None:
        """The camera is lost while following: the metronome takes the rep on from where it is."""
        self._follow = None
        phase = self._phase
        if phase is Phase.BOTTOM or self._rep is None:
            self._bout_start = t - self._slot * self._rep_length
            self._begin_slot(t, out)
            return
        index = self._index_of(phase)
        if index >= 0 and self._rep_phases[index] is phase:
            # The phase keeps its real start, but ends no earlier than now: no rep is rushed through.
            base = max(self._phase_start, t - self.plan.tempo.seconds(phase))
            self._bout_start = base - self._slot * self._rep_length - self._offsets[index]
        else:  # a phase the tempo gives no time: the next one starts now
            self._bout_start = t - self._slot * self._rep_length - self._offsets[index + 1]
        self._slot_phase = index
        self._phase_length = self.plan.tempo.seconds(phase)

    # The camera's verdicts, inside.

    def _recent_sets(self) -> tuple[int, ...]:
        """The set on screen and the one before: a measurement comes a moment after a set ends."""
        shown = self._shown_set_number()
        return (shown - 1, shown) if shown > 1 else (shown,)

    @staticmethod
    def _outside(seen: MeasuredRep, start: float, end: float) -> bool:
        """Most of the seen rep lies outside ``start``–``end`` (the session's clock)."""
        length = max(seen.lowering_ends - seen.start, 1e-6)
        inside = max(0.0, min(seen.lowering_ends, end) - max(seen.start, start))
        return inside < length / 2

    def _record_holding(self, seen: MeasuredRep, t: float) -> SetRecord | None:
        """The set (one side's) most of the seen rep was lifted in, from its first paced rep to its end;
        None when it was lifted at rest or in the lead-in."""
        numbers = self._recent_sets()
        now = self._offset(t)
        best, best_inside = None, (0.0, 0.0)
        for record in self.record.sets:
            if record.number not in numbers:
                continue
            end = record.ended if record.ended is not None else now
            if self._outside(seen, record.started, end):
                continue
            # A side come back to mid-set spans the other side's bout too: the reps lifted in it decide first.
            spans = [(r.started, r.ended) for r in record.reps if r.started is not None and r.ended is not None]
            if record is self._bout_record and self._rep is not None and self._rep.started is not None:
                spans.append((self._rep.started, now))
            in_reps = sum(max(0.0, min(seen.lowering_ends, b) - max(seen.start, a)) for a, b in spans)
            inside = (in_reps, min(seen.lowering_ends, end) - max(seen.start, record.started))
            if inside > best_inside:
                best, best_inside = record, inside
        return best

    def _rematch(self, record: SetRecord, seen: MeasuredRep, t: float) -> RepRecord | None:
        """``seen`` joins the set's seen reps, and the whole set is matched again (:func:`match_in_order`):
        each paced rep holds the seen rep it goes with, and its verdict follows. Returns the paced rep
        ``seen`` went with (None: a rep taken back, or none)."""
        from gymtimer.core.seen import match_in_order  # not before a workout window's first paint (the cue engine's)

        seen_reps = self._seen_in.setdefault(id(record), [])
        seen_reps.append(seen)
        ours = {id(r) for r in seen_reps}
        reps = list(record.reps)
        if record is self._bout_record and self._rep is not None and self._rep.started is not None:
            reps.append(self._rep)
        # A rep followed holds the rep it was (it is not matched again); the others may change hands.
        paced = [r for r in reps if r.started is not None and (r.seen is None or id(r.seen) in ours)]
        planned_end = self._offset(self._slot_time(self._slot, len(self._rep_phases)))
        spans = [(r.started or 0.0, r.ended if r.ended is not None else max(planned_end, self._offset(t)))
                 for r in paced]
        end = record.ended if record.ended is not None else self._offset(t)
        spans += [span for span in self._undone if span[1] > record.started and span[0] < end]
        ordered = sorted(seen_reps, key=lambda r: r.start)
        holder: dict[int, MeasuredRep] = {}
        for measured, index in zip(ordered, match_in_order(spans, ordered)):
            if index is not None and index < len(paced):
                holder[id(paced[index])] = measured
        target = None
        for rep in paced:
            new = holder.get(id(rep))
            if new is seen:
                target = rep
            if rep.seen is new:
                continue
            rep.seen = new
            self._note_body(rep)
            if rep is self._rep:
                continue  # its verdict comes at its end; the count shows it now
            rep.failed = id(rep) in self._lifter_failed or (new is not None and not new.complete)
            rep.not_seen = new is None and not rep.camera_away
        return target

    def _note_body(self, rep: RepRecord) -> None:
        """The leg and the lockout go with the measurement a rep holds (none when it holds none)."""
        body = self._body.get(id(rep.seen)) if rep.seen is not None else None
        leg, verdict = (body[1], body[2]) if body is not None and body[0] is rep.seen else (None, None)
        rep.leg_seen = leg if rep.side is not Side.BOTH else None
        rep.lockout = verdict

    def _come_back_for_owed(self) -> None:
        """One leg at a time: a rep the camera saw on the other leg leaves its scheduled side owing one more.
        The bout under way goes on for it; a side whose bout is over (its last rep seen a moment after it
        ended) is come back to after the bouts to come, as when L or R leaves a side mid-set."""
        if self.plan.laterality is not Laterality.PER_LEG or self._phase not in (*REP_PHASES, Phase.SWITCH):
            return
        number = self._set_index + 1
        active = self._bout_sides[self._bout_index] if self._phase in REP_PHASES else None
        upcoming = self._bout_sides[self._bout_index + 1:]
        for side in self.plan.sides:
            if side is not active and side not in upcoming and self._owed(number, side) > 0:
                self._bout_sides.append(side)

    def _away_share(self, rep: RepRecord, now: float) -> float:
        """The share of the paced rep the camera was lost for."""
        started, ended = rep.started, rep.ended
        if started is None or ended is None or ended <= started:
            return 0.0
        lost = sum(max(0.0, min(ended, span[1] if len(span) > 1 else now) - max(started, span[0]))
                   for span in self._away)
        return lost / (ended - started)

    def _number_of(self, rep: RepRecord) -> int | None:
        """The set a closed rep is in; None when it was taken back."""
        return next((record.number for record in self.record.sets if any(r is rep for r in record.reps)), None)
