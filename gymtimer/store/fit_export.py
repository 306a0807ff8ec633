"""Sessions to FIT activity files, the format Garmin Connect and the apps that read FIT take in.

One file per session: sport *training*, sub-sport *strength training*, and one
``set`` message per set with its exercise (category *hip raise* and the name the
FIT profile gives the variation), the reps that counted, the load in kilograms,
its start time and its length. The rest after a set is a rest set of its own.
A set's length is its time under tension where its reps were timed (FIT has one
duration per set); an imported set, never timed, has its length unknown (0).

The bytes are made by the FIT SDK's own encoder (``garmin_fit_sdk``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path

from garmin_fit_sdk import Encoder, Profile

import gymtimer
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, SessionRecord, SetRecord
from gymtimer.core.units import Unit
from gymtimer.store.atomic import atomic_write

SUFFIX = ".fit"

_MESG = Profile["mesg_num"]
FILE_ID, DEVICE_INFO, EVENT, RECORD = _MESG["FILE_ID"], _MESG["DEVICE_INFO"], _MESG["EVENT"], _MESG["RECORD"]
SET, LAP, SESSION, ACTIVITY = _MESG["SET"], _MESG["LAP"], _MESG["SESSION"], _MESG["ACTIVITY"]

#: The FIT profile's ``hip_raise_exercise_name`` values, by name (looked up, never typed as numbers).
HIP_RAISE_NAMES: dict[str, int] = {name: number for number, name in Profile["types"]["hip_raise_exercise_name"].items()}

#: Each variation's exercise in the FIT profile: without load, and with one.
_NAMES: dict[Variation, tuple[str, str]] = {
    Variation.BARBELL: ("barbell_hip_thrust_with_bench", "barbell_hip_thrust_with_bench"),
    Variation.BODYWEIGHT: ("hip_raise", "weighted_hip_raise"),
    Variation.DUMBBELL: ("weighted_hip_raise", "weighted_hip_raise"),
    Variation.WEIGHTED: ("weighted_hip_raise", "weighted_hip_raise"),
    Variation.SINGLE_LEG: ("single_leg_hip_raise", "weighted_single_leg_hip_raise"),
    Variation.ECCENTRIC_SINGLE_LEG: ("single_leg_hip_raise", "weighted_single_leg_hip_raise"),
    Variation.STAGGERED_STANCE: ("hip_raise", "weighted_hip_raise"),
    Variation.REVERSE: ("reverse_hip_raise", "weighted_reverse_hip_raise"),
}

#: A glute bridge is a hip thrust from the floor.
_FLOOR = ("hip_raise", "barbell_hip_thrust_on_floor")

#: The largest load a FIT set can carry (a 16-bit number of 1/16 kg).
_MAX_FIT_KG = 4000.0


def exercise_name(exercise: ExerciseRecord, record: SetRecord) -> str:
    """The FIT profile's name of the set's exercise (a ``hip_raise_exercise_name``)."""
    one_leg = exercise.variation in (Variation.SINGLE_LEG, Variation.ECCENTRIC_SINGLE_LEG)
    floor = "bridge" in exercise.preset_name.lower() and not one_leg
    unloaded, loaded = _FLOOR if floor else _NAMES[exercise.variation]
    return loaded if record.load > 0 else unloaded


def file_name(session: SessionRecord) -> str:
    """``gymtimer-2026-11-21-1954-1a2b3c4d.fit``: sorts by local start time, unique by id."""
    started = session.started_at.astimezone()
    short_id = re.sub(r"[^0-9A-Za-z]", "", session.id)[:8] or "session"
    return f"gymtimer-{started:%Y-%m-%d-%H%M}-{short_id}{SUFFIX}"


def fit_bytes(session: SessionRecord) -> bytes:
    """The session as one FIT activity file (header, messages, CRC)."""
    start = session.started_at.astimezone(dt.UTC)
    clock = _Clock(start)
    encoder = Encoder()
    encoder.write_mesg({
        "mesg_num": FILE_ID, "type": "activity", "manufacturer": "development", "product": 1,
        "time_created": start, "serial_number": _serial(session.id), "product_name": "GymTimer",
    })
    encoder.write_mesg({
        "mesg_num": DEVICE_INFO, "timestamp": start, "device_index": "creator", "manufacturer": "development",
        "product": 1, "product_name": "GymTimer", "software_version": _version(),
    })
    encoder.write_mesg({"mesg_num": EVENT, "timestamp": start, "event": "timer", "event_type": "start"})
    encoder.write_mesg({"mesg_num": RECORD, "timestamp": start})
    index = 0
    for exercise in session.exercises:
        for number, record in enumerate(exercise.sets):
            set_start = clock.at(record.started)
            set_end = clock.at(record.ended if record.ended is not None else record.started)
            tension = record.tension_seconds
            active = tension if tension > 0 else 0.0
            category = "hip_raise"
            name = HIP_RAISE_NAMES[exercise_name(exercise, record)]
            encoder.write_mesg({
                "mesg_num": SET, "message_index": index, "timestamp": clock.stamp(set_end),
                "start_time": set_start, "duration": active, "set_type": "active",
                "repetitions": record.done(), "weight": min(record.load_in(Unit.KG), _MAX_FIT_KG),
                "weight_display_unit": "pound" if record.unit is Unit.LB else "kilogram",
                "category": [category], "category_subtype": [name],
            })
            index += 1
            rest = _rest_after(exercise, number, record)
            if rest:
                rest_end = clock.at((record.ended or record.started) + rest)
                encoder.write_mesg({
                    "mesg_num": SET, "message_index": index, "timestamp": clock.stamp(rest_end),
                    "start_time": set_end, "duration": rest, "set_type": "rest",
                })
                index += 1
    end = max(clock.latest, clock.at(session.duration_seconds))
    elapsed = (end - start).total_seconds()
    encoder.write_mesg({"mesg_num": RECORD, "timestamp": end})
    encoder.write_mesg({"mesg_num": EVENT, "timestamp": end, "event": "timer", "event_type": "stop_all"})
    totals = {"start_time": start, "total_elapsed_time": elapsed, "total_timer_time": elapsed,
              "sport": "training", "sub_sport": "strength_training"}
    encoder.write_mesg({"mesg_num": LAP, "timestamp": end, "message_index": 0, "event": "lap",
                        "event_type": "stop", **totals})
    encoder.write_mesg({"mesg_num": SESSION, "timestamp": end, "message_index": 0, "event": "session",
                        "event_type": "stop", "first_lap_index": 0, "num_laps": 1, **totals})
    offset = session.started_at.astimezone().utcoffset() or dt.timedelta()
    encoder.write_mesg({
        "mesg_num": ACTIVITY, "timestamp": end, "total_timer_time": elapsed, "num_sessions": 1,
        "type": "manual", "event": "activity", "event_type": "stop",
        "local_timestamp": _local_timestamp(end, offset),
    })
    return encoder.close()


def export_fit(sessions: Iterable[SessionRecord], folder: str | os.PathLike[str]) -> list[Path]:
    """Write each session with a set as its own FIT file in ``folder``; returns the files written.

    Each file is written atomically; one already there with the same name is replaced
    (the same session exported again). Raises :class:`gymtimer.store.atomic.SaveError`.
    """
    target = Path(folder)
    written = []
    for session in sessions:
        if not session.sets():
            continue
        path = target / file_name(session)
        atomic_write(path, fit_bytes(session), shared=True)  # for the lifter's watch app
        written.append(path)
    return written


def _rest_after(exercise: ExerciseRecord, number: int, record: SetRecord) -> float:
    """The rest taken after a set: as recorded, else up to the next set's start (0 when unknown)."""
    if record.rest_after is not None:
        return max(0.0, record.rest_after)
    following = exercise.sets[number + 1] if number + 1 < len(exercise.sets) else None
    if following is None or record.ended is None or following.started <= record.ended:
        return 0.0
    return following.started - record.ended


class _Clock:
    """Session seconds as FIT times, never going back (FIT wants timestamps in order)."""

    def __init__(self, start: dt.datetime) -> None:
        self.start = start
        self.latest = start

    def at(self, seconds: float) -> dt.datetime:
        return self.start + dt.timedelta(seconds=max(0.0, seconds))

    def stamp(self, when: dt.datetime) -> dt.datetime:
        self.latest = max(self.latest, when)
        return self.latest


def _local_timestamp(end: dt.datetime, offset: dt.timedelta) -> int:
    """FIT's local time: seconds since its epoch (1989-12-31 UTC) on the lifter's wall clock."""
    epoch = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
    return int((end - epoch + offset).total_seconds())


def _serial(session_id: str) -> int:
    """A stable serial number from the session's id (FIT's file id is manufacturer, product, serial, time)."""
    digits = re.sub(r"[^0-9a-f]", "", session_id.lower())[:8]
    return int(digits, 16) % 0xFFFFFFFE + 1 if digits else 1


def _version() -> float:
    match = re.match(r"(\d+)\.(\d+)", gymtimer.__version__)
    return float(f"{match.group(1)}.{match.group(2)}") if match else 0.0
