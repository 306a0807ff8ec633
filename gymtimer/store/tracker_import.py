"""A history brought in from another tracker's CSV export: Strong's or Hevy's.

Only hip thrusts become sessions (hip thrusts, glute bridges, hip raises, their
one-leg forms); every other exercise is counted and left out. Each workout with a
hip thrust becomes one GymTimer session, marked ``imported_from`` the app, with
the loads in their units, the reps, RPE and notes. Nothing was timed there, so the
reps have no phase times: no time under tension, no tempo.

A session's id comes from the export's own rows (the app, the workout's start and
its name), so importing the same file twice finds every session already there.

The whole file is read before anything is kept: a line that cannot be read stops
the import with a message naming that line, and nothing of the file is imported.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import hashlib
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import gymtimer
from gymtimer.core.plan import MAX_LOAD, MAX_REPS, MAX_SETS, Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.units import Unit

STRONG = "Strong"
HEVY = "Hevy"

#: The most reps one imported set may claim (a number beyond is a damaged line, not a set).
MAX_IMPORTED_REPS = 1000

#: Words that make an exercise a hip thrust.
_HIP_THRUST = re.compile(r"hip[\s-]*thrust|glute[\s-]*bridge|hip[\s-]*raise|hip[\s-]*bridge", re.IGNORECASE)

#: The built-in preset an imported exercise of this variation joins (its chart line, its suggestions).
_BUILTIN_PRESET = {Variation.BARBELL: "builtin-barbell-3x5-squeeze", Variation.BODYWEIGHT: "builtin-bodyweight"}


class TrackerFileError(ValueError):
    """A tracker export that cannot be read; ``str()`` names the line and says why, in plain words."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.line = line


@dataclass
class TrackerImport:
    """What a tracker's export held: the hip thrust sessions, and what was left out."""

    app: str
    sessions: list[SessionRecord] = field(default_factory=list)
    #: Other exercises by name, with the sets of each that were left out.
    left_out: dict[str, int] = field(default_factory=dict)
    warmups: int = 0  #: warm-up sets of hip thrusts, left out
    empty: int = 0  #: hip thrust sets logged with no rep, left out
    guessed_unit: Unit | None = None  #: the unit assumed for an export that does not say its unit

    @property
    def left_out_line(self) -> str:
        """One line saying what was left out, or ``""``."""
        parts = []
        if self.left_out:
            sets = sum(self.left_out.values())
            kinds = len(self.left_out)
            parts.append(f"{sets} set{'s' if sets != 1 else ''} of {kinds} other exercise{'s' if kinds != 1 else ''} "
                         f"({_few(self.left_out)}) left out: GymTimer keeps hip thrusts only")
        if self.warmups:
            parts.append(f"{self.warmups} warm-up set{'s' if self.warmups != 1 else ''} left out")
        if self.empty:
            parts.append(f"{self.empty} set{'s' if self.empty != 1 else ''} with no rep left out")
        if self.guessed_unit is not None:
            parts.append(f"the export does not say its unit: loads read as {self.guessed_unit.value}")
        return "; ".join(parts) + ("." if parts else "")


@dataclass(frozen=True)
class _Layout:
    app: str
    required: tuple[str, ...]
    read_row: Callable[[dict[str, str], int, _Reading], None]


@dataclass
class _Workout:
    key: str
    started_at: dt.datetime
    ended_at: dt.datetime
    note: str
    exercises: dict[str, ExerciseRecord] = field(default_factory=dict)


@dataclass
class _Reading:
    app: str
    unit: Unit
    decimal_comma: bool
    result: TrackerImport
    workouts: dict[str, _Workout] = field(default_factory=dict)


def looks_like_tracker_csv(name: str) -> bool:
    """A file the import reads as a tracker's export (by its name: ``.csv``)."""
    return name.lower().endswith(".csv")


def read_tracker_csv(data: bytes, *, unit: Unit = Unit.KG) -> TrackerImport:
    """Read a Strong or Hevy CSV export; raises :class:`TrackerFileError` naming the line at fault.

    ``unit`` is the lifter's unit, assumed for a Strong export that does not say its own.
    """
    text = _decode(data)
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].strip():
        raise TrackerFileError("the file is empty: export your workouts from Strong or Hevy again", 1)
    delimiter, layout, header = _header(lines[0])
    reading = _Reading(layout.app, unit, delimiter == ";", TrackerImport(layout.app))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        next(reader)
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                cut = " (the file may be cut short)" if len(row) < len(header) else ""
                raise TrackerFileError(f"has {len(row)} columns where the first line has {len(header)}{cut}", line)
            layout.read_row(dict(zip(header, row, strict=True)), line, reading)
    except csv.Error as error:
        raise TrackerFileError(f"cannot be read as CSV ({error}); the file may be cut short", reader.line_num) from None
    result = reading.result
    for workout in reading.workouts.values():
        result.sessions.append(_session(layout.app, workout))
    result.sessions.sort(key=lambda s: s.started_at)
    return result


# ----------------------------------------------------------------------------- the file as text


def _decode(data: bytes) -> str:
    """UTF-8 (with or without its mark), or UTF-16 with its mark (a spreadsheet's "Unicode text")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            line = data[: error.start].decode("utf-16", "replace").count("\n") + 1
            raise TrackerFileError("is damaged UTF-16 text; export the file again", line) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TrackerFileError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}, perhaps Latin-1 or Windows text): "
            "use the file as the app exported it, or save it again as CSV UTF-8", line,
        ) from None


def _header(first: str) -> tuple[str, _Layout, list[str]]:
    """The separator and layout the first line names; a clear refusal for any other file."""
    for delimiter in (",", ";", "\t"):
        header = [name.strip() for name in next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter))]
        for layout in _LAYOUTS:
            if all(name in header for name in layout.required) and _weight_column(header, layout) is not None:
                return delimiter, layout, header
    shown = first.strip()[:80]
    raise TrackerFileError(
        f"is not a Strong or Hevy export (its columns are {shown!r}). GymTimer reads Strong's CSV "
        "(Date, Exercise Name, Set Order, Weight, Reps, …) and Hevy's (title, start_time, exercise_title, "
        "set_index, weight_kg or weight_lbs, reps, …), separated by commas or semicolons", 1,
    )


def _weight_column(header: list[str], layout: _Layout) -> str | None:
    names = ("Weight", "Weight (kg)", "Weight (lbs)") if layout.app == STRONG else ("weight_kg", "weight_lbs")
    return next((name for name in names if name in header), None)


# ----------------------------------------------------------------------------- the two layouts


def _strong_row(row: dict[str, str], line: int, reading: _Reading) -> None:
    name = row["Exercise Name"].strip()
    order = row["Set Order"].strip()
    if order.lower().startswith("rest"):  # Strong's rest-timer lines are not sets
        return
    started_at = _date(row["Date"], line, "2023-05-02 18:13:40")
    duration = _duration(row.get("Duration") or row.get("Workout Duration") or "", line)
    key = f"{row['Date'].strip()}|{row.get('Workout Name', '').strip()}"
    warmup = order.upper() == "W"
    if not warmup and order and not order.isdigit() and order.upper() not in ("D", "F"):
        raise TrackerFileError(f"the set order {order!r} is not a number", line)
    if "Weight Unit" in row:
        unit = _unit(row["Weight Unit"], line)
    elif "Weight (lbs)" in row:
        unit = Unit.LB
    elif "Weight (kg)" in row:
        unit = Unit.KG
    else:
        unit = reading.unit
        reading.result.guessed_unit = unit
    weight = row.get("Weight") or row.get("Weight (kg)") or row.get("Weight (lbs)") or ""
    _add_set(reading, line, key=key, started_at=started_at, duration=duration,
             workout_note=row.get("Workout Notes", ""), exercise=name, warmup=warmup,
             load=_number(weight, line, "weight", reading.decimal_comma), unit=unit,
             reps=_number(row["Reps"], line, "reps", reading.decimal_comma),
             rpe=_number(row.get("RPE", ""), line, "RPE", reading.decimal_comma), note=row.get("Notes", ""),
             first_note_only=False)


def _hevy_row(row: dict[str, str], line: int, reading: _Reading) -> None:
    started_at = _date(row["start_time"], line, "26 Jul 2025, 07:06")
    end = row.get("end_time", "").strip()
    ended_at = _date(end, line, "26 Jul 2025, 08:11") if end else started_at
    unit = Unit.KG if "weight_kg" in row else Unit.LB
    _add_set(reading, line, key=f"{row['start_time'].strip()}|{row['title'].strip()}", started_at=started_at,
             duration=max(0.0, (ended_at - started_at).total_seconds()), workout_note=row.get("description", ""),
             exercise=row["exercise_title"].strip(), warmup=row["set_type"].strip().lower() == "warmup",
             load=_number(row.get("weight_kg", row.get("weight_lbs", "")), line, "weight", reading.decimal_comma),
             unit=unit, reps=_number(row["reps"], line, "reps", reading.decimal_comma),
             rpe=_number(row.get("rpe", ""), line, "RPE", reading.decimal_comma),
             note=row.get("exercise_notes", ""), first_note_only=True)


_LAYOUTS = (
    _Layout(STRONG, ("Date", "Exercise Name", "Set Order", "Reps"), _strong_row),
    _Layout(HEVY, ("title", "start_time", "exercise_title", "set_index", "set_type", "reps"), _hevy_row),
)


# ----------------------------------------------------------------------------- one set


def _add_set(
    reading: _Reading, line: int, *, key: str, started_at: dt.datetime, duration: float, workout_note: str,
    exercise: str, warmup: bool, load: float | None, unit: Unit, reps: float | None, rpe: float | None,
    note: str, first_note_only: bool,
) -> None:
    result = reading.result
    if not _HIP_THRUST.search(exercise):
        result.left_out[exercise] = result.left_out.get(exercise, 0) + 1
        return
    if warmup:
        result.warmups += 1
        return
    count = 0 if reps is None else reps
    if count != int(count) or not 0 <= count <= MAX_IMPORTED_REPS:
        raise TrackerFileError(f"{exercise}: the reps {count:g} are not a whole number from 0 to "
                               f"{MAX_IMPORTED_REPS}", line)
    weight = 0.0 if load is None else load
    if not 0 <= weight <= MAX_LOAD:
        raise TrackerFileError(f"{exercise}: the weight {weight:g} {unit.value} is not from 0 to "
                               f"{MAX_LOAD:g}", line)
    if rpe is not None and not 1 <= rpe <= 10:
        raise TrackerFileError(f"{exercise}: the RPE {rpe:g} is not from 1 to 10", line)
    if count == 0:  # a set logged without a rep (planned, never lifted): GymTimer keeps no empty set
        result.empty += 1
        return
    workout = reading.workouts.get(key)
    if workout is None:
        workout = reading.workouts[key] = _Workout(
            key, started_at, started_at + dt.timedelta(seconds=duration), workout_note.strip())
    record = workout.exercises.get(exercise)
    if record is None:
        record = workout.exercises[exercise] = ExerciseRecord(
            preset_name=exercise, variation=Variation.BODYWEIGHT, plan=Plan())
    number = len(record.sets) + 1
    text = note.strip() if not (first_note_only and record.sets) else ""
    record.sets.append(SetRecord(
        number=number, side=Side.BOTH, target=int(count), load=weight, unit=unit, started=0.0,
        reps=[RepRecord(side=Side.BOTH) for _ in range(int(count))], rpe=rpe, note=text,
    ))


def _session(app: str, workout: _Workout) -> SessionRecord:
    exercises = []
    for name, record in workout.exercises.items():
        loaded = any(s.load > 0 for s in record.sets)
        variation = _variation(name, loaded)
        top = max(record.sets, key=lambda s: s.load)
        record.variation = variation
        record.preset_id = _BUILTIN_PRESET.get(variation, "")
        record.plan = Plan(
            sets=min(max(1, len(record.sets)), MAX_SETS),
            reps=min(max(1, max(s.target for s in record.sets)), MAX_REPS),
            laterality=Laterality.BOTH, load=top.load, unit=top.unit,
        )
        exercises.append(record)
    if workout.note and exercises and exercises[0].sets:
        first = exercises[0].sets[0]
        first.note = f"{workout.note}\n{first.note}".strip() if first.note != workout.note else first.note
    digest = hashlib.sha256(f"{app}|{workout.key}".encode()).hexdigest()[:32]
    return SessionRecord(
        id=digest, started_at=workout.started_at, app_version=gymtimer.__version__, exercises=exercises,
        ended_at=workout.ended_at, imported_from=app,
    )


def _variation(name: str, loaded: bool) -> Variation:
    lower = name.lower()
    if "single" in lower or "one leg" in lower or "one-leg" in lower:
        return Variation.SINGLE_LEG
    if "reverse" in lower:
        return Variation.REVERSE
    if "dumbbell" in lower:
        return Variation.DUMBBELL
    if "barbell" in lower or "smith" in lower:
        return Variation.BARBELL
    if "machine" in lower or "band" in lower or "weighted" in lower:
        return Variation.WEIGHTED
    if "bodyweight" in lower:
        return Variation.BODYWEIGHT
    return Variation.BARBELL if loaded else Variation.BODYWEIGHT


# ----------------------------------------------------------------------------- cells


#: ``2023-05-02 18:13:40``, ``2023-05-02 6:13:40 PM`` (Strong), ``2025-07-26T07:06:00+02:00``.
_NUMERIC_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(?:([AaPp])\.?[Mm]\.?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
#: ``26 Jul 2025, 07:06`` (Hevy): English month names, whatever the computer's language.
_WORDED_DATE = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[A-Za-z]*\.? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def _date(text: str, line: int, example: str) -> dt.datetime:
    """A date as the apps write it, read the same under any language setting (no ``strptime`` names)."""
    parsed = _parse_date(text.strip().replace("\u202f", " ").replace("\u00a0", " "))
    if parsed is not None:
        try:
            return parsed if parsed.tzinfo is not None else parsed.astimezone()  # the lifter's own time zone
        except (OverflowError, OSError, ValueError):
            pass
    raise TrackerFileError(f"the date {text.strip()!r} is not one the app writes (like {example!r})", line)


@functools.lru_cache(maxsize=4096)  # every set of a workout repeats its date
def _parse_date(text: str) -> dt.datetime | None:
    numeric = _NUMERIC_DATE.fullmatch(text)
    worded = None if numeric else _WORDED_DATE.fullmatch(text)
    try:
        if numeric:
            year, month, day, hour, minute, second, half, zone = numeric.groups()
            hour_of_day = int(hour)
            if half is not None:
                if not 1 <= hour_of_day <= 12:
                    return None
                hour_of_day = hour_of_day % 12 + (12 if half in "Pp" else 0)
            when = dt.datetime(int(year), int(month), int(day), hour_of_day, int(minute), int(second or 0))
            if zone:
                when = when.replace(tzinfo=_zone(zone))
            return when
        if worded:
            day, month_name, year, hour, minute, second = worded.groups()
            month = _MONTHS.get(month_name.lower())
            if month is None:
                return None
            return dt.datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0))
    except ValueError:  # 31 February, 25 o'clock
        return None
    return None


def _zone(text: str) -> dt.tzinfo:
    if text == "Z":
        return dt.UTC
    digits = text[1:].replace(":", "")
    offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return dt.timezone(-offset if text[0] == "-" else offset)


def _duration(text: str, line: int) -> float:
    """Strong's workout length: ``1h 5m``, ``45m``, ``30s`` or seconds; 0 when empty."""
    cleaned = text.strip()
    if not cleaned:
        return 0.0
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return float(cleaned)
    parts = re.fullmatch(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?", cleaned)
    if parts is None or not any(parts.groups()):
        raise TrackerFileError(f"the workout length {cleaned!r} is not like '1h 5m'", line)
    hours, minutes, seconds = (int(g or 0) for g in parts.groups())
    return hours * 3600.0 + minutes * 60.0 + seconds


def _number(text: str, line: int, what: str, decimal_comma: bool) -> float | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise TrackerFileError(f"the {what} {text.strip()!r} is not a number", line) from None
    if not math.isfinite(value):
        raise TrackerFileError(f"the {what} {text.strip()!r} is not a number", line)
    return value


def _unit(text: str, line: int) -> Unit:
    cleaned = text.strip().lower()
    if cleaned in ("kg", "kgs", ""):
        return Unit.KG
    if cleaned in ("lb", "lbs"):
        return Unit.LB
    raise TrackerFileError(f"the weight unit {text.strip()!r} is neither kg nor lbs", line)


def _few(names: dict[str, int]) -> str:
    shown = sorted(names, key=lambda n: (-names[n], n))[:3]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")
