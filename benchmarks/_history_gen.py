"""A made-up training history of any length, built in memory, for benchmarks and demos.

Five sessions a week. Every session has a two-leg barbell hip thrust; sessions
alternate between single-leg and staggered-stance work for the one-leg part.
Loads climb slowly with deloads, the left leg lags now and then, and the
lowering drifts around the planned seconds, so every chart has something to show.
"""

from __future__ import annotations

import datetime as dt
import random

from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import Unit

TRAINING_DAYS = (0, 1, 3, 4, 5)  # Monday, Tuesday, Thursday, Friday, Saturday
_BARBELL = Plan(tempo=Tempo(lift=1, squeeze=2, lower=3, bottom=0), sets=3, reps=8, rest=120, load=60)
_SINGLE = Plan(
    tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=8, laterality=Laterality.PER_LEG, rest=90
)
_STAGGERED = Plan(
    tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=2, reps=6, laterality=Laterality.PER_LEG, rest=90
)


def make_history(
    sessions: int = 2600,
    *,
    end: dt.datetime = dt.datetime(2025, 6, 30, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    seed: int = 5,
) -> list[SessionRecord]:
    """``sessions`` sessions ending on ``end``, oldest first; the same seed gives the same history."""
    rng = random.Random(seed)
    dates: list[dt.datetime] = []
    day = end
    while len(dates) < sessions:
        if day.weekday() in TRAINING_DAYS:
            dates.append(day)
        day -= dt.timedelta(days=1)
    dates.reverse()
    history = []
    for index, started_at in enumerate(dates):
        progress = index / max(1, sessions - 1)
        # Slow progress over the years with a deload every eighth week.
        deload = 0.85 if (index // 5) % 8 == 7 else 1.0
        barbell_load = round((60 + 100 * progress + rng.uniform(-5, 5)) * deload / 2.5) * 2.5
        one_leg_load = round((10 + 30 * progress) * deload / 2.5) * 2.5
        clock = [0.0]
        exercises = [
            _exercise(rng, clock, "Barbell hip thrust 3×8", Variation.BARBELL, _BARBELL, 3, 10 if index % 2 else 8,
                      barbell_load),
        ]
        if index % 2:
            exercises.append(_exercise(rng, clock, "Single-leg hip thrust", Variation.SINGLE_LEG, _SINGLE, 1, 8,
                                       one_leg_load))
        else:
            exercises.append(_exercise(rng, clock, "Staggered-stance hip thrust", Variation.STAGGERED_STANCE,
                                       _STAGGERED, 2, 6, one_leg_load))
        history.append(
            SessionRecord(
                id=f"{started_at:%Y%m%d-%H%M%S}-{index:04d}",
                started_at=started_at,
                app_version="0.0.0",
                exercises=exercises,
                ended_at=started_at + dt.timedelta(seconds=clock[0]),
            )
        )
    return history


def _exercise(rng, clock, name, variation, plan, sets, reps, load) -> ExerciseRecord:
    record = ExerciseRecord(preset_name=name, variation=variation, plan=plan, started=clock[0])
    lagging_left = rng.random() < 0.2
    for number in range(1, sets + 1):
        for side in plan.sides:
            done = reps
            if side is Side.LEFT and lagging_left:
                done = max(1, reps - rng.randint(1, 3))
            set_record = SetRecord(number=number, side=side, target=reps, load=load, unit=Unit.KG, started=clock[0])
            for rep_index in range(done):
                set_record.reps.append(_rep(rng, clock, side, plan.tempo, failed=rep_index == done - 1
                                            and rng.random() < 0.05))
            set_record.ended = clock[0]
            record.sets.append(set_record)
            clock[0] += plan.switch_pause if side is not plan.sides[-1] else plan.rest
    record.ended = clock[0]
    return record


def _rep(rng, clock, side, tempo, failed) -> RepRecord:
    t = clock[0]
    phases = {}
    for phase, planned in ((Phase.LIFT, tempo.lift), (Phase.SQUEEZE, tempo.squeeze), (Phase.LOWER, tempo.lower)):
        phases[phase] = t
        # Lifters rush the lowering more often than they stretch it.
        jitter = rng.gauss(-0.2, 0.3) if phase is Phase.LOWER else rng.gauss(0, 0.1)
        t += max(0.3, planned + jitter)
    clock[0] = t + 0.5
    return RepRecord(side=side, phases=phases, ended=t, failed=failed)


if __name__ == "__main__":
    history = make_history()
    sets = sum(len(e.sets) for s in history for e in s.exercises)
    reps = sum(len(x.reps) for s in history for e in s.exercises for x in e.sets)
    print(f"{len(history)} sessions, {sets} sets, {reps} reps")
