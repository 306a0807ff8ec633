"""The body's verdicts on landmark traces of public clips, against the labels: errors counted.

    python benchmarks/body.py [--traces tests/core/traces]

The traces (numbers only: ``dev/gymtimer_dev/landmarks.py`` wrote them from the
clips named in ``benchmarks/realclips.json``) and their labels
(``labels.json`` beside them) are read; no model and no video is needed. For
each labelled rep top: the angles, the verdict and the truth; for each
labelled stretch of a single-leg clip: frames with a foot called raised, the
wrong foot, or none. Then what the live coach costs a frame of the pose model
(``Coach.on_live`` with ``BodySeen``: the frame kept, the floor refreshed, the
leg within the rep looked for) over a single-leg set of six reps at 30 frames a
second. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import msgspec

from gymtimer.core import body
from gymtimer.core.body import Landmarks

TRACES = Path(__file__).resolve().parents[1] / "tests" / "core" / "traces"


def _frames(folder: Path, clip: str) -> list[Landmarks]:
    data = json.loads((folder / f"{clip}.json").read_text(encoding="utf-8"))
    return [msgspec.convert(f, Landmarks) for f in data["frames"] if "left" in f]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traces", type=Path, default=TRACES)
    args = parser.parse_args(argv)
    labels = json.loads((args.traces / "labels.json").read_text(encoding="utf-8"))
    lockout_errors = 0
    print(f"{'clip':28} {'top s':>11} {'shin':>6} {'knee':>6} {'thigh':>6} {'torso':>6}  verdict / truly")
    for label in labels["tops"]:
        frames = _frames(args.traces, label["clip"])
        floor = body.find_floor(frames)
        top = [f for f in frames if label["from"] <= f.t <= label["to"]]
        lockout = body.lockout(top, floor, bench=label["bench"]) if floor is not None else None
        verdict = lockout.verdict if lockout is not None else "not seen"
        wrong = verdict != label["truly"]
        lockout_errors += wrong
        angles = ("{:6.1f} " * 4).format(lockout.shin, lockout.knee, lockout.thigh, lockout.torso) if lockout else " " * 28
        print(f"{label['clip']:28} {label['from']:5.2f}-{label['to']:5.2f} {angles} {verdict}"
              + (f"  ✗ truly {label['truly']}" if wrong else ""))
    raised = {"frames": 0, "false_raised": 0, "wrong_foot": 0, "missed": 0}
    for label in labels["raised"]:
        frames = _frames(args.traces, label["clip"])
        floor = body.find_floor(frames)
        for frame in (f for f in frames if label["from"] <= f.t <= label["to"]):
            said = body.raised_in(frame, floor) if floor is not None else None
            raised["frames"] += 1
            if label["raised"] is None and said is not None:
                raised["false_raised"] += 1
            elif label["raised"] is not None and said is None:
                raised["missed"] += 1
            elif label["raised"] is not None and said != label["raised"]:
                raised["wrong_foot"] += 1
    print(f"raised foot, frame by frame: {raised}")
    cost = _coach_cost(_frames(args.traces, "anvox-single_leg_deadlift"))
    print(f"the coach, a frame of the pose model: median {cost['median_ms']:.3f} ms, slowest {cost['max_ms']:.3f} ms,"
          f" {cost['core_share_30fps'] * 100:.2f} % of one core at 30 frames a second")
    print(json.dumps({"lockout_tops": len(labels["tops"]), "lockout_errors": lockout_errors, **{
        f"raised_{k}": v for k, v in raised.items()}, **{f"coach_{k}": v for k, v in cost.items()}}))
    return 0


def _coach_cost(clip: list[Landmarks]) -> dict[str, float]:
    """Milliseconds the coach takes a ``BodySeen`` frame in a single-leg set (the clip's frames played over and over)."""
    from gymtimer.core.camera_events import BodySeen
    from gymtimer.core.coach import Coach
    from gymtimer.core.plan import Laterality, Plan, Side
    from gymtimer.core.presets import Variation
    from gymtimer.core.tempo import Tempo
    from gymtimer.core.workout import Workout

    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=6, lead_in=0, rest=30,
                laterality=Laterality.PER_LEG)
    workout = Workout(plan, origin=0.0, variation=Variation.SINGLE_LEG, watched=True)
    coach = Coach(workout, planned_lower=3.0, facing=Side.LEFT)
    workout.start(0.0)
    spent: list[float] = []
    for i in range(30 * 30):  # the first 30 s of the set: six reps
        at = i / 30
        frame = clip[i % len(clip)]
        event = BodySeen(at, msgspec.structs.replace(frame, t=at))
        workout.advance(at)
        began = time.perf_counter()
        coach.on_live(at, event)
        spent.append((time.perf_counter() - began) * 1000)
    spent.sort()
    median = spent[len(spent) // 2]
    return {"median_ms": round(median, 4), "max_ms": round(spent[-1], 4),
            "core_share_30fps": round(sum(spent) / len(spent) * 30 / 1000, 5)}


if __name__ == "__main__":
    sys.exit(main())
