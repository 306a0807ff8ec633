"""Small real sessions for the store tests, lifted by the real workout engine on a fake clock."""

from __future__ import annotations

import datetime as dt
import uuid

from gymtimer.core.plan import Laterality, Plan
from gymtimer.core.records import SessionRecord
from gymtimer.core.tempo import Tempo
from gymtimer.core.workout import Workout

START = dt.datetime(2026, 3, 14, 18, 30, tzinfo=dt.UTC)


def lifted_session(
    started_at: dt.datetime = START,
    *,
    laterality: Laterality = Laterality.BOTH,
    sets: int = 2,
    reps: int = 3,
    load: float = 100.0,
    finished: bool = True,
) -> SessionRecord:
    """A session whose one exercise was run to the end by :class:`Workout`."""
    session = SessionRecord(id=uuid.uuid4().hex, started_at=started_at, app_version="0.1.0")
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=sets, reps=reps,
                laterality=laterality, lead_in=3, switch_pause=5, rest=60, load=load)
    workout = Workout(plan, origin=0.0, preset_name="Test preset")
    session.exercises.append(workout.record)
    workout.start(0.0)
    workout.advance(10_000.0)
    assert workout.finished
    if finished:
        session.ended_at = started_at + dt.timedelta(seconds=workout.record.ended)
    return session


def filmed(session: SessionRecord, set_index: int = 0, video: str = "set1.mp4") -> SessionRecord:
    """The session with what a video measured attached to one of its sets (a short rep and a fast one among them)."""
    from gymtimer.core.records import Box, MeasuredSet
    from gymtimer.core.reps import MeasuredRep

    record = session.exercises[0].sets[set_index]
    record.measured = MeasuredSet(
        video=video, box=Box(200, 150, 80, 60), analysed_at=START + dt.timedelta(hours=2),
        reps=[MeasuredRep(start=1.0, lift=1.0, top=1.0, lower=2.1, bottom=0.5, range=40.0, complete=True,
                          lowering_too_fast=False),
              MeasuredRep(start=5.6, lift=0.9, top=0.8, lower=1.2, bottom=None, range=22.0, complete=False,
                          lowering_too_fast=True)],
        planned_lower=2.0, frames=300, fps=30.0,
    )
    return session
