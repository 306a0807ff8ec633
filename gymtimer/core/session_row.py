"""A session as one row of the History table, read from the records' own properties.

What counts as a rep, the volume and the top load are decided on the records
(:mod:`gymtimer.core.records`); this only gathers them for one session and
words them, so that the table says what the session file, the CSV and the
charts say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gymtimer.core.durations import clock, hours_minutes
from gymtimer.core.plan import Side
from gymtimer.core.records import SessionRecord
from gymtimer.core.units import Unit, convert, format_load


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One row of the History table: what a lifter scans a history for."""

    started: dt.datetime  #: local time
    preset: str
    sets: int
    reps_total: int
    reps_left: int
    reps_right: int
    one_leg: bool
    top_load_kg: float
    top_load_text: str
    volume_kg: float
    volume_text: str
    tension_seconds: float
    duration_seconds: float
    interrupted: bool
    outcome: str
    imported_from: str = ""  #: the app an imported session came from: its reps were never timed

    @classmethod
    def of(cls, session: SessionRecord) -> SessionRow:
        names: list[str] = []
        for exercise in session.exercises:
            if exercise.preset_name not in names:
                names.append(exercise.preset_name)
        # One walk over each set: a ten-year history has 2,600 rows to fill before the table shows.
        total = left = right = 0
        volume_kg = tension = 0.0
        top = None
        top_kg = 0.0
        for record in session.sets():
            by_side = record.done_by_side()  # what counts is the records' to say (RepRecord.counted)
            done = sum(by_side.values())
            total += done
            left += by_side.get(Side.LEFT, 0)
            right += by_side.get(Side.RIGHT, 0)
            tension += record.tension_seconds
            if done:
                load_kg = record.load_in(Unit.KG)
                volume_kg += load_kg * done  # the set's volume (SetRecord.volume), in kg
                if top is None or load_kg > top_kg:
                    top, top_kg = record, load_kg
        unit = next((record.unit for record in session.sets()), Unit.KG)  # the unit the lifter entered first
        volume = convert(volume_kg, Unit.KG, unit)
        return cls(
            started=session.started_at.astimezone(),
            preset=" + ".join(names) or "—",
            sets=session.set_count,
            reps_total=total,
            reps_left=left,
            reps_right=right,
            one_leg=any(exercise.plan.one_leg for exercise in session.exercises),
            top_load_kg=top_kg,
            top_load_text="—" if top is None else format_load(top.load, top.unit),
            volume_kg=volume_kg,
            volume_text=f"{volume:,.0f} {unit.value}" if volume_kg else "—",
            tension_seconds=tension,
            duration_seconds=session.duration_seconds,
            interrupted=session.interrupted,
            outcome=session.outcome,
            imported_from=session.imported_from,
        )

    @property
    def date_text(self) -> str:
        return f"{self.started:%Y-%m-%d %H:%M}"

    @property
    def reps_both(self) -> int:
        """Good reps done with both legs at once (the rest were done on one leg)."""
        return self.reps_total - self.reps_left - self.reps_right

    def reps_text(self) -> str:
        """'15' for two-leg work, 'L 12 / R 12' for one-leg work, '4 + L 0 / R 1' for both in one session."""
        if not self.one_leg:
            return str(self.reps_total)
        one_leg = f"L {self.reps_left} / R {self.reps_right}"
        return f"{self.reps_both} + {one_leg}" if self.reps_both else one_leg

    def reps_tip(self) -> str:
        """The reps column in words, for a session that mixes two-leg and one-leg work."""
        if not (self.one_leg and self.reps_both):
            return ""
        return (
            f"{self.reps_total} reps: {self.reps_both} with both legs, "
            f"{self.reps_left} with the left leg and {self.reps_right} with the right leg"
        )

    @property
    def tension_text(self) -> str:
        return "—" if self.imported_from else clock(self.tension_seconds)

    @property
    def mark(self) -> str:
        """The last column's word: ``interrupted``, or where an imported session came from."""
        if self.imported_from:
            return f"from {self.imported_from}"
        return "interrupted" if self.interrupted else ""

    @property
    def duration_text(self) -> str:
        return hours_minutes(self.duration_seconds)
