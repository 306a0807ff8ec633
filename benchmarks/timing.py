"""Phase timing of the real Qt driver in a real event loop: lateness, drift, lost or doubled phases.

Run from the installed environment: ``python benchmarks/timing.py [--reps 120]``.
A workout of short phases runs through :class:`gymtimer.live.driver.WorkoutDriver`
(offscreen, real ``time.monotonic()``), once with an idle event loop and once
with the loop kept busy 200 ms out of every second by a disturbing timer.
Every phase start the driver publishes is compared with the plan computed
offline by the same engine, and its lateness is read against the monotonic clock.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt, QTimer

from gymtimer.core.plan import Plan
from gymtimer.core.tempo import Tempo
from gymtimer.core.workout import EventKind, Workout
from gymtimer.live.driver import WorkoutDriver
from gymtimer_dev.figures import percentile


def short_plan(reps: int) -> Plan:
    # 0.2 + 0.1 + 0.3 + 0.1 = 0.7 s a rep, four phase starts a rep; two sets with no rest between
    sets = 2 if reps > 100 else 1
    return Plan(tempo=Tempo(lift=0.2, squeeze=0.1, lower=0.3, bottom=0.1), sets=sets, reps=reps // sets,
                lead_in=0.5, rest=0)


def planned_phase_starts(plan: Plan, origin: float, started: float) -> list[tuple[float, str]]:
    """The plan, worked out offline by the same engine from the same start."""
    workout = Workout(plan, origin=origin)
    events = workout.start(started) + workout.advance(started + 1e6)
    return [(e.at, e.phase.value) for e in events if e.kind is EventKind.PHASE_STARTED]


def run(reps: int, busy: bool) -> dict[str, float]:
    app = QCoreApplication.instance() or QCoreApplication([])
    plan = short_plan(reps)
    driver = WorkoutDriver()
    seen: list[tuple[float, str, float]] = []  # (scheduled at, phase, observed)
    started: list[float] = []
    counted: list[tuple[float, float]] = []

    def on_events(events) -> None:
        observed = time.monotonic()
        for event in events:
            if event.kind is EventKind.WORKOUT_STARTED:
                started.append(event.at)
            if event.kind is EventKind.PHASE_STARTED:
                seen.append((event.at, event.phase.value, observed))
            elif event.kind is EventKind.REP_COUNTED:
                counted.append((event.at, observed))
            elif event.kind is EventKind.WORKOUT_FINISHED:
                QTimer.singleShot(50, app.quit)

    driver.events_happened.connect(on_events)
    disturber = QTimer()
    disturber.setTimerType(Qt.TimerType.PreciseTimer)
    disturber.setInterval(1000)

    def hog() -> None:  # the event loop is blocked 200 ms of every second
        end = time.monotonic() + 0.2
        while time.monotonic() < end:
            pass

    disturber.timeout.connect(hog)
    origin = time.monotonic()
    workout = Workout(plan, origin=origin)
    driver.set_workout(workout)
    driver.start()
    if busy:
        QTimer.singleShot(137, disturber.start)  # out of phase with the workout
    app.exec()
    disturber.stop()
    driver.set_workout(None)

    planned = planned_phase_starts(plan, origin, started[0])
    got = [(at, phase) for at, phase, _ in seen]
    lost = len([p for p in planned if p not in got])
    doubled = len(got) - len(set(got))
    extra = len([g for g in set(got) if g not in planned])
    lateness = [(observed - at) * 1000 for at, _, observed in seen]
    rep_lateness = [(observed - at) * 1000 for at, observed in counted]
    # The plan's own span from the first rep to the last, worked out offline by the same engine:
    # the drift is how far the real run's last rep moved from where the plan puts it.
    reference = Workout(plan, origin=origin)
    reference_events = reference.start(started[0]) + reference.advance(started[0] + 1e6)
    reference_reps = [e.at for e in reference_events if e.kind is EventKind.REP_COUNTED]
    planned_span = reference_reps[-1] - reference_reps[0]
    schedule_drift = ((counted[-1][0] - counted[0][0]) - planned_span) * 1000
    observed_drift = statistics.median(rep_lateness[-10:]) - statistics.median(rep_lateness[:10])
    return {
        "phases": len(seen),
        "reps": len(counted),
        "median_ms": statistics.median(lateness),
        "p99_ms": percentile(lateness, 0.99),
        "max_ms": max(lateness),
        "schedule_drift_ms": schedule_drift,
        "observed_drift_ms": observed_drift,
        "lost_or_doubled": lost + doubled + extra,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=120)
    args = parser.parse_args()
    idle = run(args.reps, busy=False)
    busy = run(args.reps, busy=True)
    print(f"{args.reps} reps, {idle['phases']} phase starts per run, real time, offscreen event loop")
    print(f"{'event loop':<12}{'median':>9}{'p99':>9}{'max':>9}{'sched drift':>13}{'obs drift':>11}{'lost/dbl':>10}")
    for name, r in (("idle", idle), ("busy 200ms/s", busy)):
        print(f"{name:<12}{r['median_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['max_ms']:>9.2f}"
              f"{r['schedule_drift_ms']:>13.3f}{r['observed_drift_ms']:>11.2f}{r['lost_or_doubled']:>10}")
    print("lateness of phase starts in ms against time.monotonic(); sched drift: last rep's scheduled time "
          "minus the first's, against the plan; obs drift: median lateness of the last 10 reps minus the first 10")
    print(json.dumps({
        "idle_p99_ms": round(idle["p99_ms"], 3),
        # drift as seen against the clock: median lateness of the last 10 reps minus the first 10
        "idle_drift_ms": round(idle["observed_drift_ms"], 3),
        "busy_drift_ms": round(busy["observed_drift_ms"], 3),
        "busy_lost_or_doubled": busy["lost_or_doubled"],
        "idle_median_ms": round(idle["median_ms"], 3),
        "idle_max_ms": round(idle["max_ms"], 3),
        "idle_schedule_drift_ms": round(idle["schedule_drift_ms"], 3),
        "busy_schedule_drift_ms": round(busy["schedule_drift_ms"], 3),
        "busy_p99_ms": round(busy["p99_ms"], 3),
        "idle_lost_or_doubled": idle["lost_or_doubled"],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
