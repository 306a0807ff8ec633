"""Years of made-up but plausible training history, for benchmarks, charts and tests.

``python -m gymtimer_dev.sample_history DIR`` (or ``benchmarks/history.py --generate DIR``)
writes ten years: about 2,600 sessions, 15,000 sets and 120,000 reps, each rep with the
start time of every phase, loads that progress with plateaus and deloads, now and then a
failed rep, an RPE, a note, an interrupted session and a session logged in pounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

import msgspec

from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import BUILTIN_PRESETS, Preset, Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.tempo import REP_PHASES, Tempo
from gymtimer.core.units import Unit
from gymtimer.store import session_files

_HEAVY_8 = Preset(
    name="Barbell hip thrust 4×8",
    variation=Variation.BARBELL,
    plan=Plan(tempo=Tempo(lift=1, squeeze=2, lower=3, bottom=0), sets=4, reps=8, rest=120),
)
_VOLUME_10 = Preset(
    name="Barbell hip thrust 4×10",
    variation=Variation.BARBELL,
    plan=Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=1), sets=4, reps=10, rest=90),
)
#: (preset, weight of the draw, share of the barbell load it is done with)
_MENU: tuple[tuple[Preset, float, float], ...] = (
    (BUILTIN_PRESETS[0], 1.0, 1.0),
    (_HEAVY_8, 3.0, 0.85),
    (_VOLUME_10, 3.0, 0.75),
    (BUILTIN_PRESETS[1], 1.5, 0.3),
    (BUILTIN_PRESETS[2], 1.5, 0.6),
    (BUILTIN_PRESETS[3], 1.0, 0.0),
)
_NOTES = ("felt strong", "left hip tight", "bar slipped, reset", "great squeeze", "tired after work", "new belt")


@dataclass
class Generated:
    """What :func:`generate` wrote."""

    sessions: int = 0
    exercises: int = 0
    sets: int = 0
    reps: int = 0
    bytes: int = 0


def make_sessions(
    *, years: float = 10.0, sessions: int = 2600, seed: int = 2026, end: dt.datetime | None = None
) -> list[SessionRecord]:
    """``sessions`` sessions spread over the ``years`` up to ``end``, deterministic for a ``seed``."""
    rng = random.Random(seed)
    end = end or dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    span = dt.timedelta(days=365.25 * years)
    start = end - span
    step = span / sessions
    result = []
    for index in range(sessions):
        day = start + step * index + dt.timedelta(minutes=rng.uniform(-30, 30))
        progress = index / max(1, sessions - 1)
        result.append(_session(rng, day, progress))
    return result


def _barbell_load(rng: random.Random, progress: float) -> float:
    """From 40 kg to about 160 kg over the years, with a deload every few months."""
    base = 40 + 120 * (1 - (1 - progress) ** 2)
    if rng.random() < 0.06:
        base *= 0.8
    return max(20.0, round(base / 2.5) * 2.5)


def _session(rng: random.Random, started_at: dt.datetime, progress: float) -> SessionRecord:
    session = SessionRecord(id=uuid.UUID(int=rng.getrandbits(128)).hex, started_at=started_at, app_version="0.1.0")
    in_pounds = rng.random() < 0.03
    clock = 0.0
    count = 1 if rng.random() < 0.645 else 2
    presets, weights = [m for m in _MENU], [m[1] for m in _MENU]
    for _ in range(count):
        preset, _weight, share = rng.choices(presets, weights)[0]
        load = round(_barbell_load(rng, progress) * share / 2.5) * 2.5
        unit = Unit.KG
        if in_pounds:
            load, unit = round(load / 0.45359237 / 5) * 5, Unit.LB
        exercise, clock = _exercise(rng, preset, load, unit, clock)
        session.exercises.append(exercise)
        clock += rng.uniform(60, 240)
    if rng.random() < 0.01:
        session.interrupted = True
        last = session.exercises[-1]
        last.abandoned = True
        if len(last.sets) > 1:
            last.sets.pop()
        last.ended = last.sets[-1].ended if last.sets else last.started
    ends = [e.ended for e in session.exercises if e.ended is not None]
    session.ended_at = started_at + dt.timedelta(seconds=max(ends, default=0.0))
    return session


def _exercise(rng: random.Random, preset: Preset, load: float, unit: Unit, clock: float) -> tuple[ExerciseRecord, float]:
    plan = msgspec.structs.replace(preset.plan, load=load, unit=unit)
    exercise = ExerciseRecord(preset_name=preset.name, variation=preset.variation, plan=plan, started=clock,
                              preset_id=preset.id)
    clock += plan.lead_in
    tempo = plan.tempo
    phases = [p for p in REP_PHASES if tempo.seconds(p) > 0]
    sides = plan.sides if plan.laterality is Laterality.PER_LEG else (Side.BOTH,)
    for number in range(1, plan.sets + 1):
        for bout, side in enumerate(sides):
            record = SetRecord(number=number, side=side, target=plan.reps, load=load, unit=unit, started=clock)
            fatigue = rng.random() < 0.05
            for rep_index in range(plan.reps):
                rep = RepRecord(side=side)
                for phase in phases:
                    rep.phases[phase] = round(clock, 3)
                    clock += tempo.seconds(phase) * rng.uniform(0.93, 1.1)
                rep.ended = round(clock, 3)
                rep.failed = fatigue and rep_index == plan.reps - 1
                record.reps.append(rep)
            record.ended = round(clock, 3)
            if rng.random() < 0.12:
                record.rpe = rng.choice((6.0, 7.0, 7.5, 8.0, 8.5, 9.0, 10.0))
            if rng.random() < 0.03:
                record.note = rng.choice(_NOTES)
            exercise.sets.append(record)
            if bout + 1 < len(sides):
                clock += plan.switch_pause
        if number < plan.sets:
            rest = plan.rest * rng.uniform(0.9, 1.3)
            exercise.sets[-1].rest_after = round(rest, 3)
            clock += rest  # the rest counts down into the next set: no second lead-in
    exercise.ended = round(clock, 3)
    return exercise, clock


def generate(folder: str | Path, *, years: float = 10.0, sessions: int = 2600, seed: int = 2026,
             end: dt.datetime | None = None) -> Generated:
    """Write :func:`make_sessions` into ``folder`` as session files (plain writes: it is sample data)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stats = Generated()
    for session in make_sessions(years=years, sessions=sessions, seed=seed, end=end):
        data = session_files.encode(session)
        (folder / session_files.file_name(session)).write_bytes(data)
        stats.sessions += 1
        stats.exercises += len(session.exercises)
        stats.sets += sum(len(e.sets) for e in session.exercises)
        stats.reps += sum(len(s.reps) for e in session.exercises for s in e.sets)
        stats.bytes += len(data)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="the sessions folder to fill (e.g. DATA/sessions)")
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--sessions", type=int, default=2600)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    stats = generate(args.folder, years=args.years, sessions=args.sessions, seed=args.seed)
    print(f"{stats.sessions} sessions, {stats.sets} sets, {stats.reps} reps, {stats.bytes / 1e6:.1f} MB in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
