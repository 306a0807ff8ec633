"""Sessions to CSV for spreadsheets: one row per set."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable

from gymtimer.core.plan import Side
from gymtimer.core.records import SessionRecord
from gymtimer.store.atomic import atomic_write

COLUMNS = (
    "session_id", "session_started", "interrupted", "exercise", "preset", "variation", "tempo",
    "set", "side", "load", "unit", "target_reps", "reps_done", "reps_failed", "reps_left", "reps_right",
    "set_started_s", "set_seconds", "tension_seconds", "rest_after_s", "rpe", "note",
    "reps_seen", "reps_not_seen", "short_reps", "too_fast_lowerings", "mean_measured_lower_s", "exercise_ended",
)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}".rstrip("0").rstrip(".")


def csv_rows(sessions: Iterable[SessionRecord]) -> Iterable[dict[str, str]]:
    """One dictionary per set, keyed by :data:`COLUMNS`; times in seconds, loads in their unit.

    ``interrupted`` is ``true`` or ``false``, as in the session files. ``reps_done`` counts
    every good rep of the set; ``reps_left`` and ``reps_right`` only those done on one leg,
    so a two-leg set has its reps in ``reps_done`` and 0 on each side. The camera's columns
    read what a camera measured of the set (a video's reps when it was filmed, else the reps
    seen live); they are empty for a set no camera measured.
    """
    for session in sessions:
        started = session.started_at.astimezone().isoformat(timespec="seconds")
        for number, exercise in enumerate(session.exercises, start=1):
            for record in exercise.sets:
                duration = None if record.ended is None else record.ended - record.started
                camera = record.watched or record.measured is not None
                yield {
                    "session_id": session.id,
                    "session_started": started,
                    "interrupted": "true" if session.interrupted else "false",
                    "exercise": str(number),
                    "preset": exercise.preset_name,
                    "variation": exercise.variation.value,
                    "tempo": exercise.plan.tempo.notation(),
                    "set": str(record.number),
                    "side": record.side.value,
                    "load": _number(record.load),
                    "unit": record.unit.value,
                    "target_reps": str(record.target),
                    "reps_done": str(record.done()),
                    "reps_failed": str(record.failed()),
                    "reps_left": str(record.done(Side.LEFT)),
                    "reps_right": str(record.done(Side.RIGHT)),
                    "set_started_s": _number(record.started),
                    "set_seconds": _number(duration),
                    "tension_seconds": _number(record.tension_seconds),
                    "rest_after_s": _number(record.rest_after),
                    "rpe": _number(record.rpe),
                    "note": record.note,
                    "reps_seen": str(len(record.camera_reps)) if camera else "",
                    "reps_not_seen": str(record.not_seen()) if camera else "",
                    "short_reps": str(record.short) if camera else "",
                    "too_fast_lowerings": str(record.too_fast) if camera else "",
                    "mean_measured_lower_s": _number(record.mean_measured_lower),
                    "exercise_ended": exercise.outcome,
                }


def export_csv(sessions: Iterable[SessionRecord], path: str | os.PathLike[str]) -> int:
    """Write the sets of ``sessions`` to ``path`` atomically; returns the number of rows.

    UTF-8 with a byte-order mark, so that spreadsheet programs read accented notes right.
    Raises :class:`gymtimer.store.atomic.SaveError` with a plain message.
    """
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    rows = 0
    for row in csv_rows(sessions):
        writer.writerow(row)
        rows += 1
    atomic_write(path, buffer.getvalue().encode("utf-8-sig"), shared=True)  # for the lifter's spreadsheet
    return rows
