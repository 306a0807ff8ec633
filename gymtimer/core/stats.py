"""The numbers behind the history charts, computed from session records alone.

Everything here is plain Python over :class:`~gymtimer.core.records.SessionRecord`
lists, so the charts can be tested without a window. The work is done in two
steps: :class:`Summaries` walks every rep of a session once and keeps one
:class:`ExerciseDay` per exercise, by session id, so a history that gains or
loses a session is summed up again without walking the others; the series
functions then only filter and add up those small summaries, so switching a
chart's filter never walks the reps again.

Loads stay in the unit they were entered in until a series is asked for in the
lifter's display unit; the records themselves are never changed.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Protocol, TypeVar

from gymtimer.core.plan import Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, SessionRecord
from gymtimer.core.tempo import Phase
from gymtimer.core.units import Unit, convert

#: The Epley formula is only trusted up to this many reps; sets with more show no estimate.
E1RM_MAX_REPS = 12
#: A left/right difference above this many percent is flagged on the balance chart.
IMBALANCE_FLAG_PERCENT = 10.0
#: How the charts name a lowering a camera measured, live or on a filmed set's video.
MEASURED = "measured by the camera"
#: The name of the one-rep-max formula, as the legend shows it.
E1RM_FORMULA = "Epley"


def epley_one_rep_max(load: float, reps: int) -> float | None:
    """Estimated one-rep max by Epley, ``load × (1 + reps / 30)``; ``None`` outside 1–12 reps.

    A single rep is its own one-rep max (Epley's formula would add 3 %).
    """
    if reps < 1 or reps > E1RM_MAX_REPS:
        return None
    if reps == 1:
        return load
    return load * (1.0 + reps / 30.0)


def imbalance_percent(left: float, right: float) -> float:
    """How much less the weaker leg did than the stronger one, in percent of the stronger."""
    stronger = max(left, right)
    if stronger <= 0:
        return 0.0
    return (stronger - min(left, right)) / stronger * 100.0


class Span(enum.StrEnum):
    """The date ranges the charts offer, counted back from today."""

    WEEKS_4 = "4w"
    MONTHS_3 = "3m"
    YEAR = "1y"
    ALL = "all"

    @property
    def label(self) -> str:
        return _SPAN_LABELS[self]

    @property
    def days(self) -> int | None:
        """Length in days (three months are 13 weeks), ``None`` for the whole history."""
        return _SPAN_DAYS[self]

    def start(self, now: dt.datetime) -> dt.datetime | None:
        """The earliest moment inside this span, seen from ``now``."""
        return None if self.days is None else now - dt.timedelta(days=self.days)


_SPAN_LABELS = {
    Span.WEEKS_4: "Last 4 weeks",
    Span.MONTHS_3: "Last 3 months",
    Span.YEAR: "Last year",
    Span.ALL: "All time",
}
_SPAN_DAYS = {Span.WEEKS_4: 28, Span.MONTHS_3: 91, Span.YEAR: 365, Span.ALL: None}


@dataclass(frozen=True, slots=True, order=True)
class Lift:
    """What one chart line follows: a variation, done from one preset."""

    variation: Variation
    preset_name: str

    @property
    def label(self) -> str:
        return self.preset_name


@dataclass(frozen=True, slots=True)
class Selection:
    """The chart filters: which variation or preset, and how far back."""

    variation: Variation | None = None  #: ``None``: every variation
    preset_name: str | None = None  #: ``None``: every preset of the variation
    span: Span = Span.ALL

    def matches(self, lift: Lift) -> bool:
        if self.variation is not None and lift.variation is not self.variation:
            return False
        return self.preset_name is None or lift.preset_name == self.preset_name


class Grouping(enum.StrEnum):
    """What one point of a chart stands for: a session, or every session of a week or a month."""

    SESSION = "session"
    WEEK = "week"
    MONTH = "month"


#: A chart shows one point per session up to this many sessions in view, then one per week
#: up to this many weeks with training, then one per month: past that, points merge into a band.
MAX_POINTS = 150


def grouping_for(days: Sequence[ExerciseDay]) -> Grouping:
    """How finely the charts can show ``days`` without their points running into one another."""
    if len({d.session_id for d in days}) <= MAX_POINTS:
        return Grouping.SESSION
    if len({d.started_at.isocalendar()[:2] for d in days}) <= MAX_POINTS:
        return Grouping.WEEK
    return Grouping.MONTH


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A week (Monday to Sunday) or a calendar month, in the lifter's local dates."""

    first: dt.date  #: the Monday, or the first of the month
    grouping: Grouping

    @property
    def last(self) -> dt.date:
        if self.grouping is Grouping.WEEK:
            return self.first + dt.timedelta(days=6)
        following = dt.date(self.first.year + self.first.month // 12, self.first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """'Week 23 of 2025 (2 Jun – 8 Jun)' or 'June 2025'."""
        if self.grouping is Grouping.MONTH:
            return f"{self.first:%B %Y}"
        year, week, _ = self.first.isocalendar()
        last = self.last
        return f"Week {week} of {year} ({self.first.day} {self.first:%b} – {last.day} {last:%b %Y})"

    def middle(self) -> dt.datetime:
        """Noon of the period's middle day (local time), where its point is drawn."""
        days = (self.last - self.first).days + 1
        middle = dt.datetime.combine(self.first, dt.time(12)) + dt.timedelta(days=days / 2 - 0.5)
        return middle.astimezone()


def period_of(when: dt.datetime, grouping: Grouping) -> Period:
    """The week or month ``when`` falls in, by the date where the session was done."""
    day = when.date()
    if grouping is Grouping.WEEK:
        return Period(day - dt.timedelta(days=day.weekday()), grouping)
    if grouping is Grouping.MONTH:
        return Period(day.replace(day=1), grouping)
    raise ValueError("A session is not grouped")


@dataclass(frozen=True, slots=True)
class ExerciseDay:
    """One exercise of one session, boiled down to what the charts show.

    Loads and volumes are in ``unit``, the unit the exercise was entered in.
    """

    session_id: str
    started_at: dt.datetime
    lift: Lift
    unit: Unit
    one_leg: bool
    top_load: float  #: the heaviest load of a set with at least one good rep
    top_reps: int  #: the most good reps in one set at that load
    e1rm: float | None  #: the best Epley estimate over sets of 1–12 good reps
    volume: float  #: load × good reps, every set
    left_reps: int
    right_reps: int
    left_volume: float
    right_volume: float
    reps: int  #: good reps
    tension_seconds: float  #: lift, squeeze and lower of every rep, failed ones too
    planned_lower: float  #: the plan's lowering seconds per rep
    lowering_total: float  #: seconds of lowering over the reps that have one recorded
    lowering_reps: int
    lowering_shortest: float | None
    lowering_longest: float | None
    preset_id: str = ""  #: the preset's stable id; ``lift`` shows its current name
    #: The lowering a video or the live camera measured (those reps' paced lowering is left out of the above).
    measured_lowering_total: float = 0.0
    measured_lowering_reps: int = 0
    measured_lowering_shortest: float | None = None
    measured_lowering_longest: float | None = None
    #: Some of its reps have phase times; False for an imported exercise (no tension, no tempo to chart).
    timed: bool = True



_NEVER = math.inf


def summarize(sessions: Iterable[SessionRecord]) -> list[ExerciseDay]:
    """One :class:`ExerciseDay` per exercise with at least one rep, oldest first."""
    return Summaries().days(sessions)


class Summaries:
    """Each session boiled down to its :class:`ExerciseDay` s once, and kept by session id.

    A session is walked again only when its record is another object than the one
    summed up (reloaded, restored from the trash, imported) or after :meth:`forget`.
    """

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self._kept: dict[str, tuple[SessionRecord, tuple[ExerciseDay, ...]]] = {}
        #: Preset id -> its name now: a renamed preset's sessions are charted under its new name.
        self.names: dict[str, str] = dict(names or {})

    def __len__(self) -> int:
        return len(self._kept)

    def of_session(self, session: SessionRecord) -> tuple[ExerciseDay, ...]:
        """The session's exercises with at least one rep, in the order they were done."""
        kept = self._kept.get(session.id)
        # The kept record is referenced here, so an identical object is the same, unedited one.
        if kept is not None and kept[0] is session:
            return kept[1]
        days = tuple(
            day for exercise in session.exercises if (day := _summarize_exercise(session, exercise)) is not None
        )
        self._kept[session.id] = (session, days)
        return days

    def forget(self, session_id: str) -> None:
        """Sum the session up again next time: its record was changed in place."""
        self._kept.pop(session_id, None)

    def days(self, sessions: Iterable[SessionRecord]) -> list[ExerciseDay]:
        """One :class:`ExerciseDay` per exercise with a rep, oldest first.

        Sessions kept from before but no longer in ``sessions`` (deleted) are let go.
        """
        days: list[ExerciseDay] = []
        present: set[str] = set()
        for session in sessions:
            days.extend(self.of_session(session))
            present.add(session.id)
        for gone in self._kept.keys() - present:
            del self._kept[gone]
        days.sort(key=_started_at)
        return _named_now(days, self.names)


_started_at = attrgetter("started_at")


def _named_now(days: list[ExerciseDay], names: dict[str, str]) -> list[ExerciseDay]:
    """Each preset's days under one name: its name now, or (a deleted preset) its latest in the history."""
    latest: dict[str, str] = {}
    for day in days:  # oldest first: the last name seen is the newest
        if day.preset_id:
            latest[day.preset_id] = day.lift.preset_name
    latest.update((key, name) for key, name in names.items() if key in latest)
    return [
        replace(day, lift=Lift(day.lift.variation, latest[day.preset_id]))
        if day.preset_id and latest[day.preset_id] != day.lift.preset_name else day
        for day in days
    ]


def _summarize_exercise(session: SessionRecord, exercise: ExerciseRecord) -> ExerciseDay | None:
    if not any(s.reps for s in exercise.sets):
        return None
    unit = next((s.unit for s in exercise.sets if s.reps), exercise.plan.unit)
    top_load, top_reps, best_e1rm = 0.0, 0, None
    volume = left_volume = right_volume = 0.0
    reps = left_reps = right_reps = 0
    tension = 0.0
    lowering_total, lowering_reps = 0.0, 0
    shortest, longest = _NEVER, -_NEVER
    seen_total, seen_reps, seen_shortest, seen_longest = 0.0, 0, _NEVER, -_NEVER
    lower, left, right = Phase.LOWER, Side.LEFT, Side.RIGHT
    untimed = 0
    for record in exercise.sets:
        load = record.load if record.unit is unit else convert(record.load, record.unit, unit)
        done = left_done = right_done = 0
        # What a camera measured (a filmed set's video, or the counted reps seen live) is charted as
        # measured; the records decide which lowerings those are.
        measured = record.measured_lowerings
        for seconds in measured:
            seen_total += seconds
            seen_shortest = min(seen_shortest, seconds)
            seen_longest = max(seen_longest, seconds)
        seen_reps += len(measured)
        filmed = record.measured is not None and bool(record.measured.reps)
        # One pass over the reps does every per-rep figure; this is the hot loop of a
        # ten-year history, so it reads the phase dict directly.
        for rep in record.reps:
            if rep.not_seen:  # paced with the camera on, never seen: not lifted, no tension
                continue
            phases = rep.phases
            if not phases:  # an imported rep: counted there, never timed (no tension, no lowering)
                if rep.counted:
                    untimed += 1
                    done += 1
                continue
            # One walk over the phases finds both the rep's first start and the lowering's.
            first, lower_start = _NEVER, None
            for phase, start in phases.items():
                if start < first:
                    first = start
                if phase is lower:
                    lower_start = start
            ended = rep.ended
            pauses = rep.pauses  # seconds paused in a phase are not time under tension
            if ended is not None:
                tension += ended - first - (sum(pauses.values()) if pauses else 0.0)
            if not rep.counted:  # the records say what counts
                continue
            done += 1
            side = rep.worked  # the leg the camera saw working, where it saw one
            if side is left:
                left_done += 1
            elif side is right:
                right_done += 1
            if filmed or rep.seen is not None:  # measured (above), not the metronome's schedule
                continue
            if lower_start is None:
                continue
            # The lowering ends where the next recorded phase starts, or with the rep.
            lower_end = ended if ended is not None and ended > lower_start else _NEVER
            for start in phases.values():
                if lower_start < start < lower_end:
                    lower_end = start
            if lower_end is _NEVER:
                continue
            seconds = lower_end - lower_start - (pauses.get(lower, 0.0) if pauses else 0.0)
            lowering_total += seconds
            lowering_reps += 1
            if seconds < shortest:
                shortest = seconds
            if seconds > longest:
                longest = seconds
        if done == 0:
            continue
        reps += done
        left_reps += left_done
        right_reps += right_done
        volume += load * done
        left_volume += load * left_done
        right_volume += load * right_done
        if load > top_load or (load == top_load and done > top_reps):
            top_load, top_reps = load, done
        # A bodyweight set has no one-rep max to estimate.
        estimate = epley_one_rep_max(load, done) if load > 0 else None
        if estimate is not None and (best_e1rm is None or estimate > best_e1rm):
            best_e1rm = estimate
    return ExerciseDay(
        session_id=session.id,
        started_at=session.started_at,
        lift=Lift(exercise.variation, exercise.preset_name),
        unit=unit,
        one_leg=exercise.plan.one_leg,
        top_load=top_load,
        top_reps=top_reps,
        e1rm=best_e1rm,
        volume=volume,
        left_reps=left_reps,
        right_reps=right_reps,
        left_volume=left_volume,
        right_volume=right_volume,
        reps=reps,
        tension_seconds=tension,
        planned_lower=exercise.plan.tempo.lower,
        lowering_total=lowering_total,
        lowering_reps=lowering_reps,
        lowering_shortest=shortest if lowering_reps else None,
        lowering_longest=longest if lowering_reps else None,
        preset_id=exercise.preset_id,
        measured_lowering_total=seen_total,
        measured_lowering_reps=seen_reps,
        measured_lowering_shortest=seen_shortest if seen_reps else None,
        measured_lowering_longest=seen_longest if seen_reps else None,
        timed=untimed == 0,
    )


def untimed_sessions(days: Iterable[ExerciseDay]) -> int:
    """Sessions whose reps have no phase times (imported): the tension and tempo charts leave them out."""
    return len({d.session_id for d in days if not d.timed})


def lifts(days: Iterable[ExerciseDay]) -> list[Lift]:
    """Every variation/preset pair in the history, sorted, for the filter list."""
    return sorted({d.lift for d in days})


def select(days: Sequence[ExerciseDay], selection: Selection, now: dt.datetime) -> list[ExerciseDay]:
    """The days the filters keep, oldest first (``days`` must be oldest first)."""
    start = selection.span.start(now)
    kept = days
    if start is not None:
        kept = days[_first_at_or_after(days, start):]
    return [d for d in kept if d.started_at <= now and selection.matches(d.lift)]


def _first_at_or_after(days: Sequence[ExerciseDay], start: dt.datetime) -> int:
    low, high = 0, len(days)
    while low < high:
        middle = (low + high) // 2
        if days[middle].started_at < start:
            low = middle + 1
        else:
            high = middle
    return low


# ----------------------------------------------------------------------------- series


@dataclass(frozen=True, slots=True)
class LoadPoint:
    """The top set of one session: its load, the reps done at it, and the estimated 1RM."""

    session_id: str
    started_at: dt.datetime
    load: float
    reps: int
    e1rm: float | None
    unit: Unit
    sessions: int = 1  #: how many sessions the point stands for
    period: Period | None = None  #: the week or month it stands for; ``None`` for one session


@dataclass(frozen=True, slots=True)
class VolumePoint:
    """Load × reps of one session."""

    session_id: str
    started_at: dt.datetime
    volume: float
    reps: int
    unit: Unit


@dataclass(frozen=True, slots=True)
class WeekVolume:
    """Load × reps of one ISO week (Monday to Sunday, in the lifter's local dates)."""

    monday: dt.date
    year: int
    week: int
    volume: float
    sessions: int
    unit: Unit


@dataclass(frozen=True, slots=True)
class BalancePoint:
    """Left against right in one session of one-leg work."""

    session_id: str
    started_at: dt.datetime
    left_reps: int
    right_reps: int
    left_volume: float
    right_volume: float
    unit: Unit
    sessions: int = 1  #: how many sessions the point stands for
    period: Period | None = None  #: the week or month it stands for; ``None`` for one session

    @property
    def imbalance_percent(self) -> float:
        """The gap between the legs in volume, or in reps when there is no load."""
        if self.left_volume > 0 or self.right_volume > 0:
            return imbalance_percent(self.left_volume, self.right_volume)
        return imbalance_percent(self.left_reps, self.right_reps)

    @property
    def flagged(self) -> bool:
        return self.imbalance_percent > IMBALANCE_FLAG_PERCENT

    @property
    def weaker(self) -> Side | None:
        """The leg that did less, if they differ."""
        if self.left_volume > 0 or self.right_volume > 0:
            left, right = self.left_volume, self.right_volume
        else:
            left, right = self.left_reps, self.right_reps
        if left == right:
            return None
        return Side.LEFT if left < right else Side.RIGHT


@dataclass(frozen=True, slots=True)
class TensionPoint:
    """Time under tension of one session."""

    session_id: str
    started_at: dt.datetime
    seconds: float
    reps: int
    sessions: int = 1  #: how many sessions the point stands for
    period: Period | None = None  #: the week or month it stands for; ``None`` for one session


@dataclass(frozen=True, slots=True)
class TempoPoint:
    """How long the lowering took in one exercise, against the plan.

    ``measured``: measured by a camera (live, or a filmed set's video); otherwise the paced lowering, the
    metronome's schedule as it ran (the sets not filmed). A day with both has a point of each.
    """

    session_id: str
    started_at: dt.datetime
    planned: float
    mean: float
    shortest: float
    longest: float
    reps: int
    sessions: int = 1  #: how many sessions the point stands for
    period: Period | None = None  #: the week or month it stands for; ``None`` for one session
    measured: bool = False  #: measured by a camera (live or on video); otherwise paced (see the class's docstring)

    @property
    def adherence_percent(self) -> float:
        """Actual mean lowering as a percentage of the planned one (100 % is on tempo)."""
        return self.mean / self.planned * 100.0


def load_series(days: Iterable[ExerciseDay], unit: Unit) -> dict[Lift, list[LoadPoint]]:
    """Top-set load and estimated 1RM per session, one line per lift, in ``unit``."""
    series: dict[Lift, list[LoadPoint]] = {}
    for d in days:
        e1rm = None if d.e1rm is None else convert(d.e1rm, d.unit, unit)
        point = LoadPoint(d.session_id, d.started_at, convert(d.top_load, d.unit, unit), d.top_reps, e1rm, unit)
        series.setdefault(d.lift, []).append(point)
    return series


def session_volumes(days: Iterable[ExerciseDay], unit: Unit) -> list[VolumePoint]:
    """Volume per session, every kept exercise of the session added up, in ``unit``."""
    by_session: dict[str, VolumePoint] = {}
    for d in days:
        volume = convert(d.volume, d.unit, unit)
        seen = by_session.get(d.session_id)
        if seen is None:
            by_session[d.session_id] = VolumePoint(d.session_id, d.started_at, volume, d.reps, unit)
        else:
            by_session[d.session_id] = VolumePoint(
                d.session_id, seen.started_at, seen.volume + volume, seen.reps + d.reps, unit
            )
    return list(by_session.values())


@dataclass(slots=True)
class _Tally:
    """A week's or a period's volume as it is added up, the sessions it came from and the latest of them."""

    volume: float = 0.0
    sessions: set[str] = field(default_factory=set)
    latest: str = ""

    def add(self, volume: float, session_id: str) -> None:
        self.volume += volume
        self.sessions.add(session_id)
        self.latest = session_id


def weekly_volumes(days: Iterable[ExerciseDay], unit: Unit) -> list[WeekVolume]:
    """Volume per ISO week, oldest first; weeks without training are left out."""
    weeks: dict[tuple[int, int], _Tally] = {}
    mondays: dict[tuple[int, int], dt.date] = {}
    for d in days:
        # The session's own offset is the lifter's local time when they trained.
        year, week, weekday = d.started_at.date().isocalendar()
        entry = weeks.get((year, week))
        if entry is None:
            mondays[(year, week)] = d.started_at.date() - dt.timedelta(days=weekday - 1)
            entry = weeks[(year, week)] = _Tally()
        entry.add(convert(d.volume, d.unit, unit), d.session_id)
    return [
        WeekVolume(mondays[key], key[0], key[1], entry.volume, len(entry.sessions), unit)
        for key, entry in sorted(weeks.items())
    ]


def balance_by_lift(days: Iterable[ExerciseDay], unit: Unit) -> dict[Lift, list[BalancePoint]]:
    """Left and right reps and volume per session, one line per one-leg lift, in ``unit``.

    Each preset has its own line: a session of one preset is never joined to one of another.
    """
    series: dict[Lift, list[BalancePoint]] = {}
    for d in days:
        if not d.one_leg:
            continue
        point = BalancePoint(
            d.session_id, d.started_at, d.left_reps, d.right_reps,
            convert(d.left_volume, d.unit, unit), convert(d.right_volume, d.unit, unit), unit,
        )
        points = series.setdefault(d.lift, [])
        if points and points[-1].session_id == d.session_id:  # the preset done twice in one session
            seen = points.pop()
            point = BalancePoint(
                d.session_id, seen.started_at, seen.left_reps + point.left_reps, seen.right_reps + point.right_reps,
                seen.left_volume + point.left_volume, seen.right_volume + point.right_volume, unit,
            )
        points.append(point)
    return series


def balance_series(days: Iterable[ExerciseDay], unit: Unit) -> list[BalancePoint]:
    """Left and right reps and volume per session, one-leg exercises only, in ``unit``."""
    by_session: dict[str, BalancePoint] = {}
    for d in days:
        if not d.one_leg:
            continue
        left_volume = convert(d.left_volume, d.unit, unit)
        right_volume = convert(d.right_volume, d.unit, unit)
        seen = by_session.get(d.session_id)
        if seen is not None:
            left_volume += seen.left_volume
            right_volume += seen.right_volume
        by_session[d.session_id] = BalancePoint(
            d.session_id,
            d.started_at if seen is None else seen.started_at,
            d.left_reps + (seen.left_reps if seen else 0),
            d.right_reps + (seen.right_reps if seen else 0),
            left_volume,
            right_volume,
            unit,
        )
    return list(by_session.values())


def tension_series(days: Iterable[ExerciseDay]) -> list[TensionPoint]:
    """Time under tension per session, every kept exercise added up; imported ones (never timed) left out."""
    by_session: dict[str, TensionPoint] = {}
    for d in days:
        if not d.timed:
            continue
        seen = by_session.get(d.session_id)
        if seen is None:
            by_session[d.session_id] = TensionPoint(d.session_id, d.started_at, d.tension_seconds, d.reps)
        else:
            by_session[d.session_id] = TensionPoint(
                d.session_id, seen.started_at, seen.seconds + d.tension_seconds, seen.reps + d.reps
            )
    return list(by_session.values())


def tempo_series(days: Iterable[ExerciseDay]) -> dict[Lift, list[TempoPoint]]:
    """Mean, shortest and longest lowering per exercise against the plan, one line per lift.

    Measured where a camera measured the set (live or on video), paced (marked ``measured=False``) for the other sets.
    """
    series: dict[Lift, list[TempoPoint]] = {}
    for d in days:
        points = series.setdefault(d.lift, [])
        if d.measured_lowering_reps and d.measured_lowering_shortest is not None \
                and d.measured_lowering_longest is not None:
            points.append(TempoPoint(
                d.session_id, d.started_at, d.planned_lower,
                d.measured_lowering_total / d.measured_lowering_reps,
                d.measured_lowering_shortest, d.measured_lowering_longest, d.measured_lowering_reps, measured=True,
            ))
        if d.lowering_reps and d.lowering_shortest is not None and d.lowering_longest is not None:
            points.append(TempoPoint(
                d.session_id, d.started_at, d.planned_lower, d.lowering_total / d.lowering_reps,
                d.lowering_shortest, d.lowering_longest, d.lowering_reps,
            ))
        if not points:
            del series[d.lift]
    return series


# ----------------------------------------------------------------------------- weeks and months


@dataclass(frozen=True, slots=True)
class PeriodVolume:
    """Load × reps of a week or a month; ``session_id`` is its latest session (a click opens it)."""

    period: Period
    volume: float
    sessions: int
    unit: Unit
    session_id: str


def period_volumes(days: Iterable[ExerciseDay], unit: Unit, grouping: Grouping) -> list[PeriodVolume]:
    """Volume per week or month, oldest first (``days`` oldest first); periods without training left out."""
    periods: dict[Period, _Tally] = {}
    for d in days:
        periods.setdefault(period_of(d.started_at, grouping), _Tally()).add(convert(d.volume, d.unit, unit), d.session_id)
    return [
        PeriodVolume(period, entry.volume, len(entry.sessions), unit, entry.latest)
        for period, entry in sorted(periods.items())
    ]


class _Dated(Protocol):
    """A chart's point: the session it opens and when that session started."""

    @property
    def session_id(self) -> str: ...

    @property
    def started_at(self) -> dt.datetime: ...


_Point = TypeVar("_Point", bound=_Dated)


def _by_period(points: Iterable[_Point], grouping: Grouping) -> dict[Period, list[_Point]]:
    buckets: dict[Period, list[_Point]] = {}
    for point in points:
        buckets.setdefault(period_of(point.started_at, grouping), []).append(point)
    return buckets


def _session_count(points: Iterable[_Dated]) -> int:
    """Sessions among ``points`` (a preset done twice in a session gives two points of it)."""
    return len({p.session_id for p in points})


def group_load(points: Sequence[LoadPoint], grouping: Grouping) -> list[LoadPoint]:
    """Each week's or month's best top set (and best estimate); it opens the session of that top set."""
    if grouping is Grouping.SESSION:
        return list(points)
    grouped = []
    for period, bucket in _by_period(points, grouping).items():
        best = max(bucket, key=lambda p: (p.load, p.reps))
        estimates = [p.e1rm for p in bucket if p.e1rm is not None]
        grouped.append(LoadPoint(
            best.session_id, best.started_at, best.load, best.reps, max(estimates, default=None), best.unit,
            _session_count(bucket), period,
        ))
    return grouped


def group_balance(points: Sequence[BalancePoint], grouping: Grouping) -> list[BalancePoint]:
    """Each week's or month's reps and volume per leg added up; it opens the latest session."""
    if grouping is Grouping.SESSION:
        return list(points)
    return [
        BalancePoint(
            bucket[-1].session_id, bucket[-1].started_at,
            sum(p.left_reps for p in bucket), sum(p.right_reps for p in bucket),
            sum(p.left_volume for p in bucket), sum(p.right_volume for p in bucket), bucket[0].unit,
            len(bucket), period,
        )
        for period, bucket in _by_period(points, grouping).items()
    ]


def group_tension(points: Sequence[TensionPoint], grouping: Grouping) -> list[TensionPoint]:
    """Each week's or month's time under tension added up; it opens the latest session."""
    if grouping is Grouping.SESSION:
        return list(points)
    return [
        TensionPoint(
            bucket[-1].session_id, bucket[-1].started_at, sum(p.seconds for p in bucket), sum(p.reps for p in bucket),
            len(bucket), period,
        )
        for period, bucket in _by_period(points, grouping).items()
    ]


def group_tempo(points: Sequence[TempoPoint], grouping: Grouping) -> list[TempoPoint]:
    """Each week's or month's lowering over all its reps, against the latest plan; it opens the latest session.

    Measured and paced lowering are grouped apart: a week's measured point holds only what video saw.
    """
    if grouping is Grouping.SESSION:
        return list(points)
    grouped = []
    for measured in (True, False):
        for period, bucket in _by_period([p for p in points if p.measured is measured], grouping).items():
            reps = sum(p.reps for p in bucket)
            grouped.append(TempoPoint(
                bucket[-1].session_id, bucket[-1].started_at, bucket[-1].planned,
                sum(p.mean * p.reps for p in bucket) / reps, min(p.shortest for p in bucket),
                max(p.longest for p in bucket), reps, _session_count(bucket), period, measured=measured,
            ))
    grouped.sort(key=_started_at)
    return grouped
