"""How long a set and a whole workout of a plan take, read off the engine's own timeline."""

from __future__ import annotations

from dataclasses import dataclass

from gymtimer.core.plan import Plan
from gymtimer.core.workout import EventKind, Workout


@dataclass(frozen=True, slots=True)
class PlanTimes:
    """Seconds of one set (side switch included), its time under tension, and the whole workout."""

    set_seconds: float
    set_tension_seconds: float
    workout_seconds: float


def plan_times(plan: Plan) -> PlanTimes:
    """Run ``plan`` on the workout engine with nobody touching a key and measure it.

    Asking the engine rather than adding phases up keeps the preview exact
    about details such as the last rep of a side skipping its bottom pause.
    """
    workout = Workout(plan)
    started = workout.start(0.0)  # with no lead-in the set starts here, before any forecast
    horizon = plan.sets * (plan.lead_in + plan.rest + plan.switch_pause + plan.reps_per_set * plan.tempo.rep_seconds)
    set_started = set_finished = workout_finished = None
    for event in [*started, *workout.forecast(0.0, horizon + 1.0)]:
        if event.kind is EventKind.SET_STARTED and set_started is None:
            set_started = event.at
        elif event.kind is EventKind.SET_FINISHED and set_finished is None:
            set_finished = event.at
        elif event.kind is EventKind.WORKOUT_FINISHED:
            workout_finished = event.at
    assert set_started is not None and set_finished is not None and workout_finished is not None
    return PlanTimes(
        set_seconds=set_finished - set_started,
        set_tension_seconds=float(plan.reps_per_set * plan.tempo.tension_seconds),
        workout_seconds=workout_finished,
    )
